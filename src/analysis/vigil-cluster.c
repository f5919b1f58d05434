/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cluster.c — story signatures: SimHash, the event's actors, places,
 * words, categories, counts and frame (its words in vigil-cluster-frame.c).
 * How alike two are is vigil-cluster-similarity.c; vigil-clusterer.c
 * remembers them and files reports into stories. */
#include "config.h"

#include "vigil-cluster-private.h"
#include "vigil-tagger.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static gboolean
feature_listed (GArray *features, const char *key)
{
  for (guint i = 0; i < features->len; i++)
    if (g_str_equal (g_array_index (features, Feature, i).key, key))
      return TRUE;
  return FALSE;
}

static void
add_feature (GArray *features, const char *key, double weight, gboolean specific)
{
  Feature f = { g_strdup (key), weight, specific, NULL, FALSE };
  g_array_append_val (features, f);
}

gboolean
cluster_in_list (const char *const *list, gsize n, const char *word)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], word) == 0)
      return TRUE;
  return FALSE;
}

/* The first-level subdivision the first n of tokens name, in a country the
 * report names, else (with or_only) the only one the lists have of that
 * name: its code, or NULL. */
static const char *
listed_province (VigilGazetteer *gazetteer, VigilTokens *tokens, guint n,
                 GHashTable *report_countries, gboolean or_only)
{
  const VigilEntry *entry = NULL;
  GPtrArray *all = NULL;
  const char *only = NULL;
  guint subdivisions = 0;

  if (n == 0 || vigil_gazetteer_match_all (gazetteer, tokens, 0, NULL, NULL, &entry, &all) != n)
    return NULL;
  for (guint i = 0; all && i < all->len; i++)
    {
      const VigilEntry *e = g_ptr_array_index (all, i);
      if (e->kind != VIGIL_ENTRY_LOCATION || e->origin != VIGIL_PLACE_SUBDIVISION
          || e->region == NULL || e->country == NULL)
        continue;
      if (report_countries != NULL && g_hash_table_contains (report_countries, e->country))
        return e->region;
      subdivisions++;
      only = e->region;
    }
  return or_only && subdivisions == 1 ? only : NULL;
}

/* A first-level subdivision of a country the report names whose name the
 * lists write with a final "h" the text leaves out, or without one it
 * writes ("Shabwa" for Shabwah): its code, else NULL. */
static const char *
province_spelt_otherwise (VigilGazetteer *gazetteer, const char *canonical,
                          GHashTable *report_countries)
{
  g_autofree char *other = NULL;
  g_autoptr (VigilTokens) tokens = NULL;
  gsize len = strlen (canonical);

  if (report_countries == NULL || len < 4)
    return NULL;
  other = canonical[len - 1] == 'h' ? g_strndup (canonical, len - 1)
                                    : g_strconcat (canonical, "h", NULL);
  tokens = vigil_tokenize (other);
  return listed_province (gazetteer, tokens, tokens->tokens->len, report_countries, FALSE);
}

/* How specific a place is: a country or a province (only ever listed as a
 * subdivision) says little of which event a report is about. *region: the
 * province the place is (*named) or lies in, when the lists know it. */
static double
place_weight (VigilGazetteer *gazetteer, const VigilEntity *entity, gboolean as_province,
              gboolean as_first_level, GHashTable *report_countries, gboolean *specific,
              const char **region, gboolean *named)
{
  const char *fallback = NULL;
  g_autoptr (VigilTokens) tokens = NULL;
  const VigilEntry *entry = NULL;
  GPtrArray *all = NULL;
  gboolean country = FALSE, subdivision = FALSE, local = FALSE, of_country = FALSE, area = FALSE;
  const char *canonical = entity->canonical;

  *specific = TRUE;
  *region = NULL;
  *named = FALSE;
  if (gazetteer == NULL)
    return WEIGHT_PLACE;
  tokens = vigil_tokenize (canonical);
  /* ISO 3166's names of some countries put the name first ("Congo, The
   * Democratic Republic of the", "Palestine, State of"), which the lists
   * know by the name; "Washington, D.C." they know whole. */
  if (entity->type == VIGIL_ENTITY_LOCATION && entity->country != NULL
      && strstr (canonical, ", ") != NULL && tokens->tokens->len > 0
      && vigil_gazetteer_match_all (gazetteer, tokens, 0, NULL, NULL, &entry, &all)
             != tokens->tokens->len)
    {
      g_autofree char *name = g_strndup (canonical, strstr (canonical, ", ") - canonical);
      g_autoptr (VigilTokens) first = vigil_tokenize (name);
      if (first->tokens->len > 0
          && vigil_gazetteer_match_all (gazetteer, first, 0, NULL, NULL, &entry, &all)
                 == first->tokens->len)
        {
          vigil_tokens_free (tokens);
          tokens = g_steal_pointer (&first);
        }
    }
  if (tokens->tokens->len == 0
      || vigil_gazetteer_match_all (gazetteer, tokens, 0, NULL, NULL, &entry, &all)
             != tokens->tokens->len)
    {
      /* A province the lists spell with a final "h" ("Shabwa", "Shabwah";
       * "Nangarhar", "Nangarha") in a country the report names: that
       * province. */
      const char *spelt = province_spelt_otherwise (gazetteer, canonical, report_countries);
      if (spelt != NULL)
        {
          *specific = FALSE;
          *named = TRUE;
          *region = spelt;
          return WEIGHT_PROVINCE;
        }
      /* A name the lists do not know that the text writes as a first-level
       * division ("Salahuddin province"): a province, by its name. */
      if (as_first_level)
        {
          *specific = FALSE;
          return WEIGHT_PROVINCE;
        }
      /* A small town the analysis placed ("the health post in Tayabamba"):
       * the province the lists give it. */
      if (entity->type == VIGIL_ENTITY_LOCATION && entity->country != NULL
          && tokens->tokens->len > 0)
        {
          const char *countries[] = { entity->country, NULL };
          VigilEntry town;
          if (vigil_gazetteer_lookup_town (gazetteer, tokens, 0, tokens->tokens->len, countries,
                                           &town)
              && g_strcmp0 (town.country, entity->country) == 0)
            *region = town.region;
        }
      /* A place the lists spell otherwise ("Tal Afar", "Tall 'Afar"): the
       * province of that spelling in the country the analysis placed it in,
       * else in those the report names, else (a report that names none) in
       * any. */
      if (*region == NULL && entity->type == VIGIL_ENTITY_LOCATION)
        {
          g_autofree const char **in = NULL;
          if (entity->country != NULL)
            {
              in = g_new0 (const char *, 2);
              in[0] = entity->country;
            }
          else if (report_countries != NULL && g_hash_table_size (report_countries) > 0)
            in = (const char **) g_hash_table_get_keys_as_array (report_countries, NULL);
          *region
              = vigil_gazetteer_region_by_spelling (gazetteer, canonical, (const char *const *) in);
        }
      return WEIGHT_PLACE;
    }
  for (guint i = 0; all && i < all->len; i++)
    {
      const VigilEntry *e = g_ptr_array_index (all, i);
      if (e->kind != VIGIL_ENTRY_LOCATION || g_strcmp0 (e->canonical, canonical) != 0)
        continue;
      of_country = of_country || g_strcmp0 (e->country, entity->country) == 0;
      /* (a country of another name's country is not the one meant: "Nigeria's
       * Niger state") */
      if (e->origin == VIGIL_PLACE_COUNTRY)
        country
            = country || entity->country == NULL || g_strcmp0 (e->country, entity->country) == 0;
      else if (e->origin == VIGIL_PLACE_SUBDIVISION || e->subdivision)
        subdivision = TRUE;
      /* (a town of the desk's own list is one when it gives its province) */
      else if (e->origin == VIGIL_PLACE_CITY || (e->origin == VIGIL_PLACE_CURATED && e->region))
        local = TRUE;
      else if (e->area)
        area = TRUE;
      /* The province of the place the analysis chose (its country); for a
       * name the analysis placed in no country (a town the tagger took for
       * a person), the one in a country the report names ("Blantyre" in a
       * report on Malawi is not the Scottish town). */
      if (e->region == NULL || *region != NULL)
        continue;
      if (entity->country != NULL
              ? g_strcmp0 (e->country, entity->country) == 0
              : e->country != NULL && g_hash_table_contains (report_countries, e->country))
        *region = e->region;
      /* (not in a country other than those the report names: "Nepal's
       * Myagdi district" and "Beni" is no town of Congo) */
      else if (entity->country == NULL && fallback == NULL
               && (e->country == NULL || g_hash_table_size (report_countries) == 0))
        fallback = e->region;
    }
  if (*region == NULL)
    *region = fallback;
  /* A place of a country none of the lists' places of that name are in
   * ("Venezuela's El Callao", not Peru's province): a town they do not
   * know. */
  if (entity->country != NULL && !of_country)
    {
      *region = NULL;
      return WEIGHT_PLACE;
    }
  if (country)
    {
      *specific = FALSE;
      *region = NULL;
      return WEIGHT_COUNTRY;
    }
  /* "The West Bank", "Darfur", "the Middle East": an area wider than a
   * province or than the event's town, that many incidents share. */
  if (area && !local && !subdivision)
    {
      *specific = FALSE;
      *region = NULL;
      return WEIGHT_PROVINCE;
    }
  /* A name the lists give both a town and its province ("Tillaberi") is the
   * province when the text says so ("Tillaberi region"). */
  if (subdivision && (!local || as_province))
    {
      *specific = FALSE;
      *named = *region != NULL;
      return WEIGHT_PROVINCE;
    }
  /* "Mykolaiv region", "Mopti region": a town's name with the word for a
   * province is the province it gives its name to, the one it lies in
   * (whatever the lists call it: "Mykolaivska oblast"). */
  if (local && as_first_level && *region != NULL)
    {
      *specific = FALSE;
      *named = TRUE;
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
  { "forty", 40 },     { "fifty", 50 },    { "sixty", 60 },    { "seventy", 70 }, { "eighty", 80 },
  { "ninety", 90 },    { "hundred", 100 },
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
  const VigilToken *t = vigil_tokens_get (tokens, i);
  gint64 unit;

  *n = 1;
  /* Not the second half of a compound ("F-16", a "two" after a tens word
   * the table lacks), nor "no one" and "not one". */
  if ((i > 0 && (t->flags & VIGIL_TOKEN_JOINED_PREV)) || !count_of (t->folded, value))
    return FALSE;
  if (i > 0 && g_str_equal (t->folded, "one")
      && (g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "no")
          || g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "not")))
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
  /* "five hundred", "two thousand", "1 million": a multiplier ends it. */
  if (i + *n < tokens->tokens->len && *value < 1000)
    {
      const char *next = vigil_tokens_get (tokens, i + *n)->folded;
      gint64 times = g_str_equal (next, "hundred")    ? 100
                     : g_str_equal (next, "thousand") ? 1000
                     : g_str_equal (next, "million")  ? 1000000
                                                      : 0;
      if (times > 0 && !(*value == 100 && times == 100))
        {
          *value *= times;
          *n += 1;
        }
    }
  return TRUE;
}

