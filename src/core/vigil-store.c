/* vigil-store.c */
#include "vigil-store.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>
#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "vigil-date.h"
#include "vigil-html.h"

#define SCHEMA_VERSION 11

G_DEFINE_QUARK (vigil_store_error, vigil_store_error)

struct _VigilStore
{
  GObject parent_instance;
  char *path;
  sqlite3 *writer;
  sqlite3 *reader;
  GMutex write_lock;
  GMutex read_lock;
  gint64 reader_token; /* this store's, once it has read a source (0: not yet) */
  int reader_fd;       /* the lock on the token's file */
};

G_DEFINE_FINAL_TYPE (VigilStore, vigil_store, G_TYPE_OBJECT)

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

static const char *const *const migrations[]
    = { schema_v1, schema_v2, schema_v3, schema_v4,  schema_v5, schema_v6,
        schema_v7, schema_v8, schema_v9, schema_v10, schema_v11 };

static gboolean
set_sqlite_error (GError **error, sqlite3 *db, const char *what)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY, "%s: %s", what,
               sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3 *db, const char *sql, GError **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY, "%s",
                   msg ? msg : "SQL error");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, "Cannot prepare query");
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Another process (vigil-cli watch beside the window, a second window) may hold
 * the database's write lock for longer than the busy timeout: writes that
 * matter are tried again for about a minute before they fail, never dropped. */
#define BUSY_RETRIES 12

static gboolean
is_busy (sqlite3 *db)
{
  int code = sqlite3_errcode (db) & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/* lock (optional): the store's write lock, held by the caller; let go while
 * waiting between attempts, so that the window's own writes are not queued
 * behind a worker that waits for another process. */
static gboolean
begin_write (sqlite3 *db, GMutex *lock, GError **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      if (exec (db, "BEGIN IMMEDIATE", &local))
        return TRUE;
      if (!is_busy (db) || attempt + 1 >= BUSY_RETRIES)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (lock)
        g_mutex_unlock (lock);
      g_usleep (50000 * (attempt + 1));
      if (lock)
        g_mutex_lock (lock);
    }
}

static gboolean
commit_write (sqlite3 *db, GError **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      if (exec (db, "COMMIT", &local))
        return TRUE;
      if (!is_busy (db) || attempt + 1 >= BUSY_RETRIES)
        {
          exec (db, "ROLLBACK", NULL);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_usleep (50000 * (attempt + 1));
    }
}

/* One statement outside a transaction, tried again while the database is busy. */
static int
step_retry (sqlite3 *db, sqlite3_stmt *stmt)
{
  int rc = SQLITE_ERROR;

  for (guint attempt = 0; attempt < BUSY_RETRIES; attempt++)
    {
      rc = sqlite3_step (stmt);
      if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        break;
      sqlite3_reset (stmt);
      g_usleep (50000 * (attempt + 1));
    }
  return rc;
}

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
   * merges from re-reading pages through the kernel at every commit. */
  if (!exec (db,
             "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; "
             "PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY",
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

  if (!exec (db, "PRAGMA journal_mode = WAL", error)
      || !exec (db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  /* Usually current: nothing to write, and no need to wait for another
   * writer. Otherwise the version is read again inside the write transaction:
   * two processes opening a new database at once must not both create it. */
  stmt = prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == SCHEMA_VERSION)
    return TRUE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!begin_write (db, NULL, error))
    return FALSE;
  stmt = prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    {
      exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   "The article database is not readable: %s", sqlite3_errmsg (db));
      g_clear_pointer (&stmt, sqlite3_finalize);
      exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  /* A statement still open on the connection would lock the tables we migrate. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (version > SCHEMA_VERSION)
    {
      exec (db, "ROLLBACK", NULL);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FUTURE_SCHEMA,
                   "The article database was written by a newer version of Vigil (schema %d, "
                   "this version knows %d); refusing to open it",
                   version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version == SCHEMA_VERSION)
    return exec (db, "ROLLBACK", error);
  /* Forward migrations, all in one transaction: a crash leaves the old version. */
  for (int v = version; v < SCHEMA_VERSION; v++)
    for (int i = 0; migrations[v][i]; i++)
      if (!exec (db, migrations[v][i], error))
        {
          exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
  {
    g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
    if (!exec (db, set_version, error) || !commit_write (db, error))
      {
        exec (db, "ROLLBACK", NULL);
        return FALSE;
      }
  }
  return TRUE;
}

static void
vigil_store_finalize (GObject *object)
{
  VigilStore *self = VIGIL_STORE (object);

  /* A clean end: nothing of ours is being read any more. */
  vigil_store_release_own_readers (self);
  sqlite3_close (self->reader);
  sqlite3_close (self->writer);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->read_lock);
  g_free (self->path);
  G_OBJECT_CLASS (vigil_store_parent_class)->finalize (object);
}

static void
vigil_store_class_init (VigilStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_store_finalize;
}

static void
vigil_store_init (VigilStore *self)
{
  self->reader_fd = -1;
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->read_lock);
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
  stmt = prepare (self->writer, "PRAGMA page_size", NULL);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    page_size = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  /* 0 is not "no limit" to SQLite: the largest page count it allows is. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                         bytes > 0 ? MAX (1, bytes / page_size) : (gint64) 4294967294);
  exec (self->writer, sql, NULL);
  g_mutex_unlock (&self->write_lock);
}

static void
bind_text (sqlite3_stmt *stmt, int col, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

static char *
col_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);
  return t ? g_strdup ((const char *) t) : NULL;
}

static GDateTime *
col_date (sqlite3_stmt *stmt, int col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, col));
}

/* ---- sources ---- */

gint64
vigil_store_add_source (VigilStore *self, const char *url, const char *title, const char *html_url,
                        const char *folder, GError **error)
{
  g_autoptr (sqlite3_stmt) ins = NULL;
  g_autoptr (sqlite3_stmt) sel = NULL;
  gint64 id = 0;

  g_mutex_lock (&self->write_lock);
  ins = prepare (self->writer,
                 "INSERT OR IGNORE INTO sources (url, title, html_url, folder) VALUES (?, ?, ?, ?)",
                 error);
  sel = prepare (self->writer, "SELECT id FROM sources WHERE url = ?", error);
  if (ins && sel)
    {
      bind_text (ins, 1, url);
      bind_text (ins, 2, title);
      bind_text (ins, 3, html_url);
      bind_text (ins, 4, folder);
      if (sqlite3_step (ins) != SQLITE_DONE)
        set_sqlite_error (error, self->writer, "Cannot add the source");
      else
        {
          bind_text (sel, 1, url);
          if (sqlite3_step (sel) == SQLITE_ROW)
            id = sqlite3_column_int64 (sel, 0);
        }
    }
  g_mutex_unlock (&self->write_lock);
  return id;
}

#define SOURCE_COLUMNS                                                                             \
  "s.id, s.url, s.title, s.html_url, s.folder, s.enabled, s.etag, s.last_modified, s.status, "     \
  "s.error, s.last_fetch, s.interval_minutes, s.next_attempt, s.failures, "                        \
  "(SELECT count(*) FROM articles a WHERE a.source_id = s.id AND a.read = 0), s.load_images, "     \
  "s.interrupted, s.first_fetch, s.full_text, s.account_id, s.remote_id, s.remote_url"

static VigilSource *
source_from_row (sqlite3_stmt *stmt)
{
  VigilSource *s = vigil_source_new ();

  s->id = sqlite3_column_int64 (stmt, 0);
  s->url = col_text (stmt, 1);
  s->title = col_text (stmt, 2);
  s->html_url = col_text (stmt, 3);
  s->folder = col_text (stmt, 4);
  s->enabled = sqlite3_column_int (stmt, 5);
  s->etag = col_text (stmt, 6);
  s->last_modified = col_text (stmt, 7);
  s->status = sqlite3_column_int (stmt, 8);
  s->error = col_text (stmt, 9);
  s->last_fetch = sqlite3_column_int64 (stmt, 10);
  s->interval_minutes = sqlite3_column_int (stmt, 11);
  s->next_attempt = sqlite3_column_int64 (stmt, 12);
  s->failures = sqlite3_column_int (stmt, 13);
  s->unread = sqlite3_column_int (stmt, 14);
  s->load_images = sqlite3_column_int (stmt, 15);
  s->interrupted = (guint) sqlite3_column_int (stmt, 16);
  s->first_fetch = sqlite3_column_int64 (stmt, 17);
  s->full_text = (VigilFullText) CLAMP (sqlite3_column_int (stmt, 18), VIGIL_FULL_TEXT_ON_REQUEST,
                                        VIGIL_FULL_TEXT_SUMMARY);
  s->account_id = sqlite3_column_int64 (stmt, 19);
  s->remote_id = col_text (stmt, 20);
  s->remote_url = col_text (stmt, 21);
  return s;
}

GPtrArray *
vigil_store_list_sources (VigilStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (
      self->reader,
      "SELECT " SOURCE_COLUMNS " FROM sources s ORDER BY s.folder, s.title COLLATE NOCASE", error);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (result, source_from_row (stmt));
  g_mutex_unlock (&self->read_lock);
  return result;
}

VigilSource *
vigil_store_get_source (VigilStore *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  VigilSource *result = NULL;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT " SOURCE_COLUMNS " FROM sources s WHERE s.id = ?", error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        result = source_from_row (stmt);
      else
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                     "No source with id %" G_GINT64_FORMAT, id);
    }
  g_mutex_unlock (&self->read_lock);
  return result;
}

gint64
vigil_store_count_sources (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT count(*) FROM sources", NULL);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  g_mutex_unlock (&self->read_lock);
  return n;
}

