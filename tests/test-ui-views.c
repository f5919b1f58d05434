/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's views under Xvfb, on the demo sources: the filter bar (a risk
 * category, a time range nothing falls in, Clear Filters), the Today overview
 * and its categories, a story's other reports and "Not the Same Story", the
 * rule editor (a broken query, a dry run, saving) and the rules' views in the
 * sidebar. Screenshots go to the build directory. */
#include "config.h"

#include "vigil-alert-engine.h"
#include "vigil-application.h"
#include "vigil-article-row.h"
#include "vigil-filter-bar.h"
#include "vigil-overview.h"
#include "vigil-rule-editor.h"
#include "vigil-rules-window.h"
#include "vigil-test-utils.h"
#include "vigil-window.h"

#include "ui-test-common.h"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  GtkWindow *editor;
  char *bad_query_message;
  gboolean bad_query_saveable;
  int matches;
  char *rules_file;
  guint rules_after;
  /* The editor over the main window in the rules' place, the rules back after */
  gboolean editor_over_window, rules_hidden_editing, rules_back_after;
  GtkWindow *rules;
  /* "Edit Rule" from notifications: the rule each editor showed, how many
   * editors were open, whether a question was asked */
  char *notify_first, *notify_second, *notify_kept, *notify_after, *notify_from_rules;
  guint notify_editors, notify_editors_after, notify_editors_rules;
  gboolean notify_asked, notify_rules_hidden, notify_rules_back;
  guint filter_all, filter_category, filter_expected, filter_countries;
  guint filter_unread, filter_unread_expected, filter_unread_read;
  char *filter_page_empty; /* the list stack's page with no article passing */
  char *filter_page_cleared;
  guint filter_cleared;
  guint today_categories, today_countries, today_entities;
  gboolean today_shown;
  guint today_filtered, today_expected;
  char *today_category;
  guint story_others;
  guint rule_rows, rule_view_listed, rule_view_expected;
  char *rule_view_subtitle;
  char *empty_view_page, *empty_view_title;
  guint new_rule_listed, new_rule_expected;
  GtkWidget *story_row;
  gint64 story_target, story_target_cluster, story_shown, story_shown_cluster;
  /* "Not the Same Story" in that popover: the row's report alone after it */
  GtkWidget *separate_button;
  gint64 separate_target, separate_size_before, separate_size_after, separate_rest_after;
} Ctx;

/* Steps named before they are defined. */
static gboolean story_listed (gpointer data);
static gboolean click_story (gpointer data);
static gboolean open_rules (gpointer data);
static gboolean dry_run_answered (gpointer data);
static gboolean save_rule_and_quit (gpointer data);
static gboolean rule_view (gpointer data);

/* A drop-down of the filter bar (a widget of the window's). */
static gpointer
filter_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (ui_test_window_child (ctx->window, "filter_bar"),
                                        VIGIL_TYPE_FILTER_BAR, name);
}

/* The rule editor: a broken query is pointed out and cannot be saved; a good
 * one shows the stored articles it matches; saving writes the rules file and
 * puts the rule in force. */
static gpointer
editor_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (ctx->editor), VIGIL_TYPE_RULE_EDITOR, name);
}

static guint
count_rows (gpointer list)
{
  guint n = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c);
  return n;
}

static gboolean
is_story_row (GtkWidget *widget, gconstpointer unused)
{
  return VIGIL_IS_ARTICLE_ROW (widget)
         && vigil_article_row_get_story_button (VIGIL_ARTICLE_ROW (widget)) != NULL;
}

static GtkWidget *
find_story_row (GtkWidget *widget)
{
  return ui_test_find_widget (widget, is_story_row, NULL);
}

/* The popover's list: the box whose children are the buttons. */
static gboolean
is_box_of_buttons (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_BOX (widget) && GTK_IS_BUTTON (gtk_widget_get_first_child (widget));
}

static GtkWidget *
find_box_of_buttons (GtkWidget *widget)
{
  return ui_test_find_widget (widget, is_box_of_buttons, NULL);
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
  return ui_test_next (open_rules, ctx);
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
      return ui_test_when ("the report separated from its story", story_split, story_separated,
                           ctx);
    }
  return ui_test_next (open_rules, ctx);
}

