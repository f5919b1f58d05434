/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-articles.c — article rows, views, filters, pages, read and starred states */
#include "vigil-store-private.h"

VigilArticle *
store_article_from_row (sqlite3_stmt *stmt)
{
  static const StoreCol cols[] = {
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, id) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, source_id) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, source_title) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, guid) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, title) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, link) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, author) },
    { STORE_COL_DATE, G_STRUCT_OFFSET (VigilArticle, published) },
    { STORE_COL_DATE, G_STRUCT_OFFSET (VigilArticle, updated) },
    { STORE_COL_INT, G_STRUCT_OFFSET (VigilArticle, date_is_first_seen) },
    /* lat and lon: the point, when there is one */
    { STORE_COL_SKIP, G_STRUCT_OFFSET (VigilArticle, lat) },
    { STORE_COL_SKIP, G_STRUCT_OFFSET (VigilArticle, lon) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, language) },
    { STORE_COL_INT, G_STRUCT_OFFSET (VigilArticle, score) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, level) },
    { STORE_COL_INT, G_STRUCT_OFFSET (VigilArticle, read) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, first_seen) },
    { STORE_COL_INT, G_STRUCT_OFFSET (VigilArticle, starred) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, cluster_id) },
    /* the simhash's 64 bits, stored as a signed integer */
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, simhash) },
    { STORE_COL_UINT, G_STRUCT_OFFSET (VigilArticle, cluster_size) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, entity_names) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, origin_title) },
  };
  VigilArticle *a = vigil_article_new ();

  store_read_cols (stmt, 0, a, cols, G_N_ELEMENTS (cols));
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    {
      a->has_geo = TRUE;
      a->lat = sqlite3_column_double (stmt, 10);
      a->lon = sqlite3_column_double (stmt, 11);
    }
  return a;
}

/* The articles of a view (a source, all, the alerted ones), as SQL over a
 * table alias ("", "a.", "b."); the source id is always parameter ?1. Only
 * these constant fragments are ever put in SQL text. The Alerts view leaves
 * out quiet alerts (a rule's matches among what was stored before it was
 * saved: never news); a rule's view (the filter's rule) lists them. */
static const char *
view_condition (gint64 view, const VigilArticleFilter *filter, const char *alias)
{
  static const char *const fragments[][3] = {
    /* all */ { "?1 = ?1", "?1 = ?1", "?1 = ?1" },
    /* source */ { "source_id = ?1", "a.source_id = ?1", "b.source_id = ?1" },
    /* alerts */
    { "?1 = ?1 AND id IN (SELECT article_id FROM alerts WHERE state NOT IN ('dismissed', 'quiet'))",
      "?1 = ?1 AND a.id IN (SELECT article_id FROM alerts WHERE state NOT IN ('dismissed', "
      "'quiet'))",
      "?1 = ?1 AND b.id IN (SELECT article_id FROM alerts WHERE state NOT IN ('dismissed', "
      "'quiet'))" },
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
    /* unread, and the article kept (being read) */
    { "?1 = ?1 AND (read = 0 OR id = ?17)", "?1 = ?1 AND (a.read = 0 OR a.id = ?17)",
      "?1 = ?1 AND (b.read = 0 OR b.id = ?17)" },
  };
  guint row;
  guint col = g_str_equal (alias, "a.") ? 1 : g_str_equal (alias, "b.") ? 2 : 0;

  switch (view)
    {
    case VIGIL_VIEW_ALL:
      row = 0;
      break;
    case VIGIL_VIEW_ALERTS:
      /* a rule's view: the filter's rule narrows, quiet alerts included */
      row = filter != NULL && filter->rule != NULL && *filter->rule ? 0 : 2;
      break;
    case VIGIL_VIEW_UNREAD:
      /* (without an article kept, the plain condition: the unread index) */
      row = filter != NULL && filter->keep_id != 0 ? 7 : 3;
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
 * only, their values bound as parameters ?11 to ?17 (bind_filter). */
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
  if (filter->unread_only && filter->keep_id != 0)
    g_string_append_printf (sql, " AND (%1$sread = 0 OR %1$sid = ?17)", alias);
  else if (filter->unread_only)
    g_string_append_printf (sql, " AND %sread = 0", alias);
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
    store_bind_text (stmt, 12, filter->category);
  if (filter->country && *filter->country)
    store_bind_text (stmt, 13, filter->country);
  if (filter->since > 0)
    sqlite3_bind_int64 (stmt, 14, filter->since);
  if (filter->rule && *filter->rule)
    store_bind_text (stmt, 15, filter->rule);
  if (filter->until > 0)
    sqlite3_bind_int64 (stmt, 16, filter->until);
  if (filter->keep_id != 0)
    sqlite3_bind_int64 (stmt, 17, filter->keep_id);
}

gboolean
vigil_article_filter_is_empty (const VigilArticleFilter *filter)
{
  return filter == NULL
         || (filter->min_level <= 0 && (filter->category == NULL || !*filter->category)
             && (filter->country == NULL || !*filter->country) && filter->since <= 0
             && (filter->rule == NULL || !*filter->rule) && filter->until <= 0
             && !filter->unread_only);
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

  sqlite3 *reader = store_read_begin (self);
  /* The page's ids come from the covering index alone (skipping is cheap
   * there); only the page's own rows are read and joined. Two statements, so
   * that each uses its index. */
  {
    g_autofree char *sql = g_strdup_printf (
        "SELECT " ARTICLE_HEADER_COLUMNS " FROM (SELECT id FROM articles WHERE %s%s"
        "       ORDER BY sort_time DESC, id DESC LIMIT ?2 OFFSET ?3) p"
        " JOIN articles a ON a.id = p.id JOIN sources s ON s.id = a.source_id"
        " ORDER BY a.sort_time DESC, a.id DESC",
        view_condition (source_id, filter, ""), narrow);
    stmt = store_prepare (reader, sql, error);
  }
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, source_id);
      sqlite3_bind_int64 (stmt, 2, limit);
      sqlite3_bind_int64 (stmt, 3, offset);
      bind_filter (stmt, filter);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (result, store_article_from_row (stmt));
    }
  store_read_end (self, reader);
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

