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
