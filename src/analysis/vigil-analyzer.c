/* vigil-analyzer.c */
#include "config.h"

#include "vigil-analyzer.h"
#include "vigil-json.h"
#include "vigil-feed-parser.h"
#include "vigil-word-table.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define MAX_NAME_TOKENS 4

static void
clear_entity (gpointer data)
{
  VigilEntity *e = data;
  g_free (e->text);
  g_free (e->canonical);
  g_free (e->country);
}

static void
clear_risk (gpointer data)
{
  VigilRisk *r = data;
  g_free (r->text);
  g_free (r->term);
  g_free (r->category);
}

void
vigil_analysis_free (VigilAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  g_array_unref (analysis->entities);
  g_array_unref (analysis->risks);
  g_clear_pointer (&analysis->demonyms, g_array_unref);
  g_free (analysis);
}

static void
clear_demonym (gpointer data)
{
  VigilDemonym *d = data;
  g_free (d->text);
  g_free (d->country);
}

static GArray *
demonym_array (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (VigilDemonym));
  g_array_set_clear_func (a, clear_demonym);
  return a;
}

const char *
vigil_entity_type_to_string (VigilEntityType type)
{
  switch (type)
    {
    case VIGIL_ENTITY_PERSON:
      return "person";
    case VIGIL_ENTITY_ORGANIZATION:
      return "organization";
    case VIGIL_ENTITY_LOCATION:
    default:
      return "location";
    }
}

const char *
vigil_level_for_score (int score)
{
  if (score >= 50)
    return "critical";
  if (score >= 20)
    return "high";
  if (score >= 8)
    return "elevated";
  return "low";
}

const char *
vigil_level_label (const char *level)
{
  if (g_strcmp0 (level, "critical") == 0)
    return _ ("Critical");
  if (g_strcmp0 (level, "high") == 0)
    return _ ("High");
  if (g_strcmp0 (level, "elevated") == 0)
    return _ ("Elevated");
  return _ ("Low");
}

static const struct
{
  const char *id;
  const char *label;
} category_labels[] = {
  { "evacuation", N_ ("Evacuation") },    { "indirect-fire", N_ ("Indirect fire") },
  { "ied", N_ ("Explosives") },           { "armed-violence", N_ ("Armed violence") },
  { "kidnapping", N_ ("Kidnapping") },    { "civil-unrest", N_ ("Civil unrest") },
  { "disaster", N_ ("Disaster") },        { "health", N_ ("Health") },
  { "casualties", N_ ("Casualties") },    { "detention", N_ ("Arrests and detention") },
  { "advisory", N_ ("Travel advisory") }, { "infrastructure", N_ ("Infrastructure") },
  { "maritime", N_ ("Maritime") },
};

const char *
vigil_risk_category_label (const char *category)
{
  for (guint i = 0; i < G_N_ELEMENTS (category_labels); i++)
    if (g_strcmp0 (category, category_labels[i].id) == 0)
      return _ (category_labels[i].label);
  return category;
}

const char *
vigil_risk_category_nth (guint n)
{
  return n < G_N_ELEMENTS (category_labels) ? category_labels[n].id : NULL;
}

const char *
vigil_country_name (const char *code)
{
  /* code -> English name, from countries.tsv (ISO), then country-names.tsv (the
   * countries ISO does not list, such as Kosovo) */
  static GHashTable *names;
  static GMutex lock;
  static const char *const files[] = { "/io/github/vigildesk/Vigil/analysis/countries.tsv",
                                       "/io/github/vigildesk/Vigil/analysis/country-names.tsv" };
  const char *name;

  if (code == NULL)
    return NULL;
  g_mutex_lock (&lock);
  if (names == NULL)
    {
      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint file = 0; file < G_N_ELEMENTS (files); file++)
        {
          g_autoptr (GBytes) bytes = g_resources_lookup_data (files[file], 0, NULL);
          g_autofree char *text = NULL;
          g_auto (GStrv) lines = NULL;

          if (bytes == NULL)
            continue;
          text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          lines = g_strsplit (text, "\n", -1);
          for (guint i = 0; lines[i]; i++)
            {
              g_auto (GStrv) f = NULL;
              if (lines[i][0] == '#' || lines[i][0] == '\0')
                continue;
              f = g_strsplit (lines[i], "\t", 4);
              /* The country's own row: its name is its canonical name. */
              if (g_strv_length (f) >= 3 && g_str_equal (f[0], f[1])
                  && !g_hash_table_contains (names, f[2]))
                g_hash_table_insert (names, g_strdup (f[2]), g_strdup (f[1]));
            }
        }
    }
  name = g_hash_table_lookup (names, code);
  g_mutex_unlock (&lock);
  /* Debian's and the runtime's iso-codes translate the ISO names. */
  return name ? dgettext ("iso_3166-1", name) : code;
}

typedef struct
{
  VigilGazetteer *gazetteer;
  VigilTokens *tokens;
  const char *text;
  gboolean *covered;
  VigilAnalysis *result;
  /* Places: for each entity found by the gazetteer, the first token index and
   * every entry listed under its name, to choose among places of one name. */
  GArray *place_spans; /* PlaceSpan */
  guint8 *classes;     /* VigilNameClass of each token, the tagger's features */
  /* Countries the article names by a demonym ("Iraqi troops"): interned codes. */
  GPtrArray *demonym_countries;
} Ctx;

typedef struct
{
  guint entity; /* index in result->entities at the time it was added */
  guint first;  /* token */
  guint n_tokens;
  GPtrArray *candidates; /* owned by the gazetteer */
} PlaceSpan;

/* The entities and risk terms an analysis makes room for at once. */
#define ENTITIES_ROOM 16
#define RISKS_ROOM 8

static char *
span_text (Ctx *ctx, guint first, guint last)
{
  VigilToken *a = vigil_tokens_get (ctx->tokens, first);
  VigilToken *b = vigil_tokens_get (ctx->tokens, last);
  return g_strndup (ctx->text + a->byte_start, b->byte_end - a->byte_start);
}

/* Whether the folded tokens from `at` begin with the phrase ("the market"). */
static gboolean
phrase_at (VigilTokens *tokens, guint at, const char *phrase)
{
  const char *word = phrase;

  /* Word by word, without splitting the phrase (this runs for every risk term). */
  for (guint k = at;; k++)
    {
      const char *space = strchr (word, ' ');
      gsize len = space ? (gsize) (space - word) : strlen (word);
      const char *folded;

      if (k >= tokens->tokens->len)
        return FALSE;
      folded = vigil_tokens_get (tokens, k)->folded;
      if (strncmp (folded, word, len) != 0 || folded[len] != '\0')
        return FALSE;
      if (space == NULL)
        return TRUE;
      word = space + 1;
    }
}

/* How far, in words, a risk term's unless_near words are looked for. */
#define RISK_NEAR 10

/* Calm text stays calm: "the drawdown of a credit facility", "heart attack". */
static gboolean
risk_in_context (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n)
{
  guint after = first + n;
  const guint32 *h
      = entry->unless_hashes; /* first words of unless_next, unless_prev, unless_near */

  if (h == NULL)
    return TRUE;
  for (int i = 0; entry->unless_next && entry->unless_next[i]; i++, h++)
    for (guint k = after; k < after + 3 && k < tokens->tokens->len; k++)
      {
        if (k > after && (vigil_tokens_get (tokens, k)->flags & VIGIL_TOKEN_SENTENCE_START))
          break;
        if (vigil_tokens_get (tokens, k)->hash == *h
            && phrase_at (tokens, k, entry->unless_next[i]))
          return FALSE;
      }
  for (int i = 0; entry->unless_prev && entry->unless_prev[i]; i++, h++)
    if (first > 0 && vigil_tokens_get (tokens, first - 1)->hash == *h
        && g_str_equal (vigil_tokens_get (tokens, first - 1)->folded, entry->unless_prev[i]))
      return FALSE;
  if (entry->unless_near != NULL)
    {
      /* The sentence around the term, at most RISK_NEAR words either side. */
      guint from = first, to = after;

      while (from > 0 && first - from < RISK_NEAR
             && !(vigil_tokens_get (tokens, from)->flags & VIGIL_TOKEN_SENTENCE_START))
        from--;
      while (to < tokens->tokens->len && to - after < RISK_NEAR
             && !(vigil_tokens_get (tokens, to)->flags & VIGIL_TOKEN_SENTENCE_START))
        to++;
      for (guint k = from; k < to; k++)
        {
          const VigilToken *t = vigil_tokens_get (tokens, k);

          if (k >= first && k < after)
            continue;
          for (int i = 0; entry->unless_near[i]; i++)
            if (t->hash == h[i] && g_str_equal (t->folded, entry->unless_near[i]))
              return FALSE;
        }
    }
  return TRUE;
}

static gboolean
accept_entry (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n, gpointer data)
{
  VigilToken *tok = vigil_tokens_get (tokens, first);

  switch (entry->kind)
    {
    case VIGIL_ENTRY_RISK:
      return risk_in_context (entry, tokens, first, n);
    case VIGIL_ENTRY_TITLE:
      return TRUE;
    case VIGIL_ENTRY_PERSON:
    case VIGIL_ENTRY_ORGANIZATION:
    case VIGIL_ENTRY_LOCATION:
    case VIGIL_ENTRY_DEMONYM:
    default:
      /* Names count only when written as names: capitalised, and acronyms
       * ("UN", "WHO", "US") only in capitals, so "who" and "us" stay words.
       * French and Spanish write the generic word of a listed sea or region in
       * lower case ("le golfe d'Aden", "la mer Rouge"): its last word is enough;
       * and their demonyms as adjectives ("les forces russes"). */
      if (!(tok->flags & VIGIL_TOKEN_CAPITALIZED) && !entry->lower_case
          && !(entry->kind == VIGIL_ENTRY_LOCATION && n >= 2
               && (entry->origin == VIGIL_PLACE_CURATED || entry->origin == VIGIL_PLACE_USER)
               && (vigil_tokens_get (tokens, first + n - 1)->flags & VIGIL_TOKEN_CAPITALIZED)))
        return FALSE;
      if (entry->acronym)
        for (guint i = first; i < first + n; i++)
          if (!(vigil_tokens_get (tokens, i)->flags & VIGIL_TOKEN_ALL_UPPER))
            return FALSE;
      /* A place's words that are capitalised in its name are capitalised in the
       * text: "the Kurdistan region" is Kurdistan, not the Kurdistan Region. */
      if (entry->kind == VIGIL_ENTRY_LOCATION)
        for (guint k = 1; k < n && k < 32; k++)
          if ((entry->capitals & (1u << k))
              && !(vigil_tokens_get (tokens, first + k)->flags & VIGIL_TOKEN_CAPITALIZED))
            return FALSE;
      /* "Reading", "Split", "Police": a place only where the word cannot be
       * meant, capitalised in the middle of a sentence (or in a dateline's capitals). */
      if (entry->kind == VIGIL_ENTRY_LOCATION && entry->ordinary_word
          && (tok->flags & VIGIL_TOKEN_SENTENCE_START) && !(tok->flags & VIGIL_TOKEN_ALL_UPPER))
        return FALSE;
      /* Very short town names ("Un", "Ede") look like words of other languages at
       * the start of a sentence. */
      if (entry->kind == VIGIL_ENTRY_LOCATION && entry->origin == VIGIL_PLACE_CITY && n == 1
          && tok->end - tok->start <= 3 && (tok->flags & VIGIL_TOKEN_SENTENCE_START)
          && !(tok->flags & VIGIL_TOKEN_ALL_UPPER))
        return FALSE;
      return TRUE;
    }
}

