/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-keyboard.c — the panes by keyboard (issue 18): the real window under Xvfb on the demo
 * sources, three panes wide, driven by real key presses (xdotool through the X server's XTEST,
 * so they go through GDK and every controller as a desk's keyboard does). From the sidebar's
 * open view: Down moves the focus to the next row and leaves the view open (a view opens on
 * activation only); Tab goes to the article list, where Down moves the focus to the next row and
 * leaves the article shown (read back from the page through JavaScript), and Enter shows the
 * focused row's article, and so does a click (the pointer, through XTEST) on the row under it;
 * Tab again goes to the article; F6 goes round the
 * three panes (sidebar, list, article, sidebar), Shift+F6 back, Shift+Tab from the list to the
 * sidebar; Enter on a sidebar row opens its view. Then at 800 px (two panes): j, Back
 * (Alt+Left), j, each article shown, with no critical on the way (a WebKit critical was
 * reported for that sequence). Skipped without xdotool or an X display. */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "vigil-application.h"
#include "vigil-article-view.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  guint ticks;
  guint step;
  guint waited; /* ticks spent on the step */
  char *xid;
  GtkListBoxRow *open_row; /* the sidebar's open view when the keys start */
  GtkListBoxRow *next_row; /* the row under it */
  GString *log;            /* the panes the focus went through, "sidebar list article …" */
  gboolean view_kept;      /* Down left the open view selected */
  gboolean view_opened;    /* Enter opened the row's view */
  gboolean text_focused;   /* F6 put the focus on the article's text */
  char *pane_log;          /* the log up to there */
  gint64 shown;            /* the article shown before a key */
  VigilArticle *first;     /* the list's first two articles */
  VigilArticle *second;
  VigilArticle *third;
  gboolean list_kept;      /* Down in the list moved the focus, not the article shown */
  char *title_after_down;  /* the page's title then */
  char *title_after_enter; /* and once Enter showed the focused row's article */
  char *title_after_click; /* and once a click showed the third row's */
  UiPageEval page;
  guint pages_loaded;      /* by the article view */
  guint pages_before;      /* when Enter was pressed */
  gboolean two_panes_read; /* j, Back, j at 800 px, every page loaded */
  gboolean space_read_on;  /* Space in the list showed the next unread article */
  guint spaces;            /* Space presses it took */
  guint space_ticks;
  guint menu_ticks;
  GtkStateFlags menu_row_state; /* the right-clicked row's once its menu closed */
  gboolean ring_after_f6;       /* the focus ring shown after F6 */
} Ctx;

static GtkWidget *
child (Ctx *ctx, const char *name)
{
  return GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, name));
}

/* Where the focus is: "sidebar", "list", "article", or "elsewhere". */
static const char *
focus_pane (Ctx *ctx)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (ctx->window));
  const struct
  {
    const char *pane, *widget;
  } panes[]
      = { { "sidebar", "sidebar_pane" }, { "list", "list_pane" }, { "article", "detail_stack" } };

  for (guint i = 0; focus != NULL && i < G_N_ELEMENTS (panes); i++)
    if (gtk_widget_is_ancestor (focus, child (ctx, panes[i].widget)))
      return panes[i].pane;
  return "elsewhere";
}

static WebKitWebView *
web_view (Ctx *ctx)
{
  return vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window));
}

/* The page's title, read into *slot; FALSE until the page has answered. */
static gboolean
read_page_title (Ctx *ctx, char **slot)
{
  return ui_page_eval_into (&ctx->page, web_view (ctx),
                            "document.getElementById ('vigil-title').textContent", slot);
}

/* The id of the article shown, or 0. */
static gint64
shown_article (Ctx *ctx)
{
  VigilArticle *a = vigil_article_view_get_article (vigil_window_get_article_view (ctx->window));

  return a != NULL ? a->id : 0;
}

/* A key pressed and released on the X server, as a keyboard would. */
static void
press (Ctx *ctx, const char *key)
{
  /* XTEST, not a synthetic event sent to the window (which toolkits may ignore). */
  const char *argv[] = { "xdotool", "key", key, NULL };
  const char *focus_argv[] = { "xdotool", "windowfocus", "--sync", ctx->xid, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) focus_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  /* (Space reads on a page at a time: how many depends on the article.) */
  if (!g_str_equal (key, "space"))
    g_string_append_printf (ctx->log, "%s→", key);
  ctx->waited = 0;
}

