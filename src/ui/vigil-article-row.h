/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-row.h: one row of the article list: risk badge (text and
 * colour), source and relative time, headline, up to three leading entities;
 * unread rows in bold. A story carried by several outlets shows "N reports",
 * a button whose popover lists the other outlets (click: win.show-article). */
#pragma once

#include <gtk/gtk.h>

#include "vigil-analyzer.h"
#include "vigil-article.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ARTICLE_ROW (vigil_article_row_get_type ())
G_DECLARE_FINAL_TYPE (VigilArticleRow, vigil_article_row, VIGIL, ARTICLE_ROW, GtkBox)

/* store: where the story's other reports are read when the popover opens. */
GtkWidget *vigil_article_row_new (VigilStore *store);
/* The "N reports" button (a GtkMenuButton) when the row shows a story, else NULL. */
GtkWidget *vigil_article_row_get_story_button (VigilArticleRow *self);
/* A box at the end of the row's first line for buttons shown on hover (made
 * on the first call). */
GtkWidget *vigil_article_row_get_actions (VigilArticleRow *self);
/* Object data on an article: the search snippet (escaped text, <b> around the
 * matched words) the row shows under the headline. */
#define VIGIL_ARTICLE_ROW_SNIPPET "vigil-search-snippet"
void vigil_article_row_set_article (VigilArticleRow *self, VigilArticle *article);
/* "5 min ago", "3 h ago", "yesterday", or a date */
char *vigil_format_relative_time (gint64 unix_time);

G_END_DECLS
