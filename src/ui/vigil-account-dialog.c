/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-account-dialog.c */
#include "config.h"

#include "vigil-account-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-a11y.h"
#include "vigil-keyring.h"

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

typedef struct
{
  char *name;
  char *server;
  char *user;
  char *password;
  char *keyring_error; /* out: why the keyring did not take it */
} AddRequest;

static void
add_request_free (AddRequest *r)
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
  AddRequest *r = data;
  GError *error = NULL;
  g_autoptr (GError) keyring_error = NULL;
  g_autoptr (VigilAccount) account = NULL;
  gint64 id;

  id = vigil_sync_add_account (self->sync, r->name, r->server, r->user, r->password, cancellable,
                               &error);
  if (id <= 0)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Under the address the server answered at, as the sync looks it up. */
  account = vigil_store_get_account (vigil_sync_get_store (self->sync), id, NULL);
  if (!vigil_keyring_store (r->name, account ? account->server_url : r->server, r->user,
                            r->password, cancellable, &keyring_error))
    r->keyring_error = g_strdup (keyring_error->message);
  g_task_return_int (task, id);
}

static void
set_checking (VigilAccountDialog *self, gboolean checking)
{
  self->checking = checking;
  /* The entries go insensitive: their focus is let go first (GTK warns of a
   * text that never had its focus-out otherwise). */
  if (checking)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !checking);
  on_changed (self);
}

static void
added (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilAccountDialog *self = VIGIL_ACCOUNT_DIALOG (object);
  AddRequest *r = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gint64 id = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_checking (self, FALSE);
  if (error != NULL)
    {
      /* The engine says what is wrong: address, TLS, credentials, API off. */
      /* TRANSLATORS: %s says why the server refused or could not be reached */
      text = g_strdup_printf (_ ("Could not connect: %s"), error->message);
      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      if (error->domain == VIGIL_SYNC_ERROR && error->code == VIGIL_SYNC_ERROR_AUTH)
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, id, r->keyring_error);
  /* The entry with the focus is let go before the window goes (GTK warns of
   * a text that never had its focus-out otherwise). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_add (VigilAccountDialog *self)
{
  g_autoptr (GTask) task = NULL;
  AddRequest *r;

  if (!gtk_widget_get_sensitive (self->add_button))
    return;
  r = g_new0 (AddRequest, 1);
  r->name = g_strstrip (g_strdup (row_text (self->name_row)));
  r->server = g_strstrip (g_strdup (row_text (self->server_row)));
  r->user = g_strstrip (g_strdup (row_text (self->user_row)));
  r->password = g_strdup (row_text (self->password_row));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_checking (self, TRUE);
  task = g_task_new (self, self->cancellable, added, NULL);
  g_task_set_task_data (task, r, (GDestroyNotify) add_request_free);
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
  gtk_label_set_text (
      self->note_label,
      vigil_keyring_supported ()
          ? _ ("The address and user are checked with the server before the account is saved. "
               "The password is kept in the desktop keyring, nowhere else.")
          : _ ("This Vigil was built without the desktop keyring (libsecret): the password is "
               "kept in memory only, until Vigil closes, and asked again at the next start."));
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
