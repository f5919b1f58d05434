/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-fields.c — the fields a desk uses beyond the text: people, links, media, iTunes,
 * places, language */
#include "config.h"

#include "vigil-feed-parser.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vigil-html.h"
#include "vigil-feed-private.h"

/* ---- the fields a desk uses beyond the text: people, links, media, places ---- */

/* Free text of a field (a name, rights, a generator), on one line and at
 * most VIGIL_ARTICLE_MAX_FIELD bytes; NULL when blank. Takes text. */
char *
vigil_feed_bounded_text (char *text)
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
char *
vigil_feed_web_url (const char *url, const char *base)
{
  if (url == NULL || *url == '\0' || strlen (url) > VIGIL_ARTICLE_MAX_URL)
    return NULL;
  return vigil_html_safe_url (url, base, FALSE);
}

/* The plain text of an element, bounded (names, titles of links, rights). */
char *
vigil_feed_node_field (xmlNodePtr node)
{
  g_autofree char *t = vigil_feed_node_text (node);
  return vigil_feed_bounded_text (vigil_feed_plain_title (t));
}

void
vigil_feed_add_person (GPtrArray *people, char *name, char *email, char *uri)
{
  VigilPerson *p;

  name = vigil_feed_bounded_text (name);
  email = vigil_feed_bounded_text (email);
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
void
vigil_feed_add_person_text (GPtrArray *people, const char *text)
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
      vigil_feed_add_person (people, g_strdup (email_inside ? outside : inside),
                             g_strdup (email_inside ? inside : outside), NULL);
      return;
    }
  if (at != NULL && strchr (text, ' ') == NULL)
    vigil_feed_add_person (people, NULL, g_strdup (text), NULL);
  else
    vigil_feed_add_person (people, g_strdup (text), NULL, NULL);
}

/* An Atom person construct (<author>, <contributor>): name, email, uri. */
void
vigil_feed_add_atom_person (GPtrArray *people, xmlNodePtr node, const char *ns, const char *doc_url)
{
  char *name = NULL, *email = NULL, *uri = NULL;

  for (xmlNodePtr c = node->children; c; c = c->next)
    if (vigil_feed_node_is (c, ns, "name") && name == NULL)
      name = vigil_feed_node_text (c);
    else if (vigil_feed_node_is (c, ns, "email") && email == NULL)
      email = vigil_feed_node_text (c);
    else if ((vigil_feed_node_is (c, ns, "uri") || vigil_feed_node_is (c, ns, "url")
              || vigil_feed_node_is (c, ns, "homepage"))
             && uri == NULL)
      {
        g_autofree char *t = vigil_feed_node_text (c);
        g_autofree char *b = vigil_feed_node_base (c, doc_url);
        uri = vigil_feed_web_url (t, b);
      }
  if (name == NULL && email == NULL && uri == NULL)
    {
      /* <author>Jo Doe</author>: the text is the person. */
      g_autofree char *t = vigil_feed_node_text (node);
      vigil_feed_add_person_text (people, t);
      return;
    }
  vigil_feed_add_person (people, name, email, uri);
}

/* How a person is shown where one line names them. */
char *
vigil_feed_person_line (const VigilPerson *p)
{
  return g_strdup (p->name != NULL ? p->name : p->email != NULL ? p->email : p->uri);
}

void
vigil_feed_add_link (VigilArticle *article, const char *rel, const char *href, const char *base,
                     const char *type, const char *title)
{
  vigil_feed_add_link_to (article->links, rel, href, base, type, title);
}

void
vigil_feed_add_link_to (GPtrArray *links, const char *rel, const char *href, const char *base,
                        const char *type, const char *title)
{
  VigilLink *link;
  char *url;

  if (links->len >= VIGIL_ARTICLE_MAX_LINKS || (url = vigil_feed_web_url (href, base)) == NULL)
    return;
  link = g_new0 (VigilLink, 1);
  link->rel = g_strdup (rel != NULL && *rel ? rel : "alternate");
  link->href = url;
  link->type = type != NULL && *type ? g_strdup (type) : NULL;
  link->title = title != NULL ? vigil_feed_bounded_text (g_strdup (title)) : NULL;
  g_ptr_array_add (links, link);
}

