/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-webhook.h: alerts posted to a desk channel.
 *
 * A rule may name a webhook: each alert is POSTed as JSON (rule, headline, link,
 * source, level, matched terms), or in the shape Slack-compatible and Matrix
 * hook endpoints expect. Failures are retried with exponential back-off, each
 * post on its own, so one slow endpoint never holds up other alerts.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigil-article.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_WEBHOOK_JSON,
  VIGIL_WEBHOOK_SLACK,
  VIGIL_WEBHOOK_MATRIX,
} VigilWebhookFormat;

gboolean vigil_webhook_format_from_string (const char *text, VigilWebhookFormat *out);
const char *vigil_webhook_format_to_string (VigilWebhookFormat format);
/* The members every JSON form of one alert has (rule, severity, headline,
 * link, source, level, terms), added to the object being built: the webhook's
 * "json" body and vigil-cli watch's lines share them. */
void vigil_alert_json_members (JsonBuilder *builder, const char *rule, const char *severity,
                               VigilArticle *article, GPtrArray *terms);
/* The request body for one alert. */
char *vigil_webhook_payload (VigilWebhookFormat format, const char *rule, const char *severity,
                             VigilArticle *article, GPtrArray *terms);

#define VIGIL_TYPE_WEBHOOK (vigil_webhook_get_type ())
G_DECLARE_FINAL_TYPE (VigilWebhook, vigil_webhook, VIGIL, WEBHOOK, GObject)

VigilWebhook *vigil_webhook_new (void);
/* Tests: a shorter request timeout and first retry delay (defaults 10 s, 2 s). */
void vigil_webhook_set_timing (VigilWebhook *self, guint timeout_seconds, guint first_retry_ms,
                               guint max_attempts);

void vigil_webhook_post_async (VigilWebhook *self, const char *url, const char *payload,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
/* attempts: how many requests were made. */
gboolean vigil_webhook_post_finish (VigilWebhook *self, GAsyncResult *result, guint *attempts,
                                    GError **error);

G_END_DECLS
