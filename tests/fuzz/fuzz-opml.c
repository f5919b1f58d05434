/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the OPML reader (subscription lists a desk imports). */
#include "vigil-opml.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sources = vigil_opml_parse ((const char *) data, size, &error);

  g_assert ((sources == NULL) == (error != NULL));
  if (sources != NULL)
    g_free (vigil_opml_write (sources, "fuzz"));
  return 0;
}
