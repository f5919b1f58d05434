/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Right to left (issue 18): the real window under Xvfb in Arabic (LANGUAGE=ar,
 * this build's catalogues), on the demo sources. The window is mirrored; an
 * article with alerts is opened; the alert bar's rule names and date are each
 * isolated (U+2068 … U+2069), so Latin names and a "1 Dec 08:20" date keep
 * their order inside Arabic text; its count of reports takes the Arabic plural;
 * and the article page's risk line runs right to left with the article's own
 * words isolated (<bdi>), read back from the page through JavaScript. A
 * screenshot is saved in the build directory. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vigil-alert-bar.h"
#include "vigil-application.h"
#include "vigil-article-row.h"
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
  gint64 opened;
  UiPageEval eval;
  char *alert_text;
  char *risk_bar; /* JSON from the page ("null": not there yet) */
  gboolean window_rtl;
  char *subtitle;
  /* The article rows' times ("· 30 Nov 2026"): how many, and how many laid
   * out right to left (the "·" between outlet and time) */
  guint times, times_rtl;
} Ctx;

/* Every article row's time label under widget, laid out: counted, and those
 * whose text runs right to left. */
static void
count_row_times (GtkWidget *widget, Ctx *ctx)
{
  if (VIGIL_IS_ARTICLE_ROW (widget))
    {
      GtkLabel *when
          = GTK_LABEL (gtk_widget_get_template_child (widget, VIGIL_TYPE_ARTICLE_ROW, "when"));
      PangoLayoutLine *line = gtk_widget_get_mapped (GTK_WIDGET (when))
                                  ? pango_layout_get_line_readonly (gtk_label_get_layout (when), 0)
                                  : NULL;
      if (line != NULL)
        {
          ctx->times++;
          ctx->times_rtl += pango_layout_line_get_resolved_direction (line) == PANGO_DIRECTION_RTL;
        }
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    count_row_times (c, ctx);
}

static VigilStore *
store_of (Ctx *ctx)
{
  return vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
}

/* null while the article's page is not there yet (it is rendered in a thread
 * before WebKit starts loading it: "not loading" may be the blank view). */
static const char *risk_bar_state
    = "(function () {"
      "  var bar = document.getElementById('vigil-risk-bar');"
      "  if (!bar) return null;"
      "  return JSON.stringify({"
      "    dir: bar.getAttribute('dir'),"
      "    computed: getComputedStyle(bar).direction,"
      "    bdi: document.querySelectorAll('#vigil-risk-bar bdi').length"
      "  });"
      "})()";

static gboolean
drive (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *bar;

  if (++ctx->ticks > 600)
    {
      g_test_fail_printf ("timed out at step %u", ctx->step);
      return ui_test_quit (ctx->app);
    }
  switch (ctx->step)
    {
    case 0:
      /* The demo read in: an article whose story raised alerts. */
      ctx->window = ui_test_find_window (ctx->app);
      if (ctx->window == NULL)
        return G_SOURCE_CONTINUE;
      {
        GListModel *articles = vigil_window_get_articles (ctx->window);
        for (guint i = 0; i < g_list_model_get_n_items (articles) && ctx->opened == 0; i++)
          {
            g_autoptr (VigilArticle) a = g_list_model_get_item (articles, i);
            g_autoptr (GPtrArray) alerts
                = vigil_store_list_story_alerts (store_of (ctx), a->id, NULL);
            g_autoptr (GHashTable) reports = g_hash_table_new (g_int64_hash, g_int64_equal);
            for (guint k = 0; alerts && k < alerts->len; k++)
              g_hash_table_add (reports,
                                &((VigilAlertRecord *) g_ptr_array_index (alerts, k))->article_id);
            /* Two reports: Arabic's dual ("تقريران"), not "2 تقرير". */
            if (g_hash_table_size (reports) == 2)
              ctx->opened = a->id;
          }
      }
      if (ctx->opened == 0)
        return G_SOURCE_CONTINUE;
      g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "open-article",
                                      g_variant_new_int64 (ctx->opened));
      ctx->step = 1;
      ctx->ticks = 0;
      return G_SOURCE_CONTINUE;

    case 1:
      bar = GTK_WIDGET (
          gtk_widget_get_template_child (GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "alert_bar"));
      if (!gtk_widget_get_visible (bar)
          || webkit_web_view_is_loading (
              vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window))))
        return G_SOURCE_CONTINUE;
      ctx->alert_text = g_strdup (gtk_label_get_text (
          GTK_LABEL (gtk_widget_get_template_child (bar, VIGIL_TYPE_ALERT_BAR, "alert_label"))));
      ctx->window_rtl = gtk_widget_get_direction (GTK_WIDGET (ctx->window)) == GTK_TEXT_DIR_RTL;
      ctx->times = ctx->times_rtl = 0;
      count_row_times (GTK_WIDGET (ctx->window), ctx);
      ctx->subtitle = g_strdup (
          adw_window_title_get_subtitle (ADW_WINDOW_TITLE (gtk_widget_get_template_child (
              GTK_WIDGET (ctx->window), VIGIL_TYPE_WINDOW, "window_title"))));
      ctx->step = 2;
      return G_SOURCE_CONTINUE;

    case 2:
      if (!ui_page_eval_into (
              &ctx->eval,
              vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window)),
              risk_bar_state, &ctx->risk_bar))
        return G_SOURCE_CONTINUE;
      if (g_str_equal (ctx->risk_bar, "null"))
        {
          /* The page was not there yet: read again. */
          g_clear_pointer (&ctx->risk_bar, g_free);
          g_clear_pointer (&ctx->alert_text, g_free);
          g_clear_pointer (&ctx->subtitle, g_free);
          ctx->step = 1;
          return G_SOURCE_CONTINUE;
        }
      shot ("vigil-ui-rtl.png");
      return ui_test_quit (ctx->app);

    default:
      g_assert_not_reached ();
    }
}

