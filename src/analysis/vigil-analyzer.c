/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analyzer.c — one text analysed: listed names and titles, the tagger, rules, language and
 * score (see vigil-analyzer-private.h for the parts). */
#include "config.h"

#include "vigil-analyzer-private.h"

#include <string.h>
#include <math.h>

#include "vigil-feed-parser.h"

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
  /* Word by word, each against the phrases only when its hash's bit is set
   * (the same pairs as phrase by phrase, fewer compared). */
  for (guint k = after; entry->unless_next && k < after + 3 && k < tokens->tokens->len; k++)
    {
      const VigilToken *t = vigil_tokens_get (tokens, k);

      if (k > after && (t->flags & VIGIL_TOKEN_SENTENCE_START))
        break;
      if (!((entry->unless_next_bits >> (t->hash % 64)) & 1))
        continue;
      for (int i = 0; entry->unless_next[i]; i++)
        if (t->hash == h[i] && phrase_at (tokens, k, entry->unless_next[i]))
          return FALSE;
    }
  for (int i = 0; entry->unless_next && entry->unless_next[i]; i++)
    h++;
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

          if ((k >= first && k < after) || !((entry->unless_near_bits >> (t->hash % 64)) & 1))
            continue;
          for (int i = 0; entry->unless_near[i]; i++)
            if (t->hash == h[i] && g_str_equal (t->folded, entry->unless_near[i]))
              return FALSE;
        }
    }
  return TRUE;
}

gboolean
analyzer_accept_entry (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n,
                       gpointer data)
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
      /* "U.N.", not "U N". */
      if (entry->dotted)
        for (guint i = first + 1; i < first + n; i++)
          if (!(vigil_tokens_get (tokens, i)->flags & VIGIL_TOKEN_JOINED_PREV))
            return FALSE;
      /* A place's words that are capitalised in its name are capitalised in the
       * text: "the Kurdistan region" is Kurdistan, not the Kurdistan Region. */
      if (entry->kind == VIGIL_ENTRY_LOCATION)
        for (guint k = 1; k < n && k < 32; k++)
          if ((entry->capitals & (1u << k))
              && !(vigil_tokens_get (tokens, first + k)->flags & VIGIL_TOKEN_CAPITALIZED))
            return FALSE;
      if (entry->kind == VIGIL_ENTRY_LOCATION && entry->kind_named
          && !analyzer_kind_named_place (tokens, first, n))
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
  return entry->kind == VIGIL_ENTRY_PERSON && analyzer_accept_entry (entry, tokens, first, n, data);
}

void
analyzer_add_entity (Ctx *ctx, guint first, guint last, VigilEntityType type, const char *canonical,
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
      e.prominent = entry->origin == VIGIL_PLACE_CITY && entry->population >= 1000000;
    }
  for (guint i = first; i <= last; i++)
    ctx->covered[i] = TRUE;
  g_array_append_val (ctx->result->entities, e);
}

/* The word classes, as data/analysis/word-classes.txt names them (the
 * comments there say what each is for). */
static const VigilWordClass word_classes[] = {
  { "en", WORD_EN },
  { "fr", WORD_FR },
  { "es", WORD_ES },
  { "particle", WORD_PARTICLE },
  { "honorific", WORD_HONORIFIC },
  { "org-head", WORD_ORG_HEAD },
  { "speech", WORD_SPEECH },
  { "joiner", WORD_JOINER },
  { "place-head", WORD_PLACE_HEAD },
  { "facility", WORD_FACILITY },
  { "place-after", WORD_PLACE_AFTER },
  { "holiday", WORD_HOLIDAY },
  { "facility-kind", WORD_FACILITY_KIND },
  { "place-first", WORD_PLACE_FIRST },
  { "article", WORD_ARTICLE },
  { "place-kind", WORD_PLACE_KIND },
  { "place-before", WORD_PLACE_BEFORE },
  { "event", WORD_EVENT },
  { "state-verb", WORD_STATE_VERB },
  { "place-preposition", WORD_PLACE_PREPOSITION },
  { "state-burden", WORD_STATE_BURDEN },
  { "institutions", WORD_INSTITUTIONS },
  { "state-actor", WORD_STATE_ACTOR },
  { "month", WORD_MONTH },
};

