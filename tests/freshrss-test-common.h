/* SPDX-License-Identifier: GPL-3.0-or-later */
/* freshrss-test-common.h: a real FreshRSS on 127.0.0.1 for the tests of the
 * sync engine and of the window's accounts (issue 19).
 *
 * FreshRSS (../shared/servers/freshrss-*.tar.xz, or VIGIL_FRESHRSS_TARBALL) is
 * unpacked into a folder of the test's (in the build directory when there is
 * one) and started by freshrss-start.sh, subscribed (through an OPML file) to
 * feeds the test serves itself from a SoupServer in a thread of its own; what
 * the server holds is read back through its API by a small client of the
 * test's own. A failed assertion, a crash or meson's timeout kills it. Nothing
 * but 127.0.0.1 is ever contacted.
 *
 * Use: freshrss_prepare () (77: skip, with the TAP line printed), add_item ()
 * for the feeds, start_feed_server (), an OPML naming F.feeds_url's feeds,
 * freshrss_start (opml), the tests, freshrss_stop ().
 */
#pragma once

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vigil-test-utils.h"

#define USER "alice"
#define PASSWORD "s3cret-Pass"

typedef struct
{
  char *tmp;
  char *src;    /* unpacked FreshRSS */
  char *data;   /* its data folder */
  char *script; /* freshrss-start.sh */
  guint port;
  char *api;
  int pid;
  /* the feeds' server, in a thread of its own */
  GMutex lock;
  GHashTable *feeds; /* path -> GPtrArray of item XML */
  char *feeds_url;
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *server;
  /* the broken server */
  /* the test's own answers: TRUE when it answered (the broken server) */
  gboolean (*handler) (SoupServerMessage *msg, const char *path);
  char *fault;   /* what it does wrong */
  int edit_tags; /* edit-tag requests it had (atomic) */
  int accepted;  /* ...and took */
} Fixture;

static Fixture F;

/* The server's pid for the signal handlers: a failed assertion (abort), a
 * crash or meson's timeout must not leave FreshRSS running. */
static volatile sig_atomic_t server_pid;

#define READING_LIST "user/-/state/com.google/reading-list"
#define READ "user/-/state/com.google/read"
#define STARRED "user/-/state/com.google/starred"

static inline void
on_fatal_signal (int sig)
{
  if (server_pid > 0)
    kill (server_pid, SIGKILL);
  signal (sig, SIG_DFL);
  raise (sig);
}

static inline char *
feed_xml (const char *path)
{
  GPtrArray *items = g_hash_table_lookup (F.feeds, path);
  GString *xml = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>");

  g_string_append_printf (xml, "%s feed</title><link>http://127.0.0.1/%s</link>", path + 1,
                          path + 1);
  for (guint i = 0; i < items->len; i++)
    g_string_append (xml, g_ptr_array_index (items, i));
  g_string_append (xml, "</channel></rss>");
  return g_string_free (xml, FALSE);
}

static inline void
add_item (const char *path, const char *title, const char *text, gint64 age_hours)
{
  g_autoptr (GDateTime) when = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) then = g_date_time_add_hours (when, -(gint) age_hours);
  g_autofree char *date = g_date_time_format (then, "%a, %d %b %Y %H:%M:%S +0000");
  GPtrArray *items;
  guint n;

  g_mutex_lock (&F.lock);
  items = g_hash_table_lookup (F.feeds, path);
  if (items == NULL)
    {
      items = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (F.feeds, g_strdup (path), items);
    }
  n = items->len;
  /* newest first, as feeds list them */
  g_ptr_array_insert (items, 0,
                      g_strdup_printf ("<item><title>%s</title><link>http://127.0.0.1%s/%u</link>"
                                       "<guid>%s-%u</guid><pubDate>%s</pubDate>"
                                       "<description>%s</description></item>",
                                       title, path, n, path + 1, n, date, text));
  g_mutex_unlock (&F.lock);
}

