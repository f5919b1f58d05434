/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the JSON side of the feed parser (JSON Feed 1.0/1.1, the GDELT
 * article list) and the nesting check that runs before json-glib, whose
 * recursive parser overflowed the stack on 100,000 nested arrays. */
#include <string.h>

#include "vigil-feed-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  g_autofree char *json = NULL;
  gsize len;

  /* Every input is read as JSON: an opening brace is added when it lacks one,
   * so that the fuzzer need not find it. */
  if (size > 0 && data[0] == '{')
    {
      json = g_memdup2 (data, size);
      len = size;
    }
  else
    {
      json = g_malloc (size + 1);
      json[0] = '{';
      memcpy (json + 1, data, size);
      len = size + 1;
    }

  /* A document within a depth is within every greater depth. */
  for (guint depth = 1; depth < 8; depth++)
    g_assert (!vigil_json_depth_ok (json, len, depth)
              || vigil_json_depth_ok (json, len, depth + 1));
  g_assert (vigil_json_depth_ok (json, len, VIGIL_JSON_MAX_DEPTH)
            || !vigil_json_depth_ok (json, len, 8));

  feed = vigil_feed_parse (json, len, "https://fuzz.example.test/feed.json", NULL, &error);
  g_assert ((feed == NULL) == (error != NULL));
  if (feed != NULL)
    {
      g_assert (g_str_equal (feed->format, "jsonfeed") || g_str_equal (feed->format, "gdelt"));
      g_free (vigil_parsed_feed_to_json (feed, FALSE));
    }
  return 0;
}
