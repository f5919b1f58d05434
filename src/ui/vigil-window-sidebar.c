/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-sidebar.c — the window's sidebar: a list box bound to a VigilSidebarModel */
#include "config.h"

#include "vigil-window-private.h"

#include <glib/gi18n.h>

#include "vigil-favicon.h"
#include "vigil-sidebar-row.h"

static gboolean show_favicons (gpointer data);

/* Rows made for the window's first frame: more than a sidebar shows at once.
 * The rest (hundreds of sources) are made after it, a few every frame, so
 * that neither the first frame nor any later one waits for all of them. */
#define FIRST_ROWS 64
/* Then a few a frame: as many as keep a frame short (vigil_frame_step). */
#define ROWS_PER_FRAME 8
#define ROWS_PER_FRAME_MIN 2
#define ROWS_PER_FRAME_MAX 48

static VigilSidebarItem *
row_item (GtkListBoxRow *row)
{
  return row != NULL && VIGIL_IS_SIDEBAR_ROW (row)
             ? vigil_sidebar_row_get_item (VIGIL_SIDEBAR_ROW (row))
             : NULL;
}

gint64
vigil_window_row_source (GtkListBoxRow *row)
{
  VigilSidebarItem *item = row_item (row);

  return item != NULL && vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_SOURCE
             ? vigil_sidebar_item_get_id (item)
             : 0;
}

static GtkWidget *
create_row (gpointer item, gpointer data)
{
  return vigil_sidebar_row_new (VIGIL_SIDEBAR_ITEM (item));
}

/* The sidebar's structure: which sources, in which order and folders. While
 * it stays the same, a refresh updates titles, counts and warnings in place
 * (rebuilding hundreds of rows every second would stall the window). */
GPtrArray *
vigil_window_rule_names (VigilWindow *self)
{
  g_autoptr (GPtrArray) rules
      = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rules && i < rules->len; i++)
    {
      VigilAlertRule *r = g_ptr_array_index (rules, i);
      if (r->enabled)
        g_ptr_array_add (names, g_strdup (r->name));
    }
  return names;
}

/* Every row made: nothing more to do each frame. */
static void
all_rows_made (VigilWindow *self)
{
  if (self->sidebar_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->sidebar_tick);
  self->sidebar_tick = 0;
  gtk_slice_list_model_set_size (self->sidebar_rows, G_MAXUINT);
}

/* The row at position, made now if it is not yet (NULL past the end). */
static GtkListBoxRow *
sidebar_row (VigilWindow *self, guint position)
{
  if (position >= gtk_slice_list_model_get_size (self->sidebar_rows))
    all_rows_made (self);
  return gtk_list_box_get_row_at_index (self->sources_list, (int) position);
}