gboolean
vigil_store_update_source (VigilStore *self, VigilSource *source, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = prepare (
      self->writer,
      /* The fetch state only: what the desk edits (title, folder, interval,
       * images) may have changed while this source was being fetched. A
       * title is filled in when the source has none. */
      "UPDATE sources SET url = ?1, title = coalesce (nullif (title, ''), ?2), html_url = ?3, "
      "enabled = ?5, etag = ?6, last_modified = ?7, status = ?8, error = ?9, last_fetch = ?10, "
      "next_attempt = ?12, failures = ?13, interrupted = ?15, "
      /* the earliest first read wins: two processes may both read it first */
      "first_fetch = CASE WHEN first_fetch = 0 OR (?16 > 0 AND ?16 < first_fetch) THEN ?16"
      " ELSE first_fetch END WHERE id = ?14",
      error);
  if (stmt)
    {
      bind_text (stmt, 1, source->url);
      bind_text (stmt, 2, source->title);
      bind_text (stmt, 3, source->html_url);
      sqlite3_bind_int (stmt, 5, source->enabled);
      bind_text (stmt, 6, source->etag);
      bind_text (stmt, 7, source->last_modified);
      sqlite3_bind_int (stmt, 8, source->status);
      bind_text (stmt, 9, source->error);
      sqlite3_bind_int64 (stmt, 10, source->last_fetch);
      sqlite3_bind_int64 (stmt, 12, source->next_attempt);
      sqlite3_bind_int (stmt, 13, source->failures);
      sqlite3_bind_int64 (stmt, 14, source->id);
      sqlite3_bind_int (stmt, 15, (int) source->interrupted);
      sqlite3_bind_int64 (stmt, 16, source->first_fetch);
      ok = step_retry (self->writer, stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot update the source");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_edit_source (VigilStore *self, gint64 id, const char *title, const char *folder,
                         guint interval_minutes, gboolean load_images, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer,
                  "UPDATE sources SET title = ?, folder = ?, interval_minutes = ?, load_images = ?"
                  " WHERE id = ?",
                  error);
  if (stmt)
    {
      g_autofree char *t = g_strstrip (g_strdup (title ? title : ""));
      g_autofree char *f = g_strstrip (g_strdup (folder ? folder : ""));
      bind_text (stmt, 1, *t ? t : NULL);
      bind_text (stmt, 2, *f ? f : NULL);
      sqlite3_bind_int (stmt, 3, (int) MIN (interval_minutes, 10080));
      sqlite3_bind_int (stmt, 4, load_images ? 1 : 0);
      sqlite3_bind_int64 (stmt, 5, id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot change the source");
      else if (sqlite3_changes (self->writer) == 0)
        {
          ok = FALSE;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                       "No source with id %" G_GINT64_FORMAT, id);
        }
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_set_source_full_text (VigilStore *self, gint64 id, VigilFullText mode, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (mode <= VIGIL_FULL_TEXT_SUMMARY, FALSE);
  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer, "UPDATE sources SET full_text = ? WHERE id = ?", error);
  if (stmt)
    {
      sqlite3_bind_int (stmt, 1, (int) mode);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = step_retry (self->writer, stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot change the source");
      else if (sqlite3_changes (self->writer) == 0)
        {
          ok = FALSE;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                       "No source with id %" G_GINT64_FORMAT, id);
        }
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_set_full_content (VigilStore *self, VigilArticle *article, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) index = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  if (!begin_write (self->writer, &self->write_lock, error))
    {
      g_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  stmt = prepare (self->writer,
                  "UPDATE articles SET full_content = ?, score = ?, level = ?, annotations = ?,"
                  " entity_names = ?, language = coalesce (language, ?) WHERE id = ?",
                  error);
  /* Search finds what the full article says (if the article is not indexed
   * yet, the next batch indexes its full article). */
  index
      = stmt ? prepare (self->writer,
                        "UPDATE articles_fts SET body = vigil_html_text (?) WHERE rowid = ?", error)
             : NULL;
  if (stmt && index)
    {
      bind_text (stmt, 1, article->full_content);
      sqlite3_bind_int (stmt, 2, article->score);
      bind_text (stmt, 3, article->level);
      bind_text (stmt, 4, article->annotations);
      bind_text (stmt, 5, article->entity_names);
      bind_text (stmt, 6, article->language);
      sqlite3_bind_int64 (stmt, 7, article->id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot store the full article");
      else if (sqlite3_changes (self->writer) == 0)
        {
          ok = FALSE;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                       "No article with id %" G_GINT64_FORMAT, article->id);
        }
      if (ok)
        {
          bind_text (index, 1, article->full_content);
          sqlite3_bind_int64 (index, 2, article->id);
          ok = sqlite3_step (index) == SQLITE_DONE;
          if (!ok)
            set_sqlite_error (error, self->writer, "Cannot index the full article");
        }
    }
  if (ok)
    ok = commit_write (self->writer, error);
  else
    exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

/* ---- articles ---- */

/* The alerts of the i-th article, or NULL. */
static GPtrArray *
alerts_of (GPtrArray *alerts, guint i)
{
  return alerts ? g_ptr_array_index (alerts, i) : NULL;
}

/* Every alert of the batch back to "not recorded" (the transaction failed). */
static void
alerts_not_recorded (GPtrArray *alerts)
{
  for (guint i = 0; alerts && i < alerts->len; i++)
    for (guint m = 0; alerts_of (alerts, i) && m < alerts_of (alerts, i)->len; m++)
      ((VigilStoryAlert *) g_ptr_array_index (alerts_of (alerts, i), m))->inserted = FALSE;
}

static gboolean record_story_alert (VigilStore *self, sqlite3_stmt **stmts, gint64 article_id,
                                    gint64 cluster_id, VigilStoryAlert *alert, GError **error);
static void finalize_alert_statements (sqlite3_stmt **stmts);

gboolean
vigil_store_ingest (VigilStore *self, gint64 source_id, GPtrArray *articles, GPtrArray **out_new,
                    GError **error)
{
  return vigil_store_ingest_evaluated (self, source_id, articles, NULL, out_new, error);
}

VigilStoryAlert *
vigil_story_alert_new (const char *rule, const char *matched)
{
  VigilStoryAlert *alert = g_new0 (VigilStoryAlert, 1);
  alert->rule = g_strdup (rule);
  alert->matched = g_strdup (matched);
  return alert;
}

void
vigil_story_alert_free (VigilStoryAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->rule);
  g_free (alert->matched);
  g_free (alert);
}

/* An item's attachments as stored: a JSON array, or NULL for none. */
static char *
enclosures_to_json (GPtrArray *enclosures)
{
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonGenerator) gen = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (enclosures == NULL || enclosures->len == 0)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < enclosures->len; i++)
    {
      VigilEnclosure *e = g_ptr_array_index (enclosures, i);
      if (e->url == NULL)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "url");
      json_builder_add_string_value (b, e->url);
      if (e->type)
        {
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, e->type);
        }
      json_builder_set_member_name (b, "length");
      json_builder_add_int_value (b, e->length);
      if (e->title)
        {
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, e->title);
        }
      json_builder_set_member_name (b, "duration");
      json_builder_add_int_value (b, e->duration);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
enclosures_from_json (GPtrArray *out, const char *json)
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || *json == '\0')
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY (root = json_parser_get_root (parser)))
    return;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      VigilEnclosure *e;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      if (!json_object_has_member (o, "url"))
        continue;
      e = g_new0 (VigilEnclosure, 1);
      e->url = g_strdup (json_object_get_string_member (o, "url"));
      e->type = g_strdup (json_object_get_string_member_with_default (o, "type", NULL));
      e->length = json_object_get_int_member_with_default (o, "length", -1);
      e->title = g_strdup (json_object_get_string_member_with_default (o, "title", NULL));
      e->duration = json_object_get_int_member_with_default (o, "duration", -1);
      g_ptr_array_add (out, e);
    }
}

gboolean
vigil_store_ingest_evaluated (VigilStore *self, gint64 source_id, GPtrArray *articles,
                              GPtrArray *alerts, GPtrArray **out_new, GError **error)
{
  sqlite3_stmt *alert_stmts[3] = { NULL, NULL, NULL };
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) cluster_stmt = NULL;
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean ok = TRUE;

  g_return_val_if_fail (alerts == NULL || alerts->len == articles->len, FALSE);
  g_mutex_lock (&self->write_lock);
  if (!begin_write (self->writer, &self->write_lock, error))
    {
      g_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  stmt = prepare (self->writer,
                  "INSERT INTO articles (source_id, guid, title, link, author, published, updated, "
                  "date_is_first_seen, summary, content, categories, lat, lon, language, score, "
                  "level, first_seen, sort_time, simhash, cluster_id, entity_names, annotations, "
                  "alerts_evaluated, enclosures, origin_title, origin_url, comments, thumbnail, "
                  "rights) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                  "ON CONFLICT (source_id, guid) DO NOTHING",
                  error);
  ok = stmt != NULL;
  for (guint i = 0; ok && i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      g_autofree char *categories = NULL;

      if (a->first_seen == 0)
        a->first_seen = now;
      g_ptr_array_add (a->categories, NULL);
      categories = g_strjoinv ("\n", (char **) a->categories->pdata);
      g_ptr_array_remove_index (a->categories, a->categories->len - 1);

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      sqlite3_bind_int64 (stmt, 1, source_id);
      bind_text (stmt, 2, a->guid);
      bind_text (stmt, 3, a->title ? a->title : "");
      bind_text (stmt, 4, a->link);
      bind_text (stmt, 5, a->author);
      if (a->published)
        sqlite3_bind_int64 (stmt, 6, g_date_time_to_unix (a->published));
      if (a->updated)
        sqlite3_bind_int64 (stmt, 7, g_date_time_to_unix (a->updated));
      sqlite3_bind_int (stmt, 8, a->date_is_first_seen);
      bind_text (stmt, 9, a->summary);
      bind_text (stmt, 10, a->content);
      bind_text (stmt, 11, categories);
      if (a->has_geo)
        {
          sqlite3_bind_double (stmt, 12, a->lat);
          sqlite3_bind_double (stmt, 13, a->lon);
        }
      bind_text (stmt, 14, a->language);
      sqlite3_bind_int (stmt, 15, a->score);
      bind_text (stmt, 16, a->level);
      sqlite3_bind_int64 (stmt, 17, a->first_seen);
      sqlite3_bind_int64 (stmt, 18, vigil_article_get_time (a));
      sqlite3_bind_int64 (stmt, 19, (gint64) a->simhash);
      if (a->cluster_id > 0)
        sqlite3_bind_int64 (stmt, 20, a->cluster_id);
      bind_text (stmt, 21, a->entity_names);
      bind_text (stmt, 22, a->annotations);
      sqlite3_bind_int (stmt, 23, alerts != NULL);
      {
        g_autofree char *enclosures = enclosures_to_json (a->enclosures);
        bind_text (stmt, 24, enclosures);
      }
      bind_text (stmt, 25, a->origin_title);
      bind_text (stmt, 26, a->origin_url);
      bind_text (stmt, 27, a->comments);
      bind_text (stmt, 28, a->thumbnail);
      bind_text (stmt, 29, a->rights);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot store the article");
      else if (sqlite3_changes (self->writer) == 1)
        {
          a->id = sqlite3_last_insert_rowid (self->writer);
          a->source_id = source_id;
          if (a->cluster_id <= 0)
            {
              /* A story of its own: named after its first article. */
              a->cluster_id = a->id;
              if (cluster_stmt == NULL)
                cluster_stmt = prepare (self->writer,
                                        "UPDATE articles SET cluster_id = id WHERE id = ?", error);
              ok = cluster_stmt != NULL;
              if (ok)
                {
                  sqlite3_reset (cluster_stmt);
                  sqlite3_bind_int64 (cluster_stmt, 1, a->id);
                  if (sqlite3_step (cluster_stmt) != SQLITE_DONE)
                    ok = set_sqlite_error (error, self->writer, "Cannot store the article");
                }
            }
          g_ptr_array_add (added, g_object_ref (a));
          /* Its alerts, in the same transaction: a crash stores both or neither. */
          for (guint m = 0; ok && alerts_of (alerts, i) && m < alerts_of (alerts, i)->len; m++)
            ok = record_story_alert (self, alert_stmts, a->id, a->cluster_id,
                                     g_ptr_array_index (alerts_of (alerts, i), m), error);
        }
    }
  finalize_alert_statements (alert_stmts);
  if (ok)
    ok = commit_write (self->writer, error);
  if (!ok)
    {
      exec (self->writer, "ROLLBACK", NULL);
      for (guint i = 0; i < added->len; i++)
        ((VigilArticle *) g_ptr_array_index (added, i))->id = 0;
      alerts_not_recorded (alerts);
    }
  g_mutex_unlock (&self->write_lock);
  if (ok && out_new)
    *out_new = g_steal_pointer (&added);
  return ok;
}

#define ARTICLE_HEADER_COLUMNS                                                                     \
  "a.id, a.source_id, s.title, a.guid, a.title, a.link, a.author, a.published, a.updated, "        \
  "a.date_is_first_seen, a.lat, a.lon, a.language, a.score, a.level, a.read, a.first_seen, "       \
  "a.starred, a.cluster_id, a.simhash, "                                                           \
  "(SELECT count(*) FROM articles c WHERE c.cluster_id = a.cluster_id), a.entity_names"

/* Columns after the header's */
#define ARTICLE_HEADER_N 22

static VigilArticle *
article_from_row (sqlite3_stmt *stmt)
{
  VigilArticle *a = vigil_article_new ();

  a->id = sqlite3_column_int64 (stmt, 0);
  a->source_id = sqlite3_column_int64 (stmt, 1);
  a->source_title = col_text (stmt, 2);
  a->guid = col_text (stmt, 3);
  a->title = col_text (stmt, 4);
  a->link = col_text (stmt, 5);
  a->author = col_text (stmt, 6);
  a->published = col_date (stmt, 7);
  a->updated = col_date (stmt, 8);
  a->date_is_first_seen = sqlite3_column_int (stmt, 9);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    {
      a->has_geo = TRUE;
      a->lat = sqlite3_column_double (stmt, 10);
      a->lon = sqlite3_column_double (stmt, 11);
    }
  a->language = col_text (stmt, 12);
  a->score = sqlite3_column_int (stmt, 13);
  a->level = col_text (stmt, 14);
  a->read = sqlite3_column_int (stmt, 15);
  a->first_seen = sqlite3_column_int64 (stmt, 16);
  a->starred = sqlite3_column_int (stmt, 17);
  a->cluster_id = sqlite3_column_int64 (stmt, 18);
  a->simhash = (guint64) sqlite3_column_int64 (stmt, 19);
  a->cluster_size = sqlite3_column_int (stmt, 20);
  a->entity_names = col_text (stmt, 21);
  return a;
}

