/* vigil-tagger.c: averaged-perceptron name tagger over hashed features. */
#include "config.h"

#include "vigil-tagger.h"
#include "vigil-word-table.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define NT VIGIL_N_TAGS
#define START_TAG NT    /* the "previous tag" of a sentence's first word */
#define MAX_SEGMENT 256 /* tokens decoded at once */
#define ROW 8           /* weights a feature: NT, padded to 16 bytes */

/* The file: header, (NT + 1) x NT transition weights (floats), then 2^bits
 * rows of ROW 16-bit weights; a weight is its integer times the header's
 * scale. FEATURE_VERSION changes whenever the features do, so an old model is
 * refused instead of silently scoring the wrong things. */
#define MAGIC "VIGILNER"
#define FORMAT_VERSION 2
/* 5: with the lexicon (common words, WordNet's people) and document features
 * (English models); 2: without them (a model trained on text in another
 * language), the features of older models. */
#define FEATURE_VERSION 5
#define FEATURE_VERSION_PLAIN 2
#define TAG_NAME_LEN 8
#define HEADER_SIZE (8 + 4 * 4 + NT * TAG_NAME_LEN + 4)
#define TRANS_COUNT ((NT + 1) * NT)
#define MIN_BITS 8
#define MAX_BITS 24

/* Features of one token that do not depend on the tags. */
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
  F_GAP_BEFORE,
  F_GAP_AFTER,
  F_GAP_SHAPE,
  F_CLASS,
  F_PREV_CLASS,
  F_NEXT_CLASS,
  F_CLASS_SHAPE,
  F_CLASS_NEXT_CLASS,
  N_PLAIN_FEATURES,
  /* Last: models of FEATURE_VERSION_PLAIN have none of these (common words,
   * the document). */
  F_COMMON_SHAPE = N_PLAIN_FEATURES,
  F_COMMON_FIRST_CLASS,
  F_DOC_LOWER,
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

/* Feature hashing. Each token's strings are hashed once (FNV-1a, the same
 * steps as vigil_word_hash(), fixed here rather than g_str_hash so that models
 * stay valid across GLib versions); a feature is its template number and one
 * or two of those hashes, mixed so that the low bits (the table index) are
 * well spread. */
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

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

static inline guint32
feat1 (guint template, guint32 a)
{
  return mix (a * 0x9e3779b1u + (template + 1) * 0x27d4eb2fu);
}

static inline guint32
feat2 (guint template, guint32 a, guint32 b)
{
  return mix (a * 0x9e3779b1u + (template + 1) * 0x27d4eb2fu + ((b * 0x165667b1u) ^ (b >> 15)));
}

