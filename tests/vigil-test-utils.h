/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-test-utils.h — what the test programs share: a local HTTP server, waits on events,
 * temporary directories, fixtures */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "test-time.h"

G_BEGIN_DECLS

/* ---- a SoupServer on 127.0.0.1 ---- */

/* A server listening on 127.0.0.1 (IPv4, a free port) that answers every path
 * with @handler; @base_url (optional) gets "http://127.0.0.1:PORT", without a
 * trailing slash. The test fails if it cannot listen. */
SoupServer *vigil_test_server_new (SoupServerCallback handler, gpointer data, char **base_url);

/* Makes @server (built by the caller, e.g. with a TLS certificate) listen on
 * 127.0.0.1 and returns its base URL as above ("https://…" with TLS). */
char *vigil_test_server_listen (SoupServer *server);

/* The port the server listens on. */
guint vigil_test_server_get_port (SoupServer *server);

/* Answers @msg with @size bytes of zeros, gzipped (Content-Encoding: gzip,
 * application/rss+xml, 200): a small body that decompresses to a large one.
 * The compressed body is made once per size. */
void vigil_test_serve_gzip_bomb (SoupServerMessage *msg, gsize size);
/* Answers @msg with @feed (application/rss+xml, 200), or 404 when @feed is
 * NULL. */
void vigil_test_serve_feed (SoupServerMessage *msg, const char *feed);
/* What a test server was asked: how many requests, and the User-Agent and
 * the body of the last. vigil_test_note_request() counts @msg in (call it
 * from the handler); vigil_test_requests_clear() lets the texts go. */
typedef struct
{
  guint count;
  char *user_agent;
  char *body;
} VigilTestRequests;
void vigil_test_note_request (VigilTestRequests *seen, SoupServerMessage *msg);
void vigil_test_requests_clear (VigilTestRequests *seen);
/* text appended n times to s (a deep nest, a long run of one word). */
void vigil_test_append_repeated (GString *s, const char *text, guint n);
/* An RSS <item> published hours_ago hours ago, its description text (HTML
 * as text) escaped, appended to xml. */
void vigil_test_append_rss_item (GString *xml, const char *guid, const char *title,
                                 const char *text, double hours_ago);

/* ---- waiting on events, iterating the main context ---- */

/* How long a wait may last before the test fails: longer than any event of
 * the tests should take (a hang fails with a message where meson waits longer),
 * stretched as the other limits are (test-time.h). */
#define VIGIL_TEST_WAIT_SECONDS 100

typedef gboolean (*VigilTestCondition) (gpointer data);

/* Iterates the thread-default main context until @condition (data) holds or
 * @seconds (stretched by test_time_factor()) have passed; TRUE if it held.
 * The condition is also checked every few milliseconds, so one that depends
 * on another process (a file, a D-Bus service) is seen without a fixed sleep. */
gboolean vigil_test_wait_until (VigilTestCondition condition, gpointer data, double seconds);

/* TRUE when *(gboolean *) flag is TRUE: a condition for vigil_test_wait_until. */
gboolean vigil_test_flag_is_set (gpointer flag);

/* TRUE when *(gpointer *) pointer_slot is not NULL: a condition as above. */
gboolean vigil_test_pointer_is_set (gpointer pointer_slot);

/* Waits until *@flag is TRUE; the test fails after VIGIL_TEST_WAIT_SECONDS. */
#define vigil_test_wait_for_flag(flag)                                                             \
  g_assert_true (                                                                                  \
      vigil_test_wait_until (vigil_test_flag_is_set, (gpointer) (flag), VIGIL_TEST_WAIT_SECONDS))

/* Waits until *@count (a count something else raises while the main context
 * runs) reaches @want; the test fails after VIGIL_TEST_WAIT_SECONDS. */
void vigil_test_wait_for_count (const guint *count, guint want);

/* A GAsyncReadyCallback that stores a reference to the result in
 * *(GAsyncResult **) @result_slot; vigil_test_wait_result() waits for it. */
void vigil_test_async_ready (GObject *source, GAsyncResult *result, gpointer result_slot);

/* Waits until *@result_slot is set (by vigil_test_async_ready) and returns it
 * (the caller owns it); the test fails after VIGIL_TEST_WAIT_SECONDS. */
GAsyncResult *vigil_test_wait_result (GAsyncResult **result_slot);

/* Writes @input (or nothing) to @process's standard input and reads its
 * standard output and error (each optional) while the main context runs (a
 * server in this process can answer it); returns its exit status. */
int vigil_test_communicate (GSubprocess *process, const char *input, char **out, char **err);

/* ---- temporary directories and files ---- */

/* A new directory under the system's temporary one (@name_template as for
 * g_dir_make_tmp()), removed with all it holds when the program ends. */
char *vigil_test_make_tmp_dir (const char *name_template);

/* The path of @name in a new directory made as above (the file itself is not
 * made). */
char *vigil_test_make_tmp_path (const char *dir_template, const char *name);

/* Points XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME at directories of
 * this run's own (made as above and removed at the end); returns their parent.
 * Call it before GLib first reads them (g_get_user_config_dir() caches). */
char *vigil_test_set_xdg_dirs (void);

/* The path of a file under tests/ (the source tree, G_TEST_DIST), e.g.
 * vigil_test_file_path ("fixtures", "opml-nested.opml", NULL). */
char *vigil_test_file_path (const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* The contents of a file under tests/ (the same path elements); @length
 * optional. The test fails if it cannot be read. */
char *vigil_test_read_file (gsize *length, const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* ---- errors ---- */

/* Asserts that @error is @code of @domain and that its message contains
 * @fragment; the message goes to the test log after "@input -> ". */
void vigil_test_assert_error_says (const GError *error, GQuark domain, int code,
                                   const char *fragment, const char *input);

G_END_DECLS
