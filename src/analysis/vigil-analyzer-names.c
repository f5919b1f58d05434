/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analyzer-names.c — organisations and people by rule,
 * acronyms and later mentions linked, one type per name. */
#include "config.h"

#include "vigil-analyzer-private.h"

#include <string.h>

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
              && (!(analyzer_name_gap (ctx, k - 1, k) || ampersand_gap (ctx, k - 1, k))
                  || (tok->flags & VIGIL_TOKEN_SENTENCE_START))))
        break;
      if (tok->flags & VIGIL_TOKEN_CAPITALIZED)
        {
          last = k;
          continue;
        }
      if (k > i && k + 1 < n && !ctx->covered[k + 1]
          && (vigil_tokens_get (ctx->tokens, k + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
          && (analyzer_word_classes (tok) & (WORD_JOINER | WORD_PARTICLE)))
        continue;
      /* "Department of the Treasury" */
      if (k > i && k + 2 < n && !ctx->covered[k + 2] && (analyzer_word_classes (tok) & WORD_JOINER)
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
    return analyzer_name_gap (ctx, i - 1, i) || ampersand_gap (ctx, i - 1, i);
  return i >= 2 && ctx->covered[i - 2] && analyzer_name_gap (ctx, i - 2, i - 1)
         && analyzer_name_gap (ctx, i - 1, i)
         && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, i - 1)) & WORD_JOINER);
}

/* "the Republican party", "the Labour party": token k is "party" in lower
 * case right after the name that ends at k - 1 (from first), which names no
 * holiday ("a Christmas party"). */
gboolean
analyzer_party_after (Ctx *ctx, guint first, guint k)
{
  VigilToken *t;

  if (k >= ctx->tokens->tokens->len || k == 0 || !analyzer_name_gap (ctx, k - 1, k))
    return FALSE;
  t = vigil_tokens_get (ctx->tokens, k);
  if ((t->flags & VIGIL_TOKEN_CAPITALIZED) || !g_str_equal (t->folded, "party"))
    return FALSE;
  for (guint i = first; i < k; i++)
    if (analyzer_word_classes (vigil_tokens_get (ctx->tokens, i)) & WORD_HOLIDAY)
      return FALSE;
  return TRUE;
}

