/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync engine when things fail, against a real FreshRSS (issue 19) and a
 * broken server (a second SoupServer): the server killed mid-sync, the broken
 * server's faults, vigil-cli account and sync, vigil-cli sync killed. */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vigil-monitor.h"
#include "vigil-monitor-private.h"
#include "vigil-sync.h"

#include "freshrss-test-common.h"
#include "test-sync-common.h"

/* ---- the broken server (in the feeds' thread) ---- */

static gboolean
answer_late (gpointer msg)
{
  soup_server_message_set_status (msg, 503, NULL);
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static const char *
query_of (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  return query ? query : "";
}

static void
broken_server (SoupServerMessage *msg, const char *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *fault = F.fault ? F.fault : "";

  if (g_str_has_suffix (path, "/accounts/ClientLogin"))
    {
      if (g_str_equal (fault, "slow"))
        {
          /* Answers after the client has given up. */
          GSource *later = g_timeout_source_new (2000);
          soup_server_message_pause (msg);
          g_source_set_callback (later, answer_late, g_object_ref (msg), g_object_unref);
          g_source_attach (later, F.context);
          g_source_unref (later);
          return;
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "SID=x\nLSID=null\nAuth=alice/0123\n", 32);
      return;
    }
  if (g_str_has_suffix (path, "/edit-tag"))
    g_atomic_int_inc (&F.edit_tags);
  if (g_str_equal (fault, "redirect"))
    {
      /* Elsewhere: neither the authorisation nor the changes may follow. */
      soup_server_message_set_redirect (msg, 301, "http://127.0.0.1:1/elsewhere");
    }
  else if (g_str_equal (fault, "500"))
    {
      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "down", 4);
    }
  else if (g_str_equal (fault, "html"))
    {
      const char *page = "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>";
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else if (g_str_has_suffix (path, "/edit-tag") && g_str_equal (fault, "unknown-item")
           && g_strstr_len (soup_server_message_get_request_body (msg)->data,
                            soup_server_message_get_request_body (msg)->length, UNKNOWN_ITEM))
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "unknown item", 12);
    }
  else if (g_str_has_suffix (path, "/edit-tag") || g_str_has_suffix (path, "/token"))
    {
      if (g_str_has_suffix (path, "/edit-tag"))
        g_atomic_int_inc (&F.accepted);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "OK", 2);
    }
  else if (g_str_equal (fault, "bad-json"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"tags\": [",
                                        10);
    }
  else
    {
      const char *json = "{}";
      if (g_str_has_suffix (path, "/tag/list"))
        json = "{\"tags\":[]}";
      else if (g_str_has_suffix (path, "/subscription/list"))
        json = "{\"subscriptions\":[{\"id\":\"feed/1\",\"title\":\"One\",\"categories\":[],"
               "\"url\":\"http://127.0.0.1:1/one.xml\"}]}";
      else if (strstr (path, "/stream/contents/") && g_str_equal (fault, "bad-id"))
        json = "{\"items\":[{\"id\":\"tag:google.com,2005:reader/item/zz\",\"title\":\"x\","
               "\"origin\":{\"streamId\":\"feed/1\"}}]}";
      else if (strstr (path, "/stream/contents/"))
        json = "{\"items\":[]}";
      else if (strstr (path, "/stream/items/ids") && g_str_equal (fault, "numbers")
               && strstr (query_of (msg), "starred") == NULL)
        json = "{\"itemRefs\":[{\"id\":1796000000000002}]}"; /* ids as numbers */
      else if (strstr (path, "/stream/items/ids"))
        json = "{\"itemRefs\":[]}";
      headers = soup_server_message_get_response_headers (msg);
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                        strlen (json));
    }
}

static gboolean
broken_handler (SoupServerMessage *msg, const char *path)
{
  if (!g_str_has_prefix (path, "/broken/"))
    return FALSE;
  broken_server (msg, path);
  return TRUE;
}

static void
page_stored (gint64 account_id, guint items, gpointer data)
{
  /* The server dies after the first page. */
  if (items <= PAGE)
    kill_freshrss ();
}

