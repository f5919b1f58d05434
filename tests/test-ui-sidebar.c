/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-sidebar.c — the sidebar's folders fold and unfold (issue 18): the real window under
 * Xvfb on the demo sources. The "Demo" folder's heading shows its sources' unread total;
 * activated (Enter), its sources are hidden and the total stays; activated again, they are
 * back; the settings remember the folded folder for the next start. A source shown by
 * vigil_window_show_view unfolds its folder. With 150 more sources (issue 17): the window's
 * first frame has the sidebar's first rows only, the others follow frame by frame until every
 * item has its row, and a source far down shown before then is selected all the same. */
#include "config.h"

#include "vigil-application.h"
#include "vigil-sidebar-row.h"
#include "vigil-window-private.h"

#include "ui-test-common.h"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  guint ticks;
  guint step;
  GtkListBoxRow *folder_row;
  guint n_sources;           /* the folder's */
  guint sources_total;       /* their unread, added up */
  guint folder_count;        /* the folder's own count */
  gboolean total_shown;      /* the heading's count label says it */
  guint hidden;              /* sources hidden once folded */
  gboolean total_kept;       /* folded, the heading still says the total */
  gboolean still_all;        /* folding selected no other view */
  guint shown_again;         /* sources shown once unfolded */
  gboolean unfolded_by_view; /* showing a source unfolded its folder */
  gboolean kept_folded;      /* the folded folder in the settings */
  gboolean kept_unfolded;    /* and out of them once unfolded */
} Ctx;

/* Whether the settings keep the Demo folder folded (for the next start). */
static gboolean
demo_kept_folded (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_auto (GStrv) folded = g_settings_get_strv (settings, "collapsed-folders");

  return g_strv_contains ((const char *const *) folded, "local/Demo");
}

static GtkListBox *
sidebar (Ctx *ctx)
{
  return GTK_LIST_BOX (
      gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "sources_list"));
}

/* The "Demo" heading's row, and how many of its sources are visible. */
static GtkListBoxRow *
demo_folder (Ctx *ctx, guint *n_sources, guint *visible, guint *total)
{
  GtkListBoxRow *folder = NULL;
  GtkListBoxRow *row;

  *n_sources = *visible = *total = 0;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar (ctx), i)); i++)
    {
      VigilSidebarItem *item = sidebar_item (row);
      if (item == NULL)
        continue;
      if (vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_FOLDER)
        folder = g_str_equal (vigil_sidebar_item_get_title (item), "Demo") ? row : NULL;
      else if (folder != NULL && vigil_sidebar_item_get_folder (item) == sidebar_item (folder))
        {
          (*n_sources)++;
          *total += vigil_sidebar_item_get_unread (item);
          if (gtk_widget_get_visible (GTK_WIDGET (row)))
            (*visible)++;
        }
      else if (folder != NULL && *n_sources > 0)
        break;
    }
  return folder;
}

