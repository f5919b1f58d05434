/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-common.h: what the UI tests under Xvfb share: user directories of
 * their own, screenshots of the virtual screen, finding widgets, and steps
 * run once a condition holds (or some frames are painted) instead of after
 * a fixed wait. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "test-time.h"
#include "vigil-test-utils.h"
#include "vigil-application.h"
#include "vigil-gpu.h"
#include "vigil-sidebar-row.h"
#include "vigil-window.h"

/* The clock of a step machine polled on a timeout: step's ticks counted
 * (back to 1 when step is new, said as "<label> <step>"); FALSE once the
 * step has had max_ticks, app quit (the caller returns G_SOURCE_REMOVE). */
static inline gboolean
ui_test_step_in_time (gpointer app, const char *label, guint step, guint *last_step, guint *ticks,
                      guint max_ticks)
{
  if (++*ticks > max_ticks)
    {
      g_test_message ("gave up at step %u", step);
      g_application_quit (G_APPLICATION (app));
      return FALSE;
    }
  if (step != *last_step)
    {
      *last_step = step;
      *ticks = 1;
      g_test_message ("%s %u", label, step);
    }
  return TRUE;
}

/* widget (a GtkWidget or NULL) is there and mapped. */
static inline gboolean
ui_test_is_mapped (gpointer widget)
{
  return widget != NULL && gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* Quits app: the step that ends a test returns this (G_SOURCE_REMOVE). */
static inline gboolean
ui_test_quit (gpointer app)
{
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

/* Temporary XDG directories, set before anything asks GLib for them; and
 * without a GPU the renderer vigil_application_new() would choose, set now:
 * once gtk_test_init() has started threads, its setenv() races their
 * getenv() (a rare SIGSEGV as the test made the app). (GDK_DEBUG is left
 * alone: GTK has read it by then, as it had when the app set it.) */
static inline void
ui_test_isolate_user_dirs (const char *template)
{
  g_autofree char *home = g_dir_make_tmp (template, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  g_assert_nonnull (home);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_STATE_HOME", home, TRUE);
  if (!vigil_gpu_available ())
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

/* A screenshot of the whole (virtual) screen into the build directory. */
static inline void
shot (const char *name)
{
  g_autofree char *path = g_build_filename (
      g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", name, NULL);
  const char *argv[] = { "import", "-window", "root", path, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_remove (path);
  if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    &status, &error))
    g_test_message ("screenshot: %s (exit %d)", path, status);
  else
    g_test_message ("no screenshot: %s", error->message);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Says what text is, then checks that it holds each of parts (up to NULL). */
static inline void
ui_test_assert_holds_all (const char *what, const char *text, const char *const *parts)
{
  g_test_message ("%s: %s", what, text);
  for (; *parts != NULL; parts++)
    g_assert_nonnull (strstr (text, *parts));
}

/* Whether a widget is the one looked for (data: what a finder was given). */
typedef gboolean (*UiTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under widget (itself first, then its children depth
 * first) that match (widget, data) accepts, or NULL; with visible_only, a
 * hidden widget and all under it are passed over. */
static inline GtkWidget *
ui_test_find_widget_full (GtkWidget *widget, gboolean visible_only, UiTestWidgetMatch match,
                          gconstpointer data)
{
  if (widget == NULL || (visible_only && !gtk_widget_get_visible (widget)))
    return NULL;
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ui_test_find_widget_full (c, visible_only, match, data);
      if (found)
        return found;
    }
  return NULL;
}

/* The same, hidden widgets included. */
static inline GtkWidget *
ui_test_find_widget (GtkWidget *widget, UiTestWidgetMatch match, gconstpointer data)
{
  return ui_test_find_widget_full (widget, FALSE, match, data);
}

static gboolean
ui_test_is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
ui_test_is_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
ui_test_is_label_with (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
ui_test_has_tooltip (GtkWidget *widget, gconstpointer text)
{
  return gtk_widget_get_visible (widget)
         && g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

static gboolean
ui_test_is_open_popover_menu (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_POPOVER_MENU (widget) && gtk_widget_get_visible (widget);
}

/* The button whose label is label, or the label widget whose text is text,
 * under widget (a toast's Undo, its "Story restored"). */
static inline GtkWidget *
find_button_labelled (GtkWidget *widget, const char *label)
{
  return ui_test_find_widget (widget, ui_test_is_button_labelled, label);
}

static inline GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  return ui_test_find_widget (widget, ui_test_is_label, text);
}

/* A visible label under widget whose text holds text. */
static inline GtkWidget *
find_label_with (GtkWidget *widget, const char *text)
{
  return ui_test_find_widget_full (widget, TRUE, ui_test_is_label_with, text);
}

/* The widget whose tooltip is text, under widget (icon buttons). */
static inline GtkWidget *
find_tooltip (GtkWidget *widget, const char *text)
{
  return ui_test_find_widget (widget, ui_test_has_tooltip, text);
}

/* A popover menu open under widget (a row's article menu). */
static inline GtkWidget *
find_popover_menu (GtkWidget *widget)
{
  return ui_test_find_widget (widget, ui_test_is_open_popover_menu, NULL);
}

typedef struct
{
  GType type;
  const char *title;
} UiTestRowTitled;

static gboolean
ui_test_is_row_titled (GtkWidget *widget, gconstpointer data)
{
  const UiTestRowTitled *want = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, want->type)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), want->title)
                == 0;
}

/* The preferences row of type (ADW_TYPE_ENTRY_ROW, ADW_TYPE_COMBO_ROW…)
 * titled title under widget, or NULL. */
static inline GtkWidget *
ui_test_find_row (GtkWidget *widget, GType type, const char *title)
{
  UiTestRowTitled want = { type, title };

  return ui_test_find_widget (widget, ui_test_is_row_titled, &want);
}

/* The texts of the labels under widget, each followed by "|". */
static inline void
collect_labels (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

/* The item a sidebar row shows (a view, rule, folder, source, account), or NULL. */
static inline VigilSidebarItem *
sidebar_item (gpointer row)
{
  return VIGIL_IS_SIDEBAR_ROW (row) ? vigil_sidebar_row_get_item (VIGIL_SIDEBAR_ROW (row)) : NULL;
}

/* The view a sidebar row shows: a source's id, or VIGIL_VIEW_*; G_MININT64 when it is none. */
static inline gint64
sidebar_view (gpointer row)
{
  VigilSidebarItem *item = sidebar_item (row);

  return item != NULL && vigil_sidebar_item_is_view (item) ? vigil_sidebar_item_get_id (item)
                                                           : G_MININT64;
}

/* The rule a sidebar row shows, or NULL. */
static inline const char *
sidebar_rule (gpointer row)
{
  VigilSidebarItem *item = sidebar_item (row);

  return item != NULL ? vigil_sidebar_item_get_rule (item) : NULL;
}

/* ---- the application's window ---- */

/* The application's main window, or NULL before it is made. */
static inline VigilWindow *
ui_test_find_window (VigilApplication *app)
{
  VigilWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (VIGIL_IS_WINDOW (l->data))
      window = l->data;
  return window;
}

/* A widget of the window's template. */
static inline gpointer
ui_test_window_child (VigilWindow *window, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_WINDOW, name);
}

/* TRUE once the application's window lists at least n articles (the demo's,
 * ingested after the start); *window set to it. */
static inline gboolean
ui_test_window_lists (VigilApplication *app, guint n, VigilWindow **window)
{
  *window = ui_test_find_window (app);
  return *window != NULL && g_list_model_get_n_items (vigil_window_get_articles (*window)) >= n;
}

/* The sidebar's row of a view (a source's id or VIGIL_VIEW_*, not a rule's),
 * or NULL. */
static inline GtkListBoxRow *
ui_test_sidebar_view_row (VigilWindow *window, gint64 view)
{
  GtkListBox *sidebar = ui_test_window_child (window, "sources_list");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar, i)); i++)
    if (sidebar_view (row) == view && sidebar_rule (row) == NULL)
      return row;
  return NULL;
}

