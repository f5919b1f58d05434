/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sync account in the real window under Xvfb (issue 19), against a real
 * FreshRSS on 127.0.0.1 (tests/freshrss-test-common.h; skipped, 77, without
 * it or PHP). Preferences lists the Local account; Add Account… opens the
 * dialog, whose entries are filled and Add clicked: a wrong password is said
 * in the dialog (the engine's message) and nothing is stored; the right one
 * stores the account (no keyring in the test's session: the password stays in
 * memory, which the dialog's toast says). After Refresh the server's sources
 * are in the sidebar under the account's header row, in the server's folders,
 * and an article from the server is listed; opening it marks it read, and
 * after the account's sync the server has it read (read back through its
 * API). Edit Source renames the synced source and moves it to another folder on
 * the server. With the server
 * down, the account's row says the failure and offers Retry, and Unsubscribe
 * is refused in a toast with the source kept. Remove Account (Preferences,
 * confirmed) takes the account and its sources away. Screenshots: the
 * accounts group, the dialog with the error, the sidebar with the account,
 * and with its sync failing. /ui-sync/sign-in and /ui-sync/connect are in
 * test-ui-sync-accounts.c. */
#include "config.h"

#include <libsoup/soup.h>

#include "vigil-account-dialog.h"
#include "vigil-application.h"
#include "vigil-edit-source-dialog.h"
#include "vigil-preferences-window.h"
#include "vigil-window-private.h"
#include "vigil-window.h"

#include "freshrss-test-common.h"
#include "ui-sync-test-common.h"
#include "ui-test-common.h"

#define ACCOUNT "Desk Server"

typedef struct
{
  VigilApplication *app;
  guint step, last_step, ticks;
  gint64 account_id;
  gint64 article_id;
  UiSynced synced;         /* account-synced signals seen, the last one's error */
  char *auth_error;        /* what the dialog said of the wrong password */
  char *local_subtitle;    /* the Local account's row */
  gboolean saw_header;     /* the account's header row in the sidebar */
  gboolean saw_folder;     /* a server folder's header */
  char *article_title;     /* the server's article listed */
  gboolean server_read;    /* read back through the API */
  gint64 desk_source;      /* the synced source "desk feed" */
  gboolean renamed;        /* Edit Source's title reached the server */
  char *row_error;         /* the account's row once the server is down */
  gboolean retry_button;   /* ...with Retry */
  char *unsubscribe_toast; /* what Unsubscribe said with the server down */
  gboolean removed;        /* Remove Account: gone from Preferences, sidebar, store */
  gboolean said_once;      /* a failing sync's toast, not again at Retry */
  gboolean done;
} Ctx;

static gboolean
tick (gpointer data)
{
  Ctx *ctx = data;
  VigilWindow *window = main_window (ctx->app);
  GtkWindow *prefs = window_of_type (ctx->app, VIGIL_TYPE_PREFERENCES_WINDOW);
  GtkWindow *dialog = window_of_type (ctx->app, VIGIL_TYPE_ACCOUNT_DIALOG);

  /* 60 s for a step */
  if (!ui_test_step_in_time (ctx->app, "step", ctx->step, &ctx->last_step, &ctx->ticks, 1200))
    return G_SOURCE_REMOVE;
  switch (ctx->step)
    {
    case 0:
      ui_synced_watch (ctx->app, &ctx->synced);
      g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "preferences", NULL);
      ctx->step++;
      break;
    case 1:
      /* Preferences: the accounts group, Local in it. */
      if (prefs == NULL || ctx->ticks < 10)
        return G_SOURCE_CONTINUE;
      {
        GtkWidget *local = find_action_row (GTK_WIDGET (prefs), "Local");
        g_assert_nonnull (local);
        ctx->local_subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (local)));
      }
      shot ("sync-preferences.png");
      click (GTK_WIDGET (prefs), "_Add Account…");
      ctx->step++;
      break;
    case 2:
      if (dialog == NULL || ctx->ticks < 5)
        return G_SOURCE_CONTINUE;
      set_row (GTK_WIDGET (dialog), "Name", ACCOUNT);
      set_row (GTK_WIDGET (dialog), "Server Address", F.api);
      set_row (GTK_WIDGET (dialog), "User", USER);
      set_row (GTK_WIDGET (dialog), "API Password", "not-the-password");
      click (GTK_WIDGET (dialog), "_Add");
      ctx->step++;
      break;
    case 3:
      {
        /* The wrong password: said in the dialog, nothing stored. */
        GtkWidget *error
            = dialog ? find_label_with (GTK_WIDGET (dialog), "Could not connect") : NULL;
        if (error == NULL)
          return G_SOURCE_CONTINUE;
        ctx->auth_error = g_strdup (gtk_label_get_text (GTK_LABEL (error)));
        g_assert_null (vigil_store_find_account (store (ctx->app), ACCOUNT, NULL));
        if (ctx->ticks < 10)
          return G_SOURCE_CONTINUE; /* drawn */
        shot ("sync-add-account-error.png");
        set_row (GTK_WIDGET (dialog), "API Password", PASSWORD);
        click (GTK_WIDGET (dialog), "_Add");
        ctx->step++;
      }
      break;
    case 4:
      {
        g_autoptr (VigilAccount) account = NULL;
        if (dialog != NULL)
          return G_SOURCE_CONTINUE;
        account = vigil_store_find_account (store (ctx->app), ACCOUNT, NULL);
        g_assert_nonnull (account);
        ctx->account_id = account->id;
        /* The row in Preferences, then Refresh in the window. */
        g_assert_nonnull (prefs);
        g_assert_nonnull (find_action_row (GTK_WIDGET (prefs), ACCOUNT));
        gtk_window_close (prefs);
        g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "refresh", NULL);
        ctx->step++;
      }
      break;
    case 5:
      {
        /* The server's sources under the account's header, in its folders. */
        GtkListBox *list = sidebar (ctx->app);
        GtkListBoxRow *desk_row = NULL;
        if (ctx->synced.count == 0 || list == NULL)
          return G_SOURCE_CONTINUE;
        g_assert_null (ctx->synced.error);
        for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row;
             row = gtk_widget_get_next_sibling (row))
          {
            VigilSidebarItem *item = sidebar_item (row);
            if (item == NULL)
              continue;
            if (find_label (row, ACCOUNT) != NULL)
              ctx->saw_header = TRUE;
            /* The server's folder: a heading row. */
            if (ctx->saw_header && vigil_sidebar_item_get_kind (item) == VIGIL_SIDEBAR_FOLDER
                && find_label (row, "Desk") != NULL)
              ctx->saw_folder = TRUE;
            if (ctx->saw_header && find_label (row, "desk feed") != NULL)
              desk_row = GTK_LIST_BOX_ROW (row);
          }
        if (desk_row == NULL)
          {
            if (ctx->ticks % 200 == 0)
              {
                g_autoptr (GString) labels = g_string_new (NULL);
                collect_labels (GTK_WIDGET (list), labels);
                g_test_message ("sidebar: %s", labels->str);
              }
            return G_SOURCE_CONTINUE;
          }
        gtk_list_box_select_row (list, desk_row);
        ctx->desk_source = sidebar_view (desk_row);
        {
          /* The account's rows in sight for the screenshot: the sidebar's end. */
          GtkWidget *scrolled
              = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_SCROLLED_WINDOW);
          if (scrolled != NULL)
            {
              GtkAdjustment *adj
                  = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
              gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj)
                                                 - gtk_adjustment_get_page_size (adj));
            }
        }
        ctx->step++;
      }
      break;
    case 6:
      {
        /* An article from the server, listed; opened, it is read. */
        GListModel *visible = vigil_window_get_visible_articles (window);
        g_autoptr (VigilArticle) first = NULL;
        if (visible == NULL || g_list_model_get_n_items (visible) == 0 || ctx->ticks < 10)
          return G_SOURCE_CONTINUE;
        first = g_list_model_get_item (visible, 0);
        g_assert_nonnull (strstr (first->title, "Rocket attack report"));
        ctx->article_title = g_strdup (first->title);
        ctx->article_id = first->id;
        g_assert_false (first->read);
        shot ("sync-sidebar.png");
        g_assert_true (vigil_window_show_article (window, first->id));
        ctx->step++;
      }
      break;
    case 7:
      {
        g_autoptr (VigilArticle) a
            = vigil_store_get_article (store (ctx->app), ctx->article_id, NULL);
        if (a == NULL || !a->read)
          return G_SOURCE_CONTINUE;
        /* Sent at the account's next sync: Sync Now on its header row. */
        ctx->synced.count = 0;
        gtk_widget_activate_action (GTK_WIDGET (window), "win.account-sync", "x", ctx->account_id);
        ctx->step++;
      }
      break;
    case 8:
      {
        gint64 item = vigil_store_sync_item_id (store (ctx->app), ctx->article_id);
        g_autoptr (GHashTable) unread = NULL;
        if (ctx->synced.count == 0)
          return G_SOURCE_CONTINUE;
        g_assert_null (ctx->synced.error);
        g_assert_cmpint (vigil_store_count_sync_actions (store (ctx->app), ctx->account_id), ==, 0);
        unread = server_ids (READING_LIST, READ);
        ctx->server_read = item > 0 && !server_has (unread, item);
        /* Edit Source on the synced source: renamed and moved on the server. */
        gtk_widget_activate_action (GTK_WIDGET (window), "win.source-edit", "x", ctx->desk_source);
        ctx->step++;
      }
      break;
    case 9:
      {
        GtkWindow *edit = window_of_type (ctx->app, VIGIL_TYPE_EDIT_SOURCE_DIALOG);
        if (edit == NULL || ctx->ticks < 5)
          return G_SOURCE_CONTINUE;
        set_row (GTK_WIDGET (edit), "Title", "Desk wire");
        set_row (GTK_WIDGET (edit), "Folder (optional)", "Moved Desk");
        click (GTK_WIDGET (edit), "_Save");
        ctx->step++;
      }
      break;
    case 10:
      {
        g_autoptr (JsonNode) root = NULL;
        g_autoptr (JsonGenerator) gen = json_generator_new ();
        g_autofree char *text = NULL;
        if (ctx->ticks % 10 != 0)
          return G_SOURCE_CONTINUE;
        root = api_json ("reader/api/0/subscription/list", "output=json");
        json_generator_set_root (gen, root);
        text = json_generator_to_data (gen, NULL);
        if (strstr (text, "Desk wire") == NULL || strstr (text, "Moved Desk") == NULL)
          return G_SOURCE_CONTINUE;
        ctx->renamed = TRUE;
        /* The server goes down: the sync fails, said on the account's row. */
        kill_freshrss ();
        ctx->synced.count = 0;
        gtk_widget_activate_action (GTK_WIDGET (window), "win.account-sync", "x", ctx->account_id);
        ctx->step++;
      }
      break;
    case 11:
      {
        GtkListBox *list = sidebar (ctx->app);
        GtkWidget *label = list ? find_label_with (GTK_WIDGET (list), "Sync failed") : NULL;
        if (ctx->synced.count == 0 || label == NULL)
          return G_SOURCE_CONTINUE;
        g_assert_nonnull (ctx->synced.error);
        g_free (ctx->row_error);
        ctx->row_error = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
        ctx->retry_button = find_button_labelled (GTK_WIDGET (list), "_Retry") != NULL;
        if (ctx->ticks < 10)
          return G_SOURCE_CONTINUE; /* drawn */
        shot ("sync-sidebar-error.png");
        g_assert_cmpuint (vigil_window_get_sync_failures_said (window), ==, 1);
        /* Retry, failing again: not said again. */
        ctx->synced.count = 0;
        gtk_widget_activate_action (GTK_WIDGET (window), "win.account-sync", "x", ctx->account_id);
        ctx->step = 100;
      }
      break;
    case 100:
      {
        if (ctx->synced.count == 0)
          return G_SOURCE_CONTINUE;
        g_assert_nonnull (ctx->synced.error);
        g_assert_cmpuint (vigil_window_get_sync_failures_said (window), ==, 1);
        ctx->said_once = TRUE;
        /* Unsubscribe with the server down: refused, nothing lost. */
        gtk_widget_activate_action (GTK_WIDGET (window), "win.source-delete", "x",
                                    ctx->desk_source);
        ctx->step = 12;
      }
      break;
    case 12:
      {
        GtkWindow *ask = window_of_type (ctx->app, ADW_TYPE_MESSAGE_DIALOG);
        if (ask == NULL || ctx->ticks < 5)
          return G_SOURCE_CONTINUE;
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "delete");
        gtk_window_destroy (ask);
        ctx->step++;
      }
      break;
    case 13:
      {
        GtkWidget *toast = find_label_with (GTK_WIDGET (window), "Could not unsubscribe");
        g_autoptr (VigilSource) source = NULL;
        if (toast == NULL)
          return G_SOURCE_CONTINUE;
        ctx->unsubscribe_toast = g_strdup (gtk_label_get_text (GTK_LABEL (toast)));
        source = vigil_store_get_source (store (ctx->app), ctx->desk_source, NULL);
        g_assert_nonnull (source);
        g_assert_cmpstr (source->title, ==, "Desk wire");
        g_assert_cmpstr (source->folder, ==, "Moved Desk");
        /* Remove Account, from Preferences, with its confirmation. */
        g_action_group_activate_action (G_ACTION_GROUP (ctx->app), "preferences", NULL);
        ctx->step++;
      }
      break;
    case 14:
      {
        GtkWidget *trash;
        if (prefs == NULL || ctx->ticks < 5)
          return G_SOURCE_CONTINUE;
        trash = find_tooltip (GTK_WIDGET (prefs), "Remove Account “" ACCOUNT "”");
        g_assert_nonnull (trash);
        shot ("sync-preferences-account.png");
        g_signal_emit_by_name (trash, "clicked");
        ctx->step++;
      }
      break;
    case 15:
      {
        GtkWindow *ask = window_of_type (ctx->app, ADW_TYPE_MESSAGE_DIALOG);
        if (ask == NULL || ctx->ticks < 5)
          return G_SOURCE_CONTINUE;
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "remove");
        gtk_window_destroy (ask);
        ctx->step++;
      }
      break;
    case 16:
      {
        g_autoptr (VigilAccount) gone = vigil_store_find_account (store (ctx->app), ACCOUNT, NULL);
        g_autoptr (VigilSource) source = NULL;
        GtkListBox *list = sidebar (ctx->app);
        if (gone != NULL || prefs == NULL || find_action_row (GTK_WIDGET (prefs), ACCOUNT) != NULL
            || list == NULL || find_label (GTK_WIDGET (list), ACCOUNT) != NULL)
          return G_SOURCE_CONTINUE;
        source = vigil_store_get_source (store (ctx->app), ctx->desk_source, NULL);
        g_assert_null (source);
        ctx->removed = TRUE;
        ctx->done = TRUE;
        return ui_test_quit (ctx->app);
      }
    }
  return G_SOURCE_CONTINUE;
}

