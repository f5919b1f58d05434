/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole pipeline on the bundled demo sources: seed, refresh, store, alerts;
 * refreshing twice adds no duplicates and raises no second alert; a bad source,
 * analysis once, deep nesting, a huge item, full content. */
#include <glib/gstdio.h>

#include "vigil-monitor.h"
#include "vigil-monitor-private.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"
#include "test-monitor-common.h"

typedef struct
{
  GMainLoop *loop;
  guint alerts;
  GPtrArray *alert_titles;
  guint added;
  guint backlog;         /* articles that matched rules but were not news */
  guint backlog_stories; /* the stories they are in */
} Counter;

static void
on_backlog (VigilMonitor *m, guint n, guint n_stories, Counter *c)
{
  g_assert_cmpuint (n_stories, >=, 1);
  g_assert_cmpuint (n_stories, <=, n);
  c->backlog += n;
  c->backlog_stories += n_stories;
}

static void
on_alert (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, Counter *c)
{
  c->alerts++;
  g_assert_cmpint (article->id, >, 0);
  g_assert_cmpuint (matches->len, >, 0);
  g_ptr_array_add (c->alert_titles, g_strdup (article->title));
}

static void
on_added (VigilMonitor *m, gint64 source_id, guint n, Counter *c)
{
  c->added += n;
}

/* A store and its monitor in a new directory, with the path of a local feed
 * file (feed, at uri) for a source to read. */
typedef struct
{
  char *dir;
  char *feed;
  char *uri;
  VigilStore *store;
  VigilMonitor *monitor;
  VigilSource *source; /* local_feed_source() */
  gint64 id;           /* the source's */
} LocalFeed;

static LocalFeed
local_feed_open (void)
{
  LocalFeed l = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  l.dir = vigil_test_make_tmp_dir ("vigil-monitor-XXXXXX");
  path = g_build_filename (l.dir, "vigil.db", NULL);
  l.feed = g_build_filename (l.dir, "feed.xml", NULL);
  l.uri = g_filename_to_uri (l.feed, NULL, NULL);
  l.store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  l.monitor = vigil_monitor_new (l.store, &error);
  g_assert_no_error (error);
  return l;
}

static void
local_feed_clear (LocalFeed *l)
{
  g_clear_object (&l->source);
  g_clear_object (&l->monitor);
  g_clear_object (&l->store);
  g_clear_pointer (&l->uri, g_free);
  g_clear_pointer (&l->feed, g_free);
  g_clear_pointer (&l->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LocalFeed, local_feed_clear)

/* The local feed written with body and added as the source "Local" (watched
 * for an hour if watched), as the store reads it back: l->source, whose id is
 * l->id. */
static void
local_feed_source (LocalFeed *l, const char *body, gboolean watched)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (l->feed, body, -1, NULL));
  l->id = vigil_store_add_source (l->store, l->uri, "Local", NULL, NULL, &error);
  g_assert_no_error (error);
  if (watched)
    watched_for_an_hour (l->store, l->id);
  l->source = vigil_store_get_source (l->store, l->id, &error);
  g_assert_no_error (error);
}

