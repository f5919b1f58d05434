/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-actions.c — the window's actions (win.*) and their keyboard shortcuts */
#include "config.h"

#include "vigil-window-private.h"

#include <glib/gi18n.h>
#include "vigil-a11y.h"
#include "vigil-article-row.h"
#include "vigil-html.h"

static void
clear_filters_action (GtkWidget *widget, const char *name, GVariant *param)
{
  vigil_filter_bar_reset (VIGIL_WINDOW (widget)->filter_bar);
}

static void
toggle_filters_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  gtk_toggle_button_set_active (self->filter_button,
                                !gtk_toggle_button_get_active (self->filter_button));
}

static void
show_new_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->article_list));

  self->reload_new_only = TRUE;
  vigil_window_reload_articles (self);
  self->reload_new_only = FALSE;
  /* At the top, where the new articles are: not scrolled back after the
   * reload (new ones among the rows replace every row). */
  if (self->scroll_back_id != 0 && clock != NULL)
    g_clear_signal_handler (&self->scroll_back_id, clock);
  gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u", 0);
}

static void
full_article_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *article = vigil_article_view_get_article (self->article_view);

  if (article == NULL || vigil_article_view_toggle_full (self->article_view))
    return;
  if (article->link == NULL || *article->link == '\0')
    vigil_window_toast (self, _ ("This article has no web page to read in full"));
  else
    vigil_window_toast (self, _ ("Its source is set to show summaries only (Edit Source)"));
}

static void
show_article_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (!vigil_window_show_article (self, g_variant_get_int64 (param)))
    vigil_window_toast (self, _ ("That article is no longer stored."));
}

static void
separated (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vigil_monitor_separate_from_story_finish (VIGIL_MONITOR (object), result, &error))
    {
      /* TRANSLATORS: %s says why (a database error) */
      g_autofree char *text
          = g_strdup_printf (_ ("Could not separate the report: %s"), error->message);
      vigil_window_toast (self, text);
      return;
    }
  /* The alert bar, the rows' reports and the counts follow the store's "changed". */
  vigil_window_toast (self, _ ("Report separated: it is a story of its own"));
}

/* "Not the Same Story" in a story's popover: the row's report is about
 * another event. */
static void
separate_story_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->monitor == NULL)
    return;
  vigil_monitor_separate_from_story_async (self->monitor, g_variant_get_int64 (param), NULL,
                                           separated, g_object_ref (self));
}

static void
back_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->narrow && self->narrow_page > PAGE_SOURCES)
    vigil_window_show_page (self, self->narrow_page - 1);
  else if (self->two_panes && self->narrow_page > PAGE_SOURCES)
    vigil_window_show_page (self, PAGE_SOURCES); /* the article stays beside */
}

/* The toast's "Details": every source in error, why, Retry and Unsubscribe. */
static void
show_errors_action (GtkWidget *widget, const char *name, GVariant *param)
{
  vigil_window_show_errors (VIGIL_WINDOW (widget));
}

/* ---- keyboard actions ---- */

static GtkSelectionModel *
current_model (VigilWindow *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

static void
move_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (current_model (self)));
  guint pos = gtk_single_selection_get_selected (self->selection);
  gboolean next = g_str_equal (name, "win.next-article");

  if (n == 0)
    return;
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if (next && pos + 1 < n)
    pos++;
  else if (!next && pos > 0)
    pos--;
  gtk_single_selection_set_selected (self->selection, pos);
  gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u", pos);
}

#define NEXT_UNREAD_SCAN 5000

static gboolean
select_unread_from (VigilWindow *self, GListModel *model, guint from, guint to)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (model, i);
      if (a != NULL && !a->read)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u",
                                      i);
          return TRUE;
        }
    }
  return FALSE;
}

/* Next unread (n): the next unread article of the list, then from its top;
 * when the view has none left, the Unread view of every source. */