/* The sidebar's row of the rule named rule, or NULL. */
static inline GtkListBoxRow *
ui_test_sidebar_rule_row (VigilWindow *window, const char *rule)
{
  GtkListBox *sidebar = ui_test_window_child (window, "sources_list");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar, i)); i++)
    if (g_strcmp0 (sidebar_rule (row), rule) == 0)
      return row;
  return NULL;
}

/* The sidebar's row of a view selected. */
static inline void
ui_test_select_view (VigilWindow *window, gint64 view)
{
  GtkListBoxRow *row = ui_test_sidebar_view_row (window, view);

  if (row != NULL)
    gtk_list_box_select_row (ui_test_window_child (window, "sources_list"), row);
}

/* Runs a new application (*app, the caller unrefs it) offline, on its demo
 * sources and without notifications, on_activate (app, data) connected after
 * its own "activate"; the test fails unless it exits with 0. */
static inline void
ui_test_run_demo (VigilApplication **app, GCallback on_activate, gpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  const char *argv[] = { "vigil", NULL };

  /* A test never reaches the network. */
  g_settings_set_boolean (settings, "default-sources", FALSE);
  g_settings_set_boolean (settings, "notifications", FALSE);
  *app = vigil_application_new ();
  g_signal_connect_after (*app, "activate", on_activate, data);
  g_assert_cmpint (g_application_run (G_APPLICATION (*app), 1, (char **) argv), ==, 0);
}

