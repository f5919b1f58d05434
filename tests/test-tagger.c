/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The name tagger: it learns from a CoNLL file, trains deterministically, and
 * refuses damaged model files. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vigil-tagger.h"
#include "vigil-test-utils.h"

#define TEST_BITS 16

static GPtrArray *
read_fixture (void)
{
  g_autofree char *path = vigil_test_file_path ("fixtures", "tagger", "names.conll", NULL);
  GPtrArray *sentences
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_tagged_sentence_free);
  g_autoptr (GError) error = NULL;

  g_assert_true (vigil_conll_read (path, sentences, &error));
  g_assert_no_error (error);
  return sentences;
}

/* A model trained on sentences: epochs over them in the seed's orders, runs
 * times from a restart, the runs mixed (train-ner --runs). */
static GBytes *
train_runs (GPtrArray *sentences, guint epochs, guint runs, guint32 seed)
{
  g_autoptr (VigilTaggerTrainer) trainer = vigil_tagger_trainer_new (TEST_BITS);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < sentences->len; i++)
    {
      g_autoptr (VigilTokenSentence) s
          = vigil_tagged_sentence_tokenize (g_ptr_array_index (sentences, i));
      vigil_tagger_trainer_add (trainer, s);
    }
  for (guint r = 0; r < runs; r++)
    {
      if (r > 0)
        vigil_tagger_trainer_restart (trainer);
      for (guint e = 0; e < epochs; e++)
        vigil_tagger_trainer_epoch (trainer, rand);
    }
  return vigil_tagger_trainer_serialize (trainer);
}

static GBytes *
train (GPtrArray *sentences, guint epochs, guint32 seed)
{
  return train_runs (sentences, epochs, 1, seed);
}

static VigilTagger *
fixture_tagger (void)
{
  g_autoptr (GPtrArray) sentences = read_fixture ();
  g_autoptr (GBytes) model = train (sentences, 8, 1);
  g_autoptr (GError) error = NULL;
  VigilTagger *tagger = vigil_tagger_load_bytes (model, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tagger);
  return tagger;
}

/* Tags a sentence and returns the tags of its tokens as space-separated names. */
static char *
tag_sentence (VigilTagger *tagger, const char *sentence)
{
  g_autoptr (VigilTokens) tokens = vigil_tokenize (sentence);
  guint n = tokens->tokens->len;
  g_autofree guint8 *tags = g_new0 (guint8, n + 1);
  GString *out = g_string_new (NULL);

  vigil_tagger_tag_tokens (tagger, tokens, NULL, tags);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "", vigil_tag_name (tags[i]));
  return g_string_free (out, FALSE);
}

