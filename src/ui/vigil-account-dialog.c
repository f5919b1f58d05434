/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-account-dialog.c */
#include "config.h"

#include "vigil-account-dialog.h"

#include <glib/gi18n.h>

#include "vigil-a11y.h"
#include "vigil-credentials.h"

struct _VigilAccountDialog
{
  AdwWindow parent_instance;

  VigilSync *sync;
  GCancellable *cancellable;
  gboolean checking;

  GtkWidget *add_button;
  GtkWidget *cancel_button;
  GtkSpinner *spinner;
  AdwEntryRow *name_row;
  AdwEntryRow *server_row;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  GtkLabel *error_label;
  GtkLabel *note_label;
};

G_DEFINE_FINAL_TYPE (VigilAccountDialog, vigil_account_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_ADDED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
on_changed (VigilAccountDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));
  g_autofree char *server = g_strstrip (g_strdup (row_text (self->server_row)));
  g_autofree char *user = g_strstrip (g_strdup (row_text (self->user_row)));
  gboolean complete = *name && *server && *user && *row_text (self->password_row);

  gtk_widget_set_sensitive (self->add_button, complete && !self->checking);
}

static void
on_cancel (VigilAccountDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* The connection check and the saving, off the main thread: the server may
 * take its time to answer, the keyring to unlock. */
static void
add_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilAccountDialog *self = source;
  VigilCredentials *c = data;
  GError *error = NULL;
  g_autoptr (VigilAccount) account = NULL;

  c->id = vigil_sync_add_account (self->sync, c->name, c->server, c->user, c->password, cancellable,
                                  &error);
  if (c->id <= 0)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Under the address the server answered at, as the sync looks it up. */
  account = vigil_store_get_account (vigil_sync_get_store (self->sync), c->id, NULL);
  vigil_credentials_keep (c, account ? account->server_url : c->server, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
set_checking (VigilAccountDialog *self, gboolean checking)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->name_row), GTK_WIDGET (self->server_row),
                        GTK_WIDGET (self->user_row), GTK_WIDGET (self->password_row), NULL };

  self->checking = checking;
  vigil_credentials_set_checking (GTK_WINDOW (self), self->spinner, rows, checking);
  on_changed (self);
}

static void
added (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilAccountDialog *self = VIGIL_ACCOUNT_DIALOG (object);
  VigilCredentials *c = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_checking (self, FALSE);
  if (error != NULL)
    {
      /* The engine says what is wrong: address, TLS, credentials, API off. */
      /* TRANSLATORS: %s says why the server refused or could not be reached */
      text = g_strdup_printf (_ ("Could not connect: %s"), error->message);
      vigil_credentials_show_error (self->error_label, text);
      if (error->domain == VIGIL_SYNC_ERROR && error->code == VIGIL_SYNC_ERROR_AUTH)
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, c->id, c->keyring_error);
  vigil_credentials_close (GTK_WINDOW (self));
}

static void
on_add (VigilAccountDialog *self)
{
  g_autoptr (GTask) task = NULL;
  VigilCredentials *c;

  if (!gtk_widget_get_sensitive (self->add_button))
    return;
  {
    g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));
    g_autofree char *server = g_strstrip (g_strdup (row_text (self->server_row)));
    g_autofree char *user = g_strstrip (g_strdup (row_text (self->user_row)));

    c = vigil_credentials_new (0, name, server, user, row_text (self->password_row));
  }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_checking (self, TRUE);
  task = g_task_new (self, self->cancellable, added, NULL);
  g_task_set_task_data (task, c, (GDestroyNotify) vigil_credentials_free);
  g_task_run_in_thread (task, add_in_thread);
}

static void
vigil_account_dialog_dispose (GObject *object)
{
  VigilAccountDialog *self = VIGIL_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_ACCOUNT_DIALOG);
  G_OBJECT_CLASS (vigil_account_dialog_parent_class)->dispose (object);
}

static void
vigil_account_dialog_finalize (GObject *object)
{
  VigilAccountDialog *self = VIGIL_ACCOUNT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  G_OBJECT_CLASS (vigil_account_dialog_parent_class)->finalize (object);
}

static void
vigil_account_dialog_class_init (VigilAccountDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_account_dialog_dispose;
  object_class->finalize = vigil_account_dialog_finalize;
  /* (account id, NULL or why the desktop keyring did not keep the password) */
  signals[SIGNAL_ADDED]
      = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountDialog, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_account_dialog_init (VigilAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Checking the connection"), -1);
  vigil_credentials_set_note (
      self->note_label,
      _ ("The address and user are checked with the server before the account is saved. "
         "The password is kept in the desktop keyring, nowhere else."));
  vigil_a11y_label_tree (GTK_WIDGET (self));
}

VigilAccountDialog *
vigil_account_dialog_new (GtkWindow *parent, VigilSync *sync)
{
  VigilAccountDialog *self
      = g_object_new (VIGIL_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);

  self->sync = g_object_ref (sync);
  return self;
}
