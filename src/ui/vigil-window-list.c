/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-list.c — the window's article list: its views, reloads, the
 * store's changes, the selection; its rows and their menu are in
 * vigil-window-rows.c, the search in vigil-window-search.c */
#include "config.h"

#include "vigil-window-list-private.h"

#include <glib/gi18n.h>

/* ---- article list ---- */

static gint64
selected_article_id (VigilWindow *self)
{
  VigilArticle *a = gtk_single_selection_get_selected_item (self->selection);
  return a ? a->id : 0;
}

/* The article the reading pane shows (not the Today view's overview), 0 for
 * none: the row a new list highlights when nothing is selected (a view
 * switched to, a search ended, an Undo that brought the rows back). */
static gint64
shown_article_id (VigilWindow *self)
{
  VigilArticle *shown = vigil_article_view_get_article (self->article_view);

  if (shown == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "article") != 0)
    return 0;
  return shown->id;
}

/* The list's filter: the filter bar's, and the rule of a rule's view. */
static void
set_list_filter (VigilWindow *self)
{
  VigilArticleFilter filter = *vigil_filter_bar_get_filter (self->filter_bar);

  filter.rule = self->current_rule;
  /* the article being read stays listed, read or not */
  filter.keep_id = vigil_article_list_get_filter (self->articles)->keep_id;
  vigil_article_list_set_filter (self->articles, &filter);
}

/* Why a view is empty, in its own words. */
static void
describe_empty_view (VigilWindow *self)
{
  const char *icon = "io.github.vigildesk.Vigil-symbolic";
  const char *title = _ ("No Articles Yet");
  const char *description = _ ("Articles appear here as soon as the sources are refreshed.");
  gboolean no_sources = vigil_store_count_sources (self->store) == 0;

  if (no_sources)
    {
      icon = "list-add-symbolic";
      title = _ ("No Sources");
      description = _ ("Subscribe to news sites or feeds to start monitoring them.");
    }
  else if (self->current_source == VIGIL_VIEW_ALERTS)
    {
      icon = "alarm-symbolic";
      title = _ ("No Alerts");
      description = _ ("Articles that match an alert rule appear here, and you are notified.");
    }
  else if (self->current_source == VIGIL_VIEW_STARRED)
    {
      icon = "starred-symbolic";
      title = _ ("No Starred Articles");
      description = _ ("Press S on an article to keep it here, whatever the retention.");
    }
  else if (self->current_source == VIGIL_VIEW_UNREAD)
    {
      icon = "emblem-ok-symbolic";
      title = _ ("All Caught Up");
      description = _ ("Every article has been read.");
    }
  else if (self->current_source == VIGIL_VIEW_HIGH)
    {
      icon = "security-high-symbolic";
      title = _ ("Nothing Alarming");
      description = _ ("No stored article is of high or critical risk.");
    }
  adw_status_page_set_icon_name (self->empty_page, icon);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_widget_set_visible (self->empty_button, no_sources);
}

/* The list, or why it is empty: nothing stored yet, or filtered away. */
void
vigil_window_show_list_or_empty (VigilWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));

  if (n == 0)
    describe_empty_view (self);
  vigil_window_show_source_problem (self, n); /* a failing source's reason and buttons */
  gtk_stack_set_visible_child_name (
      self->list_stack,
      n > 0 ? "list"
      : vigil_article_filter_is_empty (vigil_filter_bar_get_filter (self->filter_bar))
          ? "empty"
          : "no-matches");
}

/* The filter bar's filter changed: in force on the list, the selection kept
 * on its article if it passes. */
static void
on_filters_changed (VigilWindow *self)
{
  gint64 keep = selected_article_id (self);
  gint64 position;

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  set_list_filter (self);
  if (!self->searching)
    {
      position = keep ? vigil_article_list_find (self->articles, keep) : -1;
      self->selecting = TRUE;
      gtk_single_selection_set_selected (
          self->selection, position >= 0 ? (guint) position : GTK_INVALID_LIST_POSITION);
      self->selecting = FALSE;
      vigil_window_show_list_or_empty (self);
    }
}

/* Whether the list is of another view than the one selected. */
static gboolean
list_is_other_view (VigilWindow *self)
{
  return vigil_article_list_get_source_id (self->articles) != self->current_source
         || g_strcmp0 (vigil_article_list_get_filter (self->articles)->rule, self->current_rule)
                != 0;
}

