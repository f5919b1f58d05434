/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-refresh-bar.h: the refresh's progress bar, which moves without a
 * layout.
 *
 * It looks like a GtkProgressBar (the same CSS nodes: progressbar > trough >
 * progress, so the theme's .osd bar applies) but its fill is the full-width
 * progress node drawn clipped to the fraction: a new fraction is drawn again,
 * where GtkProgressBar lays its progress node out again, and with it the
 * window, whose layout GTK's X11 backend follows with round trips to the X
 * server for the screen's work area (hundreds a refresh). Its accessible role
 * and value are a progress bar's.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_REFRESH_BAR (vigil_refresh_bar_get_type ())
G_DECLARE_FINAL_TYPE (VigilRefreshBar, vigil_refresh_bar, VIGIL, REFRESH_BAR, GtkWidget)

GtkWidget *vigil_refresh_bar_new (void);
/* fraction: 0 to 1, clamped. */
void vigil_refresh_bar_set_fraction (VigilRefreshBar *self, double fraction);
double vigil_refresh_bar_get_fraction (VigilRefreshBar *self);
/* Shown or not, by drawing it or not: hiding the widget lays the window out
 * again (a frame of 15-30 ms at a refresh's start and end). Hidden, it takes
 * no pointer and is hidden to assistive technologies. */
void vigil_refresh_bar_set_shown (VigilRefreshBar *self, gboolean shown);
gboolean vigil_refresh_bar_get_shown (VigilRefreshBar *self);

G_END_DECLS
