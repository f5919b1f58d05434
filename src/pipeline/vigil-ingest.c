/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-ingest.c — the worker step: parse, analyse once, file in stories, store, judge */
#include "config.h"

#include "vigil-ingest.h"

#include <errno.h>
#include <time.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n-lib.h>

#include "vigil-analyzer.h"
#include "vigil-cluster.h"
#include "vigil-feed-parser.h"
#include "vigil-schedule.h"
#include "vigil-subscriptions.h"

/* A source whose read did not finish (Vigil crashed or was killed while
 * reading it) is read again alone, before the others; if that read does not
 * finish either, or a read took longer than MAX_READ_SECONDS, the source is
 * left out of refreshes until the desk refreshes it. */
#define MAX_READ_SECONDS 120

#define STORY_WINDOW (48 * 3600)
#define CLUSTERER_BATCH 256
/* A source's first read is stored within moments of its first_fetch, and the
 * next read comes a minute later at the soonest: what arrived with the first
 * read was there before the desk watched the source. */
#define FIRST_READ_SECONDS 60

struct _VigilIngest
{
  VigilStore *store;
  VigilGazetteer *gazetteer;
  VigilAlertEngine *alerts;
  GMutex cluster_lock;
  GMutex ingest_lock;        /* story finding + store + clusterer, one feed at a time */
  VigilClusterer *clusterer; /* created by the first ingest */
  guint max_age_hours;       /* an article older than this is not news (no notification) */
  gint analysis_count;       /* vigil_analyze calls (atomic) */
};

VigilIngest *
vigil_ingest_new (VigilStore *store, VigilGazetteer *gazetteer, VigilAlertEngine *alerts)
{
  VigilIngest *self = g_new0 (VigilIngest, 1);

  self->store = g_object_ref (store);
  self->gazetteer = vigil_gazetteer_ref (gazetteer);
  self->alerts = g_object_ref (alerts);
  g_mutex_init (&self->cluster_lock);
  g_mutex_init (&self->ingest_lock);
  self->max_age_hours = 24;
  return self;
}

void
vigil_ingest_free (VigilIngest *self)
{
  g_clear_object (&self->store);
  g_clear_pointer (&self->gazetteer, vigil_gazetteer_unref);
  g_clear_object (&self->alerts);
  g_clear_pointer (&self->clusterer, vigil_clusterer_free);
  g_mutex_clear (&self->cluster_lock);
  g_mutex_clear (&self->ingest_lock);
  g_free (self);
}

void
vigil_ingest_set_max_age (VigilIngest *self, guint hours)
{
  self->max_age_hours = MAX (1, hours);
}

guint
vigil_ingest_get_analysis_count (VigilIngest *self)
{
  return (guint) g_atomic_int_get (&self->analysis_count);
}

void
vigil_ingest_result_clear (VigilIngestResult *result)
{
  g_clear_pointer (&result->hits, g_ptr_array_unref);
  g_clear_pointer (&result->ids, g_array_unref);
  result->n_new = 0;
}

/* Parsing, analysing and storing feeds is background work: the threads that
 * do it yield to the window's (a desk refreshing 500 sources on two cores
 * would otherwise starve the main loop). Linux nices threads one by one. */
void
vigil_ingest_yield_to_ui (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) == NULL)
    {
      g_private_set (&lowered, GINT_TO_POINTER (1));
      if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
        g_debug ("Could not lower the priority of a worker thread: %s", g_strerror (errno));
    }
#endif
}

/* Processor time of the calling thread, in microseconds. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time ();
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static guint
title_length (VigilArticle *article)
{
  return article->title ? g_utf8_strlen (article->title, -1) : 0;
}

/* The pipeline's one call of the analyser, counted. */
static VigilAnalysis *
analyze_text (VigilIngest *self, const char *text, guint title_end)
{
  g_atomic_int_inc (&self->analysis_count);
  return vigil_analyze (self->gazetteer, text, title_end);
}

/* Analyses an article in place (score, level, language, annotations, entity
 * names, SimHash) and returns the analysis and, in out_body and out_text, its
 * body text and the text analysed: the alert rules and the story grouping
 * work on them. */
