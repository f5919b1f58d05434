/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-private.h: the window's instance struct, shared by its files
 * (vigil-window.c, -actions.c, -alerts.c, -panes.c, -sidebar.c, -list.c, -rows.c, -search.c,
 * -problem.c, -sources.c), and what the tests may read of a window. */
#pragma once

#include <time.h>

#include "vigil-window.h"

#include "vigil-alert-bar.h"
#include "vigil-article-list.h"
#include "vigil-filter-bar.h"
#include "vigil-overview.h"
#include "vigil-refresh-bar.h"
#include "vigil-sidebar-model.h"

G_BEGIN_DECLS

struct _VigilWindow
{
  AdwApplicationWindow parent_instance;

  GHashTable *failing;         /* gint64 ids of the sources in error the desk was told of */
  GHashTable *sync_failing;    /* gint64 ids of the sync accounts whose failure was said */
  guint sync_failures_said;    /* toasts of those (see below) */
  guint refresh_failures_said; /* "N sources could not be refreshed" toasts */

  /* From the template. */
  GtkButton *refresh_button;
  VigilRefreshBar *progress;
  AdwWindowTitle *window_title;
  AdwToastOverlay *toast_overlay;
  AdwToast *undo_toast; /* weak: the last dismissed story's, with its Undo */
  GtkListBox *sources_list;
  VigilSidebarModel *sidebar_model; /* what sources_list shows */
  GtkSliceListModel *sidebar_rows;  /* its first rows: the rest made after the first frame */
  guint sidebar_tick;               /* making them, a few rows a frame */
  guint sidebar_step;               /* how many (vigil_frame_step) */
  gint64 sidebar_last_tick;         /* the main thread's CPU time then (µs) */
  gboolean sidebar_first_frame;     /* once the first frame is drawn */
  GtkPaned *outer_paned;
  GtkPaned *inner_paned;
  GtkListView *article_list;
  GtkStack *list_stack;
  VigilArticleView *article_view;
  VigilAlertBar *alert_bar;
  GMenuModel *source_items; /* its items, each given the source's id when shown */
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkToggleButton *search_button;
  GtkStack *detail_stack;    /* "article" or "overview" (the Today view) */
  GtkRevealer *new_revealer; /* "N new articles", over a long list */
  AdwStatusPage *empty_page;
  GtkWidget *empty_button;
  GtkButton *new_button;
  GtkWidget *sidebar_pane;
  GtkWidget *list_pane;
  GtkWidget *back_button;
  GtkWidget *add_button;
  VigilOverview *overview;
  GtkToggleButton *filter_button;
  VigilFilterBar *filter_bar;

  GSettings *settings;
  GListStore *search_results;       /* VigilArticle, while searching */
  gboolean searching;               /* the search box holds a query */
  GCancellable *search_cancellable; /* the current search's, in its thread */
  guint searches_running;           /* searches not finished (cancelled ones too) */
  guint list_kept_from;
  guint favicon_idle;
  gboolean narrow;    /* one pane at a time (phone width) */
  gboolean two_panes; /* the list (or the sources) and the article (half a screen) */
  int narrow_page;    /* which: PAGE_SOURCES, PAGE_LIST, PAGE_ARTICLE */
  guint layout_idle;  /* the mode is changed after an allocation */
  /* The least the list and the article panes take, measured while shown
   * (hidden, a widget measures nothing), and the inner divider's width. */
  int list_min, article_min, divider;
  int list_fit;          /* the list's width, narrowed (0: the kept one fits) */
  gboolean selecting;    /* the selection is being set by the window itself */
  GWeakRef shown_header; /* the list's item the shown article is bound to */
  /* The row whose menu is open: its items act on it, not on the shown one. */
  VigilArticle *menu_article;

