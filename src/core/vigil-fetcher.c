/* vigil-fetcher.c */
#include "config.h"

#include "vigil-fetcher.h"

#include <libsoup/soup.h>

#define DEFAULT_MAX_BODY (16 * 1024 * 1024)
#define READ_CHUNK 65536

G_DEFINE_QUARK (vigil_fetch_error, vigil_fetch_error)

struct _VigilFetcher
{
  GObject parent_instance;
  SoupSession *session;
  gsize max_body;
};

G_DEFINE_FINAL_TYPE (VigilFetcher, vigil_fetcher, G_TYPE_OBJECT)

void
vigil_fetch_result_free (VigilFetchResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result->etag);
  g_free (result->last_modified);
  g_free (result->content_type);
  g_free (result->charset);
  g_free (result->final_url);
  g_free (result);
}

static void
vigil_fetcher_finalize (GObject *object)
{
  VigilFetcher *self = VIGIL_FETCHER (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (vigil_fetcher_parent_class)->finalize (object);
}

static void
vigil_fetcher_class_init (VigilFetcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_fetcher_finalize;
}

static void
vigil_fetcher_init (VigilFetcher *self)
{
  self->session = soup_session_new_with_options (
      "user-agent", "Vigil/" PACKAGE_VERSION " (+" PROJECT_URL ")", "timeout", 30, "idle-timeout",
      60, "max-conns", 16, "max-conns-per-host", 2, NULL);
  self->max_body = DEFAULT_MAX_BODY;
}

VigilFetcher *
vigil_fetcher_new (void)
{
  return g_object_new (VIGIL_TYPE_FETCHER, NULL);
}

void
vigil_fetcher_set_timeout (VigilFetcher *self, guint seconds)
{
  soup_session_set_timeout (self->session, seconds);
}

void
vigil_fetcher_set_max_body (VigilFetcher *self, gsize bytes)
{
  self->max_body = bytes;
}

typedef struct
{
  SoupMessage *msg;
  GInputStream *stream;
  GByteArray *buffer;
  VigilFetchResult *result;
  char *url;
} FetchData;

static void
fetch_data_free (FetchData *d)
{
  g_clear_object (&d->msg);
  g_clear_object (&d->stream);
  if (d->buffer)
    g_byte_array_unref (d->buffer);
  vigil_fetch_result_free (d->result);
  g_free (d->url);
  g_free (d);
}

/* ---- local files and resources ---- */

static void
file_loaded (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  GError *error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), res, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  d->result->http_status = 200;
  d->result->body = g_bytes_new_take (contents, length);
  g_task_return_pointer (task, g_steal_pointer (&d->result),
                         (GDestroyNotify) vigil_fetch_result_free);
}

/* ---- http(s) ---- */

static void read_next (GTask *task);

static void
chunk_read (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  FetchData *dd = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (GBytes) chunk
      = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      dd->result->body = g_byte_array_free_to_bytes (g_steal_pointer (&dd->buffer));
      g_task_return_pointer (task, g_steal_pointer (&dd->result),
                             (GDestroyNotify) vigil_fetch_result_free);
      return;
    }
  if (dd->buffer->len + g_bytes_get_size (chunk)
      > ((VigilFetcher *) g_task_get_source_object (task))->max_body)
    {
      g_task_return_new_error (
          task, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE,
          "The download was stopped: the response is larger than %" G_GSIZE_FORMAT " MiB",
          ((VigilFetcher *) g_task_get_source_object (task))->max_body / (1024 * 1024));
      return;
    }
  g_byte_array_append (dd->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  FetchData *d = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (d->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), chunk_read, task);
}

static char *
http_status_message (guint status, const char *reason)
{
  switch (status)
    {
    case 401:
    case 403:
      return g_strdup_printf ("The server refused access (HTTP %u %s)", status,
                              reason ? reason : "");
    case 404:
      return g_strdup_printf ("The feed was not found on the server (HTTP 404)");
    case 410:
      return g_strdup_printf ("The feed is gone for good (HTTP 410)");
    case 429:
      return g_strdup_printf ("The server asks us to slow down (HTTP 429)");
    default:
      return g_strdup_printf ("The server answered HTTP %u %s", status, reason ? reason : "");
    }
}

