/* vigil-feed-parser.c */
#include "config.h"

#include "vigil-feed-parser.h"

#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-date.h"
#include "vigil-html.h"

#define NS_ATOM10 "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS10 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA "http://search.yahoo.com/mrss/"
#define NS_GEORSS "http://www.georss.org/georss"
#define NS_GEO "http://www.w3.org/2003/01/geo/wgs84_pos#"
#define NS_GML "http://www.opengis.net/gml"
#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_ADMIN "http://webns.net/mvcb/"

G_DEFINE_QUARK (vigil_feed_error, vigil_feed_error)

void
vigil_parsed_feed_free (VigilParsedFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->title);
  g_free (feed->link);
  g_free (feed->subtitle);
  g_free (feed->language);
  g_clear_pointer (&feed->updated, g_date_time_unref);
  g_free (feed->author);
  g_free (feed->id);
  g_free (feed->image_url);
  g_free (feed->image_title);
  g_free (feed->image_link);
  g_free (feed->icon);
  g_free (feed->rights);
  g_free (feed->generator);
  g_ptr_array_unref (feed->items);
  g_free (feed);
}

static VigilParsedFeed *
parsed_feed_new (const char *format)
{
  VigilParsedFeed *feed = g_new0 (VigilParsedFeed, 1);

  feed->format = format;
  feed->ttl = -1;
  feed->items = g_ptr_array_new_with_free_func (g_object_unref);
  return feed;
}

/* ---- helpers over libxml2 nodes ---- */

static gboolean
node_is (xmlNodePtr node, const char *ns, const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return FALSE;
  if (xmlStrcmp (node->name, BAD_CAST name) != 0)
    return FALSE;
  if (ns == NULL)
    return node->ns == NULL || node->ns->href == NULL;
  return node->ns != NULL && xmlStrcmp (node->ns->href, BAD_CAST ns) == 0;
}

/* The iTunes namespace, however a podcast spells it (Apple's own documents
 * wrote DTDs/Podcast-1.0.dtd; the address is compared without case). */
static gboolean
node_is_itunes (xmlNodePtr node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL
         && node->ns->href != NULL
         && g_ascii_strcasecmp ((const char *) node->ns->href, NS_ITUNES) == 0
         && xmlStrcmp (node->name, BAD_CAST name) == 0;
}

/* Whether href is a namespace RSS elements are put in: RSS 1.0 and 0.90, and
 * the UserLand and Harvard addresses some RSS 0.9x/2.0 feeds declare
 * (http://backend.userland.com/rss, …/rss2, …/rss2.1). */
static gboolean
is_rss_namespace (const xmlChar *href)
{
  if (href == NULL)
    return TRUE;
  return xmlStrcmp (href, BAD_CAST NS_RSS10) == 0 || xmlStrcmp (href, BAD_CAST NS_RSS090) == 0
         || xmlStrncmp (href, BAD_CAST "http://backend.userland.com/rss", 31) == 0
         || xmlStrcmp (href, BAD_CAST "http://blogs.law.harvard.edu/tech/rss") == 0;
}

/* Element in no namespace or in one of the RSS namespaces (RSS 1.0 and 0.90
 * put their elements in a namespace, RSS 2.0 in none, or in UserLand's). */
static gboolean
node_is_plain (xmlNodePtr node, const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || xmlStrcmp (node->name, BAD_CAST name) != 0)
    return FALSE;
  return node->ns == NULL || is_rss_namespace (node->ns->href);
}

static char *
node_text (xmlNodePtr node)
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

/* An element's text as sanitised HTML, or NULL if it is blank. The usual
 * single text node is sanitised where it lies (the sanitiser trims). With
 * markup_children, child elements are taken as HTML markup (RSS); without, only
 * their text counts (Atom's type="html" is escaped HTML, whatever wraps it). */
static char *
node_html (xmlNodePtr node, const char *base, gboolean markup_children)
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
        xmlBufferPtr buf = xmlBufferCreate ();
        char *html;
        for (xmlNodePtr k = node->children; k; k = k->next)
          xmlNodeDump (buf, node->doc, k, 0, 0);
        html = vigil_html_sanitize ((const char *) xmlBufferContent (buf), base);
        xmlBufferFree (buf);
        if (html != NULL && *html == '\0')
          g_clear_pointer (&html, g_free);
        return html;
      }
  text = node_text (node);
  return text != NULL && *text ? vigil_html_sanitize (text, base) : NULL;
}

static char *
node_attr (xmlNodePtr node, const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *result;

  if (value == NULL)
    return NULL;
  result = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);
  return result;
}

/* The base URL in effect for node: xml:base chain resolved against the document URL. */
static char *
node_base (xmlNodePtr node, const char *doc_url)
{
  xmlChar *base = xmlNodeGetBase (node->doc, node);
  char *result = NULL;

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

static char *
resolve_url (const char *url, const char *base)
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
static char *
plain_title (const char *text)
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
static char *
language_tag (char *lang)
{
  if (lang != NULL)
    g_strdelimit (lang, "_", '-');
  return lang;
}

static char *
text_to_html (const char *text)
{
  g_autofree char *escaped = vigil_html_escape (text);
  return g_strdup_printf ("<p>%s</p>", escaped);
}

static void
take_date (GDateTime **slot, const char *text)
{
  GDateTime *dt;

  if (*slot != NULL || text == NULL)
    return;
  dt = vigil_date_parse (text);
  if (dt != NULL)
    *slot = dt;
}

/* take_date with the text of node (which may be NULL). */
static void
take_node_date (GDateTime **slot, xmlNodePtr node)
{
  g_autofree char *t = NULL;

  if (*slot != NULL || node == NULL)
    return;
  t = node_text (node);
  take_date (slot, t);
}

/* Keeps the first node seen in *slot. */
static inline void
keep_first (xmlNodePtr *slot, xmlNodePtr node)
{
  if (*slot == NULL)
    *slot = node;
}

static void
set_geo_point (VigilArticle *article, const char *point)
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
static void
finish_article (VigilArticle *article)
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

static void
add_enclosure (VigilArticle *article, const char *url, const char *base, const char *type,
               gint64 length)
{
  VigilEnclosure *enc;

  if (url == NULL || *url == '\0' || strlen (url) > VIGIL_ARTICLE_MAX_URL
      || article->enclosures->len >= VIGIL_ARTICLE_MAX_ENCLOSURES)
    return;
  enc = g_new0 (VigilEnclosure, 1);
  enc->url = resolve_url (url, base);
  enc->type = g_strdup (type);
  enc->length = length;
  enc->duration = -1;
  g_ptr_array_add (article->enclosures, enc);
}

/* <enclosure url length type>, <media:content url fileSize type|medium>,
 * <link rel="enclosure" href length type>, <media:thumbnail url>. */
static void
add_xml_enclosure (VigilArticle *article, xmlNodePtr n, const char *url_attr,
                   const char *length_attr, const char *base)
{
  g_autofree char *url = node_attr (n, url_attr);
  g_autofree char *type = node_attr (n, "type");
  g_autofree char *length = length_attr ? node_attr (n, length_attr) : NULL;

  if (type == NULL)
    type = node_attr (n, "medium");
  add_enclosure (article, url, base, type, length ? g_ascii_strtoll (length, NULL, 10) : -1);
}

/* ---- the fields a desk uses beyond the text: people, links, media, places ---- */

/* Free text of a field (a name, rights, a generator), on one line and at
 * most VIGIL_ARTICLE_MAX_FIELD bytes; NULL when blank. Takes text. */
static char *
bounded_text (char *text)
{
  if (text == NULL)
    return NULL;
  g_strdelimit (text, "\t\r\n", ' ');
  g_strstrip (text);
  if (*text == '\0')
    {
      g_free (text);
      return NULL;
    }
  if (strlen (text) > VIGIL_ARTICLE_MAX_FIELD)
    {
      const char *end = g_utf8_find_prev_char (text, text + VIGIL_ARTICLE_MAX_FIELD);
      char *cut = g_strdup_printf ("%.*s…", (int) (end - text), text);
      g_free (text);
      return cut;
    }
  return text;
}

/* An address a desk may open or load: http(s) only (no javascript:, data:,
 * file:), resolved against base, and not absurdly long. */
static char *
web_url (const char *url, const char *base)
{
  if (url == NULL || *url == '\0' || strlen (url) > VIGIL_ARTICLE_MAX_URL)
    return NULL;
  return vigil_html_safe_url (url, base, FALSE);
}

/* The plain text of an element, bounded (names, titles of links, rights). */
static char *
node_field (xmlNodePtr node)
{
  g_autofree char *t = node_text (node);
  return bounded_text (plain_title (t));
}

static void
add_person (GPtrArray *people, char *name, char *email, char *uri)
{
  VigilPerson *p;

  name = bounded_text (name);
  email = bounded_text (email);
  if (email != NULL && (strchr (email, '@') == NULL || strpbrk (email, " <>\"") != NULL))
    g_clear_pointer (&email, g_free); /* not an address */
  if ((name == NULL && email == NULL && uri == NULL) || people->len >= VIGIL_ARTICLE_MAX_PEOPLE)
    {
      g_free (name);
      g_free (email);
      g_free (uri);
      return;
    }
  p = g_new0 (VigilPerson, 1);
  p->name = name;
  p->email = email;
  p->uri = uri;
  g_ptr_array_add (people, p);
}

/* An author as RSS and Dublin Core write one: "jo@example.org (Jo Doe)",
 * "Jo Doe <jo@example.org>", "jo@example.org" or "Jo Doe". */
static void
add_person_text (GPtrArray *people, const char *text)
{
  const char *open, *close, *at;

  if (text == NULL || *text == '\0')
    return;
  at = strchr (text, '@');
  open = strpbrk (text, "(<");
  close = open ? strrchr (text, *open == '(' ? ')' : '>') : NULL;
  if (at != NULL && open != NULL && close != NULL && close > open)
    {
      g_autofree char *inside = g_strndup (open + 1, close - open - 1);
      g_autofree char *outside = g_strndup (text, open - text);
      gboolean email_inside = *open == '<';
      if (!email_inside && strchr (outside, '@') == NULL)
        email_inside = TRUE; /* "Jo Doe (jo@example.org)" */
      add_person (people, g_strdup (email_inside ? outside : inside),
                  g_strdup (email_inside ? inside : outside), NULL);
      return;
    }
  if (at != NULL && strchr (text, ' ') == NULL)
    add_person (people, NULL, g_strdup (text), NULL);
  else
    add_person (people, g_strdup (text), NULL, NULL);
}

/* An Atom person construct (<author>, <contributor>): name, email, uri. */
static void
add_atom_person (GPtrArray *people, xmlNodePtr node, const char *ns, const char *doc_url)
{
  char *name = NULL, *email = NULL, *uri = NULL;

  for (xmlNodePtr c = node->children; c; c = c->next)
    if (node_is (c, ns, "name") && name == NULL)
      name = node_text (c);
    else if (node_is (c, ns, "email") && email == NULL)
      email = node_text (c);
    else if ((node_is (c, ns, "uri") || node_is (c, ns, "url") || node_is (c, ns, "homepage"))
             && uri == NULL)
      {
        g_autofree char *t = node_text (c);
        g_autofree char *b = node_base (c, doc_url);
        uri = web_url (t, b);
      }
  if (name == NULL && email == NULL && uri == NULL)
    {
      /* <author>Jo Doe</author>: the text is the person. */
      g_autofree char *t = node_text (node);
      add_person_text (people, t);
      return;
    }
  add_person (people, name, email, uri);
}

/* How a person is shown where one line names them. */
static char *
person_line (const VigilPerson *p)
{
  return g_strdup (p->name != NULL ? p->name : p->email != NULL ? p->email : p->uri);
}

static void
add_link (VigilArticle *article, const char *rel, const char *href, const char *base,
          const char *type, const char *title)
{
  VigilLink *link;
  char *url;

  if (article->links->len >= VIGIL_ARTICLE_MAX_LINKS || (url = web_url (href, base)) == NULL)
    return;
  link = g_new0 (VigilLink, 1);
  link->rel = g_strdup (rel != NULL && *rel ? rel : "alternate");
  link->href = url;
  link->type = type != NULL && *type ? g_strdup (type) : NULL;
  link->title = title != NULL ? bounded_text (g_strdup (title)) : NULL;
  g_ptr_array_add (article->links, link);
}

static gboolean
has_link (VigilArticle *article, const char *rel)
{
  for (guint i = 0; i < article->links->len; i++)
    if (g_strcmp0 (((VigilLink *) g_ptr_array_index (article->links, i))->rel, rel) == 0)
      return TRUE;
  return FALSE;
}

/* A duration in seconds: "3600", "62.5", "1:02", "01:00:00" (iTunes and
 * Media RSS); -1 when it is none. */
static gint64
parse_duration (const char *text)
{
  gint64 total = 0;
  guint parts = 0;
  const char *p = text;

  if (text == NULL)
    return -1;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    return -1;
  for (;;)
    {
      gint64 n = 0;
      guint digits = 0;
      while (g_ascii_isdigit (*p) && digits < 10)
        n = n * 10 + (*p++ - '0'), digits++;
      if (digits == 0 || g_ascii_isdigit (*p) || ++parts > 3)
        return -1;
      total = total * 60 + n;
      if (*p == '.')
        {
          /* Fractions of a second are dropped. */
          p++;
          while (g_ascii_isdigit (*p))
            p++;
        }
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return total;
      if (*p != ':')
        return -1;
      p++;
    }
}

/* The vertices of a GeoRSS or GML coordinate list ("lat lon lat lon…", dims
 * numbers a vertex, the extra ones ignored), at most
 * VIGIL_ARTICLE_MAX_GEO_POINTS; NULL unless every pair is a place on Earth. */
static GArray *
geo_points (const char *text, guint dims)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (double));
  const char *p = text;

  if (dims < 2 || dims > 3)
    dims = 2;
  while (p != NULL && *p)
    {
      double v[3];
      guint i;
      for (i = 0; i < dims; i++)
        {
          char *end = NULL;
          while (g_ascii_isspace (*p) || *p == ',')
            p++;
          if (*p == '\0')
            break;
          v[i] = g_ascii_strtod (p, &end);
          if (end == p)
            {
              g_array_unref (points);
              return NULL;
            }
          p = end;
        }
      if (i == 0)
        break;
      if (i < dims || v[0] < -90 || v[0] > 90 || v[1] < -180 || v[1] > 180 || v[0] != v[0]
          || v[1] != v[1])
        {
          g_array_unref (points);
          return NULL;
        }
      if (points->len / 2 < VIGIL_ARTICLE_MAX_GEO_POINTS)
        g_array_append_vals (points, v, 2);
    }
  if (points->len == 0)
    g_clear_pointer (&points, g_array_unref);
  return points;
}

