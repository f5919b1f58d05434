/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Vigil as a Flatpak sees the desktop: through portals. The real application
 * under Xvfb with GDK_DEBUG=portals (GTK's file chooser then goes through the
 * portal, and so does Vigil's background request), and a mock portal on the
 * test's session bus (see mock-portal.h).
 *
 * Import Subscriptions: the portal's OpenFile is asked (title, accept label,
 * OPML filter, the window as parent) and the file it answers with is imported;
 * a cancelled chooser changes nothing; a file that is not OPML and a file
 * larger than 8 MiB are refused with a message in the window and nothing
 * stored changes. Export Subscriptions: SaveFile with the suggested name, and
 * the file written lists every source. Start at Login: RequestBackground with
 * autostart and `vigil --background`; refused, the switch turns itself off and
 * the window says where to allow it; no host autostart entry is written.
 * Attachments: an article's enclosure is listed under it, and clicking it asks
 * the portal's OpenURI for its address (the desktop's player opens it); when
 * the portal says it failed, a toast in the window says so. */
#include "config.h"

#include <glib/gstdio.h>

#include <webkit/webkit.h>

#include "mock-portal.h"
#include "vigil-application.h"
#include "vigil-article-view.h"
#include "vigil-opml.h"
#include "vigil-window.h"

#include "ui-test-common.h"
#include "ui-test-page.h"

typedef struct
{
  VigilApplication *app;
  MockPortal *portal;
  char *dir;
  guint step, last_step;
  guint ticks;
  guint seen; /* the tick the awaited message appeared */
  gint64 sources_before;

  /* import */
  char *open_method, *open_title, *open_parent, *accept_label;
  gboolean open_filtered;
  gint64 sources_imported;
  gint64 sources_after_cancel;
  gint64 sources_after_bad, sources_after_huge;
  gboolean said_not_opml, said_too_large;
  char *refused_body; /* the dialog listing what the import left out */
  /* export */
  char *save_method, *save_name;
  guint exported;
  /* background */
  char *background_method;
  gboolean background_autostart;
  char **background_commandline;
  gboolean reverted;
  gboolean said_not_allowed;
  gboolean host_entry;
  /* attachments */
  gint64 article_id;
  UiPageEval page;
  char *listed;      /* the attachment list's text, as the page shows it */
  char *opened_with; /* the portal method the click asked */
  char *opened_uri;
  char *opened_parent;
  gboolean said_not_opened; /* a toast said the attachment could not be opened */
} Ctx;

static gint64
count_sources (Ctx *ctx)
{
  return vigil_store_count_sources (
      vigil_monitor_get_store (vigil_application_get_monitor (ctx->app)));
}

static VigilWindow *
main_window (Ctx *ctx)
{
  return ui_test_find_window (ctx->app);
}

/* Whether a label on screen under @widget says @text (the window's toasts
 * are labels; one waiting its turn or leaving is not on screen). */
