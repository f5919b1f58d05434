/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitor-common.h: what the monitor tests share (test-monitor,
 * test-monitor-stories, test-monitor-throttle): a source watched for an hour,
 * a monitor over feeds with its story alerts and summaries counted, an RSS text. */
#pragma once

#include <glib/gstdio.h>

#include "vigil-monitor.h"
#include "vigil-monitor-private.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"

/* The desk has watched the source for an hour: what it publishes now is
 * news (the first read of a source finds only what was there before). */
static inline void
watched_for_an_hour (VigilStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, &error);

  g_assert_no_error (error);
  s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_true (vigil_store_update_source (store, s, &error));
  g_assert_no_error (error);
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

static inline void
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

static inline void
on_summary (VigilMonitor *m, const char *rule, guint count, StoryCounter *c)
{
  c->summaries++;
  c->suppressed = count;
}

/* A new store in dir (its vigil.db). */
static inline VigilStore *
store_in (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  VigilStore *store = vigil_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Lets the counter's loop and notification ids go (g_auto (StoryCounter)). */
static inline void
story_counter_clear (StoryCounter *c)
{
  g_clear_pointer (&c->ids, g_hash_table_unref);
  g_clear_pointer (&c->loop, g_main_loop_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoryCounter, story_counter_clear)

/* Refreshes every source of monitor and waits for it to finish, counting its
 * alerts and summaries into c. */
static inline void
refresh_counting (VigilMonitor *monitor, StoryCounter *c)
{
  g_signal_connect (monitor, "alert", G_CALLBACK (on_story_alert), c);
  g_signal_connect (monitor, "alert-summary", G_CALLBACK (on_summary), c);
  g_signal_connect_swapped (monitor, "refresh-finished", G_CALLBACK (g_main_loop_quit), c->loop);
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (c->loop);
}

static inline VigilMonitor *
monitor_with_feeds (const char *dir, GPtrArray *bodies, VigilStore **out_store)
{
  g_autoptr (GError) error = NULL;
  VigilStore *store = store_in (dir);
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

/* A run of the monitor over feeds in a new directory: their bodies (added
 * before story_run_start()), the store and the monitor it makes, what the
 * monitor's refresh counted (refresh_counting()). */
typedef struct
{
  GPtrArray *bodies;
  VigilStore *store;
  VigilMonitor *monitor;
  StoryCounter c;
} StoryRun;

#define STORY_RUN_INIT                                                                             \
  {                                                                                                \
    g_ptr_array_new_with_free_func (g_free), NULL, NULL, STORY_COUNTER_INIT                        \
  }

static inline void
story_run_start (StoryRun *r, const char *dir_template)
{
  g_autofree char *dir = vigil_test_make_tmp_dir (dir_template);

  r->monitor = monitor_with_feeds (dir, r->bodies, &r->store);
}

static inline void
story_run_clear (StoryRun *r)
{
  story_counter_clear (&r->c);
  g_clear_object (&r->monitor);
  g_clear_object (&r->store);
  g_clear_pointer (&r->bodies, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoryRun, story_run_clear)

static inline char *
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

static inline gint64
fake_clock (gpointer data)
{
  return ((ThrottleFixture *) data)->now;
}

static inline void
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

static inline void
on_throttled_summary (VigilMonitor *m, const char *rule, guint count, ThrottleFixture *f)
{
  g_hash_table_replace (f->summaries, g_strdup (rule), GUINT_TO_POINTER (count));
}

/* A monitor with one watched local feed, the given rules only, and the fake clock. */
static inline void
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
  g_signal_connect_swapped (f->monitor, "refresh-finished", G_CALLBACK (g_main_loop_quit), f->loop);
}

static inline void
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
static inline void
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
static inline void
publish (ThrottleFixture *f, const char *kind, guint n)
{
  publish_after (f, f->next_item, kind, n);
}

static inline guint
alerts_of (ThrottleFixture *f, const char *rule)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->alerts, rule));
}

static inline guint
summary_of (ThrottleFixture *f, const char *rule)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->summaries, rule));
}

#define KIDNAP_RULE "Kidnapping\thigh\tabduct*\tthrottle=1/10\n"
#define ROCKET_RULE "Rockets\thigh\trocket*\tthrottle=1/10\n"