/* "71st", "82nd", "4th": a unit's number. */
static gboolean
ordinal (const VigilToken *tok)
{
  const char *s = tok->folded;
  gsize len = strlen (s);

  if (len < 3 || len > 6 || !g_ascii_isdigit (s[0]))
    return FALSE;
  for (gsize i = 1; i < len - 2; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return g_str_has_suffix (s, "st") || g_str_has_suffix (s, "nd") || g_str_has_suffix (s, "rd")
         || g_str_has_suffix (s, "th");
}

/* "the 82nd Airborne Division", "Jordanian 71st Counter Terrorism
 * Battalion", "the Syrian 4th Armoured Division": a number, then capitalised
 * words that end in an organisation's head word or a unit's ("Division",
 * "Regiment", "Squadron", "Fleet"), is a military unit, with a demonym
 * before the number. Names found inside give way to it ("Infantry
 * Brigade"); a name that crosses it stays, and the unit is not taken. */
void
analyzer_find_units (Ctx *ctx)
{
  static const char *const units[] = { "division", "regiment", "squadron", "fleet", NULL };
  GArray *ents = ctx->result->entities;
  guint n = ctx->tokens->tokens->len;

  for (guint i = 0; i + 2 < n; i++)
    {
      guint first = i, last, k;
      gboolean crosses = FALSE;
      const VigilToken *head;

      if (!ordinal (vigil_tokens_get (ctx->tokens, i)))
        continue;
      for (k = i + 1; k < n && k <= i + 5 && analyzer_name_gap (ctx, k - 1, k); k++)
        {
          const VigilToken *t = vigil_tokens_get (ctx->tokens, k);
          if (!(t->flags & VIGIL_TOKEN_CAPITALIZED) || (t->flags & VIGIL_TOKEN_SENTENCE_START))
            break;
        }
      if (k == i + 1)
        continue;
      last = k - 1;
      head = vigil_tokens_get (ctx->tokens, last);
      if (!(analyzer_word_classes (head) & WORD_ORG_HEAD) && !g_strv_contains (units, head->folded))
        continue;
      if (i > 0 && (ctx->classes[i - 1] & ~VIGIL_NAME_CLASS_INSIDE) == VIGIL_NAME_CLASS_DEMONYM
          && (vigil_tokens_get (ctx->tokens, i - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
          && analyzer_name_gap (ctx, i - 1, i))
        first = i - 1;
      for (guint e = 0; e < ents->len && !crosses; e++)
        {
          const VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
          guint a = vigil_tokens_get (ctx->tokens, first)->start, b = head->end;
          crosses = ent->start < b && ent->end > a && (ent->start < a || ent->end > b);
        }
      if (crosses)
        continue;
      for (guint e = ents->len; e-- > 0;)
        {
          const VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
          if (ent->start >= vigil_tokens_get (ctx->tokens, first)->start && ent->end <= head->end)
            g_array_remove_index (ents, e);
        }
      analyzer_add_entity (ctx, first, last, VIGIL_ENTITY_ORGANIZATION, NULL, NULL);
      i = last;
    }
}

/* Names no list holds: "… Brigades", "Ministry of …" are organisations, "…
 * Museum", "… Base" places; two to four capitalised words next to "said" or
 * "told" are a person. */
void
analyzer_find_by_rules (Ctx *ctx, gboolean people)
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
      if ((analyzer_word_classes (tok) & WORD_ARTICLE) && i + 1 < n && !ctx->covered[i + 1]
          && analyzer_name_gap (ctx, i, i + 1)
          && (vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_CAPITALIZED))
        {
          i++;
          tok = vigil_tokens_get (ctx->tokens, i);
        }
      end = name_run (ctx, i);
      len = end - i;
      last_word = vigil_tokens_get (ctx->tokens, end - 1);
      if ((analyzer_word_classes (last_word) & WORD_ORG_HEAD) && i > 0 && ctx->covered[i - 1]
          && analyzer_name_gap (ctx, i - 1, i))
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
                  analyzer_add_entity (ctx, first, end - 1, VIGIL_ENTITY_ORGANIZATION, NULL, NULL);
                  len = 0; /* done */
                  break;
                }
            }
        }
      if (len == 0)
        ;
      else if (analyzer_party_after (ctx, i, end)
               && !(len == 1 && (tok->flags & VIGIL_TOKEN_SENTENCE_START)))
        analyzer_add_entity (ctx, i, end++, VIGIL_ENTITY_ORGANIZATION, NULL, NULL);
      else if (len >= 2
               && ((analyzer_word_classes (last_word) | analyzer_word_classes (tok))
                   & WORD_ORG_HEAD))
        analyzer_add_entity (ctx, i, end - 1, VIGIL_ENTITY_ORGANIZATION, NULL, NULL);
      else if (analyzer_kind_of_place_before (ctx, i) && !(tok->flags & VIGIL_TOKEN_ALL_UPPER))
        /* "near the town of Bir el-Abd", "the village of Ywa Thit": a
         * place, whatever its name, that neither list nor tagger knew. */
        analyzer_add_entity (ctx, i, end - 1, VIGIL_ENTITY_LOCATION, NULL, NULL);
      else if (len >= 2 && (analyzer_word_classes (last_word) & WORD_PLACE_HEAD)
               && !(tok->flags & VIGIL_TOKEN_ALL_UPPER) && !after_name (ctx, i))
        /* "Evergreen Aviation & Space Museum", "Kennedy Space Center". */
        analyzer_add_entity (ctx, i, end - 1, VIGIL_ENTITY_LOCATION, NULL, NULL);
      else
        {
          speech = (end < n
                    && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, end)) & WORD_SPEECH))
                   || (i > 0
                       && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, i - 1))
                           & WORD_SPEECH));
          if (people && speech && len >= 2 && len <= 4 && !(tok->flags & VIGIL_TOKEN_ALL_UPPER))
            analyzer_add_entity (ctx, i, end - 1, VIGIL_ENTITY_PERSON, NULL, NULL);
        }
      i = end;
    }
}

