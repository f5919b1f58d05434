/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-subscriptions.c — adding sources: an address, an OPML list, the demo seed */
#include "config.h"

#include "vigil-subscriptions.h"

#include <glib/gi18n-lib.h>

#include "vigil-discover.h"
#include "vigil-feed-parser.h"
#include "vigil-opml.h"
#include "vigil-task.h"
#include "vigil-url.h"

static guint
import_opml (VigilMonitor *self, const char *data, gsize length, gboolean from_user, GStrv *refused,
             GError **error)
{
  g_autoptr (GPtrArray) sources = vigil_opml_parse (data, length, error);
  g_autoptr (GPtrArray) refusals = NULL;

  if (sources == NULL)
    return 0;
  /* What a user imports may name anything; the bundled lists name resources. */
  if (from_user)
    refusals = vigil_opml_keep_subscribable (sources);
  if (refused != NULL)
    {
      if (refusals == NULL)
        refusals = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (refusals, NULL);
      *refused = (GStrv) g_ptr_array_steal (refusals, NULL);
    }
  /* One transaction for the whole list. */
  if (sources->len > 0
      && !vigil_store_add_sources (vigil_monitor_get_store (self), sources, NULL, error))
    {
      if (refused != NULL)
        g_clear_pointer (refused, g_strfreev);
      return 0;
    }
  return sources->len;
}

guint
vigil_monitor_import_opml (VigilMonitor *self, const char *data, gsize length, GStrv *refused,
                           GError **error)
{
  return import_opml (self, data, length, TRUE, refused, error);
}

char *
vigil_monitor_export_opml (VigilMonitor *self, GError **error)
{
  g_autoptr (GPtrArray) sources = vigil_store_list_sources (vigil_monitor_get_store (self), error);

  if (sources == NULL)
    return NULL;
  /* A sync account's sources are its server's to export. */
  for (guint i = sources->len; i > 0; i--)
    if (((VigilSource *) g_ptr_array_index (sources, i - 1))->account_id != VIGIL_ACCOUNT_LOCAL)
      g_ptr_array_remove_index (sources, i - 1);
  return vigil_opml_write (sources, "Vigil sources");
}

/* ---- adding a source: a feed address, or a page that names its feeds ---- */

typedef struct
{
  char *url;
  char *folder;
  gboolean discovered; /* url came from a page's <link rel="alternate"> */
  VigilFetchResult *fetched;
  /* Set by the parse in a worker thread: the feed, or else the page's first feed. */
  VigilParsedFeed *feed;
  GError *parse_error;
  char *link;
} AddData;

static void
add_data_free (AddData *d)
{
  g_free (d->url);
  g_free (d->folder);
  g_clear_pointer (&d->fetched, vigil_fetch_result_free);
  g_clear_pointer (&d->feed, vigil_parsed_feed_free);
  g_clear_error (&d->parse_error);
  g_free (d->link);
  g_free (d);
}

static void add_fetched (GObject *object, GAsyncResult *res, gpointer user_data);

void
vigil_monitor_add_source_async (VigilMonitor *self, const char *url, const char *folder,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AddData *d = g_new0 (AddData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, vigil_monitor_add_source_async);
  d->folder = g_strdup (folder);
  g_task_set_task_data (task, d, (GDestroyNotify) add_data_free);
  d->url = vigil_url_for_subscription (url, TRUE, &error);
  if (d->url == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  vigil_fetcher_fetch_async (vigil_monitor_get_fetcher (self), d->url, NULL, NULL, cancellable,
                             add_fetched, task);
}

/* In a worker thread: the body may be anything of up to the fetcher's limit,
 * and a hostile page took minutes to read on the main thread. */
static void
add_parse_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  AddData *d = data;
  const char *body;
  gsize len;

  body = d->fetched->body ? g_bytes_get_data (d->fetched->body, &len) : NULL;
  if (body == NULL)
    len = 0;
  d->feed = vigil_feed_parse (body, len, vigil_fetch_result_get_base (d->fetched, d->url),
                              d->fetched->charset, &d->parse_error);
  if (d->feed == NULL && !d->discovered)
    {
      g_autoptr (GPtrArray) links = vigil_discover_feed_links (
          body, len, d->fetched->permanent_url ? d->fetched->permanent_url : d->url);
      if (links->len > 0)
        d->link = g_strdup (((VigilFeedLink *) g_ptr_array_index (links, 0))->url);
    }
  g_task_return_boolean (task, TRUE);
}

