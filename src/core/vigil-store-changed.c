/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-changed.c — the "changed" signal: writes' changes said in the store's context */
#include "vigil-store-private.h"

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* In the store's main context, once per iteration that has changes pending:
 * what was written since the last emission, said once. */
static gboolean
emit_changed (gpointer data)
{
  g_autoptr (VigilStore) self = g_weak_ref_get (data);
  VigilStoreChange what;
  gint64 source_id;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&self->change_lock);
  what = self->pending;
  source_id = self->pending_source;
  self->pending = 0;
  self->pending_source = 0;
  g_clear_pointer (&self->change_source, g_source_unref);
  g_mutex_unlock (&self->change_lock);
  if (what != 0)
    g_signal_emit_by_name (self, "changed", what, source_id);
  return G_SOURCE_REMOVE;
}

void
store_changed (VigilStore *self, VigilStoreChange what, gint64 source_id)
{
  GSource *attach = NULL;

  if (what == 0)
    return;
  g_mutex_lock (&self->change_lock);
  /* The one source whose articles changed; 0 once a second one (or an
   * unknown one) has. */
  if (what & VIGIL_STORE_CHANGE_ARTICLES)
    {
      if (!(self->pending & VIGIL_STORE_CHANGE_ARTICLES))
        self->pending_source = MAX (source_id, 0);
      else if (self->pending_source != source_id)
        self->pending_source = 0;
    }
  self->pending |= what;
  if (self->change_source == NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      self->change_source = g_idle_source_new ();
      g_source_set_priority (self->change_source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (self->change_source, "[vigil] store changed");
      g_source_set_callback (self->change_source, emit_changed, ref, free_weak_ref);
      attach = g_source_ref (self->change_source);
    }
  g_mutex_unlock (&self->change_lock);
  /* Attached once the lock is let go: attaching takes the context's own
   * lock, which other threads hold too, and a writer that waited for it
   * (or lost its processor) while holding change_lock held up the main
   * thread's emit_changed just as long (bench-ui's refresh: up to 31 ms).
   * Nothing runs the source before it is attached, and only the thread
   * that made it attaches it. */
  if (attach != NULL)
    {
      g_source_attach (attach, self->context);
      g_source_unref (attach);
    }
}
