/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-application-private.h — what the application's files share:
 * vigil-application.c (start-up, the monitor, sync passwords, actions),
 * vigil-application-opml.c (import and export of subscriptions),
 * vigil-application-accounts.c (Connect to a Feed Server, Sign In) and
 * vigil-about.c (the About window and its credits). */
#pragma once

#include "vigil-application.h"
#include "vigil-window.h"

G_BEGIN_DECLS

struct _VigilApplication
{
  AdwApplication parent_instance;
  GSettings *settings;
  VigilStore *store;
  VigilMonitor *monitor;
  VigilSync *sync; /* the sync accounts' engine, attached to the monitor */
  GError *startup_error;
  gboolean activated_once;
  gboolean refreshed_once; /* the first refresh started (after the window's first frame) */
  GdkFrameClock *first_frame_clock;
  gulong first_frame_handler;
  guint first_frame_source; /* the start once it is drawn, or 2 s at most */
  gboolean background;      /* --background: no window at start, alive when it closes */
  gboolean held;            /* "Keep monitoring when closed" holds the application */
  gboolean reverting;       /* a refused autostart being switched back off */
  GThread *warm_network;    /* GIO's proxy resolver made off the main thread */
};

VigilWindow *vigil_application_find_window (VigilApplication *self);
void vigil_application_toast (VigilApplication *self, const char *text);
void vigil_application_import_opml_action (GSimpleAction *action, GVariant *param,
                                           gpointer user_data);
void vigil_application_export_opml_action (GSimpleAction *action, GVariant *param,
                                           gpointer user_data);
void vigil_application_add_account_action (GSimpleAction *action, GVariant *param,
                                           gpointer user_data);
void vigil_application_sign_in_action (GSimpleAction *action, GVariant *param, gpointer user_data);
void vigil_application_about_action (GSimpleAction *action, GVariant *param, gpointer user_data);

G_END_DECLS
