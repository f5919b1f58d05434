/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI benchmark (issue 6). With 100,000 stored articles in 500 sources (written
 * by a child process beforehand, so that this one starts like the app): the time
 * from start to the window's first frame and the UI process's resident memory
 * then; and the longest main-loop stall while the 500 sources refresh at once
 * from a local server (a thread of this process, 127.0.0.1), each bringing 50
 * new articles. Runs the real application under Xvfb:
 *   meson test -C _build --benchmark bench-ui -v */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-ui-common.h"
#include "bench-ui-feed.h"
#include "vigil-application.h"
#include "vigil-gpu.h"
#include "vigil-store.h"
#include "vigil-window.h"

#define N_SOURCES 500
#define N_STORED 200 /* articles a source, already stored: 100,000 */
#define N_FRESH BENCH_UI_FRESH

typedef struct
{
  VigilApplication *app;
  gint64 started;
  gint64 first_frame; /* monotonic µs, 0 until painted */
  long rss_at_first_frame;
  long anon_at_first_frame, file_at_first_frame;
  gboolean start_only;
  gint64 last_tick;
  gint64 worst_gap;
  guint long_gaps;      /* gaps over 50 ms */
  gint64 cpu_at_start;  /* the main thread's CPU time (µs) when the window was up */
  gint64 cpu_at_finish; /* and when the refresh finished */
  gint64 last_tick_cpu; /* the main thread's CPU time at the last tick */
  gint64 worst_gap_cpu; /* the most of it spent between two ticks */
  /* The longest gap told apart (Linux's schedstat): the main thread's CPU
   * time in it, its time ready to run but waiting for a processor (other
   * threads and processes had them), and the rest, blocked (a lock, the X
   * server's reply, a read). */
  gint64 last_tick_wait;
  gint64 worst_gap_parts[3];
  gint64 wait_at_start, wait_at_finish; /* ready but waiting, over the refresh */
  gint64 refresh_started;
  gint64 refresh_finished;
  guint ticks;
  GdkFrameClock *clock;
  guint progress_done, progress_total;
  gulong paint_handler;
  /* The frames drawn during the refresh: how many, and the longest in the
   * main thread's CPU time (a stall is a
   * frame, or callbacks between frames: the two are told apart). */
  gint64 frame_start_cpu, frame_start;
  guint frames;
  gint64 worst_frame_cpu;
  gint64 frames_cpu; /* all frames' CPU time during the refresh */
} Bench;

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line ? strtol (line + strlen (field), NULL, 10) : -1;
}

/* CPU time of the calling thread, µs: what the main thread itself spent,
 * whatever else the machine runs. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Time the calling thread spent ready to run but waiting for a processor,
 * µs (the second field of /proc/thread-self/schedstat, in ns); -1 when the
 * kernel does not say. */
static gint64
thread_wait_us (void)
{
  char buf[128];
  FILE *f = fopen ("/proc/thread-self/schedstat", "r");
  unsigned long long run = 0, wait = 0;
  int n = 0;

  if (f == NULL)
    return -1;
  if (fgets (buf, sizeof buf, f) != NULL)
    n = sscanf (buf, "%llu %llu", &run, &wait);
  fclose (f);
  return n == 2 ? (gint64) (wait / 1000) : -1;
}

static long
rss_kib (void)
{
  return status_kib ("VmRSS:");
}

/* ---- the local server, in its own thread and main context ---- */

static void
serve (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
       gpointer data)
{
  GString *feed;
  guint n = 0;

  sscanf (path, "/feed-%u.xml", &n);
  feed = bench_ui_feed (n);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE, feed->str,
                                    feed->len);
  g_string_free (feed, FALSE);
}

