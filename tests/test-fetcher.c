/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fetching over HTTP from a SoupServer on 127.0.0.1 inside the test. */
#include <libsoup/soup.h>
#include <string.h>

#include "vigil-fetch-reason.h"
#include "vigil-fetcher.h"
#include "vigil-test-utils.h"

#define FEED "<rss version=\"2.0\"><channel><title>Net</title></channel></rss>"

static SoupServer *server;
static char *base;
static VigilTestRequests seen;

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  vigil_test_note_request (&seen, msg);
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
  else if (g_str_equal (path, "/located") || g_str_equal (path, "/located-unsafe"))
    {
      /* Content-Location: where the document is, the base of its links. */
      soup_message_headers_replace (resp, "Content-Location",
                                    g_str_equal (path, "/located") ? "archive/feed.xml"
                                                                   : "javascript:alert(1)");
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, FEED,
                                        strlen (FEED));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/moved"))
    {
      soup_server_message_set_redirect (msg, 301, "/feed");
    }
  else if (g_str_equal (path, "/moved-twice"))
    soup_server_message_set_redirect (msg, 308, "/moved");
  else if (g_str_equal (path, "/temporary"))
    soup_server_message_set_redirect (msg, 302, "/feed");
  else if (g_str_equal (path, "/loop-a"))
    soup_server_message_set_redirect (msg, 301, "/loop-b");
  else if (g_str_equal (path, "/loop-b"))
    soup_server_message_set_redirect (msg, 301, "/loop-a");
  else if (g_str_equal (path, "/busy"))
    {
      soup_message_headers_replace (resp, "Retry-After", "120");
      soup_server_message_set_status (msg, 429, NULL);
    }
  else if (g_str_equal (path, "/unavailable"))
    {
      g_autoptr (GDateTime) later = g_date_time_add_seconds (g_date_time_new_now_utc (), 600);
      g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
      soup_message_headers_replace (resp, "Retry-After", date);
      soup_server_message_set_status (msg, 503, NULL);
    }
  else if (g_str_equal (path, "/busy-forever"))
    {
      /* Beyond gint64: "now + wait" must not overflow into "ask again at once". */
      soup_message_headers_replace (resp, "Retry-After", "99999999999999999999");
      soup_server_message_set_status (msg, 503, NULL);
    }
  else if (g_str_equal (path, "/busy-far-date"))
    {
      soup_message_headers_replace (resp, "Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT");
      soup_server_message_set_status (msg, 429, NULL);
    }
  else if (g_str_equal (path, "/gzip"))
    {
      g_autoptr (GConverter) gz
          = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1));
      g_autoptr (GInputStream) plain
          = g_memory_input_stream_new_from_data (FEED, strlen (FEED), NULL);
      g_autoptr (GInputStream) zipped = g_converter_input_stream_new (plain, gz);
      g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_output_stream_splice (out, zipped, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
      soup_message_headers_replace (resp, "Content-Encoding", "gzip");
      soup_server_message_set_response (
          msg, "application/rss+xml", SOUP_MEMORY_COPY,
          g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
          g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/silent"))
    {
      /* Never answers: the message stays paused until the server goes away. */
      soup_server_message_pause (msg);
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
} Wait;

/* Fetches url to its end: its result or its error in w. */
static void
fetch_url (VigilFetcher *f, const char *url, const char *etag, const char *lm, Wait *w)
{
  g_autoptr (GAsyncResult) res = NULL;

  vigil_fetcher_fetch_async (f, url, etag, lm, NULL, vigil_test_async_ready, &res);
  res = vigil_test_wait_result (&res);
  w->error = NULL;
  w->result = vigil_fetcher_fetch_finish (f, res, &w->error);
}

static void
fetch (VigilFetcher *f, const char *path, const char *etag, const char *lm, Wait *w)
{
  g_autofree char *url = g_strconcat (base, path, NULL);

  fetch_url (f, url, etag, lm, w);
}

/* Fetches url with a limit of max_body bytes for this request. */
static void
limited_fetch (VigilFetcher *f, const char *url, gsize max_body, Wait *w)
{
  g_autoptr (GAsyncResult) res = NULL;

  vigil_fetcher_fetch_limited_async (f, url, NULL, NULL, max_body, NULL, vigil_test_async_ready,
                                     &res);
  res = vigil_test_wait_result (&res);
  w->error = NULL;
  w->result = vigil_fetcher_fetch_finish (f, res, &w->error);
}

static VigilFetcher *
quick_fetcher (void)
{
  VigilFetcher *f = vigil_fetcher_new ();
  vigil_fetcher_set_host_spacing (f, 0);
  return f;
}

/* ---- abusive servers: each ends in a clear error, in bounded time ---- */

/* Sends its body one byte every 100 ms, for ever. */
static gboolean
trickle_one (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "<",
                            1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
stop_source (SoupServerMessage *msg, gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

/* Sends 64 KiB chunks as fast as they are taken, for ever. */
static void
endless_chunk (SoupServerMessage *msg, gpointer data)
{
  static char block[64 * 1024];

  memset (block, 'x', sizeof block);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, block,
                            sizeof block);
}

static void
abuse_handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
               gpointer data)
{
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (resp, "application/rss+xml", NULL);
  if (g_str_equal (path, "/abuse/trickle"))
    {
      guint id = g_timeout_add (100, trickle_one, msg);
      soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
      g_signal_connect (msg, "finished", G_CALLBACK (stop_source), GUINT_TO_POINTER (id));
      soup_server_message_pause (msg);
    }
  else if (g_str_equal (path, "/abuse/endless"))
    {
      soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (endless_chunk), NULL);
      endless_chunk (msg, NULL);
    }
  else if (g_str_equal (path, "/abuse/gzip-bomb"))
    {
      /* 64 MiB of zeros, about 64 KiB on the wire. */
      vigil_test_serve_gzip_bomb (msg, 64 * 1024 * 1024);
    }
}

static void
test_abusive_servers (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  gint64 t0;
  Wait w;

  vigil_fetcher_set_deadline (f, 1);
  vigil_fetcher_set_max_body (f, 1024 * 1024);

  t0 = g_get_monotonic_time ();
  fetch (f, "/abuse/trickle", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_SLOW);
  g_test_message ("trickle: %s (%.1f s)", w.error->message, (g_get_monotonic_time () - t0) / 1e6);
  /* The deadline's own error (no wall-clock limit here: a loaded machine would
   * fail it; a fetcher without the deadline hangs until meson's timeout). */
  g_assert_nonnull (strstr (w.error->message, "still sending after 1 s"));
  g_clear_error (&w.error);

  /* The size limits, with time enough for them to act first on a loaded
   * machine (a 1 s deadline can stop a slow decompression before the limit). */
  vigil_fetcher_set_deadline (f, 120);
  t0 = g_get_monotonic_time ();
  fetch (f, "/abuse/endless", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE);
  g_test_message ("endless: %s (%.1f s)", w.error->message, (g_get_monotonic_time () - t0) / 1e6);
  g_clear_error (&w.error);

  t0 = g_get_monotonic_time ();
  fetch (f, "/abuse/gzip-bomb", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE);
  g_test_message ("gzip bomb: %s (%.1f s)", w.error->message, (g_get_monotonic_time () - t0) / 1e6);
  g_clear_error (&w.error);

  /* The fetcher still works for a well-behaved source afterwards. */
  fetch (f, "/feed", NULL, NULL, &w);
  g_assert_no_error (w.error);
  vigil_fetch_result_free (w.result);
}

/* A request's own limit, below the fetcher's: an answer without a length
 * (an endless chunked one) is stopped as soon as it passes that limit, one
 * with a larger Content-Length is refused before its body is read, and the
 * next request has the fetcher's limit again. */
static void
test_request_limit (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  g_autofree char *endless = g_strconcat (base, "/abuse/endless", NULL);
  g_autofree char *big = g_strconcat (base, "/big", NULL);
  Wait w;

  limited_fetch (f, endless, 256 * 1024, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (w.error->message, "stopped"));
  /* The limit as it is, not rounded to MiB (it said "larger than 1 MiB"). */
  g_assert_nonnull (strstr (w.error->message, "larger than 256 KiB"));
  g_clear_error (&w.error);

  /* /big is 64 KiB, with its length said. */
  limited_fetch (f, big, 16 * 1024, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (w.error->message, "refused"));
  g_assert_nonnull (strstr (w.error->message, "larger than 16 KiB"));
  g_clear_error (&w.error);

  /* Larger than the fetcher's own: the fetcher's holds. */
  vigil_fetcher_set_max_body (f, 16 * 1024);
  limited_fetch (f, big, 1024 * 1024, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE);
  g_clear_error (&w.error);

  /* 0 and a plain fetch: the fetcher's limit, which /big fits. */
  vigil_fetcher_set_max_body (f, 1024 * 1024);
  limited_fetch (f, big, 0, &w);
  g_assert_no_error (w.error);
  g_assert_cmpuint (g_bytes_get_size (w.result->body), ==, 64 * 1024);
  vigil_fetch_result_free (w.result);
  fetch (f, "/big", NULL, NULL, &w);
  g_assert_no_error (w.error);
  vigil_fetch_result_free (w.result);
}

/* A server whose certificate nobody signed: refused, and said so. */
static void
test_invalid_tls (void)
{
  g_autofree char *pem = vigil_test_file_path ("fixtures", "self-signed.pem", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) cert = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr (SoupServer) tls_server = NULL;
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  g_autofree char *tls_base = NULL;
  g_autofree char *url = NULL;
  Wait w = { 0 };

  g_assert_no_error (error);
  tls_server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (tls_server, NULL, handler, NULL, NULL);
  tls_base = vigil_test_server_listen (tls_server);
  url = g_strconcat (tls_base, "/feed", NULL);
  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));
  fetch_url (f, url, NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TLS);
  g_test_message ("invalid TLS: %s", w.error->message);
  g_assert_nonnull (strstr (w.error->message, "certificate"));
  g_clear_error (&w.error);
}