static void
test_killed_mid_sync (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilAccount) account = NULL;
  g_autoptr (GHashTable) server = NULL;
  Vigil *v = vigil_new ("killed.db");
  VigilSyncStats stats;

  v->account = vigil_sync_add_account (v->sync, "desk", F.api, USER, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  vigil_sync_set_page_func (v->sync, page_stored, NULL);
  g_assert_false (sync_once (v, &stats, &error));
  g_assert_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NETWORK);
  g_clear_error (&error);
  vigil_sync_set_page_func (v->sync, NULL, NULL);
  /* Consistent: the first page whole, each article mapped, the position kept. */
  g_assert_true (vigil_store_check_integrity (v->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (v->store), ==, PAGE);
  g_assert_cmpint (vigil_store_count_sync_items (v->store, v->account), ==, PAGE);
  account = vigil_store_get_account (v->store, v->account, NULL);
  g_assert_nonnull (account->continuation);
  g_assert_nonnull (account->last_error);
  /* Back: the sync resumes and ends with every item once. */
  start_freshrss ();
  g_assert_true (sync_once (v, &stats, &error));
  g_assert_no_error (error);
  server = server_ids (READING_LIST, NULL);
  g_assert_cmpint (count (v->store), ==, g_hash_table_size (server));
  g_assert_cmpint (vigil_store_count_sync_items (v->store, v->account), ==,
                   g_hash_table_size (server));
  g_clear_pointer (&account, vigil_account_free);
  account = vigil_store_get_account (v->store, v->account, NULL);
  g_assert_null (account->continuation);
  /* It was the account's first sync, cut short: nothing old is notified. */
  g_assert_cmpuint (v->alerts, ==, 0);
  assert_states_agree (v);
  vigil_free (v);
}

/* A store with two synced articles read in Vigil (two changes queued). */
static Vigil *
broken_vigil (const char *fault)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  Vigil *v = vigil_new (fault);
  g_autofree char *api = g_strconcat (F.feeds_url, "/broken/api/greader.php", NULL);
  gint64 source;

  g_free (F.fault);
  F.fault = NULL;
  v->account = vigil_sync_add_account (v->sync, "broken", api, USER, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  source = vigil_store_sync_source (v->store, v->account, "feed/1", "http://127.0.0.1:1/one.xml",
                                    "One", NULL, NULL, &error);
  for (guint i = 0; i < 2; i++)
    {
      VigilArticle *a = vigil_article_new ();
      a->guid = g_strdup (i == 0 ? UNKNOWN_ITEM : "1796000000000002");
      a->title = g_strdup ("Kept");
      g_ptr_array_add (items, a);
    }
  g_assert_true (vigil_store_ingest (v->store, source, items, NULL, &error));
  for (guint i = 0; i < 2; i++)
    g_assert_true (
        vigil_store_set_read (v->store, ((VigilArticle *) items->pdata[i])->id, TRUE, &error));
  g_assert_cmpint (vigil_store_count_sync_actions (v->store, v->account), ==, 2);
  F.fault = g_strdup (fault);
  return v;
}