static void
test_learns_patterns (void)
{
  g_autoptr (VigilTagger) tagger = fixture_tagger ();
  /* Names, places and organisations the fixture never shows, in its patterns. */
  static const struct
  {
    const char *sentence, *tags;
  } cases[] = {
    { "Mr Tobias Granger said on Monday that the talks would continue.",
      "O B-PER I-PER O O O O O O O O" },
    { "Ms Okonjo told reporters in Valparaiso that prices had risen.",
      "O B-PER O O O B-LOC O O O O" },
    { "The meeting took place in Reykjavik last week.", "O O O O O B-LOC O O" },
    { "A spokesman for the Zenith Corporation declined to comment.", "O O O O B-ORG I-ORG O O O" },
    { "Heavy rain fell in Gdansk and Mombasa on Friday.", "O O O O B-LOC O B-LOC O O" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tags = tag_sentence (tagger, cases[i].sentence);
      g_assert_cmpstr (tags, ==, cases[i].tags);
    }
}

/* Over the tokenizer's tokens (no punctuation), spans land on code-point offsets. */
static void
test_tag_tokens (void)
{
  g_autoptr (VigilTagger) tagger = fixture_tagger ();
  const char *text = "Protests spread from Zürich to Valletta overnight.";
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  g_autofree guint8 *tags = g_new0 (guint8, tokens->tokens->len);

  vigil_tagger_tag_tokens (tagger, tokens, NULL, tags);
  g_assert_cmpuint (tokens->tokens->len, ==, 7);
  g_assert_cmpuint (tags[3], ==, VIGIL_TAG_B_LOC);
  g_assert_cmpuint (vigil_tokens_get (tokens, 3)->start, ==, 21);
  g_assert_cmpuint (vigil_tokens_get (tokens, 3)->end, ==, 27);
  g_assert_cmpuint (tags[5], ==, VIGIL_TAG_B_LOC);
  g_assert_cmpuint (tags[0], ==, VIGIL_TAG_O);
  g_assert_cmpuint (tags[6], ==, VIGIL_TAG_O);
}

static void
test_deterministic (void)
{
  g_autoptr (GPtrArray) sentences = read_fixture ();
  g_autoptr (GBytes) a = train (sentences, 5, 42);
  g_autoptr (GBytes) b = train (sentences, 5, 42);
  g_autoptr (GBytes) c = train (sentences, 5, 43);

  g_assert_cmpuint (g_bytes_get_size (a), ==, g_bytes_get_size (b));
  g_assert_true (g_bytes_equal (a, b));
  /* The seed matters (it orders the sentences), so the check above is not vacuous. */
  g_assert_false (g_bytes_equal (a, c));
}

/* Runs restarted and mixed (train-ner --runs): the same seed gives the same
 * bytes, the mixed model is not the last run's alone, and it still tags the
 * fixture's kind of sentence. */
static void
test_mixed_runs (void)
{
  g_autoptr (GPtrArray) sentences = read_fixture ();
  g_autoptr (GBytes) one = train_runs (sentences, 8, 1, 1);
  g_autoptr (GBytes) plain = train (sentences, 8, 1);
  g_autoptr (GBytes) a = train_runs (sentences, 8, 3, 1);
  g_autoptr (GBytes) b = train_runs (sentences, 8, 3, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilTagger) tagger = NULL;
  g_autofree char *tags = NULL;

  g_assert_true (g_bytes_equal (one, plain)); /* one run: no mixing at all */
  g_assert_true (g_bytes_equal (a, b));
  g_assert_false (g_bytes_equal (a, one));
  tagger = vigil_tagger_load_bytes (a, &error);
  g_assert_no_error (error);
  tags = tag_sentence (tagger, "Heavy rain fell in Gdansk and Mombasa on Friday.");
  g_assert_cmpstr (tags, ==, "O O O O B-LOC O B-LOC O O");
}

/* English text has most of its lower-case words in the common-word list, French
 * text few; a model without the common-word features (another language's) has
 * the older feature version, and both kinds load. */
static void
test_common_words (void)
{
  g_autoptr (GPtrArray) sentences = read_fixture ();
  g_autoptr (VigilTaggerTrainer) plain = vigil_tagger_trainer_new (TEST_BITS);
  g_autoptr (VigilTokens) en = vigil_tokenize ("The talks would continue on Monday, she said.");
  g_autoptr (VigilTokens) fr
      = vigil_tokenize ("Les pourparlers reprendront lundi, a-t-elle déclaré.");
  g_autoptr (GBytes) full = train (sentences, 3, 1);
  g_autoptr (GBytes) without = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  guint common = 0, lower = 0;

  vigil_tagger_count_common_words (en, &common, &lower);
  g_assert_cmpuint (lower, ==, 6);
  g_assert_cmpuint (common, ==, 6);
  common = lower = 0;
  vigil_tagger_count_common_words (fr, &common, &lower);
  g_assert_cmpuint (lower, >=, 5);
  g_assert_cmpuint (common * 2, <, lower);

  vigil_tagger_trainer_set_common_words (plain, FALSE);
  for (guint i = 0; i < sentences->len; i++)
    {
      g_autoptr (VigilTokenSentence) s
          = vigil_tagged_sentence_tokenize (g_ptr_array_index (sentences, i));
      vigil_tagger_trainer_add (plain, s);
    }
  for (guint e = 0; e < 3; e++)
    vigil_tagger_trainer_epoch (plain, rand);
  without = vigil_tagger_trainer_serialize (plain);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (full, NULL))[20], ==, 6);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (without, NULL))[20], ==, 2);
  g_assert_false (g_bytes_equal (full, without));
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (VigilTagger) tagger = vigil_tagger_load_bytes (k ? without : full, &error);
      g_autofree char *tags = NULL;

      g_assert_no_error (error);
      tags = tag_sentence (tagger, "Heavy rain fell in Gdansk on Friday.");
      g_assert_cmpuint (strlen (tags), >, 0);
    }
}

/* The sentences of a document are tagged together (the document features see
 * all of them): two halves of a text give the tags of the whole. */
