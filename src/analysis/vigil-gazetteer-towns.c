/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-gazetteer-towns.c — the small-town tier (data/analysis/towns.tsv):
 * read at the first look-up, a town a name of one or more folded words. */
#include "config.h"

#include "vigil-cluster-private.h"
#include "vigil-gazetteer-internal.h"

#include <math.h>
#include <string.h>

/* The index of a code in town_codes, added when new (few hundred countries and
 * a few thousand regions: a linear search per line would be slow, hence the
 * hash table). */
static guint16
town_code (VigilGazetteer *self, GHashTable *codes, const char *code)
{
  gpointer index;

  if (g_hash_table_lookup_extended (codes, code, NULL, &index))
    return GPOINTER_TO_UINT (index);
  index = GUINT_TO_POINTER (self->town_codes->len);
  g_ptr_array_add (self->town_codes, (gpointer) code);
  g_hash_table_insert (codes, (gpointer) code, index);
  return GPOINTER_TO_UINT (index);
}

static int
compare_towns (gconstpointer a, gconstpointer b, gpointer data)
{
  const char *strings = data;
  const Town *x = a, *y = b;
  int c = strcmp (strings + x->key, strings + y->key);

  if (c != 0)
    return c;
  return x->population > y->population ? -1 : x->population < y->population;
}

/* A name's folded words joined by single spaces into buf (size bytes); FALSE
 * when it does not fit. */
static gboolean
town_key (VigilTokens *tokens, guint first, guint n, char *buf, gsize size)
{
  gsize len = 0;

  for (guint i = first; i < first + n; i++)
    {
      const char *w = vigil_tokens_get (tokens, i)->folded;
      gsize wl = strlen (w);
      if (len + wl + 2 > size)
        return FALSE;
      if (i > first)
        buf[len++] = ' ';
      memcpy (buf + len, w, wl);
      len += wl;
    }
  buf[len] = '\0';
  return len > 0;
}

static void
load_towns (VigilGazetteer *self)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GHashTable) codes = g_hash_table_new (NULL, NULL);
  VigilTokens *tokens = NULL;
  const char *data, *end, *line;
  gsize length = 0;
  guint32 previous = G_MAXUINT32;
  g_autoptr (GArray) towns = NULL;
  g_autoptr (GString) strings = NULL;
  gsize n_lines = 0;

  self->town_codes = g_ptr_array_new ();
  g_ptr_array_add (self->town_codes, NULL); /* index 0: no region */
  vigil_word_table_init (&self->town_index);
  {
    g_autofree char *path = g_strconcat (RESOURCE_BASE, "analysis/towns.tsv", NULL);
    bytes = g_resources_lookup_data (path, 0, NULL);
  }
  if (bytes == NULL)
    return; /* a build without the tier: no small places */
  data = g_bytes_get_data (bytes, &length);
  end = data + length;
  for (const char *c = data; c != NULL && c < end; c = memchr (c + 1, '\n', end - c - 1))
    n_lines++;
  /* A folded name and a name: about the file's length. */
  towns = g_array_sized_new (FALSE, FALSE, sizeof (Town), n_lines);
  strings = g_string_sized_new (length);
  for (line = data; line < end;)
    {
      const char *eol = memchr (line, '\n', end - line);
      g_autofree char *copy = g_strndup (line, (eol ? eol : end) - line);
      char *fields[7] = { NULL };
      char *p = copy;
      char key[256];
      Town town = { 0 };
      guint n = 0;

      line = eol ? eol + 1 : end;
      if (copy[0] == '#' || copy[0] == '\0')
        continue;
      while (n < G_N_ELEMENTS (fields))
        {
          char *tab = strchr (p, '\t');
          fields[n++] = p;
          if (tab == NULL)
            break;
          *tab = '\0';
          p = tab + 1;
        }
      if (n < 5 || !g_utf8_validate (fields[0], -1, NULL))
        continue;
      tokens = vigil_tokenize_into (tokens, fields[0]);
      if (!town_key (tokens, 0, tokens->tokens->len, key, sizeof key))
        continue;
      town.key = strings->len;
      g_string_append_len (strings, key, strlen (key) + 1);
      town.name = strings->len;
      g_string_append_len (strings, fields[0], strlen (fields[0]) + 1);
      town.lat = (float) g_ascii_strtod (fields[2], NULL);
      town.lon = (float) g_ascii_strtod (fields[3], NULL);
      town.population = (guint32) g_ascii_strtoull (fields[4], NULL, 10);
      town.ordinary_word = n > 5 && g_str_equal (fields[5], "word");
      town.country = town_code (self, codes, g_intern_string (fields[1]));
      if (n > 6 && fields[6][0] != '\0')
        town.region
            = town_code (self, codes, g_string_chunk_insert_const (self->regions, fields[6]));
      g_array_append_val (towns, town);
    }
  if (tokens != NULL)
    vigil_tokens_free (tokens);
  g_array_sort_with_data (towns, compare_towns, strings->str);
  self->n_towns = towns->len;
  self->towns = g_memdup2 (towns->data, (gsize) towns->len * sizeof (Town));
  self->town_strings = g_memdup2 (strings->str, strings->len);
  for (guint i = 0; i < self->n_towns; i++)
    {
      const Town *t = &self->towns[i];
      const char *k = self->town_strings + t->key;
      if (previous != G_MAXUINT32 && strcmp (self->town_strings + previous, k) == 0)
        continue;
      previous = t->key;
      vigil_word_table_insert (&self->town_index, vigil_word_hash (k, -1), k,
                               GUINT_TO_POINTER (i + 1));
    }
}

