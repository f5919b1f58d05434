/* The monitor against a SoupServer on 127.0.0.1: conditional GET, a moved feed,
 * a gone feed, a busy server and a failing one, and when each is tried again. */
#include <libsoup/soup.h>

#include "vigil-monitor.h"

#define FEED                                                                                       \
  "<rss version=\"2.0\"><channel><title>Net feed</title><item><guid>n1</guid>"                     \
  "<title>Rockets hit the airport</title></item></channel></rss>"

static char *base;
static GHashTable *hits; /* path -> count */
static char *hook_body;  /* what the rule's webhook received */

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  g_hash_table_replace (hits, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (hits, path)) + 1));
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
      static GBytes *bomb;
      if (bomb == NULL)
        {
          g_autoptr (GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
          g_autofree guint8 *zeros = g_malloc0 (32 * 1024 * 1024);
          g_autofree guint8 *out = g_malloc (1024 * 1024);
          gsize read = 0, written = 0;
          g_converter_convert (G_CONVERTER (gz), zeros, 32 * 1024 * 1024, out, 1024 * 1024,
                               G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
          bomb = g_bytes_new (out, written);
        }
      soup_message_headers_replace (resp, "Content-Encoding", "gzip");
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb));
      soup_server_message_set_status (msg, 200, NULL);
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

static guint
hits_for (const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (hits, path));
}

typedef struct
{
  gboolean done;
  gssize n_new;
  GError *error;
} Wait;

static void
refreshed (GObject *obj, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->n_new = vigil_monitor_refresh_source_finish (VIGIL_MONITOR (obj), res, &w->error);
  w->done = TRUE;
}

static VigilSource *
refresh (VigilMonitor *m, gint64 id, Wait *w)
{
  VigilStore *store = vigil_monitor_get_store (m);
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, NULL);

  memset (w, 0, sizeof *w);
  vigil_monitor_refresh_source_async (m, s, NULL, refreshed, w);
  while (!w->done)
    g_main_context_iteration (NULL, TRUE);
  return vigil_store_get_source (store, id, NULL);
}

static gint64
add (VigilStore *store, const char *path)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  return vigil_store_add_source (store, url, path, NULL, NULL, NULL);
}

static void
on_finished (VigilMonitor *m, gboolean *done)
{
  *done = TRUE;
}

/* A gzip bomb and a broken server among good sources: each ends in its own
 * clear error; the good source is read and stored as if they were not there. */
static void
test_abusive_sources (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-monitor-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
  gint64 bomb = add (store, "/bomb"), broken = add (store, "/broken2"), good = add (store, "/feed");
  gboolean done = FALSE;

  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
  vigil_fetcher_set_max_body (vigil_monitor_get_fetcher (m), 1024 * 1024);
  g_signal_connect (m, "refresh-finished", G_CALLBACK (on_finished), &done);
  vigil_monitor_refresh_all (m);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr (VigilSource) b = vigil_store_get_source (store, bomb, NULL);
    g_autoptr (VigilSource) x = vigil_store_get_source (store, broken, NULL);
    g_autoptr (VigilSource) g = vigil_store_get_source (store, good, NULL);
    g_test_message ("bomb: %s; broken: %s", b->error, x->error);
    g_assert_cmpint (b->status, ==, VIGIL_SOURCE_STATUS_ERROR);
    g_assert_nonnull (strstr (b->error, "larger than 1 MiB"));
    g_assert_cmpint (x->status, ==, VIGIL_SOURCE_STATUS_ERROR);
    g_assert_nonnull (strstr (x->error, "500"));
    g_assert_cmpint (g->status, ==, VIGIL_SOURCE_STATUS_OK);
    g_assert_null (g->error);
  }
  g_assert_cmpint (vigil_store_count_articles (store, good), ==, 1);
  g_assert_cmpint (vigil_store_count_articles (store, bomb), ==, 0);
}

