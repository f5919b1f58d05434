/* vigil-cli.c: Vigil's engine from the command line.
 *
 *   vigil-cli parse FILE|URL|-          the feed, normalised, as JSON
 *   vigil-cli tag [--html] FILE|-       entities and risk terms, as JSON
 *   vigil-cli render [--html] FILE|-    the article page the view shows, as HTML
 *   vigil-cli discover FILE|URL         the feeds a web page names, as JSON
 *   vigil-cli match QUERY FILE|-        whether an alert query matches a text, and where
 *   vigil-cli stories FILE...           articles (title line, optional Date: line, body;
 *                                       or each item of a feed file) grouped into
 *                                       stories, as JSON
 *   vigil-cli dry-run QUERY [--days N] [--db DB]  stored articles a query matches
 *   vigil-cli watch [--opml FILE] [--db DB] [--interval SECONDS] [--once]
 *                                       headless monitoring: alerts as JSON lines
 *   vigil-cli import-opml FILE [--db DB]  subscribe to an OPML list
 *   vigil-cli account add --name NAME --server URL --user USER [--db DB]
 *                                       a Google Reader API account (password from
 *                                       VIGIL_SYNC_PASSWORD or the first line of stdin)
 *   vigil-cli account list [--db DB]      the accounts, their last sync and error
 *   vigil-cli sync --account NAME [--db DB]  one sync of the account, headless
 *   vigil-cli export-opml [--db DB]       the subscriptions as OPML
 *   vigil-cli train-ner [--epochs N] [--seed S] [--bits B] [--no-gazetteer] [--dev FILE]...
 *                       -o MODEL FILE.conll...  train the name tagger (deterministic)
 *   vigil-cli eval-ner [--no-gazetteer] MODEL|none FILE.conll|NAME.txt...  token and entity
 * precision, recall, F1 of the tagger on CoNLL files; the whole analysis on NAME.txt
 * against NAME.gold.json (bag of names; "none": without the tagger)
 */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <signal.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil-alert-engine.h"
#include "vigil-alert-query.h"
#include "vigil-analyzer.h"
#include "vigil-cluster.h"
#include "vigil-article-page.h"
#include "vigil-discover.h"
#include "vigil-fetcher.h"
#include "vigil-json.h"
#include "vigil-monitor.h"
#include "vigil-monitor-private.h"
#include "vigil-opml.h"
#include "vigil-keyring.h"
#include "vigil-sync.h"
#include "vigil-feed-parser.h"
#include "vigil-html.h"
#include "vigil-tagger.h"
#include "vigil-webhook.h"

static void print_json (JsonBuilder *b, gboolean pretty);
static char *keyring_lookup (const char *server, const char *user);

static gboolean
is_web_address (const char *arg)
{
  return g_str_has_prefix (arg, "http://") || g_str_has_prefix (arg, "https://");
}

typedef struct
{
  VigilFetchResult *result;
  GError *error;
  gboolean done;
} Fetch;

static void
fetched (GObject *object, GAsyncResult *res, gpointer data)
{
  Fetch *f = data;
  f->result = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), res, &f->error);
  f->done = TRUE;
}

/* Downloads a web address with the same fetcher the application uses. */
static VigilFetchResult *
fetch_url (const char *url, GError **error)
{
  g_autoptr (VigilFetcher) fetcher = vigil_fetcher_new ();
  Fetch f = { 0 };

  vigil_fetcher_fetch_async (fetcher, url, NULL, NULL, NULL, fetched, &f);
  while (!f.done)
    g_main_context_iteration (NULL, TRUE);
  if (f.error)
    g_propagate_error (error, f.error);
  return f.result;
}

/* Reads FILE, URL or - (standard input). out_base (optional) receives the address
 * relative links are resolved against, out_charset (optional) the HTTP charset. */
static gboolean
read_input (const char *path, char **out, gsize *len, char **out_base, char **out_charset,
            GError **error)
{
  if (out_base)
    *out_base = NULL;
  if (out_charset)
    *out_charset = NULL;
  if (is_web_address (path))
    {
      g_autoptr (VigilFetchResult) r = fetch_url (path, error);
      if (r == NULL)
        return FALSE;
      *out = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
      *len = g_bytes_get_size (r->body);
      if (out_base)
        *out_base = g_strdup (vigil_fetch_result_get_base (r, path));
      if (out_charset)
        *out_charset = g_strdup (r->charset);
      return TRUE;
    }
  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr (GOutputStream) mem = g_memory_output_stream_new_resizable ();
      if (g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
        return FALSE;
      *len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem));
      *out = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (mem));
      if (*out == NULL)
        *out = g_strdup ("");
      return TRUE;
    }
  if (!g_file_get_contents (path, out, len, error))
    return FALSE;
  if (out_base)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
      *out_base = g_file_get_uri (file);
    }
  return TRUE;
}

static int
usage (void)
{
  g_printerr (
      "%s\n",
      _ ("Usage: vigil-cli parse FILE|URL|-\n"
         "       vigil-cli tag [--html] FILE|-\n"
         "       vigil-cli render [--html] FILE|-\n"
         "       vigil-cli discover FILE|URL\n"
         "       vigil-cli match QUERY FILE|-\n"
         "       vigil-cli stories FILE...\n"
         "       vigil-cli dry-run QUERY [--days N] [--db DATABASE]\n"
         "       vigil-cli watch [--opml FILE] [--db DATABASE] [--interval SECONDS] [--once]\n"
         "       vigil-cli import-opml FILE [--db DATABASE]\n"
         "       vigil-cli export-opml [--db DATABASE]\n"
         "       vigil-cli account add --name NAME --server URL --user USER [--db DATABASE]\n"
         "       vigil-cli account list [--db DATABASE]\n"
         "       vigil-cli sync --account NAME [--db DATABASE]\n"
         "       vigil-cli train-ner [--epochs N] [--seed S] [--bits B] [--no-gazetteer]\n"
         "                           [--dev FILE.conll]... -o MODEL FILE.conll...\n"
         "       vigil-cli eval-ner [--no-gazetteer] MODEL|none FILE.conll|NAME.txt..."));
  return 2;
}

