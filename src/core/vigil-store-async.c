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

/* A VigilTaskCall of a WriteKind: flag is starred or load_images, number
 * interval_minutes or the full-text mode, text the title and text2 the folder. */
static void
write_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilStore *self = source;
  VigilTaskCall *call = data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch ((WriteKind) call->kind)
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
      ok = vigil_store_edit_source (self, call->id, call->text, call->text2, call->number,
                                    call->flag, &error);
      break;
    case WRITE_SET_SOURCE_FULL_TEXT:
      ok = vigil_store_set_source_full_text (self, call->id, (VigilFullText) call->number, &error);
      break;
    }
  vigil_task_return_boolean_or_error (task, ok, error);
}

/* Takes call. */
static void
run_write (VigilStore *self, VigilTaskCall *call, gpointer source_tag, GCancellable *cancellable,
           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (VIGIL_IS_STORE (self));
  vigil_task_run_in_thread (self, source_tag, call, (GDestroyNotify) vigil_task_call_free,
                            write_thread, cancellable, callback, user_data);
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
  run_write (self, vigil_task_call_new (WRITE_SET_STARRED, article_id, starred, 0, NULL, NULL),
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
  run_write (self, vigil_task_call_new (WRITE_MARK_SOURCE_READ, source_id, FALSE, 0, NULL, NULL),
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
  run_write (self, vigil_task_call_new (WRITE_REMOVE_SOURCE, id, FALSE, 0, NULL, NULL),
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
  run_write (
      self,
      vigil_task_call_new (WRITE_EDIT_SOURCE, id, load_images, interval_minutes, title, folder),
      vigil_store_edit_source_async, cancellable, callback, user_data);
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
  run_write (self,
             vigil_task_call_new (WRITE_SET_SOURCE_FULL_TEXT, id, FALSE, (guint) mode, NULL, NULL),
             vigil_store_set_source_full_text_async, cancellable, callback, user_data);
}

gboolean
vigil_store_set_source_full_text_finish (VigilStore *self, GAsyncResult *result, GError **error)
{
  return finish_write (self, result, vigil_store_set_source_full_text_async, error);
}
