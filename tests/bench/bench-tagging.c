/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Analysis benchmark (issues 4 and 14), Vigil side by side with the npm package
 * compromise in the same run:
 * - names (person, organisation, location) found in the dev documents of the
 *   independent corpora in ../shared/corpora (gum-wikinews-en, uner-pud-en,
 *   re3d-open-en; $VIGIL_CORPORA, skipped when absent), bag of names per
 *   document as `vigil-cli eval-ner` scores them, and on the team's own
 *   evaluation texts (tests/fixtures/eval/eval.tsv), which prove little;
 * - throughput on one core: the evaluation texts and the corpora's dev
 *   documents analysed one by one, and one long document;
 * - the gazetteer's build time, the name model's load time, and the memory
 *   both take.
 * Run with `meson test -C _build --benchmark --suite bench bench-tagging -v`;
 * `bench-tagging --vigil-only N` times the evaluation texts N times and stops
 * (for a profiler). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eval-set.h"

#define N_NAME_TYPES 3
/* The texts analysed one by one add up to this many bytes per timed run. */
#define TARGET_BYTES (4 * 1024 * 1024)

static const char *const name_types[N_NAME_TYPES] = { "person", "organization", "location" };
static const VigilEntityType entity_types[N_NAME_TYPES]
    = { VIGIL_ENTITY_PERSON, VIGIL_ENTITY_ORGANIZATION, VIGIL_ENTITY_LOCATION };
static const char *const corpora[] = { "gum-wikinews-en", "uner-pud-en", "re3d-open-en" };

typedef struct
{
  guint tp[N_NAME_TYPES], fp[N_NAME_TYPES], fn[N_NAME_TYPES];
} Counts;

/* A text to time, and the bytes it counts for. */
typedef struct
{
  const char *str;
  gsize size;
} Text;

/* docs/NAME.txt of a corpus and its NAME.gold.json. */
typedef struct
{
  char *path;
  char *text;
  gsize len;
  GHashTable *gold[N_NAME_TYPES]; /* the distinct names as written */
} GoldDoc;

typedef struct
{
  const char *name;
  GPtrArray *docs; /* GoldDoc */
  gsize bytes;
  Counts vigil, compromise;
  gboolean have_compromise;
} Corpus;

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

/* The resident part of the mappings of one file (the name model is mapped and
 * its pages are read as the tagger needs them), from /proc/self/smaps. */
static long
mapped_rss_kib (const char *path)
{
  g_autofree char *smaps = NULL;
  g_autofree char *real = realpath (path, NULL);
  g_auto (GStrv) lines = NULL;
  gboolean in_file = FALSE;
  long kib = 0;

  if (real == NULL || !g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return -1;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      /* A mapping starts with its address range (lower-case hex); its fields
       * ("Rss:", "Anonymous:"…) with a capital. */
      if ((l[0] >= '0' && l[0] <= '9') || (l[0] >= 'a' && l[0] <= 'f'))
        {
          const char *slash = strchr (l, '/');
          in_file = slash != NULL && g_str_equal (slash, real);
        }
      else if (in_file && g_str_has_prefix (l, "Rss:"))
        kib += strtol (l + 4, NULL, 10);
    }
  return kib;
}

