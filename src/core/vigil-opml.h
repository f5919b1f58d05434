/* vigil-opml.h: reading subscription lists (OPML 1.0/2.0).
 *
 * Outlines with an xmlUrl become source entries; the titles of the outlines that
 * contain them become the folder path ("Middle East/Iraq").
 */
#pragma once

#include <glib.h>

#include "vigil-article.h"

G_BEGIN_DECLS

typedef struct
{
  char *title;
  char *xml_url;
  char *html_url;
  char *folder; /* NULL at top level */
} VigilOpmlEntry;

void vigil_opml_entry_free (VigilOpmlEntry *entry);

/* Returns VigilOpmlEntry* in document order. */
GPtrArray *vigil_opml_parse (const char *data, gsize length, GError **error);

/* An OPML 2.0 document listing sources (VigilSource*): folder paths ("a/b")
 * become nested outlines. */
char *vigil_opml_write (GPtrArray *sources, const char *title);

G_END_DECLS
