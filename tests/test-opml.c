/* OPML: nested folders become paths, titles preferred over text. */
#include "vigil-discover.h"
#include "vigil-opml.h"

static void
test_nested (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml-nested.opml", NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gsize len;
  VigilSource *e;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
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
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml-nested.opml", NULL);
  g_autofree char *data = NULL;
  g_autofree char *written = NULL;
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) again = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/opml/nested", test_nested);
  g_test_add_func ("/opml/bundled", test_bundled);
  g_test_add_func ("/opml/not-opml", test_not_opml);
  g_test_add_func ("/opml/round-trip", test_round_trip);
  g_test_add_func ("/opml/discover", test_discover);
  return g_test_run ();
}
