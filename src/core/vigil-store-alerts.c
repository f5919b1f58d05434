/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-alerts.c — alerts of stories: record, count, see, dismiss, undo, quiet alerts
 * (the stories themselves: vigil-store-stories.c) */
#include "vigil-store-private.h"

VigilStoryAlert *
vigil_story_alert_new (const char *rule, const char *matched)
{
  VigilStoryAlert *alert = g_new0 (VigilStoryAlert, 1);
  alert->rule = g_strdup (rule);
  alert->matched = g_strdup (matched);
  return alert;
}

void
vigil_story_alert_free (VigilStoryAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->rule);
  g_free (alert->matched);
  g_free (alert);
}

gboolean
vigil_store_add_alert (VigilStore *self, const char *rule, gint64 article_id,
                       const char *matched_terms, gboolean *out_inserted, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  if (out_inserted)
    *out_inserted = FALSE;
  g_mutex_lock (&self->write_lock);
  stmt = store_prepare (
      self->writer,
      "INSERT INTO alerts (rule, article_id, matched, created) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (rule, article_id) DO NOTHING",
      error);
  if (stmt)
    {
      store_bind_text (stmt, 1, rule);
      sqlite3_bind_int64 (stmt, 2, article_id);
      store_bind_text (stmt, 3, matched_terms);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        store_set_error (error, self->writer, "Cannot record the alert");
      else if (out_inserted)
        *out_inserted = sqlite3_changes (self->writer) == 1;
    }
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_ALERTS : 0, 0);
  return ok;
}

gint64
vigil_store_count_alerts (VigilStore *self, const char *state)
{
  return store_read_int64_text (self, "SELECT count(*) FROM alerts WHERE ?1 IS NULL OR state = ?1",
                                state, 0);
}

/* ---- recording story alerts ---- */

/* Up to two articles of a story that have alerts of a rule (for dismissed,
 * dismissed alerts), and whether those are all of them. */
typedef struct
{
  gint64 ids[2];
  guint n;
  gboolean complete;
} Known;

typedef struct
{
  Known any, dismissed;
  gboolean any_read, dismissed_read;
} KnownAlerts;

enum
{
  STMT_SIZE,
  STMT_ANY,
  STMT_DISMISSED_IN_STORY,
  STMT_DISMISSED_ALL,
  STMT_DISMISSED_RULES,
  STMT_INSERT,
};

static const char *const alert_sql[] = {
  [STMT_SIZE] = "SELECT count(*) FROM articles WHERE cluster_id = ?",
  /* The story's articles (from the cluster index), each looked for in the
   * rule's alerts: not every alert of the rule, which a busy rule has by the
   * tens of thousands. */
  /* A quiet alert (a match found among stored articles when the rule was
   * saved) was never news: a later report is not its update. */
  [STMT_ANY] = "SELECT al.article_id FROM articles a CROSS JOIN alerts al ON al.article_id = a.id "
               "WHERE a.cluster_id = ?1 AND al.rule = ?2 AND al.state != 'quiet' LIMIT 2",
  [STMT_DISMISSED_IN_STORY]
  = "SELECT al.article_id FROM articles a CROSS JOIN alerts al ON al.article_id = a.id "
    "WHERE a.cluster_id = ?1 AND al.rule = ?2 AND al.state = 'dismissed' LIMIT 2",
  /* Or the dismissed alerts, when there are fewer of them than articles in
   * the story. */
  [STMT_DISMISSED_ALL]
  = "SELECT al.article_id FROM alerts al INDEXED BY alerts_by_state CROSS JOIN articles a "
    "ON a.id = al.article_id WHERE al.state = 'dismissed' AND al.rule = ?2 AND a.cluster_id = ?1 "
    "LIMIT 2",
  [STMT_DISMISSED_RULES]
  = "SELECT rule, count(*) FROM alerts WHERE state = 'dismissed' GROUP BY rule",
  /* A quiet alert (the rule's backfill found the article stored before it
   * was judged) becomes the live one: the news is not lost to it. */
  [STMT_INSERT]
  = "INSERT INTO alerts (rule, article_id, matched, created, state) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (rule, article_id) DO UPDATE SET matched = excluded.matched, "
    "created = excluded.created, state = excluded.state WHERE alerts.state = 'quiet'",
};

