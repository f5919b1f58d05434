/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-common.h — what the window benchmarks share (bench-ui, bench-ui-sync):
 * the settings they run with, the active window's frame clock, a time limit.
 * Include config.h (APP_ID) first. */
#pragma once

#include <gtk/gtk.h>
#include <stdio.h>

/* The application's settings for a bench: no default sources, no
 * notifications. The caller keeps the object while the application runs. */
static inline GSettings *
bench_ui_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "default-sources", FALSE);
  g_settings_set_boolean (settings, "notifications", FALSE);
  return settings;
}

/* The frame clock of @app's active window once the window is realized; NULL
 * before. */
static inline GdkFrameClock *
bench_ui_window_clock (GtkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL || !gtk_widget_get_realized (GTK_WIDGET (window)))
    return NULL;
  return gtk_widget_get_frame_clock (GTK_WIDGET (window));
}

static gboolean
bench_ui_give_up (gpointer message)
{
  g_printerr ("%s\n", (const char *) message);
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

/* After @seconds, says @message and quits the running application: the
 * bench's limit. */
static inline void
bench_ui_give_up_after (guint seconds, const char *message)
{
  g_timeout_add_seconds (seconds, bench_ui_give_up, (gpointer) message);
}
