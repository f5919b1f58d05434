/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search answers in every view (issue 15). The real window under Xvfb with the
 * demo sources: each row of the sidebar is selected in turn (All, Alerts, the
 * smart views, each alert rule's view, each source); in each, a word of the
 * demo articles is searched, and an entity chip of an article is clicked (which
 * searches for the entity). What the list then shows is counted against the
 * store's own search (vigil_store_search, the limit the window uses), so the
 * test knows no figure of the demo data. A second pass selects each view while
 * a search is on: the results stay, and ending the search shows that view's
 * own articles. An article opened while searching (app.open-article, a
 * notification's action) is selected among the results when they hold it;
 * otherwise the search ends and the article is selected in a view. A
 * throttled rule's summary (app.show-rule-matches) shows that rule's view, or
 * the Alerts view for a rule deleted since.
 * Screenshots of results after a view change (a word in Unread, an entity in
 * Alerts) are saved in the build directory. */
#include "config.h"

#include "vigil-application.h"
#include "vigil-article-list.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "vigil-test-utils.h"

#define WORD "Baghdad"   /* in several demo articles, of several sources */
#define SEARCH_LIMIT 200 /* what the window asks the store for */
#define WAIT_TICKS 60    /* of 100 ms */

typedef struct
{
  char *title; /* the sidebar row's */
  gint64 view;
  char *rule;
  /* First pass, the view selected with no search on: the list is the
   * view's own. */
  gboolean list_is_view;
  guint listed, listed_expected;
  /* WORD searched in this view. */
  char *word_page; /* the list stack's page */
  guint word_shown, word_expected;
  /* An entity chip clicked. */
  char *chip_name;
  char *chip_query; /* the search entry's text then */
  char *chip_page;
  guint chip_shown, chip_expected;
  /* Second pass, the view selected while WORD is searched: the results stay,
   * and when the search ends the list is this view's own. */
  gboolean kept_is_results;
  guint kept_shown, kept_expected;
  gboolean kept_list_is_view;
  guint kept_listed, kept_listed_expected;
} ViewResult;

static void
view_result_free (ViewResult *r)
{
  g_free (r->title);
  g_free (r->rule);
  g_free (r->word_page);
  g_free (r->chip_name);
  g_free (r->chip_query);
  g_free (r->chip_page);
  g_free (r);
}

typedef enum
{
  STEP_WAIT_WINDOW,
  /* first pass: each view selected with no search on */
  STEP_SELECT_VIEW,
  STEP_WORD_SHOWN,
  STEP_END_WORD,
  STEP_SHOW_ARTICLE,
  STEP_ARTICLE_LOADED,
  STEP_CHIP_CLICKED,
  STEP_END_CHIP,
  /* second pass: each view selected while searching */
  STEP_KEPT_SEARCH,
  STEP_KEPT_END,
  /* an article opened (a notification's action) while searching */
  STEP_OPEN_FOUND,
  STEP_OPEN_OTHER,
  /* a throttled rule's summary clicked while searching: the rule's view */
  STEP_MATCHES_SEARCH,
  STEP_MATCHES_SHOWN,
  STEP_GONE_RULE_SHOWN,
  /* Mark All as Read on the Alerts view, then Undo in its toast */
  STEP_MARKED_READ,
  STEP_UNDONE,
  /* n: the next unread article */
  STEP_NEXT_UNREAD,
  /* Space in the article: a screen further, at the end the next unread */
  STEP_SPACE,
  /* n in a source with nothing unread left: the next unread of another
   * source (the Unread view) */
  STEP_ACROSS,
  STEP_ACROSS_N,
  STEP_DONE,
} Step;

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  WebKitWebView *web_view;
  Step step;
  guint ticks;      /* in this step */
  guint row;        /* the sidebar row being tried */
  guint n_rows;     /* views in the sidebar at the start */
  guint candidate;  /* the article of the view whose chips are tried */
  gint64 shown_id;  /* the article asked for */
  gboolean loaded;  /* the article view finished loading it */
  gboolean js_busy; /* a chip click is being evaluated */
  char *chip_name;  /* its answer: the entity, "" for no chip */
  gboolean answered;
  GPtrArray *results; /* ViewResult */
  guint shots;
  guint settle; /* ticks left before a screenshot: the results painted */
  gboolean timed_out;
  char *timed_out_in;
  /* app.open-article while WORD is searched: an article among the results is
   * selected there and the search stays; another ends the search. */
  gint64 found_id, found_shown, found_selected;
  gboolean found_kept_search;
  gint64 other_id, other_shown, other_selected;
  gboolean other_ended_search;
  /* app.show-rule-matches (a throttle summary's action) for a rule, then
   * for a rule deleted since. */
  char *matches_rule;
  gboolean matches_is_view, gone_is_alerts;
  /* win.mark-view-read on the Alerts view: its unread articles before, after,
   * and after Undo; the unread articles elsewhere stay as they were. */
  gint64 alerts_unread_before, alerts_unread_after, alerts_unread_undone;
  gint64 other_unread_before, other_unread_after;
  char *undo_toast_text;        /* the toast's text once Undo was clicked */
  gboolean undo_focus_in_toast; /* the focus still in the toast after Undo */
  /* win.next-unread twice: two different unread articles selected */
  gint64 next_unread[2];
  gint64 space_before, space_after;
  gboolean space_after_was_unread;
  guint spaces;
  GArray *unread_before_space;
  gboolean next_unread_read[2];
  /* n in a source with nothing unread: the view it went to, the source and
   * read state of the article it selected */
  gint64 across_source, across_view, across_next_source;
  gboolean across_next_unread;
  guint matches_listed, matches_expected, gone_listed, gone_expected;
  /* Word forms and -word: shown and expected, and what plain words found. */
  guint forms_shown, forms_expected, forms_plain, minus_shown, minus_expected, word_all;
  guint field_shown, field_expected;   /* a query with no words to narrow by */
  guint second_shown, second_expected; /* WORD typed while another search ran */
  gboolean second_is_word;
} Ctx;

static gpointer
window_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, name);
}

