/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's alerts and stories: ids and clusters at ingest, one alert per
 * article, dismissing a story or alerts (and undo), an article separated from
 * its story. */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "vigil-article-list.h"
#include "vigil-store-private.h"
#include "vigil-test-utils.h"
#include "test-store-common.h"

/* The story a stored article is in, read back from the database. */
static gint64
stored_cluster (VigilStore *store, gint64 id)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (store->reader,
                                       "SELECT cluster_id FROM articles WHERE id = ?", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Ids are given as SQLite gives them (one more than the largest, also after
 * the newest was deleted), an article that starts a story is stored as its
 * own story and one that joins an earlier article of its batch joins that
 * one's story (its own when that one was a duplicate); the store closes
 * cleanly with its statements. */
static void
test_ingest_ids_and_stories (void)
{
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  gint64 src, first, last;
  VigilStore *store = store_with_source (&path, &src);
  VigilArticle *a;

  first = ingest_in_story (store, src, "old", 0, "Seen before", 0);
  last = ingest_in_story (store, src, "old", 1, "Deleted", first);
  g_assert_cmpint (last, ==, first + 1);
  g_assert_cmpint (stored_cluster (store, first), ==, first);
  g_assert_cmpint (stored_cluster (store, last), ==, first);
  {
    g_autofree char *sql
        = g_strdup_printf ("DELETE FROM articles WHERE id = %" G_GINT64_FORMAT, last);
    g_assert_cmpint (sqlite3_exec (store->writer, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  g_ptr_array_add (batch, make_article ("new0", "Starts a story", 1100));
  g_ptr_array_add (batch, make_article ("old0", "A duplicate", 1200));
  g_ptr_array_add (batch, make_article ("new1", "Joins the first", 1300));
  ((VigilArticle *) g_ptr_array_index (batch, 2))->cluster_id = -1;
  g_ptr_array_add (batch, make_article ("new2", "Would join the duplicate", 1400));
  ((VigilArticle *) g_ptr_array_index (batch, 3))->cluster_id = -2;
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 3);
  for (guint i = 0; i < added->len; i++)
    {
      a = g_ptr_array_index (added, i);
      g_assert_cmpint (a->id, ==, first + 1 + i);
      g_assert_cmpint (stored_cluster (store, a->id), ==, a->cluster_id);
    }
  a = g_ptr_array_index (added, 0);
  g_assert_cmpint (a->cluster_id, ==, a->id);
  g_assert_cmpint (((VigilArticle *) g_ptr_array_index (added, 1))->cluster_id, ==, a->id);
  a = g_ptr_array_index (added, 2);
  g_assert_cmpint (a->cluster_id, ==, a->id);
  g_assert_cmpint (((VigilArticle *) g_ptr_array_index (batch, 1))->id, ==, 0);

  /* The last connection closed: SQLite removes the log. */
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_alert_once (void)
{
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (NULL, &src);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  gboolean inserted = FALSE;
  gint64 id;

  g_ptr_array_add (batch, make_article ("x", "Alert me", 1000));
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  id = ((VigilArticle *) g_ptr_array_index (added, 0))->id;
  g_assert_true (vigil_store_add_alert (store, "Rule", id, "rocket", &inserted, &error));
  g_assert_true (inserted);
  g_assert_true (vigil_store_add_alert (store, "Rule", id, "rocket", &inserted, &error));
  g_assert_false (inserted);
  g_assert_cmpint (vigil_store_count_alerts (store, "new"), ==, 1);
  /* the Alerts view and its unseen count */
  {
    g_autoptr (GPtrArray) alerted = vigil_store_list_articles (store, VIGIL_VIEW_ALERTS, &error);
    g_assert_cmpuint (alerted->len, ==, 1);
    g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALERTS), ==, 1);
    g_assert_cmpint (vigil_store_article_position (store, VIGIL_VIEW_ALERTS, id), ==, 0);
    g_assert_cmpint (vigil_store_count_unseen_alerts (store), ==, 1);
    g_assert_true (vigil_store_mark_story_seen (store, id, &error));
    g_assert_cmpint (vigil_store_count_unseen_alerts (store), ==, 0);
    g_assert_cmpint (vigil_store_count_alerts (store, "seen"), ==, 1);
  }
}

/* One story carried by three outlets: its alerts' history, and dismissing it. */
static void
test_dismiss_story (void)
{
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (NULL, &src);
  g_autoptr (GError) error = NULL;
  gint64 ids[3] = { 0 };
  StoryAlert alert = { 0 };

  for (guint i = 0; i < 3; i++) /* the first one starts the story */
    ids[i] = ingest_in_story (store, src, "s", i, "Rockets hit the embassy", ids[0]);
  g_assert_true (add_story_alert (store, "Indirect fire", ids[0], ids[0], "rockets", &alert));
  g_assert_true (alert.inserted && !alert.update);
  g_assert_true (add_story_alert (store, "Indirect fire", ids[1], ids[0], "rockets", &alert));
  g_assert_true (alert.inserted && alert.update);
  g_assert_cmpuint (alert.reports, ==, 3);
  {
    g_autoptr (GPtrArray) history = vigil_store_list_story_alerts (store, ids[2], &error);
    g_assert_cmpuint (history->len, ==, 2);
    g_assert_cmpstr (((VigilAlertRecord *) g_ptr_array_index (history, 0))->state, ==, "new");
    g_assert_cmpstr (((VigilAlertRecord *) g_ptr_array_index (history, 1))->state, ==, "update");
    g_assert_cmpstr (((VigilAlertRecord *) g_ptr_array_index (history, 0))->rule, ==,
                     "Indirect fire");
    g_assert_cmpint (((VigilAlertRecord *) g_ptr_array_index (history, 1))->article_id, ==, ids[1]);
  }
  g_assert_cmpint (vigil_store_count_unseen_alerts (store), ==, 1);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALERTS), ==, 2);

  /* Dismissed from any of its articles: out of the Alerts view and the count… */
  g_assert_true (vigil_store_dismiss_story_alerts (store, ids[2], &error));
  g_assert_cmpint (vigil_store_count_unseen_alerts (store), ==, 0);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALERTS), ==, 0);
  g_assert_cmpint (vigil_store_count_alerts (store, "dismissed"), ==, 2);
  /* …and a later report of it is recorded, quietly. */
  g_assert_true (add_story_alert (store, "Indirect fire", ids[2], ids[0], "rockets", &alert));
  g_assert_false (alert.inserted);
  g_assert_cmpint (vigil_store_count_alerts (store, "dismissed"), ==, 3);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALERTS), ==, 0);
  /* Another rule matching the story is news again. */
  g_assert_true (add_story_alert (store, "Drawdown", ids[2], ids[0], "embassy", &alert));
  g_assert_true (alert.inserted);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALERTS), ==, 1);
}

