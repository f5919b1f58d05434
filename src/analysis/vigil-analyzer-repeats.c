/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analyzer-repeats.c — a name found once is the same name where the article writes it again.
 */
#include "config.h"

#include "vigil-analyzer-private.h"
#include "vigil-word-table.h"

#include <string.h>

/* Whether the token "other" (a or a + 1), next to a name that would end at
 * token a or start at a + 1, makes it part of a longer capitalised name ("Museum of Flight" inside
 * "the Museum of Flight Foundation"): then that mention is something else. */
static gboolean
name_goes_on (Ctx *ctx, guint a, guint other)
{
  guint b = a + 1;
  VigilToken *t = vigil_tokens_get (ctx->tokens, other);

  if ((vigil_tokens_get (ctx->tokens, b)->flags & VIGIL_TOKEN_SENTENCE_START)
      || !analyzer_name_gap (ctx, a, b))
    return FALSE;
  return ctx->covered[other] || (t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER)) != 0;
}

/* A name of two words or more that the analysis found once ("the Museum of
 * Flight put…", "Heaven Sent Gaming said…") is the same name, of the same
 * type and place, wherever the article writes it again the same way and no
 * other name covers it: one sense per discourse, as the tagger's evidence
 * for a name is often in one sentence only ("While the Museum of Flight was
 * in the top running"). One-word names are left to the tagger and the lists
 * ("Bush", "Atlantis" stand for many things). */
/* How many names one first word leads to, at the most (see below). */
#define MAX_NAMES_PER_WORD 8

/* A name of the article: its entity and tokens. */
typedef struct
{
  guint entity, first, last;
  guint next; /* 1 + the next name of the same first word, in the table */
} Name;

/* Where the name is written again from token i, not inside another name:
 * adds the mention and returns its last token, else returns 0. */
static guint
repeat_at (Ctx *ctx, guint i, const Name *name)
{
  guint n = ctx->tokens->tokens->len, end = i + (name->last - name->first);
  VigilToken *from = vigil_tokens_get (ctx->tokens, name->first);
  gsize bytes = vigil_tokens_get (ctx->tokens, name->last)->byte_end - from->byte_start;
  guint byte_start = vigil_tokens_get (ctx->tokens, i)->byte_start;
  VigilEntity ent;
  VigilEntry place = { 0 };

  if (end >= n || vigil_tokens_get (ctx->tokens, end)->byte_end - byte_start != bytes
      || memcmp (ctx->text + byte_start, ctx->text + from->byte_start, bytes) != 0)
    return 0;
  for (guint j = i; j <= end; j++)
    if (ctx->covered[j])
      return 0;
  if ((i > 0 && name_goes_on (ctx, i - 1, i - 1))
      || (end + 1 < n && name_goes_on (ctx, end, end + 1)))
    return 0;
  /* Copied: adding an entity may move the array. */
  ent = g_array_index (ctx->result->entities, VigilEntity, name->entity);
  place.country = ent.country;
  place.has_geo = ent.has_geo;
  place.lat = ent.lat;
  place.lon = ent.lon;
  analyzer_add_entity (ctx, i, end, ent.type, ent.canonical,
                       ent.type == VIGIL_ENTITY_LOCATION && ent.country != NULL ? &place : NULL);
  g_array_index (ctx->result->entities, VigilEntity, ctx->result->entities->len - 1).prominent
      = ent.prominent;
  return end;
}

/* A name of two words or more that the analysis found once ("the Museum of
 * Flight put…", "Heaven Sent Gaming said…") is the same name, of the same
 * type and place, wherever the article writes it again the same way and no
 * other name covers it: one sense per discourse, as the tagger's evidence
 * for a name is often in one sentence only ("While the Museum of Flight was
 * in the top running"). One-word names are left to the tagger and the lists
 * ("Bush", "Atlantis" stand for many things). */
