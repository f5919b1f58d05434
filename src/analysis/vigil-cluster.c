/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cluster.c — story signatures (SimHash, the event's actors, places, words,
 * categories and numbers) and how alike two are; vigil-clusterer.c remembers
 * them and files reports into stories. */
#include "config.h"

#include "vigil-cluster-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SIMHASH_NEAR 10 /* bits of 64: reprinted wire copy */
/* Entity names alone (as the store keeps them): the share of names two
 * rewritten reports have in common, and the fewest names. */
#define NAMES_MIN_SHARED 3
#define NAMES_MIN_JACCARD 0.5

static guint64
fnv1a (const char *s, guint64 h)
{
  for (; *s; s++)
    {
      h ^= (guchar) *s;
      h *= 1099511628211ULL;
    }
  return h;
}

guint64
vigil_simhash (const char *text)
{
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text ? text : "");
  int counts[64] = { 0 };
  guint n = tokens->tokens->len;
  guint64 result = 0;

  if (n == 0)
    return 0;
  for (guint i = 0; i + 2 < n || (n < 3 && i == 0); i++)
    {
      guint64 h = 14695981039346656037ULL;
      for (guint k = i; k < i + 3 && k < n; k++)
        {
          h = fnv1a (vigil_tokens_get (tokens, k)->folded, h);
          h = fnv1a (" ", h);
        }
      for (int b = 0; b < 64; b++)
        counts[b] += (h >> b) & 1 ? 1 : -1;
    }
  for (int b = 0; b < 64; b++)
    if (counts[b] > 0)
      result |= 1ULL << b;
  return result;
}

guint
vigil_simhash_distance (guint64 a, guint64 b)
{
  return __builtin_popcountll (a ^ b);
}

/* ---- the event signature ---- */

/* Entity weights: what an actor or a place says of which event it is. */
#define WEIGHT_PERSON 2.0
#define WEIGHT_ORGANIZATION 1.5
#define WEIGHT_PLACE 1.5
#define WEIGHT_PROVINCE 0.5
#define WEIGHT_COUNTRY 0.15

/* Words that any report has, whatever its event: function words, attribution,
 * days, and the vocabulary every violent or disastrous event shares. Folded,
 * cut to STEM_CHARS. */
static const char *const common_words[] = {
  "about",  "accord", "after",  "again",  "agains", "agency", "along",  "also",   "among",
  "anoth",  "anothe", "area",   "around", "attack", "becaus", "been",   "before", "being",
  "capita", "city",   "claime", "could",  "countr", "day",    "didn",   "distri", "during",
  "earlie", "evenin", "friday", "from",   "govern", "have",   "hours",  "includ", "injure",
  "into",   "just",   "killed", "later",  "least",  "local",  "monday", "more",   "mornin",
  "most",   "near",   "night",  "offici", "only",   "other",  "over",   "people", "police",
  "provin", "region", "report", "reside", "said",   "saturd", "says",   "securi", "sever",
  "severa", "some",   "source", "spokes", "state",  "statem", "such",   "sunday", "than",
  "that",   "their",  "them",   "then",   "there",  "these",  "they",   "this",   "those",
  "thursd", "told",   "town",   "tuesda", "under",  "until",  "very",   "villag", "wednes",
  "were",   "what",   "when",   "where",  "which",  "while",  "will",   "with",   "within",
  "withou", "would",  "wounde", "year",   "years",
};

/* Agencies that sign wire copy: shared by unrelated stories. */
static const char *const wire_agencies[] = {
  "Reuters",
  "Associated Press",
  "AP",
  "AFP",
  "Agence France-Presse",
  "Xinhua",
  "Anadolu Agency",
  "Anadolu",
  "dpa",
  "Deutsche Presse-Agentur",
  "ANSA",
  "EFE",
  "Kyodo",
  "Yonhap",
  "Bernama",
  "PTI",
  "Press Trust of India",
  "UPI",
  "TASS",
  "Interfax",
};

#define STEM_CHARS 6
#define WEIGHT_TITLE_WORD 2.0
#define WEIGHT_NAME_WORD 2.0

static int
compare_features (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Feature *) a)->key, ((const Feature *) b)->key);
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
clear_feature (gpointer data)
{
  g_free (((Feature *) data)->key);
  g_free (((Feature *) data)->ascii);
}

static GArray *
feature_array (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (Feature));
  g_array_set_clear_func (array, clear_feature);
  return array;
}

/* Sorts and merges features of one key (the weights of repeats add up when
 * sum, else the largest counts). */
static void
features_finish (GArray *features, gboolean sum)
{
  guint out = 0;

  g_array_sort (features, compare_features);
  for (guint i = 0; i < features->len; i++)
    {
      Feature *f = &g_array_index (features, Feature, i);
      if (out > 0 && strcmp (g_array_index (features, Feature, out - 1).key, f->key) == 0)
        {
          Feature *kept = &g_array_index (features, Feature, out - 1);
          kept->weight = sum ? kept->weight + f->weight : MAX (kept->weight, f->weight);
          kept->specific = kept->specific || f->specific;
          kept->person = kept->person || f->person;
          g_free (f->key);
        }
      else
        g_array_index (features, Feature, out++) = *f;
    }
  /* The merged-away keys are freed: shorten without the clear function. */
  g_array_set_clear_func (features, NULL);
  g_array_set_size (features, out);
  g_array_set_clear_func (features, clear_feature);
}

static void
add_feature (GArray *features, const char *key, double weight, gboolean specific)
{
  Feature f = { g_strdup (key), weight, specific, NULL, FALSE };
  g_array_append_val (features, f);
}

static gboolean
in_list (const char *const *list, gsize n, const char *word)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], word) == 0)
      return TRUE;
  return FALSE;
}

/* How specific a place is: a country or a province (only ever listed as a
 * subdivision) says little of which event a report is about. *region: the
 * province the place is (*named) or lies in, when the lists know it. */
static double
place_weight (VigilGazetteer *gazetteer, const VigilEntity *entity, gboolean as_province,
              gboolean *specific, const char **region, gboolean *named)
{
  g_autoptr (VigilTokens) tokens = NULL;
  const VigilEntry *entry = NULL;
  GPtrArray *all = NULL;
  gboolean country = FALSE, subdivision = FALSE, local = FALSE;
  const char *canonical = entity->canonical;

  *specific = TRUE;
  *region = NULL;
  *named = FALSE;
  if (gazetteer == NULL)
    return WEIGHT_PLACE;
  tokens = vigil_tokenize (canonical);
  if (tokens->tokens->len == 0
      || vigil_gazetteer_match_all (gazetteer, tokens, 0, NULL, NULL, &entry, &all)
             != tokens->tokens->len)
    return WEIGHT_PLACE;
  for (guint i = 0; all && i < all->len; i++)
    {
      const VigilEntry *e = g_ptr_array_index (all, i);
      if (e->kind != VIGIL_ENTRY_LOCATION || g_strcmp0 (e->canonical, canonical) != 0)
        continue;
      if (e->origin == VIGIL_PLACE_COUNTRY)
        country = TRUE;
      else if (e->origin == VIGIL_PLACE_SUBDIVISION)
        subdivision = TRUE;
      else if (e->origin == VIGIL_PLACE_CITY)
        local = TRUE;
      /* The province of the place the analysis chose (its country). */
      if (e->region != NULL && *region == NULL
          && (entity->country == NULL || g_strcmp0 (e->country, entity->country) == 0))
        *region = e->region;
    }
  if (country)
    {
      *specific = FALSE;
      *region = NULL;
      return WEIGHT_COUNTRY;
    }
  /* A name the lists give both a town and its province ("Tillaberi") is the
   * province when the text says so ("Tillaberi region"). */
  if (subdivision && (!local || as_province))
    {
      *specific = FALSE;
      *named = *region != NULL;
      return WEIGHT_PROVINCE;
    }
  return WEIGHT_PLACE;
}

