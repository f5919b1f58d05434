/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-monitor-articles.c — a stored article worked on again, in a worker:
 * its full text stored (reader mode) and judged by the rules, separated from
 * its story, analysed */
#include "config.h"

#include "vigil-monitor-internal.h"

static void
separate_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VigilMonitor *self = source;
  GError *error = NULL;
  gboolean ok = vigil_ingest_separate (self->ingest, *(gint64 *) task_data, &error);

  vigil_task_return_boolean_or_error (task, ok, error);
}

void
vigil_monitor_separate_from_story_async (VigilMonitor *self, gint64 article_id,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  vigil_task_run_in_thread (self, vigil_monitor_separate_from_story_async,
                            g_memdup2 (&article_id, sizeof article_id), g_free, separate_thread,
                            cancellable, callback, user_data);
}

gboolean
vigil_monitor_separate_from_story_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vigil_monitor_analyze_article (VigilMonitor *self, VigilArticle *article)
{
  vigil_ingest_analyze_article (self->ingest, article);
}

/* ---- reader mode ---- */

typedef struct
{
  gint64 article_id;
  char *html;
  gboolean notify;
  VigilAlertHit *hit; /* what to notify, from the worker */
} FullContentJob;

static void
full_content_job_free (FullContentJob *job)
{
  g_free (job->html);
  g_clear_pointer (&job->hit, vigil_alert_hit_free);
  g_free (job);
}

/* In a worker: vigil_ingest_full_content. */
static void
full_content_thread (GTask *task, gpointer source_object, gpointer task_data,
                     GCancellable *cancellable)
{
  VigilMonitor *self = source_object;
  FullContentJob *job = task_data;
  GError *error = NULL;
  VigilArticle *article = vigil_ingest_full_content (self->ingest, job->article_id, job->html,
                                                     job->notify, &job->hit, &error);

  vigil_task_return_pointer_or_error (task, article, g_object_unref, error);
}
/* On the monitor's main context: what the worker found to notify. */
static void
full_content_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  g_autoptr (GTask) outer = user_data;
  FullContentJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  VigilArticle *article = g_task_propagate_pointer (G_TASK (result), &error);

  if (article == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  if (job->hit != NULL)
    {
      g_autoptr (GPtrArray) hits = vigil_alert_hits_new ();
      g_ptr_array_add (hits, g_steal_pointer (&job->hit));
      vigil_monitor_deliver_alerts (self, hits);
    }
  g_task_return_pointer (outer, article, g_object_unref);
}

void
vigil_monitor_set_full_content_async (VigilMonitor *self, gint64 article_id, const char *html,
                                      gboolean notify, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  /* The worker's task: its result comes back to the monitor, which notifies
   * before the caller hears of it (a cancelled caller still stores). */
  FullContentJob *job = g_new0 (FullContentJob, 1);

  job->article_id = article_id;
  job->html = g_strdup (html);
  job->notify = notify;
  g_task_set_source_tag (outer, vigil_monitor_set_full_content_async);
  vigil_task_run_in_thread (self, NULL, job, (GDestroyNotify) full_content_job_free,
                            full_content_thread, NULL, full_content_done, outer);
}

VigilArticle *
vigil_monitor_set_full_content_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
