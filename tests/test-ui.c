/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window under Xvfb: Vigil starts on temporary XDG directories, ingests
 * its demo sources, opens the embassy drawdown article through app.open-article,
 * and the WebKit view is read back with JavaScript (its highlights, its legend).
 * Then what the desk does to the article shown (the alert bar and its Undo, the
 * star, the article menu, the keys) and the searches it starts (a query, an
 * entity chip, a highlighted name). Screenshots go to the build directory.
 * The rest of the window: test-ui-views.c (filters, Today, stories, rules),
 * test-ui-sources.c (adding and editing a source), test-ui-restart.c (a second
 * start, the layouts, the preferences). */
#include "config.h"

#include <json-glib/json-glib.h>

#include "vigil-alert-bar.h"
#include "vigil-application.h"
#include "vigil-article-row.h"
#include "vigil-test-utils.h"
#include "vigil-window-list-private.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"

#define EMBASSY "US embassy in Baghdad draws down diplomats after rocket attacks"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  WebKitWebView *web_view;
  char *search_first; /* the first search result's headline */
  guint search_count;
  gint64 after_next; /* the article selected after win.next-article */
  gboolean requested;
  char *result;
  gint64 article_id;
  gboolean alert_bar_shown;
  char *alert_text;
  gint64 alerts_position_before, alerts_position_after;
  char *alert_states_before, *alert_states_dismissed, *alert_states_undone;
  gboolean undo_button;         /* the "Story dismissed" toast has an Undo button */
  gboolean undo_restored_label; /* the toast then says so */
  gboolean undo_shot;
  gint64 alerts_position_undone;
  double zoom_in, zoom_reset;
  char *legend_off; /* after clicking "Person" in the legend */
  char *legend_on;  /* after clicking it again */
  char *rule_marks; /* the words the alert rules matched, as marked in the page */
  char *chip_name;  /* the entity chip clicked in the article header */
  char *chip_query; /* what the search entry then held */
  guint chip_results;
  char *chip_snippet; /* the first result's snippet */
  char *mark_name;    /* the highlighted name clicked in the body */
  char *mark_query;   /* what the search entry then held */
  gboolean starred;
  /* The article bar's star button and the article menu. */
  char *star_tooltip_before, *star_tooltip_after;
  gboolean row_star_shown;
  int row_height_starred, row_height_plain, row_height_hovered;
  int meta_plain[3], meta_hovered[3]; /* the source's, the time's, the line's end */
  gboolean row_actions, row_unstarred, row_starred_again;
  char *menu_items;
  /* The menu of another (unread) row than the shown one. */
  VigilArticle *other_menu_article;
  guint other_menu_position;
  gboolean other_menu_kept_selection, other_menu_read_before, other_menu_read_after;
  char *other_menu_items;
  gboolean link_copied;
  UiPageEval eval; /* the page read back while waiting on it */
  guint searches;  /* "search-changed" handled by the window (after its delay) */
  guint searches_before;
  /* The click run after a screenshot (click_after_shot). */
  const char *click_shot, *click_script, *click_search;
  char **click_value;
  GSourceFunc click_then;
} Ctx;

static GtkWidget *visible_star_mark (GtkWidget *widget);
static void row_heights (GtkWidget *mark, int *starred, int *plain);

/* A row's first line: the widths of the source's name and of the time, and
 * where its last mark ends. */
static void
meta_widths (GtkWidget *row, int widths[3])
{
  GtkWidget *meta
      = GTK_WIDGET (gtk_widget_get_template_child (row, VIGIL_TYPE_ARTICLE_ROW, "meta"));
  GtkWidget *when
      = GTK_WIDGET (gtk_widget_get_template_child (row, VIGIL_TYPE_ARTICLE_ROW, "when"));
  GtkWidget *top = gtk_widget_get_parent (meta);
  graphene_rect_t bounds = { 0 };

  /* Laid out now, at its width (not at the next frame). */
  g_assert_true (gtk_widget_compute_bounds (row, gtk_widget_get_parent (row), &bounds));
  gtk_widget_size_allocate (row,
                            &(GtkAllocation){ (int) bounds.origin.x, (int) bounds.origin.y,
                                              (int) bounds.size.width, (int) bounds.size.height },
                            -1);
  widths[0] = gtk_widget_get_width (meta);
  widths[1] = gtk_widget_get_width (when);
  if (gtk_widget_compute_bounds (gtk_widget_get_last_child (top), row, &bounds))
    widths[2] = (int) (bounds.origin.x + bounds.size.width);
}
static gboolean click_legend (gpointer data);
static gboolean after_paint (gpointer data);