static gpointer
server_thread (gpointer data)
{
  GAsyncQueue *ready = data;
  GMainContext *context = g_main_context_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (context, FALSE);
  SoupServer *server;
  g_autoptr (GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serve, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  g_async_queue_push (ready, g_uri_to_string (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (loop); /* until the process ends */
  return NULL;
}

/* ---- the store the application opens ---- */

static void
fill_store (const char *base_url)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_store_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (GRand) r = g_rand_new_with_seed (11);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *levels[] = { "low", "low", "elevated", "high", "critical" };

  g_mkdir_with_parents (dir, 0700);
  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < N_SOURCES; s++)
    {
      g_autofree char *url = g_strdup_printf ("%sfeed-%u.xml", base_url, s);
      g_autofree char *title = g_strdup_printf ("Source %u", s);
      g_autofree char *folder = g_strdup_printf ("Desk %u", s % 12);
      g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (GPtrArray) added = NULL;
      gint64 id = vigil_store_add_source (store, url, title, NULL, folder, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < N_STORED; i++)
        {
          VigilArticle *a = vigil_article_new ();
          a->guid = g_strdup_printf ("stored-%u-%u", s, i);
          a->title = g_strdup_printf ("Stored report %u from source %u on the border talks", i, s);
          a->link = g_strdup_printf ("https://news.example.test/%u/%u", s, i);
          a->summary = g_strdup ("<p>Officials met on Tuesday to discuss the crossing.</p>");
          a->published = g_date_time_new_from_unix_utc (now - g_rand_int_range (r, 0, 30 * 86400));
          a->level = g_strdup (levels[g_rand_int_range (r, 0, G_N_ELEMENTS (levels))]);
          a->score = g_rand_int_range (r, 0, 100);
          g_ptr_array_add (batch, a);
        }
      /* Stored as already judged by the alert rules (an evaluated history). */
      g_autoptr (GPtrArray) none = g_ptr_array_new ();
      g_ptr_array_set_size (none, batch->len);
      g_assert_true (vigil_store_ingest_evaluated (store, id, batch, none, &added, &error));
    }
  vigil_store_index_pending (store, NULL);
}

/* ---- measuring the running application ---- */

static gboolean
tick (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  /* Main-loop latency: the gap between two 5 ms timer ticks while refreshing,
   * once the window is up (building it is the start-up time above). */
  gint64 cpu = thread_cpu_us ();
  gint64 wait = thread_wait_us ();

  if (b->first_frame && b->refresh_started && !b->refresh_finished && b->last_tick)
    {
      if (now - b->last_tick > b->worst_gap)
        {
          b->worst_gap_parts[0] = cpu - b->last_tick_cpu;
          b->worst_gap_parts[1] = wait >= 0 ? wait - b->last_tick_wait : -1000;
          b->worst_gap_parts[2]
              = now - b->last_tick - b->worst_gap_parts[0] - MAX (b->worst_gap_parts[1], 0);
        }
      b->worst_gap = MAX (b->worst_gap, now - b->last_tick);
      /* The same gap counted in the main thread's own CPU time: what Vigil
       * did in it, without the time other processes of a loaded machine
       * had the processor. */
      b->worst_gap_cpu = MAX (b->worst_gap_cpu, cpu - b->last_tick_cpu);
      if (now - b->last_tick > 50000)
        b->long_gaps++;
      if (b->cpu_at_start == 0)
        {
          b->cpu_at_start = thread_cpu_us ();
          b->wait_at_start = thread_wait_us ();
        }
      /* For a profiler's timeline (perf record -k CLOCK_MONOTONIC): when
       * each long gap was, in the monotonic clock's seconds. */
      if (now - b->last_tick > 30000 && g_getenv ("BENCH_UI_GAPS"))
        fprintf (stderr, "gap %.6f %.6f cpu %.1f ms, waiting for a CPU %.1f ms\n",
                 b->last_tick / 1e6, now / 1e6, (cpu - b->last_tick_cpu) / 1000.0,
                 (wait - b->last_tick_wait) / 1000.0);
    }
  b->last_tick = now;
  b->last_tick_cpu = cpu;
  b->last_tick_wait = wait;
  b->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint (GdkFrameClock *clock, Bench *b)
{
  if (b->first_frame == 0)
    {
      b->first_frame = g_get_monotonic_time ();
      b->rss_at_first_frame = rss_kib ();
      /* Of it: private memory, and pages of files (libraries, the mapped
       * database) the kernel can drop and read again. */
      b->anon_at_first_frame = status_kib ("RssAnon:");
      b->file_at_first_frame = status_kib ("RssFile:") + status_kib ("RssShmem:");
      if (g_getenv ("BENCH_UI_SMAPS"))
        {
          g_autofree char *smaps = NULL;
          if (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
            g_file_set_contents (g_getenv ("BENCH_UI_SMAPS"), smaps, -1, NULL);
        }
    }
  g_signal_handler_disconnect (clock, b->paint_handler);
  b->paint_handler = 0;
  /* The start alone: the child measuring another renderer, or profiling. */
  if (b->start_only || g_getenv ("BENCH_UI_START_ONLY"))
    g_application_quit (G_APPLICATION (b->app));
}

static gboolean
refreshing (Bench *b)
{
  return b->first_frame && b->refresh_started && !b->refresh_finished;
}

static void
on_before_paint (GdkFrameClock *clock, Bench *b)
{
  b->frame_start_cpu = thread_cpu_us ();
  b->frame_start = g_get_monotonic_time ();
}

static void
on_frame_end (GdkFrameClock *clock, Bench *b)
{
  gint64 cpu = thread_cpu_us () - b->frame_start_cpu;

  if (!refreshing (b) || b->frame_start_cpu == 0)
    return;
  b->frames++;
  b->frames_cpu += cpu;
  b->worst_frame_cpu = MAX (b->worst_frame_cpu, cpu);
  if (cpu > 10000 && g_getenv ("BENCH_UI_GAPS"))
    fprintf (stderr, "frame %.6f %.6f cpu %.1f ms\n", b->frame_start / 1e6,
             g_get_monotonic_time () / 1e6, cpu / 1000.0);
}

static void
on_refresh_progress (VigilMonitor *monitor, guint done, guint total, Bench *b)
{
  if ((done == 0 || done == total) && g_getenv ("BENCH_UI_GAPS"))
    fprintf (stderr, "progress %.6f %u of %u\n", g_get_monotonic_time () / 1e6, done, total);
  b->progress_done = done;
  b->progress_total = total;
}

static void
on_refresh_finished (VigilMonitor *monitor, Bench *b)
{
  if (b->refresh_started && !b->refresh_finished)
    {
      b->refresh_finished = g_get_monotonic_time ();
      b->cpu_at_finish = thread_cpu_us ();
      b->wait_at_finish = thread_wait_us ();
      g_application_quit (G_APPLICATION (b->app));
    }
}

static gboolean
watch_window (gpointer data)
{
  Bench *b = data;

  b->clock = bench_ui_window_clock (GTK_APPLICATION (b->app));
  if (b->clock == NULL)
    return G_SOURCE_CONTINUE;
  b->paint_handler = g_signal_connect (b->clock, "after-paint", G_CALLBACK (on_after_paint), b);
  g_signal_connect (b->clock, "before-paint", G_CALLBACK (on_before_paint), b);
  g_signal_connect_after (b->clock, "after-paint", G_CALLBACK (on_frame_end), b);
  return G_SOURCE_REMOVE;
}

static void
on_startup (GApplication *app, Bench *b)
{
  VigilMonitor *monitor = vigil_application_get_monitor (VIGIL_APPLICATION (app));

  /* Every source is on 127.0.0.1: no politeness delay between them here. */
  vigil_fetcher_set_host_spacing (vigil_monitor_get_fetcher (monitor), 0);
  g_signal_connect (monitor, "refresh-finished", G_CALLBACK (on_refresh_finished), b);
  g_signal_connect (monitor, "refresh-progress", G_CALLBACK (on_refresh_progress), b);
}

static void
on_activate (GApplication *app, Bench *b)
{
  if (b->refresh_started == 0)
    b->refresh_started = g_get_monotonic_time (); /* activate starts the refresh */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, watch_window, b, NULL);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("vigil-bench-ui-XXXXXX", &error);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autoptr (GAsyncQueue) ready = g_async_queue_new ();
  g_autofree char *base = NULL;
  g_autoptr (GSettings) settings = NULL;
  Bench b = { 0 };
  const char *app_argv[] = { "vigil", NULL };
  gint64 t0;
  long rss_before;
  guint stored_after, failed = 0, not_fetched = 0;
  double cairo_frame = -1, cairo_rss = 0, cairo_anon = 0, cairo_file = 0;

  if (argc == 3 && g_str_equal (argv[1], "--fill"))
    {
      /* The child that writes the store (in the parent's XDG directories): the
       * measured process starts clean. */
      g_rmdir (home);
      fill_store (argv[2]);
      return 0;
    }
  if (argc == 2 && g_str_equal (argv[1], "--start-only"))
    {
      /* The child that measures one more start on the same store, with the
       * renderer its environment names. */
      g_rmdir (home);
      settings = bench_ui_settings ();
      b.start_only = TRUE;
      b.app = vigil_application_new ();
      g_signal_connect_after (b.app, "activate", G_CALLBACK (on_activate), &b);
      b.started = g_get_monotonic_time ();
      g_application_run (G_APPLICATION (b.app), 1, (char **) app_argv);
      printf ("%.0f %.0f %.0f %.0f\n", b.first_frame ? (b.first_frame - b.started) / 1000.0 : -1.0,
              b.rss_at_first_frame / 1024.0, b.anon_at_first_frame / 1024.0,
              b.file_at_first_frame / 1024.0);
      g_object_unref (b.app);
      return 0;
    }
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_thread_unref (g_thread_new ("server", server_thread, ready));
  base = g_async_queue_pop (ready);
  t0 = g_get_monotonic_time ();
  {
    const char *fill_argv[] = { argv[0], "--fill", base, NULL };
    int status = 0;
    if (!g_spawn_sync (NULL, (char **) fill_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &status, &error)
        || !g_spawn_check_wait_status (status, &error))
      g_error ("bench-ui: could not fill the store: %s", error->message);
  }
  printf ("\nStore: %d sources, %d articles written in %.1f s\n", N_SOURCES, N_SOURCES * N_STORED,
          (g_get_monotonic_time () - t0) / 1e6);

  {
    /* Vigil draws with cairo when the machine has no GPU (see vigil-gpu.h).
     * The same start with GTK's GL renderer forced, in a child process: on a
     * machine without a GPU that is Mesa's llvmpipe, what Vigil avoids. */
    const char *child_argv[] = { argv[0], "--start-only", NULL };
    g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "GSK_RENDERER",
                                           vigil_gpu_available () ? "cairo" : "gl", TRUE);
    g_autofree char *out = NULL;
    int status = 0;
    if (g_spawn_sync (NULL, (char **) child_argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                      NULL, &status, NULL)
        && sscanf (out, "%lf %lf %lf %lf", &cairo_frame, &cairo_rss, &cairo_anon, &cairo_file) == 4)
      ;
    else
      cairo_frame = -1;
  }
  settings = bench_ui_settings ();

  rss_before = rss_kib ();
  b.app = vigil_application_new ();
  g_signal_connect_after (b.app, "startup", G_CALLBACK (on_startup), &b);
  g_signal_connect_after (b.app, "activate", G_CALLBACK (on_activate), &b);
  g_timeout_add (5, tick, &b);
  bench_ui_give_up_after (180, "bench-ui: the refresh did not finish within 180 s");
  b.started = g_get_monotonic_time ();
  g_application_run (G_APPLICATION (b.app), 1, (char **) app_argv);

  {
    g_autofree char *path = vigil_store_default_path ();
    g_autoptr (VigilStore) store = vigil_store_new (path, NULL);
    g_autoptr (GPtrArray) sources = store ? vigil_store_list_sources (store, NULL) : NULL;
    stored_after = store ? vigil_store_count_articles (store, 0) : 0;
    for (guint i = 0; sources && i < sources->len; i++)
      {
        VigilSource *s = g_ptr_array_index (sources, i);
        if (s->status == VIGIL_SOURCE_STATUS_ERROR)
          {
            if (failed++ == 0)
              printf ("first failed source: %s: %s\n", s->url, s->error);
          }
        else if (s->last_fetch == 0)
          not_fetched++;
      }
  }
  printf ("\n| measure | value | target |\n|---|---|---|\n");
  printf ("| start to first frame (%d stored articles) | %.0f ms | < 500 ms |\n",
          N_SOURCES * N_STORED, b.first_frame ? (b.first_frame - b.started) / 1000.0 : -1.0);
  printf ("| resident memory at first frame | %.0f MB (process before start: %.0f MB) | < 150 MB "
          "|\n",
          b.rss_at_first_frame / 1024.0, rss_before / 1024.0);
  printf ("| of which private / file-backed | %.0f MB / %.0f MB | |\n",
          b.anon_at_first_frame / 1024.0, b.file_at_first_frame / 1024.0);
  printf ("| renderer | %s (%s) | |\n",
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "gl",
          vigil_gpu_available () ? "a GPU is present" : "no GPU: cairo chosen by Vigil");
  printf ("| the same start with the %s renderer | %.0f ms, %.0f MB (private %.0f MB, file-backed "
          "%.0f MB) | |\n",
          vigil_gpu_available () ? "cairo" : "GL (llvmpipe)", cairo_frame, cairo_rss, cairo_anon,
          cairo_file);
  printf ("| refresh of %d sources (%d new articles each) | %.1f s | |\n", N_SOURCES, N_FRESH,
          b.refresh_finished ? (b.refresh_finished - b.refresh_started) / 1e6 : -1.0);
  printf ("| longest main-loop stall during it | %.0f ms | < 50 ms |\n", b.worst_gap / 1000.0);
  printf ("| stalls over 50 ms during it | %u | |\n", b.long_gaps);
  printf ("| of the longest: main-thread CPU / ready, waiting for a CPU / blocked | %.0f / %.0f / "
          "%.0f ms | |\n",
          b.worst_gap_parts[0] / 1000.0, b.worst_gap_parts[1] / 1000.0,
          b.worst_gap_parts[2] / 1000.0);
  printf ("| main thread ready but waiting for a CPU during it | %.2f s | |\n",
          b.wait_at_start >= 0 && b.wait_at_finish > 0 ? (b.wait_at_finish - b.wait_at_start) / 1e6
                                                       : -1.0);
  printf ("| most main-thread CPU time between two ticks | %.0f ms | |\n",
          b.worst_gap_cpu / 1000.0);
  printf ("| frames drawn during it, and their main-thread CPU time | %u, %.2f s | |\n", b.frames,
          b.frames_cpu / 1e6);
  printf ("| longest frame's main-thread CPU time | %.0f ms | |\n", b.worst_frame_cpu / 1000.0);
  printf ("| main thread's CPU time during it | %.2f s | |\n",
          b.cpu_at_start && b.cpu_at_finish ? (b.cpu_at_finish - b.cpu_at_start) / 1e6 : -1.0);
  printf ("| articles stored after | %u | %d |\n", stored_after, N_SOURCES * (N_STORED + N_FRESH));
  printf ("| sources failed / not fetched | %u / %u | 0 / 0 |\n", failed, not_fetched);
  printf ("| refresh progress at the end | %u of %u | |\n", b.progress_done, b.progress_total);
  g_object_unref (b.app);
  {
    /* Its store (~110 MB) goes with it. */
    const char *rm_argv[] = { "rm", "-rf", "--", home, NULL };
    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  return 0;
}
