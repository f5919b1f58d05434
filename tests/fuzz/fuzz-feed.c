/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the feed parsers (RSS 0.9x/1.0/2.0, Atom, JSON Feed, GDELT),
 * which also sanitise every item's HTML. */
#include "vigil-feed-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = vigil_feed_parse (
      (const char *) data, size, "https://fuzz.example.test/feed", NULL, &error);

  g_assert ((feed == NULL) == (error != NULL));
  if (feed != NULL)
    g_free (vigil_parsed_feed_to_json (feed, FALSE));
  return 0;
}
