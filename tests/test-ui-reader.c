/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reader mode in the real window under Xvfb (issue 18), against a SoupServer
 * on 127.0.0.1 only. A feed gives one-line summaries; the first article's web
 * page holds the whole report, with a word the summary lacks ("Zephyrwatch")
 * and page scripts that would change the title, add text and call the server
 * back. Asked for with win.full-article (R), the full article is shown in
 * place of the summary (read back with JavaScript), no page script ever ran
 * (the title is the article's, the script's text is nowhere, the server was
 * never called back), the alert rule on the full-text-only word matched and
 * the alert bar names it; asked again, the summary is back. A page that is
 * not there (404), an address that gives a PDF and a page with no article (a
 * sign-in wall) are said in the view, over the summary, which stays. A source set to "Full article
 * automatically" shows the full article on opening, with no request, and one set so before its
 * first read has its new article read in full and judged on it before anyone opens it. Screenshots
 * of the full article and of the failure are saved in the build directory. */
#include "config.h"

#include <libsoup/soup.h>

#include "vigil-application.h"
#include "vigil-article-view.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-reader.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"

#define RULE "Full text only"
#define BACKGROUND_RULE "Fetched unopened"
#define FULL_WORD "Zephyrwatch"
#define SUMMARY_TEXT "Convoy halted near the border crossing, officials say."

typedef struct
{
  VigilApplication *app;
  char *base;
  gboolean refreshed;
  gboolean auto_refreshed;
  gint64 auto_source_id, kestrel_id;
  char *kestrel_terms; /* the alert its full article raised, unopened */
  guint step, last_step, ticks;
  gint64 source_id;
  gint64 full_id, missing_id, pdf_id, empty_id, auto_id;
  /* JavaScript read back from the article view */
  UiPageEval page;
  /* what the server saw */
  guint script_calls; /* /script-ran: a page script ran somewhere */
  guint article_hits;
  /* results */
  char *full_page;    /* the view's text with the full article shown */
  char *full_title;   /* its document.title */
  char *summary_page; /* the view's text once back to the summary */
  char *failed_page;  /* the view's text after the 404 */
  char *failed_label; /* what the bar said */
  char *pdf_label;
  char *empty_label;
  char *auto_page;
  guint dialog_mode;     /* the row Edit Source showed selected */
  gboolean summary_only; /* after choosing Summary there: no bar, the summary */
  char *alert_terms;     /* the terms the rule's alert recorded */
  gboolean alert_bar_named;
  gboolean summary_bar_first;  /* the bar offered the full article first */
  gboolean unread_kept;        /* opened in Unread: still listed after its alert */
  gboolean unread_kept_reload; /* and after the window reloaded */
  gboolean full_read;          /* and read in the store all the same */
} Ctx;

static const char *article_page
    = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Convoy halted - Reader "
      "Wire</title>"
      "<script>document.title = 'SCRIPT RAN';"
      " document.addEventListener('DOMContentLoaded', function () {"
      "   document.body.insertAdjacentHTML('beforeend', '<p>SCRIPTRAN marker paragraph</p>'); });"
      " fetch('/script-ran');</script></head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
      "<article><h1>Convoy halted near the border crossing</h1>"
      "<p>A humanitarian convoy of forty trucks was halted on Tuesday near the northern border "
      "crossing after local officials said the road ahead had not been cleared, according to "
      "two drivers and a district official who spoke to reporters at the scene.</p>"
      "<p>The convoy, organised under the name " FULL_WORD
      " by a coalition of aid groups, was carrying food, water purification tablets and winter "
      "clothing for families displaced by the fighting of the past month in the valley.</p>"
      "<img src=\"/tracker.png\" onerror=\"fetch('/script-ran')\" alt=\"\">"
      "<p>Drivers said they had waited for more than six hours at the checkpoint while "
      "officials argued over which authority should inspect the cargo, and that several trucks "
      "had turned back before nightfall because of the cold and the lack of fuel.</p>"
      "<p onclick=\"fetch('/script-ran')\">The district governor said the road would reopen "
      "once engineers had finished checking the bridges, which were damaged by heavy rain in "
      "the autumn, and promised that the convoy would be escorted to its destination.</p>"
      "</article><footer>Copyright Reader Wire. All rights reserved.</footer>"
      "<script>fetch('/script-ran')</script></body></html>";

