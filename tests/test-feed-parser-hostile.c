/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The feed parser against hostile and broken input: entity attacks, exhaustion,
 * documents nested too deep, trailing data, ill-formed items recovered, errors. */
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>

#include "vigil-feed-parser.h"
#include "vigil-date.h"
#include "vigil-test-utils.h"
#include "test-feed-parser-common.h"

static void
test_hostile (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("hostile.xml", NULL, &error);
  VigilArticle *a;

  g_assert_no_error (error);
  a = item (feed, 0);
  g_assert_cmpstr (a->title, ==, "Innocent headline");
  g_assert_null (strstr (a->summary, "script"));
  g_assert_null (strstr (a->summary, "onclick"));
  g_assert_null (strstr (a->summary, "javascript"));
  g_assert_null (strstr (a->summary, "iframe"));
  g_assert_null (strstr (a->summary, "<mark"));
  g_assert_null (strstr (a->summary, "style"));
  g_assert_nonnull (strstr (
      a->summary, "<a href=\"https://ok.example.test/\" rel=\"noopener noreferrer\">good</a>"));
}

static void
test_malformed_recovered (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("malformed.xml", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (feed->recovered);
  g_assert_cmpuint (feed->items->len, ==, 1);
  g_assert_cmpstr (item (feed, 0)->link, ==, "https://broken.example.test/1");
}

static void
test_entity_attacks (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) laughs = NULL;
  g_autoptr (VigilParsedFeed) xxe = parse_fixture_charset ("xxe.xml", NULL);

  /* External entities are never loaded. */
  g_assert_cmpstr (xxe->title, ==, "XXE");
  g_assert_cmpstr (item (xxe, 0)->title, ==, "xy");

  /* A billion laughs ends: either refused or read without expansion. (No
   * wall-clock limits in this file: valgrind and a loaded machine fail them;
   * an expansion or a quadratic pass would reach meson's timeout, and the
   * times are said with g_test_message.) */
  laughs = parse_fixture ("billion-laughs.xml", NULL, &error);
  if (laughs != NULL)
    {
      g_assert_cmpuint (strlen (laughs->title), <, 100);
      for (guint i = 0; i < laughs->items->len; i++)
        g_assert_cmpuint (strlen (item (laughs, i)->title), <, 100);
    }
  else
    g_assert_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED);
}

static long
peak_rss_kib (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* XML built to exhaust the parser: a 32 MiB attribute value and elements
 * nested 100,000 deep (in the XML and in an item's escaped HTML). Each ends
 * in bounded time and memory, read or refused with a clear error. */
static void
test_xml_exhaustion (void)
{
  const gsize huge = 32 * 1024 * 1024;
  const guint depth = 100000;
  g_autoptr (GString) feed = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) parsed = NULL;
  gint64 start;
  long rss_before;

  /* A huge attribute value. */
  g_string_append (feed, "<rss version=\"2.0\"><channel><title>Huge</title><item><title>A</title>"
                         "<enclosure type=\"audio/mpeg\" length=\"1\" url=\"https://x.test/");
  for (gsize i = 0; i < huge; i++)
    g_string_append_c (feed, 'a');
  g_string_append (feed, "\"/></item><item><title>B</title></item></channel></rss>");
  rss_before = peak_rss_kib ();
  start = g_get_monotonic_time ();
  parsed = vigil_feed_parse (feed->str, feed->len, NULL, NULL, &error);
  g_test_message ("huge attribute: %.2f s, peak RSS +%ld MiB, %s",
                  (g_get_monotonic_time () - start) / 1e6, (peak_rss_kib () - rss_before) / 1024,
                  parsed ? "read" : error->message);
  g_assert_cmpint (peak_rss_kib () - rss_before, <, 512 * 1024);
  if (parsed == NULL)
    g_assert_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED);
  g_clear_pointer (&parsed, vigil_parsed_feed_free);
  g_clear_error (&error);

  /* Elements nested 100,000 deep inside an item. */
  g_string_truncate (feed, 0);
  g_string_append (feed, "<rss version=\"2.0\"><channel><title>Deep</title><item><title>T</title>");
  for (guint i = 0; i < depth; i++)
    g_string_append (feed, "<x>");
  for (guint i = 0; i < depth; i++)
    g_string_append (feed, "</x>");
  g_string_append (feed, "</item></channel></rss>");
  start = g_get_monotonic_time ();
  parsed = vigil_feed_parse (feed->str, feed->len, NULL, NULL, &error);
  g_test_message ("deep XML: %.2f s, %s", (g_get_monotonic_time () - start) / 1e6,
                  parsed ? "read" : error->message);
  if (parsed == NULL)
    g_assert_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED);
  g_clear_pointer (&parsed, vigil_parsed_feed_free);
  g_clear_error (&error);

  /* HTML nested 100,000 deep in an item's description. */
  g_string_truncate (feed, 0);
  g_string_append (feed,
                   "<rss version=\"2.0\"><channel><title>Deep HTML</title><item><title>H</title>"
                   "<description>");
  for (guint i = 0; i < depth; i++)
    g_string_append (feed, "&lt;div&gt;&lt;b&gt;");
  g_string_append (feed, "bottom</description></item></channel></rss>");
  start = g_get_monotonic_time ();
  parsed = vigil_feed_parse (feed->str, feed->len, NULL, NULL, &error);
  g_test_message ("deep HTML: %.2f s, %s", (g_get_monotonic_time () - start) / 1e6,
                  parsed ? "read" : error->message);
  g_assert_nonnull (parsed);
  g_assert_cmpuint (parsed->items->len, ==, 1);
}

