/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-tagger.c: averaged-perceptron name tagger over hashed features.
 *
 * Over 900 lines on purpose: the features of a token and the Viterbi decoder
 * that sums their weights are the analysis's hot path, kept in one translation
 * unit so that the compiler inlines one into the other (bench-tagging). The
 * training and the CoNLL reader are in vigil-tagger-train.c. */
#include "config.h"

#include "vigil-tagger-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

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

/* Feature hashing. Each token's strings are hashed once (FNV-1a, the same
 * steps as vigil_word_hash(), fixed here rather than g_str_hash so that models
 * stay valid across GLib versions); a feature is its template number and one
 * or two of those hashes, mixed so that the low bits (the table index) are
 * well spread. */
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

/* A feature's hash before the final mix(): token_features() fills a token's
 * features with these, then mixes them all at once (mix_all()). */
static inline guint32
feat1 (guint template, guint32 a)
{
  return a * 0x9e3779b1u + (template + 1) * 0x27d4eb2fu;
}

static inline guint32
feat2 (guint template, guint32 a, guint32 b)
{
  return a * 0x9e3779b1u + (template + 1) * 0x27d4eb2fu + ((b * 0x165667b1u) ^ (b >> 15));
}

/* mix() of n values in place, four at a time in vector lanes (the same
 * steps, the same results). */
typedef guint32 U32x4 __attribute__ ((vector_size (4 * sizeof (guint32))));

static inline void
mix_all (guint32 *h, guint n)
{
  guint k = 0;

  for (; k + 4 <= n; k += 4)
    {
      U32x4 v;

      memcpy (&v, h + k, sizeof v);
      v ^= v >> 16;
      v *= 0x85ebca6bu;
      v ^= v >> 13;
      v *= 0xc2b2ae35u;
      v ^= v >> 16;
      memcpy (h + k, &v, sizeof v);
    }
  for (; k < n; k++)
    h[k] = mix (h[k]);
}

/* Stand-ins for the words and shapes beyond a sentence's ends. */
#define BEFORE1 0x0bef0001u
#define BEFORE2 0x0bef0002u
#define AFTER1 0x0af70001u
#define AFTER2 0x0af70002u

/* What is worked out once per token. */
typedef struct
{
  guint32 word;  /* folded form (the tokenizer's hash) */
  guint32 exact; /* as written */
  guint32 shape, short_shape;
  guint32 prefix[4], suffix[4]; /* of the folded form, in bytes */
  guint32 gap;                  /* the punctuation before the token */
  guint32 cls;
} TokInfo;

static inline guint
doc_slot (const DocWords *d, guint32 hash)
{
  guint k = hash & d->mask;

  while (d->flags[k] != 0 && d->keys[k] != hash)
    k = (k + 1) & d->mask;
  return k;
}

/* Over n texts of one document (one for an article, its sentences for CoNLL):
 * one pass, every word in the table (a word is flagged as it is seen). */
void
tagger_doc_words_build (DocWords *d, VigilTokens *const *texts, guint n)
{
  guint n_tokens = 0, size = 16;

  for (guint k = 0; k < n; k++)
    n_tokens += texts[k]->tokens->len;
  while (size < 2 * n_tokens)
    size *= 2;
  if (size <= DOC_SMALL)
    {
      d->keys = d->small_keys;
      d->flags = d->small_flags;
      memset (d->flags, 0, size);
    }
  else
    {
      d->keys = g_new (guint32, size);
      d->flags = g_new0 (guint8, size);
    }
  d->mask = size - 1;
  for (guint k = 0; k < n; k++)
    for (guint i = 0; i < texts[k]->tokens->len; i++)
      {
        const VigilToken *t = vigil_tokens_get (texts[k], i);
        guint8 flag = cased (t) ? DOC_CASED : g_ascii_islower (t->folded[0]) ? DOC_LOWER : 0;
        if (flag != 0)
          {
            guint slot = doc_slot (d, t->hash);
            d->keys[slot] = t->hash;
            d->flags[slot] |= flag;
          }
      }
}

void
tagger_doc_words_clear (DocWords *d)
{
  if (d->keys != d->small_keys)
    {
      g_free (d->keys);
      g_free (d->flags);
    }
}

/* 1 when token t is capitalised and its word is written in lower case
 * elsewhere in the document, else 0. */
static inline guint32
doc_lower (const DocWords *d, const VigilToken *t)
{
  if (d == NULL || d->flags == NULL || !cased (t))
    return 0;
  return (d->flags[doc_slot (d, t->hash)] & DOC_LOWER) != 0;
}

/* The shape of each ASCII character: X upper, x lower, d digit, else itself. */
/* clang-format off */
static const char ascii_shapes[128] = {
#define S4(c) c, c + 1, c + 2, c + 3
#define S16(c) S4 (c), S4 (c + 4), S4 (c + 8), S4 (c + 12)
  S16 (0), S16 (16), S16 (32),                                    /* controls, punctuation */
  'd', 'd', 'd', 'd', 'd', 'd', 'd', 'd', 'd', 'd',               /* 0-9 */
  ':', ';', '<', '=', '>', '?', '@',
  'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', /* A-Z */
  'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X', 'X',
  '[', '\\', ']', '^', '_', '`',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', /* a-z */
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  '{', '|', '}', '~', 127,
#undef S16
#undef S4
};
/* clang-format on */

/* The shape: X upper, x lower, d digit, a other letters; the long form keeps
 * runs up to four ("Xxxx", "dddd"), the short form one ("Xx"). */
