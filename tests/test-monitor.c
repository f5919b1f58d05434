/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole pipeline on the bundled demo sources: seed, refresh, store, alerts;
 * refreshing twice adds no duplicates and raises no second alert. */
#include <glib/gstdio.h>

#include "vigil-monitor.h"
#include "vigil-monitor-private.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"

typedef struct
{
  GMainLoop *loop;
  guint alerts;
  GPtrArray *alert_titles;
  guint added;
  guint backlog;         /* articles that matched rules but were not news */
  guint backlog_stories; /* the stories they are in */
} Counter;

/* The desk has watched the source for an hour: what it publishes now is
 * news (the first read of a source finds only what was there before). */
static void
watched_for_an_hour (VigilStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, &error);

  g_assert_no_error (error);
  s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_true (vigil_store_update_source (store, s, &error));
  g_assert_no_error (error);
}

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

static void
on_finished (VigilMonitor *m, Counter *c)
{
  g_main_loop_quit (c->loop);
}

static void
test_demo_pipeline (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-monitor-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  Counter c = { g_main_loop_new (NULL, FALSE), 0, g_ptr_array_new_with_free_func (g_free), 0, 0 };

  g_assert_no_error (error);
  g_assert_true (vigil_monitor_seed (monitor, FALSE, &error));
  g_assert_false (vigil_monitor_seed (monitor, FALSE, &error)); /* only on first start */
  g_assert_cmpint (vigil_store_count_sources (store), ==, 3);
  g_signal_connect (monitor, "alert", G_CALLBACK (on_alert), &c);
  g_signal_connect (monitor, "articles-added", G_CALLBACK (on_added), &c);
  g_signal_connect (monitor, "backlog-matched", G_CALLBACK (on_backlog), &c);
  g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_finished), &c);

  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (c.loop);
  g_assert_cmpuint (c.added, ==, 14);
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 14);
  /* Demo stories are recorded as alerts (the Alerts view lists them) but
   * never notify; they are counted for one quiet summary instead. */
  g_assert_cmpuint (c.alerts, ==, 0);
  g_assert_cmpint (vigil_store_count_alerts (store, "new"), >=, 4);
  g_assert_cmpuint (c.backlog, >=, 4);
  /* The quiet summary counts stories as the Alerts view does: demo stories
   * carried by two sources are one. */
  g_assert_cmpint (c.backlog_stories, ==, vigil_store_count_unseen_alerts (store));
  g_assert_cmpuint (c.backlog_stories, <, c.backlog);

  {
    /* Finished means searchable. */
    g_autoptr (GPtrArray) hits = vigil_store_search (store, "drawdown", 20, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >=, 2);
    g_assert_cmpint (vigil_store_count_unindexed (store), ==, 0);
  }

  {
    /* Dry runs over what is stored, as the rule editor will show them. */
    VigilDryRunStats stats = { 0 };
    guint position = 0;
    g_autoptr (GPtrArray) drawdown
        = vigil_alert_dry_run (store, vigil_monitor_get_gazetteer (monitor), "drawdown AND embassy",
                               30, NULL, &stats, &error);
    g_autoptr (GPtrArray) syria
        = vigil_alert_dry_run (store, vigil_monitor_get_gazetteer (monitor),
                               "country:SY AND drone*", 30, NULL, NULL, &error);
    g_autoptr (GPtrArray) critical = vigil_alert_dry_run (
        store, vigil_monitor_get_gazetteer (monitor), "level>=critical", 30, NULL, NULL, &error);
    g_autoptr (GError) bad_error = NULL;
    g_autoptr (GPtrArray) bad = vigil_alert_dry_run (store, vigil_monitor_get_gazetteer (monitor),
                                                     "(drawdown", 30, &position, NULL, &bad_error);
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

  sources = vigil_store_list_sources (store, &error);
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_OK);
      g_assert_null (s->error);
      g_assert_cmpint (s->last_fetch, >, 0);
    }

  articles = vigil_store_list_articles (store, 0, &error);
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
    g_assert_cmpint (vigil_store_count_in_cluster (store, a), ==, 2);
    for (guint i = 0; i < articles->len; i++)
      {
        VigilArticle *x = g_ptr_array_index (articles, i);
        if (x->cluster_id != a)
          g_assert_cmpint (vigil_store_count_in_cluster (store, x->cluster_id), ==, 1);
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
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (c.loop);
  g_assert_cmpuint (c.added, ==, 0);
  g_assert_cmpuint (c.alerts, ==, 0);
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 14);

  g_main_loop_unref (c.loop);
  g_ptr_array_unref (c.alert_titles);
}

