/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-search-common.h: what the window tests on the demo sources driven step
 * by step share (test-ui-search, test-ui-unread): the steps and the context,
 * the window's parts, the store's answers, the waits. */
#pragma once

#include "vigil-application.h"
#include "vigil-article-list.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"
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
  /* The chip's search ended: the article shown, whether the view lists it,
   * the row selected then. */
  gint64 end_shown, end_selected;
  gboolean end_listed;
  /* Second pass, the view selected while WORD is searched: the results stay,
   * and when the search ends the list is this view's own. */
  gboolean kept_is_results;
  guint kept_shown, kept_expected;
  gboolean kept_list_is_view;
  guint kept_listed, kept_listed_expected;
} ViewResult;

static inline void
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

/* The steps of both programs' drive(); each meets only its own. */
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
  /* test-ui-unread: Mark All as Read on a search's results, then Undo */
  STEP_SEARCH_MARK,
  STEP_SEARCH_SHOWN,
  STEP_SEARCH_MARKED,
  STEP_SEARCH_UNDONE,
  /* test-ui-unread: All Articles scrolled to its end, a row there selected,
   * then the Unread view: it opens at its top */
  STEP_SCROLL_ALL,
  STEP_SCROLLED_ALL,
  STEP_UNREAD_OPENED,
  /* test-ui-unread: the Alerts view shown */
  STEP_SHOW_ALERTS,
  STEP_ALERTS_SHOWN,
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
  GSourceFunc drive; /* the program's steps, every 100 ms */
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
  UiPageEval chip_eval; /* a chip clicked in the page */
  char *chip_name;      /* its answer: the entity, "" for no chip */
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
  /* win.mark-view-read on WORD's results: how many were shown, how many of
   * them were unread before, how many the rows say are unread after it and
   * after Undo (the results are the search's own articles) */
  double scrolled_all, unread_scrolled; /* the list's scroll, in pixels */
  double unread_room;                   /* how far the Unread view could scroll */
  char *bogus_said, *bogus_tooltip;     /* a query with an unknown category */
  gboolean refind_selects;              /* Ctrl+F on a search shown selects its text */
  gboolean valid_tooltip;               /* a valid query's search box has one */
  guint search_shown, search_unread_before, search_unread_after, search_unread_undone;
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

static inline gpointer
window_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, name);
}

static inline VigilStore *
store_of (Ctx *ctx)
{
  return vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
}

/* What the store's search finds for what the entry holds (trimmed, as the
 * window searches it). */
static inline guint
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

static inline void
go (Ctx *ctx, Step step)
{
  ctx->step = step;
  ctx->ticks = 0;
}

static inline void
on_load_changed (WebKitWebView *view, WebKitLoadEvent event, Ctx *ctx)
{
  if (event == WEBKIT_LOAD_FINISHED)
    ctx->loaded = TRUE;
}

/* The sidebar's nth row that is a view (folder headings are not). */
static inline GtkListBoxRow *
nth_view_row (Ctx *ctx, guint n)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (window_child (ctx, "sources_list"), i));
       i++)
    if (sidebar_view (row) != G_MININT64 && n-- == 0)
      return row;
  return NULL;
}

/* Whether the list shown is the view's own (its source and rule), how many
 * articles it has and how many the store counts for the view. */
static inline gboolean
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

static inline const char *
list_page (Ctx *ctx)
{
  return gtk_stack_get_visible_child_name (window_child (ctx, "list_stack"));
}

/* Results are shown: no search is running (in its thread), the list is not
 * the view's, and the stack says so. */
static inline gboolean
showing_results (Ctx *ctx)
{
  const char *page = list_page (ctx);

  return !vigil_window_is_searching (ctx->window)
         && vigil_window_get_visible_articles (ctx->window)
                != vigil_window_get_articles (ctx->window)
         && (g_strcmp0 (page, "list") == 0 || g_strcmp0 (page, "no-results") == 0);
}

static inline void
end_search (Ctx *ctx)
{
  gtk_search_bar_set_search_mode (window_child (ctx, "search_bar"), FALSE);
}

static inline gboolean
list_is_back (Ctx *ctx)
{
  return vigil_window_get_visible_articles (ctx->window) == vigil_window_get_articles (ctx->window);
}

static inline gboolean
waited_too_long (Ctx *ctx)
{
  if (++ctx->ticks <= WAIT_TICKS)
    return FALSE;
  ctx->timed_out = TRUE;
  g_free (ctx->timed_out_in);
  ctx->timed_out_in = g_strdup_printf ("step %d, row %u", ctx->step, ctx->row);
  return TRUE;
}

/* The article selected in the list shown. */
static inline gint64
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

/* Unread articles of a view, as the store counts them. */
static inline gint64
unread_in (Ctx *ctx, gint64 view)
{
  g_autoptr (GPtrArray) all = vigil_store_list_articles (store_of (ctx), view, NULL);
  gint64 n = 0;

  for (guint i = 0; all && i < all->len; i++)
    n += !((VigilArticle *) g_ptr_array_index (all, i))->read;
  return n;
}

/* The window with the demo articles read in and indexed (the store finds
 * WORD): its views counted, the article view's loads followed, then @next.
 * G_SOURCE_REMOVE when it never came (the test failed, the application quits). */
static inline gboolean
wait_window (Ctx *ctx, Step next)
{
  ctx->window = ui_test_find_window (ctx->app);
  if (++ctx->ticks > 600)
    {
      g_test_fail_printf ("the demo articles did not appear in the window");
      g_application_quit (G_APPLICATION (ctx->app));
      return G_SOURCE_REMOVE;
    }
  /* The demo sources read in and indexed: the store finds the word. */
  if (ctx->window == NULL || g_list_model_get_n_items (vigil_window_get_articles (ctx->window)) < 14
      || store_hits (ctx, WORD) < 2)
    return G_SOURCE_CONTINUE;
  while (nth_view_row (ctx, ctx->n_rows))
    ctx->n_rows++;
  ctx->web_view = vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window));
  g_signal_connect (ctx->web_view, "load-changed", G_CALLBACK (on_load_changed), ctx);
  go (ctx, next);
  return G_SOURCE_CONTINUE;
}

/* After the application's own activate: @ctx's drive every 100 ms. */
static inline void
on_activate (GApplication *app, Ctx *ctx)
{
  if (ctx->step == STEP_WAIT_WINDOW && ctx->ticks == 0 && ctx->window == NULL)
    g_timeout_add (100, ctx->drive, ctx);
}

/* The application on the demo sources only, driven by @drive once active. */
static inline void
start_app (Ctx *ctx, GSourceFunc drive)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  /* Only the offline demo sources: a test never reaches the network. */
  g_settings_set_boolean (settings, "default-sources", FALSE);
  g_settings_set_boolean (settings, "notifications", FALSE);
  ctx->results = g_ptr_array_new_with_free_func ((GDestroyNotify) view_result_free);
  ctx->drive = drive;
  ctx->app = vigil_application_new ();
  g_signal_connect_after (ctx->app, "activate", G_CALLBACK (on_activate), ctx);
}
