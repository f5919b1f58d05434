/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Desktop notifications through a real session bus and python3-dbusmock's
 * notification daemon, for feeds served by a SoupServer on 127.0.0.1.
 *
 * What is not news never notifies: the items a source holds when an OPML
 * import or Add Source first reads it, items dated before that first read,
 * items older than the desk's limit, demo stories. Then one new item raises
 * exactly one notification: its summary, body (the article's level, each
 * matched word once), buttons and urgency; clicking it activates
 * app.open-article with the article's id. A throttled rule's summary has
 * actions that open the rule. */
#include "config.h"

#include <libsoup/soup.h>

#include "vigil-analyzer.h"
#include "vigil-monitor.h"
#include "vigil-notifier.h"
#include "vigil-test-utils.h"

#define EMBASSY "US embassy in Baghdad draws down diplomats after rocket attacks"
#define EMBASSY_TEXT                                                                               \
  "<p>The American embassy in Baghdad has partially withdrawn its staff after a series of "        \
  "rocket attacks, two senior Iraqi officials said.</p><p>It is a minor drawdown based on "        \
  "security reservations, a senior Iraqi source said. On 17 November a volley of rockets hit "     \
  "several Baghdad neighbourhoods, killing one girl.</p>"

static char *base;
static GHashTable *feeds; /* path -> the feed it serves */

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  vigil_test_serve_feed (msg, g_hash_table_lookup (feeds, path));
}

/* Serves at path a feed of three items already published (two of them days
 * ago, one an hour ago), then, with_new, the later items. */
static void
serve (const char *path, gboolean with_new)
{
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>Desk wire</title>");

  vigil_test_append_rss_item (
      xml, "old-rockets", "Rockets hit Baghdad airport perimeter",
      "<p>Three rockets hit the perimeter of Baghdad airport overnight.</p>", 72);
  vigil_test_append_rss_item (
      xml, "old-kidnap", "Gunmen kidnap aid worker near Sinjar",
      "<p>Gunmen kidnapped an aid worker near Sinjar, the United Nations said.</p>", 50);
  vigil_test_append_rss_item (xml, "old-bomb", "Roadside bomb hits convoy south of Mosul",
                              "<p>A roadside bomb hit a logistics convoy south of Mosul.</p>", 1);
  if (with_new)
    {
      /* First seen now, but not news: dated before the source was first read,
       * and days old. */
      vigil_test_append_rss_item (
          xml, "before-first-read", "Gunmen abduct engineer near Kirkuk",
          "<p>Gunmen abducted an engineer near Kirkuk on his way to work.</p>", 2);
      vigil_test_append_rss_item (xml, "days-old", "Rockets hit US base near Erbil",
                                  "<p>Two rockets hit a US base near Erbil, officials said.</p>",
                                  5 * 24);
      vigil_test_append_rss_item (xml, "new", EMBASSY, EMBASSY_TEXT, 0);
    }
  g_string_append (xml, "</channel></rss>");
  g_hash_table_replace (feeds, g_strdup (path), g_string_free (xml, FALSE));
}

