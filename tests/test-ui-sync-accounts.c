/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sync accounts in the real window under Xvfb, against a real FreshRSS on
 * 127.0.0.1 (tests/freshrss-test-common.h; skipped, 77, without it or PHP),
 * beside test-ui-sync (issue 19).
 *
 * Sign in (a new computer: an account in the database, no password in any
 * keyring, as the test's session has none): the account's row says it is not
 * signed in and offers Sign In…; Cancel in the dialog leaves it so; Sign In
 * from Preferences; a wrong password is said in the dialog; the right one
 * closes it, the toast says the keyring could not keep it, and the account
 * syncs: its sources arrive and neither the row nor Preferences offers Sign In
 * any more. Screenshots: the row, the dialog's error.
 *
 * Connect from the empty window, then Add Source to the server: with every
 * source unsubscribed, the empty list offers Connect to a Feed Server… beside
 * Add Source…; it opens the account dialog, and the account added syncs. Add
 * Source then asks who reads the source: the account's server is chosen; an
 * address the server cannot subscribe to is refused with the server's reason
 * (FreshRSS answers quickadd with 200 and an error), one it can is subscribed
 * on the server (read back through its API), in the folder given, listed under
 * the account and synced. Screenshots: the empty window, the refusal. */
#include "config.h"

#include <libsoup/soup.h>

#include "vigil-account-dialog.h"
#include "vigil-add-source-dialog.h"
#include "vigil-application.h"
#include "vigil-preferences-window.h"
#include "vigil-sign-in-dialog.h"
#include "vigil-window-private.h"
#include "vigil-window.h"

#include "freshrss-test-common.h"
#include "ui-sync-test-common.h"
#include "ui-test-common.h"

/* ---- sign in ---- */

#define ACCOUNT2 "Desk Laptop"

typedef struct
{
  VigilApplication *app;
  guint step, last_step, ticks;
  gint64 account_id;
  UiSynced synced;       /* account-synced signals seen, the last one's error */
  char *row_subtitle;    /* the account's row before signing in */
  gboolean cancel_kept;  /* Cancel: no password, still Sign In */
  char *dialog_error;    /* what the dialog said of a wrong password */
  char *toast;           /* what the window said once signed in */
  gboolean synced_after; /* the sources arrived, Sign In gone */
  gboolean done;
} SignIn;

static VigilSync *
engine (VigilApplication *app)
{
  return vigil_monitor_get_sync (vigil_application_get_monitor (app));
}

static gboolean
sign_in_tick (gpointer data)
{
  SignIn *si = data;
  VigilWindow *window = main_window (si->app);
  GtkWindow *dialog = window_of_type (si->app, VIGIL_TYPE_SIGN_IN_DIALOG);
  GtkListBox *list = window ? sidebar (si->app) : NULL;

  /* 60 s for a step */
  if (!ui_test_step_in_time (si->app, "sign-in step", si->step, &si->last_step, &si->ticks, 1200))
    return G_SOURCE_REMOVE;
  switch (si->step)
    {
    case 0:
      {
        /* No password anywhere: the row says so, in error, with Sign In. */
        GtkWidget *label = list ? find_label_with (GTK_WIDGET (list), "Not signed in") : NULL;
        if (!ui_test_is_mapped (window) || label == NULL
            || find_button_labelled (GTK_WIDGET (list), "Sign _In…") == NULL)
          return G_SOURCE_CONTINUE;
        if (si->ticks == 1)
          ui_synced_watch (si->app, &si->synced);
        if (si->ticks < 10)
          return G_SOURCE_CONTINUE; /* drawn */
        g_assert_true (gtk_widget_has_css_class (label, "error"));
        si->row_subtitle = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
        g_assert_false (vigil_sync_has_password (engine (si->app), si->account_id));
        shot ("sync-sign-in-row.png");
        click (GTK_WIDGET (list), "Sign _In…");
        si->step++;
      }
      break;
    case 1:
      if (dialog == NULL || si->ticks < 5)
        return G_SOURCE_CONTINUE;
      g_assert_nonnull (find_label_with (GTK_WIDGET (dialog), ACCOUNT2));
      g_assert_false (
          gtk_widget_get_sensitive (find_button_labelled (GTK_WIDGET (dialog), "_Sign In")));
      click (GTK_WIDGET (dialog), "_Cancel");
      si->step++;
      break;
    case 2:
      {
        /* Cancel: nothing changed. */
        g_autoptr (VigilAccount) a = NULL;
        if (dialog != NULL || si->ticks < 5)
          return G_SOURCE_CONTINUE;
        a = vigil_store_get_account (store (si->app), si->account_id, NULL);
        g_assert_cmpint (a->last_sync, ==, 0);
        g_assert_false (vigil_sync_has_password (engine (si->app), si->account_id));
        g_assert_nonnull (find_label_with (GTK_WIDGET (list), "Not signed in"));
        si->cancel_kept = TRUE;
        /* Again, from Preferences this time. */
        g_action_group_activate_action (G_ACTION_GROUP (si->app), "preferences", NULL);
        si->step = 20;
      }
      break;
    case 20:
      {
        GtkWindow *prefs = window_of_type (si->app, VIGIL_TYPE_PREFERENCES_WINDOW);
        GtkWidget *row = prefs ? find_action_row (GTK_WIDGET (prefs), ACCOUNT2) : NULL;
        if (row == NULL || si->ticks < 5)
          return G_SOURCE_CONTINUE;
        g_assert_nonnull (
            strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "not signed in"));
        click (row, "Sign _In…");
        si->step = 3;
      }
      break;
    case 3:
      if (dialog == NULL || si->ticks < 5)
        return G_SOURCE_CONTINUE;
      set_row (GTK_WIDGET (dialog), "API Password", "not-the-password");
      click (GTK_WIDGET (dialog), "_Sign In");
      si->step++;
      break;
    case 4:
      {
        GtkWidget *error
            = dialog ? find_label_with (GTK_WIDGET (dialog), "Could not sign in") : NULL;
        if (error == NULL)
          return G_SOURCE_CONTINUE;
        g_free (si->dialog_error);
        si->dialog_error = g_strdup (gtk_label_get_text (GTK_LABEL (error)));
        g_assert_false (vigil_sync_has_password (engine (si->app), si->account_id));
        if (si->ticks < 10)
          return G_SOURCE_CONTINUE; /* drawn */
        shot ("sync-sign-in-error.png");
        set_row (GTK_WIDGET (dialog), "API Password", PASSWORD);
        click (GTK_WIDGET (dialog), "_Sign In");
        si->step++;
      }
      break;
    case 5:
      {
        g_autoptr (VigilAccount) a = NULL;
        GtkWidget *toast;
        if (dialog != NULL || si->synced.count == 0)
          return G_SOURCE_CONTINUE;
        g_assert_null (si->synced.error);
        g_assert_true (vigil_sync_has_password (engine (si->app), si->account_id));
        a = vigil_store_get_account (store (si->app), si->account_id, NULL);
        g_assert_cmpint (a->last_sync, >, 0);
        g_assert_null (a->last_error);
        /* No keyring in the test's session: kept in memory, and said. */
        toast = find_label_with (GTK_WIDGET (window), "Signed in");
        if (toast != NULL && si->toast == NULL)
          si->toast = g_strdup (gtk_label_get_text (GTK_LABEL (toast)));
        /* The account's sources, and Sign In no more. */
        if (si->toast == NULL || find_label (GTK_WIDGET (list), "world feed") == NULL
            || find_button_labelled (GTK_WIDGET (list), "Sign _In…") != NULL)
          return G_SOURCE_CONTINUE;
        {
          /* Preferences says it too. */
          GtkWindow *prefs = window_of_type (si->app, VIGIL_TYPE_PREFERENCES_WINDOW);
          GtkWidget *row = prefs ? find_action_row (GTK_WIDGET (prefs), ACCOUNT2) : NULL;
          g_assert_nonnull (row);
          if (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "synced") == NULL
              || find_button_labelled (row, "Sign _In…") != NULL)
            return G_SOURCE_CONTINUE;
          gtk_window_close (prefs);
        }
        si->synced_after = TRUE;
        si->done = TRUE;
        return ui_test_quit (si->app);
      }
    }
  return G_SOURCE_CONTINUE;
}

