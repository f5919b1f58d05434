/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-sync.c — the sync object and the sync of one account: its subscriptions and
 * folders, the reading list, the read and starred states. The Google Reader
 * protocol is in vigil-sync-protocol.c, the changes made in Vigil in vigil-sync-edits.c. */
#include "config.h"

#include "vigil-sync-private.h"
#include "vigil-html.h"

G_DEFINE_QUARK (vigil_sync_error, vigil_sync_error)

G_DEFINE_FINAL_TYPE (VigilSync, vigil_sync, G_TYPE_OBJECT)

static void
vigil_sync_finalize (GObject *object)
{
  VigilSync *self = VIGIL_SYNC (object);

  if (self->ingest_destroy)
    self->ingest_destroy (self->ingest_data);
  g_hash_table_unref (self->passwords);
  g_hash_table_unref (self->auth);
  g_hash_table_unref (self->api);
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->run_lock);
  G_OBJECT_CLASS (vigil_sync_parent_class)->finalize (object);
}

static void
vigil_sync_class_init (VigilSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_sync_finalize;
}

/* Passwords are wiped from memory when forgotten. */
void
password_free (gpointer data)
{
  char *p = data;
  if (p != NULL)
    memset (p, 0, strlen (p));
  g_free (p);
}

static void
vigil_sync_init (VigilSync *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->run_lock);
  self->passwords = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, password_free);
  self->auth = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, password_free);
  self->api = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->page_size = 100;
  self->max_items = 2000;
  self->timeout = 30;
}

