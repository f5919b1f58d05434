/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-feed-parser-common.h: what the feed parser tests share (test-feed-parser,
 * test-feed-parser-hostile, test-feed-parser-fields): a fixture or a string
 * parsed, an item, a date, a person, a link and an enclosure checked. */
#pragma once

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>

#include "vigil-feed-parser.h"
#include "vigil-date.h"
#include "vigil-test-utils.h"

/* The fixture tests/fixtures/@name read as from @url, in @charset (as HTTP
 * said it, or NULL). */
static inline VigilParsedFeed *
parse_fixture_as (const char *name, const char *url, const char *charset, GError **error)
{
  gsize len;
  g_autofree char *data = vigil_test_read_file (&len, "fixtures", name, NULL);

  return vigil_feed_parse (data, len, url, charset, error);
}

static inline VigilParsedFeed *
parse_fixture (const char *name, const char *url, GError **error)
{
  return parse_fixture_as (name, url, NULL, error);
}

static inline VigilArticle *
item (VigilParsedFeed *feed, guint i)
{
  g_assert_cmpuint (i, <, feed->items->len);
  return g_ptr_array_index (feed->items, i);
}

static inline void
assert_date (GDateTime *dt, const char *iso)
{
  g_autofree char *s = vigil_date_format_iso (dt);
  g_assert_cmpstr (s, ==, iso);
}

static inline VigilParsedFeed *
parse_string (const char *xml)
{
  g_autoptr (GError) error = NULL;
  VigilParsedFeed *feed = vigil_feed_parse (xml, strlen (xml), NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
}

static inline VigilPerson *
person (GPtrArray *people, guint i)
{
  g_assert_cmpuint (i, <, people->len);
  return g_ptr_array_index (people, i);
}

static inline VigilLink *
link_at (VigilArticle *a, guint i)
{
  g_assert_cmpuint (i, <, a->links->len);
  return g_ptr_array_index (a->links, i);
}

static inline VigilEnclosure *
enclosure (VigilArticle *a, guint i)
{
  g_assert_cmpuint (i, <, a->enclosures->len);
  return g_ptr_array_index (a->enclosures, i);
}

static inline VigilParsedFeed *
parse_fixture_charset (const char *name, const char *charset)
{
  g_autoptr (GError) error = NULL;
  VigilParsedFeed *feed = parse_fixture_as (name, NULL, charset, &error);

  g_assert_no_error (error);
  return feed;
}

/* One expected string field of a parsed feed or an article: its name (said
 * when it differs), where it is, and its value (NULL: the field is NULL). */
typedef struct
{
  const char *name;
  glong offset;
  const char *value;
} FieldExpect;

/* clang-format off */
#define FEED_FIELD(member, value) { #member, G_STRUCT_OFFSET (VigilParsedFeed, member), value }
#define ITEM_FIELD(member, value) { #member, G_STRUCT_OFFSET (VigilArticle, member), value }
/* clang-format on */

static inline void
assert_fields (gconstpointer object, const FieldExpect *fields, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      const char *got = G_STRUCT_MEMBER (const char *, object, fields[i].offset);

      if (g_strcmp0 (got, fields[i].value) != 0)
        g_test_message ("field %s", fields[i].name);
      g_assert_cmpstr (got, ==, fields[i].value);
    }
}

static inline void
assert_person (VigilPerson *p, const char *name, const char *email, const char *uri)
{
  g_assert_cmpstr (p->name, ==, name);
  g_assert_cmpstr (p->email, ==, email);
  g_assert_cmpstr (p->uri, ==, uri);
}

static inline void
assert_link (VigilLink *l, const char *rel, const char *type, const char *href)
{
  g_assert_cmpstr (l->rel, ==, rel);
  g_assert_cmpstr (l->type, ==, type);
  g_assert_cmpstr (l->href, ==, href);
}

/* A place: its shape (NULL for a point) and its centre. */
static inline void
assert_geo (VigilArticle *a, const char *shape, double lat, double lon)
{
  g_assert_true (a->has_geo);
  g_assert_cmpstr (a->geo_shape, ==, shape);
  g_assert_cmpfloat_with_epsilon (a->lat, lat, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, lon, 1e-9);
}

static inline void
assert_enclosure (VigilEnclosure *e, const char *url, const char *title, gint64 length,
                  gint64 duration)
{
  g_assert_cmpstr (e->url, ==, url);
  g_assert_cmpstr (e->title, ==, title);
  g_assert_cmpint (e->length, ==, length);
  g_assert_cmpint (e->duration, ==, duration);
}
