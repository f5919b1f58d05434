/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-clusterer.c — the reports of the last hours remembered, and the story
 * a new report belongs to (its signature against each story's members). */
#include "config.h"

#include "vigil-cluster-private.h"

#include <math.h>
#include <string.h>

/* The most reports remembered at once (the oldest forgotten first). */
#define MAX_REMEMBERED 20000

/* ---- the clusterer ---- */

typedef struct
{
  gint64 article_id;
  gint64 cluster_id;
  VigilStorySignature *signature;
} Remembered;

struct _VigilClusterer
{
  GMutex lock;
  gint64 window;
  GArray *recent; /* Remembered, in the order added */
  Idf idf;        /* of the words of recent */
};

static void
count_key (VigilClusterer *self, const char *word, int delta)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->idf.df, word));
  if (delta > 0)
    g_hash_table_insert (self->idf.df, g_strdup (word), GUINT_TO_POINTER (n + 1));
  else if (n <= 1)
    g_hash_table_remove (self->idf.df, word);
  else
    g_hash_table_insert (self->idf.df, g_strdup (word), GUINT_TO_POINTER (n - 1));
}

static void
count_words (VigilClusterer *self, VigilStorySignature *signature, int delta)
{
  for (guint i = 0; i < signature->words->len; i++)
    count_key (self, g_array_index (signature->words, Feature, i).key, delta);
  for (guint i = 0; i < signature->entities->len; i++)
    {
      g_autofree char *key
          = g_strconcat (NAME_PREFIX, g_array_index (signature->entities, Feature, i).key, NULL);
      count_key (self, key, delta);
    }
  self->idf.n += delta;
}

static void
clear_remembered (gpointer data)
{
  g_clear_pointer (&((Remembered *) data)->signature, vigil_story_signature_unref);
}

VigilClusterer *
vigil_clusterer_new (gint64 window_seconds)
{
  VigilClusterer *self = g_new0 (VigilClusterer, 1);

  g_mutex_init (&self->lock);
  self->window = window_seconds;
  self->recent = g_array_new (FALSE, TRUE, sizeof (Remembered));
  g_array_set_clear_func (self->recent, clear_remembered);
  self->idf.df = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
vigil_clusterer_free (VigilClusterer *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->recent);
  g_hash_table_unref (self->idf.df);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
vigil_clusterer_add_story (VigilClusterer *self, gint64 article_id, gint64 cluster_id,
                           VigilStorySignature *signature)
{
  Remembered r
      = { article_id, cluster_id ? cluster_id : article_id, vigil_story_signature_ref (signature) };

  g_mutex_lock (&self->lock);
  if (self->recent->len >= MAX_REMEMBERED)
    {
      guint n = self->recent->len / 4;
      for (guint i = 0; i < n; i++)
        count_words (self, g_array_index (self->recent, Remembered, i).signature, -1);
      g_array_remove_range (self->recent, 0, n);
    }
  g_array_append_val (self->recent, r);
  count_words (self, signature, +1);
  g_mutex_unlock (&self->lock);
}

void
vigil_clusterer_separate (VigilClusterer *self, gint64 article_id, gint64 rest_cluster_id)
{
  gint64 old = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->recent->len && old == 0; i++)
    if (g_array_index (self->recent, Remembered, i).article_id == article_id)
      old = g_array_index (self->recent, Remembered, i).cluster_id;
  for (guint i = 0; old != 0 && i < self->recent->len; i++)
    {
      Remembered *r = &g_array_index (self->recent, Remembered, i);
      if (r->article_id == article_id)
        r->cluster_id = article_id;
      else if (r->cluster_id == old && rest_cluster_id > 0)
        r->cluster_id = rest_cluster_id;
    }
  g_mutex_unlock (&self->lock);
}

typedef struct
{
  guint members, matches;
  double sum;
  gint64 first, last;
} Story;

gint64
vigil_clusterer_find_story (VigilClusterer *self, VigilStorySignature *signature)
{
  g_autoptr (GHashTable) stories
      = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  gint64 best = 0, time = signature->time;
  double best_score = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&self->lock);
  /* The stories with a member close enough in time that matches... */
  for (guint i = 0; i < self->recent->len; i++)
    {
      Remembered *r = &g_array_index (self->recent, Remembered, i);
      if (ABS (r->signature->time - time) > self->window
          || g_hash_table_contains (stories, &r->cluster_id))
        continue;
      if (cluster_similarity (r->signature, signature, &self->idf) >= VIGIL_STORY_SAME_EVENT)
        g_hash_table_insert (stories, &r->cluster_id, g_new0 (Story, 1));
    }
  /* ...are checked member by member: a new report must match at least half of
   * them, and the story must still fit in the window. */
  for (guint i = 0; g_hash_table_size (stories) > 0 && i < self->recent->len; i++)
    {
      Remembered *r = &g_array_index (self->recent, Remembered, i);
      Story *s = g_hash_table_lookup (stories, &r->cluster_id);
      double score;

      if (s == NULL)
        continue;
      if (s->members == 0 || r->signature->time < s->first)
        s->first = r->signature->time;
      if (s->members == 0 || r->signature->time > s->last)
        s->last = r->signature->time;
      s->members++;
      score = cluster_similarity (r->signature, signature, &self->idf);
      if (score >= VIGIL_STORY_SAME_EVENT)
        s->matches++;
      s->sum += MIN (score, 1.0);
    }
  g_hash_table_iter_init (&iter, stories);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Story *s = value;
      double mean = s->sum / s->members;
      if (2 * s->matches <= s->members || MAX (s->last, time) - MIN (s->first, time) > self->window)
        continue;
      if (mean > best_score)
        {
          best_score = mean;
          best = *(gint64 *) key;
        }
    }
  g_mutex_unlock (&self->lock);
  return best;
}

void
vigil_clusterer_add (VigilClusterer *self, gint64 article_id, gint64 cluster_id, gint64 time,
                     guint64 simhash, GPtrArray *entities)
{
  g_autoptr (VigilStorySignature) signature
      = cluster_signature_from_names (time, simhash, entities);

  vigil_clusterer_add_story (self, article_id, cluster_id, signature);
}

gint64
vigil_clusterer_find (VigilClusterer *self, gint64 time, guint64 simhash, GPtrArray *entities)
{
  g_autoptr (VigilStorySignature) signature
      = cluster_signature_from_names (time, simhash, entities);

  return vigil_clusterer_find_story (self, signature);
}

GPtrArray *
vigil_analysis_entity_names (VigilAnalysis *analysis)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      if (g_hash_table_add (seen, e->canonical))
        g_ptr_array_add (names, g_strdup (e->canonical));
    }
  return names;
}
