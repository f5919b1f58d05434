/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Story grouping benchmark (issue 15): precision and recall of pairwise
 * grouping on the team's evaluation set, tests/fixtures/stories/ (see its
 * README): same-story pairs (one event rewritten by other outlets) and
 * different-incident pairs that share a place and a day. Each half (t-*, the
 * one tuned on; h-*, held out) is grouped on its own, article by article as
 * the app groups them, and every pair of its files is scored: grouped
 * together or not, against the truth the file names give.
 *
 * Run with `meson test -C _build --benchmark --suite bench bench-stories -v`;
 * `bench-stories -v` also prints each listed pair, each pair grouped
 * together and each pair at 0.45 or more, with their similarity as
 * vigil_story_signature_similarity() gives it (without the rarity of words
 * that the clusterer adds, and whatever their times), and the spread of the
 * similarities of same-story and other pairs; never for the final held-out
 * half (w-*), which is only scored. `bench-stories --features FILE` writes
 * each pair's features as CSV (see write_features), the sealed halves left
 * out: the story model is fitted on them. */
#include <stdio.h>
#include <string.h>

#include "vigil-analyzer.h"
#include "vigil-cluster-private.h"

#ifndef FIXTURES_DIR
#error "FIXTURES_DIR must be defined"
#endif

/* Targets of the issue, on the half not tuned on. */
#define TARGET_PRECISION 0.98
#define TARGET_RECALL 0.85

typedef struct
{
  char *name;  /* "t-s01a" */
  char *truth; /* the story it belongs to: "t-s01" for a pair of one story */
  char kind;   /* 's' of a same-story pair, 'd' of a different-incident one */
  char *title;
  char *text; /* title, newline, body */
  gboolean dated;
  gint64 time;
  VigilStorySignature *signature;
  gint64 cluster;
} Item;

static void
item_free (Item *item)
{
  g_free (item->name);
  g_free (item->truth);
  g_free (item->title);
  g_free (item->text);
  g_clear_pointer (&item->signature, vigil_story_signature_unref);
  g_free (item);
}

/* The layout `vigil-cli stories` reads: a title line, an optional
 * `Date: ISO8601` line, the body. */
static Item *
item_load (const char *dir, const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *contents = NULL;
  Item *item;
  char *nl, *body;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  item = g_new0 (Item, 1);
  item->name = g_strndup (file, strlen (file) - 4);
  /* "t-s01a" is story "t-s01"; "t-d01a" a story of its own. The prefix is
   * one or two characters and a dash ("Ya-s01a"). */
  item->kind = strchr (item->name, '-') ? strchr (item->name, '-')[1] : '\0';
  item->truth
      = item->kind == 's' ? g_strndup (item->name, strlen (item->name) - 1) : g_strdup (item->name);
  nl = strchr (contents, '\n');
  item->title = nl ? g_strndup (contents, nl - contents) : g_strdup (contents);
  body = nl ? nl + 1 : contents + strlen (contents);
  if (g_str_has_prefix (body, "Date:"))
    {
      char *end = strchr (body, '\n');
      gsize length = end ? (gsize) (end - body - 5) : strlen (body + 5);
      g_autofree char *value = g_strstrip (g_strndup (body + 5, length));
      g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (value, NULL);
      if (dt)
        {
          item->dated = TRUE;
          item->time = g_date_time_to_unix (dt);
        }
      body = end ? end + 1 : body + strlen (body);
    }
  item->text = g_strconcat (item->title, "\n", body, NULL);
  return item;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

typedef struct
{
  guint tp, fp, fn, tn;
  guint same_pairs, same_found, diff_pairs, diff_merged;
  GArray *same_scores, *other_scores; /* double: the similarity of each pair */
} Score;

/* --features FILE: one CSV row per pair of a half: the truth, the grouping,
 * the similarity, what decided it ("veto", "near" text or the "model"), the
 * model's inputs (cluster_model_inputs(), "in_" columns, with the rarity of
 * words the clusterer has once the whole half is read) and the rules' flags;
 * what tests/bench/fit-story-weights.py fits the model on. */
static FILE *features_out;

static void
write_features (const char *prefix, Item *a, Item *b, gboolean same, gboolean grouped,
                const Idf *idf)
{
  PairFeatures f;
  const char *why = NULL;
  double score = cluster_similarity_why (a->signature, b->signature, idf, &why);
  double x[STORY_IN_N];

  cluster_pair_features (a->signature, b->signature, idf, &f);
  cluster_model_inputs (&f, x);
  /* Which part decided: a rule that vetoes, near text, or the model. */
  fprintf (features_out, "%.*s,%s,%s,%d,%d,%.4f,%s", (int) strcspn (prefix, "-"), prefix, a->name,
           b->name, same, grouped, score,
           why                                  ? "veto"
           : f.simhash_distance <= SIMHASH_NEAR ? "near"
                                                : "model");
  for (guint i = 0; i < STORY_IN_N; i++)
    fprintf (features_out, ",%.4f", x[i]);
  fprintf (features_out, ",%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s\n", f.victims_differ,
           f.clock_differs, f.countries_differ, f.units_differ, f.provinces_differ, f.avenges,
           f.happened_after, f.lead_provinces_differ, f.lead_countries_differ, f.risks == 1,
           f.departure_untold, why ? why : "");
}

static void
run_half (VigilGazetteer *gazetteer, const char *folder, const char *prefix, gboolean names_only,
          gboolean verbose, Score *score, double *seconds)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autoptr (VigilClusterer) clusterer = vigil_clusterer_new (48 * 3600);
  g_autoptr (GTimer) timer = NULL;
  const char *file;
  gint64 earliest = G_MAXINT64;

  while (dir && (file = g_dir_read_name (dir)))
    if (g_str_has_prefix (file, prefix) && g_str_has_suffix (file, ".txt"))
      g_ptr_array_add (names, g_strdup (file));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      Item *item = item_load (folder, g_ptr_array_index (names, i));
      if (item == NULL)
        continue;
      if (item->dated)
        earliest = MIN (earliest, item->time);
      g_ptr_array_add (items, item);
    }
  timer = g_timer_new ();
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      g_autoptr (VigilAnalysis) analysis = NULL;
      const char *nl = strchr (item->text, '\n');

      if (!item->dated)
        item->time = earliest == G_MAXINT64 ? 0 : earliest;
      analysis = vigil_analyze (gazetteer, item->text, g_utf8_strlen (item->text, nl - item->text));
      item->signature = vigil_story_signature_new (gazetteer, analysis, item->text, item->time);
      if (names_only)
        {
          /* What the monitor passes today: the SimHash and the entity names
           * the store keeps. */
          g_autoptr (GPtrArray) entity_names = vigil_analysis_entity_names (analysis);
          guint64 simhash = vigil_simhash (item->text);
          item->cluster = vigil_clusterer_find (clusterer, item->time, simhash, entity_names);
          if (item->cluster == 0)
            item->cluster = i + 1;
          vigil_clusterer_add (clusterer, i + 1, item->cluster, item->time, simhash, entity_names);
          continue;
        }
      item->cluster = vigil_clusterer_find_story (clusterer, item->signature);
      if (item->cluster == 0)
        item->cluster = i + 1;
      vigil_clusterer_add_story (clusterer, i + 1, item->cluster, item->signature);
    }
  *seconds = g_timer_elapsed (timer, NULL);

  memset (score, 0, sizeof *score);
  score->same_scores = g_array_new (FALSE, FALSE, sizeof (double));
  score->other_scores = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < items->len; i++)
    for (guint k = i + 1; k < items->len; k++)
      {
        Item *a = g_ptr_array_index (items, i), *b = g_ptr_array_index (items, k);
        gboolean same = strcmp (a->truth, b->truth) == 0;
        gboolean grouped = a->cluster == b->cluster;
        /* The listed different-incident pairs: "t-d01a" and "t-d01b". */
        gboolean listed_diff = a->kind == 'd' && strlen (a->name) == strlen (b->name)
                               && strncmp (a->name, b->name, strlen (a->name) - 1) == 0;
        double similarity = vigil_story_signature_similarity (a->signature, b->signature);

        g_array_append_val (same ? score->same_scores : score->other_scores, similarity);
        if (features_out && !names_only)
          write_features (prefix, a, b, same, grouped, cluster_clusterer_idf (clusterer));
        if (same)
          {
            score->same_pairs++;
            score->same_found += grouped;
            grouped ? score->tp++ : score->fn++;
          }
        else
          {
            grouped ? score->fp++ : score->tn++;
            if (listed_diff)
              {
                score->diff_pairs++;
                score->diff_merged += grouped;
              }
          }
        if (verbose && (same || listed_diff || grouped || similarity >= 0.45))
          {
            const char *why = NULL;
            /* Which rule kept the two reports apart, if one did. */
            if (!grouped && !names_only)
              cluster_similarity_why (a->signature, b->signature, cluster_clusterer_idf (clusterer),
                                      &why);
            printf ("  %-7s %-7s %s %-9s similarity %.2f%s%s\n", a->name, b->name,
                    same ? "same " : "other",
                    grouped == same ? "ok" : (grouped ? "MERGED" : "MISSED"), similarity,
                    why ? ": " : "", why ? why : "");
            if (grouped != same && !names_only)
              {
                PairFeatures f;
                cluster_pair_features (a->signature, b->signature,
                                       cluster_clusterer_idf (clusterer), &f);
                printf ("      specific %.1f+%.1f regions %u words %.2f categories %.2f "
                        "numbers %u%s frame +%u -%u tolls -%u%s%s\n",
                        f.shared_specific, f.variant_specific, f.shared_regions, f.words,
                        f.category_cosine, f.shared_numbers, f.near_numbers ? " (near)" : "",
                        f.frame_agree, f.frame_conflict, f.toll_conflicts,
                        f.headline_differs ? " headlines differ" : "",
                        f.follow_up ? " follow-up" : "");
              }
          }
      }
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The spread of the similarities of same-story pairs and of the highest
 * ones of pairs of different stories, as vigil_story_signature_similarity()
 * gives them: how wide the margin about the threshold is. */
