/* vigil-opml.c */
#include "vigil-opml.h"

#include <libxml/parser.h>
#include <string.h>

#include "vigil-feed-parser.h"

void
vigil_opml_entry_free (VigilOpmlEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->title);
  g_free (entry->xml_url);
  g_free (entry->html_url);
  g_free (entry->folder);
  g_free (entry);
}

static char *
attr (xmlNodePtr node, const char *name)
{
  xmlChar *v = xmlGetProp (node, BAD_CAST name);
  char *r;

  if (v == NULL)
    return NULL;
  r = g_strstrip (g_strdup ((const char *) v));
  xmlFree (v);
  if (*r == '\0')
    g_clear_pointer (&r, g_free);
  return r;
}

static void
walk (xmlNodePtr parent, const char *folder, GPtrArray *out, int depth)
{
  if (depth > 32)
    return;
  for (xmlNodePtr n = parent->children; n; n = n->next)
    {
      g_autofree char *xml_url = NULL;
      g_autofree char *title = NULL;

      if (n->type != XML_ELEMENT_NODE || xmlStrcmp (n->name, BAD_CAST "outline") != 0)
        continue;
      xml_url = attr (n, "xmlUrl");
      title = attr (n, "title");
      if (title == NULL)
        title = attr (n, "text");
      if (xml_url != NULL)
        {
          VigilOpmlEntry *e = g_new0 (VigilOpmlEntry, 1);
          e->xml_url = g_steal_pointer (&xml_url);
          e->title = g_steal_pointer (&title);
          e->html_url = attr (n, "htmlUrl");
          e->folder = g_strdup (folder);
          g_ptr_array_add (out, e);
        }
      else
        {
          g_autofree char *sub = folder && title ? g_strconcat (folder, "/", title, NULL)
                                                 : g_strdup (title ? title : folder);
          walk (n, sub, out, depth + 1);
        }
    }
}

GPtrArray *
vigil_opml_parse (const char *data, gsize length, GError **error)
{
  xmlDocPtr doc;
  xmlNodePtr root;
  GPtrArray *out;

  if (data == NULL || length == 0 || length > G_MAXINT)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_EMPTY,
                           "The subscription list is empty");
      return NULL;
    }
  doc = xmlReadMemory (data, (int) length, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                           | XML_PARSE_RECOVER);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || xmlStrcmp (root->name, BAD_CAST "opml") != 0)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED,
                           "Not an OPML subscription list");
      if (doc)
        xmlFreeDoc (doc);
      return NULL;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_opml_entry_free);
  for (xmlNodePtr n = root->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrcmp (n->name, BAD_CAST "body") == 0)
      walk (n, NULL, out, 0);
  xmlFreeDoc (doc);
  return out;
}
