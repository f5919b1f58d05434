/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-gazetteer.h: every list (places, organisations, people, titles, risk
 * terms) compiled into one token trie, matched longest-first over folded tokens.
 *
 * Lists are the TSV files in data/analysis (bundled in the GResource) plus an
 * optional user file; once built, the gazetteer is immutable and shared by threads.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-tagger.h"
#include "vigil-tokenizer.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ENTRY_PERSON,
  VIGIL_ENTRY_ORGANIZATION,
  VIGIL_ENTRY_LOCATION,
  VIGIL_ENTRY_RISK,
  VIGIL_ENTRY_TITLE,
  /* "Iraqi", "Russians": a mention of a country (country, canonical) that is
   * not a place of its own. */
  VIGIL_ENTRY_DEMONYM,
} VigilEntryKind;

/* Where a place comes from: the user's file, then the desk's own lists, win over
 * the generated ones. */
typedef enum
{
  VIGIL_PLACE_CURATED,
  VIGIL_PLACE_COUNTRY,
  VIGIL_PLACE_SUBDIVISION,
  VIGIL_PLACE_CITY,
  VIGIL_PLACE_USER,
  /* towns.tsv: a place only where the text says so (vigil_gazetteer_lookup_town()). */
  VIGIL_PLACE_TOWN,
} VigilPlaceOrigin;

typedef struct
{
  VigilEntryKind kind;
  char *name;          /* as listed */
  char *canonical;     /* entities */
  const char *country; /* locations and demonyms: ISO alpha-2 (interned: equal
                        * codes are one pointer), or NULL */
  const char *region;  /* locations: ISO 3166-2 code (one pointer per code) of the first-level
                        * subdivision a city lies in or a subdivision is, or NULL */
  double lat, lon;     /* locations, when has_geo */
  gboolean has_geo;
  gint64 population;       /* cities, 0 when unknown */
  double population_score; /* 10 log10 (population), worked out once */
  VigilPlaceOrigin origin; /* locations and demonyms */
  gboolean ordinary_word;  /* a place that is also an English word ("Reading") */
  gboolean kind_named;     /* a subdivision named by an ordinary or short word ("Bay",
                            * "Plateau", "Gao"): a place only just before the word of its
                            * kind ("the Bay region", "Plateau State") */
  gboolean subdivision;    /* regions.tsv ("subdivision"): a name news gives the
                            * first-level subdivision region is ("South Kivu" for
                            * Sud-Kivu, "Tigray" for Tigrai) */
  gboolean area;           /* regions.tsv, not "subdivision" nor "town": an area wider than a
                            * town that is no province of the lists ("West Bank", "Darfur",
                            * "Middle East", "Red Sea") */
  gboolean owned;          /* and a name many countries give one ("Western", "Central"):
                            * a place only in an article that names its country
                            * ("Ghana's Western Region") */
  char *category;          /* risk terms */
  int weight;              /* risk terms */
  char **unless_next;      /* risk terms: phrases (folded) that, within the next three
                            * words, mean the term is no risk */
  char **unless_prev;      /* risk terms: words that, just before, mean the same */
  char **unless_near;      /* risk terms: words that, anywhere within ten words in the
                            * same sentence, mean the same ("the striker's attack") */
  guint32 *unless_hashes;  /* vigil_word_hash() of each unless_next phrase's first word,
                            * then of each unless_prev word, then of each unless_near
                            * word: compared before the strings */
  gboolean acronym;        /* listed in capitals ("UN", "WHO"): must appear in capitals */
  gboolean lower_case;     /* demonyms: also an adjective in lower case ("russes") */
  guint32 capitals;        /* bit k: the name's word k (k < 32) is listed capitalised */
  gboolean dotted;         /* "U.N." made from "UN": its letters must be joined by dots */
  guint64 unless_next_bits, unless_near_bits; /* bit (hash % 64) of each unless_hashes
                                               * word of unless_next, of unless_near: most
                                               * words are none of them at one test */
} VigilEntry;

typedef struct _VigilGazetteer VigilGazetteer;

VigilGazetteer *vigil_gazetteer_new (void);
VigilGazetteer *vigil_gazetteer_ref (VigilGazetteer *self);
void vigil_gazetteer_unref (VigilGazetteer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilGazetteer, vigil_gazetteer_unref)

/* Loads one list. Lines starting with '#' are comments. Formats by kind:
 * location: name, canonical, country, lat, lon, population, "word", region; demonym: name,
 * canonical name of the country, country; organization/person: name, canonical; risk: term,
 * category, weight; title: one term per line. */
gboolean vigil_gazetteer_load (VigilGazetteer *self, VigilEntryKind kind, const char *data,
                               gsize length, GError **error);
/* The user's file: one entry a line, "KIND<TAB>fields…" with KIND person,
 * organization, location, demonym, risk or title and the fields of that list, or
 * "-<TAB>phrase" to stop a phrase being recognised at all. */
