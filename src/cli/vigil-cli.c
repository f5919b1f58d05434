/* vigil-cli.c: Vigil's engine from the command line.
 *
 *   vigil-cli parse FILE|-         the feed, normalised, as JSON
 *   vigil-cli tag [--html] FILE|-  entities and risk terms, as JSON
 */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "vigil-analyzer.h"
#include "vigil-feed-parser.h"
#include "vigil-html.h"

static gboolean
read_input (const char *path, char **out, gsize *len, GError **error)
{
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
  return g_file_get_contents (path, out, len, error);
}

static int
usage (void)
{
  g_printerr ("%s\n", _ ("Usage: vigil-cli parse FILE|-\n       vigil-cli tag [--html] FILE|-"));
  return 2;
}

static int
cmd_parse (int argc, char **argv)
{
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilParsedFeed) feed = NULL;
  gsize len = 0;

  if (argc != 3)
    return usage ();
  if (!read_input (argv[2], &data, &len, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (g_strcmp0 (argv[2], "-") != 0)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (argv[2]);
      base = g_file_get_uri (file);
    }
  feed = vigil_feed_parse (data, len, base, NULL, &error);
  if (feed == NULL)
    {
      g_printerr ("vigil-cli: %s: %s\n", argv[2], error->message);
      return 1;
    }
  json = vigil_parsed_feed_to_json (feed, TRUE);
  g_print ("%s\n", json);
  return 0;
}

static int
cmd_tag (int argc, char **argv)
{
  gboolean html = FALSE;
  const char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilGazetteer) gazetteer = NULL;
  g_autoptr (VigilAnalysis) analysis = NULL;
  gsize len = 0;

  for (int i = 2; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--html") == 0)
        html = TRUE;
      else if (path == NULL)
        path = argv[i];
      else
        return usage ();
    }
  if (path == NULL)
    return usage ();
  if (!read_input (path, &data, &len, &error))
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_printerr ("vigil-cli: %s: %s\n", path, _ ("the input is not UTF-8 text"));
      return 1;
    }
  gazetteer = vigil_gazetteer_new_default (&error);
  if (gazetteer == NULL)
    {
      g_printerr ("vigil-cli: %s\n", error->message);
      return 1;
    }
  text = html ? vigil_html_to_text (data) : g_strdup (data);
  analysis = vigil_analyze (gazetteer, text, 0);
  json = vigil_analysis_to_json (analysis, TRUE);
  g_print ("%s\n", json);
  return 0;
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
  if (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
    {
      usage ();
      return 0;
    }
  g_printerr ("vigil-cli: %s “%s”\n", _ ("unknown command"), argv[1]);
  return usage ();
}