static void
test_ok_and_conditional (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  Wait w;

  fetch (f, "/feed", NULL, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->http_status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (w.result->body, NULL), g_bytes_get_size (w.result->body), FEED,
                   strlen (FEED));
  g_assert_cmpstr (w.result->etag, ==, "\"v1\"");
  g_assert_cmpstr (w.result->charset, ==, "windows-1252");
  g_assert_true (g_str_has_prefix (seen.user_agent, "Vigil/"));
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
  g_autoptr (VigilFetcher) f = quick_fetcher ();
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

/* The response's Content-Location, resolved, is the base of the document's
 * links (issue 16); one that is not a web address is ignored. */
static void
test_content_location (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  g_autofree char *located = g_strconcat (base, "/archive/feed.xml", NULL);
  g_autofree char *unsafe = g_strconcat (base, "/located-unsafe", NULL);
  Wait w;

  fetch (f, "/located", NULL, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_cmpstr (w.result->content_location, ==, located);
  g_assert_cmpstr (vigil_fetch_result_get_base (w.result, "https://x.example.test/"), ==, located);
  vigil_fetch_result_free (w.result);

  fetch (f, "/located-unsafe", NULL, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_null (w.result->content_location);
  g_assert_cmpstr (vigil_fetch_result_get_base (w.result, unsafe), ==, unsafe);
  vigil_fetch_result_free (w.result);
}

static void
test_redirects (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  g_autofree char *feed_url = g_strconcat (base, "/feed", NULL);
  Wait w;

  fetch (f, "/moved", NULL, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->http_status, ==, 200);
  g_assert_cmpstr (w.result->permanent_url, ==, feed_url);
  vigil_fetch_result_free (w.result);

  fetch (f, "/moved-twice", NULL, NULL, &w); /* 308 then 301: still permanent */
  g_assert_no_error (w.error);
  g_assert_cmpstr (w.result->permanent_url, ==, feed_url);
  vigil_fetch_result_free (w.result);

  fetch (f, "/temporary", NULL, NULL, &w); /* 302: followed, URL kept */
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->http_status, ==, 200);
  g_assert_null (w.result->permanent_url);
  vigil_fetch_result_free (w.result);

  fetch (f, "/loop-a", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_REDIRECTS);
  g_assert_nonnull (strstr (w.error->message, "loop"));
  g_clear_error (&w.error);
}

static void
test_retry_after (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  g_autoptr (VigilFetcher) g = quick_fetcher ();
  guint before;
  Wait w;

  fetch (f, "/busy", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), ==, 120);
  g_clear_error (&w.error);

  /* The host is now backing off: no request reaches it. */
  before = seen.count;
  fetch (f, "/feed", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), >, 100);
  g_assert_cmpuint (seen.count, ==, before);
  g_clear_error (&w.error);

  /* Retry-After as an HTTP date. */
  fetch (g, "/unavailable", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), >=, 590);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), <=, 600);
  g_clear_error (&w.error);
}

