/* Analysis benchmark (issue 4): tagging throughput on one core with the full
 * gazetteer, automaton build time and memory, and precision/recall/F1 per type on
 * the evaluation set, side by side with the npm package compromise in the same
 * run. Run with `meson test -C _build --benchmark --suite bench -v`. */
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "vigil-analyzer.h"

static const char *const types[] = { "person", "organization", "location" };

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

typedef struct
{
  GString *text;
  GHashTable *gold;
} Doc;

int
main (int argc, char *argv[])
{
  g_autofree char *eval = g_build_filename (BENCH_DIR, "..", "fixtures", "eval", "eval.tsv", NULL);
  g_autofree char *data = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GArray) docs = g_array_new (FALSE, FALSE, sizeof (Doc));
  g_autoptr (GString) big = g_string_new (NULL);
  long rss_before, rss_after;
  gint64 t0;
  double build_ms, tag_s;
  VigilGazetteer *gaz;
  guint counts[3][3] = { { 0 } }; /* tp fp fn */
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (eval, &data, NULL, NULL));
  lines = g_strsplit (data, "\n", -1);
  for (int i = 0; lines[i]; i++)
    {
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      if (g_str_has_prefix (lines[i], "=== "))
        {
          Doc d = { g_string_new (NULL),
                    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
          g_array_append_val (docs, d);
        }
      else if (g_str_has_prefix (lines[i], "@ "))
        {
          if (!g_str_has_prefix (lines[i], "@ risk"))
            g_hash_table_add (g_array_index (docs, Doc, docs->len - 1).gold,
                              g_strdup (lines[i] + 2));
        }
      else
        {
          GString *t = g_array_index (docs, Doc, docs->len - 1).text;
          if (t->len)
            g_string_append_c (t, '\n');
          g_string_append (t, lines[i]);
        }
    }

  rss_before = rss_kib ();
  t0 = g_get_monotonic_time ();
  gaz = vigil_gazetteer_new_default (&error);
  build_ms = (g_get_monotonic_time () - t0) / 1000.0;
  rss_after = rss_kib ();
  g_assert_no_error (error);

  for (guint d = 0; d < docs->len; d++)
    {
      Doc *doc = &g_array_index (docs, Doc, d);
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
      for (guint t = 0; t < 3; t++)
        {
          g_hash_table_iter_init (&iter, found);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (g_str_has_prefix (key, types[t]) && ((char *) key)[strlen (types[t])] == '\t')
              counts[t][g_hash_table_contains (doc->gold, key) ? 0 : 1]++;
          g_hash_table_iter_init (&iter, doc->gold);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (g_str_has_prefix (key, types[t]) && ((char *) key)[strlen (types[t])] == '\t'
                && !g_hash_table_contains (found, key))
              counts[t][2]++;
        }
    }

  /* Throughput: the evaluation texts repeated to about 4 MB, one document. */
  while (big->len < 4 * 1024 * 1024)
    for (guint d = 0; d < docs->len; d++)
      {
        g_string_append (big, g_array_index (docs, Doc, d).text->str);
        g_string_append (big, "\n\n");
      }
  t0 = g_get_monotonic_time ();
  {
    g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, big->str, 0);
  }
  tag_s = (g_get_monotonic_time () - t0) / 1e6;

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
    printf ("\n| tagger | MB/s (one core) | person F1 | organization F1 | location F1 "
            "|\n|---|---|---|---|---|\n");
    printf ("| Vigil | %.1f |", big->len / 1e6 / tag_s);
    for (guint t = 0; t < 3; t++)
      {
        double p = (double) counts[t][0] / MAX (1, counts[t][0] + counts[t][1]);
        double r = (double) counts[t][0] / MAX (1, counts[t][0] + counts[t][2]);
        printf (" %.3f |", p + r > 0 ? 2 * p * r / (p + r) : 0);
      }
    printf ("\n");
    if (cc != NULL)
      {
        printf ("| compromise (npm) | %.2f |", big->len / 1e6 / cs);
        for (guint t = 0; t < 3; t++)
          {
            JsonObject *o = json_object_get_object_member (cc, types[t]);
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
    g_remove (big_path);
  }
  vigil_gazetteer_unref (gaz);
  return 0;
}
