/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync.c: the sync engine against a real FreshRSS (issue 19).
 *
 * FreshRSS (../shared/servers/freshrss-*.tar.xz, or VIGIL_FRESHRSS_TARBALL) is
 * unpacked and started on 127.0.0.1 by freshrss-start.sh, subscribed to feeds
 * that this program serves itself (a SoupServer in a thread of its own), and
 * Vigil's engine syncs with it. What the server holds is read back through its
 * API by a small client of the test's own. Skipped (77) without the tarball or
 * PHP. A second SoupServer plays a broken server for the faults.
 */
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

#define PAGE 20
#define UNKNOWN_ITEM "1796000000000001" /* the broken server's item it has lost */

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

/* ---- Vigil's side ---- */

typedef struct
{
  char *path;
  VigilStore *store;
  VigilMonitor *monitor;
  VigilSync *sync;
  gint64 account;
  guint alerts;
  guint backlog;
  guint backlog_signals;
} Vigil;

static void
on_alert (VigilMonitor *monitor, VigilArticle *article, GPtrArray *matches, gpointer data)
{
  ((Vigil *) data)->alerts++;
}

static void
on_backlog (VigilMonitor *monitor, guint count, guint n_stories, gpointer data)
{
  ((Vigil *) data)->backlog += count;
  ((Vigil *) data)->backlog_signals++;
}

static Vigil *
vigil_new (const char *name)
{
  Vigil *v = g_new0 (Vigil, 1);
  g_autoptr (GError) error = NULL;

  v->path = g_build_filename (F.tmp, name, NULL);
  v->store = vigil_store_new (v->path, &error);
  g_assert_no_error (error);
  v->monitor = vigil_monitor_new (v->store, &error);
  g_assert_no_error (error);
  v->sync = vigil_sync_new (v->store);
  vigil_sync_set_limits (v->sync, PAGE, 1000);
  vigil_sync_set_timeout (v->sync, 5);
  vigil_monitor_attach_sync (v->monitor, v->sync);
  g_signal_connect (v->monitor, "alert", G_CALLBACK (on_alert), v);
  g_signal_connect (v->monitor, "backlog-matched", G_CALLBACK (on_backlog), v);
  return v;
}

static void
vigil_free (Vigil *v)
{
  g_object_unref (v->sync);
  g_object_unref (v->monitor);
  g_object_unref (v->store);
  g_free (v->path);
  g_free (v);
}

/* One sync, as the application runs it (a worker; the main loop turns). */
static gboolean
sync_once (Vigil *v, VigilSyncStats *stats, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  VigilSyncStats run_stats = { 0 };
  gboolean ok;

  vigil_sync_run_async (v->sync, v->account, NULL, vigil_test_async_ready, &slot);
  result = vigil_test_wait_result (&slot);
  ok = vigil_sync_run_finish (v->sync, result, &run_stats, error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (stats)
    *stats = run_stats;
  return ok;
}

static gint64
count (VigilStore *store)
{
  return vigil_store_count_articles (store, VIGIL_VIEW_ALL);
}

/* The server's unread (or starred) state of every stored article agrees
 * with Vigil's. */
static void
assert_states_agree (Vigil *v)
{
  g_autoptr (GHashTable) unread = server_ids (READING_LIST, READ);
  g_autoptr (GHashTable) starred = server_ids (STARRED, NULL);
  g_autoptr (GPtrArray) all = vigil_store_list_articles (v->store, VIGIL_VIEW_ALL, NULL);

  guint mapped = 0;

  for (guint i = 0; i < all->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (all, i);
      gint64 item = vigil_store_sync_item_id (v->store, a->id);
      if (item == 0)
        continue; /* of a source unsubscribed on the server, kept here */
      mapped++;
      g_assert_cmpint (a->read, ==, !server_has (unread, item));
      g_assert_cmpint (a->starred, ==, server_has (starred, item));
    }
  g_assert_cmpint (mapped, ==, vigil_store_count_sync_items (v->store, v->account));
  g_assert_cmpuint (mapped, >, 0);
}

static Vigil *V; /* the desk's main Vigil, across the tests below */

static VigilSource *
source_titled (VigilStore *store, const char *title)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (g_strcmp0 (s->title, title) == 0)
        return g_object_ref (s);
    }
  return NULL;
}