static void
test_errors (void)
{
  static const struct
  {
    const char *data;
    int code;
  } cases[] = {
    { "", VIGIL_FEED_ERROR_EMPTY },
    { "{\"version\": 1", VIGIL_FEED_ERROR_MALFORMED },
    { "hello world", VIGIL_FEED_ERROR_NOT_A_FEED },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) html = parse_fixture ("not-a-feed.html", NULL, &error);

  g_assert_null (html);
  g_assert_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_NOT_A_FEED);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (VigilParsedFeed) f
          = vigil_feed_parse (cases[i].data, strlen (cases[i].data), NULL, NULL, &e);

      g_test_message ("\"%s\"", cases[i].data);
      g_assert_null (f);
      g_assert_error (e, VIGIL_FEED_ERROR, cases[i].code);
    }
}

/* A JSON Feed whose one item holds an "extra" member of depth nested arrays,
 * and a title of brackets (text, not structure). */
static char *
deep_jsonfeed (guint depth)
{
  GString *s = g_string_new ("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Deep\","
                             "\"items\":[{\"id\":\"1\",\"title\":\"");
  vigil_test_append_repeated (s, "[{\\\"", 1000);
  g_string_append (s, "\",\"content_text\":\"x\",\"extra\":");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "}]}");
  return g_string_free (s, FALSE);
}

static void
test_json_too_deep (void)
{
  g_autofree char *deep = deep_jsonfeed (100000);
  g_autofree char *fine = deep_jsonfeed (200);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) refused
      = vigil_feed_parse (deep, strlen (deep), "https://deep.example.test/", NULL, &error);
  g_autoptr (VigilParsedFeed) parsed = NULL;

  /* Refused before json-glib recurses 100,000 times (it crashed at start). */
  g_assert_null (refused);
  g_assert_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "nests too deeply"));
  g_clear_error (&error);

  /* Depth below the limit, and brackets inside strings, are no reason to refuse. */
  parsed = vigil_feed_parse (fine, strlen (fine), "https://deep.example.test/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->items->len, ==, 1);
  g_assert_true (g_str_has_prefix (item (parsed, 0)->title, "[{\"[{\""));
}

static void
test_json_trailing (void)
{
  /* json-glib 1.6 takes a second document after the first and leaks it. */
  const char *two
      = "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"A\",\"items\":[]}\n"
        "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"x\"}]}";
  const char *spaced
      = "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"}\",\"items\":[]}\n \t\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) refused = vigil_feed_parse (two, strlen (two), NULL, NULL, &error);
  g_autoptr (VigilParsedFeed) parsed = NULL;

  g_assert_null (refused);
  g_assert_error (error, VIGIL_FEED_ERROR, VIGIL_FEED_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "more after the end"));
  g_clear_error (&error);
  parsed = vigil_feed_parse (spaced, strlen (spaced), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->title, ==, "}");
}

/* Atom XHTML content nested deeper than libxml2's tree allows (256): the text
 * inside it, and the entries after it, are still read. A publisher cannot hide
 * an alarming sentence (or the rest of its feed) behind 300 <span>s. */
