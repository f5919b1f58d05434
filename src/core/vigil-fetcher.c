/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-fetcher.c */
#include "config.h"

#include "vigil-fetcher.h"

#include <libsoup/soup.h>

#define DEFAULT_MAX_BODY (16 * 1024 * 1024)
#define DEFAULT_HOST_SPACING_MS 1000
#define MAX_REDIRECTS 5
#define READ_CHUNK 65536

typedef struct
{
  gint64 retry_after;
} VigilFetchErrorPrivate;

static void
vigil_fetch_error_private_init (VigilFetchErrorPrivate *priv)
{
  priv->retry_after = 0;
}

static void
vigil_fetch_error_private_copy (const VigilFetchErrorPrivate *src, VigilFetchErrorPrivate *dest)
{
  dest->retry_after = src->retry_after;
}

static void
vigil_fetch_error_private_clear (VigilFetchErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (VigilFetchError, vigil_fetch_error)

gint64
vigil_fetch_error_get_retry_after (const GError *error)
{
  VigilFetchErrorPrivate *priv = vigil_fetch_error_get_private (error);
  return priv ? priv->retry_after : 0;
}

struct _VigilFetcher
{
  GObject parent_instance;
  SoupSession *session;
  gsize max_body;
  guint host_spacing_ms;
  guint deadline_s;
  GHashTable *host_next_start; /* host -> monotonic µs of the next allowed request */
  GHashTable *host_backoff;    /* host -> real time (s) before which we do not ask */
};

G_DEFINE_FINAL_TYPE (VigilFetcher, vigil_fetcher, G_TYPE_OBJECT)

/* A size limit as said in an error: whole MiB, else KiB, else bytes (a
 * request's own limit may be below a MiB, which "%u MiB" said as 0 or 1). */
static char *
format_limit (gsize bytes)
{
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", bytes / (1024 * 1024));
  if (bytes >= 1024)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " KiB", bytes / 1024);
  return g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", bytes);
}

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
  g_free (result->permanent_url);
  g_free (result->content_location);
  g_free (result);
}

const char *
vigil_fetch_result_get_base (VigilFetchResult *result, const char *url)
{
  return result->content_location ? result->content_location
         : result->permanent_url  ? result->permanent_url
                                  : url;
}

