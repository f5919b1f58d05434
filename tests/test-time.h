/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-time.h: the time limits of the tests are for a plain build on a quiet
 * machine. Under the sanitizers (tests/sanitize.sh) code runs several times
 * slower, and under valgrind (meson test --setup valgrind) tens of times: the
 * limits stretch by that much, so that they still catch a hang or a quadratic
 * path without failing on the build's own slowness. VIGIL_TEST_TIME_FACTOR
 * (a number) stretches them further, for a loaded machine. */
#pragma once

#include <glib.h>
#include <stdlib.h>

static inline gint64
test_time_factor (void)
{
  const char *env = g_getenv ("VIGIL_TEST_TIME_FACTOR");
  gint64 factor = 1;

#if defined(__SANITIZE_ADDRESS__)
  factor = 10;
#endif
  if (env != NULL && atoi (env) > 0)
    factor *= atoi (env);
  return factor;
}

/* n seconds in microseconds, stretched as above. */
#define TEST_SECONDS(n) ((gint64) ((n) * (double) G_USEC_PER_SEC) * test_time_factor ())