/* The text between the first U+2068 after from and its U+2069, or NULL. */
static char *
isolated_after (const char *text, const char *from)
{
  const char *start = strstr (from ? from : text, "\u2068");
  const char *end = start ? strstr (start, "\u2069") : NULL;

  return end ? g_strndup (start + strlen ("\u2068"), end - start - strlen ("\u2068")) : NULL;
}

static void
test_arabic_window (void)
{
  Ctx ctx = { 0 };
  g_autofree char *first_name = NULL;

  ui_test_run_ticking (&ctx.app, 100, drive, &ctx);

  g_test_message ("subtitle \"%s\", window RTL %d; alert bar \"%s\"; risk bar %s", ctx.subtitle,
                  ctx.window_rtl, ctx.alert_text, ctx.risk_bar);
  /* Arabic is in force, and the window mirrored. */
  g_assert_cmpstr (ctx.subtitle, ==, "كل المقالات");
  g_assert_true (ctx.window_rtl);
  /* Every row's time right to left, absolute dates in Latin letters too. */
  g_test_message ("row times: %u, right to left %u", ctx.times, ctx.times_rtl);
  g_assert_cmpuint (ctx.times, >=, 5);
  g_assert_cmpuint (ctx.times_rtl, ==, ctx.times);
  /* The rule names and the date each in an isolate: the first isolate is a
   * rule's name, the last the date ("%e %b %H:%M": day, month, hour:minute). */
  g_assert_nonnull (ctx.alert_text);
  first_name = isolated_after (ctx.alert_text, NULL);
  g_assert_nonnull (first_name);
  g_assert_cmpuint (strlen (first_name), >, 0);
  {
    const char *last = g_strrstr (ctx.alert_text, "\u2068");
    g_autofree char *date = isolated_after (ctx.alert_text, last);
    g_assert_nonnull (date);
    /* Its spaces no-break ones: the date is not split over two lines. */
    g_assert_true (
        g_regex_match_simple ("^[0-9]{1,2}\u00a0\\S+\u00a0[0-9]{2}:[0-9]{2}$", date, 0, 0));
  }
  /* Two reports, in Arabic's dual. */
  g_assert_nonnull (strstr (ctx.alert_text, "تقريران"));
  /* The page's risk line runs right to left, the article's words isolated. */
  g_assert_nonnull (ctx.risk_bar);
  ui_test_assert_holds_all (
      "risk bar", ctx.risk_bar,
      (const char *const[]){ "\"dir\":\"rtl\"", "\"computed\":\"rtl\"", NULL });
  g_assert_null (strstr (ctx.risk_bar, "\"bdi\":0"));
  g_free (ctx.alert_text);
  g_free (ctx.risk_bar);
  g_free (ctx.subtitle);
  g_object_unref (ctx.app);
}

/* The room kept for a hovered row's star and read buttons follows a font
 * change (the text scale, the desktop's font): a style sheet gives the
 * buttons' padding in em here, so their width depends on the font's size. */
static void
test_row_hover_room (void)
{
  g_autoptr (GtkCssProvider) app_css = gtk_css_provider_new ();
  g_autoptr (GtkCssProvider) em_css = gtk_css_provider_new ();
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row, *top;
  int small, large, again;

  gtk_css_provider_load_from_resource (app_css, RESOURCE_BASE "style.css");
  gtk_css_provider_load_from_data (em_css, ".article-row button.row-action { padding: 0 1em; }",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (app_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_style_context_add_provider_for_display (
      gdk_display_get_default (), GTK_STYLE_PROVIDER (em_css), GTK_STYLE_PROVIDER_PRIORITY_USER);
  g_object_get (settings, "gtk-font-name", &font, NULL);
  g_object_set (settings, "gtk-font-name", "Sans 10", NULL);
  row = vigil_article_row_new (NULL);
  top = GTK_WIDGET (gtk_widget_get_template_child (row, VIGIL_TYPE_ARTICLE_ROW, "top_box"));
  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_present (GTK_WINDOW (window));
  small = gtk_widget_get_margin_end (top);
  g_object_set (settings, "gtk-font-name", "Sans 20", NULL);
  large = gtk_widget_get_margin_end (top);
  g_object_set (settings, "gtk-font-name", "Sans 10", NULL);
  again = gtk_widget_get_margin_end (top);
  g_test_message ("room: %d px at 10 pt, %d px at 20 pt", small, large);
  g_assert_cmpint (small, >, 0);
  /* Two buttons, 1 em on each side: 40 pt more (about 53 px at 96 dpi). */
  g_assert_cmpint (large, >=, small + 40);
  g_assert_cmpint (again, ==, small);
  g_object_set (settings, "gtk-font-name", font, NULL);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (em_css));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (app_css));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-rtl-XXXXXX");
  /* Arabic from the catalogues this build made (gettext honours LANGUAGE in
   * C.UTF-8, which the tests run in); GTK reads its direction from its own. */
  g_setenv ("LANGUAGE", "ar", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain ("vigil", PO_BUILD_DIR);
  bind_textdomain_codeset ("vigil", "UTF-8");
  textdomain ("vigil"); /* as main.c: the window's _() is gettext() */
  gtk_test_init (&argc, &argv, NULL);
  /* First: the window's rows would have measured the room already, and a
   * style sheet added afterwards reaches new widgets only once GTK restyles. */
  g_test_add_func ("/ui/row-hover-room", test_row_hover_room);
  g_test_add_func ("/ui/arabic-window", test_arabic_window);
  return g_test_run ();
}
