/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store keeps articles across reopen, rejects duplicates by key, and refuses
 * a database from the future. */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "vigil-article-list.h"
#include "vigil-store-private.h"
#include "vigil-test-utils.h"

static VigilArticle *
make_article (const char *guid, const char *title, gint64 published)
{
  VigilArticle *a = vigil_article_new ();

  a->guid = g_strdup (guid);
  a->title = g_strdup (title);
  a->link = g_strdup_printf ("https://store.example.test/%s", guid);
  a->summary = g_strdup ("<p>Summary</p>");
  a->published = g_date_time_new_from_unix_utc (published);
  a->level = g_strdup ("high");
  a->score = 42;
  g_ptr_array_add (a->categories, g_strdup ("Security"));
  g_ptr_array_add (a->categories, g_strdup ("Iraq"));
  return a;
}

static char *
temp_db (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-store-XXXXXX");

  return g_build_filename (dir, "sub", "vigil.db", NULL);
}

/* Runs @sql on the database at @path behind the store's back (the store is
 * closed, or does not see it): a state to start from, or an old schema. */
static void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Takes the database at @path back to an older version: the columns of what a
 * feed says beyond the text (issue 16) and sync's tables, triggers and
 * columns (issue 19) dropped, then @older_sql (what came before those, and the
 * version number). */
static void
downgrade_schema (const char *path, const char *older_sql)
{
  g_autofree char *sql = g_strconcat (
      "ALTER TABLE articles DROP COLUMN enclosures; ALTER TABLE articles DROP COLUMN "
      "origin_title;"
      " ALTER TABLE articles DROP COLUMN origin_url; ALTER TABLE articles DROP COLUMN "
      "comments;"
      " ALTER TABLE articles DROP COLUMN thumbnail; ALTER TABLE articles DROP COLUMN rights;"
      " DROP TRIGGER sync_items_map; DROP TRIGGER sync_queue_read;"
      " DROP TRIGGER sync_queue_star; DROP TABLE sync_quiet;"
      " DROP TABLE sync_actions; DROP TABLE sync_items;"
      " DROP INDEX sources_by_remote; DROP TABLE accounts;"
      " ALTER TABLE sources DROP COLUMN account_id;"
      " ALTER TABLE sources DROP COLUMN remote_id;"
      " ALTER TABLE sources DROP COLUMN remote_url;",
      older_sql, NULL);

  exec_sql (path, sql);
}

/* A new store in a directory of its own with one source, https://x.test/f,
 * whose id goes to @src; the database's path to @path (optional). */
static VigilStore *
store_with_source (char **path, gint64 *src)
{
  g_autofree char *db = temp_db ();
  g_autoptr (GError) error = NULL;
  VigilStore *store = vigil_store_new (db, &error);

  g_assert_no_error (error);
  *src = vigil_store_add_source (store, "https://x.test/f", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (path != NULL)
    *path = g_steal_pointer (&db);
  return store;
}

/* What vigil_store_add_story_alert says of an alert. */
typedef struct
{
  gboolean inserted, update;
  guint reports;
} StoryAlert;

static gboolean
add_story_alert (VigilStore *store, const char *rule, gint64 article_id, gint64 cluster_id,
                 const char *matched, StoryAlert *alert)
{
  g_autoptr (GError) error = NULL;

  return vigil_store_add_story_alert (store, rule, article_id, cluster_id, matched,
                                      &alert->inserted, &alert->update, &alert->reports, &error);
}

/* One article ingested on its own into the story @cluster_id (0: it starts
 * one); its id. */
static gint64
ingest_in_story (VigilStore *store, gint64 src, const char *guid_prefix, guint i, const char *title,
                 gint64 cluster_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  g_autofree char *guid = g_strdup_printf ("%s%u", guid_prefix, i);
  VigilArticle *a = make_article (guid, title, 1000 + i);

  a->cluster_id = cluster_id;
  g_ptr_array_add (batch, a);
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  return ((VigilArticle *) g_ptr_array_index (added, 0))->id;
}

static void
test_ingest_dedup_reopen (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (GPtrArray) added2 = NULL;
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (VigilArticle) full = NULL;
  VigilStore *store = vigil_store_new (path, &error);
  gint64 src, src_again;

  g_assert_no_error (error);
  src = vigil_store_add_source (store, "https://store.example.test/feed", "Store feed", NULL,
                                "Desk", &error);
  g_assert_no_error (error);
  src_again = vigil_store_add_source (store, "https://store.example.test/feed", "Other title", NULL,
                                      NULL, &error);
  g_assert_cmpint (src, >, 0);
  g_assert_cmpint (src, ==, src_again);
  g_assert_cmpint (vigil_store_count_sources (store), ==, 1);

  g_ptr_array_add (batch, make_article ("a", "Older", 1000));
  g_ptr_array_add (batch, make_article ("b", "Newer", 2000));
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 2);
  g_assert_cmpint (((VigilArticle *) g_ptr_array_index (added, 0))->id, >, 0);

  /* The same feed again, plus one new item: only the new one is added. */
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, make_article ("a", "Older (edited)", 1000));
  g_ptr_array_add (batch, make_article ("c", "Newest", 3000));
  g_ptr_array_add (batch, make_article ("b", "Newer", 2000));
  g_assert_true (vigil_store_ingest (store, src, batch, &added2, &error));
  g_assert_cmpuint (added2->len, ==, 1);
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (added2, 0))->guid, ==, "c");
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 3);
  g_assert_finalize_object (store);

  /* Reopen: everything is still there, newest first. */
  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  listed = vigil_store_list_articles (store, src, &error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (listed, 0))->title, ==, "Newest");
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (listed, 2))->title, ==, "Older");
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (listed, 0))->source_title, ==,
                   "Store feed");
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (listed, 0))->level, ==, "high");

  full = vigil_store_get_article (store, ((VigilArticle *) g_ptr_array_index (listed, 2))->id,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (full->summary, ==, "<p>Summary</p>");
  g_assert_cmpuint (full->categories->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (full->categories, 1), ==, "Iraq");
  g_assert_false (full->read);
  g_assert_true (vigil_store_set_read (store, full->id, TRUE, &error));
  g_clear_object (&full);
  full = vigil_store_get_article (store, ((VigilArticle *) g_ptr_array_index (listed, 2))->id,
                                  &error);
  g_assert_true (full->read);
  g_assert_finalize_object (store);
}

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

/* "Mark Read" on a notification: the reports it told of are read and their
 * alerts seen; a report that joined the story after it keeps its state. */
static void
test_mark_articles_read (void)
{
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (NULL, &src);
  g_autoptr (GError) error = NULL;
  gint64 ids[3] = { 0 };
  StoryAlert alert = { 0 };
  g_autoptr (GPtrArray) history = NULL;

  for (guint i = 0; i < 3; i++)
    {
      ids[i] = ingest_in_story (store, src, "r", i, "Rockets fall near Erbil airport", ids[0]);
      g_assert_true (add_story_alert (store, "Indirect fire", ids[i], ids[0], "rockets", &alert));
    }
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 3);

  /* The notification told of the first two reports. */
  g_assert_true (vigil_store_mark_articles_read (store, ids, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 1);
  {
    g_autoptr (VigilArticle) third = vigil_store_get_article (store, ids[2], &error);
    g_assert_false (third->read);
  }
  history = vigil_store_list_story_alerts (store, ids[0], &error);
  g_assert_cmpuint (history->len, ==, 3);
  for (guint i = 0; i < history->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (history, i);
      g_assert_cmpstr (r->state, ==, r->article_id == ids[2] ? "update" : "seen");
    }
  /* Again, and with nothing: no harm. */
  g_assert_true (vigil_store_mark_articles_read (store, ids, 2, &error));
  g_assert_true (vigil_store_mark_articles_read (store, NULL, 0, &error));
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 1);
}