/* The articles of a view (a source, all, the alerted ones), as SQL over a
 * table alias ("", "a.", "b."); the source id is always parameter ?1. Only
 * these constant fragments are ever put in SQL text. */
static const char *
view_condition (gint64 view, const char *alias)
{
  static const char *const fragments[][3] = {
    /* all */ { "?1 = ?1", "?1 = ?1", "?1 = ?1" },
    /* source */ { "source_id = ?1", "a.source_id = ?1", "b.source_id = ?1" },
    /* alerts */
    { "?1 = ?1 AND id IN (SELECT article_id FROM alerts WHERE state != 'dismissed')",
      "?1 = ?1 AND a.id IN (SELECT article_id FROM alerts WHERE state != 'dismissed')",
      "?1 = ?1 AND b.id IN (SELECT article_id FROM alerts WHERE state != 'dismissed')" },
    /* unread */ { "?1 = ?1 AND read = 0", "?1 = ?1 AND a.read = 0", "?1 = ?1 AND b.read = 0" },
    /* starred */
    { "?1 = ?1 AND starred = 1", "?1 = ?1 AND a.starred = 1", "?1 = ?1 AND b.starred = 1" },
    /* high risk */
    { "?1 = ?1 AND level IN ('high', 'critical')", "?1 = ?1 AND a.level IN ('high', 'critical')",
      "?1 = ?1 AND b.level IN ('high', 'critical')" },
    /* today */
    { "?1 = ?1 AND sort_time >= CAST(strftime('%s', 'now') AS INTEGER) - 86400",
      "?1 = ?1 AND a.sort_time >= CAST(strftime('%s', 'now') AS INTEGER) - 86400",
      "?1 = ?1 AND b.sort_time >= CAST(strftime('%s', 'now') AS INTEGER) - 86400" },
  };
  guint row;
  guint col = g_str_equal (alias, "a.") ? 1 : g_str_equal (alias, "b.") ? 2 : 0;

  switch (view)
    {
    case VIGIL_VIEW_ALL:
      row = 0;
      break;
    case VIGIL_VIEW_ALERTS:
      row = 2;
      break;
    case VIGIL_VIEW_UNREAD:
      row = 3;
      break;
    case VIGIL_VIEW_STARRED:
      row = 4;
      break;
    case VIGIL_VIEW_HIGH:
      row = 5;
      break;
    case VIGIL_VIEW_TODAY:
      row = 6;
      break;
    default:
      row = view > 0 ? 1 : 0;
    }
  return fragments[row][col];
}

/* The filter bar's narrowing, as SQL over the same alias: constant fragments
 * only, their values bound as parameters ?11 to ?14 (bind_filter). */
static char *
filter_condition (const VigilArticleFilter *filter, const char *alias)
{
  GString *sql = g_string_new ("");

  if (filter == NULL)
    return g_string_free (sql, FALSE);
  if (filter->min_level > 0)
    g_string_append_printf (sql,
                            " AND (CASE %1$slevel WHEN 'critical' THEN 3 WHEN 'high' THEN 2"
                            " WHEN 'elevated' THEN 1 ELSE 0 END) >= ?11",
                            alias);
  if (filter->category && *filter->category)
    g_string_append_printf (sql,
                            " AND %sid IN (SELECT article_id FROM facets"
                            " WHERE kind = 'category' AND value = ?12)",
                            alias);
  if (filter->country && *filter->country)
    g_string_append_printf (sql,
                            " AND %sid IN (SELECT article_id FROM facets"
                            " WHERE kind = 'country' AND value = ?13)",
                            alias);
  if (filter->since > 0)
    g_string_append_printf (sql, " AND %ssort_time >= ?14", alias);
  if (filter->rule && *filter->rule)
    g_string_append_printf (sql,
                            " AND %sid IN (SELECT article_id FROM alerts"
                            " WHERE rule = ?15 AND state != 'dismissed')",
                            alias);
  if (filter->until > 0)
    g_string_append_printf (sql, " AND %ssort_time <= ?16", alias);
  return g_string_free (sql, FALSE);
}

static void
bind_filter (sqlite3_stmt *stmt, const VigilArticleFilter *filter)
{
  if (filter == NULL)
    return;
  if (filter->min_level > 0)
    sqlite3_bind_int (stmt, 11, filter->min_level);
  if (filter->category && *filter->category)
    bind_text (stmt, 12, filter->category);
  if (filter->country && *filter->country)
    bind_text (stmt, 13, filter->country);
  if (filter->since > 0)
    sqlite3_bind_int64 (stmt, 14, filter->since);
  if (filter->rule && *filter->rule)
    bind_text (stmt, 15, filter->rule);
  if (filter->until > 0)
    sqlite3_bind_int64 (stmt, 16, filter->until);
}

gboolean
vigil_article_filter_is_empty (const VigilArticleFilter *filter)
{
  return filter == NULL
         || (filter->min_level <= 0 && (filter->category == NULL || !*filter->category)
             && (filter->country == NULL || !*filter->country) && filter->since <= 0
             && (filter->rule == NULL || !*filter->rule) && filter->until <= 0);
}

GPtrArray *
vigil_store_list_articles_page (VigilStore *self, gint64 source_id, guint offset, guint limit,
                                GError **error)
{
  return vigil_store_list_articles_page_filtered (self, source_id, NULL, offset, limit, error);
}

GPtrArray *
vigil_store_list_articles_page_filtered (VigilStore *self, gint64 source_id,
                                         const VigilArticleFilter *filter, guint offset,
                                         guint limit, GError **error)
{
  g_autofree char *narrow = filter_condition (filter, "");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->read_lock);
  /* The page's ids come from the covering index alone (skipping is cheap
   * there); only the page's own rows are read and joined. Two statements, so
   * that each uses its index. */
  {
    g_autofree char *sql = g_strdup_printf (
        "SELECT " ARTICLE_HEADER_COLUMNS " FROM (SELECT id FROM articles WHERE %s%s"
        "       ORDER BY sort_time DESC, id DESC LIMIT ?2 OFFSET ?3) p"
        " JOIN articles a ON a.id = p.id JOIN sources s ON s.id = a.source_id"
        " ORDER BY a.sort_time DESC, a.id DESC",
        view_condition (source_id, ""), narrow);
    stmt = prepare (self->reader, sql, error);
  }
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, source_id);
      sqlite3_bind_int64 (stmt, 2, limit);
      sqlite3_bind_int64 (stmt, 3, offset);
      bind_filter (stmt, filter);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (result, article_from_row (stmt));
    }
  g_mutex_unlock (&self->read_lock);
  return result;
}

GPtrArray *
vigil_store_list_articles (VigilStore *self, gint64 source_id, GError **error)
{
  return vigil_store_list_articles_page (self, source_id, 0, G_MAXINT, error);
}

gint64
vigil_store_article_position (VigilStore *self, gint64 source_id, gint64 article_id)
{
  return vigil_store_article_position_filtered (self, source_id, NULL, article_id);
}

gint64
vigil_store_article_position_filtered (VigilStore *self, gint64 source_id,
                                       const VigilArticleFilter *filter, gint64 article_id)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *narrow_a = filter_condition (filter, "a.");
  g_autofree char *narrow_b = filter_condition (filter, "b.");
  gint64 position = -1;

  g_mutex_lock (&self->read_lock);
  {
    g_autofree char *sql = g_strdup_printf (
        "SELECT (SELECT count(*) FROM articles b WHERE %s%s AND "
        "(b.sort_time > a.sort_time OR (b.sort_time = a.sort_time AND b.id > a.id))) "
        "FROM articles a WHERE a.id = ?2 AND %s%s",
        view_condition (source_id, "b."), narrow_b, view_condition (source_id, "a."), narrow_a);
    stmt = prepare (self->reader, sql, NULL);
  }
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, source_id);
      sqlite3_bind_int64 (stmt, 2, article_id);
      bind_filter (stmt, filter);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        position = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return position;
}

VigilArticle *
vigil_store_get_article (VigilStore *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  VigilArticle *a = NULL;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT " ARTICLE_HEADER_COLUMNS
                  ", a.summary, a.content, a.categories, a.annotations, a.full_content"
                  ", a.enclosures, a.origin_title, a.origin_url, a.comments, a.thumbnail, a.rights"
                  " FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
                  error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *categories = NULL;
          a = article_from_row (stmt);
          a->summary = col_text (stmt, ARTICLE_HEADER_N);
          a->content = col_text (stmt, ARTICLE_HEADER_N + 1);
          categories = col_text (stmt, ARTICLE_HEADER_N + 2);
          a->annotations = col_text (stmt, ARTICLE_HEADER_N + 3);
          a->full_content = col_text (stmt, ARTICLE_HEADER_N + 4);
          {
            g_autofree char *enclosures = col_text (stmt, ARTICLE_HEADER_N + 5);
            enclosures_from_json (a->enclosures, enclosures);
          }
          a->origin_title = col_text (stmt, ARTICLE_HEADER_N + 6);
          a->origin_url = col_text (stmt, ARTICLE_HEADER_N + 7);
          a->comments = col_text (stmt, ARTICLE_HEADER_N + 8);
          a->thumbnail = col_text (stmt, ARTICLE_HEADER_N + 9);
          a->rights = col_text (stmt, ARTICLE_HEADER_N + 10);
          if (categories && *categories)
            {
              g_auto (GStrv) parts = g_strsplit (categories, "\n", -1);
              for (int i = 0; parts[i]; i++)
                g_ptr_array_add (a->categories, g_strdup (parts[i]));
            }
        }
      else
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                     "No article with id %" G_GINT64_FORMAT, id);
    }
  g_mutex_unlock (&self->read_lock);
  return a;
}

gint64
vigil_store_count_articles (VigilStore *self, gint64 source_id)
{
  return vigil_store_count_articles_filtered (self, source_id, NULL);
}

gint64
vigil_store_count_articles_filtered (VigilStore *self, gint64 source_id,
                                     const VigilArticleFilter *filter)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *narrow = filter_condition (filter, "");
  gint64 n = 0;

  g_mutex_lock (&self->read_lock);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM articles WHERE %s%s",
                                          view_condition (source_id, ""), narrow);

  stmt = prepare (self->reader, sql, NULL);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, source_id);
      bind_filter (stmt, filter);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return n;
}

/* Runs sql (one parameter, an article id) once for each of ids, with the
 * write lock held and a transaction open. */
static gboolean
update_each_id (sqlite3 *db, const char *sql, const gint64 *ids, guint n_ids, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (step_retry (db, stmt) != SQLITE_DONE)
        return set_sqlite_error (error, db, "Cannot update the articles");
    }
  return TRUE;
}

/* Ends the transaction begin_write opened: committed when ok, else rolled
 * back. Returns whether it was committed. */
static gboolean
end_write (sqlite3 *db, gboolean ok, GError **error)
{
  if (ok)
    return commit_write (db, error);
  if (sqlite3_get_autocommit (db) == 0)
    exec (db, "ROLLBACK", NULL);
  return FALSE;
}

/* Runs thread in a worker with a copy of the ids (a GArray of gint64) as the
 * task's data: the async forms of the calls that take a list of articles. */
static void
run_on_ids (VigilStore *self, const gint64 *ids, guint n_ids, gpointer source_tag,
            GTaskThreadFunc thread, GCancellable *cancellable, GAsyncReadyCallback callback,
            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (copy, ids, n_ids);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, copy, (GDestroyNotify) g_array_unref);
  g_task_run_in_thread (task, thread);
}

