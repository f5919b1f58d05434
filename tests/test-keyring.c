/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sync account's password in a real desktop keyring (issue 19): Debian's
 * gnome-keyring-daemon on a private session bus (tests/run-with-keyring.sh
 * starts it with a new, unlocked login keyring in a temporary folder). The
 * password goes in and out of the Secret service under the account's server and
 * user, never into the database; vigil-cli's account add keeps it there, and a
 * later sync finds it without VIGIL_SYNC_PASSWORD: the test's Google Reader
 * login (a SoupServer on 127.0.0.1) receives it. */
#define _GNU_SOURCE
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vigil-keyring.h"
#include "vigil-test-utils.h"

#define PASSWORD "s3cret-desk-pw"
#define USER "analyst"

static char *tmp;
static char *api;
static GPtrArray *logins; /* the Passwd of each ClientLogin the server got */

static void
handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer data)
{
  soup_server_message_set_status (msg, 200, NULL);
  if (g_str_has_suffix (path, "/accounts/ClientLogin"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr (GHashTable) form = soup_form_decode (text);
      const char *password = g_hash_table_lookup (form, "Passwd");

      g_ptr_array_add (logins, g_strdup (password ? password : ""));
      if (g_strcmp0 (password, PASSWORD) == 0)
        soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                          "SID=s\nLSID=l\nAuth=token\n", 25);
      else
        soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  /* Everything else of a sync: an empty server. */
  if (strstr (path, "subscription/list"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"subscriptions\":[]}", 20);
  else if (strstr (path, "tag/list"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"tags\":[]}",
                                      11);
  else if (strstr (path, "stream/items/ids"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"itemRefs\":[]}", 15);
  else if (strstr (path, "stream/contents"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"items\":[]}",
                                      12);
  else if (strstr (path, "/token"))
    soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "tok\n", 4);
  else
    soup_server_message_set_status (msg, 404, NULL);
}

/* The keyring keeps one password per (server, user), gives it back, replaces
 * it, and forgets it. */
static void
test_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *got = NULL, *other_user = NULL, *other_server = NULL, *replaced = NULL;
  g_autofree char *gone = NULL;

  g_assert_true (vigil_keyring_supported ());
  g_assert_true (
      vigil_keyring_store ("Desk", "https://news.example/api", USER, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  got = vigil_keyring_lookup ("https://news.example/api", USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, PASSWORD);

  other_user = vigil_keyring_lookup ("https://news.example/api", "someone", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other_user);
  other_server = vigil_keyring_lookup ("https://other.example/api", USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other_server);

  g_assert_true (
      vigil_keyring_store ("Desk", "https://news.example/api", USER, "changed", NULL, &error));
  replaced = vigil_keyring_lookup ("https://news.example/api", USER, NULL, &error);
  g_assert_cmpstr (replaced, ==, "changed");

  g_assert_true (vigil_keyring_clear ("https://news.example/api", USER, NULL, &error));
  g_assert_no_error (error);
  gone = vigil_keyring_lookup ("https://news.example/api", USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  /* Forgetting what is not there is no error. */
  g_assert_true (vigil_keyring_clear ("https://news.example/api", USER, NULL, &error));
  g_assert_no_error (error);
}

/* vigil-cli with @input on its standard input and no VIGIL_SYNC_PASSWORD; the
 * main loop runs (the server is in this process). */
static int
cli (const char *input, char **out, char **err, ...)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                   | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocess) p = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list ap;

  g_subprocess_launcher_unsetenv (launcher, "VIGIL_SYNC_PASSWORD");
  g_ptr_array_add (args, (gpointer) VIGIL_CLI);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  p = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  return vigil_test_communicate (p, input, out, err);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* vigil-cli account add: the password typed on standard input goes to the
 * keyring under the account's API address, not into the database; a sync
 * later logs in with it from the keyring; removing it from the keyring makes
 * the sync say there is no password. */
static void
test_cli_account (void)
{
  g_autofree char *db = g_build_filename (tmp, "desk.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *out = NULL, *err = NULL, *kept = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  status = cli (PASSWORD "\n", &out, &err, "account", "add", "--name", "Desk", "--server", api,
                "--user", USER, "--db", db, NULL);
  g_test_message ("account add: %d %s%s", status, out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "keyring"));
  g_assert_cmpuint (logins->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (logins, 0), ==, PASSWORD);
  kept = vigil_keyring_lookup (api, USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, PASSWORD);
  g_assert_false (file_contains (db, PASSWORD));
  g_assert_false (file_contains (wal, PASSWORD));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing on standard input, no VIGIL_SYNC_PASSWORD: the keyring's. */
  status = cli ("", &out, &err, "sync", "--account", "Desk", "--db", db, NULL);
  g_test_message ("sync: %d %s", status, err);
  g_assert_cmpuint (logins->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (logins, 1), ==, PASSWORD);
  g_assert_null (strstr (err, "no password"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (vigil_keyring_clear (api, USER, NULL, &error));
  status = cli ("", &out, &err, "sync", "--account", "Desk", "--db", db, NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "password"));
  g_assert_cmpuint (logins->len, ==, 2);
}

static void
skipped (void)
{
  g_test_skip ("run by tests/run-with-keyring.sh (a private gnome-keyring-daemon)");
}

int
main (int argc, char *argv[])
{
  g_autoptr (SoupServer) server = NULL;
  g_autofree char *base = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("VIGIL_TEST_KEYRING") == NULL)
    {
      /* Never the desk's own keyring. */
      g_test_add_func ("/keyring/skipped", skipped);
      return g_test_run ();
    }
  tmp = vigil_test_make_tmp_dir ("vigil-keyring-XXXXXX");
  logins = g_ptr_array_new_with_free_func (g_free);
  server = vigil_test_server_new (handle, NULL, &base);
  api = g_strconcat (base, "/api/greader.php", NULL);

  g_test_add_func ("/keyring/round-trip", test_round_trip);
  g_test_add_func ("/keyring/cli-account", test_cli_account);
  rc = g_test_run ();
  g_ptr_array_unref (logins);
  g_free (api);
  g_free (tmp);
  return rc;
}
