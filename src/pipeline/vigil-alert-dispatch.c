/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-dispatch.c — story alerts, the throttle, notifications and webhooks */
#include "config.h"

#include "vigil-alert-dispatch.h"

typedef struct
{
  GQueue sent;      /* gint64 times (µs) of notified alerts in the window */
  guint suppressed; /* matches folded into the summary since the window began */
  gboolean changed; /* a summary is due */
} Throttle;

struct _VigilAlertDispatch
{
  GObject *monitor;      /* the owner, whose signals are emitted (not a reference) */
  GHashTable *throttles; /* rule name -> Throttle */
  guint throttle_count;
  guint throttle_minutes;
  guint backlog_matched;       /* articles not news that matched rules, not yet announced */
  GHashTable *backlog_stories; /* their stories (gint64 ids), as the Alerts view counts them */
  VigilMonitorClock clock;     /* the throttle's clock (microseconds, monotonic) */
  gpointer clock_data;
  VigilWebhook *webhook;
};

static void
throttle_free (Throttle *t)
{
  g_queue_clear_full (&t->sent, g_free);
  g_free (t);
}

void
vigil_alert_hit_free (VigilAlertHit *hit)
{
  g_object_unref (hit->article);
  g_ptr_array_unref (hit->matches);
  g_free (hit);
}

GPtrArray *
vigil_alert_hits_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_hit_free);
}

GPtrArray *
vigil_story_alerts_for (GPtrArray *matches)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_story_alert_free);

  for (guint m = 0; m < matches->len; m++)
    {
      VigilAlertMatch *match = g_ptr_array_index (matches, m);
      g_autoptr (GPtrArray) unique = g_ptr_array_new ();
      g_autofree char *terms = NULL;

      /* Each matched word once, in the order found. */
      for (guint t = 0; t < match->terms->len; t++)
        {
          const char *term = g_ptr_array_index (match->terms, t);
          gboolean seen = FALSE;
          for (guint u = 0; u < unique->len && !seen; u++)
            seen = g_ascii_strcasecmp (g_ptr_array_index (unique, u), term) == 0;
          if (!seen)
            g_ptr_array_add (unique, (gpointer) term);
        }
      g_ptr_array_add (unique, NULL);
      terms = g_strjoinv (", ", (char **) unique->pdata);
      g_ptr_array_add (requests, vigil_story_alert_new (match->rule->name, terms));
    }
  return requests;
}

GHashTable *
vigil_alert_stories_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                (GDestroyNotify) g_array_unref);
}

/* The ids of the articles of the story of a stored article, as it is now (the
 * article first); the story's ids read once for all the hits of one batch. */
static GArray *
story_articles (VigilStore *store, VigilArticle *article, GHashTable *stories)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *members;

  g_array_append_val (ids, article->id);
  if (article->cluster_id <= 0)
    return ids;
  members = g_hash_table_lookup (stories, &article->cluster_id);
  if (members == NULL)
    {
      /* Ids only, from the cluster's index: a story thousands of reports
       * long (one event from hundreds of sources). */
      members = vigil_store_list_story_ids (store, article->cluster_id);
      g_hash_table_insert (stories, g_memdup2 (&article->cluster_id, sizeof (gint64)), members);
    }
  for (guint i = 0; i < members->len; i++)
    if (g_array_index (members, gint64, i) != article->id)
      g_array_append_val (ids, g_array_index (members, gint64, i));
  return ids;
}

VigilAlertHit *
vigil_alert_hit_new (VigilStore *store, VigilArticle *article, GPtrArray *matches,
                     GPtrArray *requests, gboolean backlog, GHashTable *stories)
{
  g_autoptr (GPtrArray) fresh
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_match_free);
  g_autoptr (GArray) story = NULL;
  VigilAlertHit *hit;

  for (guint m = 0; m < requests->len; m++)
    {
      VigilStoryAlert *recorded = g_ptr_array_index (requests, m);
      VigilAlertMatch *match = g_ptr_array_index (matches, m);
      if (!recorded->inserted)
        continue;
      match->story_update = recorded->update;
      match->story_reports = recorded->reports;
      match->story_id = article->cluster_id;
      /* The story as the notification will show it: what the desk reads or
       * dismisses from there is that, not reports that join it later. The
       * backlog is never notified. */
      if (story == NULL && !backlog)
        story = story_articles (store, article, stories);
      if (story != NULL)
        match->story_articles = g_array_ref (story);
      g_ptr_array_add (fresh, match);
      g_ptr_array_index (matches, m) = NULL;
    }
  if (fresh->len == 0)
    return NULL;
  hit = g_new0 (VigilAlertHit, 1);
  hit->article = g_object_ref (article);
  hit->matches = g_steal_pointer (&fresh);
  hit->backlog = backlog;
  return hit;
}

/* Whether an article that matched rules is not news, so that the desk is not
 * told of it: its alerts are recorded and it is listed like any other, but it
 * raises no notification, posts to no webhook and uses none of its rules'
 * throttle budget. Such are every article of a demo source, anything dated
 * before the source's first successful read (first_fetch, unix seconds; 0:
 * not known) and anything older than the desk's limit (the desk was offline,
 * a feed brought old items back). A source's first read itself is the
 * caller's to judge. time and now: unix seconds. */
gboolean
vigil_alert_is_backlog (const char *source_url, gint64 first_fetch, gint64 time, gint64 now,
                        guint max_age_hours)
{
  if (source_url != NULL && g_str_has_prefix (source_url, "resource://"))
    return TRUE;
  return time < first_fetch || time < now - (gint64) max_age_hours * 3600;
}

/* At most throttle_count new alerts per rule in throttle_minutes; the rest are
 * counted for one summary. Story updates replace a notification already shown
 * and are never throttled. */