static void
test_sign_in (void)
{
  SignIn si = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_store_default_path ();

  {
    /* As vigil-cli or another computer left it: the account, no password. */
    g_autoptr (VigilStore) st = vigil_store_new (path, &error);
    g_assert_no_error (error);
    si.account_id = vigil_store_add_account (st, "greader", ACCOUNT2, F.api, USER, &error);
    g_assert_no_error (error);
    g_assert_cmpint (si.account_id, >, 0);
  }
  ui_test_run_ticking (&si.app, 50, sign_in_tick, &si);

  g_test_message ("row: %s; wrong password: %s; toast: %s", si.row_subtitle, si.dialog_error,
                  si.toast);
  g_assert_true (si.done);
  g_assert_nonnull (si.row_subtitle);
  g_assert_true (si.cancel_kept);
  g_assert_nonnull (si.dialog_error);
  g_assert_nonnull (strstr (si.dialog_error, "refused"));
  g_assert_nonnull (si.toast);
  g_assert_nonnull (strstr (si.toast, "keyring"));
  g_assert_true (si.synced_after);
  g_free (si.row_subtitle);
  g_free (si.dialog_error);
  g_free (si.toast);
  g_free (si.synced.error);
  g_object_unref (si.app);
}

/* ---- connect from the empty window, then add a source to the server ---- */