/* Whether the focus reached pane (logged once it has). */
static gboolean
reached (Ctx *ctx, const char *pane)
{
  if (!g_str_equal (focus_pane (ctx), pane))
    {
      if (++ctx->waited == 50)
        g_test_message ("focus still in %s, waiting for %s", focus_pane (ctx), pane);
      return FALSE;
    }
  g_string_append_printf (ctx->log, "%s ", pane);
  return TRUE;
}

/* The position of the article list's row that has the focus, or -1. */
static int
focused_list_row (Ctx *ctx)
{
  GtkWidget *list = child (ctx, "article_list");
  GtkWidget *w = gtk_root_get_focus (GTK_ROOT (ctx->window));
  GtkListItem *item;

  while (w != NULL && gtk_widget_get_parent (w) != list)
    w = gtk_widget_get_parent (w);
  item = w && gtk_widget_get_first_child (w)
             ? g_object_get_data (G_OBJECT (gtk_widget_get_first_child (w)), "vigil-list-item")
             : NULL;
  return item != NULL ? (int) gtk_list_item_get_position (item) : -1;
}

static guint
selected_row (Ctx *ctx)
{
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (child (ctx, "article_list")));

  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));
}

/* A click of the first button, through the X server, in the middle of the
 * article list's row at position. */
/* The list item widget (the list view's child) of the row at position. */
static GtkWidget *
list_row (Ctx *ctx, guint position)
{
  GtkWidget *list = child (ctx, "article_list");

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkListItem *item
          = gtk_widget_get_first_child (c)
                ? g_object_get_data (G_OBJECT (gtk_widget_get_first_child (c)), "vigil-list-item")
                : NULL;
      if (item != NULL && gtk_list_item_get_position (item) == position)
        return c;
    }
  return NULL;
}

