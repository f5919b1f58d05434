/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The monitor against a SoupServer on 127.0.0.1: conditional GET, a moved feed,
 * a gone feed, a busy server and a failing one, and when each is tried again. */
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

static char *
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

static void
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

static guint
hits_for (const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (hits, path));
}

static void
on_updated (VigilMonitor *m, VigilSource *source, GArray *ids)
{
  g_array_append_val (ids, source->id);
}

typedef struct
{
  gssize n_new;
  GError *error;
} Wait;

static VigilSource *
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
static VigilStore *
new_store (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-monitor-net-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (GError) error = NULL;
  VigilStore *store = vigil_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
add (VigilStore *store, const char *path)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  return vigil_store_add_source (store, url, path, NULL, NULL, NULL);
}

/* The desk has watched the source for an hour: what it publishes now is news
 * (what a source's first read finds is not). */
static void
watched_for_an_hour (VigilStore *store, gint64 id)
{
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, NULL);

  s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_true (vigil_store_update_source (store, s, NULL));
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
  g_autoptr (VigilStore) store = new_store ();
  g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
  gint64 bomb = add (store, "/bomb"), broken = add (store, "/broken2"), good = add (store, "/feed");
  gboolean done = FALSE;

  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
  vigil_fetcher_set_max_body (vigil_monitor_get_fetcher (m), 1024 * 1024);
  g_signal_connect (m, "refresh-finished", G_CALLBACK (on_finished), &done);
  vigil_monitor_refresh_all (m);
  vigil_test_wait_for_flag (&done);
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
  g_autoptr (VigilStore) store = new_store ();
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
    /* Nothing is due now: the scheduler queues nothing (refresh_due queues
     * at once, and a queue means refreshing) and reads no source. Then the
     * positive control: with one source made due, that one is read, alone
     * (every read ends with source-updated, whatever its outcome; this one is
     * held back by the fetcher, as /busy asked the host to wait). */
    g_autoptr (VigilSource) s = vigil_store_get_source (store, feed, NULL);
    g_autoptr (GArray) updated = g_array_new (FALSE, FALSE, sizeof (gint64));
    gboolean done = FALSE;
    gulong on_done = g_signal_connect (m, "refresh-finished", G_CALLBACK (on_finished), &done);
    gulong on_read = g_signal_connect (m, "source-updated", G_CALLBACK (on_updated), updated);

    vigil_monitor_refresh_due (m);
    g_assert_false (vigil_monitor_is_refreshing (m));
    s->next_attempt = now - 1;
    g_assert_true (vigil_store_update_source (store, s, NULL));
    vigil_monitor_refresh_due (m);
    g_assert_true (vigil_monitor_is_refreshing (m));
    vigil_test_wait_for_flag (&done);
    g_signal_handler_disconnect (m, on_done);
    g_signal_handler_disconnect (m, on_read);
    g_assert_cmpuint (updated->len, ==, 1);
    g_assert_cmpint (g_array_index (updated, gint64, 0), ==, feed);
  }
}

typedef struct
{
  VigilSource *source;
  GError *error;
} AddWait;

/* Add Source to its end: the source or the error in w. */
static void
add_source (VigilMonitor *m, const char *url, const char *title, AddWait *w)
{
  g_autoptr (GAsyncResult) res = NULL;

  vigil_monitor_add_source_async (m, url, title, NULL, vigil_test_async_ready, &res);
  res = vigil_test_wait_result (&res);
  w->error = NULL;
  w->source = vigil_monitor_add_source_finish (m, res, &w->error);
}

static void
add_url (VigilMonitor *m, const char *path, AddWait *w)
{
  g_autofree char *url = g_strconcat (base, path, NULL);

  add_source (m, url, "Pasted", w);
}

static void
test_add_source (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = new_store ();
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
  g_assert_null (g_object_get_data (G_OBJECT (w.source), VIGIL_SOURCE_ALREADY_SUBSCRIBED));
  {
    /* The same feed again, by its site or its own address: the source the
     * desk has, said to be so, nothing added. */
    gint64 id = w.source->id;
    const char *again[] = { "/site", "/feed2" };
    for (guint i = 0; i < G_N_ELEMENTS (again); i++)
      {
        AddWait x;
        add_url (m, again[i], &x);
        g_assert_no_error (x.error);
        g_assert_cmpint (x.source->id, ==, id);
        g_assert_nonnull (g_object_get_data (G_OBJECT (x.source), VIGIL_SOURCE_ALREADY_SUBSCRIBED));
        g_clear_object (&x.source);
      }
  }
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
  g_autoptr (VigilStore) store = new_store ();
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
  g_assert_cmpint (t.longest, <, TEST_SECONDS (0.5));

  /* Addresses that are not web pages never reach the fetcher. */
  {
    const char *refused[]
        = { "file:///etc/passwd", "javascript:alert(1)", "data:,x", "vigil:entity/x" };
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        add_source (m, refused[i], NULL, &w);
        g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
        g_assert_nonnull (strstr (w.error->message, "web addresses"));
        g_clear_error (&w.error);
      }
  }
  g_assert_cmpint (vigil_store_count_sources (store), ==, 1);
}

