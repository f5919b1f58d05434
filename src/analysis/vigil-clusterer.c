/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-clusterer.c — the reports of the last hours remembered, and the story
 * a new report belongs to (its signature against each story's members).
 *
 * A new report is compared only with the stories it could join: those with a
 * member whose SimHash is near its own, or that shares with it a specific name
 * (or a spelling of one a letter apart, or a one-word name written in the
 * other), a province both name, a province holding one of its towns,
 * a country and a concept of the event's frame, a concept of the frame when one of the two names
 * no place (cluster_unplaced) or, for reports stored without an analysis, any name
 * (an index of them, kept as reports are remembered). cluster_similarity() gives 0 for any other
 * pair, so the stories found are those a scan of every report would find. A story is then weighed
 * member by member, by at most STORY_SAMPLE of them, spread evenly over it: one event carried by
 * hundreds of sources is not compared with each of its thousands of reports for every new one. */
#include "config.h"

#include "vigil-cluster-private.h"

#include <math.h>
#include <string.h>

/* The most reports remembered at once (the oldest forgotten first). */
#define MAX_REMEMBERED 20000
/* The most members of a story a new report is compared with. */
#define STORY_SAMPLE 128
/* Bits of 64 within which two SimHashes make near-duplicate text (as
 * cluster_similarity takes them). */
#define SIMHASH_NEAR 10

typedef struct _Story Story;

typedef struct
{
  gint64 article_id;
  gint64 cluster_id;
  guint64 seq; /* the order remembered */
  VigilStorySignature *signature;
  Story *story;
} Remembered;

/* A story's remembered members (rebuilt from recent after a report is
 * forgotten or separated). */
struct _Story
{
  gint64 id;
  GPtrArray *members; /* Remembered*, in the order remembered */
  gint64 first, last; /* the members' earliest and latest times */
  guint stamp;        /* the search that last collected it */
};

/* One entry of the index: a story under a key, and the next under the same. */
typedef struct
{
  Story *story;
  guint next; /* 1 + its index in postings; 0: none */
} Posting;

typedef struct
{
  guint64 simhash;
  Story *story;
} Hashed;

struct _VigilClusterer
{
  GMutex lock;
  gint64 window;
  GPtrArray *recent;   /* Remembered*, in the order added */
  GHashTable *stories; /* cluster id (gint64*) -> Story */
  /* Keys (64-bit hashes of what two reports of one event can share) -> the
   * first of their postings: a hash shared by two keys only adds stories to
   * look at, never hides one. */
  GHashTable *index;
  GArray *postings; /* Posting */
  GArray *hashes;   /* Hashed, as recent */
  guint64 next_seq;
  guint stamp;
  Idf idf; /* of the words of recent */
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
remembered_free (gpointer data)
{
  Remembered *r = data;

  vigil_story_signature_unref (r->signature);
  g_free (r);
}

static void
story_free (gpointer data)
{
  Story *s = data;

  g_ptr_array_unref (s->members);
  g_free (s);
}

/* ---- the index ---- */

/* A key: a kind ('S' a specific name, 'V' a name with a letter left out, 'P'
 * a person's last name, 'N'
 * a province named, 'C' the province of a town, 'A' any name of a report
 * without analysis) and a text, the first len bytes of it with the one at
 * skip left out (skip >= len: none), in lower case when folded. */
static guint64
key_hash (char kind, const char *text, gsize len, gsize skip, gboolean folded)
{
  guint64 h = 14695981039346656037ULL;

  h = (h ^ (guchar) kind) * 1099511628211ULL;
  for (gsize i = 0; i < len; i++)
    if (i != skip)
      h = (h ^ (guchar) (folded ? g_ascii_tolower (text[i]) : text[i])) * 1099511628211ULL;
  return h;
}

static void
post (VigilClusterer *self, guint64 key, Story *story)
{
  gpointer k = (gpointer) (gsize) key;
  guint head = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, k));
  Posting p = { story, head };

  /* The story under this key already (most often its last entry). */
  for (guint n = head, i = 0; n != 0 && i < 4;
       n = g_array_index (self->postings, Posting, n - 1).next, i++)
    if (g_array_index (self->postings, Posting, n - 1).story == story)
      return;
  g_array_append_val (self->postings, p);
  g_hash_table_insert (self->index, k, GUINT_TO_POINTER (self->postings->len));
}

