/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store.c — the store: schema, open, migrate, connections (helpers: vigil-store-sql.c) */
#include "vigil-store-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <unistd.h>

#include "vigil-html.h"

#define SCHEMA_VERSION 13

G_DEFINE_QUARK (vigil_store_error, vigil_store_error)

G_DEFINE_FINAL_TYPE (VigilStore, vigil_store, G_TYPE_OBJECT)

G_DEFINE_FLAGS_TYPE (VigilStoreChange, vigil_store_change,
                     G_DEFINE_ENUM_VALUE (VIGIL_STORE_CHANGE_SOURCES, "sources"),
                     G_DEFINE_ENUM_VALUE (VIGIL_STORE_CHANGE_ARTICLES, "articles"),
                     G_DEFINE_ENUM_VALUE (VIGIL_STORE_CHANGE_ALERTS, "alerts"),
                     G_DEFINE_ENUM_VALUE (VIGIL_STORE_CHANGE_STORIES, "stories"),
                     G_DEFINE_ENUM_VALUE (VIGIL_STORE_CHANGE_ACCOUNTS, "accounts"),
                     G_DEFINE_ENUM_VALUE (VIGIL_STORE_CHANGE_INDEX, "index"))

static const char *const schema_v1[] = {
  "CREATE TABLE sources ("
  "  id INTEGER PRIMARY KEY,"
  "  url TEXT NOT NULL UNIQUE,"
  "  title TEXT,"
  "  html_url TEXT,"
  "  folder TEXT,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  etag TEXT,"
  "  last_modified TEXT,"
  "  status INTEGER NOT NULL DEFAULT 0,"
  "  error TEXT,"
  "  last_fetch INTEGER NOT NULL DEFAULT 0)",
  "CREATE TABLE articles ("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
  "  guid TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  link TEXT,"
  "  author TEXT,"
  "  published INTEGER,"
  "  updated INTEGER,"
  "  date_is_first_seen INTEGER NOT NULL DEFAULT 0,"
  "  summary TEXT,"
  "  content TEXT,"
  "  categories TEXT,"
  "  lat REAL,"
  "  lon REAL,"
  "  language TEXT,"
  "  score INTEGER NOT NULL DEFAULT 0,"
  "  level TEXT,"
  "  read INTEGER NOT NULL DEFAULT 0,"
  "  first_seen INTEGER NOT NULL,"
  "  sort_time INTEGER NOT NULL,"
  "  UNIQUE (source_id, guid))",
  "CREATE INDEX articles_by_time ON articles (sort_time DESC)",
  "CREATE INDEX articles_by_source_time ON articles (source_id, sort_time DESC)",
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, summary, content, content='articles', content_rowid='id')",
  "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
  "  INSERT INTO articles_fts (rowid, title, summary, content)"
  "  VALUES (new.id, new.title, new.summary, new.content); END",
  "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)"
  "  VALUES ('delete', old.id, old.title, old.summary, old.content); END",
  "CREATE TABLE alerts ("
  "  id INTEGER PRIMARY KEY,"
  "  rule TEXT NOT NULL,"
  "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  matched TEXT,"
  "  created INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'new',"
  "  UNIQUE (rule, article_id))",
  NULL,
};

