/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OPML: nested folders become paths, titles preferred over text. */
#include <libxml/parser.h>

#include "vigil-discover.h"
#include "vigil-opml.h"
#include "vigil-url.h"
#include "vigil-test-utils.h"

static void
test_nested (void)
{
  gsize len;
  g_autofree char *data = vigil_test_read_file (&len, "fixtures", "opml-nested.opml", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  VigilSource *e;

  entries = vigil_opml_parse (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->title, ==, "Feed A");
  g_assert_cmpstr (e->folder, ==, "Region/Iraq");
  g_assert_cmpstr (e->html_url, ==, "https://a.example.test/");
  e = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (e->title, ==, "Feed B");
  g_assert_cmpstr (e->folder, ==, "Region");
  e = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (e->url, ==, "https://top.example.test/feed.json");
  g_assert_null (e->folder);
}

static void
test_bundled (void)
{
  const char *files[] = { "default-sources.opml", "demo/demo-sources.opml" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (DATA_DIR, files[i], NULL);
      g_autofree char *data = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) entries = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      entries = vigil_opml_parse (data, len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, >=, 3);
      for (guint k = 0; k < entries->len; k++)
        {
          VigilSource *e = g_ptr_array_index (entries, k);
          g_assert_nonnull (e->title);
          g_assert_true (g_str_has_prefix (e->url, "https://")
                         || g_str_has_prefix (e->url, "resource:///"));
        }
    }
}

static void
test_not_opml (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = vigil_opml_parse ("<rss/>", 6, &error);

  g_assert_null (entries);
  g_assert_nonnull (error);
}

static void
test_round_trip (void)
{
  gsize len;
  g_autofree char *data = vigil_test_read_file (&len, "fixtures", "opml-nested.opml", NULL);
  g_autofree char *written = NULL;
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) again = NULL;

  first = vigil_opml_parse (data, len, NULL);
  written = vigil_opml_write (first, "Round & trip");
  g_assert_nonnull (strstr (written, "<title>Round &amp; trip</title>"));
  again = vigil_opml_parse (written, strlen (written), NULL);
  g_assert_cmpuint (again->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    {
      VigilSource *a = g_ptr_array_index (first, i);
      VigilSource *b = g_ptr_array_index (again, i);
      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpstr (a->url, ==, b->url);
      g_assert_cmpstr (a->html_url, ==, b->html_url);
      g_assert_cmpstr (a->folder, ==, b->folder);
    }
}

