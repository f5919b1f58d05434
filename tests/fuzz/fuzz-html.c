/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the HTML sanitiser (both paths) and text extraction. Whatever
 * comes in, nothing executable may come out. */
#include <string.h>

#include "html-inert.h"
#include "vigil-html.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *clean = NULL;
  g_autofree char *fast = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return 0; /* the parsers hand the sanitiser UTF-8 only */
  clean = vigil_html_sanitize (text, "https://fuzz.example.test/");
  fast = vigil_html_sanitize_fast (text, "https://fuzz.example.test/");
  if (clean != NULL)
    {
      assert_inert (clean);
      g_free (vigil_html_sanitized_to_text (clean));
    }
  /* The fast path either declines or agrees with the parser path. */
  if (fast != NULL)
    g_assert_cmpstr (fast, ==, clean);
  g_free (vigil_html_to_text (text));
  return 0;
}