VigilSync *
vigil_sync_new (VigilStore *store)
{
  VigilSync *self = g_object_new (VIGIL_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  return self;
}

VigilStore *
vigil_sync_get_store (VigilSync *self)
{
  return self->store;
}

gint64 *
key_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* A copy of the value for the account in one of the tables, or NULL. */
static char *
table_dup (VigilSync *self, GHashTable *table, gint64 id)
{
  char *value;

  g_mutex_lock (&self->lock);
  value = g_strdup (g_hash_table_lookup (table, &id));
  g_mutex_unlock (&self->lock);
  return value;
}

void
table_set (VigilSync *self, GHashTable *table, gint64 id, const char *value)
{
  g_mutex_lock (&self->lock);
  if (value != NULL)
    g_hash_table_insert (table, key_new (id), g_strdup (value));
  else
    g_hash_table_remove (table, &id);
  g_mutex_unlock (&self->lock);
}

void
vigil_sync_set_password (VigilSync *self, gint64 account_id, const char *password)
{
  table_set (self, self->passwords, account_id, password);
  table_set (self, self->auth, account_id, NULL);
}

gboolean
vigil_sync_has_password (VigilSync *self, gint64 account_id)
{
  gboolean has;

  g_mutex_lock (&self->lock);
  has = g_hash_table_contains (self->passwords, &account_id);
  g_mutex_unlock (&self->lock);
  return has;
}

gboolean
vigil_sync_forget_password_if (VigilSync *self, gint64 account_id, const char *password)
{
  gboolean same;

  g_mutex_lock (&self->lock);
  same = g_strcmp0 (g_hash_table_lookup (self->passwords, &account_id), password) == 0;
  if (same)
    {
      g_hash_table_remove (self->passwords, &account_id);
      g_hash_table_remove (self->auth, &account_id);
    }
  g_mutex_unlock (&self->lock);
  return same;
}

void
vigil_sync_set_ingest_func (VigilSync *self, VigilSyncIngestFunc func, gpointer user_data,
                            GDestroyNotify destroy)
{
  if (self->ingest_destroy)
    self->ingest_destroy (self->ingest_data);
  self->ingest = func;
  self->ingest_data = user_data;
  self->ingest_destroy = destroy;
}

void
vigil_sync_set_page_func (VigilSync *self, VigilSyncPageFunc func, gpointer user_data)
{
  self->page_func = func;
  self->page_data = user_data;
}

void
vigil_sync_set_limits (VigilSync *self, guint page_size, guint max_items)
{
  self->page_size = CLAMP (page_size, 1, 1000);
  self->max_items = MAX (max_items, 1);
}

void
vigil_sync_set_timeout (VigilSync *self, guint seconds)
{
  self->timeout = MAX (seconds, 1);
}

/* ---- subscriptions and folders ---- */

/* The folder of a subscription: its first category that tag/list says is a
 * folder (a label that is not a folder is not one), else its first. */
static const char *
folder_of (JsonObject *sub, GHashTable *folders)
{
  JsonArray *cats = member_array (sub, "categories");
  const char *first = NULL;

  for (guint i = 0; cats && i < json_array_get_length (cats); i++)
    {
      JsonObject *cat = array_object (cats, i);
      const char *id = member_string (cat, "id");
      const char *label = member_string (cat, "label");
      if (label == NULL && id != NULL && g_str_has_prefix (id, LABEL_PREFIX))
        label = id + strlen (LABEL_PREFIX);
      if (label == NULL)
        continue;
      if (first == NULL)
        first = label;
      if (folders == NULL || (id != NULL && g_hash_table_contains (folders, id)))
        return label;
    }
  return first;
}

gboolean
sync_subscriptions (Conn *c, GError **error)
{
  g_autoptr (JsonNode) tags = call_json (c, "reader/api/0/tag/list", "output=json", error);
  g_autoptr (JsonNode) subs = NULL;
  g_autoptr (GHashTable) folders = NULL;
  g_autoptr (GPtrArray) keep = g_ptr_array_new ();
  JsonArray *list;

  if (tags == NULL)
    return FALSE;
  list = member_array (json_node_get_object (tags), "tags");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *tag = array_object (list, i);
      const char *type = member_string (tag, "type");
      const char *id = member_string (tag, "id");
      if (id == NULL || !g_str_has_prefix (id, LABEL_PREFIX))
        continue;
      if (folders == NULL)
        folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      /* Servers that do not type their tags: every label is a folder. */
      if (type == NULL || g_str_equal (type, "folder"))
        g_hash_table_add (folders, g_strdup (id));
    }
  subs = call_json (c, "reader/api/0/subscription/list", "output=json", error);
  if (subs == NULL)
    return FALSE;
  list = member_array (json_node_get_object (subs), "subscriptions");
  if (list == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                   _ ("The sync server sent data that could not be read: %s"),
                   _ ("no subscription list"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *sub = array_object (list, i);
      const char *id = member_string (sub, "id");
      const char *url = member_string (sub, "url");
      const char *title = member_string (sub, "title");
      if (id == NULL)
        continue;
      if (url == NULL && g_str_has_prefix (id, "feed/") && strstr (id, "://"))
        url = id + 5;
      if (vigil_store_sync_source (c->self->store, c->account_id, id, url,
                                   title && *title ? title : url, member_string (sub, "htmlUrl"),
                                   folder_of (sub, folders), error)
          == 0)
        return FALSE;
      g_ptr_array_add (keep, (gpointer) id);
    }
  g_ptr_array_add (keep, NULL);
  /* Unsubscribed on the server (from another machine): gone here too. */
  return vigil_store_sync_remove_sources_except (
      c->self->store, c->account_id, (const char *const *) keep->pdata,
      _ ("Unsubscribed on the sync server; its starred and alerted articles are kept here"), error);
}

/* ---- the reading list ---- */

static GDateTime *
date_from_seconds (gint64 s)
{
  return s > 0 ? g_date_time_new_from_unix_utc (s) : NULL;
}

static char *
text_of_html_title (const char *title)
{
  /* Servers send titles as text, some with entities left in. */
  if (title == NULL)
    return NULL;
  if (strchr (title, '&') == NULL && strchr (title, '<') == NULL)
    return g_strdup (title);
  return vigil_html_to_text (title);
}

static VigilArticle *
article_from_item (JsonObject *item, gint64 item_id, gboolean *out_read, gboolean *out_starred)
{
  VigilArticle *a = vigil_article_new ();
  JsonArray *links = member_array (item, "canonical");
  JsonArray *cats = member_array (item, "categories");
  JsonObject *summary = member_object (item, "summary");
  JsonObject *content = member_object (item, "content");
  const char *html;

  if (links == NULL || json_array_get_length (links) == 0)
    links = member_array (item, "alternate");
  if (links != NULL && json_array_get_length (links) > 0)
    a->link = g_strdup (member_string (array_object (links, 0), "href"));
  /* The server's item id is the duplicate key (decimal): the store maps it. */
  a->guid = g_strdup_printf ("%" G_GINT64_FORMAT, item_id);
  a->title = text_of_html_title (member_string (item, "title"));
  a->author = g_strdup (member_string (item, "author"));
  a->published = date_from_seconds (member_int (item, "published"));
  a->updated = date_from_seconds (member_int (item, "updated"));
  if (a->published == NULL && a->updated == NULL)
    {
      /* No date: the time the server got it. */
      a->published = date_from_seconds (item_id / G_USEC_PER_SEC);
      a->date_is_first_seen = TRUE;
    }
  html = member_string (content, "content");
  if (html && *html)
    a->content = vigil_html_sanitize (html, a->link);
  html = member_string (summary, "content");
  if (html && *html)
    {
      char *clean = vigil_html_sanitize (html, a->link);
      if (a->content == NULL)
        a->content = clean;
      else
        a->summary = clean;
    }
  *out_read = *out_starred = FALSE;
  for (guint i = 0; cats && i < json_array_get_length (cats); i++)
    {
      JsonNode *n = json_array_get_element (cats, i);
      const char *cat = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL;
      if (cat == NULL)
        continue;
      if (g_str_has_suffix (cat, "/state/com.google/read"))
        *out_read = TRUE;
      else if (g_str_has_suffix (cat, "/state/com.google/starred"))
        *out_starred = TRUE;
      else if (!g_str_has_prefix (cat, "user/"))
        g_ptr_array_add (a->categories, g_strdup (cat));
    }
  vigil_article_limit_size (a);
  return a;
}

/* When the server got the item, in microseconds: what mark-all-as-read's ts
 * compares with (FreshRSS's item ids are that time too; other servers'
 * are not). */
static gint64
crawl_usec (JsonObject *item, gint64 id)
{
  gint64 usec = member_int (item, "timestampUsec");

  if (usec <= 0)
    usec = member_int (item, "crawlTimeMsec") * 1000;
  return usec > 0 ? usec : id;
}

static gboolean
default_ingest (VigilStore *store, VigilSource *source, GPtrArray *articles, guint *out_new,
                GError **error)
{
  g_autoptr (GPtrArray) fresh = vigil_store_filter_unstored (store, source->id, articles);
  g_autoptr (GPtrArray) added = NULL;

  if (!vigil_store_ingest (store, source->id, fresh, &added, error))
    return FALSE;
  *out_new = added->len;
  return TRUE;
}

/* One page of items: stored source by source through the ingest function,
 * then their read and starred states. *out_max, *out_min: when the server got
 * the newest and the oldest (microseconds), for the next walk to stop at. */
static gboolean
store_page (Conn *c, JsonArray *items, GHashTable *sources, gint64 *out_max, gint64 *out_min,
            GError **error)
{
  g_autoptr (GHashTable) groups
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) read = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr (GArray) starred = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr (GArray) crawl = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = array_object (items, i);
      gint64 id = parse_item_id (member_string (item, "id"));
      const char *stream = member_string (member_object (item, "origin"), "streamId");
      gboolean is_read, is_starred;
      GPtrArray *group;

      if (id == 0)
        {
          g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                       _ ("The sync server sent an item without a valid id (“%s”)"),
                       member_string (item, "id") ? member_string (item, "id") : "");
          return FALSE;
        }
      c->stats.items++;
      *out_max = MAX (*out_max, crawl_usec (item, id));
      *out_min = *out_min == 0 ? crawl_usec (item, id) : MIN (*out_min, crawl_usec (item, id));
      if (stream == NULL || !g_hash_table_contains (sources, stream))
        continue; /* a feed not subscribed any more */
      group = g_hash_table_lookup (groups, stream);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (groups, (gpointer) stream, group);
        }
      g_ptr_array_add (group, article_from_item (item, id, &is_read, &is_starred));
      g_array_append_val (ids, id);
      g_array_append_val (read, is_read);
      g_array_append_val (starred, is_starred);
      g_array_append_val (crawl, ((gint64){ crawl_usec (item, id) }));
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      VigilSource *source = g_hash_table_lookup (sources, key);
      guint n_new = 0;
      gboolean ok;

      if (c->self->ingest)
        ok = c->self->ingest (source, value, source->first_fetch == 0, &n_new, c->self->ingest_data,
                              error);
      else
        ok = default_ingest (c->self->store, source, value, &n_new, error);
      if (!ok)
        return FALSE;
      c->stats.new_articles += n_new;
    }
  return vigil_store_sync_apply_states (c->self->store, c->account_id, ids, read, starred, crawl,
                                        error);
}

