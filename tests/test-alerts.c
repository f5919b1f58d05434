/* The query language, rule evaluation and the notification built for an alert. */
#include <string.h>

#include "vigil-alert-engine.h"
#include "vigil-webhook.h"
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

static VigilGazetteer *gaz;

/* Evaluates query on a full context built from headline and text. */
static gboolean
matches_article (const char *query, const char *title, const char *body, const char *source,
                 const char *expected_terms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) q = vigil_query_parse (query, NULL, &error);
  g_autofree char *text = g_strconcat (title, "\n", body, NULL);
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  g_autoptr (VigilTokens) title_tokens = vigil_tokenize (title);
  g_autoptr (VigilAnalysis) analysis = vigil_analyze (gaz, text, g_utf8_strlen (title, -1));
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan));
  VigilQueryContext ctx = { 0 };
  gboolean result;

  ctx.tokens = tokens;
  ctx.title_tokens = title_tokens;
  ctx.source = source;
  ctx.language = analysis->language;
  ctx.analysis = analysis;
  ctx.score = analysis->score;
  ctx.level = analysis->level;
  ctx.gazetteer = gaz;
  g_assert_no_error (error);
  result = vigil_query_match_context (q, &ctx, terms, spans);
  for (guint i = 0; i < spans->len; i++)
    {
      VigilQuerySpan *s = &g_array_index (spans, VigilQuerySpan, i);
      g_autofree char *slice = g_utf8_substring (text, s->start, s->end);
      gboolean listed = FALSE;
      for (guint k = 0; k < terms->len; k++)
        listed = listed || g_ascii_strcasecmp (g_ptr_array_index (terms, k), slice) == 0;
      g_assert_true (listed); /* every span is one of the matched terms */
    }
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
test_query_proximity_and_scopes (void)
{
  const char *title = "Rockets hit US base near Baghdad airport";
  const char *body = "Two rockets landed near the runway. Kataeb Hezbollah denied any role. "
                     "The embassy said staff were safe.";

  /* proximity */
  g_assert_true (
      matches_article ("rocket* NEAR/3 (hit OR landed)", title, body, NULL, "Rockets|hit|landed"));
  g_assert_false (matches_article ("rockets NEAR/2 runway", title, body, NULL, NULL));
  g_assert_true (matches_article ("rockets NEAR/3 runway", title, body, NULL, NULL));
  g_assert_true (matches_article ("landed ONEAR/3 runway", title, body, NULL, NULL));
  g_assert_false (matches_article ("runway ONEAR/3 landed", title, body, NULL, NULL));
  g_assert_true (matches_article ("runway NEAR/3 landed", title, body, NULL, NULL));
  /* fields */
  g_assert_true (matches_article ("title:rockets", title, body, NULL, "Rockets"));
  g_assert_false (matches_article ("title:embassy", title, body, NULL, NULL));
  g_assert_true (matches_article ("title:\"baghdad airport\"", title, body, NULL, NULL));
  g_assert_true (matches_article ("source:wire AND rocket*", title, body, "Levant Wire", NULL));
  g_assert_false (matches_article ("source:desk", title, body, "Levant Wire", NULL));
  g_assert_true (matches_article ("lang:en", title, body, NULL, NULL));
  g_assert_false (matches_article ("lang:fr", title, body, NULL, NULL));
  g_assert_true (matches_article ("country:IQ", title, body, NULL, NULL));
  g_assert_false (matches_article ("country:SY", title, body, NULL, NULL));
  g_assert_true (matches_article ("entity:org:\"Kataeb Hezbollah\"", title, body, NULL, NULL));
  g_assert_true (matches_article ("entity:\"Kataib Hezbollah\"", title, body, NULL,
                                  NULL)); /* alias, canonical */
  g_assert_false (matches_article ("entity:person:\"Kataeb Hezbollah\"", title, body, NULL, NULL));
  g_assert_true (matches_article ("category:indirect-fire", title, body, NULL, NULL));
  g_assert_false (matches_article ("category:kidnapping", title, body, NULL, NULL));
  /* filters */
  g_assert_true (matches_article ("score>=10 AND level>=elevated", title, body, NULL, NULL));
  g_assert_false (matches_article ("level>=critical", title, body, NULL, NULL));
  g_assert_false (matches_article ("score<5", title, body, NULL, NULL));
  /* calm-text trap: no alert on shares rocketed */
  g_assert_false (matches_article (
      "(rocket* OR mortar*) NEAR/8 (attack* OR strike* OR hit)", "Shares rocketed",
      "Bank shares rocketed 12 per cent on Tuesday after strong results.", NULL, NULL));
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
  check_error ("rocket NEAR/x mortar", 7, "distance in words");
  check_error ("rocket NEAR/5 title:mortar", 7, "words or phrases");
  check_error ("(a AND b) NEAR/5 c", 10, "words or phrases");
  check_error ("colour:red", 0, "Unknown field");
  check_error ("entity:ship:Maersk", 0, "Unknown entity type");
  check_error ("score>=high", 0, "Expected a number");
  check_error ("level>=scary", 0, "Expected low, elevated");
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

  /* Mistakes are named, and nothing is half loaded. */
  {
    g_autoptr (VigilAlertEngine) bad = vigil_alert_engine_new ();
    const char *typo = "A\thigh\trocket\tthrotle=5/10\n";
    const char *range = "B\thigh\trocket\tthrottle=0/10\n";
    g_assert_false (vigil_alert_engine_load_rules (bad, typo, strlen (typo), &error));
    g_assert_nonnull (strstr (error->message, "throtle=5/10"));
    g_clear_error (&error);
    g_assert_false (vigil_alert_engine_load_rules (bad, range, strlen (range), &error));
    g_clear_error (&error);
    g_assert_cmpuint (vigil_alert_engine_get_n_rules (bad), ==, 0);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alerts/query-matching", test_query_matching);
  g_test_add_func ("/alerts/rules-file", test_rules_file);
  g_test_add_func ("/alerts/query-errors", test_query_errors);
  g_test_add_func ("/alerts/engine", test_engine_and_notification);
  g_test_add_func ("/alerts/query-proximity-and-scopes", test_query_proximity_and_scopes);
  {
    g_autoptr (GError) error = NULL;
    int ret;
    gaz = vigil_gazetteer_new_default (&error);
    g_assert_no_error (error);
    ret = g_test_run ();
    vigil_gazetteer_unref (gaz);
    return ret;
  }
}