static gboolean
make_more_rows (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  guint size = gtk_slice_list_model_get_size (self->sidebar_rows);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sidebar_model));

  /* The first call is the first frame's, which has its rows already. */
  if (!self->sidebar_first_frame)
    {
      self->sidebar_first_frame = TRUE;
      return G_SOURCE_CONTINUE;
    }
  /* Not in the frames the article list is given rows: the two in one frame
   * made the refresh's longest (bench-ui). The list goes first, being what
   * the desk reads; these rows are below the sidebar's first screenful, and
   * one the desk asks for is made at once (sidebar_row). */
  if (self->grow_tick_id != 0)
    {
      self->sidebar_last_tick = 0; /* the first step after the pause is not timed */
      return G_SOURCE_CONTINUE;
    }
  vigil_frame_step (&self->sidebar_step, &self->sidebar_last_tick, ROWS_PER_FRAME,
                    ROWS_PER_FRAME_MIN, ROWS_PER_FRAME_MAX);
  if (size + self->sidebar_step >= n)
    {
      self->sidebar_tick = 0;
      gtk_slice_list_model_set_size (self->sidebar_rows, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (self->sidebar_rows, size + self->sidebar_step);
  return G_SOURCE_CONTINUE;
}

void
vigil_window_select_current (VigilWindow *self)
{
  guint position = vigil_sidebar_model_find (
      self->sidebar_model, self->current_source,
      self->current_source == VIGIL_VIEW_ALERTS ? self->current_rule : NULL);
  GtkListBoxRow *row = position != G_MAXUINT ? sidebar_row (self, position) : NULL;

  if (row != NULL)
    gtk_list_box_select_row (self->sources_list, row);
}

/* The sidebar from what the store says (read by the caller, possibly in a
 * worker thread): the sources with their unread counts, and the stories with
 * an alert nobody opened. */
void
vigil_window_show_sources (VigilWindow *self, GPtrArray *sources, gint64 unseen,
                           GHashTable *by_rule, GPtrArray *accounts)
{
  g_autoptr (GPtrArray) rules = vigil_window_rule_names (self);
  GtkAdjustment *scroll
      = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->sidebar_pane));
  double scrolled = gtk_adjustment_get_value (scroll);

  /* A source that works again (a Retry, a refresh of its own) is no longer
   * among those said to fail: failing again is news, said in a toast. */
  for (guint i = 0; self->failing != NULL && sources != NULL && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->status != VIGIL_SOURCE_STATUS_ERROR)
        g_hash_table_remove (self->failing, &s->id);
    }
  self->reloading_sources = TRUE;
  if (vigil_sidebar_model_update (self->sidebar_model, sources, rules, unseen, by_rule, accounts))
    {
      /* New rows: the one of the view selected again, the sidebar left
       * where the desk had scrolled it (not moved to a row not laid out yet). */
      vigil_window_select_current (self);
      gtk_adjustment_set_value (scroll, scrolled);
    }
  self->reloading_sources = FALSE;
  /* Site icons after the rows: they are not worth a slower first frame. */
  if (self->favicon_idle == 0)
    self->favicon_idle = g_idle_add_full (G_PRIORITY_LOW, show_favicons, self, NULL);
  vigil_window_fetch_favicons (self, sources);
}

static gboolean
show_favicons (gpointer data)
{
  VigilWindow *self = data;

  self->favicon_idle = 0;
  vigil_sidebar_model_show_favicons (self->sidebar_model, NULL);
  return G_SOURCE_REMOVE;
}

static void
favicon_fetched (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_favicon_fetch_finish (result, &error);
  const char *origin = g_object_get_data (G_OBJECT (result), "origin");
  VigilWindow *self = user_data;

  if (path == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  vigil_sidebar_model_show_favicons (self->sidebar_model, origin);
}

/* After a refresh: the icons of sites not asked yet (a few at a time). */
void
vigil_window_fetch_favicons (VigilWindow *self, GPtrArray *sources)
{
  /* Each site looked at once a call (hundreds of sources share a few sites:
   * each look is two file checks, on the main thread). */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint asked = 0;

  for (guint i = 0; i < sources->len && asked < 50; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_autofree char *origin = vigil_favicon_origin (s);
      if (origin == NULL || s->status == VIGIL_SOURCE_STATUS_ERROR
          || !g_hash_table_add (seen, g_strdup (origin)) || vigil_favicon_known (origin))
        continue;
      vigil_favicon_fetch_async (vigil_monitor_get_fetcher (self->monitor), origin,
                                 self->cancellable, favicon_fetched, self);
      asked++;
    }
}

void
vigil_window_reload_sources (VigilWindow *self)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);

  g_autoptr (GHashTable) by_rule = vigil_store_count_alerts_by_rule (self->store);
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (self->store, NULL);

  /* The window's first read: the sources already failing when it opens were
   * said before (no toast for them at the first refresh). */
  if (self->failing == NULL)
    vigil_window_count_failing (self, sources, FALSE);

  vigil_window_show_sources (self, sources, vigil_store_count_unseen_alerts (self->store), by_rule,
                             accounts);
}

/* The window's subtitle names the view: a smart view's or source's title. */
void
vigil_window_set_view_subtitle (VigilWindow *self, GtkListBoxRow *row, gint64 id)
{
  VigilSidebarItem *item = row_item (row);

  if (id == VIGIL_VIEW_ALL)
    adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
  else if (id == VIGIL_VIEW_ALERTS)
    adw_window_title_set_subtitle (self->window_title,
                                   self->current_rule ? self->current_rule : _ ("Alerts"));
  else if (id < 0)
    /* A smart view: its row's title. */
    adw_window_title_set_subtitle (self->window_title,
                                   item ? vigil_sidebar_item_get_title (item) : "");
  else
    {
      g_autoptr (VigilSource) s = vigil_store_get_source (self->store, id, NULL);
      adw_window_title_set_subtitle (self->window_title, s && s->title ? s->title : "");
    }
}

