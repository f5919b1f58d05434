/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rules and their file: rule evaluation and the notification built for an
 * alert, the shipped rules translated, a rules file with bad lines, names that
 * round-trip, a file kept or saved in place. */
#include <locale.h>
#include <string.h>
#include <time.h>
#include <utime.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-alert-engine.h"
#include "vigil-monitor.h"
#include "vigil-webhook.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"
#include "test-alerts-common.h"

static void
test_engine_and_notification (void)
{
  g_autoptr (VigilAlertEngine) engine = vigil_alert_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilArticle) a
      = article ("US embassy in Baghdad draws down diplomats after rocket attacks", "critical");
  g_autoptr (VigilArticle) calm = article ("Basra date harvest", "low");
  g_autoptr (GPtrArray) m = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GNotification) n = NULL;
  VigilAlertMatch *first;

  g_assert_true (vigil_alert_engine_load_default_rules (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_alert_engine_get_n_rules (engine), >=, 2);
  m = vigil_alert_engine_evaluate (engine, a, "A minor drawdown. Rockets hit the Green Zone.",
                                   NULL);
  g_assert_cmpuint (m->len, ==, 2);
  first = g_ptr_array_index (m, 0);
  g_assert_cmpstr (first->rule->name, ==, "Drawdown or evacuation"); /* critical sorts first */
  /* terms in the order of the query: drawdown OR "draws down" OR … */
  g_assert_cmpstr (g_ptr_array_index (first->terms, 0), ==, "drawdown");
  g_assert_cmpstr (g_ptr_array_index (first->terms, 1), ==, "draws down");
  none = vigil_alert_engine_evaluate (engine, calm, "Shares rocketed in Basra.", NULL);
  g_assert_cmpuint (none->len, ==, 0);

  n = vigil_notifier_build (a, m);
  g_assert_nonnull (n);
  g_assert_false (vigil_alert_engine_load_rules (engine, "Bad\turgent\trocket", 18, &error));
  g_assert_nonnull (error);
}

/* The rules file: options, the older columns, replacing a shipped rule by name,
 * and what the editor saves reads back the same. */
/* The shipped rules take their names in the desk's language; a rules file
 * written before in English still edits them instead of adding copies. */
