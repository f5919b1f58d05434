/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-view.c — the article in a WebKit view: its page, links, state buttons. */
#include "config.h"

#include "vigil-article-view-private.h"
#include "vigil-gpu.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-a11y.h"
#include "vigil-article-page.h"
#include "vigil-article-row.h"
#include "vigil-html.h"
#include "vigil-reader.h"

G_DEFINE_FINAL_TYPE (VigilArticleView, vigil_article_view, ADW_TYPE_BIN)

guint vigil_article_view_signals[N_SIGNALS];

/* Why the desktop could not open a link or a file, in the desk's words. */
const char *
vigil_launch_failure_reason (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return _ ("no application on this computer opens it");
  return error->message;
}

/* A link the desktop could not open (no browser, a refused portal): said in
 * the window (its win.toast action), not only in a log; an attachment's as
 * an attachment's. */
typedef struct
{
  GWeakRef view;
  gboolean attachment;
} Launch;

static void
launch_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Launch *launch = user_data;
  g_autoptr (GtkWidget) view = g_weak_ref_get (&launch->view);
  gboolean attachment = launch->attachment;
  g_autoptr (GError) error = NULL;

  g_weak_ref_clear (&launch->view);
  g_free (launch);
  if (gtk_show_uri_full_finish (GTK_WINDOW (source), res, &error)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* (cancelled: the desk closed the chooser) */
  g_debug ("Could not open the link: %s", error->message); /* said in a toast below */
  if (view != NULL)
    {
      /* TRANSLATORS: %s says why (no application opens it, for example) */
      g_autofree char *text = g_strdup_printf (attachment ? _ ("Could not open the attachment: %s")
                                                          : _ ("Could not open the link: %s"),
                                               vigil_launch_failure_reason (error));
      gtk_widget_activate_action (view, "win.toast", "s", text);
    }
}

/* A script run for its effect: its result is taken (and dropped), so that
 * WebKit finishes the call as it expects (with no callback, a script whose
 * page went away meanwhile made WebKitGTK 2.4x log a critical). */
static void
script_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, NULL);
}

