/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a fuzz target over files without libFuzzer: the seed corpora and the
 * inputs of past findings become a regression test of the ordinary suite. */
#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
main (int argc, char *argv[])
{
  guint runs = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;
      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *data = NULL;
          gsize len = 0;
          if (!g_file_get_contents (path, &data, &len, NULL))
            continue;
          LLVMFuzzerTestOneInput ((const guint8 *) data, len);
          runs++;
        }
    }
  g_print ("%u inputs\n", runs);
  return runs > 0 ? 0 : 1;
}