static gboolean
hook_posted (gpointer data)
{
  return hook_body != NULL;
}

static void
test_rule_webhook (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = new_store ();
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
  watched_for_an_hour (store, feed);
  {
    g_autoptr (VigilSource) s = refresh (m, feed, &w);
    g_assert_no_error (w.error);
  }
  g_assert_true (vigil_test_wait_until (hook_posted, NULL, VIGIL_TEST_WAIT_SECONDS));
  g_assert_nonnull (hook_body);
  g_assert_nonnull (
      strstr (hook_body, "\"text\":\"[high] Airport rockets: Rockets hit the airport"));
}

/* ---- vigil-cli watch --once as a separate process: killed, or two at once ---- */

typedef struct
{
  GSubprocess *proc;
  GDataInputStream *out;
  guint lines;
  guint kill_after; /* 0: let it finish */
  gboolean done;
  gboolean eof; /* no read pending: the Child may be freed */
  gboolean killed;
} Child;

static void read_line_cb (GObject *object, GAsyncResult *res, gpointer data);

static void
child_read_next (Child *c)
{
  g_data_input_stream_read_line_async (c->out, G_PRIORITY_DEFAULT, NULL, read_line_cb, c);
}

static void
read_line_cb (GObject *object, GAsyncResult *res, gpointer data)
{
  Child *c = data;
  g_autofree char *line
      = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), res, NULL, NULL);

  if (line == NULL)
    {
      c->eof = TRUE;
      return;
    }
  c->lines++;
  if (c->kill_after > 0 && c->lines >= c->kill_after && !c->killed)
    {
      c->killed = TRUE;
      g_subprocess_force_exit (c->proc); /* SIGKILL: no clean-up of any kind */
    }
  child_read_next (c);
}

static void
child_exited (GObject *object, GAsyncResult *res, gpointer data)
{
  Child *c = data;
  g_subprocess_wait_finish (G_SUBPROCESS (object), res, NULL);
  c->done = TRUE;
}

static Child *
child_spawn (const char *dir, const char *opml, const char *db, guint kill_after)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  Child *c = g_new0 (Child, 1);

  /* The shipped rules only; nothing of the user running the tests. */
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  c->proc = g_subprocess_launcher_spawn (launcher, &error, VIGIL_CLI, "watch", "--once", "--opml",
                                         opml, "--db", db, NULL);
  g_assert_no_error (error);
  c->kill_after = kill_after;
  c->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (c->proc));
  child_read_next (c);
  g_subprocess_wait_async (c->proc, NULL, child_exited, c);
  return c;
}

static void
child_free (Child *c)
{
  g_object_unref (c->out);
  g_object_unref (c->proc);
  g_free (c);
}

typedef struct
{
  Child **children;
  guint n;
} Children;

static gboolean
children_done (gpointer data)
{
  const Children *c = data;

  for (guint i = 0; i < c->n; i++)
    if (!c->children[i]->done || !c->children[i]->eof)
      return FALSE;
  return TRUE;
}

static void
children_wait (Child **children, guint n)
{
  Children c = { children, n };

  g_assert_true (vigil_test_wait_until (children_done, &c, 120));
}

static char *
write_opml (const char *dir, const char *name, guint from, guint to)
{
  g_autoptr (GError) error = NULL;
  GString *opml = g_string_new ("<opml version=\"2.0\"><body>");
  char *path = g_build_filename (dir, name, NULL);

  /* Eight loopback hosts (the server listens on 127.0.0.1-8): the fetcher's
   * per-host spacing would otherwise read the feeds one by one. */
  for (guint n = from; n < to; n++)
    g_string_append_printf (opml,
                            "<outline type=\"rss\" text=\"Gen %u\" "
                            "xmlUrl=\"http://127.0.0.%u:%u/gen/%u\"/>",
                            n, 1 + n % 8, port, n);
  g_string_append (opml, "</body></opml>");
  g_assert_true (g_file_set_contents (path, opml->str, -1, &error));
  g_string_free (opml, TRUE);
  return path;
}

