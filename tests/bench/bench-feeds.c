/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feed engine benchmark (issue 3): parsing throughput against Debian's
 * python3-feedparser on the same 1,000 generated feeds of 50 items in four
 * formats, store ingest rate, and full-text query latency over 200,000 articles.
 * Prints a table; run with `meson test -C _build --benchmark --suite bench -v`. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vigil-article-list.h"
#include "vigil-alert-engine.h"
#include "vigil-feed-parser.h"
#include "vigil-html-private.h"
#include "vigil-html.h"
#include "vigil-store.h"

#define N_FEEDS 1000
#define N_ITEMS 50
/* The share of items whose HTML carries the markup real feeds send besides
 * tidy paragraphs (see append_messy_paragraph); what share of all items the
 * sanitiser's fallback path then takes is measured and printed. */
#define MESSY_SHARE 0.4
/* The share of the HTML texts in feedparser's conformance corpus (all 2,126
 * files, 707 texts sanitised) that the fast path refuses, so that the
 * sanitiser's fallback path (libxml2's HTML parser) does their work: 158 of
 * 707, 22.3 %, with the fast path of 2026-12-02 (which took tables, pre,
 * definition lists, center, HTML 5 sections, strike/tt and iframes). The run
 * measures it again when ../shared/conformance is present and generates its
 * items to that share; this figure is used only without the corpus.
 * How: each item is first drawn as slow or not with that probability; a slow
 * item's second paragraph is one of the corpus's kinds of markup outside the
 * fast path's subset (parser_kinds[], as often as the corpus has each), and
 * an item's body is drawn again until the fast path refuses it exactly when
 * the item was drawn slow (vigil_html_sanitize_fast). Drawing the kinds
 * alone at their corpus share left the fallback at about 11 %: the fast path
 * now takes several of those kinds when they come alone, where the corpus's
 * texts of those kinds mostly carry other markup besides. */
#define CORPUS_SLOW_SHARE 0.223
/* The targets of issue 16, checked: parsing at least this many times
 * python3-feedparser's rate on the same files. */
#define TARGET_PARSE_RATIO 50.0
/* and storing at least this many articles a second. */
#define TARGET_INGEST_RATE 20000.0

/* News-like text: a Zipf-distributed vocabulary of 5,000 generated words, with
 * the desk's terms mixed in at the rate of real news (about 2 % of words). */
static const char *const desk_words[] = {
  "embassy", "Baghdad", "rocket",  "officials",  "security",   "convoy",   "ministry",
  "protest", "curfew",  "flood",   "evacuation", "province",   "governor", "militia",
  "drone",   "airport", "border",  "talks",      "ceasefire",  "aid",      "hospital",
  "market",  "oil",     "prices",  "election",   "parliament", "court",    "journalists",
  "police",  "army",    "village", "river",      "harvest",    "school",   "bridge",
  "road",    "attack",  "attacks", "strike",     "mortar",     "hit",      "diplomats",
};
/* What desks search for, as news writes it: a phrase now and then (one in ten
 * thousand words: in about one article in fifty), so that the "rocket attack"
 * search and the NEAR/8 rule below have something to find. */
static const char *const desk_phrases[] = {
  "rocket attack",
  "a rocket attack on the base",
  "mortar strike",
  "drone strike",
  "rockets hit the base",
  "security convoy",
  "ordered departure of embassy staff",
  "attack with a rocket",
  "drone attack",
  "the rocket that hit",
};
static char *vocabulary[5000];

static void
make_vocabulary (GRand *r)
{
  static const char *const syllables[]
      = { "ka", "ri", "to", "men", "sa",  "lo", "vi", "dan", "per", "ul",
          "ex", "na", "mo", "tre", "gal", "is", "or", "be",  "cu",  "fen" };
  for (guint i = 0; i < G_N_ELEMENTS (vocabulary); i++)
    {
      GString *w = g_string_new (NULL);
      int n = 1 + g_rand_int_range (r, 1, 4);
      for (int k = 0; k < n; k++)
        g_string_append (w, syllables[g_rand_int_range (r, 0, G_N_ELEMENTS (syllables))]);
      vocabulary[i] = g_string_free (w, FALSE);
    }
}

static void
append_words (GString *s, GRand *r, int n)
{
  for (int i = 0; i < n; i++)
    {
      double u = g_rand_double (r);
      if (i)
        g_string_append_c (s, ' ');
      if (u < 0.0001)
        g_string_append (s, desk_phrases[g_rand_int_range (r, 0, G_N_ELEMENTS (desk_phrases))]);
      else if (u < 0.02)
        g_string_append (s, desk_words[g_rand_int_range (r, 0, G_N_ELEMENTS (desk_words))]);
      else
        {
          /* Zipf-like: a few words are very common, most are rare. */
          double z = g_rand_double (r);
          guint index = (guint) (G_N_ELEMENTS (vocabulary) * z * z * z);
          g_string_append (s, vocabulary[MIN (index, G_N_ELEMENTS (vocabulary) - 1)]);
        }
    }
}

