/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Refresh failures said once (issue 18): the real window under Xvfb with the
 * demo sources and one source on a local SoupServer that fails, fails again,
 * works, then fails again. The window's toast ("1 source could not be
 * refreshed") comes when the source starts failing, not at every refresh
 * while it keeps failing, and again when it fails after it worked. Counted
 * through vigil-window-private.h once each refresh has finished. */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "vigil-application.h"
#include "vigil-window-private.h"

#include "ui-test-common.h"

/* A source that fails is said once in a toast when it starts failing, not at
 * every refresh while it keeps failing; failing again after it worked is said
 * again. */
typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  gboolean broken; /* what /flaky.xml answers: 500 or a feed */
  guint refreshes; /* refresh-finished seen */
  guint said[4];   /* the window's toast count after each refresh */
  guint ticks;
  guint toast_ticks;
  guint toast_shown;    /* polls since the toast's label was first seen mapped */
  gboolean toast_whole; /* the first toast's words and button all shown at 400 px */
  int help_width;       /* the shortcuts window's, over a 400 px window */
  gboolean help_asked;
  guint help_ticks;
  char *url;
  gint64 source;
} ToastCtx;

static void
serve_flaky (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
             gpointer data)
{
  ToastCtx *t = data;
  static const char feed[]
      = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Flaky</title>"
        "<item><title>Calm day</title><guid>flaky-1</guid></item></channel></rss>";

  if (t->broken)
    {
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, feed,
                                    strlen (feed));
}

/* The first failure's toast, once on screen, in a window 400 px wide (a
 * phone's width): its words all shown (libadwaita 1.2 cuts a toast title to
 * one line with "…"), inside the window. Then the next refresh. */
static gboolean
is_toast_label (GtkWidget *widget, gconstpointer text)
{
  return ui_test_is_label_with (widget, text)
         && gtk_widget_get_ancestor (widget, g_type_from_name ("AdwToastWidget")) != NULL;
}

static GtkWidget *
find_toast_label (GtkWidget *widget, const char *text)
{
  return ui_test_find_widget (widget, is_toast_label, text);
}

/* The window at a phone's width (400 px), then the shortcuts window shown
 * and laid out over it: no wider than it. Then the next refresh. */
static gboolean
check_help_width (gpointer data)
{
  ToastCtx *t = data;
  GtkShortcutsWindow *help
      = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (t->window));

  if (gtk_widget_get_width (GTK_WIDGET (t->window)) > 420
      || gtk_widget_get_width (GTK_WIDGET (t->window)) < 380)
    {
      if (++t->help_ticks < 500)
        return G_SOURCE_CONTINUE;
    }
  else if (!t->help_asked)
    {
      t->help_asked = TRUE;
      t->help_ticks = 0;
      gtk_widget_activate_action (GTK_WIDGET (t->window), "win.show-help-overlay", NULL);
    }
  if ((!ui_test_is_mapped (help) || gtk_widget_get_width (GTK_WIDGET (help)) == 0
       || t->help_ticks < 25)
      && ++t->help_ticks < 500)
    return G_SOURCE_CONTINUE;
  t->help_width = help ? gtk_widget_get_width (GTK_WIDGET (help)) : -1;
  g_test_message ("shortcuts window %d x %d over a %d px window", t->help_width,
                  help ? gtk_widget_get_height (GTK_WIDGET (help)) : -1,
                  gtk_widget_get_width (GTK_WIDGET (t->window)));
  shot ("ui-refresh-shortcuts-400.png");
  if (help != NULL)
    gtk_window_close (GTK_WINDOW (help));
  vigil_monitor_refresh_all (vigil_application_get_monitor (t->app));
  return G_SOURCE_REMOVE;
}