#define ACCOUNT3 "Desk Office"

typedef struct
{
  VigilApplication *app;
  guint step, last_step, ticks;
  gint64 account_id;
  UiSynced synced;      /* account-synced signals seen, the last one's error */
  gboolean saw_connect; /* the empty list's Connect to a Feed Server… */
  gboolean saw_read_by; /* Add Source's choice of who reads it */
  char *refusal;        /* what Add Source said of the server's refusal */
  gint64 extra_source;  /* the source the server subscribed to */
  gboolean on_server;   /* in the server's subscription list, in its folder */
  gboolean done;
} Connect;

static gboolean
connect_tick (gpointer data)
{
  Connect *cn = data;
  VigilWindow *window = main_window (cn->app);
  GtkWindow *account_dialog = window_of_type (cn->app, VIGIL_TYPE_ACCOUNT_DIALOG);
  GtkWindow *add_dialog = window_of_type (cn->app, VIGIL_TYPE_ADD_SOURCE_DIALOG);
  GtkListBox *list = window ? sidebar (cn->app) : NULL;

  /* 60 s for a step */
  if (!ui_test_step_in_time (cn->app, "connect step", cn->step, &cn->last_step, &cn->ticks, 1200))
    return G_SOURCE_REMOVE;
  switch (cn->step)
    {
    case 0:
      {
        g_autoptr (GPtrArray) sources = NULL;
        if (!ui_test_is_mapped (window) || cn->ticks < 10)
          return G_SOURCE_CONTINUE;
        ui_synced_watch (cn->app, &cn->synced);
        /* Every source unsubscribed: the window is empty. */
        sources = vigil_store_list_sources (store (cn->app), NULL);
        for (guint i = 0; sources && i < sources->len; i++)
          g_assert_true (vigil_store_remove_source (
              store (cn->app), ((VigilSource *) g_ptr_array_index (sources, i))->id, NULL));
        vigil_window_reload (window);
        cn->step++;
      }
      break;
    case 1:
      {
        GtkWidget *connect
            = find_button_labelled (GTK_WIDGET (window), "_Connect to a Feed Server…");
        if (!ui_test_is_mapped (connect)
            || find_button_labelled (GTK_WIDGET (window), "_Add Source…") == NULL || cn->ticks < 10)
          return G_SOURCE_CONTINUE;
        g_assert_nonnull (find_label (GTK_WIDGET (window), "No Sources"));
        cn->saw_connect = TRUE;
        shot ("sync-empty-connect.png");
        g_signal_emit_by_name (connect, "clicked");
        cn->step++;
      }
      break;
    case 2:
      if (account_dialog == NULL || cn->ticks < 5)
        return G_SOURCE_CONTINUE;
      set_row (GTK_WIDGET (account_dialog), "Name", ACCOUNT3);
      set_row (GTK_WIDGET (account_dialog), "Server Address", F.api);
      set_row (GTK_WIDGET (account_dialog), "User", USER);
      set_row (GTK_WIDGET (account_dialog), "API Password", PASSWORD);
      click (GTK_WIDGET (account_dialog), "_Add");
      cn->step++;
      break;
    case 3:
      {
        g_autoptr (VigilAccount) account = NULL;
        if (account_dialog != NULL || cn->synced.count == 0 || list == NULL
            || find_label (GTK_WIDGET (list), "world feed") == NULL)
          return G_SOURCE_CONTINUE;
        g_assert_null (cn->synced.error);
        account = vigil_store_find_account (store (cn->app), ACCOUNT3, NULL);
        g_assert_nonnull (account);
        cn->account_id = account->id;
        g_action_group_activate_action (G_ACTION_GROUP (cn->app), "add-source", NULL);
        cn->step++;
      }
      break;
    case 4:
      {
        /* Who reads it: the account's server. An address it cannot read. */
        g_autofree char *missing = g_strconcat (F.feeds_url, "/missing", NULL);
        GtkWidget *read_by = NULL;
        if (add_dialog == NULL || cn->ticks < 5)
          return G_SOURCE_CONTINUE;
        for (GtkWidget *w = find_label (GTK_WIDGET (add_dialog), "Read By"); w != NULL;
             w = gtk_widget_get_parent (w))
          if (ADW_IS_COMBO_ROW (w))
            {
              read_by = w;
              break;
            }
        g_assert_nonnull (read_by);
        g_assert_true (gtk_widget_get_visible (read_by));
        g_assert_cmpuint (
            g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (read_by))), ==, 2);
        adw_combo_row_set_selected (ADW_COMBO_ROW (read_by), 1);
        cn->saw_read_by = TRUE;
        set_row (GTK_WIDGET (add_dialog), "Feed or Site Address", missing);
        set_row (GTK_WIDGET (add_dialog), "Folder (optional)", "Extra");
        click (GTK_WIDGET (add_dialog), "_Add");
        cn->step++;
      }
      break;
    case 5:
      {
        g_autofree char *url = g_strconcat (F.feeds_url, "/extra", NULL);
        GtkWidget *said
            = add_dialog ? find_label_with (GTK_WIDGET (add_dialog), "could not subscribe") : NULL;
        if (said == NULL)
          return G_SOURCE_CONTINUE;
        g_free (cn->refusal);
        cn->refusal = g_strdup (gtk_label_get_text (GTK_LABEL (said)));
        if (cn->ticks < 10)
          return G_SOURCE_CONTINUE; /* drawn */
        shot ("sync-add-source-refused.png");
        set_row (GTK_WIDGET (add_dialog), "Feed or Site Address", url);
        click (GTK_WIDGET (add_dialog), "_Add");
        cn->step++;
      }
      break;
    case 6:
      {
        g_autoptr (GPtrArray) sources = NULL;
        g_autoptr (JsonNode) root = NULL;
        g_autoptr (JsonGenerator) gen = json_generator_new ();
        g_autofree char *text = NULL;
        if (add_dialog != NULL || list == NULL
            || find_label (GTK_WIDGET (list), "extra feed") == NULL)
          return G_SOURCE_CONTINUE;
        sources = vigil_store_list_sources (store (cn->app), NULL);
        for (guint i = 0; sources && i < sources->len; i++)
          {
            VigilSource *s = g_ptr_array_index (sources, i);
            if (g_strcmp0 (s->title, "extra feed") == 0)
              {
                g_assert_cmpint (s->account_id, ==, cn->account_id);
                g_assert_cmpstr (s->folder, ==, "Extra");
                cn->extra_source = s->id;
              }
          }
        g_assert_cmpint (cn->extra_source, >, 0);
        root = api_json ("reader/api/0/subscription/list", "output=json");
        json_generator_set_root (gen, root);
        text = json_generator_to_data (gen, NULL);
        cn->on_server = strstr (text, "/extra") != NULL && strstr (text, "Extra") != NULL;
        cn->step++;
      }
      break;
    case 7:
      /* Its articles, with the account's sync. */
      if (vigil_store_count_articles (store (cn->app), cn->extra_source) == 0)
        return G_SOURCE_CONTINUE;
      cn->done = TRUE;
      return ui_test_quit (cn->app);
    }
  return G_SOURCE_CONTINUE;
}

