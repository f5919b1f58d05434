/* vigil-monitor.c */
#include "config.h"

#include "vigil-monitor.h"
#include "vigil-monitor-private.h"

#include <errno.h>
#include <time.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vigil-analyzer.h"
#include "vigil-cluster.h"
#include "vigil-feed-parser.h"
#include "vigil-fetcher.h"
#include "vigil-discover.h"
#include "vigil-opml.h"
#include "vigil-url.h"
#include "vigil-webhook.h"

#define MAX_PARALLEL_FETCHES 6
/* A rules file is a few kilobytes; a bigger one is not read into memory. */
#define RULES_FILE_MAX (8u << 20)
/* A source whose read did not finish (Vigil crashed or was killed while
 * reading it) is read again alone, before the others; if that read does not
 * finish either, or a read took longer than MAX_READ_SECONDS, the source is
 * left out of refreshes until the desk refreshes it. */
#define MAX_READ_SECONDS 120

struct _VigilMonitor
{
  GObject parent_instance;
  VigilStore *store;
  VigilFetcher *fetcher;
  VigilGazetteer *gazetteer;
  VigilAlertEngine *alerts;
  GCancellable *cancellable;
  GQueue queue;        /* VigilSource* waiting for a slot */
  GHashTable *pending; /* source ids queued or running */
  guint running;
  guint done;
  guint total;
  gboolean refreshing;
  gboolean finishing;     /* indexing and pruning after the queue drained */
  guint default_interval; /* minutes */
  guint retention_days;   /* 0: keep everything */
  guint tick_id;
  GMutex cluster_lock;
  GMutex ingest_lock;        /* story finding + store + clusterer, one feed at a time */
  VigilClusterer *clusterer; /* created by the first ingest */
  GHashTable *throttles;     /* rule name -> Throttle */
  VigilWebhook *webhook;
  guint throttle_count;
  guint throttle_minutes;
  GNetworkMonitor *network;
  gulong network_handler;
  GPtrArray *rules_problems; /* VigilRulesProblem*: what the rules file did not load */
  char *rules_save_path;     /* the rules file, or a new file beside it (see save_rules) */
  gboolean backlog_checked;  /* articles stored without alert evaluation, looked for */
  gboolean evaluating;       /* ... and being evaluated */
  gboolean reading_alone;    /* a suspect source is being read, nothing else starts */
  guint max_age_hours;       /* an article older than this is not news (no notification) */
  guint backlog_matched;     /* such articles that matched rules, not yet announced */
  VigilMonitorClock clock;   /* the throttle's clock (microseconds, monotonic) */
  gpointer clock_data;
  VigilSync *sync;      /* the sync accounts' engine (vigil_monitor_attach_sync) */
  GHashTable *accounts; /* account id -> AccountSchedule */
};

/* When a sync account is synced next: like a source's schedule, in memory. */
typedef struct
{
  guint failures;
  gint64 next_attempt; /* unix seconds */
  gboolean running;
} AccountSchedule;

typedef struct
{
  GQueue sent;      /* gint64 times (µs) of notified alerts in the window */
  guint suppressed; /* matches folded into the summary since the window began */
  gboolean changed; /* a summary is due */
} Throttle;

static void
throttle_free (Throttle *t)
{
  g_queue_clear_full (&t->sent, g_free);
  g_free (t);
}

G_DEFINE_FINAL_TYPE (VigilMonitor, vigil_monitor, G_TYPE_OBJECT)

enum
{
  SIGNAL_SOURCE_UPDATED,
  SIGNAL_ARTICLES_ADDED,
  SIGNAL_ALERT,
  SIGNAL_REFRESH_PROGRESS,
  SIGNAL_REFRESH_FINISHED,
  SIGNAL_ALERT_SUMMARY,
  SIGNAL_WEBHOOK_FAILED,
  SIGNAL_RULES_CHANGED,
  SIGNAL_BACKLOG_MATCHED,
  SIGNAL_ACCOUNT_SYNCED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
vigil_monitor_dispose (GObject *object)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, g_object_unref);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->network_handler)
    g_clear_signal_handler (&self->network_handler, self->network);
  G_OBJECT_CLASS (vigil_monitor_parent_class)->dispose (object);
}

static void
vigil_monitor_finalize (GObject *object)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->gazetteer, vigil_gazetteer_unref);
  g_clear_object (&self->alerts);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->pending);
  g_clear_pointer (&self->clusterer, vigil_clusterer_free);
  g_hash_table_unref (self->throttles);
  g_clear_object (&self->webhook);
  g_mutex_clear (&self->cluster_lock);
  g_mutex_clear (&self->ingest_lock);
  g_clear_pointer (&self->rules_problems, g_ptr_array_unref);
  g_free (self->rules_save_path);
  g_clear_object (&self->sync);
  g_hash_table_unref (self->accounts);
  G_OBJECT_CLASS (vigil_monitor_parent_class)->finalize (object);
}