static gboolean
accept_person (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n, gpointer data)
{
  return entry->kind == VIGIL_ENTRY_PERSON && accept_entry (entry, tokens, first, n, data);
}

static void
add_entity (Ctx *ctx, guint first, guint last, VigilEntityType type, const char *canonical,
            const VigilEntry *entry)
{
  VigilEntity e = { 0 };

  VigilToken *end = vigil_tokens_get (ctx->tokens, last);

  e.start = vigil_tokens_get (ctx->tokens, first)->start;
  e.end = end->end;
  e.type = type;
  e.text = span_text (ctx, first, last);
  /* "U.S.", "George W.": an initial keeps its dot. */
  if (end->byte_end - end->byte_start == 1 && (end->flags & VIGIL_TOKEN_ALL_UPPER)
      && ctx->text[end->byte_end] == '.')
    {
      char *dotted = g_strconcat (e.text, ".", NULL);
      g_free (e.text);
      e.text = dotted;
      e.end++;
    }
  e.canonical = g_strdup (canonical ? canonical : e.text);
  if (entry != NULL && type == VIGIL_ENTITY_LOCATION)
    {
      e.country = g_strdup (entry->country);
      e.has_geo = entry->has_geo;
      e.lat = entry->lat;
      e.lon = entry->lon;
    }
  for (guint i = first; i <= last; i++)
    ctx->covered[i] = TRUE;
  g_array_append_val (ctx->result->entities, e);
}

/* Word classes the rules ask about, one table lookup a token (with the hash
 * the tokenizer computed) rather than a walk through word lists. */
enum
{
  WORD_EN = 1 << 0, /* stop words of the languages told apart */
  WORD_FR = 1 << 1,
  WORD_ES = 1 << 2,
  WORD_PARTICLE = 1 << 3, /* inside names: "al", "bin", "van" */
  WORD_HONORIFIC = 1 << 4,
  WORD_ORG_HEAD = 1 << 5,
  WORD_SPEECH = 1 << 6,
  WORD_JOINER = 1 << 7, /* "of", "for" inside organisation names */
  WORD_ARTICLE = 1 << 8,
  WORD_PLACE_HEAD = 1 << 9,   /* "Museum", "Center": the last word of a place's name */
  WORD_PLACE_FIRST = 1 << 10, /* "Mount", "Lake": the first word of a place's name */
};

static const struct
{
  guint word_class;
  const char *const words[100];
} word_lists[] = {
  { WORD_EN, { "the", "and", "of", "to", "in", "is", "said", "was", "with", "for", NULL } },
  { WORD_FR, { "le", "la", "les", "des", "et", "est", "dans", "une", "du", "pour", NULL } },
  { WORD_ES, { "el", "la", "los", "las", "y", "del", "que", "una", "por", "con", "para", NULL } },
  { WORD_PARTICLE,
    { "al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "du", "van", "von", "der", "la",
      "le", NULL } },
  /* Words before a person's name that are not part of it ("Pope Francis",
   * "Lord Halifax", "Administrator Bolden"), besides the listed titles. */
  { WORD_HONORIFIC,
    { "mr", "mrs", "ms", "dr", "pope", "lord", "lady", "sir", "dame", "senator", "sen", "rep",
      "secretary", "administrator", "emperor", "empress", NULL } },
  { WORD_HONORIFIC,
    { "queen", "chancellor", "mayor", "professor", "prof", "rev", "reverend", "bishop",
      "archbishop", "cardinal", "captain", "capt", "lt", "sgt", "sergeant", "lieutenant", NULL } },
  { WORD_HONORIFIC,
    { "chairman", "chairwoman", "judge", "justice", "admiral", "pastor", "rabbi", "imam",
      "ayatollah", "congressman", "congresswoman", "vice", "deputy", "director", "coach", "officer",
      NULL } },
  /* Organisation names end in words like these ("Popular Mobilisation Forces";
   * "Iraqi Security Media Cell" does not, and needs the list). */
  { WORD_ORG_HEAD, { "ministry",   "department",  "council",    "forces",       "force",
                     "brigades",   "brigade",     "army",       "party",        "agency",
                     "front",      "movement",    "group",      "company",      "bank",
                     "authority",  "commission",  "committee",  "organization", "organisation",
                     "union",      "corporation", "institute",  "university",   "court",
                     "police",     "guard",       "militia",    "battalion",    "corps",
                     "office",     "service",     "services",   "association",  "federation",
                     "foundation", "network",     "league",     "alliance",     "coalition",
                     "parliament", "assembly",    "mission",    "cell",         "directorate",
                     "tribunal",   "observatory", "programme",  "program",      "fund",
                     "reserve",    "bureau",      "board",      "secretariat",  "society",
                     "systems",    "airlines",    "airways",    "inc",          "ltd",
                     "corp",       "plc",         "llc",        "nations",      "times",
                     "post",       "tribune",     "herald",     "journal",      "cross",
                     "crescent",   "star",        "sun",        "gazette",      "telegraph",
                     "chronicle",  "globe",       "mirror",     "news",         "press",
                     "magazine",   "radio",       "television", "daily",        NULL } },
  { WORD_SPEECH,
    { "said", "says", "told", "added", "stated", "announced", "warned", "declared", "explained",
      NULL } },
  { WORD_JOINER, { "of", "for", "and", "the", NULL } },
  { WORD_PLACE_HEAD, { "museum", "center", "centre", "complex", "hospital", "base", NULL } },
  { WORD_PLACE_FIRST,
    { "mount", "mt", "lake", "cape", "mont", "monte", "lac", "lago", "volcan", "volcano", NULL } },
  { WORD_ARTICLE, { "the", "a", "an", "le", "la", "les", NULL } },
};

static const VigilWordTable *
word_class_table (void)
{
  static VigilWordTable *table;

  if (g_once_init_enter (&table))
    {
      VigilWordTable *t = g_new (VigilWordTable, 1);
      vigil_word_table_init (t);
      for (guint l = 0; l < G_N_ELEMENTS (word_lists); l++)
        for (guint k = 0; word_lists[l].words[k]; k++)
          {
            const char *w = word_lists[l].words[k];
            guint32 h = vigil_word_hash (w, -1);
            guint old = GPOINTER_TO_UINT (vigil_word_table_lookup (t, h, w));
            vigil_word_table_insert (t, h, w, GUINT_TO_POINTER (old | word_lists[l].word_class));
          }
      g_once_init_leave (&table, t);
    }
  return table;
}

static inline guint
word_classes (const VigilToken *tok)
{
  return GPOINTER_TO_UINT (vigil_word_table_lookup (word_class_table (), tok->hash, tok->folded));
}

static inline gboolean
is_particle (const VigilToken *tok)
{
  return (word_classes (tok) & WORD_PARTICLE) != 0;
}

static inline gboolean
is_honorific (const VigilToken *tok)
{
  return (word_classes (tok) & WORD_HONORIFIC) != 0;
}

/* Only spaces, a hyphen or a dot between two tokens of one name. */
static gboolean
name_gap (Ctx *ctx, guint a, guint b)
{
  VigilToken *ta = vigil_tokens_get (ctx->tokens, a);
  VigilToken *tb = vigil_tokens_get (ctx->tokens, b);

  for (guint i = ta->byte_end; i < tb->byte_start; i++)
    {
      char c = ctx->text[i];
      if (c != ' ' && c != '-' && c != '.')
        return FALSE;
      /* A dash between spaces parts two names ("NIAMEY - Suspected
       * jihadists"); a hyphen joins ("Abu-Bakr"). */
      if (c == '-' && i > ta->byte_end && ctx->text[i - 1] == ' ')
        return FALSE;
    }
  return tb->byte_start - ta->byte_end <= 3;
}

/* " - " between two tokens: a dash, not a hyphen. */
static gboolean
spaced_dash (Ctx *ctx, guint a, guint b)
{
  const char *gap = ctx->text + vigil_tokens_get (ctx->tokens, a)->byte_end;
  const char *end = ctx->text + vigil_tokens_get (ctx->tokens, b)->byte_start;

  for (const char *p = gap; p < end; p++)
    if (*p == '-' && p > gap && p[-1] == ' ')
      return TRUE;
  return FALSE;
}

/* After a title: the capitalised name that follows, if any. Returns the index of
 * its last token, or -1. */