/* v2: per-source scheduling and back-off, starred articles, retention index. */
static const char *const schema_v2[] = {
  "ALTER TABLE sources ADD COLUMN interval_minutes INTEGER NOT NULL DEFAULT 0",
  "ALTER TABLE sources ADD COLUMN next_attempt INTEGER NOT NULL DEFAULT 0",
  "ALTER TABLE sources ADD COLUMN failures INTEGER NOT NULL DEFAULT 0",
  "ALTER TABLE articles ADD COLUMN starred INTEGER NOT NULL DEFAULT 0",
  "ALTER TABLE articles ADD COLUMN simhash INTEGER",
  "ALTER TABLE articles ADD COLUMN cluster_id INTEGER",
  "ALTER TABLE articles ADD COLUMN entity_names TEXT",
  "ALTER TABLE articles ADD COLUMN annotations TEXT",
  "UPDATE articles SET cluster_id = id",
  "CREATE INDEX articles_by_cluster ON articles (cluster_id)",
  "CREATE INDEX articles_by_first_seen ON articles (first_seen)",
  "CREATE INDEX alerts_by_article ON alerts (article_id)",
  /* The list's order, ties included, straight from the index (paging). */
  "DROP INDEX articles_by_time",
  "DROP INDEX articles_by_source_time",
  "CREATE INDEX articles_by_time ON articles (sort_time DESC, id DESC)",
  "CREATE INDEX articles_by_source_time ON articles (source_id, sort_time DESC, id DESC)",
  /* The index holds visible text, not markup: vigil_html_text() is registered
   * on every connection of the store. */
  "DROP TRIGGER articles_ai",
  "DROP TRIGGER articles_ad",
  "DROP TABLE articles_fts",
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, body, tokenize = 'unicode61 remove_diacritics 2')",
  /* New articles are indexed in batches (vigil_store_index_pending), not one
   * feed at a time: FTS5 builds one segment per transaction, and thousands of
   * tiny segments cost four fifths of the ingest time in merges. */
  "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
  "  DELETE FROM articles_fts WHERE rowid = old.id; END",
  NULL,
};

/* v3: the counts the sidebar asks for after every refresh, from indexes. */
static const char *const schema_v3[] = {
  "CREATE INDEX articles_unread_by_source ON articles (source_id) WHERE read = 0",
  "CREATE INDEX alerts_by_state ON alerts (state)",
  NULL,
};

/* v4: facets — what the analysis found in each article (risk categories,
 * countries, people, organisations, places), one row each, taken from the
 * stored annotations by a trigger: the filter bar and the Today overview count
 * and select by them through an index. */
#define FACETS_FROM(row)                                                                           \
  "INSERT OR IGNORE INTO facets (kind, value, article_id, time)"                                   \
  " SELECT 'category', json_extract (j.value, '$.category'), " row ".id, " row ".sort_time"        \
  " FROM json_each (" row ".annotations, '$.risks') j"                                             \
  " WHERE json_extract (j.value, '$.category') IS NOT NULL;"                                       \
  " INSERT OR IGNORE INTO facets (kind, value, article_id, time)"                                  \
  " SELECT 'country', json_extract (j.value, '$.country'), " row ".id, " row ".sort_time"          \
  " FROM json_each (" row ".annotations, '$.entities') j"                                          \
  " WHERE json_extract (j.value, '$.country') IS NOT NULL;"                                        \
  " INSERT OR IGNORE INTO facets (kind, value, article_id, time)"                                  \
  " SELECT 'country', json_extract (j.value, '$.country'), " row ".id, " row ".sort_time"          \
  " FROM json_each (" row ".annotations, '$.demonyms') j"                                          \
  " WHERE json_extract (j.value, '$.country') IS NOT NULL;"                                        \
  " INSERT OR IGNORE INTO facets (kind, value, article_id, time)"                                  \
  " SELECT json_extract (j.value, '$.type'), json_extract (j.value, '$.canonical'), " row          \
  ".id, " row ".sort_time FROM json_each (" row ".annotations, '$.entities') j"                    \
  " WHERE json_extract (j.value, '$.type') IN ('person', 'organization', 'location')"              \
  " AND json_extract (j.value, '$.canonical') IS NOT NULL;"