static void
test_tag_document (void)
{
  g_autoptr (VigilTagger) tagger = fixture_tagger ();
  const char *first = "Ms Okonjo told reporters in Valparaiso that prices had risen.";
  const char *second = "The spring rain fell in Gdansk and Mombasa on Friday.";
  g_autofree char *whole = g_strconcat (first, " ", second, NULL);
  g_autoptr (VigilTokens) a = vigil_tokenize (first);
  g_autoptr (VigilTokens) b = vigil_tokenize (second);
  g_autoptr (VigilTokens) all = vigil_tokenize (whole);
  VigilTokens *texts[] = { a, b };
  const guint8 *classes[] = { NULL, NULL };
  g_autofree guint8 *tags_a = g_new0 (guint8, a->tokens->len);
  g_autofree guint8 *tags_b = g_new0 (guint8, b->tokens->len);
  g_autofree guint8 *tags_all = g_new0 (guint8, all->tokens->len);
  guint8 *out[] = { tags_a, tags_b };

  g_assert_cmpuint (a->tokens->len + b->tokens->len, ==, all->tokens->len);
  vigil_tagger_tag_document (tagger, texts, classes, 2, out);
  vigil_tagger_tag_tokens (tagger, all, NULL, tags_all);
  g_assert_cmpmem (tags_a, a->tokens->len, tags_all, a->tokens->len);
  g_assert_cmpmem (tags_b, b->tokens->len, tags_all + a->tokens->len, b->tokens->len);
}

static void
assert_refused (const guint8 *data, gsize size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilTagger) tagger = vigil_tagger_load_bytes (bytes, &error);

  g_assert_null (tagger);
  g_assert_error (error, VIGIL_TAGGER_ERROR, VIGIL_TAGGER_ERROR_INVALID);
}