static VigilAnalysis *
analyze_article (VigilIngest *self, VigilArticle *article, char **out_body, char **out_text)
{
  g_autofree char *body = NULL;

  /* "… - Reuters" from an aggregator: the outlet is the item's origin, not
   * words of its headline (which would tie together unrelated reports of one
   * outlet and part reports of one event). */
  vigil_article_strip_origin_suffix (article);
  body = vigil_article_dup_body_text (article);
  g_autofree char *text = vigil_article_dup_match_text (article, body ? body : "");
  VigilAnalysis *analysis = analyze_text (self, text, title_length (article));
  g_autoptr (GPtrArray) names = vigil_analysis_entity_names (analysis);

  article->score = analysis->score;
  g_free (article->level);
  article->level = g_strdup (analysis->level);
  if (article->language == NULL)
    article->language = g_strdup (analysis->language);
  /* Kept with the article (annotations): the UI, the story grouping of later
   * runs and the rules of articles stored unjudged read it back from there. */
  g_free (article->annotations);
  article->annotations = vigil_analysis_to_json (analysis, FALSE);
  g_ptr_array_add (names, NULL);
  g_free (article->entity_names);
  article->entity_names = g_strjoinv ("\n", (char **) names->pdata);
  article->simhash = vigil_simhash (text);
  if (out_body)
    *out_body = g_steal_pointer (&body);
  if (out_text)
    *out_text = g_steal_pointer (&text);
  return analysis;
}

void
vigil_ingest_analyze_article (VigilIngest *self, VigilArticle *article)
{
  vigil_analysis_free (analyze_article (self, article, NULL, NULL));
}

static GPtrArray *
split_names (const char *names)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = g_strsplit (names ? names : "", "\n", -1);

  for (int i = 0; parts[i]; i++)
    if (*parts[i])
      g_ptr_array_add (out, g_strdup (parts[i]));
  return out;
}

/* The evidence of a stored article for story grouping: the signature of its
 * stored analysis over its text as it was analysed, as for a new article; with
 * no usable analysis, its names alone. */
static VigilStorySignature *
stored_signature (VigilIngest *self, VigilArticle *article)
{
  g_autoptr (VigilAnalysis) analysis
      = article->annotations ? vigil_analysis_from_json (article->annotations) : NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;

  if (analysis == NULL)
    return NULL;
  body = vigil_article_dup_body_text (article);
  text = vigil_article_dup_match_text (article, body ? body : "");
  return vigil_story_signature_new (self->gazetteer, analysis, text, article->first_seen);
}

/* The clusterer starts from the stories of the last two days in the store,
 * weighed on the same evidence as new articles (read in batches, so that the
 * text of days of articles is never all in memory at once). */
static void
ensure_clusterer (VigilIngest *self)
{
  g_mutex_lock (&self->cluster_lock);
  if (self->clusterer == NULL)
    {
      gint64 since = g_get_real_time () / G_USEC_PER_SEC - 2 * STORY_WINDOW;
      gint64 last = 0;
      guint n;

      self->clusterer = vigil_clusterer_new (STORY_WINDOW);
      do
        {
          g_autoptr (GPtrArray) recent = vigil_store_list_recent_for_clustering (
              self->store, since, last, CLUSTERER_BATCH, NULL);
          for (guint i = 0; i < recent->len; i++)
            {
              VigilArticle *a = g_ptr_array_index (recent, i);
              g_autoptr (VigilStorySignature) signature = stored_signature (self, a);

              last = a->id;
              if (signature != NULL)
                vigil_clusterer_add_story (self->clusterer, a->id, a->cluster_id, signature);
              else
                {
                  g_autoptr (GPtrArray) names = split_names (a->entity_names);
                  vigil_clusterer_add (self->clusterer, a->id, a->cluster_id, a->first_seen,
                                       a->simhash, names);
                }
            }
          n = recent->len;
        }
      while (n == CLUSTERER_BATCH);
    }
  g_mutex_unlock (&self->cluster_lock);
}