GArray *
vigil_store_mark_view_read (VigilStore *self, gint64 view, const VigilArticleFilter *filter,
                            const gint64 *ids, guint n_ids, GError **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  if (ok && ids == NULL)
    {
      g_autofree char *narrow = filter_condition (filter, "");
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM articles WHERE read = 0 AND %s%s",
                                              view_condition (view, ""), narrow);
      int rc;

      select = prepare (self->writer, sql, error);
      ok = select != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (select, 1, view);
          bind_filter (select, filter);
          while ((rc = sqlite3_step (select)) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (select, 0);
              g_array_append_val (changed, id);
            }
          if (rc != SQLITE_DONE)
            ok = set_sqlite_error (error, self->writer, "Cannot read the articles");
        }
    }
  else if (ok)
    {
      select = prepare (self->writer, "SELECT read FROM articles WHERE id = ?", error);
      ok = select != NULL;
      for (guint i = 0; ok && i < n_ids; i++)
        {
          sqlite3_reset (select);
          sqlite3_bind_int64 (select, 1, ids[i]);
          if (sqlite3_step (select) == SQLITE_ROW && sqlite3_column_int (select, 0) == 0)
            g_array_append_val (changed, ids[i]);
        }
    }
  ok = ok
       && update_each_id (self->writer, "UPDATE articles SET read = 1 WHERE id = ?",
                          (const gint64 *) changed->data, changed->len, error);
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok ? g_steal_pointer (&changed) : NULL;
}

gboolean
vigil_store_mark_unread (VigilStore *self, GArray *ids, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error)
       && update_each_id (self->writer, "UPDATE articles SET read = 0 WHERE id = ?",
                          (const gint64 *) ids->data, ids->len, error);
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

static void
mark_unread_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (vigil_store_mark_unread (VIGIL_STORE (source), task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vigil_store_mark_unread_async (VigilStore *self, const gint64 *ids, guint n_ids,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  run_on_ids (self, ids, n_ids, vigil_store_mark_unread_async, mark_unread_thread, cancellable,
              callback, user_data);
}

gboolean
vigil_store_mark_unread_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_set_read (VigilStore *self, gint64 article_id, gboolean read, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer, "UPDATE articles SET read = ? WHERE id = ?", error);
  if (stmt)
    {
      sqlite3_bind_int (stmt, 1, read ? 1 : 0);
      sqlite3_bind_int64 (stmt, 2, article_id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot mark the article");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

static void
set_read_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  gint64 *args = task_data;
  GError *error = NULL;

  /* Reading an article of a story that raised an alert means the alert was seen. */
  if (vigil_store_set_read (VIGIL_STORE (source), args[0], args[1] != 0, &error)
      && (args[1] == 0 || vigil_store_mark_story_seen (VIGIL_STORE (source), args[0], &error)))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vigil_store_set_read_async (VigilStore *self, gint64 article_id, gboolean read,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  gint64 *args = g_new (gint64, 2);

  args[0] = article_id;
  args[1] = read;
  g_task_set_source_tag (task, vigil_store_set_read_async);
  g_task_set_task_data (task, args, g_free);
  g_task_run_in_thread (task, set_read_thread);
}

gboolean
vigil_store_set_read_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Runs one statement of integer parameters (and no result) with the write
 * lock held. */
static gboolean
exec_int64 (sqlite3 *db, const char *sql, gint64 a, gint64 b, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, b);
  if (step_retry (db, stmt) != SQLITE_DONE)
    return set_sqlite_error (error, db, "Cannot separate the story");
  return TRUE;
}

gboolean
vigil_store_separate_from_story (VigilStore *self, gint64 article_id, gint64 *out_rest_cluster,
                                 GError **error)
{
  g_autoptr (sqlite3_stmt) find = NULL;
  gint64 cluster = 0, rest_root = 0, rest = 0;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  if (out_rest_cluster)
    *out_rest_cluster = 0;
  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      find = prepare (self->writer,
                      "SELECT a.cluster_id, (SELECT min(b.id) FROM articles b WHERE b.cluster_id "
                      "= a.cluster_id AND b.id != a.id) FROM articles a WHERE a.id = ?",
                      error);
      ok = find != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int64 (find, 1, article_id);
      if (sqlite3_step (find) == SQLITE_ROW)
        {
          cluster = sqlite3_column_int64 (find, 0);
          rest_root = sqlite3_column_int64 (find, 1);
        }
      else
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                       "No article %" G_GINT64_FORMAT, article_id);
          ok = FALSE;
        }
    }
  if (ok && rest_root > 0)
    {
      /* The rest keeps the story's id, unless the article gave it. */
      rest = cluster == article_id ? rest_root : cluster;
      ok = cluster == article_id
               ? exec_int64 (
                   self->writer,
                   "UPDATE articles SET cluster_id = ?2 WHERE cluster_id = ?1 AND id != ?1",
                   article_id, rest, error)
               : exec_int64 (self->writer, "UPDATE articles SET cluster_id = id WHERE id = ?",
                             article_id, 0, error);
      ok = ok
           && exec_int64 (
               self->writer,
               "UPDATE alerts SET state = 'new' WHERE article_id = ? AND state = 'update'",
               article_id, 0, error)
           && exec_int64 (
               self->writer,
               "UPDATE alerts SET state = 'new' WHERE id IN (SELECT min (al.id) FROM alerts al "
               "JOIN articles a ON a.id = al.article_id WHERE a.cluster_id = ?1 GROUP BY al.rule "
               "HAVING max (al.state != 'update') = 0)",
               rest, 0, error);
    }
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  if (ok && out_rest_cluster)
    *out_rest_cluster = rest;
  return ok;
}

gboolean
vigil_store_mark_articles_read (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                GError **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_ids == 0 || article_ids != NULL, FALSE);
  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error)
       && update_each_id (self->writer, "UPDATE articles SET read = 1 WHERE id = ?", article_ids,
                          n_ids, error)
       && update_each_id (self->writer,
                          "UPDATE alerts SET state = 'seen' "
                          "WHERE article_id = ? AND state IN ('new', 'update')",
                          article_ids, n_ids, error);
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

static void
mark_articles_read_thread (GTask *task, gpointer source, gpointer task_data,
                           GCancellable *cancellable)
{
  GArray *ids = task_data;
  GError *error = NULL;

  if (vigil_store_mark_articles_read (VIGIL_STORE (source), (const gint64 *) ids->data, ids->len,
                                      &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vigil_store_mark_articles_read_async (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  run_on_ids (self, article_ids, n_ids, vigil_store_mark_articles_read_async,
              mark_articles_read_thread, cancellable, callback, user_data);
}

gboolean
vigil_store_mark_articles_read_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- alerts ---- */

gboolean
vigil_store_add_alert (VigilStore *self, const char *rule, gint64 article_id,
                       const char *matched_terms, gboolean *out_inserted, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  if (out_inserted)
    *out_inserted = FALSE;
  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer,
                  "INSERT INTO alerts (rule, article_id, matched, created) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (rule, article_id) DO NOTHING",
                  error);
  if (stmt)
    {
      bind_text (stmt, 1, rule);
      sqlite3_bind_int64 (stmt, 2, article_id);
      bind_text (stmt, 3, matched_terms);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot record the alert");
      else if (out_inserted)
        *out_inserted = sqlite3_changes (self->writer) == 1;
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gint64
vigil_store_count_alerts (VigilStore *self, const char *state)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT count(*) FROM alerts WHERE ?1 IS NULL OR state = ?1", NULL);
  if (stmt)
    {
      bind_text (stmt, 1, state);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return n;
}

/* ---- batch import, removal, stars ---- */

gboolean
vigil_store_add_sources (VigilStore *self, GPtrArray *sources, guint *out_added, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;
  guint added = 0;

  g_mutex_lock (&self->write_lock);
  ok = exec (self->writer, "BEGIN IMMEDIATE", error);
  if (ok)
    stmt = prepare (self->writer,
                    "INSERT INTO sources (url, title, html_url, folder) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (url) DO NOTHING",
                    error);
  ok = ok && stmt != NULL;
  for (guint i = 0; ok && i < sources->len; i++)
    {
      VigilSource *src = g_ptr_array_index (sources, i);
      sqlite3_reset (stmt);
      bind_text (stmt, 1, src->url);
      bind_text (stmt, 2, src->title);
      bind_text (stmt, 3, src->html_url);
      bind_text (stmt, 4, src->folder);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot add the source");
      else
        added += sqlite3_changes (self->writer);
    }
  if (ok)
    ok = exec (self->writer, "COMMIT", error);
  else
    exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  if (out_added)
    *out_added = ok ? added : 0;
  return ok;
}

static gboolean
exec_with_id (VigilStore *self, const char *sql, gint64 id, int value, gboolean use_value,
              GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer, sql, error);
  if (stmt)
    {
      if (use_value)
        {
          sqlite3_bind_int (stmt, 1, value);
          sqlite3_bind_int64 (stmt, 2, id);
        }
      else
        sqlite3_bind_int64 (stmt, 1, id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot update the database");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_remove_source (VigilStore *self, gint64 id, GError **error)
{
  return exec_with_id (self, "DELETE FROM sources WHERE id = ?", id, 0, FALSE, error);
}

/* A synced source's articles are marked read on the server with one
 * mark-all-as-read up to its newest item the desk has (ts), queued in the same
 * transaction, instead of one action per article. */
gboolean
vigil_store_mark_source_read (VigilStore *self, gint64 source_id, GError **error)
{
  static const char *const steps[] = {
    "INSERT INTO sync_quiet SELECT 1 FROM sources WHERE id = ?1 AND account_id != 1",
    "INSERT INTO sync_actions (account_id, kind, stream, arg, created)"
    " SELECT s.account_id, 'mark-all-read', s.remote_id,"
    " (SELECT max (coalesce (m.crawl_usec, m.item_id)) FROM sync_items m"
    "  JOIN articles a ON a.id = m.article_id"
    "  WHERE a.source_id = s.id), ?2"
    " FROM sources s WHERE s.id = ?1 AND s.account_id != 1 AND s.remote_id IS NOT NULL"
    " AND EXISTS (SELECT 1 FROM articles a WHERE a.source_id = s.id AND a.read = 0)",
    "UPDATE articles SET read = 1 WHERE read = 0 AND source_id = ?1",
    "DELETE FROM sync_quiet",
  };
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self->writer, steps[i], error);
      ok = stmt != NULL;
      if (!ok)
        break;
      if (sqlite3_bind_parameter_count (stmt) >= 1)
        sqlite3_bind_int64 (stmt, 1, source_id);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot mark the source read");
    }
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_set_starred (VigilStore *self, gint64 article_id, gboolean starred, GError **error)
{
  return exec_with_id (self, "UPDATE articles SET starred = ? WHERE id = ?", article_id,
                       starred ? 1 : 0, TRUE, error);
}

/* ---- search ---- */

void
vigil_search_hit_free (VigilSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_clear_object (&hit->article);
  g_free (hit->snippet);
  g_free (hit);
}

static void
append_fts_term (GString *out, const char *text, gssize len, gboolean prefix)
{
  /* Only letters and digits reach FTS5, each word in double quotes: nothing a
   * user types can become FTS5 syntax (NEAR, column filters, ^, -). */
  g_autoptr (GString) words = g_string_new (NULL);
  const char *p = text;
  const char *end = len < 0 ? text + strlen (text) : text + len;
  gboolean in_word = FALSE;

  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          if (!in_word && words->len > 0)
            g_string_append_c (words, ' ');
          g_string_append_unichar (words, c);
          in_word = TRUE;
        }
      else
        in_word = FALSE;
    }
  if (words->len == 0)
    return;
  if (out->len > 0)
    g_string_append (out, " AND ");
  g_string_append_printf (out, "\"%s\"%s", words->str, prefix ? "*" : "");
}

char *
vigil_store_fts_query (const char *user_query)
{
  GString *out = g_string_new (NULL);
  const char *p = user_query ? user_query : "";

  while (*p)
    {
      if (*p == '"')
        {
          const char *close = strchr (p + 1, '"');
          const char *end = close ? close : p + strlen (p);
          append_fts_term (out, p + 1, end - p - 1, FALSE);
          p = close ? close + 1 : end;
        }
      else if (g_ascii_isspace (*p))
        p++;
      else
        {
          const char *start = p;
          while (*p && !g_ascii_isspace (*p) && *p != '"')
            p++;
          append_fts_term (out, start, p - start, p > start && p[-1] == '*');
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
snippet_html (const char *raw)
{
  g_autofree char *escaped = vigil_html_escape (raw ? raw : "");
  GString *out = g_string_new (NULL);

  for (const char *p = escaped; *p; p++)
    {
      if (*p == '\x01')
        g_string_append (out, "<b>");
      else if (*p == '\x02')
        g_string_append (out, "</b>");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

GPtrArray *
vigil_store_search (VigilStore *self, const char *query, guint limit, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *fts = vigil_store_fts_query (query);
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_search_hit_free);

  if (fts == NULL)
    return hits;
  g_mutex_lock (&self->read_lock);
  stmt = prepare (
      self->reader,
      "SELECT " ARTICLE_HEADER_COLUMNS ", snippet (articles_fts, -1, char (1), "
      "char (2), '…', 16) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
      "JOIN sources s ON s.id = a.source_id WHERE articles_fts MATCH ?1 "
      "ORDER BY rank LIMIT ?2",
      error);
  if (stmt)
    {
      int rc;
      sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          VigilSearchHit *hit = g_new0 (VigilSearchHit, 1);
          hit->article = article_from_row (stmt);
          hit->snippet = snippet_html ((const char *) sqlite3_column_text (stmt, ARTICLE_HEADER_N));
          g_ptr_array_add (hits, hit);
        }
      if (rc != SQLITE_DONE)
        set_sqlite_error (error, self->reader, "Search failed");
    }
  g_mutex_unlock (&self->read_lock);
  return hits;
}

/* ---- the full-text index ---- */

gint64
vigil_store_count_unindexed (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT count(*) FROM articles WHERE id > "
                  "(SELECT coalesce (max (rowid), 0) FROM articles_fts)",
                  NULL);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  g_mutex_unlock (&self->read_lock);
  return n;
}

gint64
vigil_store_index_pending_batch (VigilStore *self, guint max, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = -1;

  g_mutex_lock (&self->write_lock);
  if (exec (self->writer, "BEGIN IMMEDIATE", error))
    {
      stmt = prepare (
          self->writer,
          "INSERT INTO articles_fts (rowid, title, body) "
          "  SELECT id, title, vigil_html_text (coalesce (full_content, content, summary))"
          "  FROM articles "
          "  WHERE id > (SELECT coalesce (max (rowid), 0) FROM articles_fts) "
          "  ORDER BY id LIMIT ?",
          error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, max > 0 ? (gint64) max : G_MAXINT64);
          if (sqlite3_step (stmt) == SQLITE_DONE)
            n = sqlite3_changes (self->writer);
          else
            set_sqlite_error (error, self->writer, "Cannot index the new articles");
          g_clear_pointer (&stmt, sqlite3_finalize);
        }
      if (n >= 0 && !exec (self->writer, "COMMIT", error))
        n = -1;
      if (n < 0)
        exec (self->writer, "ROLLBACK", NULL);
    }
  g_mutex_unlock (&self->write_lock);
  return n;
}

/* ---- retention and health ---- */

gint64
vigil_store_prune (VigilStore *self, guint days, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 deleted = -1;

  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer,
                  "DELETE FROM articles WHERE first_seen < ? AND starred = 0 "
                  "AND NOT EXISTS (SELECT 1 FROM alerts WHERE alerts.article_id = articles.id)",
                  error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC - (gint64) days * 86400);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        deleted = sqlite3_changes (self->writer);
      else
        set_sqlite_error (error, self->writer, "Cannot delete old articles");
    }
  g_mutex_unlock (&self->write_lock);
  return deleted;
}

gboolean
vigil_store_check_integrity (VigilStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "PRAGMA quick_check", error);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);
      ok = g_strcmp0 (result, "ok") == 0;
      if (!ok)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                     "The article database is damaged: %s", result ? result : "unknown");
    }
  g_mutex_unlock (&self->read_lock);
  return ok;
}

