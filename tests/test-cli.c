/* vigil-cli parse and tag: JSON on success, one clear line and non-zero on bad input. */
#include <gio/gio.h>
#include <json-glib/json-glib.h>

static int
run (const char *const *argv, const char *stdin_text, char **out, char **err)
{
  g_autoptr (GSubprocessLauncher) l
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                   | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) p = g_subprocess_launcher_spawnv (l, argv, &error);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, stdin_text, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (p);
}

static void
test_parse (void)
{
  g_autofree char *feed = g_build_filename (DATA_DIR, "demo", "levant-wire.xml", NULL);
  const char *argv[] = { VIGIL_CLI, "parse", feed, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;

  g_assert_cmpint (run (argv, NULL, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "atom10");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "items")), ==, 5);
}

static void
test_parse_stdin (void)
{
  const char *argv[] = { VIGIL_CLI, "parse", "-", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (
      run (argv, "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"S\",\"items\":[]}",
           &out, &err),
      ==, 0);
  g_assert_nonnull (strstr (out, "\"format\" : \"jsonfeed\""));
}

static void
test_parse_bad (void)
{
  const char *argv[] = { VIGIL_CLI, "parse", "-", NULL };
  const char *missing[] = { VIGIL_CLI, "parse", "/nonexistent/feed.xml", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (run (argv, "<html><body>nope</body></html>", &out, &err), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "vigil-cli: -: Not a feed"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1); /* one line */
  g_assert_cmpint (run (missing, NULL, &out2, &err2), !=, 0);
  g_assert_true (g_str_has_prefix (err2, "vigil-cli: "));
}

static void
test_tag (void)
{
  const char *argv[] = { VIGIL_CLI, "tag", "-", NULL };
  const char *html[] = { VIGIL_CLI, "tag", "--html", "-", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *first;

  g_assert_cmpint (
      run (argv, "Ambassador Matthew Tueller left Baghdad after the drawdown.", &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  first = json_array_get_object_element (json_object_get_array_member (root, "entities"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "person");
  g_assert_cmpint (json_object_get_int_member (first, "start"), ==, 11);
  g_assert_cmpint (json_object_get_int_member (first, "end"), ==, 26);
  g_assert_cmpstr (
      json_object_get_string_member (
          json_array_get_object_element (json_object_get_array_member (root, "risks"), 0), "term"),
      ==, "drawdown");

  g_assert_cmpint (run (html, "<p>Rockets hit <b>Erbil</b></p>", &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "\"canonical\" : \"Erbil\""));
}

static void
test_tag_bad (void)
{
  const char *argv[] = { VIGIL_CLI, "tag", "-", NULL };
  const char *usage[] = { VIGIL_CLI, "frobnicate", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (run (argv, "caf\xe9 latin-1", &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "not UTF-8"));
  g_assert_cmpint (run (usage, NULL, &out2, &err2), ==, 2);
  g_assert_nonnull (strstr (err2, "unknown command"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/parse", test_parse);
  g_test_add_func ("/cli/parse-stdin", test_parse_stdin);
  g_test_add_func ("/cli/parse-bad", test_parse_bad);
  g_test_add_func ("/cli/tag", test_tag);
  g_test_add_func ("/cli/tag-bad", test_tag_bad);
  return g_test_run ();
}
