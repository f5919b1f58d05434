/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-feed-json.c — JSON Feed and GDELT input, and the JSON vigil-cli parse prints */
#include "config.h"

#include "vigil-feed-parser.h"

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-date.h"
#include "vigil-html.h"
#include "vigil-json.h"
#include "vigil-feed-private.h"

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
  vigil_feed_add_person (people, g_strdup (json_str (o, "name")), email,
                         email ? NULL : vigil_feed_web_url (url, base));
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
  article->title = vigil_feed_plain_title (json_str (item, "title"));
  article->link = vigil_feed_resolve_url (json_str (item, "url"), base);
  if (article->link == NULL)
    article->link = vigil_feed_resolve_url (json_str (item, "external_url"), base);
  if ((s = json_str (item, "content_html")) != NULL)
    article->content = vigil_html_sanitize (s, base);
  else if ((s = json_str (item, "content_text")) != NULL)
    article->content = vigil_feed_text_to_html (s);
  if ((s = json_str (item, "summary")) != NULL)
    article->summary = vigil_feed_text_to_html (s);
  vigil_feed_take_date (&article->published, json_str (item, "date_published"));
  vigil_feed_take_date (&article->updated, json_str (item, "date_modified"));
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
  article->thumbnail = vigil_feed_web_url (json_str (item, "image"), base);
  if (article->link != NULL)
    vigil_feed_add_link (article, "alternate", article->link, base, "text/html", NULL);
  if ((s = json_str (item, "external_url")) != NULL)
    vigil_feed_add_link (article, "related", s, base, NULL, NULL);
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
          vigil_feed_add_enclosure (article, json_str (o, "url"), base, json_str (o, "mime_type"),
                                    json_object_has_member (o, "size_in_bytes")
                                        ? json_object_get_int_member (o, "size_in_bytes")
                                        : -1);
        }
    }
  vigil_feed_finish_article (article);
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
  article->title = vigil_feed_plain_title (json_str (item, "title"));
  vigil_feed_take_date (&article->published, json_str (item, "seendate"));
  article->language = g_strdup (json_str (item, "language"));
  if (domain != NULL)
    article->author = g_strdup (domain);
  if (country != NULL && *country)
    g_ptr_array_add (article->categories, g_strdup (country));
  vigil_feed_finish_article (article);
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

VigilParsedFeed *
vigil_feed_parse_json (const char *data, gsize length, const char *base_url, GError **error)
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
      feed = vigil_feed_parsed_feed_new ("jsonfeed");
      feed->title = vigil_feed_plain_title (json_str (obj, "title"));
      feed->link = g_strdup (json_str (obj, "home_page_url"));
      feed->subtitle = g_strdup (json_str (obj, "description"));
      feed->language = vigil_feed_language_tag (g_strdup (json_str (obj, "language")));
      base = feed->link != NULL ? feed->link : base_url;
      feed->icon = vigil_feed_web_url (json_str (obj, "icon"), base);
      if (feed->icon == NULL)
        feed->icon = vigil_feed_web_url (json_str (obj, "favicon"), base);
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
          feed->author = vigil_feed_person_line (g_ptr_array_index (people, 0));
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
      feed = vigil_feed_parsed_feed_new ("gdelt");
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

/* ---- JSON output for vigil-cli parse ---- */

/* How a member of a record is written. */
typedef enum
{
  FIELD_STRING, /* char * */
  FIELD_DATE,   /* GDateTime *, ISO 8601 */
  FIELD_COUNT,  /* gint64, null when negative */
  FIELD_PEOPLE, /* GPtrArray of VigilPerson * */
  FIELD_LINKS,  /* GPtrArray of VigilLink * */
  FIELD_TAGS,   /* GPtrArray of VigilCategory * */
  FIELD_DETAIL, /* VigilTextDetail (in the record) */
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind kind;
  gsize offset;
} Field;

static void add_fields (JsonBuilder *b, gconstpointer record, const Field *fields, gsize n_fields);

static void
add_date (JsonBuilder *b, const char *name, GDateTime *dt)
{
  g_autofree char *s = vigil_date_format_iso (dt);
  vigil_json_add_string (b, name, s);
}

