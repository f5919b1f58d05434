/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Alert benchmark (issue 5): 200 rules over 100,000 analysed articles, rules
 * evaluated per second and articles per second, on one core. Articles are made
 * from a news-like vocabulary with the desk's terms mixed in; each is analysed
 * once before timing, as the monitor does before it evaluates rules. */
#include <stdio.h>

#include "vigil-alert-engine.h"

#define N_ARTICLES 100000
#define N_RULES 200

static const char *const desk[]
    = { "embassy",  "Baghdad",    "rocket",    "rockets", "attack",  "convoy",
        "drawdown", "evacuation", "protest",   "curfew",  "militia", "drone",
        "strike",   "kidnapped",  "hostage",   "Erbil",   "Mosul",   "airport",
        "ministry", "border",     "ceasefire", "flood" };

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilGazetteer) gaz = vigil_gazetteer_new_default (&error);
  g_autoptr (VigilAlertEngine) engine = vigil_alert_engine_new ();
  g_autoptr (GRand) r = g_rand_new_with_seed (7);
  g_autoptr (GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) analyses
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_analysis_free);
  static const char *const filler[]
      = { "the",   "officials", "said",    "on",    "Tuesday", "in",    "a",   "statement",
          "after", "talks",     "with",    "local", "leaders", "over",  "the", "weekend",
          "and",   "new",       "reports", "from",  "the",     "region" };
  guint64 matched = 0;
  double seconds;
  gint64 t0;

  g_assert_no_error (error);
  vigil_alert_engine_set_gazetteer (engine, gaz);
  /* 200 rules of the shapes desks write: phrases, wildcards, AND/OR/NOT, NEAR, scopes. */
  for (guint i = 0; i < N_RULES; i++)
    {
      const char *a = desk[i % G_N_ELEMENTS (desk)], *b = desk[(i * 7 + 3) % G_N_ELEMENTS (desk)];
      const char *c = desk[(i * 5 + 1) % G_N_ELEMENTS (desk)];
      g_autofree char *name = g_strdup_printf ("Rule %u", i);
      g_autofree char *query = NULL;
      switch (i % 5)
        {
        case 0:
          query = g_strdup_printf ("%s AND (%s OR %s*)", a, b, c);
          break;
        case 1:
          query = g_strdup_printf ("%s* NEAR/6 (%s OR %s)", a, b, c);
          break;
        case 2:
          query = g_strdup_printf ("title:%s OR (%s AND NOT %s)", a, b, c);
          break;
        case 3:
          query = g_strdup_printf ("(%s OR %s) AND country:IQ AND level>=elevated", a, b);
          break;
        default:
          query = g_strdup_printf ("\"%s %s\" OR entity:%s", a, b, c);
          break;
        }
      if (!vigil_alert_engine_add_rule (engine, name, VIGIL_SEVERITY_HIGH, query, &error))
        g_error ("%s: %s", query, error->message);
    }
  for (guint i = 0; i < N_ARTICLES; i++)
    {
      VigilArticle *a = vigil_article_new ();
      GString *body = g_string_new (NULL);
      g_autofree char *text = NULL;
      for (guint w = 0; w < 80; w++)
        {
          const char *word = g_rand_int_range (r, 0, 100) < 8
                                 ? desk[g_rand_int_range (r, 0, G_N_ELEMENTS (desk))]
                                 : filler[g_rand_int_range (r, 0, G_N_ELEMENTS (filler))];
          g_string_append (body, word);
          g_string_append (body, w % 15 == 14 ? ". " : " ");
        }
      a->title = g_strdup_printf ("%s %s near %s", desk[i % G_N_ELEMENTS (desk)],
                                  filler[i % G_N_ELEMENTS (filler)],
                                  desk[(i / 3) % G_N_ELEMENTS (desk)]);
      a->source_title = g_strdup ("Bench wire");
      text = g_strconcat (a->title, "\n", body->str, NULL);
      {
        VigilAnalysis *an = vigil_analyze (gaz, text, g_utf8_strlen (a->title, -1));
        a->score = an->score;
        a->level = g_strdup (an->level);
        a->language = g_strdup (an->language);
        g_ptr_array_add (analyses, an);
      }
      g_ptr_array_add (articles, a);
      g_ptr_array_add (bodies, g_string_free (body, FALSE));
    }

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_ARTICLES; i++)
    {
      g_autoptr (GPtrArray) m = vigil_alert_engine_evaluate (
          engine, g_ptr_array_index (articles, i), g_ptr_array_index (bodies, i),
          g_ptr_array_index (analyses, i));
      matched += m->len;
    }
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  printf ("\nAlert rules: %d rules over %d analysed articles (about 80 words each), one core\n",
          N_RULES, N_ARTICLES);
  printf ("| articles/s | rule evaluations/s | matches | seconds |\n|---|---|---|---|\n");
  printf ("| %.0f | %.0f | %" G_GUINT64_FORMAT " | %.2f |\n", N_ARTICLES / seconds,
          (double) N_ARTICLES * N_RULES / seconds, matched, seconds);
  return 0;
}
