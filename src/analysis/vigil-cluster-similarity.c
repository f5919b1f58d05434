/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cluster-similarity.c — how alike two story signatures are: shared
 * actors and places, words weighed by rarity, categories, counts and the
 * event's frame; vigil-cluster.c makes the signatures. */
#include "config.h"

#include "vigil-cluster-private.h"

/* One node of a tree of the story model: an input and its threshold, or a
 * leaf (STORY_LEAF) and its share of the log-odds. */
#define STORY_LEAF (-1)
typedef struct
{
  int input;
  double value;
  unsigned char left, right;
} StoryNode;

#include "vigil-cluster-weights.h"
#include "vigil-word-table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Shared features of two sorted arrays: their count, the weight they share,
 * the part of it that is specific, and the dot product of their weights. */
typedef struct
{
  guint count;
  double weight, specific, dot;
} Overlap;

static Overlap
overlap (GArray *a, GArray *b)
{
  Overlap o = { 0 };
  guint i = 0, k = 0;

  while (i < a->len && k < b->len)
    {
      Feature *x = &g_array_index (a, Feature, i), *y = &g_array_index (b, Feature, k);
      int c = strcmp (x->key, y->key);
      if (c == 0)
        {
          double w = MIN (x->weight, y->weight);
          o.count++;
          o.weight += w;
          if (x->specific && y->specific)
            o.specific += w;
          o.dot += x->weight * y->weight;
          i++, k++;
        }
      else if (c < 0)
        i++;
      else
        k++;
    }
  return o;
}

static guint
shared_numbers (GArray *a, GArray *b)
{
  guint i = 0, k = 0, shared = 0;

  while (i < a->len && k < b->len)
    {
      gint64 x = g_array_index (a, gint64, i), y = g_array_index (b, gint64, k);
      if (x == y)
        shared++, i++, k++;
      else if (x < y)
        i++;
      else
        k++;
    }
  return shared;
}

/* A count in one within a third of one in the other ("9 dead", later "11"):
 * an updated toll, perhaps. */
static gboolean
near_numbers (GArray *a, GArray *b)
{
  for (guint i = 0; i < a->len; i++)
    for (guint k = 0; k < b->len; k++)
      {
        gint64 x = g_array_index (a, gint64, i), y = g_array_index (b, gint64, k);
        if (x != y && MAX (x, y) * 3 <= MIN (x, y) * 4 && MAX (x, y) < 1000)
          return TRUE;
      }
  return FALSE;
}

static gboolean
has_feature (GArray *features, const char *key)
{
  for (guint i = 0; i < features->len; i++)
    if (strcmp (g_array_index (features, Feature, i).key, key) == 0)
      return TRUE;
  return FALSE;
}

/* A province that one report names, and none of whose towns its lead names,
 * in which a town of the other lies ("Miyagi" and "Ishinomaki", "Tillaberi
 * region" and "Banibangou"): the vaguer report agrees with the more precise
 * one. Two reports naming two towns of one province in their leads do not
 * agree that way; a town named later is the background's (the hospital the
 * wounded were taken to, the provincial capital). */
static gboolean
contains_place (const VigilStorySignature *wide, const VigilStorySignature *precise)
{
  for (guint i = 0; i < wide->named_regions->len; i++)
    {
      const char *region = g_array_index (wide->named_regions, Feature, i).key;
      if (has_feature (precise->city_regions, region)
          && !has_feature (wide->lead_city_regions, region))
        return TRUE;
    }
  return FALSE;
}

/* Whether x and y are one name once each doubled letter is written once. */
static gboolean
undoubled_equal (const char *x, const char *y)
{
  while (*x && *y)
    {
      if (g_ascii_tolower (*x) != g_ascii_tolower (*y))
        return FALSE;
      while (x[1] && g_ascii_tolower (x[1]) == g_ascii_tolower (*x))
        x++;
      while (y[1] && g_ascii_tolower (y[1]) == g_ascii_tolower (*y))
        y++;
      x++, y++;
    }
  return *x == '\0' && *y == '\0';
}

/* A name's letters as transliterations of one sound may differ in: "sh",
 * "ch", "tch" one sound, written 'C' (no "c" of its own: "Sharif" is not
 * "Carif"; "Shymkent" is "Chimkent"), "kh", "gh", "dh", "th", "ph" and "q"
 * their plain letter (and "hk", "ht", "hp" at a word's start, as Burmese is
 * written), "dj" a "j", "ou" and "oo" a "u", "ee" and "y" an "i", "ai",
 * "ei", "ay" and "ey" one sound, written 'E' ("Shaikh" and "Sheikh",
 * "Sharifai" and "Sharifey"), an "r" after "a" before no vowel left out
 * ("Tharyar" and "Thaya"), each doubled letter once, and no final "h".
 * Lower-case ASCII letters and 'C' and 'E' only in *out (the rest left out);
 * FALSE when it does not fit. */
gboolean
cluster_transliteration_key (const char *x, char *out, gsize size)
{
  gsize n = 0, m = 0;
  char name[128];

  g_return_val_if_fail (size > 0, FALSE);

  /* (the "r" after "a" before no vowel: the long "a" of Burmese
   * romanisations) */
  for (const char *p = x; *p; p++)
    {
      char next = g_ascii_tolower (p[1]);
      if (g_ascii_tolower (*p) == 'r' && p > x && g_ascii_tolower (p[-1]) == 'a'
          && (next == '\0' || strchr ("aeiou", next) == NULL))
        continue;
      if (m + 1 >= sizeof name)
        return FALSE;
      name[m++] = *p;
    }
  name[m] = '\0';
  x = name;
  for (const char *p = x; *p; p++)
    {
      char c = g_ascii_tolower (*p), next = g_ascii_tolower (p[1]), letter = c;

      if (!g_ascii_isalpha (c))
        continue;
      if (c == 't' && next == 'c' && g_ascii_tolower (p[2]) == 'h')
        continue; /* the "t" of "tch" */
      /* Burmese "hp", "ht", "hk" at a word's start are "ph", "th", "kh"
       * ("Hpakant" and "Phakant") */
      if (c == 'h' && (next == 'p' || next == 't' || next == 'k')
          && (p == x || !g_ascii_isalpha (p[-1])))
        {
          letter = next == 'p' ? 'f' : next, p++;
          goto add;
        }
      if ((c == 's' || c == 'c') && next == 'h')
        letter = 'C', p++;
      else if ((c == 'k' || c == 'g' || c == 'd' || c == 't') && next == 'h')
        letter = c, p++;
      else if (c == 'p' && next == 'h')
        letter = 'f', p++;
      else if (c == 'd' && next == 'j')
        letter = 'j', p++;
      else if ((c == 'o' && (next == 'u' || next == 'o')))
        letter = 'u', p++;
      else if (c == 'e' && next == 'e')
        letter = 'i', p++;
      else if ((c == 'a' || c == 'e') && (next == 'i' || next == 'y'))
        {
          /* (with the "y" or "i" after: "Sayyida" and "Saida") */
          letter = 'E', p++;
          while (g_ascii_tolower (p[1]) == 'i' || g_ascii_tolower (p[1]) == 'y')
            p++;
        }
      else if (c == 'y')
        letter = 'i';
      else if (c == 'q')
        letter = 'k';
    add:
      if (n > 0 && out[n - 1] == letter)
        continue;
      if (n + 1 >= size)
        return FALSE;
      out[n++] = letter;
    }
  if (n > 0 && out[n - 1] == 'h')
    n--;
  out[n] = '\0';
  return TRUE;
}

/* Two spellings of one name, as transliterations differ ("Kharkiv" and
 * "Kharkov", "Agadez" and "Agades", "Kosti" and "Kusti"): at least five
 * letters, the same first letter and at most one letter changed, added,
 * dropped or swapped (accents and case aside), besides a final "h" and
 * doubled letters; or, whatever the first letter, one transliteration key
 * of five letters or more ("Shymkent" and "Chimkent"). */
static gboolean
variant_spelling (const char *x, const char *y)
{
  char ax[64], ay[64];
  gsize nx, ny, i = 0;

  /* A final "h" after "a" is written or left out ("Zuwarah", "Zuwara"), and
   * Arabic's final "-eh" is that "-a" too ("Atmeh", "Atma"), in names of
   * four letters or more. */
  g_strlcpy (ax, x, sizeof ax);
  g_strlcpy (ay, y, sizeof ay);
  nx = strlen (ax), ny = strlen (ay);
  if (nx > 2 && g_ascii_strcasecmp (ax + nx - 2, "ah") == 0)
    ax[--nx] = '\0';
  if (ny > 2 && g_ascii_strcasecmp (ay + ny - 2, "ah") == 0)
    ay[--ny] = '\0';
  if (nx > 4 && g_ascii_strcasecmp (ax + nx - 2, "eh") == 0)
    ax[--nx] = '\0', ax[nx - 1] = 'a';
  if (ny > 4 && g_ascii_strcasecmp (ay + ny - 2, "eh") == 0)
    ay[--ny] = '\0', ay[ny - 1] = 'a';
  if (nx == ny && nx >= 4 && g_ascii_strcasecmp (ax, ay) == 0 && g_ascii_strcasecmp (x, y) != 0)
    return TRUE;

  /* Letters doubled or not, in a short name too ("Kani" and "Kanni",
   * "Abu Sayyaf" and "Abu Sayaff"). */
  if (nx >= 4 && ny >= 4 && g_ascii_strcasecmp (ax, ay) != 0 && undoubled_equal (ax, ay))
    return TRUE;
  /* Letters for one sound ("Shymkent" and "Chimkent", "Mayadeen" and
   * "Mayadin"), in names of five letters or more. */
  if (nx >= 5 && ny >= 5 && g_ascii_strcasecmp (ax, ay) != 0)
    {
      char kx[64], ky[64];
      if (cluster_transliteration_key (ax, kx, sizeof kx)
          && cluster_transliteration_key (ay, ky, sizeof ky) && strlen (kx) >= 5
          && g_str_equal (kx, ky))
        return TRUE;
    }
  if (nx < 5 || ny < 5 || (nx > ny ? nx - ny : ny - nx) > 1
      || g_ascii_tolower (ax[0]) != g_ascii_tolower (ay[0]))
    return FALSE;
  while (i < nx && i < ny && g_ascii_tolower (ax[i]) == g_ascii_tolower (ay[i]))
    i++;
  if (i == nx && i == ny)
    return FALSE; /* the same name: counted as such */
  /* After the first difference, the rests must be equal once one change is made. */
  if (nx == ny)
    return g_ascii_strcasecmp (ax + i + 1, ay + i + 1) == 0
           || (i + 1 < nx && g_ascii_tolower (ax[i]) == g_ascii_tolower (ay[i + 1])
               && g_ascii_tolower (ax[i + 1]) == g_ascii_tolower (ay[i])
               && g_ascii_strcasecmp (ax + i + 2, ay + i + 2) == 0);
  return nx > ny ? g_ascii_strcasecmp (ax + i + 1, ay + i) == 0
                 : g_ascii_strcasecmp (ax + i, ay + i + 1) == 0;
}

