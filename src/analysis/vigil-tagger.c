/* vigil-tagger.c: averaged-perceptron name tagger over hashed features. */
#include "config.h"

#include "vigil-tagger.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define NT VIGIL_N_TAGS
#define START_TAG NT /* the "previous tag" of the first word */

/* The file: header, (NT + 1) x NT transition weights, then 2^bits x NT feature
 * weights, all little-endian. FEATURE_VERSION changes whenever the features
 * do, so an old model is refused instead of silently scoring the wrong things. */
#define MAGIC "VIGILNER"
#define FORMAT_VERSION 1
#define FEATURE_VERSION 1
#define TAG_NAME_LEN 8
#define HEADER_SIZE (8 + 4 * 4 + NT * TAG_NAME_LEN)
#define TRANS_COUNT ((NT + 1) * NT)
#define MIN_BITS 8
#define MAX_BITS 24

/* Features of one word that do not depend on the tags. */
enum
{
  F_BIAS,
  F_WORD,
  F_EXACT,
  F_SHAPE,
  F_SHORT_SHAPE,
  F_PREFIX1,
  F_PREFIX2,
  F_PREFIX3,
  F_PREFIX4,
  F_SUFFIX1,
  F_SUFFIX2,
  F_SUFFIX3,
  F_SUFFIX4,
  F_PREV_WORD,
  F_PREV2_WORD,
  F_NEXT_WORD,
  F_NEXT2_WORD,
  F_PREV_SHAPE,
  F_PREV2_SHAPE,
  F_NEXT_SHAPE,
  F_NEXT2_SHAPE,
  F_PREV_WORD_WORD,
  F_WORD_NEXT_WORD,
  F_FIRST_SHAPE,
  F_PREV_SHAPE_SHAPE,
  F_SHAPE_NEXT_SHAPE,
  F_PREV_WORD_SHAPE,
  F_SHAPE_NEXT_WORD,
  N_FEATURES
};
/* Features joined with the previous tag. */
enum
{
  P_SHAPE,
  P_WORD,
  N_PREV_FEATURES
};

static const char *const tag_names[NT]
    = { "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC" };

G_DEFINE_QUARK (vigil - tagger - error - quark, vigil_tagger_error)

const char *
vigil_tag_name (guint tag)
{
  return tag < NT ? tag_names[tag] : "O";
}

gboolean
vigil_tag_parse (const char *name, guint8 *out_tag)
{
  for (guint t = 0; t < NT; t++)
    if (g_strcmp0 (name, tag_names[t]) == 0)
      {
        *out_tag = t;
        return TRUE;
      }
  return FALSE;
}

/* I-X only continues B-X or I-X: the decoder never produces a broken span. */
static inline gboolean
transition_allowed (guint prev, guint tag)
{
  if (tag == VIGIL_TAG_O || VIGIL_TAG_IS_BEGIN (tag))
    return TRUE;
  return prev != START_TAG && prev != VIGIL_TAG_O && VIGIL_TAG_TYPE (prev) == VIGIL_TAG_TYPE (tag);
}

/* Feature hashing: FNV-1a over a template number and the feature's strings,
 * then a finaliser so that the low bits (the table index) are well mixed. The
 * hash is fixed here, not g_str_hash, so models stay valid across GLib versions. */
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static inline guint32
fnv_bytes (guint32 h, const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) s[i];
      h *= FNV_PRIME;
    }
  return h;
}

static inline guint32
fnv_byte (guint32 h, guchar b)
{
  h ^= b;
  return h * FNV_PRIME;
}