static void
test_connect (void)
{
  Connect cn = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_store_default_path ();

  {
    /* The account of /ui-sync/sign-in, gone. */
    g_autoptr (VigilStore) st = vigil_store_new (path, &error);
    g_autoptr (GPtrArray) accounts = NULL;
    g_assert_no_error (error);
    accounts = vigil_store_list_accounts (st, NULL);
    for (guint i = 0; accounts && i < accounts->len; i++)
      {
        VigilAccount *a = g_ptr_array_index (accounts, i);
        if (a->id != VIGIL_ACCOUNT_LOCAL)
          g_assert_true (vigil_store_remove_account (st, a->id, NULL));
      }
  }
  ui_test_run_ticking (&cn.app, 50, connect_tick, &cn);

  g_test_message ("refusal: %s", cn.refusal);
  g_assert_true (cn.done);
  g_assert_true (cn.saw_connect);
  g_assert_true (cn.saw_read_by);
  g_assert_nonnull (cn.refusal);
  g_assert_true (cn.on_server);
  g_free (cn.refusal);
  g_free (cn.synced.error);
  g_object_unref (cn.app);
}

/* ---- the account dialog closed while its check runs ---- */

#define ACCOUNT4 "Desk Annex"

typedef struct
{
  VigilApplication *app;
  guint step, last_step, ticks;
  gint64 account_id;      /* the account stored before the dialog heard back */
  gboolean closed;        /* the dialog closed while it was still checking */
  gboolean gone;          /* and the account is not left in the store */
  gboolean password_kept; /* the engine kept its password all the same */
  gboolean told;          /* the window said "Account added" all the same */
  gboolean done;
  gboolean quit_at_once; /* Vigil quits as soon as the dialog closed */
} CloseWhileChecking;

