/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rules-file.h — the desk's alert rules file: read at start, saved from the editor */
#pragma once

#include "vigil-alert-engine.h"

G_BEGIN_DECLS

/* What was read of the rules file, and where changes go. */
typedef struct
{
  GPtrArray *problems; /* VigilRulesProblem*: what the file did not load */
  char *save_path;     /* the rules file, or a new file beside it */
} VigilRulesFile;

/* The desk's rules file (in the user's config directory). */
char *vigil_rules_file_path (void);
/* Loads the desk's rules into engine, after the shipped ones already there;
 * see vigil_monitor_get_rules_problems and vigil_monitor_dup_rules_save_path. */
VigilRulesFile *vigil_rules_file_load (VigilAlertEngine *engine);
void vigil_rules_file_free (VigilRulesFile *file);
/* Writes rules to file->save_path and puts them in force in engine; on error
 * nothing changes. */
gboolean vigil_rules_file_save (VigilRulesFile *file, VigilAlertEngine *engine, GPtrArray *rules,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRulesFile, vigil_rules_file_free)

G_END_DECLS
