/* vigil-opml.c */
#include "vigil-opml.h"

#include <libxml/parser.h>
#include <string.h>

#include "vigil-feed-parser.h"

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
          VigilSource *e = vigil_source_new ();
          e->url = g_steal_pointer (&xml_url);
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
  out = g_ptr_array_new_with_free_func (g_object_unref);
  for (xmlNodePtr n = root->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrcmp (n->name, BAD_CAST "body") == 0)
      walk (n, NULL, out, 0);
  xmlFreeDoc (doc);
  return out;
}

static xmlNodePtr
folder_node (xmlNodePtr body, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  xmlNodePtr parent = body;

  for (int i = 0; parts[i]; i++)
    {
      xmlNodePtr found = NULL;
      if (*parts[i] == '\0')
        continue;
      for (xmlNodePtr c = parent->children; c && !found; c = c->next)
        {
          xmlChar *text = xmlGetProp (c, BAD_CAST "text");
          xmlChar *url = xmlGetProp (c, BAD_CAST "xmlUrl");
          if (url == NULL && text != NULL && g_str_equal ((const char *) text, parts[i]))
            found = c;
          xmlFree (text);
          xmlFree (url);
        }
      if (found == NULL)
        {
          found = xmlNewChild (parent, NULL, BAD_CAST "outline", NULL);
          xmlNewProp (found, BAD_CAST "text", BAD_CAST parts[i]);
          xmlNewProp (found, BAD_CAST "title", BAD_CAST parts[i]);
        }
      parent = found;
    }
  return parent;
}

char *
vigil_opml_write (GPtrArray *sources, const char *title)
{
  xmlDocPtr doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNodePtr root = xmlNewNode (NULL, BAD_CAST "opml");
  xmlNodePtr head, body;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S GMT");
  xmlChar *mem = NULL;
  int size = 0;
  char *result;

  xmlDocSetRootElement (doc, root);
  xmlNewProp (root, BAD_CAST "version", BAD_CAST "2.0");
  head = xmlNewChild (root, NULL, BAD_CAST "head", NULL);
  xmlNewTextChild (head, NULL, BAD_CAST "title", BAD_CAST (title ? title : "Vigil sources"));
  xmlNewTextChild (head, NULL, BAD_CAST "dateCreated", BAD_CAST date);
  body = xmlNewChild (root, NULL, BAD_CAST "body", NULL);
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      xmlNodePtr parent = s->folder ? folder_node (body, s->folder) : body;
      xmlNodePtr o = xmlNewChild (parent, NULL, BAD_CAST "outline", NULL);
      const char *name = s->title ? s->title : s->url;

      xmlNewProp (o, BAD_CAST "type", BAD_CAST "rss");
      xmlNewProp (o, BAD_CAST "text", BAD_CAST name);
      xmlNewProp (o, BAD_CAST "title", BAD_CAST name);
      xmlNewProp (o, BAD_CAST "xmlUrl", BAD_CAST s->url);
      if (s->html_url)
        xmlNewProp (o, BAD_CAST "htmlUrl", BAD_CAST s->html_url);
    }
  xmlDocDumpFormatMemoryEnc (doc, &mem, &size, "UTF-8", 1);
  result = g_strndup ((const char *) mem, size);
  xmlFree (mem);
  xmlFreeDoc (doc);
  return result;
}
