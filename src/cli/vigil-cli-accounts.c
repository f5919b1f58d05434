/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli-accounts.c — vigil-cli account, sync, import-opml and export-opml: subscriptions and
 * sync accounts */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <unistd.h>

#include "vigil-cli-private.h"
#include "vigil-keyring.h"
#include "vigil-monitor-private.h"
#include "vigil-monitor.h"
#include "vigil-sync.h"

int
cmd_opml (int argc, char **argv, gboolean import)
{
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;

  if (import ? argc != 3 && argc != 5 : argc != 2 && argc != 4)
    return usage ();
  monitor = open_monitor (argc, argv, import ? 3 : 2, &store);
  if (monitor == NULL)
    return 1;
  if (import)
    {
      guint n = import_opml (monitor, argv[2]);
      if (n == 0)
        return 1;
      g_print (ngettext ("%u source listed; %u in the store now\n",
                         "%u sources listed; %u in the store now\n", n),
               n, (guint) vigil_store_count_sources (store));
    }
  else
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *opml = vigil_monitor_export_opml (monitor, &error);
      if (opml == NULL)
        return fail (error);
      g_print ("%s", opml);
    }
  return 0;
}

/* ---- sync accounts ---- */

/* Keeps the password in the desktop keyring; FALSE (and why) when there is none. */
static gboolean
keyring_store (const char *name, const char *server, const char *user, const char *password,
               GError **error)
{
  return vigil_keyring_store (name, server, user, password, NULL, error);
}

char *
keyring_lookup (const char *server, const char *user)
{
  return vigil_keyring_lookup (server, user, NULL, NULL);
}

/* The account's password: VIGIL_SYNC_PASSWORD, else the desktop keyring
 * (when server and user are given), else the first line of stdin. Never in
 * the database. */
static char *
read_password (const char *server, const char *user)
{
  const char *env = g_getenv ("VIGIL_SYNC_PASSWORD");
  g_autoptr (GInputStream) in = NULL;
  g_autoptr (GDataInputStream) data = NULL;
  char *line;

  if (env != NULL)
    return g_strdup (env);
  if (server != NULL && user != NULL && (line = keyring_lookup (server, user)) != NULL)
    return line;
  if (isatty (0))
    g_printerr ("%s", _ ("Password: "));
  in = g_unix_input_stream_new (0, FALSE);
  data = g_data_input_stream_new (in);
  line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL);
  if (line != NULL)
    g_strchomp (line);
  return line;
}

int
cmd_account (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  const char *name = NULL, *server = NULL, *user = NULL;
  gboolean add;

  if (argc < 3 || (g_strcmp0 (argv[2], "add") != 0 && g_strcmp0 (argv[2], "list") != 0))
    return usage ();
  add = g_str_equal (argv[2], "add");
  for (int i = 3; i < argc; i++)
    {
      if (i + 1 >= argc)
        return usage ();
      if (add && g_strcmp0 (argv[i], "--name") == 0)
        name = argv[++i];
      else if (add && g_strcmp0 (argv[i], "--server") == 0)
        server = argv[++i];
      else if (add && g_strcmp0 (argv[i], "--user") == 0)
        user = argv[++i];
      else if (g_strcmp0 (argv[i], "--db") == 0)
        i++;
      else
        return usage ();
    }
  if (add && (name == NULL || server == NULL || user == NULL))
    return usage ();
  store = open_store (argc, argv, 3, &error);
  if (store == NULL)
    return fail (error);
  if (add)
    {
      g_autoptr (VigilSync) sync = vigil_sync_new (store);
      g_autofree char *password = read_password (NULL, NULL);
      g_autoptr (GError) keyring_error = NULL;
      gint64 id;

      if (password == NULL || *password == '\0')
        {
          g_printerr ("vigil-cli: %s\n", _ ("no password given (VIGIL_SYNC_PASSWORD or stdin)"));
          return 1;
        }
      /* Checked with the server before it is added. */
      id = vigil_sync_add_account (sync, name, server, user, password, NULL, &error);
      if (id == 0)
        {
          memset (password, 0, strlen (password));
          return fail (error);
        }
      {
        g_autoptr (VigilAccount) account = vigil_store_get_account (store, id, NULL);
        /* The address the server answered at, as the sync will look it up. */
        if (keyring_store (name, account->server_url, user, password, &keyring_error))
          /* TRANSLATORS: %s is an account name */
          g_print (_ ("Account “%s” added; its password is in the desktop keyring\n"), name);
        else
          {
            g_print (_ ("Account “%s” added\n"), name);
            g_printerr (_ ("vigil-cli: the password could not be kept in a desktop keyring (%s); "
                           "give it with VIGIL_SYNC_PASSWORD or on standard input at each sync\n"),
                        keyring_error->message);
          }
      }
      memset (password, 0, strlen (password));
      return 0;
    }
  {
    g_autoptr (GPtrArray) accounts = vigil_store_list_accounts (store, &error);
    for (guint i = 0; accounts && i < accounts->len; i++)
      {
        VigilAccount *a = g_ptr_array_index (accounts, i);
        g_autoptr (GDateTime) when
            = a->last_sync ? g_date_time_new_from_unix_utc (a->last_sync) : NULL;
        g_autofree char *time = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%SZ") : NULL;
        g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", a->name, a->kind, a->server_url ? a->server_url : "",
                 a->user ? a->user : "", time ? time : _ ("never synced"),
                 a->last_error ? a->last_error : "");
      }
    if (accounts == NULL)
      return fail (error);
  }
  return 0;
}

int
cmd_sync (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (VigilMonitor) monitor = NULL;
  g_autoptr (VigilSync) sync = NULL;
  g_autoptr (VigilAccount) account = NULL;
  g_autofree char *password = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  VigilSyncStats stats = { 0 };
  const char *name = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--account") == 0 && i + 1 < argc)
        name = argv[++i];
      else if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
        i++;
      else
        return usage ();
    }
  if (name == NULL)
    return usage ();
  store = open_store (argc, argv, 2, &error);
  if (store != NULL)
    account = vigil_store_find_account (store, name, &error);
  if (account != NULL)
    monitor = vigil_monitor_new (store, &error);
  if (monitor == NULL)
    return fail (error);
  if (account->id == VIGIL_ACCOUNT_LOCAL)
    {
      g_printerr ("vigil-cli: %s\n",
                  _ ("the Local account is not synced: “vigil-cli watch --once” refreshes it"));
      return 1;
    }
  password = read_password (account->server_url, account->user);
  if (password == NULL || *password == '\0')
    {
      g_printerr ("vigil-cli: %s\n",
                  _ ("no password given (VIGIL_SYNC_PASSWORD, the desktop keyring or stdin)"));
      return 1;
    }
  sync = vigil_sync_new (store);
  vigil_sync_set_password (sync, account->id, password);
  memset (password, 0, strlen (password));
  vigil_monitor_attach_sync (monitor, sync);
  watch_print_alerts (monitor);
  vigil_sync_run_async (sync, account->id, NULL, keep_result, &result);
  wait_for_result (&result);
  /* Alerts of the last page, delivered after the sync's own answer. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (!vigil_sync_run_finish (sync, result, &stats, &error))
    {
      g_printerr ("vigil-cli: %s: %s\n", name, error->message);
      return 1;
    }
  g_printerr (_ ("vigil-cli: %s: %u new articles (%u items in %u pages, %u requests); "
                 "%u changes sent, %u queued%s\n"),
              name, stats.new_articles, stats.items, stats.pages, stats.requests,
              stats.actions_sent, stats.actions_left,
              stats.more ? _ ("; older items follow at the next sync") : "");
  return 0;
}
