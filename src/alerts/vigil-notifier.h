/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-notifier.h: desktop notifications for alerts (GNotification).
 *
 * One notification per story ("story-ID"), so a later report of it replaces
 * the notification instead of stacking ("Now reported by 3 sources"); its default action and "Open"
 * button activate app.open-article(ID), "Mark Read" activates app.mark-story-read([IDs]) with the
 * story's articles as the notification tells of it (later reports keep their state). The level
 * named is the article's; the priority follows the most severe rule (critical: urgent). The matched
 * words are named once each (case and the risk lexicon's entries folded).
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
/* "5 more matches for “Indirect fire”", replacing the rule's previous summary;
 * its default action and "Show Rule" button activate app.show-rule(RULE). */
GNotification *vigil_notifier_build_summary (const char *rule, guint count);
void vigil_notifier_send_summary (GApplication *app, const char *rule, guint count);

G_END_DECLS
