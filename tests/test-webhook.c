/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Webhooks against a SoupServer on 127.0.0.1: a post that arrives, one that fails
 * with 500 then succeeds on retry, one that times out, and the payload shapes. */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vigil-webhook.h"
#include "vigil-test-utils.h"

static char *base;
static guint flaky_calls;
static VigilTestRequests seen;

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  vigil_test_note_request (&seen, msg);
  if (g_str_equal (path, "/ok"))
    soup_server_message_set_status (msg, 200, NULL);
  else if (g_str_equal (path, "/flaky"))
    soup_server_message_set_status (msg, flaky_calls++ == 0 ? 500 : 204, NULL);
  else if (g_str_equal (path, "/slow"))
    soup_server_message_pause (msg); /* never answers */
  else
    soup_server_message_set_status (msg, 404, NULL);
}

typedef struct
{
  gboolean ok;
  guint attempts;
  GError *error;
} Wait;

static void
post (VigilWebhook *hook, const char *path, const char *payload, Wait *w)
{
  g_autofree char *url
      = g_str_has_prefix (path, "/") ? g_strconcat (base, path, NULL) : g_strdup (path);
  g_autoptr (GAsyncResult) res = NULL;

  memset (w, 0, sizeof *w);
  vigil_webhook_post_async (hook, url, payload, NULL, vigil_test_async_ready, &res);
  res = vigil_test_wait_result (&res);
  w->ok = vigil_webhook_post_finish (hook, res, &w->attempts, &w->error);
}

static VigilArticle *
article (void)
{
  VigilArticle *a = vigil_article_new ();
  a->title = g_strdup ("Gunmen kidnap aid worker near Sinjar");
  a->link = g_strdup ("https://wire.example.test/sinjar");
  a->source_title = g_strdup ("Levant Wire");
  a->level = g_strdup ("high");
  return a;
}

static void
test_payloads (void)
{
  g_autoptr (VigilArticle) a = article ();
  g_autoptr (GPtrArray) terms = g_ptr_array_new ();
  g_autofree char *json = NULL, *slack = NULL, *matrix = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o;
  VigilWebhookFormat f;

  g_ptr_array_add (terms, "kidnap");
  json = vigil_webhook_payload (VIGIL_WEBHOOK_JSON, "Kidnapping", "high", a, terms);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "rule"), ==, "Kidnapping");
  g_assert_cmpstr (json_object_get_string_member (o, "headline"), ==,
                   "Gunmen kidnap aid worker near Sinjar");
  g_assert_cmpstr (json_object_get_string_member (o, "link"), ==,
                   "https://wire.example.test/sinjar");
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "Levant Wire");
  g_assert_cmpstr (json_object_get_string_member (o, "level"), ==, "high");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "terms"), 0), ==,
                   "kidnap");
  slack = vigil_webhook_payload (VIGIL_WEBHOOK_SLACK, "Kidnapping", "high", a, terms);
  g_assert_nonnull (
      strstr (slack, "\"text\":\"[high] Kidnapping: Gunmen kidnap aid worker near Sinjar (Levant "
                     "Wire, high) https://wire.example.test/sinjar\""));
  matrix = vigil_webhook_payload (VIGIL_WEBHOOK_MATRIX, "Kidnapping", "high", a, terms);
  g_assert_nonnull (strstr (matrix, "\"msgtype\":\"m.notice\""));
  g_assert_true (vigil_webhook_format_from_string ("slack", &f) && f == VIGIL_WEBHOOK_SLACK);
  g_assert_false (vigil_webhook_format_from_string ("carrier-pigeon", &f));
}

static void
test_delivery (void)
{
  g_autoptr (VigilWebhook) hook = vigil_webhook_new ();
  Wait w;

  vigil_webhook_set_timing (hook, 1, 50, 3);
  post (hook, "/ok", "{\"rule\":\"x\"}", &w);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpuint (w.attempts, ==, 1);
  g_assert_cmpstr (seen.body, ==, "{\"rule\":\"x\"}");

  /* 500, then success on the retry */
  post (hook, "/flaky", "{}", &w);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpuint (w.attempts, ==, 2);

  /* an endpoint that never answers: every attempt times out, then a clear error */
  post (hook, "/slow", "{}", &w);
  g_assert_false (w.ok);
  g_assert_cmpuint (w.attempts, ==, 3);
  g_assert_nonnull (strstr (w.error->message, "failed after 3 attempts"));
  g_clear_error (&w.error);

  post (hook, "/missing", "{}", &w);
  g_assert_false (w.ok);
  g_assert_nonnull (strstr (w.error->message, "HTTP 404"));
  g_clear_error (&w.error);

  post (hook, "ftp://127.0.0.1/x", "{}", &w);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&w.error);
}

int
main (int argc, char *argv[])
{
  g_autoptr (SoupServer) server = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = vigil_test_server_new (handler, NULL, &base);
  g_test_add_func ("/webhook/payloads", test_payloads);
  g_test_add_func ("/webhook/delivery", test_delivery);
  ret = g_test_run ();
  g_free (base);
  vigil_test_requests_clear (&seen);
  return ret;
}
