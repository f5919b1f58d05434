/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-discover.c */
#include "vigil-discover.h"

#include <libxml/HTMLparser.h>
#include <string.h>

#include "vigil-html.h"
#include "vigil-xml.h"

void
vigil_feed_link_free (VigilFeedLink *link)
{
  if (link == NULL)
    return;
  g_free (link->url);
  g_free (link->title);
  g_free (link->type);
  g_free (link);
}

static gboolean
is_feed_type (const char *type)
{
  static const char *const types[]
      = { "application/rss+xml", "application/atom+xml", "application/feed+json",
          "application/json",    "application/rdf+xml",  "text/xml",
          "application/xml" };
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (type, types[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
rel_has (const char *rel, const char *word)
{
  g_auto (GStrv) words = g_strsplit_set (rel, " \t\n", -1);
  for (int i = 0; words[i]; i++)
    if (g_ascii_strcasecmp (words[i], word) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *base;
  GPtrArray *out;
  GHashTable *seen; /* urls in out */
} Walk;

static void
walk (xmlNodePtr node, Walk *w, int depth)
{
  for (; node && depth < 64 && w->out->len < VIGIL_DISCOVER_MAX_LINKS; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (xmlStrcasecmp (node->name, BAD_CAST "link") == 0)
        {
          g_autofree char *rel = vigil_xml_attr (node, "rel");
          g_autofree char *type = vigil_xml_attr (node, "type");
          g_autofree char *href = vigil_xml_attr (node, "href");
          g_autofree char *url = NULL;

          if (rel == NULL || type == NULL || href == NULL || !rel_has (rel, "alternate")
              || !is_feed_type (type))
            continue;
          url = vigil_html_safe_url (href, w->base, FALSE);
          if (url == NULL || g_hash_table_contains (w->seen, url))
            continue;
          {
            VigilFeedLink *link = g_new0 (VigilFeedLink, 1);
            link->url = g_steal_pointer (&url);
            link->title = vigil_xml_attr (node, "title");
            link->type = g_ascii_strdown (type, -1);
            g_ptr_array_add (w->out, link);
            g_hash_table_add (w->seen, link->url);
          }
        }
      walk (node->children, w, depth + 1);
    }
}

GPtrArray *
vigil_discover_feed_links (const char *html, gsize length, const char *base_url)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_feed_link_free);
  htmlDocPtr doc;
  g_autofree char *base = g_strdup (base_url);

  if (html == NULL || length == 0 || length > G_MAXINT)
    return out;
  doc = htmlReadMemory (html, (int) length, base_url, NULL,
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                            | HTML_PARSE_RECOVER);
  if (doc == NULL)
    return out;
  /* <base href> changes what relative links mean. */
  {
    xmlChar *b = xmlNodeGetBase (doc, xmlDocGetRootElement (doc));
    if (b != NULL)
      {
        char *resolved
            = base_url ? g_uri_resolve_relative (base_url, (const char *) b, G_URI_FLAGS_NONE, NULL)
                       : NULL;
        g_free (base);
        base = resolved ? resolved : g_strdup ((const char *) b);
        xmlFree (b);
      }
  }
  {
    /* A page names a handful of feeds; a hostile one named 200,000 and the
     * de-duplication, then a scan of the list for each, froze the window. */
    g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    Walk w = { base, out, seen };
    walk (xmlDocGetRootElement (doc), &w, 0);
  }
  xmlFreeDoc (doc);
  return out;
}