static void
vigil_monitor_class_init (VigilMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_monitor_dispose;
  object_class->finalize = vigil_monitor_finalize;

  /* (source) after each fetch, whatever its outcome; read the status from the store */
  signals[SIGNAL_SOURCE_UPDATED]
      = g_signal_new ("source-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, VIGIL_TYPE_SOURCE);
  /* (source_id, n_new) */
  signals[SIGNAL_ARTICLES_ADDED]
      = g_signal_new ("articles-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
  /* (article, GPtrArray of VigilAlertMatch*) for an article that newly matched rules */
  signals[SIGNAL_ALERT]
      = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, VIGIL_TYPE_ARTICLE, G_TYPE_PTR_ARRAY);
  /* (done, total) */
  signals[SIGNAL_REFRESH_PROGRESS]
      = g_signal_new ("refresh-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_REFRESH_FINISHED]
      = g_signal_new ("refresh-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 0);
  /* (rule name, matches folded since the window began) when a rule's alerts
   * were throttled */
  signals[SIGNAL_ALERT_SUMMARY]
      = g_signal_new ("alert-summary", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /* (rule name, reason) when an alert could not be posted after all retries */
  signals[SIGNAL_WEBHOOK_FAILED]
      = g_signal_new ("webhook-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* The rules in force were replaced (saved from the editor). */
  signals[SIGNAL_RULES_CHANGED]
      = g_signal_new ("rules-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  /* (n_articles) articles that matched rules but are not news (see
   * vigil_monitor_set_max_age): recorded, not notified; once a refresh ends,
   * or at once for a source read on its own. */
  signals[SIGNAL_BACKLOG_MATCHED]
      = g_signal_new ("backlog-matched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* (account_id, error message or NULL) after a scheduled or requested sync
   * of a sync account; the account's row in the store says the same. */
  signals[SIGNAL_ACCOUNT_SYNCED]
      = g_signal_new ("account-synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
vigil_monitor_init (VigilMonitor *self)
{
  g_queue_init (&self->queue);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->cluster_lock);
  g_mutex_init (&self->ingest_lock);
  self->throttles
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) throttle_free);
  self->throttle_count = 5;
  self->throttle_minutes = 10;
  self->max_age_hours = 24;
  self->cancellable = g_cancellable_new ();
  self->default_interval = 10;
  self->rules_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  self->accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* rules-2.tsv, rules-3.tsv…: the first name free beside the rules file. */
static char *
free_name_beside (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  for (guint n = 2;; n++)
    {
      g_autofree char *name = g_strdup_printf ("rules-%u.tsv", n);
      char *candidate = g_build_filename (dir, name, NULL);
      if (!g_file_test (candidate, G_FILE_TEST_EXISTS) || n == G_MAXUINT)
        return candidate;
      g_free (candidate);
    }
}

/* The first line of the rules Vigil saves beside a rules file it could not
 * read whole: how it knows the file for its own at the next start. */
#define SAVED_BESIDE_MARK "# Saved by Vigil beside rules.tsv, which has lines it could not read"

/* The newest rules-N.tsv that Vigil saved beside path and that is not older
 * than path: the rules in use when they were last changed. NULL if none (or
 * the desk has edited path since). */
static char *
find_saved_beside (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *best = NULL;
  GStatBuf original, st;
  gint64 best_time = 0;
  const char *name;

  if (listing == NULL || g_stat (path, &original) != 0)
    return NULL;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *candidate = NULL;
      g_autofree char *contents = NULL;
      gsize digits = g_str_has_prefix (name, "rules-") ? strspn (name + 6, "0123456789") : 0;

      if (digits == 0 || !g_str_equal (name + 6 + digits, ".tsv"))
        continue;
      candidate = g_build_filename (dir, name, NULL);
      if (g_stat (candidate, &st) != 0 || st.st_size > RULES_FILE_MAX
          || st.st_mtime < original.st_mtime || (best && st.st_mtime < best_time)
          || !g_file_get_contents (candidate, &contents, NULL, NULL)
          || !g_str_has_prefix (contents, SAVED_BESIDE_MARK "\n"))
        continue;
      g_free (best);
      best = g_steal_pointer (&candidate);
      best_time = st.st_mtime;
    }
  return g_steal_pointer (&best);
}

/* The rules saved beside the file, when they read back whole: they replace
 * the engine's. */
static gboolean
use_saved_beside (VigilMonitor *self, const char *saved)
{
  g_autoptr (VigilAlertEngine) scratch = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  g_autoptr (GPtrArray) rules = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (saved, &contents, &len, NULL)
      || !vigil_alert_engine_load_default_rules (scratch, NULL))
    return FALSE;
  vigil_alert_engine_load_rules_checked (scratch, contents, len, problems);
  if (problems->len > 0)
    return FALSE;
  rules = vigil_alert_engine_dup_rules (scratch);
  vigil_alert_engine_set_rules (self->alerts, rules);
  return TRUE;
}

/* The desk's own rules, after the shipped ones. What cannot be read is
 * skipped, named on stderr and kept for the Alert Rules window; the rest
 * loads. A file that did not load whole is never saved over: changes go to a
 * file beside it, which is used from then on until the desk edits the file. */
static void
load_user_rules (VigilMonitor *self)
{
  g_autofree char *path = vigil_monitor_rules_path ();
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;
  gsize len = 0;

  if (g_stat (path, &st) == 0 && st.st_size > RULES_FILE_MAX)
    {
      VigilRulesProblem *problem = g_new0 (VigilRulesProblem, 1);
      problem->skipped = TRUE;
      problem->message = g_strdup_printf (_ ("the file is larger than %u MiB; it was not read"),
                                          RULES_FILE_MAX >> 20);
      g_ptr_array_add (self->rules_problems, problem);
    }
  else if (g_file_get_contents (path, &contents, &len, &error))
    vigil_alert_engine_load_rules_checked (self->alerts, contents, len, self->rules_problems);
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      VigilRulesProblem *problem = g_new0 (VigilRulesProblem, 1);
      problem->skipped = TRUE;
      problem->message = g_strdup (error->message);
      g_ptr_array_add (self->rules_problems, problem);
    }
  for (guint i = 0; i < self->rules_problems->len; i++)
    {
      const VigilRulesProblem *p = g_ptr_array_index (self->rules_problems, i);
      if (p->line == 0)
        g_message ("%s: %s", path, p->message);
      else
        g_message ("%s line %u%s: %s", path, p->line, p->skipped ? " skipped" : "", p->message);
    }
  if (self->rules_problems->len == 0)
    {
      self->rules_save_path = g_steal_pointer (&path);
      return;
    }
  self->rules_save_path = find_saved_beside (path);
  if (self->rules_save_path != NULL && use_saved_beside (self, self->rules_save_path))
    g_message ("%s is left as it is; the rules in use are those saved in %s", path,
               self->rules_save_path);
  else
    {
      g_free (self->rules_save_path);
      self->rules_save_path = free_name_beside (path);
      g_message ("%s is left as it is; changes to the rules are saved to %s", path,
                 self->rules_save_path);
    }
}

/* Sources that an earlier run was reading when it ended without finishing
 * (a crash, kill -9): said so in their error. */
static void
release_dead_readers (VigilMonitor *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = vigil_store_release_dead_readers (self->store, &error);

  if (ids == NULL)
    {
      g_warning ("Could not check for interrupted reads: %s", error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (VigilSource) source
          = vigil_store_get_source (self->store, g_array_index (ids, gint64, i), NULL);
      if (source == NULL)
        continue;
      g_free (source->error);
      source->error = g_strdup (
          source->interrupted >= VIGIL_SOURCE_QUARANTINED
              ? _ ("Vigil stopped while reading this source alone; it is skipped until you "
                   "refresh it")
              : _ ("Vigil stopped while reading this source; it will be read again"));
      source->status = VIGIL_SOURCE_STATUS_ERROR;
      vigil_store_update_source (self->store, source, NULL);
    }
}

VigilMonitor *
vigil_monitor_new (VigilStore *store, GError **error)
{
  g_autoptr (VigilMonitor) self = g_object_new (VIGIL_TYPE_MONITOR, NULL);

  self->store = g_object_ref (store);
  self->fetcher = vigil_fetcher_new ();
  self->gazetteer = vigil_gazetteer_new_default (error);
  if (self->gazetteer == NULL)
    return NULL;
  self->alerts = vigil_alert_engine_new ();
  vigil_alert_engine_set_gazetteer (self->alerts, self->gazetteer);
  if (!vigil_alert_engine_load_default_rules (self->alerts, error))
    return NULL;
  load_user_rules (self);
  self->webhook = vigil_webhook_new ();
  release_dead_readers (self);
  return g_steal_pointer (&self);
}

char *
vigil_monitor_rules_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "vigil", "rules.tsv", NULL);
}

GPtrArray *
vigil_monitor_get_rules_problems (VigilMonitor *self)
{
  return self->rules_problems;
}

char *
vigil_monitor_dup_rules_save_path (VigilMonitor *self)
{
  return g_strdup (self->rules_save_path);
}

gboolean
vigil_monitor_save_rules (VigilMonitor *self, GPtrArray *rules, GError **error)
{
  const char *path = self->rules_save_path;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *rules_text = vigil_alert_rules_to_text (rules);
  g_autofree char *main_path = vigil_monitor_rules_path ();
  /* Beside a file that did not load whole: marked as Vigil's own. */
  g_autofree char *text = g_str_equal (path, main_path)
                              ? g_steal_pointer (&rules_text)
                              : g_strconcat (SAVED_BESIDE_MARK "\n", rules_text, NULL);

  /* Written whole and renamed into place: a crash leaves the old file. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  vigil_alert_engine_set_rules (self->alerts, rules);
  g_signal_emit (self, signals[SIGNAL_RULES_CHANGED], 0);
  return TRUE;
}

VigilStore *
vigil_monitor_get_store (VigilMonitor *self)
{
  return self->store;
}

VigilGazetteer *
vigil_monitor_get_gazetteer (VigilMonitor *self)
{
  return self->gazetteer;
}

VigilAlertEngine *
vigil_monitor_get_alert_engine (VigilMonitor *self)
{
  return self->alerts;
}

static guint
import_opml (VigilMonitor *self, const char *data, gsize length, gboolean from_user, GStrv *refused,
             GError **error)
{
  g_autoptr (GPtrArray) sources = vigil_opml_parse (data, length, error);
  g_autoptr (GPtrArray) refusals = NULL;

  if (sources == NULL)
    return 0;
  /* What a user imports may name anything; the bundled lists name resources. */
  if (from_user)
    refusals = vigil_opml_keep_subscribable (sources);
  if (refused != NULL)
    {
      if (refusals == NULL)
        refusals = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (refusals, NULL);
      *refused = (GStrv) g_ptr_array_steal (refusals, NULL);
    }
  /* One transaction for the whole list. */
  if (sources->len > 0 && !vigil_store_add_sources (self->store, sources, NULL, error))
    {
      if (refused != NULL)
        g_clear_pointer (refused, g_strfreev);
      return 0;
    }
  return sources->len;
}

guint
vigil_monitor_import_opml (VigilMonitor *self, const char *data, gsize length, GStrv *refused,
                           GError **error)
{
  return import_opml (self, data, length, TRUE, refused, error);
}

char *
vigil_monitor_export_opml (VigilMonitor *self, GError **error)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, error);

  if (sources == NULL)
    return NULL;
  /* A sync account's sources are its server's to export. */
  for (guint i = sources->len; i > 0; i--)
    if (((VigilSource *) g_ptr_array_index (sources, i - 1))->account_id != VIGIL_ACCOUNT_LOCAL)
      g_ptr_array_remove_index (sources, i - 1);
  return vigil_opml_write (sources, "Vigil sources");
}

