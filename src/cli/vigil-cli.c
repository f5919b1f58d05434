/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cli.c: Vigil's engine from the command line.
 *
 *   vigil-cli parse FILE|URL|-          the feed, normalised, as JSON
 *   vigil-cli tag [--html] FILE|-       entities and risk terms, as JSON
 *   vigil-cli render [--html] FILE|-    the article page the view shows, as HTML
 *   vigil-cli discover FILE|URL         the feeds a web page names, as JSON
 *   vigil-cli match QUERY FILE|-        whether an alert query matches a text, and where
 *   vigil-cli stories FILE...           articles (title line, optional Date: line, body;
 *                                       or each item of a feed file) grouped into
 *                                       stories, as JSON
 *   vigil-cli dry-run QUERY [--days N] [--db DB]  stored articles a query matches
 *   vigil-cli watch [--opml FILE] [--db DB] [--interval SECONDS] [--once]
 *                                       headless monitoring: alerts as JSON lines
 *   vigil-cli import-opml FILE [--db DB]  subscribe to an OPML list
 *   vigil-cli account add --name NAME --server URL --user USER [--db DB]
 *                                       a Google Reader API account (password from
 *                                       VIGIL_SYNC_PASSWORD or the first line of stdin)
 *   vigil-cli account list [--db DB]      the accounts, their last sync and error
 *   vigil-cli sync --account NAME [--db DB]  one sync of the account, headless
 *   vigil-cli export-opml [--db DB]       the subscriptions as OPML
 *   vigil-cli train-ner [--epochs N] [--runs N] [--seed S] [--bits B] [--no-gazetteer]
 *                       [--dev FILE]... -o MODEL FILE.conll...  train the name tagger (deterministic)
 *   vigil-cli eval-ner [--no-gazetteer|--analysis] MODEL|none FILE.conll|NAME.txt...  token
 * and entity precision, recall, F1 of the tagger on CoNLL files (--analysis: of the whole
 * analysis, lists and rules too); the whole analysis on NAME.txt against NAME.gold.json
 * (bag of names; "none": without the tagger)
 *
 * This file holds the dispatch, the usage and what the commands share (input,
 * JSON output, the store); the commands live in vigil-cli-feeds.c,
 * vigil-cli-stories.c, vigil-cli-alerts.c, vigil-cli-ner.c and vigil-cli-accounts.c.
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <locale.h>

#include "vigil-cli-private.h"
#include "vigil-fetcher.h"
#include "vigil-json.h"

static gboolean
is_web_address (const char *arg)
{
  return g_str_has_prefix (arg, "http://") || g_str_has_prefix (arg, "https://");
}

void
keep_result (GObject *object, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

void
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Downloads a web address with the same fetcher the application uses. */
static VigilFetchResult *
fetch_url (const char *url, GError **error)
{
  g_autoptr (VigilFetcher) fetcher = vigil_fetcher_new ();
  g_autoptr (GAsyncResult) result = NULL;

  vigil_fetcher_fetch_async (fetcher, url, NULL, NULL, NULL, keep_result, &result);
  wait_for_result (&result);
  return vigil_fetcher_fetch_finish (fetcher, result, error);
}

/* Reads FILE, URL or - (standard input). out_base (optional) receives the address
 * relative links are resolved against, out_charset (optional) the HTTP charset. */
gboolean
read_input (const char *path, char **out, gsize *len, char **out_base, char **out_charset,
            GError **error)
{
  if (out_base)
    *out_base = NULL;
  if (out_charset)
    *out_charset = NULL;
  if (is_web_address (path))
    {
      g_autoptr (VigilFetchResult) r = fetch_url (path, error);
      if (r == NULL)
        return FALSE;
      *out = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
      *len = g_bytes_get_size (r->body);
      if (out_base)
        *out_base = g_strdup (vigil_fetch_result_get_base (r, path));
      if (out_charset)
        *out_charset = g_strdup (r->charset);
      return TRUE;
    }
  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr (GOutputStream) mem = g_memory_output_stream_new_resizable ();
      if (g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
        return FALSE;
      *len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem));
      *out = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (mem));
      if (*out == NULL)
        *out = g_strdup ("");
      return TRUE;
    }
  if (!g_file_get_contents (path, out, len, error))
    return FALSE;
  if (out_base)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
      *out_base = g_file_get_uri (file);
    }
  return TRUE;
}

/* One JSON value on stdout: pretty for people, one line for pipes (watch). */
void
print_json (JsonBuilder *b, gboolean pretty)
{
  g_autofree char *json = vigil_json_to_data (b, pretty);

  g_print ("%s\n", json);
  fflush (stdout);
}

