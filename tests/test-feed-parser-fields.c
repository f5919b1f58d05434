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
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("rss-desk-fields.xml", NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
  g_assert_cmpstr (feed->language, ==, "en-GB");
  g_assert_cmpstr (feed->rights, ==, "© 2026 Desk Wire");
  g_assert_cmpstr (feed->author, ==, "Rana Haddad");
  g_assert_cmpstr (feed->generator, ==, "DeskPress 4.2");
  g_assert_cmpint (feed->ttl, ==, 30);
  g_assert_cmpstr (feed->image_url, ==, "https://desk.example.test/feeds/img/logo.png");
  g_assert_cmpstr (feed->image_title, ==, "Desk Wire");
  g_assert_cmpstr (feed->image_link, ==, "https://desk.example.test/");
  g_assert_null (feed->id);
  g_assert_null (feed->icon);

  a = item (feed, 0);
  g_assert_cmpstr (a->origin_title, ==, "The Outlet");
  g_assert_cmpstr (a->origin_url, ==, "https://outlet.example.test/rss");
  g_assert_cmpstr (a->author, ==, "Omar Saleh");
  g_assert_cmpuint (a->authors->len, ==, 2);
  g_assert_cmpstr (person (a->authors, 0)->name, ==, "Omar Saleh");
  g_assert_cmpstr (person (a->authors, 0)->email, ==, "reporter@outlet.example.test");
  g_assert_null (person (a->authors, 0)->uri);
  g_assert_cmpstr (person (a->authors, 1)->name, ==, "Lina Aziz");
  g_assert_null (person (a->authors, 1)->email);
  g_assert_cmpstr (a->comments, ==, "https://desk.example.test/feeds/articles/1/comments");
  g_assert_cmpuint (a->links->len, ==, 2);
  g_assert_cmpstr (link_at (a, 0)->rel, ==, "alternate");
  g_assert_cmpstr (link_at (a, 0)->href, ==, "https://news.example.test/articles/1");
  g_assert_cmpstr (link_at (a, 0)->type, ==, "text/html");
  g_assert_cmpstr (link_at (a, 1)->rel, ==, "replies");
  g_assert_cmpstr (link_at (a, 1)->href, ==, a->comments);
  g_assert_cmpstr (a->rights, ==, "CC BY 4.0");
  g_assert_cmpstr (a->language, ==, "ar-IQ");
  /* The javascript: thumbnail is dropped; the image of media:content is next. */
  g_assert_cmpstr (a->thumbnail, ==, "https://cdn.example.test/convoy.jpg");
  /* A polygon: the mean of its vertices (the closing one counted once). */
  g_assert_true (a->has_geo);
  g_assert_cmpfloat_with_epsilon (a->lat, 35.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 44.5, 1e-9);
  g_assert_cmpstr (a->geo_shape, ==, "polygon");
  g_assert_cmpstr (a->geo_coords, ==, "35 44 36 44 36 45 35 45 35 44");

  a = item (feed, 1);
  /* xml:base on the item, relative to the channel's. */
  g_assert_cmpstr (a->link, ==, "https://desk.example.test/feeds/episodes/7.html");
  g_assert_cmpstr (a->author, ==, "Desk Podcasts");
  g_assert_cmpstr (person (a->authors, 0)->name, ==, "Desk Podcasts");
  g_assert_cmpstr (a->summary, ==, "<p>This week: the border.</p>");
  g_assert_cmpstr (a->thumbnail, ==, "https://desk.example.test/feeds/episodes/art/7.jpg");
  g_assert_null (a->language);
  g_assert_cmpuint (a->enclosures->len, ==, 2);
  g_assert_cmpstr (enclosure (a, 0)->url, ==, "https://desk.example.test/feeds/episodes/7.mp3");
  g_assert_cmpint (enclosure (a, 0)->length, ==, 5000000);
  g_assert_cmpint (enclosure (a, 0)->duration, ==, 3723);
  g_assert_null (enclosure (a, 0)->title);
  g_assert_cmpstr (enclosure (a, 1)->url, ==, "https://cdn.example.test/7.mp4");
  g_assert_cmpstr (enclosure (a, 1)->title, ==, "Briefing, the video");
  g_assert_cmpint (enclosure (a, 1)->duration, ==, 95);
  g_assert_cmpstr (link_at (a, 1)->rel, ==, "enclosure");
  g_assert_cmpstr (link_at (a, 1)->type, ==, "audio/mpeg");
  g_assert_cmpstr (a->geo_shape, ==, "line");
  g_assert_cmpfloat_with_epsilon (a->lat, 31, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 41, 1e-9);

  a = item (feed, 2);
  g_assert_cmpstr (a->title, ==, "Only a media title");
  g_assert_cmpstr (a->summary, ==, "<p>Only a media description &amp; no more.</p>");
  g_assert_cmpstr (a->geo_shape, ==, "box");
  g_assert_cmpfloat_with_epsilon (a->lat, 11, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 22, 1e-9);
  g_assert_null (a->origin_title);
  g_assert_cmpuint (a->links->len, ==, 0);
}

