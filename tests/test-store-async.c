/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-async.c — the _async forms of the desk's writes */
#include "vigil-store-private.h"
#include "vigil-test-utils.h"

typedef struct
{
  GMainLoop *loop;
  gboolean done;
  gboolean ok;
  GError *error;
  gboolean (*finish) (VigilStore *, GAsyncResult *, GError **);
} Wait;

static void
written (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->ok = w->finish (VIGIL_STORE (source), result, &w->error);
  w->done = TRUE;
  g_main_loop_quit (w->loop);
}

static gboolean
time_out (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the call's callback (at most 20 s), then says
 * whether it worked; error (may be NULL) gets its error. */
static gboolean
wait_for (Wait *w, GError **error)
{
  guint limit = g_timeout_add_seconds (20, time_out, w->loop);

  if (!w->done)
    g_main_loop_run (w->loop);
  g_source_remove (limit);
  g_assert_true (w->done);
  if (w->error != NULL)
    g_propagate_error (error, g_steal_pointer (&w->error));
  return w->ok;
}

static Wait *
wait_new (gboolean (*finish) (VigilStore *, GAsyncResult *, GError **))
{
  Wait *w = g_new0 (Wait, 1);

  w->loop = g_main_loop_new (NULL, FALSE);
  w->finish = finish;
  return w;
}

static void
wait_free (Wait *w)
{
  g_main_loop_unref (w->loop);
  g_clear_error (&w->error);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Wait, wait_free)

static VigilStore *
new_store (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-async-XXXXXX", &error);
  g_autofree char *path = NULL;
  VigilStore *store;

  g_assert_no_error (error);
  path = g_build_filename (dir, "vigil.db", NULL);
  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  return store;
}

static gint64
add_source_with_articles (VigilStore *store, const char *url, guint n, gint64 *out_first)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  gint64 id = vigil_store_add_source (store, url, "Feed", NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      VigilArticle *a = vigil_article_new ();
      a->guid = g_strdup_printf ("%s#%u", url, i);
      a->title = g_strdup_printf ("Report %u", i);
      g_ptr_array_add (batch, a);
    }
  g_assert_true (vigil_store_ingest (store, id, batch, &added, &error));
  g_assert_cmpuint (added->len, ==, n);
  if (out_first)
    *out_first = ((VigilArticle *) g_ptr_array_index (added, 0))->id;
  return id;
}

/* The write lock held as an ingest holds it: the call returns at once, the
 * write waits, and happens when the lock is let go. */
static void
test_star_waits_for_lock (void)
{
  g_autoptr (VigilStore) store = new_store ();
  g_autoptr (Wait) w = wait_new (vigil_store_set_starred_finish);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilArticle) before = NULL;
  g_autoptr (VigilArticle) after = NULL;
  gint64 article;

  add_source_with_articles (store, "https://async.example.test/star", 2, &article);
  g_mutex_lock (&store->write_lock);
  /* Run on this thread, the call would wait for the lock this thread holds. */
  vigil_store_set_starred_async (store, article, TRUE, NULL, written, w);
  before = vigil_store_get_article (store, article, &error);
  g_assert_false (before->starred);
  g_mutex_unlock (&store->write_lock);
  g_assert_true (wait_for (w, &error));
  g_assert_no_error (error);
  after = vigil_store_get_article (store, article, &error);
  g_assert_true (after->starred);
}

