/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli-ner.c — vigil-cli train-ner and eval-ner: the name tagger trained and measured */
#include "config.h"

#include "vigil-cli-private.h"
#include "vigil-analyzer.h"
#include "vigil-tagger.h"

/* Name tagger: training and evaluation on CoNLL files (token<TAB>BIO tag). */
typedef struct
{
  guint tp[4], fp[4], fn[4]; /* by entity type (VIGIL_TAG_TYPE); 0 = all types */
} NerCounts;

typedef struct
{
  guint start, end, type;
} NerSpan;

static void
ner_spans (const guint8 *tags, guint n, GArray *spans)
{
  g_array_set_size (spans, 0);
  for (guint i = 0; i < n; i++)
    {
      guint type = VIGIL_TAG_TYPE (tags[i]);
      NerSpan *last = spans->len ? &g_array_index (spans, NerSpan, spans->len - 1) : NULL;

      if (type == 0)
        continue;
      /* An I- tag that continues nothing starts a span, as conlleval counts it. */
      if (!VIGIL_TAG_IS_BEGIN (tags[i]) && last && last->end == i && last->type == type)
        last->end = i + 1;
      else
        {
          NerSpan s = { i, i + 1, type };
          g_array_append_val (spans, s);
        }
    }
}

static void
ner_count (NerCounts *entity, NerCounts *token, const guint8 *gold, const guint8 *guess, guint n)
{
  g_autoptr (GArray) gold_spans = g_array_new (FALSE, FALSE, sizeof (NerSpan));
  g_autoptr (GArray) guess_spans = g_array_new (FALSE, FALSE, sizeof (NerSpan));

  for (guint i = 0; i < n; i++)
    {
      guint g = VIGIL_TAG_TYPE (gold[i]), p = VIGIL_TAG_TYPE (guess[i]);
      if (g != 0 && g == p)
        token->tp[g]++, token->tp[0]++;
      else
        {
          if (p != 0)
            token->fp[p]++, token->fp[0]++;
          if (g != 0)
            token->fn[g]++, token->fn[0]++;
        }
    }
  ner_spans (gold, n, gold_spans);
  ner_spans (guess, n, guess_spans);
  for (guint i = 0; i < guess_spans->len; i++)
    {
      NerSpan *p = &g_array_index (guess_spans, NerSpan, i);
      gboolean found = FALSE;
      for (guint j = 0; j < gold_spans->len && !found; j++)
        {
          NerSpan *g = &g_array_index (gold_spans, NerSpan, j);
          found = g->start == p->start && g->end == p->end && g->type == p->type;
        }
      if (found)
        entity->tp[p->type]++, entity->tp[0]++;
      else
        entity->fp[p->type]++, entity->fp[0]++;
    }
  for (guint j = 0; j < gold_spans->len; j++)
    {
      NerSpan *g = &g_array_index (gold_spans, NerSpan, j);
      gboolean found = FALSE;
      for (guint i = 0; i < guess_spans->len && !found; i++)
        {
          NerSpan *p = &g_array_index (guess_spans, NerSpan, i);
          found = g->start == p->start && g->end == p->end && g->type == p->type;
        }
      if (!found)
        entity->fn[g->type]++, entity->fn[0]++;
    }
}