static const char *script
    = "JSON.stringify({"
      "  person: document.querySelectorAll('mark.vigil-ent-person').length,"
      "  organization: document.querySelectorAll('mark.vigil-ent-organization').length,"
      "  location: document.querySelectorAll('mark.vigil-ent-location').length,"
      "  risks: Array.from(document.querySelectorAll('#vigil-body mark.vigil-risk')).map(m => "
      "m.textContent.toLowerCase()),"
      "  untitled: Array.from(document.querySelectorAll('mark')).filter(m => !m.title).length,"
      "  people: Array.from(document.querySelectorAll('mark.vigil-ent-person')).map(m => m.title),"
      "  legend: document.querySelectorAll('#vigil-legend li:not(.vigil-rule)').length,"
      "  scripts: document.querySelectorAll('script').length,"
      "  csp: document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content,"
      "  title: document.getElementById('vigil-title').textContent,"
      "  personColor: "
      "getComputedStyle(document.querySelector('mark.vigil-ent-person')).backgroundColor,"
      "  riskColor: getComputedStyle(document.querySelector('mark.vigil-risk')).backgroundColor"
      "})";

static void
screenshot_and_quit (Ctx *ctx)
{
  shot ("vigil-ui-screenshot.png");
}

/* An entity chip in the article header filters the list to the articles
 * that name it. */
static const char *chip_click
    = "(function () {"
      "  var chip = document.querySelector('#vigil-chips a.chip.vigil-ent-location');"
      "  var name = decodeURIComponent(chip.getAttribute('href').substring(13));"
      "  chip.click();"
      "  return name;"
      "})()";

/* A highlighted name in the body filters the list too. */
static const char *mark_click
    = "(function () {"
      "  var marks = Array.from(document.querySelectorAll('#vigil-body mark[data-entity]'))"
      "    .filter(m => !m.closest('a'));"
      "  var mark = marks[marks.length - 1];"
      "  mark.click();"
      "  return mark.dataset.entity;"
      "})()";

/* The search entry has searched again (a chip's or a name's query; the
 * entry searches a moment after its text changed, in a worker thread) and
 * the results are shown. */
static gboolean
search_replaced (gpointer data)
{
  Ctx *ctx = data;

  return ctx->searches > ctx->searches_before && !vigil_window_is_searching (ctx->window);
}

static gboolean
parallel_checks_done (gpointer data)
{
  Ctx *ctx = data;

  return ctx->starred && ctx->undo_shot;
}

static gboolean
quit (gpointer data)
{
  Ctx *ctx = data;

  return ui_test_quit (ctx->app);
}

static gboolean
mark_results (gpointer data)
{
  Ctx *ctx = data;
  GtkEditable *entry = GTK_EDITABLE (ui_test_window_child (ctx->window, "search_entry"));

  ctx->mark_query = g_strdup (gtk_editable_get_text (entry));
  /* (once the checks running beside the chain are done) */
  return ui_test_when ("the star written and the undo's screenshot", parallel_checks_done, quit,
                       ctx);
}

static void
clicked (GObject *obj, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;

  *ctx->click_value = ui_page_eval_string (obj, res);
  ui_test_when (ctx->click_search, search_replaced, ctx->click_then, ctx);
}

static gboolean
shot_and_click (gpointer data)
{
  Ctx *ctx = data;

  shot (ctx->click_shot);
  ctx->searches_before = ctx->searches;
  webkit_web_view_evaluate_javascript (ctx->web_view, ctx->click_script, -1, "vigil-test", NULL,
                                       NULL, clicked, ctx);
  return G_SOURCE_REMOVE;
}

/* Once what is shown is painted, a screenshot named name, then the script
 * click run in the page (it clicks a mark or a chip, which searches): *value
 * gets its value, then is called once the search (what) has listed its results. */
static void
click_after_shot (Ctx *ctx, const char *name, const char *click, char **value, const char *what,
                  GSourceFunc then)
{
  ctx->click_shot = name;
  ctx->click_script = click;
  ctx->click_value = value;
  ctx->click_search = what;
  ctx->click_then = then;
  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, shot_and_click, ctx);
}