static int
name_after_title (Ctx *ctx, guint j)
{
  guint n = ctx->tokens->tokens->len;
  int last = -1;

  for (guint k = j; k < n && k < j + MAX_NAME_TOKENS; k++)
    {
      VigilToken *tok = vigil_tokens_get (ctx->tokens, k);
      const VigilEntry *entry = NULL;

      if (k > 0 && !name_gap (ctx, k - 1, k))
        break;
      if (k > j && (tok->flags & VIGIL_TOKEN_SENTENCE_START))
        break;
      if (is_particle (tok) && last >= 0 && k + 1 < n
          && (vigil_tokens_get (ctx->tokens, k + 1)->flags & VIGIL_TOKEN_CAPITALIZED))
        continue;
      if (!(tok->flags & VIGIL_TOKEN_CAPITALIZED)
          || (tok->flags & VIGIL_TOKEN_ALL_UPPER && tok->end - tok->start > 1))
        break;
      /* "General Secretary", "Vice President": a title after a title is no name. */
      if (k == j && is_honorific (tok))
        break;
      /* "ambassador Baghdad" is not a name; a town from the generated lists
       * inside one ("spokesman Abdifatah Aden") is. */
      if (vigil_gazetteer_match (ctx->gazetteer, ctx->tokens, k, accept_entry, NULL, &entry) > 0
          && entry->kind != VIGIL_ENTRY_PERSON && entry->kind != VIGIL_ENTRY_DEMONYM
          && !(entry->kind == VIGIL_ENTRY_LOCATION
               && (entry->origin == VIGIL_PLACE_CITY || entry->origin == VIGIL_PLACE_SUBDIVISION)))
        break;
      last = k;
    }
  return last;
}

static guint8
entry_class (const VigilEntry *entry)
{
  switch (entry->kind)
    {
    case VIGIL_ENTRY_PERSON:
      return VIGIL_NAME_CLASS_PERSON;
    case VIGIL_ENTRY_ORGANIZATION:
      return VIGIL_NAME_CLASS_ORGANIZATION;
    case VIGIL_ENTRY_TITLE:
      return VIGIL_NAME_CLASS_TITLE;
    case VIGIL_ENTRY_RISK:
      return VIGIL_NAME_CLASS_RISK;
    case VIGIL_ENTRY_DEMONYM:
      return VIGIL_NAME_CLASS_DEMONYM;
    case VIGIL_ENTRY_LOCATION:
    default:
      return entry->origin == VIGIL_PLACE_CITY          ? VIGIL_NAME_CLASS_CITY
             : entry->origin == VIGIL_PLACE_SUBDIVISION ? VIGIL_NAME_CLASS_SUBDIVISION
                                                        : VIGIL_NAME_CLASS_PLACE;
    }
}

/* Listed names, risk terms and people after a title, left to right, longest
 * first; records each token's VigilNameClass in ctx->classes. */
static void
find_listed_and_titled (Ctx *ctx)
{
  guint n = ctx->tokens->tokens->len;
  guint i = 0;

  while (i < n)
    {
      const VigilEntry *entry = NULL;
      GPtrArray *candidates = NULL;
      guint m = vigil_gazetteer_match_all (ctx->gazetteer, ctx->tokens, i, accept_entry, NULL,
                                           &entry, &candidates);

      if (m == 0)
        {
          i++;
          continue;
        }
      if (ctx->classes != NULL)
        {
          guint8 cls = entry_class (entry);
          ctx->classes[i] = cls;
          for (guint k = i + 1; k < i + m; k++)
            ctx->classes[k] = cls | VIGIL_NAME_CLASS_INSIDE;
        }
      switch (entry->kind)
        {
        case VIGIL_ENTRY_TITLE:
          {
            int last = name_after_title (ctx, i + m);
            if (last >= 0)
              {
                const VigilEntry *known = NULL;
                guint first = i + m;
                guint k = vigil_gazetteer_match (ctx->gazetteer, ctx->tokens, first, accept_person,
                                                 NULL, &known);
                if (k > 0 && first + k - 1 > (guint) last)
                  last = first + k - 1;
                add_entity (ctx, first, last, VIGIL_ENTITY_PERSON,
                            known && first + k - 1 == (guint) last ? known->canonical : NULL, NULL);
                i = last + 1;
              }
            else
              i += m;
          }
          break;
        case VIGIL_ENTRY_RISK:
          {
            VigilRisk r = { 0 };
            r.start = vigil_tokens_get (ctx->tokens, i)->start;
            r.end = vigil_tokens_get (ctx->tokens, i + m - 1)->end;
            r.text = span_text (ctx, i, i + m - 1);
            r.term = g_strdup (entry->name);
            r.category = g_strdup (entry->category);
            r.weight = entry->weight;
            for (guint k = i; k < i + m; k++)
              ctx->covered[k] = TRUE;
            g_array_append_val (ctx->result->risks, r);
            i += m;
          }
          break;
        case VIGIL_ENTRY_PERSON:
          add_entity (ctx, i, i + m - 1, VIGIL_ENTITY_PERSON, entry->canonical, entry);
          i += m;
          break;
        case VIGIL_ENTRY_ORGANIZATION:
          add_entity (ctx, i, i + m - 1, VIGIL_ENTITY_ORGANIZATION, entry->canonical, entry);
          i += m;
          break;
        case VIGIL_ENTRY_DEMONYM:
          {
            /* Not a place, and its words stay free for the name rules ("Iraqi
             * Security Forces"); the country helps tell places apart. */
            const char *country = NULL;
            for (guint c = 0; candidates && c < candidates->len; c++)
              {
                const VigilEntry *e = g_ptr_array_index (candidates, c);
                if (e->kind != VIGIL_ENTRY_DEMONYM || e->country == NULL)
                  continue;
                if (country != NULL && country != e->country)
                  {
                    country = NULL; /* "Congolese": one of two countries */
                    break;
                  }
                country = e->country;
              }
            if (country != NULL)
              {
                VigilDemonym d = { vigil_tokens_get (ctx->tokens, i)->start,
                                   vigil_tokens_get (ctx->tokens, i + m - 1)->end,
                                   span_text (ctx, i, i + m - 1), g_strdup (country) };
                g_ptr_array_add (ctx->demonym_countries, (gpointer) country);
                if (ctx->result->demonyms != NULL)
                  g_array_append_val (ctx->result->demonyms, d);
                else
                  clear_demonym (&d);
              }
            i += m;
          }
          break;
        case VIGIL_ENTRY_LOCATION:
        default:
          {
            PlaceSpan span = { ctx->result->entities->len, i, m, candidates };
            g_array_append_val (ctx->place_spans, span);
            add_entity (ctx, i, i + m - 1, VIGIL_ENTITY_LOCATION, entry->canonical, entry);
            i += m;
          }
          break;
        }
    }
}

/* " & " between two capitalised words ("Evergreen Aviation & Space Museum",
 * "Marks & Spencer"). */
static gboolean
ampersand_gap (Ctx *ctx, guint a, guint b)
{
  VigilToken *ta = vigil_tokens_get (ctx->tokens, a);
  VigilToken *tb = vigil_tokens_get (ctx->tokens, b);
  const char *gap = ctx->text + ta->byte_end;
  gsize len = tb->byte_start - ta->byte_end;

  return (tb->flags & VIGIL_TOKEN_CAPITALIZED)
         && ((len == 3 && memcmp (gap, " & ", 3) == 0) || (len == 1 && gap[0] == '&'));
}

/* A run of capitalised tokens (with "of", "for", "&"… or particles inside), not
 * yet recognised, from token i; returns the index after its last token. */
