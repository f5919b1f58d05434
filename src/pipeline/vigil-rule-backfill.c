/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rule-backfill.c — a saved rule's matches among the stored articles, recorded as
 * quiet alerts off the main thread, one rule after another */
#include "config.h"

#include "vigil-rule-backfill.h"

#include "vigil-alert-dispatch.h"
#include "vigil-monitor-internal.h"

/* NULL and an empty list alike. */
static gboolean
strv_same (char **a, char **b)
{
  static char *none[] = { NULL };
  return g_strv_equal ((const char *const *) (a ? a : none), (const char *const *) (b ? b : none));
}

/* Whether two versions of a rule match the same articles. */
static gboolean
same_matching (const VigilAlertRule *a, const VigilAlertRule *b)
{
  return a->enabled == b->enabled && g_strcmp0 (a->query_text, b->query_text) == 0
         && strv_same (a->sources, b->sources) && strv_same (a->folders, b->folders);
}

static VigilAlertRule *
find_rule (GPtrArray *rules, const char *name)
{
  for (guint i = 0; rules && i < rules->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (rules, i);
      if (g_strcmp0 (rule->name, name) == 0)
        return rule;
    }
  return NULL;
}

GPtrArray *
vigil_rule_backfill_changed (GPtrArray *before, GPtrArray *after)
{
  GPtrArray *changed = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_rule_unref);

  for (guint i = 0; after && i < after->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (after, i);
      VigilAlertRule *old = find_rule (before, rule->name);

      if (rule->enabled && rule->query != NULL && (old == NULL || !same_matching (old, rule)))
        g_ptr_array_add (changed, vigil_alert_rule_ref (rule));
    }
  return changed;
}

/* The matched words once each, as a live alert records them. */
static char *
matched_words (VigilAlertRule *rule, GPtrArray *terms)
{
  g_autoptr (GPtrArray) matches
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_match_free);
  g_autoptr (GPtrArray) requests = NULL;
  VigilAlertMatch *match = g_new0 (VigilAlertMatch, 1);

  match->rule = vigil_alert_rule_ref (rule);
  match->terms = g_ptr_array_ref (terms);
  g_ptr_array_add (matches, match);
  requests = vigil_story_alerts_for (matches);
  return g_strdup (((VigilStoryAlert *) g_ptr_array_index (requests, 0))->matched);
}

typedef struct
{
  VigilAlertRule *rule;
  VigilGazetteer *gazetteer;
  gboolean with_analysis;
  GHashTable *sources; /* source id -> VigilSource */
  GArray *ids;         /* matched: gint64 */
  GPtrArray *matched;  /* their words: char* */
} Backfill;

static void
judge (Backfill *b, VigilArticle *a)
{
  VigilSource *source = g_hash_table_lookup (b->sources, &a->source_id);
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);

  if (!vigil_alert_rule_in_scope (b->rule, source ? source->url : NULL,
                                  source ? source->folder : NULL)
      || !vigil_alert_query_match_stored_terms (b->rule->query, b->gazetteer, a, b->with_analysis,
                                                terms))
    return;
  g_array_append_val (b->ids, a->id);
  g_ptr_array_add (b->matched, matched_words (b->rule, terms));
}