static void
collect (VigilClusterer *self, Story *story, GPtrArray *found)
{
  if (story->stamp == self->stamp)
    return;
  story->stamp = self->stamp;
  g_ptr_array_add (found, story);
}

static void
look_up (VigilClusterer *self, guint64 key, GPtrArray *found)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, (gpointer) (gsize) key));

  for (; n != 0; n = g_array_index (self->postings, Posting, n - 1).next)
    collect (self, g_array_index (self->postings, Posting, n - 1).story, found);
}

typedef void (*KeyFunc) (VigilClusterer *self, guint64 key, gpointer data);

/* The keys under which a signature is found (as a member) or looks (as a new
 * report: the kinds it finds in others, mine FALSE). */
static void
signature_keys (VigilClusterer *self, const VigilStorySignature *sig, gboolean mine, KeyFunc func,
                gpointer data)
{
  if (sig->names_only)
    {
      /* Found by a shared name; as a new report, it looks at every story. */
      for (guint i = 0; mine && i < sig->entities->len; i++)
        {
          const char *key = g_array_index (sig->entities, Feature, i).key;
          func (self, key_hash ('A', key, strlen (key), G_MAXSIZE, FALSE), data);
        }
      return;
    }
  for (guint i = 0; i < sig->entities->len; i++)
    {
      const Feature *f = &g_array_index (sig->entities, Feature, i);
      gsize len = f->ascii ? strlen (f->ascii) : 0;

      /* Reports stored without analysis share any name. */
      if (!mine)
        func (self, key_hash ('A', f->key, strlen (f->key), G_MAXSIZE, FALSE), data);
      if (!f->specific)
        continue;
      func (self, key_hash ('S', f->key, strlen (f->key), G_MAXSIZE, FALSE), data);
      /* Two spellings one letter apart (changed, added, dropped or two
       * swapped) are the same once one letter is left out of each, or of
       * the longer (vigil-cluster-similarity.c's variant_spelling). */
      if (len >= 5)
        for (gsize skip = 0; skip <= len; skip++)
          func (self, key_hash ('V', f->ascii, len, skip, TRUE), data);
      /* Or written with other letters for one sound ("Shymkent" and
       * "Chimkent"). */
      if (len >= 5)
        {
          char translit[64];
          if (cluster_transliteration_key (f->ascii, translit, sizeof translit)
              && strlen (translit) >= 5)
            func (self, key_hash ('T', translit, strlen (translit), G_MAXSIZE, FALSE), data);
        }
      /* A person named in full in one report and in part in the other
       * shares the last name (vigil-cluster-similarity.c's same_person). */
      if (f->person && strrchr (f->key, ' ') != NULL)
        {
          const char *last = strrchr (f->key, ' ') + 1;
          func (self, key_hash ('P', last, strlen (last), G_MAXSIZE, FALSE), data);
        }
    }
  /* A province in common (vigil-cluster-similarity.c's place gate). */
  for (guint i = 0; i < sig->regions->len; i++)
    {
      const char *key = g_array_index (sig->regions, Feature, i).key;
      func (self, key_hash ('R', key, strlen (key), G_MAXSIZE, FALSE), data);
    }
  /* A one-word name of one report written in the other (written_names),
   * perhaps spelled one letter apart ("Svaneti" and "Svanetia"). */
  for (guint i = 0; i < sig->single_names->len; i++)
    {
      const char *key = g_array_index (sig->single_names, Feature, i).key;
      gsize len = strlen (key);
      func (self, key_hash (mine ? 'E' : 'W', key, len, G_MAXSIZE, FALSE), data);
      if (len >= 5)
        for (gsize skip = 0; skip <= len; skip++)
          func (self, key_hash (mine ? 'e' : 'w', key, len, skip, TRUE), data);
    }
  for (guint i = 0; i < sig->name_words->len; i++)
    {
      const char *key = g_array_index (sig->name_words, Feature, i).key;
      gsize len = strlen (key);
      func (self, key_hash (mine ? 'W' : 'E', key, len, G_MAXSIZE, FALSE), data);
      if (len >= 5)
        for (gsize skip = 0; skip <= len; skip++)
          func (self, key_hash (mine ? 'w' : 'e', key, len, skip, TRUE), data);
    }
  for (guint i = 0; i < sig->named_regions->len; i++)
    {
      const char *key = g_array_index (sig->named_regions, Feature, i).key;
      func (self, key_hash (mine ? 'N' : 'C', key, strlen (key), G_MAXSIZE, FALSE), data);
    }
  /* A country and a concept of the event's frame in common (vigil-cluster-similarity.c's
   * frame_opens_gate). */
  for (guint i = 0; i < sig->countries->len; i++)
    for (guint k = 0; k < sig->frame->len; k++)
      {
        g_autofree char *key = g_strconcat (g_array_index (sig->countries, Feature, i).key, "|",
                                            g_array_index (sig->frame, Feature, k).key, NULL);
        func (self, key_hash ('F', key, strlen (key), G_MAXSIZE, FALSE), data);
      }
  for (guint i = 0; i < sig->city_regions->len; i++)
    {
      const char *key = g_array_index (sig->city_regions, Feature, i).key;
      func (self, key_hash (mine ? 'C' : 'N', key, strlen (key), G_MAXSIZE, FALSE), data);
    }
  /* A concept of the frame, for a report that names no place the lists
   * know (vigil-cluster-similarity.c's cluster_unplaced): every report is
   * found by its concepts under 'U' by an unplaced one, an unplaced one by
   * its concepts under 'Y' by any. */
  for (guint k = 0; k < sig->frame->len; k++)
    {
      const char *key = g_array_index (sig->frame, Feature, k).key;
      /* (days and parts of days are no agreement) */
      if (key[0] == 'd' || key[0] == 't')
        continue;
      if (mine || cluster_unplaced (sig))
        func (self, key_hash ('U', key, strlen (key), G_MAXSIZE, FALSE), data);
      if (!mine || cluster_unplaced (sig))
        func (self, key_hash ('Y', key, strlen (key), G_MAXSIZE, FALSE), data);
    }
}

