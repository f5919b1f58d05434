/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sign-in-dialog.c */
#include "config.h"

#include "vigil-sign-in-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-a11y.h"
#include "vigil-keyring.h"

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

typedef struct
{
  gint64 id;
  char *name;
  char *server;
  char *user;
  char *password;
  char *keyring_error; /* out: why the keyring did not take it */
} SignInRequest;

static void
sign_in_request_free (SignInRequest *r)
{
  g_free (r->name);
  g_free (r->server);
  g_free (r->user);
  if (r->password != NULL)
    memset (r->password, 0, strlen (r->password));
  g_free (r->password);
  g_free (r->keyring_error);
  g_free (r);
}

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
  SignInRequest *r = data;
  GError *error = NULL;
  g_autoptr (GError) keyring_error = NULL;

  if (!vigil_sync_sign_in (self->sync, r->id, r->password, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!vigil_keyring_store (r->name, r->server, r->user, r->password, cancellable, &keyring_error))
    r->keyring_error = g_strdup (keyring_error->message);
  g_task_return_boolean (task, TRUE);
}

static void
set_checking (VigilSignInDialog *self, gboolean checking)
{
  self->checking = checking;
  /* The entry goes insensitive: its focus is let go first (GTK warns of a
   * text that never had its focus-out otherwise). */
  if (checking)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !checking);
  on_changed (self);
}

static void
signed_in (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilSignInDialog *self = VIGIL_SIGN_IN_DIALOG (object);
  SignInRequest *r = g_task_get_task_data (G_TASK (result));
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
      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, r->id, r->keyring_error);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_sign_in (VigilSignInDialog *self)
{
  g_autoptr (GTask) task = NULL;
  SignInRequest *r;

  if (!gtk_widget_get_sensitive (self->sign_in_button))
    return;
  r = g_new0 (SignInRequest, 1);
  r->id = self->account->id;
  r->name = g_strdup (self->account->name);
  r->server = g_strdup (self->account->server_url);
  r->user = g_strdup (self->account->user);
  r->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_checking (self, TRUE);
  task = g_task_new (self, self->cancellable, signed_in, NULL);
  g_task_set_task_data (task, r, (GDestroyNotify) sign_in_request_free);
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
  gtk_label_set_text (
      self->note_label,
      vigil_keyring_supported ()
          ? _ ("The password is checked with the server, then kept in the desktop keyring, "
               "nowhere else.")
          : _ ("This Vigil was built without the desktop keyring (libsecret): the password is "
               "kept in memory only, until Vigil closes, and asked again at the next start."));
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