static GVariant *
mock_call (const char *method, GVariant *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GVariant *reply;

  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications",
                                       "org.freedesktop.DBus.Mock", method, params, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

/* Notify calls so far, as (app, replaces, icon, summary, body, actions, hints,
 * timeout) tuples. */
static GPtrArray *
notify_calls (void)
{
  g_autoptr (GVariant) reply = mock_call ("GetCalls", NULL);
  g_autoptr (GVariant) calls = g_variant_get_child_value (reply, 0);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  GVariantIter iter;
  const char *method;
  GVariant *args;
  guint64 when;

  g_variant_iter_init (&iter, calls);
  while (g_variant_iter_next (&iter, "(t&s@av)", &when, &method, &args))
    {
      if (g_str_equal (method, "Notify"))
        g_ptr_array_add (out, g_variant_ref (args));
      g_variant_unref (args);
    }
  return out;
}

/* A wait on the daemon's calls: the last list read, and what it waits for. */
typedef struct
{
  GPtrArray *calls;
  guint want; /* wait_for_calls: how many */
  guint at;   /* calls_before_probe: the probe's index, once it is there */
} CallsWait;

static GPtrArray *
read_calls (CallsWait *w)
{
  g_clear_pointer (&w->calls, g_ptr_array_unref);
  w->calls = notify_calls ();
  return w->calls;
}

static gboolean
calls_arrived (gpointer data)
{
  CallsWait *w = data;

  return read_calls (w)->len >= w->want;
}

/* GLib sends asynchronously: the calls once at least `want` have arrived, or
 * after a while. That none came is calls_before_probe's to see. */
static GPtrArray *
wait_for_calls (guint want)
{
  CallsWait w = { NULL, want, 0 };

  vigil_test_wait_until (calls_arrived, &w, 10);
  return w.calls;
}

static char *
arg_string (GVariant *args, guint i)
{
  g_autoptr (GVariant) boxed = g_variant_get_child_value (args, i);
  g_autoptr (GVariant) v = g_variant_get_variant (boxed);
  return g_variant_dup_string (v, NULL);
}

static guint
arg_uint (GVariant *args, guint i)
{
  g_autoptr (GVariant) boxed = g_variant_get_child_value (args, i);
  g_autoptr (GVariant) v = g_variant_get_variant (boxed);
  return g_variant_get_uint32 (v);
}

static const char **
arg_actions (GVariant *args)
{
  g_autoptr (GVariant) boxed = g_variant_get_child_value (args, 5);
  g_autoptr (GVariant) v = g_variant_get_variant (boxed);
  return g_variant_get_strv (v, NULL);
}

static int
arg_urgency (GVariant *args)
{
  g_autoptr (GVariant) boxed = g_variant_get_child_value (args, 6);
  g_autoptr (GVariant) hints = g_variant_get_variant (boxed);
  g_autoptr (GVariant) urgency = g_variant_lookup_value (hints, "urgency", G_VARIANT_TYPE_BYTE);
  return urgency ? g_variant_get_byte (urgency) : -1;
}

/* Notifications the daemon numbered before the calls were last cleared. */
static guint issued;

/* The daemon numbers new notifications from 1, in the order they arrive; a
 * replacement keeps its number. The number of calls[index]. */
static guint
daemon_id (GPtrArray *calls, guint index)
{
  guint n = issued;

  if (arg_uint (g_ptr_array_index (calls, index), 1) != 0)
    return arg_uint (g_ptr_array_index (calls, index), 1);
  for (guint i = 0; i <= index; i++)
    n += arg_uint (g_ptr_array_index (calls, i), 1) == 0;
  return n;
}

static void
clear_calls (void)
{
  g_autoptr (GPtrArray) calls = notify_calls ();

  for (guint i = 0; i < calls->len; i++)
    issued += arg_uint (g_ptr_array_index (calls, i), 1) == 0;
  g_variant_unref (mock_call ("ClearCalls", NULL));
}

static void
click (guint id, const char *action)
{
  g_autoptr (GVariant) r = mock_call (
      "EmitSignal",
      g_variant_new ("(sss@av)", "org.freedesktop.Notifications", "ActionInvoked", "us",
                     g_variant_new_array (
                         G_VARIANT_TYPE_VARIANT,
                         (GVariant *[]){ g_variant_new_variant (g_variant_new_uint32 (id)),
                                         g_variant_new_variant (g_variant_new_string (action)) },
                         2)));
}

/* The desk has watched the source for an hour: what it publishes now is news. */
static void
watched_for_an_hour (VigilStore *store, gint64 id)
{
  g_autoptr (VigilSource) s = vigil_store_get_source (store, id, NULL);

  g_assert_nonnull (s);
  s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_true (vigil_store_update_source (store, s, NULL));
}

typedef struct
{
  GApplication *app;
  GMainLoop *loop;
  VigilStore *store;
  VigilMonitor *monitor;
  gint64 opened;
  GVariant *marked; /* the target of the last "Mark Read" */
  char *shown_rule;
  char *shown_matches;
  guint backlog;
  guint n_alerts;
} Ctx;

static void
on_alert (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, Ctx *ctx)
{
  ctx->n_alerts++;
  vigil_notifier_send (ctx->app, article, matches);
}

static void
on_summary (VigilMonitor *m, const char *rule, guint count, Ctx *ctx)
{
  vigil_notifier_send_summary (ctx->app, rule, count);
}

static void
on_backlog (VigilMonitor *m, guint n, guint n_stories, Ctx *ctx)
{
  ctx->backlog += n;
}

static void
open_article (GSimpleAction *action, GVariant *param, gpointer data)
{
  ((Ctx *) data)->opened = g_variant_get_int64 (param);
}

/* An action's string parameter kept in *field, in place of what it held. */
static void
keep_string (char **field, GVariant *param)
{
  g_free (*field);
  *field = g_variant_dup_string (param, NULL);
}

static void
show_rule_matches (GSimpleAction *action, GVariant *param, gpointer data)
{
  keep_string (&((Ctx *) data)->shown_matches, param);
}

static void
mark_story_read (GSimpleAction *action, GVariant *param, gpointer data)
{
  Ctx *ctx = data;
  g_clear_pointer (&ctx->marked, g_variant_unref);
  ctx->marked = g_variant_ref (param);
}

static void
show_rule (GSimpleAction *action, GVariant *param, gpointer data)
{
  keep_string (&((Ctx *) data)->shown_rule, param);
}

/* A fresh store and monitor, notifying through an application registered on
 * the bus (as Vigil is), with the actions its notifications name. */
static void
ctx_init (Ctx *ctx, gconstpointer data)
{
  static guint n;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_test_make_tmp_path ("vigil-notify-XXXXXX", "vigil.db");
  g_autofree char *app_id = g_strdup_printf ("%s.Test%u", APP_ID, ++n);
  const GActionEntry entries[] = {
    { "open-article", open_article, "x", NULL, NULL, { 0 } },
    { "mark-read", NULL, "x", NULL, NULL, { 0 } },
    { "mark-story-read", mark_story_read, "ax", NULL, NULL, { 0 } },
    { "show-rule", show_rule, "s", NULL, NULL, { 0 } },
    { "show-rule-matches", show_rule_matches, "s", NULL, NULL, { 0 } },
  };

  memset (ctx, 0, sizeof *ctx);
  g_assert_no_error (error);
  ctx->store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  ctx->monitor = vigil_monitor_new (ctx->store, &error);
  g_assert_no_error (error);
  ctx->loop = g_main_loop_new (NULL, FALSE);
  ctx->app = g_application_new (app_id, G_APPLICATION_DEFAULT_FLAGS);
  g_action_map_add_action_entries (G_ACTION_MAP (ctx->app), entries, G_N_ELEMENTS (entries), ctx);
  g_assert_true (g_application_register (ctx->app, NULL, &error));
  g_assert_no_error (error);
  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (ctx->monitor), 0);
  g_signal_connect (ctx->monitor, "alert", G_CALLBACK (on_alert), ctx);
  g_signal_connect (ctx->monitor, "alert-summary", G_CALLBACK (on_summary), ctx);
  g_signal_connect (ctx->monitor, "backlog-matched", G_CALLBACK (on_backlog), ctx);
  g_signal_connect_swapped (ctx->monitor, "refresh-finished", G_CALLBACK (g_main_loop_quit),
                            ctx->loop);
  clear_calls ();
}