G_STATIC_ASSERT (G_N_ELEMENTS (alert_sql) == G_N_ELEMENTS (((StoreAlertCache *) NULL)->stmts));

void
store_alert_cache_clear (StoreAlertCache *cache)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache->stmts); i++)
    g_clear_pointer (&cache->stmts[i], sqlite3_finalize);
  g_clear_pointer (&cache->sizes, g_hash_table_unref);
  g_clear_pointer (&cache->known, g_hash_table_unref);
  g_clear_pointer (&cache->dismissed, g_hash_table_unref);
  cache->dismissed_total = 0;
}

void
store_alert_cache_added (StoreAlertCache *cache, gint64 cluster_id)
{
  gint64 *size = cache->sizes ? g_hash_table_lookup (cache->sizes, &cluster_id) : NULL;

  if (size != NULL)
    (*size)++;
}

/* One of the cache's statements, ready to bind. */
static sqlite3_stmt *
alert_statement (VigilStore *self, StoreAlertCache *cache, guint which, GError **error)
{
  if (cache->stmts[which] == NULL)
    cache->stmts[which] = store_prepare (self->writer, alert_sql[which], error);
  else
    {
      sqlite3_reset (cache->stmts[which]);
      sqlite3_clear_bindings (cache->stmts[which]);
    }
  return cache->stmts[which];
}

/* How many articles the story has, as a count of them would say now. */
static gboolean
story_size (VigilStore *self, StoreAlertCache *cache, gint64 cluster_id, gint64 *out,
            GError **error)
{
  gint64 *size;
  sqlite3_stmt *stmt;

  if (cache->sizes == NULL)
    cache->sizes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  size = g_hash_table_lookup (cache->sizes, &cluster_id);
  if (size == NULL)
    {
      stmt = alert_statement (self, cache, STMT_SIZE, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, cluster_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return store_set_error (error, self->writer, "Cannot record the alert");
      size = g_new (gint64, 1);
      *size = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      g_hash_table_insert (cache->sizes, g_memdup2 (&cluster_id, sizeof cluster_id), size);
    }
  *out = *size;
  return TRUE;
}

static gboolean
read_known (VigilStore *self, StoreAlertCache *cache, guint which, gint64 cluster_id,
            const char *rule, Known *known, GError **error)
{
  sqlite3_stmt *stmt = alert_statement (self, cache, which, error);
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cluster_id);
  store_bind_text (stmt, 2, rule);
  known->n = 0;
  while (known->n < G_N_ELEMENTS (known->ids) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    known->ids[known->n++] = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return store_set_error (error, self->writer, "Cannot record the alert");
  known->complete = known->n < G_N_ELEMENTS (known->ids);
  return TRUE;
}

/* Whether an article other than article_id has such an alert. */
static gboolean
known_other (const Known *known, gint64 article_id)
{
  for (guint i = 0; i < known->n; i++)
    if (known->ids[i] != article_id)
      return TRUE;
  return FALSE;
}

static void
known_add (Known *known, gint64 article_id)
{
  for (guint i = 0; i < known->n; i++)
    if (known->ids[i] == article_id)
      return;
  if (known->n < G_N_ELEMENTS (known->ids))
    known->ids[known->n++] = article_id;
  else
    known->complete = FALSE;
}

/* The rules with dismissed alerts, and how many each. */
static gboolean
read_dismissed_rules (VigilStore *self, StoreAlertCache *cache, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (cache->dismissed != NULL)
    return TRUE;
  stmt = alert_statement (self, cache, STMT_DISMISSED_RULES, error);
  if (stmt == NULL)
    return FALSE;
  cache->dismissed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 1);
      if (sqlite3_column_text (stmt, 0) != NULL)
        g_hash_table_insert (cache->dismissed,
                             g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             GSIZE_TO_POINTER ((gsize) n));
      cache->dismissed_total += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&cache->dismissed, g_hash_table_unref);
      return store_set_error (error, self->writer, "Cannot record the alert");
    }
  return TRUE;
}

/* What the story's articles have of the rule's alerts (read once a
 * transaction, then kept up to date as alerts are recorded in it). */
