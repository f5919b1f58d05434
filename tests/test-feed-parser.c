/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every format into one shape, from fixture files written by the team: RSS 0.90
 * to 2.0, RDF, Atom 0.3 and 1.0, JSON Feed, namespaces, character encodings. */
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>

#include "vigil-feed-parser.h"
#include "vigil-date.h"
#include "vigil-test-utils.h"
#include "test-feed-parser-common.h"

static VigilParsedFeed *
parse_demo (const char *name)
{
  g_autofree char *path = g_build_filename (DATA_DIR, "demo", name, NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;
  VigilParsedFeed *feed;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  feed = vigil_feed_parse (data, len, "https://demo.vigil.invalid/", NULL, &error);
  g_assert_no_error (error);
  return feed;
}

static void
test_demo_feeds (void)
{
  g_autoptr (VigilParsedFeed) rss = parse_demo ("iraq-desk.xml");
  g_autoptr (VigilParsedFeed) atom = parse_demo ("levant-wire.xml");
  g_autoptr (VigilParsedFeed) json = parse_demo ("humanitarian.json");

  g_assert_cmpstr (rss->format, ==, "rss20");
  g_assert_cmpstr (atom->format, ==, "atom10");
  g_assert_cmpstr (json->format, ==, "jsonfeed");
  g_assert_cmpuint (rss->items->len + atom->items->len + json->items->len, >=, 12);

  g_assert_cmpstr (item (rss, 0)->title, ==,
                   "US embassy in Baghdad draws down diplomats after rocket attacks");
  g_assert_cmpstr (item (rss, 0)->guid, ==, "demo-iraq-0001");
  g_assert_cmpstr (item (rss, 0)->author, ==, "Vigil Demo Wire");
  assert_date (item (rss, 0)->published, "2026-11-26T18:30:00Z");
  g_assert_nonnull (strstr (item (rss, 0)->content, "<em>Kataeb Hezbollah</em>"));
  g_assert_cmpuint (item (rss, 0)->categories->len, ==, 2);

  g_assert_cmpstr (atom->title, ==, "Levant & Gulf Wire (demo)");
  g_assert_cmpstr (atom->language, ==, "en");
  assert_date (item (atom, 0)->published, "2026-11-27T08:00:00Z");
  assert_date (item (atom, 0)->updated, "2026-11-27T08:10:00Z");
  g_assert_cmpstr (item (atom, 0)->author, ==, "Vigil Demo Wire");
  g_assert_nonnull (strstr (item (atom, 0)->content, "<p>Authorities in Kirkuk"));

  g_assert_cmpstr (item (json, 0)->link, ==,
                   "https://demo.vigil.invalid/humanitarian/duhok-floods");
  g_assert_cmpstr (item (json, 0)->author, ==, "Humanitarian desk");
  g_assert_cmpstr (item (json, 0)->summary, ==,
                   "<p>About 12,000 people evacuated after torrential rain in northern Iraq.</p>");
}

static void
test_rss091_latin1 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed
      = parse_fixture ("rss091.xml", "http://old.example.test/feed.rss", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->format, ==, "rss091u");
  g_assert_cmpstr (feed->title, ==, "Old Desk & Co");
  g_assert_cmpstr (feed->language, ==, "fr");
  g_assert_cmpstr (item (feed, 0)->title, ==, "Café bombé à Mossoul");
  g_assert_cmpstr (item (feed, 0)->link, ==,
                   "http://old.example.test/news/1");               /* relative resolved */
  g_assert_cmpstr (item (feed, 1)->title, ==, "Préfecture fermée"); /* raw Latin-1 bytes */
  g_assert_true (item (feed, 0)->date_is_first_seen);
}

