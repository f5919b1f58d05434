/* vigil-article-view.c */
#include "config.h"

#include "vigil-article-view.h"
#include "vigil-gpu.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-article-row.h"
#include "vigil-highlight.h"
#include "vigil-html.h"

struct _VigilArticleView
{
  AdwBin parent_instance;
  GtkStack *stack;
  WebKitWebView *web_view;
  VigilGazetteer *gazetteer;
  VigilArticle *article;
  guint hidden; /* highlight types switched off in the legend (bits) */
  gboolean load_images;
  gboolean strong;
};

G_DEFINE_FINAL_TYPE (VigilArticleView, vigil_article_view, ADW_TYPE_BIN)

enum
{
  SIGNAL_ENTITY_ACTIVATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

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
      for (guint a = 0; a < G_N_ELEMENTS (analyses); a++)
        for (guint i = 0; analyses[a] && i < analyses[a]->entities->len; i++)
          {
            VigilEntity *e = &g_array_index (analyses[a]->entities, VigilEntity, i);
            const char *name = e->canonical ? e->canonical : e->text;
            guint k;
            if (e->type != groups[g].type || name == NULL || *name == '\0')
              continue;
            for (k = 0; k < chips->len; k++)
              if (g_str_equal (g_array_index (chips, Chip, k).name, name))
                break;
            if (k < chips->len)
              g_array_index (chips, Chip, k).mentions++;
            else
              g_array_append_val (chips, ((Chip){ name, 1 }));
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

char *
vigil_article_view_render (VigilGazetteer *gazetteer, VigilArticle *article, gboolean dark,
                           guint hidden, gboolean load_images, gboolean strong)
{
  g_autoptr (GBytes) tpl = g_resources_lookup_data (RESOURCE_BASE "article/article.html", 0, NULL);
  g_autoptr (GBytes) css = g_resources_lookup_data (RESOURCE_BASE "article/article.css", 0, NULL);
  g_autoptr (GHashTable) v = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *escaped_title = vigil_html_escape (article->title ? article->title : "");
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
    g_hash_table_insert (v, "body", vigil_highlight_html (gazetteer, body_html, &body_analysis));
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
    g_autofree char *date = g_date_time_format (dt, "%e %B %Y, %H:%M");
    g_string_append (meta, source);
    g_string_append_printf (meta, " · %s", date);
    if (article->date_is_first_seen)
      g_string_append_printf (meta, " (%s)", _ ("first seen; the feed gave no date"));
    if (article->author && *article->author)
      {
        g_autofree char *author = vigil_html_escape (article->author);
        g_string_append_printf (meta, " · %s", author);
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
      g_string_append_printf (summary, " · <b>%s</b>: %s", label, escaped);
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
            ngettext ("%u image of this article is not loaded: remote images are off for this "
                      "source (its menu, Edit…).",
                      "%u images of this article are not loaded: remote images are off for this "
                      "source (its menu, Edit…).",
                      remote),
            remote);
        g_autofree char *escaped = vigil_html_escape (text);
        g_string_append_printf (footer, "<br><span id=\"vigil-images-off\">%s</span>", escaped);
      }
    g_hash_table_insert (v, "footer", g_string_free (footer, FALSE));
    g_hash_table_insert (v, "images",
                         g_strconcat (load_images ? "" : "vigil-no-remote-images",
                                      strong ? " vigil-strong" : "", NULL));
  }
  return fill_template (template, v);
}

static void
launch_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (res, &error))
    g_warning ("Could not open the link: %s", error->message);
}

static gboolean
on_decide_policy (WebKitWebView *web_view, WebKitPolicyDecision *decision,
                  WebKitPolicyDecisionType type, VigilArticleView *self)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION
      && type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    return FALSE;
  action = webkit_navigation_policy_decision_get_navigation_action (
      WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && g_strcmp0 (uri, "about:blank") == 0)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }
  if (g_str_has_prefix (uri, "vigil:entity/"))
    {
      g_autofree char *name = g_uri_unescape_string (uri + strlen ("vigil:entity/"), NULL);
      if (name != NULL && *name != '\0' && g_utf8_validate (name, -1, NULL))
        g_signal_emit (self, signals[SIGNAL_ENTITY_ACTIVATED], 0, name);
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }
  if (g_str_has_prefix (uri, "vigil:toggle/"))
    {
      /* A legend entry: switch that type's highlights in the page as it is
       * (no reload), from the application's own script world. */
      for (guint i = 0; i < G_N_ELEMENTS (highlight_types); i++)
        if (g_str_equal (uri + strlen ("vigil:toggle/"), highlight_types[i].name))
          {
            g_autofree char *script = NULL;
            self->hidden ^= 1u << i;
            script = g_strdup_printf (
                "(function () {"
                "  var off = document.body.classList.toggle('vigil-hide-%s', %s);"
                "  var item = document.querySelector('#vigil-legend li.%s');"
                "  if (item) { item.classList.toggle('off', off);"
                "    item.firstChild.setAttribute('aria-checked', off ? 'false' : 'true'); }"
                "  return off;"
                "})()",
                highlight_types[i].name, (self->hidden & (1u << i)) ? "true" : "false",
                highlight_types[i].css);
            webkit_web_view_evaluate_javascript (web_view, script, -1, "vigil", NULL, NULL, NULL,
                                                 NULL);
          }
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }
  /* Never navigate the article view: hand web links to the desktop's browser. */
  if (webkit_navigation_action_is_user_gesture (action))
    {
      g_autofree char *safe = vigil_html_safe_url (uri, NULL, TRUE);
      if (safe)
        g_app_info_launch_default_for_uri_async (safe, NULL, NULL, launch_done, NULL);
    }
  webkit_policy_decision_ignore (decision);
  return TRUE;
}

