/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sign-in-dialog.c */
#include "config.h"

#include "vigil-sign-in-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-a11y.h"
#include "vigil-credentials.h"

struct _VigilSignInDialog
{
  AdwWindow parent_instance;

  VigilSync *sync;
  VigilAccount *account;
  GCancellable *cancellable;
  gboolean checking;

  GtkWidget *sign_in_button;
  GtkWidget *cancel_button;
  GtkSpinner *spinner;
  GtkLabel *account_label;
  GtkLabel *why_label;
  AdwPasswordEntryRow *password_row;
  GtkLabel *error_label;
  GtkLabel *note_label;
};

G_DEFINE_FINAL_TYPE (VigilSignInDialog, vigil_sign_in_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
on_changed (VigilSignInDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  gtk_widget_set_sensitive (self->sign_in_button, *password != '\0' && !self->checking);
}

static void
on_cancel (VigilSignInDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* The server's answer and the keyring, off the main thread: either may take
 * its time (the keyring may ask the desk to unlock it). */
static void
sign_in_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilSignInDialog *self = source;
  VigilCredentials *c = data;
  GError *error = NULL;

  if (!vigil_sync_sign_in (self->sync, c->id, c->password, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  vigil_credentials_keep (c, c->server, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
set_checking (VigilSignInDialog *self, gboolean checking)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->password_row), NULL };

  self->checking = checking;
  vigil_credentials_set_checking (GTK_WINDOW (self), self->spinner, rows, checking);
  on_changed (self);
}

static void
signed_in (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilSignInDialog *self = VIGIL_SIGN_IN_DIALOG (object);
  VigilCredentials *c = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_checking (self, FALSE);
  if (error != NULL)
    {
      /* TRANSLATORS: %s says why the server refused or could not be reached */
      text = g_strdup_printf (_ ("Could not sign in: %s"), error->message);
      vigil_credentials_show_error (self->error_label, text);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, c->id, c->keyring_error);
  vigil_credentials_close (GTK_WINDOW (self));
}

static void
on_sign_in (VigilSignInDialog *self)
{
  g_autoptr (GTask) task = NULL;
  VigilCredentials *c;

  if (!gtk_widget_get_sensitive (self->sign_in_button))
    return;
  c = vigil_credentials_new (self->account->id, self->account->name, self->account->server_url,
                             self->account->user,
                             gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_checking (self, TRUE);
  task = g_task_new (self, self->cancellable, signed_in, NULL);
  g_task_set_task_data (task, c, (GDestroyNotify) vigil_credentials_free);
  g_task_run_in_thread (task, sign_in_in_thread);
}

static void
vigil_sign_in_dialog_dispose (GObject *object)
{
  VigilSignInDialog *self = VIGIL_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_SIGN_IN_DIALOG);
  G_OBJECT_CLASS (vigil_sign_in_dialog_parent_class)->dispose (object);
}

static void
vigil_sign_in_dialog_finalize (GObject *object)
{
  VigilSignInDialog *self = VIGIL_SIGN_IN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->account, vigil_account_free);
  G_OBJECT_CLASS (vigil_sign_in_dialog_parent_class)->finalize (object);
}

static void
vigil_sign_in_dialog_class_init (VigilSignInDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_sign_in_dialog_dispose;
  object_class->finalize = vigil_sign_in_dialog_finalize;
  /* (account id, NULL or why the desktop keyring did not keep the password) */
  signals[SIGNAL_SIGNED_IN]
      = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, account_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, why_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSignInDialog, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_sign_in_dialog_init (VigilSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Checking the password"), -1);
  vigil_credentials_set_note (self->note_label,
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
  self->sync = g_object_ref (sync);
  /* TRANSLATORS: a sync account's name, its user, its server's address */
  who = g_strdup_printf (_ ("“%s”: %s at %s"), account->name, account->user, account->server_url);
  gtk_label_set_text (self->account_label, who);
  gtk_label_set_text (self->why_label,
                      _ ("Vigil has no password for this account: the desktop keyring has none "
                         "(a new computer, a keyring locked or missing), or the server refused the "
                         "one it had. Type the account's API password to sync it."));
  self->account = g_steal_pointer (&account);
  vigil_a11y_label_tree (GTK_WIDGET (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  return self;
}
