/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-tagger-private.h — what the name tagger's two files share: the model's
 * format, the features' layout, the weights, and the decoding steps training
 * calls (vigil-tagger.c tags, vigil-tagger-train.c reads CoNLL and trains). */
#pragma once

#include "vigil-tagger.h"
#include "vigil-word-table.h"

G_BEGIN_DECLS

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
/* 6: with the lexicon (common words, WordNet's people), document features
 * and those of the run of candidates a token is in (English models); 2:
 * without them (a model trained on text in another language), the features of
 * older models. */
#define FEATURE_VERSION 6
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
   * the document, the run of candidates). */
  F_COMMON_SHAPE = N_PLAIN_FEATURES,
  F_COMMON_FIRST_CLASS,
  F_DOC_LOWER,
  F_RUN_POSITION,
  F_RUN_WORDS,
  F_RUN_HEAD,
  F_RUN_FIRST,
  F_CLASS_NEXT_WORD,
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

/* The document around a sentence: its capitalised words, each with whether
 * the same word is also written in lower case somewhere in it ("Spring" and
 * "the spring"), which makes a name less likely. Keyed by the words' hashes. */
#define DOC_SMALL 512 /* slots held in the struct itself: an article's words, no allocation */
typedef struct
{
  guint32 *keys;
  guint8 *flags; /* 0: empty slot; DOC_CASED, DOC_LOWER or both */
  guint mask;
  guint32 small_keys[DOC_SMALL];
  guint8 small_flags[DOC_SMALL];
} DocWords;

#define DOC_CASED 1
#define DOC_LOWER 2

#define LEX_COMMON 1
#define LEX_PERSON 2
#define LEX_PLACE 4
#define LEX_GROUP 8

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
with_prev_tag (guint32 base, guint prev)
{
  return mix (base ^ ((prev + 1) * 0x9e3779b9u));
}

/* Can token i be part of a name? Capitalised words are; so are short lower-case
 * joiners between two of them ("Bank of England", "Abu al Hassan") and before
 * one with a hyphen ("al-Qaeda", "d'Ivoire"). Everything else is O. */
static inline gboolean
cased (const VigilToken *t)
{
  return (t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER)) != 0;
}

/* Calls segment() for each run of candidate tokens, sentence by sentence, with
 * the run's features. */
typedef void (*SegmentFunc) (guint first, guint len, guint start_prev, const guint32 *f,
                             const guint32 *pf, gpointer data);

gboolean tagger_candidate (VigilTokens *tokens, guint begin, guint end, guint i);
void tagger_decode_segment (const Weights *W, const guint32 *f, const guint32 *pf, guint len,
                            guint start_prev, guint8 *out);
void tagger_doc_words_build (DocWords *d, VigilTokens *const *texts, guint n);
void tagger_doc_words_clear (DocWords *d);
void tagger_for_each_segment (VigilTokens *tokens, const guint8 *classes, gboolean common,
                              const DocWords *doc, SegmentFunc segment, gpointer data);
guint32 tagger_lexicon_bits (guint32 hash);

G_END_DECLS
