/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-query-common.h: what the query tests share (test-alerts, test-query). */
#pragma once

#include "vigil-alert-query.h"
#include "vigil-test-utils.h"

/* query does not parse: the error has code, says fragment, and the parser
 * stopped at position. */
static inline void
assert_query_error (const char *query, VigilQueryError code, guint position, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  guint pos = 999;

  g_assert_null (vigil_query_parse (query, &pos, &error));
  vigil_test_assert_error_says (error, VIGIL_QUERY_ERROR, code, fragment, query);
  g_assert_cmpuint (pos, ==, position);
}

/* A query that does not parse: where the parser stopped and what the error
 * says; with no fragment, a query that parses. */
typedef struct
{
  const char *query;
  guint position;
  const char *fragment;
} QueryErrorCase;

/* Each case in turn: assert_query_error() with @code, or a query that parses. */
static inline void
assert_query_error_cases (const QueryErrorCase *cases, gsize n, VigilQueryError code)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (VigilQuery) q = NULL;

      g_test_message ("%s", cases[i].query);
      if (cases[i].fragment != NULL)
        {
          assert_query_error (cases[i].query, code, cases[i].position, cases[i].fragment);
          continue;
        }
      q = vigil_query_parse (cases[i].query, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (q);
    }
}

/* @ctx's fields from the analysis of its text, with the gazetteer. */
static inline void
query_context_set_analysis (VigilQueryContext *ctx, VigilAnalysis *analysis,
                            VigilGazetteer *gazetteer)
{
  ctx->language = analysis->language;
  ctx->analysis = analysis;
  ctx->score = analysis->score;
  ctx->level = analysis->level;
  ctx->gazetteer = gazetteer;
}