/* Keeps a GeoRSS line, box or polygon: the shape, and as lat/lon its
 * representative point (the box's centre, the mean of the vertices). */
static void
set_geo_shape (VigilArticle *article, const char *shape, const char *text, guint dims)
{
  g_autoptr (GArray) points = NULL;
  GString *coords;
  double lat = 0, lon = 0;
  guint n;

  if (article->has_geo || text == NULL || (points = geo_points (text, dims)) == NULL)
    return;
  n = points->len / 2;
  if (g_str_equal (shape, "point"))
    {
      article->has_geo = TRUE;
      article->lat = g_array_index (points, double, 0);
      article->lon = g_array_index (points, double, 1);
      return;
    }
  if ((g_str_equal (shape, "box") && n != 2) || (g_str_equal (shape, "line") && n < 2)
      || (g_str_equal (shape, "polygon") && n < 3))
    return;
  /* A polygon closes on its first vertex, which counts once. */
  if (g_str_equal (shape, "polygon") && n > 3
      && g_array_index (points, double, 0) == g_array_index (points, double, 2 * (n - 1))
      && g_array_index (points, double, 1) == g_array_index (points, double, 2 * (n - 1) + 1))
    n--;
  coords = g_string_new (NULL);
  for (guint i = 0; i < points->len / 2; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (
          coords, "%s%s", i ? " " : "",
          g_ascii_dtostr (buf, sizeof buf, g_array_index (points, double, 2 * i)));
      g_string_append_printf (
          coords, " %s",
          g_ascii_dtostr (buf, sizeof buf, g_array_index (points, double, 2 * i + 1)));
    }
  for (guint i = 0; i < n; i++)
    {
      lat += g_array_index (points, double, 2 * i);
      lon += g_array_index (points, double, 2 * i + 1);
    }
  article->has_geo = TRUE;
  article->lat = lat / n;
  article->lon = lon / n;
  article->geo_shape = g_strdup (shape);
  article->geo_coords = g_string_free (coords, FALSE);
}

/* The numbers a GML vertex has: srsDimension on the list or on its geometry. */
static guint
gml_dims (xmlNodePtr node)
{
  for (guint i = 0; node != NULL && node->type == XML_ELEMENT_NODE && i < 4;
       i++, node = node->parent)
    {
      g_autofree char *dims = node_attr (node, "srsDimension");
      if (dims != NULL)
        return (guint) g_ascii_strtoull (dims, NULL, 10);
    }
  return 2;
}

/* The first GML geometry under node (<georss:where>): Point, LineString,
 * Polygon (its exterior ring) or Envelope. */
static void
read_gml (VigilArticle *article, xmlNodePtr node, guint depth)
{
  for (xmlNodePtr c = node->children; c && !article->has_geo && depth < 8; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE || c->ns == NULL
          || xmlStrcmp (c->ns->href, BAD_CAST NS_GML) != 0)
        continue;
      if (node_is (c, NS_GML, "pos") || node_is (c, NS_GML, "posList"))
        {
          g_autofree char *t = node_text (c);
          const char *parent = (const char *) node->name;
          set_geo_shape (article,
                         g_str_equal (parent, "Point")        ? "point"
                         : g_str_equal (parent, "LineString") ? "line"
                                                              : "polygon",
                         t, gml_dims (c));
        }
      else if (node_is (c, NS_GML, "Envelope"))
        {
          g_autofree char *lower = NULL, *upper = NULL;
          for (xmlNodePtr k = c->children; k; k = k->next)
            if (node_is (k, NS_GML, "lowerCorner") && lower == NULL)
              lower = node_text (k);
            else if (node_is (k, NS_GML, "upperCorner") && upper == NULL)
              upper = node_text (k);
          if (lower != NULL && upper != NULL)
            {
              g_autofree char *box = g_strdup_printf ("%s %s", lower, upper);
              set_geo_shape (article, "box", box, 2);
            }
        }
      else if (node_is (c, NS_GML, "Point") || node_is (c, NS_GML, "LineString")
               || node_is (c, NS_GML, "Polygon") || node_is (c, NS_GML, "exterior")
               || node_is (c, NS_GML, "LinearRing"))
        read_gml (article, c, depth + 1);
    }
}