static VigilStore *
store_of (Ctx *ctx)
{
  return vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
}

static ViewResult *
current (Ctx *ctx)
{
  return g_ptr_array_index (ctx->results, ctx->results->len - 1);
}

/* What the store's search finds for what the entry holds (trimmed, as the
 * window searches it). */
static guint
store_hits (Ctx *ctx, const char *text)
{
  g_autofree char *query = g_strstrip (g_strdup (text));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = NULL;

  /* The search box speaks the rules' language: it finds what a rule's dry
   * run over every stored article finds (another way to the answer: no
   * ranking, no full-text prefilter of the hits). */
  hits = vigil_alert_dry_run (
      store_of (ctx), vigil_monitor_get_gazetteer (vigil_application_get_monitor (ctx->app)), query,
      36500, NULL, NULL, &error);
  g_assert_no_error (error);
  return hits ? MIN (hits->len, SEARCH_LIMIT) : 0;
}

static const char *
entry_text (Ctx *ctx)
{
  return gtk_editable_get_text (GTK_EDITABLE (window_child (ctx, "search_entry")));
}

static const char *
list_page (Ctx *ctx)
{
  return gtk_stack_get_visible_child_name (window_child (ctx, "list_stack"));
}

/* Results are shown: no search is running (in its thread), the list is not
 * the view's, and the stack says so. */
static gboolean
showing_results (Ctx *ctx)
{
  const char *page = list_page (ctx);

  return !vigil_window_is_searching (ctx->window)
         && vigil_window_get_visible_articles (ctx->window)
                != vigil_window_get_articles (ctx->window)
         && (g_strcmp0 (page, "list") == 0 || g_strcmp0 (page, "no-results") == 0);
}

static guint
shown (Ctx *ctx)
{
  GListModel *visible = vigil_window_get_visible_articles (ctx->window);

  return visible ? g_list_model_get_n_items (visible) : 0;
}

static gboolean
search_ended (gpointer ctx)
{
  return !vigil_window_is_searching (((Ctx *) ctx)->window);
}

/* Text typed in the box, searched now (not after the entry's typing delay). */
static void
type_search (Ctx *ctx, const char *text)
{
  vigil_window_search (ctx->window, text);
  g_signal_emit_by_name (window_child (ctx, "search_entry"), "search-changed");
}

/* A search typed in the box: how many the list shows once the search (in
 * its thread) ended, and the oracle's count. */
static void
search_count (Ctx *ctx, const char *text, guint *shown_out, guint *expected_out)
{
  type_search (ctx, text);
  g_assert_true (vigil_test_wait_until (search_ended, ctx, VIGIL_TEST_WAIT_SECONDS));
  *shown_out = shown (ctx);
  *expected_out = store_hits (ctx, text);
}

static void
end_search (Ctx *ctx)
{
  gtk_search_bar_set_search_mode (window_child (ctx, "search_bar"), FALSE);
}

static void
go (Ctx *ctx, Step step)
{
  ctx->step = step;
  ctx->ticks = 0;
}

static const char *chip_click = "(function () {"
                                "  var chip = document.querySelector('#vigil-chips a.chip');"
                                "  if (!chip) return '';"
                                "  var name = decodeURIComponent(chip.getAttribute('href')"
                                "    .substring('vigil:entity/'.length));"
                                "  chip.click();"
                                "  return name;"
                                "})()";

static void
chip_clicked (GObject *obj, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value
      = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (obj), res, &error);

  g_assert_no_error (error);
  g_free (ctx->chip_name);
  ctx->chip_name = jsc_value_to_string (value);
  ctx->js_busy = FALSE;
  ctx->answered = TRUE;
}

static void
on_load_changed (WebKitWebView *view, WebKitLoadEvent event, Ctx *ctx)
{
  if (event == WEBKIT_LOAD_FINISHED)
    ctx->loaded = TRUE;
}

/* The sidebar's nth row that is a view (folder headings are not). */
static GtkListBoxRow *
nth_view_row (Ctx *ctx, guint n)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (window_child (ctx, "sources_list"), i));
       i++)
    if (sidebar_view (row) != G_MININT64 && n-- == 0)
      return row;
  return NULL;
}

static GtkListBoxRow *
sidebar_row (Ctx *ctx)
{
  GtkListBoxRow *row = nth_view_row (ctx, ctx->row);

  g_assert_nonnull (row);
  return row;
}

