/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The query language, rule evaluation and the notification built for an alert. */
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

/* The matched terms, joined by "|", are expected (when it is not NULL). */
static void
assert_terms (GPtrArray *terms, const char *expected)
{
  g_autofree char *joined = NULL;

  if (expected == NULL)
    return;
  g_ptr_array_add (terms, NULL);
  joined = g_strjoinv ("|", (char **) terms->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

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
  assert_terms (terms, expected_terms);
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
  assert_terms (terms, expected_terms);
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

  g_assert_null (vigil_query_parse (query, &pos, &error));
  vigil_test_assert_error_says (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX, fragment,
                                query);
  g_assert_cmpuint (pos, ==, position);
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

/* Hostile queries (issue 13): nesting beyond the limit is refused with the
 * place named, not a stack overflow; deep nesting within it works. */
static void
test_query_deep_nesting (void)
{
  g_autoptr (GString) parens = g_string_new (NULL);
  g_autoptr (GString) nots = g_string_new (NULL);
  g_autoptr (GString) allowed = g_string_new (NULL);
  g_autoptr (GString) near = g_string_new ("rocket* NEAR/3 ");
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) ok = NULL;
  g_autoptr (VigilTokens) tokens = vigil_tokenize ("Two rockets hit the base");
  VigilQuery *q;
  guint position = 0;

  for (guint i = 0; i < 30000; i++)
    g_string_append_c (parens, '(');
  g_string_append (parens, "rocket");
  for (guint i = 0; i < 30000; i++)
    g_string_append_c (parens, ')');
  q = vigil_query_parse (parens->str, &position, &error);
  g_assert_null (q);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "nest"));
  g_assert_nonnull (strstr (error->message, "position 257"));
  g_assert_cmpuint (position, ==, 256);
  g_clear_error (&error);

  for (guint i = 0; i < 30000; i++)
    g_string_append (nots, "NOT ");
  g_string_append (nots, "rocket");
  q = vigil_query_parse (nots->str, &position, &error);
  g_assert_null (q);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "nest"));
  g_assert_cmpuint (position, ==, 256 * 4);
  g_clear_error (&error);

  /* 200 levels (NOT and parentheses mixed) are allowed, and evaluate. */
  for (guint i = 0; i < 100; i++)
    g_string_append (allowed, "NOT (");
  g_string_append (allowed, "sport");
  for (guint i = 0; i < 100; i++)
    g_string_append (allowed, " OR ballet)");
  ok = vigil_query_parse (allowed->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_query_match (ok, tokens, NULL)); /* an even number of NOTs */
  g_clear_pointer (&ok, vigil_query_free);

  /* A deep OR on one side of NEAR is still a NEAR operand. */
  for (guint i = 0; i < 200; i++)
    g_string_append (near, "(ballet OR ");
  g_string_append (near, "hit");
  for (guint i = 0; i < 200; i++)
    g_string_append_c (near, ')');
  ok = vigil_query_parse (near->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_query_match (ok, tokens, NULL));
}

/* 10,000 words OR'ed: the editor parses on every keystroke, so parsing and a
 * match take well under a second and a half (the lexer was quadratic). */
static void
test_query_long_or (void)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_autoptr (GString) text = g_string_new ("Nothing here but ");
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) q = NULL;
  g_autoptr (VigilTokens) tokens = NULL;
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefilter = NULL;
  gint64 start;
  double seconds;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (query, "%sword%u", i ? " OR " : "", i);
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "filler%u ", i);
  g_string_append (text, "word9999 and word5000.");
  tokens = vigil_tokenize (text->str);

  start = g_get_monotonic_time ();
  q = vigil_query_parse (query->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_query_match (q, tokens, terms));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  /* Said, not asserted: wall-clock limits fail under valgrind or on a loaded
   * machine (bench-alerts measures the rules' speed). */
  g_test_message ("10,000 OR'ed words: parsed and matched in %.3f s", seconds);
  g_assert_cmpuint (terms->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (terms, 0), ==, "word5000"); /* in the order of the query */
  prefilter = vigil_query_fts_prefilter (q);
  g_assert_nonnull (prefilter);

  /* The same words, a wildcard and a phrase, on a 2.4 MB article in the
   * ingest worker: each word is looked up, the text is not scanned 10,000
   * times (22 s). */
  {
    g_autoptr (GString) long_query = g_string_new (query->str);
    g_autoptr (GString) article = g_string_new (NULL);
    g_autoptr (VigilQuery) lq = NULL;
    g_autoptr (VigilTokens) lt = NULL;
    g_autoptr (GPtrArray) lterms = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *joined = NULL;

    g_string_append (long_query, " OR rocket* OR \"mortars landed\" OR base OR bas* OR "
                                 "\"base mortars\" OR bomb*");
    while (article->len < 2400 * 1000)
      g_string_append (article, "Rockets hit the base, mortars landed. ");
    g_string_append (article, "And then word5000.");
    lt = vigil_tokenize (article->str);
    lq = vigil_query_parse (long_query->str, NULL, &error);
    g_assert_no_error (error);
    start = g_get_monotonic_time ();
    g_assert_true (vigil_query_match (lq, lt, lterms));
    seconds = (g_get_monotonic_time () - start) / 1e6;
    g_test_message ("10,006 OR'ed terms on %.1f MB: matched in %.3f s", article->len / 1e6,
                    seconds);
    g_ptr_array_add (lterms, NULL);
    joined = g_strjoinv ("|", (char **) lterms->pdata);
    g_assert_cmpstr (joined, ==, "word5000|Rockets|mortars landed|base|base, mortars");
    /* as found by scanning a short text */
    g_clear_pointer (&lt, vigil_tokens_free);
    g_ptr_array_set_size (lterms, 0);
    lt = vigil_tokenize ("Rockets hit the base, mortars landed. And then word5000.");
    g_assert_true (vigil_query_match (lq, lt, lterms));
    g_ptr_array_add (lterms, NULL);
    g_free (joined);
    joined = g_strjoinv ("|", (char **) lterms->pdata);
    g_assert_cmpstr (joined, ==, "word5000|Rockets|mortars landed|base|base, mortars");
  }
}

