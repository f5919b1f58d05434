/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the alert query language (what a desk types in the rule
 * editor), its FTS prefilter and matching against a fixed text. */
#include "vigil-alert-query.h"
#include "vigil-tokenizer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (GError) error = NULL;
  guint position = 0;
  g_autoptr (VigilQuery) query = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  query = vigil_query_parse (text, &position, &error);
  g_assert ((query == NULL) == (error != NULL));
  if (query != NULL)
    {
      g_autoptr (VigilTokens) tokens = vigil_tokenize (
          "US embassy in Baghdad draws down diplomats after rocket attacks near the airport");
      g_free (vigil_query_fts_prefilter (query));
      vigil_query_match (query, tokens, NULL);
    }
  else
    g_assert_cmpuint (position, <=, size);
  return 0;
}
