/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-background.c: asks the desktop to let Vigil monitor with no window and,
 * if the desk wants it, to start it at login.
 *
 * In a sandbox this is the background portal's decision (through libportal);
 * it may ask the user, and a refusal is reported as an error. On the host the
 * autostart entry is a desktop file in $XDG_CONFIG_HOME/autostart, written and
 * removed here. */
#include "config.h"

#include "vigil-background.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libportal-gtk4/portal-gtk4.h>
#include <libportal/portal.h>
#include <string.h>

/* The portal in a sandbox, and wherever GTK is told to use portals
 * (GDK_DEBUG=portals), as GTK's own file chooser does. */
VigilBackgroundMethod
vigil_background_default_method (void)
{
  static const GDebugKey keys[] = { { "portals", 1 } };
  const char *debug = g_getenv ("GDK_DEBUG");

  if (xdp_portal_running_under_sandbox ()
      || (debug != NULL && g_parse_debug_string (debug, keys, G_N_ELEMENTS (keys)) != 0))
    return VIGIL_BACKGROUND_PORTAL;
  return VIGIL_BACKGROUND_HOST;
}

char *
vigil_background_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* One argument of a desktop file's Exec key: quoted when it has to be, with
 * the characters the specification reserves inside quotes escaped. */
static void
append_exec_argument (GString *exec, const char *arg)
{
  if (exec->len > 0)
    g_string_append_c (exec, ' ');
  if (*arg != '\0' && strpbrk (arg, " \t\n\"'\\><~|&;$*?#()`=%") == NULL)
    {
      g_string_append (exec, arg);
      return;
    }
  g_string_append_c (exec, '"');
  for (const char *p = arg; *p; p++)
    {
      if (*p == '"' || *p == '`' || *p == '$' || *p == '\\')
        g_string_append_c (exec, '\\');
      if (*p == '%')
        g_string_append_c (exec, '%'); /* a field code otherwise */
      g_string_append_c (exec, *p);
    }
  g_string_append_c (exec, '"');
}

static gboolean
write_autostart_entry (const char *const *argv, GError **error)
{
  g_autofree char *path = vigil_background_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GKeyFile) entry = g_key_file_new ();
  g_autoptr (GString) exec = g_string_new (NULL);
  g_autofree char *data = NULL;
  gsize length;

  for (guint i = 0; argv[i] != NULL; i++)
    append_exec_argument (exec, argv[i]);

  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, "Vigil");
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _ ("Monitor news sources and raise alerts"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec->str);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);
  data = g_key_file_to_data (entry, &length, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* TRANSLATORS: %s is a folder, then the system's reason */
                   _ ("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents (path, data, length, error);
}

static gboolean
remove_autostart_entry (GError **error)
{
  g_autofree char *path = vigil_background_autostart_path ();

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* TRANSLATORS: %s is a file, then the system's reason */
                   _ ("Could not remove “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
portal_answered (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (xdp_portal_request_background_finish (XDP_PORTAL (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_dbus_error_strip_remote_error (error);
      /* No portal, or it failed: say why in words the desk can act on. */
      GError *plain = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   /* TRANSLATORS: %s is the system's reason */
                                   _ ("The desktop could not be asked to let Vigil run in the "
                                      "background: %s"),
                                   error->message);
      g_error_free (error);
      g_task_return_error (task, plain);
    }
  else
    {
      /* Refused, or the user closed the question. */
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s",
                               _ ("The desktop does not allow Vigil to run in the background; "
                                  "allow it in Settings → Apps → Vigil"));
    }
}

void
vigil_background_request_async (VigilBackgroundMethod method, GtkWindow *parent, gboolean autostart,
                                const char *const *argv, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (argv != NULL && argv[0] != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_background_request_async);

  if (method == VIGIL_BACKGROUND_HOST)
    {
      /* Nothing stops a host application from running without a window. */
      if (autostart ? write_autostart_entry (argv, &error) : remove_autostart_entry (&error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      g_object_unref (task);
    }
  else
    {
      g_autoptr (XdpPortal) portal = xdp_portal_new ();
      g_autoptr (GPtrArray) commandline = g_ptr_array_new_with_free_func (g_free);
      XdpParent *xdp_parent = parent ? xdp_parent_new_gtk (parent) : NULL;
      g_autofree char *reason
          = g_strdup (_ ("Vigil keeps refreshing your sources and raising alerts while its "
                         "window is closed"));

      for (guint i = 0; argv[i] != NULL; i++)
        g_ptr_array_add (commandline, g_strdup (argv[i]));
      xdp_portal_request_background (portal, xdp_parent, reason, commandline,
                                     autostart ? XDP_BACKGROUND_FLAG_AUTOSTART
                                               : XDP_BACKGROUND_FLAG_NONE,
                                     /* not @cancellable: libportal 0.6 never
                                        completes a request cancelled midway */
                                     NULL, portal_answered, task);
      g_clear_pointer (&xdp_parent, xdp_parent_free);
    }
}

gboolean
vigil_background_request_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