void
gazetteer_ensure_towns (VigilGazetteer *self)
{
  gazetteer_ensure_loaded (self);
  if (g_once_init_enter (&self->towns_loaded))
    {
      load_towns (self);
      g_once_init_leave (&self->towns_loaded, 1);
    }
}

guint
vigil_gazetteer_n_towns (VigilGazetteer *self)
{
  gazetteer_ensure_towns (self);
  return self->n_towns;
}

gboolean
vigil_gazetteer_lookup_town (VigilGazetteer *self, VigilTokens *tokens, guint first, guint n,
                             const char *const *countries, VigilEntry *out)
{
  char key[256];
  gpointer found;
  const Town *best = NULL;
  const char *strings;

  gazetteer_ensure_towns (self);
  if (n == 0 || first + n > tokens->tokens->len || !town_key (tokens, first, n, key, sizeof key))
    return FALSE;
  found = vigil_word_table_lookup (&self->town_index, vigil_word_hash (key, -1), key);
  if (found == NULL)
    return FALSE;
  strings = self->town_strings;
  /* The most populous comes first; one in a country the text names wins. */
  for (guint i = GPOINTER_TO_UINT (found) - 1;
       i < self->n_towns && strcmp (strings + self->towns[i].key, key) == 0 && best == NULL; i++)
    {
      const Town *t = &self->towns[i];
      const char *country = g_ptr_array_index (self->town_codes, t->country);
      for (guint c = 0; countries && countries[c]; c++)
        if (strcmp (countries[c], country) == 0)
          best = t;
    }
  /* Else one written exactly as the text writes it ("Anorí" in Colombia,
   * not Anori in Brazil), else the most populous. */
  if (best == NULL)
    {
      const VigilToken *a = vigil_tokens_get (tokens, first),
                       *b = vigil_tokens_get (tokens, first + n - 1);
      gsize len = b->byte_end - a->byte_start;
      for (guint i = GPOINTER_TO_UINT (found) - 1;
           i < self->n_towns && strcmp (strings + self->towns[i].key, key) == 0 && best == NULL;
           i++)
        {
          const char *name = strings + self->towns[i].name;
          if (strlen (name) == len && memcmp (name, tokens->text + a->byte_start, len) == 0)
            best = &self->towns[i];
        }
    }
  if (best == NULL)
    best = &self->towns[GPOINTER_TO_UINT (found) - 1];
  memset (out, 0, sizeof *out);
  out->kind = VIGIL_ENTRY_LOCATION;
  out->origin = VIGIL_PLACE_TOWN;
  out->name = out->canonical = (char *) strings + best->name;
  out->country = g_ptr_array_index (self->town_codes, best->country);
  out->region = g_ptr_array_index (self->town_codes, best->region);
  out->has_geo = TRUE;
  /* The file's three decimals, not the float's last digits. */
  out->lat = round (best->lat * 1000.0) / 1000.0;
  out->lon = round (best->lon * 1000.0) / 1000.0;
  out->population = best->population;
  out->ordinary_word = best->ordinary_word;
  return TRUE;
}

/* A name's spelling key ("talafa"): its ASCII letters with
 * an opening Arabic article left out, as cluster_transliteration_key()
 * writes them, and "e" an "i", "o" a "u" (vowels transliterations write
 * either way: "Ruwaished", "Ruwayshid"). FALSE for fewer than five letters
 * so written. */
