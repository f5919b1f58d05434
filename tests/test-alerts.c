/* The query language, rule evaluation and the notification built for an alert. */
#include "vigil-alert-engine.h"
#include "vigil-notifier.h"

static gboolean
matches (const char *query, const char *text, const char *expected_terms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) q = vigil_query_parse (query, NULL, &error);
  g_autoptr (VigilTokens) t = vigil_tokenize (text);
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  gboolean result;

  g_assert_no_error (error);
  result = vigil_query_match (q, t, terms);
  if (expected_terms)
    {
      g_autofree char *joined = NULL;
      g_ptr_array_add (terms, NULL);
      joined = g_strjoinv ("|", (char **) terms->pdata);
      g_assert_cmpstr (joined, ==, expected_terms);
    }
  return result;
}

static void
test_query_matching (void)
{
  g_assert_true (matches ("drawdown", "A minor Drawdown, officials said", "Drawdown"));
  g_assert_false (matches ("rocket", "Shares rocketed", NULL));
  g_assert_true (matches ("rocket*", "Shares rocketed", "rocketed"));
  g_assert_true (matches ("evacuat*", "They évacuated the town; evacuation continues",
                          "évacuated|evacuation"));
  g_assert_true (matches ("\"ordered departure\"",
                          "The State Department ordered departure of staff", "ordered departure"));
  g_assert_false (matches ("\"ordered departure\"", "departure was ordered", NULL));
  g_assert_true (matches ("drawdown AND embassy", "Embassy drawdown", "drawdown|Embassy"));
  g_assert_false (matches ("drawdown AND embassy", "drawdown of credit", NULL));
  g_assert_true (matches ("drawdown embassy", "Embassy drawdown", NULL)); /* implicit AND */
  g_assert_true (
      matches ("(drawdown OR evacuat*) AND NOT credit", "embassy evacuation", "evacuation"));
  g_assert_false (
      matches ("(drawdown OR evacuat*) AND NOT credit", "drawdown of a credit facility", NULL));
  g_assert_true (matches ("NOT sport", "rocket attack", ""));
}

static void
check_error (const char *query, guint position, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  guint pos = 999;
  g_autoptr (VigilQuery) q = vigil_query_parse (query, &pos, &error);

  g_assert_null (q);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX);
  g_assert_cmpuint (pos, ==, position);
  g_test_message ("%s -> %s", query, error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_query_errors (void)
{
  check_error ("", 0, "expected a word");
  check_error ("rocket OR", 9, "expected a word");
  check_error ("(rocket OR mortar", 17, "Expected “)”");
  check_error ("rocket)", 6, "expected AND, OR");
  check_error ("\"ordered departure", 0, "closing \"");
  check_error ("rocket AND AND mortar", 11, "Unexpected “AND”");
}

static VigilArticle *
article (const char *title, const char *level)
{
  VigilArticle *a = vigil_article_new ();
  a->id = 42;
  a->title = g_strdup (title);
  a->source_title = g_strdup ("Iraq Security Desk (demo)");
  a->level = g_strdup (level);
  return a;
}

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
  m = vigil_alert_engine_evaluate (engine, a, "A minor drawdown. Rockets hit the Green Zone.");
  g_assert_cmpuint (m->len, ==, 2);
  first = g_ptr_array_index (m, 0);
  g_assert_cmpstr (first->rule->name, ==, "Drawdown or evacuation"); /* critical sorts first */
  /* terms in the order of the query: drawdown OR "draws down" OR … */
  g_assert_cmpstr (g_ptr_array_index (first->terms, 0), ==, "drawdown");
  g_assert_cmpstr (g_ptr_array_index (first->terms, 1), ==, "draws down");
  none = vigil_alert_engine_evaluate (engine, calm, "Shares rocketed in Basra.");
  g_assert_cmpuint (none->len, ==, 0);

  n = vigil_notifier_build (a, m);
  g_assert_nonnull (n);
  g_assert_false (vigil_alert_engine_load_rules (engine, "Bad\turgent\trocket", 18, &error));
  g_assert_nonnull (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alerts/query-matching", test_query_matching);
  g_test_add_func ("/alerts/query-errors", test_query_errors);
  g_test_add_func ("/alerts/engine", test_engine_and_notification);
  return g_test_run ();
}
