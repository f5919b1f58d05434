/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analyzer-merge.c — the tagger's names joined with the lists': spans
 * trimmed and extended (titles, regnal numbers, "of" in organisation names,
 * sites such as "Andrews Air Force Base"), and a tagged name that agrees with
 * a listed one gives way to it. */
#include "config.h"

#include "vigil-analyzer-private.h"
#include "vigil-tagger.h"

#include <string.h>

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

/* Token i read as a person has a person's context: "said" after it, a title
 * before it. */
static gboolean
person_context (Ctx *ctx, guint i)
{
  guint n = ctx->tokens->tokens->len;

  if (i + 1 < n && !hard_gap (ctx, i, i + 1)
      && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, i + 1)) & WORD_SPEECH))
    return TRUE;
  return i > 0 && !hard_gap (ctx, i - 1, i)
         && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, i - 1)) & WORD_HONORIFIC);
}

typedef struct
{
  GArray *listed;
  gboolean *dropped;
  guint next; /* the first listed entity that may still overlap a tagged name */
  const guint8 *tags;
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
      && !(analyzer_word_classes (vigil_tokens_get (ctx->tokens, i + 1)) & WORD_JOINER))
    return FALSE; /* "when Henry I said" is rarer than "I" after a name */
  return TRUE;
}

/* "Wright-Patterson": the two tokens are joined by a bare hyphen. */
static gboolean
hyphen_joined (Ctx *ctx, guint a)
{
  const char *gap = ctx->text + vigil_tokens_get (ctx->tokens, a)->byte_end;
  const char *end = ctx->text + vigil_tokens_get (ctx->tokens, a + 1)->byte_start;

  return (end - gap == 1 && gap[0] == '-') || (end - gap == 3 && memcmp (gap, "\u2010", 3) == 0);
}

/* "Ikiriko-George", "Ogu-Bolo": the tagger began a name after the hyphen of
 * one; the capitalised word before it is the name's start, unless the lists
 * know it ("Russia-Ukraine") or it is an ordinary word ("Anti-Taliban",
 * "North-West"). */
static guint
hyphenated_start (Ctx *ctx, const guint8 *tags, guint first)
{
  while (first > 0 && tags[first - 1] == VIGIL_TAG_O && hyphen_joined (ctx, first - 1)
         && ctx->classes[first - 1] == VIGIL_NAME_CLASS_NONE)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, first - 1);
      if (!(t->flags & VIGIL_TOKEN_CAPITALIZED) || (t->flags & VIGIL_TOKEN_ALL_UPPER)
          || vigil_tagger_is_common_word (t))
        break;
      first--;
    }
  return first;
}

/* Whether a one-word name the tagger found is an article ("The blaze burned
 * for hours", "A man fled"): never a name alone, whatever the lists. (Other
 * ordinary words that open a sentence were tried too, and cost more names
 * than they saved on the corpora: "Bush said", "Young was".) */
static gboolean
article_alone (Ctx *ctx, guint k)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, k);

  return !(t->flags & VIGIL_TOKEN_ALL_UPPER) && (analyzer_word_classes (t) & WORD_ARTICLE);
}

/* Token i is "A" or "An" opening a sentence, before a word not in capitals
 * (not a dateline's "A CORUNA"). */
static gboolean
indefinite_article_opening (Ctx *ctx, guint i)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);

  return (t->flags & VIGIL_TOKEN_SENTENCE_START) && i + 1 < ctx->tokens->tokens->len
         && !(vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_ALL_UPPER)
         && (g_str_equal (t->folded, "a") || g_str_equal (t->folded, "an"));
}

/* A lower-case word after a name that says the name is a site or an area:
 * "Ain al-Asad air base", "the Zaatari refugee camp", "Anbar province". */
static gboolean
place_word_after (Ctx *ctx, guint k, VigilEntityType type)
{
  guint n = ctx->tokens->tokens->len;
  VigilToken *t = vigil_tokens_get (ctx->tokens, k);
  guint cls = analyzer_word_classes (t);
  VigilToken *next;

  if (t->flags & VIGIL_TOKEN_CAPITALIZED)
    return FALSE;
  /* "the Trump base", "the Navalny prison sentence": a person's name before
   * the word alone stays a person's; "air base", "refugee camp" say more. */
  if (cls & WORD_PLACE_AFTER)
    return type != VIGIL_ENTITY_PERSON;
  if (!(cls & WORD_FACILITY_KIND) || k + 1 >= n || hard_gap (ctx, k, k + 1))
    return FALSE;
  next = vigil_tokens_get (ctx->tokens, k + 1);
  return !(next->flags & VIGIL_TOKEN_CAPITALIZED)
         && ((analyzer_word_classes (next) & WORD_PLACE_AFTER)
             || g_str_equal (next->folded, "camp"));
}

/* The first token of the listed country or region that name first to last
 * ends in (the whole of the listed name, more than the name's first word),
 * or 0 when it ends in none. */