static inline void
serve (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
       gpointer data)
{
  g_autofree char *xml = NULL;

  if (F.handler != NULL && F.handler (msg, path))
    return;
  g_mutex_lock (&F.lock);
  if (g_hash_table_contains (F.feeds, path))
    xml = feed_xml (path);
  g_mutex_unlock (&F.lock);
  vigil_test_serve_feed (msg, xml);
}

static inline gpointer
serve_thread (gpointer data)
{
  g_main_context_push_thread_default (F.context);
  g_main_loop_run (F.loop);
  g_main_context_pop_thread_default (F.context);
  return NULL;
}

static inline void
start_feed_server (void)
{
  F.context = g_main_context_new ();
  F.loop = g_main_loop_new (F.context, FALSE);
  /* (listening in the context its thread runs) */
  g_main_context_push_thread_default (F.context);
  F.server = vigil_test_server_new (serve, NULL, &F.feeds_url);
  g_main_context_pop_thread_default (F.context);
  F.thread = g_thread_new ("feeds", serve_thread, NULL);
}

static inline guint
free_port (void)
{
  g_autoptr (GSocket) s
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, any, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static inline gboolean
port_answers (guint port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) conn = NULL;

  g_socket_client_set_timeout (client, 1);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, NULL);
  return conn != NULL;
}

static inline void
start_freshrss (void)
{
  g_autofree char *port = g_strdup_printf ("%u", F.port);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *opml = g_build_filename (F.tmp, "subs.opml", NULL);
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "sh", F.script, F.src, F.data, port, USER, PASSWORD, NULL };
  g_auto (GStrv) env = g_get_environ ();
  int status = 0;

  env = g_environ_setenv (env, "FRESHRSS_OPML", opml, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("freshrss-start.sh failed: %s", err);
  {
    g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i]; i++)
      if (g_str_has_prefix (lines[i], "FRESHRSS_PID="))
        F.pid = server_pid = atoi (lines[i] + 13);
      else if (g_str_has_prefix (lines[i], "FRESHRSS_API="))
        {
          g_free (F.api);
          F.api = g_strdup (lines[i] + 13);
        }
  }
  g_assert_cmpint (F.pid, >, 0);
}

/* Killed at once (SIGKILL), as a crash or a pulled cable would; waits until
 * the port no longer answers. */
static inline void
kill_freshrss (void)
{
  if (F.pid <= 0)
    return;
  kill (F.pid, SIGKILL);
  F.pid = server_pid = 0;
  for (guint i = 0; i < 500 && port_answers (F.port); i++)
    g_usleep (10000);
}

