/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A rule saved in the editor is judged on the articles stored before it: its
 * view lists them (quiet alerts), and nothing is notified, posted to its
 * webhook or taken from its throttle budget. An edited query drops the quiet
 * alerts it no longer matches. Feeds and the webhook on a SoupServer on
 * 127.0.0.1. */
#include <libsoup/soup.h>

#include "vigil-monitor.h"
#include "vigil-test-utils.h"

#define RULE "Desalination"

static char *base;
static char *feed;      /* what /feed serves */
static guint posts;     /* webhook posts received */
static char *hook_body; /* the last one */

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  if (g_str_equal (path, "/hook"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
      g_free (hook_body);
      hook_body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      posts++;
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  vigil_test_serve_feed (msg, g_str_equal (path, "/feed") ? feed : NULL);
}

/* Three stories published before the desk watched the source, then, with_new,
 * one published now. */
static void
serve (gboolean with_new)
{
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>Water desk</title>");

  vigil_test_append_rss_item (
      xml, "basra", "Desalination plant shut in Basra",
      "The desalination plant of Basra was shut for repairs, the water board said.", 3);
  vigil_test_append_rss_item (xml, "protest", "Water board meets in Najaf",
                              "The water board of Najaf met to discuss the summer supply.", 2.5);
  vigil_test_append_rss_item (xml, "oman", "Desalination talks resume in Oman",
                              "Talks on a regional desalination project resumed in Muscat, Oman.",
                              2);
  if (with_new)
    vigil_test_append_rss_item (xml, "attack", "Gunmen attack desalination plant in Basra",
                                "Gunmen attacked the desalination plant of Basra overnight.", 0);
  g_string_append (xml, "</channel></rss>");
  g_free (feed);
  feed = g_string_free (xml, FALSE);
}

typedef struct
{
  guint alerts;     /* the "alert" signal: what the application notifies */
  guint summaries;  /* "alert-summary": a throttled rule's notification */
  char *backfilled; /* the rule of the last rule-backfilled */
  guint matched;
  GPtrArray *alert_rules; /* the rules named by "alert" */
} Seen;

static void
on_alert (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, Seen *seen)
{
  seen->alerts++;
  for (guint i = 0; i < matches->len; i++)
    g_ptr_array_add (seen->alert_rules,
                     g_strdup (((VigilAlertMatch *) g_ptr_array_index (matches, i))->rule->name));
}

static void
on_summary (VigilMonitor *m, const char *rule, guint count, Seen *seen)
{
  seen->summaries++;
}

static void
on_backfilled (VigilMonitor *m, const char *rule, guint matched, Seen *seen)
{
  g_free (seen->backfilled);
  seen->backfilled = g_strdup (rule);
  seen->matched = matched;
}

static void
refresh (VigilMonitor *m, gint64 id)
{
  VigilStore *store = vigil_monitor_get_store (m);
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, NULL);
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;

  vigil_monitor_refresh_source_async (m, s, NULL, vigil_test_async_ready, &res);
  res = vigil_test_wait_result (&res);
  vigil_monitor_refresh_source_finish (m, res, &error);
  g_assert_no_error (error);
}

/* Saves the rules in force with RULE (query) in place of the one there, and
 * waits until its stored matches are recorded. */
static void
save_rule (VigilMonitor *m, const char *query, Seen *seen)
{
  g_autoptr (GPtrArray) rules = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (m));
  g_autoptr (GError) error = NULL;
  g_autofree char *hook = g_strconcat (base, "/hook", NULL);
  VigilAlertRule *rule = vigil_alert_rule_new (RULE, VIGIL_SEVERITY_HIGH, query, NULL, &error);

  g_assert_no_error (error);
  rule->throttle_count = 1; /* one notification in ten minutes */
  rule->throttle_minutes = 10;
  rule->webhook_url = g_strdup (hook);
  for (guint i = 0; i < rules->len; i++)
    if (g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, RULE))
      g_ptr_array_remove_index (rules, i);
  g_ptr_array_add (rules, rule);
  g_clear_pointer (&seen->backfilled, g_free);
  g_assert_true (vigil_monitor_save_rules (m, rules, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_test_wait_until (vigil_test_pointer_is_set, &seen->backfilled,
                                        VIGIL_TEST_WAIT_SECONDS));
  g_assert_cmpstr (seen->backfilled, ==, RULE);
}