/* How often a condition is checked, and how long it may take before the
 * test fails (stretched as the other limits are, test-time.h). */
#define UI_TEST_POLL_MS 20
#define UI_TEST_WAIT_SECONDS 20

typedef struct
{
  guint interval_ms;
  GSourceFunc tick;
  gpointer data;
  gboolean started;
  gboolean when_mapped; /* the first tick once the window is mapped */
  GApplication *app;
} UiTestTicking;

typedef gboolean (*UiTestCondition) (gpointer data);
static inline gboolean ui_test_when_full (const char *what, guint interval_ms, double seconds,
                                          UiTestCondition condition, GSourceFunc step,
                                          gpointer data);

static gboolean
ui_test_ticking_start (gpointer user_data)
{
  UiTestTicking *t = user_data;

  if (t->interval_ms == 0)
    g_idle_add (t->tick, t->data);
  else
    g_timeout_add (t->interval_ms, t->tick, t->data);
  return G_SOURCE_REMOVE;
}

static gboolean
ui_test_ticking_window_mapped (gpointer user_data)
{
  UiTestTicking *t = user_data;

  return ui_test_is_mapped (ui_test_find_window (VIGIL_APPLICATION (t->app)));
}

static void
ui_test_ticking_activate (GApplication *app, UiTestTicking *t)
{
  /* Once: opening a dialog or the rules may activate the application again. */
  if (t->started)
    return;
  t->started = TRUE;
  t->app = app;
  if (t->when_mapped)
    ui_test_when_full ("the window mapped", UI_TEST_POLL_MS, 60, ui_test_ticking_window_mapped,
                       ui_test_ticking_start, t);
  else
    ui_test_ticking_start (t);
}

/* Runs a new application as ui_test_run_demo() does, tick (data) called from
 * its first activation on every interval_ms (0: when the main loop is idle)
 * until it returns G_SOURCE_REMOVE: a test driven as a step machine. */
static inline void
ui_test_run_ticking (VigilApplication **app, guint interval_ms, GSourceFunc tick, gpointer data)
{
  UiTestTicking t = { interval_ms, tick, data, FALSE, FALSE, NULL };

  ui_test_run_demo (app, G_CALLBACK (ui_test_ticking_activate), &t);
}

/* The same, tick first called once the application's window is mapped
 * (within 60 s). */
static inline void
ui_test_run_ticking_mapped (VigilApplication **app, guint interval_ms, GSourceFunc tick,
                            gpointer data)
{
  UiTestTicking t = { interval_ms, tick, data, FALSE, TRUE, NULL };

  ui_test_run_demo (app, G_CALLBACK (ui_test_ticking_activate), &t);
}

typedef struct
{
  VigilApplication **app;
  VigilWindow **window;
  GSourceFunc step;
  gpointer data;
  gboolean started;
} UiTestDemoListed;

static gboolean ui_test_demo_listed (gpointer data);
static gboolean ui_test_demo_listed_step (gpointer data);
static void ui_test_demo_listed_activate (GApplication *app, UiTestDemoListed *d);