static inline GBytes *
api_call (const char *method, const char *path, const char *form)
{
  static char *auth = NULL;
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  GBytes *body;

  if (auth == NULL || g_str_has_prefix (path, "accounts/"))
    {
      g_autoptr (SoupMessage) login = NULL;
      g_autofree char *login_url = g_strdup_printf ("%s/accounts/ClientLogin", F.api);
      g_autoptr (GBytes) answer = NULL;
      g_autofree char *text = NULL;
      char *at;

      login = soup_message_new_from_encoded_form ("POST", login_url,
                                                  g_strdup ("Email=" USER "&Passwd=" PASSWORD));
      answer = soup_session_send_and_read (session, login, NULL, NULL);
      g_assert_nonnull (answer);
      text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
      at = strstr (text, "Auth=");
      g_assert_nonnull (at);
      g_strchomp (at);
      g_free (auth);
      auth = g_strconcat ("GoogleLogin auth=", at + 5, NULL);
    }
  if (g_str_equal (method, "GET"))
    {
      url = g_strdup_printf ("%s/%s?%s", F.api, path, form ? form : "");
      msg = soup_message_new ("GET", url);
    }
  else
    {
      url = g_strdup_printf ("%s/%s", F.api, path);
      msg = soup_message_new_from_encoded_form ("POST", url, g_strdup (form));
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_nonnull (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return body;
}

static inline JsonNode *
api_json (const char *path, const char *query)
{
  g_autoptr (GBytes) body = api_call ("GET", path, query);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                              (gssize) g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* The server's item ids (decimal) of a stream, less those in a state. */
static inline GHashTable *
server_ids (const char *stream, const char *exclude)
{
  g_autofree char *s = g_uri_escape_string (stream, NULL, FALSE);
  g_autofree char *x = exclude ? g_uri_escape_string (exclude, NULL, FALSE) : NULL;
  g_autofree char *query = g_strdup_printf ("s=%s&n=10000%s%s", s, x ? "&xt=" : "", x ? x : "");
  g_autoptr (JsonNode) root = api_json ("reader/api/0/stream/items/ids", query);
  JsonArray *refs = json_object_get_array_member (json_node_get_object (root), "itemRefs");
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (refs); i++)
    {
      gint64 id = g_ascii_strtoll (
          json_object_get_string_member (json_array_get_object_element (refs, i), "id"), NULL, 10);
      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  return ids;
}

static inline gboolean
server_has (GHashTable *ids, gint64 id)
{
  return g_hash_table_contains (ids, &id);
}

/* edit-tag from another machine of the desk (the hex id form, which Vigil
 * never sends, for the other half of the quirk). */
static inline void
server_edit (gint64 item, const char *add, const char *remove)
{
  g_autoptr (GString) form = g_string_new (NULL);
  g_autoptr (GBytes) body = NULL;

  g_string_append_printf (
      form, "i=tag%%3Agoogle.com%%2C2005%%3Areader%%2Fitem%%2F%016" G_GINT64_MODIFIER "x", item);
  if (add)
    g_string_append_printf (form, "&a=%s", add);
  if (remove)
    g_string_append_printf (form, "&r=%s", remove);
  body = api_call ("POST", "reader/api/0/edit-tag", form->str);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), 2, "OK", 2);
}

static inline void
refresh_freshrss (guint want_items)
{
  g_autofree char *script = g_build_filename (F.src, "cli", "actualize-user.php", NULL);
  g_autofree char *tmp = g_build_filename (F.data, "tmp", NULL);
  const char *argv[] = { "php", script, "--user", USER, NULL };
  g_auto (GStrv) env = g_get_environ ();
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  env = g_environ_setenv (env, "DATA_PATH", F.data, TRUE);
  env = g_environ_setenv (env, "TMPDIR", tmp, TRUE);
  /* The feed's TTL is a second: a refresh in the same second as the last
   * skips it, so it is tried again until the items are there. */
  for (;;)
    {
      g_autoptr (GHashTable) all = NULL;
      g_spawn_sync (NULL, (char **) argv, env,
                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, NULL, NULL, NULL, NULL);
      all = server_ids (READING_LIST, NULL);
      if (g_hash_table_size (all) >= want_items)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200000);
    }
}

static inline void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