/* What a count in a report counts, when the words about it say so: the
 * killed ('k'), the wounded ('w'), the missing ('m'), the abducted ('a').
 * Wire copy writes "killing six and wounding seven", "17 soldiers were
 * killed", "killed at least 17", "the toll rose to 3". */
typedef struct
{
  const char *word;
  char slot;
} SlotWord;

static const SlotWord toll_words[] = {
  { "killing", 'k' },   { "killed", 'k' },    { "kills", 'k' },      { "kill", 'k' },
  { "dead", 'k' },      { "died", 'k' },      { "die", 'k' },        { "dies", 'k' },
  { "deaths", 'k' },    { "bodies", 'k' },    { "wounding", 'w' },   { "wounded", 'w' },
  { "injuring", 'w' },  { "injured", 'w' },   { "hurt", 'w' },       { "injuries", 'w' },
  { "missing", 'm' },   { "kidnapped", 'a' }, { "kidnapping", 'a' }, { "abducted", 'a' },
  { "abducting", 'a' }, { "hostages", 'a' },  { "hostage", 'a' },    { "drowned", 'k' },
  { "drowning", 'k' },  { "drown", 'k' },     { "perished", 'k' },   { "fatalities", 'k' },
  { "slain", 'k' },     { "injures", 'w' },   { "injure", 'w' },     { "wounds", 'w' },
  { "kidnaps", 'a' },   { "kidnap", 'a' },    { "abducts", 'a' },    { "abduct", 'a' },
};

/* Words a few before "N hours" that make it how long the event lasted ("a
 * siege that lasted about 17 hours", "digging for more than 12 hours"), and
 * words after it that make it a time ("for 12 hours after the blast"). */
static const char *const lasting_words[] = { "for", "lasted", "lasting" };
static const char *const later_words[] = { "after", "later", "ago", "before", "since" };

/* Words between a toll verb and its count ("killing at least 17"). */
static const char *const count_qualifiers[] = {
  "at",     "least", "most", "about", "some", "nearly", "almost",
  "around", "more",  "than", "over",  "up",   "to",
};

static char
toll_slot (const char *folded)
{
  for (gsize i = 0; i < G_N_ELEMENTS (toll_words); i++)
    if (strcmp (folded, toll_words[i].word) == 0)
      return toll_words[i].slot;
  return 0;
}

/* Whether the text between tokens i and i + 1 holds one of marks. */
static gboolean
marks_between (VigilTokens *tokens, guint i, const char *marks)
{
  const VigilToken *a = vigil_tokens_get (tokens, i), *b = vigil_tokens_get (tokens, i + 1);

  for (guint k = a->byte_end; k < b->byte_start; k++)
    if (strchr (marks, tokens->text[k]) != NULL)
      return TRUE;
  return FALSE;
}

/* Whether text between two tokens breaks a clause (a comma, a dot). */
static gboolean
clause_break (VigilTokens *tokens, guint i)
{
  return marks_between (tokens, i, ",.;:()\"");
}

/* Whether text between two tokens ends a sentence or a part of one (a dot,
 * a semicolon, a colon). */
static gboolean
sentence_break (VigilTokens *tokens, guint i)
{
  return marks_between (tokens, i, ".;:");
}

/* The words of a verb's tense between an apposition and its verb ("an
 * industrial hub north of Dhaka, has risen to 13"). */
static const char *const auxiliaries[] = { "has", "had", "have", "was", "is" };

/* Whether a comma before token b opens an apposition ("Villa Juarez, a
 * farming town"): an article after it. */
static gboolean
apposition_before (VigilTokens *tokens, guint b)
{
  const char *word = vigil_tokens_get (tokens, b)->folded;

  return g_str_equal (word, "a") || g_str_equal (word, "an") || g_str_equal (word, "the");
}

/* The weight of the casualties a count of the dead reports (a death in the
 * risk lexicon weighs 10). */
#define WEIGHT_TOLL_CASUALTIES 10

/* Words of a count rising ("the toll rose to 14"), and of raising it
 * ("raising the death toll to 9"). */
static const char *const rising_words[] = {
  "climbed",  "climbing", "climbs",  "grew",   "increased", "jumped", "reached",
  "rises",    "risen",    "rising",  "rose",   "soared",    "stood",  "hits",
  "tops",     "topped",   "mounted", "mounts", "passes",    "passed", "exceeds",
  "exceeded", "reaches",  "stands",  "grows",  "jumps",     "soars",  "increases",
};
static const char *const raising_words[] = {
  "bringing", "brings", "brought", "pushed", "pushing", "raised", "raises", "raising", "taking",
};

/* The slot of the count at tokens i .. i + n - 1 by the words about it, or 0. */
static char count_slot_words (VigilTokens *tokens, guint i, guint n);

/* The slot of the count at tokens i .. i + n - 1, or 0: what adds to a
 * count of the dead ("15 more bodies", "two more people died", "another
 * two died") is no toll; the others of a count are ("a soldier died and
 * seven more were hurt", "another 15 were injured"). */
static char
count_slot (VigilTokens *tokens, guint i, guint n)
{
  guint len = tokens->tokens->len;
  char slot = count_slot_words (tokens, i, n);

  if (slot == 'k'
      && ((i + n < len && g_str_equal (vigil_tokens_get (tokens, i + n)->folded, "more")
           && !(i + n + 1 < len
                && g_str_equal (vigil_tokens_get (tokens, i + n + 1)->folded, "than")))
          || (i > 0
              && (g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "another")
                  || g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "additional")))))
    return 0;
  return slot;
}

static char
count_slot_words (VigilTokens *tokens, guint i, guint n)
{
  guint len = tokens->tokens->len;
  gint k = (gint) i - 1;

  /* "a 17-year-old died": an age, no count of the dead. */
  if (i + n < len && (vigil_tokens_get (tokens, i + n)->flags & VIGIL_TOKEN_JOINED_PREV))
    {
      const char *unit = vigil_tokens_get (tokens, i + n)->folded;
      if (g_str_equal (unit, "year") || g_str_equal (unit, "years") || g_str_equal (unit, "month")
          || g_str_equal (unit, "months"))
        return 0;
    }
  /* "the killing of 12 farmers", "the abduction of 20 pupils" */
  if (i >= 2 && g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "of")
      && !clause_break (tokens, i - 2))
    {
      static const SlotWord nouns[] = {
        { "killing", 'k' },   { "killings", 'k' }, { "massacre", 'k' }, { "murder", 'k' },
        { "murders", 'k' },   { "deaths", 'k' },   { "death", 'k' },    { "kidnapping", 'a' },
        { "abduction", 'a' }, { "wounding", 'w' },
      };
      const char *noun = vigil_tokens_get (tokens, i - 2)->folded;
      for (gsize x = 0; x < G_N_ELEMENTS (nouns); x++)
        if (g_str_equal (noun, nouns[x].word))
          return nouns[x].slot;
    }
  /* Before it: a toll verb, perhaps with qualifiers ("killing at least"). */
  while (k >= 0 && (gint) i - k <= 4
         && cluster_in_list (count_qualifiers, G_N_ELEMENTS (count_qualifiers),
                             vigil_tokens_get (tokens, k)->folded)
         /* "at least", "at most"; not "dies at 85" */
         && (!g_str_equal (vigil_tokens_get (tokens, k)->folded, "at")
             || g_str_equal (vigil_tokens_get (tokens, k + 1)->folded, "least")
             || g_str_equal (vigil_tokens_get (tokens, k + 1)->folded, "most")))
    k--;
  if (k >= 0 && (gint) i - k <= 4 && !clause_break (tokens, k))
    {
      const char *before = vigil_tokens_get (tokens, k)->folded;
      char slot = toll_slot (before);
      /* "the toll rose to 3"; after a word of rising, further back in the
       * clause: "the death toll from the mudslide in Kalehe rose to 37", or
       * the number of the dead or hurt: "the number of people injured has
       * climbed to 40" (not "the number of displaced people", nor any "to
       * N" after a toll word: "killed five in 2019 was sentenced to 20") */
      if (slot == 0 && k + 1 < (gint) i
          && g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "to"))
        {
          gboolean rise = i >= 2
                          && cluster_in_list (rising_words, G_N_ELEMENTS (rising_words),
                                              vigil_tokens_get (tokens, i - 2)->folded);
          /* (a rise reaches back across an apposition: "the death toll
           * from an attack in Villa Juarez, a farming town west of Culiacan,
           * climbed to 11") */
          for (gint b = k; b >= 0 && k - b < (rise ? 24 : 3) && slot == 0; b--)
            {
              const char *word = vigil_tokens_get (tokens, b)->folded;
              if (g_str_equal (word, "toll"))
                slot = 'k';
              else if (rise && g_str_equal (word, "number"))
                {
                  for (gint c = b + 1; c < k && slot == 0; c++)
                    slot = toll_slot (vigil_tokens_get (tokens, c)->folded);
                  break;
                }
              /* (the commas around an apposition, not another clause's) */
              if (b > 0 && clause_break (tokens, b - 1)
                  && (!rise || sentence_break (tokens, b - 1)
                      || (b != k && !apposition_before (tokens, b)
                          && !(b + 2 >= k
                               && cluster_in_list (auxiliaries, G_N_ELEMENTS (auxiliaries),
                                                   vigil_tokens_get (tokens, b)->folded)))))
                break;
            }
        }
      /* "raising the death toll from the weekend derailment to six": a
       * word of raising before the toll, further back */
      if (slot == 0 && g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "to"))
        for (gint b = k; b >= 1 && k - b < 10 && slot == 0; b--)
          {
            if (clause_break (tokens, b - 1))
              break;
            if (g_str_equal (vigil_tokens_get (tokens, b)->folded, "toll"))
              for (gint c = b - 1; c >= 0 && b - c <= 3 && slot == 0; c--)
                if (cluster_in_list (raising_words, G_N_ELEMENTS (raising_words),
                                     vigil_tokens_get (tokens, c)->folded))
                  slot = 'k';
          }
      /* "toll at six", "toll now at 14", "toll stands at 9" */
      if (slot == 0 && k == (gint) i - 1 && g_str_equal (before, "at"))
        for (gint b = k - 1; b >= 0 && k - b <= 2 && slot == 0; b--)
          if (g_str_equal (vigil_tokens_get (tokens, b)->folded, "toll"))
            slot = 'k';
      /* "toll reaches nine", "death toll rises 14", "the number of dead
       * had reached 32" (the number of the dead or hurt, in its clause) */
      if (slot == 0 && k == (gint) i - 1
          && cluster_in_list (rising_words, G_N_ELEMENTS (rising_words), before))
        for (gint b = k - 1; b >= 0 && k - b <= 6 && slot == 0; b--)
          {
            const char *word = vigil_tokens_get (tokens, b)->folded;
            if (k - b <= 2 && g_str_equal (word, "toll"))
              slot = 'k';
            else if (g_str_equal (word, "number"))
              {
                for (gint c = b + 1; c < k && slot == 0; c++)
                  slot = toll_slot (vigil_tokens_get (tokens, c)->folded);
                break;
              }
            if (b > 0 && clause_break (tokens, b - 1))
              break;
          }
      if (slot != 0 && slot != 'm')
        return slot;
    }
  /* "one of the dead was a child", "two of them died": a part of a count
   * given elsewhere, no count of its own (unless a toll verb leads it:
   * "killing five of the soldiers", above). */
  if (i + n + 1 < len && g_str_equal (vigil_tokens_get (tokens, i + n)->folded, "of")
      && (g_str_equal (vigil_tokens_get (tokens, i + n + 1)->folded, "the")
          || g_str_equal (vigil_tokens_get (tokens, i + n + 1)->folded, "them")
          || g_str_equal (vigil_tokens_get (tokens, i + n + 1)->folded, "those")))
    return 0;
  /* After it, in its clause: "17 soldiers were killed", "nine wounded";
   * through another count the subject joins ("12 police officers and two
   * firefighters were injured"). */
  for (guint j = i + n - 1, end = i + n + 5; j + 1 < len && j + 1 < end; j++)
    {
      gint64 other;
      guint m;
      char slot;
      if (clause_break (tokens, j))
        break;
      if (count_at (tokens, j + 1, &other, &m))
        {
          if (!g_str_equal (vigil_tokens_get (tokens, j)->folded, "and"))
            break;
          j += m;
          end += m + 3;
          continue;
        }
      slot = toll_slot (vigil_tokens_get (tokens, j + 1)->folded);
      if (slot != 0)
        return slot;
      if (g_str_equal (vigil_tokens_get (tokens, j + 1)->folded, "and")
          && !(j + 2 < len && count_at (tokens, j + 2, &other, &m)))
        break;
    }
  return 0;
}