static void
select_row (Ctx *ctx)
{
  GtkListBoxRow *row = sidebar_row (ctx);

  gtk_list_box_select_row (window_child (ctx, "sources_list"), row);
}

/* The first pass meets the row. */
static void
add_result (Ctx *ctx)
{
  GtkListBoxRow *row = sidebar_row (ctx);
  ViewResult *r = g_new0 (ViewResult, 1);
  VigilSidebarItem *item = sidebar_item (row);

  r->title = g_strdup (item ? vigil_sidebar_item_get_title (item) : "?");
  r->view = sidebar_view (row);
  r->rule = g_strdup (sidebar_rule (row));
  g_ptr_array_add (ctx->results, r);
}

/* Whether the list shown is the view's own (its source and rule), how many
 * articles it has and how many the store counts for the view. */
static gboolean
view_list (Ctx *ctx, ViewResult *r, guint *listed, guint *expected)
{
  GListModel *articles = vigil_window_get_articles (ctx->window);
  VigilArticleFilter filter = { .rule = r->rule };

  *listed = g_list_model_get_n_items (articles);
  *expected = (guint) vigil_store_count_articles_filtered (store_of (ctx), r->view,
                                                           r->rule ? &filter : NULL);
  return vigil_window_get_visible_articles (ctx->window) == articles
         && VIGIL_IS_ARTICLE_LIST (articles)
         && vigil_article_list_get_source_id (VIGIL_ARTICLE_LIST (articles)) == r->view
         && g_strcmp0 (vigil_article_list_get_filter (VIGIL_ARTICLE_LIST (articles))->rule, r->rule)
                == 0;
}

static gboolean
list_is_back (Ctx *ctx)
{
  return vigil_window_get_visible_articles (ctx->window) == vigil_window_get_articles (ctx->window);
}

static void
save_shot (Ctx *ctx, const char *what)
{
  g_autofree char *name = g_strdup_printf ("vigil-ui-search-%s.png", what);

  shot (name);
  ctx->shots++;
}

static gboolean
waited_too_long (Ctx *ctx)
{
  if (++ctx->ticks <= WAIT_TICKS)
    return FALSE;
  ctx->timed_out = TRUE;
  g_free (ctx->timed_out_in);
  ctx->timed_out_in = g_strdup_printf ("step %d, row %u", ctx->step, ctx->row);
  return TRUE;
}

static gint64
shown_id (Ctx *ctx)
{
  VigilArticle *a = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));

  return a ? a->id : 0;
}

/* The article selected in the list shown. */
static gint64
selected_id (Ctx *ctx)
{
  GtkSelectionModel *model
      = gtk_list_view_get_model (GTK_LIST_VIEW (window_child (ctx, "article_list")));
  GListModel *list = G_LIST_MODEL (model);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    if (gtk_selection_model_is_selected (model, i))
      {
        g_autoptr (VigilArticle) a = g_list_model_get_item (list, i);
        return a->id;
      }
  return 0;
}

static gboolean
in_results (Ctx *ctx, gint64 id)
{
  GListModel *visible = vigil_window_get_visible_articles (ctx->window);

  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (visible, i);
      if (a->id == id)
        return TRUE;
    }
  return FALSE;
}

/* The last result that is not shown already. */
static void
open_found (Ctx *ctx)
{
  GListModel *visible = vigil_window_get_visible_articles (ctx->window);

  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (visible, i);
      if (a->id != shown_id (ctx))
        ctx->found_id = a->id;
    }
  g_assert_cmpint (ctx->found_id, >, 0);
  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "open-article",
                                  g_variant_new_int64 (ctx->found_id));
}

/* An article the search did not find, of a source whose view is not the
 * one selected. */
static void
open_other (Ctx *ctx)
{
  g_autoptr (GPtrArray) all = vigil_store_list_articles (store_of (ctx), VIGIL_VIEW_ALL, NULL);
  gint64 view = vigil_article_list_get_source_id (
      VIGIL_ARTICLE_LIST (vigil_window_get_articles (ctx->window)));

  for (guint i = 0; all && i < all->len && ctx->other_id == 0; i++)
    {
      VigilArticle *a = g_ptr_array_index (all, i);
      if (!in_results (ctx, a->id) && a->source_id != view)
        ctx->other_id = a->id;
    }
  g_assert_cmpint (ctx->other_id, >, 0);
  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "open-article",
                                  g_variant_new_int64 (ctx->other_id));
}

/* Unread articles of a view, as the store counts them. */
static gint64
unread_in (Ctx *ctx, gint64 view)
{
  g_autoptr (GPtrArray) all = vigil_store_list_articles (store_of (ctx), view, NULL);
  gint64 n = 0;

  for (guint i = 0; all && i < all->len; i++)
    n += !((VigilArticle *) g_ptr_array_index (all, i))->read;
  return n;
}