/* GeoRSS Simple and GML: whether n was one of their elements. */
static gboolean
read_georss (VigilArticle *article, xmlNodePtr n)
{
  static const char *const shapes[] = { "point", "line", "polygon", "box" };

  if (n->ns == NULL || xmlStrcmp (n->ns->href, BAD_CAST NS_GEORSS) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    if (node_is (n, NS_GEORSS, shapes[i]))
      {
        g_autofree char *t = node_text (n);
        if (i == 0)
          set_geo_point (article, t);
        else
          set_geo_shape (article, shapes[i], t, 2);
        return TRUE;
      }
  if (node_is (n, NS_GEORSS, "where"))
    {
      read_gml (article, n, 0);
      return TRUE;
    }
  return FALSE;
}

/* What Media RSS, iTunes and the other extensions offer an item, gathered
 * while its elements are read and applied where the item's own are missing. */
typedef struct
{
  xmlNodePtr media_title, media_description, itunes_summary, itunes_subtitle;
  xmlNodePtr itunes_author, itunes_duration;
  xmlNodePtr thumbnail, image_content, itunes_image;
} Extras;

/* Media RSS's namespace, written with its final slash or without. */
static gboolean
is_media (xmlNodePtr n)
{
  const char *href = n->ns != NULL ? (const char *) n->ns->href : NULL;
  return href != NULL && strncmp (href, NS_MEDIA, strlen (NS_MEDIA) - 1) == 0
         && (href[strlen (NS_MEDIA) - 1] == '\0' || strcmp (href, NS_MEDIA) == 0);
}

static gboolean
node_is_media (xmlNodePtr n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && is_media (n) && xmlStrcmp (n->name, BAD_CAST name) == 0;
}

/* A category term (takes text), bounded like the other fields. */
static void
add_category (VigilArticle *article, char *text)
{
  text = bounded_text (text);
  if (text != NULL && article->categories->len < VIGIL_ARTICLE_MAX_LINKS)
    g_ptr_array_add (article->categories, text);
  else
    g_free (text);
}

/* <itunes:category text> and the categories nested in it. */
static void
add_itunes_category (VigilArticle *article, xmlNodePtr n, guint depth)
{
  add_category (article, node_attr (n, "text"));
  for (xmlNodePtr c = n->children; c && depth < 2; c = c->next)
    if (node_is_itunes (c, "category"))
      add_itunes_category (article, c, depth + 1);
}

/* Media RSS elements, in an item or a <media:group>; whether n was one. */
static gboolean
read_media (VigilArticle *article, xmlNodePtr n, const char *base, Extras *x, guint depth)
{
  if (!is_media (n))
    return FALSE;
  if (node_is_media (n, "content"))
    {
      g_autofree char *medium = node_attr (n, "medium");
      g_autofree char *type = node_attr (n, "type");
      guint before = article->enclosures->len;
      if (article->enclosures->len < VIGIL_ARTICLE_MAX_ENCLOSURES)
        add_xml_enclosure (article, n, "url", "fileSize", base);
      if (article->enclosures->len > before)
        {
          VigilEnclosure *enc = g_ptr_array_index (article->enclosures, before);
          g_autofree char *duration = node_attr (n, "duration");
          enc->duration = parse_duration (duration);
          for (xmlNodePtr c = n->children; c; c = c->next)
            if (node_is_media (c, "title") && enc->title == NULL)
              enc->title = node_field (c);
        }
      if (g_strcmp0 (medium, "image") == 0 || (type != NULL && g_str_has_prefix (type, "image/")))
        keep_first (&x->image_content, n);
      for (xmlNodePtr c = n->children; c && depth < 2; c = c->next)
        if (node_is_media (c, "thumbnail"))
          keep_first (&x->thumbnail, c);
    }
  else if (node_is_media (n, "thumbnail"))
    keep_first (&x->thumbnail, n);
  else if (node_is_media (n, "category"))
    add_category (article, node_text (n));
  else if (node_is_media (n, "title"))
    keep_first (&x->media_title, n);
  else if (node_is_media (n, "description"))
    keep_first (&x->media_description, n);
  else if (node_is_media (n, "group") && depth < 2)
    {
      for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          read_media (article, c, base, x, depth + 1);
    }
  return TRUE;
}

/* iTunes podcast elements; whether n was one. */
static gboolean
read_itunes (VigilArticle *article, xmlNodePtr n, Extras *x)
{
  if (n->ns == NULL || n->ns->href == NULL
      || g_ascii_strcasecmp ((const char *) n->ns->href, NS_ITUNES) != 0)
    return FALSE;
  if (node_is_itunes (n, "summary"))
    keep_first (&x->itunes_summary, n);
  else if (node_is_itunes (n, "subtitle"))
    keep_first (&x->itunes_subtitle, n);
  else if (node_is_itunes (n, "author"))
    keep_first (&x->itunes_author, n);
  else if (node_is_itunes (n, "duration"))
    keep_first (&x->itunes_duration, n);
  else if (node_is_itunes (n, "image"))
    keep_first (&x->itunes_image, n);
  else if (node_is_itunes (n, "category"))
    add_itunes_category (article, n, 0);
  return TRUE;
}

/* A text that is a summary of its own (media:description, itunes:summary):
 * HTML when it says so, else text. */
static char *
extra_summary (xmlNodePtr node, const char *base)
{
  g_autofree char *type = node_attr (node, "type");
  g_autofree char *t = NULL;

  if (g_strcmp0 (type, "html") == 0)
    return node_html (node, base, FALSE);
  t = node_text (node);
  return t != NULL && *t ? text_to_html (t) : NULL;
}

/* Applies what the extensions offer where the item left a gap. */
static void
apply_extras (VigilArticle *article, Extras *x, const char *base)
{
  if ((article->title == NULL || *article->title == '\0') && x->media_title != NULL)
    {
      g_free (article->title);
      article->title = node_field (x->media_title);
    }
  if (article->summary == NULL && article->content == NULL)
    {
      xmlNodePtr s = x->media_description ? x->media_description
                     : x->itunes_summary  ? x->itunes_summary
                                          : x->itunes_subtitle;
      if (s != NULL)
        article->summary = extra_summary (s, base);
    }
  if (x->itunes_author != NULL)
    {
      g_autofree char *t = node_text (x->itunes_author);
      if (article->author == NULL)
        article->author = bounded_text (g_strdup (t));
      if (article->authors->len == 0)
        add_person_text (article->authors, t);
    }
  if (x->itunes_duration != NULL)
    {
      g_autofree char *t = node_text (x->itunes_duration);
      gint64 seconds = parse_duration (t);
      for (guint i = 0; i < article->enclosures->len && seconds >= 0; i++)
        {
          VigilEnclosure *enc = g_ptr_array_index (article->enclosures, i);
          /* The episode's length: its sound or picture, not its artwork. */
          if (enc->duration < 0
              && !(enc->type != NULL
                   && (g_str_has_prefix (enc->type, "image")
                       || g_str_has_prefix (enc->type, "text"))))
            enc->duration = seconds;
        }
    }
  {
    /* The first image that is a web address (a javascript: one is skipped). */
    xmlNodePtr images[] = { x->thumbnail, x->image_content, x->itunes_image };
    for (guint i = 0; i < G_N_ELEMENTS (images) && article->thumbnail == NULL; i++)
      if (images[i] != NULL)
        {
          g_autofree char *url = node_attr (images[i], i == 2 ? "href" : "url");
          if (url == NULL && i == 2)
            url = node_attr (images[i], "url"); /* <itunes:image url> is seen too */
          article->thumbnail = web_url (url, base);
        }
  }
}

/* A language tag an item may carry (alert rules match it with lang:): letters,
 * digits and hyphens, as BCP 47 has them, at most 35 (its longest tag);
 * anything else is no language. Takes text. */
static char *
item_language (char *text)
{
  gsize len;

  if (text == NULL)
    return NULL;
  g_strstrip (text);
  language_tag (text);
  len = strlen (text);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-')
      len = 0;
  if (len == 0 || len > 35 || !g_ascii_isalpha (text[0]))
    g_clear_pointer (&text, g_free);
  return text;
}

/* The item's own language: dc:language, else xml:lang where it is (on the
 * item or an ancestor). */
static void
take_language (VigilArticle *article, xmlNodePtr item, xmlNodePtr dc_language)
{
  if (dc_language != NULL)
    article->language = item_language (node_text (dc_language));
  if (article->language == NULL)
    {
      xmlChar *lang = xmlNodeGetLang (item);
      if (lang != NULL)
        article->language = item_language (g_strdup ((const char *) lang));
      xmlFree (lang);
    }
}

/* ---- RSS 0.9x, 1.0 and 2.0 ---- */

static void
parse_rss_item (xmlNodePtr item, const char *doc_url, VigilParsedFeed *feed)
{
  VigilArticle *article = vigil_article_new ();
  g_autofree char *base = node_base (item, doc_url);
  xmlNodePtr description = NULL;
  xmlNodePtr encoded = NULL, body = NULL;
  /* Dublin Core stands in for what RSS leaves out (RSS 1.0 feeds rely on it). */
  xmlNodePtr dc_title = NULL, dc_description = NULL;
  xmlNodePtr pub_date = NULL, dc_date = NULL, issued = NULL, created = NULL, modified = NULL;
  xmlNodePtr dc_language = NULL;
  Extras x = { 0 };

  for (xmlNodePtr n = item->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (node_is_plain (n, "title") && article->title == NULL)
        {
          g_autofree char *t = node_text (n);
          article->title = plain_title (t);
        }
      else if (node_is_plain (n, "link"))
        {
          g_autofree char *t = node_text (n);
          if (article->link == NULL)
            article->link = resolve_url (t, base);
          add_link (article, "alternate", t, base, "text/html", NULL);
        }
      else if (node_is (n, NS_ATOM10, "link"))
        {
          g_autofree char *rel = node_attr (n, "rel");
          g_autofree char *href = node_attr (n, "href");
          g_autofree char *type = node_attr (n, "type");
          g_autofree char *title = node_attr (n, "title");
          if ((rel == NULL || g_strcmp0 (rel, "alternate") == 0) && article->link == NULL)
            article->link = resolve_url (href, base);
          add_link (article, rel, href, base, type, title);
        }
      else if (node_is_plain (n, "comments"))
        {
          g_autofree char *t = node_text (n);
          if (article->comments == NULL)
            article->comments = web_url (t, base);
          add_link (article, "replies", t, base, "text/html", NULL);
        }
      else if (node_is_plain (n, "source"))
        {
          g_autofree char *url = node_attr (n, "url");
          if (article->origin_title == NULL && article->origin_url == NULL)
            {
              article->origin_title = node_field (n);
              article->origin_url = web_url (url, base);
            }
        }
      else if ((node_is (n, NS_DC, "rights") || node_is (n, NS_DCTERMS, "rights")
                || node_is_plain (n, "copyright"))
               && article->rights == NULL)
        article->rights = node_field (n);
      else if (node_is (n, NS_DC, "language"))
        keep_first (&dc_language, n);
      else if (read_media (article, n, base, &x, 0) || read_itunes (article, n, &x)
               || read_georss (article, n))
        {
          /* Media RSS, iTunes or GeoRSS: taken by their readers. */
        }
      else if (node_is_plain (n, "guid"))
        {
          g_autofree char *perma = node_attr (n, "isPermaLink");
          g_free (article->guid);
          article->guid = node_text (n);
          if (article->link == NULL && g_strcmp0 (perma, "false") != 0 && article->guid != NULL
              && g_str_has_prefix (article->guid, "http"))
            article->link = g_strdup (article->guid);
        }
      else if (node_is_plain (n, "description"))
        description = n;
      else if (node_is (n, NS_CONTENT, "encoded"))
        encoded = n;
      else if (node_is (n, NS_XHTML, "body") || node_is_plain (n, "fullitem"))
        keep_first (&body, n); /* the whole article, as XHTML or escaped HTML */
      else if (node_is_plain (n, "pubDate"))
        keep_first (&pub_date, n);
      else if (node_is (n, NS_DC, "date"))
        keep_first (&dc_date, n);
      else if (node_is (n, NS_DCTERMS, "issued"))
        keep_first (&issued, n);
      else if (node_is (n, NS_DCTERMS, "created"))
        keep_first (&created, n);
      else if (node_is (n, NS_DCTERMS, "modified"))
        keep_first (&modified, n);
      else if (node_is (n, NS_DC, "title"))
        keep_first (&dc_title, n);
      else if (node_is (n, NS_DC, "description"))
        keep_first (&dc_description, n);
      else if (node_is_plain (n, "author") || node_is (n, NS_DC, "creator")
               || node_is (n, NS_DC, "author")) /* not Dublin Core, but in use */
        {
          g_autofree char *t = node_text (n);
          guint before = article->authors->len;
          add_person_text (article->authors, t);
          /* "jo@example.org (Jo Doe)" is shown as Jo Doe. */
          if (article->author == NULL && article->authors->len > before)
            article->author = person_line (g_ptr_array_index (article->authors, before));
        }
      else if (node_is (n, NS_DC, "contributor"))
        {
          g_autofree char *t = node_text (n);
          add_person_text (article->contributors, t);
        }
      else if (node_is (n, NS_ATOM10, "author"))
        {
          add_atom_person (article->authors, n, NS_ATOM10, doc_url);
          if (article->author == NULL && article->authors->len > 0)
            article->author = person_line (g_ptr_array_index (article->authors, 0));
        }
      else if (node_is_plain (n, "category") || node_is (n, NS_DC, "subject"))
        {
          char *t = node_text (n);
          if (t && *t)
            g_ptr_array_add (article->categories, t);
          else
            g_free (t);
        }
      else if (node_is_plain (n, "enclosure"))
        {
          g_autofree char *url = node_attr (n, "url");
          g_autofree char *type = node_attr (n, "type");
          add_xml_enclosure (article, n, "url", "length", base);
          add_link (article, "enclosure", url, base, type, NULL);
        }
      else if (node_is (n, NS_GEO, "lat"))
        {
          g_autofree char *t = node_text (n);
          g_autofree char *lon = NULL;
          /* The first longitude (an item may repeat it). */
          for (xmlNodePtr m = item->children; m && lon == NULL; m = m->next)
            if (node_is (m, NS_GEO, "long"))
              lon = node_text (m);
          if (t && lon)
            {
              g_autofree char *point = g_strdup_printf ("%s %s", t, lon);
              set_geo_point (article, point);
            }
        }
    }
  if ((article->title == NULL || *article->title == '\0') && dc_title != NULL)
    {
      g_autofree char *t = node_text (dc_title);
      g_free (article->title);
      article->title = plain_title (t);
    }
  if (description == NULL)
    description = dc_description;
  if (description != NULL)
    article->summary = node_html (description, base, TRUE);
  if (encoded == NULL)
    encoded = body;
  if (encoded != NULL)
    article->content = node_html (encoded, base, TRUE);
  take_node_date (&article->published, pub_date);
  take_node_date (&article->published, dc_date);
  take_node_date (&article->published, issued);
  take_node_date (&article->published, created);
  take_node_date (&article->updated, modified);
  apply_extras (article, &x, base);
  take_language (article, item, dc_language);
  if (article->link != NULL && !has_link (article, "alternate"))
    add_link (article, "alternate", article->link, base, "text/html", NULL);
  if (article->guid == NULL || *article->guid == '\0')
    {
      /* RSS 1.0 names each item by its rdf:about. */
      xmlChar *about = xmlGetNsProp (item, BAD_CAST "about", BAD_CAST NS_RDF);
      if (about != NULL && *about && xmlStrlen (about) <= VIGIL_ARTICLE_MAX_URL)
        {
          g_free (article->guid);
          article->guid = g_strstrip (g_strdup ((const char *) about));
        }
      xmlFree (about);
    }
  finish_article (article);
  g_ptr_array_add (feed->items, article);
}

/* <image><url/><title/><link/></image> (in the channel, or beside it in RSS 1.0). */
static void
read_rss_image (VigilParsedFeed *feed, xmlNodePtr image, const char *doc_url)
{
  g_autofree char *base = node_base (image, doc_url);

  for (xmlNodePtr c = image->children; c; c = c->next)
    if (node_is_plain (c, "url") && feed->image_url == NULL)
      {
        g_autofree char *t = node_text (c);
        feed->image_url = web_url (t, base);
      }
    else if (node_is_plain (c, "title") && feed->image_title == NULL)
      feed->image_title = node_field (c);
    else if (node_is_plain (c, "link") && feed->image_link == NULL)
      {
        g_autofree char *t = node_text (c);
        feed->image_link = web_url (t, base);
      }
  if (feed->image_url == NULL)
    {
      g_clear_pointer (&feed->image_title, g_free);
      g_clear_pointer (&feed->image_link, g_free);
    }
}

static void
parse_rss_channel (xmlNodePtr channel, const char *doc_url, VigilParsedFeed *feed)
{
  xmlNodePtr dc_title = NULL, dc_description = NULL, modified = NULL, itunes_subtitle = NULL;

  for (xmlNodePtr n = channel->children; n; n = n->next)
    {
      if (node_is_plain (n, "title") && feed->title == NULL)
        {
          g_autofree char *t = node_text (n);
          feed->title = plain_title (t);
        }
      else if (node_is_plain (n, "link") && feed->link == NULL)
        {
          g_autofree char *t = node_text (n);
          feed->link = resolve_url (t, doc_url);
        }
      else if (node_is_plain (n, "description") && feed->subtitle == NULL)
        {
          g_autofree char *t = node_text (n);
          feed->subtitle = plain_title (t);
        }
      else if ((node_is_plain (n, "language") || node_is (n, NS_DC, "language"))
               && feed->language == NULL)
        feed->language = language_tag (node_text (n));
      else if (node_is_plain (n, "lastBuildDate") || node_is_plain (n, "pubDate")
               || node_is (n, NS_DC, "date"))
        {
          g_autofree char *t = node_text (n);
          take_date (&feed->updated, t);
        }
      else if (node_is (n, NS_DCTERMS, "modified"))
        keep_first (&modified, n);
      else if (node_is (n, NS_DC, "title"))
        keep_first (&dc_title, n);
      else if (node_is (n, NS_DC, "description"))
        keep_first (&dc_description, n);
      else if (node_is_plain (n, "item"))
        parse_rss_item (n, doc_url, feed);
      else if ((node_is_plain (n, "managingEditor") || node_is_plain (n, "author")
                || node_is (n, NS_DC, "creator") || node_is (n, NS_DC, "author")
                || node_is_itunes (n, "author"))
               && feed->author == NULL)
        {
          g_autoptr (GPtrArray) people
              = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_person_free);
          g_autofree char *t = node_text (n);
          add_person_text (people, t);
          if (people->len > 0)
            feed->author = person_line (g_ptr_array_index (people, 0));
        }
      else if ((node_is_plain (n, "copyright") || node_is (n, NS_DC, "rights")
                || node_is (n, NS_DCTERMS, "rights"))
               && feed->rights == NULL)
        feed->rights = node_field (n);
      else if (node_is_plain (n, "generator") && feed->generator == NULL)
        feed->generator = node_field (n);
      else if (node_is (n, NS_ADMIN, "generatorAgent") && feed->generator == NULL)
        {
          xmlChar *r = xmlGetNsProp (n, BAD_CAST "resource", BAD_CAST NS_RDF);
          feed->generator = r ? bounded_text (g_strdup ((const char *) r)) : NULL;
          xmlFree (r);
        }
      else if (node_is_plain (n, "ttl") && feed->ttl < 0)
        {
          g_autofree char *t = node_text (n);
          char *end = NULL;
          gint64 ttl = t ? g_ascii_strtoll (t, &end, 10) : -1;
          if (end != NULL && end != t && *end == '\0' && ttl >= 0 && ttl <= G_MAXINT32)
            feed->ttl = ttl;
        }
      else if (node_is_plain (n, "image") && feed->image_url == NULL)
        read_rss_image (feed, n, doc_url);
      else if ((node_is_itunes (n, "image") || node_is_itunes (n, "link"))
               && feed->image_url == NULL)
        {
          /* <itunes:image href> (or url=), and the older <itunes:link rel="image" href>. */
          g_autofree char *rel = node_attr (n, "rel");
          g_autofree char *href = node_attr (n, "href");
          if (href == NULL)
            href = node_attr (n, "url");
          if (node_is_itunes (n, "image") || g_strcmp0 (rel, "image") == 0)
            feed->image_url = web_url (href, doc_url);
        }
      else if ((node_is_itunes (n, "subtitle") || node_is_itunes (n, "summary"))
               && itunes_subtitle == NULL)
        itunes_subtitle = n;
      else if (node_is (n, NS_ATOM10, "id") && feed->id == NULL)
        feed->id = node_field (n);
    }
  if ((feed->title == NULL || *feed->title == '\0') && dc_title != NULL)
    {
      g_autofree char *t = node_text (dc_title);
      g_free (feed->title);
      feed->title = plain_title (t);
    }
  if (feed->subtitle == NULL && dc_description == NULL)
    dc_description = itunes_subtitle; /* a podcast's description */
  if (feed->subtitle == NULL && dc_description != NULL)
    {
      g_autofree char *t = node_text (dc_description);
      feed->subtitle = plain_title (t);
    }
  take_node_date (&feed->updated, modified);
}