static inline guint32
with_prev_tag (guint32 base, guint prev)
{
  return mix (base ^ ((prev + 1) * 0x9e3779b9u));
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

/* The document around a sentence: its capitalised words, each with whether
 * the same word is also written in lower case somewhere in it ("Spring" and
 * "the spring"), which makes a name less likely. Keyed by the words' hashes. */
typedef struct
{
  guint32 *keys;
  guint8 *flags; /* 0: empty slot; DOC_CASED, DOC_LOWER or both */
  guint mask;
} DocWords;

#define DOC_CASED 1
#define DOC_LOWER 2

static inline gboolean cased (const VigilToken *t);

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
static void
doc_words_build (DocWords *d, VigilTokens *const *texts, guint n)
{
  guint n_tokens = 0, size = 16;

  for (guint k = 0; k < n; k++)
    n_tokens += texts[k]->tokens->len;
  while (size < 2 * n_tokens)
    size *= 2;
  d->keys = g_new (guint32, size);
  d->flags = g_new0 (guint8, size);
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

static void
doc_words_clear (DocWords *d)
{
  g_free (d->keys);
  g_free (d->flags);
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

/* The shape: X upper, x lower, d digit, a other letters; the long form keeps
 * runs up to four ("Xxxx", "dddd"), the short form one ("Xx"). */
static void
token_shapes (const char *p, const char *end, guint32 *shape, guint32 *short_shape)
{
  guint32 h = FNV_OFFSET, hs = FNV_OFFSET;
  char last = 0;
  guint run = 0;

  while (p < end)
    {
      guchar b = (guchar) *p;
      char s;

      if (b < 0x80)
        {
          s = (b >= 'A' && b <= 'Z')   ? 'X'
              : (b >= 'a' && b <= 'z') ? 'x'
              : (b >= '0' && b <= '9') ? 'd'
                                       : (char) b;
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
#define LEX_COMMON 1
#define LEX_PERSON 2
#define LEX_PLACE 4
#define LEX_GROUP 8

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
static inline guint32
lexicon_bits (guint32 hash)
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

static G_GNUC_NO_INLINE void
token_info (VigilTokens *tokens, const guint8 *classes, guint i, gboolean sentence_start,
            TokInfo *info)
{
  const VigilToken *t = vigil_tokens_get (tokens, i);
  const char *text = tokens->text;
  const char *folded = t->folded;
  gsize len = strlen (folded);
  guint32 h = FNV_OFFSET;

  info->word = t->hash;
  for (guint b = t->byte_start; b < t->byte_end; b++)
    h = (h ^ (guchar) text[b]) * FNV_PRIME;
  info->exact = h;
  token_shapes (text + t->byte_start, text + t->byte_end, &info->shape, &info->short_shape);
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
  if (sentence_start)
    info->gap = 0x5;
  else
    info->gap = gap_code (text + vigil_tokens_get (tokens, i - 1)->byte_end, text + t->byte_start);
  info->cls = classes ? classes[i] : 0;
}

/* The token window of one sentence that features may look at. */
typedef struct
{
  VigilTokens *tokens;
  const guint8 *classes;
  guint begin, end; /* the sentence */
  TokInfo *info;    /* indexed by token - begin */
  guint8 *ready;
  gboolean common;     /* the model has the common-word features */
  const DocWords *doc; /* NULL: none (models without the common-word features) */
} Sentence;

static inline const TokInfo *
info_at (Sentence *s, guint i)
{
  TokInfo *info = &s->info[i - s->begin];

  if (G_UNLIKELY (!s->ready[i - s->begin]))
    {
      token_info (s->tokens, s->classes, i, i == s->begin, info);
      s->ready[i - s->begin] = 1;
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
  const TokInfo *w = info_at (s, i);
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
      guint32 lex = lexicon_bits (t->hash), lower = doc_lower (s->doc, t);

      f[F_COMMON_SHAPE] = feat2 (F_COMMON_SHAPE, lex, w->short_shape);
      f[F_COMMON_FIRST_CLASS]
          = feat2 (F_COMMON_FIRST_CLASS, lex | (guint32) (i == s->begin) << 5, cls);
      f[F_DOC_LOWER] = feat2 (F_DOC_LOWER, lower | (guint32) (i == s->begin) << 8, w->short_shape);
    }

  pf[P_SHAPE] = feat1 (100 + P_SHAPE, w->short_shape);
  pf[P_WORD] = feat1 (100 + P_WORD, w->word);
}

/* Can token i be part of a name? Capitalised words are; so are short lower-case
 * joiners between two of them ("Bank of England", "Abu al Hassan") and before
 * one with a hyphen ("al-Qaeda", "d'Ivoire"). Everything else is O. */
static inline gboolean
cased (const VigilToken *t)
{
  return (t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER)) != 0;
}

/* Words that begin sentences with a capital and are never a name there. */
static const char *const sentence_words[]
    = { "the",   "a",         "an",         "in",      "on",    "at",      "but",     "and",
        "he",    "she",       "it",         "they",    "we",    "i",       "this",    "that",
        "these", "those",     "there",      "when",    "while", "after",   "before",  "as",
        "for",   "if",        "however",    "his",     "her",   "their",   "our",     "its",
        "what",  "who",       "some",       "many",    "more",  "most",    "one",     "two",
        "three", "by",        "from",       "with",    "to",    "of",      "not",     "no",
        "yes",   "so",        "since",      "during",  "under", "about",   "all",     "also",
        "other", "such",      "last",       "earlier", "later", "then",    "now",     "today",
        "you",   "my",        "your",       "is",      "was",   "are",     "were",    "has",
        "have",  "had",       "will",       "would",   "can",   "could",   "should",  "may",
        "might", "both",      "each",       "every",   "any",   "how",     "why",     "where",
        "which", "although",  "though",     "because", "until", "instead", "despite", "according",
        "asked", "meanwhile", "separately", "overall", "here",  NULL };

static const VigilWordTable *
sentence_word_table (void)
{
  static VigilWordTable *table;

  if (g_once_init_enter (&table))
    {
      VigilWordTable *t = g_new (VigilWordTable, 1);
      vigil_word_table_init (t);
      for (guint k = 0; sentence_words[k]; k++)
        vigil_word_table_insert (t, vigil_word_hash (sentence_words[k], -1), sentence_words[k],
                                 GUINT_TO_POINTER (1));
      g_once_init_leave (&table, t);
    }
  return table;
}

static inline gboolean
short_word (const VigilToken *t)
{
  return t->byte_end - t->byte_start <= 4;
}

static gboolean
candidate (VigilTokens *tokens, guint begin, guint end, guint i)
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

/* The weights, as a loaded model has them (16-bit) or as training does (floats). */
typedef struct
{
  const float *trans;
  const gint16 *q;
  float scale;
  const float *w;
  guint32 mask;
  guint n_features; /* N_FEATURES, or N_PLAIN_FEATURES without the common-word ones */
} Weights;

/* The token's scores for every tag, in emit[ROW] (the padding lane's is
 * computed too and never read). */
static inline void
emission (const Weights *W, const guint32 *f, float *emit)
{
  if (W->q != NULL)
    {
      gint32 acc[ROW] = { 0 };
      for (guint k = 0; k < W->n_features; k++)
        {
          const gint16 *r = W->q + (gsize) (f[k] & W->mask) * ROW;
          for (guint t = 0; t < ROW; t++)
            acc[t] += r[t];
        }
      for (guint t = 0; t < ROW; t++)
        emit[t] = acc[t] * W->scale;
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
             float scores[NT + 1][ROW])
{
  for (guint p = first_prev; p <= last_prev; p++)
    {
      if (W->q != NULL)
        {
          gint32 acc[ROW] = { 0 };
          for (guint k = 0; k < N_PREV_FEATURES; k++)
            {
              const gint16 *r = W->q + (gsize) (with_prev_tag (pf[k], p) & W->mask) * ROW;
              for (guint t = 0; t < ROW; t++)
                acc[t] += r[t];
            }
          for (guint t = 0; t < ROW; t++)
            scores[p][t] = acc[t] * W->scale;
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

/* Viterbi over one segment of len tokens whose features are f and pf; the tag
 * before it is start_prev (START_TAG at a sentence's start, else O). */
static void
decode_segment (const Weights *W, const guint32 *f, const guint32 *pf, guint len, guint start_prev,
                guint8 *out)
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

      emission (W, f + (gsize) i * N_FEATURES, emit);
      prev_scores (W, pf + (gsize) i * N_PREV_FEATURES, first_prev, last_prev, scores);
      for (guint t = 0; t < NT; t++)
        {
          float best = -INFINITY;
          guint best_prev = VIGIL_TAG_O;

          if (i == 0)
            {
              /* Only start_prev comes before the segment. */
              float s = 0.f + W->trans[start_prev * NT + t] + scores[start_prev][t];

              if (transition_allowed (start_prev, t) && s > best)
                {
                  best = s;
                  best_prev = start_prev;
                }
            }
          else
            {
              /* Any tag may come before O or B-X, only B-X (t - 1) or I-X before
               * I-X (transition_allowed()): the others are not tried. */
              const float *prev = delta + (gsize) (i - 1) * NT;
              gboolean any = t == VIGIL_TAG_O || VIGIL_TAG_IS_BEGIN (t);

              for (guint p = any ? 0 : t - 1; p <= (any ? NT - 1 : t); p++)
                {
                  float s = prev[p] + W->trans[p * NT + t] + scores[p][t];

                  if (s > best)
                    {
                      best = s;
                      best_prev = p;
                    }
                }
            }
          delta[(gsize) i * NT + t] = best + emit[t];
          back[(gsize) i * NT + t] = best_prev;
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

/* Calls segment() for each run of candidate tokens, sentence by sentence, with
 * the run's features. */
typedef void (*SegmentFunc) (guint first, guint len, guint start_prev, const guint32 *f,
                             const guint32 *pf, gpointer data);

static void
for_each_segment (VigilTokens *tokens, const guint8 *classes, gboolean common, const DocWords *doc,
                  SegmentFunc segment, gpointer data)
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

          if (!candidate (tokens, begin, s.end, i))
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
                 && candidate (tokens, begin, s.end, i + 1))
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

  decode_segment (d->weights, f, pf, len, start_prev, d->out + first);
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
  DocWords doc = { 0 };

  g_return_if_fail (tagger != NULL);
  if (full)
    doc_words_build (&doc, tokens, n);
  for (guint k = 0; k < n; k++)
    {
      TagData d = { &tagger->weights, out_tags[k] };
      memset (out_tags[k], VIGIL_TAG_O, tokens[k]->tokens->len);
      for_each_segment (tokens[k], classes[k], full, full ? &doc : NULL, tag_segment, &d);
    }
  doc_words_clear (&doc);
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
 * candidate tokens, with its features worked out once. */
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
      if (lexicon_bits (t->hash) & LEX_COMMON)
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
   * begins, for this segment, at its first candidate. */
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
    doc_words_build (&doc, tokens, n);
  for (guint k = 0; k < n; k++)
    {
      AddData d = { trainer, sentences[k]->tags };
      for_each_segment (sentences[k]->tokens, sentences[k]->classes, full, full ? &doc : NULL,
                        add_segment, &d);
    }
  doc_words_clear (&doc);
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

  decode_segment (&W, e->feats, e->prev_feats, e->len, e->start_prev, guess);
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

GBytes *
vigil_tagger_trainer_serialize (VigilTaggerTrainer *trainer)
{
  gsize n = ((gsize) 1 << trainer->bits) * ROW;
  GByteArray *out = g_byte_array_sized_new (HEADER_SIZE + TRANS_COUNT * 4 + n * 2);
  double max = 0, scale;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, fabs (trainer->w[i] - trainer->u[i] / trainer->step));
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
    put_float (out, (float) (trainer->trans[i] - trainer->utrans[i] / trainer->step));
  for (gsize i = 0; i < n; i++)
    {
      double v = (trainer->w[i] - trainer->u[i] / trainer->step) / (float) scale;
      gint32 q = (gint32) lrint (CLAMP (v, -32767.0, 32767.0));
      guint8 b[2] = { (guint16) q & 0xff, ((guint16) q >> 8) & 0xff };
      g_byte_array_append (out, b, 2);
    }
  return g_byte_array_free_to_bytes (out);
}