static void
test_wrong_password (void)
{
  g_autoptr (GError) error = NULL;
  Vigil *v = vigil_new ("wrong.db");
  g_autoptr (VigilAccount) account = NULL;

  /* Checked when the account is added: nothing is added. */
  g_assert_cmpint (vigil_sync_add_account (v->sync, "desk", F.api, USER, "not-it", NULL, &error),
                   ==, 0);
  g_assert_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_AUTH);
  g_assert_null (vigil_store_find_account (v->store, "desk", NULL));
  g_clear_error (&error);
  /* A password changed on the server since: the account says why. */
  v->account = vigil_sync_add_account (v->sync, "desk", F.api, USER, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  vigil_sync_set_password (v->sync, v->account, "changed");
  g_assert_false (sync_once (v, NULL, &error));
  g_assert_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_AUTH);
  account = vigil_store_get_account (v->store, v->account, NULL);
  g_assert_nonnull (account->last_error);
  g_assert_nonnull (strstr (account->last_error, "password"));
  g_assert_cmpint (account->last_sync, ==, 0);
  /* The refused password is forgotten: the account waits to be signed in. */
  g_assert_false (vigil_sync_has_password (v->sync, v->account));
  g_clear_error (&error);
  g_assert_false (sync_once (v, NULL, &error));
  g_assert_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_PASSWORD);
  g_clear_error (&error);
  /* Signing in with a wrong one changes nothing; with the right one it syncs. */
  g_assert_false (vigil_sync_sign_in (v->sync, v->account, "still-not-it", NULL, &error));
  g_assert_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_AUTH);
  g_assert_false (vigil_sync_has_password (v->sync, v->account));
  g_clear_error (&error);
  g_assert_true (vigil_sync_sign_in (v->sync, v->account, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_sync_has_password (v->sync, v->account));
  g_assert_true (sync_once (v, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&account, vigil_account_free);
  account = vigil_store_get_account (v->store, v->account, NULL);
  g_assert_null (account->last_error);
  g_assert_cmpint (account->last_sync, >, 0);
  vigil_free (v);
}

static void
test_first_sync (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) desk = NULL;
  g_autoptr (VigilSource) world = NULL;
  g_autoptr (VigilAccount) account = NULL;
  g_autoptr (GHashTable) server = server_ids (READING_LIST, NULL);
  VigilSyncStats stats;

  V = vigil_new ("desk.db");
  /* The server's address (its API is found under it). */
  {
    g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u", F.port);
    V->account = vigil_sync_add_account (V->sync, "desk", base, USER, PASSWORD, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_true (sync_once (V, &stats, &error));
  g_assert_no_error (error);
  /* Subscriptions and their folders. */
  desk = source_titled (V->store, "desk feed");
  world = source_titled (V->store, "world feed");
  g_assert_nonnull (desk);
  g_assert_nonnull (world);
  g_assert_cmpstr (desk->folder, ==, "Desk");
  g_assert_cmpstr (world->folder, ==, "World");
  g_assert_cmpint (desk->account_id, ==, V->account);
  {
    g_autofree char *url = g_strconcat (F.feeds_url, "/desk", NULL);
    g_assert_cmpstr (desk->remote_url, ==, url);
  }
  /* Every item, over several pages of continuation. */
  g_assert_cmpuint (g_hash_table_size (server), ==, 45);
  g_assert_cmpint (count (V->store), ==, 45);
  g_assert_cmpint (vigil_store_count_sync_items (V->store, V->account), ==, 45);
  g_assert_cmpuint (stats.pages, >=, 3);
  g_assert_cmpuint (stats.new_articles, ==, 45);
  g_assert_false (stats.more);
  account = vigil_store_get_account (V->store, V->account, NULL);
  g_assert_null (account->continuation);
  g_assert_null (account->last_error);
  g_assert_cmpint (account->last_sync, >, 0);
  /* Analysed like fetched articles, and the first sync notifies nothing old. */
  {
    g_autoptr (GPtrArray) all = vigil_store_list_articles (V->store, VIGIL_VIEW_ALL, NULL);
    g_autoptr (VigilArticle) full
        = vigil_store_get_article (V->store, ((VigilArticle *) all->pdata[0])->id, NULL);
    g_assert_nonnull (full->annotations);
    g_assert_nonnull (full->level);
  }
  g_assert_cmpuint (V->alerts, ==, 0);
  g_assert_cmpuint (V->backlog, >, 0);
  g_assert_cmpuint (V->backlog_signals, ==, 1); /* said once for the sync */
  assert_states_agree (V);
  /* Again with nothing new: nothing stored twice, one request per stream
   * (folders, subscriptions, reading list, unread ids, starred ids). */
  {
    gint64 started = g_get_monotonic_time ();
    g_assert_true (sync_once (V, &stats, &error));
    g_test_message ("incremental sync with nothing new: %u requests, %.0f ms", stats.requests,
                    (g_get_monotonic_time () - started) / 1000.0);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (stats.new_articles, ==, 0);
  g_assert_cmpuint (stats.pages, ==, 1);
  g_assert_cmpuint (stats.requests, ==, 5);
  /* The monitor does not fetch a synced source itself. */
  {
    GAsyncResult *slot = NULL;
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GError) refresh_error = NULL;
    vigil_monitor_refresh_source_async (V->monitor, desk, NULL, vigil_test_async_ready, &slot);
    result = vigil_test_wait_result (&slot);
    vigil_monitor_refresh_source_finish (V->monitor, result, &refresh_error);
    g_assert_error (refresh_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  }
  g_assert_cmpint (count (V->store), ==, 45);
}

static GPtrArray *
articles_of (VigilStore *store, gint64 source)
{
  return vigil_store_list_articles (store, source, NULL);
}

static void
test_read_both_ways (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = articles_of (V->store, VIGIL_VIEW_ALL);
  VigilArticle *a = all->pdata[0], *b = all->pdata[1], *c = all->pdata[2], *d = all->pdata[3];
  gint64 ia = vigil_store_sync_item_id (V->store, a->id);
  gint64 ib = vigil_store_sync_item_id (V->store, b->id);
  gint64 ic = vigil_store_sync_item_id (V->store, c->id);
  gint64 id = vigil_store_sync_item_id (V->store, d->id);
  VigilSyncStats stats;

  /* Read in Vigil: queued with the change, then read on the server. */
  g_assert_true (vigil_store_set_read (V->store, a->id, TRUE, &error));
  g_assert_true (vigil_store_set_read (V->store, b->id, TRUE, &error));
  g_assert_cmpint (vigil_store_count_sync_actions (V->store, V->account), ==, 2);
  g_assert_true (sync_once (V, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.actions_sent, ==, 2);
  g_assert_cmpint (vigil_store_count_sync_actions (V->store, V->account), ==, 0);
  {
    g_autoptr (GHashTable) unread = server_ids (READING_LIST, READ);
    g_assert_false (server_has (unread, ia));
    g_assert_false (server_has (unread, ib));
    g_assert_true (server_has (unread, ic));
  }
  /* Read on the server (another analyst): read in Vigil. Unread there: the
   * server wins over what Vigil sent before. */
  server_edit (ic, READ, NULL);
  server_edit (ia, NULL, READ);
  /* A change in Vigil since the last sync is newer than the server's. */
  server_edit (id, READ, NULL);
  g_assert_true (vigil_store_set_read (V->store, d->id, TRUE, &error));
  g_assert_true (vigil_store_set_read (V->store, d->id, FALSE, &error));
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (VigilArticle) ra = vigil_store_get_article (V->store, a->id, NULL);
    g_autoptr (VigilArticle) rc = vigil_store_get_article (V->store, c->id, NULL);
    g_autoptr (VigilArticle) rd = vigil_store_get_article (V->store, d->id, NULL);
    g_autoptr (GHashTable) unread = server_ids (READING_LIST, READ);
    g_assert_false (ra->read);
    g_assert_true (rc->read);
    g_assert_false (rd->read);
    g_assert_true (server_has (unread, id));
  }
  assert_states_agree (V);
}

static void
test_star_both_ways (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = articles_of (V->store, VIGIL_VIEW_ALL);
  VigilArticle *a = all->pdata[5], *b = all->pdata[6];
  gint64 ia = vigil_store_sync_item_id (V->store, a->id);
  gint64 ib = vigil_store_sync_item_id (V->store, b->id);

  g_assert_true (vigil_store_set_starred (V->store, a->id, TRUE, &error));
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GHashTable) starred = server_ids (STARRED, NULL);
    g_assert_true (server_has (starred, ia));
    g_assert_cmpuint (g_hash_table_size (starred), ==, 1);
  }
  server_edit (ib, STARRED, NULL);
  server_edit (ia, NULL, STARRED);
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (VigilArticle) ra = vigil_store_get_article (V->store, a->id, NULL);
    g_autoptr (VigilArticle) rb = vigil_store_get_article (V->store, b->id, NULL);
    g_assert_false (ra->starred);
    g_assert_true (rb->starred);
  }
  assert_states_agree (V);
}

