/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the rules file (~/.config/vigil/rules.tsv, edited by hand and
 * shared between desks). Whatever the bytes, reading never fails as a whole,
 * every problem names a line of the input, and what was read saves and reads
 * back the same, with no problem. */
#include <string.h>

#include "vigil-alert-engine.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (VigilAlertEngine) engine = vigil_alert_engine_new ();
  g_autoptr (VigilAlertEngine) again = vigil_alert_engine_new ();
  g_autoptr (VigilAlertEngine) plain = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  g_autoptr (GPtrArray) reread_problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  g_autoptr (GPtrArray) rules = NULL;
  g_autoptr (GPtrArray) reread = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  guint lines = 1, loaded;

  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  loaded = vigil_alert_engine_load_rules_checked (engine, (const char *) data, size, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      const VigilRulesProblem *p = g_ptr_array_index (problems, i);
      g_assert_cmpuint (p->line, >=, 1);
      g_assert_cmpuint (p->line, <=, lines);
      g_assert_true (g_utf8_validate (p->message, -1, NULL));
    }
  rules = vigil_alert_engine_dup_rules (engine);
  g_assert_cmpuint (rules->len, <=, loaded); /* one name, one rule */
  g_assert_true (vigil_alert_engine_load_rules (plain, (const char *) data, size, &error)
                 == (problems->len == 0));

  text = vigil_alert_rules_to_text (rules);
  g_assert_cmpuint (
      vigil_alert_engine_load_rules_checked (again, text, strlen (text), reread_problems), ==,
      rules->len);
  g_assert_cmpuint (reread_problems->len, ==, 0);
  reread = vigil_alert_engine_dup_rules (again);
  g_assert_cmpuint (reread->len, ==, rules->len);
  for (guint i = 0; i < rules->len; i++)
    g_assert_cmpstr (((VigilAlertRule *) g_ptr_array_index (reread, i))->name, ==,
                     ((VigilAlertRule *) g_ptr_array_index (rules, i))->name);
  text2 = vigil_alert_rules_to_text (reread);
  g_assert_cmpstr (text, ==, text2);
  return 0;
}