static void
test_source_writes (void)
{
  g_autoptr (VigilStore) store = new_store ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilSource) edited = NULL;
  gint64 kept = add_source_with_articles (store, "https://async.example.test/kept", 3, NULL);
  gint64 gone = add_source_with_articles (store, "https://async.example.test/gone", 2, NULL);

  {
    g_autoptr (Wait) w = wait_new (vigil_store_mark_source_read_finish);
    vigil_store_mark_source_read_async (store, kept, NULL, written, w);
    g_assert_true (wait_for (w, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr (Wait) w = wait_new (vigil_store_edit_source_finish);
    vigil_store_edit_source_async (store, kept, " Kept ", "Desk", 30, TRUE, NULL, written, w);
    g_assert_true (wait_for (w, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr (Wait) w = wait_new (vigil_store_set_source_full_text_finish);
    vigil_store_set_source_full_text_async (store, kept, VIGIL_FULL_TEXT_AUTOMATIC, NULL, written,
                                            w);
    g_assert_true (wait_for (w, &error));
    g_assert_no_error (error);
  }
  edited = vigil_store_get_source (store, kept, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edited->unread, ==, 0);
  g_assert_cmpstr (edited->title, ==, "Kept");
  g_assert_cmpstr (edited->folder, ==, "Desk");
  g_assert_cmpuint (edited->interval_minutes, ==, 30);
  g_assert_true (edited->load_images);
  g_assert_cmpint (edited->full_text, ==, VIGIL_FULL_TEXT_AUTOMATIC);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 2);

  {
    g_autoptr (Wait) w = wait_new (vigil_store_remove_source_finish);
    vigil_store_remove_source_async (store, gone, NULL, written, w);
    g_assert_true (wait_for (w, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (vigil_store_count_sources (store), ==, 1);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALL), ==, 3);

  /* An error comes back through _finish. */
  {
    g_autoptr (Wait) w = wait_new (vigil_store_edit_source_finish);
    vigil_store_edit_source_async (store, gone, "Nobody", NULL, 0, FALSE, NULL, written, w);
    g_assert_false (wait_for (w, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY);
  }
}

static void
view_marked (GObject *source, GAsyncResult *result, gpointer data)
{
  GArray **out = data;
  g_autoptr (GError) error = NULL;

  *out = vigil_store_mark_view_read_finish (VIGIL_STORE (source), result, &error);
  g_assert_no_error (error);
}

/* Mark All as Read off the calling thread: the view's unread articles (the
 * filter copied: the caller's may go at once), or exactly the ids given;
 * what was marked comes back for Undo. */
static void
test_mark_view_read (void)
{
  g_autoptr (VigilStore) store = new_store ();
  g_autoptr (GArray) marked = NULL;
  g_autoptr (GArray) again = NULL;
  gint64 first = 0;
  gint64 one = add_source_with_articles (store, "https://async.example.test/one", 3, &first);
  gint64 two = add_source_with_articles (store, "https://async.example.test/two", 2, NULL);
  VigilArticleFilter *filter = g_new0 (VigilArticleFilter, 1);

  vigil_store_mark_view_read_async (store, one, filter, NULL, 0, NULL, view_marked, &marked);
  g_free (filter);
  g_assert_true (vigil_test_wait_until (vigil_test_pointer_is_set, &marked, 20));
  g_assert_cmpuint (marked->len, ==, 3);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 2);
  g_assert_true (vigil_store_mark_unread (store, marked, NULL));

  vigil_store_mark_view_read_async (store, VIGIL_VIEW_ALL, NULL, &first, 1, NULL, view_marked,
                                    &again);
  g_assert_true (vigil_test_wait_until (vigil_test_pointer_is_set, &again, 20));
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpint (g_array_index (again, gint64, 0), ==, first);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 4);
  g_assert_cmpint (vigil_store_count_articles (store, two), ==, 2);
}

/* A worker's read in progress (the shared reader's lock held): the thread of
 * the store's main context reads all the same, through its own connection;
 * another thread waits for the lock. */
typedef struct
{
  VigilStore *store;
  GMutex lock;
  GCond cond;
  gboolean holding, release;
} Holder;

static gpointer
hold_read_lock (gpointer data)
{
  Holder *h = data;

  g_mutex_lock (&h->store->read_lock);
  g_mutex_lock (&h->lock);
  h->holding = TRUE;
  g_cond_broadcast (&h->cond);
  while (!h->release)
    g_cond_wait (&h->cond, &h->lock);
  g_mutex_unlock (&h->lock);
  g_mutex_unlock (&h->store->read_lock);
  return NULL;
}

static void
test_main_thread_reads_during_worker_read (void)
{
  g_autoptr (VigilStore) store = new_store ();
  Holder h = { store };
  GThread *thread;
  gint64 first = 0;

  add_source_with_articles (store, "https://a.example/feed", 3, &first);
  g_mutex_init (&h.lock);
  g_cond_init (&h.cond);
  thread = g_thread_new ("reader", hold_read_lock, &h);
  g_mutex_lock (&h.lock);
  while (!h.holding)
    g_cond_wait (&h.cond, &h.lock);
  g_mutex_unlock (&h.lock);

  /* As the UI's thread does while its loop runs. */
  g_assert_true (g_main_context_acquire (NULL));
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 3);
  g_assert_cmpint (vigil_store_count_sources (store), ==, 1);
  {
    g_autoptr (VigilArticle) a = vigil_store_get_article (store, first, NULL);
    g_assert_nonnull (a);
    g_assert_cmpstr (a->title, ==, "Report 0");
  }
  g_main_context_release (NULL);

  g_mutex_lock (&h.lock);
  h.release = TRUE;
  g_cond_broadcast (&h.cond);
  g_mutex_unlock (&h.lock);
  g_thread_join (thread);
  /* The shared reader is free again: used as before. */
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 3);
  g_mutex_clear (&h.lock);
  g_cond_clear (&h.cond);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-async/star-waits-for-lock", test_star_waits_for_lock);
  g_test_add_func ("/store-async/source-writes", test_source_writes);
  g_test_add_func ("/store-async/mark-view-read", test_mark_view_read);
  g_test_add_func ("/store-async/main-thread-reads-during-worker-read",
                   test_main_thread_reads_during_worker_read);
  return g_test_run ();
}