/* A database subscribed to the OPML's feeds and watching them for an hour
 * already: what watch then reads is news, and printed. */
static void
subscribe_watched (const char *opml, const char *db)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (db, &error);
  g_autoptr (GPtrArray) stored = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (opml, &text, &len, NULL));
  sources = vigil_opml_parse (text, len, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_add_sources (store, sources, NULL, &error));
  stored = vigil_store_list_sources (store, &error);
  for (guint i = 0; i < stored->len; i++)
    watched_for_an_hour (store, ((VigilSource *) g_ptr_array_index (stored, i))->id);
}

/* "rule<TAB>guid" for every alert row, sorted; and the number of articles. */
static char *
alert_rows (const char *db, guint *out_articles)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *rows = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT al.rule || char(9) || a.guid FROM alerts al"
                                       " JOIN articles a ON a.id = al.article_id ORDER BY 1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (rows, "%s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT count(*) FROM articles", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *out_articles = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return g_string_free (rows, FALSE);
}

static int
count_where (const char *db, const char *table, const char *where)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", table, where);
  int n;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return n;
}

static guint
count_lines (const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

/* Fails naming how many rows differ and the first missing one, not with two
 * thousand-line strings. */
static void
assert_same_rows (const char *got, const char *expected)
{
  g_auto (GStrv) want = g_strsplit (expected, "\n", -1);
  guint missing = 0;
  const char *first = NULL;

  for (guint i = 0; want[i] && *want[i]; i++)
    {
      g_autofree char *line = g_strconcat (want[i], "\n", NULL);
      if (!g_str_has_prefix (got, line) && strstr (got, line) == NULL)
        {
          missing++;
          first = first ? first : want[i];
        }
    }
  if (missing > 0)
    g_error ("%u of %u alert rows missing (the first: %s)", missing, count_lines (expected), first);
  g_assert_cmpuint (count_lines (got), ==, count_lines (expected));
}

#define GEN_FEEDS 40

/* Killed with SIGKILL while it ingests, then run to the end: the
 * database holds every article with exactly the alerts an uninterrupted run
 * records. Alerts are written in the transaction that stores their article. */
static void
test_kill_during_ingest (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-kill-XXXXXX");
  g_autofree char *opml = write_opml (dir, "gen.opml", 0, GEN_FEEDS);
  g_autofree char *reference_db = g_build_filename (dir, "reference.db", NULL);
  g_autofree char *expected = NULL;
  guint n_expected = 0;
  static const guint kill_after[] = { 1, 4, 9 };
  guint kills = 0;

  {
    Child *c = child_spawn (dir, opml, reference_db, 0);
    children_wait (&c, 1);
    g_assert_true (g_subprocess_get_if_exited (c->proc));
    g_assert_cmpint (g_subprocess_get_exit_status (c->proc), ==, 0);
    child_free (c);
  }
  expected = alert_rows (reference_db, &n_expected);
  g_assert_cmpuint (n_expected, ==, GEN_FEEDS * GEN_ITEMS);
  g_assert_cmpuint (count_lines (expected), >, GEN_FEEDS * GEN_ITEMS / 2);

  /* Killed at three points, each into a database of its own, then run again. */
  for (guint k = 0; k < G_N_ELEMENTS (kill_after); k++)
    {
      g_autofree char *name = g_strdup_printf ("killed-%u.db", k);
      g_autofree char *killed_db = g_build_filename (dir, name, NULL);
      g_autofree char *got = NULL;
      guint n_got = 0;
      Child *c = NULL;

      /* watch prints an alert a line: the kill comes while it ingests */
      subscribe_watched (opml, killed_db);
      c = child_spawn (dir, opml, killed_db, kill_after[k]);
      children_wait (&c, 1);
      kills += c->killed && g_subprocess_get_if_signaled (c->proc);
      child_free (c);
      c = child_spawn (dir, opml, killed_db, 0);
      children_wait (&c, 1);
      g_assert_cmpint (g_subprocess_get_exit_status (c->proc), ==, 0);
      child_free (c);
      got = alert_rows (killed_db, &n_got);
      g_assert_cmpuint (n_got, ==, n_expected);
      assert_same_rows (got, expected);
      /* The sources being read at the kill were read again, alone, and are
       * neither marked nor skipped now. */
      g_assert_cmpint (count_where (killed_db, "sources", "reader != 0 OR interrupted != 0"), ==,
                       0);
      {
        /* The lock files of readers that have ended are cleared at a start. */
        g_autofree char *readers = g_strconcat (killed_db, "-readers", NULL);
        g_autoptr (VigilStore) store = vigil_store_new (killed_db, &error);
        g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
        g_autoptr (GDir) d = g_dir_open (readers, 0, NULL);
        g_assert_no_error (error);
        g_assert_null (d ? g_dir_read_name (d) : NULL);
      }
    }
  g_assert_cmpuint (kills, >=, 2);
}

/* Two processes ingesting into one database at once (the window and
 * vigil-cli watch): every article stored once, every alert recorded. */
static void
test_two_writers (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-two-XXXXXX");
  g_autofree char *all = write_opml (dir, "all.opml", 0, GEN_FEEDS);
  /* Overlapping halves: feeds 16-23 are read by both. */
  g_autofree char *first = write_opml (dir, "first.opml", 0, GEN_FEEDS / 2 + 4);
  g_autofree char *second = write_opml (dir, "second.opml", GEN_FEEDS / 2 - 4, GEN_FEEDS);
  g_autofree char *reference_db = g_build_filename (dir, "reference.db", NULL);
  g_autofree char *shared_db = g_build_filename (dir, "shared.db", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  guint n_expected = 0, n_got = 0;

  {
    Child *c = child_spawn (dir, all, reference_db, 0);
    children_wait (&c, 1);
    g_assert_cmpint (g_subprocess_get_exit_status (c->proc), ==, 0);
    child_free (c);
  }
  expected = alert_rows (reference_db, &n_expected);
  for (int round = 0; round < 2; round++)
    {
      Child *c[2]
          = { child_spawn (dir, first, shared_db, 0), child_spawn (dir, second, shared_db, 0) };
      children_wait (c, 2);
      for (int i = 0; i < 2; i++)
        {
          g_assert_true (g_subprocess_get_if_exited (c[i]->proc));
          g_assert_cmpint (g_subprocess_get_exit_status (c[i]->proc), ==, 0);
          child_free (c[i]);
        }
    }
  got = alert_rows (shared_db, &n_got);
  g_assert_cmpuint (n_got, ==, n_expected);
  assert_same_rows (got, expected);
}

/* A reader token: one whose reader has ended (no lock file), or one held by
 * a reader that is alive (its file locked, as a running Vigil holds it). */
static gint64
dead_reader (void)
{
  return 4242424242;
}

static int
live_reader (const char *db, gint64 token)
{
  g_autofree char *dir = g_strconcat (db, "-readers", NULL);
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, token);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  return fd;
}

static void
set_reader (const char *db, gint64 source, gint64 token)
{
  sqlite3 *conn = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE sources SET reader = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT,
                                          token, source);
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (conn);
}