/* Makes ctx->token_at in *buf (of *room code points, grown as needed). */
void
analyzer_index_tokens (Ctx *ctx, guint **buf, gsize *room)
{
  guint n = ctx->tokens->tokens->len;
  gsize size = n > 0 ? vigil_tokens_get (ctx->tokens, n - 1)->start + 1 : 1;

  if (*room < size)
    {
      *room = MAX (size, 2 * *room);
      g_free (*buf);
      *buf = g_new (guint, *room);
    }
  memset (*buf, 0xff, size * sizeof (guint));
  for (guint i = 0; i < n; i++)
    (*buf)[vigil_tokens_get (ctx->tokens, i)->start] = i;
  ctx->token_at = *buf;
  ctx->n_token_at = size;
}

gboolean
analyzer_entity_tokens (Ctx *ctx, const VigilEntity *ent, guint *first, guint *last)
{
  guint lo = 0, hi = ctx->tokens->tokens->len;

  if (ctx->token_at != NULL)
    lo = ent->start < ctx->n_token_at ? ctx->token_at[ent->start] : G_MAXUINT;
  else
    while (lo < hi)
      {
        guint mid = lo + (hi - lo) / 2;
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

/* A place or name the lists hold with authority: the desk's lists and the
 * countries, not a town that shares its name with a person or a company. */
gboolean
analyzer_listed_with_authority (Ctx *ctx, guint first)
{
  guint8 cls = ctx->classes[first] & ~VIGIL_NAME_CLASS_INSIDE;

  return cls == VIGIL_NAME_CLASS_PERSON || cls == VIGIL_NAME_CLASS_ORGANIZATION
         || cls == VIGIL_NAME_CLASS_PLACE;
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

  if (!analyzer_entity_tokens (ctx, ent, &first, &last) || len < 2 || len > 8)
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

void
analyzer_link_acronyms (Ctx *ctx)
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

      if (!analyzer_entity_tokens (ctx, ent, &first, &last))
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
      if (analyzer_entity_tokens (ctx, &g_array_index (ents, VigilEntity, e), &first, &last))
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
          analyzer_add_entity (ctx, i, i, type, tab + 1, NULL);
          owner[i] = (gint) ents->len - 1;
        }
    }
}

/* A surname and the full name it stands for, unless one is there for it. */
static void
add_surname (VigilWordTable *surnames, GPtrArray *owned, VigilToken *word, const char *full)
{
  char *key, *value;

  if (vigil_word_table_lookup (surnames, word->hash, word->folded) != NULL)
    return;
  key = g_strdup (word->folded);
  value = g_strdup (full);
  g_ptr_array_add (owned, key);
  g_ptr_array_add (owned, value);
  vigil_word_table_insert (surnames, word->hash, key, value);
}

/* Later short mentions: a capitalised surname of a person already named in full. */
void
analyzer_resolve_short_mentions (Ctx *ctx)
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
  vigil_word_table_init_sized (&surnames, ents->len);
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
      if (g_str_equal (ent->canonical, ent->text)
          && analyzer_entity_tokens (ctx, ent, &first, &last))
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
      if (last > first && !analyzer_is_honorific (first_word))
        add_surname (&surnames, owned, last_word, ent->canonical);
      /* "Hector Villanueva Ruiz", later "Villanueva": a Spanish or
       * Portuguese name's first surname, when it is capitalised. */
      if (last >= first + 2 && !analyzer_is_honorific (first_word))
        {
          VigilToken *second = vigil_tokens_get (name != NULL ? name : ctx->tokens, last - 1);
          if ((second->flags & VIGIL_TOKEN_CAPITALIZED) && g_utf8_strlen (second->folded, -1) >= 4
              && !(analyzer_word_classes (second) & WORD_PARTICLE))
            add_surname (&surnames, owned, second, ent->canonical);
        }
    }
  /* Titled single names ("Mr Trump") take the full name too. */
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      VigilToken *last_word;
      guint first, last;
      const char *full;
      if (!analyzer_entity_tokens (ctx, ent, &first, &last))
        continue;
      last_word = vigil_tokens_get (ctx->tokens, last);
      full = vigil_word_table_lookup (&surnames, last_word->hash, last_word->folded);
      /* A surname the tagger took for something else ("Dbeibah" after "Hamid
       * Dbeibah"), unless a list says what it is. */
      if (ent->type != VIGIL_ENTITY_PERSON && full != NULL && first == last && ctx->classes != NULL
          && !analyzer_listed_with_authority (ctx, first))
        {
          ent->type = VIGIL_ENTITY_PERSON;
          g_clear_pointer (&ent->country, g_free);
          ent->has_geo = FALSE;
        }
      if (ent->type != VIGIL_ENTITY_PERSON)
        continue;
      if (full != NULL
          && (first == last || analyzer_is_honorific (vigil_tokens_get (ctx->tokens, first))))
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
      if (i + 1 < n && !ctx->covered[i + 1] && analyzer_name_gap (ctx, i, i + 1)
          && (vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
          && !(vigil_tokens_get (ctx->tokens, i + 1)->flags & VIGIL_TOKEN_SENTENCE_START))
        continue;
      analyzer_add_entity (ctx, i, i, VIGIL_ENTITY_PERSON, full, NULL);
    }
  vigil_word_table_clear (&surnames, NULL, NULL);
}

