/* vigil-cluster.h: the same story from different outlets, grouped.
 *
 * Two signals, as news monitors use them: near-duplicate text (a 64-bit SimHash
 * over word shingles: wire copy reprinted with small edits) and shared entities
 * (rewritten headlines about the same people, organisations and places) within a
 * time window. The clusterer is incremental and thread-safe: each new article is
 * compared with the recent ones and joins the story of the best match, or starts
 * its own.
 */
#pragma once

#include <glib.h>

#include "vigil-analyzer.h"

G_BEGIN_DECLS

/* SimHash of the folded words of text, over shingles of three words. */
guint64 vigil_simhash (const char *text);
guint vigil_simhash_distance (guint64 a, guint64 b);

typedef struct _VigilClusterer VigilClusterer;

/* window_seconds: how far apart in time two reports of one story may be. */
VigilClusterer *vigil_clusterer_new (gint64 window_seconds);
void vigil_clusterer_free (VigilClusterer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilClusterer, vigil_clusterer_free)

/* Remembers an article already clustered (for example one read from the store). */
void vigil_clusterer_add (VigilClusterer *self, gint64 article_id, gint64 cluster_id, gint64 time,
                          guint64 simhash, GPtrArray *entities);
/* The story a new article belongs to: the cluster id of its best match among the
 * remembered articles, or 0 for a story of its own. entities: canonical names
 * (char*) of its people, organisations and places. */
gint64 vigil_clusterer_find (VigilClusterer *self, gint64 time, guint64 simhash,
                             GPtrArray *entities);
/* Canonical names of the analysis's entities, without repeats. */
GPtrArray *vigil_analysis_entity_names (VigilAnalysis *analysis);

G_END_DECLS
