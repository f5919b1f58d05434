/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sources in the real window under Xvfb: one added through the Add Source
 * dialog from the test's own server on 127.0.0.1 (its icon, its article behind
 * "1 New Article", its remote images off until Edit Source turns them on,
 * its authors in the article's header, its feed's image in Edit Source),
 * then marked read and unsubscribed from its menu. Beside it: Edit Source's
 * address shown as written, and a huge favicon refused. Screenshots go to the
 * build directory. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>

#include <libsoup/soup.h>

#include "vigil-add-source-dialog.h"
#include "vigil-application.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-favicon.h"
#include "vigil-fetcher.h"
#include "vigil-test-utils.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  WebKitWebView *web_view;
  char *feed_url;           /* served by the test's own SoupServer on 127.0.0.1 */
  gboolean bad_url_addable; /* the Add button with "javascript:alert(1)" */
  GtkWindow *add_dialog;
  gint64 added_source;
  gint64 added_articles;
  char *added_title;
  char *added_folder;
  guint unread_after_mark;
  gboolean source_gone;
  guint pixel_hits;      /* requests for the feed's image */
  guint pixel_hits_off;  /* after the article was shown with images off */
  char *images_off_page; /* what the page said then */
  char *images_on_page;  /* and after Edit Source turned them on */
  char *edited_title;
  GtkWidget *edit_dialog;
  guint logo_hits;             /* requests for the feed's own image (issue 16) */
  int logo_width;              /* as Edit Source shows it */
  char *logo_label;            /* its accessible name */
  gboolean logo_hidden_before; /* the image's group before it came */
  guint favicon_hits;
  gboolean favicon_shown;
  guint added_interval;
  char *new_label;
  guint listed_before_new, listed_after_new;
  gboolean new_hidden;
  UiPageEval eval; /* the page read back while waiting on it */
} Ctx;

/* Adding a source: the address typed in the dialog is fetched from the test's
 * own server, stored, and its article read in. */
static gpointer
add_child (Ctx *ctx, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (ctx->add_dialog), VIGIL_TYPE_ADD_SOURCE_DIALOG,
                                        name);
}

/* The source's context menu actions: mark all read, then unsubscribe (the
 * confirmation answered). */
static guint
unread_of (Ctx *ctx, gint64 id)
{
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);

  for (guint i = 0; sources && i < sources->len; i++)
    if (((VigilSource *) g_ptr_array_index (sources, i))->id == id)
      return ((VigilSource *) g_ptr_array_index (sources, i))->unread;
  return G_MAXUINT;
}

/* The window writes off the main thread: these wait (with a time limit)
 * for what the store has, instead of reading it at once. */
static gboolean
added_source_all_read (gpointer data)
{
  Ctx *ctx = data;

  return unread_of (ctx, ctx->added_source) == 0;
}

static gboolean
added_source_gone (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) source = vigil_store_get_source (store, ctx->added_source, NULL);

  return source == NULL;
}

static gboolean
added_source_edited (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) source = vigil_store_get_source (store, ctx->added_source, NULL);

  return source != NULL && g_strcmp0 (source->title, "Border Desk (edited)") == 0;
}

static gboolean
source_menu_actions (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) gone = NULL;
  AdwMessageDialog *confirm = NULL;
  GListModel *toplevels = gtk_window_get_toplevels (); /* GTK's own list: not ours to free */

  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.source-mark-read", "x",
                              ctx->added_source);
  vigil_test_wait_until (added_source_all_read, ctx, VIGIL_TEST_WAIT_SECONDS);
  ctx->unread_after_mark = unread_of (ctx, ctx->added_source);
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.source-delete", "x",
                              ctx->added_source);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w))
        confirm = ADW_MESSAGE_DIALOG (w);
    }
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "delete");
  vigil_test_wait_until (added_source_gone, ctx, VIGIL_TEST_WAIT_SECONDS);
  gone = vigil_store_get_source (store, ctx->added_source, NULL);
  ctx->source_gone = gone == NULL;
  return ui_test_quit (ctx->app);
}

/* Remote images: off for a new source (no request reaches the server), on
 * once Edit Source switches them on. */
