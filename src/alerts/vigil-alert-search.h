/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-search.h — the search box's search: what the desk types, read in the rules'
 * language, over the store; in any thread, and as a task the window can cancel */
#pragma once

#include <gio/gio.h>

#include "vigil-gazetteer.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* The most results a search shows. */
#define VIGIL_SEARCH_LIMIT 200
/* A query with no words to narrow by (category:kidnapping): the newest
 * articles judged, at most. */
#define VIGIL_SEARCH_SCAN 2000
/* A query the index narrows but does not answer exactly (a NOT, a field,
 * NEAR): the index's hits judged, best ranked first, at most. */
#define VIGIL_SEARCH_CANDIDATES 20000

/* What the search box finds for text (VigilSearchHit*, ranked), at most
 * limit. A query of the rules' language ("rocket" finds "Rockets", title:,
 * entity:, NOT or -word, OR, NEAR/n) is narrowed with the full-text index and
 * ranked there; when the index answers it exactly (words, their forms,
 * phrases, prefixes, AND and OR) its hits are the results, otherwise each hit
 * is judged as a rule would, best ranked first, until limit are found or
 * VIGIL_SEARCH_CANDIDATES were judged. A query the index cannot narrow is
 * judged on the newest VIGIL_SEARCH_SCAN articles. Text that is no query (an
 * unclosed quotation mark), or that has letters beyond ASCII, is searched as
 * plain words, as typed. NULL with G_IO_ERROR_CANCELLED once cancellable is
 * cancelled (it is looked at between articles). */
GPtrArray *vigil_alert_search (VigilStore *store, VigilGazetteer *gazetteer, const char *text,
                               guint limit, GCancellable *cancellable, GError **error);
/* The same in a worker thread (the store's reader, see its threading
 * contract); the callback runs in the caller's thread-default context. */
void vigil_alert_search_async (VigilStore *store, VigilGazetteer *gazetteer, const char *text,
                               guint limit, GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
GPtrArray *vigil_alert_search_finish (VigilStore *store, GAsyncResult *result, GError **error);

G_END_DECLS