static void
refreshed (GObject *obj, GAsyncResult *res, gpointer data)
{
  GError **out = data;
  vigil_monitor_refresh_source_finish (VIGIL_MONITOR (obj), res, out);
  if (*out == NULL)
    g_set_error_literal (out, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected success");
}

static void
test_bad_source_keeps_articles (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-monitor-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *feed = g_build_filename (dir, "feed.xml", NULL);
  g_autofree char *uri = g_filename_to_uri (feed, NULL, NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (VigilSource) source = NULL;
  g_autoptr (VigilSource) after = NULL;
  GError *refresh_error = NULL;
  gint64 id;
  const char *good = "<rss "
                     "version=\"2.0\"><channel><title>T</title><item><guid>1</guid><title>Kept</"
                     "title></item></channel></rss>";

  g_assert_true (g_file_set_contents (feed, good, -1, NULL));
  id = vigil_store_add_source (store, uri, "Local", NULL, NULL, &error);
  source = vigil_store_get_source (store, id, &error);

  vigil_monitor_refresh_source_async (monitor, source, NULL, refreshed, &refresh_error);
  while (refresh_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (refresh_error->message, ==, "unexpected success");
  g_clear_error (&refresh_error);
  g_assert_cmpint (vigil_store_count_articles (store, id), ==, 1);

  /* The feed turns into garbage: a clear error on the source, nothing lost. */
  g_assert_true (g_file_set_contents (feed, "<html><body>Gateway error</body></html>", -1, NULL));
  vigil_monitor_refresh_source_async (monitor, source, NULL, refreshed, &refresh_error);
  while (refresh_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (refresh_error->message, "Not a feed"));
  g_clear_error (&refresh_error);
  after = vigil_store_get_source (store, id, &error);
  g_assert_cmpint (after->status, ==, VIGIL_SOURCE_STATUS_ERROR);
  g_assert_nonnull (strstr (after->error, "Not a feed"));
  g_assert_cmpint (vigil_store_count_articles (store, id), ==, 1);
}

typedef struct
{
  GMainLoop *loop;
  guint new_alerts, updates, max_reports;
  GHashTable *ids; /* notification ids the app would use */
  guint summaries, suppressed;
} StoryCounter;

#define STORY_COUNTER_INIT                                                                         \
  {                                                                                                \
    g_main_loop_new (NULL, FALSE), 0, 0, 0,                                                        \
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0, 0                        \
  }

static void
on_story_alert (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, StoryCounter *c)
{
  for (guint i = 0; i < matches->len; i++)
    {
      VigilAlertMatch *match = g_ptr_array_index (matches, i);
      if (match->story_update)
        c->updates++;
      else
        c->new_alerts++;
      c->max_reports = MAX (c->max_reports, match->story_reports);
    }
  g_hash_table_add (c->ids, vigil_notifier_id (article));
}

static void
on_summary (VigilMonitor *m, const char *rule, guint count, StoryCounter *c)
{
  c->summaries++;
  c->suppressed = count;
}

static void
on_story_finished (VigilMonitor *m, StoryCounter *c)
{
  g_main_loop_quit (c->loop);
}

static VigilMonitor *
monitor_with_feeds (const char *dir, GPtrArray *bodies, VigilStore **out_store)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  VigilStore *store = vigil_store_new (path, &error);
  VigilMonitor *monitor = vigil_monitor_new (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("feed-%u.xml", i);
      g_autofree char *feed = g_build_filename (dir, name, NULL);
      g_autofree char *uri = g_filename_to_uri (feed, NULL, NULL);
      g_autofree char *title = g_strdup_printf ("Outlet %u", i);
      g_assert_true (g_file_set_contents (feed, g_ptr_array_index (bodies, i), -1, NULL));
      watched_for_an_hour (store, vigil_store_add_source (store, uri, title, NULL, NULL, &error));
    }
  *out_store = store;
  return monitor;
}

static char *
rss (const char *guid, const char *title, const char *text)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S +0000");
  return g_strdup_printf (
      "<rss version=\"2.0\"><channel><title>Feed</title><item><guid>%s</guid>"
      "<title>%s</title><pubDate>%s</pubDate><description>%s</description></item>"
      "</channel></rss>",
      guid, title, date, text);
}

static void
test_one_alert_per_story (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-story-XXXXXX");
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;
  StoryCounter c = STORY_COUNTER_INIT;

  /* One wire story, carried by five outlets with small edits. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *guid = g_strdup_printf ("outlet%u-story", i);
      g_ptr_array_add (
          bodies,
          rss (guid, "Kidnappers seize aid worker near Sinjar",
               i % 2 ? "Gunmen kidnapped an aid worker near Sinjar on Tuesday, the United Nations "
                       "said, "
                       "calling for his release. UNICEF suspended field visits."
                     : "Gunmen kidnapped an aid worker near Sinjar on Tuesday, the United Nations "
                       "said, calling for his immediate release. UNICEF suspended field visits in "
                       "the district."));
    }
  monitor = monitor_with_feeds (dir, bodies, &store);
  g_signal_connect (monitor, "alert", G_CALLBACK (on_story_alert), &c);
  g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_story_finished), &c);
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (c.loop);

  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 5);
  g_assert_cmpuint (c.new_alerts, ==, 1);              /* one alert for the story… */
  g_assert_cmpuint (c.updates, ==, 4);                 /* …updated by the four other outlets */
  g_assert_cmpuint (c.max_reports, ==, 5);             /* "now reported by 5 sources" */
  g_assert_cmpuint (g_hash_table_size (c.ids), ==, 1); /* one notification, replaced */
  g_assert_cmpint (vigil_store_count_alerts (store, "new"), ==, 1);
  g_assert_cmpint (vigil_store_count_alerts (store, "update"), ==, 4);
  g_hash_table_unref (c.ids);
  g_main_loop_unref (c.loop);
}

/* An aggregator's items (Google News) name their outlet twice: in <source>
 * and at the end of the title ("… - Reuters"). The outlet is kept as the
 * item's origin and cut from the stored title, so that the same event from
 * two outlets reads as one story and the list can say who wrote it. */
static void
test_aggregator_outlets (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-outlets-XXXXXX");
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S +0000");
  g_autoptr (GDateTime) then = g_date_time_add_days (now, -40);
  g_autofree char *old_date = g_date_time_format (then, "%a, %d %b %Y %H:%M:%S +0000");
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  StoryCounter c = STORY_COUNTER_INIT;
  gint64 cluster[4] = { 0, 0, 0, 0 };

  g_ptr_array_add (
      bodies,
      g_strdup_printf (
          "<rss version=\"2.0\"><channel><title>Google News</title>"
          "<item><guid>g1</guid><title>Rockets hit Ain al-Asad air base in Anbar - Reuters</title>"
          "<pubDate>%s</pubDate><source url=\"https://www.reuters.com\">Reuters</source>"
          "<description>Three rockets struck Ain al-Asad air base in Anbar province on "
          "Tuesday, injuring two contractors, Iraqi security officials said.</description></item>"
          "<item><guid>g2</guid><title>Rockets hit Ain al-Asad air base in Anbar \u2013 "
          "Al Jazeera English</title><pubDate>%s</pubDate>"
          "<source url=\"https://www.aljazeera.com\">Al Jazeera English</source>"
          "<description>Three rockets struck Ain al-Asad air base in western Anbar province on "
          "Tuesday, injuring two contractors, according to Iraqi security officials."
          "</description></item>"
          "<item><guid>g3</guid><title>Flooding cuts roads in Dhi Qar - Reuters</title>"
          "<pubDate>%s</pubDate><source url=\"https://www.reuters.com\">Reuters</source>"
          "<description>Heavy rain flooded roads around Nasiriyah in Dhi Qar province on "
          "Tuesday, the civil defence said.</description></item>"
          /* The same words 40 days earlier: another attack, not this story. */
          "<item><guid>g4</guid><title>Rockets hit Ain al-Asad air base in Anbar - Reuters</title>"
          "<pubDate>%s</pubDate><source url=\"https://www.reuters.com\">Reuters</source>"
          "<description>Three rockets struck Ain al-Asad air base in Anbar province on "
          "Tuesday, injuring two contractors, Iraqi security officials said.</description></item>"
          "</channel></rss>",
          date, date, date, old_date));
  monitor = monitor_with_feeds (dir, bodies, &store);
  g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_story_finished), &c);
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (c.loop);

  articles = vigil_store_list_articles (store, 0, NULL);
  g_assert_cmpuint (articles->len, ==, 4);
  for (guint i = 0; i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      guint k = g_str_equal (a->guid, "g1")   ? 0
                : g_str_equal (a->guid, "g2") ? 1
                : g_str_equal (a->guid, "g3") ? 2
                                              : 3;

      cluster[k] = a->cluster_id;
      g_assert_cmpstr (a->source_title, ==, "Outlet 0");
      g_assert_cmpstr (a->origin_title, ==, k == 1 ? "Al Jazeera English" : "Reuters");
      g_assert_cmpstr (a->title, ==,
                       k == 2 ? "Flooding cuts roads in Dhi Qar"
                              : "Rockets hit Ain al-Asad air base in Anbar");
    }
  g_assert_cmpint (cluster[0], ==, cluster[1]);
  g_assert_cmpint (cluster[2], !=, cluster[0]);
  g_assert_cmpint (cluster[3], !=, cluster[0]);
  g_hash_table_unref (c.ids);
  g_main_loop_unref (c.loop);
}

