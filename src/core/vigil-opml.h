/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-opml.h: subscription lists (OPML 1.0/2.0) in and out.
 *
 * Outlines with an xmlUrl become sources (url, title, html_url, folder); the
 * titles of the outlines that contain them become the folder path
 * ("Middle East/Iraq"), and back. Text that is not UTF-8 is repaired as it is
 * read, and what is written is always well-formed XML.
 */
#pragma once

#include <glib.h>

#include "vigil-article.h"

G_BEGIN_DECLS

/* Returns VigilSource* (not stored yet) in document order; folder is NULL at the
 * top level. */
GPtrArray *vigil_opml_parse (const char *data, gsize length, GError **error);

/* Keeps in sources only what a user may subscribe to (vigil_url_for_subscription:
 * http(s), feed: rewritten) and drops site addresses that are not web pages.
 * Returns one message per outline removed, naming it by its title, in order. */
GPtrArray *vigil_opml_keep_subscribable (GPtrArray *sources);

/* An OPML 2.0 document listing sources (VigilSource*): folder paths ("a/b")
 * become nested outlines. */
char *vigil_opml_write (GPtrArray *sources, const char *title);

G_END_DECLS
