/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window.h: the main window: sources sidebar, article list, article view. */
#pragma once

#include <adwaita.h>

#include "vigil-application.h"
#include "vigil-article-view.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WINDOW (vigil_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilWindow, vigil_window, VIGIL, WINDOW, AdwApplicationWindow)

VigilWindow *vigil_window_new (VigilApplication *app);
/* A short message over the window (an AdwToast). */
void vigil_window_toast (VigilWindow *self, const char *text);
/* Shows toast (takes it). */
void vigil_window_add_toast (VigilWindow *self, AdwToast *toast);
/* A toast saying text as it is (no markup), wrapped when long. */
AdwToast *vigil_window_plain_toast (const char *text);
/* Selects article id in the list (showing all sources if needed) and shows it. */
gboolean vigil_window_show_article (VigilWindow *self, gint64 article_id);
/* Shows the view of the articles the rule matched (the sidebar's row under
 * Alert Rules), searching and filters ended; if no rule has that name (renamed
 * or deleted since), the Alerts view, and FALSE. */
gboolean vigil_window_show_rule (VigilWindow *self, const char *rule);
/* Shows a view of the sidebar (a source's id, or VIGIL_VIEW_*); FALSE if the
 * sidebar has no such row. */
gboolean vigil_window_show_view (VigilWindow *self, gint64 view);
/* Re-reads sources and articles from the store. */
void vigil_window_reload (VigilWindow *self);
GListModel *vigil_window_get_articles (VigilWindow *self);
/* Opens the search bar with text (the results replace the list). */
void vigil_window_search (VigilWindow *self, const char *text);
/* The menu of the list's row at position (a right click, a long press, the
 * Menu key), its items acting on that row's article; x, y in row, or -1. */
void vigil_window_show_article_menu (VigilWindow *self, GtkWidget *row, guint position, double x,
                                     double y);
/* What the list shows: the view's articles, or the search results. */
GListModel *vigil_window_get_visible_articles (VigilWindow *self);
/* Whether a search of the search box is running (in a worker thread; its
 * results replace the list when it ends, unless a newer one replaced it). */
gboolean vigil_window_is_searching (VigilWindow *self);
VigilArticleView *vigil_window_get_article_view (VigilWindow *self);
/* One pane at a time (the window is narrower than the three panes need). */
gboolean vigil_window_is_narrow (VigilWindow *self);
/* From how many rows new articles wait behind a "N New Articles" button
 * (200; for tests). */
void vigil_window_set_list_kept_from (VigilWindow *self, guint rows);

G_END_DECLS