/* A story's "2 reports": its popover lists the other outlet, which opens. */
static gboolean
open_story (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *row = find_story_row (ui_test_window_child (ctx->window, "article_list"));

  g_assert_nonnull (row);
  gtk_menu_button_popup (
      GTK_MENU_BUTTON (vigil_article_row_get_story_button (VIGIL_ARTICLE_ROW (row))));
  ctx->story_row = row;
  return ui_test_when_painted ("the story's popover", story_listed, (gpointer *) &ctx->window,
                               click_story, ctx);
}

/* The popover of the story's button on the row of ctx->story_row. */
static GtkWidget *
story_popover (Ctx *ctx)
{
  return GTK_WIDGET (gtk_menu_button_get_popover (
      GTK_MENU_BUTTON (vigil_article_row_get_story_button (VIGIL_ARTICLE_ROW (ctx->story_row)))));
}

static gboolean
click_story (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *popover = story_popover (ctx);
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
  return ui_test_when ("the story's other report shown", story_target_shown, story_opened, ctx);
}

/* A row with its story's button, laid out in the list. */
static gboolean
story_row_shown (gpointer data)
{
  Ctx *ctx = data;

  return find_story_row (ui_test_window_child (ctx->window, "article_list")) != NULL;
}

/* The story's popover open, its buttons made. */
static gboolean
story_listed (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *popover = story_popover (ctx);
  GtkWidget *box = find_box_of_buttons (popover);

  return ui_test_is_mapped (popover) && box != NULL && gtk_widget_get_first_child (box) != NULL;
}

/* The Today overview: clicking its first risk category narrows the list to
 * the day's articles in that category. */
static gboolean
today_clicked (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GtkWidget *overview = ui_test_window_child (ctx->window, "overview");
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
  ui_test_select_view (ctx->window, VIGIL_VIEW_ALL);
  return ui_test_when ("a row of a story of several reports", story_row_shown, open_story, ctx);
}

static void
today_updated (GtkWidget *overview, Ctx *ctx)
{
  ctx->today_shown = g_strcmp0 (gtk_stack_get_visible_child_name (
                                    ui_test_window_child (ctx->window, "detail_stack")),
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

  g_signal_connect (ui_test_window_child (ctx->window, "overview"), "updated",
                    G_CALLBACK (today_updated), ctx);
  ui_test_select_view (ctx->window, VIGIL_VIEW_TODAY);
  return G_SOURCE_REMOVE;
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
  ctx->filter_page_cleared = g_strdup (
      gtk_stack_get_visible_child_name (ui_test_window_child (ctx->window, "list_stack")));
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.toggle-filters", NULL);
  return ui_test_next (show_today, ctx);
}

static gboolean
filter_check (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-filter.png");
  ctx->filter_countries
      = g_list_model_get_n_items (gtk_drop_down_get_model (filter_child (ctx, "country_filter")));
  gtk_drop_down_set_selected (filter_child (ctx, "time_filter"), 1); /* last hour */
  ctx->filter_page_empty = g_strdup (
      gtk_stack_get_visible_child_name (ui_test_window_child (ctx->window, "list_stack")));
  return ui_test_after_frames (GTK_WIDGET (ctx->window), 3, filter_cleared, ctx);
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
filter_list (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GListModel *visible;
  guint category = 0;
  VigilArticleFilter filter = { .category = "indirect-fire" };

  gtk_search_bar_set_search_mode (ui_test_window_child (ctx->window, "search_bar"), FALSE);
  visible = vigil_window_get_visible_articles (ctx->window);
  ctx->filter_all = g_list_model_get_n_items (visible);
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.toggle-filters", NULL);
  for (guint i = 0; vigil_risk_category_nth (i); i++)
    if (g_str_equal (vigil_risk_category_nth (i), "indirect-fire"))
      category = i + 1;
  gtk_drop_down_set_selected (filter_child (ctx, "category_filter"), category);
  ctx->filter_category = g_list_model_get_n_items (visible);
  ctx->filter_expected = vigil_store_count_articles_filtered (store, 0, &filter);
  {
    /* Unread only, with the category: what the store counts, all unread. */
    GtkCheckButton *unread = GTK_CHECK_BUTTON (filter_child (ctx, "unread_filter"));
    VigilArticleFilter unread_filter = { .category = "indirect-fire", .unread_only = TRUE };
    g_autoptr (VigilArticle) first = g_list_model_get_item (visible, 0);
    g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr (GArray) marked = NULL;
    /* One of them read first (as the store would mark it). */
    g_array_append_val (ids, first->id);
    marked = vigil_store_mark_view_read (store, 0, NULL, (const gint64 *) ids->data, 1, NULL);
    gtk_check_button_set_active (unread, TRUE);
    ctx->filter_unread = g_list_model_get_n_items (visible);
    ctx->filter_unread_expected = vigil_store_count_articles_filtered (store, 0, &unread_filter);
    for (guint i = 0; i < ctx->filter_unread; i++)
      {
        g_autoptr (VigilArticle) a = g_list_model_get_item (visible, i);
        ctx->filter_unread_read += a->read || a->id == first->id;
      }
    gtk_check_button_set_active (unread, FALSE);
    if (marked != NULL)
      vigil_store_mark_unread (store, marked, NULL);
  }
  return ui_test_when_painted ("the countries of the filter bar", countries_read,
                               (gpointer *) &ctx->window, filter_check, ctx);
}

/* The rule editors open, and the rule the last one is on. */
static guint
editors (Ctx *ctx, char **name)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_RULE_EDITOR (l->data) && gtk_widget_get_visible (l->data))
      {
        n++;
        g_free (*name);
        *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (
            GTK_WIDGET (l->data), VIGIL_TYPE_RULE_EDITOR, "name_row"))));
      }
  return n;
}

