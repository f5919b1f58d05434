/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-account-dialog.h: adds a sync account (Google Reader API server).
 *
 * Asks a name, the server's address, the user and the API password; checks
 * them with the server (the engine's ClientLogin, in a worker thread) and says
 * what is wrong (address, TLS, credentials, API disabled) before anything is
 * saved. Then the account is stored and its password kept in the desktop
 * keyring (vigil-keyring), never anywhere else: without a keyring it is kept
 * in memory only, until Vigil closes, and the dialog says so.
 */
#pragma once

#include "vigil-credentials.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ACCOUNT_DIALOG (vigil_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VigilAccountDialog, vigil_account_dialog, VIGIL, ACCOUNT_DIALOG,
                      VigilCredentialsDialog)

/* Emits "accepted" (see vigil-credentials.h) and closes when the account is
 * stored. */
VigilAccountDialog *vigil_account_dialog_new (GtkWindow *parent, VigilSync *sync);

G_END_DECLS