/* An RSS feed of one item read from a story fixture (first line: title). */
static char *
rss_from_fixture (const char *name)
{
  g_autofree char *text = vigil_test_read_file (NULL, "fixtures", "stories", name, NULL);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  char *newline;

  newline = strchr (text, '\n');
  g_assert_nonnull (newline);
  title = g_markup_escape_text (text, newline - text);
  body = g_markup_escape_text (newline + 1, -1);
  return rss (name, title, body);
}

static void
add_watched_feed (VigilStore *store, const char *dir, const char *name, const char *xml)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *feed = g_build_filename (dir, name, NULL);
  g_autofree char *uri = g_filename_to_uri (feed, NULL, NULL);

  g_assert_true (g_file_set_contents (feed, xml, -1, NULL));
  watched_for_an_hour (store, vigil_store_add_source (store, uri, name, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
refresh_and_wait (VigilMonitor *monitor)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gulong id
      = g_signal_connect_swapped (monitor, "refresh-finished", G_CALLBACK (g_main_loop_quit), loop);

  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (loop);
  g_signal_handler_disconnect (monitor, id);
}

static gint64
cluster_of (VigilStore *store, const char *title_start)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) articles = vigil_store_list_articles (store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      if (g_str_has_prefix (a->title, title_start))
        return a->cluster_id;
    }
  g_assert_not_reached ();
}

