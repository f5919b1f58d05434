/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-list.c */
#include "vigil-article-list.h"

#include <string.h>

#define MAX_CACHED_PAGES 32

struct _VigilArticleList
{
  GObject parent_instance;
  VigilStore *store;
  gint64 source_id;
  guint n_items;
  GHashTable *pages;         /* page number -> GPtrArray of VigilArticle */
  gboolean prepend_only;     /* reload_new: only new articles expected */
  VigilArticleFilter filter; /* its strings owned */
  gint64 top_id;             /* the first article at the last reload */
  guint recent_page;         /* of the row asked for last: near the rows shown */
  guint stored;              /* the view's articles at the last count */
  guint cap;                 /* at most so many rows (0: all of them) */
  guint grow_step;           /* see set_grow_step (0: none) */
  guint recount_id;          /* idle source counting the list again, or 0 */
};

static void list_model_iface_init (GListModelInterface *iface);
static void remember_top (VigilArticleList *self);

/* The view's articles counted again: the rows the list holds (the cap's
 * first ones while it grows). */
static guint
count_rows (VigilArticleList *self)
{
  self->stored
      = (guint) vigil_store_count_articles_filtered (self->store, self->source_id, &self->filter);
  return self->cap > 0 && self->stored > self->cap ? self->cap : self->stored;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilArticleList, vigil_article_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return VIGIL_TYPE_ARTICLE;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIL_ARTICLE_LIST (model)->n_items;
}

static void
unref_slot (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

/* A page of the cache: its rows in their slots, NULL where a row is not
 * known (a page shifted by articles put in front has holes). */
static GPtrArray *
page_new (void)
{
  return g_ptr_array_new_with_free_func (unref_slot);
}

static GPtrArray *
read_page (VigilArticleList *self, guint page)
{
  return vigil_store_list_articles_page_filtered (self->store, self->source_id, &self->filter,
                                                  page * VIGIL_ARTICLE_LIST_PAGE,
                                                  VIGIL_ARTICLE_LIST_PAGE, NULL);
}

/* Room for one more page: the one furthest from the page asked for goes
 * (the pages around the rows shown stay, with the objects the rows show). */
static void
make_room (VigilArticleList *self, guint page)
{
  GHashTableIter iter;
  gpointer key;
  guint furthest = page;
  guint distance = 0;

  if (g_hash_table_size (self->pages) < MAX_CACHED_PAGES)
    return;
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint p = GPOINTER_TO_UINT (key);
      guint d = p > page ? p - page : page - p;
      if (d >= distance)
        {
          distance = d;
          furthest = p;
        }
    }
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (furthest));
}

static gboolean
recount_idle (gpointer data)
{
  VigilArticleList *self = data;

  self->recount_id = 0;
  vigil_article_list_refresh (self);
  return G_SOURCE_REMOVE;
}

static gpointer
get_item (GListModel *model, guint position)
{
  VigilArticleList *self = VIGIL_ARTICLE_LIST (model);
  guint page = position / VIGIL_ARTICLE_LIST_PAGE;
  guint slot = position % VIGIL_ARTICLE_LIST_PAGE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;
  self->recent_page = page;
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL || slot >= rows->len || g_ptr_array_index (rows, slot) == NULL)
    {
      g_autoptr (GPtrArray) fresh = read_page (self, page);

      if (rows == NULL)
        {
          make_room (self, page);
          rows = page_new ();
          g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
        }
      /* The holes filled; the rows known keep their objects. */
      if (rows->len < fresh->len)
        g_ptr_array_set_size (rows, fresh->len);
      for (guint i = 0; i < fresh->len; i++)
        if (g_ptr_array_index (rows, i) == NULL)
          g_ptr_array_index (rows, i) = g_object_ref (g_ptr_array_index (fresh, i));
    }
  /* Articles deleted (or read, in the Unread view) since the count was read
   * leave the page short. A list model gives an item at every position below
   * its count (GTK does not expect NULL there): an empty article (id 0)
   * stands in until the list is counted again, on idle, not from inside
   * get_item. */
  if (slot >= rows->len || g_ptr_array_index (rows, slot) == NULL)
    {
      if (rows->len <= slot)
        g_ptr_array_set_size (rows, slot + 1);
      g_ptr_array_index (rows, slot) = vigil_article_new ();
      if (self->recount_id == 0)
        self->recount_id = g_idle_add (recount_idle, self);
    }
  return g_object_ref (g_ptr_array_index (rows, slot));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
vigil_article_list_finalize (GObject *object)
{
  VigilArticleList *self = VIGIL_ARTICLE_LIST (object);

  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_hash_table_unref (self->pages);
  g_clear_object (&self->store);
  g_free ((char *) self->filter.category);
  g_free ((char *) self->filter.country);
  g_free ((char *) self->filter.rule);
  G_OBJECT_CLASS (vigil_article_list_parent_class)->finalize (object);
}

static void
vigil_article_list_class_init (VigilArticleListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_article_list_finalize;
}

