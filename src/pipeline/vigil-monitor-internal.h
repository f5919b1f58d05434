/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-monitor-internal.h — the monitor's state, shared by vigil-monitor.c,
 * vigil-monitor-articles.c, vigil-monitor-sync.c and vigil-rule-backfill.c */
#pragma once

#include "vigil-monitor.h"

#include "vigil-alert-dispatch.h"
#include "vigil-ingest.h"
#include "vigil-rules-file.h"
#include "vigil-task.h"

G_BEGIN_DECLS

struct _VigilMonitor
{
  GObject parent_instance;
  VigilStore *store;
  VigilFetcher *fetcher;
  VigilGazetteer *gazetteer;
  VigilAlertEngine *alerts;
  VigilIngest *ingest;          /* the worker step */
  VigilAlertDispatch *dispatch; /* what the desk is told of alerts */
  VigilRulesFile *rules_file;   /* the desk's rules file, as read at start */
  GCancellable *cancellable;
  GQueue queue;        /* VigilSource* waiting for a slot */
  GHashTable *pending; /* source ids queued or running */
  guint generation;    /* Stops so far: a queued read started before the last
                        * one is no longer in pending (see vigil_monitor_cancel) */
  guint running;
  guint processing;  /* fetched feeds in a worker (see MAX_PROCESSING) */
  GQueue to_process; /* GTask*: fetched feeds waiting for a worker */
  guint done;
  guint total;
  gboolean refreshing;
  guint listing;          /* vigil_monitor_request_refresh: sources being listed */
  guint64 reads_ended;    /* reads of a source that ended so far */
  GHashTable *read_ended; /* source id -> reads_ended when its last read ended: a
                           * listing of due sources begun before is stale for it */
  gboolean finishing;     /* indexing and pruning after the queue drained */
  guint default_interval; /* minutes */
  guint retention_days;   /* 0: keep everything */
  guint tick_id;
  GNetworkMonitor *network;
  gulong network_handler;
  gboolean backlog_checked; /* articles stored without alert evaluation, looked for */
  gboolean evaluating;      /* ... and being evaluated */
  gboolean reading_alone;   /* a suspect source is being read, nothing else starts */
  VigilSync *sync;          /* the sync accounts' engine (vigil_monitor_attach_sync) */
  GHashTable *accounts;     /* account id -> AccountSchedule */
  GQueue backfills;         /* VigilAlertRule*: saved rules whose stored matches are looked for */
  gboolean backfilling;     /* ... one of them now, in a thread */
  GArray *added;            /* during articles-added: the ids it announces */
};

/* When a sync account is synced next: like a source's schedule, in memory. */
typedef struct
{
  guint failures;
  gint64 next_attempt; /* unix seconds */
  gboolean running;
} AccountSchedule;

enum
{
  SIGNAL_SOURCE_UPDATED,
  SIGNAL_ARTICLES_ADDED,
  SIGNAL_ALERT,
  SIGNAL_REFRESH_PROGRESS,
  SIGNAL_REFRESH_FINISHED,
  SIGNAL_ALERT_SUMMARY,
  SIGNAL_WEBHOOK_FAILED,
  SIGNAL_RULES_CHANGED,
  SIGNAL_BACKLOG_MATCHED,
  SIGNAL_ACCOUNT_SYNCED,
  SIGNAL_RULE_BACKFILLED,
  N_SIGNALS
};
extern guint vigil_monitor_signals[N_SIGNALS];

/* articles-added for what result stored, its ids given during the emission
 * (vigil_monitor_get_added). */
void vigil_monitor_emit_added (VigilMonitor *self, gint64 source_id, VigilIngestResult *result);
/* Alerts the store recorded as new (VigilAlertHit*), given to the dispatch
 * on the main context. */
void vigil_monitor_deliver_alerts (VigilMonitor *self, GPtrArray *hits);
/* vigil-monitor-sync.c: the sync accounts whose password the engine has,
 * all or only those due (refresh_all and refresh_due). */
void vigil_monitor_sync_accounts (VigilMonitor *self, gboolean only_due);
/* vigil-rule-backfill.c: the stored matches of these rules (VigilAlertRule*)
 * recorded as quiet alerts, one rule after another, each in a thread;
 * rule-backfilled says when each is done. */
void vigil_monitor_backfill_rules (VigilMonitor *self, GPtrArray *rules);

G_END_DECLS
