/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sidebar-row.h — a sidebar row showing one VigilSidebarItem (its labels bound to it) */
#pragma once

#include <gtk/gtk.h>

#include "vigil-sidebar-item.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIDEBAR_ROW (vigil_sidebar_row_get_type ())
G_DECLARE_FINAL_TYPE (VigilSidebarRow, vigil_sidebar_row, VIGIL, SIDEBAR_ROW, GtkListBoxRow)

GtkWidget *vigil_sidebar_row_new (VigilSidebarItem *item);
VigilSidebarItem *vigil_sidebar_row_get_item (VigilSidebarRow *self);

G_END_DECLS