static void
test_subscription_urls (void)
{
  static const struct
  {
    const char *in;
    gboolean typed;
    const char *out; /* NULL: refused */
  } cases[] = {
    { "https://example.org/feed?a=1&b=2", FALSE, "https://example.org/feed?a=1&b=2" },
    { "  http://example.org/rss  ", FALSE, "http://example.org/rss" },
    { "HTTPS://example.org/rss", FALSE, "https://example.org/rss" },
    { "feed://pod.example.org/rss", FALSE, "http://pod.example.org/rss" },
    { "feed:https://pod.example.org/rss", FALSE, "https://pod.example.org/rss" },
    { "FEED:http://pod.example.org/rss", FALSE, "http://pod.example.org/rss" },
    { "feeds://pod.example.org/rss", FALSE, "https://pod.example.org/rss" },
    { "itpc://pod.example.org/rss", FALSE, "http://pod.example.org/rss" },
    { "example.org/feed", TRUE, "https://example.org/feed" },
    /* Escapes are kept as written: decoding them would change the address. */
    { "https://example.org/search?q=C%2B%2B%20%26%20Rust&hl=en", FALSE,
      "https://example.org/search?q=C%2B%2B%20%26%20Rust&hl=en" },
    { "https://example.org/a%2Fb/feed", FALSE, "https://example.org/a%2Fb/feed" },
    { "https://example.org/?x=%zz", FALSE, "https://example.org/?x=%zz" },
    { "feed://pod.example.org/a%20b.xml", FALSE, "http://pod.example.org/a%20b.xml" },
    /* A typed host with a port is not a scheme. */
    { "example.org:8080/feed", TRUE, "https://example.org:8080/feed" },
    { "localhost:8000/rss", TRUE, "https://localhost:8000/rss" },
    { "example.org/feed", FALSE, NULL },
    { "javascript:alert(1)", FALSE, NULL },
    { "javascript:alert(1)", TRUE, NULL },
    { "file:///etc/passwd", FALSE, NULL },
    { "file:///etc/passwd", TRUE, NULL },
    { "data:application/rss+xml,<rss/>", FALSE, NULL },
    { "vigil:entity/Erbil", FALSE, NULL },
    { "resource:///io/github/vigildesk/Vigil/demo/iraq-desk.xml", FALSE, NULL },
    { "feed:javascript:alert(1)", FALSE, NULL },
    { "feed:file:///etc/passwd", FALSE, NULL },
    { "https:///no-host", FALSE, NULL },
    { "https://exa mple.org/", TRUE, NULL },
    { "https://caf\xe9.example.org/", FALSE, NULL },
    { "", TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *url = vigil_url_for_subscription (cases[i].in, cases[i].typed, &error);
      /* escaped: one address is not UTF-8, which the TAP stream must be */
      g_autofree char *in = g_strescape (cases[i].in, NULL);

      g_test_message ("%s -> %s (%s)", in, url, error ? error->message : "");
      g_assert_cmpstr (url, ==, cases[i].out);
      g_assert_true ((url == NULL) == (error != NULL));
    }
}

static const char hostile_opml[]
    = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<opml version=\"2.0\"><body>\n"
      "<outline title=\"Evil script\" xmlUrl=\"javascript:alert(1)\"/>\n"
      "<outline title=\"Passwords\" xmlUrl=\"file:///etc/passwd\"/>\n"
      "<outline text=\"Inline\" xmlUrl=\"data:application/rss+xml,&lt;rss/&gt;\"/>\n"
      "<outline title=\"Internal\" xmlUrl=\"vigil:entity/Erbil\"/>\n"
      "<outline title=\"Podcast\" xmlUrl=\"feed://pod.example.test/rss\" "
      "htmlUrl=\"javascript:alert(2)\"/>\n"
      "<outline title=\"Caf\xff\xfe news\" xmlUrl=\"https://cafe.example.test/rss\" "
      "htmlUrl=\"https://cafe.example.test/\"/>\n"
      "</body></opml>\n";

static void
test_hostile_outlines (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sources = vigil_opml_parse (hostile_opml, strlen (hostile_opml), &error);
  g_autoptr (GPtrArray) refused = NULL;
  VigilSource *s;

  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 6);
  /* Invalid UTF-8 is repaired as it is read. */
  for (guint i = 0; i < sources->len; i++)
    {
      s = g_ptr_array_index (sources, i);
      g_assert_true (g_utf8_validate (s->title, -1, NULL));
      g_assert_true (g_utf8_validate (s->url, -1, NULL));
    }

  refused = vigil_opml_keep_subscribable (sources);
  g_assert_cmpuint (sources->len, ==, 2);
  s = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (s->title, ==, "Podcast");
  g_assert_cmpstr (s->url, ==, "http://pod.example.test/rss");
  g_assert_null (s->html_url); /* a javascript: site address is dropped */
  s = g_ptr_array_index (sources, 1);
  g_assert_cmpstr (s->title, ==, "Caf\xef\xbf\xbd\xef\xbf\xbd news");
  g_assert_cmpstr (s->html_url, ==, "https://cafe.example.test/");

  /* Each refused outline is named by its title, with the reason. */
  g_assert_cmpuint (refused->len, ==, 4);
  {
    const char *titles[] = { "Evil script", "Passwords", "Inline", "Internal" };
    for (guint i = 0; i < refused->len; i++)
      {
        const char *msg = g_ptr_array_index (refused, i);
        g_test_message ("refused: %s", msg);
        g_assert_nonnull (strstr (msg, titles[i]));
        g_assert_nonnull (strstr (msg, "http"));
      }
  }
}

