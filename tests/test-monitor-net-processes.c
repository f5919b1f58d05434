/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The monitor's processes against a SoupServer on 127.0.0.1: vigil-cli watch
 * killed during an ingest, two writers on one database, a reader that dies,
 * articles stored without evaluation judged once. */
#include <libsoup/soup.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include "vigil-monitor.h"
#include "vigil-opml.h"
#include "vigil-test-utils.h"
#include "test-monitor-net-common.h"

/* ---- vigil-cli watch --once as a separate process: killed, or two at once ---- */

typedef struct
{
  GSubprocess *proc;
  GDataInputStream *out;
  guint lines;
  guint kill_after; /* 0: let it finish */
  gboolean done;
  gboolean eof; /* no read pending: the Child may be freed */
  gboolean killed;
} Child;

static void read_line_cb (GObject *object, GAsyncResult *res, gpointer data);

static void
child_read_next (Child *c)
{
  g_data_input_stream_read_line_async (c->out, G_PRIORITY_DEFAULT, NULL, read_line_cb, c);
}

static void
read_line_cb (GObject *object, GAsyncResult *res, gpointer data)
{
  Child *c = data;
  g_autofree char *line
      = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), res, NULL, NULL);

  if (line == NULL)
    {
      c->eof = TRUE;
      return;
    }
  c->lines++;
  if (c->kill_after > 0 && c->lines >= c->kill_after && !c->killed)
    {
      c->killed = TRUE;
      g_subprocess_force_exit (c->proc); /* SIGKILL: no clean-up of any kind */
    }
  child_read_next (c);
}

static void
child_exited (GObject *object, GAsyncResult *res, gpointer data)
{
  Child *c = data;
  g_subprocess_wait_finish (G_SUBPROCESS (object), res, NULL);
  c->done = TRUE;
}

static Child *
child_spawn (const char *dir, const char *opml, const char *db, guint kill_after)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  Child *c = g_new0 (Child, 1);

  /* The shipped rules only; nothing of the user running the tests. */
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  c->proc = g_subprocess_launcher_spawn (launcher, &error, VIGIL_CLI, "watch", "--once", "--opml",
                                         opml, "--db", db, NULL);
  g_assert_no_error (error);
  c->kill_after = kill_after;
  c->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (c->proc));
  child_read_next (c);
  g_subprocess_wait_async (c->proc, NULL, child_exited, c);
  return c;
}

static void
child_free (Child *c)
{
  g_object_unref (c->out);
  g_object_unref (c->proc);
  g_free (c);
}

typedef struct
{
  Child **children;
  guint n;
} Children;

static gboolean
children_done (gpointer data)
{
  const Children *c = data;

  for (guint i = 0; i < c->n; i++)
    if (!c->children[i]->done || !c->children[i]->eof)
      return FALSE;
  return TRUE;
}

static void
children_wait (Child **children, guint n)
{
  Children c = { children, n };

  g_assert_true (vigil_test_wait_until (children_done, &c, 120));
}

static char *
write_opml (const char *dir, const char *name, guint from, guint to)
{
  g_autoptr (GError) error = NULL;
  GString *opml = g_string_new ("<opml version=\"2.0\"><body>");
  char *path = g_build_filename (dir, name, NULL);

  /* Eight loopback hosts (the server listens on 127.0.0.1-8): the fetcher's
   * per-host spacing would otherwise read the feeds one by one. */
  for (guint n = from; n < to; n++)
    g_string_append_printf (opml,
                            "<outline type=\"rss\" text=\"Gen %u\" "
                            "xmlUrl=\"http://127.0.0.%u:%u/gen/%u\"/>",
                            n, 1 + n % 8, port, n);
  g_string_append (opml, "</body></opml>");
  g_assert_true (g_file_set_contents (path, opml->str, -1, &error));
  g_string_free (opml, TRUE);
  return path;
}

/* A database subscribed to the OPML's feeds and watching them for an hour
 * already: what watch then reads is news, and printed. */
static void
subscribe_watched (const char *opml, const char *db)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (db, &error);
  g_autoptr (GPtrArray) stored = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (opml, &text, &len, NULL));
  sources = vigil_opml_parse (text, len, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_add_sources (store, sources, NULL, &error));
  stored = vigil_store_list_sources (store, &error);
  for (guint i = 0; i < stored->len; i++)
    watched_for_an_hour (store, ((VigilSource *) g_ptr_array_index (stored, i))->id);
}