/* Whether the count at token i is what a toll rose to: after a word of
 * rising and "to" ("the toll rose to 14", "has climbed to 23"), after a
 * toll and a word of rising ("toll reaches nine"), or after "to" in a
 * clause where a word of raising leads a toll or a number ("raising the
 * death toll to 9", "bringing the number of dead to nine"). */
static gboolean
toll_rose_to (VigilTokens *tokens, guint i)
{
  gboolean subject = FALSE;

  if (i < 2)
    return FALSE;
  if (cluster_in_list (rising_words, G_N_ELEMENTS (rising_words),
                       vigil_tokens_get (tokens, i - 1)->folded))
    return g_str_equal (vigil_tokens_get (tokens, i - 2)->folded, "toll")
           || (i >= 3 && g_str_equal (vigil_tokens_get (tokens, i - 3)->folded, "toll"));
  if (!g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "to"))
    return FALSE;
  if (cluster_in_list (rising_words, G_N_ELEMENTS (rising_words),
                       vigil_tokens_get (tokens, i - 2)->folded))
    return TRUE;
  for (guint k = i - 1; k > 0 && i - k < 12; k--)
    {
      const char *word = vigil_tokens_get (tokens, k - 1)->folded;
      if (clause_break (tokens, k - 1))
        return FALSE;
      if (g_str_equal (word, "toll") || g_str_equal (word, "number"))
        subject = TRUE;
      else if (subject && cluster_in_list (raising_words, G_N_ELEMENTS (raising_words), word))
        return TRUE;
    }
  return FALSE;
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
/* Whether the all-capitals name ending at code point end is a dateline that
 * places its town: ", Country -" (or a state or province) follows. */
static gboolean
dateline_with_country (const char *text, guint end)
{
  const char *p;
  guint n = 0;

  if (text == NULL || end > (guint) g_utf8_strlen (text, -1))
    return FALSE;
  p = g_utf8_offset_to_pointer (text, end);
  if (p[0] != ',' || p[1] != ' ' || !g_unichar_isupper (g_utf8_get_char (p + 2)))
    return FALSE;
  for (p += 2; *p && *p != '\n' && n < 40; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      /* (an agency's name after it, "BAQUBA, Iraq (AFP) -", is a bureau's
       * dateline) */
      if (c == '-' || c == 0x2014 || c == 0x2013)
        return p[-1] == ' ';
      if (!g_unichar_isalpha (c) && c != ' ' && c != '.' && c != '\'')
        return FALSE;
    }
  return FALSE;
}

/* Whether the name from code point start follows a dateline's town and its
 * comma ("SULAIMANI, Kurdistan Region -", "GOMA, North Kivu -"): the
 * region the wire places its town in, wider than the event's town. */
static gboolean
dateline_region (const char *text, guint start)
{
  const char *at, *p;
  gboolean letters = FALSE;

  if (text == NULL || start < 4 || start > (guint) g_utf8_strlen (text, -1))
    return FALSE;
  at = g_utf8_offset_to_pointer (text, start);
  if (at[-1] != ' ' || at[-2] != ',')
    return FALSE;
  /* back over the town, in capitals, to the line's start */
  for (p = at - 2; p > text && p[-1] != '\n'; p--)
    {
      char c = p[-1];
      if (g_ascii_islower (c)
          || (!g_ascii_isupper (c) && c != ' ' && c != '-' && c != '.' && c != '\'' && !(c & 0x80)))
        return FALSE;
      letters = letters || g_ascii_isupper (c);
    }
  return letters;
}

/* Whether the name between code points start and end is the agency of a
 * dateline, in its parentheses ("SANAA (Xinhua) -", "KABUL (Reuters) -"):
 * the wire that filed it, no place or actor of the event ("Xinhua" is
 * also a town of Yunnan). The callers keep a country there ("SANAA
 * (Yemen) -"). */
#define DATELINE_REACH 400 /* code points */

static gboolean
dateline_agency (const char *text, guint start, guint end)
{
  const char *open, *close, *line;
  guint letters = 0;

  /* (a dateline opens the body: near the text's start) */
  if (text == NULL || start == 0 || end > DATELINE_REACH)
    return FALSE;
  open = text;
  for (guint i = 0; i + 1 < start; i++)
    {
      if (*open == '\0')
        return FALSE;
      open = g_utf8_next_char (open);
    }
  close = open;
  for (guint i = start - 1; i < end && *close; i++)
    close = g_utf8_next_char (close);
  if (*open != '(' || *close != ')')
    return FALSE;
  close++;
  while (*close == ' ')
    close++;
  if (*close != '-' && !g_str_has_prefix (close, "\u2014") && !g_str_has_prefix (close, "\u2013"))
    return FALSE;
  /* The line opens with the dateline's town in capitals, up to a comma
   * before a date or a country ("SANAA, May 3 (Xinhua) --", "BAQUBA, Iraq
   * (AFP) -") or up to the parenthesis. */
  for (line = open; line > text && line[-1] != '\n'; line--)
    ;
  for (const char *p = line; p < open && *p != ','; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_islower (c))
        return FALSE;
      letters += g_unichar_isalpha (c);
    }
  return letters >= 3;
}

/* A name in lower-case ASCII letters and digits, its spaces and hyphens left
 * out ("Abu Ghraib", "Abu-Ghraib"), and the Arabic article written "al"
 * whether the outlet writes "el" ("Bourj el-Barajneh", "Burj al-Barajneh";
 * "El Fasher", "Al-Fasher"; Somali "Ceel Baraf", "El Baraf"). */
static char *
compact_name (const char *name)
{
  char *ascii = g_str_to_ascii (name, "C");
  char *out = ascii;

  for (const char *p = ascii; *p; p++)
    {
      /* (Somali writes the "El" of place names "Ceel": "Ceel Baraf") */
      if (p == ascii && g_ascii_strncasecmp (p, "ceel", 4) == 0 && (p[4] == ' ' || p[4] == '-')
          && p[5] != '\0')
        {
          *out++ = 'a';
          *out++ = 'l';
          p += 4;
          continue;
        }
      if ((p == ascii || p[-1] == ' ' || p[-1] == '-')
          && (g_ascii_tolower (p[0]) == 'e' || g_ascii_tolower (p[0]) == 'a')
          && g_ascii_tolower (p[1]) == 'l' && (p[2] == '-' || p[2] == ' ') && p[3] != '\0')
        {
          *out++ = 'a';
          *out++ = 'l';
          p += 2;
          continue;
        }
      if (g_ascii_isalnum (*p))
        *out++ = g_ascii_tolower (*p);
    }
  *out = '\0';
  return ascii;
}

/* Whether a name is a hospital's ("Magway General Hospital", "Hospital
 * Rosales"): where the hurt were taken, not a town of the event. */
static gboolean
hospital_name (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  const char *at = strstr (folded, "hospital");

  return at != NULL && (at == folded || at[-1] == ' ') && (at[8] == '\0' || at[8] == ' ');
}