gboolean
vigil_rule_backfill_run (VigilStore *store, VigilGazetteer *gazetteer, VigilAlertRule *rule,
                         guint days, guint max, GCancellable *cancellable,
                         VigilRuleBackfillResult *out, GError **error)
{
  g_autofree char *narrow = vigil_query_fts_prefilter (rule->query);
  gint64 since = g_get_real_time () / G_USEC_PER_SEC - (gint64) days * 86400;
  g_autoptr (GPtrArray) candidates = NULL;
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (GArray) quiet = NULL;
  g_autoptr (GHashTable) judged = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) matched = g_ptr_array_new_with_free_func (g_free);
  Backfill b = { rule, gazetteer, vigil_query_needs_analysis (rule->query), by_id, ids, matched };
  guint dropped = 0;

  memset (out, 0, sizeof *out);
  sources = vigil_store_list_sources (store, error);
  if (sources == NULL)
    return FALSE;
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *source = g_ptr_array_index (sources, i);
      g_hash_table_insert (by_id, &source->id, source);
    }
  /* Newest first, like the dry run: what the index cannot rule out. */
  candidates = vigil_store_list_candidates (store, narrow, since, error);
  if (candidates == NULL)
    return FALSE;
  for (guint i = 0; i < candidates->len && ids->len < max; i++)
    {
      VigilArticle *a = g_ptr_array_index (candidates, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_hash_table_add (judged, g_memdup2 (&a->id, sizeof a->id));
      judge (&b, a);
    }
  /* The articles of its quiet alerts from before the period are judged
   * again (in the period, what the index ruled out does not match). */
  quiet = vigil_store_list_quiet_alerts (store, rule->name, error);
  if (quiet == NULL)
    return FALSE;
  for (guint i = quiet->len; i-- > 0 && ids->len < max;)
    {
      gint64 id = g_array_index (quiet, gint64, i);
      g_autoptr (VigilArticle) a = NULL;

      if (g_hash_table_contains (judged, &id))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      a = vigil_store_get_article (store, id, NULL);
      if (a != NULL && a->first_seen < since)
        judge (&b, a);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!vigil_store_record_quiet_alerts (store, rule->name, ids, matched, TRUE, &dropped, error))
    return FALSE;
  out->matched = ids->len;
  out->dropped = dropped;
  return TRUE;
}

/* ---- the monitor's queue: one rule at a time, each off the main thread ---- */

typedef struct
{
  VigilAlertRule *rule;
  gboolean superseded; /* another version of the rule was in force by then */
  VigilRuleBackfillResult result;
} Job;

static void
job_free (Job *job)
{
  vigil_alert_rule_unref (job->rule);
  g_free (job);
}

static void backfill_next (VigilMonitor *self);

static void
backfill_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilMonitor *self = source;
  Job *job = data;
  g_autoptr (GPtrArray) in_force = vigil_alert_engine_dup_rules (self->alerts);
  VigilAlertRule *now = find_rule (in_force, job->rule->name);
  GError *error = NULL;

  /* Saved again (or deleted, or switched off) since: a later job, if any,
   * looks for that version's matches. */
  job->superseded = now == NULL || !same_matching (now, job->rule);
  if (!job->superseded
      && !vigil_rule_backfill_run (self->store, vigil_monitor_get_gazetteer (self), job->rule,
                                   VIGIL_RULE_BACKFILL_DAYS, VIGIL_RULE_BACKFILL_MAX, cancellable,
                                   &job->result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!job->superseded)
    {
      /* Deleted or renamed while it ran: its quiet matches go with it (no
       * view lists them any more, and a rule of that name later starts
       * afresh). Saved with another query meanwhile: that version's job
       * puts its own matches in place. */
      g_autoptr (GPtrArray) after = vigil_alert_engine_dup_rules (self->alerts);
      if (find_rule (after, job->rule->name) == NULL)
        {
          g_autoptr (GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));
          job->superseded = TRUE;
          vigil_store_record_quiet_alerts (self->store, job->rule->name, none, NULL, TRUE, NULL,
                                           NULL);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
backfill_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->backfilling = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return; /* the monitor is going away */
      g_warning ("Could not list the stored matches of rule %s: %s", job->rule->name,
                 error->message);
    }
  else if (!job->superseded)
    g_signal_emit (self, vigil_monitor_signals[SIGNAL_RULE_BACKFILLED], 0, job->rule->name,
                   job->result.matched);
  backfill_next (self);
}

static void
backfill_next (VigilMonitor *self)
{
  Job *job;

  if (self->backfilling || g_queue_is_empty (&self->backfills)
      || g_cancellable_is_cancelled (self->cancellable))
    return;
  job = g_new0 (Job, 1);
  job->rule = g_queue_pop_head (&self->backfills);
  self->backfilling = TRUE;
  vigil_task_run_in_thread (self, backfill_next, job, (GDestroyNotify) job_free, backfill_thread,
                            self->cancellable, backfill_done, NULL);
}

void
vigil_monitor_backfill_rules (VigilMonitor *self, GPtrArray *rules)
{
  for (guint i = 0; i < rules->len; i++)
    g_queue_push_tail (&self->backfills, vigil_alert_rule_ref (g_ptr_array_index (rules, i)));
  backfill_next (self);
}