/* A list of records, each an object of the given fields. */
static void
add_records (JsonBuilder *b, const char *name, GPtrArray *records, const Field *fields,
             gsize n_fields)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint r = 0; records != NULL && r < records->len; r++)
    {
      json_builder_begin_object (b);
      add_fields (b, g_ptr_array_index (records, r), fields, n_fields);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static const Field person_fields[] = {
  { "name", FIELD_STRING, G_STRUCT_OFFSET (VigilPerson, name) },
  { "email", FIELD_STRING, G_STRUCT_OFFSET (VigilPerson, email) },
  { "uri", FIELD_STRING, G_STRUCT_OFFSET (VigilPerson, uri) },
};

static const Field link_fields[] = {
  { "rel", FIELD_STRING, G_STRUCT_OFFSET (VigilLink, rel) },
  { "href", FIELD_STRING, G_STRUCT_OFFSET (VigilLink, href) },
  { "type", FIELD_STRING, G_STRUCT_OFFSET (VigilLink, type) },
  { "title", FIELD_STRING, G_STRUCT_OFFSET (VigilLink, title) },
};

static const Field tag_fields[] = {
  { "term", FIELD_STRING, G_STRUCT_OFFSET (VigilCategory, term) },
  { "scheme", FIELD_STRING, G_STRUCT_OFFSET (VigilCategory, scheme) },
  { "label", FIELD_STRING, G_STRUCT_OFFSET (VigilCategory, label) },
};

static const Field enclosure_fields[] = {
  { "url", FIELD_STRING, G_STRUCT_OFFSET (VigilEnclosure, url) },
  { "type", FIELD_STRING, G_STRUCT_OFFSET (VigilEnclosure, type) },
  { "length", FIELD_COUNT, G_STRUCT_OFFSET (VigilEnclosure, length) },
  { "title", FIELD_STRING, G_STRUCT_OFFSET (VigilEnclosure, title) },
  { "duration", FIELD_COUNT, G_STRUCT_OFFSET (VigilEnclosure, duration) },
};

static void
add_detail (JsonBuilder *b, const char *name, const VigilTextDetail *d)
{
  json_builder_set_member_name (b, name);
  if (d->type == NULL && d->language == NULL && d->base == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  vigil_json_add_string (b, "type", d->type);
  vigil_json_add_string (b, "language", d->language);
  vigil_json_add_string (b, "base", d->base);
  json_builder_end_object (b);
}

static void
add_fields (JsonBuilder *b, gconstpointer record, const Field *fields, gsize n_fields)
{
  for (gsize f = 0; f < n_fields; f++)
    {
      gconstpointer member = (const char *) record + fields[f].offset;
      const char *name = fields[f].name;

      switch (fields[f].kind)
        {
        case FIELD_STRING:
          vigil_json_add_string (b, name, *(char *const *) member);
          break;
        case FIELD_DATE:
          add_date (b, name, *(GDateTime *const *) member);
          break;
        case FIELD_COUNT:
          vigil_json_add_count (b, name, *(const gint64 *) member);
          break;
        case FIELD_PEOPLE:
          add_records (b, name, *(GPtrArray *const *) member, person_fields,
                       G_N_ELEMENTS (person_fields));
          break;
        case FIELD_LINKS:
          add_records (b, name, *(GPtrArray *const *) member, link_fields,
                       G_N_ELEMENTS (link_fields));
          break;
        case FIELD_TAGS:
          add_records (b, name, *(GPtrArray *const *) member, tag_fields,
                       G_N_ELEMENTS (tag_fields));
          break;
        case FIELD_DETAIL:
          add_detail (b, name, member);
          break;
        }
    }
}

/* What a feed's head holds: the feed's own, or an entry's <source>. */
static void
add_head (JsonBuilder *b, VigilParsedFeed *feed)
{
  static const Field before_image[] = {
    { "title", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, title) },
    { "link", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, link) },
    { "subtitle", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, subtitle) },
    { "language", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, language) },
    { "updated", FIELD_DATE, G_STRUCT_OFFSET (VigilParsedFeed, updated) },
    { "author", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, author) },
    { "id", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, id) },
  };
  static const Field image[] = {
    { "url", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, image_url) },
    { "title", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, image_title) },
    { "link", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, image_link) },
  };
  static const Field after_image[] = {
    { "icon", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, icon) },
    { "rights", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, rights) },
    { "generator", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, generator) },
    { "generator_uri", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, generator_uri) },
    { "generator_version", FIELD_STRING, G_STRUCT_OFFSET (VigilParsedFeed, generator_version) },
    { "ttl", FIELD_COUNT, G_STRUCT_OFFSET (VigilParsedFeed, ttl) },
    { "authors", FIELD_PEOPLE, G_STRUCT_OFFSET (VigilParsedFeed, authors) },
    { "contributors", FIELD_PEOPLE, G_STRUCT_OFFSET (VigilParsedFeed, contributors) },
    { "links", FIELD_LINKS, G_STRUCT_OFFSET (VigilParsedFeed, links) },
    { "tags", FIELD_TAGS, G_STRUCT_OFFSET (VigilParsedFeed, tags) },
    { "title_detail", FIELD_DETAIL, G_STRUCT_OFFSET (VigilParsedFeed, title_detail) },
    { "subtitle_detail", FIELD_DETAIL, G_STRUCT_OFFSET (VigilParsedFeed, subtitle_detail) },
    { "rights_detail", FIELD_DETAIL, G_STRUCT_OFFSET (VigilParsedFeed, rights_detail) },
  };

  add_fields (b, feed, before_image, G_N_ELEMENTS (before_image));
  json_builder_set_member_name (b, "image");
  if (feed->image_url != NULL)
    {
      json_builder_begin_object (b);
      add_fields (b, feed, image, G_N_ELEMENTS (image));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_fields (b, feed, after_image, G_N_ELEMENTS (after_image));
}