static void
test_retry_after_huge (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  g_autoptr (VigilFetcher) g = quick_fetcher ();
  const gint64 day = 24 * 3600;
  guint before;
  Wait w;

  /* 20 digits of seconds: clamped to a day, and the host is left alone meanwhile. */
  fetch (f, "/busy-forever", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), ==, day);
  g_clear_error (&w.error);
  before = seen.count;
  fetch (f, "/feed", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), >, day - 60);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), <=, day);
  g_assert_cmpuint (seen.count, ==, before);
  g_clear_error (&w.error);

  /* The same as an HTTP date in the year 9999. */
  fetch (g, "/busy-far-date", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (vigil_fetch_error_get_retry_after (w.error), ==, day);
  g_clear_error (&w.error);
  before = seen.count;
  fetch (g, "/feed", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpuint (seen.count, ==, before);
  g_clear_error (&w.error);
}

static void
test_gzip (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  Wait w;

  fetch (f, "/gzip", NULL, NULL, &w);
  g_assert_no_error (w.error);
  g_assert_cmpmem (g_bytes_get_data (w.result->body, NULL), g_bytes_get_size (w.result->body), FEED,
                   strlen (FEED));
  vigil_fetch_result_free (w.result);
}

static void
test_timeout (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  Wait w;

  /* The timeout's own error; no wall-clock limit (see test_abusive_servers). */
  vigil_fetcher_set_timeout (f, 1);
  fetch (f, "/silent", NULL, NULL, &w);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  /* Said in the fetcher's words, told apart as a timeout in any language. */
  g_assert_cmpint (vigil_fetch_reason_classify (w.error->message, NULL), ==,
                   VIGIL_FETCH_REASON_TIMEOUT);
  g_clear_error (&w.error);
}

/* A port nobody listens on (127.0.0.1): the fetcher's own words before
 * GIO's, whatever the desk's language; the error's domain and code kept. */
static void
test_refused (void)
{
  g_autoptr (VigilFetcher) f = quick_fetcher ();
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  Wait w;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener); /* free again: nobody answers there */
  url = g_strdup_printf ("http://127.0.0.1:%u/feed.xml", port);
  fetch_url (f, url, NULL, NULL, &w);
  g_test_message ("refused: %s", w.error ? w.error->message : "(none)");
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (g_str_has_prefix (w.error->message, "The server refused the connection ("));
  g_assert_cmpint (vigil_fetch_reason_classify (w.error->message, NULL), ==,
                   VIGIL_FETCH_REASON_REFUSED);
  g_clear_error (&w.error);
}