static VigilStorySignature *
signature_alloc (gint64 time, guint64 simhash)
{
  VigilStorySignature *self = g_new0 (VigilStorySignature, 1);

  self->ref_count = 1;
  /* Anywhere until its countries are known: UTC-12 to UTC+14. */
  self->offset_least = -12 * 3600;
  self->offset_greatest = 14 * 3600;
  self->time = time;
  self->simhash = simhash;
  self->entities = feature_array ();
  self->categories = feature_array ();
  self->headline = feature_array ();
  self->words = feature_array ();
  self->numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tolls = g_array_new (FALSE, FALSE, sizeof (Toll));
  self->avenged = g_array_new (FALSE, FALSE, sizeof (Toll));
  self->named_regions = feature_array ();
  self->city_regions = feature_array ();
  self->lead_city_regions = feature_array ();
  self->countries = feature_array ();
  self->regions = feature_array ();
  self->single_names = feature_array ();
  self->name_words = feature_array ();
  self->frame = feature_array ();
  self->units = feature_array ();
  self->lead_towns = feature_array ();
  self->lead_countries = feature_array ();
  self->lead_peoples = feature_array ();
  self->lead_victims = feature_array ();
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
const char *
cluster_event_family (const char *category)
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

/* Whether the token at I opens the first sentence after a dateline's dash
 * ("ABIDJAN (AFP) - Police fired"): the dateline is no sentence of the
 * lead. */
static gboolean
after_dateline (VigilTokens *tokens, guint i)
{
  const VigilToken *t = vigil_tokens_get (tokens, i), *prev;

  if (i == 0 || (t->flags & VIGIL_TOKEN_PARAGRAPH_START))
    return FALSE;
  prev = vigil_tokens_get (tokens, i - 1);
  for (guint b = prev->byte_end; b < t->byte_start; b++)
    if (strchr (".!?\n", tokens->text[b]) != NULL || tokens->text[b] == '\0')
      return FALSE;
  return TRUE;
}

/* Words for the parts of a town or province that reports place an incident in
 * by name ("the Hays district", "Ye-U township", "the Solino neighbourhood",
 * "the district of Hays"), with the letter of their level: two reports placing
 * theirs in two differently named parts of one level are two incidents. */
static const struct
{
  const char *word;
  char level;
} unit_words[] = {
  { "district", 'd' },      { "subdistrict", 'd' },  { "county", 'c' },       { "township", 't' },
  { "neighbourhood", 'n' }, { "neighborhood", 'n' }, { "municipality", 'm' }, { "commune", 'm' },
  { "subcounty", 's' },     { "lga", 'l' },          { "area", 'l' },         { "regency", 'c' },
  { "zone", 'z' },
};

/* Words after a unit's word that make it part of a facility's name. */
static const char *const facility_words[] = {
  "court", "general", "headquarters", "hospital", "hospitals", "jail", "prison", "referral",
};

/* Whether token i + 1 is a facility's word right after token i, in one
 * clause ("county referral hospital", not "county, hospital officials
 * said"). */
static gboolean
facility_after (VigilTokens *tokens, guint i)
{
  VigilToken *next = vigil_tokens_get (tokens, i + 1);

  return !(next->flags & VIGIL_TOKEN_SENTENCE_START) && !cluster_clause_between (tokens, i, i + 1)
         && cluster_in_list (facility_words, G_N_ELEMENTS (facility_words), next->folded);
}

/* Words a unit's name does not begin with, though capitalised at the start of
 * a sentence ("The Hays district"). */
static const char *const unit_name_stops[] = {
  "a",
  "adjacent",
  "an",
  "and",
  "at",
  "bordering",
  "from",
  "in",
  "near",
  "nearby",
  "of",
  "on",
  "the",
  "to",
  "neighbouring",
  "neighboring",
  /* titles: Uganda's "Resident District Commissioner", Nepal's "Chief
   * District Officer" */
  "resident",
  "chief",
  "deputy",
  "assistant",
};

/* Whether the token at i can be part of a unit's name: capitalised, or a
 * particle joined to the next word ("al-Tuhayta"). */
static gboolean
unit_name_token (VigilTokens *tokens, guint i)
{
  VigilToken *t = vigil_tokens_get (tokens, i);
  VigilToken *next = i + 1 < tokens->tokens->len ? vigil_tokens_get (tokens, i + 1) : NULL;

  if (cluster_in_list (unit_name_stops, G_N_ELEMENTS (unit_name_stops), t->folded))
    return FALSE;
  if (t->flags & VIGIL_TOKEN_CAPITALIZED)
    return TRUE;
  return next != NULL && (next->flags & VIGIL_TOKEN_JOINED_PREV)
         && (g_str_equal (t->folded, "al") || g_str_equal (t->folded, "el"));
}

/* The name of tokens first..last as a unit's key: the level's letter, ':', its
 * letters in lower-case ASCII without a leading article ("al-Tuhayta" and
 * "Tuhayta" are one). */
static void
add_unit (GArray *units, char level, VigilTokens *tokens, guint first, guint last)
{
  GString *key = g_string_new (NULL);

  g_string_append_c (key, level);
  g_string_append_c (key, ':');
  for (guint k = first; k <= last; k++)
    {
      const char *folded = vigil_tokens_get (tokens, k)->folded;
      g_autofree char *ascii = NULL;

      if (k == first && k < last && (g_str_equal (folded, "al") || g_str_equal (folded, "el")))
        continue;
      ascii = g_str_to_ascii (folded, "C");
      for (const char *p = ascii; *p; p++)
        if (g_ascii_isalnum (*p))
          g_string_append_c (key, g_ascii_tolower (*p));
    }
  if (key->len > 2)
    add_feature (units, key->str, 1, TRUE);
  g_string_free (key, TRUE);
}

/* The named parts of towns and provinces the text places things in, after
 * the headline (which may capitalise every word: "Flood Hits Kajaki
 * District"). */
static gboolean
accept_organization (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n,
                     gpointer data)
{
  return entry->kind == VIGIL_ENTRY_ORGANIZATION;
}

/* The day of the week a folded word names (0 Sunday to 6 Saturday), or -1. */
static int
weekday_of (const char *word)
{
  static const char *const days[]
      = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    if (g_str_equal (word, days[d]))
      return (int) d;
  return -1;
}

/* Words for those an event left stuck, before "since" and its day
 * ("trapped since Thursday", "missing since Monday"). */
static const char *const stuck_words[] = {
  "besieged", "blocked", "buried", "cut", "held", "missing", "stranded", "trapped", "underground",
};

/* Whether tokens first..last are the whole name of a listed organisation ("a
 * Taliban district official" names no district). */
static gboolean
listed_organization (VigilGazetteer *gazetteer, VigilTokens *tokens, guint first, guint last)
{
  const VigilEntry *entry = NULL;

  return gazetteer != NULL
         && vigil_gazetteer_match (gazetteer, tokens, first, accept_organization, NULL, &entry)
                == last - first + 1;
}

static void
local_units (VigilGazetteer *gazetteer, VigilTokens *tokens, guint title_bytes, GArray *units)
{
  guint n = tokens->tokens->len;

  for (guint i = 0; i < n; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i);
      char level = 0;
      guint first = i, name_end = i;

      if (t->byte_start < title_bytes)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (unit_words) && !level; k++)
        if (g_str_equal (t->folded, unit_words[k].word))
          level = unit_words[k].level;
      if (!level)
        continue;
      /* "Kerugoya county referral hospital", "the Charsadda District
       * Headquarters Hospital": a facility's name, of the town whose name it
       * bears, where the hurt were taken; no unit the event is placed in. */
      if (i + 1 < n && facility_after (tokens, i))
        continue;
      /* A sub-county is a level of its own; an area is one only as a local
       * government area ("Gwoza Local Government Area", "Gwoza LGA"). */
      if (i > 0 && (t->flags & VIGIL_TOKEN_JOINED_PREV)
          && g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "sub"))
        {
          level = level == 'c' ? 's' : level;
          first = --name_end;
        }
      /* A zone is a unit by a name of its own ("East Shewa zone"), not by
       * an ordinary word ("the Green Zone", "a free zone", "North Zone"). */
      if (level == 'z'
          && (i == 0 || vigil_tagger_is_common_word (vigil_tokens_get (tokens, i - 1))))
        continue;
      if (level == 'l' && g_str_equal (t->folded, "area"))
        {
          if (i < 2 || !g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "government")
              || !g_str_equal (vigil_tokens_get (tokens, i - 2)->folded, "local"))
            continue;
          first = name_end = i - 2;
        }
      /* "the Hays district": up to three words of a name before the word,
       * not past a possessive ("Yemen's Hays district"). */
      while (first > 0 && name_end - first < 3 && unit_name_token (tokens, first - 1)
             && vigil_tokens_get (tokens, first - 1)->byte_start >= title_bytes
             && !(first >= 2
                  && (vigil_tokens_get (tokens, first - 1)->flags & VIGIL_TOKEN_JOINED_PREV)
                  && g_str_equal (vigil_tokens_get (tokens, first - 1)->folded, "s")))
        {
          first--;
          if (vigil_tokens_get (tokens, first)->flags & VIGIL_TOKEN_SENTENCE_START)
            break;
        }
      if (first < name_end)
        {
          if (!listed_organization (gazetteer, tokens, first, name_end - 1)
              && !(first > 0 && cluster_beside_word (tokens, first - 1)))
            add_unit (units, level, tokens, first, name_end - 1);
          continue;
        }
      /* "the district of Hays" */
      if (i + 2 < n && g_str_equal (vigil_tokens_get (tokens, i + 1)->folded, "of"))
        {
          guint last = i + 2;
          if (!unit_name_token (tokens, last))
            continue;
          while (last + 1 < n && last - i < 4 && unit_name_token (tokens, last + 1)
                 && !(vigil_tokens_get (tokens, last + 1)->flags & VIGIL_TOKEN_SENTENCE_START))
            last++;
          if (!listed_organization (gazetteer, tokens, i + 2, last)
              && !(i > 0 && cluster_beside_word (tokens, i - 1)))
            add_unit (units, level, tokens, i + 2, last);
        }
    }
  features_finish (units, FALSE);
}

/* The sentences that tell of another incident than the report's ("The ambush
 * came hours after a separate massacre in a pool hall", "Separately, a
 * soldier was shot", "in an unrelated attack", "The attack came a day after
 * a missile strike killed four"), or what the sentence's attack avenged
 * ("in retaliation for a raid on Thursday"): the [start, end) code points
 * of each (from the sentence's start, or from the word for revenge), in
 * pairs, in spans. Their words, numbers and risks are that
 * incident's, not the report's. */
/* Whether tokens from..end-1 hold a span of time of the events counted ("in
 * two days", "within hours", "this week", "on Wednesday", "that day") and
 * then "after" or "following": the rest of "the second seizure on the
 * border in two days, after rifles were found"; after "it was the second"
 * (copula), a day too: "the second abduction in the zone on Wednesday,
 * after four workers were taken" (not "a third soldier died on Wednesday
 * after the attack", that event's toll). */
static gboolean
cluster_ordinal_after (VigilTokens *tokens, guint from, guint end, gboolean copula)
{
  static const char *const spans_of_time[] = {
    "day", "days", "hour", "hours", "week", "weeks", "month", "months", "year",
  };
  gboolean span = FALSE;

  for (guint j = from; j < end; j++)
    {
      const char *word = vigil_tokens_get (tokens, j)->folded;
      if (!span
          && (g_str_equal (word, "in") || g_str_equal (word, "within")
              || g_str_equal (word, "this")))
        for (guint m = j + 1; m < end && m <= j + 3 && !span; m++)
          span = cluster_in_list (spans_of_time, G_N_ELEMENTS (spans_of_time),
                                  vigil_tokens_get (tokens, m)->folded);
      else if (!span && copula && j + 1 < end
               && ((g_str_equal (word, "on")
                    && weekday_of (vigil_tokens_get (tokens, j + 1)->folded) >= 0)
                   || (g_str_equal (word, "that")
                       && g_str_equal (vigil_tokens_get (tokens, j + 1)->folded, "day"))))
        span = TRUE;
      else if (span && (g_str_equal (word, "after") || g_str_equal (word, "following")))
        return TRUE;
    }
  return FALSE;
}