static inline guint32
mix (guint32 h)
{
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static guint32
feature (guint template, const char *a, gssize a_len, const char *b)
{
  guint32 h = fnv_byte (FNV_OFFSET, template);

  h = fnv_bytes (h, a, a_len < 0 ? strlen (a) : (gsize) a_len);
  if (b != NULL)
    {
      h = fnv_byte (h, 0x1f);
      h = fnv_bytes (h, b, strlen (b));
    }
  return mix (h);
}

static inline guint32
with_prev_tag (guint32 base, guint prev)
{
  return mix (base ^ ((prev + 1) * 0x9e3779b9u));
}

/* The word's shape: X upper, x lower, d digit, punctuation as itself; the long
 * form keeps runs up to four ("Xxxx", "dddd"), the short form one ("Xx", "d.d"). */
static void
word_shapes (const char *word, GString *shape, GString *short_shape)
{
  gunichar last = 0;
  guint run = 0;

  g_string_truncate (shape, 0);
  g_string_truncate (short_shape, 0);
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char s;

      if (g_unichar_isupper (c) || g_unichar_istitle (c))
        s = 'X';
      else if (g_unichar_islower (c))
        s = 'x';
      else if (g_unichar_isdigit (c))
        s = 'd';
      else if (g_unichar_isalpha (c))
        s = 'a';
      else if (c < 128)
        s = (char) c;
      else
        s = '*';
      run = (s == (char) last) ? run + 1 : 1;
      if (run <= 4)
        g_string_append_c (shape, s);
      if (run == 1)
        g_string_append_c (short_shape, s);
      last = (guchar) s;
    }
}

typedef struct
{
  char *lower;
  char *shape;
  char *short_shape;
} WordInfo;

static const char *
context_word (const WordInfo *info, guint n, gint i)
{
  if (i == -1)
    return "<s>";
  if (i < -1)
    return "<s2>";
  if (i == (gint) n)
    return "</s>";
  if (i > (gint) n)
    return "</s2>";
  return info[i].lower;
}

static const char *
context_shape (const WordInfo *info, guint n, gint i)
{
  if (i < 0 || i >= (gint) n)
    return context_word (info, n, i);
  return info[i].shape;
}

/* Fills feats (n x N_FEATURES) and prev_feats (n x N_PREV_FEATURES, the bases
 * that are joined with each previous tag). */
