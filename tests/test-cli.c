/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli parse and tag: JSON on success, one clear line and non-zero on bad input. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include "vigil-test-utils.h"

/* Runs vigil-cli (@argv) with @stdin_text (or none) on its standard input and
 * @env_name set to @env_value (when given); its exit status. The main loop
 * runs meanwhile, so that commands can talk to this process's SoupServer. */
static int
run_env (const char *const *argv, const char *stdin_text, const char *env_name,
         const char *env_value, char **out, char **err)
{
  g_autoptr (GSubprocessLauncher) l
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                   | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) p = NULL;
  int status;

  if (env_name != NULL)
    g_subprocess_launcher_setenv (l, env_name, env_value, TRUE);
  p = g_subprocess_launcher_spawnv (l, argv, &error);
  g_assert_no_error (error);
  status = vigil_test_communicate (p, stdin_text, out, err);
  g_assert_true (g_subprocess_get_if_exited (p));
  return status;
}

static int
run (const char *const *argv, const char *stdin_text, char **out, char **err)
{
  return run_env (argv, stdin_text, NULL, NULL, out, err);
}

static char *base;
static char *watched_feed; /* what /watched serves: the test changes it while watch runs */

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  static const char *feed
      = "<rss version=\"2.0\"><channel><title>Served</title><item><guid>1</guid>"
        "<title>From the server</title></item></channel></rss>";
  static const char *page = "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
                            "title=\"Served feed\" href=\"/feed\"></head></html>";
  /* What a source holds when watch first reads it is not news. */
  static const char *old
      = "<rss version=\"2.0\"><channel><title>Old</title><item><guid>k</guid>"
        "<title>Gunmen kidnap aid worker near Sinjar</title>"
        "<description>Gunmen kidnapped an aid worker near Sinjar.</description></item>"
        "</channel></rss>";
  /* Its Content-Location says where it is: the base of its relative links. */
  static const char *located
      = "<rss version=\"2.0\"><channel><title>Located</title><item><title>L</title>"
        "<link>story.html</link><comments>story.html#c</comments></item></channel></rss>";
  const char *body = g_str_equal (path, "/located")   ? located
                     : g_str_equal (path, "/feed")    ? feed
                     : g_str_equal (path, "/page")    ? page
                     : g_str_equal (path, "/watched") ? watched_feed
                     : g_str_equal (path, "/old")     ? old
                                                      : NULL;

  if (body == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  if (body == located)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Content-Location", "/archive/2026/feed.xml");
  soup_server_message_set_response (
      msg, body == feed || body == located ? "application/rss+xml" : "text/html",
      SOUP_MEMORY_STATIC, body, strlen (body));
  soup_server_message_set_status (msg, 200, NULL);
}