static gboolean
chip_results (gpointer data)
{
  Ctx *ctx = data;
  GtkEditable *entry = GTK_EDITABLE (ui_test_window_child (ctx->window, "search_entry"));

  ctx->chip_query = g_strdup (gtk_editable_get_text (entry));
  ctx->chip_results = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
  if (ctx->chip_results > 0)
    {
      g_autoptr (GObject) first
          = g_list_model_get_item (vigil_window_get_visible_articles (ctx->window), 0);
      ctx->chip_snippet = g_strdup (g_object_get_data (first, VIGIL_ARTICLE_ROW_SNIPPET));
    }
  click_after_shot (ctx, "vigil-ui-entity-filter.png", mark_click, &ctx->mark_name,
                    "the name's search", mark_results);
  return G_SOURCE_REMOVE;
}

/* The list shows the search's results, not the view's articles. */
static gboolean
search_listed (gpointer data)
{
  Ctx *ctx = data;

  return vigil_window_get_visible_articles (ctx->window) != vigil_window_get_articles (ctx->window);
}

static gboolean
check_search (gpointer data)
{
  Ctx *ctx = data;
  GListModel *visible = vigil_window_get_visible_articles (ctx->window);
  g_autoptr (VigilArticle) first = g_list_model_get_item (visible, 0);

  ctx->search_count = g_list_model_get_n_items (visible);
  ctx->search_first = first ? g_strdup (first->title) : NULL;
  /* a second screenshot once the results are painted */
  click_after_shot (ctx, "vigil-ui-search.png", chip_click, &ctx->chip_name, "the entity's search",
                    chip_results);
  return G_SOURCE_REMOVE;
}

/* The states of the alerts of an article's story, in order, as one string. */
static char *
story_alert_states (VigilStore *store, gint64 article_id)
{
  g_autoptr (GPtrArray) history = vigil_store_list_story_alerts (store, article_id, NULL);
  GString *states = g_string_new (NULL);

  for (guint i = 0; history && i < history->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (history, i);
      g_string_append_printf (states, "%" G_GINT64_FORMAT ":%s:%s;", r->article_id, r->rule,
                              r->state);
    }
  return g_string_free (states, FALSE);
}

static gboolean
shot_undone (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-story-restored.png");
  ctx->undo_shot = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
story_restored_said (gpointer data)
{
  Ctx *ctx = data;

  return find_label (ui_test_window_child (ctx->window, "toast_overlay"), "Story restored") != NULL;
}

/* The toast says the story is restored once the undo is written. */
static gboolean
undo_written (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));

  ctx->undo_restored_label = TRUE;
  ctx->alert_states_undone = story_alert_states (store, ctx->article_id);
  ctx->alerts_position_undone
      = vigil_store_article_position (store, VIGIL_VIEW_ALERTS, ctx->article_id);
  return ui_test_after_frames (GTK_WIDGET (ctx->window), 3, shot_undone, ctx);
}

static gboolean
undo_offered (gpointer data)
{
  Ctx *ctx = data;

  return find_button_labelled (ui_test_window_child (ctx->window, "toast_overlay"), "_Undo")
         != NULL;
}

static gboolean
click_undo (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GtkWidget *undo
      = find_button_labelled (ui_test_window_child (ctx->window, "toast_overlay"), "_Undo");

  /* The toast comes once the dismissal is written. */
  ctx->alerts_position_after
      = vigil_store_article_position (store, VIGIL_VIEW_ALERTS, ctx->article_id);
  ctx->alert_states_dismissed = story_alert_states (store, ctx->article_id);
  /* Clicked the moment it appears, in the toast's show animation (which
   * crashed libadwaita 1.2 when the toast's own button dismissed it). */
  ctx->undo_button = TRUE;
  g_signal_emit_by_name (undo, "clicked");
  return ui_test_when ("the \"Story restored\" toast", story_restored_said, undo_written, ctx);
}

static gboolean
star_written (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilArticle) stored = vigil_store_get_article (store, ctx->article_id, NULL);

  ctx->starred = stored && stored->starred;
  return ctx->starred;
}

