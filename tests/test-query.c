/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The query language's words and values: a bare word matches its
 * inflections (the risk lexicon's word classes, a plural for other words),
 * and a field's value that names nothing is an error with its position. */
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "vigil-alert-query.h"
#include "vigil-test-utils.h"
#include "test-query-common.h"

/* The matched words of query in text, with their spans: "Rockets@0-7|…"
 * (code points, end exclusive), or NULL when the query does not match. */
static char *
match_spans (const char *query, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) q = vigil_query_parse (query, NULL, &error);
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan));
  VigilQueryContext ctx = { 0 };
  GString *out;

  g_assert_no_error (error);
  ctx.tokens = tokens;
  ctx.title_tokens = tokens;
  if (!vigil_query_match_context (q, &ctx, terms, spans))
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < spans->len; i++)
    {
      VigilQuerySpan *s = &g_array_index (spans, VigilQuerySpan, i);
      g_autofree char *word = g_utf8_substring (text, s->start, s->end);
      g_string_append_printf (out, "%s%s@%u-%u", i ? "|" : "", word, s->start, s->end);
    }
  return g_string_free (out, FALSE);
}

static void
assert_spans (const char *query, const char *text, const char *expected)
{
  g_autofree char *got = match_spans (query, text);
  g_test_message ("%s in “%s”: %s", query, text, got ? got : "(no match)");
  g_assert_cmpstr (got, ==, expected);
}

static void
test_forms_nouns (void)
{
  /* the report: a lemma misses its plural */
  assert_spans ("rocket OR drawdown", "Rockets fall near Erbil airport", "Rockets@0-7");
  assert_spans ("rocket", "One rocket, then two rockets", "rocket@4-10|rockets@21-28");
  /* a derivation with another meaning does not match unless asked */
  assert_spans ("rocket", "Shares rocketed on Tuesday", NULL);
  assert_spans ("rocket", "Prices are rocketing", NULL);
  assert_spans ("rocket*", "Shares rocketed on Tuesday", "rocketed@7-15");
  /* quoted: exact */
  assert_spans ("\"rocket\"", "Rockets fall near Erbil airport", NULL);
  assert_spans ("\"rocket\"", "A rocket fell", "rocket@2-8");
  /* the lexicon's irregular and uncountable nouns */
  assert_spans ("gunman", "Gunmen opened fire", "Gunmen@0-6");
  assert_spans ("injury", "Two injuries were reported", "injuries@4-12");
  assert_spans ("casualty", "Heavy casualties", "casualties@6-16");
  assert_spans ("unrest", "Unrests", NULL);
  /* other words: a plural, nothing else */
  assert_spans ("embassy", "The embassies closed", "embassies@4-13");
  assert_spans ("church", "Two churches burned", "churches@4-12");
  assert_spans ("convoy", "Convoys stopped", "Convoys@0-7");
  assert_spans ("crowd", "Protesters crowded the square", NULL);
  assert_spans ("crowd", "Crowds gathered", "Crowds@0-6");
  /* a lexicon verb and noun: both word classes ("stormed", "storms") */
  assert_spans ("storm", "Gunmen stormed the building", "stormed@7-14");
  /* an acronym takes -s; a word of one or two letters is as written */
  assert_spans ("IED", "Two IEDs were found", "IEDs@4-8");
  assert_spans ("US", "The army uses drones", NULL);
  assert_spans ("IT", "The army and its drones", NULL);
  assert_spans ("UN", "UNs", NULL);
  /* a noun is not its derivations */
  assert_spans ("kidnapping", "Kidnappers fled", NULL);
  assert_spans ("kidnapping", "Two kidnappings", "kidnappings@4-15");
}

