/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-monitor.h: the pipeline that keeps watch.
 *
 * source -> fetch -> parse -> analyse -> store -> alert rules. Fetching is async
 * (libsoup); parsing, analysis, the store transaction and rule evaluation run in
 * a worker thread, one transaction per feed, so the GTK main loop never waits.
 * Results come back as signals on the main context the monitor was created in.
 * Used by the window, `vigil-cli` and the tests alike.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alert-engine.h"
#include "vigil-fetcher.h"
#include "vigil-webhook.h"
#include "vigil-gazetteer.h"
#include "vigil-store.h"
#include "vigil-sync.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MONITOR (vigil_monitor_get_type ())
G_DECLARE_FINAL_TYPE (VigilMonitor, vigil_monitor, VIGIL, MONITOR, GObject)

VigilMonitor *vigil_monitor_new (VigilStore *store, GError **error);
VigilStore *vigil_monitor_get_store (VigilMonitor *self);
/* The name and place lists: read at their first use (which waits for them) or
 * in a thread from vigil_monitor_start() on, so that creating a monitor is quick. */
VigilGazetteer *vigil_monitor_get_gazetteer (VigilMonitor *self);
VigilAlertEngine *vigil_monitor_get_alert_engine (VigilMonitor *self);
/* The desk's rules file (in the user's config directory), read at start after
 * the shipped rules. */
char *vigil_monitor_rules_path (void);
/* What in that file did not load at start (VigilRulesProblem*, line by line;
 * line 0: the file could not be read at all); empty when it loaded whole. */
GPtrArray *vigil_monitor_get_rules_problems (VigilMonitor *self);
/* Where vigil_monitor_save_rules writes: the rules file, or, when it did not
 * load whole, a new file beside it (rules-2.tsv, or the first rules-N.tsv not
 * taken at start), so that nothing the desk wrote is lost by saving what was
 * read of it. */
char *vigil_monitor_dup_rules_save_path (VigilMonitor *self);
/* Saves rules (the whole set, as the rule editor has them) to that file and
 * puts them in force at once. On error nothing changes. The rules that are
 * new, or whose query or scope changed, are then evaluated on the stored
 * articles off the calling thread (vigil-rule-backfill.h): their matches are
 * recorded as quiet alerts (listed in the rule's view, never notified), those
 * that no longer match are dropped, and rule-backfilled (rule name, n_matched)
 * is emitted for each rule. */
gboolean vigil_monitor_save_rules (VigilMonitor *self, GPtrArray *rules, GError **error);

/* Subscribes to the sources of an OPML document that are web addresses
 * (vigil_url_for_subscription); returns how many were subscribed to. refused
 * (may be NULL) is set to one message per outline left out, naming it by its
 * title and saying why; an empty list when none was. */
guint vigil_monitor_import_opml (VigilMonitor *self, const char *data, gsize length, GStrv *refused,
                                 GError **error);
/* The subscription list as OPML 2.0 (folders nested). */
char *vigil_monitor_export_opml (VigilMonitor *self, GError **error);
/* Subscribes to url: a feed, or a web page whose <link rel="alternate"> names
 * one (the first is taken). Only web addresses are taken (feed: and the like
 * rewritten, "example.org/feed" means https://). The feed is fetched and
 * parsed (in a worker thread) before it is added; the result is the stored source. */
/* A source the desk had subscribed to already comes back with this object
 * data set (nothing is added or changed). */