static void
request_sent (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;
  SoupMessageHeaders *headers;
  const char *value;
  GHashTable *params = NULL;

  d->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (d->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  status = soup_message_get_status (d->msg);
  headers = soup_message_get_response_headers (d->msg);
  d->result->http_status = status;

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      d->result->not_modified = TRUE;
      g_task_return_pointer (task, g_steal_pointer (&d->result),
                             (GDestroyNotify) vigil_fetch_result_free);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *msg = http_status_message (status, soup_message_get_reason_phrase (d->msg));
      g_task_return_new_error (task, VIGIL_FETCH_ERROR,
                               status == 410 ? VIGIL_FETCH_ERROR_GONE : VIGIL_FETCH_ERROR_HTTP,
                               "%s", msg);
      return;
    }
  if ((value = soup_message_headers_get_one (headers, "ETag")) != NULL)
    d->result->etag = g_strdup (value);
  if ((value = soup_message_headers_get_one (headers, "Last-Modified")) != NULL)
    d->result->last_modified = g_strdup (value);
  if ((value = soup_message_headers_get_content_type (headers, &params)) != NULL)
    {
      d->result->content_type = g_strdup (value);
      if (params && g_hash_table_lookup (params, "charset"))
        d->result->charset = g_strdup (g_hash_table_lookup (params, "charset"));
      g_clear_pointer (&params, g_hash_table_unref);
    }
  if (soup_message_headers_get_content_length (headers)
      > (goffset) ((VigilFetcher *) g_task_get_source_object (task))->max_body)
    {
      g_task_return_new_error (
          task, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE,
          "The download was refused: the response is larger than %" G_GSIZE_FORMAT " MiB",
          ((VigilFetcher *) g_task_get_source_object (task))->max_body / (1024 * 1024));
      return;
    }
  {
    GUri *uri = soup_message_get_uri (d->msg);
    g_autofree char *final = g_uri_to_string (uri);
    if (g_strcmp0 (final, d->url) != 0)
      d->result->final_url = g_steal_pointer (&final);
  }
  d->buffer = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

void
vigil_fetcher_fetch_async (VigilFetcher *self, const char *url, const char *etag,
                           const char *last_modified, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  FetchData *d = g_new0 (FetchData, 1);
  g_autofree char *scheme = g_uri_parse_scheme (url);

  g_task_set_source_tag (task, vigil_fetcher_fetch_async);
  g_task_set_task_data (task, d, (GDestroyNotify) fetch_data_free);
  d->url = g_strdup (url);
  d->result = g_new0 (VigilFetchResult, 1);

  if (scheme != NULL
      && (g_ascii_strcasecmp (scheme, "resource") == 0 || g_ascii_strcasecmp (scheme, "file") == 0))
    {
      g_autoptr (GFile) file = g_file_new_for_uri (url);
      g_file_load_contents_async (file, cancellable, file_loaded, task);
      return;
    }
  if (scheme == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_task_return_new_error (
          task, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_UNSUPPORTED,
          "Unsupported address “%s”: only http, https and local files can be sources", url);
      g_object_unref (task);
      return;
    }
  d->msg = soup_message_new ("GET", url);
  if (d->msg == NULL)
    {
      g_task_return_new_error (task, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_UNSUPPORTED,
                               "Invalid address “%s”", url);
      g_object_unref (task);
      return;
    }
  {
    SoupMessageHeaders *req = soup_message_get_request_headers (d->msg);
    if (etag)
      soup_message_headers_replace (req, "If-None-Match", etag);
    if (last_modified)
      soup_message_headers_replace (req, "If-Modified-Since", last_modified);
    soup_message_headers_replace (
        req, "Accept",
        "application/rss+xml, application/atom+xml, application/feed+json, "
        "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
  }
  soup_session_send_async (self->session, d->msg, G_PRIORITY_DEFAULT, cancellable, request_sent,
                           task);
}

VigilFetchResult *
vigil_fetcher_fetch_finish (VigilFetcher *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