/* The parameters of a view's single-number queries. */
typedef struct
{
  gint64 view;
  gint64 article_id;
  const VigilArticleFilter *filter;
} ViewArgs;

static void
bind_view (sqlite3_stmt *stmt, gconstpointer data)
{
  const ViewArgs *args = data;

  sqlite3_bind_int64 (stmt, 1, args->view);
  if (args->article_id != 0)
    sqlite3_bind_int64 (stmt, 2, args->article_id);
  bind_filter (stmt, args->filter);
}

gint64
vigil_store_article_position_filtered (VigilStore *self, gint64 source_id,
                                       const VigilArticleFilter *filter, gint64 article_id)
{
  g_autofree char *narrow_a = filter_condition (filter, "a.");
  g_autofree char *narrow_b = filter_condition (filter, "b.");
  g_autofree char *sql = g_strdup_printf (
      "SELECT (SELECT count(*) FROM articles b WHERE %s%s AND "
      "(b.sort_time > a.sort_time OR (b.sort_time = a.sort_time AND b.id > a.id))) "
      "FROM articles a WHERE a.id = ?2 AND %s%s",
      view_condition (source_id, filter, "b."), narrow_b, view_condition (source_id, filter, "a."),
      narrow_a);
  ViewArgs args = { source_id, article_id, filter };

  /* No row: the article is not in the view. */
  return store_read_int64_bound (self, sql, bind_view, &args, -1);
}

VigilArticle *
vigil_store_get_article (VigilStore *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  VigilArticle *a = NULL;

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (
      reader,
      "SELECT " ARTICLE_HEADER_COLUMNS
      ", a.summary, a.content, a.categories, a.annotations, a.full_content"
      ", a.enclosures, a.origin_title, a.origin_url, a.comments, a.thumbnail, a.rights"
      ", a.authors FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
      error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *categories = NULL;
          a = store_article_from_row (stmt);
          a->summary = store_col_text (stmt, ARTICLE_HEADER_N);
          a->content = store_col_text (stmt, ARTICLE_HEADER_N + 1);
          categories = store_col_text (stmt, ARTICLE_HEADER_N + 2);
          a->annotations = store_col_text (stmt, ARTICLE_HEADER_N + 3);
          a->full_content = store_col_text (stmt, ARTICLE_HEADER_N + 4);
          {
            g_autofree char *enclosures = store_col_text (stmt, ARTICLE_HEADER_N + 5);
            store_enclosures_from_json (a->enclosures, enclosures);
          }
          /* ARTICLE_HEADER_N + 6: origin_title, read with the header */
          a->origin_url = store_col_text (stmt, ARTICLE_HEADER_N + 7);
          a->comments = store_col_text (stmt, ARTICLE_HEADER_N + 8);
          a->thumbnail = store_col_text (stmt, ARTICLE_HEADER_N + 9);
          a->rights = store_col_text (stmt, ARTICLE_HEADER_N + 10);
          {
            g_autofree char *authors = store_col_text (stmt, ARTICLE_HEADER_N + 11);
            store_people_from_json (a->authors, authors);
          }
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
  store_read_end (self, reader);
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
  g_autofree char *narrow = filter_condition (filter, "");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM articles WHERE %s%s",
                                          view_condition (source_id, filter, ""), narrow);
  ViewArgs args = { source_id, 0, filter };

  return store_read_int64_bound (self, sql, bind_view, &args, 0);
}