static void
next_unread_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  GListModel *model = G_LIST_MODEL (current_model (self));
  guint n = MIN (g_list_model_get_n_items (model), NEXT_UNREAD_SCAN);
  guint pos = gtk_single_selection_get_selected (self->selection);
  guint start = pos == GTK_INVALID_LIST_POSITION ? 0 : pos + 1;

  if (select_unread_from (self, model, MIN (start, n), n)
      || select_unread_from (self, model, 0, MIN (start, n)))
    return;
  if (!self->searching && self->current_source != VIGIL_VIEW_UNREAD
      && vigil_store_count_articles (self->store, VIGIL_VIEW_UNREAD) > 0
      && vigil_window_show_view (self, VIGIL_VIEW_UNREAD))
    {
      model = G_LIST_MODEL (current_model (self));
      select_unread_from (self, model, 0, MIN (g_list_model_get_n_items (model), NEXT_UNREAD_SCAN));
      return;
    }
  vigil_window_toast (self, _ ("No unread articles left"));
}

static void
toggle_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = vigil_window_target_article (self);

  if (a == NULL)
    return;
  vigil_window_mark_read (self, a, !a->read);
}

/* A star written off the main thread: shown at once, taken back if the
 * write fails (the Starred view follows the store's "changed").
 * user_data: a VigilWindowCall with the article. */
static void
starred (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindowCall) call = user_data;
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (call);
  VigilArticle *article = call->data;
  g_autoptr (GError) error = NULL;

  if (!vigil_store_set_starred_finish (VIGIL_STORE (object), result, &error))
    {
      vigil_article_set_starred (article, !article->starred);
      if (self != NULL)
        vigil_window_toast (self, error->message);
    }
}

static void
toggle_star_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = vigil_window_target_article (self);

  if (a == NULL || self->store == NULL)
    return;
  vigil_article_set_starred (a, !a->starred);
  vigil_window_toast (self, a->starred ? _ ("Starred") : _ ("Star removed"));
  vigil_store_set_starred_async (
      self->store, a->id, a->starred, NULL, starred,
      vigil_window_call_new (self, a->id, g_object_ref (a), g_object_unref));
}

/* Text size of the article view (Ctrl + / - / 0). */
static void
zoom_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  WebKitWebView *view = vigil_article_view_get_web_view (self->article_view);
  double level = webkit_web_view_get_zoom_level (view);

  if (g_str_equal (name, "win.zoom-in"))
    level = MIN (level * 1.1, 3.0);
  else if (g_str_equal (name, "win.zoom-out"))
    level = MAX (level / 1.1, 0.5);
  else
    level = 1.0;
  webkit_web_view_set_zoom_level (view, level);
}

static void
toast_action (GtkWidget *widget, const char *name, GVariant *param)
{
  vigil_window_toast (VIGIL_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
opened_in_browser (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), res, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* TRANSLATORS: %s says why (no application opens it, for example) */
      g_autofree char *text = g_strdup_printf (_ ("Could not open the original article: %s"),
                                               vigil_launch_failure_reason (error));
      vigil_window_toast (self, text);
    }
}

static void
open_in_browser_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = vigil_window_target_article (self);
  g_autofree char *safe = a ? vigil_html_safe_url (a->link, NULL, FALSE) : NULL;

  /* GTK's launcher, this window its parent (the OpenURI portal in the Flatpak). */
  if (safe != NULL)
    gtk_show_uri_full (GTK_WINDOW (self), safe, GDK_CURRENT_TIME, NULL, opened_in_browser,
                       g_object_ref (self));
  else if (a != NULL)
    vigil_window_toast (self, _ ("This article has no web address to open."));
}

static void
copy_link_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = vigil_window_target_article (self);
  g_autofree char *safe = a ? vigil_html_safe_url (a->link, NULL, FALSE) : NULL;

  if (safe == NULL)
    {
      if (a != NULL)
        vigil_window_toast (self, _ ("This article has no web address to copy."));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), safe);
  vigil_window_toast (self, _ ("Link copied"));
}

