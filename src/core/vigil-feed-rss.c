/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-rss.c — RSS 0.9x, 1.0 (RDF) and 2.0 channels and items */
#include "config.h"

#include "vigil-feed-parser.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vigil-feed-private.h"

/* ---- RSS 0.9x, 1.0 and 2.0 ---- */

/* An author or contributor element: its person added to people; the first
 * one's line ("jo@example.org (Jo Doe)" shown as Jo Doe) into *line when it
 * is given and still empty. */
static void
add_person_node (GPtrArray *people, char **line, xmlNodePtr n)
{
  g_autofree char *t = vigil_feed_node_text (n);
  guint before = people->len;

  vigil_feed_add_person_text (people, t);
  if (line != NULL && *line == NULL && people->len > before)
    *line = vigil_feed_person_line (g_ptr_array_index (people, before));
}

/* An element whose first occurrence is kept for after the loop over its
 * siblings: ns NULL for plain RSS (no namespace or an RSS one). */
typedef struct
{
  const char *ns;
  const char *name;
  xmlNodePtr *slot;
} FirstNode;

/* Keeps n in the slot of the first entry that names it; whether one did. */
static gboolean
keep_first_node (const FirstNode *entries, gsize n_entries, xmlNodePtr n)
{
  for (gsize i = 0; i < n_entries; i++)
    if (entries[i].ns == NULL ? vigil_feed_node_is_plain (n, entries[i].name)
                              : vigil_feed_node_is (n, entries[i].ns, entries[i].name))
      {
        vigil_feed_keep_first (entries[i].slot, n);
        return TRUE;
      }
  return FALSE;
}

