/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cluster-common.h: what the story tests share (test-cluster,
 * test-cluster-frame, test-cluster-recall): the gazetteer, a text's story
 * signature, the times, what a signature reads of the event (assert_reads,
 * ReadsCase), and a story test as a table (StoryCase: reports, how pairs of
 * them compare, what a clusterer makes of them). */
#pragma once

#include <math.h>
#include <string.h>

#include "vigil-analyzer.h"
#include "vigil-cluster-private.h"
#include "vigil-test-utils.h"

#define HOUR 3600
#define T0 1710000000

static VigilGazetteer *gaz;

/* The analysis of a text whose first line is its title. */
static inline VigilAnalysis *
analyze_titled (const char *text)
{
  const char *nl = strchr (text, '\n');

  return vigil_analyze (gaz, text, g_utf8_strlen (text, nl - text));
}

/* The signature of a text (its first line the title) published at time. */
static inline VigilStorySignature *
signature (const char *text, gint64 time)
{
  g_autoptr (VigilAnalysis) analysis = analyze_titled (text);

  return vigil_story_signature_new (gaz, analysis, text, time);
}

/* Whether an array of Feature has key. */
static inline gboolean
has_key (GArray *features, const char *key)
{
  for (guint i = 0; i < features->len; i++)
    if (g_str_equal (g_array_index (features, Feature, i).key, key))
      return TRUE;
  return FALSE;
}

static inline gboolean
has_frame (const VigilStorySignature *s, const char *concept)
{
  return has_key (s->frame, concept);
}

static inline gboolean
has_toll (const VigilStorySignature *s, char slot, gint64 value)
{
  for (guint i = 0; i < s->tolls->len; i++)
    if (g_array_index (s->tolls, Toll, i).slot == slot
        && g_array_index (s->tolls, Toll, i).value == value)
      return TRUE;
  return FALSE;
}

/* Whether s reads of the event what expected says: items apart by spaces,
 * each a toll (its slot, k killed or w wounded, then its count: "k22") or a
 * frame concept ("p:hospital"), after "-" when s must not read it. */
static inline void
assert_reads (const VigilStorySignature *s, const char *expected)
{
  g_auto (GStrv) items = g_strsplit (expected, " ", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      gboolean absent = items[i][0] == '-';
      const char *item = items[i] + absent;
      gboolean read = item[1] == ':' ? has_frame (s, item)
                                     : has_toll (s, item[0], g_ascii_strtoll (item + 1, NULL, 10));
      g_autofree char *got = g_strdup_printf ("%s%s", read ? "" : "-", item);

      g_assert_cmpstr (got, ==, items[i]);
    }
}

/* A text published at T0 and what its signature must read of the event
 * (as assert_reads() takes it). A test is an array of them that ends with
 * one of no text, run by test_reads_cases() (g_test_add_data_func). */
typedef struct
{
  const char *text;
  const char *reads;
} ReadsCase;

static inline void
test_reads_cases (gconstpointer data)
{
  for (const ReadsCase *c = data; c->text != NULL; c++)
    {
      g_autoptr (VigilStorySignature) s = signature (c->text, T0);

      assert_reads (s, c->reads);
    }
}

/* How one report compares with another: vigil_story_signature_similarity()
 * of the first against the second. */
typedef enum
{
  ONE_EVENT,  /* at least VIGIL_STORY_SAME_EVENT */
  TWO_EVENTS, /* below it */
  NOTHING,    /* 0: a gate (the places, the countries) keeps them apart */
  SOMETHING,  /* above 0: the gates let the pair through, the words decide */
} Likeness;

typedef enum
{
  STEP_END,
  STEP_FIND, /* the story the clusterer finds for the report is story */
  STEP_ADD,  /* the clusterer files the report as article id of story */
} StepKind;

typedef struct
{
  StepKind kind;
  guint report;
  gint64 id, story;
} Step;

#define FIND(report, story)                                                                        \
  {                                                                                                \
    STEP_FIND, report, 0, story                                                                    \
  }
#define ADD(report, id, story)                                                                     \
  {                                                                                                \
    STEP_ADD, report, id, story                                                                    \
  }