static void
test_urls (void)
{
  g_autofree char *feed_url = g_strconcat (base, "/feed", NULL);
  g_autofree char *page_url = g_strconcat (base, "/page", NULL);
  g_autofree char *missing_url = g_strconcat (base, "/missing", NULL);
  const char *parse[] = { VIGIL_CLI, "parse", feed_url, NULL };
  const char *discover[] = { VIGIL_CLI, "discover", page_url, NULL };
  const char *missing[] = { VIGIL_CLI, "parse", missing_url, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (run (parse, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"title\" : \"From the server\""));
  g_assert_cmpint (run (discover, NULL, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, feed_url));
  g_assert_nonnull (strstr (out2, "Served feed"));
  g_assert_cmpint (run (missing, NULL, &out3, &err3), !=, 0);
  g_assert_nonnull (strstr (err3, "404"));
  {
    /* The response's Content-Location is the base (issue 16). */
    g_autofree char *located_url = g_strconcat (base, "/located", NULL);
    g_autofree char *link = g_strdup_printf ("\"link\" : \"%s/archive/2026/story.html\"", base);
    g_autofree char *comments
        = g_strdup_printf ("\"comments\" : \"%s/archive/2026/story.html#c\"", base);
    const char *located[] = { VIGIL_CLI, "parse", located_url, NULL };
    g_autofree char *out4 = NULL, *err4 = NULL;
    g_assert_cmpint (run (located, NULL, &out4, &err4), ==, 0);
    g_assert_nonnull (strstr (out4, link));
    g_assert_nonnull (strstr (out4, comments));
  }
}

static void
test_match (void)
{
  const char *argv[] = { VIGIL_CLI, "match", "(drawdown OR evacuat*) AND embassy", "-", NULL };
  const char *no[] = { VIGIL_CLI, "match", "kidnap*", "-", NULL };
  const char *bad[] = { VIGIL_CLI, "match", "(rocket OR mortar", "-", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  const char *text
      = "Embassy drawdown ordered\nThe US embassy in Baghdad began a partial drawdown.";

  g_assert_cmpint (run (argv, text, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"match\" : true"));
  g_assert_nonnull (strstr (out, "\"text\" : \"drawdown\""));
  g_assert_nonnull (strstr (out, "\"start\" : 8"));
  g_assert_cmpint (run (no, text, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "\"match\" : false"));
  g_assert_cmpint (run (bad, text, &out3, &err3), ==, 2);
  g_assert_nonnull (strstr (err3, "position 18"));
}

/* The line a read started into *read (vigil_test_async_ready) gives, once it
 * has ended (the test fails after seconds); NULL at the stream's end. */
static char *
line_of (GDataInputStream *lines, GAsyncResult **read, double seconds)
{
  g_autoptr (GAsyncResult) res = NULL;

  g_assert_true (vigil_test_wait_until (vigil_test_pointer_is_set, read, seconds));
  res = g_steal_pointer (read);
  return g_data_input_stream_read_line_finish (lines, res, NULL, NULL);
}

/* Reads lines until one contains needle (or the stream ends, or 30 s pass);
 * TRUE if one did. */
static gboolean
wait_for_line (GDataInputStream *lines, const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GAsyncResult *read = NULL;
      g_autofree char *line = NULL;

      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, vigil_test_async_ready,
                                           &read);
      /* (read is on this stack: the read must have ended) */
      line = line_of (lines, &read, (deadline - g_get_monotonic_time ()) / 1e6);
      if (line == NULL)
        return FALSE;
      g_test_message ("watch said: %s", line);
      if (strstr (line, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* An OPML file in dir listing one feed, title, at path on the test's
 * server; the file's path. */
static char *
one_feed_opml (const char *dir, const char *title, const char *path)
{
  g_autofree char *file = g_build_filename (dir, "feeds.opml", NULL);
  g_autofree char *text = g_strdup_printf (
      "<opml version=\"2.0\"><body><outline text=\"%s\" xmlUrl=\"%s%s\"/></body></opml>", title,
      base, path);

  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  return g_steal_pointer (&file);
}

static void
test_watch (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-watch-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "v.db", NULL);
  g_autofree char *opml = one_feed_opml (dir, "Watched", "/watched");
  const char *argv[] = { VIGIL_CLI, "watch", "--opml", opml, "--db", db, "--interval", "1", NULL };
  g_autoptr (GSubprocess) p = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GDataInputStream) said = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  GAsyncResult *read = NULL;
  g_autofree char *line = NULL;
  JsonObject *alert;

  /* A calm item and one that matches a rule but was there before the first
   * read (not news: not printed, said on stderr once the read is done). */
  watched_feed = g_strdup (
      "<rss version=\"2.0\"><channel><title>Watched</title><item><guid>calm</guid>"
      "<title>Date harvest in Basra</title></item><item><guid>before</guid>"
      "<title>Rockets hit Basra airport</title>"
      "<description>Three rockets hit the perimeter of Basra airport.</description></item>"
      "</channel></rss>");
  p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                         &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p));
  said = g_data_input_stream_new (g_subprocess_get_stderr_pipe (p));

  /* The first read is done (the positive control)... */
  g_assert_true (wait_for_line (said, "older article"));
  /* ...and printed nothing: an alert would have been written (and flushed)
   * to stdout before the read's end was said on stderr. */
  g_assert_false (g_pollable_input_stream_is_readable (
      G_POLLABLE_INPUT_STREAM (g_subprocess_get_stdout_pipe (p))));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, vigil_test_async_ready,
                                       &read);
  /* Then a matching item is published while it runs. */
  g_free (watched_feed);
  watched_feed
      = g_strdup ("<rss version=\"2.0\"><channel><title>Watched</title>"
                  "<item><guid>calm</guid><title>Date harvest in Basra</title></item>"
                  "<item><guid>before</guid><title>Rockets hit Basra airport</title>"
                  "<description>Three rockets hit the perimeter of Basra airport.</description>"
                  "</item><item><guid>new</guid><title>Gunmen kidnap aid worker near Sinjar</title>"
                  "<link>https://watched.example.test/kidnap</link>"
                  "<description>Gunmen kidnapped an aid worker near Sinjar.</description></item>"
                  "</channel></rss>");
  line = line_of (lines, &read, 30);
  g_assert_nonnull (line);
  g_test_message ("watch printed: %s", line);
  g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
  alert = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (alert, "rule"), ==, "Kidnapping");
  g_assert_cmpstr (json_object_get_string_member (alert, "headline"), ==,
                   "Gunmen kidnap aid worker near Sinjar");
  g_assert_cmpstr (json_object_get_string_member (alert, "link"), ==,
                   "https://watched.example.test/kidnap");
  g_assert_false (json_object_get_boolean_member (alert, "update"));

  g_subprocess_send_signal (p, SIGTERM);
  g_assert_true (g_subprocess_wait (p, NULL, NULL));
  g_assert_true (g_subprocess_get_if_exited (p));
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
  g_clear_pointer (&watched_feed, g_free);
}

