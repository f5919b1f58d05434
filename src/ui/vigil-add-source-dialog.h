/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-add-source-dialog.h: subscribe to a source by its address.
 *
 * A feed address or a site's (whose <link rel="alternate"> names the feed) is
 * fetched and parsed before anything is stored; what goes wrong is said in the
 * dialog, which stays open to correct the address. With a sync account the
 * desk also chooses who reads it: this computer, or the account's server,
 * which is asked to subscribe (quickadd; a refusal, even in a 200 answer, is
 * said with the server's reason) and the account synced.
 */
#pragma once

#include <adwaita.h>

#include "vigil-monitor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ADD_SOURCE_DIALOG (vigil_add_source_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VigilAddSourceDialog, vigil_add_source_dialog, VIGIL, ADD_SOURCE_DIALOG,
                      AdwWindow)

/* Emits "added" (VigilSource) once the source is stored; its articles follow
 * with the first refresh (or the account's sync). */
/* default_interval: the application's refresh interval (minutes), named in
 * the Refresh choices. */
VigilAddSourceDialog *vigil_add_source_dialog_new (GtkWindow *parent, VigilMonitor *monitor,
                                                   guint default_interval);
/* The refresh interval chosen (minutes; 0: the default). */
guint vigil_add_source_dialog_get_interval (VigilAddSourceDialog *self);

G_END_DECLS
