/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-word-table.c */
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
