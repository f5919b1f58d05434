/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-application-accounts.c — sync accounts from the window: Connect to a
 * Feed Server (app.add-account, the account dialog) and Sign In (app.sign-in,
 * an account's password asked again when the engine has none). */
#include "config.h"

#include "vigil-application-private.h"

#include <glib/gi18n.h>

#include "vigil-account-dialog.h"
#include "vigil-sign-in-dialog.h"

/* Over the window the desk asked from (Preferences, or the main window). */
static GtkWindow *
parent_window (VigilApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  return active != NULL ? active : GTK_WINDOW (vigil_application_find_window (self));
}

/* The account's sync now (the desk asked for it), its rows in the window
 * saying "Syncing…", and where its password is kept. */
static void
sync_now (VigilApplication *self, gint64 id, gboolean added, const char *keyring_error)
{
  VigilWindow *window = vigil_application_find_window (self);
  g_autofree char *text = NULL;

  vigil_monitor_sync_account (self->monitor, id);
  if (window != NULL)
    vigil_window_reload (window);
  if (keyring_error != NULL)
    text = g_strdup_printf (
        added
            /* TRANSLATORS: %s says why the desktop keyring did not keep the password */
            ? _ ("Account added; its password is kept until Vigil closes only, as the desktop "
                 "keyring could not keep it: %s")
            /* TRANSLATORS: %s says why the desktop keyring did not keep the password */
            : _ ("Signed in; the password is kept until Vigil closes only, as the desktop "
                 "keyring could not keep it: %s"),
        keyring_error);
  else
    text = g_strdup (added ? _ ("Account added; its password is in the desktop keyring")
                           : _ ("Signed in; the password is in the desktop keyring"));
  vigil_application_toast (self, text);
}

/* An account added or signed in again: synced now. */
static void
on_accepted (VigilCredentialsDialog *dialog, gint64 id, const char *keyring_error,
             VigilApplication *self)
{
  sync_now (self, id, VIGIL_IS_ACCOUNT_DIALOG (dialog), keyring_error);
}

static void
present (VigilApplication *self, gpointer dialog)
{
  g_signal_connect_object (dialog, "accepted", G_CALLBACK (on_accepted), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
vigil_application_add_account_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;

  if (self->sync != NULL)
    present (self, vigil_account_dialog_new (parent_window (self), self->sync));
}

void
vigil_application_sign_in_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  VigilSignInDialog *dialog;

  if (self->sync == NULL)
    return;
  dialog = vigil_sign_in_dialog_new (parent_window (self), self->sync, g_variant_get_int64 (param));
  if (dialog != NULL) /* NULL: the account is gone */
    present (self, dialog);
}
