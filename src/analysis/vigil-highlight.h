/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-highlight.h: marks in article HTML.
 *
 * Takes sanitised article HTML, analyses its visible text as one document (so a
 * name split by inline markup is still one name), and wraps each entity and risk
 * term in <mark class="vigil-ent-person|vigil-ent-organization|vigil-ent-location|
 * vigil-risk vigil-risk-CATEGORY" title="…">, in text nodes only.
 */
#pragma once

#include "vigil-analyzer.h"

G_BEGIN_DECLS

/* Returns the highlighted HTML; *out_analysis (optional) receives the analysis of
 * the text, with offsets into the text the highlighter extracted. */
char *vigil_highlight_html (VigilGazetteer *gazetteer, const char *html,
                            VigilAnalysis **out_analysis);

G_END_DECLS
