/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-parser.h: every feed format into one normalised shape.
 *
 * RSS 0.9x/2.0 (in no namespace or UserLand's), RSS 1.0 (RDF), Atom 0.3/1.0
 * (and Atom without its namespace), JSON Feed 1.0/1.1 and the GDELT DOC
 * API article list. The parser never touches the network (no DTDs, no external
 * entities); ill-formed XML is recovered where libxml2 can, and flagged.
 */
#pragma once

#include <glib.h>

#include "vigil-article.h"

G_BEGIN_DECLS

#define VIGIL_FEED_ERROR (vigil_feed_error_quark ())
GQuark vigil_feed_error_quark (void);

typedef enum
{
  VIGIL_FEED_ERROR_EMPTY,
  VIGIL_FEED_ERROR_MALFORMED,
  VIGIL_FEED_ERROR_NOT_A_FEED,
} VigilFeedError;

/* How a text construct was sent: its declared media type (text/plain,
 * text/html, application/xhtml+xml as feedparser names them), the xml:lang and
 * the xml:base (absolute) in effect where it stands; NULL when not known. */
typedef struct
{
  char *type;
  char *language;
  char *base;
} VigilTextDetail;

/* A category as the feed sent it: Atom's term, scheme and label, RSS's text
 * and domain (as scheme). */
typedef struct
{
  char *term;
  char *scheme;
  char *label;
} VigilCategory;

typedef struct _VigilParsedFeed VigilParsedFeed;
struct _VigilParsedFeed
{
  /* Static; RSS and Atom versions as feedparser names them: rss090 rss091n
   * rss091u rss092 rss093 rss094 rss20, rss (version unknown), rss10, atom01
   * atom02 atom03 atom10, atom (version unknown); and jsonfeed, gdelt. */
  const char *format;
  gboolean recovered;
  char *title;
  char *link;
  char *subtitle;
  char *language;
  GDateTime *updated;
  char *author;    /* the feed's author (name, else e-mail address) */
  char *id;        /* Atom <id> */
  char *image_url; /* RSS <image>, Atom <logo>, itunes:image (http(s)) */
  char *image_title;
  char *image_link;
  char *icon; /* Atom <icon> (else <logo>), JSON Feed icon (http(s)) */
  char *rights;
  char *generator;
  gint64 ttl;       /* minutes (RSS <ttl>), -1 when not given */
  GPtrArray *items; /* VigilArticle* */
  /* Beyond what the store keeps, read for `vigil-cli parse` and the tests: */
  GPtrArray *authors;      /* VigilPerson*: every author of the feed */
  GPtrArray *contributors; /* VigilPerson* */
  GPtrArray *links;        /* VigilLink*: every link with its rel */
  GPtrArray *tags;         /* VigilCategory* */
  char *generator_uri;     /* http(s) */
  char *generator_version;
  VigilTextDetail title_detail, subtitle_detail, rights_detail;
};

/* What the parser read of an item beyond VigilArticle's fields (attached to
 * the article it returns): how its texts were sent, its categories with
 * scheme and label, and the feed it came from (Atom <source>, RSS <source>)
 * read as a feed's head (no items). */
typedef struct
{
  VigilTextDetail title, summary, content;
  GPtrArray *tags;         /* VigilCategory* */
  VigilParsedFeed *source; /* or NULL */
} VigilItemDetail;

/* The detail of an article vigil_feed_parse returned; NULL for any other. */
VigilItemDetail *vigil_parsed_item_detail (VigilArticle *article);

void vigil_parsed_feed_free (VigilParsedFeed *feed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilParsedFeed, vigil_parsed_feed_free)

/* base_url: the URL the document came from, for relative links (may be NULL).
 * charset: the HTTP charset, used when the document declares none (may be NULL). */
VigilParsedFeed *vigil_feed_parse (const char *data, gsize length, const char *base_url,
                                   const char *charset, GError **error);

/* The deepest nesting of arrays and objects a JSON document may have: json-glib
 * recurses once per level, so deeper documents are refused before it runs. */
#define VIGIL_JSON_MAX_DEPTH 512
/* Whether the JSON in data nests arrays and objects at most max_depth deep
 * (a linear scan of the bytes, strings and escapes respected). */
gboolean vigil_json_depth_ok (const char *data, gsize length, guint max_depth);

/* The JSON object `vigil-cli parse` prints. */
char *vigil_parsed_feed_to_json (VigilParsedFeed *feed, gboolean pretty);

G_END_DECLS