/* A name's consonants as transliterations blur them: vowels after the first
 * letter left out, voiced and voiceless letters one ("Depayin" and "Tabayin"
 * are "tpyn"), doubles one. */
static void
consonant_skeleton (const char *name, char *out, gsize size)
{
  static const char voiced[] = "bdgvz", voiceless[] = "ptkfs";
  gsize n = 0;

  for (const char *p = name; *p && n + 1 < size; p++)
    {
      char c = g_ascii_tolower (*p);
      const char *v;
      if (!g_ascii_isalpha (c) || (p != name && strchr ("aeiouy", c) != NULL && p[1] != '\0'))
        continue;
      if ((v = strchr (voiced, c)) != NULL)
        c = voiceless[v - voiced];
      if (n > 0 && out[n - 1] == c)
        continue;
      out[n++] = c;
    }
  out[n] = '\0';
}

/* Two spellings of a district's or a township's name, looser than
 * variant_spelling() as the kind of unit is said ("Rueso" and "Ruso",
 * "Depayin" and "Tabayin"): one consonant skeleton, of three letters, or of
 * two in names of four letters or more; or one transliteration key of three
 * letters or more ("Ye-U" and "Ye Oo"). */
static gboolean
unit_spelling (const char *x, const char *y)
{
  char kx[64], ky[64];

  consonant_skeleton (x, kx, sizeof kx);
  consonant_skeleton (y, ky, sizeof ky);
  if (g_str_equal (kx, ky)
      && (strlen (kx) >= 3 || (strlen (kx) == 2 && strlen (x) >= 4 && strlen (y) >= 4)))
    return TRUE;
  /* one sound written two ways in a short name ("Ye-U" and "Ye Oo") */
  return cluster_transliteration_key (x, kx, sizeof kx)
         && cluster_transliteration_key (y, ky, sizeof ky) && strlen (kx) >= 3
         && g_str_equal (kx, ky);
}

/* Whether a unit's name (a "level:name" key) is named in the other report: as
 * one of its units of any level, or as a specific name, or a spelling of one. */
static gboolean
unit_named_in (const char *key, const VigilStorySignature *other)
{
  const char *name = key + 2;

  for (guint i = 0; i < other->units->len; i++)
    {
      const char *o = g_array_index (other->units, Feature, i).key + 2;
      if (g_str_equal (name, o) || variant_spelling (name, o) || unit_spelling (name, o))
        return TRUE;
    }
  for (guint i = 0; i < other->entities->len; i++)
    {
      const char *o = g_array_index (other->entities, Feature, i).ascii;
      if (o != NULL && (g_str_equal (name, o) || variant_spelling (name, o)))
        return TRUE;
    }
  return FALSE;
}

/* Whether a report's specific names hold a name (made ASCII). */
static gboolean
names_ascii (const VigilStorySignature *s, const char *name)
{
  for (guint i = 0; i < s->entities->len; i++)
    {
      const Feature *f = &g_array_index (s->entities, Feature, i);
      if (f->specific && f->ascii != NULL && g_str_equal (f->ascii, name))
        return TRUE;
    }
  return FALSE;
}

/* Whether a named part of a province (a district, a township) of one report
 * is named in the other ("Ye-U township" and "Yeu township"), when it is not
 * already a name both give (counted as such). */
static gboolean
units_shared (const VigilStorySignature *a, const VigilStorySignature *b)
{
  for (guint i = 0; i < a->units->len; i++)
    {
      const char *key = g_array_index (a->units, Feature, i).key;
      if (unit_named_in (key, b) && !(names_ascii (a, key + 2) && names_ascii (b, key + 2)))
        return TRUE;
    }
  return FALSE;
}

/* Both reports place things in named parts of one level (districts,
 * townships, neighbourhoods) and neither names any of the other's: two
 * incidents ("the Hays district" and "al-Tuhayta district" of one province). */
static gboolean
units_differ (const VigilStorySignature *a, const VigilStorySignature *b)
{
  for (guint i = 0; i < a->units->len; i++)
    {
      char level = g_array_index (a->units, Feature, i).key[0];
      gboolean in_b = FALSE, shared = FALSE;

      for (guint k = 0; k < b->units->len && !in_b; k++)
        in_b = g_array_index (b->units, Feature, k).key[0] == level;
      if (!in_b)
        continue;
      for (guint k = 0; k < a->units->len && !shared; k++)
        {
          const char *key = g_array_index (a->units, Feature, k).key;
          shared = key[0] == level && unit_named_in (key, b);
        }
      for (guint k = 0; k < b->units->len && !shared; k++)
        {
          const char *key = g_array_index (b->units, Feature, k).key;
          shared = key[0] == level && unit_named_in (key, a);
        }
      if (!shared)
        return TRUE;
    }
  return FALSE;
}

/* The days of the week (bits 0-6, Sunday first) the event of a report may be
 * on: the day it was published (UTC), and the days its lead names ("on
 * Tuesday", frame concepts "d:N"). */
static guint8
event_days (const VigilStorySignature *s)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (s->time);
  guint8 days = 0;

  if (when != NULL)
    days |= 1 << (g_date_time_get_day_of_week (when) % 7);
  for (guint i = 0; i < s->frame->len; i++)
    {
      const char *key = g_array_index (s->frame, Feature, i).key;
      if (key[0] == 'd' && key[1] == ':' && key[2] >= '0' && key[2] <= '6' && key[3] == '\0')
        days |= 1 << (key[2] - '0');
    }
  return days;
}

/* The later report's lead calls the earlier one's event by its day
 * ("Tuesday's explosion"), within the week. */
static gboolean
follow_up (const VigilStorySignature *a, const VigilStorySignature *b)
{
  const VigilStorySignature *earlier = a->time <= b->time ? a : b;
  const VigilStorySignature *later = earlier == a ? b : a;

  if (later->follow_up_days == 0 || later->time - earlier->time >= 6 * 24 * 3600)
    return FALSE;
  return (later->follow_up_days & event_days (earlier)) != 0;
}

/* One person named in full in one report and in part in the other: the
 * shorter name has two words at least, all of them in the longer one in the
 * same order, and the same last word ("Haidar Jabbar al-Saadi" and "Haidar
 * al-Saadi"), or the longer one begins with it (a second surname left out,
 * as Spanish and Portuguese names often are: "Ernesto Valdez Ruelas" and
 * "Ernesto Valdez"), unless the shorter one ends in a given name ("Maria
 * Jose" and "Maria Jose Garcia"). */
/* Given names that Spanish and Portuguese names pair ("Maria Jose", "Jose
 * Luis", "Ana Paula"; data/analysis/word-classes.txt): a name ending in one
 * of them has no surname to leave a second one out of. */
static gboolean
given_name (const char *word)
{
  static const VigilWordClass classes[] = { { "paired-given-name", 1 } };
  static VigilWordTable *table;
  g_autofree char *plain = g_str_to_ascii (word, "C");
  g_autofree char *folded = g_ascii_strdown (plain, -1);

  return vigil_word_table_lookup (
             vigil_word_classes_table (&table, classes, G_N_ELEMENTS (classes)),
             vigil_word_hash (folded, -1), folded)
         != NULL;
}

/* One word of a name, or its spelling variant ("Nsame", "Nsameh"). */
static gboolean
same_name_word (const char *x, const char *y)
{
  return g_strcmp0 (x, y) == 0 || variant_spelling (x, y);
}

static gboolean
same_person (const char *x, const char *y)
{
  g_auto (GStrv) a = g_strsplit (x, " ", -1);
  g_auto (GStrv) b = g_strsplit (y, " ", -1);
  guint na = g_strv_length (a), nb = g_strv_length (b), k = 0;
  char **shorter = na <= nb ? a : b, **longer = na <= nb ? b : a;
  guint ns = MIN (na, nb), nl = MAX (na, nb);

  if (ns < 2)
    return FALSE;
  /* "Ilfrid Jean-Baptiste" and "Jean-Baptiste Ilfrid": the family name first
   * in one report (as registers and French-speaking outlets write it), last
   * in the other; the same words in another order. */
  if (ns == nl)
    {
      /* (not two given names: "Maria Jose" and "Jose Maria" are two women) */
      if (given_name (a[0]) && given_name (a[na - 1]))
        return FALSE;
      for (guint i = 0; i < na; i++)
        if (!g_strv_contains ((const char *const *) b, a[i]))
          return FALSE;
      for (guint i = 0; i < nb; i++)
        if (!g_strv_contains ((const char *const *) a, b[i]))
          return FALSE;
      return g_strcmp0 (x, y) != 0;
    }
  if (!same_name_word (shorter[ns - 1], longer[nl - 1]))
    {
      /* "Maria Jose" is two given names, not "Maria Jose Garcia" in part. */
      if (given_name (shorter[ns - 1]))
        return FALSE;
      for (guint i = 0; i < ns; i++)
        if (g_strcmp0 (shorter[i], longer[i]) != 0)
          return FALSE;
      return TRUE;
    }
  for (guint i = 0; i < nl && k < ns; i++)
    if (same_name_word (longer[i], shorter[k]))
      k++;
  return k == ns;
}