static const VigilWordTable *
word_class_table (void)
{
  static VigilWordTable *table;

  return vigil_word_classes_table (&table, word_classes, G_N_ELEMENTS (word_classes));
}

guint
analyzer_word_classes (const VigilToken *tok)
{
  return GPOINTER_TO_UINT (vigil_word_table_lookup (word_class_table (), tok->hash, tok->folded));
}

static inline gboolean
is_particle (const VigilToken *tok)
{
  return (analyzer_word_classes (tok) & WORD_PARTICLE) != 0;
}

gboolean
analyzer_is_honorific (const VigilToken *tok)
{
  return (analyzer_word_classes (tok) & WORD_HONORIFIC) != 0;
}

/* Only spaces, a hyphen or a dot between two tokens of one name. */
gboolean
analyzer_name_gap (Ctx *ctx, guint a, guint b)
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
gboolean
analyzer_spaced_dash (Ctx *ctx, guint a, guint b)
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

      if (k > 0 && !analyzer_name_gap (ctx, k - 1, k))
        break;
      /* (nor past a sentence's end: "... the police spokesman. A fruit
       * seller was wounded") */
      if (tok->flags & VIGIL_TOKEN_SENTENCE_START)
        break;
      if (is_particle (tok) && last >= 0 && k + 1 < n
          && (vigil_tokens_get (ctx->tokens, k + 1)->flags & VIGIL_TOKEN_CAPITALIZED))
        continue;
      if (!(tok->flags & VIGIL_TOKEN_CAPITALIZED)
          || (tok->flags & VIGIL_TOKEN_ALL_UPPER && tok->end - tok->start > 1))
        break;
      /* "General Secretary", "Vice President": a title after a title is no name. */
      if (k == j && analyzer_is_honorific (tok))
        break;
      /* "ambassador Baghdad" is not a name; a town from the generated lists
       * inside one ("spokesman Abdifatah Aden") is. */
      if (vigil_gazetteer_match (ctx->gazetteer, ctx->tokens, k, analyzer_accept_entry, NULL,
                                 &entry)
              > 0
          && entry->kind != VIGIL_ENTRY_PERSON && entry->kind != VIGIL_ENTRY_DEMONYM
          && !(entry->kind == VIGIL_ENTRY_LOCATION
               && (entry->origin == VIGIL_PLACE_CITY || entry->origin == VIGIL_PLACE_SUBDIVISION)))
        break;
      last = k;
    }
  return last;
}

/* Whether a one-letter title is the end of an abbreviation instead: the "m"
 * of "p.m." and "a.m." is no "M." before a name ("at 9 p.m. The blaze"). */