static double
ner_f1 (const NerCounts *c, guint type, double *precision, double *recall)
{
  double p = c->tp[type] + c->fp[type] ? (double) c->tp[type] / (c->tp[type] + c->fp[type]) : 0;
  double r = c->tp[type] + c->fn[type] ? (double) c->tp[type] / (c->tp[type] + c->fn[type]) : 0;

  if (precision)
    *precision = p;
  if (recall)
    *recall = r;
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Tags every sentence of the file; out_bytes (optional) receives the size of
 * the text tagged, out_seconds the time spent tagging. */
/* The end of the document that starts at sentence i: the next sentence after a
 * -DOCSTART- line (a file without them: each sentence is one). */
static guint
ner_document_end (GPtrArray *sentences, guint i)
{
  guint doc = ((VigilTokenSentence *) g_ptr_array_index (sentences, i))->doc;
  guint last = ((VigilTokenSentence *) g_ptr_array_index (sentences, sentences->len - 1))->doc;
  guint end = i + 1;

  if (last == 0)
    return end;
  while (end < sentences->len
         && ((VigilTokenSentence *) g_ptr_array_index (sentences, end))->doc == doc)
    end++;
  return end;
}

static void
ner_evaluate (const VigilTagger *tagger, GPtrArray *sentences, NerCounts *entity, NerCounts *token,
              gsize *out_bytes, double *out_seconds)
{
  gint64 start = g_get_monotonic_time ();
  gsize bytes = 0;

  for (guint i = 0; i < sentences->len;)
    {
      guint end = ner_document_end (sentences, i);
      g_autofree VigilTokens **tokens = g_new (VigilTokens *, end - i);
      g_autofree const guint8 **classes = g_new (const guint8 *, end - i);
      g_autofree guint8 **guess = g_new (guint8 *, end - i);

      for (guint k = i; k < end; k++)
        {
          VigilTokenSentence *s = g_ptr_array_index (sentences, k);
          tokens[k - i] = s->tokens;
          classes[k - i] = s->classes;
          guess[k - i] = g_new (guint8, s->tokens->tokens->len + 1);
        }
      vigil_tagger_tag_document (tagger, tokens, classes, end - i, guess);
      for (guint k = i; k < end; k++)
        {
          VigilTokenSentence *s = g_ptr_array_index (sentences, k);
          ner_count (entity, token, s->tags, guess[k - i], s->tokens->tokens->len);
          bytes += strlen (s->text) + 1;
          g_free (guess[k - i]);
        }
      i = end;
    }
  if (out_bytes)
    *out_bytes = bytes;
  if (out_seconds)
    *out_seconds = (g_get_monotonic_time () - start) / 1e6;
}

/* The same scores for the whole analysis an article gets (lists, rules and
 * the tagger, as the article view shows them): each document's sentences are
 * joined by line breaks and analysed as one text, and each token takes the type
 * of the entity that covers it (B- on the entity's first token). */
static void
ner_evaluate_analysis (VigilGazetteer *gazetteer, GPtrArray *sentences, NerCounts *entity,
                       NerCounts *token)
{
  for (guint i = 0; i < sentences->len;)
    {
      guint end = ner_document_end (sentences, i);
      g_autoptr (GString) text = g_string_new (NULL);
      g_autofree guint *offset = g_new (guint, end - i); /* code points */
      g_autoptr (VigilAnalysis) analysis = NULL;
      guint chars = 0;

      for (guint k = i; k < end; k++)
        {
          VigilTokenSentence *s = g_ptr_array_index (sentences, k);
          offset[k - i] = chars;
          g_string_append (text, s->text);
          g_string_append_c (text, '\n');
          chars += g_utf8_strlen (s->text, -1) + 1;
        }
      analysis = vigil_analyze (gazetteer, text->str, 0);
      for (guint k = i, e = 0; k < end; k++)
        {
          VigilTokenSentence *s = g_ptr_array_index (sentences, k);
          guint n = s->tokens->tokens->len;
          g_autofree guint8 *guess = g_new0 (guint8, n + 1);

          for (guint t = 0; t < n; t++)
            {
              const VigilToken *tok = vigil_tokens_get (s->tokens, t);
              guint start = offset[k - i] + tok->start, stop = offset[k - i] + tok->end;
              const VigilEntity *hit = NULL;

              while (e < analysis->entities->len
                     && g_array_index (analysis->entities, VigilEntity, e).end <= start)
                e++;
              /* Entities are sorted by start and do not overlap. */
              for (guint x = e; x < analysis->entities->len && hit == NULL; x++)
                {
                  const VigilEntity *ent = &g_array_index (analysis->entities, VigilEntity, x);
                  if (ent->start >= stop)
                    break;
                  if (ent->end > start)
                    hit = ent;
                }
              if (hit != NULL)
                {
                  guint type = hit->type == VIGIL_ENTITY_PERSON         ? 1
                               : hit->type == VIGIL_ENTITY_ORGANIZATION ? 2
                                                                        : 3;
                  gboolean first = hit->start >= start || (t > 0 && guess[t - 1] == VIGIL_TAG_O);
                  guess[t] = first ? 2 * type - 1 : 2 * type;
                }
            }
          ner_count (entity, token, s->tags, guess, n);
        }
      i = end;
    }
}

static void
ner_add_counts (NerCounts *sum, const NerCounts *c)
{
  for (guint k = 0; k < 4; k++)
    sum->tp[k] += c->tp[k], sum->fp[k] += c->fp[k], sum->fn[k] += c->fn[k];
}

static void
ner_print (const char *level, const NerCounts *c)
{
  static const char *const names[] = { "all", "PER", "ORG", "LOC" };

  for (guint type = 1; type <= 3; type++)
    {
      double p, r, f = ner_f1 (c, type, &p, &r);
      /* TRANSLATORS: an evaluation line: level (entity or token), entity type, precision,
       * recall, F1, then the gold and tagged counts */
      g_print (_ ("  %-6s %-3s  P %.3f  R %.3f  F1 %.3f  (gold %u, tagged %u)\n"), level,
               names[type], p, r, f, c->tp[type] + c->fn[type], c->tp[type] + c->fp[type]);
    }
  {
    double p, r, f = ner_f1 (c, 0, &p, &r);
    g_print (_ ("  %-6s %-3s  P %.3f  R %.3f  F1 %.3f  (gold %u, tagged %u)\n"), level, names[0], p,
             r, f, c->tp[0] + c->fn[0], c->tp[0] + c->fp[0]);
  }
}

static gboolean
parse_count (const char *option, const char *value, guint min, guint max, guint *out)
{
  guint64 v = 0;
  g_autoptr (GError) error = NULL;

  if (!g_ascii_string_to_unsigned (value, 10, min, max, &v, &error))
    {
      g_printerr ("vigil-cli: %s: %s\n", option, error->message);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

/* The sentences of a CoNLL file as Vigil's tokens, with the gazetteer's
 * classes of each token when gazetteer is not NULL. */
static GPtrArray *
ner_read (const char *path, VigilGazetteer *gazetteer)
{
  g_autoptr (GPtrArray) sentences
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_tagged_sentence_free);
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_token_sentence_free);
  g_autoptr (GError) error = NULL;

  if (!vigil_conll_read (path, sentences, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return NULL;
    }
  for (guint i = 0; i < sentences->len; i++)
    {
      VigilTokenSentence *s = vigil_tagged_sentence_tokenize (g_ptr_array_index (sentences, i));
      if (gazetteer != NULL)
        vigil_analysis_name_classes (gazetteer, s->tokens, s->classes);
      g_ptr_array_add (out, s);
    }
  return g_steal_pointer (&out);
}

/* The bundled lists, for the tagger's gazetteer features: not the user's
 * additions, so that anyone trains the same model from the same corpora. */
static VigilGazetteer *
ner_gazetteer (gboolean wanted)
{
  g_autoptr (GError) error = NULL;
  VigilGazetteer *gazetteer;

  if (!wanted)
    return NULL;
  gazetteer = vigil_gazetteer_new_bundled (&error);
  if (gazetteer == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      exit (2);
    }
  return gazetteer;
}

int
cmd_train_ner (int argc, char **argv)
{
  guint epochs = 13, seed = 1, runs = 1, bits = VIGIL_TAGGER_DEFAULT_TABLE_BITS;
  gboolean use_gazetteer = TRUE;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  const char *output = NULL;
  g_autoptr (GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr (GPtrArray) dev_paths = g_ptr_array_new ();
  g_autoptr (GPtrArray) train = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) dev = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (VigilTaggerTrainer) trainer = NULL;
  g_autoptr (GRand) rand = NULL;
  g_autoptr (GBytes) model = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *size = NULL;
  gint64 start;
  guint n_sentences = 0, n_tokens = 0, n_common = 0, n_lower = 0;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--epochs") == 0 && i + 1 < argc)
        {
          if (!parse_count ("--epochs", argv[++i], 1, 1000, &epochs))
            return 2;
        }
      else if (g_strcmp0 (argv[i], "--seed") == 0 && i + 1 < argc)
        {
          if (!parse_count ("--seed", argv[++i], 0, G_MAXUINT32, &seed))
            return 2;
        }
      else if (g_strcmp0 (argv[i], "--runs") == 0 && i + 1 < argc)
        {
          if (!parse_count ("--runs", argv[++i], 1, 100, &runs))
            return 2;
        }
      else if (g_strcmp0 (argv[i], "--bits") == 0 && i + 1 < argc)
        {
          if (!parse_count ("--bits", argv[++i], 8, 24, &bits))
            return 2;
        }
      else if (g_strcmp0 (argv[i], "--dev") == 0 && i + 1 < argc)
        g_ptr_array_add (dev_paths, argv[++i]);
      else if (g_strcmp0 (argv[i], "--no-gazetteer") == 0)
        use_gazetteer = FALSE;
      else if (g_strcmp0 (argv[i], "-o") == 0 && i + 1 < argc)
        output = argv[++i];
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage ();
      else
        g_ptr_array_add (inputs, argv[i]);
    }
  if (output == NULL || inputs->len == 0)
    return usage ();

  start = g_get_monotonic_time ();
  gazetteer = ner_gazetteer (use_gazetteer);
  trainer = vigil_tagger_trainer_new (bits);
  for (guint i = 0; i < inputs->len; i++)
    {
      GPtrArray *sentences = ner_read (g_ptr_array_index (inputs, i), gazetteer);
      if (sentences == NULL)
        return 2;
      g_ptr_array_add (train, sentences);
      for (guint k = 0; k < sentences->len; k++)
        vigil_tagger_count_common_words (
            ((VigilTokenSentence *) g_ptr_array_index (sentences, k))->tokens, &n_common, &n_lower);
    }
  /* English text (most of its lower-case words are in the English word list)
   * gets the common-word features; other languages' models go without. */
  vigil_tagger_trainer_set_common_words (trainer, n_common * 2 >= n_lower);
  for (guint i = 0; i < train->len; i++)
    {
      GPtrArray *sentences = g_ptr_array_index (train, i);
      for (guint k = 0; k < sentences->len;)
        {
          guint end = ner_document_end (sentences, k);
          vigil_tagger_trainer_add_document (trainer, (VigilTokenSentence **) sentences->pdata + k,
                                             end - k);
          for (; k < end; k++)
            {
              VigilTokenSentence *s = g_ptr_array_index (sentences, k);
              n_sentences++;
              n_tokens += s->tokens->tokens->len;
            }
        }
    }
  for (guint i = 0; i < dev_paths->len; i++)
    {
      GPtrArray *sentences = ner_read (g_ptr_array_index (dev_paths, i), gazetteer);
      if (sentences == NULL)
        return 2;
      g_ptr_array_add (dev, sentences);
    }

  /* --runs N: N runs over different orders (one random sequence), their
   * averaged weights mixed into one model. */
  rand = g_rand_new_with_seed (seed);
  for (guint e = 1; e <= epochs * runs; e++)
    {
      if (e > 1 && (e - 1) % epochs == 0)
        vigil_tagger_trainer_restart (trainer);
      vigil_tagger_trainer_epoch (trainer, rand);
      if (dev->len > 0)
        {
          g_autoptr (GBytes) bytes = vigil_tagger_trainer_serialize (trainer);
          g_autoptr (VigilTagger) tagger = vigil_tagger_load_bytes (bytes, NULL);
          g_autoptr (GString) line = g_string_new (NULL);

          g_string_append_printf (line, _ ("epoch %u, dev entity F1:"), e);
          for (guint i = 0; i < dev->len; i++)
            {
              NerCounts entity = { 0 }, token = { 0 };
              ner_evaluate (tagger, g_ptr_array_index (dev, i), &entity, &token, NULL, NULL);
              g_string_append_printf (line, " %s %.3f", (char *) g_ptr_array_index (dev_paths, i),
                                      ner_f1 (&entity, 0, NULL, NULL));
            }
          g_printerr ("%s\n", line->str);
        }
    }
  model = vigil_tagger_trainer_serialize (trainer);
  size = g_format_size (g_bytes_get_size (model));
  if (!g_file_set_contents (output, g_bytes_get_data (model, NULL), g_bytes_get_size (model),
                            &error))
    return fail (error);
  /* TRANSLATORS: sentences, tokens, epochs, seconds, then the model's file name and size */
  g_printerr (_ ("Trained on %u sentences (%u tokens), %u epochs, in %.1f s: %s, %s\n"),
              n_sentences, n_tokens, epochs, (g_get_monotonic_time () - start) / 1e6, output, size);
  return 0;
}

/* Bag of names: the distinct names of each type the analysis (lists, rules and
 * tagger, as the article view shows them) finds in NAME.txt against those
 * listed in NAME.gold.json ("person", "organization", "location"). */
static gboolean
ner_bag_of_names (VigilGazetteer *gazetteer, const char *txt_path, NerCounts *counts,
                  GError **error)
{
  static const char *const keys[] = { NULL, "person", "organization", "location" };
  static const VigilEntityType types[]
      = { 0, VIGIL_ENTITY_PERSON, VIGIL_ENTITY_ORGANIZATION, VIGIL_ENTITY_LOCATION };
  g_autofree char *text = NULL;
  g_autofree char *stem = g_strndup (txt_path, strlen (txt_path) - strlen (".txt"));
  g_autofree char *gold_path = g_strconcat (stem, ".gold.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (VigilAnalysis) analysis = NULL;
  JsonObject *gold;

  if (!g_file_get_contents (txt_path, &text, NULL, error))
    return FALSE;
  if (!json_parser_load_from_file (parser, gold_path, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      /* TRANSLATORS: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("%s: not a JSON object"),
                   gold_path);
      return FALSE;
    }
  gold = json_node_get_object (json_parser_get_root (parser));
  analysis = vigil_analyze (gazetteer, text, 0);
  for (guint type = 1; type <= 3; type++)
    {
      g_autoptr (GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *names = json_object_has_member (gold, keys[type])
                             ? json_object_get_array_member (gold, keys[type])
                             : NULL;
      GHashTableIter iter;
      gpointer name;

      for (guint i = 0; names && i < json_array_get_length (names); i++)
        {
          const char *s = json_array_get_string_element (names, i);
          if (s != NULL)
            g_hash_table_add (wanted, (gpointer) s);
        }
      for (guint i = 0; i < analysis->entities->len; i++)
        {
          VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
          if (e->type == types[type])
            g_hash_table_add (found, e->text);
        }
      g_hash_table_iter_init (&iter, found);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        {
          gboolean hit = g_hash_table_contains (wanted, name);
          if (hit)
            counts->tp[type]++, counts->tp[0]++;
          else
            counts->fp[type]++, counts->fp[0]++;
        }
      g_hash_table_iter_init (&iter, wanted);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        if (!g_hash_table_contains (found, name))
          counts->fn[type]++, counts->fn[0]++;
    }
  return TRUE;
}

int
cmd_eval_ner (int argc, char **argv)
{
  g_autoptr (VigilTagger) tagger = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (GError) error = NULL;
  NerCounts all_entity = { 0 }, all_token = { 0 }, bag = { 0 };
  gboolean use_gazetteer = TRUE, whole_analysis = FALSE;
  guint n_docs = 0, n_conll = 0;
  gint64 start;

  while (argc > 2 && g_str_has_prefix (argv[2], "--"))
    {
      if (g_strcmp0 (argv[2], "--no-gazetteer") == 0)
        use_gazetteer = FALSE;
      else if (g_strcmp0 (argv[2], "--analysis") == 0)
        whole_analysis = TRUE;
      else
        return usage ();
      argv++, argc--;
    }
  if (whole_analysis && !use_gazetteer)
    return usage ();
  if (argc < 4)
    return usage ();
  start = g_get_monotonic_time ();
  if (g_strcmp0 (argv[2], "none") != 0)
    {
      tagger = vigil_tagger_load (argv[2], &error);
      if (tagger == NULL)
        {
          g_printerr ("vigil-cli: %s\n", error->message);
          return 2;
        }
      /* TRANSLATORS: %.1f is a time in milliseconds */
      g_print (_ ("model loaded in %.1f ms\n"), (g_get_monotonic_time () - start) / 1e3);
    }
  gazetteer = ner_gazetteer (use_gazetteer);
  for (int i = 3; i < argc; i++)
    {
      g_autoptr (GPtrArray) sentences = NULL;
      NerCounts entity = { 0 }, token = { 0 };
      gsize bytes = 0;
      double seconds = 0;

      if (g_str_has_suffix (argv[i], ".txt"))
        {
          if (gazetteer == NULL)
            gazetteer = vigil_gazetteer_new ();
          /* The analysis with this model (none: the lists and rules alone). */
          if (n_docs == 0 && tagger != NULL)
            {
              vigil_gazetteer_set_tagger (gazetteer, g_steal_pointer (&tagger));
              tagger = NULL;
            }
          if (!ner_bag_of_names (gazetteer, argv[i], &bag, &error))
            {
              g_printerr ("vigil-cli: %s\n", error->message);
              return 2;
            }
          n_docs++;
          continue;
        }
      if (whole_analysis)
        {
          /* The analysis with this model (none: the lists and rules alone). */
          if (tagger != NULL)
            vigil_gazetteer_set_tagger (gazetteer, g_steal_pointer (&tagger));
          sentences = ner_read (argv[i], NULL);
          if (sentences == NULL)
            return 2;
          ner_evaluate_analysis (gazetteer, sentences, &entity, &token);
          n_conll++;
          /* TRANSLATORS: a file name and a number of sentences */
          g_print (_ ("%s: %u sentences, whole analysis\n"), argv[i], sentences->len);
          ner_print (_ ("entity"), &entity);
          ner_print (_ ("token"), &token);
          ner_add_counts (&all_entity, &entity);
          ner_add_counts (&all_token, &token);
          continue;
        }
      if (tagger == NULL && (gazetteer == NULL || vigil_gazetteer_get_tagger (gazetteer) == NULL))
        {
          g_printerr ("vigil-cli: %s\n", _ ("CoNLL files need a model"));
          return 2;
        }
      sentences = ner_read (argv[i], use_gazetteer ? gazetteer : NULL);
      if (sentences == NULL)
        return 2;
      ner_evaluate (tagger ? tagger : vigil_gazetteer_get_tagger (gazetteer), sentences, &entity,
                    &token, &bytes, &seconds);
      n_conll++;
      /* TRANSLATORS: a file name, the number of sentences, then a speed */
      g_print (_ ("%s: %u sentences, tagged at %.2f MB/s\n"), argv[i], sentences->len,
               seconds > 0 ? bytes / seconds / 1e6 : 0);
      ner_print (_ ("entity"), &entity);
      ner_print (_ ("token"), &token);
      ner_add_counts (&all_entity, &entity);
      ner_add_counts (&all_token, &token);
    }
  if (n_docs > 0)
    {
      /* TRANSLATORS: %u is a number of documents */
      g_print (_ ("bag of names, %u documents:\n"), n_docs);
      ner_print (_ ("names"), &bag);
    }
  if (n_conll > 1)
    {
      g_print ("%s\n", _ ("all files:"));
      ner_print (_ ("entity"), &all_entity);
      ner_print (_ ("token"), &all_token);
    }
  return 0;
}
