/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-common.h: what the sync engine's tests share (test-sync,
 * test-sync-failures; issue 19). FreshRSS (../shared/servers/freshrss-*.tar.xz,
 * or VIGIL_FRESHRSS_TARBALL) is unpacked and started on 127.0.0.1 by
 * freshrss-start.sh, subscribed to feeds that the program serves itself (a
 * SoupServer in a thread of its own), and Vigil's engine syncs with it. What
 * the server holds is read back through its API by a small client of the
 * test's own (freshrss-test-common.h). Skipped (77) without the tarball or PHP.
 * Here: a Vigil (store, monitor, sync) in the run's directory, one sync, the
 * two sides' states compared, and the start and end of each main. */
#pragma once

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

static inline void
on_alert (VigilMonitor *monitor, VigilArticle *article, GPtrArray *matches, gpointer data)
{
  ((Vigil *) data)->alerts++;
}

static inline void
on_backlog (VigilMonitor *monitor, guint count, guint n_stories, gpointer data)
{
  ((Vigil *) data)->backlog += count;
  ((Vigil *) data)->backlog_signals++;
}

static inline Vigil *
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

static inline void
vigil_free (Vigil *v)
{
  g_object_unref (v->sync);
  g_object_unref (v->monitor);
  g_object_unref (v->store);
  g_free (v->path);
  g_free (v);
}

/* One sync, as the application runs it (a worker; the main loop turns). */
static inline gboolean
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

static inline gint64
count (VigilStore *store)
{
  return vigil_store_count_articles (store, VIGIL_VIEW_ALL);
}

/* The server's unread (or starred) state of every stored article agrees
 * with Vigil's. */
static inline void
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

static inline GPtrArray *
articles_of (VigilStore *store, gint64 source)
{
  return vigil_store_list_articles (store, source, NULL);
}

/* The start of each main: g_test_init(), FreshRSS prepared (0, or the exit
 * status to return: 77 to skip), XDG directories in its directory, the feeds
 * served (by @handler first, when it takes the path) and FreshRSS started,
 * subscribed to two of them. */
static inline int
sync_test_start (int *argc, char ***argv, gboolean (*handler) (SoupServerMessage *, const char *))
{
  g_autofree char *config = NULL;
  int result;

  g_test_init (argc, argv, NULL);
  if ((result = freshrss_prepare ()) != 0)
    return result;
  config = g_build_filename (F.tmp, "home", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", config, TRUE);
  F.handler = handler;
  add_desk_and_world_items (30, 15);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *title = g_strdup_printf ("Extra story %u", i);
      add_item ("/extra", title, "Quiet day.", 5 - i);
      if (i < 3)
        add_item ("/extra2", title, "Quiet night.", 5 - i);
    }
  start_feed_server ();
  freshrss_start_desk_and_world ();
  return 0;
}

static Vigil *V; /* the desk's main Vigil, across the tests of test-sync */

/* Runs the tests, then lets the desk and FreshRSS go. */
static inline int
sync_test_run (void)
{
  int result = g_test_run ();

  if (V)
    vigil_free (V);
  freshrss_stop ();
  return result;
}