static int
cmd_parse (int argc, char **argv)
{
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  g_autofree char *base = NULL;
  g_autofree char *charset = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  gsize len = 0;

  if (argc != 3)
    return usage ();
  if (!read_input (argv[2], &data, &len, &base, &charset, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  feed = vigil_feed_parse (data, len, base, charset, &error);
  if (feed == NULL)
    {
      g_printerr ("vigil-cli: %s: %s\n", argv[2], error->message);
      return 1;
    }
  json = vigil_parsed_feed_to_json (feed, TRUE);
  g_print ("%s\n", json);
  return 0;
}

static void
note_shortened (const char *path)
{
  g_autofree char *size = g_format_size (MIN (VIGIL_ARTICLE_MAX_HTML, VIGIL_ANALYSIS_MAX_TEXT));
  /* TRANSLATORS: %s is a file name, then a size such as "1.0 MB" */
  g_printerr (_ ("vigil-cli: %s: only the first %s of the text was analysed\n"), path, size);
}

/* tag and render: `[--html] FILE|-`, read as UTF-8 text, and the gazetteer.
 * Returns 0, or the exit status after saying what is wrong. */
static int
read_text_command (int argc, char **argv, gboolean *html, const char **path, char **data,
                   gsize *len, char **base, VigilGazetteer **gazetteer)
{
  g_autoptr (GError) error = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--html") == 0)
        *html = TRUE;
      else if (*path == NULL)
        *path = argv[i];
      else
        return usage ();
    }
  if (*path == NULL)
    return usage ();
  if (!read_input (*path, data, len, base, NULL, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (memchr (*data, '\0', *len) != NULL || !g_utf8_validate (*data, *len, NULL))
    {
      g_printerr ("vigil-cli: %s: %s\n", *path, _ ("the input is not UTF-8 text"));
      return 1;
    }
  *gazetteer = vigil_gazetteer_new_default (&error);
  if (*gazetteer == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
cmd_tag (int argc, char **argv)
{
  gboolean html = FALSE;
  const char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  gsize len = 0;
  gboolean cut = FALSE;
  int status;

  if ((status = read_text_command (argc, argv, &html, &path, &data, &len, NULL, &gazetteer)) != 0)
    return status;
  /* Only the start of a huge page is analysed: no more of its text is made. */
  text = html ? vigil_html_to_text_prefix (data, 4 * VIGIL_ANALYSIS_MAX_TEXT, &cut) : NULL;
  analysis = vigil_analyze (gazetteer, text ? text : data, 0);
  analysis->shortened |= cut;
  json = vigil_analysis_to_json (analysis, TRUE);
  g_print ("%s\n", json);
  if (analysis->shortened)
    note_shortened (path);
  return 0;
}

/* Plain text as the HTML of an article: paragraphs at blank lines, escaped. */
static char *
text_to_html (const char *text)
{
  g_auto (GStrv) paragraphs = NULL;
  GString *out = g_string_new (NULL);
  g_autofree char *unix_text = NULL;

  {
    /* Windows line ends read as the newlines they are. */
    GString *t = g_string_new (text);
    g_string_replace (t, "\r\n", "\n", 0);
    unix_text = g_string_free (t, FALSE);
  }
  paragraphs = g_strsplit (unix_text, "\n\n", -1);
  for (guint i = 0; paragraphs[i]; i++)
    {
      g_autofree char *escaped = NULL;
      g_strstrip (paragraphs[i]);
      if (*paragraphs[i] == '\0')
        continue;
      escaped = vigil_html_escape (paragraphs[i]);
      g_string_append_printf (out, "<p>%s</p>", escaped);
    }
  return g_string_free (out, FALSE);
}

/* The article page exactly as the article view loads it: the text (or HTML,
 * sanitised) kept, analysed and scored as the monitor does with an item. */
static int
cmd_render (int argc, char **argv)
{
  gboolean html = FALSE;
  const char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *page = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  g_autoptr (VigilArticle) article = vigil_article_new ();
  gsize len = 0;
  int status;

  if ((status = read_text_command (argc, argv, &html, &path, &data, &len, &base, &gazetteer)) != 0)
    return status;
  if (html)
    article->content = vigil_html_sanitize (data, base);
  else
    {
      /* Text makes at least as much HTML: no more of it is needed than the
       * article keeps (one byte more, so that it is seen to be shortened). */
      if (len > VIGIL_ARTICLE_MAX_HTML + 1)
        *g_utf8_find_prev_char (data, data + VIGIL_ARTICLE_MAX_HTML + 2) = '\0';
      article->content = text_to_html (data);
    }
  vigil_article_limit_size (article);
  article->date_is_first_seen = TRUE;
  article->first_seen = g_get_real_time () / G_USEC_PER_SEC;
  body = vigil_article_dup_body_text (article);
  text = g_strconcat ("\n", body, NULL);
  analysis = vigil_analyze (gazetteer, text, 0);
  article->score = analysis->score;
  article->level = g_strdup (analysis->level);
  article->language = g_strdup (analysis->language);
  page = vigil_article_page_render (gazetteer, article, FALSE, 0, FALSE, FALSE);
  if (page == NULL)
    {
      g_printerr ("vigil-cli: %s\n", _ ("the article template is missing"));
      return 1;
    }
  g_print ("%s", page);
  if (analysis->shortened || vigil_article_html_is_shortened (article->content))
    note_shortened (path);
  return 0;
}

static int
cmd_discover (int argc, char **argv)
{
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  g_autoptr (GPtrArray) links = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  gsize len = 0;

  if (argc != 3)
    return usage ();
  if (!read_input (argv[2], &data, &len, &base, NULL, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  json_builder_begin_array (b);
  /* The address may already be a feed. */
  feed = vigil_feed_parse (data, len, base, NULL, NULL);
  if (feed != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "url");
      json_builder_add_string_value (b, argv[2]);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, feed->title ? feed->title : "");
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, feed->format);
      json_builder_end_object (b);
    }
  else
    {
      links = vigil_discover_feed_links (data, len, base);
      for (guint i = 0; i < links->len; i++)
        {
          VigilFeedLink *l = g_ptr_array_index (links, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "url");
          json_builder_add_string_value (b, l->url);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, l->title ? l->title : "");
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, l->type);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  print_json (b, TRUE);
  if (feed == NULL && links->len == 0)
    {
      g_printerr ("vigil-cli: %s: %s\n", argv[2], _ ("no feed found"));
      return 1;
    }
  return 0;
}

/* stories: one article a text file, "TITLE\n[Date: ISO8601\n]BODY", or each
 * item of a feed file. */
typedef struct
{
  const char *path;
  int item; /* its place in the feed file, from 0; -1: a text file */
  char *title;
  char *link;
  char *text; /* title, newline, body: as the app analyses an article */
  gboolean dated;
  gint64 time;
  gint64 story;
} StoryUnit;

static void
story_unit_clear (gpointer data)
{
  StoryUnit *u = data;
  g_free (u->title);
  g_free (u->link);
  g_free (u->text);
}

static gboolean
story_text_read (StoryUnit *u, const char *data, gsize len, GError **error)
{
  const char *nl, *body;

  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", u->path,
                   _ ("the input is neither a feed nor UTF-8 text"));
      return FALSE;
    }
  nl = strchr (data, '\n');
  u->title = g_strstrip (nl ? g_strndup (data, nl - data) : g_strdup (data));
  body = nl ? nl + 1 : data + len;
  if (g_str_has_prefix (body, "Date:"))
    {
      const char *end = strchr (body, '\n');
      g_autofree char *value
          = g_strstrip (end ? g_strndup (body + 5, end - body - 5) : g_strdup (body + 5));
      g_autoptr (GDateTime) date = g_date_time_new_from_iso8601 (value, NULL);

      if (date == NULL)
        {
          /* TRANSLATORS: %s is the value of a file's "Date:" line. */
          g_autofree char *what = g_strdup_printf (_ ("“%s” is not an ISO 8601 date"), value);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", u->path, what);
          return FALSE;
        }
      u->dated = TRUE;
      u->time = g_date_time_to_unix (date);
      body = end ? end + 1 : body + strlen (body);
    }
  u->text = g_strconcat (u->title, "\n", body, NULL);
  return TRUE;
}

/* Whether the data starts as a feed would (XML or JSON), byte order mark and
 * blanks aside: such a file is read as a feed, or refused as a broken one. */
static gboolean
looks_like_feed (const char *data, gsize len)
{
  gsize i = len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

  while (i < len && g_ascii_isspace (data[i]))
    i++;
  return i < len && (data[i] == '<' || data[i] == '{');
}

/* The articles of one file: itself, or the items of the feed it holds. */
static gboolean
story_units_read (GArray *units, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  gsize len = 0;
  StoryUnit u = { path, -1 };

  if (!read_input (path, &data, &len, &base, NULL, error))
    return FALSE;
  if (!looks_like_feed (data, len))
    {
      if (!story_text_read (&u, data, len, error))
        {
          story_unit_clear (&u);
          return FALSE;
        }
      g_array_append_val (units, u);
      return TRUE;
    }
  feed = vigil_feed_parse (data, len, base, NULL, error);
  if (feed == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  for (guint i = 0; i < feed->items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (feed->items, i);
      g_autofree char *body = vigil_article_dup_body_text (a);
      StoryUnit item = { path, (int) i };

      item.title = g_strdup (a->title ? a->title : "");
      item.link = g_strdup (a->link);
      item.text = vigil_article_dup_match_text (a, body);
      item.time = vigil_article_get_time (a);
      item.dated = item.time > 0 && !a->date_is_first_seen;
      g_array_append_val (units, item);
    }
  return TRUE;
}

/* Groups articles into stories with the clusterer the app uses. An article
 * without a date is taken as published at the earliest date the others give
 * (all the same day), or now when none gives one. */
static int
cmd_stories (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) units = g_array_new (FALSE, TRUE, sizeof (StoryUnit));
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (VigilClusterer) clusterer = vigil_clusterer_new (48 * 3600);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 earliest = G_MAXINT64;

  if (argc < 3)
    return usage ();
  g_array_set_clear_func (units, story_unit_clear);
  for (int i = 2; i < argc; i++)
    if (!story_units_read (units, argv[i], &error))
      {
        g_printerr ("vigil-cli: %s\n", error->message);
        return 1;
      }
  for (guint i = 0; i < units->len; i++)
    if (g_array_index (units, StoryUnit, i).dated)
      earliest = MIN (earliest, g_array_index (units, StoryUnit, i).time);
  if (earliest == G_MAXINT64)
    earliest = g_get_real_time () / G_USEC_PER_SEC;
  gazetteer = vigil_gazetteer_new_default (&error);
  if (gazetteer == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < units->len; i++)
    {
      StoryUnit *u = &g_array_index (units, StoryUnit, i);
      g_autoptr (VigilAnalysis) analysis
          = vigil_analyze (gazetteer, u->text, g_utf8_strlen (u->title, -1));
      g_autoptr (VigilStorySignature) signature = NULL;

      if (!u->dated)
        u->time = earliest;
      signature = vigil_story_signature_new (gazetteer, analysis, u->text, u->time);
      u->story = vigil_clusterer_find_story (clusterer, signature);
      if (u->story == 0)
        {
          u->story = i + 1;
          g_array_append_val (order, u->story);
        }
      vigil_clusterer_add_story (clusterer, i + 1, u->story, signature);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "stories");
  json_builder_begin_array (b);
  for (guint s = 0; s < order->len; s++)
    {
      gint64 story = g_array_index (order, gint64, s);
      StoryUnit *first = &g_array_index (units, StoryUnit, story - 1);
      const char *last_path = NULL;

      json_builder_begin_object (b);
      /* The files that hold its articles (a feed file may hold several). */
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; i < units->len; i++)
        {
          StoryUnit *u = &g_array_index (units, StoryUnit, i);
          gboolean listed = FALSE;
          if (u->story != story || u->path == last_path)
            continue;
          for (guint j = 0; j < i && !listed; j++)
            listed = g_array_index (units, StoryUnit, j).story == story
                     && g_array_index (units, StoryUnit, j).path == u->path;
          if (!listed)
            json_builder_add_string_value (b, u->path);
          last_path = u->path;
        }
      json_builder_end_array (b);
      vigil_json_add_string (b, "title", first->title);
      /* Its articles: each file, or each feed item with its place and link. */
      json_builder_set_member_name (b, "articles");
      json_builder_begin_array (b);
      for (guint i = 0; i < units->len; i++)
        {
          StoryUnit *u = &g_array_index (units, StoryUnit, i);
          if (u->story != story)
            continue;
          json_builder_begin_object (b);
          vigil_json_add_string (b, "file", u->path);
          if (u->item >= 0)
            {
              json_builder_set_member_name (b, "item");
              json_builder_add_int_value (b, u->item);
              if (u->link)
                vigil_json_add_string (b, "link", u->link);
            }
          vigil_json_add_string (b, "title", u->title);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b, TRUE);
  return 0;
}

/* The error names the position; a short query is shown with a mark under
 * that place, a long one (thousands of parentheses) is not echoed back. */
static void
print_query_error (const char *query, guint position, const GError *error)
{
  if (strlen (query) <= 120 && strpbrk (query, "\n\r") == NULL)
    g_printerr ("vigil-cli: %s\n  %s\n  %*s^\n", error->message, query, (int) position, "");
  else
    g_printerr ("vigil-cli: %s\n", error->message);
}

static int
cmd_match (int argc, char **argv)
{
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) query = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (VigilTokens) tokens = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan));
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *title = NULL;
  VigilQueryContext ctx = { 0 };
  guint position = 0;
  gsize len = 0;
  gboolean matched;

  if (argc != 4)
    return usage ();
  query = vigil_query_parse (argv[2], &position, &error);
  if (query == NULL)
    {
      print_query_error (argv[2], position, error);
      return 2;
    }
  if (!read_input (argv[3], &data, &len, NULL, NULL, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_printerr ("vigil-cli: %s: %s\n", argv[3], _ ("the input is not UTF-8 text"));
      return 1;
    }
  gazetteer = vigil_gazetteer_new_default (&error);
  if (gazetteer == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  /* The first line is the headline (title: scopes). */
  title = g_strndup (data, strcspn (data, "\n"));
  tokens = vigil_tokenize (data);
  analysis = vigil_analyze (gazetteer, data, g_utf8_strlen (title, -1));
  ctx.tokens = tokens;
  ctx.title_tokens = vigil_tokenize (title);
  ctx.language = analysis->language;
  ctx.analysis = analysis;
  ctx.score = analysis->score;
  ctx.level = analysis->level;
  ctx.gazetteer = gazetteer;
  matched = vigil_query_match_context (query, &ctx, terms, spans);
  vigil_tokens_free (ctx.title_tokens);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "match");
  json_builder_add_boolean_value (b, matched);
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  for (guint i = 0; matched && i < terms->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (terms, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "spans");
  json_builder_begin_array (b);
  for (guint i = 0; matched && i < spans->len; i++)
    {
      VigilQuerySpan *sp = &g_array_index (spans, VigilQuerySpan, i);
      g_autofree char *text = g_utf8_substring (data, sp->start, sp->end);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, sp->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, sp->end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "score");
  json_builder_add_int_value (b, analysis->score);
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, analysis->level);
  json_builder_end_object (b);
  print_json (b, TRUE);
  return 0;
}

