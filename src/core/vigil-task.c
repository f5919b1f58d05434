/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-task.c: the one way the layers start an _async call in a GTask thread. */
#include "vigil-task.h"

VigilTaskCall *
vigil_task_call_new (int kind, gint64 id, gboolean flag, guint number, const char *text,
                     const char *text2)
{
  VigilTaskCall call = { kind, id, flag, number, g_strdup (text), g_strdup (text2) };

  return g_memdup2 (&call, sizeof call);
}

void
vigil_task_call_free (VigilTaskCall *call)
{
  g_free (call->text);
  g_free (call->text2);
  g_free (call);
}

void
vigil_task_run_in_thread (gpointer source, gpointer source_tag, gpointer data,
                          GDestroyNotify data_free, GTaskThreadFunc func, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (source, cancellable, callback, user_data);

  if (source_tag != NULL)
    g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, data_free);
  g_task_run_in_thread (task, func);
}

void
vigil_task_return_pointer_or_error (GTask *task, gpointer result, GDestroyNotify result_free,
                                    GError *error)
{
  if (result != NULL)
    g_task_return_pointer (task, result, result_free);
  else
    g_task_return_error (task, error);
}

void
vigil_task_return_boolean_or_error (GTask *task, gboolean ok, GError *error)
{
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}