static inline char *
find_tarball (void)
{
  const char *env = g_getenv ("VIGIL_FRESHRSS_TARBALL");
  g_autofree char *dir = NULL;
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (env != NULL)
    return g_file_test (env, G_FILE_TEST_IS_REGULAR) ? g_strdup (env) : NULL;
  dir = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : ".", "..", "..",
                          "shared", "servers", NULL);
  d = g_dir_open (dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, "freshrss-") && g_str_has_suffix (name, ".tar.xz"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static inline int
skip (const char *why)
{
  g_print ("1..0 # SKIP %s\n", why);
  return 77;
}

/* The tarball unpacked into a fresh folder (F.tmp) and the feeds' table
 * made; 77 (a skip, said on stdout) without FreshRSS or PHP. */
static inline int
freshrss_prepare (void)
{
  g_autofree char *tarball = find_tarball ();
  g_autofree char *php = g_find_program_in_path ("php");

  if (tarball == NULL)
    return skip (
        "no FreshRSS tarball (VIGIL_FRESHRSS_TARBALL or ../shared/servers/freshrss-*.tar.xz)");
  if (php == NULL)
    return skip ("no PHP (tests/install-deps.sh test installs it)");
  {
    g_autofree char *dir = g_path_get_dirname (tarball);
    F.script = g_build_filename (dir, "freshrss-start.sh", NULL);
  }
  if (!g_file_test (F.script, G_FILE_TEST_EXISTS))
    return skip ("no freshrss-start.sh beside the FreshRSS tarball");
  /* In the build directory when there is one: what a killed run leaves
   * stays there, not in /tmp. */
  if (g_getenv ("G_TEST_BUILDDIR") != NULL)
    {
      F.tmp = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "sync-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (F.tmp));
    }
  else
    F.tmp = g_dir_make_tmp ("vigil-sync-XXXXXX", NULL);
  {
    const char *tar[] = { "tar", "-xJf", tarball, "-C", F.tmp, NULL };
    int status = 0;
    g_assert_true (g_spawn_sync (NULL, (char **) tar, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                                 NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  F.src = g_build_filename (F.tmp, "freshrss", NULL);
  F.data = g_build_filename (F.tmp, "data", NULL);
  g_mutex_init (&F.lock);
  F.feeds
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  return 0;
}

/* FreshRSS started on a free port of 127.0.0.1, subscribed to opml_text. */
static inline void
freshrss_start (const char *opml_text)
{
  g_autofree char *opml = g_build_filename (F.tmp, "subs.opml", NULL);

  g_assert_true (g_file_set_contents (opml, opml_text, -1, NULL));
  F.port = free_port ();
  signal (SIGABRT, on_fatal_signal);
  signal (SIGSEGV, on_fatal_signal);
  signal (SIGTERM, on_fatal_signal);
  signal (SIGINT, on_fatal_signal);
  /* G_DEBUG=fatal-warnings/criticals end a test with a breakpoint trap. */
  signal (SIGTRAP, on_fatal_signal);
  start_freshrss ();
}

/* The desk's two feeds: n_desk rocket reports on /desk and n_world flood
 * reports on /world, an hour apart, the newest last listed. */
static inline void
add_desk_and_world_items (guint n_desk, guint n_world)
{
  for (guint i = 0; i < n_desk; i++)
    {
      g_autofree char *title = g_strdup_printf ("Rocket attack report %u near the port", i);
      add_item ("/desk", title, "Rockets hit a warehouse near the port; no injuries.", n_desk - i);
    }
  for (guint i = 0; i < n_world; i++)
    {
      g_autofree char *title = g_strdup_printf ("Floods in the valley, day %u", i);
      add_item ("/world", title, "Roads closed after the river rose.", n_world - i);
    }
}

/* FreshRSS started (after start_feed_server) subscribed to /desk in the
 * folder Desk and /world in the folder World. */
static inline void
freshrss_start_desk_and_world (void)
{
  g_autofree char *opml_text = g_strdup_printf (
      "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>desk</title></head><body>"
      "<outline text=\"Desk\"><outline type=\"rss\" text=\"desk feed\" xmlUrl=\"%s/desk\"/>"
      "</outline><outline text=\"World\"><outline type=\"rss\" text=\"world feed\" "
      "xmlUrl=\"%s/world\"/></outline></body></opml>",
      F.feeds_url, F.feeds_url);

  freshrss_start (opml_text);
}

/* FreshRSS and the feeds stopped, the folder removed. */
static inline void
freshrss_stop (void)
{
  kill_freshrss ();
  g_main_loop_quit (F.loop);
  g_thread_join (F.thread);
  g_object_unref (F.server);
  g_main_loop_unref (F.loop);
  g_main_context_unref (F.context);
  g_hash_table_unref (F.feeds);
  remove_tree (F.tmp);
}