/* Runs sql (one parameter, an article id) once for each of ids, with the
 * write lock held and a transaction open. */
static gboolean
update_each_id (sqlite3 *db, const char *sql, const gint64 *ids, guint n_ids, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (store_step_retry (db, stmt) != SQLITE_DONE)
        return store_set_error (error, db, "Cannot update the articles");
    }
  return TRUE;
}

/* Each of steps (an update of one id, "... = ?") run for every id of ids in
 * one write transaction; "changed" says what when there were ids. */
static gboolean
update_ids (VigilStore *self, const char *const *steps, guint n_steps, const gint64 *ids,
            guint n_ids, VigilStoreChange what, GError **error)
{
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = store_begin_write (self->writer, &self->write_lock, error);
  for (guint i = 0; ok && i < n_steps; i++)
    ok = update_each_id (self->writer, steps[i], ids, n_ids, error);
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok && n_ids > 0 ? what : 0, 0);
  return ok;
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
  ok = store_begin_write (self->writer, &self->write_lock, error);
  if (ok && ids == NULL)
    {
      g_autofree char *narrow = filter_condition (filter, "");
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM articles WHERE read = 0 AND %s%s",
                                              view_condition (view, filter, ""), narrow);
      int rc;

      select = store_prepare (self->writer, sql, error);
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
            ok = store_set_error (error, self->writer, "Cannot read the articles");
        }
    }
  else if (ok)
    {
      select = store_prepare (self->writer, "SELECT read FROM articles WHERE id = ?", error);
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
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok && changed->len > 0 ? VIGIL_STORE_CHANGE_ARTICLES : 0,
                 ids == NULL && view > 0 ? view : 0);
  return ok ? g_steal_pointer (&changed) : NULL;
}

GArray *
vigil_store_list_unread_of_sources (VigilStore *self, const gint64 *sources, guint n,
                                    GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok = TRUE;
  sqlite3 *reader;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  reader = store_read_begin (self);
  stmt = store_prepare (reader, "SELECT id FROM articles WHERE source_id = ? AND read = 0", error);
  ok = stmt != NULL;
  for (guint i = 0; ok && i < n; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, sources[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
      if (rc != SQLITE_DONE)
        ok = store_set_error (error, reader, "Cannot read the articles");
    }
  store_read_end (self, reader);
  return ok ? g_steal_pointer (&ids) : NULL;
}

/* mark_view_read's arguments, copied for the worker thread. */
typedef struct
{
  gint64 view;
  VigilArticleFilter filter;
  char *category, *country, *rule; /* the filter's strings, owned */
  GArray *ids;                     /* exactly these; NULL: the view */
} MarkViewRead;

static void
mark_view_read_free (MarkViewRead *m)
{
  g_free (m->category);
  g_free (m->country);
  g_free (m->rule);
  g_clear_pointer (&m->ids, g_array_unref);
  g_free (m);
}

static void
mark_view_read_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  MarkViewRead *m = task_data;
  GError *error = NULL;
  GArray *changed = vigil_store_mark_view_read (VIGIL_STORE (source), m->view, &m->filter,
                                                m->ids ? (const gint64 *) m->ids->data : NULL,
                                                m->ids ? m->ids->len : 0, &error);

  vigil_task_return_pointer_or_error (task, changed, (GDestroyNotify) g_array_unref, error);
}