/* A watched feed for each of these fixtures, read by a monitor started for
 * them (as the app would be). */
static void
read_reports (VigilStore *store, const char *dir, const char *const *names, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *xml = rss_from_fixture (names[i]);
      add_watched_feed (store, dir, names[i], xml);
    }
  monitor = vigil_monitor_new (store, &error);
  g_assert_no_error (error);
  refresh_and_wait (monitor);
}

/* Stories the app found before a restart are judged afterwards on the same
 * evidence as before it (the stored analysis), not on shared names alone: the
 * second report of the Rupganj fire joins the first, and a drone attack on an
 * Erbil refinery stays apart from the rocket attack on Erbil airport. */
static void
test_stories_after_restart (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-restart-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  const char *before[] = { "t-s16a.txt", "t-s01a.txt" };
  const char *after[] = { "t-s16b.txt", "t-d01a.txt" };

  g_assert_no_error (error);
  read_reports (store, dir, before, G_N_ELEMENTS (before));
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 2);

  /* The app starts again; two more reports arrive. */
  read_reports (store, dir, after, G_N_ELEMENTS (after));
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 4);

  g_assert_cmpint (cluster_of (store, "Bangladesh factory fire"), >, 0);
  g_assert_cmpint (cluster_of (store, "Workers trapped behind locked door"), ==,
                   cluster_of (store, "Bangladesh factory fire"));
  g_assert_cmpint (cluster_of (store, "Drone attack sets fire"), !=,
                   cluster_of (store, "Rockets fall near Erbil"));
  g_assert_cmpint (
      vigil_store_count_in_cluster (store, cluster_of (store, "Rockets fall near Erbil")), ==, 1);
}

static void
test_throttle (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-throttle-XXXXXX");
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;
  StoryCounter c = STORY_COUNTER_INIT;
  const char *places[] = { "Kirkuk", "Tikrit", "Samarra", "Ramadi", "Najaf" };

  /* Five different kidnappings: five stories of one rule. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *guid = g_strdup_printf ("k%u", i);
      g_autofree char *title = g_strdup_printf ("Engineer abducted in %s", places[i]);
      g_autofree char *text = g_strdup_printf (
          "Unknown men abducted a %s engineer on day %u of the month.", places[i], i + 3);
      g_ptr_array_add (bodies, rss (guid, title, text));
    }
  monitor = monitor_with_feeds (dir, bodies, &store);
  vigil_monitor_set_throttle (monitor, 2, 10);
  g_signal_connect (monitor, "alert", G_CALLBACK (on_story_alert), &c);
  g_signal_connect (monitor, "alert-summary", G_CALLBACK (on_summary), &c);
  g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_story_finished), &c);
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (c.loop);

  g_assert_cmpuint (c.new_alerts, ==, 2);
  g_assert_cmpuint (c.suppressed, ==, 3); /* "3 more matches for “Kidnapping”" */
  g_assert_cmpuint (c.summaries, >=, 1);
  g_assert_cmpint (vigil_store_count_alerts (store, "new"), ==, 5); /* all recorded */
  g_hash_table_unref (c.ids);
  g_main_loop_unref (c.loop);
}

