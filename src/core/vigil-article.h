/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article.h: the normalised article and source models every layer shares.
 *
 * A feed item from any format (RSS, Atom, JSON Feed) becomes a VigilArticle; the
 * parsers, the store, the analysis and the UI all speak this one type. Fields are
 * public because the models are plain records; ownership rules are documented per
 * field and freed in finalize.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char *url;
  char *type;
  gint64 length;   /* -1 when unknown */
  char *title;     /* plain text, or NULL */
  gint64 duration; /* seconds, -1 when unknown */
} VigilEnclosure;

void vigil_enclosure_free (VigilEnclosure *enc);
VigilEnclosure *vigil_enclosure_copy (const VigilEnclosure *enc);

/* An author or contributor: any field may be NULL, never all three. */
typedef struct
{
  char *name;
  char *email;
  char *uri; /* http(s) only */
} VigilPerson;

void vigil_person_free (VigilPerson *person);
VigilPerson *vigil_person_copy (const VigilPerson *person);

/* A link of an item as the feed gave it (Atom's <link>, RSS <link>,
 * <comments> as rel "replies", enclosures as rel "enclosure"). */
typedef struct
{
  char *rel;  /* never NULL: "alternate" when the feed said none */
  char *href; /* absolute http(s) */
  char *type; /* or NULL */
  char *title;
} VigilLink;

void vigil_link_free (VigilLink *link);
VigilLink *vigil_link_copy (const VigilLink *link);

/* What a feed may make an item carry, at most: a feed is untrusted input and
 * every list and field of the model is bounded. */
#define VIGIL_ARTICLE_MAX_PEOPLE 32
#define VIGIL_ARTICLE_MAX_LINKS 64
#define VIGIL_ARTICLE_MAX_ENCLOSURES 64
/* A name, an e-mail address, a rights line, a generator: longer is cut. */
#define VIGIL_ARTICLE_MAX_FIELD 2048
/* A longer address is dropped (browsers stop near 2 MB; feeds' are short). */
#define VIGIL_ARTICLE_MAX_URL 8192
/* The vertices of a GeoRSS or GML shape that are kept. */
#define VIGIL_ARTICLE_MAX_GEO_POINTS 1024

#define VIGIL_TYPE_ARTICLE (vigil_article_get_type ())
G_DECLARE_FINAL_TYPE (VigilArticle, vigil_article, VIGIL, ARTICLE, GObject)

struct _VigilArticle
{
  GObject parent_instance;

  gint64 id;        /* store row id, 0 before it is stored */
  gint64 source_id; /* 0 when not from a stored source */
  char *source_title;
  char *guid;  /* feed id, else link, else a content hash: the duplicate key */
  char *title; /* plain text */
  char *link;
  char *author;
  GDateTime *published;        /* UTC or NULL */
  GDateTime *updated;          /* UTC or NULL */
  gboolean date_is_first_seen; /* the feed gave no usable date */
  char *summary;               /* sanitised HTML */
  char *content;               /* sanitised HTML */
  GPtrArray *categories;       /* char* */
  GPtrArray *enclosures;       /* VigilEnclosure* */
  gboolean has_geo;
  double lat; /* a point, or the representative point of geo_shape */
  double lon;
  /* GeoRSS line/box/polygon or GML shape: "line", "box" or "polygon", with
   * its vertices as "lat lon lat lon …" (NULL for a point or no place). */
  char *geo_shape;
  char *geo_coords;
  char *language; /* BCP 47 (en-US); from the feed, else the analysis */
  /* Where the item first appeared (RSS <source url>, Atom <source>): the
   * outlet an aggregator such as Google News took it from. */
  char *origin_title;
  char *origin_url;
  GPtrArray *authors;      /* VigilPerson*, in the feed's order */
  GPtrArray *contributors; /* VigilPerson* (Atom <contributor>) */
  GPtrArray *links;        /* VigilLink* */
  char *comments;          /* the comments page (RSS <comments>), http(s) */
  char *rights;            /* plain text */
  char *thumbnail;         /* image address, http(s) */
  /* Filled by the analysis layer; core only stores them. */
  int score;
  char *level;
  gboolean read;
  gboolean starred;
  gint64 first_seen; /* unix seconds */
  /* Story clustering and annotations, filled by the analysis layer. */
  guint64 simhash;
  gint64 cluster_id;  /* the story: the id of its first article; 0 = its own */
  guint cluster_size; /* articles in the story, when read from the store */
  char *entity_names; /* canonical names, one a line */
  char *annotations;  /* the analysis as JSON (vigil-cli tag's shape) */
  /* The article of its web page (reader mode), sanitised HTML, or NULL: when
   * set, the analysis and the alert rules read it instead of the feed's text. */
  char *full_content;
};

VigilArticle *vigil_article_new (void);
/* Sets `read` and notifies the "read" property (rows in the list follow it). */
void vigil_article_set_read (VigilArticle *self, gboolean read);
/* Notifies "starred" (the list's row and the article bar follow it). */
void vigil_article_set_starred (VigilArticle *self, gboolean starred);
/* The best date to show and sort by: published, else updated, else first seen. */
gint64 vigil_article_get_time (VigilArticle *self);
/* Where the lists place it: its time, or when it came if it is dated later
 * (a feed's clock, a typo "2100"), as the store sorts it. */