static guint
name_run (Ctx *ctx, guint i)
{
  guint n = ctx->tokens->tokens->len;
  guint last = i;

  for (guint k = i; k < n; k++)
    {
      VigilToken *tok = vigil_tokens_get (ctx->tokens, k);
      if (ctx->covered[k]
          || (k > i
              && (!(name_gap (ctx, k - 1, k) || ampersand_gap (ctx, k - 1, k))
                  || (tok->flags & VIGIL_TOKEN_SENTENCE_START))))
        break;
      if (tok->flags & VIGIL_TOKEN_CAPITALIZED)
        {
          last = k;
          continue;
        }
      if (k > i && k + 1 < n && !ctx->covered[k + 1]
          && (vigil_tokens_get (ctx->tokens, k + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
          && (word_classes (tok) & (WORD_JOINER | WORD_PARTICLE)))
        continue;
      /* "Department of the Treasury" */
      if (k > i && k + 2 < n && !ctx->covered[k + 2] && (word_classes (tok) & WORD_JOINER)
          && g_str_equal (vigil_tokens_get (ctx->tokens, k + 1)->folded, "the")
          && (vigil_tokens_get (ctx->tokens, k + 2)->flags & VIGIL_TOKEN_CAPITALIZED)
          && !(vigil_tokens_get (ctx->tokens, k + 2)->flags & VIGIL_TOKEN_SENTENCE_START))
        {
          k++;
          continue;
        }
      break;
    }
  return last + 1;
}

/* Whether token i goes on from a name already found ("Kennedy Space Center
 * Visitor Complex", "National Air and Space Museum"): the rest of a name the
 * tagger cut short is not a name of its own. */
static gboolean
after_name (Ctx *ctx, guint i)
{
  if (i == 0)
    return FALSE;
  if (ctx->covered[i - 1])
    return name_gap (ctx, i - 1, i) || ampersand_gap (ctx, i - 1, i);
  return i >= 2 && ctx->covered[i - 2] && name_gap (ctx, i - 2, i - 1) && name_gap (ctx, i - 1, i)
         && (word_classes (vigil_tokens_get (ctx->tokens, i - 1)) & WORD_JOINER);
}

/* Names no list holds: "… Brigades", "Ministry of …" are organisations, "…
 * Museum", "… Base" places; two to four capitalised words next to "said" or
 * "told" are a person. */
static void
find_by_rules (Ctx *ctx, gboolean people)
{
  guint n = ctx->tokens->tokens->len;

  for (guint i = 0; i < n;)
    {
      VigilToken *tok = vigil_tokens_get (ctx->tokens, i);
      guint end, len;
      VigilToken *last_word;
      gboolean speech;

      if (ctx->covered[i] || !(tok->flags & VIGIL_TOKEN_CAPITALIZED))
        {
          i++;
          continue;
        }
      /* "The Ministry of …": the article is not part of the name. */
      if ((word_classes (tok) & WORD_ARTICLE) && i + 1 < n && !ctx->covered[i + 1]
          && name_gap (ctx, i, i + 1)
          && (vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_CAPITALIZED))
        {
          i++;
          tok = vigil_tokens_get (ctx->tokens, i);
        }
      end = name_run (ctx, i);
      len = end - i;
      last_word = vigil_tokens_get (ctx->tokens, end - 1);
      if ((word_classes (last_word) & WORD_ORG_HEAD) && i > 0 && ctx->covered[i - 1]
          && name_gap (ctx, i - 1, i))
        {
          /* "the US Army", "Iraq Security Council": a place right before the
           * head word is part of the organisation's name. */
          guint prev_end = vigil_tokens_get (ctx->tokens, i - 1)->end;
          GArray *ents = ctx->result->entities;
          for (guint e = 0; e < ents->len; e++)
            {
              VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
              if (ent->type == VIGIL_ENTITY_LOCATION && ent->end == prev_end)
                {
                  guint first = i - 1;
                  while (first > 0 && vigil_tokens_get (ctx->tokens, first)->start > ent->start)
                    first--;
                  g_array_remove_index (ents, e);
                  add_entity (ctx, first, end - 1, VIGIL_ENTITY_ORGANIZATION, NULL, NULL);
                  len = 0; /* done */
                  break;
                }
            }
        }
      if (len == 0)
        ;
      else if (len >= 2 && ((word_classes (last_word) | word_classes (tok)) & WORD_ORG_HEAD))
        add_entity (ctx, i, end - 1, VIGIL_ENTITY_ORGANIZATION, NULL, NULL);
      else if (len >= 2 && (word_classes (last_word) & WORD_PLACE_HEAD)
               && !(tok->flags & VIGIL_TOKEN_ALL_UPPER) && !after_name (ctx, i))
        /* "Evergreen Aviation & Space Museum", "Kennedy Space Center". */
        add_entity (ctx, i, end - 1, VIGIL_ENTITY_LOCATION, NULL, NULL);
      else
        {
          speech
              = (end < n && (word_classes (vigil_tokens_get (ctx->tokens, end)) & WORD_SPEECH))
                || (i > 0 && (word_classes (vigil_tokens_get (ctx->tokens, i - 1)) & WORD_SPEECH));
          if (people && speech && len >= 2 && len <= 4 && !(tok->flags & VIGIL_TOKEN_ALL_UPPER))
            add_entity (ctx, i, end - 1, VIGIL_ENTITY_PERSON, NULL, NULL);
        }
      i = end;
    }
}

/* The tokens an entity spans (its text is the text of those tokens). */
static gboolean
entity_tokens (Ctx *ctx, const VigilEntity *ent, guint *first, guint *last)
{
  guint lo = 0, hi = ctx->tokens->tokens->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (vigil_tokens_get (ctx->tokens, mid)->start < ent->start)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo >= ctx->tokens->tokens->len || vigil_tokens_get (ctx->tokens, lo)->start != ent->start)
    return FALSE;
  *first = *last = lo;
  while (*last + 1 < ctx->tokens->tokens->len
         && vigil_tokens_get (ctx->tokens, *last + 1)->end <= ent->end)
    (*last)++;
  return TRUE;
}

static VigilEntityType
tag_entity_type (guint tag)
{
  switch (VIGIL_TAG_TYPE (tag))
    {
    case 1:
      return VIGIL_ENTITY_PERSON;
    case 2:
      return VIGIL_ENTITY_ORGANIZATION;
    default:
      return VIGIL_ENTITY_LOCATION;
    }
}

/* A place or name the lists hold with authority: the desk's lists and the
 * countries, not a town that shares its name with a person or a company. */
static gboolean
listed_with_authority (Ctx *ctx, guint first)
{
  guint8 cls = ctx->classes[first] & ~VIGIL_NAME_CLASS_INSIDE;

  return cls == VIGIL_NAME_CLASS_PERSON || cls == VIGIL_NAME_CLASS_ORGANIZATION
         || cls == VIGIL_NAME_CLASS_PLACE;
}

/* A listed place written in capitals: "BAGHDAD (AFP) -", "ANKARA -", a
 * headline's "STRIKES ON KHARKIV". The tagger reads capitals poorly (every
 * word has the shape of an acronym); the list knows the place. */
static gboolean
in_capitals (Ctx *ctx, guint first, guint last)
{
  if (vigil_tokens_get (ctx->tokens, last)->end - vigil_tokens_get (ctx->tokens, first)->start < 4)
    return FALSE; /* "US", "UN": acronyms, which the lists hold as such */
  for (guint i = first; i <= last; i++)
    if (!(vigil_tokens_get (ctx->tokens, i)->flags & VIGIL_TOKEN_ALL_UPPER))
      return FALSE;
  return TRUE;
}

static int compare_entities (gconstpointer a, gconstpointer b);

/* The names the tagger found, merged with what the lists and the title rule
 * found: a name the lists do not know is added; a longer name around listed
 * ones replaces them ("Union Bank of Switzerland" over "Switzerland"); where
 * both found the same words, the lists' entry stays (it has the canonical
 * name and coordinates) unless it is only a town's name that the tagger reads
 * as a person or organisation; a tagged name that cuts across a listed one
 * gives way. */
/* Punctuation that no name runs across: commas, brackets, quotes, a colon. */
static gboolean
hard_gap (Ctx *ctx, guint a, guint b)
{
  VigilToken *ta = vigil_tokens_get (ctx->tokens, a);
  VigilToken *tb = vigil_tokens_get (ctx->tokens, b);

  for (guint i = ta->byte_end; i < tb->byte_start; i++)
    if (strchr (",;:()[]{}\"\n", ctx->text[i]) != NULL || (guchar) ctx->text[i] >= 0x80)
      return TRUE;
  return FALSE;
}

typedef struct
{
  GArray *listed;
  gboolean *dropped;
  guint next; /* the first listed entity that may still overlap a tagged name */
} Merge;

static gboolean
apostrophe_part (Ctx *ctx, guint i)
{
  static const char *const clitics[] = { "s", "ll", "re", "ve", "d", "t", "m", NULL };
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);
  const char *gap = ctx->text + vigil_tokens_get (ctx->tokens, i - 1)->byte_end;

  if (!(t->flags & VIGIL_TOKEN_JOINED_PREV) || (t->flags & VIGIL_TOKEN_CAPITALIZED)
      || !(gap[0] == '\'' || g_str_has_prefix (gap, "\u2019")))
    return FALSE;
  return !g_strv_contains (clitics, t->folded);
}

/* I to XXXIX in capitals, as a regnal number is written (not "I" alone before
 * a lower-case word: "Henry I said" is rare, "when I said" is not mid-name). */
static gboolean
roman_numeral (Ctx *ctx, guint i)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);
  const char *p = ctx->text + t->byte_start;
  guint len = t->byte_end - t->byte_start;

  if (len == 0 || len > 6)
    return FALSE;
  for (guint k = 0; k < len; k++)
    if (p[k] != 'I' && p[k] != 'V' && p[k] != 'X')
      return FALSE;
  if (len == 1 && p[0] == 'I' && i + 1 < ctx->tokens->tokens->len
      && !(vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
      && !hard_gap (ctx, i, i + 1)
      && !(word_classes (vigil_tokens_get (ctx->tokens, i + 1)) & WORD_JOINER))
    return FALSE; /* "when Henry I said" is rarer than "I" after a name */
  return TRUE;
}