/* Walks the reading list newest first from continuation cont (NULL: the
 * top) while *budget lasts. stop_at > 0: stops after the page that reaches
 * an item that old (what the last sync stored). After each page the
 * position is saved (when save_position), so a sync cut short resumes there.
 * *out_cont: where the walk stopped (NULL: at the end of the list, or at
 * stop_at). */
static gboolean
walk (Conn *c, const char *cont, gint64 stop_at, guint *budget, gboolean save_position,
      GHashTable *sources, char **out_cont, GError **error)
{
  g_autofree char *position = g_strdup (cont);

  *out_cont = NULL;
  while (*budget > 0)
    {
      g_autoptr (GString) form = g_string_new (NULL);
      g_autoptr (JsonNode) page = NULL;
      JsonArray *items;
      guint n = MIN (c->self->page_size, *budget);
      gint64 newest = 0, oldest = 0;
      char count[16];
      g_autofree char *next = NULL;

      g_snprintf (count, sizeof count, "%u", n);
      form_add (form, "n", count);
      if (position)
        form_add (form, "c", position);
      /* Only what arrived since the newest item stored (ot: seconds), so a
       * sync with nothing new is one short answer. */
      if (stop_at > 0)
        {
          char since[32];
          g_snprintf (since, sizeof since, "%" G_GINT64_FORMAT, stop_at / G_USEC_PER_SEC);
          form_add (form, "ot", since);
        }
      page = call_json (c, "reader/api/0/stream/contents/" STATE_READING_LIST, form->str, error);
      if (page == NULL)
        return FALSE;
      items = member_array (json_node_get_object (page), "items");
      if (items == NULL)
        {
          g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_PROTOCOL,
                       _ ("The sync server sent data that could not be read: %s"),
                       _ ("no items in the reading list"));
          return FALSE;
        }
      c->stats.pages++;
      if (!store_page (c, items, sources, &newest, &oldest, error))
        return FALSE;
      *budget -= MIN (*budget, MAX (json_array_get_length (items), 1));
      next = member_dup_text (json_node_get_object (page), "continuation");
      g_free (position);
      position
          = next && *next && json_array_get_length (items) > 0 ? g_steal_pointer (&next) : NULL;
      if (stop_at > 0 && oldest > 0 && oldest <= stop_at)
        g_clear_pointer (&position, g_free);
      if (!vigil_store_set_account_cursor (c->self->store, c->account_id, save_position, position,
                                           newest, error))
        return FALSE;
      if (c->self->page_func)
        c->self->page_func (c->account_id, c->stats.items, c->self->page_data);
      if (position == NULL)
        break;
    }
  *out_cont = g_steal_pointer (&position);
  return TRUE;
}

