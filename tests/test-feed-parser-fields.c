/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a feed says beyond the text (the desk fields): authors, links,
 * enclosures, durations, rights, in RSS, Atom, JSON Feed and feedparser's cases. */
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>

#include "vigil-feed-parser.h"
#include "vigil-date.h"
#include "vigil-test-utils.h"
#include "test-feed-parser-common.h"

/* RSS 2.0 and its modules: the original outlet, people, links, comments,
 * rights, language, thumbnail, enclosure details, GeoRSS shapes, the feed's
 * own author, image, rights, generator and ttl; xml:base nested. */
static void
test_rss_desk_fields (void)
{
  static const FieldExpect feed_fields[] = {
    FEED_FIELD (language, "en-GB"),
    FEED_FIELD (rights, "© 2026 Desk Wire"),
    FEED_FIELD (author, "Rana Haddad"),
    FEED_FIELD (generator, "DeskPress 4.2"),
    FEED_FIELD (image_url, "https://desk.example.test/feeds/img/logo.png"),
    FEED_FIELD (image_title, "Desk Wire"),
    FEED_FIELD (image_link, "https://desk.example.test/"),
    FEED_FIELD (id, NULL),
    FEED_FIELD (icon, NULL),
  };
  static const FieldExpect item0_fields[] = {
    ITEM_FIELD (origin_title, "The Outlet"),
    ITEM_FIELD (origin_url, "https://outlet.example.test/rss"),
    ITEM_FIELD (author, "Omar Saleh"),
    ITEM_FIELD (comments, "https://desk.example.test/feeds/articles/1/comments"),
    ITEM_FIELD (rights, "CC BY 4.0"),
    ITEM_FIELD (language, "ar-IQ"),
    /* The javascript: thumbnail is dropped; the image of media:content is next. */
    ITEM_FIELD (thumbnail, "https://cdn.example.test/convoy.jpg"),
    ITEM_FIELD (geo_coords, "35 44 36 44 36 45 35 45 35 44"),
  };
  static const FieldExpect item1_fields[] = {
    /* xml:base on the item, relative to the channel's. */
    ITEM_FIELD (link, "https://desk.example.test/feeds/episodes/7.html"),
    ITEM_FIELD (author, "Desk Podcasts"),
    ITEM_FIELD (summary, "<p>This week: the border.</p>"),
    ITEM_FIELD (thumbnail, "https://desk.example.test/feeds/episodes/art/7.jpg"),
    ITEM_FIELD (language, NULL),
  };
  static const FieldExpect item2_fields[] = {
    ITEM_FIELD (title, "Only a media title"),
    ITEM_FIELD (summary, "<p>Only a media description &amp; no more.</p>"),
    ITEM_FIELD (origin_title, NULL),
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("rss-desk-fields.xml", NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
  assert_fields (feed, feed_fields, G_N_ELEMENTS (feed_fields));
  g_assert_cmpint (feed->ttl, ==, 30);

  a = item (feed, 0);
  assert_fields (a, item0_fields, G_N_ELEMENTS (item0_fields));
  g_assert_cmpuint (a->authors->len, ==, 2);
  assert_person (person (a->authors, 0), "Omar Saleh", "reporter@outlet.example.test", NULL);
  assert_person (person (a->authors, 1), "Lina Aziz", NULL, NULL);
  g_assert_cmpuint (a->links->len, ==, 2);
  assert_link (link_at (a, 0), "alternate", "text/html", "https://news.example.test/articles/1");
  assert_link (link_at (a, 1), "replies", "text/html", a->comments);
  /* A polygon: the mean of its vertices (the closing one counted once). */
  assert_geo (a, "polygon", 35.5, 44.5);

  a = item (feed, 1);
  assert_fields (a, item1_fields, G_N_ELEMENTS (item1_fields));
  g_assert_cmpstr (person (a->authors, 0)->name, ==, "Desk Podcasts");
  g_assert_cmpuint (a->enclosures->len, ==, 2);
  assert_enclosure (enclosure (a, 0), "https://desk.example.test/feeds/episodes/7.mp3", NULL,
                    5000000, 3723);
  assert_enclosure (enclosure (a, 1), "https://cdn.example.test/7.mp4", "Briefing, the video", -1,
                    95);
  assert_link (link_at (a, 1), "enclosure", "audio/mpeg",
               "https://desk.example.test/feeds/episodes/7.mp3");
  assert_geo (a, "line", 31, 41);

  a = item (feed, 2);
  assert_fields (a, item2_fields, G_N_ELEMENTS (item2_fields));
  assert_geo (a, "box", 11, 22);
  g_assert_cmpuint (a->links->len, ==, 0);
}

/* Atom 1.0: every person and link, the entry's source, rights and language,
 * the feed's id, author, rights, generator, icon and logo, GML places. */
static void
test_atom_desk_fields (void)
{
  static const FieldExpect feed_fields[] = {
    FEED_FIELD (id, "tag:wire.example.test,2026:feed"),
    FEED_FIELD (author, "Wire desk"),
    FEED_FIELD (rights, "© Wire"),
    FEED_FIELD (generator, "WireGen"),
    FEED_FIELD (icon, "https://wire.example.test/atom/icon.png"),
    FEED_FIELD (image_url, "https://wire.example.test/atom/logo.png"),
  };
  static const FieldExpect item0_fields[] = {
    ITEM_FIELD (link, "https://wire.example.test/atom/2026/evacuation.html"),
    ITEM_FIELD (language, "fr-FR"),
    ITEM_FIELD (rights, "Wire only"),
    ITEM_FIELD (origin_title, "L'Orient"),
    ITEM_FIELD (origin_url, "https://lorient.example.test/"),
    ITEM_FIELD (author, "Nadia Karam"),
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("atom-desk-fields.xml", NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
  assert_fields (feed, feed_fields, G_N_ELEMENTS (feed_fields));
  g_assert_cmpint (feed->ttl, ==, -1);

  a = item (feed, 0);
  assert_fields (a, item0_fields, G_N_ELEMENTS (item0_fields));
  g_assert_cmpuint (a->authors->len, ==, 2);
  assert_person (person (a->authors, 0), "Nadia Karam", "nadia@wire.example.test",
                 "https://wire.example.test/people/nadia");
  /* A javascript: address is no address: the person stays, without it. */
  assert_person (person (a->authors, 1), "Second", NULL, NULL);
  g_assert_cmpuint (a->contributors->len, ==, 1);
  g_assert_cmpstr (person (a->contributors, 0)->name, ==, "Photo desk");
  /* Four links: the javascript: one (rel via) is dropped. */
  g_assert_cmpuint (a->links->len, ==, 4);
  assert_link (link_at (a, 0), "alternate", NULL,
               "https://wire.example.test/atom/2026/evacuation.html");
  assert_link (link_at (a, 1), "related", "text/html", "https://other.example.test/story");
  g_assert_cmpstr (link_at (a, 1)->title, ==, "Background");
  assert_link (link_at (a, 2), "replies", "text/html",
               "https://wire.example.test/atom/2026/evacuation.html#comments");
  assert_link (link_at (a, 3), "enclosure", "audio/ogg",
               "https://wire.example.test/atom/2026/audio/1.ogg");
  g_assert_cmpuint (a->enclosures->len, ==, 1);
  assert_enclosure (enclosure (a, 0), "https://wire.example.test/atom/2026/audio/1.ogg", "Report",
                    1234, -1);
  assert_geo (a, NULL, 33.89, 35.5);

  a = item (feed, 1);
  g_assert_cmpstr (a->language, ==, "en"); /* the feed's xml:lang */
  assert_geo (a, "box", 15, 30);
  assert_geo (item (feed, 2), "polygon", 2, 2);
}

/* Durations as iTunes and Media RSS write them. */
static void
test_durations (void)
{
  const struct
  {
    const char *text;
    gint64 seconds;
  } cases[] = { { "3600", 3600 }, { "62.5", 62 }, { "1:02", 62 },       { "01:00:00", 3600 },
                { " 5 ", 5 },     { "", -1 },     { "1:2:3:4", -1 },    { "abc", -1 },
                { "-5", -1 },     { "1:", -1 },   { "12345678901", -1 } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf (
          "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">"
          "<channel><title>D</title><item><title>E</title>"
          "<enclosure url=\"https://d.example.test/e.mp3\" type=\"audio/mpeg\"/>"
          "<itunes:duration>%s</itunes:duration></item></channel></rss>",
          cases[i].text);
      g_autoptr (VigilParsedFeed) feed = parse_string (xml);
      g_test_message ("duration \"%s\"", cases[i].text);
      g_assert_cmpint (enclosure (item (feed, 0), 0)->duration, ==, cases[i].seconds);
    }
}

/* vigil-cli parse's JSON: the new names, with null where the feed said nothing. */
static void
test_json_desk_fields (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("rss-desk-fields.xml", NULL, NULL);
  g_autofree char *json = vigil_parsed_feed_to_json (feed, FALSE);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *f, *it, *o;
  JsonArray *items;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  f = json_object_get_object_member (root, "feed");
  g_assert_cmpstr (json_object_get_string_member (f, "author"), ==, "Rana Haddad");
  g_assert_true (json_object_get_null_member (f, "id"));
  g_assert_true (json_object_get_null_member (f, "icon"));
  g_assert_cmpstr (json_object_get_string_member (f, "rights"), ==, "© 2026 Desk Wire");
  g_assert_cmpstr (json_object_get_string_member (f, "generator"), ==, "DeskPress 4.2");
  g_assert_cmpint (json_object_get_int_member (f, "ttl"), ==, 30);
  o = json_object_get_object_member (f, "image");
  g_assert_cmpstr (json_object_get_string_member (o, "url"), ==,
                   "https://desk.example.test/feeds/img/logo.png");
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "Desk Wire");
  g_assert_cmpstr (json_object_get_string_member (o, "link"), ==, "https://desk.example.test/");
  items = json_object_get_array_member (root, "items");
  it = json_array_get_object_element (items, 0);
  o = json_object_get_object_member (it, "source");
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "The Outlet");
  g_assert_cmpstr (json_object_get_string_member (o, "url"), ==, "https://outlet.example.test/rss");
  o = json_array_get_object_element (json_object_get_array_member (it, "authors"), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Omar Saleh");
  g_assert_cmpstr (json_object_get_string_member (o, "email"), ==, "reporter@outlet.example.test");
  g_assert_true (json_object_get_null_member (o, "uri"));
  o = json_array_get_object_element (json_object_get_array_member (it, "links"), 1);
  g_assert_cmpstr (json_object_get_string_member (o, "rel"), ==, "replies");
  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "text/html");
  g_assert_true (json_object_get_null_member (o, "title"));
  g_assert_cmpstr (json_object_get_string_member (it, "comments"), ==,
                   "https://desk.example.test/feeds/articles/1/comments");
  g_assert_cmpstr (json_object_get_string_member (it, "rights"), ==, "CC BY 4.0");
  g_assert_cmpstr (json_object_get_string_member (it, "language"), ==, "ar-IQ");
  g_assert_cmpstr (json_object_get_string_member (it, "thumbnail"), ==,
                   "https://cdn.example.test/convoy.jpg");
  it = json_array_get_object_element (items, 1);
  o = json_array_get_object_element (json_object_get_array_member (it, "enclosures"), 0);
  g_assert_cmpint (json_object_get_int_member (o, "duration"), ==, 3723);
  g_assert_true (json_object_get_null_member (o, "title"));
  g_assert_cmpint (json_object_get_int_member (o, "length"), ==, 5000000);
  it = json_array_get_object_element (items, 2);
  g_assert_true (json_object_get_null_member (it, "source"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (it, "authors")), ==, 0);
}

/* feedparser's own expectations for the new fields (tests/fixtures/feedparser,
 * copied from its corpus under its licence): each file's Expect: line. */
/* tests/fixtures/feedparser/@name parsed; freed when the test ends. */
static VigilParsedFeed *
feedparser_fixture (const char *name)
{
  g_autofree char *path = g_build_filename ("feedparser", name, NULL);
  VigilParsedFeed *feed = parse_fixture (path, NULL, NULL);

  g_assert_nonnull (feed);
  g_test_queue_destroy ((GDestroyNotify) vigil_parsed_feed_free, feed);
  return feed;
}

static void
test_feedparser_desk_fields (void)
{
  VigilArticle *a;

  /* entries[0].source.href == 'http://example.com/' */
  a = item (feedparser_fixture ("item_source_url.xml"), 0);
  g_assert_cmpstr (a->origin_url, ==, "http://example.com/");
  g_assert_cmpstr (a->origin_title, ==, "Example source");
  /* entries[0]['comments'] == 'http://example.com/' */
  g_assert_cmpstr (item (feedparser_fixture ("item_comments.xml"), 0)->comments, ==,
                   "http://example.com/");
  /* feed['ttl'] == '60' */
  g_assert_cmpint (feedparser_fixture ("channel_ttl.xml")->ttl, ==, 60);
  /* links[0] == {rel alternate, type application/xhtml+xml, href}, links[1] service.post */
  a = item (feedparser_fixture ("entry_link_multiple.xml"), 0);
  g_assert_cmpuint (a->links->len, ==, 2);
  assert_link (link_at (a, 0), "alternate", "application/xhtml+xml", "http://www.example.com/");
  g_assert_null (link_at (a, 0)->title);
  assert_link (link_at (a, 1), "service.post", "application/atom+xml",
               "http://www.example.com/post");
  /* entries[0]['author_detail']['url'] == 'http://example.com/' */
  a = item (feedparser_fixture ("entry_author_uri.xml"), 0);
  assert_person (person (a->authors, 0), "Example author", "me@example.com", "http://example.com/");
  /* entries[0]['source']['title'] == 'Example Atom' */
  g_assert_cmpstr (item (feedparser_fixture ("entry_source_title.xml"), 0)->origin_title, ==,
                   "Example Atom");
  /* feed['icon'] == 'http://example.com/favicon.ico' */
  g_assert_cmpstr (feedparser_fixture ("feed_icon.xml")->icon, ==,
                   "http://example.com/favicon.ico");
  /* feed['image']['href'] == 'http://example.com/logo.jpg' (Apple's DTDs/Podcast spelling) */
  g_assert_cmpstr (feedparser_fixture ("itunes_channel_image.xml")->image_url, ==,
                   "http://example.com/logo.jpg");
  /* entries[0]['language'] == 'en' */
  g_assert_cmpstr (item (feedparser_fixture ("item_dc_language.xml"), 0)->language, ==, "en");
}

/* feedparser files Vigil read wrongly before the conformance work of issue 16
 * (tests/fixtures/feedparser, copied under feedparser's licence): each
 * file's Expect: line, as far as Vigil models it. */
static void
test_feedparser_conformance_fixes (void)
{
  VigilParsedFeed *itunes;
  VigilArticle *a;
  VigilItemDetail *d;
  VigilCategory *c;

  /* content == 'safe <b>description</b>': an iframe's fallback text stays, the frame goes */
  g_assert_cmpstr (item (feedparser_fixture ("entry_content_iframe.xml"), 0)->content, ==,
                   "safe <b>description</b>");
  /* feed['title'] == 'safe': a comment never closed by --> ends at its '>' */
  g_assert_cmpstr (feedparser_fixture ("xml_malicious_comment.xml")->title, ==, "safe");
  /* feed['title'] == 'safe': "<!--" at the end is a comment to the end */
  g_assert_cmpstr (feedparser_fixture ("xml_unclosed_comment.xml")->title, ==, "safe");
  /* feed['title'] == '&lt;!DOCTYPE ~' (HTML): the text "<!DOCTYPE ~", not "</html>" */
  g_assert_cmpstr (feedparser_fixture ("xml_declaration_unexpected_character.xml")->title, ==,
                   "<!DOCTYPE ~");
  /* description == 'safe description': RSS <body> read, the applet and its code gone */
  g_assert_cmpstr (item (feedparser_fixture ("item_body_applet.xml"), 0)->content, ==,
                   "safe description");
  /* source.links[0] == {alternate, application/xhtml+xml, …}, [1] == {service.post, …} */
  a = item (feedparser_fixture ("entry_source_link_multiple.xml"), 0);
  d = vigil_parsed_item_detail (a);
  g_assert_nonnull (d);
  g_assert_nonnull (d->source);
  g_assert_cmpuint (d->source->links->len, ==, 2);
  assert_link (g_ptr_array_index (d->source->links, 0), "alternate", "application/xhtml+xml",
               "http://www.example.com/");
  assert_link (g_ptr_array_index (d->source->links, 1), "service.post", "application/atom+xml",
               "http://www.example.com/post");
  g_assert_cmpstr (a->origin_url, ==, "http://www.example.com/");
  /* contributors[1] == {name Contributor 2, email you@example.com, href …two…} */
  a = item (feedparser_fixture ("entry_contributor_multiple.xml"), 0);
  g_assert_cmpuint (a->contributors->len, ==, 2);
  assert_person (person (a->contributors, 1), "Contributor 2", "you@example.com",
                 "http://two.example.com/");
  /* tags[0].scheme == 'http://feedparser.org/tests/' (and its label) */
  d = vigil_parsed_item_detail (item (feedparser_fixture ("entry_category_scheme.xml"), 0));
  g_assert_nonnull (d);
  g_assert_cmpuint (d->tags->len, ==, 1);
  c = g_ptr_array_index (d->tags, 0);
  g_assert_cmpstr (c->term, ==, "atom10");
  g_assert_cmpstr (c->scheme, ==, "http://feedparser.org/tests/");
  g_assert_cmpstr (c->label, ==, "Atom 1.0 tests");
  /* feed['tags'][1]['term'] == 'Gadgets' (an iTunes subcategory) */
  itunes = feedparser_fixture ("itunes_channel_category_nested.xml");
  g_assert_cmpuint (itunes->tags->len, ==, 2);
  g_assert_cmpstr (((VigilCategory *) g_ptr_array_index (itunes->tags, 0))->term, ==, "Technology");
  g_assert_cmpstr (((VigilCategory *) g_ptr_array_index (itunes->tags, 1))->term, ==, "Gadgets");
  /* content[0].language == 'en': the feed's xml:lang, inherited */
  d = vigil_parsed_item_detail (
      item (feedparser_fixture ("entry_content_xml_lang_inherit.xml"), 0));
  g_assert_nonnull (d);
  g_assert_cmpstr (d->content.language, ==, "en");
  g_assert_cmpstr (d->content.type, ==, "application/xhtml+xml");
}

/* JSON Feed 1.1: every author (name, url, or an e-mail address as mailto:),
 * the item's image as its thumbnail, the feed's icon and author; a
 * javascript: image is no image. */
static void
test_jsonfeed_desk_fields (void)
{
  const char *json
      = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\","
        "\"home_page_url\":\"https://j.example.test/\",\"icon\":\"/icon.png\","
        "\"authors\":[{\"name\":\"Desk\"}],\"items\":["
        "{\"id\":\"1\",\"url\":\"https://j.example.test/1\",\"content_text\":\"x\","
        "\"image\":\"img/1.jpg\",\"external_url\":\"https://elsewhere.example.test/\","
        "\"authors\":[{\"name\":\"Ana\",\"url\":\"https://j.example.test/ana\"},"
        "{\"name\":\"Ben\",\"url\":\"mailto:ben@j.example.test\"},{\"url\":\"javascript:x\"}]},"
        "{\"id\":\"2\",\"content_text\":\"y\",\"image\":\"javascript:alert(1)\"}]}";
  g_autoptr (VigilParsedFeed) feed = parse_string (json);
  VigilArticle *a;

  g_assert_cmpstr (feed->icon, ==, "https://j.example.test/icon.png");
  g_assert_cmpstr (feed->author, ==, "Desk");
  a = item (feed, 0);
  g_assert_cmpstr (a->thumbnail, ==, "https://j.example.test/img/1.jpg");
  g_assert_cmpuint (a->authors->len, ==, 2);
  g_assert_cmpstr (person (a->authors, 0)->uri, ==, "https://j.example.test/ana");
  g_assert_cmpstr (person (a->authors, 1)->email, ==, "ben@j.example.test");
  g_assert_null (person (a->authors, 1)->uri);
  g_assert_cmpstr (link_at (a, 0)->rel, ==, "alternate");
  g_assert_cmpstr (link_at (a, 1)->rel, ==, "related");
  g_assert_cmpstr (link_at (a, 1)->href, ==, "https://elsewhere.example.test/");
  g_assert_null (item (feed, 1)->thumbnail);
}

/* An item with neither title nor text to make one of is shown as "Untitled
 * Article", not as a blank row; a title made only of spaces too; one with a
 * description has a headline made of it; a real title is kept. */
static void
test_display_title (void)
{
  static const char rss[]
      = "<rss version=\"2.0\"><channel><title>T</title>"
        "<item><link>https://x.example.test/1</link></item>"
        "<item><title> \t </title><link>https://x.example.test/2</link></item>"
        "<item><description>Rockets hit the airport overnight.</description></item>"
        "<item><title>Convoy attacked</title></item></channel></rss>";
  g_autoptr (VigilParsedFeed) feed = parse_string (rss);

  g_assert_cmpuint (feed->items->len, ==, 4);
  g_assert_cmpstr (vigil_article_get_display_title (item (feed, 0)), ==, "Untitled Article");
  g_assert_cmpstr (vigil_article_get_display_title (item (feed, 1)), ==, "Untitled Article");
  g_assert_cmpstr (vigil_article_get_display_title (item (feed, 2)), ==,
                   "Rockets hit the airport overnight.");
  g_assert_cmpstr (vigil_article_get_display_title (item (feed, 3)), ==, "Convoy attacked");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feed/rss-desk-fields", test_rss_desk_fields);
  g_test_add_func ("/feed/atom-desk-fields", test_atom_desk_fields);
  g_test_add_func ("/feed/durations", test_durations);
  g_test_add_func ("/feed/json-desk-fields", test_json_desk_fields);
  g_test_add_func ("/feed/display-title", test_display_title);
  g_test_add_func ("/feed/feedparser-desk-fields", test_feedparser_desk_fields);
  g_test_add_func ("/feed/feedparser-conformance-fixes", test_feedparser_conformance_fixes);
  g_test_add_func ("/feed/jsonfeed-desk-fields", test_jsonfeed_desk_fields);
  return g_test_run ();
}