static void
merge_one (Ctx *ctx, Merge *m, guint first, guint last, VigilEntityType type)
{
  VigilToken *a, *b;
  gboolean keep = TRUE;
  guint e;

  /* "Al-Qa'im": a lower-case part after an apostrophe belongs to the name
   * (but not "'s", "'re"…). */
  while (last + 1 < ctx->tokens->tokens->len && apostrophe_part (ctx, last + 1))
    last++;
  /* A name is capitalised at both ends ("University of" is not one). */
  while (first <= last && !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_CAPITALIZED))
    first++;
  while (last > first && !(vigil_tokens_get (ctx->tokens, last)->flags & VIGIL_TOKEN_CAPITALIZED)
         && !apostrophe_part (ctx, last))
    last--;
  /* A person's name without the title or honorific before it. */
  if (type == VIGIL_ENTITY_PERSON)
    while (first < last
           && ((ctx->classes[first] & ~VIGIL_NAME_CLASS_INSIDE) == VIGIL_NAME_CLASS_TITLE
               || is_honorific (vigil_tokens_get (ctx->tokens, first))))
      first++;
  if (first > last || !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_CAPITALIZED))
    return;
  if (type == VIGIL_ENTITY_PERSON)
    {
      guint8 cls = ctx->classes[first] & ~VIGIL_NAME_CLASS_INSIDE;
      guint n = ctx->tokens->tokens->len;

      /* A title or a demonym alone is nobody ("the Secretary", "a German"). */
      if (first == last
          && (cls == VIGIL_NAME_CLASS_TITLE || cls == VIGIL_NAME_CLASS_DEMONYM
              || is_honorific (vigil_tokens_get (ctx->tokens, first))))
        return;
      /* "Henry I", "Louis XIV": the regnal number is part of the name. */
      if (last + 1 < n && !hard_gap (ctx, last, last + 1)
          && !(vigil_tokens_get (ctx->tokens, last + 1)->flags & VIGIL_TOKEN_SENTENCE_START)
          && roman_numeral (ctx, last + 1))
        last++;
    }
  /* "… Brigades", "Ministry of …": the head word says organisation. */
  if (type != VIGIL_ENTITY_ORGANIZATION && last > first
      && ((word_classes (vigil_tokens_get (ctx->tokens, last))
           | word_classes (vigil_tokens_get (ctx->tokens, first)))
          & WORD_ORG_HEAD))
    type = VIGIL_ENTITY_ORGANIZATION;
  /* "Department of the Treasury", "Ministry of Higher Education": an
   * organisation's name goes on through "of" or "for" (and "the") to the
   * capitalised words after it. */
  if (type == VIGIL_ENTITY_ORGANIZATION)
    for (;;)
      {
        guint n = ctx->tokens->tokens->len, k = last + 1, end;
        VigilToken *t;

        if (k + 1 >= n || hard_gap (ctx, last, k)
            || !(g_str_equal (vigil_tokens_get (ctx->tokens, k)->folded, "of")
                 || g_str_equal (vigil_tokens_get (ctx->tokens, k)->folded, "for")))
          break;
        if (g_str_equal (vigil_tokens_get (ctx->tokens, k + 1)->folded, "the"))
          k++;
        if (k + 1 >= n || hard_gap (ctx, k, k + 1))
          break;
        t = vigil_tokens_get (ctx->tokens, k + 1);
        if (!(t->flags & VIGIL_TOKEN_CAPITALIZED) || (t->flags & VIGIL_TOKEN_SENTENCE_START))
          break;
        end = k + 1;
        while (end + 1 < n && !hard_gap (ctx, end, end + 1)
               && (vigil_tokens_get (ctx->tokens, end + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
               && !(vigil_tokens_get (ctx->tokens, end + 1)->flags & VIGIL_TOKEN_SENTENCE_START))
          end++;
        last = end;
      }
  /* A demonym right before an organisation's name is part of it ("Iraqi
   * Security Forces"); the tagger learnt that demonyms alone are no names. */
  if (type == VIGIL_ENTITY_ORGANIZATION)
    while (first > 0
           && (ctx->classes[first - 1] & ~VIGIL_NAME_CLASS_INSIDE) == VIGIL_NAME_CLASS_DEMONYM
           && (vigil_tokens_get (ctx->tokens, first - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
           && !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_SENTENCE_START)
           && name_gap (ctx, first - 1, first))
      first--;
  a = vigil_tokens_get (ctx->tokens, first);
  b = vigil_tokens_get (ctx->tokens, last);
  while (m->next < m->listed->len
         && g_array_index (m->listed, VigilEntity, m->next).end <= a->start)
    m->next++;
  for (e = m->next; e < m->listed->len; e++)
    {
      VigilEntity *ent = &g_array_index (m->listed, VigilEntity, e);
      if (ent->start >= b->end)
        break;
      if (ent->start == a->start && (ent->end == b->end || ent->end == b->end + 1))
        {
          /* The same words: the list's entry, unless it is only a town that
           * the tagger reads as a person or organisation. */
          if (ent->type != type && ent->type == VIGIL_ENTITY_LOCATION
              && !listed_with_authority (ctx, first) && !in_capitals (ctx, first, last))
            m->dropped[e] = TRUE;
          else
            keep = FALSE;
        }
      else if (ent->start < a->start || ent->end > b->end + 1)
        keep = FALSE; /* inside a listed name, or across one */
    }
  if (!keep)
    return;
  /* A longer name around listed ones replaces them. */
  for (guint k = m->next; k < e; k++)
    m->dropped[k] = TRUE;
  add_entity (ctx, first, last, type, NULL, NULL);
}

/* Sorts the entities by start; most arrays come sorted, and are left alone. */
static void
sort_entities (GArray *ents)
{
  for (guint e = 1; e < ents->len; e++)
    if (g_array_index (ents, VigilEntity, e - 1).start > g_array_index (ents, VigilEntity, e).start)
      {
        g_array_sort (ents, compare_entities);
        return;
      }
}

static void
merge_tagged (Ctx *ctx, const guint8 *tags)
{
  guint n = ctx->tokens->tokens->len;
  GArray *listed = ctx->result->entities; /* sorted by start, no two overlap */
  GArray *tagged = g_array_sized_new (FALSE, TRUE, sizeof (VigilEntity), ENTITIES_ROOM);
  GArray *merged;
  Merge m = { listed, g_new0 (gboolean, listed->len + 1), 0 };
  guint a = 0, b = 0;

  sort_entities (listed);
  ctx->result->entities = tagged; /* add_entity() appends there, in text order */
  for (guint i = 0; i < n;)
    {
      guint first = i, last;
      VigilEntityType type;

      if (!VIGIL_TAG_IS_BEGIN (tags[i]))
        {
          /* "Bank of Scotland", "Ministry of Defence" that the tagger left
           * out: a capitalised head word before "of" or "for" and a
           * capitalised word is an organisation's name (merge_one() takes it
           * on through the words after "of"). */
          VigilToken *t = vigil_tokens_get (ctx->tokens, i);
          if (tags[i] == VIGIL_TAG_O && (t->flags & VIGIL_TOKEN_CAPITALIZED)
              && !(t->flags & VIGIL_TOKEN_ALL_UPPER) && (word_classes (t) & WORD_ORG_HEAD)
              && i + 2 < n && !hard_gap (ctx, i, i + 1)
              && (g_str_equal (vigil_tokens_get (ctx->tokens, i + 1)->folded, "of")
                  || g_str_equal (vigil_tokens_get (ctx->tokens, i + 1)->folded, "for"))
              && (vigil_tokens_get (ctx->tokens, i + 2)->flags & VIGIL_TOKEN_CAPITALIZED))
            merge_one (ctx, &m, i, i, VIGIL_ENTITY_ORGANIZATION);
          i++;
          continue;
        }
      last = i;
      while (last + 1 < n && tags[last + 1] == tags[i] + 1)
        last++;
      type = tag_entity_type (tags[first]);
      /* "National Air and Space Museum", "Evergreen Aviation & Space Museum":
       * two tagged names joined by "and" or "&" are one when the second ends
       * in a word that heads a name ("Museum", "Corporation"), with its type. */
      for (;;)
        {
          guint next = last + 1, end;

          if (next < n && tags[next] == VIGIL_TAG_O
              && g_str_equal (vigil_tokens_get (ctx->tokens, next)->folded, "and")
              && !hard_gap (ctx, last, next))
            next++;
          else if (!(next < n
                     && memchr (ctx->text + vigil_tokens_get (ctx->tokens, last)->byte_end, '&',
                                vigil_tokens_get (ctx->tokens, next)->byte_start
                                    - vigil_tokens_get (ctx->tokens, last)->byte_end)))
            break;
          if (next >= n || !VIGIL_TAG_IS_BEGIN (tags[next]) || hard_gap (ctx, next - 1, next)
              || (vigil_tokens_get (ctx->tokens, next)->flags & VIGIL_TOKEN_SENTENCE_START))
            break;
          end = next;
          while (end + 1 < n && tags[end + 1] == tags[next] + 1)
            end++;
          if (!(word_classes (vigil_tokens_get (ctx->tokens, end))
                & (WORD_ORG_HEAD | WORD_PLACE_HEAD)))
            break;
          type = tag_entity_type (tags[next]);
          last = end;
        }
      i = last + 1;
      /* Cut where punctuation says two names meet ("Ankara - A quake"); an
       * article opening what follows the cut is no name's. */
      for (guint k = first + 1; k <= last; k++)
        if (hard_gap (ctx, k - 1, k) || spaced_dash (ctx, k - 1, k))
          {
            merge_one (ctx, &m, first, k - 1, type);
            first = k;
            while (first <= last
                   && (word_classes (vigil_tokens_get (ctx->tokens, first)) & WORD_ARTICLE))
              first++;
            k = first;
          }
      if (first > last)
        continue;
      /* "Mount Marapi", "Lake Chad": a place, whatever the model thought. */
      if (last > first && (word_classes (vigil_tokens_get (ctx->tokens, first)) & WORD_PLACE_FIRST))
        type = VIGIL_ENTITY_LOCATION;
      merge_one (ctx, &m, first, last, type);
    }
  /* Both lists are in text order: one merge pass. */
  merged = g_array_sized_new (FALSE, TRUE, sizeof (VigilEntity), listed->len + tagged->len);
  g_array_set_clear_func (merged, clear_entity);
  while (a < listed->len || b < tagged->len)
    {
      VigilEntity *x = NULL;

      while (a < listed->len && m.dropped[a])
        clear_entity (&g_array_index (listed, VigilEntity, a++));
      if (a < listed->len
          && (b >= tagged->len
              || g_array_index (listed, VigilEntity, a).start
                     <= g_array_index (tagged, VigilEntity, b).start))
        x = &g_array_index (listed, VigilEntity, a++);
      else if (b < tagged->len)
        x = &g_array_index (tagged, VigilEntity, b++);
      if (x != NULL)
        g_array_append_val (merged, *x);
    }
  g_free (m.dropped);
  g_array_set_clear_func (listed, NULL); /* moved into merged, or cleared above */
  g_array_unref (listed);
  g_array_unref (tagged);
  ctx->result->entities = merged;
}

/* Acronyms the text defines, "Popular Mobilization Forces (PMF)" or
 * "PMF (Popular Mobilization Forces)": every use of the short form is that
 * name, with its type and canonical name, and the long form's canonical name
 * stays its own. */
static gboolean
initials_match (Ctx *ctx, const VigilEntity *ent, const VigilToken *acronym)
{
  guint first, last;
  const char *letters = ctx->text + acronym->byte_start;
  guint len = acronym->byte_end - acronym->byte_start, k = 0;

  if (!entity_tokens (ctx, ent, &first, &last) || len < 2 || len > 8)
    return FALSE;
  for (guint i = first; i <= last && k <= len; i++)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, i);
      char c = ctx->text[t->byte_start];
      if (!(t->flags & VIGIL_TOKEN_CAPITALIZED))
        continue; /* "of", "the", "al" */
      if (k < len && g_ascii_toupper (c) == letters[k])
        k++;
      else
        return FALSE;
    }
  return k == len;
}