static void
test_mark_all_read (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) world = source_titled (V->store, "world feed");
  g_autoptr (GPtrArray) actions = NULL;

  g_assert_true (vigil_store_mark_source_read (V->store, world->id, &error));
  actions = vigil_store_list_sync_actions (V->store, V->account, NULL);
  /* One action for the source, up to its newest item (µs). */
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (((VigilSyncAction *) actions->pdata[0])->kind, ==, "mark-all-read");
  g_assert_cmpstr (((VigilSyncAction *) actions->pdata[0])->stream, ==, world->remote_id);
  g_assert_cmpint (g_ascii_strtoll (((VigilSyncAction *) actions->pdata[0])->arg, NULL, 10), >,
                   1000000000000000);
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GHashTable) unread = server_ids (world->remote_id, READ);
    g_assert_cmpuint (g_hash_table_size (unread), ==, 0);
  }
  assert_states_agree (V);
}

static void
test_offline_queue (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = articles_of (V->store, VIGIL_VIEW_UNREAD);
  g_autoptr (VigilAccount) account = NULL;
  VigilArticle *a = all->pdata[0], *b = all->pdata[1];
  gint64 ia = vigil_store_sync_item_id (V->store, a->id);
  gint64 ib = vigil_store_sync_item_id (V->store, b->id);
  gint64 n = count (V->store);
  VigilSyncStats stats;

  kill_freshrss ();
  g_assert_true (vigil_store_set_read (V->store, a->id, TRUE, &error));
  g_assert_true (vigil_store_set_starred (V->store, b->id, TRUE, &error));
  g_assert_false (sync_once (V, NULL, &error));
  g_assert_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NETWORK);
  g_clear_error (&error);
  /* Kept, and said on the account. */
  g_assert_cmpint (vigil_store_count_sync_actions (V->store, V->account), ==, 2);
  g_assert_cmpint (count (V->store), ==, n);
  account = vigil_store_get_account (V->store, V->account, NULL);
  g_assert_nonnull (account->last_error);
  /* Back: sent. */
  start_freshrss ();
  g_assert_true (sync_once (V, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.actions_sent, ==, 2);
  g_assert_cmpint (vigil_store_count_sync_actions (V->store, V->account), ==, 0);
  {
    g_autoptr (GHashTable) unread = server_ids (READING_LIST, READ);
    g_autoptr (GHashTable) starred = server_ids (STARRED, NULL);
    g_assert_false (server_has (unread, ia));
    g_assert_true (server_has (starred, ib));
  }
  g_clear_pointer (&account, vigil_account_free);
  account = vigil_store_get_account (V->store, V->account, NULL);
  g_assert_null (account->last_error);
  assert_states_agree (V);
}

