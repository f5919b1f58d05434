/* A desktop notification for a new alert, through a real session bus and
 * python3-dbusmock's notification daemon: its summary, body, buttons and
 * urgency; no second notification for the same article; clicking it activates
 * app.open-article with the article's id. */
#include "config.h"

#include "vigil-monitor.h"
#include "vigil-notifier.h"

#define EMBASSY "US embassy in Baghdad draws down diplomats after rocket attacks"

typedef struct
{
  GApplication *app;
  GMainLoop *loop;
  gint64 opened;
  gint64 embassy_id;
  GHashTable *ids; /* title -> article id, for every article notified */
} Ctx;

static void
on_alert (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, Ctx *ctx)
{
  if (g_str_equal (article->title, EMBASSY))
    ctx->embassy_id = article->id;
  g_hash_table_insert (ctx->ids, g_strdup (article->title),
                       g_memdup2 (&article->id, sizeof (gint64)));
  vigil_notifier_send (ctx->app, article, matches);
}

static void
on_finished (VigilMonitor *m, Ctx *ctx)
{
  g_main_loop_quit (ctx->loop);
}

static void
open_article (GSimpleAction *action, GVariant *param, gpointer data)
{
  Ctx *ctx = data;
  ctx->opened = g_variant_get_int64 (param);
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

/* Notify calls so far, as (summary, body, actions, hints) tuples. */
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

static char *
arg_string (GVariant *args, guint i)
{
  g_autoptr (GVariant) boxed = g_variant_get_child_value (args, i);
  g_autoptr (GVariant) v = g_variant_get_variant (boxed);
  return g_variant_dup_string (v, NULL);
}

static void
test_alert_notification (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-notify-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (VigilMonitor) monitor = vigil_monitor_new (store, &error);
  g_autoptr (GApplication) app = g_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_autoptr (GSimpleAction) action = g_simple_action_new ("open-article", G_VARIANT_TYPE_INT64);
  g_autoptr (GPtrArray) calls = NULL;
  g_autoptr (GPtrArray) again = NULL;
  Ctx ctx = { app, g_main_loop_new (NULL, FALSE), 0, 0,
              g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  g_autofree char *last_summary = NULL;
  int embassy_index = -1, embassy_count = 0;

  g_assert_no_error (error);
  g_signal_connect (action, "activate", G_CALLBACK (open_article), &ctx);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (vigil_monitor_seed (monitor, FALSE, &error));
  g_signal_connect (monitor, "alert", G_CALLBACK (on_alert), &ctx);
  g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_finished), &ctx);
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (ctx.loop);
  g_assert_cmpint (ctx.embassy_id, >, 0);

  /* GLib sends asynchronously: wait until the daemon has seen the calls. */
  for (int i = 0; i < 100; i++)
    {
      g_clear_pointer (&calls, g_ptr_array_unref);
      calls = notify_calls ();
      if (calls->len >= 4)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_cmpuint (calls->len, >=, 4);

  for (guint i = 0, next_id = 1; i < calls->len; i++)
    {
      GVariant *args = g_ptr_array_index (calls, i);
      g_autofree char *summary = arg_string (args, 3);
      g_autoptr (GVariant) replaces_box = g_variant_get_child_value (args, 1);
      g_autoptr (GVariant) replaces = g_variant_get_variant (replaces_box);
      /* The daemon numbers new notifications from 1; a replacement keeps its id. */
      guint id = g_variant_get_uint32 (replaces) ? g_variant_get_uint32 (replaces) : next_id++;
      g_autofree char *body = NULL;
      g_autoptr (GVariant) actions_box = NULL;
      g_autoptr (GVariant) actions = NULL;
      g_autoptr (GVariant) hints_box = NULL;
      g_autoptr (GVariant) hints = NULL;
      g_autoptr (GVariant) urgency = NULL;
      g_autofree const char **strv = NULL;

      /* The story's notification may be replaced by a later report of it
       * (the feeds are fetched in parallel): clicking opens the latest one. */
      if (embassy_index > 0 && id == (guint) embassy_index)
        g_free (last_summary), last_summary = g_strdup (summary);
      if (!g_str_equal (summary, EMBASSY))
        continue;
      embassy_index = id;
      g_free (last_summary), last_summary = g_strdup (summary);
      embassy_count++;
      body = arg_string (args, 4);
      g_test_message ("body: %s", body);
      g_assert_nonnull (strstr (body, "Drawdown or evacuation"));
      g_assert_nonnull (strstr (body, "Indirect fire"));
      g_assert_nonnull (strstr (body, "Iraq Security Desk (demo)"));
      g_assert_nonnull (strstr (body, "Critical risk"));
      g_assert_nonnull (strstr (body, "Matched: drawdown, draws down"));
      g_assert_nonnull (strstr (body, "rocket"));

      actions_box = g_variant_get_child_value (args, 5);
      actions = g_variant_get_variant (actions_box);
      strv = g_variant_get_strv (actions, NULL);
      g_assert_true (g_strv_contains (strv, "default"));
      g_assert_true (g_strv_contains (strv, "Open"));
      g_assert_true (g_strv_contains (strv, "Mark Read"));

      hints_box = g_variant_get_child_value (args, 6);
      hints = g_variant_get_variant (hints_box);
      urgency = g_variant_lookup_value (hints, "urgency", G_VARIANT_TYPE_BYTE);
      g_assert_nonnull (urgency);
      g_assert_cmpint (g_variant_get_byte (urgency), ==, 2); /* critical rule: urgent */
    }
  g_assert_cmpint (embassy_count, ==, 1);

  /* Refreshing again raises nothing new. */
  vigil_monitor_refresh_all (monitor);
  g_main_loop_run (ctx.loop);
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (200000);
  again = notify_calls ();
  g_assert_cmpuint (again->len, ==, calls->len);

  /* Clicking the notification. */
  {
    g_autoptr (GVariant) r = mock_call (
        "EmitSignal",
        g_variant_new (
            "(sss@av)", "org.freedesktop.Notifications", "ActionInvoked", "us",
            g_variant_new_array (
                G_VARIANT_TYPE_VARIANT,
                (GVariant *[]){ g_variant_new_variant (g_variant_new_uint32 (embassy_index)),
                                g_variant_new_variant (g_variant_new_string ("default")) },
                2)));
  }
  for (int i = 0; i < 200 && ctx.opened == 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_test_message ("story notification last showed: %s", last_summary);
  g_assert_nonnull (g_hash_table_lookup (ctx.ids, last_summary));
  g_assert_cmpint (ctx.opened, ==, *(gint64 *) g_hash_table_lookup (ctx.ids, last_summary));
  g_main_loop_unref (ctx.loop);
  g_hash_table_unref (ctx.ids);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notify/alert-notification", test_alert_notification);
  return g_test_run ();
}
