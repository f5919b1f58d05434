/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A second start of the real window under Xvfb finds the view and the sidebar
 * width the first one left; then the layouts at 360 and 650 px (one pane),
 * 700 px (two) and 1000 px (three), the dark style with strong highlights,
 * Start at Login in the preferences, and monitoring kept on once the window
 * is closed. Other starts: on a damaged
 * database (kept aside for a fresh one), and with a rules file that has lines
 * Vigil cannot read. Screenshots go to the build directory. */
#include "config.h"

#include "vigil-application.h"
#include "vigil-rules-window.h"
#include "vigil-test-utils.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"

/* The first start: the desk leaves the High Risk view shown and a wider
 * sidebar. */
typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
} FirstCtx;

static gboolean
leave_window (gpointer data)
{
  FirstCtx *f = data;

  ui_test_select_view (f->window, VIGIL_VIEW_HIGH);
  gtk_paned_set_position (ui_test_window_child (f->window, "outer_paned"), 300);
  return ui_test_quit (f->app);
}

static void
first_start (void)
{
  FirstCtx f = { 0 };

  ui_test_run_demo_listed (&f.app, &f.window, leave_window, &f);
  g_object_unref (f.app);
}

/* A second start finds the view and the sidebar width the first one left. */
typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  guint ticks;
  char *subtitle;
  int sidebar;
  gboolean narrow;
  int narrow_width;
  char *narrow_list, *narrow_article, *narrow_back, *narrow_sources, *wide_again;
  char *narrow_sources_buttons; /* refresh, add, the panes beside the sources */
  int narrow_sidebar_width;
  char *half_sources; /* two panes at 700 px */
  int half_width;
  gboolean narrow_650; /* one pane at 650 px */
  char *panes_1000;    /* three at 1000 px */
  int width_1000, article_1000;
  gboolean dark_article;
  int list_width;
  char *strong_page;
  char *autostart_exec;
  gboolean autostart_removed;
  gboolean alive_after_close;
  UiPageEval eval;
  GtkWindow *preferences;
  int band_above, band_upto; /* the width resize_then() waits for */
} RestartCtx;

static gboolean
visible_child (RestartCtx *r, const char *name)
{
  return gtk_widget_get_visible (
      GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, name)));
}

/* Which panes show, as "sidebar,list,detail,back" (1 shown, 0 not). */
static char *
panes (RestartCtx *r)
{
  return g_strdup_printf ("%d%d%d%d", visible_child (r, "sidebar_pane"),
                          visible_child (r, "list_pane"), visible_child (r, "detail_stack"),
                          visible_child (r, "back_button"));
}

static gboolean
closed_and_alive (gpointer data)
{
  RestartCtx *r = data;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  /* Still running with no window: monitoring goes on. Switched off, the
   * application ends by itself (nothing holds it any more). */
  r->alive_after_close
      = gtk_application_get_windows (GTK_APPLICATION (r->app)) == NULL
        || !VIGIL_IS_WINDOW (gtk_application_get_windows (GTK_APPLICATION (r->app))->data);
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  return G_SOURCE_REMOVE;
}

/* The switch in the row titled @title, anywhere under @widget. */
static GtkSwitch *
find_row_switch (GtkWidget *widget, const char *title)
{
  if (ADW_IS_ACTION_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkSwitch *found = find_row_switch (c, title);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWindow *
preferences_window (RestartCtx *r)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (r->app)); l; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean keep_monitoring_and_close (gpointer data);

static gboolean
autostart_written (gpointer data)
{
  g_autofree char *path
      = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
autostart_gone (gpointer data)
{
  return !autostart_written (data);
}

static gboolean
autostart_off (gpointer data)
{
  RestartCtx *r = data;
  g_autofree char *path
      = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);

  r->autostart_removed = !g_file_test (path, G_FILE_TEST_EXISTS);
  gtk_window_destroy (preferences_window (r));
  keep_monitoring_and_close (r);
  return G_SOURCE_REMOVE;
}

static gboolean
autostart_on (gpointer data)
{
  RestartCtx *r = data;
  g_autofree char *path
      = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
  g_autoptr (GKeyFile) entry = g_key_file_new ();

  /* Turned on in the preferences: an autostart entry runs this program. */
  if (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, NULL))
    r->autostart_exec = g_key_file_get_string (entry, "Desktop Entry", "Exec", NULL);
  shot ("vigil-ui-preferences.png");
  gtk_switch_set_active (find_row_switch (GTK_WIDGET (preferences_window (r)), "Start at Login"),
                         FALSE);
  return ui_test_when ("the autostart entry removed", autostart_gone, autostart_off, r);
}

