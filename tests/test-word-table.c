/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-word-table.c — the word table: insert, lookup, collisions, growth, clear */
#include "vigil-word-table.h"

static gpointer
lookup (const VigilWordTable *table, const char *word)
{
  return vigil_word_table_lookup (table, vigil_word_hash (word, -1), word);
}

static gpointer
insert (VigilWordTable *table, const char *word, gpointer value)
{
  return vigil_word_table_insert (table, vigil_word_hash (word, -1), word, value);
}

/* FNV-1a's published values; the NUL-ended and the counted forms agree. */
static void
test_hash (void)
{
  g_assert_cmpuint (vigil_word_hash ("", -1), ==, 0x811c9dc5u);
  g_assert_cmpuint (vigil_word_hash ("a", -1), ==, 0xe40c292cu);
  g_assert_cmpuint (vigil_word_hash ("foobar", -1), ==, 0xbf9cf968u);
  g_assert_cmpuint (vigil_word_hash ("foobar and more", 6), ==, 0xbf9cf968u);
  g_assert_cmpuint (vigil_word_hash ("ab", -1), !=, vigil_word_hash ("ba", -1));
  g_assert_true (vigil_word_equal ("kirkuk", "kirkuk"));
  g_assert_true (vigil_word_equal ("", ""));
  g_assert_false (vigil_word_equal ("kirk", "kirkuk"));
  g_assert_false (vigil_word_equal ("kirkuk", "kirk"));
  g_assert_false (vigil_word_equal ("mosul", "basra"));
}

static void
test_insert_lookup (void)
{
  VigilWordTable table;
  const char *words[] = { "baghdad", "basra", "mosul", "erbil", "kirkuk" };

  vigil_word_table_init (&table);
  /* An empty table has nothing, and no array yet. */
  g_assert_null (lookup (&table, "baghdad"));
  g_assert_null (table.slots);
  g_assert_cmpuint (table.size, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    g_assert_null (insert (&table, words[i], GUINT_TO_POINTER (i + 1)));
  g_assert_cmpuint (table.size, ==, G_N_ELEMENTS (words));
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (lookup (&table, words[i])), ==, i + 1);
  /* Absent words, prefixes and extensions of present ones. */
  g_assert_null (lookup (&table, "najaf"));
  g_assert_null (lookup (&table, "bas"));
  g_assert_null (lookup (&table, "basrah"));
  g_assert_null (lookup (&table, ""));

  /* Inserting again replaces, returns the old value, adds no entry. */
  g_assert_cmpuint (GPOINTER_TO_UINT (insert (&table, "mosul", GUINT_TO_POINTER (30))), ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (lookup (&table, "mosul")), ==, 30);
  g_assert_cmpuint (table.size, ==, G_N_ELEMENTS (words));
  /* A key is compared by its text, not its address. */
  {
    char copy[] = "erbil";
    g_assert_cmpuint (GPOINTER_TO_UINT (lookup (&table, copy)), ==, 4);
    g_assert_cmpuint (GPOINTER_TO_UINT (insert (&table, copy, GUINT_TO_POINTER (40))), ==, 4);
    g_assert_cmpuint (table.size, ==, G_N_ELEMENTS (words));
  }
  vigil_word_table_clear (&table, NULL, NULL);
}

/* Different words with one hash: each is found by its text; a word with the
 * hash but not the text is not; probing wraps past the array's end. */
static void
test_collisions (void)
{
  VigilWordTable table;
  const char *words[] = { "alpha", "beta", "gamma" };
  guint32 hash;

  vigil_word_table_init (&table);
  g_assert_null (vigil_word_table_insert (&table, 1, "seed", NULL));
  /* The hash of the array's last slot: the next entries go round to 0, 1. */
  hash = table.mask;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    g_assert_null (vigil_word_table_insert (&table, hash, words[i], GUINT_TO_POINTER (i + 1)));
  g_assert_cmpuint (table.size, ==, 4);
  g_assert_cmpuint (table.mask, ==, 7); /* no growth yet: all four share 8 slots */
  g_assert_cmpstr (table.slots[7].key, ==, "alpha");
  g_assert_cmpstr (table.slots[0].key, ==, "beta");
  g_assert_cmpstr (table.slots[1].key, ==, "seed"); /* placed first, at its own slot */
  g_assert_cmpstr (table.slots[2].key, ==, "gamma");
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (vigil_word_table_lookup (&table, hash, words[i])), ==,
                      i + 1);
  g_assert_null (vigil_word_table_lookup (&table, hash, "delta"));
  /* The same text under another hash is another key. */
  g_assert_null (vigil_word_table_lookup (&table, hash + 8, "alpha"));
  /* Replacing one of the colliding words leaves the others. */
  g_assert_cmpuint (
      GPOINTER_TO_UINT (vigil_word_table_insert (&table, hash, "beta", GUINT_TO_POINTER (20))), ==,
      2);
  g_assert_cmpuint (GPOINTER_TO_UINT (vigil_word_table_lookup (&table, hash, "beta")), ==, 20);
  g_assert_cmpuint (GPOINTER_TO_UINT (vigil_word_table_lookup (&table, hash, "gamma")), ==, 3);
  g_assert_cmpuint (table.size, ==, 4);
  vigil_word_table_clear (&table, NULL, NULL);
}