static void
post_key (VigilClusterer *self, guint64 key, gpointer story)
{
  post (self, key, story);
}

static void
look_up_key (VigilClusterer *self, guint64 key, gpointer found)
{
  look_up (self, key, found);
}

/* Files a remembered report in its story and the index. */
static void
file_report (VigilClusterer *self, Remembered *r)
{
  Story *s = g_hash_table_lookup (self->stories, &r->cluster_id);
  gint64 time = r->signature->time;
  Hashed h;

  if (s == NULL)
    {
      s = g_new0 (Story, 1);
      s->id = r->cluster_id;
      s->members = g_ptr_array_new ();
      s->first = s->last = time;
      g_hash_table_insert (self->stories, &s->id, s);
    }
  g_ptr_array_add (s->members, r);
  s->first = MIN (s->first, time);
  s->last = MAX (s->last, time);
  r->story = s;
  h.simhash = r->signature->simhash;
  h.story = s;
  g_array_append_val (self->hashes, h);
  signature_keys (self, r->signature, TRUE, post_key, s);
}

/* The stories and the index made again from recent. */
static void
refile (VigilClusterer *self)
{
  g_hash_table_remove_all (self->index);
  g_array_set_size (self->postings, 0);
  g_array_set_size (self->hashes, 0);
  g_hash_table_remove_all (self->stories);
  for (guint i = 0; i < self->recent->len; i++)
    file_report (self, g_ptr_array_index (self->recent, i));
}

/* ---- the clusterer ---- */

VigilClusterer *
vigil_clusterer_new (gint64 window_seconds)
{
  VigilClusterer *self = g_new0 (VigilClusterer, 1);

  g_mutex_init (&self->lock);
  self->window = window_seconds;
  self->recent = g_ptr_array_new_with_free_func (remembered_free);
  self->stories = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, story_free);
  self->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->postings = g_array_new (FALSE, FALSE, sizeof (Posting));
  self->hashes = g_array_new (FALSE, FALSE, sizeof (Hashed));
  self->idf.df = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

const Idf *
cluster_clusterer_idf (VigilClusterer *self)
{
  return &self->idf;
}

void
vigil_clusterer_free (VigilClusterer *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->stories);
  g_hash_table_unref (self->index);
  g_array_unref (self->postings);
  g_array_unref (self->hashes);
  g_ptr_array_unref (self->recent);
  g_hash_table_unref (self->idf.df);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
