/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-search.c — the window's search: the search box (a query of the
 * rules' language or plain words, run in a worker thread: each change of the
 * text cancels the search before it, and only the current one's results are
 * shown; see vigil-alert-search.c) and the search for an entity of the article */
#include "config.h"

#include "vigil-window-list-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-alert-query.h"
#include "vigil-alert-search.h"
#include "vigil-article-row.h"

/* The results, in place of what the list showed. */
static void
show_results (VigilWindow *self, GPtrArray *hits)
{
  g_autoptr (GPtrArray) articles = g_ptr_array_new ();

  for (guint i = 0; hits && i < hits->len; i++)
    {
      VigilSearchHit *hit = g_ptr_array_index (hits, i);
      g_object_set_data_full (G_OBJECT (hit->article), VIGIL_ARTICLE_ROW_SNIPPET,
                              g_steal_pointer (&hit->snippet), g_free);
      g_ptr_array_add (articles, hit->article);
    }
  g_list_store_splice (self->search_results, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->search_results)),
                       articles->pdata, articles->len);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->search_results));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_stack_set_visible_child_name (self->list_stack, articles->len > 0 ? "list" : "no-results");
}

/* What the search did with the text, where the desk looks: a store that
 * failed says so (not "no results"); text that is no valid query was searched
 * as plain words, and the entry's tooltip and the empty page say why. */
static void
say_how_searched (VigilWindow *self, const GError *store_error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkWidget *page = gtk_stack_get_child_by_name (self->list_stack, "no-results");
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (VigilQuery) query = vigil_query_parse (text, NULL, &parse_error);
  g_autofree char *description = NULL;
  g_autofree char *tooltip = NULL;

  if (query == NULL)
    /* TRANSLATORS: the search box's tooltip; %s says what is wrong in the
       query ("Unknown category “bogus” at position 10…") */
    tooltip
        = g_strdup_printf (_ ("Searched as plain words, not as a query: %s"), parse_error->message);
  if (store_error != NULL)
    description = g_strdup_printf (_ ("The search failed: %s"), store_error->message);
  else if (query == NULL)
    description = g_strdup_printf (_ ("No stored article contains these words. %s"), tooltip);
  else
    description = g_strdup (_ ("No stored article contains these words."));
  if (ADW_IS_STATUS_PAGE (page))
    adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), tooltip);
  if (query == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "warning");
}

static void
search_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = vigil_alert_search_finish (VIGIL_STORE (object), result, &error);

  self->searches_running--;
  /* Cancelled (a newer search, the search ended, the window closed): the
   * list is not this search's any more. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_task_get_cancellable (G_TASK (result)) != self->search_cancellable)
    return;
  if (hits == NULL)
    g_message ("The search failed: %s", error->message);
  say_how_searched (self, error);
  show_results (self, hits);
}

static void
on_search_text_changed (GtkSearchEntry *entry, VigilWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->searching = *text != '\0';
  if (!self->searching)
    {
      /* Back to the sources' view. */
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->articles));
      g_list_store_remove_all (self->search_results);
      vigil_window_select_shown (self);
      vigil_window_show_list_or_empty (self);
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "warning");
      return;
    }
  /* The list shows what it showed until the results come (a search of a
   * large store may take a fraction of a second; typing goes on). */
  self->search_cancellable = g_cancellable_new ();
  self->searches_running++;
  vigil_alert_search_async (self->store, vigil_monitor_get_gazetteer (self->monitor), text,
                            VIGIL_SEARCH_LIMIT, self->search_cancellable, search_done,
                            g_object_ref (self));
}

gboolean
vigil_window_is_searching (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), FALSE);
  return self->searches_running > 0;
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
  /* Beyond ASCII the search takes plain words (vigil-alert-search.c): the name alone. */
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
  gtk_widget_class_bind_template_callback (widget_class, on_search_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode);
}