static gboolean
drive (gpointer data)
{
  Ctx *ctx = data;
  guint n, visible, total;
  GtkListBoxRow *folder;
  g_autofree char *count = NULL;

  if (++ctx->ticks > 600)
    {
      g_test_fail_printf ("timed out at step %u", ctx->step);
      return ui_test_quit (ctx->app);
    }
  if (ctx->window == NULL)
    ctx->window = ui_test_find_window (ctx->app);
  if (ctx->window == NULL)
    return G_SOURCE_CONTINUE;
  folder = demo_folder (ctx, &n, &visible, &total);
  switch (ctx->step)
    {
    case 0:
      /* The demo read in: three sources with unread articles. */
      if (folder == NULL || n < 3 || total == 0
          || vigil_sidebar_item_get_unread (sidebar_item (folder)) != total)
        return G_SOURCE_CONTINUE;
      ctx->n_sources = n;
      ctx->sources_total = total;
      ctx->folder_count = vigil_sidebar_item_get_unread (sidebar_item (folder));
      count = g_strdup_printf ("%u", total);
      ctx->total_shown = find_label (GTK_WIDGET (folder), count) != NULL;
      g_assert_cmpuint (visible, ==, n);
      /* Enter on the heading. */
      gtk_widget_activate (GTK_WIDGET (folder));
      ctx->step = 1;
      return G_SOURCE_CONTINUE;

    case 1:
      count = g_strdup_printf ("%u", ctx->sources_total);
      ctx->hidden = n - visible;
      ctx->total_kept = gtk_widget_get_visible (GTK_WIDGET (folder))
                        && find_label (GTK_WIDGET (folder), count) != NULL
                        && !vigil_sidebar_item_get_expanded (sidebar_item (folder));
      {
        GtkListBoxRow *selected = gtk_list_box_get_selected_row (sidebar (ctx));
        ctx->still_all = selected != NULL && sidebar_view (selected) == VIGIL_VIEW_ALL;
      }
      ctx->kept_folded = demo_kept_folded ();
      shot ("vigil-ui-sidebar-folded.png");
      gtk_widget_activate (GTK_WIDGET (folder));
      ctx->step = 2;
      return G_SOURCE_CONTINUE;

    case 2:
      ctx->shown_again = visible;
      ctx->kept_unfolded = !demo_kept_folded ();
      /* Folded again, then a source of it shown: unfolded. */
      gtk_widget_activate (GTK_WIDGET (folder));
      {
        GtkListBoxRow *first = gtk_list_box_get_row_at_index (
            sidebar (ctx), gtk_list_box_row_get_index (folder) + 1);
        g_assert_false (gtk_widget_get_visible (GTK_WIDGET (first)));
        g_assert_true (vigil_window_show_view (ctx->window, sidebar_view (first)));
      }
      ctx->unfolded_by_view = vigil_sidebar_item_get_expanded (sidebar_item (folder));
      demo_folder (ctx, &n, &visible, &total);
      ctx->unfolded_by_view = ctx->unfolded_by_view && visible == n;
      return ui_test_quit (ctx->app);

    default:
      g_assert_not_reached ();
    }
}

static void
test_fold_folder (void)
{
  Ctx ctx = { 0 };

  ui_test_run_ticking (&ctx.app, 100, drive, &ctx);

  g_test_message ("Demo: %u sources, %u unread (heading says %u); folded: %u hidden; "
                  "unfolded: %u shown",
                  ctx.n_sources, ctx.sources_total, ctx.folder_count, ctx.hidden, ctx.shown_again);
  g_assert_cmpuint (ctx.n_sources, ==, 3);
  /* The heading's total is its sources' unread articles, on screen. */
  g_assert_cmpuint (ctx.folder_count, ==, ctx.sources_total);
  g_assert_true (ctx.total_shown);
  /* Folded: every source hidden, the total still said, the view unchanged. */
  g_assert_cmpuint (ctx.hidden, ==, ctx.n_sources);
  g_assert_true (ctx.total_kept);
  g_assert_true (ctx.still_all);
  /* Unfolded: all back. */
  g_assert_cmpuint (ctx.shown_again, ==, ctx.n_sources);
  g_assert_true (ctx.unfolded_by_view);
  /* Remembered across restarts. */
  g_assert_true (ctx.kept_folded);
  g_assert_true (ctx.kept_unfolded);
  g_object_unref (ctx.app);
}

/* ---- many sources: the sidebar's rows made over frames ---- */

#define MANY_SOURCES 150

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  guint ticks;
  guint step;
  gint64 last_source; /* the source far down the sidebar */
  guint rows_at_first, items_at_first;
  gboolean far_selected; /* shown before its row was made, and selected */
  gulong first_frame;
  guint rows_at_end, items_at_end;
  gboolean menu_in_row; /* the far source's menu, in its row */
} ManyCtx;

static guint
n_rows (GtkListBox *box)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (box, (int) n) != NULL)
    n++;
  return n;
}

