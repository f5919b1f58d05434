/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store.h — the article store (SQLite, WAL, FTS5): the public API
 *
 * Duplicates are rejected by unique keys. The implementation is split by
 * domain: vigil-store.c (open, migrations, connections, locks),
 * vigil-store-{sources,articles,ingest,search,alerts,facets,maintenance,sync,async,changed}.c;
 * vigil-store-private.h has the struct, the shared helpers and the test-only
 * calls.
 *
 * Threading contract. Every call may be made from any thread. The plain
 * calls need no main loop; an _async call's callback runs in the caller's
 * thread-default main context, and "changed" (below) is emitted in the
 * store's. The store owns two SQLite connections (three once the UI reads),
 * each behind a mutex of its own:
 *
 * - The writer connection, under the write lock, serves every call that
 *   writes. It is used from worker threads (the monitor's ingest, evaluation,
 *   indexing, full-article and separate-story tasks; the sync engine's
 *   thread; the _async calls below, which run their sync form in a GTask
 *   thread). The UI writes only through the _async forms (or a thread of its
 *   own), never on the main thread: a write that is one transaction
 *   (vigil_store_ingest_evaluated, mark_view_read, dismiss_alerts, the sync
 *   batch calls...) holds the write lock from its BEGIN IMMEDIATE to its
 *   COMMIT, so a main-thread write would wait for a whole ingest of a feed
 *   (and, when another process holds the database, for its retries: the
 *   lock is let go between BEGIN attempts, not during a transaction). The
 *   views learn what changed from "changed" (below), not from the callbacks.
 * - The reader connection, under the read lock, serves every call that only
 *   reads (list_, get_, count_, search, facet_counts, position...) from
 *   worker threads (the window's sidebar and facet readers, the overview, the
 *   monitor's filter_unstored, clustering and candidate reads), which share
 *   that one lock. The thread that runs the store's main context (the UI's:
 *   the article list's rows and counts) reads through it too when it is
 *   free, and through a reader connection of its own while a worker reads:
 *   it never waits for a worker's read in progress. No read waits for a write (WAL lets a reader
 * read the last commit while a write is under way).
 * - No call holds both locks; each lock is held for one call only, so calls
 *   do not nest and callers hold no store lock between calls.
 * - Another process (vigil-cli beside the window) may write the same file:
 *   SQLite's busy timeout, then BEGIN/COMMIT retries for about a minute,
 *   keep the writes that matter from being dropped.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-article.h"

G_BEGIN_DECLS

#define VIGIL_STORE_ERROR (vigil_store_error_quark ())
GQuark vigil_store_error_quark (void);

typedef enum
{
  VIGIL_STORE_ERROR_OPEN,
  VIGIL_STORE_ERROR_FUTURE_SCHEMA,
  VIGIL_STORE_ERROR_QUERY,
  VIGIL_STORE_ERROR_CORRUPT, /* the file is damaged or not a database */
} VigilStoreError;

#define VIGIL_TYPE_STORE (vigil_store_get_type ())
G_DECLARE_FINAL_TYPE (VigilStore, vigil_store, VIGIL, STORE, GObject)

/* What a write changed, as the "changed" signal says it:
 *   void changed (VigilStore *store, VigilStoreChange what, gint64 source_id,
 *                 gpointer user_data)
 * emitted in the GMainContext that was the thread-default one when the store
 * was created (the main context, for the window), after the commit of a
 * write made from any thread. Writes committed before that context's next
 * iteration are coalesced into one emission (their flags or-ed). source_id:
 * with ARTICLES, the one source whose articles changed, 0 when several or
 * unknown ones did. Reads never emit it, nor do the reader marks of
 * vigil_store_set_source_reader / release_own_readers (nothing one can read
 * back changes). A source's unread count changes with ARTICLES. */
