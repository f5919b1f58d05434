/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-view-private.h — what the article view's two files share:
 * vigil-article-view.c (the page, links, state buttons) and
 * vigil-article-view-full.c (reader mode: the full article fetched, extracted,
 * stored and shown). */
#pragma once

#include <webkit/webkit.h>

#include "vigil-article-view.h"

G_BEGIN_DECLS

struct _VigilArticleView
{
  AdwBin parent_instance;
  GtkStack *stack;
  WebKitWebView *web_view;
  /* Reader mode: the bar over the article (what is shown, and the button
   * that swaps the full article and the feed's summary) and the hidden view
   * whose own script world runs Readability. */
  GtkWidget *reader_bar;
  GtkWidget *reader_spinner;
  GtkLabel *reader_label;
  GtkButton *reader_button;
  /* The article's state, in the same bar: star and read, with the window's
   * actions (s, m), following the article's properties. */
  GtkWidget *star_button;
  GtkWidget *read_button;
  WebKitWebView *reader_view;
  VigilMonitor *monitor;
  VigilFullText full_text;      /* the shown article's source's mode */
  gboolean show_full;           /* the full article is shown (the article has one) */
  GCancellable *extracting;     /* the full article being fetched, if any */
  char *reader_error;           /* why the last try failed, or NULL */
  GQueue background;            /* gint64* ids of new articles whose full article is due */
  GCancellable *background_run; /* the one being fetched, if any */
  gint64 background_id;         /* its article */
  VigilGazetteer *gazetteer;
  VigilArticle *article;
  guint hidden; /* highlight types switched off in the legend (bits) */
  gboolean load_images;
  gboolean strong;
  GCancellable *rendering; /* the page being made for the article, if any */
  /* The words its alert rules matched, marked in the page once it loaded. */
  char **rule_words;
  gint64 rule_words_for; /* the article they are of */
};

enum
{
  SIGNAL_ENTITY_ACTIVATED,
  SIGNAL_FULL_ARTICLE_STORED,
  N_SIGNALS
};
extern guint vigil_article_view_signals[N_SIGNALS];

gboolean article_view_on_decide_policy (WebKitWebView *web_view, WebKitPolicyDecision *decision,
                                        WebKitPolicyDecisionType type, VigilArticleView *self);
void article_view_restrict_settings (WebKitSettings *settings);
void article_view_rerender (VigilArticleView *self);
gboolean article_view_can_fetch_full (VigilArticleView *self);
gboolean article_view_link_has_page (const char *link);
void article_view_update_reader_bar (VigilArticleView *self);
void article_view_start_extraction (VigilArticleView *self);
void article_view_full_article_action (GtkWidget *widget, const char *name, GVariant *param);

G_END_DECLS