/* "rule<TAB>guid" for every alert row, sorted; and the number of articles. */
static char *
alert_rows (const char *db, guint *out_articles)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *rows = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn,
                                       "SELECT al.rule || char(9) || a.guid FROM alerts al"
                                       " JOIN articles a ON a.id = al.article_id ORDER BY 1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (rows, "%s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT count(*) FROM articles", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *out_articles = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return g_string_free (rows, FALSE);
}

static int
count_where (const char *db, const char *table, const char *where)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", table, where);
  int n;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return n;
}

static guint
count_lines (const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

/* Fails naming how many rows differ and the first missing one, not with two
 * thousand-line strings. */
static void
assert_same_rows (const char *got, const char *expected)
{
  g_auto (GStrv) want = g_strsplit (expected, "\n", -1);
  guint missing = 0;
  const char *first = NULL;

  for (guint i = 0; want[i] && *want[i]; i++)
    {
      g_autofree char *line = g_strconcat (want[i], "\n", NULL);
      if (!g_str_has_prefix (got, line) && strstr (got, line) == NULL)
        {
          missing++;
          first = first ? first : want[i];
        }
    }
  if (missing > 0)
    g_error ("%u of %u alert rows missing (the first: %s)", missing, count_lines (expected), first);
  g_assert_cmpuint (count_lines (got), ==, count_lines (expected));
}

#define GEN_FEEDS 40

/* Killed with SIGKILL while it ingests, then run to the end: the
 * database holds every article with exactly the alerts an uninterrupted run
 * records. Alerts are written in the transaction that stores their article. */
static void
test_kill_during_ingest (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-kill-XXXXXX");
  g_autofree char *opml = write_opml (dir, "gen.opml", 0, GEN_FEEDS);
  g_autofree char *reference_db = g_build_filename (dir, "reference.db", NULL);
  g_autofree char *expected = NULL;
  guint n_expected = 0;
  static const guint kill_after[] = { 1, 4, 9 };
  guint kills = 0;

  {
    Child *c = child_spawn (dir, opml, reference_db, 0);
    children_wait (&c, 1);
    g_assert_true (g_subprocess_get_if_exited (c->proc));
    g_assert_cmpint (g_subprocess_get_exit_status (c->proc), ==, 0);
    child_free (c);
  }
  expected = alert_rows (reference_db, &n_expected);
  g_assert_cmpuint (n_expected, ==, GEN_FEEDS * GEN_ITEMS);
  g_assert_cmpuint (count_lines (expected), >, GEN_FEEDS * GEN_ITEMS / 2);

  /* Killed at three points, each into a database of its own, then run again. */
  for (guint k = 0; k < G_N_ELEMENTS (kill_after); k++)
    {
      g_autofree char *name = g_strdup_printf ("killed-%u.db", k);
      g_autofree char *killed_db = g_build_filename (dir, name, NULL);
      g_autofree char *got = NULL;
      guint n_got = 0;
      Child *c = NULL;

      /* watch prints an alert a line: the kill comes while it ingests */
      subscribe_watched (opml, killed_db);
      c = child_spawn (dir, opml, killed_db, kill_after[k]);
      children_wait (&c, 1);
      kills += c->killed && g_subprocess_get_if_signaled (c->proc);
      child_free (c);
      c = child_spawn (dir, opml, killed_db, 0);
      children_wait (&c, 1);
      g_assert_cmpint (g_subprocess_get_exit_status (c->proc), ==, 0);
      child_free (c);
      got = alert_rows (killed_db, &n_got);
      g_assert_cmpuint (n_got, ==, n_expected);
      assert_same_rows (got, expected);
      /* The sources being read at the kill were read again, alone, and are
       * neither marked nor skipped now. */
      g_assert_cmpint (count_where (killed_db, "sources", "reader != 0 OR interrupted != 0"), ==,
                       0);
      {
        /* The lock files of readers that have ended are cleared at a start. */
        g_autofree char *readers = g_strconcat (killed_db, "-readers", NULL);
        g_autoptr (VigilStore) store = vigil_store_new (killed_db, &error);
        g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
        g_autoptr (GDir) d = g_dir_open (readers, 0, NULL);
        g_assert_no_error (error);
        g_assert_null (d ? g_dir_read_name (d) : NULL);
      }
    }
  g_assert_cmpuint (kills, >=, 2);
}

/* Two processes ingesting into one database at once (the window and
 * vigil-cli watch): every article stored once, every alert recorded. */
static void
test_two_writers (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-two-XXXXXX");
  g_autofree char *all = write_opml (dir, "all.opml", 0, GEN_FEEDS);
  /* Overlapping halves: feeds 16-23 are read by both. */
  g_autofree char *first = write_opml (dir, "first.opml", 0, GEN_FEEDS / 2 + 4);
  g_autofree char *second = write_opml (dir, "second.opml", GEN_FEEDS / 2 - 4, GEN_FEEDS);
  g_autofree char *reference_db = g_build_filename (dir, "reference.db", NULL);
  g_autofree char *shared_db = g_build_filename (dir, "shared.db", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  guint n_expected = 0, n_got = 0;

  {
    Child *c = child_spawn (dir, all, reference_db, 0);
    children_wait (&c, 1);
    g_assert_cmpint (g_subprocess_get_exit_status (c->proc), ==, 0);
    child_free (c);
  }
  expected = alert_rows (reference_db, &n_expected);
  for (int round = 0; round < 2; round++)
    {
      Child *c[2]
          = { child_spawn (dir, first, shared_db, 0), child_spawn (dir, second, shared_db, 0) };
      children_wait (c, 2);
      for (int i = 0; i < 2; i++)
        {
          g_assert_true (g_subprocess_get_if_exited (c[i]->proc));
          g_assert_cmpint (g_subprocess_get_exit_status (c[i]->proc), ==, 0);
          child_free (c[i]);
        }
    }
  got = alert_rows (shared_db, &n_got);
  g_assert_cmpuint (n_got, ==, n_expected);
  assert_same_rows (got, expected);
}

/* A reader token: one whose reader has ended (no lock file), or one held by
 * a reader that is alive (its file locked, as a running Vigil holds it). */
static gint64
dead_reader (void)
{
  return 4242424242;
}

static int
live_reader (const char *db, gint64 token)
{
  g_autofree char *dir = g_strconcat (db, "-readers", NULL);
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, token);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  return fd;
}

static void
set_reader (const char *db, gint64 source, gint64 token)
{
  sqlite3 *conn = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE sources SET reader = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT,
                                          token, source);
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (conn);
}

