/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's database: articles kept across reopen, duplicates refused by key,
 * a database from the future, a damaged file or a full disk, migrations, sources
 * and their status, full content, pruning, a killed writer, sync's tables. */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "vigil-article-list.h"
#include "vigil-store-private.h"
#include "vigil-test-utils.h"
#include "test-store-common.h"

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
  gint64 src;
  g_autoptr (VigilStore) store
      = store_with_named_source (NULL, "https://desk.example.test/feed", "Desk", &src);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (VigilArticle) again = NULL;
  g_autoptr (VigilArticle) plain = NULL;
  VigilArticle *a = make_article ("desk-1", "Briefing with audio", 1700000000);
  VigilEnclosure *e = g_new0 (VigilEnclosure, 1);
  VigilEnclosure *back;

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

static VigilPerson *
person (const char *name, const char *email, const char *uri)
{
  VigilPerson *p = g_new0 (VigilPerson, 1);

  p->name = g_strdup (name);
  p->email = g_strdup (email);
  p->uri = g_strdup (uri);
  return p;
}

static void
assert_person (GPtrArray *people, guint i, const char *name, const char *email, const char *uri)
{
  VigilPerson *p = g_ptr_array_index (people, i);

  g_assert_cmpstr (p->name, ==, name);
  g_assert_cmpstr (p->email, ==, email);
  g_assert_cmpstr (p->uri, ==, uri);
}

/* Every author of an item is kept (issue 16), in the feed's order, with the
 * first still its author; a row stored before (schema 11) stays readable
 * with its one author. The image a feed shows for itself is kept per source,
 * written again only when it changes, and cleared when the feed drops it. */