/* "South Africa are almost out", "England were beaten": a place's name
 * opening a sentence with a plural verb after it is the side that plays for
 * it, an organisation (British usage; no place is a plural of itself, and
 * names written as plurals, "the Philippines are", stay places). Only the
 * sentence's first words: "Prices in Russia are rising" is about prices. */
static void
team (Ctx *ctx, G_GNUC_UNUSED guint e, VigilEntity *ent, guint first, guint last)
{
  VigilToken *verb;

  if (ent->type != VIGIL_ENTITY_LOCATION || ent->country == NULL
      || g_str_has_suffix (ent->text, "s")
      || !(vigil_tokens_get (ctx->tokens, first)->flags & VIGIL_TOKEN_SENTENCE_START)
      || last + 1 >= ctx->tokens->tokens->len || !analyzer_name_gap (ctx, last, last + 1))
    return;
  verb = vigil_tokens_get (ctx->tokens, last + 1);
  if ((verb->flags & VIGIL_TOKEN_CAPITALIZED)
      || !(g_str_equal (verb->folded, "are") || g_str_equal (verb->folded, "were")))
    return;
  analyzer_retype (ent, VIGIL_ENTITY_ORGANIZATION);
  g_free (ent->canonical);
  ent->canonical = g_strdup (ent->text);
}

void
analyzer_find_teams (Ctx *ctx)
{
  analyzer_each_entity (ctx, team);
}

/* One name, one kind of thing within an article ("one sense per discourse"):
 * the tagger may take "Ishinomaki residents" at the start of a headline for a
 * person and the same word later for the city. A name written the same way
 * under two types takes the type most of its mentions have; on a tie, the
 * place a list knows (with its country), else the place the words around a
 * mention name ("the border with Thrace" read as a person's, "into Thrace"
 * as a place: a place, unless a mention says person, "Thrace said"), else
 * the first mention's. Names a person's full name was resolved to ("Jordan"
 * for "Michael Jordan") are left alone. */
typedef struct
{
  guint counts[VIGIL_ENTITY_LOCATION + 1];
  gint listed_place;        /* index of its first mention as a listed place, or -1 */
  gboolean resolved;        /* a person's surname standing for a full name */
  gboolean mixed;           /* written under more than one type */
  gboolean place_evidence;  /* a mention as a place in a place's context */
  gboolean person_evidence; /* a mention as a person in a person's context */
  VigilEntityType first, best;
} NameTypes;