/* A real click (button 1, or 3 for the menu) on the row at position. */
static void
click_row_with (Ctx *ctx, guint position, const char *button)
{
  GtkWidget *row = list_row (ctx, position);
  graphene_rect_t bounds;
  double dx, dy;
  g_autofree char *x = NULL, *y = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_bounds (row, GTK_WIDGET (ctx->window), &bounds));
  gtk_native_get_surface_transform (GTK_NATIVE (ctx->window), &dx, &dy);
  x = g_strdup_printf ("%d", (int) (dx + bounds.origin.x + bounds.size.width / 2));
  y = g_strdup_printf ("%d", (int) (dy + bounds.origin.y + bounds.size.height / 2));
  {
    const char *argv[]
        = { "xdotool", "mousemove", "--window", ctx->xid, x, y, "click", button, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                                 NULL, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_string_append_printf (ctx->log, g_str_equal (button, "3") ? "right-click→" : "click→");
}

static void
click_row (Ctx *ctx, guint position)
{
  click_row_with (ctx, position, "1");
}

static void
on_load_changed (WebKitWebView *web_view, WebKitLoadEvent event, Ctx *ctx)
{
  if (event == WEBKIT_LOAD_FINISHED)
    ctx->pages_loaded++;
}

static gboolean
drive (gpointer data)
{
  Ctx *ctx = data;
  GtkListBox *sidebar;
  GtkWidget *focus;

  if (++ctx->ticks > 900)
    {
      g_test_fail_printf ("timed out at step %u (focus in %s; %s)", ctx->step,
                          ctx->window ? focus_pane (ctx) : "no window", ctx->log->str);
      return ui_test_quit (ctx->app);
    }
  if (ctx->window == NULL)
    ctx->window = ui_test_find_window (ctx->app);
  if (!ui_test_is_mapped (ctx->window))
    return G_SOURCE_CONTINUE;
  sidebar = GTK_LIST_BOX (child (ctx, "sources_list"));
  focus = gtk_root_get_focus (GTK_ROOT (ctx->window));
  switch (ctx->step)
    {
    case 0:
      {
        /* The demo read, All Articles open, an article shown beside. */
        GListModel *articles = vigil_window_get_articles (ctx->window);
        GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (ctx->window));
        if (g_list_model_get_n_items (articles) < 10
            || gtk_list_box_get_selected_row (sidebar) == NULL)
          return G_SOURCE_CONTINUE;
        if (!GDK_IS_X11_SURFACE (surface))
          {
            g_test_skip ("not an X11 window");
            return ui_test_quit (ctx->app);
          }
        ctx->xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
        g_signal_connect (web_view (ctx), "load-changed", G_CALLBACK (on_load_changed), ctx);
        ctx->first = g_list_model_get_item (articles, 0);
        ctx->second = g_list_model_get_item (articles, 1);
        ctx->third = g_list_model_get_item (articles, 2);
        g_assert_true (vigil_window_show_article (ctx->window, ctx->first->id));
        ctx->open_row = gtk_list_box_get_selected_row (sidebar);
        g_assert_cmpint (sidebar_view (ctx->open_row), ==, VIGIL_VIEW_ALL);
        ctx->next_row = gtk_list_box_get_row_at_index (
            sidebar, gtk_list_box_row_get_index (ctx->open_row) + 1);
        g_assert_nonnull (ctx->next_row);
        g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (ctx->open_row)));
        ctx->step = 1;
        return G_SOURCE_CONTINUE;
      }

    case 1:
      /* The article on screen, the focus on the open view's row. */
      if (vigil_article_view_get_article (vigil_window_get_article_view (ctx->window)) == NULL
          || focus != GTK_WIDGET (ctx->open_row))
        return G_SOURCE_CONTINUE;
      g_string_append (ctx->log, "sidebar ");
      press (ctx, "Down");
      ctx->step = 2;
      return G_SOURCE_CONTINUE;

    case 2:
      if (focus != GTK_WIDGET (ctx->next_row))
        return G_SOURCE_CONTINUE;
      ctx->view_kept = gtk_list_box_get_selected_row (sidebar) == ctx->open_row;
      press (ctx, "Tab");
      ctx->step = 3;
      return G_SOURCE_CONTINUE;

    case 3:
      if (!reached (ctx, "list"))
        return G_SOURCE_CONTINUE;
      /* On the shown article's row: Down. */
      g_assert_cmpint (focused_list_row (ctx), ==, 0);
      g_assert_cmpint (shown_article (ctx), ==, ctx->first->id);
      press (ctx, "Down");
      ctx->step = 20;
      return G_SOURCE_CONTINUE;

    case 20:
      /* The focus on the next row; the selection and the article shown kept. */
      if (focused_list_row (ctx) != 1)
        return G_SOURCE_CONTINUE;
      ctx->list_kept = selected_row (ctx) == 0 && shown_article (ctx) == ctx->first->id;
      ctx->step = 21;
      return G_SOURCE_CONTINUE;

    case 21:
      /* What the page shows, read from it. */
      if (!read_page_title (ctx, &ctx->title_after_down))
        return G_SOURCE_CONTINUE;
      shot ("vigil-ui-keyboard-list-focus.png");
      ctx->pages_before = ctx->pages_loaded;
      press (ctx, "Return");
      ctx->step = 22;
      return G_SOURCE_CONTINUE;

    case 22:
      /* Enter: the focused row's article shown, its page loaded. */
      if (shown_article (ctx) != ctx->second->id || ctx->pages_loaded == ctx->pages_before
          || webkit_web_view_is_loading (web_view (ctx))
          || !read_page_title (ctx, &ctx->title_after_enter))
        return G_SOURCE_CONTINUE;
      g_assert_cmpuint (selected_row (ctx), ==, 1);
      g_assert_cmpint (focused_list_row (ctx), ==, 1);
      shot ("vigil-ui-keyboard-list-enter.png");
      ctx->pages_before = ctx->pages_loaded;
      click_row (ctx, 2);
      ctx->step = 23;
      return G_SOURCE_CONTINUE;

    case 23:
      /* A click on the third row: its article shown, its page loaded. */
      if (shown_article (ctx) != ctx->third->id || ctx->pages_loaded == ctx->pages_before
          || webkit_web_view_is_loading (web_view (ctx))
          || !read_page_title (ctx, &ctx->title_after_click))
        return G_SOURCE_CONTINUE;
      g_assert_cmpuint (selected_row (ctx), ==, 2);
      /* Space in the list reads on: the article scrolls a page, and at its
       * end the next unread one is shown. */
      ctx->pages_before = ctx->pages_loaded;
      ctx->spaces = 1;
      press (ctx, "space");
      ctx->step = 24;
      return G_SOURCE_CONTINUE;

    case 24:
      if (shown_article (ctx) == ctx->third->id && ++ctx->space_ticks % 25 == 0 && ctx->spaces < 8)
        {
          /* Still scrolling down the article: Space again. */
          ctx->spaces++;
          press (ctx, "space");
          g_assert_cmpint (focused_list_row (ctx), >=, 0);
          return G_SOURCE_CONTINUE;
        }
      if (shown_article (ctx) == ctx->third->id || ctx->pages_loaded == ctx->pages_before
          || webkit_web_view_is_loading (web_view (ctx)))
        return G_SOURCE_CONTINUE;
      ctx->space_read_on = TRUE;
      /* A right click on row 4: its menu; Escape closes it. */
      click_row_with (ctx, 4, "3");
      ctx->step = 25;
      return G_SOURCE_CONTINUE;

    case 25:
      if (find_popover_menu (child (ctx, "article_list")) == NULL)
        return G_SOURCE_CONTINUE;
      shot ("vigil-ui-keyboard-row-menu.png");
      press (ctx, "Escape");
      ctx->step = 26;
      return G_SOURCE_CONTINUE;

    case 26:
      {
        /* The menu gone, the pointer moved off to another row: the right
         * clicked row does not stay pressed or hovered (it looked selected). */
        GtkWidget *row = list_row (ctx, 4);
        if (find_popover_menu (child (ctx, "article_list")) != NULL || row == NULL)
          return G_SOURCE_CONTINUE;
        if (ctx->menu_ticks++ == 0)
          {
            const char *argv[] = { "xdotool", "mousemove_relative", "--", "0", "-150", NULL };
            g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                          NULL, NULL);
          }
        if (ctx->menu_ticks < 20)
          return G_SOURCE_CONTINUE;
        ctx->menu_row_state = gtk_widget_get_state_flags (row);
        shot ("vigil-ui-keyboard-row-menu-closed.png");
      }
      press (ctx, "Tab");
      ctx->step = 4;
      return G_SOURCE_CONTINUE;

    case 4:
      if (!reached (ctx, "article"))
        return G_SOURCE_CONTINUE;
      shot ("vigil-ui-keyboard-article.png");
      /* As after a click: no ring, until a key moves the focus. */
      gtk_window_set_focus_visible (GTK_WINDOW (ctx->window), FALSE);
      press (ctx, "F6");
      ctx->step = 5;
      return G_SOURCE_CONTINUE;

    case 5:
      if (!reached (ctx, "sidebar"))
        return G_SOURCE_CONTINUE;
      /* F6 moved the focus: its ring shows. */
      ctx->ring_after_f6 = gtk_window_get_focus_visible (GTK_WINDOW (ctx->window));
      press (ctx, "F6");
      ctx->step = 6;
      return G_SOURCE_CONTINUE;

    case 6:
      if (!reached (ctx, "list"))
        return G_SOURCE_CONTINUE;
      press (ctx, "F6");
      ctx->step = 7;
      return G_SOURCE_CONTINUE;

    case 7:
      if (!reached (ctx, "article"))
        return G_SOURCE_CONTINUE;
      /* F6 gives the article pane's text itself the focus (a screen reader reads
       * it, the arrows scroll it), not the first button over it. */
      {
        GtkWidget *web = GTK_WIDGET (
            vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window)));
        ctx->text_focused = focus == web || gtk_widget_is_ancestor (focus, web);
      }
      press (ctx, "shift+F6");
      ctx->step = 8;
      return G_SOURCE_CONTINUE;

    case 8:
      if (!reached (ctx, "list"))
        return G_SOURCE_CONTINUE;
      press (ctx, "shift+Tab");
      ctx->step = 9;
      return G_SOURCE_CONTINUE;

    case 9:
      if (!reached (ctx, "sidebar"))
        return G_SOURCE_CONTINUE;
      /* Back on the open view (the sidebar keeps its place): the row under it, Enter. */
      g_assert_true (focus == GTK_WIDGET (ctx->open_row));
      press (ctx, "Down");
      ctx->step = 10;
      return G_SOURCE_CONTINUE;

    case 10:
      if (focus != GTK_WIDGET (ctx->next_row))
        return G_SOURCE_CONTINUE;
      press (ctx, "Return");
      ctx->step = 11;
      return G_SOURCE_CONTINUE;

    case 11:
      if (gtk_list_box_get_selected_row (sidebar) != ctx->next_row && ++ctx->waited < 50)
        return G_SOURCE_CONTINUE;
      ctx->view_opened = gtk_list_box_get_selected_row (sidebar) == ctx->next_row;
      ctx->pane_log = g_strdup (ctx->log->str);
      /* Half a screen: two panes, the list and the article. */
      gtk_window_set_default_size (GTK_WINDOW (ctx->window), 800, 700);
      ctx->step = 12;
      return G_SOURCE_CONTINUE;

    case 12:
      if (gtk_widget_get_visible (child (ctx, "sidebar_pane"))
          || !gtk_widget_get_visible (child (ctx, "list_pane"))
          || !gtk_widget_get_visible (child (ctx, "detail_stack")))
        return G_SOURCE_CONTINUE;
      ctx->shown = shown_article (ctx);
      press (ctx, "j");
      ctx->step = 13;
      return G_SOURCE_CONTINUE;

    case 13:
      /* The next article shown (its page loaded), then Back: the sources in
       * the list's place, the article beside. */
      if (shown_article (ctx) == ctx->shown || webkit_web_view_is_loading (web_view (ctx)))
        return G_SOURCE_CONTINUE;
      press (ctx, "alt+Left");
      ctx->step = 14;
      return G_SOURCE_CONTINUE;

    case 14:
      if (!gtk_widget_get_visible (child (ctx, "sidebar_pane"))
          || gtk_widget_get_visible (child (ctx, "list_pane")))
        return G_SOURCE_CONTINUE;
      ctx->shown = shown_article (ctx);
      press (ctx, "j");
      ctx->step = 15;
      return G_SOURCE_CONTINUE;

    case 15:
      if (shown_article (ctx) == ctx->shown || webkit_web_view_is_loading (web_view (ctx)))
        return G_SOURCE_CONTINUE;
      ctx->two_panes_read = TRUE;
      return ui_test_quit (ctx->app);

    default:
      g_assert_not_reached ();
    }
}