/* ---- Atom 0.3 and 1.0 ---- */

/* Text sent in base64 (Atom 0.3's mode="base64"; Atom 1.0 content of a type
 * that is neither text nor XML), decoded; NULL when it does not decode to
 * UTF-8 text (an image, say), which is then not shown as text. */
static char *
base64_text (const char *text)
{
  gsize len = 0;
  g_autofree char *compact = g_strdup (text);
  g_autofree guchar *decoded = NULL;

  g_strdelimit (compact, " \t\r\n", ' ');
  g_strstrip (compact);
  {
    /* g_base64_decode skips nothing but '=': drop the blanks first. */
    char *w = compact;
    for (const char *r = compact; *r; r++)
      if (*r != ' ')
        *w++ = *r;
    *w = '\0';
  }
  decoded = g_base64_decode (compact, &len);
  if (decoded == NULL || memchr (decoded, '\0', len) != NULL
      || !g_utf8_validate ((const char *) decoded, len, NULL))
    return NULL;
  return g_strndup ((const char *) decoded, len);
}

/* Whether an Atom 1.0 content type is one whose content is base64: neither
 * text, nor HTML or XHTML, nor XML (RFC 4287, 4.1.3.3). */
static gboolean
atom_type_is_binary (const char *type)
{
  return type != NULL && g_strcmp0 (type, "text") != 0 && g_strcmp0 (type, "html") != 0
         && g_strcmp0 (type, "xhtml") != 0 && !g_str_has_prefix (type, "text/")
         && !g_str_has_suffix (type, "+xml") && !g_str_has_suffix (type, "/xml")
         && strchr (type, '/') != NULL;
}

static char *
atom_content (xmlNodePtr node, const char *base)
{
  g_autofree char *type = node_attr (node, "type");
  g_autofree char *mode = node_attr (node, "mode"); /* Atom 0.3 */

  if (type != NULL
      && (g_strcmp0 (type, "xhtml") == 0 || g_strcmp0 (type, "application/xhtml+xml") == 0))
    {
      /* Serialise the inline XHTML (usually wrapped in one div) and sanitise it. */
      xmlBufferPtr buf = xmlBufferCreate ();
      char *html;
      for (xmlNodePtr c = node->children; c; c = c->next)
        xmlNodeDump (buf, node->doc, c, 0, 0);
      html = vigil_html_sanitize ((const char *) xmlBufferContent (buf), base);
      xmlBufferFree (buf);
      return html;
    }
  else if ((g_strcmp0 (type, "html") == 0 || g_strcmp0 (type, "text/html") == 0)
           && g_strcmp0 (mode, "base64") != 0)
    return node_html (node, base, FALSE); /* HTML is text: elements there wrap it */
  else
    {
      g_autofree char *text = node_text (node);
      if (text == NULL || *text == '\0')
        return NULL;
      if (g_strcmp0 (mode, "base64") == 0 || (mode == NULL && atom_type_is_binary (type)))
        {
          g_autofree char *str = base64_text (text);
          return str ? vigil_html_sanitize (str, base) : NULL;
        }
      if (type == NULL || g_strcmp0 (type, "text") == 0 || g_strcmp0 (type, "text/plain") == 0)
        {
          /* Atom 0.3 defaults to text/plain but feeds of that era escaped HTML in it. */
          if (g_strcmp0 (mode, "escaped") == 0)
            return vigil_html_sanitize (text, base);
          return text_to_html (text);
        }
      return vigil_html_sanitize (text, base);
    }
}

static char *
atom_text (xmlNodePtr node)
{
  g_autofree char *type = node_attr (node, "type");
  g_autofree char *mode = node_attr (node, "mode"); /* Atom 0.3 */
  g_autofree char *text = node_text (node);

  gboolean binary = mode == NULL && atom_type_is_binary (type);

  if (text != NULL && (g_strcmp0 (mode, "base64") == 0 || binary))
    {
      char *decoded = base64_text (text);
      if (decoded != NULL)
        {
          g_free (text);
          text = decoded;
        }
    }

  /* A text sent in base64 under a media type (RFC 4287, 3.1.1) is read as
   * HTML is: its markup goes, its words stay. */
  if (g_strcmp0 (type, "html") == 0 || g_strcmp0 (type, "text/html") == 0 || binary)
    {
      /* Declared HTML: every tag is markup, known to HTML or not. */
      char *plain = vigil_html_to_text (text);
      g_strdelimit (plain, "\n", ' ');
      return plain;
    }
  if (text != NULL
      && (g_strcmp0 (type, "xhtml") == 0 || g_strcmp0 (type, "application/xhtml+xml") == 0))
    {
      /* The markup is the elements; their text is the title, '<' and all. */
      char **words = g_strsplit_set (text, " \t\r\n", -1);
      GString *plain = g_string_new (NULL);
      for (char **w = words; *w; w++)
        if (**w)
          g_string_append_printf (plain, "%s%s", plain->len ? " " : "", *w);
      g_strfreev (words);
      return g_string_free (plain, FALSE);
    }
  return g_steal_pointer (&text);
}

static char *
atom_author (xmlNodePtr node, const char *ns)
{
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (node_is (c, ns, "name"))
      return node_text (c);
  return node_text (node);
}

/* An Atom link's address: href, or (a mistake seen in the wild) its text. */
static char *
atom_link_href (xmlNodePtr link)
{
  char *href = node_attr (link, "href");

  if (href == NULL)
    href = node_text (link);
  if (href != NULL && *href == '\0')
    g_clear_pointer (&href, g_free);
  return href;
}

/* <source>: the feed an entry was first published in (its title and page). */
static void
read_atom_source (VigilArticle *article, xmlNodePtr source, const char *ns, const char *doc_url)
{
  if (article->origin_title != NULL || article->origin_url != NULL)
    return;
  for (xmlNodePtr c = source->children; c; c = c->next)
    if (node_is (c, ns, "title") && article->origin_title == NULL)
      article->origin_title = bounded_text (atom_text (c));
    else if (node_is (c, ns, "link") && article->origin_url == NULL)
      {
        g_autofree char *rel = node_attr (c, "rel");
        g_autofree char *href = node_attr (c, "href");
        g_autofree char *b = node_base (c, doc_url);
        if (rel == NULL || g_strcmp0 (rel, "alternate") == 0)
          article->origin_url = web_url (href, b);
      }
}

static void
parse_atom_entry (xmlNodePtr entry, const char *ns, const char *doc_url, VigilParsedFeed *feed)
{
  VigilArticle *article = vigil_article_new ();
  g_autofree char *base = node_base (entry, doc_url);
  xmlNodePtr dc_language = NULL;
  Extras x = { 0 };

  for (xmlNodePtr n = entry->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (node_is (n, ns, "title"))
        {
          g_free (article->title);
          article->title = atom_text (n);
        }
      else if (node_is (n, ns, "id"))
        {
          g_free (article->guid);
          article->guid = node_text (n);
        }
      else if (node_is (n, ns, "link"))
        {
          g_autofree char *rel = node_attr (n, "rel");
          g_autofree char *href = atom_link_href (n);
          g_autofree char *type = node_attr (n, "type");
          g_autofree char *title = node_attr (n, "title");
          g_autofree char *length = node_attr (n, "length");
          g_autofree char *link_base = node_base (n, doc_url);
          if ((rel == NULL || g_strcmp0 (rel, "alternate") == 0) && article->link == NULL)
            article->link = resolve_url (href, link_base);
          else if (g_strcmp0 (rel, "enclosure") == 0)
            {
              guint before = article->enclosures->len;
              add_enclosure (article, href, link_base, type,
                             length ? g_ascii_strtoll (length, NULL, 10) : -1);
              if (article->enclosures->len > before && title != NULL)
                ((VigilEnclosure *) g_ptr_array_index (article->enclosures, before))->title
                    = bounded_text (g_strdup (title));
            }
          add_link (article, rel, href, link_base, type, title);
        }
      else if (node_is (n, ns, "contributor"))
        add_atom_person (article->contributors, n, ns, doc_url);
      else if ((node_is (n, ns, "rights") || node_is (n, ns, "copyright")
                || node_is (n, NS_DC, "rights"))
               && article->rights == NULL)
        article->rights = bounded_text (atom_text (n));
      else if (node_is (n, ns, "source"))
        read_atom_source (article, n, ns, doc_url);
      else if (node_is (n, NS_DC, "language"))
        keep_first (&dc_language, n);
      else if (read_media (article, n, base, &x, 0) || read_itunes (article, n, &x)
               || read_georss (article, n))
        {
          /* Media RSS, iTunes or GeoRSS: taken by their readers. */
        }
      else if (node_is (n, ns, "published") || node_is (n, ns, "issued")
               || node_is (n, ns, "created"))
        {
          g_autofree char *t = node_text (n);
          take_date (&article->published, t);
        }
      else if (node_is (n, ns, "updated") || node_is (n, ns, "modified"))
        {
          g_autofree char *t = node_text (n);
          take_date (&article->updated, t);
        }
      else if (node_is (n, ns, "author"))
        {
          if (article->author == NULL)
            article->author = atom_author (n, ns);
          add_atom_person (article->authors, n, ns, doc_url);
        }
      else if (node_is (n, ns, "summary") && article->summary == NULL)
        {
          g_autofree char *b = node_base (n, doc_url);
          article->summary = atom_content (n, b);
        }
      else if (node_is (n, ns, "content") && article->content == NULL)
        {
          g_autofree char *b = node_base (n, doc_url);
          article->content = atom_content (n, b);
        }
      else if (node_is (n, ns, "category"))
        {
          char *term = node_attr (n, "term");
          if (term == NULL)
            term = node_text (n);
          if (term && *term)
            g_ptr_array_add (article->categories, term);
          else
            g_free (term);
        }
    }
  apply_extras (article, &x, base);
  take_language (article, entry, dc_language);
  finish_article (article);
  g_ptr_array_add (feed->items, article);
}