static void
sentence_features (const char *const *words, guint n, guint32 *feats, guint32 *prev_feats)
{
  g_autofree WordInfo *info = g_new0 (WordInfo, n);
  g_autoptr (GString) shape = g_string_new (NULL);
  g_autoptr (GString) short_shape = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *w = g_utf8_validate (words[i], -1, NULL) ? words[i] : "?";
      info[i].lower = g_utf8_strdown (w, -1);
      word_shapes (w, shape, short_shape);
      info[i].shape = g_strdup (shape->str);
      info[i].short_shape = g_strdup (short_shape->str);
    }
  for (guint i = 0; i < n; i++)
    {
      guint32 *f = feats + (gsize) i * N_FEATURES;
      const char *lower = info[i].lower;
      glong len = g_utf8_strlen (lower, -1);
      gint j = (gint) i;

      f[F_BIAS] = feature (F_BIAS, "", 0, NULL);
      f[F_WORD] = feature (F_WORD, lower, -1, NULL);
      f[F_EXACT]
          = feature (F_EXACT, g_utf8_validate (words[i], -1, NULL) ? words[i] : "?", -1, NULL);
      f[F_SHAPE] = feature (F_SHAPE, info[i].shape, -1, NULL);
      f[F_SHORT_SHAPE] = feature (F_SHORT_SHAPE, info[i].short_shape, -1, NULL);
      for (guint k = 1; k <= 4; k++)
        {
          if ((glong) k < len)
            {
              const char *end = g_utf8_offset_to_pointer (lower, k);
              const char *start = g_utf8_offset_to_pointer (lower, len - k);
              f[F_PREFIX1 + k - 1] = feature (F_PREFIX1 + k - 1, lower, end - lower, NULL);
              f[F_SUFFIX1 + k - 1] = feature (F_SUFFIX1 + k - 1, start, -1, NULL);
            }
          else
            {
              /* Too short: the whole word stands in, as its own feature. */
              f[F_PREFIX1 + k - 1] = feature (F_PREFIX1 + k - 1, "", 0, lower);
              f[F_SUFFIX1 + k - 1] = feature (F_SUFFIX1 + k - 1, "", 0, lower);
            }
        }
      f[F_PREV_WORD] = feature (F_PREV_WORD, context_word (info, n, j - 1), -1, NULL);
      f[F_PREV2_WORD] = feature (F_PREV2_WORD, context_word (info, n, j - 2), -1, NULL);
      f[F_NEXT_WORD] = feature (F_NEXT_WORD, context_word (info, n, j + 1), -1, NULL);
      f[F_NEXT2_WORD] = feature (F_NEXT2_WORD, context_word (info, n, j + 2), -1, NULL);
      f[F_PREV_SHAPE] = feature (F_PREV_SHAPE, context_shape (info, n, j - 1), -1, NULL);
      f[F_PREV2_SHAPE] = feature (F_PREV2_SHAPE, context_shape (info, n, j - 2), -1, NULL);
      f[F_NEXT_SHAPE] = feature (F_NEXT_SHAPE, context_shape (info, n, j + 1), -1, NULL);
      f[F_NEXT2_SHAPE] = feature (F_NEXT2_SHAPE, context_shape (info, n, j + 2), -1, NULL);
      f[F_PREV_WORD_WORD] = feature (F_PREV_WORD_WORD, context_word (info, n, j - 1), -1, lower);
      f[F_WORD_NEXT_WORD] = feature (F_WORD_NEXT_WORD, lower, -1, context_word (info, n, j + 1));
      f[F_FIRST_SHAPE] = feature (F_FIRST_SHAPE, i == 0 ? "1" : "0", -1, info[i].shape);
      f[F_PREV_SHAPE_SHAPE]
          = feature (F_PREV_SHAPE_SHAPE, context_shape (info, n, j - 1), -1, info[i].shape);
      f[F_SHAPE_NEXT_SHAPE]
          = feature (F_SHAPE_NEXT_SHAPE, info[i].shape, -1, context_shape (info, n, j + 1));
      f[F_PREV_WORD_SHAPE]
          = feature (F_PREV_WORD_SHAPE, context_word (info, n, j - 1), -1, info[i].short_shape);
      f[F_SHAPE_NEXT_WORD]
          = feature (F_SHAPE_NEXT_WORD, info[i].short_shape, -1, context_word (info, n, j + 1));

      prev_feats[(gsize) i * N_PREV_FEATURES + P_SHAPE]
          = feature (100 + P_SHAPE, info[i].short_shape, -1, NULL);
      prev_feats[(gsize) i * N_PREV_FEATURES + P_WORD] = feature (100 + P_WORD, lower, -1, NULL);
    }
  for (guint i = 0; i < n; i++)
    {
      g_free (info[i].lower);
      g_free (info[i].shape);
      g_free (info[i].short_shape);
    }
}

/* Viterbi over the tags. Scores: the word's features for the tag, plus the
 * transition and previous-tag features for each (previous, tag) pair. */
static void
decode (const float *trans, const float *weights, guint32 mask, const guint32 *feats,
        const guint32 *prev_feats, guint n, guint8 *out)
{
  g_autofree float *delta = g_new (float, (gsize) n *NT);
  g_autofree guint8 *back = g_new (guint8, (gsize) n * NT);

  for (guint i = 0; i < n; i++)
    {
      float emit[NT] = { 0 };
      const float *prev_rows[NT + 1][N_PREV_FEATURES];
      const guint32 *f = feats + (gsize) i * N_FEATURES;
      const guint32 *pf = prev_feats + (gsize) i * N_PREV_FEATURES;
      guint first_prev = i == 0 ? START_TAG : 0;
      guint last_prev = i == 0 ? START_TAG : NT - 1;

      for (guint k = 0; k < N_FEATURES; k++)
        {
          const float *w = weights + (gsize) (f[k] & mask) * NT;
          for (guint t = 0; t < NT; t++)
            emit[t] += w[t];
        }
      for (guint p = first_prev; p <= last_prev; p++)
        for (guint k = 0; k < N_PREV_FEATURES; k++)
          prev_rows[p][k] = weights + (gsize) (with_prev_tag (pf[k], p) & mask) * NT;
      for (guint t = 0; t < NT; t++)
        {
          float best = -INFINITY;
          guint best_prev = VIGIL_TAG_O;

          for (guint p = first_prev; p <= last_prev; p++)
            {
              float s;

              if (!transition_allowed (p, t))
                continue;
              s = (i == 0 ? 0.f : delta[(gsize) (i - 1) * NT + p]) + trans[p * NT + t];
              for (guint k = 0; k < N_PREV_FEATURES; k++)
                s += prev_rows[p][k][t];
              if (s > best)
                {
                  best = s;
                  best_prev = p;
                }
            }
          delta[(gsize) i * NT + t] = best + emit[t];
          back[(gsize) i * NT + t] = best_prev;
        }
    }
  if (n == 0)
    return;
  {
    guint best_tag = VIGIL_TAG_O;
    for (guint t = 1; t < NT; t++)
      if (delta[(gsize) (n - 1) * NT + t] > delta[(gsize) (n - 1) * NT + best_tag])
        best_tag = t;
    for (guint i = n; i-- > 0;)
      {
        out[i] = best_tag;
        best_tag = back[(gsize) i * NT + best_tag];
      }
  }
}