  VigilMonitor *monitor;
  VigilStore *store;
  VigilArticleList *articles; /* pages from the store */
  GtkSingleSelection *selection;
  gint64 current_source; /* 0: all */
  char *current_rule;    /* with VIGIL_VIEW_ALERTS: one rule's matches */
  guint reload_source_id;
  gint64 last_reload;         /* monotonic µs */
  gboolean reload_new_only;   /* the reload brings new articles, nothing else */
  gboolean reload_running;    /* the sidebar's counts are being read */
  gboolean reload_again;      /* and another reload was asked for meanwhile */
  gboolean list_wanted;       /* and the article list is to follow it */
  gboolean list_after_growth; /* ... once it has all its rows (grow_tick_id) */
  guint own_reads;            /* the desk's read marks being written (the list shows them) */
  gboolean list_stale;        /* a change left out of the list meanwhile */
  gboolean alert_bar_reading; /* the shown story's alerts, in a worker thread */
  gboolean alert_bar_again;   /* and changed again meanwhile */
  gulong scroll_back_id;      /* on the list's frame clock, after a reload of every row */
  guint grow_tick_id;         /* the list given its rows a few a frame */
  guint grow_step;            /* how many: fewer when the last frame was long */
  gint64 grow_last_tick;      /* the main thread's CPU time then (µs, vigil_frame_step) */
  double scroll_back_to;
  GCancellable *cancellable;
  gboolean reloading_sources;
  char *progress_text;                 /* the refresh bar's tooltip, given when asked for */
  guint progress_done, progress_total; /* the refresh's progress, as last said */
  gint64 progress_shown;               /* when the bar last moved (monotonic µs) */
  guint progress_later;                /* the bar moved to the last progress then */
  /* Sources that brought new articles (gint64 id, guint n pairs), their
   * newest looked up for an automatic full text in a worker, a batch at a time. */
  GArray *full_wanted;
  gboolean full_reading;

  /* A failing source's page (vigil-window-problem.c), made when first shown. */
  GtkWidget *problem_page; /* under the empty page: detail, Retry, Edit, Unsubscribe */
  GtkWidget *problem_page_detail;
  GtkWidget *problem_banner; /* above its articles: a revealer */
  GtkWidget *problem_banner_label;
  GtkWidget *problem_banner_detail;
  GtkWidget *problem_banner_buttons;
};

/* The panes, one at a time in the narrow layout (vigil-window.c). */
enum
{
  PAGE_SOURCES,
  PAGE_LIST,
  PAGE_ARTICLE
};

/* The calling thread's processor time, µs. */
static inline gint64
vigil_thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time ();
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Widgets made a few a frame (the article list's rows, the sidebar's): how
 * many this frame. Timed by the main thread's own processor time from the
 * last call (*last, 0 for none) to this one: the whole last frame, the rows'
 * making, their layout and drawing and whatever else ran between. Its
 * wall-clock length said little: at 60 frames a second it was never under
 * 16.7 ms, so the steps grew to their most whatever a row cost (bench-ui: 25
 * list rows or 48 sidebar rows in a frame of 35-40 ms of processor time at
 * the start of a refresh), and on a busy machine it counts the time other
 * processes had the processor. Halved after a frame over FRAME_LONG_US, half
 * as many again after one under FRAME_QUICK_US, between min and max; first on
 * the first call. */
#define FRAME_LONG_US 10000
#define FRAME_QUICK_US 6000
static inline guint
vigil_frame_step (guint *step, gint64 *last, guint first, guint min, guint max)
{
  gint64 now = vigil_thread_cpu_us ();
  gint64 frame = *last > 0 ? now - *last : 0;

  if (*step == 0)
    *step = first;
  else if (frame > FRAME_LONG_US)
    *step = MAX (*step / 2, min);
  else if (frame > 0 && frame < FRAME_QUICK_US)
    *step = MIN (*step + MAX (*step / 2, 1), max);
  *last = now;
  return *step;
}

/* vigil-window.c */
void vigil_window_focus_out_of_toast (VigilWindow *self);
/* The sources in error in sources; with newly, how many of them were not in
 * error when the desk was last told (the set of those told is updated). */
guint vigil_window_count_failing (VigilWindow *self, GPtrArray *sources, gboolean newly);
void vigil_window_show_page (VigilWindow *self, int page);

/* An asynchronous call made for a window that may close before it is done:
 * the window (weakly), the source, article or ids it is about (id, data,
 * data freed with free), for the callback to take back. */
typedef struct
{
  GWeakRef window;
  gint64 id;
  gpointer data;
  GDestroyNotify free;
} VigilWindowCall;

VigilWindowCall *vigil_window_call_new (VigilWindow *self, gint64 id, gpointer data,
                                        GDestroyNotify free);
/* The window (a new reference), NULL once it closed. */
VigilWindow *vigil_window_call_get_window (VigilWindowCall *call);
void vigil_window_call_free (VigilWindowCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilWindowCall, vigil_window_call_free)

/* vigil-window-alerts.c: the alert bar above the article, Dismiss and Undo. */
void vigil_window_update_alert_bar (VigilWindow *self, VigilArticle *article);
/* The same for the article shown, read off the main thread (after a change). */
void vigil_window_refresh_alert_bar (VigilWindow *self);
void vigil_window_class_add_alert_bar (GtkWidgetClass *widget_class);