static void
test_shipped_rules_translated (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (VigilAlertEngine) engine = vigil_alert_engine_new ();
      g_autoptr (GPtrArray) rules = NULL;
      g_autoptr (GPtrArray) problems
          = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
      const char *english = "Kidnapping\tcritical\tkidnap* OR abduct*\n";
      gboolean french = FALSE, edited = FALSE;

      /* French from the catalogue this build made (LANGUAGE is honoured in
       * C.UTF-8, which the tests run in). */
      g_setenv ("LANGUAGE", "fr", TRUE);
      setlocale (LC_ALL, "");
      bindtextdomain ("vigil", PO_BUILD_DIR);
      bind_textdomain_codeset ("vigil", "UTF-8");
      g_assert_true (vigil_alert_engine_load_default_rules (engine, NULL));
      vigil_alert_engine_load_rules_checked (engine, english, strlen (english), problems);
      g_assert_cmpuint (problems->len, ==, 0);
      rules = vigil_alert_engine_dup_rules (engine);
      g_assert_cmpuint (rules->len, ==, 5);
      for (guint i = 0; i < rules->len; i++)
        {
          VigilAlertRule *r = g_ptr_array_index (rules, i);
          g_test_message ("%s (%s)", r->name, r->shipped_name);
          french = french || g_str_equal (r->name, "Tirs indirects");
          edited = edited
                   || (g_str_equal (r->name, "Kidnapping") && r->severity == VIGIL_SEVERITY_CRITICAL
                       && r->shipped);
        }
      g_assert_true (french);
      g_assert_true (edited);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_rules_file (void)
{
  g_autoptr (VigilAlertEngine) engine = vigil_alert_engine_new ();
  g_autoptr (VigilAlertEngine) again = vigil_alert_engine_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GPtrArray) reread = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  const char *file
      = "# the desk's rules\n"
        "Kidnapping\tcritical\tkidnap* OR abduct*\tenabled=no\n"
        "Iraq convoys\thigh\tconvoy* NEAR/5 (attack* OR ambush*)\tfolders=Iraq|Kurdistan "
        "Region\tsources=https://a.test/feed\tthrottle=2/30\n"
        "Old style\tinfo\tcurfew\thttps://hooks.test/x\tslack\n";
  const VigilAlertRule *kidnap = NULL, *convoys = NULL, *old = NULL;
  guint shipped = 0;

  g_assert_true (vigil_alert_engine_load_default_rules (engine, &error));
  shipped = vigil_alert_engine_get_n_rules (engine);
  g_assert_true (vigil_alert_engine_load_rules (engine, file, strlen (file), &error));
  g_assert_no_error (error);
  rules = vigil_alert_engine_dup_rules (engine);
  /* "Kidnapping" is a shipped rule: replaced where it was, not added. */
  g_assert_cmpuint (rules->len, ==, shipped + 2);
  for (guint i = 0; i < rules->len; i++)
    {
      const VigilAlertRule *r = g_ptr_array_index (rules, i);
      if (g_str_equal (r->name, "Kidnapping"))
        kidnap = r;
      else if (g_str_equal (r->name, "Iraq convoys"))
        convoys = r;
      else if (g_str_equal (r->name, "Old style"))
        old = r;
    }
  g_assert_nonnull (kidnap);
  g_assert_false (kidnap->enabled);
  g_assert_true (kidnap->shipped); /* still Vigil's own: edited, not deleted */
  g_assert_cmpint (kidnap->severity, ==, VIGIL_SEVERITY_CRITICAL);
  g_assert_nonnull (convoys);
  g_assert_false (convoys->shipped);
  g_assert_cmpstrv (convoys->folders, ((const char *const[]){ "Iraq", "Kurdistan Region", NULL }));
  g_assert_cmpstrv (convoys->sources, ((const char *const[]){ "https://a.test/feed", NULL }));
  g_assert_cmpuint (convoys->throttle_count, ==, 2);
  g_assert_cmpuint (convoys->throttle_minutes, ==, 30);
  g_assert_nonnull (old);
  g_assert_cmpstr (old->webhook_url, ==, "https://hooks.test/x");
  g_assert_cmpint (old->webhook_format, ==, VIGIL_WEBHOOK_SLACK);

  /* Scope: a listed source or a source in a listed folder; nothing else. */
  g_assert_true (vigil_alert_rule_in_scope (convoys, "https://a.test/feed", NULL));
  g_assert_true (vigil_alert_rule_in_scope (convoys, "https://b.test/feed", "Kurdistan Region"));
  g_assert_false (vigil_alert_rule_in_scope (convoys, "https://b.test/feed", "Syria"));
  g_assert_false (vigil_alert_rule_in_scope (convoys, NULL, NULL));
  g_assert_true (vigil_alert_rule_in_scope (kidnap, NULL, NULL));

  /* Saved and read back: the same rules, the same text. */
  text = vigil_alert_rules_to_text (rules);
  g_assert_true (vigil_alert_engine_load_rules (again, text, strlen (text), &error));
  g_assert_no_error (error);
  reread = vigil_alert_engine_dup_rules (again);
  text2 = vigil_alert_rules_to_text (reread);
  g_assert_cmpstr (text, ==, text2);
  g_assert_cmpuint (reread->len, ==, rules->len);

  /* Mistakes are named; the rule loads without the option it cannot use. */
  {
    g_autoptr (VigilAlertEngine) bad = vigil_alert_engine_new ();
    const char *typo = "A\thigh\trocket\tthrotle=5/10\n";
    const char *range = "B\thigh\trocket\tthrottle=0/10\n";
    g_assert_false (vigil_alert_engine_load_rules (bad, typo, strlen (typo), &error));
    g_assert_nonnull (strstr (error->message, "throtle=5/10"));
    g_clear_error (&error);
    g_assert_false (vigil_alert_engine_load_rules (bad, range, strlen (range), &error));
    g_assert_nonnull (strstr (error->message, "throttle=0/10"));
    g_clear_error (&error);
    g_assert_cmpuint (vigil_alert_engine_get_n_rules (bad), ==, 2);
  }
}

static const VigilAlertRule *
find_rule (GPtrArray *rules, const char *name)
{
  for (guint i = 0; i < rules->len; i++)
    if (g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, name))
      return g_ptr_array_index (rules, i);
  return NULL;
}

/* A bad line is skipped and named; an option that is not understood is named
 * and the rule loads without it; every other rule loads. */
