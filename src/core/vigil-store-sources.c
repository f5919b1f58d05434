/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-sources.c — sources: add, list, fetch state, the desk's edits */
#include "vigil-store-private.h"

gint64
vigil_store_add_source (VigilStore *self, const char *url, const char *title, const char *html_url,
                        const char *folder, GError **error)
{
  g_autoptr (sqlite3_stmt) ins = NULL;

  g_mutex_lock (&self->write_lock);
  ins = store_prepare (
      self->writer,
      "INSERT OR IGNORE INTO sources (url, title, html_url, folder) VALUES (?, ?, ?, ?)", error);
  if (ins)
    {
      store_bind_text (ins, 1, url);
      store_bind_text (ins, 2, title);
      store_bind_text (ins, 3, html_url);
      store_bind_text (ins, 4, folder);
    }
  return store_insert_source_unlock (self, ins, url, "Cannot add the source", error);
}

gint64
store_insert_source_unlock (VigilStore *self, sqlite3_stmt *ins, const char *url, const char *what,
                            GError **error)
{
  g_autoptr (sqlite3_stmt) sel = NULL;
  gint64 id = 0;

  if (ins != NULL && store_step_retry (self->writer, ins) != SQLITE_DONE)
    store_set_error (error, self->writer, what);
  else if (ins != NULL)
    sel = store_prepare (self->writer, "SELECT id FROM sources WHERE url = ?", NULL);
  if (sel != NULL)
    {
      store_bind_text (sel, 1, url);
      if (sqlite3_step (sel) == SQLITE_ROW)
        id = sqlite3_column_int64 (sel, 0);
    }
  g_clear_pointer (&sel, sqlite3_finalize);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, id > 0 ? VIGIL_STORE_CHANGE_SOURCES : 0, 0);
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
  static const StoreCol cols[] = {
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSource, id) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, url) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, title) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, html_url) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, folder) },
    { STORE_COL_INT, G_STRUCT_OFFSET (VigilSource, enabled) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, etag) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, last_modified) },
    { STORE_COL_SKIP, G_STRUCT_OFFSET (VigilSource, status) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, error) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSource, last_fetch) },
    { STORE_COL_UINT, G_STRUCT_OFFSET (VigilSource, interval_minutes) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSource, next_attempt) },
    { STORE_COL_UINT, G_STRUCT_OFFSET (VigilSource, failures) },
    { STORE_COL_UINT, G_STRUCT_OFFSET (VigilSource, unread) },
    { STORE_COL_INT, G_STRUCT_OFFSET (VigilSource, load_images) },
    { STORE_COL_UINT, G_STRUCT_OFFSET (VigilSource, interrupted) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSource, first_fetch) },
    { STORE_COL_SKIP, G_STRUCT_OFFSET (VigilSource, full_text) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilSource, account_id) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, remote_id) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilSource, remote_url) },
  };
  VigilSource *s = vigil_source_new ();

  store_read_cols (stmt, 0, s, cols, G_N_ELEMENTS (cols));
  s->status = sqlite3_column_int (stmt, 8);
  s->full_text = (VigilFullText) CLAMP (sqlite3_column_int (stmt, 18), VIGIL_FULL_TEXT_ON_REQUEST,
                                        VIGIL_FULL_TEXT_SUMMARY);
  return s;
}

GPtrArray *
vigil_store_list_sources (VigilStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (
      reader, "SELECT " SOURCE_COLUMNS " FROM sources s ORDER BY s.folder, s.title COLLATE NOCASE",
      error);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (result, source_from_row (stmt));
  store_read_end (self, reader);
  return result;
}

VigilSource *
vigil_store_get_source (VigilStore *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  VigilSource *result = NULL;

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader, "SELECT " SOURCE_COLUMNS " FROM sources s WHERE s.id = ?", error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        result = source_from_row (stmt);
      else
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                     "No source with id %" G_GINT64_FORMAT, id);
    }
  store_read_end (self, reader);
  return result;
}