/* NEAR over a long text where both sides occur tens of thousands of times
 * (the shipped "Indirect fire" rule on a 2.4 MB article): no pair is tried
 * against every other. */
static void
test_query_near_long_text (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) dense = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) q = vigil_query_parse (
      "(rocket* OR mortar* OR drone* OR shell*) NEAR/8 (attack* OR strike* OR hit OR hits OR "
      "fire OR fired OR landed)",
      NULL, &error);
  g_autoptr (VigilTokens) far = NULL;
  g_autoptr (VigilTokens) near = NULL;
  g_autoptr (VigilTokens) everywhere = NULL;
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  gint64 start;
  double seconds;

  g_assert_no_error (error);
  /* rockets and attacks, nine words apart, over and over: no pair is close enough */
  while (text->len < 2400 * 1000)
    g_string_append (text, "rockets one two three four five six seven eight nine attack "
                           "one two three four five six seven eight nine ");
  far = vigil_tokenize (text->str);
  g_string_append (text, "then a mortar landed");
  near = vigil_tokenize (text->str);
  while (dense->len < 2400 * 1000)
    g_string_append (dense, "Rockets hit the base, mortars landed. ");
  everywhere = vigil_tokenize (dense->str);

  start = g_get_monotonic_time ();
  g_assert_false (vigil_query_match (q, far, NULL));
  g_assert_true (vigil_query_match (q, near, NULL));
  g_assert_true (vigil_query_match (q, everywhere, terms));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("NEAR/8 over three texts of %.1f MB: %.3f s", text->len / 1e6, seconds);
  g_ptr_array_add (terms, NULL);
  joined = g_strjoinv ("|", (char **) terms->pdata);
  g_assert_cmpstr (joined, ==, "Rockets|mortars|hit|landed");
}

/* NEAR and ONEAR agree with the definition (at most n words between the two,
 * ONEAR: the left one first) on random texts of a few words. */
static void
test_query_near_exhaustive (void)
{
  static const char *const words[] = { "a", "b", "c", "d" };
  GRand *rand = g_rand_new_with_seed (13);

  for (guint round = 0; round < 400; round++)
    {
      guint n = g_rand_int_range (rand, 1, 14), distance = g_rand_int_range (rand, 1, 4);
      gboolean ordered = g_rand_boolean (rand), phrase = g_rand_boolean (rand);
      const char *seq[14];
      g_autoptr (GString) text = g_string_new (NULL);
      g_autofree char *query = g_strdup_printf ("%s %sNEAR/%u (b OR c)", phrase ? "\"a b\"" : "a",
                                                ordered ? "O" : "", distance);
      g_autoptr (VigilQuery) q = vigil_query_parse (query, NULL, NULL);
      g_autoptr (VigilTokens) tokens = NULL;
      gboolean expected = FALSE;

      for (guint i = 0; i < n; i++)
        {
          seq[i] = words[g_rand_int_range (rand, 0, 4)];
          g_string_append_printf (text, "%s ", seq[i]);
        }
      tokens = vigil_tokenize (text->str);
      for (guint i = 0; i < n; i++)
        {
          guint len = phrase ? 2 : 1;
          if (!g_str_equal (seq[i], "a") || i + len > n
              || (phrase && !g_str_equal (seq[i + 1], "b")))
            continue;
          for (guint k = 0; k < n; k++)
            {
              if (!g_str_equal (seq[k], "b") && !g_str_equal (seq[k], "c"))
                continue;
              if (k >= i + len && k - (i + len) <= distance)
                expected = TRUE;
              else if (!ordered && k < i && i - k - 1 <= distance)
                expected = TRUE;
            }
        }
      g_assert_nonnull (q);
      if (vigil_query_match (q, tokens, NULL) != expected)
        g_error ("%s on “%s”: expected %s", query, text->str, expected ? "a match" : "none");
    }
  g_rand_free (rand);
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
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-rules-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "v.db", NULL);
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
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-rules-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "v.db", NULL);
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