/* Whether short is the initials of long's capitalised words ("GSU", the
 * "General Service Unit"; "KNUT", the "Kenya National Union of Teachers"):
 * one outlet writes an organisation's name, another its acronym. */
static gboolean
acronym_of (const char *shorter, const char *longer)
{
  gsize n = strlen (shorter), k = 0, words = 0;

  if (n < 2 || n > 6)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isupper (shorter[i]))
      return FALSE;
  for (const char *p = longer; *p;)
    {
      while (*p == ' ' || *p == '-')
        p++;
      if (*p == '\0')
        break;
      words++;
      if (g_ascii_isupper (*p))
        {
          if (k >= n || *p != shorter[k])
            return FALSE;
          k++;
        }
      else if (!g_ascii_islower (*p))
        return FALSE;
      while (*p && *p != ' ' && *p != '-')
        p++;
    }
  return words >= 2 && k == n;
}

/* Whether shorter is longer's last two or more words ("Shapla Express" of
 * "MV Shapla Express", "Pin Thar" of "Nyaung Pin Thar"). */
static gboolean
name_tail (const char *shorter, const char *longer)
{
  gsize ns = strlen (shorter), nl = strlen (longer);

  return strchr (shorter, ' ') != NULL && nl > ns + 1 && longer[nl - ns - 1] == ' '
         && strcmp (longer + nl - ns, shorter) == 0;
}

/* The weight of the specific names the two share only as spelling variants,
 * as a person's name given in part, as an organisation's acronym, or with and
 * without its first words. */
static double
variant_names (const VigilStorySignature *a, const VigilStorySignature *b)
{
  double weight = 0;

  for (guint i = 0; i < a->entities->len; i++)
    {
      Feature *x = &g_array_index (a->entities, Feature, i);
      if (!x->specific)
        continue;
      for (guint k = 0; k < b->entities->len; k++)
        {
          Feature *y = &g_array_index (b->entities, Feature, k);
          if (y->specific && x->ascii && y->ascii
              && (variant_spelling (x->ascii, y->ascii)
                  /* "Abu Ghraib" and "Abu-Ghraib": one name once spaces
                   * and hyphens are left out */
                  || (strcmp (x->key, y->key) != 0 && g_str_equal (x->ascii, y->ascii))
                  || (x->person && y->person && same_person (x->key, y->key))
                  || (!x->person && !y->person
                      && (acronym_of (x->key, y->key) || acronym_of (y->key, x->key)
                          || name_tail (x->key, y->key) || name_tail (y->key, x->key)))))
            {
              weight += MIN (x->weight, y->weight);
              break;
            }
        }
    }
  return weight;
}

/* Whether a capitalised word of the features is the name or a spelling
 * variant of it ("Nushki" in one report, "near Noshki" in the other). */
static gboolean
has_name_word (GArray *name_words, const char *name)
{
  for (guint i = 0; i < name_words->len; i++)
    {
      const char *word = g_array_index (name_words, Feature, i).key;
      if (strcmp (word, name) == 0 || variant_spelling (word, name))
        return TRUE;
    }
  return FALSE;
}

/* The weight of the one-word specific names of one report that the other
 * writes without giving them as that name: inside a longer name ("Marapi" and
 * "Mount Marapi") or as a capitalised word no list or model made a name of
 * ("Dhading district police"), perhaps spelled another way. */
static double
written_names (const VigilStorySignature *a, const VigilStorySignature *b)
{
  double weight = 0;

  for (guint i = 0; i < a->single_names->len; i++)
    {
      Feature *x = &g_array_index (a->single_names, Feature, i);
      if (has_name_word (b->name_words, x->key) && !has_feature (b->single_names, x->key))
        weight += x->weight;
    }
  return weight;
}

/* Whether two counts of one kind can be one event's: equal or near (an
 * updated toll, "9 dead", later "14"), or a larger one in the later report
 * once it is in the tens (tolls of a disaster grow: "more than 100", two days
 * later "670"). Reports of one time may come in either order. */
static gboolean
tolls_agree (gint64 x, gint64 x_time, gint64 y, gint64 y_time)
{
  gint64 low = MIN (x, y), high = MAX (x, y);

  if (high <= 2 * low + 4)
    return TRUE;
  if (high < 10)
    return FALSE;
  return x_time == y_time || (x > y ? x_time > y_time : y_time > x_time);
}

/* The kinds of count (the killed, the wounded, the abducted) that both
 * reports give and that no two of their counts can be one event's: two
 * shootings in one city, two dead and nine dead. */
static guint
conflicts_in (const VigilStorySignature *a, const VigilStorySignature *b, const char *slots)
{
  guint conflicts = 0;

  for (const char *slot = slots; *slot; slot++)
    {
      gboolean in_a = FALSE, in_b = FALSE, agree = FALSE;
      for (guint i = 0; i < a->tolls->len; i++)
        {
          const Toll *x = &g_array_index (a->tolls, Toll, i);
          if (x->slot != *slot)
            continue;
          in_a = TRUE;
          for (guint k = 0; k < b->tolls->len; k++)
            {
              const Toll *y = &g_array_index (b->tolls, Toll, k);
              if (y->slot != *slot)
                continue;
              in_b = TRUE;
              agree = agree || tolls_agree (x->value, a->time, y->value, b->time);
            }
        }
      if (in_a && in_b && !agree)
        conflicts++;
    }
  return conflicts;
}

/* Whether a's event avenged an incident counted as b counts its event ("in
 * retaliation for a raid in which five herders were killed", and five
 * herders killed in b), a count a does not give of its own event: then b
 * tells of what a avenged. */
static gboolean
avenges (const VigilStorySignature *a, const VigilStorySignature *b)
{
  for (guint i = 0; i < a->avenged->len; i++)
    {
      const Toll *x = &g_array_index (a->avenged, Toll, i);
      gboolean in_b = FALSE, in_a = FALSE;
      for (guint k = 0; k < b->tolls->len && !in_b; k++)
        {
          const Toll *y = &g_array_index (b->tolls, Toll, k);
          in_b = y->slot == x->slot && y->value == x->value;
        }
      for (guint k = 0; k < a->tolls->len && !in_a; k++)
        {
          const Toll *y = &g_array_index (a->tolls, Toll, k);
          in_a = y->slot == x->slot && y->value == x->value;
        }
      if (in_b && !in_a)
        return TRUE;
    }
  return FALSE;
}

static guint
toll_conflicts (const VigilStorySignature *a, const VigilStorySignature *b)
{
  return conflicts_in (a, b, "kwa");
}

/* The least specific weight (a town, an actor) two rewritten reports share. */
#define MIN_SPECIFIC WEIGHT_PLACE
/* Below this, two reports of risks are of different kinds of event. */
#define MIN_CATEGORY_COSINE 0.2

/* A blast, an explosion: what any explosive means does, not one of them. */
#define MEANS_BLAST "m:blast"

static gboolean
explosive_means (const char *concept)
{
  static const char *const explosive[] = {
    "m:bomb", "m:grenade", "m:drone", "m:missile", "m:shell", "m:air",
  };
  return cluster_in_list (explosive, G_N_ELEMENTS (explosive), concept);
}

/* How the means of the two frames compare: 1 agree, -1 differ, 0 one or
 * both give none. A blast or an explosion agrees with any explosive means
 * when the other report names one and the report itself none (one outlet
 * writes "an explosion", another "a grenade"); two reports that each name
 * their means agree only on one of them (a car bomb and a grenade, a drone
 * and a gunman). */
static int
means_compare (GArray *a, GArray *b)
{
  gboolean named_a = FALSE, named_b = FALSE, blast_a = FALSE, blast_b = FALSE;
  gboolean explosive_a = FALSE, explosive_b = FALSE, shared = FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const char *key = g_array_index (a, Feature, i).key;
      if (key[0] != 'm')
        continue;
      if (g_str_equal (key, MEANS_BLAST))
        {
          blast_a = TRUE;
          continue;
        }
      named_a = TRUE;
      explosive_a = explosive_a || explosive_means (key);
      shared = shared || has_feature (b, key);
    }
  for (guint i = 0; i < b->len; i++)
    {
      const char *key = g_array_index (b, Feature, i).key;
      if (key[0] != 'm')
        continue;
      if (g_str_equal (key, MEANS_BLAST))
        blast_b = TRUE;
      else
        {
          named_b = TRUE;
          explosive_b = explosive_b || explosive_means (key);
        }
    }
  if (shared)
    return 1;
  if (named_a && named_b)
    return -1;
  /* One names no means of its own: its blast against the other's means,
   * or blast. */
  if (named_a || named_b)
    {
      gboolean blast_unnamed = named_a ? blast_b : blast_a;
      gboolean explosive = named_a ? explosive_a : explosive_b;
      if (!blast_unnamed)
        return 0;
      return explosive || (blast_a && blast_b) ? 1 : -1;
    }
  return blast_a && blast_b ? 1 : 0;
}

/* Reports published within this many seconds of each other name the
 * event's day, not a later one's. */
#define DAYS_COMPARED (12 * 3600)
#define CLOCK_NEAR 3

/* Whether the two frames give times of one kind (days of the week, parts
 * of a day, hours on the clock, numbered on a cycle of n) and none of them
 * within near of one of the other. */