gint64
vigil_store_count_sources (VigilStore *self)
{
  return store_read_int64 (self, "SELECT count(*) FROM sources", 0, 0);
}

/* Whether the update of source id just stepped (rc) changed it: an error
 * when it failed or there is no such source. */
static gboolean
changed_the_source (VigilStore *self, int rc, gint64 id, GError **error)
{
  if (rc != SQLITE_DONE)
    return store_set_error (error, self->writer, "Cannot change the source");
  if (sqlite3_changes (self->writer) == 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                   "No source with id %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

/* One UPDATE of source id by the writer, under the write lock, its
 * parameters bound by bind (stmt, data). With must_change, it fails as
 * changed_the_source() says; else only when it cannot run ("Cannot update the
 * source"), a source gone meanwhile being no error. */
static gboolean
update_source (VigilStore *self, gint64 id, const char *sql, StoreBindFunc bind, gconstpointer data,
               gboolean must_change, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = store_prepare (self->writer, sql, error);
  if (stmt)
    {
      int rc;

      bind (stmt, data);
      rc = store_step_retry (self->writer, stmt);
      if (must_change)
        ok = changed_the_source (self, rc, id, error);
      else if (!(ok = rc == SQLITE_DONE))
        store_set_error (error, self->writer, "Cannot update the source");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

static void
bind_fetch_state (sqlite3_stmt *stmt, gconstpointer data)
{
  const VigilSource *source = data;

  store_bind_text (stmt, 1, source->url);
  store_bind_text (stmt, 2, source->title);
  store_bind_text (stmt, 3, source->html_url);
  sqlite3_bind_int (stmt, 5, source->enabled);
  store_bind_text (stmt, 6, source->etag);
  store_bind_text (stmt, 7, source->last_modified);
  sqlite3_bind_int (stmt, 8, source->status);
  store_bind_text (stmt, 9, source->error);
  sqlite3_bind_int64 (stmt, 10, source->last_fetch);
  sqlite3_bind_int64 (stmt, 12, source->next_attempt);
  sqlite3_bind_int (stmt, 13, source->failures);
  sqlite3_bind_int64 (stmt, 14, source->id);
  sqlite3_bind_int (stmt, 15, (int) source->interrupted);
  sqlite3_bind_int64 (stmt, 16, source->first_fetch);
}

gboolean
vigil_store_update_source (VigilStore *self, VigilSource *source, GError **error)
{
  gboolean ok = update_source (
      self, source->id,
      /* The fetch state only: what the desk edits (title, folder, interval,
       * images) may have changed while this source was being fetched. A
       * title is filled in when the source has none. */
      "UPDATE sources SET url = ?1, title = coalesce (nullif (title, ''), ?2), html_url = ?3, "
      "enabled = ?5, etag = ?6, last_modified = ?7, status = ?8, error = ?9, last_fetch = ?10, "
      "next_attempt = ?12, failures = ?13, interrupted = ?15, "
      /* the earliest first read wins: two processes may both read it first */
      "first_fetch = CASE WHEN first_fetch = 0 OR (?16 > 0 AND ?16 < first_fetch) THEN ?16"
      " ELSE first_fetch END WHERE id = ?14",
      bind_fetch_state, source, FALSE, error);

  store_changed (self, ok ? VIGIL_STORE_CHANGE_SOURCES : 0, 0);
  return ok;
}

/* What the desk edits of a source (vigil_store_edit_source). */
typedef struct
{
  gint64 id;
  const char *title, *folder; /* NULL: none */
  guint interval_minutes;
  gboolean load_images;
} SourceEdit;

static void
bind_source_edit (sqlite3_stmt *stmt, gconstpointer data)
{
  const SourceEdit *edit = data;

  store_bind_text (stmt, 1, edit->title);
  store_bind_text (stmt, 2, edit->folder);
  sqlite3_bind_int (stmt, 3, (int) MIN (edit->interval_minutes, 10080));
  sqlite3_bind_int (stmt, 4, edit->load_images ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, edit->id);
}

gboolean
vigil_store_edit_source (VigilStore *self, gint64 id, const char *title, const char *folder,
                         guint interval_minutes, gboolean load_images, GError **error)
{
  g_autofree char *t = g_strstrip (g_strdup (title ? title : ""));
  g_autofree char *f = g_strstrip (g_strdup (folder ? folder : ""));
  SourceEdit edit = { id, *t ? t : NULL, *f ? f : NULL, interval_minutes, load_images };
  gboolean ok = update_source (self, id,
                               "UPDATE sources SET title = ?, folder = ?, interval_minutes = ?,"
                               " load_images = ? WHERE id = ?",
                               bind_source_edit, &edit, TRUE, error);

  store_changed (self, ok ? VIGIL_STORE_CHANGE_SOURCES | VIGIL_STORE_CHANGE_ARTICLES : 0, id);
  return ok;
}

gboolean
vigil_store_set_source_full_text (VigilStore *self, gint64 id, VigilFullText mode, GError **error)
{
  StoreReadArgs args = { NULL, mode, id };
  gboolean ok;

  g_return_val_if_fail (mode <= VIGIL_FULL_TEXT_SUMMARY, FALSE);
  ok = update_source (self, id, "UPDATE sources SET full_text = ?1 WHERE id = ?2", store_bind_ints,
                      &args, TRUE, error);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_SOURCES : 0, 0);
  return ok;
}

gboolean
vigil_store_add_sources (VigilStore *self, GPtrArray *sources, guint *out_added, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;
  guint added = 0;

  g_mutex_lock (&self->write_lock);
  ok = store_begin_write (self->writer, &self->write_lock, error);
  if (ok)
    stmt = store_prepare (self->writer,
                          "INSERT INTO sources (url, title, html_url, folder) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (url) DO NOTHING",
                          error);
  ok = ok && stmt != NULL;
  for (guint i = 0; ok && i < sources->len; i++)
    {
      VigilSource *src = g_ptr_array_index (sources, i);
      sqlite3_reset (stmt);
      store_bind_text (stmt, 1, src->url);
      store_bind_text (stmt, 2, src->title);
      store_bind_text (stmt, 3, src->html_url);
      store_bind_text (stmt, 4, src->folder);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot add the source");
      else
        added += sqlite3_changes (self->writer);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (ok)
    ok = store_commit_write (self->writer, error);
  else
    store_exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok && added > 0 ? VIGIL_STORE_CHANGE_SOURCES : 0, 0);
  if (out_added)
    *out_added = ok ? added : 0;
  return ok;
}

gboolean
vigil_store_remove_source (VigilStore *self, gint64 id, GError **error)
{
  gboolean ok = store_write_id (self, "DELETE FROM sources WHERE id = ?", id, 0, FALSE, error);

  store_changed (self,
                 ok ? VIGIL_STORE_CHANGE_SOURCES | VIGIL_STORE_CHANGE_ARTICLES
                          | VIGIL_STORE_CHANGE_ALERTS | VIGIL_STORE_CHANGE_STORIES
                    : 0,
                 id);
  return ok;
}

/* ?1: the source id, ?2: now in microseconds (args). */
static void
bind_source_and_time (sqlite3_stmt *stmt, gconstpointer data)
{
  const gint64 *args = data;

  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, args[0]);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, args[1]);
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
  gint64 args[] = { source_id, g_get_real_time () };
  gboolean ok = store_write_steps (self, steps, G_N_ELEMENTS (steps), bind_source_and_time, args,
                                   "Cannot mark the source read", error);

  store_changed (self, ok ? VIGIL_STORE_CHANGE_ARTICLES : 0, source_id);
  return ok;
}

gint64
vigil_store_find_source (VigilStore *self, const char *url)
{
  return store_read_int64_text (self, "SELECT id FROM sources WHERE url = ?", url, 0);
}
