/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-subscriptions.h — adding sources: an address, an OPML list, the demo seed */
#pragma once

#include "vigil-monitor.h"

G_BEGIN_DECLS

/* The public part is in vigil-monitor.h (vigil_monitor_add_source_async,
 * vigil_monitor_import_opml, vigil_monitor_export_opml, vigil_monitor_seed). */

/* The bundled demo articles, dated as if read now (in a worker thread). */
void vigil_subscriptions_shift_demo_dates (GPtrArray *items);

G_END_DECLS