/* The ids of a stream (all of them, page after page). */
static GArray *
stream_ids (Conn *c, const char *stream, const char *exclude, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *position = NULL;

  for (guint page = 0; page < MAX_ID_PAGES; page++)
    {
      g_autoptr (GString) form = g_string_new (NULL);
      g_autoptr (JsonNode) answer = NULL;
      JsonArray *refs;
      g_autofree char *next = NULL;

      form_add (form, "s", stream);
      if (exclude)
        form_add (form, "xt", exclude);
      form_add (form, "n", "10000");
      if (position)
        form_add (form, "c", position);
      answer = call_json (c, "reader/api/0/stream/items/ids", form->str, error);
      if (answer == NULL)
        return NULL;
      refs = member_array (json_node_get_object (answer), "itemRefs");
      for (guint i = 0; refs && i < json_array_get_length (refs); i++)
        {
          g_autofree char *text = member_dup_text (array_object (refs, i), "id");
          gint64 id = parse_item_id (text);
          if (id != 0)
            g_array_append_val (ids, id);
        }
      next = member_dup_text (json_node_get_object (answer), "continuation");
      if (next == NULL || *next == '\0' || refs == NULL || json_array_get_length (refs) == 0)
        return g_steal_pointer (&ids);
      g_free (position);
      position = g_steal_pointer (&next);
    }
  return g_steal_pointer (&ids);
}