static gboolean
on_context_menu (WebKitWebView *web_view, WebKitContextMenu *menu, WebKitHitTestResult *hit,
                 gpointer data)
{
  /* Keep copy and link items; drop navigation (reload, back) that would leave the article. */
  GList *items = webkit_context_menu_get_items (menu);
  for (GList *l = items; l;)
    {
      WebKitContextMenuItem *item = l->data;
      WebKitContextMenuAction a = webkit_context_menu_item_get_stock_action (item);
      l = l->next;
      if (a == WEBKIT_CONTEXT_MENU_ACTION_RELOAD || a == WEBKIT_CONTEXT_MENU_ACTION_GO_BACK
          || a == WEBKIT_CONTEXT_MENU_ACTION_GO_FORWARD || a == WEBKIT_CONTEXT_MENU_ACTION_STOP
          || a == WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW
          || a == WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_LINK_TO_DISK)
        webkit_context_menu_remove (menu, item);
    }
  return FALSE;
}

/* A highlighted name in the body, clicked, filters the list like its chip:
 * the listener lives in the application's own script world (the page runs
 * no script of its own) and asks for vigil:entity/NAME, which decide-policy
 * turns into "entity-activated". */
static const char *mark_clicks
    = "document.addEventListener('click', function (event) {"
      "  var mark = event.target.closest && event.target.closest('mark[data-entity]');"
      "  if (mark && !event.target.closest('a')) {"
      "    event.preventDefault();"
      "    window.location.href = 'vigil:entity/' + encodeURIComponent(mark.dataset.entity);"
      "  }"
      "});";

static void
on_load_changed (WebKitWebView *web_view, WebKitLoadEvent event, VigilArticleView *self)
{
  if (event == WEBKIT_LOAD_FINISHED)
    webkit_web_view_evaluate_javascript (web_view, mark_clicks, -1, "vigil", NULL, NULL, NULL,
                                         NULL);
}

/* The web view is made when the first article is shown: WebKit's start
 * (its processes, a GL context) stays out of the window's first frame. */
static WebKitWebView *
ensure_web_view (VigilArticleView *self)
{
  WebKitSettings *settings;

  if (self->web_view != NULL)
    return self->web_view;
  self->web_view = WEBKIT_WEB_VIEW (webkit_web_view_new ());
  settings = webkit_web_view_get_settings (self->web_view);
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_html5_database (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_enable_media (settings, FALSE);
  if (!vigil_gpu_available ())
    /* Software GL composites slower than WebKit's own painting. */
    webkit_settings_set_hardware_acceleration_policy (settings,
                                                      WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
  g_signal_connect (self->web_view, "decide-policy", G_CALLBACK (on_decide_policy), self);
  g_signal_connect (self->web_view, "context-menu", G_CALLBACK (on_context_menu), self);
  g_signal_connect (self->web_view, "load-changed", G_CALLBACK (on_load_changed), self);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->web_view), "article");
  return self->web_view;
}

static void
rerender (VigilArticleView *self)
{
  if (self->article != NULL && self->gazetteer != NULL)
    {
      gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      g_autofree char *html = vigil_article_view_render (
          self->gazetteer, self->article, dark, self->hidden, self->load_images, self->strong);
      webkit_web_view_load_html (ensure_web_view (self), html, NULL);
      gtk_stack_set_visible_child_name (self->stack, "article");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
vigil_article_view_dispose (GObject *object)
{
  VigilArticleView *self = VIGIL_ARTICLE_VIEW (object);

  g_clear_object (&self->article);
  g_clear_pointer (&self->gazetteer, vigil_gazetteer_unref);
  G_OBJECT_CLASS (vigil_article_view_parent_class)->dispose (object);
}

static void
vigil_article_view_class_init (VigilArticleViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_article_view_dispose;
  /* A person, organisation or place in the header was clicked (its name). */
  signals[SIGNAL_ENTITY_ACTIVATED]
      = g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigil_article_view_init (VigilArticleView *self)
{
  GtkWidget *status;

  self->stack = GTK_STACK (gtk_stack_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));

  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "io.github.vigildesk.Vigil-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _ ("No Article Selected"));
  adw_status_page_set_description (
      ADW_STATUS_PAGE (status),
      _ ("Choose an article to read it with people, organisations, places and risk "
         "terms highlighted."));
  gtk_stack_add_named (self->stack, status, "empty");

  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (rerender),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
vigil_article_view_new (void)
{
  return g_object_new (VIGIL_TYPE_ARTICLE_VIEW, NULL);
}

void
vigil_article_view_set_gazetteer (VigilArticleView *self, VigilGazetteer *gazetteer)
{
  g_clear_pointer (&self->gazetteer, vigil_gazetteer_unref);
  self->gazetteer = gazetteer ? vigil_gazetteer_ref (gazetteer) : NULL;
}

void
vigil_article_view_show (VigilArticleView *self, VigilArticle *article)
{
  g_set_object (&self->article, article);
  rerender (self);
}

void
vigil_article_view_set_load_images (VigilArticleView *self, gboolean load_images)
{
  self->load_images = load_images;
}

void
vigil_article_view_set_strong_highlights (VigilArticleView *self, gboolean strong)
{
  if (self->strong == strong)
    return;
  self->strong = strong;
  if (self->article != NULL)
    rerender (self);
}

VigilArticle *
vigil_article_view_get_article (VigilArticleView *self)
{
  return self->article;
}

WebKitWebView *
vigil_article_view_get_web_view (VigilArticleView *self)
{
  return ensure_web_view (self);
}