static VigilStore *
open_store (int argc, char **argv, int first_option, GError **error)
{
  g_autofree char *path = NULL;

  for (int i = first_option; i < argc; i++)
    if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
      path = g_strdup (argv[i + 1]);
  if (path == NULL)
    path = vigil_store_default_path ();
  return vigil_store_new (path, error);
}

static int
cmd_opml (int argc, char **argv, gboolean import)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;

  if (import ? argc != 3 && argc != 5 : argc != 2 && argc != 4)
    return usage ();
  store = open_store (argc, argv, import ? 3 : 2, &error);
  if (store != NULL)
    monitor = vigil_monitor_new (store, &error);
  if (monitor == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (import)
    {
      g_autofree char *data = NULL;
      gsize len = 0;
      guint n = 0;
      g_auto (GStrv) refused = NULL;
      if (read_input (argv[2], &data, &len, NULL, NULL, &error))
        n = vigil_monitor_import_opml (monitor, data, len, &refused, &error);
      for (guint i = 0; refused != NULL && refused[i] != NULL; i++)
        /* TRANSLATORS: %s names an outline of a subscription list and why it was left out */
        g_printerr (_ ("vigil-cli: not imported: %s\n"), refused[i]);
      if (n == 0)
        {
          g_printerr ("vigil-cli: %s: %s\n", argv[2],
                      error ? error->message : _ ("no sources listed"));
          return 1;
        }
      g_print (ngettext ("%u source listed; %u in the store now\n",
                         "%u sources listed; %u in the store now\n", n),
               n, (guint) vigil_store_count_sources (store));
    }
  else
    {
      g_autofree char *opml = vigil_monitor_export_opml (monitor, &error);
      if (opml == NULL)
        {
          g_printerr ("vigil-cli: %s\n", error->message);
          return 1;
        }
      g_print ("%s", opml);
    }
  return 0;
}