gboolean
vigil_ingest_separate (VigilIngest *self, gint64 article_id, GError **error)
{
  gint64 rest = 0;
  gboolean ok;

  /* Not while a feed's reports are being filed into stories. */
  g_mutex_lock (&self->ingest_lock);
  ok = vigil_store_separate_from_story (self->store, article_id, &rest, error);
  if (ok)
    {
      g_mutex_lock (&self->cluster_lock);
      if (self->clusterer != NULL)
        vigil_clusterer_separate (self->clusterer, article_id, rest);
      g_mutex_unlock (&self->cluster_lock);
    }
  g_mutex_unlock (&self->ingest_lock);
  return ok;
}

static void
set_source_error (VigilSource *source, const char *message)
{
  g_free (source->error);
  source->error = g_strdup (message);
  source->status = VIGIL_SOURCE_STATUS_ERROR;
}

/* How many earlier items of one read a new item is compared with. */
#define BATCH_LOOKBACK 500

/* An earlier item of the same read (its index) that a new item resembles. */
typedef struct
{
  guint index;
  double similarity;
} BatchNear;

typedef struct
{
  guint members, matches;
  double sum;
  gint64 first, last; /* its members' times, the new item's included */
} BatchStory;

/* For each item of one read, the earlier items of the read (at most
 * BATCH_LOOKBACK back, within the story window of it) it resembles at all:
 * worked out before the ingest lock is taken, as it is the slow part. */
static GArray **
batch_similarities (GPtrArray *items, GPtrArray *signatures)
{
  GArray **near = g_new0 (GArray *, items->len + 1);

  for (guint i = 1; i < items->len; i++)
    {
      gint64 time = vigil_article_get_time (g_ptr_array_index (items, i));

      for (guint k = i > BATCH_LOOKBACK ? i - BATCH_LOOKBACK : 0; k < i; k++)
        {
          BatchNear b = { k, 0 };

          if (ABS (vigil_article_get_time (g_ptr_array_index (items, k)) - time) > STORY_WINDOW)
            continue;
          b.similarity = vigil_story_signature_similarity (g_ptr_array_index (signatures, k),
                                                           g_ptr_array_index (signatures, i));
          if (b.similarity <= 0)
            continue;
          if (near[i] == NULL)
            near[i] = g_array_new (FALSE, FALSE, sizeof (BatchNear));
          g_array_append_val (near[i], b);
        }
    }
  return near;
}

static void
batch_similarities_free (GArray **near, guint n)
{
  for (guint i = 0; i < n; i++)
    if (near[i] != NULL)
      g_array_unref (near[i]);
  g_free (near);
}

/* The story an item joins among the items before it in the same read, as
 * vigil_store_ingest_evaluated() takes it (-(index + 1) of the first article
 * of that story in the read), or 0: an aggregator's feed (Google News) brings
 * several outlets' reports of one event at once, and the clusterer knows only
 * what is stored. As the clusterer does, the item must match more than half
 * of a story's members within the window (no chaining through one similar
 * report), and the story with it must still fit in the window. */