static const char *kestrel_page
    = "<!DOCTYPE html><html><head><title>Port strike</title></head><body><article>"
      "<h1>Port workers strike</h1>"
      "<p>Dock workers at the southern port walked out on Thursday in a dispute over pay that "
      "the union, known locally as Kestrelgate, says has dragged on since the summer, and "
      "ships were left waiting at anchor outside the harbour for most of the day.</p>"
      "<p>The port authority said it hoped talks would resume next week and that perishable "
      "cargo would be unloaded by managers and volunteers in the meantime, while exporters "
      "warned that every day of the strike cost them contracts abroad.</p>"
      "</article></body></html>";

static const char *second_page
    = "<!DOCTYPE html><html><head><title>Market reopens</title></head><body><main>"
      "<h1>Market reopens after repairs</h1>"
      "<p>The central market of the old town reopened on Wednesday after three months of "
      "repairs to its roof, which had collapsed under the weight of snow last winter, and the "
      "traders who had moved to temporary stalls along the river returned to their shops.</p>"
      "<p>Officials said the work, paid for by the municipality and a regional development fund, "
      "had cost less than expected, and that the same builders would now repair the bus station "
      "on the other side of the square before the spring holidays, when the town expects many "
      "visitors from the capital.</p></main></body></html>";

static void
serve (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
       gpointer data)
{
  Ctx *ctx = data;

  if (g_str_equal (path, "/feed.xml"))
    {
      g_autofree char *feed = g_strdup_printf (
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Reader Wire</title>"
          "<link>%s</link><description>Test</description>"
          "<item><title>Convoy halted near the border crossing</title><link>%sconvoy.html</link>"
          "<guid>convoy</guid><description>" SUMMARY_TEXT "</description></item>"
          "<item><title>Page that is gone</title><link>%sgone.html</link><guid>gone</guid>"
          "<description>Gone summary stays here.</description></item>"
          "<item><title>Report as a PDF</title><link>%sreport.pdf</link><guid>pdf</guid>"
          "<description>PDF summary stays here.</description></item>"
          "<item><title>Sign in to read</title><link>%sempty.html</link><guid>empty</guid>"
          "<description>Empty summary stays here.</description></item>"
          "<item><title>Market reopens after repairs</title><link>%smarket.html</link>"
          "<guid>market</guid><description>Market summary.</description></item>"
          "</channel></rss>",
          ctx->base, ctx->base, ctx->base, ctx->base, ctx->base, ctx->base);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed,
                                        strlen (feed));
    }
  else if (g_str_equal (path, "/convoy.html"))
    {
      ctx->article_hits++;
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        article_page, strlen (article_page));
    }
  else if (g_str_equal (path, "/feed2.xml"))
    {
      g_autofree char *feed = g_strdup_printf (
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Auto Wire</title>"
          "<link>%s</link><description>Test</description>"
          "<item><title>Port workers strike</title><link>%skestrel.html</link>"
          "<guid>kestrel</guid><description>Dock workers walked out.</description></item>"
          "</channel></rss>",
          ctx->base, ctx->base);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed,
                                        strlen (feed));
    }
  else if (g_str_equal (path, "/kestrel.html"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, kestrel_page,
                                        strlen (kestrel_page));
    }
  else if (g_str_equal (path, "/market.html"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, second_page,
                                        strlen (second_page));
    }
  else if (g_str_equal (path, "/empty.html"))
    {
      static const char *wall = "<!DOCTYPE html><html><head><title>Sign in</title></head>"
                                "<body><form><input name=\"user\"></form><p>Sign in.</p>"
                                "</body></html>";
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, wall, strlen (wall));
    }
  else if (g_str_equal (path, "/report.pdf"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/pdf", SOUP_MEMORY_STATIC,
                                        "%PDF-1.4 not a page", 19);
    }
  else
    {
      if (g_str_equal (path, "/script-ran") || g_str_equal (path, "/tracker.png"))
        ctx->script_calls++;
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<p>Not found</p>",
                                        16);
    }
}

static VigilWindow *
main_window (Ctx *ctx)
{
  return ui_test_find_window (ctx->app);
}

static VigilStore *
store (Ctx *ctx)
{
  return vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
}