/* A list for the view selected, in place of the other view's. The search
 * results are not the view's: they stay (a search covers every view). */
static void
replace_list (VigilWindow *self)
{
  g_clear_object (&self->articles);
  /* A new list reads the store as it is now. */
  self->list_after_growth = FALSE;
  self->articles = vigil_article_list_new (self->store, self->current_source);
  if (!vigil_article_filter_is_empty (vigil_filter_bar_get_filter (self->filter_bar))
      || self->current_rule)
    set_list_filter (self);
}

/* After a list whose every row was replaced has been laid out (at its top):
 * scrolled back to where the desk had it. Set before that, the value would be
 * taken back by the list's first allocation. */
static void
scroll_back_after_layout (GdkFrameClock *clock, VigilWindow *self)
{
  GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->article_list));

  g_clear_signal_handler (&self->scroll_back_id, clock);
  /* (An empty list has no row to scroll to: GtkListView says so.) */
  if (scroll != NULL && gtk_adjustment_get_value (scroll) != self->scroll_back_to
      && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_adjustment_set_value (scroll, self->scroll_back_to);
}

static void
scroll_back (VigilWindow *self, double value)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->article_list));

  self->scroll_back_to = value;
  if (clock == NULL || self->scroll_back_id != 0)
    return; /* not shown: nothing to keep; or asked already (the value updated) */
  self->scroll_back_id
      = g_signal_connect (clock, "layout", G_CALLBACK (scroll_back_after_layout), self);
}

/* The selection on the article it was on (keep), wherever the list put it. */
/* Where the list has the article, or -1. The store is asked where it
 * stands, then the list's rows around that place are checked: a worker may
 * have stored more since the list read its count. */
static gint64
listed_position (VigilWindow *self, gint64 id)
{
  GListModel *list = G_LIST_MODEL (self->articles);
  gint64 at = vigil_article_list_find (self->articles, id);
  gint64 n = g_list_model_get_n_items (list);

  for (gint64 d = 0; at >= 0 && d <= 50; d++)
    for (int side = -1; side <= 1; side += 2)
      {
        gint64 p = at + side * d;
        g_autoptr (VigilArticle) a = p >= 0 && p < n ? g_list_model_get_item (list, p) : NULL;

        if (a != NULL && a->id == id)
          return p;
      }
  return -1;
}

/* A short list that gets hundreds of rows at once (a first sync, a first
 * refresh) is given them a screenful a frame: made at once, the list's ~200
 * prepared rows and their text layouts held the main loop 200-350 ms. A
 * row is about 2 ms on an idle machine and more on a busy one, so the step
 * follows the frames: halved after a frame over 25 ms, grown again after
 * quick ones. Past the rows GTK 4.8's list view makes (200), the rest come at
 * once. */
#define LIST_GROW_STEP 10
#define LIST_GROW_MIN 3
#define LIST_GROW_FIRST 25 /* the most at a time while rows are made */
#define LIST_ROWS_MADE 250 /* past this cap, items make no more rows */

static gboolean
grow_list (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  VigilWindow *self = data;
  guint cap = self->articles != NULL ? vigil_article_list_get_cap (self->articles) : 0;

  if (self->articles == NULL || self->store == NULL)
    {
      self->grow_tick_id = 0;
      self->list_after_growth = FALSE;
      return G_SOURCE_REMOVE;
    }
  /* Past the rows the list view makes, the rest at once: more items then
   * make no widgets, and a list growing by steps through 100,000 articles
   * would be read and laid out again at every step. */
  if (cap == 0 || cap >= LIST_ROWS_MADE
      || cap + (self->grow_step ? self->grow_step : LIST_GROW_STEP)
             >= vigil_article_list_get_stored (self->articles))
    {
      vigil_article_list_set_cap (self->articles, 0);
      self->grow_tick_id = 0;
      if (!self->searching)
        vigil_window_show_list_or_empty (self);
      /* A change that came meanwhile (see sidebar_read). */
      if (self->list_after_growth)
        {
          self->list_after_growth = FALSE;
          vigil_window_queue_reload (self);
        }
      return G_SOURCE_REMOVE;
    }
  vigil_article_list_set_cap (
      self->articles, cap
                          + vigil_frame_step (&self->grow_step, &self->grow_last_tick,
                                              LIST_GROW_STEP, LIST_GROW_MIN, LIST_GROW_FIRST));
  return G_SOURCE_CONTINUE;
}

