/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-monitor-sync.c — the monitor's sync accounts: their schedule and their items */
#include "config.h"

#include "vigil-monitor-internal.h"

#include "vigil-schedule.h"

/* ---- a sync server's items ---- */

typedef struct
{
  GWeakRef monitor; /* the monitor holds the sync: no cycle */
  GMainContext *context;
} SyncHook;

typedef struct
{
  VigilMonitor *self;
  gint64 source_id;
  VigilIngestResult result;
} SyncDelivery;

static void
sync_hook_free (SyncHook *hook)
{
  g_weak_ref_clear (&hook->monitor);
  g_main_context_unref (hook->context);
  g_free (hook);
}

static void
sync_delivery_free (SyncDelivery *d)
{
  g_object_unref (d->self);
  vigil_ingest_result_clear (&d->result);
  g_free (d);
}

static gboolean
deliver_synced (gpointer data)
{
  SyncDelivery *d = data;

  if (d->result.n_new > 0)
    vigil_monitor_emit_added (d->self, d->source_id, &d->result);
  /* The backlog is announced once, when the sync ends (sync_ended). */
  if (d->result.hits)
    vigil_alert_dispatch_deliver (d->self->dispatch, d->result.hits, d->self->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
sync_ended (gpointer self)
{
  vigil_alert_dispatch_announce_backlog (((VigilMonitor *) self)->dispatch);
  return G_SOURCE_REMOVE;
}

static gboolean
sync_ingest (VigilSource *source, GPtrArray *articles, gboolean first_read, guint *out_new,
             gpointer user_data, GError **error)
{
  SyncHook *hook = user_data;
  VigilMonitor *self = g_weak_ref_get (&hook->monitor);
  SyncDelivery *d;

  if (self == NULL)
    {
      /* Vigil is closing: the sync stops, what it stored stays. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The monitor is gone");
      return FALSE;
    }
  if (source == NULL)
    {
      g_main_context_invoke_full (hook->context, G_PRIORITY_DEFAULT, sync_ended, self,
                                  g_object_unref);
      return TRUE;
    }
  d = g_new0 (SyncDelivery, 1);
  vigil_ingest_yield_to_ui ();
  d->self = self;
  d->source_id = source->id;
  if (!vigil_ingest_items (self->ingest, source, articles, first_read ? 0 : source->first_fetch,
                           g_get_real_time () / G_USEC_PER_SEC, &d->result, error))
    {
      sync_delivery_free (d);
      return FALSE;
    }
  *out_new = d->result.n_new;
  g_main_context_invoke_full (hook->context, G_PRIORITY_DEFAULT, deliver_synced, d,
                              (GDestroyNotify) sync_delivery_free);
  return TRUE;
}

void
vigil_monitor_attach_sync (VigilMonitor *self, VigilSync *sync)
{
  SyncHook *hook = g_new0 (SyncHook, 1);

  g_weak_ref_init (&hook->monitor, self);
  hook->context = g_main_context_ref_thread_default ();
  vigil_sync_set_ingest_func (sync, sync_ingest, hook, (GDestroyNotify) sync_hook_free);
  g_set_object (&self->sync, sync);
}

typedef struct
{
  VigilMonitor *self;
  gint64 account_id;
} AccountRun;

static void
account_synced (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AccountRun *run = user_data;
  VigilMonitor *self = run->self;
  AccountSchedule *sched = g_hash_table_lookup (self->accounts, &run->account_id);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double delay;

  vigil_sync_run_finish (VIGIL_SYNC (object), result, NULL, &error);
  if (sched != NULL)
    {
      sched->running = FALSE;
      /* As for a source: its interval after a success, exponential back-off
       * (1 min doubling to 6 h, with jitter) while the server fails. */
      if (error == NULL)
        {
          sched->failures = 0;
          delay = self->default_interval * 60.0 * g_random_double_range (0.9, 1.1);
        }
      else
        {
          sched->failures++;
          delay = vigil_schedule_backoff (sched->failures);
        }
      sched->next_attempt = now + (gint64) delay;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, vigil_monitor_signals[SIGNAL_ACCOUNT_SYNCED], 0, run->account_id,
                   error ? error->message : NULL);
  g_object_unref (self);
  g_free (run);
}

/* The sync accounts whose password the engine has (the application gives
 * it from the keyring), all or those due; only_id: that one alone (0: any). */
static void
sync_accounts_full (VigilMonitor *self, gboolean only_due, gint64 only_id)
{
  g_autoptr (GPtrArray) accounts = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (self->sync == NULL)
    return;
  accounts = vigil_store_list_accounts (self->store, NULL);
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      AccountSchedule *sched;
      AccountRun *run;

      if (g_strcmp0 (a->kind, "greader") != 0 || !vigil_sync_has_password (self->sync, a->id)
          || (only_id != 0 && a->id != only_id))
        continue;
      sched = g_hash_table_lookup (self->accounts, &a->id);
      if (sched == NULL)
        {
          sched = g_new0 (AccountSchedule, 1);
          g_hash_table_insert (self->accounts, g_memdup2 (&a->id, sizeof a->id), sched);
        }
      if (sched->running || (only_due && sched->next_attempt > now))
        continue;
      sched->running = TRUE;
      run = g_new0 (AccountRun, 1);
      run->self = g_object_ref (self);
      run->account_id = a->id;
      vigil_sync_run_async (self->sync, a->id, self->cancellable, account_synced, run);
    }
}

void
vigil_monitor_sync_accounts (VigilMonitor *self, gboolean only_due)
{
  sync_accounts_full (self, only_due, 0);
}

void
vigil_monitor_sync_account (VigilMonitor *self, gint64 account_id)
{
  g_return_if_fail (VIGIL_IS_MONITOR (self));
  sync_accounts_full (self, FALSE, account_id);
}

VigilSync *
vigil_monitor_get_sync (VigilMonitor *self)
{
  return self->sync;
}

gboolean
vigil_monitor_is_syncing (VigilMonitor *self, gint64 account_id)
{
  AccountSchedule *sched = g_hash_table_lookup (self->accounts, &account_id);
  return sched != NULL && sched->running;
}

gint64
vigil_monitor_get_account_next_sync (VigilMonitor *self, gint64 account_id)
{
  AccountSchedule *sched = g_hash_table_lookup (self->accounts, &account_id);
  return sched ? sched->next_attempt : 0;
}