static const char *const schema_v4[] = {
  "CREATE TABLE facets ("
  "  kind TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  time INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, value, article_id)) WITHOUT ROWID",
  "CREATE INDEX facets_by_article ON facets (article_id)",
  "CREATE INDEX facets_by_time ON facets (kind, time)",
  "CREATE TRIGGER articles_facets AFTER INSERT ON articles"
  " WHEN json_valid (new.annotations) BEGIN " FACETS_FROM ("new") " END",
  "INSERT OR IGNORE INTO facets (kind, value, article_id, time)"
  " SELECT 'category', json_extract (j.value, '$.category'), a.id, a.sort_time"
  " FROM articles a, json_each (a.annotations, '$.risks') j"
  " WHERE json_valid (a.annotations) AND json_extract (j.value, '$.category') IS NOT NULL",
  "INSERT OR IGNORE INTO facets (kind, value, article_id, time)"
  " SELECT 'country', json_extract (j.value, '$.country'), a.id, a.sort_time"
  " FROM articles a, json_each (a.annotations, '$.entities') j"
  " WHERE json_valid (a.annotations) AND json_extract (j.value, '$.country') IS NOT NULL",
  "INSERT OR IGNORE INTO facets (kind, value, article_id, time)"
  " SELECT json_extract (j.value, '$.type'), json_extract (j.value, '$.canonical'), a.id,"
  " a.sort_time FROM articles a, json_each (a.annotations, '$.entities') j"
  " WHERE json_valid (a.annotations)"
  " AND json_extract (j.value, '$.type') IN ('person', 'organization', 'location')"
  " AND json_extract (j.value, '$.canonical') IS NOT NULL",
  NULL,
};

/* v5: remote images, per source (off unless the desk turns them on). */
static const char *const schema_v5[] = {
  "ALTER TABLE sources ADD COLUMN load_images INTEGER NOT NULL DEFAULT 0",
  NULL,
};

/* v6: nothing lost to a crash or a second writer. Alerts are recorded in the
 * transaction that stores their article, and an article says whether the rules
 * have seen it (rows written before v6 have). A source being read carries the
 * reader's token (see vigil_store_set_source_reader), so a source that brought
 * Vigil down is known at the next start. */
static const char *const schema_v6[] = {
  "ALTER TABLE articles ADD COLUMN alerts_evaluated INTEGER NOT NULL DEFAULT 1",
  "CREATE INDEX articles_unevaluated ON articles (id) WHERE alerts_evaluated = 0",
  "ALTER TABLE sources ADD COLUMN reader INTEGER NOT NULL DEFAULT 0",
  "ALTER TABLE sources ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0",
  NULL,
};

/* v7: when a source was first read successfully. What it published before
 * that was there before the desk watched it: stored and listed, not notified.
 * A source read before v7 was first read when its first article arrived (or,
 * with no article, at its last successful read). */
static const char *const schema_v7[] = {
  "ALTER TABLE sources ADD COLUMN first_fetch INTEGER NOT NULL DEFAULT 0",
  "UPDATE sources SET first_fetch = coalesce ("
  "  (SELECT min (a.first_seen) FROM articles a WHERE a.source_id = sources.id),"
  "  CASE WHEN status IN (1, 2) THEN last_fetch ELSE 0 END)",
  NULL,
};

/* v8: a country named by its people ("Russian forces", "les forces russes")
 * is one of the article's countries for the filter bar, as for country:. */
static const char *const schema_v8[] = {
  "DROP TRIGGER IF EXISTS articles_facets",
  "CREATE TRIGGER articles_facets AFTER INSERT ON articles"
  " WHEN json_valid (new.annotations) BEGIN " FACETS_FROM ("new") " END",
  "INSERT OR IGNORE INTO facets (kind, value, article_id, time)"
  " SELECT 'country', json_extract (j.value, '$.country'), a.id, a.sort_time"
  " FROM articles a, json_each (a.annotations, '$.demonyms') j"
  " WHERE json_valid (a.annotations) AND json_extract (j.value, '$.country') IS NOT NULL",
  NULL,
};

/* v9: reader mode. The full article its web page holds, as Readability found
 * it and the sanitiser kept it (NULL: only the feed's text is known), and per
 * source whether it is fetched on request (0, as every source was before),
 * automatically, or never (VigilFullText). */