static GHashTable *
account_sources (VigilSync *self, gint64 account_id, GError **error)
{
  g_autoptr (GPtrArray) all = vigil_store_list_sources (self->store, error);
  GHashTable *sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; all && i < all->len; i++)
    {
      VigilSource *s = g_ptr_array_index (all, i);
      if (s->account_id == account_id && s->remote_id != NULL)
        g_hash_table_insert (sources, s->remote_id, g_object_ref (s));
    }
  return sources;
}

Conn *
conn_for_account (VigilSync *self, gint64 account_id, GCancellable *cancellable, GError **error)
{
  g_autoptr (VigilAccount) account = vigil_store_get_account (self->store, account_id, NULL);
  g_autofree char *password = NULL;
  g_autofree char *api = NULL;
  Conn *c;

  if (account == NULL || g_strcmp0 (account->kind, "greader") != 0)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_ACCOUNT,
                   _ ("There is no sync account %lld"), (long long) account_id);
      return NULL;
    }
  password = table_dup (self, self->passwords, account_id);
  if (password == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_PASSWORD,
                   _ ("No password was given for the account “%s”"), account->name);
      return NULL;
    }
  api = table_dup (self, self->api, account_id);
  c = conn_new (self, account_id, account->name, api ? api : account->server_url, account->user,
                password, cancellable);
  c->auth = table_dup (self, self->auth, account_id);
  return c;
}

static gboolean
run_locked (VigilSync *self, gint64 account_id, VigilSyncStats *out_stats,
            GCancellable *cancellable, GError **error)
{
  g_autoptr (Conn) c = conn_for_account (self, account_id, cancellable, error);
  g_autoptr (VigilAccount) account = NULL;
  g_autoptr (GHashTable) sources = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *cont = NULL;
  g_autoptr (GArray) unread = NULL;
  g_autoptr (GArray) starred = NULL;
  guint budget = self->max_items;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (c == NULL)
    return FALSE;
  account = vigil_store_get_account (self->store, account_id, error);
  if (account == NULL)
    return FALSE;
  /* 1. What the desk did since the last sync: newer than the server's state. */
  if (!send_queue (c, &refused, error))
    goto failed;
  /* 2. Subscriptions and folders. */
  if (!sync_subscriptions (c, error))
    goto failed;
  sources = account_sources (self, account_id, error);
  /* 3. New items, from the top down to what the last sync stored; then, with
   * what the budget leaves, the walk down the older items resumes where it
   * stopped. A first sync walks from the top and saves its position. */
  if (!walk (c, NULL, account->newest_item, &budget, account->newest_item == 0, sources, &cont,
             error))
    goto failed;
  if (account->newest_item != 0 && cont != NULL)
    {
      /* More new items than the budget: the walk resumes below them next time
       * (through the older ones, which are skipped, to the end). */
      if (!vigil_store_set_account_cursor (self->store, account_id, TRUE, cont, 0, error))
        goto failed;
    }
  else if (account->newest_item != 0 && account->continuation != NULL && budget > 0)
    {
      g_clear_pointer (&cont, g_free);
      if (!walk (c, account->continuation, 0, &budget, TRUE, sources, &cont, error))
        goto failed;
    }
  else if (account->newest_item != 0 && account->continuation != NULL)
    cont = g_strdup (account->continuation);
  c->stats.more = cont != NULL;
  /* 4. Read and starred states: the server's, except the desk's changes
   * queued since step 1. */
  unread = stream_ids (c, STATE_READING_LIST, STATE_READ, error);
  if (unread == NULL || !vigil_store_sync_reconcile (self->store, account_id, FALSE, unread, error))
    goto failed;
  starred = stream_ids (c, STATE_STARRED, NULL, error);
  if (starred == NULL
      || !vigil_store_sync_reconcile (self->store, account_id, TRUE, starred, error))
    goto failed;
  if (!vigil_store_sync_first_read_done (self->store, account_id, now, error))
    goto failed;
  c->stats.actions_left = (guint) vigil_store_count_sync_actions (self->store, account_id);
  vigil_store_set_account_result (self->store, account_id, now, refused, NULL);
  if (out_stats)
    *out_stats = c->stats;
  return TRUE;

failed:
  if (error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    vigil_store_set_account_result (self->store, account_id, 0, (*error)->message, NULL);
  c->stats.actions_left = (guint) vigil_store_count_sync_actions (self->store, account_id);
  if (out_stats)
    *out_stats = c->stats;
  return FALSE;
}

gboolean
vigil_sync_run (VigilSync *self, gint64 account_id, VigilSyncStats *out_stats,
                GCancellable *cancellable, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_SYNC (self), FALSE);
  if (out_stats)
    memset (out_stats, 0, sizeof *out_stats);
  g_mutex_lock (&self->run_lock);
  ok = run_locked (self, account_id, out_stats, cancellable, error);
  /* The end of a sync (the monitor announces its backlog once). */
  if (self->ingest)
    self->ingest (NULL, NULL, FALSE, NULL, self->ingest_data, NULL);
  g_mutex_unlock (&self->run_lock);
  return ok;
}

