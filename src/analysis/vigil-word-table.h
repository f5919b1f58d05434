/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-word-table.h: a table from folded words to values, for the lookups
 * tagging makes for every token (the gazetteer's trie, the word classes).
 *
 * Open addressing over a power-of-two array. The words' hashes are kept apart
 * from the keys and values, four bytes a slot: a lookup with the hash the
 * tokenizer already computed probes that dense array (a word that is not there,
 * most tokens, touches nothing else) and compares strings only when the hashes
 * agree. Keys are not copied: the caller keeps them alive.
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  const char *key; /* NULL: empty slot */
  gpointer value;
} VigilWordSlot;

typedef struct
{
  guint32 *hashes; /* per slot: vigil_word_table_slot_hash(), 0 when empty */
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

/* A class of words in the analysis's resources and the bits its words get. */
typedef struct
{
  const char *name; /* as in data/analysis/word-classes.txt: "[org-head]" */
  guint bits;
} VigilWordClass;

void vigil_word_table_init (VigilWordTable *table);
/* The table of the words of the n classes named (read from
 * data/analysis/word-classes.txt in the resources), each word's value its
 * classes' bits OR'ed (GUINT_TO_POINTER). Made on first use into *table, a
 * static of the caller's, and kept for the process's life (thread-safe). */
const VigilWordTable *vigil_word_classes_table (VigilWordTable **table,
                                                const VigilWordClass *classes, guint n);
/* The same, with room for n words from the start (no growing on the way). */
void vigil_word_table_init_sized (VigilWordTable *table, guint n);
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

/* A hash as the hashes array keeps it: 0 marks an empty slot, so a word whose
 * hash is 0 is kept as 1 (its key tells it from the words hashed to 1). */
static inline guint32
vigil_word_table_slot_hash (guint32 hash)
{
  return hash != 0 ? hash : 1;
}

static inline gpointer
vigil_word_table_lookup (const VigilWordTable *table, guint32 hash, const char *key)
{
  guint32 stored = vigil_word_table_slot_hash (hash);

  if (table->slots == NULL)
    return NULL;
  for (guint i = stored & table->mask;; i = (i + 1) & table->mask)
    {
      guint32 h = table->hashes[i];
      if (h == 0)
        return NULL;
      if (h == stored && vigil_word_equal (table->slots[i].key, key))
        return table->slots[i].value;
    }
}

G_END_DECLS
