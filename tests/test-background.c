/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running with no window and starting at login (vigil-background.c).
 *
 * On the host: the autostart entry written, run by GIO exactly as the desktop
 * would run it (arguments with spaces, quotes, $, ` and % come back intact),
 * valid for desktop-file-validate, removed again; a folder that cannot be made
 * is a clear error.
 *
 * In a sandbox: the background portal on a real session bus (run inside
 * dbus-run-session): a mock org.freedesktop.portal.Desktop on its own
 * connection records what Vigil asked for and answers yes, no, or fails; and
 * with no portal on the bus the request ends with a clear error. */
#include "config.h"

#include "mock-portal.h"
#include "vigil-background.h"
#include "vigil-test-utils.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gstdio.h>

/* Runs one request to its end; FALSE with @error when it failed. */
static gboolean
request (VigilBackgroundMethod method, gboolean autostart, const char *const *argv, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vigil_background_request_async (method, NULL, autostart, argv, NULL, vigil_test_async_ready,
                                  &result);
  result = vigil_test_wait_result (&result);
  return vigil_background_request_finish (result, error);
}

/* The launched command has written its last argument to @path. */
static gboolean
all_written (gpointer path)
{
  g_autofree char *written = NULL;

  return g_file_get_contents (path, &written, NULL, NULL)
         && g_str_has_suffix (written, "--background\n");
}

static void
test_host_autostart (void)
{
  g_autofree char *path = vigil_background_autostart_path ();
  g_autofree char *out_dir = vigil_test_make_tmp_dir ("vigil-autostart-out-XXXXXX");
  g_autofree char *out = g_build_filename (out_dir, "argv with space.txt", NULL);
  g_autofree char *written = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) entry = g_key_file_new ();
  g_autoptr (GDesktopAppInfo) info = NULL;
  g_autofree char *validator = g_find_program_in_path ("desktop-file-validate");
  /* The command writes its own arguments back, one per line. */
  const char *argv[] = { "/bin/sh",
                         "-c",
                         "printf '%s\\n' \"$@\" > \"$0\"",
                         out,
                         "two words",
                         "d$llar \"quoted\" `tick` back\\slash 100% ;&|<>*?#~=()",
                         "--background",
                         NULL };

  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_true (g_str_has_suffix (path, "/autostart/" APP_ID ".desktop"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (request (VIGIL_BACKGROUND_HOST, TRUE, argv, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (
      g_key_file_get_boolean (entry, "Desktop Entry", "X-GNOME-Autostart-enabled", NULL));
  g_assert_true (g_key_file_get_boolean (entry, "Desktop Entry", "NoDisplay", NULL));

  if (validator != NULL)
    {
      const char *check[] = { validator, path, NULL };
      int status = 0;
      g_autofree char *said = NULL;
      g_assert_true (g_spawn_sync (NULL, (char **) check, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &said, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (said, ==, "");
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  /* Launched the way the session launches it: every argument intact. */
  info = g_desktop_app_info_new_from_filename (path);
  g_assert_nonnull (info);
  g_assert_true (g_app_info_launch (G_APP_INFO (info), NULL, NULL, &error));
  g_assert_no_error (error);
  vigil_test_wait_until (all_written, out, 10);
  g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
  contents = g_strjoin ("\n", argv[4], argv[5], argv[6], "", NULL);
  g_assert_cmpstr (written, ==, contents);

  /* Off: the entry is gone, and off again is no error. */
  g_assert_true (request (VIGIL_BACKGROUND_HOST, FALSE, argv, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (request (VIGIL_BACKGROUND_HOST, FALSE, argv, &error));
  g_assert_no_error (error);
}

static void
test_host_unwritable (void)
{
  g_autofree char *path = vigil_background_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "vigil", "--background", NULL };

  /* Something that is not a folder where the autostart folder should be. */
  g_rmdir (dir);
  g_assert_true (g_file_set_contents (dir, "not a folder", -1, NULL));
  g_assert_false (request (VIGIL_BACKGROUND_HOST, TRUE, argv, &error));
  g_assert_nonnull (error);
  g_test_message ("unwritable: %s", error->message);
  g_assert_nonnull (strstr (error->message, dir));
  g_unlink (dir);
}

static void
test_portal (void)
{
  MockPortal *portal = mock_portal_start ();
  g_autoptr (GError) error = NULL;
  g_autofree const char **commandline = NULL;
  const char *reason = NULL;
  gboolean autostart = FALSE;
  const char *argv[] = { "vigil", "--background", NULL };

  /* Yes to background and autostart. */
  portal->grant = TRUE;
  g_assert_true (request (VIGIL_BACKGROUND_PORTAL, TRUE, argv, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (portal->calls, ==, 1);
  g_assert_cmpstr (portal->method, ==, "RequestBackground");
  g_assert_cmpstr (portal->parent_window, ==, "");
  g_assert_true (g_variant_lookup (portal->options, "autostart", "b", &autostart));
  g_assert_true (autostart);
  g_assert_true (g_variant_lookup (portal->options, "commandline", "^a&s", &commandline));
  g_assert_cmpstrv (commandline, argv);
  g_assert_true (g_variant_lookup (portal->options, "reason", "&s", &reason));
  g_assert_cmpuint (strlen (reason), >, 20);

  /* Autostart turned off: asked for background alone. */
  g_assert_true (request (VIGIL_BACKGROUND_PORTAL, FALSE, argv, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (portal->options, "autostart", "b", &autostart));
  g_assert_false (autostart);

  /* The desktop says no (or the user does). */
  portal->grant = FALSE;
  g_assert_false (request (VIGIL_BACKGROUND_PORTAL, TRUE, argv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  portal->response = 1;
  g_assert_false (request (VIGIL_BACKGROUND_PORTAL, TRUE, argv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The portal itself failed. */
  portal->response = 2;
  g_assert_false (request (VIGIL_BACKGROUND_PORTAL, TRUE, argv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("failed: %s", error->message);
  g_assert_cmpuint (portal->calls, ==, 5);

  mock_portal_stop (portal);
}

static void
test_no_portal (void)
{
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "vigil", "--background", NULL };

  /* Nobody answers for the portal on this bus. */
  g_assert_false (request (VIGIL_BACKGROUND_PORTAL, TRUE, argv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("no portal: %s", error->message);
}

int
main (int argc, char *argv[])
{
  int rc;

  /* Before GLib reads it: the autostart folder is the test's own. */
  g_free (vigil_test_set_xdg_dirs ());
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/background/host-autostart", test_host_autostart);
  g_test_add_func ("/background/host-unwritable", test_host_unwritable);
  g_test_add_func ("/background/no-portal", test_no_portal);
  g_test_add_func ("/background/portal", test_portal);
  rc = g_test_run ();
  return rc;
}