static void
test_subscriptions (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (F.feeds_url, "/extra", NULL);
  g_autofree char *missing = g_strconcat (F.feeds_url, "/missing", NULL);
  g_autoptr (VigilSource) source = NULL;
  g_autoptr (JsonNode) list = NULL;
  gint64 id;

  /* quickadd answers 200 with the error in its body. */
  g_assert_cmpint (vigil_sync_subscribe (V->sync, V->account, missing, NULL, NULL, &error), ==, 0);
  g_assert_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED);
  g_clear_error (&error);
  id = vigil_sync_subscribe (V->sync, V->account, url, "Extra", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  source = vigil_store_get_source (V->store, id, NULL);
  g_assert_cmpstr (source->folder, ==, "Extra");
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) extra = articles_of (V->store, id);
    g_assert_cmpuint (extra->len, ==, 5);
  }
  /* Renamed (as the window will: in a worker) and moved on the server. */
  {
    GAsyncResult *slot = NULL;
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GError) edit_error = NULL;
    gint64 renamed;
    vigil_sync_edit_async (V->sync, VIGIL_SYNC_RENAME, id, "Extra desk", NULL, NULL,
                           vigil_test_async_ready, &slot);
    result = vigil_test_wait_result (&slot);
    renamed = vigil_sync_edit_finish (V->sync, result, &edit_error);
    g_assert_no_error (edit_error);
    g_assert_cmpint (renamed, ==, 1);
  }
  g_assert_true (vigil_sync_move (V->sync, id, "World", NULL, &error));
  g_assert_no_error (error);
  list = api_json ("reader/api/0/subscription/list", "output=json");
  {
    JsonArray *subs = json_object_get_array_member (json_node_get_object (list), "subscriptions");
    gboolean found = FALSE;
    for (guint i = 0; i < json_array_get_length (subs); i++)
      {
        JsonObject *sub = json_array_get_object_element (subs, i);
        JsonArray *cats = json_object_get_array_member (sub, "categories");
        if (g_strcmp0 (json_object_get_string_member (sub, "id"), source->remote_id) != 0)
          continue;
        found = TRUE;
        g_assert_cmpstr (json_object_get_string_member (sub, "title"), ==, "Extra desk");
        g_assert_cmpstr (
            json_object_get_string_member (json_array_get_object_element (cats, 0), "label"), ==,
            "World");
      }
    g_assert_true (found);
  }
  g_clear_object (&source);
  source = vigil_store_get_source (V->store, id, NULL);
  g_assert_cmpstr (source->title, ==, "Extra desk");
  g_assert_cmpstr (source->folder, ==, "World");
  /* Unsubscribed: gone from both. */
  g_assert_true (vigil_sync_unsubscribe (V->sync, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (vigil_store_get_source (V->store, id, NULL));
  g_clear_pointer (&list, json_node_unref);
  list = api_json ("reader/api/0/subscription/list", "output=json");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (list), "subscriptions")),
                    ==, 2);
}