void
vigil_feed_parse_rss_item (xmlNodePtr item, const char *doc_url, VigilParsedFeed *feed)
{
  VigilArticle *article = vigil_article_new ();
  g_autofree char *base = vigil_feed_node_base (item, doc_url);
  xmlNodePtr description = NULL;
  xmlNodePtr encoded = NULL, body = NULL;
  /* Dublin Core stands in for what RSS leaves out (RSS 1.0 feeds rely on it). */
  xmlNodePtr dc_title = NULL, dc_description = NULL;
  xmlNodePtr pub_date = NULL, dc_date = NULL, issued = NULL, created = NULL, modified = NULL;
  xmlNodePtr dc_language = NULL;
  const FirstNode first_nodes[] = {
    { NS_DC, "language", &dc_language },
    /* the whole article, as XHTML or escaped HTML */
    { NS_XHTML, "body", &body },
    { NULL, "fullitem", &body },
    { NULL, "body", &body },
    { NULL, "pubDate", &pub_date },
    { NS_DC, "date", &dc_date },
    { NS_DCTERMS, "issued", &issued },
    { NS_DCTERMS, "created", &created },
    { NS_DCTERMS, "modified", &modified },
    { NS_DC, "title", &dc_title },
    { NS_DC, "description", &dc_description },
  };
  Extras x = { 0 };

  for (xmlNodePtr n = item->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (vigil_feed_node_is_plain (n, "title") && article->title == NULL)
        {
          g_autofree char *t = vigil_feed_node_text (n);
          article->title = vigil_feed_plain_title (t);
          vigil_feed_text_detail_set (&vigil_feed_item_detail (article)->title, n, "text/plain",
                                      doc_url);
        }
      else if (vigil_feed_node_is_plain (n, "link"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          if (article->link == NULL)
            article->link = vigil_feed_resolve_url (t, base);
          vigil_feed_add_link (article, "alternate", t, base, "text/html", NULL);
        }
      else if (vigil_feed_node_is (n, NS_ATOM10, "link"))
        {
          g_autofree char *rel = vigil_feed_node_attr (n, "rel");
          g_autofree char *href = vigil_feed_node_attr (n, "href");
          g_autofree char *type = vigil_feed_node_attr (n, "type");
          g_autofree char *title = vigil_feed_node_attr (n, "title");
          if ((rel == NULL || g_strcmp0 (rel, "alternate") == 0) && article->link == NULL)
            article->link = vigil_feed_resolve_url (href, base);
          vigil_feed_add_link (article, rel, href, base, type, title);
        }
      else if (vigil_feed_node_is_plain (n, "comments"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          if (article->comments == NULL)
            article->comments = vigil_feed_web_url (t, base);
          vigil_feed_add_link (article, "replies", t, base, "text/html", NULL);
        }
      else if (vigil_feed_node_is_plain (n, "source"))
        {
          g_autofree char *url = vigil_feed_node_attr (n, "url");
          if (article->origin_title == NULL && article->origin_url == NULL)
            {
              article->origin_title = vigil_feed_node_field (n);
              article->origin_url = vigil_feed_web_url (url, base);
            }
        }
      else if ((vigil_feed_node_is (n, NS_DC, "rights")
                || vigil_feed_node_is (n, NS_DCTERMS, "rights")
                || vigil_feed_node_is_plain (n, "copyright"))
               && article->rights == NULL)
        article->rights = vigil_feed_node_field (n);
      else if (vigil_feed_read_media (article, n, base, &x, 0)
               || vigil_feed_read_itunes (article, n, &x) || vigil_feed_read_georss (article, n))
        {
          /* Media RSS, iTunes or GeoRSS: taken by their readers. */
        }
      else if (vigil_feed_node_is_plain (n, "guid"))
        {
          g_autofree char *perma = vigil_feed_node_attr (n, "isPermaLink");
          g_free (article->guid);
          article->guid = vigil_feed_node_text (n);
          if (article->link == NULL && g_strcmp0 (perma, "false") != 0 && article->guid != NULL
              && g_str_has_prefix (article->guid, "http"))
            article->link = g_strdup (article->guid);
        }
      else if (vigil_feed_node_is_plain (n, "description"))
        description = n;
      else if (vigil_feed_node_is (n, NS_CONTENT, "encoded"))
        encoded = n;
      else if (keep_first_node (first_nodes, G_N_ELEMENTS (first_nodes), n))
        {
          /* kept for after the loop */
        }
      else if (vigil_feed_node_is_plain (n, "author") || vigil_feed_node_is (n, NS_DC, "creator")
               || vigil_feed_node_is (n, NS_DC, "author")) /* not Dublin Core, but in use */
        add_person_node (article->authors, &article->author, n);
      else if (vigil_feed_node_is (n, NS_DC, "contributor"))
        add_person_node (article->contributors, NULL, n);
      else if (vigil_feed_node_is (n, NS_ATOM10, "author"))
        {
          vigil_feed_add_atom_person (article->authors, n, NS_ATOM10, doc_url);
          if (article->author == NULL && article->authors->len > 0)
            article->author = vigil_feed_person_line (g_ptr_array_index (article->authors, 0));
        }
      else if (vigil_feed_node_is_plain (n, "category") || vigil_feed_node_is (n, NS_DC, "subject"))
        {
          g_autofree char *domain = vigil_feed_node_attr (n, "domain");
          char *t = vigil_feed_node_text (n);
          if (t && *t)
            {
              vigil_feed_add_category_detail (vigil_feed_item_detail (article)->tags, g_strdup (t),
                                              domain, NULL);
              g_ptr_array_add (article->categories, t);
            }
          else
            g_free (t);
        }
      else if (vigil_feed_node_is_plain (n, "enclosure"))
        {
          g_autofree char *url = vigil_feed_node_attr (n, "url");
          g_autofree char *type = vigil_feed_node_attr (n, "type");
          vigil_feed_add_xml_enclosure (article, n, "url", "length", base);
          vigil_feed_add_link (article, "enclosure", url, base, type, NULL);
        }
      else if (vigil_feed_node_is (n, NS_GEO, "lat"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          g_autofree char *lon = NULL;
          /* The first longitude (an item may repeat it). */
          for (xmlNodePtr m = item->children; m && lon == NULL; m = m->next)
            if (vigil_feed_node_is (m, NS_GEO, "long"))
              lon = vigil_feed_node_text (m);
          if (t && lon)
            {
              g_autofree char *point = g_strdup_printf ("%s %s", t, lon);
              vigil_feed_set_geo_point (article, point);
            }
        }
    }
  if ((article->title == NULL || *article->title == '\0') && dc_title != NULL)
    {
      g_autofree char *t = vigil_feed_node_text (dc_title);
      g_free (article->title);
      article->title = vigil_feed_plain_title (t);
    }
  if (description == NULL)
    description = dc_description;
  if (description != NULL)
    {
      article->summary = vigil_feed_node_html (description, base, TRUE);
      vigil_feed_text_detail_set (&vigil_feed_item_detail (article)->summary, description,
                                  "text/html", doc_url);
    }
  if (encoded == NULL)
    encoded = body;
  if (encoded != NULL)
    {
      article->content = vigil_feed_node_html (encoded, base, TRUE);
      vigil_feed_text_detail_set (&vigil_feed_item_detail (article)->content, encoded,
                                  encoded->ns != NULL
                                          && xmlStrcmp (encoded->ns->href, BAD_CAST NS_XHTML) == 0
                                      ? "application/xhtml+xml"
                                      : "text/html",
                                  doc_url);
    }
  vigil_feed_take_node_date (&article->published, pub_date);
  vigil_feed_take_node_date (&article->published, dc_date);
  vigil_feed_take_node_date (&article->published, issued);
  vigil_feed_take_node_date (&article->published, created);
  vigil_feed_take_node_date (&article->updated, modified);
  vigil_feed_apply_extras (article, &x, base);
  vigil_feed_take_language (article, item, dc_language);
  if (article->link != NULL && !vigil_feed_has_link (article, "alternate"))
    vigil_feed_add_link (article, "alternate", article->link, base, "text/html", NULL);
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
  vigil_feed_finish_article (article);
  g_ptr_array_add (feed->items, article);
}

/* <image><url/><title/><link/></image> (in the channel, or beside it in RSS 1.0). */
void
vigil_feed_read_rss_image (VigilParsedFeed *feed, xmlNodePtr image, const char *doc_url)
{
  g_autofree char *base = vigil_feed_node_base (image, doc_url);

  for (xmlNodePtr c = image->children; c; c = c->next)
    if (vigil_feed_node_is_plain (c, "url") && feed->image_url == NULL)
      {
        g_autofree char *t = vigil_feed_node_text (c);
        feed->image_url = vigil_feed_web_url (t, base);
      }
    else if (vigil_feed_node_is_plain (c, "title") && feed->image_title == NULL)
      feed->image_title = vigil_feed_node_field (c);
    else if (vigil_feed_node_is_plain (c, "link") && feed->image_link == NULL)
      {
        g_autofree char *t = vigil_feed_node_text (c);
        feed->image_link = vigil_feed_web_url (t, base);
      }
  if (feed->image_url == NULL)
    {
      g_clear_pointer (&feed->image_title, g_free);
      g_clear_pointer (&feed->image_link, g_free);
    }
}

#define ITUNES_SCHEME "http://www.itunes.com/"

/* A podcast's category into tags (once each term), its subcategories too. */
static void
add_itunes_tag (GPtrArray *tags, const char *term)
{
  g_autofree char *t = g_strstrip (g_strdup (term != NULL ? term : ""));

  for (guint i = 0; i < tags->len; i++)
    if (g_strcmp0 (((VigilCategory *) g_ptr_array_index (tags, i))->term, t) == 0)
      return;
  vigil_feed_add_category_detail (tags, g_steal_pointer (&t), ITUNES_SCHEME, NULL);
}

static void
add_itunes_categories (GPtrArray *tags, xmlNodePtr n, guint depth)
{
  g_autofree char *text = vigil_feed_node_attr (n, "text");

  add_itunes_tag (tags, text);
  for (xmlNodePtr c = n->children; c && depth < 2; c = c->next)
    if (vigil_feed_node_is_itunes (c, "category"))
      add_itunes_categories (tags, c, depth + 1);
}

void
vigil_feed_parse_rss_channel (xmlNodePtr channel, const char *doc_url, VigilParsedFeed *feed)
{
  xmlNodePtr dc_title = NULL, dc_description = NULL, modified = NULL, itunes_subtitle = NULL;
  const FirstNode first_nodes[] = {
    { NS_DCTERMS, "modified", &modified },
    { NS_DC, "title", &dc_title },
    { NS_DC, "description", &dc_description },
  };

  for (xmlNodePtr n = channel->children; n; n = n->next)
    {
      if (vigil_feed_node_is_plain (n, "title") && feed->title == NULL)
        {
          g_autofree char *t = vigil_feed_node_text (n);
          feed->title = vigil_feed_plain_title (t);
          vigil_feed_text_detail_set (&feed->title_detail, n, "text/plain", doc_url);
        }
      else if (vigil_feed_node_is_plain (n, "link"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          g_autofree char *b = vigil_feed_node_base (n, doc_url);
          if (feed->link == NULL)
            feed->link = vigil_feed_resolve_url (t, b);
          vigil_feed_add_link_to (feed->links, "alternate", t, b, "text/html", NULL);
        }
      else if (vigil_feed_node_is (n, NS_ATOM10, "link"))
        {
          g_autofree char *rel = vigil_feed_node_attr (n, "rel");
          g_autofree char *href = vigil_feed_node_attr (n, "href");
          g_autofree char *type = vigil_feed_node_attr (n, "type");
          g_autofree char *title = vigil_feed_node_attr (n, "title");
          g_autofree char *b = vigil_feed_node_base (n, doc_url);
          vigil_feed_add_link_to (feed->links, rel, href, b, type, title);
        }
      else if (vigil_feed_node_is_plain (n, "description") && feed->subtitle == NULL)
        {
          g_autofree char *t = vigil_feed_node_text (n);
          feed->subtitle = vigil_feed_plain_title (t);
          vigil_feed_text_detail_set (&feed->subtitle_detail, n, "text/html", doc_url);
        }
      else if (vigil_feed_node_is_plain (n, "category") || vigil_feed_node_is (n, NS_DC, "subject"))
        {
          g_autofree char *domain = vigil_feed_node_attr (n, "domain");
          vigil_feed_add_category_detail (feed->tags, vigil_feed_node_text (n), domain, NULL);
        }
      else if ((vigil_feed_node_is_plain (n, "language")
                || vigil_feed_node_is (n, NS_DC, "language"))
               && feed->language == NULL)
        feed->language = vigil_feed_language_tag (vigil_feed_node_text (n));
      else if (vigil_feed_node_is_plain (n, "lastBuildDate")
               || vigil_feed_node_is_plain (n, "pubDate") || vigil_feed_node_is (n, NS_DC, "date"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          vigil_feed_take_date (&feed->updated, t);
        }
      else if (keep_first_node (first_nodes, G_N_ELEMENTS (first_nodes), n))
        {
          /* kept for after the loop */
        }
      else if (vigil_feed_node_is_plain (n, "item"))
        vigil_feed_parse_rss_item (n, doc_url, feed);
      else if ((vigil_feed_node_is_plain (n, "managingEditor")
                || vigil_feed_node_is_plain (n, "author")
                || vigil_feed_node_is (n, NS_DC, "creator")
                || vigil_feed_node_is (n, NS_DC, "author")
                || vigil_feed_node_is_itunes (n, "author")))
        add_person_node (feed->authors, &feed->author, n);
      else if (vigil_feed_node_is (n, NS_DC, "contributor"))
        add_person_node (feed->contributors, NULL, n);
      else if ((vigil_feed_node_is_plain (n, "copyright") || vigil_feed_node_is (n, NS_DC, "rights")
                || vigil_feed_node_is (n, NS_DCTERMS, "rights"))
               && feed->rights == NULL)
        {
          feed->rights = vigil_feed_node_field (n);
          vigil_feed_text_detail_set (&feed->rights_detail, n, "text/plain", doc_url);
        }
      else if (vigil_feed_node_is_plain (n, "generator") && feed->generator == NULL)
        feed->generator = vigil_feed_node_field (n);
      else if (vigil_feed_node_is (n, NS_ADMIN, "generatorAgent") && feed->generator == NULL)
        {
          xmlChar *r = xmlGetNsProp (n, BAD_CAST "resource", BAD_CAST NS_RDF);
          feed->generator = r ? vigil_feed_bounded_text (g_strdup ((const char *) r)) : NULL;
          xmlFree (r);
        }
      else if (vigil_feed_node_is_plain (n, "ttl") && feed->ttl < 0)
        {
          g_autofree char *t = vigil_feed_node_text (n);
          char *end = NULL;
          gint64 ttl = t ? g_ascii_strtoll (t, &end, 10) : -1;
          if (end != NULL && end != t && *end == '\0' && ttl >= 0 && ttl <= G_MAXINT32)
            feed->ttl = ttl;
        }
      else if (vigil_feed_node_is_plain (n, "image") && feed->image_url == NULL)
        vigil_feed_read_rss_image (feed, n, doc_url);
      else if ((vigil_feed_node_is_itunes (n, "image") || vigil_feed_node_is_itunes (n, "link"))
               && feed->image_url == NULL)
        {
          /* <itunes:image href> (or url=), and the older <itunes:link rel="image" href>. */
          g_autofree char *rel = vigil_feed_node_attr (n, "rel");
          g_autofree char *href = vigil_feed_node_attr (n, "href");
          if (href == NULL)
            href = vigil_feed_node_attr (n, "url");
          if (vigil_feed_node_is_itunes (n, "image") || g_strcmp0 (rel, "image") == 0)
            feed->image_url = vigil_feed_web_url (href, doc_url);
        }
      else if ((vigil_feed_node_is_itunes (n, "subtitle")
                || vigil_feed_node_is_itunes (n, "summary"))
               && itunes_subtitle == NULL)
        itunes_subtitle = n;
      else if (vigil_feed_node_is_itunes (n, "category"))
        add_itunes_categories (feed->tags, n, 0);
      else if (vigil_feed_node_is_itunes (n, "keywords"))
        {
          g_autofree char *t = vigil_feed_node_text (n);
          g_auto (GStrv) words = g_strsplit (t != NULL ? t : "", ",", 64);
          for (char **w = words; *w; w++)
            add_itunes_tag (feed->tags, *w);
        }
      else if (vigil_feed_node_is (n, NS_ATOM10, "id") && feed->id == NULL)
        feed->id = vigil_feed_node_field (n);
    }
  if ((feed->title == NULL || *feed->title == '\0') && dc_title != NULL)
    {
      g_autofree char *t = vigil_feed_node_text (dc_title);
      g_free (feed->title);
      feed->title = vigil_feed_plain_title (t);
    }
  if (feed->subtitle == NULL && dc_description == NULL)
    dc_description = itunes_subtitle; /* a podcast's description */
  if (feed->subtitle == NULL && dc_description != NULL)
    {
      g_autofree char *t = vigil_feed_node_text (dc_description);
      feed->subtitle = vigil_feed_plain_title (t);
    }
  vigil_feed_take_node_date (&feed->updated, modified);
}