/* Is uri one of the shown article's attachments? */
static gboolean
is_attachment (VigilArticleView *self, const char *uri)
{
  for (guint i = 0;
       self->article && self->article->enclosures && i < self->article->enclosures->len; i++)
    {
      VigilEnclosure *e = g_ptr_array_index (self->article->enclosures, i);
      if (g_strcmp0 (e->url, uri) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
article_view_on_decide_policy (WebKitWebView *web_view, WebKitPolicyDecision *decision,
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
        g_signal_emit (self, vigil_article_view_signals[SIGNAL_ENTITY_ACTIVATED], 0, name);
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }
  if (g_str_has_prefix (uri, "vigil:toggle/"))
    {
      /* A legend entry: switch that type's highlights in the page as it is
       * (no reload), from the application's own script world. */
      for (guint i = 0; i < VIGIL_ARTICLE_PAGE_N_TYPES; i++)
        if (g_str_equal (uri + strlen ("vigil:toggle/"), vigil_article_page_type_name (i)))
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
                vigil_article_page_type_name (i), (self->hidden & (1u << i)) ? "true" : "false",
                vigil_article_page_type_css (i));
            webkit_web_view_evaluate_javascript (web_view, script, -1, "vigil", NULL, NULL,
                                                 script_done, NULL);
          }
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }
  /* Never navigate the article view: hand web links to the desktop's browser. */
  if (webkit_navigation_action_is_user_gesture (action))
    {
      g_autofree char *safe = vigil_html_safe_url (uri, NULL, TRUE);
      if (safe)
        {
          Launch *launch = g_new0 (Launch, 1);
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          /* GTK's launcher: the OpenURI portal (with this window as its
           * parent) inside the Flatpak, the desktop's default handler outside.
           * (gtk_show_uri_full is GTK 4.8's; 4.10 calls it GtkUriLauncher.) */
          g_weak_ref_init (&launch->view, self);
          launch->attachment = is_attachment (self, uri) || is_attachment (self, safe);
          gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, safe,
                             GDK_CURRENT_TIME, NULL, launch_done, launch);
        }
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

/* The rule's words outlined in the headline and the text (in the
 * application's script world): whole words, whatever their case, each mark
 * titled, and an entry in the legend; marks of an earlier call are taken away
 * first. WORDS, TITLE and LABEL are JSON (the words are untrusted: a feed's text). Returns how many
 * it marked. */
static const char *mark_rule_words_script
    = "(function (words, title, label) {"
      "  document.querySelectorAll('mark.vigil-rule').forEach(function (m) {"
      "    m.replaceWith(document.createTextNode(m.textContent)); });"
      "  document.querySelectorAll('#vigil-title, #vigil-body').forEach(function (r) {"
      "    r.normalize(); });"
      "  var legend = document.querySelector('#vigil-legend li.vigil-rule');"
      "  if (legend) legend.remove();"
      "  if (!words.length) return 0;"
      "  var quoted = words.map(function (w) {"
      "    return w.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&'); });"
      "  var re = new RegExp('(^|[^\\\\p{L}\\\\p{N}_])(' + quoted.join('|')"
      "    + ')(?![\\\\p{L}\\\\p{N}_])', 'giu');"
      "  var n = 0;"
      "  document.querySelectorAll('#vigil-title, #vigil-body').forEach(function (root) {"
      "    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);"
      "    var nodes = [];"
      "    while (walker.nextNode()) nodes.push(walker.currentNode);"
      "    nodes.forEach(function (node) {"
      "      var text = node.nodeValue, last = 0, frag = null, m;"
      "      re.lastIndex = 0;"
      "      while ((m = re.exec(text)) !== null) {"
      "        var start = m.index + m[1].length, end = start + m[2].length;"
      "        frag = frag || document.createDocumentFragment();"
      "        frag.appendChild(document.createTextNode(text.slice(last, start)));"
      "        var mark = document.createElement('mark');"
      "        mark.className = 'vigil-rule';"
      "        mark.title = title;"
      "        mark.textContent = text.slice(start, end);"
      "        frag.appendChild(mark);"
      "        last = end;"
      "        n++;"
      "        if (re.lastIndex === m.index) re.lastIndex++;"
      "      }"
      "      if (frag) {"
      "        frag.appendChild(document.createTextNode(text.slice(last)));"
      "        node.parentNode.replaceChild(frag, node);"
      "      }"
      "    });"
      "  });"
      "  var list = document.getElementById('vigil-legend');"
      "  if (n > 0 && list) {"
      "    var item = document.createElement('li');"
      "    item.className = 'vigil-rule';"
      "    item.title = title;"
      "    item.textContent = label;"
      "    list.appendChild(item);"
      "  }"
      "  return n;"
      "})(%s, %s, %s)";

static char *
json_of_string (const char *text)
{
  g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (), text);
  return json_to_string (node, FALSE);
}

static void
run_mark_rule_words (VigilArticleView *self)
{
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *words = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  g_autofree char *script = NULL;

  if (self->web_view == NULL || self->article == NULL)
    return;
  for (guint i = 0;
       self->rule_words_for == self->article->id && self->rule_words && self->rule_words[i]; i++)
    json_array_add_string_element (array, self->rule_words[i]);
  json_node_set_array (node, array);
  words = json_to_string (node, FALSE);
  title = json_of_string (_ ("Matched by an alert rule"));
  /* TRANSLATORS: the legend's entry for the words an alert rule matched,
     outlined in the article */
  label = json_of_string (_ ("Alert words"));
  script = g_strdup_printf (mark_rule_words_script, words, title, label);
  webkit_web_view_evaluate_javascript (self->web_view, script, -1, "vigil", NULL, NULL, script_done,
                                       NULL);
}

void
vigil_article_view_mark_rule_words (VigilArticleView *self, gint64 article_id,
                                    const char *const *words)
{
  g_return_if_fail (VIGIL_IS_ARTICLE_VIEW (self));
  g_strfreev (self->rule_words);
  self->rule_words = g_strdupv ((char **) words);
  self->rule_words_for = article_id;
  /* A page still loading gets them when it has loaded. */
  if (self->web_view != NULL && self->article != NULL && self->article->id == article_id
      && !webkit_web_view_is_loading (self->web_view) && self->rendering == NULL)
    run_mark_rule_words (self);
}

static void
on_load_changed (WebKitWebView *web_view, WebKitLoadEvent event, VigilArticleView *self)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;
  webkit_web_view_evaluate_javascript (web_view, mark_clicks, -1, "vigil", NULL, NULL, script_done,
                                       NULL);
  if (self->article != NULL && self->rule_words_for == self->article->id && self->rule_words)
    run_mark_rule_words (self);
}

