/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analyzer.h: from text to annotations — entities, risk terms, a score.
 *
 * The gazetteer finds listed names and terms; rules find people no list holds
 * (a capitalised name after a title such as "ambassador" or "Mr") and resolve later
 * short mentions ("Tueller", "Mr Trump") to the full name. Offsets are code points
 * into the analysed text, end exclusive.
 */
#pragma once

#include <glib.h>

#include "vigil-gazetteer.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ENTITY_PERSON,
  VIGIL_ENTITY_ORGANIZATION,
  VIGIL_ENTITY_LOCATION,
} VigilEntityType;

typedef struct
{
  guint start, end;
  VigilEntityType type;
  char *text;
  char *canonical;
  char *country; /* locations, may be NULL */
  gboolean has_geo;
  double lat, lon;
  /* A listed city of a million people or more ("Tripoli"): where the name
   * model reads the same words as an organisation, or as a one-word person
   * with no person's context, the place stays ("Dallas said" is the model's
   * person). Not part of the JSON. */
  gboolean prominent;
} VigilEntity;

typedef struct
{
  guint start, end;
  char *text;
  char *term; /* the lexicon entry */
  char *category;
  int weight;
} VigilRisk;

/* A country named by its people's adjective or name ("Russian forces", "les
 * forces russes"): the country is concerned, no place is named. */
typedef struct
{
  guint start, end;
  char *text;
  char *country; /* ISO 3166-1 alpha-2 */
} VigilDemonym;

typedef struct
{
  GArray *entities;  /* VigilEntity, sorted by start */
  GArray *risks;     /* VigilRisk, sorted by start */
  GArray *demonyms;  /* VigilDemonym, sorted by start (may be NULL) */
  int score;         /* 0-100 */
  const char *level; /* low, elevated, high, critical */
  const char *language;
  gboolean shortened; /* only the first VIGIL_ANALYSIS_MAX_TEXT were analysed, or
                       * (read back from JSON) annotations were left out */
} VigilAnalysis;

/* The most of a text that is analysed, in bytes: analysis takes memory in
 * proportion to the text (tokens, candidates), and 1 MiB is more than any
 * news article (and the most the store keeps of one, VIGIL_ARTICLE_MAX_HTML). */
#define VIGIL_ANALYSIS_MAX_TEXT (1024 * 1024)
/* A risk term of this weight (deaths, an ordered departure, "do not travel")
 * makes an article critical. */
#define VIGIL_RISK_WEIGHT_CRITICAL 10
/* The most entities and the most risk terms written as JSON (the annotations
 * stored with an article, `vigil-cli tag`): the first ones in the text. A
 * long report names a few hundred; a mebibyte of names and risk terms would
 * otherwise store megabytes per article. The score counts them all. */
#define VIGIL_ANALYSIS_MAX_ANNOTATIONS 1000

void vigil_analysis_free (VigilAnalysis *analysis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAnalysis, vigil_analysis_free)

/* title_end: code points at the start of text that are the headline (they weigh
 * more in the score); 0 when the text has no headline. Only the first
 * VIGIL_ANALYSIS_MAX_TEXT bytes of text are analysed (cut between words). */
VigilAnalysis *vigil_analyze (VigilGazetteer *gazetteer, const char *text, guint title_end);

const char *vigil_entity_type_to_string (VigilEntityType type);
const char *vigil_level_for_score (int score);
/* "Critical", "High"… translated, for badges, the article view and notifications. */
const char *vigil_level_label (const char *level);
/* "Indirect fire" for "indirect-fire" (translated); unknown categories as they are. */
const char *vigil_risk_category_label (const char *category);
/* The lexicon's categories, one by one (NULL after the last). */
const char *vigil_risk_category_nth (guint n);
/* "Iraq" for "IQ" (in the user's language where iso-codes translates it);
 * the code itself when unknown. Needs the application's resources. */
const char *vigil_country_name (const char *code);
/* The `vigil-cli tag` JSON object, and back (for annotations kept in the store;
 * NULL if json is not such an object). At most VIGIL_ANALYSIS_MAX_ANNOTATIONS
 * entities and as many risk terms; "shortened": true says when text or
 * annotations were left out. */
char *vigil_analysis_to_json (VigilAnalysis *analysis, gboolean pretty);
/* What the gazetteer says of each token (VigilNameClass, one byte a token), as
 * vigil_analyze() gives it to the name tagger: for training and evaluating the
 * tagger on the same features. */
void vigil_analysis_name_classes (VigilGazetteer *gazetteer, VigilTokens *tokens, guint8 *classes);
VigilAnalysis *vigil_analysis_from_json (const char *json);

G_END_DECLS