static const char *const schema_v9[] = {
  "ALTER TABLE articles ADD COLUMN full_content TEXT",
  "ALTER TABLE sources ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0",
  NULL,
};

/* v10: accounts and sync with a feed server (issue 19). Account 1 is "Local",
 * today's behaviour: Vigil reads its sources itself. The sources of any other
 * account are a sync server's (remote_id is its stream id), and their
 * articles' guid is the server's item id in decimal: a trigger maps them in
 * the transaction that stores them (sync_items). The desk's read and star
 * changes on such articles are queued in sync_actions by triggers, in the
 * transaction that makes the change, unless sync_quiet has a row (the sync
 * engine applying the server's state, inside its own transaction). The
 * account holds no password. */
static const char *const schema_v10[] = {
  "CREATE TABLE accounts ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL DEFAULT 'local',"
  "  name TEXT NOT NULL UNIQUE,"
  "  server_url TEXT,"
  "  user TEXT,"
  "  last_sync INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  continuation TEXT,"
  "  newest_item INTEGER NOT NULL DEFAULT 0)",
  "INSERT INTO accounts (id, kind, name) VALUES (1, 'local', 'Local')",
  "ALTER TABLE sources ADD COLUMN account_id INTEGER NOT NULL DEFAULT 1",
  "ALTER TABLE sources ADD COLUMN remote_id TEXT",
  "ALTER TABLE sources ADD COLUMN remote_url TEXT",
  "CREATE UNIQUE INDEX sources_by_remote ON sources (account_id, remote_id)"
  " WHERE remote_id IS NOT NULL",
  "CREATE TABLE sync_items ("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
  "  account_id INTEGER NOT NULL,"
  "  item_id INTEGER NOT NULL,"
  "  crawl_usec INTEGER," /* when the server got it: mark-all-read's ts */
  "  UNIQUE (account_id, item_id))",
  "CREATE TABLE sync_actions ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL,"
  "  kind TEXT NOT NULL," /* read unread star unstar mark-all-read */
  "  item_id INTEGER,"
  "  stream TEXT,"
  "  arg TEXT,"
  "  created INTEGER NOT NULL," /* microseconds */
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT)",
  "CREATE INDEX sync_actions_by_item ON sync_actions (account_id, item_id)",
  "CREATE TABLE sync_quiet (quiet INTEGER)",
  "CREATE TRIGGER sync_items_map AFTER INSERT ON articles"
  " WHEN (SELECT account_id FROM sources WHERE id = new.source_id) != 1 BEGIN"
  "  INSERT OR IGNORE INTO sync_items (article_id, account_id, item_id)"
  "  SELECT new.id, s.account_id, CAST (new.guid AS INTEGER) FROM sources s"
  "  WHERE s.id = new.source_id; END",
  "CREATE TRIGGER sync_queue_read AFTER UPDATE OF read ON articles"
  " WHEN new.read != old.read AND NOT EXISTS (SELECT 1 FROM sync_quiet) BEGIN"
  "  INSERT INTO sync_actions (account_id, kind, item_id, created)"
  "  SELECT m.account_id, CASE WHEN new.read THEN 'read' ELSE 'unread' END, m.item_id,"
  "  CAST ((julianday ('now') - 2440587.5) * 86400000000 AS INTEGER)"
  "  FROM sync_items m WHERE m.article_id = new.id; END",
  "CREATE TRIGGER sync_queue_star AFTER UPDATE OF starred ON articles"
  " WHEN new.starred != old.starred AND NOT EXISTS (SELECT 1 FROM sync_quiet) BEGIN"
  "  INSERT INTO sync_actions (account_id, kind, item_id, created)"
  "  SELECT m.account_id, CASE WHEN new.starred THEN 'star' ELSE 'unstar' END, m.item_id,"
  "  CAST ((julianday ('now') - 2440587.5) * 86400000000 AS INTEGER)"
  "  FROM sync_items m WHERE m.article_id = new.id; END",
  NULL,
};

