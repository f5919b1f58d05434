/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The refresh worker of bench-ui without the window: N sources (argument,
 * default 40) each bring the 50 items bench-ui's server gives, ingested one
 * source after another as the monitor's workers do (parse, analyse, group,
 * store, story alerts). Prints the time, the stories the new articles form
 * and a checksum of the grouping (each article's story given as its first
 * article's guid), so that a change can be checked not to regroup anything. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-ui-feed.h"
#include "vigil-feed-parser.h"
#include "vigil-ingest.h"

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-bench-refresh-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  guint n_sources = argc > 1 ? (guint) atoi (argv[1]) : 40;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  VigilGazetteer *gazetteer = vigil_gazetteer_new_default_lazy ();
  g_autoptr (VigilAlertEngine) alerts = vigil_alert_engine_new ();
  VigilIngest *ingest;
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (GHashTable) roots
      = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  guint n_new = 0, n_hits = 0, n_stories = 0;
  gint64 t0;
  clock_t c0;
  guint64 checksum = 14695981039346656037ULL;

  g_assert_no_error (error);
  vigil_alert_engine_set_gazetteer (alerts, gazetteer);
  if (!vigil_alert_engine_load_default_rules (alerts, &error))
    g_error ("%s", error->message);
  for (guint s = 0; s < n_sources; s++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1/feed-%u.xml", s);
      g_autofree char *title = g_strdup_printf ("Source %u", s);
      vigil_store_add_source (store, url, title, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  sources = vigil_store_list_sources (store, &error);
  g_assert_no_error (error);
  ingest = vigil_ingest_new (store, gazetteer, alerts);
  t0 = g_get_monotonic_time ();
  c0 = clock ();
  for (guint s = 0; s < sources->len; s++)
    {
      VigilSource *source = g_ptr_array_index (sources, s);
      guint n = 0;
      g_autofree char *xml = NULL;
      g_autoptr (VigilParsedFeed) feed = NULL;
      VigilIngestResult result = { 0 };

      sscanf (source->url, "http://127.0.0.1/feed-%u.xml", &n);
      xml = g_string_free (bench_ui_feed (n), FALSE);
      feed = vigil_feed_parse (xml, strlen (xml), source->url, NULL, &error);
      g_assert_no_error (error);
      if (!vigil_ingest_items (ingest, source, feed->items, 0, g_get_real_time () / G_USEC_PER_SEC,
                               &result, &error))
        g_error ("%s", error->message);
      n_new += result.n_new;
      n_hits += result.hits ? result.hits->len : 0;
      vigil_ingest_result_clear (&result);
    }
  printf ("%u sources: %u new articles, %u alert hits in %.2f s (processor time %.2f s)\n",
          n_sources, n_new, n_hits, (g_get_monotonic_time () - t0) / 1e6,
          (double) (clock () - c0) / CLOCKS_PER_SEC);
  /* The grouping, by guid (ids are given in order). */
  for (guint s = 0; s < sources->len; s++)
    {
      VigilSource *source = g_ptr_array_index (sources, s);
      g_autoptr (GPtrArray) articles = vigil_store_list_articles (store, source->id, NULL);
      for (guint i = 0; articles && i < articles->len; i++)
        {
          VigilArticle *a = g_ptr_array_index (articles, i);
          if (!g_hash_table_contains (roots, &a->cluster_id))
            {
              g_autoptr (VigilArticle) root = vigil_store_get_article (store, a->cluster_id, NULL);
              g_hash_table_insert (roots, g_memdup2 (&a->cluster_id, sizeof a->cluster_id),
                                   g_strdup (root ? root->guid : "?"));
              n_stories++;
            }
          checksum ^= g_str_hash (a->guid);
          checksum *= 1099511628211ULL;
          checksum ^= g_str_hash (g_hash_table_lookup (roots, &a->cluster_id));
          checksum *= 1099511628211ULL;
        }
    }
  printf ("stories: %u, grouping checksum %016" G_GINT64_MODIFIER "x\n", n_stories, checksum);
  vigil_ingest_free (ingest);
  vigil_gazetteer_unref (gazetteer);
  g_clear_object (&store);
  if (g_getenv ("BENCH_REFRESH_KEEP"))
    printf ("store kept in %s\n", path);
  else
    {
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;
      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree char *p = g_build_filename (dir, name, NULL);
          g_unlink (p);
        }
      g_rmdir (dir);
    }
  return 0;
}