static void
token_shapes (const char *p, const char *end, gboolean ascii, guint32 *shape, guint32 *short_shape)
{
  guint32 h = FNV_OFFSET, hs = FNV_OFFSET;
  char last = 0;
  guint run = 0;

  if (ascii)
    {
      /* Run by run (a run of one character kind hashes once in the short
       * shape, up to four times in the long one): the same steps as below.
       * A byte over 127 after all (invalid UTF-8): the general way. */
      const char *q = p;

      while (q < end)
        {
          const char *r = q + 1;
          char s;

          if ((guchar) *q >= 0x80)
            break;
          s = ascii_shapes[(guchar) *q];
          while (r < end && (guchar) *r < 0x80 && ascii_shapes[(guchar) *r] == s)
            r++;
          hs = (hs ^ (guchar) s) * FNV_PRIME;
          for (const char *k = q; k < r && k < q + 4; k++)
            h = (h ^ (guchar) s) * FNV_PRIME;
          q = r;
        }
      if (q == end)
        {
          *shape = h;
          *short_shape = hs;
          return;
        }
      h = hs = FNV_OFFSET;
    }
  while (p < end)
    {
      guchar b = (guchar) *p;
      char s;

      if (b < 0x80)
        {
          s = ascii_shapes[b];
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated (p, end - p);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              s = '?';
              p++;
            }
          else
            {
              s = (g_unichar_isupper (c) || g_unichar_istitle (c)) ? 'X'
                  : g_unichar_islower (c)                          ? 'x'
                  : g_unichar_isdigit (c)                          ? 'd'
                                                                   : 'a';
              p = g_utf8_next_char (p);
            }
        }
      run = s == last ? run + 1 : 1;
      if (run <= 4)
        h = (h ^ (guchar) s) * FNV_PRIME;
      if (run == 1)
        hs = (hs ^ (guchar) s) * FNV_PRIME;
      last = s;
    }
  *shape = h;
  *short_shape = hs;
}

/* The punctuation between two tokens: its first and last characters that are
 * not spaces (bytes over 127 as one class), and whether a line ends there. */
static guint32
gap_code (const char *p, const char *end)
{
  guint32 first = 0, last = 0, line = 0;
  const char *q;

  for (q = p; q < end && q < p + 16; q++)
    if (*q == '\n')
      line = 1;
    else if (*q != ' ' && *q != '\t' && *q != '\r')
      {
        first = (guchar) *q < 0x80 ? (guchar) *q : 0x80;
        break;
      }
  for (q = end; q > p && q > end - 16; q--)
    if (q[-1] == '\n')
      line = 1;
    else if (q[-1] != ' ' && q[-1] != '\t' && q[-1] != '\r')
      {
        last = (guchar) q[-1] < 0x80 ? (guchar) q[-1] : 0x80;
        break;
      }
  return first | last << 8 | line << 16 | 1u << 20;
}

/* What the tagger knows of English words beyond its training, read once from
 * the resources: the ordinary words (data/analysis/common-words.txt), since a
 * capitalised word that is not one ("Leive said") is more likely a name than one
 * that is ("Spring"); and WordNet's one-word names of people
 * (data/analysis/wordnet-names.txt: "Plato", "Chamberlain"). Kept as the words'
 * hashes (the tokenizer's, of the folded form) in an open-addressing table with
 * a byte of LEX_* bits each: 640 KiB that a lookup reads one or two slots of,
 * where a table of strings would cost cache misses for every token. Two words
 * with the same hash are one: a feature may be wrong for about one word in
 * 60,000. */

typedef struct
{
  guint32 *hashes; /* 0: empty slot (a hash of 0 is stored as 1) */
  guint8 *bits;
  guint32 mask;
} Lexicon;

static inline guint32
lexicon_key (guint32 hash)
{
  return hash != 0 ? hash : 1;
}

static void
lexicon_add (Lexicon *lex, const char *word, gsize len, guint8 bits)
{
  gboolean plain = TRUE;
  guint32 key, k;

  for (gsize i = 0; i < len && plain; i++)
    plain = (guchar) word[i] < 0x80 && !g_ascii_isupper (word[i]);
  if (plain)
    key = lexicon_key (vigil_word_hash (word, len));
  else
    {
      /* "éclair", "Plato": folded as the tokenizer does */
      g_autofree char *folded = vigil_fold (word, len);
      key = lexicon_key (vigil_word_hash (folded, -1));
    }
  k = key & lex->mask;
  while (lex->hashes[k] != 0 && lex->hashes[k] != key)
    k = (k + 1) & lex->mask;
  lex->hashes[k] = key;
  lex->bits[k] |= bits;
}

/* Adds a resource's words: one a line, '#' lines skipped; a tab and letters
 * after a word give its kinds (P, L, O), else it is an ordinary word. */
static void
lexicon_load (Lexicon *lex, GBytes *bytes)
{
  gsize size = g_bytes_get_size (bytes);
  const char *p = g_bytes_get_data (bytes, NULL), *end = p + size;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p), *line_end = eol ? eol : end;
      const char *tab = memchr (p, '\t', line_end - p);
      guint8 bits = LEX_COMMON;

      if (tab != NULL)
        {
          bits = 0;
          for (const char *q = tab + 1; q < line_end; q++)
            bits |= *q == 'P' ? LEX_PERSON : *q == 'L' ? LEX_PLACE : *q == 'O' ? LEX_GROUP : 0;
        }
      if (line_end > p && *p != '#')
        lexicon_add (lex, p, (tab ? tab : line_end) - p, bits);
      p = eol ? eol + 1 : end;
    }
}