/* Space reads on: the page scrolls by a screen, and at its end the next
 * unread article opens (win.next-unread), as readers do. The page is asked
 * where it is (JavaScript in Vigil's own world), so the key is taken from
 * WebKit and the scrolling done there. */
static const char *page_down_script
    = "(function () {"
      "  var e = document.scrollingElement || document.documentElement;"
      "  if (e.scrollTop + window.innerHeight >= e.scrollHeight - 4) return 'end';"
      "  window.scrollBy(0, Math.max(40, window.innerHeight * 0.85));"
      "  return 'scrolled';"
      "})()";

static void
page_down_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilArticleView) self = user_data;
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result, NULL);
  g_autofree char *where = value ? jsc_value_to_string (value) : NULL;

  if (g_strcmp0 (where, "end") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.next-unread", NULL);
}

static void
page_down_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilArticleView *self = VIGIL_ARTICLE_VIEW (widget);

  if (self->web_view == NULL || self->article == NULL)
    {
      gtk_widget_activate_action (widget, "win.next-unread", NULL);
      return;
    }
  webkit_web_view_evaluate_javascript (self->web_view, page_down_script, -1, "vigil", NULL, NULL,
                                       page_down_done, g_object_ref (self));
}

gboolean
vigil_article_view_handle_space (VigilArticleView *self, guint keyval, GdkModifierType state)
{
  if (keyval != GDK_KEY_space
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "article.page-down", NULL);
  return TRUE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, VigilArticleView *self)
{
  return vigil_article_view_handle_space (self, keyval, state);
}

/* What both web views (the page and the hidden reader) go without: no
 * script in the page's markup, no windows, no caches or storage, no sound,
 * WebGL or media. */
void
article_view_restrict_settings (WebKitSettings *settings)
{
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_html5_database (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_enable_media (settings, FALSE);
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
  article_view_restrict_settings (settings);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  if (!vigil_gpu_available ())
    /* Software GL composites slower than WebKit's own painting. */
    webkit_settings_set_hardware_acceleration_policy (settings,
                                                      WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
  {
    /* Before WebKit sees it (it would scroll and stop at the end). */
    GtkEventController *keys = gtk_event_controller_key_new ();
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->web_view), keys);
  }
  g_signal_connect (self->web_view, "decide-policy", G_CALLBACK (article_view_on_decide_policy),
                    self);
  g_signal_connect (self->web_view, "context-menu", G_CALLBACK (on_context_menu), self);
  g_signal_connect (self->web_view, "load-changed", G_CALLBACK (on_load_changed), self);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->web_view), "article");
  return self->web_view;
}

/* The page is made in a worker thread: a long article takes a while to
 * analyse and highlight, and the window must not freeze meanwhile. */
typedef struct
{
  VigilGazetteer *gazetteer;
  VigilArticle *article; /* a copy of what the page shows, the worker's own */
  gboolean dark;
  guint hidden;
  gboolean load_images;
  gboolean strong;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  vigil_gazetteer_unref (job->gazetteer);
  g_object_unref (job->article);
  g_free (job);
}

static VigilArticle *
copy_for_page (VigilArticle *a)
{
  VigilArticle *c = vigil_article_new ();

  c->id = a->id;
  c->source_id = a->source_id;
  c->source_title = g_strdup (a->source_title);
  c->title = g_strdup (a->title);
  c->link = g_strdup (a->link);
  c->author = g_strdup (a->author);
  for (guint i = 0; a->authors && i < a->authors->len; i++)
    g_ptr_array_add (c->authors, vigil_person_copy (g_ptr_array_index (a->authors, i)));
  c->published = a->published ? g_date_time_ref (a->published) : NULL;
  c->updated = a->updated ? g_date_time_ref (a->updated) : NULL;
  c->date_is_first_seen = a->date_is_first_seen;
  c->first_seen = a->first_seen;
  c->summary = g_strdup (a->summary);
  c->content = g_strdup (a->content);
  c->full_content = g_strdup (a->full_content);
  c->language = g_strdup (a->language);
  c->score = a->score;
  c->level = g_strdup (a->level);
  /* What the page shows below the body: attachments, comments, the outlet. */
  for (guint i = 0; a->enclosures && i < a->enclosures->len; i++)
    g_ptr_array_add (c->enclosures, vigil_enclosure_copy (g_ptr_array_index (a->enclosures, i)));
  c->comments = g_strdup (a->comments);
  c->origin_title = g_strdup (a->origin_title);
  c->origin_url = g_strdup (a->origin_url);
  return c;
}

