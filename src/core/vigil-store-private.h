/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-private.h — the store's insides for its files, and test-only calls */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "vigil-store.h"
#include "vigil-task.h"

G_BEGIN_DECLS

/* See the threading contract in vigil-store.h. */
struct _VigilStore
{
  GObject parent_instance;
  char *path;
  sqlite3 *writer; /* under write_lock */
  sqlite3 *reader; /* under read_lock */
  GMutex write_lock;
  GMutex read_lock;
  /* The reads of the thread that runs the store's main context (the UI's)
   * while a worker reads through the shared one: a connection of their own,
   * opened the first time, so that they never wait for a worker's read
   * (NULL: not yet, or it could not be opened). */
  sqlite3 *main_reader; /* under main_read_lock */
  GMutex main_read_lock;
  gboolean main_reader_failed;
  gint64 reader_token; /* this store's, once it has read a source (0: not yet) */
  int reader_fd;       /* the lock on the token's file */
  /* Change notification: what was written since the last "changed" (under
   * change_lock), and the idle source in context that will say it. */
  GMainContext *context;
  GMutex change_lock;
  VigilStoreChange pending;
  gint64 pending_source;
  GSource *change_source;
  /* The ingest's INSERT, prepared once on the writer (under write_lock). */
  sqlite3_stmt *insert_article;
  /* Checkpoints off the writer's path (vigil-store.c): a thread with its own
   * connection copies the log into the database when the writer's commits
   * have grown it; all under checkpoint_lock. */
  GThread *checkpointer;
  GMutex checkpoint_lock;
  GCond checkpoint_cond;
  gboolean checkpoint_wanted;
  gboolean checkpoint_quit;
  int checkpoint_from; /* the log's frames when the last round was asked for */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* ---- statements (vigil-store-sql.c; the connections: vigil-store.c) ---- */

/* Another process (vigil-cli watch beside the window, a second window) may hold
 * the database's write lock for longer than the busy timeout: writes that
 * matter are tried again for about a minute before they fail, never dropped. */
#define BUSY_RETRIES 12

/* Whether the last error of db says the database is busy or locked. */
gboolean store_is_busy (sqlite3 *db);

/* Sets a VIGIL_STORE_ERROR_QUERY error "what: SQLite's message"; returns FALSE. */
gboolean store_set_error (GError **error, sqlite3 *db, const char *what);
/* Runs SQL text (no parameters, no rows). */
gboolean store_exec (sqlite3 *db, const char *sql, GError **error);
sqlite3_stmt *store_prepare (sqlite3 *db, const char *sql, GError **error);
/* BEGIN IMMEDIATE, tried again while another process writes. lock (optional):
 * the store's write lock, held by the caller, let go between attempts. */
gboolean store_begin_write (sqlite3 *db, GMutex *lock, GError **error);
/* Takes the write lock and begins a write transaction; on failure the lock
 * is let go again and FALSE returned. */
gboolean store_lock_and_begin (VigilStore *self, GError **error);
/* COMMIT, tried again while busy; rolled back when it cannot be done. */
gboolean store_commit_write (sqlite3 *db, GError **error);
/* Ends the transaction store_begin_write opened: committed when ok, else
 * rolled back. Returns whether it was committed. */
gboolean store_end_write (sqlite3 *db, gboolean ok, GError **error);
/* One statement outside a transaction, tried again while the database is busy. */
int store_step_retry (sqlite3 *db, sqlite3_stmt *stmt);
/* Steps stmt to its end, appending its first column (an id) to ids; the last
 * sqlite3_step() result (SQLITE_DONE when all went well). */
int store_collect_ids (sqlite3_stmt *stmt, GArray *ids);

void store_bind_text (sqlite3_stmt *stmt, int col, const char *text); /* NULL binds NULL */
char *store_col_text (sqlite3_stmt *stmt, int col);
GDateTime *store_col_date (sqlite3_stmt *stmt, int col);

/* How a column of a row is read into a member of a record. */
typedef enum
{
  STORE_COL_SKIP,  /* read by the caller */
  STORE_COL_INT64, /* gint64 */
  STORE_COL_INT,   /* int, gboolean */
  STORE_COL_UINT,  /* guint */
  STORE_COL_TEXT,  /* char *, store_col_text */
  STORE_COL_DATE,  /* GDateTime *, store_col_date */
} StoreColKind;

typedef struct
{
  StoreColKind kind;
  gsize offset; /* of the member in the record */
} StoreCol;

/* Columns first_col, first_col + 1, ... of stmt's row into record, as cols says. */
void store_read_cols (sqlite3_stmt *stmt, int first_col, gpointer record, const StoreCol *cols,
                      gsize n_cols);

/* The connection a read uses, locked: the shared reader under the read
 * lock, or for the main context's thread when a worker holds that, its
 * own; store_read_end lets it go. */
sqlite3 *store_read_begin (VigilStore *self);
void store_read_end (VigilStore *self, sqlite3 *reader);

/* One number read under the reader's lock: sql's first column of its first
 * row, 0 when there is no row or the query fails. _int64: ?1 and ?2 bound to a
 * and b (a statement with fewer parameters ignores the rest); _text: ?1 to
 * text (NULL binds NULL) and ?2 to b; _bound: bind (stmt, data) binds them,
 * and otherwise is the value when there is no row. */
gint64 store_read_int64 (VigilStore *self, const char *sql, gint64 a, gint64 b);
gint64 store_read_int64_text (VigilStore *self, const char *sql, const char *text, gint64 b);
typedef void (*StoreBindFunc) (sqlite3_stmt *stmt, gconstpointer data);
gint64 store_read_int64_bound (VigilStore *self, const char *sql, StoreBindFunc bind,
                               gconstpointer data, gint64 otherwise);
/* The ids (sql's first column) of all its rows, under the reader's lock, in
 * a GArray of gint64; NULL with error "what: SQLite's message" when the query
 * fails. */
GArray *store_read_ids (VigilStore *self, const char *sql, StoreBindFunc bind, gconstpointer data,
                        const char *what, GError **error);
/* Binders for the calls above: store_bind_ints binds ?1 and ?2 to a and b (as
 * many as the statement has), store_bind_text_int ?1 to text and ?2 (if any)
 * to b. */
typedef struct
{
  const char *text;
  gint64 a, b;
} StoreReadArgs;
void store_bind_ints (sqlite3_stmt *stmt, gconstpointer data);
void store_bind_text_int (sqlite3_stmt *stmt, gconstpointer data);
/* The statements of steps in one write transaction, each bound by bind
 * (stmt, data) and run once; what: the error's words when one fails. */
gboolean store_write_steps (VigilStore *self, const char *const *steps, guint n_steps,
                            StoreBindFunc bind, gconstpointer data, const char *what,
                            GError **error);
/* One statement of the writer, in autocommit under the write lock: ?1 is id,
 * or with use_value ?1 is value and ?2 id. */
gboolean store_write_id (VigilStore *self, const char *sql, gint64 id, int value,
                         gboolean use_value, GError **error);
/* Runs thread in a worker with a copy of the ids (a GArray of gint64) as the
 * task's data: the async forms of the calls that take a list of articles. */
void store_run_on_ids (VigilStore *self, const gint64 *ids, guint n_ids, gpointer source_tag,
                       GTaskThreadFunc thread, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data);

/* After a write has committed (from any thread): what it changed (0:
 * nothing) is said by "changed" in the store's main context, coalesced with
 * the other writes made until that context's next iteration. */
void store_changed (VigilStore *self, VigilStoreChange what, gint64 source_id);

/* With the write lock held and ins (NULL: it could not be prepared) bound:
 * runs the insert (or update) of the source of that exact address, lets the
 * write lock go, and returns the source's id (0 when it failed, with error
 * "what: SQLite's message"). */
gint64 store_insert_source_unlock (VigilStore *self, sqlite3_stmt *ins, const char *url,
                                   const char *what, GError **error);

/* ---- article rows (vigil-store-articles.c) ---- */

#define ARTICLE_HEADER_COLUMNS                                                                     \
  "a.id, a.source_id, s.title, a.guid, a.title, a.link, a.author, a.published, a.updated, "        \
  "a.date_is_first_seen, a.lat, a.lon, a.language, a.score, a.level, a.read, a.first_seen, "       \
  "a.starred, a.cluster_id, a.simhash, "                                                           \
  "(SELECT count(*) FROM articles c WHERE c.cluster_id = a.cluster_id), a.entity_names, "          \
  "a.origin_title"

/* Columns after the header's */
#define ARTICLE_HEADER_N 23

VigilArticle *store_article_from_row (sqlite3_stmt *stmt);

/* ---- ingest (vigil-store-ingest.c) ---- */

/* The rows of a query that selects ARTICLE_HEADER_COLUMNS and then summary,
 * content and annotations, added to result as full articles. */
gboolean store_read_full_articles (sqlite3 *db, sqlite3_stmt *stmt, GPtrArray *result,
                                   GError **error);
/* The articles of sql's rows (ARTICLE_HEADER_COLUMNS, then with full the
 * summary, content and annotations), ?1 and ?2 bound to a and b (as many as
 * it has), under the reader's lock; NULL with error when the read fails. */
GPtrArray *store_read_articles (VigilStore *self, const char *sql, gint64 a, gint64 b,
                                gboolean full, GError **error);
/* A list of records as a column stores it: a JSON array, an object a record
 * that add writes (add may leave one out), or NULL for an empty list. */
char *store_records_to_json (GPtrArray *records,
                             void (*add) (JsonBuilder *b, gconstpointer record));
/* The records of the JSON array a column holds (none when NULL or not an
 * array) added to out while it has fewer than max: each object as read
 * makes it, left out when read returns NULL. */
void store_records_from_json (GPtrArray *out, const char *json, guint max,
                              gpointer (*read) (JsonObject *o));
/* An item's attachments as stored (a JSON array, or NULL for none), and back. */
char *store_enclosures_to_json (GPtrArray *enclosures);
void store_enclosures_from_json (GPtrArray *out, const char *json);
/* An item's authors (VigilPerson*) as stored (a JSON array, or NULL for
 * none), and back (vigil-store-feed-meta.c). */
char *store_people_to_json (GPtrArray *people);
void store_people_from_json (GPtrArray *out, const char *json);

/* ---- alerts (vigil-store-alerts.c) ---- */

/* What the story alerts recorded in one write transaction read from the
 * store: their statements, and what they found of each story (its size,
 * which of its articles have alerts of a rule, dismissed or not), so that a
 * story of thousands of reports is not counted again for each alert. Valid
 * while the write lock is held and the transaction open: nothing else writes.
 * Zero-filled to begin with; store_alert_cache_clear frees it. */
typedef struct
{
  sqlite3_stmt *stmts[6];
  GHashTable *sizes;     /* cluster id (gint64*) -> articles in it (gint64*) */
  GHashTable *known;     /* "cluster id:rule" -> KnownAlerts (vigil-store-alerts.c) */
  GHashTable *dismissed; /* rule -> dismissed alerts of it (NULL until read) */
  gint64 dismissed_total;
} StoreAlertCache;

void store_alert_cache_clear (StoreAlertCache *cache);
/* An article was stored in a story in the transaction (its size grows). */
void store_alert_cache_added (StoreAlertCache *cache, gint64 cluster_id);
/* Records one alert with the write lock held and a transaction open (or in
 * autocommit). */
gboolean store_record_story_alert (VigilStore *self, StoreAlertCache *cache, gint64 article_id,
                                   gint64 cluster_id, VigilStoryAlert *alert, GError **error);

/* ---- test-only API ---- */

/* Caps the database file at about `bytes` (0: no cap), as a full disk would:
 * writes past it fail with SQLITE_FULL and change nothing. */
void vigil_store_limit_size (VigilStore *self, gint64 bytes);
/* The FTS5 expression for a user's query, or NULL when it has no words. */
char *vigil_store_fts_query (const char *user_query);
/* Records an alert alone (not per story): returns TRUE when (rule, article)
 * was not recorded before. */
gboolean vigil_store_add_alert (VigilStore *self, const char *rule, gint64 article_id,
                                const char *matched_terms, gboolean *out_inserted, GError **error);
/* Marks the story of an article as seen (its new and updated alerts' state
 * becomes "seen"); vigil_store_set_read_async does it when it marks read. */
gboolean vigil_store_mark_story_seen (VigilStore *self, gint64 article_id, GError **error);
/* The desk has dealt with the story: its alerts leave the Alerts view and the
 * unseen count, and later reports of it stay quiet (for the same rules). */
gboolean vigil_store_dismiss_story_alerts (VigilStore *self, gint64 article_id, GError **error);
/* The article of a server's item id, or 0. */
gint64 vigil_store_sync_article_id (VigilStore *self, gint64 account_id, gint64 item_id);

G_END_DECLS