static const Lexicon *
lexicon (void)
{
  static Lexicon *lex;

  if (g_once_init_enter (&lex))
    {
      static const char *const files[] = { "common-words.txt", "wordnet-names.txt" };
      Lexicon *l = g_new0 (Lexicon, 1);
      GBytes *bytes[G_N_ELEMENTS (files)] = { NULL };
      guint n_lines = 0, size = 16;

      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autofree char *path = g_strconcat (RESOURCE_BASE "analysis/", files[f], NULL);
          g_autoptr (GError) error = NULL;
          gsize len;
          const char *data;

          bytes[f] = g_resources_lookup_data (path, 0, &error);
          if (bytes[f] == NULL)
            {
              g_warning ("vigil-tagger: %s", error->message);
              continue;
            }
          data = g_bytes_get_data (bytes[f], &len);
          for (gsize k = 0; k < len; k++)
            n_lines += data[k] == '\n';
        }
      while (size < n_lines + n_lines / 2 + 1) /* at most two thirds full */
        size *= 2;
      l->hashes = g_new0 (guint32, size);
      l->bits = g_new0 (guint8, size);
      l->mask = size - 1;
      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        if (bytes[f] != NULL)
          {
            lexicon_load (l, bytes[f]);
            g_bytes_unref (bytes[f]);
          }
      g_once_init_leave (&lex, l);
    }
  return lex;
}

/* The LEX_* bits of a word, by its hash. */
guint32
tagger_lexicon_bits (guint32 hash)
{
  const Lexicon *lex = lexicon ();
  guint32 key = lexicon_key (hash), k = key & lex->mask;

  while (lex->hashes[k] != 0)
    {
      if (lex->hashes[k] == key)
        return lex->bits[k];
      k = (k + 1) & lex->mask;
    }
  return 0;
}

gboolean
vigil_tagger_is_common_word (const VigilToken *token)
{
  return (tagger_lexicon_bits (token->hash) & LEX_COMMON) != 0;
}

/* What any feature looks at, the token's or a neighbour's: its word, shapes,
 * the gap before it and its gazetteer class. */
static G_GNUC_NO_INLINE void
token_info (VigilTokens *tokens, const guint8 *classes, guint i, gboolean sentence_start,
            TokInfo *info)
{
  const VigilToken *t = vigil_tokens_get (tokens, i);
  const char *text = tokens->text;

  info->word = t->hash;
  /* As many characters as bytes: ASCII. */
  token_shapes (text + t->byte_start, text + t->byte_end,
                t->end - t->start == t->byte_end - t->byte_start, &info->shape, &info->short_shape);
  if (sentence_start)
    info->gap = 0x5;
  else
    info->gap = gap_code (text + vigil_tokens_get (tokens, i - 1)->byte_end, text + t->byte_start);
  info->cls = classes ? classes[i] : 0;
}

/* What only the token's own features look at: its exact spelling, prefixes
 * and suffixes (not needed for the neighbours, most tokens). */
static G_GNUC_NO_INLINE void
token_affixes (VigilTokens *tokens, guint i, TokInfo *info)
{
  const VigilToken *t = vigil_tokens_get (tokens, i);
  const char *text = tokens->text;
  const char *folded = t->folded;
  gsize len = strlen (folded);
  guint32 h = FNV_OFFSET;

  for (guint b = t->byte_start; b < t->byte_end; b++)
    h = (h ^ (guchar) text[b]) * FNV_PRIME;
  info->exact = h;
  h = FNV_OFFSET;
  for (guint k = 0; k < 4; k++)
    {
      if (k < len)
        h = (h ^ (guchar) folded[k]) * FNV_PRIME;
      /* Too short: the whole word stands in, marked as such. */
      info->prefix[k] = k + 1 < len ? h : t->hash ^ 0x5bd1e995u;
    }
  /* Suffixes hashed from the end backwards, one pass for all four. */
  h = FNV_OFFSET;
  for (guint k = 0; k < 4; k++)
    {
      if (k < len)
        h = (h ^ (guchar) folded[len - 1 - k]) * FNV_PRIME;
      info->suffix[k] = k + 1 < len ? h : t->hash ^ 0x5bd1e995u;
    }
}

/* The token window of one sentence that features may look at. */
typedef struct
{
  VigilTokens *tokens;
  const guint8 *classes;
  guint begin, end; /* the sentence */
  TokInfo *info;    /* indexed by token - begin */
  guint8 *ready;
  gboolean common;                        /* the model has the common-word features */
  const DocWords *doc;                    /* NULL: none (models without the common-word features) */
  guint run_first, run_len;               /* the run of candidates being decoded */
  guint32 run_words, run_head, run_start; /* its words' hashes, its last and first words */
} Sentence;

#define READY_CONTEXT 1
#define READY_AFFIXES 2

static inline const TokInfo *
info_at (Sentence *s, guint i)
{
  TokInfo *info = &s->info[i - s->begin];

  if (G_UNLIKELY (!(s->ready[i - s->begin] & READY_CONTEXT)))
    {
      token_info (s->tokens, s->classes, i, i == s->begin, info);
      s->ready[i - s->begin] |= READY_CONTEXT;
    }
  return info;
}

