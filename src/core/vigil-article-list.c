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
};

static void list_model_iface_init (GListModelInterface *iface);
static void remember_top (VigilArticleList *self);

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

static gpointer
get_item (GListModel *model, guint position)
{
  VigilArticleList *self = VIGIL_ARTICLE_LIST (model);
  guint page = position / VIGIL_ARTICLE_LIST_PAGE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_remove_all (self->pages);
      rows = vigil_store_list_articles_page_filtered (self->store, self->source_id, &self->filter,
                                                      page * VIGIL_ARTICLE_LIST_PAGE,
                                                      VIGIL_ARTICLE_LIST_PAGE, NULL);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
    }
  position %= VIGIL_ARTICLE_LIST_PAGE;
  /* Articles deleted since the count was read leave the page short. */
  if (position >= rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (rows, position));
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
  self->n_items = vigil_store_count_articles_filtered (store, source_id, &self->filter);
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

void
vigil_article_list_reload (VigilArticleList *self)
{
  guint old = self->n_items;
  gint64 old_top = self->top_id;

  g_hash_table_remove_all (self->pages);
  self->n_items = vigil_store_count_articles_filtered (self->store, self->source_id, &self->filter);
  remember_top (self);
  if (self->prepend_only && old_top > 0 && self->n_items >= old)
    {
      /* Fresh articles arrive at the top: when the old first row is exactly as
       * far down as there are more rows, only that many were put in front. */
      gint64 at = vigil_store_article_position_filtered (self->store, self->source_id,
                                                         &self->filter, old_top);
      if (at >= 0 && (guint) at == self->n_items - old)
        {
          if (at > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, (guint) at);
          return;
        }
    }
  /* Everything may have changed. Said in two steps: a list view told that
   * rows were replaced looks for each old row among all the new ones, which
   * would read every page of the store. */
  {
    guint now = self->n_items;
    self->n_items = 0; /* what the model holds between the two signals */
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
  gint64 now = vigil_store_count_articles_filtered (self->store, self->source_id, &self->filter);
  gint64 at;

  if (self->top_id == 0 || now < self->n_items)
    return now == self->n_items && self->top_id == 0 ? 0 : -1;
  at = vigil_store_article_position_filtered (self->store, self->source_id, &self->filter,
                                              self->top_id);
  return at >= 0 && at == now - (gint64) self->n_items ? at : -1;
}

void
vigil_article_list_reload_new (VigilArticleList *self)
{
  self->prepend_only = TRUE;
  vigil_article_list_reload (self);
  self->prepend_only = FALSE;
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
      if (filter->category && *filter->category)
        self->filter.category = g_strdup (filter->category);
      if (filter->country && *filter->country)
        self->filter.country = g_strdup (filter->country);
      if (filter->rule && *filter->rule)
        self->filter.rule = g_strdup (filter->rule);
    }
  vigil_article_list_reload (self);
}

const VigilArticleFilter *
vigil_article_list_get_filter (VigilArticleList *self)
{
  return &self->filter;
}