/* ---- stories ---- */

void
vigil_facet_count_free (VigilFacetCount *count)
{
  g_free (count->kind);
  g_free (count->value);
  g_free (count->counts);
  g_free (count);
}

static int
compare_facet_counts (gconstpointer a, gconstpointer b, gpointer data)
{
  const VigilFacetCount *x = *(VigilFacetCount **) a;
  const VigilFacetCount *y = *(VigilFacetCount **) b;
  guint last = GPOINTER_TO_UINT (data) - 1;

  if (x->counts[last] != y->counts[last])
    return x->counts[last] > y->counts[last] ? -1 : 1;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return g_utf8_collate (x->value, y->value);
}

GPtrArray *
vigil_store_facet_counts (VigilStore *self, const char *kind, gint64 now, guint n_days, guint limit,
                          GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_facet_count_free);
  gboolean entities = g_strcmp0 (kind, "entity") == 0;

  g_return_val_if_fail (n_days > 0, result);
  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  entities ? "SELECT kind, value, max (0, (?2 - time) / 86400), count(*)"
                             " FROM facets WHERE kind IN ('person', 'organization', 'location')"
                             " AND time > ?2 - ?3 * 86400 GROUP BY 1, 2, 3"
                           : "SELECT kind, value, max (0, (?2 - time) / 86400), count(*)"
                             " FROM facets WHERE kind = ?1 AND time > ?2 - ?3 * 86400"
                             " GROUP BY 1, 2, 3",
                  error);
  if (stmt)
    {
      if (!entities)
        bind_text (stmt, 1, kind);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, n_days);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *row_kind = (const char *) sqlite3_column_text (stmt, 0);
          const char *value = (const char *) sqlite3_column_text (stmt, 1);
          gint64 ago = sqlite3_column_int64 (stmt, 2);
          guint n = (guint) sqlite3_column_int64 (stmt, 3);
          g_autofree char *key = NULL;
          VigilFacetCount *count;

          if (row_kind == NULL || value == NULL || ago >= n_days)
            continue;
          key = g_strconcat (row_kind, "\t", value, NULL);
          count = g_hash_table_lookup (by_key, key);
          if (count == NULL)
            {
              count = g_new0 (VigilFacetCount, 1);
              count->kind = g_strdup (row_kind);
              count->value = g_strdup (value);
              count->counts = g_new0 (guint, n_days);
              g_hash_table_insert (by_key, g_steal_pointer (&key), count);
              g_ptr_array_add (result, count);
            }
          count->counts[n_days - 1 - ago] += n;
          count->total += n;
        }
    }
  g_mutex_unlock (&self->read_lock);
  g_ptr_array_sort_with_data (result, compare_facet_counts, GUINT_TO_POINTER (n_days));
  if (limit > 0 && result->len > limit)
    g_ptr_array_set_size (result, limit);
  return result;
}

GPtrArray *
vigil_store_list_story (VigilStore *self, gint64 cluster_id, guint limit, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT " ARTICLE_HEADER_COLUMNS " FROM articles a JOIN sources s"
                  " ON s.id = a.source_id WHERE a.cluster_id = ?1"
                  " ORDER BY a.sort_time DESC, a.id DESC LIMIT ?2",
                  error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, cluster_id);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? limit : G_MAXINT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (result, article_from_row (stmt));
    }
  g_mutex_unlock (&self->read_lock);
  return result;
}

/* One number read under the reader's lock: sql's first column, with its ?1
 * and ?2 bound to a and b (a statement with one parameter ignores b); 0 when
 * there is no row or the query fails. */
static gint64
read_int64 (VigilStore *self, const char *sql, gint64 a, gint64 b)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 value = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, sql, NULL);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, a);
      if (sqlite3_bind_parameter_count (stmt) > 1)
        sqlite3_bind_int64 (stmt, 2, b);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return value;
}

gint64
vigil_store_count_in_cluster (VigilStore *self, gint64 cluster_id)
{
  return read_int64 (self, "SELECT count(*) FROM articles WHERE cluster_id = ?", cluster_id, 0);
}

gint64
vigil_store_find_source (VigilStore *self, const char *url)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT id FROM sources WHERE url = ?", NULL);
  if (stmt)
    {
      bind_text (stmt, 1, url);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return id;
}

GPtrArray *
vigil_store_list_recent_for_clustering (VigilStore *self, gint64 since, gint64 after_id,
                                        guint limit, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT id, cluster_id, sort_time, simhash, entity_names, title, summary, "
                  "content, annotations FROM articles "
                  "WHERE sort_time >= ? AND id > ? AND simhash IS NOT NULL ORDER BY id LIMIT ?",
                  error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      sqlite3_bind_int64 (stmt, 2, after_id);
      sqlite3_bind_int64 (stmt, 3, limit ? (gint64) limit : -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          VigilArticle *a = vigil_article_new ();
          a->id = sqlite3_column_int64 (stmt, 0);
          a->cluster_id = sqlite3_column_int64 (stmt, 1);
          a->first_seen = sqlite3_column_int64 (stmt, 2); /* the sort time */
          a->simhash = (guint64) sqlite3_column_int64 (stmt, 3);
          a->entity_names = col_text (stmt, 4);
          a->title = col_text (stmt, 5);
          a->summary = col_text (stmt, 6);
          a->content = col_text (stmt, 7);
          a->annotations = col_text (stmt, 8);
          g_ptr_array_add (result, a);
        }
    }
  g_mutex_unlock (&self->read_lock);
  return result;
}

static void
finalize_alert_statements (sqlite3_stmt **stmts)
{
  for (guint i = 0; i < 3; i++)
    g_clear_pointer (&stmts[i], sqlite3_finalize);
}

/* Records one alert with the write lock held and a transaction open (or in
 * autocommit); stmts caches the three statements across calls. */
static gboolean
record_story_alert (VigilStore *self, sqlite3_stmt **stmts, gint64 article_id, gint64 cluster_id,
                    VigilStoryAlert *alert, GError **error)
{
  gboolean update = FALSE, dismissed = FALSE;

  alert->inserted = FALSE;
  alert->update = FALSE;
  alert->reports = 1;
  if (stmts[0] == NULL)
    {
      stmts[0]
          = prepare (self->writer,
                     "SELECT count(*), coalesce(max(al.state = 'dismissed'), 0) FROM alerts al "
                     "JOIN articles a ON a.id = al.article_id "
                     "WHERE al.rule = ? AND a.cluster_id = ? AND al.article_id != ?",
                     error);
      stmts[1] = prepare (
          self->writer,
          "INSERT INTO alerts (rule, article_id, matched, created, state) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (rule, article_id) DO NOTHING",
          error);
      stmts[2]
          = prepare (self->writer, "SELECT count(*) FROM articles WHERE cluster_id = ?", error);
      if (stmts[0] == NULL || stmts[1] == NULL || stmts[2] == NULL)
        {
          finalize_alert_statements (stmts);
          return FALSE;
        }
    }
  for (guint i = 0; i < 3; i++)
    {
      sqlite3_reset (stmts[i]);
      sqlite3_clear_bindings (stmts[i]);
    }
  bind_text (stmts[0], 1, alert->rule);
  sqlite3_bind_int64 (stmts[0], 2, cluster_id);
  sqlite3_bind_int64 (stmts[0], 3, article_id);
  if (sqlite3_step (stmts[0]) == SQLITE_ROW)
    {
      update = sqlite3_column_int64 (stmts[0], 0) > 0;
      dismissed = sqlite3_column_int64 (stmts[0], 1) > 0;
    }
  bind_text (stmts[1], 1, alert->rule);
  sqlite3_bind_int64 (stmts[1], 2, article_id);
  bind_text (stmts[1], 3, alert->matched);
  sqlite3_bind_int64 (stmts[1], 4, g_get_real_time () / G_USEC_PER_SEC);
  /* A story the desk dismissed stays dismissed as more outlets carry it. */
  bind_text (stmts[1], 5, dismissed ? "dismissed" : update ? "update" : "new");
  if (step_retry (self->writer, stmts[1]) != SQLITE_DONE)
    return set_sqlite_error (error, self->writer, "Cannot record the alert");
  alert->inserted = sqlite3_changes (self->writer) == 1 && !dismissed;
  alert->update = update;
  sqlite3_bind_int64 (stmts[2], 1, cluster_id);
  if (sqlite3_step (stmts[2]) == SQLITE_ROW)
    alert->reports = sqlite3_column_int (stmts[2], 0);
  for (guint i = 0; i < 3; i++)
    sqlite3_reset (stmts[i]);
  return TRUE;
}