static void
test_authors_and_image (void)
{
  g_autofree char *path = NULL;
  gint64 src, other, id;
  g_autoptr (VigilStore) store
      = store_with_named_source (&path, "https://desk.example.test/feed", "Desk", &src);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  VigilArticle *a = make_article ("two-authors", "Two bylines", 1700000000);
  g_autofree char *url = NULL;
  g_autofree char *title = NULL;

  other = vigil_store_add_source (store, "https://other.example.test/feed", "Other", NULL, NULL,
                                  &error);
  g_assert_no_error (error);
  a->author = g_strdup ("Leila Hassan");
  g_ptr_array_add (a->authors, person ("Leila Hassan", NULL, NULL));
  g_ptr_array_add (a->authors, person ("Omar \"Abu\" Ali", "omar@example.test",
                                       "https://desk.example.test/omar"));
  g_ptr_array_add (a->authors, person (NULL, "desk@example.test", NULL));
  g_ptr_array_add (batch, a);
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_no_error (error);
  id = a->id;
  {
    g_autoptr (VigilArticle) again = vigil_store_get_article (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again->author, ==, "Leila Hassan");
    g_assert_cmpuint (again->authors->len, ==, 3);
    assert_person (again->authors, 0, "Leila Hassan", NULL, NULL);
    assert_person (again->authors, 1, "Omar \"Abu\" Ali", "omar@example.test",
                   "https://desk.example.test/omar");
    assert_person (again->authors, 2, NULL, "desk@example.test", NULL);
  }

  /* The feed's image. */
  g_assert_false (vigil_store_get_source_image (store, src, &url, &title));
  g_assert_null (url);
  g_assert_true (vigil_store_set_source_image (store, src, "https://desk.example.test/logo.png",
                                               "Desk logo", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_get_source_image (store, src, &url, &title));
  g_assert_cmpstr (url, ==, "https://desk.example.test/logo.png");
  g_assert_cmpstr (title, ==, "Desk logo");
  g_clear_pointer (&url, g_free);
  g_clear_pointer (&title, g_free);
  /* The same again writes nothing; another source has none. */
  g_assert_true (vigil_store_set_source_image (store, src, "https://desk.example.test/logo.png",
                                               "Desk logo", &error));
  g_assert_cmpint (sqlite3_changes (store->writer), ==, 0);
  g_assert_false (vigil_store_get_source_image (store, other, NULL, NULL));
  /* A new image without a title; then none at all. */
  g_assert_true (
      vigil_store_set_source_image (store, src, "https://desk.example.test/new.png", NULL, &error));
  g_assert_true (vigil_store_get_source_image (store, src, &url, &title));
  g_assert_cmpstr (url, ==, "https://desk.example.test/new.png");
  g_assert_null (title);
  g_clear_pointer (&url, g_free);
  g_assert_true (vigil_store_set_source_image (store, src, NULL, "orphan title", &error));
  g_assert_false (vigil_store_get_source_image (store, src, &url, &title));
  g_assert_true (vigil_store_set_source_image (store, src, "https://desk.example.test/logo.png",
                                               "Desk logo", &error));

  /* The database as schema 11 left it: its rows read as before, one author
   * each; the columns come back empty. */
  g_clear_object (&store);
  exec_sql (path, "ALTER TABLE articles DROP COLUMN authors;"
                  " ALTER TABLE sources DROP COLUMN image_url;"
                  " ALTER TABLE sources DROP COLUMN image_title; PRAGMA user_version = 11");
  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr (VigilArticle) old = vigil_store_get_article (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (old->title, ==, "Two bylines");
    g_assert_cmpstr (old->author, ==, "Leila Hassan");
    g_assert_cmpuint (old->authors->len, ==, 0);
  }
  g_assert_false (vigil_store_get_source_image (store, src, NULL, NULL));
  /* A damaged list is no author, not a crash. */
  exec_sql (path, "UPDATE articles SET authors = '[{\"name\": 3}, \"x\", {\"email\": \"a@b\"}'");
  {
    g_autoptr (VigilArticle) odd = vigil_store_get_article (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (odd->authors->len, ==, 0);
  }
  exec_sql (path, "UPDATE articles SET authors = '[{\"name\": 3}, \"x\", {\"email\": \"a@b\"}]'");
  {
    g_autoptr (VigilArticle) odd = vigil_store_get_article (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (odd->authors->len, ==, 1);
    assert_person (odd->authors, 0, NULL, "a@b", NULL);
  }
}

static void
test_full_content (void)
{
  g_autofree char *path = NULL;
  gint64 src, id;
  VigilStore *store
      = store_with_named_source (&path, "https://full.example.test/feed", "Full", &src);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (VigilArticle) again = NULL;
  g_autoptr (VigilSource) source = NULL;
  VigilArticle *a;

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

/* The log is copied into the database by the store's own thread while the
 * writer goes on (the writer checkpoints only past 16,000 pages of log):
 * after some 5,000 pages of commits the database file has grown without
 * the writer waiting for it, and everything is there after a reopen. */
static void
test_background_checkpoint (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) body = g_string_new ("<p>");
  VigilStore *store = vigil_store_new (path, &error);
  GStatBuf st = { 0 };
  gint64 src, deadline;
  guint n = 0;

  g_assert_no_error (error);
  src = vigil_store_add_source (store, "https://ckpt.example.test/feed", "Checkpoints", NULL, NULL,
                                &error);
  g_assert_no_error (error);
  while (body->len < 3000)
    g_string_append (body, "words of an article that fill a page of the database ");
  g_string_append (body, "</p>");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 1 << 20);
  for (guint f = 0; f < 110; f++)
    {
      g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr (GPtrArray) added = NULL;
      for (guint i = 0; i < 50; i++)
        {
          g_autofree char *guid = g_strdup_printf ("f%u-%u", f, i);
          VigilArticle *a = make_article (guid, "Title", 1000 + (gint64) (i * 1000 + f));
          g_free (a->summary);
          a->summary = g_strdup (body->str);
          g_ptr_array_add (batch, a);
        }
      g_assert_true (vigil_store_ingest (store, src, batch, &added, &error));
      g_assert_no_error (error);
      n += added->len;
    }
  /* The thread's round: the database file holds the articles' pages. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_stat (path, &st) == 0 && st.st_size < 8 << 20 && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  g_assert_cmpint (st.st_size, >=, 8 << 20);
  g_assert_finalize_object (store);

  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_count_articles (store, 0), ==, n);
  g_assert_cmpuint (n, ==, 5500);
  g_assert_finalize_object (store);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/ingest-dedup-reopen", test_ingest_dedup_reopen);
  g_test_add_func ("/store/source-status", test_source_status);
  g_test_add_func ("/store/full-content", test_full_content);
  g_test_add_func ("/store/future-schema-refused", test_future_schema_refused);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/disk-full", test_disk_full);
  g_test_add_func ("/store/migrate-v1", test_migrate_v1);
  g_test_add_func ("/store/prune", test_prune);
  g_test_add_func ("/store/add-sources-batch", test_add_sources_batch);
  g_test_add_func ("/store/killed-writer", test_killed_writer);
  g_test_add_func ("/store/sync-tables", test_sync_tables);
  g_test_add_func ("/store/desk-fields", test_desk_fields);
  g_test_add_func ("/store/authors-and-image", test_authors_and_image);
  g_test_add_func ("/store/background-checkpoint", test_background_checkpoint);
  return g_test_run ();
}
