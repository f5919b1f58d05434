/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading on in the real window under Xvfb with the demo sources: Mark All as
 * Read on the Alerts view and Undo in its toast, n twice for the next unread
 * article, Space at the end of an article, n in a source with nothing unread
 * left (the next unread article of another source, in the Unread view). */
#include "config.h"

#include "test-ui-search-common.h"

/* How many of the search's results (the rows shown) say they are unread. */
static guint
results_unread (Ctx *ctx)
{
  GListModel *shown = vigil_window_get_visible_articles (ctx->window);
  guint unread = 0;

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (shown, i);
      unread += !a->read;
    }
  return unread;
}

/* A toast's Undo not clicked yet (a clicked one hides, its toast staying up
 * a while with what is now so). */
static GtkWidget *
undo_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Undo") == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = undo_button (c);
      if (found)
        return found;
    }
  return NULL;
}

/* The article list's vertical scroll. */
static GtkAdjustment *
list_scroll (Ctx *ctx)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (window_child (ctx, "article_list")));
}

static gboolean
drive (gpointer data)
{
  Ctx *ctx = data;

  switch (ctx->step)
    {
    case STEP_WAIT_WINDOW:
      return wait_window (ctx, STEP_SEARCH_MARK);

    case STEP_SEARCH_MARK:
      vigil_window_search (ctx->window, WORD);
      go (ctx, STEP_SEARCH_SHOWN);
      return G_SOURCE_CONTINUE;

    case STEP_SEARCH_SHOWN:
      if (!showing_results (ctx) && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      ctx->search_shown
          = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
      ctx->search_unread_before = results_unread (ctx);
      gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.mark-view-read", NULL);
      go (ctx, STEP_SEARCH_MARKED);
      return G_SOURCE_CONTINUE;

    case STEP_SEARCH_MARKED:
      {
        GtkWidget *undo = undo_button (window_child (ctx, "toast_overlay"));
        if (undo == NULL && !waited_too_long (ctx))
          return G_SOURCE_CONTINUE;
        ctx->search_unread_after = results_unread (ctx);
        if (undo != NULL)
          g_signal_emit_by_name (undo, "clicked");
      }
      go (ctx, STEP_SEARCH_UNDONE);
      return G_SOURCE_CONTINUE;

    case STEP_SEARCH_UNDONE:
      if (results_unread (ctx) != ctx->search_unread_before && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      ctx->search_unread_undone = results_unread (ctx);
      end_search (ctx);
      go (ctx, STEP_SCROLL_ALL);
      return G_SOURCE_CONTINUE;

    case STEP_SCROLL_ALL:
      /* (No article shown meanwhile: the list's scroll is what is looked at.) */
      gtk_selection_model_unselect_all (
          gtk_list_view_get_model (GTK_LIST_VIEW (window_child (ctx, "article_list"))));
      vigil_window_show_view (ctx->window, VIGIL_VIEW_ALL);
      go (ctx, STEP_SCROLLED_ALL);
      return G_SOURCE_CONTINUE;

    case STEP_SCROLLED_ALL:
      {
        /* All Articles at its end, its last row selected (as the walk-through
         * found it: the Unread view then opened at the bottom of its list). */
        GtkAdjustment *scroll = list_scroll (ctx);
        GListModel *shown = vigil_window_get_visible_articles (ctx->window);
        guint n = g_list_model_get_n_items (shown);
        if (gtk_adjustment_get_value (scroll) < 1 && ctx->ticks > 3 && n > 0)
          gtk_adjustment_set_value (scroll, gtk_adjustment_get_upper (scroll));
        if ((gtk_adjustment_get_value (scroll) < 1 || ctx->ticks < 6) && !waited_too_long (ctx))
          return G_SOURCE_CONTINUE;
        if (n > 0)
          gtk_selection_model_select_item (
              gtk_list_view_get_model (GTK_LIST_VIEW (window_child (ctx, "article_list"))), n - 1,
              TRUE);
        ctx->scrolled_all = gtk_adjustment_get_value (scroll);
        vigil_window_show_view (ctx->window, VIGIL_VIEW_UNREAD);
        go (ctx, STEP_UNREAD_OPENED);
        return G_SOURCE_CONTINUE;
      }

    case STEP_UNREAD_OPENED:
      /* A few frames for the new rows to be measured and placed. */
      if (ctx->ticks++ < 5)
        return G_SOURCE_CONTINUE;
      ctx->unread_scrolled = gtk_adjustment_get_value (list_scroll (ctx));
      ctx->unread_room = gtk_adjustment_get_upper (list_scroll (ctx))
                         - gtk_adjustment_get_page_size (list_scroll (ctx));
      go (ctx, STEP_SHOW_ALERTS);
      return G_SOURCE_CONTINUE;

    case STEP_SHOW_ALERTS:
      vigil_window_show_view (ctx->window, VIGIL_VIEW_ALERTS);
      go (ctx, STEP_ALERTS_SHOWN);
      return G_SOURCE_CONTINUE;

    case STEP_ALERTS_SHOWN:
      {
        /* The list is the Alerts view's own: Mark All as Read there. */
        ViewResult alerts = { .view = VIGIL_VIEW_ALERTS };
        guint listed, expected;
        if (!view_list (ctx, &alerts, &listed, &expected) && !waited_too_long (ctx))
          return G_SOURCE_CONTINUE;
      }
      ctx->alerts_unread_before = unread_in (ctx, VIGIL_VIEW_ALERTS);
      ctx->other_unread_before = unread_in (ctx, VIGIL_VIEW_ALL) - ctx->alerts_unread_before;
      gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.mark-view-read", NULL);
      go (ctx, STEP_MARKED_READ);
      return G_SOURCE_CONTINUE;

    case STEP_MARKED_READ:
      {
        GtkWidget *undo = undo_button (window_child (ctx, "toast_overlay"));
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
        /* (Opening it marks it read, in a worker that may have written by
         * the time the store is read: was it unread just before?) */
        g_autoptr (GPtrArray) unread
            = vigil_store_list_articles (store_of (ctx), VIGIL_VIEW_UNREAD, NULL);
        gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.next-unread", NULL);
        list = vigil_window_get_articles (ctx->window);
        ctx->across_view = VIGIL_IS_ARTICLE_LIST (list)
                               ? vigil_article_list_get_source_id (VIGIL_ARTICLE_LIST (list))
                               : 0;
        {
          g_autoptr (VigilArticle) next
              = vigil_store_get_article (store_of (ctx), selected_id (ctx), NULL);
          ctx->across_next_source = next ? next->source_id : 0;
          for (guint k = 0; next && unread && k < unread->len; k++)
            if (((VigilArticle *) g_ptr_array_index (unread, k))->id == next->id)
              ctx->across_next_unread = TRUE;
        }
        go (ctx, STEP_DONE);
        return G_SOURCE_CONTINUE;
      }

    case STEP_DONE:
      return ui_test_quit (ctx->app);

    case STEP_SELECT_VIEW:
    case STEP_WORD_SHOWN:
    case STEP_END_WORD:
    case STEP_SHOW_ARTICLE:
    case STEP_ARTICLE_LOADED:
    case STEP_CHIP_CLICKED:
    case STEP_END_CHIP:
    case STEP_KEPT_SEARCH:
    case STEP_KEPT_END:
    case STEP_OPEN_FOUND:
    case STEP_OPEN_OTHER:
    case STEP_MATCHES_SEARCH:
    case STEP_MATCHES_SHOWN:
    case STEP_GONE_RULE_SHOWN:
    default:
      g_assert_not_reached ();
    }
}

static void
test_unread (void)
{
  Ctx ctx = { 0 };
  const char *argv[] = { "vigil", NULL };

  start_app (&ctx, drive);
  g_assert_cmpint (g_application_run (G_APPLICATION (ctx.app), 1, (char **) argv), ==, 0);

  if (ctx.timed_out)
    g_test_message ("waited too long in %s", ctx.timed_out_in);
  g_assert_false (ctx.timed_out);
  /* Mark All as Read on a search: its rows say read, and unread after Undo. */
  g_test_message ("mark all read in a search: %u shown, unread %u -> %u -> undo %u",
                  ctx.search_shown, ctx.search_unread_before, ctx.search_unread_after,
                  ctx.search_unread_undone);
  g_assert_cmpuint (ctx.search_unread_before, >=, 2);
  g_assert_cmpuint (ctx.search_unread_after, ==, 0);
  g_assert_cmpuint (ctx.search_unread_undone, ==, ctx.search_unread_before);
  /* Another view opens at its top, wherever the last one was scrolled. */
  g_test_message ("All Articles scrolled to %.0f px, the Unread view opened at %.0f px (of %.0f)",
                  ctx.scrolled_all, ctx.unread_scrolled, ctx.unread_room);
  g_assert_cmpfloat (ctx.scrolled_all, >, 100);
  g_assert_cmpfloat (ctx.unread_room, >, 100); /* (it could have opened scrolled) */
  g_assert_cmpfloat (ctx.unread_scrolled, ==, 0);
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

  g_ptr_array_unref (ctx.results);
  g_free (ctx.timed_out_in);
  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-unread-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/unread", test_unread);
  return g_test_run ();
}