static gboolean
check_toast_whole (gpointer data)
{
  ToastCtx *t = data;
  GtkWidget *label = find_toast_label (GTK_WIDGET (t->window), "could not be refreshed");
  graphene_rect_t bounds;

  if (!ui_test_is_mapped (label))
    t->toast_shown = 0;
  else
    t->toast_shown++;
  /* Shown for half a second: its reveal animation over, painted. */
  if (t->toast_shown < 25 || !gtk_widget_compute_bounds (label, GTK_WIDGET (t->window), &bounds))
    {
      if (++t->toast_ticks < 1000)
        return G_SOURCE_CONTINUE;
      g_test_fail_printf ("no toast said the failure");
      return ui_test_quit (t->app);
    }
  g_test_message ("toast at %.0f..%.0f px of a %d px window, ellipsized: %d", bounds.origin.x,
                  bounds.origin.x + bounds.size.width,
                  gtk_widget_get_width (GTK_WIDGET (t->window)),
                  pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  t->toast_whole
      = !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label)))
        && bounds.origin.x >= 0
        && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (GTK_WIDGET (t->window));
  {
    /* Its Details button too: whole, inside the window. */
    GtkWidget *toast = gtk_widget_get_ancestor (label, g_type_from_name ("AdwToastWidget"));
    GtkWidget *details = find_button_labelled (toast, "_Details");
    GtkWidget *text = details ? gtk_widget_get_first_child (details) : NULL;
    graphene_rect_t b = { 0 };
    t->toast_whole = t->toast_whole && text != NULL
                     && gtk_widget_compute_bounds (text, GTK_WIDGET (t->window), &b)
                     && b.origin.x + b.size.width <= gtk_widget_get_width (GTK_WIDGET (t->window))
                     && GTK_IS_LABEL (text)
                     && !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (text)))
                     && b.size.width >= gtk_widget_get_width (text);
    g_test_message ("Details at %.0f..%.0f px", b.origin.x, b.origin.x + b.size.width);
  }
  shot ("ui-refresh-toast-400.png");
  /* The keyboard shortcuts (Ctrl+?) over a window of a phone's width. */
  gtk_window_set_default_size (GTK_WINDOW (t->window), 400, 700);
  g_timeout_add (20, check_help_width, t);
  return G_SOURCE_REMOVE;
}

static void
on_toast_refresh_finished (VigilMonitor *monitor, ToastCtx *t)
{
  /* Connected after the window's handler: its toast is counted. */
  if (t->source == 0 || t->refreshes >= G_N_ELEMENTS (t->said))
    return;
  t->said[t->refreshes] = vigil_window_get_refresh_failures_said (t->window);
  g_test_message ("refresh %u (source %s): %u toasts", t->refreshes + 1,
                  t->broken ? "failing" : "working", t->said[t->refreshes]);
  t->refreshes++;
  /* 1: fails, 2: fails again, 3: works, 4: fails again. */
  t->broken = t->refreshes != 2;
  if (t->refreshes == G_N_ELEMENTS (t->said))
    g_application_quit (G_APPLICATION (t->app));
  else if (t->refreshes == 1)
    g_timeout_add (20, check_toast_whole, t);
  else
    vigil_monitor_refresh_all (monitor);
}

static gboolean
toast_start (gpointer data)
{
  ToastCtx *t = data;
  VigilMonitor *monitor;
  g_autoptr (GError) error = NULL;

  t->window = ui_test_find_window (t->app);
  if (t->window == NULL
      || vigil_monitor_is_refreshing ((monitor = vigil_application_get_monitor (t->app))))
    {
      if (++t->ticks > 600)
        {
          g_test_fail_printf ("the first refresh did not end");
          return ui_test_quit (t->app);
        }
      return G_SOURCE_CONTINUE;
    }
  t->source = vigil_store_add_source (vigil_monitor_get_store (monitor), t->url, "Flaky", NULL,
                                      NULL, &error);
  g_assert_no_error (error);
  g_signal_connect_after (monitor, "refresh-finished", G_CALLBACK (on_toast_refresh_finished), t);
  vigil_monitor_refresh_all (monitor);
  return G_SOURCE_REMOVE;
}

static void
test_refresh_toast_once (void)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *origin = NULL;
  ToastCtx t = { 0 };

  t.broken = TRUE;
  soup_server_add_handler (server, "/flaky.xml", serve_flaky, &t, NULL);
  origin = vigil_test_server_listen (server);
  t.url = g_strconcat (origin, "/flaky.xml", NULL);
  g_settings_set_int (settings, "window-width", 400);
  g_settings_set_int (settings, "window-height", 600);
  ui_test_run_ticking (&t.app, 100, toast_start, &t);

  g_assert_cmpuint (t.refreshes, ==, 4);
  g_assert_cmpuint (t.said[0], ==, 1); /* newly failing: said */
  g_assert_cmpuint (t.said[1], ==, 1); /* still failing: not again */
  g_assert_cmpuint (t.said[2], ==, 1); /* working */
  g_assert_cmpuint (t.said[3], ==, 2); /* failing again: said again */
  g_assert_true (t.toast_whole);
  g_assert_cmpint (t.help_width, >, 0);
  g_assert_cmpint (t.help_width, <=, 400);
  g_free (t.url);
  g_object_unref (t.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-refresh-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/refresh-toast-once", test_refresh_toast_once);
  return g_test_run ();
}