void
vigil_store_mark_view_read_async (VigilStore *self, gint64 view, const VigilArticleFilter *filter,
                                  const gint64 *ids, guint n_ids, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  MarkViewRead *m = g_new0 (MarkViewRead, 1);

  m->view = view;
  if (filter != NULL)
    m->filter = *filter;
  m->filter.category = m->category = g_strdup (m->filter.category);
  m->filter.country = m->country = g_strdup (m->filter.country);
  m->filter.rule = m->rule = g_strdup (m->filter.rule);
  if (ids != NULL)
    {
      m->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), MAX (n_ids, 1));
      g_array_append_vals (m->ids, ids, n_ids);
    }
  vigil_task_run_in_thread (self, vigil_store_mark_view_read_async, m,
                            (GDestroyNotify) mark_view_read_free, mark_view_read_thread,
                            cancellable, callback, user_data);
}

GArray *
vigil_store_mark_view_read_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_mark_view_read_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
vigil_store_mark_unread (VigilStore *self, GArray *ids, GError **error)
{
  static const char *const steps[] = { "UPDATE articles SET read = 0 WHERE id = ?" };

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  return update_ids (self, steps, G_N_ELEMENTS (steps), (const gint64 *) ids->data, ids->len,
                     VIGIL_STORE_CHANGE_ARTICLES, error);
}

/* The worker of both async marks: the task's source tag says which. */
static void
mark_ids_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VigilStore *self = source;
  GArray *ids = task_data;
  GError *error = NULL;
  gboolean ok
      = g_task_get_source_tag (task) == (gpointer) vigil_store_mark_unread_async
            ? vigil_store_mark_unread (self, ids, &error)
            : vigil_store_mark_articles_read (self, (const gint64 *) ids->data, ids->len, &error);

  vigil_task_return_boolean_or_error (task, ok, error);
}

void
vigil_store_mark_unread_async (VigilStore *self, const gint64 *ids, guint n_ids,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  store_run_on_ids (self, ids, n_ids, vigil_store_mark_unread_async, mark_ids_thread, cancellable,
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
  stmt = store_prepare (self->writer, "UPDATE articles SET read = ? WHERE id = ?", error);
  if (stmt)
    {
      sqlite3_bind_int (stmt, 1, read ? 1 : 0);
      sqlite3_bind_int64 (stmt, 2, article_id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        store_set_error (error, self->writer, "Cannot mark the article");
    }
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_ARTICLES : 0, 0);
  return ok;
}

static void
set_read_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  gint64 *args = task_data;
  GError *error = NULL;
  /* Reading an article of a story that raised an alert means the alert was seen. */
  gboolean ok
      = vigil_store_set_read (VIGIL_STORE (source), args[0], args[1] != 0, &error)
        && (args[1] == 0 || vigil_store_mark_story_seen (VIGIL_STORE (source), args[0], &error));

  vigil_task_return_boolean_or_error (task, ok, error);
}

void
vigil_store_set_read_async (VigilStore *self, gint64 article_id, gboolean read,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  gint64 *args = g_new (gint64, 2);

  args[0] = article_id;
  args[1] = read;
  vigil_task_run_in_thread (self, vigil_store_set_read_async, args, g_free, set_read_thread,
                            cancellable, callback, user_data);
}

gboolean
vigil_store_set_read_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_mark_articles_read (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                GError **error)
{
  static const char *const steps[]
      = { "UPDATE articles SET read = 1 WHERE id = ?",
          "UPDATE alerts SET state = 'seen' WHERE article_id = ? AND state IN ('new', 'update')" };

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_ids == 0 || article_ids != NULL, FALSE);
  return update_ids (self, steps, G_N_ELEMENTS (steps), article_ids, n_ids,
                     VIGIL_STORE_CHANGE_ARTICLES | VIGIL_STORE_CHANGE_ALERTS, error);
}

void
vigil_store_mark_articles_read_async (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  store_run_on_ids (self, article_ids, n_ids, vigil_store_mark_articles_read_async, mark_ids_thread,
                    cancellable, callback, user_data);
}

gboolean
vigil_store_mark_articles_read_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_set_starred (VigilStore *self, gint64 article_id, gboolean starred, GError **error)
{
  gboolean ok = store_write_id (self, "UPDATE articles SET starred = ? WHERE id = ?", article_id,
                                starred ? 1 : 0, TRUE, error);

  store_changed (self, ok ? VIGIL_STORE_CHANGE_ARTICLES : 0, 0);
  return ok;
}
