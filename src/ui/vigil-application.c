/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-application.c — start-up, the store and monitor, sync passwords, actions. */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-application-private.h"
#include "vigil-gpu.h"
#include "vigil-keyring.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-add-source-dialog.h"
#include "vigil-background.h"
#include "vigil-credentials.h"
#include "vigil-notifier.h"
#include "vigil-preferences-window.h"
#include "vigil-rules-window.h"
#include "vigil-window.h"

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, ADW_TYPE_APPLICATION)

/* The main window (the rules window and dialogs belong to the application too). */
VigilWindow *
vigil_application_find_window (VigilApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIGIL_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static VigilWindow *
get_window (VigilApplication *self)
{
  VigilWindow *window = vigil_application_find_window (self);

  return window ? window : vigil_window_new (self);
}

/* The main window, made if need be and in front, for an action that shows
 * something in it; NULL when Vigil could not start (the window says why). */
static VigilWindow *
present_window (VigilApplication *self)
{
  VigilWindow *window;

  if (self->monitor == NULL)
    return NULL;
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* A message in the main window; with none (monitoring in the background),
 * in the log. */
void
vigil_application_toast (VigilApplication *self, const char *text)
{
  VigilWindow *window = vigil_application_find_window (self);

  if (window != NULL)
    vigil_window_toast (window, text);
  else
    g_message ("%s", text);
}

static void
on_alert (VigilMonitor *monitor, VigilArticle *article, GPtrArray *matches, VigilApplication *self)
{
  if (g_settings_get_boolean (self->settings, "notifications"))
    vigil_notifier_send (G_APPLICATION (self), article, matches);
}

/* What the desk is told when the desktop said no: in the preferences if they
 * are open (the switch just flipped back), else in the main window. */
static void
tell (VigilApplication *self, const char *text)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      {
        adw_preferences_window_add_toast (l->data, vigil_window_plain_toast (text));
        return;
      }
  vigil_application_toast (self, text);
}

static void
background_answered (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (vigil_background_request_finish (result, &error))
    return;
  /* The switches say what is true: a refused autostart is off again, and so
   * is monitoring when closed if the desktop would not allow it. */
  self->reverting = TRUE;
  g_settings_set_boolean (self->settings, "autostart", FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    g_settings_set_boolean (self->settings, "run-in-background", FALSE);
  self->reverting = FALSE;
  tell (self, error->message);
}

/* Asks the desktop (the background portal in a sandbox, the autostart folder
 * on the host) for what the preferences say. */
static void
request_background (VigilApplication *self)
{
  VigilBackgroundMethod method = vigil_background_default_method ();
  g_autofree char *self_exe = NULL;
  const char *argv[] = { "vigil", "--background", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (method == VIGIL_BACKGROUND_HOST)
    {
      /* This very program, wherever it is installed. */
      self_exe = g_file_read_link ("/proc/self/exe", NULL);
      if (self_exe != NULL)
        argv[0] = self_exe;
    }
  vigil_background_request_async (method, parent,
                                  g_settings_get_boolean (self->settings, "autostart"), argv, NULL,
                                  background_answered, g_object_ref (self));
}

static void
on_autostart_changed (GSettings *settings, const char *key, VigilApplication *self)
{
  if (!self->reverting)
    request_background (self);
}

static void
on_run_in_background_changed (GSettings *settings, const char *key, VigilApplication *self)
{
  /* Only a sandbox needs leave to run with no window. */
  if (!self->reverting && g_settings_get_boolean (settings, key)
      && vigil_background_default_method () == VIGIL_BACKGROUND_PORTAL)
    request_background (self);
}

static void
apply_settings (VigilApplication *self)
{
  vigil_monitor_set_default_interval (self->monitor,
                                      g_settings_get_uint (self->settings, "refresh-interval"));
  vigil_monitor_set_retention_days (self->monitor,
                                    g_settings_get_uint (self->settings, "retention-days"));
  vigil_monitor_set_max_age (self->monitor, g_settings_get_uint (self->settings, "alert-max-age"));
  {
    /* Alive without a window while the desk wants monitoring to go on. */
    gboolean keep = g_settings_get_boolean (self->settings, "run-in-background");
    if (keep && !self->held)
      g_application_hold (G_APPLICATION (self));
    else if (!keep && self->held)
      g_application_release (G_APPLICATION (self));
    self->held = keep;
  }
}

static void
on_alert_summary (VigilMonitor *monitor, const char *rule, guint count, VigilApplication *self)
{
  if (g_settings_get_boolean (self->settings, "notifications"))
    vigil_notifier_send_summary (G_APPLICATION (self), rule, count);
}

/* Articles that matched rules but are not news (a first read, an import,
 * old items): one quiet line in the window instead of notifications, counting
 * stories as the Alerts view does, with a way to them. */
static void
on_backlog_matched (VigilMonitor *monitor, guint count, guint n_stories, VigilApplication *self)
{
  VigilWindow *window = vigil_application_find_window (self);
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (window == NULL)
    return;
  text = g_strdup_printf (
      /* TRANSLATORS: stories stored at a first read or published long ago that
       * match the alert rules; they are listed in Alerts, not notified */
      ngettext ("%u older story matches your rules", "%u older stories match your rules",
                n_stories),
      n_stories);
  toast = vigil_window_plain_toast (text);
  adw_toast_set_button_label (toast, _ ("_Show"));
  adw_toast_set_action_name (toast, "app.show-rule-matches");
  adw_toast_set_action_target_value (toast, g_variant_new_string (""));
  vigil_window_add_toast (window, toast);
}

/* ---- sync accounts ---- */

typedef struct
{
  gint64 id;
  char *server;
  char *user;
  char *password;
} AccountPassword;

static void
account_password_free (AccountPassword *p)
{
  g_free (p->server);
  g_free (p->user);
  if (p->password != NULL)
    memset (p->password, 0, strlen (p->password));
  g_free (p->password);
  g_free (p);
}

/* The keyring may answer slowly (or ask the desk to unlock it): never on the
 * main thread. */
static void
lookup_passwords_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GPtrArray *wanted = data;

  for (guint i = 0; i < wanted->len; i++)
    {
      AccountPassword *p = g_ptr_array_index (wanted, i);
      g_autoptr (GError) error = NULL;

      p->password = vigil_keyring_lookup (p->server, p->user, cancellable, &error);
      if (p->password == NULL && error != NULL)
        g_message ("No password for the sync account of %s at %s in the desktop keyring: %s",
                   p->user, p->server, error->message);
    }
  g_task_return_boolean (task, TRUE);
}

static void
passwords_looked_up (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilApplication *self = VIGIL_APPLICATION (object);
  GPtrArray *wanted = g_task_get_task_data (G_TASK (result));
  VigilWindow *window = vigil_application_find_window (self);
  gboolean found = FALSE;

  for (guint i = 0; i < wanted->len; i++)
    {
      AccountPassword *p = g_ptr_array_index (wanted, i);
      /* Not over one the desk signed in with while the keyring answered. */
      if (p->password == NULL || vigil_sync_has_password (self->sync, p->id))
        continue;
      vigil_sync_set_password (self->sync, p->id, p->password);
      found = TRUE;
      /* The first refresh may have gone by without it. */
      if (self->refreshed_once)
        vigil_monitor_sync_account (self->monitor, p->id);
    }
  /* The accounts' rows said "Not signed in" until now. */
  if (found && window != NULL)
    vigil_window_reload (window);
}

/* The engine for the sync accounts, with the passwords the desktop keyring
 * holds (or, for tests and headless use, VIGIL_SYNC_PASSWORD for the only
 * sync account, as vigil-cli takes it). */
static void
setup_sync (VigilApplication *self)
{
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (self->store, NULL);
  g_autoptr (GPtrArray) wanted
      = g_ptr_array_new_with_free_func ((GDestroyNotify) account_password_free);
  const char *env = g_getenv ("VIGIL_SYNC_PASSWORD");
  guint n_sync = 0;

  self->sync = vigil_sync_new (self->store);
  vigil_monitor_attach_sync (self->monitor, self->sync);
  for (guint i = 0; accounts && i < accounts->len; i++)
    n_sync += g_strcmp0 (((VigilAccount *) accounts->pdata[i])->kind, "greader") == 0;
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      AccountPassword *p;

      if (g_strcmp0 (a->kind, "greader") != 0)
        continue;
      if (env != NULL && *env != '\0' && n_sync == 1)
        {
          vigil_sync_set_password (self->sync, a->id, env);
          continue;
        }
      p = g_new0 (AccountPassword, 1);
      p->id = a->id;
      p->server = g_strdup (a->server_url);
      p->user = g_strdup (a->user);
      g_ptr_array_add (wanted, p);
    }
  if (wanted->len > 0 && vigil_keyring_supported ())
    {
      g_autoptr (GTask) task = g_task_new (self, NULL, passwords_looked_up, NULL);
      g_task_set_task_data (task, g_steal_pointer (&wanted), (GDestroyNotify) g_ptr_array_unref);
      g_task_run_in_thread (task, lookup_passwords_in_thread);
    }
}

/* The article store and the monitor on it; what goes wrong is kept for
 * activate to say. */
static void
open_store (VigilApplication *self)
{
  g_autofree char *path = vigil_store_default_path ();

  g_clear_error (&self->startup_error);
  g_clear_object (&self->sync);
  self->store = vigil_store_new (path, &self->startup_error);
  if (self->store != NULL)
    self->monitor = vigil_monitor_new (self->store, &self->startup_error);
  if (self->monitor != NULL)
    {
      g_signal_connect (self->monitor, "alert", G_CALLBACK (on_alert), self);
      g_signal_connect (self->monitor, "alert-summary", G_CALLBACK (on_alert_summary), self);
      g_signal_connect (self->monitor, "backlog-matched", G_CALLBACK (on_backlog_matched), self);
      vigil_monitor_seed (self->monitor, g_settings_get_boolean (self->settings, "default-sources"),
                          &self->startup_error);
      setup_sync (self);
    }
}

/* A damaged database: kept under another name (never discarded) on the desk's
 * word, and Vigil starts on a fresh one. */
static void
on_cannot_start_response (AdwMessageDialog *dialog, const char *response, VigilApplication *self)
{
  g_autofree char *path = vigil_store_default_path ();
  g_autoptr (GError) error = NULL;
  g_autofree char *aside = NULL;

  if (!g_str_equal (response, "move"))
    return;
  aside = vigil_store_move_aside (path, &error);
  if (aside == NULL)
    {
      g_clear_error (&self->startup_error);
      self->startup_error = g_steal_pointer (&error);
    }
  else
    {
      g_message ("The damaged article database was kept as %s", aside);
      open_store (self);
    }
  g_application_activate (G_APPLICATION (self));
}

/* GIO makes its default proxy resolver when the first source is fetched: it
 * loads its modules and libproxy's (tens of ms), on the main thread at the
 * start of the first refresh. Made here in a thread while the window is built. */
static gpointer
warm_network (gpointer data)
{
  g_proxy_resolver_get_default ();
  return NULL;
}

static void
vigil_application_startup (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  const char *refresh_accels[] = { "<Control>r", "F5", NULL };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *add_accels[] = { "<Control>n", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (vigil_application_parent_class)->startup (app);
  vigil_a11y_install ();

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.add-source", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  self->warm_network = g_thread_new ("vigil-warm", warm_network, NULL);
  open_store (self);
}

/* The first refresh of every source and the schedule. */
static void
start_monitoring (VigilApplication *self)
{
  if (self->first_frame_clock != NULL)
    g_clear_signal_handler (&self->first_frame_handler, self->first_frame_clock);
  g_clear_object (&self->first_frame_clock);
  g_clear_handle_id (&self->first_frame_source, g_source_remove);
  if (self->refreshed_once)
    return;
  self->refreshed_once = TRUE;
  vigil_monitor_request_refresh (self->monitor, FALSE);
  vigil_monitor_start (self->monitor);
}

static gboolean
first_frame_drawn (gpointer data)
{
  VigilApplication *self = data;

  self->first_frame_source = 0;
  start_monitoring (self);
  return G_SOURCE_REMOVE;
}

/* Started from the main loop, not inside the frame being finished. */
static void
on_first_frame (GdkFrameClock *clock, VigilApplication *self)
{
  g_clear_signal_handler (&self->first_frame_handler, clock);
  g_clear_handle_id (&self->first_frame_source, g_source_remove);
  self->first_frame_source = g_idle_add (first_frame_drawn, self);
}

/* Once the window has drawn what is stored: its first frame does not wait
 * for hundreds of sources being fetched, read and analysed at the same time
 * (nor for the name lists those need). Without a window drawn, at once; a
 * window that never draws (hidden, closed at once) delays it 2 s at most. */
static void
start_monitoring_after_first_frame (VigilApplication *self)
{
  GtkWidget *window = GTK_WIDGET (vigil_application_find_window (self));

  if (window == NULL || !gtk_widget_get_mapped (window)
      || gtk_widget_get_frame_clock (window) == NULL)
    {
      start_monitoring (self);
      return;
    }
  self->first_frame_clock = g_object_ref (gtk_widget_get_frame_clock (window));
  self->first_frame_handler = g_signal_connect (self->first_frame_clock, "after-paint",
                                                G_CALLBACK (on_first_frame), self);
  self->first_frame_source = g_timeout_add_seconds (2, first_frame_drawn, self);
}

static void
vigil_application_activate (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);

  if (self->startup_error != NULL)
    {
      /* The store could not be opened: say so plainly and touch nothing. */
      g_autofree char *path = vigil_store_default_path ();
      g_autofree char *body = g_strdup_printf (
          /* TRANSLATORS: the error, then the database's file name */
          _ ("%s\n\nYour articles are in “%s”; Vigil has not changed that file."),
          self->startup_error->message, path);
      GtkWidget *dialog = adw_message_dialog_new (NULL, _ ("Vigil Cannot Start"), body);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      if (g_error_matches (self->startup_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT))
        {
          /* Damaged: it can be kept aside for recovery and a fresh one begun. */
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "move",
                                           _ ("_Keep It Aside and Start Fresh"));
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                                      ADW_RESPONSE_SUGGESTED);
          g_signal_connect_object (dialog, "response", G_CALLBACK (on_cannot_start_response), self,
                                   0);
        }
      gtk_application_add_window (GTK_APPLICATION (app), GTK_WINDOW (dialog));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (self->background && !self->activated_once)
    {
      /* Monitoring without a window: the hold keeps the application (and its
       * alerts) alive; a notification or a second launch opens the window. */
      g_application_hold (app);
    }
  else
    gtk_window_present (GTK_WINDOW (get_window (self)));
  if (!self->activated_once)
    {
      self->activated_once = TRUE;
      apply_settings (self);
      g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (apply_settings), self);
      g_signal_connect (self->settings, "changed::autostart", G_CALLBACK (on_autostart_changed),
                        self);
      g_signal_connect (self->settings, "changed::run-in-background",
                        G_CALLBACK (on_run_in_background_changed), self);
      /* In a sandbox the portal is asked at each start whether monitoring
       * with no window (and at login) is still allowed. */
      if (vigil_background_default_method () == VIGIL_BACKGROUND_PORTAL
          && (self->background || g_settings_get_boolean (self->settings, "autostart")
              || g_settings_get_boolean (self->settings, "run-in-background")))
        request_background (self);
      start_monitoring_after_first_frame (self);
    }
}

