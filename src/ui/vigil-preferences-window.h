/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-preferences-window.h: the application's settings (GSettings), applied
 * as they change, and the accounts (Local and the sync accounts of monitor's
 * engine: added with a connection check, removed with their sources). */
#pragma once

#include <adwaita.h>

#include "vigil-monitor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PREFERENCES_WINDOW (vigil_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, VIGIL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

VigilPreferencesWindow *vigil_preferences_window_new (GtkWindow *parent, GSettings *settings,
                                                      VigilMonitor *monitor);

G_END_DECLS
