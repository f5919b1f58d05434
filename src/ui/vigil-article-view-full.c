/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-article-view-full.c — reader mode in the article view: the full article
 * fetched, extracted by Readability in a hidden view, stored and shown. */
#include "config.h"

#include "vigil-article-view-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-a11y.h"
#include "vigil-html.h"
#include "vigil-reader.h"

static void
full_content_stored (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilArticleView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilArticle) stored
      = vigil_monitor_set_full_content_finish (VIGIL_MONITOR (object), result, &error);

  if (stored == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->extracting);
      g_free (self->reader_error);
      self->reader_error = g_strdup (error->message);
      article_view_update_reader_bar (self);
      return;
    }
  g_clear_object (&self->extracting);
  if (self->article == NULL || self->article->id != stored->id)
    return; /* another article was chosen meanwhile: stored, not shown */
  g_set_object (&self->article, stored);
  self->show_full = TRUE;
  article_view_update_reader_bar (self);
  article_view_rerender (self);
  g_signal_emit (self, vigil_article_view_signals[SIGNAL_FULL_ARTICLE_STORED], 0, stored);
}

static void
extracted (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilArticleView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *html = vigil_reader_extract_finish (result, &error);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  if (cancellable != self->extracting || g_cancellable_is_cancelled (cancellable))
    return; /* stale: another article, or the view went away */
  if (html == NULL)
    {
      g_clear_object (&self->extracting);
      g_free (self->reader_error);
      self->reader_error = g_strdup (error->message);
      article_view_update_reader_bar (self);
      return;
    }
  vigil_monitor_set_full_content_async (self->monitor, self->article->id, html, FALSE,
                                        self->extracting, full_content_stored, g_object_ref (self));
}

/* Readability runs in a view of its own, never shown: its blank page has no
 * script, and the article view's page is not disturbed while it works. */
static WebKitWebView *
ensure_reader_view (VigilArticleView *self)
{
  WebKitSettings *settings;

  if (self->reader_view != NULL)
    return self->reader_view;
  self->reader_view = g_object_ref_sink (WEBKIT_WEB_VIEW (webkit_web_view_new ()));
  settings = webkit_web_view_get_settings (self->reader_view);
  article_view_restrict_settings (settings);
  webkit_settings_set_auto_load_images (settings, FALSE);
  webkit_settings_set_hardware_acceleration_policy (settings,
                                                    WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
  g_signal_connect (self->reader_view, "decide-policy", G_CALLBACK (article_view_on_decide_policy),
                    self);
  webkit_web_view_load_html (
      self->reader_view,
      "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
      "content=\"default-src 'none'\"><title></title></head><body></body>"
      "</html>",
      NULL);
  return self->reader_view;
}

/* ---- full articles of new articles ("automatically" sources) ---- */

/* At most this many articles of one refresh of a source are fetched: a
 * first read can bring a hundred, and each is a request to the publisher. */
#define BACKGROUND_MAX 20

static void next_in_background (VigilArticleView *self);

static void
background_stored (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilArticleView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilArticle) stored
      = vigil_monitor_set_full_content_finish (VIGIL_MONITOR (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->background_run);
  if (stored == NULL)
    g_debug ("Full article not stored: %s", error->message);
  else
    {
      /* The article on screen, waiting for nothing else: shown in full. */
      if (self->article != NULL && self->article->id == stored->id && self->extracting == NULL)
        {
          g_set_object (&self->article, stored);
          self->show_full = self->full_text != VIGIL_FULL_TEXT_SUMMARY;
          g_clear_pointer (&self->reader_error, g_free);
          article_view_update_reader_bar (self);
          article_view_rerender (self);
        }
      g_signal_emit (self, vigil_article_view_signals[SIGNAL_FULL_ARTICLE_STORED], 0, stored);
    }
  next_in_background (self);
}

static void
background_extracted (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VigilArticleView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *html = vigil_reader_extract_finish (result, &error);
  gint64 id = self->background_id;

  /* An earlier run's (cancelled): background_id is another article's. */
  if (g_task_get_cancellable (G_TASK (result)) != self->background_run
      || g_cancellable_is_cancelled (self->background_run))
    return;
  if (html == NULL)
    {
      /* Said when the desk opens it and asks; the summary stays meanwhile. */
      g_debug ("No full article for article %" G_GINT64_FORMAT ": %s", id, error->message);
      g_clear_object (&self->background_run);
      next_in_background (self);
      return;
    }
  /* Fetched as it arrived: its alerts are news like the article's. */
  vigil_monitor_set_full_content_async (self->monitor, id, html, TRUE, self->background_run,
                                        background_stored, g_object_ref (self));
}

static void
next_in_background (VigilArticleView *self)
{
  while (self->background_run == NULL && self->monitor != NULL
         && !g_queue_is_empty (&self->background))
    {
      g_autofree gint64 *id = g_queue_pop_head (&self->background);
      g_autoptr (VigilArticle) article
          = vigil_store_get_article (vigil_monitor_get_store (self->monitor), *id, NULL);

      if (article == NULL || article->full_content != NULL || article->link == NULL
          || *article->link == '\0')
        continue;
      self->background_id = *id;
      self->background_run = g_cancellable_new ();
      vigil_reader_extract_async (vigil_monitor_get_fetcher (self->monitor),
                                  ensure_reader_view (self), article->link, article->title,
                                  self->background_run, background_extracted, g_object_ref (self));
    }
}

void
vigil_article_view_fetch_full_later (VigilArticleView *self, const gint64 *ids, guint n_ids)
{
  for (guint i = 0; i < MIN (n_ids, BACKGROUND_MAX); i++)
    g_queue_push_tail (&self->background, g_memdup2 (&ids[i], sizeof ids[i]));
  next_in_background (self);
}

void
article_view_start_extraction (VigilArticleView *self)
{
  if (self->monitor == NULL || !article_view_can_fetch_full (self) || self->extracting != NULL)
    return;
  g_clear_pointer (&self->reader_error, g_free);
  self->extracting = g_cancellable_new ();
  vigil_reader_extract_async (vigil_monitor_get_fetcher (self->monitor), ensure_reader_view (self),
                              self->article->link, self->article->title, self->extracting,
                              extracted, g_object_ref (self));
  article_view_update_reader_bar (self);
}

gboolean
vigil_article_view_toggle_full (VigilArticleView *self)
{
  if (self->extracting != NULL)
    return TRUE; /* on its way */
  if (!article_view_can_fetch_full (self))
    return FALSE;
  if (self->show_full)
    self->show_full = FALSE;
  else if (self->article->full_content != NULL)
    self->show_full = TRUE;
  else
    {
      article_view_start_extraction (self);
      return TRUE;
    }
  g_clear_pointer (&self->reader_error, g_free);
  article_view_update_reader_bar (self);
  article_view_rerender (self);
  return TRUE;
}

void
article_view_full_article_action (GtkWidget *widget, const char *name, GVariant *param)
{
  vigil_article_view_toggle_full (VIGIL_ARTICLE_VIEW (widget));
}

gboolean
vigil_article_view_is_showing_full (VigilArticleView *self)
{
  return self->show_full;
}