static const struct
{
  const char *word;
  gint64 value;
} number_words[] = {
  { "three", 3 },      { "four", 4 },      { "five", 5 },      { "six", 6 },      { "seven", 7 },
  { "eight", 8 },      { "nine", 9 },      { "ten", 10 },      { "eleven", 11 },  { "twelve", 12 },
  { "dozen", 12 },     { "thirteen", 13 }, { "fourteen", 14 }, { "fifteen", 15 }, { "sixteen", 16 },
  { "seventeen", 17 }, { "eighteen", 18 }, { "nineteen", 19 }, { "twenty", 20 },  { "thirty", 30 },
  { "forty", 40 },     { "fifty", 50 },    { "hundred", 100 },
};

/* The value of a count written in digits or words, whatever its size
 * ("one", "two": a toll of one soldier is a toll too); years excluded. */
static gboolean
count_of (const char *folded, gint64 *value)
{
  static const struct
  {
    const char *word;
    gint64 value;
  } small[] = { { "one", 1 }, { "two", 2 } };

  if (g_ascii_isdigit (*folded))
    {
      const char *p = folded;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p != '\0' || p - folded > 9)
        return FALSE;
      *value = g_ascii_strtoll (folded, NULL, 10);
      return !(*value >= 1900 && *value <= 2100);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (small); i++)
    if (strcmp (folded, small[i].word) == 0)
      {
        *value = small[i].value;
        return TRUE;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (number_words); i++)
    if (strcmp (folded, number_words[i].word) == 0)
      {
        *value = number_words[i].value;
        return TRUE;
      }
  return FALSE;
}

/* The count that token i begins: "Twenty-two" is 22, as "22" (tens and a
 * unit joined by a hyphen); *n: the tokens it spans. */
static gboolean
count_at (VigilTokens *tokens, guint i, gint64 *value, guint *n)
{
  gint64 unit;

  *n = 1;
  if (!count_of (vigil_tokens_get (tokens, i)->folded, value))
    return FALSE;
  if (*value >= 20 && *value <= 90 && *value % 10 == 0
      && !g_ascii_isdigit (*vigil_tokens_get (tokens, i)->folded) && i + 1 < tokens->tokens->len
      && (vigil_tokens_get (tokens, i + 1)->flags & VIGIL_TOKEN_JOINED_PREV)
      && count_of (vigil_tokens_get (tokens, i + 1)->folded, &unit) && unit >= 1 && unit <= 9
      && !g_ascii_isdigit (*vigil_tokens_get (tokens, i + 1)->folded))
    {
      *value += unit;
      *n = 2;
    }
  return TRUE;
}

/* What a count in a report counts, when the words about it say so: the
 * killed ('k'), the wounded ('w'), the missing ('m'), the abducted ('a').
 * Wire copy writes "killing six and wounding seven", "17 soldiers were
 * killed", "killed at least 17", "the toll rose to 3". */
static const struct
{
  const char *word;
  char slot;
} toll_words[] = {
  { "killing", 'k' },   { "killed", 'k' },    { "kills", 'k' },      { "kill", 'k' },
  { "dead", 'k' },      { "died", 'k' },      { "die", 'k' },        { "dies", 'k' },
  { "deaths", 'k' },    { "bodies", 'k' },    { "wounding", 'w' },   { "wounded", 'w' },
  { "injuring", 'w' },  { "injured", 'w' },   { "hurt", 'w' },       { "injuries", 'w' },
  { "missing", 'm' },   { "kidnapped", 'a' }, { "kidnapping", 'a' }, { "abducted", 'a' },
  { "abducting", 'a' }, { "hostages", 'a' },  { "hostage", 'a' },
};

/* Words between a toll verb and its count ("killing at least 17"). */
static const char *const count_qualifiers[] = {
  "at", "least", "about", "some", "nearly", "almost", "around", "more", "than", "over", "up", "to",
};

static char
toll_slot (const char *folded)
{
  for (gsize i = 0; i < G_N_ELEMENTS (toll_words); i++)
    if (strcmp (folded, toll_words[i].word) == 0)
      return toll_words[i].slot;
  return 0;
}

/* Whether text between two tokens breaks a clause (a comma, a dot). */
static gboolean
clause_break (VigilTokens *tokens, guint i)
{
  const VigilToken *a = vigil_tokens_get (tokens, i), *b = vigil_tokens_get (tokens, i + 1);

  for (guint k = a->byte_end; k < b->byte_start; k++)
    if (strchr (",.;:()\"", tokens->text[k]) != NULL)
      return TRUE;
  return FALSE;
}

/* The slot of the count at tokens i .. i + n - 1, or 0. */
static char
count_slot (VigilTokens *tokens, guint i, guint n)
{
  guint len = tokens->tokens->len;
  gint k = (gint) i - 1;

  /* Before it: a toll verb, perhaps with qualifiers ("killing at least"). */
  while (k >= 0 && (gint) i - k <= 4
         && in_list (count_qualifiers, G_N_ELEMENTS (count_qualifiers),
                     vigil_tokens_get (tokens, k)->folded))
    k--;
  if (k >= 0 && (gint) i - k <= 4 && !clause_break (tokens, k))
    {
      const char *before = vigil_tokens_get (tokens, k)->folded;
      char slot = toll_slot (before);
      /* "the toll rose to 3" */
      if (slot == 0 && k + 1 < (gint) i
          && g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "to"))
        for (gint b = k; b >= 0 && k - b < 3; b--)
          if (g_str_equal (vigil_tokens_get (tokens, b)->folded, "toll"))
            slot = 'k';
      if (slot != 0 && slot != 'm')
        return slot;
    }
  /* After it, in its clause: "17 soldiers were killed", "nine wounded". */
  for (guint j = i + n - 1; j + 1 < len && j + 1 < i + n + 5; j++)
    {
      gint64 other;
      guint m;
      char slot;
      if (clause_break (tokens, j) || count_at (tokens, j + 1, &other, &m))
        break;
      slot = toll_slot (vigil_tokens_get (tokens, j + 1)->folded);
      if (slot != 0)
        return slot;
      if (g_str_equal (vigil_tokens_get (tokens, j + 1)->folded, "and"))
        break;
    }
  return 0;
}

/* The stem of a folded word, cut to STEM_CHARS characters: the English
 * inflections a rewrite changes ("drones" and "drone", "killing", "kills"
 * and "killed", "damaged" and "damaging") left out, and a final "e", so that
 * the forms of one word share one stem. Other languages keep their
 * words, cut. */
