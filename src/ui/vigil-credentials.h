/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-credentials.h — what the account and sign-in dialogs share: the
 * password on its way to the server and the keyring, and the form's states. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 id; /* the account: given to sign in, the new one's once added */
  char *name;
  char *server;
  char *user;
  char *password;
  char *keyring_error; /* out: why the desktop keyring did not keep the password */
} VigilCredentials;

VigilCredentials *vigil_credentials_new (gint64 id, const char *name, const char *server,
                                         const char *user, const char *password);
void vigil_credentials_free (VigilCredentials *credentials);
void vigil_credentials_keep (VigilCredentials *credentials, const char *server,
                             GCancellable *cancellable);

void vigil_credentials_set_checking (GtkWindow *dialog, GtkSpinner *spinner, GtkWidget *const *rows,
                                     gboolean checking);
void vigil_credentials_show_error (GtkLabel *label, const char *text);
void vigil_credentials_set_note (GtkLabel *label, const char *with_keyring);
void vigil_credentials_close (GtkWindow *dialog);

G_END_DECLS