/* A word whose hash is 0 (0 marks an empty slot in the hashes array) is kept
 * and found, and told apart by its text from a word with the hash 1. */
static void
test_hash_zero (void)
{
  VigilWordTable table;

  vigil_word_table_init (&table);
  g_assert_null (vigil_word_table_insert (&table, 0, "zero", GUINT_TO_POINTER (10)));
  g_assert_null (vigil_word_table_insert (&table, 1, "one", GUINT_TO_POINTER (11)));
  g_assert_cmpuint (GPOINTER_TO_UINT (vigil_word_table_lookup (&table, 0, "zero")), ==, 10);
  g_assert_cmpuint (GPOINTER_TO_UINT (vigil_word_table_lookup (&table, 1, "one")), ==, 11);
  g_assert_null (vigil_word_table_lookup (&table, 0, "other"));
  g_assert_cmpuint (GPOINTER_TO_UINT (vigil_word_table_insert (&table, 0, "zero", NULL)), ==, 10);
  g_assert_cmpuint (table.size, ==, 2);
  vigil_word_table_clear (&table, NULL, NULL);
}

/* The array doubles before it is more than half full; nothing is lost. */
static void
test_growth (void)
{
  VigilWordTable table;
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  guint capacity = 0, growths = 0;

  vigil_word_table_init (&table);
  for (guint i = 0; i < 5000; i++)
    {
      char *word = g_strdup_printf ("word%u", i);
      g_ptr_array_add (words, word);
      g_assert_null (insert (&table, word, GUINT_TO_POINTER (i + 1)));
      g_assert_cmpuint (table.size, ==, i + 1);
      /* A power of two, at most half full. */
      g_assert_cmpuint ((table.mask + 1) & table.mask, ==, 0);
      g_assert_cmpuint (table.size * 2, <=, table.mask + 1);
      if (table.mask + 1 != capacity)
        {
          g_assert_cmpuint (table.mask + 1, ==, capacity == 0 ? 8 : capacity * 2);
          capacity = table.mask + 1;
          growths++;
        }
    }
  g_assert_cmpuint (capacity, ==, 16384);
  g_assert_cmpuint (growths, ==, 12); /* 8, 16, …, 16384 */
  for (guint i = 0; i < words->len; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (lookup (&table, g_ptr_array_index (words, i))), ==, i + 1);
  g_assert_null (lookup (&table, "word5000"));
  vigil_word_table_clear (&table, NULL, NULL);
}

static guint keys_freed, values_freed;

static void
free_key (gpointer key)
{
  keys_freed++;
  g_free (key);
}

static void
free_value (gpointer value)
{
  values_freed += GPOINTER_TO_UINT (value);
}

/* Clear frees every key and value once, empties the table, and the table
 * can be used again. */
static void
test_clear (void)
{
  VigilWordTable table;

  vigil_word_table_init (&table);
  vigil_word_table_clear (&table, free_key, free_value); /* an empty one: nothing to free */
  g_assert_cmpuint (keys_freed, ==, 0);
  for (guint i = 0; i < 100; i++)
    {
      char *word = g_strdup_printf ("w%u", i);
      insert (&table, word, GUINT_TO_POINTER (1));
    }
  keys_freed = values_freed = 0;
  vigil_word_table_clear (&table, free_key, free_value);
  g_assert_cmpuint (keys_freed, ==, 100);
  g_assert_cmpuint (values_freed, ==, 100);
  g_assert_null (table.slots);
  g_assert_cmpuint (table.size, ==, 0);
  g_assert_cmpuint (table.mask, ==, 0);
  g_assert_null (lookup (&table, "w1"));

  /* Either function may be NULL. */
  insert (&table, "static", GUINT_TO_POINTER (7));
  g_assert_cmpuint (GPOINTER_TO_UINT (lookup (&table, "static")), ==, 7);
  keys_freed = values_freed = 0;
  vigil_word_table_clear (&table, NULL, free_value);
  g_assert_cmpuint (keys_freed, ==, 0);
  g_assert_cmpuint (values_freed, ==, 7);
  g_assert_null (lookup (&table, "static"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/word-table/hash", test_hash);
  g_test_add_func ("/word-table/insert-lookup", test_insert_lookup);
  g_test_add_func ("/word-table/collisions", test_collisions);
  g_test_add_func ("/word-table/hash-zero", test_hash_zero);
  g_test_add_func ("/word-table/growth", test_growth);
  g_test_add_func ("/word-table/clear", test_clear);
  return g_test_run ();
}