static void
other_incident_sentences (VigilTokens *tokens, guint title_bytes, GArray *spans, GArray *revenge)
{
  static const char *const copulas[] = { "is", "was", "marked", "marks" };
  guint n = tokens->tokens->len, first = 0;

  for (guint i = 0; i <= n; i++)
    {
      VigilToken *t = i < n ? vigil_tokens_get (tokens, i) : NULL;
      gboolean other = FALSE, avenges = FALSE;
      guint from = first;

      if (t != NULL && !(i > first && (t->flags & VIGIL_TOKEN_SENTENCE_START)))
        continue;
      /* The sentence first..i-1 (the headline is never another incident's). */
      for (guint k = first; k < i && !other; k++)
        {
          VigilToken *w = vigil_tokens_get (tokens, k);
          const char *before = k > first ? vigil_tokens_get (tokens, k - 1)->folded : "";

          if (w->byte_end <= title_bytes)
            break;
          other = g_str_equal (w->folded, "separately") || g_str_equal (w->folded, "unrelated")
                  || (g_str_equal (w->folded, "separate")
                      && (g_str_equal (before, "a") || g_str_equal (before, "an")));
          /* "in retaliation for a raid on Thursday in which five herders
           * were killed", "to avenge": the rest of the sentence tells what
           * was avenged. */
          if (((g_str_equal (w->folded, "retaliation") || g_str_equal (w->folded, "revenge")
                || g_str_equal (w->folded, "reprisal") || g_str_equal (w->folded, "reprisals"))
               && k + 1 < i && g_str_equal (vigil_tokens_get (tokens, k + 1)->folded, "for"))
              || g_str_equal (w->folded, "avenge") || g_str_equal (w->folded, "avenging"))
            {
              other = avenges = TRUE;
              from = k;
              break;
            }
          /* "It was the second deadly sinking off the coast in two days,
           * after six men drowned east of the city": the other of the two
           * (not "on the second day after the quake", this event's). */
          if (g_str_equal (w->folded, "second") || g_str_equal (w->folded, "third")
              || g_str_equal (w->folded, "fourth") || g_str_equal (w->folded, "fifth"))
            other = cluster_ordinal_after (
                tokens, k + 1, i,
                k >= first + 2 && g_str_equal (before, "the")
                    && cluster_in_list (copulas, G_N_ELEMENTS (copulas),
                                        vigil_tokens_get (tokens, k - 2)->folded));
          if (other)
            break;
          /* "The attack came a day after a missile strike on the centre
           * killed four", "It comes hours after...": what it followed (not
           * "came just after 12 a.m.", a time). */
          if (g_str_equal (w->folded, "came") || g_str_equal (w->folded, "comes"))
            {
              static const char *const spans_of_time[]
                  = { "day", "days", "hour", "hours", "week", "weeks", "month", "months" };
              gboolean interval = FALSE;
              for (guint j = k + 1; j < i && j <= k + 4 && !other; j++)
                {
                  const char *word = vigil_tokens_get (tokens, j)->folded;
                  interval = interval
                             || cluster_in_list (spans_of_time, G_N_ELEMENTS (spans_of_time), word);
                  other = interval && g_str_equal (word, "after");
                }
            }
        }
      if (other)
        {
          guint range[2]
              = { vigil_tokens_get (tokens, from)->start, vigil_tokens_get (tokens, i - 1)->end };
          g_array_append_vals (spans, range, 2);
          if (avenges)
            g_array_append_vals (revenge, range, 2);
        }
      first = i;
    }
}

static gboolean
in_spans (GArray *spans, guint at)
{
  for (guint i = 0; i + 1 < spans->len; i += 2)
    if (at >= g_array_index (spans, guint, i) && at < g_array_index (spans, guint, i + 1))
      return TRUE;
  return FALSE;
}

/* Whether the token at index from begins a run of at most max lower-case
 * words that the token starting at code point start ends. */
static gboolean
lower_words_before (VigilTokens *tokens, guint from, guint max, guint start)
{
  for (guint i = from; i < tokens->tokens->len && i <= from + max; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i);
      if (t->start == start)
        return TRUE;
      if (t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_SENTENCE_START))
        return FALSE;
    }
  return FALSE;
}

/* Whether a name is one ordinary English word ("Hospital", "Civil"). */
/* A road's number ("N1", "EN13", "A-7", "Route 5", "Highway 66", "National
 * Road 4"): a road runs through many towns and provinces, no town of an
 * event. */
static gboolean
road_name (const char *name)
{
  static const char *const road_words[] = { "highway", "motorway", "expressway", "road", "route" };
  const char *last = strrchr (name, ' ');
  const char *p;
  guint letters = 0, digits = 0;

  if (last != NULL)
    {
      g_autofree char *head = g_ascii_strdown (name, last - name);
      const char *word = strrchr (head, ' ');
      word = word ? word + 1 : head;
      if (!cluster_in_list (road_words, G_N_ELEMENTS (road_words), word))
        return FALSE;
      last++;
    }
  else
    last = name;
  for (p = last; *p && g_ascii_isupper (*p); p++)
    letters++;
  if (*p == '-' && letters > 0)
    p++;
  for (; *p && g_ascii_isdigit (*p); p++)
    digits++;
  return *p == '\0' && digits > 0 && digits <= 4 && letters <= 3 && (letters > 0 || last != name);
}

/* A lake's, a river's or a sea's name ("Lake Edward", "the Nile River",
 * "Lac Tanganyika"): a water many towns and provinces lie on, where two
 * sinkings of one week may both have been; no town of an event. */
static gboolean
water_name (const char *name)
{
  static const char *const first_words[] = { "lake", "lac", "lago", "river", "rio" };
  static const char *const last_words[] = { "lake", "river", "sea", "gulf", "bay", "reservoir" };
  const char *space = strchr (name, ' '), *last = strrchr (name, ' ');
  g_autofree char *first = NULL, *final = NULL;

  if (space == NULL)
    return FALSE;
  first = g_ascii_strdown (name, space - name);
  final = g_ascii_strdown (last + 1, -1);
  return cluster_in_list (first_words, G_N_ELEMENTS (first_words), first)
         || cluster_in_list (last_words, G_N_ELEMENTS (last_words), final);
}

static gboolean
ordinary_word (const char *name)
{
  g_autoptr (VigilTokens) tokens = NULL;

  if (strchr (name, ' ') != NULL || strchr (name, '-') != NULL)
    return FALSE;
  tokens = vigil_tokenize (name);
  return tokens->tokens->len == 1 && vigil_tagger_is_common_word (vigil_tokens_get (tokens, 0));
}

/* The country an entity is, when the lists take its name for one. */
static const char *
country_named (VigilGazetteer *gazetteer, const VigilEntity *ent)
{
  gboolean specific, named;
  const char *region;

  if (ent->type != VIGIL_ENTITY_LOCATION || ent->country == NULL
      || place_weight (gazetteer, ent, FALSE, FALSE, NULL, &specific, &region, &named)
             != WEIGHT_COUNTRY)
    return NULL;
  return ent->country;
}

/* Whether the entity e, a name of one word, follows a place's (not a
 * country's) "'s" right after ("Dhaka's Kamrangirchar", "Gazipur's
 * Konabari"; not "Khuzestan's governor Ali Reza", "Brazil's Lula"): a part
 * of that place. */
static gboolean
place_possessed (VigilGazetteer *gazetteer, VigilAnalysis *analysis, VigilTokens *tokens, guint e)
{
  const VigilEntity *ent = &g_array_index (analysis->entities, VigilEntity, e), *owner;
  guint k = 0;

  if (e == 0)
    return FALSE;
  owner = &g_array_index (analysis->entities, VigilEntity, e - 1);
  /* (a country's "Brazil's Lula" is its leader) */
  if (owner->type != VIGIL_ENTITY_LOCATION || country_named (gazetteer, owner) != NULL)
    return FALSE;
  while (k < tokens->tokens->len && vigil_tokens_get (tokens, k)->start < owner->end)
    k++;
  return k + 1 < tokens->tokens->len && vigil_tokens_get (tokens, k)->start == owner->end + 1
         && (vigil_tokens_get (tokens, k)->flags & VIGIL_TOKEN_JOINED_PREV)
         && g_str_equal (vigil_tokens_get (tokens, k)->folded, "s")
         && vigil_tokens_get (tokens, k + 1)->start == ent->start
         && strchr (ent->canonical ? ent->canonical : " ", ' ') == NULL;
}

/* The names (canonical) of the persons the analysis found that the text
 * calls towns somewhere ("Kambuyo, a gold-mining town"; "the village of
 * Kambuyo"; "Dhaka's Kamrangirchar"), at a mention the analysis found or at any other of a name of
 * one word (the tagger may find only the headline's), into towns. */
static void
persons_called_towns (VigilGazetteer *gazetteer, VigilAnalysis *analysis, VigilTokens *tokens,
                      GHashTable *towns)
{
  for (guint i = 0; analysis && i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      g_autofree char *folded = NULL;

      if (e->type != VIGIL_ENTITY_PERSON || e->canonical == NULL
          || g_hash_table_contains (towns, e->canonical))
        continue;
      if (cluster_person_placed (tokens, e->start, e->end)
          || place_possessed (gazetteer, analysis, tokens, i))
        {
          g_hash_table_add (towns, e->canonical);
          continue;
        }
      if (strchr (e->canonical, ' ') != NULL)
        continue;
      folded = vigil_fold (e->canonical, -1);
      for (guint k = 0; k < tokens->tokens->len; k++)
        {
          VigilToken *t = vigil_tokens_get (tokens, k);
          if ((t->flags & VIGIL_TOKEN_CAPITALIZED) && g_str_equal (t->folded, folded)
              && !(k + 1 < tokens->tokens->len
                   && (vigil_tokens_get (tokens, k + 1)->flags & VIGIL_TOKEN_JOINED_PREV))
              && cluster_person_placed (tokens, t->start, t->end))
            {
              g_hash_table_add (towns, e->canonical);
              break;
            }
        }
    }
}

/* Words of a place's kind after "the same" ("in the same province", "off
 * the same town"). */
static const char *const same_place_words[] = {
  "area",          "camp",        "chiefdom", "city",    "coast",    "county",       "department",
  "district",      "governorate", "highway",  "island",  "locality", "municipality", "neighborhood",
  "neighbourhood", "prefecture",  "province", "region",  "road",     "state",        "territory",
  "town",          "township",    "valley",   "village", "zone",
};

/* Spans of time an interval before "after" counts in ("a day after",
 * "hours after"). */
static const char *const interval_words[] = {
  "day", "days", "hour", "hours", "night", "nights", "week", "weeks",
};

/* Whether a risk of an incident starts in [from, mid) (a count of the dead
 * is one; a flight or an evacuation, the departure family, is none) and any
 * risk in [mid, to): not "Thousands fled Derna, a day after floods killed
 * hundreds in the same city". */
static gboolean
incident_then_risk (VigilAnalysis *analysis, guint from, guint mid, guint to)
{
  gboolean incident = FALSE, after = FALSE;

  for (guint i = 0; analysis && i < analysis->risks->len; i++)
    {
      VigilRisk *r = &g_array_index (analysis->risks, VigilRisk, i);
      if (r->category == NULL || g_str_equal (r->category, "armed-groups"))
        continue;
      if (r->start >= from && r->start < mid)
        incident = incident || g_strcmp0 (cluster_event_family (r->category), "departure") != 0;
      else if (r->start >= mid && r->start < to)
        after = TRUE;
    }
  return incident && after;
}

/* Whether a town (a specific place: not a country, a province or a sea) is
 * named in [from, to), with a name not among those named in [other_from,
 * other_to) when other_to is not 0. */
