/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-opml.c */
#include "config.h"

#include "vigil-opml.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <string.h>

#include "vigil-feed-parser.h"
#include "vigil-url.h"
#include "vigil-xml.h"

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
      xml_url = vigil_xml_attr (n, "xmlUrl");
      title = vigil_xml_attr (n, "title");
      if (title == NULL)
        title = vigil_xml_attr (n, "text");
      if (xml_url != NULL)
        {
          VigilSource *e = vigil_source_new ();
          e->url = g_steal_pointer (&xml_url);
          e->title = g_steal_pointer (&title);
          e->html_url = vigil_xml_attr (n, "htmlUrl");
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

GPtrArray *
vigil_opml_keep_subscribable (GPtrArray *sources)
{
  GPtrArray *refused = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sources->len;)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *url = vigil_url_for_subscription (s->url, FALSE, &error);

      if (url == NULL)
        {
          /* TRANSLATORS: an outline of an imported subscription list that was not
           * imported: its title, then why (“Passwords”: Only web addresses…) */
          g_ptr_array_add (refused, g_strdup_printf (_ ("“%s”: %s"), s->title ? s->title : s->url,
                                                     error->message));
          g_ptr_array_remove_index (sources, i);
          continue;
        }
      g_free (s->url);
      s->url = g_steal_pointer (&url);
      /* The site's address is shown and opened in a browser: web pages only. */
      if (s->html_url != NULL && !vigil_url_is_web (s->html_url))
        g_clear_pointer (&s->html_url, g_free);
      i++;
    }
  return refused;
}

/* Text as XML 1.0 may hold it: valid UTF-8 without control characters (but
 * tab and newlines), U+FFFE or U+FFFF, which no escaping can write. */
static char *
xml_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        continue;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

static void
set_prop (xmlNodePtr node, const char *name, const char *value)
{
  g_autofree char *clean = xml_text (value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST clean);
}

static xmlNodePtr
folder_node (xmlNodePtr body, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  xmlNodePtr parent = body;

  for (int i = 0; parts[i]; i++)
    {
      xmlNodePtr found = NULL;
      g_autofree char *part = xml_text (parts[i]);
      if (*part == '\0')
        continue;
      for (xmlNodePtr c = parent->children; c && !found; c = c->next)
        {
          xmlChar *text = xmlGetProp (c, BAD_CAST "text");
          xmlChar *url = xmlGetProp (c, BAD_CAST "xmlUrl");
          if (url == NULL && text != NULL && g_str_equal ((const char *) text, part))
            found = c;
          xmlFree (text);
          xmlFree (url);
        }
      if (found == NULL)
        {
          found = xmlNewChild (parent, NULL, BAD_CAST "outline", NULL);
          set_prop (found, "text", part);
          set_prop (found, "title", part);
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
  {
    g_autofree char *clean = xml_text (title ? title : "Vigil sources");
    xmlNewTextChild (head, NULL, BAD_CAST "title", BAD_CAST clean);
  }
  xmlNewTextChild (head, NULL, BAD_CAST "dateCreated", BAD_CAST date);
  body = xmlNewChild (root, NULL, BAD_CAST "body", NULL);
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      xmlNodePtr parent = s->folder ? folder_node (body, s->folder) : body;
      xmlNodePtr o = xmlNewChild (parent, NULL, BAD_CAST "outline", NULL);
      const char *name = s->title ? s->title : s->url;

      /* xmlNewProp escapes & < > " but writes every other byte as it is. */
      xmlNewProp (o, BAD_CAST "type", BAD_CAST "rss");
      set_prop (o, "text", name);
      set_prop (o, "title", name);
      set_prop (o, "xmlUrl", s->url);
      if (s->html_url)
        set_prop (o, "htmlUrl", s->html_url);
    }
  xmlDocDumpFormatMemoryEnc (doc, &mem, &size, "UTF-8", 1);
  result = g_strndup ((const char *) mem, size);
  xmlFree (mem);
  xmlFreeDoc (doc);
  return result;
}