gboolean
vigil_store_add_story_alert (VigilStore *self, const char *rule, gint64 article_id,
                             gint64 cluster_id, const char *matched_terms, gboolean *out_inserted,
                             gboolean *out_update, guint *out_reports, GError **error)
{
  sqlite3_stmt *stmts[3] = { NULL, NULL, NULL };
  g_autoptr (VigilStoryAlert) alert = vigil_story_alert_new (rule, matched_terms);
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = record_story_alert (self, stmts, article_id, cluster_id, alert, error);
  finalize_alert_statements (stmts);
  g_mutex_unlock (&self->write_lock);
  *out_inserted = alert->inserted;
  *out_update = alert->update;
  *out_reports = alert->reports;
  return ok;
}

GPtrArray *
vigil_store_filter_unstored (VigilStore *self, gint64 source_id, GPtrArray *articles)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *fresh = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT 1 FROM articles WHERE source_id = ? AND guid = ?", NULL);
  for (guint i = 0; i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      gboolean stored = FALSE;
      if (stmt && a->guid)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, source_id);
          bind_text (stmt, 2, a->guid);
          stored = sqlite3_step (stmt) == SQLITE_ROW;
        }
      if (!stored)
        g_ptr_array_add (fresh, g_object_ref (a));
    }
  g_mutex_unlock (&self->read_lock);
  return fresh;
}

/* The rows of a query that selects ARTICLE_HEADER_COLUMNS and then summary,
 * content and annotations, added to result as full articles. */
static gboolean
read_full_articles (sqlite3 *db, sqlite3_stmt *stmt, GPtrArray *result, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigilArticle *a = article_from_row (stmt);
      a->summary = col_text (stmt, ARTICLE_HEADER_N);
      a->content = col_text (stmt, ARTICLE_HEADER_N + 1);
      a->annotations = col_text (stmt, ARTICLE_HEADER_N + 2);
      g_ptr_array_add (result, a);
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, "Cannot read the stored articles");
  return TRUE;
}

/* ---- what a crash or a second writer left behind ---- */

GPtrArray *
vigil_store_list_unevaluated (VigilStore *self, guint limit, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT " ARTICLE_HEADER_COLUMNS ", a.summary, a.content, a.annotations"
                  " FROM articles a JOIN sources s ON s.id = a.source_id"
                  " WHERE a.alerts_evaluated = 0 ORDER BY a.id LIMIT ?",
                  error);
  if (stmt)
    sqlite3_bind_int64 (stmt, 1, limit);
  if (stmt == NULL || !read_full_articles (self->reader, stmt, result, error))
    g_clear_pointer (&result, g_ptr_array_unref);
  g_mutex_unlock (&self->read_lock);
  return result;
}

gboolean
vigil_store_record_evaluation (VigilStore *self, GPtrArray *articles, GPtrArray *alerts,
                               GError **error)
{
  sqlite3_stmt *alert_stmts[3] = { NULL, NULL, NULL };
  g_autoptr (sqlite3_stmt) mark = NULL;
  gboolean ok;

  g_return_val_if_fail (alerts->len == articles->len, FALSE);
  g_mutex_lock (&self->write_lock);
  if (!begin_write (self->writer, &self->write_lock, error))
    {
      g_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  mark = prepare (self->writer,
                  "UPDATE articles SET alerts_evaluated = 1 WHERE id = ? AND alerts_evaluated = 0",
                  error);
  ok = mark != NULL;
  for (guint i = 0; ok && i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      GPtrArray *list = alerts_of (alerts, i);
      gboolean mine;

      sqlite3_reset (mark);
      sqlite3_bind_int64 (mark, 1, a->id);
      if (sqlite3_step (mark) != SQLITE_DONE)
        {
          ok = set_sqlite_error (error, self->writer, "Cannot record the alert");
          break;
        }
      /* Another process may have evaluated it meanwhile: once only. */
      mine = sqlite3_changes (self->writer) == 1;
      for (guint m = 0; ok && list && m < list->len; m++)
        {
          VigilStoryAlert *alert = g_ptr_array_index (list, m);
          if (mine)
            ok = record_story_alert (self, alert_stmts, a->id, a->cluster_id, alert, error);
          else
            alert->inserted = FALSE;
        }
    }
  finalize_alert_statements (alert_stmts);
  g_clear_pointer (&mark, sqlite3_finalize);
  if (ok)
    ok = commit_write (self->writer, error);
  else
    exec (self->writer, "ROLLBACK", NULL);
  if (!ok)
    alerts_not_recorded (alerts);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

/* Readers are told apart by a random token, not a process id: in a Flatpak
 * every start of Vigil may get the same pid, and pids are reused. The token's
 * owner holds a lock on a file named after it beside the database while it
 * runs; a token whose file is missing or not locked belongs to a reader that
 * has ended. */
static char *
reader_file (VigilStore *self, gint64 token)
{
  g_autofree char *dir = g_strconcat (self->path, "-readers", NULL);
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, token);
  return g_build_filename (dir, name, NULL);
}

/* With the write lock held. */
static gint64
own_reader_token (VigilStore *self)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 token;
  int fd;

  if (self->reader_token != 0)
    return self->reader_token;
  token = ((((gint64) g_random_int ()) << 31) ^ (gint64) g_random_int ()) & G_MAXINT64;
  token = MAX (token, 1);
  dir = g_strconcat (self->path, "-readers", NULL);
  path = reader_file (self, token);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || (fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    return 0;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return 0;
    }
  self->reader_fd = fd;
  self->reader_token = token;
  return token;
}

gboolean
vigil_store_set_source_reader (VigilStore *self, gint64 source_id, VigilSourceRead reading,
                               GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  gint64 token;

  g_mutex_lock (&self->write_lock);
  token = reading == VIGIL_SOURCE_READ_NONE ? 0 : own_reader_token (self);
  stmt = prepare (self->writer, "UPDATE sources SET reader = ? WHERE id = ?", error);
  if (stmt)
    {
      /* Negative: read alone, nothing else was being read beside it. */
      sqlite3_bind_int64 (stmt, 1, reading == VIGIL_SOURCE_READ_ALONE ? -token : token);
      sqlite3_bind_int64 (stmt, 2, source_id);
      ok = step_retry (self->writer, stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot update the source");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

void
vigil_store_release_own_readers (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_mutex_lock (&self->write_lock);
  if (self->reader_token != 0)
    stmt = prepare (self->writer, "UPDATE sources SET reader = 0 WHERE abs (reader) = ?", NULL);
  if (stmt)
    {
      g_autofree char *path = reader_file (self, self->reader_token);
      sqlite3_bind_int64 (stmt, 1, self->reader_token);
      step_retry (self->writer, stmt);
      /* The token ends with its marks; a later read takes a new one. */
      g_unlink (path);
      close (self->reader_fd);
      self->reader_fd = -1;
      self->reader_token = 0;
    }
  g_mutex_unlock (&self->write_lock);
}

/* A reader that is not this store's and whose lock is gone never finished its
 * read. A dead reader's file is removed. */
static gboolean
reader_gone (VigilStore *self, gint64 token)
{
  g_autofree char *path = NULL;
  gboolean gone;
  int fd;

  token = ABS (token);
  if (token == 0 || token == self->reader_token)
    return FALSE;
  path = reader_file (self, token);
  fd = open (path, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT;
  gone = flock (fd, LOCK_EX | LOCK_NB) == 0;
  if (gone)
    g_unlink (path);
  close (fd);
  return gone;
}

GArray *
vigil_store_release_dead_readers (VigilStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  /* Looked for without the write lock: nearly always there is nothing. */
  g_mutex_lock (&self->read_lock);
  select = prepare (self->reader, "SELECT id, reader FROM sources WHERE reader != 0", error);
  while (select && sqlite3_step (select) == SQLITE_ROW)
    if (reader_gone (self, sqlite3_column_int64 (select, 1)))
      {
        gint64 id = sqlite3_column_int64 (select, 0);
        g_array_append_val (ids, id);
      }
  g_clear_pointer (&select, sqlite3_finalize);
  g_mutex_unlock (&self->read_lock);
  {
    /* The files of readers that ended (killed while reading nothing) too. */
    g_autofree char *path = g_strconcat (self->path, "-readers", NULL);
    g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        gint64 token = g_ascii_strtoll (name, NULL, 10);
        if (token > 0)
          reader_gone (self, token);
      }
  }
  if (ids->len == 0)
    return g_steal_pointer (&ids);

  g_mutex_lock (&self->write_lock);
  if (!begin_write (self->writer, &self->write_lock, error))
    {
      g_mutex_unlock (&self->write_lock);
      return NULL;
    }
  update = prepare (self->writer,
                    "UPDATE sources SET interrupted = CASE WHEN reader < 0 THEN ?2"
                    " ELSE max (interrupted, 1) END, reader = 0 WHERE id = ?1 AND reader != 0",
                    error);
  ok = update != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    {
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_int (update, 2, VIGIL_SOURCE_QUARANTINED);
      if (sqlite3_step (update) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot update the source");
    }
  g_clear_pointer (&update, sqlite3_finalize);
  if (ok)
    ok = commit_write (self->writer, error);
  else
    exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  return ok ? g_steal_pointer (&ids) : NULL;
}

GPtrArray *
vigil_store_list_candidates (VigilStore *self, const char *fts_expression, gint64 since,
                             GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  /* Articles not indexed yet are always candidates: the index lags ingest.
   * An article's content is its full article when reader mode found one
   * (the index holds it too): the rules judge that. */
  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  fts_expression
                      ? "SELECT " ARTICLE_HEADER_COLUMNS
                        ", a.summary, coalesce (a.full_content, a.content), a.annotations"
                        " FROM articles a JOIN sources s ON s.id = a.source_id"
                        " WHERE a.first_seen >= ?1 AND (a.id IN (SELECT rowid FROM articles_fts"
                        " WHERE articles_fts MATCH ?2) OR a.id > (SELECT coalesce (max (rowid), 0)"
                        " FROM articles_fts)) ORDER BY a.sort_time DESC, a.id DESC"
                      : "SELECT " ARTICLE_HEADER_COLUMNS
                        ", a.summary, coalesce (a.full_content, a.content), a.annotations"
                        " FROM articles a JOIN sources s ON s.id = a.source_id"
                        " WHERE a.first_seen >= ?1 ORDER BY a.sort_time DESC, a.id DESC",
                  error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      if (fts_expression)
        sqlite3_bind_text (stmt, 2, fts_expression, -1, SQLITE_TRANSIENT);
      read_full_articles (self->reader, stmt, result, error);
    }
  g_mutex_unlock (&self->read_lock);
  return result;
}

GHashTable *
vigil_store_count_alerts_by_rule (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT rule, count(*) FROM alerts WHERE state != 'dismissed' GROUP BY rule",
                  NULL);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 0) != NULL)
      g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           GUINT_TO_POINTER ((guint) sqlite3_column_int64 (stmt, 1)));
  g_mutex_unlock (&self->read_lock);
  return counts;
}

gint64
vigil_store_count_unseen_alerts (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  g_mutex_lock (&self->read_lock);
  /* stories with a new alert not looked at yet */
  stmt = prepare (
      self->reader,
      "SELECT count(DISTINCT a.cluster_id) FROM alerts al JOIN articles a ON a.id = al.article_id "
      "WHERE al.state IN ('new', 'update') AND NOT EXISTS (SELECT 1 FROM alerts s JOIN articles b "
      "ON b.id = s.article_id WHERE b.cluster_id = a.cluster_id AND s.state IN ('seen', "
      "'dismissed'))",
      NULL);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  g_mutex_unlock (&self->read_lock);
  return n;
}

/* Runs an UPDATE of the alerts of the story an article belongs to (the
 * article id is its one parameter). */