/* v11: what a feed says of an item beyond its text (issue 16): its
 * attachments (a JSON array of {url, type, length, title, duration}), the
 * outlet it first appeared in (RSS/Atom <source>), its comments page, its
 * thumbnail and its rights line. NULL: the feed gave none (or the article was
 * stored before). */
static const char *const schema_v11[] = {
  "ALTER TABLE articles ADD COLUMN enclosures TEXT",
  "ALTER TABLE articles ADD COLUMN origin_title TEXT",
  "ALTER TABLE articles ADD COLUMN origin_url TEXT",
  "ALTER TABLE articles ADD COLUMN comments TEXT",
  "ALTER TABLE articles ADD COLUMN thumbnail TEXT",
  "ALTER TABLE articles ADD COLUMN rights TEXT",
  NULL,
};

/* v12: every author of an item (a JSON array of {name, email, uri}; the
 * author column keeps the first, as before), and the image a feed shows for
 * itself (RSS <image>, Atom <logo>/<icon>) with its title. NULL: none known
 * (or stored before). */
static const char *const schema_v12[] = {
  "ALTER TABLE articles ADD COLUMN authors TEXT",
  "ALTER TABLE sources ADD COLUMN image_url TEXT",
  "ALTER TABLE sources ADD COLUMN image_title TEXT",
  NULL,
};

/* v13: an article dated after it came is placed as of when it came (see
 * vigil_article_get_sort_time), its facets too. */
static const char *const schema_v13[] = {
  "UPDATE facets SET time = (SELECT a.first_seen FROM articles a WHERE a.id = facets.article_id)"
  " WHERE article_id IN (SELECT id FROM articles WHERE first_seen > 0 AND sort_time > first_seen)",
  "UPDATE articles SET sort_time = first_seen WHERE first_seen > 0 AND sort_time > first_seen",
  NULL,
};

static const char *const *const migrations[]
    = { schema_v1, schema_v2, schema_v3,  schema_v4,  schema_v5,  schema_v6, schema_v7,
        schema_v8, schema_v9, schema_v10, schema_v11, schema_v12, schema_v13 };

static void
sql_html_text (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  const char *html = (const char *) sqlite3_value_text (argv[0]);
  char *text;

  if (html == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  text = vigil_html_sanitized_to_text (html);
  sqlite3_result_text (ctx, text, -1, g_free);
}

/* An error that SQLite says comes from a damaged file, said as such. */
static void
say_if_damaged (sqlite3 *db, const char *path, GError **error)
{
  int code = sqlite3_errcode (db) & 0xff;

  if (error != NULL && *error != NULL && (code == SQLITE_NOTADB || code == SQLITE_CORRUPT))
    {
      g_autofree char *detail = g_strdup ((*error)->message);
      g_clear_error (error);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   "The article database “%s” is damaged or is not a Vigil database (%s)", path,
                   detail);
    }
}