/* Whether row is laid out inside the window (the scroll to it drawn): a
 * menu of it is placed on the screen. */
static gboolean
row_in_window (VigilWindow *window, GtkListBoxRow *row)
{
  double x = 0, y = 0;

  g_assert_nonnull (row);
  return gtk_widget_get_mapped (GTK_WIDGET (row))
         && gtk_widget_translate_coordinates (GTK_WIDGET (row), GTK_WIDGET (window), 0, 0, &x, &y)
         && y >= 0
         && y + gtk_widget_get_height (GTK_WIDGET (row))
                <= gtk_widget_get_height (GTK_WIDGET (window));
}

static gboolean
many_drive (gpointer data)
{
  ManyCtx *ctx = data;
  GtkListBox *box;
  guint items;

  if (++ctx->ticks > 600)
    {
      g_test_fail_printf ("timed out at step %u", ctx->step);
      return ui_test_quit (ctx->app);
    }
  ctx->window = ui_test_find_window (ctx->app);
  if (!ui_test_is_mapped (ctx->window))
    return G_SOURCE_CONTINUE;
  box = ctx->window->sources_list;
  items = g_list_model_get_n_items (G_LIST_MODEL (ctx->window->sidebar_model));
  switch (ctx->step)
    {
    case 1:
      /* Every item has its row (made at once for the view shown, or frame
       * by frame). */
      if (n_rows (box) < items)
        return G_SOURCE_CONTINUE;
      ctx->rows_at_end = n_rows (box);
      ctx->items_at_end = items;
      shot ("vigil-ui-sidebar-many.png");
      /* The sidebar scrolled to its end, where the far source's row is. */
      {
        GtkAdjustment *adj
            = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (ctx->window->sidebar_pane));
        gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      }
      ctx->step = 2;
      ctx->ticks = 0;
      return G_SOURCE_CONTINUE;

    case 2:
      /* A few frames for the scroll to be drawn, then the far source's menu:
       * a menu of the row, in the row (a menu of the whole list, taller than
       * the screen, was placed off it, with GTK criticals). */
      if (ctx->ticks < 5 || !row_in_window (ctx->window, gtk_list_box_get_selected_row (box)))
        {
          /* The scroll of step 1 may have come before the rows made
           * last were laid out (a busy machine): to the end as it is now. */
          GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
              GTK_SCROLLED_WINDOW (ctx->window->sidebar_pane));
          gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
          return G_SOURCE_CONTINUE;
        }
      {
        GtkListBoxRow *row = gtk_list_box_get_selected_row (box);
        GtkWidget *popover;
        double x = 0, y = 0;

        g_assert_true (
            gtk_widget_translate_coordinates (GTK_WIDGET (row), GTK_WIDGET (box), 20, 5, &x, &y));
        vigil_window_show_source_menu (ctx->window, row, x, y);
        popover = find_popover_menu (GTK_WIDGET (row));
        ctx->menu_in_row = popover != NULL && gtk_widget_get_parent (popover) == GTK_WIDGET (row)
                           && gtk_widget_get_visible (popover);
        if (popover != NULL)
          gtk_popover_popdown (GTK_POPOVER (popover));
      }
      /* Asked again at the next tick until it is (or the test times out):
       * on a busy machine, under ASan, the row may be laid out again in
       * between (a reload of the sidebar's counts). */
      if (!ctx->menu_in_row)
        return G_SOURCE_CONTINUE;
      return ui_test_quit (ctx->app);

    default:
      g_assert_not_reached ();
    }
}

/* The window's first frame drawn: its first rows only. Then a source whose
 * row is not made yet is shown. */
static void
on_first_frame (GdkFrameClock *clock, ManyCtx *ctx)
{
  GtkListBox *box = ctx->window->sources_list;

  g_clear_signal_handler (&ctx->first_frame, clock);
  ctx->rows_at_first = n_rows (box);
  ctx->items_at_first = g_list_model_get_n_items (G_LIST_MODEL (ctx->window->sidebar_model));
  g_assert_true (vigil_window_show_view (ctx->window, ctx->last_source));
  ctx->far_selected = sidebar_view (gtk_list_box_get_selected_row (box)) == ctx->last_source;
  ctx->step = 1;
  g_timeout_add (50, many_drive, ctx);
}

