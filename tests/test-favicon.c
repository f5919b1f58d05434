/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-favicon.c — a source's site icon: its origin, its cache file, and fetching it from a
 * SoupServer on 127.0.0.1 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "vigil-favicon.h"
#include "vigil-test-utils.h"

/* What one server answers for /favicon.ico, and how often it was asked. */
typedef struct
{
  GBytes *body;
  guint status;
  guint hits;
} Site;

/* Answers msg with the site's status and body (as content_type). */
static void
site_answer (Site *site, SoupServerMessage *msg, const char *content_type)
{
  soup_server_message_set_status (msg, site->status, NULL);
  if (site->body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (site->body, NULL),
                                      g_bytes_get_size (site->body));
}

static void
handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer data)
{
  Site *site = data;

  if (!g_str_equal (path, "/favicon.ico"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  site->hits++;
  site_answer (site, msg, "image/x-icon");
}

/* A PNG of width × height pixels. */
static GBytes *
png (int width, int height)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &length, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static char *
origin_of (const char *html_url, const char *url)
{
  g_autoptr (VigilSource) source = vigil_source_new ();

  source->html_url = g_strdup (html_url);
  source->url = g_strdup (url);
  return vigil_favicon_origin (source);
}

static void
assert_origin (const char *html_url, const char *url, const char *expected)
{
  g_autofree char *origin = origin_of (html_url, url);

  g_assert_cmpstr (origin, ==, expected);
}

static void
test_origin (void)
{
  /* The site's page first, else the feed's; path, query and user dropped. */
  assert_origin ("https://news.example.org/world/", "https://feeds.example.org/rss",
                 "https://news.example.org");
  assert_origin (NULL, "https://feeds.example.org/rss?x=1", "https://feeds.example.org");
  assert_origin ("file:///home/desk/page.html", "http://feeds.example.org/rss",
                 "http://feeds.example.org");
  assert_origin ("not an address", "https://feeds.example.org/rss", "https://feeds.example.org");
  /* The port kept; the scheme lower case. */
  assert_origin ("HTTPS://news.example.org:8443/a", NULL, "https://news.example.org:8443");
  assert_origin ("https://user:pw@news.example.org/", NULL, "https://news.example.org");
  /* Nothing to ask: no web address, or a reserved name (never asked). */
  assert_origin (NULL, NULL, NULL);
  assert_origin (NULL, "file:///home/desk/feed.xml", NULL);
  assert_origin (NULL, "resource:///app/demo/feed.xml", NULL);
  assert_origin (NULL, "ftp://files.example.org/feed.xml", NULL);
  assert_origin ("https://wire.example.test/", "https://feeds.example.org/rss", NULL);
  assert_origin (NULL, "https://wire.invalid/rss", NULL);
  assert_origin (NULL, "https://a.example/rss", NULL);
  assert_origin (NULL, "http://localhost:8080/rss", NULL);
  assert_origin (NULL, "http://app.localhost/rss", NULL);
  /* A name that only ends in the letters of one is not reserved. */
  assert_origin (NULL, "https://contest/rss", "https://contest");
}

static void
test_path (void)
{
  g_autofree char *icons = g_build_filename (g_get_user_cache_dir (), "vigil", "icons", NULL);
  g_autofree char *a = vigil_favicon_path ("https://News.Example.org:8443");
  g_autofree char *b = vigil_favicon_path ("https://news.example.org:8443");
  g_autofree char *c = vigil_favicon_path ("http://news.example.org");
  g_autofree char *dir = g_path_get_dirname (a);
  g_autofree char *name = g_path_get_basename (a);

  /* In the cache, a file name of letters, digits, dots and dashes. */
  g_assert_cmpstr (dir, ==, icons);
  g_assert_cmpstr (name, ==, "https___news.example.org_8443.png");
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  {
    g_autofree char *odd = vigil_favicon_path ("http://x/../../etc");
    g_autofree char *odd_name = g_path_get_basename (odd);
    g_autofree char *odd_dir = g_path_get_dirname (odd);
    g_assert_cmpstr (odd_dir, ==, icons);
    g_assert_cmpstr (odd_name, ==, "http___x_.._.._etc.png");
  }
}

/* The servers of the tests, each with a port (an origin) of its own: kept
 * to the end, so that no later server has an earlier one's port, and with it
 * that origin's icon or failure. */
static GPtrArray *servers;

static SoupServer *
site_server (Site *site, char **origin)
{
  SoupServer *server = vigil_test_server_new (handler, site, origin);

  g_ptr_array_add (servers, server);
  return server;
}

/* Fetches the icon of a server answering as site says; the path or the error. */
static char *
fetch (Site *site, char **origin, GError **error)
{
  g_autoptr (VigilFetcher) fetcher = vigil_fetcher_new ();
  g_autoptr (GAsyncResult) result = NULL;

  site_server (site, origin);
  vigil_fetcher_set_host_spacing (fetcher, 0);
  g_assert_false (vigil_favicon_known (*origin));
  vigil_favicon_fetch_async (fetcher, *origin, NULL, vigil_test_async_ready, &result);
  result = vigil_test_wait_result (&result);
  return vigil_favicon_fetch_finish (result, error);
}

static void
assert_icon (const char *path, int width, int height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) icon = gdk_pixbuf_new_from_file (path, &error);
  GdkPixbufFormat *format = gdk_pixbuf_get_file_info (path, NULL, NULL);
  g_autofree char *name = format ? gdk_pixbuf_format_get_name (format) : NULL;

  g_assert_no_error (error);
  g_assert_nonnull (format);
  g_assert_cmpstr (name, ==, "png");
  g_assert_cmpint (gdk_pixbuf_get_width (icon), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (icon), ==, height);
}

/* An image is kept as a 16 px PNG, its proportions kept; then known. */
static void
test_fetch_image (void)
{
  const struct
  {
    int width, height, icon_width, icon_height;
  } cases[] = { { 32, 32, 16, 16 }, { 64, 32, 16, 8 }, { 10, 40, 4, 16 }, { 1024, 1024, 16, 16 } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) body = png (cases[i].width, cases[i].height);
      Site site = { body, 200, 0 };
      g_autofree char *origin = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *path = fetch (&site, &origin, &error);
      g_autofree char *expected = vigil_favicon_path (origin);

      g_assert_no_error (error);
      g_assert_cmpstr (path, ==, expected);
      g_assert_cmpuint (site.hits, ==, 1);
      assert_icon (path, cases[i].icon_width, cases[i].icon_height);
      g_assert_true (vigil_favicon_known (origin));
    }
}

