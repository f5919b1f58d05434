/* vigil-article-row.h: one row of the article list: risk badge (text and
 * colour), source and relative time, headline; unread rows in bold. */
#pragma once

#include <gtk/gtk.h>

#include "vigil-analyzer.h"
#include "vigil-article.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ARTICLE_ROW (vigil_article_row_get_type ())
G_DECLARE_FINAL_TYPE (VigilArticleRow, vigil_article_row, VIGIL, ARTICLE_ROW, GtkBox)

GtkWidget *vigil_article_row_new (void);
void vigil_article_row_set_article (VigilArticleRow *self, VigilArticle *article);
/* "5 min ago", "3 h ago", "yesterday", or a date */
char *vigil_format_relative_time (gint64 unix_time);

G_END_DECLS