#define VIGIL_SOURCE_ALREADY_SUBSCRIBED "vigil-already-subscribed"
void vigil_monitor_add_source_async (VigilMonitor *self, const char *url, const char *folder,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
VigilSource *vigil_monitor_add_source_finish (VigilMonitor *self, GAsyncResult *result,
                                              GError **error);
/* On first start (no sources yet): the bundled demo sources and, if
 * with_default_sources, the public desk sources. Returns TRUE if it seeded. */
gboolean vigil_monitor_seed (VigilMonitor *self, gboolean with_default_sources, GError **error);

/* The desk says an article is about another event than the rest of its
 * story: it becomes a story of its own, in the store and for the reports to
 * come (vigil_store_separate_from_story), off the calling thread. */
void vigil_monitor_separate_from_story_async (VigilMonitor *self, gint64 article_id,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
gboolean vigil_monitor_separate_from_story_finish (VigilMonitor *self, GAsyncResult *result,
                                                   GError **error);

/* Analyses article in place: score and level. */
void vigil_monitor_analyze_article (VigilMonitor *self, VigilArticle *article);

/* Reader mode: html (sanitised) is the full article of the stored article
 * article_id, as found in its web page. It is stored, the article analysed
 * again on it and judged by the alert rules on it, off the calling thread;
 * alerts are recorded (once per story, as for new articles). notify: they
 * are also notified, throttled and posted to webhooks like a new article's
 * (unless it is not news: its source's first read, too old, a demo), for a
 * full article fetched as its article arrived; not for one the desk asked
 * for while reading. The result is the stored article as it now is
 * (full_content set). */
void vigil_monitor_set_full_content_async (VigilMonitor *self, gint64 article_id, const char *html,
                                           gboolean notify, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
VigilArticle *vigil_monitor_set_full_content_finish (VigilMonitor *self, GAsyncResult *result,
                                                     GError **error);

/* Fetches and ingests one source; the result is the number of new articles. */
void vigil_monitor_refresh_source_async (VigilMonitor *self, VigilSource *source,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
gssize vigil_monitor_refresh_source_finish (VigilMonitor *self, GAsyncResult *result,
                                            GError **error);

/* Queues every enabled source (refresh_all) or those whose next attempt is
 * due (refresh_due); a few run at a time. Emits refresh-progress and, when the
 * queue is empty, refresh-finished (after which old articles are pruned when a
 * retention is set). A source already queued is not queued twice. */
void vigil_monitor_refresh_all (VigilMonitor *self);
void vigil_monitor_refresh_due (VigilMonitor *self);
/* The same (only_due: refresh_due), the sources listed in a worker instead of
 * on the calling thread (a window's: the list counts every source's unread
 * articles); is_refreshing is TRUE from now on. A Stop while they are listed
 * queues nothing. */
void vigil_monitor_request_refresh (VigilMonitor *self, gboolean only_due);
/* Starts the scheduler: due sources are refreshed every 15 s check while
 * GNetworkMonitor says the network is available, and at once when it returns.
 * The name and place lists (read lazily, see vigil_monitor_get_gazetteer) are
 * read from then on in a thread. */
void vigil_monitor_start (VigilMonitor *self);
/* Minutes between refreshes for sources without their own interval (>= 1). */
void vigil_monitor_set_default_interval (VigilMonitor *self, guint minutes);
void vigil_monitor_set_retention_days (VigilMonitor *self, guint days);
/* At most count new alerts per rule in minutes (default 5 in 10); the rest are
 * announced by the alert-summary signal. */
void vigil_monitor_set_throttle (VigilMonitor *self, guint count, guint minutes);
/* Articles older than hours (default 24) are not news: they are stored,
 * listed and their alerts recorded, but they raise no notification, post to
 * no webhook and use no throttle budget (the backlog-matched signal counts
 * them). Neither do the articles of a source's first successful read (first
 * start, an OPML import, a source just added), those dated before it, nor
 * those of the demo sources. */
void vigil_monitor_set_max_age (VigilMonitor *self, guint hours);
/* Makes sync store a sync server's items through this monitor's pipeline
 * (analysis, stories, alert rules, as fetched articles): their alerts and
 * articles-added signals come on the main context of the calling thread. A
 * source's first sync notifies nothing (the backlog rule of a first read). */
void vigil_monitor_attach_sync (VigilMonitor *self, VigilSync *sync);
/* With a sync attached, refresh_all also syncs every sync account whose
 * password the engine has, and refresh_due (the schedule) those due: after a
 * success, the default interval later; after a failure, with back-off (1 min
 * doubling to 6 h). Each ends with the account-synced signal. When the next
 * scheduled sync of an account is (unix seconds; 0: not scheduled yet). */
gint64 vigil_monitor_get_account_next_sync (VigilMonitor *self, gint64 account_id);
/* Syncs that account now (Retry), when the engine has its password and it is
 * not syncing already; ends with account-synced like a scheduled sync. */
void vigil_monitor_sync_account (VigilMonitor *self, gint64 account_id);
/* Whether a sync of the account, started by the monitor, is running. */
gboolean vigil_monitor_is_syncing (VigilMonitor *self, gint64 account_id);
/* The attached engine, or NULL. */
VigilSync *vigil_monitor_get_sync (VigilMonitor *self);
VigilFetcher *vigil_monitor_get_fetcher (VigilMonitor *self);
VigilWebhook *vigil_monitor_get_webhook (VigilMonitor *self);
gboolean vigil_monitor_is_refreshing (VigilMonitor *self);
/* In a handler of articles-added: the ids of the articles it announces
 * (n_new of them, *n_ids), in the feed's order; NULL with 0 elsewhere. */
const gint64 *vigil_monitor_get_added (VigilMonitor *self, guint *n_ids);
void vigil_monitor_cancel (VigilMonitor *self);

G_END_DECLS
