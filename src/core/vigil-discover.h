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

/* The feeds a page advertises, in page order, without duplicates. */
GPtrArray *vigil_discover_feed_links (const char *html, gsize length, const char *base_url);

G_END_DECLS