/* watch --once on a new subscription: the item it already holds matches a
 * rule, is recorded, and is not printed (stderr says so). */
static void
test_watch_first_read (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-watch-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "v.db", NULL);
  g_autofree char *opml = one_feed_opml (dir, "Old", "/old");
  const char *argv[] = { VIGIL_CLI, "watch", "--once", "--opml", opml, "--db", db, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (run (argv, NULL, &out, &err), ==, 0);
  g_test_message ("stderr: %s", err);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "1 older article matches the rules; it is stored, not printed"));
  /* Read again: nothing new, nothing said. */
  g_assert_cmpint (run (argv, NULL, &out2, &err2), ==, 0);
  g_assert_cmpstr (out2, ==, "");
  g_assert_null (strstr (err2, "older"));
}

static void
test_opml (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = vigil_test_make_tmp_path ("vigil-cli-XXXXXX", "v.db");
  g_autofree char *opml = vigil_test_file_path ("fixtures", "opml-nested.opml", NULL);
  const char *import[] = { VIGIL_CLI, "import-opml", opml, "--db", db, NULL };
  const char *export[] = { VIGIL_CLI, "export-opml", "--db", db, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (run (import, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "3 sources listed; 3 in the store now"));
  g_assert_cmpint (run (export, NULL, &out2, &err2), ==, 0);
  {
    /* dry runs need articles; an empty store answers with none, a bad query with 2 */
    const char *dry[] = { VIGIL_CLI, "dry-run", "drawdown", "--days", "3", "--db", db, NULL };
    const char *bad[] = { VIGIL_CLI, "dry-run", "drawdown AND", "--db", db, NULL };
    g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL;
    g_assert_cmpint (run (dry, NULL, &o, &e), ==, 0);
    g_assert_nonnull (strstr (o, "\"matches\":0"));
    g_assert_cmpint (run (bad, NULL, &o2, &e2), ==, 2);
    g_assert_nonnull (strstr (e2, "expected a word"));
  }
  g_assert_nonnull (strstr (out2, "<outline text=\"Iraq\" title=\"Iraq\">"));
  g_assert_nonnull (strstr (out2, "xmlUrl=\"https://a.example.test/rss\""));
}

/* A query nested 30,000 deep (issue 13) is refused with exit 2 and one line
 * on stderr, by match and dry-run alike; it crashed the parser. */
static void
test_match_too_deep (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-cli-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "v.db", NULL);
  g_autoptr (GString) query = g_string_new (NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  for (guint i = 0; i < 30000; i++)
    g_string_append_c (query, '(');
  g_string_append (query, "rocket");
  for (guint i = 0; i < 30000; i++)
    g_string_append_c (query, ')');
  {
    const char *match[] = { VIGIL_CLI, "match", query->str, "-", NULL };
    const char *dry[] = { VIGIL_CLI, "dry-run", query->str, "--db", db, NULL };
    g_assert_cmpint (run (match, "Rockets hit the base", &out, &err), ==, 2);
    g_test_message ("match: %s", err);
    g_assert_nonnull (strstr (err, "nests too deeply"));
    g_assert_nonnull (strstr (err, "position 257"));
    g_assert_cmpuint (strlen (err), <, 300); /* the query is not echoed back */
    g_assert_true (g_str_has_suffix (err, "\n"));
    g_assert_true (strchr (err, '\n') == err + strlen (err) - 1); /* one line */
    g_assert_cmpint (run (dry, NULL, &out2, &err2), ==, 2);
    g_test_message ("dry-run: %s", err2);
    g_assert_nonnull (strstr (err2, "nests too deeply"));
    g_assert_true (strchr (err2, '\n') == err2 + strlen (err2) - 1);
  }
  /* The same query in the desk's rules file: watch starts (here it then stops
   * for want of sources) and names the line it skipped. */
  {
    g_autofree char *config = g_build_filename (dir, "config", "vigil", NULL);
    g_autofree char *rules = g_build_filename (config, "rules.tsv", NULL);
    g_autofree char *config_home = g_build_filename (dir, "config", NULL);
    g_autofree char *text = g_strdup_printf ("Fine\thigh\trocket*\nDeep\thigh\t%s\n", query->str);
    g_autofree char *out3 = NULL, *err3 = NULL;
    const char *watch[] = { VIGIL_CLI, "watch", "--db", db, NULL };
    int status;

    g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
    g_assert_true (g_file_set_contents (rules, text, -1, NULL));
    status = run_env (watch, NULL, "XDG_CONFIG_HOME", config_home, &out3, &err3);
    g_test_message ("watch: %s", err3);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err3, "rules.tsv line 2 skipped"));
    g_assert_nonnull (strstr (err3, "nests too deeply"));
    g_assert_nonnull (strstr (err3, "no sources to watch"));
  }
}