/* The token's information with its affixes, for its own features. */
static inline const TokInfo *
own_info_at (Sentence *s, guint i)
{
  TokInfo *info = (TokInfo *) info_at (s, i);

  if (!(s->ready[i - s->begin] & READY_AFFIXES))
    {
      token_affixes (s->tokens, i, info);
      s->ready[i - s->begin] |= READY_AFFIXES;
    }
  return info;
}

static inline guint32
context_word (Sentence *s, guint i, int d)
{
  gint64 j = (gint64) i + d;

  if (j < s->begin)
    return j == (gint64) s->begin - 1 ? BEFORE1 : BEFORE2;
  if (j >= s->end)
    return j == s->end ? AFTER1 : AFTER2;
  return info_at (s, (guint) j)->word;
}

static inline guint32
context_shape (Sentence *s, guint i, int d)
{
  gint64 j = (gint64) i + d;

  if (j < s->begin || j >= s->end)
    return context_word (s, i, d);
  return info_at (s, (guint) j)->shape;
}

static inline guint32
context_class (Sentence *s, guint i, int d)
{
  gint64 j = (gint64) i + d;

  if (j < s->begin || j >= s->end)
    return 0xff;
  return info_at (s, (guint) j)->cls;
}

/* The hashes of token i's features (N_FEATURES) and of its previous-tag
 * features (N_PREV_FEATURES, before joining with a tag). */
static void
token_features (Sentence *s, guint i, guint32 *f, guint32 *pf)
{
  const TokInfo *w = own_info_at (s, i);
  guint32 prev_word = context_word (s, i, -1), next_word = context_word (s, i, 1);
  guint32 prev_shape = context_shape (s, i, -1), next_shape = context_shape (s, i, 1);
  guint32 gap_after = i + 1 < s->end ? info_at (s, i + 1)->gap : 0x6;
  guint32 cls = w->cls, next_class = context_class (s, i, 1);

  f[F_BIAS] = feat1 (F_BIAS, 0);
  f[F_WORD] = feat1 (F_WORD, w->word);
  f[F_EXACT] = feat1 (F_EXACT, w->exact);
  f[F_SHAPE] = feat1 (F_SHAPE, w->shape);
  f[F_SHORT_SHAPE] = feat1 (F_SHORT_SHAPE, w->short_shape);
  for (guint k = 0; k < 4; k++)
    {
      f[F_PREFIX1 + k] = feat1 (F_PREFIX1 + k, w->prefix[k]);
      f[F_SUFFIX1 + k] = feat1 (F_SUFFIX1 + k, w->suffix[k]);
    }
  f[F_PREV_WORD] = feat1 (F_PREV_WORD, prev_word);
  f[F_PREV2_WORD] = feat1 (F_PREV2_WORD, context_word (s, i, -2));
  f[F_NEXT_WORD] = feat1 (F_NEXT_WORD, next_word);
  f[F_NEXT2_WORD] = feat1 (F_NEXT2_WORD, context_word (s, i, 2));
  f[F_PREV_SHAPE] = feat1 (F_PREV_SHAPE, prev_shape);
  f[F_PREV2_SHAPE] = feat1 (F_PREV2_SHAPE, context_shape (s, i, -2));
  f[F_NEXT_SHAPE] = feat1 (F_NEXT_SHAPE, next_shape);
  f[F_NEXT2_SHAPE] = feat1 (F_NEXT2_SHAPE, context_shape (s, i, 2));
  f[F_PREV_WORD_WORD] = feat2 (F_PREV_WORD_WORD, prev_word, w->word);
  f[F_WORD_NEXT_WORD] = feat2 (F_WORD_NEXT_WORD, w->word, next_word);
  f[F_FIRST_SHAPE] = feat2 (F_FIRST_SHAPE, i == s->begin, w->shape);
  f[F_PREV_SHAPE_SHAPE] = feat2 (F_PREV_SHAPE_SHAPE, prev_shape, w->shape);
  f[F_SHAPE_NEXT_SHAPE] = feat2 (F_SHAPE_NEXT_SHAPE, w->shape, next_shape);
  f[F_PREV_WORD_SHAPE] = feat2 (F_PREV_WORD_SHAPE, prev_word, w->short_shape);
  f[F_SHAPE_NEXT_WORD] = feat2 (F_SHAPE_NEXT_WORD, w->short_shape, next_word);
  f[F_GAP_BEFORE] = feat1 (F_GAP_BEFORE, w->gap);
  f[F_GAP_AFTER] = feat1 (F_GAP_AFTER, gap_after);
  f[F_GAP_SHAPE] = feat2 (F_GAP_SHAPE, w->gap, w->short_shape);
  f[F_CLASS] = feat1 (F_CLASS, cls);
  f[F_PREV_CLASS] = feat1 (F_PREV_CLASS, context_class (s, i, -1));
  f[F_NEXT_CLASS] = feat1 (F_NEXT_CLASS, next_class);
  f[F_CLASS_SHAPE] = feat2 (F_CLASS_SHAPE, cls, w->short_shape);
  f[F_CLASS_NEXT_CLASS] = feat2 (F_CLASS_NEXT_CLASS, cls, next_class);
  if (s->common)
    {
      /* Looked up for the tokens decoded only, not their neighbours: the
       * tables are large enough for each lookup to cost a cache miss. */
      const VigilToken *t = vigil_tokens_get (s->tokens, i);
      guint32 lex = tagger_lexicon_bits (t->hash), lower = doc_lower (s->doc, t);

      f[F_COMMON_SHAPE] = feat2 (F_COMMON_SHAPE, lex, w->short_shape);
      f[F_COMMON_FIRST_CLASS]
          = feat2 (F_COMMON_FIRST_CLASS, lex | (guint32) (i == s->begin) << 5, cls);
      f[F_DOC_LOWER] = feat2 (F_DOC_LOWER, lower | (guint32) (i == s->begin) << 8, w->short_shape);
      /* The run of candidates the token is in ("National Air and Space
       * Museum"): its place and length in it, the whole run's words, its
       * last word (an organisation's or a place's head word) and its first. */
      guint k = i - s->run_first;
      guint32 pos = (k == 0) | (guint32) (k + 1 == s->run_len) << 1 | MIN (s->run_len, 5u) << 2;

      f[F_RUN_POSITION] = feat2 (F_RUN_POSITION, pos, w->short_shape);
      f[F_RUN_WORDS] = feat2 (F_RUN_WORDS, s->run_words, MIN (k, 7u));
      f[F_RUN_HEAD] = feat2 (F_RUN_HEAD, s->run_head, pos);
      f[F_RUN_FIRST] = feat2 (F_RUN_FIRST, s->run_start, pos);
      /* A listed place followed by "said" or "has" acts (a government). */
      f[F_CLASS_NEXT_WORD] = feat2 (F_CLASS_NEXT_WORD, cls, next_word);
    }

  mix_all (f, s->common ? N_FEATURES : N_PLAIN_FEATURES);
  pf[P_SHAPE] = mix (feat1 (100 + P_SHAPE, w->short_shape));
  pf[P_WORD] = mix (feat1 (100 + P_WORD, w->word));
}