static void
refresh_all_and_wait (VigilMonitor *m)
{
  gboolean done = FALSE;
  gulong id = g_signal_connect (m, "refresh-finished", G_CALLBACK (on_finished), &done);
  vigil_monitor_refresh_all (m);
  vigil_test_wait_for_flag (&done);
  g_signal_handler_disconnect (m, id);
}

/* A source that an earlier run was reading when it died: said so, read again
 * alone first; if it dies alone too, skipped until the desk refreshes it. */
static void
test_interrupted_reads (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_test_make_tmp_path ("vigil-monitor-net-XXXXXX", "vigil.db");
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  gint64 suspect = add (store, "/gen/1"), other = add (store, "/gen/2");
  g_autofree char *suspect_path = g_strdup ("/gen/1");
  guint before;

  /* Died while reading it beside others: suspected, read again. */
  set_reader (path, suspect, dead_reader ());
  {
    g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
    g_autoptr (VigilSource) s = vigil_store_get_source (store, suspect, NULL);
    g_autoptr (VigilSource) o = vigil_store_get_source (store, other, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (s->interrupted, ==, 1);
    g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_ERROR);
    g_assert_nonnull (strstr (s->error, "will be read again"));
    g_assert_cmpuint (o->interrupted, ==, 0);
    vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
    refresh_all_and_wait (m);
  }
  {
    g_autoptr (VigilSource) s = vigil_store_get_source (store, suspect, NULL);
    g_assert_cmpuint (s->interrupted, ==, 0);
    g_assert_cmpint (s->status, ==, VIGIL_SOURCE_STATUS_OK);
    g_assert_cmpint (vigil_store_count_articles (store, suspect), ==, GEN_ITEMS);
    g_assert_cmpint (vigil_store_count_articles (store, other), ==, GEN_ITEMS);
  }

  /* Died while reading it alone: skipped by refreshes, not by the desk. */
  set_reader (path, suspect, -dead_reader ());
  {
    g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
    g_autoptr (VigilSource) s = vigil_store_get_source (store, suspect, NULL);
    Wait w;
    g_assert_cmpuint (s->interrupted, ==, VIGIL_SOURCE_QUARANTINED);
    g_assert_nonnull (strstr (s->error, "skipped until you refresh it"));
    vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (m), 0);
    before = GPOINTER_TO_UINT (g_hash_table_lookup (hits, suspect_path));
    refresh_all_and_wait (m);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (hits, suspect_path)), ==, before);
    {
      g_autoptr (VigilSource) again = refresh (m, suspect, &w);
      g_assert_no_error (w.error);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (hits, suspect_path)), ==,
                        before + 1);
      g_assert_cmpuint (again->interrupted, ==, 0);
      g_assert_cmpint (again->status, ==, VIGIL_SOURCE_STATUS_OK);
    }
  }
  /* A live reader (another process reading now) is left alone. */
  {
    int fd = live_reader (path, 777);
    set_reader (path, other, 777);
    {
      g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
      g_autoptr (VigilSource) o = vigil_store_get_source (store, other, NULL);
      g_assert_cmpuint (o->interrupted, ==, 0);
    }
    /* ... until it ends. */
    close (fd);
    {
      g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
      g_autoptr (VigilSource) o = vigil_store_get_source (store, other, NULL);
      g_assert_cmpuint (o->interrupted, ==, 1);
    }
  }
}

