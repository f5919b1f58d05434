/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-fetch-reason.h: why a source could not be read, in the desk's words.
 *
 * A source's error is kept as the technical text its reading ended with (the
 * fetcher's, which puts its own stable words before GIO's network errors;
 * the feed reader's); this tells its kind and says it as a short sentence
 * with what to do, the technical text staying as a detail. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_FETCH_REASON_OTHER, /* not recognised: the technical text is all there is */
  VIGIL_FETCH_REASON_NAME,  /* the server's name could not be resolved */
  VIGIL_FETCH_REASON_REFUSED,
  VIGIL_FETCH_REASON_UNREACHABLE, /* no route to the host or the network */
  VIGIL_FETCH_REASON_TIMEOUT,
  VIGIL_FETCH_REASON_TLS,
  VIGIL_FETCH_REASON_ACCESS,    /* HTTP 401, 403 */
  VIGIL_FETCH_REASON_NOT_FOUND, /* HTTP 404 */
  VIGIL_FETCH_REASON_GONE,      /* HTTP 410 */
  VIGIL_FETCH_REASON_BUSY,      /* HTTP 429, 503, or the host asked us to wait */
  VIGIL_FETCH_REASON_SERVER,    /* other HTTP 5xx */
  VIGIL_FETCH_REASON_HTTP,      /* any other HTTP status */
  VIGIL_FETCH_REASON_NOT_A_FEED,
  VIGIL_FETCH_REASON_DAMAGED, /* not well-formed, empty */
  VIGIL_FETCH_REASON_TOO_LARGE,
  VIGIL_FETCH_REASON_REDIRECTS,
} VigilFetchReason;

/* The kind of error technical says; *http_status (may be NULL) is set to the
 * HTTP status it names, or 0. */
VigilFetchReason vigil_fetch_reason_classify (const char *technical, guint *http_status);

/* The desk's sentence for technical (translated), or NULL when it is of no
 * kind known (then technical is best said as it is). */
char *vigil_fetch_reason_describe (const char *technical);

G_END_DECLS