static void
grow_list_later (VigilWindow *self)
{
  if (vigil_article_list_get_cap (self->articles) > 0 && self->grow_tick_id == 0)
    {
      self->grow_last_tick = 0; /* the first step after a pause is not timed */
      self->grow_tick_id
          = gtk_widget_add_tick_callback (GTK_WIDGET (self->article_list), grow_list, self, NULL);
    }
}

/* self->articles, a new list, in the list view: a screenful now, the rest a
 * few a frame. All at once, the list view would make its 200 rows before the
 * view (or the window's first frame) shows. */
void
vigil_window_show_new_list (VigilWindow *self)
{
  if (vigil_article_list_get_stored (self->articles) > LIST_GROW_FIRST)
    vigil_article_list_set_cap (self->articles, LIST_GROW_STEP);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->articles));
  grow_list_later (self);
}

static void
select_again (VigilWindow *self, gint64 keep)
{
  gint64 position;
  guint cap = vigil_article_list_get_cap (self->articles);

  if (keep == 0 || selected_article_id (self) == keep)
    return;
  if (cap > 0)
    {
      /* Its row among those given already. */
      gint64 at = vigil_article_list_find (self->articles, keep);
      if (at >= (gint64) cap)
        vigil_article_list_set_cap (self->articles, (guint) at + LIST_GROW_STEP);
    }
  position = listed_position (self, keep);
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection,
                                     position >= 0 ? (guint) position : GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
}

void
vigil_window_select_shown (VigilWindow *self)
{
  select_again (self, shown_article_id (self));
}

void
vigil_window_reload_articles (VigilWindow *self)
{
  gint64 keep;
  GtkAdjustment *scroll;
  double scrolled;

  if (self->searching)
    {
      /* The results stay as they are; the list behind them follows the view,
       * and is shown when the search ends. */
      if (list_is_other_view (self))
        replace_list (self);
      else
        vigil_article_list_refresh (self->articles);
      /* (A list given a few rows now grows behind the results.) */
      grow_list_later (self);
      return;
    }
  keep = selected_article_id (self);
  if (keep == 0)
    keep = shown_article_id (self);
  if (list_is_other_view (self))
    {
      /* Unselected first: otherwise GtkSingleSelection looks for the selected
       * item among all the rows of the new list, reading every page of the
       * store. The selection is put back below, by article id. */
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      replace_list (self);
      vigil_window_show_new_list (self);
      /* Another view starts at its top, not at the row the last one was
       * scrolled to (the list view keeps its place when its model changes):
       * at the next layout, when the new rows are measured. */
      scroll_back (self, 0);
      /* Read now: the changes the store said so far are in it. */
      self->list_wanted = self->list_stale = FALSE;
    }
  else if (vigil_filter_bar_get_filter (self->filter_bar)->since > 0
           && vigil_filter_bar_update_since (self->filter_bar))
    {
      set_list_filter (self);
      self->list_wanted = self->list_stale = FALSE;
    }
  else
    {
      /* The same view after a change in the store: the rows that stay keep
       * their places (and the list its scroll); when every row was replaced,
       * the list is scrolled back to where it was. */
      scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->article_list));
      scrolled = scroll ? gtk_adjustment_get_value (scroll) : 0;
      vigil_article_list_set_grow_step (self->articles, self->grow_step
                                                            ? MIN (self->grow_step, LIST_GROW_FIRST)
                                                            : LIST_GROW_STEP);
      if (self->reload_new_only ? vigil_article_list_reload_new (self->articles)
                                : vigil_article_list_refresh (self->articles))
        {
          self->list_wanted = self->list_stale = FALSE;
          if (scroll != NULL && scrolled > 0)
            scroll_back (self, scrolled);
        }
      grow_list_later (self);
    }
  /* The selection follows the article, wherever new ones pushed it. */
  select_again (self, keep);
  vigil_window_show_list_or_empty (self);
  gtk_revealer_set_reveal_child (self->new_revealer, FALSE);
}