static KnownAlerts *
known_alerts (VigilStore *self, StoreAlertCache *cache, gint64 cluster_id, gint64 size,
              const char *rule, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", cluster_id, rule);
  KnownAlerts *k;

  if (cache->known == NULL)
    cache->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  k = g_hash_table_lookup (cache->known, key);
  if (k == NULL)
    {
      k = g_new0 (KnownAlerts, 1);
      g_hash_table_insert (cache->known, g_steal_pointer (&key), k);
    }
  if (!k->any_read)
    {
      if (!read_known (self, cache, STMT_ANY, cluster_id, rule, &k->any, error))
        return NULL;
      k->any_read = TRUE;
    }
  if (!k->dismissed_read)
    {
      if (!read_dismissed_rules (self, cache, error))
        return NULL;
      if (g_hash_table_lookup (cache->dismissed, rule) == NULL)
        k->dismissed.complete = TRUE; /* the rule has no dismissed alert at all */
      else if (!read_known (self, cache,
                            cache->dismissed_total < size ? STMT_DISMISSED_ALL
                                                          : STMT_DISMISSED_IN_STORY,
                            cluster_id, rule, &k->dismissed, error))
        return NULL;
      k->dismissed_read = TRUE;
    }
  return k;
}

/* Records one alert with the write lock held and a transaction open (or in
 * autocommit): new, an update of its story (another of its articles has an
 * alert of the rule), or dismissed with the story. */
gboolean
store_record_story_alert (VigilStore *self, StoreAlertCache *cache, gint64 article_id,
                          gint64 cluster_id, VigilStoryAlert *alert, GError **error)
{
  gboolean update, dismissed;
  KnownAlerts *k;
  sqlite3_stmt *insert;
  gint64 size = 0;
  gboolean inserted;

  alert->inserted = FALSE;
  alert->update = FALSE;
  alert->reports = 1;
  if (!story_size (self, cache, cluster_id, &size, error))
    return FALSE;
  k = known_alerts (self, cache, cluster_id, size, alert->rule, error);
  if (k == NULL)
    return FALSE;
  update = known_other (&k->any, article_id);
  dismissed = known_other (&k->dismissed, article_id);
  insert = alert_statement (self, cache, STMT_INSERT, error);
  if (insert == NULL)
    return FALSE;
  store_bind_text (insert, 1, alert->rule);
  sqlite3_bind_int64 (insert, 2, article_id);
  store_bind_text (insert, 3, alert->matched);
  sqlite3_bind_int64 (insert, 4, g_get_real_time () / G_USEC_PER_SEC);
  /* A story the desk dismissed stays dismissed as more outlets carry it. */
  store_bind_text (insert, 5, dismissed ? "dismissed" : update ? "update" : "new");
  if (store_step_retry (self->writer, insert) != SQLITE_DONE)
    return store_set_error (error, self->writer, "Cannot record the alert");
  inserted = sqlite3_changes (self->writer) == 1;
  sqlite3_reset (insert);
  if (inserted)
    {
      known_add (&k->any, article_id);
      if (dismissed)
        {
          gsize n = GPOINTER_TO_SIZE (g_hash_table_lookup (cache->dismissed, alert->rule));
          known_add (&k->dismissed, article_id);
          g_hash_table_insert (cache->dismissed, g_strdup (alert->rule), GSIZE_TO_POINTER (n + 1));
          cache->dismissed_total++;
        }
    }
  alert->inserted = inserted && !dismissed;
  alert->update = update;
  alert->reports = (guint) size;
  return TRUE;
}

gboolean
vigil_store_add_story_alert (VigilStore *self, const char *rule, gint64 article_id,
                             gint64 cluster_id, const char *matched_terms, gboolean *out_inserted,
                             gboolean *out_update, guint *out_reports, GError **error)
{
  StoreAlertCache cache = { 0 };
  g_autoptr (VigilStoryAlert) alert = vigil_story_alert_new (rule, matched_terms);
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  ok = store_record_story_alert (self, &cache, article_id, cluster_id, alert, error);
  store_alert_cache_clear (&cache);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok && alert->inserted ? VIGIL_STORE_CHANGE_ALERTS : 0, 0);
  *out_inserted = alert->inserted;
  *out_update = alert->update;
  *out_reports = alert->reports;
  return ok;
}