static gint64
batch_story (GPtrArray *items, GArray *near, guint i)
{
  g_autoptr (GHashTable) stories = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 best = 0, time = vigil_article_get_time (g_ptr_array_index (items, i));
  double best_mean = 0;

  if (near == NULL)
    return 0; /* like nothing before it */
  stories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  /* The stories begun in this read, with their members in the window... */
  for (guint k = i > BATCH_LOOKBACK ? i - BATCH_LOOKBACK : 0; k < i; k++)
    {
      VigilArticle *earlier = g_ptr_array_index (items, k);
      gint64 story = earlier->cluster_id < 0 ? earlier->cluster_id : -(gint64) k - 1;
      gint64 t = vigil_article_get_time (earlier);
      BatchStory *s;

      if (earlier->cluster_id > 0 || ABS (t - time) > STORY_WINDOW)
        continue; /* it joined a stored story, which the clusterer offered */
      s = g_hash_table_lookup (stories, &story);
      if (s == NULL)
        {
          s = g_new0 (BatchStory, 1);
          s->first = s->last = time;
          g_hash_table_insert (stories, g_memdup2 (&story, sizeof story), s);
        }
      s->members++;
      s->first = MIN (s->first, t);
      s->last = MAX (s->last, t);
    }
  /* ...and how well the item matches them. */
  for (guint m = 0; m < near->len; m++)
    {
      BatchNear *b = &g_array_index (near, BatchNear, m);
      VigilArticle *earlier = g_ptr_array_index (items, b->index);
      gint64 story = earlier->cluster_id < 0 ? earlier->cluster_id : -(gint64) b->index - 1;
      BatchStory *s = earlier->cluster_id > 0 ? NULL : g_hash_table_lookup (stories, &story);

      if (s == NULL)
        continue;
      s->matches += b->similarity >= VIGIL_STORY_SAME_EVENT;
      s->sum += MIN (b->similarity, 1.0);
    }
  g_hash_table_iter_init (&iter, stories);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BatchStory *s = value;
      double mean = s->sum / s->members;

      if (2 * s->matches > s->members && s->last - s->first <= STORY_WINDOW && mean > best_mean)
        {
          best_mean = mean;
          best = *(gint64 *) key;
        }
    }
  return best;
}

/* Whether a stored article's alerts are not news (vigil_alert_is_backlog). */
static gboolean
is_backlog (VigilIngest *self, const char *source_url, gint64 first_fetch, VigilArticle *article,
            gint64 now)
{
  return vigil_alert_is_backlog (source_url, first_fetch, vigil_article_get_time (article), now,
                                 self->max_age_hours);
}

gboolean
vigil_ingest_items (VigilIngest *self, VigilSource *source, GPtrArray *feed_items,
                    gint64 first_fetch, gint64 now, VigilIngestResult *result, GError **error)
{
  g_autoptr (GPtrArray) matches
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) requests
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) added = NULL;
  /* What tells this item's event from others (actors, places, risk
   * categories, numbers), one for each item. */
  g_autoptr (GPtrArray) signatures
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_story_signature_unref);
  g_autoptr (GHashTable) index = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) stories = NULL;
  GArray **near;

  /* What is stored already is neither analysed nor judged again; with
   * nothing new, the stories of recent articles need not even be loaded. */
  items = vigil_store_filter_unstored (self->store, source->id, feed_items);
  if (items->len > 0)
    ensure_clusterer (self);
  /* Each new item is analysed once, here; the story signature and the alert
   * rules use that analysis, so the articles and their alerts are then
   * written in one transaction. */
  for (guint i = 0; i < items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (items, i);
      g_autofree char *body = NULL;
      g_autofree char *text = NULL;
      g_autoptr (VigilAnalysis) analysis = analyze_article (self, a, &body, &text);

      g_ptr_array_add (signatures, vigil_story_signature_new (self->gazetteer, analysis, text,
                                                              vigil_article_get_time (a)));
      if (a->source_title == NULL)
        a->source_title = g_strdup (source->title); /* for source: scopes */
      g_ptr_array_add (matches, vigil_alert_engine_evaluate_for_source (self->alerts, a, body,
                                                                        analysis, source));
      g_ptr_array_add (requests, vigil_story_alerts_for (g_ptr_array_index (matches, i)));
      g_hash_table_insert (index, a, GUINT_TO_POINTER (i));
    }
  near = batch_similarities (items, signatures);
  /* Finding the story, storing and remembering it happen as one step, so
   * that two feeds carrying one story at the same moment agree on it. */
  g_mutex_lock (&self->ingest_lock);
  for (guint i = 0; i < items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (items, i);
      a->cluster_id
          = vigil_clusterer_find_story (self->clusterer, g_ptr_array_index (signatures, i));
      if (a->cluster_id == 0)
        a->cluster_id = batch_story (items, near[i], i);
    }
  batch_similarities_free (near, items->len);
  if (!vigil_store_ingest_evaluated (self->store, source->id, items, requests, &added, error))
    {
      g_mutex_unlock (&self->ingest_lock);
      return FALSE;
    }
  result->n_new = added->len;
  g_clear_pointer (&result->ids, g_array_unref);
  result->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), added->len);
  for (guint i = 0; i < added->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (added, i);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index, a));
      g_array_append_val (result->ids, a->id);
      vigil_clusterer_add_story (self->clusterer, a->id, a->cluster_id,
                                 g_ptr_array_index (signatures, k));
    }
  g_mutex_unlock (&self->ingest_lock);
  /* Full-text indexing in batches (see vigil_store_index_pending). */
  if (vigil_store_count_unindexed (self->store) >= VIGIL_STORE_INDEX_BATCH)
    vigil_store_index_pending (self->store, NULL);
  result->hits = vigil_alert_hits_new ();
  stories = vigil_alert_stories_new ();
  for (guint i = 0; i < added->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (added, i);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index, a));
      /* What the first read finds was there before the desk watched the
       * source (first start, an import, a source just added, a first sync):
       * not news, whatever its date says. */
      gboolean backlog = first_fetch == 0 || is_backlog (self, source->url, first_fetch, a, now);
      VigilAlertHit *hit = vigil_alert_hit_new (self->store, a, g_ptr_array_index (matches, k),
                                                g_ptr_array_index (requests, k), backlog, stories);
      if (hit != NULL)
        g_ptr_array_add (result->hits, hit);
    }
  return TRUE;
}

