/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli-stories.c — vigil-cli stories: articles grouped into stories */
#include "config.h"

#include "vigil-cli-private.h"
#include "vigil-analyzer.h"
#include "vigil-cluster.h"
#include "vigil-feed-parser.h"
#include "vigil-json.h"

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
      g_autofree char *body = NULL;
      StoryUnit item = { path, (int) i };

      /* As the app stores it: "Rockets hit Baghdad - Reuters" from Reuters is
       * "Rockets hit Baghdad". */
      vigil_article_strip_origin_suffix (a);
      body = vigil_article_dup_body_text (a);

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
int
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
      return fail (error);
  for (guint i = 0; i < units->len; i++)
    if (g_array_index (units, StoryUnit, i).dated)
      earliest = MIN (earliest, g_array_index (units, StoryUnit, i).time);
  if (earliest == G_MAXINT64)
    earliest = g_get_real_time () / G_USEC_PER_SEC;
  gazetteer = vigil_gazetteer_new_default (&error);
  if (gazetteer == NULL)
    return fail (error);
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
              vigil_json_add_int (b, "item", u->item);
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