typedef enum
{
  VIGIL_STORE_CHANGE_SOURCES = 1 << 0,  /* added, removed, edited, fetch state */
  VIGIL_STORE_CHANGE_ARTICLES = 1 << 1, /* added, removed, read, starred, full article */
  VIGIL_STORE_CHANGE_ALERTS = 1 << 2,   /* recorded, seen, dismissed, undone */
  VIGIL_STORE_CHANGE_STORIES = 1 << 3,  /* an article joined or left a story */
  VIGIL_STORE_CHANGE_ACCOUNTS = 1 << 4, /* sync accounts, their state and queue */
  VIGIL_STORE_CHANGE_INDEX = 1 << 5,    /* the full-text index grew: search finds more */
} VigilStoreChange;

#define VIGIL_TYPE_STORE_CHANGE (vigil_store_change_get_type ())
GType vigil_store_change_get_type (void);

/* path: database file; ":memory:" is not supported (two connections). */
VigilStore *vigil_store_new (const char *path, GError **error);
/* The default location: $XDG_DATA_HOME/vigil/vigil.db */
char *vigil_store_default_path (void);
/* A damaged database (VIGIL_STORE_ERROR_CORRUPT) is never discarded: this
 * renames it (and its -wal/-shm files) to PATH.damaged-YYYYMMDD-HHMMSS so that a
 * fresh one can be started, and returns the new name. */
char *vigil_store_move_aside (const char *path, GError **error);

/* Sources */
gint64 vigil_store_add_source (VigilStore *self, const char *url, const char *title,
                               const char *html_url, const char *folder, GError **error);
GPtrArray *vigil_store_list_sources (VigilStore *self, GError **error); /* VigilSource* */
VigilSource *vigil_store_get_source (VigilStore *self, gint64 id, GError **error);
gint64 vigil_store_count_sources (VigilStore *self);
/* Adds sources (url, title, html_url, folder of each VigilSource) in one
 * transaction; sources whose URL is already stored are skipped. */
gboolean vigil_store_add_sources (VigilStore *self, GPtrArray *sources, guint *out_added,
                                  GError **error);
gboolean vigil_store_remove_source (VigilStore *self, gint64 id, GError **error);
/* The _async forms (here and below) run the plain call in a worker thread,
 * for the main thread: a write may wait for an ingest's transaction. */
