/* vigil-alert-query.h: the alert query language, parsed once into an AST.
 *
 * First stage of the language desks know from monitoring services: words,
 * "quoted phrases", trailing wildcards (evacuat*), AND, OR, NOT (and implicit
 * AND), parentheses. Matching is case- and diacritic-insensitive over the same
 * tokens the analysis uses, so a rule and a highlight agree on what a word is.
 */
#pragma once

#include <glib.h>

#include "vigil-tokenizer.h"

G_BEGIN_DECLS

#define VIGIL_QUERY_ERROR (vigil_query_error_quark ())
GQuark vigil_query_error_quark (void);

typedef enum
{
  VIGIL_QUERY_ERROR_SYNTAX,
} VigilQueryError;

typedef struct _VigilQuery VigilQuery;

/* On a syntax error, *out_position (optional) receives the 0-based character
 * offset where the problem is, and the message says what was expected. */
VigilQuery *vigil_query_parse (const char *text, guint *out_position, GError **error);
void vigil_query_free (VigilQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilQuery, vigil_query_free)

/* Whether the query matches; matched terms (the text as it appears, first
 * occurrence of each, in document order of evaluation) are added to out_terms
 * (optional, char*). Terms under NOT never count as matched. */
gboolean vigil_query_match (VigilQuery *query, VigilTokens *tokens, GPtrArray *out_terms);

G_END_DECLS