gboolean
vigil_feed_has_link (VigilArticle *article, const char *rel)
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
      g_autofree char *dims = vigil_feed_node_attr (node, "srsDimension");
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
      if (vigil_feed_node_is (c, NS_GML, "pos") || vigil_feed_node_is (c, NS_GML, "posList"))
        {
          g_autofree char *t = vigil_feed_node_text (c);
          const char *parent = (const char *) node->name;
          set_geo_shape (article,
                         g_str_equal (parent, "Point")        ? "point"
                         : g_str_equal (parent, "LineString") ? "line"
                                                              : "polygon",
                         t, gml_dims (c));
        }
      else if (vigil_feed_node_is (c, NS_GML, "Envelope"))
        {
          g_autofree char *lower = NULL, *upper = NULL;
          for (xmlNodePtr k = c->children; k; k = k->next)
            if (vigil_feed_node_is (k, NS_GML, "lowerCorner") && lower == NULL)
              lower = vigil_feed_node_text (k);
            else if (vigil_feed_node_is (k, NS_GML, "upperCorner") && upper == NULL)
              upper = vigil_feed_node_text (k);
          if (lower != NULL && upper != NULL)
            {
              g_autofree char *box = g_strdup_printf ("%s %s", lower, upper);
              set_geo_shape (article, "box", box, 2);
            }
        }
      else if (vigil_feed_node_is (c, NS_GML, "Point")
               || vigil_feed_node_is (c, NS_GML, "LineString")
               || vigil_feed_node_is (c, NS_GML, "Polygon")
               || vigil_feed_node_is (c, NS_GML, "exterior")
               || vigil_feed_node_is (c, NS_GML, "LinearRing"))
        read_gml (article, c, depth + 1);
    }
}

/* GeoRSS Simple and GML: whether n was one of their elements. */
gboolean
vigil_feed_read_georss (VigilArticle *article, xmlNodePtr n)
{
  static const char *const shapes[] = { "point", "line", "polygon", "box" };

  if (n->ns == NULL || xmlStrcmp (n->ns->href, BAD_CAST NS_GEORSS) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    if (vigil_feed_node_is (n, NS_GEORSS, shapes[i]))
      {
        g_autofree char *t = vigil_feed_node_text (n);
        if (i == 0)
          vigil_feed_set_geo_point (article, t);
        else
          set_geo_shape (article, shapes[i], t, 2);
        return TRUE;
      }
  if (vigil_feed_node_is (n, NS_GEORSS, "where"))
    {
      read_gml (article, n, 0);
      return TRUE;
    }
  return FALSE;
}

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
  text = vigil_feed_bounded_text (text);
  if (text != NULL && article->categories->len < VIGIL_ARTICLE_MAX_LINKS)
    g_ptr_array_add (article->categories, text);
  else
    g_free (text);
}

/* <itunes:category text> and the categories nested in it. */
static void
add_itunes_category (VigilArticle *article, xmlNodePtr n, guint depth)
{
  add_category (article, vigil_feed_node_attr (n, "text"));
  for (xmlNodePtr c = n->children; c && depth < 2; c = c->next)
    if (vigil_feed_node_is_itunes (c, "category"))
      add_itunes_category (article, c, depth + 1);
}

/* Media RSS elements, in an item or a <media:group>; whether n was one. */
gboolean
vigil_feed_read_media (VigilArticle *article, xmlNodePtr n, const char *base, Extras *x,
                       guint depth)
{
  if (!is_media (n))
    return FALSE;
  if (node_is_media (n, "content"))
    {
      g_autofree char *medium = vigil_feed_node_attr (n, "medium");
      g_autofree char *type = vigil_feed_node_attr (n, "type");
      guint before = article->enclosures->len;
      if (article->enclosures->len < VIGIL_ARTICLE_MAX_ENCLOSURES)
        vigil_feed_add_xml_enclosure (article, n, "url", "fileSize", base);
      if (article->enclosures->len > before)
        {
          VigilEnclosure *enc = g_ptr_array_index (article->enclosures, before);
          g_autofree char *duration = vigil_feed_node_attr (n, "duration");
          enc->duration = parse_duration (duration);
          for (xmlNodePtr c = n->children; c; c = c->next)
            if (node_is_media (c, "title") && enc->title == NULL)
              enc->title = vigil_feed_node_field (c);
        }
      if (g_strcmp0 (medium, "image") == 0 || (type != NULL && g_str_has_prefix (type, "image/")))
        vigil_feed_keep_first (&x->image_content, n);
      for (xmlNodePtr c = n->children; c && depth < 2; c = c->next)
        if (node_is_media (c, "thumbnail"))
          vigil_feed_keep_first (&x->thumbnail, c);
    }
  else if (node_is_media (n, "thumbnail"))
    vigil_feed_keep_first (&x->thumbnail, n);
  else if (node_is_media (n, "category"))
    add_category (article, vigil_feed_node_text (n));
  else if (node_is_media (n, "title"))
    vigil_feed_keep_first (&x->media_title, n);
  else if (node_is_media (n, "description"))
    vigil_feed_keep_first (&x->media_description, n);
  else if (node_is_media (n, "group") && depth < 2)
    {
      for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
          vigil_feed_read_media (article, c, base, x, depth + 1);
    }
  return TRUE;
}