static void
test_schedule (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-monitor-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
  gint64 feed = add (store, "/feed"), moved = add (store, "/moved"), gone = add (store, "/gone");
  gint64 broken = add (store, "/broken"), busy = add (store, "/busy");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *feed2 = g_strconcat (base, "/feed2", NULL);
  Wait w;

  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
  vigil_monitor_set_default_interval (m, 10);

  {
    g_autoptr (VigilSource) s = refresh (m, feed, &w);
    g_assert_no_error (w.error);
    g_assert_cmpint (w.n_new, ==, 1);
    g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_OK);
    g_assert_cmpstr (s->etag, ==, "\"e1\"");
    g_assert_cmpint (s->next_attempt, >=, now + 540);
    g_assert_cmpint (s->next_attempt, <=, now + 660 + 5);
  }
  {
    /* ETag sent back: 304, nothing parsed, nothing new. */
    g_autoptr (VigilSource) s = refresh (m, feed, &w);
    g_assert_no_error (w.error);
    g_assert_cmpint (w.n_new, ==, 0);
    g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_NOT_MODIFIED);
  }
  {
    g_autoptr (VigilSource) s = refresh (m, moved, &w);
    g_assert_no_error (w.error);
    g_assert_cmpstr (s->url, ==, feed2);
  }
  {
    /* Later fetches go straight to the new address. */
    guint before = hits_for ("/moved");
    g_autoptr (VigilSource) s = refresh (m, moved, &w);
    g_assert_cmpuint (hits_for ("/moved"), ==, before);
    g_assert_cmpuint (hits_for ("/feed2"), ==, 2);
  }
  {
    g_autoptr (VigilSource) s = refresh (m, gone, &w);
    g_assert_nonnull (w.error);
    g_clear_error (&w.error);
    g_assert_false (s->enabled);
    g_assert_nonnull (strstr (s->error, "410"));
    g_assert_nonnull (strstr (s->error, "disabled"));
  }
  {
    g_autoptr (VigilSource) s1 = refresh (m, broken, &w);
    g_autoptr (VigilSource) s2 = NULL;
    g_clear_error (&w.error);
    g_assert_cmpuint (s1->failures, ==, 1);
    g_assert_cmpint (s1->next_attempt, >=, now + 60);
    s2 = refresh (m, broken, &w);
    g_clear_error (&w.error);
    g_assert_cmpuint (s2->failures, ==, 2);
    g_assert_cmpint (s2->next_attempt, >=, now + 96); /* 120 s - 20 % jitter */
    g_assert_nonnull (strstr (s2->error, "500"));
  }
  {
    g_autoptr (VigilSource) s = refresh (m, busy, &w);
    g_assert_nonnull (w.error);
    g_clear_error (&w.error);
    g_assert_cmpint (s->next_attempt, >=, now + 300);
    g_assert_nonnull (strstr (s->error, "300 seconds"));
  }
  {
    /* Nothing is due now: the scheduler asks no server. */
    guint total_before = 0, total_after = 0;
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init (&iter, hits);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      total_before += GPOINTER_TO_UINT (value);
    vigil_monitor_refresh_due (m);
    for (int i = 0; i < 50; i++)
      g_main_context_iteration (NULL, FALSE);
    g_hash_table_iter_init (&iter, hits);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      total_after += GPOINTER_TO_UINT (value);
    g_assert_cmpuint (total_after, ==, total_before);
    g_assert_false (vigil_monitor_is_refreshing (m));
  }
}

typedef struct
{
  gboolean done;
  VigilSource *source;
  GError *error;
} AddWait;

static void
added (GObject *obj, GAsyncResult *res, gpointer data)
{
  AddWait *w = data;
  w->source = vigil_monitor_add_source_finish (VIGIL_MONITOR (obj), res, &w->error);
  w->done = TRUE;
}

