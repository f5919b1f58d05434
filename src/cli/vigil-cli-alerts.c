/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli-alerts.c — vigil-cli match, dry-run and watch: alert queries and headless monitoring */
#include "config.h"

#include <glib-unix.h>
#include <signal.h>

#include "vigil-cli-private.h"
#include "vigil-alert-engine.h"
#include "vigil-alert-query.h"
#include "vigil-analyzer.h"
#include "vigil-json.h"
#include "vigil-monitor-private.h"
#include "vigil-monitor.h"
#include "vigil-sync.h"
#include "vigil-webhook.h"

/* The error names the position; a short query is shown with a mark under
 * that place, a long one (thousands of parentheses) is not echoed back. */
static void
print_query_error (const char *query, guint position, const GError *error)
{
  if (strlen (query) <= 120 && strpbrk (query, "\n\r") == NULL)
    g_printerr ("vigil-cli: %s\n  %s\n  %*s^\n", error->message, query, (int) position, "");
  else
    g_printerr ("vigil-cli: %s\n", error->message);
}

int
cmd_match (int argc, char **argv)
{
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilQuery) query = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (VigilTokens) tokens = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (VigilQuerySpan));
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *title = NULL;
  VigilQueryContext ctx = { 0 };
  guint position = 0;
  gsize len = 0;
  gboolean matched;

  if (argc != 4)
    return usage ();
  query = vigil_query_parse (argv[2], &position, &error);
  if (query == NULL)
    {
      print_query_error (argv[2], position, error);
      return 2;
    }
  if (!read_input (argv[3], &data, &len, NULL, NULL, &error))
    return fail (error);
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_printerr ("vigil-cli: %s: %s\n", argv[3], _ ("the input is not UTF-8 text"));
      return 1;
    }
  gazetteer = vigil_gazetteer_new_default (&error);
  if (gazetteer == NULL)
    return fail (error);
  /* The first line is the headline (title: scopes). */
  title = g_strndup (data, strcspn (data, "\n"));
  tokens = vigil_tokenize (data);
  analysis = vigil_analyze (gazetteer, data, g_utf8_strlen (title, -1));
  ctx.tokens = tokens;
  ctx.title_tokens = vigil_tokenize (title);
  ctx.language = analysis->language;
  ctx.analysis = analysis;
  ctx.score = analysis->score;
  ctx.level = analysis->level;
  ctx.gazetteer = gazetteer;
  matched = vigil_query_match_context (query, &ctx, terms, spans);
  vigil_tokens_free (ctx.title_tokens);

  json_builder_begin_object (b);
  vigil_json_add_boolean (b, "match", matched);
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  for (guint i = 0; matched && i < terms->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (terms, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "spans");
  json_builder_begin_array (b);
  for (guint i = 0; matched && i < spans->len; i++)
    {
      VigilQuerySpan *sp = &g_array_index (spans, VigilQuerySpan, i);
      g_autofree char *text = g_utf8_substring (data, sp->start, sp->end);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      vigil_json_add_span (b, sp->start, sp->end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  vigil_json_add_int (b, "score", analysis->score);
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, analysis->level);
  json_builder_end_object (b);
  print_json (b, TRUE);
  return 0;
}

int
cmd_dry_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  VigilDryRunStats stats = { 0 };
  guint days = 7, position = 0;

  if (argc < 3)
    return usage ();
  for (int i = 3; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--days") == 0 && i + 1 < argc)
        days = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
        i++;
      else
        return usage ();
    }
  store = open_store (argc, argv, 3, &error);
  if (store != NULL)
    gazetteer = vigil_gazetteer_new_default (&error);
  if (gazetteer == NULL)
    return fail (error);
  found = vigil_alert_dry_run (store, gazetteer, argv[2], days, &position, &stats, &error);
  if (found == NULL)
    {
      if (error->domain == VIGIL_QUERY_ERROR)
        {
          print_query_error (argv[2], position, error);
          return 2;
        }
      return fail (error);
    }
  json_builder_begin_object (b);
  vigil_json_add_int (b, "matches", found->len);
  vigil_json_add_int (b, "days", days);
  json_builder_set_member_name (b, "milliseconds");
  json_builder_add_double_value (b, stats.seconds * 1000);
  json_builder_set_member_name (b, "articles");
  json_builder_begin_array (b);
  for (guint i = 0; i < found->len && i < 50; i++)
    {
      VigilArticle *a = g_ptr_array_index (found, i);
      json_builder_begin_object (b);
      vigil_json_add_string (b, "headline", a->title);
      vigil_json_add_string (b, "source", a->source_title);
      vigil_json_add_string (b, "link", a->link);
      vigil_json_add_string (b, "level", a->level);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b, FALSE);
  return 0;
}

