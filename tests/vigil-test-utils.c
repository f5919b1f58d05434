/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-test-utils.c — what the test programs share: a local HTTP server, waits on events,
 * temporary directories, fixtures */
#include "vigil-test-utils.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- a SoupServer on 127.0.0.1 ---- */

char *
vigil_test_server_listen (SoupServer *server)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;
  GSList *uris;
  char *base;

  g_object_get (server, "tls-certificate", &certificate, NULL);
  if (certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;
  g_assert_true (soup_server_listen_local (server, 0, options, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  {
    g_autofree char *s = g_uri_to_string (uris->data);
    base = g_str_has_suffix (s, "/") ? g_strndup (s, strlen (s) - 1) : g_strdup (s);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:")
                 || g_str_has_prefix (base, "https://127.0.0.1:"));
  return base;
}

SoupServer *
vigil_test_server_new (SoupServerCallback handler, gpointer data, char **base_url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  char *base;

  soup_server_add_handler (server, NULL, handler, data, NULL);
  base = vigil_test_server_listen (server);
  if (base_url != NULL)
    *base_url = base;
  else
    g_free (base);
  return server;
}

guint
vigil_test_server_get_port (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  guint port;

  g_assert_nonnull (uris);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

void
vigil_test_append_repeated (GString *s, const char *text, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append (s, text);
}

void
vigil_test_note_request (VigilTestRequests *seen, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  seen->count++;
  g_free (seen->user_agent);
  seen->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  g_free (seen->body);
  seen->body = g_strndup (body->data, body->length);
}

void
vigil_test_requests_clear (VigilTestRequests *seen)
{
  g_clear_pointer (&seen->user_agent, g_free);
  g_clear_pointer (&seen->body, g_free);
}

void
vigil_test_serve_feed (SoupServerMessage *msg, const char *feed)
{
  if (feed == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed,
                                    strlen (feed));
  soup_server_message_set_status (msg, 200, NULL);
}

void
vigil_test_serve_gzip_bomb (SoupServerMessage *msg, gsize size)
{
  static GHashTable *bombs; /* size -> GBytes, kept for the program's life */
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  GBytes *bomb;

  if (bombs == NULL)
    bombs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  bomb = g_hash_table_lookup (bombs, GSIZE_TO_POINTER (size));
  if (bomb == NULL)
    {
      g_autoptr (GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
      g_autofree guint8 *zeros = g_malloc0 (size);
      gsize out_size = size / 512 + 64 * 1024; /* zeros compress about 1000 to 1 */
      g_autofree guint8 *out = g_malloc (out_size);
      gsize read = 0, written = 0;
      g_autoptr (GError) error = NULL;

      g_assert_cmpint (g_converter_convert (G_CONVERTER (gz), zeros, size, out, out_size,
                                            G_CONVERTER_INPUT_AT_END, &read, &written, &error),
                       ==, G_CONVERTER_FINISHED);
      g_assert_no_error (error);
      bomb = g_bytes_new (out, written);
      g_hash_table_insert (bombs, GSIZE_TO_POINTER (size), bomb);
    }
  soup_message_headers_replace (resp, "Content-Encoding", "gzip");
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb));
  soup_server_message_set_status (msg, 200, NULL);
}

/* ---- waiting on events ---- */

static gboolean
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE; /* only to have the condition checked again */
}

gboolean
vigil_test_wait_until (VigilTestCondition condition, gpointer data, double seconds)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  gboolean timed_out = FALSE;
  GSource *limit = g_timeout_source_new ((guint) (seconds * 1000 * test_time_factor ()));
  GSource *poll = g_timeout_source_new (10);
  gboolean held;

  g_source_set_callback (limit, set_flag, &timed_out, NULL);
  g_source_attach (limit, context);
  g_source_set_callback (poll, wake, NULL, NULL);
  g_source_attach (poll, context);
  while (!(held = condition (data)) && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (poll);
  g_source_unref (poll);
  g_source_destroy (limit);
  g_source_unref (limit);
  g_main_context_unref (context);
  if (!held)
    g_test_message ("waited %.0f s (times %" G_GINT64_FORMAT ") in vain", seconds,
                    test_time_factor ());
  return held;
}

gboolean
vigil_test_flag_is_set (gpointer flag)
{
  return *(const gboolean *) flag;
}

gboolean
vigil_test_pointer_is_set (gpointer pointer_slot)
{
  return *(gpointer *) pointer_slot != NULL;
}

typedef struct
{
  const guint *count;
  guint want;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  const CountWait *w = data;

  return *w->count >= w->want;
}

void
vigil_test_wait_for_count (const guint *count, guint want)
{
  CountWait w = { count, want };

  g_assert_true (vigil_test_wait_until (count_reached, &w, VIGIL_TEST_WAIT_SECONDS));
}

void
vigil_test_async_ready (GObject *source, GAsyncResult *result, gpointer result_slot)
{
  GAsyncResult **slot = result_slot;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
vigil_test_wait_result (GAsyncResult **result_slot)
{
  g_assert_true (
      vigil_test_wait_until (vigil_test_pointer_is_set, result_slot, VIGIL_TEST_WAIT_SECONDS));
  return g_steal_pointer (result_slot);
}

int
vigil_test_communicate (GSubprocess *process, const char *input, char **out, char **err)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_async (process, input, NULL, vigil_test_async_ready, &result);
  result = vigil_test_wait_result (&result);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, result, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* ---- temporary directories and files ---- */

static GPtrArray *tmp_dirs; /* what vigil_test_make_tmp_dir made, removed at exit */
static pid_t tmp_dirs_owner;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
remove_tmp_dirs (void)
{
  /* Only the process that made them (not a child that ran this at its exit). */
  if (tmp_dirs == NULL || getpid () != tmp_dirs_owner)
    return;
  for (guint i = 0; i < tmp_dirs->len; i++)
    remove_tree (g_ptr_array_index (tmp_dirs, i));
  g_clear_pointer (&tmp_dirs, g_ptr_array_unref);
}

char *
vigil_test_make_tmp_dir (const char *name_template)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp (name_template, &error);

  g_assert_no_error (error);
  if (tmp_dirs == NULL)
    {
      tmp_dirs = g_ptr_array_new_with_free_func (g_free);
      tmp_dirs_owner = getpid ();
      atexit (remove_tmp_dirs);
    }
  g_ptr_array_add (tmp_dirs, g_strdup (dir));
  return dir;
}

char *
vigil_test_make_tmp_path (const char *dir_template, const char *name)
{
  g_autofree char *dir = vigil_test_make_tmp_dir (dir_template);

  return g_build_filename (dir, name, NULL);
}

char *
vigil_test_set_xdg_dirs (void)
{
  char *home = vigil_test_make_tmp_dir ("vigil-test-home-XXXXXX");
  const struct
  {
    const char *variable, *name;
  } dirs[] = { { "XDG_DATA_HOME", "data" },
               { "XDG_CONFIG_HOME", "config" },
               { "XDG_CACHE_HOME", "cache" } };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (home, dirs[i].name, NULL);
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_setenv (dirs[i].variable, path, TRUE);
    }
  return home;
}

static char *
file_path_valist (const char *first_element, va_list ap)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  const char *part;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  for (part = first_element; part != NULL; part = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

char *
vigil_test_file_path (const char *first_element, ...)
{
  va_list ap;
  char *path;

  va_start (ap, first_element);
  path = file_path_valist (first_element, ap);
  va_end (ap);
  return path;
}

char *
vigil_test_read_file (gsize *length, const char *first_element, ...)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  va_list ap;

  va_start (ap, first_element);
  path = file_path_valist (first_element, ap);
  va_end (ap);
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* ---- errors ---- */

void
vigil_test_assert_error_says (const GError *error, GQuark domain, int code, const char *fragment,
                              const char *input)
{
  g_assert_error (error, domain, code);
  g_test_message ("%s -> %s", input, error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

void
vigil_test_append_rss_item (GString *xml, const char *guid, const char *title, const char *text,
                            double hours_ago)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) when = g_date_time_add_seconds (now, -hours_ago * 3600);
  g_autofree char *date = g_date_time_format (when, "%a, %d %b %Y %H:%M:%S +0000");
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (xml,
                          "<item><guid>%s</guid><title>%s</title><pubDate>%s</pubDate>"
                          "<description>%s</description></item>",
                          guid, title, date, escaped);
}
