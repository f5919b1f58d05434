/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli-feeds.c — vigil-cli parse, tag, render and discover: one feed, text or page */
#include "config.h"

#include "vigil-cli-private.h"
#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-discover.h"
#include "vigil-feed-parser.h"
#include "vigil-html.h"

int
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
    return fail (error);
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

/* What tag and render read: `[--html] FILE|-`, as UTF-8 text, and the
 * gazetteer. */
typedef struct
{
  gboolean html;
  const char *path;
  char *data;
  gsize len;
  char *base;
  VigilGazetteer *gazetteer;
} TextInput;

static void
text_input_clear (TextInput *in)
{
  g_free (in->data);
  g_free (in->base);
  g_clear_pointer (&in->gazetteer, vigil_gazetteer_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TextInput, text_input_clear)

/* Returns 0, or the exit status after saying what is wrong. */
static int
read_text_command (int argc, char **argv, TextInput *in)
{
  g_autoptr (GError) error = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--html") == 0)
        in->html = TRUE;
      else if (in->path == NULL)
        in->path = argv[i];
      else
        return usage ();
    }
  if (in->path == NULL)
    return usage ();
  if (!read_input (in->path, &in->data, &in->len, &in->base, NULL, &error))
    return fail (error);
  if (memchr (in->data, '\0', in->len) != NULL || !g_utf8_validate (in->data, in->len, NULL))
    {
      g_printerr ("vigil-cli: %s: %s\n", in->path, _ ("the input is not UTF-8 text"));
      return 1;
    }
  in->gazetteer = vigil_gazetteer_new_default (&error);
  if (in->gazetteer == NULL)
    return fail (error);
  return 0;
}

int
cmd_tag (int argc, char **argv)
{
  g_auto (TextInput) in = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  gboolean cut = FALSE;
  int status;

  if ((status = read_text_command (argc, argv, &in)) != 0)
    return status;
  /* Only the start of a huge page is analysed: no more of its text is made. */
  text = in.html ? vigil_html_to_text_prefix (in.data, 4 * VIGIL_ANALYSIS_MAX_TEXT, &cut) : NULL;
  analysis = vigil_analyze (in.gazetteer, text ? text : in.data, 0);
  analysis->shortened |= cut;
  json = vigil_analysis_to_json (analysis, TRUE);
  g_print ("%s\n", json);
  if (analysis->shortened)
    note_shortened (in.path);
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
int
cmd_render (int argc, char **argv)
{
  g_auto (TextInput) in = { 0 };
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *page = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  g_autoptr (VigilArticle) article = vigil_article_new ();
  int status;

  if ((status = read_text_command (argc, argv, &in)) != 0)
    return status;
  if (in.html)
    article->content = vigil_html_sanitize (in.data, in.base);
  else
    {
      /* Text makes at least as much HTML: no more of it is needed than the
       * article keeps (one byte more, so that it is seen to be shortened). */
      if (in.len > VIGIL_ARTICLE_MAX_HTML + 1)
        *g_utf8_find_prev_char (in.data, in.data + VIGIL_ARTICLE_MAX_HTML + 2) = '\0';
      article->content = text_to_html (in.data);
    }
  vigil_article_limit_size (article);
  article->date_is_first_seen = TRUE;
  article->first_seen = g_get_real_time () / G_USEC_PER_SEC;
  body = vigil_article_dup_body_text (article);
  text = g_strconcat ("\n", body, NULL);
  analysis = vigil_analyze (in.gazetteer, text, 0);
  article->score = analysis->score;
  article->level = g_strdup (analysis->level);
  article->language = g_strdup (analysis->language);
  page = vigil_article_page_render (in.gazetteer, article, FALSE, 0, FALSE, FALSE);
  if (page == NULL)
    {
      g_printerr ("vigil-cli: %s\n", _ ("the article template is missing"));
      return 1;
    }
  g_print ("%s", page);
  if (analysis->shortened || vigil_article_html_is_shortened (article->content))
    note_shortened (in.path);
  return 0;
}

int
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
    return fail (error);
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
