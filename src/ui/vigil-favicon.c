/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-favicon.c */
#include "config.h"

#include "vigil-favicon.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define MAX_ICON_BYTES (100 * 1024)
/* The largest image decoded, as the file declares it: a 74-byte PNG declaring
 * 40000×40000 took 6.4 GB and 33 s to decode. Icons are 16 to 512 px. */
#define MAX_ICON_SIDE 1024
#define ICON_SIZE 16
#define RETRY_AFTER (7 * 24 * 3600) /* seconds after a failed attempt */

static gboolean
reserved_host (const char *host)
{
  /* RFC 2606/6761 names never to be asked for anything. */
  static const char *const suffixes[] = { ".invalid", ".test", ".example", ".localhost" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (host, suffixes[i]) || g_str_equal (host, suffixes[i] + 1))
      return TRUE;
  return FALSE;
}

char *
vigil_favicon_origin (VigilSource *source)
{
  const char *candidates[] = { source->html_url, source->url };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr (GUri) uri
          = candidates[i] ? g_uri_parse (candidates[i], G_URI_FLAGS_NONE, NULL) : NULL;
      const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
      const char *host = uri ? g_uri_get_host (uri) : NULL;

      if (scheme == NULL || host == NULL || *host == '\0'
          || (g_ascii_strcasecmp (scheme, "https") != 0
              && g_ascii_strcasecmp (scheme, "http") != 0))
        continue;
      if (reserved_host (host))
        return NULL;
      {
        g_autofree char *lower = g_ascii_strdown (scheme, -1);
        return g_uri_join (G_URI_FLAGS_NONE, lower, NULL, host, g_uri_get_port (uri), "", NULL,
                           NULL);
      }
    }
  return NULL;
}

/* The origin as a file name: letters, digits, dots and dashes only. */
static char *
file_stem (const char *origin)
{
  g_autofree char *lower = g_ascii_strdown (origin, -1);
  char *stem = g_strdup (lower);

  for (char *p = stem; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      *p = '_';
  return stem;
}

static char *
icons_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "vigil", "icons", NULL);
}

char *
vigil_favicon_path (const char *origin)
{
  g_autofree char *dir = icons_dir ();
  g_autofree char *stem = file_stem (origin);
  g_autofree char *name = g_strconcat (stem, ".png", NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
failure_path (const char *origin)
{
  g_autofree char *dir = icons_dir ();
  g_autofree char *stem = file_stem (origin);
  g_autofree char *name = g_strconcat (stem, ".none", NULL);

  return g_build_filename (dir, name, NULL);
}

gboolean
vigil_favicon_known (const char *origin)
{
  g_autofree char *path = vigil_favicon_path (origin);
  g_autofree char *failed = failure_path (origin);
  GStatBuf st;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  return g_stat (failed, &st) == 0
         && g_get_real_time () / G_USEC_PER_SEC - st.st_mtime < RETRY_AFTER;
}

static void
remember_failure (const char *origin)
{
  g_autofree char *dir = icons_dir ();
  g_autofree char *failed = failure_path (origin);

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (failed, "", 0, NULL);
}

typedef struct
{
  int box;             /* scaled to fit a box of this side */
  int max_side;        /* the largest side decoded at all */
  gboolean keep_small; /* a smaller image is not scaled up */
  int width, height;   /* as the image declares them */
  gboolean refused;
  gboolean other_format; /* not one of the bitmap formats below */
} Declared;

/* The formats a favicon or a feed's image is decoded from: plain bitmaps.
 * Not SVG (its declared size says nothing of what drawing it costs), nor the
 * rarer loaders a system may have (TGA, XPM, TIFF, ANI, ICNS…), which
 * untrusted bytes have no reason to reach. */
static gboolean
bitmap_format (GdkPixbufLoader *loader)
{
  static const char *const allowed[] = { "png", "jpeg", "gif", "ico", "webp", "bmp" };
  GdkPixbufFormat *format = gdk_pixbuf_loader_get_format (loader);
  g_autofree char *name = format ? gdk_pixbuf_format_get_name (format) : NULL;

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (allowed); i++)
    if (g_str_equal (name, allowed[i]))
      return TRUE;
  return FALSE;
}

/* Called by the loader when it has read the header, before it allocates
 * anything: too large an image is stopped there (a size of 0 makes gdk-pixbuf's
 * loaders give up, as gdk_pixbuf_get_file_info does), the rest is scaled to
 * the icon's size as it loads. */
static void
on_size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer data)
{
  Declared *declared = data;
  int w = declared->box, h = declared->box;

  declared->width = width;
  declared->height = height;
  if (!bitmap_format (loader))
    {
      declared->other_format = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (width <= 0 || height <= 0 || width > declared->max_side || height > declared->max_side)
    {
      declared->refused = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (declared->keep_small && width <= declared->box && height <= declared->box)
    return;
  if (width > height)
    h = MAX (1, (int) ((gint64) height * declared->box / width));
  else if (height > width)
    w = MAX (1, (int) ((gint64) width * declared->box / height));
  gdk_pixbuf_loader_set_size (loader, w, h);
}

/* Untrusted bytes decoded (in a worker thread): the declared size checked
 * before anything is allocated, then scaled to fit box × box. NULL with error
 * when they are not an image or declare more than max_side × max_side.
 * keep_small: a smaller image stays as it is (else it is scaled up). */
static GdkPixbuf *
decode_image (GBytes *body, int box, int max_side, gboolean keep_small, GError **error)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr (GError) local = NULL;
  Declared declared = { .box = box, .max_side = max_side, .keep_small = keep_small };
  gboolean loaded;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &declared);
  loaded = gdk_pixbuf_loader_write_bytes (loader, body, &local);
  /* (closed in any case: a loader must not be finalised open) */
  loaded = gdk_pixbuf_loader_close (loader, loaded ? &local : NULL) && loaded;
  if (declared.other_format)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _ ("it is not a PNG, JPEG, GIF, ICO, WebP or BMP image"));
  else if (declared.refused)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 /* TRANSLATORS: an image's declared width and height, then the limit */
                 _ ("it declares %d×%d pixels, more than %d×%d"), declared.width, declared.height,
                 max_side, max_side);
  else if (loaded && gdk_pixbuf_loader_get_pixbuf (loader) != NULL)
    return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  else if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _ ("not an image format Vigil can read"));
  return NULL;
}