static gboolean
times_differ (GArray *a, GArray *b, char slot, int n, int near)
{
  gboolean in_a = FALSE, in_b = FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const char *x = g_array_index (a, Feature, i).key;
      if (x[0] != slot)
        continue;
      in_a = TRUE;
      for (guint k = 0; k < b->len; k++)
        {
          const char *y = g_array_index (b, Feature, k).key;
          int d;
          if (y[0] != slot)
            continue;
          in_b = TRUE;
          d = ABS (atoi (x + 2) - atoi (y + 2)) % n;
          if (MIN (d, n - d) <= near)
            return FALSE;
        }
    }
  return in_a && in_b;
}

/* Whether the frame's event came from nature (a quake, a flood, a storm, a
 * landslide, an eruption, an outbreak) or from a weapon (a gun, a bomb, a
 * drone, a missile, shells, a grenade, a blade, arson): 1 for nature only,
 * -1 for a weapon only, 0 for both or neither (a fire, a collapse or a
 * blast may be either's: a gas explosion, a quarry's charges). */
static int
frame_cause (GArray *frame)
{
  /* (hazards but a fire, a collapse, an outage or a derailment) */
  static const char *const either[] = { "h:fire", "h:collapse", "h:outage", "h:derail" };
  static const char *const weapons[] = { "m:air",     "m:arson", "m:blade",   "m:bomb", "m:drone",
                                         "m:grenade", "m:gun",   "m:missile", "m:shell" };
  gboolean nature = FALSE, weapon = FALSE;

  for (guint i = 0; i < frame->len; i++)
    {
      const char *key = g_array_index (frame, Feature, i).key;
      nature = nature
               || (key[0] == 'h' && key[1] == ':'
                   && !cluster_in_list (either, G_N_ELEMENTS (either), key));
      weapon = weapon || cluster_in_list (weapons, G_N_ELEMENTS (weapons), key);
    }
  return nature == weapon ? 0 : nature ? 1 : -1;
}

/* How the two frames compare: *agree the slots in which they share a
 * concept, *conflict those both fill without sharing one, and one more when
 * one event came from nature and the other from a weapon (a quake and a
 * quarry blast of one province). */
static void
frame_compare (GArray *a, GArray *b, gboolean same_day, guint *agree, guint *conflict)
{
  static const char slots[] = "vmphsdtf";
  int cause_a = frame_cause (a), cause_b = frame_cause (b);

  *agree = *conflict = 0;
  if (cause_a != 0 && cause_b != 0 && cause_a != cause_b)
    (*conflict)++;
  for (const char *slot = slots; *slot; slot++)
    {
      /* One day or one part of a day is what two incidents of one place
       * share too: no evidence for, and against only when no two of them
       * are neighbours (Thursday and Saturday; a morning and an evening).
       * A report a day later names the day of its update ("the toll rose
       * to 22 on Tuesday", "on Tuesday morning"): days and parts of days
       * are compared only when the two were published within DAYS_COMPARED
       * of each other. */
      if (*slot == 't' || *slot == 'd')
        {
          if (same_day)
            *conflict += times_differ (a, b, *slot, *slot == 'd' ? 7 : 4, 1);
          continue;
        }
      if (*slot == 'm')
        {
          int m = means_compare (a, b);
          *agree += m > 0;
          *conflict += m < 0;
          continue;
        }
      gboolean in_a = FALSE, in_b = FALSE, shared = FALSE;
      for (guint i = 0; i < a->len; i++)
        if (g_array_index (a, Feature, i).key[0] == *slot)
          {
            const char *key = g_array_index (a, Feature, i).key;
            in_a = TRUE;
            shared = shared || has_feature (b, key);
          }
      for (guint i = 0; i < b->len && !in_b; i++)
        in_b = g_array_index (b, Feature, i).key[0] == *slot;
      if (shared)
        (*agree)++;
      else if (in_a && in_b)
        (*conflict)++;
    }
}

/* The hours a time of the frame spans: an hour on the clock ("c:14"), or
 * the part of a named day it falls in ("u:1", a morning: 5 to 11; a night
 * runs past midnight; "u:4", late on the day: 18 to 3). FALSE for other
 * slots. */
static gboolean
frame_hours (const char *key, int *first, int *last)
{
  /* night, morning, afternoon, evening, late (evening to night), early
   * (night to morning) */
  static const int parts[6][2]
      = { { 21, 29 }, { 5, 11 }, { 11, 17 }, { 17, 22 }, { 18, 27 }, { 0, 8 } };
  int n = atoi (key + 2);

  if (key[0] == 'c')
    *first = *last = n;
  else if (key[0] == 'u' && n >= 0 && n < (int) G_N_ELEMENTS (parts))
    *first = parts[n][0], *last = parts[n][1];
  else
    return FALSE;
  return TRUE;
}

static gboolean
has_slot (GArray *frame, char slot)
{
  for (guint i = 0; i < frame->len; i++)
    if (g_array_index (frame, Feature, i).key[0] == slot)
      return TRUE;
  return FALSE;
}

/* How many hours apart two spans of hours are at the nearest (0 when they
 * meet), round the clock. */
static int
hours_apart (int first_a, int last_a, int first_b, int last_b)
{
  int best = 24;

  for (int x = first_a; x <= last_a; x++)
    for (int y = first_b; y <= last_b; y++)
      {
        int d = ABS (x - y) % 24;
        best = MIN (best, MIN (d, 24 - d));
      }
  return best;
}

/* Hours within this of a part of a named day are near it. */
#define PART_NEAR 2

/* Whether the two frames give the event's hour on the clock in one and the
 * hour or the part of the day in the other, and none near one of the
 * other's: within CLOCK_NEAR hours for two hours ("about 6:30 a.m." and "2
 * p.m."), within PART_NEAR of the part of a day named with the day ("5:30
 * a.m." and "on Tuesday afternoon"). Two outlets give one event's time
 * alike, near enough. Parts of a day alone are left to frame_compare
 * (neighbours may be one time). Times are compared when the two were
 * published close together or name one day of the week for the event. An
 * event that lasted (a standoff of eight hours) is near any hour it lasted:
 * lasted widens the nearness. */
static gboolean
clock_differs (GArray *a, GArray *b, gboolean same_day, int lasted, int later)
{
  gboolean compared = FALSE, clocks, named_day = FALSE;

  for (guint i = 0; i < a->len && !same_day && !named_day; i++)
    {
      const char *key = g_array_index (a, Feature, i).key;
      named_day = key[0] == 'd' && has_feature (b, key);
    }
  if (!same_day && !named_day)
    return FALSE;
  /* An hour on the clock in both says more than a part of the day: "at
   * about 6.30 a.m." and "at around 11 p.m." are two times, whatever "late
   * on Wednesday night" might stretch to. */
  clocks = has_slot (a, 'c') && has_slot (b, 'c');
  /* A report published most of a day after the other that names the day
   * with a part of it tells of the aftermath as often as of the event
   * ("residents spent Saturday night in tents", "one man was brought out
   * alive late on Monday night"): only its hour on the clock is the
   * event's. (The earlier one's part of the day is its event's.) */
  if (same_day)
    later = 0;
  for (guint i = 0; i < a->len; i++)
    {
      const char *x = g_array_index (a, Feature, i).key;
      int first_x, last_x;
      if ((clocks && x[0] != 'c') || (later == 1 && x[0] != 'c')
          || !frame_hours (x, &first_x, &last_x))
        continue;
      for (guint k = 0; k < b->len; k++)
        {
          const char *y = g_array_index (b, Feature, k).key;
          int first_y, last_y;
          if ((x[0] != 'c' && y[0] != 'c') || (clocks && y[0] != 'c') || (later == 2 && y[0] != 'c')
              || !frame_hours (y, &first_y, &last_y))
            continue;
          compared = TRUE;
          if (hours_apart (first_x, last_x, first_y, last_y)
              <= (x[0] == 'c' && y[0] == 'c' ? CLOCK_NEAR : PART_NEAR) + lasted)
            return FALSE;
        }
    }
  return compared;
}

/* Hours apart at which the parts of two named days are two times ("late on
 * Saturday", 18:00 to 03:00, and "on Sunday afternoon", from 11:00: eight). */
#define DAY_PARTS_APART 6
/* Reports published within this many hours of each other name the days of
 * their events (a later one that tells of the earlier event names its day
 * with the event's: "the shooting late on Saturday"). */
#define DAY_PARTS_HOURS 36

/* The hours of the week (from Sunday 00:00) a frame's one named day and the
 * part of it give the event ("late on Saturday": 162 to 171); FALSE unless
 * the frame names one day and one part of it. */
static gboolean
week_hours (GArray *frame, int *first, int *last)
{
  int day = -1, part_first = 0, part_last = 0, days = 0, parts = 0, clock = -1, clocks = 0;

  for (guint i = 0; i < frame->len; i++)
    {
      const char *key = g_array_index (frame, Feature, i).key;
      if (key[0] == 'd' && key[1] == ':')
        day = atoi (key + 2), days++;
      else if (key[0] == 'u' && frame_hours (key, &part_first, &part_last))
        parts++;
      else if (key[0] == 'c' && key[1] == ':')
        clock = atoi (key + 2), clocks++;
    }
  /* An hour on the clock says more than the part of the day it falls in;
   * midnight is the end of the day named with it ("late on Monday, shortly
   * before midnight") as often as its start. */
  if (clocks == 1 && clock >= 0 && clock < 24)
    part_first = clock, part_last = clock == 0 ? 24 : clock, parts = 1;
  if (days != 1 || parts != 1 || day < 0 || day > 6)
    return FALSE;
  *first = 24 * day + part_first;
  *last = 24 * day + part_last;
  return TRUE;
}

