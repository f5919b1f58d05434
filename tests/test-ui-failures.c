/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A failing source said where the desk looks, and a folder's menu (issue 18):
 * the real window under Xvfb with three sources on a local SoupServer: one
 * answering 404 (no folder), two working in the folders "Wires" and "Other".
 * The failing source's page says why in the desk's words with Retry, Edit
 * and Unsubscribe (at 1200 and 600 px); the toast's Details lists it with
 * its reason; Retry fetches that source alone (requests counted on the
 * server) and, the server mended, its page shows its articles. The "Wires"
 * heading's menu marks exactly its articles read (the store's counts), and
 * the toast's Undo makes them unread again; its Refresh fetches its source
 * alone. Broken again once it has an article, the source's list stays with a
 * banner above it saying why, and the sidebar's tooltip says the same. */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "vigil-application.h"
#include "vigil-sidebar-model.h"
#include "vigil-window-private.h"

#include "ui-test-common.h"

typedef struct
{
  VigilApplication *app;
  VigilWindow *window;
  VigilStore *store;
  gboolean broken; /* what /bad.xml answers: 404 or a feed */
  guint hits_bad, hits_wires, hits_other;
  guint at_retry_wires, at_retry_other, at_retry_bad;
  gint64 bad, wires, other; /* source ids */
  guint step, ticks, wait;
  gboolean refreshed;
  gboolean page_said, page_buttons, page_said_600, details_said, retried_alone, articles_shown;
  gboolean details_refreshed, details_failing_again;
  guint phase;             /* of the Details step */
  VigilSource *bad_source; /* its state put back after */
  char *bad_error;
  gboolean folder_menu, folder_marked, folder_undone, banner_said, tooltip_said, folder_refreshed;
  char *banner_detail; /* the technical part under the banner's sentence */
  gint64 unread_wires, unread_other;
  char *base;
} Ctx;

static const char wires_feed[]
    = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wires</title>"
      "<item><title>Port reopens</title><guid>w-1</guid></item>"
      "<item><title>Talks resume</title><guid>w-2</guid></item></channel></rss>";
static const char other_feed[]
    = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Other</title>"
      "<item><title>Harvest begins</title><guid>o-1</guid></item></channel></rss>";
static const char mended_feed[]
    = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Mended</title>"
      "<item><title>Bridge repaired</title><guid>m-1</guid></item></channel></rss>";

static void
serve (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
       gpointer data)
{
  Ctx *c = data;
  const char *body = NULL;

  if (g_str_equal (path, "/bad.xml"))
    {
      c->hits_bad++;
      body = c->broken ? NULL : mended_feed;
    }
  else if (g_str_equal (path, "/wires.xml"))
    {
      c->hits_wires++;
      body = wires_feed;
    }
  else if (g_str_equal (path, "/other.xml"))
    {
      c->hits_other++;
      body = other_feed;
    }
  if (body == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

static GtkListBox *
sidebar (Ctx *c)
{
  return GTK_LIST_BOX (
      gtk_widget_get_template_child (GTK_WIDGET (c->window), VIGIL_TYPE_WINDOW, "sources_list"));
}

/* The sidebar row of a source, or of the folder titled folder. */
static GtkListBoxRow *
sidebar_row (Ctx *c, gint64 source, const char *folder)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar (c), i)); i++)
    {
      VigilSidebarItem *item = sidebar_item (row);
      if (item == NULL)
        continue;
      if (folder != NULL && vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_FOLDER
          && g_str_equal (vigil_sidebar_item_get_title (item), folder))
        return row;
      if (folder == NULL && vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_SOURCE
          && vigil_sidebar_item_get_id (item) == source)
        return row;
    }
  return NULL;
}

static GtkWidget *
empty_page (Ctx *c)
{
  return GTK_WIDGET (c->window->empty_page);
}

static const char *
list_page (Ctx *c)
{
  return gtk_stack_get_visible_child_name (c->window->list_stack);
}