static void
test_rss10_geo (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("rss10.rdf", NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
  g_assert_cmpstr (feed->format, ==, "rss10");
  a = item (feed, 0);
  g_assert_cmpstr (a->author, ==, "Field Reporter");
  assert_date (a->published, "2026-11-20T06:30:00Z");
  g_assert_true (a->has_geo);
  g_assert_cmpfloat_with_epsilon (a->lat, 35.47, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 44.39, 1e-9);
  g_assert_cmpstr (g_ptr_array_index (a->categories, 0), ==, "Security");
  g_assert_cmpstr (a->guid, ==, "https://rdf.example.test/a"); /* no id: the link */
}

/* Found by fuzz-feed: an item repeating geo:long leaked the longitudes after
 * the first. The first one counts (ASan's leak check runs over this). */
static void
test_rss10_geo_repeated (void)
{
  static const char rdf[]
      = "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
        " xmlns='http://purl.org/rss/1.0/' xmlns:geo='http://www.w3.org/2003/01/geo/wgs84_pos#'>"
        "<channel rdf:about='https://rdf.example.test/'><title>T</title></channel>"
        "<item rdf:about='https://rdf.example.test/a'><title>A</title>"
        "<geo:lat>35.47</geo:lat><geo:long>44.39</geo:long><geo:long>10.5</geo:long>"
        "<geo:long>11.5</geo:long></item></rdf:RDF>";
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed
      = vigil_feed_parse (rdf, sizeof rdf - 1, "https://rdf.example.test/feed", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (item (feed, 0)->has_geo);
  g_assert_cmpfloat_with_epsilon (item (feed, 0)->lat, 35.47, 1e-9);
  g_assert_cmpfloat_with_epsilon (item (feed, 0)->lon, 44.39, 1e-9);
}

static void
test_atom03 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("atom03.xml", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->format, ==, "atom03");
  g_assert_cmpstr (feed->subtitle, ==, "Legacy Atom");
  assert_date (item (feed, 0)->published, "2026-11-01T11:00:00Z");
  g_assert_cmpstr (item (feed, 0)->content, ==, "<p>Hello <b>world</b></p>");
}

static void
test_atom_xhtml_base (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed
      = parse_fixture ("atom-xhtml-base.xml", "https://other.example.test/x.xml", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->title, ==, "Bold desk"); /* markup in titles becomes text */
  g_assert_cmpstr (item (feed, 0)->link, ==, "https://base.example.test/section/story.html");
  g_assert_nonnull (
      strstr (item (feed, 0)->content, "href=\"https://base.example.test/section/more.html\""));
}

static void
test_no_dates_no_title (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("no-dates.xml", NULL, &error);

  g_assert_no_error (error);
  g_assert_null (item (feed, 0)->published);
  g_assert_true (item (feed, 0)->date_is_first_seen);
  g_assert_true (g_str_has_prefix (item (feed, 1)->title, "An item with no title"));
  g_assert_true (g_str_has_prefix (item (feed, 1)->guid, "sha1:"));
}

/* Items with neither id nor link (issue 16): the duplicate key is made from
 * their whole text, so two items that share a title are two keys, a title-
 * less item has one, and a feed read again (reordered, with an item more)
 * gives each item the key it had. */
static GPtrArray *
fallback_keys (const char *const *items, guint n)
{
  g_autoptr (GError) error = NULL;
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>No ids</title>");
  g_autoptr (VigilParsedFeed) feed = NULL;
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (xml, "<item>%s</item>", items[i]);
  g_string_append (xml, "</channel></rss>");
  feed = vigil_feed_parse (xml->str, xml->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (keys, g_strdup (item (feed, i)->guid));
  g_string_free (xml, TRUE);
  return keys;
}

static void
test_fallback_key (void)
{
  const char *items[] = {
    "<title>Rockets hit base</title><description>Two rockets hit the base.</description>",
    "<title>Rockets hit base</title><description>Three rockets hit the base.</description>",
    "<description>An item with no title and no link.</description>",
    "<title>Rockets hit base</title>",
  };
  const char *again[] = { items[3], items[1], "<title>A new item</title>", items[0], items[2] };
  g_autoptr (GPtrArray) first = fallback_keys (items, G_N_ELEMENTS (items));
  g_autoptr (GPtrArray) second = fallback_keys (again, G_N_ELEMENTS (again));

  for (guint i = 0; i < first->len; i++)
    {
      g_assert_nonnull (g_ptr_array_index (first, i));
      for (guint k = i + 1; k < first->len; k++)
        g_assert_cmpstr (g_ptr_array_index (first, i), !=, g_ptr_array_index (first, k));
    }
  /* Read again: each item its key. */
  g_assert_cmpstr (g_ptr_array_index (second, 0), ==, g_ptr_array_index (first, 3));
  g_assert_cmpstr (g_ptr_array_index (second, 1), ==, g_ptr_array_index (first, 1));
  g_assert_cmpstr (g_ptr_array_index (second, 3), ==, g_ptr_array_index (first, 0));
  g_assert_cmpstr (g_ptr_array_index (second, 4), ==, g_ptr_array_index (first, 2));
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (g_ptr_array_index (second, 2), !=, g_ptr_array_index (first, i));
}

/* UTF-16 without a byte order mark and UTF-32 with or without one (issue 16):
 * told from how the document starts, read whatever the declaration says. */
static void
test_wide_encodings (void)
{
  const char *xml = "<?xml version=\"1.0\" encoding=\"%s\"?><rss version=\"2.0\"><channel>"
                    "<title>Wide</title><item><title>Genève talks resume</title>"
                    "<link>https://wide.test/1</link></item></channel></rss>";
  const struct
  {
    const char *encoding, *declared, *bom;
    gsize bom_len;
  } cases[] = {
    { "UTF-16LE", "UTF-16", NULL, 0 },
    { "UTF-16BE", "UTF-16", NULL, 0 },
    { "UTF-32LE", "UTF-32", NULL, 0 },
    { "UTF-32BE", "UTF-32", NULL, 0 },
    { "UTF-32LE", "UTF-32", "\xFF\xFE\x00\x00", 4 },
    { "UTF-32BE", "UTF-32", "\x00\x00\xFE\xFF", 4 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = g_strdup_printf (xml, cases[i].declared);
      gsize len = 0;
      g_autofree char *wide = g_convert (text, -1, cases[i].encoding, "UTF-8", NULL, &len, NULL);
      g_autoptr (GByteArray) bytes = g_byte_array_new ();
      g_autoptr (VigilParsedFeed) feed = NULL;

      g_assert_nonnull (wide);
      if (cases[i].bom)
        g_byte_array_append (bytes, (const guint8 *) cases[i].bom, cases[i].bom_len);
      g_byte_array_append (bytes, (const guint8 *) wide, len);
      feed = vigil_feed_parse ((const char *) bytes->data, bytes->len, NULL, NULL, &error);
      g_test_message ("%s%s", cases[i].encoding, cases[i].bom ? " with BOM" : "");
      g_assert_no_error (error);
      g_assert_cmpuint (feed->items->len, ==, 1);
      g_assert_cmpstr (item (feed, 0)->title, ==, "Genève talks resume");
    }
  {
    /* Cut in the middle of a character: an error, no crash. */
    g_autoptr (GError) error = NULL;
    g_autoptr (VigilParsedFeed) feed
        = vigil_feed_parse ("\x3C\x00\x00\x00\x72\x00", 6, NULL, NULL, &error);
    g_assert_null (feed);
    g_assert_nonnull (error);
  }
}

/* Base64 text (issue 16): an Atom 0.3 title in mode="base64", Atom 1.0
 * content of a binary type that decodes to text; one that decodes to bytes
 * that are no text (an image) is no content. */
static void
test_atom_base64 (void)
{
  const char *old = "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry>"
                    "<title mode=\"base64\">\n  RXhhbXBsZSA8Yj5BdG9tPC9iPg==\n</title>"
                    "<id>a</id></entry></feed>";
  const char *atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>b</id><title>T</title>"
                     "<content type=\"application/octet-stream\">RXhhbXBsZSA8Yj5BdG9tPC9iPg=="
                     "</content></entry><entry><id>c</id><title>Image</title>"
                     "<content type=\"image/png\">iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAA"
                     "DUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==</content></entry></feed>";
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) a = vigil_feed_parse (old, strlen (old), NULL, NULL, &error);
  g_autoptr (VigilParsedFeed) b = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (item (a, 0)->title, ==, "Example <b>Atom</b>");
  b = vigil_feed_parse (atom, strlen (atom), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item (b, 0)->content, ==, "Example <b>Atom</b>");
  g_assert_true (item (b, 1)->content == NULL || strstr (item (b, 1)->content, "PNG") == NULL);
}

static void
test_rss_namespaces (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed
      = parse_fixture ("rss-namespaces.xml", "https://ns.example.test/feed", &error);
  VigilArticle *a;
  VigilEnclosure *enc;

  g_assert_no_error (error);
  a = item (feed, 0);
  g_assert_cmpstr (a->link, ==, "https://ns.example.test/atom-link");
  g_assert_cmpstr (a->guid, ==, "https://ns.example.test/guid");
  g_assert_cmpstr (a->summary, ==, "Short");
  g_assert_cmpstr (a->content, ==, "<p>Long <b>body</b></p>");
  g_assert_cmpuint (a->enclosures->len, ==, 2);
  enc = g_ptr_array_index (a->enclosures, 0);
  g_assert_cmpstr (enc->url, ==, "https://ns.example.test/audio.mp3");
  g_assert_cmpstr (enc->type, ==, "audio/mpeg");
  g_assert_cmpint (enc->length, ==, 12345);
  enc = g_ptr_array_index (a->enclosures, 1);
  g_assert_cmpstr (enc->type, ==, "image");
  g_assert_cmpint (enc->length, ==, 999);
  g_assert_true (a->has_geo);
  g_assert_cmpfloat_with_epsilon (a->lat, 33.31, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, 44.37, 1e-9);
}

static void
test_jsonfeed_attachments (void)
{
  const char *json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\","
                     "\"home_page_url\":\"https://j.example.test/\",\"items\":[{\"id\":7,"
                     "\"content_text\":\"a < b\",\"attachments\":[{\"url\":\"/f.pdf\","
                     "\"mime_type\":\"application/pdf\",\"size_in_bytes\":42},{\"nourl\":1}]}]}";
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = vigil_feed_parse (json, strlen (json), NULL, NULL, &error);
  VigilEnclosure *enc;

  g_assert_no_error (error);
  g_assert_cmpstr (item (feed, 0)->guid, ==, "7");
  g_assert_cmpstr (item (feed, 0)->content, ==, "<p>a &lt; b</p>");
  g_assert_cmpuint (item (feed, 0)->enclosures->len, ==, 1);
  enc = g_ptr_array_index (item (feed, 0)->enclosures, 0);
  g_assert_cmpstr (enc->url, ==, "https://j.example.test/f.pdf");
  g_assert_cmpint (enc->length, ==, 42);
}

static void
test_encodings (void)
{
  g_autoptr (VigilParsedFeed) latin1 = parse_fixture_charset ("cp1252-declared-latin1.xml", NULL);
  g_autoptr (VigilParsedFeed) utf8 = parse_fixture_charset ("cp1252-declared-utf8.xml", NULL);
  g_autoptr (VigilParsedFeed) http
      = parse_fixture_charset ("no-declaration-latin1.xml", "ISO-8859-1");
  g_autoptr (VigilParsedFeed) utf16 = parse_fixture_charset ("utf16-bom.xml", "ISO-8859-1");

  /* Latin-1 labels are read as windows-1252: curly quotes and dashes survive. */
  g_assert_cmpstr (item (latin1, 0)->title, ==, "“Quoted” – café");
  g_assert_false (latin1->recovered);
  /* Claims UTF-8, is windows-1252: read as such and flagged. */
  g_assert_cmpstr (item (utf8, 0)->title, ==, "Café “chaud”");
  g_assert_true (utf8->recovered);
  /* No declaration: the HTTP charset decides. */
  g_assert_cmpstr (http->title, ==, "Sans déclaration");
  /* A BOM beats the HTTP charset. */
  g_assert_cmpstr (utf16->title, ==, "UTF-16 عنوان");
  g_assert_cmpstr (item (utf16, 0)->title, ==, "بغداد");
}

static void
test_html_entities (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_fixture_charset ("html-entities.xml", NULL);

  g_assert_true (feed->recovered);
  g_assert_cmpstr (feed->title, ==, "Entities\u00a0—\u00a0test");
  g_assert_cmpstr (item (feed, 0)->title, ==, "Café & crème ©");
  g_assert_cmpstr (item (feed, 0)->summary, ==, "Line\u00a0one");
}

static void
test_rss090 (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_fixture_charset ("rss090.rdf", NULL);

  g_assert_cmpstr (feed->format, ==, "rss090");
  g_assert_cmpstr (feed->title, ==, "Mozilla Dot Org");
  g_assert_cmpstr (item (feed, 0)->link, ==, "http://www.mozilla.org/status/");
}

static void
test_gdelt (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("gdelt.json", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (feed->format, ==, "gdelt");
  g_assert_cmpstr (item (feed, 0)->title, ==, "Rocket attack reported near Baghdad airport");
  assert_date (item (feed, 0)->published, "2023-09-18T03:15:00Z");
}

static void
test_json_output (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_demo ("iraq-desk.xml");
  g_autofree char *json = vigil_parsed_feed_to_json (feed, FALSE);

  g_assert_true (g_str_has_prefix (json, "{\"format\":\"rss20\",\"recovered\":false,\"feed\":{"
                                         "\"title\":\"Iraq Security Desk (demo)\""));
  g_assert_nonnull (strstr (json, "\"published\":\"2026-11-26T18:30:00Z\""));
  g_assert_nonnull (strstr (json, "\"lat\":null"));
}

/* RSS in the UserLand namespaces (by default and with a prefix), an element
 * of the same name in another namespace ignored. */
static void
test_rss_in_namespace (void)
{
  g_autoptr (VigilParsedFeed) ours = parse_fixture ("rss-userland-ns.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) dflt = parse_fixture ("feedparser/rss_namespace_1.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) clash
      = parse_fixture ("feedparser/rss2.0NSwithModulesNoDefNSLocalNameClash.xml", NULL, NULL);

  g_assert_cmpstr (ours->format, ==, "rss20");
  g_assert_cmpstr (ours->title, ==, "Namespaced RSS");
  g_assert_cmpstr (ours->link, ==, "https://userland.example.test/");
  g_assert_cmpuint (ours->items->len, ==, 1);
  g_assert_cmpstr (item (ours, 0)->title, ==, "Namespaced item");
  g_assert_cmpstr (item (ours, 0)->summary, ==, "The right description");
  g_assert_false (ours->recovered);
  g_assert_cmpstr (dflt->subtitle, ==, "Example description");
  g_assert_cmpuint (clash->items->len, ==, 1);
  g_assert_cmpstr (item (clash, 0)->summary, ==, "correct description");
  g_assert_cmpstr (item (clash, 0)->title, ==,
                   "Test Item - RSS2.0 w/ NS, no default NS, localName clash");
}

static void
test_item_outside_channel (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("item-outside-channel.xml", NULL, NULL);

  g_assert_cmpstr (feed->title, ==, "Items outside");
  g_assert_cmpuint (feed->items->len, ==, 2);
  g_assert_cmpstr (item (feed, 0)->title, ==, "Outside one");
  g_assert_cmpstr (item (feed, 1)->link, ==, "https://outside.example.test/2");
}

/* Atom without the Atom namespace, and Atom 0.3 in a pre-release namespace. */
static void
test_atom_without_namespace (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("atom-no-namespace.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) pie = parse_fixture ("feedparser/atom_namespace_5.xml", NULL, NULL);

  g_assert_cmpstr (feed->format, ==, "atom");
  g_assert_cmpstr (feed->title, ==, "Atom without its namespace");
  g_assert_cmpstr (feed->link, ==, "https://nons.example.test/");
  g_assert_cmpuint (feed->items->len, ==, 1);
  g_assert_cmpstr (item (feed, 0)->title, ==, "Entry without namespace");
  g_assert_cmpstr (item (feed, 0)->link, ==, "https://nons.example.test/1");
  g_assert_cmpstr (item (feed, 0)->guid, ==, "tag:nons.example.test,2026:1");
  assert_date (item (feed, 0)->updated, "2026-03-01T10:00:00Z");
  g_assert_cmpstr (item (feed, 0)->summary, ==, "<p>Read all the same</p>");
  g_assert_cmpstr (pie->format, ==, "atom03");
  g_assert_cmpstr (pie->title, ==, "Example Atom");
}

/* The RSS version as feedparser names it. */
static void
test_rss_versions (void)
{
  static const struct
  {
    const char *doc;
    const char *format;
  } cases[] = {
    { "<rss version=\"0.91\"><channel/></rss>", "rss091u" },
    { "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
      "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">"
      "<rss version=\"0.91\"><channel/></rss>",
      "rss091n" },
    { "<rss version=\"0.92\"><channel/></rss>", "rss092" },
    { "<rss version=\"0.93\"><channel/></rss>", "rss093" },
    { "<rss version=\"0.94\"><channel/></rss>", "rss094" },
    { "<rss version=\"2.0\"><channel/></rss>", "rss20" },
    { "<rss version=\"2.01\"><channel/></rss>", "rss20" },
    { "<rss><channel/></rss>", "rss" },
    { "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\"><channel/></rdf:RDF>",
      "rss10" },
  };
  g_autoptr (VigilParsedFeed) n091
      = parse_fixture ("feedparser/rss_version_091_netscape.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) r090 = parse_fixture ("feedparser/rss_version_090.xml", NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilParsedFeed) feed = parse_string (cases[i].doc);
      g_assert_cmpstr (feed->format, ==, cases[i].format);
    }
  g_assert_cmpstr (n091->format, ==, "rss091n");
  g_assert_cmpstr (r090->format, ==, "rss090");
}

/* en_US is the language tag en-US. */
static void
test_language_tag (void)
{
  g_autoptr (VigilParsedFeed) atom
      = parse_fixture ("feedparser/feed_xml_lang_underscore.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) rss
      = parse_string ("<rss version=\"2.0\"><channel><language>pt_BR</language></channel></rss>");
  g_autoptr (VigilParsedFeed) plain
      = parse_string ("<rss version=\"2.0\"><channel><language>fr</language></channel></rss>");

  g_assert_cmpstr (atom->language, ==, "en-US");
  g_assert_cmpstr (rss->language, ==, "pt-BR");
  g_assert_cmpstr (plain->language, ==, "fr");
  {
    const char *json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\","
                       "\"language\":\"en_GB\",\"items\":[]}";
    g_autoptr (VigilParsedFeed) jf = parse_string (json);
    g_assert_cmpstr (jf->language, ==, "en-GB");
  }
}

/* dc:title, dc:description and the dcterms dates stand in for missing RSS
 * elements, never over the native ones. */
static void
test_dublin_core (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("rss-dublin-core.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) title = parse_fixture ("feedparser/item_dc_title.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) issued
      = parse_fixture ("feedparser/item_dcterms_issued_parsed.xml", NULL, NULL);
  VigilArticle *a;

  g_assert_cmpstr (feed->title, ==, "Dublin Core desk");
  g_assert_cmpstr (feed->subtitle, ==, "Channel told in Dublin Core");
  assert_date (feed->updated, "2026-02-01T08:00:00Z");
  a = item (feed, 0);
  g_assert_cmpstr (a->title, ==, "DC title");
  g_assert_cmpstr (a->summary, ==, "DC description");
  assert_date (a->published, "2026-02-02T09:00:00Z");
  assert_date (a->updated, "2026-02-03T10:00:00Z");
  a = item (feed, 1);
  g_assert_cmpstr (a->title, ==, "Native title");
  g_assert_cmpstr (a->summary, ==, "Native description");
  assert_date (a->published, "2026-02-04T11:00:00Z");
  a = item (feed, 2);
  assert_date (a->published, "2026-02-05T12:00:00Z");
  g_assert_false (a->date_is_first_seen);
  g_assert_cmpstr (a->author, ==, "Desk editor");
  g_assert_cmpstr (item (title, 0)->title, ==, "Example title");
  {
    /* An empty native title is no title. */
    g_autoptr (VigilParsedFeed) empty = parse_string (
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
        "<title></title><dc:title>Channel</dc:title>"
        "<item><title/><dc:title>Item</dc:title></item></channel></rss>");
    g_assert_cmpstr (empty->title, ==, "Channel");
    g_assert_cmpstr (item (empty, 0)->title, ==, "Item");
  }
  assert_date (item (issued, 0)->published, "2003-12-31T10:14:55Z");
}

/* A title keeps its words: escaped markup goes, a '<' that opens no HTML tag
 * stays in an RSS title (plain text by the spec), and so does an '&'. */
static void
test_title_text (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_string (
      "<rss version=\"2.0\"><channel><title>History of the &lt;blink&gt; tag</title>"
      "<item><title>A &lt;b&gt;bold&lt;/b&gt; move &amp; more</title></item>"
      "<item><title>1 &lt; 2 &amp;&amp; 3 &gt; 2</title></item>"
      "<item><title>&lt;i&gt;Le Monde&lt;/i&gt; &lt;unknown attr=\"x\"&gt;</title></item>"
      "</channel></rss>");

  g_assert_cmpstr (feed->title, ==, "History of the <blink> tag");
  g_assert_cmpstr (item (feed, 0)->title, ==, "A bold move & more");
  g_assert_cmpstr (item (feed, 1)->title, ==, "1 < 2 && 3 > 2");
  g_assert_cmpstr (item (feed, 2)->title, ==, "Le Monde <unknown attr=\"x\">");

  {
    g_autoptr (VigilParsedFeed) atom = parse_string (
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"xhtml\">"
        "<div xmlns=\"http://www.w3.org/1999/xhtml\">History of the &lt;blink&gt; "
        "<b>tag</b></div></title>"
        "<entry><title type=\"html\">History of the &amp;lt;blink&amp;gt; tag</title></entry>"
        "<entry><title type=\"html\">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; "
        "&lt;blink&gt;it&lt;/blink&gt;</title></entry>"
        "</feed>");
    g_assert_cmpstr (atom->title, ==, "History of the <blink> tag");
    g_assert_cmpstr (item (atom, 0)->title, ==, "History of the <blink> tag");
    /* Declared HTML: <blink> is an element there, dropped, its text kept. */
    g_assert_cmpstr (item (atom, 1)->title, ==, "Bold & it");
  }
}

/* RSS 1.0 items are named by rdf:about when they have no other id. */
static void
test_rdf_about_id (void)
{
  g_autoptr (VigilParsedFeed) feed = parse_string (
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"https://r.example.test/\">"
      "<title>R</title></channel>"
      "<item rdf:about=\"urn:r:1\"><title>One</title><link>https://r.example.test/1</link></item>"
      "<item><title>Two</title><link>https://r.example.test/2</link></item></rdf:RDF>");

  g_assert_cmpstr (item (feed, 0)->guid, ==, "urn:r:1");
  g_assert_cmpstr (item (feed, 1)->guid, ==, "https://r.example.test/2");
}

/* The response's Content-Location (given by the caller as the base) and the
 * document's own xml:base, relative to it. */
static void
test_base_content_location (void)
{
  const char *xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"sub/\"><title>B</title>"
                    "<entry><title>E</title><link href=\"a.html\"/>"
                    "<author><name>N</name><uri>/n</uri></author></entry></feed>";
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed
      = vigil_feed_parse (xml, strlen (xml), "https://cl.example.test/dir/feed.xml", NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
  a = item (feed, 0);
  g_assert_cmpstr (a->link, ==, "https://cl.example.test/dir/sub/a.html");
  g_assert_cmpstr (link_at (a, 0)->href, ==, a->link);
  g_assert_cmpstr (person (a->authors, 0)->uri, ==, "https://cl.example.test/n");
}

/* Podcast and GML spellings met in the wild: <itunes:image url>, the older
 * <itunes:link rel="image">, a podcast's itunes:subtitle as its description,
 * srsDimension on the geometry, an Atom title sent in base64 under a media type. */
static void
test_feed_variants (void)
{
  g_autoptr (VigilParsedFeed) url = parse_string (
      "<rss xmlns:itunes=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\"><channel><title>P</title>"
      "<itunes:image url=\"https://p.example.test/i.png\"/>"
      "<itunes:subtitle>Weekly &amp; short</itunes:subtitle>"
      "<item><title>E</title><itunes:image url=\"https://p.example.test/e.png\"/></item>"
      "</channel></rss>");
  g_autoptr (VigilParsedFeed) link = parse_string (
      "<rss xmlns:itunes=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\"><channel><title>P</title>"
      "<itunes:link rel=\"alternate\" href=\"https://p.example.test/no.png\"/>"
      "<itunes:link rel=\"image\" href=\"https://p.example.test/logo.jpg\"/></channel></rss>");
  g_autoptr (VigilParsedFeed) gml = parse_string (
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:georss=\"http://www.georss.org/georss\" "
      "xmlns:gml=\"http://www.opengis.net/gml\"><entry><title type=\"application/octet-stream\">"
      "RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title><georss:where><gml:Point srsDimension=\"3\">"
      "<gml:pos>42.3453 -156.2342 45</gml:pos></gml:Point></georss:where></entry></feed>");
  VigilArticle *a;

  g_autoptr (VigilParsedFeed) categories = parse_string (
      "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss\" "
      "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel><title>C</title>"
      "<item><title>E</title><category>News</category><media:category>cat1</media:category>"
      "<itunes:category text=\"Technology\"><itunes:category text=\"Gadgets\"/>"
      "</itunes:category><media:thumbnail url=\"https://p.example.test/t.jpg\"/></item>"
      "</channel></rss>");

  g_autoptr (VigilParsedFeed) text_links = parse_string (
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
      "<link rel=\"enclosure\" type=\"audio/mpeg\">https://p.example.test/e.mp3</link>"
      "<link rel=\"alternate\" type=\"text/html\">https://p.example.test/a</link>"
      "<link rel=\"related\" href=\"\"/></entry></feed>");

  g_autoptr (VigilParsedFeed) bodies
      = parse_string ("<rss version=\"2.0\"><channel><title>B</title>"
                      "<item><title>X</title><body xmlns=\"http://www.w3.org/1999/xhtml\"><p>Whole "
                      "<b>story</b></p><script>alert(1)</script></body></item>"
                      "<item><title>F</title><fullitem>&lt;p&gt;Full&lt;/p&gt;&lt;img src=x "
                      "onerror=alert(1)&gt;</fullitem></item></channel></rss>");

  /* <xhtml:body> and <fullitem> are the item's content, sanitised. */
  g_assert_cmpstr (item (bodies, 0)->content, ==, "<p>Whole <b>story</b></p>");
  g_assert_true (g_str_has_prefix (item (bodies, 1)->content, "<p>Full</p>"));
  g_assert_null (strstr (item (bodies, 1)->content, "onerror"));
  /* An Atom link whose address is its text. */
  a = item (text_links, 0);
  g_assert_cmpstr (a->link, ==, "https://p.example.test/a");
  g_assert_cmpuint (a->links->len, ==, 2);
  g_assert_cmpstr (enclosure (a, 0)->url, ==, "https://p.example.test/e.mp3");
  g_assert_cmpstr (enclosure (a, 0)->type, ==, "audio/mpeg");
  /* Media RSS's namespace without its final slash; its categories and iTunes'
   * (nested) are categories. */
  a = item (categories, 0);
  g_assert_cmpuint (a->categories->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (a->categories, 0), ==, "News");
  g_assert_cmpstr (g_ptr_array_index (a->categories, 1), ==, "cat1");
  g_assert_cmpstr (g_ptr_array_index (a->categories, 2), ==, "Technology");
  g_assert_cmpstr (g_ptr_array_index (a->categories, 3), ==, "Gadgets");
  g_assert_cmpstr (a->thumbnail, ==, "https://p.example.test/t.jpg");
  g_assert_cmpstr (url->image_url, ==, "https://p.example.test/i.png");
  g_assert_cmpstr (url->subtitle, ==, "Weekly & short");
  g_assert_cmpstr (item (url, 0)->thumbnail, ==, "https://p.example.test/e.png");
  g_assert_cmpstr (link->image_url, ==, "https://p.example.test/logo.jpg");
  a = item (gml, 0);
  g_assert_cmpstr (a->title, ==, "Example Atom");
  g_assert_true (a->has_geo);
  g_assert_cmpfloat_with_epsilon (a->lat, 42.3453, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->lon, -156.2342, 1e-9);
}

/* The outlet an aggregator appends to a title is cut only when it is the
 * item's own origin, after a separator, and never leaves an empty title. */
static void
test_origin_suffix (void)
{
  static const struct
  {
    const char *title, *origin, *expected;
    gboolean cut;
  } cases[] = {
    { "Rockets hit Erbil - Reuters", "Reuters", "Rockets hit Erbil", TRUE },
    { "Rockets hit Erbil \u2014 Al Jazeera English", "Al Jazeera English", "Rockets hit Erbil",
      TRUE },
    { "Rockets hit Erbil | REUTERS", "Reuters", "Rockets hit Erbil", TRUE },
    { "Rockets hit Erbil - AP", "Reuters", "Rockets hit Erbil - AP", FALSE },
    { "Reuters", "Reuters", "Reuters", FALSE },
    { " - Reuters", "Reuters", " - Reuters", FALSE },
    { "Interview with Reuters", "Reuters", "Interview with Reuters", FALSE },
    { "Rockets hit Erbil - Reuters", NULL, "Rockets hit Erbil - Reuters", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilArticle) a = vigil_article_new ();

      a->title = g_strdup (cases[i].title);
      a->origin_title = g_strdup (cases[i].origin);
      g_assert_cmpint (vigil_article_strip_origin_suffix (a), ==, cases[i].cut);
      g_assert_cmpstr (a->title, ==, cases[i].expected);
    }
}

/* Long texts (escaped HTML, CDATA) are read before libxml2 reads the rest and
 * put back in its tree (vigil-feed-lift.c): every item reads as it does when
 * libxml2 reads them itself, which the mark character anywhere in a document
 * (here in a comment) makes it do. */
static void
test_lifted_texts (void)
{
  static const char *const bodies[] = {
    "<title>Plain title</title><description>&lt;p&gt;Escaped &amp;amp; &quot;quoted&quot; "
    "&apos;text&apos; &#233;&#x263A; &#x1F600; caf\xC3\xA9&lt;/p&gt;</description>",
    "<title><![CDATA[A CDATA title with &amp; kept as written, long enough]]></title>"
    "<description>  before <![CDATA[<p>CDATA <b>body</b> with ]] brackets and more</p>]]> "
    "after &lt;i&gt;escaped text after it&lt;/i&gt;</description>",
    "<title>CR in CDATA</title><description><![CDATA[line one\r\nline two\rline three and "
    "more]]></description>",
    "<title>Refused reference in a long text &nbsp; here</title>"
    "<description>&lt;p&gt;text of the second kind, long enough&lt;/p&gt;</description>",
    "<title>Brackets in text ]] here &amp; there, long enough to lift</title>"
    "<description><![CDATA[]]></description>",
    "<title>Bad character reference &#1; in a long enough text</title>",
    "<title>Text then CDATA</title><description>&lt;b&gt;one&lt;/b&gt; and more words"
    "<![CDATA[<i>two</i> and more words again]]>&lt;u&gt;three&lt;/u&gt; and more "
    "words</description><content:encoded><![CDATA[<p>full body, long enough</p>]]>"
    "</content:encoded>",
    "<title>Greater-than ]]&gt; escaped in a long enough text</title>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    for (guint n_items = 1; n_items <= 2; n_items++)
      {
        g_autoptr (GString) doc
            = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
                            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
                            "<title>Lifted &amp; not lifted, a channel title</title>");
        g_autofree char *plain = NULL;
        g_autoptr (VigilParsedFeed) a = NULL;
        g_autoptr (VigilParsedFeed) b = NULL;
        g_autoptr (GError) error_a = NULL;
        g_autoptr (GError) error_b = NULL;

        for (guint k = 0; k < n_items; k++)
          g_string_append_printf (doc, "<item><guid>id-%u</guid>%s</item>\n", k, bodies[i]);
        g_string_append (doc, "</channel></rss>\n");
        a = vigil_feed_parse (doc->str, doc->len, "https://lift.test/", NULL, &error_a);
        plain = g_strconcat (doc->str, "<!-- \xEE\x80\x80 -->\n", NULL);
        b = vigil_feed_parse (plain, strlen (plain), "https://lift.test/", NULL, &error_b);
        g_assert_true ((a == NULL) == (b == NULL));
        if (a == NULL)
          {
            g_assert_cmpstr (error_a->message, ==, error_b->message);
            continue;
          }
        g_assert_cmpstr (a->title, ==, b->title);
        g_assert_cmpint (a->recovered, ==, b->recovered);
        g_assert_cmpuint (a->items->len, ==, b->items->len);
        for (guint k = 0; k < a->items->len; k++)
          {
            g_assert_cmpstr (item (a, k)->title, ==, item (b, k)->title);
            g_assert_cmpstr (item (a, k)->summary, ==, item (b, k)->summary);
            g_assert_cmpstr (item (a, k)->content, ==, item (b, k)->content);
            g_assert_cmpstr (item (a, k)->guid, ==, item (b, k)->guid);
          }
      }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feed/demo-feeds", test_demo_feeds);
  g_test_add_func ("/feed/rss091-latin1", test_rss091_latin1);
  g_test_add_func ("/feed/rss10-geo", test_rss10_geo);
  g_test_add_func ("/feed/rss10-geo-repeated", test_rss10_geo_repeated);
  g_test_add_func ("/feed/atom03", test_atom03);
  g_test_add_func ("/feed/atom-xhtml-base", test_atom_xhtml_base);
  g_test_add_func ("/feed/no-dates-no-title", test_no_dates_no_title);
  g_test_add_func ("/feed/fallback-key", test_fallback_key);
  g_test_add_func ("/feed/wide-encodings", test_wide_encodings);
  g_test_add_func ("/feed/atom-base64", test_atom_base64);
  g_test_add_func ("/feed/rss-namespaces", test_rss_namespaces);
  g_test_add_func ("/feed/jsonfeed-attachments", test_jsonfeed_attachments);
  g_test_add_func ("/feed/gdelt", test_gdelt);
  g_test_add_func ("/feed/encodings", test_encodings);
  g_test_add_func ("/feed/html-entities", test_html_entities);
  g_test_add_func ("/feed/rss090", test_rss090);
  g_test_add_func ("/feed/json-output", test_json_output);
  g_test_add_func ("/feed/rss-in-namespace", test_rss_in_namespace);
  g_test_add_func ("/feed/item-outside-channel", test_item_outside_channel);
  g_test_add_func ("/feed/atom-without-namespace", test_atom_without_namespace);
  g_test_add_func ("/feed/rss-versions", test_rss_versions);
  g_test_add_func ("/feed/language-tag", test_language_tag);
  g_test_add_func ("/feed/dublin-core", test_dublin_core);
  g_test_add_func ("/feed/title-text", test_title_text);
  g_test_add_func ("/feed/rdf-about-id", test_rdf_about_id);
  g_test_add_func ("/feed/base-content-location", test_base_content_location);
  g_test_add_func ("/feed/feed-variants", test_feed_variants);
  g_test_add_func ("/feed/origin-suffix", test_origin_suffix);
  g_test_add_func ("/feed/lifted-texts", test_lifted_texts);
  return g_test_run ();
}