static gboolean
switch_autostart (gpointer data)
{
  RestartCtx *r = data;
  GtkSwitch *sw = find_row_switch (GTK_WIDGET (preferences_window (r)), "Start at Login");

  g_assert_nonnull (sw);
  gtk_switch_set_active (sw, TRUE);
  return ui_test_when_painted ("the autostart entry written", autostart_written,
                               (gpointer *) &r->preferences, autostart_on, r);
}

static gboolean
window_gone (gpointer data)
{
  RestartCtx *r = data;

  return ui_test_find_window (r->app) == NULL;
}

/* The window gone: an application that was to end would have left its main
 * loop at the end of that iteration (nothing held it), before any idle of
 * the next one runs. */
static gboolean
alive_check (gpointer data)
{
  g_idle_add_full (G_PRIORITY_LOW, closed_and_alive, data, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
keep_monitoring_and_close (gpointer data)
{
  RestartCtx *r = data;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  /* "Keep monitoring when closed", then the window closed. */
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  gtk_window_destroy (GTK_WINDOW (r->window)); /* (r->window is not used again) */
  return ui_test_when ("the window gone", window_gone, alive_check, r);
}

static gboolean
autostart_row_shown (gpointer data)
{
  RestartCtx *r = data;

  r->preferences = preferences_window (r);
  return r->preferences != NULL
         && find_row_switch (GTK_WIDGET (r->preferences), "Start at Login") != NULL;
}

static gboolean
strong_read (gpointer data)
{
  RestartCtx *r = data;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  shot ("vigil-ui-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_settings_set_boolean (settings, "strong-highlights", FALSE);
  /* Preferences → Start at Login, on and off again. */
  g_action_group_activate_action (G_ACTION_GROUP (r->app), "preferences", NULL);
  return ui_test_when ("the preferences' Start at Login", autostart_row_shown, switch_autostart, r);
}

/* The page restyled with strong highlights (the setting reaches it through
 * the article view). */
static gboolean
strong_shown (gpointer data)
{
  RestartCtx *r = data;

  return ui_page_eval_into (
             &r->eval, vigil_article_view_get_web_view (vigil_window_get_article_view (r->window)),
             "document.body.classList.contains('vigil-strong') + ' ' + "
             "getComputedStyle(document.querySelector('mark.vigil-ent-person, "
             "mark.vigil-ent-location')).borderBottomStyle",
             &r->strong_page)
         && g_str_has_prefix (r->strong_page, "true ");
}

static gboolean
dark_shot (gpointer data)
{
  RestartCtx *r = data;
  VigilArticle *shown = vigil_article_view_get_article (vigil_window_get_article_view (r->window));

  r->dark_article = shown != NULL;
  return ui_test_after_frames (GTK_WIDGET (r->window), 3, strong_read, r);
}

static gboolean
wide_again (gpointer data)
{
  RestartCtx *r = data;

  r->wide_again = panes (r);
  r->list_width = gtk_paned_get_position (GTK_PANED (
      gtk_widget_get_template_child (GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "inner_paned")));
  /* Dark style, for the metainfo's dark screenshot: the page follows; and
   * strong highlights (Preferences). */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_boolean (settings, "strong-highlights", TRUE);
  }
  return ui_test_when ("strong highlights on the page", strong_shown, dark_shot, r);
}

/* The window's width in the band resize_then() asked for. */
static gboolean
window_in_band (gpointer data)
{
  RestartCtx *r = data;
  int width = gtk_widget_get_width (GTK_WIDGET (r->window));

  return width > r->band_above && width <= r->band_upto;
}

/* The window resized to width × 760, then step once it is painted at a
 * width above above and up to upto (what names the wait). */
static void
resize_then (RestartCtx *r, int width, int above, int upto, const char *what, GSourceFunc step)
{
  r->band_above = above;
  r->band_upto = upto;
  gtk_window_set_default_size (GTK_WINDOW (r->window), width, 760);
  ui_test_when_painted (what, window_in_band, (gpointer *) &r->window, step, r);
}

/* 1000 px: three panes (the list narrowed for the article). */
static gboolean
at_1000 (gpointer data)
{
  RestartCtx *r = data;

  r->panes_1000 = panes (r);
  r->width_1000 = gtk_widget_get_width (GTK_WIDGET (r->window));
  r->article_1000 = gtk_widget_get_width (ui_test_window_child (r->window, "detail_stack"));
  shot ("vigil-ui-1000.png");
  resize_then (r, 1200, 800, G_MAXINT, "the window at 1200 px", wide_again);
  return G_SOURCE_REMOVE;
}

/* 700 px: the list (or the sources) beside the article. */
static gboolean
half_width (gpointer data)
{
  RestartCtx *r = data;

  r->half_width = gtk_widget_get_width (GTK_WIDGET (r->window));
  r->half_sources = panes (r);
  shot ("vigil-ui-half.png");
  resize_then (r, 1000, 900, 1000, "the window at 1000 px", at_1000);
  return G_SOURCE_REMOVE;
}

static gboolean
window_half (gpointer data)
{
  RestartCtx *r = data;
  int width = gtk_widget_get_width (GTK_WIDGET (r->window));

  return !vigil_window_is_narrow (r->window) && width > 650 && width <= 700;
}

/* Just below 700 px: one pane still. */
static gboolean
at_650 (gpointer data)
{
  RestartCtx *r = data;

  r->narrow_650 = vigil_window_is_narrow (r->window);
  shot ("vigil-ui-650.png");
  /* 700 px: two panes. */
  gtk_window_set_default_size (GTK_WINDOW (r->window), 700, 760);
  return ui_test_when_painted ("the window at 700 px, no longer narrow", window_half,
                               (gpointer *) &r->window, half_width, r);
}

static gboolean
narrow_sources (gpointer data)
{
  RestartCtx *r = data;

  shot ("vigil-ui-narrow-sources.png");
  r->narrow_width = gtk_widget_get_width (GTK_WIDGET (r->window));
  /* The sources alone take the width; Refresh and Add are at hand. */
  r->narrow_sources_buttons
      = g_strdup_printf ("%d%d%d", visible_child (r, "refresh_button"),
                         visible_child (r, "add_button"), visible_child (r, "inner_paned"));
  r->narrow_sidebar_width = gtk_widget_get_width (GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "sidebar_pane")));
  resize_then (r, 650, 600, 650, "the window at 650 px, still narrow", at_650);
  return G_SOURCE_REMOVE;
}