static int
vigil_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  if (g_variant_dict_contains (options, "background"))
    VIGIL_APPLICATION (app)->background = TRUE;
  return -1; /* go on */
}

static void
vigil_application_shutdown (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);

  if (self->first_frame_clock != NULL)
    g_clear_signal_handler (&self->first_frame_handler, self->first_frame_clock);
  g_clear_object (&self->first_frame_clock);
  g_clear_handle_id (&self->first_frame_source, g_source_remove);
  if (self->monitor)
    vigil_monitor_cancel (self->monitor);
  /* Quit on purpose: a source still being read is not an interrupted read. */
  if (self->store)
    vigil_store_release_own_readers (self->store);
  /* A sign-in the desk called off is taken back whole before the program
   * ends (the store write and the keyring call run in a worker). */
  vigil_credentials_wait_forgotten ();
  /* Not left loading modules while the program's destructors run. */
  if (self->warm_network != NULL)
    g_thread_join (g_steal_pointer (&self->warm_network));
  G_APPLICATION_CLASS (vigil_application_parent_class)->shutdown (app);
}

static void
vigil_application_finalize (GObject *object)
{
  VigilApplication *self = VIGIL_APPLICATION (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->startup_error);
  G_OBJECT_CLASS (vigil_application_parent_class)->finalize (object);
}