static guint
place_at_end (Ctx *ctx, guint first, guint last)
{
  guint n = ctx->tokens->tokens->len, k = last;

  while (k > first && ctx->classes[k] == (VIGIL_NAME_CLASS_PLACE | VIGIL_NAME_CLASS_INSIDE))
    k--;
  if (k == first || ctx->classes[k] != VIGIL_NAME_CLASS_PLACE
      || (last + 1 < n && (ctx->classes[last + 1] & VIGIL_NAME_CLASS_INSIDE)))
    return 0;
  return k;
}

/* Tokens first to last are one listed place's whole name ("Ballarat"). */
static gboolean
listed_place (Ctx *ctx, guint first, guint last)
{
  guint8 cls = ctx->classes[first];

  if (cls != VIGIL_NAME_CLASS_PLACE && cls != VIGIL_NAME_CLASS_SUBDIVISION
      && cls != VIGIL_NAME_CLASS_CITY)
    return FALSE;
  for (guint j = first + 1; j <= last; j++)
    if (ctx->classes[j] != (cls | VIGIL_NAME_CLASS_INSIDE))
      return FALSE;
  return last + 1 >= ctx->tokens->tokens->len
         || !(ctx->classes[last + 1] & VIGIL_NAME_CLASS_INSIDE);
}

/* "Sony Australia", "Vodafone Egypt", "Oxfam Australia": a company's or a
 * body's branch in a country, not a place. The name ends in a listed country
 * or region (from token k, see place_at_end()), and the words before it are
 * a listed organisation's whole name, or no ordinary words and no listed
 * name ("South Australia", "Lower Saxony", "Hamburg Germany" stay places;
 * merge_one() has left out towns, "Duncraig Australia"). */
static gboolean
branch_of_company (Ctx *ctx, guint first, guint k)
{
  if (ctx->classes[first] == VIGIL_NAME_CLASS_ORGANIZATION)
    {
      for (guint j = first + 1; j < k; j++)
        if (ctx->classes[j] != (VIGIL_NAME_CLASS_ORGANIZATION | VIGIL_NAME_CLASS_INSIDE))
          return FALSE;
      return !hard_gap (ctx, k - 1, k) && !analyzer_spaced_dash (ctx, k - 1, k);
    }
  for (guint j = first; j < k; j++)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, j);
      if (!(t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER))
          || ctx->classes[j] != VIGIL_NAME_CLASS_NONE || vigil_tagger_is_common_word (t)
          || hard_gap (ctx, j, j + 1) || analyzer_spaced_dash (ctx, j, j + 1))
        return FALSE;
    }
  return TRUE;
}

/* A tagged name followed by capitalised words that end in a site's head word
 * is that site ("Andrews Air Force Base", where the model stopped at "Air"),
 * and a name before a lower-case site word is a place. Returns the name's
 * last token; *type becomes a location when the words say so. */
static guint
site_after_name (Ctx *ctx, const guint8 *tags, guint last, VigilEntityType *type)
{
  guint n = ctx->tokens->tokens->len, end = last;

  for (guint k = last + 1; k < n && k <= last + 4; k++)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, k);
      if (tags[k] != VIGIL_TAG_O || hard_gap (ctx, k - 1, k) || analyzer_spaced_dash (ctx, k - 1, k)
          || !(t->flags & VIGIL_TOKEN_CAPITALIZED) || (t->flags & VIGIL_TOKEN_SENTENCE_START))
        break;
      if (analyzer_word_classes (t) & WORD_FACILITY)
        end = k;
    }
  if (end > last)
    *type = VIGIL_ENTITY_LOCATION;
  else if (last + 1 < n && !hard_gap (ctx, last, last + 1)
           && place_word_after (ctx, last + 1, *type))
    *type = VIGIL_ENTITY_LOCATION;
  return end;
}

/* "Department of Housing and Urban Development", "Ministry of Foreign
 * Affairs and International Cooperation": an organisation's "X of Y" name
 * goes on through "and" or "&" to capitalised ordinary words the model cut
 * off; not to another name ("the Bank of England and Barclays", "the
 * Ministry of Defence and Britain"). Returns the name's last token. */
static guint
of_name_and (Ctx *ctx, const guint8 *tags, guint first, guint last)
{
  guint n = ctx->tokens->tokens->len, k, end;
  gboolean of = FALSE;

  for (guint i = first + 1; i < last && !of; i++)
    of = g_str_equal (vigil_tokens_get (ctx->tokens, i)->folded, "of")
         || g_str_equal (vigil_tokens_get (ctx->tokens, i)->folded, "for");
  if (!of || last + 2 >= n || hard_gap (ctx, last, last + 1))
    return last;
  k = last + 1;
  if (g_str_equal (vigil_tokens_get (ctx->tokens, k)->folded, "and"))
    k++;
  else if (!memchr (ctx->text + vigil_tokens_get (ctx->tokens, last)->byte_end, '&',
                    vigil_tokens_get (ctx->tokens, k)->byte_start
                        - vigil_tokens_get (ctx->tokens, last)->byte_end))
    return last;
  end = k;
  while (end < n && end < k + 4 && !hard_gap (ctx, end - 1, end))
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, end);
      guint8 tag = tags[end];
      if (!(t->flags & VIGIL_TOKEN_CAPITALIZED)
          || (t->flags & (VIGIL_TOKEN_ALL_UPPER | VIGIL_TOKEN_SENTENCE_START))
          || (tag != VIGIL_TAG_O && VIGIL_TAG_TYPE (tag) != 2) || !vigil_tagger_is_common_word (t)
          || (ctx->classes[end] & ~VIGIL_NAME_CLASS_INSIDE) != 0)
        break;
      end++;
    }
  /* At least one word, and the whole capitalised run. */
  if (end == k
      || (end < n && !hard_gap (ctx, end - 1, end)
          && (vigil_tokens_get (ctx->tokens, end)->flags & VIGIL_TOKEN_CAPITALIZED)
          && !(vigil_tokens_get (ctx->tokens, end)->flags & VIGIL_TOKEN_SENTENCE_START)))
    return last;
  return end - 1;
}

