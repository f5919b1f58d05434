/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the highlighter (analysis of sanitised HTML, marks inserted
 * into the tree) over whatever the sanitiser lets through. */
#include "vigil-highlight.h"
#include "vigil-html.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static VigilGazetteer *gazetteer;

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *clean = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;

  if (gazetteer == NULL)
    gazetteer = vigil_gazetteer_new_default (NULL);
  g_assert_nonnull (gazetteer);
  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  clean = vigil_html_sanitize (text, "https://fuzz.example.test/");
  g_free (vigil_highlight_html (gazetteer, clean ? clean : "", &analysis));
  g_assert_nonnull (analysis);
  g_assert_cmpint (analysis->score, >=, 0);
  g_assert_cmpint (analysis->score, <=, 100);
  return 0;
}
