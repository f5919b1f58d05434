/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window.c — the main window: construction, toasts, adaptive layout, monitor signals,
 * dispose */
#include "config.h"

#include "vigil-window-private.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, ADW_TYPE_APPLICATION_WINDOW)

static void on_rules_changed (VigilWindow *self);
static void on_strong_highlights_changed (GSettings *settings, const char *key, VigilWindow *self);

/* A toast whose text is shown as it is (toast titles are Pango markup, and
 * error messages and feed titles are not to be read as markup), and whole:
 * libadwaita 1.2 cuts a toast's title to one line, so a long message (a
 * source's error, a sync's reason) wraps onto more lines in a label of its
 * own instead of ending in "…" at a half-screen width. */
AdwToast *
vigil_window_plain_toast (const char *text)
{
  AdwToast *toast = adw_toast_new ("");
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* One line when it fits; the width it asks for is not that of a wrapped text. */
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);
  return toast;
}

/* A toast's words wrap at a width that leaves room for its button and close
 * button in the window as wide as it is now: libadwaita 1.2 gives a toast's
 * title its width first and cuts the button at a phone's width. */
void
vigil_window_add_toast (VigilWindow *self, AdwToast *toast)
{
  GtkWidget *title = adw_toast_get_custom_title (toast);
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (GTK_IS_LABEL (title) && width > 0)
    gtk_label_set_max_width_chars (GTK_LABEL (title), CLAMP ((width - 220) / 9, 12, 48));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* An Undo button in a toast was clicked and hides: the focus leaves the toast
 * for the article list (or none), as a toast that holds the focus stays up and
 * holds back every toast queued after it. */
void
vigil_window_focus_out_of_toast (VigilWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->toast_overlay))
      || gtk_widget_is_ancestor (focus, adw_toast_overlay_get_child (self->toast_overlay)))
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->article_list))
      || !gtk_widget_grab_focus (GTK_WIDGET (self->article_list)))
    gtk_root_set_focus (GTK_ROOT (self), NULL);
}

void
vigil_window_toast (VigilWindow *self, const char *text)
{
  vigil_window_add_toast (self, vigil_window_plain_toast (text));
}

VigilWindowCall *
vigil_window_call_new (VigilWindow *self, gint64 id, gpointer data, GDestroyNotify free)
{
  VigilWindowCall *call = g_new0 (VigilWindowCall, 1);

  g_weak_ref_init (&call->window, self);
  call->id = id;
  call->data = data;
  call->free = free;
  return call;
}

VigilWindow *
vigil_window_call_get_window (VigilWindowCall *call)
{
  return g_weak_ref_get (&call->window);
}

void
vigil_window_call_free (VigilWindowCall *call)
{
  g_weak_ref_clear (&call->window);
  if (call->free != NULL && call->data != NULL)
    call->free (call->data);
  g_free (call);
}

void
vigil_window_reload (VigilWindow *self)
{
  vigil_window_reload_sources (self);
  vigil_window_reload_articles (self);
}

/* New articles of a source whose full articles are fetched automatically:
 * fetched now, so that the rules judge them before the desk opens them. */
typedef struct
{
  gint64 source_id;
  GArray *ids; /* gint64: the articles articles-added announced */
} NewArticles;

static void
new_articles_clear (NewArticles *w)
{
  g_clear_pointer (&w->ids, g_array_unref);
}

/* In a worker: of the articles that came, those of sources whose full text
 * is fetched automatically. */
static void
full_wanted_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilStore *store = source;
  GArray *wanted = data;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < wanted->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      NewArticles *w = &g_array_index (wanted, NewArticles, i);
      g_autoptr (VigilSource) s = vigil_store_get_source (store, w->source_id, NULL);

      if (s != NULL && s->full_text == VIGIL_FULL_TEXT_AUTOMATIC)
        g_array_append_vals (ids, w->ids->data, w->ids->len);
    }
  g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void read_full_wanted (VigilWindow *self);

static void
full_wanted_read (GObject *object, GAsyncResult *result, gpointer data)
{
  VigilWindow *self = data; /* a reference, held by the task */
  g_autoptr (GArray) ids = g_task_propagate_pointer (G_TASK (result), NULL);

  self->full_reading = FALSE;
  if (ids != NULL && ids->len > 0 && self->article_view != NULL)
    vigil_article_view_fetch_full_later (self->article_view, (const gint64 *) ids->data, ids->len);
  if (ids != NULL && self->full_wanted != NULL && self->full_wanted->len > 0)
    read_full_wanted (self);
  g_object_unref (self);
}

