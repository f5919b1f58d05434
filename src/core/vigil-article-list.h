/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-list.h: the articles of a view as a GListModel that pages.
 *
 * The list knows only how many articles there are; rows are read from the
 * store a page at a time when the list view asks for them, and a few pages are
 * kept, so a view of 200,000 articles costs what the screen shows.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ARTICLE_LIST (vigil_article_list_get_type ())
G_DECLARE_FINAL_TYPE (VigilArticleList, vigil_article_list, VIGIL, ARTICLE_LIST, GObject)

#define VIGIL_ARTICLE_LIST_PAGE 100

/* source_id <= 0: every source. */
VigilArticleList *vigil_article_list_new (VigilStore *store, gint64 source_id);
gint64 vigil_article_list_get_source_id (VigilArticleList *self);
/* Reads the count again and forgets cached pages; emits items-changed
 * (every row out, then every row in). */
void vigil_article_list_reload (VigilArticleList *self);
/* After the store changed: when the same articles are in the same places,
 * the rows near the ones last asked for are read again and their objects
 * updated in place (read, starred: they notify), a row showing anything else
 * now replaced alone; otherwise a reload. TRUE when it reloaded (every row
 * replaced), FALSE when the rows kept their places. */
gboolean vigil_article_list_refresh (VigilArticleList *self);
/* The same when new articles are expected at the top: if only that
 * happened, they are put in front and the rows already there keep their
 * objects (and stay scrolled). */
gboolean vigil_article_list_reload_new (VigilArticleList *self);
/* How many articles reload_new would put in front of the rows shown, or -1
 * when more than that changed. Reads the store; the list stays as it is. */
gint64 vigil_article_list_peek_new (VigilArticleList *self);
/* The same, and how many more articles the view has than the list
 * (negative when fewer), wherever they are. */
gint64 vigil_article_list_peek_added (VigilArticleList *self, gint64 *out_added);
/* The same from what the store said in another thread: now, the view's count
 * (vigil_store_count_articles_filtered), and top_at, where the list's first
 * article stands (vigil_store_article_position_filtered of get_top_id, or -1). */
gint64 vigil_article_list_added_from (VigilArticleList *self, gint64 now, gint64 top_at,
                                      gint64 *out_added);
/* The article at the top at the last reload (0: none). */
gint64 vigil_article_list_get_top_id (VigilArticleList *self);
/* At most cap rows (0: every article of the view; the default), the first
 * ones: a list that gets hundreds of rows at once can be given them a few at
 * a time. Rows that come or go are said (items-changed at the end). */
void vigil_article_list_set_cap (VigilArticleList *self, guint cap);
guint vigil_article_list_get_cap (VigilArticleList *self);
/* From now on, when refresh replaces every row of a list shorter than step
 * rows (or capped) by more than step rows, it keeps only the first step (the
 * cap set to step). */
void vigil_article_list_set_grow_step (VigilArticleList *self, guint step);
/* The view's articles at the list's last count, the cap aside. */
guint vigil_article_list_get_stored (VigilArticleList *self);
/* Narrows the list (copied; NULL: no filter) and reloads it. */
void vigil_article_list_set_filter (VigilArticleList *self, const VigilArticleFilter *filter);
const VigilArticleFilter *vigil_article_list_get_filter (VigilArticleList *self);
/* The article the desk is reading: kept in an unread list once read (the
 * filter's keep_id). The rows stay as they are until the next reload. */
void vigil_article_list_set_kept (VigilArticleList *self, gint64 article_id);
/* Position of an article in this list, or -1. */
gint64 vigil_article_list_find (VigilArticleList *self, gint64 article_id);

G_END_DECLS
