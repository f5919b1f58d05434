/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitor-net-common.h: what the monitor's network tests share
 * (test-monitor-net, test-monitor-net-processes): the SoupServer on 127.0.0.1 to
 * 127.0.0.8 with its feeds and hit counts, the rule's webhook, a store, a
 * source added and watched for an hour, a refresh waited for. */
#pragma once

#include <libsoup/soup.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include "vigil-monitor.h"
#include "vigil-opml.h"
#include "vigil-test-utils.h"

#define FEED                                                                                       \
  "<rss version=\"2.0\"><channel><title>Net feed</title><item><guid>n1</guid>"                     \
  "<title>Rockets hit the airport</title></item></channel></rss>"

static char *base;
static guint port;
static GHashTable *hits; /* path -> count */
static char *hook_body;  /* what the rule's webhook received */

/* Feeds for the crash and two-writer tests: 25 items each, most of them
 * matching a shipped rule, each about its own incident (so few stories merge),
 * long enough that analysing a feed takes a moment. */
#define GEN_ITEMS 25

static inline char *
generated_feed (guint n)
{
  static const char *const leads[] = {
    "Rockets hit the perimeter of the airport in %s overnight, officials said",
    "A roadside bomb struck a convoy on the road out of %s",
    "Gunmen kidnapped two engineers near %s on their way to work",
    "The embassy in %s ordered the evacuation of non-essential staff",
    "The council of %s approved a new budget for schools and parks",
  };
  static const char *const towns[]
      = { "Basra", "Kirkuk", "Erbil", "Mosul", "Najaf", "Karbala", "Ramadi", "Tikrit", "Hilla" };
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel>");

  g_string_append_printf (xml, "<title>Generated %u</title>", n);
  for (guint i = 0; i < GEN_ITEMS; i++)
    {
      const char *town = towns[(n * 7 + i) % G_N_ELEMENTS (towns)];
      g_autofree char *lead = g_strdup_printf (leads[(n + i) % G_N_ELEMENTS (leads)], town);
      g_string_append_printf (xml, "<item><guid>g%u-%u</guid><title>%s (report %u-%u)</title>", n,
                              i, lead, n, i);
      g_string_append (xml, "<description>");
      for (guint k = 0; k < 12; k++)
        g_string_append_printf (xml, "%s. Report %u-%u-%u from the %s desk. ", lead, n, i, k, town);
      g_string_append (xml, "</description></item>");
    }
  g_string_append (xml, "</channel></rss>");
  return g_string_free (xml, FALSE);
}

static inline void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  g_hash_table_replace (hits, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (hits, path)) + 1));
  if (g_str_has_prefix (path, "/gen/"))
    {
      char *feed = generated_feed ((guint) g_ascii_strtoull (path + 5, NULL, 10));
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE, feed,
                                        strlen (feed));
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  if (g_str_equal (path, "/hostile-page"))
    {
      /* 200,000 <link rel="alternate">, the first to the real feed. */
      GString *page = g_string_new ("<html><head>");
      for (guint i = 0; i < 200000; i++)
        g_string_append_printf (page,
                                "<link rel=\"alternate\" type=\"application/rss+xml\" "
                                "href=\"/feed2?n=%u\">",
                                i);
      g_string_append (page, "</head></html>");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, page->str, page->len);
      g_string_free (page, TRUE);
      return;
    }
  if (g_str_equal (path, "/hook"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_free (hook_body);
      hook_body = g_strndup (body->data, body->length);
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  if (g_str_equal (path, "/feed") || g_str_equal (path, "/feed2"))
    {
      if (g_strcmp0 (soup_message_headers_get_one (req, "If-None-Match"), "\"e1\"") == 0)
        {
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
      soup_message_headers_replace (resp, "ETag", "\"e1\"");
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, FEED,
                                        strlen (FEED));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/site") || g_str_equal (path, "/plain-page"))
    {
      const char *page
          = g_str_equal (path, "/site")
                ? "<html><head><title>Site</title><link rel=\"alternate\" "
                  "type=\"application/rss+xml\" href=\"feed2\"></head><body>Hi</body></html>"
                : "<html><body>No feeds here</body></html>";
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/bomb"))
    {
      /* 32 MiB of zeros, gzipped to about 32 KiB. */
      vigil_test_serve_gzip_bomb (msg, 32 * 1024 * 1024);
    }
  else if (g_str_equal (path, "/moved"))
    soup_server_message_set_redirect (msg, 301, "/feed2");
  else if (g_str_equal (path, "/gone"))
    soup_server_message_set_status (msg, 410, NULL);
  else if (g_str_equal (path, "/busy"))
    {
      soup_message_headers_replace (resp, "Retry-After", "300");
      soup_server_message_set_status (msg, 429, NULL);
    }
  else
    soup_server_message_set_status (msg, 500, NULL);
}

typedef struct
{
  gssize n_new;
  GError *error;
} Wait;

static inline VigilSource *
refresh (VigilMonitor *m, gint64 id, Wait *w)
{
  VigilStore *store = vigil_monitor_get_store (m);
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, NULL);
  g_autoptr (GAsyncResult) res = NULL;

  vigil_monitor_refresh_source_async (m, s, NULL, vigil_test_async_ready, &res);
  res = vigil_test_wait_result (&res);
  w->error = NULL;
  w->n_new = vigil_monitor_refresh_source_finish (m, res, &w->error);
  return vigil_store_get_source (store, id, NULL);
}

/* A store of the test's own, in a temporary directory. */
static inline VigilStore *
new_store (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-monitor-net-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (GError) error = NULL;
  VigilStore *store = vigil_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

static inline gint64
add (VigilStore *store, const char *path)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  return vigil_store_add_source (store, url, path, NULL, NULL, NULL);
}

/* The desk has watched the source for an hour: what it publishes now is news
 * (what a source's first read finds is not). */
static inline void
watched_for_an_hour (VigilStore *store, gint64 id)
{
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, NULL);

  s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_true (vigil_store_update_source (store, s, NULL));
}

static inline void
on_finished (VigilMonitor *m, gboolean *done)
{
  *done = TRUE;
}

/* The server on 127.0.0.1 to 127.0.0.8 (one port), its hit counts empty. */
static inline SoupServer *
net_server_start (void)
{
  g_autoptr (GError) error = NULL;
  SoupServer *server;

  hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server = vigil_test_server_new (handler, NULL, &base);
  port = vigil_test_server_get_port (server);
  for (guint n = 2; n <= 8; n++)
    {
      g_autofree char *ip = g_strdup_printf ("127.0.0.%u", n);
      g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string (ip, port);
      g_assert_true (soup_server_listen (server, address, 0, &error));
    }
  return server;
}

/* Runs the tests, then frees what net_server_start() and the webhook left. */
static inline int
net_test_run (void)
{
  int ret = g_test_run ();

  g_free (base);
  g_hash_table_unref (hits);
  g_free (hook_body);
  return ret;
}