static void
parse_atom_feed (xmlNodePtr root, const char *ns, const char *doc_url, VigilParsedFeed *feed)
{
  g_autofree char *base = node_base (root, doc_url);
  g_autofree char *logo = NULL;
  xmlChar *lang = xmlNodeGetLang (root);

  if (lang != NULL)
    {
      feed->language = language_tag (g_strdup ((const char *) lang));
      xmlFree (lang);
    }
  for (xmlNodePtr n = root->children; n; n = n->next)
    {
      if (node_is (n, ns, "title") && feed->title == NULL)
        feed->title = atom_text (n);
      else if ((node_is (n, ns, "subtitle") || node_is (n, ns, "tagline"))
               && feed->subtitle == NULL)
        feed->subtitle = atom_text (n);
      else if (node_is (n, ns, "link") && feed->link == NULL)
        {
          g_autofree char *rel = node_attr (n, "rel");
          g_autofree char *href = atom_link_href (n);
          if (rel == NULL || g_strcmp0 (rel, "alternate") == 0)
            feed->link = resolve_url (href, base);
        }
      else if (node_is (n, ns, "updated") || node_is (n, ns, "modified"))
        {
          g_autofree char *t = node_text (n);
          take_date (&feed->updated, t);
        }
      else if (node_is (n, ns, "entry"))
        parse_atom_entry (n, ns, doc_url, feed);
      else if (node_is (n, ns, "author") && feed->author == NULL)
        {
          g_autoptr (GPtrArray) people
              = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_person_free);
          add_atom_person (people, n, ns, doc_url);
          if (people->len > 0)
            feed->author = person_line (g_ptr_array_index (people, 0));
        }
      else if (node_is (n, ns, "id") && feed->id == NULL)
        feed->id = node_field (n);
      else if ((node_is (n, ns, "rights") || node_is (n, ns, "copyright")) && feed->rights == NULL)
        feed->rights = bounded_text (atom_text (n));
      else if (node_is (n, ns, "generator") && feed->generator == NULL)
        feed->generator = node_field (n);
      else if (node_is (n, ns, "icon") && feed->icon == NULL)
        {
          g_autofree char *t = node_text (n);
          g_autofree char *b = node_base (n, doc_url);
          feed->icon = web_url (t, b);
        }
      else if (node_is (n, ns, "logo") && logo == NULL)
        {
          g_autofree char *t = node_text (n);
          g_autofree char *b = node_base (n, doc_url);
          logo = web_url (t, b);
        }
    }
  if (logo != NULL)
    {
      /* The logo is the feed's image, and its icon when it has none. */
      if (feed->icon == NULL)
        feed->icon = g_strdup (logo);
      if (feed->image_url == NULL)
        feed->image_url = g_steal_pointer (&logo);
    }
}

/* ---- XML entry point ---- */

/* The encoding label in <?xml … encoding="…"?>, or NULL. */
static char *
declared_encoding (const char *data, gsize length)
{
  g_autofree char *head = g_strndup (data, MIN (length, 256));
  const char *decl_end, *p;
  char quote;
  const char *end;

  if (!g_str_has_prefix (head, "<?xml") || (decl_end = strstr (head, "?>")) == NULL)
    return NULL;
  p = g_strstr_len (head, decl_end - head, "encoding");
  if (p == NULL)
    return NULL;
  p += strlen ("encoding");
  while (*p == ' ' || *p == '=')
    p++;
  quote = *p;
  if (quote != '"' && quote != '\'')
    return NULL;
  end = strchr (p + 1, quote);
  if (end == NULL || end > decl_end)
    return NULL;
  return g_ascii_strdown (p + 1, end - p - 1);
}

static gboolean
is_latin1_label (const char *label)
{
  static const char *const labels[]
      = { "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",       "l1",     "cp819",
          "ibm819",     "us-ascii",  "ascii",      "windows-1252", "cp1252", "x-cp1252" };
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_ascii_strcasecmp (label, labels[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Decides the encoding to force, as browsers do: a BOM wins; Latin-1 and ASCII
 * labels mean windows-1252 (whose 0x80-0x9F are the curly quotes and dashes
 * that such feeds really contain); a document that claims (or defaults to)
 * UTF-8 but is not valid UTF-8 is read as windows-1252 and flagged. */
static char *
choose_encoding (const char *data, gsize length, const char *http_charset, gboolean *utf8)
{
  g_autofree char *declared = NULL;
  const char *label;

  *utf8 = FALSE;
  if (length >= 2
      && ((guchar) data[0] == 0xFE || (guchar) data[0] == 0xFF || (guchar) data[0] == 0xEF))
    return NULL; /* BOM: libxml2 detects it */
  declared = declared_encoding (data, length);
  label = declared != NULL ? declared : http_charset;
  if (label != NULL && is_latin1_label (label))
    return g_strdup ("windows-1252");
  /* Whether UTF-8 is claimed is all we say here: libxml2 rejects bytes that
   * are not UTF-8, and only then does parse_xml look again (which spares
   * valid documents a second pass over every byte). */
  *utf8 = label == NULL || g_ascii_strcasecmp (label, "utf-8") == 0
          || g_ascii_strcasecmp (label, "utf8") == 0;
  if (declared == NULL && http_charset != NULL)
    return g_strdup (http_charset);
  return NULL;
}

/* Feeds often use HTML entities (&nbsp; &eacute; &mdash;) that XML does not
 * define. Replaces the ones HTML knows by character references. */
static char *
replace_html_entities (const char *data, gsize length, gsize *out_length, gboolean *changed)
{
  GString *out = g_string_sized_new (length + 64);
  gsize i = 0;

  *changed = FALSE;
  while (i < length)
    {
      if (data[i] == '&')
        {
          gsize k = i + 1;
          while (k < length && k - i <= 32 && g_ascii_isalnum (data[k]))
            k++;
          if (k < length && data[k] == ';' && k > i + 1 && g_ascii_isalpha (data[i + 1]))
            {
              g_autofree char *name = g_strndup (data + i + 1, k - i - 1);
              const htmlEntityDesc *desc = NULL;
              if (!g_str_equal (name, "amp") && !g_str_equal (name, "lt")
                  && !g_str_equal (name, "gt") && !g_str_equal (name, "quot")
                  && !g_str_equal (name, "apos"))
                desc = htmlEntityLookup (BAD_CAST name);
              if (desc != NULL)
                {
                  g_string_append_printf (out, "&#%u;", desc->value);
                  *changed = TRUE;
                  i = k + 1;
                  continue;
                }
            }
        }
      g_string_append_c (out, data[i]);
      i++;
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* Entities declared in a document's own DTD are never expanded: their
 * references are removed, so that no "billion laughs" can grow while we read
 * the text. */
static void
drop_entity_references (xmlNodePtr node)
{
  while (node != NULL)
    {
      xmlNodePtr next = node->next;
      if (node->type == XML_ENTITY_REF_NODE)
        {
          xmlUnlinkNode (node);
          xmlFreeNode (node);
        }
      else if (node->type == XML_ELEMENT_NODE)
        drop_entity_references (node->children);
      node = next;
    }
}

/* libxml2 builds a text node from many pieces when text holds references
 * (an escaped HTML description is mostly "&lt;p&gt;…"), growing it piece by
 * piece. Gathering the pieces first and handing libxml2 each whole run builds
 * the same tree with far fewer reallocations. Every other event hands over
 * what was gathered before it is passed on. */
typedef struct
{
  GString *text;
  xmlSAXHandler sax2; /* libxml2's own tree builder */
} TextRuns;

static void
runs_flush (xmlParserCtxtPtr ctxt)
{
  TextRuns *runs = ctxt->_private;

  if (runs->text->len > 0)
    {
      runs->sax2.characters (ctxt, (const xmlChar *) runs->text->str, (int) runs->text->len);
      g_string_truncate (runs->text, 0);
    }
}

static void
runs_characters (void *ctx, const xmlChar *ch, int len)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  g_string_append_len (runs->text, (const char *) ch, len);
}

static void
runs_start (void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
            int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
            const xmlChar **attributes)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.startElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                             nb_defaulted, attributes);
}

static void
runs_end (void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.endElementNs (ctx, localname, prefix, uri);
}

static void
runs_reference (void *ctx, const xmlChar *name)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.reference (ctx, name);
}

static void
runs_comment (void *ctx, const xmlChar *value)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.comment (ctx, value);
}

static void
runs_pi (void *ctx, const xmlChar *target, const xmlChar *data)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.processingInstruction (ctx, target, data);
}

static void
runs_end_document (void *ctx)
{
  TextRuns *runs = ((xmlParserCtxtPtr) ctx)->_private;

  runs_flush (ctx);
  runs->sax2.endDocument (ctx);
}

/* xmlReadMemory, with text gathered as above. */
static void G_GNUC_PRINTF (2, 3) silent_error (void *context, const char *message, ...)
{
}