/* The words before a one-word name that the model reads as a person or an
 * organisation say it is a place: "in Azaz", "near Tioman" (not "in
 * Smith's", and not a name the lists or the model know as a person's). */
static gboolean hyphen_joined (Ctx *ctx, guint a);

/* The tokens from first to last are one word of parts joined by hyphens
 * ("Ebute-Metta", "Pont-Sainte-Maxence"). */
static gboolean
hyphenated_word (Ctx *ctx, guint first, guint last)
{
  if (last <= first)
    return FALSE;
  for (guint k = first; k < last; k++)
    if (!hyphen_joined (ctx, k))
      return FALSE;
  return TRUE;
}

/* The word from i to last (one token, or parts joined by hyphens) is after
 * "in", "near"...: a place's context. */
static gboolean
place_context_word (Ctx *ctx, guint i, guint last)
{
  static const char *const before[]
      = { "in", "into", "near", "outside", "around", "dans", "près", NULL };
  guint n = ctx->tokens->tokens->len;
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);

  if (i == 0 || hard_gap (ctx, i - 1, i) || (t->flags & VIGIL_TOKEN_SENTENCE_START)
      || (t->flags & VIGIL_TOKEN_ALL_UPPER)
      || (ctx->classes[i] & ~VIGIL_NAME_CLASS_INSIDE) != VIGIL_NAME_CLASS_NONE)
    return FALSE;
  if (last + 1 < n && (vigil_tokens_get (ctx->tokens, last + 1)->flags & VIGIL_TOKEN_JOINED_PREV))
    return FALSE; /* "in Smith's view" */
  return g_strv_contains (before, vigil_tokens_get (ctx->tokens, i - 1)->folded);
}

static gboolean
place_context (Ctx *ctx, guint i)
{
  return place_context_word (ctx, i, i);
}

/* The countries of the places found so far, and of the demonyms: a town of
 * one of them wins over a larger one elsewhere. NULL-ended, at most size - 1. */
static void
mentioned_countries (Ctx *ctx, Merge *m, const char **out, guint size)
{
  guint k = 0;

  for (guint e = 0; e < m->listed->len && k + 1 < size; e++)
    {
      const VigilEntity *ent = &g_array_index (m->listed, VigilEntity, e);
      if (ent->type == VIGIL_ENTITY_LOCATION && ent->country != NULL && !m->dropped[e])
        out[k++] = ent->country;
    }
  for (guint d = 0; ctx->result->demonyms && d < ctx->result->demonyms->len && k + 1 < size; d++)
    out[k++] = g_array_index (ctx->result->demonyms, VigilDemonym, d).country;
  out[k] = NULL;
}

/* A dateline: the words first to last open a paragraph in capitals, and a
 * comma and a listed place follow ("FILINGUE, Niger (Reuters) -"). */
static gboolean
dateline (Ctx *ctx, Merge *m, guint first, guint last)
{
  guint n = ctx->tokens->tokens->len;
  VigilToken *after;

  if (last + 1 >= n
      || (first > 0
          && !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_PARAGRAPH_START)))
    return FALSE;
  for (guint k = first; k <= last; k++)
    if (!(vigil_tokens_get (ctx->tokens, k)->flags & VIGIL_TOKEN_ALL_UPPER))
      return FALSE;
  if (memchr (ctx->text + vigil_tokens_get (ctx->tokens, last)->byte_end, ',',
              vigil_tokens_get (ctx->tokens, last + 1)->byte_start
                  - vigil_tokens_get (ctx->tokens, last)->byte_end)
      == NULL)
    return FALSE;
  after = vigil_tokens_get (ctx->tokens, last + 1);
  for (guint e = 0; e < m->listed->len; e++)
    {
      const VigilEntity *ent = &g_array_index (m->listed, VigilEntity, e);
      if (ent->start > after->start)
        break;
      if (ent->start == after->start && ent->type == VIGIL_ENTITY_LOCATION)
        return TRUE;
    }
  return FALSE;
}

/* "Seychelles and Tioman": the word after "and" or "or" follows a place the
 * lists know (a country, a city), not in a sentence's first words. */