static void
refresh_all_and_wait (VigilMonitor *m)
{
  gboolean done = FALSE;
  gulong id = g_signal_connect (m, "refresh-finished", G_CALLBACK (on_finished), &done);
  vigil_monitor_refresh_all (m);
  vigil_test_wait_for_flag (&done);
  g_signal_handler_disconnect (m, id);
}

/* A source that an earlier run was reading when it died: said so, read again
 * alone first; if it dies alone too, skipped until the desk refreshes it. */
static void
test_interrupted_reads (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-monitor-net-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  gint64 suspect = add (store, "/gen/1"), other = add (store, "/gen/2");
  g_autofree char *suspect_path = g_strdup ("/gen/1");
  guint before;

  /* Died while reading it beside others: suspected, read again. */
  set_reader (path, suspect, dead_reader ());
  {
    g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
    g_autoptr (VigilSource) s = vigil_store_get_source (store, suspect, NULL);
    g_autoptr (VigilSource) o = vigil_store_get_source (store, other, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (s->interrupted, ==, 1);
    g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_ERROR);
    g_assert_nonnull (strstr (s->error, "will be read again"));
    g_assert_cmpuint (o->interrupted, ==, 0);
    vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
    refresh_all_and_wait (m);
  }
  {
    g_autoptr (VigilSource) s = vigil_store_get_source (store, suspect, NULL);
    g_assert_cmpuint (s->interrupted, ==, 0);
    g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_OK);
    g_assert_cmpint (vigil_store_count_articles (store, suspect), ==, GEN_ITEMS);
    g_assert_cmpint (vigil_store_count_articles (store, other), ==, GEN_ITEMS);
  }

  /* Died while reading it alone: skipped by refreshes, not by the desk. */
  set_reader (path, suspect, -dead_reader ());
  {
    g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
    g_autoptr (VigilSource) s = vigil_store_get_source (store, suspect, NULL);
    Wait w;
    g_assert_cmpuint (s->interrupted, ==, VIGIL_SOURCE_QUARANTINED);
    g_assert_nonnull (strstr (s->error, "skipped until you refresh it"));
    vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
    before = GPOINTER_TO_UINT (g_hash_table_lookup (hits, suspect_path));
    refresh_all_and_wait (m);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (hits, suspect_path)), ==, before);
    {
      g_autoptr (VigilSource) again = refresh (m, suspect, &w);
      g_assert_no_error (w.error);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (hits, suspect_path)), ==,
                        before + 1);
      g_assert_cmpuint (again->interrupted, ==, 0);
      g_assert_cmpint (again->status, ==, VIGIL_SOURCE_STATUS_OK);
    }
  }
  /* A live reader (another process reading now) is left alone. */
  {
    int fd = live_reader (path, 777);
    set_reader (path, other, 777);
    {
      g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
      g_autoptr (VigilSource) o = vigil_store_get_source (store, other, NULL);
      g_assert_cmpuint (o->interrupted, ==, 0);
    }
    /* ... until it ends. */
    close (fd);
    {
      g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
      g_autoptr (VigilSource) o = vigil_store_get_source (store, other, NULL);
      g_assert_cmpuint (o->interrupted, ==, 1);
    }
  }
}