void
analyzer_one_type_per_name (Ctx *ctx)
{
  GArray *ents = ctx->result->entities;
  VigilWordTable index; /* text -> 1 + its NameTypes' index (texts owned by ents) */
  g_autofree NameTypes *names = NULL;
  g_autofree guint *name_of = NULL; /* entity -> its NameTypes' index, or G_MAXUINT */
  guint n_names = 0;
  gboolean any = FALSE;

  if (ents->len < 2)
    return;
  /* One pass to count each name's types, one to change the minority: linear
   * in the entities however many an article has. */
  names = g_new (NameTypes, ents->len);
  name_of = g_new (guint, ents->len);
  vigil_word_table_init_sized (&index, ents->len);
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      guint32 hash;
      guint k;
      NameTypes *t;

      name_of[e] = G_MAXUINT;
      if (ent->type > VIGIL_ENTITY_LOCATION)
        continue;
      hash = vigil_word_hash (ent->text, -1);
      k = GPOINTER_TO_UINT (vigil_word_table_lookup (&index, hash, ent->text));
      if (k == 0)
        {
          t = &names[n_names];
          memset (t, 0, sizeof *t);
          t->listed_place = -1;
          t->first = ent->type;
          vigil_word_table_insert (&index, hash, ent->text, GUINT_TO_POINTER (++n_names));
          k = n_names;
        }
      t = &names[k - 1];
      name_of[e] = k - 1;
      t->counts[ent->type]++;
      t->mixed = t->mixed || ent->type != t->first;
      t->resolved
          = t->resolved
            || (ent->type == VIGIL_ENTITY_PERSON && !g_str_equal (ent->canonical, ent->text));
      if (ent->type == VIGIL_ENTITY_LOCATION && ent->country != NULL && t->listed_place < 0)
        t->listed_place = (gint) e;
    }
  vigil_word_table_clear (&index, NULL, NULL);
  for (guint k = 0; k < n_names; k++)
    any = any || (names[k].mixed && !names[k].resolved);
  if (!any)
    return;
  /* The words around the mentions of the names in doubt. */
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      NameTypes *t;
      guint first, last;

      if (name_of[e] == G_MAXUINT)
        continue;
      t = &names[name_of[e]];
      if (!t->mixed || t->resolved
          || (ent->type != VIGIL_ENTITY_LOCATION && ent->type != VIGIL_ENTITY_PERSON)
          || !analyzer_entity_tokens (ctx, ent, &first, &last) || first != last)
        continue;
      if (ent->type == VIGIL_ENTITY_LOCATION)
        t->place_evidence = t->place_evidence || analyzer_place_evidence (ctx, first);
      else
        t->person_evidence = t->person_evidence || analyzer_person_evidence (ctx, first);
    }
  for (guint k = 0; k < n_names; k++)
    {
      NameTypes *t = &names[k];
      if (!t->mixed || t->resolved)
        continue;
      t->best = t->listed_place >= 0 || (t->place_evidence && !t->person_evidence)
                    ? VIGIL_ENTITY_LOCATION
                    : t->first;
      for (guint c = 0; c <= VIGIL_ENTITY_LOCATION; c++)
        if (t->counts[c] > t->counts[t->best])
          t->best = (VigilEntityType) c;
    }
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      NameTypes *t;

      if (name_of[e] == G_MAXUINT)
        continue;
      t = &names[name_of[e]];
      if (!t->mixed || t->resolved || ent->type == t->best)
        continue;
      ent->type = t->best;
      g_clear_pointer (&ent->country, g_free);
      ent->has_geo = FALSE;
      if (t->best == VIGIL_ENTITY_LOCATION && t->listed_place >= 0)
        {
          VigilEntity *place = &g_array_index (ents, VigilEntity, t->listed_place);
          g_free (ent->canonical);
          ent->canonical = g_strdup (place->canonical);
          ent->country = g_strdup (place->country);
          ent->has_geo = place->has_geo;
          ent->lat = place->lat;
          ent->lon = place->lon;
        }
    }
}

/* A lower-case word of the word class (WORD_STATE_VERB…). */
static gboolean
lower_word_is (Ctx *ctx, guint i, guint word_class)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);

  return !(t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER))
         && (analyzer_word_classes (t) & word_class) != 0;
}

static gboolean
folded_is (Ctx *ctx, guint i, const char *const *words)
{
  VigilToken *t = vigil_tokens_get (ctx->tokens, i);

  return !(t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER))
         && g_strv_contains (words, t->folded);
}

/* The state's action after a name that ends at token last: a verb, or "has",
 * "have", "had" and the verb. */