/* One batch at a time: a refresh of hundreds of sources says "articles-added"
 * hundreds of times, and each read on the main thread stalled the window. */
static void
read_full_wanted (VigilWindow *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->full_reading || self->store == NULL || self->full_wanted == NULL)
    return;
  self->full_reading = TRUE;
  task = g_task_new (self->store, self->cancellable, full_wanted_read, g_object_ref (self));
  g_task_set_task_data (task, g_steal_pointer (&self->full_wanted), (GDestroyNotify) g_array_unref);
  g_task_run_in_thread (task, full_wanted_in_thread);
}

static void
on_articles_added (VigilMonitor *monitor, gint64 source_id, guint n_new, VigilWindow *self)
{
  guint n_ids = 0;
  const gint64 *ids = vigil_monitor_get_added (monitor, &n_ids);
  NewArticles w = { source_id, NULL };

  if (n_ids == 0)
    return;
  w.ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (w.ids, ids, n_ids);
  if (self->full_wanted == NULL)
    {
      self->full_wanted = g_array_new (FALSE, FALSE, sizeof (NewArticles));
      g_array_set_clear_func (self->full_wanted, (GDestroyNotify) new_articles_clear);
    }
  g_array_append_val (self->full_wanted, w);
  read_full_wanted (self);
}

/* ---- adaptive layout ----
 *
 * Decided by the width the panes need, not a fixed switch. Wide enough for the
 * sources, the articles and the article at the widths the desk dragged them to
 * (kept) and an article of ARTICLE_MIN_WIDTH: three panes side by side. Wide
 * enough for the list and the article at the least they take (measured; about
 * 700 px, and half a 1600 px screen): two, the list narrowed from its kept
 * width as far as the article needs, the sources taking the list's place when
 * asked for (back button, Alt+Left), the article staying beside. Narrower: one pane at a time, like
 * a phone, sources then list then article. The panes may shrink, so the window itself can be made
 * that narrow; the mode follows the allocated width. */

#define ARTICLE_MIN_WIDTH 360

static void
apply_layout (VigilWindow *self)
{
  gboolean n = self->narrow;
  gboolean two = self->two_panes && !n;

  if (!n && !two && self->settings != NULL)
    {
      /* Back to three panes: the widths the desk set (panes hidden in the
       * narrow layout may have moved the dividers), the list narrower while
       * the article lacks room. */
      gtk_paned_set_position (self->outer_paned,
                              g_settings_get_int (self->settings, "sidebar-width"));
      gtk_paned_set_position (
          self->inner_paned,
          self->list_fit > 0 ? self->list_fit : g_settings_get_int (self->settings, "list-width"));
    }

  if (two)
    {
      /* The list (or the sources in its place) and the article. */
      gboolean sources = self->narrow_page == PAGE_SOURCES;
      int list = self->list_fit > 0       ? self->list_fit
                 : self->settings != NULL ? g_settings_get_int (self->settings, "list-width")
                                          : gtk_paned_get_position (self->inner_paned);
      gtk_paned_set_position (self->inner_paned, list);
      gtk_widget_set_visible (self->sidebar_pane, sources);
      gtk_widget_set_visible (GTK_WIDGET (self->inner_paned), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_button), TRUE);
      gtk_widget_set_visible (self->list_pane, !sources);
      gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), TRUE);
      gtk_widget_set_visible (self->back_button, !sources);
      gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), TRUE);
      gtk_widget_set_visible (self->add_button, TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", !sources);
      return;
    }
  gtk_widget_set_visible (self->sidebar_pane, !n || self->narrow_page == PAGE_SOURCES);
  gtk_widget_set_visible (self->list_pane, !n || self->narrow_page == PAGE_LIST);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), !n || self->narrow_page == PAGE_ARTICLE);
  /* The sources alone take the whole width (the panes beside them, both
   * hidden, would keep a blank strip). */
  gtk_widget_set_visible (GTK_WIDGET (self->inner_paned), !n || self->narrow_page != PAGE_SOURCES);
  gtk_widget_set_visible (self->back_button, n && self->narrow_page != PAGE_SOURCES);
  /* Refresh stays at phone width, Add on the sources' page; the list's
   * filters on the list's (room for the title on 360 px). */
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), TRUE);
  gtk_widget_set_visible (self->add_button, !n || self->narrow_page == PAGE_SOURCES);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_button),
                          !n || self->narrow_page != PAGE_SOURCES);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 n && self->narrow_page != PAGE_SOURCES);
}