VigilStore *
open_store (int argc, char **argv, int first_option, GError **error)
{
  g_autofree char *path = NULL;

  for (int i = first_option; i < argc; i++)
    if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
      path = g_strdup (argv[i + 1]);
  if (path == NULL)
    path = vigil_store_default_path ();
  return vigil_store_new (path, error);
}

VigilMonitor *
open_monitor (int argc, char **argv, int first_option, VigilStore **out_store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = open_store (argc, argv, first_option, &error);
  VigilMonitor *monitor = store != NULL ? vigil_monitor_new (store, &error) : NULL;

  if (monitor == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return NULL;
    }
  *out_store = g_steal_pointer (&store);
  return monitor;
}

guint
import_opml (VigilMonitor *monitor, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  guint n = 0;
  g_auto (GStrv) refused = NULL;

  if (read_input (path, &data, &len, NULL, NULL, &error))
    n = vigil_monitor_import_opml (monitor, data, len, &refused, &error);
  for (guint i = 0; refused != NULL && refused[i] != NULL; i++)
    /* TRANSLATORS: %s names an outline of a subscription list and why it was left out */
    g_printerr (_ ("vigil-cli: not imported: %s\n"), refused[i]);
  if (n == 0)
    g_printerr ("vigil-cli: %s: %s\n", path, error ? error->message : _ ("no sources listed"));
  return n;
}

int
fail (const GError *error)
{
  g_printerr ("vigil-cli: %s\n", error->message);
  return 1;
}

int
usage (void)
{
  g_printerr (
      "%s\n",
      _ ("Usage: vigil-cli parse FILE|URL|-\n"
         "       vigil-cli tag [--html] FILE|-\n"
         "       vigil-cli render [--html] FILE|-\n"
         "       vigil-cli discover FILE|URL\n"
         "       vigil-cli match QUERY FILE|-\n"
         "       vigil-cli stories FILE...\n"
         "       vigil-cli dry-run QUERY [--days N] [--db DATABASE]\n"
         "       vigil-cli watch [--opml FILE] [--db DATABASE] [--interval SECONDS] [--once]\n"
         "       vigil-cli import-opml FILE [--db DATABASE]\n"
         "       vigil-cli export-opml [--db DATABASE]\n"
         "       vigil-cli account add --name NAME --server URL --user USER [--db DATABASE]\n"
         "       vigil-cli account list [--db DATABASE]\n"
         "       vigil-cli sync --account NAME [--db DATABASE]\n"
         "       vigil-cli train-ner [--epochs N] [--runs N] [--seed S] [--bits B] [--no-gazetteer]\n"
         "                           [--dev FILE.conll]... -o MODEL FILE.conll...\n"
         "       vigil-cli eval-ner [--no-gazetteer|--analysis] MODEL|none FILE.conll|NAME.txt..."));
  return 2;
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage ();
  if (g_strcmp0 (argv[1], "parse") == 0)
    return cmd_parse (argc, argv);
  if (g_strcmp0 (argv[1], "tag") == 0)
    return cmd_tag (argc, argv);
  if (g_strcmp0 (argv[1], "render") == 0)
    return cmd_render (argc, argv);
  if (g_strcmp0 (argv[1], "discover") == 0)
    return cmd_discover (argc, argv);
  if (g_strcmp0 (argv[1], "match") == 0)
    return cmd_match (argc, argv);
  if (g_strcmp0 (argv[1], "stories") == 0)
    return cmd_stories (argc, argv);
  if (g_strcmp0 (argv[1], "watch") == 0)
    return cmd_watch (argc, argv);
  if (g_strcmp0 (argv[1], "dry-run") == 0)
    return cmd_dry_run (argc, argv);
  if (g_strcmp0 (argv[1], "import-opml") == 0)
    return cmd_opml (argc, argv, TRUE);
  if (g_strcmp0 (argv[1], "export-opml") == 0)
    return cmd_opml (argc, argv, FALSE);
  if (g_strcmp0 (argv[1], "account") == 0)
    return cmd_account (argc, argv);
  if (g_strcmp0 (argv[1], "sync") == 0)
    return cmd_sync (argc, argv);
  if (g_strcmp0 (argv[1], "train-ner") == 0)
    return cmd_train_ner (argc, argv);
  if (g_strcmp0 (argv[1], "eval-ner") == 0)
    return cmd_eval_ner (argc, argv);
  if (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
    {
      usage ();
      return 0;
    }
  g_printerr ("vigil-cli: %s “%s”\n", _ ("unknown command"), argv[1]);
  return usage ();
}