/* A fetched feed parsed and its items ingested; the source's status and
 * validators from it. Returns the processor time the parse and the ingest
 * took. */
static gint64
read_feed (VigilIngest *self, VigilSource *source, VigilFetchResult *fetched, gboolean alone,
           VigilIngestResult *result, gboolean *reading)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  /* 0: this is the source's first successful read, if it succeeds */
  gint64 first_fetch = source->first_fetch;
  gint64 cpu_started;
  gsize len;
  const char *data = g_bytes_get_data (fetched->body, &len);

  /* Marked as being read by this process until the result is stored: if the
   * feed brings Vigil down, the next start knows which source did. */
  *reading = vigil_store_set_source_reader (
      self->store, source->id, alone ? VIGIL_SOURCE_READ_ALONE : VIGIL_SOURCE_READ_SHARED, NULL);
  cpu_started = thread_cpu_usec ();
  feed = vigil_feed_parse (data, len, vigil_fetch_result_get_base (fetched, source->url),
                           fetched->charset, &error);
  if (feed == NULL)
    {
      set_source_error (source, error->message);
      return thread_cpu_usec () - cpu_started; /* not parsed: the parser's time */
    }
  if (g_str_has_prefix (source->url, "resource://" RESOURCE_BASE "demo/"))
    vigil_subscriptions_shift_demo_dates (feed->items);
  if (!vigil_ingest_items (self, source, feed->items, first_fetch, source->last_fetch, result,
                           &error))
    set_source_error (source, error->message);
  else
    {
      source->status = VIGIL_SOURCE_STATUS_OK;
      g_clear_pointer (&source->error, g_free);
      /* Read, but only after repairs (a download cut short, a publisher's
       * broken markup): the items read are kept and the status is not an
       * error, but the source says so until a clean feed comes. */
      if (feed->recovered)
        source->error = g_strdup (
            _ ("The last feed was damaged and partly recovered: items after the damage may be "
               "missing"));
      if (source->first_fetch == 0)
        source->first_fetch = source->last_fetch;
      if (feed->title && (source->title == NULL || *source->title == '\0'))
        {
          g_free (source->title);
          source->title = g_strdup (feed->title);
        }
      /* The image the feed shows for itself, for Edit Source (its logo,
       * else its icon); written only when it changed. */
      vigil_store_set_source_image (self->store, source->id,
                                    feed->image_url ? feed->image_url : feed->icon,
                                    feed->image_url ? feed->image_title : NULL, NULL);
      g_free (source->etag);
      source->etag = g_strdup (fetched->etag);
      g_free (source->last_modified);
      source->last_modified = g_strdup (fetched->last_modified);
    }
  return thread_cpu_usec () - cpu_started;
}