static gboolean
narrow_back (gpointer data)
{
  RestartCtx *r = data;

  gtk_widget_activate_action (GTK_WIDGET (r->window), "win.back", NULL); /* to the list */
  r->narrow_back = panes (r);
  gtk_widget_activate_action (GTK_WIDGET (r->window), "win.back", NULL); /* to the sources */
  r->narrow_sources = panes (r);
  return ui_test_after_frames (GTK_WIDGET (r->window), 3, narrow_sources, r);
}

static gboolean
narrow_article (gpointer data)
{
  RestartCtx *r = data;

  r->narrow_article = panes (r);
  shot ("vigil-ui-narrow-article.png");
  return ui_test_next (narrow_back, r);
}

static gboolean
article_page_shown (gpointer data)
{
  RestartCtx *r = data;

  return visible_child (r, "detail_stack") && !visible_child (r, "list_pane")
         && !webkit_web_view_is_loading (
             vigil_article_view_get_web_view (vigil_window_get_article_view (r->window)));
}

static gboolean
narrow_list (gpointer data)
{
  RestartCtx *r = data;

  r->narrow = vigil_window_is_narrow (r->window);
  r->narrow_list = panes (r);
  shot ("vigil-ui-narrow.png");
  gtk_widget_activate_action (GTK_WIDGET (r->window), "win.next-article", NULL); /* j */
  return ui_test_when_painted ("the article's page, alone", article_page_shown,
                               (gpointer *) &r->window, narrow_article, r);
}