static gint64 start_times[2];
static guint n_started;

static void
done_count (GObject *obj, GAsyncResult *res, gpointer data)
{
  VigilFetchResult *r = vigil_fetcher_fetch_finish (VIGIL_FETCHER (obj), res, NULL);
  start_times[n_started++] = g_get_monotonic_time ();
  vigil_fetch_result_free (r);
}

static gboolean
both_started (gpointer data)
{
  return n_started >= 2;
}

static void
test_host_spacing (void)
{
  g_autoptr (VigilFetcher) f = vigil_fetcher_new ();
  g_autofree char *url = g_strconcat (base, "/feed", NULL);
  gint64 begin = g_get_monotonic_time ();

  vigil_fetcher_set_host_spacing (f, 400);
  n_started = 0;
  vigil_fetcher_fetch_async (f, url, NULL, NULL, NULL, done_count, NULL);
  vigil_fetcher_fetch_async (f, url, NULL, NULL, NULL, done_count, NULL);
  g_assert_true (vigil_test_wait_until (both_started, NULL, VIGIL_TEST_WAIT_SECONDS));
  g_assert_cmpint (start_times[1] - begin, >=, 400 * 1000);
}

static void
test_unsupported_scheme (void)
{
  g_autoptr (VigilFetcher) f = vigil_fetcher_new ();
  Wait w = { 0 };

  fetch_url (f, "ftp://127.0.0.1/feed", NULL, NULL, &w);
  g_assert_error (w.error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_UNSUPPORTED);
  g_clear_error (&w.error);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  server = vigil_test_server_new (handler, NULL, &base);
  soup_server_add_handler (server, "/abuse", abuse_handler, NULL, NULL);
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));

  g_test_add_func ("/fetcher/ok-and-conditional", test_ok_and_conditional);
  g_test_add_func ("/fetcher/errors", test_errors);
  g_test_add_func ("/fetcher/unsupported-scheme", test_unsupported_scheme);
  g_test_add_func ("/fetcher/redirects", test_redirects);
  g_test_add_func ("/fetcher/content-location", test_content_location);
  g_test_add_func ("/fetcher/retry-after", test_retry_after);
  g_test_add_func ("/fetcher/retry-after-huge", test_retry_after_huge);
  g_test_add_func ("/fetcher/gzip", test_gzip);
  g_test_add_func ("/fetcher/timeout", test_timeout);
  g_test_add_func ("/fetcher/refused", test_refused);
  g_test_add_func ("/fetcher/abusive-servers", test_abusive_servers);
  g_test_add_func ("/fetcher/request-limit", test_request_limit);
  g_test_add_func ("/fetcher/invalid-tls", test_invalid_tls);
  g_test_add_func ("/fetcher/host-spacing", test_host_spacing);
  ret = g_test_run ();
  g_object_unref (server);
  g_free (base);
  vigil_test_requests_clear (&seen);
  return ret;
}