static gboolean
set_story_alert_state (VigilStore *self, gint64 article_id, const char *sql, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer, sql, error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, article_id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot update the alerts");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

#define STORY_OF_ARTICLE                                                                           \
  "article_id IN (SELECT id FROM articles WHERE cluster_id = "                                     \
  "(SELECT cluster_id FROM articles WHERE id = ?))"

gboolean
vigil_store_mark_story_seen (VigilStore *self, gint64 article_id, GError **error)
{
  return set_story_alert_state (
      self, article_id,
      "UPDATE alerts SET state = 'seen' WHERE state IN ('new', 'update') AND " STORY_OF_ARTICLE,
      error);
}

void
vigil_alert_record_free (VigilAlertRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->rule);
  g_free (record->state);
  g_free (record->matched);
  g_free (record);
}

GPtrArray *
vigil_store_list_story_alerts (VigilStore *self, gint64 article_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_record_free);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT al.rule, al.created, al.state, al.matched, al.article_id FROM alerts al "
                  "JOIN articles a ON a.id = al.article_id WHERE a.cluster_id = "
                  "(SELECT cluster_id FROM articles WHERE id = ?) ORDER BY al.created, al.id",
                  error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, article_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          VigilAlertRecord *r = g_new0 (VigilAlertRecord, 1);
          r->rule = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          r->created = sqlite3_column_int64 (stmt, 1);
          r->state = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          r->matched = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          r->article_id = sqlite3_column_int64 (stmt, 4);
          g_ptr_array_add (result, r);
        }
    }
  g_mutex_unlock (&self->read_lock);
  if (stmt == NULL)
    g_clear_pointer (&result, g_ptr_array_unref);
  return result;
}

gboolean
vigil_store_dismiss_story_alerts (VigilStore *self, gint64 article_id, GError **error)
{
  return set_story_alert_state (
      self, article_id, "UPDATE alerts SET state = 'dismissed' WHERE " STORY_OF_ARTICLE, error);
}

/* One alert a dismissal changed: its row and the state it had before. */
typedef struct
{
  gint64 alert_id;
  char *state;
} AlertState;

struct _VigilAlertUndo
{
  GArray *alerts; /* AlertState */
};

static void
alert_state_clear (gpointer data)
{
  g_free (((AlertState *) data)->state);
}

void
vigil_alert_undo_free (VigilAlertUndo *undo)
{
  if (undo == NULL)
    return;
  g_array_unref (undo->alerts);
  g_free (undo);
}

guint
vigil_alert_undo_get_n_alerts (VigilAlertUndo *undo)
{
  g_return_val_if_fail (undo != NULL, 0);
  return undo->alerts->len;
}

VigilAlertUndo *
vigil_store_dismiss_alerts (VigilStore *self, const gint64 *article_ids, guint n_ids,
                            GError **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  VigilAlertUndo *undo = g_new0 (VigilAlertUndo, 1);
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (n_ids == 0 || article_ids != NULL, NULL);
  undo->alerts = g_array_new (FALSE, FALSE, sizeof (AlertState));
  g_array_set_clear_func (undo->alerts, alert_state_clear);
  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      select = prepare (self->writer,
                        "SELECT id, state FROM alerts WHERE article_id = ? "
                        "AND state != 'dismissed' ORDER BY id",
                        error);
      update = select ? prepare (self->writer, "UPDATE alerts SET state = 'dismissed' WHERE id = ?",
                                 error)
                      : NULL;
      ok = update != NULL;
    }
  for (guint i = 0; ok && i < n_ids; i++)
    {
      int rc;
      sqlite3_reset (select);
      sqlite3_bind_int64 (select, 1, article_ids[i]);
      while ((rc = sqlite3_step (select)) == SQLITE_ROW)
        {
          AlertState state = { sqlite3_column_int64 (select, 0),
                               g_strdup ((const char *) sqlite3_column_text (select, 1)) };
          g_array_append_val (undo->alerts, state);
        }
      if (rc != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot read the alerts");
    }
  for (guint i = 0; ok && i < undo->alerts->len; i++)
    {
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (undo->alerts, AlertState, i).alert_id);
      if (sqlite3_step (update) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot update the alerts");
    }
  if (ok)
    ok = commit_write (self->writer, error);
  else if (sqlite3_get_autocommit (self->writer) == 0)
    exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  if (!ok)
    g_clear_pointer (&undo, vigil_alert_undo_free);
  return undo;
}

static void
dismiss_alerts_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GArray *ids = task_data;
  GError *error = NULL;
  VigilAlertUndo *undo = vigil_store_dismiss_alerts (VIGIL_STORE (source),
                                                     (const gint64 *) ids->data, ids->len, &error);

  if (undo != NULL)
    g_task_return_pointer (task, undo, (GDestroyNotify) vigil_alert_undo_free);
  else
    g_task_return_error (task, error);
}

void
vigil_store_dismiss_alerts_async (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  run_on_ids (self, article_ids, n_ids, vigil_store_dismiss_alerts_async, dismiss_alerts_thread,
              cancellable, callback, user_data);
}

VigilAlertUndo *
vigil_store_dismiss_alerts_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
undo_alerts_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (vigil_store_undo_alerts (VIGIL_STORE (source), task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vigil_store_undo_alerts_async (VigilStore *self, VigilAlertUndo *undo, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vigil_store_undo_alerts_async);
  g_task_set_task_data (task, undo, NULL);
  g_task_run_in_thread (task, undo_alerts_thread);
}

gboolean
vigil_store_undo_alerts_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_undo_alerts (VigilStore *self, VigilAlertUndo *undo, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);
  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      stmt = prepare (self->writer,
                      "UPDATE alerts SET state = ? WHERE id = ? AND state = 'dismissed'", error);
      ok = stmt != NULL;
    }
  for (guint i = 0; ok && i < undo->alerts->len; i++)
    {
      AlertState *state = &g_array_index (undo->alerts, AlertState, i);
      sqlite3_reset (stmt);
      bind_text (stmt, 1, state->state);
      sqlite3_bind_int64 (stmt, 2, state->alert_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot update the alerts");
    }
  if (ok)
    ok = commit_write (self->writer, error);
  else if (sqlite3_get_autocommit (self->writer) == 0)
    exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

/* ---- accounts and sync (issue 19) ---- */

void
vigil_account_free (VigilAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->kind);
  g_free (account->name);
  g_free (account->server_url);
  g_free (account->user);
  g_free (account->last_error);
  g_free (account->continuation);
  g_free (account);
}

#define ACCOUNT_COLUMNS                                                                            \
  "id, kind, name, server_url, user, last_sync, last_error, continuation, newest_item"

static VigilAccount *
account_from_row (sqlite3_stmt *stmt)
{
  VigilAccount *a = g_new0 (VigilAccount, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->kind = col_text (stmt, 1);
  a->name = col_text (stmt, 2);
  a->server_url = col_text (stmt, 3);
  a->user = col_text (stmt, 4);
  a->last_sync = sqlite3_column_int64 (stmt, 5);
  a->last_error = col_text (stmt, 6);
  a->continuation = col_text (stmt, 7);
  a->newest_item = sqlite3_column_int64 (stmt, 8);
  return a;
}

gint64
vigil_store_add_account (VigilStore *self, const char *kind, const char *name,
                         const char *server_url, const char *user, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (name != NULL && *name != '\0', 0);
  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer,
                  "INSERT INTO accounts (kind, name, server_url, user) VALUES (?, ?, ?, ?)", error);
  if (stmt)
    {
      bind_text (stmt, 1, kind);
      bind_text (stmt, 2, name);
      bind_text (stmt, 3, server_url);
      bind_text (stmt, 4, user);
      if (step_retry (self->writer, stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (self->writer);
      else if ((sqlite3_extended_errcode (self->writer)) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                     "An account named “%s” exists already", name);
      else
        set_sqlite_error (error, self->writer, "Cannot add the account");
    }
  g_mutex_unlock (&self->write_lock);
  return id;
}

static GPtrArray *
query_accounts (VigilStore *self, const char *where, const char *text, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat ("SELECT " ACCOUNT_COLUMNS " FROM accounts ", where, NULL);
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_account_free);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, sql, error);
  if (stmt)
    {
      if (text != NULL)
        bind_text (stmt, 1, text);
      else if (id != 0)
        sqlite3_bind_int64 (stmt, 1, id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (result, account_from_row (stmt));
    }
  g_mutex_unlock (&self->read_lock);
  return result;
}

GPtrArray *
vigil_store_list_accounts (VigilStore *self, GError **error)
{
  return query_accounts (self, "ORDER BY id", NULL, 0, error);
}

static VigilAccount *
first_account (GPtrArray *found, const char *what, GError **error)
{
  g_autoptr (GPtrArray) owned = found;

  if (owned->len == 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY, "No account %s", what);
      return NULL;
    }
  return g_ptr_array_steal_index (owned, 0);
}

VigilAccount *
vigil_store_get_account (VigilStore *self, gint64 id, GError **error)
{
  g_autofree char *what = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  return first_account (query_accounts (self, "WHERE id = ?", NULL, id, error), what, error);
}

VigilAccount *
vigil_store_find_account (VigilStore *self, const char *name, GError **error)
{
  g_autofree char *what = g_strdup_printf ("“%s”", name);
  return first_account (query_accounts (self, "WHERE name = ?", name, 0, error), what, error);
}

/* Runs one statement of the writer with int64 parameters, in autocommit. */
static gboolean
write_one (VigilStore *self, const char *sql, const char *text1, const char *text2,
           const gint64 *ints, guint n_ints, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = prepare (self->writer, sql, error);
  if (stmt)
    {
      /* ?1 and ?2: the texts; ?3...: the numbers */
      bind_text (stmt, 1, text1);
      bind_text (stmt, 2, text2);
      for (guint i = 0; i < n_ints; i++)
        sqlite3_bind_int64 (stmt, (int) i + 3, ints[i]);
      ok = step_retry (self->writer, stmt) == SQLITE_DONE;
      if (!ok)
        set_sqlite_error (error, self->writer, "Cannot update the account");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_set_account_result (VigilStore *self, gint64 account_id, gint64 last_sync,
                                const char *last_error, GError **error)
{
  gint64 ints[] = { account_id, last_sync };
  return write_one (self,
                    "UPDATE accounts SET last_error = ?1,"
                    " last_sync = CASE WHEN ?4 > 0 THEN ?4 ELSE last_sync END WHERE id = ?3",
                    last_error, NULL, ints, 2, error);
}

gboolean
vigil_store_set_account_cursor (VigilStore *self, gint64 account_id, gboolean set_continuation,
                                const char *continuation, gint64 newest_item, GError **error)
{
  gint64 ints[] = { account_id, newest_item, set_continuation ? 1 : 0 };
  return write_one (self,
                    "UPDATE accounts SET continuation = CASE WHEN ?5 THEN ?1 ELSE continuation END,"
                    " newest_item = max (newest_item, ?4) WHERE id = ?3",
                    continuation, NULL, ints, 3, error);
}

gboolean
vigil_store_remove_account (VigilStore *self, gint64 account_id, GError **error)
{
  static const char *const steps[] = {
    "DELETE FROM sources WHERE account_id = ?1",
    "DELETE FROM sync_actions WHERE account_id = ?1",
    "DELETE FROM sync_items WHERE account_id = ?1",
    "DELETE FROM accounts WHERE id = ?1",
  };
  gboolean ok;

  g_return_val_if_fail (account_id != VIGIL_ACCOUNT_LOCAL, FALSE);
  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self->writer, steps[i], error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, account_id);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            ok = set_sqlite_error (error, self->writer, "Cannot remove the account");
        }
    }
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gint64
vigil_store_sync_source (VigilStore *self, gint64 account_id, const char *remote_id,
                         const char *remote_url, const char *title, const char *html_url,
                         const char *folder, GError **error)
{
  g_autoptr (sqlite3_stmt) ins = NULL;
  g_autoptr (sqlite3_stmt) sel = NULL;
  g_autofree char *url = NULL;
  gint64 id = 0;

  /* sources.url is unique and is what Vigil itself fetches: a synced source
   * gets an address of its own that names its account and stream (the feed
   * may be a local source too), and the feed's address goes to remote_url. */
  url = g_strdup_printf ("vigil-sync:%" G_GINT64_FORMAT "/%s", account_id, remote_id);
  g_mutex_lock (&self->write_lock);
  ins = prepare (self->writer,
                 "INSERT INTO sources (url, title, html_url, folder, account_id, remote_id,"
                 " remote_url, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)"
                 " ON CONFLICT (url) DO UPDATE SET title = ?2, html_url = ?3, folder = ?4,"
                 " remote_id = ?6, remote_url = ?7",
                 error);
  sel = prepare (self->writer, "SELECT id FROM sources WHERE url = ?", error);
  if (ins && sel)
    {
      bind_text (ins, 1, url);
      bind_text (ins, 2, title);
      bind_text (ins, 3, html_url);
      bind_text (ins, 4, folder && *folder ? folder : NULL);
      sqlite3_bind_int64 (ins, 5, account_id);
      bind_text (ins, 6, remote_id);
      bind_text (ins, 7, remote_url);
      if (step_retry (self->writer, ins) != SQLITE_DONE)
        set_sqlite_error (error, self->writer, "Cannot store the synced source");
      else
        {
          bind_text (sel, 1, url);
          if (sqlite3_step (sel) == SQLITE_ROW)
            id = sqlite3_column_int64 (sel, 0);
        }
    }
  g_mutex_unlock (&self->write_lock);
  return id;
}

