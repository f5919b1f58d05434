/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-search-task.c — the search box's search, run in a worker thread: each change
 * of the text cancels the search before it, and only the current one's results are shown */
#include "config.h"

#include "vigil-window-private.h"

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
      vigil_window_show_list_or_empty (self);
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

void
vigil_window_class_add_search_task (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_text_changed);
}
