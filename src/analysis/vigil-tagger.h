/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-tagger.h: a trained sequence tagger for person, organisation and
 * location names (BIO tags).
 *
 * A linear-chain averaged perceptron over the tokens of vigil_tokenize():
 * word, shape, affix, punctuation, gazetteer-class, lexicon (an ordinary
 * English word, data/analysis/common-words.txt; a person's name WordNet knows,
 * data/analysis/wordnet-names.txt), document (the word is written in lower
 * case elsewhere in the text) and context features are hashed into one fixed-size weight
 * table and decoded with Viterbi, with previous-tag features. Only tokens that can be part of a
 * name in cased text are decoded (capitalised words, and short joiners between them such as "of" or
 * "al"); every other token is O, which splits a sentence into short independent segments and makes
 * tagging cost follow the names, not the text. Training applies the same rule, so the model learns
 * what it is asked.
 *
 * The model is one little-endian file (header, transition weights as floats,
 * feature weights as 16-bit integers with one scale), mapped rather than
 * parsed. Training is deterministic: the same sentences, epochs and seed give
 * the same bytes.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-tokenizer.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_TAG_O,
  VIGIL_TAG_B_PER,
  VIGIL_TAG_I_PER,
  VIGIL_TAG_B_ORG,
  VIGIL_TAG_I_ORG,
  VIGIL_TAG_B_LOC,
  VIGIL_TAG_I_LOC,
  VIGIL_N_TAGS
} VigilTag;

/* Entity type of a tag: 0 for O, 1 person, 2 organisation, 3 location. */
#define VIGIL_TAG_TYPE(tag) (((tag) + 1) / 2)
#define VIGIL_TAG_IS_BEGIN(tag) ((tag) != VIGIL_TAG_O && ((tag) % 2) == 1)

/* What the gazetteer says of a token, one of these per token (a feature of the
 * tagger): the kind of listed phrase it begins, or with VIGIL_NAME_CLASS_INSIDE
 * continues. */
typedef enum
{
  VIGIL_NAME_CLASS_NONE,
  VIGIL_NAME_CLASS_PERSON,
  VIGIL_NAME_CLASS_ORGANIZATION,
  VIGIL_NAME_CLASS_PLACE, /* the curated list, countries, regions */
  VIGIL_NAME_CLASS_SUBDIVISION,
  VIGIL_NAME_CLASS_CITY,
  VIGIL_NAME_CLASS_TITLE,
  VIGIL_NAME_CLASS_RISK,
  VIGIL_NAME_CLASS_DEMONYM, /* "Iraqi", "Russian" */
  VIGIL_NAME_CLASS_INSIDE = 0x80,
} VigilNameClass;

#define VIGIL_TAGGER_ERROR (vigil_tagger_error_quark ())
typedef enum
{
  VIGIL_TAGGER_ERROR_INVALID, /* not a model file, or a damaged one */
  VIGIL_TAGGER_ERROR_INPUT,   /* a training file that is not valid CoNLL */
} VigilTaggerError;
GQuark vigil_tagger_error_quark (void);

const char *vigil_tag_name (guint tag);
gboolean vigil_tag_parse (const char *name, guint8 *out_tag);

typedef struct _VigilTagger VigilTagger;

VigilTagger *vigil_tagger_load (const char *path, GError **error);
VigilTagger *vigil_tagger_load_bytes (GBytes *bytes, GError **error);
void vigil_tagger_free (VigilTagger *tagger);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTagger, vigil_tagger_free)

/* Tags the tokens of vigil_tokenize(); a sentence starts at each
 * VIGIL_TOKEN_SENTENCE_START token. classes has one VigilNameClass per token,
 * or is NULL (no gazetteer). out_tags receives one tag per token, always a
 * valid BIO sequence. Thread-safe: the tagger is immutable. */
void vigil_tagger_tag_tokens (const VigilTagger *tagger, VigilTokens *tokens, const guint8 *classes,
                              guint8 *out_tags);