static void
on_alert_count (VigilMonitor *m, VigilArticle *article, GPtrArray *matches, guint *count)
{
  (*count)++;
}

static gboolean
two_alerts (gpointer count)
{
  return *(guint *) count >= 2;
}

/* Articles stored without an alert evaluation (another program, an older
 * Vigil) are judged at the first refresh, once, whichever process gets there. */
static void
test_unevaluated_backlog (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = new_store ();
  gint64 src = vigil_store_add_source (store, "https://backlog.example.test/feed", "Backlog", NULL,
                                       NULL, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  guint alerts = 0;

  for (guint i = 0; i < 3; i++)
    {
      VigilArticle *a = vigil_article_new ();
      a->guid = g_strdup_printf ("b%u", i);
      a->title = g_strdup (i < 2 ? "Gunmen kidnapped two engineers near Kirkuk"
                                 : "The council approved a new budget for parks");
      a->summary = g_strdup_printf ("<p>%s, officials said (%u).</p>", a->title, i);
      g_ptr_array_add (batch, a);
    }
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_cmpint (vigil_store_count_alerts (store, NULL), ==, 0);
  for (int round = 0; round < 2; round++)
    {
      g_autoptr (VigilMonitor) m = vigil_monitor_new (store, &error);
      g_signal_connect (m, "alert", G_CALLBACK (on_alert_count), &alerts);
      vigil_store_edit_source (store, src, "Backlog", NULL, 0, FALSE, NULL);
      {
        /* Nothing to fetch: the source is not due. */
        g_autoptr (VigilSource) s = vigil_store_get_source (store, src, NULL);
        s->next_attempt = G_MAXINT64 / 2;
        vigil_store_update_source (store, s, NULL);
      }
      vigil_monitor_refresh_due (m);
      g_assert_true (vigil_test_wait_until (two_alerts, &alerts, VIGIL_TEST_WAIT_SECONDS));
      /* (what would come after them: a fixed wait, there being no event that
       * says the backlog's evaluation found nothing) */
      for (int i = 0; i < 50; i++)
        g_main_context_iteration (NULL, FALSE), g_usleep (1000);
      /* Two articles name a kidnapping: alerted in the first round only. */
      g_assert_cmpuint (alerts, ==, 2);
      g_assert_cmpint (vigil_store_count_alerts (store, NULL), ==, 2);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (SoupServer) server = NULL;

  g_test_init (&argc, &argv, NULL);
  server = net_server_start ();

  g_test_add_func ("/monitor-net/kill-during-ingest", test_kill_during_ingest);
  g_test_add_func ("/monitor-net/two-writers", test_two_writers);
  g_test_add_func ("/monitor-net/interrupted-reads", test_interrupted_reads);
  g_test_add_func ("/monitor-net/unevaluated-backlog", test_unevaluated_backlog);
  return net_test_run ();
}
