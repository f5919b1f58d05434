/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-fetcher.h: getting a source's bytes, politely and asynchronously.
 *
 * http(s) goes through one SoupSession (connection limits, timeouts, conditional
 * GET, a body size limit); resource:// and file:// sources (the bundled demo feeds,
 * local files) are read with GFile, so every source reaches the same parser.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_FETCH_ERROR (vigil_fetch_error_quark ())
GQuark vigil_fetch_error_quark (void);

typedef enum
{
  VIGIL_FETCH_ERROR_HTTP,
  VIGIL_FETCH_ERROR_TOO_LARGE,
  VIGIL_FETCH_ERROR_UNSUPPORTED,
  VIGIL_FETCH_ERROR_GONE,
  VIGIL_FETCH_ERROR_RETRY_LATER, /* 429/503, or the host is backing off */
  VIGIL_FETCH_ERROR_REDIRECTS,
  VIGIL_FETCH_ERROR_TOO_SLOW, /* the whole download took longer than the deadline */
  VIGIL_FETCH_ERROR_TLS,      /* the server's certificate is not to be trusted */
} VigilFetchError;

/* Seconds the server asked us to wait (Retry-After, at most a day), 0 when it did not say. */
gint64 vigil_fetch_error_get_retry_after (const GError *error);

typedef struct
{
  guint http_status; /* 200 for local files */
  gboolean not_modified;
  GBytes *body; /* NULL when not modified */
  char *etag;
  char *last_modified;
  char *content_type;
  char *charset;
  char *permanent_url; /* where 301/308 redirects (only) led, or NULL */
  /* The response's Content-Location, absolute (resolved against the address
   * that answered), when it is http(s); or NULL. */
  char *content_location;
} VigilFetchResult;

/* The address relative links of the document are resolved against: its
 * Content-Location, else where permanent redirects led, else url. */
const char *vigil_fetch_result_get_base (VigilFetchResult *result, const char *url);

void vigil_fetch_result_free (VigilFetchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFetchResult, vigil_fetch_result_free)

#define VIGIL_TYPE_FETCHER (vigil_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (VigilFetcher, vigil_fetcher, VIGIL, FETCHER, GObject)

VigilFetcher *vigil_fetcher_new (void);
void vigil_fetcher_set_timeout (VigilFetcher *self, guint seconds);
void vigil_fetcher_set_max_body (VigilFetcher *self, gsize bytes);
/* Seconds a whole download may take, however steadily the bytes trickle in
 * (default 120); the timeout above is for silence. Like the size limit, it is
 * read when a fetch starts. */
void vigil_fetcher_set_deadline (VigilFetcher *self, guint seconds);
/* Minimum time between two requests to one host (default 1000 ms). */
void vigil_fetcher_set_host_spacing (VigilFetcher *self, guint milliseconds);

void vigil_fetcher_fetch_async (VigilFetcher *self, const char *url, const char *etag,
                                const char *last_modified, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
/* The same with this request's own limit on the body, in bytes (0: the
 * fetcher's; never more than the fetcher's): over http(s) the download is
 * refused from its Content-Length, or stopped as soon as the bytes read pass
 * it (VIGIL_FETCH_ERROR_TOO_LARGE), not read to the fetcher's limit first. */
void vigil_fetcher_fetch_limited_async (VigilFetcher *self, const char *url, const char *etag,
                                        const char *last_modified, gsize max_body,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data);
VigilFetchResult *vigil_fetcher_fetch_finish (VigilFetcher *self, GAsyncResult *result,
                                              GError **error);

G_END_DECLS