/* In a worker thread: check the declared size, decode, scale, store as PNG. */
static void
decode_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GBytes *body = data;
  const char *origin = g_object_get_data (G_OBJECT (task), "origin");
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = decode_image (body, ICON_SIZE, MAX_ICON_SIDE, FALSE, &error);
  g_autofree char *png = NULL;
  gsize png_len = 0;
  g_autofree char *dir = icons_dir ();
  g_autofree char *path = vigil_favicon_path (origin);

  if (pixbuf == NULL || !gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", &error, NULL)
      || g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, png, (gssize) png_len, G_FILE_SET_CONTENTS_CONSISTENT,
                                    0600, &error))
    {
      remember_failure (origin);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _ ("The site's icon is not an image: %s"),
                               error ? error->message : "");
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

static void
icon_fetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  const char *origin = g_object_get_data (G_OBJECT (task), "origin");
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilFetchResult) fetched
      = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), res, &error);

  if (fetched == NULL || fetched->body == NULL || fetched->http_status != 200
      || g_bytes_get_size (fetched->body) == 0 || g_bytes_get_size (fetched->body) > MAX_ICON_BYTES)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        remember_failure (origin);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               error ? error->message : _ ("The site has no usable icon"));
      return;
    }
  g_task_set_task_data (task, g_bytes_ref (fetched->body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_in_thread);
}

/* Origins whose icon is being fetched, each with the tasks waiting for it:
 * one request and one decode per origin, however often it is asked for. Kept
 * on the fetcher, which all requests for one window share. */
static GHashTable *
in_flight (VigilFetcher *fetcher)
{
  GHashTable *table = g_object_get_data (G_OBJECT (fetcher), "vigil-favicons-in-flight");

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (fetcher), "vigil-favicons-in-flight", table,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return table;
}

static void
job_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autofree char *origin = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *key = NULL;
  GPtrArray *waiters = NULL;

  if (!g_hash_table_steal_extended (in_flight (VIGIL_FETCHER (object)), origin, (gpointer *) &key,
                                    (gpointer *) &waiters))
    return;
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);
      if (path != NULL)
        g_task_return_pointer (waiter, g_strdup (path), g_free);
      else
        g_task_return_error (waiter, g_error_copy (error));
    }
  g_ptr_array_unref (waiters);
}