static void
test_atom_xhtml_deep (void)
{
  g_autoptr (GString) feed = g_string_new (
      "<?xml version=\"1.0\"?><!-- deep --><feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<title>Deep</title><entry><id>e1</id><title>First</title>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Before.</p>");
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) parsed = NULL;
  VigilArticle *a;

  for (guint i = 0; i < 300; i++)
    g_string_append (feed, i % 2 ? "<span class=\"x\">" : "<b title=\"a>b\">");
  g_string_append (feed, "The embassy ordered the evacuation of staff<br/> at once");
  for (guint i = 0; i < 300; i++)
    g_string_append (feed, i % 2 ? "</b>" : "</span>");
  g_string_append (feed, "<p>After &amp; <![CDATA[<raw>]]>.</p></div></content></entry>"
                         "<entry><id>e2</id><title>Second</title>"
                         "<summary>Calm</summary></entry></feed>");
  parsed = vigil_feed_parse (feed->str, feed->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->items->len, ==, 2);
  a = g_ptr_array_index (parsed->items, 0);
  g_assert_nonnull (strstr (a->content, "Before."));
  g_assert_nonnull (strstr (a->content, "evacuation of staff"));
  g_assert_nonnull (strstr (a->content, "After &amp; &lt;raw&gt;."));
  a = g_ptr_array_index (parsed->items, 1);
  g_assert_cmpstr (a->title, ==, "Second");
  g_assert_false (parsed->recovered);
}

/* An unescaped & and an unclosed <p> (issue 16): every item is kept, the
 * title's & stays an &, and the feed says it was recovered. */
