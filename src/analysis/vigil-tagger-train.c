/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-tagger-train.c — the name tagger's training data (CoNLL files read,
 * sentences tokenized as Vigil tokenizes) and its averaged-perceptron trainer,
 * writing the model vigil-tagger.c loads. */
#include "config.h"

#include "vigil-tagger-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

void
vigil_tagged_sentence_free (VigilTaggedSentence *sentence)
{
  if (sentence == NULL)
    return;
  g_strfreev (sentence->words);
  g_free (sentence->tags);
  g_free (sentence);
}

static void
end_sentence (GPtrArray *words, GByteArray *tags, GPtrArray *sentences, guint doc)
{
  VigilTaggedSentence *s;

  if (words->len == 0)
    return;
  s = g_new0 (VigilTaggedSentence, 1);
  s->n = words->len;
  g_ptr_array_add (words, NULL);
  s->words = (char **) g_ptr_array_steal (words, NULL);
  s->tags = g_byte_array_steal (tags, NULL);
  s->doc = doc;
  g_ptr_array_add (sentences, s);
}

gboolean
vigil_conll_read (const char *path, GPtrArray *sentences, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GByteArray) tags = g_byte_array_new ();
  guint line_no = 0, doc = 0;
  char *line, *next;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  if (!g_utf8_validate_len (contents, len, NULL))
    {
      /* TRANSLATORS: %s is a file name */
      g_set_error (error, VIGIL_TAGGER_ERROR, VIGIL_TAGGER_ERROR_INPUT, _ ("%s: not UTF-8 text"),
                   path);
      return FALSE;
    }
  for (line = contents; line != NULL && *line; line = next)
    {
      char *tab;
      guint8 tag;
      gsize l;

      line_no++;
      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      l = strlen (line);
      if (l > 0 && line[l - 1] == '\r')
        line[--l] = '\0';
      if (l == 0)
        {
          end_sentence (words, tags, sentences, doc);
          continue;
        }
      tab = strrchr (line, '\t');
      if (tab == NULL || tab == line || !vigil_tag_parse (tab + 1, &tag))
        {
          /* TRANSLATORS: %s is a file name, %u a line number */
          g_set_error (error, VIGIL_TAGGER_ERROR, VIGIL_TAGGER_ERROR_INPUT,
                       _ ("%s:%u: expected a token, a tab and a BIO tag"), path, line_no);
          return FALSE;
        }
      *tab = '\0';
      if (strcmp (line, "-DOCSTART-") == 0)
        {
          end_sentence (words, tags, sentences, doc);
          doc++;
          continue;
        }
      g_ptr_array_add (words, g_strdup (line));
      g_byte_array_append (tags, &tag, 1);
    }
  end_sentence (words, tags, sentences, doc);
  return TRUE;
}

VigilTokenSentence *
vigil_tagged_sentence_tokenize (const VigilTaggedSentence *sentence)
{
  VigilTokenSentence *out = g_new0 (VigilTokenSentence, 1);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree guint *word_end = g_new (guint, sentence->n + 1);
  g_autofree guint *name_of = g_new0 (guint, sentence->n + 1); /* 0: no name */
  guint n, w = 0, names = 0, prev_name = 0;

  for (guint i = 0; i < sentence->n; i++)
    {
      guint8 tag = sentence->tags[i], prev = i > 0 ? sentence->tags[i - 1] : VIGIL_TAG_O;

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, sentence->words[i]);
      word_end[i] = text->len;
      if (tag != VIGIL_TAG_O)
        name_of[i] = (VIGIL_TAG_IS_BEGIN (tag) || VIGIL_TAG_TYPE (prev) != VIGIL_TAG_TYPE (tag))
                         ? ++names
                         : names;
    }
  out->text = g_string_free (g_steal_pointer (&text), FALSE);
  out->doc = sentence->doc;
  out->tokens = vigil_tokenize (out->text);
  n = out->tokens->tokens->len;
  out->tags = g_new0 (guint8, n + 1);
  out->classes = g_new0 (guint8, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const VigilToken *t = vigil_tokens_get (out->tokens, i);
      guint8 tag;

      while (w < sentence->n && t->byte_start >= word_end[w])
        w++;
      if (w >= sentence->n)
        break;
      tag = sentence->tags[w];
      /* A name's first token begins it, whether or not its first word made a
       * token; its other tokens continue it. */
      if (tag != VIGIL_TAG_O)
        tag = name_of[w] == prev_name ? 2 * VIGIL_TAG_TYPE (tag) : 2 * VIGIL_TAG_TYPE (tag) - 1;
      prev_name = name_of[w];
      out->tags[i] = tag;
    }
  return out;
}