void
vigil_window_show_page (VigilWindow *self, int page)
{
  self->narrow_page = page;
  if (self->narrow || self->two_panes)
    apply_layout (self);
}

static gboolean
layout_idle (gpointer data)
{
  VigilWindow *self = data;

  self->layout_idle = 0;
  apply_layout (self);
  return G_SOURCE_REMOVE;
}

/* The least width a pane takes: measured while it is shown, else the last
 * measure (or the width it asks for, before any). */
static int
pane_min_width (GtkWidget *pane, int *cached)
{
  int min = 0;

  if (gtk_widget_get_visible (pane))
    {
      gtk_widget_measure (pane, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      *cached = min;
    }
  else if (*cached == 0)
    gtk_widget_get_size_request (pane, cached, NULL);
  return *cached;
}

static void
vigil_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  gboolean narrow, two;
  int sidebar, list, list_min, article_min, fit;

  GTK_WIDGET_CLASS (vigil_window_parent_class)->size_allocate (widget, width, height, baseline);
  /* Three panes: what they need at their kept widths. */
  sidebar = self->settings ? g_settings_get_int (self->settings, "sidebar-width")
                           : gtk_paned_get_position (self->outer_paned);
  list = self->settings ? g_settings_get_int (self->settings, "list-width")
                        : gtk_paned_get_position (self->inner_paned);
  /* Two panes: the least the list and the article take side by side (the
   * list narrower than the desk keeps it, down to its own minimum). */
  list_min = pane_min_width (self->list_pane, &self->list_min);
  article_min = MAX (ARTICLE_MIN_WIDTH,
                     pane_min_width (GTK_WIDGET (self->detail_stack), &self->article_min));
  if (gtk_widget_get_visible (self->list_pane)
      && gtk_widget_get_visible (GTK_WIDGET (self->detail_stack)))
    {
      /* The divider: what the paned takes beyond its children. */
      int both = gtk_widget_get_width (self->list_pane)
                 + gtk_widget_get_width (GTK_WIDGET (self->detail_stack));
      int paned = gtk_widget_get_width (GTK_WIDGET (self->inner_paned));
      if (both > 0 && paned > both)
        self->divider = paned - both;
    }
  /* Three panes while the sources keep their width and the list can give
   * up what the article lacks (down to its minimum); two while the list and
   * the article fit at the least they take; else one. */
  two = width < sidebar + 2 * self->divider + list_min + article_min;
  narrow = width < list_min + self->divider + article_min;
  fit = narrow ? 0
               : CLAMP (width - self->divider - article_min - (two ? 0 : sidebar + self->divider),
                        list_min, MAX (list, list_min));
  if (fit >= list)
    fit = 0; /* the kept width fits */
  if (narrow != self->narrow || two != self->two_panes || fit != self->list_fit)
    {
      self->narrow = narrow;
      self->two_panes = two;
      self->list_fit = fit;
      /* Not during an allocation: the next frame gets the new panes. */
      if (self->layout_idle == 0)
        self->layout_idle = g_idle_add (layout_idle, self);
    }
}

/* A pane's width as the desk set it in the three-pane layout, within its
 * key's range; none written while the layout narrows the panes itself. */
static GVariant *
pane_width_to_key (VigilWindow *self, const GValue *value, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsSchemaKey) schema_key = NULL;
  g_autoptr (GVariant) width = g_variant_ref_sink (g_variant_new_int32 (g_value_get_int (value)));

  if (self->narrow || self->two_panes || self->list_fit > 0 || self->settings == NULL)
    return NULL;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  if (!g_settings_schema_key_range_check (schema_key, width))
    return NULL; /* not written */
  return g_steal_pointer (&width);
}

static GVariant *
sidebar_width_to_settings (const GValue *value, const GVariantType *type, gpointer data)
{
  return pane_width_to_key (data, value, "sidebar-width");
}

static GVariant *
list_width_to_settings (const GValue *value, const GVariantType *type, gpointer data)
{
  return pane_width_to_key (data, value, "list-width");
}

static gboolean
pane_width_from_settings (GValue *value, GVariant *variant, gpointer data)
{
  g_value_set_int (value, g_variant_get_int32 (variant));
  return TRUE;
}

gboolean
vigil_window_is_narrow (VigilWindow *self)
{
  return self->narrow;
}

