/* Analysis benchmark (issue 4): tagging throughput on one core with the full
 * gazetteer, automaton build time and memory, and precision/recall/F1 per type on
 * the evaluation set, side by side with the npm package compromise in the same
 * run. Run with `meson test -C _build --benchmark --suite bench -v`. */
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "eval-set.h"

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || !(p = strstr (status, "VmRSS:")))
    return -1;
  return strtol (p + 6, NULL, 10);
}

int
main (int argc, char *argv[])
{
  g_autofree char *eval = g_build_filename (BENCH_DIR, "..", "fixtures", "eval", "eval.tsv", NULL);
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  long rss_before, rss_after;
  gint64 t0;
  double build_ms, tag_s, one_s;
  VigilGazetteer *gaz;
  guint tp[EVAL_N_TYPES] = { 0 }, fp[EVAL_N_TYPES] = { 0 }, fn[EVAL_N_TYPES] = { 0 };
  g_autoptr (GError) error = NULL;

  docs = eval_set_load (eval, &error);
  g_assert_no_error (error);

  rss_before = rss_kib ();
  t0 = g_get_monotonic_time ();
  gaz = vigil_gazetteer_new_default (&error);
  build_ms = (g_get_monotonic_time () - t0) / 1000.0;
  rss_after = rss_kib ();
  g_assert_no_error (error);

  for (guint d = 0; d < docs->len; d++)
    {
      EvalDoc *doc = g_ptr_array_index (docs, d);
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, doc->text->str, 0);

      eval_doc_count (doc, a, tp, fp, fn, FALSE);
    }

  /* Throughput: the evaluation texts repeated to about 4 MB, one document. */
  while (big->len < 4 * 1024 * 1024)
    for (guint d = 0; d < docs->len; d++)
      {
        g_string_append (big, ((EvalDoc *) g_ptr_array_index (docs, d))->text->str);
        g_string_append (big, "\n\n");
      }
  /* Two ways, best of three runs each (`--vigil-only N`: N runs and stop, for a
   * profiler): article by article, as Vigil analyses what it fetches (the
   * evaluation texts over and over until 4 MB have gone through), and the same
   * 4 MB as one document. */
  {
    gboolean only = argc == 3 && g_str_equal (argv[1], "--vigil-only");
    tag_s = one_s = G_MAXDOUBLE;
    for (int round = only ? atoi (argv[2]) : 3; round > 0; round--)
      {
        gsize done = 0;
        t0 = g_get_monotonic_time ();
        while (done < big->len)
          for (guint d = 0; d < docs->len && done < big->len; d++)
            {
              EvalDoc *doc = g_ptr_array_index (docs, d);
              vigil_analysis_free (vigil_analyze (gaz, doc->text->str, 0));
              done += doc->text->len + 2;
            }
        tag_s = MIN (tag_s, (g_get_monotonic_time () - t0) / 1e6);
        t0 = g_get_monotonic_time ();
        vigil_analysis_free (vigil_analyze (gaz, big->str, 0));
        one_s = MIN (one_s, (g_get_monotonic_time () - t0) / 1e6);
      }
    if (only)
      {
        printf ("%.1f MB: %.1f MB/s article by article, %.1f MB/s as one document\n",
                big->len / 1e6, big->len / 1e6 / tag_s, big->len / 1e6 / one_s);
        return 0;
      }
  }

  printf ("\nAnalysis: %u gazetteer entries built in %.1f ms, %.1f MiB resident for it\n",
          vigil_gazetteer_size (gaz), build_ms, (rss_after - rss_before) / 1024.0);

  /* compromise, in the same run, on the same texts and gold. */
  {
    g_autofree char *big_path
        = g_build_filename (g_get_tmp_dir (), "vigil-bench-tagging.txt", NULL);
    g_autofree char *script = g_build_filename (BENCH_DIR, "compromise-bench.js", NULL);
    const char *node_argv[] = { "node", script, eval, big_path, NULL };
    g_autofree char *out = NULL;
    int status = -1;
    g_autoptr (JsonParser) parser = json_parser_new ();
    JsonObject *root = NULL, *cc = NULL;
    double cs = 0;

    g_file_set_contents (big_path, big->str, big->len, NULL);
    if (g_spawn_sync (NULL, (char **) node_argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                      &status, NULL)
        && status == 0 && json_parser_load_from_data (parser, out, -1, NULL))
      {
        root = json_node_get_object (json_parser_get_root (parser));
        cc = json_object_get_object_member (root, "counts");
        cs = json_object_get_double_member (root, "seconds");
      }
    printf ("\n%.1f MB of news text: the %u evaluation texts analysed one by one, over and "
            "over (as articles arrive); best of 3 runs\n",
            big->len / 1e6, docs->len);
    printf ("\n| tagger | MB/s (one core) | person F1 | organization F1 | location F1 "
            "|\n|---|---|---|---|---|\n");
    printf ("| Vigil | %.1f |", big->len / 1e6 / tag_s);
    for (guint t = 0; t < 3; t++)
      {
        double p = (double) tp[t] / MAX (1, tp[t] + fp[t]);
        double r = (double) tp[t] / MAX (1, tp[t] + fn[t]);
        printf (" %.3f |", p + r > 0 ? 2 * p * r / (p + r) : 0);
      }
    printf ("\n");
    if (cc != NULL)
      {
        printf ("| compromise (npm) | %.2f |", big->len / 1e6 / cs);
        for (guint t = 0; t < 3; t++)
          {
            JsonObject *o = json_object_get_object_member (cc, eval_types[t]);
            double tp = json_object_get_int_member (o, "tp"),
                   fp = json_object_get_int_member (o, "fp"),
                   fn = json_object_get_int_member (o, "fn");
            double p = tp / MAX (1, tp + fp), r = tp / MAX (1, tp + fn);
            printf (" %.3f |", p + r > 0 ? 2 * p * r / (p + r) : 0);
          }
        printf ("\n| ratio | %.0fx | | | |\n", (big->len / tag_s) / (big->len / cs));
      }
    else
      printf ("| compromise | not available: install it with `npm install compromise` and set "
              "NODE_PATH | | | |\n");
    printf ("\nThe same %.1f MB as one document: Vigil %.1f MB/s\n", big->len / 1e6,
            big->len / 1e6 / one_s);
    g_remove (big_path);
  }
  vigil_gazetteer_unref (gaz);
  return 0;
}
