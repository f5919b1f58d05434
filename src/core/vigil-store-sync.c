/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-sync.c — sync accounts, synced sources, item ids, the queue of changes */
#include "vigil-store-private.h"

#include <json-glib/json-glib.h>

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
  static const StoreCol cols[] = {
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilAccount, id) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilAccount, kind) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilAccount, name) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilAccount, server_url) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilAccount, user) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilAccount, last_sync) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilAccount, last_error) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilAccount, continuation) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilAccount, newest_item) },
  };
  VigilAccount *a = g_new0 (VigilAccount, 1);

  store_read_cols (stmt, 0, a, cols, G_N_ELEMENTS (cols));
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
  stmt = store_prepare (self->writer,
                        "INSERT INTO accounts (kind, name, server_url, user) VALUES (?, ?, ?, ?)",
                        error);
  if (stmt)
    {
      store_bind_text (stmt, 1, kind);
      store_bind_text (stmt, 2, name);
      store_bind_text (stmt, 3, server_url);
      store_bind_text (stmt, 4, user);
      if (store_step_retry (self->writer, stmt) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (self->writer);
      else if ((sqlite3_extended_errcode (self->writer)) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                     "An account named “%s” exists already", name);
      else
        store_set_error (error, self->writer, "Cannot add the account");
    }
  g_mutex_unlock (&self->write_lock);
  store_changed (self, id > 0 ? VIGIL_STORE_CHANGE_ACCOUNTS : 0, 0);
  return id;
}

static GPtrArray *
query_accounts (VigilStore *self, const char *where, const char *text, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat ("SELECT " ACCOUNT_COLUMNS " FROM accounts ", where, NULL);
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_account_free);

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader, sql, error);
  if (stmt)
    {
      if (text != NULL)
        store_bind_text (stmt, 1, text);
      else if (id != 0)
        sqlite3_bind_int64 (stmt, 1, id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (result, account_from_row (stmt));
    }
  store_read_end (self, reader);
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

/* Runs one statement of the writer with int64 parameters, in autocommit;
 * what: the change it makes. */
static gboolean
write_one (VigilStore *self, const char *sql, const char *text1, const char *text2,
           const gint64 *ints, guint n_ints, VigilStoreChange what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = store_prepare (self->writer, sql, error);
  if (stmt)
    {
      /* ?1 and ?2: the texts; ?3...: the numbers */
      store_bind_text (stmt, 1, text1);
      store_bind_text (stmt, 2, text2);
      for (guint i = 0; i < n_ints; i++)
        sqlite3_bind_int64 (stmt, (int) i + 3, ints[i]);
      ok = store_step_retry (self->writer, stmt) == SQLITE_DONE;
      if (!ok)
        store_set_error (error, self->writer, "Cannot update the account");
    }
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? what : 0, 0);
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
                    last_error, NULL, ints, 2, VIGIL_STORE_CHANGE_ACCOUNTS, error);
}

gboolean
vigil_store_set_account_cursor (VigilStore *self, gint64 account_id, gboolean set_continuation,
                                const char *continuation, gint64 newest_item, GError **error)
{
  gint64 ints[] = { account_id, newest_item, set_continuation ? 1 : 0 };
  return write_one (self,
                    "UPDATE accounts SET continuation = CASE WHEN ?5 THEN ?1 ELSE continuation END,"
                    " newest_item = max (newest_item, ?4) WHERE id = ?3",
                    continuation, NULL, ints, 3, VIGIL_STORE_CHANGE_ACCOUNTS, error);
}

static void
bind_account (sqlite3_stmt *stmt, gconstpointer data)
{
  sqlite3_bind_int64 (stmt, 1, *(const gint64 *) data);
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
  ok = store_write_steps (self, steps, G_N_ELEMENTS (steps), bind_account, &account_id,
                          "Cannot remove the account", error);
  store_changed (self,
                 ok ? VIGIL_STORE_CHANGE_ACCOUNTS | VIGIL_STORE_CHANGE_SOURCES
                          | VIGIL_STORE_CHANGE_ARTICLES | VIGIL_STORE_CHANGE_ALERTS
                          | VIGIL_STORE_CHANGE_STORIES
                    : 0,
                 0);
  return ok;
}