static int
cmd_dry_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  VigilDryRunStats stats = { 0 };
  guint days = 7, position = 0;

  if (argc < 3)
    return usage ();
  for (int i = 3; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--days") == 0 && i + 1 < argc)
        days = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
        i++;
      else
        return usage ();
    }
  store = open_store (argc, argv, 3, &error);
  if (store != NULL)
    gazetteer = vigil_gazetteer_new_default (&error);
  if (gazetteer == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  found = vigil_alert_dry_run (store, gazetteer, argv[2], days, &position, &stats, &error);
  if (found == NULL)
    {
      if (error->domain == VIGIL_QUERY_ERROR)
        {
          print_query_error (argv[2], position, error);
          return 2;
        }
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "matches");
  json_builder_add_int_value (b, found->len);
  json_builder_set_member_name (b, "days");
  json_builder_add_int_value (b, days);
  json_builder_set_member_name (b, "milliseconds");
  json_builder_add_double_value (b, stats.seconds * 1000);
  json_builder_set_member_name (b, "articles");
  json_builder_begin_array (b);
  for (guint i = 0; i < found->len && i < 50; i++)
    {
      VigilArticle *a = g_ptr_array_index (found, i);
      json_builder_begin_object (b);
      vigil_json_add_string (b, "headline", a->title);
      vigil_json_add_string (b, "source", a->source_title);
      vigil_json_add_string (b, "link", a->link);
      vigil_json_add_string (b, "level", a->level);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b, FALSE);
  return 0;
}

/* ---- watch ---- */

/* One JSON value on stdout: pretty for people, one line for pipes (watch). */
static void
print_json (JsonBuilder *b, gboolean pretty)
{
  g_autofree char *json = vigil_json_to_data (b, pretty);

  g_print ("%s\n", json);
  fflush (stdout);
}

static void
on_watch_alert (VigilMonitor *monitor, VigilArticle *article, GPtrArray *matches, gpointer data)
{
  for (guint i = 0; i < matches->len; i++)
    {
      VigilAlertMatch *m = g_ptr_array_index (matches, i);
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_begin_object (b);
      vigil_json_add_string (b, "time", when);
      vigil_alert_json_members (b, m->rule->name, vigil_severity_to_string (m->rule->severity),
                                article, m->terms);
      json_builder_set_member_name (b, "score");
      json_builder_add_int_value (b, article->score);
      json_builder_set_member_name (b, "article");
      json_builder_add_int_value (b, article->id);
      json_builder_set_member_name (b, "story");
      json_builder_add_int_value (b, m->story_id);
      json_builder_set_member_name (b, "reports");
      json_builder_add_int_value (b, m->story_reports);
      json_builder_set_member_name (b, "update");
      json_builder_add_boolean_value (b, m->story_update);
      json_builder_end_object (b);
      print_json (b, FALSE);
    }
}

static void
on_watch_summary (VigilMonitor *monitor, const char *rule, guint count, gpointer data)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  vigil_json_add_string (b, "summary", rule);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, count);
  json_builder_end_object (b);
  print_json (b, FALSE);
}

static void
on_watch_source (VigilMonitor *monitor, VigilSource *source, gpointer data)
{
  if (source->status == VIGIL_SOURCE_STATUS_ERROR)
    g_printerr ("vigil-cli: %s: %s\n", source->title ? source->title : source->url, source->error);
}

/* Articles that matched rules but are not news (a source's first read, old
 * items): recorded in the database, not printed; said once on stderr, so that
 * a first run that prints nothing is not taken for one that found nothing. */
static void
on_watch_backlog (VigilMonitor *monitor, guint count, gpointer data)
{
  g_printerr ("vigil-cli: ");
  g_printerr (ngettext ("%u older article matches the rules; it is stored, not printed\n",
                        "%u older articles match the rules; they are stored, not printed\n", count),
              count);
}

static void
on_watch_webhook_failed (VigilMonitor *monitor, const char *rule, const char *reason, gpointer data)
{
  g_printerr ("vigil-cli: %s: %s\n", rule, reason);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
refresh_tick (gpointer monitor)
{
  vigil_monitor_refresh_all (monitor);
  return G_SOURCE_CONTINUE;
}

/* watch syncs the sync accounts too: those whose password is in the desktop
 * keyring, or the only one with VIGIL_SYNC_PASSWORD. NULL when none. */
static VigilSync *
watch_accounts (VigilStore *store, VigilMonitor *monitor)
{
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (store, NULL);
  g_autoptr (VigilSync) sync = NULL;
  const char *env = g_getenv ("VIGIL_SYNC_PASSWORD");
  guint n_sync = 0;

  for (guint i = 0; accounts && i < accounts->len; i++)
    n_sync += g_strcmp0 (((VigilAccount *) accounts->pdata[i])->kind, "greader") == 0;
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      g_autofree char *password = NULL;

      if (g_strcmp0 (a->kind, "greader") != 0)
        continue;
      password
          = env != NULL && n_sync == 1 ? g_strdup (env) : keyring_lookup (a->server_url, a->user);
      if (password == NULL)
        {
          /* TRANSLATORS: %s is a sync account's name */
          g_printerr (_ ("vigil-cli: %s: no password (desktop keyring or VIGIL_SYNC_PASSWORD); "
                         "not synced\n"),
                      a->name);
          continue;
        }
      if (sync == NULL)
        sync = vigil_sync_new (store);
      vigil_sync_set_password (sync, a->id, password);
      memset (password, 0, strlen (password));
    }
  if (sync != NULL)
    vigil_monitor_attach_sync (monitor, sync);
  return g_steal_pointer (&sync);
}

typedef struct
{
  GMainLoop *loop;
  VigilStore *store;
  gboolean once;
  gboolean refreshed;
} WatchState;

static gboolean
any_syncing (VigilMonitor *monitor, VigilStore *store)
{
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (store, NULL);

  for (guint i = 0; accounts && i < accounts->len; i++)
    if (vigil_monitor_is_syncing (monitor, ((VigilAccount *) accounts->pdata[i])->id))
      return TRUE;
  return FALSE;
}

/* --once: every source read and every account synced. */
static void
on_watch_finished (VigilMonitor *monitor, gpointer data)
{
  WatchState *w = data;

  w->refreshed = TRUE;
  if (w->once && !any_syncing (monitor, w->store))
    g_main_loop_quit (w->loop);
}

static void
on_watch_synced (VigilMonitor *monitor, gint64 account_id, const char *error, gpointer data)
{
  WatchState *w = data;

  if (error != NULL)
    {
      g_autoptr (VigilAccount) account = vigil_store_get_account (w->store, account_id, NULL);
      g_printerr ("vigil-cli: %s: %s\n", account ? account->name : "?", error);
    }
  if (w->once && w->refreshed && !any_syncing (monitor, w->store))
    g_main_loop_quit (w->loop);
}

