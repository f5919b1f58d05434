/* SPDX-License-Identifier: GPL-3.0-or-later */
/* eval-set.h: the analysis evaluation sets (the .tsv files in tests/fixtures/eval), shared by
 * test-eval and bench-tagging so both score the same way. */
#pragma once

#include "vigil-analyzer.h"

G_BEGIN_DECLS

#define EVAL_N_TYPES 4 /* person, organization, location, risk */

extern const char *const eval_types[EVAL_N_TYPES];

typedef struct
{
  char *id;
  gboolean calm;
  GString *text;
  GHashTable *gold; /* "type\tsurface" */
} EvalDoc;

/* A GPtrArray of EvalDoc, or NULL with error set. */
GPtrArray *eval_set_load (const char *path, GError **error);

/* Adds true positives, false positives and misses per type of one analysis
 * against the document's gold; names each mistake with g_test_message if verbose. */
void eval_doc_count (EvalDoc *doc, VigilAnalysis *analysis, guint tp[EVAL_N_TYPES],
                     guint fp[EVAL_N_TYPES], guint fn[EVAL_N_TYPES], gboolean verbose);

G_END_DECLS
