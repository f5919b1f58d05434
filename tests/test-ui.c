/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window under Xvfb: Vigil starts on temporary XDG directories, ingests
 * its demo sources, opens the embassy drawdown article through app.open-article,
 * and the WebKit view is read back with JavaScript. A screenshot of the window is
 * saved in the build directory. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <json-glib/json-glib.h>

#include <libsoup/soup.h>

#include "vigil-add-source-dialog.h"
#include "vigil-alert-bar.h"
#include "vigil-alert-engine.h"
#include "vigil-analyzer.h"
#include "vigil-application.h"
#include "vigil-article-row.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-favicon.h"
#include "vigil-filter-bar.h"
#include "vigil-fetcher.h"
#include "vigil-overview.h"
#include "vigil-rule-editor.h"
#include "vigil-rules-window.h"
#include "vigil-test-utils.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"

static gboolean find_visible_star_mark (GtkWidget *widget);

#define EMBASSY "US embassy in Baghdad draws down diplomats after rocket attacks"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  WebKitWebView *web_view;
  guint ticks;
  char *search_first; /* the first search result's headline */
  guint search_count;
  gint64 after_next; /* the article selected after win.next-article */
  gboolean requested;
  char *result;
  gint64 article_id;
  gboolean ok;
  GtkWindow *editor;
  gboolean alert_bar_shown;
  char *alert_text;
  gint64 alerts_position_before, alerts_position_after;
  char *alert_states_before, *alert_states_dismissed, *alert_states_undone;
  gboolean undo_button;         /* the "Story dismissed" toast has an Undo button */
  gboolean undo_restored_label; /* the toast then says so */
  gint64 alerts_position_undone;
  double zoom_in, zoom_reset;
  char *legend_off; /* after clicking "Person" in the legend */
  char *legend_on;  /* after clicking it again */
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
  char *menu_items;
  /* The menu of another (unread) row than the shown one. */
  VigilArticle *other_menu_article;
  guint other_menu_position;
  gboolean other_menu_kept_selection, other_menu_read_before, other_menu_read_after;
  char *other_menu_items;
  gboolean link_copied;
  char *bad_query_message;
  gboolean bad_query_saveable;
  int matches;
  char *rules_file;
  guint rules_after;
  char *feed_url;           /* served by the test's own SoupServer on 127.0.0.1 */
  gboolean bad_url_addable; /* the Add button with "javascript:alert(1)" */
  GtkWindow *add_dialog;
  gint64 added_source;
  gint64 added_articles;
  char *added_title;
  char *added_folder;
  guint unread_after_mark;
  gboolean source_gone;
  guint filter_all, filter_category, filter_expected, filter_countries;
  char *filter_page_empty; /* the list stack's page with no article passing */
  char *filter_page_cleared;
  guint filter_cleared;
  guint today_categories, today_countries, today_entities;
  gboolean today_shown;
  guint today_filtered, today_expected;
  char *today_category;
  guint pixel_hits;      /* requests for the feed's image */
  guint pixel_hits_off;  /* after the article was shown with images off */
  char *images_off_page; /* what the page said then */
  char *images_on_page;  /* and after Edit Source turned them on */
  char *edited_title;
  GtkWidget *edit_dialog;
  guint story_others;
  guint favicon_hits;
  gboolean favicon_shown;
  guint added_interval;
  char *new_label;
  guint listed_before_new, listed_after_new;
  gboolean new_hidden;
  guint rule_rows, rule_view_listed, rule_view_expected;
  char *rule_view_subtitle;
  char *empty_view_page, *empty_view_title;
  GtkWidget *story_row;
  gint64 story_target, story_target_cluster, story_shown, story_shown_cluster;
  /* "Not the Same Story" in that popover: the row's report alone after it */
  GtkWidget *separate_button;
  gint64 separate_target, separate_size_before, separate_size_after, separate_rest_after;
  UiPageEval eval; /* the page read back while waiting on it */
  guint searches;  /* "search-changed" handled by the window (after its delay) */
  guint searches_before;
} Ctx;

static gpointer window_child (Ctx *ctx, const char *name);
static void select_view (Ctx *ctx, gint64 view);
static gboolean show_new_articles (gpointer data);
static gboolean favicon_in_sidebar (gpointer data);
static gboolean paint_then_show_new (gpointer data);
static gboolean filter_list (gpointer data);

static const char *script
    = "JSON.stringify({"
      "  person: document.querySelectorAll('mark.vigil-ent-person').length,"
      "  organization: document.querySelectorAll('mark.vigil-ent-organization').length,"
      "  location: document.querySelectorAll('mark.vigil-ent-location').length,"
      "  risks: Array.from(document.querySelectorAll('#vigil-body mark.vigil-risk')).map(m => "
      "m.textContent.toLowerCase()),"
      "  untitled: Array.from(document.querySelectorAll('mark')).filter(m => !m.title).length,"
      "  people: Array.from(document.querySelectorAll('mark.vigil-ent-person')).map(m => m.title),"
      "  legend: document.querySelectorAll('#vigil-legend li').length,"
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

/* The rule editor: a broken query is pointed out and cannot be saved; a good
 * one shows the stored articles it matches; saving writes the rules file and
 * puts the rule in force. */
static gpointer
editor_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (ctx->editor), VIGIL_TYPE_RULE_EDITOR, name);
}

/* Adding a source: the address typed in the dialog is fetched from the test's
 * own server, stored, and its article read in. */
static gpointer
add_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (ctx->add_dialog), VIGIL_TYPE_ADD_SOURCE_DIALOG,
                                        name);
}

/* The source's context menu actions: mark all read, then unsubscribe (the
 * confirmation answered). */
static guint
unread_of (Ctx *ctx, gint64 id)
{
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);

  for (guint i = 0; sources && i < sources->len; i++)
    if (((VigilSource *) g_ptr_array_index (sources, i))->id == id)
      return ((VigilSource *) g_ptr_array_index (sources, i))->unread;
  return G_MAXUINT;
}

/* The window writes off the main thread: these wait (with a time limit)
 * for what the store has, instead of reading it at once. */
static gboolean
added_source_all_read (gpointer data)
{
  Ctx *ctx = data;

  return unread_of (ctx, ctx->added_source) == 0;
}

static gboolean
added_source_gone (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) source = vigil_store_get_source (store, ctx->added_source, NULL);

  return source == NULL;
}

static gboolean
added_source_edited (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) source = vigil_store_get_source (store, ctx->added_source, NULL);

  return source != NULL && g_strcmp0 (source->title, "Border Desk (edited)") == 0;
}

static gboolean
source_menu_actions (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) gone = NULL;
  AdwMessageDialog *confirm = NULL;
  GListModel *toplevels = gtk_window_get_toplevels (); /* GTK's own list: not ours to free */

  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.source-mark-read", "x",
                              ctx->added_source);
  vigil_test_wait_until (added_source_all_read, ctx, VIGIL_TEST_WAIT_SECONDS);
  ctx->unread_after_mark = unread_of (ctx, ctx->added_source);
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.source-delete", "x",
                              ctx->added_source);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w))
        confirm = ADW_MESSAGE_DIALOG (w);
    }
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "delete");
  vigil_test_wait_until (added_source_gone, ctx, VIGIL_TEST_WAIT_SECONDS);
  gone = vigil_store_get_source (store, ctx->added_source, NULL);
  ctx->source_gone = gone == NULL;
  /* Leave the window where the next start should find it: the High Risk view,
   * a wider sidebar. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (gtk_widget_get_template_child (
           GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "sources_list")));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (sidebar_view (row) == VIGIL_VIEW_HIGH)
      gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_template_child (
                              GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "outer_paned")),
                          300);
  g_application_quit (G_APPLICATION (ctx->app));
  return G_SOURCE_REMOVE;
}

/* Remote images: off for a new source (no request reaches the server), on
 * once Edit Source switches them on. */
static const char *image_probe
    = "JSON.stringify({"
      "  width: (document.querySelector('#vigil-body img') || {}).naturalWidth || 0,"
      "  note: !!document.getElementById('vigil-images-off'),"
      "  csp: document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content"
      "})";

/* The article shown again with its images (the edit is written off the main
 * thread, then the page loads the image): the page asked until it says so. */
static gboolean
images_shown (gpointer data)
{
  Ctx *ctx = data;
  g_autofree char *page = ui_page_eval (&ctx->eval, ctx->web_view, image_probe);

  if (page == NULL)
    return FALSE;
  g_free (ctx->images_on_page);
  ctx->images_on_page = g_steal_pointer (&page);
  return strstr (ctx->images_on_page, "\"width\":40") != NULL;
}

static gboolean
shot_images_on (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-images-on.png");
  ui_test_next (source_menu_actions, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
images_on_read (gpointer data)
{
  Ctx *ctx = data;

  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, shot_images_on, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
save_edited_source (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) edited = NULL;

  shot ("vigil-ui-edit-source.png");
  g_signal_emit_by_name (gtk_widget_get_template_child (
                             ctx->edit_dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "save_button"),
                         "clicked");
  vigil_test_wait_until (added_source_edited, ctx, VIGIL_TEST_WAIT_SECONDS);
  edited = vigil_store_get_source (store, ctx->added_source, NULL);
  ctx->edited_title = g_strdup (edited ? edited->title : NULL);
  ui_test_when ("the article's image on the page", images_shown, images_on_read, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
images_off_read (gpointer data)
{
  Ctx *ctx = data;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *dialog = NULL;

  ctx->pixel_hits_off = ctx->pixel_hits;
  /* The source's menu → Edit…: a new title, images on, Save. */
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.source-edit", "x", ctx->added_source);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (VIGIL_IS_EDIT_SOURCE_DIALOG (w))
        dialog = GTK_WIDGET (w);
    }
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                             dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "title_row")),
                         "Border Desk (edited)");
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (
                             dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "images_switch")),
                         TRUE);
  ctx->edit_dialog = dialog;
  ui_test_after_frames (dialog, 3, save_edited_source, ctx);
  return G_SOURCE_REMOVE;
}