/* Runs the application as ui_test_run_demo() does; once its window lists the
 * demo's articles (14, within 60 s of its first activation), *window is set
 * to it and step (data) runs, once however often it is activated (opening
 * the rules activates it again). */
static inline void
ui_test_run_demo_listed (VigilApplication **app, VigilWindow **window, GSourceFunc step,
                         gpointer data)
{
  UiTestDemoListed d = { app, window, step, data, FALSE };

  ui_test_run_demo (app, G_CALLBACK (ui_test_demo_listed_activate), &d);
}

/* ---- steps run once a condition holds ---- */

typedef struct
{
  const char *what;
  UiTestCondition condition;
  GSourceFunc step;
  gpointer data;
  gint64 deadline;
  double seconds;
  gpointer *painted; /* a widget (its slot) to be painted before the step */
  const char *shot;  /* and a screenshot then taken */
} UiTestWhen;

static inline gboolean ui_test_shot_after_frames (GtkWidget *widget, guint n, const char *name,
                                                  GSourceFunc step, gpointer data);

static gboolean
ui_test_when_poll (gpointer user_data)
{
  UiTestWhen *w = user_data;

  if (w->condition == NULL || w->condition (w->data))
    {
      GSourceFunc step = w->step;
      gpointer data = w->data;
      gpointer *painted = w->painted;
      const char *name = w->shot;

      g_free (w);
      if (painted != NULL)
        ui_test_shot_after_frames (GTK_WIDGET (*painted), 3, name, step, data);
      else
        step (data);
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () > w->deadline)
    g_error ("UI test: still waiting for %s after %.0f s", w->what,
             w->seconds * (double) test_time_factor ());
  return G_SOURCE_CONTINUE;
}

static inline UiTestWhen *
ui_test_when_new (const char *what, double seconds, UiTestCondition condition, GSourceFunc step,
                  gpointer data)
{
  UiTestWhen *w = g_new0 (UiTestWhen, 1);

  *w = (UiTestWhen){ .what = what,
                     .condition = condition,
                     .step = step,
                     .data = data,
                     .seconds = seconds,
                     .deadline = g_get_monotonic_time () + TEST_SECONDS (seconds) };
  return w;
}

/* Runs step (data) from the main loop once condition (data) holds, checked
 * every interval_ms; the test fails naming what after seconds. Like the other
 * ways to run a next step below, it returns G_SOURCE_REMOVE: a step that ends
 * by starting the next one returns what it returns. */
static inline gboolean
ui_test_when_full (const char *what, guint interval_ms, double seconds, UiTestCondition condition,
                   GSourceFunc step, gpointer data)
{
  g_timeout_add (interval_ms, ui_test_when_poll,
                 ui_test_when_new (what, seconds, condition, step, data));
  return G_SOURCE_REMOVE;
}

/* The same, checked every UI_TEST_POLL_MS, within UI_TEST_WAIT_SECONDS. */
static inline gboolean
ui_test_when (const char *what, UiTestCondition condition, GSourceFunc step, gpointer data)
{
  return ui_test_when_full (what, UI_TEST_POLL_MS, UI_TEST_WAIT_SECONDS, condition, step, data);
}

/* The same, then step run once the widget in *widget (read when the
 * condition holds: the condition may set it) has painted three frames: what
 * the condition waited for is on the screen, for a screenshot. */
static inline gboolean
ui_test_when_painted (const char *what, UiTestCondition condition, gpointer *widget,
                      GSourceFunc step, gpointer data)
{
  UiTestWhen *w = ui_test_when_new (what, UI_TEST_WAIT_SECONDS, condition, step, data);

  w->painted = widget;
  g_timeout_add (UI_TEST_POLL_MS, ui_test_when_poll, w);
  return G_SOURCE_REMOVE;
}