/* ---- adding a source: a feed address, or a page that names its feeds ---- */

typedef struct
{
  char *url;
  char *folder;
  gboolean discovered; /* url came from a page's <link rel="alternate"> */
  VigilFetchResult *fetched;
  /* Set by the parse in a worker thread: the feed, or else the page's first feed. */
  VigilParsedFeed *feed;
  GError *parse_error;
  char *link;
} AddData;

static void
add_data_free (AddData *d)
{
  g_free (d->url);
  g_free (d->folder);
  g_clear_pointer (&d->fetched, vigil_fetch_result_free);
  g_clear_pointer (&d->feed, vigil_parsed_feed_free);
  g_clear_error (&d->parse_error);
  g_free (d->link);
  g_free (d);
}

static void add_fetched (GObject *object, GAsyncResult *res, gpointer user_data);

void
vigil_monitor_add_source_async (VigilMonitor *self, const char *url, const char *folder,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AddData *d = g_new0 (AddData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, vigil_monitor_add_source_async);
  d->folder = g_strdup (folder);
  g_task_set_task_data (task, d, (GDestroyNotify) add_data_free);
  d->url = vigil_url_for_subscription (url, TRUE, &error);
  if (d->url == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  vigil_fetcher_fetch_async (self->fetcher, d->url, NULL, NULL, cancellable, add_fetched, task);
}

/* In a worker thread: the body may be anything of up to the fetcher's limit,
 * and a hostile page took minutes to read on the main thread. */
static void
add_parse_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  AddData *d = data;
  const char *body;
  gsize len;

  body = d->fetched->body ? g_bytes_get_data (d->fetched->body, &len) : NULL;
  if (body == NULL)
    len = 0;
  d->feed = vigil_feed_parse (body, len, vigil_fetch_result_get_base (d->fetched, d->url),
                              d->fetched->charset, &d->parse_error);
  if (d->feed == NULL && !d->discovered)
    {
      g_autoptr (GPtrArray) links = vigil_discover_feed_links (
          body, len, d->fetched->permanent_url ? d->fetched->permanent_url : d->url);
      if (links->len > 0)
        d->link = g_strdup (((VigilFeedLink *) g_ptr_array_index (links, 0))->url);
    }
  g_task_return_boolean (task, TRUE);
}

static void add_parsed (GObject *object, GAsyncResult *res, gpointer user_data);

static void
add_fetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  VigilMonitor *self = g_task_get_source_object (task);
  AddData *d = g_task_get_task_data (task);
  GError *error = NULL;
  GCancellable *cancellable;
  GTask *parse;

  g_clear_pointer (&d->fetched, vigil_fetch_result_free);
  d->fetched = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), res, &error);
  if (d->fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* (argument order is unspecified: read the cancellable before giving the task away) */
  cancellable = g_task_get_cancellable (task);
  parse = g_task_new (self, cancellable, add_parsed, g_steal_pointer (&task));
  g_task_set_task_data (parse, d, NULL);
  g_task_run_in_thread (parse, add_parse_in_thread);
  g_object_unref (parse);
}

static void
add_parsed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  VigilMonitor *self = g_task_get_source_object (task);
  AddData *d = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (d->feed == NULL)
    {
      if (d->discovered)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _ ("The page names a feed at %s, but it is not readable: %s"),
                                   d->url, d->parse_error->message);
          return;
        }
      if (d->link == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                   _ ("No feed found at this address: it is not a feed (%s) and "
                                      "the page does not link to one"),
                                   d->parse_error->message);
          return;
        }
      /* The page's first advertised feed, checked like any other. */
      g_free (d->url);
      d->url = g_steal_pointer (&d->link);
      d->discovered = TRUE;
      g_clear_error (&d->parse_error);
      {
        /* (argument order is unspecified: read the cancellable before giving the task away) */
        GCancellable *cancellable = g_task_get_cancellable (task);
        vigil_fetcher_fetch_async (self->fetcher, d->url, NULL, NULL, cancellable, add_fetched,
                                   g_steal_pointer (&task));
      }
      return;
    }
  {
    const char *url = d->fetched->permanent_url ? d->fetched->permanent_url : d->url;
    VigilSource *source;
    gint64 existing = vigil_store_find_source (self->store, url);

    id = existing ? existing
                  : vigil_store_add_source (self->store, url, d->feed->title, d->feed->link,
                                            d->folder, &error);
    if (id == 0)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    source = vigil_store_get_source (self->store, id, NULL);
    if (source != NULL && existing)
      g_object_set_data (G_OBJECT (source), VIGIL_SOURCE_ALREADY_SUBSCRIBED, GINT_TO_POINTER (1));
    g_task_return_pointer (task, source, g_object_unref);
  }
}

VigilSource *
vigil_monitor_add_source_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The bundled demo articles were written as of DEMO_NOW (their newest is two
 * hours older). They are stored as if they had been read now, so that a demo
 * started any day has a "Today", a last week and a realistic overview. */
#define DEMO_NOW "2026-11-27T10:00:00Z"

static GDateTime *
shifted (GDateTime *date, GTimeSpan by)
{
  GDateTime *moved = g_date_time_add (date, by);
  g_date_time_unref (date);
  return moved;
}

static void
shift_demo_dates (GPtrArray *items)
{
  g_autoptr (GDateTime) demo_now = g_date_time_new_from_iso8601 (DEMO_NOW, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan by = g_date_time_difference (now, demo_now);

  if (by <= 0)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (items, i);
      if (a->published)
        a->published = shifted (a->published, by);
      if (a->updated)
        a->updated = shifted (a->updated, by);
    }
}

static gboolean
import_opml_resource (VigilMonitor *self, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, error);

  if (bytes == NULL)
    return FALSE;
  return import_opml (self, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), FALSE, NULL,
                      error)
         > 0;
}

gboolean
vigil_monitor_seed (VigilMonitor *self, gboolean with_default_sources, GError **error)
{
  if (vigil_store_count_sources (self->store) > 0)
    return FALSE;
  if (!import_opml_resource (self, RESOURCE_BASE "demo/demo-sources.opml", error))
    return FALSE;
  if (with_default_sources
      && !import_opml_resource (self, RESOURCE_BASE "default-sources.opml", error))
    return FALSE;
  return TRUE;
}

static guint
title_length (VigilArticle *article)
{
  return article->title ? g_utf8_strlen (article->title, -1) : 0;
}

/* Analyses an article in place (score, level, language, annotations, entity
 * names, SimHash) and returns the analysis and, in out_body, its body text:
 * the alert rules are evaluated on both. */