static void
test_rules_file_bad_lines (void)
{
  g_autoptr (VigilAlertEngine) engine = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GString) file = g_string_new ("# the desk's rules\n"
                                           "Hostage watch\thigh\thostage*\n"
                                           "Broken\turgent\trocket\n"
                                           "Webhook rule\tcritical\tkidnap*\twebhook=https://"
                                           "hooks.test/a\tformat=slack\tcolour=red\n"
                                           "Bad query\thigh\t(rocket OR\n"
                                           "Deep\thigh\t");
  g_autoptr (GError) error = NULL;
  const VigilRulesProblem *p;
  const VigilAlertRule *hook;

  for (guint i = 0; i < 30000; i++)
    g_string_append_c (file, '(');
  g_string_append (file, "rocket\n"
                         "No query\tinfo\n"
                         "\xff\xfe\tinfo\tcurfew\n"
                         "Last\tinfo\tcurfew\r\n");
  g_string_append_len (file, "Nul\tinfo\tcur\0few\n", 17);
  g_string_append (file, "Hostage watch\tinfo\thostage\n");

  g_assert_cmpuint (vigil_alert_engine_load_rules_checked (engine, file->str, file->len, problems),
                    ==, 3);
  rules = vigil_alert_engine_dup_rules (engine);
  g_assert_cmpuint (rules->len, ==, 3);
  g_assert_nonnull (find_rule (rules, "Last"));
  hook = find_rule (rules, "Webhook rule");
  g_assert_nonnull (hook);
  g_assert_cmpstr (hook->webhook_url, ==, "https://hooks.test/a");
  g_assert_cmpint (hook->webhook_format, ==, VIGIL_WEBHOOK_SLACK);
  /* the later rule of the same name replaces the earlier, as with shipped rules */
  g_assert_cmpint (find_rule (rules, "Hostage watch")->severity, ==, VIGIL_SEVERITY_INFO);

  for (guint i = 0; i < problems->len; i++)
    {
      p = g_ptr_array_index (problems, i);
      g_test_message ("line %u%s: %s", p->line, p->skipped ? " skipped" : "", p->message);
    }
  g_assert_cmpuint (problems->len, ==, 8);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_true (p->skipped);
  g_assert_nonnull (strstr (p->message, "urgent"));
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (p->line, ==, 4);
  g_assert_false (p->skipped); /* the rule loaded without the option */
  g_assert_nonnull (strstr (p->message, "colour=red"));
  p = g_ptr_array_index (problems, 2);
  g_assert_cmpuint (p->line, ==, 5);
  g_assert_true (p->skipped);
  g_assert_nonnull (strstr (p->message, "position 11"));
  p = g_ptr_array_index (problems, 3);
  g_assert_cmpuint (p->line, ==, 6);
  g_assert_true (p->skipped);
  g_assert_nonnull (strstr (p->message, "nests too deeply"));
  p = g_ptr_array_index (problems, 4);
  g_assert_cmpuint (p->line, ==, 7);
  g_assert_true (p->skipped);
  p = g_ptr_array_index (problems, 5);
  g_assert_cmpuint (p->line, ==, 8);
  g_assert_true (p->skipped);
  g_assert_nonnull (strstr (p->message, "UTF-8"));
  p = g_ptr_array_index (problems, 6);
  g_assert_cmpuint (p->line, ==, 10);
  g_assert_true (p->skipped);
  p = g_ptr_array_index (problems, 7);
  g_assert_cmpuint (p->line, ==, 11);
  g_assert_false (p->skipped);
  g_assert_nonnull (strstr (p->message, "line 2"));

  /* The older call loads as much and names the first problem. */
  {
    g_autoptr (VigilAlertEngine) again = vigil_alert_engine_new ();
    g_assert_false (vigil_alert_engine_load_rules (again, file->str, file->len, &error));
    g_assert_nonnull (strstr (error->message, "line 3"));
    g_assert_cmpuint (vigil_alert_engine_get_n_rules (again), ==, 3);
  }
}

/* Any name survives saving and reading back: a leading '#', tabs, line
 * breaks, backslashes, quotes, spaces around it. Older files, where a name is
 * written as it is, still read the same. */
