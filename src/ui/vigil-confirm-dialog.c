/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-confirm-dialog.c */
#include "config.h"

#include "vigil-confirm-dialog.h"

#include <glib/gi18n.h>

GtkWidget *
vigil_confirm_dialog_new (GtkWindow *parent, const char *heading, const char *body,
                          const char *response, const char *label)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  AdwMessageDialog *message = ADW_MESSAGE_DIALOG (dialog);

  adw_message_dialog_add_responses (message, "cancel", _ ("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (message, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (message, "cancel");
  adw_message_dialog_set_close_response (message, "cancel");
  return dialog;
}
