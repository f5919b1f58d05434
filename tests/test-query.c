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

/* A query, a text and the spans it matches there (match_spans()). */
typedef struct
{
  const char *query, *text, *spans;
} SpanCase;

static void
assert_span_cases (const SpanCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *got = match_spans (cases[i].query, cases[i].text);
      g_test_message ("%s in “%s”: %s", cases[i].query, cases[i].text, got ? got : "(no match)");
      g_assert_cmpstr (got, ==, cases[i].spans);
    }
}

static void
test_forms_nouns (void)
{
  static const SpanCase cases[] = {
    /* the report: a lemma misses its plural */
    { "rocket OR drawdown", "Rockets fall near Erbil airport", "Rockets@0-7" },
    { "rocket", "One rocket, then two rockets", "rocket@4-10|rockets@21-28" },
    /* a derivation with another meaning does not match unless asked */
    { "rocket", "Shares rocketed on Tuesday", NULL },
    { "rocket", "Prices are rocketing", NULL },
    { "rocket*", "Shares rocketed on Tuesday", "rocketed@7-15" },
    /* quoted: exact */
    { "\"rocket\"", "Rockets fall near Erbil airport", NULL },
    { "\"rocket\"", "A rocket fell", "rocket@2-8" },
    /* the lexicon's irregular and uncountable nouns */
    { "gunman", "Gunmen opened fire", "Gunmen@0-6" },
    { "injury", "Two injuries were reported", "injuries@4-12" },
    { "casualty", "Heavy casualties", "casualties@6-16" },
    { "unrest", "Unrests", NULL },
    /* other words: a plural, nothing else */
    { "embassy", "The embassies closed", "embassies@4-13" },
    { "church", "Two churches burned", "churches@4-12" },
    { "convoy", "Convoys stopped", "Convoys@0-7" },
    { "crowd", "Crowds gathered", "Crowds@0-6" },
    /* a lexicon verb and noun: both word classes ("stormed", "storms") */
    { "storm", "Gunmen stormed the building", "stormed@7-14" },
    /* an acronym takes -s; a word of one or two letters is as written */
    { "IED", "Two IEDs were found", "IEDs@4-8" },
    { "US", "The army uses drones", NULL },
    { "IT", "The army and its drones", NULL },
    { "UN", "UNs", NULL },
    /* a noun is not its derivations */
    { "kidnapping", "Kidnappers fled", NULL },
    { "kidnapping", "Two kidnappings", "kidnappings@4-15" },
  };

  assert_span_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_forms_verbs (void)
{
  static const SpanCase cases[] = {
    { "abduct", "Gunmen abducted a driver", "abducted@7-15" },
    { "abduct", "abducts, abducting", "abducts@0-7|abducting@9-18" },
    { "abduct", "An abduction was reported", NULL }, /* another lemma */
    { "kidnap", "kidnapped, kidnapping, kidnaps", "kidnapped@0-9|kidnapping@11-21|kidnaps@23-30" },
    { "flee", "Thousands fled; others are fleeing", "fled@10-14|fleeing@27-34" },
    { "injure", "Five were injured, none by injuring", "injured@10-17|injuring@27-35" },
    { "attack", "Militants attacked the base", "attacked@10-18" },
    { "attack", "Two attacks", "attacks@4-11" },
    /* a verb phrase of the lexicon lends its verb's forms ("draw down") */
    { "draw", "The embassy drew down staff", "drew@12-16" },
    /* verbs the lexicon lacks, by WordNet (verb-forms.tsv): their forms,
     * irregular and doubled ones too */
    { "relocate", "Staff were relocated to Erbil", "relocated@11-20" },
    { "deport", "Deporting migrants, they deported 40", "Deporting@0-9|deported@25-33" },
    { "ban", "Rallies banned", "banned@8-14" },
    { "crowd", "Protesters crowded the square", "crowded@11-18" },
    { "seize", "Troops seized the airport", "seized@7-13" },
    /* words WordNet has mostly as nouns keep their plural only ("banked"
     * is not about banks); forms of another verb are that verb's ("found"
     * is not "founded") */
    { "bank", "The plane banked; two banks closed", "banks@22-27" },
    { "found", "The group was founded in 1990", NULL },
    { "left", "Those who left", "left@10-14" },
  };

  assert_span_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_forms_french (void)
{
  static const SpanCase cases[] = {
    { "enlèvement", "Deux enlèvements signalés", "enlèvements@5-16" },
    { "enlevement", "Deux enlèvements signalés", "enlèvements@5-16" },
    { "enlever", "Un médecin enlevé, deux infirmières enlevées", "enlevé@11-17|enlevées@36-44" },
    { "enlever", "Des enfants enlevés", "enlevés@12-19" },
    { "otage", "Les otages libérés", "otages@4-10" },
    { "blesser", "Trois blessés", "blessés@6-13" },
    { "tir", "Des tirs de roquettes", "tirs@4-8" },
    /* other French nouns: their plural */
    { "roquette", "Des tirs de roquettes", "roquettes@12-21" },
    { "bateau", "Deux bateaux", "bateaux@5-12" },
    /* French verbs of the first and second groups the lexicon lacks: their
     * participles and common tenses */
    { "incendier", "Des manifestants ont incendié deux voitures", "incendié@21-29" },
    { "incendier", "Ils incendient des bus", "incendient@4-14" },
    { "arrêter", "Douze personnes arrêtées", "arrêtées@16-24" },
    { "attaquer", "Le convoi a été attaqué", "attaqué@16-23" },
    { "envahir", "La foule a envahi le palais", "envahi@11-17" },
    /* an English word ending in -er is not a French verb */
    { "officer", "The office closed", NULL },
  };

  assert_span_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_forms_operators (void)
{
  static const SpanCase cases[] = {
    /* forms inside NEAR, AND, title: and under NOT */
    { "rocket NEAR/2 land", "Two rockets landed near the runway", NULL },
    { "rocket NEAR/2 fall", "Rockets fall near Erbil airport", "Rockets@0-7|fall@8-12" },
    { "title:rocket AND abduct", "Rockets and abducted men", "Rockets@0-7|abducted@12-20" },
    { "convoy NOT rocket", "Convoys and rockets", NULL },
    /* "-word" is NOT, as search boxes write it; a hyphen inside a word is not */
    { "convoy -rocket", "Convoys and rockets", NULL },
    { "convoy -\"rocket fire\"", "Convoys and rockets", "Convoys@0-7" },
    { "convoy -(rocket OR mortar)", "Convoys and mortars", NULL },
    { "al-Qaeda", "An al-Qaeda cell", "al-Qaeda@3-11" },
    { "attack -Ürümqi", "Attack in Ürümqi", NULL },
    { "-5 degrees", "It was -5 degrees", "5@8-9|degrees@10-17" },
    { "source:wire", "wires", NULL }, /* no source in the context */
  };

  assert_span_cases (cases, G_N_ELEMENTS (cases));
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
test_values (void)
{
  /* Each value that names nothing, with where the parser stopped and what
   * the error says; the others parse. */
  static const QueryErrorCase cases[] = {
    /* categories: the analysis's, listed in the message */
    { "category:bogus", 9, "“bogus” at position 10" },
    { "category:bogus", 9, "evacuation, indirect-fire, ied" },
    { "rocket AND category:bogus", 20, "kidnapping" },
    { "category:\"bogus\"", 9, "bogus" },
    { "category:ied" },
    { "category:Indirect-Fire" },
    { "category:explosives" }, /* the label the window shows */
    { "category:protests" },   /* ACLED event types */
    { "category:riots" },
    { "category:explosions" },
    { "category:battles" },
    { "category:remote-violence" },
    { "category:\"remote violence\"" },
    { "category:\"explosions/remote violence\"" },
    { "category:violence-against-civilians" },
    /* one or many: "riot" as "riots", "kidnappings" as "kidnapping" */
    { "category:riot" },
    { "category:protest" },
    { "category:battle" },
    { "category:explosion" },
    { "category:kidnappings" },
    { "category:evacuations" },
    { "category:arrest" },
    { "category:bombing" },
    { "category:bombings" },
    { "category:demonstrations" },
    { "category:epidemic" },
    { "category:riotous", 9, "“riotous”" },
    { "category:bogu", 9, "“bogu”" },
    /* countries: an ISO 3166 code or a name */
    { "country:XX", 8, "“XX” at position 9" },
    { "rocket country:Atlantis", 15, "ISO 3166" },
    { "country:IQ" },
    { "country:iq" },
    { "country:XK" }, /* Kosovo: no ISO code, a common one */
    { "country:Iraq" },
    { "country:Irak" },
    { "country:\"United Arab Emirates\"" },
    { "country:UAE" },
    { "country:UK" },
    /* languages: ISO 639-1 and und */
    { "lang:klingon", 5, "“klingon” at position 6" },
    { "lang:xx", 5, "en, fr, es, ar" },
    { "lang:e", 5, "“e”" },
    { "lang:en" },
    { "lang:FR" },
    { "lang:ar" },
    { "lang:und" },
    { "lang:de" },
    { "lang:en-GB" },
    { "lang:zz-GB", 5, "zz-GB" },
  };

  assert_query_error_cases (cases, G_N_ELEMENTS (cases), VIGIL_QUERY_ERROR_VALUE);
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
  query_context_set_analysis (&ctx, analysis, gaz);
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

  const struct
  {
    const char *query, *text;
    gboolean matches;
  } cases[] = {
    { "category:indirect-fire", rockets, TRUE },
    { "category:remote-violence", rockets, TRUE },
    { "category:protests", rockets, FALSE },
    { "category:protests", protest, TRUE },
    { "category:riots", protest, TRUE },
    { "category:riot", protest, TRUE },
    { "category:demonstration", protest, TRUE },
    { "category:riot", rockets, FALSE },
    { "category:bombing", bomb, TRUE },
    { "category:bombing", protest, FALSE },
    { "category:explosions", bomb, TRUE },
    { "category:explosives", bomb, TRUE },
    { "category:ied", bomb, TRUE },
    { "country:IQ", rockets, TRUE },
    { "country:Iraq", rockets, TRUE },
    { "country:irak", rockets, TRUE },
    { "country:Syria", rockets, FALSE },
    { "lang:en", rockets, TRUE },
    { "lang:fr", rockets, FALSE },
    /* A country named by its people, in English, French and Spanish, with no
     * place of it named. */
    { "country:RU AND drone*", "Drones hit power plant\nRussian forces launched drones.", TRUE },
    { "country:RU", "Frappes de drones\nLes forces russes ont frappé une centrale électrique.",
      TRUE },
    { "country:RU", "Ataque con drones\nLas fuerzas rusas atacaron una central eléctrica.", TRUE },
    { "country:IQ", "Ofensiva\nEl ejército iraquí lanzó una ofensiva.", TRUE },
    { "country:RU", "Ataque con drones\nLas fuerzas atacaron una central eléctrica.", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s in “%s”", cases[i].query, cases[i].text);
      g_assert_cmpint (matches_article (cases[i].query, cases[i].text), ==, cases[i].matches);
    }
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
