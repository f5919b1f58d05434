/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-view.h: the article as the desk reads it, in a WebKitWebView.
 *
 * Sanitised article HTML with entities and risk terms marked, rendered from the
 * template in the GResource. Page JavaScript is off, a strict Content-Security-
 * Policy forbids scripts, remote loads and forms, and link clicks go to the
 * desktop's browser instead of navigating the view.
 */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "vigil-analyzer.h"
#include "vigil-article.h"
#include "vigil-monitor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ARTICLE_VIEW (vigil_article_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilArticleView, vigil_article_view, VIGIL, ARTICLE_VIEW, AdwBin)

GtkWidget *vigil_article_view_new (void);
void vigil_article_view_set_gazetteer (VigilArticleView *self, VigilGazetteer *gazetteer);
/* Plain Space (no modifier) reads on: the article scrolls down a page, or at
 * its end the next unread article is shown. TRUE when keyval and state were
 * that key (handled), else FALSE. */
gboolean vigil_article_view_handle_space (VigilArticleView *self, guint keyval,
                                          GdkModifierType state);
/* Shows a full article (with summary/content); NULL shows the empty state. */
void vigil_article_view_show (VigilArticleView *self, VigilArticle *article);
VigilArticle *vigil_article_view_get_article (VigilArticleView *self);
/* The words the alert rules matched in article article_id (as written, NULL
 * or empty for none): outlined in its page, the headline and the text, as
 * soon as the page shows, so that the desk sees why it alerted. */
void vigil_article_view_mark_rule_words (VigilArticleView *self, gint64 article_id,
                                         const char *const *words);
WebKitWebView *vigil_article_view_get_web_view (VigilArticleView *self);
/* For the next articles shown (their source's "Load images" switch). */
void vigil_article_view_set_load_images (VigilArticleView *self, gboolean load_images);
/* Reader mode: the monitor fetches (its fetcher), stores, analyses and judges
 * full articles; the mode is the next articles' source's (set before
 * vigil_article_view_show). */
void vigil_article_view_set_monitor (VigilArticleView *self, VigilMonitor *monitor);
void vigil_article_view_set_full_text (VigilArticleView *self, VigilFullText mode);
/* Shows the full article (fetching it the first time) or back the summary;
 * FALSE when the article has none to offer (no web address, or a source set
 * to summaries). */
gboolean vigil_article_view_toggle_full (VigilArticleView *self);
gboolean vigil_article_view_is_showing_full (VigilArticleView *self);
/* New articles of a source set to "automatically": their full articles are
 * fetched one after the other, stored, analysed and judged by the rules
 * (at most 20 of one call; those that have one, or no web address, are
 * skipped; a failure leaves the summary, said when the desk asks). */
void vigil_article_view_fetch_full_later (VigilArticleView *self, const gint64 *ids, guint n_ids);
/* Strong highlights (Preferences): deeper colours and an underline per type. */
void vigil_article_view_set_strong_highlights (VigilArticleView *self, gboolean strong);

/* Why the desktop could not open a link or a file, in the desk's words. */
const char *vigil_launch_failure_reason (const GError *error);

G_END_DECLS