gint64
vigil_store_find_synced_source (VigilStore *self, gint64 account_id, const char *remote_id)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT id FROM sources WHERE account_id = ? AND remote_id = ?",
                  NULL);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      bind_text (stmt, 2, remote_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return id;
}

#define GONE_FROM_SERVER                                                                           \
  "account_id = ?3 AND remote_id IS NOT NULL"                                                      \
  " AND remote_id NOT IN (SELECT value FROM json_each (?1))"

gboolean
vigil_store_sync_remove_sources_except (VigilStore *self, gint64 account_id,
                                        const char *const *keep, const char *kept_reason,
                                        GError **error)
{
  static const char *const steps[] = {
    /* What the desk kept (starred, alerted) stays, no longer synced. */
    "UPDATE sources SET remote_id = NULL, status = 3, error = ?2 WHERE " GONE_FROM_SERVER
    " AND EXISTS (SELECT 1 FROM articles a WHERE a.source_id = sources.id AND (a.starred"
    " OR EXISTS (SELECT 1 FROM alerts l WHERE l.article_id = a.id)))",
    "DELETE FROM sync_items WHERE account_id = ?3 AND article_id IN (SELECT a.id FROM articles a"
    " JOIN sources s ON s.id = a.source_id WHERE s.account_id = ?3 AND s.remote_id IS NULL)",
    "DELETE FROM sources WHERE " GONE_FROM_SERVER,
  };
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  gboolean ok;

  json_builder_begin_array (builder);
  for (guint i = 0; keep && keep[i]; i++)
    json_builder_add_string_value (builder, keep[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = prepare (self->writer, steps[i], error);
      ok = stmt != NULL;
      if (!ok)
        break;
      bind_text (stmt, 1, json);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        bind_text (stmt, 2, kept_reason);
      sqlite3_bind_int64 (stmt, 3, account_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot update the synced sources");
    }
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_sync_first_read_done (VigilStore *self, gint64 account_id, gint64 now, GError **error)
{
  gint64 ints[] = { account_id, now };
  return write_one (self,
                    "UPDATE sources SET first_fetch = ?4, last_fetch = ?4 WHERE account_id = ?3"
                    " AND first_fetch = 0",
                    NULL, NULL, ints, 2, error);
}

void
vigil_sync_action_free (VigilSyncAction *action)
{
  if (action == NULL)
    return;
  g_free (action->kind);
  g_free (action->stream);
  g_free (action->arg);
  g_free (action);
}

GPtrArray *
vigil_store_list_sync_actions (VigilStore *self, gint64 account_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_sync_action_free);

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader,
                  "SELECT id, kind, item_id, stream, arg, created, attempts FROM sync_actions"
                  " WHERE account_id = ? ORDER BY id",
                  error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          VigilSyncAction *a = g_new0 (VigilSyncAction, 1);
          a->id = sqlite3_column_int64 (stmt, 0);
          a->kind = col_text (stmt, 1);
          a->item_id = sqlite3_column_int64 (stmt, 2);
          a->stream = col_text (stmt, 3);
          a->arg = col_text (stmt, 4);
          a->created = sqlite3_column_int64 (stmt, 5);
          a->attempts = (guint) sqlite3_column_int (stmt, 6);
          g_ptr_array_add (result, a);
        }
    }
  g_mutex_unlock (&self->read_lock);
  return result;
}

gint64
vigil_store_count_sync_actions (VigilStore *self, gint64 account_id)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT count(*) FROM sync_actions WHERE account_id = ?", NULL);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return n;
}

/* ids: a GArray of gint64 action ids. failed NULL: they were sent, and go;
 * otherwise they stay, with one attempt more and the reason. */
gboolean
vigil_store_finish_sync_actions (VigilStore *self, GArray *ids, const char *failed, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      stmt = prepare (self->writer,
                      failed == NULL ? "DELETE FROM sync_actions WHERE id = ?1"
                                     : "UPDATE sync_actions SET attempts = attempts + 1,"
                                       " last_error = ?2 WHERE id = ?1",
                      error);
      ok = stmt != NULL;
    }
  for (guint i = 0; ok && i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (failed != NULL)
        bind_text (stmt, 2, failed);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = set_sqlite_error (error, self->writer, "Cannot update the sync queue");
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gint64
vigil_store_sync_item_id (VigilStore *self, gint64 article_id)
{
  return read_int64 (self, "SELECT item_id FROM sync_items WHERE article_id = ?", article_id, 0);
}

gint64
vigil_store_sync_article_id (VigilStore *self, gint64 account_id, gint64 item_id)
{
  return read_int64 (self, "SELECT article_id FROM sync_items WHERE account_id = ? AND item_id = ?",
                     account_id, item_id);
}

gint64
vigil_store_count_sync_items (VigilStore *self, gint64 account_id)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0;

  g_mutex_lock (&self->read_lock);
  stmt = prepare (self->reader, "SELECT count(*) FROM sync_items WHERE account_id = ?", NULL);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  g_mutex_unlock (&self->read_lock);
  return n;
}

/* An item's read (or starred) state from the server, unless the desk changed
 * it since the last sync: a change still queued is newer and wins. */
#define NOT_PENDING(kinds)                                                                         \
  " AND NOT EXISTS (SELECT 1 FROM sync_actions q WHERE q.account_id = ?1"                          \
  " AND q.item_id = m.item_id AND q.kind IN " kinds ")"
#define NO_PENDING_MARK_ALL                                                                        \
  " AND NOT EXISTS (SELECT 1 FROM sync_actions q JOIN sources s ON s.remote_id = q.stream"         \
  " AND s.account_id = q.account_id JOIN articles b ON b.source_id = s.id"                         \
  " WHERE q.account_id = ?1 AND q.kind = 'mark-all-read' AND b.id = m.article_id)"

static gboolean
apply_states (VigilStore *self, gint64 account_id, GArray *item_ids, GArray *read, GArray *starred,
              GArray *crawl, gboolean complete, GError **error)
{
  /* With complete, item_ids lists every item the server has unread (read
   * states) or starred (starred states), and every other mapped article
   * of the account is read (not starred); otherwise each item of item_ids
   * gets its own state. */
  const char *read_each
      = "UPDATE articles SET read = ?3 WHERE read != ?3 AND id = (SELECT m.article_id FROM"
        " sync_items m WHERE m.account_id = ?1 AND m.item_id = ?2" NOT_PENDING (
            "('read', 'unread')") NO_PENDING_MARK_ALL ")";
  const char *star_each
      = "UPDATE articles SET starred = ?3 WHERE starred != ?3 AND id = (SELECT m.article_id FROM"
        " sync_items m WHERE m.account_id = ?1 AND m.item_id = ?2" NOT_PENDING (
            "('star', 'unstar')") ")";
  const char *read_all
      = "UPDATE articles SET read = (temp.sync_ids.id IS NULL) FROM sync_items m"
        " LEFT JOIN temp.sync_ids ON temp.sync_ids.id = m.item_id"
        " WHERE m.article_id = articles.id AND m.account_id = ?1"
        " AND articles.read != (temp.sync_ids.id IS NULL)" NOT_PENDING ("('read', 'unread')")
            NO_PENDING_MARK_ALL;
  const char *star_all
      = "UPDATE articles SET starred = (temp.sync_ids.id IS NOT NULL) FROM sync_items m"
        " LEFT JOIN temp.sync_ids ON temp.sync_ids.id = m.item_id"
        " WHERE m.article_id = articles.id AND m.account_id = ?1"
        " AND articles.starred != (temp.sync_ids.id IS NOT NULL)" NOT_PENDING (
            "('star', 'unstar')");
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = begin_write (self->writer, &self->write_lock, error)
       && exec (self->writer, "INSERT INTO sync_quiet VALUES (1)", error);
  if (ok && complete)
    {
      g_autoptr (sqlite3_stmt) ins = NULL;
      g_autoptr (sqlite3_stmt) upd = NULL;
      ok = exec (self->writer,
                 "CREATE TEMP TABLE IF NOT EXISTS sync_ids (id INTEGER PRIMARY KEY);"
                 " DELETE FROM temp.sync_ids",
                 error);
      if (ok)
        ok = (ins = prepare (self->writer, "INSERT OR IGNORE INTO temp.sync_ids VALUES (?)", error))
             != NULL;
      for (guint i = 0; ok && i < item_ids->len; i++)
        {
          sqlite3_reset (ins);
          sqlite3_bind_int64 (ins, 1, g_array_index (item_ids, gint64, i));
          if (sqlite3_step (ins) != SQLITE_DONE)
            ok = set_sqlite_error (error, self->writer, "Cannot apply the server's state");
        }
      if (ok)
        ok = (upd = prepare (self->writer, read ? read_all : star_all, error)) != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (upd, 1, account_id);
          if (sqlite3_step (upd) != SQLITE_DONE)
            ok = set_sqlite_error (error, self->writer, "Cannot apply the server's state");
        }
      g_clear_pointer (&upd, sqlite3_finalize);
      if (ok)
        ok = exec (self->writer, "DELETE FROM temp.sync_ids", error);
    }
  else if (ok)
    {
      g_autoptr (sqlite3_stmt) r = prepare (self->writer, read_each, error);
      g_autoptr (sqlite3_stmt) s = r ? prepare (self->writer, star_each, error) : NULL;
      g_autoptr (sqlite3_stmt) t
          = s ? prepare (self->writer,
                         "UPDATE sync_items SET crawl_usec = ?3 WHERE account_id = ?1"
                         " AND item_id = ?2",
                         error)
              : NULL;
      ok = t != NULL;
      for (guint i = 0; ok && i < item_ids->len; i++)
        for (int k = 0; ok && k < 3; k++)
          {
            sqlite3_stmt *stmt = k == 0 ? r : k == 1 ? s : t;
            GArray *values = k == 0 ? read : k == 1 ? starred : crawl;
            if (values == NULL)
              continue;
            sqlite3_reset (stmt);
            sqlite3_bind_int64 (stmt, 1, account_id);
            sqlite3_bind_int64 (stmt, 2, g_array_index (item_ids, gint64, i));
            if (k == 2)
              sqlite3_bind_int64 (stmt, 3, g_array_index (values, gint64, i));
            else
              sqlite3_bind_int (stmt, 3, g_array_index (values, gboolean, i) ? 1 : 0);
            if (sqlite3_step (stmt) != SQLITE_DONE)
              ok = set_sqlite_error (error, self->writer, "Cannot apply the server's state");
          }
    }
  if (ok)
    ok = exec (self->writer, "DELETE FROM sync_quiet", error);
  ok = end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_sync_apply_states (VigilStore *self, gint64 account_id, GArray *item_ids, GArray *read,
                               GArray *starred, GArray *crawl_usec, GError **error)
{
  return apply_states (self, account_id, item_ids, read, starred, crawl_usec, FALSE, error);
}

gboolean
vigil_store_sync_reconcile (VigilStore *self, gint64 account_id, gboolean starred, GArray *ids,
                            GError **error)
{
  return apply_states (self, account_id, ids, starred ? NULL : ids, NULL, NULL, TRUE, error);
}