/* ---- monitor signals ---- */

/* The refresh bar moves at most this often (ms). It moved at every source
 * read, 16 times a second in bench-ui's refresh, each move a frame drawn; as a
 * GtkProgressBar each also laid the window out, and GTK's X11 backend then
 * asked the X server for the screen's work area, round trips the main thread
 * waited on while the server was busy (VigilRefreshBar is only drawn again). */
#define PROGRESS_INTERVAL_MS 250

static void
show_progress (VigilWindow *self)
{
  guint done = self->progress_done, total = self->progress_total;
  g_autofree char *text = g_strdup_printf (_ ("Refreshing: %u of %u sources"), done, total);

  self->progress_shown = g_get_monotonic_time ();
  vigil_refresh_bar_set_fraction (self->progress, (double) done / total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
  /* The tooltip is given when asked for (on_progress_query_tooltip): setting
   * it looks for the pointer, a round trip to the X server each time,
   * hundreds of times a refresh. Asked again while hovered. */
  g_free (self->progress_text);
  self->progress_text = g_steal_pointer (&text);
  if (gtk_widget_get_state_flags (GTK_WIDGET (self->progress)) & GTK_STATE_FLAG_PRELIGHT)
    gtk_widget_trigger_tooltip_query (GTK_WIDGET (self->progress));
}

static gboolean
show_progress_later (gpointer data)
{
  VigilWindow *self = data;

  self->progress_later = 0;
  show_progress (self);
  return G_SOURCE_REMOVE;
}

static void
on_progress (VigilMonitor *monitor, guint done, guint total, VigilWindow *self)
{
  gboolean busy = done < total;
  gint64 since = (g_get_monotonic_time () - self->progress_shown) / 1000;

  /* The bar alone says it: an animation would repaint the window 60 times a
   * second for as long as a refresh lasts. */
  vigil_refresh_bar_set_shown (self->progress, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), !busy);
  /* A refresh starts the accounts' syncs too: their rows say "Syncing…". */
  if (done == 0 && vigil_monitor_get_sync (monitor) != NULL)
    vigil_window_queue_reload (self);
  if (total == 0)
    return;
  self->progress_done = done;
  self->progress_total = total;
  /* Its start and end at once, the sources between a few times a second. */
  if (done == 0 || !busy || since >= PROGRESS_INTERVAL_MS)
    {
      g_clear_handle_id (&self->progress_later, g_source_remove);
      show_progress (self);
    }
  else if (self->progress_later == 0)
    self->progress_later
        = g_timeout_add ((guint) (PROGRESS_INTERVAL_MS - since), show_progress_later, self);
}

static gboolean
on_progress_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                           VigilWindow *self)
{
  if (self->progress_text == NULL || !vigil_refresh_bar_get_shown (self->progress))
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->progress_text);
  return TRUE;
}

/* The sources in error now; with newly, how many of them were not in error
 * when the desk was last told (the set is updated). */
guint
vigil_window_count_failing (VigilWindow *self, GPtrArray *sources, gboolean newly)
{
  g_autoptr (GHashTable) now = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint failed = 0;

  for (guint i = 0; sources && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->status != VIGIL_SOURCE_STATUS_ERROR)
        continue;
      g_hash_table_add (now, g_memdup2 (&s->id, sizeof s->id));
      if (!newly || self->failing == NULL || !g_hash_table_contains (self->failing, &s->id))
        failed++;
    }
  g_clear_pointer (&self->failing, g_hash_table_unref);
  self->failing = g_steal_pointer (&now);
  return failed;
}

/* A refresh is over: the sources that newly failed are said once (those
 * already failing keep their warning icon in the sidebar, without a toast at
 * every refresh). */
static void
on_refresh_finished (VigilMonitor *monitor, VigilWindow *self)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);
  guint failed;

  on_progress (monitor, 1, 1, self);
  vigil_window_fetch_favicons (self, sources);
  failed = vigil_window_count_failing (self, sources, TRUE);
  if (failed > 0)
    {
      g_autofree char *msg
          = g_strdup_printf (ngettext ("%u source could not be refreshed",
                                       "%u sources could not be refreshed", failed),
                             failed);
      AdwToast *toast = vigil_window_plain_toast (msg);
      adw_toast_set_timeout (toast, 6);
      adw_toast_set_button_label (toast, _ ("_Details"));
      adw_toast_set_action_name (toast, "win.show-errors");
      vigil_window_add_toast (self, toast);
      self->refresh_failures_said++;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "overview") == 0)
    vigil_overview_refresh (self->overview);
}