void vigil_store_remove_source_async (VigilStore *self, gint64 id, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean vigil_store_remove_source_finish (VigilStore *self, GAsyncResult *result, GError **error);
/* Every article of the source as read. */
gboolean vigil_store_mark_source_read (VigilStore *self, gint64 source_id, GError **error);
void vigil_store_mark_source_read_async (VigilStore *self, gint64 source_id,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean vigil_store_mark_source_read_finish (VigilStore *self, GAsyncResult *result,
                                              GError **error);
/* After a fetch: its state (url, status, error, etag, schedule, enabled);
 * the title only if the source had none. */
gboolean vigil_store_update_source (VigilStore *self, VigilSource *source, GError **error);
/* What the desk can change of a source (Edit Source): its title and folder
 * (empty: none), refresh interval (0: the default) and whether its articles'
 * remote images load. The fetch state is left alone. */
gboolean vigil_store_edit_source (VigilStore *self, gint64 id, const char *title,
                                  const char *folder, guint interval_minutes, gboolean load_images,
                                  GError **error);
void vigil_store_edit_source_async (VigilStore *self, gint64 id, const char *title,
                                    const char *folder, guint interval_minutes,
                                    gboolean load_images, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean vigil_store_edit_source_finish (VigilStore *self, GAsyncResult *result, GError **error);

/* Articles. Inserts the new ones of articles in one transaction and returns them
 * (with ids) in out_new; articles already stored are left untouched. Thread-safe. */
/* Reader mode for the source's articles (see VigilFullText). */
gboolean vigil_store_set_source_full_text (VigilStore *self, gint64 id, VigilFullText mode,
                                           GError **error);
void vigil_store_set_source_full_text_async (VigilStore *self, gint64 id, VigilFullText mode,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean vigil_store_set_source_full_text_finish (VigilStore *self, GAsyncResult *result,
                                                  GError **error);
/* The image a feed shows for itself (RSS <image>, Atom <logo>, else its
 * icon), as the last read of the feed gave it: url NULL or empty clears it.
 * Written only when it changed; thread-safe. */
gboolean vigil_store_set_source_image (VigilStore *self, gint64 source_id, const char *url,
                                       const char *title, GError **error);
/* TRUE with the stored image's address (and its title, or NULL) when the
 * source has one; out parameters may be NULL. */
gboolean vigil_store_get_source_image (VigilStore *self, gint64 source_id, char **out_url,
                                       char **out_title);
/* Stores the full article of a stored article (article->id): its
 * full_content and the analysis made of it (score, level, annotations,
 * entity_names; language when none was known). */
gboolean vigil_store_set_full_content (VigilStore *self, VigilArticle *article, GError **error);
gboolean vigil_store_ingest (VigilStore *self, gint64 source_id, GPtrArray *articles,
                             GPtrArray **out_new, GError **error);

/* An alert to record with an article (one per rule): the rule's name and the
 * words it matched; the store fills in whether it is new (inserted: not
 * recorded before and its story not dismissed), whether the story had alerted
 * for the rule before (update) and how many reports the story has. */
typedef struct
{
  char *rule;
  char *matched;
  gboolean inserted;
  gboolean update;
  guint reports;
} VigilStoryAlert;

VigilStoryAlert *vigil_story_alert_new (const char *rule, const char *matched);
void vigil_story_alert_free (VigilStoryAlert *alert);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoryAlert, vigil_story_alert_free)

/* Like vigil_store_ingest, with the alert rules' verdict on each article:
 * alerts[i] (a GPtrArray of VigilStoryAlert*, or NULL for none) belongs to
 * articles[i]. The new articles and their alerts are one transaction, and the
 * articles are marked as evaluated; with alerts NULL they are stored as not
 * evaluated yet (see vigil_store_list_unevaluated). A busy database (another
 * process writing) is waited for, not given up on. An article's cluster_id
 * may name an earlier article of the same call, as -(its index + 1): the
 * story that one joins or starts (an aggregator's feed brings five outlets'
 * reports of one event at once); it is replaced by that story's id. */
gboolean vigil_store_ingest_evaluated (VigilStore *self, gint64 source_id, GPtrArray *articles,
                                       GPtrArray *alerts, GPtrArray **out_new, GError **error);
/* The articles not stored yet for the source (by their unique key), for the
 * monitor to analyse and judge only what is new; a race with another writer is
 * settled by the ingest, which skips what is there. */
GPtrArray *vigil_store_filter_unstored (VigilStore *self, gint64 source_id, GPtrArray *articles);

/* Articles stored without an alert evaluation (full, oldest first), and
 * recording their evaluation: alerts as above, written only for the articles
 * nobody has evaluated meanwhile (the others' alerts come back not inserted). */
GPtrArray *vigil_store_list_unevaluated (VigilStore *self, guint limit, GError **error);
gboolean vigil_store_record_evaluation (VigilStore *self, GPtrArray *articles, GPtrArray *alerts,
                                        GError **error);

/* A source being read is marked with the reading store's token until its
 * result is stored, and whether it is read alone. vigil_store_release_dead_readers
 * clears the marks of processes that ended without finishing (a crash, kill
 * -9) and returns those sources' ids (gint64): a source read beside others is
 * then suspected (VigilSource.interrupted 1), one read alone is known to have
 * brought its reader down (VIGIL_SOURCE_QUARANTINED). */
typedef enum
{
  VIGIL_SOURCE_READ_NONE,
  VIGIL_SOURCE_READ_SHARED,
  VIGIL_SOURCE_READ_ALONE,
} VigilSourceRead;

gboolean vigil_store_set_source_reader (VigilStore *self, gint64 source_id, VigilSourceRead reading,
                                        GError **error);
GArray *vigil_store_release_dead_readers (VigilStore *self, GError **error);
/* A clean end (the store's finalisation does it too): this store's marks are
 * cleared, so the next start does not take its reads for interrupted ones. */
void vigil_store_release_own_readers (VigilStore *self);
/* Views of the article list: a source id (> 0), or one of these. */
#define VIGIL_VIEW_ALL 0
#define VIGIL_VIEW_ALERTS (-1)  /* articles that raised an alert (not dismissed) */
#define VIGIL_VIEW_UNREAD (-2)  /* not read yet */
#define VIGIL_VIEW_STARRED (-3) /* kept by the desk */
#define VIGIL_VIEW_HIGH (-4)    /* high or critical risk */
#define VIGIL_VIEW_TODAY (-5)   /* from the last 24 hours */

/* The filter bar: a view narrowed by risk level, risk category, country,
 * time and read state. Zero/NULL fields do not narrow (keep_id widens the
 * read state's narrowing by one article). */
typedef struct
{
  int min_level;        /* 1 elevated or worse, 2 high or worse, 3 critical */
  const char *category; /* a risk category id ("indirect-fire") */
  const char *country;  /* ISO 3166-1 alpha-2 code of a place mentioned */
  gint64 since;         /* unix seconds */
  const char *rule;     /* articles this alert rule matched (not dismissed) */
  gint64 until;         /* unix seconds: this time or older ("mark older as read") */
  gboolean unread_only; /* articles not read yet */
  /* An article the Unread view and unread_only keep once it is read: the one
   * the desk is reading (its row stays until the desk moves on). 0: none. */
  gint64 keep_id;
} VigilArticleFilter;

gboolean vigil_article_filter_is_empty (const VigilArticleFilter *filter);

/* Headers (no body) of a view's articles, newest first. */
GPtrArray *vigil_store_list_articles (VigilStore *self, gint64 source_id, GError **error);
GPtrArray *vigil_store_list_articles_page (VigilStore *self, gint64 source_id, guint offset,
                                           guint limit, GError **error);
/* Where article_id stands in that order (0 = newest), or -1. */
gint64 vigil_store_article_position (VigilStore *self, gint64 source_id, gint64 article_id);
VigilArticle *vigil_store_get_article (VigilStore *self, gint64 id, GError **error);
gint64 vigil_store_count_articles (VigilStore *self, gint64 source_id);
/* The same three narrowed by a filter (NULL: none). */
GPtrArray *vigil_store_list_articles_page_filtered (VigilStore *self, gint64 source_id,
                                                    const VigilArticleFilter *filter, guint offset,
                                                    guint limit, GError **error);
gint64 vigil_store_article_position_filtered (VigilStore *self, gint64 source_id,
                                              const VigilArticleFilter *filter, gint64 article_id);
gint64 vigil_store_count_articles_filtered (VigilStore *self, gint64 source_id,
                                            const VigilArticleFilter *filter);
/* Marks read every unread article of a view (a source, VIGIL_VIEW_*) and
 * filter (may be NULL), or with ids (n_ids of them, view and filter then
 * unused) exactly those; returns the ids that were unread (gint64), for Undo,
 * or NULL on error. One transaction. */
GArray *vigil_store_mark_view_read (VigilStore *self, gint64 view, const VigilArticleFilter *filter,
                                    const gint64 *ids, guint n_ids, GError **error);
/* The same off the calling thread (filter and ids are copied); _finish
 * returns what it marked, or NULL on error. */
void vigil_store_mark_view_read_async (VigilStore *self, gint64 view,
                                       const VigilArticleFilter *filter, const gint64 *ids,
                                       guint n_ids, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
GArray *vigil_store_mark_view_read_finish (VigilStore *self, GAsyncResult *result, GError **error);
/* The unread articles of these sources (n of them), their ids (gint64): a
 * folder's Mark All as Read gives them to mark_view_read. NULL on error. */
GArray *vigil_store_list_unread_of_sources (VigilStore *self, const gint64 *sources, guint n,
                                            GError **error);
/* Marks these articles unread again (Undo); the same off the calling thread. */
gboolean vigil_store_mark_unread (VigilStore *self, GArray *ids, GError **error);
void vigil_store_mark_unread_async (VigilStore *self, const gint64 *ids, guint n_ids,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean vigil_store_mark_unread_finish (VigilStore *self, GAsyncResult *result, GError **error);

/* Facets: what the analysis found in the stored articles, counted per day.
 * kind: "category", "country", "person", "organization", "location", or
 * "entity" for the last three together. counts[n_days - 1] covers the 24 hours
 * before `now`, counts[n_days - 2] the 24 before those, and so on. Sorted by
 * the last day's count, then by the whole period's; at most `limit`. */
typedef struct
{
  char *kind;
  char *value;
  guint total;
  guint *counts; /* n_days of them */
} VigilFacetCount;

void vigil_facet_count_free (VigilFacetCount *count);
GPtrArray *vigil_store_facet_counts (VigilStore *self, const char *kind, gint64 now, guint n_days,
                                     guint limit, GError **error);
gboolean vigil_store_set_read (VigilStore *self, gint64 article_id, gboolean read, GError **error);
/* The same off the calling thread, for the UI: a write may wait for an ingest. */
void vigil_store_set_read_async (VigilStore *self, gint64 article_id, gboolean read,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean vigil_store_set_read_finish (VigilStore *self, GAsyncResult *result, GError **error);
/* Marks exactly these articles read (the story as a notification showed it)
 * and their new or updated alerts seen; reports that joined the story since
 * keep their state. One transaction. */
gboolean vigil_store_mark_articles_read (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                         GError **error);
void vigil_store_mark_articles_read_async (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean vigil_store_mark_articles_read_finish (VigilStore *self, GAsyncResult *result,
                                                GError **error);

gboolean vigil_store_set_starred (VigilStore *self, gint64 article_id, gboolean starred,
                                  GError **error);
void vigil_store_set_starred_async (VigilStore *self, gint64 article_id, gboolean starred,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean vigil_store_set_starred_finish (VigilStore *self, GAsyncResult *result, GError **error);

/* Full-text search over title, summary and content (FTS5, ranked). The query is
 * what a user typed: words (a trailing * for prefixes) and "quoted phrases"; it
 * is never passed to FTS5 as syntax. */
typedef struct
{
  VigilArticle *article; /* header */
  char *snippet;         /* HTML-escaped text with <b>…</b> around matches */
} VigilSearchHit;

void vigil_search_hit_free (VigilSearchHit *hit);
GPtrArray *vigil_store_search (VigilStore *self, const char *query, guint limit, GError **error);
/* The same with an FTS5 expression made by a program (the query language's
 * prefilter, vigil_query_fts_prefilter()), never with what a user typed. */
GPtrArray *vigil_store_search_expression (VigilStore *self, const char *fts_expression, guint limit,
                                          GError **error);
/* The ids (gint64) of the articles an FTS5 expression (made by a program, as
 * above) finds, best ranked first, at most limit; NULL on error. Then the hits
 * (headers and snippets) of some of them, in the order of ids (an article
 * gone meanwhile is left out): a search that judges each hit itself reads
 * the whole ranking once and makes snippets only for what it keeps. */
GArray *vigil_store_search_ids (VigilStore *self, const char *fts_expression, guint limit,
                                GError **error);
GPtrArray *vigil_store_search_hits (VigilStore *self, const char *fts_expression, const gint64 *ids,
                                    guint n_ids, GError **error);

/* Articles are added to the full-text index in batches: one FTS5 segment per
 * batch instead of one per feed. The monitor indexes after its refreshes and
 * whenever enough articles are waiting; search sees what has been indexed. */
#define VIGIL_STORE_INDEX_BATCH 5000
gint64 vigil_store_count_unindexed (VigilStore *self);
/* Indexes up to max articles not yet indexed (0: all), in one transaction;
 * returns how many (or -1). Thread-safe. */
gint64 vigil_store_index_pending_batch (VigilStore *self, guint max, GError **error);
#define vigil_store_index_pending(self, error) vigil_store_index_pending_batch (self, 0, error)

/* Deletes articles first seen more than `days` ago, except starred ones and
 * ones that raised an alert. Returns how many were deleted, or -1. */
gint64 vigil_store_prune (VigilStore *self, guint days, GError **error);
gboolean vigil_store_check_integrity (VigilStore *self, GError **error);

/* Stories: how many articles share a cluster, and the recent articles' story
 * evidence (id, cluster_id, first_seen = their time, simhash, entity_names,
 * title, summary, content and annotations) for the clusterer to start from:
 * those of sort time since or later, by id after after_id, at most limit of
 * them (0: all), in the order of their ids. */
gint64 vigil_store_count_in_cluster (VigilStore *self, gint64 cluster_id);
/* The articles (headers) of a story, newest first; limit 0: all. */
GPtrArray *vigil_store_list_story (VigilStore *self, gint64 cluster_id, guint limit,
                                   GError **error);
/* The ids (gint64) of a story's articles, in no order: the cluster's index
 * alone is read, however large the story. */
GArray *vigil_store_list_story_ids (VigilStore *self, gint64 cluster_id);
/* The id of the source of that exact address, or 0. */
gint64 vigil_store_find_source (VigilStore *self, const char *url);
GPtrArray *vigil_store_list_recent_for_clustering (VigilStore *self, gint64 since, gint64 after_id,
                                                   guint limit, GError **error);

/* Full articles first seen since `since` (unix seconds), newest first, narrowed
 * by an FTS5 expression when given (built by the caller, never from user text).
 * For evaluating an alert rule on what is already stored. */
GPtrArray *vigil_store_list_candidates (VigilStore *self, const char *fts_expression, gint64 since,
                                        GError **error);

/* Alerts: how many (of a state, or NULL: all). */
gint64 vigil_store_count_alerts (VigilStore *self, const char *state);
/* Stories with an alert nobody has looked at yet. */
gint64 vigil_store_count_unseen_alerts (VigilStore *self);
/* Rule name -> articles it matched that are not dismissed (guint in a pointer). */
GHashTable *vigil_store_count_alerts_by_rule (VigilStore *self);
/* One alert per story: records that rule matched article (of story cluster_id);
 * *out_update is TRUE when the story already had an alert for the rule (the
 * record is then an update), *out_reports the articles now in the story. Atomic
 * against other writers. */
gboolean vigil_store_add_story_alert (VigilStore *self, const char *rule, gint64 article_id,
                                      gint64 cluster_id, const char *matched_terms,
                                      gboolean *out_inserted, gboolean *out_update,
                                      guint *out_reports, GError **error);

/* Quiet alerts (state "quiet"): what a rule saved in the editor (new, or
 * its query changed) matches among the articles stored before it. They are
 * listed in the rule's view (the filter's rule) and counted by
 * count_alerts_by_rule, but were never news: the Alerts view and
 * count_unseen_alerts leave them out, a later report of their story is a new
 * alert (not an update), and they keep no article from pruning.
 * record_quiet_alerts records them for article_ids (gint64), with the words
 * matched in each (char*, like article_ids, or NULL), in one transaction: an
 * article the rule alerted on already keeps its alert, one of a story the desk
 * dismissed for the rule is recorded dismissed. drop_others: the rule's quiet
 * alerts on other articles are removed first (the rule's query changed;
 * *out_dropped, optional, says how many). list_quiet_alerts: the articles of
 * the rule's quiet alerts (gint64 ids). */
gboolean vigil_store_record_quiet_alerts (VigilStore *self, const char *rule, GArray *article_ids,
                                          GPtrArray *matched, gboolean drop_others,
                                          guint *out_dropped, GError **error);
GArray *vigil_store_list_quiet_alerts (VigilStore *self, const char *rule, GError **error);

/* The alert history of the story an article belongs to, oldest first. */
typedef struct
{
  char *rule;
  gint64 created; /* unix seconds */
  char *state;    /* new, update (a later report of the story), seen, dismissed, quiet */
  char *matched;  /* the matched words, comma-separated */
  gint64 article_id;
} VigilAlertRecord;

void vigil_alert_record_free (VigilAlertRecord *record);
GPtrArray *vigil_store_list_story_alerts (VigilStore *self, gint64 article_id, GError **error);

/* The desk says an article is about another event than the rest of its story:
 * it becomes a story of its own, and the rest stays one (under its id, or its
 * next article's when the article was the story's first). Each part keeps its
 * alerts' states, except that the article's "update" alerts become "new" (the
 * first of its own story), and for each rule whose alerts left in the rest are
 * all updates the first becomes "new". *out_rest_cluster: the rest's cluster
 * id (0 when the article was alone). One transaction. */
gboolean vigil_store_separate_from_story (VigilStore *self, gint64 article_id,
                                          gint64 *out_rest_cluster, GError **error);

/* Dismissing exactly the alerts of the given articles (the story as the desk
 * saw it), not whatever their cluster groups by the time the update runs.
 * Returns what was replaced, for Undo (NULL on error); an article with no
 * alert, or only dismissed ones, is left as it is. One transaction. */
typedef struct _VigilAlertUndo VigilAlertUndo;
VigilAlertUndo *vigil_store_dismiss_alerts (VigilStore *self, const gint64 *article_ids,
                                            guint n_ids, GError **error);
/* Puts back the states a dismissal replaced, but only on alerts that are still
 * dismissed: one that changed since (by hand or by a later action) is kept. */
gboolean vigil_store_undo_alerts (VigilStore *self, VigilAlertUndo *undo, GError **error);
/* The same off the calling thread, for the window (a write may wait for an
 * ingest). The undo passed to undo_async is not freed by it. */
void vigil_store_dismiss_alerts_async (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
VigilAlertUndo *vigil_store_dismiss_alerts_finish (VigilStore *self, GAsyncResult *result,
                                                   GError **error);
void vigil_store_undo_alerts_async (VigilStore *self, VigilAlertUndo *undo,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean vigil_store_undo_alerts_finish (VigilStore *self, GAsyncResult *result, GError **error);
/* How many alerts the dismissal changed: none when they were all dismissed
 * already (nothing to undo). */
guint vigil_alert_undo_get_n_alerts (VigilAlertUndo *undo);
void vigil_alert_undo_free (VigilAlertUndo *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAlertUndo, vigil_alert_undo_free)

/* ---- Accounts and sync with a feed server (see vigil-sync.h) ----
 * Account VIGIL_ACCOUNT_LOCAL ("Local") is Vigil reading its sources itself;
 * a "greader" account is a Google Reader API server whose sources and items
 * are kept here. No password is ever stored. */
#define VIGIL_ACCOUNT_LOCAL 1

typedef struct
{
  gint64 id;
  char *kind; /* "local" or "greader" */
  char *name;
  char *server_url;
  char *user;
  gint64 last_sync;   /* unix seconds of the last successful sync, 0: never */
  char *last_error;   /* why the last sync failed, or NULL */
  char *continuation; /* where the walk down the reading list resumes, or NULL */
  gint64 newest_item; /* when the server got the newest item stored (microseconds) */
} VigilAccount;

void vigil_account_free (VigilAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAccount, vigil_account_free)

gint64 vigil_store_add_account (VigilStore *self, const char *kind, const char *name,
                                const char *server_url, const char *user, GError **error);
GPtrArray *vigil_store_list_accounts (VigilStore *self, GError **error); /* VigilAccount* */
VigilAccount *vigil_store_get_account (VigilStore *self, gint64 id, GError **error);
VigilAccount *vigil_store_find_account (VigilStore *self, const char *name, GError **error);
/* The account and its sources, articles and queue. */
gboolean vigil_store_remove_account (VigilStore *self, gint64 account_id, GError **error);
/* After a sync: last_error (NULL: it worked) and, when > 0, its time. */
gboolean vigil_store_set_account_result (VigilStore *self, gint64 account_id, gint64 last_sync,
                                         const char *last_error, GError **error);
/* The walk down the reading list: where it resumes (when set_continuation;
 * NULL: walked to the end) and when the server got the newest item stored
 * (microseconds; kept if larger). */
gboolean vigil_store_set_account_cursor (VigilStore *self, gint64 account_id,
                                         gboolean set_continuation, const char *continuation,
                                         gint64 newest_item, GError **error);

/* A server's subscription, added or updated (title, folder, addresses);
 * returns the source id. */
gint64 vigil_store_sync_source (VigilStore *self, gint64 account_id, const char *remote_id,
                                const char *remote_url, const char *title, const char *html_url,
                                const char *folder, GError **error);
gint64 vigil_store_find_synced_source (VigilStore *self, gint64 account_id, const char *remote_id);
/* The account's sources whose stream is not in keep (NULL-terminated) any
 * more: removed, except those with starred or alerted articles, which stay
 * (no longer synced, their error kept_reason) with all their articles. */
gboolean vigil_store_sync_remove_sources_except (VigilStore *self, gint64 account_id,
                                                 const char *const *keep, const char *kept_reason,
                                                 GError **error);
/* The account's sources read for the first time are read: what comes later is news. */
gboolean vigil_store_sync_first_read_done (VigilStore *self, gint64 account_id, gint64 now,
                                           GError **error);

/* The queue of the desk's changes to send: read, unread, star, unstar (item_id)
 * and mark-all-read (stream, arg = when the server got the newest item it
 * covers, in microseconds). Read and
 * star changes of synced articles are queued by the store itself, in the
 * transaction that makes them. */
typedef struct
{
  gint64 id;
  char *kind;
  gint64 item_id;
  char *stream;
  char *arg;
  gint64 created; /* microseconds */
  guint attempts;
} VigilSyncAction;

void vigil_sync_action_free (VigilSyncAction *action);
GPtrArray *vigil_store_list_sync_actions (VigilStore *self, gint64 account_id, GError **error);
gint64 vigil_store_count_sync_actions (VigilStore *self, gint64 account_id);
/* ids (gint64): sent (failed NULL: they leave the queue) or not (they stay,
 * with the reason). */
gboolean vigil_store_finish_sync_actions (VigilStore *self, GArray *ids, const char *failed,
                                          GError **error);

/* The mapping of the server's item ids (decimal, microseconds) to articles. */
gint64 vigil_store_sync_item_id (VigilStore *self, gint64 article_id);
gint64 vigil_store_count_sync_items (VigilStore *self, gint64 account_id);
/* The server's states of these items (read and starred: gboolean arrays like
 * item_ids, either may be NULL), except where the desk's change is queued,
 * and when the server got them (crawl_usec: gint64 microseconds, or NULL),
 * which a mark-all-read's ts is made of (servers whose item ids are not
 * times need it). */
gboolean vigil_store_sync_apply_states (VigilStore *self, gint64 account_id, GArray *item_ids,
                                        GArray *read, GArray *starred, GArray *crawl_usec,
                                        GError **error);
/* ids: every item the server has unread (starred FALSE) or starred; every
 * other article of the account is read (not starred), except where the
 * desk's change is queued. One transaction. */
gboolean vigil_store_sync_reconcile (VigilStore *self, gint64 account_id, gboolean starred,
                                     GArray *ids, GError **error);

G_END_DECLS