static void
ctx_clear (Ctx *ctx, gconstpointer data)
{
  g_clear_object (&ctx->monitor);
  g_clear_object (&ctx->store);
  g_clear_object (&ctx->app);
  g_main_loop_unref (ctx->loop);
  g_free (ctx->shown_rule);
  g_free (ctx->shown_matches);
  g_clear_pointer (&ctx->marked, g_variant_unref);
}

#define PROBE "vigil-test: probe"

static gboolean
probe_arrived (gpointer data)
{
  CallsWait *w = data;
  GPtrArray *calls = read_calls (w);

  for (guint k = 0; k < calls->len; k++)
    {
      g_autofree char *summary = arg_string (g_ptr_array_index (calls, k), 3);
      if (g_str_equal (summary, PROBE))
        {
          w->at = k;
          return TRUE;
        }
    }
  return FALSE;
}

/* The notifications the application sent before now: it sends a probe of its
 * own and waits for it to reach the daemon. Its notifications travel in order
 * on one bus connection, so what it sent before the probe has arrived by
 * then: a check that none came cannot pass for having looked too early.
 * When none came, the probe is cleared too. */
static GPtrArray *
calls_before_probe (Ctx *ctx)
{
  g_autoptr (GNotification) probe = g_notification_new (PROBE);
  CallsWait w = { NULL, 0, G_MAXUINT };
  GPtrArray *calls;
  guint at;

  g_application_send_notification (ctx->app, "vigil-test-probe", probe);
  vigil_test_wait_until (probe_arrived, &w, 10);
  calls = w.calls;
  at = w.at;
  g_assert_cmpuint (at, !=, G_MAXUINT); /* the positive control arrived */
  g_assert_cmpuint (at, ==, calls->len - 1);
  g_application_withdraw_notification (ctx->app, "vigil-test-probe");
  g_ptr_array_set_size (calls, at);
  if (at == 0)
    clear_calls ();
  return calls;
}