static void
test_panes (void)
{
  Ctx ctx = { 0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  g_settings_set_int (settings, "window-width", 1200);
  ctx.log = g_string_new (NULL);
  ui_test_run_ticking (&ctx.app, 100, drive, &ctx);

  g_test_message ("focus: %s", ctx.log->str);
  if (!g_test_failed () && ctx.xid != NULL)
    {
      g_assert_cmpstr (ctx.pane_log, ==,
                       "sidebar Down→Tab→list Down→Return→click→right-click→Escape→Tab→article "
                       "F6→sidebar F6→list F6→article "
                       "shift+F6→list shift+Tab→sidebar Down→Return→");
      /* Down moved the focus and left the open view open; Enter opened the next. */
      g_assert_true (ctx.view_kept);
      g_assert_true (ctx.view_opened);
      /* In the list, Down moved the focus and left the article shown (the
       * page still the first's); Enter showed the focused row's article. */
      g_assert_true (ctx.list_kept);
      g_assert_cmpstr (ctx.title_after_down, ==, ctx.first->title);
      g_assert_cmpstr (ctx.title_after_enter, ==, ctx.second->title);
      /* A click shows the row's article. */
      g_assert_cmpstr (ctx.title_after_click, ==, ctx.third->title);
      g_assert_true (ctx.text_focused);
      /* At 800 px, j then Back then j: each article shown, and no GTK or
       * WebKit critical on the way (gtk_test_init makes them fatal). */
      g_assert_true (ctx.space_read_on);
      g_test_message ("right-clicked row's state after its menu: 0x%x", ctx.menu_row_state);
      g_assert_false (ctx.menu_row_state & (GTK_STATE_FLAG_ACTIVE | GTK_STATE_FLAG_PRELIGHT));
      g_assert_true (ctx.two_panes_read);
      g_assert_true (ctx.ring_after_f6);
    }
  g_string_free (ctx.log, TRUE);
  g_free (ctx.xid);
  g_free (ctx.pane_log);
  g_free (ctx.title_after_down);
  g_free (ctx.title_after_enter);
  g_free (ctx.title_after_click);
  g_free (ctx.page.result);
  g_clear_object (&ctx.first);
  g_clear_object (&ctx.second);
  g_clear_object (&ctx.third);
  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-keyboard-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/keyboard/panes", test_panes);
  return g_test_run ();
}