static void
render_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RenderJob *job = data;

  g_task_return_pointer (task,
                         vigil_article_page_render (job->gazetteer, job->article, job->dark,
                                                    job->hidden, job->load_images, job->strong),
                         g_free);
}

static void
rendered (GObject *object, GAsyncResult *result, gpointer data)
{
  VigilArticleView *self = VIGIL_ARTICLE_VIEW (object);
  g_autoptr (GError) error = NULL;
  g_autofree char *html = g_task_propagate_pointer (G_TASK (result), &error);

  /* Another article was chosen meanwhile (or none): this page is stale. */
  if (html == NULL || g_task_get_cancellable (G_TASK (result)) != self->rendering)
    return;
  g_clear_object (&self->rendering);
  webkit_web_view_load_html (ensure_web_view (self), html, NULL);
  /* What a screen reader says as the text takes the focus (F6, Tab): its
   * headline, not the widget's class. */
  if (self->article != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    vigil_article_get_display_title (self->article), -1);
  gtk_stack_set_visible_child_name (self->stack, "article");
}

void
article_view_rerender (VigilArticleView *self)
{
  if (self->rendering != NULL)
    {
      g_cancellable_cancel (self->rendering);
      g_clear_object (&self->rendering);
    }
  if (self->article != NULL && self->gazetteer != NULL)
    {
      g_autoptr (GTask) task = NULL;
      RenderJob *job = g_new0 (RenderJob, 1);

      job->gazetteer = vigil_gazetteer_ref (self->gazetteer);
      job->article = copy_for_page (self->article);
      /* The page shows the body it is given: the full article, or the feed's. */
      if (self->show_full && job->article->full_content != NULL)
        {
          g_free (job->article->content);
          job->article->content = g_steal_pointer (&job->article->full_content);
        }
      g_clear_pointer (&job->article->full_content, g_free);
      job->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      job->hidden = self->hidden;
      job->load_images = self->load_images;
      job->strong = self->strong;
      self->rendering = g_cancellable_new ();
      task = g_task_new (self, self->rendering, rendered, NULL);
      g_task_set_source_tag (task, article_view_rerender);
      g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
      /* A stale page is dropped by rendered() when its worker is done (a page
       * is bounded: at most 1 MiB of text is highlighted). No return-on-cancel:
       * the task, and with it the last reference to this widget, must be let go
       * on the main thread, never in the worker. */
      g_task_run_in_thread (task, render_in_thread);
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* ---- reader mode ---- */

static char *
link_host (VigilArticle *article)
{
  g_autoptr (GUri) uri = article->link ? g_uri_parse (article->link, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  /* Isolated (U+2068 ... U+2069): a Latin host name stays whole in an
   * Arabic sentence. */
  return g_strdup_printf ("\u2068%s\u2069", host && *host ? host : article->link);
}

/* A link to a host that cannot exist (RFC 2606's .invalid, as the bundled
 * demo articles have): no web page to fetch. */
gboolean
article_view_link_has_page (const char *link)
{
  g_autoptr (GUri) uri = g_uri_parse (link, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  return host == NULL || !(g_str_has_suffix (host, ".invalid") || g_str_equal (host, "invalid"));
}

gboolean
article_view_can_fetch_full (VigilArticleView *self)
{
  /* Not offered where it could never work (the demo's example links). */
  return self->article != NULL && self->article->link != NULL && *self->article->link != '\0'
         && self->full_text != VIGIL_FULL_TEXT_SUMMARY
         && article_view_link_has_page (self->article->link);
}

/* The bar says which text is shown and offers the other; a failure is said
 * there, over the summary, which stays. */
static void
update_state_buttons (VigilArticleView *self)
{
  const char *star, *read;

  if (self->article == NULL)
    return;
  star = self->article->starred ? _ ("Remove Star (S)") : _ ("Star (S)");
  read = self->article->read ? _ ("Mark as Unread (M)") : _ ("Mark as Read (M)");
  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            self->article->starred ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->star_button, star);
  vigil_a11y_set_label (self->star_button, star);
  gtk_button_set_icon_name (GTK_BUTTON (self->read_button),
                            self->article->read ? "mail-read-symbolic" : "mail-unread-symbolic");
  gtk_widget_set_tooltip_text (self->read_button, read);
  vigil_a11y_set_label (self->read_button, read);
}

void
article_view_update_reader_bar (VigilArticleView *self)
{
  gboolean offered = article_view_can_fetch_full (self);
  gboolean busy = self->extracting != NULL;
  g_autofree char *host = NULL;
  g_autofree char *text = NULL;
  const char *button = NULL;
  const char *tooltip = NULL;

  /* The bar is the article's: its star and read buttons always, the reader's
   * part where a full article can be fetched. */
  gtk_widget_set_visible (self->reader_bar, self->article != NULL);
  update_state_buttons (self);
  gtk_widget_set_visible (GTK_WIDGET (self->reader_label), offered);
  gtk_widget_set_visible (GTK_WIDGET (self->reader_button), offered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "article.full-article", offered && !busy);
  if (!offered)
    {
      gtk_widget_set_visible (self->reader_spinner, FALSE);
      return;
    }
  host = link_host (self->article);
  gtk_widget_set_visible (self->reader_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->reader_spinner), busy);
  gtk_widget_remove_css_class (GTK_WIDGET (self->reader_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->reader_label), "dim-label");
  if (busy)
    {
      /* TRANSLATORS: %s is the web site, such as www.example.org */
      text = g_strdup_printf (_ ("Fetching the full article from %s…"), host);
      button = _ ("_Full Article");
    }
  else if (self->show_full)
    {
      /* TRANSLATORS: %s is the web site, such as www.example.org */
      text = g_strdup_printf (_ ("Full article from %s"), host);
      button = _ ("Show _Summary");
      tooltip = _ ("Show the summary the feed gave (R)");
    }
  else if (self->reader_error != NULL)
    {
      g_autofree char *reason = g_strdup_printf ("\u2068%s\u2069", self->reader_error);
      /* TRANSLATORS: %s says why, such as "The web page was not found (HTTP 404)" */
      text = g_strdup_printf (_ ("Could not get the full article: %s. The feed’s summary is "
                                 "shown."),
                              reason);
      button = _ ("Try _Again");
      tooltip = _ ("Fetch the full article from its web page again (R)");
      gtk_widget_remove_css_class (GTK_WIDGET (self->reader_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->reader_label), "error");
    }
  else
    {
      text = g_strdup (self->article->full_content != NULL ? _ ("Summary from the feed")
                                                           : _ ("Summary from the feed; the full "
                                                                "article is on its web page"));
      button = _ ("_Full Article");
      tooltip = _ ("Show the whole article from its web page, without the page’s scripts, "
                   "ads or menus (R)");
    }
  gtk_label_set_text (self->reader_label, text);
  gtk_button_set_label (self->reader_button, button);
  /* Named by its label widget alone: GTK sets the raw "_Full Article" as the
   * button's label too, and a label of ours beside the label widget's is said
   * twice ("Full Article Full Article"). */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->reader_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reader_button), tooltip);
}

