/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helper for the crash test: ingests batches of 50 articles into a store for
 * ever and prints "committed N" after each transaction, until it is killed. */
#include <stdio.h>

#include "vigil-store.h"

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  gint64 source;
  guint total = 0;

  if (argc != 2)
    return 2;
  store = vigil_store_new (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  source = vigil_store_add_source (store, "https://crash.example.test/feed", "Crash", NULL, NULL,
                                   &error);
  for (guint batch = 0;; batch++)
    {
      g_autoptr (GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (GPtrArray) added = NULL;
      for (guint i = 0; i < 50; i++)
        {
          VigilArticle *a = vigil_article_new ();
          a->guid = g_strdup_printf ("%u-%u", batch, i);
          a->title = g_strdup_printf ("Article %u of batch %u", i, batch);
          a->summary = g_strdup ("<p>Some text about a rocket attack near the airport, repeated. "
                                 "Some text about a rocket attack near the airport.</p>");
          g_ptr_array_add (articles, a);
        }
      if (!vigil_store_ingest (store, source, articles, &added, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      total += added->len;
      printf ("committed %u\n", total);
      fflush (stdout);
    }
}