static void
refresh_all (Ctx *ctx)
{
  vigil_monitor_refresh_all (ctx->monitor);
  g_main_loop_run (ctx->loop);
}

/* The one notification of the new embassy report, as the desk must see it. */
static gboolean
article_opened (gpointer ctx)
{
  return ((Ctx *) ctx)->opened != 0;
}

static void
check_embassy_notification (Ctx *ctx, GPtrArray *calls)
{
  GVariant *args;
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_autofree const char **actions = NULL;
  g_autoptr (GPtrArray) stored = vigil_store_list_articles (ctx->store, 0, NULL);
  VigilArticle *embassy = NULL;
  g_autofree char *level = NULL;
  const char *matched;
  g_auto (GStrv) words = NULL;

  g_assert_cmpuint (calls->len, ==, 1);
  args = g_ptr_array_index (calls, 0);
  summary = arg_string (args, 3);
  body = arg_string (args, 4);
  g_test_message ("body: %s", body);
  g_assert_cmpstr (summary, ==, EMBASSY);
  for (guint i = 0; i < stored->len; i++)
    if (g_str_equal (((VigilArticle *) g_ptr_array_index (stored, i))->title, EMBASSY))
      embassy = g_ptr_array_index (stored, i);
  g_assert_nonnull (embassy);
  g_assert_cmpstr (embassy->level, ==, "critical");
  /* The article's own level, as the list shows it. */
  level = g_strdup_printf ("%s risk", vigil_level_label (embassy->level));
  g_assert_nonnull (strstr (body, level));
  g_assert_nonnull (strstr (body, "Drawdown or evacuation"));
  g_assert_nonnull (strstr (body, "Indirect fire"));
  /* Each matched word once, though two rules matched some of them. */
  matched = strstr (body, "Matched: ");
  g_assert_nonnull (matched);
  words = g_strsplit (matched + strlen ("Matched: "), ", ", -1);
  g_assert_cmpuint (g_strv_length (words), >=, 2);
  for (guint i = 0; words[i]; i++)
    for (guint j = i + 1; words[j]; j++)
      g_assert_true (g_ascii_strcasecmp (words[i], words[j]) != 0);
  actions = arg_actions (args);
  g_assert_true (g_strv_contains (actions, "default"));
  g_assert_true (g_strv_contains (actions, "Open"));
  g_assert_true (g_strv_contains (actions, "Mark Read"));
  g_assert_cmpint (arg_urgency (args), ==, 2); /* a critical rule: urgent */

  click (daemon_id (calls, 0), "default");
  g_assert_true (vigil_test_wait_until (article_opened, ctx, VIGIL_TEST_WAIT_SECONDS));
  g_assert_cmpint (ctx->opened, ==, embassy->id);
}

/* An OPML import of a feed of old stories: stored and recorded, no
 * notification; then one new story: exactly one. */