static gboolean
place_between (VigilGazetteer *gazetteer, VigilAnalysis *analysis, GHashTable *report_countries,
               guint from, guint to, guint other_from, guint other_to)
{
  for (guint i = 0; analysis && i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      gboolean elsewhere = FALSE, specific = FALSE, named;
      const char *region;
      if (e->type != VIGIL_ENTITY_LOCATION || e->canonical == NULL || e->start < from
          || e->start >= to)
        continue;
      place_weight (gazetteer, e, FALSE, FALSE, report_countries, &specific, &region, &named);
      if (!specific)
        continue;
      for (guint k = 0; other_to != 0 && k < analysis->entities->len && !elsewhere; k++)
        {
          VigilEntity *o = &g_array_index (analysis->entities, VigilEntity, k);
          elsewhere = o->start >= other_from && o->start < other_to && o->canonical != NULL
                      && g_str_equal (o->canonical, e->canonical);
        }
      if (!elsewhere)
        return TRUE;
    }
  return FALSE;
}

/* "Two people died on Tuesday when fire swept through a print shop in
 * Sultangazi, a day after four workers were killed in a fire in
 * Zeytinburnu", "... on Thursday morning, a day after a massacre at a camp
 * in the same territory": in a lead sentence with a risk before the
 * interval, what follows "a day after" ("hours after", "two days after")
 * tells of an earlier incident when it has a risk too and the part before
 * tells of an incident, not a flight ("Thousands fled Derna, a day after
 * floods killed hundreds in the same city"), and names "the same"
 * town or province, or a town the sentence's own part does not while that
 * part names one. Not "Two more workers died in hospital on Tuesday, a day
 * after a fire swept through a workshop in Zeytinburnu" (a follow-up: it
 * places nothing of its own).
 * The [start, end) code points from "after" to the sentence's end, in pairs,
 * in spans: their places, counts and risks are that incident's. */
static void
earlier_incident_clauses (VigilGazetteer *gazetteer, VigilAnalysis *analysis, VigilTokens *tokens,
                          guint title_bytes, guint lead_end, GHashTable *report_countries,
                          GArray *spans)
{
  guint n = tokens->tokens->len;

  for (guint i = 2; i < n; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i);
      guint first = i, last = i, from, to;
      gboolean same = FALSE;

      if (t->start >= lead_end)
        break;
      if (t->byte_start < title_bytes || !g_str_equal (t->folded, "after")
          || !cluster_in_list (interval_words, G_N_ELEMENTS (interval_words),
                               vigil_tokens_get (tokens, i - 1)->folded))
        continue;
      while (first > 0 && !(vigil_tokens_get (tokens, first)->flags & VIGIL_TOKEN_SENTENCE_START)
             && vigil_tokens_get (tokens, first - 1)->byte_start >= title_bytes)
        first--;
      while (last + 1 < n
             && !(vigil_tokens_get (tokens, last + 1)->flags & VIGIL_TOKEN_SENTENCE_START))
        last++;
      from = vigil_tokens_get (tokens, first)->start;
      to = vigil_tokens_get (tokens, last)->end;
      for (guint k = i + 1; k + 1 <= last && !same; k++)
        same = g_str_equal (vigil_tokens_get (tokens, k)->folded, "same")
               && (cluster_in_list (same_place_words, G_N_ELEMENTS (same_place_words),
                                    vigil_tokens_get (tokens, k + 1)->folded)
                   || (k + 2 <= last
                       && cluster_in_list (same_place_words, G_N_ELEMENTS (same_place_words),
                                           vigil_tokens_get (tokens, k + 2)->folded)));
      if (!incident_then_risk (analysis, from, t->start, to))
        continue;
      if (!same
          && !(place_between (gazetteer, analysis, report_countries, from, t->start, 0, 0)
               && place_between (gazetteer, analysis, report_countries, t->start, to, from,
                                 t->start)))
        continue;
      {
        guint range[2] = { t->start, to };
        g_array_append_vals (spans, range, 2);
      }
      i = last;
    }
}

/* The country a place is written as a part of ("Venezuela's El Callao",
 * "north-central Nigeria's Niger state", "Venezuela's southern Bolivar
 * state"): the code of the country the entity before names, when only "'s"
 * and up to three lower-case words lie between; NULL otherwise. */
static const char *
possessive_country (VigilGazetteer *gazetteer, VigilAnalysis *analysis, VigilTokens *tokens,
                    guint e)
{
  const VigilEntity *ent = &g_array_index (analysis->entities, VigilEntity, e), *owner;
  guint k = 0;

  if (e == 0)
    return NULL;
  owner = &g_array_index (analysis->entities, VigilEntity, e - 1);
  while (k < tokens->tokens->len && vigil_tokens_get (tokens, k)->start < owner->end)
    k++;
  if (k + 1 >= tokens->tokens->len || vigil_tokens_get (tokens, k)->start != owner->end + 1
      || !(vigil_tokens_get (tokens, k)->flags & VIGIL_TOKEN_JOINED_PREV)
      || !g_str_equal (vigil_tokens_get (tokens, k)->folded, "s")
      || !lower_words_before (tokens, k + 1, 3, ent->start))
    return NULL;
  return country_named (gazetteer, owner);
}

/* A part of a day after its name ("Sunday night's", "Tuesday morning's"). */
static gboolean
day_part_word (const char *folded)
{
  static const char *const parts[] = { "afternoon", "evening", "morning", "night" };
  return cluster_in_list (parts, G_N_ELEMENTS (parts), folded);
}

/* The province a name of two words or more is, by its name and a word of
 * its kind ("Niger State", "Kunar Province"), in a country the report names
 * or the only one the lists have of that name; NULL otherwise. */
static const char *
province_in_name (VigilGazetteer *gazetteer, const char *canonical, GHashTable *report_countries)
{
  g_autoptr (VigilTokens) tokens = NULL;
  guint n;

  if (gazetteer == NULL || canonical == NULL)
    return NULL;
  tokens = vigil_tokenize (canonical);
  n = tokens->tokens->len;
  if (n < 2)
    return NULL;
  /* Counties are the provinces of a few countries only ("Lamu County";
   * not "Washington County, Oregon"). */
  if (g_str_equal (vigil_tokens_get (tokens, n - 1)->folded, "county"))
    {
      const char *code = listed_province (gazetteer, tokens, n - 1, report_countries, TRUE);
      static const char *const counties[] = { "KE", "LR", "HU", "RO", "SE", "NO", "TW" };
      char country[3];
      if (code == NULL || strlen (code) < 3)
        return NULL;
      country[0] = code[0], country[1] = code[1], country[2] = '\0';
      return cluster_in_list (counties, G_N_ELEMENTS (counties), country) ? code : NULL;
    }
  if (!cluster_province_word (vigil_tokens_get (tokens, n - 1)->folded))
    return NULL;
  return listed_province (gazetteer, tokens, n - 1, report_countries, TRUE);
}

/* The same for a country written right after the place: "the town of Sodo
 * in central Haiti", "El Callao in Venezuela's Bolivar state", "Sodo,
 * Haiti". */
static const char *
country_after (VigilGazetteer *gazetteer, VigilAnalysis *analysis, VigilTokens *tokens,
               const char *text, guint e)
{
  const VigilEntity *ent = &g_array_index (analysis->entities, VigilEntity, e), *owner;
  guint k = 0;

  if (e + 1 >= analysis->entities->len || text == NULL)
    return NULL;
  owner = &g_array_index (analysis->entities, VigilEntity, e + 1);
  while (k < tokens->tokens->len && vigil_tokens_get (tokens, k)->start < ent->end)
    k++;
  if (k >= tokens->tokens->len)
    return NULL;
  if (vigil_tokens_get (tokens, k)->start == owner->start)
    {
      /* ", Haiti": only a comma between, and no list ("Jenin, Tubas and
       * Nablus", "Sodo, Haiti and ...") */
      const char *p = g_utf8_offset_to_pointer (text, ent->end);
      const char *q = g_utf8_offset_to_pointer (text, owner->end);
      if (p[0] != ',' || p[1] != ' ' || q[0] == ',' || g_str_has_prefix (q, " and ")
          || g_str_has_prefix (q, " or "))
        return NULL;
    }
  else if (!g_str_equal (vigil_tokens_get (tokens, k)->folded, "in")
           || !lower_words_before (tokens, k + 1, 2, owner->start))
    return NULL;
  return country_named (gazetteer, owner);
}

/* Where the event was, its local time's offsets from UTC: the range of those
 * of the countries its lead names, else anywhere's (UTC-12 to UTC+14, as
 * signature_alloc sets; the countries of the rest of a report may be those
 * of its background or of reactions). */
static void
signature_offsets (VigilStorySignature *self)
{
  GArray *countries = self->lead_countries;
  gint32 least = G_MAXINT32, greatest = G_MININT32;

  if (countries->len == 0)
    return;
  for (guint i = 0; i < countries->len; i++)
    {
      gint32 l, g;
      if (!cluster_utc_offsets (g_array_index (countries, Feature, i).key, &l, &g))
        return;
      least = MIN (least, l);
      greatest = MAX (greatest, g);
    }
  self->offset_least = least;
  self->offset_greatest = greatest;
}