static void
vigil_fetcher_finalize (GObject *object)
{
  VigilFetcher *self = VIGIL_FETCHER (object);

  g_clear_object (&self->session);
  g_hash_table_unref (self->host_next_start);
  g_hash_table_unref (self->host_backoff);
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
  /* libsoup 3 adds its content decoder (gzip, deflate, brotli) by default. */
  self->session = soup_session_new_with_options (
      "user-agent", "Vigil/" PACKAGE_VERSION " (+" PROJECT_URL ")", "timeout", 30, "idle-timeout",
      60, "max-conns", 16, "max-conns-per-host", 2, NULL);
  self->max_body = DEFAULT_MAX_BODY;
  self->deadline_s = 120;
  self->host_spacing_ms = DEFAULT_HOST_SPACING_MS;
  self->host_next_start = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->host_backoff = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
vigil_fetcher_set_deadline (VigilFetcher *self, guint seconds)
{
  self->deadline_s = seconds;
}

void
vigil_fetcher_set_max_body (VigilFetcher *self, gsize bytes)
{
  self->max_body = bytes;
}

void
vigil_fetcher_set_host_spacing (VigilFetcher *self, guint milliseconds)
{
  self->host_spacing_ms = milliseconds;
}

typedef struct
{
  SoupMessage *msg;
  GInputStream *stream;
  GByteArray *buffer;
  VigilFetchResult *result;
  char *url;     /* as asked */
  char *current; /* after redirects */
  char *etag;
  char *last_modified;
  GPtrArray *visited;
  gboolean all_permanent;
  guint timeout_id;
  gint64 started;   /* monotonic µs */
  gsize max_body;   /* this request's limit on the body */
  guint deadline_s; /* and on the download's time (0: none), the fetcher's at its start */
} FetchData;

static void
fetch_data_free (FetchData *d)
{
  g_clear_handle_id (&d->timeout_id, g_source_remove);
  g_clear_object (&d->msg);
  g_clear_object (&d->stream);
  if (d->buffer)
    g_byte_array_unref (d->buffer);
  vigil_fetch_result_free (d->result);
  g_free (d->url);
  g_free (d->current);
  g_free (d->etag);
  g_free (d->last_modified);
  g_ptr_array_unref (d->visited);
  g_free (d);
}

/* Gives the task its fetch result. */
static void
return_result (GTask *task)
{
  FetchData *d = g_task_get_task_data (task);

  g_task_return_pointer (task, g_steal_pointer (&d->result),
                         (GDestroyNotify) vigil_fetch_result_free);
}

static void
return_fetch_error (GTask *task, VigilFetchError code, gint64 retry_after, const char *message)
{
  GError *error = g_error_new_literal (VIGIL_FETCH_ERROR, code, message);

  vigil_fetch_error_get_private (error)->retry_after = retry_after;
  g_task_return_error (task, error);
}

/* A network failure said in the fetcher's own (stable, untranslated) words
 * before GIO's, which are in the desk's language: the kind stays readable
 * whatever the locale (vigil-fetch-reason.c tells it apart), GIO's text
 * follows as the detail; the domain and code are kept. Takes error. */
static GError *
said_plainly (GError *error)
{
  const char *what = NULL;
  GError *plain;

  if (error->domain == G_RESOLVER_ERROR)
    what = "The server's name could not be resolved";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    what = "The server refused the connection";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    what = "The server did not answer in time";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    what = "The server could not be reached";
  if (what == NULL)
    return error;
  plain = g_error_new (error->domain, error->code, "%s (%s)", what, error->message);
  g_error_free (error);
  return plain;
}

static char *
host_of (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  return uri && g_uri_get_host (uri) ? g_ascii_strdown (g_uri_get_host (uri), -1) : g_strdup ("");
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
  return_result (task);
}

/* ---- http(s) ---- */

static void send_request (GTask *task);

static void read_next (GTask *task);

static void
chunk_read (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  FetchData *d = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (GBytes) chunk
      = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, said_plainly (error));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      d->result->body = g_byte_array_free_to_bytes (g_steal_pointer (&d->buffer));
      return_result (task);
      return;
    }
  if (d->deadline_s > 0
      && g_get_monotonic_time () - d->started > (gint64) d->deadline_s * G_USEC_PER_SEC)
    {
      /* A server trickling its answer is never silent long enough to time out. */
      g_autofree char *msg = g_strdup_printf (
          "The download was stopped: the server was still sending after %u s", d->deadline_s);
      return_fetch_error (task, VIGIL_FETCH_ERROR_TOO_SLOW, 0, msg);
      return;
    }
  if (d->buffer->len + g_bytes_get_size (chunk) > d->max_body)
    {
      g_autofree char *limit = format_limit (d->max_body);
      g_autofree char *msg
          = g_strdup_printf ("The download was stopped: the response is larger than %s", limit);
      return_fetch_error (task, VIGIL_FETCH_ERROR_TOO_LARGE, 0, msg);
      return;
    }
  g_byte_array_append (d->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
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
      return g_strdup ("The feed was not found on the server (HTTP 404)");
    case 410:
      return g_strdup ("The feed is gone for good (HTTP 410)");
    default:
      return g_strdup_printf ("The server answered HTTP %u %s", status, reason ? reason : "");
    }
}

/* The longest a server may ask us to stay away: more is a mistake or a trick
 * (20 digits of seconds overflowed "now + wait" and the host was asked again at once). */
#define MAX_RETRY_AFTER (24 * 3600)

/* Retry-After: delay-seconds or an HTTP date, at most a day; 0 when absent or unreadable. */
static gint64
parse_retry_after (const char *value)
{
  g_autoptr (GDateTime) date = NULL;
  char *end = NULL;
  gint64 seconds;

  if (value == NULL)
    return 0;
  /* Digits only: strtoll would also take a sign and leading space. Overflow
   * saturates at G_MAXINT64, which the clamp below brings back to a day. */
  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoll (value, &end, 10);
      if (*end == '\0')
        return CLAMP (seconds, 0, MAX_RETRY_AFTER);
    }
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;
  return CLAMP (g_date_time_to_unix (date) - g_get_real_time () / G_USEC_PER_SEC, 0,
                MAX_RETRY_AFTER);
}

/* A busy server's answer (HTTP 429 or 503): the wait it asks for (its
 * Retry-After) kept for its host, before which no request goes there, and
 * the error returned from task. */