static gboolean
state_verb_after (Ctx *ctx, guint last)
{
  guint n = ctx->tokens->tokens->len, k = last + 1;
  static const char *const have[] = { "has", "have", "had", NULL };

  if (k >= n || !analyzer_name_gap (ctx, last, k))
    return FALSE;
  if (folded_is (ctx, k, have) && k + 1 < n && analyzer_name_gap (ctx, k, k + 1))
    k++;
  return lower_word_is (ctx, k, WORD_STATE_VERB);
}

/* A burden laid on the state named from token first: "pressure on X",
 * "sanctions against both X" (and the "X and Y" after it, see below). */
static gboolean
state_burden_before (Ctx *ctx, guint first)
{
  static const char *const on[] = { "on", "against", NULL };
  static const char *const both[] = { "both", "the", NULL };
  guint k = first;

  if (k > 0 && analyzer_name_gap (ctx, k - 1, k) && folded_is (ctx, k - 1, both))
    k--;
  return k >= 2 && analyzer_name_gap (ctx, k - 2, k - 1) && analyzer_name_gap (ctx, k - 1, k)
         && folded_is (ctx, k - 1, on) && lower_word_is (ctx, k - 2, WORD_STATE_BURDEN);
}

static gboolean
listed_country (Ctx *ctx, const VigilEntity *ent, guint *first, guint *last)
{
  return ent->type == VIGIL_ENTITY_LOCATION && ent->country != NULL
         && analyzer_entity_tokens (ctx, ent, first, last)
         && ctx->classes[*first] == VIGIL_NAME_CLASS_PLACE;
}

/* Words of a part of a country ("in northeast Syria", "across north-western
 * Nigeria"): between a preposition and the country, they leave it a place. */
static gboolean
compass_word (Ctx *ctx, guint i)
{
  static const char *const words[] = {
    "central",      "east",     "eastern",   "far",          "north", "northeast",
    "northeastern", "northern", "northwest", "northwestern", "south", "southeast",
    "southeastern", "southern", "southwest", "southwestern", "west",  "western",
  };
  const char *folded = vigil_tokens_get (ctx->tokens, i)->folded;

  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (g_str_equal (folded, words[k]))
      return TRUE;
  return FALSE;
}

static void
make_state (VigilEntity *ent)
{
  ent->type = VIGIL_ENTITY_ORGANIZATION;
  ent->has_geo = FALSE; /* the country code stays: the state is that country's */
}

/* A listed country that acts as a state, the way news text and the corpora
 * of its names (Universal NER) tell it: the subject of a government's verb
 * ("Spain ceded", "the United States freed Cuba", "Russia announced"), or
 * the one a burden is laid on ("pressure on Hungary", "sanctions against
 * Russia"), is that country's government, an organisation; the same name
 * elsewhere stays the place ("visited Germany"). A name joined to it by
 * "and" ("Germany and Austria", "France and Britain signed") goes with it.
 * Runs after analyzer_one_type_per_name(), which would make them one. */
void
analyzer_find_states (Ctx *ctx)
{
  GArray *ents = ctx->result->entities;

  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      guint first, last;
      gboolean state;

      if (!listed_country (ctx, ent, &first, &last))
        continue;
      /* A preposition before it keeps a place ("in Spain ceded…" is rare;
       * "trade in the USA is" common). */
      state = state_burden_before (ctx, first);
      if (!state)
        {
          /* The pair's first name ("in Germany and France protested"). */
          guint before = first;
          if (e > 0)
            {
              VigilEntity *prev = &g_array_index (ents, VigilEntity, e - 1);
              guint a, b;
              if (listed_country (ctx, prev, &a, &b) && b + 2 == first
                  && g_str_equal (vigil_tokens_get (ctx->tokens, b + 1)->folded, "and"))
                before = a;
            }
          if (before > 0 && g_str_equal (vigil_tokens_get (ctx->tokens, before - 1)->folded, "the"))
            before--;
          /* "in northeast Syria said", "in north-western Nigeria told" */
          for (guint k = 0;
               k < 3 && before > 0 && compass_word (ctx, before - 1)
               && !(vigil_tokens_get (ctx->tokens, before)->flags & VIGIL_TOKEN_SENTENCE_START);
               k++)
            before--;
          state
              = state_verb_after (ctx, last)
                && (before == 0
                    || (vigil_tokens_get (ctx->tokens, before)->flags & VIGIL_TOKEN_SENTENCE_START)
                    || !lower_word_is (ctx, before - 1, WORD_PLACE_PREPOSITION));
        }
      if (!state)
        continue;
      make_state (ent);
      /* "both Germany and Austria" after a burden, "Germany and France
       * signed" before a verb: the other country of the pair. */
      for (guint o = (e > 0 ? e - 1 : 0); o <= e + 1 && o < ents->len; o++)
        {
          VigilEntity *other = &g_array_index (ents, VigilEntity, o);
          guint a, b;
          if (o == e || !listed_country (ctx, other, &a, &b))
            continue;
          if ((o > e && a == last + 2
               && g_str_equal (vigil_tokens_get (ctx->tokens, last + 1)->folded, "and")
               && state_burden_before (ctx, first))
              || (o < e && b + 2 == first
                  && g_str_equal (vigil_tokens_get (ctx->tokens, b + 1)->folded, "and")
                  && !state_burden_before (ctx, first)))
            make_state (other);
        }
    }
}