static void
test_demo_pipeline (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (LocalFeed) l = local_feed_open ();
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  Counter c = { g_main_loop_new (NULL, FALSE), 0, g_ptr_array_new_with_free_func (g_free), 0, 0 };

  g_assert_no_error (error);
  g_assert_true (vigil_monitor_seed (l.monitor, FALSE, &error));
  g_assert_false (vigil_monitor_seed (l.monitor, FALSE, &error)); /* only on first start */
  g_assert_cmpint (vigil_store_count_sources (l.store), ==, 3);
  g_signal_connect (l.monitor, "alert", G_CALLBACK (on_alert), &c);
  g_signal_connect (l.monitor, "articles-added", G_CALLBACK (on_added), &c);
  g_signal_connect (l.monitor, "backlog-matched", G_CALLBACK (on_backlog), &c);
  g_signal_connect_swapped (l.monitor, "refresh-finished", G_CALLBACK (g_main_loop_quit), c.loop);

  vigil_monitor_refresh_all (l.monitor);
  g_main_loop_run (c.loop);
  g_assert_cmpuint (c.added, ==, 14);
  g_assert_cmpint (vigil_store_count_articles (l.store, 0), ==, 14);
  /* Demo stories are recorded as alerts (the Alerts view lists them) but
   * never notify; they are counted for one quiet summary instead. */
  g_assert_cmpuint (c.alerts, ==, 0);
  g_assert_cmpint (vigil_store_count_alerts (l.store, "new"), >=, 4);
  g_assert_cmpuint (c.backlog, >=, 4);
  /* The quiet summary counts stories as the Alerts view does: demo stories
   * carried by two sources are one. */
  g_assert_cmpint (c.backlog_stories, ==, vigil_store_count_unseen_alerts (l.store));
  g_assert_cmpuint (c.backlog_stories, <, c.backlog);

  {
    /* Finished means searchable. */
    g_autoptr (GPtrArray) hits = vigil_store_search (l.store, "drawdown", 20, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >=, 2);
    g_assert_cmpint (vigil_store_count_unindexed (l.store), ==, 0);
  }

  {
    /* Dry runs over what is stored, as the rule editor will show them. */
    VigilDryRunStats stats = { 0 };
    guint position = 0;
    g_autoptr (GPtrArray) drawdown
        = vigil_alert_dry_run (l.store, vigil_monitor_get_gazetteer (l.monitor),
                               "drawdown AND embassy", 30, NULL, &stats, &error);
    g_autoptr (GPtrArray) syria
        = vigil_alert_dry_run (l.store, vigil_monitor_get_gazetteer (l.monitor),
                               "country:SY AND drone*", 30, NULL, NULL, &error);
    g_autoptr (GPtrArray) critical
        = vigil_alert_dry_run (l.store, vigil_monitor_get_gazetteer (l.monitor), "level>=critical",
                               30, NULL, NULL, &error);
    g_autoptr (GError) bad_error = NULL;
    g_autoptr (GPtrArray) bad
        = vigil_alert_dry_run (l.store, vigil_monitor_get_gazetteer (l.monitor), "(drawdown", 30,
                               &position, NULL, &bad_error);
    g_assert_no_error (error);
    g_assert_cmpuint (drawdown->len, ==, 2);
    g_assert_cmpuint (stats.matched, ==, 2);
    g_assert_cmpuint (stats.stored, <, 14); /* the index ruled out the others */
    g_assert_cmpuint (syria->len, ==, 1);
    g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (syria, 0))->title, ==,
                     "Drone strike hits militia commander's car in eastern Syria");
    g_assert_cmpuint (critical->len, >=, 1);
    g_assert_null (bad);
    g_assert_nonnull (bad_error);
    g_assert_cmpuint (position, ==, 9);
  }

  sources = vigil_store_list_sources (l.store, &error);
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_OK);
      g_assert_null (s->error);
      g_assert_cmpint (s->last_fetch, >, 0);
    }

  articles = vigil_store_list_articles (l.store, 0, &error);
  {
    /* The drawdown, from the Iraq desk and rewritten by the wire, is one story;
     * no other demo article joins it. */
    gint64 a = 0, b = 0;
    for (guint i = 0; i < articles->len; i++)
      {
        VigilArticle *x = g_ptr_array_index (articles, i);
        g_assert_cmpint (x->cluster_id, >, 0);
        if (g_str_has_prefix (x->title, "US embassy in Baghdad draws down"))
          a = x->cluster_id;
        if (g_str_has_prefix (x->title, "Diplomats leave Baghdad"))
          b = x->cluster_id;
      }
    g_assert_cmpint (a, >, 0);
    g_assert_cmpint (a, ==, b);
    g_assert_cmpint (vigil_store_count_in_cluster (l.store, a), ==, 2);
    for (guint i = 0; i < articles->len; i++)
      {
        VigilArticle *x = g_ptr_array_index (articles, i);
        if (x->cluster_id != a)
          g_assert_cmpint (vigil_store_count_in_cluster (l.store, x->cluster_id), ==, 1);
      }
  }
  for (guint i = 0; i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      g_assert_nonnull (a->level);
      if (g_str_has_prefix (a->title, "US embassy in Baghdad"))
        g_assert_cmpstr (a->level, ==, "critical");
      if (g_str_has_prefix (a->title, "Mosul central library"))
        g_assert_cmpstr (a->level, ==, "low");
    }

  /* Again: nothing new, no alert. */
  c.alerts = c.added = 0;
  vigil_monitor_refresh_all (l.monitor);
  g_main_loop_run (c.loop);
  g_assert_cmpuint (c.added, ==, 0);
  g_assert_cmpuint (c.alerts, ==, 0);
  g_assert_cmpint (vigil_store_count_articles (l.store, 0), ==, 14);

  g_main_loop_unref (c.loop);
  g_ptr_array_unref (c.alert_titles);
}

