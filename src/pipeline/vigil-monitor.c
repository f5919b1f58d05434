/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-monitor.c — the monitor: the refresh queue, the schedule, the signals, the public API */
#include "config.h"

#include "vigil-monitor-internal.h"
#include "vigil-monitor-private.h"
#include "vigil-rule-backfill.h"

#include <glib/gi18n-lib.h>

/* The monitor keeps the queue, the schedule and the signals, on the main
 * context it was created in. The work is done by its parts:
 * vigil-ingest.c (the worker step: parse, analyse, stories, store, rules),
 * vigil-alert-dispatch.c (throttle, notifications, webhooks),
 * vigil-subscriptions.c (adding sources, OPML, the demo seed),
 * vigil-rules-file.c (the desk's rules file), vigil-monitor-sync.c
 * (sync accounts: their schedule and their items) and
 * vigil-monitor-articles.c (a stored article's full text, separating it from
 * its story). */

#define MAX_PARALLEL_FETCHES 6

/* Parsing, analysing and storing a feed is processor work: at most as many
 * feeds at once as the machine has processors (the fetches, which wait on the
 * network, go on beside them). More workers only take turns with each other
 * and with the window's thread, whose frames then come late. One fewer (a
 * processor left to the window) made the 500-source refresh of bench-ui 1.3x
 * slower on 2 cores for no shorter stall. */
static guint
max_processing (void)
{
  return (guint) MAX (1, g_get_num_processors ());
}

G_DEFINE_FINAL_TYPE (VigilMonitor, vigil_monitor, G_TYPE_OBJECT)

guint vigil_monitor_signals[N_SIGNALS];

static void
vigil_monitor_dispose (GObject *object)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, g_object_unref);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->network_handler)
    g_clear_signal_handler (&self->network_handler, self->network);
  G_OBJECT_CLASS (vigil_monitor_parent_class)->dispose (object);
}

static void
vigil_monitor_finalize (GObject *object)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  g_clear_pointer (&self->ingest, vigil_ingest_free);
  g_clear_pointer (&self->dispatch, vigil_alert_dispatch_free);
  g_clear_pointer (&self->rules_file, vigil_rules_file_free);
  g_clear_object (&self->store);
  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->gazetteer, vigil_gazetteer_unref);
  g_clear_object (&self->alerts);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->read_ended);
  g_clear_object (&self->sync);
  g_hash_table_unref (self->accounts);
  g_queue_clear_full (&self->backfills, (GDestroyNotify) vigil_alert_rule_unref);
  G_OBJECT_CLASS (vigil_monitor_parent_class)->finalize (object);
}

