/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-schedule.c — when a source is read next: its interval after a success, back-off after
 * failures */
#include "vigil-fetcher.h"
#include "vigil-schedule.h"

#define SAMPLES 500

/* Back-off: 1 min doubling to 6 h, each within ±20 % (and not all alike). */
static void
test_backoff (void)
{
  for (guint failures = 1; failures <= 40; failures++)
    {
      double base = MIN (60.0 * (1u << MIN (failures - 1, 20u)), 6 * 3600.0);
      double lowest = G_MAXDOUBLE, highest = 0;

      for (guint i = 0; i < SAMPLES; i++)
        {
          double delay = vigil_schedule_backoff (failures);
          lowest = MIN (lowest, delay);
          highest = MAX (highest, delay);
        }
      g_assert_cmpfloat (lowest, >=, base * 0.8);
      g_assert_cmpfloat (highest, <=, base * 1.2);
      /* Jitter: sources that failed together do not come back together. */
      g_assert_cmpfloat (highest - lowest, >, base * 0.2);
    }
  /* The steps themselves: 1, 2, 4 min… and the 6 h ceiling from the 10th on. */
  g_assert_cmpfloat (vigil_schedule_backoff (1), <=, 72);
  g_assert_cmpfloat (vigil_schedule_backoff (3), >=, 192);
  g_assert_cmpfloat (vigil_schedule_backoff (9), <=, 60 * 256 * 1.2);
  g_assert_cmpfloat (vigil_schedule_backoff (10), >=, 6 * 3600 * 0.8);
  g_assert_cmpfloat (vigil_schedule_backoff (G_MAXUINT), <=, 6 * 3600 * 1.2);
}

/* Seconds from now to the source's next attempt. */
static gint64
next_in (VigilSource *source, const GError *error, guint default_interval)
{
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  vigil_schedule_next (source, error, default_interval);
  return source->next_attempt - before;
}

/* After a success: the source's interval (else the default, at least a
 * minute) within ±10 %, and its failures forgotten. */
static void
test_after_success (void)
{
  g_autoptr (VigilSource) source = vigil_source_new ();
  const struct
  {
    guint own, fallback, minutes;
  } cases[] = { { 30, 15, 30 }, { 0, 15, 15 }, { 0, 0, 1 }, { 240, 0, 240 } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gint64 lowest = G_MAXINT64, highest = 0;

      source->interval_minutes = cases[c].own;
      for (guint i = 0; i < SAMPLES; i++)
        {
          gint64 delay;
          source->failures = 5;
          delay = next_in (source, NULL, cases[c].fallback);
          g_assert_cmpuint (source->failures, ==, 0);
          lowest = MIN (lowest, delay);
          highest = MAX (highest, delay);
        }
      /* (a second may pass between the two clocks read) */
      g_assert_cmpint (lowest, >=, (gint64) (cases[c].minutes * 60 * 0.9) - 1);
      g_assert_cmpint (highest, <=, (gint64) (cases[c].minutes * 60 * 1.1) + 1);
      if (cases[c].minutes >= 15)
        g_assert_cmpint (highest - lowest, >, cases[c].minutes * 60 * 0.1);
    }
}

/* After a failure: one more failure, and the back-off's delay for that many
 * (a minute at least); after "retry later" with no time given, a minute. */
static void
test_after_failure (void)
{
  g_autoptr (VigilSource) source = vigil_source_new ();
  g_autoptr (GError) failed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "down");
  g_autoptr (GError) later
      = g_error_new_literal (VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER, "busy");
  gint64 delay;

  source->interval_minutes = 30;
  delay = next_in (source, failed, 15);
  g_assert_cmpuint (source->failures, ==, 1);
  g_assert_cmpint (delay, >=, 60 - 1);
  g_assert_cmpint (delay, <=, 72 + 1);
  for (guint i = 2; i <= 12; i++)
    {
      delay = next_in (source, failed, 15);
      g_assert_cmpuint (source->failures, ==, i);
      g_assert_cmpint (delay, >=, (gint64) (MIN (60.0 * (1u << (i - 1)), 6 * 3600.0) * 0.8) - 1);
      g_assert_cmpint (delay, <=, (gint64) (MIN (60.0 * (1u << (i - 1)), 6 * 3600.0) * 1.2) + 1);
    }
  delay = next_in (source, later, 15);
  g_assert_cmpuint (source->failures, ==, 13);
  g_assert_cmpint (delay, >=, 60 - 1);
  g_assert_cmpint (delay, <=, 60 + 1);
  /* A success forgets them all. */
  next_in (source, NULL, 15);
  g_assert_cmpuint (source->failures, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schedule/backoff", test_backoff);
  g_test_add_func ("/schedule/after-success", test_after_success);
  g_test_add_func ("/schedule/after-failure", test_after_failure);
  return g_test_run ();
}
