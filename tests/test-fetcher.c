/* Fetching over HTTP from a SoupServer on 127.0.0.1 inside the test. */
#include <libsoup/soup.h>

#include "vigil-fetcher.h"

#define FEED "<rss version=\"2.0\"><channel><title>Net</title></channel></rss>"

static SoupServer *server;
static char *base;
static guint hits;
static char *last_user_agent;

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  hits++;
  g_free (last_user_agent);
  last_user_agent = g_strdup (soup_message_headers_get_one (req, "User-Agent"));
  if (g_str_equal (path, "/feed"))
    {
      const char *inm = soup_message_headers_get_one (req, "If-None-Match");
      const char *ims = soup_message_headers_get_one (req, "If-Modified-Since");
      if (g_strcmp0 (inm, "\"v1\"") == 0 || g_strcmp0 (ims, "Thu, 26 Nov 2026 18:30:00 GMT") == 0)
        {
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
      soup_message_headers_replace (resp, "ETag", "\"v1\"");
      soup_message_headers_replace (resp, "Last-Modified", "Thu, 26 Nov 2026 18:30:00 GMT");
      soup_server_message_set_response (msg, "application/rss+xml; charset=windows-1252",
                                        SOUP_MEMORY_STATIC, FEED, strlen (FEED));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/gone"))
    soup_server_message_set_status (msg, 410, NULL);
  else if (g_str_equal (path, "/big"))
    {
      gsize n = 64 * 1024;
      char *body = g_malloc (n);
      memset (body, 'x', n);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_TAKE, body, n);
      soup_server_message_set_status (msg, 200, NULL);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

typedef struct
{
  VigilFetchResult *result;
  GError *error;
  gboolean done;
} Wait;

static void
done_cb (GObject *obj, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->result = vigil_fetcher_fetch_finish (VIGIL_FETCHER (obj), res, &w->error);
  w->done = TRUE;
}

static void
fetch (VigilFetcher *f, const char *path, const char *etag, const char *lm, Wait *w)
{
  g_autofree char *url = g_strconcat (base, path, NULL);

  memset (w, 0, sizeof *w);
  vigil_fetcher_fetch_async (f, url, etag, lm, NULL, done_cb, w);
  while (!w->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_ok_and_conditional (void)
{
  g_autoptr (VigilFetcher) f = vigil_fetcher_new ();
  Wait w;

  fetch (f, "/feed", NULL, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->http_status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (w.result->body, NULL), g_bytes_get_size (w.result->body), FEED,
                   strlen (FEED));
  g_assert_cmpstr (w.result->etag, ==, "\"v1\"");
  g_assert_cmpstr (w.result->charset, ==, "windows-1252");
  g_assert_true (g_str_has_prefix (last_user_agent, "Vigil/"));
  vigil_fetch_result_free (w.result);

  fetch (f, "/feed", "\"v1\"", NULL, &w);
  g_assert_no_error (w.error);
  g_assert_true (w.result->not_modified);
  g_assert_null (w.result->body);
  vigil_fetch_result_free (w.result);

  fetch (f, "/feed", NULL, "Thu, 26 Nov 2026 18:30:00 GMT", &w);
  g_assert_no_error (w.error);
  g_assert_true (w.result->not_modified);
  vigil_fetch_result_free (w.result);
}

static void
test_errors (void)
{
  g_autoptr (VigilFetcher) f = vigil_fetcher_new ();
  Wait w;

  fetch (f, "/missing", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_HTTP);
  g_assert_nonnull (strstr (w.error->message, "404"));
  g_clear_error (&w.error);

  fetch (f, "/gone", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_GONE);
  g_clear_error (&w.error);

  vigil_fetcher_set_max_body (f, 16 * 1024);
  fetch (f, "/big", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE);
  g_clear_error (&w.error);
}

static void
test_unsupported_scheme (void)
{
  g_autoptr (VigilFetcher) f = vigil_fetcher_new ();
  Wait w = { 0 };

  vigil_fetcher_fetch_async (f, "ftp://127.0.0.1/feed", NULL, NULL, NULL, done_cb, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_UNSUPPORTED);
  g_clear_error (&w.error);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  GSList *uris;
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  {
    g_autofree char *s = g_uri_to_string (uris->data);
    base = g_strndup (s, strlen (s) - 1); /* drop the trailing slash */
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));

  g_test_add_func ("/fetcher/ok-and-conditional", test_ok_and_conditional);
  g_test_add_func ("/fetcher/errors", test_errors);
  g_test_add_func ("/fetcher/unsupported-scheme", test_unsupported_scheme);
  ret = g_test_run ();
  g_object_unref (server);
  g_free (base);
  g_free (last_user_agent);
  return ret;
}