static GtkWindow *
rules_window (Ctx *ctx)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* "Edit Rule" in notifications, one after another: one editor, on the rule
 * asked for last; asked first when the open one has changes; followed by the
 * rules window when it is opened over it. */
static void
edit_from_notifications (Ctx *ctx)
{
  GActionGroup *app = G_ACTION_GROUP (ctx->app);
  g_autofree char *dropped = NULL;
  GtkWindow *rules;

  g_action_group_activate_action (app, "show-rule", g_variant_new_string ("Kidnapping"));
  editors (ctx, &ctx->notify_first);
  g_action_group_activate_action (app, "show-rule", g_variant_new_string ("Indirect fire"));
  ctx->notify_editors = editors (ctx, &ctx->notify_second);
  /* A change in it, then another rule asked for: kept while asked. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_RULE_EDITOR (l->data))
      gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                                 GTK_WIDGET (l->data), VIGIL_TYPE_RULE_EDITOR, "query_row")),
                             "rocket OR mortar OR shelling");
  g_action_group_activate_action (app, "show-rule", g_variant_new_string ("Kidnapping"));
  editors (ctx, &ctx->notify_kept);
  {
    g_autoptr (GList) toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        {
          ctx->notify_asked = TRUE;
          adw_message_dialog_response (l->data, "discard");
        }
  }
  ctx->notify_editors_after = editors (ctx, &ctx->notify_after);
  /* The rules opened over it, another rule chosen there: the same one editor,
   * the rules hidden while it is open and back once it is closed. */
  g_action_group_activate_action (app, "rules", NULL);
  rules = rules_window (ctx);
  g_assert_nonnull (rules);
  vigil_rules_window_edit (VIGIL_RULES_WINDOW (rules), "Indirect fire");
  ctx->notify_editors_rules = editors (ctx, &ctx->notify_from_rules);
  ctx->notify_rules_hidden = !gtk_widget_get_visible (GTK_WIDGET (rules));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_RULE_EDITOR (l->data))
      {
        gtk_window_destroy (l->data);
        break;
      }
  ctx->notify_rules_back
      = editors (ctx, &dropped) == 0 && gtk_widget_get_visible (GTK_WIDGET (rules));
}