/* A report separated from the story it was filed in: its own story, with its
 * own alert state; the rest keeps the story, and a rule whose alerts left are
 * all updates has its first one new. */
static void
test_separate_from_story (void)
{
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (NULL, &src);
  g_autoptr (GError) error = NULL;
  gint64 ids[3] = { 0 };
  gint64 rest = -1;
  static const StoryReport reports[3] = {
    { "Gunmen kidnap aid worker on Mosul-Erbil road", "Kidnapping",
      "Gunmen kidnap aid worker on Mosul-Erbil road" },
    { "Rockets fall near Erbil airport", "Indirect fire", "Rockets fall near Erbil airport" },
    { "Rockets strike Erbil airport", "Indirect fire", "Rockets strike Erbil airport" },
  };

  ingest_alerted_story (store, src, "s", reports, ids);
  /* Wrongly one story: the kidnapping first ("new"), the rockets "new" for
   * their rule, then an update; the desk saw the kidnapping. */
  g_assert_true (vigil_store_mark_articles_read (store, ids, 1, &error));
  g_assert_cmpint (vigil_store_count_in_cluster (store, ids[0]), ==, 3);
  {
    /* The story's ids, as an alert's notification keeps them. */
    g_autoptr (GArray) story = vigil_store_list_story_ids (store, ids[0]);
    g_assert_cmpuint (story->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        gboolean found = FALSE;
        for (guint j = 0; j < story->len; j++)
          found = found || g_array_index (story, gint64, j) == ids[i];
        g_assert_true (found);
      }
  }

  g_assert_true (vigil_store_separate_from_story (store, ids[0], &rest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rest, ==, ids[1]);
  g_assert_cmpint (vigil_store_count_in_cluster (store, ids[0]), ==, 1);
  g_assert_cmpint (vigil_store_count_in_cluster (store, ids[1]), ==, 2);
  {
    g_autoptr (GPtrArray) kidnapping = vigil_store_list_story_alerts (store, ids[0], &error);
    g_autoptr (GPtrArray) rockets = vigil_store_list_story_alerts (store, ids[1], &error);
    g_assert_cmpuint (kidnapping->len, ==, 1);
    g_assert_cmpstr (((VigilAlertRecord *) g_ptr_array_index (kidnapping, 0))->state, ==, "seen");
    g_assert_cmpuint (rockets->len, ==, 2);
    for (guint i = 0; i < rockets->len; i++)
      {
        VigilAlertRecord *r = g_ptr_array_index (rockets, i);
        g_assert_cmpstr (r->state, ==, r->article_id == ids[1] ? "new" : "update");
      }
  }

  /* The last rocket report separated in turn: its update becomes new; the
   * story left keeps its id and its new alert. */
  g_assert_true (vigil_store_separate_from_story (store, ids[2], &rest, &error));
  g_assert_cmpint (rest, ==, ids[1]);
  {
    g_autoptr (GPtrArray) last = vigil_store_list_story_alerts (store, ids[2], &error);
    g_assert_cmpuint (last->len, ==, 1);
    g_assert_cmpstr (((VigilAlertRecord *) g_ptr_array_index (last, 0))->state, ==, "new");
  }
  /* Alone already: nothing to do; no such article: an error. */
  g_assert_true (vigil_store_separate_from_story (store, ids[2], &rest, &error));
  g_assert_cmpint (rest, ==, 0);
  g_assert_false (vigil_store_separate_from_story (store, 123456, &rest, &error));
  g_assert_nonnull (error);
}

/* Dismiss acts on the articles the desk saw as the story, not on what the
 * cluster holds when the update runs (a wrong merge must not dismiss another
 * incident), and Undo puts back exactly the states it replaced. */
static void
test_dismiss_alerts_undo (void)
{
  g_autofree char *path = NULL;
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (&path, &src);
  g_autoptr (GError) error = NULL;
  gint64 ids[3] = { 0 };
  static const StoryReport reports[3] = {
    { "Rockets fall near Erbil airport", "Indirect fire", "rockets" },
    { "Rockets strike Erbil airport again", "Indirect fire", "rockets" },
    { "Gunmen kidnap aid worker on Mosul-Erbil road", "Kidnapping", "kidnap" },
  };

  /* All three in one cluster: the third was merged wrongly. */
  ingest_alerted_story (store, src, "d", reports, ids);
  /* The desk has looked at the first report: its alert is "seen". */
  g_assert_true (vigil_store_mark_story_seen (store, ids[0], &error));
  g_assert_cmpint (vigil_store_count_alerts (store, "seen"), ==, 3);
  {
    /* Make the states differ, so that undo has to restore each one. */
    g_autofree char *sql = g_strdup_printf (
        "UPDATE alerts SET state = 'update' WHERE article_id = %" G_GINT64_FORMAT ";"
        " UPDATE alerts SET state = 'new' WHERE rule = 'Kidnapping'",
        ids[1]);
    exec_sql (path, sql);
  }

  {
    /* The desk saw the rocket story as the first two reports. */
    gint64 seen[2] = { ids[0], ids[1] };
    g_autoptr (VigilAlertUndo) undo = vigil_store_dismiss_alerts (store, seen, 2, &error);
    g_autoptr (GPtrArray) history = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (undo);
    g_assert_cmpuint (vigil_alert_undo_get_n_alerts (undo), ==, 2);
    history = vigil_store_list_story_alerts (store, ids[0], &error);
    g_assert_cmpuint (history->len, ==, 3);
    for (guint i = 0; i < history->len; i++)
      {
        VigilAlertRecord *r = g_ptr_array_index (history, i);
        /* The kidnapping, in the same cluster, is untouched. */
        g_assert_cmpstr (r->state, ==, r->article_id == ids[2] ? "new" : "dismissed");
      }
    g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALERTS), ==, 1);

    /* Something else changes the kidnapping alert meanwhile: undo leaves it. */
    g_assert_true (vigil_store_mark_story_seen (store, ids[2], &error));
    g_assert_true (vigil_store_undo_alerts (store, undo, &error));
    g_clear_pointer (&history, g_ptr_array_unref);
    history = vigil_store_list_story_alerts (store, ids[0], &error);
    for (guint i = 0; i < history->len; i++)
      {
        VigilAlertRecord *r = g_ptr_array_index (history, i);
        if (r->article_id == ids[0])
          g_assert_cmpstr (r->state, ==, "seen");
        else if (r->article_id == ids[1])
          g_assert_cmpstr (r->state, ==, "update");
        else
          g_assert_cmpstr (r->state, ==, "seen");
      }
  }

  {
    /* An alert undismissed by hand before the undo keeps its new state. */
    gint64 seen[1] = { ids[1] };
    g_autoptr (VigilAlertUndo) undo = vigil_store_dismiss_alerts (store, seen, 1, &error);
    g_autoptr (GPtrArray) history = NULL;
    g_autofree char *sql = g_strdup_printf (
        "UPDATE alerts SET state = 'new' WHERE article_id = %" G_GINT64_FORMAT, ids[1]);

    g_assert_nonnull (undo);
    exec_sql (path, sql);
    g_assert_true (vigil_store_undo_alerts (store, undo, &error));
    history = vigil_store_list_story_alerts (store, ids[1], &error);
    for (guint i = 0; i < history->len; i++)
      {
        VigilAlertRecord *r = g_ptr_array_index (history, i);
        if (r->article_id == ids[1])
          g_assert_cmpstr (r->state, ==, "new");
      }
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/ingest-ids-and-stories", test_ingest_ids_and_stories);
  g_test_add_func ("/store/alert-once", test_alert_once);
  g_test_add_func ("/store/dismiss-story", test_dismiss_story);
  g_test_add_func ("/store/dismiss-alerts-undo", test_dismiss_alerts_undo);
  g_test_add_func ("/store/separate-from-story", test_separate_from_story);
  return g_test_run ();
}