/* The titles of a view (newest first), joined by "|". */
static char *
view_titles (VigilStore *store, gint64 view, const char *rule)
{
  VigilArticleFilter filter = { 0 };
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  filter.rule = rule;
  list = vigil_store_list_articles_page_filtered (store, view, &filter, 0, 100, NULL);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "%s%s", i ? "|" : "",
                            ((VigilArticle *) g_ptr_array_index (list, i))->title);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
hook_posted (gpointer data)
{
  return posts > 0;
}

static guint
rule_count (VigilStore *store)
{
  g_autoptr (GHashTable) counts = vigil_store_count_alerts_by_rule (store);
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, RULE));
}

static gint64
find_article (VigilStore *store, const char *title)
{
  g_autoptr (GPtrArray) all = vigil_store_list_articles (store, VIGIL_VIEW_ALL, NULL);

  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (((VigilArticle *) g_ptr_array_index (all, i))->title, title))
      return ((VigilArticle *) g_ptr_array_index (all, i))->id;
  g_assert_not_reached ();
}

static void
test_new_rule_lists_stored_matches (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_test_make_tmp_path ("vigil-backfill-XXXXXX", "vigil.db");
  g_autofree char *url = g_strconcat (base, "/feed", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) m = NULL;
  Seen seen = { 0 };
  gint64 id;

  g_assert_no_error (error);
  m = vigil_monitor_new (store, &error);
  g_assert_no_error (error);
  seen.alert_rules = g_ptr_array_new_with_free_func (g_free);
  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
  g_signal_connect (m, "alert", G_CALLBACK (on_alert), &seen);
  g_signal_connect (m, "alert-summary", G_CALLBACK (on_summary), &seen);
  g_signal_connect (m, "rule-backfilled", G_CALLBACK (on_backfilled), &seen);

  /* Stored while the desk has no rule for them; one of them (Oman) not in
   * the full-text index yet. */
  id = vigil_store_add_source (store, url, "Water desk", NULL, NULL, &error);
  g_assert_no_error (error);
  {
    /* watched for an hour: what is published from now on is news */
    g_autoptr (VigilSource) s = vigil_store_get_source (store, id, NULL);
    s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 3600;
    g_assert_true (vigil_store_update_source (store, s, NULL));
  }
  serve (FALSE);
  refresh (m, id);
  g_assert_cmpint (vigil_store_count_articles (store, id), ==, 3);
  g_assert_cmpint (vigil_store_index_pending_batch (store, 2, NULL), ==, 2);
  g_assert_cmpuint (rule_count (store), ==, 0);

  /* The new rule: its view lists the two stored matches at once. */
  save_rule (m, "desalination", &seen);
  g_assert_cmpuint (seen.matched, ==, 2);
  {
    g_autofree char *listed = view_titles (store, VIGIL_VIEW_ALERTS, RULE);
    g_autofree char *alerts = view_titles (store, VIGIL_VIEW_ALERTS, NULL);
    g_assert_cmpstr (listed, ==,
                     "Desalination talks resume in Oman|Desalination plant shut in Basra");
    /* never news: not among the alerts the desk is told of */
    g_assert_null (strstr (alerts, "Desalination"));
  }
  g_assert_cmpuint (rule_count (store), ==, 2);
  g_assert_cmpint (vigil_store_count_alerts (store, "quiet"), ==, 2);
  g_assert_cmpint (vigil_store_count_unseen_alerts (store), ==, 0);
  {
    g_autoptr (GPtrArray) records = vigil_store_list_story_alerts (
        store, find_article (store, "Desalination plant shut in Basra"), NULL);
    g_assert_cmpuint (records->len, ==, 1);
    g_assert_cmpstr (((VigilAlertRecord *) g_ptr_array_index (records, 0))->state, ==, "quiet");
    g_assert_cmpstr (((VigilAlertRecord *) g_ptr_array_index (records, 0))->matched, ==,
                     "Desalination");
  }
  /* Nothing told: no notification, no summary. */
  g_assert_cmpuint (seen.alerts, ==, 0);
  g_assert_cmpuint (seen.summaries, ==, 0);

  /* A new report now: notified, though the rule may notify once in ten
   * minutes (the quiet matches used none of it), and posted once. */
  serve (TRUE);
  refresh (m, id);
  g_assert_cmpuint (seen.alerts, ==, 1);
  g_assert_true (g_ptr_array_find_with_equal_func (seen.alert_rules, RULE, g_str_equal, NULL));
  g_assert_cmpuint (seen.summaries, ==, 0);
  g_assert_true (vigil_test_wait_until (hook_posted, NULL, VIGIL_TEST_WAIT_SECONDS));
  g_assert_cmpuint (posts, ==, 1); /* the backfill posted nothing before it */
  g_assert_nonnull (strstr (hook_body, "Gunmen attack desalination plant in Basra"));
  g_assert_cmpuint (rule_count (store), ==, 3);
  g_assert_cmpint (vigil_store_count_unseen_alerts (store), ==, 1);

  /* The query edited: the quiet match it no longer holds leaves the view;
   * the one it still holds stays, with the words it matches now; the alert
   * the desk was told of stays (it was news then). */
  save_rule (m, "desalination AND Oman", &seen);
  g_assert_cmpuint (seen.matched, ==, 1);
  {
    g_autofree char *listed = view_titles (store, VIGIL_VIEW_ALERTS, RULE);
    g_autoptr (GPtrArray) records = vigil_store_list_story_alerts (
        store, find_article (store, "Desalination talks resume in Oman"), NULL);
    g_assert_cmpstr (listed, ==,
                     "Gunmen attack desalination plant in Basra|Desalination talks resume in Oman");
    g_assert_nonnull (
        strstr (((VigilAlertRecord *) g_ptr_array_index (records, 0))->matched, "Oman"));
  }
  g_assert_cmpint (vigil_store_count_alerts (store, "quiet"), ==, 1);

  /* A quiet match the desk dismissed stays dismissed when the rule is
   * edited again. */
  {
    gint64 oman = find_article (store, "Desalination talks resume in Oman");
    g_autoptr (VigilAlertUndo) undo = vigil_store_dismiss_alerts (store, &oman, 1, &error);
    g_assert_no_error (error);
  }
  save_rule (m, "desalination", &seen);
  g_assert_cmpuint (seen.matched, ==, 3); /* the dismissed and the notified ones too */
  {
    g_autofree char *listed = view_titles (store, VIGIL_VIEW_ALERTS, RULE);
    g_assert_cmpstr (listed, ==,
                     "Gunmen attack desalination plant in Basra|Desalination plant shut in Basra");
  }
  g_assert_cmpuint (seen.alerts, ==, 1);
  g_assert_cmpuint (seen.summaries, ==, 0);
  g_assert_cmpuint (posts, ==, 1);

  g_ptr_array_unref (seen.alert_rules);
  g_free (seen.backfilled);
}