/* Reloads after a refresh read the sidebar's counts in a worker thread (with
 * hundreds of sources that is most of the work), then show them. */
typedef struct
{
  VigilStore *store;
  GPtrArray *sources;
  gint64 unseen;
  GHashTable *by_rule;
  GPtrArray *accounts;
  /* The article list as it was when the read began, and what the store says
   * of its view now (for "N new articles": two counts over the view, off the
   * main thread). */
  VigilArticleList *list;
  gint64 list_view, list_top;
  VigilArticleFilter list_filter; /* its strings owned */
  gint64 list_now, list_top_at;
} SidebarCounts;

static void
sidebar_counts_free (SidebarCounts *c)
{
  g_clear_object (&c->store);
  g_clear_pointer (&c->sources, g_ptr_array_unref);
  g_clear_pointer (&c->by_rule, g_hash_table_unref);
  g_clear_pointer (&c->accounts, g_ptr_array_unref);
  g_clear_object (&c->list);
  g_free ((char *) c->list_filter.category);
  g_free ((char *) c->list_filter.country);
  g_free ((char *) c->list_filter.rule);
  g_free (c);
}

static void
read_sidebar_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SidebarCounts *c = g_task_get_task_data (task);

  c->sources = vigil_store_list_sources (c->store, NULL);
  c->unseen = vigil_store_count_unseen_alerts (c->store);
  c->by_rule = vigil_store_count_alerts_by_rule (c->store);
  c->accounts = vigil_store_list_accounts (c->store, NULL);
  if (c->list != NULL)
    {
      c->list_now = vigil_store_count_articles_filtered (c->store, c->list_view, &c->list_filter);
      c->list_top_at = c->list_top != 0 ? vigil_store_article_position_filtered (
                           c->store, c->list_view, &c->list_filter, c->list_top)
                                        : -1;
    }
  g_task_return_boolean (task, TRUE);
}

/* A long list is not pushed down under the desk's eyes while sources refresh
 * or an account syncs (nor its ~200 prepared rows all made anew each second,
 * a stall of 100-350 ms each time): new articles wait behind a "N new
 * articles" button at its top, whether they go in front (a refresh) or among
 * the rows (a sync's older items). A short list takes them at once. TRUE
 * when the list was left as it is, new articles waiting. */
#define LIST_KEPT_FROM 200

void
vigil_window_set_list_kept_from (VigilWindow *self, guint rows)
{
  self->list_kept_from = rows;
}

static gboolean
same_filter (const VigilArticleFilter *a, const VigilArticleFilter *b)
{
  return a->min_level == b->min_level && a->since == b->since && a->until == b->until
         && a->unread_only == b->unread_only && a->keep_id == b->keep_id
         && g_strcmp0 (a->category, b->category) == 0 && g_strcmp0 (a->country, b->country) == 0
         && g_strcmp0 (a->rule, b->rule) == 0;
}

static gboolean
offer_new_articles (VigilWindow *self, SidebarCounts *c)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  gint64 fresh, added = 0;
  g_autofree char *label = NULL;

  /* (A list still being given its rows takes the change: the rows it has
   * not shown yet are not new.) */
  if (self->searching || shown < self->list_kept_from
      || vigil_article_list_get_cap (self->articles) > 0
      || vigil_filter_bar_get_filter (self->filter_bar)->since > 0
      || vigil_article_list_get_source_id (self->articles) != self->current_source)
    return FALSE;
  /* What the worker read, when the list is still the one it read for. */
  if (c->list == self->articles && c->list_top == vigil_article_list_get_top_id (self->articles)
      && same_filter (&c->list_filter, vigil_article_list_get_filter (self->articles)))
    fresh = vigil_article_list_added_from (self->articles, c->list_now, c->list_top_at, &added);
  else
    fresh = vigil_article_list_peek_added (self->articles, &added);
  if (fresh < 0 && added > 0)
    fresh = added; /* among the rows: they wait all the same */
  if (fresh <= 0)
    return FALSE; /* nothing new (the rows are refreshed in place), or fewer
                     articles than rows (read again) */
  label = g_strdup_printf (ngettext ("%u New Article", "%u New Articles", (gulong) fresh),
                           (guint) fresh);
  gtk_button_set_label (self->new_button, label);
  gtk_revealer_set_reveal_child (self->new_revealer, TRUE);
  return TRUE;
}