static const char *image_probe
    = "JSON.stringify({"
      "  width: (document.querySelector('#vigil-body img') || {}).naturalWidth || 0,"
      "  note: !!document.getElementById('vigil-images-off'),"
      "  byline: document.querySelector('p.meta').textContent,"
      "  isolated: Array.from(document.querySelectorAll('p.meta bdi')).map(b => b.textContent),"
      "  csp: document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content"
      "})";

/* The article shown again with its images (the edit is written off the main
 * thread, then the page loads the image): the page asked until it says so. */
static gboolean
images_shown (gpointer data)
{
  Ctx *ctx = data;
  return ui_page_eval_into (&ctx->eval, ctx->web_view, image_probe, &ctx->images_on_page)
         && strstr (ctx->images_on_page, "\"width\":40") != NULL;
}

static gboolean
save_edited_source (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (VigilSource) edited = NULL;

  shot ("vigil-ui-edit-source.png");
  g_signal_emit_by_name (gtk_widget_get_template_child (
                             ctx->edit_dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "save_button"),
                         "clicked");
  vigil_test_wait_until (added_source_edited, ctx, VIGIL_TEST_WAIT_SECONDS);
  edited = vigil_store_get_source (store, ctx->added_source, NULL);
  ctx->edited_title = g_strdup (edited ? edited->title : NULL);
  return ui_test_when_shot ("the article's image on the page", images_shown,
                            (gpointer *) &ctx->window, "vigil-ui-images-on.png",
                            source_menu_actions, ctx);
}

/* The feed's own image at the top of Edit Source (fetched when it opens):
 * shown once decoded, scaled to the dialog's box, with its title as its
 * accessible name. */
static gboolean
edit_logo_shown (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *group = GTK_WIDGET (gtk_widget_get_template_child (
      ctx->edit_dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "image_group"));

  return gtk_widget_get_visible (group);
}

static gboolean
edit_logo_read (gpointer data)
{
  Ctx *ctx = data;
  GtkPicture *picture = GTK_PICTURE (
      gtk_widget_get_template_child (ctx->edit_dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "image"));
  GdkPaintable *paintable = gtk_picture_get_paintable (picture);

  ctx->logo_width = paintable ? gdk_paintable_get_intrinsic_width (paintable) : 0;
  ctx->logo_label = g_strdup (gtk_picture_get_alternative_text (picture));
  return ui_test_after_frames (ctx->edit_dialog, 3, save_edited_source, ctx);
}

static gboolean
images_off_read (gpointer data)
{
  Ctx *ctx = data;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *dialog = NULL;

  ctx->pixel_hits_off = ctx->pixel_hits;
  /* The source's menu → Edit…: a new title, images on, Save. */
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.source-edit", "x", ctx->added_source);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (VIGIL_IS_EDIT_SOURCE_DIALOG (w))
        dialog = GTK_WIDGET (w);
    }
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                             dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "title_row")),
                         "Border Desk (edited)");
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (
                             dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "images_switch")),
                         TRUE);
  ctx->edit_dialog = dialog;
  ctx->logo_hidden_before = !gtk_widget_get_visible (GTK_WIDGET (
      gtk_widget_get_template_child (dialog, VIGIL_TYPE_EDIT_SOURCE_DIALOG, "image_group")));
  return ui_test_when ("the feed's image in Edit Source", edit_logo_shown, edit_logo_read, ctx);
}

/* The added article's page, loaded (its images off: no request made for
 * them), then asked what it shows. */
static gboolean
added_article_loaded (gpointer data)
{
  Ctx *ctx = data;
  g_autofree char *title = ui_page_eval (&ctx->eval, ctx->web_view,
                                         "document.getElementById('vigil-title').textContent");

  return title != NULL && g_str_equal (title, "Rabia border crossing closed after clashes");
}

static gboolean
images_off_probed (gpointer data)
{
  Ctx *ctx = data;

  ctx->images_off_page = ui_page_eval (&ctx->eval, ctx->web_view, image_probe);
  return ctx->images_off_page != NULL;
}

