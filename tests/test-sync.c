/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync engine against a real FreshRSS (issue 19): a wrong password, the
 * first sync, read and star both ways, mark-all-read, the offline queue,
 * subscriptions, a feed unsubscribed elsewhere, a new item's alert, the
 * scheduled sync; one desk (V) across the tests, in order. */
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

typedef struct
{
  guint count;
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

static void
wait_synced (Synced *s, guint count)
{
  vigil_test_wait_for_count (&s->count, count);
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

int
main (int argc, char *argv[])
{
  int result;

  if ((result = sync_test_start (&argc, &argv, NULL)) != 0)
    return result;

  g_test_add_func ("/sync/wrong-password", test_wrong_password);
  g_test_add_func ("/sync/first", test_first_sync);
  g_test_add_func ("/sync/read-both-ways", test_read_both_ways);
  g_test_add_func ("/sync/star-both-ways", test_star_both_ways);
  g_test_add_func ("/sync/mark-all-read", test_mark_all_read);
  g_test_add_func ("/sync/offline-queue", test_offline_queue);
  g_test_add_func ("/sync/subscriptions", test_subscriptions);
  g_test_add_func ("/sync/unsubscribed-elsewhere", test_unsubscribed_elsewhere);
  g_test_add_func ("/sync/new-items-alert", test_new_items_alert);
  g_test_add_func ("/sync/scheduled", test_scheduled);
  return sync_test_run ();
}
