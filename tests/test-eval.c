/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The evaluation set (tests/fixtures/eval/eval.tsv): precision, recall and F1 of
 * the recogniser per type against hand-made gold annotations, with thresholds set
 * from the first measurement; and no calm text above "low". */
#include <math.h>

#include "eval-set.h"
#include "vigil-test-utils.h"

/* Minimum F1 per type (and risk recall), set from the measured values, rounded
 * down: the suite fails if the recogniser gets worse. */
static const double min_f1[] = { MIN_F1_PERSON, MIN_F1_ORG, MIN_F1_LOC, MIN_F1_RISK };

/* Scores a set; returns F1 per type in f1[]. */
static void
evaluate (const char *file, double *f1, double *recall, guint min_docs, guint min_calm)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilGazetteer) gaz = vigil_gazetteer_new_default (&error);
  g_autofree char *path = vigil_test_file_path ("fixtures", "eval", file, NULL);
  g_autoptr (GPtrArray) docs = eval_set_load (path, &error);
  guint tp[EVAL_N_TYPES] = { 0 }, fp[EVAL_N_TYPES] = { 0 }, fn[EVAL_N_TYPES] = { 0 };
  guint calm_docs = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, >=, min_docs);
  for (guint d = 0; d < docs->len; d++)
    {
      EvalDoc *doc = g_ptr_array_index (docs, d);
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, doc->text->str, 0);

      eval_doc_count (doc, a, tp, fp, fn, TRUE);
      if (doc->calm)
        {
          calm_docs++;
          g_test_message ("%s: calm text scored %d (%s)", doc->id, a->score, a->level);
          g_assert_cmpstr (a->level, ==, "low");
        }
    }
  g_assert_cmpuint (calm_docs, >=, min_calm);

  g_print ("# %s\n# | type | TP | FP | FN | precision | recall | F1 |\n", file);
  for (guint t = 0; t < EVAL_N_TYPES; t++)
    {
      double p = tp[t] + fp[t] ? (double) tp[t] / (tp[t] + fp[t]) : 1;
      double r = tp[t] + fn[t] ? (double) tp[t] / (tp[t] + fn[t]) : 1;
      f1[t] = p + r > 0 ? 2 * p * r / (p + r) : 0;
      g_print ("# | %s | %u | %u | %u | %.3f | %.3f | %.3f |\n", eval_types[t], tp[t], fp[t], fn[t],
               p, r, f1[t]);
      recall[t] = r;
    }
}

static void
test_evaluation (void)
{
  double f1[4], recall[4];

  evaluate ("eval.tsv", f1, recall, 25, 6);
  for (guint t = 0; t < EVAL_N_TYPES; t++)
    g_assert_cmpfloat (f1[t], >=, min_f1[t]);
  g_assert_cmpfloat (recall[3], >=, MIN_RISK_RECALL);
}

/* Texts never used to tune the rules: the honest measure, guarded only against
 * getting worse than it was when first measured. */
static void
test_heldout (void)
{
  double f1[4], recall[4];

  evaluate ("heldout.tsv", f1, recall, 10, 3);
  for (guint t = 0; t < EVAL_N_TYPES; t++)
    g_assert_cmpfloat (f1[t], >=, HELDOUT_MIN_F1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/eval/evaluation-set", test_evaluation);
  g_test_add_func ("/eval/held-out-set", test_heldout);
  return g_test_run ();
}