static void
server_subscription (const char *action, const char *stream)
{
  g_autofree char *s = g_uri_escape_string (stream, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("ac=%s&s=%s", action, s);
  g_autoptr (GBytes) body = api_call ("POST", "reader/api/0/subscription/edit", form);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), 2, "OK", 2);
}

/* Subscribed and unsubscribed from another machine of the desk. */
static void
test_unsubscribed_elsewhere (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kept_url = g_strconcat ("feed/", F.feeds_url, "/extra", NULL);
  g_autofree char *gone_url = g_strconcat ("feed/", F.feeds_url, "/extra2", NULL);
  g_autoptr (VigilSource) kept = NULL;
  g_autoptr (VigilSource) gone = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  gint64 starred_id;

  server_subscription ("subscribe", kept_url);
  server_subscription ("subscribe", gone_url);
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  kept = source_titled (V->store, "extra feed");
  gone = source_titled (V->store, "extra2 feed");
  g_assert_nonnull (kept);
  g_assert_nonnull (gone);
  articles = articles_of (V->store, kept->id);
  g_assert_cmpuint (articles->len, ==, 5);
  starred_id = ((VigilArticle *) articles->pdata[0])->id;
  g_assert_true (vigil_store_set_starred (V->store, starred_id, TRUE, &error));
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  server_subscription ("unsubscribe", kept->remote_id);
  server_subscription ("unsubscribe", gone->remote_id);
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  /* Nothing it kept is lost: the source with a starred article stays, said
   * not synced any more, with all its articles; the other goes. */
  g_assert_null (vigil_store_get_source (V->store, gone->id, NULL));
  g_clear_object (&kept);
  kept = vigil_store_get_source (V->store, ((VigilArticle *) articles->pdata[0])->source_id, NULL);
  g_assert_nonnull (kept);
  g_assert_null (kept->remote_id);
  g_assert_cmpint (kept->status, ==, VIGIL_SOURCE_STATUS_ERROR);
  g_assert_nonnull (strstr (kept->error, "Unsubscribed"));
  {
    g_autoptr (GPtrArray) still = articles_of (V->store, kept->id);
    g_autoptr (VigilArticle) star = vigil_store_get_article (V->store, starred_id, NULL);
    g_assert_cmpuint (still->len, ==, 5);
    g_assert_true (star->starred);
  }
  /* Later syncs leave it alone. */
  g_assert_true (sync_once (V, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&kept);
  kept = vigil_store_get_source (V->store, ((VigilArticle *) articles->pdata[0])->source_id, NULL);
  g_assert_nonnull (kept);
  assert_states_agree (V);
}

static void
test_new_items_alert (void)
{
  g_autoptr (GError) error = NULL;
  VigilSyncStats stats;
  guint before = V->alerts;
  g_autoptr (GHashTable) server = server_ids (READING_LIST, NULL);

  g_assert_true (vigil_alert_engine_add_rule (vigil_monitor_get_alert_engine (V->monitor),
                                              "Zeppelin", VIGIL_SEVERITY_HIGH, "zeppelin*",
                                              &error));
  g_assert_no_error (error);
  add_item ("/desk", "Zeppelin sighted over the harbour",
            "A zeppelin was sighted over the harbour this morning.", 0);
  add_item ("/desk", "Market day in the old town", "Stalls opened early.", 0);
  refresh_freshrss (g_hash_table_size (server) + 2);
  g_assert_true (sync_once (V, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.new_articles, ==, 2);
  g_assert_cmpuint (stats.pages, ==, 1);
  /* News now: the rule's alert is raised, once. */
  g_assert_cmpuint (V->alerts, ==, before + 1);
  assert_states_agree (V);
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

typedef struct
{
  guint count, want;
  char *error;
} Synced;

static void
on_account_synced (VigilMonitor *monitor, gint64 account_id, const char *error, gpointer data)
{
  Synced *s = data;

  g_assert_cmpint (account_id, ==, V->account);
  s->count++;
  g_free (s->error);
  s->error = g_strdup (error);
}

static gboolean
synced_enough (gpointer data)
{
  Synced *s = data;

  return s->count >= s->want;
}

static void
wait_synced (Synced *s, guint count)
{
  s->want = count;
  g_assert_true (vigil_test_wait_until (synced_enough, s, VIGIL_TEST_WAIT_SECONDS));
}

/* Refresh syncs the account; the schedule backs off while the server fails. */
static void
test_scheduled (void)
{
  Synced s = { 0 };
  gulong handler
      = g_signal_connect (V->monitor, "account-synced", G_CALLBACK (on_account_synced), &s);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next;

  vigil_monitor_set_default_interval (V->monitor, 10);
  vigil_monitor_refresh_all (V->monitor);
  wait_synced (&s, 1);
  g_assert_null (s.error);
  next = vigil_monitor_get_account_next_sync (V->monitor, V->account);
  g_assert_cmpint (next, >=, now + 540);
  g_assert_cmpint (next, <=, g_get_real_time () / G_USEC_PER_SEC + 660);
  /* The server down: the account says why, and the next try is a minute
   * away (with jitter), not the interval. */
  kill_freshrss ();
  now = g_get_real_time () / G_USEC_PER_SEC;
  vigil_monitor_refresh_all (V->monitor);
  wait_synced (&s, 2);
  g_assert_nonnull (s.error);
  g_assert_nonnull (strstr (s.error, "Cannot reach"));
  next = vigil_monitor_get_account_next_sync (V->monitor, V->account);
  g_assert_cmpint (next, >=, now + 48);
  g_assert_cmpint (next, <=, g_get_real_time () / G_USEC_PER_SEC + 72);
  /* The schedule's tick before then starts nothing; Refresh does. */
  vigil_monitor_refresh_due (V->monitor);
  g_assert_false (vigil_monitor_is_syncing (V->monitor, V->account));
  start_freshrss ();
  vigil_monitor_refresh_all (V->monitor);
  g_assert_true (vigil_monitor_is_syncing (V->monitor, V->account));
  wait_synced (&s, 3);
  g_assert_null (s.error);
  g_signal_handler_disconnect (V->monitor, handler);
  g_free (s.error);
  assert_states_agree (V);
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
  g_autofree char *config = NULL;
  g_autofree char *opml_text = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  if ((result = freshrss_prepare ()) != 0)
    return result;
  config = g_build_filename (F.tmp, "home", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", config, TRUE);
  F.handler = broken_handler;
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *title = g_strdup_printf ("Rocket attack report %u near the port", i);
      add_item ("/desk", title, "Rockets hit a warehouse near the port; no injuries.", 30 - i);
    }
  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *title = g_strdup_printf ("Floods in the valley, day %u", i);
      add_item ("/world", title, "Roads closed after the river rose.", 15 - i);
    }
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *title = g_strdup_printf ("Extra story %u", i);
      add_item ("/extra", title, "Quiet day.", 5 - i);
      if (i < 3)
        add_item ("/extra2", title, "Quiet night.", 5 - i);
    }
  start_feed_server ();
  opml_text = g_strdup_printf (
      "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>desk</title></head><body>"
      "<outline text=\"Desk\"><outline type=\"rss\" text=\"desk feed\" xmlUrl=\"%s/desk\"/>"
      "</outline><outline text=\"World\"><outline type=\"rss\" text=\"world feed\" "
      "xmlUrl=\"%s/world\"/></outline></body></opml>",
      F.feeds_url, F.feeds_url);
  freshrss_start (opml_text);

  g_test_add_func ("/sync/wrong-password", test_wrong_password);
  g_test_add_func ("/sync/first", test_first_sync);
  g_test_add_func ("/sync/read-both-ways", test_read_both_ways);
  g_test_add_func ("/sync/star-both-ways", test_star_both_ways);
  g_test_add_func ("/sync/mark-all-read", test_mark_all_read);
  g_test_add_func ("/sync/offline-queue", test_offline_queue);
  g_test_add_func ("/sync/subscriptions", test_subscriptions);
  g_test_add_func ("/sync/unsubscribed-elsewhere", test_unsubscribed_elsewhere);
  g_test_add_func ("/sync/new-items-alert", test_new_items_alert);
  g_test_add_func ("/sync/killed-mid-sync", test_killed_mid_sync);
  g_test_add_func ("/sync/faults", test_faults);
  g_test_add_func ("/sync/scheduled", test_scheduled);
  g_test_add_func ("/sync/cli", test_cli);
  g_test_add_func ("/sync/cli-killed", test_cli_killed);
  result = g_test_run ();

  if (V)
    vigil_free (V);
  freshrss_stop ();
  return result;
}