void
vigil_favicon_fetch_async (VigilFetcher *fetcher, const char *origin, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GHashTable *table = in_flight (fetcher);
  GPtrArray *waiters;
  g_autofree char *url = NULL;
  GTask *job;

  /* (callers read which origin a result is for from the task) */
  g_object_set_data_full (G_OBJECT (task), "origin", g_strdup (origin), g_free);
  waiters = g_hash_table_lookup (table, origin);

  if (waiters != NULL)
    {
      /* Already on its way: wait for that one. */
      g_ptr_array_add (waiters, task);
      return;
    }
  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, task);
  g_hash_table_insert (table, g_strdup (origin), waiters);

  /* The shared job is not cancelled with any one caller: it is small (100 KB,
   * 1024×1024 at most) and its result is kept for all. */
  url = g_strconcat (origin, "/favicon.ico", NULL);
  job = g_task_new (fetcher, NULL, job_done, g_strdup (origin));
  g_object_set_data_full (G_OBJECT (job), "origin", g_strdup (origin), g_free);
  vigil_fetcher_fetch_async (fetcher, url, NULL, NULL, NULL, icon_fetched, job);
}

char *
vigil_favicon_fetch_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- a feed's own image (Edit Source) ---- */

/* A feed's logo is larger than a site's icon (podcast covers are 1400 to
 * 3000 px) but is still untrusted: at most 1 MiB, declaring at most
 * 4096×4096 pixels, decoded off the main thread, handed back re-encoded. */
#define MAX_FEED_IMAGE_BYTES (1024 * 1024)
#define MAX_FEED_IMAGE_SIDE 4096

static void
feed_image_decode (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GBytes *body = data;
  int box = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "box"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = decode_image (body, box, MAX_FEED_IMAGE_SIDE, TRUE, &error);
  char *png = NULL;
  gsize png_len = 0;

  if (pixbuf == NULL || !gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", &error, NULL))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _ ("The feed’s image is not an image: %s"),
                               error ? error->message : "");
      return;
    }
  g_task_return_pointer (task, g_bytes_new_take (png, png_len), (GDestroyNotify) g_bytes_unref);
}

static void
feed_image_fetched (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilFetchResult) fetched
      = vigil_fetcher_fetch_finish (VIGIL_FETCHER (object), res, &error);
  gboolean too_large;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The fetch stops at the limit (asked below); the size is checked again all the same. */
  too_large = g_error_matches (error, VIGIL_FETCH_ERROR, VIGIL_FETCH_ERROR_TOO_LARGE);
  if (!too_large
      && (fetched == NULL || fetched->body == NULL || fetched->http_status != 200
          || g_bytes_get_size (fetched->body) == 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               error ? error->message : _ ("The feed has no usable image"));
      return;
    }
  if (too_large || g_bytes_get_size (fetched->body) > MAX_FEED_IMAGE_BYTES)
    {
      g_autofree char *limit = g_format_size (MAX_FEED_IMAGE_BYTES);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* TRANSLATORS: %s is a size such as "1.0 MB" */
                               _ ("The feed’s image is larger than %s"), limit);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_set_task_data (task, g_bytes_ref (fetched->body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, feed_image_decode);
}

void
vigil_feed_image_fetch_async (VigilFetcher *fetcher, const char *url, int box,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  g_return_if_fail (VIGIL_IS_FETCHER (fetcher));
  g_return_if_fail (box > 0);
  task = g_task_new (NULL, cancellable, callback, user_data);
  /* Only the web: a feed naming file:// or resource:// is not read. */
  if (scheme == NULL || host == NULL || *host == '\0'
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _ ("The feed’s image is not a web address"));
      return;
    }
  g_object_set_data (G_OBJECT (task), "box", GINT_TO_POINTER (box));
  /* The download stops at the limit, not at the shared fetcher's (16 MiB). */
  vigil_fetcher_fetch_limited_async (fetcher, url, NULL, NULL, MAX_FEED_IMAGE_BYTES, cancellable,
                                     feed_image_fetched, g_steal_pointer (&task));
}

GBytes *
vigil_feed_image_fetch_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
