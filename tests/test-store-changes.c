/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-changes.c — the store's "changed" signal: where, when and what it says */
#include <glib/gstdio.h>

#include "vigil-store-private.h"

typedef struct
{
  GMainContext *context; /* the store's */
  GThread *main_thread;
  VigilStore *store;
  GArray *seen; /* Emission */
} Fixture;

typedef struct
{
  VigilStoreChange what;
  gint64 source_id;
  gboolean in_main_thread;
  gboolean in_context;
} Emission;

static void
on_changed (VigilStore *store, VigilStoreChange what, gint64 source_id, gpointer data)
{
  Fixture *f = data;
  Emission e = { what, source_id, g_thread_self () == f->main_thread,
                 g_main_context_is_owner (f->context) };

  g_assert_true (store == f->store);
  g_array_append_val (f->seen, e);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-changes-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "vigil.db", NULL);
  /* A context of its own, thread-default while the store is created: the
   * signal must come there, not in the global default context. */
  f->context = g_main_context_new ();
  f->main_thread = g_thread_self ();
  g_main_context_push_thread_default (f->context);
  f->store = vigil_store_new (path, &error);
  g_main_context_pop_thread_default (f->context);
  g_assert_no_error (error);
  f->seen = g_array_new (FALSE, TRUE, sizeof (Emission));
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->store);
  g_array_unref (f->seen);
  g_main_context_unref (f->context);
}

static gboolean
time_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the store's context until the next emission, and returns it (a
 * signal that never comes fails after 20 s instead of hanging). */
static Emission
next_emission (Fixture *f)
{
  guint before = f->seen->len;
  gboolean timed_out = FALSE;
  g_autoptr (GSource) limit = g_timeout_source_new_seconds (20);

  g_source_set_callback (limit, time_out, &timed_out, NULL);
  g_source_attach (limit, f->context);
  while (f->seen->len == before && !timed_out)
    g_main_context_iteration (f->context, TRUE);
  g_source_destroy (limit);
  g_assert_false (timed_out);
  g_assert_cmpuint (f->seen->len, ==, before + 1);
  return g_array_index (f->seen, Emission, before);
}

/* Runs what is ready in the store's context, and says whether anything was emitted. */
static gboolean
emitted_when_idle (Fixture *f)
{
  guint before = f->seen->len;

  while (g_main_context_iteration (f->context, FALSE))
    ;
  return f->seen->len != before;
}

static GPtrArray *
make_articles (const char *prefix, guint n)
{
  GPtrArray *articles = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      VigilArticle *a = vigil_article_new ();
      a->guid = g_strdup_printf ("%s-%u", prefix, i);
      a->title = g_strdup_printf ("Artillery shelling reported near the border, %s %u", prefix, i);
      a->summary = g_strdup ("<p>Shelling near the border.</p>");
      a->published = g_date_time_new_from_unix_utc (1700000000 + i);
      g_ptr_array_add (articles, a);
    }
  return articles;
}