static void
word_stem (const char *folded, char *stem, gsize size)
{
  static const char *const suffixes[] = { "ing", "ies", "ed", "es", "s", "e" };
  gsize n = strlen (folded);
  const char *end;

  if (n >= size)
    {
      /* Cut at a character's start, not inside a multi-byte one. */
      n = size - 1;
      while (n > 0 && ((guchar) folded[n] & 0xC0) == 0x80)
        n--;
    }
  memcpy (stem, folded, n);
  stem[n] = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize k = strlen (suffixes[i]);
      /* "es" only after a sibilant ("buses", "crashes"), "s" not after
       * another ("press"); the stem keeps three letters at least. */
      if (n < k + 3 || strcmp (stem + n - k, suffixes[i]) != 0)
        continue;
      if (strcmp (suffixes[i], "es") == 0 && !strchr ("sxzh", stem[n - 3]))
        continue;
      if (strcmp (suffixes[i], "s") == 0 && (stem[n - 2] == 's' || stem[n - 2] == 'u'))
        continue;
      n -= k;
      if (strcmp (suffixes[i], "ies") == 0)
        stem[n++] = 'y';
      stem[n] = '\0';
      /* "killing", "damaged": the final "e" of "damage" goes too. */
      if (k > 1 && n >= 4 && stem[n - 1] == 'e')
        stem[--n] = '\0';
      if (strcmp (suffixes[i], "s") == 0 && n >= 4 && stem[n - 1] == 'e')
        stem[--n] = '\0';
      break;
    }
  end = g_utf8_offset_to_pointer (stem, MIN (STEM_CHARS, g_utf8_strlen (stem, -1)));
  stem[end - stem] = '\0';
}

/* A place in capitals, as a dateline writes it. */
static gboolean
dateline_name (const char *text)
{
  gboolean letters = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_islower (c))
        return FALSE;
      letters = letters || g_unichar_isalpha (c);
    }
  return letters && g_utf8_strlen (text, -1) >= 4;
}

/* A name in lower-case ASCII letters and digits, without spaces, hyphens
 * or apostrophes: "Sara-e-Shahzada" and "Sarai Shahzada" are then one
 * letter apart. */
static char *
compact_name (const char *name)
{
  char *ascii = g_str_to_ascii (name, "C");
  char *out = ascii;

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      *out++ = g_ascii_tolower (*p);
  *out = '\0';
  return ascii;
}

static VigilStorySignature *
signature_alloc (gint64 time, guint64 simhash)
{
  VigilStorySignature *self = g_new0 (VigilStorySignature, 1);

  self->ref_count = 1;
  self->time = time;
  self->simhash = simhash;
  self->entities = feature_array ();
  self->categories = feature_array ();
  self->headline = feature_array ();
  self->words = feature_array ();
  self->numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tolls = g_array_new (FALSE, FALSE, sizeof (Toll));
  self->named_regions = feature_array ();
  self->city_regions = feature_array ();
  self->countries = feature_array ();
  self->regions = feature_array ();
  self->single_names = feature_array ();
  self->name_words = feature_array ();
  self->frame = feature_array ();
  return self;
}

static void
signature_totals (VigilStorySignature *self)
{
  double norm = 0;

  for (guint i = 0; i < self->categories->len; i++)
    {
      double w = g_array_index (self->categories, Feature, i).weight;
      norm += w * w;
    }
  self->category_norm = sqrt (norm);
}

/* The family of events a risk category reports, after ACLED's event types:
 * political violence (battles, explosions and remote violence, violence
 * against civilians, maritime attacks), demonstrations and the arrests made at
 * them, a state's measures for its staff and citizens, disasters and outages,
 * epidemics. A toll (casualties) is news of any of them: NULL. */