static gboolean
after_listed_place (Ctx *ctx, Merge *m, guint i)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);
  VigilToken *joiner, *before;

  if (i < 2 || (t->flags & (VIGIL_TOKEN_SENTENCE_START | VIGIL_TOKEN_ALL_UPPER))
      || (ctx->classes[i] & ~VIGIL_NAME_CLASS_INSIDE) != VIGIL_NAME_CLASS_NONE
      || hard_gap (ctx, i - 1, i) || hard_gap (ctx, i - 2, i - 1))
    return FALSE;
  joiner = vigil_tokens_get (ctx->tokens, i - 1);
  if (!g_str_equal (joiner->folded, "and") && !g_str_equal (joiner->folded, "or"))
    return FALSE;
  before = vigil_tokens_get (ctx->tokens, i - 2);
  for (guint e = 0; e < m->listed->len; e++)
    {
      const VigilEntity *ent = &g_array_index (m->listed, VigilEntity, e);
      if (ent->start > before->start)
        break;
      if (ent->end == before->end && ent->type == VIGIL_ENTITY_LOCATION && !m->dropped[e])
        return TRUE;
    }
  return FALSE;
}

/* The text names token i by a kind of area: "the bordering regions of
 * Macedon", "the island of Tioman", "the Petén region", "the river Nestus"
 * (lower-case words: "the Regions of Quebec" is a name of its own). */
gboolean
analyzer_place_kind_after (Ctx *ctx, guint last)
{
  VigilToken *next;

  if (last + 1 >= ctx->tokens->tokens->len || hard_gap (ctx, last, last + 1))
    return FALSE;
  next = vigil_tokens_get (ctx->tokens, last + 1);
  return !(next->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER))
         && (analyzer_word_classes (next) & WORD_PLACE_KIND);
}

/* Token i comes after a kind of place and "of" in lower case ("the town of
 * Bir el-Abd", "the regions of Macedon"), not at a sentence's start. */
gboolean
analyzer_kind_of_place_before (Ctx *ctx, guint i)
{
  VigilToken *of, *kind;

  if (i < 2 || (vigil_tokens_get (ctx->tokens, i)->flags & VIGIL_TOKEN_SENTENCE_START)
      || hard_gap (ctx, i - 1, i) || hard_gap (ctx, i - 2, i - 1))
    return FALSE;
  of = vigil_tokens_get (ctx->tokens, i - 1);
  kind = vigil_tokens_get (ctx->tokens, i - 2);
  return g_str_equal (of->folded, "of")
         && !(kind->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER))
         && (analyzer_word_classes (kind) & WORD_PLACE_KIND);
}

static gboolean
place_kind_context (Ctx *ctx, guint i)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);

  if ((t->flags & VIGIL_TOKEN_ALL_UPPER)
      || (ctx->classes[i] & ~VIGIL_NAME_CLASS_INSIDE) != VIGIL_NAME_CLASS_NONE)
    return FALSE;
  if (analyzer_place_kind_after (ctx, i))
    return TRUE;
  if (i == 0 || hard_gap (ctx, i - 1, i) || (t->flags & VIGIL_TOKEN_SENTENCE_START))
    return FALSE;
  {
    VigilToken *prev = vigil_tokens_get (ctx->tokens, i - 1);
    if (!(prev->flags & VIGIL_TOKEN_CAPITALIZED)
        && (analyzer_word_classes (prev) & WORD_PLACE_BEFORE))
      return TRUE;
    return analyzer_kind_of_place_before (ctx, i);
  }
}

/* What the words around token i say of it, for analyzer_one_type_per_name():
 * a place ("into Thrace", "the regions of Macedon"), or a person ("Tremblay
 * said", "Mr Tremblay"). */
gboolean
analyzer_place_evidence (Ctx *ctx, guint i)
{
  return place_context (ctx, i) || place_kind_context (ctx, i);
}

gboolean
analyzer_person_evidence (Ctx *ctx, guint i)
{
  return person_context (ctx, i);
}

/* Whether the one-word person's name at token i is, by its context, a
 * place that no list knows (see merge_one()). */
static gboolean
unknown_place (Ctx *ctx, Merge *m, guint i)
{
  guint n = ctx->tokens->tokens->len;
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);

  if (!(place_context (ctx, i) || after_listed_place (ctx, m, i) || place_kind_context (ctx, i))
      || person_context (ctx, i))
    return FALSE;
  for (guint k = 0; k < n; k++)
    {
      VigilToken *o = vigil_tokens_get (ctx->tokens, k);
      if (k == i || o->hash != t->hash || strcmp (o->folded, t->folded) != 0)
        continue;
      if (m->tags[k] == VIGIL_TAG_I_PER
          || (m->tags[k] == VIGIL_TAG_B_PER && k + 1 < n && m->tags[k + 1] == VIGIL_TAG_I_PER))
        return FALSE; /* part of a longer person's name */
      if (person_context (ctx, k))
        return FALSE;
    }
  return TRUE;
}

