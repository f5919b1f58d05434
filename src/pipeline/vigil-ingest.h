/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-ingest.h — the worker step: parse, analyse once, file in stories, store, judge */
#pragma once

#include "vigil-alert-dispatch.h"
#include "vigil-alert-engine.h"
#include "vigil-fetcher.h"
#include "vigil-gazetteer.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* What the pipeline's workers share: the store, the analysis, the rules and
 * the stories of the last days (the clusterer). Every function but new, free
 * and the setters may run in any thread, several at once. */
typedef struct _VigilIngest VigilIngest;

/* What one step stored and found. */
typedef struct
{
  guint n_new;     /* articles stored */
  GArray *ids;     /* gint64: their ids (n_new of them); NULL: none */
  GPtrArray *hits; /* VigilAlertHit*: alerts the store recorded as new; NULL: none */
} VigilIngestResult;

void vigil_ingest_result_clear (VigilIngestResult *result);

VigilIngest *vigil_ingest_new (VigilStore *store, VigilGazetteer *gazetteer,
                               VigilAlertEngine *alerts);
void vigil_ingest_free (VigilIngest *self);
/* Articles older than hours are not news (vigil_monitor_set_max_age). */
void vigil_ingest_set_max_age (VigilIngest *self, guint hours);
/* How many times an article was analysed (vigil_analyze) since new. */
guint vigil_ingest_get_analysis_count (VigilIngest *self);

/* Lowers the calling worker thread's priority below the window's. */
void vigil_ingest_yield_to_ui (void);

/* Analyses an article in place: score, level, language, annotations, entity
 * names, SimHash. */
void vigil_ingest_analyze_article (VigilIngest *self, VigilArticle *article);

/* The step for one fetched source (fetched, or fetch_error): parse, then
 * vigil_ingest_items; source (a private copy) gets its status, error,
 * schedule (default_interval: minutes) and, after a permanent redirect, its
 * new address, and is written to the store. alone: nothing else is being read. */
void vigil_ingest_fetched (VigilIngest *self, VigilSource *source, VigilFetchResult *fetched,
                           const GError *fetch_error, gboolean alone, guint default_interval,
                           VigilIngestResult *result);
/* The items of a source that are not stored yet, analysed once, filed in
 * their stories, judged by the alert rules and stored with their alerts in
 * one transaction; for fetched feeds and a sync server's items alike.
 * first_fetch 0: the source's first read, where nothing is news; now: unix
 * seconds. */
gboolean vigil_ingest_items (VigilIngest *self, VigilSource *source, GPtrArray *items,
                             gint64 first_fetch, gint64 now, VigilIngestResult *result,
                             GError **error);
/* Articles stored without an alert evaluation (by another program), judged
 * once; returns their new alerts (VigilAlertHit*). */
GPtrArray *vigil_ingest_evaluate_unjudged (VigilIngest *self, GCancellable *cancellable);
/* Reader mode: stores html as the full content of an article, analyses it
 * again on it and records the alerts of the rules it now matches; *out_hit:
 * those to notify when notify is set (else NULL). Returns the stored article. */
VigilArticle *vigil_ingest_full_content (VigilIngest *self, gint64 article_id, const char *html,
                                         gboolean notify, VigilAlertHit **out_hit, GError **error);
/* The article becomes a story of its own (vigil_monitor_separate_from_story_async). */
gboolean vigil_ingest_separate (VigilIngest *self, gint64 article_id, GError **error);

G_END_DECLS