static void
sidebar_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilWindow *self = VIGIL_WINDOW (object);
  SidebarCounts *c = g_task_propagate_boolean (G_TASK (result), NULL)
                         ? g_task_get_task_data (G_TASK (result))
                         : NULL;

  self->reload_running = FALSE;
  if (c != NULL && self->store != NULL && c->sources != NULL)
    {
      vigil_window_show_sources (self, c->sources, c->unseen, c->by_rule, c->accounts);
      /* New articles are expected at the top of the list (a long list
       * offers them instead); the rows that stay keep their places. A list
       * still being given its rows a few a frame takes the change once it
       * has them all: taken now, its count and first rows were read again
       * on the main thread and the rows made so far moved down, 50 ms of
       * the main thread in one go (bench-ui's refresh, at the start). */
      if (self->list_wanted && self->grow_tick_id != 0)
        self->list_after_growth = TRUE;
      else
        {
          if (self->list_wanted && !offer_new_articles (self, c))
            {
              self->reload_new_only = TRUE;
              vigil_window_reload_articles (self);
              self->reload_new_only = FALSE;
            }
          self->list_wanted = FALSE;
        }
      self->last_reload = g_get_monotonic_time ();
    }
  if (self->reload_again && self->store != NULL)
    {
      self->reload_again = FALSE;
      vigil_window_queue_reload (self);
    }
}

static gboolean
reload_idle (gpointer data)
{
  VigilWindow *self = data;
  g_autoptr (GTask) task = NULL;

  self->reload_source_id = 0;
  if (self->reload_running)
    {
      self->reload_again = TRUE; /* after the one under way */
      return G_SOURCE_REMOVE;
    }
  self->reload_running = TRUE;
  task = g_task_new (self, self->cancellable, sidebar_read, NULL);
  {
    SidebarCounts *c = g_new0 (SidebarCounts, 1);
    c->store = g_object_ref (self->store);
    if (self->articles != NULL)
      {
        const VigilArticleFilter *f = vigil_article_list_get_filter (self->articles);
        c->list = g_object_ref (self->articles);
        c->list_view = vigil_article_list_get_source_id (self->articles);
        c->list_top = vigil_article_list_get_top_id (self->articles);
        c->list_filter = *f;
        c->list_filter.category = g_strdup (f->category);
        c->list_filter.country = g_strdup (f->country);
        c->list_filter.rule = g_strdup (f->rule);
      }
    g_task_set_task_data (task, c, (GDestroyNotify) sidebar_counts_free);
  }
  g_task_run_in_thread (task, read_sidebar_in_thread);
  return G_SOURCE_REMOVE;
}

void
vigil_window_queue_reload (VigilWindow *self)
{
  /* Changes come in bursts (hundreds of sources refreshing, a sync's
   * thousands of items): one reload at once, then at most one a second
   * while they pour in. */
  gint64 since = (g_get_monotonic_time () - self->last_reload) / 1000;

  if (self->reload_source_id == 0)
    self->reload_source_id
        = g_timeout_add (since >= 1000 ? 0 : (guint) (1000 - since), reload_idle, self);
}

void
vigil_window_on_store_changed (VigilStore *store, VigilStoreChange what, gint64 source_id,
                               VigilWindow *self)
{
  const VigilStoreChange listed = VIGIL_STORE_CHANGE_SOURCES | VIGIL_STORE_CHANGE_ARTICLES
                                  | VIGIL_STORE_CHANGE_ALERTS | VIGIL_STORE_CHANGE_STORIES;
  const VigilStoreChange own = VIGIL_STORE_CHANGE_ARTICLES | VIGIL_STORE_CHANGE_ALERTS;

  if (self->store == NULL)
    return;
  if (what & (VIGIL_STORE_CHANGE_ALERTS | VIGIL_STORE_CHANGE_STORIES))
    vigil_window_refresh_alert_bar (self);
  if (what & listed)
    {
      /* While the desk's own read marks are written, the list already shows
       * them: an article read in the Unread view is not taken away under
       * the desk's eyes (it goes at the list's next change, as it did). */
      if (self->own_reads > 0 && !(what & ~own))
        self->list_stale = TRUE;
      else
        {
          self->list_wanted = TRUE;
          self->list_stale = FALSE;
        }
    }
  if (what & (listed | VIGIL_STORE_CHANGE_ACCOUNTS))
    vigil_window_queue_reload (self);
}