/* A rule of the desk's own: only the Iraq folder's sources, at most one
 * notification in ten minutes (the monitor's default allows five). */
static void
test_rule_scope_and_throttle (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-scope-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (db, &error);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (VigilAlertEngine) parsed = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) rules = NULL;
  const char *places[] = { "Kirkuk", "Tikrit", "Samarra", "Raqqa", "Deir ez-Zor" };
  const char *rules_text = "Kidnapping in Iraq\thigh\tabduct* OR kidnap*\tfolders=Iraq\t"
                           "throttle=1/10\n";
  StoryCounter c = STORY_COUNTER_INIT;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *name = g_strdup_printf ("feed-%u.xml", i);
      g_autofree char *feed = g_build_filename (dir, name, NULL);
      g_autofree char *uri = g_filename_to_uri (feed, NULL, NULL);
      g_autofree char *guid = g_strdup_printf ("k%u", i);
      g_autofree char *title = g_strdup_printf ("Engineer abducted in %s", places[i]);
      g_autofree char *text = g_strdup_printf (
          "Unknown men abducted a %s engineer on day %u of the month.", places[i], i + 3);
      g_autofree char *body = rss (guid, title, text);
      g_assert_true (g_file_set_contents (feed, body, -1, NULL));
      watched_for_an_hour (
          store, vigil_store_add_source (store, uri, name, NULL, i < 3 ? "Iraq" : "Syria", &error));
      g_assert_no_error (error);
    }
  g_assert_true (vigil_alert_engine_load_rules (parsed, rules_text, strlen (rules_text), &error));
  g_assert_no_error (error);
  rules = vigil_alert_engine_dup_rules (parsed);
  vigil_alert_engine_set_rules (vigil_monitor_get_alert_engine (monitor), rules);
  vigil_monitor_set_throttle (monitor, 5, 10);
  g_signal_connect (monitor, "alert", G_CALLBACK (on_story_alert), &c);
  g_signal_connect (monitor, "alert-summary", G_CALLBACK (on_summary), &c);
  g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_story_finished), &c);
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (c.loop);

  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 5);
  /* The three Iraq stories are recorded, the Syrian ones are out of scope… */
  g_assert_cmpint (vigil_store_count_alerts (store, "new"), ==, 3);
  /* …and the rule's own limit lets one through and folds the others. */
  g_assert_cmpuint (c.new_alerts, ==, 1);
  g_assert_cmpuint (c.suppressed, ==, 2);
  g_hash_table_unref (c.ids);
  g_main_loop_unref (c.loop);
}

/* ---- the throttle, on a clock the test moves ---- */

typedef struct
{
  char *dir;
  VigilStore *store;
  VigilMonitor *monitor;
  gint64 now; /* µs, what the throttle's clock says */
  guint next_item;
  GHashTable *alerts;    /* rule name -> notified alerts (GUINT) */
  GHashTable *summaries; /* rule name -> the last summary's count (GUINT) */
  GMainLoop *loop;
} ThrottleFixture;

static gint64
fake_clock (gpointer data)
{
  return ((ThrottleFixture *) data)->now;
}

static void
on_throttled_alert (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, ThrottleFixture *f)
{
  for (guint i = 0; i < matches->len; i++)
    {
      VigilAlertMatch *match = g_ptr_array_index (matches, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->alerts, match->rule->name));
      g_assert_false (match->story_update); /* every item is its own story */
      g_hash_table_replace (f->alerts, g_strdup (match->rule->name), GUINT_TO_POINTER (n + 1));
    }
}

static void
on_throttled_summary (VigilMonitor *m, const char *rule, guint count, ThrottleFixture *f)
{
  g_hash_table_replace (f->summaries, g_strdup (rule), GUINT_TO_POINTER (count));
}

static void
on_throttle_finished (VigilMonitor *m, ThrottleFixture *f)
{
  g_main_loop_quit (f->loop);
}