/* The export parsed back with libxml2 as strictly as xmllint --noout. */
static xmlDocPtr
parse_strict (const char *xml)
{
  return xmlReadMemory (xml, strlen (xml), NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static void
test_export_well_formed (void)
{
  g_autoptr (GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *written = NULL;
  g_autoptr (GPtrArray) again = NULL;
  xmlDocPtr doc;
  VigilSource *s;

  s = vigil_source_new ();
  s->url = g_strdup ("https://example.org/feed?a=1&b=2");
  s->title = g_strdup ("Bell\a & <b>bold</b> \"quoted\" \x01\x1f end\xef\xbf\xbe");
  s->folder = g_strdup ("Desk\x02/Caf\xe9");
  g_ptr_array_add (sources, s);
  s = vigil_source_new ();
  s->url = g_strdup ("https://example.org/\x7f\x01ctl");
  s->title = g_strdup ("Caf\xe9 \xff invalid");
  s->html_url = g_strdup ("https://example.org/?x=<y>");
  g_ptr_array_add (sources, s);

  written = vigil_opml_write (sources, "Title\x0b & more");
  g_test_message ("%s", written);
  g_assert_true (g_utf8_validate (written, -1, NULL));
  doc = parse_strict (written);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);

  again = vigil_opml_parse (written, strlen (written), NULL);
  g_assert_cmpuint (again->len, ==, 2);
  s = g_ptr_array_index (again, 0);
  g_assert_cmpstr (s->url, ==, "https://example.org/feed?a=1&b=2");
  g_assert_cmpstr (s->title, ==, "Bell & <b>bold</b> \"quoted\"  end");
  g_assert_cmpstr (s->folder, ==, "Desk/Caf\xef\xbf\xbd");
  s = g_ptr_array_index (again, 1);
  g_assert_cmpstr (s->title, ==, "Caf\xef\xbf\xbd \xef\xbf\xbd invalid");
  g_assert_cmpstr (s->html_url, ==, "https://example.org/?x=<y>");
}

static void
test_discover (void)
{
  const char *page
      = "<!DOCTYPE html><html><head><base href=\"/news/\">"
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Top stories\" "
        "href=\"rss.xml\">"
        "<link rel=\"alternate nofollow\" type=\"application/atom+xml\" "
        "href=\"https://feeds.example.test/atom\">"
        "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"rss.xml\">"
        "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" href=\"/fr/\">"
        "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\">"
        "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:alert(1)\">"
        "</head><body><link rel=\"alternate\" type=\"application/feed+json\" "
        "href=\"/feed.json\"></body></html>";
  g_autoptr (GPtrArray) links
      = vigil_discover_feed_links (page, strlen (page), "https://site.example.test/index.html");
  VigilFeedLink *l;

  g_assert_cmpuint (links->len, ==, 3);
  l = g_ptr_array_index (links, 0);
  g_assert_cmpstr (l->url, ==, "https://site.example.test/news/rss.xml");
  g_assert_cmpstr (l->title, ==, "Top stories");
  g_assert_cmpstr (l->type, ==, "application/rss+xml");
  l = g_ptr_array_index (links, 1);
  g_assert_cmpstr (l->url, ==, "https://feeds.example.test/atom");
  l = g_ptr_array_index (links, 2);
  g_assert_cmpstr (l->url, ==, "https://site.example.test/feed.json");
  {
    g_autoptr (GPtrArray) none = vigil_discover_feed_links ("<p>no feeds</p>", 15, NULL);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* A hostile page: 200,000 <link rel="alternate">, half of them repeats. De-duplication
 * was quadratic (more than 100 s on the main thread); now the page is read once
 * and only the first VIGIL_DISCOVER_MAX_LINKS candidates are considered. */
static void
test_discover_many_links (void)
{
  GString *page = g_string_new ("<html><head>");
  g_autoptr (GPtrArray) links = NULL;
  gint64 start;
  double seconds;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (page,
                            "<link rel=\"alternate\" type=\"application/rss+xml\" "
                            "href=\"/feed-%u.xml\">",
                            i / 2);
  g_string_append (page, "</head><body></body></html>");
  start = g_get_monotonic_time ();
  links = vigil_discover_feed_links (page->str, page->len, "https://site.example.test/");
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("200,000 links (%.1f MB) in %.2f s: %u kept", page->len / 1e6, seconds,
                  links->len);
  g_assert_cmpuint (links->len, ==, VIGIL_DISCOVER_MAX_LINKS);
  g_assert_cmpstr (((VigilFeedLink *) g_ptr_array_index (links, 0))->url, ==,
                   "https://site.example.test/feed-0.xml");
  g_assert_cmpstr (((VigilFeedLink *) g_ptr_array_index (links, 1))->url, ==,
                   "https://site.example.test/feed-1.xml");
  /* No wall-clock limit (valgrind, a loaded machine): a reader that went
   * quadratic on 200,000 links would reach meson's timeout; bench-feeds times it. */
  g_string_free (page, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/opml/nested", test_nested);
  g_test_add_func ("/opml/bundled", test_bundled);
  g_test_add_func ("/opml/not-opml", test_not_opml);
  g_test_add_func ("/opml/round-trip", test_round_trip);
  g_test_add_func ("/opml/subscription-urls", test_subscription_urls);
  g_test_add_func ("/opml/hostile-outlines", test_hostile_outlines);
  g_test_add_func ("/opml/export-well-formed", test_export_well_formed);
  g_test_add_func ("/opml/discover", test_discover);
  g_test_add_func ("/opml/discover-many-links", test_discover_many_links);
  return g_test_run ();
}
