/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-reader.h: the full article of a web page (reader mode).
 *
 * The page is fetched with the window's fetcher (its size limit, timeouts,
 * User-Agent and spacing per host), decoded to UTF-8, and handed as a string
 * to Mozilla Readability (data/article/vendor/readability, unmodified), which
 * runs in a script world of its own in a web view: it reads a document that
 * DOMParser builds from the string, and such a document runs no script and
 * loads nothing. What Readability keeps goes through the sanitiser like any
 * feed's HTML.
 */
#pragma once

#include <webkit/webkit.h>

#include "vigil-fetcher.h"

G_BEGIN_DECLS

#define VIGIL_READER_ERROR (vigil_reader_error_quark ())
GQuark vigil_reader_error_quark (void);

typedef enum
{
  VIGIL_READER_ERROR_NO_ADDRESS, /* the article has no web address */
  VIGIL_READER_ERROR_NOT_HTML,   /* the address gave something else than a web page */
  VIGIL_READER_ERROR_NOT_FOUND,  /* Readability found no article in the page */
  VIGIL_READER_ERROR_SCRIPT,     /* the web view could not run Readability */
} VigilReaderError;

/* The script world Readability runs in (not the page's, not the view's own). */
#define VIGIL_READER_SCRIPT_WORLD "vigil-reader"

/* Fetches url and finds its article, in web_view (any page loaded in it; the
 * page is not changed). The result is the article as sanitised HTML, at most
 * VIGIL_ARTICLE_MAX_HTML (shortened like a feed's); a heading that repeats
 * title (the article's headline, may be NULL), which the view shows above
 * the body, is left out. */
void vigil_reader_extract_async (VigilFetcher *fetcher, WebKitWebView *web_view, const char *url,
                                 const char *title, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
char *vigil_reader_extract_finish (GAsyncResult *result, GError **error);

/* The HTML of a fetched page as UTF-8: its byte order mark, else the HTTP
 * charset, else its <meta> charset, else UTF-8 when it is, else windows-1252
 * (as browsers read Latin-1 labels too). */
char *vigil_reader_decode (const char *data, gsize length, const char *http_charset);
/* Whether a response of that Content-Type (may be NULL) and body is a web page. */
gboolean vigil_reader_is_html (const char *content_type, const char *data, gsize length);

G_END_DECLS
