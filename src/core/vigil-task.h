/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-task.h: the one way the layers start an _async call in a GTask thread. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The arguments of a call run in a thread: what to do, on which row, with a
 * flag, a number and two texts (owned, freed by vigil_task_call_free()). */
typedef struct
{
  int kind;
  gint64 id;
  gboolean flag;
  guint number;
  char *text;
  char *text2;
} VigilTaskCall;

/* A call with copies of text and text2 (either may be NULL). */
VigilTaskCall *vigil_task_call_new (int kind, gint64 id, gboolean flag, guint number,
                                    const char *text, const char *text2);
void vigil_task_call_free (VigilTaskCall *call);

/* Makes a task on source for callback, tags it with source_tag (when not
 * NULL), gives it data (freed with data_free) and runs func in a thread. */
void vigil_task_run_in_thread (gpointer source, gpointer source_tag, gpointer data,
                               GDestroyNotify data_free, GTaskThreadFunc func,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);

/* Returns result (freed with result_free) from task, or, where it is NULL,
 * error (which is taken). */
void vigil_task_return_pointer_or_error (GTask *task, gpointer result, GDestroyNotify result_free,
                                         GError *error);

/* Returns TRUE from task where ok, else error (which is taken). */
void vigil_task_return_boolean_or_error (GTask *task, gboolean ok, GError *error);

G_END_DECLS
