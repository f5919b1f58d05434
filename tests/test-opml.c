/* OPML: nested folders become paths, titles preferred over text. */
#include "vigil-opml.h"

static void
test_nested (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml-nested.opml", NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gsize len;
  VigilOpmlEntry *e;

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
  g_assert_cmpstr (e->xml_url, ==, "https://top.example.test/feed.json");
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
          VigilOpmlEntry *e = g_ptr_array_index (entries, k);
          g_assert_nonnull (e->title);
          g_assert_true (g_str_has_prefix (e->xml_url, "https://")
                         || g_str_has_prefix (e->xml_url, "resource:///"));
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/opml/nested", test_nested);
  g_test_add_func ("/opml/bundled", test_bundled);
  g_test_add_func ("/opml/not-opml", test_not_opml);
  return g_test_run ();
}
