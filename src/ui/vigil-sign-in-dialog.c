/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sign-in-dialog.c */
#include "config.h"

#include "vigil-sign-in-dialog.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"

struct _VigilSignInDialog
{
  VigilCredentialsDialog parent_instance;

  VigilAccount *account;

  GtkLabel *account_label;
  GtkLabel *why_label;
};

G_DEFINE_FINAL_TYPE (VigilSignInDialog, vigil_sign_in_dialog, VIGIL_TYPE_CREDENTIALS_DIALOG)

static VigilCredentials *
read_form (VigilCredentialsDialog *dialog)
{
  VigilSignInDialog *self = VIGIL_SIGN_IN_DIALOG (dialog);
  GtkWidget *password_row = vigil_credentials_dialog_get_password_row (dialog);

  return vigil_credentials_new (self->account->id, self->account->name, self->account->server_url,
                                self->account->user,
                                gtk_editable_get_text (GTK_EDITABLE (password_row)));
}

/* In the worker: the server's answer; the engine keeps the password it took. */
static char *
check (VigilCredentialsDialog *dialog, VigilCredentials *c, GCancellable *cancellable,
       GError **error)
{
  if (!vigil_sync_sign_in (vigil_credentials_dialog_get_sync (dialog), c->id, c->password,
                           cancellable, error))
    return NULL;
  return g_strdup (c->server);
}

/* In a worker: the password the engine took, forgotten again (the dialog was
 * closed before it could say the account was signed in). */
static void
forget (VigilCredentialsDialog *dialog, VigilCredentials *c)
{
  /* (Not a password a later sign-in gave.) */
  vigil_sync_forget_password_if (vigil_credentials_dialog_get_sync (dialog), c->id, c->password);
}

static char *
describe_failure (VigilCredentialsDialog *dialog, const GError *error, GtkWidget **focus)
{
  /* TRANSLATORS: %s says why the server refused or could not be reached */
  return g_strdup_printf (_ ("Could not sign in: %s"), error->message);
}

static void
vigil_sign_in_dialog_finalize (GObject *object)
{
  VigilSignInDialog *self = VIGIL_SIGN_IN_DIALOG (object);

  g_clear_pointer (&self->account, vigil_account_free);
  G_OBJECT_CLASS (vigil_sign_in_dialog_parent_class)->finalize (object);
}

static void
vigil_sign_in_dialog_class_init (VigilSignInDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  VigilCredentialsDialogClass *dialog_class = VIGIL_CREDENTIALS_DIALOG_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vigil_sign_in_dialog_finalize;
  dialog_class->read_form = read_form;
  dialog_class->check = check;
  dialog_class->forget = forget;
  dialog_class->describe_failure = describe_failure;
  vigil_credentials_dialog_class_set_template (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, account_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, why_label);
}

static void
vigil_sign_in_dialog_init (VigilSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_credentials_dialog_setup (VIGIL_CREDENTIALS_DIALOG (self), NULL,
                                  _ ("Checking the password"),
                                  _ ("The password is checked with the server, then kept in the "
                                     "desktop keyring, nowhere else."));
}

VigilSignInDialog *
vigil_sign_in_dialog_new (GtkWindow *parent, VigilSync *sync, gint64 account_id)
{
  g_autoptr (VigilAccount) account = NULL;
  g_autofree char *who = NULL;
  VigilSignInDialog *self;

  g_return_val_if_fail (VIGIL_IS_SYNC (sync), NULL);
  account = vigil_store_get_account (vigil_sync_get_store (sync), account_id, NULL);
  if (account == NULL || g_strcmp0 (account->kind, "greader") != 0)
    return NULL;
  self = g_object_new (VIGIL_TYPE_SIGN_IN_DIALOG, "transient-for", parent, NULL);
  vigil_credentials_dialog_set_sync (VIGIL_CREDENTIALS_DIALOG (self), sync);
  /* TRANSLATORS: a sync account's name, its user, its server's address */
  who = g_strdup_printf (_ ("“%s”: %s at %s"), account->name, account->user, account->server_url);
  gtk_label_set_text (self->account_label, who);
  gtk_label_set_text (self->why_label,
                      _ ("Vigil has no password for this account: the desktop keyring has none "
                         "(a new computer, a keyring locked or missing), or the server refused the "
                         "one it had. Type the account's API password to sync it."));
  self->account = g_steal_pointer (&account);
  vigil_a11y_label_tree (GTK_WIDGET (self));
  gtk_widget_grab_focus (
      vigil_credentials_dialog_get_password_row (VIGIL_CREDENTIALS_DIALOG (self)));
  return self;
}
