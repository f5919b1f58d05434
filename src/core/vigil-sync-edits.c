/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sync-edits.c — changes made in Vigil sent to the server: the queue of read and star marks,
 * subscribe, unsubscribe, rename, move */
#include "config.h"

#include "vigil-sync-private.h"

/* ---- sending the desk's changes ---- */

static gboolean
send_edit (Conn *c, const char *add, const char *remove, GArray *items, guint from, guint to,
           GError **error)
{
  g_autoptr (GString) form = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, g_array_index (items, gint64, i));
      form_add (form, "i", id);
    }
  if (add)
    form_add (form, "a", add);
  if (remove)
    form_add (form, "r", remove);
  return call_ok (c, "reader/api/0/edit-tag", form->str, TRUE, error);
}

/* The queued changes from first to last (not a mark-all-read): the last
 * change of each item for read and for star wins, sent as four kinds of
 * edit-tag in batches. Returns FALSE (and leaves them queued) when one could
 * not be sent for a reason that may pass (network, server), or drops those the
 * server refuses (an item it no longer has) and says so in *refused. */
static gboolean
send_edits (Conn *c, GPtrArray *actions, guint first, guint last, char **refused, GError **error)
{
  g_autoptr (GHashTable) read = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) star = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  static const struct
  {
    gboolean star;
    const char *kind;
    const char *add, *remove;
  } kinds[] = {
    { FALSE, "read", STATE_READ, NULL },
    { FALSE, "unread", NULL, STATE_READ },
    { TRUE, "star", STATE_STARRED, NULL },
    { TRUE, "unstar", NULL, STATE_STARRED },
  };
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = first; i < last; i++)
    {
      VigilSyncAction *a = g_ptr_array_index (actions, i);
      gboolean is_star = g_str_equal (a->kind, "star") || g_str_equal (a->kind, "unstar");
      g_hash_table_insert (is_star ? star : read, key_new (a->item_id), a->kind);
    }
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (gint64));
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, kinds[k].star ? star : read);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_equal (value, kinds[k].kind))
          g_array_append_val (items, *(gint64 *) key);
      for (guint from = 0; from < items->len; from += EDIT_BATCH)
        {
          g_autoptr (GError) local = NULL;
          guint to = MIN (from + EDIT_BATCH, items->len);
          if (send_edit (c, kinds[k].add, kinds[k].remove, items, from, to, &local))
            continue;
          /* A batch refused (an item the server no longer has, say): each
           * item on its own, so that only those it refuses are dropped. */
          for (guint one = from;
               to - from > 1 && one < to
               && g_error_matches (local, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED);
               one++)
            {
              g_autoptr (GError) single = NULL;
              if (send_edit (c, kinds[k].add, kinds[k].remove, items, one, one + 1, &single))
                continue;
              if (!g_error_matches (single, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED))
                {
                  g_clear_error (&local);
                  local = g_steal_pointer (&single);
                }
              else if (*refused == NULL)
                *refused = g_strdup (single->message);
            }
          if (!g_error_matches (local, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED))
            {
              /* Kept for the next sync, with one attempt more and why. */
              for (guint i = first; i < last; i++)
                g_array_append_val (ids, ((VigilSyncAction *) g_ptr_array_index (actions, i))->id);
              vigil_store_finish_sync_actions (c->self->store, ids, local->message, NULL);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (*refused == NULL)
            *refused = g_strdup (local->message);
        }
    }
  for (guint i = first; i < last; i++)
    g_array_append_val (ids, ((VigilSyncAction *) g_ptr_array_index (actions, i))->id);
  c->stats.actions_sent += ids->len;
  return vigil_store_finish_sync_actions (c->self->store, ids, NULL, error);
}