static gboolean
spelling_key (const char *name, char *out, gsize size)
{
  static const char *const articles[]
      = { "al", "el", "ar", "as", "ash", "ad", "an", "at", "az", "adh", "ath", NULL };
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  char *rest = ascii;

  for (char *p = ascii; *p; p++)
    if (*p == ' ' || *p == '-')
      {
        g_autofree char *first = g_ascii_strdown (ascii, p - ascii);
        if (g_strv_contains (articles, first) && p[1] != '\0')
          rest = p + 1;
        break;
      }
  if (!cluster_transliteration_key (rest, out, size))
    return FALSE;
  for (char *p = out; *p; p++)
    *p = *p == 'e' ? 'i' : *p == 'o' ? 'u' : *p;
  return strlen (out) >= 5;
}

static guint64
spelling_hash (const char *key)
{
  guint64 h = 14695981039346656037ull;

  for (const unsigned char *p = (const unsigned char *) key; *p; p++)
    h = (h ^ *p) * 1099511628211ull;
  return h;
}

static int
compare_spelt (gconstpointer a, gconstpointer b)
{
  guint64 x = ((const Spelt *) a)->hash, y = ((const Spelt *) b)->hash;
  return x < y ? -1 : x > y;
}

/* Adds a place of that name, country (interned) and region (in regions) to
 * out, when its name has a spelling key. */
static void
add_spelling (GArray *out, const char *name, const char *country, const char *region)
{
  char key[160];
  Spelt spelt;

  if (!spelling_key (name, key, sizeof key))
    return;
  spelt.hash = spelling_hash (key);
  spelt.country = country;
  spelt.region = region;
  g_array_append_val (out, spelt);
}

/* The cities of cities.tsv (name, canonical, country, latitude, longitude,
 * population, word, region); the towns are read already. */
static void
load_city_spellings (VigilGazetteer *self, GArray *out)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *path = g_strconcat (RESOURCE_BASE, "analysis/cities.tsv", NULL);
  const char *data, *end, *line;
  gsize length = 0;

  bytes = g_resources_lookup_data (path, 0, NULL);
  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &length);
  end = data + length;
  for (line = data; line < end;)
    {
      const char *eol = memchr (line, '\n', end - line);
      g_autofree char *copy = g_strndup (line, (eol ? eol : end) - line);
      g_auto (GStrv) fields = NULL;

      line = eol ? eol + 1 : end;
      if (copy[0] == '#' || copy[0] == '\0')
        continue;
      fields = g_strsplit (copy, "\t", -1);
      if (g_strv_length (fields) < 8 || fields[7][0] == '\0'
          || !g_utf8_validate (fields[0], -1, NULL))
        continue;
      add_spelling (out, fields[0], g_intern_string (fields[2]),
                    g_string_chunk_insert_const (self->regions, fields[7]));
    }
}

const char *
vigil_gazetteer_region_by_spelling (VigilGazetteer *self, const char *name,
                                    const char *const *countries)
{
  char key[160];
  guint64 hash;
  guint lo = 0, hi;
  const char *region = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  if (name == NULL || !spelling_key (name, key, sizeof key))
    return NULL;
  /* (the towns first: they are read from their array, and their loading
   * adds to the same chunk of region codes, no place for two threads at
   * once) */
  gazetteer_ensure_towns (self);
  if (g_once_init_enter (&self->spellings_loaded))
    {
      g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (Spelt));
      load_city_spellings (self, all);
      for (guint i = 0; i < self->n_towns; i++)
        {
          const Town *t = &self->towns[i];
          if (t->region != 0)
            add_spelling (all, self->town_strings + t->name,
                          g_ptr_array_index (self->town_codes, t->country),
                          g_ptr_array_index (self->town_codes, t->region));
        }
      g_array_sort (all, compare_spelt);
      self->n_spellings = all->len;
      self->spellings = g_memdup2 (all->data, (gsize) all->len * sizeof (Spelt));
      g_once_init_leave (&self->spellings_loaded, 1);
    }
  hash = spelling_hash (key);
  hi = self->n_spellings;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (self->spellings[mid].hash < hash)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (; lo < self->n_spellings && self->spellings[lo].hash == hash; lo++)
    {
      if (countries != NULL && !g_strv_contains (countries, self->spellings[lo].country))
        continue;
      /* (places of that spelling in two provinces: which one is unknown) */
      if (region != NULL && region != self->spellings[lo].region)
        return NULL;
      region = self->spellings[lo].region;
    }
  return region;
}