/* A monitor with one watched local feed, the given rules only, and the fake clock. */
static void
throttle_setup (ThrottleFixture *f, const char *rules_text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (VigilAlertEngine) parsed = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) rules = NULL;

  f->dir = vigil_test_make_tmp_dir ("vigil-throttle-XXXXXX");
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "vigil.db", NULL);
  feed = g_build_filename (f->dir, "feed.xml", NULL);
  uri = g_filename_to_uri (feed, NULL, NULL);
  f->store = vigil_store_new (db, &error);
  g_assert_no_error (error);
  f->monitor = vigil_monitor_new (f->store, &error);
  g_assert_no_error (error);
  watched_for_an_hour (f->store, vigil_store_add_source (f->store, uri, "Local", NULL, NULL, NULL));
  g_assert_true (vigil_alert_engine_load_rules (parsed, rules_text, strlen (rules_text), &error));
  g_assert_no_error (error);
  rules = vigil_alert_engine_dup_rules (parsed);
  vigil_alert_engine_set_rules (vigil_monitor_get_alert_engine (f->monitor), rules);
  f->now = 1000 * G_USEC_PER_SEC;
  vigil_monitor_set_clock (f->monitor, fake_clock, f);
  f->alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (f->monitor, "alert", G_CALLBACK (on_throttled_alert), f);
  g_signal_connect (f->monitor, "alert-summary", G_CALLBACK (on_throttled_summary), f);
  g_signal_connect (f->monitor, "refresh-finished", G_CALLBACK (on_throttle_finished), f);
}

static void
throttle_teardown (ThrottleFixture *f)
{
  g_clear_object (&f->monitor);
  g_clear_object (&f->store);
  g_hash_table_unref (f->alerts);
  g_hash_table_unref (f->summaries);
  g_main_loop_unref (f->loop);
  g_free (f->dir);
}

/* The feed publishes n new items, each its own story, headlined "<kind> in
 * <town>" (kind: "Engineer abducted" or "Rockets hit base"), after the items
 * from the first-th on that it published before (0: all of them, as they
 * were; next_item: none); then one refresh. */
static void
publish_after (ThrottleFixture *f, guint first, const char *kind, guint n)
{
  static const char *const towns[] = { "Kirkuk", "Tikrit",  "Samarra", "Ramadi", "Najaf",
                                       "Basra",  "Karbala", "Hilla",   "Mosul",  "Erbil" };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S +0000");
  g_autofree char *feed = g_build_filename (f->dir, "feed.xml", NULL);
  g_autoptr (GString) xml = g_string_new ("<rss version=\"2.0\"><channel><title>Local</title>");

  g_assert_cmpuint (f->next_item + n, <=, G_N_ELEMENTS (towns));
  f->next_item += n;
  for (guint i = first; i < f->next_item; i++)
    {
      const char *town = towns[i];
      g_string_append_printf (xml,
                              "<item><guid>i%u</guid><title>%s in %s</title><pubDate>%s</pubDate>"
                              "<description>%s in %s on day %u of the month, officials in %s "
                              "said.</description></item>",
                              i, kind, town, date, kind, town, i + 3, town);
    }
  g_string_append (xml, "</channel></rss>");
  g_assert_true (g_file_set_contents (feed, xml->str, -1, NULL));
  vigil_monitor_refresh_all (f->monitor);
  g_main_loop_run (f->loop);
}

/* n new items, alone in the feed. */
static void
publish (ThrottleFixture *f, const char *kind, guint n)
{
  publish_after (f, f->next_item, kind, n);
}

static guint
alerts_of (ThrottleFixture *f, const char *rule)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->alerts, rule));
}

static guint
summary_of (ThrottleFixture *f, const char *rule)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->summaries, rule));
}

#define KIDNAP_RULE "Kidnapping\thigh\tabduct*\tthrottle=1/10\n"
#define ROCKET_RULE "Rockets\thigh\trocket*\tthrottle=1/10\n"

/* The window is counted in minutes: a minute later the rule is still at its
 * limit; eleven minutes later it notifies again. For a rule with its own
 * limit (throttle=1/10) and for one with the desk's (set_throttle). */
static void
check_throttle_window (const char *rules_text, gboolean desk_limit)
{
  ThrottleFixture f = { 0 };

  throttle_setup (&f, rules_text);
  if (desk_limit)
    vigil_monitor_set_throttle (f.monitor, 1, 10);
  publish (&f, "Engineer abducted", 1);
  g_assert_cmpuint (alerts_of (&f, "Kidnapping"), ==, 1);
  f.now += 61 * G_USEC_PER_SEC;
  publish (&f, "Engineer abducted", 1);
  g_assert_cmpuint (alerts_of (&f, "Kidnapping"), ==, 1); /* still within the ten minutes */
  g_assert_cmpuint (summary_of (&f, "Kidnapping"), ==, 1);
  f.now += 10 * 60 * G_USEC_PER_SEC;
  publish (&f, "Engineer abducted", 1);
  g_assert_cmpuint (alerts_of (&f, "Kidnapping"), ==, 2);             /* the window has passed */
  g_assert_cmpint (vigil_store_count_alerts (f.store, "new"), ==, 3); /* all recorded */
  throttle_teardown (&f);
}