/* ---- watch ---- */

static void
on_watch_alert (VigilMonitor *monitor, VigilArticle *article, GPtrArray *matches, gpointer data)
{
  for (guint i = 0; i < matches->len; i++)
    {
      VigilAlertMatch *m = g_ptr_array_index (matches, i);
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_begin_object (b);
      vigil_json_add_string (b, "time", when);
      vigil_alert_json_members (b, m->rule->name, vigil_severity_to_string (m->rule->severity),
                                article, m->terms);
      vigil_json_add_int (b, "score", article->score);
      vigil_json_add_int (b, "article", article->id);
      vigil_json_add_int (b, "story", m->story_id);
      vigil_json_add_int (b, "reports", m->story_reports);
      vigil_json_add_boolean (b, "update", m->story_update);
      json_builder_end_object (b);
      print_json (b, FALSE);
    }
}

static void
on_watch_summary (VigilMonitor *monitor, const char *rule, guint count, gpointer data)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  vigil_json_add_string (b, "summary", rule);
  vigil_json_add_int (b, "count", count);
  json_builder_end_object (b);
  print_json (b, FALSE);
}

static void
on_watch_source (VigilMonitor *monitor, VigilSource *source, gpointer data)
{
  if (source->status == VIGIL_SOURCE_STATUS_ERROR)
    g_printerr ("vigil-cli: %s: %s\n", source->title ? source->title : source->url, source->error);
}

/* Articles that matched rules but are not news (a source's first read, old
 * items): recorded in the database, not printed; said once on stderr, so that
 * a first run that prints nothing is not taken for one that found nothing. */
static void
on_watch_backlog (VigilMonitor *monitor, guint count, guint n_stories, gpointer data)
{
  g_printerr ("vigil-cli: ");
  g_printerr (ngettext ("%u older article matches the rules; it is stored, not printed\n",
                        "%u older articles match the rules; they are stored, not printed\n", count),
              count);
}

void
watch_print_alerts (VigilMonitor *monitor)
{
  g_signal_connect (monitor, "alert", G_CALLBACK (on_watch_alert), NULL);
  g_signal_connect (monitor, "alert-summary", G_CALLBACK (on_watch_summary), NULL);
  g_signal_connect (monitor, "backlog-matched", G_CALLBACK (on_watch_backlog), NULL);
}

static void
on_watch_webhook_failed (VigilMonitor *monitor, const char *rule, const char *reason, gpointer data)
{
  g_printerr ("vigil-cli: %s: %s\n", rule, reason);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
refresh_tick (gpointer monitor)
{
  vigil_monitor_refresh_all (monitor);
  return G_SOURCE_CONTINUE;
}

/* watch syncs the sync accounts too: those whose password is in the desktop
 * keyring, or the only one with VIGIL_SYNC_PASSWORD. NULL when none. */
static VigilSync *
watch_accounts (VigilStore *store, VigilMonitor *monitor)
{
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (store, NULL);
  g_autoptr (VigilSync) sync = NULL;
  const char *env = g_getenv ("VIGIL_SYNC_PASSWORD");
  guint n_sync = 0;

  for (guint i = 0; accounts && i < accounts->len; i++)
    n_sync += g_strcmp0 (((VigilAccount *) accounts->pdata[i])->kind, "greader") == 0;
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      VigilAccount *a = g_ptr_array_index (accounts, i);
      g_autofree char *password = NULL;

      if (g_strcmp0 (a->kind, "greader") != 0)
        continue;
      password
          = env != NULL && n_sync == 1 ? g_strdup (env) : keyring_lookup (a->server_url, a->user);
      if (password == NULL)
        {
          /* TRANSLATORS: %s is a sync account's name */
          g_printerr (_ ("vigil-cli: %s: no password (desktop keyring or VIGIL_SYNC_PASSWORD); "
                         "not synced\n"),
                      a->name);
          continue;
        }
      if (sync == NULL)
        sync = vigil_sync_new (store);
      vigil_sync_set_password (sync, a->id, password);
      memset (password, 0, strlen (password));
    }
  if (sync != NULL)
    vigil_monitor_attach_sync (monitor, sync);
  return g_steal_pointer (&sync);
}