static gboolean
nothing_more (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static gboolean
after_paint (gpointer data)
{
  Ctx *ctx = data;
  VigilArticle *next;

  screenshot_and_quit (ctx);
  /* The alert bar over the article: its story's alerts, and dismissing them. */
  {
    VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
    GtkWidget *bar = ui_test_window_child (ctx->window, "alert_bar");
    GtkLabel *label
        = GTK_LABEL (gtk_widget_get_template_child (bar, VIGIL_TYPE_ALERT_BAR, "alert_label"));
    ctx->alert_bar_shown = gtk_widget_get_visible (bar);
    ctx->alert_text = g_strdup (gtk_label_get_text (label));
    ctx->alerts_position_before
        = vigil_store_article_position (store, VIGIL_VIEW_ALERTS, ctx->article_id);
    ctx->alert_states_before = story_alert_states (store, ctx->article_id);
    /* Clicked twice, as a hurried desk does before the list catches up: one
     * dismissal, one Undo that restores the story. */
    for (guint i = 0; i < 2; i++)
      g_signal_emit_by_name (
          gtk_widget_get_template_child (bar, VIGIL_TYPE_ALERT_BAR, "dismiss_button"), "clicked");
    /* The toast's Undo puts back the states the dismissal replaced; the toast
     * may wait behind one shown before it. Looked for every millisecond:
     * clicked in the toast's show animation. */
    ui_test_when_full ("the toast's Undo", 1, UI_TEST_WAIT_SECONDS, undo_offered, click_undo, ctx);
  }
  /* Ctrl+plus and Ctrl+0 on the article view; S stars the article. */
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.zoom-in", NULL);
  ctx->zoom_in = webkit_web_view_get_zoom_level (ctx->web_view);
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.zoom-reset", NULL);
  ctx->zoom_reset = webkit_web_view_get_zoom_level (ctx->web_view);
  {
    /* The star button of the article bar (what S does), then the row's mark. */
    GtkWidget *view = GTK_WIDGET (vigil_window_get_article_view (ctx->window));
    GtkWidget *star = find_tooltip (view, "Star (S)");
    GtkWidget *list = ui_test_window_child (ctx->window, "article_list");
    g_assert_nonnull (star);
    g_assert_null (visible_star_mark (list));
    ctx->star_tooltip_before = g_strdup (gtk_widget_get_tooltip_text (star));
    g_signal_emit_by_name (star, "clicked");
    ctx->star_tooltip_after = g_strdup (gtk_widget_get_tooltip_text (star));
    ctx->row_star_shown = visible_star_mark (list) != NULL;
    if (ctx->row_star_shown)
      {
        /* The row hovered: its star and read buttons, the row no taller;
         * its star button unstars and stars its article again. */
        GtkWidget *mark = visible_star_mark (list);
        GtkWidget *row = gtk_widget_get_ancestor (mark, VIGIL_TYPE_ARTICLE_ROW);
        GtkListItem *item = g_object_get_data (G_OBJECT (row), "vigil-list-item");
        VigilArticle *article = gtk_list_item_get_item (item);
        GtkWidget *actions, *row_star;
        int width = gtk_widget_get_width (row);

        row_heights (mark, &ctx->row_height_starred, &ctx->row_height_plain);
        meta_widths (row, ctx->meta_plain);
        vigil_window_show_row_actions (row, item);
        actions = vigil_article_row_get_actions (VIGIL_ARTICLE_ROW (row));
        meta_widths (row, ctx->meta_hovered);
        gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, NULL, &ctx->row_height_hovered,
                            NULL, NULL);
        shot ("vigil-ui-row-actions.png");
        row_star = find_tooltip (actions, "Remove Star");
        ctx->row_actions = row_star != NULL && find_tooltip (actions, "Mark as Unread") != NULL;
        if (row_star != NULL)
          {
            g_signal_emit_by_name (row_star, "clicked");
            ctx->row_unstarred = !article->starred && find_tooltip (actions, "Star") != NULL;
            g_signal_emit_by_name (find_tooltip (actions, "Star"), "clicked");
            ctx->row_starred_again = article->starred;
          }
      }
  }
  /* The star is written off the main thread: read back once there. */
  ui_test_when ("the star in the store", star_written, nothing_more, ctx);
  {
    /* The Menu key in the article list: the selected article's menu. */
    GtkWidget *list = ui_test_window_child (ctx->window, "article_list");
    GtkWidget *popover;
    GString *items = g_string_new (NULL);
    gtk_widget_grab_focus (list);
    gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.source-menu", NULL);
    popover = find_popover_menu (list);
    if (popover != NULL)
      collect_labels (popover, items);
    ctx->menu_items = g_string_free (items, FALSE);
    if (popover != NULL)
      gtk_popover_popdown (GTK_POPOVER (popover));

    gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.copy-link", NULL);
    {
      /* The clipboard holds the article's address (set here: read back in
       * place). */
      GdkContentProvider *content
          = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (ctx->window)));
      GValue value = G_VALUE_INIT;
      VigilArticle *shown
          = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));
      g_value_init (&value, G_TYPE_STRING);
      ctx->link_copied = content != NULL && shown != NULL && shown->link != NULL
                         && gdk_content_provider_get_value (content, &value, NULL)
                         && g_strcmp0 (g_value_get_string (&value), shown->link) == 0;
      g_value_unset (&value);
    }
  }
  {
    /* A right click on another, unread row: its menu, for it; it is neither
     * shown nor marked read, and Mark as Read marks it (not the shown one). */
    GtkWidget *list = ui_test_window_child (ctx->window, "article_list");
    GtkSingleSelection *selection
        = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
    guint selected = gtk_single_selection_get_selected (selection);
    GListModel *model = G_LIST_MODEL (selection);
    GString *items = g_string_new (NULL);
    GtkWidget *popover;

    for (guint i = 0; i < g_list_model_get_n_items (model) && ctx->other_menu_article == NULL; i++)
      {
        g_autoptr (VigilArticle) a = g_list_model_get_item (model, i);
        if (i != selected && !a->read)
          {
            ctx->other_menu_article = g_object_ref (a);
            ctx->other_menu_position = i;
          }
      }
    g_assert_nonnull (ctx->other_menu_article);
    vigil_window_show_article_menu (ctx->window, list, ctx->other_menu_position, -1, -1);
    ctx->other_menu_kept_selection = gtk_single_selection_get_selected (selection) == selected;
    ctx->other_menu_read_before = ctx->other_menu_article->read;
    popover = find_popover_menu (list);
    if (popover != NULL)
      collect_labels (popover, items);
    ctx->other_menu_items = g_string_free (items, FALSE);
    gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.toggle-read", NULL);
    ctx->other_menu_read_after = ctx->other_menu_article->read;
    if (popover != NULL)
      gtk_popover_popdown (GTK_POPOVER (popover));
  }
  /* j: the next article in the list is selected and shown. */
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.next-article", NULL);
  next = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));
  ctx->after_next = next ? next->id : 0;
  /* Full-text search replaces the list with its results. */
  vigil_window_search (ctx->window, "curfew Kirkuk");
  return ui_test_when ("the search results listed", search_listed, check_search, ctx);
}