struct _VigilTagger
{
  GBytes *bytes;
  float *owned; /* when the file's floats could not be used in place */
  const float *trans;
  const float *weights;
  guint32 mask;
};

void
vigil_tagger_free (VigilTagger *tagger)
{
  if (tagger == NULL)
    return;
  g_clear_pointer (&tagger->bytes, g_bytes_unref);
  g_free (tagger->owned);
  g_free (tagger);
}

static guint32
read_u32 (const guchar *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static gboolean
invalid (GError **error, const char *why)
{
  /* TRANSLATORS: %s says what is wrong with the file */
  g_set_error (error, VIGIL_TAGGER_ERROR, VIGIL_TAGGER_ERROR_INVALID,
               _ ("Not a valid tagger model: %s"), why);
  return FALSE;
}

VigilTagger *
vigil_tagger_load_bytes (GBytes *bytes, GError **error)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);
  g_autoptr (VigilTagger) tagger = NULL;
  guint bits;
  gsize n_floats;
  const float *floats;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (size < HEADER_SIZE || memcmp (data, MAGIC, 8) != 0)
    return invalid (error, _ ("wrong signature")), NULL;
  if (read_u32 (data + 8) != FORMAT_VERSION || read_u32 (data + 20) != FEATURE_VERSION)
    return invalid (error, _ ("unsupported version")), NULL;
  if (read_u32 (data + 12) != NT)
    return invalid (error, _ ("unexpected tag set")), NULL;
  for (guint t = 0; t < NT; t++)
    {
      char name[TAG_NAME_LEN] = { 0 };
      memcpy (name, tag_names[t], strlen (tag_names[t]));
      if (memcmp (data + 24 + t * TAG_NAME_LEN, name, TAG_NAME_LEN) != 0)
        return invalid (error, _ ("unexpected tag set")), NULL;
    }
  bits = read_u32 (data + 16);
  if (bits < MIN_BITS || bits > MAX_BITS)
    return invalid (error, _ ("bad table size")), NULL;
  n_floats = TRANS_COUNT + ((gsize) 1 << bits) * NT;
  if (size != HEADER_SIZE + n_floats * sizeof (float))
    return invalid (error, _ ("wrong length (truncated?)")), NULL;

  tagger = g_new0 (VigilTagger, 1);
  tagger->bytes = g_bytes_ref (bytes);
  tagger->mask = ((guint32) 1 << bits) - 1;
  floats = (const float *) (data + HEADER_SIZE);
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN || ((guintptr) floats % G_ALIGNOF (float)) != 0)
    {
      guint32 *copy = g_new (guint32, n_floats);
      for (gsize i = 0; i < n_floats; i++)
        copy[i] = read_u32 (data + HEADER_SIZE + i * 4);
      tagger->owned = (float *) copy;
      floats = tagger->owned;
    }
  for (gsize i = 0; i < n_floats; i++)
    if (!isfinite (floats[i]))
      return invalid (error, _ ("weights are not numbers")), NULL;
  tagger->trans = floats;
  tagger->weights = floats + TRANS_COUNT;
  return g_steal_pointer (&tagger);
}

VigilTagger *
vigil_tagger_load (const char *path, GError **error)
{
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  g_autoptr (GBytes) bytes = NULL;
  VigilTagger *tagger;

  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  tagger = vigil_tagger_load_bytes (bytes, error);
  if (tagger == NULL)
    g_prefix_error (error, "%s: ", path);
  return tagger;
}