static const char *
event_family (const char *category)
{
  static const struct
  {
    const char *category, *family;
  } families[] = {
    { "armed-violence", "violence" },
    { "indirect-fire", "violence" },
    { "ied", "violence" },
    { "kidnapping", "violence" },
    { "maritime", "violence" },
    { "civil-unrest", "unrest" },
    { "detention", "unrest" },
    { "evacuation", "departure" },
    { "advisory", "departure" },
    { "disaster", "disaster" },
    { "infrastructure", "disaster" },
    { "health", "health" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    if (g_str_equal (families[i].category, category))
      return families[i].family;
  return NULL;
}

/* The event's frame: who was hit (v), by what (m), what or where (p), and
 * which hazard or disease (h), each as a concept that outlets word in their
 * own ways ("troops" and "soldiers", "abducted journalist" and "seized
 * reporter", "high-rise" and "apartment block"). Two reports of one event
 * agree on the frame they both give; two incidents of one town and one day
 * most often do not (a bar and a home, a bomb and a gunman, soldiers and
 * civilians). Folded word forms, English and French. */
static const struct
{
  const char *word, *concept;
} frame_words[] = {
  /* by what */
  { "gunman", "m:gun" },
  { "gunmen", "m:gun" },
  { "gunfire", "m:gun" },
  { "gun", "m:gun" },
  { "guns", "m:gun" },
  { "shooting", "m:gun" },
  { "shootings", "m:gun" },
  { "shot", "m:gun" },
  { "shoots", "m:gun" },
  { "rifle", "m:gun" },
  { "rifles", "m:gun" },
  { "firearm", "m:gun" },
  { "firearms", "m:gun" },
  { "sniper", "m:gun" },
  { "tireurs", "m:gun" },
  { "bomb", "m:bomb" },
  { "bombs", "m:bomb" },
  { "bombing", "m:bomb" },
  { "bomber", "m:bomb" },
  { "bombers", "m:bomb" },
  { "blast", "m:blast" },
  { "explosive", "m:blast" },
  { "explosives", "m:blast" },
  { "explosion", "m:blast" },
  { "exploded", "m:blast" },
  { "detonated", "m:blast" },
  { "ied", "m:bomb" },
  { "ieds", "m:bomb" },
  { "bombe", "m:bomb" },
  { "explosions", "m:blast" },
  { "grenade", "m:grenade" },
  { "grenades", "m:grenade" },
  { "landmine", "m:bomb" },
  { "landmines", "m:bomb" },
  { "drone", "m:drone" },
  { "drones", "m:drone" },
  { "uav", "m:drone" },
  { "uavs", "m:drone" },
  { "shahed", "m:drone" },
  { "missile", "m:missile" },
  { "missiles", "m:missile" },
  { "rocket", "m:missile" },
  { "rockets", "m:missile" },
  { "ballistic", "m:missile" },
  { "shelling", "m:shell" },
  { "shells", "m:shell" },
  { "artillery", "m:shell" },
  { "mortar", "m:shell" },
  { "mortars", "m:shell" },
  { "airstrike", "m:air" },
  { "airstrikes", "m:air" },
  { "warplane", "m:air" },
  { "warplanes", "m:air" },
  { "knife", "m:blade" },
  { "stabbed", "m:blade" },
  { "stabbing", "m:blade" },
  { "machete", "m:blade" },
  { "machetes", "m:blade" },
  { "cannon", "m:crowd" },
  { "teargas", "m:crowd" },
  { "batons", "m:crowd" },
  { "arson", "m:arson" },
  { "torched", "m:arson" },
  { "hijacked", "m:hijack" },
  { "hijackers", "m:hijack" },
  { "hijacking", "m:hijack" },
  { "pirates", "m:hijack" },
  { "cyberattack", "m:cyber" },
  { "ransomware", "m:cyber" },
  { "hackers", "m:cyber" },
  /* who was hit */
  { "soldier", "v:soldier" },
  { "soldiers", "v:soldier" },
  { "troops", "v:soldier" },
  { "servicemen", "v:soldier" },
  { "conscripts", "v:soldier" },
  { "soldats", "v:soldier" },
  { "militaires", "v:soldier" },
  { "policeman", "v:police" },
  { "policemen", "v:police" },
  { "constable", "v:police" },
  { "constables", "v:police" },
  { "gendarmes", "v:police" },
  { "policiers", "v:police" },
  { "police officer", "v:police" },
  { "police officers", "v:police" },
  { "police station", "p:police" },
  { "police post", "p:police" },
  { "police stations", "p:police" },
  { "civilian", "v:civilian" },
  { "civilians", "v:civilian" },
  { "villagers", "v:civilian" },
  { "civils", "v:civilian" },
  { "journalist", "v:press" },
  { "journalists", "v:press" },
  { "reporter", "v:press" },
  { "reporters", "v:press" },
  { "correspondent", "v:press" },
  { "photographer", "v:press" },
  { "cameraman", "v:press" },
  { "journaliste", "v:press" },
  { "nurse", "v:aid" },
  { "nurses", "v:aid" },
  { "doctor", "v:aid" },
  { "doctors", "v:aid" },
  { "medic", "v:aid" },
  { "medics", "v:aid" },
  { "humanitarian", "v:aid" },
  { "humanitarians", "v:aid" },
  { "aid worker", "v:aid" },
  { "aid workers", "v:aid" },
  { "health worker", "v:aid" },
  { "health workers", "v:aid" },
  { "student", "v:child" },
  { "students", "v:child" },
  { "pupils", "v:child" },
  { "schoolchildren", "v:child" },
  { "schoolgirls", "v:child" },
  { "schoolboys", "v:child" },
  { "worshippers", "v:worship" },
  { "pilgrims", "v:worship" },
  { "fideles", "v:worship" },
  { "migrants", "v:migrant" },
  { "refugees", "v:migrant" },
  { "asylum", "v:migrant" },
  { "migrant", "v:migrant" },
  { "passengers", "v:passenger" },
  { "passenger", "v:passenger" },
  { "commuters", "v:passenger" },
  { "protesters", "v:protester" },
  { "protestors", "v:protester" },
  { "demonstrators", "v:protester" },
  { "marchers", "v:protester" },
  { "manifestants", "v:protester" },
  { "shopkeeper", "v:trader" },
  { "shopkeepers", "v:trader" },
  { "traders", "v:trader" },
  { "merchants", "v:trader" },
  { "vendors", "v:trader" },
  { "tourists", "v:tourist" },
  { "tourist", "v:tourist" },
  { "miners", "v:miner" },
  { "fishermen", "v:fisher" },
  { "inmates", "v:inmate" },
  { "prisoners", "v:inmate" },
  { "detainees", "v:inmate" },
  { "sailors", "v:crew" },
  { "seafarers", "v:crew" },
  { "crew", "v:crew" },
  /* what or where */
  { "market", "p:market" },
  { "markets", "p:market" },
  { "marketplace", "p:market" },
  { "bazaar", "p:market" },
  { "marche", "p:market" },
  { "mosque", "p:worship" },
  { "church", "p:worship" },
  { "temple", "p:worship" },
  { "shrine", "p:worship" },
  { "synagogue", "p:worship" },
  { "mosquee", "p:worship" },
  { "eglise", "p:worship" },
  { "school", "p:school" },
  { "schools", "p:school" },
  { "university", "p:school" },
  { "college", "p:school" },
  { "ecole", "p:school" },
  { "hospital", "p:hospital" },
  { "clinic", "p:hospital" },
  { "hopital", "p:hospital" },
  { "checkpoint", "p:checkpoint" },
  { "barracks", "p:base" },
  { "base", "p:base" },
  { "outpost", "p:base" },
  { "garrison", "p:base" },
  { "convoy", "p:convoy" },
  { "bank", "p:bank" },
  { "bar", "p:venue" },
  { "nightclub", "p:venue" },
  { "restaurant", "p:venue" },
  { "cafe", "p:venue" },
  { "hotel", "p:hotel" },
  { "home", "p:home" },
  { "homes", "p:home" },
  { "house", "p:home" },
  { "houses", "p:home" },
  { "apartment", "p:home" },
  { "high-rise", "p:home" },
  { "residential", "p:home" },
  { "port", "p:port" },
  { "harbour", "p:port" },
  { "harbor", "p:port" },
  { "terminal", "p:port" },
  { "bus", "p:bus" },
  { "buses", "p:bus" },
  { "minibus", "p:bus" },
  { "coach", "p:bus" },
  { "train", "p:train" },
  { "trains", "p:train" },
  { "railway", "p:train" },
  { "locomotive", "p:train" },
  { "boat", "p:boat" },
  { "boats", "p:boat" },
  { "ferry", "p:boat" },
  { "dinghy", "p:boat" },
  { "shipwreck", "p:boat" },
  { "vessel", "p:boat" },
  { "ship", "p:boat" },
  { "tanker", "p:boat" },
  { "plane", "p:plane" },
  { "aircraft", "p:plane" },
  { "airliner", "p:plane" },
  { "helicopter", "p:plane" },
  { "prison", "p:prison" },
  { "jail", "p:prison" },
  { "embassy", "p:embassy" },
  { "consulate", "p:embassy" },
  { "parliament", "p:parliament" },
  { "mine", "p:mine" },
  { "pipeline", "p:utility" },
  { "refinery", "p:utility" },
  { "substation", "p:utility" },
  { "grid", "p:utility" },
  /* which hazard or disease */
  { "earthquake", "h:quake" },
  { "quake", "h:quake" },
  { "tremor", "h:quake" },
  { "seisme", "h:quake" },
  { "tsunami", "h:quake" },
  { "flood", "h:flood" },
  { "floods", "h:flood" },
  { "flooding", "h:flood" },
  { "flooded", "h:flood" },
  { "inondations", "h:flood" },
  { "landslide", "h:landslide" },
  { "landslides", "h:landslide" },
  { "mudslide", "h:landslide" },
  { "cyclone", "h:storm" },
  { "typhoon", "h:storm" },
  { "hurricane", "h:storm" },
  { "storm", "h:storm" },
  { "wildfire", "h:fire" },
  { "wildfires", "h:fire" },
  { "blaze", "h:fire" },
  { "eruption", "h:volcano" },
  { "volcano", "h:volcano" },
  { "cholera", "h:cholera" },
  { "ebola", "h:ebola" },
  { "mpox", "h:mpox" },
  { "measles", "h:measles" },
  { "dengue", "h:dengue" },
  { "nipah", "h:nipah" },
  { "anthrax", "h:anthrax" },
  { "marburg", "h:marburg" },
  { "meningitis", "h:meningitis" },
  { "derailed", "h:derail" },
  { "derailment", "h:derail" },
  { "collapse", "h:collapse" },
  { "collapsed", "h:collapse" },
  { "blackout", "h:outage" },
  { "outage", "h:outage" },
  /* when: the day (d) and the part of it (t), numbered so that neighbours
   * can be told ("late on Thursday" and "early on Friday", "evening" and
   * "night" may be one time) */
  { "monday", "d:1" },
  { "tuesday", "d:2" },
  { "wednesday", "d:3" },
  { "thursday", "d:4" },
  { "friday", "d:5" },
  { "saturday", "d:6" },
  { "sunday", "d:0" },
  { "lundi", "d:1" },
  { "mardi", "d:2" },
  { "mercredi", "d:3" },
  { "jeudi", "d:4" },
  { "vendredi", "d:5" },
  { "samedi", "d:6" },
  { "dimanche", "d:0" },
  { "overnight", "t:0" },
  { "midnight", "t:0" },
  { "night", "t:0" },
  { "dawn", "t:0" },
  { "nuit", "t:0" },
  { "morning", "t:1" },
  { "matin", "t:1" },
  { "midday", "t:2" },
  { "noon", "t:2" },
  { "afternoon", "t:2" },
  { "evening", "t:3" },
  { "dusk", "t:3" },
  { "soir", "t:3" },
  { "soiree", "t:3" },
};

/* Sentences after the headline that make a report's lead. */
#define LEAD_SENTENCES 2

static const char *
frame_concept (const char *folded)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize i = 0; i < G_N_ELEMENTS (frame_words); i++)
        g_hash_table_insert (t, (gpointer) frame_words[i].word, (gpointer) frame_words[i].concept);
      g_once_init_leave (&table, t);
    }
  return g_hash_table_lookup (table, folded);
}

