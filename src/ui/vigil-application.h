/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-application.h: the Vigil application.
 *
 * Owns the store and the monitor for the life of the process, seeds the demo
 * sources on first start, sends a notification for each new alert, and exposes
 * the app-level actions (refresh, open-article, mark-read, about, quit).
 */
#pragma once

#include <adwaita.h>

#include "vigil-monitor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_APPLICATION (vigil_application_get_type ())
G_DECLARE_FINAL_TYPE (VigilApplication, vigil_application, VIGIL, APPLICATION, AdwApplication)

VigilApplication *vigil_application_new (void);
VigilMonitor *vigil_application_get_monitor (VigilApplication *self);
GSettings *vigil_application_get_settings (VigilApplication *self);

G_END_DECLS