static void
test_rules_file_names (void)
{
  static const char *const names[]
      = { "#1 Hostage watch", "Tab\there", "Back\\slash", "Two\nlines", "\"Quoted\"",
          " padded ",         "C:\\temp",  "\\",          "\"" };
  g_autoptr (GPtrArray) rules
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_rule_unref);
  g_autoptr (GPtrArray) problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  g_autoptr (VigilAlertEngine) engine = vigil_alert_engine_new ();
  g_autoptr (VigilAlertEngine) old = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) reread = NULL;
  g_autoptr (GPtrArray) old_rules = NULL;
  g_autofree char *text = NULL;
  const char *old_file = "C:\\temp\tinfo\tcurfew\n"
                         "\"Quoted\" rule\thigh\trocket\n"
                         "Plain name \tinfo\tcurfew\n";

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (rules,
                     vigil_alert_rule_new (names[i], VIGIL_SEVERITY_HIGH, "hostage*", NULL, NULL));
  text = vigil_alert_rules_to_text (rules);
  g_test_message ("%s", text);
  g_assert_cmpuint (vigil_alert_engine_load_rules_checked (engine, text, strlen (text), problems),
                    ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (problems->len, ==, 0);
  reread = vigil_alert_engine_dup_rules (engine);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (((VigilAlertRule *) g_ptr_array_index (reread, i))->name, ==, names[i]);

  g_assert_cmpuint (
      vigil_alert_engine_load_rules_checked (old, old_file, strlen (old_file), problems), ==, 3);
  g_assert_cmpuint (problems->len, ==, 0);
  old_rules = vigil_alert_engine_dup_rules (old);
  g_assert_nonnull (find_rule (old_rules, "C:\\temp"));
  g_assert_nonnull (find_rule (old_rules, "\"Quoted\" rule"));
  g_assert_nonnull (find_rule (old_rules, "Plain name"));
}

static char *
write_rules_file (const char *text)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "vigil", NULL);
  char *path = g_build_filename (dir, "rules.tsv", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  for (guint n = 2; n < 10; n++) /* what an earlier test saved beside it */
    {
      g_autofree char *name = g_strdup_printf ("rules-%u.tsv", n);
      g_autofree char *beside = g_build_filename (dir, name, NULL);
      g_remove (beside);
    }
  return path;
}

static gboolean
file_exists (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* A rules file that did not load completely is never saved over: the rules
 * go to rules-2.tsv beside it, and the problems are there to show. */
static void
test_rules_file_kept (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = vigil_test_make_tmp_path ("vigil-rules-XXXXXX", "v.db");
  g_autoptr (VigilStore) store = vigil_store_new (db, &error);
  const char *text = "# the desk's rules\n"
                     "Hostage watch\thigh\thostage*\n"
                     "Convoys\thigh\tconvoy*\tthrotle=5/10\n"
                     "Posted\tcritical\tkidnap*\twebhook=https://hooks.test/a\tformat=matrix\n";
  g_autofree char *path = write_rules_file (text);
  g_autofree char *config = g_path_get_dirname (path);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (GPtrArray) rules = NULL;
  g_autofree char *save_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  GPtrArray *problems;
  const VigilRulesProblem *p;
  VigilAlertRule *copy;

  g_assert_no_error (error);
  problems = vigil_monitor_get_rules_problems (monitor);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_nonnull (strstr (p->message, "throtle=5/10"));
  rules = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (monitor));
  g_assert_nonnull (find_rule (rules, "Hostage watch"));
  g_assert_nonnull (find_rule (rules, "Convoys"));
  g_assert_nonnull (find_rule (rules, "Posted"));
  save_path = vigil_monitor_dup_rules_save_path (monitor);
  g_assert_cmpstr (save_path, !=, path);
  g_assert_true (g_str_has_suffix (save_path, "/rules-2.tsv"));

  /* A rule switched off, as the Alert Rules window does. */
  for (guint i = 0; i < rules->len; i++)
    if (g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, "Hostage watch"))
      {
        copy = vigil_alert_rule_copy (g_ptr_array_index (rules, i));
        copy->enabled = FALSE;
        vigil_alert_rule_unref (g_ptr_array_index (rules, i));
        g_ptr_array_index (rules, i) = copy;
      }
  g_assert_true (vigil_monitor_save_rules (monitor, rules, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text); /* untouched */
  g_assert_true (g_file_get_contents (save_path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "Hostage watch\thigh\thostage*\tenabled=no"));
  g_assert_nonnull (strstr (saved, "webhook=https://hooks.test/a"));
  g_assert_false (file_exists (config, "rules-3.tsv"));
  /* Saving again writes the same file beside it. */
  g_assert_true (vigil_monitor_save_rules (monitor, rules, &error));
  g_assert_false (file_exists (config, "rules-3.tsv"));

  /* The next start uses the rules saved beside the file (the switch stays
   * off), still names the file's problems, and saves to the same file. */
  {
    g_autoptr (VigilMonitor) second = vigil_monitor_new (store, &error);
    g_autofree char *next = vigil_monitor_dup_rules_save_path (second);
    g_autoptr (GPtrArray) in_use
        = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (second));
    g_assert_cmpstr (next, ==, save_path);
    g_assert_false (find_rule (in_use, "Hostage watch")->enabled);
    g_assert_nonnull (find_rule (in_use, "Posted")->webhook_url);
    g_assert_cmpuint (vigil_monitor_get_rules_problems (second)->len, ==, 1);
  }
  /* A rules file edited since (newer than what was saved) is used again; a
   * file of that name that Vigil did not write is never taken for its own. */
  {
    g_autofree char *edited
        = g_strdup ("Hostage watch\thigh\thostage*\nConvoys\turgent\tconvoy*\n");
    struct utimbuf later = { time (NULL) + 60, time (NULL) + 60 };
    g_assert_true (g_file_set_contents (path, edited, -1, NULL));
    g_assert_cmpint (utime (path, &later), ==, 0);
    {
      g_autoptr (VigilMonitor) third = vigil_monitor_new (store, &error);
      g_autofree char *next = vigil_monitor_dup_rules_save_path (third);
      g_autoptr (GPtrArray) in_use
          = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (third));
      g_assert_true (find_rule (in_use, "Hostage watch")->enabled);
      g_assert_null (find_rule (in_use, "Posted"));
      g_assert_true (g_str_has_suffix (next, "/rules-3.tsv"));
    }
  }
}

