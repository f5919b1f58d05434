/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cluster-private.h — what story signatures (vigil-cluster.c) and the
 * clusterer that remembers them (vigil-clusterer.c) share. */
#pragma once

#include "vigil-cluster.h"

G_BEGIN_DECLS

typedef struct
{
  char *key;
  double weight;
  gboolean specific; /* a person, an organisation, a town: not a country or province */
  char *ascii;       /* a specific name's key in lower-case ASCII letters and digits only,
                      * for spelling variants (else NULL) */
  gboolean person;   /* a person's name, for names given in part */
} Feature;

/* A count and what it counts: 'k' killed, 'w' wounded, 'm' missing, 'a'
 * abducted (vigil-cluster.c's count_slot). */
typedef struct
{
  char slot;
  gint64 value;
} Toll;

struct _VigilStorySignature
{
  gint ref_count;
  gint64 time;
  guint64 simhash;
  gboolean names_only;       /* made from names alone (vigil_clusterer_add) */
  GArray *entities;          /* Feature, sorted by key */
  GArray *categories;        /* Feature, sorted by key */
  GArray *headline;          /* Feature: the families of event its headline reports */
  GArray *words;             /* Feature (weight 1), sorted by key */
  GArray *numbers;           /* gint64, sorted, without repeats */
  GArray *tolls;             /* Toll: the counts whose kind the words about them give */
  GArray *avenged;           /* Toll: the counts of what its event avenged ("in
                              * retaliation for a raid in which five were killed") */
  GArray *named_regions;     /* Feature: ISO 3166-2 codes of the provinces it names */
  GArray *city_regions;      /* Feature: those of the provinces its towns lie in */
  GArray *lead_city_regions; /* Feature: those of the towns its lead names */
  GArray *countries;         /* Feature: ISO 3166-1 codes of its places and peoples */
  GArray *regions;           /* Feature: the provinces it names (their codes, or their
                              * names when the lists do not place them) */
  GArray *single_names;      /* Feature: stems of its one-word specific names ("Marapi") */
  GArray *name_words;        /* Feature: stems of the words of its names and of the
                              * capitalised words inside its sentences */
  GArray *frame;             /* Feature: "slot:concept", what the report says was hit,
                              * by what, where, and when (the day, the part of it)
                              * (vigil-cluster-frame.c's frame_words) */
  guint8 duration_hours;     /* how long its lead says the event lasted ("a seven-hour
                              * standoff"), 0 when it does not say */
  guint8 magnitude;          /* an earthquake's magnitude it gives first, in tenths
                              * ("a magnitude 6.6 earthquake": 66), 0 when none */
  gboolean country_named;    /* it names a country, a people, or a place as one country's
                              * ("Morocco", "Moroccan", "Venezuela's El Callao"); not
                              * when its countries are only those the lists give its
                              * towns (a "Tata" the lists know only in Hungary) */
  gboolean toll_rose;        /* its lead says a count of the dead rose to its value ("the
                              * toll climbed to 14"): news of an event told before */
  guint8 follow_up_days;     /* bits 0-6 (Sunday to Saturday): the days whose event its
                              * lead calls by the day's name ("Tuesday's explosion") */
  GArray *lead_countries;    /* Feature: the countries of the places its lead names */
  GArray *lead_peoples;      /* Feature: the countries of the peoples its lead names
                              * ("Tajik forces", "an Indian navy warship") */
  GArray *lead_victims;      /* Feature: the countries of the people its lead tells of by
                              * their nationality and what they were ("Egyptian migrants",
                              * "Pakistani pilgrims"), a subset of lead_peoples */
  GArray *lead_towns;        /* Feature: the specific places (towns, villages) its lead
                              * (the headline and LEAD_SENTENCES sentences) names */
  GArray *units;             /* Feature: "level:name", the named districts, counties,
                              * townships and neighbourhoods it places things in */
  double category_norm;
  gint32 offset_least, offset_greatest; /* seconds local time may be ahead of UTC where its
                                         * event was: those of its lead's countries (UTC-12
                                         * to UTC+14 when its lead names none) */
};

/* How many of the remembered reports have each word: a word most reports
 * have ("army", "shelling") says less of which event a report is about than
 * one only a few have (a hotel's name). */
typedef struct
{
  GHashTable *df; /* stem -> count */
  guint n;
} Idf;

/* Words and names are counted in one table; names under this prefix. */
#define IDF_PRIOR 20
#define NAME_PREFIX "\001"

#define SIMHASH_NEAR 10 /* bits of 64: reprinted wire copy */
/* Entity names alone (as the store keeps them): the share of names two
 * rewritten reports have in common, and the fewest names. */