static void
test_import_then_news (Ctx *ctx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *opml = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  gint64 recorded;

  serve ("/import", FALSE);
  opml = g_strdup_printf ("<opml version=\"2.0\"><body><outline text=\"Desk wire\" "
                          "type=\"rss\" xmlUrl=\"%s/import\"/></body></opml>",
                          base);
  g_assert_cmpuint (vigil_monitor_import_opml (ctx->monitor, opml, strlen (opml), NULL, &error), ==,
                    1);
  g_assert_no_error (error);
  refresh_all (ctx);
  g_assert_cmpint (vigil_store_count_articles (ctx->store, 0), ==, 3);
  recorded = vigil_store_count_alerts (ctx->store, "new");
  g_assert_cmpint (recorded, >=, 3); /* listed in the Alerts view… */
  g_assert_cmpuint (ctx->backlog, ==, 3);
  calls = calls_before_probe (ctx);
  g_assert_cmpuint (calls->len, ==, 0); /* …and not notified */
  g_assert_cmpuint (ctx->n_alerts, ==, 0);

  /* The next read brings a new report, one dated before the first read and
   * one five days old. */
  serve ("/import", TRUE);
  refresh_all (ctx);
  g_assert_cmpint (vigil_store_count_articles (ctx->store, 0), ==, 6);
  g_assert_cmpint (vigil_store_count_alerts (ctx->store, "new"), >=, recorded + 3);
  g_assert_cmpuint (ctx->backlog, ==, 5);
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = calls_before_probe (ctx);
  check_embassy_notification (ctx, calls);
}

static void
source_added (GObject *object, GAsyncResult *result, gpointer data)
{
  VigilSource **out = data;
  g_autoptr (GError) error = NULL;

  *out = vigil_monitor_add_source_finish (VIGIL_MONITOR (object), result, &error);
  g_assert_no_error (error);
}