gboolean
send_queue (Conn *c, char **refused, GError **error)
{
  g_autoptr (GPtrArray) actions
      = vigil_store_list_sync_actions (c->self->store, c->account_id, error);
  guint start = 0;

  if (actions == NULL)
    return FALSE;
  /* In order: a mark-all-read stands between the changes before and after it. */
  for (guint i = 0; i <= actions->len; i++)
    {
      VigilSyncAction *a = i < actions->len ? g_ptr_array_index (actions, i) : NULL;
      g_autoptr (GArray) ids = NULL;
      g_autoptr (GError) local = NULL;
      g_autoptr (GString) form = NULL;

      if (a != NULL && !g_str_equal (a->kind, "mark-all-read"))
        continue;
      if (i > start && !send_edits (c, actions, start, i, refused, error))
        return FALSE;
      start = i + 1;
      if (a == NULL)
        break;
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, a->id);
      form = g_string_new (NULL);
      form_add (form, "s", a->stream);
      /* Items that arrived up to the newest the desk had seen: ts in µs. */
      if (a->arg != NULL && *a->arg)
        form_add (form, "ts", a->arg);
      if (!call_ok (c, "reader/api/0/mark-all-as-read", form->str, TRUE, &local))
        {
          if (!g_error_matches (local, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED))
            {
              vigil_store_finish_sync_actions (c->self->store, ids, local->message, NULL);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (*refused == NULL)
            *refused = g_strdup (local->message);
        }
      else
        c->stats.actions_sent++;
      if (!vigil_store_finish_sync_actions (c->self->store, ids, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- subscriptions changed from Vigil ---- */

static VigilSource *
synced_source (VigilSync *self, gint64 source_id, GError **error)
{
  g_autoptr (VigilSource) source = vigil_store_get_source (self->store, source_id, NULL);

  if (source == NULL || source->remote_id == NULL || source->account_id == VIGIL_ACCOUNT_LOCAL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_ACCOUNT,
                   _ ("The source is not one of a sync account"));
      return NULL;
    }
  return g_steal_pointer (&source);
}

static gboolean
edit_subscription (Conn *c, const char *action, const char *stream, const char *title,
                   const char *add_folder, const char *remove_folder, GError **error)
{
  g_autoptr (GString) form = g_string_new (NULL);

  form_add (form, "ac", action);
  form_add (form, "s", stream);
  if (title)
    form_add (form, "t", title);
  if (add_folder && *add_folder)
    {
      g_autofree char *label = g_strconcat (LABEL_PREFIX, add_folder, NULL);
      form_add (form, "a", label);
    }
  if (remove_folder && *remove_folder)
    {
      g_autofree char *label = g_strconcat (LABEL_PREFIX, remove_folder, NULL);
      form_add (form, "r", label);
    }
  return call_ok (c, "reader/api/0/subscription/edit", form->str, TRUE, error);
}

static gint64
subscribe_locked (VigilSync *self, gint64 account_id, const char *url, const char *folder,
                  GCancellable *cancellable, GError **error)
{
  g_autoptr (Conn) c = conn_for_account (self, account_id, cancellable, error);
  g_autoptr (GString) form = g_string_new (NULL);
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *type = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o;
  const char *stream, *problem;
  gint64 id;

  if (c == NULL)
    return 0;
  form_add (form, "quickadd", url);
  body = call (c, "POST", "reader/api/0/subscription/quickadd", form->str, TRUE, &type, error);
  if (body == NULL)
    return 0;
  if (looks_like_html (body, type)
      || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                      (gssize) g_bytes_get_size (body), NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                   _ ("The sync server sent data that could not be read: %s"),
                   _ ("not a JSON object"));
      return 0;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  stream = member_string (o, "streamId");
  problem = member_string (o, "error");
  /* An error comes back as 200 with numResults 0 and the reason. */
  if (problem != NULL || member_int (o, "numResults") == 0 || stream == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_REFUSED,
                   _ ("The sync server could not subscribe to %s: %s"), url,
                   problem ? problem : _ ("no feed found"));
      return 0;
    }
  if (folder != NULL && *folder
      && !edit_subscription (c, "edit", stream, NULL, folder, NULL, error))
    return 0;
  if (!sync_subscriptions (c, error))
    return 0;
  id = vigil_store_find_synced_source (self->store, account_id, stream);
  if (id == 0)
    g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                 _ ("The sync server does not list the new subscription %s"), stream);
  return id;
}

static gboolean
edit_locked (VigilSync *self, VigilSyncEdit edit, gint64 source_id, const char *arg,
             GCancellable *cancellable, GError **error)
{
  g_autoptr (VigilSource) s = synced_source (self, source_id, error);
  g_autoptr (Conn) c = NULL;

  if (s == NULL)
    return FALSE;
  c = conn_for_account (self, s->account_id, cancellable, error);
  if (c == NULL)
    return FALSE;
  switch (edit)
    {
    case VIGIL_SYNC_UNSUBSCRIBE:
      return edit_subscription (c, "unsubscribe", s->remote_id, NULL, NULL, NULL, error)
             && vigil_store_remove_source (self->store, source_id, error);
    case VIGIL_SYNC_RENAME:
      return edit_subscription (c, "edit", s->remote_id, arg, NULL, NULL, error)
             && vigil_store_edit_source (self->store, source_id, arg, s->folder,
                                         s->interval_minutes, s->load_images, error);
    case VIGIL_SYNC_MOVE:
      /* Out of the old folder ("" moves it out of every folder). */
      if (g_strcmp0 (s->folder, arg) == 0)
        return TRUE;
      return edit_subscription (c, "edit", s->remote_id, NULL, arg, arg && *arg ? NULL : s->folder,
                                error)
             && vigil_store_edit_source (self->store, source_id, s->title, arg, s->interval_minutes,
                                         s->load_images, error);
    case VIGIL_SYNC_SUBSCRIBE:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gint64
vigil_sync_subscribe (VigilSync *self, gint64 account_id, const char *url, const char *folder,
                      GCancellable *cancellable, GError **error)
{
  gint64 id;

  g_mutex_lock (&self->run_lock);
  id = subscribe_locked (self, account_id, url, folder, cancellable, error);
  g_mutex_unlock (&self->run_lock);
  return id;
}

static gboolean
edit (VigilSync *self, VigilSyncEdit what, gint64 source_id, const char *arg,
      GCancellable *cancellable, GError **error)
{
  gboolean ok;

  g_mutex_lock (&self->run_lock);
  ok = edit_locked (self, what, source_id, arg, cancellable, error);
  g_mutex_unlock (&self->run_lock);
  return ok;
}

gboolean
vigil_sync_unsubscribe (VigilSync *self, gint64 source_id, GCancellable *cancellable,
                        GError **error)
{
  return edit (self, VIGIL_SYNC_UNSUBSCRIBE, source_id, NULL, cancellable, error);
}

gboolean
vigil_sync_rename (VigilSync *self, gint64 source_id, const char *title, GCancellable *cancellable,
                   GError **error)
{
  return edit (self, VIGIL_SYNC_RENAME, source_id, title, cancellable, error);
}

gboolean
vigil_sync_move (VigilSync *self, gint64 source_id, const char *folder, GCancellable *cancellable,
                 GError **error)
{
  return edit (self, VIGIL_SYNC_MOVE, source_id, folder ? folder : "", cancellable, error);
}

static void
edit_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VigilTaskCall *d = task_data; /* kind is the VigilSyncEdit, text and text2 its args */
  GError *error = NULL;
  gint64 result;

  if (d->kind == VIGIL_SYNC_SUBSCRIBE)
    result = vigil_sync_subscribe (source, d->id, d->text, d->text2, cancellable, &error);
  else
    result = edit (source, d->kind, d->id, d->text, cancellable, &error) ? 1 : 0;
  if (result == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, result);
}

void
vigil_sync_edit_async (VigilSync *self, VigilSyncEdit what, gint64 id, const char *arg,
                       const char *arg2, GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer user_data)
{
  vigil_task_run_in_thread (
      self, vigil_sync_edit_async, vigil_task_call_new (what, id, FALSE, 0, arg, arg2),
      (GDestroyNotify) vigil_task_call_free, edit_thread, cancellable, callback, user_data);
}

gint64
vigil_sync_edit_finish (VigilSync *self, GAsyncResult *result, GError **error)
{
  gssize v = g_task_propagate_int (G_TASK (result), error);
  return v < 0 ? 0 : v;
}