void
vigil_article_view_set_monitor (VigilArticleView *self, VigilMonitor *monitor)
{
  g_set_object (&self->monitor, monitor);
}

void
vigil_article_view_set_full_text (VigilArticleView *self, VigilFullText mode)
{
  self->full_text = mode;
}

static void
vigil_article_view_dispose (GObject *object)
{
  VigilArticleView *self = VIGIL_ARTICLE_VIEW (object);

  if (self->rendering != NULL)
    g_cancellable_cancel (self->rendering);
  g_clear_object (&self->rendering);
  if (self->extracting != NULL)
    g_cancellable_cancel (self->extracting);
  g_clear_object (&self->extracting);
  g_clear_pointer (&self->reader_error, g_free);
  g_clear_pointer (&self->rule_words, g_strfreev);
  if (self->background_run != NULL)
    g_cancellable_cancel (self->background_run);
  g_clear_object (&self->background_run);
  g_queue_clear_full (&self->background, g_free);
  if (self->reader_view != NULL)
    g_signal_handlers_disconnect_by_data (self->reader_view, self);
  g_clear_object (&self->reader_view);
  g_clear_object (&self->monitor);
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (self->article, update_state_buttons, self);
  g_clear_object (&self->article);
  g_clear_pointer (&self->gazetteer, vigil_gazetteer_unref);
  G_OBJECT_CLASS (vigil_article_view_parent_class)->dispose (object);
}