/* The window of the second start, shown on the view it was left on. */
static gboolean
restarted (gpointer data)
{
  RestartCtx *r = data;

  r->window = ui_test_find_window (r->app);
  return ui_test_is_mapped (r->window)
         && gtk_list_box_get_selected_row (GTK_LIST_BOX (gtk_widget_get_template_child (
                GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "sources_list")))
                != NULL;
}

static gboolean
window_narrow (gpointer data)
{
  RestartCtx *r = data;

  return vigil_window_is_narrow (r->window);
}

static gboolean
restart_tick (gpointer data)
{
  RestartCtx *r = data;

  if (r->window != NULL)
    {
      r->subtitle = g_strdup (
          adw_window_title_get_subtitle (ADW_WINDOW_TITLE (gtk_widget_get_template_child (
              GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "window_title"))));
      r->sidebar = gtk_paned_get_position (GTK_PANED (gtk_widget_get_template_child (
          GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "outer_paned")));
      shot ("vigil-ui-restarted.png");
      /* Phone width next, with a phone's title buttons (Phosh: close only). */
      g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
      gtk_window_set_default_size (GTK_WINDOW (r->window), 360, 720);
      return ui_test_when_painted ("the phone layout", window_narrow, (gpointer *) &r->window,
                                   narrow_list, r);
    }
  return ui_test_quit (r->app);
}

static void
on_restart_activate (GApplication *app, RestartCtx *r)
{
  if (r->ticks++ == 0)
    ui_test_when_painted ("the window of the second start", restarted, (gpointer *) &r->window,
                          restart_tick, r);
}

static void
test_state_restored (void)
{
  RestartCtx r = { 0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  first_start ();
  ui_test_run_demo (&r.app, G_CALLBACK (on_restart_activate), &r);
  g_assert_nonnull (r.window);
  g_assert_cmpint (g_settings_get_int64 (settings, "selected-view"), ==, VIGIL_VIEW_HIGH);
  g_assert_cmpstr (r.subtitle, ==, "High Risk");
  g_assert_cmpint (r.sidebar, ==, 300);
  g_free (r.subtitle);
  /* Phone width: one pane at a time, back to the list and the sources, then
   * three panes again at full width. */
  g_test_message ("narrow (%d px): list %s, article %s, back %s, sources %s, wide %s",
                  r.narrow_width, r.narrow_list, r.narrow_article, r.narrow_back, r.narrow_sources,
                  r.wide_again);
  g_assert_true (r.narrow);
  g_assert_cmpint (r.narrow_width, <=, 360);
  g_assert_cmpstr (r.narrow_list, ==, "0101");
  g_assert_cmpstr (r.narrow_article, ==, "0011");
  g_assert_cmpstr (r.narrow_back, ==, "0101");
  g_assert_cmpstr (r.narrow_sources, ==, "1000");
  g_test_message ("narrow sources: refresh, add, panes beside %s; sidebar %d px of %d",
                  r.narrow_sources_buttons, r.narrow_sidebar_width, r.narrow_width);
  g_assert_cmpstr (r.narrow_sources_buttons, ==, "110");
  g_assert_cmpint (r.narrow_sidebar_width, >=, r.narrow_width - 20);
  g_free (r.narrow_sources_buttons);
  /* 650 px: one pane; 700 px: two, the sources (as the phone layout left
   * them) or the list beside the article; back shows the sources again;
   * 1000 px: three, the article at least its 360 px. */
  g_assert_true (r.narrow_650);
  g_test_message ("half (%d px): sources %s", r.half_width, r.half_sources);
  g_assert_cmpint (r.half_width, <=, 700);
  g_assert_cmpstr (r.half_sources, ==, "1010");
  g_test_message ("1000 px (%d): panes %s, article %d px", r.width_1000, r.panes_1000,
                  r.article_1000);
  g_assert_cmpstr (r.panes_1000, ==, "1110");
  g_assert_cmpint (r.article_1000, >=, 360);
  g_free (r.panes_1000);
  g_assert_cmpstr (r.wide_again, ==, "1110");
  g_assert_true (r.dark_article);
  g_test_message ("strong highlights: %s", r.strong_page);
  g_assert_true (g_str_has_prefix (r.strong_page, "true "));
  g_assert_true (g_str_has_suffix (r.strong_page, "dotted")
                 || g_str_has_suffix (r.strong_page, "double"));
  g_free (r.strong_page);
  g_test_message ("autostart Exec=%s", r.autostart_exec);
  g_assert_nonnull (r.autostart_exec);
  g_assert_true (g_str_has_suffix (r.autostart_exec, "/test-ui-restart --background"));
  g_assert_true (r.autostart_removed);
  g_free (r.autostart_exec);
  g_assert_true (r.alive_after_close);
  g_assert_cmpint (r.list_width, ==, g_settings_get_int (settings, "list-width")); /* as before */
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, 300);       /* kept */
  g_free (r.narrow_list);
  g_free (r.narrow_article);
  g_free (r.narrow_back);
  g_free (r.narrow_sources);
  g_free (r.wide_again);
  g_free (r.half_sources);
  g_object_unref (r.app);
}

