/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-page.h: the article as the view shows it, as one HTML page.
 *
 * The page template of the GResource filled with the article's header, its
 * risk bar, legend and entity chips, and its sanitised body with entities and
 * risk terms marked. No GTK: the article view loads this page into WebKit,
 * and `vigil-cli render` prints it, byte for byte the same.
 */
#pragma once

#include "vigil-analyzer.h"
#include "vigil-article.h"

G_BEGIN_DECLS

/* The highlight types the legend switches, in its order: bit i of `hidden`,
 * named in vigil:toggle/NAME links and in the body class vigil-hide-NAME. */
#define VIGIL_ARTICLE_PAGE_N_TYPES 4
/* "person", "organization", "location", "risk"; NULL past the last. */
const char *vigil_article_page_type_name (guint i);
/* The class of that type's marks ("vigil-ent-person"…); NULL past the last. */
const char *vigil_article_page_type_css (guint i);

/* The complete page for article. dark: the dark colour scheme. hidden:
 * highlight types switched off in the legend (bits as above). load_images:
 * the page's policy lets remote (http, https) images load; otherwise only
 * inline data: ones. strong: deeper colours and an underline per type.
 * A shortened article (VIGIL_ARTICLE_SHORTENED_MARK, or text longer than the
 * analysis reads) says so at the top of its body. Safe to call from any
 * thread for an article no other thread changes meanwhile. */
char *vigil_article_page_render (VigilGazetteer *gazetteer, VigilArticle *article, gboolean dark,
                                 guint hidden, gboolean load_images, gboolean strong);

G_END_DECLS