static void
refreshed (GObject *obj, GAsyncResult *res, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (res);
}

/* The source refreshed once, the loop run until it ends: its error (NULL
 * when it succeeded). */
static GError *
refresh_and_wait (VigilMonitor *monitor, VigilSource *source)
{
  g_autoptr (GAsyncResult) res = NULL;
  GError *error = NULL;

  vigil_monitor_refresh_source_async (monitor, source, NULL, refreshed, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  vigil_monitor_refresh_source_finish (monitor, res, &error);
  return error;
}

/* The source refreshed once, successfully. */
static void
refresh_ok (VigilMonitor *monitor, VigilSource *source)
{
  g_autoptr (GError) error = refresh_and_wait (monitor, source);

  g_assert_no_error (error);
}

static void
test_bad_source_keeps_articles (void)
{
  g_auto (LocalFeed) l = local_feed_open ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) after = NULL;
  GError *refresh_error = NULL;
  const char *good = "<rss "
                     "version=\"2.0\"><channel><title>T</title><item><guid>1</guid><title>Kept</"
                     "title></item></channel></rss>";

  local_feed_source (&l, good, FALSE);

  refresh_ok (l.monitor, l.source);
  g_assert_cmpint (vigil_store_count_articles (l.store, l.id), ==, 1);

  /* The feed turns into garbage: a clear error on the source, nothing lost. */
  g_assert_true (g_file_set_contents (l.feed, "<html><body>Gateway error</body></html>", -1, NULL));
  refresh_error = refresh_and_wait (l.monitor, l.source);
  g_assert_nonnull (refresh_error);
  g_assert_nonnull (strstr (refresh_error->message, "Not a feed"));
  g_clear_error (&refresh_error);
  after = vigil_store_get_source (l.store, l.id, &error);
  g_assert_cmpint (after->status, ==, VIGIL_SOURCE_STATUS_ERROR);
  g_assert_nonnull (strstr (after->error, "Not a feed"));
  g_assert_cmpint (vigil_store_count_articles (l.store, l.id), ==, 1);
}

/* articles-added names the articles it announces (vigil_monitor_get_added):
 * those that came, not the source's newest (an item dated before the ones
 * stored is not among those; the window fetched the full text of the newest). */
typedef struct
{
  guint n;
  GArray *ids;
} Added;

static void
on_added_ids (VigilMonitor *m, gint64 source_id, guint n, Added *a)
{
  guint n_ids = 0;
  const gint64 *ids = vigil_monitor_get_added (m, &n_ids);

  g_assert_cmpuint (n_ids, ==, n);
  a->n += n;
  g_array_append_vals (a->ids, ids, n_ids);
}