#define NAMES_MIN_SHARED 3
#define NAMES_MIN_JACCARD 0.5
#define WEIGHT_PLACE 1.5 /* a town's weight among a signature's entities */

/* Sentences after the headline that make a report's lead. */
#define LEAD_SENTENCES 2

/* vigil-cluster.c */
gboolean cluster_in_list (const char *const *list, gsize n, const char *word);
const char *cluster_event_family (const char *category);

/* vigil-cluster-frame.c: the frame concept of the token at I (or NULL), and
 * what the words around a name say of it. */
const char *cluster_frame_of_token (VigilTokens *tokens, guint i, gboolean in_name);
gboolean cluster_province_named (VigilTokens *tokens, guint end);
gboolean cluster_clock_at (VigilTokens *tokens, guint i, const char **concept, guint *span);
const char *cluster_time_of_token (VigilTokens *tokens, guint i, const char *frame);
gboolean cluster_distance_from (VigilTokens *tokens, guint start);
gboolean cluster_beside_word (VigilTokens *tokens, guint i);
gboolean cluster_beside (VigilTokens *tokens, guint start, guint end);
gboolean cluster_off_landmark (VigilTokens *tokens, guint start);
gboolean cluster_armed_service (VigilTokens *tokens, guint end);
/* Whether a word names a kind of province ("province", "state"). */
gboolean cluster_province_word (const char *folded);
/* Whether the country named at [start, end) is named as a border ("the
 * Cameroon border", "the border with Somalia"): not where the event was. */
gboolean cluster_border_of (VigilTokens *tokens, guint start, guint end);
gboolean cluster_based_in (VigilTokens *tokens, guint end);
gboolean cluster_area_named (VigilTokens *tokens, guint end);
/* The first magnitude the text gives ("a magnitude 6.6 earthquake", "a
 * 6.4-magnitude quake", "5.8 on the Richter scale"), in tenths; 0 if none. */
guint8 cluster_magnitude (VigilTokens *tokens);
gboolean cluster_destination (VigilTokens *tokens, guint start);
gboolean cluster_route_end (VigilTokens *tokens, guint start);
gboolean cluster_people_home (VigilTokens *tokens, guint start);
gboolean cluster_raiders (VigilTokens *tokens, guint end);
gboolean cluster_local_place_named (VigilTokens *tokens, guint start);
/* Whether a name the tagger took for a person the text calls a town ("the
 * village of X", "X district", "X, a gold-mining town in"). */
gboolean cluster_person_placed (VigilTokens *tokens, guint start, guint end);
gboolean cluster_first_level_named (VigilTokens *tokens, guint end);
gboolean cluster_province_of (VigilTokens *tokens, guint start, gboolean first_level);

/* The least and greatest offset (seconds) of local time from UTC in a
 * country (ISO 3166-1 code) over a year; FALSE when it is not known. */
gboolean cluster_utc_offsets (const char *country, gint32 *least, gint32 *greatest);

/* vigil-clusterer.c: the rarity of words among the reports it remembers. */
const Idf *cluster_clusterer_idf (VigilClusterer *self);

/* vigil-cluster-similarity.c */

/* What two signatures share and where they disagree, before any of it is
 * weighed (cluster_similarity weighs it). */