static VigilAnalysis *
analyze_article (VigilMonitor *self, VigilArticle *article, char **out_body)
{
  g_autofree char *body = vigil_article_dup_body_text (article);
  g_autofree char *text = g_strconcat (article->title ? article->title : "", "\n", body, NULL);
  VigilAnalysis *analysis = vigil_analyze (self->gazetteer, text, title_length (article));

  g_autoptr (GPtrArray) names = vigil_analysis_entity_names (analysis);

  article->score = analysis->score;
  g_free (article->level);
  article->level = g_strdup (analysis->level);
  if (article->language == NULL)
    article->language = g_strdup (analysis->language);
  /* Kept with the article: the UI and the alerts need no re-analysis. */
  g_free (article->annotations);
  article->annotations = vigil_analysis_to_json (analysis, FALSE);
  g_ptr_array_add (names, NULL);
  g_free (article->entity_names);
  article->entity_names = g_strjoinv ("\n", (char **) names->pdata);
  article->simhash = vigil_simhash (text);
  if (out_body)
    *out_body = g_steal_pointer (&body);
  return analysis;
}

static void
separate_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VigilMonitor *self = source;
  gint64 article_id = *(gint64 *) task_data;
  gint64 rest = 0;
  GError *error = NULL;
  gboolean ok;

  /* Not while a feed's reports are being filed into stories. */
  g_mutex_lock (&self->ingest_lock);
  ok = vigil_store_separate_from_story (self->store, article_id, &rest, &error);
  if (ok)
    {
      g_mutex_lock (&self->cluster_lock);
      if (self->clusterer != NULL)
        vigil_clusterer_separate (self->clusterer, article_id, rest);
      g_mutex_unlock (&self->cluster_lock);
    }
  g_mutex_unlock (&self->ingest_lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vigil_monitor_separate_from_story_async (VigilMonitor *self, gint64 article_id,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vigil_monitor_separate_from_story_async);
  g_task_set_task_data (task, g_memdup2 (&article_id, sizeof article_id), g_free);
  g_task_run_in_thread (task, separate_thread);
}

gboolean
vigil_monitor_separate_from_story_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vigil_monitor_analyze_article (VigilMonitor *self, VigilArticle *article)
{
  vigil_analysis_free (analyze_article (self, article, NULL));
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

#define STORY_WINDOW (48 * 3600)

/* The evidence of a stored article for story grouping: the signature of its
 * stored analysis over its text as it was analysed, as for a new article; with
 * no usable analysis, its names alone. */
static VigilStorySignature *
stored_signature (VigilMonitor *self, VigilArticle *article)
{
  g_autoptr (VigilAnalysis) analysis
      = article->annotations ? vigil_analysis_from_json (article->annotations) : NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;

  if (analysis == NULL)
    return NULL;
  body = vigil_article_dup_body_text (article);
  text = g_strconcat (article->title ? article->title : "", "\n", body, NULL);
  return vigil_story_signature_new (self->gazetteer, analysis, text, article->first_seen);
}

#define CLUSTERER_BATCH 256

/* The clusterer starts from the stories of the last two days in the store,
 * weighed on the same evidence as new articles (read in batches, so that the
 * text of days of articles is never all in memory at once). */
static void
ensure_clusterer (VigilMonitor *self)
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

/* ---- one source: fetch on the main context, process in a worker ---- */

typedef struct
{
  VigilSource *source;
  VigilFetchResult *fetched;
  GError *fetch_error;
  guint n_new;
  GPtrArray *alerts; /* AlertHit* */
  gboolean alone;    /* nothing else is being read (a suspect's second chance) */
} RefreshData;

typedef struct
{
  VigilArticle *article;
  GPtrArray *matches;
  gboolean backlog; /* not news: recorded, never notified (see is_backlog) */
} AlertHit;

static void
alert_hit_free (AlertHit *hit)
{
  g_object_unref (hit->article);
  g_ptr_array_unref (hit->matches);
  g_free (hit);
}

static void
refresh_data_free (RefreshData *d)
{
  g_clear_object (&d->source);
  vigil_fetch_result_free (d->fetched);
  g_clear_error (&d->fetch_error);
  g_clear_pointer (&d->alerts, g_ptr_array_unref);
  g_free (d);
}

/* What the store records of each match (VigilStoryAlert*, in the same order). */
static GPtrArray *
story_alerts_for (GPtrArray *matches)
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

/* The ids of the articles of the story of a stored article, as it is now (the
 * article first). */
static GArray *
story_articles (VigilStore *store, VigilArticle *article)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) members = NULL;

  g_array_append_val (ids, article->id);
  if (article->cluster_id <= 0)
    return ids;
  members = vigil_store_list_story (store, article->cluster_id, 0, NULL);
  for (guint i = 0; i < members->len; i++)
    {
      VigilArticle *member = g_ptr_array_index (members, i);
      if (member->id != article->id)
        g_array_append_val (ids, member->id);
    }
  return ids;
}

/* The matches of a stored article that the store recorded as new, with their
 * story state; NULL when there are none. Takes the matches out of `matches`. */
static AlertHit *
alert_hit_new (VigilStore *store, VigilArticle *article, GPtrArray *matches, GPtrArray *requests)
{
  g_autoptr (GPtrArray) fresh
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_match_free);
  g_autoptr (GArray) story = NULL;
  AlertHit *hit;

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
       * dismisses from there is that, not reports that join it later. */
      if (story == NULL)
        story = story_articles (store, article);
      match->story_articles = g_array_ref (story);
      g_ptr_array_add (fresh, match);
      g_ptr_array_index (matches, m) = NULL;
    }
  if (fresh->len == 0)
    return NULL;
  hit = g_new0 (AlertHit, 1);
  hit->article = g_object_ref (article);
  hit->matches = g_steal_pointer (&fresh);
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
static gboolean
is_backlog (VigilMonitor *self, const char *source_url, gint64 first_fetch, gint64 time, gint64 now)
{
  if (source_url != NULL && g_str_has_prefix (source_url, "resource://"))
    return TRUE;
  return time < first_fetch || time < now - (gint64) self->max_age_hours * 3600;
}

static void
set_source_error (VigilSource *source, const char *message)
{
  g_free (source->error);
  source->error = g_strdup (message);
  source->status = VIGIL_SOURCE_STATUS_ERROR;
}

/* When to try a source again: its interval after a success (with jitter, so
 * sources added together drift apart), what the server asked after a 429/503,
 * and exponential back-off with jitter after other failures. */
static void
schedule_next (VigilMonitor *self, VigilSource *source, const GError *error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint interval
      = MAX (1, source->interval_minutes ? source->interval_minutes : self->default_interval);
  double delay;

  if (error == NULL)
    {
      source->failures = 0;
      delay = interval * 60.0 * g_random_double_range (0.9, 1.1);
    }
  else if (g_error_matches (error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_RETRY_LATER))
    {
      source->failures++;
      delay = MAX (60, vigil_fetch_error_get_retry_after (error));
    }
  else
    {
      source->failures++;
      delay = MIN (60.0 * (1 << MIN (source->failures - 1, 12)), 6 * 3600.0)
              * g_random_double_range (0.8, 1.2);
      delay = MAX (60.0, delay);
    }
  source->next_attempt = now + (gint64) delay;
}

/* Parsing, analysing and storing feeds is background work: the threads that
 * do it yield to the window's (a desk refreshing 500 sources on two cores
 * would otherwise starve the main loop). Linux nices threads one by one. */
static void
yield_to_ui (void)
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

/* The items of a source that are not stored yet, analysed, filed in their
 * stories, judged by the alert rules and stored with their alerts in one
 * transaction; for fetched feeds and a sync server's items alike. *out_alerts:
 * the alerts the store recorded as new (AlertHit*), to deliver on the main
 * context. first_fetch 0: the source's first read, where nothing is news;
 * now: unix seconds. In a worker thread. */