static void
test_added_ids (void)
{
  g_auto (LocalFeed) l = local_feed_open ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) newest = NULL;
  g_autoptr (VigilArticle) old = NULL;
  Added a = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  GError *refresh_error = NULL;
  guint n_ids = 7;
  const char *first = "<rss version=\"2.0\"><channel><title>T</title>"
                      "<item><guid>new</guid><title>Recent report</title>"
                      "<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>";
  const char *second = "<rss version=\"2.0\"><channel><title>T</title>"
                       "<item><guid>new</guid><title>Recent report</title>"
                       "<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>"
                       "<item><guid>old</guid><title>Archive report</title>"
                       "<pubDate>Sat, 01 Jan 2000 10:00:00 GMT</pubDate></item>"
                       "</channel></rss>";

  g_signal_connect (l.monitor, "articles-added", G_CALLBACK (on_added_ids), &a);
  local_feed_source (&l, first, FALSE);
  refresh_error = refresh_and_wait (l.monitor, l.source);
  g_clear_error (&refresh_error);
  g_assert_cmpuint (a.n, ==, 1);
  g_array_set_size (a.ids, 0);

  g_assert_true (g_file_set_contents (l.feed, second, -1, NULL));
  refresh_error = refresh_and_wait (l.monitor, l.source);
  g_clear_error (&refresh_error);
  g_assert_cmpuint (a.n, ==, 2);
  g_assert_cmpuint (a.ids->len, ==, 1);
  old = vigil_store_get_article (l.store, g_array_index (a.ids, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old->title, ==, "Archive report");
  /* The source's newest article is the one stored before. */
  newest = vigil_store_list_articles_page (l.store, l.id, 0, 1, &error);
  g_assert_cmpuint (newest->len, ==, 1);
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (newest, 0))->title, ==, "Recent report");
  /* Outside the signal: none. */
  g_assert_null (vigil_monitor_get_added (l.monitor, &n_ids));
  g_assert_cmpuint (n_ids, ==, 0);
  g_array_unref (a.ids);
}

/* A feed cut off in the middle (a truncated download, a publisher's crash) is
 * read as far as it goes, and the source says so: its status is not an error
 * (the items read are stored) but it carries a note that the last feed was
 * damaged and partly recovered, until a clean feed comes. */
static void
test_recovered_feed_noted (void)
{
  g_auto (LocalFeed) l = local_feed_open ();
  g_autoptr (GError) error = NULL;
  const char *cut = "<rss version=\"2.0\"><channel><title>T</title>"
                    "<item><guid>1</guid><title>First report</title></item>"
                    "<item><guid>2</guid><title>Second report</title></item>"
                    "<item><guid>3</guid><title>Third rep";
  const char *clean = "<rss version=\"2.0\"><channel><title>T</title>"
                      "<item><guid>1</guid><title>First report</title></item>"
                      "<item><guid>2</guid><title>Second report</title></item>"
                      "<item><guid>3</guid><title>Third report</title></item></channel></rss>";

  local_feed_source (&l, cut, FALSE);

  refresh_ok (l.monitor, l.source);
  g_assert_cmpint (vigil_store_count_articles (l.store, l.id), >=, 2);
  {
    g_autoptr (VigilSource) after = vigil_store_get_source (l.store, l.id, &error);
    g_assert_cmpint (after->status, ==, VIGIL_SOURCE_STATUS_OK);
    g_assert_nonnull (after->error);
    g_assert_nonnull (strstr (after->error, "damaged"));
    g_assert_nonnull (strstr (after->error, "partly recovered"));
  }

  /* The publisher mends the feed: the note goes. */
  g_assert_true (g_file_set_contents (l.feed, clean, -1, NULL));
  refresh_ok (l.monitor, l.source);
  {
    g_autoptr (VigilSource) after = vigil_store_get_source (l.store, l.id, &error);
    g_assert_cmpint (after->status, ==, VIGIL_SOURCE_STATUS_OK);
    g_assert_null (after->error);
  }
  g_assert_cmpint (vigil_store_count_articles (l.store, l.id), ==, 3);
}

