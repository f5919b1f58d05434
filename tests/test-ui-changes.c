/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-changes.c — the window follows the store's "changed" signal (issue 17): the real
 * window under Xvfb on the demo sources. Writes made through the store by another path than
 * the window (a worker thread ingesting, as the monitor does; a read mark, as a sync or a
 * notification's Mark Read makes) show in the article list and the sidebar's counts with no
 * reload asked for; the selected article stays selected; a row whose article was marked read
 * keeps its object (updated in place, not rebuilt); a burst of 300 writes is one reload of
 * the list, not 300; a change that replaces every row leaves the list scrolled where it
 * was; in a long list, older articles stored among the rows (as a sync stores them) leave the
 * rows as they are behind "N New Articles", which shows them; and a short list that gets a
 * hundred rows at once is given them a screenful a frame (issue 19). Every wait is on a
 * condition, with a time limit. */
#include "config.h"

#include "vigil-application.h"
#include "vigil-test-utils.h"
#include "vigil-window-private.h"

#include "ui-test-common.h"

#define BURST 300

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  VigilStore *store;
  gint64 source;     /* a demo source */
  guint list_before; /* rows of All Articles before a write */
  guint unread_before;
  guint list_signals;  /* items-changed of the list */
  guint most_added;    /* the most rows one items-changed added */
  guint store_signals; /* "changed" of the store, saying ARTICLES */
  guint frames;        /* painted */
  gboolean done;
} Ctx;

static VigilWindow *
find_window (Ctx *ctx)
{
  return ui_test_find_window (ctx->app);
}

static guint
n_listed (Ctx *ctx)
{
  return g_list_model_get_n_items (vigil_window_get_articles (ctx->window));
}

/* The unread count the sidebar's row of the source shows, or G_MAXUINT. */
static guint
sidebar_unread (Ctx *ctx, gint64 source)
{
  GtkListBoxRow *row = ui_test_sidebar_view_row (ctx->window, source);

  return row != NULL ? vigil_sidebar_item_get_unread (sidebar_item (row)) : G_MAXUINT;
}

static gint64
selected_id (Ctx *ctx)
{
  VigilArticle *a = gtk_single_selection_get_selected_item (ctx->window->selection);

  return a ? a->id : 0;
}

static gint64
listed_id (Ctx *ctx, guint position)
{
  g_autoptr (VigilArticle) a
      = g_list_model_get_item (vigil_window_get_articles (ctx->window), position);

  return a ? a->id : 0;
}

static gboolean
demo_ready (gpointer data)
{
  Ctx *ctx = data;

  if (ctx->window == NULL)
    ctx->window = find_window (ctx);
  return ctx->window != NULL && ctx->window->store != NULL && n_listed (ctx) >= 14
         && !vigil_monitor_is_refreshing (vigil_application_get_monitor (ctx->app));
}

/* The article selected, as the window marks it, is read in the store. */
static gboolean
selected_read (gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (VigilArticle) stored = vigil_store_get_article (ctx->store, selected_id (ctx), NULL);

  return stored != NULL && stored->read;
}

static VigilArticle *
new_article (const char *guid, gint64 published)
{
  VigilArticle *a = vigil_article_new ();

  a->guid = g_strdup (guid);
  a->title = g_strdup_printf ("Checkpoint report %s", guid);
  a->link = g_strdup_printf ("https://changes.example.test/%s", guid);
  a->summary = g_strdup ("<p>A calm day at the checkpoint.</p>");
  a->published = g_date_time_new_from_unix_utc (published);
  a->level = g_strdup ("low");
  return a;
}

/* Another writer than the window: a worker thread, as the monitor's ingest. */
typedef struct
{
  VigilStore *store;
  gint64 source;
  guint n;
  const char *prefix;
  gint64 published; /* of the first; 0: a minute from now */
} Ingest;