void
vigil_token_sentence_free (VigilTokenSentence *sentence)
{
  if (sentence == NULL)
    return;
  vigil_tokens_free (sentence->tokens);
  g_free (sentence->text);
  g_free (sentence->tags);
  g_free (sentence->classes);
  g_free (sentence);
}

/* Training: the perceptron with the averaging trick (Daumé's): alongside
 * the weights w, u accumulates each update times the step it happened at, and
 * the average over all steps is w - u / steps. An example is one segment of
 * tagger_candidate tokens, with its features worked out once. */
typedef struct
{
  guint len;
  guint start_prev;
  guint32 *feats;
  guint32 *prev_feats;
  guint8 *gold;
} Example;

struct _VigilTaggerTrainer
{
  guint bits;
  guint32 mask;
  float *w;
  double *u;
  float trans[TRANS_COUNT];
  double utrans[TRANS_COUNT];
  double step;
  guint n_features;
  GArray *examples; /* Example */
  /* Parameter mixing: the sum of the averaged weights of the runs restarted
   * so far (vigil_tagger_trainer_restart()), NULL before the first. */
  float *mixed;
  double mixed_trans[TRANS_COUNT];
  guint n_mixed;
};

VigilTaggerTrainer *
vigil_tagger_trainer_new (guint table_bits)
{
  VigilTaggerTrainer *trainer;
  gsize n;

  g_return_val_if_fail (table_bits >= MIN_BITS && table_bits <= MAX_BITS, NULL);
  trainer = g_new0 (VigilTaggerTrainer, 1);
  trainer->bits = table_bits;
  trainer->mask = ((guint32) 1 << table_bits) - 1;
  n = ((gsize) 1 << table_bits) * ROW;
  trainer->w = g_new0 (float, n);
  trainer->u = g_new0 (double, n);
  trainer->step = 1;
  trainer->n_features = N_FEATURES;
  trainer->examples = g_array_new (FALSE, FALSE, sizeof (Example));
  return trainer;
}

void
vigil_tagger_trainer_set_common_words (VigilTaggerTrainer *trainer, gboolean use)
{
  g_return_if_fail (trainer != NULL && trainer->examples->len == 0);
  trainer->n_features = use ? N_FEATURES : N_PLAIN_FEATURES;
}

void
vigil_tagger_count_common_words (VigilTokens *tokens, guint *common, guint *lower)
{
  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      const VigilToken *t = vigil_tokens_get (tokens, i);
      if (cased (t) || !g_ascii_isalpha (t->folded[0]))
        continue;
      (*lower)++;
      if (tagger_lexicon_bits (t->hash) & LEX_COMMON)
        (*common)++;
    }
}

void
vigil_tagger_trainer_free (VigilTaggerTrainer *trainer)
{
  if (trainer == NULL)
    return;
  for (guint i = 0; i < trainer->examples->len; i++)
    {
      Example *e = &g_array_index (trainer->examples, Example, i);
      g_free (e->feats);
      g_free (e->prev_feats);
      g_free (e->gold);
    }
  g_array_unref (trainer->examples);
  g_free (trainer->w);
  g_free (trainer->u);
  g_free (trainer->mixed);
  g_free (trainer);
}

typedef struct
{
  VigilTaggerTrainer *trainer;
  const guint8 *tags;
} AddData;

