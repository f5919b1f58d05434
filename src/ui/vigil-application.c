/* vigil-application.c */
#include "config.h"

#include "vigil-a11y.h"
#include "vigil-application.h"
#include "vigil-gpu.h"
#include "vigil-keyring.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-add-source-dialog.h"
#include "vigil-background.h"
#include "vigil-notifier.h"
#include "vigil-preferences-window.h"
#include "vigil-rules-window.h"
#include "vigil-window.h"

struct _VigilApplication
{
  AdwApplication parent_instance;
  GSettings *settings;
  VigilStore *store;
  VigilMonitor *monitor;
  VigilSync *sync; /* the sync accounts' engine, attached to the monitor */
  GError *startup_error;
  gboolean refreshed_once;
  gboolean background; /* --background: no window at start, alive when it closes */
  gboolean held;       /* "Keep monitoring when closed" holds the application */
  gboolean reverting;  /* a refused autostart being switched back off */
};

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, ADW_TYPE_APPLICATION)

/* The main window (the rules window and dialogs belong to the application too). */
static VigilWindow *
find_window (VigilApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIGIL_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static VigilWindow *
get_window (VigilApplication *self)
{
  VigilWindow *window = find_window (self);

  return window ? window : vigil_window_new (self);
}

/* A message in the main window; with none (monitoring in the background),
 * in the log. */
static void
toast (VigilApplication *self, const char *text)
{
  VigilWindow *window = find_window (self);

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
        g_autofree char *escaped = g_markup_escape_text (text, -1);
        adw_preferences_window_add_toast (l->data, adw_toast_new (escaped));
        return;
      }
  toast (self, text);
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
 * old items): one quiet line in the window instead of notifications. */
static void
on_backlog_matched (VigilMonitor *monitor, guint count, VigilApplication *self)
{
  g_autofree char *text = NULL;

  if (find_window (self) == NULL)
    return;
  text = g_strdup_printf (
      /* TRANSLATORS: articles stored at a first read or published long ago that
       * match the alert rules; they are listed, not notified */
      ngettext ("%u older article matches your rules", "%u older articles match your rules", count),
      count);
  toast (self, text);
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

  for (guint i = 0; i < wanted->len; i++)
    {
      AccountPassword *p = g_ptr_array_index (wanted, i);
      if (p->password == NULL)
        continue;
      vigil_sync_set_password (self->sync, p->id, p->password);
      /* The first refresh may have gone by without it. */
      if (self->refreshed_once)
        vigil_monitor_sync_account (self->monitor, p->id);
    }
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
  open_store (self);
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
  if (self->background && !self->refreshed_once)
    {
      /* Monitoring without a window: the hold keeps the application (and its
       * alerts) alive; a notification or a second launch opens the window. */
      g_application_hold (app);
    }
  else
    gtk_window_present (GTK_WINDOW (get_window (self)));
  if (!self->refreshed_once)
    {
      self->refreshed_once = TRUE;
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
      vigil_monitor_refresh_all (self->monitor);
      vigil_monitor_start (self->monitor);
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

  if (self->monitor)
    vigil_monitor_cancel (self->monitor);
  /* Quit on purpose: a source still being read is not an interrupted read. */
  if (self->store)
    vigil_store_release_own_readers (self->store);
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
    vigil_monitor_refresh_all (self->monitor);
}

static void
open_article_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  VigilWindow *window;

  if (self->monitor == NULL)
    return;
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));
  vigil_window_show_article (window, g_variant_get_int64 (param));
}

static void
marked_story_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vigil_store_mark_articles_read_finish (VIGIL_STORE (object), result, &error))
    g_warning ("Could not mark the story read: %s", error->message);
  else if (find_window (self) != NULL)
    vigil_window_reload (find_window (self));
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
on_source_added (VigilAddSourceDialog *dialog, VigilSource *source, VigilApplication *self)
{
  const char *name = source->title && *source->title ? source->title : source->url;
  VigilWindow *window = find_window (self);
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
      toast (self, text);
      return;
    }
  /* TRANSLATORS: %s is the title of the feed just subscribed to */
  text = g_strdup_printf (_ ("Subscribed to “%s”"), name);
  if (interval > 0 || images)
    {
      g_autoptr (GError) error = NULL;
      if (!vigil_store_edit_source (self->store, source->id, source->title, source->folder,
                                    interval, images, &error))
        g_warning ("Could not set up the new source: %s", error->message);
    }

  if (window != NULL)
    vigil_window_reload (window);
  toast (self, text);
}