static void
test_throttle_window (void)
{
  check_throttle_window (KIDNAP_RULE, FALSE);
}

static void
test_throttle_default_window (void)
{
  check_throttle_window ("Kidnapping\thigh\tabduct*\n", TRUE);
}

/* Each rule has its own budget: a rule at its limit holds back no other;
 * rules on the desk's limit (set_throttle) too. */
static void
check_throttle_per_rule (const char *rules_text, gboolean desk_limit)
{
  ThrottleFixture f = { 0 };

  throttle_setup (&f, rules_text);
  if (desk_limit)
    vigil_monitor_set_throttle (f.monitor, 1, 10);
  publish (&f, "Engineer abducted", 1);
  publish (&f, "Rockets hit base", 1);
  g_assert_cmpuint (alerts_of (&f, "Kidnapping"), ==, 1);
  g_assert_cmpuint (alerts_of (&f, "Rockets"), ==, 1);
  g_assert_cmpuint (g_hash_table_size (f.summaries), ==, 0);
  /* Both at their limits now: each folds its own. */
  publish (&f, "Rockets hit base", 2);
  g_assert_cmpuint (alerts_of (&f, "Rockets"), ==, 1);
  g_assert_cmpuint (summary_of (&f, "Rockets"), ==, 2);
  g_assert_cmpuint (summary_of (&f, "Kidnapping"), ==, 0);
  throttle_teardown (&f);
}

static void
test_throttle_per_rule (void)
{
  check_throttle_per_rule (KIDNAP_RULE ROCKET_RULE, FALSE);
}

static void
test_throttle_default_per_rule (void)
{
  check_throttle_per_rule ("Kidnapping\thigh\tabduct*\nRockets\thigh\trocket*\n", TRUE);
}