static gboolean
drive (gpointer data)
{
  Ctx *ctx = data;
  ViewResult *r = ctx->results->len ? current (ctx) : NULL;

  switch (ctx->step)
    {
    case STEP_WAIT_WINDOW:
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
        if (VIGIL_IS_WINDOW (l->data))
          ctx->window = l->data;
      if (++ctx->ticks > 600)
        {
          g_test_fail_printf ("the demo articles did not appear in the window");
          g_application_quit (G_APPLICATION (ctx->app));
          return G_SOURCE_REMOVE;
        }
      /* The demo sources read in and indexed: the store finds the word. */
      if (ctx->window == NULL
          || g_list_model_get_n_items (vigil_window_get_articles (ctx->window)) < 14
          || store_hits (ctx, WORD) < 2)
        return G_SOURCE_CONTINUE;
      while (nth_view_row (ctx, ctx->n_rows))
        ctx->n_rows++;
      ctx->web_view = vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window));
      g_signal_connect (ctx->web_view, "load-changed", G_CALLBACK (on_load_changed), ctx);
      go (ctx, STEP_SELECT_VIEW);
      return G_SOURCE_CONTINUE;

    case STEP_SELECT_VIEW:
      if (ctx->row >= ctx->n_rows)
        {
          ctx->row = 0;
          vigil_window_search (ctx->window, WORD);
          go (ctx, STEP_KEPT_SEARCH);
          return G_SOURCE_CONTINUE;
        }
      add_result (ctx);
      r = current (ctx);
      select_row (ctx);
      r->list_is_view = view_list (ctx, r, &r->listed, &r->listed_expected);
      vigil_window_search (ctx->window, WORD);
      go (ctx, STEP_WORD_SHOWN);
      return G_SOURCE_CONTINUE;

    case STEP_WORD_SHOWN:
      if (!showing_results (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      if (r->word_page == NULL)
        {
          r->word_page = g_strdup (list_page (ctx));
          r->word_shown = shown (ctx);
          r->word_expected = store_hits (ctx, WORD);
          ctx->settle = r->view == VIGIL_VIEW_UNREAD ? 10 : 0;
        }
      if (ctx->settle > 0 && --ctx->settle > 0)
        return G_SOURCE_CONTINUE;
      if (r->view == VIGIL_VIEW_UNREAD)
        save_shot (ctx, "after-view-change");
      end_search (ctx);
      go (ctx, STEP_END_WORD);
      return G_SOURCE_CONTINUE;

    case STEP_END_WORD:
      if (!list_is_back (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      ctx->candidate = 0;
      go (ctx, STEP_SHOW_ARTICLE);
      return G_SOURCE_CONTINUE;

    case STEP_SHOW_ARTICLE:
      {
        /* An article of this view; an empty view keeps the one shown. */
        GListModel *articles = vigil_window_get_articles (ctx->window);
        VigilArticle *showing
            = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));

        ctx->loaded = TRUE;
        if (ctx->candidate < g_list_model_get_n_items (articles))
          {
            g_autoptr (VigilArticle) a = g_list_model_get_item (articles, ctx->candidate);
            ctx->loaded = showing != NULL && showing->id == a->id;
            g_assert_true (vigil_window_show_article (ctx->window, a->id));
          }
        else
          g_assert_nonnull (showing);
        ctx->answered = FALSE;
        go (ctx, STEP_ARTICLE_LOADED);
        return G_SOURCE_CONTINUE;
      }

    case STEP_ARTICLE_LOADED:
      if (!ctx->loaded && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      if (!ctx->js_busy && !ctx->answered)
        {
          ctx->js_busy = TRUE;
          webkit_web_view_evaluate_javascript (ctx->web_view, chip_click, -1, "vigil-test", NULL,
                                               NULL, chip_clicked, ctx);
        }
      if (!ctx->answered)
        return G_SOURCE_CONTINUE;
      if (*ctx->chip_name == '\0'
          && ++ctx->candidate < g_list_model_get_n_items (vigil_window_get_articles (ctx->window)))
        {
          go (ctx, STEP_SHOW_ARTICLE); /* no chip: the view's next article */
          return G_SOURCE_CONTINUE;
        }
      r->chip_name = g_strdup (ctx->chip_name);
      go (ctx, STEP_CHIP_CLICKED);
      return G_SOURCE_CONTINUE;

    case STEP_CHIP_CLICKED:
      if (*r->chip_name != '\0' && !showing_results (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      if (r->chip_query == NULL)
        {
          r->chip_query = g_strdup (entry_text (ctx));
          r->chip_page = g_strdup (list_page (ctx));
          r->chip_shown = shown (ctx);
          r->chip_expected = store_hits (ctx, r->chip_query);
          ctx->settle = r->view == VIGIL_VIEW_ALERTS && r->rule == NULL ? 10 : 0;
        }
      if (ctx->settle > 0 && --ctx->settle > 0)
        return G_SOURCE_CONTINUE;
      if (r->view == VIGIL_VIEW_ALERTS && r->rule == NULL)
        save_shot (ctx, "entity-after-view-change");
      end_search (ctx);
      go (ctx, STEP_END_CHIP);
      return G_SOURCE_CONTINUE;

    case STEP_END_CHIP:
      if (!list_is_back (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      ctx->row++;
      go (ctx, STEP_SELECT_VIEW);
      return G_SOURCE_CONTINUE;

    case STEP_KEPT_SEARCH:
      if (!showing_results (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      if (ctx->row >= ctx->n_rows)
        {
          open_found (ctx);
          go (ctx, STEP_OPEN_FOUND);
          return G_SOURCE_CONTINUE;
        }
      r = g_ptr_array_index (ctx->results, ctx->row);
      select_row (ctx);
      r->kept_is_results = showing_results (ctx) && g_str_equal (entry_text (ctx), WORD);
      r->kept_shown = shown (ctx);
      r->kept_expected = store_hits (ctx, WORD);
      end_search (ctx);
      go (ctx, STEP_KEPT_END);
      return G_SOURCE_CONTINUE;

    case STEP_KEPT_END:
      if (!list_is_back (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      r = g_ptr_array_index (ctx->results, ctx->row);
      r->kept_list_is_view = view_list (ctx, r, &r->kept_listed, &r->kept_listed_expected);
      ctx->row++;
      vigil_window_search (ctx->window, WORD);
      go (ctx, STEP_KEPT_SEARCH);
      return G_SOURCE_CONTINUE;

    case STEP_OPEN_FOUND:
      /* The article view shows it (its page loads later; the model is read
       * now). */
      ctx->found_shown = shown_id (ctx);
      ctx->found_selected = selected_id (ctx);
      ctx->found_kept_search = showing_results (ctx) && g_str_equal (entry_text (ctx), WORD);
      open_other (ctx);
      go (ctx, STEP_OPEN_OTHER);
      return G_SOURCE_CONTINUE;

    case STEP_OPEN_OTHER:
      ctx->other_shown = shown_id (ctx);
      ctx->other_selected = selected_id (ctx);
      ctx->other_ended_search = list_is_back (ctx) && *entry_text (ctx) == '\0';
      vigil_window_search (ctx->window, WORD);
      go (ctx, STEP_MATCHES_SEARCH);
      return G_SOURCE_CONTINUE;

    case STEP_MATCHES_SEARCH:
      if (!showing_results (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      for (guint i = 0; i < ctx->results->len; i++)
        if (((ViewResult *) g_ptr_array_index (ctx->results, i))->rule != NULL)
          {
            g_free (ctx->matches_rule);
            ctx->matches_rule
                = g_strdup (((ViewResult *) g_ptr_array_index (ctx->results, i))->rule);
          }
      g_assert_nonnull (ctx->matches_rule);
      g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "show-rule-matches",
                                      g_variant_new_string (ctx->matches_rule));
      go (ctx, STEP_MATCHES_SHOWN);
      return G_SOURCE_CONTINUE;

    case STEP_MATCHES_SHOWN:
      if (!list_is_back (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      {
        ViewResult rule_view = { .view = VIGIL_VIEW_ALERTS, .rule = ctx->matches_rule };
        ctx->matches_is_view
            = view_list (ctx, &rule_view, &ctx->matches_listed, &ctx->matches_expected);
      }
      g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "show-rule-matches",
                                      g_variant_new_string ("A rule deleted since"));
      go (ctx, STEP_GONE_RULE_SHOWN);
      return G_SOURCE_CONTINUE;

    case STEP_GONE_RULE_SHOWN:
      {
        ViewResult alerts = { .view = VIGIL_VIEW_ALERTS };
        ctx->gone_is_alerts = view_list (ctx, &alerts, &ctx->gone_listed, &ctx->gone_expected);
      }
      ctx->alerts_unread_before = unread_in (ctx, VIGIL_VIEW_ALERTS);
      ctx->other_unread_before = unread_in (ctx, VIGIL_VIEW_ALL) - ctx->alerts_unread_before;
      gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.mark-view-read", NULL);
      go (ctx, STEP_MARKED_READ);
      return G_SOURCE_CONTINUE;

    case STEP_MARKED_READ:
      {
        GtkWidget *undo = find_button_labelled (window_child (ctx, "toast_overlay"), "_Undo");
        if (undo == NULL && !waited_too_long (ctx))
          return G_SOURCE_CONTINUE;
        ctx->alerts_unread_after = unread_in (ctx, VIGIL_VIEW_ALERTS);
        ctx->other_unread_after = unread_in (ctx, VIGIL_VIEW_ALL) - ctx->alerts_unread_after;
        if (undo != NULL)
          {
            GtkWidget *label = gtk_widget_get_prev_sibling (undo);
            GtkWidget *focus;
            /* Clicked as a pointer or Enter would: with the focus on it. */
            gtk_widget_grab_focus (undo);
            g_signal_emit_by_name (undo, "clicked");
            /* The focus left the toast (a toast with the focus in it stays up
             * and holds back every toast after it). */
            focus = gtk_root_get_focus (GTK_ROOT (ctx->window));
            ctx->undo_focus_in_toast
                = focus != NULL
                  && gtk_widget_get_ancestor (focus, g_type_from_name ("AdwToastWidget")) != NULL;
            /* The toast now says what is so. */
            ctx->undo_toast_text
                = g_strdup (GTK_IS_LABEL (label) ? gtk_label_get_text (GTK_LABEL (label)) : "");
          }
      }
      go (ctx, STEP_UNDONE);
      return G_SOURCE_CONTINUE;

    case STEP_UNDONE:
      if (unread_in (ctx, VIGIL_VIEW_ALERTS) != ctx->alerts_unread_before && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      ctx->alerts_unread_undone = unread_in (ctx, VIGIL_VIEW_ALERTS);
      go (ctx, STEP_NEXT_UNREAD);
      return G_SOURCE_CONTINUE;

    case STEP_NEXT_UNREAD:
      for (guint i = 0; i < 2; i++)
        {
          /* (Opening it marks it read: was it unread just before?) */
          g_autoptr (GPtrArray) unread
              = vigil_store_list_articles (store_of (ctx), VIGIL_VIEW_UNREAD, NULL);
          gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.next-unread", NULL);
          ctx->next_unread[i] = selected_id (ctx);
          ctx->next_unread_read[i] = TRUE;
          for (guint k = 0; unread && k < unread->len; k++)
            if (((VigilArticle *) g_ptr_array_index (unread, k))->id == ctx->next_unread[i])
              ctx->next_unread_read[i] = FALSE;
        }
      {
        g_autoptr (GPtrArray) unread
            = vigil_store_list_articles (store_of (ctx), VIGIL_VIEW_UNREAD, NULL);
        ctx->unread_before_space = g_array_new (FALSE, FALSE, sizeof (gint64));
        for (guint k = 0; unread && k < unread->len; k++)
          g_array_append_val (ctx->unread_before_space,
                              ((VigilArticle *) g_ptr_array_index (unread, k))->id);
      }
      ctx->space_before = selected_id (ctx);
      go (ctx, STEP_SPACE);
      return G_SOURCE_CONTINUE;

    case STEP_SPACE:
      /* Space, as the view takes it from WebKit, once a second (each asks
       * the page where it is) until another article is shown. */
      if (selected_id (ctx) != ctx->space_before || waited_too_long (ctx))
        {
          ctx->space_after = selected_id (ctx);
          for (guint k = 0; k < ctx->unread_before_space->len; k++)
            if (g_array_index (ctx->unread_before_space, gint64, k) == ctx->space_after)
              ctx->space_after_was_unread = TRUE;
          g_array_unref (ctx->unread_before_space);
          go (ctx, STEP_ACROSS);
          return G_SOURCE_CONTINUE;
        }
      if (ctx->ticks % 10 == 1)
        {
          ctx->spaces++;
          gtk_widget_activate_action (GTK_WIDGET (vigil_window_get_article_view (ctx->window)),
                                      "article.page-down", NULL);
        }
      return G_SOURCE_CONTINUE;

    case STEP_ACROSS:
      {
        /* A source with unread articles, all of them read now (as another
         * machine's sync would), shown. */
        g_autoptr (GPtrArray) sources = vigil_store_list_sources (store_of (ctx), NULL);
        for (guint i = 0; sources && i < sources->len && ctx->across_source == 0; i++)
          {
            VigilSource *s = g_ptr_array_index (sources, i);
            if (unread_in (ctx, s->id) > 0
                && unread_in (ctx, VIGIL_VIEW_UNREAD) > unread_in (ctx, s->id))
              ctx->across_source = s->id;
          }
        if (ctx->across_source == 0)
          {
            go (ctx, STEP_DONE);
            return G_SOURCE_CONTINUE;
          }
        g_autoptr (GArray) marked
            = vigil_store_mark_view_read (store_of (ctx), ctx->across_source, NULL, NULL, 0, NULL);
        vigil_window_show_view (ctx->window, ctx->across_source);
        go (ctx, STEP_ACROSS_N);
        return G_SOURCE_CONTINUE;
      }

    case STEP_ACROSS_N:
      {
        /* Once the source's list shows every row read: n. */
        GListModel *list = vigil_window_get_articles (ctx->window);
        gboolean all_read
            = VIGIL_IS_ARTICLE_LIST (list)
              && vigil_article_list_get_source_id (VIGIL_ARTICLE_LIST (list)) == ctx->across_source
              && g_list_model_get_n_items (list) > 0;
        for (guint i = 0; all_read && i < g_list_model_get_n_items (list); i++)
          {
            g_autoptr (VigilArticle) a = g_list_model_get_item (list, i);
            all_read = a->read;
          }
        if (!all_read && !waited_too_long (ctx))
          return G_SOURCE_CONTINUE;
        gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.next-unread", NULL);
        list = vigil_window_get_articles (ctx->window);
        ctx->across_view = VIGIL_IS_ARTICLE_LIST (list)
                               ? vigil_article_list_get_source_id (VIGIL_ARTICLE_LIST (list))
                               : 0;
        {
          g_autoptr (VigilArticle) next
              = vigil_store_get_article (store_of (ctx), selected_id (ctx), NULL);
          ctx->across_next_source = next ? next->source_id : 0;
          ctx->across_next_unread = next && !next->read;
        }
        go (ctx, STEP_DONE);
        return G_SOURCE_CONTINUE;
      }

    case STEP_DONE:
      if (!list_is_back (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      {
        g_autoptr (GPtrArray) plain
            = vigil_store_search (store_of (ctx), "kidnap", SEARCH_LIMIT, NULL);
        guint all_expected;

        ctx->forms_plain = plain ? plain->len : 0;
        search_count (ctx, "kidnap", &ctx->forms_shown, &ctx->forms_expected);
        search_count (ctx, WORD, &ctx->word_all, &all_expected);
        search_count (ctx, WORD " -rocket*", &ctx->minus_shown, &ctx->minus_expected);
        search_count (ctx, "category:kidnapping", &ctx->field_shown, &ctx->field_expected);
        /* Two queries typed before the first one's results: the second's
         * results, whichever search ends first. */
        type_search (ctx, "category:kidnapping");
        search_count (ctx, WORD, &ctx->second_shown, &ctx->second_expected);
        ctx->second_is_word = showing_results (ctx);
        end_search (ctx);
      }
      g_application_quit (G_APPLICATION (ctx->app));
      return G_SOURCE_REMOVE;

    default:
      g_assert_not_reached ();
    }
}

static void
on_activate (GApplication *app, Ctx *ctx)
{
  if (ctx->step == STEP_WAIT_WINDOW && ctx->ticks == 0 && ctx->window == NULL)
    g_timeout_add (100, drive, ctx);
}

static void
test_search_every_view (void)
{
  Ctx ctx = { 0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  const char *argv[] = { "vigil", NULL };
  gboolean smart[6] = { FALSE };
  guint sources = 0, rules = 0;

  /* Only the offline demo sources: a test never reaches the network. */
  g_settings_set_boolean (settings, "default-sources", FALSE);
  g_settings_set_boolean (settings, "notifications", FALSE);
  ctx.results = g_ptr_array_new_with_free_func ((GDestroyNotify) view_result_free);
  ctx.app = vigil_application_new ();
  g_signal_connect_after (ctx.app, "activate", G_CALLBACK (on_activate), &ctx);
  g_assert_cmpint (g_application_run (G_APPLICATION (ctx.app), 1, (char **) argv), ==, 0);

  if (ctx.timed_out)
    g_test_message ("waited too long in %s", ctx.timed_out_in);
  g_assert_false (ctx.timed_out);
  g_assert_cmpuint (ctx.results->len, ==, ctx.n_rows);
  for (guint i = 0; i < ctx.results->len; i++)
    {
      ViewResult *r = g_ptr_array_index (ctx.results, i);

      g_test_message ("%s (%" G_GINT64_FORMAT "%s%s): lists %u (store %u); \"%s\": %u shown on "
                      "page %s (store %u); chip %s: %u shown on page %s (store %u); "
                      "selected while searching: %u shown (store %u), then lists %u (store %u)",
                      r->title, r->view, r->rule ? ", rule " : "", r->rule ? r->rule : "",
                      r->listed, r->listed_expected, WORD, r->word_shown, r->word_page,
                      r->word_expected, r->chip_query, r->chip_shown, r->chip_page,
                      r->chip_expected, r->kept_shown, r->kept_expected, r->kept_listed,
                      r->kept_listed_expected);
      if (r->view > 0)
        sources++;
      else if (r->rule != NULL)
        rules++;
      else
        smart[-r->view] = TRUE;

      /* After the view change, the list is the view's own. */
      g_assert_true (r->list_is_view);
      g_assert_cmpuint (r->listed, ==, r->listed_expected);
      /* The word: what the store finds, whatever the view. */
      g_assert_cmpuint (r->word_expected, >=, 2);
      g_assert_cmpstr (r->word_page, ==, "list");
      g_assert_cmpuint (r->word_shown, ==, r->word_expected);
      /* The chip: a search for the entity as a phrase. */
      g_assert_nonnull (r->chip_name);
      g_assert_cmpstr (r->chip_name, !=, "");
      {
        /* The canonical name, then the article's own wordings of it. */
        g_autofree char *quoted = g_strdup_printf ("\"%s\"", r->chip_name);
        g_assert_true (g_str_has_prefix (r->chip_query, quoted));
      }
      g_assert_cmpuint (r->chip_expected, >=, 1);
      g_assert_cmpstr (r->chip_page, ==, "list");
      g_assert_cmpuint (r->chip_shown, ==, r->chip_expected);
      /* Selected while searching: the results stay; the search ended, the
       * list is the view's own. */
      g_assert_true (r->kept_is_results);
      g_assert_cmpuint (r->kept_shown, ==, r->kept_expected);
      g_assert_true (r->kept_list_is_view);
      g_assert_cmpuint (r->kept_listed, ==, r->kept_listed_expected);
    }
  /* "kidnap" finds "kidnapped" (plain words found nothing); "-rocket*"
   * leaves out what "Baghdad" alone lists. */
  g_test_message ("kidnap: %u shown (expected %u, plain words %u); " WORD ": %u; " WORD
                  " -rocket*: %u shown (expected %u)",
                  ctx.forms_shown, ctx.forms_expected, ctx.forms_plain, ctx.word_all,
                  ctx.minus_shown, ctx.minus_expected);
  g_assert_cmpuint (ctx.forms_plain, ==, 0);
  g_assert_cmpuint (ctx.forms_expected, >=, 1);
  g_assert_cmpuint (ctx.forms_shown, ==, ctx.forms_expected);
  g_assert_cmpuint (ctx.minus_shown, ==, ctx.minus_expected);
  g_assert_cmpuint (ctx.minus_shown, <, ctx.word_all);
  g_test_message ("category:kidnapping: %u shown (expected %u)", ctx.field_shown,
                  ctx.field_expected);
  g_assert_cmpuint (ctx.field_expected, >=, 1);
  g_assert_cmpuint (ctx.field_shown, ==, ctx.field_expected);
  g_test_message ("typed quickly after category:kidnapping: " WORD ": %u shown (expected %u)",
                  ctx.second_shown, ctx.second_expected);
  g_assert_cmpuint (ctx.second_expected, !=, ctx.field_expected);
  g_assert_true (ctx.second_is_word);
  g_assert_cmpuint (ctx.second_shown, ==, ctx.second_expected);
  /* Opened while searching. */
  g_test_message ("opened while searching: found %" G_GINT64_FORMAT " (shown %" G_GINT64_FORMAT
                  ", selected %" G_GINT64_FORMAT ", search kept %d); other %" G_GINT64_FORMAT
                  " (shown %" G_GINT64_FORMAT ", selected %" G_GINT64_FORMAT ", search ended %d)",
                  ctx.found_id, ctx.found_shown, ctx.found_selected, ctx.found_kept_search,
                  ctx.other_id, ctx.other_shown, ctx.other_selected, ctx.other_ended_search);
  g_assert_cmpint (ctx.found_shown, ==, ctx.found_id);
  g_assert_cmpint (ctx.found_selected, ==, ctx.found_id);
  g_assert_true (ctx.found_kept_search);
  g_assert_cmpint (ctx.other_shown, ==, ctx.other_id);
  g_assert_cmpint (ctx.other_selected, ==, ctx.other_id);
  g_assert_true (ctx.other_ended_search);
  /* A throttle summary clicked: the rule's own view, the search ended. */
  g_test_message ("show-rule-matches %s: its view %d, lists %u (store %u); a deleted rule: "
                  "Alerts %d, lists %u (store %u)",
                  ctx.matches_rule, ctx.matches_is_view, ctx.matches_listed, ctx.matches_expected,
                  ctx.gone_is_alerts, ctx.gone_listed, ctx.gone_expected);
  g_assert_true (ctx.matches_is_view);
  g_assert_cmpuint (ctx.matches_expected, >=, 1);
  g_assert_cmpuint (ctx.matches_listed, ==, ctx.matches_expected);
  g_assert_true (ctx.gone_is_alerts);
  g_assert_cmpuint (ctx.gone_listed, ==, ctx.gone_expected);
  /* Mark All as Read on the Alerts view: its articles only, and Undo. */
  g_test_message ("mark all read in Alerts: unread %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT
                  " -> undo %" G_GINT64_FORMAT "; elsewhere %" G_GINT64_FORMAT
                  " -> %" G_GINT64_FORMAT,
                  ctx.alerts_unread_before, ctx.alerts_unread_after, ctx.alerts_unread_undone,
                  ctx.other_unread_before, ctx.other_unread_after);
  g_assert_cmpint (ctx.alerts_unread_before, >=, 1);
  g_assert_cmpint (ctx.alerts_unread_after, ==, 0);
  g_assert_cmpint (ctx.other_unread_after, ==, ctx.other_unread_before);
  g_assert_cmpint (ctx.alerts_unread_undone, ==, ctx.alerts_unread_before);
  g_test_message ("toast after Undo: %s", ctx.undo_toast_text);
  g_assert_nonnull (strstr (ctx.undo_toast_text, "unread again"));
  g_assert_false (ctx.undo_focus_in_toast);
  g_free (ctx.undo_toast_text);
  /* n, twice: two unread articles, one after the other. */
  g_assert_cmpint (ctx.next_unread[0], >, 0);
  g_assert_cmpint (ctx.next_unread[1], >, 0);
  g_assert_cmpint (ctx.next_unread[0], !=, ctx.next_unread[1]);
  g_assert_false (ctx.next_unread_read[0]);
  g_assert_false (ctx.next_unread_read[1]);
  /* n with nothing unread left in a source: the next unread of another. */
  g_test_message ("across: source %" G_GINT64_FORMAT " -> view %" G_GINT64_FORMAT
                  ", article of source %" G_GINT64_FORMAT " (unread %d)",
                  ctx.across_source, ctx.across_view, ctx.across_next_source,
                  ctx.across_next_unread);
  g_assert_cmpint (ctx.across_source, >, 0);
  g_assert_cmpint (ctx.across_view, ==, VIGIL_VIEW_UNREAD);
  g_assert_cmpint (ctx.across_next_source, >, 0);
  g_assert_cmpint (ctx.across_next_source, !=, ctx.across_source);
  g_assert_true (ctx.across_next_unread);
  /* Space at the end of the article: the next unread article. */
  g_test_message ("space: %u presses, %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT " (unread %d)",
                  ctx.spaces, ctx.space_before, ctx.space_after, ctx.space_after_was_unread);
  g_assert_cmpint (ctx.space_after, >, 0);
  g_assert_cmpint (ctx.space_after, !=, ctx.space_before);
  g_assert_true (ctx.space_after_was_unread);
  /* Every kind of view was tried: All, Alerts and the smart views, a rule's
   * view, a source. */
  for (guint i = 0; i < G_N_ELEMENTS (smart); i++)
    g_assert_true (smart[i]);
  g_assert_cmpuint (rules, >=, 1);
  g_assert_cmpuint (sources, >=, 1);
  g_assert_cmpuint (ctx.shots, ==, 2);

  g_ptr_array_unref (ctx.results);
  g_free (ctx.chip_name);
  g_free (ctx.timed_out_in);
  g_free (ctx.matches_rule);
  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-search-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/search-every-view", test_search_every_view);
  return g_test_run ();
}