/* Words that begin sentences with a capital and are never a name there
 * (data/analysis/word-classes.txt). */
static const VigilWordTable *
sentence_word_table (void)
{
  static const VigilWordClass classes[] = { { "sentence-start", 1 } };
  static VigilWordTable *table;

  return vigil_word_classes_table (&table, classes, G_N_ELEMENTS (classes));
}

static inline gboolean
short_word (const VigilToken *t)
{
  return t->byte_end - t->byte_start <= 4;
}

gboolean
tagger_candidate (VigilTokens *tokens, guint begin, guint end, guint i)
{
  const VigilToken *t = vigil_tokens_get (tokens, i);
  const VigilToken *next;
  gboolean left = FALSE;

  /* "The", "But", "In" opening a sentence, with no name right after. */
  if (i == begin && (t->flags & VIGIL_TOKEN_ALL_UPPER) == 0
      && vigil_word_table_lookup (sentence_word_table (), t->hash, t->folded) != NULL
      && (i + 1 >= end || !cased (vigil_tokens_get (tokens, i + 1))))
    return FALSE;
  if (cased (t))
    return TRUE;
  if (!short_word (t) || i + 1 >= end)
    return FALSE;
  next = vigil_tokens_get (tokens, i + 1);
  if (cased (next) && (next->flags & VIGIL_TOKEN_JOINED_PREV))
    return TRUE; /* "al-Qaeda" */
  /* Up to two short words between capitalised ones ("Bank of England",
   * "Department of the Treasury", "Iraq and the Levant"). */
  if (i > begin)
    {
      const VigilToken *prev = vigil_tokens_get (tokens, i - 1);
      left = cased (prev)
             || (i - 1 > begin && short_word (prev) && cased (vigil_tokens_get (tokens, i - 2)));
    }
  if (!left)
    return FALSE;
  if (cased (next))
    return TRUE;
  return cased (vigil_tokens_get (tokens, i - 1)) && short_word (next) && i + 2 < end
         && cased (vigil_tokens_get (tokens, i + 2));
}

/* Exact sums of rows of 16-bit weights, eight lanes at a time in 16-bit
 * vector lanes: each weight is split into its low byte (0..255) and the rest
 * (-128..127), and each part summed apart, which cannot overflow for up to 128
 * rows; the parts make the 32-bit sums at the end. The same integers as
 * summing in 32 bits, in fewer instructions (no widening of every row).
 * Where the processor widens a row in one instruction (AVX2: `wide`), the rows
 * are summed in 32-bit lanes instead: the same integers again. */
typedef gint16 RowVec __attribute__ ((vector_size (ROW * sizeof (gint16))));
typedef guint16 RowVecU __attribute__ ((vector_size (ROW * sizeof (guint16))));
typedef gint32 RowVec32 __attribute__ ((vector_size (ROW * sizeof (gint32))));
typedef float RowVecF __attribute__ ((vector_size (ROW * sizeof (float))));

typedef struct
{
  RowVec lo, hi;
  RowVec32 wide;
} RowSum;

#define ROW_SUM_ZERO                                                                               \
  {                                                                                                \
    { 0 }, { 0 },                                                                                  \
    {                                                                                              \
      0                                                                                            \
    }                                                                                              \
  }

G_STATIC_ASSERT (N_FEATURES <= 128 && N_PREV_FEATURES <= 128);

static inline void
row_sum_add (RowSum *s, const gint16 *row, gboolean wide)
{
  RowVec v;

  memcpy (&v, row, sizeof v); /* rows are not aligned in the file */
  if (wide)
    s->wide += __builtin_convertvector(v, RowVec32);
  else
    {
      s->lo += v & 0xff;
      s->hi += v >> 8;
    }
}