gint64
vigil_sync_add_account (VigilSync *self, const char *name, const char *server_url, const char *user,
                        const char *password, GCancellable *cancellable, GError **error)
{
  g_autoptr (Conn) c = NULL;
  gint64 id;

  if (name == NULL || *name == '\0' || server_url == NULL || user == NULL || password == NULL)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_ACCOUNT,
                   _ ("An account needs a name, a server address, a user and a password"));
      return 0;
    }
  if (!g_str_has_prefix (server_url, "http://") && !g_str_has_prefix (server_url, "https://"))
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NETWORK,
                   _ ("The sync server address is not valid: %s"), server_url);
      return 0;
    }
  c = conn_new (self, 0, name, server_url, user, password, cancellable);
  if (!login (c, error))
    return 0;
  id = vigil_store_add_account (self->store, "greader", name, c->api, user, error);
  if (id != 0)
    {
      vigil_sync_set_password (self, id, password);
      table_set (self, self->auth, id, c->auth);
      table_set (self, self->api, id, c->api);
    }
  return id;
}

gboolean
vigil_sync_sign_in (VigilSync *self, gint64 account_id, const char *password,
                    GCancellable *cancellable, GError **error)
{
  g_autoptr (VigilAccount) account = NULL;
  g_autoptr (Conn) c = NULL;

  g_return_val_if_fail (VIGIL_IS_SYNC (self), FALSE);
  account = vigil_store_get_account (self->store, account_id, NULL);
  if (account == NULL || g_strcmp0 (account->kind, "greader") != 0)
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_ACCOUNT,
                   _ ("There is no sync account %lld"), (long long) account_id);
      return FALSE;
    }
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, VIGIL_SYNC_ERROR, VIGIL_SYNC_ERROR_NO_PASSWORD,
                   _ ("No password was given for the account “%s”"), account->name);
      return FALSE;
    }
  /* A connection of its own, not the account's: a password refused here
   * leaves the account as it was. */
  c = conn_new (self, 0, account->name, account->server_url, account->user, password, cancellable);
  if (!login (c, error))
    return FALSE;
  table_set (self, self->passwords, account_id, password);
  table_set (self, self->auth, account_id, c->auth);
  table_set (self, self->api, account_id, c->api);
  return TRUE;
}

void
forget_refused_password (VigilSync *self, gint64 account_id, const char *password)
{
  g_mutex_lock (&self->lock);
  /* Not one given since (a sign-in while this login was on its way). */
  if (g_strcmp0 (g_hash_table_lookup (self->passwords, &account_id), password) == 0)
    {
      g_hash_table_remove (self->passwords, &account_id);
      g_hash_table_remove (self->auth, &account_id);
    }
  g_mutex_unlock (&self->lock);
}

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VigilSyncStats *stats = g_new0 (VigilSyncStats, 1);
  GError *error = NULL;

  if (vigil_sync_run (source, *(gint64 *) task_data, stats, cancellable, &error))
    g_task_return_pointer (task, stats, g_free);
  else
    {
      g_free (stats);
      g_task_return_error (task, error);
    }
}

void
vigil_sync_run_async (VigilSync *self, gint64 account_id, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  vigil_task_run_in_thread (self, vigil_sync_run_async, key_new (account_id), g_free, run_thread,
                            cancellable, callback, user_data);
}

gboolean
vigil_sync_run_finish (VigilSync *self, GAsyncResult *result, VigilSyncStats *out_stats,
                       GError **error)
{
  g_autofree VigilSyncStats *stats = g_task_propagate_pointer (G_TASK (result), error);

  if (stats == NULL)
    return FALSE;
  if (out_stats)
    *out_stats = *stats;
  return TRUE;
}