/* Whether each frame names one day and a part of it for its event, two
 * different days, and the two parts are DAY_PARTS_APART hours apart or more
 * (and more than an event that lasted lasted), round the week: two times. (Parts of one day are
 * left to frame_compare: a standoff that began in the morning ends late that night.) */
static gboolean
day_parts_differ (GArray *a, GArray *b, int lasted)
{
  int first_a, last_a, first_b, last_b, best = G_MAXINT;

  if (!week_hours (a, &first_a, &last_a) || !week_hours (b, &first_b, &last_b)
      || first_a / 24 == first_b / 24)
    return FALSE;
  for (int shift = -168; shift <= 168; shift += 168)
    {
      int lo = first_b + shift, hi = last_b + shift;
      int gap = hi < first_a ? first_a - hi : lo > last_a ? lo - last_a : 0;
      best = MIN (best, gap);
    }
  return best >= DAY_PARTS_APART + lasted;
}

/* Offsets as utc-offsets.tsv gives them (from the time zone database):
 * country -> its least and greatest offset, in seconds (gint32[2]). */
static GHashTable *
offset_table (void)
{
  static GHashTable *table;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr (GBytes) bytes = g_resources_lookup_data (
          "/io/github/vigildesk/Vigil/analysis/utc-offsets.tsv", 0, NULL);
      g_autofree char *text = NULL;
      g_auto (GStrv) lines = NULL;

      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (bytes != NULL)
        {
          text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          lines = g_strsplit (text, "\n", -1);
        }
      for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
        {
          g_auto (GStrv) f = g_strsplit (lines[i], "\t", 4);
          char *end_least, *end_greatest;
          gint64 least, greatest;
          gint32 *range;

          if (lines[i][0] == '#' || g_strv_length (f) != 3)
            continue;
          least = g_ascii_strtoll (f[1], &end_least, 10);
          greatest = g_ascii_strtoll (f[2], &end_greatest, 10);
          /* (UTC-12 to UTC+14, in minutes) */
          if (*end_least != '\0' || *end_greatest != '\0' || least > greatest || least < -720
              || greatest > 840)
            continue;
          range = g_new (gint32, 2);
          range[0] = (gint32) least * 60;
          range[1] = (gint32) greatest * 60;
          g_hash_table_insert (table, g_strdup (f[0]), range);
        }
      g_once_init_leave (&done, 1);
    }
  return table;
}

gboolean
cluster_utc_offsets (const char *country, gint32 *least, gint32 *greatest)
{
  const gint32 *range = country ? g_hash_table_lookup (offset_table (), country) : NULL;

  if (range == NULL)
    return FALSE;
  *least = range[0];
  *greatest = range[1];
  return TRUE;
}

/* The earliest instant (UTC) the event of a report whose lead names one day
 * of the week and an hour on the clock for it can have been: that day on or
 * before the report's own date, at that hour, where the event was (its
 * countries' offsets from UTC; anywhere's when it names none). A day
 * alone, or a part of it, may be the day of the news a follow-up leads with
 * ("rescuers on Wednesday morning pulled out..."): FALSE then, and when the
 * lead names no day or more than one. */
static gboolean
event_earliest (const VigilStorySignature *s, gint64 *earliest)
{
  int day = -1, days = 0, clock = G_MAXINT;
  g_autoptr (GDateTime) published = NULL;
  int weekday, back;

  for (guint i = 0; i < s->frame->len; i++)
    {
      const char *key = g_array_index (s->frame, Feature, i).key;
      if (key[0] == 'd' && key[1] == ':')
        day = atoi (key + 2), days++;
      else if (key[0] == 'c' && key[1] == ':')
        clock = MIN (clock, atoi (key + 2));
    }
  if (days != 1 || day < 0 || day > 6 || clock == G_MAXINT)
    return FALSE;
  /* The report's date where it is earliest: its day of the week there. */
  published = g_date_time_new_from_unix_utc (s->time + s->offset_least);
  if (published == NULL)
    return FALSE;
  weekday = g_date_time_get_day_of_week (published) % 7; /* Sunday 0 */
  back = (weekday - day + 7) % 7;
  *earliest = s->time + s->offset_least - g_date_time_get_hour (published) * 3600
              - g_date_time_get_minute (published) * 60 - g_date_time_get_second (published)
              - (gint64) back * 86400 + (gint64) clock * 3600 - s->offset_greatest;
  return TRUE;
}

/* Whether a's lead names a day (and hour) for its event that began after b
 * was published, where the event was: b cannot tell of it. An hour of a
 * lead that says how long the event lasted may be its end ("gave himself up
 * on Friday afternoon after a seven-hour standoff"): the event began that
 * long before. */
static gboolean
happened_after (const VigilStorySignature *a, const VigilStorySignature *b)
{
  gint64 earliest;

  /* (a time of 0: published when is not known) */
  return b->time > 0 && event_earliest (a, &earliest)
         && earliest - (gint64) a->duration_hours * 3600 > b->time;
}

/* Two reports of one country that agree on FRAME_GATE slots of the event's
 * frame and disagree on none (troops killed at a base by drones; a car bomb
 * at a market) may be one event whose places the lists could not relate: a
 * town they do not know in one report and its province in the other, a
 * village in one and the district in the other. Not when the lists place
 * towns of both (two towns of one province are two places), nor when the
 * provinces they know of the two differ. The rest of the signature decides,
 * without evidence from names. */
#define FRAME_GATE 2

/* A report that names no country and no place the lists know ("drones
 * struck the post in El Plateado") may be any country's: one event with
 * another when the frame agrees on UNPLACED_GATE slots (by what, what, who)
 * and both give the same count of UNPLACED_TOLLS kinds (one soldier killed
 * and seven wounded). */
#define UNPLACED_GATE 3
#define UNPLACED_TOLLS 2

gboolean
cluster_unplaced (const VigilStorySignature *s)
{
  return s->countries->len == 0 && s->named_regions->len == 0 && s->city_regions->len == 0;
}

/* The kinds of count both give with one value. */
static guint
tolls_equal (const VigilStorySignature *a, const VigilStorySignature *b)
{
  static const char slots[] = "kwa";
  guint equal = 0;

  for (const char *slot = slots; *slot; slot++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < a->tolls->len && !found; i++)
        for (guint k = 0; k < b->tolls->len && !found; k++)
          {
            const Toll *x = &g_array_index (a->tolls, Toll, i);
            const Toll *y = &g_array_index (b->tolls, Toll, k);
            found = x->slot == *slot && y->slot == *slot && x->value == y->value;
          }
      equal += found;
    }
  return equal;
}

static gint64 most_killed (const VigilStorySignature *s);

/* The later report counts more dead than the earlier, from 8 hours to a day
 * and a half on: what an update of one toll does ("at least nine killed",
 * then "14 bodies recovered" the next morning; not another report of the
 * same afternoon, which knows the first count). */
static gboolean
toll_grew (const VigilStorySignature *a, const VigilStorySignature *b)
{
  const VigilStorySignature *earlier = a->time <= b->time ? a : b;
  const VigilStorySignature *later = earlier == a ? b : a;
  gint64 before = most_killed (earlier), after = most_killed (later);

  return later->time - earlier->time <= 36 * 3600 && later->time - earlier->time >= 8 * 3600
         && before > 0 && after > before;
}

static gboolean
frame_opens_gate (const VigilStorySignature *a, const VigilStorySignature *b, guint agree,
                  guint conflict)
{
  gboolean placed_a = a->named_regions->len > 0 || a->city_regions->len > 0;
  gboolean placed_b = b->named_regions->len > 0 || b->city_regions->len > 0;

  if (conflict == 0 && agree >= UNPLACED_GATE && (cluster_unplaced (a) || cluster_unplaced (b))
      && (tolls_equal (a, b) >= UNPLACED_TOLLS || toll_grew (a, b)))
    return TRUE;
  if (agree < FRAME_GATE || conflict > 0 || (a->city_regions->len > 0 && b->city_regions->len > 0)
      || overlap (a->countries, b->countries).count == 0)
    return FALSE;
  /* The provinces the lists know of the two (named, or holding a town) must
   * not disagree: a town of one province is not the other province. */
  return !placed_a || !placed_b || overlap (a->named_regions, b->city_regions).count > 0
         || overlap (a->city_regions, b->named_regions).count > 0
         || overlap (a->named_regions, b->named_regions).count > 0;
}

static double
idf_of (const Idf *idf, gboolean name, const char *key)
{
  char buffer[256];
  guint n;

  if (idf == NULL)
    return 1;
  if (name)
    {
      g_snprintf (buffer, sizeof buffer, NAME_PREFIX "%s", key);
      key = buffer;
    }
  n = GPOINTER_TO_UINT (g_hash_table_lookup (idf->df, key));
  /* As if IDF_PRIOR more articles without the word had been seen: with few
   * articles remembered (at start, or a handful of files), every word the two
   * share would otherwise count as common. */
  return log ((idf->n + IDF_PRIOR + 2.0) / (n + 1.0));
}

/* How much two sorted feature arrays share: the weight of the shared
 * features over the geometric mean of the two totals (a cosine of their
 * weights taken as present or not), each feature weighing its own weight
 * times its rarity. A short bulletin and a long feature on one event share
 * most of the bulletin: the feature's background, quotes and colour count
 * less against it than in Dice, which adds the totals, yet more than in a
 * share of the shorter alone, which any short report would fill. */
static double
weighted_overlap (GArray *a, GArray *b, const Idf *idf)
{
  double shared = 0, ta = 0, tb = 0;
  guint i = 0, k = 0;

  while (i < a->len || k < b->len)
    {
      Feature *x = i < a->len ? &g_array_index (a, Feature, i) : NULL;
      Feature *y = k < b->len ? &g_array_index (b, Feature, k) : NULL;
      int c = x == NULL ? 1 : y == NULL ? -1 : strcmp (x->key, y->key);
      if (c == 0)
        {
          double w = idf_of (idf, FALSE, x->key);
          shared += (x->weight + y->weight) * w / 2;
          ta += x->weight * w, tb += y->weight * w;
          i++, k++;
        }
      else if (c < 0)
        ta += x->weight * idf_of (idf, FALSE, x->key), i++;
      else
        tb += y->weight * idf_of (idf, FALSE, y->key), k++;
    }
  return ta > 0 && tb > 0 ? MIN (1.0, shared / sqrt (ta * tb)) : 0;
}