gint64 vigil_article_get_sort_time (VigilArticle *self);
/* The headline to show: its title, or "Untitled Article" (translated) for an
 * item whose feed gave neither title nor text to make one of. */
const char *vigil_article_get_display_title (VigilArticle *self);
/* Plain text of the article body (the full article, else content, else
 * summary) for analysis. */
char *vigil_article_dup_body_text (VigilArticle *self);
/* The text the analysis, the story grouping and the alert rules read: the
 * title, a newline, then body (vigil_article_dup_body_text() when NULL). */
char *vigil_article_dup_match_text (VigilArticle *self, const char *body);
/* An aggregator's title ends with its outlet ("Rockets hit Erbil - Reuters",
 * with <source>Reuters</source>): cuts that ending (" - ", " – ", " — " or
 * " | " and the origin's title) from the title. TRUE if it did. */
gboolean vigil_article_strip_origin_suffix (VigilArticle *self);

/* The most of an item's summary and of its content (sanitised HTML) that is
 * kept: 1 MiB holds some 150,000 words, ten times the longest report a desk
 * reads, while a hostile 15 MB item no longer costs gigabytes to analyse and
 * store. What is cut ends with VIGIL_ARTICLE_SHORTENED_MARK, an element the
 * sanitiser never writes (it keeps no class attribute), which the article
 * view turns into a note. */
#define VIGIL_ARTICLE_MAX_HTML (1024 * 1024)
#define VIGIL_ARTICLE_SHORTENED_MARK "<p class=\"vigil-shortened\"></p>"
/* A headline is a line: a longer one is cut, with an ellipsis. */
#define VIGIL_ARTICLE_MAX_TITLE 1024
/* A source's name from its feed is a name, not a headline: cut beyond this. */
#define VIGIL_SOURCE_MAX_TITLE 200
/* Removes, in place, the embedding, override and isolate controls of
 * Unicode's bidirectional algorithm (U+202A–U+202E, U+2066–U+2069): in a name
 * or a headline they only serve to show text other than it is ("…lanruoJ"
 * shown as "Journal"), and an unclosed one reorders what is shown after it.
 * The marks (U+200E, U+200F) stay. Returns text. */
char *vigil_text_drop_direction_controls (char *text);
/* Shortens summary and content to VIGIL_ARTICLE_MAX_HTML (and the title to
 * VIGIL_ARTICLE_MAX_TITLE bytes), and takes the direction controls out of the
 * title and the author; TRUE if it shortened. */
gboolean vigil_article_limit_size (VigilArticle *self);
/* Whether html (a summary or content) was shortened. */
gboolean vigil_article_html_is_shortened (const char *html);

/* Reader mode, per source: the full article is fetched from its web page
 * when the desk asks (the default), as soon as an article is opened, or
 * never (the feed's text only: the publisher never sees the desk read). */
typedef enum
{
  VIGIL_FULL_TEXT_ON_REQUEST = 0,
  VIGIL_FULL_TEXT_AUTOMATIC = 1,
  VIGIL_FULL_TEXT_SUMMARY = 2,
} VigilFullText;

#define VIGIL_TYPE_SOURCE (vigil_source_get_type ())
G_DECLARE_FINAL_TYPE (VigilSource, vigil_source, VIGIL, SOURCE, GObject)

typedef enum
{
  VIGIL_SOURCE_STATUS_NEW,
  VIGIL_SOURCE_STATUS_OK,
  VIGIL_SOURCE_STATUS_NOT_MODIFIED,
  VIGIL_SOURCE_STATUS_ERROR,
} VigilSourceStatus;

struct _VigilSource
{
  GObject parent_instance;

  gint64 id;
  char *url;
  char *title;
  char *html_url;
  char *folder;
  gboolean enabled;
  char *etag;
  char *last_modified;
  VigilSourceStatus status;
  char *error;            /* user-readable reason for the last failure, or NULL */
  gint64 last_fetch;      /* unix seconds, 0 = never */
  gint64 first_fetch;     /* unix seconds of the first successful read, 0 = none yet */
  guint interval_minutes; /* 0: the application's default */
  gint64 next_attempt;    /* unix seconds, 0 = as soon as possible */
  guint failures;         /* consecutive failed attempts, for back-off */
  guint unread;
  gboolean load_images;    /* remote images in its articles (off by default) */
  VigilFullText full_text; /* reader mode for its articles */
  guint interrupted;       /* 1: a read never finished (Vigil crashed or was killed) and the next
                              is done alone; VIGIL_SOURCE_QUARANTINED: it failed alone too */
  gint64 account_id;       /* the account it belongs to: VIGIL_ACCOUNT_LOCAL (1) is read by Vigil
                              itself; any other is a sync server's, read by vigil-sync */
  char *remote_id;         /* the sync server's stream id ("feed/3"), NULL for a local source */
  char *remote_url;        /* the feed's own address as the sync server gives it */
};

#define VIGIL_SOURCE_QUARANTINED 2

VigilSource *vigil_source_new (void);

G_END_DECLS