static gboolean
open_rules (gpointer data)
{
  Ctx *ctx = data;
  VigilRulesWindow *rules = NULL;

  edit_from_notifications (ctx);
  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "rules", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_RULES_WINDOW (l->data))
      rules = l->data;
  g_assert_nonnull (rules);
  ctx->editor = vigil_rules_window_edit (rules, NULL);
  g_object_add_weak_pointer (G_OBJECT (ctx->editor), (gpointer *) &ctx->editor);
  ctx->rules = GTK_WINDOW (rules);
  g_object_add_weak_pointer (G_OBJECT (rules), (gpointer *) &ctx->rules);
  ctx->editor_over_window = gtk_window_get_transient_for (ctx->editor) == GTK_WINDOW (ctx->window);
  ctx->rules_hidden_editing = !gtk_widget_get_visible (GTK_WIDGET (rules));
  gtk_editable_set_text (editor_child (ctx, "name_row"), "Embassy staff");
  gtk_editable_set_text (editor_child (ctx, "query_row"), "embassy AND (diplomats OR");
  ctx->bad_query_message = g_strdup (gtk_label_get_text (editor_child (ctx, "query_message")));
  ctx->bad_query_saveable = gtk_widget_get_sensitive (editor_child (ctx, "save_button"));
  gtk_editable_set_text (editor_child (ctx, "query_row"), "embassy AND (diplomats OR staff)");
  /* The dry run answered, then the editor painted with its count. */
  return ui_test_when_shot ("the rule editor's dry run", dry_run_answered,
                            (gpointer *) &ctx->editor, "vigil-ui-rule-editor.png",
                            save_rule_and_quit, ctx);
}

static gboolean
dry_run_answered (gpointer data)
{
  Ctx *ctx = data;

  ctx->matches = vigil_rule_editor_get_match_count (VIGIL_RULE_EDITOR (ctx->editor));
  return ctx->matches >= 0;
}

/* The sidebar, read again after the rules changed, has the new rule's view,
 * counting the stored articles it matches (found in a worker thread once the
 * rule was saved). */
static gboolean
rule_listed (gpointer data)
{
  Ctx *ctx = data;
  GtkListBoxRow *row = ui_test_sidebar_rule_row (ctx->window, "Embassy staff");

  return row != NULL && vigil_sidebar_item_get_unread (sidebar_item (row)) > 0;
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
  /* Saved and closed: the rules in its place again, listing the new rule. */
  ctx->rules_back_after = ctx->editor == NULL && ctx->rules != NULL
                          && gtk_widget_get_visible (GTK_WIDGET (ctx->rules));
  return ui_test_when ("the new rule's view in the sidebar", rule_listed, rule_view, ctx);
}

/* Each rule in force is a view in the sidebar: its matches. */
static gboolean
rule_view (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  GtkWidget *sidebar = ui_test_window_child (ctx->window, "sources_list");
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
  ctx->rule_view_subtitle = g_strdup (
      adw_window_title_get_subtitle (ui_test_window_child (ctx->window, "window_title")));
  /* The rule saved a moment ago lists the stored articles it matches (the
   * demo's embassy stories), not only what it alerts on from now. */
  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (sidebar_rule (row), "Embassy staff") == 0)
      gtk_list_box_select_row (GTK_LIST_BOX (sidebar), GTK_LIST_BOX_ROW (row));
  {
    VigilArticleFilter embassy = { .rule = "Embassy staff" };
    ctx->new_rule_listed
        = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
    ctx->new_rule_expected
        = vigil_store_count_articles_filtered (store, VIGIL_VIEW_ALERTS, &embassy);
  }
  ctx->empty_view_page = g_strdup (
      gtk_stack_get_visible_child_name (ui_test_window_child (ctx->window, "list_stack")));
  ctx->empty_view_title
      = g_strdup (adw_status_page_get_title (ui_test_window_child (ctx->window, "empty_page")));
  return ui_test_quit (ctx->app);
}

