/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the analysis gives the rest: story clustering, highlights (long and
 * deeply nested HTML), the article page and its desk fields, JSON. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-cluster.h"
#include "vigil-highlight.h"
#include "vigil-html.h"
#include "vigil-test-utils.h"
#include "test-analysis-common.h"

static GPtrArray *
names (const char *first, ...)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, first);
  for (const char *n = first; n; n = va_arg (ap, const char *))
    g_ptr_array_add (out, g_strdup (n));
  va_end (ap);
  return out;
}

static void
test_clustering (void)
{
  const char *wire
      = "BAGHDAD (AFP) - The American embassy in Baghdad has partially withdrawn its staff "
        "due to security concerns, two senior Iraqi officials told AFP late on Wednesday. "
        "Washington has been angered by dozens of rocket attacks.";
  const char *reprint
      = "BAGHDAD - The American embassy in Baghdad has partially withdrawn its staff "
        "due to security concerns, two senior Iraqi officials told AFP late Wednesday. "
        "Washington has been angered by dozens of rocket attacks.";
  const char *other
      = "Farmers in Basra say a mild summer and restored irrigation canals have produced "
        "the best date harvest in ten years, and exports to Kuwait should rise.";
  g_autoptr (VigilClusterer) c = vigil_clusterer_new (48 * 3600);
  g_autoptr (GPtrArray) story = names ("Baghdad", "United States", "Matthew Tueller",
                                       "US Department of State", "Kataeb Hezbollah", NULL);
  g_autoptr (GPtrArray) rewritten = names ("Baghdad", "United States", "Matthew Tueller",
                                           "Kataeb Hezbollah", "Green Zone", NULL);
  g_autoptr (GPtrArray) harvest = names ("Basra", "Kuwait", "Iraq", NULL);
  g_autoptr (GPtrArray) none = names (NULL, NULL);
  g_autoptr (GPtrArray) generic
      = names ("Baghdad", "United States", "Iraq", "Hilla", "Babil", "Security Media Cell", NULL);
  guint64 h1 = vigil_simhash (wire), h2 = vigil_simhash (reprint), h3 = vigil_simhash (other);

  g_test_message ("distances: reprint %u, other %u", vigil_simhash_distance (h1, h2),
                  vigil_simhash_distance (h1, h3));
  g_assert_cmpuint (vigil_simhash_distance (h1, h2), <=, 10);
  g_assert_cmpuint (vigil_simhash_distance (h1, h3), >, 20);

  vigil_clusterer_add (c, 10, 10, 100000, h1, story);
  vigil_clusterer_add (c, 11, 11, 100000, h3, harvest);
  /* A reprint of the wire text joins its story. */
  g_assert_cmpint (vigil_clusterer_find (c, 101000, h2, none), ==, 10);
  /* A rewritten headline about the same people, organisations and places joins it too. */
  g_assert_cmpint (
      vigil_clusterer_find (c, 103000,
                            vigil_simhash ("Diplomats leave Baghdad as US orders partial drawdown"),
                            rewritten),
      ==, 10);
  /* Two places in common is not a story. */
  g_assert_cmpint (
      vigil_clusterer_find (c, 103000, vigil_simhash ("Roadside bomb hits convoy south of Baghdad"),
                            generic),
      ==, 0);
  /* Three days later it is another story. */
  g_assert_cmpint (vigil_clusterer_find (c, 100000 + 3 * 86400, h2, story), ==, 0);
}

static void
test_highlight (void)
{
  g_autoptr (VigilAnalysis) a = NULL;
  g_autofree char *out
      = vigil_highlight_html (gaz,
                              "<p>Bombing by <em>Kataeb</em> Hezbollah in <a "
                              "href=\"https://x.test/\">Baghdad</a> &amp; a rocket.</p>"
                              "<p>Iraq</p>",
                              &a);

  g_assert_cmpstr (
      out, ==,
      "<p><mark class=\"vigil-risk vigil-risk-ied\" title=\"Risk term, Explosives (clear sign): "
      "bombing\">Bombing</mark> by "
      "<em><mark class=\"vigil-ent-organization\" title=\"Organisation: Kataeb "
      "Hezbollah\" data-entity=\"Kataeb Hezbollah\">Kataeb</mark></em>"
      " <mark class=\"vigil-ent-organization\" title=\"Organisation: Kataeb "
      "Hezbollah\" data-entity=\"Kataeb Hezbollah\">Hezbollah</mark> in "
      "<a href=\"https://x.test/\"><mark class=\"vigil-ent-location\" title=\"Place: Baghdad "
      "(IQ)\" data-entity=\"Baghdad\">Baghdad</mark></a>"
      " &amp; a <mark class=\"vigil-risk vigil-risk-indirect-fire\" title=\"Risk term, "
      "Indirect fire (strong sign): rocket\">rocket</mark>.</p>"
      "<p><mark class=\"vigil-ent-location\" title=\"Place: Iraq (IQ)\" "
      "data-entity=\"Iraq\">Iraq</mark></p>");
  g_assert_cmpuint (a->entities->len, ==, 3);
}