static gboolean
abbreviation_letter (Ctx *ctx, guint i, guint m)
{
  const VigilToken *t = vigil_tokens_get (ctx->tokens, i);
  const VigilToken *before;

  if (m != 1 || i == 0 || t->byte_end - t->byte_start != 1)
    return FALSE;
  before = vigil_tokens_get (ctx->tokens, i - 1);
  return t->byte_start == before->byte_end + 1 && ctx->text[before->byte_end] == '.';
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

/* analyzer_accept_entry(), remembering the risk terms it finds in a calm
 * context (data: the Ctx). */
static gboolean
accept_listed (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n, gpointer data)
{
  Ctx *ctx = data;

  if (analyzer_accept_entry (entry, tokens, first, n, NULL))
    return TRUE;
  if (entry->kind == VIGIL_ENTRY_RISK)
    {
      if (ctx->calm_terms == NULL)
        ctx->calm_terms = g_ptr_array_new ();
      if (!g_ptr_array_find_with_equal_func (ctx->calm_terms, entry->name, g_str_equal, NULL))
        g_ptr_array_add (ctx->calm_terms, (gpointer) entry->name);
    }
  return FALSE;
}

/* One sense in one article: a headline has no words around its terms to read
 * them by ("Bank completes drawdown"), so a term the body reads calmly ("the
 * loan drawdown under its credit line") and never as a risk is calm in the
 * headline too. The headline is the text before title_end, or without one
 * its first line. */
static void
calm_headline_terms (Ctx *ctx, guint title_end)
{
  GArray *risks = ctx->result->risks;

  if (ctx->calm_terms == NULL)
    return;
  if (title_end == 0)
    {
      const char *newline = strchr (ctx->text, '\n');
      title_end = newline ? (guint) g_utf8_pointer_to_offset (ctx->text, newline) : 0;
    }
  for (guint i = risks->len; i-- > 0;)
    {
      VigilRisk *r = &g_array_index (risks, VigilRisk, i);
      gboolean in_body = FALSE;

      if (r->start >= title_end
          || !g_ptr_array_find_with_equal_func (ctx->calm_terms, r->term, g_str_equal, NULL))
        continue;
      for (guint k = 0; k < risks->len && !in_body; k++)
        {
          VigilRisk *q = &g_array_index (risks, VigilRisk, k);
          in_body = q->start >= title_end && g_str_equal (q->term, r->term);
        }
      if (!in_body)
        g_array_remove_index (risks, i);
    }
}

/* One sense in one article: in a report of a cyber attack ("ransomware",
 * "hackers") whose risks are all of the attack, the bare word ("Thursday's
 * attack", "the attack was detected") is the cyber attack too, wherever no
 * word of computers stands near it. Not when the report tells of weapons,
 * the dead or hostages. */
static void
cyber_attack_terms (Ctx *ctx)
{
  static const char *const cyber[] = {
    "cyber", "ransomware",  "hacker",       "denial-of-service",
    "ddos",  "data breach", "rançongiciel", "attaque informatique",
  };
  static const char *const bare[] = {
    "attack", "attacks", "attacked", "attacking", "attaque", "attaques", "attaqué", "attaquée",
  };
  GArray *risks = ctx->result->risks;
  gboolean cyber_seen = FALSE;

  for (guint i = 0; i < risks->len; i++)
    {
      VigilRisk *r = &g_array_index (risks, VigilRisk, i);
      gboolean is_cyber = FALSE, is_bare = FALSE;

      for (gsize k = 0; k < G_N_ELEMENTS (cyber) && !is_cyber; k++)
        is_cyber = g_str_equal (r->category, "infrastructure") && strstr (r->term, cyber[k]);
      for (gsize k = 0; k < G_N_ELEMENTS (bare) && !is_bare; k++)
        is_bare = g_str_equal (r->term, bare[k]);
      if (is_cyber)
        cyber_seen = TRUE;
      else if (!is_bare && !g_str_equal (r->category, "infrastructure"))
        return;
    }
  if (!cyber_seen)
    return;
  for (guint i = 0; i < risks->len; i++)
    {
      VigilRisk *r = &g_array_index (risks, VigilRisk, i);
      if (g_str_equal (r->category, "armed-violence"))
        {
          g_free (r->category);
          r->category = g_strdup ("infrastructure");
        }
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
      guint m = vigil_gazetteer_match_all (ctx->gazetteer, ctx->tokens, i, accept_listed, ctx,
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
            int last = abbreviation_letter (ctx, i, m) ? -1 : name_after_title (ctx, i + m);
            if (last >= 0)
              {
                const VigilEntry *known = NULL;
                guint first = i + m;
                guint k = vigil_gazetteer_match (ctx->gazetteer, ctx->tokens, first, accept_person,
                                                 NULL, &known);
                if (k > 0 && first + k - 1 > (guint) last)
                  last = first + k - 1;
                analyzer_add_entity (
                    ctx, first, last, VIGIL_ENTITY_PERSON,
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
          analyzer_add_entity (ctx, i, i + m - 1, VIGIL_ENTITY_PERSON, entry->canonical, entry);
          i += m;
          break;
        case VIGIL_ENTRY_ORGANIZATION:
          analyzer_add_entity (ctx, i, i + m - 1, VIGIL_ENTITY_ORGANIZATION, entry->canonical,
                               entry);
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
                  analyzer_clear_demonym (&d);
              }
            i += m;
          }
          break;
        case VIGIL_ENTRY_LOCATION:
        default:
          {
            PlaceSpan span = { ctx->result->entities->len, i, m, candidates };
            g_array_append_val (ctx->place_spans, span);
            analyzer_add_entity (ctx, i, i + m - 1, VIGIL_ENTITY_LOCATION, entry->canonical, entry);
            i += m;
          }
          break;
        }
    }
}

static const char *
detect_language (VigilTokens *tokens, const char *text)
{
  int scores[3] = { 0, 0, 0 };
  int arabic = 0, letters = 0;
  const VigilWordTable *classes = word_class_table (); /* analyzer_word_classes(), inlined */

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
      const VigilToken *t = vigil_tokens_get (tokens, i);
      guint langs = GPOINTER_TO_UINT (vigil_word_table_lookup (classes, t->hash, t->folded))
                    & (WORD_EN | WORD_FR | WORD_ES);
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

int
analyzer_compare_entities (gconstpointer a, gconstpointer b)
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

/* The spare array of indexes, emptied (one rule at a time uses it), or a new
 * one kept in *own when the analysis has none. */
GArray *
analyzer_take_indices (Ctx *ctx, GArray **own)
{
  GArray *indices = ctx->spare_indices;

  if (indices == NULL)
    indices = *own = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_set_size (indices, 0);
  return indices;
}

/* What an analysis needs only while it runs: each thread keeps the arrays of
 * its last (article-sized) analysis for the next one, so that analysing a
 * short article allocates little besides its results. */
typedef struct
{
  VigilTokens *tokens;
  GArray *place_spans;                         /* PlaceSpan */
  GPtrArray *demonym_countries;                /* interned codes */
  GArray *entities, *listed, *flags, *indices; /* see Ctx */
  GPtrArray *countries;
  gboolean *covered;
  guint8 *classes, *tags;
  gsize room; /* of covered, classes and tags */
  guint *token_at;
  gsize token_at_room;
} Scratch;

static void
scratch_free (Scratch *scratch)
{
  vigil_tokens_free (scratch->tokens);
  g_array_unref (scratch->place_spans);
  g_ptr_array_unref (scratch->demonym_countries);
  g_array_unref (scratch->entities);
  g_array_unref (scratch->listed);
  g_array_unref (scratch->flags);
  g_array_unref (scratch->indices);
  g_ptr_array_unref (scratch->countries);
  g_free (scratch->covered);
  g_free (scratch->classes);
  g_free (scratch->tags);
  g_free (scratch->token_at);
  g_free (scratch);
}

/* The thread's scratch, taken (a nested call, if any, makes its own). */
static Scratch *
scratch_take (GPrivate *key)
{
  Scratch *scratch = g_private_get (key);

  if (scratch != NULL)
    {
      g_private_set (key, NULL);
      g_array_set_size (scratch->place_spans, 0);
      g_ptr_array_set_size (scratch->demonym_countries, 0);
      return scratch;
    }
  scratch = g_new0 (Scratch, 1);
  scratch->place_spans = g_array_sized_new (FALSE, FALSE, sizeof (PlaceSpan), RISKS_ROOM);
  scratch->demonym_countries = g_ptr_array_new ();
  scratch->entities = g_array_sized_new (FALSE, FALSE, sizeof (VigilEntity), ENTITIES_ROOM);
  scratch->listed = g_array_sized_new (FALSE, FALSE, sizeof (VigilEntity), ENTITIES_ROOM);
  scratch->flags = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), ENTITIES_ROOM);
  scratch->indices = g_array_sized_new (FALSE, FALSE, sizeof (guint), ENTITIES_ROOM);
  scratch->countries = g_ptr_array_new ();
  return scratch;
}