static gboolean
show_added_article (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (GPtrArray) articles = vigil_store_list_articles (store, ctx->added_source, NULL);

  g_assert_cmpuint (articles->len, ==, 1);
  g_assert_true (vigil_window_show_article (
      ctx->window, ((VigilArticle *) g_ptr_array_index (articles, 0))->id));
  return ui_test_when_then ("the added article's page", added_article_loaded,
                            "the page's images read back", images_off_probed, NULL, images_off_read,
                            ctx);
}

/* The source stored with its article, which waits behind "N New Articles". */
static gboolean
source_added (gpointer data)
{
  Ctx *ctx = data;
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);

  for (guint i = 0; sources && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (g_str_equal (s->url, ctx->feed_url))
        {
          ctx->added_source = s->id;
          ctx->added_articles = vigil_store_count_articles (store, s->id);
          g_free (ctx->added_title);
          g_free (ctx->added_folder);
          ctx->added_title = g_strdup (s->title);
          ctx->added_interval = s->interval_minutes;
          ctx->added_folder = g_strdup (s->folder);
        }
    }
  return ctx->added_articles >= 1
         && gtk_revealer_get_reveal_child (ui_test_window_child (ctx->window, "new_revealer"));
}

/* The site's icon comes after the source's first fetch (one request a second
 * to a host). */
static gboolean
favicon_in_sidebar (gpointer data)
{
  Ctx *ctx = data;
  GtkListBoxRow *row = ui_test_sidebar_view_row (ctx->window, ctx->added_source);

  if (row != NULL && vigil_sidebar_item_get_favicon (sidebar_item (row)) != NULL)
    ctx->favicon_shown = TRUE;
  return ctx->favicon_shown;
}

static gboolean
show_new_articles (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-source-added.png");
  ctx->new_label
      = g_strdup (gtk_button_get_label (ui_test_window_child (ctx->window, "new_button")));
  ctx->listed_before_new
      = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
  gtk_widget_activate_action (GTK_WIDGET (ctx->window), "win.show-new", NULL);
  ctx->listed_after_new
      = g_list_model_get_n_items (vigil_window_get_visible_articles (ctx->window));
  ctx->new_hidden
      = !gtk_revealer_get_reveal_child (ui_test_window_child (ctx->window, "new_revealer"));
  vigil_window_set_list_kept_from (ctx->window, 200);
  return ui_test_next (show_added_article, ctx);
}

static gboolean
click_add (gpointer data)
{
  Ctx *ctx = data;

  shot ("vigil-ui-add-source.png");
  g_signal_emit_by_name (add_child (ctx, "add_button"), "clicked");
  return ui_test_when_then ("the new source, its article waiting behind \"1 New Article\"",
                            source_added, "the new source's icon in the sidebar",
                            favicon_in_sidebar, (gpointer *) &ctx->window, show_new_articles, ctx);
}

static gboolean
add_sensitive (gpointer data)
{
  Ctx *ctx = data;

  return gtk_widget_get_sensitive (add_child (ctx, "add_button"));
}

static gboolean
add_source (gpointer data)
{
  Ctx *ctx = data;

  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "add-source", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
    if (VIGIL_IS_ADD_SOURCE_DIALOG (l->data))
      ctx->add_dialog = l->data;
  g_assert_nonnull (ctx->add_dialog);
  gtk_editable_set_text (add_child (ctx, "url_row"), "javascript:alert(1)");
  ctx->bad_url_addable = gtk_widget_get_sensitive (add_child (ctx, "add_button"));
  gtk_editable_set_text (add_child (ctx, "url_row"), ctx->feed_url);
  gtk_editable_set_text (add_child (ctx, "folder_row"), "Local desk");
  adw_combo_row_set_selected (add_child (ctx, "interval_row"), 3); /* every 30 minutes */
  /* The new source's article should wait behind "1 New Article". */
  ui_test_select_view (ctx->window, VIGIL_VIEW_ALL);
  vigil_window_set_list_kept_from (ctx->window, 1);
  return ui_test_when_painted ("the Add button", add_sensitive, (gpointer *) &ctx->add_dialog,
                               click_add, ctx);
}

static gboolean
start (gpointer data)
{
  Ctx *ctx = data;

  ctx->web_view = vigil_article_view_get_web_view (vigil_window_get_article_view (ctx->window));
  return add_source (ctx);
}