static void
on_alert_count (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, guint *count)
{
  (*count)++;
}

static gboolean
two_alerts (gpointer count)
{
  return *(guint *) count >= 2;
}

/* Articles stored without an alert evaluation (another program, an older
 * Vigil) are judged at the first refresh, once, whichever process gets there. */
static void
test_unevaluated_backlog (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = new_store ();
  gint64 src = vigil_store_add_source (store, "https://backlog.example.test/feed", "Backlog", NULL,
                                       NULL, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  guint alerts = 0;

  for (guint i = 0; i < 3; i++)
    {
      VigilArticle *a = vigil_article_new ();
      a->guid = g_strdup_printf ("b%u", i);
      a->title = g_strdup (i < 2 ? "Gunmen kidnapped two engineers near Kirkuk"
                                 : "The council approved a new budget for parks");
      a->summary = g_strdup_printf ("<p>%s, officials said (%u).</p>", a->title, i);
      g_ptr_array_add (batch, a);
    }
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_cmpint (vigil_store_count_alerts (store, NULL), ==, 0);
  for (int round = 0; round < 2; round++)
    {
      g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
      g_signal_connect (m, "alert", G_CALLBACK (on_alert_count), &alerts);
      vigil_store_edit_source (store, src, "Backlog", NULL, 0, FALSE, NULL);
      {
        /* Nothing to fetch: the source is not due. */
        g_autoptr (VigilSource) s = vigil_store_get_source (store, src, NULL);
        s->next_attempt = G_MAXINT64 / 2;
        vigil_store_update_source (store, s, NULL);
      }
      vigil_monitor_refresh_due (m);
      g_assert_true (vigil_test_wait_until (two_alerts, &alerts, VIGIL_TEST_WAIT_SECONDS));
      /* (what would come after them: a fixed wait, there being no event that
       * says the backlog's evaluation found nothing) */
      for (int i = 0; i < 50; i++)
        g_main_context_iteration (NULL, FALSE), g_usleep (1000);
      /* Two articles name a kidnapping: alerted in the first round only. */
      g_assert_cmpuint (alerts, ==, 2);
      g_assert_cmpint (vigil_store_count_alerts (store, NULL), ==, 2);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupServer) server = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server = vigil_test_server_new (handler, NULL, &base);
  port = vigil_test_server_get_port (server);
  for (guint n = 2; n <= 8; n++)
    {
      g_autofree char *ip = g_strdup_printf ("127.0.0.%u", n);
      g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string (ip, port);
      g_assert_true (soup_server_listen (server, address, 0, &error));
    }

  g_test_add_func ("/monitor-net/schedule", test_schedule);
  g_test_add_func ("/monitor-net/abusive-sources", test_abusive_sources);
  g_test_add_func ("/monitor-net/add-source", test_add_source);
  g_test_add_func ("/monitor-net/add-source-hostile", test_add_source_hostile);
  g_test_add_func ("/monitor-net/rule-webhook", test_rule_webhook);
  g_test_add_func ("/monitor-net/kill-during-ingest", test_kill_during_ingest);
  g_test_add_func ("/monitor-net/two-writers", test_two_writers);
  g_test_add_func ("/monitor-net/interrupted-reads", test_interrupted_reads);
  g_test_add_func ("/monitor-net/unevaluated-backlog", test_unevaluated_backlog);
  ret = g_test_run ();
  g_free (base);
  g_hash_table_unref (hits);
  g_free (hook_body);
  return ret;
}