typedef struct
{
  guint simhash_distance;            /* bits of 64 (64 when neither has one) */
  guint shared_names;                /* entities both name */
  double names_jaccard;              /* their share of all the names of the two */
  double shared_specific;            /* the weight of the specific ones (towns, actors) */
  double variant_specific;           /* specific names shared as spelling variants, in part,
                                      * written without being found a name, or a province
                                      * holding the other's town */
  guint shared_regions;              /* provinces both name */
  gboolean same_day;                 /* published within DAYS_COMPARED */
  double hours;                      /* hours between the two */
  guint frame_agree, frame_conflict; /* slots of the event's frame */
  guint toll_conflicts;              /* kinds of count no two of whose values agree */
  gboolean clock_differs;            /* hours on one day far apart */
  gboolean gate;                     /* frame_opens_gate */
  gboolean countries_differ;
  gboolean headline_differs; /* the headlines report different kinds of event */
  guint risks;               /* how many of the two report a risk (0-2) */
  double category_cosine;    /* of their risk categories, when both report one */
  double words;              /* weighted_overlap of their words (-1 in the lazy
                              * features, until the pair has passed the rules) */
  guint shared_numbers;
  gboolean near_numbers;
  gboolean units_differ;          /* both name parts of one level, none of them the same */
  gboolean provinces_differ;      /* both name provinces of one country, and no province the one
                                   * names or holds a town of is the other's */
  gboolean follow_up;             /* the later one's lead calls the earlier one's day's event by the
                                   * day's name */
  gboolean avenges;               /* one's event avenged an incident with the other's counts */
  gboolean happened_after;        /* one's lead dates its event after the other was published */
  gboolean magnitudes_agree;      /* two earthquakes' magnitudes, within MAGNITUDE_HOURS,
                                   * within MAGNITUDE_AGREE tenths of each other */
  gboolean wide_hazard;           /* one earthquake, storm or eruption both name (the hazard
                                   * and a name in common: "Tropical Storm Nana", "Fuego") */
  gboolean lead_countries_differ; /* both leads name places, of no country in common, and
                                   * neither names the other's people */
  gboolean lead_towns_differ;     /* both leads name towns, none named in the other report */
  gboolean lead_provinces_differ; /* and one lead's town lies in a province, and the two name
                                   * provinces of one country, none of them the other's */
  /* (like words, worked out once the pair has passed the rules) */
  gboolean killed_differ; /* both give a count of the dead, no value of one the other's */
  gboolean parts_differ;  /* one day, and no part of it in common */
  gboolean killed_fell;   /* the later report counts fewer dead than the earlier */
  gboolean toll_update;   /* the later one's lead says its count of the dead rose, to more
                           * than the earlier's */
  gboolean dates_differ;  /* the leads name their events' days, and those fall on other dates */
  gboolean leads_apart;   /* each lead names a town the other report does not (a shared city
                           * aside: "Gikomba market" and "Toi market" of Nairobi) */
  /* One headline reports a state's measures (a drawdown, an evacuation) of
   * which the other report tells nothing. */
  gboolean departure_untold;
  gboolean victims_differ; /* both leads tell of people by nationality, of none the other
                            * lead names ("Egyptian migrants", "Sudanese refugees") */
} PairFeatures;

/* (PairFeatures.magnitudes_agree) */
#define MAGNITUDE_HOURS 36.0
#define MAGNITUDE_AGREE 2

/* What the fitted model of vigil-cluster-weights.h weighs, in its order:
 * the features of a pair that no rule vetoed, as numbers. */
typedef enum
{
  STORY_IN_SHARED_SPECIFIC,
  STORY_IN_VARIANT_SPECIFIC,
  STORY_IN_SHARED_REGIONS,
  STORY_IN_SAME_DAY,
  STORY_IN_HOURS,
  STORY_IN_FRAME_AGREE,
  STORY_IN_FRAME_CONFLICT,
  STORY_IN_TOLL_CONFLICTS,
  STORY_IN_GATE,
  STORY_IN_HEADLINE_DIFFERS,
  STORY_IN_RISKS,
  STORY_IN_CATEGORY_COSINE,
  STORY_IN_WORDS,
  STORY_IN_SHARED_NUMBERS,
  STORY_IN_NEAR_NUMBERS,
  STORY_IN_FOLLOW_UP,
  STORY_IN_LEAD_TOWNS_DIFFER,
  STORY_IN_KILLED_DIFFER,
  STORY_IN_PARTS_DIFFER,
  STORY_IN_KILLED_FELL,
  STORY_IN_DATES_DIFFER,
  STORY_IN_TOLL_UPDATE,
  STORY_IN_LEADS_APART,
  STORY_IN_N
} StoryInput;

/* Their names, as the benchmark writes them and the fitting script reads
 * them ("words", "hours"). */
extern const char *const cluster_model_input_names[STORY_IN_N];
void cluster_model_inputs (const PairFeatures *f, double x[STORY_IN_N]);

void cluster_pair_features (const VigilStorySignature *a, const VigilStorySignature *b,
                            const Idf *idf, PairFeatures *f);
double cluster_similarity (const VigilStorySignature *a, const VigilStorySignature *b,
                           const Idf *idf);
/* The same, and when it is 0 for a rule that vetoes the pair, which one
 * (for the benchmark's listing). */
double cluster_similarity_why (const VigilStorySignature *a, const VigilStorySignature *b,
                               const Idf *idf, const char **why);
gboolean cluster_unplaced (const VigilStorySignature *s);
VigilStorySignature *cluster_signature_from_names (gint64 time, guint64 simhash, GPtrArray *names);

/* Whether a comma, a dot or the like comes between tokens a and b
 * (vigil-cluster-frame.c). */
gboolean cluster_clause_between (VigilTokens *tokens, guint a, guint b);

/* Whether the country's name ending at code point end gives people's
 * nationality ("Myanmar nationals"), not where the event is. */
gboolean cluster_nationals (VigilTokens *tokens, guint end);
gboolean cluster_victims (VigilTokens *tokens, guint end);

/* A name's letters with those that transliterations write for one sound made
 * one (vigil-cluster-similarity.c's variant_spelling). */
gboolean cluster_transliteration_key (const char *x, char *out, gsize size);

G_END_DECLS