void
vigil_ingest_fetched (VigilIngest *self, VigilSource *source, VigilFetchResult *fetched,
                      const GError *fetch_error, gboolean alone, guint default_interval,
                      VigilIngestResult *result)
{
  gboolean reading = FALSE;
  gint64 cpu_used = 0;

  vigil_ingest_yield_to_ui ();
  source->last_fetch = g_get_real_time () / G_USEC_PER_SEC;
  if (fetch_error != NULL)
    {
      set_source_error (source, fetch_error->message);
      if (g_error_matches (fetch_error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_GONE))
        {
          /* 410: the publisher says the feed will not come back. */
          g_autofree char *msg
              = g_strdup_printf (_ ("%s; the source was disabled"), fetch_error->message);
          set_source_error (source, msg);
          source->enabled = FALSE;
        }
    }
  else if (fetched->not_modified)
    {
      /* The same feed as last time: a failure's reason goes, a note on
       * the feed itself (partly recovered) stays. */
      if (source->status == VIGIL_SOURCE_STATUS_ERROR)
        g_clear_pointer (&source->error, g_free);
      source->status = VIGIL_SOURCE_STATUS_NOT_MODIFIED;
    }
  else
    cpu_used = read_feed (self, source, fetched, alone, result, &reading);
  if (fetch_error == NULL && source->status == VIGIL_SOURCE_STATUS_ERROR)
    {
      /* Fetched, but unreadable: back off like any failure. */
      g_autoptr (GError) parse_failure
          = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "");
      vigil_schedule_next (source, parse_failure, default_interval);
    }
  else
    vigil_schedule_next (source, fetch_error, default_interval);
  if (fetched && fetched->permanent_url && source->status != VIGIL_SOURCE_STATUS_ERROR)
    {
      /* 301/308: the feed has moved for good; later fetches use the new URL,
       * unless another source already has it. */
      g_autofree char *old_url = g_steal_pointer (&source->url);
      source->url = g_strdup (fetched->permanent_url);
      if (!vigil_store_update_source (self->store, source, NULL))
        {
          g_free (source->url);
          source->url = g_steal_pointer (&old_url);
        }
    }
  /* The read finished (whatever came of it): the source is not suspected any
   * more. One whose parsing and analysis alone took minutes of processor time
   * is not read again on its own: the worker threads are few, and the desk's
   * other sources would wait (waiting for locks or the disk does not count). */
  source->interrupted = 0;
  if (cpu_used > (gint64) MAX_READ_SECONDS * G_USEC_PER_SEC)
    {
      g_autofree char *msg = g_strdup_printf (
          _ ("Reading this source took %u seconds; it is skipped until you refresh it"),
          (guint) (cpu_used / G_USEC_PER_SEC));
      set_source_error (source, msg);
      source->interrupted = VIGIL_SOURCE_QUARANTINED;
    }
  vigil_store_update_source (self->store, source, NULL);
  if (reading)
    vigil_store_set_source_reader (self->store, source->id, VIGIL_SOURCE_READ_NONE, NULL);
}

/* Articles another program stored without judging them (or a Vigil from before
 * alerts were written with their articles left behind): evaluated once, by
 * whichever process marks them first, and their alerts delivered as new. */