/* Outlines that are not web addresses are refused by title, the rest imported;
 * the export that follows is well-formed XML (xmllint --noout, when installed). */
static void
test_opml_hostile (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-cli-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "v.db", NULL);
  g_autofree char *opml = g_build_filename (dir, "hostile.opml", NULL);
  g_autofree char *exported = g_build_filename (dir, "exported.opml", NULL);
  const char *text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"><body>\n"
                     "<outline title=\"Evil script\" xmlUrl=\"javascript:alert(1)\"/>\n"
                     "<outline title=\"Passwords\" xmlUrl=\"file:///etc/passwd\"/>\n"
                     "<outline title=\"Inline\" xmlUrl=\"data:text/xml,&lt;rss/&gt;\"/>\n"
                     "<outline title=\"Internal\" xmlUrl=\"vigil:entity/Erbil\"/>\n"
                     "<outline title=\"Podcast\" xmlUrl=\"feed://pod.example.test/rss\"/>\n"
                     "<outline title=\"Caf\xff &amp; more\" "
                     "xmlUrl=\"https://cafe.example.test/rss?a=1&amp;b=2\"/>\n"
                     "</body></opml>\n";
  const char *import[] = { VIGIL_CLI, "import-opml", opml, "--db", db, NULL };
  const char *export[] = { VIGIL_CLI, "export-opml", "--db", db, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");

  g_assert_true (g_file_set_contents (opml, text, -1, NULL));
  g_assert_cmpint (run (import, NULL, &out, &err), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "2 sources listed; 2 in the store now"));
  g_assert_nonnull (strstr (err, "not imported: “Evil script”: "));
  g_assert_nonnull (strstr (err, "not imported: “Passwords”: "));
  g_assert_nonnull (strstr (err, "not imported: “Inline”: "));
  g_assert_nonnull (strstr (err, "not imported: “Internal”: "));
  g_assert_null (strstr (err, "Podcast"));

  g_assert_cmpint (run (export, NULL, &out2, &err2), ==, 0);
  g_assert_true (g_utf8_validate (out2, -1, NULL));
  g_assert_nonnull (strstr (out2, "xmlUrl=\"http://pod.example.test/rss\""));
  g_assert_nonnull (strstr (out2, "xmlUrl=\"https://cafe.example.test/rss?a=1&amp;b=2\""));
  g_assert_null (strstr (out2, "javascript:"));
  g_assert_null (strstr (out2, "file:"));
  g_assert_nonnull (strstr (out2, "title=\"Caf\xef\xbf\xbd &amp; more\""));
  if (xmllint != NULL)
    {
      const char *lint[] = { xmllint, "--noout", exported, NULL };
      g_autofree char *o = NULL, *e = NULL;
      g_assert_true (g_file_set_contents (exported, out2, -1, NULL));
      g_assert_cmpint (run (lint, NULL, &o, &e), ==, 0);
      g_assert_cmpstr (e, ==, "");
    }
  else
    g_test_message ("xmllint is not installed: the export was checked by the unit test only");
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

