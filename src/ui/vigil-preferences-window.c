/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-preferences-window.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-confirm-dialog.h"
#include "vigil-preferences-window.h"

#include <glib/gi18n.h>

#include "vigil-account-dialog.h"
#include "vigil-article-row.h"
#include "vigil-keyring.h"
#include "vigil-task.h"
#include "vigil-window.h"

struct _VigilPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkSpinButton *interval_spin;
  GtkSpinButton *retention_spin;
  GtkSwitch *notifications_switch;
  GtkSpinButton *max_age_spin;
  GtkSwitch *background_switch;
  GtkSwitch *autostart_switch;
  GtkSwitch *images_switch;
  GtkSwitch *strong_switch;
  AdwPreferencesGroup *accounts_group;
  GtkWidget *add_account_button;
  GPtrArray *account_rows; /* the rows in accounts_group, rebuilt from the store */

  VigilMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* ---- accounts ---- */

static void show_accounts (VigilPreferencesWindow *self);

/* What the desk wants to know of an account: where, who, and is it well. */
static char *
account_subtitle (VigilPreferencesWindow *self, VigilAccount *a)
{
  g_autofree char *when = NULL;

  if (g_strcmp0 (a->kind, "greader") != 0)
    return g_strdup (_ ("Sources Vigil reads itself"));
  if (a->last_error != NULL)
    /* TRANSLATORS: user, server address, why the last sync failed */
    return g_strdup_printf (_ ("%s at %s — last sync failed: %s"), a->user, a->server_url,
                            a->last_error);
  if (self->monitor != NULL && vigil_monitor_get_sync (self->monitor) != NULL
      && !vigil_sync_has_password (vigil_monitor_get_sync (self->monitor), a->id))
    /* TRANSLATORS: user, server address */
    return g_strdup_printf (_ ("%s at %s — not signed in: no password in the desktop keyring"),
                            a->user, a->server_url);
  if (a->last_sync == 0)
    /* TRANSLATORS: user, server address */
    return g_strdup_printf (_ ("%s at %s — not synced yet"), a->user, a->server_url);
  when = vigil_format_relative_time (a->last_sync);
  /* TRANSLATORS: user, server address, when it was last synced ("5 minutes ago") */
  return g_strdup_printf (_ ("%s at %s — synced %s"), a->user, a->server_url, when);
}

/* data: the account to remove, as a VigilAccount with its id, server and
 * user (on_remove_clicked). */
static void
remove_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilPreferencesWindow *self = source;
  VigilAccount *r = data;
  GError *error = NULL;
  gboolean ok = vigil_store_remove_account (vigil_monitor_get_store (self->monitor), r->id, &error);

  /* A keyring that is not there has nothing to forget. */
  if (ok && vigil_keyring_supported ())
    vigil_keyring_clear (r->server_url, r->user, cancellable, NULL);
  vigil_task_return_boolean_or_error (task, ok, error);
}

static void
account_removed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (object);
  VigilAccount *r = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        vigil_window_plain_toast (error->message));
      return;
    }
  if (vigil_monitor_get_sync (self->monitor) != NULL)
    vigil_sync_set_password (vigil_monitor_get_sync (self->monitor), r->id, NULL);
  show_accounts (self); /* the main window follows the store's "changed" */
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_ ("Account removed")));
}

static void
on_remove_response (AdwMessageDialog *dialog, const char *response, VigilPreferencesWindow *self)
{
  if (!g_str_equal (response, "remove"))
    return;
  vigil_task_run_in_thread (self, NULL, g_object_steal_data (G_OBJECT (dialog), "request"),
                            (GDestroyNotify) vigil_account_free, remove_in_thread, NULL,
                            account_removed, NULL);
}