GPtrArray *
vigil_ingest_evaluate_unjudged (VigilIngest *self, GCancellable *cancellable)
{
  GPtrArray *hits = vigil_alert_hits_new ();
  g_autoptr (GHashTable) sources
      = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr (GHashTable) stories = NULL;

  vigil_ingest_yield_to_ui ();
  for (;;)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) batch = vigil_store_list_unevaluated (self->store, 200, &error);
      g_autoptr (GPtrArray) matches
          = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      g_autoptr (GPtrArray) requests
          = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

      if (batch == NULL)
        {
          g_warning ("Could not read the articles waiting for the alert rules: %s", error->message);
          break;
        }
      if (batch->len == 0 || g_cancellable_is_cancelled (cancellable))
        break;
      for (guint i = 0; i < batch->len; i++)
        {
          VigilArticle *a = g_ptr_array_index (batch, i);
          VigilSource *source = g_hash_table_lookup (sources, &a->source_id);
          g_autofree char *body = vigil_article_dup_body_text (a);
          g_autoptr (VigilAnalysis) analysis = vigil_analysis_from_json (a->annotations);

          if (source == NULL)
            {
              source = vigil_store_get_source (self->store, a->source_id, NULL);
              if (source == NULL)
                source = vigil_source_new ();
              g_hash_table_insert (sources, g_memdup2 (&a->source_id, sizeof (gint64)), source);
            }
          /* Stored with its analysis, as the pipeline stores: not analysed again. */
          if (analysis == NULL)
            {
              g_autofree char *text = vigil_article_dup_match_text (a, body ? body : "");
              analysis = analyze_text (self, text, title_length (a));
            }
          g_ptr_array_add (matches, vigil_alert_engine_evaluate_for_source (self->alerts, a, body,
                                                                            analysis, source));
          g_ptr_array_add (requests, vigil_story_alerts_for (g_ptr_array_index (matches, i)));
        }
      if (!vigil_store_record_evaluation (self->store, batch, requests, &error))
        {
          g_warning ("Could not record the alerts of stored articles: %s", error->message);
          break;
        }
      g_clear_pointer (&stories, g_hash_table_unref);
      stories = vigil_alert_stories_new ();
      for (guint i = 0; i < batch->len; i++)
        {
          VigilArticle *a = g_ptr_array_index (batch, i);
          VigilSource *source = g_hash_table_lookup (sources, &a->source_id);
          gboolean backlog = is_backlog (self, source->url, source->first_fetch, a,
                                         g_get_real_time () / G_USEC_PER_SEC);
          VigilAlertHit *hit
              = vigil_alert_hit_new (self->store, a, g_ptr_array_index (matches, i),
                                     g_ptr_array_index (requests, i), backlog, stories);
          if (hit != NULL)
            g_ptr_array_add (hits, hit);
        }
    }
  return hits;
}

/* The article is analysed again on its full text and judged by the rules on
 * it (a word only the web page has matches); its alerts are recorded like
 * any other, once per story. They are notified (throttled, as news or not as
 * for new articles) only when asked: a full article fetched as the article
 * arrived is part of its news; one the desk asked for, the desk is reading. */
VigilArticle *
vigil_ingest_full_content (VigilIngest *self, gint64 article_id, const char *html, gboolean notify,
                           VigilAlertHit **out_hit, GError **error)
{
  g_autoptr (VigilArticle) article = vigil_store_get_article (self->store, article_id, error);
  g_autoptr (VigilSource) source = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (GPtrArray) requests = NULL;
  g_autofree char *body = NULL;

  *out_hit = NULL;
  if (article == NULL)
    return NULL;
  g_free (article->full_content);
  article->full_content = g_strdup (html);
  analysis = analyze_article (self, article, &body, NULL);
  if (!vigil_store_set_full_content (self->store, article, error))
    return NULL;
  source = vigil_store_get_source (self->store, article->source_id, NULL);
  matches = vigil_alert_engine_evaluate_for_source (self->alerts, article, body, analysis, source);
  requests = vigil_story_alerts_for (matches);
  for (guint i = 0; i < requests->len; i++)
    {
      VigilStoryAlert *alert = g_ptr_array_index (requests, i);
      g_autoptr (GError) failure = NULL;
      if (!vigil_store_add_story_alert (self->store, alert->rule, article->id, article->cluster_id,
                                        alert->matched, &alert->inserted, &alert->update,
                                        &alert->reports, &failure))
        g_warning ("Could not record the alert of %s: %s", alert->rule, failure->message);
    }
  if (notify && source != NULL)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      g_autoptr (GHashTable) stories = vigil_alert_stories_new ();
      gboolean backlog = source->first_fetch == 0
                         || article->first_seen < source->first_fetch + FIRST_READ_SECONDS
                         || is_backlog (self, source->url, source->first_fetch, article, now);
      *out_hit = vigil_alert_hit_new (self->store, article, matches, requests, backlog, stories);
    }
  return g_steal_pointer (&article);
}
