/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-bar.h — the bar over an article: the alerts its story raised, and Dismiss */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_ALERT_BAR (vigil_alert_bar_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlertBar, vigil_alert_bar, VIGIL, ALERT_BAR, GtkBox)

/* Says a story's alerts (VigilAlertRecord, oldest first): the rules, when the
 * first came, how many reports; hidden when history is NULL or empty. */
void vigil_alert_bar_show_story (VigilAlertBar *self, GPtrArray *history);
/* The story's articles as the bar shows them (what Dismiss acts on). */
const gint64 *vigil_alert_bar_get_articles (VigilAlertBar *self, guint *n_articles);
/* Dismiss takes one click until the bar is shown again; after a failed
 * write, this offers it again. */
void vigil_alert_bar_dismiss_failed (VigilAlertBar *self);

G_END_DECLS