static sqlite3 *
open_connection (const char *path, GError **error)
{
  sqlite3 *db = NULL;

  /* Serialized: our locks keep transactions apart, but statements are also
   * finalized when they go out of scope, after a lock is released; SQLite's
   * own mutex makes that (and any other stray call) safe against the thread
   * that holds the connection next. */
  if (sqlite3_open_v2 (path, &db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   "Cannot open the article database “%s”: %s", path,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  sqlite3_create_function (db, "vigil_html_text", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           sql_html_text, NULL, NULL);
  /* A 64 MiB page cache and memory-mapped reads keep the full-text index's
   * merges from re-reading pages through the kernel at every commit. The map
   * covers 2 GiB (SQLite caps it where the platform needs): a desk's
   * database passes 256 MiB at about 60,000 articles, and every page read
   * beyond the map was a pread (bench-feeds' ingest of 200,000: 1.58 M of
   * them). Reads only: writes and syncs are as before. */
  if (!store_exec (db,
                   "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; "
                   "PRAGMA mmap_size = 2147483648; PRAGMA temp_store = MEMORY",
                   error))
    {
      say_if_damaged (db, path, error);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static gboolean
migrate (sqlite3 *db, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int version;

  /* Committed writes are durable as WAL with synchronous = NORMAL makes them.
   * The log is copied into the database (and both synced) every 4,000 pages
   * (16 MB with 4 KiB pages) rather than SQLite's 1,000: a quarter of the
   * checkpoints and their syncs while feeds are stored, at no cost to what a
   * commit guarantees (the copy only moves committed pages). Once the store is
   * open, a thread of its own does them instead (start_checkpointer). */
  /* Switching a new database to WAL takes it whole for a moment: another
   * process opening it at the same time (the window and vigil-cli watch) may
   * find it busy, beyond the busy handler's reach; tried again. */
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      if (store_exec (db, "PRAGMA journal_mode = WAL", &local))
        break;
      if (!store_is_busy (db) || attempt + 1 >= BUSY_RETRIES)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_usleep (50000 * (attempt + 1));
    }
  if (!store_exec (db, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 4000", error))
    return FALSE;
  /* Usually current: nothing to write, and no need to wait for another
   * writer. Otherwise the version is read again inside the write transaction:
   * two processes opening a new database at once must not both create it. */
  stmt = store_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == SCHEMA_VERSION)
    return TRUE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!store_begin_write (db, NULL, error))
    return FALSE;
  stmt = store_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    {
      store_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   "The article database is not readable: %s", sqlite3_errmsg (db));
      g_clear_pointer (&stmt, sqlite3_finalize);
      store_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  /* A statement still open on the connection would lock the tables we migrate. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (version > SCHEMA_VERSION)
    {
      store_exec (db, "ROLLBACK", NULL);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FUTURE_SCHEMA,
                   "The article database was written by a newer version of Vigil (schema %d, "
                   "this version knows %d); refusing to open it",
                   version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version == SCHEMA_VERSION)
    return store_exec (db, "ROLLBACK", error);
  /* Forward migrations, all in one transaction: a crash leaves the old version. */
  for (int v = version; v < SCHEMA_VERSION; v++)
    for (int i = 0; migrations[v][i]; i++)
      if (!store_exec (db, migrations[v][i], error))
        {
          store_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
  {
    g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
    if (!store_exec (db, set_version, error) || !store_commit_write (db, error))
      {
        store_exec (db, "ROLLBACK", NULL);
        return FALSE;
      }
  }
  return TRUE;
}

/* Checkpoints. With WAL and synchronous = NORMAL a commit writes its pages to
 * the log and syncs nothing; a checkpoint syncs the log, copies its pages
 * into the database and syncs that. Done by the writer after its commit (as
 * SQLite's automatic checkpoint does), the two syncs were most of the time an
 * ingest waited (bench-feeds: 3.7 s of 11 s). A thread of the store with a
 * connection of its own does them instead, while the writer goes on (a
 * PASSIVE checkpoint copies what was committed when it began and never holds
 * the writer up). What a commit guarantees is unchanged: the pages of a
 * committed transaction are in the log before the commit returns, and a
 * checkpoint only ever copies committed pages.
 *
 * The log then only goes back to its start (rather than growing) when a
 * checkpoint has copied all of it before a write begins; while feeds are
 * stored one after another that is rare, so when the log passes
 * CHECKPOINT_WRITER_PAGES the writer checkpoints what is left itself, as it
 * did before: the thread has copied most of it, and the log starts over.
 * (bench-feeds' ingest pattern, 200,000 articles in feeds of 50: the writer
 * blocked 4.2 s with its own checkpoints every 4,000 pages, 1.2 s with the
 * thread's rounds every 4,000, 0.8 s every 2,000.) */
#define CHECKPOINT_PAGES 2000         /* a round in the thread, every 8 MB of log */
#define CHECKPOINT_WRITER_PAGES 16000 /* the writer's own, at 64 MB */

static gpointer
checkpoint_thread (gpointer data)
{
  VigilStore *self = data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL)
      != SQLITE_OK)
    g_clear_pointer (&db, sqlite3_close);
  else
    {
      /* A connection knows the database is in WAL mode once it has read it. */
      sqlite3_busy_timeout (db, 1000);
      if (!store_exec (db, "SELECT count(*) FROM sqlite_schema", NULL))
        g_clear_pointer (&db, sqlite3_close);
    }
  g_mutex_lock (&self->checkpoint_lock);
  for (;;)
    {
      while (!self->checkpoint_wanted && !self->checkpoint_quit)
        g_cond_wait (&self->checkpoint_cond, &self->checkpoint_lock);
      if (self->checkpoint_quit)
        break;
      self->checkpoint_wanted = FALSE;
      g_mutex_unlock (&self->checkpoint_lock);
      /* Busy (another checkpoint under way, another process's): the next
       * round, or the writer's own, copies it. */
      if (db != NULL)
        sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&self->checkpoint_lock);
    }
  g_mutex_unlock (&self->checkpoint_lock);
  sqlite3_close (db);
  return NULL;
}

/* After each commit of the writer, with frames pages in the log. */
static int
writer_wal_hook (gpointer data, sqlite3 *db, const char *name, int frames)
{
  VigilStore *self = data;

  if (frames >= CHECKPOINT_WRITER_PAGES)
    {
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }
  g_mutex_lock (&self->checkpoint_lock);
  if (frames < self->checkpoint_from)
    self->checkpoint_from = 0; /* the log started over */
  if (frames - self->checkpoint_from >= CHECKPOINT_PAGES)
    {
      self->checkpoint_from = frames;
      self->checkpoint_wanted = TRUE;
      g_cond_signal (&self->checkpoint_cond);
    }
  g_mutex_unlock (&self->checkpoint_lock);
  return SQLITE_OK;
}

static void
start_checkpointer (VigilStore *self)
{
  self->checkpointer = g_thread_new ("vigil-checkpoint", checkpoint_thread, self);
  /* Replaces SQLite's automatic checkpoint on this connection. */
  sqlite3_wal_hook (self->writer, writer_wal_hook, self);
}

static void
stop_checkpointer (VigilStore *self)
{
  if (self->checkpointer == NULL)
    return;
  sqlite3_wal_hook (self->writer, NULL, NULL);
  g_mutex_lock (&self->checkpoint_lock);
  self->checkpoint_quit = TRUE;
  g_cond_signal (&self->checkpoint_cond);
  g_mutex_unlock (&self->checkpoint_lock);
  g_clear_pointer (&self->checkpointer, g_thread_join);
}

static void
vigil_store_finalize (GObject *object)
{
  VigilStore *self = VIGIL_STORE (object);

  /* A clean end: nothing of ours is being read any more. */
  vigil_store_release_own_readers (self);
  if (self->change_source != NULL)
    g_source_destroy (self->change_source);
  g_clear_pointer (&self->change_source, g_source_unref);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->change_lock);
  g_clear_pointer (&self->insert_article, sqlite3_finalize);
  stop_checkpointer (self);
  sqlite3_close (self->main_reader);
  sqlite3_close (self->reader);
  sqlite3_close (self->writer);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->read_lock);
  g_mutex_clear (&self->main_read_lock);
  g_mutex_clear (&self->checkpoint_lock);
  g_cond_clear (&self->checkpoint_cond);
  g_free (self->path);
  G_OBJECT_CLASS (vigil_store_parent_class)->finalize (object);
}