static void add_parsed (GObject *object, GAsyncResult *res, gpointer user_data);

static void
add_fetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  VigilMonitor *self = g_task_get_source_object (task);
  AddData *d = g_task_get_task_data (task);
  GError *error = NULL;
  GCancellable *cancellable;

  g_clear_pointer (&d->fetched, vigil_fetch_result_free);
  d->fetched = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), res, &error);
  if (d->fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* (argument order is unspecified: read the cancellable before giving the task away) */
  cancellable = g_task_get_cancellable (task);
  vigil_task_run_in_thread (self, NULL, d, NULL, add_parse_in_thread, cancellable, add_parsed,
                            g_steal_pointer (&task));
}

static void
add_parsed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  VigilMonitor *self = g_task_get_source_object (task);
  AddData *d = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (d->feed == NULL)
    {
      if (d->discovered)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _ ("The page names a feed at %s, but it is not readable: %s"),
                                   d->url, d->parse_error->message);
          return;
        }
      if (d->link == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                   _ ("No feed found at this address: it is not a feed (%s) and "
                                      "the page does not link to one"),
                                   d->parse_error->message);
          return;
        }
      /* The page's first advertised feed, checked like any other. */
      g_free (d->url);
      d->url = g_steal_pointer (&d->link);
      d->discovered = TRUE;
      g_clear_error (&d->parse_error);
      {
        /* (argument order is unspecified: read the cancellable before giving the task away) */
        GCancellable *cancellable = g_task_get_cancellable (task);
        vigil_fetcher_fetch_async (vigil_monitor_get_fetcher (self), d->url, NULL, NULL,
                                   cancellable, add_fetched, g_steal_pointer (&task));
      }
      return;
    }
  {
    const char *url = d->fetched->permanent_url ? d->fetched->permanent_url : d->url;
    VigilStore *store = vigil_monitor_get_store (self);
    VigilSource *source;
    gint64 existing = vigil_store_find_source (store, url);

    id = existing ? existing
                  : vigil_store_add_source (store, url, d->feed->title, d->feed->link, d->folder,
                                            &error);
    if (id == 0)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    /* Its image, for Edit Source, until the feed's next read says otherwise. */
    if (!existing)
      vigil_store_set_source_image (store, id,
                                    d->feed->image_url ? d->feed->image_url : d->feed->icon,
                                    d->feed->image_url ? d->feed->image_title : NULL, NULL);
    source = vigil_store_get_source (store, id, NULL);
    if (source != NULL && existing)
      g_object_set_data (G_OBJECT (source), VIGIL_SOURCE_ALREADY_SUBSCRIBED, GINT_TO_POINTER (1));
    g_task_return_pointer (task, source, g_object_unref);
  }
}

VigilSource *
vigil_monitor_add_source_finish (VigilMonitor *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The bundled demo articles were written as of DEMO_NOW (their newest is two
 * hours older). They are stored as if they had been read now, so that a demo
 * started any day has a "Today", a last week and a realistic overview. */
#define DEMO_NOW "2026-11-27T10:00:00Z"

static GDateTime *
shifted (GDateTime *date, GTimeSpan by)
{
  GDateTime *moved = g_date_time_add (date, by);
  g_date_time_unref (date);
  return moved;
}

void
vigil_subscriptions_shift_demo_dates (GPtrArray *items)
{
  g_autoptr (GDateTime) demo_now = g_date_time_new_from_iso8601 (DEMO_NOW, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan by = g_date_time_difference (now, demo_now);

  if (by <= 0)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (items, i);
      if (a->published)
        a->published = shifted (a->published, by);
      if (a->updated)
        a->updated = shifted (a->updated, by);
    }
}

static gboolean
import_opml_resource (VigilMonitor *self, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, 0, error);

  if (bytes == NULL)
    return FALSE;
  return import_opml (self, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), FALSE, NULL,
                      error)
         > 0;
}

gboolean
vigil_monitor_seed (VigilMonitor *self, gboolean with_default_sources, GError **error)
{
  if (vigil_store_count_sources (vigil_monitor_get_store (self)) > 0)
    return FALSE;
  if (!import_opml_resource (self, RESOURCE_BASE "demo/demo-sources.opml", error))
    return FALSE;
  if (with_default_sources
      && !import_opml_resource (self, RESOURCE_BASE "default-sources.opml", error))
    return FALSE;
  return TRUE;
}