/* Whether a label on screen under widget says text. */
static gboolean
shows_text (GtkWidget *widget, const char *text, char **out)
{
  if (!gtk_widget_is_drawable (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    {
      if (out)
        *out = g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
      return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text, out))
      return TRUE;
  return FALSE;
}

/* The article view's text and title ("title\ntext"); NULL until it is there
 * (the view must have finished loading the page of the article it shows). */
static char *
page_text (Ctx *ctx)
{
  return ui_page_eval (
      &ctx->page,
      vigil_article_view_get_web_view (vigil_window_get_article_view (main_window (ctx))),
      "document.title + '\\n' + document.body.innerText");
}

static void
refreshed (GObject *object, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GError) error = NULL;

  /* (the monitor may take some of the items first, refreshing the source it
   * was told of: step 1 counts what the store holds) */
  g_assert_cmpint (vigil_monitor_refresh_source_finish (VIGIL_MONITOR (object), res, &error), <=,
                   5);
  g_assert_no_error (error);
  ctx->refreshed = TRUE;
}

static void
auto_refreshed (GObject *object, GAsyncResult *res, gpointer data)
{
  Ctx *ctx = data;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (vigil_monitor_refresh_source_finish (VIGIL_MONITOR (object), res, &error), <=,
                   1);
  g_assert_no_error (error);
  ctx->auto_refreshed = TRUE;
}

static gint64
article_id_of (Ctx *ctx, gint64 source_id, const char *guid)
{
  g_autoptr (GPtrArray) articles = vigil_store_list_articles (store (ctx), source_id, NULL);

  for (guint i = 0; i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      if (g_strcmp0 (a->guid, guid) == 0)
        return a->id;
    }
  g_assert_not_reached ();
}

static gint64
article_id (Ctx *ctx, const char *guid)
{
  return article_id_of (ctx, ctx->source_id, guid);
}

/* The alert rule recorded for the article, with its terms, or NULL. */
static char *
alert_terms (Ctx *ctx, gint64 id, const char *rule)
{
  g_autoptr (GPtrArray) alerts = vigil_store_list_story_alerts (store (ctx), id, NULL);

  for (guint i = 0; alerts && i < alerts->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (alerts, i);
      if (g_str_equal (r->rule, rule))
        return g_strdup (r->matched);
    }
  return NULL;
}

/* Whether the window's list (the view's, not a search) holds the article. */
static gboolean
listed (VigilWindow *window, gint64 id)
{
  GListModel *list = vigil_window_get_articles (window);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (VigilArticle) a = g_list_model_get_item (list, i);
      if (a != NULL && a->id == id)
        return TRUE;
    }
  return FALSE;
}

static gint64
selected_id (VigilWindow *window)
{
  GtkWidget *list = ui_test_window_child (window, "article_list");
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  VigilArticle *a = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));

  return a != NULL ? a->id : 0;
}

static gboolean
shown (Ctx *ctx, gint64 id)
{
  VigilArticle *a
      = vigil_article_view_get_article (vigil_window_get_article_view (main_window (ctx)));
  return a != NULL && a->id == id;
}