gint64
vigil_store_sync_source (VigilStore *self, gint64 account_id, const char *remote_id,
                         const char *remote_url, const char *title, const char *html_url,
                         const char *folder, GError **error)
{
  g_autoptr (sqlite3_stmt) ins = NULL;
  g_autofree char *url = NULL;

  /* sources.url is unique and is what Vigil itself fetches: a synced source
   * gets an address of its own that names its account and stream (the feed
   * may be a local source too), and the feed's address goes to remote_url. */
  url = g_strdup_printf ("vigil-sync:%" G_GINT64_FORMAT "/%s", account_id, remote_id);
  g_mutex_lock (&self->write_lock);
  ins = store_prepare (self->writer,
                       "INSERT INTO sources (url, title, html_url, folder, account_id, remote_id,"
                       " remote_url, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)"
                       " ON CONFLICT (url) DO UPDATE SET title = ?2, html_url = ?3, folder = ?4,"
                       " remote_id = ?6, remote_url = ?7",
                       error);
  if (ins)
    {
      store_bind_text (ins, 1, url);
      store_bind_text (ins, 2, title);
      store_bind_text (ins, 3, html_url);
      store_bind_text (ins, 4, folder && *folder ? folder : NULL);
      sqlite3_bind_int64 (ins, 5, account_id);
      store_bind_text (ins, 6, remote_id);
      store_bind_text (ins, 7, remote_url);
    }
  return store_insert_source_unlock (self, ins, url, "Cannot store the synced source", error);
}

gint64
vigil_store_find_synced_source (VigilStore *self, gint64 account_id, const char *remote_id)
{
  return store_read_int64_text (self,
                                "SELECT id FROM sources WHERE remote_id = ?1 AND account_id = ?2",
                                remote_id, account_id);
}

#define GONE_FROM_SERVER                                                                           \
  "account_id = ?3 AND remote_id IS NOT NULL"                                                      \
  " AND remote_id NOT IN (SELECT value FROM json_each (?1))"

typedef struct
{
  const char *keep;        /* ?1: a JSON array of the remote ids kept */
  const char *kept_reason; /* ?2 */
  gint64 account_id;       /* ?3 */
} GoneArgs;

static void
bind_gone (sqlite3_stmt *stmt, gconstpointer data)
{
  const GoneArgs *args = data;

  store_bind_text (stmt, 1, args->keep);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    store_bind_text (stmt, 2, args->kept_reason);
  sqlite3_bind_int64 (stmt, 3, args->account_id);
}

gboolean
vigil_store_sync_remove_sources_except (VigilStore *self, gint64 account_id,
                                        const char *const *keep, const char *kept_reason,
                                        GError **error)
{
  static const char *const steps[] = {
    /* What the desk kept (starred, alerted) stays, no longer synced; a
     * quiet alert (a rule's match found when it was saved) keeps nothing. */
    "UPDATE sources SET remote_id = NULL, status = 3, error = ?2 WHERE " GONE_FROM_SERVER
    " AND EXISTS (SELECT 1 FROM articles a WHERE a.source_id = sources.id AND (a.starred"
    " OR EXISTS (SELECT 1 FROM alerts l WHERE l.article_id = a.id AND l.state != 'quiet')))",
    "DELETE FROM sync_items WHERE account_id = ?3 AND article_id IN (SELECT a.id FROM articles a"
    " JOIN sources s ON s.id = a.source_id WHERE s.account_id = ?3 AND s.remote_id IS NULL)",
    "DELETE FROM sources WHERE " GONE_FROM_SERVER,
  };
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  GoneArgs args = { NULL, kept_reason, account_id };
  gboolean ok;

  json_builder_begin_array (builder);
  for (guint i = 0; keep && keep[i]; i++)
    json_builder_add_string_value (builder, keep[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  args.keep = json;
  ok = store_write_steps (self, steps, G_N_ELEMENTS (steps), bind_gone, &args,
                          "Cannot update the synced sources", error);
  store_changed (self,
                 ok ? VIGIL_STORE_CHANGE_SOURCES | VIGIL_STORE_CHANGE_ARTICLES
                          | VIGIL_STORE_CHANGE_ALERTS | VIGIL_STORE_CHANGE_STORIES
                    : 0,
                 0);
  return ok;
}

gboolean
vigil_store_sync_first_read_done (VigilStore *self, gint64 account_id, gint64 now, GError **error)
{
  gint64 ints[] = { account_id, now };
  return write_one (self,
                    "UPDATE sources SET first_fetch = ?4, last_fetch = ?4 WHERE account_id = ?3"
                    " AND first_fetch = 0",
                    NULL, NULL, ints, 2, VIGIL_STORE_CHANGE_SOURCES, error);
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
  static const StoreCol cols[] = {
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSyncAction, id) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSyncAction, kind) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSyncAction, item_id) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSyncAction, stream) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSyncAction, arg) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSyncAction, created) },
    { STORE_COL_UINT, G_STRUCT_OFFSET (VigilSyncAction, attempts) },
  };

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader,
                        "SELECT id, kind, item_id, stream, arg, created, attempts FROM sync_actions"
                        " WHERE account_id = ? ORDER BY id",
                        error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          VigilSyncAction *a = g_new0 (VigilSyncAction, 1);
          store_read_cols (stmt, 0, a, cols, G_N_ELEMENTS (cols));
          g_ptr_array_add (result, a);
        }
    }
  store_read_end (self, reader);
  return result;
}

