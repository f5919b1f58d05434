/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The search box's search (vigil-alert-search.c) over a store: a query the
 * index does not answer exactly is judged hit by hit far down the ranking (a
 * match ranked below the first 800 hits is found), it stops at its limit, and
 * a cancelled search says so; the task form gives the same results. */
#include "vigil-alert-search.h"
#include "vigil-test-utils.h"

#define N_LOUD 1000 /* articles that say "rocket" often, and Baghdad */

static VigilArticle *
article (const char *guid, const char *title, const char *summary, gint64 published)
{
  VigilArticle *a = vigil_article_new ();

  a->guid = g_strdup (guid);
  a->title = g_strdup (title);
  a->link = g_strdup_printf ("https://search.example.test/%s", guid);
  a->summary = g_strdup (summary);
  a->published = g_date_time_new_from_unix_utc (published);
  return a;
}

/* N_LOUD short reports full of "rocket" near Baghdad, and one long report
 * that says "rocket" once, far from Baghdad: the index ranks it last. */
static VigilStore *
fill_store (gint64 *quiet_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vigil_test_make_tmp_path ("vigil-search-XXXXXX", "vigil.db");
  VigilStore *store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (GString) filler = g_string_new ("<p>");
  gint64 src;

  g_assert_no_error (error);
  src = vigil_store_add_source (store, "https://search.example.test/feed", "Wire", NULL, NULL,
                                &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_LOUD; i++)
    {
      g_autofree char *guid = g_strdup_printf ("loud-%u", i);
      g_autofree char *title = g_strdup_printf ("Rocket fire in Baghdad, report %u", i);
      g_ptr_array_add (batch,
                       article (guid, title, "<p>Rocket rocket rocket: rockets hit Baghdad.</p>",
                                1700000000 + i));
    }
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (filler, "The market of the old town opened its stalls, day %u. ", i);
  g_string_append (filler, "A rocket was shown at the fair.</p>");
  g_ptr_array_add (batch, article ("quiet", "Town fair opens in Erbil", filler->str, 1600000000));
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, N_LOUD + 1);
  g_assert_cmpint (vigil_store_index_pending (store, &error), ==, N_LOUD + 1);
  *quiet_id = ((VigilArticle *) g_ptr_array_index (added, N_LOUD))->id;
  return store;
}

static void
test_low_ranked_match (void)
{
  g_autoptr (GError) error = NULL;
  gint64 quiet_id = 0;
  g_autoptr (VigilStore) store = fill_store (&quiet_id);
  g_autoptr (GArray) ranking = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GPtrArray) loud = NULL;
  guint rank = G_MAXUINT;

  /* The premise: the report is ranked below the first 800 hits. */
  ranking = vigil_store_search_ids (store, "(\"rocket\" OR \"rockets\")", 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ranking->len, ==, N_LOUD + 1);
  for (guint i = 0; i < ranking->len; i++)
    if (g_array_index (ranking, gint64, i) == quiet_id)
      rank = i;
  g_test_message ("the report is hit %u of %u", rank + 1, ranking->len);
  g_assert_cmpuint (rank, >=, 800);

  /* NOT is judged on each hit: the one report without Baghdad is found. */
  hits = vigil_alert_search (store, NULL, "rocket -Baghdad", VIGIL_SEARCH_LIMIT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((VigilSearchHit *) g_ptr_array_index (hits, 0))->article->id, ==, quiet_id);
  g_assert_nonnull (strstr (((VigilSearchHit *) g_ptr_array_index (hits, 0))->snippet, "<b>"));

  /* A query the index answers exactly stops at the limit, best first. */
  loud = vigil_alert_search (store, NULL, "rocket", 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loud->len, ==, 50);
  /* And one judged hit by hit too. */
  g_clear_pointer (&loud, g_ptr_array_unref);
  loud = vigil_alert_search (store, NULL, "rocket NEAR/3 Baghdad", 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loud->len, ==, 50);
}

static void
test_cancel_and_task (void)
{
  g_autoptr (GError) error = NULL;
  gint64 quiet_id = 0;
  g_autoptr (VigilStore) store = fill_store (&quiet_id);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  g_cancellable_cancel (cancellable);
  hits = vigil_alert_search (store, NULL, "rocket -Baghdad", VIGIL_SEARCH_LIMIT, cancellable,
                             &error);
  g_assert_null (hits);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  vigil_alert_search_async (store, NULL, "rocket -Baghdad", VIGIL_SEARCH_LIMIT, NULL,
                            vigil_test_async_ready, &result);
  result = vigil_test_wait_result (&result);
  hits = vigil_alert_search_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((VigilSearchHit *) g_ptr_array_index (hits, 0))->article->id, ==, quiet_id);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/low-ranked-match", test_low_ranked_match);
  g_test_add_func ("/search/cancel-and-task", test_cancel_and_task);
  return g_test_run ();
}
