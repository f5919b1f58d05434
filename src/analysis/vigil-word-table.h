/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* FNV-1a, a byte at a time (the tokenizer runs the same steps while it
 * lower-cases a word, so the hash costs no second pass). */
#define VIGIL_WORD_HASH_INIT 2166136261u
#define VIGIL_WORD_HASH_STEP(h, byte) (((h) ^ (guchar) (byte)) * 16777619u)

/* The hash of len bytes (up to the NUL when len < 0). */
static inline guint32
vigil_word_hash (const char *word, gssize len)
{
  guint32 h = VIGIL_WORD_HASH_INIT;

  if (len < 0)
    for (const char *p = word; *p; p++)
      h = VIGIL_WORD_HASH_STEP (h, *p);
  else
    for (gssize i = 0; i < len; i++)
      h = VIGIL_WORD_HASH_STEP (h, word[i]);
  return h;
}

void vigil_word_table_init (VigilWordTable *table);
/* Calls free_key and free_value (either may be NULL) on every entry. */
void vigil_word_table_clear (VigilWordTable *table, GDestroyNotify free_key,
                             GDestroyNotify free_value);
/* Adds or replaces; returns the value replaced, if any. */
gpointer vigil_word_table_insert (VigilWordTable *table, guint32 hash, const char *key,
                                  gpointer value);

/* Whether two words are the same: words are short, and a loop here costs
 * less than a call to strcmp() for each lookup that finds its hash. */
static inline gboolean
vigil_word_equal (const char *a, const char *b)
{
  while (*a != '\0' && *a == *b)
    a++, b++;
  return *a == *b;
}

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
      if (slot->hash == hash && vigil_word_equal (slot->key, key))
        return slot->value;
    }
}

G_END_DECLS