gboolean vigil_gazetteer_load_user (VigilGazetteer *self, const char *data, gsize length,
                                    GError **error);
/* Loads the lists bundled in the GResource, then the user's own file
 * ($XDG_CONFIG_HOME/vigil/gazetteer.tsv) when it exists. */
VigilGazetteer *vigil_gazetteer_new_default (GError **error);
/* The same, read later: returns at once, and the lists are read at the first
 * call that needs them (in the thread that makes it, the others waiting for
 * it) or beforehand in a thread of their own by vigil_gazetteer_preload().
 * For the application, whose window should not wait for them. A failure (a
 * broken build without its lists) is logged and leaves the lists empty. */
VigilGazetteer *vigil_gazetteer_new_default_lazy (void);
/* Starts reading a lazy gazetteer's lists in a thread of its own, unless they
 * are read or being read (nothing for any other gazetteer). */
void vigil_gazetteer_preload (VigilGazetteer *self);
/* The bundled lists alone: no user file, no tagger (to train the tagger on
 * features anyone can reproduce). */
VigilGazetteer *vigil_gazetteer_new_bundled (GError **error);

typedef gboolean (*VigilEntryFilter) (const VigilEntry *entry, VigilTokens *tokens, guint first,
                                      guint n_tokens, gpointer user_data);

/* Longest match starting at token index `first` whose entry `accept` approves
 * (NULL accepts all). Among entries of the same phrase the kinds rank person,
 * organisation, location, risk, title, demonym. Returns the number of tokens
 * matched (0 if none) and the entry in *out_entry. `accept` must not have side
 * effects: it is not called for entries that could not be chosen anyway. */
guint vigil_gazetteer_match (VigilGazetteer *self, VigilTokens *tokens, guint first,
                             VigilEntryFilter accept, gpointer user_data,
                             const VigilEntry **out_entry);
/* The same, also giving every entry listed for the matched phrase (owned by the
 * gazetteer), for the analyser to choose among places of the same name. */
guint vigil_gazetteer_match_all (VigilGazetteer *self, VigilTokens *tokens, guint first,
                                 VigilEntryFilter accept, gpointer user_data,
                                 const VigilEntry **out_entry, GPtrArray **out_all);
guint vigil_gazetteer_size (VigilGazetteer *self);

/* The tier of small places (towns.tsv: towns of 1,000 to 15,000 inhabitants
 * whose names no other list holds), kept out of the lists that find names:
 * such a name is as often a person's or a word, so it never makes a place
 * mark by itself. The analyser asks here for a name that the tagger or the
 * words around it read as a place. Fills *out (its strings are the
 * gazetteer's; nothing to free) with the town named by tokens first to
 * first + n - 1: the one in a country of `countries` (ISO codes, NULL-ended,
 * may be NULL), else the most populous; FALSE when none is named so. The
 * tier is read at the first call (the others wait). */
gboolean vigil_gazetteer_lookup_town (VigilGazetteer *self, VigilTokens *tokens, guint first,
                                      guint n, const char *const *countries, VigilEntry *out);
/* The first-level subdivision (an ISO 3166-2 code, the gazetteer's) of the
 * city or town of one of `countries` (ISO alpha-2, NULL-ended; NULL: of any
 * country) whose name is `name` as transliterations write it otherwise ("Tal
 * Afar" and "Tall 'Afar", "Ruwaished" and "Ar Ruwayshid": an Arabic article,
 * accents, apostrophes, doubled letters and letters for one sound aside;
 * names of five letters or more once so written); NULL when the lists hold
 * none, or places of that spelling in two subdivisions. Reads both lists at
 * the first call. */
const char *vigil_gazetteer_region_by_spelling (VigilGazetteer *self, const char *name,
                                                const char *const *countries);
/* The number of towns in that tier (reads it). */
guint vigil_gazetteer_n_towns (VigilGazetteer *self);

/* The name taggers used with these lists, by language ("en", which also
 * serves text of undetermined language, and "fr"; owned by the gazetteer, NULL
 * for none). vigil_gazetteer_new_default() loads those at
 * vigil_names_model_path(). The plain calls are the English tagger's. */
void vigil_gazetteer_set_tagger (VigilGazetteer *self, VigilTagger *tagger);
const VigilTagger *vigil_gazetteer_get_tagger (VigilGazetteer *self);
void vigil_gazetteer_set_language_tagger (VigilGazetteer *self, const char *language,
                                          VigilTagger *tagger);
const VigilTagger *vigil_gazetteer_get_language_tagger (VigilGazetteer *self, const char *language);
/* $VIGIL_NAMES_MODEL (or $VIGIL_NAMES_MODEL_FR), else the installed model,
 * else the source tree's. */
char *vigil_names_model_path (const char *language);

G_END_DECLS