/* vigil-window-actions.c: the win.* actions and their keys. */
void vigil_window_class_add_actions (GtkWidgetClass *widget_class);
/* These articles marked read (a folder's), with Undo in a toast, as Mark All as Read. */
void vigil_window_mark_ids_read (VigilWindow *self, GArray *ids);

/* vigil-window-sidebar.c: the views, rules, folders, sources and accounts. */
void vigil_window_reload_sources (VigilWindow *self);
void vigil_window_show_sources (VigilWindow *self, GPtrArray *sources, gint64 unseen,
                                GHashTable *by_rule, GPtrArray *accounts);
void vigil_window_fetch_favicons (VigilWindow *self, GPtrArray *sources);
GPtrArray *vigil_window_rule_names (VigilWindow *self);
void vigil_window_set_view_subtitle (VigilWindow *self, GtkListBoxRow *row, gint64 id);
/* The row of the view shown selected (none when the view is gone). */
void vigil_window_select_current (VigilWindow *self);
void vigil_window_sidebar_init (VigilWindow *self);
/* The source a sidebar row shows (its id), or 0 (a view, a rule, an account). */
gint64 vigil_window_row_source (GtkListBoxRow *row);
void vigil_window_class_add_sidebar (GtkWidgetClass *widget_class);

/* vigil-window-list.c: the article list, its reloads, search. */
void vigil_window_list_init (VigilWindow *self);
void vigil_window_class_add_list (GtkWidgetClass *widget_class);
void vigil_window_reload_articles (VigilWindow *self);
/* self->articles, just made, shown: a screenful at once, the rest a few a frame. */
void vigil_window_show_new_list (VigilWindow *self);
/* The sidebar read again (in a worker thread), then shown; at most once a
 * second while changes pour in. */
void vigil_window_queue_reload (VigilWindow *self);
/* The store's "changed": the sidebar, the article list (its selection and
 * scroll kept) and the alert bar follow what the store says changed,
 * whoever wrote it; a burst of changes is one reload. */
void vigil_window_on_store_changed (VigilStore *store, VigilStoreChange what, gint64 source_id,
                                    VigilWindow *self);
/* A read mark the desk made (the list's article shows it already), written
 * with vigil_store_set_read_async; its callback is vigil_window_marked_read,
 * given a reference to the window. */
void vigil_window_mark_read (VigilWindow *self, VigilArticle *article, gboolean read);
void vigil_window_show_list_or_empty (VigilWindow *self);
/* What the article actions act on: the row whose menu is open, else the
 * selected (shown) article. */
VigilArticle *vigil_window_target_article (VigilWindow *self);
void vigil_window_search_entity (VigilWindow *self, const char *name);
void vigil_window_show_overview_if_today (VigilWindow *self);

/* vigil-window-panes.c: F6 and Tab between the panes, arrows in the sidebar. */
void vigil_window_panes_init (VigilWindow *self);

/* vigil-window-sources.c: a source's menu, its edit and delete dialogs, syncs. */
void vigil_window_show_source_menu (VigilWindow *self, GtkListBoxRow *row, double x, double y);
/* A "closed" handler: the popover, made for one row, goes once its item ran. */
void vigil_window_unparent_when_closed (GtkPopover *popover, gpointer data);
void vigil_window_class_add_source_actions (GtkWidgetClass *widget_class);

/* vigil-window-problem.c: a failing source said on its page and in Details. */
/* Why source failed in the desk's words; *detail (may be NULL) is set to the
 * technical text when the words are not it, else NULL. */
char *vigil_window_source_reason (VigilSource *source, char **detail);
/* The view's source, when in error: said on the empty page (no articles)
 * or in a banner above its articles, with Retry, Edit and Unsubscribe. */
void vigil_window_show_source_problem (VigilWindow *self, guint n_articles);
/* These sources refreshed (a synced one: its account synced), one toast
 * when done if some failed, in the desk's words. */
void vigil_window_refresh_sources (VigilWindow *self, const gint64 *ids, gsize n);
/* The refresh toast's Details: each failing source, why, Retry, Unsubscribe. */
void vigil_window_show_errors (VigilWindow *self);

/* For the tests: how many toasts said a sync account's failure (once per
 * failing spell of an account, not at every retry). */
guint vigil_window_get_sync_failures_said (VigilWindow *self);
/* How many "N sources could not be refreshed" toasts were shown (one when
 * sources newly fail, none while the same ones keep failing). */
guint vigil_window_get_refresh_failures_said (VigilWindow *self);

G_END_DECLS