/* The name from first to last is an empire's: its last word is "Empire"
 * ("the Roman Empire"), or "empire" follows it ("the Habsburg empire"). */
static gboolean
empire (Ctx *ctx, guint first, guint last)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, last);

  if (last > first && (t->flags & VIGIL_TOKEN_CAPITALIZED) && !(t->flags & VIGIL_TOKEN_ALL_UPPER)
      && g_str_equal (t->folded, "empire"))
    return TRUE;
  if (last + 1 >= ctx->tokens->tokens->len || !analyzer_name_gap (ctx, last, last + 1))
    return FALSE;
  t = vigil_tokens_get (ctx->tokens, last + 1);
  return !(t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER))
         && g_str_equal (t->folded, "empire");
}

/* Merges the name the tagger read from first to last; returns its last
 * token when the name was added (the rules may take it further, "University
 * of NSW"), else last. */
static guint
merge_one (Ctx *ctx, Merge *m, guint first, guint last, VigilEntityType type)
{
  VigilToken *a, *b;
  gboolean keep = TRUE;
  guint e, place, tagged_last = last;

  /* "Al-Qa'im": a lower-case part after an apostrophe belongs to the name
   * (but not "'s", "'re"…). */
  while (last + 1 < ctx->tokens->tokens->len && apostrophe_part (ctx, last + 1))
    last++;
  /* A name is capitalised at both ends ("University of" is not one). */
  while (first <= last && !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_CAPITALIZED))
    first++;
  while (last > first && !(vigil_tokens_get (ctx->tokens, last)->flags & VIGIL_TOKEN_CAPITALIZED)
         && !apostrophe_part (ctx, last)
         && !(type == VIGIL_ENTITY_ORGANIZATION && analyzer_party_after (ctx, first, last)))
    last--;
  /* A person's name without the title or honorific before it. */
  if (type == VIGIL_ENTITY_PERSON)
    while (first < last
           && ((ctx->classes[first] & ~VIGIL_NAME_CLASS_INSIDE) == VIGIL_NAME_CLASS_TITLE
               || analyzer_is_honorific (vigil_tokens_get (ctx->tokens, first))))
      first++;
  /* "A Guji zone official said": the article that opens the sentence is no
   * part of the name (a person's initial is written "A. Rahman"; a place
   * the lists know, "A Coruña", "An Nasiriyah", keeps it). */
  if (first < last && indefinite_article_opening (ctx, first) && !listed_place (ctx, first, last))
    first++;
  if (first > last || !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_CAPITALIZED))
    return tagged_last;
  /* "Honduras' Bay Islands", "the Philippines' Sulu": a listed place's
   * possessive, then the place of it, are two places. */
  for (guint k = first; k < last; k++)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, k);
      const char *gap = ctx->text + t->byte_end;
      gsize len = strlen (t->folded);

      if (len > 1 && t->folded[len - 1] == 's'
          && ((gap[0] == '\'' && gap[1] == ' ') || g_str_has_prefix (gap, "\u2019 "))
          && listed_place (ctx, first, k))
        {
          merge_one (ctx, m, first, k, VIGIL_ENTITY_LOCATION);
          merge_one (ctx, m, k + 1, last, type);
          return tagged_last;
        }
    }
  /* "the Australian Open", "the Davis Cup": a contest's name. */
  if (last > first && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, last)) & WORD_EVENT))
    return tagged_last;
  if (type == VIGIL_ENTITY_PERSON)
    {
      guint8 cls = ctx->classes[first] & ~VIGIL_NAME_CLASS_INSIDE;
      guint n = ctx->tokens->tokens->len;

      /* A title or a demonym alone is nobody ("the Secretary", "a German"). */
      if (first == last
          && (cls == VIGIL_NAME_CLASS_TITLE || cls == VIGIL_NAME_CLASS_DEMONYM
              || analyzer_is_honorific (vigil_tokens_get (ctx->tokens, first))))
        return tagged_last;
      /* "Henry I", "Louis XIV": the regnal number is part of the name. */
      if (last + 1 < n && !hard_gap (ctx, last, last + 1)
          && !(vigil_tokens_get (ctx->tokens, last + 1)->flags & VIGIL_TOKEN_SENTENCE_START)
          && roman_numeral (ctx, last + 1))
        last++;
    }
  /* "… Brigades", "Ministry of …": the head word says organisation. */
  if (type != VIGIL_ENTITY_ORGANIZATION && last > first
      && ((analyzer_word_classes (vigil_tokens_get (ctx->tokens, last))
           | analyzer_word_classes (vigil_tokens_get (ctx->tokens, first)))
          & WORD_ORG_HEAD))
    type = VIGIL_ENTITY_ORGANIZATION;
  /* "the Ottoman Empire", "the Habsburg empire": a state of the past, which
   * acted as one (a polity, as Universal NER reads it), not a place on
   * today's map. Not a person's ("the Murdoch empire"). */
  if (type == VIGIL_ENTITY_LOCATION && empire (ctx, first, last))
    type = VIGIL_ENTITY_ORGANIZATION;
  if (type == VIGIL_ENTITY_LOCATION && last > first
      && (place = place_at_end (ctx, first, last)) > 0)
    {
      VigilEntry town;

      /* "Duncraig Australia", "Ballarat Australia": a town (one the lists
       * leave out, or a listed place), then its country, are two places
       * (the country's listed entry stays). */
      if ((ctx->gazetteer != NULL && place - first < MAX_NAME_TOKENS
           && vigil_gazetteer_lookup_town (ctx->gazetteer, ctx->tokens, first, place - first, NULL,
                                           &town))
          || listed_place (ctx, first, place - 1))
        return merge_one (ctx, m, first, place - 1, VIGIL_ENTITY_LOCATION);
      if (branch_of_company (ctx, first, place))
        type = VIGIL_ENTITY_ORGANIZATION;
    }
  /* "Ramstein Air Base", "Rashid Street": a site, whatever the model read. */
  if (type != VIGIL_ENTITY_LOCATION && last > first
      && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, last)) & WORD_FACILITY))
    type = VIGIL_ENTITY_LOCATION;
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
           && analyzer_name_gap (ctx, first - 1, first))
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
           * the tagger reads as a person or organisation. A city of millions
           * stays one against an organisation, and against a one-word person
           * with no person's context ("Barcelona is", not "Dallas said"). */
          if (ent->type != type && ent->type == VIGIL_ENTITY_LOCATION
              && !(ent->prominent && type == VIGIL_ENTITY_ORGANIZATION)
              && !(ent->prominent && type == VIGIL_ENTITY_PERSON && first == last
                   && !person_context (ctx, first))
              && !analyzer_listed_with_authority (ctx, first) && !in_capitals (ctx, first, last))
            m->dropped[e] = TRUE;
          else
            keep = FALSE;
        }
      else if (ent->start < a->start || ent->end > b->end + 1)
        keep = FALSE; /* inside a listed name, or across one */
    }
  if (!keep)
    return tagged_last;
  /* "TASHKENT, Nov 2 (Reuters) -": a month before a day's number is a date. */
  if (first == last && first + 1 < ctx->tokens->tokens->len
      && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, first)) & WORD_MONTH)
      && g_ascii_isdigit (*vigil_tokens_get (ctx->tokens, first + 1)->folded))
    return last;
  /* A longer name around listed ones replaces them. */
  for (guint k = m->next; k < e; k++)
    m->dropped[k] = TRUE;
  /* A small town ("Banibangou"), from the tier the lists leave out, where
   * the model reads a place, or a one-word name after "in" or "near", or
   * named by a kind of place ("a rural area of Anorí", "the mayor of
   * Kaabong"). */
  if (dateline (ctx, m, first, last))
    type = VIGIL_ENTITY_LOCATION;
  /* "near New Bussa", "in Port Loko": a town's first word the model left
   * out of the name (it reads "Bussa" alone, as a person). */
  if (first > 0 && last - first + 1 < MAX_NAME_TOKENS && ctx->gazetteer != NULL
      && (type == VIGIL_ENTITY_LOCATION || type == VIGIL_ENTITY_PERSON)
      && m->tags[first - 1] == VIGIL_TAG_O
      && (vigil_tokens_get (ctx->tokens, first - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
      && !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_SENTENCE_START)
      && analyzer_name_gap (ctx, first - 1, first) && place_context (ctx, first - 1))
    {
      VigilEntry town;
      const char *countries[17];

      mentioned_countries (ctx, m, countries, G_N_ELEMENTS (countries));
      if (vigil_gazetteer_lookup_town (ctx->gazetteer, ctx->tokens, first - 1, last - first + 2,
                                       countries, &town)
          && !town.ordinary_word)
        {
          analyzer_add_entity (ctx, first - 1, last, VIGIL_ENTITY_LOCATION, town.canonical, &town);
          return last;
        }
    }
  if (last - first < MAX_NAME_TOKENS && ctx->gazetteer != NULL
      && (type == VIGIL_ENTITY_LOCATION
          || (first == last && (place_context (ctx, first) || place_kind_context (ctx, first)))
          || (hyphenated_word (ctx, first, last) && place_context_word (ctx, first, last))))
    {
      VigilEntry town;
      const char *countries[17];

      mentioned_countries (ctx, m, countries, G_N_ELEMENTS (countries));
      if (vigil_gazetteer_lookup_town (ctx->gazetteer, ctx->tokens, first, last - first + 1,
                                       countries, &town)
          && (type == VIGIL_ENTITY_LOCATION || !town.ordinary_word))
        {
          analyzer_add_entity (ctx, first, last, VIGIL_ENTITY_LOCATION, town.canonical, &town);
          return last;
        }
    }
  /* "fighting in Thrace", "a resort near Tioman": a word the model reads as
   * a person, that no list knows, after "in" or "near", is a place, unless a
   * person's context says otherwise ("Tioman said") or the text names a
   * person by it and another word ("John Tioman"). */
  if (type == VIGIL_ENTITY_PERSON && first == last && unknown_place (ctx, m, first))
    type = VIGIL_ENTITY_LOCATION;
  /* "Al-Raqqa province", "the Wadi Khaled region", "the village of Ywa
   * Thit": a longer name too, unless
   * a person's context says otherwise ("Governor Ahmad Shah district…"). */
  if (type == VIGIL_ENTITY_PERSON && first < last
      && (analyzer_place_kind_after (ctx, last) || analyzer_kind_of_place_before (ctx, first))
      && !person_context (ctx, first))
    type = VIGIL_ENTITY_LOCATION;
  analyzer_add_entity (ctx, first, last, type, NULL, NULL);
  return last;
}