/* A paragraph as pieces: each piece's markup, then that many generated words
 * (none for 0); the list ends with a NULL piece. */
typedef struct
{
  const char *markup;
  int words;
} Piece;

static void
append_pieces (GString *s, GRand *r, const Piece *piece)
{
  for (; piece->markup != NULL; piece++)
    {
      g_string_append (s, piece->markup);
      if (piece->words > 0)
        append_words (s, r, piece->words);
    }
}

/* Tidy markup: paragraphs, a link, bold; what the sanitiser's fast path takes. */
static void
append_tidy_paragraph (GString *s, GRand *r)
{
  static const Piece tidy[] = {
    { "<p>", 25 },     { " <a href=\"https://news.example.test/story\">", 3 },
    { "</a> <b>", 2 }, { "</b> ", 30 },
    { ".</p>", 0 },    { NULL, 0 },
  };

  append_pieces (s, r, tidy);
}

/* The markup real feeds send beside it, in shapes met in feedparser's corpus
 * and in the wild: named and numeric entities, comments, inline styles,
 * <font>, unquoted attributes, misnested inline elements, a paragraph left
 * open, a FeedBurner-style tracking image and share links, an ad script. */
static void
append_messy_paragraph (GString *s, GRand *r)
{
  static const Piece messy[8][5] = {
    {
        { "<p>", 20 },
        { "&nbsp;&mdash; &#8220;", 6 },
        { "&#8221; &rsquo;", 25 },
        { "</p>", 0 },
    },
    {
        { "<!-- story body --><p style=\"margin:0 0 1em;color:#333\">", 40 },
        { "</p><!-- /story body -->", 0 },
    },
    {
        { "<font face=\"Arial\" size=\"2\">", 35 },
        { "</font><br><br>", 0 },
    },
    {
        { "<p><img src=https://cdn.example.test/photo.jpg width=300 height=200 "
          "alt=photo align=left>",
          40 },
        { "</p>", 0 },
    },
    /* the paragraph is never closed */
    {
        { "<p><b><i>", 6 },
        { "</b></i> ", 30 },
        { "<p>", 20 },
    },
    {
        { "<div class=\"feedflare\"><a href=\"https://feeds.example.test/~ff/"
          "x?a=1\"><img src=\"https://feeds.example.test/~ff/x?d=2\" "
          "border=\"0\"></img></a></div><img src=\"https://feeds.example.test/"
          "~r/x/~4/abc\" height=\"1\" width=\"1\" alt=\"\"/>",
          0 },
    },
    {
        { "<p><span style=\"font-weight:bold\">", 5 },
        { "</span> ", 30 },
        { " <a href=\"https://news.example.test/story\" target=_blank>", 3 },
        { "</a></p>", 0 },
    },
    {
        { "<p>", 30 },
        { "</p><script type=\"text/javascript\">ads.push({slot: 1});</script>", 0 },
    },
  };

  /* (the pieces a row does not fill are zeros: its NULL end) */
  append_pieces (s, r, messy[g_rand_int_range (r, 0, G_N_ELEMENTS (messy))]);
}

/* The markup feedparser's conformance corpus (../shared/conformance, all its
 * feeds) holds outside that subset, which only libxml2's HTML parser reads, by
 * kind with the number of its texts of each kind (168 of its 707 HTML texts;
 * counted with the fast path of 2026-12, see CORPUS_SLOW_SHARE): elements the
 * common subset leaves out (tables, pre, center, definition lists, HTML5
 * sections, media, strike/tt), active content to drop (iframes, object/embed,
 * stylesheets and meta refresh, forms), editor pastes (long inline styles and
 * layout tables), inline SVG, whole documents, Windows-1252 characters. */