static void
add_item (JsonBuilder *b, VigilArticle *a)
{
  static const Field before_categories[] = {
    { "id", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, guid) },
    { "title", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, title) },
    { "link", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, link) },
    { "author", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, author) },
    { "published", FIELD_DATE, G_STRUCT_OFFSET (VigilArticle, published) },
    { "updated", FIELD_DATE, G_STRUCT_OFFSET (VigilArticle, updated) },
    { "summary", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, summary) },
    { "content", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, content) },
  };
  static const Field after_source[] = {
    { "authors", FIELD_PEOPLE, G_STRUCT_OFFSET (VigilArticle, authors) },
    { "contributors", FIELD_PEOPLE, G_STRUCT_OFFSET (VigilArticle, contributors) },
    { "links", FIELD_LINKS, G_STRUCT_OFFSET (VigilArticle, links) },
    { "comments", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, comments) },
    { "rights", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, rights) },
    { "language", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, language) },
    { "thumbnail", FIELD_STRING, G_STRUCT_OFFSET (VigilArticle, thumbnail) },
  };
  static const Field details[] = {
    { "title_detail", FIELD_DETAIL, G_STRUCT_OFFSET (VigilItemDetail, title) },
    { "summary_detail", FIELD_DETAIL, G_STRUCT_OFFSET (VigilItemDetail, summary) },
    { "content_detail", FIELD_DETAIL, G_STRUCT_OFFSET (VigilItemDetail, content) },
  };
  static const VigilItemDetail no_detail = { 0 };
  VigilItemDetail *detail = vigil_parsed_item_detail (a);
  const VigilItemDetail *d = detail != NULL ? detail : &no_detail;

  json_builder_begin_object (b);
  add_fields (b, a, before_categories, G_N_ELEMENTS (before_categories));
  vigil_json_add_strings (b, "categories", a->categories);
  add_records (b, "tags", d->tags, tag_fields, G_N_ELEMENTS (tag_fields));
  add_records (b, "enclosures", a->enclosures, enclosure_fields, G_N_ELEMENTS (enclosure_fields));
  json_builder_set_member_name (b, "source");
  if (a->origin_title != NULL || a->origin_url != NULL || d->source != NULL)
    {
      json_builder_begin_object (b);
      vigil_json_add_string (b, "url", a->origin_url);
      if (d->source != NULL)
        add_head (b, d->source); /* its title among the rest */
      else
        vigil_json_add_string (b, "title", a->origin_title);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_fields (b, a, after_source, G_N_ELEMENTS (after_source));
  add_fields (b, d, details, G_N_ELEMENTS (details));
  vigil_json_add_optional_double (b, "lat", a->has_geo, a->lat);
  vigil_json_add_optional_double (b, "lon", a->has_geo, a->lon);
  /* A GeoRSS or GML line, box or polygon: its vertices, "lat lon …". */
  vigil_json_add_string (b, "geo_shape", a->geo_shape);
  vigil_json_add_string (b, "geo_coords", a->geo_coords);
  json_builder_end_object (b);
}

char *
vigil_parsed_feed_to_json (VigilParsedFeed *feed, gboolean pretty)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  vigil_json_add_string (b, "format", feed->format);
  json_builder_set_member_name (b, "recovered");
  json_builder_add_boolean_value (b, feed->recovered);
  json_builder_set_member_name (b, "feed");
  json_builder_begin_object (b);
  add_head (b, feed);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < feed->items->len; i++)
    add_item (b, g_ptr_array_index (feed->items, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return vigil_json_to_data (b, pretty);
}
