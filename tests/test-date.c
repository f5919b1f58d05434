/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates as feeds send them. */
#include "vigil-date.h"

#include <string.h>

static void
check (const char *input, const char *expected)
{
  g_autoptr (GDateTime) dt = vigil_date_parse (input);
  g_autofree char *s = vigil_date_format_iso (dt);

  g_assert_cmpstr (s, ==, expected);
}

static void
test_rfc822 (void)
{
  check ("Thu, 26 Nov 2026 18:30:00 +0000", "2026-11-26T18:30:00Z");
  check ("Thu, 26 Nov 2026 18:30:00 GMT", "2026-11-26T18:30:00Z");
  check ("26 Nov 2026 18:30:00 +0300", "2026-11-26T15:30:00Z"); /* no weekday */
  check ("Thu, 26 Nov 26 18:30 EST",
         "2026-11-26T23:30:00Z"); /* 2-digit year, no seconds, named zone */
  check ("Thu, 26 Nov 2026 18:30:00 Z", "2026-11-26T18:30:00Z"); /* military zone */
  check ("Thu,  26  Nov  2026  18:30:00  -0130", "2026-11-26T20:00:00Z");
  check ("Nov 26 2026 18:30:00 GMT", "2026-11-26T18:30:00Z");
  check ("Thu, 26 Nov 2026", "2026-11-26T00:00:00Z");
}

static void
test_iso (void)
{
  check ("2026-11-27T08:00:00Z", "2026-11-27T08:00:00Z");
  check ("2026-11-20T09:30:00+03:00", "2026-11-20T06:30:00Z");
  check ("2026-11-20T09:30:00.123-05:00", "2026-11-20T14:30:00Z");
  check ("2026-11-20", "2026-11-20T00:00:00Z");
  check ("2026-11", "2026-11-01T00:00:00Z");
  check ("20230918T031500Z", "2023-09-18T03:15:00Z"); /* GDELT */
}

static void
test_invalid (void)
{
  check ("sometime last week", NULL);
  check ("", NULL);
  check ("2026-13-45T00:00:00Z", NULL);
  check ("Thu, 32 Foo 2026 18:30:00 +0000", NULL);
  check ("Thu, 26 Nov 2026 18:30:00 +12345", NULL);
  /* Found by fuzz-date: a zone of many digits overflowed an int. */
  check ("2 Nov 2026 18:30:00 +8:30:3070300:", NULL);
  check ("Thu, 26 Nov 2026 18:30:00 +99999999999999999999", NULL);
  g_assert_null (vigil_date_parse (NULL));
}

/* The general readers alone, as vigil_date_parse ran them before it read the
 * common shapes itself. */
static char *
general (const char *text)
{
  g_autoptr (GDateTime) dt = vigil_date_parse_iso8601 (text);

  if (dt == NULL)
    dt = vigil_date_parse_rfc822 (text);
  return vigil_date_format_iso (dt);
}

/* The common shapes (and near misses, and every prefix of each) read as the
 * general readers read them: values in and out of range, zones of every
 * kind, case, blanks and what may follow. */
static void
test_common_shapes (void)
{
  static const char *const iso[] = {
    "2026-11-01T00:00:00Z",     "2026-02-30T12:00:00Z",   "1969-12-31T23:59:59Z",
    "2026-11-01t24:00:00z",     "2026-11-01 09:30:60Z",   "2026-11-01T09:30:00+01:00",
    "2026-11-01T09:30:00-0530", "2026-11-01T09:30:00+1",  "2026-11-01T09:30:00Z ",
    "2026-11-01T09:30:00ZZ",    "2026-11-01T09:30:00.5Z", "2026-11-01T09:30:00 +01:00",
    "2026-11-01T9:30:00Z",      "2026-1-01T09:30:00Z",    "2026-11-01T09:30:00+01:00,",
    "+026-11-01T09:30:00Z",     "2026-11-01T09:30:00",    "2026-11-01T09:61:00Z",
  };
  static const char *const rfc[] = {
    "Sun, 01 Nov 2026 00:00:00 +0000",       "sun, 1 nov 2026 23:59:59 GMT",
    "Mon, 31 Feb 2026 10:00:00 +0000",       "Tue, 00 Nov 2026 10:00:00 +0000",
    "Wed, 01 Nov 2026 10:00:00 EST",         "Thu, 01 Nov 2026 10:00:00 Q",
    "Fri, 01 Nov 2026 10:00:00 +05:30",      "Sat, 01 Nov 2026 10:00:00",
    "Sat, 01 Nov 2026 10:00:00 +0000 (UTC)", "Sat, 01 Nov 2026 10:00:00 +0000,",
    "Sat, 01 Nov 2026 10:00:00  +0000",      "Sat, 01 November 2026 10:00:00 +0000",
    "Xyz, 01 Nov 2026 10:00:00 +0000",       "Nov, 01 Nov 2026 10:00:00 +0000",
    "Sat, 01 Nov 0999 10:00:00 +0000",       "Sat, 01 Nov 2026 10:00:00 nonsense",
    "Sat, 01 Nov 2026 25:00:00 +0000",       "Sat,01 Nov 2026 10:00:00 +0000",
    "Sat, 123 Nov 2026 10:00:00 +0000",      "Sat, 01 Nov 2026 10:00:00 +",
  };
  const char *const *lists[] = { iso, rfc };
  const gsize lengths[] = { G_N_ELEMENTS (iso), G_N_ELEMENTS (rfc) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (gsize i = 0; i < lengths[l]; i++)
      for (gsize n = strlen (lists[l][i]); n > 0; n--)
        {
          g_autofree char *text = g_strndup (lists[l][i], n);
          g_autoptr (GDateTime) dt = vigil_date_parse (text);
          g_autofree char *got = vigil_date_format_iso (dt);
          g_autofree char *want = general (text);
          if (g_strcmp0 (got, want) != 0)
            g_error ("“%s”: %s, the general readers %s", text, got, want);
        }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/rfc822", test_rfc822);
  g_test_add_func ("/date/iso8601", test_iso);
  g_test_add_func ("/date/invalid", test_invalid);
  g_test_add_func ("/date/common-shapes", test_common_shapes);
  return g_test_run ();
}