static void
vigil_article_list_init (VigilArticleList *self)
{
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
}

VigilArticleList *
vigil_article_list_new (VigilStore *store, gint64 source_id)
{
  VigilArticleList *self = g_object_new (VIGIL_TYPE_ARTICLE_LIST, NULL);

  self->store = g_object_ref (store);
  self->source_id = source_id;
  self->n_items = count_rows (self);
  remember_top (self);
  return self;
}

gint64
vigil_article_list_get_source_id (VigilArticleList *self)
{
  return self->source_id;
}

/* What is on top now, for the next reload to tell "only new ones in front"
 * (whether or not the first page is still kept). */
static void
remember_top (VigilArticleList *self)
{
  g_autoptr (GPtrArray) top = vigil_store_list_articles_page_filtered (self->store, self->source_id,
                                                                       &self->filter, 0, 1, NULL);

  self->top_id = top->len > 0 ? ((VigilArticle *) g_ptr_array_index (top, 0))->id : 0;
}

/* Whether a row shows the same thing either way (read and starred apart,
 * which are set on the row's object in place). */
static gboolean
same_row (VigilArticle *a, VigilArticle *b)
{
  return a->id == b->id && a->score == b->score && a->cluster_size == b->cluster_size
         && g_strcmp0 (a->level, b->level) == 0 && g_strcmp0 (a->title, b->title) == 0
         && g_strcmp0 (a->source_title, b->source_title) == 0
         && g_strcmp0 (a->entity_names, b->entity_names) == 0;
}

/* Rows moved down by `at` articles put in front: the pages kept are moved
 * with them, their objects kept (the rows shown are bound to them). */
static void
shift_pages (VigilArticleList *self, guint at)
{
  g_autoptr (GHashTable) old = g_steal_pointer (&self->pages);
  GHashTableIter iter;
  gpointer key, value;

  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *rows = value;
      guint first = GPOINTER_TO_UINT (key) * VIGIL_ARTICLE_LIST_PAGE + at;

      for (guint i = 0; i < rows->len; i++)
        {
          guint position = first + i;
          guint page = position / VIGIL_ARTICLE_LIST_PAGE;
          guint slot = position % VIGIL_ARTICLE_LIST_PAGE;
          GPtrArray *into;

          if (g_ptr_array_index (rows, i) == NULL)
            continue;
          into = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
          if (into == NULL)
            {
              into = page_new ();
              g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), into);
            }
          if (into->len <= slot)
            g_ptr_array_set_size (into, slot + 1);
          g_ptr_array_index (into, slot) = g_steal_pointer (&g_ptr_array_index (rows, i));
        }
    }
  self->recent_page = (self->recent_page * VIGIL_ARTICLE_LIST_PAGE + at) / VIGIL_ARTICLE_LIST_PAGE;
}

/* The same articles in the same places: the pages around the rows shown are
 * read again and their objects take the new read and starred states (their
 * rows follow); a row that shows something else now is said replaced, alone.
 * Pages further away are forgotten, to be read when asked for. */
static void
refresh_in_place (VigilArticleList *self)
{
  g_autoptr (GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GList) keys = g_hash_table_get_keys (self->pages);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      guint page = GPOINTER_TO_UINT (l->data);
      GPtrArray *rows = g_hash_table_lookup (self->pages, l->data);
      g_autoptr (GPtrArray) fresh = NULL;

      if (page + 1 < self->recent_page || page > self->recent_page + 1)
        {
          g_hash_table_remove (self->pages, l->data);
          continue;
        }
      fresh = read_page (self, page);
      for (guint i = 0; i < rows->len; i++)
        {
          VigilArticle *was = g_ptr_array_index (rows, i);
          VigilArticle *now = i < fresh->len ? g_ptr_array_index (fresh, i) : NULL;
          guint position = page * VIGIL_ARTICLE_LIST_PAGE + i;

          if (was == NULL)
            continue;
          if (now != NULL && same_row (was, now))
            {
              if (was->read != now->read)
                vigil_article_set_read (was, now->read);
              if (was->starred != now->starred)
                vigil_article_set_starred (was, now->starred);
              continue;
            }
          g_ptr_array_index (rows, i) = now ? g_object_ref (now) : NULL;
          g_object_unref (was);
          if (position < self->n_items)
            g_array_append_val (changed, position);
        }
    }
  for (guint i = 0; i < changed->len; i++)
    g_list_model_items_changed (G_LIST_MODEL (self), g_array_index (changed, guint, i), 1, 1);
}