static void
vigil_store_class_init (VigilStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_store_finalize;

  /* VigilStore::changed (what: VigilStoreChange, source_id: gint64): see
   * vigil-store.h. Emitted in the main context the store was created in,
   * after the commit of writes made from any thread; the writes committed
   * since the last emission are said once (vigil-store-changed.c). */
  g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, VIGIL_TYPE_STORE_CHANGE, G_TYPE_INT64);
}

static void
vigil_store_init (VigilStore *self)
{
  self->reader_fd = -1;
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->read_lock);
  g_mutex_init (&self->main_read_lock);
  g_mutex_init (&self->change_lock);
  g_mutex_init (&self->checkpoint_lock);
  g_cond_init (&self->checkpoint_cond);
  self->context = g_main_context_ref_thread_default ();
}

char *
vigil_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigil", "vigil.db", NULL);
}

VigilStore *
vigil_store_new (const char *path, GError **error)
{
  g_autoptr (VigilStore) self = g_object_new (VIGIL_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   "Cannot create the folder “%s” for the article database: %s", dir,
                   g_strerror (errno));
      return NULL;
    }
  self->path = g_strdup (path);
  self->writer = open_connection (path, error);
  if (self->writer != NULL && !migrate (self->writer, error))
    {
      say_if_damaged (self->writer, path, error);
      return NULL;
    }
  if (self->writer == NULL)
    return NULL;
  /* The writer's own page cache 8 MiB rather than 64: its commits and page
   * recycling walk less memory and fault fewer pages in, and its reads come
   * from the map anyway (bench-feeds --ingest-only, 200,000 articles,
   * alternating runs on a shared 2-core machine: 7.1, 7.9, 8.7, 10.9 s of CPU
   * against 9.2, 10.4, 11.9, 12.7 s with 64 MiB). */
  if (!store_exec (self->writer, "PRAGMA cache_size = -8192", error))
    return NULL;
  start_checkpointer (self);
  self->reader = open_connection (path, error);
  if (self->reader == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

char *
vigil_store_move_aside (const char *path, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);
  static const char *const suffixes[] = { "-wal", "-shm" };

  if (g_rename (path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot move “%s” aside: %s",
                   path, g_strerror (saved));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);
      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  return g_steal_pointer (&aside);
}