static void
add_segment (guint first, guint len, guint start_prev, const guint32 *f, const guint32 *pf,
             gpointer data)
{
  AddData *d = data;
  Example e = { len, start_prev, NULL, NULL, NULL };

  e.feats = g_memdup2 (f, (gsize) len * N_FEATURES * sizeof (guint32));
  e.prev_feats = g_memdup2 (pf, (gsize) len * N_PREV_FEATURES * sizeof (guint32));
  e.gold = g_memdup2 (d->tags + first, len);
  /* A name that goes on from a token the rule leaves out (a lower-case word)
   * begins, for this segment, at its first tagger_candidate. */
  if (e.gold[0] != VIGIL_TAG_O && !VIGIL_TAG_IS_BEGIN (e.gold[0]))
    e.gold[0]--;
  g_array_append_val (d->trainer->examples, e);
}

void
vigil_tagger_trainer_add (VigilTaggerTrainer *trainer, const VigilTokenSentence *sentence)
{
  vigil_tagger_trainer_add_document (trainer, (VigilTokenSentence *const *) &sentence, 1);
}

void
vigil_tagger_trainer_add_document (VigilTaggerTrainer *trainer,
                                   VigilTokenSentence *const *sentences, guint n)
{
  gboolean full = trainer->n_features == N_FEATURES;
  DocWords doc = { 0 };
  g_autofree VigilTokens **tokens = g_new (VigilTokens *, n + 1);

  for (guint k = 0; k < n; k++)
    tokens[k] = sentences[k]->tokens;
  if (full)
    tagger_doc_words_build (&doc, tokens, n);
  for (guint k = 0; k < n; k++)
    {
      AddData d = { trainer, sentences[k]->tags };
      tagger_for_each_segment (sentences[k]->tokens, sentences[k]->classes, full,
                               full ? &doc : NULL, add_segment, &d);
    }
  tagger_doc_words_clear (&doc);
}

static inline void
update (VigilTaggerTrainer *trainer, gsize index, float d)
{
  trainer->w[index] += d;
  trainer->u[index] += trainer->step * d;
}

static void
update_trans (VigilTaggerTrainer *trainer, guint prev, guint tag, float d)
{
  trainer->trans[prev * NT + tag] += d;
  trainer->utrans[prev * NT + tag] += trainer->step * d;
}

static void
learn (VigilTaggerTrainer *trainer, const Example *e)
{
  Weights W = { trainer->trans, NULL, 1.f, trainer->w, trainer->mask, trainer->n_features };
  guint8 guess_stack[64];
  g_autofree guint8 *guess_heap = NULL;
  guint8 *guess = e->len <= 64 ? guess_stack : (guess_heap = g_new (guint8, e->len));

  tagger_decode_segment (&W, e->feats, e->prev_feats, e->len, e->start_prev, guess);
  for (guint i = 0; i < e->len; i++)
    {
      guint gold = e->gold[i], pred = guess[i];
      guint gold_prev = i == 0 ? e->start_prev : e->gold[i - 1];
      guint pred_prev = i == 0 ? e->start_prev : guess[i - 1];
      const guint32 *pf = e->prev_feats + (gsize) i * N_PREV_FEATURES;

      if (gold == pred && gold_prev == pred_prev)
        continue;
      if (gold != pred)
        {
          const guint32 *f = e->feats + (gsize) i * N_FEATURES;
          for (guint k = 0; k < trainer->n_features; k++)
            {
              gsize base = (gsize) (f[k] & trainer->mask) * ROW;
              update (trainer, base + gold, 1.f);
              update (trainer, base + pred, -1.f);
            }
        }
      for (guint k = 0; k < N_PREV_FEATURES; k++)
        {
          update (trainer, (gsize) (with_prev_tag (pf[k], gold_prev) & trainer->mask) * ROW + gold,
                  1.f);
          update (trainer, (gsize) (with_prev_tag (pf[k], pred_prev) & trainer->mask) * ROW + pred,
                  -1.f);
        }
      update_trans (trainer, gold_prev, gold, 1.f);
      update_trans (trainer, pred_prev, pred, -1.f);
    }
  trainer->step += 1;
}