static gboolean
tick (gpointer data)
{
  Ctx *ctx = data;
  VigilWindow *window = main_window (ctx);
  VigilArticleView *view = window ? vigil_window_get_article_view (window) : NULL;
  g_autofree char *text = NULL;

  /* 60 s for a step */
  if (!ui_test_step_in_time (ctx->app, "step", ctx->step, &ctx->last_step, &ctx->ticks, 1200))
    return G_SOURCE_REMOVE;
  switch (ctx->step)
    {
    case 0:
      {
        g_autofree char *url = g_strconcat (ctx->base, "feed.xml", NULL);
        g_autoptr (GError) error = NULL;
        g_autoptr (VigilSource) source = NULL;

        ctx->source_id
            = vigil_store_add_source (store (ctx), url, "Reader Wire", NULL, NULL, &error);
        g_assert_no_error (error);
        source = vigil_store_get_source (store (ctx), ctx->source_id, &error);
        g_assert_cmpint (source->full_text, ==, VIGIL_FULL_TEXT_ON_REQUEST);
        vigil_monitor_refresh_source_async (vigil_application_get_monitor (ctx->app), source, NULL,
                                            refreshed, ctx);
      }
      {
        /* A source whose full articles are fetched as they arrive. */
        g_autofree char *url = g_strconcat (ctx->base, "feed2.xml", NULL);
        g_autoptr (GError) error = NULL;
        g_autoptr (VigilSource) source = NULL;

        ctx->auto_source_id
            = vigil_store_add_source (store (ctx), url, "Auto Wire", NULL, NULL, &error);
        g_assert_true (vigil_store_set_source_full_text (store (ctx), ctx->auto_source_id,
                                                         VIGIL_FULL_TEXT_AUTOMATIC, &error));
        source = vigil_store_get_source (store (ctx), ctx->auto_source_id, &error);
        vigil_monitor_refresh_source_async (vigil_application_get_monitor (ctx->app), source, NULL,
                                            auto_refreshed, ctx);
      }
      ctx->step++;
      break;
    case 1:
      if (!ctx->refreshed || !ctx->auto_refreshed)
        return G_SOURCE_CONTINUE;
      /* every item of both feeds stored, whichever refresh took it */
      {
        g_autoptr (GPtrArray) first = vigil_store_list_articles (store (ctx), ctx->source_id, NULL);
        g_autoptr (GPtrArray) second
            = vigil_store_list_articles (store (ctx), ctx->auto_source_id, NULL);
        if (first->len < 5 || second->len < 1)
          return G_SOURCE_CONTINUE;
        g_assert_cmpuint (first->len, ==, 5);
        g_assert_cmpuint (second->len, ==, 1);
      }
      ctx->kestrel_id = article_id_of (ctx, ctx->auto_source_id, "kestrel");
      ctx->full_id = article_id (ctx, "convoy");
      ctx->missing_id = article_id (ctx, "gone");
      ctx->pdf_id = article_id (ctx, "pdf");
      ctx->auto_id = article_id (ctx, "market");
      ctx->empty_id = article_id (ctx, "empty");
      vigil_window_reload (window);
      /* Read from the Unread view: opened, the article is read, and stays
       * listed while it is shown (through the full article's alert too). */
      g_assert_true (vigil_window_show_view (window, VIGIL_VIEW_UNREAD));
      g_assert_true (vigil_window_show_article (window, ctx->full_id));
      g_assert_true (listed (window, ctx->full_id));
      ctx->step++;
      break;
    case 2: /* the summary first, and the bar offers the full article */
      if (!shown (ctx, ctx->full_id) || (text = page_text (ctx)) == NULL)
        return G_SOURCE_CONTINUE;
      if (strstr (text, SUMMARY_TEXT) == NULL)
        return G_SOURCE_CONTINUE; /* the previous page */
      g_assert_null (strstr (text, FULL_WORD));
      ctx->summary_bar_first = shows_text (GTK_WIDGET (view), "Summary from the feed", NULL)
                               && find_button_labelled (GTK_WIDGET (view), "_Full Article");
      shot ("vigil-ui-reader-summary.png");
      /* R, as the desk would press it. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.full-article", NULL);
      ctx->step++;
      break;
    case 3: /* the full article, once stored and analysed */
      if (!vigil_article_view_is_showing_full (view) || (text = page_text (ctx)) == NULL)
        return G_SOURCE_CONTINUE;
      if (strstr (text, FULL_WORD) == NULL)
        return G_SOURCE_CONTINUE; /* the page being replaced */
      ctx->full_page = g_strdup (text);
      ctx->full_title = g_strndup (text, strcspn (text, "\n"));
      ctx->alert_terms = alert_terms (ctx, ctx->full_id, RULE);
      ctx->alert_bar_named = shows_text (GTK_WIDGET (window), RULE, NULL);
      if (!shows_text (GTK_WIDGET (view), "Full article from \u2068127.0.0.1\u2069", NULL))
        return G_SOURCE_CONTINUE;
      shot ("vigil-ui-reader-full.png");
      ctx->step++;
      break;
    case 4:                /* the alert's reload has come: the read article is still listed
                              in Unread, selected; and after a reload of the window too */
      if (ctx->ticks < 40) /* 2 s: the store's changes are read once a second */
        return G_SOURCE_CONTINUE;
      ctx->unread_kept = listed (window, ctx->full_id) && selected_id (window) == ctx->full_id;
      vigil_window_reload (window);
      ctx->unread_kept_reload = listed (window, ctx->full_id)
                                && selected_id (window) == ctx->full_id
                                && shown (ctx, ctx->full_id);
      {
        g_autoptr (VigilArticle) stored = vigil_store_get_article (store (ctx), ctx->full_id, NULL);
        ctx->full_read = stored->read;
      }
      gtk_widget_activate_action (GTK_WIDGET (window), "win.full-article", NULL);
      ctx->step++;
      break;
    case 5: /* back to the summary */
      if (vigil_article_view_is_showing_full (view) || (text = page_text (ctx)) == NULL)
        return G_SOURCE_CONTINUE;
      if (strstr (text, SUMMARY_TEXT) == NULL)
        return G_SOURCE_CONTINUE;
      ctx->summary_page = g_strdup (text);
      g_assert_true (vigil_window_show_article (window, ctx->missing_id));
      ctx->step++;
      break;
    case 6:
      if (!shown (ctx, ctx->missing_id))
        return G_SOURCE_CONTINUE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.full-article", NULL);
      ctx->step++;
      break;
    case 7: /* a page that is gone: said, the summary stays */
      if (ctx->failed_label == NULL
          && !shows_text (GTK_WIDGET (view), "Could not get the full article", &ctx->failed_label))
        return G_SOURCE_CONTINUE;
      if ((text = page_text (ctx)) == NULL)
        return G_SOURCE_CONTINUE;
      ctx->failed_page = g_strdup (text);
      shot ("vigil-ui-reader-failed.png");
      g_assert_true (vigil_window_show_article (window, ctx->pdf_id));
      ctx->step++;
      break;
    case 8:
      if (!shown (ctx, ctx->pdf_id))
        return G_SOURCE_CONTINUE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.full-article", NULL);
      ctx->step++;
      break;
    case 9: /* not a web page */
      if (!shows_text (GTK_WIDGET (view), "Could not get the full article", &ctx->pdf_label))
        return G_SOURCE_CONTINUE;
      g_assert_true (vigil_window_show_article (window, ctx->empty_id));
      ctx->step++;
      break;
    case 10:
      if (!shown (ctx, ctx->empty_id))
        return G_SOURCE_CONTINUE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.full-article", NULL);
      ctx->step++;
      break;
    case 11: /* a page with no article in it */
      if (!shows_text (GTK_WIDGET (view), "Could not get the full article", &ctx->empty_label))
        return G_SOURCE_CONTINUE;
      g_assert_true (vigil_store_set_source_full_text (store (ctx), ctx->source_id,
                                                       VIGIL_FULL_TEXT_AUTOMATIC, NULL));
      g_assert_true (vigil_window_show_article (window, ctx->auto_id));
      ctx->step++;
      break;
    case 12: /* "automatically": the full article with no request */
      if (!shown (ctx, ctx->auto_id) || !vigil_article_view_is_showing_full (view)
          || (text = page_text (ctx)) == NULL)
        return G_SOURCE_CONTINUE;
      if (strstr (text, "bus station") == NULL)
        return G_SOURCE_CONTINUE;
      ctx->auto_page = g_strdup (text);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.source-edit", "x", ctx->source_id);
      ctx->step++;
      break;
    case 13: /* Edit Source: the source's mode, changed to Summary */
      {
        g_autoptr (GList) toplevels = gtk_window_list_toplevels ();
        for (GList *l = toplevels; l; l = l->next)
          if (VIGIL_IS_EDIT_SOURCE_DIALOG (l->data))
            {
              GtkWidget *row;
              if (!gtk_widget_get_mapped (l->data) || ctx->ticks < 10)
                return G_SOURCE_CONTINUE; /* drawn, for the screenshot */
              shot ("vigil-ui-reader-edit-source.png");
              row = ui_test_find_row (l->data, ADW_TYPE_COMBO_ROW, "Full Article");
              g_assert_nonnull (row);
              ctx->dialog_mode = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
              adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0); /* Summary */
              g_signal_emit_by_name (find_button_labelled (l->data, "_Save"), "clicked");
              ctx->step++;
              return G_SOURCE_CONTINUE;
            }
      }
      return G_SOURCE_CONTINUE;
    case 14:
      if (vigil_article_view_is_showing_full (view)
          || shows_text (GTK_WIDGET (view), "Full article from", NULL)
          || (text = page_text (ctx)) == NULL)
        return G_SOURCE_CONTINUE;
      if (strstr (text, "Market summary.") == NULL)
        return G_SOURCE_CONTINUE;
      ctx->summary_only = TRUE;
      /* The automatic source's article, never opened, was read in full and
       * judged on it (long since: it was fetched while the others were). */
      ctx->kestrel_terms = alert_terms (ctx, ctx->kestrel_id, BACKGROUND_RULE);
      if (ctx->kestrel_terms == NULL)
        return G_SOURCE_CONTINUE;
      return ui_test_quit (ctx->app);
    }
  return G_SOURCE_CONTINUE;
}