/* Mark All as Read on a view (with its filter) or on given articles (search
 * results): the ones that were unread are marked and returned, and Undo marks
 * exactly those unread again. */
static void
test_mark_view_read (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  gint64 a = vigil_store_add_source (store, "https://a.test/f", NULL, NULL, NULL, &error);
  gint64 b = vigil_store_add_source (store, "https://b.test/f", NULL, NULL, NULL, &error);
  gint64 first = 0, second = 0;
  g_autoptr (GArray) changed = NULL;
  g_autoptr (GArray) again = NULL;

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (GPtrArray) added = NULL;
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *guid = g_strdup_printf ("m%u-%u", s, i);
          g_ptr_array_add (batch, make_article (guid, "Report", 1000 + i));
        }
      g_assert_true (vigil_store_ingest (store, s ? b : a, batch, &added, &error));
      if (s == 1)
        {
          first = ((VigilArticle *) g_ptr_array_index (added, 0))->id;
          second = ((VigilArticle *) g_ptr_array_index (added, 1))->id;
        }
    }
  /* One of source a's articles was read already. */
  {
    g_autoptr (GPtrArray) list = vigil_store_list_articles (store, a, &error);
    g_assert_true (vigil_store_set_read (store, ((VigilArticle *) g_ptr_array_index (list, 0))->id,
                                         TRUE, &error));
  }
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 5);

  changed = vigil_store_mark_view_read (store, a, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 2); /* not the one read already */
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 3);
  g_assert_true (vigil_store_mark_unread (store, changed, &error));
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 5);

  /* "Mark Older as Read" from source b's middle article (times 1000, 1001,
   * 1002): it and the older one, not the newer. */
  {
    VigilArticleFilter older = { 0 };
    g_autoptr (GArray) marked = NULL;
    older.until = 1001;
    marked = vigil_store_mark_view_read (store, b, &older, NULL, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (marked->len, ==, 2);
    g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 3);
    for (guint i = 0; i < marked->len; i++)
      {
        g_autoptr (VigilArticle) m
            = vigil_store_get_article (store, g_array_index (marked, gint64, i), &error);
        g_assert_cmpint (vigil_article_get_time (m), <=, 1001);
      }
    g_assert_true (vigil_store_mark_unread (store, marked, &error));
    g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 5);
  }

  /* Given articles only (the search results). */
  {
    gint64 ids[2] = { first, second };
    again = vigil_store_mark_view_read (store, 0, NULL, ids, 2, &error);
    g_assert_cmpuint (again->len, ==, 2);
    g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 3);
    g_clear_pointer (&again, g_array_unref);
    again = vigil_store_mark_view_read (store, 0, NULL, ids, 2, &error);
    g_assert_cmpuint (again->len, ==, 0); /* nothing left to mark */
  }
  /* All of it. */
  g_clear_pointer (&changed, g_array_unref);
  changed = vigil_store_mark_view_read (store, VIGIL_VIEW_ALL, NULL, NULL, 0, &error);
  g_assert_cmpuint (changed->len, ==, 3);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 0);
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
  StoryAlert alert = { 0 };
  gint64 rest = -1;
  const char *titles[3] = { "Gunmen kidnap aid worker on Mosul-Erbil road",
                            "Rockets fall near Erbil airport", "Rockets strike Erbil airport" };
  const char *rules[3] = { "Kidnapping", "Indirect fire", "Indirect fire" };

  for (guint i = 0; i < 3; i++)
    {
      ids[i] = ingest_in_story (store, src, "s", i, titles[i], ids[0]);
      g_assert_true (add_story_alert (store, rules[i], ids[i], ids[0], titles[i], &alert));
    }
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
  StoryAlert alert = { 0 };
  const char *titles[3] = { "Rockets fall near Erbil airport", "Rockets strike Erbil airport again",
                            "Gunmen kidnap aid worker on Mosul-Erbil road" };

  /* All three in one cluster: the third was merged wrongly. */
  for (guint i = 0; i < 3; i++)
    ids[i] = ingest_in_story (store, src, "d", i, titles[i], ids[0]);
  g_assert_true (add_story_alert (store, "Indirect fire", ids[0], ids[0], "rockets", &alert));
  g_assert_true (add_story_alert (store, "Indirect fire", ids[1], ids[0], "rockets", &alert));
  g_assert_true (add_story_alert (store, "Kidnapping", ids[2], ids[0], "kidnap", &alert));
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

/* The sidebar's smart views: unread, starred, high risk, the last 24 hours. */
static void
test_smart_views (void)
{
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (NULL, &src);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *levels[] = { "low", "high", "critical", "elevated" };

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *guid = g_strdup_printf ("v%u", i);
      /* two from the last hours, two from last week */
      VigilArticle *a
          = make_article (guid, "View me", i < 2 ? now - 3600 * (i + 1) : now - 86400 * 7);
      g_free (a->level);
      a->level = g_strdup (levels[i]);
      g_ptr_array_add (batch, a);
    }
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 4);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_HIGH), ==, 2);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_TODAY), ==, 2);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_STARRED), ==, 0);
  g_assert_true (vigil_store_set_starred (
      store, ((VigilArticle *) g_ptr_array_index (added, 3))->id, TRUE, &error));
  g_assert_true (vigil_store_mark_source_read (store, src, &error));
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_STARRED), ==, 1);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 0);
  {
    g_autoptr (GPtrArray) high = vigil_store_list_articles (store, VIGIL_VIEW_HIGH, &error);
    g_assert_cmpuint (high->len, ==, 2);
    g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (high, 0))->level, ==, "high");
    g_assert_cmpint (
        vigil_store_article_position (store, VIGIL_VIEW_HIGH,
                                      ((VigilArticle *) g_ptr_array_index (high, 1))->id),
        ==, 1);
  }
}

/* Annotations as the analysis writes them: the risk categories and the
 * countries/entities the filter bar and the Today overview count. */
static char *
annotations_json (const char *category, const char *country, const char *person)
{
  return g_strdup_printf (
      "{\"entities\":[{\"text\":\"x\",\"type\":\"location\",\"start\":0,\"end\":1,"
      "\"canonical\":\"Place %s\",\"country\":\"%s\",\"lat\":1.0,\"lon\":2.0},"
      "{\"text\":\"y\",\"type\":\"location\",\"start\":2,\"end\":3,"
      "\"canonical\":\"Other place %s\",\"country\":\"%s\",\"lat\":null,\"lon\":null},"
      "{\"text\":\"p\",\"type\":\"person\",\"start\":4,\"end\":5,"
      "\"canonical\":\"%s\",\"country\":null,\"lat\":null,\"lon\":null}],"
      "\"risks\":[{\"text\":\"r\",\"term\":\"r\",\"category\":\"%s\",\"weight\":5,"
      "\"start\":6,\"end\":7}],\"score\":50,\"level\":\"high\",\"language\":\"en\"}",
      country, country, country, country, person, category);
}

