/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-dispatch.h — story alerts, the throttle, notifications and webhooks */
#pragma once

#include "vigil-alert-engine.h"
#include "vigil-monitor-private.h"
#include "vigil-store.h"
#include "vigil-webhook.h"

G_BEGIN_DECLS

/* The alerts the store recorded as new for one stored article, as the worker
 * hands them to the main context. */
typedef struct
{
  VigilArticle *article;
  GPtrArray *matches; /* VigilAlertMatch*, with their story state */
  gboolean backlog;   /* not news: recorded, never notified (vigil_alert_is_backlog) */
} VigilAlertHit;

void vigil_alert_hit_free (VigilAlertHit *hit);
/* An empty list of VigilAlertHit* that frees them. */
GPtrArray *vigil_alert_hits_new (void);

/* In a worker thread. What the store records of each match
 * (VigilStoryAlert*, in the same order). */
GPtrArray *vigil_story_alerts_for (GPtrArray *matches);
/* What vigil_alert_hit_new reads of stories, kept for the hits of one batch. */
GHashTable *vigil_alert_stories_new (void);
/* The matches of a stored article that the store recorded as new (requests,
 * from vigil_story_alerts_for, after the store filled them in), with their
 * story state (and, unless backlog, the story's articles as it is now, read
 * once for all the hits given the same stories); NULL when there are none.
 * Takes the matches out of `matches`. */
VigilAlertHit *vigil_alert_hit_new (VigilStore *store, VigilArticle *article, GPtrArray *matches,
                                    GPtrArray *requests, gboolean backlog, GHashTable *stories);
/* Whether an article that matched rules is not news (see the function). */
gboolean vigil_alert_is_backlog (const char *source_url, gint64 first_fetch, gint64 time,
                                 gint64 now, guint max_age_hours);

/* On the main context: delivers hits for the monitor, as its signals
 * ("alert", "alert-summary", "webhook-failed", "backlog-matched"). */
typedef struct _VigilAlertDispatch VigilAlertDispatch;

VigilAlertDispatch *vigil_alert_dispatch_new (GObject *monitor);
void vigil_alert_dispatch_free (VigilAlertDispatch *self);
/* At most count new alerts per rule in minutes, for rules without their own limit. */
void vigil_alert_dispatch_set_throttle (VigilAlertDispatch *self, guint count, guint minutes);
/* The throttle's clock (NULL: g_get_monotonic_time). */
void vigil_alert_dispatch_set_clock (VigilAlertDispatch *self, VigilMonitorClock clock,
                                     gpointer user_data);
VigilWebhook *vigil_alert_dispatch_get_webhook (VigilAlertDispatch *self);
/* Alerts the store recorded as new (VigilAlertHit*): notified within the
 * rules' limits (the rest summed up per rule) and posted to the rules'
 * webhooks; the backlog counted for announce_backlog. */
void vigil_alert_dispatch_deliver (VigilAlertDispatch *self, GPtrArray *hits,
                                   GCancellable *cancellable);
/* Emits backlog-matched with the backlog counted since the last time, if any. */
void vigil_alert_dispatch_announce_backlog (VigilAlertDispatch *self);

G_END_DECLS