/* Once the window has passed, a summary counts only what was folded since. */
static void
test_throttle_reset (void)
{
  ThrottleFixture f = { 0 };

  throttle_setup (&f, KIDNAP_RULE);
  publish (&f, "Engineer abducted", 3);
  g_assert_cmpuint (alerts_of (&f, "Kidnapping"), ==, 1);
  g_assert_cmpuint (summary_of (&f, "Kidnapping"), ==, 2);
  f.now += 11 * 60 * G_USEC_PER_SEC;
  publish (&f, "Engineer abducted", 2);
  g_assert_cmpuint (alerts_of (&f, "Kidnapping"), ==, 2);
  g_assert_cmpuint (summary_of (&f, "Kidnapping"), ==, 1); /* not 3 */
  throttle_teardown (&f);
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
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-monitor-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *feed = g_build_filename (dir, "feed.xml", NULL);
  g_autofree char *uri = g_filename_to_uri (feed, NULL, NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (VigilSource) source = NULL;
  g_autoptr (GPtrArray) headers = NULL;
  GPtrArray *articles = g_ptr_array_new_with_free_func (g_object_unref);
  Counter c = { g_main_loop_new (NULL, FALSE), 0, alert_titles, 0, 0 };
  GError *refresh_error = NULL;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (feed, body, -1, NULL));
  id = vigil_store_add_source (store, uri, "Local", NULL, NULL, &error);
  watched_for_an_hour (store, id);
  source = vigil_store_get_source (store, id, &error);
  g_signal_connect (monitor, "alert", G_CALLBACK (on_alert), &c);
  vigil_monitor_refresh_source_async (monitor, source, NULL, refreshed, &refresh_error);
  while (refresh_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (refresh_error->message, ==, "unexpected success");
  g_clear_error (&refresh_error);
  headers = vigil_store_list_articles (store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < headers->len; i++)
    {
      VigilArticle *h = g_ptr_array_index (headers, i);
      g_ptr_array_add (articles, vigil_store_get_article (store, h->id, &error));
      g_assert_no_error (error);
    }
  g_main_loop_unref (c.loop);
  g_clear_object (&monitor);
  g_clear_object (&store);
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

  for (guint i = 0; i < 300; i++)
    g_string_append (body, "<span>");
  g_string_append (body, "The embassy in Baghdad ordered a drawdown of its staff.");
  for (guint i = 0; i < 300; i++)
    g_string_append (body, "</span>");
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
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-monitor-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
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
  g_assert_true (vigil_alert_engine_add_rule (vigil_monitor_get_alert_engine (monitor), "Full only",
                                              VIGIL_SEVERITY_HIGH, "zephyrwatch", &error));
  g_signal_connect (monitor, "alert", G_CALLBACK (on_alert), &c);
  src = vigil_store_add_source (store, "https://full.example.test/feed", "Wire", NULL, NULL,
                                &error);
  a->guid = g_strdup ("full-1");
  a->title = g_strdup ("Convoy stopped");
  a->link = g_strdup ("https://full.example.test/convoy");
  a->summary = g_strdup ("<p>A convoy was stopped.</p>");
  vigil_monitor_analyze_article (monitor, a);
  g_ptr_array_add (batch, a);
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_no_error (error);
  summary_only = vigil_store_get_article (store, a->id, &error);

  full = set_full_content (monitor, a->id, html, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (full);
  g_assert_cmpstr (full->full_content, ==, html);
  again = vigil_store_get_article (store, a->id, &error);
  g_assert_cmpstr (again->full_content, ==, html);
  g_assert_cmpstr (again->summary, ==, "<p>A convoy was stopped.</p>");
  /* Analysed on the full text: deaths and rockets raise the score. */
  g_test_message ("score %d (%s) -> %d (%s)", summary_only->score, summary_only->level,
                  again->score, again->level);
  g_assert_cmpint (again->score, >, summary_only->score);
  g_assert_nonnull (strstr (again->annotations, "Erbil"));
  alerts = vigil_store_list_story_alerts (store, a->id, &error);
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
  full = set_full_content (monitor, a->id, html, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = vigil_store_list_story_alerts (store, a->id, &error);
  mine = 0;
  for (guint i = 0; i < alerts->len; i++)
    mine += g_str_equal (((VigilAlertRecord *) g_ptr_array_index (alerts, i))->rule, "Full only");
  g_assert_cmpuint (mine, ==, 1);

  /* Fetched as its article arrived (a source set to "automatically",
   * watched for an hour): its alert is news, notified once. */
  watched_for_an_hour (store, src);
  {
    g_autoptr (GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
    VigilArticle *b = vigil_article_new ();

    b->guid = g_strdup ("full-2");
    b->title = g_strdup ("Port strike");
    b->link = g_strdup ("https://full.example.test/port");
    b->summary = g_strdup ("<p>Dock workers walked out.</p>");
    b->published = g_date_time_new_now_utc ();
    vigil_monitor_analyze_article (monitor, b);
    g_ptr_array_add (more, b);
    g_assert_true (vigil_store_ingest (store, src, more, NULL, &error));
    g_clear_object (&full);
    full = set_full_content (monitor, b->id, "<p>The Zephyrwatch union walked out.</p>", TRUE,
                             &error);
    g_assert_no_error (error);
    g_assert_cmpuint (c.alerts, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (c.alert_titles, 0), ==, "Port strike");
    g_clear_object (&full);
    full = set_full_content (monitor, b->id, "<p>The Zephyrwatch union walked out.</p>", TRUE,
                             &error);
    g_assert_cmpuint (c.alerts, ==, 1); /* recorded before: not again */
  }

  /* An article that is not stored. */
  g_clear_object (&full);
  full = set_full_content (monitor, 424242, html, FALSE, &error);
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
  g_test_add_func ("/monitor/one-alert-per-story", test_one_alert_per_story);
  g_test_add_func ("/monitor/aggregator-outlets", test_aggregator_outlets);
  g_test_add_func ("/monitor/stories-after-restart", test_stories_after_restart);
  g_test_add_func ("/monitor/throttle", test_throttle);
  g_test_add_func ("/monitor/rule-scope-and-throttle", test_rule_scope_and_throttle);
  g_test_add_func ("/monitor/throttle-window", test_throttle_window);
  g_test_add_func ("/monitor/throttle-default-window", test_throttle_default_window);
  g_test_add_func ("/monitor/throttle-per-rule", test_throttle_per_rule);
  g_test_add_func ("/monitor/throttle-default-per-rule", test_throttle_default_per_rule);
  g_test_add_func ("/monitor/throttle-reset", test_throttle_reset);
  g_test_add_func ("/monitor/analysed-once", test_analysed_once);
  g_test_add_func ("/monitor/deep-nesting-alerts", test_deep_nesting_alerts);
  g_test_add_func ("/monitor/huge-item", test_huge_item);
  g_test_add_func ("/monitor/full-content", test_full_content);
  return g_test_run ();
}