vigil_clusterer_add_story (VigilClusterer *self, gint64 article_id, gint64 cluster_id,
                           VigilStorySignature *signature)
{
  Remembered *r = g_new0 (Remembered, 1);

  r->article_id = article_id;
  r->cluster_id = cluster_id ? cluster_id : article_id;
  r->signature = vigil_story_signature_ref (signature);
  g_mutex_lock (&self->lock);
  r->seq = self->next_seq++;
  if (self->recent->len >= MAX_REMEMBERED)
    {
      guint n = self->recent->len / 4;
      for (guint i = 0; i < n; i++)
        count_words (self, ((Remembered *) g_ptr_array_index (self->recent, i))->signature, -1);
      g_ptr_array_remove_range (self->recent, 0, n);
      refile (self);
    }
  g_ptr_array_add (self->recent, r);
  file_report (self, r);
  count_words (self, signature, +1);
  g_mutex_unlock (&self->lock);
}

void
vigil_clusterer_separate (VigilClusterer *self, gint64 article_id, gint64 rest_cluster_id)
{
  gint64 old = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->recent->len && old == 0; i++)
    if (((Remembered *) g_ptr_array_index (self->recent, i))->article_id == article_id)
      old = ((Remembered *) g_ptr_array_index (self->recent, i))->cluster_id;
  for (guint i = 0; old != 0 && i < self->recent->len; i++)
    {
      Remembered *r = g_ptr_array_index (self->recent, i);
      if (r->article_id == article_id)
        r->cluster_id = article_id;
      else if (r->cluster_id == old && rest_cluster_id > 0)
        r->cluster_id = rest_cluster_id;
    }
  if (old != 0)
    refile (self);
  g_mutex_unlock (&self->lock);
}

/* How a new report fares against one story. */
typedef struct
{
  Story *story;
  guint members, matches;
  double sum;
  guint64 first_match; /* seq of its first member in the window that matches */
} Weighed;

static int
compare_first_match (gconstpointer a, gconstpointer b)
{
  guint64 x = ((const Weighed *) a)->first_match, y = ((const Weighed *) b)->first_match;
  return x < y ? -1 : x > y;
}

gint64
vigil_clusterer_find_story (VigilClusterer *self, VigilStorySignature *signature)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  g_autoptr (GArray) weighed = g_array_new (FALSE, FALSE, sizeof (Weighed));
  g_autoptr (GHashTable) stories = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 best = 0, time = signature->time;
  double best_score = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&self->lock);
  /* The stories it could join: near text, or something of the event shared. */
  self->stamp++;
  if (signature->names_only)
    {
      g_hash_table_iter_init (&iter, self->stories);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        collect (self, value, found);
    }
  else
    signature_keys (self, signature, FALSE, look_up_key, found);
  for (guint i = 0; i < self->hashes->len; i++)
    {
      Hashed *h = &g_array_index (self->hashes, Hashed, i);
      if ((h->simhash != 0 || signature->simhash != 0)
          && vigil_simhash_distance (h->simhash, signature->simhash) <= SIMHASH_NEAR)
        collect (self, h->story, found);
    }
  /* Each is weighed member by member (by an even sample of a long story):
   * a new report must match more than half of them, and the story must
   * still fit in the window. */
  for (guint i = 0; i < found->len; i++)
    {
      Story *s = g_ptr_array_index (found, i);
      guint n = s->members->len, k = MIN (n, STORY_SAMPLE);
      Weighed w = { s, k, 0, 0, G_MAXUINT64 };

      for (guint j = 0; j < k; j++)
        {
          Remembered *r
              = g_ptr_array_index (s->members, n == k ? j : (guint) ((guint64) j * n / k));
          double score = cluster_similarity (r->signature, signature, &self->idf);
          if (score >= VIGIL_STORY_SAME_EVENT)
            {
              w.matches++;
              if (w.first_match == G_MAXUINT64 && ABS (r->signature->time - time) <= self->window)
                w.first_match = r->seq;
            }
          w.sum += CLAMP (score, 0.0, 1.0);
        }
      if (w.first_match != G_MAXUINT64)
        g_array_append_val (weighed, w);
    }
  /* The stories with a member that matches, taken in the order of that
   * member (ties go as they did when every report was scanned in order). */
  g_array_sort (weighed, compare_first_match);
  for (guint i = 0; i < weighed->len; i++)
    {
      Weighed *w = &g_array_index (weighed, Weighed, i);
      g_hash_table_insert (stories, &w->story->id, w);
    }
  g_hash_table_iter_init (&iter, stories);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Weighed *w = value;
      double mean = w->sum / w->members;
      if (2 * w->matches <= w->members
          || MAX (w->story->last, time) - MIN (w->story->first, time) > self->window)
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
