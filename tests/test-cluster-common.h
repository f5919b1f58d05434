/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cluster-common.h: what the story tests share (test-cluster,
 * test-cluster-frame): the gazetteer, a text's story signature, the times. */
#pragma once

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
