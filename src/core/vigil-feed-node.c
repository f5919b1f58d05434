/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-node.c — helpers over libxml2 nodes shared by the RSS and Atom readers (text, HTML,
 * URLs, dates) */
#include "config.h"

#include "vigil-feed-parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vigil-date.h"
#include "vigil-html.h"
#include "vigil-feed-private.h"
#include "vigil-xml.h"

/* ---- helpers over libxml2 nodes ---- */

gboolean
vigil_feed_node_is (xmlNodePtr node, const char *ns, const char *name)
{
  /* (the first letters compared here: most elements a reader asks about are
   * not the one it is looking at, and most differ there) */
  if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL
      || node->name[0] != (xmlChar) name[0] || xmlStrcmp (node->name, BAD_CAST name) != 0)
    return FALSE;
  if (ns == NULL)
    return node->ns == NULL || node->ns->href == NULL;
  return node->ns != NULL && xmlStrcmp (node->ns->href, BAD_CAST ns) == 0;
}

/* The iTunes namespace, however a podcast spells it (Apple's own documents
 * wrote DTDs/Podcast-1.0.dtd; the address is compared without case). */
gboolean
vigil_feed_node_is_itunes (xmlNodePtr node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL
         && node->ns->href != NULL
         && g_ascii_strcasecmp ((const char *) node->ns->href, NS_ITUNES) == 0
         && xmlStrcmp (node->name, BAD_CAST name) == 0;
}

/* Whether href is a namespace RSS elements are put in: RSS 1.0 and 0.90, and
 * the UserLand and Harvard addresses some RSS 0.9x/2.0 feeds declare
 * (http://backend.userland.com/rss, …/rss2, …/rss2.1). */
gboolean
vigil_feed_is_rss_namespace (const xmlChar *href)
{
  if (href == NULL)
    return TRUE;
  return xmlStrcmp (href, BAD_CAST NS_RSS10) == 0 || xmlStrcmp (href, BAD_CAST NS_RSS090) == 0
         || xmlStrncmp (href, BAD_CAST "http://backend.userland.com/rss", 31) == 0
         || xmlStrcmp (href, BAD_CAST "http://blogs.law.harvard.edu/tech/rss") == 0;
}

/* Element in no namespace or in one of the RSS namespaces (RSS 1.0 and 0.90
 * put their elements in a namespace, RSS 2.0 in none, or in UserLand's). */
gboolean
vigil_feed_node_is_plain (xmlNodePtr node, const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL
      || node->name[0] != (xmlChar) name[0] || xmlStrcmp (node->name, BAD_CAST name) != 0)
    return FALSE;
  return node->ns == NULL || vigil_feed_is_rss_namespace (node->ns->href);
}

char *
vigil_feed_node_text (xmlNodePtr node)
{
  xmlChar *content;
  char *result;

  if (node == NULL)
    return NULL;
  if (node->children != NULL && node->children->next == NULL
      && node->children->type == XML_TEXT_NODE && node->children->content != NULL)
    {
      /* The usual case, one text node: copied once, already trimmed. */
      const char *start = (const char *) node->children->content;
      const char *end = start + strlen (start);
      while (g_ascii_isspace (*start))
        start++;
      while (end > start && g_ascii_isspace (end[-1]))
        end--;
      result = g_strndup (start, end - start);
    }
  else
    {
      content = xmlNodeGetContent (node);
      if (content == NULL)
        return NULL;
      result = g_strstrip (g_strdup ((const char *) content));
      xmlFree (content);
    }
  if (!g_utf8_validate (result, -1, NULL))
    {
      char *valid = g_utf8_make_valid (result, -1);
      g_free (result);
      result = valid;
    }
  return result;
}

char *
vigil_feed_children_html (xmlNodePtr node, const char *base)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  char *html;

  for (xmlNodePtr c = node->children; c; c = c->next)
    xmlNodeDump (buf, node->doc, c, 0, 0);
  html = vigil_html_sanitize ((const char *) xmlBufferContent (buf), base);
  xmlBufferFree (buf);
  return html;
}

/* An element's text as sanitised HTML, or NULL if it is blank. The usual
 * single text node is sanitised where it lies (the sanitiser trims). With
 * markup_children, child elements are taken as HTML markup (RSS); without, only
 * their text counts (Atom's type="html" is escaped HTML, whatever wraps it). */
