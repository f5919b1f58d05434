/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-sql.c — the statements and transactions every store file uses: errors, prepare,
 * exec, begin/commit with retries while busy, binding and reading columns, one-value reads */
#include "vigil-store-private.h"

gboolean
store_set_error (GError **error, sqlite3 *db, const char *what)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY, "%s: %s", what,
               sqlite3_errmsg (db));
  return FALSE;
}

gboolean
store_exec (sqlite3 *db, const char *sql, GError **error)
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

sqlite3_stmt *
store_prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      store_set_error (error, db, "Cannot prepare query");
      return NULL;
    }
  return stmt;
}

gboolean
store_is_busy (sqlite3 *db)
{
  int code = sqlite3_errcode (db) & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/* lock (optional): the store's write lock, held by the caller; let go while
 * waiting between attempts, so that the window's own writes are not queued
 * behind a worker that waits for another process. */
gboolean
store_begin_write (sqlite3 *db, GMutex *lock, GError **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      if (store_exec (db, "BEGIN IMMEDIATE", &local))
        return TRUE;
      if (!store_is_busy (db) || attempt + 1 >= BUSY_RETRIES)
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

gboolean
store_lock_and_begin (VigilStore *self, GError **error)
{
  g_mutex_lock (&self->write_lock);
  if (store_begin_write (self->writer, &self->write_lock, error))
    return TRUE;
  g_mutex_unlock (&self->write_lock);
  return FALSE;
}

gboolean
store_commit_write (sqlite3 *db, GError **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local = NULL;
      if (store_exec (db, "COMMIT", &local))
        return TRUE;
      if (!store_is_busy (db) || attempt + 1 >= BUSY_RETRIES)
        {
          store_exec (db, "ROLLBACK", NULL);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_usleep (50000 * (attempt + 1));
    }
}

int
store_collect_ids (sqlite3_stmt *stmt, GArray *ids)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return rc;
}

/* One statement outside a transaction, tried again while the database is busy. */
int
store_step_retry (sqlite3 *db, sqlite3_stmt *stmt)
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

void
store_bind_text (sqlite3_stmt *stmt, int col, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, col);
}

char *
store_col_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);
  return t ? g_strdup ((const char *) t) : NULL;
}

GDateTime *
store_col_date (sqlite3_stmt *stmt, int col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, col));
}

void
store_read_cols (sqlite3_stmt *stmt, int first_col, gpointer record, const StoreCol *cols,
                 gsize n_cols)
{
  for (gsize i = 0; i < n_cols; i++)
    {
      gpointer member = (char *) record + cols[i].offset;
      int col = first_col + (int) i;

      switch (cols[i].kind)
        {
        case STORE_COL_SKIP:
          break;
        case STORE_COL_INT64:
          *(gint64 *) member = sqlite3_column_int64 (stmt, col);
          break;
        case STORE_COL_INT:
          *(int *) member = sqlite3_column_int (stmt, col);
          break;
        case STORE_COL_UINT:
          *(guint *) member = (guint) sqlite3_column_int (stmt, col);
          break;
        case STORE_COL_TEXT:
          *(char **) member = store_col_text (stmt, col);
          break;
        case STORE_COL_DATE:
          *(GDateTime **) member = store_col_date (stmt, col);
          break;
        }
    }
}

/* Ends the transaction begin_write opened: committed when ok, else rolled
 * back. Returns whether it was committed. */
gboolean
store_end_write (sqlite3 *db, gboolean ok, GError **error)
{
  if (ok)
    return store_commit_write (db, error);
  if (sqlite3_get_autocommit (db) == 0)
    store_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

/* Runs thread in a worker with a copy of the ids (a GArray of gint64) as the
 * task's data: the async forms of the calls that take a list of articles. */
void
store_run_on_ids (VigilStore *self, const gint64 *ids, guint n_ids, gpointer source_tag,
                  GTaskThreadFunc thread, GCancellable *cancellable, GAsyncReadyCallback callback,
                  gpointer user_data)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (copy, ids, n_ids);
  vigil_task_run_in_thread (self, source_tag, copy, (GDestroyNotify) g_array_unref, thread,
                            cancellable, callback, user_data);
}

gboolean
store_write_steps (VigilStore *self, const char *const *steps, guint n_steps, StoreBindFunc bind,
                   gconstpointer data, const char *what, GError **error)
{
  gboolean ok = TRUE;

  if (!store_lock_and_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && i < n_steps; i++)
    {
      g_autoptr (sqlite3_stmt) stmt = store_prepare (self->writer, steps[i], error);
      ok = stmt != NULL;
      if (!ok)
        break;
      bind (stmt, data);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, what);
    }
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
store_write_id (VigilStore *self, const char *sql, gint64 id, int value, gboolean use_value,
                GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = store_prepare (self->writer, sql, error);
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
        store_set_error (error, self->writer, "Cannot update the database");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gint64
store_read_int64_bound (VigilStore *self, const char *sql, StoreBindFunc bind, gconstpointer data,
                        gint64 otherwise)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 value = otherwise;

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader, sql, NULL);
  if (stmt)
    {
      bind (stmt, data);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    }
  store_read_end (self, reader);
  return value;
}

GArray *
store_read_ids (VigilStore *self, const char *sql, StoreBindFunc bind, gconstpointer data,
                const char *what, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader, sql, error);
  if (stmt)
    {
      bind (stmt, data);
      if (store_collect_ids (stmt, ids) != SQLITE_DONE)
        {
          store_set_error (error, reader, what);
          g_clear_pointer (&stmt, sqlite3_finalize);
        }
    }
  store_read_end (self, reader);
  if (stmt == NULL)
    g_clear_pointer (&ids, g_array_unref);
  return ids;
}

void
store_bind_ints (sqlite3_stmt *stmt, gconstpointer data)
{
  const StoreReadArgs *args = data;
  int n = sqlite3_bind_parameter_count (stmt);

  if (n >= 1)
    sqlite3_bind_int64 (stmt, 1, args->a);
  if (n >= 2)
    sqlite3_bind_int64 (stmt, 2, args->b);
}

void
store_bind_text_int (sqlite3_stmt *stmt, gconstpointer data)
{
  const StoreReadArgs *args = data;

  store_bind_text (stmt, 1, args->text);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, args->b);
}

gint64
store_read_int64 (VigilStore *self, const char *sql, gint64 a, gint64 b)
{
  StoreReadArgs args = { NULL, a, b };
  return store_read_int64_bound (self, sql, store_bind_ints, &args, 0);
}

gint64
store_read_int64_text (VigilStore *self, const char *sql, const char *text, gint64 b)
{
  StoreReadArgs args = { text, 0, b };
  return store_read_int64_bound (self, sql, store_bind_text_int, &args, 0);
}