/* Words before "hospital" that make it where the hurt were cared for ("taken
 * to hospital", "treated at a hospital in Kozhikode"), not what was hit:
 * outlets add that aftermath or leave it out. Folded prefixes. */
static const char *const care_words[] = {
  "admit",  "airlift", "evacuat", "ferried",   "hospitalis", "hospitaliz",
  "isolat", "rushed",  "taken",   "transferr", "transport",  "treat",
};

/* Verbs of attribution: a time after them is when it was said. */
static const char *const speech_words[] = {
  "said",   "says",  "told",    "announced", "confirmed", "reported",
  "stated", "added", "tweeted", "wrote",     "declared",  "statement",
};

/* The frame concept of token i, if any: a hyphenated compound first
 * ("high-rise"); inside a name only a hazard or disease ("Nipah virus"
 * tagged as a name; "West Bank" is no bank); "hospital" not as the place
 * of care of the hurt. */
static const char *
frame_of_token (VigilTokens *tokens, guint i, gboolean in_name)
{
  VigilToken *t = vigil_tokens_get (tokens, i);
  const char *concept = NULL;

  if (i + 1 < tokens->tokens->len
      && (vigil_tokens_get (tokens, i + 1)->flags & VIGIL_TOKEN_JOINED_PREV))
    {
      char compound[64];
      if ((gsize) g_snprintf (compound, sizeof compound, "%s-%s", t->folded,
                              vigil_tokens_get (tokens, i + 1)->folded)
          < sizeof compound)
        concept = frame_concept (compound);
    }
  /* Two words that name one concept ("police officers", "aid worker"). */
  if (concept == NULL && i > 0)
    {
      char pair[64];
      if ((gsize) g_snprintf (pair, sizeof pair, "%s %s", vigil_tokens_get (tokens, i - 1)->folded,
                              t->folded)
          < sizeof pair)
        concept = frame_concept (pair);
    }
  if (concept == NULL)
    concept = frame_concept (t->folded);
  if (concept == NULL || (in_name && concept[0] != 'h'))
    return NULL;
  /* "the ministry said on Sunday": the day of the report, not of the event. */
  if (concept[0] == 'd' || concept[0] == 't')
    for (guint k = i > 4 ? i - 4 : 0; k < i; k++)
      if (in_list (speech_words, G_N_ELEMENTS (speech_words), vigil_tokens_get (tokens, k)->folded))
        return NULL;
  /* "Gunmen storm a bar", "protesters storm parliament", "to storm the":
   * the verb, not the weather (after a plural or "to", or before an
   * article). */
  if (g_str_equal (t->folded, "storm"))
    {
      const char *before = i > 0 ? vigil_tokens_get (tokens, i - 1)->folded : "";
      const char *after
          = i + 1 < tokens->tokens->len ? vigil_tokens_get (tokens, i + 1)->folded : "";
      if (g_str_equal (before, "to") || g_str_has_suffix (before, "men")
          || (g_str_has_suffix (before, "s") && !g_str_has_suffix (before, "ss"))
          || g_str_equal (after, "a") || g_str_equal (after, "an") || g_str_equal (after, "the"))
        return NULL;
    }
  if (g_str_equal (concept, "p:hospital"))
    {
      /* "to hospital", "in hospital": no article, the British idiom of care. */
      if (i > 0
          && (g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "to")
              || g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "in")
              || g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "at")))
        return NULL;
      for (guint k = i > 5 ? i - 5 : 0; k < i; k++)
        for (gsize w = 0; w < G_N_ELEMENTS (care_words); w++)
          if (g_str_has_prefix (vigil_tokens_get (tokens, k)->folded, care_words[w]))
            return NULL;
    }
  return concept;
}

/* Words after a country's name or adjective that make it a state's armed
 * service or its flag, acting where the event is, not the place of it
 * ("the US military's Central Command", "an Indian navy warship", "a
 * Marshall Islands-flagged carrier"). */
static const char *const service_words[] = {
  "army", "embassy", "flagged", "forces", "marines", "military", "navy", "troops", "warship",
};

/* Words after a name that make it a province, a state or a district
 * ("Tillaberi region", "Cauca province", "Sinaloa state"). */
static const char *const province_words[] = {
  "department", "district", "governorate", "prefecture", "province", "region", "state",
};

/* Whether the word at code point end (or just after) is one of words. */
static gboolean
followed_by (VigilTokens *tokens, guint end, const char *const *words, gsize n)
{
  guint low = 0, high = tokens->tokens->len;

  /* The first token at or after end (tokens are in order). */
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      if (vigil_tokens_get (tokens, mid)->start < end)
        low = mid + 1;
      else
        high = mid;
    }
  for (guint i = low; i < tokens->tokens->len; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i);
      if (t->start < end)
        continue;
      if (t->start > end + 3)
        return FALSE;
      /* "the US military's", "Russia's forces" */
      if (g_str_equal (t->folded, "s") && (t->flags & VIGIL_TOKEN_JOINED_PREV)
          && i + 1 < tokens->tokens->len)
        t = vigil_tokens_get (tokens, i + 1);
      return in_list (words, n, t->folded);
    }
  return FALSE;
}

static gboolean
province_named (VigilTokens *tokens, guint end)
{
  return followed_by (tokens, end, province_words, G_N_ELEMENTS (province_words));
}

/* Words of a distance ("200 km north of", "60 miles from"). */
static const char *const distance_words[] = {
  "kilometers", "kilometres", "km", "kms", "mi", "miles",
};

/* Whether the name starting at code point start follows a distance: "of"
 * or "from" with a unit of distance at most three words before it. */
static gboolean
distance_from (VigilTokens *tokens, guint start)
{
  guint low = 0, high = tokens->tokens->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      if (vigil_tokens_get (tokens, mid)->start < start)
        low = mid + 1;
      else
        high = mid;
    }
  if (low == 0 || low >= tokens->tokens->len || vigil_tokens_get (tokens, low)->start != start)
    return FALSE;
  if (!g_str_equal (vigil_tokens_get (tokens, low - 1)->folded, "of")
      && !g_str_equal (vigil_tokens_get (tokens, low - 1)->folded, "from"))
    return FALSE;
  for (guint k = low - 1; k > 0 && low - k <= 3; k--)
    if (in_list (distance_words, G_N_ELEMENTS (distance_words),
                 vigil_tokens_get (tokens, k - 1)->folded))
      return TRUE;
  return FALSE;
}

/* Whether the words from code point end on make what ends there a state's
 * armed service or flag. */
static gboolean
armed_service (VigilTokens *tokens, guint end)
{
  return followed_by (tokens, end, service_words, G_N_ELEMENTS (service_words));
}

