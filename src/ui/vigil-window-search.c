/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-search.c — the window's search: the search box (a query of the
 * rules' language or plain words) and the search for an entity of the article */
#include "config.h"

#include "vigil-window-list-private.h"

#include <string.h>

#include "vigil-article-row.h"

#define SEARCH_LIMIT 200
#define SEARCH_SCAN 2000

/* What the search box finds: a query of the rules' language ("rocket" finds
 * "Rockets", title:, entity:, NOT or -word, OR, NEAR/n) is narrowed with the
 * full-text index, ranked there, then each hit is matched exactly as a rule
 * would; a query the index cannot narrow (category:kidnapping alone) is
 * matched against the newest SEARCH_SCAN articles. Text that is no query (an unclosed
 * quotation mark) is searched as plain words: the search always answers. */
static GPtrArray *
window_search (VigilWindow *self, const char *text, GError **error)
{
  g_autoptr (VigilQuery) query = vigil_query_parse (text, NULL, NULL);
  g_autofree char *narrow = query ? vigil_query_fts_prefilter (query) : NULL;
  VigilGazetteer *gazetteer = vigil_monitor_get_gazetteer (self->monitor);
  GPtrArray *hits;

  /* Text that is no query, or that has letters beyond ASCII: the index is
   * asked with the desk's own spelling (it folds "Йемен", "أربيل" otherwise
   * than the rules do, so their folded words would find nothing). */
  if (query == NULL || !g_str_is_ascii (text))
    return vigil_store_search (self->store, text, SEARCH_LIMIT, error);
  if (narrow != NULL && vigil_query_prefilter_is_exact (query))
    return vigil_store_search_expression (self->store, narrow, SEARCH_LIMIT, error);
  if (narrow != NULL)
    {
      gboolean with_analysis = vigil_query_needs_analysis (query);
      hits = vigil_store_search_expression (self->store, narrow, SEARCH_LIMIT * 4, error);
      for (guint i = hits->len; i-- > 0;)
        {
          VigilSearchHit *hit = g_ptr_array_index (hits, i);
          /* The hit is the list's header; the rules read the whole article. */
          g_autoptr (VigilArticle) full
              = vigil_store_get_article (self->store, hit->article->id, NULL);
          if (full == NULL
              || !vigil_alert_query_matches_stored (query, gazetteer, full, with_analysis))
            g_ptr_array_remove_index (hits, i);
        }
      if (hits->len > SEARCH_LIMIT)
        g_ptr_array_set_size (hits, SEARCH_LIMIT);
      return hits;
    }
  {
    /* No words to narrow by: the newest articles, each matched (a bounded
     * wait while typing, whatever the store's size). */
    g_autoptr (GPtrArray) newest
        = vigil_store_list_articles_page (self->store, VIGIL_VIEW_ALL, 0, SEARCH_SCAN, error);
    gboolean with_analysis = vigil_query_needs_analysis (query);

    hits = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_search_hit_free);
    for (guint i = 0; newest && i < newest->len && hits->len < SEARCH_LIMIT; i++)
      {
        VigilArticle *header = g_ptr_array_index (newest, i);
        g_autoptr (VigilArticle) full = vigil_store_get_article (self->store, header->id, NULL);

        if (full != NULL
            && vigil_alert_query_matches_stored (query, gazetteer, full, with_analysis))
          {
            VigilSearchHit *hit = g_new0 (VigilSearchHit, 1);
            hit->article = g_object_ref (header);
            g_ptr_array_add (hits, hit);
          }
      }
    return hits;
  }
}

static void
on_search_changed (GtkSearchEntry *entry, VigilWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;

  self->searching = *text != '\0';
  if (!self->searching)
    {
      /* Back to the sources' view. */
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->articles));
      vigil_window_show_list_or_empty (self);
      return;
    }
  hits = window_search (self, text, &error);
  g_list_store_remove_all (self->search_results);
  for (guint i = 0; hits && i < hits->len; i++)
    {
      VigilSearchHit *hit = g_ptr_array_index (hits, i);
      g_object_set_data_full (G_OBJECT (hit->article), VIGIL_ARTICLE_ROW_SNIPPET,
                              g_steal_pointer (&hit->snippet), g_free);
      g_list_store_append (self->search_results, hit->article);
    }
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->search_results));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_stack_set_visible_child_name (
      self->list_stack,
      g_list_model_get_n_items (G_LIST_MODEL (self->search_results)) > 0 ? "list" : "no-results");
}

static void
on_search_mode (GtkSearchBar *bar, GParamSpec *pspec, VigilWindow *self)
{
  if (!gtk_search_bar_get_search_mode (bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

void
vigil_window_search (VigilWindow *self, const char *text)
{
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

/* One more phrase of the entity's search ("a" OR "b"), once whatever its case. */
static void
add_phrase (GString *query, GHashTable *seen, const char *text)
{
  g_autofree char *phrase = g_strstrip (g_strdelimit (g_strdup (text), "\"", ' '));
  g_autofree char *key = g_utf8_casefold (phrase, -1);

  if (*phrase == '\0' || !g_hash_table_add (seen, g_steal_pointer (&key)))
    return;
  if (query->len > 0)
    g_string_append (query, " OR ");
  g_string_append_printf (query, "\"%s\"", phrase);
}

/* An entity in the article's header: the list shows the articles that name it,
 * by its canonical name or as the article wrote it ("Zawraa park" for "Zawraa
 * Park, Baghdad", "State Department" for "US Department of State"): a search
 * for those phrases. A canonical name's qualifier in brackets ("Security
 * Media Cell (Iraq)") tells it from another of the name; articles do not write
 * it. */
void
vigil_window_search_entity (VigilWindow *self, const char *name)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *canonical = g_strdup (name);
  char *qualifier = strstr (canonical, " (");
  VigilArticle *article = vigil_article_view_get_article (self->article_view);
  g_autoptr (VigilAnalysis) analysis
      = article && article->annotations ? vigil_analysis_from_json (article->annotations) : NULL;

  if (qualifier != NULL && qualifier > canonical && g_str_has_suffix (qualifier, ")"))
    *qualifier = '\0';
  add_phrase (query, seen, canonical);
  /* Beyond ASCII the search takes plain words (window_search()): the name alone. */
  for (guint i = 0; analysis && g_str_is_ascii (name) && i < analysis->entities->len; i++)
    {
      const VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      if (g_strcmp0 (e->canonical, name) == 0 && e->text != NULL && g_str_is_ascii (e->text))
        add_phrase (query, seen, e->text);
    }
  vigil_window_search (self, query->str);
}

static void
on_entity_activated (VigilArticleView *view, const char *name, VigilWindow *self)
{
  vigil_window_search_entity (self, name);
}

void
vigil_window_search_init (VigilWindow *self)
{
  self->search_results = g_list_store_new (VIGIL_TYPE_ARTICLE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}

void
vigil_window_class_add_search (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_entity_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode);
}