GHashTable *
vigil_store_count_alerts_by_rule (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (
      reader, "SELECT rule, count(*) FROM alerts WHERE state != 'dismissed' GROUP BY rule", NULL);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 0) != NULL)
      g_hash_table_insert (counts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           GUINT_TO_POINTER ((guint) sqlite3_column_int64 (stmt, 1)));
  store_read_end (self, reader);
  return counts;
}

gint64
vigil_store_count_unseen_alerts (VigilStore *self)
{
  /* stories with a new alert not looked at yet */
  return store_read_int64 (
      self,
      "SELECT count(DISTINCT a.cluster_id) FROM alerts al JOIN articles a ON a.id = al.article_id "
      "WHERE al.state IN ('new', 'update') AND NOT EXISTS (SELECT 1 FROM alerts s JOIN articles b "
      "ON b.id = s.article_id WHERE b.cluster_id = a.cluster_id AND s.state IN ('seen', "
      "'dismissed'))",
      0, 0);
}

/* Runs an UPDATE of the alerts of the story an article belongs to (the
 * article id is its one parameter). */
static gboolean
set_story_alert_state (VigilStore *self, gint64 article_id, const char *sql, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->write_lock);
  stmt = store_prepare (self->writer, sql, error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, article_id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        store_set_error (error, self->writer, "Cannot update the alerts");
    }
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_ALERTS : 0, 0);
  return ok;
}

#define STORY_OF_ARTICLE                                                                           \
  "article_id IN (SELECT id FROM articles WHERE cluster_id = "                                     \
  "(SELECT cluster_id FROM articles WHERE id = ?))"

gboolean
vigil_store_mark_story_seen (VigilStore *self, gint64 article_id, GError **error)
{
  return set_story_alert_state (
      self, article_id,
      "UPDATE alerts SET state = 'seen' WHERE state IN ('new', 'update') AND " STORY_OF_ARTICLE,
      error);
}

void
vigil_alert_record_free (VigilAlertRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->rule);
  g_free (record->state);
  g_free (record->matched);
  g_free (record);
}

GPtrArray *
vigil_store_list_story_alerts (VigilStore *self, gint64 article_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_record_free);

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (
      reader,
      "SELECT al.rule, al.created, al.state, al.matched, al.article_id FROM alerts al "
      "JOIN articles a ON a.id = al.article_id WHERE a.cluster_id = "
      "(SELECT cluster_id FROM articles WHERE id = ?) ORDER BY al.created, al.id",
      error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, article_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          VigilAlertRecord *r = g_new0 (VigilAlertRecord, 1);
          r->rule = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          r->created = sqlite3_column_int64 (stmt, 1);
          r->state = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          r->matched = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          r->article_id = sqlite3_column_int64 (stmt, 4);
          g_ptr_array_add (result, r);
        }
    }
  store_read_end (self, reader);
  if (stmt == NULL)
    g_clear_pointer (&result, g_ptr_array_unref);
  return result;
}

gboolean
vigil_store_dismiss_story_alerts (VigilStore *self, gint64 article_id, GError **error)
{
  return set_story_alert_state (
      self, article_id, "UPDATE alerts SET state = 'dismissed' WHERE " STORY_OF_ARTICLE, error);
}

/* One alert a dismissal changed: its row and the state it had before. */
typedef struct
{
  gint64 alert_id;
  char *state;
} AlertState;

struct _VigilAlertUndo
{
  GArray *alerts; /* AlertState */
};

static void
alert_state_clear (gpointer data)
{
  g_free (((AlertState *) data)->state);
}

void
vigil_alert_undo_free (VigilAlertUndo *undo)
{
  if (undo == NULL)
    return;
  g_array_unref (undo->alerts);
  g_free (undo);
}

guint
vigil_alert_undo_get_n_alerts (VigilAlertUndo *undo)
{
  g_return_val_if_fail (undo != NULL, 0);
  return undo->alerts->len;
}