/* Tags n texts of one document (the sentences of a CoNLL document) together, as
 * vigil_tagger_tag_tokens() tags one text: the document features see them all.
 * out_tags[k] receives one tag per token of tokens[k]; classes[k] may be NULL. */
void vigil_tagger_tag_document (const VigilTagger *tagger, VigilTokens *const *tokens,
                                const guint8 *const *classes, guint n, guint8 **out_tags);

/* Sentences of a CoNLL file (token<TAB>tag, blank line between sentences). */
typedef struct
{
  char **words; /* NULL-terminated */
  guint8 *tags;
  guint n;
  guint doc; /* the number of -DOCSTART- lines before it */
} VigilTaggedSentence;

void vigil_tagged_sentence_free (VigilTaggedSentence *sentence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTaggedSentence, vigil_tagged_sentence_free)
/* Appends the sentences of path to sentences (of VigilTaggedSentence, freed with
 * vigil_tagged_sentence_free). -DOCSTART- lines are skipped. */
gboolean vigil_conll_read (const char *path, GPtrArray *sentences, GError **error);

/* A CoNLL sentence as Vigil sees text: its words joined by spaces and cut by
 * vigil_tokenize(), each token with the tag of its word (I- for the tokens
 * after the first of a name's word: "al-Qaeda" is "al" B-ORG, "Qaeda" I-ORG;
 * punctuation makes no token). classes is for the caller to fill. */
typedef struct
{
  char *text;
  VigilTokens *tokens;
  guint8 *tags;
  guint8 *classes;
  guint doc; /* of the VigilTaggedSentence */
} VigilTokenSentence;

VigilTokenSentence *vigil_tagged_sentence_tokenize (const VigilTaggedSentence *sentence);
void vigil_token_sentence_free (VigilTokenSentence *sentence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTokenSentence, vigil_token_sentence_free)

/* Training. */
typedef struct _VigilTaggerTrainer VigilTaggerTrainer;

#define VIGIL_TAGGER_DEFAULT_TABLE_BITS 19

VigilTaggerTrainer *vigil_tagger_trainer_new (guint table_bits);
void vigil_tagger_trainer_free (VigilTaggerTrainer *trainer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTaggerTrainer, vigil_tagger_trainer_free)

/* Whether the model has the common-word features (is a word an ordinary
 * English word, data/analysis/common-words.txt) and the document features:
 * TRUE unless told otherwise;
 * before the first sentence is added. For English text; a model of another
 * language goes without them. */
void vigil_tagger_trainer_set_common_words (VigilTaggerTrainer *trainer, gboolean use);
/* Adds to *lower the lower-case words of tokens and to *common those that are
 * ordinary English words: the share tells English text from other text. */
void vigil_tagger_count_common_words (VigilTokens *tokens, guint *common, guint *lower);
/* Whether a token is an ordinary English word (common-words.txt), whatever
 * its case: "Urban", "Development"; not "Barclays". */
gboolean vigil_tagger_is_common_word (const VigilToken *token);
/* Features are worked out now; the sentence need not outlive the call. It is
 * a document of its own. */
void vigil_tagger_trainer_add (VigilTaggerTrainer *trainer, const VigilTokenSentence *sentence);
/* The sentences of one document (between -DOCSTART- lines), added together so
 * that the document features see them all, as tagging an article does. */
void vigil_tagger_trainer_add_document (VigilTaggerTrainer *trainer,
                                        VigilTokenSentence *const *sentences, guint n);
/* One pass over the sentences in an order shuffled with rand. */
void vigil_tagger_trainer_epoch (VigilTaggerTrainer *trainer, GRand *rand);
/* Keeps the averaged weights trained so far and starts again from zero: the
 * model serialized after the next run is the mean of the runs (parameter
 * mixing; runs over different orders of the examples vary less together). */
void vigil_tagger_trainer_restart (VigilTaggerTrainer *trainer);
/* The averaged model so far, as a model file's bytes. */
GBytes *vigil_tagger_trainer_serialize (VigilTaggerTrainer *trainer);

G_END_DECLS