/* The sums, times the model's scale (each lane as (float) sum * scale). */
static inline void
row_sum_scaled (const RowSum *s, float scale, float *out, gboolean wide)
{
  RowVec32 sum = wide ? s->wide
                      : __builtin_convertvector(s->hi, RowVec32) * 256
                            + __builtin_convertvector((RowVecU) s->lo, RowVec32);
  RowVecF f = __builtin_convertvector(sum, RowVecF) * scale;

  memcpy (out, &f, sizeof f);
}

/* The token's scores for every tag, in emit[ROW] (the padding lane's is
 * computed too and never read). */
static inline void
emission (const Weights *W, const guint32 *f, float *emit, gboolean wide)
{
  if (W->q != NULL)
    {
      RowSum acc = ROW_SUM_ZERO;

#pragma GCC unroll 4
      for (guint k = 0; k < W->n_features; k++)
        row_sum_add (&acc, W->q + (gsize) (f[k] & W->mask) * ROW, wide);
      row_sum_scaled (&acc, W->scale, emit, wide);
    }
  else
    {
      float acc[ROW] = { 0 };
      for (guint k = 0; k < W->n_features; k++)
        {
          const float *r = W->w + (gsize) (f[k] & W->mask) * ROW;
          for (guint t = 0; t < ROW; t++)
            acc[t] += r[t];
        }
      memcpy (emit, acc, ROW * sizeof (float));
    }
}

/* The previous-tag features' weights of a token: for each previous tag p, the
 * sum over the features of the row of (feature, p), for every tag (and the
 * padding lane). */
static inline void
prev_scores (const Weights *W, const guint32 *pf, guint first_prev, guint last_prev,
             float scores[NT + 1][ROW], gboolean wide)
{
  for (guint p = first_prev; p <= last_prev; p++)
    {
      if (W->q != NULL)
        {
          RowSum acc = ROW_SUM_ZERO;

          for (guint k = 0; k < N_PREV_FEATURES; k++)
            row_sum_add (&acc, W->q + (gsize) (with_prev_tag (pf[k], p) & W->mask) * ROW, wide);
          row_sum_scaled (&acc, W->scale, scores[p], wide);
        }
      else
        {
          float acc[ROW] = { 0 };
          for (guint k = 0; k < N_PREV_FEATURES; k++)
            {
              const float *r = W->w + (gsize) (with_prev_tag (pf[k], p) & W->mask) * ROW;
              for (guint t = 0; t < ROW; t++)
                acc[t] += r[t];
            }
          memcpy (scores[p], acc, ROW * sizeof (float));
        }
    }
}

/* transition_allowed (p, t) for every t, a lane each (-1: allowed): any tag
 * may come before O or B-X, only B-X or I-X before I-X. */
#define ALLOWED(p, t)                                                                              \
  (((t) == VIGIL_TAG_O || VIGIL_TAG_IS_BEGIN (t)                                                   \
    || ((p) != VIGIL_TAG_O && VIGIL_TAG_TYPE (p) == VIGIL_TAG_TYPE (t)))                           \
       ? -1                                                                                        \
       : 0)
#define ALLOWED_ROW(p)                                                                             \
  {                                                                                                \
    { ALLOWED (p, 0), ALLOWED (p, 1), ALLOWED (p, 2), ALLOWED (p, 3) },                            \
    {                                                                                              \
      ALLOWED (p, 4), ALLOWED (p, 5), ALLOWED (p, 6), 0                                            \
    }                                                                                              \
  }
typedef float F32x4 __attribute__ ((vector_size (4 * sizeof (float))));
typedef gint32 I32x4 __attribute__ ((vector_size (4 * sizeof (gint32))));
G_STATIC_ASSERT (NT == 7 && ROW == 8);
static const I32x4 allowed_after[NT][2]
    = { ALLOWED_ROW (0), ALLOWED_ROW (1), ALLOWED_ROW (2), ALLOWED_ROW (3),
        ALLOWED_ROW (4), ALLOWED_ROW (5), ALLOWED_ROW (6) };
#undef ALLOWED_ROW
#undef ALLOWED

/* Viterbi over one segment of len tokens whose features are f and pf; the tag
 * before it is start_prev (START_TAG at a sentence's start, else O). */