/* The added article's page, loaded (its images off: no request made for
 * them), then asked what it shows. */
static gboolean
added_article_loaded (gpointer data)
{
  Ctx *ctx = data;
  g_autofree char *title = ui_page_eval (&ctx->eval, ctx->web_view,
                                         "document.getElementById('vigil-title').textContent");

  return title != NULL && g_str_equal (title, "Rabia border crossing closed after clashes");
}

static gboolean
images_off_probed (gpointer data)
{
  Ctx *ctx = data;

  ctx->images_off_page = ui_page_eval (&ctx->eval, ctx->web_view, image_probe);
  return ctx->images_off_page != NULL;
}

static gboolean
probe_images_off (gpointer data)
{
  Ctx *ctx = data;

  ui_test_when ("the page's images read back", images_off_probed, images_off_read, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
show_added_article (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (GPtrArray) articles = vigil_store_list_articles (store, ctx->added_source, NULL);

  g_assert_cmpuint (articles->len, ==, 1);
  g_assert_true (vigil_window_show_article (
      ctx->window, ((VigilArticle *) g_ptr_array_index (articles, 0))->id));
  ui_test_when ("the added article's page", added_article_loaded, probe_images_off, ctx);
  return G_SOURCE_REMOVE;
}

/* The source stored with its article, which waits behind "N New Articles". */
static gboolean
source_added (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);

  for (guint i = 0; sources && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (g_str_equal (s->url, ctx->feed_url))
        {
          ctx->added_source = s->id;
          ctx->added_articles = vigil_store_count_articles (store, s->id);
          g_free (ctx->added_title);
          g_free (ctx->added_folder);
          ctx->added_title = g_strdup (s->title);
          ctx->added_interval = s->interval_minutes;
          ctx->added_folder = g_strdup (s->folder);
        }
    }
  return ctx->added_articles >= 1
         && gtk_revealer_get_reveal_child (window_child (ctx, "new_revealer"));
}

static gboolean
wait_for_source (gpointer data)
{
  Ctx *ctx = data;

  ui_test_when ("the new source's icon in the sidebar", favicon_in_sidebar, paint_then_show_new,
                ctx);
  return G_SOURCE_REMOVE;
}

/* The site's icon comes after the source's first fetch (one request a second
 * to a host). */
static gboolean
favicon_in_sidebar (gpointer data)
{
  Ctx *ctx = data;

  for (GtkWidget *row = gtk_widget_get_first_child (window_child (ctx, "sources_list")); row;
       row = gtk_widget_get_next_sibling (row))
    if (sidebar_view (row) == ctx->added_source
        && vigil_sidebar_item_get_favicon (sidebar_item (row)) != NULL)
      ctx->favicon_shown = TRUE;
  return ctx->favicon_shown;
}

static gboolean
paint_then_show_new (gpointer data)
{
  Ctx *ctx = data;

  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, show_new_articles, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
show_new_articles (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-source-added.png");
  ctx->new_label = g_strdup (gtk_button_get_label (window_child (ctx, "new_button")));
  ctx->listed_before_new
      = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.show-new", NULL);
  ctx->listed_after_new
      = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
  ctx->new_hidden = !gtk_revealer_get_reveal_child (window_child (ctx, "new_revealer"));
  vigil_window_set_list_kept_from (ctx->window, 200);
  ui_test_next (show_added_article, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
click_add (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-add-source.png");
  g_signal_emit_by_name (add_child (ctx, "add_button"), "clicked");
  ui_test_when ("the new source, its article waiting behind \"1 New Article\"", source_added,
                wait_for_source, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
add_sensitive (gpointer data)
{
  Ctx *ctx = data;

  return gtk_widget_get_sensitive (add_child (ctx, "add_button"));
}

static gboolean
paint_then_click_add (gpointer data)
{
  Ctx *ctx = data;

  ui_test_after_frames (GTK_WIDGET (ctx->add_dialog), 3, click_add, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
add_source (gpointer data)
{
  Ctx *ctx = data;

  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "add-source", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_ADD_SOURCE_DIALOG (l->data))
      ctx->add_dialog = l->data;
  g_assert_nonnull (ctx->add_dialog);
  gtk_editable_set_text (add_child (ctx, "url_row"), "javascript:alert(1)");
  ctx->bad_url_addable = gtk_widget_get_sensitive (add_child (ctx, "add_button"));
  gtk_editable_set_text (add_child (ctx, "url_row"), ctx->feed_url);
  gtk_editable_set_text (add_child (ctx, "folder_row"), "Local desk");
  adw_combo_row_set_selected (add_child (ctx, "interval_row"), 3); /* every 30 minutes */
  /* The new source's article should wait behind "1 New Article". */
  select_view (ctx, VIGIL_VIEW_ALL);
  vigil_window_set_list_kept_from (ctx->window, 1);
  ui_test_when ("the Add button", add_sensitive, paint_then_click_add, ctx);
  return G_SOURCE_REMOVE;
}

/* Each rule in force is a view in the sidebar: its matches. */
static gboolean
rule_view (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GtkWidget *sidebar = window_child (ctx, "sources_list");
  VigilArticleFilter filter = { .rule = "Kidnapping" };

  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *rule = sidebar_rule (row);
      if (rule == NULL)
        continue;
      ctx->rule_rows++;
      if (g_str_equal (rule, filter.rule))
        gtk_list_box_select_row (GTK_LIST_BOX (sidebar), GTK_LIST_BOX_ROW (row));
    }
  ctx->rule_view_listed
      = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
  ctx->rule_view_expected = vigil_store_count_articles_filtered (store, VIGIL_VIEW_ALERTS, &filter);
  ctx->rule_view_subtitle
      = g_strdup (adw_window_title_get_subtitle (window_child (ctx, "window_title")));
  /* The rule saved a moment ago has matched nothing yet: its view says so. */
  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (sidebar_rule (row), "Embassy staff") == 0)
      gtk_list_box_select_row (GTK_LIST_BOX (sidebar), GTK_LIST_BOX_ROW (row));
  ctx->empty_view_page
      = g_strdup (gtk_stack_get_visible_child_name (window_child (ctx, "list_stack")));
  ctx->empty_view_title = g_strdup (adw_status_page_get_title (window_child (ctx, "empty_page")));
  ui_test_next (add_source, ctx);
  return G_SOURCE_REMOVE;
}

/* The sidebar, read again after the rules changed, has the new rule's view. */
static gboolean
rule_listed (gpointer data)
{
  Ctx *ctx = data;

  for (GtkWidget *row = gtk_widget_get_first_child (window_child (ctx, "sources_list")); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (sidebar_rule (row), "Embassy staff") == 0)
      return TRUE;
  return FALSE;
}

static gboolean
save_rule_and_quit (gpointer data)
{
  Ctx *ctx = data;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "vigil", "rules.tsv", NULL);

  g_signal_emit_by_name (editor_child (ctx, "save_button"), "clicked");
  g_file_get_contents (path, &ctx->rules_file, NULL, NULL);
  ctx->rules_after = vigil_alert_engine_get_n_rules (
      vigil_monitor_get_alert_engine (vigil_application_get_monitor (ctx->app)));
  ui_test_when ("the new rule's view in the sidebar", rule_listed, rule_view, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
dry_run_answered (gpointer data)
{
  Ctx *ctx = data;

  ctx->matches = vigil_rule_editor_get_match_count (VIGIL_RULE_EDITOR (ctx->editor));
  return ctx->matches >= 0;
}

static gboolean
shot_rule_editor (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-rule-editor.png");
  ui_test_next (save_rule_and_quit, ctx);
  return G_SOURCE_REMOVE;
}

/* The dry run answered, then the editor painted with its count. */
static gboolean
wait_for_dry_run (gpointer data)
{
  Ctx *ctx = data;

  ui_test_after_frames (GTK_WIDGET (ctx->editor), 3, shot_rule_editor, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
open_rules (gpointer data)
{
  Ctx *ctx = data;
  VigilRulesWindow *rules = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "rules", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      rules = l->data;
  g_assert_nonnull (rules);
  ctx->editor = vigil_rules_window_edit (rules, NULL);
  gtk_editable_set_text (editor_child (ctx, "name_row"), "Embassy staff");
  gtk_editable_set_text (editor_child (ctx, "query_row"), "embassy AND (diplomats OR");
  ctx->bad_query_message = g_strdup (gtk_label_get_text (editor_child (ctx, "query_message")));
  ctx->bad_query_saveable = gtk_widget_get_sensitive (editor_child (ctx, "save_button"));
  gtk_editable_set_text (editor_child (ctx, "query_row"), "embassy AND (diplomats OR staff)");
  ui_test_when ("the rule editor's dry run", dry_run_answered, wait_for_dry_run, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean show_today (gpointer data);

static gpointer
window_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, name);
}

/* A drop-down of the filter bar (a widget of the window's). */
static gpointer
filter_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (window_child (ctx, "filter_bar"), VIGIL_TYPE_FILTER_BAR,
                                        name);
}

/* The filter bar: a risk category narrows the view to what the store holds
 * for it; a time range nothing falls in shows "No Matching Articles"; Clear
 * Filters brings everything back. */
static gboolean
filter_cleared (gpointer data)
{
  Ctx *ctx = data;
  GListModel *visible = vigil_window_get_visible_articles (ctx->window);

  shot ("vigil-ui-filter-empty.png");
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.clear-filters", NULL);
  ctx->filter_cleared = g_list_model_get_n_items (visible);
  ctx->filter_page_cleared
      = g_strdup (gtk_stack_get_visible_child_name (window_child (ctx, "list_stack")));
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.toggle-filters", NULL);
  ui_test_next (show_today, ctx);
  return G_SOURCE_REMOVE;
}

static void
select_view (Ctx *ctx, gint64 view)
{
  GtkListBox *sidebar = window_child (ctx, "sources_list");

  for (int i = 0; gtk_list_box_get_row_at_index (sidebar, i); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (sidebar, i);
      if (sidebar_view (row) == view && sidebar_rule (row) == NULL)
        gtk_list_box_select_row (sidebar, row);
    }
}

static guint
count_rows (gpointer list)
{
  guint n = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c);
  return n;
}

static GtkWidget *
find_story_row (GtkWidget *widget)
{
  if (VIGIL_IS_ARTICLE_ROW (widget)
      && vigil_article_row_get_story_button (VIGIL_ARTICLE_ROW (widget)) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_story_row (c);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
story_separated (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilArticle) a = vigil_store_get_article (store, ctx->separate_target, NULL);
  g_autoptr (VigilArticle) other = vigil_store_get_article (store, ctx->story_target, NULL);

  ctx->separate_size_after = a ? vigil_store_count_in_cluster (store, a->cluster_id) : 0;
  ctx->separate_rest_after = other ? vigil_store_count_in_cluster (store, other->cluster_id) : 0;
  ui_test_next (open_rules, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
story_target_shown (gpointer data)
{
  Ctx *ctx = data;
  VigilArticle *shown
      = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));

  return shown != NULL && shown->id == ctx->story_target;
}

/* "Not the Same Story" written: the row's report in a story of its own. */
static gboolean
story_split (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilArticle) a = vigil_store_get_article (store, ctx->separate_target, NULL);

  return a != NULL
         && vigil_store_count_in_cluster (store, a->cluster_id) != ctx->separate_size_before;
}

static gboolean
story_opened (gpointer data)
{
  Ctx *ctx = data;
  VigilArticle *shown
      = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));

  ctx->story_shown = shown ? shown->id : 0;
  ctx->story_shown_cluster = shown ? shown->cluster_id : 0;
  if (ctx->separate_button != NULL)
    {
      VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
      g_autoptr (VigilArticle) a = vigil_store_get_article (store, ctx->separate_target, NULL);
      ctx->separate_size_before = a ? vigil_store_count_in_cluster (store, a->cluster_id) : 0;
      g_signal_emit_by_name (ctx->separate_button, "clicked");
      ui_test_when ("the report separated from its story", story_split, story_separated, ctx);
      return G_SOURCE_REMOVE;
    }
  ui_test_next (open_rules, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean click_story (gpointer data);
static gboolean story_listed (gpointer data);
static gboolean paint_then_click_story (gpointer data);

/* The popover's list: the box whose children are the buttons. */
static GtkWidget *
find_box_of_buttons (GtkWidget *widget)
{
  if (widget == NULL)
    return NULL;
  if (GTK_IS_BOX (widget) && GTK_IS_BUTTON (gtk_widget_get_first_child (widget)))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_box_of_buttons (c);
      if (found)
        return found;
    }
  return NULL;
}

/* A story's "2 reports": its popover lists the other outlet, which opens. */
static gboolean
open_story (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *row = find_story_row (window_child (ctx, "article_list"));

  g_assert_nonnull (row);
  gtk_menu_button_popup (
      GTK_MENU_BUTTON (vigil_article_row_get_story_button (VIGIL_ARTICLE_ROW (row))));
  ctx->story_row = row;
  ui_test_when ("the story's popover", story_listed, paint_then_click_story, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
click_story (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (
      GTK_MENU_BUTTON (vigil_article_row_get_story_button (VIGIL_ARTICLE_ROW (ctx->story_row)))));
  GtkWidget *box = find_box_of_buttons (popover);

  shot ("vigil-ui-story.png");
  g_assert_nonnull (box);
  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    {
      const char *action
          = GTK_IS_ACTIONABLE (c) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (c)) : NULL;
      if (g_strcmp0 (action, "win.show-article") == 0)
        ctx->story_others++;
      else if (g_strcmp0 (action, "win.separate-story") == 0)
        {
          ctx->separate_button = c;
          ctx->separate_target
              = g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (c)));
        }
    }
  if (gtk_widget_get_first_child (box))
    {
      GVariant *target = gtk_actionable_get_action_target_value (
          GTK_ACTIONABLE (gtk_widget_get_first_child (box)));
      VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
      g_autoptr (VigilArticle) other
          = vigil_store_get_article (store, g_variant_get_int64 (target), NULL);
      ctx->story_target_cluster = other ? other->cluster_id : -1;
      ctx->story_target = g_variant_get_int64 (target);
      g_signal_emit_by_name (gtk_widget_get_first_child (box), "clicked");
    }
  ui_test_when ("the story's other report shown", story_target_shown, story_opened, ctx);
  return G_SOURCE_REMOVE;
}

/* A row with its story's button, laid out in the list. */
static gboolean
story_row_shown (gpointer data)
{
  Ctx *ctx = data;

  return find_story_row (window_child (ctx, "article_list")) != NULL;
}

/* The story's popover open, its buttons made. */
static gboolean
story_listed (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (
      GTK_MENU_BUTTON (vigil_article_row_get_story_button (VIGIL_ARTICLE_ROW (ctx->story_row)))));
  GtkWidget *box = find_box_of_buttons (popover);

  return popover != NULL && gtk_widget_get_mapped (popover) && box != NULL
         && gtk_widget_get_first_child (box) != NULL;
}

static gboolean
paint_then_click_story (gpointer data)
{
  Ctx *ctx = data;

  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, click_story, ctx);
  return G_SOURCE_REMOVE;
}

/* The Today overview: clicking its first risk category narrows the list to
 * the day's articles in that category. */
static gboolean
today_clicked (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GtkWidget *overview = window_child (ctx, "overview");
  GtkListBox *categories = GTK_LIST_BOX (
      gtk_widget_get_template_child (overview, VIGIL_TYPE_OVERVIEW, "categories_list"));
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (categories, 0);

  shot ("vigil-ui-today.png");
  if (first != NULL)
    {
      VigilArticleFilter filter = { 0 };
      guint index;
      g_signal_emit_by_name (categories, "row-activated", first);
      index = gtk_drop_down_get_selected (filter_child (ctx, "category_filter"));
      ctx->today_category = g_strdup (index > 0 ? vigil_risk_category_nth (index - 1) : "");
      filter.category = ctx->today_category;
      ctx->today_filtered
          = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
      ctx->today_expected = vigil_store_count_articles_filtered (store, VIGIL_VIEW_TODAY, &filter);
      gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.toggle-filters", NULL);
    }
  select_view (ctx, VIGIL_VIEW_ALL);
  ui_test_when ("a row of a story of several reports", story_row_shown, open_story, ctx);
  return G_SOURCE_REMOVE;
}

static void
today_updated (GtkWidget *overview, Ctx *ctx)
{
  ctx->today_shown
      = g_strcmp0 (gtk_stack_get_visible_child_name (window_child (ctx, "detail_stack")),
                   "overview")
        == 0;
  ctx->today_categories = count_rows (
      gtk_widget_get_template_child (overview, VIGIL_TYPE_OVERVIEW, "categories_list"));
  ctx->today_countries = count_rows (
      gtk_widget_get_template_child (overview, VIGIL_TYPE_OVERVIEW, "countries_list"));
  ctx->today_entities
      = count_rows (gtk_widget_get_template_child (overview, VIGIL_TYPE_OVERVIEW, "entities_list"));
  g_signal_handlers_disconnect_by_func (overview, today_updated, ctx);
  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, today_clicked, ctx);
}