static void
test_main_thread_writes (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = make_articles ("main", 3);
  g_autoptr (GPtrArray) added = NULL;
  gint64 a, b;
  Emission e;

  a = vigil_store_add_source (f->store, "https://changes.example.test/a", "A", NULL, NULL, &error);
  g_assert_no_error (error);
  /* Said later, in the context, not from inside the call. */
  g_assert_cmpuint (f->seen->len, ==, 0);
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_SOURCES);
  g_assert_true (e.in_main_thread);
  g_assert_true (e.in_context);
  g_assert_false (emitted_when_idle (f));

  /* Two writes before the context runs: one emission, both said; the
   * articles of one source, named. */
  g_assert_true (vigil_store_ingest (f->store, a, batch, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 3);
  g_assert_true (vigil_store_mark_source_read (f->store, a, &error));
  g_assert_no_error (error);
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_ARTICLES);
  g_assert_cmpint (e.source_id, ==, a);
  g_assert_false (emitted_when_idle (f));

  /* Articles of two sources: no one source to name. */
  b = vigil_store_add_source (f->store, "https://changes.example.test/b", "B", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_mark_source_read (f->store, a, &error));
  g_assert_true (vigil_store_mark_source_read (f->store, b, &error));
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_SOURCES | VIGIL_STORE_CHANGE_ARTICLES);
  g_assert_cmpint (e.source_id, ==, 0);

  /* A star, an edit, the index, a removal: each says what it changed. */
  g_assert_true (vigil_store_set_starred (
      f->store, ((VigilArticle *) g_ptr_array_index (added, 0))->id, TRUE, &error));
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_ARTICLES);
  g_assert_true (vigil_store_edit_source (f->store, b, "Bee", NULL, 0, FALSE, &error));
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_SOURCES | VIGIL_STORE_CHANGE_ARTICLES);
  g_assert_cmpint (e.source_id, ==, b);
  g_assert_cmpint (vigil_store_index_pending (f->store, &error), ==, 3);
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_INDEX);
  g_assert_true (vigil_store_remove_source (f->store, b, &error));
  e = next_emission (f);
  g_assert_true (e.what & VIGIL_STORE_CHANGE_SOURCES);
  g_assert_cmpint (e.source_id, ==, b);
  g_assert_no_error (error);
  g_assert_cmpuint (f->seen->len, ==, 7);
}

typedef struct
{
  VigilStore *store;
  gint64 source_id;
  gint64 article_id; /* out: the first new article */
  gboolean ok;
} WorkerWrite;

static void
free_alert_list (gpointer list)
{
  if (list != NULL)
    g_ptr_array_unref (list);
}

/* A worker thread ingests a feed with an alert on its first article, as the monitor does. */
static gpointer
worker_ingest (gpointer data)
{
  WorkerWrite *w = data;
  g_autoptr (GPtrArray) batch = make_articles ("worker", 2);
  g_autoptr (GPtrArray) alerts = g_ptr_array_new_with_free_func (free_alert_list);
  g_autoptr (GPtrArray) first
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_story_alert_free);
  g_autoptr (GPtrArray) added = NULL;

  g_ptr_array_add (first, vigil_story_alert_new ("Border", "shelling"));
  g_ptr_array_add (alerts, g_steal_pointer (&first));
  g_ptr_array_add (alerts, NULL);
  w->ok = vigil_store_ingest_evaluated (w->store, w->source_id, batch, alerts, &added, NULL)
          && added->len == 2;
  if (w->ok)
    w->article_id = ((VigilArticle *) g_ptr_array_index (added, 0))->id;
  return NULL;
}

static gpointer
worker_dismiss (gpointer data)
{
  WorkerWrite *w = data;
  g_autoptr (VigilAlertUndo) undo = vigil_store_dismiss_alerts (w->store, &w->article_id, 1, NULL);

  w->ok = undo != NULL && vigil_alert_undo_get_n_alerts (undo) == 1;
  return NULL;
}

static void
test_worker_thread_writes (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  WorkerWrite w = { f->store, 0, 0, FALSE };
  GThread *thread;
  Emission e;

  w.source_id = vigil_store_add_source (f->store, "https://changes.example.test/w", "W", NULL, NULL,
                                        &error);
  g_assert_no_error (error);
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_SOURCES);

  thread = g_thread_new ("store-writer", worker_ingest, &w);
  g_thread_join (thread);
  g_assert_true (w.ok);
  /* Written in the worker, said in the main thread, in the store's context. */
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_ARTICLES | VIGIL_STORE_CHANGE_ALERTS);
  g_assert_cmpint (e.source_id, ==, w.source_id);
  g_assert_true (e.in_main_thread);
  g_assert_true (e.in_context);

  thread = g_thread_new ("store-writer", worker_dismiss, &w);
  g_thread_join (thread);
  g_assert_true (w.ok);
  e = next_emission (f);
  g_assert_cmpint (e.what, ==, VIGIL_STORE_CHANGE_ALERTS);
  g_assert_true (e.in_main_thread);
  g_assert_false (emitted_when_idle (f));
  g_assert_cmpuint (f->seen->len, ==, 3);
}

