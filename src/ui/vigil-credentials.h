/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-credentials.h — what the account and sign-in dialogs share: the
 * password on its way to the server and the keyring, and the dialog itself.
 *
 * VigilCredentialsDialog is the form both are: required rows and an API
 * password, a button that sends them (its template id "confirm_button",
 * handler "on_confirm"), a spinner while the server is asked in a worker
 * thread, an error label that says a refusal while the dialog stays open, and
 * a note on where the password is kept. Once the server took the password it
 * emits "accepted" (account id, and NULL or why the desktop keyring did not
 * keep the password) and closes. Closed while the server is asked (Cancel,
 * Escape), the check is cancelled; one that succeeded all the same is taken
 * back (the subclass's forget, then the keyring's copy): nothing is left that
 * the window was not told of. A subclass says what the form holds, what the
 * worker does with it, how that is taken back and what a refusal means. */
#pragma once

#include <adwaita.h>

#include "vigil-sync.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id; /* the account: given to sign in, the new one's once added */
  char *name;
  char *server;
  char *user;
  char *password;
  char *keyring_error; /* out: why the desktop keyring did not keep the password */
  char *kept_under;    /* out: the address the keyring keeps it under, once kept */
  gboolean checked;    /* out: the check succeeded (what it stored stands, or is taken back) */
  /* The dialog checking them: its task's callback holds it, so that it is let
   * go on the main thread, never by the worker's last reference. */
  gpointer dialog;
} VigilCredentials;

VigilCredentials *vigil_credentials_new (gint64 id, const char *name, const char *server,
                                         const char *user, const char *password);
void vigil_credentials_free (VigilCredentials *credentials);
/* Waits for what dialogs closed during their check are taking back (the
 * account and the password it stored) to be done, running the main context:
 * at the program's end, on the main thread. */
void vigil_credentials_wait_forgotten (void);
void vigil_credentials_keep (VigilCredentials *credentials, const char *server,
                             GCancellable *cancellable);

#define VIGIL_TYPE_CREDENTIALS_DIALOG (vigil_credentials_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (VigilCredentialsDialog, vigil_credentials_dialog, VIGIL,
                          CREDENTIALS_DIALOG, AdwWindow)

struct _VigilCredentialsDialogClass
{
  AdwWindowClass parent_class;

  /* The credentials the form holds, when it is sent. */
  VigilCredentials *(*read_form) (VigilCredentialsDialog *self);
  /* In a worker thread: the server's check and whatever is stored; the
   * password is kept in the keyring by the dialog after a success. Returns
   * the address the keyring keeps it under, or NULL with error set. */
  char *(*check) (VigilCredentialsDialog *self, VigilCredentials *credentials,
                  GCancellable *cancellable, GError **error);
  /* In a worker thread: what a successful check stored, taken back (the
   * dialog was closed before it could say so). */
  void (*forget) (VigilCredentialsDialog *self, VigilCredentials *credentials);
  /* The refusal said in the dialog; *focus is the row to correct. */
  char *(*describe_failure) (VigilCredentialsDialog *self, const GError *error, GtkWidget **focus);
};

/* In a subclass's class_init: its template (see above) and the bindings the
 * form shares. */
void vigil_credentials_dialog_class_set_template (GtkWidgetClass *widget_class,
                                                  const char *resource);
/* In a subclass's init, after gtk_widget_init_template: the rows that must not
 * be empty besides the password (NULL-ended), the spinner's accessible label
 * and the note said when the desktop keyring will keep the password. */
void vigil_credentials_dialog_setup (VigilCredentialsDialog *self, GtkWidget *const *required,
                                     const char *checking_label, const char *keyring_note);

VigilSync *vigil_credentials_dialog_get_sync (VigilCredentialsDialog *self);
void vigil_credentials_dialog_set_sync (VigilCredentialsDialog *self, VigilSync *sync);
GtkWidget *vigil_credentials_dialog_get_password_row (VigilCredentialsDialog *self);

G_END_DECLS