/* A story test (its test path first): reports published hours after T0, pairs of them (indexes
 * into reports; each list ends at a pair of one report with itself) and how
 * they compare, steps run on one clusterer (48 hours) in order, and reports
 * nearer to one than another (the similarity of a to b above that of a to c
 * by more than margin, in log-odds: story_log_odds). */
typedef struct
{
  const char *path;
  struct
  {
    const char *text;
    int hours;
  } reports[5];
  struct
  {
    guint a, b;
    Likeness likeness;
  } pairs[4];
  Step steps[6];
  struct
  {
    guint a, b, c;
    double margin;
  } nearer[2];
} StoryCase;

/* A similarity as the log-odds of one event (the model's scale; near text,
 * over 1, above any of them), for margins that mean as much near 1 as near
 * the threshold. */
static inline double
story_log_odds (double similarity)
{
  if (similarity >= 1)
    return 40 + similarity;
  if (similarity <= 0)
    return -20;
  return CLAMP (log (similarity / (1 - similarity)), -20.0, 20.0);
}

static inline void
assert_story_case (const StoryCase *sc)
{
  VigilStorySignature *sigs[G_N_ELEMENTS (sc->reports)] = { NULL };
  g_autoptr (VigilClusterer) clusterer = vigil_clusterer_new (48 * HOUR);

  for (guint i = 0; i < G_N_ELEMENTS (sc->reports) && sc->reports[i].text != NULL; i++)
    sigs[i] = signature (sc->reports[i].text, T0 + sc->reports[i].hours * HOUR);
  for (guint i = 0; i < G_N_ELEMENTS (sc->pairs) && sc->pairs[i].a != sc->pairs[i].b; i++)
    {
      double similarity
          = vigil_story_signature_similarity (sigs[sc->pairs[i].a], sigs[sc->pairs[i].b]);

      g_test_message ("reports %u/%u: %.3f", sc->pairs[i].a, sc->pairs[i].b, similarity);
      switch (sc->pairs[i].likeness)
        {
        case ONE_EVENT:
          g_assert_cmpfloat (similarity, >=, VIGIL_STORY_SAME_EVENT);
          break;
        case TWO_EVENTS:
          g_assert_cmpfloat (similarity, <, VIGIL_STORY_SAME_EVENT);
          break;
        case NOTHING:
          g_assert_cmpfloat (similarity, ==, 0);
          break;
        case SOMETHING:
          g_assert_cmpfloat (similarity, >, 0);
          break;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (sc->nearer) && sc->nearer[i].a != sc->nearer[i].b; i++)
    {
      double ab = vigil_story_signature_similarity (sigs[sc->nearer[i].a], sigs[sc->nearer[i].b]);
      double ac = vigil_story_signature_similarity (sigs[sc->nearer[i].a], sigs[sc->nearer[i].c]);

      g_test_message ("reports %u/%u: %.3f (log-odds %.2f), %u/%u: %.3f (log-odds %.2f)",
                      sc->nearer[i].a, sc->nearer[i].b, ab, story_log_odds (ab), sc->nearer[i].a,
                      sc->nearer[i].c, ac, story_log_odds (ac));
      g_assert_cmpfloat (story_log_odds (ab), >, story_log_odds (ac) + sc->nearer[i].margin);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sc->steps) && sc->steps[i].kind != STEP_END; i++)
    {
      const Step *step = &sc->steps[i];

      if (step->kind == STEP_FIND)
        g_assert_cmpint (vigil_clusterer_find_story (clusterer, sigs[step->report]), ==,
                         step->story);
      else
        vigil_clusterer_add_story (clusterer, step->id, step->story, sigs[step->report]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    g_clear_pointer (&sigs[i], vigil_story_signature_unref);
}

/* assert_story_case() for g_test_add_data_func. */
static inline void
test_story_case (gconstpointer data)
{
  assert_story_case (data);
}

static inline void
add_story_cases (const StoryCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_story_case);
}

static inline void
cluster_test_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_test_init (argc, argv, NULL);
  gaz = vigil_gazetteer_new_default (&error);
  g_assert_no_error (error);
}

static inline int
cluster_test_run (void)
{
  int status = g_test_run ();

  vigil_gazetteer_unref (gaz);
  return status;
}