static void
search_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* A search shown already: Ctrl+F again selects its text, to type anew. */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* A search's results are articles of their own, not the list's (which the
 * store's "changed" reloads): those marked read or unread again say so. */
static void
set_results_read (VigilWindow *self, GArray *ids, gboolean read)
{
  GListModel *results = G_LIST_MODEL (self->search_results);
  g_autoptr (GHashTable) marked = NULL;

  if (!self->searching || results == NULL)
    return;
  marked = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (marked, &g_array_index (ids, gint64, i));
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (results, i);
      if (g_hash_table_contains (marked, &a->id))
        vigil_article_set_read (a, read);
    }
}

/* An Undo on its way to the store. user_data: a VigilWindowCall with the
 * ids it marks. */
static void
marked_unread (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindowCall) call = user_data;
  g_autoptr (VigilWindow) self = vigil_window_call_get_window (call);
  g_autoptr (GError) error = NULL;

  if (self == NULL)
    return;
  /* The list and the counts follow the store's "changed"; a search's
   * results are marked here, once the store has them unread. */
  if (!vigil_store_mark_unread_finish (VIGIL_STORE (object), result, &error))
    vigil_window_toast (self, error->message);
  else
    set_results_read (self, call->data, FALSE);
}

static void
array_unref_notify (gpointer data, GClosure *closure)
{
  g_array_unref (data);
}

static void
on_mark_read_undo (GtkButton *button, GArray *changed)
{
  VigilWindow *self
      = VIGIL_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (button), VIGIL_TYPE_WINDOW));

  if (self == NULL || self->store == NULL)
    return;
  vigil_window_focus_out_of_toast (self);
  gtk_widget_set_visible (GTK_WIDGET (button), FALSE);
  /* The toast says what is now so, not what was undone. */
  if (GTK_IS_LABEL (gtk_widget_get_prev_sibling (GTK_WIDGET (button))))
    {
      g_autofree char *text = g_strdup_printf (
          ngettext ("%u article unread again", "%u articles unread again", changed->len),
          changed->len);
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_prev_sibling (GTK_WIDGET (button))), text);
    }
  vigil_store_mark_unread_async (
      self->store, (const gint64 *) changed->data, changed->len, NULL, marked_unread,
      vigil_window_call_new (self, 0, g_array_ref (changed), (GDestroyNotify) g_array_unref));
}

static void
marked_view_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) changed
      = vigil_store_mark_view_read_finish (VIGIL_STORE (object), result, &error);
  g_autofree char *text = NULL;
  GtkWidget *box, *button;
  AdwToast *toast;

  if (changed == NULL)
    {
      vigil_window_toast (self, error->message);
      return;
    }
  /* The list and the counts follow the store's "changed"; a search's
   * results are marked here. */
  if (changed->len == 0)
    {
      vigil_window_toast (self, _ ("Nothing here was unread."));
      return;
    }
  set_results_read (self, changed, TRUE);
  text = g_strdup_printf (
      ngettext ("%u article marked as read", "%u articles marked as read", changed->len),
      changed->len);
  /* Undo in the toast's title, as for a dismissed story (libadwaita 1.2). */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  button = gtk_button_new_with_mnemonic (_ ("_Undo"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), gtk_label_new (text));
  gtk_box_append (GTK_BOX (box), button);
  vigil_a11y_label_tree (box);
  g_signal_connect_data (button, "clicked", G_CALLBACK (on_mark_read_undo), g_array_ref (changed),
                         array_unref_notify, 0);
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  vigil_window_add_toast (self, toast);
}

void
vigil_window_mark_ids_read (VigilWindow *self, GArray *ids)
{
  if (self->store == NULL)
    return;
  if (ids->len == 0)
    {
      /* (No ids would be the whole view to the store.) */
      vigil_window_toast (self, _ ("Nothing here was unread."));
      return;
    }
  vigil_store_mark_view_read_async (self->store, 0, NULL, (const gint64 *) ids->data, ids->len,
                                    NULL, marked_view_read, g_object_ref (self));
}

/* Marks what is shown read (the view as filtered, or the search's results),
 * or, with until, only what is that old or older; Undo in the toast. */