static gboolean
ingest_items (VigilMonitor *self, VigilSource *source, GPtrArray *feed_items, gint64 first_fetch,
              gint64 now, guint *out_new, GPtrArray **out_alerts, GError **error)
{
  g_autoptr (GPtrArray) matches
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) requests
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GHashTable) index = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) added = NULL;
  /* What tells this item's event from others (actors, places, risk
   * categories, numbers), one for each item. */
  g_autoptr (GPtrArray) signatures
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_story_signature_unref);

  /* What is stored already is neither analysed nor judged again; with
   * nothing new, the stories of recent articles need not even be loaded. */
  items = vigil_store_filter_unstored (self->store, source->id, feed_items);
  if (items->len > 0)
    ensure_clusterer (self);
  /* Analysed and judged by the rules before anything is stored: the
   * articles and their alerts are then written in one transaction. */
  for (guint i = 0; i < items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (items, i);
      g_autofree char *body = NULL;
      g_autoptr (VigilAnalysis) analysis = analyze_article (self, a, &body);
      g_autofree char *text = g_strconcat (a->title ? a->title : "", "\n", body ? body : "", NULL);

      g_ptr_array_add (signatures, vigil_story_signature_new (self->gazetteer, analysis, text,
                                                              vigil_article_get_time (a)));

      if (a->source_title == NULL)
        a->source_title = g_strdup (source->title); /* for source: scopes */
      g_ptr_array_add (matches, vigil_alert_engine_evaluate_for_source (self->alerts, a, body,
                                                                        analysis, source));
      g_ptr_array_add (requests, story_alerts_for (g_ptr_array_index (matches, i)));
      g_hash_table_insert (index, a, GUINT_TO_POINTER (i));
    }
  /* Finding the story, storing and remembering it happen as one step, so
   * that two feeds carrying one story at the same moment agree on it. */
  g_mutex_lock (&self->ingest_lock);
  for (guint i = 0; i < items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (items, i);
      a->cluster_id
          = vigil_clusterer_find_story (self->clusterer, g_ptr_array_index (signatures, i));
    }
  if (!vigil_store_ingest_evaluated (self->store, source->id, items, requests, &added, error))
    {
      g_mutex_unlock (&self->ingest_lock);
      return FALSE;
    }
  *out_new = added->len;
  for (guint i = 0; i < added->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (added, i);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index, a));
      vigil_clusterer_add_story (self->clusterer, a->id, a->cluster_id,
                                 g_ptr_array_index (signatures, k));
    }
  g_mutex_unlock (&self->ingest_lock);
  /* Full-text indexing in batches (see vigil_store_index_pending). */
  if (vigil_store_count_unindexed (self->store) >= VIGIL_STORE_INDEX_BATCH)
    vigil_store_index_pending (self->store, NULL);
  *out_alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) alert_hit_free);
  for (guint i = 0; i < added->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (added, i);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index, a));
      AlertHit *hit = alert_hit_new (self->store, a, g_ptr_array_index (matches, k),
                                     g_ptr_array_index (requests, k));
      if (hit == NULL)
        continue;
      /* What the first read finds was there before the desk watched the
       * source (first start, an import, a source just added, a first sync):
       * not news, whatever its date says. */
      hit->backlog
          = first_fetch == 0
            || is_backlog (self, source->url, first_fetch, vigil_article_get_time (a), now);
      g_ptr_array_add (*out_alerts, hit);
    }
  return TRUE;
}

static void
process_in_thread (GTask *task, gpointer source_object, gpointer task_data,
                   GCancellable *cancellable)
{
  VigilMonitor *self = source_object;
  RefreshData *d = task_data;
  VigilSource *source = d->source;
  g_autoptr (GError) error = NULL;
  gboolean reading = FALSE;
  gint64 cpu_started = 0, cpu_used = 0;
  /* 0: this is the source's first successful read, if it succeeds */
  gint64 first_fetch = source->first_fetch;

  yield_to_ui ();
  source->last_fetch = g_get_real_time () / G_USEC_PER_SEC;
  if (d->fetch_error != NULL)
    {
      set_source_error (source, d->fetch_error->message);
      if (g_error_matches (d->fetch_error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_GONE))
        {
          /* 410: the publisher says the feed will not come back. */
          g_autofree char *msg
              = g_strdup_printf (_ ("%s; the source was disabled"), d->fetch_error->message);
          set_source_error (source, msg);
          source->enabled = FALSE;
        }
    }
  else if (d->fetched->not_modified)
    {
      source->status = VIGIL_SOURCE_STATUS_NOT_MODIFIED;
      g_clear_pointer (&source->error, g_free);
    }
  else
    {
      gsize len;
      const char *data = g_bytes_get_data (d->fetched->body, &len);
      g_autoptr (VigilParsedFeed) feed = NULL;

      /* Marked as being read by this process until the result is stored: if
       * the feed brings Vigil down, the next start knows which source did. */
      reading = vigil_store_set_source_reader (
          self->store, source->id, d->alone ? VIGIL_SOURCE_READ_ALONE : VIGIL_SOURCE_READ_SHARED,
          NULL);
      cpu_started = thread_cpu_usec ();
      feed = vigil_feed_parse (data, len, vigil_fetch_result_get_base (d->fetched, source->url),
                               d->fetched->charset, &error);

      if (feed == NULL)
        set_source_error (source, error->message);
      else
        {
          if (g_str_has_prefix (source->url, "resource://" RESOURCE_BASE "demo/"))
            shift_demo_dates (feed->items);
          if (!ingest_items (self, source, feed->items, first_fetch, source->last_fetch, &d->n_new,
                             &d->alerts, &error))
            set_source_error (source, error->message);
          else
            {
              source->status = VIGIL_SOURCE_STATUS_OK;
              g_clear_pointer (&source->error, g_free);
              if (source->first_fetch == 0)
                source->first_fetch = source->last_fetch;
              if (feed->title && (source->title == NULL || *source->title == '\0'))
                {
                  g_free (source->title);
                  source->title = g_strdup (feed->title);
                }
              g_free (source->etag);
              source->etag = g_strdup (d->fetched->etag);
              g_free (source->last_modified);
              source->last_modified = g_strdup (d->fetched->last_modified);
            }
          cpu_used = thread_cpu_usec () - cpu_started;
        }
    }
  if (d->fetch_error == NULL && source->status == VIGIL_SOURCE_STATUS_ERROR)
    {
      /* Fetched, but unreadable: back off like any failure. */
      g_autoptr (GError) parse_failure
          = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "");
      schedule_next (self, source, parse_failure);
    }
  else
    schedule_next (self, source, d->fetch_error);
  if (d->fetched && d->fetched->permanent_url && source->status != VIGIL_SOURCE_STATUS_ERROR)
    {
      /* 301/308: the feed has moved for good; later fetches use the new URL,
       * unless another source already has it. */
      g_autofree char *old_url = g_steal_pointer (&source->url);
      source->url = g_strdup (d->fetched->permanent_url);
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
  if (cpu_started > 0 && cpu_used == 0) /* not parsed: the parser's time */
    cpu_used = thread_cpu_usec () - cpu_started;
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
  g_task_return_boolean (task, TRUE);
}

static void
fetched_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RefreshData *d = g_task_get_task_data (task);

  d->fetched = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), res, &d->fetch_error);
  if (d->fetch_error && g_error_matches (d->fetch_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&d->fetch_error));
      return;
    }
  g_task_run_in_thread (task, process_in_thread);
}

/* At most throttle_count new alerts per rule in throttle_minutes; the rest are
 * counted for one summary. Story updates replace a notification already shown
 * and are never throttled. */