/* A 200 KB JSON Feed with one item 100,000 arrays deep crashed json-glib's
 * recursive parser (SIGSEGV; 60,000 levels passed): now one clear line. */
static void
test_parse_deep (void)
{
  const char *argv[] = { VIGIL_CLI, "parse", "-", NULL };
  GString *json = g_string_new ("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"D\","
                                "\"items\":[{\"id\":\"1\",\"content_text\":\"x\",\"x\":");
  g_autofree char *out = NULL, *err = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}]}");
  g_assert_cmpint (run (argv, json->str, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "vigil-cli: -: The feed nests too deeply"));
  g_string_free (json, TRUE);
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

/* vigil-cli render: the page the article view loads. */
static void
test_render (void)
{
  const char *text[] = { VIGIL_CLI, "render", "-", NULL };
  const char *html[] = { VIGIL_CLI, "render", "--html", "-", NULL };
  const char *usage[] = { VIGIL_CLI, "render", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;
  g_autoptr (GString) deep = g_string_new ("<p>A calm meeting.</p><p>");

  g_assert_cmpint (run (text,
                        "Ambassador Matthew Tueller left Baghdad after the drawdown.\n\n"
                        "Rockets <b>hit</b> Erbil.",
                        &out, &err),
                   ==, 0);
  g_assert_true (g_str_has_prefix (out, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (out, "Content-Security-Policy"));
  g_assert_nonnull (
      strstr (out, "data-entity=\"Matthew Tueller\">Matthew Tueller</mark> left <mark"));
  g_assert_nonnull (strstr (out, ">drawdown</mark>.</p>"));
  /* Plain text is text: markup in it is shown, not obeyed. */
  g_assert_nonnull (strstr (out, "&lt;b&gt;hit&lt;/b&gt;"));
  g_assert_null (strstr (out, "id=\"vigil-shortened\""));

  vigil_test_append_repeated (deep, "<span>", 300);
  g_string_append (deep, "The embassy in Baghdad ordered a drawdown.<script>alert(1)</script>");
  vigil_test_append_repeated (deep, "</span>", 300);
  g_assert_cmpint (run (html, deep->str, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, ">drawdown</mark>."));
  g_assert_null (strstr (out2, "alert(1)"));
  /* The score reflects the sentence after the nesting. */
  g_assert_null (strstr (out2, "level-low"));

  g_assert_cmpint (run (usage, NULL, &out3, &err3), ==, 2);
  g_assert_nonnull (strstr (err3, "render [--html] FILE"));
}

static char *
seed_text (gsize size)
{
  g_autofree char *seed
      = vigil_test_read_file (NULL, "fuzz", "corpus", "highlight", "seed-embassy.txt", NULL);
  GString *text = g_string_new (NULL);

  while (text->len < size)
    {
      g_string_append (text, seed);
      g_string_append (text, "\n\n");
    }
  return g_string_free (text, FALSE);
}

/* 400 KB of entity-dense text is rendered in well under the minutes it took. */
static void
test_render_long (void)
{
  g_autofree char *text = seed_text (400 * 1024);
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-cli-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "long.txt", NULL);
  const char *argv[] = { VIGIL_CLI, "render", path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  gint64 start;
  double seconds;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  start = g_get_monotonic_time ();
  g_assert_cmpint (run (argv, NULL, &out, &err), ==, 0);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("rendered %zu bytes in %.2f s", strlen (text), seconds);
  g_assert_nonnull (g_strrstr (out, "data-entity=\"Matthew Tueller\""));
  g_assert_null (strstr (out, "id=\"vigil-shortened\""));
  g_unlink (path);
  g_rmdir (dir);
}

/* tag and render on 12 MB: only the first mebibyte is analysed, and said so. */
static void
test_huge_input (void)
{
  g_autofree char *text = seed_text (12 * 1024 * 1024);
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-cli-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "huge.txt", NULL);
  const char *tag[] = { VIGIL_CLI, "tag", path, NULL };
  const char *render[] = { VIGIL_CLI, "render", path, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  gint64 start;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  start = g_get_monotonic_time ();
  g_assert_cmpint (run (tag, NULL, &out, &err), ==, 0);
  g_test_message ("tag: %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_nonnull (strstr (out, "\"shortened\" : true"));
  g_assert_cmpuint (strlen (out), <, 2 * 1024 * 1024);
  g_assert_nonnull (strstr (err, "only the first"));
  start = g_get_monotonic_time ();
  g_assert_cmpint (run (render, NULL, &out2, &err2), ==, 0);
  g_test_message ("render: %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (strlen (out2), <, 8 * 1024 * 1024);
  g_assert_nonnull (strstr (out2, "id=\"vigil-shortened\""));
  g_unlink (path);
  g_rmdir (dir);
}

/* train-ner and eval-ner (issue 14): the same corpus and seed give the same
 * model file; bad input is refused with exit 2 and one line on stderr. */
static void
test_ner (void)
{
  g_autofree char *conll = vigil_test_file_path ("fixtures", "tagger", "names.conll", NULL);
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-cli-XXXXXX");
  g_autofree char *m1 = g_build_filename (dir, "a.bin", NULL);
  g_autofree char *m2 = g_build_filename (dir, "b.bin", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.conll", NULL);
  g_autofree char *d1 = NULL, *d2 = NULL;
  gsize l1 = 0, l2 = 0;
  const char *train1[] = { VIGIL_CLI, "train-ner", "--epochs", "3", "--seed", "7",
                           "--bits",  "12",        "-o",       m1,  conll,    NULL };
  const char *train2[] = { VIGIL_CLI, "train-ner", "--bits", "12", "--seed", "7",   "--epochs",
                           "3",       "--dev",     conll,    "-o", m2,       conll, NULL };
  const char *eval[] = { VIGIL_CLI, "eval-ner", m1, conll, NULL };
  const char *train_bad[] = { VIGIL_CLI, "train-ner", "-o", m2, bad, NULL };
  const char *epochs_bad[] = { VIGIL_CLI, "train-ner", "--epochs", "many", "-o", m2, conll, NULL };
  const char *eval_bad[] = { VIGIL_CLI, "eval-ner", conll, conll, NULL };
  const char *eval_lists[] = { VIGIL_CLI, "eval-ner", "--analysis", "none", conll, NULL };
  const char *eval_lists_bad[] = { VIGIL_CLI, "eval-ner", "none", conll, NULL };

  {
    g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
    g_assert_cmpint (run (train1, NULL, &out, &err), ==, 0);
    g_assert_cmpint (run (train2, NULL, &out2, &err2), ==, 0);
    g_assert_nonnull (strstr (err2, "epoch 3"));
  }
  g_assert_true (g_file_get_contents (m1, &d1, &l1, NULL));
  g_assert_true (g_file_get_contents (m2, &d2, &l2, NULL));
  g_assert_cmpmem (d1, l1, d2, l2);
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run (eval, NULL, &out, &err), ==, 0);
    /* Scored on the corpus it learnt: every person found. */
    g_assert_nonnull (strstr (out, "entity PER  P 1.000  R 1.000  F1 1.000"));
  }
  {
    /* The whole analysis without a model: the lists and rules alone find the
     * places of the fixture ("Hanoi"), which the tagger alone cannot score. */
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run (eval_lists, NULL, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "whole analysis"));
    g_assert_null (strstr (out, "entity LOC  P 0.000"));
    g_assert_null (strstr (out, "token  LOC  P 0.000"));
  }
  g_assert_true (g_file_set_contents (bad, "Mr\tO\nSmith\tB-PERSON\n", -1, NULL));
  {
    const char *const *cmds[] = { train_bad, epochs_bad, eval_bad, eval_lists_bad };
    for (guint i = 0; i < G_N_ELEMENTS (cmds); i++)
      {
        g_autofree char *out = NULL, *err = NULL;
        g_assert_cmpint (run (cmds[i], NULL, &out, &err), ==, 2);
        g_test_message ("%s", err);
        g_assert_true (g_str_has_prefix (err, "vigil-cli: "));
        g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
      }
  }
  g_remove (m1);
  g_remove (m2);
  g_remove (bad);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/parse", test_parse);
  g_test_add_func ("/cli/ner", test_ner);
  g_test_add_func ("/cli/parse-stdin", test_parse_stdin);
  g_test_add_func ("/cli/parse-bad", test_parse_bad);
  g_test_add_func ("/cli/parse-deep", test_parse_deep);
  g_test_add_func ("/cli/tag", test_tag);
  g_test_add_func ("/cli/tag-bad", test_tag_bad);
  g_test_add_func ("/cli/render", test_render);
  g_test_add_func ("/cli/render-long", test_render_long);
  g_test_add_func ("/cli/huge-input", test_huge_input);
  g_test_add_func ("/cli/urls", test_urls);
  g_test_add_func ("/cli/opml", test_opml);
  g_test_add_func ("/cli/opml-hostile", test_opml_hostile);
  g_test_add_func ("/cli/match", test_match);
  g_test_add_func ("/cli/match-too-deep", test_match_too_deep);
  g_test_add_func ("/cli/watch", test_watch);
  g_test_add_func ("/cli/watch-first-read", test_watch_first_read);
  {
    g_autoptr (SoupServer) server = vigil_test_server_new (handler, NULL, &base);
    int ret;

    ret = g_test_run ();
    g_free (base);
    return ret;
  }
}