VigilAlertUndo *
vigil_store_dismiss_alerts (VigilStore *self, const gint64 *article_ids, guint n_ids,
                            GError **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  VigilAlertUndo *undo = g_new0 (VigilAlertUndo, 1);
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (n_ids == 0 || article_ids != NULL, NULL);
  undo->alerts = g_array_new (FALSE, FALSE, sizeof (AlertState));
  g_array_set_clear_func (undo->alerts, alert_state_clear);
  g_mutex_lock (&self->write_lock);
  ok = store_begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      select = store_prepare (self->writer,
                              "SELECT id, state FROM alerts WHERE article_id = ? "
                              "AND state != 'dismissed' ORDER BY id",
                              error);
      update = select ? store_prepare (self->writer,
                                       "UPDATE alerts SET state = 'dismissed' WHERE id = ?", error)
                      : NULL;
      ok = update != NULL;
    }
  for (guint i = 0; ok && i < n_ids; i++)
    {
      int rc;
      sqlite3_reset (select);
      sqlite3_bind_int64 (select, 1, article_ids[i]);
      while ((rc = sqlite3_step (select)) == SQLITE_ROW)
        {
          AlertState state = { sqlite3_column_int64 (select, 0),
                               g_strdup ((const char *) sqlite3_column_text (select, 1)) };
          g_array_append_val (undo->alerts, state);
        }
      if (rc != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot read the alerts");
    }
  for (guint i = 0; ok && i < undo->alerts->len; i++)
    {
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (undo->alerts, AlertState, i).alert_id);
      if (sqlite3_step (update) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot update the alerts");
    }
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok && undo->alerts->len > 0 ? VIGIL_STORE_CHANGE_ALERTS : 0, 0);
  if (!ok)
    g_clear_pointer (&undo, vigil_alert_undo_free);
  return undo;
}

static void
dismiss_alerts_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GArray *ids = task_data;
  GError *error = NULL;
  VigilAlertUndo *undo = vigil_store_dismiss_alerts (VIGIL_STORE (source),
                                                     (const gint64 *) ids->data, ids->len, &error);

  vigil_task_return_pointer_or_error (task, undo, (GDestroyNotify) vigil_alert_undo_free, error);
}

void
vigil_store_dismiss_alerts_async (VigilStore *self, const gint64 *article_ids, guint n_ids,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  store_run_on_ids (self, article_ids, n_ids, vigil_store_dismiss_alerts_async,
                    dismiss_alerts_thread, cancellable, callback, user_data);
}

VigilAlertUndo *
vigil_store_dismiss_alerts_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
undo_alerts_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean ok = vigil_store_undo_alerts (VIGIL_STORE (source), task_data, &error);

  vigil_task_return_boolean_or_error (task, ok, error);
}

void
vigil_store_undo_alerts_async (VigilStore *self, VigilAlertUndo *undo, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  vigil_task_run_in_thread (self, vigil_store_undo_alerts_async, undo, NULL, undo_alerts_thread,
                            cancellable, callback, user_data);
}

gboolean
vigil_store_undo_alerts_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_undo_alerts (VigilStore *self, VigilAlertUndo *undo, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);
  g_mutex_lock (&self->write_lock);
  ok = store_begin_write (self->writer, &self->write_lock, error);
  if (ok)
    {
      stmt = store_prepare (
          self->writer, "UPDATE alerts SET state = ? WHERE id = ? AND state = 'dismissed'", error);
      ok = stmt != NULL;
    }
  for (guint i = 0; ok && i < undo->alerts->len; i++)
    {
      AlertState *state = &g_array_index (undo->alerts, AlertState, i);
      sqlite3_reset (stmt);
      store_bind_text (stmt, 1, state->state);
      sqlite3_bind_int64 (stmt, 2, state->alert_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot update the alerts");
    }
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_ALERTS : 0, 0);
  return ok;
}

/* ---- quiet alerts: a rule's matches among what was stored before it ---- */

GArray *
vigil_store_list_quiet_alerts (VigilStore *self, const char *rule, GError **error)
{
  StoreReadArgs args = { rule, 0, 0 };

  return store_read_ids (self,
                         "SELECT article_id FROM alerts WHERE rule = ?1 AND state = 'quiet' "
                         "ORDER BY article_id",
                         store_bind_text_int, &args, "Cannot list the quiet alerts", error);
}