VigilStorySignature *
vigil_story_signature_new (VigilGazetteer *gazetteer, VigilAnalysis *analysis, const char *text,
                           gint64 time)
{
  VigilStorySignature *self = signature_alloc (time, vigil_simhash (text));
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text ? text : "");
  guint out = 0, title_bytes, title_chars;

  for (guint i = 0; analysis && i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      gboolean specific = TRUE, named = FALSE, person = e->type == VIGIL_ENTITY_PERSON;
      const char *region = NULL;
      double weight;

      if (e->type == VIGIL_ENTITY_LOCATION && e->country != NULL && !armed_service (tokens, e->end))
        add_feature (self->countries, e->country, 1, FALSE);
      if (e->canonical == NULL || *e->canonical == '\0')
        continue;
      switch (e->type)
        {
        case VIGIL_ENTITY_PERSON:
          weight = WEIGHT_PERSON;
          /* A one-word "person" the lists know as a place is most often a
           * place the tagger took for a name ("Ishinomaki said", "Kerala"):
           * weighed and placed as the place, as the other report may tag it. */
          if (strchr (e->canonical, ' ') == NULL)
            {
              double as_place = place_weight (gazetteer, e, province_named (tokens, e->end),
                                              &specific, &region, &named);
              if (!specific || region != NULL)
                {
                  weight = as_place;
                  person = FALSE;
                  break;
                }
              specific = TRUE;
            }
          break;
        case VIGIL_ENTITY_ORGANIZATION:
          if (in_list (wire_agencies, G_N_ELEMENTS (wire_agencies), e->canonical))
            continue;
          weight = WEIGHT_ORGANIZATION;
          break;
        case VIGIL_ENTITY_LOCATION:
        default:
          /* A dateline ("BAGHDAD -") says where the report was filed, which
           * many unrelated reports share, not where the event was: left out
           * (the same place named in the text counts as any place). */
          if (dateline_name (e->text))
            continue;
          weight = place_weight (gazetteer, e, province_named (tokens, e->end), &specific, &region,
                                 &named);
          break;
        }
      add_feature (self->entities, e->canonical, weight, specific);
      g_array_index (self->entities, Feature, self->entities->len - 1).person = person;
      /* "200 km north of Niamey": a landmark to find the place by, not the
       * place, and not its province. */
      if (region != NULL && distance_from (tokens, e->start))
        region = NULL;
      if (region != NULL)
        {
          add_feature (named ? self->named_regions : self->city_regions, region, WEIGHT_PLACE,
                       TRUE);
          if (named)
            add_feature (self->regions, region, WEIGHT_PROVINCE, FALSE);
        }
      else if ((e->type == VIGIL_ENTITY_LOCATION || (e->type == VIGIL_ENTITY_PERSON && !person))
               && !specific && weight == WEIGHT_PROVINCE)
        add_feature (self->regions, e->canonical, WEIGHT_PROVINCE, FALSE);
      if (specific)
        {
          g_autoptr (VigilTokens) name = vigil_tokenize (e->canonical);

          if (name->tokens->len == 1 && g_utf8_strlen (vigil_tokens_get (name, 0)->folded, -1) >= 4)
            add_feature (self->single_names, vigil_tokens_get (name, 0)->folded, weight, TRUE);
        }
    }
  features_finish (self->entities, FALSE);
  /* Spelling variants are looked for in every pair the place gate sees:
   * each name made ASCII once, here. */
  for (guint i = 0; i < self->entities->len; i++)
    {
      Feature *f = &g_array_index (self->entities, Feature, i);
      if (f->specific)
        f->ascii = compact_name (f->key);
    }
  for (guint i = 0; analysis && analysis->demonyms && i < analysis->demonyms->len; i++)
    {
      VigilDemonym *d = &g_array_index (analysis->demonyms, VigilDemonym, i);
      /* A state's armed service or flag: it acts there, the event is not in it. */
      if (d->country != NULL && !armed_service (tokens, d->end))
        add_feature (self->countries, d->country, 1, FALSE);
    }
  features_finish (self->countries, FALSE);
  features_finish (self->named_regions, FALSE);
  features_finish (self->city_regions, FALSE);
  features_finish (self->regions, FALSE);
  features_finish (self->single_names, FALSE);

  title_bytes = text && strchr (text, '\n') ? (guint) (strchr (text, '\n') - text) : 0;
  /* (a risk's start counts characters, a token's end bytes) */
  title_chars = text ? (guint) g_utf8_strlen (text, title_bytes) : 0;
  for (guint i = 0; analysis && i < analysis->risks->len; i++)
    {
      VigilRisk *r = &g_array_index (analysis->risks, VigilRisk, i);
      /* Who is named ("rebels", "militants") says nothing of what happened:
       * two incidents by the same group are two events. */
      if (r->category == NULL || g_str_equal (r->category, "armed-groups"))
        continue;
      add_feature (self->categories, r->category, MAX (r->weight, 1), FALSE);
      /* What the headline reports is the event; the body may add its
       * background ("after months of rocket fire"). A toll is news of any
       * kind of event. */
      if (r->start < title_chars && event_family (r->category) != NULL)
        add_feature (self->headline, event_family (r->category), 1, FALSE);
    }
  features_finish (self->categories, TRUE);
  features_finish (self->headline, FALSE);

  for (guint i = 0, e = 0, sentences = 0; i < tokens->tokens->len; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i);
      gint64 value;
      double weight;
      char stem[STEM_CHARS * 4 + 1];
      const char *end, *concept;
      gboolean in_name;
      guint span;

      /* The lead (the headline and the first two sentences) says what
       * happened; later sentences add background ("the pipeline has been
       * bombed repeatedly") and aftermath ("taken to hospital"). A sentence
       * may open with a number ("Twelve soldiers…"). */
      if (t->byte_end > title_bytes && (t->flags & VIGIL_TOKEN_SENTENCE_START))
        sentences++;
      if (count_at (tokens, i, &value, &span))
        {
          Toll toll = { count_slot (tokens, i, span), value };
          /* Tolls of the lead: later sentences give background ("14
           * officers killed this year"). */
          if (toll.slot != 0 && sentences <= LEAD_SENTENCES)
            g_array_append_val (self->tolls, toll);
          if (value > 2)
            g_array_append_val (self->numbers, value);
          i += span - 1;
          continue;
        }
      /* The entity this token is in, if any ("West Bank" is no bank). */
      while (analysis && e < analysis->entities->len
             && g_array_index (analysis->entities, VigilEntity, e).end <= t->start)
        e++;
      in_name = analysis && e < analysis->entities->len
                && g_array_index (analysis->entities, VigilEntity, e).start <= t->start;
      if (sentences <= LEAD_SENTENCES && (concept = frame_of_token (tokens, i, in_name)) != NULL)
        add_feature (self->frame, concept, 1, FALSE);
      if (g_utf8_strlen (t->folded, -1) < 4 || g_ascii_isdigit (*t->folded))
        continue;
      end = g_utf8_offset_to_pointer (t->folded, MIN (STEM_CHARS, g_utf8_strlen (t->folded, -1)));
      memcpy (stem, t->folded, end - t->folded);
      stem[end - t->folded] = '\0';
      if (in_list (common_words, G_N_ELEMENTS (common_words), stem))
        continue;
      word_stem (t->folded, stem, sizeof stem);
      /* The headline says what the event is: its words weigh double. */
      /* Names are weighed as entities: as words they count once. */
      if (in_name)
        {
          add_feature (self->words, stem, 1, FALSE);
          if (!(t->flags & VIGIL_TOKEN_ALL_UPPER))
            add_feature (self->name_words, t->folded, 1, FALSE);
          continue;
        }
      weight = t->byte_end <= title_bytes ? WEIGHT_TITLE_WORD : 1;
      /* A capitalised word inside a sentence is most often a name (a hotel,
       * a neighbourhood, a storm) that no list or model gave as an entity. */
      if ((t->flags & VIGIL_TOKEN_CAPITALIZED) && !(t->flags & VIGIL_TOKEN_SENTENCE_START)
          && !(t->flags & VIGIL_TOKEN_ALL_UPPER))
        {
          weight *= WEIGHT_NAME_WORD;
          add_feature (self->name_words, t->folded, 1, FALSE);
        }
      add_feature (self->words, stem, weight, FALSE);
    }
  features_finish (self->words, FALSE);
  features_finish (self->name_words, FALSE);
  features_finish (self->frame, FALSE);

  g_array_sort (self->numbers, compare_int64);
  for (guint i = 0; i < self->numbers->len; i++)
    if (out == 0
        || g_array_index (self->numbers, gint64, out - 1)
               != g_array_index (self->numbers, gint64, i))
      g_array_index (self->numbers, gint64, out++) = g_array_index (self->numbers, gint64, i);
  g_array_set_size (self->numbers, out);

  signature_totals (self);
  return self;
}