static void
test_illformed_items (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = parse_fixture ("illformed-items.xml", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (feed->recovered);
  g_assert_cmpstr (feed->title, ==, "Desk & Wire");
  g_assert_cmpuint (feed->items->len, ==, 3);
  g_assert_cmpstr (item (feed, 0)->title, ==, "Tom & Jerry talks resume");
  g_assert_cmpstr (item (feed, 0)->link, ==, "https://ill.example.test/1");
  g_assert_nonnull (strstr (item (feed, 0)->summary, "First paragraph, never closed"));
  g_assert_cmpstr (item (feed, 1)->title, ==, "Second item");
  g_assert_cmpstr (item (feed, 1)->link, ==, "https://ill.example.test/2?a=1&b=2");
  g_assert_nonnull (strstr (item (feed, 1)->summary, "Second body, 3 &lt; 4"));
  g_assert_cmpstr (item (feed, 2)->title, ==, "Third item");
  g_assert_nonnull (strstr (item (feed, 2)->summary, "Line one"));
  g_assert_nonnull (strstr (item (feed, 2)->summary, "line two"));
  /* The markup left unescaped is read as markup. */
  g_assert_true (g_str_has_prefix (item (feed, 0)->summary, "<p>"));
  g_assert_nonnull (strstr (item (feed, 2)->summary, "<br"));
}

/* Well-formed feeds are not flagged; a stray end tag or an unclosed element
 * before the end costs no item. */
static void
test_recover_shapes (void)
{
  g_autoptr (VigilParsedFeed) clean = parse_fixture ("rss-namespaces.xml", NULL, NULL);
  g_autoptr (VigilParsedFeed) stray
      = parse_string ("<rss version=\"2.0\"><channel><title>T</title></b>"
                      "<item><title>One</title><description>x</i> y</description></item>"
                      "<item><title>Two</title></item></channel></rss>");
  g_autoptr (VigilParsedFeed) unclosed
      = parse_string ("<rss version=\"2.0\"><channel><title>T</title>"
                      "<item><title>One</title><description>a <b>bold <i>move</description></item>"
                      "<item><title>Two</title><link>https://u.example.test/2</link></item>");

  g_assert_false (clean->recovered);
  g_assert_true (stray->recovered);
  g_assert_cmpuint (stray->items->len, ==, 2);
  g_assert_cmpstr (item (stray, 1)->title, ==, "Two");
  g_assert_true (unclosed->recovered);
  g_assert_cmpuint (unclosed->items->len, ==, 2);
  g_assert_nonnull (strstr (item (unclosed, 0)->summary, "bold"));
  g_assert_nonnull (strstr (item (unclosed, 0)->summary, "move"));
  g_assert_cmpstr (item (unclosed, 1)->title, ==, "Two");
  g_assert_cmpstr (item (unclosed, 1)->link, ==, "https://u.example.test/2");
  /* Cut short inside a CDATA section, or inside its opening. */
  for (guint cut = 0; cut < 2; cut++)
    {
      g_autoptr (VigilParsedFeed) feed = parse_string (
          cut ? "<rss version=\"2.0\"><channel><title>T</title><item><title><![CD"
              : "<rss version=\"2.0\"><channel><title>T</title><item><title><![CDATA[Half");
      g_assert_true (feed->recovered);
      g_assert_cmpuint (feed->items->len, ==, 1);
      g_assert_cmpstr (item (feed, 0)->title, ==, cut ? "" : "Half");
    }
}

/* Hostile ill-formed input takes the repairing path: each case is read in
 * linear time, and the items after the damage are kept. */
static void
test_recover_hostile (void)
{
  const guint n = 300000;
  const char *const fill[]
      = { "<a ", "<?", "</x>", "&", "<![", "<b c=d c=d c=d>", "<div>", "<br>", "<!DOCTYPE [" };
  const char *const names[]
      = { "open tags",  "open PIs",      "stray end tags", "bare &",       "open <![",
          "attributes", "unclosed divs", "void elements",  "open doctypes" };
  const char *const head = "<rss version=\"2.0\"><channel><title>T</title><item>"
                           "<title>One</title><description>";

  for (guint c = 0; c < G_N_ELEMENTS (fill); c++)
    {
      g_autoptr (GString) doc = g_string_new (NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (VigilParsedFeed) feed = NULL;
      guint times = c == 6 ? n / 10 : n;
      gint64 start;

      /* Document type declarations before the root, the rest inside. */
      if (c != 8)
        g_string_append (doc, head);
      for (guint i = 0; i < times; i++)
        g_string_append (doc, fill[c]);
      if (c == 8)
        g_string_append (doc, head);
      g_string_append (doc, "</description></item><item><title>Two</title></item></channel></rss>");
      start = g_get_monotonic_time ();
      feed = vigil_feed_parse (doc->str, doc->len, NULL, NULL, &error);
      g_test_message ("%s: %.2f s, %s", names[c], (g_get_monotonic_time () - start) / 1e6,
                      feed ? "read" : error->message);
      g_assert_nonnull (feed);
      g_assert_true (feed->recovered);
      g_assert_cmpuint (feed->items->len, ==, 2);
      g_assert_cmpstr (item (feed, 1)->title, ==, "Two");
    }
}

/* Names and headlines cannot show text other than it is: the direction
 * overrides go ("\u202ElanruoJ" would show as "Journal"), the marks stay; a
 * feed's name a page long is cut to a name (walk-through of issue 16). */
static void
test_direction_controls (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>\u202ElanruoJ ");

  for (guint i = 0; i < 400; i++)
    g_string_append (xml, "very long name ");
  g_string_append (xml, "</title><item><guid>1</guid><title>Rockets \u202Bhit\u202C "
                        "\u2067Erbil\u2069 \u200Fairport</title>"
                        "<author>a@b.test (\u202Dtsop\u202C)</author></item></channel></rss>");
  feed = vigil_feed_parse (xml->str, xml->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (feed->title, "lanruoJ very long name"));
  g_assert_cmpuint (strlen (feed->title), <=, VIGIL_SOURCE_MAX_TITLE + strlen ("…"));
  g_assert_true (g_str_has_suffix (feed->title, "…"));
  g_assert_cmpstr (item (feed, 0)->title, ==, "Rockets hit Erbil \u200Fairport");
  g_assert_null (strstr (item (feed, 0)->author, "\u202D"));
  g_string_free (xml, TRUE);
}

/* Untrusted input: every new list and field is bounded, every address a desk
 * may open or load is http(s), and nonsense values are ignored. */
static void
test_hostile_fields (void)
{
  g_autoptr (GString) doc = g_string_new (
      "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
      "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
      "xmlns:georss=\"http://www.georss.org/georss\"><channel><title>H</title>"
      "<ttl>soon</ttl><image><url>data:image/png;base64,AAAA</url><title>X</title></image>"
      "<item><title>Many</title><link>https://h.example.test/1</link>"
      "<media:thumbnail url=\"javascript:alert(1)\"/><itunes:image href=\"file:///etc/passwd\"/>"
      "<itunes:duration>99999999999999999999</itunes:duration>"
      "<enclosure url=\"https://h.example.test/a.mp3\" type=\"audio/mpeg\"/>"
      "<source url=\"javascript:alert(1)\">Outlet</source>"
      "<comments>vbscript:msgbox</comments>"
      "<dc:language xmlns:dc=\"http://purl.org/dc/elements/1.1/\">&lt;b&gt; en</dc:language>"
      "<georss:point>91 10</georss:point><author>");
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  VigilArticle *a;

  vigil_test_append_repeated (doc, "name ", 100000);
  g_string_append (doc, "</author>");
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (doc,
                            "<dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">P%u"
                            "</dc:creator><enclosure url=\"https://h.example.test/%u\"/>"
                            "<comments>https://h.example.test/c%u</comments>",
                            i, i, i);
  g_string_append (doc, "<georss:polygon>");
  vigil_test_append_repeated (doc, "1 2 3 4 5 6 ", 50000);
  g_string_append (doc, "</georss:polygon><media:content url=\"https://h.example.test/");
  for (guint i = 0; i < VIGIL_ARTICLE_MAX_URL; i++)
    g_string_append_c (doc, 'x');
  g_string_append (doc, "\" medium=\"image\"/></item></channel></rss>");

  feed = vigil_feed_parse (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (feed->ttl, ==, -1);
  g_assert_null (feed->image_url);
  g_assert_null (feed->image_title);
  a = item (feed, 0);
  g_assert_null (a->thumbnail);
  g_assert_null (a->language);
  g_assert_null (a->origin_url);
  g_assert_cmpstr (a->origin_title, ==, "Outlet");
  g_assert_cmpuint (strlen (person (a->authors, 0)->name), <=, VIGIL_ARTICLE_MAX_FIELD + 3);
  g_assert_true (g_str_has_suffix (person (a->authors, 0)->name, "…"));
  g_assert_cmpuint (a->authors->len, ==, VIGIL_ARTICLE_MAX_PEOPLE);
  g_assert_cmpuint (a->links->len, ==, VIGIL_ARTICLE_MAX_LINKS);
  g_assert_cmpuint (a->enclosures->len, ==, VIGIL_ARTICLE_MAX_ENCLOSURES);
  g_assert_cmpstr (a->comments, ==, "https://h.example.test/c0");
  g_assert_cmpint (enclosure (a, 0)->duration, ==, -1);
  /* The point is off the Earth; the polygon's vertices are bounded. */
  g_assert_true (a->has_geo);
  g_assert_cmpstr (a->geo_shape, ==, "polygon");
  {
    g_auto (GStrv) coords = g_strsplit (a->geo_coords, " ", -1);
    g_assert_cmpuint (g_strv_length (coords), ==, 2 * VIGIL_ARTICLE_MAX_GEO_POINTS);
  }
}

/* Bytes the declared encoding cannot convert (feedparser's
 * encoding/bozo_linenoise.xml): the feed is read and flagged, its text kept
 * (it was dropped), and libxml2's generic handler writes nothing on stderr
 * (it did: "encoding error"). */
static void
test_encoding_error_quiet (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (VigilParsedFeed) feed
          = parse_fixture ("feedparser/bozo_linenoise.xml", NULL, &error);
      g_assert_no_error (error);
      g_assert_true (feed->recovered);
      g_assert_cmpuint (feed->items->len, ==, 1);
      /* Read as windows-1252 as browsers read it: 0x9D, which that encoding
       * leaves undefined, is U+009D and the text around it stays. */
      g_assert_cmpstr (item (feed, 0)->summary, ==,
                       "\u00e2\u20ac\u2122&lt;&gt;\u00e2\u20ac\xc2\x9d\u00a9");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feed/atom-xhtml-deep", test_atom_xhtml_deep);
  g_test_add_func ("/feed/hostile", test_hostile);
  g_test_add_func ("/feed/malformed-recovered", test_malformed_recovered);
  g_test_add_func ("/feed/json-too-deep", test_json_too_deep);
  g_test_add_func ("/feed/json-trailing", test_json_trailing);
  g_test_add_func ("/feed/entity-attacks", test_entity_attacks);
  g_test_add_func ("/feed/xml-exhaustion", test_xml_exhaustion);
  g_test_add_func ("/feed/errors", test_errors);
  g_test_add_func ("/feed/illformed-items", test_illformed_items);
  g_test_add_func ("/feed/recover-shapes", test_recover_shapes);
  g_test_add_func ("/feed/recover-hostile", test_recover_hostile);
  g_test_add_func ("/feed/hostile-fields", test_hostile_fields);
  g_test_add_func ("/feed/direction-controls", test_direction_controls);
  g_test_add_func ("/feed/encoding-error-quiet", test_encoding_error_quiet);
  return g_test_run ();
}