static int
cmd_watch (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (VigilSync) sync = NULL;
  WatchState watch = { 0 };
  const char *opml = NULL;
  guint interval = 0;
  gboolean once = FALSE;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--opml") == 0 && i + 1 < argc)
        opml = argv[++i];
      else if (g_strcmp0 (argv[i], "--once") == 0)
        once = TRUE;
      else if (g_strcmp0 (argv[i], "--interval") == 0 && i + 1 < argc)
        interval = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
        i++;
      else
        return usage ();
    }
  store = open_store (argc, argv, 2, &error);
  if (store != NULL)
    monitor = vigil_monitor_new (store, &error);
  if (monitor == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (opml != NULL)
    {
      g_autofree char *data = NULL;
      gsize len = 0;
      g_auto (GStrv) refused = NULL;
      guint n = 0;
      if (read_input (opml, &data, &len, NULL, NULL, &error))
        n = vigil_monitor_import_opml (monitor, data, len, &refused, &error);
      for (guint i = 0; refused != NULL && refused[i] != NULL; i++)
        g_printerr (_ ("vigil-cli: not imported: %s\n"), refused[i]);
      if (n == 0)
        {
          g_printerr ("vigil-cli: %s: %s\n", opml,
                      error ? error->message : _ ("no sources listed"));
          return 1;
        }
    }
  if (vigil_store_count_sources (store) == 0)
    {
      g_printerr ("vigil-cli: %s\n",
                  _ ("no sources to watch: give a subscription list with --opml"));
      return 1;
    }
  {
    /* Sources left out of refreshes since they brought a reader down. */
    g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);
    for (guint i = 0; i < sources->len; i++)
      {
        VigilSource *s = g_ptr_array_index (sources, i);
        if (s->interrupted >= VIGIL_SOURCE_QUARANTINED)
          g_printerr ("vigil-cli: %s: %s\n", s->title ? s->title : s->url,
                      s->error ? s->error : _ ("skipped"));
      }
  }
  g_signal_connect (monitor, "alert", G_CALLBACK (on_watch_alert), NULL);
  g_signal_connect (monitor, "alert-summary", G_CALLBACK (on_watch_summary), NULL);
  g_signal_connect (monitor, "source-updated", G_CALLBACK (on_watch_source), NULL);
  g_signal_connect (monitor, "webhook-failed", G_CALLBACK (on_watch_webhook_failed), NULL);
  g_signal_connect (monitor, "backlog-matched", G_CALLBACK (on_watch_backlog), NULL);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  sync = watch_accounts (store, monitor);
  watch.loop = loop;
  watch.store = store;
  watch.once = once;
  g_signal_connect (monitor, "account-synced", G_CALLBACK (on_watch_synced), &watch);

  /* --once: every source once (and every account synced), then exit (a cron
   * job, a test). */
  if (once)
    g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_watch_finished), &watch);
  vigil_monitor_refresh_all (monitor);
  /* Only synced sources: no refresh of Vigil's own to wait for. */
  if (once && !vigil_monitor_is_refreshing (monitor))
    watch.refreshed = TRUE;
  if (once && watch.refreshed && !any_syncing (monitor, store))
    return 0;
  /* --interval: every source every N seconds (conditional GET keeps it cheap);
   * otherwise each source on its own schedule. */
  if (once)
    ;
  else if (interval > 0)
    g_timeout_add_seconds (interval, refresh_tick, monitor);
  else
    vigil_monitor_start (monitor);
  g_main_loop_run (loop);
  vigil_monitor_cancel (monitor);
  /* Stopped on purpose (Ctrl+C, SIGTERM, --once): what was being read is not
   * an interrupted read at the next start. */
  vigil_store_release_own_readers (store);
  return 0;
}

/* Name tagger: training and evaluation on CoNLL files (token<TAB>BIO tag). */
typedef struct
{
  guint tp[4], fp[4], fn[4]; /* by entity type (VIGIL_TAG_TYPE); 0 = all types */
} NerCounts;

typedef struct
{
  guint start, end, type;
} NerSpan;

static void
ner_spans (const guint8 *tags, guint n, GArray *spans)
{
  g_array_set_size (spans, 0);
  for (guint i = 0; i < n; i++)
    {
      guint type = VIGIL_TAG_TYPE (tags[i]);
      NerSpan *last = spans->len ? &g_array_index (spans, NerSpan, spans->len - 1) : NULL;

      if (type == 0)
        continue;
      /* An I- tag that continues nothing starts a span, as conlleval counts it. */
      if (!VIGIL_TAG_IS_BEGIN (tags[i]) && last && last->end == i && last->type == type)
        last->end = i + 1;
      else
        {
          NerSpan s = { i, i + 1, type };
          g_array_append_val (spans, s);
        }
    }
}

static void
ner_count (NerCounts *entity, NerCounts *token, const guint8 *gold, const guint8 *guess, guint n)
{
  g_autoptr (GArray) gold_spans = g_array_new (FALSE, FALSE, sizeof (NerSpan));
  g_autoptr (GArray) guess_spans = g_array_new (FALSE, FALSE, sizeof (NerSpan));

  for (guint i = 0; i < n; i++)
    {
      guint g = VIGIL_TAG_TYPE (gold[i]), p = VIGIL_TAG_TYPE (guess[i]);
      if (g != 0 && g == p)
        token->tp[g]++, token->tp[0]++;
      else
        {
          if (p != 0)
            token->fp[p]++, token->fp[0]++;
          if (g != 0)
            token->fn[g]++, token->fn[0]++;
        }
    }
  ner_spans (gold, n, gold_spans);
  ner_spans (guess, n, guess_spans);
  for (guint i = 0; i < guess_spans->len; i++)
    {
      NerSpan *p = &g_array_index (guess_spans, NerSpan, i);
      gboolean found = FALSE;
      for (guint j = 0; j < gold_spans->len && !found; j++)
        {
          NerSpan *g = &g_array_index (gold_spans, NerSpan, j);
          found = g->start == p->start && g->end == p->end && g->type == p->type;
        }
      if (found)
        entity->tp[p->type]++, entity->tp[0]++;
      else
        entity->fp[p->type]++, entity->fp[0]++;
    }
  for (guint j = 0; j < gold_spans->len; j++)
    {
      NerSpan *g = &g_array_index (gold_spans, NerSpan, j);
      gboolean found = FALSE;
      for (guint i = 0; i < guess_spans->len && !found; i++)
        {
          NerSpan *p = &g_array_index (guess_spans, NerSpan, i);
          found = g->start == p->start && g->end == p->end && g->type == p->type;
        }
      if (!found)
        entity->fn[g->type]++, entity->fn[0]++;
    }
}