static void
test_forms_verbs (void)
{
  assert_spans ("abduct", "Gunmen abducted a driver", "abducted@7-15");
  assert_spans ("abduct", "abducts, abducting", "abducts@0-7|abducting@9-18");
  assert_spans ("abduct", "An abduction was reported", NULL); /* another lemma */
  assert_spans ("kidnap", "kidnapped, kidnapping, kidnaps",
                "kidnapped@0-9|kidnapping@11-21|kidnaps@23-30");
  assert_spans ("flee", "Thousands fled; others are fleeing", "fled@10-14|fleeing@27-34");
  assert_spans ("injure", "Five were injured, none by injuring", "injured@10-17|injuring@27-35");
  assert_spans ("attack", "Militants attacked the base", "attacked@10-18");
  assert_spans ("attack", "Two attacks", "attacks@4-11");
  /* a verb phrase of the lexicon lends its verb's forms ("draw down") */
  assert_spans ("draw", "The embassy drew down staff", "drew@12-16");
}

static void
test_forms_french (void)
{
  assert_spans ("enlèvement", "Deux enlèvements signalés", "enlèvements@5-16");
  assert_spans ("enlevement", "Deux enlèvements signalés", "enlèvements@5-16");
  assert_spans ("enlever", "Un médecin enlevé, deux infirmières enlevées",
                "enlevé@11-17|enlevées@36-44");
  assert_spans ("enlever", "Des enfants enlevés", "enlevés@12-19");
  assert_spans ("otage", "Les otages libérés", "otages@4-10");
  assert_spans ("blesser", "Trois blessés", "blessés@6-13");
  assert_spans ("tir", "Des tirs de roquettes", "tirs@4-8");
  /* other French nouns: their plural */
  assert_spans ("roquette", "Des tirs de roquettes", "roquettes@12-21");
  assert_spans ("bateau", "Deux bateaux", "bateaux@5-12");
}

static void
test_forms_operators (void)
{
  /* forms inside NEAR, AND, title: and under NOT */
  assert_spans ("rocket NEAR/2 land", "Two rockets landed near the runway", NULL);
  assert_spans ("rocket NEAR/2 fall", "Rockets fall near Erbil airport", "Rockets@0-7|fall@8-12");
  assert_spans ("title:rocket AND abduct", "Rockets and abducted men",
                "Rockets@0-7|abducted@12-20");
  assert_spans ("convoy NOT rocket", "Convoys and rockets", NULL);
  /* "-word" is NOT, as search boxes write it; a hyphen inside a word is not */
  assert_spans ("convoy -rocket", "Convoys and rockets", NULL);
  assert_spans ("convoy -\"rocket fire\"", "Convoys and rockets", "Convoys@0-7");
  assert_spans ("convoy -(rocket OR mortar)", "Convoys and mortars", NULL);
  assert_spans ("al-Qaeda", "An al-Qaeda cell", "al-Qaeda@3-11");
  assert_spans ("attack -Ürümqi", "Attack in Ürümqi", NULL);
  assert_spans ("-5 degrees", "It was -5 degrees", "5@8-9|degrees@10-17");
  assert_spans ("source:wire", "wires", NULL); /* no source in the context */
}

/* The full-text prefilter keeps every article a term's forms match. */
static void
test_forms_prefilter (void)
{
  g_autoptr (VigilQuery) q = vigil_query_parse ("rocket AND \"drew down\"", NULL, NULL);
  g_autoptr (VigilQuery) exact = vigil_query_parse ("\"rocket\" OR rocket*", NULL, NULL);
  g_autofree char *fts = vigil_query_fts_prefilter (q);
  g_autofree char *fts_exact = vigil_query_fts_prefilter (exact);

  g_test_message ("%s / %s", fts, fts_exact);
  g_assert_nonnull (strstr (fts, "\"rockets\""));
  g_assert_nonnull (strstr (fts, "\"rocket\""));
  g_assert_nonnull (strstr (fts, "\"drew down\""));
  g_assert_null (strstr (fts_exact, "rockets"));
}

/* A long text with many query words is matched through an index of its
 * words: it must find the same forms at the same places. */