static void
marked_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vigil_store_set_read_finish (VIGIL_STORE (object), result, &error))
    vigil_window_add_toast (self, vigil_window_plain_toast (error->message));
  /* The unread counts follow the store's "changed" (emitted before this).
   * A change that came with the mark is shown now if it only brought new
   * articles to the top; otherwise at the list's next change. */
  if (--self->own_reads == 0 && self->list_stale && self->store != NULL && !self->searching
      && vigil_article_list_peek_new (self->articles) >= 0)
    {
      self->list_stale = FALSE;
      self->list_wanted = TRUE;
      vigil_window_queue_reload (self);
    }
}

void
vigil_window_mark_read (VigilWindow *self, VigilArticle *article, gboolean read)
{
  vigil_article_set_read (article, read);
  self->own_reads++;
  vigil_store_set_read_async (self->store, article->id, read, NULL, marked_read,
                              g_object_ref (self));
}

/* Reader mode stored the full article: its alerts (matched on the full
 * text) and the counts beside the views may have changed. */
static void
on_full_article_stored (VigilArticleView *view, VigilArticle *article, VigilWindow *self)
{
  VigilArticle *shown = vigil_article_view_get_article (view);

  /* Its row's level and the counts of the views follow the store's "changed". */
  if (shown != NULL && shown->id == article->id)
    vigil_window_update_alert_bar (self, article);
}