static const Piece parser_elements[][8] = {
  {
      { "<table><tr><td>", 4 },
      { "</td><td>", 12 },
      { "</td></tr><tr><td>", 4 },
      { "</td><td>", 12 },
      { "</td></tr></table>", 0 },
  },
  { { "<p>", 10 }, { ":</p><pre>", 12 }, { "</pre>", 0 } },
  { { "<center><b>", 5 }, { "</b><br>", 20 }, { "</center>", 0 } },
  { { "<dl><dt>", 3 },
    { "</dt><dd>", 20 },
    { "</dd><dt>", 3 },
    { "</dt><dd>", 15 },
    { "</dd></dl>", 0 } },
  { { "<section><header><h2>", 6 }, { "</h2></header><p>", 30 }, { "</p></section>", 0 } },
  {
      { "<video controls poster=\"https://cdn.example.test/p.jpg\"><source "
        "src=\"https://cdn.example.test/v.mp4\" type=\"video/mp4\"></video><p>",
        30 },
      { "</p>", 0 },
  },
  { { "<p><strike>", 5 }, { "</strike> <tt>", 3 }, { "</tt> ", 20 }, { "</p>", 0 } },
};
static const Piece parser_active[][8] = {
  {
      { "<p>", 25 },
      { "</p><iframe width=\"560\" height=\"315\" src=\"https://www.youtube.test/embed/x\" "
        "frameborder=\"0\" allowfullscreen></iframe><p>",
        15 },
      { "</p>", 0 },
  },
  {
      { "<object width=\"400\" height=\"300\"><param name=\"movie\" "
        "value=\"https://media.example.test/v.swf\"></param><embed "
        "src=\"https://media.example.test/v.swf\" type=\"application/x-shockwave-flash\" "
        "width=\"400\" height=\"300\"></embed></object><p>",
        30 },
      { "</p>", 0 },
  },
  {
      { "<link rel=\"stylesheet\" type=\"text/css\" href=\"https://news.example.test/s.css\">"
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><p>",
        35 },
      { "</p>", 0 },
  },
  {
      { "<p>", 25 },
      { "</p><form action=\"https://news.example.test/subscribe\" method=\"post\"><input "
        "type=\"text\" name=\"email\"><button>",
        2 },
      { "</button></form>", 0 },
  },
};
static const Piece parser_paste[][8] = {
  {
      { "<span class=\"Apple-style-span\" style=\"color: rgb(38, 57, 77); font-family: Verdana; "
        "font-size: 12px; line-height: 19px; -webkit-border-horizontal-spacing: 1px;\">",
        30 },
      { "</span><br /><table id=\"ipb-table\" cellspacing=\"1\" cellpadding=\"4\"><tr><td "
        "class=\"row1\">",
        15 },
      { "</td></tr></table>", 0 },
  },
  {
      { "<table style=\"width: 100%;\"><tbody><tr style=\"background: yellow none repeat scroll "
        "0%;\"><td>",
        20 },
      { "</td></tr></tbody></table>", 0 },
  },
};
static const Piece parser_svg[][8] = {
  {
      { "<p>", 20 },
      { "</p><svg version=\"1.1\" width=\"300px\" height=\"200px\" "
        "xmlns=\"http://www.w3.org/2000/svg\"><title>",
        3 },
      { "</title><circle cx=\"150px\" cy=\"100px\" r=\"50px\" fill=\"#ff0000\"/></svg>", 0 },
  },
};
static const Piece parser_document[][8] = {
  {
      { "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
        "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><html "
        "xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>",
        5 },
      { "</title></head><body><p>", 35 },
      { "</p></body></html>", 0 },
  },
};
static const Piece parser_cp1252[][8] = {
  { { "<p>", 15 }, { " don&#146;t ", 15 }, { " &#150; ", 10 }, { "</p>", 0 } },
};
static const struct
{
  const Piece (*rows)[8];
  guint n_rows;
  guint corpus_texts; /* of this kind in the corpus */
} parser_kinds[] = {
  { parser_elements, G_N_ELEMENTS (parser_elements), 77 },
  { parser_active, G_N_ELEMENTS (parser_active), 53 },
  { parser_paste, G_N_ELEMENTS (parser_paste), 15 },
  { parser_svg, G_N_ELEMENTS (parser_svg), 11 },
  { parser_document, G_N_ELEMENTS (parser_document), 6 },
  { parser_cp1252, G_N_ELEMENTS (parser_cp1252), 6 },
};

/* A paragraph of one of those kinds, each as often as in the corpus. */
static void
append_parser_paragraph (GString *s, GRand *r)
{
  guint total = 0, pick;

  for (guint k = 0; k < G_N_ELEMENTS (parser_kinds); k++)
    total += parser_kinds[k].corpus_texts;
  pick = (guint) g_rand_int_range (r, 0, (gint32) total);
  for (guint k = 0; k < G_N_ELEMENTS (parser_kinds); k++)
    {
      if (pick < parser_kinds[k].corpus_texts)
        {
          guint row = (guint) g_rand_int_range (r, 0, (gint32) parser_kinds[k].n_rows);
          append_pieces (s, r, parser_kinds[k].rows[row]);
          return;
        }
      pick -= parser_kinds[k].corpus_texts;
    }
}

/* The share of items whose HTML the fast path refuses: the corpus's, measured
 * at the start of the run (CORPUS_SLOW_SHARE without the corpus). */
