/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-confirm-dialog.h — the question asked before something is deleted. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A message dialog over parent with heading and body, answered "cancel"
 * (_Cancel, the default, also what closing it answers) or response (label,
 * shown as destructive). Connect "response", then present it. */
GtkWidget *vigil_confirm_dialog_new (GtkWindow *parent, const char *heading, const char *body,
                                     const char *response, const char *label);

G_END_DECLS