void
analyzer_repeat_names (Ctx *ctx)
{
  GArray *ents = ctx->result->entities;
  guint n = ctx->tokens->tokens->len, n_ents = ents->len, n_names = 0;
  Name few[16], *names = few;
  g_autofree Name *many = NULL;
  VigilWordTable by_first; /* folded first word -> 1 + index in names, for many names */
  guint64 mask = 0;        /* bit (hash % 64) of each name's first word */

  for (guint e = 0; e < n_ents; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      guint first, last;

      if (ent->type > VIGIL_ENTITY_LOCATION || strchr (ent->text, ' ') == NULL
          || !analyzer_entity_tokens (ctx, ent, &first, &last) || first == last)
        continue;
      if (n_names == G_N_ELEMENTS (few))
        {
          many = g_new (Name, n_ents);
          memcpy (many, few, sizeof few);
          names = many;
        }
      names[n_names] = (Name){ e, first, last, 0 };
      mask |= G_GUINT64_CONSTANT (1) << (vigil_tokens_get (ctx->tokens, first)->hash % 64);
      n_names++;
    }
  if (n_names == 0)
    return;
  if (many != NULL)
    {
      vigil_word_table_init_sized (&by_first, n_names);
      for (guint k = 0; k < n_names; k++)
        {
          VigilToken *w = vigil_tokens_get (ctx->tokens, names[k].first);
          guint head = GPOINTER_TO_UINT (vigil_word_table_lookup (&by_first, w->hash, w->folded));
          guint chain = 0;
          gboolean known = FALSE;

          /* Each name once, and a few names a first word: a long text that
           * names "New York" 100,000 times, or a thousand names after "The",
           * stays linear. */
          for (guint j = head; j != 0 && !known && chain < MAX_NAMES_PER_WORD;
               j = names[j - 1].next)
            {
              chain++;
              known = g_str_equal (g_array_index (ents, VigilEntity, names[j - 1].entity).text,
                                   g_array_index (ents, VigilEntity, names[k].entity).text);
            }
          if (known || chain >= MAX_NAMES_PER_WORD)
            continue;
          names[k].next = head;
          vigil_word_table_insert (&by_first, w->hash, w->folded, GUINT_TO_POINTER (k + 1));
        }
    }
  for (guint i = 0; i < n; i++)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, i);
      guint end = 0;

      if (ctx->covered[i] || !(t->flags & (VIGIL_TOKEN_CAPITALIZED | VIGIL_TOKEN_ALL_UPPER))
          || !(mask & (G_GUINT64_CONSTANT (1) << (t->hash % 64))))
        continue;
      if (many != NULL)
        for (guint k = GPOINTER_TO_UINT (vigil_word_table_lookup (&by_first, t->hash, t->folded));
             k != 0 && end == 0; k = names[k - 1].next)
          end = repeat_at (ctx, i, &names[k - 1]);
      else
        for (guint k = 0; k < n_names && end == 0; k++)
          if (vigil_tokens_get (ctx->tokens, names[k].first)->hash == t->hash)
            end = repeat_at (ctx, i, &names[k]);
      if (end != 0)
        i = end;
    }
  if (many != NULL)
    vigil_word_table_clear (&by_first, NULL, NULL);
}

static gboolean
accept_place (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n, gpointer data)
{
  return entry->kind == VIGIL_ENTRY_LOCATION
         && analyzer_accept_entry (entry, tokens, first, n, data);
}

/* "State of" and a place a list knows ("the State of Texas"): that place,
 * with its country and map point. */
static gboolean
state_of (Ctx *ctx, VigilEntity *ent, guint first, guint last)
{
  const VigilEntry *entry = NULL;
  guint k;

  if (!g_str_equal (vigil_tokens_get (ctx->tokens, first)->folded, "state")
      || !g_str_equal (vigil_tokens_get (ctx->tokens, first + 1)->folded, "of")
      || (vigil_tokens_get (ctx->tokens, first + 1)->flags & VIGIL_TOKEN_CAPITALIZED))
    return FALSE;
  k = vigil_gazetteer_match (ctx->gazetteer, ctx->tokens, first + 2, accept_place, NULL, &entry);
  if (k == 0 || first + 2 + k - 1 != last || entry == NULL)
    return FALSE;
  ent->type = VIGIL_ENTITY_LOCATION;
  g_free (ent->canonical);
  ent->canonical = g_strdup (entry->canonical ? entry->canonical : ent->text);
  g_free (ent->country);
  ent->country = g_strdup (entry->country);
  ent->has_geo = entry->has_geo;
  ent->lat = entry->lat;
  ent->lon = entry->lon;
  return TRUE;
}

void
analyzer_each_entity (Ctx *ctx, AnalyzerEntityFunc func)
{
  for (guint e = 0; e < ctx->result->entities->len; e++)
    {
      VigilEntity *ent = &g_array_index (ctx->result->entities, VigilEntity, e);
      guint first, last;

      if (analyzer_entity_tokens (ctx, ent, &first, &last))
        func (ctx, e, ent, first, last);
    }
}

void
analyzer_retype (VigilEntity *ent, VigilEntityType type)
{
  ent->type = type;
  g_clear_pointer (&ent->country, g_free);
  ent->has_geo = FALSE;
}

/* Names whose words say they are a site, whatever the tagger took them for:
 * - "the State of Texas", "State of Qatar": the place a list knows after
 *   "State of", not a government (that is "the Texas government");
 * - "the Museum of Flight", "the National Museum of Modern History": a
 *   museum ("… Museum", "Museum of …") is a building on a map, a place, as
 *   the corpora the tagger learnt from mark it (20 of 23 names with
 *   "Museum" in them). */
static void
site (Ctx *ctx, G_GNUC_UNUSED guint e, VigilEntity *ent, guint first, guint last)
{
  if ((ent->type != VIGIL_ENTITY_ORGANIZATION && ent->type != VIGIL_ENTITY_PERSON)
      || (strstr (ent->text, "useum") == NULL && !g_str_has_prefix (ent->text, "State of "))
      || last >= ctx->tokens->tokens->len)
    return;
  if (last >= first + 2 && state_of (ctx, ent, first, last))
    return;
  for (guint k = first; k <= last; k++)
    {
      VigilToken *t = vigil_tokens_get (ctx->tokens, k);
      if ((g_str_equal (t->folded, "museum") || g_str_equal (t->folded, "museums"))
          && (k == last || g_str_equal (vigil_tokens_get (ctx->tokens, k + 1)->folded, "of")))
        {
          analyzer_retype (ent, VIGIL_ENTITY_LOCATION);
          break;
        }
    }
}

void
analyzer_find_sites (Ctx *ctx)
{
  analyzer_each_entity (ctx, site);
}