static void
add_source_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  VigilAddSourceDialog *dialog;

  if (self->monitor == NULL)
    return;
  g_application_activate (G_APPLICATION (self));
  dialog = vigil_add_source_dialog_new (GTK_WINDOW (find_window (self)), self->monitor,
                                        g_settings_get_uint (self->settings, "refresh-interval"));
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_source_added), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  GtkWindow *preferences = GTK_WINDOW (vigil_preferences_window_new (
      GTK_WINDOW (find_window (self)), self->settings, self->monitor));

  /* The application's, so that what the desktop answers can be said there. */
  gtk_window_set_application (preferences, GTK_APPLICATION (self));
  gtk_window_present (preferences);
}

/* Subscriptions from and to OPML, the format every reader exchanges. The file
 * comes through the file chooser (the portal in a sandbox) and is read without
 * blocking the window; anything much larger than a subscription list is refused
 * before it is all in memory. */
#define OPML_MAX_BYTES (8 * 1024 * 1024)

static gboolean
opml_read_more (const char *contents, goffset size, gpointer user_data)
{
  return size <= OPML_MAX_BYTES;
}

/* The outlines an import left out, by title and reason: the desk has to
 * know which subscriptions it did not get. */
#define MAX_REFUSED_SHOWN 10

static void
show_refused (VigilApplication *self, GStrv refused)
{
  VigilWindow *window = find_window (self);
  guint n = g_strv_length (refused);
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree char *heading = g_strdup_printf (
      /* TRANSLATORS: %u is how many outlines of a subscription list were not imported */
      g_dngettext (GETTEXT_PACKAGE, "%u Subscription Not Imported", "%u Subscriptions Not Imported",
                   n),
      n);
  GtkWidget *dialog;

  /* A hostile list may hold thousands: the first few say enough. */
  for (guint i = 0; i < n && i < MAX_REFUSED_SHOWN; i++)
    g_string_append_printf (list, "%s%s", i ? "\n" : "", refused[i]);
  if (n > MAX_REFUSED_SHOWN)
    {
      g_string_append_c (list, '\n');
      g_string_append_printf (
          list,
          /* TRANSLATORS: %u more outlines not imported, not listed */
          g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more", n - MAX_REFUSED_SHOWN),
          n - MAX_REFUSED_SHOWN);
    }
  if (window == NULL)
    {
      g_message ("%s\n%s", heading, list->str);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, list->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_application_add_window (GTK_APPLICATION (self), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
opml_loaded (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilApplication) self = user_data;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  guint n = 0;
  g_auto (GStrv) refused = NULL;

  if (g_file_load_partial_contents_finish (G_FILE (object), result, &contents, &length, NULL,
                                           &error)
      && length > OPML_MAX_BYTES)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 /* TRANSLATORS: %d is a size in mebibytes */
                 _ ("the file is larger than %d MiB, far more than a subscription list"),
                 OPML_MAX_BYTES / (1024 * 1024));
  if (error == NULL)
    n = vigil_monitor_import_opml (self->monitor, contents, length, &refused, &error);
  if (error != NULL)
    {
      /* TRANSLATORS: %s says why the subscription list could not be read */
      g_autofree char *text = g_strdup_printf (_ ("Could not import: %s"), error->message);
      toast (self, text);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (
        /* TRANSLATORS: %u is how many sources the imported file listed */
        g_dngettext (GETTEXT_PACKAGE, "Imported %u source", "Imported %u sources", n), n);
    toast (self, text);
  }
  if (refused != NULL && refused[0] != NULL)
    show_refused (self, refused);
  if (find_window (self) != NULL)
    vigil_window_reload (find_window (self));
  vigil_monitor_refresh_all (self->monitor);
}

static void
on_import_response (GtkNativeDialog *chooser, int response, VigilApplication *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL && self->monitor != NULL)
    g_file_load_partial_contents_async (file, NULL, opml_read_more, opml_loaded,
                                        g_object_ref (self));
}