static void
vigil_article_view_class_init (VigilArticleViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_article_view_dispose;
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "article.full-article", NULL,
                                   article_view_full_article_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "article.page-down", NULL,
                                   page_down_action);
  /* A person, organisation or place in the header was clicked (its name). */
  vigil_article_view_signals[SIGNAL_ENTITY_ACTIVATED]
      = g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The full article of the shown article was stored (article, as stored):
   * its analysis and alerts may have changed. */
  vigil_article_view_signals[SIGNAL_FULL_ARTICLE_STORED]
      = g_signal_new ("full-article-stored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_ARTICLE);
}

static void
vigil_article_view_init (VigilArticleView *self)
{
  GtkWidget *status;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->reader_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->reader_bar, "reader-bar");
  gtk_widget_set_visible (self->reader_bar, FALSE);
  self->reader_spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->reader_spinner, FALSE);
  gtk_widget_set_valign (self->reader_spinner, GTK_ALIGN_CENTER);
  self->reader_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->reader_label, 0);
  gtk_label_set_wrap (self->reader_label, TRUE);
  gtk_label_set_wrap_mode (self->reader_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (GTK_WIDGET (self->reader_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->reader_label), "dim-label");
  self->reader_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Full Article")));
  gtk_button_set_use_underline (self->reader_button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->reader_button), GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reader_button), "article.full-article");
  self->star_button = gtk_button_new_from_icon_name ("non-starred-symbolic");
  self->read_button = gtk_button_new_from_icon_name ("mail-unread-symbolic");
  for (GtkWidget *b = self->star_button; b != NULL;
       b = b == self->star_button ? self->read_button : NULL)
    {
      gtk_widget_add_css_class (b, "flat");
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (self->reader_bar), b);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->star_button), "win.toggle-star");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->read_button), "win.toggle-read");
  gtk_box_append (GTK_BOX (self->reader_bar), self->reader_spinner);
  gtk_box_append (GTK_BOX (self->reader_bar), GTK_WIDGET (self->reader_label));
  gtk_box_append (GTK_BOX (self->reader_bar), GTK_WIDGET (self->reader_button));
  gtk_box_append (GTK_BOX (box), self->reader_bar);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  g_object_bind_property (self->reader_bar, "visible",
                          gtk_widget_get_next_sibling (self->reader_bar), "visible",
                          G_BINDING_SYNC_CREATE);
  adw_bin_set_child (ADW_BIN (self), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Article"), -1);

  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "io.github.vigildesk.Vigil-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _ ("No Article Selected"));
  adw_status_page_set_description (
      ADW_STATUS_PAGE (status),
      _ ("Choose an article to read it with people, organisations, places and risk "
         "terms highlighted."));
  gtk_stack_add_named (self->stack, status, "empty");

  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (article_view_rerender), self, G_CONNECT_SWAPPED);
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
  gboolean same = article != NULL && self->article != NULL && article->id == self->article->id;

  if (!same && self->extracting != NULL)
    {
      g_cancellable_cancel (self->extracting);
      g_clear_object (&self->extracting);
    }
  if (!same)
    g_clear_pointer (&self->reader_error, g_free);
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (self->article, update_state_buttons, self);
  g_set_object (&self->article, article);
  if (article != NULL)
    {
      g_signal_connect_swapped (article, "notify::read", G_CALLBACK (update_state_buttons), self);
      g_signal_connect_swapped (article, "notify::starred", G_CALLBACK (update_state_buttons),
                                self);
    }
  /* A full article fetched before is shown again, unless the desk went back
   * to the summary of this one; "automatically" fetches it now. */
  if (!same)
    self->show_full = article != NULL && article->full_content != NULL
                      && self->full_text != VIGIL_FULL_TEXT_SUMMARY;
  else if (article == NULL || article->full_content == NULL
           || self->full_text == VIGIL_FULL_TEXT_SUMMARY)
    self->show_full = FALSE;
  article_view_update_reader_bar (self);
  article_view_rerender (self);
  if (article != NULL && article->full_content == NULL && self->reader_error == NULL
      && self->full_text == VIGIL_FULL_TEXT_AUTOMATIC)
    article_view_start_extraction (self);
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
    article_view_rerender (self);
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