/* A damaged database: Vigil says so, and on the desk's word keeps it aside
 * (untouched) and starts fresh with the demo sources. */
typedef struct
{
  VigilApplication *app;
  guint ticks;
  gboolean offered;
  gboolean window_after;
  GtkWidget *dialog, *window; /* shown */
} DamagedCtx;

/* The application's window of type, shown, or NULL. */
static GtkWidget *
shown_window (GApplication *app, GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
damaged_window_shown (gpointer data)
{
  DamagedCtx *d = data;

  d->window = shown_window (G_APPLICATION (d->app), VIGIL_TYPE_WINDOW);
  return d->window != NULL;
}

static gboolean
damaged_dialog_shown (gpointer data)
{
  DamagedCtx *d = data;

  d->dialog = shown_window (G_APPLICATION (d->app), ADW_TYPE_MESSAGE_DIALOG);
  return d->dialog != NULL;
}

static gboolean
damaged_window (gpointer data)
{
  DamagedCtx *d = data;

  d->window_after = TRUE;
  shot ("vigil-ui-fresh-start.png");
  return ui_test_quit (d->app);
}

static gboolean
damaged_tick (gpointer data)
{
  DamagedCtx *d = data;
  AdwMessageDialog *dialog
      = ADW_MESSAGE_DIALOG (shown_window (G_APPLICATION (d->app), ADW_TYPE_MESSAGE_DIALOG));

  d->offered = adw_message_dialog_has_response (dialog, "move");
  shot ("vigil-ui-damaged.png");
  adw_message_dialog_response (dialog, "move");
  gtk_window_destroy (GTK_WINDOW (dialog));
  return ui_test_when_painted ("the window of the fresh start", damaged_window_shown,
                               (gpointer *) &d->window, damaged_window, d);
}

static void
on_damaged_activate (GApplication *app, DamagedCtx *d)
{
  if (d->ticks++ == 0)
    ui_test_when_painted ("the damaged database's dialog", damaged_dialog_shown,
                          (gpointer *) &d->dialog, damaged_tick, d);
}

static void
test_damaged_database (void)
{
  DamagedCtx d = { 0 };
  g_autofree char *path = vigil_store_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  const char *garbage = "not a database: the desk's articles were here";
  guint kept = 0;

  g_mkdir_with_parents (dir, 0700);
  g_remove (path);
  {
    /* As a cleanly closed database leaves it: no write-ahead log beside it. */
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  ui_test_run_demo (&d.app, G_CALLBACK (on_damaged_activate), &d);
  g_assert_true (d.offered);
  g_assert_true (d.window_after);
  {
    g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (listing)) != NULL)
      if (g_str_has_prefix (name, "vigil.db.damaged-") && !g_str_has_suffix (name, "-wal")
          && !g_str_has_suffix (name, "-shm"))
        {
          g_autofree char *kept_path = g_build_filename (dir, name, NULL);
          g_autofree char *contents = NULL;
          g_assert_true (g_file_get_contents (kept_path, &contents, NULL, NULL));
          g_assert_cmpstr (contents, ==, garbage);
          kept++;
        }
  }
  g_assert_cmpuint (kept, ==, 1);
  g_object_unref (d.app);
}

/* A rules file with a line Vigil cannot read (issue 13): the other rules are
 * there, the Alert Rules window names the line, and switching a rule off
 * saves beside the file, never over it. A name starting with '#' survives. */