static void
on_webhook_failed (VigilMonitor *monitor, const char *rule, const char *reason, VigilWindow *self)
{
  /* TRANSLATORS: a rule's alert could not be posted to its desk channel */
  g_autofree char *msg
      = g_strdup_printf (_ ("“%s” could not post to its webhook: %s"), rule, reason);
  AdwToast *toast = vigil_window_plain_toast (msg);

  adw_toast_set_timeout (toast, 8);
  vigil_window_add_toast (self, toast);
}

/* A failing sync is said once, not at every retry of the schedule; the
 * account's row keeps saying it. */
static void
on_account_synced (VigilMonitor *monitor, gint64 account_id, const char *error, VigilWindow *self)
{
  if (error == NULL)
    g_hash_table_remove (self->sync_failing, &account_id);
  else if (!g_hash_table_contains (self->sync_failing, &account_id))
    {
      g_autoptr (VigilAccount) account = vigil_store_get_account (self->store, account_id, NULL);
      /* TRANSLATORS: a sync account's name, then why its sync failed */
      g_autofree char *text
          = g_strdup_printf (_ ("Could not sync “%s”: %s"), account ? account->name : "?", error);
      g_hash_table_add (self->sync_failing, g_memdup2 (&account_id, sizeof account_id));
      self->sync_failures_said++;
      vigil_window_toast (self, text);
    }
  vigil_window_queue_reload (self);
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  g_weak_ref_set (&self->shown_header, NULL);
  g_clear_weak_pointer (&self->undo_toast);

  g_clear_pointer (&self->failing, g_hash_table_unref);
  g_clear_pointer (&self->sync_failing, g_hash_table_unref);
  g_clear_handle_id (&self->reload_source_id, g_source_remove);
  if (self->scroll_back_id != 0 && self->article_list != NULL
      && gtk_widget_get_frame_clock (GTK_WIDGET (self->article_list)) != NULL)
    g_clear_signal_handler (&self->scroll_back_id,
                            gtk_widget_get_frame_clock (GTK_WIDGET (self->article_list)));
  g_clear_handle_id (&self->layout_idle, g_source_remove);
  g_clear_handle_id (&self->progress_later, g_source_remove);
  g_clear_handle_id (&self->favicon_idle, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->monitor)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  if (self->sidebar_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->sidebar_tick);
  self->sidebar_tick = 0;
  g_clear_object (&self->sidebar_rows);
  g_clear_object (&self->sidebar_model);
  g_clear_object (&self->selection);
  g_clear_object (&self->articles);
  g_clear_object (&self->search_results);
  g_clear_pointer (&self->current_rule, g_free);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_pointer (&self->full_wanted, g_array_unref);
  g_clear_object (&self->menu_article);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WINDOW);
  G_OBJECT_CLASS (vigil_window_parent_class)->dispose (object);
}

static void
vigil_window_class_init (VigilWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_window_dispose;
  widget_class->size_allocate = vigil_window_size_allocate;
  g_type_ensure (VIGIL_TYPE_ARTICLE_VIEW);
  g_type_ensure (VIGIL_TYPE_OVERVIEW);
  g_type_ensure (VIGIL_TYPE_ALERT_BAR);
  g_type_ensure (VIGIL_TYPE_FILTER_BAR);
  g_type_ensure (VIGIL_TYPE_REFRESH_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/vigil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, sources_list);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, source_items);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, article_list);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, alert_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, new_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, empty_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, overview);
  vigil_window_class_add_alert_bar (widget_class);
  vigil_window_class_add_sidebar (widget_class);
  vigil_window_class_add_list (widget_class);
  vigil_window_class_add_actions (widget_class);
  vigil_window_class_add_source_actions (widget_class);
}