/* A file that loaded whole is saved in place, and what the editor accepts
 * comes back after a restart: "#1 Hostage watch" is a rule, not a comment. */
static void
test_rules_file_saved_in_place (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = vigil_test_make_tmp_path ("vigil-rules-XXXXXX", "v.db");
  g_autoptr (VigilStore) store = vigil_store_new (db, &error);
  g_autofree char *path = write_rules_file ("Convoys\thigh\tconvoy*\n");
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (VigilMonitor) restarted = NULL;
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GPtrArray) reread = NULL;
  g_autofree char *save_path = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (vigil_monitor_get_rules_problems (monitor)->len, ==, 0);
  save_path = vigil_monitor_dup_rules_save_path (monitor);
  g_assert_cmpstr (save_path, ==, path);
  rules = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (monitor));
  g_ptr_array_add (rules, vigil_alert_rule_new ("#1 Hostage watch", VIGIL_SEVERITY_HIGH, "hostage*",
                                                NULL, NULL));
  g_ptr_array_add (rules, vigil_alert_rule_new ("Tab\tand \\ backslash", VIGIL_SEVERITY_INFO,
                                                "curfew", NULL, NULL));
  g_assert_true (vigil_monitor_save_rules (monitor, rules, &error));
  g_assert_no_error (error);

  restarted = vigil_monitor_new (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_monitor_get_rules_problems (restarted)->len, ==, 0);
  reread = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (restarted));
  g_assert_cmpuint (reread->len, ==, rules->len);
  g_assert_nonnull (find_rule (reread, "#1 Hostage watch"));
  g_assert_nonnull (find_rule (reread, "Tab\tand \\ backslash"));
  g_assert_nonnull (find_rule (reread, "Convoys"));
}

int
main (int argc, char *argv[])
{
  alerts_test_init (&argc, &argv);
  g_test_add_func ("/alerts/rules-file", test_rules_file);
  g_test_add_func ("/alerts/shipped-rules-translated", test_shipped_rules_translated);
  g_test_add_func ("/alerts/engine", test_engine_and_notification);
  g_test_add_func ("/alerts/rules-file-bad-lines", test_rules_file_bad_lines);
  g_test_add_func ("/alerts/rules-file-names", test_rules_file_names);
  g_test_add_func ("/alerts/rules-file-kept", test_rules_file_kept);
  g_test_add_func ("/alerts/rules-file-saved-in-place", test_rules_file_saved_in_place);
  return alerts_test_run ();
}