/* Each new article is analysed once on its way in: the story grouping and
 * the alert rules use that one analysis. Articles already stored are not
 * analysed again when their feed brings them back. */
static void
test_analysed_once (void)
{
  ThrottleFixture f = { 0 };
  Counter c = { 0 };

  throttle_setup (&f, KIDNAP_RULE);
  g_signal_connect (f.monitor, "articles-added", G_CALLBACK (on_added), &c);
  g_assert_cmpuint (vigil_monitor_get_analysis_count (f.monitor), ==, 0);
  publish (&f, "Engineer abducted", 3);
  g_assert_cmpuint (c.added, ==, 3);
  g_assert_cmpuint (vigil_monitor_get_analysis_count (f.monitor), ==, 3);
  g_assert_cmpuint (alerts_of (&f, "Kidnapping"), ==, 1); /* judged, on that analysis */
  /* The three again, and two new ones. */
  publish_after (&f, 0, "Engineer abducted", 2);
  g_assert_cmpuint (c.added, ==, 5);
  g_assert_cmpuint (vigil_monitor_get_analysis_count (f.monitor), ==, 5);
  /* Nothing new. */
  publish_after (&f, 0, "Engineer abducted", 0);
  g_assert_cmpuint (c.added, ==, 5);
  g_assert_cmpuint (vigil_monitor_get_analysis_count (f.monitor), ==, 5);
  g_assert_cmpint (vigil_store_count_alerts (f.store, "new"), ==, 5);
  throttle_teardown (&f);
}

/* One local feed through the whole pipeline; the articles stored, with their
 * bodies, and the titles of the articles that alerted. */
static GPtrArray *
ingest_one_feed (const char *body, GPtrArray *alert_titles)
{
  g_auto (LocalFeed) l = local_feed_open ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) headers = NULL;
  GPtrArray *articles = g_ptr_array_new_with_free_func (g_object_unref);
  Counter c = { g_main_loop_new (NULL, FALSE), 0, alert_titles, 0, 0 };

  local_feed_source (&l, body, TRUE);
  g_signal_connect (l.monitor, "alert", G_CALLBACK (on_alert), &c);
  refresh_ok (l.monitor, l.source);
  headers = vigil_store_list_articles (l.store, l.id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < headers->len; i++)
    {
      VigilArticle *h = g_ptr_array_index (headers, i);
      g_ptr_array_add (articles, vigil_store_get_article (l.store, h->id, &error));
      g_assert_no_error (error);
    }
  g_main_loop_unref (c.loop);
  local_feed_clear (&l);
  return articles;
}

/* A publisher nests 300 inline elements around an alarming sentence: it is
 * still scored, and the shipped "drawdown or evacuation" rule still alerts. */
static void
test_deep_nesting_alerts (void)
{
  g_autoptr (GString) body = g_string_new (
      "<rss version=\"2.0\"><channel><title>T</title><item><guid>deep</guid>"
      "<title>Council meeting</title><description><![CDATA[<p>The council met.</p><p>");
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) articles = NULL;
  VigilArticle *a;

  vigil_test_append_repeated (body, "<span>", 300);
  g_string_append (body, "The embassy in Baghdad ordered a drawdown of its staff.");
  vigil_test_append_repeated (body, "</span>", 300);
  g_string_append (body, "</p>]]></description></item></channel></rss>");
  articles = ingest_one_feed (body->str, titles);
  g_assert_cmpuint (articles->len, ==, 1);
  a = g_ptr_array_index (articles, 0);
  g_assert_nonnull (strstr (a->content ? a->content : a->summary, "ordered a drawdown"));
  g_assert_nonnull (strstr (a->annotations, "\"term\":\"drawdown\""));
  g_assert_cmpint (a->score, >=, 8); /* "drawdown" alone; "The council met." scores 0 */
  g_assert_cmpuint (titles->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "Council meeting");
}

/* A 15 MB item: stored shortened, its annotations bounded, memory linear (the
 * test runs in the unit suite's time and memory; it took 2.8 GB before). */