void
vigil_tagger_trainer_epoch (VigilTaggerTrainer *trainer, GRand *rand)
{
  guint n = trainer->examples->len;
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i);
      guint tmp = order[i - 1];
      order[i - 1] = order[j];
      order[j] = tmp;
    }
  for (guint i = 0; i < n; i++)
    learn (trainer, &g_array_index (trainer->examples, Example, order[i]));
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };
  g_byte_array_append (out, b, 4);
}

static void
put_float (GByteArray *out, float f)
{
  guint32 v;

  if (f == 0.f)
    f = 0.f; /* no negative zero: the bytes depend only on the value */
  memcpy (&v, &f, 4);
  put_u32 (out, v);
}

/* The averaged weight i of the current run, or with earlier runs mixed in
 * their mean. */
static inline double
weight (const VigilTaggerTrainer *trainer, gsize i)
{
  double v = trainer->w[i] - trainer->u[i] / trainer->step;

  if (trainer->n_mixed == 0)
    return v;
  return (trainer->mixed[i] + v) / (trainer->n_mixed + 1);
}

static inline double
trans_weight (const VigilTaggerTrainer *trainer, guint i)
{
  double v = trainer->trans[i] - trainer->utrans[i] / trainer->step;

  if (trainer->n_mixed == 0)
    return v;
  return (trainer->mixed_trans[i] + v) / (trainer->n_mixed + 1);
}

void
vigil_tagger_trainer_restart (VigilTaggerTrainer *trainer)
{
  gsize n = ((gsize) 1 << trainer->bits) * ROW;

  g_return_if_fail (trainer != NULL);
  if (trainer->mixed == NULL)
    trainer->mixed = g_new0 (float, n);
  for (gsize i = 0; i < n; i++)
    {
      trainer->mixed[i] += (float) (trainer->w[i] - trainer->u[i] / trainer->step);
      trainer->w[i] = 0.f;
      trainer->u[i] = 0.0;
    }
  for (guint i = 0; i < TRANS_COUNT; i++)
    {
      trainer->mixed_trans[i] += trainer->trans[i] - trainer->utrans[i] / trainer->step;
      trainer->trans[i] = 0.f;
      trainer->utrans[i] = 0.0;
    }
  trainer->step = 1;
  trainer->n_mixed++;
}

GBytes *
vigil_tagger_trainer_serialize (VigilTaggerTrainer *trainer)
{
  gsize n = ((gsize) 1 << trainer->bits) * ROW;
  GByteArray *out = g_byte_array_sized_new (HEADER_SIZE + TRANS_COUNT * 4 + n * 2);
  double max = 0, scale;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, fabs (weight (trainer, i)));
  scale = max > 0 ? max / 32767.0 : 1.0;
  g_byte_array_append (out, (const guint8 *) MAGIC, 8);
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, NT);
  put_u32 (out, trainer->bits);
  put_u32 (out, trainer->n_features == N_FEATURES ? FEATURE_VERSION : FEATURE_VERSION_PLAIN);
  for (guint t = 0; t < NT; t++)
    {
      char name[TAG_NAME_LEN] = { 0 };
      memcpy (name, tag_names[t], strlen (tag_names[t]));
      g_byte_array_append (out, (const guint8 *) name, TAG_NAME_LEN);
    }
  put_float (out, (float) scale);
  for (guint i = 0; i < TRANS_COUNT; i++)
    put_float (out, (float) trans_weight (trainer, i));
  for (gsize i = 0; i < n; i++)
    {
      double v = weight (trainer, i) / (float) scale;
      gint32 q = (gint32) lrint (CLAMP (v, -32767.0, 32767.0));
      guint8 b[2] = { (guint16) q & 0xff, ((guint16) q >> 8) & 0xff };
      g_byte_array_append (out, b, 2);
    }
  return g_byte_array_free_to_bytes (out);
}