static xmlDocPtr
read_xml (const char *data, gsize length, const char *base_url, const char *encoding, int options)
{
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt ();
  TextRuns runs;
  xmlDocPtr doc;

  if (ctxt == NULL)
    return NULL;
  runs.text = g_string_sized_new (4096);
  runs.sax2 = *ctxt->sax;
  ctxt->sax->characters = runs_characters;
  ctxt->sax->ignorableWhitespace = runs_characters;
  ctxt->sax->startElementNs = runs_start;
  ctxt->sax->endElementNs = runs_end;
  ctxt->sax->reference = runs_reference;
  ctxt->sax->comment = runs_comment;
  ctxt->sax->processingInstruction = runs_pi;
  ctxt->sax->endDocument = runs_end_document;
  ctxt->_private = &runs;
  {
    /* Encoding errors (bytes the declared encoding cannot convert) are
     * reported by libxml2 through its generic handler, which
     * XML_PARSE_NOERROR does not silence: they went to stderr. The error is
     * still recorded (xmlGetLastError) and the document flagged. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_context = xmlGenericErrorContext;
    xmlSetGenericErrorFunc (NULL, silent_error);
    doc = xmlCtxtReadMemory (ctxt, data, (int) length, base_url, encoding, options);
    xmlSetGenericErrorFunc (saved_context, saved);
  }
  xmlFreeParserCtxt (ctxt);
  g_string_free (runs.text, TRUE);
  return doc;
}

/* libxml2 builds no tree deeper than 256 elements (without XML_PARSE_HUGE,
 * which would lift its other limits too): a feed whose XHTML content nests
 * deeper would lose that content and every entry after it. Such a feed is read
 * again with the tags beyond FLATTEN_DEPTH taken out and their text kept
 * (a block element becomes a space), as the HTML sanitiser does. */
#define FLATTEN_DEPTH 128

/* Where the construct that starts at p ends (just past `close`), or NULL. */
static const char *
skip_past (const char *p, const char *end, const char *close)
{
  gsize n = strlen (close);
  for (; p + n <= end; p++)
    if (memcmp (p, close, n) == 0)
      return p + n;
  return NULL;
}

/* The end of a tag (just past its '>'), quoted attribute values honoured; for
 * a declaration, brackets of an internal subset too. */
static const char *
tag_end (const char *p, const char *end)
{
  char quote = 0;
  int brackets = 0;

  for (p++; p < end; p++)
    {
      if (quote)
        quote = *p == quote ? 0 : quote;
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '[')
        brackets++;
      else if (*p == ']' && brackets > 0)
        brackets--;
      else if (*p == '>' && brackets == 0)
        return p + 1;
    }
  return NULL;
}

static char *
flatten_deep_xml (const char *data, gsize length, gsize *out_length)
{
  GString *out = g_string_sized_new (length);
  const char *p = data, *end = data + length;
  guint depth = 0;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *next;

      if (lt == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, lt - p);
      p = lt;
      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        next = skip_past (p + 4, end, "-->");
      else if (end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        next = skip_past (p + 9, end, "]]>");
      else if (end - p >= 2 && p[1] == '?')
        next = skip_past (p + 2, end, "?>");
      else
        next = tag_end (p, end);
      if (next == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      if (end - p >= 2 && (p[1] == '!' || p[1] == '?'))
        g_string_append_len (out, p, next - p);
      else
        {
          gboolean closing = p[1] == '/';
          gboolean empty = !closing && next - p >= 2 && next[-2] == '/';
          guint level = closing ? depth : depth + 1;

          if (level <= FLATTEN_DEPTH)
            g_string_append_len (out, p, next - p);
          else
            {
              /* The element's local name, for the word break of a block. */
              const char *name = p + (closing ? 2 : 1);
              gsize n = strcspn (name, " \t\r\n/>");
              const char *colon = memchr (name, ':', n);
              g_autofree char *local = NULL;
              if (colon)
                {
                  n -= colon + 1 - name;
                  name = colon + 1;
                }
              local = g_ascii_strdown (name, (gssize) MIN (n, (gsize) (next - name)));
              if (vigil_html_is_block (local))
                g_string_append_c (out, ' ');
            }
          if (closing && depth > 0)
            depth--;
          else if (!closing && !empty)
            depth++;
        }
      p = next;
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* ---- The tolerant reading of ill-formed XML ---- */

/* What a feed's ill-formed XML is taken to mean, rewritten as well-formed
 * XML for libxml2's strict parser, as a browser reads tag soup: a bare & or <
 * is text, an attribute value may go unquoted, an HTML void element (<br>,
 * <img>) ends at once, an end tag closes the elements left open inside its
 * own, an end tag that closes nothing is dropped, the root stays open until
 * the end and everything still open there is closed. Every scan stops at the
 * next '<' or at its terminator, so the rewriting is linear in the input. */

/* HTML elements without an end tag (link, meta and source are feed elements
 * with content, so they are not among them). */
static gboolean
is_void_html (const char *name, gsize len)
{
  static const char *const names[]
      = { "br",    "hr",    "img",   "input", "wbr",    "area",    "col",
          "embed", "param", "track", "frame", "keygen", "isindex", "basefont" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strlen (names[i]) == len && g_ascii_strncasecmp (name, names[i], len) == 0)
      return TRUE;
  return FALSE;
}

static inline gboolean
is_name_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':' || c >= 0x80;
}

static inline gboolean
is_name_char (guchar c)
{
  return is_name_start (c) || g_ascii_isdigit (c) || c == '-' || c == '.';
}

/* The length of the well-formed reference at p (an '&'), ';' included, or 0:
 * a character reference to a character XML allows, or one of XML's five
 * entities (the HTML ones are character references by now, and any other is
 * text: a document's own entities are never expanded). */
static gsize
reference_length (const char *p, const char *end)
{
  static const char *const xml_entities[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };
  const char *q = p + 1;

  if (q < end && *q == '#')
    {
      gboolean hex = FALSE;
      const char *digits;
      guint64 v = 0;

      q++;
      if (q < end && *q == 'x')
        {
          hex = TRUE;
          q++;
        }
      digits = q;
      while (q < end && q - digits < 8 && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        {
          v = v * (hex ? 16 : 10) + (guint64) (hex ? g_ascii_xdigit_value (*q) : *q - '0');
          q++;
        }
      if (q == digits || q >= end || *q != ';')
        return 0;
      if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF)
            || (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)))
        return 0;
      return (gsize) (q + 1 - p);
    }
  for (guint i = 0; i < G_N_ELEMENTS (xml_entities); i++)
    {
      gsize n = strlen (xml_entities[i]);
      if ((gsize) (end - q) >= n && memcmp (q, xml_entities[i], n) == 0)
        return n + 1;
    }
  return 0;
}

/* Text (or, with in_attribute, an attribute value) escaped as XML needs it;
 * control characters XML does not allow are dropped. */
static void
append_repaired_text (GString *out, const char *p, const char *end, gboolean in_attribute)
{
  while (p < end)
    {
      const char *run = p;
      gsize ref;

      while (p < end && *p != '&' && *p != '<' && *p != '>' && *p != '"'
             && ((guchar) *p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
      g_string_append_len (out, run, p - run);
      if (p >= end)
        break;
      switch (*p)
        {
        case '&':
          ref = reference_length (p, end);
          if (ref > 0)
            {
              g_string_append_len (out, p, (gssize) ref);
              p += ref;
              continue;
            }
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, in_attribute ? "&quot;" : "\"");
          break;
        default: /* a control character */
          break;
        }
      p++;
    }
}

/* The end of the tag at p (just past its '>'), or NULL when another '<' or
 * the end of the input comes first (quoted values may hold a '>'). */
static const char *
soup_tag_end (const char *p, const char *end)
{
  char quote = 0;

  for (p++; p < end; p++)
    {
      if (*p == '<')
        return NULL;
      if (quote)
        quote = *p == quote ? 0 : quote;
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '>')
        return p + 1;
    }
  return NULL;
}

#define REPAIR_MAX_ATTRIBUTES 64

/* Writes the attributes between p and end, each once, quoted and escaped. */
static void
append_repaired_attributes (GString *out, const char *p, const char *end)
{
  const char *seen[REPAIR_MAX_ATTRIBUTES];
  gsize seen_len[REPAIR_MAX_ATTRIBUTES];
  guint n_seen = 0;

  while (p < end && n_seen < REPAIR_MAX_ATTRIBUTES)
    {
      const char *name, *value, *value_end;
      gsize name_len;
      gboolean duplicate = FALSE;

      if (!is_name_start (*p))
        {
          p++;
          continue;
        }
      name = p;
      while (p < end && is_name_char (*p))
        p++;
      name_len = (gsize) (p - name);
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && g_ascii_isspace (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              value = p + 1;
              value_end = memchr (value, *p, (gsize) (end - value));
              if (value_end == NULL)
                value_end = end;
              p = value_end < end ? value_end + 1 : end;
            }
          else
            {
              value = p;
              while (p < end && !g_ascii_isspace (*p))
                p++;
              value_end = p;
            }
        }
      else
        {
          /* <option selected>: the attribute's name is its value. */
          value = name;
          value_end = name + name_len;
        }
      for (guint i = 0; i < n_seen && !duplicate; i++)
        duplicate = seen_len[i] == name_len && memcmp (seen[i], name, name_len) == 0;
      if (duplicate)
        continue;
      seen[n_seen] = name;
      seen_len[n_seen++] = name_len;
      g_string_append_c (out, ' ');
      g_string_append_len (out, name, (gssize) name_len);
      g_string_append (out, "=\"");
      append_repaired_text (out, value, value_end, TRUE);
      g_string_append_c (out, '"');
    }
}

typedef struct
{
  const char *name;
  gsize len;
} OpenElement;

static void
append_end_tag (GString *out, const OpenElement *e)
{
  g_string_append (out, "</");
  g_string_append_len (out, e->name, (gssize) e->len);
  g_string_append_c (out, '>');
}

/* How many elements of the name are open (counts, keyed by name). */
static guint
open_count (GHashTable *counts, const char *name, gsize len)
{
  g_autofree char *key = g_strndup (name, len);
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
}

static void
open_count_add (GHashTable *counts, const char *name, gsize len, int delta)
{
  char *key = g_strndup (name, len);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + (guint) delta;
  g_hash_table_replace (counts, key, GUINT_TO_POINTER (n));
}

static char *
repair_xml (const char *data, gsize length, gsize *out_length)
{
  GString *out = g_string_sized_new (length + length / 8 + 64);
  GArray *open = g_array_new (FALSE, FALSE, sizeof (OpenElement));
  /* The open elements by name: an end tag is looked for down the stack only
   * when its element is open, and the search pops what it passes, so all
   * the searching together is linear. */
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = data, *end = data + length;
  gboolean root_seen = FALSE, pi_unterminated = FALSE, doctype_unterminated = FALSE;

  while (p < end)
    {
      const char *lt = memchr (p, '<', (gsize) (end - p));
      const char *next;

      if (lt == NULL)
        lt = end;
      if (open->len > 0)
        append_repaired_text (out, p, lt, FALSE);
      else if (out->len > 0)
        /* Outside the root only whitespace may stand (and nothing before
         * the XML declaration, not even a byte order mark). */
        for (const char *w = p; w < lt; w++)
          if (g_ascii_isspace (*w))
            g_string_append_c (out, *w);
      p = lt;
      if (p >= end)
        break;
      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          /* Comments mean nothing to a feed reader: dropped (one left
           * open runs to the end, as in HTML). */
          next = skip_past (p + 4, end, "-->");
          if (next == NULL)
            break;
        }
      else if (end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        {
          next = skip_past (p + 9, end, "]]>");
          if (open->len == 0)
            ;
          else if (next != NULL)
            g_string_append_len (out, p, next - p);
          else
            {
              g_string_append_len (out, p, end - p);
              g_string_append (out, "]]>");
            }
          if (next == NULL)
            break;
        }
      else if (end - p < 9 && memcmp (p, "<![CDATA[", (gsize) (end - p)) == 0)
        break; /* the document was cut inside "<![CDATA[" */
      else if (end - p >= 2 && p[1] == '?')
        {
          /* The XML declaration is kept (it names the encoding), other
           * processing instructions are dropped. */
          next = pi_unterminated ? NULL : skip_past (p + 2, end, "?>");
          if (next == NULL)
            {
              pi_unterminated = TRUE;
              if (open->len > 0)
                g_string_append (out, "&lt;");
              next = p + 1;
            }
          else if (out->len == 0 && next - p > 6 && memcmp (p, "<?xml", 5) == 0
                   && g_ascii_isspace (p[5]))
            g_string_append_len (out, p, next - p);
        }
      else if (end - p >= 2 && p[1] == '!')
        {
          /* A document type declaration, kept before the root, else dropped. */
          next = root_seen || doctype_unterminated ? soup_tag_end (p, end) : tag_end (p, end);
          if (next == NULL)
            {
              doctype_unterminated = doctype_unterminated || !root_seen;
              if (open->len > 0)
                g_string_append (out, "&lt;");
              next = p + 1;
            }
          else if (!root_seen)
            g_string_append_len (out, p, next - p);
        }
      else if (end - p >= 2 && (p[1] == '/' || is_name_start (p[1]))
               && (next = soup_tag_end (p, end)) != NULL)
        {
          gboolean closing = p[1] == '/';
          const char *name = p + (closing ? 2 : 1);
          const char *q = name;
          gsize len;

          while (q < next && is_name_char (*q))
            q++;
          len = (gsize) (q - name);
          if (closing && len > 0 && open->len > 1)
            {
              /* The innermost open element of that name (the root closes at
               * the end, whatever end tags come before). */
              const OpenElement *root = &g_array_index (open, OpenElement, 0);
              gboolean is_root = root->len == len && memcmp (root->name, name, len) == 0;
              guint count = open_count (counts, name, len);

              for (guint k = open->len; k > 1 && count > (is_root ? 1u : 0u); k--)
                {
                  OpenElement *e = &g_array_index (open, OpenElement, k - 1);
                  if (e->len != len || memcmp (e->name, name, len) != 0)
                    continue;
                  for (guint j = open->len; j >= k; j--)
                    {
                      OpenElement *o = &g_array_index (open, OpenElement, j - 1);
                      append_end_tag (out, o);
                      open_count_add (counts, o->name, o->len, -1);
                    }
                  g_array_set_size (open, k - 1);
                  break;
                }
            }
          else if (!closing && len > 0 && (open->len > 0 || !root_seen))
            {
              gboolean empty = next[-2] == '/' || is_void_html (name, len);
              const char *attrs_end = next[-2] == '/' ? next - 2 : next - 1;

              g_string_append_c (out, '<');
              g_string_append_len (out, name, (gssize) len);
              append_repaired_attributes (out, q, attrs_end);
              g_string_append (out, empty ? "/>" : ">");
              root_seen = TRUE;
              if (!empty)
                {
                  OpenElement e = { name, len };
                  g_array_append_val (open, e);
                  open_count_add (counts, name, len, 1);
                }
            }
        }
      else
        {
          /* A '<' that starts no tag is text. */
          if (open->len > 0)
            g_string_append (out, "&lt;");
          next = p + 1;
        }
      p = next;
    }
  for (guint j = open->len; j > 0; j--)
    append_end_tag (out, &g_array_index (open, OpenElement, j - 1));
  g_array_unref (open);
  g_hash_table_unref (counts);
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* Whether the bytes can be rewritten as ASCII (not UTF-16 or UTF-32). */
static gboolean
ascii_compatible (const char *data, gsize length, const char *encoding)
{
  if (encoding != NULL
      && (strstr (encoding, "16") != NULL || strstr (encoding, "32") != NULL
          || g_ascii_strncasecmp (encoding, "ucs", 3) == 0))
    return FALSE;
  return memchr (data, '\0', MIN (length, 64)) == NULL && (length < 2 || (guchar) data[0] < 0xFE);
}

/* The RSS version as feedparser names it: rss091n for a document with
 * Netscape's DTD, rss091u rss092 rss093 rss094 by the version attribute,
 * rss20 for any 2.x, and rss when the version is missing or unknown. */
static const char *
rss_version (xmlDocPtr doc, xmlNodePtr root)
{
  g_autofree char *version = node_attr (root, "version");
  xmlDtdPtr dtd = doc->intSubset;

  if (dtd != NULL
      && ((dtd->ExternalID != NULL && strstr ((const char *) dtd->ExternalID, "Netscape") != NULL)
          || (dtd->SystemID != NULL
              && strstr ((const char *) dtd->SystemID, "netscape.com") != NULL)))
    return "rss091n";
  if (version == NULL)
    return "rss";
  if (g_str_equal (version, "0.91"))
    return "rss091u";
  if (g_str_equal (version, "0.92"))
    return "rss092";
  if (g_str_equal (version, "0.93"))
    return "rss093";
  if (g_str_equal (version, "0.94"))
    return "rss094";
  if (g_str_has_prefix (version, "2."))
    return "rss20";
  return "rss";
}

static void declare_utf8 (GString *xml);

/* windows-1252 as browsers decode it (the WHATWG Encoding Standard): the five
 * bytes it leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) are the C1 controls of
 * the same number, where iconv refuses them and libxml2 then dropped the rest
 * of the text. The result is UTF-8 and its declaration says so. */
static char *
windows_1252_to_utf8 (const char *data, gsize length, gsize *out_length)
{
  static const guint16 c1[32]
      = { 0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
          0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
          0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178 };
  GString *out = g_string_sized_new (length + length / 8 + 16);

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];
      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_unichar (out, c < 0xA0 ? c1[c - 0x80] : c);
    }
  declare_utf8 (out);
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* Whether libxml2 gave up on the document for its depth. */
static gboolean
failed_for_depth (void)
{
  const xmlError *err = xmlGetLastError ();
  return err != NULL && err->message != NULL && strstr (err->message, "depth") != NULL;
}