static void
test_views (void)
{
  Ctx ctx = { 0 };

  ui_test_run_demo_listed (&ctx.app, &ctx.window, filter_list, &ctx);

  /* The filter bar. */
  g_test_message ("filter: %u of %u indirect fire (store: %u), %u countries listed",
                  ctx.filter_category, ctx.filter_all, ctx.filter_expected, ctx.filter_countries);
  g_assert_cmpuint (ctx.filter_category, >=, 1);
  g_assert_cmpuint (ctx.filter_category, <, ctx.filter_all);
  g_assert_cmpuint (ctx.filter_category, ==, ctx.filter_expected);
  g_test_message ("unread only: %u listed (store %u), %u of them read", ctx.filter_unread,
                  ctx.filter_unread_expected, ctx.filter_unread_read);
  g_assert_cmpuint (ctx.filter_unread, ==, ctx.filter_category - 1);
  g_assert_cmpuint (ctx.filter_unread, ==, ctx.filter_unread_expected);
  g_assert_cmpuint (ctx.filter_unread_read, ==, 0);
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

  /* "Edit Rule" from notifications: one editor, on the rule asked for. */
  g_test_message ("from notifications: %s, %s (%u open), kept %s (asked %d), %s (%u open); "
                  "from the rules %s (%u open, rules hidden %d, back %d)",
                  ctx.notify_first, ctx.notify_second, ctx.notify_editors, ctx.notify_kept,
                  ctx.notify_asked, ctx.notify_after, ctx.notify_editors_after,
                  ctx.notify_from_rules, ctx.notify_editors_rules, ctx.notify_rules_hidden,
                  ctx.notify_rules_back);
  g_assert_cmpstr (ctx.notify_first, ==, "Kidnapping");
  g_assert_cmpstr (ctx.notify_second, ==, "Indirect fire");
  g_assert_cmpuint (ctx.notify_editors, ==, 1);
  g_assert_cmpstr (ctx.notify_kept, ==, "Indirect fire");
  g_assert_true (ctx.notify_asked);
  g_assert_cmpstr (ctx.notify_after, ==, "Kidnapping");
  g_assert_cmpuint (ctx.notify_editors_after, ==, 1);
  g_assert_cmpstr (ctx.notify_from_rules, ==, "Indirect fire");
  g_assert_cmpuint (ctx.notify_editors_rules, ==, 1);
  g_assert_true (ctx.notify_rules_hidden);
  g_assert_true (ctx.notify_rules_back);
  g_free (ctx.notify_first);
  g_free (ctx.notify_second);
  g_free (ctx.notify_kept);
  g_free (ctx.notify_after);
  g_free (ctx.notify_from_rules);
  /* The rule editor. */
  g_test_message ("bad query: %s", ctx.bad_query_message);
  g_assert_nonnull (strstr (ctx.bad_query_message, "at position 26"));
  g_assert_false (ctx.bad_query_saveable);
  g_assert_cmpint (ctx.matches, >=, 1); /* the embassy drawdown demo article */
  g_assert_nonnull (ctx.rules_file);
  g_assert_nonnull (
      strstr (ctx.rules_file, "Embassy staff\thigh\tembassy AND (diplomats OR staff)"));
  g_assert_cmpuint (ctx.rules_after, ==, 6); /* the five shipped ones and this one */
  /* One dialog deep: the editor over the main window, not over the rules. */
  g_assert_true (ctx.editor_over_window);
  g_assert_true (ctx.rules_hidden_editing);
  g_assert_true (ctx.rules_back_after);
  g_free (ctx.bad_query_message);
  g_free (ctx.rules_file);
  g_test_message ("rule views: %u; %s lists %u (store %u)", ctx.rule_rows, ctx.rule_view_subtitle,
                  ctx.rule_view_listed, ctx.rule_view_expected);
  g_assert_cmpuint (ctx.rule_rows, ==, 6);
  g_assert_cmpstr (ctx.rule_view_subtitle, ==, "Kidnapping");
  g_assert_cmpuint (ctx.rule_view_listed, >=, 1);
  g_assert_cmpuint (ctx.rule_view_listed, ==, ctx.rule_view_expected);
  g_free (ctx.rule_view_subtitle);
  g_test_message ("the new rule lists %u (store %u)", ctx.new_rule_listed, ctx.new_rule_expected);
  g_assert_cmpstr (ctx.empty_view_page, ==, "list");
  g_assert_cmpuint (ctx.new_rule_listed, >=, 1);
  g_assert_cmpuint (ctx.new_rule_listed, ==, ctx.new_rule_expected);
  g_free (ctx.empty_view_page);
  g_free (ctx.empty_view_title);

  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-views-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/views/filters-today-stories-rules", test_views);
  return g_test_run ();
}