/* Room for n + 1 tokens' flags, classes (both zeroed) and tags. */
static void
scratch_reserve (Scratch *scratch, gsize n)
{
  if (scratch->room < n + 1)
    {
      scratch->room = MAX (n + 1, 2 * scratch->room);
      g_free (scratch->covered);
      g_free (scratch->classes);
      g_free (scratch->tags);
      scratch->covered = g_new (gboolean, scratch->room);
      scratch->classes = g_new (guint8, scratch->room);
      scratch->tags = g_new (guint8, scratch->room);
    }
  memset (scratch->covered, 0, (n + 1) * sizeof (gboolean));
  memset (scratch->classes, 0, n + 1);
}

VigilAnalysis *
vigil_analyze (VigilGazetteer *gazetteer, const char *text, guint title_end)
{
  VigilAnalysis *result = g_new0 (VigilAnalysis, 1);
  g_autofree char *part = analysed_part (text);
  static GPrivate spare = G_PRIVATE_INIT ((GDestroyNotify) scratch_free);
  Scratch *scratch = scratch_take (&spare);
  VigilTokens *tokens;
  const VigilTagger *tagger;

  if (part != NULL)
    {
      text = part;
      result->shortened = TRUE;
    }
  tokens = vigil_tokenize_into (scratch->tokens, text ? text : "");
  scratch->tokens = tokens;
  Ctx ctx = { gazetteer, tokens, text ? text : "", NULL, result };

  /* Room for an article's names and terms from the start: growing an array
   * from nothing reallocates it at almost every name of a short article. */
  result->entities = g_array_sized_new (FALSE, TRUE, sizeof (VigilEntity), ENTITIES_ROOM);
  g_array_set_clear_func (result->entities, analyzer_clear_entity);
  result->risks = g_array_sized_new (FALSE, TRUE, sizeof (VigilRisk), RISKS_ROOM);
  g_array_set_clear_func (result->risks, analyzer_clear_risk);
  result->demonyms = analyzer_demonym_array ();
  scratch_reserve (scratch, tokens->tokens->len);
  ctx.covered = scratch->covered;
  ctx.classes = scratch->classes;
  analyzer_index_tokens (&ctx, &scratch->token_at, &scratch->token_at_room);
  result->language = detect_language (tokens, ctx.text);
  /* Each tagger knows one language's names. */
  tagger = gazetteer ? vigil_gazetteer_get_language_tagger (gazetteer, result->language) : NULL;

  ctx.place_spans = scratch->place_spans;
  ctx.demonym_countries = scratch->demonym_countries;
  ctx.spare_entities = scratch->entities;
  ctx.spare_listed = scratch->listed;
  ctx.spare_flags = scratch->flags;
  ctx.spare_indices = scratch->indices;
  ctx.spare_countries = scratch->countries;
  find_listed_and_titled (&ctx);
  calm_headline_terms (&ctx, title_end);
  cyber_attack_terms (&ctx);
  g_clear_pointer (&ctx.calm_terms, g_ptr_array_unref);
  analyzer_resolve_places (&ctx);
  ctx.place_spans = NULL;
  ctx.demonym_countries = NULL;
  if (tagger != NULL)
    {
      vigil_tagger_tag_tokens (tagger, tokens, ctx.classes, scratch->tags);
      analyzer_merge_tagged (&ctx, scratch->tags);
    }
  /* Organisations by their head word where neither list nor tagger has them;
   * people by "said" only without the tagger (it knows better). */
  analyzer_find_units (&ctx);
  analyzer_find_by_rules (&ctx, tagger == NULL);
  analyzer_link_acronyms (&ctx);
  analyzer_resolve_short_mentions (&ctx);
  analyzer_check_places (&ctx);
  analyzer_find_teams (&ctx);
  analyzer_find_sites (&ctx);
  analyzer_one_type_per_name (&ctx);
  analyzer_repeat_names (&ctx);
  analyzer_find_states (&ctx);
  analyzer_find_institutions (&ctx);
  analyzer_sort_entities (result->entities);

  result->score = compute_score (result->risks, title_end);
  result->level = vigil_level_for_score (result->score);
  /* Kept for the next analysis unless this text was much longer than an
   * article. */
  if (tokens->tokens->len <= 65536)
    g_private_replace (&spare, scratch);
  else
    scratch_free (scratch);
  return result;
}

void
vigil_analysis_name_classes (VigilGazetteer *gazetteer, VigilTokens *tokens, guint8 *classes)
{
  VigilAnalysis result = { 0 };
  Ctx ctx = { gazetteer, tokens, tokens->text, NULL, &result, NULL, classes, NULL };

  memset (classes, 0, tokens->tokens->len);
  result.entities = g_array_new (FALSE, TRUE, sizeof (VigilEntity));
  g_array_set_clear_func (result.entities, analyzer_clear_entity);
  result.risks = g_array_new (FALSE, TRUE, sizeof (VigilRisk));
  g_array_set_clear_func (result.risks, analyzer_clear_risk);
  ctx.covered = g_new0 (gboolean, tokens->tokens->len + 1);
  ctx.place_spans = g_array_new (FALSE, FALSE, sizeof (PlaceSpan));
  ctx.demonym_countries = g_ptr_array_new ();
  find_listed_and_titled (&ctx);
  g_clear_pointer (&ctx.calm_terms, g_ptr_array_unref);
  g_array_unref (ctx.place_spans);
  g_ptr_array_unref (ctx.demonym_countries);
  g_array_unref (result.entities);
  g_array_unref (result.risks);
  g_free (ctx.covered);
}
