/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sign-in-dialog.h: asks a sync account's password again.
 *
 * For an account the engine has no password for: the desktop keyring had none
 * (a new machine, a keyring locked or absent) or the server refused the one it
 * had. The password is checked with the server (the engine's ClientLogin, in a
 * worker thread) and a refusal is said in the dialog, which stays open; once
 * it is taken the engine keeps it, the desktop keyring is asked to keep it too,
 * and the dialog closes. Cancel changes nothing: the account stays as it was.
 */
#pragma once

#include "vigil-credentials.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIGN_IN_DIALOG (vigil_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VigilSignInDialog, vigil_sign_in_dialog, VIGIL, SIGN_IN_DIALOG,
                      VigilCredentialsDialog)

/* Emits "accepted" (see vigil-credentials.h) and closes once the server took
 * the password. NULL if there is no such sync account. */
VigilSignInDialog *vigil_sign_in_dialog_new (GtkWindow *parent, VigilSync *sync, gint64 account_id);

G_END_DECLS