static void
return_busy (GTask *task, guint status, SoupMessageHeaders *headers)
{
  VigilFetcher *self = g_task_get_source_object (task);
  FetchData *d = g_task_get_task_data (task);
  gint64 wait = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  g_autofree char *msg = NULL;

  if (wait > 0)
    {
      gint64 *until = g_new (gint64, 1);
      *until = g_get_real_time () / G_USEC_PER_SEC + wait;
      g_hash_table_replace (self->host_backoff, host_of (d->current), until);
      msg = g_strdup_printf ("The server is busy (HTTP %u) and asks us to wait %" G_GINT64_FORMAT
                             " seconds",
                             status, wait);
    }
  else
    msg = g_strdup_printf ("The server is busy (HTTP %u)", status);
  return_fetch_error (task, VIGIL_FETCH_ERROR_RETRY_LATER, wait, msg);
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
      if (error->domain == G_TLS_ERROR)
        {
          /* Said plainly: the desk may be facing an interception, not an outage. */
          g_autofree char *msg = g_strdup_printf (
              "The secure connection was refused: the server's certificate is not valid (%s)",
              error->message);
          g_error_free (error);
          return_fetch_error (task, VIGIL_FETCH_ERROR_TLS, 0, msg);
          return;
        }
      g_task_return_error (task, said_plainly (error));
      return;
    }
  status = soup_message_get_status (d->msg);
  headers = soup_message_get_response_headers (d->msg);
  d->result->http_status = status;

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autofree char *next
          = location ? g_uri_resolve_relative (d->current, location, G_URI_FLAGS_NONE, NULL) : NULL;
      g_autofree char *scheme = next ? g_uri_parse_scheme (next) : NULL;

      if (next == NULL || scheme == NULL
          || (g_ascii_strcasecmp (scheme, "http") != 0
              && g_ascii_strcasecmp (scheme, "https") != 0))
        {
          return_fetch_error (task, VIGIL_FETCH_ERROR_REDIRECTS, 0,
                              "The server redirected to an invalid address");
          return;
        }
      for (guint i = 0; i < d->visited->len; i++)
        if (g_str_equal (g_ptr_array_index (d->visited, i), next))
          {
            return_fetch_error (task, VIGIL_FETCH_ERROR_REDIRECTS, 0,
                                "The server redirects in a loop");
            return;
          }
      if (d->visited->len > MAX_REDIRECTS)
        {
          return_fetch_error (task, VIGIL_FETCH_ERROR_REDIRECTS, 0,
                              "The server redirected too many times");
          return;
        }
      d->all_permanent = d->all_permanent
                         && (status == SOUP_STATUS_MOVED_PERMANENTLY
                             || status == SOUP_STATUS_PERMANENT_REDIRECT);
      g_ptr_array_add (d->visited, g_strdup (next));
      g_free (d->current);
      d->current = g_steal_pointer (&next);
      g_clear_object (&d->stream);
      send_request (g_steal_pointer (&task));
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      d->result->not_modified = TRUE;
      return_result (task);
      return;
    }
  if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      return_busy (task, status, headers);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *msg = http_status_message (status, soup_message_get_reason_phrase (d->msg));
      return_fetch_error (task, status == 410 ? VIGIL_FETCH_ERROR_GONE : VIGIL_FETCH_ERROR_HTTP, 0,
                          msg);
      return;
    }
  if ((value = soup_message_headers_get_one (headers, "ETag")) != NULL)
    d->result->etag = g_strdup (value);
  if ((value = soup_message_headers_get_one (headers, "Last-Modified")) != NULL)
    d->result->last_modified = g_strdup (value);
  if ((value = soup_message_headers_get_one (headers, "Content-Location")) != NULL)
    {
      g_autofree char *location
          = g_uri_resolve_relative (d->current, value, G_URI_FLAGS_NONE, NULL);
      g_autofree char *scheme = location ? g_uri_parse_scheme (location) : NULL;
      if (scheme != NULL
          && (g_ascii_strcasecmp (scheme, "http") == 0
              || g_ascii_strcasecmp (scheme, "https") == 0))
        d->result->content_location = g_steal_pointer (&location);
    }
  if ((value = soup_message_headers_get_content_type (headers, &params)) != NULL)
    {
      d->result->content_type = g_strdup (value);
      if (params && g_hash_table_lookup (params, "charset"))
        d->result->charset = g_strdup (g_hash_table_lookup (params, "charset"));
      g_clear_pointer (&params, g_hash_table_unref);
    }
  if (soup_message_headers_get_content_length (headers) > (goffset) d->max_body)
    {
      g_autofree char *limit = format_limit (d->max_body);
      g_autofree char *msg
          = g_strdup_printf ("The download was refused: the response is larger than %s", limit);
      return_fetch_error (task, VIGIL_FETCH_ERROR_TOO_LARGE, 0, msg);
      return;
    }
  if (d->all_permanent && d->visited->len > 1)
    d->result->permanent_url = g_strdup (d->current);
  d->buffer = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