static void
serve_feed (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
            gpointer data)
{
  Ctx *ctx = data;
  g_autofree char *base = g_strndup (ctx->feed_url, strlen (ctx->feed_url) - strlen ("feed.xml"));
  g_autofree char *feed = g_strdup_printf (
      "<?xml version=\"1.0\"?><rss version=\"2.0\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Local Border Desk</title>"
      "<link>%s</link><image><url>%slogo.png</url><title>Border Desk logo</title>"
      "<link>%s</link></image><item><guid>rabia-1</guid>"
      "<title>Rabia border crossing closed after clashes</title>"
      "<dc:creator>Leila Hassan</dc:creator><dc:creator>Omar Ali</dc:creator>"
      "<description>&lt;p&gt;Kurdish and Iraqi forces clashed near the Rabia crossing on the "
      "Syrian border, officials said.&lt;/p&gt;&lt;p&gt;&lt;img src=\"%spixel.png\" "
      "alt=\"Crossing\" width=\"40\" height=\"40\"&gt;&lt;/p&gt;</description></item>"
      "</channel></rss>",
      base, base, base, base);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_COPY, feed,
                                    strlen (feed));
}

/* Answers msg with a PNG of width × height pixels, every byte of them fill,
 * as content_type. */
static void
serve_png (SoupServerMessage *msg, int width, int height, guint8 fill, const char *content_type)
{
  gsize size = (gsize) width * height * 4;
  guint8 *data = g_malloc (size);
  g_autoptr (GBytes) pixels = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GBytes) png = NULL;

  memset (data, fill, size);
  pixels = g_bytes_new_take (data, size);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, pixels, width * 4);
  png = gdk_texture_save_to_png_bytes (texture);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* The images the server gives, each with its count of requests in Ctx: the
 * feed's image (a 40×40 PNG), the site's icon (a 32×32 PNG; Vigil keeps it at
 * 16 px) and the feed's own image (<image>: a 200×100 PNG, Edit Source shows
 * it in a box of 96 px). */
static const struct
{
  const char *path;
  int width, height;
  guint8 fill;
  const char *content_type;
  glong hits;
} served_images[] = {
  { "/pixel.png", 40, 40, 0, "image/png", G_STRUCT_OFFSET (Ctx, pixel_hits) },
  { "/favicon.ico", 32, 32, 0xc0, "image/vnd.microsoft.icon", G_STRUCT_OFFSET (Ctx, favicon_hits) },
  { "/logo.png", 200, 100, 0x80, "image/png", G_STRUCT_OFFSET (Ctx, logo_hits) },
};

static void
serve_image (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
             gpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (served_images); i++)
    if (g_str_equal (path, served_images[i].path))
      {
        G_STRUCT_MEMBER (guint, data, served_images[i].hits)++;
        serve_png (msg, served_images[i].width, served_images[i].height, served_images[i].fill,
                   served_images[i].content_type);
        return;
      }
  soup_server_message_set_status (msg, 404, NULL);
}

