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
 * the Alerts view for a rule deleted since. (test-ui-unread reads on from the
 * Alerts view: Mark All as Read, n and Space.)
 * Screenshots of results after a view change (a word in Unread, an entity in
 * Alerts) are saved in the build directory. */
#include "config.h"

#include "test-ui-search-common.h"

static ViewResult *
current (Ctx *ctx)
{
  return g_ptr_array_index (ctx->results, ctx->results->len - 1);
}

static const char *
entry_text (Ctx *ctx)
{
  return gtk_editable_get_text (GTK_EDITABLE (window_child (ctx, "search_entry")));
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

static const char *chip_click = "(function () {"
                                "  var chip = document.querySelector('#vigil-chips a.chip');"
                                "  if (!chip) return '';"
                                "  var name = decodeURIComponent(chip.getAttribute('href')"
                                "    .substring('vigil:entity/'.length));"
                                "  chip.click();"
                                "  return name;"
                                "})()";

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

static void
save_shot (Ctx *ctx, const char *what)
{
  g_autofree char *name = g_strdup_printf ("vigil-ui-search-%s.png", what);

  shot (name);
  ctx->shots++;
}

static gint64
shown_id (Ctx *ctx)
{
  VigilArticle *a = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));

  return a ? a->id : 0;
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

static gboolean
drive (gpointer data)
{
  Ctx *ctx = data;
  ViewResult *r = ctx->results->len ? current (ctx) : NULL;

  switch (ctx->step)
    {
    case STEP_WAIT_WINDOW:
      return wait_window (ctx, STEP_SELECT_VIEW);

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
        go (ctx, STEP_ARTICLE_LOADED);
        return G_SOURCE_CONTINUE;
      }

    case STEP_ARTICLE_LOADED:
      if (!ctx->loaded && !waited_too_long (ctx))
        return G_SOURCE_CONTINUE;
      if (!ui_page_eval_into (&ctx->chip_eval, ctx->web_view, chip_click, &ctx->chip_name))
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
      {
        GListModel *articles = vigil_window_get_articles (ctx->window);
        r->end_shown = shown_id (ctx);
        r->end_selected = selected_id (ctx);
        for (guint i = 0; i < g_list_model_get_n_items (articles) && !r->end_listed; i++)
          {
            g_autoptr (VigilArticle) a = g_list_model_get_item (articles, i);
            r->end_listed = a->id == r->end_shown;
          }
      }
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
      go (ctx, STEP_DONE);
      return G_SOURCE_CONTINUE;

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
        ctx->valid_tooltip
            = gtk_widget_get_tooltip_text (window_child (ctx, "search_entry")) != NULL;
        {
          /* No valid query: searched as plain words, and said why. */
          GtkWidget *page = gtk_stack_get_child_by_name (
              GTK_STACK (window_child (ctx, "list_stack")), "no-results");
          type_search (ctx, "category:bogus");
          g_assert_true (vigil_test_wait_until (search_ended, ctx, VIGIL_TEST_WAIT_SECONDS));
          ctx->bogus_said = g_strdup (adw_status_page_get_description (ADW_STATUS_PAGE (page)));
          ctx->bogus_tooltip
              = g_strdup (gtk_widget_get_tooltip_text (window_child (ctx, "search_entry")));
        }
        {
          /* Ctrl+F again on the search shown: its whole text selected, to
           * type anew. */
          int start = -1, end = -1;
          GtkEditable *entry = GTK_EDITABLE (window_child (ctx, "search_entry"));
          gtk_editable_select_region (entry, 0, 0);
          gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.search", NULL);
          ctx->refind_selects = gtk_editable_get_selection_bounds (entry, &start, &end)
                                && start == 0
                                && end == (int) g_utf8_strlen (gtk_editable_get_text (entry), -1);
        }
        /* Two queries typed before the first one's results: the second's
         * results, whichever search ends first. */
        type_search (ctx, "category:kidnapping");
        search_count (ctx, WORD, &ctx->second_shown, &ctx->second_expected);
        ctx->second_is_word = showing_results (ctx);
        end_search (ctx);
      }
      return ui_test_quit (ctx->app);

    case STEP_SEARCH_MARK:
    case STEP_SEARCH_SHOWN:
    case STEP_SEARCH_MARKED:
    case STEP_SEARCH_UNDONE:
    case STEP_SCROLL_ALL:
    case STEP_SCROLLED_ALL:
    case STEP_UNREAD_OPENED:
    case STEP_SHOW_ALERTS:
    case STEP_ALERTS_SHOWN:
    case STEP_MARKED_READ:
    case STEP_UNDONE:
    case STEP_NEXT_UNREAD:
    case STEP_SPACE:
    case STEP_ACROSS:
    case STEP_ACROSS_N:
    default:
      g_assert_not_reached ();
    }
}

static void
test_search_every_view (void)
{
  Ctx ctx = { 0 };
  const char *argv[] = { "vigil", NULL };
  gboolean smart[6] = { FALSE };
  guint sources = 0, rules = 0, ended_listed = 0;

  start_app (&ctx, drive);
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
                      "search ended on %" G_GINT64_FORMAT " (listed %d, selected %" G_GINT64_FORMAT
                      "); selected while searching: %u shown (store %u), then lists %u (store %u)",
                      r->title, r->view, r->rule ? ", rule " : "", r->rule ? r->rule : "",
                      r->listed, r->listed_expected, WORD, r->word_shown, r->word_page,
                      r->word_expected, r->chip_query, r->chip_shown, r->chip_page,
                      r->chip_expected, r->end_shown, r->end_listed, r->end_selected, r->kept_shown,
                      r->kept_expected, r->kept_listed, r->kept_listed_expected);
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
      /* The search ended: the article still shown is the row highlighted,
       * where the view lists it. */
      if (r->end_listed)
        {
          g_assert_cmpint (r->end_selected, ==, r->end_shown);
          ended_listed++;
        }
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
  g_assert_false (ctx.valid_tooltip);
  /* An unknown category: the empty page and the box's tooltip say so. */
  g_test_message ("category:bogus: tooltip \"%s\"", ctx.bogus_tooltip);
  ui_test_assert_holds_all ("category:bogus", ctx.bogus_said,
                            (const char *const[]){ "bogus", "plain words", NULL });
  g_assert_nonnull (strstr (ctx.bogus_tooltip, "bogus"));
  g_assert_true (ctx.refind_selects);
  g_free (ctx.bogus_said);
  g_free (ctx.bogus_tooltip);
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
  /* Every kind of view was tried: All, Alerts and the smart views, a rule's
   * view, a source. */
  for (guint i = 0; i < G_N_ELEMENTS (smart); i++)
    g_assert_true (smart[i]);
  g_assert_cmpuint (rules, >=, 1);
  g_assert_cmpuint (sources, >=, 1);
  /* (Most views list the article read when their chip's search ended.) */
  g_assert_cmpuint (ended_listed, >=, ctx.results->len / 2);
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