static void
test_huge_item (void)
{
  g_autofree char *seed
      = vigil_test_read_file (NULL, "fuzz", "corpus", "highlight", "seed-embassy.txt", NULL);
  g_autofree char *escaped = NULL;
  g_autoptr (GString) body
      = g_string_new ("<rss version=\"2.0\"><channel><title>T</title><item><guid>huge</guid>"
                      "<title>A very long report</title><description>");
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) articles = NULL;
  VigilArticle *a;
  gint64 start = g_get_monotonic_time ();

  {
    g_autofree char *para = g_strdup_printf ("<p>%s</p>", seed);
    escaped = g_markup_escape_text (para, -1);
  }
  while (body->len < 15 * 1024 * 1024)
    g_string_append (body, escaped);
  g_string_append (body, "</description></item></channel></rss>");
  articles = ingest_one_feed (body->str, titles);
  g_test_message ("15 MB item ingested in %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (articles->len, ==, 1);
  a = g_ptr_array_index (articles, 0);
  /* Stored shortened, and said so. */
  g_assert_cmpuint (strlen (a->summary), <=, 1024 * 1024 + 1024);
  g_assert_cmpuint (strlen (a->summary), >=, 1000 * 1000);
  g_assert_true (g_str_has_suffix (a->summary, VIGIL_ARTICLE_SHORTENED_MARK));
  g_test_message ("stored: %zu bytes of HTML, %zu bytes of annotations", strlen (a->summary),
                  strlen (a->annotations));
  /* Its annotations: at most a few hundred kilobytes (107 MB before). */
  g_assert_cmpuint (strlen (a->annotations), <, 1024 * 1024);
  g_assert_nonnull (strstr (a->annotations, "\"shortened\":true"));
  g_assert_cmpint (a->score, >=, 40);
}

static void
full_content_done (GObject *obj, GAsyncResult *res, gpointer data)
{
  GAsyncResult **out = data;
  *out = g_object_ref (res);
}

/* Reader mode: a full article handed to the monitor is stored with the
 * analysis made of it, and the rules judge its text (a word the summary
 * lacks matches); the alert is recorded once however often it is handed
 * over; it notifies nobody when the desk asked for the full article (it is
 * reading it), and is news when the full article was fetched as its article
 * arrived. */