static gboolean
show_today (gpointer data)
{
  Ctx *ctx = data;

  g_signal_connect (window_child (ctx, "overview"), "updated", G_CALLBACK (today_updated), ctx);
  select_view (ctx, VIGIL_VIEW_TODAY);
  return G_SOURCE_REMOVE;
}

static gboolean
filter_check (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-filter.png");
  ctx->filter_countries
      = g_list_model_get_n_items (gtk_drop_down_get_model (filter_child (ctx, "country_filter")));
  gtk_drop_down_set_selected (filter_child (ctx, "time_filter"), 1); /* last hour */
  ctx->filter_page_empty
      = g_strdup (gtk_stack_get_visible_child_name (window_child (ctx, "list_stack")));
  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, filter_cleared, ctx);
  return G_SOURCE_REMOVE;
}

/* The country drop-down filled in (read off the main thread): more than
 * "Any country". */
static gboolean
countries_read (gpointer data)
{
  Ctx *ctx = data;
  GListModel *countries = gtk_drop_down_get_model (filter_child (ctx, "country_filter"));

  return countries != NULL && g_list_model_get_n_items (countries) > 1;
}

static gboolean
paint_then_filter_check (gpointer data)
{
  Ctx *ctx = data;

  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, filter_check, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
filter_list (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GListModel *visible;
  guint category = 0;
  VigilArticleFilter filter = { .category = "indirect-fire" };

  gtk_search_bar_set_search_mode (window_child (ctx, "search_bar"), FALSE);
  visible = vigil_window_get_visible_articles (ctx->window);
  ctx->filter_all = g_list_model_get_n_items (visible);
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.toggle-filters", NULL);
  for (guint i = 0; vigil_risk_category_nth (i); i++)
    if (g_str_equal (vigil_risk_category_nth (i), "indirect-fire"))
      category = i + 1;
  gtk_drop_down_set_selected (filter_child (ctx, "category_filter"), category);
  ctx->filter_category = g_list_model_get_n_items (visible);
  ctx->filter_expected = vigil_store_count_articles_filtered (store, 0, &filter);
  ui_test_when ("the countries of the filter bar", countries_read, paint_then_filter_check, ctx);
  return G_SOURCE_REMOVE;
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
 * entry searches a moment after its text changed). */
static gboolean
search_replaced (gpointer data)
{
  Ctx *ctx = data;

  return ctx->searches > ctx->searches_before;
}

static gboolean
mark_results (gpointer data)
{
  Ctx *ctx = data;
  GtkEditable *entry = GTK_EDITABLE (window_child (ctx, "search_entry"));

  ctx->mark_query = g_strdup (gtk_editable_get_text (entry));
  ui_test_next (filter_list, ctx);
  return G_SOURCE_REMOVE;
}

static void
mark_clicked (GObject *obj, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (obj), res, &error);

  g_assert_no_error (error);
  ctx->mark_name = jsc_value_to_string (value);
  ui_test_when ("the name's search", search_replaced, mark_results, ctx);
}