static void
import_opml_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->monitor == NULL)
    return;
  chooser
      = gtk_file_chooser_native_new (_ ("Import Subscriptions"), GTK_WINDOW (find_window (self)),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), NULL);
  gtk_file_filter_set_name (filter, _ ("OPML subscription lists"));
  gtk_file_filter_add_pattern (filter, "*.opml");
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_filter_add_mime_type (filter, "text/x-opml+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_failed (VigilApplication *self, const GError *error)
{
  /* TRANSLATORS: %s says why the subscription list could not be written */
  g_autofree char *text = g_strdup_printf (_ ("Could not export: %s"), error->message);

  toast (self, text);
}

static void
opml_written (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    toast (self, _ ("Subscriptions exported"));
  else
    export_failed (self, error);
}

static void
on_export_response (GtkNativeDialog *chooser, int response, VigilApplication *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GBytes) opml = NULL;
  g_autoptr (GError) error = NULL;
  char *text;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->monitor == NULL)
    return;
  text = vigil_monitor_export_opml (self->monitor, &error);
  if (text == NULL)
    {
      export_failed (self, error);
      return;
    }
  opml = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, opml, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, opml_written, g_object_ref (self));
}

static void
export_opml_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  GtkFileChooserNative *chooser;

  if (self->monitor == NULL)
    return;
  chooser
      = gtk_file_chooser_native_new (_ ("Export Subscriptions"), GTK_WINDOW (find_window (self)),
                                     GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "vigil-subscriptions.opml");
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
        gtk_window_present (l->data);
        return;
      }
  g_application_activate (G_APPLICATION (self));
  parent = GTK_WINDOW (find_window (self));
  rules_window = GTK_WINDOW (vigil_rules_window_new (parent, self->monitor));
  gtk_window_set_application (rules_window, GTK_APPLICATION (self));
  gtk_window_present (rules_window);
}

/* A throttled rule's summary notification: the rule in its editor, which
 * lists what it matched. */
/* A throttled rule's summary: the window on the rule's view, the articles it
 * matched (its editor is the "Edit Rule" button's). */
static void
show_rule_matches_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  VigilWindow *window;

  if (self->monitor == NULL)
    return;
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));
  /* A rule renamed or deleted since: the Alerts view holds what it matched. */
  vigil_window_show_rule (window, g_variant_get_string (param, NULL));
}