static void
test_corrupt_model (void)
{
  g_autoptr (GPtrArray) sentences = read_fixture ();
  g_autoptr (GBytes) model = train (sentences, 1, 1);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (model, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  g_autofree char *path = vigil_test_make_tmp_path ("vigil-tagger-XXXXXX", "model.bin");
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilTagger) tagger = NULL;
  float nan_value = NAN;

  /* Truncated anywhere: empty, inside the header, inside the weights, one byte short. */
  assert_refused (data, 0);
  assert_refused (data, 10);
  assert_refused (data, 60);
  assert_refused (data, size / 2);
  assert_refused (data, size - 1);
  /* Wrong signature, version, tag set, table size. */
  for (guint offset = 0; offset < 80; offset += 7)
    {
      memcpy (copy, data, size);
      copy[offset] ^= 0x5a;
      assert_refused (copy, size);
    }
  /* A scale or a transition weight that is not a number. */
  memcpy (copy, data, size);
  memcpy (copy + 80, &nan_value, 4);
  assert_refused (copy, size);
  memcpy (copy, data, size);
  memcpy (copy + 84 + 4 * 10, &nan_value, 4);
  assert_refused (copy, size);

  /* From a file: the truncated file is refused with the file's name, a missing one too. */
  g_assert_true (g_file_set_contents (path, (const char *) data, size - 100, NULL));
  tagger = vigil_tagger_load (path, &error);
  g_assert_null (tagger);
  g_assert_error (error, VIGIL_TAGGER_ERROR, VIGIL_TAGGER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
  tagger = vigil_tagger_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tagger);
  g_clear_pointer (&tagger, vigil_tagger_free);
  g_remove (path);
  tagger = vigil_tagger_load (path, &error);
  g_assert_null (tagger);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_conll_errors (void)
{
  g_autofree char *path = vigil_test_make_tmp_path ("vigil-conll-XXXXXX", "bad.conll");
  static const char *const bad[] = {
    "Mr\tO\nSmith\tB-PERSON\n", /* unknown tag */
    "Mr O\n",                   /* no tab */
    "Mr\tO\n\xff\xfe\tO\n",     /* not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GPtrArray) sentences
          = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_tagged_sentence_free);
      g_autoptr (GError) error = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_assert_false (vigil_conll_read (path, sentences, &error));
      g_assert_error (error, VIGIL_TAGGER_ERROR, VIGIL_TAGGER_ERROR_INPUT);
    }
  {
    g_autoptr (GPtrArray) sentences
        = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_tagged_sentence_free);
    VigilTaggedSentence *s;

    g_assert_true (g_file_set_contents (path,
                                        "-DOCSTART-\tO\n\nMr\tO\r\nJo Ann\tB-PER\n\n\nsaid\tO\n"
                                        "-DOCSTART-\tO\n\nOK\tO\n",
                                        -1, NULL));
    g_assert_true (vigil_conll_read (path, sentences, NULL));
    g_assert_cmpuint (sentences->len, ==, 3);
    s = g_ptr_array_index (sentences, 0);
    g_assert_cmpuint (s->n, ==, 2);
    g_assert_cmpstr (s->words[1], ==, "Jo Ann");
    g_assert_cmpuint (s->tags[1], ==, VIGIL_TAG_B_PER);
    /* Sentences know their document: the -DOCSTART- lines before them. */
    g_assert_cmpuint (s->doc, ==, 1);
    g_assert_cmpuint (((VigilTaggedSentence *) g_ptr_array_index (sentences, 1))->doc, ==, 1);
    g_assert_cmpuint (((VigilTaggedSentence *) g_ptr_array_index (sentences, 2))->doc, ==, 2);
  }
}

/* A CoNLL sentence is cut as vigil_tokenize() cuts text: punctuation makes no
 * token, a hyphenated name is two tokens of one name, and a name whose first
 * word made no token still begins with a B- tag. */
static void
test_tokenize_sentence (void)
{
  const char *words[]
      = { "\"", "Smith", "&", "Sons", ",", "(", "Ltd", ")", "and", "al-Qaeda", ".", NULL };
  guint8 tags[] = { VIGIL_TAG_O, VIGIL_TAG_B_ORG, VIGIL_TAG_I_ORG, VIGIL_TAG_I_ORG,
                    VIGIL_TAG_O, VIGIL_TAG_B_ORG, VIGIL_TAG_I_ORG, VIGIL_TAG_I_ORG,
                    VIGIL_TAG_O, VIGIL_TAG_B_ORG, VIGIL_TAG_O };
  g_autoptr (VigilTaggedSentence) s = g_new0 (VigilTaggedSentence, 1);
  g_autoptr (VigilTokenSentence) t = NULL;
  static const char *const want_words[] = { "Smith", "Sons", "Ltd", "and", "al", "Qaeda" };
  static const guint8 want_tags[] = { VIGIL_TAG_B_ORG, VIGIL_TAG_I_ORG, VIGIL_TAG_B_ORG,
                                      VIGIL_TAG_O,     VIGIL_TAG_B_ORG, VIGIL_TAG_I_ORG };

  s->words = g_strdupv ((char **) words);
  s->tags = g_memdup2 (tags, sizeof tags);
  s->n = G_N_ELEMENTS (tags);
  t = vigil_tagged_sentence_tokenize (s);
  g_assert_cmpuint (t->tokens->tokens->len, ==, G_N_ELEMENTS (want_words));
  for (guint i = 0; i < G_N_ELEMENTS (want_words); i++)
    {
      VigilToken *tok = vigil_tokens_get (t->tokens, i);
      g_autofree char *word
          = g_strndup (t->text + tok->byte_start, tok->byte_end - tok->byte_start);
      g_assert_cmpstr (word, ==, want_words[i]);
    }
  g_assert_cmpmem (t->tags, t->tokens->tokens->len, want_tags, sizeof want_tags);
}

/* Only what can be a name is decoded: a lower-case run is O whatever the
 * weights say, so a sentence of lower-case words costs no decoding, and a
 * joiner between two capitalised words can be part of a name. */
static void
test_lower_case_is_outside (void)
{
  g_autoptr (VigilTagger) tagger = fixture_tagger ();
  g_autofree char *lower
      = tag_sentence (tagger, "jonas holm said the talks in reykjavik would go on");
  g_autofree char *joined = tag_sentence (tagger, "A spokesman for the Bank of Zenith declined.");

  g_assert_cmpstr (lower, ==, "O O O O O O O O O O");
  g_assert_cmpstr (joined, ==, "O O O O B-ORG I-ORG I-ORG O");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tagger/learns-patterns", test_learns_patterns);
  g_test_add_func ("/tagger/tag-tokens", test_tag_tokens);
  g_test_add_func ("/tagger/deterministic", test_deterministic);
  g_test_add_func ("/tagger/common-words", test_common_words);
  g_test_add_func ("/tagger/mixed-runs", test_mixed_runs);
  g_test_add_func ("/tagger/tag-document", test_tag_document);
  g_test_add_func ("/tagger/corrupt-model", test_corrupt_model);
  g_test_add_func ("/tagger/conll-errors", test_conll_errors);
  g_test_add_func ("/tagger/tokenize-sentence", test_tokenize_sentence);
  g_test_add_func ("/tagger/lower-case-is-outside", test_lower_case_is_outside);
  return g_test_run ();
}