char *
vigil_feed_node_html (xmlNodePtr node, const char *base, gboolean markup_children)
{
  g_autofree char *text = NULL;

  if (node->children != NULL && node->children->next == NULL
      && node->children->type == XML_TEXT_NODE && node->children->content != NULL)
    {
      const char *p = (const char *) node->children->content;
      while (g_ascii_isspace (*p))
        p++;
      return *p ? vigil_html_sanitize (p, base) : NULL;
    }
  for (xmlNodePtr c = node->children; c && markup_children; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      {
        /* Markup left unescaped (<description><p>…</description>, or a
         * repaired ill-formed feed): serialised and sanitised as HTML, so
         * that its paragraphs and line breaks stay. */
        char *html = vigil_feed_children_html (node, base);
        if (html != NULL && *html == '\0')
          g_clear_pointer (&html, g_free);
        return html;
      }
  text = vigil_feed_node_text (node);
  return text != NULL && *text ? vigil_html_sanitize (text, base) : NULL;
}

char *
vigil_feed_node_attr (xmlNodePtr node, const char *name)
{
  return vigil_xml_prop (node, name, FALSE);
}

/* The base URL in effect for node: xml:base chain resolved against the document URL. */
/* Whether xmlNodeGetBase would find an xml:base on node or above it (or
 * might: a document with a DTD can give the attribute a default). */
static gboolean
may_have_xml_base (xmlNodePtr node)
{
  if (node->doc == NULL || node->doc->type != XML_DOCUMENT_NODE || node->doc->intSubset != NULL
      || node->doc->extSubset != NULL)
    return TRUE;
  for (xmlNodePtr n = node; n != NULL; n = n->parent)
    {
      if (n->type == XML_ENTITY_DECL)
        return TRUE;
      if (n->type != XML_ELEMENT_NODE)
        continue;
      for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
        if (a->ns != NULL && xmlStrEqual (a->name, BAD_CAST "base")
            && xmlStrEqual (a->ns->href, XML_XML_NAMESPACE))
          return TRUE;
    }
  return FALSE;
}

char *
vigil_feed_node_base (xmlNodePtr node, const char *doc_url)
{
  xmlChar *base;
  char *result = NULL;

  /* Nearly every item: no xml:base, and the document's own address (what
   * xmlNodeGetBase would copy and the test below compare) is doc_url. */
  if (doc_url != NULL && node->doc != NULL && node->doc->URL != NULL
      && strcmp ((const char *) node->doc->URL, doc_url) == 0 && !may_have_xml_base (node))
    return g_strdup (doc_url);
  base = xmlNodeGetBase (node->doc, node);

  if (base != NULL && doc_url != NULL && strcmp ((const char *) base, doc_url) == 0)
    {
      /* No xml:base: the document's own address (libxml2 hands it back). */
      xmlFree (base);
      return g_strdup (doc_url);
    }
  if (base != NULL)
    {
      if (doc_url != NULL)
        result = g_uri_resolve_relative (doc_url, (const char *) base, G_URI_FLAGS_NONE, NULL);
      if (result == NULL)
        result = g_strdup ((const char *) base);
      xmlFree (base);
    }
  else
    result = g_strdup (doc_url);
  return result;
}

char *
vigil_feed_resolve_url (const char *url, const char *base)
{
  char *resolved = NULL;

  if (url == NULL || *url == '\0')
    return NULL;
  if (vigil_html_url_is_plain (url))
    return g_strdup (url);
  if (base != NULL && *base)
    resolved = g_uri_resolve_relative (base, url, G_URI_FLAGS_NONE, NULL);
  return resolved != NULL ? resolved : g_strdup (url);
}

/* Whether the name (of length len) is an HTML element: HTML 4 as libxml2
 * knows it, and the HTML 5 elements a title may carry. */
static gboolean
is_html_element (const char *name, gsize len)
{
  static const char *const html5[]
      = { "article", "aside",   "audio", "canvas", "details", "figcaption", "figure",
          "footer",  "header",  "main",  "mark",   "nav",     "picture",    "section",
          "source",  "summary", "time",  "video",  "wbr" };
  char lower[16];

  if (len == 0 || len >= sizeof lower)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    lower[i] = g_ascii_tolower (name[i]);
  lower[len] = '\0';
  if (htmlTagLookup ((const xmlChar *) lower) != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (html5); i++)
    if (strcmp (lower, html5[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The text with every '<' that opens no HTML tag escaped: in a title,
 * "History of the <blink> tag" is words, "<b>Bold</b>" is markup. */
static char *
escape_non_html_tags (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 16);

  for (const char *p = text; *p; p++)
    {
      if (*p == '<' && p[1] != '!')
        {
          const char *name = p[1] == '/' ? p + 2 : p + 1;
          gsize len = 0;
          while (g_ascii_isalnum (name[len]))
            len++;
          if (!is_html_element (name, len))
            {
              g_string_append (out, "&lt;");
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Titles are plain text; feeds often put escaped markup or entities in them
 * (the markup goes, its text stays, and a '<' that is no tag is a '<'). */
char *
vigil_feed_plain_title (const char *text)
{
  if (text == NULL)
    return NULL;
  if (strchr (text, '<') != NULL)
    {
      g_autofree char *html = escape_non_html_tags (text);
      char *plain = vigil_html_to_text (html);
      g_strdelimit (plain, "\n", ' ');
      return plain;
    }
  if (strchr (text, '&') != NULL)
    {
      char *plain = vigil_html_to_text (text);
      g_strdelimit (plain, "\n", ' ');
      return plain;
    }
  return g_strdup (text);
}

/* A language tag as BCP 47 writes it: en_US is en-US. */
char *
vigil_feed_language_tag (char *lang)
{
  if (lang != NULL)
    g_strdelimit (lang, "_", '-');
  return lang;
}

char *
vigil_feed_text_to_html (const char *text)
{
  g_autofree char *escaped = vigil_html_escape (text);
  return g_strdup_printf ("<p>%s</p>", escaped);
}

void
vigil_feed_take_date (GDateTime **slot, const char *text)
{
  GDateTime *dt;

  if (*slot != NULL || text == NULL)
    return;
  dt = vigil_date_parse (text);
  if (dt != NULL)
    *slot = dt;
}

/* vigil_feed_take_date with the text of node (which may be NULL). */
void
vigil_feed_take_node_date (GDateTime **slot, xmlNodePtr node)
{
  g_autofree char *t = NULL;

  if (*slot != NULL || node == NULL)
    return;
  t = vigil_feed_node_text (node);
  vigil_feed_take_date (slot, t);
}

/* Keeps the first node seen in *slot. */
void
vigil_feed_keep_first (xmlNodePtr *slot, xmlNodePtr node)
{
  if (*slot == NULL)
    *slot = node;
}

void
vigil_feed_set_geo_point (VigilArticle *article, const char *point)
{
  double lat, lon;
  char *end = NULL;

  if (point == NULL)
    return;
  lat = g_ascii_strtod (point, &end);
  if (end == point)
    return;
  lon = g_ascii_strtod (end, NULL);
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
    return;
  article->has_geo = TRUE;
  article->lat = lat;
  article->lon = lon;
}

/* The duplicate key: the feed's own id, else the link, else a hash of the text. */
void
vigil_feed_finish_article (VigilArticle *article)
{
  vigil_article_limit_size (article);
  if (article->guid == NULL || *article->guid == '\0')
    {
      g_free (article->guid);
      if (article->link != NULL)
        article->guid = g_strdup (article->link);
      else
        {
          g_autofree char *text = g_strconcat (article->title ? article->title : "", "\n",
                                               article->summary ? article->summary : "",
                                               article->content ? article->content : "", NULL);
          g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, text, -1);
          article->guid = g_strconcat ("sha1:", sum, NULL);
        }
    }
  if (article->title == NULL || *article->title == '\0')
    {
      /* A title-less item (allowed in RSS 2.0) is named by its first words. */
      g_autofree char *body = vigil_article_dup_body_text (article);
      g_free (article->title);
      if (g_utf8_strlen (body, -1) > 80)
        {
          g_autofree char *cut = g_utf8_substring (body, 0, 80);
          article->title = g_strconcat (cut, "…", NULL);
        }
      else
        article->title = g_strdup (body);
      g_strdelimit (article->title, "\n", ' ');
    }
  if (article->published == NULL && article->updated == NULL)
    article->date_is_first_seen = TRUE;
}

void
vigil_feed_add_enclosure (VigilArticle *article, const char *url, const char *base,
                          const char *type, gint64 length)
{
  VigilEnclosure *enc;

  if (url == NULL || *url == '\0' || strlen (url) > VIGIL_ARTICLE_MAX_URL
      || article->enclosures->len >= VIGIL_ARTICLE_MAX_ENCLOSURES)
    return;
  enc = g_new0 (VigilEnclosure, 1);
  enc->url = vigil_feed_resolve_url (url, base);
  enc->type = g_strdup (type);
  enc->length = length;
  enc->duration = -1;
  g_ptr_array_add (article->enclosures, enc);
}

/* <enclosure url length type>, <media:content url fileSize type|medium>,
 * <link rel="enclosure" href length type>, <media:thumbnail url>. */
void
vigil_feed_add_xml_enclosure (VigilArticle *article, xmlNodePtr n, const char *url_attr,
                              const char *length_attr, const char *base)
{
  g_autofree char *url = vigil_feed_node_attr (n, url_attr);
  g_autofree char *type = vigil_feed_node_attr (n, "type");
  g_autofree char *length = length_attr ? vigil_feed_node_attr (n, length_attr) : NULL;

  if (type == NULL)
    type = vigil_feed_node_attr (n, "medium");
  vigil_feed_add_enclosure (article, url, base, type,
                            length ? g_ascii_strtoll (length, NULL, 10) : -1);
}

/* ---- what an item carries beyond VigilArticle ---- */

void
vigil_feed_text_detail_clear (VigilTextDetail *d)
{
  g_clear_pointer (&d->type, g_free);
  g_clear_pointer (&d->language, g_free);
  g_clear_pointer (&d->base, g_free);
}

void
vigil_feed_text_detail_set (VigilTextDetail *d, xmlNodePtr node, const char *type,
                            const char *doc_url)
{
  xmlChar *lang = xmlNodeGetLang (node);

  vigil_feed_text_detail_clear (d);
  d->type = g_strdup (type);
  if (lang != NULL && *lang != '\0')
    d->language = vigil_feed_language_tag (g_strdup ((const char *) lang));
  xmlFree (lang);
  d->base = vigil_feed_node_base (node, doc_url);
}

void
vigil_feed_category_free (VigilCategory *c)
{
  g_free (c->term);
  g_free (c->scheme);
  g_free (c->label);
  g_free (c);
}

/* Takes term (freed when blank); scheme and label are copied. */
void
vigil_feed_add_category_detail (GPtrArray *tags, char *term, const char *scheme, const char *label)
{
  VigilCategory *c;

  if (term == NULL || *term == '\0' || tags->len >= VIGIL_ARTICLE_MAX_LINKS)
    {
      g_free (term);
      return;
    }
  c = g_new0 (VigilCategory, 1);
  c->term = vigil_feed_bounded_text (term);
  c->scheme = scheme != NULL && *scheme ? vigil_feed_bounded_text (g_strdup (scheme)) : NULL;
  c->label = label != NULL && *label ? vigil_feed_bounded_text (g_strdup (label)) : NULL;
  if (c->term == NULL)
    {
      vigil_feed_category_free (c);
      return;
    }
  g_ptr_array_add (tags, c);
}

static void
item_detail_free (gpointer data)
{
  VigilItemDetail *d = data;

  vigil_feed_text_detail_clear (&d->title);
  vigil_feed_text_detail_clear (&d->summary);
  vigil_feed_text_detail_clear (&d->content);
  g_ptr_array_unref (d->tags);
  g_clear_pointer (&d->source, vigil_parsed_feed_free);
  g_free (d);
}

G_DEFINE_QUARK (vigil - item - detail, vigil_item_detail)

VigilItemDetail *
vigil_parsed_item_detail (VigilArticle *article)
{
  return g_object_get_qdata (G_OBJECT (article), vigil_item_detail_quark ());
}

VigilItemDetail *
vigil_feed_item_detail (VigilArticle *article)
{
  VigilItemDetail *d = vigil_parsed_item_detail (article);

  if (d == NULL)
    {
      d = g_new0 (VigilItemDetail, 1);
      d->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_feed_category_free);
      g_object_set_qdata_full (G_OBJECT (article), vigil_item_detail_quark (), d, item_detail_free);
    }
  return d;
}
