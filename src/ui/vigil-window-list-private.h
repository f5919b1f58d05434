/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-window-list-private.h: what the article list's files share
 * (vigil-window-list.c, -rows.c, -search.c), beside the window's struct. */
#pragma once

#include "vigil-window-private.h"

G_BEGIN_DECLS

/* vigil-window-rows.c: the factory of the list's rows (an article row each,
 * its right click and long press opening the article menu). */
GtkListItemFactory *vigil_window_list_factory_new (VigilWindow *self);
/* The star and read buttons of a hovered row (row: its VigilArticleRow), shown
 * with their icons for its article now. */
void vigil_window_show_row_actions (GtkWidget *row, GtkListItem *item);

/* vigil-window-list.c: the row of the article the reading pane shows
 * selected, if the list has it (a search ended). */
void vigil_window_select_shown (VigilWindow *self);

/* vigil-window-search.c: the search results' store, the entry tied to the
 * search bar; the search's template callbacks. */
void vigil_window_search_init (VigilWindow *self);
void vigil_window_class_add_search (GtkWidgetClass *widget_class);

G_END_DECLS