static gboolean
chip_shot (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-entity-filter.png");
  ctx->searches_before = ctx->searches;
  webkit_web_view_evaluate_javascript (ctx->web_view, mark_click, -1, "vigil-test", NULL, NULL,
                                       mark_clicked, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
chip_results (gpointer data)
{
  Ctx *ctx = data;
  GtkEditable *entry = GTK_EDITABLE (
      gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "search_entry"));

  ctx->chip_query = g_strdup (gtk_editable_get_text (entry));
  ctx->chip_results = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
  if (ctx->chip_results > 0)
    {
      g_autoptr (GObject) first
          = g_list_model_get_item (vigil_window_get_visible_articles (ctx->window), 0);
      ctx->chip_snippet = g_strdup (g_object_get_data (first, VIGIL_ARTICLE_ROW_SNIPPET));
    }
  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, chip_shot, ctx);
  return G_SOURCE_REMOVE;
}

static void
chip_clicked (GObject *obj, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (obj), res, &error);

  g_assert_no_error (error);
  ctx->chip_name = jsc_value_to_string (value);
  ui_test_when ("the entity's search", search_replaced, chip_results, ctx);
}

static gboolean
search_shot_and_quit (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-search.png");
  ctx->searches_before = ctx->searches;
  webkit_web_view_evaluate_javascript (ctx->web_view, chip_click, -1, "vigil-test", NULL, NULL,
                                       chip_clicked, ctx);
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
  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, search_shot_and_quit, ctx);
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
  shot ("vigil-ui-story-restored.png");
  return G_SOURCE_REMOVE;
}

static gboolean
story_restored_said (gpointer data)
{
  Ctx *ctx = data;

  return find_label (window_child (ctx, "toast_overlay"), "Story restored") != NULL;
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
  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, shot_undone, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
undo_offered (gpointer data)
{
  Ctx *ctx = data;

  return find_button_labelled (window_child (ctx, "toast_overlay"), "_Undo") != NULL;
}

static gboolean
click_undo (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GtkWidget *undo = find_button_labelled (window_child (ctx, "toast_overlay"), "_Undo");

  /* The toast comes once the dismissal is written. */
  ctx->alerts_position_after
      = vigil_store_article_position (store, VIGIL_VIEW_ALERTS, ctx->article_id);
  ctx->alert_states_dismissed = story_alert_states (store, ctx->article_id);
  /* Clicked the moment it appears, in the toast's show animation (which
   * crashed libadwaita 1.2 when the toast's own button dismissed it). */
  ctx->undo_button = TRUE;
  g_signal_emit_by_name (undo, "clicked");
  ui_test_when ("the \"Story restored\" toast", story_restored_said, undo_written, ctx);
  return G_SOURCE_REMOVE;
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
    GtkWidget *bar = GTK_WIDGET (
        gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "alert_bar"));
    GtkLabel *label
        = GTK_LABEL (gtk_widget_get_template_child (bar, VIGIL_TYPE_ALERT_BAR, "alert_label"));
    ctx->alert_bar_shown = gtk_widget_get_visible (bar);
    ctx->alert_text = g_strdup (gtk_label_get_text (label));
    ctx->alerts_position_before
        = vigil_store_article_position (store, VIGIL_VIEW_ALERTS, ctx->article_id);
    ctx->alert_states_before = story_alert_states (store, ctx->article_id);
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
    GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (
        GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "article_list"));
    g_assert_nonnull (star);
    g_assert_false (find_visible_star_mark (list));
    ctx->star_tooltip_before = g_strdup (gtk_widget_get_tooltip_text (star));
    g_signal_emit_by_name (star, "clicked");
    ctx->star_tooltip_after = g_strdup (gtk_widget_get_tooltip_text (star));
    ctx->row_star_shown = find_visible_star_mark (list);
  }
  /* The star is written off the main thread: read back once there. */
  ui_test_when ("the star in the store", star_written, nothing_more, ctx);
  {
    /* The Menu key in the article list: the selected article's menu. */
    GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (
        GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "article_list"));
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
    GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (
        GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "article_list"));
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
  ui_test_when ("the search results listed", search_listed, check_search, ctx);
  return G_SOURCE_REMOVE;
}

/* A row's star mark ("★") shown in the list. */
static gboolean
find_visible_star_mark (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "star-mark"))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (find_visible_star_mark (c))
      return TRUE;
  return FALSE;
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

static gboolean click_legend (gpointer data);
static gboolean open_rules (gpointer data);
static gboolean after_paint (gpointer data);

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
  GtkWidget *bar = window_child (ctx, "alert_bar");

  return gtk_widget_get_visible (bar)
         && *gtk_label_get_text (GTK_LABEL (
                gtk_widget_get_template_child (bar, VIGIL_TYPE_ALERT_BAR, "alert_label")))
                != '\0';
}

