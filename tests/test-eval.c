/* The evaluation set (tests/fixtures/eval/eval.tsv): precision, recall and F1 of
 * the recogniser per type against hand-made gold annotations, with thresholds set
 * from the first measurement; and no calm text above "low". */
#include <math.h>

#include "vigil-analyzer.h"

static const char *const types[] = { "person", "organization", "location", "risk" };

/* Minimum F1 per type (and risk recall), set from the measured values, rounded
 * down: the suite fails if the recogniser gets worse. */
static const double min_f1[] = { MIN_F1_PERSON, MIN_F1_ORG, MIN_F1_LOC, MIN_F1_RISK };

typedef struct
{
  char *id;
  gboolean calm;
  GString *text;
  GHashTable *gold; /* "type\tsurface" */
} Doc;

static void
doc_free (Doc *d)
{
  g_free (d->id);
  g_string_free (d->text, TRUE);
  g_hash_table_unref (d->gold);
  g_free (d);
}

static GPtrArray *
load (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "eval", file, NULL);
  g_autofree char *data = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) doc_free);
  Doc *cur = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  lines = g_strsplit (data, "\n", -1);
  for (int i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      if (l[0] == '#' || l[0] == '\0')
        continue;
      if (g_str_has_prefix (l, "=== "))
        {
          g_auto (GStrv) head = g_strsplit (l + 4, " | ", 2);
          cur = g_new0 (Doc, 1);
          cur->id = g_strdup (head[0]);
          cur->calm = head[1] && g_str_equal (g_strstrip (head[1]), "calm");
          cur->text = g_string_new (NULL);
          cur->gold = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_ptr_array_add (docs, cur);
        }
      else if (g_str_has_prefix (l, "@ "))
        g_hash_table_add (cur->gold, g_strdup (l + 2));
      else
        {
          if (cur->text->len)
            g_string_append_c (cur->text, '\n');
          g_string_append (cur->text, l);
        }
    }
  return docs;
}

/* Scores a set; returns F1 per type in f1[]. */
static void
evaluate (const char *file, double *f1, double *recall, guint min_docs, guint min_calm)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilGazetteer) gaz = vigil_gazetteer_new_default (&error);
  g_autoptr (GPtrArray) docs = load (file);
  guint tp[4] = { 0 }, fp[4] = { 0 }, fn[4] = { 0 };
  guint calm_docs = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, >=, min_docs);
  for (guint d = 0; d < docs->len; d++)
    {
      Doc *doc = g_ptr_array_index (docs, d);
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, doc->text->str, 0);
      g_autoptr (GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer key;

      for (guint i = 0; i < a->entities->len; i++)
        {
          VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
          g_hash_table_add (
              found, g_strdup_printf ("%s\t%s", vigil_entity_type_to_string (e->type), e->text));
        }
      for (guint i = 0; i < a->risks->len; i++)
        g_hash_table_add (
            found, g_strdup_printf ("risk\t%s", g_array_index (a->risks, VigilRisk, i).text));

      g_hash_table_iter_init (&iter, found);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        for (guint t = 0; t < G_N_ELEMENTS (types); t++)
          if (g_str_has_prefix (key, types[t]) && ((const char *) key)[strlen (types[t])] == '\t')
            {
              if (g_hash_table_contains (doc->gold, key))
                tp[t]++;
              else
                {
                  fp[t]++;
                  g_test_message ("%s: false positive %s", doc->id, (const char *) key);
                }
            }
      g_hash_table_iter_init (&iter, doc->gold);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (found, key))
          for (guint t = 0; t < G_N_ELEMENTS (types); t++)
            if (g_str_has_prefix (key, types[t]) && ((const char *) key)[strlen (types[t])] == '\t')
              {
                fn[t]++;
                g_test_message ("%s: missed %s", doc->id, (const char *) key);
              }
      if (doc->calm)
        {
          calm_docs++;
          g_test_message ("%s: calm text scored %d (%s)", doc->id, a->score, a->level);
          g_assert_cmpstr (a->level, ==, "low");
        }
    }
  g_assert_cmpuint (calm_docs, >=, min_calm);

  g_print ("# %s\n# | type | TP | FP | FN | precision | recall | F1 |\n", file);
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      double p = tp[t] + fp[t] ? (double) tp[t] / (tp[t] + fp[t]) : 1;
      double r = tp[t] + fn[t] ? (double) tp[t] / (tp[t] + fn[t]) : 1;
      f1[t] = p + r > 0 ? 2 * p * r / (p + r) : 0;
      g_print ("# | %s | %u | %u | %u | %.3f | %.3f | %.3f |\n", types[t], tp[t], fp[t], fn[t], p,
               r, f1[t]);
      recall[t] = r;
    }
}

static void
test_evaluation (void)
{
  double f1[4], recall[4];

  evaluate ("eval.tsv", f1, recall, 25, 6);
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
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
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
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