static void
test_forms_indexed (void)
{
  g_autoptr (GString) text = g_string_new ("Rockets fall; gunmen abducted two ");
  g_autoptr (VigilQuery) q = NULL;
  g_autoptr (VigilTokens) tokens = NULL;
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan));
  VigilQueryContext ctx = { 0 };

  vigil_test_append_repeated (text, "calm ", 300000);
  g_string_append (text, "kidnappings");
  q = vigil_query_parse ("rocket OR abduct OR kidnapping OR stormy OR weather", NULL, NULL);
  tokens = vigil_tokenize (text->str);
  ctx.tokens = tokens;
  g_assert_true (vigil_query_match_context (q, &ctx, terms, spans));
  g_ptr_array_add (terms, NULL);
  {
    g_autofree char *joined = g_strjoinv ("|", (char **) terms->pdata);
    g_assert_cmpstr (joined, ==, "Rockets|abducted|kidnappings");
  }
  g_assert_cmpuint (spans->len, ==, 3);
  g_assert_cmpuint (g_array_index (spans, VigilQuerySpan, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (spans, VigilQuerySpan, 1).start, ==, 21);
  g_assert_cmpuint (g_array_index (spans, VigilQuerySpan, 2).end, ==, text->len);
}

static void
check_error (const char *query, guint position, const char *fragment)
{
  assert_query_error (query, VIGIL_QUERY_ERROR_VALUE, position, fragment);
}

static void
check_ok (const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) q = vigil_query_parse (query, NULL, &error);

  g_test_message ("%s", query);
  g_assert_no_error (error);
  g_assert_nonnull (q);
}

static void
test_values (void)
{
  /* categories: the analysis's, listed in the message */
  check_error ("category:bogus", 9, "“bogus” at position 10");
  check_error ("category:bogus", 9, "evacuation, indirect-fire, ied");
  check_error ("rocket AND category:bogus", 20, "kidnapping");
  check_error ("category:\"bogus\"", 9, "bogus");
  check_ok ("category:ied");
  check_ok ("category:Indirect-Fire");
  check_ok ("category:explosives"); /* the label the window shows */
  check_ok ("category:protests");   /* ACLED event types */
  check_ok ("category:riots");
  check_ok ("category:explosions");
  check_ok ("category:battles");
  check_ok ("category:remote-violence");
  check_ok ("category:\"remote violence\"");
  check_ok ("category:\"explosions/remote violence\"");
  check_ok ("category:violence-against-civilians");
  /* countries: an ISO 3166 code or a name */
  check_error ("country:XX", 8, "“XX” at position 9");
  check_error ("rocket country:Atlantis", 15, "ISO 3166");
  check_ok ("country:IQ");
  check_ok ("country:iq");
  check_ok ("country:XK"); /* Kosovo: no ISO code, a common one */
  check_ok ("country:Iraq");
  check_ok ("country:Irak");
  check_ok ("country:\"United Arab Emirates\"");
  check_ok ("country:UAE");
  check_ok ("country:UK");
  /* languages: ISO 639-1 and und */
  check_error ("lang:klingon", 5, "“klingon” at position 6");
  check_error ("lang:xx", 5, "en, fr, es, ar");
  check_error ("lang:e", 5, "“e”");
  check_ok ("lang:en");
  check_ok ("lang:FR");
  check_ok ("lang:ar");
  check_ok ("lang:und");
  check_ok ("lang:de");
  check_ok ("lang:en-GB");
  check_error ("lang:zz-GB", 5, "zz-GB");
}

static VigilGazetteer *gaz;

static gboolean
matches_article (const char *query, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) q = vigil_query_parse (query, NULL, &error);
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  g_autoptr (VigilAnalysis) analysis = vigil_analyze (gaz, text, strcspn (text, "\n"));
  VigilQueryContext ctx = { 0 };

  g_assert_no_error (error);
  ctx.tokens = tokens;
  ctx.language = analysis->language;
  ctx.analysis = analysis;
  ctx.score = analysis->score;
  ctx.level = analysis->level;
  ctx.gazetteer = gaz;
  return vigil_query_match_context (q, &ctx, NULL, NULL);
}