/* The names before a capitalised plural institution's word are institutions,
 * organisations ("Addenbrooke" and "Papworth", not places): the last of them
 * is right before the word (or its "'s"), the others are joined to it by
 * "and" or commas. */
static void
institution (Ctx *ctx, guint e, VigilEntity *ent, guint first, guint last)
{
  GArray *ents = ctx->result->entities;
  guint n = ctx->tokens->tokens->len;
  guint k;
  VigilToken *t;

  /* The word after the name (or its "'s"), or the name's own last word
   * ("York Universities", which the names before it share). */
  k = last + 1;
  if (k < n && (vigil_tokens_get (ctx->tokens, k)->flags & VIGIL_TOKEN_JOINED_PREV)
      && g_str_equal (vigil_tokens_get (ctx->tokens, k)->folded, "s"))
    k++;
  if (last > first && ent->type == VIGIL_ENTITY_ORGANIZATION)
    k = last;
  else if (ent->type == VIGIL_ENTITY_ORGANIZATION || k >= n || !analyzer_name_gap (ctx, k - 1, k))
    return;
  t = vigil_tokens_get (ctx->tokens, k);
  if (!(t->flags & VIGIL_TOKEN_CAPITALIZED) || (t->flags & VIGIL_TOKEN_ALL_UPPER)
      || !(analyzer_word_classes (t) & WORD_INSTITUTIONS))
    return;
  /* Not a headline's capitals ("Texas Banks Face Losses"): the word
   * after it is not capitalised, or begins a sentence. */
  if (k + 1 < n && (vigil_tokens_get (ctx->tokens, k + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
      && !(vigil_tokens_get (ctx->tokens, k + 1)->flags & VIGIL_TOKEN_SENTENCE_START))
    return;
  /* This name and the ones joined to it before: two at least ("X and Y
   * Hospitals"; one name before a plural is no such list). */
  guint from = e, start = first;
  for (guint o = e; o-- > 0;)
    {
      VigilEntity *other = &g_array_index (ents, VigilEntity, o);
      guint a, b;
      const char *gap;
      gsize len;
      if (!analyzer_entity_tokens (ctx, other, &a, &b))
        break;
      gap = ctx->text + vigil_tokens_get (ctx->tokens, b)->byte_end;
      len = vigil_tokens_get (ctx->tokens, start)->byte_start
            - vigil_tokens_get (ctx->tokens, b)->byte_end;
      if (!(b + 2 == start && analyzer_name_gap (ctx, b, b + 1)
            && analyzer_name_gap (ctx, b + 1, start)
            && g_str_equal (vigil_tokens_get (ctx->tokens, b + 1)->folded, "and"))
          && !(b + 1 == start && len == 2 && memcmp (gap, ", ", 2) == 0))
        break;
      from = o;
      start = a;
    }
  if (from == e)
    return;
  for (guint o = from; o <= e; o++)
    {
      VigilEntity *other = &g_array_index (ents, VigilEntity, o);
      analyzer_retype (other, VIGIL_ENTITY_ORGANIZATION);
    }
}

void
analyzer_find_institutions (Ctx *ctx)
{
  analyzer_each_entity (ctx, institution);
}