/* Each kind of failure is an error, and remembered: the origin is known (not
 * asked again for a week) and has no icon file. */
static void
test_fetch_failures (void)
{
  g_autoptr (GBytes) huge = png (2000, 1500);
  g_autoptr (GBytes) text = g_bytes_new_static ("<html>no icon</html>", 20);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *big_data = g_malloc0 (100 * 1024 + 1);
  g_autoptr (GBytes) big = g_bytes_new_static (big_data, 100 * 1024 + 1);
  const struct
  {
    GBytes *body;
    guint status;
    GQuark domain;
    int code;
    const char *says;
  } cases[] = {
    { NULL, 404, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, NULL },
    { empty, 200, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no usable icon" },
    { big, 200, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no usable icon" },
    { text, 200, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not an image" },
    /* Refused from its header, before decoding. */
    { huge, 200, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "2000×1500 pixels, more than 1024×1024" },
  };

  g_assert_cmpuint (g_bytes_get_size (huge), <, 100 * 1024); /* small on the wire */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Site site = { cases[i].body, cases[i].status, 0 };
      g_autofree char *origin = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *path = fetch (&site, &origin, &error);
      g_autofree char *icon = vigil_favicon_path (origin);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (path);
      g_assert_error (error, cases[i].domain, cases[i].code);
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_cmpuint (site.hits, ==, 1);
      g_assert_false (g_file_test (icon, G_FILE_TEST_EXISTS));
      g_assert_true (vigil_favicon_known (origin));
    }
}

typedef struct
{
  guint done;
  char *paths[3];
} Shared;

static void
shared_done (GObject *object, GAsyncResult *result, gpointer data)
{
  Shared *shared = data;
  g_autoptr (GError) error = NULL;

  shared->paths[shared->done++] = vigil_favicon_fetch_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
all_done (gpointer data)
{
  return ((Shared *) data)->done == G_N_ELEMENTS (((Shared *) data)->paths);
}

/* Three callers asking for one origin at once: one request, one result. */
static void
test_fetch_shared (void)
{
  g_autoptr (GBytes) body = png (48, 48);
  Site site = { body, 200, 0 };
  g_autofree char *origin = NULL;
  g_autoptr (VigilFetcher) fetcher = vigil_fetcher_new ();
  Shared shared = { 0 };

  site_server (&site, &origin);
  vigil_fetcher_set_host_spacing (fetcher, 0);
  for (guint i = 0; i < G_N_ELEMENTS (shared.paths); i++)
    vigil_favicon_fetch_async (fetcher, origin, NULL, shared_done, &shared);
  g_assert_true (vigil_test_wait_until (all_done, &shared, VIGIL_TEST_WAIT_SECONDS));
  g_assert_cmpuint (site.hits, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (shared.paths); i++)
    {
      g_assert_nonnull (shared.paths[i]);
      g_assert_cmpstr (shared.paths[i], ==, shared.paths[0]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shared.paths); i++)
    g_free (shared.paths[i]);
}

/* A feed's own image (Edit Source): what a server at 127.0.0.1 answers for
 * /logo.png, fetched with the feed image's limits. */
static void
logo_handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
              gpointer data)
{
  Site *site = data;

  site->hits++;
  if (!g_str_equal (path, "/logo.png"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  site_answer (site, msg, "image/png");
}

/* The feed image at url (NULL: the /logo.png of a new server answering with
 * answer and data) fetched for a box of 128 px, in at most timeout seconds
 * (0: the fetcher's own limit): the PNG, or NULL with error. */
static GBytes *
fetch_image (SoupServerCallback answer, gpointer data, const char *url, guint timeout,
             GError **error)
{
  g_autoptr (VigilFetcher) fetcher = vigil_fetcher_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *logo = NULL;

  g_ptr_array_add (servers, vigil_test_server_new (answer, data, &origin));
  logo = g_strconcat (origin, "/logo.png", NULL);
  vigil_fetcher_set_host_spacing (fetcher, 0);
  if (timeout > 0)
    vigil_fetcher_set_timeout (fetcher, timeout);
  vigil_feed_image_fetch_async (fetcher, url ? url : logo, 128, NULL, vigil_test_async_ready,
                                &result);
  result = vigil_test_wait_result (&result);
  return vigil_feed_image_fetch_finish (result, error);
}

static GBytes *
fetch_logo (Site *site, const char *url, GError **error)
{
  return fetch_image (logo_handler, site, url, 0, error);
}

/* A feed's logo comes back as a PNG Vigil encoded, scaled to fit the box
 * with its proportions, a smaller one as it is; no icon is cached for it. */
static void
test_feed_image (void)
{
  const struct
  {
    int width, height, shown_width, shown_height;
  } cases[] = { { 300, 150, 128, 64 },
                { 144, 400, 46, 128 },
                { 88, 31, 88, 31 },
                { 128, 128, 128, 128 },
                { 1400, 1400, 128, 128 } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) body = png (cases[i].width, cases[i].height);
      Site site = { body, 200, 0 };
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) shown = fetch_logo (&site, NULL, &error);
      g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
      GdkPixbuf *pixbuf;

      g_assert_no_error (error);
      g_assert_nonnull (shown);
      g_assert_cmpuint (site.hits, ==, 1);
      /* A PNG, of the size shown. */
      g_assert_cmpmem (g_bytes_get_data (shown, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
      g_assert_true (gdk_pixbuf_loader_write_bytes (loader, shown, NULL));
      g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
      pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, cases[i].shown_width);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, cases[i].shown_height);
    }
}

/* What the feed names is untrusted: only http(s) is asked for; too large a
 * file, too large a declared image, something else than an image or a
 * missing one are errors, never an image. */
static void
test_feed_image_failures (void)
{
  g_autoptr (GBytes) wide = png (5000, 100);
  g_autoptr (GBytes) text = g_bytes_new_static ("<html>no logo</html>", 20);
  static const char svg_data[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" "
                                 "height=\"64\"><rect width=\"64\" height=\"64\"/></svg>";
  g_autoptr (GBytes) svg = g_bytes_new_static (svg_data, sizeof svg_data - 1);
  g_autofree char *big_data = g_malloc0 (1024 * 1024 + 1);
  g_autoptr (GBytes) big = g_bytes_new_static (big_data, 1024 * 1024 + 1);
  const struct
  {
    GBytes *body;
    guint status;
    const char *url;
    int code;
    const char *says;
    guint hits;
  } cases[] = {
    { NULL, 404, NULL, G_IO_ERROR_NOT_FOUND, NULL, 1 },
    { text, 200, NULL, G_IO_ERROR_INVALID_DATA, "not an image", 1 },
    /* A drawing, not a bitmap: what it costs to draw is not what it declares. */
    { svg, 200, NULL, G_IO_ERROR_INVALID_DATA, "not a PNG", 1 },
    { big, 200, NULL, G_IO_ERROR_INVALID_DATA, "larger than", 1 },
    /* Refused from its header, before decoding. */
    { wide, 200, NULL, G_IO_ERROR_INVALID_DATA, "5000×100 pixels, more than 4096×4096", 1 },
    /* Never asked for. */
    { wide, 200, "file:///etc/passwd", G_IO_ERROR_NOT_SUPPORTED, NULL, 0 },
    { wide, 200, "javascript:alert(1)", G_IO_ERROR_NOT_SUPPORTED, NULL, 0 },
    { wide, 200, "resource:///io/github/vigildesk/Vigil/logo.png", G_IO_ERROR_NOT_SUPPORTED, NULL,
      0 },
    { wide, 200, "not an address", G_IO_ERROR_NOT_SUPPORTED, NULL, 0 },
  };

  g_assert_cmpuint (g_bytes_get_size (wide), <, 64 * 1024); /* small on the wire */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Site site = { cases[i].body, cases[i].status, 0 };
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) shown = fetch_logo (&site, cases[i].url, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (shown);
      g_assert_error (error, G_IO_ERROR, cases[i].code);
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_cmpuint (site.hits, ==, cases[i].hits);
    }
}

/* A logo larger than the limit whose server never ends its answer: 2 MiB
 * sent, chunked (no Content-Length to refuse it by), and the connection held
 * open. The download stops at the feed image's 1 MiB, at once; read to the
 * shared fetcher's 16 MiB it would wait for the rest until the fetcher's
 * silence timeout (a "did not answer in time" error instead). */
static gsize huge_logo_written;

static void
huge_logo_wrote (SoupServerMessage *msg, guint size, gpointer data)
{
  huge_logo_written += size;
}

static void
huge_logo_handler (SoupServer *srv, SoupServerMessage *msg, const char *path, GHashTable *query,
                   gpointer data)
{
  static char block[64 * 1024];
  GBytes *head = data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (resp, "image/png", NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (huge_logo_wrote), NULL);
  /* A real PNG's start, then filler: never complete. */
  soup_message_body_append (body, SOUP_MEMORY_COPY, g_bytes_get_data (head, NULL),
                            g_bytes_get_size (head));
  for (guint i = 0; i < 32; i++)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, block, sizeof block);
}

static void
test_feed_image_stops_at_limit (void)
{
  g_autoptr (GBytes) head = png (1400, 1400);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) shown = NULL;

  huge_logo_written = 0;
  /* A limit longer than meson's timeout: a fetch that waits for the end fails
   * the test. */
  shown = fetch_image (huge_logo_handler, head, NULL, 600, &error);
  g_test_message ("%s; the server wrote %" G_GSIZE_FORMAT " bytes", error ? error->message : "",
                  huge_logo_written);
  g_assert_null (shown);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_assert_cmpuint (huge_logo_written, >, 1024 * 1024);
}

int
main (int argc, char *argv[])
{
  int rc;

  /* The icon cache is this run's own (set before GLib reads it). */
  g_free (vigil_test_set_xdg_dirs ());
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/favicon/origin", test_origin);
  g_test_add_func ("/favicon/path", test_path);
  g_test_add_func ("/favicon/fetch-image", test_fetch_image);
  g_test_add_func ("/favicon/fetch-failures", test_fetch_failures);
  g_test_add_func ("/favicon/fetch-shared", test_fetch_shared);
  g_test_add_func ("/favicon/feed-image", test_feed_image);
  g_test_add_func ("/favicon/feed-image-failures", test_feed_image_failures);
  g_test_add_func ("/favicon/feed-image-stops-at-limit", test_feed_image_stops_at_limit);
  servers = g_ptr_array_new_with_free_func (g_object_unref);
  rc = g_test_run ();
  g_ptr_array_unref (servers);
  return rc;
}
