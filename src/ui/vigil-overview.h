/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-overview.h: the "Today" overview — what the last 24 hours brought.
 *
 * Counts by risk category and by country, the most mentioned people,
 * organisations and places, each with a 7-day sparkline; categories well above
 * their 7-day average are marked as spiking. Read from the store's facets in a
 * worker thread. Activating a row emits "filter-requested" (kind, value) with
 * kind "category", "country" or "entity".
 */
#pragma once

#include <adwaita.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_OVERVIEW (vigil_overview_get_type ())
G_DECLARE_FINAL_TYPE (VigilOverview, vigil_overview, VIGIL, OVERVIEW, AdwBin)

#define VIGIL_OVERVIEW_DAYS 7

void vigil_overview_set_store (VigilOverview *self, VigilStore *store);
/* Reads the figures again (in a worker thread); "updated" is emitted when
 * they are shown. */
void vigil_overview_refresh (VigilOverview *self);
/* A spike: today's count at least 3 and more than twice the average of the
 * days before. */
gboolean vigil_overview_is_spike (const guint *counts, guint n_days);

G_END_DECLS