static void
vigil_application_class_init (VigilApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vigil_application_finalize;
  app_class->startup = vigil_application_startup;
  app_class->activate = vigil_application_activate;
  app_class->shutdown = vigil_application_shutdown;
  app_class->handle_local_options = vigil_application_handle_local_options;
}

static void
refresh_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;

  if (self->monitor)
    vigil_monitor_request_refresh (self->monitor, FALSE);
}

static void
open_article_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilWindow *window = present_window (user_data);

  if (window != NULL)
    vigil_window_show_article (window, g_variant_get_int64 (param));
}

static void
marked_story_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  /* The window follows the store's "changed". */
  if (!vigil_store_mark_articles_read_finish (VIGIL_STORE (object), result, &error))
    g_warning ("Could not mark the story read: %s", error->message);
}

/* "Mark Read" on a notification sent before the notification named the
 * story's articles: the one article. */
static void
mark_read_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  gint64 id = g_variant_get_int64 (param);

  if (self->store == NULL)
    return;
  vigil_store_mark_articles_read_async (self->store, &id, 1, NULL, marked_story_read,
                                        g_object_ref (self));
}

/* "Mark Read" on a notification: the story's articles it told of. */
static void
mark_story_read_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  gsize n = 0;
  const gint64 *ids = g_variant_get_fixed_array (param, &n, sizeof (gint64));

  if (self->store == NULL || n == 0)
    return;
  vigil_store_mark_articles_read_async (self->store, ids, n, NULL, marked_story_read,
                                        g_object_ref (self));
}