static inline __attribute__ ((always_inline)) void
decode_segment (const Weights *W, const guint32 *f, const guint32 *pf, guint len, guint start_prev,
                guint8 *out, gboolean wide)
{
  float delta_stack[32 * NT];
  guint8 back_stack[32 * NT];
  g_autofree float *delta_heap = NULL;
  g_autofree guint8 *back_heap = NULL;
  float *delta = delta_stack;
  guint8 *back = back_stack;

  if (len == 0)
    return;
  if (len > 32)
    {
      delta = delta_heap = g_new (float, (gsize) len *NT);
      back = back_heap = g_new (guint8, (gsize) len * NT);
    }
  for (guint i = 0; i < len; i++)
    {
      /* Whole rows (the padding lane too): the conversions go eight at a time. */
      float emit[ROW];
      float scores[NT + 1][ROW];
      guint first_prev = i == 0 ? start_prev : 0;
      guint last_prev = i == 0 ? start_prev : NT - 1;

      emission (W, f + (gsize) i * N_FEATURES, emit, wide);
      prev_scores (W, pf + (gsize) i * N_PREV_FEATURES, first_prev, last_prev, scores, wide);
      if (i == 0)
        for (guint t = 0; t < NT; t++)
          {
            float best = -INFINITY;
            guint best_prev = VIGIL_TAG_O;
            /* Only start_prev comes before the segment. */
            float s = 0.f + W->trans[start_prev * NT + t] + scores[start_prev][t];

            if (transition_allowed (start_prev, t) && s > best)
              {
                best = s;
                best_prev = start_prev;
              }
            delta[(gsize) i * NT + t] = best + emit[t];
            back[(gsize) i * NT + t] = best_prev;
          }
      else
        {
          /* Every tag t at once, in vector lanes, with the same sums in the same
           * order as one tag at a time: for each previous tag p in turn, a lane
           * takes p where the transition is allowed and its score is higher
           * (strictly: the first best p stays). */
          const float *prev = delta + (gsize) (i - 1) * NT;
          F32x4 best[2], e;
          I32x4 best_prev[2] = { { 0 }, { 0 } };

          for (guint h = 0; h < 2; h++)
            for (guint t = 0; t < 4; t++)
              best[h][t] = -INFINITY;
          for (guint p = 0; p < NT; p++)
            {
              I32x4 pv = (I32x4){ 0 } + (gint32) p;

              /* Two halves of four lanes (vectors SSE2 compares as they are);
               * lane ROW - 1 reads the next row's first weight: never used. */
              for (guint h = 0; h < 2; h++)
                {
                  F32x4 trans, sc, sum;
                  I32x4 take;

                  memcpy (&trans, W->trans + p * NT + 4 * h, sizeof trans);
                  memcpy (&sc, scores[p] + 4 * h, sizeof sc);
                  sum = (prev[p] + trans) + sc;
                  take = (sum > best[h]) & allowed_after[p][h];
                  best[h] = (F32x4) (((I32x4) sum & take) | ((I32x4) best[h] & ~take));
                  best_prev[h] = (pv & take) | (best_prev[h] & ~take);
                }
            }
          for (guint h = 0; h < 2; h++)
            {
              memcpy (&e, emit + 4 * h, sizeof e);
              best[h] = best[h] + e;
            }
          for (guint t = 0; t < NT; t++)
            {
              delta[(gsize) i * NT + t] = best[t / 4][t % 4];
              back[(gsize) i * NT + t] = best_prev[t / 4][t % 4];
            }
        }
    }
  {
    guint best_tag = VIGIL_TAG_O;
    for (guint t = 1; t < NT; t++)
      if (delta[(gsize) (len - 1) * NT + t] > delta[(gsize) (len - 1) * NT + best_tag])
        best_tag = t;
    for (guint i = len; i-- > 0;)
      {
        out[i] = best_tag;
        best_tag = back[(gsize) i * NT + best_tag];
      }
  }
}

/* The decoder compiled a second time for processors with AVX2 (x86 since
 * 2013), chosen at run time: a row widened and added in two instructions, and
 * three-operand vector instructions throughout (bench-tagging: 6% fewer
 * instructions for the whole analysis). No FMA: the same float operations,
 * the same results. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define DECODE_AVX2 1
static __attribute__ ((target ("avx2"))) void
decode_segment_avx2 (const Weights *W, const guint32 *f, const guint32 *pf, guint len,
                     guint start_prev, guint8 *out)
{
  decode_segment (W, f, pf, len, start_prev, out, TRUE);
}
#endif

void
tagger_decode_segment (const Weights *W, const guint32 *f, const guint32 *pf, guint len,
                       guint start_prev, guint8 *out)
{
#ifdef DECODE_AVX2
  if (__builtin_cpu_supports ("avx2"))
    {
      decode_segment_avx2 (W, f, pf, len, start_prev, out);
      return;
    }
#endif
  decode_segment (W, f, pf, len, start_prev, out, FALSE);
}

void
tagger_for_each_segment (VigilTokens *tokens, const guint8 *classes, gboolean common,
                         const DocWords *doc, SegmentFunc segment, gpointer data)
{
  guint n = tokens->tokens->len;
  /* Scratch space: on the stack for sentences of up to 128 tokens and runs of
   * up to 32, else on the heap (grown, kept for the call). */
  TokInfo info_stack[128];
  guint8 ready_stack[128];
  guint32 f_stack[32 * N_FEATURES], pf_stack[32 * N_PREV_FEATURES];
  g_autofree TokInfo *info_heap = NULL;
  g_autofree guint8 *ready_heap = NULL;
  g_autofree guint32 *f_heap = NULL, *pf_heap = NULL;
  guint info_cap = 0, f_cap = 0;
  guint begin = 0;

  while (begin < n)
    {
      Sentence s = { tokens, classes, begin, begin + 1, NULL, NULL, common, doc };
      guint32 *f, *pf;
      guint i;

      while (s.end < n && !(vigil_tokens_get (tokens, s.end)->flags & VIGIL_TOKEN_SENTENCE_START))
        s.end++;
      for (i = begin; i < s.end; i++)
        {
          guint first = i, len;

          if (!tagger_candidate (tokens, begin, s.end, i))
            continue;
          if (s.info == NULL)
            {
              guint size = s.end - begin;
              if (size <= G_N_ELEMENTS (info_stack))
                {
                  s.info = info_stack;
                  s.ready = ready_stack;
                }
              else
                {
                  if (size > info_cap)
                    {
                      info_cap = size;
                      info_heap = g_renew (TokInfo, info_heap, info_cap);
                      ready_heap = g_realloc (ready_heap, info_cap);
                    }
                  s.info = info_heap;
                  s.ready = ready_heap;
                }
              memset (s.ready, 0, size);
            }
          /* A run is cut after MAX_SEGMENT tokens (all-capital text), so that
           * the features held at once stay small. */
          while (i + 1 < s.end && i + 1 - first < MAX_SEGMENT
                 && tagger_candidate (tokens, begin, s.end, i + 1))
            i++;
          len = i - first + 1;
          if (len <= 32)
            {
              f = f_stack;
              pf = pf_stack;
            }
          else
            {
              if (len > f_cap)
                {
                  f_cap = len;
                  f_heap = g_renew (guint32, f_heap, (gsize) f_cap * N_FEATURES);
                  pf_heap = g_renew (guint32, pf_heap, (gsize) f_cap * N_PREV_FEATURES);
                }
              f = f_heap;
              pf = pf_heap;
            }
          s.run_first = first;
          s.run_len = len;
          s.run_words = FNV_OFFSET;
          for (guint k = 0; k < len; k++)
            s.run_words = mix (s.run_words ^ vigil_tokens_get (tokens, first + k)->hash);
          s.run_head = vigil_tokens_get (tokens, first + len - 1)->hash;
          s.run_start = vigil_tokens_get (tokens, first)->hash;
          for (guint k = 0; k < len; k++)
            token_features (&s, first + k, f + (gsize) k * N_FEATURES,
                            pf + (gsize) k * N_PREV_FEATURES);
          segment (first, len, first == begin ? START_TAG : VIGIL_TAG_O, f, pf, data);
        }
      begin = s.end;
    }
}