VigilStorySignature *
vigil_story_signature_new (VigilGazetteer *gazetteer, VigilAnalysis *analysis, const char *text,
                           gint64 time)
{
  VigilStorySignature *self = signature_alloc (time, vigil_simhash (text));
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text ? text : "");
  g_autoptr (GHashTable) provinces = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) first_level = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) first_level_words
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) report_countries = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) owners = NULL;
  g_autoptr (GHashTable) by_name = NULL;
  g_autoptr (GArray) other_incident = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) revenge = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) earlier = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GHashTable) towns_named = g_hash_table_new (g_str_hash, g_str_equal);
  guint out = 0, title_bytes, title_chars, lead_end = G_MAXUINT;
  g_autoptr (GDateTime) when = NULL;

  title_bytes = text && strchr (text, '\n') ? (guint) (strchr (text, '\n') - text) : 0;
  /* Where the lead (the headline and LEAD_SENTENCES sentences) ends. */
  for (guint i = 0, sentences = 0; i < tokens->tokens->len; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i);
      if (t->byte_end > title_bytes && (t->flags & VIGIL_TOKEN_SENTENCE_START)
          && !after_dateline (tokens, i) && ++sentences > LEAD_SENTENCES)
        {
          lead_end = t->start;
          break;
        }
    }
  /* One name, one sense in a report: a name the text once calls a province
   * ("the Tillaberi region") is that province wherever the report names it
   * ("Tillaberi, which borders Mali"), though the lists know a town of the
   * name too. And the countries of the places it names. */
  /* (also where the analysis found no name: "in Salahuddin province") */
  for (guint i = 1; i < tokens->tokens->len; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i - 1);
      if (t->byte_start >= title_bytes && (t->flags & VIGIL_TOKEN_CAPITALIZED)
          && !(t->flags & VIGIL_TOKEN_ALL_UPPER) && cluster_first_level_named (tokens, t->end))
        g_hash_table_add (first_level_words,
                          g_strndup (tokens->text + t->byte_start, t->byte_end - t->byte_start));
    }
  /* The country each place is written as a part of ("Venezuela's El
   * Callao", "Sodo in central Haiti"), for every mention of its name (the
   * headline's "Sodo" too). */
  owners = g_ptr_array_new ();
  by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; analysis && i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      const char *owner = NULL;
      gboolean specific, named;
      const char *region;
      /* (not a country: "Mali, Niger and Chad" is a list) */
      if (e->type == VIGIL_ENTITY_LOCATION && gazetteer != NULL && e->canonical != NULL
          && place_weight (gazetteer, e, FALSE, FALSE, report_countries, &specific, &region, &named)
                 != WEIGHT_COUNTRY)
        {
          owner = possessive_country (gazetteer, analysis, tokens, i);
          if (owner == NULL)
            owner = country_after (gazetteer, analysis, tokens, text, i);
        }
      if (owner != NULL && e->canonical != NULL && g_strcmp0 (owner, e->country) != 0)
        g_hash_table_insert (by_name, e->canonical, (gpointer) owner);
      g_ptr_array_add (owners, (gpointer) owner);
    }
  for (guint i = 0; i < owners->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      if (g_ptr_array_index (owners, i) == NULL && e->type == VIGIL_ENTITY_LOCATION
          && e->canonical != NULL)
        g_ptr_array_index (owners, i) = g_hash_table_lookup (by_name, e->canonical);
    }
  for (guint i = 0; analysis && i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      const char *owner;
      if ((e->type != VIGIL_ENTITY_PERSON && e->type != VIGIL_ENTITY_LOCATION)
          || (dateline_agency (text, e->start, e->end) && country_named (gazetteer, e) == NULL))
        continue;
      owner = g_ptr_array_index (owners, i);
      if (owner != NULL || e->country != NULL)
        g_hash_table_add (report_countries, (gpointer) (owner ? owner : e->country));
      if (e->canonical != NULL
          && (cluster_province_named (tokens, e->end)
              || cluster_province_of (tokens, e->start, FALSE)))
        g_hash_table_add (provinces, e->canonical);
      if (e->canonical != NULL
          && (cluster_first_level_named (tokens, e->end)
              || cluster_province_of (tokens, e->start, TRUE)))
        g_hash_table_add (first_level, e->canonical);
    }
  earlier_incident_clauses (gazetteer, analysis, tokens, title_bytes, lead_end, report_countries,
                            earlier);
  other_incident_sentences (tokens, title_bytes, other_incident, revenge);
  persons_called_towns (gazetteer, analysis, tokens, towns_named);
  for (guint i = 0; analysis && i < analysis->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i), placed;
      /* "an attack on Kambuyo, a gold-mining town": a town the tagger took
       * for a person, a place (wherever the report names it). */
      if (e->type == VIGIL_ENTITY_PERSON && e->canonical != NULL
          && g_hash_table_contains (towns_named, e->canonical))
        {
          placed = *e;
          placed.type = VIGIL_ENTITY_LOCATION;
          e = &placed;
        }
      gboolean specific = TRUE, named = FALSE, person = e->type == VIGIL_ENTITY_PERSON;
      gboolean route_end, home;
      gboolean as_province
          = e->canonical != NULL && g_hash_table_contains (provinces, e->canonical);
      gboolean as_first_level = e->canonical != NULL
                                && (g_hash_table_contains (first_level, e->canonical)
                                    || g_hash_table_contains (first_level_words, e->canonical));
      const char *region = NULL, *owner;
      double weight;
      /* "the municipality of Argelia": a town named as a country is. */
      gboolean local = e->type == VIGIL_ENTITY_LOCATION
                       && (cluster_local_place_named (tokens, e->start)
                           || (dateline_name (e->text) && dateline_with_country (text, e->end)));
      VigilEntity owned;

      if (dateline_agency (text, e->start, e->end) && country_named (gazetteer, e) == NULL)
        continue;
      /* (a place of the earlier incident a lead tells of) */
      if (in_spans (earlier, e->start) || in_spans (other_incident, e->start))
        continue;
      /* "Venezuela's El Callao": a place of that country, whichever other
       * country's the lists know by the name (its own province, else a town
       * they do not know). */
      owner = g_ptr_array_index (owners, i);
      if (owner != NULL && g_strcmp0 (owner, e->country) != 0)
        {
          owned = *e;
          owned.country = (char *) owner;
          e = &owned;
        }

      /* (nor is a country whose border the place is near: "close to the
       * Mozambique border" is on the other side of it) */
      if (e->type == VIGIL_ENTITY_LOCATION && e->country != NULL && !local
          && !cluster_armed_service (tokens, e->end) && !cluster_based_in (tokens, e->end)
          && !cluster_destination (tokens, e->start)
          && !(country_named (gazetteer, e) != NULL
               && cluster_border_of (tokens, e->start, e->end)))
        {
          add_feature (self->countries, e->country, 1, FALSE);
          if (e == &owned || country_named (gazetteer, e) != NULL)
            self->country_named = TRUE;
          /* "Myanmar nationals" in the lead: people of the country, as a
           * demonym gives them; "near the Cameroon border" places the event
           * in no other country. */
          if (e->start < lead_end && !cluster_border_of (tokens, e->start, e->end))
            add_feature (cluster_nationals (tokens, e->end) ? self->lead_peoples
                                                            : self->lead_countries,
                         e->country, 1, FALSE);
          if (e->start < lead_end && cluster_victims (tokens, e->end))
            add_feature (self->lead_victims, e->country, 1, FALSE);
        }
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
              double as_place = place_weight (gazetteer, e, as_province, as_first_level,
                                              report_countries, &specific, &region, &named);
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
          if (cluster_in_list (wire_agencies, G_N_ELEMENTS (wire_agencies), e->canonical))
            continue;
          weight = WEIGHT_ORGANIZATION;
          /* A state named as the one that acts ("Lebanon says the strikes
           * violate the truce"): a country, however the tagger took it. */
          if (e->country != NULL)
            {
              double as_place = place_weight (gazetteer, e, FALSE, FALSE, report_countries,
                                              &specific, &region, &named);
              if (!specific && region == NULL)
                weight = as_place;
              else
                {
                  specific = TRUE;
                  region = NULL;
                  named = FALSE;
                }
            }
          break;
        case VIGIL_ENTITY_LOCATION:
        default:
          /* A dateline ("BAGHDAD -") says where the report was filed, which
           * many unrelated reports share, not where the event was: left out
           * (the same place named in the text counts as any place). A town
           * the wire must place ("MUTARE, Zimbabwe -") is no bureau: it is
           * where the reporter went, the event's. */
          if (dateline_name (e->text) && !dateline_with_country (text, e->end))
            continue;
          /* The town, whatever the lists say of its name: specific, in the
           * province they give a town of that name ("the town of Kazanlak"),
           * or in the province of its name when they know only the province
           * ("the city of Nabatieh"), else in none ("the municipality of
           * Argelia"). */
          if (local)
            {
              place_weight (gazetteer, e, FALSE, FALSE, report_countries, &specific, &region,
                            &named);
              if (!specific && !named)
                region = NULL;
              specific = TRUE;
              named = FALSE;
              weight = WEIGHT_PLACE;
              break;
            }
          weight = place_weight (gazetteer, e, as_province, as_first_level, report_countries,
                                 &specific, &region, &named);
          /* "Borno State", "Lamu County" taken whole for a name the lists
           * do not know: the province they know by its head, in its
           * country. */
          if (specific && region == NULL
              && (region = province_in_name (gazetteer, e->canonical, report_countries)) != NULL)
            {
              char code[3] = { region[0], region[1], '\0' };
              specific = FALSE;
              named = TRUE;
              weight = WEIGHT_PROVINCE;
              if (e->country == NULL)
                {
                  add_feature (self->countries, code, 1, FALSE);
                  if (e->start < lead_end)
                    add_feature (self->lead_countries, code, 1, FALSE);
                }
            }
          break;
        }
      /* "Hospital", "Civil", "Rescue": an ordinary word the tagger took for
       * a name on its own (out of "General Hospital", "Civil defence", a
       * sentence's first word), no actor or place of the event's own, unless
       * the lists place it. */
      if (specific && region == NULL && e->country == NULL && ordinary_word (e->canonical))
        specific = FALSE;
      add_feature (self->entities, e->canonical, weight, specific);
      /* (not a landmark the event lies off: "east of Tripoli") */
      /* (nor an end of a journey: "a bus from Mexico City") */
      route_end = e->type == VIGIL_ENTITY_LOCATION && cluster_route_end (tokens, e->start);
      /* (nor the home of people it tells of: "labourers from South
       * Sulawesi", a province too) */
      home = e->type == VIGIL_ENTITY_LOCATION && cluster_people_home (tokens, e->start);
      route_end = route_end || home;
      /* (nor where a body is based: "a Bogota-based firm") */
      route_end
          = route_end || (e->type == VIGIL_ENTITY_LOCATION && cluster_based_in (tokens, e->end));
      if (e->type == VIGIL_ENTITY_LOCATION && specific && weight == WEIGHT_PLACE
          && e->start < lead_end && !cluster_off_landmark (tokens, e->start) && !route_end
          && !road_name (e->canonical) && !water_name (e->canonical)
          && !dateline_region (text, e->start) && !cluster_area_named (tokens, e->end)
          && !hospital_name (e->canonical))
        add_feature (self->lead_towns, e->canonical, weight, TRUE);
      g_array_index (self->entities, Feature, self->entities->len - 1).person = person;
      /* "Niger State police", "the Kunar Province governor": the province
       * whose name the name holds, with its word of kind. */
      if (region == NULL
          && (e->type == VIGIL_ENTITY_LOCATION || e->type == VIGIL_ENTITY_ORGANIZATION)
          && (region = province_in_name (gazetteer, e->canonical, report_countries)) != NULL)
        named = TRUE;
      /* "200 km north of Niamey": a landmark to find the place by, not the
       * place, and not its province. */
      if (region != NULL && cluster_distance_from (tokens, e->start))
        region = NULL;
      /* "neighbouring Jonglei state": the event's neighbour. */
      if (region != NULL && named && cluster_beside (tokens, e->start, e->end))
        region = NULL;
      if (region != NULL && route_end && (!named || home))
        region = NULL;
      if (region != NULL)
        {
          add_feature (named ? self->named_regions : self->city_regions, region, WEIGHT_PLACE,
                       TRUE);
          if (!named && e->start < lead_end)
            add_feature (self->lead_city_regions, region, WEIGHT_PLACE, TRUE);
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
      if (d->country != NULL && !cluster_armed_service (tokens, d->end)
          && !cluster_raiders (tokens, d->end))
        {
          add_feature (self->countries, d->country, 1, FALSE);
          self->country_named = TRUE;
        }
      /* "Tajikistan accuses Kyrgyz troops": the lead's event is of both
       * countries (a border clash, told from either side). */
      if (d->country != NULL && d->start < lead_end)
        add_feature (self->lead_peoples, d->country, 1, FALSE);
      if (d->country != NULL && d->start < lead_end && cluster_victims (tokens, d->end))
        add_feature (self->lead_victims, d->country, 1, FALSE);
    }
  self->magnitude = cluster_magnitude (tokens);
  /* (a province the lists know places a report as well as a country) */
  if (self->named_regions->len > 0)
    self->country_named = TRUE;
  features_finish (self->countries, FALSE);
  features_finish (self->named_regions, FALSE);
  features_finish (self->city_regions, FALSE);
  features_finish (self->lead_city_regions, FALSE);
  features_finish (self->lead_towns, FALSE);
  features_finish (self->lead_countries, FALSE);
  features_finish (self->lead_peoples, FALSE);
  features_finish (self->lead_victims, FALSE);
  for (guint i = 0; i < self->lead_towns->len; i++)
    {
      Feature *f = &g_array_index (self->lead_towns, Feature, i);
      f->ascii = compact_name (f->key);
    }
  features_finish (self->regions, FALSE);
  features_finish (self->single_names, FALSE);
  signature_offsets (self);

  g_array_append_vals (other_incident, earlier->data, earlier->len);
  /* (a risk's start counts characters, a token's end bytes) */
  title_chars = text ? (guint) g_utf8_strlen (text, title_bytes) : 0;
  for (guint i = 0; analysis && i < analysis->risks->len; i++)
    {
      VigilRisk *r = &g_array_index (analysis->risks, VigilRisk, i);
      /* Who is named ("rebels", "militants") says nothing of what happened:
       * two incidents by the same group are two events. */
      if (r->category == NULL || g_str_equal (r->category, "armed-groups")
          || in_spans (other_incident, r->start))
        continue;
      add_feature (self->categories, r->category, MAX (r->weight, 1), FALSE);
      /* What the headline reports is the event; the body may add its
       * background ("after months of rocket fire"). A toll is news of any
       * kind of event. */
      if (r->start < title_chars && cluster_event_family (r->category) != NULL)
        add_feature (self->headline, cluster_event_family (r->category), 1, FALSE);
    }
  features_finish (self->categories, TRUE);
  features_finish (self->headline, FALSE);

  when = g_date_time_new_from_unix_utc (time);
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
      if (t->byte_end > title_bytes && (t->flags & VIGIL_TOKEN_SENTENCE_START)
          && !after_dateline (tokens, i))
        sentences++;
      /* "Tuesday's explosion" in the lead: a later report of an event of that
       * day, an outlet's follow-up (tolls, mourning, claims). */
      if (sentences <= LEAD_SENTENCES && i + 1 < tokens->tokens->len
          && (((vigil_tokens_get (tokens, i + 1)->flags & VIGIL_TOKEN_JOINED_PREV)
               && g_str_equal (vigil_tokens_get (tokens, i + 1)->folded, "s"))
              /* "Sunday night's shooting" */
              || (i + 2 < tokens->tokens->len
                  && day_part_word (vigil_tokens_get (tokens, i + 1)->folded)
                  && (vigil_tokens_get (tokens, i + 2)->flags & VIGIL_TOKEN_JOINED_PREV)
                  && g_str_equal (vigil_tokens_get (tokens, i + 2)->folded, "s"))))
        {
          int d = weekday_of (t->folded);
          if (d >= 0)
            self->follow_up_days |= 1 << d;
        }
      /* "trapped since Thursday", "missing since Monday night": the event
       * that left them so began on that day, before the report (not "the
       * third attack in the city since Thursday"). */
      if (sentences <= LEAD_SENTENCES && g_str_equal (t->folded, "since") && i > 0
          && i + 1 < tokens->tokens->len && !in_spans (other_incident, t->start)
          && cluster_in_list (stuck_words, G_N_ELEMENTS (stuck_words),
                              vigil_tokens_get (tokens, i - 1)->folded))
        {
          int d = weekday_of (vigil_tokens_get (tokens, i + 1)->folded);
          if (d >= 0)
            self->follow_up_days |= 1 << d;
        }
      /* "on Saturday, a day after clashes at the city's airport", "two days
       * after the blast": the lead dates the event it follows up by the day
       * it was published (not "the attack came a day after...", another
       * incident's). */
      /* So does "abducted a day earlier", "freed on Monday, two days
       * earlier", "the previous day". */
      if (sentences <= LEAD_SENTENCES && i >= 2
          && (g_str_equal (t->folded, "after") || g_str_equal (t->folded, "earlier")
              || (g_str_equal (t->folded, "day")
                  && g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "previous")))
          && !in_spans (other_incident, t->start))
        {
          gboolean previous = g_str_equal (t->folded, "day");
          const char *unit = previous ? "day" : vigil_tokens_get (tokens, i - 1)->folded;
          const char *count = vigil_tokens_get (tokens, i - 2)->folded;
          int back = 0;
          if (g_str_equal (unit, "day")
              && (g_str_equal (count, "a") || g_str_equal (count, "one")
                  || g_str_equal (count, "the")))
            back = 1;
          /* (a count the previous day's is compared with: "up from seven
           * the previous day", "than the previous day") */
          if (previous && i >= 3)
            {
              const char *before = vigil_tokens_get (tokens, i - 3)->folded;
              gint64 compared;
              if (count_of (before, &compared) || g_str_equal (before, "than")
                  || g_str_equal (before, "from") || g_str_equal (before, "since"))
                back = 0;
            }
          else if (g_str_equal (unit, "days") && g_str_equal (count, "two"))
            back = 2;
          /* "a day after another deadly shipwreck near the island": the
           * report's event is a new one, not that one's aftermath. */
          if (!previous && g_str_equal (t->folded, "after") && i + 1 < tokens->tokens->len
              && (g_str_equal (vigil_tokens_get (tokens, i + 1)->folded, "another")
                  || (i + 2 < tokens->tokens->len
                      && g_str_equal (vigil_tokens_get (tokens, i + 1)->folded, "a")
                      && (g_str_equal (vigil_tokens_get (tokens, i + 2)->folded, "separate")
                          || g_str_equal (vigil_tokens_get (tokens, i + 2)->folded, "similar")))))
            back = 0;
          if (back > 0 && when != NULL)
            self->follow_up_days |= 1 << ((g_date_time_get_day_of_week (when) + 7 - back) % 7);
        }
      /* What the report tells of another incident is that incident's; the
       * counts of what its event avenged say which incident that was. */
      if (other_incident->len > 0 && in_spans (other_incident, t->start))
        {
          if (revenge->len > 0 && in_spans (revenge, t->start)
              && count_at (tokens, i, &value, &span))
            {
              Toll toll = { count_slot (tokens, i, span), value };
              if (toll.slot != 0)
                g_array_append_val (self->avenged, toll);
              i += span - 1;
            }
          continue;
        }
      /* A time on the clock ("at about 6:30 a.m."): when, in the lead; its
       * numbers are no count. */
      if (cluster_clock_at (tokens, i, &concept, &span))
        {
          if (sentences <= LEAD_SENTENCES)
            add_feature (self->frame, concept, 1, FALSE);
          i += span - 1;
          continue;
        }
      if (count_at (tokens, i, &value, &span))
        {
          Toll toll = { count_slot (tokens, i, span), value };
          /* "a seven-hour standoff", "after ten hours of fighting": how long
           * the event lasted. */
          if (sentences <= LEAD_SENTENCES && i + span < tokens->tokens->len && value <= 72)
            {
              VigilToken *unit = vigil_tokens_get (tokens, i + span);
              gboolean hyphened
                  = (unit->flags & VIGIL_TOKEN_JOINED_PREV) && g_str_equal (unit->folded, "hour");
              gboolean of = g_str_equal (unit->folded, "hours")
                            && i + span + 1 < tokens->tokens->len
                            && g_str_equal (vigil_tokens_get (tokens, i + span + 1)->folded, "of");
              /* "a siege that lasted about 17 hours", "after digging for more
               * than 12 hours" (not "for 12 hours after the blast") */
              gboolean lasted = FALSE;
              if (g_str_equal (unit->folded, "hours")
                  && !(i + span + 1 < tokens->tokens->len
                       && cluster_in_list (later_words, G_N_ELEMENTS (later_words),
                                           vigil_tokens_get (tokens, i + span + 1)->folded)))
                for (guint k = i > 3 ? i - 3 : 0; k < i && !lasted; k++)
                  lasted = cluster_in_list (lasting_words, G_N_ELEMENTS (lasting_words),
                                            vigil_tokens_get (tokens, k)->folded);
              if (hyphened || of || lasted)
                self->duration_hours = MAX (self->duration_hours, (guint8) value);
            }
          /* Tolls of the lead: later sentences give background ("14
           * officers killed this year"). */
          if (toll.slot != 0 && sentences <= LEAD_SENTENCES)
            {
              g_array_append_val (self->tolls, toll);
              if (toll.slot == 'k' && toll_rose_to (tokens, i))
                self->toll_rose = TRUE;
            }
          /* A later sentence that raises the lead's own toll to it ("two
           * of the wounded died overnight, bringing the toll to seven")
           * says the lead's count rose. */
          else if (toll.slot == 'k' && !self->toll_rose && toll_rose_to (tokens, i))
            for (guint k = 0; k < self->tolls->len && !self->toll_rose; k++)
              self->toll_rose = g_array_index (self->tolls, Toll, k).slot == 'k'
                                && g_array_index (self->tolls, Toll, k).value == value;
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
      if (sentences <= LEAD_SENTENCES
          && (concept = cluster_frame_of_token (tokens, i, in_name)) != NULL)
        {
          add_feature (self->frame, concept, 1, FALSE);
          if ((concept = cluster_time_of_token (tokens, i, concept)) != NULL)
            add_feature (self->frame, concept, 1, FALSE);
        }
      if (g_utf8_strlen (t->folded, -1) < 4 || g_ascii_isdigit (*t->folded))
        continue;
      end = g_utf8_offset_to_pointer (t->folded, MIN (STEM_CHARS, g_utf8_strlen (t->folded, -1)));
      memcpy (stem, t->folded, end - t->folded);
      stem[end - t->folded] = '\0';
      if (cluster_in_list (common_words, G_N_ELEMENTS (common_words), stem))
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
  /* A count of the dead in the lead reports casualties, whatever words gave
   * it ("shot dead four herders" is a shooting in the lexicon). */
  if (self->categories->len > 0 && !feature_listed (self->categories, "casualties"))
    for (guint i = 0; i < self->tolls->len; i++)
      if (g_array_index (self->tolls, Toll, i).slot == 'k')
        {
          add_feature (self->categories, "casualties", WEIGHT_TOLL_CASUALTIES, FALSE);
          features_finish (self->categories, TRUE);
          break;
        }
  local_units (gazetteer, tokens, title_bytes, self->units);
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
  g_array_unref (self->avenged);
  g_array_unref (self->named_regions);
  g_array_unref (self->city_regions);
  g_array_unref (self->lead_city_regions);
  g_array_unref (self->countries);
  g_array_unref (self->regions);
  g_array_unref (self->single_names);
  g_array_unref (self->name_words);
  g_array_unref (self->frame);
  g_array_unref (self->units);
  g_array_unref (self->lead_towns);
  g_array_unref (self->lead_countries);
  g_array_unref (self->lead_peoples);
  g_array_unref (self->lead_victims);
  g_free (self);
}