/* iTunes podcast elements; whether n was one. */
gboolean
vigil_feed_read_itunes (VigilArticle *article, xmlNodePtr n, Extras *x)
{
  if (n->ns == NULL || n->ns->href == NULL
      || g_ascii_strcasecmp ((const char *) n->ns->href, NS_ITUNES) != 0)
    return FALSE;
  if (vigil_feed_node_is_itunes (n, "summary"))
    vigil_feed_keep_first (&x->itunes_summary, n);
  else if (vigil_feed_node_is_itunes (n, "subtitle"))
    vigil_feed_keep_first (&x->itunes_subtitle, n);
  else if (vigil_feed_node_is_itunes (n, "author"))
    vigil_feed_keep_first (&x->itunes_author, n);
  else if (vigil_feed_node_is_itunes (n, "duration"))
    vigil_feed_keep_first (&x->itunes_duration, n);
  else if (vigil_feed_node_is_itunes (n, "image"))
    vigil_feed_keep_first (&x->itunes_image, n);
  else if (vigil_feed_node_is_itunes (n, "category"))
    add_itunes_category (article, n, 0);
  return TRUE;
}

/* A text that is a summary of its own (media:description, itunes:summary):
 * HTML when it says so, else text. */
static char *
extra_summary (xmlNodePtr node, const char *base)
{
  g_autofree char *type = vigil_feed_node_attr (node, "type");
  g_autofree char *t = NULL;

  if (g_strcmp0 (type, "html") == 0)
    return vigil_feed_node_html (node, base, FALSE);
  t = vigil_feed_node_text (node);
  return t != NULL && *t ? vigil_feed_text_to_html (t) : NULL;
}

/* Applies what the extensions offer where the item left a gap. */
void
vigil_feed_apply_extras (VigilArticle *article, Extras *x, const char *base)
{
  if ((article->title == NULL || *article->title == '\0') && x->media_title != NULL)
    {
      g_free (article->title);
      article->title = vigil_feed_node_field (x->media_title);
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
      g_autofree char *t = vigil_feed_node_text (x->itunes_author);
      if (article->author == NULL)
        article->author = vigil_feed_bounded_text (g_strdup (t));
      if (article->authors->len == 0)
        vigil_feed_add_person_text (article->authors, t);
    }
  if (x->itunes_duration != NULL)
    {
      g_autofree char *t = vigil_feed_node_text (x->itunes_duration);
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
          g_autofree char *url = vigil_feed_node_attr (images[i], i == 2 ? "href" : "url");
          if (url == NULL && i == 2)
            url = vigil_feed_node_attr (images[i], "url"); /* <itunes:image url> is seen too */
          article->thumbnail = vigil_feed_web_url (url, base);
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
  vigil_feed_language_tag (text);
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
void
vigil_feed_take_language (VigilArticle *article, xmlNodePtr item, xmlNodePtr dc_language)
{
  if (dc_language != NULL)
    article->language = item_language (vigil_feed_node_text (dc_language));
  if (article->language == NULL)
    {
      xmlChar *lang = xmlNodeGetLang (item);
      if (lang != NULL)
        article->language = item_language (g_strdup ((const char *) lang));
      xmlFree (lang);
    }
}
