/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-async.c — _async forms of the writes the desk makes on the main thread */
#include "vigil-store-private.h"

/* Each runs its plain form in a GTask thread: the write lock may be held by
 * an ingest for a whole transaction, and the main thread must not wait for it. */
typedef enum
{
  WRITE_SET_STARRED,
  WRITE_MARK_SOURCE_READ,
  WRITE_REMOVE_SOURCE,
  WRITE_EDIT_SOURCE,
  WRITE_SET_SOURCE_FULL_TEXT,
} WriteKind;

typedef struct
{
  WriteKind kind;
  gint64 id;
  gboolean flag; /* starred, load_images */
  guint number;  /* interval_minutes, full-text mode */
  char *title;
  char *folder;
} WriteCall;

static void
write_call_free (WriteCall *call)
{
  g_free (call->title);
  g_free (call->folder);
  g_free (call);
}

static void
write_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilStore *self = source;
  WriteCall *call = data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (call->kind)
    {
    case WRITE_SET_STARRED:
      ok = vigil_store_set_starred (self, call->id, call->flag, &error);
      break;
    case WRITE_MARK_SOURCE_READ:
      ok = vigil_store_mark_source_read (self, call->id, &error);
      break;
    case WRITE_REMOVE_SOURCE:
      ok = vigil_store_remove_source (self, call->id, &error);
      break;
    case WRITE_EDIT_SOURCE:
      ok = vigil_store_edit_source (self, call->id, call->title, call->folder, call->number,
                                    call->flag, &error);
      break;
    case WRITE_SET_SOURCE_FULL_TEXT:
      ok = vigil_store_set_source_full_text (self, call->id, (VigilFullText) call->number, &error);
      break;
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Takes call. */
static void
run_write (VigilStore *self, WriteCall *call, gpointer source_tag, GCancellable *cancellable,
           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (VIGIL_IS_STORE (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) write_call_free);
  g_task_run_in_thread (task, write_thread);
}

static WriteCall *
write_call_new (WriteKind kind, gint64 id, gboolean flag, guint number)
{
  WriteCall *call = g_new0 (WriteCall, 1);

  call->kind = kind;
  call->id = id;
  call->flag = flag;
  call->number = number;
  return call;
}

static gboolean
finish_write (VigilStore *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vigil_store_set_starred_async (VigilStore *self, gint64 article_id, gboolean starred,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  run_write (self, write_call_new (WRITE_SET_STARRED, article_id, starred, 0),
             vigil_store_set_starred_async, cancellable, callback, user_data);
}

gboolean
vigil_store_set_starred_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  return finish_write (self, result, vigil_store_set_starred_async, error);
}

void
vigil_store_mark_source_read_async (VigilStore *self, gint64 source_id, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  run_write (self, write_call_new (WRITE_MARK_SOURCE_READ, source_id, FALSE, 0),
             vigil_store_mark_source_read_async, cancellable, callback, user_data);
}

gboolean
vigil_store_mark_source_read_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  return finish_write (self, result, vigil_store_mark_source_read_async, error);
}

void
vigil_store_remove_source_async (VigilStore *self, gint64 id, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  run_write (self, write_call_new (WRITE_REMOVE_SOURCE, id, FALSE, 0),
             vigil_store_remove_source_async, cancellable, callback, user_data);
}

gboolean
vigil_store_remove_source_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  return finish_write (self, result, vigil_store_remove_source_async, error);
}

void
vigil_store_edit_source_async (VigilStore *self, gint64 id, const char *title, const char *folder,
                               guint interval_minutes, gboolean load_images,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  WriteCall *call = write_call_new (WRITE_EDIT_SOURCE, id, load_images, interval_minutes);

  call->title = g_strdup (title);
  call->folder = g_strdup (folder);
  run_write (self, call, vigil_store_edit_source_async, cancellable, callback, user_data);
}

gboolean
vigil_store_edit_source_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  return finish_write (self, result, vigil_store_edit_source_async, error);
}

void
vigil_store_set_source_full_text_async (VigilStore *self, gint64 id, VigilFullText mode,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_return_if_fail (mode <= VIGIL_FULL_TEXT_SUMMARY);
  run_write (self, write_call_new (WRITE_SET_SOURCE_FULL_TEXT, id, FALSE, (guint) mode),
             vigil_store_set_source_full_text_async, cancellable, callback, user_data);
}

gboolean
vigil_store_set_source_full_text_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  return finish_write (self, result, vigil_store_set_source_full_text_async, error);
}