static VigilParsedFeed *
parse_xml (const char *data, gsize length, const char *base_url, const char *charset,
           GError **error)
{
  g_autofree char *flat = NULL;

  /* No network, no DTD loading, no entity substitution: a feed can never make
   * the parser fetch or expand anything. */
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA
                      | XML_PARSE_COMPACT;
  gboolean recovered = FALSE, utf8 = FALSE;
  const char *unflattened = NULL;
  gsize unflattened_length = 0;
  g_autofree char *encoding = choose_encoding (data, length, charset, &utf8);
  xmlDocPtr doc;
  xmlNodePtr root;
  VigilParsedFeed *feed = NULL;

  g_autofree char *decoded = NULL, *decoded_unflattened = NULL;

  if (g_strcmp0 (encoding, "windows-1252") == 0)
    {
      decoded = windows_1252_to_utf8 (data, length, &length);
      data = decoded;
      g_free (encoding);
      encoding = g_strdup ("UTF-8");
    }
  xmlResetLastError ();
  doc = read_xml (data, (int) length, base_url, encoding, options);
  if (doc == NULL && failed_for_depth ())
    {
      gsize flat_length = 0;
      flat = flatten_deep_xml (data, length, &flat_length);
      unflattened = data;
      unflattened_length = length;
      data = flat;
      length = flat_length;
      doc = read_xml (data, (int) length, base_url, encoding, options);
    }
  if (doc == NULL && utf8 && !g_utf8_validate (data, length, NULL))
    {
      /* Claims (or defaults to) UTF-8 but is not: read as windows-1252, as
       * browsers do, and say so. */
      recovered = TRUE;
      decoded = windows_1252_to_utf8 (data, length, &length);
      data = decoded;
      if (unflattened != NULL)
        {
          decoded_unflattened
              = windows_1252_to_utf8 (unflattened, unflattened_length, &unflattened_length);
          unflattened = decoded_unflattened;
        }
      g_free (encoding);
      encoding = g_strdup ("UTF-8");
      doc = read_xml (data, (int) length, base_url, encoding, options);
    }
  if (doc == NULL)
    {
      gboolean changed = FALSE;
      gsize fixed_length = 0;
      g_autofree char *fixed = replace_html_entities (data, length, &fixed_length, &changed);

      recovered = TRUE;
      if (changed)
        doc = read_xml (fixed, (int) fixed_length, base_url, encoding, options);
      if (doc == NULL && ascii_compatible (fixed, fixed_length, encoding))
        {
          /* Read as tag soup is read (see repair_xml), which keeps every item
           * libxml2's own recovery would lose after the first error. */
          gsize repaired_length = 0, unflattened_fixed_length = 0;
          g_autofree char *unflattened_fixed = NULL;
          g_autofree char *repaired = NULL;
          if (unflattened != NULL)
            {
              /* Flattening an ill-formed document may have taken its end tags
               * (and with them the items after the damage) as too deep: the
               * repair starts from the document as it came. */
              gboolean unused;
              unflattened_fixed = replace_html_entities (unflattened, unflattened_length,
                                                         &unflattened_fixed_length, &unused);
            }
          repaired
              = unflattened_fixed != NULL
                    ? repair_xml (unflattened_fixed, unflattened_fixed_length, &repaired_length)
                    : repair_xml (fixed, fixed_length, &repaired_length);
          xmlResetLastError ();
          doc = read_xml (repaired, (int) repaired_length, base_url, encoding, options);
          if (doc == NULL && failed_for_depth ())
            {
              /* Elements left open nest beyond libxml2's limit once closed. */
              gsize flat_length = 0;
              g_autofree char *flat_repaired
                  = flatten_deep_xml (repaired, repaired_length, &flat_length);
              doc = read_xml (flat_repaired, (int) flat_length, base_url, encoding, options);
            }
          if (doc == NULL)
            doc = read_xml (repaired, (int) repaired_length, base_url, encoding,
                            options | XML_PARSE_RECOVER);
        }
      if (doc == NULL)
        doc = read_xml (fixed, (int) fixed_length, base_url, encoding, options | XML_PARSE_RECOVER);
    }
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *err = xmlGetLastError ();
      g_autofree char *msg = err && err->message ? g_strstrip (g_strdup (err->message)) : NULL;
      g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                   _ ("Not well-formed XML%s%s"), msg ? ": " : "", msg ? msg : "");
      if (doc)
        xmlFreeDoc (doc);
      return NULL;
    }
  drop_entity_references (xmlDocGetRootElement (doc));

  root = xmlDocGetRootElement (doc);
  if (xmlStrcmp (root->name, BAD_CAST "rss") == 0
      && (root->ns == NULL || is_rss_namespace (root->ns->href)))
    {
      feed = parsed_feed_new (rss_version (doc, root));
      /* Items belong in the channel, but some feeds put them after it. */
      for (xmlNodePtr n = root->children; n; n = n->next)
        if (node_is_plain (n, "channel"))
          parse_rss_channel (n, base_url, feed);
        else if (node_is_plain (n, "item"))
          parse_rss_item (n, base_url, feed);
    }
  else if (node_is (root, NS_RDF, "RDF"))
    {
      gboolean is090 = FALSE;
      for (xmlNsPtr ns = root->nsDef; ns; ns = ns->next)
        if (ns->href != NULL && xmlStrcmp (ns->href, BAD_CAST NS_RSS090) == 0)
          is090 = TRUE;
      for (xmlNodePtr n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && n->ns
            && xmlStrcmp (n->ns->href, BAD_CAST NS_RSS090) == 0)
          is090 = TRUE;
      feed = parsed_feed_new (is090 ? "rss090" : "rss10");
      for (xmlNodePtr n = root->children; n; n = n->next)
        {
          if (node_is_plain (n, "channel"))
            parse_rss_channel (n, base_url, feed);
          else if (node_is_plain (n, "item"))
            parse_rss_item (n, base_url, feed);
          else if (node_is_plain (n, "image") && feed->image_url == NULL)
            read_rss_image (feed, n, base_url);
        }
    }
  else if (node_is (root, NS_ATOM10, "feed"))
    {
      feed = parsed_feed_new ("atom10");
      parse_atom_feed (root, NS_ATOM10, base_url, feed);
    }
  else if (node_is (root, NS_ATOM03, "feed"))
    {
      feed = parsed_feed_new ("atom03");
      parse_atom_feed (root, NS_ATOM03, base_url, feed);
    }
  else if (root->type == XML_ELEMENT_NODE && xmlStrcmp (root->name, BAD_CAST "feed") == 0)
    {
      /* Atom without its namespace, or in one of the namespaces of the drafts
       * before 0.3 (purl.org/echo, purl.org/pie, example.com/necho…): read
       * in whatever namespace the root is in. */
      g_autofree char *version = node_attr (root, "version");
      const char *ns = root->ns != NULL ? (const char *) root->ns->href : NULL;
      feed = parsed_feed_new (g_strcmp0 (version, "0.3") == 0   ? "atom03"
                              : g_strcmp0 (version, "0.2") == 0 ? "atom02"
                              : g_strcmp0 (version, "0.1") == 0 ? "atom01"
                                                                : "atom");
      parse_atom_feed (root, ns, base_url, feed);
    }
  else
    g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED,
                 _ ("Not a feed: the document's root element is <%s>"), (const char *) root->name);

  if (feed != NULL)
    feed->recovered = recovered;
  xmlFreeDoc (doc);
  return feed;
}

/* ---- JSON Feed and GDELT ---- */

static const char *
json_str (JsonObject *obj, const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A JSON Feed author: name and url (its e-mail address when url is mailto:). */
static void
json_person (GPtrArray *people, JsonObject *o, const char *base)
{
  const char *url = json_str (o, "url");
  char *email = NULL;

  if (url != NULL && g_ascii_strncasecmp (url, "mailto:", 7) == 0)
    email = g_strdup (url + 7);
  add_person (people, g_strdup (json_str (o, "name")), email, email ? NULL : web_url (url, base));
}

static void
parse_jsonfeed_item (JsonObject *item, const char *base, VigilParsedFeed *feed)
{
  VigilArticle *article = vigil_article_new ();
  const char *s;
  JsonNode *id = json_object_get_member (item, "id");

  if (id != NULL && JSON_NODE_HOLDS_VALUE (id))
    {
      if (json_node_get_value_type (id) == G_TYPE_STRING)
        article->guid = g_strdup (json_node_get_string (id));
      else if (json_node_get_value_type (id) == G_TYPE_INT64)
        article->guid = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
    }
  article->title = plain_title (json_str (item, "title"));
  article->link = resolve_url (json_str (item, "url"), base);
  if (article->link == NULL)
    article->link = resolve_url (json_str (item, "external_url"), base);
  if ((s = json_str (item, "content_html")) != NULL)
    article->content = vigil_html_sanitize (s, base);
  else if ((s = json_str (item, "content_text")) != NULL)
    article->content = text_to_html (s);
  if ((s = json_str (item, "summary")) != NULL)
    article->summary = text_to_html (s);
  take_date (&article->published, json_str (item, "date_published"));
  take_date (&article->updated, json_str (item, "date_modified"));
  if (json_object_has_member (item, "authors")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (item, "authors")))
    {
      JsonArray *authors = json_object_get_array_member (item, "authors");
      if (json_array_get_length (authors) > 0
          && JSON_NODE_HOLDS_OBJECT (json_array_get_element (authors, 0)))
        article->author = g_strdup (json_str (json_array_get_object_element (authors, 0), "name"));
      for (guint i = 0; i < json_array_get_length (authors); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (authors, i)))
          json_person (article->authors, json_array_get_object_element (authors, i), base);
    }
  else if (json_object_has_member (item, "author")
           && JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "author")))
    {
      JsonObject *author = json_object_get_object_member (item, "author");
      article->author = g_strdup (json_str (author, "name"));
      json_person (article->authors, author, base);
    }
  article->thumbnail = web_url (json_str (item, "image"), base);
  if (article->link != NULL)
    add_link (article, "alternate", article->link, base, "text/html", NULL);
  if ((s = json_str (item, "external_url")) != NULL)
    add_link (article, "related", s, base, NULL, NULL);
  if (json_object_has_member (item, "tags")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (item, "tags")))
    {
      JsonArray *tags = json_object_get_array_member (item, "tags");
      for (guint i = 0; i < json_array_get_length (tags); i++)
        {
          JsonNode *t = json_array_get_element (tags, i);
          if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
            g_ptr_array_add (article->categories, g_strdup (json_node_get_string (t)));
        }
    }
  if (json_object_has_member (item, "attachments")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (item, "attachments")))
    {
      JsonArray *att = json_object_get_array_member (item, "attachments");
      for (guint i = 0; i < json_array_get_length (att); i++)
        {
          JsonNode *a = json_array_get_element (att, i);
          JsonObject *o;
          if (!JSON_NODE_HOLDS_OBJECT (a))
            continue;
          o = json_node_get_object (a);
          add_enclosure (article, json_str (o, "url"), base, json_str (o, "mime_type"),
                         json_object_has_member (o, "size_in_bytes")
                             ? json_object_get_int_member (o, "size_in_bytes")
                             : -1);
        }
    }
  finish_article (article);
  g_ptr_array_add (feed->items, article);
}