static void
test_reads_do_not_emit (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = make_articles ("read", 2);
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GPtrArray) facets = NULL;
  g_autoptr (GPtrArray) story = NULL;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (VigilArticle) article = NULL;
  g_autoptr (GHashTable) by_rule = NULL;
  gint64 src;
  Emission e;

  src = vigil_store_add_source (f->store, "https://changes.example.test/r", "R", NULL, NULL,
                                &error);
  g_assert_true (vigil_store_ingest (f->store, src, batch, &added, &error));
  g_assert_cmpint (vigil_store_index_pending (f->store, &error), ==, 2);
  g_assert_no_error (error);
  e = next_emission (f);
  g_assert_cmpint (e.what, ==,
                   VIGIL_STORE_CHANGE_SOURCES | VIGIL_STORE_CHANGE_ARTICLES
                       | VIGIL_STORE_CHANGE_INDEX);
  g_assert_false (emitted_when_idle (f));

  sources = vigil_store_list_sources (f->store, &error);
  g_assert_cmpuint (sources->len, ==, 1);
  page = vigil_store_list_articles_page (f->store, VIGIL_VIEW_ALL, 0, 10, &error);
  g_assert_cmpuint (page->len, ==, 2);
  article = vigil_store_get_article (f->store, ((VigilArticle *) g_ptr_array_index (added, 0))->id,
                                     &error);
  g_assert_nonnull (article);
  g_assert_cmpint (vigil_store_count_articles (f->store, src), ==, 2);
  g_assert_cmpint (vigil_store_count_sources (f->store), ==, 1);
  g_assert_cmpint (vigil_store_count_unseen_alerts (f->store), ==, 0);
  g_assert_cmpint (vigil_store_article_position (f->store, 0, article->id), >=, 0);
  hits = vigil_store_search (f->store, "shelling", 10, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  facets = vigil_store_facet_counts (f->store, "category", 1700000000, 7, 10, &error);
  story = vigil_store_list_story (f->store, article->cluster_id, 0, &error);
  g_assert_cmpuint (story->len, ==, 1);
  accounts = vigil_store_list_accounts (f->store, &error);
  by_rule = vigil_store_count_alerts_by_rule (f->store);
  g_assert_true (vigil_store_check_integrity (f->store, &error));
  g_assert_no_error (error);

  /* Nothing was written: nothing is pending in the context, nothing said. */
  g_assert_false (g_main_context_pending (f->context));
  g_assert_false (emitted_when_idle (f));
  g_assert_cmpuint (f->seen->len, ==, 1);
}

/* A store let go with a change not said yet: the context's pending source
 * goes with it, and nothing is emitted for a store that is gone. */
static void
test_finalized_with_change_pending (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-changes-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr (GMainContext) context = g_main_context_new ();
  VigilStore *store;

  g_main_context_push_thread_default (context);
  store = vigil_store_new (path, &error);
  g_main_context_pop_thread_default (context);
  g_assert_no_error (error);
  vigil_store_add_source (store, "https://changes.example.test/gone", "Gone", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_main_context_pending (context));
  g_assert_finalize_object (store);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_false (g_main_context_pending (context));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store-changes/main-thread-writes", Fixture, NULL, fixture_set_up,
              test_main_thread_writes, fixture_tear_down);
  g_test_add ("/store-changes/worker-thread-writes", Fixture, NULL, fixture_set_up,
              test_worker_thread_writes, fixture_tear_down);
  g_test_add ("/store-changes/reads-do-not-emit", Fixture, NULL, fixture_set_up,
              test_reads_do_not_emit, fixture_tear_down);
  g_test_add_func ("/store-changes/finalized-with-change-pending",
                   test_finalized_with_change_pending);
  return g_test_run ();
}