static void
on_many_activate (GApplication *app, ManyCtx *ctx)
{
  GdkFrameClock *clock;

  ctx->window = ui_test_find_window (VIGIL_APPLICATION (app));
  g_assert_nonnull (ctx->window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (ctx->window));
  g_assert_nonnull (clock);
  if (ctx->first_frame == 0 && ctx->step == 0)
    ctx->first_frame = g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_frame), ctx);
}

static void
test_many_sources (void)
{
  ManyCtx ctx = { 0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_int64 (settings, "selected-view", VIGIL_VIEW_ALL);
  {
    g_autofree char *path = vigil_store_default_path ();
    g_autofree char *dir = g_path_get_dirname (path);
    g_autoptr (GError) error = NULL;
    g_autoptr (VigilStore) store = NULL;

    g_mkdir_with_parents (dir, 0700);
    store = vigil_store_new (path, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < MANY_SOURCES; i++)
      {
        /* Nothing listens there: each read fails at once, on this machine. */
        g_autofree char *url = g_strdup_printf ("http://127.0.0.1:9/many-%03u.xml", i);
        g_autofree char *title = g_strdup_printf ("Wire %03u", i);
        ctx.last_source = vigil_store_add_source (store, url, title, NULL, "Wires", &error);
        g_assert_no_error (error);
      }
  }
  ui_test_run_demo (&ctx.app, G_CALLBACK (on_many_activate), &ctx);

  g_test_message ("first: %u rows of %u items; at the end %u rows of %u items", ctx.rows_at_first,
                  ctx.items_at_first, ctx.rows_at_end, ctx.items_at_end);
  g_assert_cmpuint (ctx.items_at_first, >, MANY_SOURCES);
  g_assert_cmpuint (ctx.rows_at_first, <, ctx.items_at_first);
  g_assert_true (ctx.menu_in_row);
  g_assert_cmpuint (ctx.rows_at_first, >, 0);
  g_assert_true (ctx.far_selected);
  g_assert_cmpuint (ctx.rows_at_end, ==, ctx.items_at_end);
  g_object_unref (ctx.app);
}

/* ---- a new rule's view: the stored articles it matches ---- */

#define NEW_RULE "Harvest watch"
#define HARVEST "Basra date harvest expected to be the best in a decade"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  guint ticks;
  guint step;
  gboolean backfilled;
  char *listed;       /* the rule's view, as the window lists it: titles and "|" */
  gint64 rule_count;  /* what the rule's row counts */
  gboolean in_alerts; /* the match listed in the Alerts view too */
} RuleCtx;

static void
on_backfilled (VigilMonitor *monitor, const char *rule, guint matched, RuleCtx *ctx)
{
  ctx->backfilled = ctx->backfilled || g_str_equal (rule, NEW_RULE);
}

static GtkListBoxRow *
rule_row (RuleCtx *ctx)
{
  return ui_test_sidebar_rule_row (ctx->window, NEW_RULE);
}