static double slow_share = CORPUS_SLOW_SHARE;

/* Three paragraphs. A slow item (slow_share of them) carries markup of the
 * corpus's kinds outside the fast path's subset in its second paragraph; the
 * others' markup is messy with the probability given. Drawn again until the
 * fast path refuses the body exactly when the item is slow. */
static char *
body_html (GRand *r, double messy)
{
  gboolean slow = g_rand_double (r) < slow_share;

  for (guint tries = 0;; tries++)
    {
      GString *s = g_string_new (NULL);
      gboolean mess = g_rand_double (r) < messy;
      g_autofree char *fast = NULL;

      for (int p = 0; p < 3; p++)
        if (slow && p == 1)
          append_parser_paragraph (s, r);
        else if (mess && (p == 1 || g_rand_boolean (r)))
          append_messy_paragraph (s, r);
        else
          append_tidy_paragraph (s, r);
      fast = vigil_html_sanitize_fast (s->str, "https://bench.example.test/");
      if ((fast == NULL) == slow || tries == 1000)
        return g_string_free (s, FALSE);
      g_string_free (s, TRUE);
    }
}

static char *
xml_escape (const char *s)
{
  return g_markup_escape_text (s, -1);
}

static char *
make_feed (int n, GRand *r)
{
  GString *s = g_string_new (NULL);
  int kind = n % 4;
  g_autoptr (GDateTime) base = g_date_time_new_utc (2026, 11, 1, 0, 0, 0);

  if (kind == 0)
    g_string_append_printf (
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Feed %d</title>"
        "<link>https://f%d.example.test/</link><description>Bench</description>\n",
        n, n);
  else if (kind == 1)
    g_string_append_printf (
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        "<title>Feed %d</title><id>urn:f%d</id><updated>2026-11-01T00:00:00Z</updated>"
        "<link href=\"https://f%d.example.test/\"/>\n",
        n, n, n);
  else if (kind == 2)
    g_string_append_printf (
        s,
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Feed %d\","
        "\"home_page_url\":\"https://f%d.example.test/\",\"items\":[\n",
        n, n);
  else
    g_string_append_printf (
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF "
        "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
        "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        "<channel rdf:about=\"https://f%d.example.test/\"><title>Feed %d</title>"
        "<link>https://f%d.example.test/</link><description>Bench</description></channel>\n",
        n, n, n);
  for (int i = 0; i < N_ITEMS; i++)
    {
      g_autoptr (GString) title = g_string_new (NULL);
      g_autofree char *body = body_html (r, MESSY_SHARE);
      g_autofree char *title_x = NULL;
      g_autofree char *body_x = NULL;
      g_autoptr (GDateTime) when = g_date_time_add_minutes (base, n * 7 + i * 13);
      g_autofree char *rfc = g_date_time_format (when, "%a, %d %b %Y %H:%M:%S +0000");
      g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");

      append_words (title, r, 8);
      title_x = xml_escape (title->str);
      body_x = xml_escape (body);
      if (kind == 0)
        {
          /* Half of RSS 2.0's descriptions in CDATA, half escaped, as feeds send them. */
          gboolean cdata = i % 2 == 1;

          g_string_append_printf (
              s,
              "<item><title>%s</title><link>https://f%d.example.test/%d</link>"
              "<guid>f%d-%d</guid><pubDate>%s</pubDate><dc:creator>Desk</dc:creator>"
              "<description>%s%s%s</description></item>\n",
              title_x, n, i, n, i, rfc, cdata ? "<![CDATA[" : "", cdata ? body : body_x,
              cdata ? "]]>" : "");
        }
      else if (kind == 1)
        g_string_append_printf (
            s,
            "<entry><title>%s</title><link href=\"https://f%d.example.test/%d\"/>"
            "<id>urn:f%d:%d</id><updated>%s</updated><author><name>Desk</name></author>"
            "<content type=\"html\">%s</content></entry>\n",
            title_x, n, i, n, i, iso, body_x);
      else if (kind == 2)
        {
          g_autoptr (JsonNode) t = json_node_init_string (json_node_alloc (), title->str);
          g_autoptr (JsonNode) b = json_node_init_string (json_node_alloc (), body);
          g_autofree char *tj = json_to_string (t, FALSE);
          g_autofree char *bj = json_to_string (b, FALSE);
          g_string_append_printf (
              s,
              "%s{\"id\":\"f%d-%d\",\"url\":\"https://f%d.example.test/%d\",\"title\":%s,"
              "\"content_html\":%s,\"date_published\":\"%s\"}\n",
              i ? "," : "", n, i, n, i, tj, bj, iso);
        }
      else
        g_string_append_printf (s,
                                "<item rdf:about=\"https://f%d.example.test/%d\"><title>%s</title>"
                                "<link>https://f%d.example.test/%d</link><dc:date>%s</dc:date>"
                                "<description>%s</description></item>\n",
                                n, i, title_x, n, i, iso, body_x);
    }
  g_string_append (s, kind == 0   ? "</channel></rss>\n"
                      : kind == 1 ? "</feed>\n"
                      : kind == 2 ? "]}\n"
                                  : "</rdf:RDF>\n");
  return g_string_free (s, FALSE);
}

