/* vigil-notifier.h: desktop notifications for alerts (GNotification).
 *
 * One notification per article ("article-ID"), so a later update replaces it
 * instead of stacking; its default action and "Open" button activate
 * app.open-article(ID), "Mark read" activates app.mark-read(ID). Critical rules
 * are sent with urgent priority.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alert-engine.h"

G_BEGIN_DECLS

/* The notification the app sends for article and its rule matches (most
 * severe first); exposed so tests and the CLI share the wording. */
GNotification *vigil_notifier_build (VigilArticle *article, GPtrArray *matches);
char *vigil_notifier_id (VigilArticle *article);
void vigil_notifier_send (GApplication *app, VigilArticle *article, GPtrArray *matches);

G_END_DECLS