/* The rule's quiet alerts on articles not in keep, deleted (the write lock
 * held, a transaction open); how many in *n. */
static gboolean
drop_quiet_alerts (VigilStore *self, const char *rule, GHashTable *keep, guint *n, GError **error)
{
  g_autoptr (sqlite3_stmt) select = store_prepare (
      self->writer, "SELECT id, article_id FROM alerts WHERE rule = ? AND state = 'quiet'", error);
  g_autoptr (sqlite3_stmt) delete = NULL;
  g_autoptr (GArray) drop = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (select == NULL)
    return FALSE;
  store_bind_text (select, 1, rule);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 alert_id = sqlite3_column_int64 (select, 0);
      gint64 article_id = sqlite3_column_int64 (select, 1);
      if (!g_hash_table_contains (keep, &article_id))
        g_array_append_val (drop, alert_id);
    }
  if (rc != SQLITE_DONE)
    return store_set_error (error, self->writer, "Cannot read the alerts");
  delete = store_prepare (self->writer, "DELETE FROM alerts WHERE id = ?", error);
  if (delete == NULL)
    return FALSE;
  for (guint i = 0; i < drop->len; i++)
    {
      sqlite3_reset (delete);
      sqlite3_bind_int64 (delete, 1, g_array_index (drop, gint64, i));
      if (sqlite3_step (delete) != SQLITE_DONE)
        return store_set_error (error, self->writer, "Cannot remove the alerts");
    }
  *n = drop->len;
  return TRUE;
}

gboolean
vigil_store_record_quiet_alerts (VigilStore *self, const char *rule, GArray *article_ids,
                                 GPtrArray *matched, gboolean drop_others, guint *out_dropped,
                                 GError **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (GHashTable) keep = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint dropped = 0;
  gboolean changed = FALSE;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (rule != NULL && article_ids != NULL, FALSE);
  g_return_val_if_fail (matched == NULL || matched->len == article_ids->len, FALSE);
  for (guint i = 0; i < article_ids->len; i++)
    g_hash_table_add (keep, &g_array_index (article_ids, gint64, i));
  g_mutex_lock (&self->write_lock);
  ok = store_begin_write (self->writer, &self->write_lock, error);
  if (ok && drop_others)
    ok = drop_quiet_alerts (self, rule, keep, &dropped, error);
  if (ok)
    {
      /* An article gone meanwhile (pruned) is skipped; one the rule alerted
       * on already keeps its alert; a story the desk dismissed for the rule
       * stays dismissed. */
      insert = store_prepare (
          self->writer,
          "INSERT INTO alerts (rule, article_id, matched, created, state) "
          "SELECT ?1, a.id, ?3, ?4, CASE WHEN EXISTS (SELECT 1 FROM alerts al JOIN articles b "
          "ON b.id = al.article_id WHERE al.rule = ?1 AND b.cluster_id = a.cluster_id "
          "AND al.state = 'dismissed') THEN 'dismissed' ELSE 'quiet' END "
          "FROM articles a WHERE a.id = ?2 "
          "ON CONFLICT (rule, article_id) DO UPDATE SET matched = excluded.matched "
          "WHERE state = 'quiet' AND matched IS NOT excluded.matched",
          error);
      ok = insert != NULL;
    }
  for (guint i = 0; ok && i < article_ids->len; i++)
    {
      sqlite3_reset (insert);
      store_bind_text (insert, 1, rule);
      sqlite3_bind_int64 (insert, 2, g_array_index (article_ids, gint64, i));
      store_bind_text (insert, 3, matched ? g_ptr_array_index (matched, i) : NULL);
      sqlite3_bind_int64 (insert, 4, g_get_real_time () / G_USEC_PER_SEC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot record the alerts");
      else
        changed = changed || sqlite3_changes (self->writer) > 0;
    }
  ok = store_end_write (self->writer, ok, error);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok && (changed || dropped > 0) ? VIGIL_STORE_CHANGE_ALERTS : 0, 0);
  if (out_dropped)
    *out_dropped = ok ? dropped : 0;
  return ok;
}