static gboolean
is_star_mark (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "star-mark");
}

/* A row's star mark ("★") shown in the list. */
static GtkWidget *
visible_star_mark (GtkWidget *widget)
{
  return ui_test_find_widget_full (widget, TRUE, is_star_mark, NULL);
}

/* The height of the row of a shown star mark, at its width, with the star
 * and without it: the same, or the rows below a starred one jump. */
static void
row_heights (GtkWidget *mark, int *starred, int *plain)
{
  GtkWidget *row = gtk_widget_get_ancestor (mark, VIGIL_TYPE_ARTICLE_ROW);
  int width = gtk_widget_get_width (row);

  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, NULL, starred, NULL, NULL);
  gtk_widget_set_visible (mark, FALSE);
  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, NULL, plain, NULL, NULL);
  gtk_widget_set_visible (mark, TRUE);
}

/* Clicking a legend entry hides that type's highlights (and again shows them). */
static const char *legend_state
    = "JSON.stringify({"
      "  background: getComputedStyle(document.querySelector('mark.vigil-ent-person'))"
      "    .backgroundColor,"
      "  off: document.querySelector('#vigil-legend li.vigil-ent-person').classList"
      "    .contains('off'),"
      "  checked: document.querySelector('#vigil-legend li.vigil-ent-person a')"
      "    .getAttribute('aria-checked')"
      "})";

static const char *legend_click
    = "document.querySelector('#vigil-legend a[href=\"vigil:toggle/person\"]').click(); true";

/* The page's legend state, read until the click has switched it: off (no
 * background, unchecked), then on again (the person colour back). */
static gboolean
legend_switched (gpointer data)
{
  Ctx *ctx = data;
  g_autofree char *state = ui_page_eval (&ctx->eval, ctx->web_view, legend_state);

  if (state == NULL)
    return FALSE;
  if (ctx->legend_off == NULL)
    {
      if (strstr (state, "\"off\":true") == NULL
          || strstr (state, "\"background\":\"rgba(0, 0, 0, 0)\"") == NULL)
        return FALSE;
      ctx->legend_off = g_steal_pointer (&state);
      return TRUE;
    }
  if (strstr (state, "\"off\":false") == NULL
      || strstr (state, "\"background\":\"rgba(0, 0, 0, 0)\"") != NULL)
    return FALSE;
  ctx->legend_on = g_steal_pointer (&state);
  return TRUE;
}