static void
source_refreshed (GObject *object, GAsyncResult *result, gpointer data)
{
  gboolean *done = data;
  g_autoptr (GError) error = NULL;

  vigil_monitor_refresh_source_finish (VIGIL_MONITOR (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* Add Source reads the new source at once, as the dialog does: what it holds
 * is not news. */
static void
test_add_source_then_news (Ctx *ctx, gconstpointer data)
{
  g_autofree char *url = g_strconcat (base, "/added", NULL);
  g_autoptr (VigilSource) source = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  gboolean done = FALSE;

  serve ("/added", FALSE);
  vigil_monitor_add_source_async (ctx->monitor, url, NULL, NULL, source_added, &source);
  g_assert_true (
      vigil_test_wait_until (vigil_test_pointer_is_set, &source, VIGIL_TEST_WAIT_SECONDS));
  vigil_monitor_refresh_source_async (ctx->monitor, source, NULL, source_refreshed, &done);
  vigil_test_wait_for_flag (&done);
  g_assert_cmpint (vigil_store_count_articles (ctx->store, 0), ==, 3);
  g_assert_cmpuint (ctx->backlog, ==, 3); /* announced at once: no refresh to wait for */
  calls = calls_before_probe (ctx);
  g_assert_cmpuint (calls->len, ==, 0);

  serve ("/added", TRUE);
  refresh_all (ctx);
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = calls_before_probe (ctx);
  check_embassy_notification (ctx, calls);
}

/* After days offline: what was published while Vigil was away, older than
 * the desk's limit (24 hours), does not notify; the new report does. */
static void
test_after_offline (Ctx *ctx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (base, "/offline", NULL);
  g_autoptr (GPtrArray) calls = NULL;
  gint64 id;

  serve ("/offline", TRUE);
  id = vigil_store_add_source (ctx->store, url, "Desk wire", NULL, NULL, &error);
  g_assert_no_error (error);
  {
    /* First read a week ago, not read since. */
    g_autoptr (VigilSource) s = vigil_store_get_source (ctx->store, id, NULL);
    s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 7 * 24 * 3600;
    g_assert_true (vigil_store_update_source (ctx->store, s, NULL));
  }
  refresh_all (ctx);
  g_assert_cmpint (vigil_store_count_articles (ctx->store, 0), ==, 6);
  /* Of those that matched rules, only the new report and the ones of the last
   * 24 hours (the bomb an hour ago, the kidnapping two hours ago) are news. */
  g_assert_cmpuint (ctx->backlog, ==, 3);
  calls = calls_before_probe (ctx);
  g_assert_cmpuint (calls->len, ==, 3);
  for (guint i = 0; i < calls->len; i++)
    {
      g_autofree char *summary = arg_string (g_ptr_array_index (calls, i), 3);
      g_assert_true (g_str_equal (summary, EMBASSY)
                     || g_str_equal (summary, "Roadside bomb hits convoy south of Mosul")
                     || g_str_equal (summary, "Gunmen abduct engineer near Kirkuk"));
    }
}

/* The demo sources, first read or not, never notify. */
static void
test_demo_never_notifies (Ctx *ctx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  g_autoptr (GPtrArray) sources = NULL;

  g_assert_true (vigil_monitor_seed (ctx->monitor, FALSE, &error));
  g_assert_no_error (error);
  /* As if the desk had watched them for an hour already. */
  sources = vigil_store_list_sources (ctx->store, NULL);
  for (guint i = 0; i < sources->len; i++)
    {
      VigilSource *s = g_ptr_array_index (sources, i);
      s->first_fetch = g_get_real_time () / G_USEC_PER_SEC - 3600;
      g_assert_true (vigil_store_update_source (ctx->store, s, NULL));
    }
  refresh_all (ctx);
  g_assert_cmpint (vigil_store_count_alerts (ctx->store, "new"), >=, 4);
  g_assert_cmpuint (ctx->backlog, >=, 4);
  calls = calls_before_probe (ctx);
  g_assert_cmpuint (calls->len, ==, 0);
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* The key of the button labelled label in a Notify call's actions. */
static char *
action_key (GVariant *args, const char *label)
{
  g_autofree const char **actions = arg_actions (args);

  for (guint i = 0; actions[i] && actions[i + 1]; i += 2)
    if (g_str_equal (actions[i + 1], label))
      return g_strdup (actions[i]);
  return NULL;
}

/* Clicks "Mark Read" on calls[index] and returns the articles the app is
 * asked to mark, sorted. */
static GArray *
click_mark_read (Ctx *ctx, GPtrArray *calls, guint index)
{
  g_autofree char *key = action_key (g_ptr_array_index (calls, index), "Mark Read");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const gint64 *marked;
  gsize n = 0;

  g_assert_nonnull (key);
  g_clear_pointer (&ctx->marked, g_variant_unref);
  click (daemon_id (calls, index), key);
  g_assert_true (
      vigil_test_wait_until (vigil_test_pointer_is_set, &ctx->marked, VIGIL_TEST_WAIT_SECONDS));
  g_assert_nonnull (ctx->marked);
  marked = g_variant_get_fixed_array (ctx->marked, &n, sizeof (gint64));
  g_array_append_vals (ids, marked, n);
  g_array_sort (ids, (GCompareFunc) compare_ids);
  return ids;
}

/* "Mark Read" acts on the story as the notification told of it: the first
 * report alone, then both reports once the second replaced it; the store then
 * marks exactly those, and a third report, arriving after, stays unread. */
static void
test_mark_read_story (Ctx *ctx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strconcat (base, "/story", NULL);
  g_autoptr (GPtrArray) calls = NULL;
  g_autoptr (GArray) first = NULL;
  g_autoptr (GArray) second = NULL;
  g_autoptr (GPtrArray) articles = NULL;
  const char *text[] = {
    "<p>Gunmen kidnapped an aid worker near Sinjar on Tuesday, the United Nations said, calling "
    "for his immediate release. UNICEF suspended field visits in the district.</p>",
    "<p>Gunmen kidnapped an aid worker near Sinjar on Tuesday, the United Nations said, calling "
    "for his release. UNICEF suspended field visits.</p>",
    "<p>Gunmen kidnapped an aid worker near Sinjar on Tuesday, the United Nations said on "
    "Wednesday, calling for his immediate release. UNICEF suspended field visits.</p>",
  };
  gint64 id;

  id = vigil_store_add_source (ctx->store, url, "Desk wire", NULL, NULL, &error);
  g_assert_no_error (error);
  watched_for_an_hour (ctx->store, id);
  for (guint n = 1; n <= 3; n++)
    {
      GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>Desk wire</title>");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *guid = g_strdup_printf ("sinjar-%u", i);
          vigil_test_append_rss_item (xml, guid, "Kidnappers seize aid worker near Sinjar", text[i],
                                      0);
        }
      g_string_append (xml, "</channel></rss>");
      g_hash_table_replace (feeds, g_strdup ("/story"), g_string_free (xml, FALSE));
      refresh_all (ctx);
      g_clear_pointer (&calls, g_ptr_array_unref);
      calls = wait_for_calls (n);
      g_assert_cmpuint (calls->len, ==, n);
      if (n == 1)
        first = click_mark_read (ctx, calls, 0);
      else if (n == 2)
        second = click_mark_read (ctx, calls, 1);
    }
  articles = vigil_store_list_articles (ctx->store, 0, &error);
  g_assert_cmpuint (articles->len, ==, 3);
  g_assert_cmpint (vigil_store_count_in_cluster (
                       ctx->store, ((VigilArticle *) g_ptr_array_index (articles, 0))->cluster_id),
                   ==, 3);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpuint (second->len, ==, 2);
  g_assert_cmpint (g_array_index (second, gint64, 0), ==, g_array_index (first, gint64, 0));

  g_assert_true (vigil_store_mark_articles_read (ctx->store, (const gint64 *) second->data,
                                                 second->len, &error));
  g_assert_cmpint (vigil_store_count_articles (ctx->store, VIGIL_VIEW_UNREAD), ==, 1);
}

/* A throttled rule: one notification, then a summary with actions that open
 * the rule. */
static void
test_summary_actions (Ctx *ctx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) calls = NULL;
  g_autoptr (VigilAlertEngine) parsed = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) rules = NULL;
  g_autofree char *url = g_strconcat (base, "/kidnappings", NULL);
  const char *rules_text = "Kidnapping\thigh\tabduct* OR kidnap*\tthrottle=1/10\n";
  const char *towns[] = { "Kirkuk", "Tikrit", "Samarra" };
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>Kidnappings</title>");
  gint64 id;
  guint summary_id = 0;
  g_autofree char *edit_key = NULL;

  g_assert_true (vigil_alert_engine_load_rules (parsed, rules_text, strlen (rules_text), &error));
  rules = vigil_alert_engine_dup_rules (parsed);
  vigil_alert_engine_set_rules (vigil_monitor_get_alert_engine (ctx->monitor), rules);
  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    {
      g_autofree char *guid = g_strdup_printf ("k%u", i);
      g_autofree char *title = g_strdup_printf ("Engineer abducted in %s", towns[i]);
      g_autofree char *text = g_strdup_printf (
          "<p>Unknown men abducted a %s engineer on day %u of the month.</p>", towns[i], i + 3);
      vigil_test_append_rss_item (xml, guid, title, text, 0);
    }
  g_string_append (xml, "</channel></rss>");
  g_hash_table_replace (feeds, g_strdup ("/kidnappings"), g_string_free (xml, FALSE));
  id = vigil_store_add_source (ctx->store, url, "Kidnappings", NULL, NULL, &error);
  g_assert_no_error (error);
  watched_for_an_hour (ctx->store, id); /* its new items are news */
  refresh_all (ctx);
  calls = wait_for_calls (2);
  g_assert_cmpuint (calls->len, ==, 2);
  for (guint i = 0; i < calls->len; i++)
    {
      GVariant *args = g_ptr_array_index (calls, i);
      g_autofree char *summary = arg_string (args, 3);
      g_autofree const char **actions = NULL;

      if (!g_str_equal (summary, "2 more matches for “Kidnapping”"))
        continue;
      g_assert_cmpuint (arg_uint (args, 1), ==, 0); /* a notification of its own */
      summary_id = daemon_id (calls, i);
      actions = arg_actions (args);
      g_assert_true (g_strv_contains (actions, "default"));
      g_assert_true (g_strv_contains (actions, "Show Matches"));
      edit_key = action_key (args, "Edit Rule");
    }
  g_assert_cmpuint (summary_id, >, 0);
  g_assert_nonnull (edit_key);
  /* Clicking it shows what the rule matched… */
  click (summary_id, "default");
  g_assert_true (vigil_test_wait_until (vigil_test_pointer_is_set, &ctx->shown_matches,
                                        VIGIL_TEST_WAIT_SECONDS));
  g_assert_cmpstr (ctx->shown_matches, ==, "Kidnapping");
  g_assert_null (ctx->shown_rule);
  /* …and its other button opens the rule (on a summary sent again: the
   * backend forgets a notification once it was clicked). */
  clear_calls ();
  vigil_notifier_send_summary (ctx->app, "Kidnapping", 3);
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = wait_for_calls (1);
  g_assert_cmpuint (calls->len, ==, 1);
  click (daemon_id (calls, 0), edit_key);
  g_assert_true (
      vigil_test_wait_until (vigil_test_pointer_is_set, &ctx->shown_rule, VIGIL_TEST_WAIT_SECONDS));
  g_assert_cmpstr (ctx->shown_rule, ==, "Kidnapping");
}

/* The text of one notification: the article's level (not the rule's), the
 * urgency of the most severe rule, each word once. */
static void
test_notification_text (Ctx *ctx, gconstpointer data)
{
  g_autoptr (GPtrArray) calls = NULL;
  g_autoptr (VigilArticle) article = vigil_article_new ();
  g_autoptr (GPtrArray) matches
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_match_free);
  g_autofree char *body = NULL;
  /* The forms a bare word matches are one word too: "Rockets" and
   * "rocket", "hits" and "hit". */
  const char *rule_terms[][5] = { { "drawdown", "staff", "Rockets", "hits", NULL },
                                  { "Drawdown", "staff", "rocket", "hit", NULL } };
  const VigilSeverity severities[] = { VIGIL_SEVERITY_CRITICAL, VIGIL_SEVERITY_HIGH };

  article->id = 42;
  article->title = g_strdup ("Drawdown of embassy staff");
  article->summary = g_strdup ("<p>The embassy ordered a drawdown of its staff. Rockets hit the "
                               "compound; a rocket hits the gate.</p>");
  article->source_title = g_strdup ("Desk wire");
  vigil_monitor_analyze_article (ctx->monitor, article);
  g_free (article->level);
  article->level = g_strdup ("high");
  for (guint r = 0; r < 2; r++)
    {
      VigilAlertMatch *m = g_new0 (VigilAlertMatch, 1);
      m->rule = vigil_alert_rule_new (r == 0 ? "Evacuation" : "Embassy staff", severities[r],
                                      "drawdown OR staff OR rocket OR hit", NULL, NULL);
      m->terms = g_ptr_array_new_with_free_func (g_free);
      for (guint t = 0; rule_terms[r][t]; t++)
        g_ptr_array_add (m->terms, g_strdup (rule_terms[r][t]));
      g_ptr_array_add (matches, m);
    }
  vigil_notifier_send (ctx->app, article, matches);
  calls = wait_for_calls (1);
  g_assert_cmpuint (calls->len, ==, 1);
  body = arg_string (g_ptr_array_index (calls, 0), 4);
  g_test_message ("body: %s", body);
  g_assert_nonnull (strstr (body, "High risk")); /* the article is High… */
  g_assert_null (strstr (body, "Critical"));
  g_assert_cmpint (arg_urgency (g_ptr_array_index (calls, 0)), ==, 2); /* …its rule critical */
  g_assert_true (g_str_has_suffix (body, "Matched: drawdown, staff, Rockets, hits"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (SoupServer) server = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  feeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server = vigil_test_server_new (handler, NULL, &base);
  g_test_add ("/notify/import-then-news", Ctx, NULL, ctx_init, test_import_then_news, ctx_clear);
  g_test_add ("/notify/add-source-then-news", Ctx, NULL, ctx_init, test_add_source_then_news,
              ctx_clear);
  g_test_add ("/notify/after-offline", Ctx, NULL, ctx_init, test_after_offline, ctx_clear);
  g_test_add ("/notify/demo-never-notifies", Ctx, NULL, ctx_init, test_demo_never_notifies,
              ctx_clear);
  g_test_add ("/notify/summary-actions", Ctx, NULL, ctx_init, test_summary_actions, ctx_clear);
  g_test_add ("/notify/mark-read-story", Ctx, NULL, ctx_init, test_mark_read_story, ctx_clear);
  g_test_add ("/notify/notification-text", Ctx, NULL, ctx_init, test_notification_text, ctx_clear);
  ret = g_test_run ();
  g_free (base);
  g_hash_table_unref (feeds);
  return ret;
}