/* A query of many words looks words up in an index of the text instead of
 * scanning it once per word: both ways find the same terms at the same
 * places. */
static void
test_query_index_agrees (void)
{
  static const char *const vocabulary[] = { "a", "b", "c", "ab", "abc", "bc", "x" };
  static const char *const queries[]
      = { "a NEAR/2 b", "ab* ONEAR/1 c",       "\"a b\" NEAR/3 (c OR bc)",  "ab*",
          "\"a b*\"",   "\"c a b\" AND NOT x", "(b OR bc) ONEAR/2 \"a a\"", "abc NEAR/1 abc" };
  const char *padding = " OR zz1 OR zz2 OR zz3 OR zz4 OR zz5 OR zz6 OR zz7 OR zz8";
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (VigilTokens) tokens = NULL;
  GRand *rand = g_rand_new_with_seed (4);
  VigilQueryContext ctx = { 0 };

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "%s ",
                            vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))]);
  tokens = vigil_tokenize (text->str);
  ctx.tokens = tokens;
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *padded_text = g_strdup_printf ("(%s)%s", queries[q], padding);
      g_autoptr (VigilQuery) plain = vigil_query_parse (queries[q], NULL, NULL);
      g_autoptr (VigilQuery) padded = vigil_query_parse (padded_text, NULL, NULL);
      g_autoptr (GPtrArray) terms1 = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GPtrArray) terms2 = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GArray) spans1 = g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan));
      g_autoptr (GArray) spans2 = g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan));
      gboolean m1, m2;

      g_assert_nonnull (plain);
      g_assert_nonnull (padded);
      m1 = vigil_query_match_context (plain, &ctx, terms1, spans1);
      m2 = vigil_query_match_context (padded, &ctx, terms2, spans2);
      g_test_message ("%s: %s, %u terms, %u spans", queries[q], m1 ? "match" : "none", terms1->len,
                      spans1->len);
      g_assert_cmpint (m1, ==, m2);
      g_assert_cmpuint (terms1->len, ==, terms2->len);
      for (guint i = 0; i < terms1->len; i++)
        g_assert_cmpstr (g_ptr_array_index (terms1, i), ==, g_ptr_array_index (terms2, i));
      g_assert_cmpmem (spans1->data, spans1->len * sizeof (VigilQuerySpan), spans2->data,
                       spans2->len * sizeof (VigilQuerySpan));
    }
  g_rand_free (rand);
}

/* A text of 20,000 distinct words that all match "kidnap*": the words a match
 * is shown with are capped, and collecting them stays linear. */
static void
test_query_many_matched_words (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) query = vigil_query_parse ("kidnap* OR hostage*", NULL, &error);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (VigilTokens) tokens = NULL;
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  gint64 start;

  g_assert_no_error (error);
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "kidnap%c%c%c hostage%u ", 'a' + i % 26, 'a' + i / 26 % 26,
                            'a' + i / 676 % 26, i);
  tokens = vigil_tokenize (text->str);
  start = g_get_monotonic_time ();
  g_assert_true (vigil_query_match (query, tokens, terms));
  g_test_message ("20,000 distinct matched words: %.3f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500000);
  g_assert_cmpuint (terms->len, >, 0);
  g_assert_cmpuint (terms->len, <=, 32);
}

int
main (int argc, char *argv[])
{
  /* The desk's files (rules.tsv, the user's gazetteer) in a directory of
   * this run's own; set before GLib first reads it. (G_TEST_OPTION_ISOLATE_DIRS
   * would do it per test but leaks each test's directory names.) */
  g_free (vigil_test_set_xdg_dirs ());
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alerts/query-matching", test_query_matching);
  g_test_add_func ("/alerts/rules-file", test_rules_file);
  g_test_add_func ("/alerts/shipped-rules-translated", test_shipped_rules_translated);
  g_test_add_func ("/alerts/query-errors", test_query_errors);
  g_test_add_func ("/alerts/engine", test_engine_and_notification);
  g_test_add_func ("/alerts/query-proximity-and-scopes", test_query_proximity_and_scopes);
  g_test_add_func ("/alerts/query-near-exhaustive", test_query_near_exhaustive);
  g_test_add_func ("/alerts/query-long-or", test_query_long_or);
  g_test_add_func ("/alerts/query-many-matched-words", test_query_many_matched_words);
  g_test_add_func ("/alerts/query-index-agrees", test_query_index_agrees);
  g_test_add_func ("/alerts/query-near-long-text", test_query_near_long_text);
  g_test_add_func ("/alerts/query-deep-nesting", test_query_deep_nesting);
  g_test_add_func ("/alerts/rules-file-bad-lines", test_rules_file_bad_lines);
  g_test_add_func ("/alerts/rules-file-names", test_rules_file_names);
  g_test_add_func ("/alerts/rules-file-kept", test_rules_file_kept);
  g_test_add_func ("/alerts/rules-file-saved-in-place", test_rules_file_saved_in_place);
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