static void
print_distribution (const char *label, Score *s)
{
  GArray *same = s->same_scores, *other = s->other_scores;

  g_array_sort (same, compare_doubles);
  g_array_sort (other, compare_doubles);
  printf ("  %s: same-story pairs min %.2f, quartiles %.2f %.2f %.2f; other pairs, highest:", label,
          same->len ? g_array_index (same, double, 0) : 0,
          same->len ? g_array_index (same, double, same->len / 4) : 0,
          same->len ? g_array_index (same, double, same->len / 2) : 0,
          same->len ? g_array_index (same, double, same->len * 3 / 4) : 0);
  for (guint i = 0; i < 4 && i < other->len; i++)
    printf (" %.2f", g_array_index (other, double, other->len - 1 - i));
  printf ("\n");
}

static void
print_features (const char *label, GArray *features)
{
  printf ("  %s:", label);
  for (guint i = 0; i < features->len; i++)
    {
      const Feature *f = &g_array_index (features, Feature, i);
      printf (" %s%s(%.2g)", f->key, f->specific ? "*" : "", f->weight);
    }
  printf ("\n");
}

static double
ratio (guint a, guint b)
{
  return b ? (double) a / b : 1.0;
}

static void
write_header (void)
{
  fprintf (features_out, "half,a,b,same,grouped,score,decided");
  for (guint i = 0; i < STORY_IN_N; i++)
    fprintf (features_out, ",in_%s", cluster_model_input_names[i]);
  fprintf (features_out,
           ",victims_differ,clock_differs,countries_differ,units_differ,provinces_differ,avenges,"
           "happened_after,lead_provinces_differ,lead_countries_differ,one_risk,"
           "departure_untold,why\n");
}