/* The dot product of the weights of an evacuation in one report and a
 * travel advisory in the other: a state that orders its staff out raises its
 * advisory in one breath ("ordered departure", "Level 4: Do Not Travel"),
 * and outlets lead with one or the other. */
static double
departure_dot (GArray *a, GArray *b)
{
  double dot = 0;

  for (guint i = 0; i < a->len; i++)
    {
      const Feature *x = &g_array_index (a, Feature, i);
      if (g_strcmp0 (cluster_event_family (x->key), "departure") != 0)
        continue;
      for (guint k = 0; k < b->len; k++)
        {
          const Feature *y = &g_array_index (b, Feature, k);
          if (strcmp (x->key, y->key) != 0
              && g_strcmp0 (cluster_event_family (y->key), "departure") == 0)
            dot += x->weight * y->weight;
        }
    }
  return dot;
}

static gboolean
in_country (GArray *regions, const char *code)
{
  const char *dash = strchr (code, '-');

  for (guint i = 0; dash != NULL && i < regions->len; i++)
    {
      const char *key = g_array_index (regions, Feature, i).key;
      if (strncmp (key, code, dash - code + 1) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether the provinces one report names or holds towns of include one of
 * the other's. */
static gboolean
regions_shared (const VigilStorySignature *a, const VigilStorySignature *b)
{
  return overlap (a->named_regions, b->named_regions).count > 0
         || overlap (a->named_regions, b->city_regions).count > 0
         || overlap (a->city_regions, b->named_regions).count > 0
         || overlap (a->city_regions, b->city_regions).count > 0;
}

/* Both reports name a province of one country ("in Nangarhar province", "in
 * Helmand province"), and not one province of the one, named or holding a
 * town it names, is the other's: two events, however much else (the same
 * group, the same day, the same kind of attack) the two share. Towns alone
 * do not decide it: a report names the city its wounded were taken to or
 * its officials spoke in. */
static gboolean
provinces_differ (const VigilStorySignature *a, const VigilStorySignature *b)
{
  gboolean one_country = FALSE;

  for (guint i = 0; i < a->named_regions->len && !one_country; i++)
    one_country = in_country (b->named_regions, g_array_index (a->named_regions, Feature, i).key);
  return one_country && !regions_shared (a, b);
}

/* Whether a lead town of one report is named anywhere in the other, b (as
 * a name, a spelling of one, or a part of one's). */
static gboolean
town_named_in (const Feature *t, const VigilStorySignature *b)
{
  for (guint k = 0; k < b->entities->len; k++)
    {
      const Feature *o = &g_array_index (b->entities, Feature, k);
      /* (a province of the town's name is not the town) */
      if (!o->specific)
        continue;
      if (g_str_equal (t->key, o->key)
          || (t->ascii != NULL && o->ascii != NULL
              && (g_str_equal (t->ascii, o->ascii) || variant_spelling (t->ascii, o->ascii))))
        return TRUE;
    }
  for (guint k = 0; k < b->units->len; k++)
    if (t->ascii != NULL && g_str_equal (t->ascii, g_array_index (b->units, Feature, k).key + 2))
      return TRUE;
  return FALSE;
}

/* Whether one of a's lead towns is named anywhere in b. */
static gboolean
lead_town_in (const VigilStorySignature *a, const VigilStorySignature *b)
{
  for (guint i = 0; i < a->lead_towns->len; i++)
    if (town_named_in (&g_array_index (a->lead_towns, Feature, i), b))
      return TRUE;
  return FALSE;
}

/* Whether one of a's lead towns is not named in b. */
static gboolean
lead_town_not_in (const VigilStorySignature *a, const VigilStorySignature *b)
{
  for (guint i = 0; i < a->lead_towns->len; i++)
    if (!town_named_in (&g_array_index (a->lead_towns, Feature, i), b))
      return TRUE;
  return FALSE;
}

static gboolean
lead_towns_differ (const VigilStorySignature *a, const VigilStorySignature *b)
{
  return a->lead_towns->len > 0 && b->lead_towns->len > 0 && !lead_town_in (a, b)
         && !lead_town_in (b, a);
}

/* The leads set their events in towns the other report does not name, one
 * of them in a province the lists know, and the two reports name provinces
 * (or towns of them) of one country, none of them the other's: two events
 * ("off Zuwara" and "east of Tobruk", "outside Guatemala City" and "in
 * Escuintla"). */
static gboolean
lead_provinces_differ (const VigilStorySignature *a, const VigilStorySignature *b)
{
  gboolean one_country = FALSE;
  GArray *of_a[] = { a->city_regions, a->named_regions };

  if (a->lead_city_regions->len == 0 && b->lead_city_regions->len == 0)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (of_a); k++)
    for (guint i = 0; i < of_a[k]->len && !one_country; i++)
      {
        const char *key = g_array_index (of_a[k], Feature, i).key;
        one_country = in_country (b->city_regions, key) || in_country (b->named_regions, key);
      }
  return one_country && !regions_shared (a, b);
}

/* Both give a count of the dead and no value of one is one of the other's. */
static gboolean
killed_differ (const VigilStorySignature *a, const VigilStorySignature *b)
{
  gboolean in_a = FALSE, in_b = FALSE;

  for (guint i = 0; i < a->tolls->len; i++)
    {
      const Toll *x = &g_array_index (a->tolls, Toll, i);
      if (x->slot != 'k')
        continue;
      in_a = TRUE;
      for (guint k = 0; k < b->tolls->len; k++)
        {
          const Toll *y = &g_array_index (b->tolls, Toll, k);
          if (y->slot != 'k')
            continue;
          in_b = TRUE;
          if (x->value == y->value)
            return FALSE;
        }
    }
  return in_a && in_b;
}

/* The date (days since 1970, on the calendar of where the event was: its
 * countries' offsets from UTC, anywhere's when it names none) of the one day
 * of the week a report's lead gives its event ("on Wednesday"; not the day of
 * what was said or of the aftermath: vigil-cluster-frame.c): the report's own
 * date there when it is that day (a date of UTC-12 to UTC+14 for a report of
 * anywhere), else the latest such day before it; -1 when the lead names no
 * day, or more than one. */
static gint64
event_date (const VigilStorySignature *s)
{
  int day = -1, days = 0;
  gint64 first, last;

  for (guint i = 0; i < s->frame->len; i++)
    {
      const char *key = g_array_index (s->frame, Feature, i).key;
      if (key[0] == 'd' && key[1] == ':')
        day = atoi (key + 2), days++;
    }
  if (days != 1 || day < 0 || day > 6 || s->time <= 0)
    return -1;
  /* (1 January 1970 was a Thursday: day 4) */
  first = (s->time + s->offset_least) / 86400;
  last = (s->time + s->offset_greatest) / 86400;
  for (gint64 date = last; date >= first; date--)
    if ((date + 4) % 7 == day)
      return date;
  return first - ((first + 4) % 7 - day + 7) % 7;
}

static gboolean
dates_differ (const VigilStorySignature *a, const VigilStorySignature *b)
{
  gint64 x = event_date (a), y = event_date (b);

  return x >= 0 && y >= 0 && x != y;
}

/* The largest count of the dead a report gives, -1 for none. */
static gint64
most_killed (const VigilStorySignature *s)
{
  gint64 most = -1;

  for (guint i = 0; i < s->tolls->len; i++)
    if (g_array_index (s->tolls, Toll, i).slot == 'k')
      most = MAX (most, g_array_index (s->tolls, Toll, i).value);
  return most;
}

/* The later of two reports counts fewer dead than the earlier: an updated
 * toll grows ("five dead", later "seven"), another incident's need not. */
static gboolean
killed_fell (const VigilStorySignature *a, const VigilStorySignature *b)
{
  const VigilStorySignature *earlier = a->time <= b->time ? a : b;
  const VigilStorySignature *later = earlier == a ? b : a;
  gint64 before = most_killed (earlier), after = most_killed (later);

  return a->time != b->time && before > 0 && after >= 0 && after < before;
}

/* The later report's lead says its count of the dead rose ("the toll
 * climbed to 14"), to more than the earlier report's: an update of the
 * earlier's news. */
static gboolean
toll_update (const VigilStorySignature *a, const VigilStorySignature *b)
{
  const VigilStorySignature *earlier = a->time <= b->time ? a : b;
  const VigilStorySignature *later = earlier == a ? b : a;
  gint64 before = most_killed (earlier), after = most_killed (later);

  return a->time != b->time && later->toll_rose && before > 0 && after > before;
}

/* Whether two parts of a day ("u:N") can be one time: "late on Tuesday" is
 * its evening or night, "early on Tuesday" its night or morning. */
static gboolean
parts_meet (const char *x, const char *y)
{
  static const char *const meet[][2]
      = { { "u:4", "u:3" }, { "u:4", "u:0" }, { "u:5", "u:0" }, { "u:5", "u:1" } };

  if (g_str_equal (x, y))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (meet); i++)
    if ((g_str_equal (x, meet[i][0]) && g_str_equal (y, meet[i][1]))
        || (g_str_equal (y, meet[i][0]) && g_str_equal (x, meet[i][1])))
      return TRUE;
  return FALSE;
}

/* One day (published within DAYS_COMPARED, or one named day), parts of it in
 * both ("u:" slots), none in common. */
static gboolean
parts_differ (GArray *a, GArray *b, gboolean same_day)
{
  gboolean in_a = FALSE, in_b = FALSE;

  for (guint i = 0; i < a->len && !same_day; i++)
    {
      const char *key = g_array_index (a, Feature, i).key;
      same_day = key[0] == 'd' && has_feature (b, key);
    }
  if (!same_day)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const char *x = g_array_index (a, Feature, i).key;
      if (x[0] != 'u')
        continue;
      in_a = TRUE;
      for (guint k = 0; k < b->len; k++)
        if (parts_meet (x, g_array_index (b, Feature, k).key))
          return FALSE;
    }
  in_b = has_slot (b, 'u');
  return in_a && in_b;
}