static void
test_faults (void)
{
  static const struct
  {
    const char *fault;
    int code;
    const char *says;
  } cases[] = {
    { "500", VIGIL_SYNC_ERROR_SERVER, "internal error" },
    { "html", VIGIL_SYNC_ERROR_PROTOCOL, "web page" },
    { "bad-json", VIGIL_SYNC_ERROR_PROTOCOL, "could not be read" },
    { "bad-id", VIGIL_SYNC_ERROR_PROTOCOL, "valid id" },
    { "slow", VIGIL_SYNC_ERROR_NETWORK, "in time" },
    { "redirect", VIGIL_SYNC_ERROR_PROTOCOL, "elsewhere" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (VigilAccount) account = NULL;
      Vigil *v = broken_vigil (cases[i].fault);

      g_test_message ("fault: %s", cases[i].fault);
      if (g_str_equal (cases[i].fault, "slow"))
        {
          vigil_sync_set_timeout (v->sync, 1);
          /* a new login is needed for the slow one */
          vigil_sync_set_password (v->sync, v->account, PASSWORD);
        }
      g_assert_false (sync_once (v, NULL, &error));
      g_assert_error (error, VIGIL_SYNC_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      account = vigil_store_get_account (v->store, v->account, NULL);
      g_assert_cmpstr (account->last_error, ==, error->message);
      /* Nothing stored is lost: the article, and the change if not sent. */
      g_assert_cmpint (count (v->store), ==, 2);
      if (g_str_equal (cases[i].fault, "500") || g_str_equal (cases[i].fault, "html")
          || g_str_equal (cases[i].fault, "slow") || g_str_equal (cases[i].fault, "redirect"))
        g_assert_cmpint (vigil_store_count_sync_actions (v->store, v->account), ==, 2);
      vigil_free (v);
    }
  /* An item the server does not know any more: its change is dropped and
   * said, the other one of the refused batch is sent on its own, the sync goes on. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (VigilAccount) account = NULL;
    Vigil *v = broken_vigil ("unknown-item");
    g_atomic_int_set (&F.edit_tags, 0);
    g_atomic_int_set (&F.accepted, 0);
    g_assert_true (sync_once (v, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_atomic_int_get (&F.edit_tags), ==, 3);
    g_assert_cmpint (g_atomic_int_get (&F.accepted), ==, 1);
    g_assert_cmpint (vigil_store_count_sync_actions (v->store, v->account), ==, 0);
    account = vigil_store_get_account (v->store, v->account, NULL);
    g_assert_nonnull (account->last_error);
    g_assert_nonnull (strstr (account->last_error, "400"));
    vigil_free (v);
  }
  /* A server that writes ids as JSON numbers: read all the same. */
  {
    g_autoptr (GError) error = NULL;
    Vigil *v = broken_vigil ("numbers");
    g_autoptr (GPtrArray) unread = NULL;
    g_assert_true (sync_once (v, NULL, &error));
    g_assert_no_error (error);
    unread = articles_of (v->store, VIGIL_VIEW_UNREAD);
    g_assert_cmpuint (unread->len, ==, 1);
    g_assert_cmpint (vigil_store_sync_item_id (v->store, ((VigilArticle *) unread->pdata[0])->id),
                     ==, 1796000000000002);
    vigil_free (v);
  }
  g_free (F.fault);
  F.fault = NULL;
}

/* vigil-cli account add and sync: exit status, standard error. */
static int
cli (const char *password, char **out_err, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (GStrv) env = g_get_environ ();
  g_autoptr (GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (gpointer) VIGIL_CLI);
  va_start (ap, out_err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  env = g_environ_setenv (env, "VIGIL_SYNC_PASSWORD", password, TRUE);
  /* No desktop keyring is ever touched by the tests. */
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, out_err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static void
test_cli (void)
{
  g_autofree char *db = g_build_filename (F.tmp, "cli.db", NULL);
  g_autofree char *err = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilAccount) account = NULL;
  g_autoptr (GHashTable) server = server_ids (READING_LIST, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (cli ("wrong", &err, "account", "add", "--name", "cli", "--server", F.api,
                        "--user", USER, "--db", db, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "password"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (PASSWORD, &err, "account", "add", "--name", "cli", "--server", F.api,
                        "--user", USER, "--db", db, NULL),
                   ==, 0);
  /* No keyring here: said, and the account is added all the same. */
  g_assert_nonnull (strstr (err, "keyring"));
  g_assert_nonnull (strstr (err, "VIGIL_SYNC_PASSWORD"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (PASSWORD, &err, "sync", "--account", "cli", "--db", db, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "new articles"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli ("wrong", &err, "sync", "--account", "cli", "--db", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "password"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (PASSWORD, &err, "sync", "--account", "nobody", "--db", db, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  /* watch --once syncs the account as well (its only one: VIGIL_SYNC_PASSWORD). */
  store = vigil_store_new (db, &error);
  account = vigil_store_find_account (store, "cli", NULL);
  g_assert_nonnull (account->last_error);
  g_clear_pointer (&account, vigil_account_free);
  g_clear_object (&store);
  g_assert_cmpint (cli (PASSWORD, &err, "watch", "--once", "--db", db, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  store = vigil_store_new (db, &error);
  account = vigil_store_find_account (store, "cli", NULL);
  g_assert_null (account->last_error);
  g_clear_pointer (&account, vigil_account_free);
  g_clear_object (&store);
  g_assert_cmpint (cli ("wrong", &err, "watch", "--once", "--db", db, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "password"));
  store = vigil_store_new (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (store), ==, g_hash_table_size (server));
  account = vigil_store_find_account (store, "cli", NULL);
  g_assert_nonnull (account->last_error);
  /* The password is nowhere in the database. */
  {
    g_autofree char *bytes = NULL;
    gsize len = 0;
    g_assert_true (g_file_get_contents (db, &bytes, &len, NULL));
    g_assert_null (memmem (bytes, len, PASSWORD, strlen (PASSWORD)));
  }
}

/* kill -9 of Vigil during a sync, at several moments: no change of the desk
 * is lost (each is queued with the change, and leaves the queue only once the
 * server has it), and the store stays whole. */
static void
test_cli_killed (void)
{
  static const guint delays_ms[] = { 0, 60, 150, 200, 250, 300, 400 };
  g_autoptr (GError) error = NULL;
  Vigil *v = vigil_new ("k9.db");
  g_autoptr (GArray) read = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) starred = g_array_new (FALSE, FALSE, sizeof (gint64));

  v->account = vigil_sync_add_account (v->sync, "k9", F.api, USER, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sync_once (v, NULL, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (delays_ms); k++)
    {
      g_autoptr (GPtrArray) unread = articles_of (v->store, VIGIL_VIEW_UNREAD);
      g_auto (GStrv) env = g_get_environ ();
      const char *argv[] = { VIGIL_CLI, "sync", "--account", "k9", "--db", v->path, NULL };
      GPid pid = 0;
      int status = 0;

      /* Three read and one starred in Vigil, then the window goes. */
      g_assert_cmpuint (unread->len, >=, 4);
      for (guint i = 0; i < 4; i++)
        {
          VigilArticle *a = g_ptr_array_index (unread, i);
          gint64 item = vigil_store_sync_item_id (v->store, a->id);
          if (i < 3)
            g_assert_true (vigil_store_set_read (v->store, a->id, TRUE, &error));
          else
            g_assert_true (vigil_store_set_starred (v->store, a->id, TRUE, &error));
          g_array_append_val (i < 3 ? read : starred, item);
        }
      g_object_unref (v->sync);
      g_object_unref (v->monitor);
      g_object_unref (v->store);
      env = g_environ_setenv (env, "VIGIL_SYNC_PASSWORD", PASSWORD, TRUE);
      env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
      g_assert_true (g_spawn_async (NULL, (char **) argv, env,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                        | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      g_usleep (delays_ms[k] * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Vigil again: whole, and its next sync brings the server every change. */
      v->store = vigil_store_new (v->path, &error);
      g_assert_no_error (error);
      g_assert_true (vigil_store_check_integrity (v->store, &error));
      g_assert_no_error (error);
      g_test_message ("killed after %u ms: %" G_GINT64_FORMAT " changes still queued", delays_ms[k],
                      vigil_store_count_sync_actions (v->store, v->account));
      v->monitor = vigil_monitor_new (v->store, &error);
      g_assert_no_error (error);
      v->sync = vigil_sync_new (v->store);
      vigil_sync_set_limits (v->sync, PAGE, 1000);
      vigil_sync_set_password (v->sync, v->account, PASSWORD);
      vigil_monitor_attach_sync (v->monitor, v->sync);
      g_assert_true (sync_once (v, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (vigil_store_count_sync_actions (v->store, v->account), ==, 0);
      {
        g_autoptr (GHashTable) server_unread = server_ids (READING_LIST, READ);
        g_autoptr (GHashTable) server_starred = server_ids (STARRED, NULL);
        for (guint i = 0; i < read->len; i++)
          g_assert_false (server_has (server_unread, g_array_index (read, gint64, i)));
        for (guint i = 0; i < starred->len; i++)
          g_assert_true (server_has (server_starred, g_array_index (starred, gint64, i)));
      }
      assert_states_agree (v);
    }
  vigil_free (v);
}

int
main (int argc, char *argv[])
{
  int result;

  if ((result = sync_test_start (&argc, &argv, broken_handler)) != 0)
    return result;

  g_test_add_func ("/sync/killed-mid-sync", test_killed_mid_sync);
  g_test_add_func ("/sync/faults", test_faults);
  g_test_add_func ("/sync/cli", test_cli);
  g_test_add_func ("/sync/cli-killed", test_cli_killed);
  return sync_test_run ();
}
