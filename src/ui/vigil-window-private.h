/* vigil-window-private.h: what the tests may read of a window. */
#pragma once

#include "vigil-window.h"

G_BEGIN_DECLS

/* How many toasts said a sync account's failure (once per failing spell of
 * an account, not at every retry). */
guint vigil_window_get_sync_failures_said (VigilWindow *self);
/* How many "N sources could not be refreshed" toasts were shown (one when
 * sources newly fail, none while the same ones keep failing). */
guint vigil_window_get_refresh_failures_said (VigilWindow *self);

G_END_DECLS