static gboolean
paint_then_after_paint (gpointer data)
{
  Ctx *ctx = data;

  ui_test_after_frames (GTK_WIDGET (ctx->window), 3, after_paint, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
legend_done (gpointer data)
{
  Ctx *ctx = data;

  if (ctx->legend_on == NULL)
    ui_test_next (click_legend, ctx); /* and back on */
  else
    /* The article's alert bar filled in (read off the main thread), then
     * painted for the screenshot. */
    ui_test_when ("the article's alert bar", alert_bar_filled, paint_then_after_paint, ctx);
  return G_SOURCE_REMOVE;
}

static gboolean
click_legend (gpointer data)
{
  Ctx *ctx = data;

  webkit_web_view_evaluate_javascript (ctx->web_view, legend_click, -1, "vigil-test", NULL, NULL,
                                       NULL, NULL);
  ui_test_when ("the legend's person entry switched", legend_switched, legend_done, ctx);
  return G_SOURCE_REMOVE;
}

static void
evaluated (GObject *obj, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (obj), res, &error);

  g_assert_no_error (error);
  ctx->result = jsc_value_to_string (value);
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

/* The window, its list holding the demo's articles. */
static gboolean
demo_listed (gpointer data)
{
  Ctx *ctx = data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_WINDOW (l->data))
      ctx->window = l->data;
  return ctx->window != NULL
         && g_list_model_get_n_items (vigil_window_get_articles (ctx->window)) >= 14;
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

  g_signal_connect_after (window_child (ctx, "search_entry"), "search-changed",
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

static void
on_activate (GApplication *app, Ctx *ctx)
{
  /* Once: opening the rules later activates the application again. */
  if (ctx->ticks++ == 0)
    ui_test_when_full ("the demo articles in the window", UI_TEST_POLL_MS, 60, demo_listed,
                       open_embassy, ctx);
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
serve_feed (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer data)
{
  Ctx *ctx = data;
  g_autofree char *base = g_strndup (ctx->feed_url, strlen (ctx->feed_url) - strlen ("feed.xml"));
  g_autofree char *feed = g_strdup_printf (
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local Border Desk</title>"
      "<link>%s</link><item><guid>rabia-1</guid>"
      "<title>Rabia border crossing closed after clashes</title>"
      "<description>&lt;p&gt;Kurdish and Iraqi forces clashed near the Rabia crossing on the "
      "Syrian border, officials said.&lt;/p&gt;&lt;p&gt;&lt;img src=\"%spixel.png\" "
      "alt=\"Crossing\" width=\"40\" height=\"40\"&gt;&lt;/p&gt;</description></item>"
      "</channel></rss>",
      base, base);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed,
                                    strlen (feed));
}

/* The site's icon: a 32×32 PNG (Vigil keeps it at 16 px). */
static void
serve_favicon (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
               gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GBytes) pixels = g_bytes_new_take (g_malloc (32 * 32 * 4), 32 * 32 * 4);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GBytes) png = NULL;

  memset ((guint8 *) g_bytes_get_data (pixels, NULL), 0xc0, 32 * 32 * 4);
  texture = gdk_memory_texture_new (32, 32, GDK_MEMORY_R8G8B8A8, pixels, 32 * 4);
  png = gdk_texture_save_to_png_bytes (texture);
  ctx->favicon_hits++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/vnd.microsoft.icon", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* The feed's image: a 40×40 PNG, and a count of who asked for it. */
static void
serve_pixel (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
             gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GBytes) pixels = g_bytes_new_take (g_malloc0 (40 * 40 * 4), 40 * 40 * 4);
  g_autoptr (GdkTexture) texture
      = gdk_memory_texture_new (40, 40, GDK_MEMORY_R8G8B8A8, pixels, 40 * 4);
  g_autoptr (GBytes) png = gdk_texture_save_to_png_bytes (texture);

  ctx->pixel_hits++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static void
test_embassy_article_highlighted (void)
{
  Ctx ctx = { 0 };
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  GSList *uris = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *argv[] = { "vigil", NULL };
  JsonObject *page;
  JsonArray *risks;

  /* Only the offline demo sources: a test never reaches the network. */
  g_settings_set_boolean (settings, "default-sources", FALSE);
  g_settings_set_boolean (settings, "notifications", FALSE);

  soup_server_add_handler (server, "/feed.xml", serve_feed, &ctx, NULL);
  soup_server_add_handler (server, "/pixel.png", serve_pixel, &ctx, NULL);
  soup_server_add_handler (server, "/favicon.ico", serve_favicon, &ctx, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  {
    g_autofree char *base = g_uri_to_string (uris->data);
    ctx.feed_url = g_strconcat (base, "feed.xml", NULL);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  ctx.app = vigil_application_new ();
  g_signal_connect_after (ctx.app, "activate", G_CALLBACK (on_activate), &ctx);
  g_assert_cmpint (g_application_run (G_APPLICATION (ctx.app), 1, (char **) argv), ==, 0);
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

  /* The filter bar. */
  g_test_message ("filter: %u of %u indirect fire (store: %u), %u countries listed",
                  ctx.filter_category, ctx.filter_all, ctx.filter_expected, ctx.filter_countries);
  g_assert_cmpuint (ctx.filter_category, >=, 1);
  g_assert_cmpuint (ctx.filter_category, <, ctx.filter_all);
  g_assert_cmpuint (ctx.filter_category, ==, ctx.filter_expected);
  g_assert_cmpuint (ctx.filter_countries, >=, 3); /* "Any country", Iraq, Syria… */
  g_assert_cmpstr (ctx.filter_page_empty, ==, "no-matches");
  g_assert_cmpstr (ctx.filter_page_cleared, ==, "list");
  g_assert_cmpuint (ctx.filter_cleared, ==, ctx.filter_all);
  g_free (ctx.filter_page_empty);
  g_free (ctx.filter_page_cleared);

  /* The Today overview (the demo articles are dated as if read today). */
  g_test_message ("today: %u categories, %u countries, %u entities; %s: %u listed (store %u)",
                  ctx.today_categories, ctx.today_countries, ctx.today_entities, ctx.today_category,
                  ctx.today_filtered, ctx.today_expected);
  g_assert_true (ctx.today_shown);
  g_assert_cmpuint (ctx.today_categories, >=, 3);
  g_assert_cmpuint (ctx.today_countries, >=, 2);
  g_assert_cmpuint (ctx.today_entities, >=, 3);
  g_assert_nonnull (ctx.today_category);
  g_assert_cmpstr (ctx.today_category, !=, "");
  g_assert_cmpuint (ctx.today_filtered, >=, 1);
  g_assert_cmpuint (ctx.today_filtered, ==, ctx.today_expected);
  g_free (ctx.today_category);

  /* A story's other reports, from its row. */
  g_test_message ("story: %u other reports; opened %" G_GINT64_FORMAT ", shown %" G_GINT64_FORMAT,
                  ctx.story_others, ctx.story_target, ctx.story_shown);
  g_assert_cmpuint (ctx.story_others, >=, 1);
  g_assert_cmpint (ctx.story_shown, ==, ctx.story_target);
  g_assert_cmpint (ctx.story_shown_cluster, ==, ctx.story_target_cluster);
  /* Its "Not the Same Story": the row's report alone, the others still one. */
  g_test_message ("separated %" G_GINT64_FORMAT ": story of %" G_GINT64_FORMAT
                  " -> %" G_GINT64_FORMAT " (the rest %" G_GINT64_FORMAT ")",
                  ctx.separate_target, ctx.separate_size_before, ctx.separate_size_after,
                  ctx.separate_rest_after);
  g_assert_nonnull (ctx.separate_button);
  g_assert_cmpint (ctx.separate_target, !=, ctx.story_target);
  g_assert_cmpint (ctx.separate_size_before, ==, ctx.story_others + 1);
  g_assert_cmpint (ctx.separate_size_after, ==, 1);
  g_assert_cmpint (ctx.separate_rest_after, ==, ctx.separate_size_before - 1);

  /* The legend switched person highlights off and on again. */
  g_test_message ("legend off: %s / on: %s", ctx.legend_off, ctx.legend_on);
  g_assert_nonnull (strstr (ctx.legend_off, "\"background\":\"rgba(0, 0, 0, 0)\""));
  g_assert_nonnull (strstr (ctx.legend_off, "\"off\":true"));
  g_assert_nonnull (strstr (ctx.legend_off, "\"checked\":\"false\""));
  g_assert_nonnull (strstr (ctx.legend_on, json_object_get_string_member (page, "personColor")));
  g_assert_nonnull (strstr (ctx.legend_on, "\"off\":false"));
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
  g_test_message ("article menu: %s", ctx.menu_items);
  g_assert_nonnull (strstr (ctx.menu_items, "Mark as Unread"));
  g_test_message ("other row's menu: %s; selection kept %d, read %d -> %d", ctx.other_menu_items,
                  ctx.other_menu_kept_selection, ctx.other_menu_read_before,
                  ctx.other_menu_read_after);
  g_assert_nonnull (strstr (ctx.other_menu_items, "Mark as Read"));
  g_assert_true (ctx.other_menu_kept_selection);
  g_assert_false (ctx.other_menu_read_before);
  g_assert_true (ctx.other_menu_read_after);
  g_clear_object (&ctx.other_menu_article);
  g_free (ctx.other_menu_items);
  g_assert_nonnull (strstr (ctx.menu_items, "Remove Star"));
  g_assert_nonnull (strstr (ctx.menu_items, "Open Original"));
  g_assert_nonnull (strstr (ctx.menu_items, "Copy Link"));
  g_assert_nonnull (strstr (ctx.menu_items, "Mark Older as Read"));
  g_assert_true (ctx.link_copied);
  g_free (ctx.star_tooltip_before);
  g_free (ctx.star_tooltip_after);
  g_free (ctx.menu_items);

  /* The alert bar. */
  g_test_message ("alert bar: %s", ctx.alert_text);
  g_assert_true (ctx.alert_bar_shown);
  g_assert_nonnull (strstr (ctx.alert_text, "Drawdown or evacuation"));
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

  /* The rule editor. */
  g_test_message ("bad query: %s", ctx.bad_query_message);
  g_assert_nonnull (strstr (ctx.bad_query_message, "at position 26"));
  g_assert_false (ctx.bad_query_saveable);
  g_assert_cmpint (ctx.matches, >=, 1); /* the embassy drawdown demo article */
  g_assert_nonnull (ctx.rules_file);
  g_assert_nonnull (
      strstr (ctx.rules_file, "Embassy staff\thigh\tembassy AND (diplomats OR staff)"));
  g_assert_cmpuint (ctx.rules_after, ==, 6); /* the five shipped ones and this one */
  g_free (ctx.bad_query_message);
  g_free (ctx.rules_file);
  g_test_message ("rule views: %u; %s lists %u (store %u)", ctx.rule_rows, ctx.rule_view_subtitle,
                  ctx.rule_view_listed, ctx.rule_view_expected);
  g_assert_cmpuint (ctx.rule_rows, ==, 6);
  g_assert_cmpstr (ctx.rule_view_subtitle, ==, "Kidnapping");
  g_assert_cmpuint (ctx.rule_view_listed, >=, 1);
  g_assert_cmpuint (ctx.rule_view_listed, ==, ctx.rule_view_expected);
  g_free (ctx.rule_view_subtitle);
  g_assert_cmpstr (ctx.empty_view_page, ==, "empty");
  g_assert_cmpstr (ctx.empty_view_title, ==, "No Alerts");
  g_free (ctx.empty_view_page);
  g_free (ctx.empty_view_title);

  /* Adding a source. */
  g_assert_false (ctx.bad_url_addable);
  g_assert_cmpint (ctx.added_source, >, 0);
  g_assert_cmpint (ctx.added_articles, ==, 1);
  g_assert_cmpstr (ctx.added_title, ==, "Local Border Desk");
  g_assert_cmpstr (ctx.added_folder, ==, "Local desk");
  g_assert_cmpuint (ctx.added_interval, ==, 30);
  g_free (ctx.added_title);
  g_free (ctx.added_folder);
  /* Remote images: none fetched until the source's switch was turned on. */
  g_test_message ("images off: %s (%u requests); on: %s (%u requests)", ctx.images_off_page,
                  ctx.pixel_hits_off, ctx.images_on_page, ctx.pixel_hits);
  g_assert_cmpuint (ctx.pixel_hits_off, ==, 0);
  g_assert_nonnull (strstr (ctx.images_off_page, "\"width\":0"));
  g_assert_nonnull (strstr (ctx.images_off_page, "\"note\":true"));
  g_assert_nonnull (strstr (ctx.images_on_page, "\"note\":false"));
  g_assert_null (strstr (ctx.images_off_page, "https:"));
  g_assert_cmpuint (ctx.pixel_hits, >=, 1);
  g_assert_nonnull (strstr (ctx.images_on_page, "\"width\":40"));
  g_assert_cmpstr (ctx.edited_title, ==, "Border Desk (edited)");
  g_free (ctx.images_off_page);
  g_free (ctx.images_on_page);
  g_free (ctx.edited_title);
  g_test_message ("favicon: %u requests, shown %d", ctx.favicon_hits, ctx.favicon_shown);
  g_assert_cmpuint (ctx.favicon_hits, ==, 1);
  g_assert_true (ctx.favicon_shown);
  g_test_message ("new articles: \"%s\", %u listed before, %u after", ctx.new_label,
                  ctx.listed_before_new, ctx.listed_after_new);
  g_assert_cmpstr (ctx.new_label, ==, "1 New Article");
  g_assert_cmpuint (ctx.listed_after_new, ==, ctx.listed_before_new + 1);
  g_assert_true (ctx.new_hidden);
  g_free (ctx.new_label);
  g_assert_cmpuint (ctx.unread_after_mark, ==, 0); /* "Mark All as Read" */
  g_assert_true (ctx.source_gone);                 /* "Unsubscribe…", confirmed */
  g_free (ctx.feed_url);

  g_free (ctx.result);
  g_object_unref (ctx.app);
}

/* A second start finds the view and the sidebar width the first one left. */
typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  guint ticks;
  char *subtitle;
  int sidebar;
  gboolean narrow;
  int narrow_width;
  char *narrow_list, *narrow_article, *narrow_back, *narrow_sources, *wide_again;
  char *narrow_sources_buttons; /* refresh, add, the panes beside the sources */
  int narrow_sidebar_width;
  char *half_sources; /* two panes at 800 px */
  int half_width;
  gboolean dark_article;
  int list_width;
  char *strong_page;
  char *autostart_exec;
  gboolean autostart_removed;
  gboolean alive_after_close;
  UiPageEval eval;
} RestartCtx;

static gboolean
visible_child (RestartCtx *r, const char *name)
{
  return gtk_widget_get_visible (
      GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, name)));
}

/* Which panes show, as "sidebar,list,detail,back" (1 shown, 0 not). */
static char *
panes (RestartCtx *r)
{
  return g_strdup_printf ("%d%d%d%d", visible_child (r, "sidebar_pane"),
                          visible_child (r, "list_pane"), visible_child (r, "detail_stack"),
                          visible_child (r, "back_button"));
}

static gboolean
closed_and_alive (gpointer data)
{
  RestartCtx *r = data;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  /* Still running with no window: monitoring goes on. Switched off, the
   * application ends by itself (nothing holds it any more). */
  r->alive_after_close
      = gtk_application_get_windows (GTK_APPLICATION (r->app)) == NULL
        || !VIGIL_IS_WINDOW (gtk_application_get_windows (GTK_APPLICATION (r->app))->data);
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  return G_SOURCE_REMOVE;
}

/* The switch in the row titled @title, anywhere under @widget. */
static GtkSwitch *
find_row_switch (GtkWidget *widget, const char *title)
{
  if (ADW_IS_ACTION_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkSwitch *found = find_row_switch (c, title);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWindow *
preferences_window (RestartCtx *r)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (r->app)); l; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean keep_monitoring_and_close (gpointer data);

static gboolean
autostart_written (gpointer data)
{
  g_autofree char *path
      = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
autostart_gone (gpointer data)
{
  return !autostart_written (data);
}

static gboolean
autostart_off (gpointer data)
{
  RestartCtx *r = data;
  g_autofree char *path
      = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);

  r->autostart_removed = !g_file_test (path, G_FILE_TEST_EXISTS);
  gtk_window_destroy (preferences_window (r));
  keep_monitoring_and_close (r);
  return G_SOURCE_REMOVE;
}

static gboolean
autostart_on (gpointer data)
{
  RestartCtx *r = data;
  g_autofree char *path
      = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
  g_autoptr (GKeyFile) entry = g_key_file_new ();

  /* Turned on in the preferences: an autostart entry runs this program. */
  if (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, NULL))
    r->autostart_exec = g_key_file_get_string (entry, "Desktop Entry", "Exec", NULL);
  shot ("vigil-ui-preferences.png");
  gtk_switch_set_active (find_row_switch (GTK_WIDGET (preferences_window (r)), "Start at Login"),
                         FALSE);
  ui_test_when ("the autostart entry removed", autostart_gone, autostart_off, r);
  return G_SOURCE_REMOVE;
}

static gboolean
paint_then_autostart_on (gpointer data)
{
  RestartCtx *r = data;

  ui_test_after_frames (GTK_WIDGET (preferences_window (r)), 3, autostart_on, r);
  return G_SOURCE_REMOVE;
}

static gboolean
switch_autostart (gpointer data)
{
  RestartCtx *r = data;
  GtkSwitch *sw = find_row_switch (GTK_WIDGET (preferences_window (r)), "Start at Login");

  g_assert_nonnull (sw);
  gtk_switch_set_active (sw, TRUE);
  ui_test_when ("the autostart entry written", autostart_written, paint_then_autostart_on, r);
  return G_SOURCE_REMOVE;
}

static gboolean
window_gone (gpointer data)
{
  RestartCtx *r = data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (r->app)); l; l = l->next)
    if (VIGIL_IS_WINDOW (l->data))
      return FALSE;
  return TRUE;
}

