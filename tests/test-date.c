/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates as feeds send them. */
#include "vigil-date.h"

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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/rfc822", test_rfc822);
  g_test_add_func ("/date/iso8601", test_iso);
  g_test_add_func ("/date/invalid", test_invalid);
  return g_test_run ();
}