static void
vigil_window_init (VigilWindow *self)
{
  g_weak_ref_init (&self->shown_header, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
#if DEVELOPMENT_PROFILE
  /* A development build says so: libadwaita stripes its header bars. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
  self->cancellable = g_cancellable_new ();
  vigil_window_list_init (self);
  vigil_window_sidebar_init (self);
  vigil_window_panes_init (self);
  self->narrow_page = PAGE_LIST;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", FALSE);
  adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
}

VigilWindow *
vigil_window_new (VigilApplication *app)
{
  VigilWindow *self = g_object_new (VIGIL_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = vigil_application_get_settings (app);

  self->monitor = g_object_ref (vigil_application_get_monitor (app));
  self->sync_failing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->store = g_object_ref (vigil_monitor_get_store (self->monitor));
  vigil_sidebar_model_set_monitor (self->sidebar_model, self->monitor);
  vigil_article_view_set_gazetteer (self->article_view,
                                    vigil_monitor_get_gazetteer (self->monitor));
  vigil_article_view_set_monitor (self->article_view, self->monitor);
  vigil_overview_set_store (self->overview, self->store);
  vigil_filter_bar_set_store (self->filter_bar, self->store);
  /* Where the desk left off: the view's list made at once (not All
   * Articles' rows made, then every one of them bound again). */
  {
    gint64 view = g_settings_get_int64 (settings, "selected-view");
    g_autoptr (VigilSource) source
        = view > 0 ? vigil_store_get_source (self->store, view, NULL) : NULL;
    if (view >= VIGIL_VIEW_TODAY && (view <= 0 || source != NULL))
      self->current_source = view;
  }
  self->articles = vigil_article_list_new (self->store, self->current_source);
  vigil_window_show_new_list (self);

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  /* Where the desk left off: pane widths and the view. */
  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "sidebar-width", self->outer_paned, "position",
                                G_SETTINGS_BIND_DEFAULT, pane_width_from_settings,
                                sidebar_width_to_settings, self, NULL);
  g_settings_bind_with_mapping (settings, "list-width", self->inner_paned, "position",
                                G_SETTINGS_BIND_DEFAULT, pane_width_from_settings,
                                list_width_to_settings, self, NULL);
  /* Folded folders stay folded across restarts. */
  vigil_sidebar_model_set_settings (self->sidebar_model, settings);
  vigil_article_view_set_strong_highlights (self->article_view,
                                            g_settings_get_boolean (settings, "strong-highlights"));
  g_signal_connect_object (settings, "changed::strong-highlights",
                           G_CALLBACK (on_strong_highlights_changed), self, 0);

  g_signal_connect_object (self->monitor, "refresh-progress", G_CALLBACK (on_progress), self, 0);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->progress), TRUE);
  g_signal_connect_object (self->progress, "query-tooltip", G_CALLBACK (on_progress_query_tooltip),
                           self, 0);
  g_signal_connect_object (self->monitor, "webhook-failed", G_CALLBACK (on_webhook_failed), self,
                           0);
  g_signal_connect_object (self->monitor, "refresh-finished", G_CALLBACK (on_refresh_finished),
                           self, 0);
  g_signal_connect_object (self->monitor, "articles-added", G_CALLBACK (on_articles_added), self,
                           0);
  /* What the store says changed, whoever wrote it (the monitor, the sync,
   * the desk's own actions, a notification's Mark Read): the views follow. */
  g_signal_connect_object (self->store, "changed", G_CALLBACK (vigil_window_on_store_changed), self,
                           0);
  g_signal_connect_object (self->monitor, "rules-changed", G_CALLBACK (on_rules_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "account-synced", G_CALLBACK (on_account_synced), self,
                           0);

  vigil_window_reload (self);
  if (gtk_list_box_get_selected_row (self->sources_list) != NULL)
    vigil_window_set_view_subtitle (self, gtk_list_box_get_selected_row (self->sources_list),
                                    self->current_source);
  vigil_window_show_overview_if_today (self);
  return self;
}

/* A rule switched off or deleted takes its view with it. */
static void
on_rules_changed (VigilWindow *self)
{
  if (self->current_rule != NULL)
    {
      g_autoptr (GPtrArray) names = vigil_window_rule_names (self);
      gboolean found = FALSE;
      for (guint i = 0; i < names->len; i++)
        found = found || g_str_equal (g_ptr_array_index (names, i), self->current_rule);
      if (!found)
        {
          g_clear_pointer (&self->current_rule, g_free);
          adw_window_title_set_subtitle (self->window_title, _ ("Alerts"));
        }
    }
  vigil_window_reload (self);
}

static void
on_strong_highlights_changed (GSettings *settings, const char *key, VigilWindow *self)
{
  vigil_article_view_set_strong_highlights (self->article_view,
                                            g_settings_get_boolean (settings, key));
}

guint
vigil_window_get_refresh_failures_said (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->refresh_failures_said;
}

guint
vigil_window_get_sync_failures_said (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->sync_failures_said;
}