static void
throttle (VigilMonitor *self, GPtrArray *matches)
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
  VigilMonitor *self;

  if (vigil_webhook_post_finish (VIGIL_WEBHOOK (object), res, NULL, &error))
    return;
  self = g_object_get_data (object, "vigil-monitor");
  if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_WEBHOOK_FAILED], 0, rule, error->message);
}

/* New alerts (not story updates) go to the rules' desk channels, each post on
 * its own so a failing endpoint delays nothing else. */
static void
post_webhooks (VigilMonitor *self, VigilArticle *article, GPtrArray *matches)
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
      g_object_set_data (G_OBJECT (self->webhook), "vigil-monitor", self);
      vigil_webhook_post_async (self->webhook, match->rule->webhook_url, payload, self->cancellable,
                                webhook_done, g_strdup (match->rule->name));
    }
}

VigilWebhook *
vigil_monitor_get_webhook (VigilMonitor *self)
{
  return self->webhook;
}

static void
emit_summaries (VigilMonitor *self)
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
      g_signal_emit (self, signals[SIGNAL_ALERT_SUMMARY], 0, (const char *) key, t->suppressed);
    }
}

static void
announce_backlog (VigilMonitor *self)
{
  guint n = self->backlog_matched;

  self->backlog_matched = 0;
  if (n > 0)
    g_signal_emit (self, signals[SIGNAL_BACKLOG_MATCHED], 0, n);
}

/* Alerts the store recorded as new: notified (within the rules' limits) and
 * posted to the rules' webhooks; the backlog counted. On the main context. */
static void
deliver_hits (VigilMonitor *self, GPtrArray *hits)
{
  for (guint i = 0; i < hits->len; i++)
    {
      AlertHit *hit = g_ptr_array_index (hits, i);
      if (hit->backlog)
        {
          /* Recorded (the Alerts view lists it), counted for one quiet
           * summary, and nothing else. */
          self->backlog_matched++;
          continue;
        }
      throttle (self, hit->matches);
      if (hit->matches->len > 0)
        g_signal_emit (self, signals[SIGNAL_ALERT], 0, hit->article, hit->matches);
      post_webhooks (self, hit->article, hit->matches);
    }
  emit_summaries (self);
}

static void
deliver_alerts (VigilMonitor *self, GPtrArray *hits)
{
  deliver_hits (self, hits);
  /* A source read on its own (just added) is announced at once; a refresh's
   * sources together when it ends. */
  if (!self->refreshing)
    announce_backlog (self);
}

static void
processed_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  /* Runs on the caller's main context: emit what the worker found. */
  GTask *inner = G_TASK (res);
  g_autoptr (GTask) outer = user_data;
  VigilMonitor *self = VIGIL_MONITOR (object);
  RefreshData *d = g_task_get_task_data (inner);
  GError *error = NULL;

  if (!g_task_propagate_boolean (inner, &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  g_hash_table_remove (self->pending, &d->source->id);
  g_signal_emit (self, signals[SIGNAL_SOURCE_UPDATED], 0, d->source);
  if (d->n_new > 0)
    g_signal_emit (self, signals[SIGNAL_ARTICLES_ADDED], 0, d->source->id, d->n_new);
  if (d->alerts)
    deliver_alerts (self, d->alerts);
  if (d->source->status == VIGIL_SOURCE_STATUS_ERROR)
    g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", d->source->error);
  else
    g_task_return_int (outer, d->n_new);
}

static void
refresh_source (VigilMonitor *self, VigilSource *source, gboolean alone, GCancellable *cancellable,
                GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  GTask *inner = g_task_new (self, cancellable, processed_cb, outer);
  RefreshData *d = g_new0 (RefreshData, 1);

  d->alone = alone;

  /* The worker updates a private copy of the source; the caller's object is untouched. */
  d->source = vigil_store_get_source (self->store, source->id, NULL);
  if (d->source == NULL)
    d->source = g_object_ref (source);
  g_task_set_task_data (inner, d, (GDestroyNotify) refresh_data_free);
  vigil_fetcher_fetch_async (self->fetcher, d->source->url, d->source->etag,
                             d->source->last_modified, cancellable, fetched_cb, inner);
}

void
vigil_monitor_refresh_source_async (VigilMonitor *self, VigilSource *source,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  /* A sync account's source is its server's to read: the account is synced. */
  if (source->account_id != VIGIL_ACCOUNT_LOCAL)
    {
      g_task_report_new_error (self, callback, user_data, vigil_monitor_refresh_source_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _ ("This source is read by its sync server: sync its account "
                                  "to refresh it"));
      return;
    }
  refresh_source (self, source, FALSE, cancellable, callback, user_data);
}

gssize
vigil_monitor_refresh_source_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- a sync server's items ---- */

typedef struct
{
  GWeakRef monitor; /* the monitor holds the sync: no cycle */
  GMainContext *context;
} SyncHook;

typedef struct
{
  VigilMonitor *self;
  gint64 source_id;
  guint n_new;
  GPtrArray *alerts;
} SyncDelivery;

static void
sync_hook_free (SyncHook *hook)
{
  g_weak_ref_clear (&hook->monitor);
  g_main_context_unref (hook->context);
  g_free (hook);
}

static void
sync_delivery_free (SyncDelivery *d)
{
  g_object_unref (d->self);
  g_clear_pointer (&d->alerts, g_ptr_array_unref);
  g_free (d);
}

static gboolean
deliver_synced (gpointer data)
{
  SyncDelivery *d = data;

  if (d->n_new > 0)
    g_signal_emit (d->self, signals[SIGNAL_ARTICLES_ADDED], 0, d->source_id, d->n_new);
  /* The backlog is announced once, when the sync ends (sync_ended). */
  if (d->alerts)
    deliver_hits (d->self, d->alerts);
  return G_SOURCE_REMOVE;
}

static gboolean
sync_ended (gpointer self)
{
  announce_backlog (self);
  return G_SOURCE_REMOVE;
}

static gboolean
sync_ingest (VigilSource *source, GPtrArray *articles, gboolean first_read, guint *out_new,
             gpointer user_data, GError **error)
{
  SyncHook *hook = user_data;
  VigilMonitor *self = g_weak_ref_get (&hook->monitor);
  SyncDelivery *d;

  if (self == NULL)
    {
      /* Vigil is closing: the sync stops, what it stored stays. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The monitor is gone");
      return FALSE;
    }
  if (source == NULL)
    {
      g_main_context_invoke_full (hook->context, G_PRIORITY_DEFAULT, sync_ended, self,
                                  g_object_unref);
      return TRUE;
    }
  d = g_new0 (SyncDelivery, 1);
  yield_to_ui ();
  d->self = self;
  d->source_id = source->id;
  if (!ingest_items (self, source, articles, first_read ? 0 : source->first_fetch,
                     g_get_real_time () / G_USEC_PER_SEC, &d->n_new, &d->alerts, error))
    {
      sync_delivery_free (d);
      return FALSE;
    }
  *out_new = d->n_new;
  g_main_context_invoke_full (hook->context, G_PRIORITY_DEFAULT, deliver_synced, d,
                              (GDestroyNotify) sync_delivery_free);
  return TRUE;
}

void
vigil_monitor_attach_sync (VigilMonitor *self, VigilSync *sync)
{
  SyncHook *hook = g_new0 (SyncHook, 1);

  g_weak_ref_init (&hook->monitor, self);
  hook->context = g_main_context_ref_thread_default ();
  vigil_sync_set_ingest_func (sync, sync_ingest, hook, (GDestroyNotify) sync_hook_free);
  g_set_object (&self->sync, sync);
}

typedef struct
{
  VigilMonitor *self;
  gint64 account_id;
} AccountRun;

static void
account_synced (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AccountRun *run = user_data;
  VigilMonitor *self = run->self;
  AccountSchedule *sched = g_hash_table_lookup (self->accounts, &run->account_id);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double delay;

  vigil_sync_run_finish (VIGIL_SYNC (object), result, NULL, &error);
  if (sched != NULL)
    {
      sched->running = FALSE;
      /* As for a source: its interval after a success, exponential back-off
       * (1 min doubling to 6 h, with jitter) while the server fails. */
      if (error == NULL)
        {
          sched->failures = 0;
          delay = self->default_interval * 60.0 * g_random_double_range (0.9, 1.1);
        }
      else
        {
          sched->failures++;
          delay = MIN (60.0 * (1 << MIN (sched->failures - 1, 12)), 6 * 3600.0)
                  * g_random_double_range (0.8, 1.2);
        }
      sched->next_attempt = now + (gint64) delay;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_ACCOUNT_SYNCED], 0, run->account_id,
                   error ? error->message : NULL);
  g_object_unref (self);
  g_free (run);
}

