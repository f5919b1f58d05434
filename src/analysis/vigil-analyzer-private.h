/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analyzer-private.h — what the parts of the analysis share: the state of
 * one analysis (Ctx), the word classes the rules ask about, and the steps each
 * part gives the others. vigil-analyzer.c runs the steps (lists and titles,
 * the tagger, rules, language, score); vigil-analyzer-names.c joins the
 * tagger's names with the lists' and links later mentions; vigil-analyzer-places.c
 * tells places of one name apart; vigil-analysis.c is the result object, its
 * labels and its JSON. */
#pragma once

#include "vigil-analyzer.h"
#include "vigil-word-table.h"

G_BEGIN_DECLS

#define MAX_NAME_TOKENS 4

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
  /* Arrays analyzer_merge_tagged() reuses from one analysis to the next
   * (NULL: it makes its own): two of VigilEntity without a clear function,
   * one of gboolean. */
  GArray *spare_entities, *spare_listed, *spare_flags;
  GArray *spare_indices;      /* guint, for the rules that drop entities */
  GPtrArray *spare_countries; /* for analyzer_resolve_places() */
  /* Code point -> the index of the token that starts there, else G_MAXUINT,
   * for n_token_at code points; NULL: analyzer_entity_tokens() searches. */
  const guint *token_at;
  guint n_token_at;
  /* Risk terms read calmly by their context somewhere in the text ("a loan
   * drawdown"): the entries' names, owned by the gazetteer; NULL: none. */
  GPtrArray *calm_terms;
} Ctx;

GArray *analyzer_take_indices (Ctx *ctx, GArray **own);

typedef struct
{
  guint entity; /* index in result->entities at the time it was added */
  guint first;  /* token */
  guint n_tokens;
  GPtrArray *candidates; /* owned by the gazetteer */
} PlaceSpan;

/* The entities and risk terms an analysis makes room for at once. */
#define ENTITIES_ROOM 8
#define RISKS_ROOM 8

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
  WORD_PLACE_HEAD = 1 << 9,     /* "Museum", "Center": the last word of a place's name */
  WORD_PLACE_FIRST = 1 << 10,   /* "Mount", "Lake": the first word of a place's name */
  WORD_FACILITY = 1 << 11,      /* "Base", "Airport", "Street": a name ending so is a place */
  WORD_PLACE_AFTER = 1 << 12,   /* "base", "province": a name before it in lower case is a place */
  WORD_FACILITY_KIND = 1 << 13, /* "air", "military", "border": before a lower-case facility */
  WORD_HOLIDAY = 1 << 14,       /* "Christmas": a party then is no organisation */
  WORD_PLACE_KIND = 1 << 15,    /* "region", "island": "the regions of X", "the X region" */
  WORD_PLACE_BEFORE = 1 << 16,  /* "river": "the river X" */
  WORD_EVENT = 1 << 17,         /* "Cup", "Open": a name ending so is an event's */
  WORD_STATE_VERB = 1 << 18,    /* "announced", "ceded": what a state does */
  WORD_PLACE_PREPOSITION = 1 << 19, /* "in", "with": before a place that stays one */
  WORD_STATE_BURDEN = 1 << 20,      /* "sanctions": laid "on" or "against" a state */
  WORD_INSTITUTIONS = 1 << 21,      /* "Hospitals": after the names of the institutions */
  WORD_STATE_ACTOR = 1 << 22,       /* "forces", "government": after a demonym, its state acts */
  WORD_MONTH = 1 << 23,             /* "Nov", "November": before a day's number, a date */
};

/* vigil-analyzer-places.c: whether a folded word names a kind of province
 * ("region", "state", "governorate"). */
gboolean analyzer_province_word (const char *folded);
/* Whether the N tokens at FIRST are written the way a subdivision named by
 * an ordinary word is ("the Bay region"). */
gboolean analyzer_kind_named_place (VigilTokens *tokens, guint first, guint n);
gboolean analyzer_accept_entry (const VigilEntry *entry, VigilTokens *tokens, guint first, guint n,
                                gpointer data);
void analyzer_add_entity (Ctx *ctx, guint first, guint last, VigilEntityType type,
                          const char *canonical, const VigilEntry *entry);
void analyzer_clear_demonym (gpointer data);
void analyzer_clear_entity (gpointer data);
void analyzer_clear_risk (gpointer data);
int analyzer_compare_entities (gconstpointer a, gconstpointer b);
GArray *analyzer_demonym_array (void);
void analyzer_find_by_rules (Ctx *ctx, gboolean people);
void analyzer_find_states (Ctx *ctx);
void analyzer_find_institutions (Ctx *ctx);
void analyzer_find_teams (Ctx *ctx);
void analyzer_find_units (Ctx *ctx);
gboolean analyzer_is_honorific (const VigilToken *tok);
/* The first and last tokens an entity spans (its text is the text of those
 * tokens); FALSE when it does not start on a token. */
void analyzer_index_tokens (Ctx *ctx, guint **buf, gsize *room);
gboolean analyzer_entity_tokens (Ctx *ctx, const VigilEntity *ent, guint *first, guint *last);
/* Calls func on each entity of the result (its index e) that starts on a
 * token, with the first and last tokens it spans. */
typedef void (*AnalyzerEntityFunc) (Ctx *ctx, guint e, VigilEntity *ent, guint first, guint last);
void analyzer_each_entity (Ctx *ctx, AnalyzerEntityFunc func);
/* ent made a thing of type, with no country nor coordinates. */
void analyzer_retype (VigilEntity *ent, VigilEntityType type);
gboolean analyzer_listed_with_authority (Ctx *ctx, guint first);
gboolean analyzer_party_after (Ctx *ctx, guint first, guint k);
gboolean analyzer_place_evidence (Ctx *ctx, guint i);
gboolean analyzer_kind_of_place_before (Ctx *ctx, guint i);
gboolean analyzer_place_kind_after (Ctx *ctx, guint last);
gboolean analyzer_person_evidence (Ctx *ctx, guint i);
void analyzer_link_acronyms (Ctx *ctx);
void analyzer_merge_tagged (Ctx *ctx, const guint8 *tags);
gboolean analyzer_name_gap (Ctx *ctx, guint a, guint b);
void analyzer_one_type_per_name (Ctx *ctx);
void analyzer_resolve_places (Ctx *ctx);
void analyzer_check_places (Ctx *ctx);
void analyzer_resolve_short_mentions (Ctx *ctx);
void analyzer_repeat_names (Ctx *ctx);
void analyzer_find_sites (Ctx *ctx);
void analyzer_sort_entities (GArray *ents);
gboolean analyzer_spaced_dash (Ctx *ctx, guint a, guint b);
guint analyzer_word_classes (const VigilToken *tok);

G_END_DECLS
