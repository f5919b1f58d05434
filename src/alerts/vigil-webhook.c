/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-webhook.c */
#include "config.h"

#include "vigil-webhook.h"

#include "vigil-json.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

struct _VigilWebhook
{
  GObject parent_instance;
  SoupSession *session;
  guint first_retry_ms;
  guint max_attempts;
};

G_DEFINE_FINAL_TYPE (VigilWebhook, vigil_webhook, G_TYPE_OBJECT)

gboolean
vigil_webhook_format_from_string (const char *text, VigilWebhookFormat *out)
{
  if (text == NULL || *text == '\0' || g_ascii_strcasecmp (text, "json") == 0)
    *out = VIGIL_WEBHOOK_JSON;
  else if (g_ascii_strcasecmp (text, "slack") == 0)
    *out = VIGIL_WEBHOOK_SLACK;
  else if (g_ascii_strcasecmp (text, "matrix") == 0)
    *out = VIGIL_WEBHOOK_MATRIX;
  else
    return FALSE;
  return TRUE;
}

const char *
vigil_webhook_format_to_string (VigilWebhookFormat format)
{
  switch (format)
    {
    case VIGIL_WEBHOOK_SLACK:
      return "slack";
    case VIGIL_WEBHOOK_MATRIX:
      return "matrix";
    case VIGIL_WEBHOOK_JSON:
    default:
      return "json";
    }
}

void
vigil_alert_json_members (JsonBuilder *b, const char *rule, const char *severity,
                          VigilArticle *article, GPtrArray *terms)
{
  vigil_json_add_string (b, "rule", rule);
  vigil_json_add_string (b, "severity", severity);
  vigil_json_add_string (b, "headline", article->title);
  vigil_json_add_string (b, "link", article->link);
  vigil_json_add_string (b, "source", article->source_title);
  vigil_json_add_string (b, "level", article->level);
  vigil_json_add_strings (b, "terms", terms);
}

char *
vigil_webhook_payload (VigilWebhookFormat format, const char *rule, const char *severity,
                       VigilArticle *article, GPtrArray *terms)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_append_printf (line, "[%s] %s: %s", severity, rule,
                          article->title ? article->title : "");
  if (article->source_title)
    g_string_append_printf (line, " (%s, %s)", article->source_title,
                            article->level ? article->level : "low");
  if (article->link)
    g_string_append_printf (line, " %s", article->link);

  json_builder_begin_object (b);
  switch (format)
    {
    case VIGIL_WEBHOOK_SLACK:
      vigil_json_add_string (b, "text", line->str);
      break;
    case VIGIL_WEBHOOK_MATRIX:
      vigil_json_add_string (b, "msgtype", "m.notice");
      vigil_json_add_string (b, "body", line->str);
      vigil_json_add_string (b, "text", line->str);
      break;
    case VIGIL_WEBHOOK_JSON:
    default:
      vigil_alert_json_members (b, rule, severity, article, terms);
      break;
    }
  json_builder_end_object (b);
  return vigil_json_to_data (b, FALSE);
}

static void
vigil_webhook_finalize (GObject *object)
{
  g_clear_object (&VIGIL_WEBHOOK (object)->session);
  G_OBJECT_CLASS (vigil_webhook_parent_class)->finalize (object);
}

static void
vigil_webhook_class_init (VigilWebhookClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_webhook_finalize;
}

static void
vigil_webhook_init (VigilWebhook *self)
{
  self->session = soup_session_new_with_options (
      "user-agent", "Vigil/" PACKAGE_VERSION " (+" PROJECT_URL ")", "timeout", 10, NULL);
  self->first_retry_ms = 2000;
  self->max_attempts = 4;
}

VigilWebhook *
vigil_webhook_new (void)
{
  return g_object_new (VIGIL_TYPE_WEBHOOK, NULL);
}

void
vigil_webhook_set_timing (VigilWebhook *self, guint timeout_seconds, guint first_retry_ms,
                          guint max_attempts)
{
  soup_session_set_timeout (self->session, timeout_seconds);
  self->first_retry_ms = first_retry_ms;
  self->max_attempts = MAX (1, max_attempts);
}

typedef struct
{
  char *url;
  GBytes *payload;
  guint attempts;
  char *last_error;
} Post;

static void
post_free (Post *p)
{
  g_free (p->url);
  g_bytes_unref (p->payload);
  g_free (p->last_error);
  g_free (p);
}

static void send_post (GTask *task);

static gboolean
retry (gpointer data)
{
  send_post (data);
  return G_SOURCE_REMOVE;
}

/* An attempt that failed (error, else the endpoint's HTTP status): made
 * again after an exponential back-off, unless it was cancelled or it was the
 * last; takes task. */
static void
attempt_failed (GTask *task, const GError *error, guint status)
{
  VigilWebhook *self = g_task_get_source_object (task);
  Post *p = g_task_get_task_data (task);

  g_free (p->last_error);
  p->last_error = error ? g_strdup (error->message)
                        : g_strdup_printf ("the endpoint answered HTTP %u", status);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || p->attempts >= self->max_attempts)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "The webhook failed after %u attempts: %s", p->attempts,
                               p->last_error);
      g_object_unref (task);
      return;
    }
  /* Exponential back-off: 2 s, 4 s, 8 s… */
  g_timeout_add (self->first_retry_ms << (p->attempts - 1), retry, task);
}

static void
sent (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (GError) error = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), res);
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &error);
  guint status = msg ? soup_message_get_status (msg) : 0;

  if (body != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
  else
    attempt_failed (task, error, status);
}

static void
send_post (GTask *task)
{
  VigilWebhook *self = g_task_get_source_object (task);
  Post *p = g_task_get_task_data (task);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", p->url);

  p->attempts++;
  soup_message_set_request_body_from_bytes (msg, "application/json", p->payload);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), sent, task);
}

void
vigil_webhook_post_async (VigilWebhook *self, const char *url, const char *payload,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Post *p = g_new0 (Post, 1);
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_task_set_task_data (task, p, (GDestroyNotify) post_free);
  p->url = g_strdup (url);
  p->payload = g_bytes_new (payload, strlen (payload));
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Not a web address for a webhook: “%s”", url);
      g_object_unref (task);
      return;
    }
  send_post (task);
}

gboolean
vigil_webhook_post_finish (VigilWebhook *self, GAsyncResult *result, guint *attempts,
                           GError **error)
{
  Post *p = g_task_get_task_data (G_TASK (result));

  if (attempts)
    *attempts = p->attempts;
  return g_task_propagate_boolean (G_TASK (result), error);
}
