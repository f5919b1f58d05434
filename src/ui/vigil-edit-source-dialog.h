/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-edit-source-dialog.h: change a source's title, folder, refresh
 * interval and whether its articles load remote images. */
#pragma once

#include <adwaita.h>

#include "vigil-fetcher.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_EDIT_SOURCE_DIALOG (vigil_edit_source_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VigilEditSourceDialog, vigil_edit_source_dialog, VIGIL, EDIT_SOURCE_DIALOG,
                      AdwWindow)

/* default_interval: the application's refresh interval in minutes (shown for
 * "Default"). Emits "saved" (the source id) once the change is stored; a
 * failure is said in a toast-free way: the dialog stays open with the reason
 * as its subtitle. */
VigilEditSourceDialog *vigil_edit_source_dialog_new (GtkWindow *parent, VigilStore *store,
                                                     VigilSource *source, guint default_interval);
/* Fetches the image the source's feed shows for itself (as its last read
 * stored it) and shows it at the top of the dialog, with its title as its
 * accessible name; nothing is shown when there is none or it is not an
 * image. */
void vigil_edit_source_dialog_show_image (VigilEditSourceDialog *self, VigilFetcher *fetcher);

/* The refresh intervals a source can be given (minutes; 0: the default),
 * and how they read ("Every 3 hours"). Also used by Add Source. */
const guint *vigil_interval_choices (guint *n);
char *vigil_interval_label (guint minutes, guint default_interval);

G_END_DECLS
