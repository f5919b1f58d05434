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

static void
add_date (JsonBuilder *b, const char *name, GDateTime *dt)
{
  g_autofree char *s = vigil_date_format_iso (dt);
  vigil_json_add_string (b, name, s);
}

/* A list of records whose members are strings: each record's string at
 * offsets[k], named keys[k] (NULL-terminated). */
static void
add_records (JsonBuilder *b, const char *name, GPtrArray *records, const char *const *keys,
             const gsize *offsets)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint r = 0; records != NULL && r < records->len; r++)
    {
      const char *record = g_ptr_array_index (records, r);
      json_builder_begin_object (b);
      for (guint k = 0; keys[k] != NULL; k++)
        vigil_json_add_string (b, keys[k], *(char *const *) (record + offsets[k]));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_people (JsonBuilder *b, const char *name, GPtrArray *people)
{
  static const char *const keys[] = { "name", "email", "uri", NULL };
  static const gsize offsets[]
      = { G_STRUCT_OFFSET (VigilPerson, name), G_STRUCT_OFFSET (VigilPerson, email),
          G_STRUCT_OFFSET (VigilPerson, uri) };
  add_records (b, name, people, keys, offsets);
}

static void
add_links (JsonBuilder *b, GPtrArray *links)
{
  static const char *const keys[] = { "rel", "href", "type", "title", NULL };
  static const gsize offsets[]
      = { G_STRUCT_OFFSET (VigilLink, rel), G_STRUCT_OFFSET (VigilLink, href),
          G_STRUCT_OFFSET (VigilLink, type), G_STRUCT_OFFSET (VigilLink, title) };
  add_records (b, "links", links, keys, offsets);
}

static void
add_tags (JsonBuilder *b, GPtrArray *tags)
{
  static const char *const keys[] = { "term", "scheme", "label", NULL };
  static const gsize offsets[]
      = { G_STRUCT_OFFSET (VigilCategory, term), G_STRUCT_OFFSET (VigilCategory, scheme),
          G_STRUCT_OFFSET (VigilCategory, label) };
  add_records (b, "tags", tags, keys, offsets);
}

static void
add_detail (JsonBuilder *b, const char *name, const VigilTextDetail *d)
{
  json_builder_set_member_name (b, name);
  if (d == NULL || (d->type == NULL && d->language == NULL && d->base == NULL))
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

/* What a feed's head holds: the feed's own, or an entry's <source>. */
static void
add_head (JsonBuilder *b, VigilParsedFeed *feed)
{
  vigil_json_add_string (b, "title", feed->title);
  vigil_json_add_string (b, "link", feed->link);
  vigil_json_add_string (b, "subtitle", feed->subtitle);
  vigil_json_add_string (b, "language", feed->language);
  add_date (b, "updated", feed->updated);
  vigil_json_add_string (b, "author", feed->author);
  vigil_json_add_string (b, "id", feed->id);
  json_builder_set_member_name (b, "image");
  if (feed->image_url != NULL)
    {
      json_builder_begin_object (b);
      vigil_json_add_string (b, "url", feed->image_url);
      vigil_json_add_string (b, "title", feed->image_title);
      vigil_json_add_string (b, "link", feed->image_link);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  vigil_json_add_string (b, "icon", feed->icon);
  vigil_json_add_string (b, "rights", feed->rights);
  vigil_json_add_string (b, "generator", feed->generator);
  vigil_json_add_string (b, "generator_uri", feed->generator_uri);
  vigil_json_add_string (b, "generator_version", feed->generator_version);
  vigil_json_add_count (b, "ttl", feed->ttl);
  add_people (b, "authors", feed->authors);
  add_people (b, "contributors", feed->contributors);
  add_links (b, feed->links);
  add_tags (b, feed->tags);
  add_detail (b, "title_detail", &feed->title_detail);
  add_detail (b, "subtitle_detail", &feed->subtitle_detail);
  add_detail (b, "rights_detail", &feed->rights_detail);
}

static void
add_item (JsonBuilder *b, VigilArticle *a)
{
  VigilItemDetail *detail = vigil_parsed_item_detail (a);

  json_builder_begin_object (b);
  vigil_json_add_string (b, "id", a->guid);
  vigil_json_add_string (b, "title", a->title);
  vigil_json_add_string (b, "link", a->link);
  vigil_json_add_string (b, "author", a->author);
  add_date (b, "published", a->published);
  add_date (b, "updated", a->updated);
  vigil_json_add_string (b, "summary", a->summary);
  vigil_json_add_string (b, "content", a->content);
  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint c = 0; c < a->categories->len; c++)
    json_builder_add_string_value (b, g_ptr_array_index (a->categories, c));
  json_builder_end_array (b);
  add_tags (b, detail != NULL ? detail->tags : NULL);
  json_builder_set_member_name (b, "enclosures");
  json_builder_begin_array (b);
  for (guint e = 0; e < a->enclosures->len; e++)
    {
      VigilEnclosure *enc = g_ptr_array_index (a->enclosures, e);
      json_builder_begin_object (b);
      vigil_json_add_string (b, "url", enc->url);
      vigil_json_add_string (b, "type", enc->type);
      vigil_json_add_count (b, "length", enc->length);
      vigil_json_add_string (b, "title", enc->title);
      vigil_json_add_count (b, "duration", enc->duration);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "source");
  if (a->origin_title != NULL || a->origin_url != NULL
      || (detail != NULL && detail->source != NULL))
    {
      json_builder_begin_object (b);
      vigil_json_add_string (b, "url", a->origin_url);
      if (detail != NULL && detail->source != NULL)
        add_head (b, detail->source); /* its title among the rest */
      else
        vigil_json_add_string (b, "title", a->origin_title);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_people (b, "authors", a->authors);
  add_people (b, "contributors", a->contributors);
  add_links (b, a->links);
  vigil_json_add_string (b, "comments", a->comments);
  vigil_json_add_string (b, "rights", a->rights);
  vigil_json_add_string (b, "language", a->language);
  vigil_json_add_string (b, "thumbnail", a->thumbnail);
  add_detail (b, "title_detail", detail != NULL ? &detail->title : NULL);
  add_detail (b, "summary_detail", detail != NULL ? &detail->summary : NULL);
  add_detail (b, "content_detail", detail != NULL ? &detail->content : NULL);
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