static void
on_remove_clicked (GtkButton *button, VigilPreferencesWindow *self)
{
  VigilAccount *a = g_object_get_data (G_OBJECT (button), "account");
  GtkWidget *dialog;
  VigilAccount *r;
  g_autofree char *heading = NULL;

  if (vigil_monitor_is_syncing (self->monitor, a->id))
    {
      /* The sync would write into what is being deleted. */
      adw_preferences_window_add_toast (
          ADW_PREFERENCES_WINDOW (self),
          adw_toast_new (_ ("The account is syncing: remove it when its sync has ended")));
      return;
    }
  /* What the worker needs of it: no other field is set. */
  r = g_new0 (VigilAccount, 1);
  r->id = a->id;
  r->server_url = g_strdup (a->server_url);
  r->user = g_strdup (a->user);
  /* TRANSLATORS: %s is a sync account's name */
  heading = g_strdup_printf (_ ("Remove “%s”?"), a->name);
  dialog = vigil_confirm_dialog_new (
      GTK_WINDOW (self), heading,
      _ ("Its sources, their articles and the changes not yet sent are deleted from this "
         "computer, and its password from the desktop keyring. The server keeps its own."),
      "remove", _ ("_Remove"));
  g_object_set_data_full (G_OBJECT (dialog), "request", r, (GDestroyNotify) vigil_account_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_accounts (VigilPreferencesWindow *self)
{
  g_autoptr (GPtrArray) accounts = NULL;

  for (guint i = 0; i < self->account_rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, self->account_rows->pdata[i]);
  g_ptr_array_set_size (self->account_rows, 0);
  if (self->monitor == NULL)
    return;
  accounts = vigil_store_list_accounts (vigil_monitor_get_store (self->monitor), NULL);
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = account_subtitle (self, a);

      /* Names, addresses and errors are text, not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     a->id == VIGIL_ACCOUNT_LOCAL ? _ ("Local") : a->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (a->id == VIGIL_ACCOUNT_LOCAL
                                                                   ? "computer-symbolic"
                                                                   : "network-server-symbolic"));
      if (a->last_error != NULL)
        {
          GtkWidget *warn = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
          gtk_widget_add_css_class (warn, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (warn), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _ ("Last sync failed"), -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), warn);
        }
      if (a->id != VIGIL_ACCOUNT_LOCAL && vigil_monitor_get_sync (self->monitor) != NULL
          && !vigil_sync_has_password (vigil_monitor_get_sync (self->monitor), a->id))
        {
          /* The password asked again (app.sign-in): the account syncs once it is taken. */
          GtkWidget *sign_in = gtk_button_new_with_mnemonic (_ ("Sign _In…"));
          /* TRANSLATORS: %s is a sync account's name */
          g_autofree char *label = g_strdup_printf (_ ("Sign In to “%s”"), a->name);
          gtk_widget_set_valign (sign_in, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (sign_in, label);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (sign_in), "app.sign-in");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (sign_in),
                                                  g_variant_new_int64 (a->id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), sign_in);
        }
      if (a->id != VIGIL_ACCOUNT_LOCAL)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
          /* TRANSLATORS: %s is a sync account's name */
          g_autofree char *label = g_strdup_printf (_ ("Remove Account “%s”"), a->name);
          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, label);
          vigil_a11y_set_label (remove, label);
          g_object_set_data_full (G_OBJECT (remove), "account",
                                  g_steal_pointer (&accounts->pdata[i]),
                                  (GDestroyNotify) vigil_account_free);
          g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->account_rows, row);
    }
}

static void
on_account_added (VigilCredentialsDialog *dialog, gint64 id, const char *keyring_error,
                  VigilPreferencesWindow *self)
{
  g_autofree char *text = NULL;

  show_accounts (self); /* the main window follows the store's "changed" */
  /* Its first sync, now: the desk added it to read it. */
  vigil_monitor_sync_account (self->monitor, id);
  if (keyring_error != NULL)
    /* TRANSLATORS: %s says why the desktop keyring did not keep the password */
    text
        = g_strdup_printf (_ ("Account added; its password is kept until Vigil closes only, as the "
                              "desktop keyring could not keep it: %s"),
                           keyring_error);
  else
    text = g_strdup (_ ("Account added; its password is in the desktop keyring"));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), vigil_window_plain_toast (text));
}

static void
on_add_account (VigilPreferencesWindow *self)
{
  VigilAccountDialog *dialog;

  if (self->monitor == NULL || vigil_monitor_get_sync (self->monitor) == NULL)
    return;
  dialog = vigil_account_dialog_new (GTK_WINDOW (self), vigil_monitor_get_sync (self->monitor));
  g_signal_connect_object (dialog, "accepted", G_CALLBACK (on_account_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_account_synced (VigilMonitor *monitor, gint64 account_id, const char *error,
                   VigilPreferencesWindow *self)
{
  show_accounts (self);
}

static void
vigil_preferences_window_finalize (GObject *object)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->account_rows, g_ptr_array_unref);
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->finalize (object);
}

static void
vigil_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->dispose (object);
}

static void
vigil_preferences_window_class_init (VigilPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_preferences_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = vigil_preferences_window_finalize;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/vigildesk/Vigil/ui/vigil-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, max_age_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, images_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, strong_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, add_account_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_account);
}

static void
vigil_preferences_window_init (VigilPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->account_rows = g_ptr_array_new ();
  vigil_a11y_label_tree (GTK_WIDGET (self));
}

VigilPreferencesWindow *
vigil_preferences_window_new (GtkWindow *parent, GSettings *settings, VigilMonitor *monitor)
{
  VigilPreferencesWindow *self
      = g_object_new (VIGIL_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  if (monitor != NULL)
    {
      self->monitor = g_object_ref (monitor);
      g_signal_connect_object (monitor, "account-synced", G_CALLBACK (on_account_synced), self, 0);
    }
  gtk_widget_set_sensitive (self->add_account_button,
                            monitor != NULL && vigil_monitor_get_sync (monitor) != NULL);
  show_accounts (self);

  /* Bound both ways: a change applies at once (the application listens). */
  g_settings_bind (settings, "refresh-interval", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "retention-days", self->retention_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autostart", self->autostart_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "load-images", self->images_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "strong-highlights", self->strong_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "alert-max-age", self->max_age_spin, "value", G_SETTINGS_BIND_DEFAULT);
  return self;
}