/* The open AdwMessageDialog over the window, or NULL. */
static GtkWidget *
open_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (tops, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static void
on_refresh_finished (VigilMonitor *monitor, Ctx *c)
{
  c->refreshed = TRUE;
}

static gint64
unread_of (Ctx *c, gint64 source)
{
  g_autoptr (VigilSource) s = vigil_store_get_source (c->store, source, NULL);
  return s ? (gint64) s->unread : -1;
}

static gboolean
drive (gpointer data)
{
  Ctx *c = data;
  VigilMonitor *monitor;
  g_autoptr (GError) error = NULL;
  GtkWidget *page, *dialog, *button;
  GtkListBoxRow *row;

  if (++c->ticks > 1500)
    {
      g_test_fail_printf ("timed out at step %u", c->step);
      return ui_test_quit (c->app);
    }
  if (c->window == NULL)
    c->window = ui_test_find_window (c->app);
  if (c->window == NULL)
    return G_SOURCE_CONTINUE;
  monitor = vigil_application_get_monitor (c->app);
  c->store = vigil_monitor_get_store (monitor);
  page = empty_page (c);

  switch (c->step)
    {
    case 0:
      /* The first (empty) refresh over: the three sources added and read. */
      if (vigil_monitor_is_refreshing (monitor))
        return G_SOURCE_CONTINUE;
      {
        g_autofree char *bad = g_strconcat (c->base, "/bad.xml", NULL);
        g_autofree char *wires = g_strconcat (c->base, "/wires.xml", NULL);
        g_autofree char *other = g_strconcat (c->base, "/other.xml", NULL);
        c->bad = vigil_store_add_source (c->store, bad, "Broken", NULL, NULL, &error);
        g_assert_no_error (error);
        c->wires = vigil_store_add_source (c->store, wires, "Wire", NULL, "Wires", &error);
        g_assert_no_error (error);
        c->other = vigil_store_add_source (c->store, other, "Elsewhere", NULL, "Other", &error);
        g_assert_no_error (error);
      }
      g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_refresh_finished), c);
      vigil_monitor_refresh_all (monitor);
      c->step++;
      break;
    case 1:
      /* Read: the failing source selected. */
      if (!c->refreshed || (row = sidebar_row (c, c->bad, NULL)) == NULL)
        return G_SOURCE_CONTINUE;
      gtk_list_box_select_row (sidebar (c), row);
      c->step++;
      break;
    case 2:
      /* Its page: the reason in the desk's words, Retry, Edit, Unsubscribe. */
      if (g_strcmp0 (list_page (c), "empty") != 0
          || find_label_with (page, "the feed is no longer at this address") == NULL)
        return G_SOURCE_CONTINUE;
      c->page_said = find_label_with (page, "No Articles Yet") == NULL
                     && find_label_with (page, "as soon as the sources are refreshed") == NULL;
      button = find_button_labelled (page, "_Retry");
      c->page_buttons = button != NULL && find_button_labelled (page, "_Edit…") != NULL
                        && find_button_labelled (page, "_Unsubscribe…") != NULL
                        && gtk_widget_get_mapped (button);
      if (c->wait++ < 25) /* painted */
        return G_SOURCE_CONTINUE;
      c->wait = 0;
      shot ("ui-failures-page-1200.png");
      /* The toast's Details. */
      gtk_widget_activate_action (GTK_WIDGET (c->window), "win.show-errors", NULL);
      c->step++;
      break;
    case 3:
      if ((dialog = open_dialog ()) == NULL || c->wait++ < 25)
        return G_SOURCE_CONTINUE;
      if (c->phase > 0)
        {
          /* The source refreshed meanwhile (as a row's Retry would): its
           * row says so and its Retry goes (phase 1); failing again, the
           * reason and Retry come back (phase 2). The store's "changed" is
           * said from the main loop. */
          GtkWidget *retry = find_button_labelled (dialog, "_Retry");
          if (c->phase == 1)
            {
              c->details_refreshed
                  = find_label (dialog, "Refreshed") != NULL && !gtk_widget_get_visible (retry);
              if (!c->details_refreshed && c->wait < 500)
                return G_SOURCE_CONTINUE;
              c->bad_source->status = VIGIL_SOURCE_STATUS_ERROR;
              c->bad_source->error = g_steal_pointer (&c->bad_error);
              g_assert_true (vigil_store_update_source (c->store, c->bad_source, NULL));
              c->phase = 2;
              return G_SOURCE_CONTINUE;
            }
          c->details_failing_again
              = find_label_with (dialog, "the feed is no longer at this address") != NULL
                && gtk_widget_get_visible (retry);
          if (!c->details_failing_again && c->wait < 1000)
            return G_SOURCE_CONTINUE;
          g_clear_object (&c->bad_source);
          c->wait = 0;
          gtk_window_close (GTK_WINDOW (dialog));
          c->step++;
          break;
        }
      c->wait = 0;
      c->details_said = find_label (dialog, "Broken") != NULL
                        && find_label_with (dialog, "the feed is no longer at this address")
                        && find_button_labelled (dialog, "_Retry") != NULL
                        && find_button_labelled (dialog, "_Unsubscribe…") != NULL
                        && find_button_labelled (dialog, "Retry _All") != NULL
                        && find_label (dialog, "Wire") == NULL;
      if (!c->details_said)
        {
          g_autoptr (GString) labels = g_string_new (NULL);
          collect_labels (dialog, labels);
          g_test_message ("details: %s", labels->str);
        }
      shot ("ui-failures-details.png");
      c->bad_source = vigil_store_get_source (c->store, c->bad, NULL);
      c->bad_error = g_steal_pointer (&c->bad_source->error);
      c->bad_source->status = VIGIL_SOURCE_STATUS_OK;
      g_assert_true (vigil_store_update_source (c->store, c->bad_source, NULL));
      c->phase = 1;
      return G_SOURCE_CONTINUE;
    case 4:
      /* The "Wires" heading's menu, from the keyboard's Menu key. */
      row = sidebar_row (c, 0, "Wires");
      if (open_dialog () != NULL || !ui_test_is_mapped (row))
        return G_SOURCE_CONTINUE;
      {
        /* Scrolled into view, as a row the desk reaches with the keyboard is. */
        GtkWidget *scrolled
            = gtk_widget_get_ancestor (GTK_WIDGET (sidebar (c)), GTK_TYPE_SCROLLED_WINDOW);
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
        graphene_point_t at;
        if (!gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (sidebar (c)),
                                       &GRAPHENE_POINT_INIT (0, 0), &at))
          return G_SOURCE_CONTINUE;
        gtk_adjustment_set_value (adj, at.y - 60);
        if (c->wait++ < 10)
          return G_SOURCE_CONTINUE;
        c->wait = 0;
      }
      c->unread_wires = unread_of (c, c->wires);
      c->unread_other = unread_of (c, c->other);
      gtk_widget_grab_focus (GTK_WIDGET (row));
      gtk_widget_activate_action (GTK_WIDGET (c->window), "win.source-menu", NULL);
      c->step++;
      break;
    case 5:
      {
        GtkWidget *menu = find_popover_menu (GTK_WIDGET (sidebar (c)));
        if (menu == NULL || c->wait++ < 25)
          return G_SOURCE_CONTINUE;
        c->wait = 0;
        c->folder_menu = find_label_with (menu, "Mark All as Read") != NULL
                         && find_label_with (menu, "Refresh") != NULL;
        shot ("ui-failures-folder-menu.png");
        /* Its item, as a click on it. */
        {
          GtkWidget *label = find_label_with (menu, "Mark All as Read");
          GtkWidget *item
              = label ? gtk_widget_get_ancestor (label, g_type_from_name ("GtkModelButton")) : NULL;
          g_assert_nonnull (item);
          gtk_widget_activate (item);
        }
        c->step++;
        break;
      }
    case 6:
      if (unread_of (c, c->wires) != 0)
        return G_SOURCE_CONTINUE;
      c->folder_marked = unread_of (c, c->other) == c->unread_other && c->unread_wires == 2;
      c->step++;
      break;
    case 7:
      button = find_button_labelled (GTK_WIDGET (c->window->toast_overlay), "_Undo");
      if (!ui_test_is_mapped (button))
        return G_SOURCE_CONTINUE;
      g_signal_emit_by_name (button, "clicked");
      c->step++;
      break;
    case 8:
      if (unread_of (c, c->wires) != c->unread_wires)
        return G_SOURCE_CONTINUE;
      c->folder_undone = unread_of (c, c->other) == c->unread_other;
      /* The folder's Refresh: its source fetched, no other. */
      c->at_retry_bad = c->hits_bad;
      c->at_retry_wires = c->hits_wires;
      c->at_retry_other = c->hits_other;
      gtk_widget_activate_action_variant (
          GTK_WIDGET (c->window), "win.folder-refresh",
          g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, &c->wires, 1, sizeof (gint64)));
      c->step++;
      break;
    case 9:
      if (c->hits_wires == c->at_retry_wires || vigil_monitor_is_refreshing (monitor)
          || c->wait++ < 25)
        return G_SOURCE_CONTINUE;
      c->wait = 0;
      c->folder_refreshed = c->hits_wires == c->at_retry_wires + 1
                            && c->hits_other == c->at_retry_other && c->hits_bad == c->at_retry_bad;
      gtk_window_set_default_size (GTK_WINDOW (c->window), 600, 760);
      c->step++;
      break;
    case 10:
      /* At 600 px: one pane, the list's; the page still says it all. */
      if (gtk_widget_get_width (GTK_WIDGET (c->window)) > 620 || !c->window->narrow)
        return G_SOURCE_CONTINUE;
      vigil_window_show_page (c->window, PAGE_LIST);
      c->step++;
      break;
    case 11:
      if (c->wait++ < 25)
        return G_SOURCE_CONTINUE;
      c->wait = 0;
      button = find_button_labelled (page, "_Retry");
      c->page_said_600 = find_label_with (page, "the feed is no longer at this address") != NULL
                         && ui_test_is_mapped (button);
      shot ("ui-failures-page-600.png");
      /* The server mended, Retry on the page: that source alone is fetched. */
      c->broken = FALSE;
      c->at_retry_bad = c->hits_bad;
      c->at_retry_wires = c->hits_wires;
      c->at_retry_other = c->hits_other;
      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
      c->step++;
      break;
    case 12:
      if (g_strcmp0 (list_page (c), "list") != 0
          || g_list_model_get_n_items (G_LIST_MODEL (c->window->articles)) == 0 || c->wait++ < 25)
        return G_SOURCE_CONTINUE;
      c->articles_shown = TRUE;
      c->retried_alone = c->hits_bad == c->at_retry_bad + 1 && c->hits_wires == c->at_retry_wires
                         && c->hits_other == c->at_retry_other;
      g_test_message ("requests since Retry: bad %u, wires %u, other %u",
                      c->hits_bad - c->at_retry_bad, c->hits_wires - c->at_retry_wires,
                      c->hits_other - c->at_retry_other);
      shot ("ui-failures-mended-600.png");
      c->wait = 0;
      /* Broken again, with an article stored: a banner above the list. */
      c->broken = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (c->window), "win.source-refresh", "x", c->bad);
      c->step++;
      break;
    case 13:
      if (c->window->problem_banner == NULL
          || !gtk_revealer_get_child_revealed (GTK_REVEALER (c->window->problem_banner))
          || c->wait++ < 25)
        return G_SOURCE_CONTINUE;
      c->wait = 0;
      {
        GtkWidget *banner = c->window->problem_banner;
        g_autoptr (VigilSource) s = vigil_store_get_source (c->store, c->bad, NULL);
        g_autofree char *tip = vigil_sidebar_source_status (s);

        c->banner_said = g_strcmp0 (list_page (c), "list") == 0
                         && find_label_with (banner, "the feed is no longer at this address")
                         && find_button_labelled (banner, "_Retry") != NULL
                         && find_button_labelled (banner, "_Edit…") != NULL
                         && find_button_labelled (banner, "_Unsubscribe…") != NULL;
        c->banner_detail
            = g_strdup (gtk_label_get_text (GTK_LABEL (c->window->problem_banner_detail)));
        g_test_message ("tooltip: %s; banner detail: %s", tip, c->banner_detail);
        c->tooltip_said = strstr (tip, "the feed is no longer at this address") != NULL;
      }
      shot ("ui-failures-banner-600.png");
      gtk_window_set_default_size (GTK_WINDOW (c->window), 1200, 760);
      c->step++;
      break;
    case 14:
      if (gtk_widget_get_width (GTK_WIDGET (c->window)) < 1100 || c->wait++ < 25)
        return G_SOURCE_CONTINUE;
      shot ("ui-failures-banner-1200.png");
      c->step++;
      return ui_test_quit (c->app);
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_failing_source (void)
{
  Ctx c = { .broken = TRUE };
  g_autoptr (SoupServer) server = vigil_test_server_new (serve, &c, &c.base);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_int (settings, "window-width", 1200);
  g_settings_set_int (settings, "window-height", 760);
  ui_test_run_ticking (&c.app, 20, drive, &c);

  g_assert_cmpuint (c.step, ==, 15);
  g_assert_true (c.folder_refreshed);
  g_assert_true (c.banner_said);
  g_assert_true (c.tooltip_said);
  /* The detail adds the technical part only, not the sentence again. */
  g_assert_cmpstr (c.banner_detail, ==, "HTTP 404");
  g_free (c.banner_detail);
  g_assert_true (c.page_said);
  g_assert_true (c.page_buttons);
  g_assert_true (c.page_said_600);
  g_assert_true (c.details_said);
  g_assert_true (c.details_refreshed);
  g_assert_true (c.details_failing_again);
  g_assert_true (c.articles_shown);
  g_assert_true (c.retried_alone);
  g_assert_true (c.folder_menu);
  g_assert_true (c.folder_marked);
  g_assert_true (c.folder_undone);
  g_free (c.base);
  g_object_unref (c.app);
}

