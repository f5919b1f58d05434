/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-query.h: the alert query language, parsed once into an AST.
 *
 * The language desks know from monitoring services: words, "quoted phrases",
 * trailing wildcards (evacuat*), AND, OR, NOT (and implicit AND), parentheses,
 * proximity (a NEAR/5 b, and ONEAR/5 for "a before b"), field scopes (title:,
 * source:, lang:, country:, entity: with an optional type as in
 * entity:org:"Kataeb Hezbollah", category:) and filters (score>=60,
 * level>=high). Matching is case- and diacritic-insensitive over the analysis's
 * tokens, so a rule and a highlight agree on what a word is. A bare word
 * matches its inflections: for a lemma of the risk lexicon those of its word
 * class (data/analysis/word-forms.tsv, generated with the lexicon's rules: abduct
 * matches "abducted", rocket matches "rockets" but not "rocketed"), for another
 * word its plural; "quoted" words match exactly, rocket* any ending. A field's
 * value must name something that exists (a risk category or an ACLED event
 * type, an ISO 3166 country code or a country's name, an ISO 639-1 language
 * code), or the query is refused with the value's position.
 */
#pragma once

#include <glib.h>

#include "vigil-analyzer.h"
#include "vigil-tokenizer.h"

G_BEGIN_DECLS

#define VIGIL_QUERY_ERROR (vigil_query_error_quark ())
GQuark vigil_query_error_quark (void);

typedef enum
{
  VIGIL_QUERY_ERROR_SYNTAX,
  VIGIL_QUERY_ERROR_VALUE, /* category:, country: or lang: names nothing known */
} VigilQueryError;

typedef struct _VigilQuery VigilQuery;

/* What a query is evaluated against. Only tokens is required; a scope whose
 * part is missing (no analysis, no title…) never matches. */
typedef struct
{
  VigilTokens *tokens;       /* headline and text */
  VigilTokens *title_tokens; /* the headline alone */
  const char *source;        /* the source's title */
  const char *language;
  VigilAnalysis *analysis; /* entities (entity:, country:) and risks (category:) */
  int score;
  const char *level;
  VigilGazetteer
      *gazetteer; /* optional: entity:"Kataib Hezbollah" finds the alias's canonical name */
} VigilQueryContext;

/* Where a term matched: code points into tokens->text, end exclusive. */
typedef struct
{
  guint start, end;
} VigilQuerySpan;

/* On an error, *out_position (optional) receives the 0-based character offset
 * where the problem is (for an unknown value, where the value starts), and the
 * message says what was expected. */
VigilQuery *vigil_query_parse (const char *text, guint *out_position, GError **error);
void vigil_query_free (VigilQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilQuery, vigil_query_free)

/* Whether the query matches. Matched terms (as written in the text, first
 * occurrence of each) are added to out_terms (char*, optional) and their spans to
 * out_spans (VigilQuerySpan, optional). Terms under NOT never count as matched. */
gboolean vigil_query_match_context (VigilQuery *query, const VigilQueryContext *context,
                                    GPtrArray *out_terms, GArray *out_spans);
/* An FTS5 expression that every matching article satisfies (the query's words,
 * quoted), for finding candidates in the store's index before evaluating the
 * query on each; NULL when the query cannot be narrowed that way (for example
 * "score>=60" alone). */
char *vigil_query_fts_prefilter (VigilQuery *query);
/* Whether the prefilter finds exactly what the query matches: words, their
 * forms, phrases and prefixes joined by AND and OR, nothing else. */
gboolean vigil_query_prefilter_is_exact (VigilQuery *query);
/* Whether evaluating needs the article's analysis (entity:, country:, category:). */
gboolean vigil_query_needs_analysis (VigilQuery *query);

/* The same over text tokens alone. */
gboolean vigil_query_match (VigilQuery *query, VigilTokens *tokens, GPtrArray *out_terms);

/* Whether two matched words are one word in two forms, as a bare query word
 * matches them ("Rocket" and "rockets", "abducted" and "abducts", "hit" and
 * "hits"): the same lemma of the risk lexicon, or one the plural of the
 * other. Case and diacritics aside. */
gboolean vigil_query_same_word (const char *a, const char *b);

G_END_DECLS
