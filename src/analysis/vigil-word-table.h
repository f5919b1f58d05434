/* vigil-word-table.h: a table from folded words to values, for the lookups
 * tagging makes for every token (the gazetteer's trie, the word classes).
 *
 * Open addressing over a power-of-two array; each slot keeps the word's hash, so
 * a lookup with the hash the tokenizer already computed compares strings only
 * when the hashes agree. Keys are not copied: the caller keeps them alive.
 */
#pragma once

#include <glib.h>
#include <string.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 hash;
  const char *key; /* NULL: empty slot */
  gpointer value;
} VigilWordSlot;

typedef struct
{
  VigilWordSlot *slots;
  guint mask; /* capacity - 1 */
  guint size;
} VigilWordTable;

/* A hash of len bytes (up to the NUL when len < 0), eight bytes a step: most
 * words fit in one. */
static inline guint32
vigil_word_hash (const char *word, gssize len)
{
  const guchar *p = (const guchar *) word;
  gsize n = len < 0 ? strlen (word) : (gsize) len;
  guint64 h = n * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  for (;;)
    {
      guint64 w = 0;
      gsize take = MIN (n, 8);
      for (gsize i = 0; i < take; i++)
        w |= (guint64) p[i] << (8 * i);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
      h ^= h >> 32;
      if (n <= 8)
        return (guint32) h;
      p += 8;
      n -= 8;
    }
}

void vigil_word_table_init (VigilWordTable *table);
/* Calls free_key and free_value (either may be NULL) on every entry. */
void vigil_word_table_clear (VigilWordTable *table, GDestroyNotify free_key,
                             GDestroyNotify free_value);
/* Adds or replaces; returns the value replaced, if any. */
gpointer vigil_word_table_insert (VigilWordTable *table, guint32 hash, const char *key,
                                  gpointer value);

static inline gpointer
vigil_word_table_lookup (const VigilWordTable *table, guint32 hash, const char *key)
{
  if (table->slots == NULL)
    return NULL;
  for (guint i = hash & table->mask;; i = (i + 1) & table->mask)
    {
      const VigilWordSlot *slot = &table->slots[i];
      if (slot->key == NULL)
        return NULL;
      if (slot->hash == hash && strcmp (slot->key, key) == 0)
        return slot->value;
    }
}

G_END_DECLS