gboolean
vigil_article_list_refresh (VigilArticleList *self)
{
  guint old = self->n_items;
  guint old_stored = self->stored;
  gint64 old_top = self->top_id;

  self->n_items = count_rows (self);
  remember_top (self);
  if (self->n_items == old && self->top_id == old_top)
    {
      refresh_in_place (self);
      return FALSE;
    }
  if (self->prepend_only && old_top > 0 && self->stored >= old_stored)
    {
      /* Fresh articles arrive at the top: when the old first row is exactly as
       * far down as there are more articles, only that many were put in
       * front. A list still growing keeps its rows (its cap moves down by as
       * many). */
      gint64 at = vigil_store_article_position_filtered (self->store, self->source_id,
                                                         &self->filter, old_top);
      if (at >= 0 && (guint) at == self->stored - old_stored)
        {
          if (self->cap > 0)
            {
              self->cap = old + (guint) at;
              self->n_items = MIN (self->cap, self->stored);
            }
          shift_pages (self, (guint) at);
          if (at > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, (guint) at);
          refresh_in_place (self);
          return FALSE;
        }
    }
  /* Everything may have changed. Said in two steps: a list view told that
   * rows were replaced looks for each old row among all the new ones, which
   * would read every page of the store. */
  g_hash_table_remove_all (self->pages);
  /* A short list (or one still growing) that gets many rows: the first few
   * now, the rest as the caller raises the cap. */
  if (self->grow_step > 0 && (old < self->grow_step || self->cap > 0)
      && self->stored > self->grow_step)
    self->n_items = self->cap = self->grow_step;
  {
    guint now = self->n_items;
    self->n_items = 0; /* what the model holds between the two signals */
    if (old > 0)
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
    self->n_items = now;
    if (now > 0)
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, now);
  }
  return TRUE;
}

void
vigil_article_list_reload (VigilArticleList *self)
{
  guint old = self->n_items;

  g_hash_table_remove_all (self->pages);
  self->n_items = count_rows (self);
  remember_top (self);
  {
    guint now = self->n_items;
    self->n_items = 0;
    if (old > 0)
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
    self->n_items = now;
    if (now > 0)
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, now);
  }
}

gint64
vigil_article_list_peek_new (VigilArticleList *self)
{
  return vigil_article_list_peek_added (self, NULL);
}

gint64
vigil_article_list_peek_added (VigilArticleList *self, gint64 *out_added)
{
  gint64 now = vigil_store_count_articles_filtered (self->store, self->source_id, &self->filter);
  gint64 at = self->top_id != 0 && now >= self->n_items ? vigil_store_article_position_filtered (
                  self->store, self->source_id, &self->filter, self->top_id)
                                                        : -1;

  return vigil_article_list_added_from (self, now, at, out_added);
}

gint64
vigil_article_list_added_from (VigilArticleList *self, gint64 now, gint64 top_at, gint64 *out_added)
{
  if (out_added != NULL)
    *out_added = now - (gint64) self->n_items;
  if (self->top_id == 0 || now < self->n_items)
    return now == self->n_items && self->top_id == 0 ? 0 : -1;
  return top_at >= 0 && top_at == now - (gint64) self->n_items ? top_at : -1;
}

gint64
vigil_article_list_get_top_id (VigilArticleList *self)
{
  return self->top_id;
}

gboolean
vigil_article_list_reload_new (VigilArticleList *self)
{
  gboolean reset;

  self->prepend_only = TRUE;
  reset = vigil_article_list_refresh (self);
  self->prepend_only = FALSE;
  return reset;
}

void
vigil_article_list_set_cap (VigilArticleList *self, guint cap)
{
  guint old = self->n_items;

  self->cap = cap;
  self->n_items = cap > 0 && self->stored > cap ? cap : self->stored;
  if (self->n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_items - old);
  else if (self->n_items < old)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, old - self->n_items, 0);
}

void
vigil_article_list_set_grow_step (VigilArticleList *self, guint step)
{
  self->grow_step = step;
}

guint
vigil_article_list_get_cap (VigilArticleList *self)
{
  return self->cap;
}

guint
vigil_article_list_get_stored (VigilArticleList *self)
{
  return self->stored;
}

gint64
vigil_article_list_find (VigilArticleList *self, gint64 article_id)
{
  return vigil_store_article_position_filtered (self->store, self->source_id, &self->filter,
                                                article_id);
}

void
vigil_article_list_set_filter (VigilArticleList *self, const VigilArticleFilter *filter)
{
  g_free ((char *) self->filter.category);
  g_free ((char *) self->filter.country);
  g_free ((char *) self->filter.rule);
  memset (&self->filter, 0, sizeof self->filter);
  if (filter)
    {
      self->filter.min_level = filter->min_level;
      self->filter.since = filter->since;
      self->filter.unread_only = filter->unread_only;
      self->filter.keep_id = filter->keep_id;
      if (filter->category && *filter->category)
        self->filter.category = g_strdup (filter->category);
      if (filter->country && *filter->country)
        self->filter.country = g_strdup (filter->country);
      if (filter->rule && *filter->rule)
        self->filter.rule = g_strdup (filter->rule);
    }
  vigil_article_list_reload (self);
}

void
vigil_article_list_set_kept (VigilArticleList *self, gint64 article_id)
{
  self->filter.keep_id = article_id;
}

const VigilArticleFilter *
vigil_article_list_get_filter (VigilArticleList *self)
{
  return &self->filter;
}
