/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-schedule.h — when to read a source, or sync an account, next */
#pragma once

#include "vigil-store.h"

G_BEGIN_DECLS

/* Seconds to wait after the failures-th failure in a row: 1 min doubling to
 * 6 h, with jitter. */
double vigil_schedule_backoff (guint failures);
/* Sets source->next_attempt (and failures) after a read that ended with
 * error (NULL: a success); default_interval: minutes, for sources without
 * their own. */
void vigil_schedule_next (VigilSource *source, const GError *error, guint default_interval);

G_END_DECLS