static void
new_source_set_up (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!vigil_store_edit_source_finish (VIGIL_STORE (object), result, &error))
    g_warning ("Could not set up the new source: %s", error->message);
}

static void
on_source_added (VigilAddSourceDialog *dialog, VigilSource *source, VigilApplication *self)
{
  const char *name = source->title && *source->title ? source->title : source->url;
  VigilWindow *window = vigil_application_find_window (self);
  guint interval = vigil_add_source_dialog_get_interval (dialog);
  gboolean images = g_settings_get_boolean (self->settings, "load-images");
  g_autofree char *text = NULL;

  if (g_object_get_data (G_OBJECT (source), VIGIL_SOURCE_ALREADY_SUBSCRIBED))
    {
      /* Nothing changes: the desk is shown the source it has. */
      /* TRANSLATORS: %s is the title of a feed the desk tried to add again */
      text = g_strdup_printf (_ ("Already subscribed to “%s”"), name);
      if (window != NULL)
        vigil_window_show_view (window, source->id);
      vigil_application_toast (self, text);
      return;
    }
  /* TRANSLATORS: %s is the title of the feed just subscribed to */
  text = g_strdup_printf (_ ("Subscribed to “%s”"), name);
  /* The window shows it through the store's "changed". */
  if (interval > 0 || images)
    vigil_store_edit_source_async (self->store, source->id, source->title, source->folder, interval,
                                   images, NULL, new_source_set_up, NULL);
  vigil_application_toast (self, text);
}

