/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-common.h: what the store tests share (test-store, test-store-articles,
 * test-store-alerts): articles to ingest, a temporary database, SQL behind the
 * store's back, an older schema, a store with one source, alerts in a story. */
#pragma once

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "vigil-article-list.h"
#include "vigil-store-private.h"
#include "vigil-test-utils.h"

static inline VigilArticle *
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

static inline char *
temp_db (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-store-XXXXXX");

  return g_build_filename (dir, "sub", "vigil.db", NULL);
}

/* Runs @sql on the database at @path behind the store's back (the store is
 * closed, or does not see it): a state to start from, or an old schema. */
static inline void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Takes the database at @path back to an older version: the columns of what a
 * feed says beyond the text (issue 16: schema 11 and 12) and sync's tables, triggers and
 * columns (issue 19) dropped, then @older_sql (what came before those, and the
 * version number). */
static inline void
downgrade_schema (const char *path, const char *older_sql)
{
  g_autofree char *sql = g_strconcat (
      "ALTER TABLE articles DROP COLUMN authors; ALTER TABLE sources DROP COLUMN image_url;"
      " ALTER TABLE sources DROP COLUMN image_title;"
      " ALTER TABLE articles DROP COLUMN enclosures; ALTER TABLE articles DROP COLUMN "
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

/* A new store in a directory of its own with one source, @url titled @title
 * (or NULL), whose id goes to @src; the database's path to @path (optional). */
static inline VigilStore *
store_with_named_source (char **path, const char *url, const char *title, gint64 *src)
{
  g_autofree char *db = temp_db ();
  g_autoptr (GError) error = NULL;
  VigilStore *store = vigil_store_new (db, &error);

  g_assert_no_error (error);
  *src = vigil_store_add_source (store, url, title, NULL, NULL, &error);
  g_assert_no_error (error);
  if (path != NULL)
    *path = g_steal_pointer (&db);
  return store;
}

/* The same with the source https://x.test/f, untitled. */
static inline VigilStore *
store_with_source (char **path, gint64 *src)
{
  return store_with_named_source (path, "https://x.test/f", NULL, src);
}

/* What vigil_store_add_story_alert says of an alert. */
typedef struct
{
  gboolean inserted, update;
  guint reports;
} StoryAlert;

static inline gboolean
add_story_alert (VigilStore *store, const char *rule, gint64 article_id, gint64 cluster_id,
                 const char *matched, StoryAlert *alert)
{
  g_autoptr (GError) error = NULL;

  return vigil_store_add_story_alert (store, rule, article_id, cluster_id, matched,
                                      &alert->inserted, &alert->update, &alert->reports, &error);
}

/* One article ingested on its own into the story @cluster_id (0: it starts
 * one); its id. */
static inline gint64
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

/* One report of a story: its title, and the rule that alerts on it with
 * the text it matched. */
typedef struct
{
  const char *title, *rule, *matched;
} StoryReport;

/* Three reports filed one after the other in one story (the first starts it),
 * their guids @guid_prefix0…2, each alerted by its rule; their ids to @ids. */
static inline void
ingest_alerted_story (VigilStore *store, gint64 src, const char *guid_prefix,
                      const StoryReport reports[3], gint64 ids[3])
{
  StoryAlert alert = { 0 };

  ids[0] = 0;
  for (guint i = 0; i < 3; i++)
    {
      ids[i] = ingest_in_story (store, src, guid_prefix, i, reports[i].title, ids[0]);
      g_assert_true (
          add_story_alert (store, reports[i].rule, ids[i], ids[0], reports[i].matched, &alert));
    }
}