/* The sync accounts whose password the engine has (the application gives
 * it from the keyring), all or those due; only_id: that one alone (0: any). */
static void
sync_accounts_full (VigilMonitor *self, gboolean only_due, gint64 only_id)
{
  g_autoptr (GPtrArray) accounts = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (self->sync == NULL)
    return;
  accounts = vigil_store_list_accounts (self->store, NULL);
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      AccountSchedule *sched;
      AccountRun *run;

      if (g_strcmp0 (a->kind, "greader") != 0 || !vigil_sync_has_password (self->sync, a->id)
          || (only_id != 0 && a->id != only_id))
        continue;
      sched = g_hash_table_lookup (self->accounts, &a->id);
      if (sched == NULL)
        {
          sched = g_new0 (AccountSchedule, 1);
          g_hash_table_insert (self->accounts, g_memdup2 (&a->id, sizeof a->id), sched);
        }
      if (sched->running || (only_due && sched->next_attempt > now))
        continue;
      sched->running = TRUE;
      run = g_new0 (AccountRun, 1);
      run->self = g_object_ref (self);
      run->account_id = a->id;
      vigil_sync_run_async (self->sync, a->id, self->cancellable, account_synced, run);
    }
}

static void
sync_accounts (VigilMonitor *self, gboolean only_due)
{
  sync_accounts_full (self, only_due, 0);
}

void
vigil_monitor_sync_account (VigilMonitor *self, gint64 account_id)
{
  g_return_if_fail (VIGIL_IS_MONITOR (self));
  sync_accounts_full (self, FALSE, account_id);
}

VigilSync *
vigil_monitor_get_sync (VigilMonitor *self)
{
  return self->sync;
}

gboolean
vigil_monitor_is_syncing (VigilMonitor *self, gint64 account_id)
{
  AccountSchedule *sched = g_hash_table_lookup (self->accounts, &account_id);
  return sched != NULL && sched->running;
}

gint64
vigil_monitor_get_account_next_sync (VigilMonitor *self, gint64 account_id)
{
  AccountSchedule *sched = g_hash_table_lookup (self->accounts, &account_id);
  return sched ? sched->next_attempt : 0;
}

/* ---- articles stored without an alert evaluation ---- */

/* Articles another program stored without judging them (or a Vigil from before
 * alerts were written with their articles left behind): evaluated once, by
 * whichever process marks them first, and their alerts delivered as new. */
static void
evaluate_backlog_in_thread (GTask *task, gpointer source_object, gpointer task_data,
                            GCancellable *cancellable)
{
  VigilMonitor *self = source_object;
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) alert_hit_free);
  g_autoptr (GHashTable) sources
      = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  yield_to_ui ();
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
          if (analysis == NULL)
            {
              g_autofree char *text = g_strconcat (a->title ? a->title : "", "\n", body, NULL);
              analysis = vigil_analyze (self->gazetteer, text, title_length (a));
            }
          g_ptr_array_add (matches, vigil_alert_engine_evaluate_for_source (self->alerts, a, body,
                                                                            analysis, source));
          g_ptr_array_add (requests, story_alerts_for (g_ptr_array_index (matches, i)));
        }
      if (!vigil_store_record_evaluation (self->store, batch, requests, &error))
        {
          g_warning ("Could not record the alerts of stored articles: %s", error->message);
          break;
        }
      for (guint i = 0; i < batch->len; i++)
        {
          VigilArticle *a = g_ptr_array_index (batch, i);
          VigilSource *source = g_hash_table_lookup (sources, &a->source_id);
          AlertHit *hit = alert_hit_new (self->store, a, g_ptr_array_index (matches, i),
                                         g_ptr_array_index (requests, i));
          if (hit == NULL)
            continue;
          hit->backlog
              = is_backlog (self, source->url, source->first_fetch, vigil_article_get_time (a),
                            g_get_real_time () / G_USEC_PER_SEC);
          g_ptr_array_add (hits, hit);
        }
    }
  g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

static void start_next (VigilMonitor *self);

static void
backlog_evaluated (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  g_autoptr (GPtrArray) hits = g_task_propagate_pointer (G_TASK (result), NULL);

  self->evaluating = FALSE;
  if (hits)
    deliver_alerts (self, hits);
  start_next (self);
}

static void
evaluate_backlog (VigilMonitor *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->backlog_checked)
    return;
  self->backlog_checked = TRUE;
  self->evaluating = TRUE;
  task = g_task_new (self, self->cancellable, backlog_evaluated, NULL);
  g_task_run_in_thread (task, evaluate_backlog_in_thread);
}

/* ---- the queue: refresh all, and the scheduler ---- */

static void after_refresh_done (GObject *object, GAsyncResult *result, gpointer user_data);

static void
one_done (GObject *object, GAsyncResult *res, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  g_autoptr (GError) error = NULL;

  vigil_monitor_refresh_source_finish (self, res, &error);
  self->running--;
  self->reading_alone = FALSE;
  self->done++;
  g_signal_emit (self, signals[SIGNAL_REFRESH_PROGRESS], 0, self->done, self->total);
  start_next (self);
}

/* After a refresh: index what arrived, then apply the retention. */
static void
after_refresh_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VigilMonitor *self = source;
  guint days = GPOINTER_TO_UINT (data);
  g_autoptr (GError) error = NULL;

  yield_to_ui ();
  if (vigil_store_index_pending (self->store, &error) < 0)
    g_warning ("Could not index new articles: %s", error->message);
  g_clear_error (&error);
  if (days > 0 && vigil_store_prune (self->store, days, &error) < 0)
    g_warning ("Could not delete old articles: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
start_next (VigilMonitor *self)
{
  while (self->running < MAX_PARALLEL_FETCHES && !g_queue_is_empty (&self->queue)
         && !self->reading_alone)
    {
      VigilSource *head = g_queue_peek_head (&self->queue);
      g_autoptr (VigilSource) source = NULL;

      /* A source whose last read never finished is read with nothing beside
       * it: if it brings Vigil down again, the next start knows it was this one. */
      if (head->interrupted > 0 && self->running > 0)
        break;
      source = g_queue_pop_head (&self->queue);
      self->reading_alone = source->interrupted > 0;
      self->running++;
      refresh_source (self, source, self->reading_alone, self->cancellable, one_done, NULL);
    }
  if (self->running == 0 && g_queue_is_empty (&self->queue) && self->refreshing && !self->finishing
      && !self->evaluating)
    {
      /* refresh-finished means indexed (searchable) and pruned too. */
      g_autoptr (GTask) task = g_task_new (self, NULL, after_refresh_done, NULL);
      self->finishing = TRUE;
      g_task_set_task_data (task, GUINT_TO_POINTER (self->retention_days), NULL);
      g_task_run_in_thread (task, after_refresh_in_thread);
    }
}

static void
after_refresh_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);

  self->finishing = FALSE;
  if (self->running == 0 && g_queue_is_empty (&self->queue))
    {
      self->refreshing = FALSE;
      announce_backlog (self);
      g_signal_emit (self, signals[SIGNAL_REFRESH_FINISHED], 0);
    }
  else
    start_next (self);
}

