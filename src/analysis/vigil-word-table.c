/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-word-table.c */
#include <string.h>

#include "vigil-word-table.h"

void
vigil_word_table_init (VigilWordTable *table)
{
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
  g_free (table->slots);
  vigil_word_table_init (table);
}

static void
place (VigilWordSlot *slots, guint mask, const VigilWordSlot *entry)
{
  guint i = entry->hash & mask;

  while (slots[i].key != NULL)
    i = (i + 1) & mask;
  slots[i] = *entry;
}

gpointer
vigil_word_table_insert (VigilWordTable *table, guint32 hash, const char *key, gpointer value)
{
  VigilWordSlot entry = { hash, key, value };

  if (table->slots != NULL)
    for (guint i = hash & table->mask; table->slots[i].key != NULL; i = (i + 1) & table->mask)
      if (table->slots[i].hash == hash && strcmp (table->slots[i].key, key) == 0)
        {
          gpointer old = table->slots[i].value;
          table->slots[i].value = value;
          return old;
        }
  /* At most half full, so that misses (most tokens) end after a slot or two. */
  if (table->slots == NULL || (table->size + 1) * 2 > table->mask + 1)
    {
      guint capacity = table->slots ? (table->mask + 1) * 2 : 8;
      VigilWordSlot *slots = g_new0 (VigilWordSlot, capacity);
      for (guint i = 0; table->slots && i <= table->mask; i++)
        if (table->slots[i].key != NULL)
          place (slots, capacity - 1, &table->slots[i]);
      g_free (table->slots);
      table->slots = slots;
      table->mask = capacity - 1;
    }
  place (table->slots, table->mask, &entry);
  table->size++;
  return NULL;
}
