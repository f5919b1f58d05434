/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-stories.c — stories (articles grouped by cluster_id): list, count, separate,
 * and the recent articles the clustering compares with */
#include "vigil-store-private.h"

/* Runs one statement of integer parameters (and no result) with the write
 * lock held. */
static gboolean
exec_int64 (sqlite3 *db, const char *sql, gint64 a, gint64 b, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, b);
  if (store_step_retry (db, stmt) != SQLITE_DONE)
    return store_set_error (error, db, "Cannot separate the story");
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
  ok = store_begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      find = store_prepare (
          self->writer,
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
               "JOIN articles a ON a.id = al.article_id WHERE a.cluster_id = ?1 "
               "AND al.state != 'quiet' GROUP BY al.rule HAVING max (al.state != 'update') = 0)",
               rest, 0, error);
    }
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok && rest > 0 ? VIGIL_STORE_CHANGE_STORIES | VIGIL_STORE_CHANGE_ALERTS : 0,
                 0);
  if (ok && out_rest_cluster)
    *out_rest_cluster = rest;
  return ok;
}

GPtrArray *
vigil_store_list_story (VigilStore *self, gint64 cluster_id, guint limit, GError **error)
{
  GPtrArray *result
      = store_read_articles (self,
                             "SELECT " ARTICLE_HEADER_COLUMNS " FROM articles a JOIN sources s"
                             " ON s.id = a.source_id WHERE a.cluster_id = ?1"
                             " ORDER BY a.sort_time DESC, a.id DESC LIMIT ?2",
                             cluster_id, limit > 0 ? limit : G_MAXINT, FALSE, error);

  /* A failed read: no articles (with error set). */
  return result ? result : g_ptr_array_new_with_free_func (g_object_unref);
}

GArray *
vigil_store_list_story_ids (VigilStore *self, gint64 cluster_id)
{
  StoreReadArgs args = { NULL, cluster_id, 0 };
  GArray *ids = store_read_ids (self, "SELECT id FROM articles WHERE cluster_id = ?1",
                                store_bind_ints, &args, "Cannot list the story", NULL);

  return ids ? ids : g_array_new (FALSE, FALSE, sizeof (gint64));
}

gint64
vigil_store_count_in_cluster (VigilStore *self, gint64 cluster_id)
{
  return store_read_int64 (self, "SELECT count(*) FROM articles WHERE cluster_id = ?", cluster_id,
                           0);
}

GPtrArray *
vigil_store_list_recent_for_clustering (VigilStore *self, gint64 since, gint64 after_id,
                                        guint limit, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  static const StoreCol cols[] = {
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, id) },
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, cluster_id) },
    /* the sort time */
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, first_seen) },
    /* the simhash's 64 bits, stored as a signed integer */
    { STORE_COL_INT64, G_STRUCT_OFFSET (VigilArticle, simhash) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, entity_names) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, title) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, summary) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, content) },
    { STORE_COL_TEXT, G_STRUCT_OFFSET (VigilArticle, annotations) },
  };

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (
      reader,
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
          store_read_cols (stmt, 0, a, cols, G_N_ELEMENTS (cols));
          g_ptr_array_add (result, a);
        }
    }
  store_read_end (self, reader);
  return result;
}