static void
enqueue (VigilMonitor *self, VigilSource *source)
{
  gint64 *key;

  if (g_hash_table_contains (self->pending, &source->id))
    return;
  key = g_new (gint64, 1);
  *key = source->id;
  g_hash_table_add (self->pending, key);
  if (!self->refreshing)
    {
      self->refreshing = TRUE;
      self->done = 0;
      self->total = 0;
    }
  if (source->interrupted > 0)
    g_queue_push_head (&self->queue, g_object_ref (source)); /* suspects first */
  else
    g_queue_push_tail (&self->queue, g_object_ref (source));
  self->total++;
}

static void
refresh_where (VigilMonitor *self, gboolean only_due)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (self->store, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint before = self->total;

  evaluate_backlog (self);
  /* Sync accounts too: all on Refresh, the due ones on the schedule's ticks. */
  sync_accounts (self, only_due);
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      /* A sync account's sources are read by its server (vigil-sync). */
      if (s->enabled && s->interrupted < VIGIL_SOURCE_QUARANTINED
          && s->account_id == VIGIL_ACCOUNT_LOCAL && (!only_due || s->next_attempt <= now))
        enqueue (self, s);
    }
  if (self->total > before || !only_due)
    g_signal_emit (self, signals[SIGNAL_REFRESH_PROGRESS], 0, self->done, self->total);
  start_next (self);
}

void
vigil_monitor_refresh_all (VigilMonitor *self)
{
  refresh_where (self, FALSE);
}

void
vigil_monitor_refresh_due (VigilMonitor *self)
{
  refresh_where (self, TRUE);
}

static gboolean
tick (gpointer data)
{
  VigilMonitor *self = data;

  /* Offline: scheduled refreshes wait for the network to come back. */
  if (g_network_monitor_get_network_available (self->network))
    vigil_monitor_refresh_due (self);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed (GNetworkMonitor *network, gboolean available, VigilMonitor *self)
{
  if (available)
    vigil_monitor_refresh_due (self);
}

void
vigil_monitor_start (VigilMonitor *self)
{
  if (self->tick_id != 0)
    return;
  self->network = g_network_monitor_get_default ();
  self->network_handler
      = g_signal_connect (self->network, "network-changed", G_CALLBACK (on_network_changed), self);
  self->tick_id = g_timeout_add_seconds (15, tick, self);
}

void
vigil_monitor_set_default_interval (VigilMonitor *self, guint minutes)
{
  self->default_interval = MAX (1, minutes);
}

void
vigil_monitor_set_throttle (VigilMonitor *self, guint count, guint minutes)
{
  self->throttle_count = MAX (1, count);
  self->throttle_minutes = MAX (1, minutes);
}

void
vigil_monitor_set_max_age (VigilMonitor *self, guint hours)
{
  self->max_age_hours = MAX (1, hours);
}

void
vigil_monitor_set_clock (VigilMonitor *self, VigilMonitorClock clock, gpointer user_data)
{
  self->clock = clock;
  self->clock_data = user_data;
}

void
vigil_monitor_set_retention_days (VigilMonitor *self, guint days)
{
  self->retention_days = days;
}

VigilFetcher *
vigil_monitor_get_fetcher (VigilMonitor *self)
{
  return self->fetcher;
}

gboolean
vigil_monitor_is_refreshing (VigilMonitor *self)
{
  return self->refreshing;
}

void
vigil_monitor_cancel (VigilMonitor *self)
{
  g_queue_clear_full (&self->queue, g_object_unref);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* ---- reader mode ---- */

typedef struct
{
  gint64 article_id;
  char *html;
  gboolean notify;
  AlertHit *hit; /* what to notify, from the worker */
} FullContentJob;

static void
full_content_job_free (FullContentJob *job)
{
  g_free (job->html);
  g_clear_pointer (&job->hit, alert_hit_free);
  g_free (job);
}

/* A source's first read is stored within moments of its first_fetch, and the
 * next read comes a minute later at the soonest: what arrived with the first
 * read was there before the desk watched the source. */
#define FIRST_READ_SECONDS 60

/* The article is analysed again on its full text and judged by the rules on
 * it (a word only the web page has matches); its alerts are recorded like
 * any other, once per story. They are notified (throttled, as news or not as
 * for new articles) only when asked: a full article fetched as the article
 * arrived is part of its news; one the desk asked for, the desk is reading. */
static void
full_content_thread (GTask *task, gpointer source_object, gpointer task_data,
                     GCancellable *cancellable)
{
  VigilMonitor *self = source_object;
  FullContentJob *job = task_data;
  GError *error = NULL;
  g_autoptr (VigilArticle) article = vigil_store_get_article (self->store, job->article_id, &error);
  g_autoptr (VigilSource) source = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (GPtrArray) requests = NULL;
  g_autofree char *body = NULL;

  if (article == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_free (article->full_content);
  article->full_content = g_strdup (job->html);
  analysis = analyze_article (self, article, &body);
  if (!vigil_store_set_full_content (self->store, article, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  source = vigil_store_get_source (self->store, article->source_id, NULL);
  matches = vigil_alert_engine_evaluate_for_source (self->alerts, article, body, analysis, source);
  requests = story_alerts_for (matches);
  for (guint i = 0; i < requests->len; i++)
    {
      VigilStoryAlert *alert = g_ptr_array_index (requests, i);
      g_autoptr (GError) failure = NULL;
      if (!vigil_store_add_story_alert (self->store, alert->rule, article->id, article->cluster_id,
                                        alert->matched, &alert->inserted, &alert->update,
                                        &alert->reports, &failure))
        g_warning ("Could not record the alert of %s: %s", alert->rule, failure->message);
    }
  if (job->notify && source != NULL)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      job->hit = alert_hit_new (self->store, article, matches, requests);
      if (job->hit != NULL)
        job->hit->backlog = source->first_fetch == 0
                            || article->first_seen < source->first_fetch + FIRST_READ_SECONDS
                            || is_backlog (self, source->url, source->first_fetch,
                                           vigil_article_get_time (article), now);
    }
  g_task_return_pointer (task, g_steal_pointer (&article), g_object_unref);
}

/* On the monitor's main context: what the worker found to notify. */
static void
full_content_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VigilMonitor *self = VIGIL_MONITOR (object);
  g_autoptr (GTask) outer = user_data;
  FullContentJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  VigilArticle *article = g_task_propagate_pointer (G_TASK (result), &error);

  if (article == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  if (job->hit != NULL)
    {
      g_autoptr (GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) alert_hit_free);
      g_ptr_array_add (hits, g_steal_pointer (&job->hit));
      deliver_alerts (self, hits);
    }
  g_task_return_pointer (outer, article, g_object_unref);
}

void
vigil_monitor_set_full_content_async (VigilMonitor *self, gint64 article_id, const char *html,
                                      gboolean notify, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  /* The worker's task: its result comes back to the monitor, which notifies
   * before the caller hears of it (a cancelled caller still stores). */
  g_autoptr (GTask) inner = g_task_new (self, NULL, full_content_done, outer);
  FullContentJob *job = g_new0 (FullContentJob, 1);

  job->article_id = article_id;
  job->html = g_strdup (html);
  job->notify = notify;
  g_task_set_source_tag (outer, vigil_monitor_set_full_content_async);
  g_task_set_task_data (inner, job, (GDestroyNotify) full_content_job_free);
  g_task_run_in_thread (inner, full_content_thread);
}

VigilArticle *
vigil_monitor_set_full_content_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