static gboolean
alert_bar_filled (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *bar = ui_test_window_child (ctx->window, "alert_bar");

  return gtk_widget_get_visible (bar)
         && *gtk_label_get_text (GTK_LABEL (
                gtk_widget_get_template_child (bar, VIGIL_TYPE_ALERT_BAR, "alert_label")))
                != '\0';
}

/* The words the story's alerts matched, outlined in the page once its alerts
 * were read: each mark's text and title. */
static const char *rule_marks_script
    = "JSON.stringify(Array.from(document.querySelectorAll('mark.vigil-rule, li.vigil-rule'))"
      "  .map(m => m.textContent.toLowerCase() + '|' + m.title"
      "    + '|' + getComputedStyle(m).outlineStyle))";

static gboolean
rule_words_marked (gpointer data)
{
  Ctx *ctx = data;
  return ui_page_eval_into (&ctx->eval, ctx->web_view, rule_marks_script, &ctx->rule_marks)
         && !g_str_equal (ctx->rule_marks, "[]");
}

static gboolean
legend_done (gpointer data)
{
  Ctx *ctx = data;

  if (ctx->legend_on == NULL)
    ui_test_next (click_legend, ctx); /* and back on */
  else
    /* Then the article's alert bar filled in (read off the main thread), and
     * painted for the screenshot. */
    ui_test_when_then ("the alert rule's words marked in the page", rule_words_marked,
                       "the article's alert bar", alert_bar_filled, (gpointer *) &ctx->window,
                       after_paint, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
click_legend (gpointer data)
{
  Ctx *ctx = data;

  ui_page_run (ctx->web_view, legend_click);
  return ui_test_when ("the legend's person entry switched", legend_switched, legend_done, ctx);
}

static void
evaluated (GObject *obj, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;

  ctx->result = ui_page_eval_string (obj, res);
  g_test_message ("page: %s", ctx->result);
  /* The legend's switches. */
  ui_test_next (click_legend, ctx);
}

static void
on_load_changed (WebKitWebView *view, WebKitLoadEvent event, Ctx *ctx)
{
  /* Once: a second load (the page made again while the first evaluation
   * runs) would be read half-made. */
  if (event == WEBKIT_LOAD_FINISHED && ctx->requested && ctx->result == NULL)
    {
      ctx->requested = FALSE;
      webkit_web_view_evaluate_javascript (view, script, -1, "vigil-test", NULL, NULL, evaluated,
                                           ctx);
    }
}

/* (Setting the entry's text first empties it: that search, at once, is not
 * counted.) */
static void
on_search_done (GtkSearchEntry *entry, Ctx *ctx)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    ctx->searches++;
}

static gboolean
open_embassy (gpointer data)
{
  Ctx *ctx = data;
  GListModel *articles = vigil_window_get_articles (ctx->window);

  g_signal_connect_after (ui_test_window_child (ctx->window, "search_entry"), "search-changed",
                          G_CALLBACK (on_search_done), ctx);
  for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (articles, i);
      if (g_str_equal (a->title, EMBASSY))
        ctx->article_id = a->id;
    }
  g_assert_cmpint (ctx->article_id, >, 0);
  ctx->web_view = vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window));
  g_signal_connect (ctx->web_view, "load-changed", G_CALLBACK (on_load_changed), ctx);
  g_object_add_weak_pointer (G_OBJECT (ctx->web_view), (gpointer *) &ctx->web_view);
  ctx->requested = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "open-article",
                                  g_variant_new_int64 (ctx->article_id));
  return G_SOURCE_REMOVE;
}

static gboolean
contains (JsonArray *array, const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_array_get_string_element (array, i), value))
      return TRUE;
  return FALSE;
}

