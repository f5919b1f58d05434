/* vigil-tagger.h: a trained sequence tagger for person, organisation and
 * location names (BIO tags).
 *
 * A linear-chain averaged perceptron: word, shape, affix and context features
 * are hashed into one fixed-size weight table, decoded with Viterbi over the
 * tags with previous-tag features. The model is one little-endian binary file
 * (header, transition weights, feature weights as floats), mapped, not parsed,
 * so loading costs no more than opening the file. Training is deterministic:
 * the same sentences, epochs and seed give the same bytes.
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

/* Tags one sentence of n words; out_tags receives n VigilTag values, always a
 * valid BIO sequence. Thread-safe: the tagger is immutable. */
void vigil_tagger_tag (const VigilTagger *tagger, const char *const *words, guint n,
                       guint8 *out_tags);
/* Tags the tokens of vigil_tokenize() sentence by sentence (a sentence starts at
 * each VIGIL_TOKEN_SENTENCE_START token); out_tags has one tag per token, so
 * spans map to the tokens' code-point offsets. */
void vigil_tagger_tag_tokens (const VigilTagger *tagger, VigilTokens *tokens, guint8 *out_tags);

/* Sentences of a CoNLL file (token<TAB>tag, blank line between sentences). */
typedef struct
{
  char **words; /* NULL-terminated */
  guint8 *tags;
  guint n;
} VigilTaggedSentence;

void vigil_tagged_sentence_free (VigilTaggedSentence *sentence);
/* Appends the sentences of path to sentences (of VigilTaggedSentence, freed with
 * vigil_tagged_sentence_free). -DOCSTART- lines are skipped. */
gboolean vigil_conll_read (const char *path, GPtrArray *sentences, GError **error);
/* Drops the words without a letter or digit (punctuation), which
 * vigil_tokenize() does not make tokens of, keeping the tags valid BIO. */
void vigil_tagged_sentence_keep_words (VigilTaggedSentence *sentence);

/* Training. */
typedef struct _VigilTaggerTrainer VigilTaggerTrainer;

#define VIGIL_TAGGER_DEFAULT_TABLE_BITS 19

VigilTaggerTrainer *vigil_tagger_trainer_new (guint table_bits);
void vigil_tagger_trainer_free (VigilTaggerTrainer *trainer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTaggerTrainer, vigil_tagger_trainer_free)

/* The sentence is borrowed: it must outlive the trainer. */
void vigil_tagger_trainer_add (VigilTaggerTrainer *trainer, const VigilTaggedSentence *sentence);
/* One pass over the sentences in an order shuffled with rand. */
void vigil_tagger_trainer_epoch (VigilTaggerTrainer *trainer, GRand *rand);
/* The averaged model so far, as a model file's bytes. */
GBytes *vigil_tagger_trainer_serialize (VigilTaggerTrainer *trainer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTaggedSentence, vigil_tagged_sentence_free)

G_END_DECLS