static void
show_rule_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  const char *name = g_variant_get_string (param, NULL);
  g_autoptr (GPtrArray) rules = NULL;
  GtkWindow *rules_window = NULL;
  gboolean exists = FALSE;

  if (self->monitor == NULL)
    return;
  rules_action (NULL, NULL, self);
  rules = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (self->monitor));
  for (guint i = 0; i < rules->len && !exists; i++)
    exists = g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, name);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      rules_window = l->data;
  /* A rule renamed or deleted since: the list of rules is what is left. */
  if (rules_window != NULL && exists)
    vigil_rules_window_edit (VIGIL_RULES_WINDOW (rules_window), name);
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  const char *developers[] = { "The Vigil developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about, "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                "application-name", _ ("Vigil"), "application-icon", APP_ID, "version",
                PACKAGE_VERSION, "developer-name", _ ("The Vigil developers"), "developers",
                developers, "website", PROJECT_URL, "issue-url", PROJECT_URL "/issues", "comments",
                _ ("Monitor regional news, see who and where at a glance, and get alerted the "
                   "moment a story that matters breaks."),
                "license-type", GTK_LICENSE_GPL_3_0, "copyright", "© 2026 The Vigil developers",
                NULL);
  /* Credits the data's licences ask for (data/README has the details). The
   * attribution lines are quoted as their licences give them, untranslated. */
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Name tagger training data"), NULL, GTK_LICENSE_CUSTOM,
      "Derived from the GUM corpus (Zeldes 2017, https://gucorpling.org/gum/, annotations "
      "CC BY 4.0) and Wikinews articles (https://en.wikinews.org, CC BY 2.5); named-entity layer "
      "derived heuristically by the Vigil project.\n"
      "Universal NER English-PUD (Mayhew et al., NAACL 2024, https://www.universalner.org/), "
      "based on UD_English-PUD; CC BY-SA 3.0.\n"
      "CrossNER politics domain (Liu et al., AAAI 2021, https://github.com/zliucr/CrossNER, MIT "
      "licence); text from Wikipedia (CC BY-SA 3.0).\n"
      "Universal NER English-EWT (Mayhew et al., NAACL 2024, https://www.universalner.org/), "
      "based on UD_English-EWT; CC BY-SA 4.0.\n"
      "Derived from the GUM corpus (Zeldes 2017, https://gucorpling.org/gum/, annotations "
      "CC BY 4.0); texts from Wikipedia and Wikivoyage (CC BY-SA 3.0); named-entity layer "
      "derived heuristically by the Vigil project.");
  /* The English tagger's word lists (data/analysis/common-words.txt,
   * wordnet-names.txt) ship inside the program: their notices, as given. */
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Name tagger word lists"), NULL, GTK_LICENSE_CUSTOM,
      "Ordinary English words from SCOWL (Spell Checker Oriented Word Lists), Copyright "
      "2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell these "
      "word lists, the associated scripts, the output created from the scripts, and its "
      "documentation for any purpose is hereby granted without fee, provided that the above "
      "copyright notice appears in all copies and that both that copyright notice and this "
      "permission notice appear in supporting documentation. Kevin Atkinson makes no "
      "representations about the suitability of this array for any purpose. It is provided "
      "\"as is\" without express or implied warranty.\n"
      "Names from WordNet 3.0. WordNet 3.0 Copyright 2006 by Princeton University. All rights "
      "reserved. THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY "
      "MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT "
      "LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF "
      "MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED "
      "SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, "
      "COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton "
      "may not be used in advertising or publicity pertaining to distribution of the software "
      "and/or database. Title to copyright in this software, database and any associated "
      "documentation shall at all times remain with Princeton University.");
  /* The place lists' sources ask for their notices wherever their data is used. */
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Places and countries"), NULL, GTK_LICENSE_CUSTOM,
      _ ("Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0.\n"
         "English names of cities from SimpleMaps (https://simplemaps.com/data/world-cities), "
         "licensed under CC BY 4.0.\n"
         "Contains information from world-countries (https://github.com/mledoze/countries), "
         "which is made available here under the Open Database License (ODbL), "
         "https://opendatacommons.org/licenses/odbl/1.0/.\n"
         "Country names and their translations from Debian's iso-codes, under the GNU LGPL "
         "2.1 or later.\n"
         "Spanish demonyms from i18n-nationality (https://github.com/widdix/i18n-nationality), "
         "© 2016 widdix GmbH, MIT licence.\n"
         "The provinces of cities from country-state-city (GPL-3.0), whose data comes from "
         "the Countries States Cities Database "
         "(https://github.com/dr5hn/countries-states-cities-database), made available under "
         "the Open Database License (ODbL) 1.0."));
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Reader mode"), "Copyright (c) 2010 Arc90 Inc",
      GTK_LICENSE_APACHE_2_0,
      /* TRANSLATORS: credits the library that finds an article in its web page */
      _ ("Full articles are found in their web pages by Mozilla Readability "
         "(https://github.com/mozilla/readability)."));
  gtk_window_present (GTK_WINDOW (about));
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
    { "import-opml", import_opml_action, NULL, NULL, NULL },
    { "export-opml", export_opml_action, NULL, NULL, NULL },
    { "preferences", preferences_action, NULL, NULL, NULL },
    { "about", about_action, NULL, NULL, NULL },
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
