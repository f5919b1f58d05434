/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-tokenizer.h: UTF-8 text into tokens with code-point offsets.
 *
 * Tokens are runs of letters and digits; each carries its code-point span in the
 * original text (end exclusive), its byte span, a folded form (case and diacritics
 * removed) for matching, and flags for the capitalisation and sentence rules.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_TOKEN_CAPITALIZED = 1 << 0, /* first character upper or title case */
  VIGIL_TOKEN_ALL_UPPER = 1 << 1,   /* every letter upper case (and at least one) */
  VIGIL_TOKEN_SENTENCE_START = 1 << 2,
  VIGIL_TOKEN_JOINED_PREV = 1 << 3, /* only a hyphen, apostrophe or dot since the last token */
  VIGIL_TOKEN_PARAGRAPH_START = 1 << 4,
} VigilTokenFlags;

typedef struct
{
  guint start, end;           /* code points */
  guint byte_start, byte_end; /* bytes */
  const char *folded;         /* in the tokens' arena */
  guint flags;
  guint32 hash; /* vigil_word_hash() of folded, for word tables */
} VigilToken;

typedef struct
{
  const char *text; /* borrowed */
  GArray *tokens;   /* VigilToken */
  GString *arena;   /* every folded form, NUL-separated: one allocation, not one a token */
} VigilTokens;

VigilTokens *vigil_tokenize (const char *text);
/* The same, reusing the arrays of tokens from an earlier call (which are
 * overwritten) when reuse is not NULL: no allocation for most texts. */
VigilTokens *vigil_tokenize_into (VigilTokens *reuse, const char *text);
void vigil_tokens_free (VigilTokens *tokens);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTokens, vigil_tokens_free)

/* Case- and diacritic-folded copy of a word. */
char *vigil_fold (const char *text, gssize length);

static inline VigilToken *
vigil_tokens_get (VigilTokens *t, guint i)
{
  return &g_array_index (t->tokens, VigilToken, i);
}

G_END_DECLS