static void
vigil_monitor_class_init (VigilMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_monitor_dispose;
  object_class->finalize = vigil_monitor_finalize;

  /* (source) after each fetch, whatever its outcome; read the status from the store */
  vigil_monitor_signals[SIGNAL_SOURCE_UPDATED]
      = g_signal_new ("source-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, VIGIL_TYPE_SOURCE);
  /* (source_id, n_new) */
  vigil_monitor_signals[SIGNAL_ARTICLES_ADDED]
      = g_signal_new ("articles-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
  /* (article, GPtrArray of VigilAlertMatch*) for an article that newly matched rules */
  vigil_monitor_signals[SIGNAL_ALERT]
      = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, VIGIL_TYPE_ARTICLE, G_TYPE_PTR_ARRAY);
  /* (done, total) */
  vigil_monitor_signals[SIGNAL_REFRESH_PROGRESS]
      = g_signal_new ("refresh-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  vigil_monitor_signals[SIGNAL_REFRESH_FINISHED]
      = g_signal_new ("refresh-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 0);
  /* (rule name, matches folded since the window began) when a rule's alerts
   * were throttled */
  vigil_monitor_signals[SIGNAL_ALERT_SUMMARY]
      = g_signal_new ("alert-summary", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /* (rule name, reason) when an alert could not be posted after all retries */
  vigil_monitor_signals[SIGNAL_WEBHOOK_FAILED]
      = g_signal_new ("webhook-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* The rules in force were replaced (saved from the editor). */
  vigil_monitor_signals[SIGNAL_RULES_CHANGED]
      = g_signal_new ("rules-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  /* (n_articles, n_stories) articles that matched rules but are not news
   * (see vigil_monitor_set_max_age), and the stories they are in: recorded,
   * not notified; once a refresh ends, or at once for a source read on its
   * own. */
  vigil_monitor_signals[SIGNAL_BACKLOG_MATCHED]
      = g_signal_new ("backlog-matched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* (account_id, error message or NULL) after a scheduled or requested sync
   * of a sync account; the account's row in the store says the same. */
  vigil_monitor_signals[SIGNAL_ACCOUNT_SYNCED]
      = g_signal_new ("account-synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /* (rule name, n_matched) once a saved rule's matches among the stored
   * articles are recorded as quiet alerts (vigil_monitor_save_rules). */
  vigil_monitor_signals[SIGNAL_RULE_BACKFILLED]
      = g_signal_new ("rule-backfilled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

static void
vigil_monitor_init (VigilMonitor *self)
{
  g_queue_init (&self->queue);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->read_ended = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->dispatch = vigil_alert_dispatch_new (G_OBJECT (self));
  self->cancellable = g_cancellable_new ();
  self->default_interval = 10;
  self->accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* Sources that an earlier run was reading when it ended without finishing
 * (a crash, kill -9): said so in their error. */
static void
release_dead_readers (VigilMonitor *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = vigil_store_release_dead_readers (self->store, &error);

  if (ids == NULL)
    {
      g_warning ("Could not check for interrupted reads: %s", error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (VigilSource) source
          = vigil_store_get_source (self->store, g_array_index (ids, gint64, i), NULL);
      if (source == NULL)
        continue;
      g_free (source->error);
      source->error = g_strdup (
          source->interrupted >= VIGIL_SOURCE_QUARANTINED
              ? _ ("Vigil stopped while reading this source alone; it is skipped until you "
                   "refresh it")
              : _ ("Vigil stopped while reading this source; it will be read again"));
      source->status = VIGIL_SOURCE_STATUS_ERROR;
      vigil_store_update_source (self->store, source, NULL);
    }
}

VigilMonitor *
vigil_monitor_new (VigilStore *store, GError **error)
{
  g_autoptr (VigilMonitor) self = g_object_new (VIGIL_TYPE_MONITOR, NULL);

  self->store = g_object_ref (store);
  self->fetcher = vigil_fetcher_new ();
  /* GIO's choice (netlink, NetworkManager or the portal) made now, from the
   * desktop the program starts in, not later when the monitor starts. */
  self->network = g_network_monitor_get_default ();
  /* Read at its first use or once the monitor starts, in a thread: not
   * before the window's first frame. */
  self->gazetteer = vigil_gazetteer_new_default_lazy ();
  self->alerts = vigil_alert_engine_new ();
  vigil_alert_engine_set_gazetteer (self->alerts, self->gazetteer);
  if (!vigil_alert_engine_load_default_rules (self->alerts, error))
    return NULL;
  self->rules_file = vigil_rules_file_load (self->alerts);
  self->ingest = vigil_ingest_new (self->store, self->gazetteer, self->alerts);
  release_dead_readers (self);
  return g_steal_pointer (&self);
}

char *
vigil_monitor_rules_path (void)
{
  return vigil_rules_file_path ();
}

GPtrArray *
vigil_monitor_get_rules_problems (VigilMonitor *self)
{
  return self->rules_file->problems;
}

char *
vigil_monitor_dup_rules_save_path (VigilMonitor *self)
{
  return g_strdup (self->rules_file->save_path);
}

gboolean
vigil_monitor_save_rules (VigilMonitor *self, GPtrArray *rules, GError **error)
{
  g_autoptr (GPtrArray) before = vigil_alert_engine_dup_rules (self->alerts);
  g_autoptr (GPtrArray) changed = NULL;

  if (!vigil_rules_file_save (self->rules_file, self->alerts, rules, error))
    return FALSE;
  g_signal_emit (self, vigil_monitor_signals[SIGNAL_RULES_CHANGED], 0);
  /* A new rule's view lists what it matches among the articles stored
   * already; an edited one's, what it matches now. */
  changed = vigil_rule_backfill_changed (before, rules);
  vigil_monitor_backfill_rules (self, changed);
  return TRUE;
}

VigilStore *
vigil_monitor_get_store (VigilMonitor *self)
{
  return self->store;
}

VigilGazetteer *
vigil_monitor_get_gazetteer (VigilMonitor *self)
{
  return self->gazetteer;
}

VigilAlertEngine *
vigil_monitor_get_alert_engine (VigilMonitor *self)
{
  return self->alerts;
}

/* ---- one source: fetch on the main context, the worker step in a thread ---- */

typedef struct
{
  gint64 id;
  VigilSource *given;  /* the caller's, until the stored one is read */
  VigilSource *source; /* a private copy, the worker's */
  VigilFetchResult *fetched;
  GError *fetch_error;
  guint default_interval;
  gboolean alone; /* nothing else is being read (a suspect's second chance) */
  VigilIngestResult result;
  gboolean in_worker; /* counted in self->processing */
  gboolean queued;    /* a read of the queue (in self->pending), not one asked alone */
  guint generation;   /* self->generation when it started */
} RefreshData;

static void
refresh_data_free (RefreshData *d)
{
  g_clear_object (&d->given);
  g_clear_object (&d->source);
  vigil_fetch_result_free (d->fetched);
  g_clear_error (&d->fetch_error);
  vigil_ingest_result_clear (&d->result);
  g_free (d);
}

static void
process_in_thread (GTask *task, gpointer source_object, gpointer task_data,
                   GCancellable *cancellable)
{
  VigilMonitor *self = source_object;
  RefreshData *d = task_data;

  vigil_ingest_fetched (self->ingest, d->source, d->fetched, d->fetch_error, d->alone,
                        d->default_interval, &d->result);
  g_task_return_boolean (task, TRUE);
}

/* Takes task: processed now, or once a worker is free. */
static void
process (VigilMonitor *self, GTask *task)
{
  if (self->processing >= max_processing ())
    {
      g_queue_push_tail (&self->to_process, task);
      return;
    }
  self->processing++;
  ((RefreshData *) g_task_get_task_data (task))->in_worker = TRUE;
  g_task_run_in_thread (task, process_in_thread);
  g_object_unref (task);
}

static void
fetched_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  RefreshData *d = g_task_get_task_data (task);

  d->fetched = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), res, &d->fetch_error);
  if (d->fetch_error && g_error_matches (d->fetch_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&d->fetch_error));
      g_object_unref (task);
      return;
    }
  process (g_task_get_source_object (task), task);
}

void
vigil_monitor_emit_added (VigilMonitor *self, gint64 source_id, VigilIngestResult *result)
{
  GArray *outer = self->added; /* an emission within a handler of another */

  self->added = result->ids;
  g_signal_emit (self, vigil_monitor_signals[SIGNAL_ARTICLES_ADDED], 0, source_id, result->n_new);
  self->added = outer;
}

const gint64 *
vigil_monitor_get_added (VigilMonitor *self, guint *n_ids)
{
  g_return_val_if_fail (VIGIL_IS_MONITOR (self), NULL);
  *n_ids = self->added != NULL ? self->added->len : 0;
  return self->added != NULL ? (const gint64 *) self->added->data : NULL;
}

/* Alerts the store recorded as new: to the dispatch (on the main context). */
void
vigil_monitor_deliver_alerts (VigilMonitor *self, GPtrArray *hits)
{
  vigil_alert_dispatch_deliver (self->dispatch, hits, self->cancellable);
  /* A source read on its own (just added) is announced at once; a refresh's
   * sources together when it ends. */
  if (!self->refreshing)
    vigil_alert_dispatch_announce_backlog (self->dispatch);
}

static void
processed_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  /* Runs on the caller's main context: emit what the worker found. */
  GTask *inner = G_TASK (res);
  g_autoptr (GTask) outer = user_data;
  VigilMonitor *self = VIGIL_MONITOR (object);
  RefreshData *d = g_task_get_task_data (inner);
  GError *error = NULL;

  /* A worker is free for the next fetched feed. */
  if (d->in_worker)
    {
      self->processing--;
      /* The next fetched feed, unless its refresh was stopped meanwhile:
       * after Stop the queued feeds are dropped, not parsed one by one
       * (a dropped one frees no worker, so the next is looked at too). */
      while (self->processing < max_processing () && !g_queue_is_empty (&self->to_process))
        {
          GTask *next = g_queue_pop_head (&self->to_process);
          if (g_task_return_error_if_cancelled (next))
            g_object_unref (next);
          else
            process (self, next);
        }
    }
  if (!g_task_propagate_boolean (inner, &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  /* Only the queue's own read takes the source out of pending: a read asked
   * alone (Retry) while the queue has it, or one the queue started before a
   * Stop (pending was emptied, and may hold a new read of it), leaves it. */
  if (d->queued && d->generation == self->generation)
    g_hash_table_remove (self->pending, &d->id);
  {
    gint64 *key = g_new (gint64, 1);
    guint64 *seq = g_new (guint64, 1);
    *key = d->id;
    *seq = ++self->reads_ended;
    g_hash_table_replace (self->read_ended, key, seq);
  }
  g_signal_emit (self, vigil_monitor_signals[SIGNAL_SOURCE_UPDATED], 0, d->source);
  if (d->result.n_new > 0)
    vigil_monitor_emit_added (self, d->source->id, &d->result);
  if (d->result.hits)
    vigil_monitor_deliver_alerts (self, d->result.hits);
  if (d->source->status == VIGIL_SOURCE_STATUS_ERROR)
    g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", d->source->error);
  else
    g_task_return_int (outer, d->result.n_new);
}

/* In a worker: the source as stored now (its address, its validators), read
 * off the main thread (hundreds of reads in a refresh, each counting the
 * source's unread articles). */
static void
read_source_in_thread (GTask *task, gpointer source_object, gpointer task_data,
                       GCancellable *cancellable)
{
  VigilMonitor *self = source_object;
  VigilSource *source = vigil_store_get_source (self->store, *(gint64 *) task_data, NULL);

  if (source != NULL)
    g_task_return_pointer (task, source, g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such source");
}

static void
source_read (GObject *object, GAsyncResult *res, gpointer user_data)
{
  GTask *inner = user_data;
  VigilMonitor *self = VIGIL_MONITOR (object);
  RefreshData *d = g_task_get_task_data (inner);
  g_autoptr (GError) error = NULL;
  VigilSource *source = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (inner, g_steal_pointer (&error));
      g_object_unref (inner);
      return;
    }
  /* The worker updates a private copy of the source; the caller's object is
   * untouched (and read as given when the store no longer has it). */
  if (source != NULL)
    g_set_object (&d->source, source);
  g_clear_object (&source);
  if (d->source == NULL)
    d->source = g_object_ref (d->given);
  g_clear_object (&d->given);
  vigil_fetcher_fetch_async (self->fetcher, d->source->url, d->source->etag,
                             d->source->last_modified, g_task_get_cancellable (inner), fetched_cb,
                             inner);
}

static void
refresh_source (VigilMonitor *self, VigilSource *source, gboolean alone, gboolean queued,
                GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  GTask *inner = g_task_new (self, cancellable, processed_cb, outer);
  RefreshData *d = g_new0 (RefreshData, 1);

  d->alone = alone;
  d->queued = queued;
  d->generation = self->generation;
  d->default_interval = self->default_interval;
  d->id = source->id;
  d->given = g_object_ref (source);
  g_task_set_task_data (inner, d, (GDestroyNotify) refresh_data_free);
  vigil_task_run_in_thread (self, NULL, g_memdup2 (&source->id, sizeof source->id), g_free,
                            read_source_in_thread, cancellable, source_read, inner);
}

void
vigil_monitor_refresh_source_async (VigilMonitor *self, VigilSource *source,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  /* A sync account's source is its server's to read: the account is synced. */
  if (source->account_id != VIGIL_ACCOUNT_LOCAL)
    {
      g_task_report_new_error (self, callback, user_data, vigil_monitor_refresh_source_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _ ("This source is read by its sync server: sync its account "
                                  "to refresh it"));
      return;
    }
  refresh_source (self, source, FALSE, FALSE, cancellable, callback, user_data);
}

gssize
vigil_monitor_refresh_source_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- articles stored without an alert evaluation ---- */

/* Articles another program stored without judging them: see
 * vigil_ingest_evaluate_unjudged. */
static void
evaluate_backlog_in_thread (GTask *task, gpointer source_object, gpointer task_data,
                            GCancellable *cancellable)
{
  VigilMonitor *self = source_object;

  g_task_return_pointer (task, vigil_ingest_evaluate_unjudged (self->ingest, cancellable),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void start_next (VigilMonitor *self);

static void
backlog_evaluated (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  g_autoptr (GPtrArray) hits = g_task_propagate_pointer (G_TASK (result), NULL);

  self->evaluating = FALSE;
  if (hits)
    vigil_monitor_deliver_alerts (self, hits);
  start_next (self);
}

static void
evaluate_backlog (VigilMonitor *self)
{
  if (self->backlog_checked)
    return;
  self->backlog_checked = TRUE;
  self->evaluating = TRUE;
  vigil_task_run_in_thread (self, NULL, NULL, NULL, evaluate_backlog_in_thread, self->cancellable,
                            backlog_evaluated, NULL);
}

/* ---- the queue: refresh all, and the scheduler ---- */

static void after_refresh_done (GObject *object, GAsyncResult *result, gpointer user_data);

static void
one_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  g_autoptr (GError) error = NULL;

  vigil_monitor_refresh_source_finish (self, res, &error);
  self->running--;
  self->reading_alone = FALSE;
  self->done++;
  g_signal_emit (self, vigil_monitor_signals[SIGNAL_REFRESH_PROGRESS], 0, self->done, self->total);
  start_next (self);
}

/* After a refresh: index what arrived, then apply the retention. */
static void
after_refresh_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilMonitor *self = source;
  guint days = GPOINTER_TO_UINT (data);
  g_autoptr (GError) error = NULL;

  vigil_ingest_yield_to_ui ();
  if (vigil_store_index_pending (self->store, &error) < 0)
    g_warning ("Could not index new articles: %s", error->message);
  g_clear_error (&error);
  if (days > 0 && vigil_store_prune (self->store, days, &error) < 0)
    g_warning ("Could not delete old articles: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
start_next (VigilMonitor *self)
{
  while (self->running < MAX_PARALLEL_FETCHES && !g_queue_is_empty (&self->queue)
         && !self->reading_alone)
    {
      VigilSource *head = g_queue_peek_head (&self->queue);
      g_autoptr (VigilSource) source = NULL;

      /* A source whose last read never finished is read with nothing beside
       * it: if it brings Vigil down again, the next start knows it was this one. */
      if (head->interrupted > 0 && self->running > 0)
        break;
      source = g_queue_pop_head (&self->queue);
      self->reading_alone = source->interrupted > 0;
      self->running++;
      refresh_source (self, source, self->reading_alone, TRUE, self->cancellable, one_done, NULL);
    }
  if (self->running == 0 && g_queue_is_empty (&self->queue) && self->refreshing && !self->finishing
      && !self->evaluating)
    {
      /* refresh-finished means indexed (searchable) and pruned too. */
      self->finishing = TRUE;
      vigil_task_run_in_thread (self, NULL, GUINT_TO_POINTER (self->retention_days), NULL,
                                after_refresh_in_thread, NULL, after_refresh_done, NULL);
    }
}

static void
after_refresh_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  self->finishing = FALSE;
  if (self->running == 0 && g_queue_is_empty (&self->queue))
    {
      self->refreshing = FALSE;
      vigil_alert_dispatch_announce_backlog (self->dispatch);
      g_signal_emit (self, vigil_monitor_signals[SIGNAL_REFRESH_FINISHED], 0);
    }
  else
    start_next (self);
}

static void
enqueue (VigilMonitor *self, VigilSource *source)
{
  gint64 *key;

  if (g_hash_table_contains (self->pending, &source->id))
    return;
  key = g_new (gint64, 1);
  *key = source->id;
  g_hash_table_add (self->pending, key);
  if (!self->refreshing)
    {
      self->refreshing = TRUE;
      self->done = 0;
      self->total = 0;
    }
  if (source->interrupted > 0)
    g_queue_push_head (&self->queue, g_object_ref (source)); /* suspects first */
  else
    g_queue_push_tail (&self->queue, g_object_ref (source));
  self->total++;
}

/* The sources a refresh reads (every enabled one of Vigil's own, or only
 * those due by now): read in any thread. A sync account's sources are read
 * by its server (vigil-sync); a quarantined one waits for the desk. */
static GPtrArray *
sources_to_refresh (VigilStore *store, gboolean only_due, gint64 now)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);
  GPtrArray *wanted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      if (s->enabled && s->interrupted < VIGIL_SOURCE_QUARANTINED
          && s->account_id == VIGIL_ACCOUNT_LOCAL && (!only_due || s->next_attempt <= now))
        g_ptr_array_add (wanted, g_object_ref (s));
    }
  return wanted;
}

/* Queues the listed sources (and syncs the accounts: all on Refresh, the due
 * ones on the schedule's ticks). */
static void
refresh_listed (VigilMonitor *self, gboolean only_due, GPtrArray *wanted)
{
  guint before = self->total;

  evaluate_backlog (self);
  vigil_monitor_sync_accounts (self, only_due);
  for (guint i = 0; i < wanted->len; i++)
    enqueue (self, g_ptr_array_index (wanted, i));
  if (self->total > before || !only_due)
    g_signal_emit (self, vigil_monitor_signals[SIGNAL_REFRESH_PROGRESS], 0, self->done,
                   self->total);
  start_next (self);
}

static void
refresh_where (VigilMonitor *self, gboolean only_due)
{
  g_autoptr (GPtrArray) wanted
      = sources_to_refresh (self->store, only_due, g_get_real_time () / G_USEC_PER_SEC);

  refresh_listed (self, only_due, wanted);
}

void
vigil_monitor_refresh_all (VigilMonitor *self)
{
  refresh_where (self, FALSE);
}

void
vigil_monitor_refresh_due (VigilMonitor *self)
{
  refresh_where (self, TRUE);
}

typedef struct
{
  gboolean only_due;
  guint64 reads_ended; /* self->reads_ended when the listing began */
} Listing;

static void
list_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  VigilMonitor *self = source_object;
  Listing *listing = task_data;

  g_task_return_pointer (
      task,
      sources_to_refresh (self->store, listing->only_due, g_get_real_time () / G_USEC_PER_SEC),
      (GDestroyNotify) g_ptr_array_unref);
}

static void
listed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  g_autoptr (GPtrArray) wanted = g_task_propagate_pointer (G_TASK (result), NULL);
  Listing *listing = g_task_get_task_data (G_TASK (result));

  self->listing--;
  /* NULL: stopped (vigil_monitor_cancel) while listing. */
  if (wanted == NULL)
    return;
  /* A source found due whose read ended while the list was being read is
   * due no more: its read set its next attempt (it was read twice in a
   * refresh of 500 sources). */
  if (listing->only_due)
    for (guint i = wanted->len; i-- > 0;)
      {
        VigilSource *s = g_ptr_array_index (wanted, i);
        guint64 *ended = g_hash_table_lookup (self->read_ended, &s->id);
        if (ended != NULL && *ended > listing->reads_ended)
          g_ptr_array_remove_index (wanted, i);
      }
  refresh_listed (self, listing->only_due, wanted);
}

void
vigil_monitor_request_refresh (VigilMonitor *self, gboolean only_due)
{
  Listing *listing;

  g_return_if_fail (VIGIL_IS_MONITOR (self));
  self->listing++;
  listing = g_new (Listing, 1);
  listing->only_due = only_due;
  listing->reads_ended = self->reads_ended;
  vigil_task_run_in_thread (self, vigil_monitor_request_refresh, listing, g_free, list_in_thread,
                            self->cancellable, listed, NULL);
}

static gboolean
tick (gpointer data)
{
  VigilMonitor *self = data;

  /* Offline: scheduled refreshes wait for the network to come back. */
  if (g_network_monitor_get_network_available (self->network))
    vigil_monitor_request_refresh (self, TRUE);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed (GNetworkMonitor *network, gboolean available, VigilMonitor *self)
{
  if (available)
    vigil_monitor_request_refresh (self, TRUE);
}

void
vigil_monitor_start (VigilMonitor *self)
{
  if (self->tick_id != 0)
    return;
  vigil_gazetteer_preload (self->gazetteer);
  self->network_handler
      = g_signal_connect (self->network, "network-changed", G_CALLBACK (on_network_changed), self);
  self->tick_id = g_timeout_add_seconds (15, tick, self);
}

void
vigil_monitor_set_default_interval (VigilMonitor *self, guint minutes)
{
  self->default_interval = MAX (1, minutes);
}

void
vigil_monitor_set_throttle (VigilMonitor *self, guint count, guint minutes)
{
  vigil_alert_dispatch_set_throttle (self->dispatch, count, minutes);
}

void
vigil_monitor_set_max_age (VigilMonitor *self, guint hours)
{
  vigil_ingest_set_max_age (self->ingest, hours);
}

void
vigil_monitor_set_clock (VigilMonitor *self, VigilMonitorClock clock, gpointer user_data)
{
  vigil_alert_dispatch_set_clock (self->dispatch, clock, user_data);
}

void
vigil_monitor_set_retention_days (VigilMonitor *self, guint days)
{
  self->retention_days = days;
}

VigilFetcher *
vigil_monitor_get_fetcher (VigilMonitor *self)
{
  return self->fetcher;
}

gboolean
vigil_monitor_is_refreshing (VigilMonitor *self)
{
  return self->refreshing || self->listing > 0;
}

/* Stop: the queue emptied, the reads under way (and a listing of sources,
 * vigil_monitor_request_refresh) called off. The reads under way still end,
 * each counted as done, so the progress ends at its total. Nothing of the
 * stopped refresh stays pending: the next Refresh reads every source again. */
void
vigil_monitor_cancel (VigilMonitor *self)
{
  g_queue_clear_full (&self->queue, g_object_unref);
  g_hash_table_remove_all (self->pending);
  self->generation++;
  self->total = self->done + self->running;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

guint
vigil_monitor_get_analysis_count (VigilMonitor *self)
{
  return vigil_ingest_get_analysis_count (self->ingest);
}

VigilWebhook *
vigil_monitor_get_webhook (VigilMonitor *self)
{
  return vigil_alert_dispatch_get_webhook (self->dispatch);
}