int
main (int argc, char **argv)
{
  gboolean verbose = argc > 1 && strcmp (argv[1], "-v") == 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilGazetteer) gazetteer = vigil_gazetteer_new_default (&error);
  /* The last two rows: the clusterer as the monitor calls it today, with
   * only what the store keeps (SimHash and entity names). */
  const struct
  {
    const char *prefix, *label;
    gboolean names_only, sealed;
  } halves[] = {
    { "t-", "tuning half (t-*, tuned on)", FALSE, FALSE },
    { "h-", "held-out half (h-*, not tuned on)", FALSE, FALSE },
    { "v-", "v-* (another writer; looked at)", FALSE, FALSE },
    { "x-", "x-* (a fourth writer; looked at after its first score)", FALSE, FALSE },
    /* The final held-out half: scored, its pairs never printed (-v). */
    { "w-", "w-* (another writer; final held-out)", FALSE, TRUE },
    { "y-", "y-* (a fifth writer; looked at after its first score)", FALSE, FALSE },
    { "q-", "q-* (a sixth writer; looked at after its first score)", FALSE, FALSE },
    /* Another writer's half, kept as w-* is: scored, never printed. */
    { "z-", "z-* (a seventh writer; held out)", FALSE, TRUE },
    /* An eighth writer's, written 4 December 2026 (second session): scored
     * only, like w-* and z-*. */
    { "r-", "r-* (an eighth writer; held out)", FALSE, TRUE },
    /* Two halves written on 4 December 2026 (fourth session): scored first
     * with the code of the session's start, then looked at. */
    { "n-", "n-* (a ninth writer; looked at after its first score)", FALSE, FALSE },
    { "u-", "u-* (a tenth writer; looked at after its first score)", FALSE, FALSE },
    { "p-", "p-* (an eleventh writer; looked at after its first score)", FALSE, FALSE },
    /* Three writers' halves of 5 December 2026 (8 + 8 pairs each): scored
     * first with the code of the session's start, then looked at. */
    { "k-", "k-* (a twelfth writer; looked at after its first score)", FALSE, FALSE },
    { "j-", "j-* (a thirteenth writer; looked at after its first score)", FALSE, FALSE },
    { "m-", "m-* (a fourteenth writer; looked at after its first score)", FALSE, FALSE },
    /* Three more of 5 December 2026's second session (8 + 8 pairs each):
     * scored first, then looked at. */
    { "e-", "e-* (a fifteenth writer; looked at after its first score)", FALSE, FALSE },
    { "g-", "g-* (a sixteenth writer; looked at after its first score)", FALSE, FALSE },
    { "l-", "l-* (a seventeenth writer; looked at after its first score)", FALSE, FALSE },
    /* Three writers' halves of 5 December 2026 (third session): scored
     * first with the code of the session's start; a-* then kept as w-* is,
     * b-* and c-* looked at. */
    { "a-", "a-* (an eighteenth writer; held out)", FALSE, TRUE },
    { "b-", "b-* (a nineteenth writer; looked at after its first score)", FALSE, FALSE },
    { "c-", "c-* (a twentieth writer; looked at after its first score)", FALSE, FALSE },
    /* Three more of that session, scored first with the code of its start
     * and with the code they met; i-* then kept as w-* is. */
    { "f-", "f-* (a twenty-first writer; looked at after its first score)", FALSE, FALSE },
    { "i-", "i-* (a twenty-second writer; held out)", FALSE, TRUE },
    { "o-", "o-* (a twenty-third writer; looked at after its first score)", FALSE, FALSE },
    /* Four writers' halves of 5 December 2026 (fourth session), scored first
     * with the code of the session's start; s-* then kept as w-* is. The
     * last two have a digit for prefix (the letters ran out). */
    { "d-", "d-* (a twenty-fourth writer; looked at after its first score)", FALSE, FALSE },
    { "s-", "s-* (a twenty-fifth writer; held out)", FALSE, TRUE },
    { "1-", "1-* (a twenty-sixth writer; looked at after its first score)", FALSE, FALSE },
    { "2-", "2-* (a twenty-seventh writer; looked at after its first score)", FALSE, FALSE },
    /* Three more of that session, written after its changes and scored with
     * the code of its start and of its end; all three kept as w-* is. */
    { "3-", "3-* (a twenty-eighth writer; held out)", FALSE, TRUE },
    { "4-", "4-* (a twenty-ninth writer; held out)", FALSE, TRUE },
    { "5-", "5-* (a thirtieth writer; held out)", FALSE, TRUE },
    { "6-", "6-* (a thirty-first writer; held out)", FALSE, TRUE },
    { "7-", "7-* (a thirty-second writer; held out)", FALSE, TRUE },
    { "8-", "8-* (a thirty-third writer; held out)", FALSE, TRUE },
    { "9-", "9-* (a thirty-fourth writer; held out)", FALSE, TRUE },
    { "A-", "A-* (a thirty-fifth writer; fitted on)", FALSE, FALSE },
    { "B-", "B-* (a thirty-sixth writer; fitted on)", FALSE, FALSE },
    { "C-", "C-* (a thirty-seventh writer; fitted on)", FALSE, FALSE },
    { "D-", "D-* (a thirty-eighth writer; fitted on)", FALSE, FALSE },
    { "E-", "E-* (a thirty-ninth writer; held out)", FALSE, TRUE },
    { "F-", "F-* (a fortieth writer; fitted on)", FALSE, FALSE },
    { "G-", "G-* (a forty-first writer; fitted on)", FALSE, FALSE },
    { "H-", "H-* (a forty-second writer; fitted on)", FALSE, FALSE },
    { "J-", "J-* (a forty-third writer; fitted on)", FALSE, FALSE },
    { "K-", "K-* (a forty-fourth writer; fitted on)", FALSE, FALSE },
    { "L-", "L-* (a forty-fifth writer; fitted on)", FALSE, FALSE },
    { "M-", "M-* (a forty-sixth writer; fitted on)", FALSE, FALSE },
    { "N-", "N-* (a forty-seventh writer; fitted on)", FALSE, FALSE },
    { "O-", "O-* (a forty-eighth writer; fitted on)", FALSE, FALSE },
    { "P-", "P-* (a forty-ninth writer; fitted on)", FALSE, FALSE },
    { "Q-", "Q-* (a fiftieth writer; fitted on)", FALSE, FALSE },
    { "R-", "R-* (a fifty-first writer; fitted on)", FALSE, FALSE },
    { "S-", "S-* (a fifty-second writer; fitted on)", FALSE, FALSE },
    { "T-", "T-* (a fifty-third writer; fitted on)", FALSE, FALSE },
    { "U-", "U-* (a fifty-fourth writer; fitted on)", FALSE, FALSE },
    { "V-", "V-* (a fifty-fifth writer; fitted on)", FALSE, FALSE },
    { "W-", "W-* (a fifty-sixth writer; fitted on)", FALSE, FALSE },
    { "X-", "X-* (a fifty-seventh writer; fitted on)", FALSE, FALSE },
    /* Six writers' halves of 6 December 2026 (second session), scored first
     * with the code of the session's start; their use decided before they
     * were written. Prefixes of two characters once the one-character ones
     * ran out. */
    { "Y-", "Y-* (a fifty-eighth writer; held out)", FALSE, TRUE },
    { "Z-", "Z-* (a fifty-ninth writer; held out)", FALSE, TRUE },
    { "0-", "0-* (a sixtieth writer; held out)", FALSE, TRUE },
    { "Ya-", "Ya-* (a sixty-first writer; fitted on)", FALSE, FALSE },
    { "Yb-", "Yb-* (a sixty-second writer; fitted on)", FALSE, FALSE },
    { "Yc-", "Yc-* (a sixty-third writer; fitted on)", FALSE, FALSE },
    /* Three more of that session, written after its first changes; scored
     * first with the code of its start, then kept as w-* is. */
    { "Yd-", "Yd-* (a sixty-fourth writer; held out)", FALSE, TRUE },
    { "Ye-", "Ye-* (a sixty-fifth writer; held out)", FALSE, TRUE },
    { "Yf-", "Yf-* (a sixty-sixth writer; held out)", FALSE, TRUE },
    /* Six more of that session, to fit on: scored first with the code of
     * its start and of their day. */
    { "Yg-", "Yg-* (a sixty-seventh writer; fitted on)", FALSE, FALSE },
    { "Yh-", "Yh-* (a sixty-eighth writer; fitted on)", FALSE, FALSE },
    { "Yi-", "Yi-* (a sixty-ninth writer; fitted on)", FALSE, FALSE },
    { "Yj-", "Yj-* (a seventieth writer; fitted on)", FALSE, FALSE },
    { "Yk-", "Yk-* (a seventy-first writer; fitted on)", FALSE, FALSE },
    { "Yl-", "Yl-* (a seventy-second writer; fitted on)", FALSE, FALSE },
    /* Six writers' halves of 6 December 2026 (thirteenth session): three held
     * out, three to fit on, all scored first with the code of its start. */
    { "Ym-", "Ym-* (a seventy-third writer; held out)", FALSE, TRUE },
    { "Yn-", "Yn-* (a seventy-fourth writer; held out)", FALSE, TRUE },
    { "Yo-", "Yo-* (a seventy-fifth writer; held out)", FALSE, TRUE },
    { "Yp-", "Yp-* (a seventy-sixth writer; fitted on)", FALSE, FALSE },
    { "Yq-", "Yq-* (a seventy-seventh writer; fitted on)", FALSE, FALSE },
    { "Yr-", "Yr-* (a seventy-eighth writer; fitted on)", FALSE, FALSE },
    /* Six more of that session, the same way. */
    { "Ys-", "Ys-* (a seventy-ninth writer; held out)", FALSE, TRUE },
    { "Yt-", "Yt-* (an eightieth writer; held out)", FALSE, TRUE },
    { "Yu-", "Yu-* (an eighty-first writer; held out)", FALSE, TRUE },
    { "Yv-", "Yv-* (an eighty-second writer; fitted on)", FALSE, FALSE },
    { "Yw-", "Yw-* (an eighty-third writer; fitted on)", FALSE, FALSE },
    { "Yx-", "Yx-* (an eighty-fourth writer; fitted on)", FALSE, FALSE },
    { "Yy-", "Yy-* (an eighty-fifth writer; held out)", FALSE, TRUE },
    { "Yz-", "Yz-* (an eighty-sixth writer; held out)", FALSE, TRUE },
    { "Za-", "Za-* (an eighty-seventh writer; held out)", FALSE, TRUE },
    { "Zb-", "Zb-* (an eighty-eighth writer; fitted on)", FALSE, FALSE },
    { "Zc-", "Zc-* (an eighty-ninth writer; fitted on)", FALSE, FALSE },
    { "Zd-", "Zd-* (a ninetieth writer; fitted on)", FALSE, FALSE },
    { "Ze-", "Ze-* (a ninety-first writer; held out)", FALSE, TRUE },
    { "Zf-", "Zf-* (a ninety-second writer; held out)", FALSE, TRUE },
    { "Zg-", "Zg-* (a ninety-third writer; held out)", FALSE, TRUE },
    { "Zh-", "Zh-* (a ninety-fourth writer; fitted on)", FALSE, FALSE },
    { "Zi-", "Zi-* (a ninety-fifth writer; fitted on)", FALSE, FALSE },
    { "Zj-", "Zj-* (a ninety-sixth writer; fitted on)", FALSE, FALSE },
    { "Zk-", "Zk-* (a ninety-seventh writer; held out)", FALSE, TRUE },
    { "Zl-", "Zl-* (a ninety-eighth writer; held out)", FALSE, TRUE },
    { "Zm-", "Zm-* (a ninety-ninth writer; held out)", FALSE, TRUE },
    { "Zn-", "Zn-* (a hundredth writer; fitted on)", FALSE, FALSE },
    { "Zo-", "Zo-* (a hundred-and-first writer; fitted on)", FALSE, FALSE },
    { "Zp-", "Zp-* (a hundred-and-second writer; fitted on)", FALSE, FALSE },
    { "Zq-", "Zq-* (a hundred-and-third writer; held out)", FALSE, TRUE },
    { "Zr-", "Zr-* (a hundred-and-fourth writer; held out)", FALSE, TRUE },
    { "Zs-", "Zs-* (a hundred-and-fifth writer; held out)", FALSE, TRUE },
    { "Zt-", "Zt-* (a hundred-and-sixth writer; fitted on)", FALSE, FALSE },
    { "Zu-", "Zu-* (a hundred-and-seventh writer; fitted on)", FALSE, FALSE },
    { "Zv-", "Zv-* (a hundred-and-eighth writer; fitted on)", FALSE, FALSE },
    { "Zw-", "Zw-* (a hundred-and-ninth writer; held out)", FALSE, TRUE },
    { "Zx-", "Zx-* (a hundred-and-tenth writer; held out)", FALSE, TRUE },
    { "Zy-", "Zy-* (a hundred-and-eleventh writer; held out)", FALSE, TRUE },
    { "Zz-", "Zz-* (a hundred-and-twelfth writer; fitted on)", FALSE, FALSE },
    { "Wa-", "Wa-* (a hundred-and-thirteenth writer; fitted on)", FALSE, FALSE },
    { "Wb-", "Wb-* (a hundred-and-fourteenth writer; fitted on)", FALSE, FALSE },
    { "Wc-", "Wc-* (a hundred-and-fifteenth writer; held out)", FALSE, TRUE },
    { "Wd-", "Wd-* (a hundred-and-sixteenth writer; held out)", FALSE, TRUE },
    { "We-", "We-* (a hundred-and-seventeenth writer; held out)", FALSE, TRUE },
    { "Wf-", "Wf-* (a hundred-and-eighteenth writer; fitted on)", FALSE, FALSE },
    { "Wg-", "Wg-* (a hundred-and-nineteenth writer; fitted on)", FALSE, FALSE },
    { "Wh-", "Wh-* (a hundred-and-twentieth writer; fitted on)", FALSE, FALSE },
    { "Wi-", "Wi-* (a hundred-and-twenty-first writer; held out)", FALSE, TRUE },
    { "Wj-", "Wj-* (a hundred-and-twenty-second writer; held out)", FALSE, TRUE },
    { "Wk-", "Wk-* (a hundred-and-twenty-third writer; held out)", FALSE, TRUE },
    { "Wl-", "Wl-* (a hundred-and-twenty-fourth writer; fitted on)", FALSE, FALSE },
    { "Wm-", "Wm-* (a hundred-and-twenty-fifth writer; fitted on)", FALSE, FALSE },
    { "Wn-", "Wn-* (a hundred-and-twenty-sixth writer; fitted on)", FALSE, FALSE },
    /* Twelve writers' halves of 6 December 2026 (fifteenth session), from a
     * brief asking for harder pairs; which are sealed was decided before
     * they were written, and all were scored first with the code of the
     * session's start (43e7f09). */
    { "Wo-", "Wo-* (a hundred-and-twenty-seventh writer; held out)", FALSE, TRUE },
    { "Wp-", "Wp-* (a hundred-and-twenty-eighth writer; fitted on)", FALSE, FALSE },
    { "Wq-", "Wq-* (a hundred-and-twenty-ninth writer; held out)", FALSE, TRUE },
    { "Wr-", "Wr-* (a hundred-and-thirtieth writer; fitted on)", FALSE, FALSE },
    { "Ws-", "Ws-* (a hundred-and-thirty-first writer; held out)", FALSE, TRUE },
    { "Wt-", "Wt-* (a hundred-and-thirty-second writer; fitted on)", FALSE, FALSE },
    { "Wu-", "Wu-* (a hundred-and-thirty-third writer; held out)", FALSE, TRUE },
    { "Wv-", "Wv-* (a hundred-and-thirty-fourth writer; fitted on)", FALSE, FALSE },
    { "Ww-", "Ww-* (a hundred-and-thirty-fifth writer; held out)", FALSE, TRUE },
    { "Wx-", "Wx-* (a hundred-and-thirty-sixth writer; fitted on)", FALSE, FALSE },
    { "Wy-", "Wy-* (a hundred-and-thirty-seventh writer; held out)", FALSE, TRUE },
    { "Wz-", "Wz-* (a hundred-and-thirty-eighth writer; fitted on)", FALSE, FALSE },
    /* Twelve more of that session, the same way (scored first with the code
     * of its start and of 652a456). */
    { "Va-", "Va-* (a hundred-and-thirty-ninth writer; held out)", FALSE, TRUE },
    { "Vb-", "Vb-* (a hundred-and-fortieth writer; fitted on)", FALSE, FALSE },
    { "Vc-", "Vc-* (a hundred-and-forty-first writer; held out)", FALSE, TRUE },
    { "Vd-", "Vd-* (a hundred-and-forty-second writer; fitted on)", FALSE, FALSE },
    { "Ve-", "Ve-* (a hundred-and-forty-third writer; held out)", FALSE, TRUE },
    { "Vf-", "Vf-* (a hundred-and-forty-fourth writer; fitted on)", FALSE, FALSE },
    { "Vg-", "Vg-* (a hundred-and-forty-fifth writer; held out)", FALSE, TRUE },
    { "Vh-", "Vh-* (a hundred-and-forty-sixth writer; fitted on)", FALSE, FALSE },
    { "Vi-", "Vi-* (a hundred-and-forty-seventh writer; held out)", FALSE, TRUE },
    { "Vj-", "Vj-* (a hundred-and-forty-eighth writer; fitted on)", FALSE, FALSE },
    { "Vk-", "Vk-* (a hundred-and-forty-ninth writer; held out)", FALSE, TRUE },
    { "Vl-", "Vl-* (a hundred-and-fiftieth writer; fitted on)", FALSE, FALSE },
    /* Eight more of that session, all sealed (decided before they were
     * written), a fresh test once the choice between two models had used the
     * sealed halves above: scored only. */
    { "Ua-", "Ua-* (a hundred-and-fifty-first writer; held out)", FALSE, TRUE },
    { "Ub-", "Ub-* (a hundred-and-fifty-second writer; held out)", FALSE, TRUE },
    { "Uc-", "Uc-* (a hundred-and-fifty-third writer; held out)", FALSE, TRUE },
    { "Ud-", "Ud-* (a hundred-and-fifty-fourth writer; held out)", FALSE, TRUE },
    { "Ue-", "Ue-* (a hundred-and-fifty-fifth writer; held out)", FALSE, TRUE },
    { "Uf-", "Uf-* (a hundred-and-fifty-sixth writer; held out)", FALSE, TRUE },
    { "Ug-", "Ug-* (a hundred-and-fifty-seventh writer; held out)", FALSE, TRUE },
    { "Uh-", "Uh-* (a hundred-and-fifty-eighth writer; held out)", FALSE, TRUE },
    /* The sixteenth session's twelve, from the same brief; which would be
     * sealed was decided before they were written. */
    { "Ui-", "Ui-* (a hundred-and-fifty-ninth writer; held out)", FALSE, TRUE },
    { "Uj-", "Uj-* (a hundred-and-sixtieth writer; fitted on)", FALSE, FALSE },
    { "Uk-", "Uk-* (a hundred-and-sixty-first writer; held out)", FALSE, TRUE },
    { "Ul-", "Ul-* (a hundred-and-sixty-second writer; fitted on)", FALSE, FALSE },
    { "Um-", "Um-* (a hundred-and-sixty-third writer; held out)", FALSE, TRUE },
    { "Un-", "Un-* (a hundred-and-sixty-fourth writer; fitted on)", FALSE, FALSE },
    { "Uo-", "Uo-* (a hundred-and-sixty-fifth writer; held out)", FALSE, TRUE },
    { "Up-", "Up-* (a hundred-and-sixty-sixth writer; fitted on)", FALSE, FALSE },
    { "Uq-", "Uq-* (a hundred-and-sixty-seventh writer; held out)", FALSE, TRUE },
    { "Ur-", "Ur-* (a hundred-and-sixty-eighth writer; fitted on)", FALSE, FALSE },
    { "Us-", "Us-* (a hundred-and-sixty-ninth writer; held out)", FALSE, TRUE },
    { "Ut-", "Ut-* (a hundred-and-seventieth writer; fitted on)", FALSE, FALSE },
    /* Twelve more of that session, the same brief, sealed ones decided
     * before they were written; their writers listed nothing. */
    { "Uu-", "Uu-* (a hundred-and-seventy-first writer; held out)", FALSE, TRUE },
    { "Uv-", "Uv-* (a hundred-and-seventy-second writer; fitted on)", FALSE, FALSE },
    { "Uw-", "Uw-* (a hundred-and-seventy-third writer; held out)", FALSE, TRUE },
    { "Ux-", "Ux-* (a hundred-and-seventy-fourth writer; fitted on)", FALSE, FALSE },
    { "Uy-", "Uy-* (a hundred-and-seventy-fifth writer; held out)", FALSE, TRUE },
    { "Uz-", "Uz-* (a hundred-and-seventy-sixth writer; fitted on)", FALSE, FALSE },
    { "Ta-", "Ta-* (a hundred-and-seventy-seventh writer; held out)", FALSE, TRUE },
    { "Tb-", "Tb-* (a hundred-and-seventy-eighth writer; fitted on)", FALSE, FALSE },
    { "Tc-", "Tc-* (a hundred-and-seventy-ninth writer; held out)", FALSE, TRUE },
    { "Td-", "Td-* (a hundred-and-eightieth writer; fitted on)", FALSE, FALSE },
    { "Te-", "Te-* (a hundred-and-eighty-first writer; held out)", FALSE, TRUE },
    { "Tf-", "Tf-* (a hundred-and-eighty-second writer; fitted on)", FALSE, FALSE },
    /* The seventeenth session's twelve, from the same brief; which would be
     * sealed was decided before they were written, and the sealed ones'
     * writers listed nothing. */
    { "Tg-", "Tg-* (a hundred-and-eighty-third writer; held out)", FALSE, TRUE },
    { "Th-", "Th-* (a hundred-and-eighty-fourth writer; fitted on)", FALSE, FALSE },
    { "Ti-", "Ti-* (a hundred-and-eighty-fifth writer; held out)", FALSE, TRUE },
    { "Tj-", "Tj-* (a hundred-and-eighty-sixth writer; fitted on)", FALSE, FALSE },
    { "Tk-", "Tk-* (a hundred-and-eighty-seventh writer; held out)", FALSE, TRUE },
    { "Tl-", "Tl-* (a hundred-and-eighty-eighth writer; fitted on)", FALSE, FALSE },
    { "Tm-", "Tm-* (a hundred-and-eighty-ninth writer; held out)", FALSE, TRUE },
    { "Tn-", "Tn-* (a hundred-and-ninetieth writer; fitted on)", FALSE, FALSE },
    { "To-", "To-* (a hundred-and-ninety-first writer; held out)", FALSE, TRUE },
    { "Tp-", "Tp-* (a hundred-and-ninety-second writer; fitted on)", FALSE, FALSE },
    { "Tq-", "Tq-* (a hundred-and-ninety-third writer; held out)", FALSE, TRUE },
    { "Tr-", "Tr-* (a hundred-and-ninety-fourth writer; fitted on)", FALSE, FALSE },
    /* The eighteenth session's twelve (7 December 2026), from the same brief;
     * which would be sealed was decided before they were written, and the
     * sealed ones' writers listed nothing. */
    { "Ts-", "Ts-* (a hundred-and-ninety-fifth writer; fitted on)", FALSE, FALSE },
    { "Tt-", "Tt-* (a hundred-and-ninety-sixth writer; held out)", FALSE, TRUE },
    { "Tu-", "Tu-* (a hundred-and-ninety-seventh writer; fitted on)", FALSE, FALSE },
    { "Tv-", "Tv-* (a hundred-and-ninety-eighth writer; held out)", FALSE, TRUE },
    { "Tw-", "Tw-* (a hundred-and-ninety-ninth writer; fitted on)", FALSE, FALSE },
    { "Tx-", "Tx-* (a two-hundredth writer; held out)", FALSE, TRUE },
    { "Ty-", "Ty-* (a two-hundred-and-first writer; fitted on)", FALSE, FALSE },
    { "Tz-", "Tz-* (a two-hundred-and-second writer; held out)", FALSE, TRUE },
    { "Sa-", "Sa-* (a two-hundred-and-third writer; fitted on)", FALSE, FALSE },
    { "Sb-", "Sb-* (a two-hundred-and-fourth writer; held out)", FALSE, TRUE },
    { "Sc-", "Sc-* (a two-hundred-and-fifth writer; fitted on)", FALSE, FALSE },
    { "Sd-", "Sd-* (a two-hundred-and-sixth writer; held out)", FALSE, TRUE },
    /* The nineteenth session's twelve (7 December 2026), from the same brief;
     * which would be sealed was decided before they were written. Four sealed
     * writers (Sf, Sh, Sj, Sl) replied with a line per pair (event and places)
     * by a slip; no sealed file was read. */
    { "Se-", "Se-* (a two-hundred-and-seventh writer; fitted on)", FALSE, FALSE },
    { "Sf-", "Sf-* (a two-hundred-and-eighth writer; held out)", FALSE, TRUE },
    { "Sg-", "Sg-* (a two-hundred-and-ninth writer; fitted on)", FALSE, FALSE },
    { "Sh-", "Sh-* (a two-hundred-and-tenth writer; held out)", FALSE, TRUE },
    { "Si-", "Si-* (a two-hundred-and-eleventh writer; fitted on)", FALSE, FALSE },
    { "Sj-", "Sj-* (a two-hundred-and-twelfth writer; held out)", FALSE, TRUE },
    { "Sk-", "Sk-* (a two-hundred-and-thirteenth writer; fitted on)", FALSE, FALSE },
    { "Sl-", "Sl-* (a two-hundred-and-fourteenth writer; held out)", FALSE, TRUE },
    { "Sm-", "Sm-* (a two-hundred-and-fifteenth writer; fitted on)", FALSE, FALSE },
    { "Sn-", "Sn-* (a two-hundred-and-sixteenth writer; held out)", FALSE, TRUE },
    { "So-", "So-* (a two-hundred-and-seventeenth writer; fitted on)", FALSE, FALSE },
    { "Sp-", "Sp-* (a two-hundred-and-eighteenth writer; held out)", FALSE, TRUE },
    /* The twentieth session's twelve (7 December 2026), from the same brief;
     * which would be sealed was decided before they were written, and every
     * writer replied only "done". */
    { "Sq-", "Sq-* (a two-hundred-and-nineteenth writer; fitted on)", FALSE, FALSE },
    { "Sr-", "Sr-* (a two-hundred-and-twentieth writer; held out)", FALSE, TRUE },
    { "Ss-", "Ss-* (a two-hundred-and-twenty-first writer; fitted on)", FALSE, FALSE },
    { "St-", "St-* (a two-hundred-and-twenty-second writer; held out)", FALSE, TRUE },
    { "Su-", "Su-* (a two-hundred-and-twenty-third writer; fitted on)", FALSE, FALSE },
    { "Sv-", "Sv-* (a two-hundred-and-twenty-fourth writer; held out)", FALSE, TRUE },
    { "Sw-", "Sw-* (a two-hundred-and-twenty-fifth writer; fitted on)", FALSE, FALSE },
    { "Sx-", "Sx-* (a two-hundred-and-twenty-sixth writer; held out)", FALSE, TRUE },
    { "Sy-", "Sy-* (a two-hundred-and-twenty-seventh writer; fitted on)", FALSE, FALSE },
    { "Sz-", "Sz-* (a two-hundred-and-twenty-eighth writer; held out)", FALSE, TRUE },
    { "Ra-", "Ra-* (a two-hundred-and-twenty-ninth writer; fitted on)", FALSE, FALSE },
    { "Rb-", "Rb-* (a two-hundred-and-thirtieth writer; held out)", FALSE, TRUE },
    /* The twenty-first session's twelve (7 December 2026), from the same
     * brief; which would be sealed was decided before they were written,
     * and every writer replied only "done". */
    { "Rc-", "Rc-* (a two-hundred-and-thirty-first writer; held out)", FALSE, TRUE },
    { "Rd-", "Rd-* (a two-hundred-and-thirty-second writer; fitted on)", FALSE, FALSE },
    { "Re-", "Re-* (a two-hundred-and-thirty-third writer; held out)", FALSE, TRUE },
    { "Rf-", "Rf-* (a two-hundred-and-thirty-fourth writer; fitted on)", FALSE, FALSE },
    { "Rg-", "Rg-* (a two-hundred-and-thirty-fifth writer; fitted on)", FALSE, FALSE },
    { "Rh-", "Rh-* (a two-hundred-and-thirty-sixth writer; fitted on)", FALSE, FALSE },
    { "Ri-", "Ri-* (a two-hundred-and-thirty-seventh writer; held out)", FALSE, TRUE },
    { "Rj-", "Rj-* (a two-hundred-and-thirty-eighth writer; fitted on)", FALSE, FALSE },
    { "Rk-", "Rk-* (a two-hundred-and-thirty-ninth writer; held out)", FALSE, TRUE },
    { "Rl-", "Rl-* (a two-hundred-and-fortieth writer; fitted on)", FALSE, FALSE },
    { "Rm-", "Rm-* (a two-hundred-and-forty-first writer; held out)", FALSE, TRUE },
    { "Rn-", "Rn-* (a two-hundred-and-forty-second writer; held out)", FALSE, TRUE },
    /* The twenty-second session's twelve (7 December 2026), from the same
     * brief; which would be sealed was decided before they were written,
     * and every writer replied only "done". */
    { "Ro-", "Ro-* (a two-hundred-and-forty-third writer; fitted on)", FALSE, FALSE },
    { "Rp-", "Rp-* (a two-hundred-and-forty-fourth writer; held out)", FALSE, TRUE },
    { "Rq-", "Rq-* (a two-hundred-and-forty-fifth writer; fitted on)", FALSE, FALSE },
    { "Rr-", "Rr-* (a two-hundred-and-forty-sixth writer; held out)", FALSE, TRUE },
    { "Rs-", "Rs-* (a two-hundred-and-forty-seventh writer; fitted on)", FALSE, FALSE },
    { "Rt-", "Rt-* (a two-hundred-and-forty-eighth writer; fitted on)", FALSE, FALSE },
    { "Ru-", "Ru-* (a two-hundred-and-forty-ninth writer; held out)", FALSE, TRUE },
    { "Rv-", "Rv-* (a two-hundred-and-fiftieth writer; held out)", FALSE, TRUE },
    { "Rw-", "Rw-* (a two-hundred-and-fifty-first writer; held out)", FALSE, TRUE },
    { "Rx-", "Rx-* (a two-hundred-and-fifty-second writer; held out)", FALSE, TRUE },
    { "Ry-", "Ry-* (a two-hundred-and-fifty-third writer; fitted on)", FALSE, FALSE },
    { "Rz-", "Rz-* (a two-hundred-and-fifty-fourth writer; fitted on)", FALSE, FALSE },
    { "t-", "t-*, names only (stored without analysis)", TRUE, FALSE },
    { "h-", "h-*, names only (stored without analysis)", TRUE, FALSE },
  };
  gboolean met = TRUE;

  /* --signature FILE...: what the signatures of the files hold. */
  if (argc > 2 && strcmp (argv[1], "--signature") == 0 && gazetteer != NULL)
    {
      for (int i = 2; i < argc; i++)
        {
          g_autofree char *folder = g_path_get_dirname (argv[i]);
          g_autofree char *base = g_path_get_basename (argv[i]);
          Item *item = item_load (folder, base);
          g_autoptr (VigilAnalysis) analysis = NULL;
          if (item == NULL)
            continue;
          analysis
              = vigil_analyze (gazetteer, item->text,
                               g_utf8_strlen (item->text, strchr (item->text, '\n') - item->text));
          item->signature = vigil_story_signature_new (gazetteer, analysis, item->text, item->time);
          printf ("%s\n", item->name);
          print_features ("entities", item->signature->entities);
          print_features ("categories", item->signature->categories);
          print_features ("headline", item->signature->headline);
          print_features ("named_regions", item->signature->named_regions);
          print_features ("city_regions", item->signature->city_regions);
          print_features ("countries", item->signature->countries);
          print_features ("lead_countries", item->signature->lead_countries);
          print_features ("lead_peoples", item->signature->lead_peoples);
          print_features ("lead_victims", item->signature->lead_victims);
          print_features ("regions", item->signature->regions);
          print_features ("frame", item->signature->frame);
          print_features ("units", item->signature->units);
          print_features ("lead_towns", item->signature->lead_towns);
          print_features ("lead_city_regions", item->signature->lead_city_regions);
          printf ("  tolls:");
          for (guint k = 0; k < item->signature->tolls->len; k++)
            printf (" %c%" G_GINT64_FORMAT, g_array_index (item->signature->tolls, Toll, k).slot,
                    g_array_index (item->signature->tolls, Toll, k).value);
          printf ("\n  avenged:");
          for (guint k = 0; k < item->signature->avenged->len; k++)
            printf (" %c%" G_GINT64_FORMAT, g_array_index (item->signature->avenged, Toll, k).slot,
                    g_array_index (item->signature->avenged, Toll, k).value);
          printf ("\n  magnitude: %u.%u\n  country named: %s\n", item->signature->magnitude / 10,
                  item->signature->magnitude % 10, item->signature->country_named ? "yes" : "no");
          item_free (item);
        }
      return 0;
    }
  /* --half FOLDER PREFIX [-v]: one half of another folder, such as a new
   * writer's before it joins the set. */
  if (argc > 3 && strcmp (argv[1], "--half") == 0)
    {
      Score s;
      double seconds;
      gboolean list = FALSE;

      for (int i = 4; i < argc; i++)
        if (strcmp (argv[i], "-v") == 0)
          list = TRUE;
        else if (strcmp (argv[i], "--features") == 0 && i + 1 < argc)
          {
            features_out = fopen (argv[++i], "w");
            if (features_out == NULL)
              {
                perror (argv[i]);
                return 1;
              }
            write_header ();
          }

      if (gazetteer == NULL)
        {
          fprintf (stderr, "bench-stories: %s\n", error->message);
          return 1;
        }
      run_half (gazetteer, argv[2], argv[3], FALSE, list, &s, &seconds);
      printf ("%s: precision %.3f recall %.3f (TP %u FP %u FN %u; same found %u/%u, listed "
              "other merged %u/%u)\n",
              argv[3], ratio (s.tp, s.tp + s.fp), ratio (s.tp, s.tp + s.fn), s.tp, s.fp, s.fn,
              s.same_found, s.same_pairs, s.diff_merged, s.diff_pairs);
      g_array_unref (s.same_scores);
      g_array_unref (s.other_scores);
      if (features_out)
        fclose (features_out);
      return 0;
    }
  if (argc > 2 && strcmp (argv[1], "--features") == 0)
    {
      features_out = fopen (argv[2], "w");
      if (features_out == NULL)
        {
          perror (argv[2]);
          return 1;
        }
      write_header ();
    }
  if (gazetteer == NULL)
    {
      fprintf (stderr, "bench-stories: %s\n", error->message);
      return 1;
    }
  printf ("Story grouping, pairwise over every pair of files in a half (%s)\n", FIXTURES_DIR);
  printf ("%-36s %6s %6s %4s %4s %4s %9s %7s %14s %15s %8s\n", "half", "files", "pairs", "TP", "FP",
          "FN", "precision", "recall", "same found", "other merged", "ms");
  for (gsize h = 0; h < G_N_ELEMENTS (halves); h++)
    {
      Score s;
      double seconds, precision, recall;
      char same[32], diff[32];

      if (verbose && !halves[h].sealed)
        printf ("%s\n", halves[h].label);
      FILE *out = features_out;

      /* The final held-out half's pairs are never written out either. */
      if (halves[h].sealed)
        features_out = NULL;
      run_half (gazetteer, FIXTURES_DIR, halves[h].prefix, halves[h].names_only,
                verbose && !halves[h].sealed, &s, &seconds);
      features_out = out;
      precision = ratio (s.tp, s.tp + s.fp);
      recall = ratio (s.tp, s.tp + s.fn);
      g_snprintf (same, sizeof same, "%u/%u", s.same_found, s.same_pairs);
      g_snprintf (diff, sizeof diff, "%u/%u", s.diff_merged, s.diff_pairs);
      printf ("%-36s %6u %6u %4u %4u %4u %9.3f %7.3f %14s %15s %8.1f\n", halves[h].label,
              s.same_pairs * 2 + s.diff_pairs * 2, s.tp + s.fp + s.fn + s.tn, s.tp, s.fp, s.fn,
              precision, recall, same, diff, seconds * 1000);
      if (verbose && !halves[h].sealed)
        print_distribution (halves[h].prefix, &s);
      g_array_unref (s.same_scores);
      g_array_unref (s.other_scores);
      if (!halves[h].names_only && (precision < TARGET_PRECISION || recall < TARGET_RECALL))
        met = FALSE;
    }
  printf ("targets: precision >= %.2f, recall >= %.2f: %s\n", TARGET_PRECISION, TARGET_RECALL,
          met ? "met on every half" : "NOT met on every half");
  if (features_out)
    fclose (features_out);
  return 0;
}