struct _VigilTagger
{
  GBytes *bytes;
  gpointer owned; /* when the file's numbers could not be used in place */
  Weights weights;
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

static float
read_float (const guchar *p)
{
  guint32 v = read_u32 (p);
  float f;

  memcpy (&f, &v, 4);
  return f;
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
  gsize n_weights;
  const guchar *trans, *rows;
  float scale;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (size < HEADER_SIZE || memcmp (data, MAGIC, 8) != 0)
    return invalid (error, _ ("wrong signature")), NULL;
  if (read_u32 (data + 8) != FORMAT_VERSION
      || (read_u32 (data + 20) != FEATURE_VERSION && read_u32 (data + 20) != FEATURE_VERSION_PLAIN))
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
  scale = read_float (data + HEADER_SIZE - 4);
  if (!isfinite (scale) || scale <= 0.f)
    return invalid (error, _ ("weights are not numbers")), NULL;
  n_weights = ((gsize) 1 << bits) * ROW;
  if (size != HEADER_SIZE + TRANS_COUNT * 4 + n_weights * 2)
    return invalid (error, _ ("wrong length (truncated?)")), NULL;

  tagger = g_new0 (VigilTagger, 1);
  tagger->bytes = g_bytes_ref (bytes);
  tagger->weights.mask = ((guint32) 1 << bits) - 1;
  tagger->weights.scale = scale;
  tagger->weights.n_features
      = read_u32 (data + 20) == FEATURE_VERSION ? N_FEATURES : N_PLAIN_FEATURES;
  trans = data + HEADER_SIZE;
  rows = trans + TRANS_COUNT * 4;
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN || ((guintptr) trans % G_ALIGNOF (float)) != 0)
    {
      /* Copied in the machine's order (and alignment). */
      float *t = g_malloc (TRANS_COUNT * 4 + n_weights * 2);
      gint16 *q = (gint16 *) (t + TRANS_COUNT);
      for (guint i = 0; i < TRANS_COUNT; i++)
        t[i] = read_float (trans + i * 4);
      for (gsize i = 0; i < n_weights; i++)
        q[i] = (gint16) (rows[2 * i] | rows[2 * i + 1] << 8);
      tagger->owned = t;
      tagger->weights.trans = t;
      tagger->weights.q = q;
    }
  else
    {
      tagger->weights.trans = (const float *) trans;
      tagger->weights.q = (const gint16 *) rows;
    }
  for (guint i = 0; i < TRANS_COUNT; i++)
    if (!isfinite (tagger->weights.trans[i]))
      return invalid (error, _ ("weights are not numbers")), NULL;
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

typedef struct
{
  const Weights *weights;
  guint8 *out;
} TagData;

static void
tag_segment (guint first, guint len, guint start_prev, const guint32 *f, const guint32 *pf,
             gpointer data)
{
  TagData *d = data;

  tagger_decode_segment (d->weights, f, pf, len, start_prev, d->out + first);
}

void
vigil_tagger_tag_tokens (const VigilTagger *tagger, VigilTokens *tokens, const guint8 *classes,
                         guint8 *out_tags)
{
  g_return_if_fail (tagger != NULL);
  vigil_tagger_tag_document (tagger, &tokens, &classes, 1, &out_tags);
}

void
vigil_tagger_tag_document (const VigilTagger *tagger, VigilTokens *const *tokens,
                           const guint8 *const *classes, guint n, guint8 **out_tags)
{
  gboolean full = tagger->weights.n_features == N_FEATURES;
  DocWords doc; /* its small arrays are not zeroed here: the build does what it uses */

  doc.keys = NULL;
  doc.flags = NULL;
  g_return_if_fail (tagger != NULL);
  if (full)
    tagger_doc_words_build (&doc, tokens, n);
  for (guint k = 0; k < n; k++)
    {
      TagData d = { &tagger->weights, out_tags[k] };
      memset (out_tags[k], VIGIL_TAG_O, tokens[k]->tokens->len);
      tagger_for_each_segment (tokens[k], classes[k], full, full ? &doc : NULL, tag_segment, &d);
    }
  tagger_doc_words_clear (&doc);
}