static void
check_facets (VigilStore *store, gint64 now)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) categories
      = vigil_store_facet_counts (store, "category", now, 7, 0, &error);
  g_autoptr (GPtrArray) entities = vigil_store_facet_counts (store, "entity", now, 7, 2, &error);
  VigilFacetCount *top;

  g_assert_no_error (error);
  /* Today: 3 indirect-fire, 1 kidnapping; 3 days ago: 2 kidnapping. */
  g_assert_cmpuint (categories->len, ==, 2);
  top = g_ptr_array_index (categories, 0);
  g_assert_cmpstr (top->kind, ==, "category");
  g_assert_cmpstr (top->value, ==, "indirect-fire");
  g_assert_cmpuint (top->counts[6], ==, 3);
  g_assert_cmpuint (top->total, ==, 3);
  top = g_ptr_array_index (categories, 1);
  g_assert_cmpstr (top->value, ==, "kidnapping");
  g_assert_cmpuint (top->counts[6], ==, 1);
  g_assert_cmpuint (top->counts[3], ==, 2);
  g_assert_cmpuint (top->counts[5], ==, 0);
  g_assert_cmpuint (top->total, ==, 3);
  /* Two countries named twice in each article count once per article. */
  g_assert_cmpuint (entities->len, ==, 2);
  top = g_ptr_array_index (entities, 0);
  g_assert_cmpstr (top->kind, ==, "location");
  g_assert_cmpstr (top->value, ==, "Other place IQ");
  g_assert_cmpuint (top->counts[6], ==, 3);
}