static void
test_source_added (void)
{
  Ctx ctx = { 0 };
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;

  soup_server_add_handler (server, "/feed.xml", serve_feed, &ctx, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (served_images); i++)
    soup_server_add_handler (server, served_images[i].path, serve_image, &ctx, NULL);
  {
    g_autofree char *base = vigil_test_server_listen (server);
    ctx.feed_url = g_strconcat (base, "/feed.xml", NULL);
  }

  ui_test_run_demo_listed (&ctx.app, &ctx.window, start, &ctx);

  /* Adding a source. */
  g_assert_false (ctx.bad_url_addable);
  g_assert_cmpint (ctx.added_source, >, 0);
  g_assert_cmpint (ctx.added_articles, ==, 1);
  g_assert_cmpstr (ctx.added_title, ==, "Local Border Desk");
  g_assert_cmpstr (ctx.added_folder, ==, "Local desk");
  g_assert_cmpuint (ctx.added_interval, ==, 30);
  g_free (ctx.added_title);
  g_free (ctx.added_folder);
  /* Remote images: none fetched until the source's switch was turned on. */
  g_test_message ("images off: %s (%u requests); on: %s (%u requests)", ctx.images_off_page,
                  ctx.pixel_hits_off, ctx.images_on_page, ctx.pixel_hits);
  g_assert_cmpuint (ctx.pixel_hits_off, ==, 0);
  g_assert_nonnull (strstr (ctx.images_off_page, "\"width\":0"));
  g_assert_nonnull (strstr (ctx.images_off_page, "\"note\":true"));
  g_assert_nonnull (strstr (ctx.images_on_page, "\"note\":false"));
  g_assert_null (strstr (ctx.images_off_page, "https:"));
  g_assert_cmpuint (ctx.pixel_hits, >=, 1);
  g_assert_nonnull (strstr (ctx.images_on_page, "\"width\":40"));
  g_assert_cmpstr (ctx.edited_title, ==, "Border Desk (edited)");
  /* Every author in the header line, each isolated (issue 16). */
  g_assert_nonnull (strstr (ctx.images_off_page, " · By Leila Hassan and Omar Ali"));
  g_assert_nonnull (strstr (ctx.images_off_page, "\"Leila Hassan\",\"Omar Ali\""));
  /* The feed's image in Edit Source: hidden until fetched, then shown at
   * the box's width (200×100 fits 96×48), with its title as its name. */
  g_test_message ("feed image: %u requests, %d px wide, \"%s\"", ctx.logo_hits, ctx.logo_width,
                  ctx.logo_label);
  g_assert_true (ctx.logo_hidden_before);
  g_assert_cmpuint (ctx.logo_hits, >=, 1);
  g_assert_cmpint (ctx.logo_width, ==, 96);
  g_assert_cmpstr (ctx.logo_label, ==, "The feed’s image: Border Desk logo");
  g_free (ctx.logo_label);
  g_free (ctx.images_off_page);
  g_free (ctx.images_on_page);
  g_free (ctx.edited_title);
  g_test_message ("favicon: %u requests, shown %d", ctx.favicon_hits, ctx.favicon_shown);
  g_assert_cmpuint (ctx.favicon_hits, ==, 1);
  g_assert_true (ctx.favicon_shown);
  g_test_message ("new articles: \"%s\", %u listed before, %u after", ctx.new_label,
                  ctx.listed_before_new, ctx.listed_after_new);
  g_assert_cmpstr (ctx.new_label, ==, "1 New Article");
  g_assert_cmpuint (ctx.listed_after_new, ==, ctx.listed_before_new + 1);
  g_assert_true (ctx.new_hidden);
  g_free (ctx.new_label);
  g_assert_cmpuint (ctx.unread_after_mark, ==, 0); /* "Mark All as Read" */
  g_assert_true (ctx.source_gone);                 /* "Unsubscribe…", confirmed */
  g_free (ctx.feed_url);

  g_object_unref (ctx.app);
}

/* The text a row shows in its subtitle label, as drawn (markup that does not
 * parse leaves the label empty). */
static const char *
shown_subtitle (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      const char *text;
      if (GTK_IS_LABEL (c) && gtk_widget_has_css_class (c, "subtitle"))
        return gtk_label_get_text (GTK_LABEL (c));
      if ((text = shown_subtitle (c)) != NULL)
        return text;
    }
  return NULL;
}

/* Edit Source showed an empty address for URLs with "&": the row's subtitle
 * was read as Pango markup (and an OPML or a redirect could format it). */
static void
test_edit_source_address (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-ui-edit-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  const char *urls[]
      = { "https://example.org/feed?a=1&b=2", "https://example.org/<b>bold</b>?x=&amp;" };

  adw_init ();
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr (VigilSource) source = vigil_source_new ();
      VigilEditSourceDialog *dialog;
      GtkWidget *row;

      source->id = 1;
      source->url = g_strdup (urls[i]);
      source->title = g_strdup ("Amp & <i>feed</i>");
      dialog = vigil_edit_source_dialog_new (NULL, store, source, 15);
      gtk_window_present (GTK_WINDOW (dialog));
      row = GTK_WIDGET (gtk_widget_get_template_child (
          GTK_WIDGET (dialog), VIGIL_TYPE_EDIT_SOURCE_DIALOG, "address_row"));
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, urls[i]);
      g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));
      g_assert_cmpstr (shown_subtitle (row), ==, urls[i]);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

