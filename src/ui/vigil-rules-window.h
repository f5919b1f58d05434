/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rules-window.h: the desk's alert rules, each switched on or off here
 * and opened in the rule editor to change. */
#pragma once

#include <adwaita.h>

#include "vigil-monitor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_RULES_WINDOW (vigil_rules_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilRulesWindow, vigil_rules_window, VIGIL, RULES_WINDOW, AdwWindow)

VigilRulesWindow *vigil_rules_window_new (GtkWindow *parent, VigilMonitor *monitor);
/* Opens the editor for the rule named name (NULL: a new rule) in the rules
 * window's place, over the same window; returns it. */
GtkWindow *vigil_rules_window_edit (VigilRulesWindow *self, const char *name);
/* Shows the rules window, or its editor while one is open. */
void vigil_rules_window_present (VigilRulesWindow *self);
/* The rule editor alone, a modal dialog over parent (NULL name: a new rule). */
GtkWindow *vigil_rules_editor_open (GtkWindow *parent, VigilMonitor *monitor, const char *name);
/* The one rule editor of parent's application on the rule named name: the
 * open editor if it is that rule's, else one in its place (asked first when
 * the open one has changes not saved), else a new one over parent. Returns
 * the editor shown (the open one while the question is asked). */
GtkWindow *vigil_rules_editor_show (GtkWindow *parent, VigilMonitor *monitor, const char *name);

G_END_DECLS