void
vigil_store_limit_size (VigilStore *self, gint64 bytes)
{
  g_autofree char *sql = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 page_size = 4096;

  g_mutex_lock (&self->write_lock);
  stmt = store_prepare (self->writer, "PRAGMA page_size", NULL);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    page_size = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  /* 0 is not "no limit" to SQLite: the largest page count it allows is. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                         bytes > 0 ? MAX (1, bytes / page_size) : (gint64) 4294967294);
  store_exec (self->writer, sql, NULL);
  g_mutex_unlock (&self->write_lock);
}

sqlite3 *
store_read_begin (VigilStore *self)
{
  /* The UI's thread reads rows and counts while workers read stories,
   * candidates and the sidebar's counts, for seconds in all during a
   * refresh: it reads through the shared reader when that is free, and
   * never waits for it. (Not its own connection always: both would map the
   * same pages of the file.) */
  if (g_main_context_is_owner (self->context))
    {
      if (g_mutex_trylock (&self->read_lock))
        return self->reader;
      g_mutex_lock (&self->main_read_lock);
      if (self->main_reader == NULL && !self->main_reader_failed)
        {
          g_autoptr (GError) error = NULL;

          self->main_reader = open_connection (self->path, &error);
          if (self->main_reader == NULL)
            {
              g_warning ("Reading through the shared connection: %s", error->message);
              self->main_reader_failed = TRUE;
            }
        }
      if (self->main_reader != NULL)
        return self->main_reader;
      g_mutex_unlock (&self->main_read_lock);
    }
  g_mutex_lock (&self->read_lock);
  return self->reader;
}

void
store_read_end (VigilStore *self, sqlite3 *reader)
{
  if (reader != NULL && reader == self->main_reader)
    g_mutex_unlock (&self->main_read_lock);
  else
    g_mutex_unlock (&self->read_lock);
}