static void
link_acronyms (Ctx *ctx)
{
  GArray *ents = ctx->result->entities;
  guint n = ctx->tokens->tokens->len;
  g_autoptr (GHashTable) defined = NULL; /* folded acronym -> entity copy (type, canonical) */
  g_autofree gint *owner = NULL;

  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      guint first, last;
      VigilToken *after, *before;

      if (!entity_tokens (ctx, ent, &first, &last))
        continue;
      /* "Long Name (LN)" */
      if (last + 1 < n)
        {
          after = vigil_tokens_get (ctx->tokens, last + 1);
          if ((after->flags & VIGIL_TOKEN_ALL_UPPER) && initials_match (ctx, ent, after)
              && memchr (ctx->text + vigil_tokens_get (ctx->tokens, last)->byte_end, '(',
                         after->byte_start - vigil_tokens_get (ctx->tokens, last)->byte_end))
            {
              if (defined == NULL)
                defined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              g_hash_table_insert (defined, g_strdup (after->folded),
                                   g_strdup_printf ("%d\t%s", ent->type, ent->canonical));
            }
        }
      /* "LN (Long Name)" */
      if (first >= 1)
        {
          before = vigil_tokens_get (ctx->tokens, first - 1);
          if ((before->flags & VIGIL_TOKEN_ALL_UPPER) && initials_match (ctx, ent, before)
              && memchr (ctx->text + before->byte_end, '(',
                         vigil_tokens_get (ctx->tokens, first)->byte_start - before->byte_end))
            {
              if (defined == NULL)
                defined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              g_hash_table_insert (defined, g_strdup (before->folded),
                                   g_strdup_printf ("%d\t%s", ent->type, ent->canonical));
            }
        }
    }
  if (defined == NULL)
    return;
  /* One pass over the tokens, with each token's entity at hand (no scan of
   * the entities per use: a text may repeat an acronym many thousand times). */
  owner = g_new (gint, n + 1);
  for (guint i = 0; i < n; i++)
    owner[i] = -1;
  for (guint e = 0; e < ents->len; e++)
    {
      guint first, last;
      if (entity_tokens (ctx, &g_array_index (ents, VigilEntity, e), &first, &last))
        for (guint k = first; k <= last; k++)
          owner[k] = (gint) e;
    }
  for (guint i = 0; i < n; i++)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, i);
      const char *value, *tab;
      VigilEntityType type;

      if (!(t->flags & VIGIL_TOKEN_ALL_UPPER)
          || (value = g_hash_table_lookup (defined, t->folded)) == NULL)
        continue;
      tab = strchr (value, '\t');
      type = (VigilEntityType) atoi (value);
      if (owner[i] >= 0)
        {
          VigilEntity *ent = &g_array_index (ents, VigilEntity, owner[i]);
          if (ent->start != t->start || ent->end != t->end)
            continue; /* part of a longer name */
          ent->type = type;
          g_free (ent->canonical);
          ent->canonical = g_strdup (tab + 1);
          g_clear_pointer (&ent->country, g_free);
          ent->has_geo = FALSE;
        }
      else
        {
          add_entity (ctx, i, i, type, tab + 1, NULL);
          owner[i] = (gint) ents->len - 1;
        }
    }
}

/* Later short mentions: a capitalised surname of a person already named in full. */
static void
resolve_short_mentions (Ctx *ctx)
{
  VigilWordTable surnames; /* folded surname -> full name */
  g_autoptr (GPtrArray) owned = NULL;
  GArray *ents = ctx->result->entities;
  guint n = ctx->tokens->tokens->len;
  gboolean people = FALSE;

  for (guint e = 0; e < ents->len && !people; e++)
    people = g_array_index (ents, VigilEntity, e).type == VIGIL_ENTITY_PERSON;
  if (!people)
    return;
  vigil_word_table_init (&surnames);
  owned = g_ptr_array_new_with_free_func (g_free);
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      g_autoptr (VigilTokens) name = NULL;
      VigilToken *first_word, *last_word;
      guint first, last;
      if (ent->type != VIGIL_ENTITY_PERSON)
        continue;
      /* The name's words: the article's own tokens when it is written in full
       * there, else the listed full name's. */
      if (g_str_equal (ent->canonical, ent->text) && entity_tokens (ctx, ent, &first, &last))
        {
          first_word = vigil_tokens_get (ctx->tokens, first);
          last_word = vigil_tokens_get (ctx->tokens, last);
        }
      else
        {
          name = vigil_tokenize (ent->canonical);
          if (name->tokens->len == 0)
            continue;
          first = 0;
          last = name->tokens->len - 1;
          first_word = vigil_tokens_get (name, 0);
          last_word = vigil_tokens_get (name, last);
        }
      /* Full names only ("Mr Trump" is itself a short mention); the first full
       * name seen for a surname wins. */
      if (last > first && !is_honorific (first_word)
          && vigil_word_table_lookup (&surnames, last_word->hash, last_word->folded) == NULL)
        {
          char *key = g_strdup (last_word->folded);
          char *full = g_strdup (ent->canonical);
          g_ptr_array_add (owned, key);
          g_ptr_array_add (owned, full);
          vigil_word_table_insert (&surnames, last_word->hash, key, full);
        }
    }
  /* Titled single names ("Mr Trump") take the full name too. */
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      VigilToken *last_word;
      guint first, last;
      const char *full;
      if (!entity_tokens (ctx, ent, &first, &last))
        continue;
      last_word = vigil_tokens_get (ctx->tokens, last);
      full = vigil_word_table_lookup (&surnames, last_word->hash, last_word->folded);
      /* A surname the tagger took for something else ("Dbeibah" after "Hamid
       * Dbeibah"), unless a list says what it is. */
      if (ent->type != VIGIL_ENTITY_PERSON && full != NULL && first == last && ctx->classes != NULL
          && !listed_with_authority (ctx, first))
        {
          ent->type = VIGIL_ENTITY_PERSON;
          g_clear_pointer (&ent->country, g_free);
          ent->has_geo = FALSE;
        }
      if (ent->type != VIGIL_ENTITY_PERSON)
        continue;
      if (full != NULL && (first == last || is_honorific (vigil_tokens_get (ctx->tokens, first))))
        {
          g_free (ent->canonical);
          ent->canonical = g_strdup (full);
        }
    }
  for (guint i = 0; i < n; i++)
    {
      VigilToken *tok = vigil_tokens_get (ctx->tokens, i);
      const char *full;
      if (ctx->covered[i] || !(tok->flags & VIGIL_TOKEN_CAPITALIZED))
        continue;
      full = vigil_word_table_lookup (&surnames, tok->hash, tok->folded);
      if (full == NULL)
        continue;
      /* Part of a longer capitalised name that is someone else? */
      if (i + 1 < n && !ctx->covered[i + 1] && name_gap (ctx, i, i + 1)
          && (vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
          && !(vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_SENTENCE_START))
        continue;
      add_entity (ctx, i, i, VIGIL_ENTITY_PERSON, full, NULL);
    }
  vigil_word_table_clear (&surnames, NULL, NULL);
}

/* One name, one kind of thing within an article ("one sense per discourse"):
 * the tagger may take "Ishinomaki residents" at the start of a headline for a
 * person and the same word later for the city. A name written the same way
 * under two types takes the type most of its mentions have; on a tie, the
 * place a list knows (with its country). Names a person's full name was
 * resolved to ("Jordan" for "Michael Jordan") are left alone. */
static void
one_type_per_name (Ctx *ctx)
{
  GArray *ents = ctx->result->entities;
  g_autoptr (GHashTable) names = NULL; /* text -> index of its first mention + 1 */

  if (ents->len < 2)
    return;
  names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      guint counts[VIGIL_ENTITY_LOCATION + 1] = { 0 };
      gint listed_place = -1, best;
      gboolean mixed = FALSE, resolved = FALSE;

      if (g_hash_table_contains (names, ent->text))
        continue;
      g_hash_table_insert (names, ent->text, GUINT_TO_POINTER (e + 1));
      for (guint f = e; f < ents->len; f++)
        {
          VigilEntity *other = &g_array_index (ents, VigilEntity, f);
          if (!g_str_equal (other->text, ent->text) || other->type > VIGIL_ENTITY_LOCATION)
            continue;
          counts[other->type]++;
          mixed = mixed || other->type != ent->type;
          resolved = resolved
                     || (other->type == VIGIL_ENTITY_PERSON
                         && !g_str_equal (other->canonical, other->text));
          if (other->type == VIGIL_ENTITY_LOCATION && other->country != NULL && listed_place < 0)
            listed_place = (gint) f;
        }
      if (!mixed || resolved)
        continue;
      best = listed_place >= 0 ? VIGIL_ENTITY_LOCATION : (gint) ent->type;
      for (guint t = 0; t <= VIGIL_ENTITY_LOCATION; t++)
        if (counts[t] > counts[best])
          best = (gint) t;
      for (guint f = e; f < ents->len; f++)
        {
          VigilEntity *other = &g_array_index (ents, VigilEntity, f);
          if (!g_str_equal (other->text, ent->text) || other->type == (VigilEntityType) best
              || other->type > VIGIL_ENTITY_LOCATION)
            continue;
          other->type = (VigilEntityType) best;
          g_clear_pointer (&other->country, g_free);
          other->has_geo = FALSE;
          if (best == VIGIL_ENTITY_LOCATION && listed_place >= 0)
            {
              VigilEntity *place = &g_array_index (ents, VigilEntity, listed_place);
              g_free (other->canonical);
              other->canonical = g_strdup (place->canonical);
              other->country = g_strdup (place->country);
              other->has_geo = place->has_geo;
              other->lat = place->lat;
              other->lon = place->lon;
            }
        }
    }
}

/* Whether an (interned) country code is among those the article names. */
static gboolean
mentioned_has (GPtrArray *mentioned, const char *country)
{
  for (guint i = 0; i < mentioned->len; i++)
    if (g_ptr_array_index (mentioned, i) == country)
      return TRUE;
  return FALSE;
}

/* Places of one name are told apart as geoparsers do, context before
 * prominence. In order: the user's own entries; a region, country or
 * subdivision of a country the article mentions unambiguously elsewhere (by a
 * place or a demonym: Georgia, Atlanta); the desk's lists; a country (Palestine,
 * even when Texas is mentioned); a city of a mentioned country (Tripoli after
 * "Lebanese"); then a first-level subdivision, weighed like a city of a million
 * people, or a city by its population. */
static double
place_score (const VigilEntry *e, GPtrArray *mentioned)
{
  double context = e->country && mentioned_has (mentioned, e->country) ? 1000 : 0;

  switch (e->origin)
    {
    case VIGIL_PLACE_USER:
      return 10000 + context;
    case VIGIL_PLACE_CURATED:
      return 720 + context;
    case VIGIL_PLACE_COUNTRY:
      return 700 + context;
    case VIGIL_PLACE_SUBDIVISION:
      return 60 + context;
    case VIGIL_PLACE_CITY:
    default:
      /* below a country or the desk's list even in context (at most 600 + 70) */
      return e->population_score + context * 0.6;
    }
}

/* Whether the token next to a place (before it when `before`) is another
 * capitalised word of the same name; with `even_listed`, also when that word
 * is itself listed. */