static void
add_source_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  VigilAddSourceDialog *dialog;

  if (self->monitor == NULL)
    return;
  g_application_activate (G_APPLICATION (self));
  dialog = vigil_add_source_dialog_new (GTK_WINDOW (vigil_application_find_window (self)),
                                        self->monitor,
                                        g_settings_get_uint (self->settings, "refresh-interval"));
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_source_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  GtkWindow *preferences = GTK_WINDOW (vigil_preferences_window_new (
      GTK_WINDOW (vigil_application_find_window (self)), self->settings, self->monitor));

  /* The application's, so that what the desktop answers can be said there. */
  gtk_window_set_application (preferences, GTK_APPLICATION (self));
  gtk_window_present (preferences);
}

/* One rules window at a time, over the main window. */
static void
rules_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  GtkWindow *rules_window, *parent;

  if (self->monitor == NULL)
    return; /* Vigil could not start; the window says why */
  /* This application's own (a static pointer outlived the application and
   * kept a later one in the same process from opening its rules) */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      {
        vigil_rules_window_present (l->data);
        return;
      }
  g_application_activate (G_APPLICATION (self));
  parent = GTK_WINDOW (vigil_application_find_window (self));
  rules_window = GTK_WINDOW (vigil_rules_window_new (parent, self->monitor));
  gtk_window_set_application (rules_window, GTK_APPLICATION (self));
  gtk_window_present (rules_window);
}

