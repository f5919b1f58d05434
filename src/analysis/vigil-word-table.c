/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-word-table.c */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vigil-word-table.h"

void
vigil_word_table_init (VigilWordTable *table)
{
  table->hashes = NULL;
  table->slots = NULL;
  table->mask = 0;
  table->size = 0;
}

void
vigil_word_table_clear (VigilWordTable *table, GDestroyNotify free_key, GDestroyNotify free_value)
{
  for (guint i = 0; table->slots && i <= table->mask; i++)
    if (table->slots[i].key != NULL)
      {
        if (free_key)
          free_key ((gpointer) table->slots[i].key);
        if (free_value)
          free_value (table->slots[i].value);
      }
  g_free (table->slots); /* the hashes are in the same block */
  vigil_word_table_init (table);
}

/* Empty arrays of capacity slots (a power of two), slots and hashes in one
 * block: one allocation a table, which most tables of an analysis need once. */
static void
allocate (VigilWordTable *table, guint capacity)
{
  table->slots = g_malloc0 ((gsize) capacity * (sizeof (VigilWordSlot) + sizeof (guint32)));
  table->hashes = (guint32 *) (gpointer) (table->slots + capacity);
  table->mask = capacity - 1;
}

void
vigil_word_table_init_sized (VigilWordTable *table, guint n)
{
  guint capacity = 8;

  vigil_word_table_init (table);
  while (capacity < 2 * n)
    capacity *= 2;
  allocate (table, capacity);
}

/* Puts an entry in the first empty slot from its hash's (stored: the hashes
 * array's form of it). */
static void
place (VigilWordTable *table, guint32 stored, const VigilWordSlot *entry)
{
  guint i = stored & table->mask;

  while (table->hashes[i] != 0)
    i = (i + 1) & table->mask;
  table->hashes[i] = stored;
  table->slots[i] = *entry;
}

gpointer
vigil_word_table_insert (VigilWordTable *table, guint32 hash, const char *key, gpointer value)
{
  VigilWordSlot entry = { key, value };
  guint32 stored = vigil_word_table_slot_hash (hash);

  if (table->slots != NULL)
    for (guint i = stored & table->mask; table->hashes[i] != 0; i = (i + 1) & table->mask)
      if (table->hashes[i] == stored && strcmp (table->slots[i].key, key) == 0)
        {
          gpointer old = table->slots[i].value;
          table->slots[i].value = value;
          return old;
        }
  /* At most half full, so that misses (most tokens) end after a slot or two. */
  if (table->slots == NULL || (table->size + 1) * 2 > table->mask + 1)
    {
      VigilWordTable old = *table;
      guint capacity = old.slots ? (old.mask + 1) * 2 : 8;

      allocate (table, capacity);
      for (guint i = 0; old.slots && i <= old.mask; i++)
        if (old.hashes[i] != 0)
          place (table, old.hashes[i], &old.slots[i]);
      g_free (old.slots);
    }
  place (table, stored, &entry);
  table->size++;
  return NULL;
}

static void
add_classes (VigilWordTable *table, const VigilWordClass *classes, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes
      = g_resources_lookup_data (RESOURCE_BASE "analysis/word-classes.txt", 0, &error);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint bits = 0;

  if (bytes == NULL)
    {
      g_critical ("The analysis's word classes cannot be read: %s", error->message);
      return;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_auto (GStrv) words = NULL;

      if (line[0] == '#' || line[0] == '\0')
        continue;
      if (line[0] == '[')
        {
          /* A class opens: its words get its bits, or none when it is not asked for. */
          char *close = strchr (line, ']');
          bits = 0;
          if (close != NULL)
            *close = '\0';
          for (guint c = 0; c < n; c++)
            if (g_str_equal (line + 1, classes[c].name))
              bits = classes[c].bits;
          continue;
        }
      if (bits == 0)
        continue;
      words = g_strsplit_set (line, " \t", -1);
      for (guint w = 0; words[w]; w++)
        {
          const char *word;
          guint32 h;
          if (words[w][0] == '\0')
            continue;
          word = g_intern_string (words[w]);
          h = vigil_word_hash (word, -1);
          vigil_word_table_insert (
              table, h, word,
              GUINT_TO_POINTER (GPOINTER_TO_UINT (vigil_word_table_lookup (table, h, word))
                                | bits));
        }
    }
}

const VigilWordTable *
vigil_word_classes_table (VigilWordTable **table, const VigilWordClass *classes, guint n)
{
  if (g_once_init_enter (table))
    {
      VigilWordTable *t = g_new (VigilWordTable, 1);
      vigil_word_table_init (t);
      add_classes (t, classes, n);
      g_once_init_leave (table, t);
    }
  return *table;
}