static gboolean
rule_drive (gpointer data)
{
  RuleCtx *ctx = data;
  VigilMonitor *monitor = vigil_application_get_monitor (ctx->app);
  VigilStore *store = vigil_monitor_get_store (monitor);
  GtkListBoxRow *row;

  if (++ctx->ticks > 600)
    {
      g_test_fail_printf ("timed out at step %u", ctx->step);
      return ui_test_quit (ctx->app);
    }
  ctx->window = ui_test_find_window (ctx->app);
  if (ctx->window == NULL)
    return G_SOURCE_CONTINUE;
  switch (ctx->step)
    {
    case 0:
      /* The demo read in; then the desk saves a rule for what is stored. */
      if (vigil_monitor_is_refreshing (monitor)
          || vigil_store_count_articles (store, VIGIL_VIEW_ALL) < 10)
        return G_SOURCE_CONTINUE;
      {
        g_autoptr (GPtrArray) rules
            = vigil_alert_engine_dup_rules (vigil_monitor_get_alert_engine (monitor));
        g_autoptr (GError) error = NULL;

        g_ptr_array_add (
            rules, vigil_alert_rule_new (NEW_RULE, VIGIL_SEVERITY_INFO, "harvest", NULL, &error));
        g_assert_no_error (error);
        g_signal_connect (monitor, "rule-backfilled", G_CALLBACK (on_backfilled), ctx);
        g_assert_true (vigil_monitor_save_rules (monitor, rules, &error));
        g_assert_no_error (error);
      }
      ctx->step = 1;
      return G_SOURCE_CONTINUE;

    case 1:
      /* Its row in the sidebar counts what it matched (once the store
       * said its alerts changed), and is clicked. */
      if (!ctx->backfilled || (row = rule_row (ctx)) == NULL
          || vigil_sidebar_item_get_unread (sidebar_item (row)) == 0)
        return G_SOURCE_CONTINUE;
      ctx->rule_count = vigil_sidebar_item_get_unread (sidebar_item (row));
      gtk_list_box_select_row (ctx->window->sources_list, row);
      ctx->step = 2;
      return G_SOURCE_CONTINUE;

    case 2:
      {
        GListModel *articles = vigil_window_get_articles (ctx->window);
        g_autoptr (GString) titles = g_string_new (NULL);

        if (vigil_window_get_visible_articles (ctx->window) != articles
            || g_strcmp0 (vigil_article_list_get_filter (VIGIL_ARTICLE_LIST (articles))->rule,
                          NEW_RULE)
                   != 0
            || g_list_model_get_n_items (articles) == 0)
          return G_SOURCE_CONTINUE;
        for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
          {
            g_autoptr (VigilArticle) a = g_list_model_get_item (articles, i);
            g_string_append_printf (titles, "%s|", a->title);
          }
        ctx->listed = g_string_free (g_steal_pointer (&titles), FALSE);
        shot ("vigil-ui-sidebar-new-rule.png");
      }
      {
        g_autoptr (GPtrArray) alerts = vigil_store_list_articles (store, VIGIL_VIEW_ALERTS, NULL);
        for (guint i = 0; i < alerts->len; i++)
          ctx->in_alerts
              = ctx->in_alerts
                || g_str_equal (((VigilArticle *) g_ptr_array_index (alerts, i))->title, HARVEST);
      }
      return ui_test_quit (ctx->app);

    default:
      g_assert_not_reached ();
    }
}

/* A rule saved for what is stored already: its row in the sidebar counts the
 * stored match and its view lists it (it notifies nothing: test-backfill),
 * while the Alerts view does not (never news). */
static void
test_new_rule_view (void)
{
  RuleCtx ctx = { 0 };

  /* A first start again: the demo sources, not the tests' before. */
  {
    g_autofree char *path = vigil_store_default_path ();
    const char *const suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_remove (file);
      }
  }
  ui_test_run_ticking (&ctx.app, 100, rule_drive, &ctx);

  g_test_message ("the rule's row counts %" G_GINT64_FORMAT "; its view lists: %s", ctx.rule_count,
                  ctx.listed);
  g_assert_cmpstr (ctx.listed, ==, HARVEST "|");
  g_assert_cmpint (ctx.rule_count, ==, 1);
  g_assert_false (ctx.in_alerts);
  g_free (ctx.listed);
  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-sidebar-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/sidebar/fold-folder", test_fold_folder);
  g_test_add_func ("/ui/sidebar/many-sources", test_many_sources);
  g_test_add_func ("/ui/sidebar/new-rule-view", test_new_rule_view);
  return g_test_run ();
}