static void
test_json (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "Rockets hit Erbil.", 0);
  g_autofree char *json = vigil_analysis_to_json (a, FALSE);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *ent, *risk;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  ent = json_array_get_object_element (json_object_get_array_member (root, "entities"), 0);
  g_assert_cmpstr (json_object_get_string_member (ent, "text"), ==, "Erbil");
  g_assert_cmpstr (json_object_get_string_member (ent, "type"), ==, "location");
  g_assert_cmpint (json_object_get_int_member (ent, "start"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (ent, "end"), ==, 17);
  g_assert_cmpstr (json_object_get_string_member (ent, "country"), ==, "IQ");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ent, "lat"), 36.19, 1e-9);
  risk = json_array_get_object_element (json_object_get_array_member (root, "risks"), 0);
  g_assert_cmpstr (json_object_get_string_member (risk, "term"), ==, "rockets");
  g_assert_cmpstr (json_object_get_string_member (risk, "category"), ==, "indirect-fire");
  g_assert_cmpint (json_object_get_int_member (risk, "weight"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (risk, "end"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (root, "score"), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (root, "level"), ==, "elevated");
}

/* The seed article (names, places and risk terms in every sentence), as HTML
 * paragraphs repeated to about `size` bytes. */
static char *
entity_dense_html (gsize size)
{
  g_autofree char *seed
      = vigil_test_read_file (NULL, "fuzz", "corpus", "highlight", "seed-embassy.txt", NULL);
  g_auto (GStrv) paragraphs = NULL;
  GString *html = g_string_new (NULL);

  paragraphs = g_strsplit (seed, "\n\n", -1);
  /* Long text nodes are the hard case: paragraphs of about 100 KB. */
  while (html->len < size)
    {
      gsize start = html->len;
      g_string_append (html, "<p>");
      while (html->len - start < 100 * 1024 && html->len < size)
        for (guint i = 0; paragraphs[i]; i++)
          {
            g_autofree char *escaped = vigil_html_escape (g_strstrip (paragraphs[i]));
            g_string_append_printf (html, "%s ", escaped);
          }
      g_string_append_printf (html, "<em>(%u)</em></p>", (guint) html->len);
    }
  return g_string_free (html, FALSE);
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* 400 KB of entity-dense text: marks inserted in one pass, well under 2 s
 * (it took 47 s when every span was looked for in every text node). */
static void
test_highlight_long (void)
{
  g_autofree char *html = entity_dense_html (400 * 1024);
  g_autoptr (VigilAnalysis) a = NULL;
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;
  guint marks;

  out = vigil_highlight_html (gaz, html, &a);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("highlighted %zu bytes in %.2f s", strlen (html), seconds);
  marks = count (out, "<mark ");
  g_assert_cmpuint (marks, ==, a->entities->len + a->risks->len);
  g_assert_cmpuint (marks, >, 5000);
  /* The last paragraph is highlighted too, and no text was lost. */
  g_assert_nonnull (strstr (strrchr (out, '('), "</p>"));
  g_assert_cmpuint (count (out, "<p>"), ==, count (html, "<p>"));
  {
    g_autofree char *t1 = vigil_html_sanitized_to_text (html);
    g_autofree char *t2 = vigil_html_sanitized_to_text (out);
    g_assert_cmpstr (t1, ==, t2);
  }
}

/* An alarming sentence after 300 nested spans is highlighted and scored. */
static void
test_highlight_deep (void)
{
  GString *s = g_string_new ("<p>A calm council meeting on the budget.</p><p>");
  g_autofree char *raw = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_raw = NULL;
  g_autoptr (VigilAnalysis) a = NULL;
  g_autoptr (VigilAnalysis) a_raw = NULL;

  vigil_test_append_repeated (s, "<span>", 300);
  g_string_append (s, "The US embassy in Baghdad ordered a drawdown after rocket attacks.");
  vigil_test_append_repeated (s, "</span>", 300);
  g_string_append (s, "</p>");
  raw = g_string_free (s, FALSE);
  clean = vigil_html_sanitize (raw, NULL);
  out = vigil_highlight_html (gaz, clean, &a);
  g_assert_nonnull (
      strstr (out, "title=\"Risk term, Evacuation (strong sign): drawdown\">drawdown</mark>"));
  g_assert_nonnull (strstr (out, "data-entity=\"Baghdad\">Baghdad</mark>"));
  g_assert_cmpint (a->score, >=, 20);
  /* HTML that did not come through the sanitiser (stored before it flattened
   * deep nesting) loses nothing either. */
  out_raw = vigil_highlight_html (gaz, raw, &a_raw);
  g_assert_nonnull (strstr (out_raw, ">drawdown</mark>"));
  g_assert_cmpint (a_raw->score, ==, a->score);
}

/* What the feed said beyond the text is on the page: the outlet it came
 * from, its attachments (type, size, duration; a hostile address left out,
 * a title escaped) and its comments page. */
static void
test_article_page_desk_fields (void)
{
  g_autoptr (VigilArticle) a = vigil_article_new ();
  g_autofree char *page = NULL;
  VigilEnclosure *audio = g_new0 (VigilEnclosure, 1);
  VigilEnclosure *hostile = g_new0 (VigilEnclosure, 1);
  VigilEnclosure *doc = g_new0 (VigilEnclosure, 1);

  a->title = g_strdup ("Briefing");
  a->source_title = g_strdup ("Google News");
  a->content = g_strdup ("<p>The governor spoke.</p>");
  a->origin_title = g_strdup ("Baghdad <Post>");
  a->origin_url = g_strdup ("https://post.example.test/");
  a->comments = g_strdup ("https://desk.example.test/briefing#comments");
  audio->url = g_strdup ("https://desk.example.test/briefing.mp3");
  audio->type = g_strdup ("audio/mpeg");
  audio->length = 2400000;
  audio->title = g_strdup ("Briefing <b>1</b>");
  audio->duration = 754;
  hostile->url = g_strdup ("javascript:alert(1)");
  hostile->length = -1;
  hostile->duration = -1;
  doc->url = g_strdup ("https://desk.example.test/files/report.pdf");
  doc->type = g_strdup ("application/pdf");
  doc->length = -1;
  doc->duration = 3725;
  g_ptr_array_add (a->enclosures, audio);
  g_ptr_array_add (a->enclosures, hostile);
  g_ptr_array_add (a->enclosures, doc);
  page = vigil_article_page_render (gaz, a, FALSE, 0, FALSE, FALSE);
  g_test_message ("%s", strstr (page, "<section") ? strstr (page, "<section") : page);
  g_assert_nonnull (
      strstr (page, "via <a href=\"https://post.example.test/\">Baghdad &lt;Post&gt;</a>"));
  g_assert_nonnull (strstr (page, "<section id=\"vigil-attachments\">"));
  g_assert_nonnull (strstr (page, "<a href=\"https://desk.example.test/briefing.mp3\">Briefing "
                                  "&lt;b&gt;1&lt;/b&gt;</a> <span class=\"meta\">audio/mpeg · "
                                  "2.4\u00a0MB · 12:34</span>"));
  g_assert_nonnull (strstr (page, ">report.pdf</a> <span class=\"meta\">application/pdf · "
                                  "1:02:05</span>"));
  g_assert_null (strstr (page, "javascript:"));
  g_assert_nonnull (strstr (page, "<p id=\"vigil-comments\"><a "
                                  "href=\"https://desk.example.test/briefing#comments\">"));
}

static VigilPerson *
page_person (const char *name, const char *email)
{
  VigilPerson *p = g_new0 (VigilPerson, 1);

  p->name = g_strdup (name);
  p->email = g_strdup (email);
  return p;
}

/* Every author is in the header line (issue 16), each name isolated and
 * escaped, listed "By A and B", "By A, B and C"; a name given twice once; an
 * e-mail address for an author without a name; an article stored with only
 * its first author shows that one. */
static void
test_article_page_authors (void)
{
  g_autoptr (VigilArticle) two = vigil_article_new ();
  g_autoptr (VigilArticle) three = vigil_article_new ();
  g_autoptr (VigilArticle) old = vigil_article_new ();
  g_autoptr (VigilArticle) none = vigil_article_new ();
  g_autofree char *page = NULL;

  two->title = g_strdup ("Talks resume");
  two->content = g_strdup ("<p>Talks resumed.</p>");
  two->author = g_strdup ("Leila Hassan");
  g_ptr_array_add (two->authors, page_person ("Leila Hassan", NULL));
  g_ptr_array_add (two->authors, page_person ("سارة <b>", "s@example.test"));
  page = vigil_article_page_render (gaz, two, FALSE, 0, FALSE, FALSE);
  g_assert_nonnull (strstr (page, " · By <bdi>Leila Hassan</bdi> and <bdi>سارة &lt;b&gt;</bdi>"));
  g_clear_pointer (&page, g_free);

  three->title = g_strdup ("Talks resume");
  three->author = g_strdup ("A. Writer");
  g_ptr_array_add (three->authors, page_person ("A. Writer", NULL));
  g_ptr_array_add (three->authors, page_person (NULL, "desk@example.test"));
  g_ptr_array_add (three->authors, page_person ("A. Writer", NULL));
  g_ptr_array_add (three->authors, page_person ("C. Writer", NULL));
  page = vigil_article_page_render (gaz, three, FALSE, 0, FALSE, FALSE);
  g_assert_nonnull (strstr (page, " · By <bdi>A. Writer</bdi>, <bdi>desk@example.test</bdi> and "
                                  "<bdi>C. Writer</bdi>"));
  g_clear_pointer (&page, g_free);

  old->title = g_strdup ("Talks resume");
  old->author = g_strdup ("Only <One>");
  page = vigil_article_page_render (gaz, old, FALSE, 0, FALSE, FALSE);
  g_assert_nonnull (strstr (page, " · By <bdi>Only &lt;One&gt;</bdi>"));
  g_clear_pointer (&page, g_free);

  none->title = g_strdup ("Talks resume");
  page = vigil_article_page_render (gaz, none, FALSE, 0, FALSE, FALSE);
  g_assert_null (strstr (page, " · By "));
}

/* The page the article view loads: a long article says it was shortened,
 * whether the store shortened it or an older Vigil stored it whole. */
static void
test_article_page (void)
{
  g_autoptr (VigilArticle) a = vigil_article_new ();
  g_autoptr (VigilArticle) legacy = vigil_article_new ();
  g_autofree char *page = NULL;
  g_autofree char *legacy_page = NULL;
  g_autofree char *long_html = entity_dense_html (3 * 1024 * 1024);
  gint64 start;

  a->title = g_strdup ("Embassy drawdown");
  a->content = g_strdup ("<p>The embassy in <b>Baghdad</b> ordered a drawdown.</p>");
  page = vigil_article_page_render (gaz, a, FALSE, 0, FALSE, FALSE);
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (page, "<article id=\"vigil-body\"><p>The embassy in <b><mark "));
  g_assert_null (strstr (page, "id=\"vigil-shortened\""));

  legacy->title = g_strdup ("A very long report");
  legacy->content = g_strdup (long_html);
  g_assert_true (vigil_article_limit_size (legacy));
  g_assert_true (vigil_article_html_is_shortened (legacy->content));
  g_assert_cmpuint (strlen (legacy->content), <=, VIGIL_ARTICLE_MAX_HTML + 1024);
  start = g_get_monotonic_time ();
  legacy_page = vigil_article_page_render (gaz, legacy, FALSE, 0, FALSE, FALSE);
  g_test_message ("1 MiB article page in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_nonnull (strstr (legacy_page, "<article id=\"vigil-body\"><p class=\"vigil-shortened\" "
                                         "id=\"vigil-shortened\" role=\"note\">Article shortened"));
  g_assert_null (strstr (legacy_page, VIGIL_ARTICLE_SHORTENED_MARK));
  {
    /* Stored whole: shown the same as it is stored now. */
    g_autoptr (VigilArticle) whole = vigil_article_new ();
    g_autofree char *whole_page = NULL;
    whole->title = g_strdup ("A very long report");
    whole->content = g_strdup (long_html);
    whole_page = vigil_article_page_render (gaz, whole, FALSE, 0, FALSE, FALSE);
    g_assert_cmpstr (whole_page, ==, legacy_page);
  }
  {
    /* A headline is cut too. */
    g_autoptr (VigilArticle) t = vigil_article_new ();
    t->title = g_strnfill (100000, 'x');
    g_assert_true (vigil_article_limit_size (t));
    g_assert_cmpuint (strlen (t->title), <=, VIGIL_ARTICLE_MAX_TITLE + 3);
    g_assert_true (g_str_has_suffix (t->title, "…"));
  }
}

int
main (int argc, char *argv[])
{
  analysis_test_init (&argc, &argv);
  g_test_add_func ("/analysis/highlight", test_highlight);
  g_test_add_func ("/analysis/highlight-long", test_highlight_long);
  g_test_add_func ("/analysis/highlight-deep", test_highlight_deep);
  g_test_add_func ("/analysis/article-page", test_article_page);
  g_test_add_func ("/analysis/article-page-desk-fields", test_article_page_desk_fields);
  g_test_add_func ("/analysis/article-page-authors", test_article_page_authors);
  g_test_add_func ("/analysis/clustering", test_clustering);
  g_test_add_func ("/analysis/json", test_json);
  return analysis_test_run ();
}