/* A PNG of 8 + 25 + 20 + 12 bytes declaring width × height pixels: valid
 * signature, IHDR and IEND, and an IDAT holding an empty deflate stream. */
static guint32
png_crc (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

static void
png_chunk (GByteArray *png, const char *type, const guint8 *data, guint32 len)
{
  guint32 be = GUINT32_TO_BE (len);
  g_autoptr (GByteArray) crc_input = g_byte_array_new ();
  guint32 crc;

  g_byte_array_append (png, (const guint8 *) &be, 4);
  g_byte_array_append (crc_input, (const guint8 *) type, 4);
  g_byte_array_append (crc_input, data, len);
  g_byte_array_append (png, crc_input->data, crc_input->len);
  crc = GUINT32_TO_BE (png_crc (crc_input->data, crc_input->len));
  g_byte_array_append (png, (const guint8 *) &crc, 4);
}

static GBytes *
png_declaring (guint32 width, guint32 height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 empty_zlib[] = { 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  guint32 w = GUINT32_TO_BE (width), h = GUINT32_TO_BE (height);

  memcpy (ihdr, &w, 4);
  memcpy (ihdr + 4, &h, 4);
  ihdr[8] = 8; /* bit depth */
  ihdr[9] = 6; /* RGBA */
  g_byte_array_append (png, signature, sizeof signature);
  png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  png_chunk (png, "IDAT", empty_zlib, sizeof empty_zlib);
  png_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

typedef struct
{
  guint hits;
  guint done;
  GError *errors[2];
  const char *origin;
} HugeIcon;

static void
serve_huge_favicon (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                    gpointer data)
{
  HugeIcon *h = data;
  g_autoptr (GBytes) png = png_declaring (40000, 40000);

  h->hits++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/x-icon", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static void
huge_icon_done (GObject *object, GAsyncResult *result, gpointer data)
{
  HugeIcon *h = data;
  g_autofree char *path = vigil_favicon_fetch_finish (result, &h->errors[h->done]);

  g_assert_null (path);
  /* (the window reads which origin a result is for from the task) */
  g_assert_cmpstr (g_object_get_data (G_OBJECT (result), "origin"), ==, h->origin);
  h->done++;
}

static long
max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* A 65-byte PNG declaring 40000×40000 as /favicon.ico was decoded in full
 * (6.4 GB, 33 s), and twice when two windows asked at once. */
static void
test_favicon_huge (void)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (VigilFetcher) fetcher = vigil_fetcher_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = png_declaring (40000, 40000);
  g_autofree char *origin = NULL;
  g_autofree char *icon = NULL;
  HugeIcon h = { 0 };
  long rss_before = max_rss_kib ();
  gint64 start = g_get_monotonic_time ();

  g_test_message ("the PNG is %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (png));
  soup_server_add_handler (server, "/favicon.ico", serve_huge_favicon, &h, NULL);
  origin = vigil_test_server_listen (server);
  h.origin = origin;

  vigil_fetcher_set_host_spacing (fetcher, 0);
  vigil_favicon_fetch_async (fetcher, origin, NULL, huge_icon_done, &h);
  vigil_favicon_fetch_async (fetcher, origin, NULL, huge_icon_done, &h);
  while (h.done < 2)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("refused in %.2f s, peak memory grew by %ld KiB: %s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  max_rss_kib () - rss_before, h.errors[0]->message);

  g_assert_cmpuint (h.hits, ==, 1); /* one request for both */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_error (h.errors[i], G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (h.errors[i]->message, "40000×40000"));
      g_clear_error (&h.errors[i]);
    }
  g_assert_cmpint (max_rss_kib () - rss_before, <, 100 * 1024);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  /* The failure is remembered; no icon was stored. */
  icon = vigil_favicon_path (origin);
  g_assert_false (g_file_test (icon, G_FILE_TEST_EXISTS));
  g_assert_true (vigil_favicon_known (origin));
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-sources-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/sources/source-added", test_source_added);
  g_test_add_func ("/ui/sources/edit-source-address", test_edit_source_address);
  g_test_add_func ("/ui/sources/favicon-huge", test_favicon_huge);
  return g_test_run ();
}