static void
test_values_match (void)
{
  const char *rockets = "Rockets hit US base near Baghdad airport\nTwo rockets landed near the "
                        "runway.";
  const char *protest = "Protesters clash with police in Basra\nPolice fired tear gas at "
                        "protesters who blocked roads; a curfew was declared.";
  const char *bomb = "Car bomb kills four in Mosul\nA car bomb exploded near a market.";

  g_assert_true (matches_article ("category:indirect-fire", rockets));
  g_assert_true (matches_article ("category:remote-violence", rockets));
  g_assert_false (matches_article ("category:protests", rockets));
  g_assert_true (matches_article ("category:protests", protest));
  g_assert_true (matches_article ("category:riots", protest));
  g_assert_true (matches_article ("category:explosions", bomb));
  g_assert_true (matches_article ("category:explosives", bomb));
  g_assert_true (matches_article ("category:ied", bomb));
  g_assert_true (matches_article ("country:IQ", rockets));
  g_assert_true (matches_article ("country:Iraq", rockets));
  g_assert_true (matches_article ("country:irak", rockets));
  g_assert_false (matches_article ("country:Syria", rockets));
  g_assert_true (matches_article ("lang:en", rockets));
  g_assert_false (matches_article ("lang:fr", rockets));

  /* A country named by its people, in English, French and Spanish, with no
   * place of it named. */
  g_assert_true (matches_article ("country:RU AND drone*",
                                  "Drones hit power plant\nRussian forces launched drones."));
  g_assert_true (matches_article ("country:RU", "Frappes de drones\nLes forces russes ont frappé "
                                                "une centrale électrique."));
  g_assert_true (matches_article ("country:RU", "Ataque con drones\nLas fuerzas rusas atacaron "
                                                "una central eléctrica."));
  g_assert_true (
      matches_article ("country:IQ", "Ofensiva\nEl ejército iraquí lanzó una ofensiva."));
  g_assert_false (matches_article ("country:RU", "Ataque con drones\nLas fuerzas atacaron una "
                                                 "central eléctrica."));
}

/* vigil-cli match: an unknown value is an error, not a query that matches nothing. */
static void
test_cli (void)
{
  g_autofree char *file = vigil_test_make_tmp_path ("vigil-query-XXXXXX", "a.txt");
  static const struct
  {
    const char *query;
    int status;
    const char *fragment;
  } cases[] = {
    { "category:bogus", 2, "Unknown category" },
    { "country:XX", 2, "Unknown country" },
    { "lang:klingon", 2, "Unknown language" },
    { "rocket", 0, "\"Rockets\"" },
    { "category:explosions OR rocket", 0, "\"match\" : true" },
  };

  g_assert_true (g_file_set_contents (file, "Rockets fall near Erbil airport\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { VIGIL_CLI, "match", cases[i].query, file, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr (GError) error = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                   &err, &status, &error));
      g_assert_no_error (error);
      g_test_message ("%s: %d %s%s", cases[i].query, status, out, err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, cases[i].status);
      g_assert_nonnull (strstr (cases[i].status ? err : out, cases[i].fragment));
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/query/forms-nouns", test_forms_nouns);
  g_test_add_func ("/query/forms-verbs", test_forms_verbs);
  g_test_add_func ("/query/forms-french", test_forms_french);
  g_test_add_func ("/query/forms-operators", test_forms_operators);
  g_test_add_func ("/query/forms-prefilter", test_forms_prefilter);
  g_test_add_func ("/query/forms-indexed", test_forms_indexed);
  g_test_add_func ("/query/values", test_values);
  g_test_add_func ("/query/values-match", test_values_match);
  g_test_add_func ("/query/cli", test_cli);
  gaz = vigil_gazetteer_new_default (&error);
  g_assert_no_error (error);
  ret = g_test_run ();
  vigil_gazetteer_unref (gaz);
  return ret;
}
