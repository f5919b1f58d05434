/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-account-dialog.c */
#include "config.h"

#include "vigil-account-dialog.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"

struct _VigilAccountDialog
{
  VigilCredentialsDialog parent_instance;

  AdwEntryRow *name_row;
  AdwEntryRow *server_row;
  AdwEntryRow *user_row;
};

G_DEFINE_FINAL_TYPE (VigilAccountDialog, vigil_account_dialog, VIGIL_TYPE_CREDENTIALS_DIALOG)

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static VigilCredentials *
read_form (VigilCredentialsDialog *dialog)
{
  VigilAccountDialog *self = VIGIL_ACCOUNT_DIALOG (dialog);
  g_autofree char *name = stripped_text (self->name_row);
  g_autofree char *server = stripped_text (self->server_row);
  g_autofree char *user = stripped_text (self->user_row);
  GtkWidget *password_row = vigil_credentials_dialog_get_password_row (dialog);

  return vigil_credentials_new (0, name, server, user,
                                gtk_editable_get_text (GTK_EDITABLE (password_row)));
}

/* In the worker: the connection check, then the account is stored. */
static char *
check (VigilCredentialsDialog *dialog, VigilCredentials *c, GCancellable *cancellable,
       GError **error)
{
  VigilSync *sync = vigil_credentials_dialog_get_sync (dialog);
  g_autoptr (VigilAccount) account = NULL;

  c->id
      = vigil_sync_add_account (sync, c->name, c->server, c->user, c->password, cancellable, error);
  if (c->id <= 0)
    return NULL;
  /* Under the address the server answered at, as the sync looks it up. */
  account = vigil_store_get_account (vigil_sync_get_store (sync), c->id, NULL);
  return g_strdup (account ? account->server_url : c->server);
}

/* In a worker: the account the check stored, removed again with its
 * password (the dialog was closed before it could say it was added). */
static void
forget (VigilCredentialsDialog *dialog, VigilCredentials *c)
{
  VigilSync *sync = vigil_credentials_dialog_get_sync (dialog);
  g_autoptr (GError) error = NULL;

  if (c->id <= 0)
    return;
  vigil_sync_forget_password_if (sync, c->id, c->password);
  if (!vigil_store_remove_account (vigil_sync_get_store (sync), c->id, &error))
    g_warning ("Could not remove the account “%s”: %s", c->name, error->message);
}

static char *
describe_failure (VigilCredentialsDialog *dialog, const GError *error, GtkWidget **focus)
{
  VigilAccountDialog *self = VIGIL_ACCOUNT_DIALOG (dialog);

  /* The engine says what is wrong: address, TLS, credentials, API off. */
  if (!(error->domain == VIGIL_SYNC_ERROR && error->code == VIGIL_SYNC_ERROR_AUTH))
    *focus = GTK_WIDGET (self->server_row);
  /* TRANSLATORS: %s says why the server refused or could not be reached */
  return g_strdup_printf (_ ("Could not connect: %s"), error->message);
}

static void
vigil_account_dialog_class_init (VigilAccountDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VigilCredentialsDialogClass *dialog_class = VIGIL_CREDENTIALS_DIALOG_CLASS (klass);

  dialog_class->read_form = read_form;
  dialog_class->check = check;
  dialog_class->forget = forget;
  dialog_class->describe_failure = describe_failure;
  vigil_credentials_dialog_class_set_template (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, user_row);
}

static void
vigil_account_dialog_init (VigilAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    GtkWidget *required[] = { GTK_WIDGET (self->name_row), GTK_WIDGET (self->server_row),
                              GTK_WIDGET (self->user_row), NULL };

    vigil_credentials_dialog_setup (
        VIGIL_CREDENTIALS_DIALOG (self), required, _ ("Checking the connection"),
        _ ("The address and user are checked with the server before the account is saved. "
           "The password is kept in the desktop keyring, nowhere else."));
  }
  vigil_a11y_label_tree (GTK_WIDGET (self));
}

VigilAccountDialog *
vigil_account_dialog_new (GtkWindow *parent, VigilSync *sync)
{
  VigilAccountDialog *self
      = g_object_new (VIGIL_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);

  vigil_credentials_dialog_set_sync (VIGIL_CREDENTIALS_DIALOG (self), sync);
  return self;
}