static double
ner_f1 (const NerCounts *c, guint type, double *precision, double *recall)
{
  double p = c->tp[type] + c->fp[type] ? (double) c->tp[type] / (c->tp[type] + c->fp[type]) : 0;
  double r = c->tp[type] + c->fn[type] ? (double) c->tp[type] / (c->tp[type] + c->fn[type]) : 0;

  if (precision)
    *precision = p;
  if (recall)
    *recall = r;
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Tags every sentence of the file; out_bytes (optional) receives the size of
 * the text tagged, out_seconds the time spent tagging. */
/* The end of the document that starts at sentence i: the next sentence after a
 * -DOCSTART- line (a file without them: each sentence is one). */
static guint
ner_document_end (GPtrArray *sentences, guint i)
{
  guint doc = ((VigilTokenSentence *) g_ptr_array_index (sentences, i))->doc;
  guint last = ((VigilTokenSentence *) g_ptr_array_index (sentences, sentences->len - 1))->doc;
  guint end = i + 1;

  if (last == 0)
    return end;
  while (end < sentences->len
         && ((VigilTokenSentence *) g_ptr_array_index (sentences, end))->doc == doc)
    end++;
  return end;
}

static void
ner_evaluate (const VigilTagger *tagger, GPtrArray *sentences, NerCounts *entity, NerCounts *token,
              gsize *out_bytes, double *out_seconds)
{
  gint64 start = g_get_monotonic_time ();
  gsize bytes = 0;

  for (guint i = 0; i < sentences->len;)
    {
      guint end = ner_document_end (sentences, i);
      g_autofree VigilTokens **tokens = g_new (VigilTokens *, end - i);
      g_autofree const guint8 **classes = g_new (const guint8 *, end - i);
      g_autofree guint8 **guess = g_new (guint8 *, end - i);

      for (guint k = i; k < end; k++)
        {
          VigilTokenSentence *s = g_ptr_array_index (sentences, k);
          tokens[k - i] = s->tokens;
          classes[k - i] = s->classes;
          guess[k - i] = g_new (guint8, s->tokens->tokens->len + 1);
        }
      vigil_tagger_tag_document (tagger, tokens, classes, end - i, guess);
      for (guint k = i; k < end; k++)
        {
          VigilTokenSentence *s = g_ptr_array_index (sentences, k);
          ner_count (entity, token, s->tags, guess[k - i], s->tokens->tokens->len);
          bytes += strlen (s->text) + 1;
          g_free (guess[k - i]);
        }
      i = end;
    }
  if (out_bytes)
    *out_bytes = bytes;
  if (out_seconds)
    *out_seconds = (g_get_monotonic_time () - start) / 1e6;
}

static void
ner_print (const char *level, const NerCounts *c)
{
  static const char *const names[] = { "all", "PER", "ORG", "LOC" };

  for (guint type = 1; type <= 3; type++)
    {
      double p, r, f = ner_f1 (c, type, &p, &r);
      /* TRANSLATORS: an evaluation line: level (entity or token), entity type, precision,
       * recall, F1, then the gold and tagged counts */
      g_print (_ ("  %-6s %-3s  P %.3f  R %.3f  F1 %.3f  (gold %u, tagged %u)\n"), level,
               names[type], p, r, f, c->tp[type] + c->fn[type], c->tp[type] + c->fp[type]);
    }
  {
    double p, r, f = ner_f1 (c, 0, &p, &r);
    g_print (_ ("  %-6s %-3s  P %.3f  R %.3f  F1 %.3f  (gold %u, tagged %u)\n"), level, names[0], p,
             r, f, c->tp[0] + c->fn[0], c->tp[0] + c->fp[0]);
  }
}

static gboolean
parse_count (const char *option, const char *value, guint min, guint max, guint *out)
{
  guint64 v = 0;
  g_autoptr (GError) error = NULL;

  if (!g_ascii_string_to_unsigned (value, 10, min, max, &v, &error))
    {
      g_printerr ("vigil-cli: %s: %s\n", option, error->message);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

/* The sentences of a CoNLL file as Vigil's tokens, with the gazetteer's
 * classes of each token when gazetteer is not NULL. */
static GPtrArray *
ner_read (const char *path, VigilGazetteer *gazetteer)
{
  g_autoptr (GPtrArray) sentences
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_tagged_sentence_free);
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_token_sentence_free);
  g_autoptr (GError) error = NULL;

  if (!vigil_conll_read (path, sentences, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return NULL;
    }
  for (guint i = 0; i < sentences->len; i++)
    {
      VigilTokenSentence *s = vigil_tagged_sentence_tokenize (g_ptr_array_index (sentences, i));
      if (gazetteer != NULL)
        vigil_analysis_name_classes (gazetteer, s->tokens, s->classes);
      g_ptr_array_add (out, s);
    }
  return g_steal_pointer (&out);
}

/* The bundled lists, for the tagger's gazetteer features: not the user's
 * additions, so that anyone trains the same model from the same corpora. */
static VigilGazetteer *
ner_gazetteer (gboolean wanted)
{
  g_autoptr (GError) error = NULL;
  VigilGazetteer *gazetteer;

  if (!wanted)
    return NULL;
  gazetteer = vigil_gazetteer_new_bundled (&error);
  if (gazetteer == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      exit (2);
    }
  return gazetteer;
}

static int
cmd_train_ner (int argc, char **argv)
{
  guint epochs = 13, seed = 1, bits = VIGIL_TAGGER_DEFAULT_TABLE_BITS;
  gboolean use_gazetteer = TRUE;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  const char *output = NULL;
  g_autoptr (GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr (GPtrArray) dev_paths = g_ptr_array_new ();
  g_autoptr (GPtrArray) train = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) dev = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (VigilTaggerTrainer) trainer = NULL;
  g_autoptr (GRand) rand = NULL;
  g_autoptr (GBytes) model = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *size = NULL;
  gint64 start;
  guint n_sentences = 0, n_tokens = 0, n_common = 0, n_lower = 0;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--epochs") == 0 && i + 1 < argc)
        {
          if (!parse_count ("--epochs", argv[++i], 1, 1000, &epochs))
            return 2;
        }
      else if (g_strcmp0 (argv[i], "--seed") == 0 && i + 1 < argc)
        {
          if (!parse_count ("--seed", argv[++i], 0, G_MAXUINT32, &seed))
            return 2;
        }
      else if (g_strcmp0 (argv[i], "--bits") == 0 && i + 1 < argc)
        {
          if (!parse_count ("--bits", argv[++i], 8, 24, &bits))
            return 2;
        }
      else if (g_strcmp0 (argv[i], "--dev") == 0 && i + 1 < argc)
        g_ptr_array_add (dev_paths, argv[++i]);
      else if (g_strcmp0 (argv[i], "--no-gazetteer") == 0)
        use_gazetteer = FALSE;
      else if (g_strcmp0 (argv[i], "-o") == 0 && i + 1 < argc)
        output = argv[++i];
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return usage ();
      else
        g_ptr_array_add (inputs, argv[i]);
    }
  if (output == NULL || inputs->len == 0)
    return usage ();

  start = g_get_monotonic_time ();
  gazetteer = ner_gazetteer (use_gazetteer);
  trainer = vigil_tagger_trainer_new (bits);
  for (guint i = 0; i < inputs->len; i++)
    {
      GPtrArray *sentences = ner_read (g_ptr_array_index (inputs, i), gazetteer);
      if (sentences == NULL)
        return 2;
      g_ptr_array_add (train, sentences);
      for (guint k = 0; k < sentences->len; k++)
        vigil_tagger_count_common_words (
            ((VigilTokenSentence *) g_ptr_array_index (sentences, k))->tokens, &n_common, &n_lower);
    }
  /* English text (most of its lower-case words are in the English word list)
   * gets the common-word features; other languages' models go without. */
  vigil_tagger_trainer_set_common_words (trainer, n_common * 2 >= n_lower);
  for (guint i = 0; i < train->len; i++)
    {
      GPtrArray *sentences = g_ptr_array_index (train, i);
      for (guint k = 0; k < sentences->len;)
        {
          guint end = ner_document_end (sentences, k);
          vigil_tagger_trainer_add_document (trainer, (VigilTokenSentence **) sentences->pdata + k,
                                             end - k);
          for (; k < end; k++)
            {
              VigilTokenSentence *s = g_ptr_array_index (sentences, k);
              n_sentences++;
              n_tokens += s->tokens->tokens->len;
            }
        }
    }
  for (guint i = 0; i < dev_paths->len; i++)
    {
      GPtrArray *sentences = ner_read (g_ptr_array_index (dev_paths, i), gazetteer);
      if (sentences == NULL)
        return 2;
      g_ptr_array_add (dev, sentences);
    }

  rand = g_rand_new_with_seed (seed);
  for (guint e = 1; e <= epochs; e++)
    {
      vigil_tagger_trainer_epoch (trainer, rand);
      if (dev->len > 0)
        {
          g_autoptr (GBytes) bytes = vigil_tagger_trainer_serialize (trainer);
          g_autoptr (VigilTagger) tagger = vigil_tagger_load_bytes (bytes, NULL);
          g_autoptr (GString) line = g_string_new (NULL);

          g_string_append_printf (line, _ ("epoch %u, dev entity F1:"), e);
          for (guint i = 0; i < dev->len; i++)
            {
              NerCounts entity = { 0 }, token = { 0 };
              ner_evaluate (tagger, g_ptr_array_index (dev, i), &entity, &token, NULL, NULL);
              g_string_append_printf (line, " %s %.3f", (char *) g_ptr_array_index (dev_paths, i),
                                      ner_f1 (&entity, 0, NULL, NULL));
            }
          g_printerr ("%s\n", line->str);
        }
    }
  model = vigil_tagger_trainer_serialize (trainer);
  size = g_format_size (g_bytes_get_size (model));
  if (!g_file_set_contents (output, g_bytes_get_data (model, NULL), g_bytes_get_size (model),
                            &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  /* TRANSLATORS: sentences, tokens, epochs, seconds, then the model's file name and size */
  g_printerr (_ ("Trained on %u sentences (%u tokens), %u epochs, in %.1f s: %s, %s\n"),
              n_sentences, n_tokens, epochs, (g_get_monotonic_time () - start) / 1e6, output, size);
  return 0;
}

/* Bag of names: the distinct names of each type the analysis (lists, rules and
 * tagger, as the article view shows them) finds in NAME.txt against those
 * listed in NAME.gold.json ("person", "organization", "location"). */
static gboolean
ner_bag_of_names (VigilGazetteer *gazetteer, const char *txt_path, NerCounts *counts,
                  GError **error)
{
  static const char *const keys[] = { NULL, "person", "organization", "location" };
  static const VigilEntityType types[]
      = { 0, VIGIL_ENTITY_PERSON, VIGIL_ENTITY_ORGANIZATION, VIGIL_ENTITY_LOCATION };
  g_autofree char *text = NULL;
  g_autofree char *stem = g_strndup (txt_path, strlen (txt_path) - strlen (".txt"));
  g_autofree char *gold_path = g_strconcat (stem, ".gold.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (VigilAnalysis) analysis = NULL;
  JsonObject *gold;

  if (!g_file_get_contents (txt_path, &text, NULL, error))
    return FALSE;
  if (!json_parser_load_from_file (parser, gold_path, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      /* TRANSLATORS: %s is a file name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("%s: not a JSON object"),
                   gold_path);
      return FALSE;
    }
  gold = json_node_get_object (json_parser_get_root (parser));
  analysis = vigil_analyze (gazetteer, text, 0);
  for (guint type = 1; type <= 3; type++)
    {
      g_autoptr (GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *names = json_object_has_member (gold, keys[type])
                             ? json_object_get_array_member (gold, keys[type])
                             : NULL;
      GHashTableIter iter;
      gpointer name;

      for (guint i = 0; names && i < json_array_get_length (names); i++)
        {
          const char *s = json_array_get_string_element (names, i);
          if (s != NULL)
            g_hash_table_add (wanted, (gpointer) s);
        }
      for (guint i = 0; i < analysis->entities->len; i++)
        {
          VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
          if (e->type == types[type])
            g_hash_table_add (found, e->text);
        }
      g_hash_table_iter_init (&iter, found);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        {
          gboolean hit = g_hash_table_contains (wanted, name);
          if (hit)
            counts->tp[type]++, counts->tp[0]++;
          else
            counts->fp[type]++, counts->fp[0]++;
        }
      g_hash_table_iter_init (&iter, wanted);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        if (!g_hash_table_contains (found, name))
          counts->fn[type]++, counts->fn[0]++;
    }
  return TRUE;
}

static int
cmd_eval_ner (int argc, char **argv)
{
  g_autoptr (VigilTagger) tagger = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (GError) error = NULL;
  NerCounts all_entity = { 0 }, all_token = { 0 }, bag = { 0 };
  gboolean use_gazetteer = TRUE;
  guint n_docs = 0, n_conll = 0;
  gint64 start;

  if (argc > 2 && g_strcmp0 (argv[2], "--no-gazetteer") == 0)
    {
      use_gazetteer = FALSE;
      argv++, argc--;
    }
  if (argc < 4)
    return usage ();
  start = g_get_monotonic_time ();
  if (g_strcmp0 (argv[2], "none") != 0)
    {
      tagger = vigil_tagger_load (argv[2], &error);
      if (tagger == NULL)
        {
          g_printerr ("vigil-cli: %s\n", error->message);
          return 2;
        }
      /* TRANSLATORS: %.1f is a time in milliseconds */
      g_print (_ ("model loaded in %.1f ms\n"), (g_get_monotonic_time () - start) / 1e3);
    }
  gazetteer = ner_gazetteer (use_gazetteer);
  for (int i = 3; i < argc; i++)
    {
      g_autoptr (GPtrArray) sentences = NULL;
      NerCounts entity = { 0 }, token = { 0 };
      gsize bytes = 0;
      double seconds = 0;

      if (g_str_has_suffix (argv[i], ".txt"))
        {
          if (gazetteer == NULL)
            gazetteer = vigil_gazetteer_new ();
          /* The analysis with this model (none: the lists and rules alone). */
          if (n_docs == 0 && tagger != NULL)
            {
              vigil_gazetteer_set_tagger (gazetteer, g_steal_pointer (&tagger));
              tagger = NULL;
            }
          if (!ner_bag_of_names (gazetteer, argv[i], &bag, &error))
            {
              g_printerr ("vigil-cli: %s\n", error->message);
              return 2;
            }
          n_docs++;
          continue;
        }
      if (tagger == NULL && (gazetteer == NULL || vigil_gazetteer_get_tagger (gazetteer) == NULL))
        {
          g_printerr ("vigil-cli: %s\n", _ ("CoNLL files need a model"));
          return 2;
        }
      sentences = ner_read (argv[i], use_gazetteer ? gazetteer : NULL);
      if (sentences == NULL)
        return 2;
      ner_evaluate (tagger ? tagger : vigil_gazetteer_get_tagger (gazetteer), sentences, &entity,
                    &token, &bytes, &seconds);
      n_conll++;
      /* TRANSLATORS: a file name, the number of sentences, then a speed */
      g_print (_ ("%s: %u sentences, tagged at %.2f MB/s\n"), argv[i], sentences->len,
               seconds > 0 ? bytes / seconds / 1e6 : 0);
      ner_print (_ ("entity"), &entity);
      ner_print (_ ("token"), &token);
      for (guint k = 0; k < 4; k++)
        {
          all_entity.tp[k] += entity.tp[k], all_entity.fp[k] += entity.fp[k],
              all_entity.fn[k] += entity.fn[k];
          all_token.tp[k] += token.tp[k], all_token.fp[k] += token.fp[k],
              all_token.fn[k] += token.fn[k];
        }
    }
  if (n_docs > 0)
    {
      /* TRANSLATORS: %u is a number of documents */
      g_print (_ ("bag of names, %u documents:\n"), n_docs);
      ner_print (_ ("names"), &bag);
    }
  if (n_conll > 1)
    {
      g_print ("%s\n", _ ("all files:"));
      ner_print (_ ("entity"), &all_entity);
      ner_print (_ ("token"), &all_token);
    }
  return 0;
}

/* ---- sync accounts ---- */

/* Keeps the password in the desktop keyring; FALSE (and why) when there is none. */
static gboolean
keyring_store (const char *name, const char *server, const char *user, const char *password,
               GError **error)
{
  return vigil_keyring_store (name, server, user, password, NULL, error);
}

static char *
keyring_lookup (const char *server, const char *user)
{
  return vigil_keyring_lookup (server, user, NULL, NULL);
}

/* The account's password: VIGIL_SYNC_PASSWORD, else the desktop keyring
 * (when server and user are given), else the first line of stdin. Never in
 * the database. */
static char *
read_password (const char *server, const char *user)
{
  const char *env = g_getenv ("VIGIL_SYNC_PASSWORD");
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (GDataInputStream) data = NULL;
  char *line;

  if (env != NULL)
    return g_strdup (env);
  if (server != NULL && user != NULL && (line = keyring_lookup (server, user)) != NULL)
    return line;
  if (isatty (0))
    g_printerr ("%s", _ ("Password: "));
  in = g_unix_input_stream_new (0, FALSE);
  data = g_data_input_stream_new (in);
  line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL);
  if (line != NULL)
    g_strchomp (line);
  return line;
}

static int
cmd_account (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  const char *name = NULL, *server = NULL, *user = NULL;
  gboolean add;

  if (argc < 3 || (g_strcmp0 (argv[2], "add") != 0 && g_strcmp0 (argv[2], "list") != 0))
    return usage ();
  add = g_str_equal (argv[2], "add");
  for (int i = 3; i < argc; i++)
    {
      if (i + 1 >= argc)
        return usage ();
      if (add && g_strcmp0 (argv[i], "--name") == 0)
        name = argv[++i];
      else if (add && g_strcmp0 (argv[i], "--server") == 0)
        server = argv[++i];
      else if (add && g_strcmp0 (argv[i], "--user") == 0)
        user = argv[++i];
      else if (g_strcmp0 (argv[i], "--db") == 0)
        i++;
      else
        return usage ();
    }
  if (add && (name == NULL || server == NULL || user == NULL))
    return usage ();
  store = open_store (argc, argv, 3, &error);
  if (store == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (add)
    {
      g_autoptr (VigilSync) sync = vigil_sync_new (store);
      g_autofree char *password = read_password (NULL, NULL);
      g_autoptr (GError) keyring_error = NULL;
      gint64 id;

      if (password == NULL || *password == '\0')
        {
          g_printerr ("vigil-cli: %s\n", _ ("no password given (VIGIL_SYNC_PASSWORD or stdin)"));
          return 1;
        }
      /* Checked with the server before it is added. */
      id = vigil_sync_add_account (sync, name, server, user, password, NULL, &error);
      if (id == 0)
        {
          memset (password, 0, strlen (password));
          g_printerr ("vigil-cli: %s\n", error->message);
          return 1;
        }
      {
        g_autoptr (VigilAccount) account = vigil_store_get_account (store, id, NULL);
        /* The address the server answered at, as the sync will look it up. */
        if (keyring_store (name, account->server_url, user, password, &keyring_error))
          /* TRANSLATORS: %s is an account name */
          g_print (_ ("Account “%s” added; its password is in the desktop keyring\n"), name);
        else
          {
            g_print (_ ("Account “%s” added\n"), name);
            g_printerr (_ ("vigil-cli: the password could not be kept in a desktop keyring (%s); "
                           "give it with VIGIL_SYNC_PASSWORD or on standard input at each sync\n"),
                        keyring_error->message);
          }
      }
      memset (password, 0, strlen (password));
      return 0;
    }
  {
    g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (store, &error);
    for (guint i = 0; accounts && i < accounts->len; i++)
      {
        VigilAccount *a = g_ptr_array_index (accounts, i);
        g_autoptr (GDateTime) when
            = a->last_sync ? g_date_time_new_from_unix_utc (a->last_sync) : NULL;
        g_autofree char *time = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%SZ") : NULL;
        g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", a->name, a->kind, a->server_url ? a->server_url : "",
                 a->user ? a->user : "", time ? time : _ ("never synced"),
                 a->last_error ? a->last_error : "");
      }
    if (accounts == NULL)
      {
        g_printerr ("vigil-cli: %s\n", error->message);
        return 1;
      }
  }
  return 0;
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  VigilSyncStats stats;
  GError *error;
} SyncRun;

static void
sync_done (GObject *object, GAsyncResult *res, gpointer data)
{
  SyncRun *run = data;

  run->ok = vigil_sync_run_finish (VIGIL_SYNC (object), res, &run->stats, &run->error);
  g_main_loop_quit (run->loop);
}

static int
cmd_sync (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;
  g_autoptr (VigilSync) sync = NULL;
  g_autoptr (VigilAccount) account = NULL;
  g_autofree char *password = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  SyncRun run = { loop, FALSE, { 0 }, NULL };
  const char *name = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--account") == 0 && i + 1 < argc)
        name = argv[++i];
      else if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
        i++;
      else
        return usage ();
    }
  if (name == NULL)
    return usage ();
  store = open_store (argc, argv, 2, &error);
  if (store != NULL)
    account = vigil_store_find_account (store, name, &error);
  if (account != NULL)
    monitor = vigil_monitor_new (store, &error);
  if (monitor == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (account->id == VIGIL_ACCOUNT_LOCAL)
    {
      g_printerr ("vigil-cli: %s\n",
                  _ ("the Local account is not synced: “vigil-cli watch --once” refreshes it"));
      return 1;
    }
  password = read_password (account->server_url, account->user);
  if (password == NULL || *password == '\0')
    {
      g_printerr ("vigil-cli: %s\n",
                  _ ("no password given (VIGIL_SYNC_PASSWORD, the desktop keyring or stdin)"));
      return 1;
    }
  sync = vigil_sync_new (store);
  vigil_sync_set_password (sync, account->id, password);
  memset (password, 0, strlen (password));
  vigil_monitor_attach_sync (monitor, sync);
  g_signal_connect (monitor, "alert", G_CALLBACK (on_watch_alert), NULL);
  g_signal_connect (monitor, "alert-summary", G_CALLBACK (on_watch_summary), NULL);
  g_signal_connect (monitor, "backlog-matched", G_CALLBACK (on_watch_backlog), NULL);
  vigil_sync_run_async (sync, account->id, NULL, sync_done, &run);
  g_main_loop_run (loop);
  /* Alerts of the last page, delivered after the sync's own answer. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (!run.ok)
    {
      g_printerr ("vigil-cli: %s: %s\n", name, run.error->message);
      g_error_free (run.error);
      return 1;
    }
  g_printerr (_ ("vigil-cli: %s: %u new articles (%u items in %u pages, %u requests); "
                 "%u changes sent, %u queued%s\n"),
              name, run.stats.new_articles, run.stats.items, run.stats.pages, run.stats.requests,
              run.stats.actions_sent, run.stats.actions_left,
              run.stats.more ? _ ("; older items follow at the next sync") : "");
  return 0;
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage ();
  if (g_strcmp0 (argv[1], "parse") == 0)
    return cmd_parse (argc, argv);
  if (g_strcmp0 (argv[1], "tag") == 0)
    return cmd_tag (argc, argv);
  if (g_strcmp0 (argv[1], "render") == 0)
    return cmd_render (argc, argv);
  if (g_strcmp0 (argv[1], "discover") == 0)
    return cmd_discover (argc, argv);
  if (g_strcmp0 (argv[1], "match") == 0)
    return cmd_match (argc, argv);
  if (g_strcmp0 (argv[1], "stories") == 0)
    return cmd_stories (argc, argv);
  if (g_strcmp0 (argv[1], "watch") == 0)
    return cmd_watch (argc, argv);
  if (g_strcmp0 (argv[1], "dry-run") == 0)
    return cmd_dry_run (argc, argv);
  if (g_strcmp0 (argv[1], "import-opml") == 0)
    return cmd_opml (argc, argv, TRUE);
  if (g_strcmp0 (argv[1], "export-opml") == 0)
    return cmd_opml (argc, argv, FALSE);
  if (g_strcmp0 (argv[1], "account") == 0)
    return cmd_account (argc, argv);
  if (g_strcmp0 (argv[1], "sync") == 0)
    return cmd_sync (argc, argv);
  if (g_strcmp0 (argv[1], "train-ner") == 0)
    return cmd_train_ner (argc, argv);
  if (g_strcmp0 (argv[1], "eval-ner") == 0)
    return cmd_eval_ner (argc, argv);
  if (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
    {
      usage ();
      return 0;
    }
  g_printerr ("vigil-cli: %s “%s”\n", _ ("unknown command"), argv[1]);
  return usage ();
}
