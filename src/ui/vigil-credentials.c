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
  g_free (c->kept_under);
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
  else
    c->kept_under = g_strdup (server);
}

/* ---- the dialog ---- */

typedef struct
{
  VigilSync *sync;
  GCancellable *cancellable;
  gboolean checking;
  GPtrArray *required; /* rows that must not be empty, password aside */

  GtkWidget *confirm_button;
  GtkSpinner *spinner;
  GtkWidget *password_row;
  GtkLabel *error_label;
  GtkLabel *note_label;
} VigilCredentialsDialogPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigilCredentialsDialog, vigil_credentials_dialog,
                                     ADW_TYPE_WINDOW)

enum
{
  SIGNAL_ACCEPTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const char *
row_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
on_changed (VigilCredentialsDialog *self)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);
  gboolean complete = *row_text (priv->password_row) != '\0';

  for (guint i = 0; complete && i < priv->required->len; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (row_text (priv->required->pdata[i])));

      complete = *text != '\0';
    }
  gtk_widget_set_sensitive (priv->confirm_button, complete && !priv->checking);
}

static void
on_cancel (VigilCredentialsDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* While the server is asked: the spinner turns and the rows go insensitive,
 * their focus let go first (GTK warns of a text that never had its focus-out
 * otherwise). */
static void
set_checking (VigilCredentialsDialog *self, gboolean checking)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  priv->checking = checking;
  if (checking)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_spinner_set_spinning (priv->spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (priv->spinner), checking);
  for (guint i = 0; i < priv->required->len; i++)
    gtk_widget_set_sensitive (priv->required->pdata[i], !checking);
  gtk_widget_set_sensitive (priv->password_row, !checking);
  on_changed (self);
}

/* The server's check and the keyring, off the main thread: the server may take
 * its time to answer, the keyring to unlock (it may ask the desk). */
static void
check_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilCredentials *c = data;
  VigilCredentialsDialog *self = c->dialog;
  GError *error = NULL;
  g_autofree char *keep_under
      = VIGIL_CREDENTIALS_DIALOG_GET_CLASS (self)->check (self, c, cancellable, &error);

  if (keep_under == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  c->checked = TRUE;
  vigil_credentials_keep (c, keep_under, cancellable);
  g_task_return_boolean (task, TRUE);
}

/* Forgettings under way (forget_in_thread, until forgotten; on the main
 * thread): the program waits for them when it ends
 * (vigil_credentials_wait_forgotten), or a password and an account the desk
 * called off could stay. */
static guint forgetting;
/* Checks under way (check_in_thread, until checked): one the desk called
 * off by closing the dialog may still store its account and password in its
 * worker; the program waits for it to end, then for the forgetting. (Closing
 * cancelled its network call, so the wait is short.) */
static guint checking;
/* The cancellables of the checks under way: the program's end calls them off
 * (as closing their dialogs would), rather than wait out a slow server. */
static GPtrArray *checks_cancellables;

void
vigil_credentials_wait_forgotten (void)
{
  for (guint i = 0; checks_cancellables != NULL && i < checks_cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (checks_cancellables, i));
  while (checking > 0 || forgetting > 0)
    g_main_context_iteration (NULL, TRUE);
}

/* The dialog was closed while its check ran, and the check succeeded all the
 * same: taken back, off the main thread (a store write, the keyring). */