static VigilArticle *
set_full_content (VigilMonitor *monitor, gint64 id, const char *html, gboolean notify,
                  GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vigil_monitor_set_full_content_async (monitor, id, html, notify, NULL, full_content_done,
                                        &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return vigil_monitor_set_full_content_finish (monitor, result, error);
}

static void
test_full_content (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (LocalFeed) l = local_feed_open ();
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (VigilArticle) full = NULL;
  g_autoptr (VigilArticle) again = NULL;
  g_autoptr (VigilArticle) summary_only = NULL;
  Counter c = { NULL, 0, g_ptr_array_new_with_free_func (g_free), 0, 0 };
  const char *html = "<p>Three people were killed when rockets struck the camp run by the "
                     "Zephyrwatch convoy near Erbil.</p>";
  VigilArticle *a = vigil_article_new ();
  gint64 src;
  guint mine = 0;

  g_assert_no_error (error);
  g_assert_true (vigil_alert_engine_add_rule (vigil_monitor_get_alert_engine (l.monitor),
                                              "Full only", VIGIL_SEVERITY_HIGH, "zephyrwatch",
                                              &error));
  g_signal_connect (l.monitor, "alert", G_CALLBACK (on_alert), &c);
  src = vigil_store_add_source (l.store, "https://full.example.test/feed", "Wire", NULL, NULL,
                                &error);
  a->guid = g_strdup ("full-1");
  a->title = g_strdup ("Convoy stopped");
  a->link = g_strdup ("https://full.example.test/convoy");
  a->summary = g_strdup ("<p>A convoy was stopped.</p>");
  vigil_monitor_analyze_article (l.monitor, a);
  g_ptr_array_add (batch, a);
  g_assert_true (vigil_store_ingest (l.store, src, batch, NULL, &error));
  g_assert_no_error (error);
  summary_only = vigil_store_get_article (l.store, a->id, &error);

  full = set_full_content (l.monitor, a->id, html, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (full);
  g_assert_cmpstr (full->full_content, ==, html);
  again = vigil_store_get_article (l.store, a->id, &error);
  g_assert_cmpstr (again->full_content, ==, html);
  g_assert_cmpstr (again->summary, ==, "<p>A convoy was stopped.</p>");
  /* Analysed on the full text: deaths and rockets raise the score. */
  g_test_message ("score %d (%s) -> %d (%s)", summary_only->score, summary_only->level,
                  again->score, again->level);
  g_assert_cmpint (again->score, >, summary_only->score);
  g_assert_nonnull (strstr (again->annotations, "Erbil"));
  alerts = vigil_store_list_story_alerts (l.store, a->id, &error);
  for (guint i = 0; i < alerts->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (alerts, i);
      if (g_str_equal (r->rule, "Full only"))
        {
          mine++;
          g_assert_cmpstr (r->matched, ==, "Zephyrwatch");
        }
    }
  g_assert_cmpuint (mine, ==, 1);
  g_assert_cmpuint (c.alerts, ==, 0); /* recorded, not notified */

  /* Handed over again: no second alert. */
  g_clear_object (&full);
  full = set_full_content (l.monitor, a->id, html, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = vigil_store_list_story_alerts (l.store, a->id, &error);
  mine = 0;
  for (guint i = 0; i < alerts->len; i++)
    mine += g_str_equal (((VigilAlertRecord *) g_ptr_array_index (alerts, i))->rule, "Full only");
  g_assert_cmpuint (mine, ==, 1);

  /* Fetched as its article arrived (a source set to "automatically",
   * watched for an hour): its alert is news, notified once. */
  watched_for_an_hour (l.store, src);
  {
    g_autoptr (GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
    VigilArticle *b = vigil_article_new ();

    b->guid = g_strdup ("full-2");
    b->title = g_strdup ("Port strike");
    b->link = g_strdup ("https://full.example.test/port");
    b->summary = g_strdup ("<p>Dock workers walked out.</p>");
    b->published = g_date_time_new_now_utc ();
    vigil_monitor_analyze_article (l.monitor, b);
    g_ptr_array_add (more, b);
    g_assert_true (vigil_store_ingest (l.store, src, more, NULL, &error));
    g_clear_object (&full);
    full = set_full_content (l.monitor, b->id, "<p>The Zephyrwatch union walked out.</p>", TRUE,
                             &error);
    g_assert_no_error (error);
    g_assert_cmpuint (c.alerts, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (c.alert_titles, 0), ==, "Port strike");
    g_clear_object (&full);
    full = set_full_content (l.monitor, b->id, "<p>The Zephyrwatch union walked out.</p>", TRUE,
                             &error);
    g_assert_cmpuint (c.alerts, ==, 1); /* recorded before: not again */
  }

  /* An article that is not stored. */
  g_clear_object (&full);
  full = set_full_content (l.monitor, 424242, html, FALSE, &error);
  g_assert_null (full);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY);
  g_ptr_array_unref (c.alert_titles);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/monitor/demo-pipeline", test_demo_pipeline);
  g_test_add_func ("/monitor/bad-source-keeps-articles", test_bad_source_keeps_articles);
  g_test_add_func ("/monitor/recovered-feed-noted", test_recovered_feed_noted);
  g_test_add_func ("/monitor/analysed-once", test_analysed_once);
  g_test_add_func ("/monitor/added-ids", test_added_ids);
  g_test_add_func ("/monitor/deep-nesting-alerts", test_deep_nesting_alerts);
  g_test_add_func ("/monitor/huge-item", test_huge_item);
  g_test_add_func ("/monitor/full-content", test_full_content);
  return g_test_run ();
}
