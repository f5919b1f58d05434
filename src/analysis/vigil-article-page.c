/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-page.c */
#include "config.h"

#include "vigil-article-page.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-highlight.h"
#include "vigil-html.h"

/* Replaces {{name}} in a template by values (already escaped HTML). The template
 * is scanned once, so text inside values is never interpreted. */
static char *
fill_template (const char *template, GHashTable *values)
{
  GString *out = g_string_new (NULL);
  const char *p = template;

  while (*p)
    {
      const char *open = strstr (p, "{{");
      const char *close;
      if (open == NULL)
        break;
      close = strstr (open + 2, "}}");
      if (close == NULL)
        break;
      g_string_append_len (out, p, open - p);
      {
        g_autofree char *key = g_strndup (open + 2, close - open - 2);
        const char *value = g_hash_table_lookup (values, key);
        if (value)
          g_string_append (out, value);
      }
      p = close + 2;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* The risk terms by category, in the order they first appear: the explanation
 * of the score ("Evacuation: drawdown, withdrawal · Indirect fire: rockets"). */
static void
collect_terms (GPtrArray *categories, GHashTable *by_category, VigilAnalysis *analysis)
{
  for (guint i = 0; i < analysis->risks->len; i++)
    {
      VigilRisk *r = &g_array_index (analysis->risks, VigilRisk, i);
      GPtrArray *terms = g_hash_table_lookup (by_category, r->category);
      gboolean seen = FALSE;

      if (terms == NULL)
        {
          terms = g_ptr_array_new ();
          g_hash_table_insert (by_category, r->category, terms);
          g_ptr_array_add (categories, r->category);
        }
      for (guint k = 0; k < terms->len; k++)
        if (g_str_equal (g_ptr_array_index (terms, k), r->term))
          seen = TRUE;
      if (!seen)
        g_ptr_array_add (terms, r->term);
    }
}

/* Who, what and where at a glance: the article's people, organisations and
 * places, most mentioned first, each a link (vigil:entity/NAME) that filters
 * the list to the articles mentioning it. */
typedef struct
{
  const char *name;
  guint mentions;
} Chip;

static int
compare_chips (gconstpointer a, gconstpointer b)
{
  const Chip *x = a, *y = b;
  return x->mentions != y->mentions ? (int) y->mentions - (int) x->mentions
                                    : g_utf8_collate (x->name, y->name);
}

static char *
entity_chips (VigilAnalysis *title, VigilAnalysis *body)
{
  static const struct
  {
    VigilEntityType type;
    const char *css;
  } groups[] = {
    { VIGIL_ENTITY_PERSON, "vigil-ent-person" },
    { VIGIL_ENTITY_ORGANIZATION, "vigil-ent-organization" },
    { VIGIL_ENTITY_LOCATION, "vigil-ent-location" },
  };
  const char *labels[] = { _ ("People"), _ ("Organisations"), _ ("Places") };
  VigilAnalysis *analyses[] = { title, body };
  GString *out = g_string_new (NULL);
  g_autofree char *tip_format = NULL;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autoptr (GArray) chips = g_array_new (FALSE, FALSE, sizeof (Chip));
      /* name -> index + 1 in chips: a long article names thousands. */
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint a = 0; a < G_N_ELEMENTS (analyses); a++)
        for (guint i = 0; analyses[a] && i < analyses[a]->entities->len; i++)
          {
            VigilEntity *e = &g_array_index (analyses[a]->entities, VigilEntity, i);
            const char *name = e->canonical ? e->canonical : e->text;
            guint k;
            if (e->type != groups[g].type || name == NULL || *name == '\0')
              continue;
            k = GPOINTER_TO_UINT (g_hash_table_lookup (seen, name));
            if (k > 0)
              g_array_index (chips, Chip, k - 1).mentions++;
            else
              {
                g_array_append_val (chips, ((Chip){ name, 1 }));
                g_hash_table_insert (seen, (gpointer) name, GUINT_TO_POINTER (chips->len));
              }
          }
      if (chips->len == 0)
        continue;
      g_array_sort (chips, compare_chips);
      {
        /* One line a type; spaces between chips, so that long lines wrap. */
        g_autofree char *label = vigil_html_escape (labels[g]);
        g_string_append_printf (out, "<div class=\"chip-row\"><span class=\"group\">%s</span>",
                                label);
      }
      for (guint k = 0; k < chips->len && k < 8; k++)
        {
          const Chip *c = &g_array_index (chips, Chip, k);
          g_autofree char *escaped_uri = g_uri_escape_string (c->name, NULL, FALSE);
          g_autofree char *href = vigil_html_escape (escaped_uri);
          g_autofree char *text = vigil_html_escape (c->name);
          /* TRANSLATORS: tooltip of an entity in the article header; %s is its name */
          g_autofree char *tip_text
              = g_strdup_printf (_ ("Show the articles that mention %s"), c->name);
          g_autofree char *tip = vigil_html_escape (tip_text);
          g_string_append_printf (out,
                                  " <a class=\"chip %s\" href=\"vigil:entity/%s\" title=\"%s\">%s",
                                  groups[g].css, href, tip, text);
          if (c->mentions > 1)
            g_string_append_printf (out, " <span class=\"count\">%u</span>", c->mentions);
          g_string_append (out, "</a> ");
        }
      g_string_append (out, "</div>");
    }
  return g_string_free (out, FALSE);
}