/* The account is in the store: the dialog, still spinning, is closed before
 * it hears back from its worker (as Cancel or Escape would). */
static void
on_close_store_changed (VigilStore *st, VigilStoreChange what, gint64 source_id,
                        CloseWhileChecking *cw)
{
  GtkWindow *dialog = window_of_type (cw->app, VIGIL_TYPE_ACCOUNT_DIALOG);
  g_autoptr (VigilAccount) a = NULL;

  if (cw->closed || dialog == NULL || !(what & VIGIL_STORE_CHANGE_ACCOUNTS))
    return;
  a = vigil_store_find_account (st, ACCOUNT4, NULL);
  if (a == NULL)
    return;
  cw->account_id = a->id;
  cw->closed = TRUE;
  gtk_window_close (dialog);
}

static gboolean
close_tick (gpointer data)
{
  CloseWhileChecking *cw = data;
  VigilWindow *window = main_window (cw->app);
  GtkWindow *dialog = window_of_type (cw->app, VIGIL_TYPE_ACCOUNT_DIALOG);

  /* 60 s for a step */
  if (!ui_test_step_in_time (cw->app, "close step", cw->step, &cw->last_step, &cw->ticks, 1200))
    return G_SOURCE_REMOVE;
  switch (cw->step)
    {
    case 0:
      if (!ui_test_is_mapped (window) || cw->ticks < 10)
        return G_SOURCE_CONTINUE;
      g_signal_connect (store (cw->app), "changed", G_CALLBACK (on_close_store_changed), cw);
      g_action_group_activate_action (G_ACTION_GROUP (cw->app), "add-account", NULL);
      cw->step++;
      break;
    case 1:
      if (dialog == NULL || cw->ticks < 5)
        return G_SOURCE_CONTINUE;
      set_row (GTK_WIDGET (dialog), "Name", ACCOUNT4);
      set_row (GTK_WIDGET (dialog), "Server Address", F.api);
      set_row (GTK_WIDGET (dialog), "User", USER);
      set_row (GTK_WIDGET (dialog), "API Password", PASSWORD);
      click (GTK_WIDGET (dialog), "_Add");
      cw->step++;
      break;
    case 2:
      {
        /* Closed: the desk cancelled, and no account is left behind that
         * the window was never told of. 15 s for it to be taken back. */
        g_autoptr (VigilAccount) a = NULL;
        if (!cw->closed)
          return G_SOURCE_CONTINUE;
        if (cw->quit_at_once)
          {
            /* The taking back is waited for at the program's end. */
            cw->done = TRUE;
            return ui_test_quit (cw->app);
          }
        a = vigil_store_find_account (store (cw->app), ACCOUNT4, NULL);
        if (a != NULL && cw->ticks < 300)
          return G_SOURCE_CONTINUE;
        cw->gone = a == NULL;
        cw->password_kept = vigil_sync_has_password (engine (cw->app), cw->account_id);
        cw->told = find_label_with (GTK_WIDGET (window), "Account added") != NULL;
        cw->done = TRUE;
        return ui_test_quit (cw->app);
      }
    }
  return G_SOURCE_CONTINUE;
}