typedef struct
{
  GMainLoop *loop;
  VigilStore *store;
  gboolean once;
  gboolean refreshed;
} WatchState;

static gboolean
any_syncing (VigilMonitor *monitor, VigilStore *store)
{
  g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (store, NULL);

  for (guint i = 0; accounts && i < accounts->len; i++)
    if (vigil_monitor_is_syncing (monitor, ((VigilAccount *) accounts->pdata[i])->id))
      return TRUE;
  return FALSE;
}

/* --once: every source read and every account synced. */
static void
on_watch_finished (VigilMonitor *monitor, gpointer data)
{
  WatchState *w = data;

  w->refreshed = TRUE;
  if (w->once && !any_syncing (monitor, w->store))
    g_main_loop_quit (w->loop);
}

static void
on_watch_synced (VigilMonitor *monitor, gint64 account_id, const char *error, gpointer data)
{
  WatchState *w = data;

  if (error != NULL)
    {
      g_autoptr (VigilAccount) account = vigil_store_get_account (w->store, account_id, NULL);
      g_printerr ("vigil-cli: %s: %s\n", account ? account->name : "?", error);
    }
  if (w->once && w->refreshed && !any_syncing (monitor, w->store))
    g_main_loop_quit (w->loop);
}

int
cmd_watch (int argc, char **argv)
{
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (VigilSync) sync = NULL;
  WatchState watch = { 0 };
  const char *opml = NULL;
  guint interval = 0;
  gboolean once = FALSE;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--opml") == 0 && i + 1 < argc)
        opml = argv[++i];
      else if (g_strcmp0 (argv[i], "--once") == 0)
        once = TRUE;
      else if (g_strcmp0 (argv[i], "--interval") == 0 && i + 1 < argc)
        interval = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
        i++;
      else
        return usage ();
    }
  monitor = open_monitor (argc, argv, 2, &store);
  if (monitor == NULL || (opml != NULL && import_opml (monitor, opml) == 0))
    return 1;
  if (vigil_store_count_sources (store) == 0)
    {
      g_printerr ("vigil-cli: %s\n",
                  _ ("no sources to watch: give a subscription list with --opml"));
      return 1;
    }
  {
    /* Sources left out of refreshes since they brought a reader down. */
    g_autoptr (GPtrArray) sources = vigil_store_list_sources (store, NULL);
    for (guint i = 0; i < sources->len; i++)
      {
        VigilSource *s = g_ptr_array_index (sources, i);
        if (s->interrupted >= VIGIL_SOURCE_QUARANTINED)
          g_printerr ("vigil-cli: %s: %s\n", s->title ? s->title : s->url,
                      s->error ? s->error : _ ("skipped"));
      }
  }
  watch_print_alerts (monitor);
  g_signal_connect (monitor, "source-updated", G_CALLBACK (on_watch_source), NULL);
  g_signal_connect (monitor, "webhook-failed", G_CALLBACK (on_watch_webhook_failed), NULL);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  sync = watch_accounts (store, monitor);
  watch.loop = loop;
  watch.store = store;
  watch.once = once;
  g_signal_connect (monitor, "account-synced", G_CALLBACK (on_watch_synced), &watch);

  /* --once: every source once (and every account synced), then exit (a cron
   * job, a test). */
  if (once)
    g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_watch_finished), &watch);
  vigil_monitor_refresh_all (monitor);
  /* Only synced sources: no refresh of Vigil's own to wait for. */
  if (once && !vigil_monitor_is_refreshing (monitor))
    watch.refreshed = TRUE;
  if (once && watch.refreshed && !any_syncing (monitor, store))
    return 0;
  /* --interval: every source every N seconds (conditional GET keeps it cheap);
   * otherwise each source on its own schedule. */
  if (once)
    ;
  else if (interval > 0)
    g_timeout_add_seconds (interval, refresh_tick, monitor);
  else
    vigil_monitor_start (monitor);
  g_main_loop_run (loop);
  vigil_monitor_cancel (monitor);
  /* Stopped on purpose (Ctrl+C, SIGTERM, --once): what was being read is not
   * an interrupted read at the next start. */
  vigil_store_release_own_readers (store);
  return 0;
}