static void
parse_gdelt_article (JsonObject *item, VigilParsedFeed *feed)
{
  VigilArticle *article = vigil_article_new ();
  const char *domain = json_str (item, "domain");
  const char *country = json_str (item, "sourcecountry");

  article->link = g_strdup (json_str (item, "url"));
  article->guid = g_strdup (article->link);
  article->title = plain_title (json_str (item, "title"));
  take_date (&article->published, json_str (item, "seendate"));
  article->language = g_strdup (json_str (item, "language"));
  if (domain != NULL)
    article->author = g_strdup (domain);
  if (country != NULL && *country)
    g_ptr_array_add (article->categories, g_strdup (country));
  finish_article (article);
  g_ptr_array_add (feed->items, article);
}

typedef enum
{
  JSON_SCAN_OK,
  JSON_SCAN_TOO_DEEP,
  JSON_SCAN_TRAILING, /* more after the first value closed */
} JsonScan;

/* One pass over the bytes: brackets count outside strings only, and a
 * backslash in a string hides the next byte (\" does not end it). Ill-formed
 * JSON may be miscounted; json-glib refuses it anyway. */
static JsonScan
json_scan (const char *data, gsize length, guint max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean closed = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (closed && !g_ascii_isspace (c))
        return JSON_SCAN_TRAILING;
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return JSON_SCAN_TOO_DEEP;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        closed = --depth == 0;
    }
  return JSON_SCAN_OK;
}

gboolean
vigil_json_depth_ok (const char *data, gsize length, guint max_depth)
{
  return json_scan (data, length, max_depth) != JSON_SCAN_TOO_DEEP;
}

static VigilParsedFeed *
parse_json (const char *data, gsize length, const char *base_url, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;
  JsonObject *obj;
  VigilParsedFeed *feed;
  const char *version;

  /* json-glib builds the tree recursively and a few ten thousand levels
   * overflow the stack (a 200 KB feed crashed Vigil at every start). */
  switch (json_scan (data, length, VIGIL_JSON_MAX_DEPTH))
    {
    case JSON_SCAN_TOO_DEEP:
      g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                   _ ("The feed nests too deeply (more than %u levels)"), VIGIL_JSON_MAX_DEPTH);
      return NULL;
    case JSON_SCAN_TRAILING:
      /* json-glib 1.6 reads such documents and leaks the values after the
       * first (found by fuzz-jsonfeed). */
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                           _ ("Not valid JSON: there is more after the end of the document"));
      return NULL;
    case JSON_SCAN_OK:
      break;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED, _ ("Not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED,
                           _ ("Not a feed: the JSON document is not an object"));
      return NULL;
    }
  obj = json_node_get_object (root);
  version = json_str (obj, "version");
  if (version != NULL && strstr (version, "jsonfeed.org") != NULL)
    {
      const char *base;
      feed = parsed_feed_new ("jsonfeed");
      feed->title = plain_title (json_str (obj, "title"));
      feed->link = g_strdup (json_str (obj, "home_page_url"));
      feed->subtitle = g_strdup (json_str (obj, "description"));
      feed->language = language_tag (g_strdup (json_str (obj, "language")));
      base = feed->link != NULL ? feed->link : base_url;
      feed->icon = web_url (json_str (obj, "icon"), base);
      if (feed->icon == NULL)
        feed->icon = web_url (json_str (obj, "favicon"), base);
      {
        g_autoptr (GPtrArray) people
            = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_person_free);
        JsonNode *authors = json_object_get_member (obj, "authors");
        JsonNode *author = json_object_get_member (obj, "author");
        if (authors != NULL && JSON_NODE_HOLDS_ARRAY (authors)
            && json_array_get_length (json_node_get_array (authors)) > 0
            && JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (authors), 0)))
          json_person (people, json_array_get_object_element (json_node_get_array (authors), 0),
                       base);
        else if (author != NULL && JSON_NODE_HOLDS_OBJECT (author))
          json_person (people, json_node_get_object (author), base);
        if (people->len > 0)
          feed->author = person_line (g_ptr_array_index (people, 0));
      }
      if (json_object_has_member (obj, "items")
          && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "items")))
        {
          JsonArray *items = json_object_get_array_member (obj, "items");
          for (guint i = 0; i < json_array_get_length (items); i++)
            {
              JsonNode *item = json_array_get_element (items, i);
              if (JSON_NODE_HOLDS_OBJECT (item))
                parse_jsonfeed_item (json_node_get_object (item), base, feed);
            }
        }
      return feed;
    }
  if (json_object_has_member (obj, "articles")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "articles")))
    {
      JsonArray *items = json_object_get_array_member (obj, "articles");
      feed = parsed_feed_new ("gdelt");
      feed->title = g_strdup ("GDELT");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          if (JSON_NODE_HOLDS_OBJECT (item))
            parse_gdelt_article (json_node_get_object (item), feed);
        }
      return feed;
    }
  g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED,
                       _ ("Not a feed: JSON without a JSON Feed version or a GDELT article list"));
  return NULL;
}

/* UTF-32 (which libxml2 does not read) and UTF-16 without a byte order mark
 * (which it does not detect), told by how "<?" or "<" starts the document, as
 * XML's appendix F does; *skip: the BOM's length. NULL for anything else. */
static const char *
wide_encoding (const char *data, gsize length, gsize *skip)
{
  static const struct
  {
    const char *start;
    gsize skip;
    const char *encoding;
  } starts[] = {
    { "\x00\x00\xFE\xFF", 4, "UTF-32BE" }, { "\xFF\xFE\x00\x00", 4, "UTF-32LE" },
    { "\x00\x00\x00\x3C", 0, "UTF-32BE" }, { "\x3C\x00\x00\x00", 0, "UTF-32LE" },
    { "\x00\x3C\x00\x3F", 0, "UTF-16BE" }, { "\x3C\x00\x3F\x00", 0, "UTF-16LE" },
  };

  for (gsize i = 0; length >= 4 && i < G_N_ELEMENTS (starts); i++)
    if (memcmp (data, starts[i].start, 4) == 0)
      {
        *skip = starts[i].skip;
        return starts[i].encoding;
      }
  return NULL;
}

/* The XML declaration of converted text says UTF-8, whatever it said. */
static void
declare_utf8 (GString *xml)
{
  char *end = g_str_has_prefix (xml->str, "<?xml") ? strstr (xml->str, "?>") : NULL;
  char *enc = end ? g_strstr_len (xml->str, end - xml->str, "encoding") : NULL;
  char *open, *close;

  if (enc == NULL)
    return;
  open = strpbrk (enc, "\"'");
  close = open && open < end ? strchr (open + 1, *open) : NULL;
  if (close == NULL || close > end)
    return;
  g_string_erase (xml, open + 1 - xml->str, close - open - 1);
  g_string_insert (xml, open + 1 - xml->str, "UTF-8");
}

VigilParsedFeed *
vigil_feed_parse (const char *data, gsize length, const char *base_url, const char *charset,
                  GError **error)
{
  gsize i = 0, skip = 0;
  const char *wide = data ? wide_encoding (data, length, &skip) : NULL;

  if (wide != NULL && length <= G_MAXINT)
    {
      g_autoptr (GError) convert_error = NULL;
      gsize written = 0;
      g_autofree char *utf8
          = g_convert (data + skip, length - skip, "UTF-8", wide, NULL, &written, &convert_error);
      GString *xml;

      if (utf8 == NULL)
        {
          g_set_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                       /* TRANSLATORS: %s is an encoding, such as UTF-16LE */
                       _ ("The document is not valid %s text"), wide);
          return NULL;
        }
      xml = g_string_new_len (utf8, written);
      declare_utf8 (xml);
      {
        VigilParsedFeed *feed = vigil_feed_parse (xml->str, xml->len, base_url, NULL, error);
        g_string_free (xml, TRUE);
        return feed;
      }
    }

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_EMPTY,
                           _ ("The document is empty"));
      return NULL;
    }
  if (length > G_MAXINT)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED,
                           _ ("The document is too large"));
      return NULL;
    }
  /* Skip a UTF-8 BOM and leading whitespace to find what kind of document it is. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length)
    {
      g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_EMPTY,
                           _ ("The document is empty"));
      return NULL;
    }
  if (data[i] == '{')
    return parse_json (data + i, length - i, base_url, error);
  if (data[i] == '<' || (guchar) data[0] == 0xFE || (guchar) data[0] == 0xFF)
    return parse_xml (data, length, base_url, charset, error);
  g_set_error_literal (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED,
                       _ ("Not a feed: the document is neither XML nor JSON"));
  return NULL;
}

/* ---- JSON output for vigil-cli parse ---- */

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int_or_null (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  if (value >= 0)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_date (JsonBuilder *b, const char *name, GDateTime *dt)
{
  g_autofree char *s = vigil_date_format_iso (dt);
  add_string_or_null (b, name, s);
}

char *
vigil_parsed_feed_to_json (VigilParsedFeed *feed, gboolean pretty)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_string_or_null (b, "format", feed->format);
  json_builder_set_member_name (b, "recovered");
  json_builder_add_boolean_value (b, feed->recovered);
  json_builder_set_member_name (b, "feed");
  json_builder_begin_object (b);
  add_string_or_null (b, "title", feed->title);
  add_string_or_null (b, "link", feed->link);
  add_string_or_null (b, "subtitle", feed->subtitle);
  add_string_or_null (b, "language", feed->language);
  add_date (b, "updated", feed->updated);
  add_string_or_null (b, "author", feed->author);
  add_string_or_null (b, "id", feed->id);
  json_builder_set_member_name (b, "image");
  if (feed->image_url != NULL)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "url", feed->image_url);
      add_string_or_null (b, "title", feed->image_title);
      add_string_or_null (b, "link", feed->image_link);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "icon", feed->icon);
  add_string_or_null (b, "rights", feed->rights);
  add_string_or_null (b, "generator", feed->generator);
  add_int_or_null (b, "ttl", feed->ttl);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < feed->items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (feed->items, i);
      json_builder_begin_object (b);
      add_string_or_null (b, "id", a->guid);
      add_string_or_null (b, "title", a->title);
      add_string_or_null (b, "link", a->link);
      add_string_or_null (b, "author", a->author);
      add_date (b, "published", a->published);
      add_date (b, "updated", a->updated);
      add_string_or_null (b, "summary", a->summary);
      add_string_or_null (b, "content", a->content);
      json_builder_set_member_name (b, "categories");
      json_builder_begin_array (b);
      for (guint c = 0; c < a->categories->len; c++)
        json_builder_add_string_value (b, g_ptr_array_index (a->categories, c));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "enclosures");
      json_builder_begin_array (b);
      for (guint e = 0; e < a->enclosures->len; e++)
        {
          VigilEnclosure *enc = g_ptr_array_index (a->enclosures, e);
          json_builder_begin_object (b);
          add_string_or_null (b, "url", enc->url);
          add_string_or_null (b, "type", enc->type);
          add_int_or_null (b, "length", enc->length);
          add_string_or_null (b, "title", enc->title);
          add_int_or_null (b, "duration", enc->duration);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "source");
      if (a->origin_title != NULL || a->origin_url != NULL)
        {
          json_builder_begin_object (b);
          add_string_or_null (b, "title", a->origin_title);
          add_string_or_null (b, "url", a->origin_url);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "authors");
      json_builder_begin_array (b);
      for (guint p = 0; p < a->authors->len; p++)
        {
          VigilPerson *person = g_ptr_array_index (a->authors, p);
          json_builder_begin_object (b);
          add_string_or_null (b, "name", person->name);
          add_string_or_null (b, "email", person->email);
          add_string_or_null (b, "uri", person->uri);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "links");
      json_builder_begin_array (b);
      for (guint l = 0; l < a->links->len; l++)
        {
          VigilLink *link = g_ptr_array_index (a->links, l);
          json_builder_begin_object (b);
          add_string_or_null (b, "rel", link->rel);
          add_string_or_null (b, "href", link->href);
          add_string_or_null (b, "type", link->type);
          add_string_or_null (b, "title", link->title);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_string_or_null (b, "comments", a->comments);
      add_string_or_null (b, "rights", a->rights);
      add_string_or_null (b, "language", a->language);
      add_string_or_null (b, "thumbnail", a->thumbnail);
      json_builder_set_member_name (b, "lat");
      if (a->has_geo)
        json_builder_add_double_value (b, a->lat);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "lon");
      if (a->has_geo)
        json_builder_add_double_value (b, a->lon);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}