static void
test_close_while_checking (void)
{
  CloseWhileChecking cw = { 0 };

  ui_test_run_ticking (&cw.app, 50, close_tick, &cw);
  g_signal_handlers_disconnect_by_data (store (cw.app), &cw);

  g_test_message ("closed while checking: account left %s, password kept %s, window told %s",
                  cw.gone ? "no" : "yes", cw.password_kept ? "yes" : "no", cw.told ? "yes" : "no");
  g_assert_true (cw.done);
  g_assert_true (cw.closed);
  g_assert_true (cw.gone);
  g_assert_false (cw.password_kept);
  g_assert_false (cw.told);
  g_object_unref (cw.app);
}

/* The same, Vigil quit the moment the dialog closed: the account and the
 * password the check stored are taken back before the program ends (the
 * worker doing it was not waited for). */
static void
test_close_then_quit (void)
{
  CloseWhileChecking cw = { 0 };
  g_autoptr (VigilAccount) left = NULL;

  cw.quit_at_once = TRUE;
  ui_test_run_ticking (&cw.app, 50, close_tick, &cw);
  g_assert_true (cw.done);
  g_assert_true (cw.closed);
  g_signal_handlers_disconnect_by_data (store (cw.app), &cw);
  left = vigil_store_find_account (store (cw.app), ACCOUNT4, NULL);
  g_assert_null (left);
  g_assert_false (vigil_sync_has_password (engine (cw.app), cw.account_id));
  g_object_unref (cw.app);
}

int
main (int argc, char *argv[])
{
  int result;

  ui_test_isolate_user_dirs ("vigil-ui-sync-accounts-XXXXXX");
  gtk_test_init (&argc, &argv, NULL);
  if ((result = freshrss_prepare ()) != 0)
    return result;
  add_desk_and_world_items (8, 4);
  /* Not on the server: Add Source subscribes it there. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Convoy stopped at checkpoint %u", i);
      add_item ("/extra", title, "A convoy was turned back at the checkpoint.", 3 - i);
    }
  start_feed_server ();
  freshrss_start_desk_and_world ();
  refresh_freshrss (12);

  g_test_add_func ("/ui-sync/sign-in", test_sign_in);
  g_test_add_func ("/ui-sync/connect", test_connect);
  g_test_add_func ("/ui-sync/close-while-checking", test_close_while_checking);
  g_test_add_func ("/ui-sync/close-then-quit", test_close_then_quit);
  result = g_test_run ();
  freshrss_stop ();
  return result;
}