VigilStorySignature *
cluster_signature_from_names (gint64 time, guint64 simhash, GPtrArray *names)
{
  VigilStorySignature *self = signature_alloc (time, simhash);

  self->names_only = TRUE;
  for (guint i = 0; names && i < names->len; i++)
    add_feature (self->entities, g_ptr_array_index (names, i), 1, TRUE);
  features_finish (self->entities, FALSE);
  signature_totals (self);
  return self;
}

VigilStorySignature *
vigil_story_signature_ref (VigilStorySignature *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
vigil_story_signature_unref (VigilStorySignature *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_array_unref (self->entities);
  g_array_unref (self->categories);
  g_array_unref (self->headline);
  g_array_unref (self->words);
  g_array_unref (self->numbers);
  g_array_unref (self->tolls);
  g_array_unref (self->named_regions);
  g_array_unref (self->city_regions);
  g_array_unref (self->countries);
  g_array_unref (self->regions);
  g_array_unref (self->single_names);
  g_array_unref (self->name_words);
  g_array_unref (self->frame);
  g_free (self);
}

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

/* A province that one report names, and none of whose towns it names, in
 * which a town of the other lies ("Miyagi" and "Ishinomaki", "Tillaberi
 * region" and "Banibangou"): the vaguer report agrees with the more precise
 * one. Two reports naming two towns of one province do not agree that way. */
static gboolean
contains_place (const VigilStorySignature *wide, const VigilStorySignature *precise)
{
  for (guint i = 0; i < wide->named_regions->len; i++)
    {
      const char *region = g_array_index (wide->named_regions, Feature, i).key;
      if (has_feature (precise->city_regions, region) && !has_feature (wide->city_regions, region))
        return TRUE;
    }
  return FALSE;
}

/* Two spellings of one name, as transliterations differ ("Kharkiv" and
 * "Kharkov", "Agadez" and "Agades", "Kosti" and "Kusti"): at least five
 * letters, the same first letter and at most one letter changed, added,
 * dropped or swapped (accents and case aside). */
static gboolean
variant_spelling (const char *ax, const char *ay)
{
  gsize nx = strlen (ax), ny = strlen (ay), i = 0;

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

/* One person named in full in one report and in part in the other: the
 * shorter name has two words at least, all of them in the longer one in the
 * same order, and the same last word ("Haidar Jabbar al-Saadi" and "Haidar
 * al-Saadi"), or the longer one begins with it (a second surname left out,
 * as Spanish and Portuguese names often are: "Ernesto Valdez Ruelas" and
 * "Ernesto Valdez"), unless the shorter one ends in a given name ("Maria
 * Jose" and "Maria Jose Garcia"). */
/* Given names that Spanish and Portuguese names pair ("Maria Jose", "Jose
 * Luis", "Ana Paula"): a name ending in one of them has no surname to leave
 * a second one out of. */
static const char *const compound_given_names[] = {
  "Alberto",  "Alejandro", "Ana",      "Andrea",    "Angel",   "Antonio", "Carlos",  "Carmen",
  "Cristina", "Daniel",    "David",    "Eduardo",   "Elena",   "Emilia",  "Enrique", "Eugenia",
  "Felipe",   "Fernanda",  "Fernando", "Francisco", "Gabriel", "Ignacio", "Isabel",  "Javier",
  "Jesus",    "Joao",      "Jorge",    "Jose",      "Josefa",  "Juan",    "Julia",   "Julio",
  "Laura",    "Lucia",     "Luis",     "Luisa",     "Manuel",  "Maria",   "Mario",   "Miguel",
  "Pablo",    "Paula",     "Pedro",    "Pilar",     "Rafael",  "Ramon",   "Rosa",    "Sofia",
  "Teresa",   "Victoria",
};

static gboolean
given_name (const char *word)
{
  g_autofree char *plain = g_str_to_ascii (word, "C");

  for (gsize i = 0; i < G_N_ELEMENTS (compound_given_names); i++)
    if (g_ascii_strcasecmp (compound_given_names[i], plain) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
same_person (const char *x, const char *y)
{
  g_auto (GStrv) a = g_strsplit (x, " ", -1);
  g_auto (GStrv) b = g_strsplit (y, " ", -1);
  guint na = g_strv_length (a), nb = g_strv_length (b), k = 0;
  char **shorter = na <= nb ? a : b, **longer = na <= nb ? b : a;
  guint ns = MIN (na, nb), nl = MAX (na, nb);

  if (ns < 2 || ns == nl)
    return FALSE;
  if (g_strcmp0 (shorter[ns - 1], longer[nl - 1]) != 0)
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
    if (g_strcmp0 (longer[i], shorter[k]) == 0)
      k++;
  return k == ns;
}

/* The weight of the specific names the two share only as spelling variants
 * or as a person's name given in part. */
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
                  || (x->person && y->person && same_person (x->key, y->key))))
            {
              weight += MIN (x->weight, y->weight);
              break;
            }
        }
    }
  return weight;
}

/* The weight of the one-word specific names of one report that the other
 * writes without giving them as that name: inside a longer name ("Marapi" and
 * "Mount Marapi") or as a capitalised word no list or model made a name of
 * ("Dhading district police"). */
static double
written_names (const VigilStorySignature *a, const VigilStorySignature *b)
{
  double weight = 0;

  for (guint i = 0; i < a->single_names->len; i++)
    {
      Feature *x = &g_array_index (a->single_names, Feature, i);
      if (has_feature (b->name_words, x->key) && !has_feature (b->single_names, x->key))
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
toll_conflicts (const VigilStorySignature *a, const VigilStorySignature *b)
{
  static const char slots[] = "kwa";
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

/* Evidence weights of the event signature's parts (they add up to 1). */
#define PART_NAMES 0.1
#define PART_WORDS 0.55
#define PART_CATEGORIES 0.25
#define PART_NUMBERS 0.1
/* What the frames' agreement adds (their disagreement takes away): at 0.3 the
 * tuning half merged a mayor shot dead with police shot dead in one state. */
#define PART_FRAME 0.2
/* The words' weighted_overlap at which they count in full. */
#define WORDS_FULL 0.45
/* The least specific weight (a town, an actor) two rewritten reports share. */
#define MIN_SPECIFIC WEIGHT_PLACE
/* What two headlines of different kinds of event leave of a similarity. */
#define HEADLINE_DIFFERS 0.75
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
  return in_list (explosive, G_N_ELEMENTS (explosive), concept);
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

/* Whether the two frames give times of one kind (days of the week, parts
 * of a day, numbered on a cycle of n) and none of them the same or next to
 * one of the other. */
static gboolean
times_differ (GArray *a, GArray *b, char slot, int n)
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
          if (MIN (d, n - d) <= 1)
            return FALSE;
        }
    }
  return in_a && in_b;
}

