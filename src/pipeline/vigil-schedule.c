/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-schedule.c — when to read a source, or sync an account, next */
#include "config.h"

#include "vigil-schedule.h"

#include "vigil-fetcher.h"

double
vigil_schedule_backoff (guint failures)
{
  return MIN (60.0 * (1 << MIN (failures - 1, 12)), 6 * 3600.0) * g_random_double_range (0.8, 1.2);
}

/* A source's interval after a success (with jitter, so sources added
 * together drift apart), what the server asked after a 429/503, and
 * exponential back-off with jitter after other failures. */
void
vigil_schedule_next (VigilSource *source, const GError *error, guint default_interval)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint interval = MAX (1, source->interval_minutes ? source->interval_minutes : default_interval);
  double delay;

  if (error == NULL)
    {
      source->failures = 0;
      delay = interval * 60.0 * g_random_double_range (0.9, 1.1);
    }
  else if (g_error_matches (error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER))
    {
      source->failures++;
      delay = MAX (60, vigil_fetch_error_get_retry_after (error));
    }
  else
    {
      source->failures++;
      delay = vigil_schedule_backoff (source->failures);
      delay = MAX (60.0, delay); /* (MAX evaluates its arguments twice) */
    }
  source->next_attempt = now + (gint64) delay;
}