gint64
vigil_store_count_sync_actions (VigilStore *self, gint64 account_id)
{
  return store_read_int64 (self, "SELECT count(*) FROM sync_actions WHERE account_id = ?",
                           account_id, 0);
}

/* ids: a GArray of gint64 action ids. failed NULL: they were sent, and go;
 * otherwise they stay, with one attempt more and the reason. */
gboolean
vigil_store_finish_sync_actions (VigilStore *self, GArray *ids, const char *failed, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = store_begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      stmt = store_prepare (self->writer,
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
        store_bind_text (stmt, 2, failed);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot update the sync queue");
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_ACCOUNTS : 0, 0);
  return ok;
}

gint64
vigil_store_sync_item_id (VigilStore *self, gint64 article_id)
{
  return store_read_int64 (self, "SELECT item_id FROM sync_items WHERE article_id = ?", article_id,
                           0);
}

gint64
vigil_store_sync_article_id (VigilStore *self, gint64 account_id, gint64 item_id)
{
  return store_read_int64 (self,
                           "SELECT article_id FROM sync_items WHERE account_id = ? AND item_id = ?",
                           account_id, item_id);
}

gint64
vigil_store_count_sync_items (VigilStore *self, gint64 account_id)
{
  return store_read_int64 (self, "SELECT count(*) FROM sync_items WHERE account_id = ?", account_id,
                           0);
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
  ok = store_begin_write (self->writer, &self->write_lock, error)
       && store_exec (self->writer, "INSERT INTO sync_quiet VALUES (1)", error);
  if (ok && complete)
    {
      g_autoptr (sqlite3_stmt) ins = NULL;
      g_autoptr (sqlite3_stmt) upd = NULL;
      ok = store_exec (self->writer,
                       "CREATE TEMP TABLE IF NOT EXISTS sync_ids (id INTEGER PRIMARY KEY);"
                       " DELETE FROM temp.sync_ids",
                       error);
      if (ok)
        ok = (ins = store_prepare (self->writer, "INSERT OR IGNORE INTO temp.sync_ids VALUES (?)",
                                   error))
             != NULL;
      for (guint i = 0; ok && i < item_ids->len; i++)
        {
          sqlite3_reset (ins);
          sqlite3_bind_int64 (ins, 1, g_array_index (item_ids, gint64, i));
          if (sqlite3_step (ins) != SQLITE_DONE)
            ok = store_set_error (error, self->writer, "Cannot apply the server's state");
        }
      if (ok)
        ok = (upd = store_prepare (self->writer, read ? read_all : star_all, error)) != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (upd, 1, account_id);
          if (sqlite3_step (upd) != SQLITE_DONE)
            ok = store_set_error (error, self->writer, "Cannot apply the server's state");
        }
      g_clear_pointer (&upd, sqlite3_finalize);
      if (ok)
        ok = store_exec (self->writer, "DELETE FROM temp.sync_ids", error);
    }
  else if (ok)
    {
      g_autoptr (sqlite3_stmt) r = store_prepare (self->writer, read_each, error);
      g_autoptr (sqlite3_stmt) s = r ? store_prepare (self->writer, star_each, error) : NULL;
      g_autoptr (sqlite3_stmt) t
          = s ? store_prepare (self->writer,
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
              ok = store_set_error (error, self->writer, "Cannot apply the server's state");
          }
    }
  if (ok)
    ok = store_exec (self->writer, "DELETE FROM sync_quiet", error);
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_ARTICLES : 0, 0);
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
