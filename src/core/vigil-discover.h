/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-discover.h: finding the feeds of a web page.
 *
 * Desks paste site addresses, not feed addresses: a page's
 * <link rel="alternate" type="application/rss+xml|atom+xml|feed+json"> elements
 * name its feeds.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *url; /* absolute */
  char *title;
  char *type;
} VigilFeedLink;

void vigil_feed_link_free (VigilFeedLink *link);

/* The most feeds taken from one page. */
#define VIGIL_DISCOVER_MAX_LINKS 100

/* The feeds a page advertises, in page order, without duplicates, at most
 * VIGIL_DISCOVER_MAX_LINKS. It reads the whole page: call it off the main
 * thread for pages from the network. */
GPtrArray *vigil_discover_feed_links (const char *html, gsize length, const char *base_url);

G_END_DECLS