static gboolean
shows_text (GtkWidget *widget, const char *text)
{
  if (!gtk_widget_is_drawable (widget) || !gtk_widget_get_child_visible (widget)
      || gtk_widget_get_opacity (widget) < 0.5)
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

/* Seen on screen, and painted a few frames since (for the screenshot). */
static gboolean
seen_a_while (Ctx *ctx, GtkWidget *window, const char *text)
{
  if (ctx->seen == 0)
    {
      if (!shows_text (window, text))
        return FALSE;
      ctx->seen = ctx->ticks;
    }
  if (ctx->ticks < ctx->seen + 8)
    return FALSE;
  ctx->seen = 0;
  return TRUE;
}

/* Runs @action (Import or Export Subscriptions); the portal's chooser answers
 * with the file @name in the test's folder, or is cancelled if NULL. */
static void
choose (Ctx *ctx, const char *action, const char *name)
{
  g_autofree char *path = name ? g_build_filename (ctx->dir, name, NULL) : NULL;

  g_free (ctx->portal->file_uri);
  ctx->portal->file_uri = path ? g_filename_to_uri (path, NULL, NULL) : NULL;
  g_action_group_activate_action (G_ACTION_GROUP (ctx->app), action, NULL);
}

/* Runs @script in the article view once the page has loaded; its value as
 * text when it has answered, else NULL. */
static char *
page_eval (Ctx *ctx, const char *script)
{
  return ui_page_eval (
      &ctx->page,
      vigil_article_view_get_web_view (vigil_window_get_article_view (main_window (ctx))), script);
}

/* A source with one podcast item, stored as a refresh would store it. */
static gint64
add_podcast (Ctx *ctx)
{
  VigilStore *store = vigil_monitor_get_store (vigil_application_get_monitor (ctx->app));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  VigilArticle *a = vigil_article_new ();
  VigilEnclosure *e = g_new0 (VigilEnclosure, 1);
  gint64 source_id = vigil_store_add_source (store, "http://127.0.0.1:9/podcast.xml",
                                             "Desk Podcast", NULL, NULL, &error);

  g_assert_no_error (error);
  a->guid = g_strdup ("episode-12");
  a->title = g_strdup ("Episode 12: the Sinjar agreement");
  a->link = g_strdup ("http://127.0.0.1:9/episode-12");
  a->summary = g_strdup ("<p>Our correspondents on the Sinjar agreement.</p>");
  a->published = g_date_time_new_now_utc ();
  e->url = g_strdup ("https://podcasts.example.org/media/episode-12.mp3");
  e->type = g_strdup ("audio/mpeg");
  e->length = 24 * 1024 * 1024;
  e->title = g_strdup ("Episode 12 (audio)");
  e->duration = 1530;
  g_ptr_array_add (a->enclosures, e);
  g_ptr_array_add (articles, a);
  g_assert_true (vigil_store_ingest (store, source_id, articles, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 1);
  return ((VigilArticle *) g_ptr_array_index (added, 0))->id;
}

/* One step a tick; a step that waits for something returns without moving on. */
static gboolean
tick (gpointer data)
{
  Ctx *ctx = data;
  GtkWidget *window = GTK_WIDGET (main_window (ctx));
  GSettings *settings = vigil_application_get_settings (ctx->app);
  guint calls = ctx->portal ? ctx->portal->calls : 0;

  /* A step waits up to 30 s: a toast shows after the ones before it, and up to
   * four may be queued ahead (5 or 6 s each: "older articles match your
   * rules", "Imported", the refresh's failures, the previous step's). */
  if (!ui_test_step_in_time (ctx->app, "step", ctx->step, &ctx->last_step, &ctx->ticks, 600))
    return G_SOURCE_REMOVE;
  switch (ctx->step)
    {
    case 0: /* the window is up: the portal appears, Import Subscriptions */
      if (!ui_test_is_mapped (window))
        return G_SOURCE_CONTINUE;
      ctx->portal = mock_portal_start ();
      ctx->sources_before = count_sources (ctx);
      choose (ctx, "import-opml", "desk.opml");
      ctx->step++;
      break;
    case 1:
      if (count_sources (ctx) == ctx->sources_before)
        return G_SOURCE_CONTINUE;
      ctx->sources_imported = count_sources (ctx) - ctx->sources_before;
      /* The outline that is not a web address is named, with the reason. */
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ctx->app)); l; l = l->next)
        if (ADW_IS_MESSAGE_DIALOG (l->data))
          {
            ctx->refused_body = g_strdup (adw_message_dialog_get_body (l->data));
            adw_message_dialog_response (l->data, "close");
            break;
          }
      ctx->open_method = g_strdup (ctx->portal->method);
      ctx->open_title = g_strdup (ctx->portal->title);
      ctx->open_parent = g_strdup (ctx->portal->parent_window);
      g_variant_lookup (ctx->portal->options, "accept_label", "s", &ctx->accept_label);
      ctx->open_filtered = g_variant_lookup_value (ctx->portal->options, "filters", NULL) != NULL;
      shot ("vigil-ui-portal-imported.png");
      /* The user cancels the chooser. */
      choose (ctx, "import-opml", NULL);
      ctx->step++;
      break;
    case 2:
      if (calls < 2)
        return G_SOURCE_CONTINUE;
      ctx->sources_after_cancel = count_sources (ctx);
      choose (ctx, "import-opml", "not-opml.opml");
      ctx->step++;
      break;
    case 3:
      if (!shows_text (window, "Could not import"))
        return G_SOURCE_CONTINUE;
      ctx->said_not_opml = TRUE;
      ctx->sources_after_bad = count_sources (ctx);
      choose (ctx, "import-opml", "huge.opml");
      ctx->step++;
      break;
    case 4:
      if (!seen_a_while (ctx, window, "larger than 8 MiB"))
        return G_SOURCE_CONTINUE;
      ctx->said_too_large = TRUE;
      ctx->sources_after_huge = count_sources (ctx);
      shot ("vigil-ui-portal-too-large.png");
      /* Export Subscriptions. */
      choose (ctx, "export-opml", "exported.opml");
      ctx->step++;
      break;
    case 5:
      {
        g_autofree char *path = g_build_filename (ctx->dir, "exported.opml", NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;
        g_autoptr (GPtrArray) listed = NULL;

        if (!shows_text (window, "Subscriptions exported")
            || !g_file_get_contents (path, &contents, &length, NULL))
          return G_SOURCE_CONTINUE;
        listed = vigil_opml_parse (contents, length, NULL);
        ctx->exported = listed ? listed->len : 0;
        ctx->save_method = g_strdup (ctx->portal->method);
        g_variant_lookup (ctx->portal->options, "current_name", "s", &ctx->save_name);
      }
      /* Start at Login, granted. */
      ctx->portal->grant = TRUE;
      g_settings_set_boolean (settings, "autostart", TRUE);
      ctx->step++;
      break;
    case 6:
      if (calls < 6)
        return G_SOURCE_CONTINUE;
      ctx->background_method = g_strdup (ctx->portal->method);
      g_variant_lookup (ctx->portal->options, "autostart", "b", &ctx->background_autostart);
      g_variant_lookup (ctx->portal->options, "commandline", "^as", &ctx->background_commandline);
      g_settings_set_boolean (settings, "autostart", FALSE);
      ctx->step++;
      break;
    case 7:
      if (calls < 7)
        return G_SOURCE_CONTINUE;
      /* Refused this time. */
      ctx->portal->grant = FALSE;
      g_settings_set_boolean (settings, "autostart", TRUE);
      ctx->step++;
      break;
    case 8:
      if (calls < 8 || g_settings_get_boolean (settings, "autostart")
          || !seen_a_while (ctx, window, "allow it in Settings"))
        return G_SOURCE_CONTINUE;
      ctx->reverted = TRUE;
      ctx->said_not_allowed = TRUE;
      shot ("vigil-ui-portal-refused.png");
      {
        g_autofree char *entry
            = g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
        ctx->host_entry = g_file_test (entry, G_FILE_TEST_EXISTS);
      }
      /* A podcast episode, shown. */
      ctx->article_id = add_podcast (ctx);
      vigil_window_reload (main_window (ctx));
      g_assert_true (vigil_window_show_article (main_window (ctx), ctx->article_id));
      ctx->step++;
      break;
    case 9: /* the attachment is listed under the article */
      {
        g_autofree char *text
            = page_eval (ctx, "(function () { var s = document.getElementById('vigil-attachments');"
                              "  return s ? s.innerText : ''; })()");
        if (text == NULL)
          return G_SOURCE_CONTINUE;
        if (strstr (text, "Episode 12 (audio)") == NULL)
          {
            return G_SOURCE_CONTINUE; /* the page before */
          }
        ctx->listed = g_steal_pointer (&text);
        shot ("vigil-ui-portal-attachment.png");
      }
      ctx->step++;
      break;
    case 10: /* clicked, as the desk would; no application opens it */
      {
        ctx->portal->response = 2;
        g_autofree char *done
            = page_eval (ctx, "document.querySelector('#vigil-attachments a').click(); 'clicked'");
        if (done == NULL)
          return G_SOURCE_CONTINUE;
      }
      ctx->step++;
      break;
    case 11:
      if (g_strcmp0 (ctx->portal->method, "OpenURI") != 0)
        return G_SOURCE_CONTINUE;
      ctx->opened_with = g_strdup (ctx->portal->method);
      ctx->opened_uri = g_strdup (ctx->portal->title);
      ctx->opened_parent = g_strdup (ctx->portal->parent_window);
      ctx->step++;
      break;
    case 12: /* the failure said in the window, not only in a log */
      if (!seen_a_while (ctx, GTK_WIDGET (main_window (ctx)), "Could not open the attachment"))
        return G_SOURCE_CONTINUE;
      ctx->said_not_opened = TRUE;
      shot ("vigil-ui-portal-attachment-failed.png");
      return ui_test_quit (ctx->app);
    }
  return G_SOURCE_CONTINUE;
}