static void
mark_shown_read (VigilWindow *self, gint64 until)
{
  g_autoptr (GArray) ids = NULL;
  VigilArticleFilter filter;

  if (self->store == NULL)
    return;
  if (self->searching)
    {
      GListModel *results = G_LIST_MODEL (self->search_results);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr (VigilArticle) a = g_list_model_get_item (results, i);
          if (until <= 0 || vigil_article_get_sort_time (a) <= until)
            g_array_append_val (ids, a->id);
        }
      if (ids->len == 0)
        {
          /* (No ids would be the whole view to the store.) */
          vigil_window_toast (self, _ ("Nothing here was unread."));
          return;
        }
    }
  filter = *vigil_filter_bar_get_filter (self->filter_bar);
  filter.until = until;
  filter.rule = self->current_rule;
  vigil_store_mark_view_read_async (self->store, self->current_source, &filter,
                                    ids ? (const gint64 *) ids->data : NULL, ids ? ids->len : 0,
                                    NULL, marked_view_read, g_object_ref (self));
}

static void
mark_view_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  mark_shown_read (VIGIL_WINDOW (widget), 0);
}

/* The article menu's "Mark Older as Read": the selected article and every
 * older one shown. */
static void
mark_older_read_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilArticle *a = vigil_window_target_article (self);

  if (a != NULL)
    mark_shown_read (self, MAX (vigil_article_get_sort_time (a), 1));
}

static void
source_menu_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* In the article list: the selected article's menu, at its row. */
  if (focus != NULL
      && (focus == GTK_WIDGET (self->article_list)
          || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->article_list))))
    {
      guint position = gtk_single_selection_get_selected (self->selection);
      for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->article_list)); w != NULL;
           w = gtk_widget_get_next_sibling (w))
        {
          GtkWidget *row = gtk_widget_get_first_child (w);
          GtkListItem *item = row && VIGIL_IS_ARTICLE_ROW (row)
                                  ? g_object_get_data (G_OBJECT (row), "vigil-list-item")
                                  : NULL;
          if (item != NULL && gtk_widget_get_visible (w)
              && gtk_list_item_get_position (item) == position)
            {
              vigil_window_show_article_menu (self, row, position, -1, -1);
              return;
            }
        }
    }
  /* In the sidebar: the focused row's (a folder's heading too), else the selected one's. */
  if (focus != NULL && GTK_IS_LIST_BOX_ROW (focus)
      && gtk_widget_get_parent (focus) == GTK_WIDGET (self->sources_list))
    vigil_window_show_source_menu (self, GTK_LIST_BOX_ROW (focus), -1, -1);
  else
    vigil_window_show_source_menu (self, gtk_list_box_get_selected_row (self->sources_list), -1,
                                   -1);
}

void
vigil_window_class_add_actions (GtkWidgetClass *widget_class)
{
  /* Keyboard: the letters act only when no entry has the focus (the entry gets
   * the key first). */
  gtk_widget_class_install_action (widget_class, "win.next-article", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.previous-article", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-read", NULL, toggle_read_action);
  gtk_widget_class_install_action (widget_class, "win.open-in-browser", NULL,
                                   open_in_browser_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-star", NULL, toggle_star_action);
  gtk_widget_class_install_action (widget_class, "win.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "win.mark-older-read", NULL,
                                   mark_older_read_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.toggle-star", NULL);
  gtk_widget_class_install_action (widget_class, "win.source-menu", NULL, source_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "win.source-menu",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "win.source-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "win.next-article", NULL);
  gtk_widget_class_install_action (widget_class, "win.next-unread", NULL, next_unread_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "win.next-unread", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "win.previous-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "win.previous-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "win.toggle-read", NULL);
  gtk_widget_class_install_action (widget_class, "win.mark-view-read", NULL, mark_view_read_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A, GDK_SHIFT_MASK,
                                       "win.mark-view-read", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "win.open-in-browser", NULL);
  gtk_widget_class_install_action (widget_class, "win.full-article", NULL, full_article_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.full-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.show-errors", NULL, show_errors_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-new", NULL, show_new_action);
  gtk_widget_class_install_action (widget_class, "win.show-article", "x", show_article_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.separate-story", "x", separate_story_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-filters", NULL);
}
