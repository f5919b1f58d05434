/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-favicon.h: a source's site icon for the sidebar, and its feed's own
 * image for Edit Source.
 *
 * {scheme}://{host}/favicon.ico of the source's site, fetched once (a failure
 * is remembered for a week), decoded off the main thread and kept as a 16 px
 * PNG in $XDG_CACHE_HOME/vigil/icons/. Whatever the site sends is untrusted:
 * at most 100 KB, declaring at most 1024×1024 pixels (checked from the header,
 * before decoding), and only what gdk-pixbuf decodes as an image is kept. One
 * request per origin at a time: callers asking while it runs share its result.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-article.h"
#include "vigil-fetcher.h"

G_BEGIN_DECLS

/* The site a source's icon comes from (its html_url, else its feed's), as
 * "scheme://host[:port]"; NULL for sources with none to ask (local files,
 * reserved names such as .invalid or .test). */
char *vigil_favicon_origin (VigilSource *source);
/* The cached icon's file for an origin (it may not exist yet). */
char *vigil_favicon_path (const char *origin);
/* TRUE when the icon is cached or a recent attempt failed: nothing to fetch. */
gboolean vigil_favicon_known (const char *origin);

void vigil_favicon_fetch_async (VigilFetcher *fetcher, const char *origin,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
/* The cached icon's path, or NULL with error (the failure is remembered). */
char *vigil_favicon_fetch_finish (GAsyncResult *result, GError **error);

/* The image a feed shows for itself (its logo; vigil_store_get_source_image)
 * for Edit Source: http(s) only, at most 1 MiB and 4096×4096 pixels as the
 * file declares them, decoded off the main thread and scaled to fit a box of
 * box × box pixels (a smaller one is left as it is). Returns a PNG that Vigil
 * encoded itself (for gdk_texture_new_from_bytes), or NULL with error. Not
 * cached: it is fetched when the dialog opens. */
void vigil_feed_image_fetch_async (VigilFetcher *fetcher, const char *url, int box,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
GBytes *vigil_feed_image_fetch_finish (GAsyncResult *result, GError **error);

G_END_DECLS