static void
test_portals (void)
{
  Ctx ctx = { 0 };
  g_autofree char *desk = NULL;
  g_autofree char *not_opml = NULL;
  g_autofree char *huge = NULL;
  g_autoptr (GString) big = g_string_new ("<opml version=\"2.0\"><body>");

  /* What the user picks: a desk's list (its feeds on a closed local port, so a
   * refresh fails at once without leaving this machine), a file that is not
   * OPML, and 9 MiB of outlines. */
  ctx.dir = g_dir_make_tmp ("vigil-portal-files-XXXXXX", NULL);
  desk = g_build_filename (ctx.dir, "desk.opml", NULL);
  g_assert_true (g_file_set_contents (
      desk,
      "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Desk</title></head><body>"
      "<outline text=\"Iraq\">"
      "<outline type=\"rss\" text=\"Baghdad wire\" xmlUrl=\"http://127.0.0.1:9/baghdad.xml\"/>"
      "<outline type=\"rss\" text=\"Erbil wire\" xmlUrl=\"http://127.0.0.1:9/erbil.xml\"/>"
      "<outline type=\"rss\" text=\"Passwords\" xmlUrl=\"file:///etc/passwd\"/>"
      "</outline></body></opml>",
      -1, NULL));
  not_opml = g_build_filename (ctx.dir, "not-opml.opml", NULL);
  g_assert_true (g_file_set_contents (not_opml, "%PDF-1.4 not a subscription list", -1, NULL));
  while (big->len < 9 * 1024 * 1024)
    g_string_append_printf (big, "<outline type=\"rss\" xmlUrl=\"http://127.0.0.1:9/%u.xml\"/>",
                            (guint) big->len);
  g_string_append (big, "</body></opml>");
  huge = g_build_filename (ctx.dir, "huge.opml", NULL);
  g_assert_true (g_file_set_contents (huge, big->str, big->len, NULL));

  ui_test_run_ticking (&ctx.app, 50, tick, &ctx);

  g_test_message ("open: %s \"%s\" parent \"%s\" accept \"%s\"; imported %" G_GINT64_FORMAT,
                  ctx.open_method, ctx.open_title, ctx.open_parent, ctx.accept_label,
                  ctx.sources_imported);
  g_assert_cmpuint (ctx.step, ==, 12);
  g_assert_cmpstr (ctx.open_method, ==, "OpenFile");
  g_assert_cmpstr (ctx.open_title, ==, "Import Subscriptions");
  g_assert_cmpstr (ctx.accept_label, ==, "_Import");
  g_assert_true (ctx.open_filtered);
  g_assert_true (g_str_has_prefix (ctx.open_parent, "x11:"));
  g_assert_cmpint (ctx.sources_imported, ==, 2);
  g_test_message ("refused: %s", ctx.refused_body);
  g_assert_nonnull (ctx.refused_body);
  g_assert_true (g_str_has_prefix (ctx.refused_body, "“Passwords”: "));
  g_assert_nonnull (strstr (ctx.refused_body, "file:"));
  g_free (ctx.refused_body);
  g_assert_cmpint (ctx.sources_after_cancel, ==, ctx.sources_before + 2);
  g_assert_true (ctx.said_not_opml);
  g_assert_cmpint (ctx.sources_after_bad, ==, ctx.sources_before + 2);
  g_assert_true (ctx.said_too_large);
  g_assert_cmpint (ctx.sources_after_huge, ==, ctx.sources_before + 2);

  g_test_message ("save: %s \"%s\"; exported %u sources", ctx.save_method, ctx.save_name,
                  ctx.exported);
  g_assert_cmpstr (ctx.save_method, ==, "SaveFile");
  g_assert_cmpstr (ctx.save_name, ==, "vigil-subscriptions.opml");
  g_assert_cmpint (ctx.exported, ==, ctx.sources_before + 2);

  g_assert_cmpstr (ctx.background_method, ==, "RequestBackground");
  g_assert_true (ctx.background_autostart);
  {
    const char *expected[] = { "vigil", "--background", NULL };
    g_assert_cmpstrv (ctx.background_commandline, expected);
  }
  g_assert_true (ctx.reverted);
  g_assert_true (ctx.said_not_allowed);
  g_assert_false (ctx.host_entry);

  /* The attachment: its title, type, size and length listed; the click went
   * to the desktop through the portal, with the window as parent. */
  g_test_message ("attachments: %s; opened with %s %s", ctx.listed, ctx.opened_with,
                  ctx.opened_uri);
  g_assert_nonnull (strstr (ctx.listed, "audio/mpeg"));
  g_assert_nonnull (strstr (ctx.listed, "25.2")); /* g_format_size: "25.2 MB", a no-break space */
  g_assert_nonnull (strstr (ctx.listed, "MB"));
  g_assert_nonnull (strstr (ctx.listed, "25:30"));
  g_assert_cmpstr (ctx.opened_uri, ==, "https://podcasts.example.org/media/episode-12.mp3");
  g_assert_true (g_str_has_prefix (ctx.opened_parent, "x11:"));
  g_assert_true (ctx.said_not_opened);
  g_free (ctx.listed);
  g_free (ctx.opened_with);
  g_free (ctx.opened_uri);
  g_free (ctx.opened_parent);
  g_free (ctx.page.result);

  mock_portal_stop (ctx.portal);
  g_object_unref (ctx.app);
  g_remove (desk);
  g_remove (not_opml);
  g_remove (huge);
  {
    g_autofree char *exported = g_build_filename (ctx.dir, "exported.opml", NULL);
    g_remove (exported);
  }
  g_rmdir (ctx.dir);
  g_free (ctx.dir);
  g_free (ctx.open_method);
  g_free (ctx.open_title);
  g_free (ctx.open_parent);
  g_free (ctx.accept_label);
  g_free (ctx.save_method);
  g_free (ctx.save_name);
  g_free (ctx.background_method);
  g_strfreev (ctx.background_commandline);
}

int
main (int argc, char *argv[])
{
  /* Before anything asks GLib for the user directories, or GTK for its flags. */
  ui_test_isolate_user_dirs ("vigil-ui-portal-XXXXXX");
  g_setenv ("GDK_DEBUG", "portals", TRUE);
  /* GLib's launcher too (GTK's show-URI hands links to it), as in the Flatpak. */
  g_setenv ("GTK_USE_PORTAL", "1", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui-portal/opml-and-background", test_portals);
  return g_test_run ();
}
