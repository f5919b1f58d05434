/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-background.h: running with no window, and starting at login */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_BACKGROUND_HOST,   /* an entry in the desktop's autostart folder */
  VIGIL_BACKGROUND_PORTAL, /* the background portal (Flatpak and other sandboxes) */
} VigilBackgroundMethod;

VigilBackgroundMethod vigil_background_default_method (void);

char *vigil_background_autostart_path (void);

void vigil_background_request_async (VigilBackgroundMethod method, GtkWindow *parent,
                                     gboolean autostart, const char *const *argv,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean vigil_background_request_finish (GAsyncResult *result, GError **error);

G_END_DECLS