static void
forget_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilCredentials *c = g_task_get_task_data (G_TASK (data));
  VigilCredentialsDialog *self = c->dialog;

  if (VIGIL_CREDENTIALS_DIALOG_GET_CLASS (self)->forget != NULL)
    VIGIL_CREDENTIALS_DIALOG_GET_CLASS (self)->forget (self, c);
  if (c->kept_under != NULL)
    {
      /* Only the password this check kept: a later sign-in's stays. */
      g_autofree char *kept = vigil_keyring_lookup (c->kept_under, c->user, NULL, NULL);
      if (g_strcmp0 (kept, c->password) == 0)
        vigil_keyring_clear (c->kept_under, c->user, NULL, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

/* The forgetting ended: the dialog is let go here, on the main thread. */
static void
forgotten (GObject *object, GAsyncResult *result, gpointer user_data)
{
  forgetting--;
  g_object_unref (user_data);
}

static void
checked (GObject *object, GAsyncResult *result, gpointer user_data)
{
  /* Held by the task's caller until now (see VigilCredentials.dialog). */
  g_autoptr (VigilCredentialsDialog) self = user_data;
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);
  VigilCredentialsDialogClass *klass = VIGIL_CREDENTIALS_DIALOG_GET_CLASS (self);
  VigilCredentials *c = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  checking--;
  if (checks_cancellables != NULL)
    g_ptr_array_remove (checks_cancellables, g_task_get_cancellable (G_TASK (result)));
  g_task_propagate_boolean (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Closed while checking (only closing cancels): the desk called it
       * off, so what the check stored all the same is taken back. */
      if (c->checked)
        {
          g_autoptr (GTask) forget = g_task_new (NULL, NULL, forgotten, g_object_ref (self));

          g_task_set_task_data (forget, g_object_ref (result), g_object_unref);
          forgetting++;
          g_task_run_in_thread (forget, forget_in_thread);
        }
      return;
    }
  set_checking (self, FALSE);
  if (error != NULL)
    {
      GtkWidget *focus = priv->password_row;
      g_autofree char *text = klass->describe_failure (self, error, &focus);

      gtk_label_set_text (priv->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (priv->error_label), TRUE);
      gtk_widget_grab_focus (focus);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0, c->id, c->keyring_error);
  /* The entry with the focus is let go before the window goes. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_confirm (VigilCredentialsDialog *self)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);
  g_autoptr (GTask) task = NULL;

  if (!gtk_widget_get_sensitive (priv->confirm_button))
    return;
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), FALSE);
  task = g_task_new (NULL, priv->cancellable, checked, g_object_ref (self));
  {
    VigilCredentials *c = VIGIL_CREDENTIALS_DIALOG_GET_CLASS (self)->read_form (self);
    c->dialog = self;
    g_task_set_task_data (task, c, (GDestroyNotify) vigil_credentials_free);
  }
  set_checking (self, TRUE);
  checking++;
  if (checks_cancellables == NULL)
    checks_cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (checks_cancellables, g_object_ref (priv->cancellable));
  g_task_run_in_thread (task, check_in_thread);
}

void
vigil_credentials_dialog_class_set_template (GtkWidgetClass *widget_class, const char *resource)
{
  const char *children[]
      = { "confirm_button", "spinner", "password_row", "error_label", "note_label" };

  gtk_widget_class_set_template_from_resource (widget_class, resource);
  /* Looked up by name in setup: the subclass's template holds them. */
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static gpointer
template_child (VigilCredentialsDialog *self, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), G_OBJECT_TYPE (self), name);
}

void
vigil_credentials_dialog_setup (VigilCredentialsDialog *self, GtkWidget *const *required,
                                const char *checking_label, const char *keyring_note)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  priv->confirm_button = template_child (self, "confirm_button");
  priv->spinner = template_child (self, "spinner");
  priv->password_row = template_child (self, "password_row");
  priv->error_label = template_child (self, "error_label");
  priv->note_label = template_child (self, "note_label");
  for (; required != NULL && *required != NULL; required++)
    g_ptr_array_add (priv->required, *required);
  gtk_widget_set_visible (GTK_WIDGET (priv->spinner), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  checking_label, -1);
  /* Where the password will be kept: the keyring, or memory only in a build
   * without libsecret. */
  gtk_label_set_text (
      priv->note_label,
      vigil_keyring_supported ()
          ? keyring_note
          : _ ("This Vigil was built without the desktop keyring (libsecret): the password "
               "is kept in memory only, until Vigil closes, and asked again at the next "
               "start."));
}

VigilSync *
vigil_credentials_dialog_get_sync (VigilCredentialsDialog *self)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  return priv->sync;
}

void
vigil_credentials_dialog_set_sync (VigilCredentialsDialog *self, VigilSync *sync)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  g_set_object (&priv->sync, sync);
}

GtkWidget *
vigil_credentials_dialog_get_password_row (VigilCredentialsDialog *self)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  return priv->password_row;
}

/* Closed (Cancel, Escape, the window's button): the check is called off. The
 * window is only hidden while its worker holds it, so this, not dispose, is
 * where it ends. */
static gboolean
vigil_credentials_dialog_close_request (GtkWindow *window)
{
  VigilCredentialsDialogPrivate *priv
      = vigil_credentials_dialog_get_instance_private (VIGIL_CREDENTIALS_DIALOG (window));

  g_cancellable_cancel (priv->cancellable);
  return GTK_WINDOW_CLASS (vigil_credentials_dialog_parent_class)->close_request (window);
}

static void
vigil_credentials_dialog_dispose (GObject *object)
{
  VigilCredentialsDialog *self = VIGIL_CREDENTIALS_DIALOG (object);
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), G_OBJECT_TYPE (object));
  G_OBJECT_CLASS (vigil_credentials_dialog_parent_class)->dispose (object);
}

static void
vigil_credentials_dialog_finalize (GObject *object)
{
  VigilCredentialsDialog *self = VIGIL_CREDENTIALS_DIALOG (object);
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->sync);
  g_clear_pointer (&priv->required, g_ptr_array_unref);
  G_OBJECT_CLASS (vigil_credentials_dialog_parent_class)->finalize (object);
}

static void
vigil_credentials_dialog_class_init (VigilCredentialsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_credentials_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = vigil_credentials_dialog_close_request;
  object_class->finalize = vigil_credentials_dialog_finalize;
  /* (account id, NULL or why the desktop keyring did not keep the password) */
  signals[SIGNAL_ACCEPTED]
      = g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
vigil_credentials_dialog_init (VigilCredentialsDialog *self)
{
  VigilCredentialsDialogPrivate *priv = vigil_credentials_dialog_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
  priv->required = g_ptr_array_new ();
}