void
vigil_tagger_tag (const VigilTagger *tagger, const char *const *words, guint n, guint8 *out_tags)
{
  g_autofree guint32 *feats = NULL;
  g_autofree guint32 *prev_feats = NULL;

  g_return_if_fail (tagger != NULL);
  if (n == 0)
    return;
  feats = g_new (guint32, (gsize) n * N_FEATURES);
  prev_feats = g_new (guint32, (gsize) n * N_PREV_FEATURES);
  sentence_features (words, n, feats, prev_feats);
  decode (tagger->trans, tagger->weights, tagger->mask, feats, prev_feats, n, out_tags);
}

void
vigil_tagger_tag_tokens (const VigilTagger *tagger, VigilTokens *tokens, guint8 *out_tags)
{
  guint n = tokens->tokens->len;
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  guint start = 0;

  for (guint i = 0; i <= n; i++)
    {
      if (i == n
          || (i > start && (vigil_tokens_get (tokens, i)->flags & VIGIL_TOKEN_SENTENCE_START)))
        {
          vigil_tagger_tag (tagger, (const char *const *) words->pdata, words->len,
                            out_tags + start);
          g_ptr_array_set_size (words, 0);
          start = i;
        }
      if (i < n)
        {
          VigilToken *t = vigil_tokens_get (tokens, i);
          g_ptr_array_add (words,
                           g_strndup (tokens->text + t->byte_start, t->byte_end - t->byte_start));
        }
    }
}

void
vigil_tagged_sentence_free (VigilTaggedSentence *sentence)
{
  if (sentence == NULL)
    return;
  g_strfreev (sentence->words);
  g_free (sentence->tags);
  g_free (sentence);
}

static gboolean
has_letter_or_digit (const char *word)
{
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

void
vigil_tagged_sentence_keep_words (VigilTaggedSentence *sentence)
{
  guint kept = 0;
  guint name = 0, current = 0, last_kept = 0; /* names numbered in the original words */
  guint8 prev = VIGIL_TAG_O;

  for (guint i = 0; i < sentence->n; i++)
    {
      guint8 tag = sentence->tags[i];

      if (tag == VIGIL_TAG_O)
        current = 0;
      else if (VIGIL_TAG_IS_BEGIN (tag) || VIGIL_TAG_TYPE (prev) != VIGIL_TAG_TYPE (tag))
        current = ++name;
      prev = tag;
      if (!has_letter_or_digit (sentence->words[i]))
        {
          g_free (sentence->words[i]);
          continue;
        }
      /* The first word kept of a name begins it, even if its B- word was dropped. */
      if (tag != VIGIL_TAG_O)
        tag = current != last_kept ? 2 * VIGIL_TAG_TYPE (tag) - 1 : 2 * VIGIL_TAG_TYPE (tag);
      last_kept = current;
      sentence->words[kept] = sentence->words[i];
      sentence->tags[kept] = tag;
      kept++;
    }
  sentence->words[kept] = NULL;
  sentence->n = kept;
}

static void
end_sentence (GPtrArray *words, GByteArray *tags, GPtrArray *sentences)
{
  VigilTaggedSentence *s;

  if (words->len == 0)
    return;
  s = g_new0 (VigilTaggedSentence, 1);
  s->n = words->len;
  g_ptr_array_add (words, NULL);
  s->words = (char **) g_ptr_array_steal (words, NULL);
  s->tags = g_byte_array_steal (tags, NULL);
  g_ptr_array_add (sentences, s);
}

gboolean
vigil_conll_read (const char *path, GPtrArray *sentences, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GByteArray) tags = g_byte_array_new ();
  guint line_no = 0;
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
          end_sentence (words, tags, sentences);
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
          end_sentence (words, tags, sentences);
          continue;
        }
      g_ptr_array_add (words, g_strdup (line));
      g_byte_array_append (tags, &tag, 1);
    }
  end_sentence (words, tags, sentences);
  return TRUE;
}

/* Training: the perceptron with the averaging trick (Daumé's): alongside
 * the weights w, u accumulates each update times the step it happened at, and
 * the average over all steps is w - u / steps. */