/* A source whose last feed was read only after repairs (issue 16): its
 * sidebar status is not a failure but says the note, and a clean one says
 * it is up to date. */
static void
test_recovered_source_status (void)
{
  g_autoptr (VigilSource) s = vigil_source_new ();
  g_autofree char *noted = NULL;
  g_autofree char *clean = NULL;

  s->enabled = TRUE;
  s->status = VIGIL_SOURCE_STATUS_OK;
  s->last_fetch = g_get_real_time () / G_USEC_PER_SEC;
  s->next_attempt = s->last_fetch + 600;
  s->error = g_strdup ("The last feed was damaged and partly recovered");
  noted = vigil_sidebar_source_status (s);
  g_test_message ("noted: %s", noted);
  g_assert_nonnull (strstr (noted, "damaged and partly recovered"));
  g_assert_null (strstr (noted, "Could not refresh"));
  g_clear_pointer (&s->error, g_free);
  clean = vigil_sidebar_source_status (s);
  g_assert_true (g_str_has_prefix (clean, "Up to date"));
}

int
main (int argc, char *argv[])
{
  ui_test_isolate_user_dirs ("vigil-ui-failures-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/recovered-source-status", test_recovered_source_status);
  g_test_add_func ("/ui/failing-source", test_failing_source);
  return g_test_run ();
}