static void
test_filter_and_facets (void)
{
  g_autofree char *path = NULL;
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (&path, &src);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  static const struct
  {
    const char *category, *country, *person, *level;
    gint64 ago;
  } rows[] = {
    { "indirect-fire", "IQ", "Matthew Tueller", "critical", 3600 },
    { "indirect-fire", "IQ", "Matthew Tueller", "high", 7200 },
    { "indirect-fire", "IQ", "Someone Else", "elevated", 10800 },
    { "kidnapping", "SY", "Someone Else", "high", 14400 },
    { "kidnapping", "SY", "Matthew Tueller", "low", 3 * 86400 + 600 },
    { "kidnapping", "LB", "Matthew Tueller", "low", 3 * 86400 + 900 },
  };
  VigilArticleFilter filter = { 0 };
  g_autoptr (GPtrArray) page = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *guid = g_strdup_printf ("f%u", i);
      VigilArticle *a = make_article (guid, "Facet", now - rows[i].ago);
      g_free (a->level);
      a->level = g_strdup (rows[i].level);
      a->annotations = annotations_json (rows[i].category, rows[i].country, rows[i].person);
      g_ptr_array_add (batch, a);
    }
  /* An article with broken annotations is stored, with no facets. */
  {
    VigilArticle *a = make_article ("broken", "No facets", now - 60);
    a->annotations = g_strdup ("{\"entities\": [");
    g_ptr_array_add (batch, a);
  }
  /* "Russian forces": a country of the article, though no place of it. */
  {
    VigilArticle *a = make_article ("demonym", "Russian forces", now - 120);
    g_free (a->level);
    a->level = g_strdup ("low");
    a->annotations = g_strdup ("{\"entities\": [], \"risks\": [], \"demonyms\": [{\"text\": "
                               "\"Russian\", \"country\": \"RU\", \"start\": 0, \"end\": 7}]}");
    g_ptr_array_add (batch, a);
  }
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 8);
  filter.country = "RU";
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 1);
  filter.country = NULL;

  g_assert_true (vigil_article_filter_is_empty (&filter));
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 8);
  filter.min_level = 2;
  g_assert_false (vigil_article_filter_is_empty (&filter));
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 4);
  filter.min_level = 3;
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 1);
  filter.min_level = 0;
  filter.category = "kidnapping";
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 3);
  filter.country = "SY";
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 2);
  filter.since = now - 86400;
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 1);
  g_assert_cmpint (vigil_store_count_articles_filtered (store, src, &filter), ==, 1);
  g_assert_cmpint (vigil_store_count_articles_filtered (store, VIGIL_VIEW_STARRED, &filter), ==, 0);
  /* A value that could be SQL is only ever a bound value. */
  filter.country = "SY' OR 1=1 --";
  g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &filter), ==, 0);

  /* Pages and positions follow the same filter. */
  filter = (VigilArticleFilter){ .category = "indirect-fire", .min_level = 2 };
  page = vigil_store_list_articles_page_filtered (store, 0, &filter, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (page, 0))->level, ==, "critical");
  g_assert_cmpint (vigil_store_article_position_filtered (
                       store, 0, &filter, ((VigilArticle *) g_ptr_array_index (page, 1))->id),
                   ==, 1);
  {
    VigilArticle *a = g_ptr_array_index (batch, 2); /* elevated: not in it */
    g_assert_cmpint (vigil_store_article_position_filtered (store, 0, &filter, a->id), ==, -1);
  }
  {
    g_autoptr (VigilArticleList) list = vigil_article_list_new (store, 0);
    g_autoptr (VigilArticle) first = NULL;
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);
    vigil_article_list_set_filter (list, &filter);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
    first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (first->level, ==, "critical");
    vigil_article_list_set_filter (list, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);
  }
  {
    /* Unread only: any view less what was read, with the other filters. */
    VigilArticle *read = g_ptr_array_index (batch, 0);
    VigilArticleFilter unread = { .unread_only = TRUE };
    g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr (GArray) marked = NULL;
    g_autoptr (VigilArticleList) list = vigil_article_list_new (store, src);
    g_assert_false (vigil_article_filter_is_empty (&unread));
    g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &unread), ==, 8);
    g_array_append_val (ids, read->id);
    marked = vigil_store_mark_view_read (store, 0, NULL, (const gint64 *) ids->data, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (marked->len, ==, 1);
    g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &unread), ==, 7);
    g_assert_cmpint (vigil_store_count_articles_filtered (store, src, &unread), ==, 7);
    unread.category = "indirect-fire";
    g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &unread), ==, 2);
    vigil_article_list_set_filter (list, &unread);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr (VigilArticle) a = g_list_model_get_item (G_LIST_MODEL (list), i);
        g_assert_false (a->read);
        g_assert_cmpint (a->id, !=, read->id);
      }
    g_assert_true (vigil_store_mark_unread (store, marked, &error));
  }

  check_facets (store, now);

  /* An alert rule's view: what it matched, less what was dismissed. */
  {
    gboolean inserted = FALSE;
    g_autoptr (GHashTable) by_rule = NULL;
    VigilArticleFilter rule = { .rule = "Indirect fire" };
    for (guint i = 0; i < 3; i++)
      g_assert_true (vigil_store_add_alert (store, "Indirect fire",
                                            ((VigilArticle *) g_ptr_array_index (batch, i))->id,
                                            "rocket", &inserted, &error));
    g_assert_true (vigil_store_add_alert (store, "Kidnapping",
                                          ((VigilArticle *) g_ptr_array_index (batch, 3))->id,
                                          "kidnapped", &inserted, &error));
    g_assert_cmpint (vigil_store_count_articles_filtered (store, VIGIL_VIEW_ALERTS, &rule), ==, 3);
    rule.min_level = 3;
    g_assert_cmpint (vigil_store_count_articles_filtered (store, VIGIL_VIEW_ALERTS, &rule), ==, 1);
    g_assert_true (vigil_store_dismiss_story_alerts (
        store, ((VigilArticle *) g_ptr_array_index (batch, 0))->id, &error));
    g_assert_cmpint (vigil_store_count_articles_filtered (store, VIGIL_VIEW_ALERTS, &rule), ==, 0);
    by_rule = vigil_store_count_alerts_by_rule (store);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_rule, "Indirect fire")), ==, 2);
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_rule, "Kidnapping")), ==, 1);
  }

  /* A database from before facets gets them from its stored annotations. */
  g_clear_object (&store);
  downgrade_schema (path, " DROP TRIGGER articles_facets; DROP TABLE facets;"
                          " ALTER TABLE sources DROP COLUMN load_images;"
                          " DROP INDEX articles_unevaluated;"
                          " ALTER TABLE articles DROP COLUMN alerts_evaluated;"
                          " ALTER TABLE sources DROP COLUMN reader;"
                          " ALTER TABLE sources DROP COLUMN interrupted;"
                          " ALTER TABLE sources DROP COLUMN first_fetch;"
                          " ALTER TABLE sources DROP COLUMN full_text;"
                          " ALTER TABLE articles DROP COLUMN full_content;"
                          " PRAGMA user_version = 3");
  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  check_facets (store, now);
  /* Deleting an article takes its facets. */
  g_assert_true (vigil_store_remove_source (store, src, &error));
  {
    g_autoptr (GPtrArray) none = vigil_store_facet_counts (store, "entity", now, 7, 0, &error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_source_status (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  gint64 src = vigil_store_add_source (store, "https://x.test/f", "F", NULL, NULL, &error);
  g_autoptr (VigilSource) s = vigil_store_get_source (store, src, &error);
  g_autoptr (VigilSource) again = NULL;

  s->status = VIGIL_SOURCE_STATUS_ERROR;
  s->error = g_strdup ("The server answered HTTP 500");
  s->etag = g_strdup ("\"v1\"");
  g_assert_true (vigil_store_update_source (store, s, &error));
  again = vigil_store_get_source (store, src, &error);
  g_assert_cmpint (again->status, ==, VIGIL_SOURCE_STATUS_ERROR);
  g_assert_cmpstr (again->error, ==, "The server answered HTTP 500");
  g_assert_cmpstr (again->etag, ==, "\"v1\"");
  g_assert_false (again->load_images);         /* off unless the desk turns them on */
  g_assert_cmpint (again->first_fetch, ==, 0); /* never read successfully */

  /* The first successful read is remembered; a later update (another
   * process's copy, read later) never moves it. */
  s->first_fetch = 5000;
  g_assert_true (vigil_store_update_source (store, s, &error));
  s->first_fetch = 9000;
  g_assert_true (vigil_store_update_source (store, s, &error));
  s->first_fetch = 0;
  g_assert_true (vigil_store_update_source (store, s, &error));
  g_clear_object (&again);
  again = vigil_store_get_source (store, src, &error);
  g_assert_cmpint (again->first_fetch, ==, 5000);

  /* Edit Source while a fetch holds an older copy: the fetch's update keeps
   * the fetch state and leaves the desk's edit alone. */
  g_assert_true (vigil_store_edit_source (store, src, " ", "Iraq", 30, TRUE, &error));
  g_clear_object (&again);
  again = vigil_store_get_source (store, src, &error);
  g_assert_null (again->title); /* blank: none, the feed's title comes back */
  g_assert_cmpstr (again->folder, ==, "Iraq");
  g_assert_cmpuint (again->interval_minutes, ==, 30);
  g_assert_true (again->load_images);
  g_assert_true (vigil_store_edit_source (store, src, "Renamed", "Iraq", 30, TRUE, &error));
  s->status = VIGIL_SOURCE_STATUS_OK;
  g_clear_pointer (&s->error, g_free);
  g_assert_true (vigil_store_update_source (store, s, &error)); /* s: title "F", no folder */
  g_clear_object (&again);
  again = vigil_store_get_source (store, src, &error);
  g_assert_cmpint (again->status, ==, VIGIL_SOURCE_STATUS_OK);
  g_assert_cmpstr (again->title, ==, "Renamed");
  g_assert_cmpstr (again->folder, ==, "Iraq");
  g_assert_cmpuint (again->interval_minutes, ==, 30);
  g_assert_true (again->load_images);
  g_assert_false (vigil_store_edit_source (store, 9999, "X", NULL, 0, FALSE, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY);
}

/* Reader mode: the full article of a stored article and the analysis made
 * of it are stored beside the feed's text, which stays; a source says when
 * its full articles are fetched. A database of the version before reader
 * mode gets both columns, empty, and keeps its articles. */
/* What the feed said beyond the text (issue 16): attachments with their
 * type, size, title and duration, the outlet it came from, the comments page,
 * the thumbnail and the rights are stored and read back. */
static void
test_desk_fields (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (VigilArticle) again = NULL;
  g_autoptr (VigilArticle) plain = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  VigilArticle *a = make_article ("desk-1", "Briefing with audio", 1700000000);
  VigilEnclosure *e = g_new0 (VigilEnclosure, 1);
  VigilEnclosure *back;
  gint64 src;

  g_assert_no_error (error);
  src = vigil_store_add_source (store, "https://desk.example.test/feed", "Desk", NULL, NULL,
                                &error);
  g_assert_no_error (error);
  e->url = g_strdup ("https://desk.example.test/briefing.mp3");
  e->type = g_strdup ("audio/mpeg");
  e->length = 2400000;
  e->title = g_strdup ("Briefing, \"part\" 1");
  e->duration = 754;
  g_ptr_array_add (a->enclosures, e);
  a->origin_title = g_strdup ("Baghdad Post");
  a->origin_url = g_strdup ("https://post.example.test/");
  a->comments = g_strdup ("https://desk.example.test/briefing#comments");
  a->thumbnail = g_strdup ("https://desk.example.test/thumb.jpg");
  a->rights = g_strdup ("© Desk");
  g_ptr_array_add (batch, a);
  g_ptr_array_add (batch, make_article ("desk-2", "Plain item", 1700000100));
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_no_error (error);

  again = vigil_store_get_article (store, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->enclosures->len, ==, 1);
  back = g_ptr_array_index (again->enclosures, 0);
  g_assert_cmpstr (back->url, ==, "https://desk.example.test/briefing.mp3");
  g_assert_cmpstr (back->type, ==, "audio/mpeg");
  g_assert_cmpint (back->length, ==, 2400000);
  g_assert_cmpstr (back->title, ==, "Briefing, \"part\" 1");
  g_assert_cmpint (back->duration, ==, 754);
  g_assert_cmpstr (again->origin_title, ==, "Baghdad Post");
  g_assert_cmpstr (again->origin_url, ==, "https://post.example.test/");
  g_assert_cmpstr (again->comments, ==, "https://desk.example.test/briefing#comments");
  g_assert_cmpstr (again->thumbnail, ==, "https://desk.example.test/thumb.jpg");
  g_assert_cmpstr (again->rights, ==, "© Desk");
  /* None given: none read back. */
  plain = vigil_store_get_article (store, ((VigilArticle *) g_ptr_array_index (batch, 1))->id,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plain->enclosures->len, ==, 0);
  g_assert_null (plain->origin_title);
  g_assert_null (plain->comments);
}

static void
test_full_content (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (VigilArticle) again = NULL;
  g_autoptr (VigilSource) source = NULL;
  VigilStore *store = vigil_store_new (path, &error);
  VigilArticle *a;
  gint64 src, id;

  g_assert_no_error (error);
  src = vigil_store_add_source (store, "https://full.example.test/feed", "Full", NULL, NULL,
                                &error);
  g_assert_no_error (error);
  source = vigil_store_get_source (store, src, &error);
  g_assert_cmpint (source->full_text, ==, VIGIL_FULL_TEXT_ON_REQUEST); /* the default */
  g_clear_object (&source);
  g_ptr_array_add (batch, make_article ("full-1", "Short item", 1700000000));
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_no_error (error);
  a = g_ptr_array_index (batch, 0);
  id = a->id;
  again = vigil_store_get_article (store, id, &error);
  g_assert_null (again->full_content);
  g_clear_object (&again);

  vigil_store_index_pending (store, &error); /* indexed with the feed's text */
  g_assert_no_error (error);
  a->full_content = g_strdup ("<p>The whole report names Zarqawiyya.</p>");
  a->score = 77;
  g_free (a->level);
  a->level = g_strdup ("critical");
  a->annotations = g_strdup ("{\"entities\":[],\"risks\":[]}");
  a->entity_names = g_strdup ("Zarqawiyya");
  g_assert_true (vigil_store_set_full_content (store, a, &error));
  g_assert_no_error (error);
  again = vigil_store_get_article (store, id, &error);
  g_assert_cmpstr (again->full_content, ==, "<p>The whole report names Zarqawiyya.</p>");
  g_assert_cmpstr (again->summary, ==, "<p>Summary</p>"); /* the feed's text stays */
  g_assert_cmpint (again->score, ==, 77);
  g_assert_cmpstr (again->level, ==, "critical");
  g_assert_cmpstr (again->entity_names, ==, "Zarqawiyya");
  {
    g_autofree char *body = vigil_article_dup_body_text (again);
    g_assert_nonnull (strstr (body, "Zarqawiyya")); /* what the rules and analysis read */
  }
  g_clear_object (&again);
  /* Search and the rule editor's trial run find what only the full article
   * says, and the trial run judges it as the article's content. */
  {
    g_autoptr (GPtrArray) hits = vigil_store_search (store, "Zarqawiyya", 10, &error);
    g_autoptr (GPtrArray) candidates = vigil_store_list_candidates (store, "zarqawiyya", 0, &error);
    g_autoptr (GPtrArray) none = vigil_store_list_candidates (store, "nowhere", 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpuint (candidates->len, ==, 1);
    g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (candidates, 0))->content, ==,
                     "<p>The whole report names Zarqawiyya.</p>");
    g_assert_cmpuint (none->len, ==, 0);
  }
  {
    /* A full article stored before its article was indexed is what the
     * index takes. */
    g_autoptr (GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr (GPtrArray) hits = NULL;
    VigilArticle *b = make_article ("full-2", "Another item", 1700000100);
    g_ptr_array_add (more, b);
    g_assert_true (vigil_store_ingest (store, src, more, NULL, &error));
    b->full_content = g_strdup ("<p>Only the page says Qalandiyyat.</p>");
    g_assert_true (vigil_store_set_full_content (store, b, &error));
    vigil_store_index_pending (store, &error);
    g_assert_no_error (error);
    hits = vigil_store_search (store, "Qalandiyyat", 10, &error);
    g_assert_cmpuint (hits->len, ==, 1);
  }
  a->id = 999999;
  g_assert_false (vigil_store_set_full_content (store, a, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY);
  g_clear_error (&error);

  g_assert_true (vigil_store_set_source_full_text (store, src, VIGIL_FULL_TEXT_AUTOMATIC, &error));
  source = vigil_store_get_source (store, src, &error);
  g_assert_cmpint (source->full_text, ==, VIGIL_FULL_TEXT_AUTOMATIC);
  g_clear_object (&source);
  g_assert_true (vigil_store_set_source_full_text (store, src, VIGIL_FULL_TEXT_SUMMARY, &error));
  source = vigil_store_get_source (store, src, &error);
  g_assert_cmpint (source->full_text, ==, VIGIL_FULL_TEXT_SUMMARY);
  g_clear_object (&source);
  g_assert_false (vigil_store_set_source_full_text (store, 4242, VIGIL_FULL_TEXT_SUMMARY, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY);
  g_clear_error (&error);

  /* The database as the version before reader mode left it (and before
   * sync, which came after). */
  g_clear_object (&store);
  downgrade_schema (path, " ALTER TABLE sources DROP COLUMN full_text;"
                          " ALTER TABLE articles DROP COLUMN full_content;"
                          " PRAGMA user_version = 8");
  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  again = vigil_store_get_article (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->title, ==, "Short item");
  g_assert_null (again->full_content);
  source = vigil_store_get_source (store, src, &error);
  g_assert_cmpint (source->full_text, ==, VIGIL_FULL_TEXT_ON_REQUEST);
  {
    sqlite3 *db;
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 9);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  g_clear_object (&store);
}

static void
test_future_schema_refused (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  VigilStore *store = vigil_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (store);
  exec_sql (path, "PRAGMA user_version = 99");

  store = vigil_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FUTURE_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Vigil"));
}

static void
test_not_a_database (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autofree char *contents = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (
      g_file_set_contents (path, "this is not a database, and must not be overwritten", -1, NULL));
  store = vigil_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "this is not a database, and must not be overwritten");
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);

  /* Moved aside on the desk's word (never discarded), then a fresh start. */
  {
    g_autofree char *aside = vigil_store_move_aside (path, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (aside, path));
    g_assert_nonnull (strstr (aside, ".damaged-"));
    g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "this is not a database, and must not be overwritten");
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    store = vigil_store_new (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (vigil_store_count_sources (store), ==, 0);
  }
}

/* A full disk: the write fails with a clear error and changes nothing; what
 * was stored stays, and writing works again once there is room. */
static void
test_disk_full (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  gint64 src = vigil_store_add_source (store, "https://x.test/full", NULL, NULL, NULL, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  GStatBuf st;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *guid = g_strdup_printf ("a%u", i);
      g_ptr_array_add (first, make_article (guid, "Stored before", now - i));
    }
  g_assert_true (vigil_store_ingest (store, src, first, NULL, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  vigil_store_limit_size (store, 64 * 1024);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *guid = g_strdup_printf ("b%u", i);
      VigilArticle *a = make_article (guid, "Too much", now - 100 - i);
      g_free (a->content);
      a->content = g_strnfill (2000, 'x');
      g_ptr_array_add (second, a);
    }
  g_assert_false (vigil_store_ingest (store, src, second, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("full: %s", error->message);
  g_assert_nonnull (strstr (error->message, "full"));
  g_clear_error (&error);
  g_assert_cmpint (vigil_store_count_articles (store, src), ==, 20);
  vigil_store_limit_size (store, 0);
  g_assert_true (vigil_store_ingest (store, src, second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_count_articles (store, src), ==, 420);
}

static void
test_migrate_v1 (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *sql = vigil_test_read_file (NULL, "fixtures", "schema-v1.sql", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (VigilSource) source = NULL;

  g_mkdir_with_parents (dir, 0700);
  exec_sql (path, sql);

  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 2);
  source = vigil_store_get_source (store, 1, &error);
  g_assert_cmpstr (source->title, ==, "Old source");
  g_assert_cmpuint (source->interval_minutes, ==, 0);
  /* v7: a source that has articles was first read when its first article
   * arrived; what it published before that is not news. */
  g_assert_cmpint (source->first_fetch, ==, 1000);
  /* The old index is rebuilt from the articles by the batch indexer. */
  g_assert_cmpint (vigil_store_count_unindexed (store), ==, 2);
  g_assert_cmpint (vigil_store_index_pending (store, &error), ==, 2);
  hits = vigil_store_search (store, "drawdown", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((VigilSearchHit *) g_ptr_array_index (hits, 0))->article->title, ==,
                   "Embassy drawdown");
  g_assert_true (vigil_store_check_integrity (store, &error));
}

static void
test_search (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 src = vigil_store_add_source (store, "https://s.test/f", "S", NULL, NULL, &error);
  const char *hostile[]
      = { "\"", "NEAR(a b)", "title:x", "-", "a OR", "*", "^x", "((", "'; DROP TABLE articles; --",
          NULL };
  VigilArticle *a;
  VigilSearchHit *hit;

  a = make_article ("1", "Rocket attack on the embassy", 1000);
  g_free (a->summary);
  a->summary = g_strdup ("<p>Rockets hit the <b>Green Zone</b> near the embassy in Baghdad.</p>");
  g_ptr_array_add (batch, a);
  a = make_article ("2", "Date harvest in Basra", 2000);
  g_free (a->summary);
  a->summary = g_strdup (
      "<p>Farmers near <a href=\"https://rocket.example/\">Basra</a> expect a record year.</p>");
  g_ptr_array_add (batch, a);
  a = make_article ("3", "Évacuation à Erbil", 3000);
  g_ptr_array_add (batch, a);
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  {
    /* Not searchable until indexed; indexed in batches. */
    g_autoptr (GPtrArray) none = vigil_store_search (store, "embassy", 10, &error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpint (vigil_store_index_pending_batch (store, 2, &error), ==, 2);
    g_assert_cmpint (vigil_store_count_unindexed (store), ==, 1);
    g_assert_cmpint (vigil_store_index_pending (store, &error), ==, 1);
  }

  {
    g_autoptr (GPtrArray) hits = vigil_store_search (store, "embassy", 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
    hit = g_ptr_array_index (hits, 0);
    g_assert_cmpstr (hit->article->title, ==, "Rocket attack on the embassy");
    g_assert_nonnull (strstr (hit->snippet, "<b>embassy</b>"));
  }
  {
    /* Markup is not indexed: the link's address does not match. */
    g_autoptr (GPtrArray) hits = vigil_store_search (store, "rocket*", 10, &error);
    g_assert_cmpuint (hits->len, ==, 1);
  }
  {
    g_autoptr (GPtrArray) hits = vigil_store_search (store, "\"green zone\" baghdad", 10, &error);
    g_assert_cmpuint (hits->len, ==, 1);
  }
  {
    g_autoptr (GPtrArray) hits
        = vigil_store_search (store, "evacuation", 10, &error); /* diacritics folded */
    g_assert_cmpuint (hits->len, ==, 1);
  }
  for (int i = 0; hostile[i]; i++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (GPtrArray) hits = vigil_store_search (store, hostile[i], 10, &e);
      g_assert_no_error (e);
      g_assert_nonnull (hits);
    }
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 3);
  {
    g_autofree char *q = vigil_store_fts_query ("NEAR(rocket \"green zone\" title:x ab*");
    g_assert_cmpstr (q, ==, "\"NEAR rocket\" AND \"green zone\" AND \"title x\" AND \"ab\"*");
  }
}

static void
test_prune (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  gint64 src = vigil_store_add_source (store, "https://p.test/f", "P", NULL, NULL, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 old_starred, old_alerted;

  for (int i = 0; i < 4; i++)
    {
      g_autofree char *guid = g_strdup_printf ("old%d", i);
      VigilArticle *a = make_article (guid, "Old", 1000);
      a->first_seen = now - 40 * 86400;
      g_ptr_array_add (batch, a);
    }
  g_ptr_array_add (batch, make_article ("new", "New", now));
  g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
  old_starred = ((VigilArticle *) g_ptr_array_index (added, 0))->id;
  old_alerted = ((VigilArticle *) g_ptr_array_index (added, 1))->id;
  g_assert_true (vigil_store_set_starred (store, old_starred, TRUE, &error));
  g_assert_true (vigil_store_add_alert (store, "Rule", old_alerted, "x", NULL, &error));
  g_assert_cmpint (vigil_store_index_pending (store, &error), ==, 5);

  g_assert_cmpint (vigil_store_prune (store, 30, &error), ==, 2);
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, 3);
  {
    g_autoptr (VigilArticle) starred = vigil_store_get_article (store, old_starred, NULL);
    g_autoptr (VigilArticle) alerted = vigil_store_get_article (store, old_alerted, NULL);
    g_assert_nonnull (starred);
    g_assert_nonnull (alerted);
  }
  g_assert_cmpint (vigil_store_prune (store, 30, &error), ==, 0);
  {
    g_autoptr (GPtrArray) hits = vigil_store_search (store, "summary", 10, &error);
    g_assert_cmpuint (hits->len, ==, 3); /* the index forgot the deleted ones */
  }
}

static void
test_add_sources_batch (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  guint added = 0;

  vigil_store_add_source (store, "https://feeds.test/7", "Existing", NULL, NULL, &error);
  for (int i = 0; i < 1000; i++)
    {
      VigilSource *s = vigil_source_new ();
      s->url = g_strdup_printf ("https://feeds.test/%d", i);
      s->title = g_strdup_printf ("Feed %d", i);
      s->folder = g_strdup (i % 2 ? "Odd" : "Even");
      g_ptr_array_add (sources, s);
    }
  g_assert_true (vigil_store_add_sources (store, sources, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 999);
  g_assert_cmpint (vigil_store_count_sources (store), ==, 1000);
}

static void
test_killed_writer (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "store-writer", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = NULL;
  guint last_committed = 0;

  g_mkdir_with_parents (dir, 0700);
  for (int round = 0; round < 3; round++)
    {
      const char *argv[] = { writer, path, NULL };
      g_autoptr (GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_autoptr (GDataInputStream) lines = NULL;
      guint target = 3 + g_test_rand_int_range (0, 20);

      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p));
      for (guint n = 0; n < target; n++)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
          g_assert_nonnull (line);
          g_assert_true (sscanf (line, "committed %u", &last_committed) == 1);
        }
      /* Kill it somewhere inside its next transactions. */
      g_usleep (g_test_rand_int_range (0, 3000));
      g_subprocess_send_signal (p, SIGKILL);
      g_subprocess_wait (p, NULL, NULL);
      {
        g_autofree char *rest = NULL;
        /* Commits it reported after our last read also count. */
        while ((rest = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
          {
            sscanf (rest, "committed %u", &last_committed);
            g_clear_pointer (&rest, g_free);
          }
      }

      store = vigil_store_new (path, &error);
      g_assert_no_error (error);
      g_assert_true (vigil_store_check_integrity (store, &error));
      /* Everything reported committed is there; no transaction is half there. */
      g_assert_cmpint (vigil_store_count_articles (store, 0), >=, last_committed);
      g_assert_cmpint (vigil_store_count_articles (store, 0) % 50, ==, 0);
      g_clear_object (&store);
    }
}

static guint last_removed, last_added;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, guint *calls)
{
  (*calls)++;
  g_assert_cmpuint (position, ==, 0);
  last_removed = removed;
  last_added = added;
}

static void
test_article_list (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (VigilArticleList) all = NULL;
  g_autoptr (VigilArticleList) other = NULL;
  gint64 a = vigil_store_add_source (store, "https://l.test/a", "A", NULL, NULL, &error);
  gint64 b = vigil_store_add_source (store, "https://l.test/b", "B", NULL, NULL, &error);
  gint64 probe_id;
  guint calls = 0;

  for (int i = 0; i < 250; i++)
    {
      g_autofree char *guid = g_strdup_printf ("%d", i);
      /* pairs share a time: the id breaks the tie */
      g_ptr_array_add (batch, make_article (guid, guid, 1000 + i / 2));
    }
  g_assert_true (vigil_store_ingest (store, a, batch, &added, &error));
  probe_id = ((VigilArticle *) g_ptr_array_index (added, 17))->id;
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, make_article ("b1", "Other source", 5000));
  g_assert_true (vigil_store_ingest (store, b, batch, NULL, &error));

  all = vigil_article_list_new (store, 0);
  other = vigil_article_list_new (store, b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 251);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (all)) == VIGIL_TYPE_ARTICLE);
  {
    /* Newest first, across page boundaries, ties broken by id. */
    gint64 prev_time = G_MAXINT64, prev_id = G_MAXINT64;
    for (guint i = 0; i < 251; i++)
      {
        g_autoptr (VigilArticle) item = g_list_model_get_item (G_LIST_MODEL (all), i);
        gint64 t = vigil_article_get_time (item);
        g_assert_nonnull (item);
        g_assert_true (t < prev_time || (t == prev_time && item->id < prev_id));
        prev_time = t;
        prev_id = item->id;
        if (item->id == probe_id)
          g_assert_cmpint (vigil_article_list_find (all, probe_id), ==, i);
      }
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (all), 251));
  }
  g_assert_cmpint (vigil_article_list_find (other, probe_id), ==, -1);

  g_signal_connect (all, "items-changed", G_CALLBACK (on_items_changed), &calls);
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, make_article ("new", "Newest", 9000));
  g_assert_true (vigil_store_ingest (store, a, batch, NULL, &error));
  vigil_article_list_reload (all);
  /* A full reload: everything out, then everything in (two signals, so that a
   * list view never searches the old rows among all the new ones). */
  g_assert_cmpuint (calls, ==, 2);
  g_assert_cmpuint (last_removed, ==, 0);
  g_assert_cmpuint (last_added, ==, 252);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 252);
  {
    g_autoptr (VigilArticle) first = g_list_model_get_item (G_LIST_MODEL (all), 0);
    g_assert_cmpstr (first->title, ==, "Newest");
  }
  /* After a refresh that only brought newer articles: just those, in front. */
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, make_article ("newer", "Newer still", 9500));
  g_ptr_array_add (batch, make_article ("newest", "Newest of all", 9600));
  g_assert_true (vigil_store_ingest (store, a, batch, NULL, &error));
  calls = 0;
  vigil_article_list_reload_new (all);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (last_removed, ==, 0);
  g_assert_cmpuint (last_added, ==, 2);
  {
    g_autoptr (VigilArticle) first = g_list_model_get_item (G_LIST_MODEL (all), 0);
    g_autoptr (VigilArticle) third = g_list_model_get_item (G_LIST_MODEL (all), 2);
    g_assert_cmpstr (first->title, ==, "Newest of all");
    g_assert_cmpstr (third->title, ==, "Newest");
  }
  /* One slipped in below the top (an older date): a full reload after all. */
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, make_article ("late", "Late but old", 1500));
  g_assert_true (vigil_store_ingest (store, a, batch, NULL, &error));
  calls = 0;
  vigil_article_list_reload_new (all);
  g_assert_cmpuint (calls, ==, 2);
  g_assert_cmpuint (last_added, ==, 255);
  {
    /* Read by another writer: the row's object takes it in place (a list
     * view's row bound to it follows), nothing is said replaced. */
    g_autoptr (VigilArticle) top = g_list_model_get_item (G_LIST_MODEL (all), 0);
    g_autoptr (VigilArticle) same = NULL;
    g_autoptr (VigilArticle) shifted = NULL;

    g_assert_false (top->read);
    g_assert_true (vigil_store_set_read (store, top->id, TRUE, &error));
    calls = 0;
    g_assert_false (vigil_article_list_refresh (all));
    g_assert_cmpuint (calls, ==, 0);
    g_assert_true (top->read);
    same = g_list_model_get_item (G_LIST_MODEL (all), 0);
    g_assert_true (same == top);
    /* One newer in front: said alone, and the rows below keep their objects. */
    g_ptr_array_set_size (batch, 0);
    g_ptr_array_add (batch, make_article ("front", "In front", 9900));
    g_assert_true (vigil_store_ingest (store, a, batch, NULL, &error));
    calls = 0;
    g_assert_false (vigil_article_list_reload_new (all));
    g_assert_cmpuint (calls, ==, 1);
    g_assert_cmpuint (last_added, ==, 1);
    shifted = g_list_model_get_item (G_LIST_MODEL (all), 1);
    g_assert_true (shifted == top);
  }
  {
    /* A list still growing (the window gives it its rows a few a frame) that
     * gets one newer article: that one in front, the rows given so far kept
     * (it fell back to its first few, the scroll to the top: reviewer). */
    guint stored = g_list_model_get_n_items (G_LIST_MODEL (all));
    vigil_article_list_set_grow_step (all, 4);
    g_signal_handlers_block_by_func (all, on_items_changed, &calls);
    vigil_article_list_set_cap (all, 150);
    g_signal_handlers_unblock_by_func (all, on_items_changed, &calls);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 150);
    g_ptr_array_set_size (batch, 0);
    g_ptr_array_add (batch, make_article ("front2", "In front again", 9950));
    g_assert_true (vigil_store_ingest (store, a, batch, NULL, &error));
    calls = 0;
    g_assert_false (vigil_article_list_reload_new (all));
    g_assert_cmpuint (calls, ==, 1);
    g_assert_cmpuint (last_added, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 151);
    g_assert_cmpuint (vigil_article_list_get_stored (all), ==, stored + 1);
    g_signal_handlers_block_by_func (all, on_items_changed, &calls);
    vigil_article_list_set_cap (all, 0);
    g_signal_handlers_unblock_by_func (all, on_items_changed, &calls);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, stored + 1);
  }
}

