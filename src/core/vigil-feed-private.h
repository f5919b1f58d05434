/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-private.h — what the feed parser's files share (not installed, not public) */
#pragma once

#include <libxml/tree.h>

#include "vigil-feed-parser.h"

G_BEGIN_DECLS

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

/* What Media RSS, iTunes and the other extensions offer an item, gathered
 * while its elements are read and applied where the item's own are missing. */
typedef struct
{
  xmlNodePtr media_title, media_description, itunes_summary, itunes_subtitle;
  xmlNodePtr itunes_author, itunes_duration;
  xmlNodePtr thumbnail, image_content, itunes_image;
} Extras;

/* vigil-feed-parser.c */
VigilParsedFeed *vigil_feed_parsed_feed_new (const char *format);
const char *vigil_feed_skip_past (const char *p, const char *end, const char *close);
const char *vigil_feed_tag_end (const char *p, const char *end);

/* vigil-feed-node.c */
gboolean vigil_feed_node_is (xmlNodePtr node, const char *ns, const char *name);
gboolean vigil_feed_node_is_itunes (xmlNodePtr node, const char *name);
gboolean vigil_feed_is_rss_namespace (const xmlChar *href);
gboolean vigil_feed_node_is_plain (xmlNodePtr node, const char *name);
char *vigil_feed_node_text (xmlNodePtr node);
char *vigil_feed_node_html (xmlNodePtr node, const char *base, gboolean markup_children);
/* node's children serialised as markup and sanitised as HTML. */
char *vigil_feed_children_html (xmlNodePtr node, const char *base);
char *vigil_feed_node_attr (xmlNodePtr node, const char *name);
char *vigil_feed_node_base (xmlNodePtr node, const char *doc_url);
char *vigil_feed_resolve_url (const char *url, const char *base);
char *vigil_feed_plain_title (const char *text);
char *vigil_feed_language_tag (char *lang);
char *vigil_feed_text_to_html (const char *text);
void vigil_feed_take_date (GDateTime **slot, const char *text);
void vigil_feed_take_node_date (GDateTime **slot, xmlNodePtr node);
void vigil_feed_keep_first (xmlNodePtr *slot, xmlNodePtr node);
void vigil_feed_set_geo_point (VigilArticle *article, const char *point);
void vigil_feed_finish_article (VigilArticle *article);
void vigil_feed_add_enclosure (VigilArticle *article, const char *url, const char *base,
                               const char *type, gint64 length);
void vigil_feed_add_xml_enclosure (VigilArticle *article, xmlNodePtr n, const char *url_attr,
                                   const char *length_attr, const char *base);

void vigil_feed_text_detail_clear (VigilTextDetail *d);
/* How node's text was sent: type (copied), its xml:lang and xml:base. */
void vigil_feed_text_detail_set (VigilTextDetail *d, xmlNodePtr node, const char *type,
                                 const char *doc_url);
void vigil_feed_category_free (VigilCategory *c);
void vigil_feed_add_category_detail (GPtrArray *tags, char *term, const char *scheme,
                                     const char *label);
/* The article's detail, made when it has none. */
VigilItemDetail *vigil_feed_item_detail (VigilArticle *article);

/* vigil-feed-fields.c */
char *vigil_feed_bounded_text (char *text);
char *vigil_feed_web_url (const char *url, const char *base);
char *vigil_feed_node_field (xmlNodePtr node);
void vigil_feed_add_person (GPtrArray *people, char *name, char *email, char *uri);
void vigil_feed_add_person_text (GPtrArray *people, const char *text);
void vigil_feed_add_atom_person (GPtrArray *people, xmlNodePtr node, const char *ns,
                                 const char *doc_url);
char *vigil_feed_person_line (const VigilPerson *p);
void vigil_feed_add_link (VigilArticle *article, const char *rel, const char *href,
                          const char *base, const char *type, const char *title);
void vigil_feed_add_link_to (GPtrArray *links, const char *rel, const char *href, const char *base,
                             const char *type, const char *title);
gboolean vigil_feed_has_link (VigilArticle *article, const char *rel);
gboolean vigil_feed_read_georss (VigilArticle *article, xmlNodePtr n);
gboolean vigil_feed_read_media (VigilArticle *article, xmlNodePtr n, const char *base, Extras *x,
                                guint depth);
gboolean vigil_feed_read_itunes (VigilArticle *article, xmlNodePtr n, Extras *x);
void vigil_feed_apply_extras (VigilArticle *article, Extras *x, const char *base);
void vigil_feed_take_language (VigilArticle *article, xmlNodePtr item, xmlNodePtr dc_language);

/* vigil-feed-rss.c */
void vigil_feed_parse_rss_item (xmlNodePtr item, const char *doc_url, VigilParsedFeed *feed);
void vigil_feed_read_rss_image (VigilParsedFeed *feed, xmlNodePtr image, const char *doc_url);
void vigil_feed_parse_rss_channel (xmlNodePtr channel, const char *doc_url, VigilParsedFeed *feed);

/* vigil-feed-atom.c */
void vigil_feed_parse_atom_feed (xmlNodePtr root, const char *ns, const char *doc_url,
                                 VigilParsedFeed *feed);

/* vigil-feed-lift.c */
typedef struct
{
  gsize offset, length; /* in VigilFeedLifted.texts */
} VigilFeedSpan;

typedef struct
{
  GString *xml;   /* the document with each lifted text replaced by a mark */
  GString *texts; /* the lifted texts, as libxml2 would have read them */
  GArray *spans;  /* of VigilFeedSpan, in document order */
  guint used;
} VigilFeedLifted;

gboolean vigil_feed_lift (const char *data, gsize length, VigilFeedLifted *lifted);
gboolean vigil_feed_lift_restore (xmlNodePtr root, VigilFeedLifted *lifted);
void vigil_feed_lifted_clear (VigilFeedLifted *lifted);

/* vigil-feed-repair.c */
char *vigil_feed_repair_xml (const char *data, gsize length, gsize *out_length);

/* vigil-feed-json.c */
VigilParsedFeed *vigil_feed_parse_json (const char *data, gsize length, const char *base_url,
                                        GError **error);

/* The quark under which an item keeps its VigilItemDetail. */
GQuark vigil_item_detail_quark (void);

G_END_DECLS