static void
add_url (VigilMonitor *m, const char *path, AddWait *w)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  memset (w, 0, sizeof *w);
  vigil_monitor_add_source_async (m, url, "Pasted", NULL, added, w);
  while (!w->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_add_source (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-monitor-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
  g_autofree char *feed2 = g_strconcat (base, "/feed2", NULL);
  AddWait w;

  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
  /* A site address: its <link rel="alternate"> is followed. */
  add_url (m, "/site", &w);
  g_assert_no_error (w.error);
  g_assert_cmpstr (w.source->url, ==, feed2);
  g_assert_cmpstr (w.source->title, ==, "Net feed");
  g_assert_cmpstr (w.source->folder, ==, "Pasted");
  g_clear_object (&w.source);

  add_url (m, "/plain-page", &w);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (w.error->message, "No feed found"));
  g_clear_error (&w.error);

  add_url (m, "/broken", &w);
  g_assert_nonnull (w.error);
  g_assert_nonnull (strstr (w.error->message, "500"));
  g_clear_error (&w.error);
  g_assert_cmpint (vigil_store_count_sources (store), ==, 1);
}

typedef struct
{
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
tick (gpointer data)
{
  Ticks *t = data;
  gint64 now = g_get_monotonic_time ();

  t->longest = MAX (t->longest, now - t->last);
  t->last = now;
  return G_SOURCE_CONTINUE;
}

/* Add Source with a hostile site page (200,000 <link rel="alternate">): the
 * window froze for more than 100 s while the page was read and de-duplicated
 * on the main thread. The main loop must keep turning. */
static void
test_add_source_hostile (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-monitor-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
  g_autofree char *feed2 = g_strconcat (base, "/feed2?n=0", NULL);
  Ticks t = { g_get_monotonic_time (), 0 };
  gint64 start = g_get_monotonic_time ();
  guint id;
  AddWait w;

  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
  id = g_timeout_add (10, tick, &t);
  add_url (m, "/hostile-page", &w);
  g_source_remove (id);
  g_test_message ("added in %.2f s; the main loop waited at most %.3f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  t.longest / (double) G_USEC_PER_SEC);
  g_assert_no_error (w.error);
  g_assert_cmpstr (w.source->url, ==, feed2);
  g_clear_object (&w.source);
  g_assert_cmpint (t.longest, <, G_USEC_PER_SEC / 2);

  /* Addresses that are not web pages never reach the fetcher. */
  {
    const char *refused[]
        = { "file:///etc/passwd", "javascript:alert(1)", "data:,x", "vigil:entity/x" };
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        memset (&w, 0, sizeof w);
        vigil_monitor_add_source_async (m, refused[i], NULL, NULL, added, &w);
        while (!w.done)
          g_main_context_iteration (NULL, TRUE);
        g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
        g_assert_nonnull (strstr (w.error->message, "web addresses"));
        g_clear_error (&w.error);
      }
  }
  g_assert_cmpint (vigil_store_count_sources (store), ==, 1);
}

static void
test_rule_webhook (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-monitor-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
  g_autofree char *rules
      = g_strdup_printf ("Airport rockets\thigh\trocket* AND airport\t%s/hook\tslack\n", base);
  gint64 feed;
  Wait w;

  g_assert_true (vigil_alert_engine_load_rules (vigil_monitor_get_alert_engine (m), rules,
                                                strlen (rules), &error));
  g_assert_no_error (error);
  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
  vigil_webhook_set_timing (vigil_monitor_get_webhook (m), 2, 50, 2);
  feed = add (store, "/feed");
  {
    g_autoptr (VigilSource) s = refresh (m, feed, &w);
    g_assert_no_error (w.error);
  }
  for (int i = 0; i < 500 && hook_body == NULL; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  g_assert_nonnull (hook_body);
  g_assert_nonnull (
      strstr (hook_body, "\"text\":\"[high] Airport rockets: Rockets hit the airport"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  GSList *uris;
  int ret;

  g_test_init (&argc, &argv, NULL);
  hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  {
    g_autofree char *s = g_uri_to_string (uris->data);
    base = g_strndup (s, strlen (s) - 1);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_test_add_func ("/monitor-net/schedule", test_schedule);
  g_test_add_func ("/monitor-net/abusive-sources", test_abusive_sources);
  g_test_add_func ("/monitor-net/add-source", test_add_source);
  g_test_add_func ("/monitor-net/add-source-hostile", test_add_source_hostile);
  g_test_add_func ("/monitor-net/rule-webhook", test_rule_webhook);
  ret = g_test_run ();
  g_free (base);
  g_hash_table_unref (hits);
  g_free (hook_body);
  return ret;
}