/* The sync tables (schema v10): accounts without passwords, the item mapping
 * and the queue of the desk's changes filled by triggers in the change's own
 * transaction, the server's state applied without echoing back, and a
 * local source untouched by all of it. */
static void
test_sync_tables (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) synced = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) local = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GArray) unread = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (VigilSource) source = NULL;
  g_autoptr (VigilAccount) account = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 account_id, source_id, local_id, first, second;

  g_assert_no_error (error);
  accounts = vigil_store_list_accounts (store, &error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (((VigilAccount *) accounts->pdata[0])->name, ==, "Local");
  account_id = vigil_store_add_account (store, "greader", "desk", "http://127.0.0.1:9/api", "alice",
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_add_account (store, "greader", "desk", NULL, NULL, &error), ==, 0);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY);
  g_clear_error (&error);
  source_id = vigil_store_sync_source (store, account_id, "feed/7", "http://127.0.0.1:9/f.xml",
                                       "Seven", NULL, "Desk", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_sync_source (store, account_id, "feed/7", NULL, "Seven again", NULL,
                                            "World", &error),
                   ==, source_id);
  source = vigil_store_get_source (store, source_id, &error);
  g_assert_cmpint (source->account_id, ==, account_id);
  g_assert_cmpstr (source->remote_id, ==, "feed/7");
  g_assert_cmpstr (source->folder, ==, "World");
  local_id
      = vigil_store_add_source (store, "http://127.0.0.1:9/local.xml", "Local", NULL, NULL, &error);
  g_ptr_array_add (synced, make_article ("1796000000000010", "One", now - 60));
  g_ptr_array_add (synced, make_article ("1796000000000020", "Two", now - 30));
  g_ptr_array_add (local, make_article ("local-1", "Local one", now));
  g_assert_true (vigil_store_ingest (store, source_id, synced, NULL, &error));
  g_assert_true (vigil_store_ingest (store, local_id, local, NULL, &error));
  first = ((VigilArticle *) synced->pdata[0])->id;
  second = ((VigilArticle *) synced->pdata[1])->id;
  /* Mapped in the transaction that stored them; the local one is not. */
  g_assert_cmpint (vigil_store_sync_item_id (store, first), ==, 1796000000000010);
  g_assert_cmpint (vigil_store_sync_article_id (store, account_id, 1796000000000020), ==, second);
  g_assert_cmpint (vigil_store_sync_item_id (store, ((VigilArticle *) local->pdata[0])->id), ==, 0);
  /* The desk's changes are queued with them; a local article's are not. */
  g_assert_true (vigil_store_set_read (store, first, TRUE, &error));
  g_assert_true (vigil_store_set_starred (store, second, TRUE, &error));
  g_assert_true (
      vigil_store_set_read (store, ((VigilArticle *) local->pdata[0])->id, TRUE, &error));
  actions = vigil_store_list_sync_actions (store, account_id, &error);
  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (((VigilSyncAction *) actions->pdata[0])->kind, ==, "read");
  g_assert_cmpint (((VigilSyncAction *) actions->pdata[0])->item_id, ==, 1796000000000010);
  g_assert_cmpstr (((VigilSyncAction *) actions->pdata[1])->kind, ==, "star");
  /* The server's state: changes still queued win, the others follow it,
   * and applying it queues nothing. */
  g_array_append_val (unread, ((gint64){ 1796000000000010 }));
  g_assert_true (vigil_store_sync_reconcile (store, account_id, FALSE, unread, &error));
  g_assert_no_error (error);
  {
    g_autoptr (VigilArticle) a = vigil_store_get_article (store, first, NULL);
    g_autoptr (VigilArticle) b = vigil_store_get_article (store, second, NULL);
    g_assert_true (a->read); /* queued: the desk's */
    g_assert_true (b->read); /* not in the server's unread set */
  }
  g_assert_cmpint (vigil_store_count_sync_actions (store, account_id), ==, 2);
  {
    g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    for (guint i = 0; i < actions->len; i++)
      g_array_append_val (ids, ((VigilSyncAction *) actions->pdata[i])->id);
    g_assert_true (vigil_store_finish_sync_actions (store, ids, "offline", &error));
    g_assert_cmpint (vigil_store_count_sync_actions (store, account_id), ==, 2);
    g_assert_true (vigil_store_finish_sync_actions (store, ids, NULL, &error));
    g_assert_cmpint (vigil_store_count_sync_actions (store, account_id), ==, 0);
  }
  g_assert_true (vigil_store_sync_reconcile (store, account_id, FALSE, unread, &error));
  {
    g_autoptr (VigilArticle) a = vigil_store_get_article (store, first, NULL);
    g_assert_false (a->read); /* sent: the server's state now */
  }
  g_assert_cmpint (vigil_store_count_sync_actions (store, account_id), ==, 0);
  /* Mark all read: one action up to the newest item. */
  g_assert_true (vigil_store_mark_source_read (store, source_id, &error));
  g_clear_pointer (&actions, g_ptr_array_unref);
  actions = vigil_store_list_sync_actions (store, account_id, &error);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (((VigilSyncAction *) actions->pdata[0])->kind, ==, "mark-all-read");
  g_assert_cmpstr (((VigilSyncAction *) actions->pdata[0])->stream, ==, "feed/7");
  g_assert_cmpstr (((VigilSyncAction *) actions->pdata[0])->arg, ==, "1796000000000020");
  /* Cursor and result. */
  g_assert_true (vigil_store_set_account_cursor (store, account_id, TRUE, "c1", 5, &error));
  g_assert_true (vigil_store_set_account_cursor (store, account_id, FALSE, NULL, 3, &error));
  g_assert_true (vigil_store_set_account_result (store, account_id, 0, "down", &error));
  account = vigil_store_find_account (store, "desk", &error);
  g_assert_cmpstr (account->continuation, ==, "c1");
  g_assert_cmpint (account->newest_item, ==, 5);
  g_assert_cmpstr (account->last_error, ==, "down");
  g_assert_cmpint (account->last_sync, ==, 0);
  /* Removing the account takes its sources, articles and queue, nothing else. */
  g_assert_true (vigil_store_remove_account (store, account_id, &error));
  g_assert_null (vigil_store_get_source (store, source_id, NULL));
  g_assert_cmpint (vigil_store_count_sync_actions (store, account_id), ==, 0);
  g_assert_cmpint (vigil_store_count_sync_items (store, account_id), ==, 0);
  g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_ALL), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/ingest-dedup-reopen", test_ingest_dedup_reopen);
  g_test_add_func ("/store/ingest-ids-and-stories", test_ingest_ids_and_stories);
  g_test_add_func ("/store/alert-once", test_alert_once);
  g_test_add_func ("/store/dismiss-story", test_dismiss_story);
  g_test_add_func ("/store/smart-views", test_smart_views);
  g_test_add_func ("/store/filter-and-facets", test_filter_and_facets);
  g_test_add_func ("/store/source-status", test_source_status);
  g_test_add_func ("/store/full-content", test_full_content);
  g_test_add_func ("/store/future-schema-refused", test_future_schema_refused);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/disk-full", test_disk_full);
  g_test_add_func ("/store/migrate-v1", test_migrate_v1);
  g_test_add_func ("/store/dismiss-alerts-undo", test_dismiss_alerts_undo);
  g_test_add_func ("/store/mark-articles-read", test_mark_articles_read);
  g_test_add_func ("/store/separate-from-story", test_separate_from_story);
  g_test_add_func ("/store/mark-view-read", test_mark_view_read);
  g_test_add_func ("/store/search", test_search);
  g_test_add_func ("/store/prune", test_prune);
  g_test_add_func ("/store/add-sources-batch", test_add_sources_batch);
  g_test_add_func ("/store/killed-writer", test_killed_writer);
  g_test_add_func ("/store/article-list", test_article_list);
  g_test_add_func ("/store/sync-tables", test_sync_tables);
  g_test_add_func ("/store/desk-fields", test_desk_fields);
  return g_test_run ();
}