static void
on_sources_pressed (GtkGestureClick *gesture, int n_press, double x, double y, VigilWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->sources_list, (int) y);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  vigil_window_show_source_menu (self, row, x, y);
}

static void
on_sources_long_pressed (GtkGestureLongPress *gesture, double x, double y, VigilWindow *self)
{
  vigil_window_show_source_menu (self, gtk_list_box_get_row_at_y (self->sources_list, (int) y), x,
                                 y);
}

static void
on_source_selected (GtkListBox *box, GtkListBoxRow *row, VigilWindow *self)
{
  VigilSidebarItem *item = row_item (row);
  gint64 id;
  const char *rule;

  if (item == NULL || self->reloading_sources || !vigil_sidebar_item_is_view (item))
    return;
  id = vigil_sidebar_item_get_id (item);
  rule = vigil_sidebar_item_get_rule (item);
  if (id == self->current_source && g_strcmp0 (rule, self->current_rule) == 0)
    return;
  self->current_source = id;
  g_free (self->current_rule);
  self->current_rule = g_strdup (rule);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "selected-view", id);
  vigil_window_set_view_subtitle (self, row, id);
  vigil_window_reload_articles (self);
  vigil_window_show_overview_if_today (self);
  /* One pane at a time: the view's articles (Today: its overview first). */
  vigil_window_show_page (self, id == VIGIL_VIEW_TODAY ? PAGE_ARTICLE : PAGE_LIST);
}

/* A folder's heading activated (clicked, Enter, Space): folded or unfolded. */
static void
on_source_activated (GtkListBox *box, GtkListBoxRow *row, VigilWindow *self)
{
  VigilSidebarItem *item = row_item (row);

  if (item != NULL && vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_FOLDER)
    vigil_sidebar_model_set_expanded (self->sidebar_model, item,
                                      !vigil_sidebar_item_get_expanded (item));
}

/* Selects the row at position (unfolding its folder) and shows its view's list. */
static void
select_position (VigilWindow *self, guint position)
{
  GtkListBoxRow *row = sidebar_row (self, position);
  VigilSidebarItem *item = row_item (row);
  VigilSidebarItem *folder = item ? vigil_sidebar_item_get_folder (item) : NULL;

  if (folder != NULL && !vigil_sidebar_item_get_expanded (folder))
    vigil_sidebar_model_set_expanded (self->sidebar_model, folder, TRUE);
  if (self->searching)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_list_box_select_row (self->sources_list, row);
  vigil_window_show_page (self, PAGE_LIST);
}

gboolean
vigil_window_show_rule (VigilWindow *self, const char *rule)
{
  guint found = vigil_sidebar_model_find (self->sidebar_model, VIGIL_VIEW_ALERTS, rule);
  guint alerts = vigil_sidebar_model_find (self->sidebar_model, VIGIL_VIEW_ALERTS, NULL);

  if (found == G_MAXUINT && alerts == G_MAXUINT)
    return FALSE;
  if (self->searching)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (!vigil_article_filter_is_empty (vigil_filter_bar_get_filter (self->filter_bar)))
    gtk_toggle_button_set_active (self->filter_button, FALSE);
  select_position (self, found != G_MAXUINT ? found : alerts);
  return found != G_MAXUINT;
}

gboolean
vigil_window_show_view (VigilWindow *self, gint64 view)
{
  guint position = vigil_sidebar_model_find (self->sidebar_model, view, NULL);

  if (position == G_MAXUINT)
    return FALSE;
  select_position (self, position);
  return TRUE;
}

void
vigil_window_sidebar_init (VigilWindow *self)
{
  self->sidebar_model = vigil_sidebar_model_new ();
  self->sidebar_rows
      = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->sidebar_model)), 0, FIRST_ROWS);
  gtk_list_box_bind_model (self->sources_list, G_LIST_MODEL (self->sidebar_rows), create_row, NULL,
                           NULL);
  self->sidebar_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), make_more_rows, NULL, NULL);
}

void
vigil_window_class_add_sidebar (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_source_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_source_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sources_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_sources_long_pressed);
}