static void
test_account (void)
{
  Ctx ctx = { 0 };

  ui_test_run_ticking_mapped (&ctx.app, 50, tick, &ctx);

  g_test_message ("Local: %s; wrong password: %s; article: %s", ctx.local_subtitle, ctx.auth_error,
                  ctx.article_title);
  g_assert_true (ctx.done);
  g_assert_nonnull (ctx.local_subtitle);
  g_assert_nonnull (ctx.auth_error);
  g_assert_true (ctx.saw_header);
  g_assert_true (ctx.saw_folder);
  g_assert_true (ctx.server_read);
  g_test_message ("row: %s; unsubscribe: %s", ctx.row_error, ctx.unsubscribe_toast);
  g_assert_true (ctx.renamed);
  g_assert_true (ctx.retry_button);
  g_assert_nonnull (ctx.unsubscribe_toast);
  g_assert_true (ctx.removed);
  g_assert_true (ctx.said_once);
  g_free (ctx.row_error);
  g_free (ctx.unsubscribe_toast);
  g_free (ctx.local_subtitle);
  g_free (ctx.auth_error);
  g_free (ctx.article_title);
  g_free (ctx.synced.error);
  g_object_unref (ctx.app);
}

int
main (int argc, char *argv[])
{
  int result;

  ui_test_isolate_user_dirs ("vigil-ui-sync-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  if ((result = freshrss_prepare ()) != 0)
    return result;
  add_desk_and_world_items (8, 4);
  start_feed_server ();
  freshrss_start_desk_and_world ();
  refresh_freshrss (12);

  g_test_add_func ("/ui-sync/account", test_account);
  result = g_test_run ();
  freshrss_stop ();
  return result;
}
