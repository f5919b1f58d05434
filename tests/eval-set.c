/* SPDX-License-Identifier: GPL-3.0-or-later */
/* eval-set.c */
#include "eval-set.h"

#include <string.h>

const char *const eval_types[EVAL_N_TYPES] = { "person", "organization", "location", "risk" };

static void
doc_free (EvalDoc *d)
{
  g_free (d->id);
  g_string_free (d->text, TRUE);
  g_hash_table_unref (d->gold);
  g_free (d);
}

GPtrArray *
eval_set_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) doc_free);
  EvalDoc *cur = NULL;

  if (!g_file_get_contents (path, &data, NULL, error))
    return NULL;
  lines = g_strsplit (data, "\n", -1);
  for (int i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      if (l[0] == '#' || l[0] == '\0')
        continue;
      if (g_str_has_prefix (l, "=== "))
        {
          g_auto (GStrv) head = g_strsplit (l + 4, " | ", 2);
          cur = g_new0 (EvalDoc, 1);
          cur->id = g_strdup (head[0]);
          cur->calm = head[1] && g_str_equal (g_strstrip (head[1]), "calm");
          cur->text = g_string_new (NULL);
          cur->gold = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_ptr_array_add (docs, cur);
        }
      else if (cur == NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: text before any “=== ”",
                       path, i + 1);
          return NULL;
        }
      else if (g_str_has_prefix (l, "@ "))
        g_hash_table_add (cur->gold, g_strdup (l + 2));
      else
        {
          if (cur->text->len)
            g_string_append_c (cur->text, '\n');
          g_string_append (cur->text, l);
        }
    }
  return g_steal_pointer (&docs);
}

static int
type_of (const char *key)
{
  for (int t = 0; t < EVAL_N_TYPES; t++)
    if (g_str_has_prefix (key, eval_types[t]) && key[strlen (eval_types[t])] == '\t')
      return t;
  return -1;
}

void
eval_doc_count (EvalDoc *doc, VigilAnalysis *a, guint tp[EVAL_N_TYPES], guint fp[EVAL_N_TYPES],
                guint fn[EVAL_N_TYPES], gboolean verbose)
{
  g_autoptr (GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < a->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      g_hash_table_add (found,
                        g_strdup_printf ("%s\t%s", vigil_entity_type_to_string (e->type), e->text));
    }
  for (guint i = 0; i < a->risks->len; i++)
    g_hash_table_add (found,
                      g_strdup_printf ("risk\t%s", g_array_index (a->risks, VigilRisk, i).text));

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int t = type_of (key);
      if (t < 0)
        continue;
      if (g_hash_table_contains (doc->gold, key))
        tp[t]++;
      else
        {
          fp[t]++;
          if (verbose)
            g_test_message ("%s: false positive %s", doc->id, (const char *) key);
        }
    }
  g_hash_table_iter_init (&iter, doc->gold);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int t = type_of (key);
      if (t < 0 || g_hash_table_contains (found, key))
        continue;
      fn[t]++;
      if (verbose)
        g_test_message ("%s: missed %s", doc->id, (const char *) key);
    }
}