/* The generated feeds and database take a few hundred megabytes: removed at the end. */
static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/* This process's CPU time so far, user and system. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The share of feedparser's conformance corpus's HTML texts that the
 * sanitiser gives to the parser, measured now over every file of its tests/
 * (extracted under dir): FALSE when the corpus is not beside the tree. */
static gboolean
corpus_parser_share (const char *dir, guint *out_texts, guint *out_parser)
{
  g_autofree char *shared
      = g_build_filename (BENCH_DIR, "..", "..", "..", "shared", "conformance", NULL);
  g_autofree char *into = g_build_filename (dir, "conformance", NULL);
  g_autoptr (GDir) d = g_dir_open (shared, 0, NULL);
  g_autoptr (GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tarball = NULL;
  const char *name;
  guint fast0, parser0, fast1, parser1;
  int status = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "feedparser-tests-") && g_str_has_suffix (name, ".tar.xz"))
      tarball = g_build_filename (shared, name, NULL);
  if (tarball == NULL)
    return FALSE;
  g_mkdir_with_parents (into, 0700);
  {
    const char *tar_argv[] = { "tar", "-xJf", tarball, "-C", into, NULL };
    if (!g_spawn_sync (NULL, (char **) tar_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, NULL)
        || status != 0)
      return FALSE;
  }
  vigil_html_sanitize_counts (&fast0, &parser0);
  g_ptr_array_add (todo, g_strdup (into));
  while (todo->len > 0)
    {
      g_autofree char *path = g_ptr_array_steal_index (todo, todo->len - 1);
      g_autoptr (GDir) sub = g_dir_open (path, 0, NULL);
      while (sub != NULL && (name = g_dir_read_name (sub)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          g_autofree char *data = NULL;
          gsize len;
          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (todo, g_steal_pointer (&child));
          else if (g_file_get_contents (child, &data, &len, NULL))
            {
              VigilParsedFeed *feed
                  = vigil_feed_parse (data, len, "http://example.test/", NULL, NULL);
              if (feed != NULL)
                vigil_parsed_feed_free (feed);
            }
        }
    }
  vigil_html_sanitize_counts (&fast1, &parser1);
  *out_texts = fast1 - fast0 + parser1 - parser0;
  *out_parser = parser1 - parser0;
  return TRUE;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-bench-XXXXXX", &error);
  g_autofree char *feeds_dir = g_build_filename (dir, "feeds", NULL);
  g_autoptr (GRand) r = g_rand_new_with_seed (42);
  GPtrArray *blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GPtrArray) parsed
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_parsed_feed_free);
  gsize total_bytes = 0;
  guint items = 0;
  double vigil_s = 0, xml_s = 0, fp_s = -1, xml_cpu_s = G_MAXDOUBLE, fp_cpu_s = -1;
  guint xml_items = 0;
  gsize xml_bytes = 0;
  guint fp_items = 0;
  int exit_status = 0;
  gboolean ingest_only = argc == 2 && g_str_equal (argv[1], "--ingest-only");
  gint64 t0;
  guint fast0, parser0, fast1, parser1, html_items, html_fallback, corpus_texts = 0,
                                                                   corpus_parser = 0;
  gboolean have_corpus;
  guint segments0, segments1;

  /* The corpus's share of texts the fast path refuses, measured first: the
   * generated items are drawn to it (see CORPUS_SLOW_SHARE). */
  have_corpus = corpus_parser_share (dir, &corpus_texts, &corpus_parser);
  if (have_corpus && corpus_texts > 0)
    slow_share = (double) corpus_parser / corpus_texts;
  make_vocabulary (r);
  g_mkdir_with_parents (feeds_dir, 0700);
  for (int n = 0; n < N_FEEDS; n++)
    {
      char *feed = make_feed (n, r);
      g_autofree char *path
          = g_strdup_printf ("%s/feed-%04d.%s", feeds_dir, n, n % 4 == 2 ? "json" : "xml");
      gsize len = strlen (feed);
      g_file_set_contents (path, feed, len, NULL);
      total_bytes += len;
      g_ptr_array_add (blobs, g_bytes_new_take (feed, len));
    }

  /* 1. Parsing, from memory, one core: everything `vigil-cli parse` does but
   * printing (dates, URLs, and summary/content sanitised). Timed separately for
   * the XML files, which are the ones feedparser reads. */
  vigil_html_sanitize_counts (&fast0, &parser0);
  segments0 = vigil_html_sanitize_segments ();
  for (guint i = 0; i < blobs->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (blobs, i), &len);
      gint64 start = g_get_monotonic_time ();
      VigilParsedFeed *feed
          = vigil_feed_parse (data, len, "https://bench.example.test/", NULL, &error);
      double took = (g_get_monotonic_time () - start) / 1e6;
      g_assert_no_error (error);
      items += feed->items->len;
      vigil_s += took;
      if (!g_str_equal (feed->format, "jsonfeed"))
        {
          xml_items += feed->items->len;
          xml_bytes += len;
          xml_s += took;
        }
      g_ptr_array_add (parsed, feed);
    }

  vigil_html_sanitize_counts (&fast1, &parser1);
  segments1 = vigil_html_sanitize_segments ();
  html_items = fast1 - fast0 + parser1 - parser0;
  html_fallback = parser1 - parser0;

  /* Two more rounds, each parser's best is reported (feedparser's too); with
   * `--parse-only N`, N more and nothing else, for a profiler. */
  {
    gboolean parse_only = argc == 3 && g_str_equal (argv[1], "--parse-only");
    double cpu_s = G_MAXDOUBLE;
    for (int round = parse_only ? atoi (argv[2]) : 2; round > 0; round--)
      {
        double all = 0, xml = 0, xml_cpu = 0, cpu = cpu_seconds ();
        for (guint i = 0; i < blobs->len; i++)
          {
            gsize len;
            const char *data = g_bytes_get_data (g_ptr_array_index (blobs, i), &len);
            gint64 start = g_get_monotonic_time ();
            double cpu_start = cpu_seconds ();
            VigilParsedFeed *feed
                = vigil_feed_parse (data, len, "https://bench.example.test/", NULL, NULL);
            double took = (g_get_monotonic_time () - start) / 1e6;
            all += took;
            if (!g_str_equal (feed->format, "jsonfeed"))
              {
                xml += took;
                xml_cpu += cpu_seconds () - cpu_start;
              }
            vigil_parsed_feed_free (feed);
          }
        vigil_s = MIN (vigil_s, all);
        xml_s = MIN (xml_s, xml);
        xml_cpu_s = MIN (xml_cpu_s, xml_cpu);
        cpu_s = MIN (cpu_s, cpu_seconds () - cpu);
      }
    if (parse_only)
      {
        printf ("XML: %u items, best round %.3f s (%.3f s of CPU), %.0f items/s; all files: "
                "best round %.3f s of CPU\n",
                xml_items, xml_s, xml_cpu_s, xml_items / xml_s, cpu_s);
        g_ptr_array_unref (blobs);
        remove_tree (dir);
        return 0;
      }
  }

  /* The same files through feedparser, in the same run (with `--ingest-only`,
   * for a profiler, straight to the store). */
  if (!ingest_only)
    {
      g_autofree char *script = g_build_filename (BENCH_DIR, "feedparser-bench.py", NULL);
      const char *fp_argv[] = { "/usr/bin/python3", script, feeds_dir, "2", NULL };
      g_autofree char *out = NULL;
      int status = 0;
      if (g_spawn_sync (NULL, (char **) fp_argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                        NULL, &status, NULL)
          && status == 0 && out)
        sscanf (out, "%u %lf %lf", &fp_items, &fp_s, &fp_cpu_s);
    }

  printf (
      "\nFeed parsing: %d feeds x %d items (RSS 2.0, Atom 1.0, JSON Feed 1.1, RSS 1.0), %.1f MB; "
      "one core, best of 3 rounds (feedparser: of 2)\n",
      N_FEEDS, N_ITEMS, total_bytes / 1e6);
  printf ("| parser | files | items | seconds | items/s | MB/s |\n|---|---|---|---|---|---|\n");
  printf ("| Vigil (libxml2, json-glib) | all | %u | %.3f | %.0f | %.1f |\n", items, vigil_s,
          items / vigil_s, total_bytes / 1e6 / vigil_s);
  printf ("| Vigil | XML only | %u | %.3f | %.0f | %.1f |\n", xml_items, xml_s, xml_items / xml_s,
          xml_bytes / 1e6 / xml_s);
  if (fp_s > 0)
    {
      printf ("| feedparser 6 (python3-feedparser) | XML only | %u | %.3f | %.0f | %.1f |\n",
              fp_items, fp_s, fp_items / fp_s, xml_bytes / 1e6 / fp_s);
      printf ("| Vigil / feedparser | XML only | | | %.1fx | |\n",
              (xml_items / xml_s) / (fp_items / fp_s));
      /* On a shared machine the wall clock counts the time others had the
       * core: each parser's own CPU time (best round) says the same without. */
      if (fp_cpu_s > 0)
        printf ("| Vigil / feedparser, by CPU time (Vigil %.3f s, feedparser %.3f s) | XML only "
                "| | | %.1fx | |\n",
                xml_cpu_s, fp_cpu_s, (xml_items / xml_cpu_s) / (fp_items / fp_cpu_s));
    }
  else
    printf ("| feedparser | not available: tests/install-deps.sh bench installs python3-feedparser "
            "| | | | |\n");
  printf ("\nHTML texts the sanitiser gives to its fallback path (libxml2's HTML parser): "
          "%u of %u, %.1f %% (generated to the corpus's share, %.1f %%: those items carry markup "
          "of the corpus's kinds outside the fast path's subset; %.0f %% of all with other "
          "real-feed markup); parts of texts the parser read alone, the fast path going on "
          "after them: %u\n",
          html_fallback, html_items, 100.0 * html_fallback / html_items, 100 * slow_share,
          100 * MESSY_SHARE, segments1 - segments0);
  if (have_corpus)
    printf ("The same over feedparser's conformance corpus (../shared/conformance, every file): "
            "%u of %u, %.1f %%\n",
            corpus_parser, corpus_texts, 100.0 * corpus_parser / corpus_texts);
  else
    printf ("The same over feedparser's conformance corpus: not measured (no "
            "../shared/conformance/feedparser-tests-*.tar.xz)\n");
  if (fp_s > 0)
    {
      double ratio = (xml_items / xml_s) / (fp_items / fp_s);
      gboolean met = ratio >= TARGET_PARSE_RATIO;
      printf ("Target: parsing >= %.0fx python3-feedparser: %.1fx, %s\n", TARGET_PARSE_RATIO, ratio,
              met ? "met" : "NOT MET");
      if (!met)
        exit_status = 1;
    }
  else
    printf ("Target: parsing >= %.0fx python3-feedparser: not checked (no feedparser)\n",
            TARGET_PARSE_RATIO);

  /* 2. Store ingest: 200,000 articles, one transaction per feed of 50. */
  {
    g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
    g_autoptr (VigilStore) store = vigil_store_new (db, &error);
    gint64 source;
    guint ingested = 0;
    double ingest_s, index_s, cpu0, ingest_cpu_s;
    gint64 indexed = 0;
    GArray *latencies = g_array_new (FALSE, FALSE, sizeof (double));
    const char *queries[]
        = { "embassy",          "rocket attack",  "\"security convoy\"", "evacuat*",
            "governor militia", "harvest",        "parliament election", "drone airport",
            "flood river",      "ceasefire talks" };

    g_assert_no_error (error);
    source = vigil_store_add_source (store, "https://bench.example.test/all", "Bench", NULL, NULL,
                                     &error);
    t0 = g_get_monotonic_time ();
    cpu0 = cpu_seconds ();
    for (int round = 0; round < 4; round++)
      for (guint f = 0; f < parsed->len; f++)
        {
          VigilParsedFeed *feed = g_ptr_array_index (parsed, f);
          g_autoptr (GPtrArray) added = NULL;
          for (guint i = 0; i < feed->items->len; i++)
            {
              VigilArticle *a = g_ptr_array_index (feed->items, i);
              g_autofree char *guid = g_strdup_printf ("%s#%d", a->guid, round);
              g_free (a->guid);
              a->guid = g_steal_pointer (&guid);
            }
          {
            /* As the monitor stores them: judged by the rules (no alerts here). */
            g_autoptr (GPtrArray) none = g_ptr_array_new ();
            g_ptr_array_set_size (none, feed->items->len);
            vigil_store_ingest_evaluated (store, source, feed->items, none, &added, &error);
          }
          g_assert_no_error (error);
          ingested += added->len;
        }
    ingest_s = (g_get_monotonic_time () - t0) / 1e6;
    ingest_cpu_s = cpu_seconds () - cpu0;

    /* The full-text index is built in batches, as the monitor does after ingest. */
    t0 = g_get_monotonic_time ();
    while (vigil_store_count_unindexed (store) > 0)
      {
        indexed += vigil_store_index_pending_batch (store, VIGIL_STORE_INDEX_BATCH, &error);
        g_assert_no_error (error);
      }
    index_s = (g_get_monotonic_time () - t0) / 1e6;

    printf ("\nStore (SQLite WAL): ingest with one transaction per feed of %d; full-text indexing "
            "(FTS5 over visible text) in batches of %d:\n",
            N_ITEMS, VIGIL_STORE_INDEX_BATCH);
    printf ("| step | articles | seconds | articles/s | target |\n|---|---|---|---|---|\n");
    printf ("| ingest | %u | %.2f | %.0f | >= %.0f |\n", ingested, ingest_s, ingested / ingest_s,
            TARGET_INGEST_RATE);
    {
      gboolean met = ingested / ingest_s >= TARGET_INGEST_RATE;
      printf ("Target: ingest >= %.0f articles/s: %.0f, %s (the ingest took %.2f s of CPU: "
              "the rest is waiting, for the disk or a shared core)\n",
              TARGET_INGEST_RATE, ingested / ingest_s, met ? "met" : "NOT MET", ingest_cpu_s);
      if (!met)
        exit_status = 1;
    }
    if (ingest_only)
      {
        g_array_unref (latencies);
        g_clear_object (&store);
        g_ptr_array_unref (blobs);
        remove_tree (dir);
        return exit_status;
      }
    printf ("| full-text indexing | %u | %.2f | %.0f | |\n", (guint) indexed, index_s,
            indexed / index_s);
    printf ("| both | %u | %.2f | %.0f | |\n", ingested, ingest_s + index_s,
            ingested / (ingest_s + index_s));

    guint found[G_N_ELEMENTS (queries)] = { 0 };
    for (int rep = 0; rep < 10; rep++)
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          gint64 qs = g_get_monotonic_time ();
          g_autoptr (GPtrArray) hits = vigil_store_search (store, queries[q], 50, &error);
          double ms = (g_get_monotonic_time () - qs) / 1000.0;
          g_assert_no_error (error);
          g_array_append_val (latencies, ms);
          found[q] = hits->len;
        }
    g_array_sort (latencies, compare_double);
    printf ("\nFull-text search over %u articles, top 50 ranked with snippets (%u queries):\n",
            ingested, latencies->len);
    printf ("| median ms | p90 ms | max ms | target |\n|---|---|---|---|\n");
    printf ("| %.2f | %.2f | %.2f | median < 10 |\n",
            g_array_index (latencies, double, latencies->len / 2),
            g_array_index (latencies, double, latencies->len * 9 / 10),
            g_array_index (latencies, double, latencies->len - 1));
    /* A search that finds nothing measures nothing: how many each returned. */
    printf ("Hits (of at most 50):");
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      printf (" %s %u%s", queries[q], found[q], q + 1 < G_N_ELEMENTS (queries) ? ";" : "\n");
    g_array_unref (latencies);

    /* Dry runs of alert rules over everything stored, as the rule editor does. */
    {
      const char *rules[] = {
        "(drawdown OR \"ordered departure\" OR evacuat*) AND (embassy OR diplomats OR staff)",
        "(rocket* OR mortar* OR drone*) NEAR/8 (attack* OR strike* OR hit)",
        "\"security convoy\" OR (militia AND governor)",
        "score>=0 AND ceasefire",
      };
      printf ("\nDry run of a rule over %u stored articles (index narrows, each candidate "
              "evaluated):\n",
              ingested);
      printf ("| rule | candidates | matches | ms | target |\n|---|---|---|---|---|\n");
      for (guint k = 0; k < G_N_ELEMENTS (rules); k++)
        {
          VigilDryRunStats stats = { 0 };
          g_autoptr (GPtrArray) rule_found
              = vigil_alert_dry_run (store, NULL, rules[k], 30, NULL, &stats, &error);
          g_assert_no_error (error);
          printf ("| `%s` | %u | %u | %.0f | < 1000 |\n", rules[k], stats.stored, stats.matched,
                  stats.seconds * 1000);
        }
    }

    /* The article list pages from the store as the list view scrolls. */
    {
      g_autoptr (VigilArticleList) list = vigil_article_list_new (store, 0);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
      guint at[] = { 0, n / 2, n - 1 };
      printf ("\nArticle list over %u articles (a page of %d rows read when first shown):\n", n,
              VIGIL_ARTICLE_LIST_PAGE);
      printf ("| row | first access ms | cached access ms |\n|---|---|---|\n");
      for (guint i = 0; i < G_N_ELEMENTS (at); i++)
        {
          gint64 a0 = g_get_monotonic_time ();
          g_autoptr (GObject) first = g_list_model_get_item (G_LIST_MODEL (list), at[i]);
          gint64 a1 = g_get_monotonic_time ();
          g_autoptr (GObject) again = g_list_model_get_item (G_LIST_MODEL (list), at[i]);
          gint64 a2 = g_get_monotonic_time ();
          printf ("| %u | %.2f | %.3f |\n", at[i], (a1 - a0) / 1000.0, (a2 - a1) / 1000.0);
        }
    }
  }
  g_ptr_array_unref (blobs);
  remove_tree (dir);
  return exit_status;
}
