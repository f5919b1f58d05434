/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-analysis-common.h: what the analysis tests share (test-analysis,
 * test-analysis-risk, test-analysis-names, test-analysis-output): the default
 * gazetteer loaded around the run (analysis_test_init/run), an entity or a risk
 * term looked for in an analysis. */
#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-cluster.h"
#include "vigil-highlight.h"
#include "vigil-html.h"
#include "vigil-test-utils.h"

static VigilGazetteer *gaz;

static inline gboolean
has_entity (VigilAnalysis *a, VigilEntityType type, const char *text, const char *canonical)
{
  for (guint i = 0; i < a->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      if (e->type == type && g_str_equal (e->text, text)
          && (canonical == NULL || g_str_equal (e->canonical, canonical)))
        return TRUE;
    }
  return FALSE;
}

static inline gboolean
has_risk (VigilAnalysis *a, const char *text)
{
  for (guint i = 0; i < a->risks->len; i++)
    if (g_str_equal (g_array_index (a->risks, VigilRisk, i).text, text))
      return TRUE;
  return FALSE;
}

static inline const VigilEntity *
find_entity (VigilAnalysis *a, const char *text)
{
  for (guint i = 0; i < a->entities->len; i++)
    if (g_str_equal (g_array_index (a->entities, VigilEntity, i).text, text))
      return &g_array_index (a->entities, VigilEntity, i);
  return NULL;
}

/* g_test_init(), and the default gazetteer loaded. */
static inline void
analysis_test_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_test_init (argc, argv, NULL);
  gaz = vigil_gazetteer_new_default (&error);
  g_assert_no_error (error);
}

/* Runs the tests, then lets the gazetteer go. */
static inline int
analysis_test_run (void)
{
  int ret = g_test_run ();

  vigil_gazetteer_unref (gaz);
  return ret;
}
