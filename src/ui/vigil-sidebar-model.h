/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sidebar-model.h — the sidebar's items (a GListModel) from the store's sources, rules and
 * accounts */
#pragma once

#include <gio/gio.h>

#include "vigil-monitor.h"
#include "vigil-sidebar-item.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIDEBAR_MODEL (vigil_sidebar_model_get_type ())
G_DECLARE_FINAL_TYPE (VigilSidebarModel, vigil_sidebar_model, VIGIL, SIDEBAR_MODEL, GObject)

/* Items of VigilSidebarItem: All Articles, Alerts, the smart views, the
 * rules in force under "Alert Rules", the local sources by folder, then each
 * sync account and its sources by the server's folders. */
VigilSidebarModel *vigil_sidebar_model_new (void);
/* Where an account's state (syncing, keyring) is asked. */
void vigil_sidebar_model_set_monitor (VigilSidebarModel *self, VigilMonitor *monitor);
/* Where the collapsed folders are kept across restarts ("collapsed-folders"),
 * if the schema has the key; else they are kept for the session. */
void vigil_sidebar_model_set_settings (VigilSidebarModel *self, GSettings *settings);
/* The items from what the store says. While the structure (which sources,
 * rules and accounts, in which folders) stays the same, the items are
 * updated in place and FALSE is returned; else they are made anew (TRUE). */
gboolean vigil_sidebar_model_update (VigilSidebarModel *self, GPtrArray *sources, GPtrArray *rules,
                                     gint64 unseen, GHashTable *by_rule, GPtrArray *accounts);
/* The position of a view's item (a rule's with rule), or G_MAXUINT. */
guint vigil_sidebar_model_find (VigilSidebarModel *self, gint64 view, const char *rule);
/* Folds a folder (its items hidden, its total shown) or unfolds it; remembered. */
void vigil_sidebar_model_set_expanded (VigilSidebarModel *self, VigilSidebarItem *folder,
                                       gboolean expanded);
/* The site icons of the sources of origin (all when NULL) that are cached. */
void vigil_sidebar_model_show_favicons (VigilSidebarModel *self, const char *origin);
/* What a desk wants to know about a source at a glance: is it healthy, when
 * was it read, when will it be read again. */
char *vigil_sidebar_source_status (VigilSource *source);

G_END_DECLS