/* The window gone: an application that was to end would have left its main
 * loop at the end of that iteration (nothing held it), before any idle of
 * the next one runs. */
static gboolean
alive_check (gpointer data)
{
  g_idle_add_full (G_PRIORITY_LOW, closed_and_alive, data, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
keep_monitoring_and_close (gpointer data)
{
  RestartCtx *r = data;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  /* "Keep monitoring when closed", then the window closed. */
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  gtk_window_destroy (GTK_WINDOW (r->window)); /* (r->window is not used again) */
  ui_test_when ("the window gone", window_gone, alive_check, r);
  return G_SOURCE_REMOVE;
}

static gboolean
autostart_row_shown (gpointer data)
{
  RestartCtx *r = data;

  return preferences_window (r) != NULL
         && find_row_switch (GTK_WIDGET (preferences_window (r)), "Start at Login") != NULL;
}

static gboolean
strong_read (gpointer data)
{
  RestartCtx *r = data;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  shot ("vigil-ui-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_settings_set_boolean (settings, "strong-highlights", FALSE);
  /* Preferences → Start at Login, on and off again. */
  g_action_group_activate_action (G_ACTION_GROUP (r->app), "preferences", NULL);
  ui_test_when ("the preferences' Start at Login", autostart_row_shown, switch_autostart, r);
  return G_SOURCE_REMOVE;
}

/* The page restyled with strong highlights (the setting reaches it through
 * the article view). */
static gboolean
strong_shown (gpointer data)
{
  RestartCtx *r = data;
  g_autofree char *page = ui_page_eval (
      &r->eval, vigil_article_view_get_web_view (vigil_window_get_article_view (r->window)),
      "document.body.classList.contains('vigil-strong') + ' ' + "
      "getComputedStyle(document.querySelector('mark.vigil-ent-person, "
      "mark.vigil-ent-location')).borderBottomStyle");

  if (page == NULL || !g_str_has_prefix (page, "true "))
    return FALSE;
  r->strong_page = g_steal_pointer (&page);
  return TRUE;
}

static gboolean
dark_shot (gpointer data)
{
  RestartCtx *r = data;
  VigilArticle *shown = vigil_article_view_get_article (vigil_window_get_article_view (r->window));

  r->dark_article = shown != NULL;
  ui_test_after_frames (GTK_WIDGET (r->window), 3, strong_read, r);
  return G_SOURCE_REMOVE;
}

static gboolean
wide_again (gpointer data)
{
  RestartCtx *r = data;

  r->wide_again = panes (r);
  r->list_width = gtk_paned_get_position (GTK_PANED (
      gtk_widget_get_template_child (GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "inner_paned")));
  /* Dark style, for the metainfo's dark screenshot: the page follows; and
   * strong highlights (Preferences). */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_boolean (settings, "strong-highlights", TRUE);
  }
  ui_test_when ("strong highlights on the page", strong_shown, dark_shot, r);
  return G_SOURCE_REMOVE;
}

static gboolean
window_wide (gpointer data)
{
  RestartCtx *r = data;

  return gtk_widget_get_width (GTK_WIDGET (r->window)) > 800;
}

static gboolean
paint_then_wide_again (gpointer data)
{
  RestartCtx *r = data;

  ui_test_after_frames (GTK_WIDGET (r->window), 3, wide_again, r);
  return G_SOURCE_REMOVE;
}

/* Half a 1600 px screen: the list (or the sources) beside the article. */
static gboolean
half_width (gpointer data)
{
  RestartCtx *r = data;

  r->half_width = gtk_widget_get_width (GTK_WIDGET (r->window));
  r->half_sources = panes (r);
  shot ("vigil-ui-half.png");
  gtk_window_set_default_size (GTK_WINDOW (r->window), 1200, 760);
  ui_test_when ("the window at 1200 px", window_wide, paint_then_wide_again, r);
  return G_SOURCE_REMOVE;
}

static gboolean
window_half (gpointer data)
{
  RestartCtx *r = data;
  int width = gtk_widget_get_width (GTK_WIDGET (r->window));

  return !vigil_window_is_narrow (r->window) && width > 360 && width <= 800;
}

static gboolean
paint_then_half_width (gpointer data)
{
  RestartCtx *r = data;

  ui_test_after_frames (GTK_WIDGET (r->window), 3, half_width, r);
  return G_SOURCE_REMOVE;
}

static gboolean
narrow_sources (gpointer data)
{
  RestartCtx *r = data;

  shot ("vigil-ui-narrow-sources.png");
  r->narrow_width = gtk_widget_get_width (GTK_WIDGET (r->window));
  /* The sources alone take the width; Refresh and Add are at hand. */
  r->narrow_sources_buttons
      = g_strdup_printf ("%d%d%d", visible_child (r, "refresh_button"),
                         visible_child (r, "add_button"), visible_child (r, "inner_paned"));
  r->narrow_sidebar_width = gtk_widget_get_width (GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "sidebar_pane")));
  gtk_window_set_default_size (GTK_WINDOW (r->window), 800, 760);
  ui_test_when ("the window at 800 px, no longer narrow", window_half, paint_then_half_width, r);
  return G_SOURCE_REMOVE;
}

static gboolean
narrow_back (gpointer data)
{
  RestartCtx *r = data;

  gtk_widget_activate_action (GTK_WIDGET (r->window), "win.back", NULL); /* to the list */
  r->narrow_back = panes (r);
  gtk_widget_activate_action (GTK_WIDGET (r->window), "win.back", NULL); /* to the sources */
  r->narrow_sources = panes (r);
  ui_test_after_frames (GTK_WIDGET (r->window), 3, narrow_sources, r);
  return G_SOURCE_REMOVE;
}

static gboolean
narrow_article (gpointer data)
{
  RestartCtx *r = data;

  r->narrow_article = panes (r);
  shot ("vigil-ui-narrow-article.png");
  ui_test_next (narrow_back, r);
  return G_SOURCE_REMOVE;
}

static gboolean
article_page_shown (gpointer data)
{
  RestartCtx *r = data;

  return visible_child (r, "detail_stack") && !visible_child (r, "list_pane")
         && !webkit_web_view_is_loading (
             vigil_article_view_get_web_view (vigil_window_get_article_view (r->window)));
}

static gboolean
paint_then_narrow_article (gpointer data)
{
  RestartCtx *r = data;

  ui_test_after_frames (GTK_WIDGET (r->window), 3, narrow_article, r);
  return G_SOURCE_REMOVE;
}

static gboolean
narrow_list (gpointer data)
{
  RestartCtx *r = data;

  r->narrow = vigil_window_is_narrow (r->window);
  r->narrow_list = panes (r);
  shot ("vigil-ui-narrow.png");
  gtk_widget_activate_action (GTK_WIDGET (r->window), "win.next-article", NULL); /* j */
  ui_test_when ("the article's page, alone", article_page_shown, paint_then_narrow_article, r);
  return G_SOURCE_REMOVE;
}

