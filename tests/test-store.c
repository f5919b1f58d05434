/* The store keeps articles across reopen, rejects duplicates by key, and refuses
 * a database from the future. */
#include <sqlite3.h>

#include "vigil-store.h"

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
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-store-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, "sub", "vigil.db", NULL);
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

static void
test_alert_once (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  gint64 src = vigil_store_add_source (store, "https://x.test/f", NULL, NULL, NULL, &error);
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
}

static void
test_future_schema_refused (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  VigilStore *store = vigil_store_new (path, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_finalize_object (store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

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
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "this is not a database, and must not be overwritten");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/ingest-dedup-reopen", test_ingest_dedup_reopen);
  g_test_add_func ("/store/alert-once", test_alert_once);
  g_test_add_func ("/store/source-status", test_source_status);
  g_test_add_func ("/store/future-schema-refused", test_future_schema_refused);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  return g_test_run ();
}
