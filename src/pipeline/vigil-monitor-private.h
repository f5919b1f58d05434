/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-monitor-private.h: what the tests may change in a monitor. */
#pragma once

#include "vigil-monitor.h"

G_BEGIN_DECLS

/* Microseconds on a monotonic clock. */
typedef gint64 (*VigilMonitorClock) (gpointer user_data);

/* The clock the alert throttle reads (NULL: g_get_monotonic_time), so that a
 * test can let ten minutes pass without waiting for them. */
void vigil_monitor_set_clock (VigilMonitor *self, VigilMonitorClock clock, gpointer user_data);

/* How many times the monitor's pipeline has run the analyser since it was
 * created: once for each new article (and each article stored without its
 * analysis, each full article of reader mode, each analyze_article call). */
guint vigil_monitor_get_analysis_count (VigilMonitor *self);

G_END_DECLS