static void
on_selection_changed (GtkSingleSelection *selection, guint position, guint n_items,
                      VigilWindow *self)
{
  VigilArticle *header = gtk_single_selection_get_selected_item (selection);
  g_autoptr (VigilArticle) full = NULL;
  g_autoptr (GError) error = NULL;

  /* No row, or a row whose article was deleted since the list was counted. */
  if (header == NULL || header->id == 0)
    return;
  /* Read now, it stays in the Unread view (or the unread filter's list)
   * while it is shown: the store's next change does not take it away. */
  if (gtk_single_selection_get_model (selection) == G_LIST_MODEL (self->articles))
    vigil_article_list_set_kept (self->articles, header->id);
  gtk_stack_set_visible_child_name (self->detail_stack, "article");
  if (!self->selecting)
    vigil_window_show_page (self, PAGE_ARTICLE);
  if (vigil_article_view_get_article (self->article_view)
      && vigil_article_view_get_article (self->article_view)->id == header->id)
    {
      /* The same article, in a list reloaded since (new items): the shown one
       * follows the new item, or the star and read buttons would act on a
       * row that is gone. */
      g_autoptr (GObject) bound = g_weak_ref_get (&self->shown_header);
      VigilArticle *shown = vigil_article_view_get_article (self->article_view);
      if (bound != G_OBJECT (header))
        {
          g_object_bind_property (header, "read", shown, "read",
                                  G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
          g_object_bind_property (header, "starred", shown, "starred",
                                  G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
          g_weak_ref_set (&self->shown_header, header);
        }
      return;
    }
  full = vigil_store_get_article (self->store, header->id, &error);
  if (full == NULL)
    {
      vigil_window_add_toast (self, vigil_window_plain_toast (error->message));
      return;
    }
  {
    g_autoptr (VigilSource) source = vigil_store_get_source (self->store, full->source_id, NULL);
    vigil_article_view_set_load_images (self->article_view, source && source->load_images);
    vigil_article_view_set_full_text (self->article_view,
                                      source ? source->full_text : VIGIL_FULL_TEXT_ON_REQUEST);
  }
  /* The list's article and the one shown are one article: what the list does
   * (s, m, opening it) the article bar shows, and the reverse. */
  g_object_bind_property (header, "read", full, "read",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (header, "starred", full, "starred",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_weak_ref_set (&self->shown_header, header);
  vigil_article_view_show (self->article_view, full);
  vigil_window_update_alert_bar (self, full);
  if (!header->read)
    vigil_window_mark_read (self, header, TRUE);
}

/* The Today view opens on the overview; an article chosen replaces it. */
void
vigil_window_show_overview_if_today (VigilWindow *self)
{
  if (self->current_source == VIGIL_VIEW_TODAY)
    {
      self->selecting = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      self->selecting = FALSE;
      gtk_stack_set_visible_child_name (self->detail_stack, "overview");
      vigil_overview_refresh (self->overview);
    }
  else
    gtk_stack_set_visible_child_name (self->detail_stack, "article");
}

/* A row of the overview: the list narrowed to it. */
static void
on_overview_filter (VigilOverview *overview, const char *kind, const char *value, VigilWindow *self)
{
  if (g_str_equal (kind, "entity"))
    {
      vigil_window_search_entity (self, value);
      return;
    }
  gtk_toggle_button_set_active (self->filter_button, TRUE);
  if (g_str_equal (kind, "category"))
    vigil_filter_bar_select_category (self->filter_bar, value);
  else if (g_str_equal (kind, "country"))
    vigil_filter_bar_select_country (self->filter_bar, value);
}

/* A row activated (Enter, or a click that did not select it already): its
 * article shown, the article pane brought forward in the narrow layout. The
 * arrows only move the focus (vigil-window-panes.c). */
static void
on_list_activate (VigilWindow *self, guint position)
{
  gtk_single_selection_set_selected (self->selection, position);
  vigil_window_show_page (self, PAGE_ARTICLE);
}

gboolean
vigil_window_show_article (VigilWindow *self, gint64 article_id)
{
  gint64 position;

  if (self->searching)
    {
      /* The list shows the search results: the article is selected there if
       * they hold it; if not, the search ends and the views are looked in. */
      GListModel *results = G_LIST_MODEL (self->search_results);
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr (VigilArticle) a = g_list_model_get_item (results, i);
          if (a->id == article_id)
            {
              gtk_single_selection_set_selected (self->selection, i);
              gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item",
                                          "u", i);
              return TRUE;
            }
        }
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
    }
  position = vigil_article_list_find (self->articles, article_id);

  if (position < 0 || (guint) position >= g_list_model_get_n_items (G_LIST_MODEL (self->articles)))
    {
      /* Not in the current view (or newer than it, or filtered out): show all
       * sources, unfiltered, freshly read. */
      if (!vigil_article_filter_is_empty (vigil_filter_bar_get_filter (self->filter_bar)))
        gtk_toggle_button_set_active (self->filter_button, FALSE);
      self->current_source = 0;
      g_clear_pointer (&self->current_rule, g_free);
      adw_window_title_set_subtitle (self->window_title, _ ("All Articles"));
      vigil_window_reload (self);
      position = vigil_article_list_find (self->articles, article_id);
    }
  if (position < 0)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->article_list), "list.scroll-to-item", "u",
                              (guint) position);
  return TRUE;
}

GListModel *
vigil_window_get_articles (VigilWindow *self)
{
  return G_LIST_MODEL (self->articles);
}

VigilArticleView *
vigil_window_get_article_view (VigilWindow *self)
{
  return self->article_view;
}

GListModel *
vigil_window_get_visible_articles (VigilWindow *self)
{
  return gtk_single_selection_get_model (self->selection);
}

/* Space in the list reads on, as in the article: the article shown scrolls
 * down a page, or at its end the next unread article is shown (Liferea's
 * Space). Enter opens the focused row. */
static gboolean
on_list_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                     GdkModifierType state, VigilWindow *self)
{
  return vigil_article_view_handle_space (self->article_view, keyval, state);
}

void
vigil_window_list_init (VigilWindow *self)
{
  GtkListItemFactory *factory;

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);

  factory = vigil_window_list_factory_new (self);
  gtk_list_view_set_factory (self->article_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->article_list, GTK_SELECTION_MODEL (self->selection));
  {
    /* Before the list view's own Space (select the row). */
    GtkEventController *keys = gtk_event_controller_key_new ();
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->article_list), keys);
  }

  vigil_window_search_init (self);
  self->list_kept_from = LIST_KEPT_FROM;
}

void
vigil_window_class_add_list (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_full_article_stored);
  gtk_widget_class_bind_template_callback (widget_class, on_overview_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  vigil_window_class_add_search (widget_class);
}