/* The same, a screenshot named name taken before step. */
static inline gboolean
ui_test_when_shot (const char *what, UiTestCondition condition, gpointer *widget, const char *name,
                   GSourceFunc step, gpointer data)
{
  UiTestWhen *w = ui_test_when_new (what, UI_TEST_WAIT_SECONDS, condition, step, data);

  w->painted = widget;
  w->shot = name;
  g_timeout_add (UI_TEST_POLL_MS, ui_test_when_poll, w);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  UiTestCondition first;
  const char *then_what;
  UiTestCondition then;
  gpointer *painted;
  GSourceFunc step;
  gpointer data;
} UiTestThen;

static gboolean
ui_test_then_first (gpointer user_data)
{
  UiTestThen *t = user_data;

  return t->first (t->data);
}

static gboolean
ui_test_then_wait (gpointer user_data)
{
  UiTestThen t = *(UiTestThen *) user_data;

  g_free (user_data);
  if (t.painted != NULL)
    return ui_test_when_painted (t.then_what, t.then, t.painted, t.step, t.data);
  return ui_test_when (t.then_what, t.then, t.step, t.data);
}

/* Two waits in a row: once first (data) holds (what, as ui_test_when()
 * waits), then (data) is waited for (then_what), and with painted not NULL
 * the widget in *painted painted as ui_test_when_painted() does; then step
 * (data). */
static inline gboolean
ui_test_when_then (const char *what, UiTestCondition first, const char *then_what,
                   UiTestCondition then, gpointer *painted, GSourceFunc step, gpointer data)
{
  UiTestThen *t = g_new (UiTestThen, 1);

  *t = (UiTestThen){ first, then_what, then, painted, step, data };
  return ui_test_when (what, ui_test_then_first, ui_test_then_wait, t);
}

/* Runs step (data) at the main loop's next idle moment: the next step needs
 * nothing more than what the last one did (synchronously). step returns
 * G_SOURCE_REMOVE. */
static inline gboolean
ui_test_next (GSourceFunc step, gpointer data)
{
  g_idle_add (step, data);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  guint left;
  const char *shot;
  GSourceFunc step;
  gpointer data;
  guint guard;
} UiTestFrames;

static gboolean
ui_test_frames_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  UiTestFrames *f = user_data;

  if (f->left-- > 0)
    return G_SOURCE_CONTINUE;
  g_source_remove (f->guard);
  if (f->shot != NULL)
    shot (f->shot);
  ui_test_next (f->step, f->data);
  g_free (f);
  return G_SOURCE_REMOVE;
}

static gboolean
ui_test_frames_late (gpointer user_data)
{
  g_error ("UI test: no frame painted for %.0f s (a window not shown?)",
           UI_TEST_WAIT_SECONDS * (double) test_time_factor ());
  return G_SOURCE_REMOVE;
}

/* Once widget's window has painted n frames from now (what was just changed
 * is on the screen, its layout done): a screenshot named name (if not NULL),
 * then step (data). */
static inline gboolean
ui_test_shot_after_frames (GtkWidget *widget, guint n, const char *name, GSourceFunc step,
                           gpointer data)
{
  UiTestFrames *f = g_new0 (UiTestFrames, 1);

  *f = (UiTestFrames){ n, name, step, data,
                       g_timeout_add_seconds ((guint) (UI_TEST_WAIT_SECONDS * test_time_factor ()),
                                              ui_test_frames_late, NULL) };
  gtk_widget_queue_draw (widget);
  gtk_widget_add_tick_callback (widget, ui_test_frames_tick, f, NULL);
  return G_SOURCE_REMOVE;
}

/* The same without a screenshot. */
static inline gboolean
ui_test_after_frames (GtkWidget *widget, guint n, GSourceFunc step, gpointer data)
{
  return ui_test_shot_after_frames (widget, n, NULL, step, data);
}

static gboolean
ui_test_demo_listed (gpointer data)
{
  UiTestDemoListed *d = data;

  return ui_test_window_lists (*d->app, 14, d->window);
}

static gboolean
ui_test_demo_listed_step (gpointer data)
{
  UiTestDemoListed *d = data;

  return d->step (d->data);
}

static void
ui_test_demo_listed_activate (GApplication *app, UiTestDemoListed *d)
{
  if (d->started)
    return;
  d->started = TRUE;
  ui_test_when_full ("the demo articles in the window", UI_TEST_POLL_MS, 60, ui_test_demo_listed,
                     ui_test_demo_listed_step, d);
}