typedef struct
{
  VigilApplication *app;
  guint ticks;
  gboolean problems_shown;
  char *problem_titles; /* the problem rows' titles, "|"-joined */
  char *problems_description;
  gboolean hostage_listed;
  gboolean switched;
  GtkWidget *rules_window;
} ProblemsCtx;

static void
collect_rows (GtkWidget *widget, GString *titles)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_string_append_printf (titles, "%s%s", titles->len ? "|" : "",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, titles);
}

static GtkSwitch *
find_switch (GtkWidget *widget, const char *rule)
{
  if (GTK_IS_SWITCH (widget)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "rule-name"), rule) == 0)
    return GTK_SWITCH (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSwitch *found = find_switch (child, rule);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
problems_quit (gpointer data)
{
  ProblemsCtx *p = data;

  shot ("vigil-ui-rules-problems.png");
  return ui_test_quit (p->app);
}

/* The switch's change saved beside the rules file (rules-2.tsv). */
static gboolean
saved_beside (gpointer data)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "vigil", "rules-2.tsv", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
problems_tick (gpointer data)
{
  ProblemsCtx *p = data;
  VigilRulesWindow *rules = NULL;
  GtkWidget *group;
  GtkSwitch *toggle;
  g_autoptr (GString) titles = g_string_new (NULL);

  g_action_group_activate_action (G_ACTION_GROUP (p->app), "rules", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (p->app)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      rules = l->data;
  g_assert_nonnull (rules);
  group = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (rules), VIGIL_TYPE_RULES_WINDOW,
                                                       "problems_group");
  p->problems_shown = gtk_widget_get_visible (group);
  collect_rows (group, titles);
  p->problem_titles = g_strdup (titles->str);
  p->problems_description
      = g_strdup (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)));
  toggle = find_switch (GTK_WIDGET (rules), "#1 Hostage watch");
  p->hostage_listed = toggle != NULL;
  if (toggle)
    {
      gtk_switch_set_active (toggle, FALSE);
      p->switched = TRUE;
    }
  p->rules_window = GTK_WIDGET (rules);
  return ui_test_when_painted ("the rules saved beside rules.tsv", saved_beside,
                               (gpointer *) &p->rules_window, problems_quit, p);
}

static gboolean
active_window_shown (gpointer data)
{
  ProblemsCtx *p = data;

  return gtk_application_get_active_window (GTK_APPLICATION (p->app)) != NULL;
}

static void
on_problems_activate (GApplication *app, ProblemsCtx *p)
{
  if (p->ticks++ == 0)
    ui_test_when ("the window", active_window_shown, problems_tick, p);
}

static void
test_rules_file_problems (void)
{
  ProblemsCtx p = { 0 };
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "vigil", "rules.tsv", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *beside = g_build_filename (dir, "rules-2.tsv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  const char *text = "\"#1 Hostage watch\"\thigh\thostage*\n"
                     "Convoys\turgent\tconvoy*\n"
                     "Posted\tcritical\tkidnap*\twebhook=https://hooks.test/a\tcolour=red\n";

  g_mkdir_with_parents (dir, 0700);
  g_remove (beside);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  ui_test_run_demo (&p.app, G_CALLBACK (on_problems_activate), &p);
  g_test_message ("problems: %s — %s", p.problem_titles, p.problems_description);
  g_assert_true (p.problems_shown);
  g_assert_cmpstr (p.problem_titles, ==, "Line 2 skipped|Line 3 read in part");
  g_assert_nonnull (strstr (p.problems_description, "rules-2.tsv"));
  g_assert_true (p.hostage_listed);
  g_assert_true (p.switched);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  g_assert_true (g_file_get_contents (beside, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"#1 Hostage watch\"\thigh\thostage*\tenabled=no\n"));
  g_assert_nonnull (strstr (saved, "Posted\tcritical\tkidnap*\twebhook=https://hooks.test/a"));
  g_free (p.problem_titles);
  g_free (p.problems_description);
  g_object_unref (p.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-restart-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/restart/state-restored", test_state_restored);
  g_test_add_func ("/ui/restart/damaged-database", test_damaged_database);
  g_test_add_func ("/ui/restart/rules-file-problems", test_rules_file_problems);
  return g_test_run ();
}
