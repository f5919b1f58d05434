/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rule-backfill.h — a rule saved in the editor (new, or its query changed) judged on
 * the articles stored before it: its matches become quiet alerts, listed in the rule's view */
#pragma once

#include <gio/gio.h>

#include "vigil-alert-engine.h"
#include "vigil-gazetteer.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* The period looked at (the rule editor's dry run looks at the same) and the
 * most matches recorded (the newest). */
#define VIGIL_RULE_BACKFILL_DAYS 7
#define VIGIL_RULE_BACKFILL_MAX 2000

/* The rules of after (VigilAlertRule*) whose matches among stored articles
 * must be looked for, as references: enabled, and new (no rule of that name
 * in before), or with another query, other sources or folders, or switched
 * on since. */
GPtrArray *vigil_rule_backfill_changed (GPtrArray *before, GPtrArray *after);

typedef struct
{
  guint matched; /* articles the rule matches (those it alerted on already, or the desk
                  * dismissed, too) */
  guint dropped; /* its quiet alerts on articles it no longer matches, removed */
} VigilRuleBackfillResult;

/* In any thread (it reads and writes the store like the monitor's workers):
 * evaluates rule, as the live rules do (its scope included), on the articles
 * first seen in the last `days` days that the full-text index does not rule
 * out (as the dry run does) and on the articles of its earlier quiet alerts;
 * records the newest `max` matches as quiet alerts (vigil_store_record_quiet_alerts:
 * no notification, no webhook, no throttle budget) and removes its quiet
 * alerts that no longer match. FALSE with G_IO_ERROR_CANCELLED when
 * cancelled before the write. */
gboolean vigil_rule_backfill_run (VigilStore *store, VigilGazetteer *gazetteer,
                                  VigilAlertRule *rule, guint days, guint max,
                                  GCancellable *cancellable, VigilRuleBackfillResult *out,
                                  GError **error);

G_END_DECLS