/* A throttled rule's summary: the window on the rule's view, the articles it
 * matched (its editor is the "Edit Rule" button's). */
static void
show_rule_matches_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilWindow *window = present_window (user_data);

  /* A rule renamed or deleted since: the Alerts view holds what it matched. */
  if (window != NULL)
    vigil_window_show_rule (window, g_variant_get_string (param, NULL));
}

/* A rule's editor, from a notification's "Edit Rule": a dialog over the main
 * window, without the list of rules under it; the open editor if there is
 * one, showing this rule. */
static void
show_rule_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  const char *name = g_variant_get_string (param, NULL);
  g_autoptr (GPtrArray) rules = NULL;
  gboolean exists = FALSE;

  if (self->monitor == NULL)
    return;
  rules = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));
  for (guint i = 0; i < rules->len && !exists; i++)
    exists = g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, name);
  /* A rule renamed or deleted since: the list of rules is what is left. */
  if (!exists)
    {
      rules_action (NULL, NULL, self);
      return;
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      {
        vigil_rules_window_edit (l->data, name);
        return;
      }
  g_application_activate (G_APPLICATION (self));
  /* One editor at a time: an open one shows this rule (tracked wherever it
   * was opened). */
  vigil_rules_editor_show (GTK_WINDOW (vigil_application_find_window (self)), self->monitor, name);
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
vigil_application_init (VigilApplication *self)
{
  static const GActionEntry entries[] = {
    { "refresh", refresh_action, NULL, NULL, NULL },
    { "open-article", open_article_action, "x", NULL, NULL },
    { "mark-read", mark_read_action, "x", NULL, NULL },
    { "mark-story-read", mark_story_read_action, "ax", NULL, NULL },
    { "rules", rules_action, NULL, NULL, NULL },
    { "show-rule", show_rule_action, "s", NULL, NULL },
    { "show-rule-matches", show_rule_matches_action, "s", NULL, NULL },
    { "add-source", add_source_action, NULL, NULL, NULL },
    { "import-opml", vigil_application_import_opml_action, NULL, NULL, NULL },
    { "export-opml", vigil_application_export_opml_action, NULL, NULL, NULL },
    { "add-account", vigil_application_add_account_action, NULL, NULL, NULL },
    { "sign-in", vigil_application_sign_in_action, "x", NULL, NULL },
    { "preferences", preferences_action, NULL, NULL, NULL },
    { "about", vigil_application_about_action, NULL, NULL, NULL },
    { "quit", quit_action, NULL, NULL, NULL },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  g_application_add_main_option (
      G_APPLICATION (self), "background", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
      _ ("Keep watching the sources and sending alerts without a window"), NULL);
}

VigilApplication *
vigil_application_new (void)
{
  vigil_gpu_choose_renderer (); /* before GTK starts (in g_application_run) */
  return g_object_new (VIGIL_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
                       "/io/github/vigildesk/Vigil", NULL);
}

VigilMonitor *
vigil_application_get_monitor (VigilApplication *self)
{
  return self->monitor;
}

GSettings *
vigil_application_get_settings (VigilApplication *self)
{
  return self->settings;
}
