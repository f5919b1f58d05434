/* vigil-monitor-private.h: what the tests may change in a monitor. */
#pragma once

#include "vigil-monitor.h"

G_BEGIN_DECLS

/* Microseconds on a monotonic clock. */
typedef gint64 (*VigilMonitorClock) (gpointer user_data);

/* The clock the alert throttle reads (NULL: g_get_monotonic_time), so that a
 * test can let ten minutes pass without waiting for them. */
void vigil_monitor_set_clock (VigilMonitor *self, VigilMonitorClock clock, gpointer user_data);

G_END_DECLS
