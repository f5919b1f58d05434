/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-gazetteer-private.h — the gazetteer's preload threads, for tests */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* vigil_gazetteer_preload()'s threads that have not ended. */
guint vigil_gazetteer_count_preloading (void);
/* Test hook: while hold is set, a preload thread waits before it reads the
 * lists, until the program exits (or the hold is lifted). */
void vigil_gazetteer_hold_preload (gboolean hold);

G_END_DECLS