static void
throttle (VigilAlertDispatch *self, GPtrArray *matches)
{
  gint64 now = self->clock ? self->clock (self->clock_data) : g_get_monotonic_time ();

  for (guint m = 0; m < matches->len; m++)
    {
      VigilAlertMatch *match = g_ptr_array_index (matches, m);
      /* A rule's own limit, or the desk's default. */
      guint count
          = match->rule->throttle_count ? match->rule->throttle_count : self->throttle_count;
      guint minutes
          = match->rule->throttle_count ? match->rule->throttle_minutes : self->throttle_minutes;
      gint64 window = (gint64) minutes * 60 * G_USEC_PER_SEC;
      Throttle *t;

      if (match->story_update)
        continue;
      t = g_hash_table_lookup (self->throttles, match->rule->name);
      if (t == NULL)
        {
          t = g_new0 (Throttle, 1);
          g_queue_init (&t->sent);
          g_hash_table_insert (self->throttles, g_strdup (match->rule->name), t);
        }
      while (!g_queue_is_empty (&t->sent)
             && *(gint64 *) g_queue_peek_head (&t->sent) < now - window)
        g_free (g_queue_pop_head (&t->sent));
      if (g_queue_is_empty (&t->sent))
        t->suppressed = 0;
      if (g_queue_get_length (&t->sent) < count)
        {
          gint64 *when = g_new (gint64, 1);
          *when = now;
          g_queue_push_tail (&t->sent, when);
        }
      else
        {
          t->suppressed++;
          t->changed = TRUE;
          g_ptr_array_remove_index (matches, m--);
        }
    }
}

static void
webhook_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autofree char *rule = user_data;
  g_autoptr (GError) error = NULL;
  GObject *monitor;

  if (vigil_webhook_post_finish (VIGIL_WEBHOOK (object), res, NULL, &error))
    return;
  monitor = g_object_get_data (object, "vigil-monitor");
  if (monitor != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit_by_name (monitor, "webhook-failed", rule, error->message);
}

/* New alerts (not story updates) go to the rules' desk channels, each post on
 * its own so a failing endpoint delays nothing else. */
static void
post_webhooks (VigilAlertDispatch *self, VigilArticle *article, GPtrArray *matches,
               GCancellable *cancellable)
{
  for (guint m = 0; m < matches->len; m++)
    {
      VigilAlertMatch *match = g_ptr_array_index (matches, m);
      g_autofree char *payload = NULL;
      if (match->rule->webhook_url == NULL || match->story_update)
        continue;
      payload = vigil_webhook_payload (match->rule->webhook_format, match->rule->name,
                                       vigil_severity_to_string (match->rule->severity), article,
                                       match->terms);
      g_object_set_data (G_OBJECT (self->webhook), "vigil-monitor", self->monitor);
      vigil_webhook_post_async (self->webhook, match->rule->webhook_url, payload, cancellable,
                                webhook_done, g_strdup (match->rule->name));
    }
}

VigilWebhook *
vigil_alert_dispatch_get_webhook (VigilAlertDispatch *self)
{
  return self->webhook;
}

static void
emit_summaries (VigilAlertDispatch *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->throttles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Throttle *t = value;
      if (!t->changed)
        continue;
      t->changed = FALSE;
      g_signal_emit_by_name (self->monitor, "alert-summary", (const char *) key, t->suppressed);
    }
}

void
vigil_alert_dispatch_announce_backlog (VigilAlertDispatch *self)
{
  guint n = self->backlog_matched;
  guint stories = g_hash_table_size (self->backlog_stories);

  self->backlog_matched = 0;
  g_hash_table_remove_all (self->backlog_stories);
  if (n > 0)
    g_signal_emit_by_name (self->monitor, "backlog-matched", n, MAX (stories, 1u));
}

void
vigil_alert_dispatch_deliver (VigilAlertDispatch *self, GPtrArray *hits, GCancellable *cancellable)
{
  for (guint i = 0; i < hits->len; i++)
    {
      VigilAlertHit *hit = g_ptr_array_index (hits, i);
      if (hit->backlog)
        {
          /* Recorded (the Alerts view lists it), counted for one quiet
           * summary, and nothing else. */
          gint64 story = hit->article->cluster_id ? hit->article->cluster_id : hit->article->id;

          self->backlog_matched++;
          g_hash_table_add (self->backlog_stories, g_memdup2 (&story, sizeof story));
          continue;
        }
      throttle (self, hit->matches);
      if (hit->matches->len > 0)
        g_signal_emit_by_name (self->monitor, "alert", hit->article, hit->matches);
      post_webhooks (self, hit->article, hit->matches, cancellable);
    }
  emit_summaries (self);
}

VigilAlertDispatch *
vigil_alert_dispatch_new (GObject *monitor)
{
  VigilAlertDispatch *self = g_new0 (VigilAlertDispatch, 1);

  self->monitor = monitor;
  self->throttles
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) throttle_free);
  self->backlog_stories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->throttle_count = 5;
  self->throttle_minutes = 10;
  self->webhook = vigil_webhook_new ();
  return self;
}

void
vigil_alert_dispatch_free (VigilAlertDispatch *self)
{
  g_hash_table_unref (self->throttles);
  g_hash_table_unref (self->backlog_stories);
  g_clear_object (&self->webhook);
  g_free (self);
}

void
vigil_alert_dispatch_set_throttle (VigilAlertDispatch *self, guint count, guint minutes)
{
  self->throttle_count = MAX (1, count);
  self->throttle_minutes = MAX (1, minutes);
}

void
vigil_alert_dispatch_set_clock (VigilAlertDispatch *self, VigilMonitorClock clock,
                                gpointer user_data)
{
  self->clock = clock;
  self->clock_data = user_data;
}