/* Whether A's headline reports a state's measures for its staff or citizens
 * (a drawdown, an evacuation, a travel advisory) of which B, headlined on an
 * act of violence, tells nothing: the measures answer months of attacks,
 * not B's one. (Residents evacuated after a flood or a fire are that
 * event's aftermath.) */
static gboolean
departure_untold_in (const VigilStorySignature *a, const VigilStorySignature *b)
{
  if (!has_feature (a->headline, "departure") || !has_feature (b->headline, "violence"))
    return FALSE;
  for (guint k = 0; k < b->categories->len; k++)
    if (g_strcmp0 (cluster_event_family (g_array_index (b->categories, Feature, k).key),
                   "departure")
        == 0)
      return FALSE;
  return TRUE;
}

/* Spelling variants, names in full and in part, a province holding the
 * other's town, a district or township both name: the specific weight the
 * two share in other forms. */
static double
variant_specific (const VigilStorySignature *a, const VigilStorySignature *b)
{
  return variant_names (a, b) + written_names (a, b) + written_names (b, a)
         + (contains_place (a, b) || contains_place (b, a) ? WEIGHT_PLACE : 0)
         + (units_shared (a, b) || units_shared (b, a) ? WEIGHT_PLACE : 0);
}

/* Whether both frames name the hazard (an earthquake, a storm, an
 * eruption: events that strike a region, not a town). */
static gboolean
wide_hazard_shared (const VigilStorySignature *a, const VigilStorySignature *b, const char *hazard)
{
  return has_feature (a->frame, hazard) && has_feature (b->frame, hazard);
}

/* What the lazy features leave out, for the model: the variants when the
 * names in common were enough for the rules, the words' overlap (the costly
 * part, with its look-ups of rarity) and the counts and parts of the day. */
static void
pair_features_rest (const VigilStorySignature *a, const VigilStorySignature *b, const Idf *idf,
                    PairFeatures *f)
{
  if (f->shared_specific >= 2 * MIN_SPECIFIC)
    f->variant_specific = variant_specific (a, b);
  f->words = weighted_overlap (a->words, b->words, idf);
  f->killed_differ = killed_differ (a, b);
  f->killed_fell = killed_fell (a, b);
  f->toll_update = toll_update (a, b);
  f->dates_differ = dates_differ (a, b);
  f->parts_differ = parts_differ (a->frame, b->frame, f->same_day);
  f->leads_apart = lead_town_not_in (a, b) && lead_town_not_in (b, a);
}

/* The features, or (lazy) only those cluster_similarity()'s rules need: none
 * past a near SimHash or for reports stored without an analysis, and
 * pair_features_rest() left for it to work out once the pair has passed the
 * rules. */
static void
pair_features (const VigilStorySignature *a, const VigilStorySignature *b, const Idf *idf,
               gboolean lazy, PairFeatures *f)
{
  Overlap ents, cats;
  guint agree, conflict;

  memset (f, 0, sizeof *f);
  f->simhash_distance
      = (a->simhash != 0 || b->simhash != 0) ? vigil_simhash_distance (a->simhash, b->simhash) : 64;
  if (lazy && f->simhash_distance <= SIMHASH_NEAR)
    return;
  ents = overlap (a->entities, b->entities);
  f->shared_names = ents.count;
  f->shared_specific = ents.specific;
  f->names_jaccard = a->entities->len + b->entities->len > ents.count
                         ? (double) ents.count / (a->entities->len + b->entities->len - ents.count)
                         : 0;
  if (lazy && (a->names_only || b->names_only))
    return;
  /* Places count as in common when one report's province holds the other's
   * town, names when they are spelling variants or one person's name in full
   * and in part. */
  if (f->shared_specific < 2 * MIN_SPECIFIC)
    f->variant_specific = variant_specific (a, b);
  f->shared_regions = overlap (a->regions, b->regions).count;
  f->same_day = ABS (a->time - b->time) <= DAYS_COMPARED;
  f->hours = ABS (a->time - b->time) / 3600.0;
  frame_compare (a->frame, b->frame, f->same_day, &agree, &conflict);
  f->frame_agree = agree;
  f->frame_conflict = conflict;
  f->toll_conflicts = toll_conflicts (a, b);
  /* A follow-up's times are its news's ("died early on Wednesday", "found
   * late on Saturday"), not those of the event it names by its day. A report
   * whose count of the dead cannot be the other's is no follow-up: "a
   * reprisal for Monday's killing of 14 farmers" that kills two herders tells
   * of an incident of its own. */
  f->follow_up = follow_up (a, b) && conflicts_in (a, b, "k") == 0;
  f->avenges = avenges (a, b) || avenges (b, a);
  f->clock_differs = !f->follow_up
                     && (clock_differs (a->frame, b->frame, f->same_day,
                                        MAX (a->duration_hours, b->duration_hours),
                                        a->time > b->time   ? 1
                                        : b->time > a->time ? 2
                                                            : 0)
                         || (f->hours <= DAY_PARTS_HOURS
                             && day_parts_differ (a->frame, b->frame,
                                                  MAX (a->duration_hours, b->duration_hours))));
  f->happened_after = !f->follow_up && (happened_after (a, b) || happened_after (b, a));
  /* Two earthquakes a day apart whose magnitudes are within two tenths
   * (agencies differ as much: 6.6 by one, 6.4 by the other) need no town
   * or actor in common to be weighed. (Magnitudes far apart are no evidence of
   * two: a follow-up may give only its aftershocks'.) */
  /* A magnitude of 5 or 6 is common: in one country, or with a name in
   * common ("Lake Kivu", across a border). */
  f->magnitudes_agree
      = a->magnitude != 0 && b->magnitude != 0 && wide_hazard_shared (a, b, "h:quake")
        && f->hours <= MAGNITUDE_HOURS
        && ABS ((int) a->magnitude - (int) b->magnitude) <= MAGNITUDE_AGREE
        && (overlap (a->countries, b->countries).count > 0 || f->shared_specific >= MIN_SPECIFIC);
  /* (a magnitude alone opens no more than the gate: two quakes of one
   * country may be a few tenths apart) */
  f->wide_hazard = (wide_hazard_shared (a, b, "h:quake") || wide_hazard_shared (a, b, "h:storm")
                    || wide_hazard_shared (a, b, "h:volcano"))
                   && f->shared_specific + f->variant_specific >= MIN_SPECIFIC;
  f->gate = frame_opens_gate (a, b, agree, conflict + f->toll_conflicts);
  /* (a report that names no country, people or province has only the
   * countries the lists give its towns' names: "Tata" is Hungarian to them,
   * the Moroccan town unknown) */
  f->countries_differ = a->countries->len > 0 && b->countries->len > 0 && a->country_named
                        && b->country_named && overlap (a->countries, b->countries).count == 0;
  f->headline_differs = a->headline->len > 0 && b->headline->len > 0
                        && overlap (a->headline, b->headline).count == 0;
  f->departure_untold
      = f->headline_differs && (departure_untold_in (a, b) || departure_untold_in (b, a));
  f->risks = (a->categories->len > 0) + (b->categories->len > 0);
  if (f->risks == 2)
    {
      cats = overlap (a->categories, b->categories);
      f->category_cosine = (cats.dot + departure_dot (a->categories, b->categories))
                           / (a->category_norm * b->category_norm);
    }
  f->words = -1;
  f->shared_numbers = shared_numbers (a->numbers, b->numbers);
  f->near_numbers = near_numbers (a->numbers, b->numbers);
  f->units_differ = units_differ (a, b);
  /* (a province one names for the background, its victims' home, where
   * both name the town the event was in, is no other event's) */
  f->provinces_differ = provinces_differ (a, b) && !lead_town_in (a, b) && !lead_town_in (b, a);
  f->lead_towns_differ = lead_towns_differ (a, b);
  f->lead_provinces_differ = f->lead_towns_differ && !f->follow_up && lead_provinces_differ (a, b);
  f->lead_countries_differ = a->lead_countries->len > 0 && b->lead_countries->len > 0
                             && overlap (a->lead_countries, b->lead_countries).count == 0
                             && overlap (a->lead_countries, b->lead_peoples).count == 0
                             && overlap (a->lead_peoples, b->lead_countries).count == 0;
  /* (the people an event befell are its own: of no nationality the other
   * lead names, they are another event's) */
  f->victims_differ = a->lead_victims->len > 0 && b->lead_victims->len > 0
                      && overlap (a->lead_victims, b->lead_peoples).count == 0
                      && overlap (a->lead_peoples, b->lead_victims).count == 0
                      && overlap (a->lead_victims, b->lead_countries).count == 0
                      && overlap (a->lead_countries, b->lead_victims).count == 0;
  if (!lazy)
    pair_features_rest (a, b, idf, f);
}