/* The window of the second start, shown on the view it was left on. */
static gboolean
restarted (gpointer data)
{
  RestartCtx *r = data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (r->app)); l; l = l->next)
    if (VIGIL_IS_WINDOW (l->data))
      r->window = l->data;
  return r->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (r->window))
         && gtk_list_box_get_selected_row (GTK_LIST_BOX (gtk_widget_get_template_child (
                GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "sources_list")))
                != NULL;
}

static gboolean
window_narrow (gpointer data)
{
  RestartCtx *r = data;

  return vigil_window_is_narrow (r->window);
}

static gboolean
paint_then_narrow_list (gpointer data)
{
  RestartCtx *r = data;

  ui_test_after_frames (GTK_WIDGET (r->window), 3, narrow_list, r);
  return G_SOURCE_REMOVE;
}

static gboolean
restart_tick (gpointer data)
{
  RestartCtx *r = data;

  if (r->window != NULL)
    {
      r->subtitle = g_strdup (
          adw_window_title_get_subtitle (ADW_WINDOW_TITLE (gtk_widget_get_template_child (
              GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "window_title"))));
      r->sidebar = gtk_paned_get_position (GTK_PANED (gtk_widget_get_template_child (
          GTK_WIDGET (r->window), VIGIL_TYPE_WINDOW, "outer_paned")));
      shot ("vigil-ui-restarted.png");
      /* Phone width next, with a phone's title buttons (Phosh: close only). */
      g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
      gtk_window_set_default_size (GTK_WINDOW (r->window), 360, 720);
      ui_test_when ("the phone layout", window_narrow, paint_then_narrow_list, r);
      return G_SOURCE_REMOVE;
    }
  g_application_quit (G_APPLICATION (r->app));
  return G_SOURCE_REMOVE;
}

static gboolean
paint_then_restart_tick (gpointer data)
{
  RestartCtx *r = data;

  ui_test_after_frames (GTK_WIDGET (r->window), 3, restart_tick, r);
  return G_SOURCE_REMOVE;
}

static void
on_restart_activate (GApplication *app, RestartCtx *r)
{
  if (r->ticks++ == 0)
    ui_test_when ("the window of the second start", restarted, paint_then_restart_tick, r);
}

static void
test_state_restored (void)
{
  RestartCtx r = { 0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  const char *argv[] = { "vigil", NULL };

  r.app = vigil_application_new ();
  g_signal_connect_after (r.app, "activate", G_CALLBACK (on_restart_activate), &r);
  g_assert_cmpint (g_application_run (G_APPLICATION (r.app), 1, (char **) argv), ==, 0);
  g_assert_nonnull (r.window);
  g_assert_cmpint (g_settings_get_int64 (settings, "selected-view"), ==, VIGIL_VIEW_HIGH);
  g_assert_cmpstr (r.subtitle, ==, "High Risk");
  g_assert_cmpint (r.sidebar, ==, 300);
  g_free (r.subtitle);
  /* Phone width: one pane at a time, back to the list and the sources, then
   * three panes again at full width. */
  g_test_message ("narrow (%d px): list %s, article %s, back %s, sources %s, wide %s",
                  r.narrow_width, r.narrow_list, r.narrow_article, r.narrow_back, r.narrow_sources,
                  r.wide_again);
  g_assert_true (r.narrow);
  g_assert_cmpint (r.narrow_width, <=, 360);
  g_assert_cmpstr (r.narrow_list, ==, "0101");
  g_assert_cmpstr (r.narrow_article, ==, "0011");
  g_assert_cmpstr (r.narrow_back, ==, "0101");
  g_assert_cmpstr (r.narrow_sources, ==, "1000");
  g_test_message ("narrow sources: refresh, add, panes beside %s; sidebar %d px of %d",
                  r.narrow_sources_buttons, r.narrow_sidebar_width, r.narrow_width);
  g_assert_cmpstr (r.narrow_sources_buttons, ==, "110");
  g_assert_cmpint (r.narrow_sidebar_width, >=, r.narrow_width - 20);
  g_free (r.narrow_sources_buttons);
  /* 800 px: two panes, the sources (as the phone layout left them) or the
   * list beside the article; back shows the sources again. */
  g_test_message ("half (%d px): sources %s", r.half_width, r.half_sources);
  g_assert_cmpint (r.half_width, <=, 800);
  g_assert_cmpstr (r.half_sources, ==, "1010");
  g_assert_cmpstr (r.wide_again, ==, "1110");
  g_assert_true (r.dark_article);
  g_test_message ("strong highlights: %s", r.strong_page);
  g_assert_true (g_str_has_prefix (r.strong_page, "true "));
  g_assert_true (g_str_has_suffix (r.strong_page, "dotted")
                 || g_str_has_suffix (r.strong_page, "double"));
  g_free (r.strong_page);
  g_test_message ("autostart Exec=%s", r.autostart_exec);
  g_assert_nonnull (r.autostart_exec);
  g_assert_true (g_str_has_suffix (r.autostart_exec, "/test-ui --background"));
  g_assert_true (r.autostart_removed);
  g_free (r.autostart_exec);
  g_assert_true (r.alive_after_close);
  g_assert_cmpint (r.list_width, ==, g_settings_get_int (settings, "list-width")); /* as before */
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, 300);       /* kept */
  g_free (r.narrow_list);
  g_free (r.narrow_article);
  g_free (r.narrow_back);
  g_free (r.narrow_sources);
  g_free (r.wide_again);
  g_free (r.half_sources);
  g_object_unref (r.app);
}

/* A damaged database: Vigil says so, and on the desk's word keeps it aside
 * (untouched) and starts fresh with the demo sources. */
typedef struct
{
  VigilApplication *app;
  guint ticks;
  gboolean offered;
  gboolean window_after;
} DamagedCtx;

/* The application's window of type, shown, or NULL. */
static GtkWidget *
shown_window (GApplication *app, GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
damaged_window_shown (gpointer data)
{
  DamagedCtx *d = data;

  return shown_window (G_APPLICATION (d->app), VIGIL_TYPE_WINDOW) != NULL;
}

static gboolean
damaged_dialog_shown (gpointer data)
{
  DamagedCtx *d = data;

  return shown_window (G_APPLICATION (d->app), ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
damaged_window (gpointer data)
{
  DamagedCtx *d = data;

  d->window_after = TRUE;
  shot ("vigil-ui-fresh-start.png");
  g_application_quit (G_APPLICATION (d->app));
  return G_SOURCE_REMOVE;
}

static gboolean
paint_then_damaged_window (gpointer data)
{
  DamagedCtx *d = data;

  ui_test_after_frames (shown_window (G_APPLICATION (d->app), VIGIL_TYPE_WINDOW), 3, damaged_window,
                        d);
  return G_SOURCE_REMOVE;
}

static gboolean
damaged_tick (gpointer data)
{
  DamagedCtx *d = data;
  AdwMessageDialog *dialog
      = ADW_MESSAGE_DIALOG (shown_window (G_APPLICATION (d->app), ADW_TYPE_MESSAGE_DIALOG));

  d->offered = adw_message_dialog_has_response (dialog, "move");
  shot ("vigil-ui-damaged.png");
  adw_message_dialog_response (dialog, "move");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_when ("the window of the fresh start", damaged_window_shown, paint_then_damaged_window,
                d);
  return G_SOURCE_REMOVE;
}

static gboolean
paint_then_damaged_tick (gpointer data)
{
  DamagedCtx *d = data;

  ui_test_after_frames (shown_window (G_APPLICATION (d->app), ADW_TYPE_MESSAGE_DIALOG), 3,
                        damaged_tick, d);
  return G_SOURCE_REMOVE;
}

static void
on_damaged_activate (GApplication *app, DamagedCtx *d)
{
  if (d->ticks++ == 0)
    ui_test_when ("the damaged database's dialog", damaged_dialog_shown, paint_then_damaged_tick,
                  d);
}

static void
test_damaged_database (void)
{
  DamagedCtx d = { 0 };
  g_autofree char *path = vigil_store_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  const char *argv[] = { "vigil", NULL };
  const char *garbage = "not a database: the desk's articles were here";
  guint kept = 0;

  g_mkdir_with_parents (dir, 0700);
  g_remove (path);
  {
    /* As a cleanly closed database leaves it: no write-ahead log beside it. */
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  d.app = vigil_application_new ();
  g_signal_connect_after (d.app, "activate", G_CALLBACK (on_damaged_activate), &d);
  g_assert_cmpint (g_application_run (G_APPLICATION (d.app), 1, (char **) argv), ==, 0);
  g_assert_true (d.offered);
  g_assert_true (d.window_after);
  {
    g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (listing)) != NULL)
      if (g_str_has_prefix (name, "vigil.db.damaged-") && !g_str_has_suffix (name, "-wal")
          && !g_str_has_suffix (name, "-shm"))
        {
          g_autofree char *kept_path = g_build_filename (dir, name, NULL);
          g_autofree char *contents = NULL;
          g_assert_true (g_file_get_contents (kept_path, &contents, NULL, NULL));
          g_assert_cmpstr (contents, ==, garbage);
          kept++;
        }
  }
  g_assert_cmpuint (kept, ==, 1);
  g_object_unref (d.app);
}

/* A rules file with a line Vigil cannot read (issue 13): the other rules are
 * there, the Alert Rules window names the line, and switching a rule off
 * saves beside the file, never over it. A name starting with '#' survives. */
typedef struct
{
  VigilApplication *app;
  guint ticks;
  gboolean problems_shown;
  char *problem_titles; /* the problem rows' titles, "|"-joined */
  char *problems_description;
  gboolean hostage_listed;
  gboolean switched;
  GtkWidget *rules_window;
} ProblemsCtx;

static void
collect_rows (GtkWidget *widget, GString *titles)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_string_append_printf (titles, "%s%s", titles->len ? "|" : "",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, titles);
}

static GtkSwitch *
find_switch (GtkWidget *widget, const char *rule)
{
  if (GTK_IS_SWITCH (widget)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "rule-name"), rule) == 0)
    return GTK_SWITCH (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSwitch *found = find_switch (child, rule);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
problems_quit (gpointer data)
{
  ProblemsCtx *p = data;

  shot ("vigil-ui-rules-problems.png");
  g_application_quit (G_APPLICATION (p->app));
  return G_SOURCE_REMOVE;
}

static gboolean
paint_then_problems_quit (gpointer data)
{
  ProblemsCtx *p = data;

  ui_test_after_frames (p->rules_window, 3, problems_quit, p);
  return G_SOURCE_REMOVE;
}

/* The switch's change saved beside the rules file (rules-2.tsv). */
static gboolean
saved_beside (gpointer data)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "vigil", "rules-2.tsv", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
problems_tick (gpointer data)
{
  ProblemsCtx *p = data;
  VigilRulesWindow *rules = NULL;
  GtkWidget *group;
  GtkSwitch *toggle;
  g_autoptr (GString) titles = g_string_new (NULL);

  g_action_group_activate_action (G_ACTION_GROUP (p->app), "rules", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (p->app)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      rules = l->data;
  g_assert_nonnull (rules);
  group = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (rules), VIGIL_TYPE_RULES_WINDOW,
                                                       "problems_group");
  p->problems_shown = gtk_widget_get_visible (group);
  collect_rows (group, titles);
  p->problem_titles = g_strdup (titles->str);
  p->problems_description
      = g_strdup (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)));
  toggle = find_switch (GTK_WIDGET (rules), "#1 Hostage watch");
  p->hostage_listed = toggle != NULL;
  if (toggle)
    {
      gtk_switch_set_active (toggle, FALSE);
      p->switched = TRUE;
    }
  p->rules_window = GTK_WIDGET (rules);
  ui_test_when ("the rules saved beside rules.tsv", saved_beside, paint_then_problems_quit, p);
  return G_SOURCE_REMOVE;
}

