/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The monitor's throttle, with a clock the test moves: its window, a budget per
 * rule, the count reset, a rule's scope. */
#include <glib/gstdio.h>

#include "vigil-monitor.h"
#include "vigil-monitor-private.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"
#include "test-monitor-common.h"

static void
test_throttle (void)
{
  g_auto (StoryRun) r = STORY_RUN_INIT;
  const char *places[] = { "Kirkuk", "Tikrit", "Samarra", "Ramadi", "Najaf" };

  /* Five different kidnappings: five stories of one rule. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *guid = g_strdup_printf ("k%u", i);
      g_autofree char *title = g_strdup_printf ("Engineer abducted in %s", places[i]);
      g_autofree char *text = g_strdup_printf (
          "Unknown men abducted a %s engineer on day %u of the month.", places[i], i + 3);
      g_ptr_array_add (r.bodies, rss (guid, title, text));
    }
  story_run_start (&r, "vigil-throttle-XXXXXX");
  vigil_monitor_set_throttle (r.monitor, 2, 10);
  refresh_counting (r.monitor, &r.c);

  g_assert_cmpuint (r.c.new_alerts, ==, 2);
  g_assert_cmpuint (r.c.suppressed, ==, 3); /* "3 more matches for “Kidnapping”" */
  g_assert_cmpuint (r.c.summaries, >=, 1);
  g_assert_cmpint (vigil_store_count_alerts (r.store, "new"), ==, 5); /* all recorded */
}

/* A rule of the desk's own: only the Iraq folder's sources, at most one
 * notification in ten minutes (the monitor's default allows five). */
static void
test_rule_scope_and_throttle (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-scope-XXXXXX");
  g_autoptr (VigilStore) store = store_in (dir);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (VigilAlertEngine) parsed = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) rules = NULL;
  const char *places[] = { "Kirkuk", "Tikrit", "Samarra", "Raqqa", "Deir ez-Zor" };
  const char *rules_text = "Kidnapping in Iraq\thigh\tabduct* OR kidnap*\tfolders=Iraq\t"
                           "throttle=1/10\n";
  g_auto (StoryCounter) c = STORY_COUNTER_INIT;

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
  refresh_counting (monitor, &c);

  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 5);
  /* The three Iraq stories are recorded, the Syrian ones are out of scope… */
  g_assert_cmpint (vigil_store_count_alerts (store, "new"), ==, 3);
  /* …and the rule's own limit lets one through and folds the others. */
  g_assert_cmpuint (c.new_alerts, ==, 1);
  g_assert_cmpuint (c.suppressed, ==, 2);
}

/* throttle_setup(), and the desk's limit (one in ten minutes) when desk_limit. */
static void
setup_with_limit (ThrottleFixture *f, const char *rules_text, gboolean desk_limit)
{
  throttle_setup (f, rules_text);
  if (desk_limit)
    vigil_monitor_set_throttle (f->monitor, 1, 10);
}

/* The window is counted in minutes: a minute later the rule is still at its
 * limit; eleven minutes later it notifies again. For a rule with its own
 * limit (throttle=1/10) and for one with the desk's (set_throttle). */
static void
check_throttle_window (const char *rules_text, gboolean desk_limit)
{
  ThrottleFixture f = { 0 };

  setup_with_limit (&f, rules_text, desk_limit);
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

  setup_with_limit (&f, rules_text, desk_limit);
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/monitor/throttle", test_throttle);
  g_test_add_func ("/monitor/rule-scope-and-throttle", test_rule_scope_and_throttle);
  g_test_add_func ("/monitor/throttle-window", test_throttle_window);
  g_test_add_func ("/monitor/throttle-default-window", test_throttle_default_window);
  g_test_add_func ("/monitor/throttle-per-rule", test_throttle_per_rule);
  g_test_add_func ("/monitor/throttle-default-per-rule", test_throttle_default_per_rule);
  g_test_add_func ("/monitor/throttle-reset", test_throttle_reset);
  return g_test_run ();
}