static void
test_reader (void)
{
  Ctx ctx = { 0 };
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autofree char *origin = NULL;
  g_autofree char *rules = g_build_filename (g_get_user_config_dir (), "vigil", "rules.tsv", NULL);
  g_autofree char *rules_dir = g_path_get_dirname (rules);

  g_assert_cmpint (g_mkdir_with_parents (rules_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (
      rules, RULE "\thigh\tzephyrwatch\n" BACKGROUND_RULE "\thigh\tkestrelgate\n", -1, NULL));

  soup_server_add_handler (server, NULL, serve, &ctx, NULL);
  origin = vigil_test_server_listen (server);
  ctx.base = g_strconcat (origin, "/", NULL);
  g_assert_true (g_str_has_prefix (ctx.base, "http://127.0.0.1:"));

  ui_test_run_ticking_mapped (&ctx.app, 50, tick, &ctx);

  g_test_message ("full page: %s", ctx.full_page);
  g_assert_cmpuint (ctx.step, ==, 14);
  g_assert_true (ctx.summary_bar_first);
  /* Opened from Unread and read in full: the row stayed, selected, through
   * the alert's reload and the window's. */
  g_assert_true (ctx.full_read);
  g_assert_true (ctx.unread_kept);
  g_assert_true (ctx.unread_kept_reload);
  /* The full article, in place of the summary. */
  g_assert_nonnull (strstr (ctx.full_page, FULL_WORD));
  g_assert_nonnull (strstr (ctx.full_page, "bridges, which were damaged"));
  g_assert_null (strstr (ctx.full_page, "All rights reserved")); /* Readability left the footer */
  {
    /* The headline once above the body (and as the page's title), not again
     * at the top of the body. */
    guint n = 0;
    for (const char *p = ctx.full_page; (p = strstr (p, "Convoy halted near the border crossing"));
         p++)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }
  /* No page script ever ran: not in the view, not in Readability's document. */
  g_assert_cmpstr (ctx.full_title, !=, "SCRIPT RAN");
  g_assert_null (strstr (ctx.full_page, "SCRIPTRAN"));
  g_assert_cmpuint (ctx.script_calls, ==, 0);
  g_assert_cmpuint (ctx.article_hits, ==, 1);
  /* The rule matched the word only the full text has. */
  g_test_message ("alert terms: %s", ctx.alert_terms);
  g_assert_nonnull (ctx.alert_terms);
  {
    g_autofree char *terms = g_ascii_strdown (ctx.alert_terms, -1);
    g_assert_nonnull (strstr (terms, "zephyrwatch"));
  }
  g_assert_true (ctx.alert_bar_named);
  {
    g_autoptr (VigilArticle) stored = vigil_store_get_article (store (&ctx), ctx.full_id, NULL);
    g_assert_nonnull (stored->full_content);
    g_assert_nonnull (strstr (stored->full_content, FULL_WORD));
    g_assert_null (strstr (stored->full_content, "<script"));
    g_assert_null (strstr (stored->full_content, "onclick"));
    g_assert_null (strstr (stored->full_content, "onerror"));
  }
  /* And back. */
  g_assert_nonnull (strstr (ctx.summary_page, SUMMARY_TEXT));
  g_assert_null (strstr (ctx.summary_page, FULL_WORD));
  /* Failures are said; the summary stays. */
  g_test_message ("404: %s", ctx.failed_label);
  g_assert_nonnull (strstr (ctx.failed_label, "404"));
  g_assert_nonnull (strstr (ctx.failed_page, "Gone summary stays here."));
  g_test_message ("pdf: %s", ctx.pdf_label);
  g_assert_nonnull (strstr (ctx.pdf_label, "application/pdf"));
  g_test_message ("empty: %s", ctx.empty_label);
  g_assert_nonnull (strstr (ctx.empty_label, "No article was found"));
  {
    g_autoptr (VigilArticle) gone = vigil_store_get_article (store (&ctx), ctx.missing_id, NULL);
    g_assert_null (gone->full_content);
  }
  g_assert_nonnull (strstr (ctx.auto_page, "bus station"));
  /* Edit Source showed "Full article automatically" and saved "Summary": the
   * open article went back to the feed's text, with no bar. */
  g_assert_cmpuint (ctx.dialog_mode, ==, 1);
  g_assert_true (ctx.summary_only);
  {
    g_autoptr (VigilSource) source = vigil_store_get_source (store (&ctx), ctx.source_id, NULL);
    g_assert_cmpint (source->full_text, ==, VIGIL_FULL_TEXT_SUMMARY);
  }
  /* "Automatically": the new article's full article fetched unopened, and the
   * rule on a word only it has matched. */
  g_test_message ("unopened article's alert: %s", ctx.kestrel_terms);
  g_assert_cmpstr (ctx.kestrel_terms, ==, "Kestrelgate");
  {
    g_autoptr (VigilArticle) kestrel = vigil_store_get_article (store (&ctx), ctx.kestrel_id, NULL);
    g_assert_nonnull (kestrel->full_content);
    g_assert_false (kestrel->read);
  }

  g_object_unref (ctx.app);
  g_free (ctx.base);
  g_free (ctx.page.result);
  g_free (ctx.full_page);
  g_free (ctx.full_title);
  g_free (ctx.summary_page);
  g_free (ctx.failed_page);
  g_free (ctx.failed_label);
  g_free (ctx.pdf_label);
  g_free (ctx.empty_label);
  g_free (ctx.auto_page);
  g_free (ctx.alert_terms);
  g_free (ctx.kestrel_terms);
  g_remove (rules);
}

/* How a fetched page becomes text, and what counts as a page. */
#define DECODE(bytes, charset) vigil_reader_decode (bytes, strlen (bytes), charset)
static void
test_decode (void)
{
  g_autofree char *utf8 = DECODE ("<p>caf\xc3\xa9</p>", NULL);
  g_autofree char *bom = DECODE ("\xef\xbb\xbf<p>\xc3\xa9</p>", "iso-8859-1");
  g_autofree char *latin1 = DECODE ("<p>caf\xe9 \x93quoted\x94</p>", "ISO-8859-1");
  g_autofree char *meta = DECODE ("<meta charset=\"windows-1252\"><p>caf\xe9</p>", NULL);
  g_autofree char *mislabelled = DECODE ("<p>caf\xe9</p>", "utf-8");
  g_autofree char *utf16 = vigil_reader_decode ("\xff\xfe<\0p\0>\0\xe9\0", 10, NULL);

  g_assert_cmpstr (utf8, ==, "<p>café</p>");
  g_assert_cmpstr (bom, ==, "<p>é</p>"); /* the BOM wins over the header */
  g_assert_cmpstr (latin1, ==, "<p>café “quoted”</p>");
  g_assert_cmpstr (meta, ==, "<meta charset=\"windows-1252\"><p>café</p>");
  g_assert_cmpstr (mislabelled, ==, "<p>café</p>");
  g_assert_cmpstr (utf16, ==, "<p>é");

  g_assert_true (vigil_reader_is_html ("text/html; charset=utf-8", "", 0));
  g_assert_true (vigil_reader_is_html ("application/xhtml+xml", "", 0));
  g_assert_false (vigil_reader_is_html ("application/pdf", "<html>", 6));
  g_assert_false (vigil_reader_is_html ("image/png", "\x89PNG", 4));
  g_assert_true (vigil_reader_is_html (NULL, "  <!DOCTYPE html><html>", 23));
  g_assert_false (vigil_reader_is_html (NULL, "%PDF-1.4", 8));
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-reader-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui-reader/decode", test_decode);
  g_test_add_func ("/ui-reader/full-article", test_reader);
  return g_test_run ();
}
