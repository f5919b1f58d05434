/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the date parser (RFC 822 and its variants, ISO 8601). */
#include "vigil-date.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  GDateTime *dt = vigil_date_parse (text);

  if (dt != NULL)
    {
      g_autofree char *iso = vigil_date_format_iso (dt);
      g_assert_nonnull (iso);
      g_date_time_unref (dt);
    }
  return 0;
}