static gboolean
send_now (gpointer data)
{
  GTask *task = data;
  FetchData *d = g_task_get_task_data (task);
  VigilFetcher *self = g_task_get_source_object (task);
  SoupMessageHeaders *req;

  d->timeout_id = 0;
  d->started = g_get_monotonic_time (); /* after any wait for the host's turn */
  g_clear_object (&d->msg);
  d->msg = soup_message_new ("GET", d->current);
  if (d->msg == NULL)
    {
      return_fetch_error (task, VIGIL_FETCH_ERROR_UNSUPPORTED, 0, "Invalid address");
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  /* Redirects are followed here, not by libsoup, to tell permanent ones apart. */
  soup_message_add_flags (d->msg, SOUP_MESSAGE_NO_REDIRECT);
  req = soup_message_get_request_headers (d->msg);
  if (d->etag)
    soup_message_headers_replace (req, "If-None-Match", d->etag);
  if (d->last_modified)
    soup_message_headers_replace (req, "If-Modified-Since", d->last_modified);
  soup_message_headers_replace (req, "Accept",
                                "application/rss+xml, application/atom+xml, application/feed+json, "
                                "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
                                "text/html;q=0.8, */*;q=0.5");
  soup_session_send_async (self->session, d->msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                           request_sent, task);
  return G_SOURCE_REMOVE;
}

/* Politeness: a host that asked us to wait is not asked again before time, and
 * requests to one host are spaced out. */
static void
send_request (GTask *task)
{
  FetchData *d = g_task_get_task_data (task);
  VigilFetcher *self = g_task_get_source_object (task);
  g_autofree char *host = host_of (d->current);
  gint64 *backoff = g_hash_table_lookup (self->host_backoff, host);
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;
  gint64 now = g_get_monotonic_time ();
  gint64 *next = g_hash_table_lookup (self->host_next_start, host);
  gint64 start;

  if (backoff != NULL && *backoff > now_s)
    {
      g_autofree char *msg = g_strdup_printf (
          "Waiting, as the server asked: next attempt in %" G_GINT64_FORMAT " seconds",
          *backoff - now_s);
      return_fetch_error (task, VIGIL_FETCH_ERROR_RETRY_LATER, *backoff - now_s, msg);
      g_object_unref (task);
      return;
    }
  start = next != NULL ? MAX (now, *next) : now;
  if (next == NULL)
    {
      next = g_new (gint64, 1);
      g_hash_table_insert (self->host_next_start, g_strdup (host), next);
    }
  *next = start + (gint64) self->host_spacing_ms * 1000;
  if (start > now)
    d->timeout_id = g_timeout_add ((start - now) / 1000 + 1, send_now, task);
  else
    send_now (task);
}

void
vigil_fetcher_fetch_async (VigilFetcher *self, const char *url, const char *etag,
                           const char *last_modified, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  vigil_fetcher_fetch_limited_async (self, url, etag, last_modified, 0, cancellable, callback,
                                     user_data);
}

void
vigil_fetcher_fetch_limited_async (VigilFetcher *self, const char *url, const char *etag,
                                   const char *last_modified, gsize max_body,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  FetchData *d = g_new0 (FetchData, 1);
  g_autofree char *scheme = g_uri_parse_scheme (url);

  g_task_set_source_tag (task, vigil_fetcher_fetch_async);
  g_task_set_task_data (task, d, (GDestroyNotify) fetch_data_free);
  d->url = g_strdup (url);
  d->current = g_strdup (url);
  d->etag = g_strdup (etag);
  d->last_modified = g_strdup (last_modified);
  d->visited = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (d->visited, g_strdup (url));
  d->all_permanent = TRUE;
  /* The smaller of the fetcher's limit and the caller's. */
  d->max_body = max_body > 0 ? MIN (max_body, self->max_body) : self->max_body;
  d->deadline_s = self->deadline_s;
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
      g_autofree char *msg = g_strdup_printf (
          "Unsupported address “%s”: only http, https and local files can be sources", url);
      return_fetch_error (task, VIGIL_FETCH_ERROR_UNSUPPORTED, 0, msg);
      g_object_unref (task);
      return;
    }
  send_request (task);
}

VigilFetchResult *
vigil_fetcher_fetch_finish (VigilFetcher *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