const char *const cluster_model_input_names[STORY_IN_N] = {
  [STORY_IN_SHARED_SPECIFIC] = "shared_specific",
  [STORY_IN_VARIANT_SPECIFIC] = "variant_specific",
  [STORY_IN_SHARED_REGIONS] = "shared_regions",
  [STORY_IN_SAME_DAY] = "same_day",
  [STORY_IN_HOURS] = "hours",
  [STORY_IN_FRAME_AGREE] = "frame_agree",
  [STORY_IN_FRAME_CONFLICT] = "frame_conflict",
  [STORY_IN_TOLL_CONFLICTS] = "toll_conflicts",
  [STORY_IN_GATE] = "gate",
  [STORY_IN_HEADLINE_DIFFERS] = "headline_differs",
  [STORY_IN_RISKS] = "risks",
  [STORY_IN_CATEGORY_COSINE] = "category_cosine",
  [STORY_IN_WORDS] = "words",
  [STORY_IN_SHARED_NUMBERS] = "shared_numbers",
  [STORY_IN_NEAR_NUMBERS] = "near_numbers",
  [STORY_IN_FOLLOW_UP] = "follow_up",
  [STORY_IN_LEAD_TOWNS_DIFFER] = "lead_towns_differ",
  [STORY_IN_KILLED_DIFFER] = "killed_differ",
  [STORY_IN_PARTS_DIFFER] = "parts_differ",
  [STORY_IN_KILLED_FELL] = "killed_fell",
  [STORY_IN_DATES_DIFFER] = "dates_differ",
  [STORY_IN_TOLL_UPDATE] = "toll_update",
  [STORY_IN_LEADS_APART] = "leads_apart",
};

/* Hours apart count up to two days: a story's span. */
#define MODEL_MAX_HOURS 48.0

void
cluster_model_inputs (const PairFeatures *f, double x[STORY_IN_N])
{
  x[STORY_IN_SHARED_SPECIFIC] = f->shared_specific;
  x[STORY_IN_VARIANT_SPECIFIC] = f->variant_specific;
  x[STORY_IN_SHARED_REGIONS] = f->shared_regions;
  x[STORY_IN_SAME_DAY] = f->same_day;
  x[STORY_IN_HOURS] = MIN (f->hours, MODEL_MAX_HOURS);
  x[STORY_IN_FRAME_AGREE] = f->frame_agree;
  x[STORY_IN_FRAME_CONFLICT] = f->frame_conflict;
  x[STORY_IN_TOLL_CONFLICTS] = f->toll_conflicts;
  x[STORY_IN_GATE] = f->gate;
  x[STORY_IN_HEADLINE_DIFFERS] = f->headline_differs;
  x[STORY_IN_RISKS] = f->risks;
  x[STORY_IN_CATEGORY_COSINE] = f->category_cosine;
  x[STORY_IN_WORDS] = f->words;
  x[STORY_IN_SHARED_NUMBERS] = f->shared_numbers;
  x[STORY_IN_NEAR_NUMBERS] = f->near_numbers;
  x[STORY_IN_FOLLOW_UP] = f->follow_up;
  x[STORY_IN_LEAD_TOWNS_DIFFER] = f->lead_towns_differ;
  x[STORY_IN_KILLED_DIFFER] = f->killed_differ;
  x[STORY_IN_PARTS_DIFFER] = f->parts_differ;
  x[STORY_IN_KILLED_FELL] = f->killed_fell;
  x[STORY_IN_DATES_DIFFER] = f->dates_differ;
  x[STORY_IN_TOLL_UPDATE] = f->toll_update;
  x[STORY_IN_LEADS_APART] = f->leads_apart;
}

/* The fitted models' probability that the two report one event: the
 * average of the logistic model's log-odds and the trees' (their leaves
 * summed over the prior's). An input meets a tree's threshold as the float
 * the fitting library made of it. */
static double
story_model_probability (const PairFeatures *f)
{
  double x[STORY_IN_N], linear = STORY_LINEAR_BIAS, trees = STORY_MODEL_PRIOR;

  cluster_model_inputs (f, x);
  for (guint i = 0; i < STORY_IN_N; i++)
    linear += story_linear[i].weight * (x[i] - story_linear[i].mean) / story_linear[i].scale;
  for (guint t = 0; t < STORY_MODEL_TREES; t++)
    {
      const StoryNode *node = &story_model[t][0];
      while (node->input != STORY_LEAF)
        node = &story_model[t][(double) (float) x[node->input] <= node->value ? node->left
                                                                              : node->right];
      trees += node->value;
    }
  return 1.0 / (1.0 + exp (-(linear + trees) / 2));
}

void
cluster_pair_features (const VigilStorySignature *a, const VigilStorySignature *b, const Idf *idf,
                       PairFeatures *f)
{
  pair_features (a, b, idf, FALSE, f);
}

double
cluster_similarity (const VigilStorySignature *a, const VigilStorySignature *b, const Idf *idf)
{
  return cluster_similarity_why (a, b, idf, NULL);
}

/* How many concepts of the given kinds both frames name (by their letters:
 * "h" a hazard, "h:collapse"; "m" the means, "p" the place, "v" whom it
 * befell). */
static guint
frame_shared (const VigilStorySignature *a, const VigilStorySignature *b, const char *kinds)
{
  guint shared = 0;

  for (guint i = 0; i < a->frame->len; i++)
    {
      const char *key = g_array_index (a->frame, Feature, i).key;
      if (key[0] != '\0' && strchr (kinds, key[0]) != NULL && key[1] == ':'
          && has_feature (b->frame, key))
        shared++;
    }
  return shared;
}

#define VETO(reason) (why ? (*why = (reason), 0) : 0)

double
cluster_similarity_why (const VigilStorySignature *a, const VigilStorySignature *b, const Idf *idf,
                        const char **why)
{
  PairFeatures f;
  double specific;

  pair_features (a, b, idf, TRUE, &f);
  if (f.simhash_distance <= SIMHASH_NEAR)
    return 2.0 - f.simhash_distance / 64.0;

  if (a->names_only || b->names_only)
    {
      /* Names alone: a large share of them, as before types were known. */
      if (f.shared_names < NAMES_MIN_SHARED)
        return VETO ("few names");
      return f.names_jaccard >= NAMES_MIN_JACCARD
                 ? VIGIL_STORY_SAME_EVENT + (1 - VIGIL_STORY_SAME_EVENT) * f.names_jaccard
                 : 0;
    }

  /* Not one actor or place of their own in common: not one event. */
  specific = f.shared_specific;
  if (specific < 2 * MIN_SPECIFIC)
    specific += f.variant_specific;
  /* Hours far apart on one day: two incidents of one town, not one event
   * (whatever words two short reports of one kind of event share). */
  if (f.clock_differs)
    return VETO ("hours of day differ");
  /* What began after a report was published is not what it reports. */
  if (f.happened_after)
    return VETO ("one happened after the other was published");
  /* Without one, a province both name lets the rest of the signature speak
   * (with no evidence from names); two towns of one province do not. */
  if (specific < MIN_SPECIFIC && f.shared_regions == 0 && !f.gate && !f.magnitudes_agree)
    return VETO ("no specific actor or place in common");
  /* A province is all they share, and their leads place their events in
   * towns of it the other does not name: two incidents of one province;
   * not one earthquake of one magnitude, felt in every town of it. */
  if (specific < MIN_SPECIFIC && !f.gate && f.lead_towns_differ && !f.wide_hazard
      && !f.magnitudes_agree)
    return VETO ("towns of one province differ");
  /* Two reports set in different countries, whatever actor they share (an
   * organisation active in both, a minister quoted on both): two events. So
   * are two set in differently named districts (or townships, or
   * neighbourhoods) of one place. Not one earthquake, storm or eruption
   * both name (a name they share: "Tropical Storm Nana", "Fuego"), which
   * strikes across borders of every level. */
  if (!f.wide_hazard)
    {
      if (f.lead_countries_differ)
        return VETO ("countries of the leads differ");
      if (f.countries_differ || f.units_differ)
        return VETO (f.countries_differ ? "countries differ" : "districts differ");
      if (f.provinces_differ)
        return VETO ("provinces differ");
      if (f.lead_provinces_differ)
        return VETO ("the leads' towns lie in other provinces");
      /* "Six Egyptian migrants drown", "Sudanese refugees' dinghy sinks":
       * the people each event befell are of another country. */
      if (f.victims_differ)
        return VETO ("victims of other nationalities");
    }
  /* A report whose event avenged the other's: two events. */
  if (f.avenges)
    return VETO ("one avenges the other");
  /* A drawdown headlined, of which the other report tells nothing: the
   * measures are news of their own, the rocket fire that the drawdown's
   * report gives as its background another event. */
  if (f.departure_untold)
    return VETO ("a state's measures headlined in one only");
  /* (a count of the dead alone, of the hazard the other reports, is of its
   * event: "three bodies recovered" from the gallery whose collapse the
   * other reports; not three men killed at a bar. One hazard in both frames
   * is one kind of event whatever the counts of the dead make of the
   * categories' weights: "a fire broke out" and "four killed in Monday's
   * fire". Nor two that share two of a scene's means, place and whom it
   * befell: "an explosion damaged a railway track" and "two detained after
   * an explosive charge damaged tracks" tell of one blast, whatever the
   * arrests make of the categories.) */
  if (f.risks == 2 && f.category_cosine < MIN_CATEGORY_COSINE && frame_shared (a, b, "h") == 0
      && frame_shared (a, b, "mpv") < 2)
    return VETO ("risk categories differ");
  /* A risk in one report and none in the other: not one event. */
  if (f.risks == 1)
    return VETO ("a risk in one only");

  /* What the two have in common and where they disagree, weighed by the
   * model fitted on the looked-at halves (vigil-cluster-weights.h): one
   * shared place is what two incidents of one city have too, so names count
   * beyond it; words weighed by rarity; shared counts; the frame's
   * agreement and conflicts; a follow-up that calls the event by its day. */
  pair_features_rest (a, b, idf, &f);
  return story_model_probability (&f);
}

double
vigil_story_signature_similarity (const VigilStorySignature *a, const VigilStorySignature *b)
{
  return cluster_similarity (a, b, NULL);
}