/* Sorts the entities by start; most arrays come sorted, and are left alone. */
void
analyzer_sort_entities (GArray *ents)
{
  for (guint e = 1; e < ents->len; e++)
    if (g_array_index (ents, VigilEntity, e - 1).start > g_array_index (ents, VigilEntity, e).start)
      {
        g_array_sort (ents, analyzer_compare_entities);
        return;
      }
}

void
analyzer_merge_tagged (Ctx *ctx, const guint8 *tags)
{
  guint n = ctx->tokens->tokens->len;
  GArray *listed = ctx->result->entities; /* sorted by start, no two overlap */
  g_autoptr (GArray) own_tagged = NULL, own_copy = NULL, own_flags = NULL;
  GArray *tagged = ctx->spare_entities, *copy = ctx->spare_listed, *flags = ctx->spare_flags;
  Merge m = { listed, NULL, 0, tags };
  guint a = 0, b = 0;

  if (tagged == NULL)
    {
      tagged = own_tagged = g_array_new (FALSE, FALSE, sizeof (VigilEntity));
      copy = own_copy = g_array_new (FALSE, FALSE, sizeof (VigilEntity));
      flags = own_flags = g_array_new (FALSE, FALSE, sizeof (gboolean));
    }
  g_array_set_size (tagged, 0);
  g_array_set_size (flags, listed->len + 1);
  memset (flags->data, 0, (listed->len + 1) * sizeof (gboolean));
  m.dropped = (gboolean *) flags->data;

  analyzer_sort_entities (listed);
  ctx->result->entities = tagged; /* analyzer_add_entity() appends there, in text order */
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
              && !(t->flags & VIGIL_TOKEN_ALL_UPPER) && (analyzer_word_classes (t) & WORD_ORG_HEAD)
              && i + 2 < n && !hard_gap (ctx, i, i + 1)
              && (g_str_equal (vigil_tokens_get (ctx->tokens, i + 1)->folded, "of")
                  || g_str_equal (vigil_tokens_get (ctx->tokens, i + 1)->folded, "for"))
              && (vigil_tokens_get (ctx->tokens, i + 2)->flags & VIGIL_TOKEN_CAPITALIZED))
            {
              i = merge_one (ctx, &m, i, i, VIGIL_ENTITY_ORGANIZATION) + 1;
              continue;
            }
          /* "lives in Ebute-Metta": a town of the lists written in parts
           * joined by hyphens, after "in" or "near", that the tagger left
           * out (not a word alone: "in English" is no town of Indiana). */
          if (tags[i] == VIGIL_TAG_O && (t->flags & VIGIL_TOKEN_CAPITALIZED)
              && ctx->gazetteer != NULL && ctx->classes[i] == VIGIL_NAME_CLASS_NONE)
            {
              guint end = i;
              VigilEntry town;

              while (end + 1 < n && end - i + 1 < MAX_NAME_TOKENS && tags[end + 1] == VIGIL_TAG_O
                     && hyphen_joined (ctx, end)
                     && (vigil_tokens_get (ctx->tokens, end + 1)->flags & VIGIL_TOKEN_CAPITALIZED))
                end++;
              if (end > i && place_context_word (ctx, i, end)
                  && vigil_gazetteer_lookup_town (ctx->gazetteer, ctx->tokens, i, end - i + 1, NULL,
                                                  &town)
                  && !town.ordinary_word)
                {
                  i = merge_one (ctx, &m, i, end, VIGIL_ENTITY_LOCATION) + 1;
                  continue;
                }
            }
          i++;
          continue;
        }
      last = i;
      while (last + 1 < n && tags[last + 1] == tags[i] + 1)
        last++;
      type = tag_entity_type (tags[first]);
      if (first == last && article_alone (ctx, first))
        {
          i = last + 1;
          continue;
        }
      first = hyphenated_start (ctx, tags, first);
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
          if (!(analyzer_word_classes (vigil_tokens_get (ctx->tokens, end))
                & (WORD_ORG_HEAD | WORD_PLACE_HEAD)))
            break;
          type = tag_entity_type (tags[next]);
          last = end;
        }
      /* "Evergreen Aviation & Space Museum": capitalised words before "&"
       * that the model left out belong to the name after it, when that ends
       * in a head word. */
      if (first > 0 && tags[first - 1] == VIGIL_TAG_O
          && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, last))
              & (WORD_ORG_HEAD | WORD_PLACE_HEAD))
          && memchr (ctx->text + vigil_tokens_get (ctx->tokens, first - 1)->byte_end, '&',
                     vigil_tokens_get (ctx->tokens, first)->byte_start
                         - vigil_tokens_get (ctx->tokens, first - 1)->byte_end))
        {
          guint start = first;

          while (start > 0 && first - start < 4 && tags[start - 1] == VIGIL_TAG_O
                 && (start == first || !hard_gap (ctx, start - 1, start))
                 && ctx->classes[start - 1] == VIGIL_NAME_CLASS_NONE)
            {
              VigilToken *t = vigil_tokens_get (ctx->tokens, start - 1);
              if (!(t->flags & VIGIL_TOKEN_CAPITALIZED) || (t->flags & VIGIL_TOKEN_ALL_UPPER)
                  || (analyzer_word_classes (t) & WORD_ARTICLE))
                break;
              start--;
              if (t->flags & VIGIL_TOKEN_SENTENCE_START)
                break;
            }
          first = start;
        }
      /* "Wright-Patterson": a hyphen with no space around it does not cut a
       * name the model began again after it; but names the lists know stay
       * two ("the Russia-Ukraine war", "the Lagos-Abuja road") unless a
       * site's name goes on after them ("Wright-Patterson Air Force Base"). */
      while (last + 1 < n && VIGIL_TAG_IS_BEGIN (tags[last + 1]) && hyphen_joined (ctx, last))
        {
          guint8 inside = tags[last + 1] + 1;
          guint end = last + 1;
          VigilEntityType site = type;

          while (end + 1 < n && tags[end + 1] == inside)
            end++;
          if ((ctx->classes[first] != VIGIL_NAME_CLASS_NONE
               || ctx->classes[last + 1] != VIGIL_NAME_CLASS_NONE)
              && site_after_name (ctx, tags, end, &site) == end)
            break;
          last = end;
        }
      last = site_after_name (ctx, tags, last, &type);
      if (type == VIGIL_ENTITY_ORGANIZATION)
        last = of_name_and (ctx, tags, first, last);
      /* "the Labour party": the word is part of the party's name. */
      if (analyzer_party_after (ctx, first, last + 1))
        {
          last++;
          type = VIGIL_ENTITY_ORGANIZATION;
        }
      i = last + 1;
      /* Cut where punctuation says two names meet ("Ankara - A quake"); an
       * article opening what follows the cut is no name's. */
      for (guint k = first + 1; k <= last; k++)
        if (hard_gap (ctx, k - 1, k) || analyzer_spaced_dash (ctx, k - 1, k))
          {
            merge_one (ctx, &m, first, k - 1, type);
            first = k;
            while (
                first <= last
                && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, first)) & WORD_ARTICLE))
              first++;
            k = first;
          }
      if (first > last)
        continue;
      /* "Lake Edward" where the model read "Edward" alone: the capitalised
       * word of a place's kind before the name is its first word. */
      if (first > 0 && tags[first - 1] == VIGIL_TAG_O
          && ctx->classes[first - 1] == VIGIL_NAME_CLASS_NONE
          && (vigil_tokens_get (ctx->tokens, first - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
          && !(vigil_tokens_get (ctx->tokens, first - 1)->flags & VIGIL_TOKEN_ALL_UPPER)
          && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, first - 1)) & WORD_PLACE_FIRST)
          && analyzer_name_gap (ctx, first - 1, first))
        first--;
      /* "Mount Marapi", "Lake Chad": a place, whatever the model thought. */
      if (last > first
          && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, first)) & WORD_PLACE_FIRST))
        type = VIGIL_ENTITY_LOCATION;
      /* A name the rules took on past the tagger's ("University of" and
       * "NSW"): the tagger's names inside it are read. */
      last = merge_one (ctx, &m, first, last, type);
      i = MAX (i, last + 1);
    }
  /* Both lists are in text order: one merge pass, back into listed (its
   * entities moved aside first, its room kept). */
  g_array_set_size (copy, 0);
  g_array_append_vals (copy, listed->data, listed->len);
  g_array_set_clear_func (listed, NULL);
  g_array_set_size (listed, 0);
  g_array_set_clear_func (listed, analyzer_clear_entity);
  while (a < copy->len || b < tagged->len)
    {
      VigilEntity *x = NULL;

      while (a < copy->len && m.dropped[a])
        analyzer_clear_entity (&g_array_index (copy, VigilEntity, a++));
      if (a < copy->len
          && (b >= tagged->len
              || g_array_index (copy, VigilEntity, a).start
                     <= g_array_index (tagged, VigilEntity, b).start))
        x = &g_array_index (copy, VigilEntity, a++);
      else if (b < tagged->len)
        x = &g_array_index (tagged, VigilEntity, b++);
      if (x != NULL)
        g_array_append_val (listed, *x);
    }
  /* Moved into listed, or cleared above. */
  g_array_set_size (copy, 0);
  g_array_set_size (tagged, 0);
  ctx->result->entities = listed;
}
