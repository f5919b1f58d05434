/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sparkline.h: a small bar chart of daily counts, drawn with GtkSnapshot.
 *
 * The last bar (today) is drawn in the accent colour; a spike (see
 * vigil_sparkline_set_spike) in the error colour. The counts are also the
 * widget's accessible description, so the chart is not for the eyes only.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_SPARKLINE (vigil_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (VigilSparkline, vigil_sparkline, VIGIL, SPARKLINE, GtkWidget)

GtkWidget *vigil_sparkline_new (void);
/* counts: oldest first. */
void vigil_sparkline_set_counts (VigilSparkline *self, const guint *counts, guint n);
void vigil_sparkline_set_spike (VigilSparkline *self, gboolean spike);

G_END_DECLS
