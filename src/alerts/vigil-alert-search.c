/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-search.c — the search box's search over the store, in the rules' language */
#include "config.h"

#include "vigil-alert-search.h"

#include "vigil-alert-engine.h"
#include "vigil-task.h"

/* The index's hits judged one by one, best ranked first: the whole ranking
 * (up to VIGIL_SEARCH_CANDIDATES) read at once, snippets made for what is
 * kept. */
static GPtrArray *
judge_hits (VigilStore *store, VigilGazetteer *gazetteer, VigilQuery *query, const char *narrow,
            guint limit, GCancellable *cancellable, GError **error)
{
  gboolean with_analysis = vigil_query_needs_analysis (query);
  g_autoptr (GArray) ids = vigil_store_search_ids (store, narrow, VIGIL_SEARCH_CANDIDATES, error);
  g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (ids == NULL)
    return NULL;
  for (guint i = 0; i < ids->len && kept->len < limit; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr (VigilArticle) full = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      /* The rules read the whole article. */
      full = vigil_store_get_article (store, id, NULL);
      if (full != NULL && vigil_alert_query_matches_stored (query, gazetteer, full, with_analysis))
        g_array_append_val (kept, id);
    }
  return vigil_store_search_hits (store, narrow, (const gint64 *) kept->data, kept->len, error);
}

/* No words to narrow by: the newest articles, each judged (a bounded wait,
 * whatever the store's size). */
static GPtrArray *
judge_newest (VigilStore *store, VigilGazetteer *gazetteer, VigilQuery *query, guint limit,
              GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) newest
      = vigil_store_list_articles_page (store, VIGIL_VIEW_ALL, 0, VIGIL_SEARCH_SCAN, error);
  gboolean with_analysis = vigil_query_needs_analysis (query);
  g_autoptr (GPtrArray) hits
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_search_hit_free);

  if (newest == NULL)
    return NULL; /* the store's error, said (not "no results") */

  for (guint i = 0; newest && i < newest->len && hits->len < limit; i++)
    {
      VigilArticle *header = g_ptr_array_index (newest, i);
      g_autoptr (VigilArticle) full = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      full = vigil_store_get_article (store, header->id, NULL);
      if (full != NULL && vigil_alert_query_matches_stored (query, gazetteer, full, with_analysis))
        {
          VigilSearchHit *hit = g_new0 (VigilSearchHit, 1);
          hit->article = g_object_ref (header);
          g_ptr_array_add (hits, hit);
        }
    }
  return g_steal_pointer (&hits);
}

GPtrArray *
vigil_alert_search (VigilStore *store, VigilGazetteer *gazetteer, const char *text, guint limit,
                    GCancellable *cancellable, GError **error)
{
  g_autoptr (VigilQuery) query = vigil_query_parse (text, NULL, NULL);
  g_autofree char *narrow = query ? vigil_query_fts_prefilter (query) : NULL;
  GPtrArray *hits;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* Text that is no query, or that has letters beyond ASCII: the index is
   * asked with the desk's own spelling (it folds "Йемен", "أربيل" otherwise
   * than the rules do, so their folded words would find nothing). */
  if (query == NULL || !g_str_is_ascii (text))
    hits = vigil_store_search (store, text, limit, error);
  else if (narrow != NULL && vigil_query_prefilter_is_exact (query))
    hits = vigil_store_search_expression (store, narrow, limit, error);
  else if (narrow != NULL)
    return judge_hits (store, gazetteer, query, narrow, limit, cancellable, error);
  else
    return judge_newest (store, gazetteer, query, limit, cancellable, error);
  /* A store error comes back as an empty list with the error set. */
  if (error != NULL && *error != NULL)
    g_clear_pointer (&hits, g_ptr_array_unref);
  return hits;
}

typedef struct
{
  VigilGazetteer *gazetteer;
  char *text;
  guint limit;
} Search;

static void
search_free (Search *s)
{
  g_clear_pointer (&s->gazetteer, vigil_gazetteer_unref);
  g_free (s->text);
  g_free (s);
}

static void
search_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Search *s = data;
  GError *error = NULL;
  GPtrArray *hits = vigil_alert_search (VIGIL_STORE (source), s->gazetteer, s->text, s->limit,
                                        cancellable, &error);

  vigil_task_return_pointer_or_error (task, hits, (GDestroyNotify) g_ptr_array_unref, error);
}

void
vigil_alert_search_async (VigilStore *store, VigilGazetteer *gazetteer, const char *text,
                          guint limit, GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  Search *s = g_new0 (Search, 1);

  s->gazetteer = gazetteer ? vigil_gazetteer_ref (gazetteer) : NULL;
  s->text = g_strdup (text);
  s->limit = limit;
  vigil_task_run_in_thread (store, vigil_alert_search_async, s, (GDestroyNotify) search_free,
                            search_thread, cancellable, callback, user_data);
}

GPtrArray *
vigil_alert_search_finish (VigilStore *store, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
