/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-filter-bar.h — the article list's filter bar: risk level, time range, category, country */
#pragma once

#include <gtk/gtk.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FILTER_BAR (vigil_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (VigilFilterBar, vigil_filter_bar, VIGIL, FILTER_BAR, GtkWidget)

/* Where the country drop-down reads the countries named lately (when the bar
 * is revealed). */
void vigil_filter_bar_set_store (VigilFilterBar *self, VigilStore *store);
/* The filter the drop-downs say (its rule unset); "changed" when it changes. */
const VigilArticleFilter *vigil_filter_bar_get_filter (VigilFilterBar *self);
/* "Last hour" moves on with the clock: TRUE when the filter's start moved by
 * a minute or more (and was moved), without "changed". */
gboolean vigil_filter_bar_update_since (VigilFilterBar *self);
/* Every drop-down back to "Any …" ("changed" once). */
void vigil_filter_bar_reset (VigilFilterBar *self);
/* Narrows to a risk category (its key) or a country (its code). */
void vigil_filter_bar_select_category (VigilFilterBar *self, const char *category);
void vigil_filter_bar_select_country (VigilFilterBar *self, const char *code);
/* The bar shown (the "revealed" property; hiding it ends its filter). */
void vigil_filter_bar_set_revealed (VigilFilterBar *self, gboolean revealed);

G_END_DECLS