/* The highlight types the legend switches, in its order (bit i of `hidden`). */
static const struct
{
  const char *name; /* in vigil:toggle/NAME and the body class vigil-hide-NAME */
  const char *css;  /* the marks' class */
} highlight_types[] = {
  { "person", "vigil-ent-person" },
  { "organization", "vigil-ent-organization" },
  { "location", "vigil-ent-location" },
  { "risk", "vigil-risk" },
};

const char *
vigil_article_page_type_name (guint i)
{
  return i < G_N_ELEMENTS (highlight_types) ? highlight_types[i].name : NULL;
}

const char *
vigil_article_page_type_css (guint i)
{
  return i < G_N_ELEMENTS (highlight_types) ? highlight_types[i].css : NULL;
}

/* The item's authors for the header line: each one's name (else e-mail
 * address, else page) in an isolate of its own, a name given twice once, as
 * the desk's language lists them ("By A", "By A and B", "By A, B and C");
 * NULL when the feed named nobody. An article stored before every author was
 * kept has its one author. */
static char *
authors_html (VigilArticle *article)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  for (guint i = 0; article->authors && i < article->authors->len; i++)
    {
      VigilPerson *p = g_ptr_array_index (article->authors, i);
      const char *line = p->name && *p->name ? p->name : p->email && *p->email ? p->email : p->uri;
      gboolean seen = FALSE;
      if (line == NULL || *line == '\0')
        continue;
      for (guint k = 0; k < names->len && !seen; k++)
        seen = g_str_equal (g_ptr_array_index (names, k), line);
      if (!seen)
        g_ptr_array_add (names, g_strdup (line));
    }
  if (names->len == 0 && article->author && *article->author)
    g_ptr_array_add (names, g_strdup (article->author));
  if (names->len == 0)
    return NULL;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *escaped = vigil_html_escape (g_ptr_array_index (names, i));
      g_autofree char *name = g_strdup_printf ("<bdi>%s</bdi>", escaped);
      g_autofree char *longer = NULL;
      if (list == NULL)
        longer = g_steal_pointer (&name);
      else if (i + 1 < names->len)
        /* TRANSLATORS: joins the authors of an article but the last: "A, B" */
        longer = g_strdup_printf (_ ("%s, %s"), list, name);
      else
        /* TRANSLATORS: joins the last author of an article to the others:
           "A and B", "A, B and C" */
        longer = g_strdup_printf (_ ("%s and %s"), list, name);
      g_free (list);
      list = g_steal_pointer (&longer);
    }
  /* TRANSLATORS: the article's authors in its header line, "By A and B" */
  return g_strdup_printf (_ ("By %s"), list);
}

