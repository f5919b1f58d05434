/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-credentials.c */
#include "config.h"

#include "vigil-credentials.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-keyring.h"

VigilCredentials *
vigil_credentials_new (gint64 id, const char *name, const char *server, const char *user,
                       const char *password)
{
  VigilCredentials *c = g_new0 (VigilCredentials, 1);

  c->id = id;
  c->name = g_strdup (name);
  c->server = g_strdup (server);
  c->user = g_strdup (user);
  c->password = g_strdup (password);
  return c;
}

void
vigil_credentials_free (VigilCredentials *c)
{
  g_free (c->name);
  g_free (c->server);
  g_free (c->user);
  /* The password does not stay behind in freed memory. */
  if (c->password != NULL)
    memset (c->password, 0, strlen (c->password));
  g_free (c->password);
  g_free (c->keyring_error);
  g_free (c);
}

/* Once the server took the password (in the dialog's worker thread: the
 * keyring may ask the desk to unlock it), the keyring keeps it under server,
 * the address the sync looks it up by; c->keyring_error says why not. */
void
vigil_credentials_keep (VigilCredentials *c, const char *server, GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;

  if (!vigil_keyring_store (c->name, server, c->user, c->password, cancellable, &error))
    c->keyring_error = g_strdup (error->message);
}

/* While the server is asked: the spinner turns and the rows (NULL-ended) go
 * insensitive, their focus let go first (GTK warns of a text that never had
 * its focus-out otherwise). */
void
vigil_credentials_set_checking (GtkWindow *dialog, GtkSpinner *spinner, GtkWidget *const *rows,
                                gboolean checking)
{
  if (checking)
    gtk_window_set_focus (dialog, NULL);
  gtk_spinner_set_spinning (spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (spinner), checking);
  for (; *rows != NULL; rows++)
    gtk_widget_set_sensitive (*rows, !checking);
}

void
vigil_credentials_show_error (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

/* Where the password will be kept: with_keyring, or memory only in a build
 * without libsecret. */
void
vigil_credentials_set_note (GtkLabel *label, const char *with_keyring)
{
  gtk_label_set_text (
      label, vigil_keyring_supported ()
                 ? with_keyring
                 : _ ("This Vigil was built without the desktop keyring (libsecret): the password "
                      "is kept in memory only, until Vigil closes, and asked again at the next "
                      "start."));
}

/* Done: the entry with the focus is let go before the window goes. */
void
vigil_credentials_close (GtkWindow *dialog)
{
  gtk_window_set_focus (dialog, NULL);
  gtk_window_close (dialog);
}
