/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analyzer-places.c — places of one name told apart, context before prominence. */
#include "config.h"

#include "vigil-analyzer-private.h"

#include <string.h>
#include <math.h>

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
    case VIGIL_PLACE_TOWN:
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
    return a > 0 && (even_listed || !ctx->covered[a - 1]) && analyzer_name_gap (ctx, a - 1, a)
           && (vigil_tokens_get (ctx->tokens, a - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
           && !(vigil_tokens_get (ctx->tokens, a)->flags & VIGIL_TOKEN_SENTENCE_START);
  return b + 1 < n && (even_listed || !ctx->covered[b + 1]) && analyzer_name_gap (ctx, b, b + 1)
         && (vigil_tokens_get (ctx->tokens, b + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
         && !(vigil_tokens_get (ctx->tokens, b + 1)->flags & VIGIL_TOKEN_SENTENCE_START);
}

/* Whether a folded word names a kind of province ("region", "state"). */
gboolean
analyzer_province_word (const char *folded)
{
  static const char *const words[]
      = { "region",     "province",  "provinces", "state",  "governorate", "district",
          "prefecture", "division",  "oblast",    "county", "department",  "regions",
          "province's", "region's",  "wilaya",    "canton", "territory",   "municipality",
          "préfecture", "provincia", "estado",    "région", "départment",  "departamento" };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (folded, words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the name of N tokens at FIRST is written the way a subdivision
 * named by an ordinary word is: capitalised, just before the word of its
 * kind, and not the end of a longer name ("Mekong Delta region"). */
gboolean
analyzer_kind_named_place (VigilTokens *tokens, guint first, guint n)
{
  if (first + n >= tokens->tokens->len)
    return FALSE;
  for (guint i = first; i < first + n; i++)
    if (!(vigil_tokens_get (tokens, i)->flags & VIGIL_TOKEN_CAPITALIZED))
      return FALSE;
  if (first > 0)
    {
      VigilToken *prev = vigil_tokens_get (tokens, first - 1);
      if ((prev->flags & VIGIL_TOKEN_CAPITALIZED)
          && !(vigil_tokens_get (tokens, first)->flags & VIGIL_TOKEN_SENTENCE_START))
        return FALSE;
    }
  return analyzer_province_word (vigil_tokens_get (tokens, first + n)->folded);
}

/* Whether the word after token b says the place before it is a province. */
static gboolean
province_word_after (Ctx *ctx, guint b)
{
  return b + 1 < ctx->tokens->tokens->len
         && analyzer_province_word (vigil_tokens_get (ctx->tokens, b + 1)->folded);
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

/* For drop_entities(): indexes in ascending order. */
static gint
compare_indexes (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Removes the entities whose indexes `dropped` holds (in any order, an index
 * maybe twice), in one compacting pass (removing one by one would move the
 * tail each time). */
static void
drop_entities (Ctx *ctx, GArray *dropped)
{
  GArray *ents = ctx->result->entities;
  guint w = 0, d = 0;

  if (dropped->len == 0)
    return;
  g_array_sort (dropped, compare_indexes);
  for (guint r = 0; r < ents->len; r++)
    {
      if (d < dropped->len && g_array_index (dropped, guint, d) == r)
        {
          analyzer_clear_entity (&g_array_index (ents, VigilEntity, r));
          while (d < dropped->len && g_array_index (dropped, guint, d) == r)
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
  g_array_set_clear_func (ents, analyzer_clear_entity);
}

/* A small town of a country the article names nowhere else, in an article
 * that names other countries, is most often another place of the name the
 * lists do not know ("the Hays district of Yemen's Hodeidah province" is no
 * town of Kansas) or no place at all ("Liberal", "Alice"): a place of no
 * known country. Under SMALL_TOWN inhabitants, and not when a demonym names
 * its country. */
#define SMALL_TOWN 50000
/* A city under MEDIUM_CITY inhabitants is left so too when its sentence names
 * another country and the report neither names the city's nor places
 * anything in it ("Beni" after "Nepal's Myagdi district" is no city of
 * Congo; "Ishinomaki" stays Japan's before a sentence on Indonesia). */
#define MEDIUM_CITY 1000000
#define MEDIUM_CITY_SPANS 200

/* Whether tokens A and B lie in one sentence (of at most SENTENCE_REACH
 * tokens between them: a long document's places stay cheap to compare). */
#define SENTENCE_REACH 100

static gboolean
same_sentence (Ctx *ctx, guint a, guint b)
{
  if (MAX (a, b) - MIN (a, b) > SENTENCE_REACH)
    return FALSE;
  for (guint k = MIN (a, b) + 1; k <= MAX (a, b); k++)
    if (vigil_tokens_get (ctx->tokens, k)->flags
        & (VIGIL_TOKEN_SENTENCE_START | VIGIL_TOKEN_PARAGRAPH_START))
      return FALSE;
  return TRUE;
}

/* Whether a demonym names the state of a country other than country
 * (interned) acting in the article ("Somali forces": word-classes.txt's
 * [state-actor] after it). */
static gboolean
state_of_other_country (Ctx *ctx, const char *country)
{
  GArray *demonyms = ctx->result->demonyms;
  guint n = ctx->tokens->tokens->len;

  for (guint d = 0; demonyms != NULL && d < demonyms->len; d++)
    {
      const VigilDemonym *dem = &g_array_index (demonyms, VigilDemonym, d);
      VigilEntity span = { .start = dem->start, .end = dem->end };
      guint first, last;

      if (g_strcmp0 (dem->country, country) != 0
          && analyzer_entity_tokens (ctx, &span, &first, &last) && last + 1 < n
          && (analyzer_word_classes (vigil_tokens_get (ctx->tokens, last + 1)) & WORD_STATE_ACTOR))
        return TRUE;
    }
  return FALSE;
}

static void
unplace_foreign_towns (Ctx *ctx, const VigilEntry **chosen)
{
  /* (an article's handful of places; not a long document's thousands, whose
   * cities are weighed as before: the comparison is of every pair) */
  guint largest = ctx->place_spans->len <= MEDIUM_CITY_SPANS ? MEDIUM_CITY : SMALL_TOWN;

  for (guint i = 0; i < ctx->place_spans->len; i++)
    {
      const VigilEntry *town = chosen[i];
      VigilEntity *ent;
      gboolean elsewhere = FALSE, other = FALSE, other_country = FALSE;

      if (town == NULL || town->country == NULL || town->population >= largest
          || (town->origin != VIGIL_PLACE_CITY && town->origin != VIGIL_PLACE_TOWN)
          || mentioned_has (ctx->demonym_countries, town->country))
        continue;
      ent = &g_array_index (ctx->result->entities, VigilEntity,
                            g_array_index (ctx->place_spans, PlaceSpan, i).entity);
      /* Another country's state named by its people ("Somali forces end
       * the Lido siege") names that country as well as a place of it does;
       * "three Polish workers" in an English town do not. */
      other = state_of_other_country (ctx, town->country);
      for (guint k = 0; k < ctx->place_spans->len && !elsewhere; k++)
        {
          const VigilEntry *e = chosen[k];
          const VigilEntity *other_ent;
          if (k == i || e == NULL || e->country == NULL)
            continue;
          other_ent = &g_array_index (ctx->result->entities, VigilEntity,
                                      g_array_index (ctx->place_spans, PlaceSpan, k).entity);
          if (g_strcmp0 (other_ent->canonical, ent->canonical) == 0)
            continue;
          if (e->country == town->country)
            elsewhere = TRUE;
          else
            {
              other = TRUE;
              other_country
                  = other_country
                    || (e->origin == VIGIL_PLACE_COUNTRY && town->population >= SMALL_TOWN
                        && same_sentence (ctx, g_array_index (ctx->place_spans, PlaceSpan, i).first,
                                          g_array_index (ctx->place_spans, PlaceSpan, k).first));
            }
        }
      if (other && !elsewhere && (town->population < SMALL_TOWN || other_country))
        {
          g_clear_pointer (&ent->country, g_free);
          ent->has_geo = FALSE;
          ent->lat = ent->lon = 0;
        }
    }
}

void
analyzer_resolve_places (Ctx *ctx)
{
  g_autoptr (GPtrArray) own_mentioned = NULL;
  g_autoptr (GArray) own_dropped = NULL;
  GPtrArray *mentioned = ctx->spare_countries;
  GArray *dropped = analyzer_take_indices (ctx, &own_dropped);

  g_autofree const VigilEntry **chosen = g_new0 (const VigilEntry *, ctx->place_spans->len + 1);

  if (mentioned == NULL)
    mentioned = own_mentioned = g_ptr_array_new ();
  g_ptr_array_set_size (mentioned, 0);
  for (guint i = 0; i < ctx->demonym_countries->len; i++)
    if (!mentioned_has (mentioned, g_ptr_array_index (ctx->demonym_countries, i)))
      g_ptr_array_add (mentioned, g_ptr_array_index (ctx->demonym_countries, i));
  for (guint i = 0; i < ctx->place_spans->len; i++)
    {
      PlaceSpan *span = &g_array_index (ctx->place_spans, PlaceSpan, i);
      const char *country = NULL, *state = NULL;
      gboolean one_country = TRUE, words = TRUE, towns_only = TRUE;
      guint a = span->first, b = span->first + span->n_tokens - 1;

      /* Every reading of the name in one country (a region of no country, such
       * as the Sahel, is another reading). */
      for (guint c = 0; span->candidates && c < span->candidates->len; c++)
        {
          const VigilEntry *e = g_ptr_array_index (span->candidates, c);
          if (e->kind != VIGIL_ENTRY_LOCATION
              || !analyzer_accept_entry (e, ctx->tokens, span->first, span->n_tokens, NULL))
            continue;
          if (e->country == NULL || (country != NULL && country != e->country))
            one_country = FALSE;
          country = e->country ? e->country : country;
          words = words && e->ordinary_word;
          /* ("Congo": two countries) */
          if (e->origin == VIGIL_PLACE_COUNTRY && state != NULL && state != e->country)
            towns_only = FALSE;
          else if (e->origin == VIGIL_PLACE_COUNTRY)
            state = e->country;
          else if ((e->origin != VIGIL_PLACE_CITY && e->origin != VIGIL_PLACE_TOWN)
                   || e->population >= 1000000)
            towns_only = FALSE;
        }
      /* A country's name that towns elsewhere bear too ("Venezuela", a town
       * of Cuba) names the country: the towns could never be chosen over it. */
      if (state != NULL && towns_only)
        country = state, one_country = TRUE;
      /* A place named by an ordinary word next to another capitalised word
       * is most often a word of a longer name ("University Hospital",
       * University in Florida): it names no country for the others. */
      if (words
          && (capitalised_neighbour (ctx, a, b, TRUE, TRUE)
              || capitalised_neighbour (ctx, a, b, FALSE, TRUE)))
        continue;
      if (country != NULL && one_country && !mentioned_has (mentioned, country))
        g_ptr_array_add (mentioned, (gpointer) country);
    }
  for (guint i = 0; i < ctx->place_spans->len; i++)
    {
      PlaceSpan *span = &g_array_index (ctx->place_spans, PlaceSpan, i);
      VigilEntity *ent = &g_array_index (ctx->result->entities, VigilEntity, span->entity);
      const VigilEntry *best = NULL;
      gboolean unowned = FALSE;
      double best_score = -1;
      guint a = span->first, b = span->first + span->n_tokens - 1;

      for (guint c = 0; span->candidates && c < span->candidates->len; c++)
        {
          const VigilEntry *e = g_ptr_array_index (span->candidates, c);
          double score;
          if (e->kind != VIGIL_ENTRY_LOCATION
              || !analyzer_accept_entry (e, ctx->tokens, span->first, span->n_tokens, NULL))
            continue;
          /* "Western Region" is a place only of a country the article names. */
          if (e->owned && !mentioned_has (mentioned, e->country))
            {
              unowned = TRUE;
              continue;
            }
          score = place_score (e, mentioned);
          if (score > best_score)
            {
              best = e;
              best_score = score;
            }
        }
      /* a region of some country the article does not name: of none */
      if (best == NULL && unowned)
        {
          g_clear_pointer (&ent->country, g_free);
          ent->has_geo = FALSE;
          ent->lat = ent->lon = 0;
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
                && analyzer_accept_entry (e, ctx->tokens, span->first, span->n_tokens, NULL))
              {
                best = e;
                break;
              }
          }
      /* Never a place inside a person's name: a town from the generated lists
       * right next to another capitalised word ("Ahmed Hassan") is left to the
       * name rules. A town named by an ordinary word is left even next to a
       * listed name ("Columbia University", "the Arab Spring"). */
      /* A subdivision named by a word is written with the word of its
       * kind, capitalised or not ("Van Province"). */
      if ((best->origin == VIGIL_PLACE_CITY || best->origin == VIGIL_PLACE_SUBDIVISION)
          && (capitalised_neighbour (ctx, a, b, TRUE, best->ordinary_word)
              || (capitalised_neighbour (ctx, a, b, FALSE, best->ordinary_word)
                  && !(best->kind_named && province_word_after (ctx, b)))))
        {
          for (guint k = a; k <= b; k++)
            ctx->covered[k] = FALSE;
          g_array_append_val (dropped, span->entity);
          continue;
        }
      /* Most often the entry the gazetteer gave: its strings are kept. */
      if (g_strcmp0 (ent->canonical, best->canonical) != 0)
        {
          g_free (ent->canonical);
          ent->canonical = g_strdup (best->canonical);
        }
      if (g_strcmp0 (ent->country, best->country) != 0)
        {
          g_free (ent->country);
          ent->country = g_strdup (best->country);
        }
      ent->has_geo = best->has_geo;
      ent->lat = best->lat;
      ent->lon = best->lon;
      chosen[i] = best;
      /* A name that is a large city somewhere ("Tripoli", Libya's capital,
       * also a town of Lebanon) is a place, whichever one this is. */
      ent->prominent = FALSE;
      for (guint c = 0; span->candidates && c < span->candidates->len && !ent->prominent; c++)
        {
          const VigilEntry *e = g_ptr_array_index (span->candidates, c);
          ent->prominent = e->kind == VIGIL_ENTRY_LOCATION && e->origin == VIGIL_PLACE_CITY
                           && e->population >= 1000000;
        }
    }
  unplace_foreign_towns (ctx, chosen);
  drop_entities (ctx, dropped);
}

/* Whether a name is glued to a symbol that makes it part of another token:
 * a currency ("US$", "HK$", "A$") or a name joined by an ampersand ("Texas
 * A&M", "AT&T"). */
static gboolean
glued_to_symbol (Ctx *ctx, guint first, guint last)
{
  const VigilToken *a = vigil_tokens_get (ctx->tokens, first);
  const VigilToken *b = vigil_tokens_get (ctx->tokens, last);
  char after = ctx->text[b->byte_end];

  return after == '$' || after == '&' || (a->byte_start > 0 && ctx->text[a->byte_start - 1] == '&');
}

/* One coordinate as written in the news and in encyclopaedias: degrees with
 * "°", optionally minutes (′ or ') and seconds (″ or "), each with a decimal
 * part, then a hemisphere letter among `hemispheres` ("NS" or "EW"), a space
 * allowed before it: "33°30′21″N", "33.505716°N", "44°30′ E". Returns the end
 * of the coordinate, or NULL; *value is signed (south and west negative). */
static const char *
parse_coordinate (const char *p, const char *end, const char *hemispheres, double *value)
{
  static const char *const marks[3][3] = { { "\xc2\xb0", NULL, NULL },              /* ° */
                                           { "\xe2\x80\xb2", "'", "\xe2\x80\x99" }, /* ′ ' ’ */
                                           { "\xe2\x80\xb3", "\"", "''" } };        /* ″ " '' */
  double parts[3] = { 0, 0, 0 };
  guint n = 0;

  while (n < 3 && p < end && g_ascii_isdigit (*p))
    {
      const char *mark = NULL;
      char *after;
      double v = g_ascii_strtod (p, &after);

      if (after == p || after - p > 12)
        return NULL;
      for (guint m = 0; m < 3 && marks[n][m] != NULL && mark == NULL; m++)
        if ((gsize) (end - after) >= strlen (marks[n][m])
            && strncmp (after, marks[n][m], strlen (marks[n][m])) == 0)
          mark = marks[n][m];
      if (mark == NULL)
        break;
      parts[n++] = v;
      p = after + strlen (mark);
    }
  if (n == 0 || parts[1] >= 60 || parts[2] >= 60)
    return NULL;
  if (p < end && *p == ' ')
    p++;
  if (p >= end || strchr (hemispheres, *p) == NULL || *p == '\0')
    return NULL;
  *value = parts[0] + parts[1] / 60 + parts[2] / 3600;
  if (*p == 'S' || *p == 'W')
    *value = -*value;
  p++;
  /* The letter ends a word ("33°N", not "33°North"). */
  if (p < end && g_ascii_isalnum (*p))
    return NULL;
  return p;
}

/* Geographic coordinates the text gives ("33°30′21″N 36°16′11″E",
 * "33.505716°N 36.269635°E"): a place, located there. Only a latitude with
 * its N or S followed by a longitude with its E or W, so temperatures ("24
 * °C") and headings stay out. Entities the tagger found inside are replaced. */
static void
find_coordinates (Ctx *ctx, GArray *dropped)
{
  const char *text = ctx->text;
  const char *end = text + strlen (text);
  guint ntok = ctx->tokens->tokens->len;
  guint t = 0;

  if (strstr (text, "\xc2\xb0") == NULL)
    return;
  for (const char *p = text; p < end; p++)
    {
      const char *lat_end, *lon_start, *lon_end;
      double lat, lon;
      guint first, last;
      VigilEntity e = { 0 };

      if (!g_ascii_isdigit (*p) || (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == '.')))
        continue;
      lat_end = parse_coordinate (p, end, "NS", &lat);
      if (lat_end == NULL)
        continue;
      lon_start = lat_end;
      while (lon_start < end && (*lon_start == ' ' || *lon_start == ','))
        lon_start++;
      lon_end = lon_start < end ? parse_coordinate (lon_start, end, "EW", &lon) : NULL;
      if (lon_end == NULL || fabs (lat) > 90 || fabs (lon) > 180)
        {
          p = lat_end - 1;
          continue;
        }
      /* The tokens the coordinates span (one pass: matches come in order). */
      while (t < ntok && vigil_tokens_get (ctx->tokens, t)->byte_end <= (guint) (p - text))
        t++;
      if (t >= ntok)
        break;
      if (vigil_tokens_get (ctx->tokens, t)->byte_start != (guint) (p - text))
        {
          p = lon_end - 1;
          continue;
        }
      first = last = t;
      while (last + 1 < ntok
             && vigil_tokens_get (ctx->tokens, last + 1)->byte_end <= (guint) (lon_end - text))
        last++;
      if (vigil_tokens_get (ctx->tokens, last)->byte_end != (guint) (lon_end - text))
        {
          p = lon_end - 1;
          continue;
        }
      /* Names found inside them ("N", "E" read as initials) are not names. */
      for (guint k = 0; k < ctx->result->entities->len; k++)
        {
          VigilEntity *o = &g_array_index (ctx->result->entities, VigilEntity, k);
          if (o->start < vigil_tokens_get (ctx->tokens, last)->end
              && o->end > vigil_tokens_get (ctx->tokens, first)->start)
            g_array_append_val (dropped, k);
        }
      e.start = vigil_tokens_get (ctx->tokens, first)->start;
      e.end = vigil_tokens_get (ctx->tokens, last)->end;
      e.type = VIGIL_ENTITY_LOCATION;
      e.text = g_strndup (p, lon_end - p);
      e.canonical = g_strdup_printf ("%.6f, %.6f", lat, lon);
      e.has_geo = TRUE;
      e.lat = lat;
      e.lon = lon;
      g_array_append_val (ctx->result->entities, e);
      p = lon_end - 1;
      t = last + 1;
    }
}

/* Last checks on the places once every name is found:
 * - a place glued to "$" or "&" is part of a currency or another name;
 * - a one-word place that is the first name of someone the article names in
 *   full ("Isabel" after "Isabel Ruiz", a province of the Solomon Islands) is
 *   that person: in the shared corpora's documents (train and dev) a person's
 *   first name standing alone is gold person 15 times, location never. The
 *   countries and the desk's lists, and cities of a million people, keep
 *   their place ("Jordan", "Paris"), and so does a name its kind of area
 *   follows ("Karaganda region" beside a "Karaganda Komir" read as a person);
 * - coordinates the text gives are a place (find_coordinates()). */
void
analyzer_check_places (Ctx *ctx)
{
  GArray *ents = ctx->result->entities;
  g_autoptr (GArray) own_dropped = NULL;
  GArray *dropped = analyzer_take_indices (ctx, &own_dropped);
  VigilWordTable first_names; /* folded first name -> full name (the entity's canonical) */
  gboolean any_place = FALSE;

  find_coordinates (ctx, dropped);
  for (guint e = 0; e < ents->len && !any_place; e++)
    any_place = g_array_index (ents, VigilEntity, e).type == VIGIL_ENTITY_LOCATION;
  if (!any_place)
    {
      drop_entities (ctx, dropped);
      return;
    }
  vigil_word_table_init_sized (&first_names, ents->len);
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      const VigilToken *tok;
      guint first, last;
      if (ent->type != VIGIL_ENTITY_PERSON || !analyzer_entity_tokens (ctx, ent, &first, &last)
          || last == first)
        continue;
      tok = vigil_tokens_get (ctx->tokens, first);
      if ((tok->flags & VIGIL_TOKEN_CAPITALIZED) && !analyzer_is_honorific (tok)
          && vigil_word_table_lookup (&first_names, tok->hash, tok->folded) == NULL)
        vigil_word_table_insert (&first_names, tok->hash, tok->folded, ent->canonical);
    }
  for (guint e = 0; e < ents->len; e++)
    {
      VigilEntity *ent = &g_array_index (ents, VigilEntity, e);
      const VigilToken *tok;
      const char *full;
      guint first, last;
      if (ent->type != VIGIL_ENTITY_LOCATION || !analyzer_entity_tokens (ctx, ent, &first, &last))
        continue;
      if (glued_to_symbol (ctx, first, last))
        {
          g_array_append_val (dropped, e);
          continue;
        }
      tok = vigil_tokens_get (ctx->tokens, first);
      if (first != last || ent->prominent
          || (ctx->classes != NULL && analyzer_listed_with_authority (ctx, first))
          || analyzer_place_kind_after (ctx, last))
        continue;
      full = vigil_word_table_lookup (&first_names, tok->hash, tok->folded);
      if (full == NULL)
        continue;
      ent->type = VIGIL_ENTITY_PERSON;
      g_free (ent->canonical);
      ent->canonical = g_strdup (full);
      g_clear_pointer (&ent->country, g_free);
      ent->has_geo = FALSE;
      ent->lat = ent->lon = 0;
    }
  /* The table's keys are the tokens' and its values the entities' strings. */
  vigil_word_table_clear (&first_names, NULL, NULL);
  drop_entities (ctx, dropped);
}