static gboolean
capitalised_neighbour (Ctx *ctx, guint a, guint b, gboolean before, gboolean even_listed)
{
  guint n = ctx->tokens->tokens->len;

  if (before)
    return a > 0 && (even_listed || !ctx->covered[a - 1]) && name_gap (ctx, a - 1, a)
           && (vigil_tokens_get (ctx->tokens, a - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
           && !(vigil_tokens_get (ctx->tokens, a)->flags & VIGIL_TOKEN_SENTENCE_START);
  return b + 1 < n && (even_listed || !ctx->covered[b + 1]) && name_gap (ctx, b, b + 1)
         && (vigil_tokens_get (ctx->tokens, b + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
         && !(vigil_tokens_get (ctx->tokens, b + 1)->flags & VIGIL_TOKEN_SENTENCE_START);
}

/* Whether the word after token b says the place before it is a province. */
static gboolean
province_word_after (Ctx *ctx, guint b)
{
  static const char *const words[]
      = { "region",     "province",  "provinces", "state",  "governorate", "district",
          "prefecture", "division",  "oblast",    "county", "department",  "regions",
          "province's", "region's",  "wilaya",    "canton", "territory",   "municipality",
          "préfecture", "provincia", "estado",    "région", "départment",  "departamento" };

  if (b + 1 >= ctx->tokens->tokens->len)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (vigil_tokens_get (ctx->tokens, b + 1)->folded, words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Whether two names are one without their accents and case ("Kābul", "Kabul"). */
static gboolean
same_folded (const char *a, const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (strcmp (a, b) == 0)
    return TRUE;
  x = g_str_to_ascii (a, "C");
  y = g_str_to_ascii (b, "C");
  return g_ascii_strcasecmp (x, y) == 0;
}

static void
resolve_places (Ctx *ctx)
{
  g_autoptr (GPtrArray) mentioned = g_ptr_array_new ();
  g_autoptr (GArray) dropped = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < ctx->demonym_countries->len; i++)
    if (!mentioned_has (mentioned, g_ptr_array_index (ctx->demonym_countries, i)))
      g_ptr_array_add (mentioned, g_ptr_array_index (ctx->demonym_countries, i));
  for (guint i = 0; i < ctx->place_spans->len; i++)
    {
      PlaceSpan *span = &g_array_index (ctx->place_spans, PlaceSpan, i);
      const char *country = NULL;
      gboolean one_country = TRUE;

      /* Every reading of the name in one country (a region of no country, such
       * as the Sahel, is another reading). */
      for (guint c = 0; span->candidates && c < span->candidates->len; c++)
        {
          const VigilEntry *e = g_ptr_array_index (span->candidates, c);
          if (e->kind != VIGIL_ENTRY_LOCATION
              || !accept_entry (e, ctx->tokens, span->first, span->n_tokens, NULL))
            continue;
          if (e->country == NULL || (country != NULL && country != e->country))
            one_country = FALSE;
          country = e->country ? e->country : country;
        }
      if (country != NULL && one_country && !mentioned_has (mentioned, country))
        g_ptr_array_add (mentioned, (gpointer) country);
    }
  for (guint i = 0; i < ctx->place_spans->len; i++)
    {
      PlaceSpan *span = &g_array_index (ctx->place_spans, PlaceSpan, i);
      VigilEntity *ent = &g_array_index (ctx->result->entities, VigilEntity, span->entity);
      const VigilEntry *best = NULL;
      double best_score = -1;
      guint a = span->first, b = span->first + span->n_tokens - 1;

      for (guint c = 0; span->candidates && c < span->candidates->len; c++)
        {
          const VigilEntry *e = g_ptr_array_index (span->candidates, c);
          double score;
          if (e->kind != VIGIL_ENTRY_LOCATION
              || !accept_entry (e, ctx->tokens, span->first, span->n_tokens, NULL))
            continue;
          score = place_score (e, mentioned);
          if (score > best_score)
            {
              best = e;
              best_score = score;
            }
        }
      if (best == NULL)
        continue;
      /* A province named after its capital ("Kabul", "Niamey", "Tokyo") is,
       * in the news, most often the city: the city, with its coordinates;
       * unless the text says it is the province ("the Sagaing region"). */
      if (best->origin == VIGIL_PLACE_SUBDIVISION && !province_word_after (ctx, b))
        for (guint c = 0; span->candidates && c < span->candidates->len; c++)
          {
            const VigilEntry *e = g_ptr_array_index (span->candidates, c);
            if (e->kind == VIGIL_ENTRY_LOCATION && e->origin == VIGIL_PLACE_CITY
                && e->country == best->country && same_folded (e->canonical, best->canonical)
                && accept_entry (e, ctx->tokens, span->first, span->n_tokens, NULL))
              {
                best = e;
                break;
              }
          }
      /* Never a place inside a person's name: a town from the generated lists
       * right next to another capitalised word ("Ahmed Hassan") is left to the
       * name rules. A town named by an ordinary word is left even next to a
       * listed name ("Columbia University", "the Arab Spring"). */
      if ((best->origin == VIGIL_PLACE_CITY || best->origin == VIGIL_PLACE_SUBDIVISION)
          && (capitalised_neighbour (ctx, a, b, TRUE, best->ordinary_word)
              || capitalised_neighbour (ctx, a, b, FALSE, best->ordinary_word)))
        {
          for (guint k = a; k <= b; k++)
            ctx->covered[k] = FALSE;
          g_array_append_val (dropped, span->entity);
          continue;
        }
      g_free (ent->canonical);
      ent->canonical = g_strdup (best->canonical);
      g_free (ent->country);
      ent->country = g_strdup (best->country);
      ent->has_geo = best->has_geo;
      ent->lat = best->lat;
      ent->lon = best->lon;
    }
  if (dropped->len > 0)
    {
      /* One compacting pass (removing one by one would move the tail each time). */
      GArray *ents = ctx->result->entities;
      guint w = 0, d = 0;
      for (guint r = 0; r < ents->len; r++)
        {
          if (d < dropped->len && g_array_index (dropped, guint, d) == r)
            {
              clear_entity (&g_array_index (ents, VigilEntity, r));
              d++;
              continue;
            }
          if (w != r)
            g_array_index (ents, VigilEntity, w) = g_array_index (ents, VigilEntity, r);
          w++;
        }
      /* The cleared ones are gone; shrink without clearing the moved ones again. */
      g_array_set_clear_func (ents, NULL);
      g_array_set_size (ents, w);
      g_array_set_clear_func (ents, clear_entity);
    }
}

static const char *
detect_language (VigilTokens *tokens, const char *text)
{
  int scores[3] = { 0, 0, 0 };
  int arabic = 0, letters = 0;

  /* A sample is enough to tell the language: the first 4,096 words, each
   * counted by the script of its first letter. */
  guint n_words = MIN (tokens->tokens->len, 4096);

  for (guint i = 0; i < n_words; i++)
    {
      const char *w = text + vigil_tokens_get (tokens, i)->byte_start;
      gunichar c;
      if ((guchar) *w < 0x80)
        {
          letters += g_ascii_isalpha (*w) != 0;
          continue;
        }
      c = g_utf8_get_char (w);
      if (g_unichar_isalpha (c))
        {
          letters++;
          if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_ARABIC)
            arabic++;
        }
    }
  if (letters > 0 && arabic * 2 > letters)
    return "ar";
  for (guint i = 0; i < n_words; i++)
    {
      guint langs = word_classes (vigil_tokens_get (tokens, i)) & (WORD_EN | WORD_FR | WORD_ES);
      if (langs == 0)
        continue; /* most words */
      for (guint l = 0; l < 3; l++)
        scores[l] += (langs >> l) & 1;
    }
  if (scores[0] == 0 && scores[1] == 0 && scores[2] == 0)
    return "und";
  if (scores[1] > scores[0] && scores[1] >= scores[2])
    return "fr";
  if (scores[2] > scores[0] && scores[2] > scores[1])
    return "es";
  return "en";
}

static int
compare_entities (gconstpointer a, gconstpointer b)
{
  return (int) ((const VigilEntity *) a)->start - (int) ((const VigilEntity *) b)->start;
}

/* Explainable: each distinct term counts its weight once, repeats add a quarter
 * each (at most two), a term in the headline counts half again, and every extra
 * category adds 4; a term of weight 10 makes the article critical (at least 50). */
static int
compute_score (GArray *risks, guint title_end)
{
  /* An article has a handful of risk terms: counted by looking back, with
   * tables only for long texts. */
  gboolean few = risks->len <= 64;
  g_autoptr (GHashTable) terms = few ? NULL : g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) categories = few ? NULL : g_hash_table_new (g_str_hash, g_str_equal);
  guint n_categories = 0;
  double total = 0;
  gboolean critical = FALSE;

  for (guint i = 0; i < risks->len; i++)
    {
      VigilRisk *r = &g_array_index (risks, VigilRisk, i);
      guint seen = 0;
      gboolean new_category = TRUE;
      double w;

      if (few)
        for (guint j = 0; j < i; j++)
          {
            VigilRisk *q = &g_array_index (risks, VigilRisk, j);
            seen += g_str_equal (q->term, r->term);
            if (new_category && g_str_equal (q->category, r->category))
              new_category = FALSE;
          }
      else
        {
          seen = GPOINTER_TO_UINT (g_hash_table_lookup (terms, r->term));
          g_hash_table_insert (terms, r->term, GUINT_TO_POINTER (seen + 1));
          new_category = g_hash_table_add (categories, r->category);
        }
      n_categories += new_category;
      w = seen == 0 ? r->weight : (seen <= 2 ? r->weight * 0.25 : 0);
      critical |= r->weight >= VIGIL_RISK_WEIGHT_CRITICAL;
      if (r->start < title_end)
        w *= 1.5;
      total += w;
    }
  if (n_categories > 1)
    total += 4.0 * (n_categories - 1);
  /* Deaths, an ordered departure, "do not travel": critical whatever else. */
  if (critical)
    total = MAX (total, 50.0);
  return (int) MIN (100.0, round (total));
}

/* The first VIGIL_ANALYSIS_MAX_TEXT bytes of text, cut before a space so that
 * no word is cut in two (a cut word could read as another term); NULL when
 * text is not longer. */
static char *
analysed_part (const char *text)
{
  const char *end;

  if (text == NULL || strnlen (text, VIGIL_ANALYSIS_MAX_TEXT + 1) <= VIGIL_ANALYSIS_MAX_TEXT)
    return NULL;
  end = g_utf8_find_prev_char (text, text + VIGIL_ANALYSIS_MAX_TEXT + 1);
  for (const char *p = end; p > text && end - p < 256; p = g_utf8_find_prev_char (text, p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      {
        end = p;
        break;
      }
  return g_strndup (text, end - text);
}

VigilAnalysis *
vigil_analyze (VigilGazetteer *gazetteer, const char *text, guint title_end)
{
  VigilAnalysis *result = g_new0 (VigilAnalysis, 1);
  g_autofree char *part = analysed_part (text);
  /* Each thread keeps the token arrays of its last (article-sized) analysis
   * for the next one. */
  static GPrivate spare = G_PRIVATE_INIT ((GDestroyNotify) vigil_tokens_free);
  VigilTokens *reuse = g_private_get (&spare);
  VigilTokens *tokens;
  const VigilTagger *tagger;

  if (part != NULL)
    {
      text = part;
      result->shortened = TRUE;
    }
  g_private_set (&spare, NULL);
  tokens = vigil_tokenize_into (reuse, text ? text : "");
  Ctx ctx = { gazetteer, tokens, text ? text : "", NULL, result };

  /* Room for an article's names and terms from the start: growing an array
   * from nothing reallocates it at almost every name of a short article. */
  result->entities = g_array_sized_new (FALSE, TRUE, sizeof (VigilEntity), ENTITIES_ROOM);
  g_array_set_clear_func (result->entities, clear_entity);
  result->risks = g_array_sized_new (FALSE, TRUE, sizeof (VigilRisk), RISKS_ROOM);
  g_array_set_clear_func (result->risks, clear_risk);
  result->demonyms = demonym_array ();
  ctx.covered = g_new0 (gboolean, tokens->tokens->len + 1);
  ctx.classes = g_new0 (guint8, tokens->tokens->len + 1);
  result->language = detect_language (tokens, ctx.text);
  /* Each tagger knows one language's names. */
  tagger = gazetteer ? vigil_gazetteer_get_language_tagger (gazetteer, result->language) : NULL;

  ctx.place_spans = g_array_sized_new (FALSE, FALSE, sizeof (PlaceSpan), RISKS_ROOM);
  ctx.demonym_countries = g_ptr_array_new ();
  find_listed_and_titled (&ctx);
  resolve_places (&ctx);
  g_array_unref (ctx.place_spans);
  g_ptr_array_unref (ctx.demonym_countries);
  if (tagger != NULL)
    {
      g_autofree guint8 *tags = g_new (guint8, tokens->tokens->len + 1);
      vigil_tagger_tag_tokens (tagger, tokens, ctx.classes, tags);
      merge_tagged (&ctx, tags);
    }
  /* Organisations by their head word where neither list nor tagger has them;
   * people by "said" only without the tagger (it knows better). */
  find_by_rules (&ctx, tagger == NULL);
  link_acronyms (&ctx);
  resolve_short_mentions (&ctx);
  one_type_per_name (&ctx);
  sort_entities (result->entities);

  result->score = compute_score (result->risks, title_end);
  result->level = vigil_level_for_score (result->score);
  g_free (ctx.covered);
  g_free (ctx.classes);
  if (tokens->tokens->len <= 65536)
    g_private_replace (&spare, tokens);
  else
    vigil_tokens_free (tokens);
  return result;
}

void
vigil_analysis_name_classes (VigilGazetteer *gazetteer, VigilTokens *tokens, guint8 *classes)
{
  VigilAnalysis result = { 0 };
  Ctx ctx = { gazetteer, tokens, tokens->text, NULL, &result, NULL, classes, NULL };

  memset (classes, 0, tokens->tokens->len);
  result.entities = g_array_new (FALSE, TRUE, sizeof (VigilEntity));
  g_array_set_clear_func (result.entities, clear_entity);
  result.risks = g_array_new (FALSE, TRUE, sizeof (VigilRisk));
  g_array_set_clear_func (result.risks, clear_risk);
  ctx.covered = g_new0 (gboolean, tokens->tokens->len + 1);
  ctx.place_spans = g_array_new (FALSE, FALSE, sizeof (PlaceSpan));
  ctx.demonym_countries = g_ptr_array_new ();
  find_listed_and_titled (&ctx);
  g_array_unref (ctx.place_spans);
  g_ptr_array_unref (ctx.demonym_countries);
  g_array_unref (result.entities);
  g_array_unref (result.risks);
  g_free (ctx.covered);
}

char *
vigil_analysis_to_json (VigilAnalysis *analysis, gboolean pretty)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "entities");
  json_builder_begin_array (b);
  for (guint i = 0; i < MIN (analysis->entities->len, VIGIL_ANALYSIS_MAX_ANNOTATIONS); i++)
    {
      VigilEntity *e = &g_array_index (analysis->entities, VigilEntity, i);
      json_builder_begin_object (b);
      vigil_json_add_string (b, "text", e->text);
      vigil_json_add_string (b, "type", vigil_entity_type_to_string (e->type));
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, e->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, e->end);
      vigil_json_add_string (b, "canonical", e->canonical);
      vigil_json_add_string (b, "country", e->country);
      json_builder_set_member_name (b, "lat");
      if (e->has_geo)
        json_builder_add_double_value (b, e->lat);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "lon");
      if (e->has_geo)
        json_builder_add_double_value (b, e->lon);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "risks");
  json_builder_begin_array (b);
  for (guint i = 0; i < MIN (analysis->risks->len, VIGIL_ANALYSIS_MAX_ANNOTATIONS); i++)
    {
      VigilRisk *r = &g_array_index (analysis->risks, VigilRisk, i);
      json_builder_begin_object (b);
      vigil_json_add_string (b, "text", r->text);
      vigil_json_add_string (b, "term", r->term);
      vigil_json_add_string (b, "category", r->category);
      json_builder_set_member_name (b, "weight");
      json_builder_add_int_value (b, r->weight);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, r->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, r->end);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (analysis->demonyms != NULL && analysis->demonyms->len > 0)
    {
      /* Countries named by their people ("Russian forces"): no place mark. */
      json_builder_set_member_name (b, "demonyms");
      json_builder_begin_array (b);
      for (guint i = 0; i < MIN (analysis->demonyms->len, VIGIL_ANALYSIS_MAX_ANNOTATIONS); i++)
        {
          VigilDemonym *d = &g_array_index (analysis->demonyms, VigilDemonym, i);
          json_builder_begin_object (b);
          vigil_json_add_string (b, "text", d->text);
          vigil_json_add_string (b, "country", d->country);
          json_builder_set_member_name (b, "start");
          json_builder_add_int_value (b, d->start);
          json_builder_set_member_name (b, "end");
          json_builder_add_int_value (b, d->end);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "score");
  json_builder_add_int_value (b, analysis->score);
  vigil_json_add_string (b, "level", analysis->level);
  vigil_json_add_string (b, "language", analysis->language);
  if (analysis->shortened || analysis->entities->len > VIGIL_ANALYSIS_MAX_ANNOTATIONS
      || analysis->risks->len > VIGIL_ANALYSIS_MAX_ANNOTATIONS)
    {
      json_builder_set_member_name (b, "shortened");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  return vigil_json_to_data (b, pretty);
}

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (n))
             : NULL;
}

static gint64
member_int (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : 0;
}

VigilAnalysis *
vigil_analysis_from_json (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  VigilAnalysis *a;
  JsonArray *list;

  /* Stored annotations are ours, but a damaged database must not crash json-glib. */
  if (json == NULL || !vigil_json_depth_ok (json, strlen (json), VIGIL_JSON_MAX_DEPTH)
      || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  a = g_new0 (VigilAnalysis, 1);
  a->entities = g_array_new (FALSE, TRUE, sizeof (VigilEntity));
  g_array_set_clear_func (a->entities, clear_entity);
  a->risks = g_array_new (FALSE, TRUE, sizeof (VigilRisk));
  g_array_set_clear_func (a->risks, clear_risk);
  list = json_object_has_member (root, "entities") ? json_object_get_array_member (root, "entities")
                                                   : NULL;
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      g_autofree char *type = member_string (o, "type");
      VigilEntity e = { 0 };
      e.text = member_string (o, "text");
      e.canonical = member_string (o, "canonical");
      e.country = member_string (o, "country");
      e.start = member_int (o, "start");
      e.end = member_int (o, "end");
      e.type = g_strcmp0 (type, "person") == 0         ? VIGIL_ENTITY_PERSON
               : g_strcmp0 (type, "organization") == 0 ? VIGIL_ENTITY_ORGANIZATION
                                                       : VIGIL_ENTITY_LOCATION;
      if (e.text == NULL)
        e.text = g_strdup ("");
      if (e.canonical == NULL)
        e.canonical = g_strdup (e.text);
      g_array_append_val (a->entities, e);
    }
  list = json_object_has_member (root, "risks") ? json_object_get_array_member (root, "risks")
                                                : NULL;
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      VigilRisk r = { 0 };
      r.text = member_string (o, "text");
      r.term = member_string (o, "term");
      r.category = member_string (o, "category");
      r.weight = member_int (o, "weight");
      r.start = member_int (o, "start");
      r.end = member_int (o, "end");
      if (r.category == NULL)
        r.category = g_strdup ("general");
      g_array_append_val (a->risks, r);
    }
  a->demonyms = demonym_array ();
  list = json_object_has_member (root, "demonyms") ? json_object_get_array_member (root, "demonyms")
                                                   : NULL;
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      VigilDemonym d = { 0 };
      if (o == NULL)
        continue;
      d.country = member_string (o, "country");
      if (d.country == NULL)
        continue;
      d.text = member_string (o, "text");
      d.start = member_int (o, "start");
      d.end = member_int (o, "end");
      if (d.text == NULL)
        d.text = g_strdup ("");
      g_array_append_val (a->demonyms, d);
    }
  a->score = member_int (root, "score");
  {
    JsonNode *n = json_object_get_member (root, "shortened");
    a->shortened = n != NULL && JSON_NODE_HOLDS_VALUE (n)
                   && json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
  }
  a->level = vigil_level_for_score (a->score);
  a->language = "und";
  {
    /* language is one of a few static strings */
    g_autofree char *lang = member_string (root, "language");
    static const char *const known[] = { "en", "fr", "es", "ar", "und" };
    for (guint i = 0; lang && i < G_N_ELEMENTS (known); i++)
      if (g_str_equal (lang, known[i]))
        a->language = known[i];
  }
  return a;
}