static gboolean
active_window_shown (gpointer data)
{
  ProblemsCtx *p = data;

  return gtk_application_get_active_window (GTK_APPLICATION (p->app)) != NULL;
}

static void
on_problems_activate (GApplication *app, ProblemsCtx *p)
{
  if (p->ticks++ == 0)
    ui_test_when ("the window", active_window_shown, problems_tick, p);
}

static void
test_rules_file_problems (void)
{
  ProblemsCtx p = { 0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "vigil", "rules.tsv", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *beside = g_build_filename (dir, "rules-2.tsv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  const char *argv[] = { "vigil", NULL };
  const char *text = "\"#1 Hostage watch\"\thigh\thostage*\n"
                     "Convoys\turgent\tconvoy*\n"
                     "Posted\tcritical\tkidnap*\twebhook=https://hooks.test/a\tcolour=red\n";

  /* Offline and quiet, as when it runs alone. */
  g_settings_set_boolean (settings, "default-sources", FALSE);
  g_settings_set_boolean (settings, "notifications", FALSE);
  g_mkdir_with_parents (dir, 0700);
  g_remove (beside);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  p.app = vigil_application_new ();
  g_signal_connect_after (p.app, "activate", G_CALLBACK (on_problems_activate), &p);
  g_assert_cmpint (g_application_run (G_APPLICATION (p.app), 1, (char **) argv), ==, 0);
  g_test_message ("problems: %s — %s", p.problem_titles, p.problems_description);
  g_assert_true (p.problems_shown);
  g_assert_cmpstr (p.problem_titles, ==, "Line 2 skipped|Line 3 read in part");
  g_assert_nonnull (strstr (p.problems_description, "rules-2.tsv"));
  g_assert_true (p.hostage_listed);
  g_assert_true (p.switched);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  g_assert_true (g_file_get_contents (beside, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"#1 Hostage watch\"\thigh\thostage*\tenabled=no\n"));
  g_assert_nonnull (strstr (saved, "Posted\tcritical\tkidnap*\twebhook=https://hooks.test/a"));
  g_free (p.problem_titles);
  g_free (p.problems_description);
  g_object_unref (p.app);
}

/* The text a row shows in its subtitle label, as drawn (markup that does not
 * parse leaves the label empty). */
static const char *
shown_subtitle (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      const char *text;
      if (GTK_IS_LABEL (c) && gtk_widget_has_css_class (c, "subtitle"))
        return gtk_label_get_text (GTK_LABEL (c));
      if ((text = shown_subtitle (c)) != NULL)
        return text;
    }
  return NULL;
}

/* Edit Source showed an empty address for URLs with "&": the row's subtitle
 * was read as Pango markup (and an OPML or a redirect could format it). */
static void
test_edit_source_address (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-ui-edit-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  const char *urls[]
      = { "https://example.org/feed?a=1&b=2", "https://example.org/<b>bold</b>?x=&amp;" };

  adw_init ();
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr (VigilSource) source = vigil_source_new ();
      VigilEditSourceDialog *dialog;
      GtkWidget *row;

      source->id = 1;
      source->url = g_strdup (urls[i]);
      source->title = g_strdup ("Amp & <i>feed</i>");
      dialog = vigil_edit_source_dialog_new (NULL, store, source, 15);
      gtk_window_present (GTK_WINDOW (dialog));
      row = GTK_WIDGET (gtk_widget_get_template_child (
          GTK_WIDGET (dialog), VIGIL_TYPE_EDIT_SOURCE_DIALOG, "address_row"));
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, urls[i]);
      g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
      g_assert_cmpstr (shown_subtitle (row), ==, urls[i]);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

/* A PNG of 8 + 25 + 20 + 12 bytes declaring width × height pixels: valid
 * signature, IHDR and IEND, and an IDAT holding an empty deflate stream. */
static guint32
png_crc (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

static void
png_chunk (GByteArray *png, const char *type, const guint8 *data, guint32 len)
{
  guint32 be = GUINT32_TO_BE (len);
  g_autoptr (GByteArray) crc_input = g_byte_array_new ();
  guint32 crc;

  g_byte_array_append (png, (const guint8 *) &be, 4);
  g_byte_array_append (crc_input, (const guint8 *) type, 4);
  g_byte_array_append (crc_input, data, len);
  g_byte_array_append (png, crc_input->data, crc_input->len);
  crc = GUINT32_TO_BE (png_crc (crc_input->data, crc_input->len));
  g_byte_array_append (png, (const guint8 *) &crc, 4);
}

static GBytes *
png_declaring (guint32 width, guint32 height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 empty_zlib[] = { 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  guint32 w = GUINT32_TO_BE (width), h = GUINT32_TO_BE (height);

  memcpy (ihdr, &w, 4);
  memcpy (ihdr + 4, &h, 4);
  ihdr[8] = 8; /* bit depth */
  ihdr[9] = 6; /* RGBA */
  g_byte_array_append (png, signature, sizeof signature);
  png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  png_chunk (png, "IDAT", empty_zlib, sizeof empty_zlib);
  png_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

typedef struct
{
  guint hits;
  guint done;
  GError *errors[2];
  const char *origin;
} HugeIcon;

static void
serve_huge_favicon (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                    gpointer data)
{
  HugeIcon *h = data;
  g_autoptr (GBytes) png = png_declaring (40000, 40000);

  h->hits++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/x-icon", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static void
huge_icon_done (GObject *object, GAsyncResult *result, gpointer data)
{
  HugeIcon *h = data;
  g_autofree char *path = vigil_favicon_fetch_finish (result, &h->errors[h->done]);

  g_assert_null (path);
  /* (the window reads which origin a result is for from the task) */
  g_assert_cmpstr (g_object_get_data (G_OBJECT (result), "origin"), ==, h->origin);
  h->done++;
}

static long
max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* A 65-byte PNG declaring 40000×40000 as /favicon.ico was decoded in full
 * (6.4 GB, 33 s), and twice when two windows asked at once. */
static void
test_favicon_huge (void)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (VigilFetcher) fetcher = vigil_fetcher_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = png_declaring (40000, 40000);
  g_autofree char *origin = NULL;
  g_autofree char *icon = NULL;
  HugeIcon h = { 0 };
  GSList *uris;
  long rss_before = max_rss_kib ();
  gint64 start = g_get_monotonic_time ();

  g_test_message ("the PNG is %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (png));
  soup_server_add_handler (server, "/favicon.ico", serve_huge_favicon, &h, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  origin = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  h.origin = origin;

  vigil_fetcher_set_host_spacing (fetcher, 0);
  vigil_favicon_fetch_async (fetcher, origin, NULL, huge_icon_done, &h);
  vigil_favicon_fetch_async (fetcher, origin, NULL, huge_icon_done, &h);
  while (h.done < 2)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("refused in %.2f s, peak memory grew by %ld KiB: %s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  max_rss_kib () - rss_before, h.errors[0]->message);

  g_assert_cmpuint (h.hits, ==, 1); /* one request for both */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_error (h.errors[i], G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (h.errors[i]->message, "40000×40000"));
      g_clear_error (&h.errors[i]);
    }
  g_assert_cmpint (max_rss_kib () - rss_before, <, 100 * 1024);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  /* The failure is remembered; no icon was stored. */
  icon = vigil_favicon_path (origin);
  g_assert_false (g_file_test (icon, G_FILE_TEST_EXISTS));
  g_assert_true (vigil_favicon_known (origin));
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/embassy-article-highlighted", test_embassy_article_highlighted);
  g_test_add_func ("/ui/state-restored", test_state_restored);
  g_test_add_func ("/ui/damaged-database", test_damaged_database);
  g_test_add_func ("/ui/edit-source-address", test_edit_source_address);
  g_test_add_func ("/ui/favicon-huge", test_favicon_huge);
  g_test_add_func ("/ui/rules-file-problems", test_rules_file_problems);
  return g_test_run ();
}
