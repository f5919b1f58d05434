/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-add-source-dialog.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-add-source-dialog.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-url.h"

#include <glib/gi18n-lib.h>

struct _VigilAddSourceDialog
{
  AdwWindow parent_instance;

  GtkButton *cancel_button;
  GtkButton *add_button;
  GtkSpinner *spinner;
  AdwEntryRow *url_row;
  AdwEntryRow *folder_row;
  AdwComboRow *interval_row;
  AdwComboRow *account_row;
  GtkLabel *message;

  VigilMonitor *monitor;
  GCancellable *cancellable;
  GArray *account_ids; /* gint64, one per choice of account_row: 0 is this computer */
};

G_DEFINE_FINAL_TYPE (VigilAddSourceDialog, vigil_add_source_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_ADDED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
say (VigilAddSourceDialog *self, const char *text, gboolean error)
{
  gtk_label_set_text (self->message, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
}

static void
on_url_changed (VigilAddSourceDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autoptr (GError) error = NULL;
  /* Anything a user pastes is untrusted: the one check every subscription passes. */
  g_autofree char *url = vigil_url_for_subscription (text, TRUE, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), url != NULL);
  if (*text != '\0' && url == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      say (self, error->message, TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      say (self, "", FALSE);
    }
}

static void
set_busy (VigilAddSourceDialog *self, gboolean busy)
{
  /* The fields stay editable (taking them away from under the focus confuses
   * GTK); a second Add waits for the first. */
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !busy);
}

static void
refreshed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* The window follows through the monitor's signals; a failure shows on the
   * source in the sidebar. */
  vigil_monitor_refresh_source_finish (VIGIL_MONITOR (object), result, &error);
}

static void
added (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *monitor = VIGIL_MONITOR (object);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) source = vigil_monitor_add_source_finish (monitor, result, &error);
  VigilAddSourceDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the dialog was closed */
  self = VIGIL_ADD_SOURCE_DIALOG (user_data);
  set_busy (self, FALSE);
  if (source == NULL)
    {
      say (self, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }
  vigil_monitor_refresh_source_async (monitor, source, NULL, refreshed, NULL);
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, source);
  gtk_window_close (GTK_WINDOW (self));
}

/* The account chosen (0: this computer reads it). */
static gint64
chosen_account (VigilAddSourceDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->account_row);

  if (self->account_ids == NULL || selected >= self->account_ids->len)
    return 0;
  return g_array_index (self->account_ids, gint64, selected);
}

/* The server subscribed (quickadd) and listed it: the source is the
 * account's; its articles come with the account's sync, started now. */
static void
subscribed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = vigil_sync_edit_finish (VIGIL_SYNC (object), result, &error);
  g_autoptr (VigilSource) source = NULL;
  VigilAddSourceDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the dialog was closed */
  self = VIGIL_ADD_SOURCE_DIALOG (user_data);
  set_busy (self, FALSE);
  if (id > 0)
    source = vigil_store_get_source (vigil_monitor_get_store (self->monitor), id, &error);
  if (source == NULL)
    {
      /* The server's own words (FreshRSS answers 200 with an error). */
      say (self, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }
  vigil_monitor_sync_account (self->monitor, source->account_id);
  g_signal_emit (self, signals[SIGNAL_ADDED], 0, source);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_account_chosen (VigilAddSourceDialog *self)
{
  /* The server decides how often it reads the source. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->interval_row), chosen_account (self) == 0);
}

static void
on_add (VigilAddSourceDialog *self)
{
  gint64 account_id = chosen_account (self);
  g_autofree char *url = vigil_url_for_subscription (
      gtk_editable_get_text (GTK_EDITABLE (self->url_row)), TRUE, NULL);
  g_autofree char *folder
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->folder_row))));

  if (url == NULL || gtk_spinner_get_spinning (self->spinner))
    return;
  set_busy (self, TRUE);
  say (self, _ ("Reading the address…"), FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (account_id != 0 && vigil_monitor_get_sync (self->monitor) != NULL)
    {
      say (self, _ ("Subscribing on the server…"), FALSE);
      vigil_sync_edit_async (vigil_monitor_get_sync (self->monitor), VIGIL_SYNC_SUBSCRIBE,
                             account_id, url, *folder ? folder : NULL, self->cancellable,
                             subscribed, self);
      return;
    }
  vigil_monitor_add_source_async (self->monitor, url, *folder ? folder : NULL, self->cancellable,
                                  added, self);
}

static void
vigil_add_source_dialog_dispose (GObject *object)
{
  VigilAddSourceDialog *self = VIGIL_ADD_SOURCE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->account_ids, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_ADD_SOURCE_DIALOG);
  G_OBJECT_CLASS (vigil_add_source_dialog_parent_class)->dispose (object);
}

static void
vigil_add_source_dialog_class_init (VigilAddSourceDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_add_source_dialog_dispose;
  signals[SIGNAL_ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_SOURCE);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-add-source-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, interval_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAddSourceDialog, message);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_add_source_dialog_init (VigilAddSourceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_a11y_label_tree (GTK_WIDGET (self));
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_close), self);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add), self);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (on_url_changed), self);
  g_signal_connect_swapped (self->url_row, "entry-activated", G_CALLBACK (on_add), self);
  g_signal_connect_swapped (self->folder_row, "entry-activated", G_CALLBACK (on_add), self);
  g_signal_connect_swapped (self->account_row, "notify::selected", G_CALLBACK (on_account_chosen),
                            self);
}

/* Where the source is read, when the desk has a sync account: this computer
 * (the first choice, as without one) or an account's server, which subscribes
 * to it for the whole desk. */
static void
offer_accounts (VigilAddSourceDialog *self)
{
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 local = 0;

  if (vigil_monitor_get_sync (self->monitor) == NULL)
    return;
  accounts = vigil_store_list_accounts (vigil_monitor_get_store (self->monitor), NULL);
  self->account_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (self->account_ids, local);
  gtk_string_list_append (labels, _ ("This Computer"));
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      if (g_strcmp0 (a->kind, "greader") != 0)
        continue;
      g_array_append_val (self->account_ids, a->id);
      gtk_string_list_append (labels, a->name);
    }
  if (self->account_ids->len < 2)
    return;
  adw_combo_row_set_model (self->account_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->account_row, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->account_row), TRUE);
}

VigilAddSourceDialog *
vigil_add_source_dialog_new (GtkWindow *parent, VigilMonitor *monitor, guint default_interval)
{
  VigilAddSourceDialog *self
      = g_object_new (VIGIL_TYPE_ADD_SOURCE_DIALOG, "transient-for", parent, NULL);

  self->monitor = g_object_ref (monitor);
  offer_accounts (self);
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
  {
    /* How often to check it: the application's default, or a choice. */
    guint n;
    const guint *choices = vigil_interval_choices (&n);
    g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *label = vigil_interval_label (choices[i], default_interval);
        gtk_string_list_append (labels, label);
      }
    adw_combo_row_set_model (self->interval_row, G_LIST_MODEL (labels));
    adw_combo_row_set_selected (self->interval_row, 0);
  }
  return self;
}

guint
vigil_add_source_dialog_get_interval (VigilAddSourceDialog *self)
{
  guint n;
  const guint *choices = vigil_interval_choices (&n);
  guint selected = adw_combo_row_get_selected (self->interval_row);

  if (chosen_account (self) != 0)
    return 0; /* the server's to decide */
  return selected < n ? choices[selected] : 0;
}