static void
test_embassy_article_highlighted (void)
{
  /* What the article's own menu offers. */
  static const char *const menu_items[] = {
    "Mark as Unread", "Remove Star", "Open Original", "Copy Link", "Mark Older as Read", NULL,
  };
  Ctx ctx = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *page;
  JsonArray *risks;

  ui_test_run_demo_listed (&ctx.app, &ctx.window, open_embassy, &ctx);
  /* The view may outlive the application (WebKit keeps it a while): it no
   * longer reports to this test's context, which ends here. */
  if (ctx.web_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (ctx.web_view, &ctx);
      g_object_remove_weak_pointer (G_OBJECT (ctx.web_view), (gpointer *) &ctx.web_view);
    }
  g_assert_nonnull (ctx.result);

  g_assert_true (json_parser_load_from_data (parser, ctx.result, -1, NULL));
  page = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (page, "title"), ==, EMBASSY);
  g_assert_cmpint (json_object_get_int_member (page, "person"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (page, "organization"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (page, "location"), >=, 1);
  risks = json_object_get_array_member (page, "risks");
  g_assert_true (contains (risks, "drawdown"));
  g_assert_true (contains (risks, "rocket"));
  /* The demo's invented officials, found by the rules and the name tagger. */
  g_assert_true (
      contains (json_object_get_array_member (page, "people"), "Person: Daniel Ashworth"));
  g_assert_true (contains (json_object_get_array_member (page, "people"), "Person: Karim Mansour"));
  g_assert_cmpint (json_object_get_int_member (page, "untitled"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (page, "legend"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (page, "scripts"), ==, 0);
  g_assert_nonnull (strstr (json_object_get_string_member (page, "csp"), "script-src 'none'"));
  g_assert_cmpstr (json_object_get_string_member (page, "personColor"), !=,
                   json_object_get_string_member (page, "riskColor"));

  /* Keyboard and search. */
  g_assert_cmpint (ctx.after_next, >, 0);
  g_assert_cmpint (ctx.after_next, !=, ctx.article_id);
  g_assert_cmpuint (ctx.search_count, ==, 1);
  g_assert_cmpstr (ctx.search_first, ==, "Curfew imposed in Kirkuk as fuel protests turn violent");
  g_free (ctx.search_first);
  g_assert_true (
      webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (ctx.web_view))
      == FALSE);

  {
    /* Opening the article marked it read in the store (written off the main thread). */
    VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx.app));
    g_autoptr (VigilArticle) stored = vigil_store_get_article (store, ctx.article_id, NULL);
    g_assert_nonnull (stored);
    g_assert_true (stored->read);
  }

  /* An entity chip filtered the list. */
  g_test_message ("chip: %s -> %s (%u)", ctx.chip_name, ctx.chip_query, ctx.chip_results);
  {
    g_autofree char *expected = g_strdup_printf ("\"%s\"", ctx.chip_name);
    g_assert_cmpstr (ctx.chip_query, ==, expected);
  }
  g_assert_cmpuint (ctx.chip_results, >=, 1);
  g_test_message ("snippet: %s", ctx.chip_snippet);
  {
    g_autofree char *bold = g_strdup_printf ("<b>%s</b>", ctx.chip_name);
    g_assert_nonnull (strstr (ctx.chip_snippet, bold));
  }
  g_free (ctx.chip_snippet);
  g_test_message ("mark: %s -> %s", ctx.mark_name, ctx.mark_query);
  {
    g_autofree char *expected = g_strdup_printf ("\"%s\"", ctx.mark_name);
    g_assert_cmpstr (ctx.mark_query, ==, expected);
  }
  g_free (ctx.mark_name);
  g_free (ctx.mark_query);
  g_free (ctx.chip_name);
  g_free (ctx.chip_query);

  /* The legend switched person highlights off and on again. */
  ui_test_assert_holds_all ("legend off", ctx.legend_off,
                            (const char *const[]){ "\"background\":\"rgba(0, 0, 0, 0)\"",
                                                   "\"off\":true", "\"checked\":\"false\"", NULL });
  ui_test_assert_holds_all (
      "legend on", ctx.legend_on,
      (const char *const[]){ json_object_get_string_member (page, "personColor"), "\"off\":false",
                             NULL });
  g_free (ctx.legend_off);
  g_free (ctx.legend_on);
  g_assert_cmpfloat (ctx.zoom_in, >, 1.05);
  g_assert_cmpfloat (ctx.zoom_reset, ==, 1.0);
  g_assert_true (ctx.starred);
  g_test_message ("star button: %s -> %s; row mark %d", ctx.star_tooltip_before,
                  ctx.star_tooltip_after, ctx.row_star_shown);
  g_assert_cmpstr (ctx.star_tooltip_before, ==, "Star (S)");
  g_assert_cmpstr (ctx.star_tooltip_after, ==, "Remove Star (S)");
  g_assert_true (ctx.row_star_shown);
  g_test_message ("row height: %d px starred, %d px not", ctx.row_height_starred,
                  ctx.row_height_plain);
  g_assert_cmpint (ctx.row_height_starred, >, 0);
  g_assert_cmpint (ctx.row_height_starred, ==, ctx.row_height_plain);
  g_test_message ("row hovered: %d px, buttons %d, unstarred %d, starred again %d",
                  ctx.row_height_hovered, ctx.row_actions, ctx.row_unstarred,
                  ctx.row_starred_again);
  g_assert_cmpint (ctx.row_height_hovered, ==, ctx.row_height_starred);
  /* Its first line unchanged under the buttons: the source's name no
   * narrower, the time whole, the star mark where it was. */
  g_test_message ("first line: source %d px, time %d px, end %d; hovered: %d, %d, %d",
                  ctx.meta_plain[0], ctx.meta_plain[1], ctx.meta_plain[2], ctx.meta_hovered[0],
                  ctx.meta_hovered[1], ctx.meta_hovered[2]);
  g_assert_cmpint (ctx.meta_plain[0], >, 0);
  g_assert_cmpint (ctx.meta_hovered[0], ==, ctx.meta_plain[0]);
  g_assert_cmpint (ctx.meta_hovered[1], ==, ctx.meta_plain[1]);
  g_assert_cmpint (ctx.meta_hovered[2], ==, ctx.meta_plain[2]);
  g_assert_true (ctx.row_actions);
  g_assert_true (ctx.row_unstarred);
  g_assert_true (ctx.row_starred_again);
  ui_test_assert_holds_all ("article menu", ctx.menu_items, menu_items);
  g_test_message ("other row's menu: %s; selection kept %d, read %d -> %d", ctx.other_menu_items,
                  ctx.other_menu_kept_selection, ctx.other_menu_read_before,
                  ctx.other_menu_read_after);
  g_assert_nonnull (strstr (ctx.other_menu_items, "Mark as Read"));
  /* Open first: the row's article shown, as Enter or a click would. */
  g_assert_true (g_str_has_prefix (ctx.other_menu_items, "Open|"));
  g_assert_true (ctx.other_menu_kept_selection);
  g_assert_false (ctx.other_menu_read_before);
  g_assert_true (ctx.other_menu_read_after);
  g_clear_object (&ctx.other_menu_article);
  g_free (ctx.other_menu_items);
  g_assert_true (ctx.link_copied);
  g_free (ctx.star_tooltip_before);
  g_free (ctx.star_tooltip_after);
  g_free (ctx.menu_items);

  /* The alert bar, and the words its rule matched outlined in the page. */
  ui_test_assert_holds_all (
      "marked in the page", ctx.rule_marks,
      (const char *const[]){ "\"drawdown|Matched by an alert rule|dashed\"",
                             "\"alert words|Matched by an alert rule|dashed\"", NULL });
  g_free (ctx.rule_marks);
  g_assert_true (ctx.alert_bar_shown);
  ui_test_assert_holds_all ("alert bar", ctx.alert_text,
                            (const char *const[]){ "Drawdown or evacuation", NULL });
  g_assert_cmpint (ctx.alerts_position_before, >=, 0);
  g_assert_cmpint (ctx.alerts_position_after, ==, -1); /* dismissed: out of the Alerts view */
  g_test_message ("alert states: %s -> %s -> undo %s", ctx.alert_states_before,
                  ctx.alert_states_dismissed, ctx.alert_states_undone);
  g_assert_true (ctx.undo_button);
  g_assert_true (ctx.undo_restored_label);
  g_assert_nonnull (strstr (ctx.alert_states_dismissed, ":dismissed;"));
  g_assert_null (strstr (ctx.alert_states_before, ":dismissed;"));
  g_assert_cmpstr (ctx.alert_states_undone, ==, ctx.alert_states_before);
  g_assert_cmpint (ctx.alerts_position_undone, >=, 0); /* back in the Alerts view */
  g_free (ctx.alert_states_before);
  g_free (ctx.alert_states_dismissed);
  g_free (ctx.alert_states_undone);
  g_free (ctx.alert_text);

  g_free (ctx.result);
  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/embassy-article-highlighted", test_embassy_article_highlighted);
  return g_test_run ();
}
