/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rule-editor.h: a dialog to write or change one alert rule.
 *
 * The query is checked as it is typed (a mistake is shown with its place), and
 * run against the stored articles of the last week, so the desk sees what the
 * rule would have caught before saving it. Saving writes the desk's rules file
 * and puts the rules in force at once.
 */
#pragma once

#include <adwaita.h>

#include "vigil-monitor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_RULE_EDITOR (vigil_rule_editor_get_type ())
G_DECLARE_FINAL_TYPE (VigilRuleEditor, vigil_rule_editor, VIGIL, RULE_EDITOR, AdwWindow)

/* rule: the rule to change, or NULL for a new one. Emits "saved" after the
 * rules were saved (or the rule deleted). */
VigilRuleEditor *vigil_rule_editor_new (GtkWindow *parent, VigilMonitor *monitor,
                                        VigilAlertRule *rule);
/* The name of the rule it opened on (NULL: a new rule). */
const char *vigil_rule_editor_get_rule_name (VigilRuleEditor *self);
/* Whether its name, query or severity were changed from the rule's. */
gboolean vigil_rule_editor_is_changed (VigilRuleEditor *self);
/* For tests: the stored articles the last dry run matched, or -1 while none
 * has finished for the current query. */
int vigil_rule_editor_get_match_count (VigilRuleEditor *self);

G_END_DECLS