/* An article stored before it was judged (a sync stores first) that a new
 * rule's backfill lists quietly is still news when it is judged: the live
 * alert takes the quiet one's place and is said (reviewer's case). */
static void
test_quiet_then_judged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-backfill-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (GPtrArray) unjudged = NULL;
  g_autoptr (GPtrArray) per_article
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  VigilArticle *a = vigil_article_new ();
  VigilStoryAlert *live = vigil_story_alert_new (RULE, "desalination");
  GPtrArray *alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_story_alert_free);
  gint64 src, id;

  g_assert_no_error (error);
  src = vigil_store_add_source (store, "https://x.invalid/feed", "X", NULL, NULL, &error);
  g_assert_no_error (error);
  a->guid = g_strdup ("g1");
  a->title = g_strdup ("Desalination plant attacked");
  a->published = g_date_time_new_now_utc ();
  g_ptr_array_add (batch, a);
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  id = ((VigilArticle *) g_ptr_array_index (added, 0))->id;
  g_array_append_val (ids, id);
  g_assert_true (vigil_store_record_quiet_alerts (store, RULE, ids, NULL, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_count_alerts (store, "quiet"), ==, 1);

  unjudged = vigil_store_list_unevaluated (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unjudged->len, ==, 1);
  g_ptr_array_add (alerts, live);
  g_ptr_array_add (per_article, alerts);
  g_assert_true (vigil_store_record_evaluation (store, unjudged, per_article, &error));
  g_assert_no_error (error);
  g_assert_true (live->inserted);
  g_assert_cmpint (vigil_store_count_alerts (store, "quiet"), ==, 0);
  g_assert_cmpint (vigil_store_count_alerts (store, "new"), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_autoptr (SoupServer) server = NULL;
  g_autofree char *xdg = vigil_test_set_xdg_dirs ();

  g_test_init (&argc, &argv, NULL);
  server = vigil_test_server_new (handler, NULL, &base);
  g_test_add_func ("/backfill/new-rule-lists-stored-matches", test_new_rule_lists_stored_matches);
  g_test_add_func ("/backfill/quiet-then-judged", test_quiet_then_judged);
  return g_test_run ();
}