char *
vigil_article_page_render (VigilGazetteer *gazetteer, VigilArticle *article, gboolean dark,
                           guint hidden, gboolean load_images, gboolean strong)
{
  g_autoptr (GBytes) tpl = g_resources_lookup_data (RESOURCE_BASE "article/article.html", 0, NULL);
  g_autoptr (GBytes) css = g_resources_lookup_data (RESOURCE_BASE "article/article.css", 0, NULL);
  g_autoptr (GHashTable) v = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *escaped_title = vigil_html_escape (vigil_article_get_display_title (article));
  g_autoptr (VigilAnalysis) title_analysis = NULL;
  g_autoptr (VigilAnalysis) body_analysis = NULL;
  g_autoptr (GPtrArray) categories = g_ptr_array_new ();
  g_autoptr (GHashTable) by_category
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GString) meta = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);
  const char *body_html
      = article->content && *article->content ? article->content : article->summary;
  const char *level = article->level ? article->level : "low";
  g_autofree char *when = NULL;
  g_autofree char *link = NULL;
  g_autofree char *template = NULL;

  g_return_val_if_fail (tpl != NULL && css != NULL, NULL);
  template = g_strndup (g_bytes_get_data (tpl, NULL), g_bytes_get_size (tpl));

  g_hash_table_insert (v, "title",
                       vigil_highlight_html (gazetteer, escaped_title, &title_analysis));
  if (body_html != NULL && *body_html)
    {
      /* A shortened article says so before its text. */
      gboolean shortened = vigil_article_html_is_shortened (body_html);
      g_autofree char *kept
          = shortened
                ? g_strndup (body_html, strlen (body_html) - strlen (VIGIL_ARTICLE_SHORTENED_MARK))
                /* stored whole by an older Vigil: shown as a new one stores it */
                : vigil_html_truncate (body_html, VIGIL_ARTICLE_MAX_HTML);
      g_autofree char *body
          = vigil_highlight_html (gazetteer, kept ? kept : body_html, &body_analysis);
      if (kept != NULL || body_analysis->shortened)
        {
          g_autofree char *size
              = g_format_size (MIN (VIGIL_ARTICLE_MAX_HTML, VIGIL_ANALYSIS_MAX_TEXT));
          /* TRANSLATORS: at the top of a very long article; %s is a size such as "1.0 MB" */
          g_autofree char *text = g_strdup_printf (
              _ ("Article shortened: only its first %s were kept, highlighted and checked "
                 "for alerts. Open the original for the full story."),
              size);
          g_autofree char *escaped = vigil_html_escape (text);
          g_hash_table_insert (
              v, "body",
              g_strdup_printf ("<p class=\"vigil-shortened\" id=\"vigil-shortened\" "
                               "role=\"note\">%s</p>%s",
                               escaped, body));
        }
      else
        g_hash_table_insert (v, "body", g_steal_pointer (&body));
    }
  else
    g_hash_table_insert (
        v, "body",
        g_strdup_printf ("<p><em>%s</em></p>",
                         _ ("This item has no text. Open the original for the full story.")));

  /* Header line: source · time · author · link */
  {
    g_autofree char *source
        = vigil_html_escape (article->source_title ? article->source_title : "");
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (vigil_article_get_time (article));
    /* TRANSLATORS: the article's date and time over its text, a strftime
       format (day, month, year, time) */
    g_autofree char *date = g_strchug (g_date_time_format (dt, _ ("%e %B %Y, %H:%M")));
    /* Each name and the date in an isolate of its own: an Arabic month in an
     * English article's line ("30 نوفمبر 2026, 23:17") is not turned round
     * by its neighbours' direction, nor an Arabic outlet's name. */
    g_string_append_printf (meta, "<bdi>%s</bdi>", source);
    /* Where an aggregator took it from (Google News' outlet): "via …". */
    if (article->origin_title && *article->origin_title
        && g_strcmp0 (article->origin_title, article->source_title) != 0)
      {
        g_autofree char *origin = vigil_html_escape (article->origin_title);
        g_autofree char *origin_url = vigil_html_safe_url (article->origin_url, NULL, FALSE);
        g_autofree char *href = origin_url ? vigil_html_escape (origin_url) : NULL;
        g_autofree char *linked
            = href ? g_strdup_printf ("<a href=\"%s\">%s</a>", href, origin) : g_strdup (origin);
        /* TRANSLATORS: the outlet an aggregated article first appeared in */
        g_autofree char *via = g_strdup_printf (_ ("via %s"), linked);
        g_string_append_printf (meta, " · %s", via);
      }
    g_string_append_printf (meta, " · <bdi>%s</bdi>", date ? g_strstrip (date) : "");
    if (article->date_is_first_seen)
      g_string_append_printf (meta, " (%s)", _ ("first seen; the feed gave no date"));
    {
      g_autofree char *bylines = authors_html (article);
      if (bylines != NULL)
        g_string_append_printf (meta, " · %s", bylines);
    }
    link = vigil_html_safe_url (article->link, NULL, FALSE);
    if (link)
      {
        g_autofree char *href = vigil_html_escape (link);
        g_string_append_printf (meta, " · <a href=\"%s\">%s</a>", href, _ ("Open original"));
      }
  }

  g_hash_table_insert (v, "chips", entity_chips (title_analysis, body_analysis));
  collect_terms (categories, by_category, title_analysis);
  if (body_analysis)
    collect_terms (categories, by_category, body_analysis);
  /* TRANSLATORS: risk bar of the article view, %d is the score 0-100 */
  g_string_append_printf (summary, _ ("score %d"), article->score);
  for (guint c = 0; c < categories->len; c++)
    {
      const char *category = g_ptr_array_index (categories, c);
      GPtrArray *terms = g_hash_table_lookup (by_category, category);
      g_autofree char *label = vigil_html_escape (vigil_risk_category_label (category));
      g_autofree char *list = NULL;
      g_autofree char *escaped = NULL;
      g_ptr_array_add (terms, NULL);
      list = g_strjoinv (", ", (char **) terms->pdata);
      escaped = vigil_html_escape (list);
      /* The terms are the article's words, in its direction (<bdi>): an
       * English "rocket fire" keeps its order in an Arabic risk line. */
      g_string_append_printf (summary, " · <b>%s</b>: <bdi>%s</bdi>", label, escaped);
    }
  if (categories->len == 0)
    g_string_append_printf (summary, " · %s", _ ("no risk terms found"));

  g_hash_table_insert (v, "css", g_strndup (g_bytes_get_data (css, NULL), g_bytes_get_size (css)));
  g_hash_table_insert (v, "lang", vigil_html_escape (article->language ? article->language : "en"));
  g_hash_table_insert (v, "scheme", g_strdup (dark ? "dark" : "light"));
  g_hash_table_insert (v, "img_src", g_strdup (load_images ? "data: https: http:" : "data:"));
  g_hash_table_insert (v, "meta", g_strdup (meta->str));
  g_hash_table_insert (v, "level", g_strdup (level));
  g_hash_table_insert (v, "level_label", vigil_html_escape (vigil_level_label (level)));
  g_hash_table_insert (v, "risk_summary", g_strdup (summary->str));
  /* The risk bar is in the desk's language, whatever the article's: its
   * direction is the interface's (GTK's own catalogue says which, as GTK
   * itself reads it). */
  g_hash_table_insert (
      v, "ui_dir",
      g_strdup (g_str_equal (g_dgettext ("gtk40", "default:LTR"), "default:RTL") ? "rtl" : "ltr"));
  g_hash_table_insert (v, "legend_label", vigil_html_escape (_ ("Legend")));
  {
    /* Each legend entry switches its highlights off and on: a vigil: link the
     * view intercepts (the page runs no script of its own). */
    GString *legend = g_string_new (NULL);
    g_autofree char *tip = vigil_html_escape (_ ("Click to hide or show these highlights"));
    const char *labels[] = { _ ("Person"), _ ("Organisation"), _ ("Place"), _ ("Risk term") };
    g_autoptr (GString) body_classes = g_string_new (NULL);
    for (guint i = 0; i < G_N_ELEMENTS (highlight_types); i++)
      {
        gboolean off = (hidden & (1u << i)) != 0;
        g_string_append_printf (legend,
                                "<li class=\"%s%s\"><a href=\"vigil:toggle/%s\" title=\"%s\" "
                                "role=\"switch\" aria-checked=\"%s\">%s</a></li>",
                                highlight_types[i].css, off ? " off" : "", highlight_types[i].name,
                                tip, off ? "false" : "true", labels[i]);
        if (off)
          g_string_append_printf (body_classes, " vigil-hide-%s", highlight_types[i].name);
      }
    g_hash_table_insert (v, "legend", g_string_free (legend, FALSE));
    g_hash_table_insert (v, "hidden", g_strdup (body_classes->str));
  }
  {
    /* Remote images not loaded are hidden (no broken boxes), and said so. */
    guint remote = 0;
    GString *footer = g_string_new (NULL);
    g_autofree char *note = vigil_html_escape (_ ("Highlights are made by Vigil's offline "
                                                  "analysis; hover a mark to see what it was "
                                                  "recognised as."));
    for (const char *p = body_html; !load_images && p && (p = strstr (p, "<img ")) != NULL; p++)
      {
        const char *src = strstr (p, " src=\"");
        const char *end = strchr (p, '>');
        if (src && end && src < end && g_ascii_strncasecmp (src + 6, "data:", 5) != 0)
          remote++;
      }
    g_string_append (footer, note);
    if (remote > 0)
      {
        g_autofree char *text = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "%u image of this article is not loaded: remote images are off for this "
                         "source (its menu, Edit…).",
                         "%u images of this article are not loaded: remote images are off for this "
                         "source (its menu, Edit…).",
                         remote),
            remote);
        g_autofree char *escaped = vigil_html_escape (text);
        g_string_append_printf (footer, "<br><span id=\"vigil-images-off\">%s</span>", escaped);
      }
    g_hash_table_insert (v, "footer", g_string_free (footer, FALSE));
  }
  {
    /* Attachments (podcasts, videos, documents) and the comments page, each
     * opened with the desktop's handler for it (links leave the view). */
    GString *extra = g_string_new (NULL);
    guint listed = 0;

    for (guint i = 0; i < article->enclosures->len; i++)
      {
        VigilEnclosure *e = g_ptr_array_index (article->enclosures, i);
        g_autofree char *url = vigil_html_safe_url (e->url, NULL, FALSE);
        g_autofree char *href = NULL, *name = NULL, *type = NULL;
        g_autoptr (GString) details = g_string_new (NULL);
        const char *file;

        if (url == NULL)
          continue;
        href = vigil_html_escape (url);
        file = strrchr (url, '/');
        name = vigil_html_escape (e->title && *e->title ? e->title
                                  : file && file[1]     ? file + 1
                                                        : url);
        if (e->type && *e->type)
          {
            type = vigil_html_escape (e->type);
            g_string_append (details, type);
          }
        if (e->length > 0)
          {
            g_autofree char *size = g_format_size ((guint64) e->length);
            g_string_append_printf (details, "%s%s", details->len ? " · " : "", size);
          }
        if (e->duration > 0)
          {
            g_autofree char *length
                = e->duration >= 3600
                      ? g_strdup_printf ("%d:%02d:%02d", (int) (e->duration / 3600),
                                         (int) (e->duration / 60 % 60), (int) (e->duration % 60))
                      : g_strdup_printf ("%d:%02d", (int) (e->duration / 60),
                                         (int) (e->duration % 60));
            g_string_append_printf (details, "%s%s", details->len ? " · " : "", length);
          }
        if (listed++ == 0)
          g_string_append_printf (extra, "<section id=\"vigil-attachments\"><h2>%s</h2><ul>",
                                  _ ("Attachments"));
        g_string_append_printf (extra,
                                "<li><a href=\"%s\">%s</a> <span class=\"meta\">%s</span></li>",
                                href, name, details->str);
      }
    if (listed > 0)
      g_string_append (extra, "</ul></section>");
    {
      g_autofree char *comments = vigil_html_safe_url (article->comments, NULL, FALSE);
      if (comments)
        {
          g_autofree char *href = vigil_html_escape (comments);
          g_string_append_printf (extra, "<p id=\"vigil-comments\"><a href=\"%s\">%s</a></p>", href,
                                  _ ("Comments"));
        }
    }
    g_hash_table_insert (v, "attachments", g_string_free (extra, FALSE));
    g_hash_table_insert (v, "images",
                         g_strconcat (load_images ? "" : "vigil-no-remote-images",
                                      strong ? " vigil-strong" : "", NULL));
  }
  return fill_template (template, v);
}
