/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The monitor's stories: one alert per story from many outlets, aggregators'
 * outlets, stories kept across a restart. */
#include <glib/gstdio.h>

#include "vigil-monitor.h"
#include "vigil-monitor-private.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"
#include "test-monitor-common.h"

static void
test_one_alert_per_story (void)
{
  g_auto (StoryRun) r = STORY_RUN_INIT;

  /* One wire story, carried by five outlets with small edits. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *guid = g_strdup_printf ("outlet%u-story", i);
      g_ptr_array_add (
          r.bodies,
          rss (guid, "Kidnappers seize aid worker near Sinjar",
               i % 2 ? "Gunmen kidnapped an aid worker near Sinjar on Tuesday, the United Nations "
                       "said, "
                       "calling for his release. UNICEF suspended field visits."
                     : "Gunmen kidnapped an aid worker near Sinjar on Tuesday, the United Nations "
                       "said, calling for his immediate release. UNICEF suspended field visits in "
                       "the district."));
    }
  story_run_start (&r, "vigil-story-XXXXXX");
  refresh_counting (r.monitor, &r.c);

  g_assert_cmpint (vigil_store_count_articles (r.store, 0), ==, 5);
  g_assert_cmpuint (r.c.new_alerts, ==, 1);              /* one alert for the story… */
  g_assert_cmpuint (r.c.updates, ==, 4);                 /* …updated by the four other outlets */
  g_assert_cmpuint (r.c.max_reports, ==, 5);             /* "now reported by 5 sources" */
  g_assert_cmpuint (g_hash_table_size (r.c.ids), ==, 1); /* one notification, replaced */
  g_assert_cmpint (vigil_store_count_alerts (r.store, "new"), ==, 1);
  g_assert_cmpint (vigil_store_count_alerts (r.store, "update"), ==, 4);
}

/* An aggregator's items (Google News) name their outlet twice: in <source>
 * and at the end of the title ("… - Reuters"). The outlet is kept as the
 * item's origin and cut from the stored title, so that the same event from
 * two outlets reads as one story and the list can say who wrote it. */
static void
test_aggregator_outlets (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S +0000");
  g_autoptr (GDateTime) then = g_date_time_add_days (now, -40);
  g_autofree char *old_date = g_date_time_format (then, "%a, %d %b %Y %H:%M:%S +0000");
  g_autoptr (GPtrArray) articles = NULL;
  g_auto (StoryRun) r = STORY_RUN_INIT;
  gint64 cluster[4] = { 0, 0, 0, 0 };

  g_ptr_array_add (
      r.bodies,
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
  story_run_start (&r, "vigil-outlets-XXXXXX");
  refresh_counting (r.monitor, &r.c);

  articles = vigil_store_list_articles (r.store, 0, NULL);
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
  g_autoptr (VigilStore) store = store_in (dir);
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/monitor/one-alert-per-story", test_one_alert_per_story);
  g_test_add_func ("/monitor/aggregator-outlets", test_aggregator_outlets);
  g_test_add_func ("/monitor/stories-after-restart", test_stories_after_restart);
  return g_test_run ();
}