/* Atom 1.0: every person and link, the entry's source, rights and language,
 * the feed's id, author, rights, generator, icon and logo, GML places. */
static void
test_atom_desk_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("atom-desk-fields.xml", NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
  g_assert_cmpstr (feed->id, ==, "tag:wire.example.test,2026:feed");
  g_assert_cmpstr (feed->author, ==, "Wire desk");
  g_assert_cmpstr (feed->rights, ==, "© Wire");
  g_assert_cmpstr (feed->generator, ==, "WireGen");
  g_assert_cmpstr (feed->icon, ==, "https://wire.example.test/atom/icon.png");
  g_assert_cmpstr (feed->image_url, ==, "https://wire.example.test/atom/logo.png");
  g_assert_cmpint (feed->ttl, ==, -1);

  a = item (feed, 0);
  g_assert_cmpstr (a->link, ==, "https://wire.example.test/atom/2026/evacuation.html");
  g_assert_cmpstr (a->language, ==, "fr-FR");
  g_assert_cmpstr (a->rights, ==, "Wire only");
  g_assert_cmpstr (a->origin_title, ==, "L'Orient");
  g_assert_cmpstr (a->origin_url, ==, "https://lorient.example.test/");
  g_assert_cmpstr (a->author, ==, "Nadia Karam");
  g_assert_cmpuint (a->authors->len, ==, 2);
  g_assert_cmpstr (person (a->authors, 0)->email, ==, "nadia@wire.example.test");
  g_assert_cmpstr (person (a->authors, 0)->uri, ==, "https://wire.example.test/people/nadia");
  /* A javascript: address is no address: the person stays, without it. */
  g_assert_cmpstr (person (a->authors, 1)->name, ==, "Second");
  g_assert_null (person (a->authors, 1)->uri);
  g_assert_cmpuint (a->contributors->len, ==, 1);
  g_assert_cmpstr (person (a->contributors, 0)->name, ==, "Photo desk");
  /* Four links: the javascript: one (rel via) is dropped. */
  g_assert_cmpuint (a->links->len, ==, 4);
  g_assert_cmpstr (link_at (a, 0)->rel, ==, "alternate");
  g_assert_null (link_at (a, 0)->type);
  g_assert_cmpstr (link_at (a, 1)->rel, ==, "related");
  g_assert_cmpstr (link_at (a, 1)->title, ==, "Background");
  g_assert_cmpstr (link_at (a, 1)->type, ==, "text/html");
  g_assert_cmpstr (link_at (a, 2)->rel, ==, "replies");
  g_assert_cmpstr (link_at (a, 2)->href, ==,
                   "https://wire.example.test/atom/2026/evacuation.html#comments");
  g_assert_cmpstr (link_at (a, 3)->rel, ==, "enclosure");
  g_assert_cmpuint (a->enclosures->len, ==, 1);
  g_assert_cmpstr (enclosure (a, 0)->url, ==, "https://wire.example.test/atom/2026/audio/1.ogg");
  g_assert_cmpstr (enclosure (a, 0)->title, ==, "Report");
  g_assert_cmpint (enclosure (a, 0)->length, ==, 1234);
  g_assert_cmpint (enclosure (a, 0)->duration, ==, -1);
  g_assert_true (a->has_geo);
  g_assert_cmpfloat_with_epsilon (a->lat, 33.89, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 35.5, 1e-9);
  g_assert_null (a->geo_shape);

  a = item (feed, 1);
  g_assert_cmpstr (a->language, ==, "en"); /* the feed's xml:lang */
  g_assert_cmpstr (a->geo_shape, ==, "box");
  g_assert_cmpfloat_with_epsilon (a->lat, 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 30, 1e-9);
  a = item (feed, 2);
  g_assert_cmpstr (a->geo_shape, ==, "polygon");
  g_assert_cmpfloat_with_epsilon (a->lat, 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 2, 1e-9);
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
static void
test_feedparser_desk_fields (void)
{
  g_autoptr (VigilParsedFeed) source = parse_fixture ("feedparser/item_source_url.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) comments = parse_fixture ("feedparser/item_comments.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) ttl = parse_fixture ("feedparser/channel_ttl.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) links
      = parse_fixture ("feedparser/entry_link_multiple.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) uri = parse_fixture ("feedparser/entry_author_uri.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) atom_source
      = parse_fixture ("feedparser/entry_source_title.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) icon = parse_fixture ("feedparser/feed_icon.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) image
      = parse_fixture ("feedparser/itunes_channel_image.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) lang = parse_fixture ("feedparser/item_dc_language.xml", NULL, NULL);
  VigilArticle *a;

  /* entries[0].source.href == 'http://example.com/' */
  g_assert_cmpstr (item (source, 0)->origin_url, ==, "http://example.com/");
  g_assert_cmpstr (item (source, 0)->origin_title, ==, "Example source");
  /* entries[0]['comments'] == 'http://example.com/' */
  g_assert_cmpstr (item (comments, 0)->comments, ==, "http://example.com/");
  /* feed['ttl'] == '60' */
  g_assert_cmpint (ttl->ttl, ==, 60);
  /* links[0] == {rel alternate, type application/xhtml+xml, href}, links[1] service.post */
  a = item (links, 0);
  g_assert_cmpuint (a->links->len, ==, 2);
  g_assert_cmpstr (link_at (a, 0)->rel, ==, "alternate");
  g_assert_cmpstr (link_at (a, 0)->type, ==, "application/xhtml+xml");
  g_assert_cmpstr (link_at (a, 0)->href, ==, "http://www.example.com/");
  g_assert_null (link_at (a, 0)->title);
  g_assert_cmpstr (link_at (a, 1)->rel, ==, "service.post");
  g_assert_cmpstr (link_at (a, 1)->type, ==, "application/atom+xml");
  g_assert_cmpstr (link_at (a, 1)->href, ==, "http://www.example.com/post");
  /* entries[0]['author_detail']['url'] == 'http://example.com/' */
  a = item (uri, 0);
  g_assert_cmpstr (person (a->authors, 0)->uri, ==, "http://example.com/");
  g_assert_cmpstr (person (a->authors, 0)->name, ==, "Example author");
  g_assert_cmpstr (person (a->authors, 0)->email, ==, "me@example.com");
  /* entries[0]['source']['title'] == 'Example Atom' */
  g_assert_cmpstr (item (atom_source, 0)->origin_title, ==, "Example Atom");
  /* feed['icon'] == 'http://example.com/favicon.ico' */
  g_assert_cmpstr (icon->icon, ==, "http://example.com/favicon.ico");
  /* feed['image']['href'] == 'http://example.com/logo.jpg' (Apple's DTDs/Podcast spelling) */
  g_assert_cmpstr (image->image_url, ==, "http://example.com/logo.jpg");
  /* entries[0]['language'] == 'en' */
  g_assert_cmpstr (item (lang, 0)->language, ==, "en");
}

/* feedparser files Vigil read wrongly before the conformance work of issue 16
 * (tests/fixtures/feedparser, copied under feedparser's licence): each
 * file's Expect: line, as far as Vigil models it. */
static void
test_feedparser_conformance_fixes (void)
{
  g_autoptr (VigilParsedFeed) iframe
      = parse_fixture ("feedparser/entry_content_iframe.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) comment
      = parse_fixture ("feedparser/xml_malicious_comment.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) unclosed
      = parse_fixture ("feedparser/xml_unclosed_comment.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) doctype
      = parse_fixture ("feedparser/xml_declaration_unexpected_character.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) body = parse_fixture ("feedparser/item_body_applet.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) source
      = parse_fixture ("feedparser/entry_source_link_multiple.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) contributors
      = parse_fixture ("feedparser/entry_contributor_multiple.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) scheme
      = parse_fixture ("feedparser/entry_category_scheme.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) itunes
      = parse_fixture ("feedparser/itunes_channel_category_nested.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) lang
      = parse_fixture ("feedparser/entry_content_xml_lang_inherit.xml", NULL, NULL);
  VigilItemDetail *d;
  VigilLink *l;
  VigilPerson *p;
  VigilCategory *c;

  /* content == 'safe <b>description</b>': an iframe's fallback text stays, the frame goes */
  g_assert_cmpstr (item (iframe, 0)->content, ==, "safe <b>description</b>");
  /* feed['title'] == 'safe': a comment never closed by --> ends at its '>' */
  g_assert_cmpstr (comment->title, ==, "safe");
  /* feed['title'] == 'safe': "<!--" at the end is a comment to the end */
  g_assert_cmpstr (unclosed->title, ==, "safe");
  /* feed['title'] == '&lt;!DOCTYPE ~' (HTML): the text "<!DOCTYPE ~", not "</html>" */
  g_assert_cmpstr (doctype->title, ==, "<!DOCTYPE ~");
  /* description == 'safe description': RSS <body> read, the applet and its code gone */
  g_assert_cmpstr (item (body, 0)->content, ==, "safe description");
  /* source.links[0] == {alternate, application/xhtml+xml, …}, [1] == {service.post, …} */
  d = vigil_parsed_item_detail (item (source, 0));
  g_assert_nonnull (d);
  g_assert_nonnull (d->source);
  g_assert_cmpuint (d->source->links->len, ==, 2);
  l = g_ptr_array_index (d->source->links, 0);
  g_assert_cmpstr (l->rel, ==, "alternate");
  g_assert_cmpstr (l->type, ==, "application/xhtml+xml");
  g_assert_cmpstr (l->href, ==, "http://www.example.com/");
  l = g_ptr_array_index (d->source->links, 1);
  g_assert_cmpstr (l->rel, ==, "service.post");
  g_assert_cmpstr (l->type, ==, "application/atom+xml");
  g_assert_cmpstr (l->href, ==, "http://www.example.com/post");
  g_assert_cmpstr (item (source, 0)->origin_url, ==, "http://www.example.com/");
  /* contributors[1] == {name Contributor 2, email you@example.com, href …two…} */
  g_assert_cmpuint (item (contributors, 0)->contributors->len, ==, 2);
  p = person (item (contributors, 0)->contributors, 1);
  g_assert_cmpstr (p->name, ==, "Contributor 2");
  g_assert_cmpstr (p->email, ==, "you@example.com");
  g_assert_cmpstr (p->uri, ==, "http://two.example.com/");
  /* tags[0].scheme == 'http://feedparser.org/tests/' (and its label) */
  d = vigil_parsed_item_detail (item (scheme, 0));
  g_assert_nonnull (d);
  g_assert_cmpuint (d->tags->len, ==, 1);
  c = g_ptr_array_index (d->tags, 0);
  g_assert_cmpstr (c->term, ==, "atom10");
  g_assert_cmpstr (c->scheme, ==, "http://feedparser.org/tests/");
  g_assert_cmpstr (c->label, ==, "Atom 1.0 tests");
  /* feed['tags'][1]['term'] == 'Gadgets' (an iTunes subcategory) */
  g_assert_cmpuint (itunes->tags->len, ==, 2);
  g_assert_cmpstr (((VigilCategory *) g_ptr_array_index (itunes->tags, 0))->term, ==, "Technology");
  g_assert_cmpstr (((VigilCategory *) g_ptr_array_index (itunes->tags, 1))->term, ==, "Gadgets");
  /* content[0].language == 'en': the feed's xml:lang, inherited */
  d = vigil_parsed_item_detail (item (lang, 0));
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
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = vigil_feed_parse (json, strlen (json), NULL, NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
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
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = vigil_feed_parse (rss, strlen (rss), NULL, NULL, &error);

  g_assert_no_error (error);
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