static void
prf (guint tp, guint fp, guint fn, double *p, double *r, double *f)
{
  *p = (double) tp / MAX (1, tp + fp);
  *r = (double) tp / MAX (1, tp + fn);
  *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

static double
f1 (guint tp, guint fp, guint fn)
{
  double p, r, f;

  prf (tp, fp, fn, &p, &r, &f);
  return f;
}

static double
macro_f1 (const Counts *c)
{
  double sum = 0;

  for (guint t = 0; t < N_NAME_TYPES; t++)
    sum += f1 (c->tp[t], c->fp[t], c->fn[t]);
  return sum / N_NAME_TYPES;
}

static void
gold_doc_free (GoldDoc *doc)
{
  g_free (doc->path);
  g_free (doc->text);
  for (guint t = 0; t < N_NAME_TYPES; t++)
    g_clear_pointer (&doc->gold[t], g_hash_table_unref);
  g_free (doc);
}

static GoldDoc *
gold_doc_load (const char *txt_path, GError **error)
{
  g_autofree char *stem = g_strndup (txt_path, strlen (txt_path) - strlen (".txt"));
  g_autofree char *gold_path = g_strconcat (stem, ".gold.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  GoldDoc *doc = g_new0 (GoldDoc, 1);
  JsonObject *gold;

  doc->path = g_strdup (txt_path);
  if (!g_file_get_contents (txt_path, &doc->text, &doc->len, error)
      || !json_parser_load_from_file (parser, gold_path, error))
    return gold_doc_free (doc), NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a JSON object", gold_path);
      return gold_doc_free (doc), NULL;
    }
  gold = json_node_get_object (json_parser_get_root (parser));
  for (guint t = 0; t < N_NAME_TYPES; t++)
    {
      JsonArray *names = json_object_has_member (gold, name_types[t])
                             ? json_object_get_array_member (gold, name_types[t])
                             : NULL;
      doc->gold[t] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; names && i < json_array_get_length (names); i++)
        {
          const char *s = json_array_get_string_element (names, i);
          if (s != NULL)
            g_hash_table_add (doc->gold[t], g_strdup (s));
        }
    }
  return doc;
}

/* The bag-of-names scorer of `vigil-cli eval-ner`: per type, the distinct
 * texts of the analysis's entities against the distinct gold names. */
static void
gold_doc_count (GoldDoc *doc, VigilAnalysis *a, Counts *c)
{
  for (guint t = 0; t < N_NAME_TYPES; t++)
    {
      g_autoptr (GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter iter;
      gpointer name;

      for (guint i = 0; i < a->entities->len; i++)
        {
          VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
          if (e->type == entity_types[t])
            g_hash_table_add (found, e->text);
        }
      g_hash_table_iter_init (&iter, found);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        if (g_hash_table_contains (doc->gold[t], name))
          c->tp[t]++;
        else
          c->fp[t]++;
      g_hash_table_iter_init (&iter, doc->gold[t]);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        if (!g_hash_table_contains (found, name))
          c->fn[t]++;
    }
}

/* The dev documents of a corpus folder, as tests/bench/corpus-dev-docs.py
 * lists them (one rule for the benchmark and for anyone checking by hand);
 * NULL with a note on stdout when they cannot be listed or read. */
static GPtrArray *
corpus_dev_docs (const char *folder)
{
  g_autofree char *script = g_build_filename (BENCH_DIR, "corpus-dev-docs.py", NULL);
  const char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                           ? "/usr/bin/python3"
                           : "python3";
  const char *py_argv[] = { python, script, folder, NULL };
  g_autofree char *out = NULL;
  g_auto (GStrv) paths = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) gold_doc_free);
  g_autoptr (GError) error = NULL;
  int status = -1;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      printf ("%s: not found: skipped\n", folder);
      return NULL;
    }
  if (!g_spawn_sync (NULL, (char **) py_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      printf ("%s: its dev documents could not be listed (%s): skipped\n", folder, error->message);
      return NULL;
    }
  paths = g_strsplit (out, "\n", -1);
  for (guint i = 0; paths[i]; i++)
    {
      GoldDoc *doc;

      if (paths[i][0] == '\0')
        continue;
      if (!(doc = gold_doc_load (paths[i], &error)))
        {
          printf ("%s: %s: skipped\n", folder, error->message);
          return NULL;
        }
      g_ptr_array_add (docs, doc);
    }
  if (docs->len == 0)
    {
      printf ("%s: no dev documents: skipped\n", folder);
      return NULL;
    }
  return g_steal_pointer (&docs);
}

/* Seconds to analyse the texts one by one, over and over, until `target`
 * bytes (by their sizes) have gone through; the bytes in *out_done. */
