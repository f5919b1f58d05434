/* vigil-cluster.c */
#include "vigil-cluster.h"

#define SIMHASH_NEAR 10  /* bits of 64: reprinted wire copy */
#define MIN_SHARED 3     /* entities two rewritten reports share at least */
#define MIN_JACCARD 0.35 /* and the share of all their entities */
#define MAX_REMEMBERED 20000

static guint64
fnv1a (const char *s, guint64 h)
{
  for (; *s; s++)
    {
      h ^= (guchar) *s;
      h *= 1099511628211ULL;
    }
  return h;
}

guint64
vigil_simhash (const char *text)
{
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text ? text : "");
  int counts[64] = { 0 };
  guint n = tokens->tokens->len;
  guint64 result = 0;

  if (n == 0)
    return 0;
  for (guint i = 0; i + 2 < n || (n < 3 && i == 0); i++)
    {
      guint64 h = 14695981039346656037ULL;
      for (guint k = i; k < i + 3 && k < n; k++)
        {
          h = fnv1a (vigil_tokens_get (tokens, k)->folded, h);
          h = fnv1a (" ", h);
        }
      for (int b = 0; b < 64; b++)
        counts[b] += (h >> b) & 1 ? 1 : -1;
    }
  for (int b = 0; b < 64; b++)
    if (counts[b] > 0)
      result |= 1ULL << b;
  return result;
}

guint
vigil_simhash_distance (guint64 a, guint64 b)
{
  return __builtin_popcountll (a ^ b);
}

typedef struct
{
  gint64 article_id;
  gint64 cluster_id;
  gint64 time;
  guint64 simhash;
  GPtrArray *entities; /* char*, sorted */
} Remembered;

struct _VigilClusterer
{
  GMutex lock;
  gint64 window;
  GArray *recent; /* Remembered */
};

static void
clear_remembered (gpointer data)
{
  g_clear_pointer (&((Remembered *) data)->entities, g_ptr_array_unref);
}

VigilClusterer *
vigil_clusterer_new (gint64 window_seconds)
{
  VigilClusterer *self = g_new0 (VigilClusterer, 1);

  g_mutex_init (&self->lock);
  self->window = window_seconds;
  self->recent = g_array_new (FALSE, TRUE, sizeof (Remembered));
  g_array_set_clear_func (self->recent, clear_remembered);
  return self;
}

void
vigil_clusterer_free (VigilClusterer *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->recent);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_copy (GPtrArray *entities)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; entities && i < entities->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (entities, i)));
  g_ptr_array_sort (copy, compare_strings);
  return copy;
}

static guint
shared_count (GPtrArray *a, GPtrArray *b)
{
  guint i = 0, k = 0, shared = 0;

  while (i < a->len && k < b->len)
    {
      int c = g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, k));
      if (c == 0)
        shared++, i++, k++;
      else if (c < 0)
        i++;
      else
        k++;
    }
  return shared;
}

void
vigil_clusterer_add (VigilClusterer *self, gint64 article_id, gint64 cluster_id, gint64 time,
                     guint64 simhash, GPtrArray *entities)
{
  Remembered r
      = { article_id, cluster_id ? cluster_id : article_id, time, simhash, sorted_copy (entities) };

  g_mutex_lock (&self->lock);
  if (self->recent->len >= MAX_REMEMBERED)
    g_array_remove_range (self->recent, 0, self->recent->len / 4);
  g_array_append_val (self->recent, r);
  g_mutex_unlock (&self->lock);
}

gint64
vigil_clusterer_find (VigilClusterer *self, gint64 time, guint64 simhash, GPtrArray *entities)
{
  g_autoptr (GPtrArray) mine = sorted_copy (entities);
  gint64 best = 0;
  double best_score = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->recent->len; i++)
    {
      Remembered *r = &g_array_index (self->recent, Remembered, i);
      guint distance, shared;
      double score = 0;

      if (ABS (r->time - time) > self->window)
        continue;
      distance = vigil_simhash_distance (r->simhash, simhash);
      shared = shared_count (r->entities, mine);
      if (distance <= SIMHASH_NEAR)
        score = 2.0 - distance / 64.0;
      else if (shared >= MIN_SHARED)
        {
          double jaccard = (double) shared / (r->entities->len + mine->len - shared);
          if (jaccard >= MIN_JACCARD)
            score = jaccard;
        }
      if (score > best_score)
        {
          best_score = score;
          best = r->cluster_id;
        }
    }
  g_mutex_unlock (&self->lock);
  return best;
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