typedef struct
{
  const VigilTaggedSentence *sentence;
  guint32 *feats;
  guint32 *prev_feats;
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
  GArray *examples; /* Example */
};

VigilTaggerTrainer *
vigil_tagger_trainer_new (guint table_bits)
{
  VigilTaggerTrainer *trainer = g_new0 (VigilTaggerTrainer, 1);
  gsize n;

  g_return_val_if_fail (table_bits >= MIN_BITS && table_bits <= MAX_BITS, NULL);
  trainer->bits = table_bits;
  trainer->mask = ((guint32) 1 << table_bits) - 1;
  n = ((gsize) 1 << table_bits) * NT;
  trainer->w = g_new0 (float, n);
  trainer->u = g_new0 (double, n);
  trainer->step = 1;
  trainer->examples = g_array_new (FALSE, FALSE, sizeof (Example));
  return trainer;
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
    }
  g_array_unref (trainer->examples);
  g_free (trainer->w);
  g_free (trainer->u);
  g_free (trainer);
}

void
vigil_tagger_trainer_add (VigilTaggerTrainer *trainer, const VigilTaggedSentence *sentence)
{
  Example e = { sentence, NULL, NULL };

  if (sentence->n == 0)
    return;
  e.feats = g_new (guint32, (gsize) sentence->n * N_FEATURES);
  e.prev_feats = g_new (guint32, (gsize) sentence->n * N_PREV_FEATURES);
  sentence_features ((const char *const *) sentence->words, sentence->n, e.feats, e.prev_feats);
  g_array_append_val (trainer->examples, e);
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
  const VigilTaggedSentence *s = e->sentence;
  g_autofree guint8 *guess = g_new (guint8, s->n);

  decode (trainer->trans, trainer->w, trainer->mask, e->feats, e->prev_feats, s->n, guess);
  for (guint i = 0; i < s->n; i++)
    {
      guint gold = s->tags[i], pred = guess[i];
      guint gold_prev = i == 0 ? START_TAG : s->tags[i - 1];
      guint pred_prev = i == 0 ? START_TAG : guess[i - 1];
      const guint32 *pf = e->prev_feats + (gsize) i * N_PREV_FEATURES;

      if (gold == pred && gold_prev == pred_prev)
        continue;
      if (gold != pred)
        {
          const guint32 *f = e->feats + (gsize) i * N_FEATURES;
          for (guint k = 0; k < N_FEATURES; k++)
            {
              gsize base = (gsize) (f[k] & trainer->mask) * NT;
              update (trainer, base + gold, 1.f);
              update (trainer, base + pred, -1.f);
            }
        }
      for (guint k = 0; k < N_PREV_FEATURES; k++)
        {
          update (trainer, (gsize) (with_prev_tag (pf[k], gold_prev) & trainer->mask) * NT + gold,
                  1.f);
          update (trainer, (gsize) (with_prev_tag (pf[k], pred_prev) & trainer->mask) * NT + pred,
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

GBytes *
vigil_tagger_trainer_serialize (VigilTaggerTrainer *trainer)
{
  gsize n = ((gsize) 1 << trainer->bits) * NT;
  GByteArray *out = g_byte_array_sized_new (HEADER_SIZE + (TRANS_COUNT + n) * 4);

  g_byte_array_append (out, (const guint8 *) MAGIC, 8);
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, NT);
  put_u32 (out, trainer->bits);
  put_u32 (out, FEATURE_VERSION);
  for (guint t = 0; t < NT; t++)
    {
      char name[TAG_NAME_LEN] = { 0 };
      memcpy (name, tag_names[t], strlen (tag_names[t]));
      g_byte_array_append (out, (const guint8 *) name, TAG_NAME_LEN);
    }
  for (guint i = 0; i < TRANS_COUNT; i++)
    put_float (out, (float) (trainer->trans[i] - trainer->utrans[i] / trainer->step));
  for (gsize i = 0; i < n; i++)
    put_float (out, (float) (trainer->w[i] - trainer->u[i] / trainer->step));
  return g_byte_array_free_to_bytes (out);
}