static double
time_one_by_one (VigilGazetteer *gaz, GArray *texts, gsize target, gsize *out_done)
{
  gsize done = 0;
  gint64 t0 = g_get_monotonic_time ();

  while (done < target)
    for (guint i = 0; i < texts->len && done < target; i++)
      {
        Text *t = &g_array_index (texts, Text, i);
        vigil_analysis_free (vigil_analyze (gaz, t->str, 0));
        done += t->size;
      }
  *out_done = done;
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* compromise-bench.js with these arguments: its JSON object, or NULL. */
static JsonObject *
run_compromise (const char *const *args, JsonParser *parser)
{
  g_autofree char *script = g_build_filename (BENCH_DIR, "compromise-bench.js", NULL);
  g_autoptr (GPtrArray) node_argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  int status = -1;

  g_ptr_array_add (node_argv, "node");
  g_ptr_array_add (node_argv, script);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (node_argv, (gpointer) args[i]);
  g_ptr_array_add (node_argv, NULL);
  if (!g_spawn_sync (NULL, (char **) node_argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                     &status, NULL)
      || !g_spawn_check_wait_status (status, NULL)
      || !json_parser_load_from_data (parser, out, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}

static void
compromise_counts (JsonObject *root, Counts *c)
{
  JsonObject *counts = json_object_get_object_member (root, "counts");

  for (guint t = 0; t < N_NAME_TYPES; t++)
    {
      JsonObject *o = json_object_get_object_member (counts, name_types[t]);
      c->tp[t] = json_object_get_int_member (o, "tp");
      c->fp[t] = json_object_get_int_member (o, "fp");
      c->fn[t] = json_object_get_int_member (o, "fn");
    }
}

static void
print_corpus (const Corpus *c)
{
  guint gold = 0;

  for (guint t = 0; t < N_NAME_TYPES; t++)
    gold += c->vigil.tp[t] + c->vigil.fn[t];
  printf ("\n### %s: %u dev documents, %.1f kB, %u gold names\n\n", c->name, c->docs->len,
          c->bytes / 1e3, gold);
  printf ("| type | gold | Vigil P | Vigil R | Vigil F1 | compromise P | compromise R | "
          "compromise F1 |\n|---|---|---|---|---|---|---|---|\n");
  for (guint t = 0; t < N_NAME_TYPES; t++)
    {
      double p, r, f;

      prf (c->vigil.tp[t], c->vigil.fp[t], c->vigil.fn[t], &p, &r, &f);
      printf ("| %s | %u | %.3f | %.3f | %.3f |", name_types[t], c->vigil.tp[t] + c->vigil.fn[t], p,
              r, f);
      if (c->have_compromise)
        {
          prf (c->compromise.tp[t], c->compromise.fp[t], c->compromise.fn[t], &p, &r, &f);
          printf (" %.3f | %.3f | %.3f |\n", p, r, f);
        }
      else
        printf (" – | – | – |\n");
    }
  printf ("| macro F1 | | | | %.3f |", macro_f1 (&c->vigil));
  if (c->have_compromise)
    printf (" | | %.3f |\n", macro_f1 (&c->compromise));
  else
    printf (" | | – |\n");
}

static void
print_f1_row (const char *tagger, const Counts *c)
{
  printf ("| %s |", tagger);
  for (guint t = 0; t < N_NAME_TYPES; t++)
    printf (" %.3f |", f1 (c->tp[t], c->fp[t], c->fn[t]));
  printf (" %.3f |\n", macro_f1 (c));
}

/* The bytes of the corpora's dev documents, and in *out_n how many corpora. */
static gsize
corpus_bytes_total (const Corpus *corpus, guint *out_n)
{
  gsize bytes = 0;

  *out_n = 0;
  for (guint c = 0; c < G_N_ELEMENTS (corpora); c++)
    if (corpus[c].docs != NULL)
      {
        bytes += corpus[c].bytes;
        (*out_n)++;
      }
  return bytes;
}

static double
model_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

int
main (int argc, char *argv[])
{
  g_autofree char *eval = g_build_filename (BENCH_DIR, "..", "fixtures", "eval", "eval.tsv", NULL);
  g_autofree char *model_path = vigil_names_model_path ("en");
  g_autofree char *corpora_dir = NULL;
  g_autofree char *one = NULL;
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GString) big = g_string_new (NULL);
  g_autoptr (GArray) eval_texts = g_array_new (FALSE, FALSE, sizeof (Text));
  g_autoptr (GArray) corpus_texts = g_array_new (FALSE, FALSE, sizeof (Text));
  g_autoptr (GError) error = NULL;
  Corpus corpus[G_N_ELEMENTS (corpora)] = { 0 };
  gboolean only = argc == 3 && g_str_equal (argv[1], "--vigil-only");
  gboolean have_corpora;
  long rss_before, rss_loaded, rss_ran, model_loaded, model_ran, rss_towns;
  guint n_towns;
  double towns_ms;
  double build_ms, load_first_ms = 0, load_best_ms = G_MAXDOUBLE;
  double eval_s = G_MAXDOUBLE, one_s = G_MAXDOUBLE, corpus_s = G_MAXDOUBLE;
  gsize eval_done = 0, corpus_done = 0, one_len;
  Counts cc_eval = { 0 };
  double cc_eval_s = 0, cc_corpus_s = 0;
  gint64 cc_eval_done = 0, cc_corpus_done = 0;
  gint64 t0;
  VigilGazetteer *gaz;
  guint tp[EVAL_N_TYPES] = { 0 }, fp[EVAL_N_TYPES] = { 0 }, fn[EVAL_N_TYPES] = { 0 };
  guint n_loaded;

  docs = eval_set_load (eval, &error);
  g_assert_no_error (error);

  /* The model alone, five times (the first load in this process, then with
   * everything cached), before the gazetteer maps it for good. */
  for (int i = 0; i < 5 && !only; i++)
    {
      VigilTagger *tagger;
      double ms;

      t0 = g_get_monotonic_time ();
      tagger = vigil_tagger_load (model_path, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
      vigil_tagger_free (tagger);
      if (i == 0)
        load_first_ms = ms;
      load_best_ms = MIN (load_best_ms, ms);
    }

  rss_before = rss_kib ();
  t0 = g_get_monotonic_time ();
  gaz = vigil_gazetteer_new_default (&error);
  build_ms = (g_get_monotonic_time () - t0) / 1000.0;
  rss_loaded = rss_kib ();
  model_loaded = mapped_rss_kib (model_path);
  g_assert_no_error (error);
  g_assert_nonnull (vigil_gazetteer_get_tagger (gaz));
  /* The tier of small towns, read at the first look-up (an analysis makes
   * it when the model reads a place the lists do not know): timed apart. */
  t0 = g_get_monotonic_time ();
  n_towns = vigil_gazetteer_n_towns (gaz);
  towns_ms = (g_get_monotonic_time () - t0) / 1000.0;
  rss_towns = rss_kib ();

  for (guint d = 0; d < docs->len; d++)
    {
      EvalDoc *doc = g_ptr_array_index (docs, d);
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, doc->text->str, 0);
      Text t = { doc->text->str, doc->text->len + 2 };

      eval_doc_count (doc, a, tp, fp, fn, FALSE);
      g_array_append_val (eval_texts, t);
    }

  /* The evaluation texts repeated to about 4 MB (the bench-tagging text). */
  while (big->len < TARGET_BYTES)
    for (guint d = 0; d < docs->len; d++)
      {
        g_string_append (big, ((EvalDoc *) g_ptr_array_index (docs, d))->text->str);
        g_string_append (big, "\n\n");
      }
  /* As one document: vigil_analyze() analyses at most VIGIL_ANALYSIS_MAX_TEXT
   * bytes of a text (cut before a space), so it is given exactly that much. */
  one_len = MIN (big->len, VIGIL_ANALYSIS_MAX_TEXT);
  while (one_len > 0 && one_len < big->len && !g_ascii_isspace (big->str[one_len]))
    one_len--;
  one = g_strndup (big->str, one_len);
  {
    g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, one, 0);
    g_assert_false (a->shortened);
  }

  /* The independent corpora. */
  {
    const char *env = g_getenv ("VIGIL_CORPORA");
    g_autofree char *dir
        = env && *env ? g_strdup (env)
                      : g_build_filename (BENCH_DIR, "..", "..", "..", "shared", "corpora", NULL);
    corpora_dir = g_canonicalize_filename (dir, NULL);
  }
  have_corpora = !only && g_file_test (corpora_dir, G_FILE_TEST_IS_DIR);
  for (guint c = 0; c < G_N_ELEMENTS (corpora) && have_corpora; c++)
    {
      g_autofree char *folder = g_build_filename (corpora_dir, corpora[c], NULL);

      corpus[c].name = corpora[c];
      corpus[c].docs = corpus_dev_docs (folder);
      for (guint d = 0; corpus[c].docs && d < corpus[c].docs->len; d++)
        {
          GoldDoc *doc = g_ptr_array_index (corpus[c].docs, d);
          g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, doc->text, 0);
          Text t = { doc->text, doc->len };

          gold_doc_count (doc, a, &corpus[c].vigil);
          g_array_append_val (corpus_texts, t);
          corpus[c].bytes += doc->len;
        }
    }

  /* Throughput, best of three runs (`--vigil-only N`: N runs of the first two
   * and stop): the evaluation texts article by article, as Vigil analyses what
   * it fetches, over and over until 4 MB have gone through; the first MiB of
   * the same text as one document; the corpora's dev documents article by
   * article, over and over to 4 MB. */
  for (int round = only ? atoi (argv[2]) : 3; round > 0; round--)
    {
      eval_s = MIN (eval_s, time_one_by_one (gaz, eval_texts, big->len, &eval_done));
      t0 = g_get_monotonic_time ();
      vigil_analysis_free (vigil_analyze (gaz, one, 0));
      one_s = MIN (one_s, (g_get_monotonic_time () - t0) / 1e6);
      if (corpus_texts->len > 0)
        corpus_s = MIN (corpus_s, time_one_by_one (gaz, corpus_texts, TARGET_BYTES, &corpus_done));
    }
  if (only)
    {
      printf ("%.1f MB: %.1f MB/s article by article; %.1f MB/s as one document of %.2f MB\n",
              eval_done / 1e6, eval_done / 1e6 / eval_s, one_len / 1e6 / one_s, one_len / 1e6);
      vigil_gazetteer_unref (gaz);
      return 0;
    }
  rss_ran = rss_kib ();
  model_ran = mapped_rss_kib (model_path);

  /* compromise on the same texts: each corpus scored, the dev documents of all
   * three timed as Vigil's, and the evaluation texts scored and timed. */
  for (guint c = 0; c < G_N_ELEMENTS (corpora); c++)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *root;

      if (corpus[c].docs == NULL)
        continue;
      g_ptr_array_add (args, "--docs");
      g_ptr_array_add (args, "0");
      for (guint d = 0; d < corpus[c].docs->len; d++)
        g_ptr_array_add (args, ((GoldDoc *) g_ptr_array_index (corpus[c].docs, d))->path);
      g_ptr_array_add (args, NULL);
      if ((root = run_compromise ((const char *const *) args->pdata, parser)))
        {
          compromise_counts (root, &corpus[c].compromise);
          corpus[c].have_compromise = TRUE;
        }
    }
  if (corpus_texts->len > 0)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *root;

      g_ptr_array_add (args, g_strdup ("--docs"));
      g_ptr_array_add (args, g_strdup_printf ("%d", TARGET_BYTES));
      for (guint c = 0; c < G_N_ELEMENTS (corpora); c++)
        for (guint d = 0; corpus[c].docs && d < corpus[c].docs->len; d++)
          g_ptr_array_add (args,
                           g_strdup (((GoldDoc *) g_ptr_array_index (corpus[c].docs, d))->path));
      g_ptr_array_add (args, NULL);
      if ((root = run_compromise ((const char *const *) args->pdata, parser)))
        {
          cc_corpus_s = json_object_get_double_member (root, "seconds");
          cc_corpus_done = json_object_get_int_member (root, "bytes");
        }
    }
  {
    g_autofree char *big_path
        = g_build_filename (g_get_tmp_dir (), "vigil-bench-tagging.txt", NULL);
    const char *args[] = { eval, big_path, NULL };
    g_autoptr (JsonParser) parser = json_parser_new ();
    JsonObject *root;

    g_file_set_contents (big_path, big->str, big->len, NULL);
    if ((root = run_compromise (args, parser)))
      {
        compromise_counts (root, &cc_eval);
        cc_eval_s = json_object_get_double_member (root, "seconds");
        cc_eval_done = json_object_get_int_member (root, "bytes");
      }
    g_remove (big_path);
  }

  printf ("\n# Vigil analysis benchmark\n\nVigil: the full analysis (lists, rules and the name "
          "tagger %s), one core. compromise: the npm package, run by node in the same benchmark "
          "on the same texts and scored the same way.\n",
          model_path);

  printf ("\n## Names on independent corpora (dev documents)\n\n");
  if (!have_corpora)
    printf ("%s not found (set VIGIL_CORPORA to a ../shared/corpora folder): skipped. Only the "
            "team's own evaluation texts are scored below, and they prove little.\n",
            corpora_dir);
  else
    {
      g_autofree char *user
          = g_build_filename (g_get_user_config_dir (), "vigil", "gazetteer.tsv", NULL);

      printf (
          "%s: the dev documents (tests/bench/corpus-dev-docs.py) of three corpora the team "
          "did not write. The name model was trained on their train files, not on these, but its "
          "features and epochs were chosen on their dev files (data/README): dev figures, "
          "not held-out ones. Bag of names per document, the "
          "scorer of `vigil-cli eval-ner`: the distinct names of each type found in a "
          "document against its distinct gold names as written, counts summed over the "
          "documents; macro F1 = mean of the three types' F1. compromise's names are "
          "trimmed of surrounding punctuation and a possessive 's before the comparison.\n",
          corpora_dir);
      if (g_file_test (user, G_FILE_TEST_EXISTS))
        printf ("\nNote: Vigil's lists include this user's additions in %s.\n", user);
      for (guint c = 0; c < G_N_ELEMENTS (corpora); c++)
        if (corpus[c].docs != NULL)
          print_corpus (&corpus[c]);
    }

  printf ("\n## Names on the team's own evaluation texts\n\n%u texts in "
          "tests/fixtures/eval/eval.tsv, written by the Vigil team, who tuned the lists and "
          "rules on them: a regression check, not evidence of accuracy on real text (the "
          "corpora above are). Bag of names per text against its gold lines.\n\n",
          docs->len);
  printf (
      "| tagger | person F1 | organization F1 | location F1 | macro F1 |\n|---|---|---|---|---|\n");
  {
    Counts vigil_eval = { 0 };

    for (guint t = 0; t < N_NAME_TYPES; t++)
      {
        vigil_eval.tp[t] = tp[t], vigil_eval.fp[t] = fp[t], vigil_eval.fn[t] = fn[t];
      }
    print_f1_row ("Vigil", &vigil_eval);
    if (cc_eval_s > 0)
      print_f1_row ("compromise", &cc_eval);
    else
      printf (
          "| compromise | not available: `sh tests/install-deps.sh bench`, NODE_PATH | | | |\n");
  }

  printf ("\n## Throughput, one core\n\n");
  printf (
      "| text | MB | Vigil MB/s | compromise MB/s | Vigil / compromise |\n|---|---|---|---|---|\n");
  printf ("| the %u evaluation texts (the bench-tagging text) one by one, over and over | %.2f | "
          "%.1f |",
          docs->len, eval_done / 1e6, eval_done / 1e6 / eval_s);
  if (cc_eval_s > 0)
    printf (" %.3f | %.0fx |\n", cc_eval_done / 1e6 / cc_eval_s,
            (eval_done / eval_s) / (cc_eval_done / cc_eval_s));
  else
    printf (" – | |\n");
  if (corpus_texts->len > 0)
    {
      guint n_corpora;
      gsize bytes = corpus_bytes_total (corpus, &n_corpora);

      printf ("| the %u dev documents of the %u corpora (%.1f kB, articles of real text) one "
              "by one, over and over | %.2f | %.1f |",
              corpus_texts->len, n_corpora, bytes / 1e3, corpus_done / 1e6,
              corpus_done / 1e6 / corpus_s);
      if (cc_corpus_s > 0)
        printf (" %.3f | %.0fx |\n", cc_corpus_done / 1e6 / cc_corpus_s,
                (corpus_done / corpus_s) / (cc_corpus_done / cc_corpus_s));
      else
        printf (" – | |\n");
    }
  printf ("| the first %.2f MB of the bench-tagging text as one document | %.2f | %.1f | – | |\n",
          one_len / 1e6, one_len / 1e6, one_len / 1e6 / one_s);
  printf ("\nMB = 10^6 bytes. Vigil: best of 3 runs; compromise: one run. One document: "
          "vigil_analyze() analyses at most VIGIL_ANALYSIS_MAX_TEXT (%d bytes) of a text, so "
          "the whole %.1f MB would be cut there; it is given the %" G_GSIZE_FORMAT
          " bytes it analyses, and MB/s are over those bytes.\n",
          VIGIL_ANALYSIS_MAX_TEXT, big->len / 1e6, one_len);

  printf ("\n## Memory and load time\n\n");
  printf ("- Gazetteer (vigil_gazetteer_new_default: %u list entries, and the name model "
          "mapped): built in %.1f ms.\n",
          vigil_gazetteer_size (gaz), build_ms);
  printf ("- Small-town tier (towns.tsv, read at the first look-up, not counted above): %u "
          "towns, read in %.1f ms, +%.1f MiB resident.\n",
          n_towns, towns_ms, (rss_towns - rss_loaded) / 1024.0);
  printf ("- Name model %s (%.1f MiB): vigil_tagger_load %.2f ms the first time in this process, "
          "%.2f ms at best of 5. It maps the file: the weights' pages are read when the tagger "
          "first needs them, by the first analyses (page cache as the machine had "
          "it).\n",
          model_path, model_size (model_path) / 1048576.0, load_first_ms, load_best_ms);
  printf ("- Resident memory: +%.1f MiB once the gazetteer is built (of which the model's pages: "
          "%.1f MiB). After the throughput runs the model has %.1f MiB resident, so the "
          "gazetteer and model take about %.1f MiB. The whole process: %.1f MiB (+%.1f MiB since "
          "before the gazetteer: the gazetteer and model, the %.1f MB of test texts this "
          "benchmark holds, and what the analyses allocated, the 1 MiB document's included; not "
          "broken down "
          "here).\n",
          (rss_loaded - rss_before) / 1024.0, model_loaded / 1024.0, model_ran / 1024.0,
          (rss_loaded - rss_before + model_ran - model_loaded) / 1024.0, rss_ran / 1024.0,
          (rss_ran - rss_before) / 1024.0,
          (big->len + one_len + corpus_bytes_total (corpus, &n_loaded)) / 1e6);

  for (guint c = 0; c < G_N_ELEMENTS (corpora); c++)
    g_clear_pointer (&corpus[c].docs, g_ptr_array_unref);
  vigil_gazetteer_unref (gaz);
  return 0;
}