static gpointer
ingest_thread (gpointer data)
{
  Ingest *in = data;
  gint64 first = in->published ? in->published : g_get_real_time () / G_USEC_PER_SEC + 60;

  /* One transaction per article, as many small feeds would. */
  for (guint i = 0; i < in->n; i++)
    {
      g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (GError) error = NULL;
      g_autofree char *guid = g_strdup_printf ("%s-%u", in->prefix, i);

      g_ptr_array_add (batch, new_article (guid, first + i));
      g_assert_true (vigil_store_ingest (in->store, in->source, batch, NULL, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

static void
ingest_elsewhere (Ctx *ctx, const char *prefix, guint n, gint64 published)
{
  Ingest in = { ctx->store, ctx->source, n, prefix, published };

  g_thread_join (g_thread_new ("ingest", ingest_thread, &in));
}

static gboolean
one_more_listed (gpointer data)
{
  Ctx *ctx = data;

  return n_listed (ctx) == ctx->list_before + 1
         && sidebar_unread (ctx, ctx->source) == ctx->unread_before + 1;
}

static gboolean
burst_listed (gpointer data)
{
  Ctx *ctx = data;

  return n_listed (ctx) == ctx->list_before + BURST
         && sidebar_unread (ctx, ctx->source) == ctx->unread_before + BURST;
}

static gboolean
read_shown (gpointer data)
{
  Ctx *ctx = data;

  return sidebar_unread (ctx, ctx->source) == ctx->unread_before - 1;
}

static void
on_after_paint (GdkFrameClock *clock, Ctx *ctx)
{
  ctx->frames++;
}

/* A few frames painted: the list laid out as it now is. */
static void
wait_frames (Ctx *ctx, guint n)
{
  guint until = ctx->frames + n;

  for (guint i = 0; i < n; i++)
    gtk_widget_queue_draw (GTK_WIDGET (ctx->window));
  vigil_test_wait_for_count (&ctx->frames, until);
}

static gboolean
one_more_in_list (gpointer data)
{
  Ctx *ctx = data;

  return n_listed (ctx) == ctx->list_before + 1;
}

static gboolean
new_offered (gpointer data)
{
  Ctx *ctx = data;

  return gtk_revealer_get_reveal_child (ctx->window->new_revealer)
         && g_strcmp0 (gtk_button_get_label (ctx->window->new_button), "2 New Articles") == 0;
}

/* The view of ctx->source, every article of it listed. */
static gboolean
view_listed (gpointer data)
{
  Ctx *ctx = data;

  return vigil_article_list_get_source_id (ctx->window->articles) == ctx->source
         && n_listed (ctx) == vigil_store_count_articles (ctx->store, ctx->source);
}

static gboolean
many_listed (gpointer data)
{
  Ctx *ctx = data;

  return n_listed (ctx) == ctx->list_before + 120;
}

static void
on_list_changed (GListModel *list, guint position, guint removed, guint added, Ctx *ctx)
{
  ctx->list_signals++;
  ctx->most_added = MAX (ctx->most_added, added);
}

static void
on_store_changed (VigilStore *store, VigilStoreChange what, gint64 source, Ctx *ctx)
{
  /* (The monitor may index the new articles meanwhile: INDEX alone.) */
  if (what & VIGIL_STORE_CHANGE_ARTICLES)
    ctx->store_signals++;
}

static gboolean
run (gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (VigilArticle) top = NULL;
  gint64 selected, first_new;
  GListModel *list;

  g_assert_true (vigil_test_wait_until (demo_ready, ctx, VIGIL_TEST_WAIT_SECONDS));
  ctx->store = ctx->window->store;
  sources = vigil_store_list_sources (ctx->store, NULL);
  g_assert_nonnull (sources);
  g_assert_cmpuint (sources->len, >, 0);
  ctx->source = ((VigilSource *) g_ptr_array_index (sources, 0))->id;

  /* An article selected (and so marked read by the window). */
  gtk_single_selection_set_selected (ctx->window->selection, 2);
  selected = selected_id (ctx);
  g_assert_cmpint (selected, >, 0);
  g_assert_true (vigil_test_wait_until (selected_read, ctx, VIGIL_TEST_WAIT_SECONDS));

  /* 1. A new article stored by a worker thread: listed on top, counted in the
   * sidebar, the selection still on its article. */
  g_assert_true (vigil_test_wait_until (demo_ready, ctx, VIGIL_TEST_WAIT_SECONDS));
  ctx->list_before = n_listed (ctx);
  ctx->unread_before = sidebar_unread (ctx, ctx->source);
  g_assert_cmpuint (ctx->unread_before, !=, G_MAXUINT);
  ingest_elsewhere (ctx, "one", 1, 0);
  g_assert_true (vigil_test_wait_until (one_more_listed, ctx, VIGIL_TEST_WAIT_SECONDS));
  top = g_list_model_get_item (vigil_window_get_articles (ctx->window), 0);
  g_assert_cmpstr (top->title, ==, "Checkpoint report one-0");
  first_new = top->id;
  g_assert_cmpint (selected_id (ctx), ==, selected);

  /* 2. That article read by another path (a sync, a notification): the row's
   * object is the same, and says read; the count goes down. */
  ctx->unread_before = sidebar_unread (ctx, ctx->source);
  g_assert_false (top->read);
  g_assert_true (vigil_store_set_read (ctx->store, first_new, TRUE, NULL));
  g_assert_true (vigil_test_wait_until (read_shown, ctx, VIGIL_TEST_WAIT_SECONDS));
  g_assert_true (
      vigil_test_wait_until (vigil_test_flag_is_set, &top->read, VIGIL_TEST_WAIT_SECONDS));
  {
    g_autoptr (VigilArticle) again
        = g_list_model_get_item (vigil_window_get_articles (ctx->window), 0);
    g_assert_true (again == top);
  }
  g_assert_cmpint (selected_id (ctx), ==, selected);

  /* 3. A burst: 300 transactions, one article each, committed before the
   * window's next main-loop iteration. One emission of "changed", and the
   * list told once (the new rows in front), not 300 times. */
  list = vigil_window_get_articles (ctx->window);
  ctx->list_before = n_listed (ctx);
  ctx->unread_before = sidebar_unread (ctx, ctx->source);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_list_changed), ctx);
  g_signal_connect (ctx->store, "changed", G_CALLBACK (on_store_changed), ctx);
  ingest_elsewhere (ctx, "burst", BURST, 0);
  g_assert_true (vigil_test_wait_until (burst_listed, ctx, VIGIL_TEST_WAIT_SECONDS));
  g_test_message ("a burst of %u writes: %u emissions of changed, %u of items-changed", BURST,
                  ctx->store_signals, ctx->list_signals);
  g_assert_cmpuint (ctx->store_signals, ==, 1);
  g_assert_cmpuint (ctx->list_signals, ==, 1);
  g_assert_cmpint (listed_id (ctx, BURST), ==, first_new);
  g_assert_cmpint (selected_id (ctx), ==, selected);
  g_signal_handlers_disconnect_by_data (list, ctx);
  g_signal_handlers_disconnect_by_data (ctx->store, ctx);

  /* 4. An older article slipped in below the top: not only new rows in front,
   * so every row is said replaced; the list stays scrolled where the desk had
   * it, the selection on its article. (A list taken as it changes, however
   * long: see 5 for a long list's "N New Articles".) */
  vigil_window_set_list_kept_from (ctx->window, G_MAXUINT);
  {
    GtkAdjustment *scroll
        = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (ctx->window->article_list));
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (ctx->window));
    double before, after;

    g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), ctx);
    /* Half way down (the list's height is estimated until its rows are
     * made: set twice, laid out in between). */
    for (guint i = 0; i < 2; i++)
      {
        gtk_adjustment_set_value (
            scroll,
            (gtk_adjustment_get_upper (scroll) - gtk_adjustment_get_page_size (scroll)) / 2);
        wait_frames (ctx, 3);
      }
    before = gtk_adjustment_get_value (scroll);
    ctx->list_before = n_listed (ctx);
    ingest_elsewhere (ctx, "old", 1, g_get_real_time () / G_USEC_PER_SEC - 40 * 24 * 3600);
    g_assert_true (vigil_test_wait_until (one_more_in_list, ctx, VIGIL_TEST_WAIT_SECONDS));
    wait_frames (ctx, 3);
    after = gtk_adjustment_get_value (scroll);
    g_test_message ("scrolled to %.0f of %.0f px (%.0f shown); after a reload of every row: %.0f",
                    before, gtk_adjustment_get_upper (scroll),
                    gtk_adjustment_get_page_size (scroll), after);
    /* The same screen, give or take what the estimated heights of rows not
     * made yet move it (at the top, it would be 0). */
    g_assert_cmpfloat (before, >, 1000);
    g_assert_cmpfloat (ABS (after - before), <, gtk_adjustment_get_page_size (scroll) / 2);
    g_assert_cmpint (selected_id (ctx), ==, selected);
    g_signal_handlers_disconnect_by_data (clock, ctx);
  }
  vigil_window_set_list_kept_from (ctx->window, 200);

  /* 5. Two older articles stored among the rows of a long list, as a sync
   * stores a feed's back items: the rows stay as they are (same objects, no
   * items-changed), "2 New Articles" says they wait; the button shows them. */
  {
    g_autoptr (VigilArticle) row = NULL;
    GtkRevealer *revealer = ctx->window->new_revealer;
    guint position = n_listed (ctx) / 2;

    list = vigil_window_get_articles (ctx->window);
    ctx->list_before = n_listed (ctx);
    ctx->unread_before = sidebar_unread (ctx, ctx->source);
    row = g_list_model_get_item (list, position);
    ctx->list_signals = 0;
    g_signal_connect (list, "items-changed", G_CALLBACK (on_list_changed), ctx);
    ingest_elsewhere (ctx, "back", 2, g_get_real_time () / G_USEC_PER_SEC - 3 * 24 * 3600);
    g_assert_true (vigil_test_wait_until (new_offered, ctx, VIGIL_TEST_WAIT_SECONDS));
    g_assert_cmpstr (gtk_button_get_label (ctx->window->new_button), ==, "2 New Articles");
    g_assert_cmpuint (n_listed (ctx), ==, ctx->list_before);
    g_assert_cmpuint (ctx->list_signals, ==, 0);
    {
      g_autoptr (VigilArticle) again = g_list_model_get_item (list, position);
      g_assert_true (again == row);
    }
    g_assert_cmpint (selected_id (ctx), ==, selected);
    g_signal_handlers_disconnect_by_data (list, ctx);
    gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.show-new", NULL);
    g_assert_cmpuint (n_listed (ctx), ==, ctx->list_before + 2);
    g_assert_false (gtk_revealer_get_reveal_child (revealer));
    g_assert_cmpint (selected_id (ctx), ==, selected);
  }

  /* 6. A short list (another source's few articles) that gets 120 older ones
   * at once: given at most a screenful (25 rows) at a time, then all. */
  {
    gint64 other = 0;

    for (guint i = 0; i < sources->len && other == 0; i++)
      if (((VigilSource *) g_ptr_array_index (sources, i))->id != ctx->source)
        other = ((VigilSource *) g_ptr_array_index (sources, i))->id;
    g_assert_cmpint (other, >, 0);
    ui_test_select_view (ctx->window, other);
    ctx->source = other;
    g_assert_true (vigil_test_wait_until (view_listed, ctx, VIGIL_TEST_WAIT_SECONDS));
    ctx->list_before = n_listed (ctx);
    g_assert_cmpuint (ctx->list_before, <, 25);
    list = vigil_window_get_articles (ctx->window);
    ctx->most_added = 0;
    g_signal_connect (list, "items-changed", G_CALLBACK (on_list_changed), ctx);
    ingest_elsewhere (ctx, "many", 120, g_get_real_time () / G_USEC_PER_SEC - 5 * 24 * 3600);
    g_assert_true (vigil_test_wait_until (many_listed, ctx, VIGIL_TEST_WAIT_SECONDS));
    g_test_message ("120 rows given to a list of %u: at most %u in one items-changed",
                    ctx->list_before, ctx->most_added);
    g_assert_cmpuint (ctx->most_added, <=, 25);
    g_signal_handlers_disconnect_by_data (list, ctx);
  }
  shot ("vigil-ui-changes.png");

  ctx->done = TRUE;
  return ui_test_quit (ctx->app);
}

static void
test_views_follow_store (void)
{
  Ctx ctx = { 0 };

  ui_test_run_ticking (&ctx.app, 0, run, &ctx);
  g_assert_true (ctx.done);
  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-changes-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/changes/views-follow-store", test_views_follow_store);
  return g_test_run ();
}