/* How the two frames compare: *agree the slots in which they share a
 * concept, *conflict those both fill without sharing one. */
static void
frame_compare (GArray *a, GArray *b, gboolean same_day, guint *agree, guint *conflict)
{
  static const char slots[] = "vmphdt";

  *agree = *conflict = 0;
  for (const char *slot = slots; *slot; slot++)
    {
      /* One day or one part of a day is what two incidents of one place
       * share too: no evidence for, and against only when no two of them
       * are neighbours (Thursday and Saturday; a morning and an evening).
       * A report a day later names the day of its update ("the toll rose
       * to 22 on Tuesday"): days are compared only when the two were
       * published within DAYS_COMPARED of each other. */
      if (*slot == 't' || (*slot == 'd' && same_day))
        {
          *conflict += times_differ (a, b, *slot, *slot == 'd' ? 7 : 4);
          continue;
        }
      if (*slot == 'd')
        continue;
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

/* Two reports of one country that agree on FRAME_GATE slots of the event's
 * frame and disagree on none (troops killed at a base by drones; a car bomb
 * at a market) may be one event whose places the lists could not relate: a
 * town they do not know in one report and its province in the other, a
 * village in one and the district in the other. Not when the lists place
 * towns of both (two towns of one province are two places), nor when the
 * provinces they know of the two differ. The rest of the signature decides,
 * without evidence from names. */
#define FRAME_GATE 2

static gboolean
frame_opens_gate (const VigilStorySignature *a, const VigilStorySignature *b, guint agree,
                  guint conflict)
{
  gboolean placed_a = a->named_regions->len > 0 || a->city_regions->len > 0;
  gboolean placed_b = b->named_regions->len > 0 || b->city_regions->len > 0;

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
      if (g_strcmp0 (event_family (x->key), "departure") != 0)
        continue;
      for (guint k = 0; k < b->len; k++)
        {
          const Feature *y = &g_array_index (b, Feature, k);
          if (strcmp (x->key, y->key) != 0 && g_strcmp0 (event_family (y->key), "departure") == 0)
            dot += x->weight * y->weight;
        }
    }
  return dot;
}

double
cluster_similarity (const VigilStorySignature *a, const VigilStorySignature *b, const Idf *idf)
{
  Overlap ents, cats;
  double specific, names_part, word_part, category_part, number_part, headline_factor, frame_part;
  guint numbers, agree, conflict;

  if ((a->simhash != 0 || b->simhash != 0)
      && vigil_simhash_distance (a->simhash, b->simhash) <= SIMHASH_NEAR)
    return 2.0 - vigil_simhash_distance (a->simhash, b->simhash) / 64.0;

  ents = overlap (a->entities, b->entities);
  if (a->names_only || b->names_only)
    {
      /* Names alone: a large share of them, as before types were known. */
      double jaccard;
      if (ents.count < NAMES_MIN_SHARED)
        return 0;
      jaccard = (double) ents.count / (a->entities->len + b->entities->len - ents.count);
      return jaccard >= NAMES_MIN_JACCARD
                 ? VIGIL_STORY_SAME_EVENT + (1 - VIGIL_STORY_SAME_EVENT) * jaccard
                 : 0;
    }

  /* Not one actor or place of their own in common: not one event. Places
   * count as in common when one report's province holds the other's town,
   * names when they are spelling variants or one person's name in full and
   * in part. */
  specific = ents.specific;
  if (specific < 2 * MIN_SPECIFIC)
    specific += variant_names (a, b) + written_names (a, b) + written_names (b, a)
                + (contains_place (a, b) || contains_place (b, a) ? WEIGHT_PLACE : 0);
  /* Without one, a province both name lets the rest of the signature speak
   * (with no evidence from names); two towns of one province do not. */
  frame_compare (a->frame, b->frame, ABS (a->time - b->time) <= DAYS_COMPARED, &agree, &conflict);
  conflict += toll_conflicts (a, b);
  if (specific < MIN_SPECIFIC && overlap (a->regions, b->regions).count == 0
      && !frame_opens_gate (a, b, agree, conflict))
    return 0;
  /* Two reports set in different countries, whatever actor they share (an
   * organisation active in both, a minister quoted on both): two events. */
  if (a->countries->len > 0 && b->countries->len > 0
      && overlap (a->countries, b->countries).count == 0)
    return 0;
  /* Two headlines that report different kinds of event: evidence against
   * (outlets headline one event by its toll, its cause or its aftermath, so
   * not a rule). */
  headline_factor = a->headline->len > 0 && b->headline->len > 0
                            && overlap (a->headline, b->headline).count == 0
                        ? HEADLINE_DIFFERS
                        : 1.0;
  cats = overlap (a->categories, b->categories);
  if (a->categories->len > 0 && b->categories->len > 0)
    {
      category_part = (cats.dot + departure_dot (a->categories, b->categories))
                      / (a->category_norm * b->category_norm);
      if (category_part < MIN_CATEGORY_COSINE)
        return 0;
    }
  else if (a->categories->len == 0 && b->categories->len == 0)
    category_part = 0.5; /* neither reports a risk: no evidence either way */
  else
    return 0; /* a risk in one report and none in the other: not one event */

  /* One shared place is what two incidents of one city have too: only what
   * the two share beyond it is evidence. Who is quoted differs from outlet
   * to outlet, so names the other lacks are no evidence against. */
  names_part = CLAMP ((specific - MIN_SPECIFIC) / (2 * MIN_SPECIFIC), 0.0, 1.0);
  word_part = weighted_overlap (a->words, b->words, idf);
  /* Updated counts differ: a shared number is evidence, a different one is not
   * evidence against. */
  numbers = shared_numbers (a->numbers, b->numbers);
  number_part = MIN (numbers, 2) / 2.0;
  if (numbers == 0 && near_numbers (a->numbers, b->numbers))
    number_part = 0.5;
  /* Who was hit, by what, where: agreement is evidence, disagreement is
   * evidence against. */
  frame_part = CLAMP (((double) agree - (double) conflict) / 2.0, -1.0, 1.0);
  /* Headlines of different kinds of event: what the leads share is one's
   * background ("after months of rocket fire"), not the other's event. */
  if (headline_factor < 1.0)
    frame_part = MIN (frame_part, 0.0);

  return headline_factor
             * (PART_NAMES * names_part + PART_WORDS * MIN (1.0, word_part / WORDS_FULL)
                + PART_CATEGORIES * category_part + PART_NUMBERS * number_part)
         + PART_FRAME * frame_part;
}

double
vigil_story_signature_similarity (const VigilStorySignature *a, const VigilStorySignature *b)
{
  return cluster_similarity (a, b, NULL);
}
