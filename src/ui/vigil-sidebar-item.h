/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sidebar-item.h — one entry of the sidebar: a view, a rule, a folder, a source, an account
 */
#pragma once

#include <glib-object.h>

#include "vigil-article.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SIDEBAR_VIEW,    /* All Articles, Alerts, Unread…: id is a VIGIL_VIEW_* */
  VIGIL_SIDEBAR_RULE,    /* an alert rule's matches: id VIGIL_VIEW_ALERTS, rule its name */
  VIGIL_SIDEBAR_FOLDER,  /* a heading over sources or rules, collapsible: id 0 */
  VIGIL_SIDEBAR_SOURCE,  /* id the source's */
  VIGIL_SIDEBAR_ACCOUNT, /* a sync account's header: id the account's */
} VigilSidebarKind;

#define VIGIL_TYPE_SIDEBAR_ITEM (vigil_sidebar_item_get_type ())
G_DECLARE_FINAL_TYPE (VigilSidebarItem, vigil_sidebar_item, VIGIL, SIDEBAR_ITEM, GObject)

VigilSidebarItem *vigil_sidebar_item_new (VigilSidebarKind kind, gint64 id, const char *title,
                                          const char *icon_name);
VigilSidebarKind vigil_sidebar_item_get_kind (VigilSidebarItem *self);
gint64 vigil_sidebar_item_get_id (VigilSidebarItem *self);
/* A rule item's rule name, else NULL. */
const char *vigil_sidebar_item_get_rule (VigilSidebarItem *self);
void vigil_sidebar_item_set_rule (VigilSidebarItem *self, const char *rule);
const char *vigil_sidebar_item_get_title (VigilSidebarItem *self);
void vigil_sidebar_item_set_title (VigilSidebarItem *self, const char *title);
const char *vigil_sidebar_item_get_icon_name (VigilSidebarItem *self);
void vigil_sidebar_item_set_icon_name (VigilSidebarItem *self, const char *icon_name);
/* The unread count shown (a folder: its sources' total; Alerts: the stories
 * not opened; a rule: its alerts). */
guint vigil_sidebar_item_get_unread (VigilSidebarItem *self);
void vigil_sidebar_item_set_unread (VigilSidebarItem *self, guint unread);
/* Why a source is in trouble (failing or disabled), for its warning icon; NULL when well. */
const char *vigil_sidebar_item_get_error (VigilSidebarItem *self);
void vigil_sidebar_item_set_error (VigilSidebarItem *self, const char *error);
const char *vigil_sidebar_item_get_tooltip (VigilSidebarItem *self);
void vigil_sidebar_item_set_tooltip (VigilSidebarItem *self, const char *tooltip);
gboolean vigil_sidebar_item_get_enabled (VigilSidebarItem *self);
void vigil_sidebar_item_set_enabled (VigilSidebarItem *self, gboolean enabled);
/* The site icon's file (a source's, once cached), or NULL. */
const char *vigil_sidebar_item_get_favicon (VigilSidebarItem *self);
void vigil_sidebar_item_set_favicon (VigilSidebarItem *self, const char *path);
/* An account's state ("Synced 5 minutes ago"), or NULL. */
const char *vigil_sidebar_item_get_subtitle (VigilSidebarItem *self);
void vigil_sidebar_item_set_subtitle (VigilSidebarItem *self, const char *subtitle);
/* An account the sync engine has no password for: its row offers Sign In. */
gboolean vigil_sidebar_item_get_needs_sign_in (VigilSidebarItem *self);
void vigil_sidebar_item_set_needs_sign_in (VigilSidebarItem *self, gboolean needs_sign_in);
/* A folder shows its items; others: always TRUE. */
gboolean vigil_sidebar_item_get_expanded (VigilSidebarItem *self);
void vigil_sidebar_item_set_expanded (VigilSidebarItem *self, gboolean expanded);
/* FALSE while the folder it is in is collapsed. */
gboolean vigil_sidebar_item_get_visible (VigilSidebarItem *self);
void vigil_sidebar_item_set_visible (VigilSidebarItem *self, gboolean visible);
/* A source item's source (its latest state), or NULL. */
VigilSource *vigil_sidebar_item_get_source (VigilSidebarItem *self);
void vigil_sidebar_item_set_source (VigilSidebarItem *self, VigilSource *source);
/* The folder item this one is under, or NULL. */
VigilSidebarItem *vigil_sidebar_item_get_folder (VigilSidebarItem *self);
void vigil_sidebar_item_set_folder (VigilSidebarItem *self, VigilSidebarItem *folder);
/* Whether selecting it shows a view (views, rules and sources). */
gboolean vigil_sidebar_item_is_view (VigilSidebarItem *self);

G_END_DECLS
