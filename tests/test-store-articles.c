/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's articles: read marks, smart views, filters and facets, search,
 * the article list model. */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "vigil-article-list.h"
#include "vigil-store-private.h"
#include "vigil-test-utils.h"
#include "test-store-common.h"

/* "Mark Read" on a notification: the reports it told of are read and their
 * alerts seen; a report that joined the story after it keeps its state. */
static void
test_mark_articles_read (void)
{
  gint64 src;
  g_autoptr (VigilStore) store = store_with_source (NULL, &src);
  g_autoptr (GError) error = NULL;
  gint64 ids[3] = { 0 };
  static const StoryReport reports[3] = {
    { "Rockets fall near Erbil airport", "Indirect fire", "rockets" },
    { "Rockets fall near Erbil airport", "Indirect fire", "rockets" },
    { "Rockets fall near Erbil airport", "Indirect fire", "rockets" },
  };
  g_autoptr (GPtrArray) history = NULL;

  ingest_alerted_story (store, src, "r", reports, ids);
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
    {
      /* The article being read stays in the Unread view and the unread
       * filter's lists, at its place, once read; it alone. */
      VigilArticleFilter kept = { .unread_only = TRUE, .keep_id = read->id };
      VigilArticleFilter kept_view = { .keep_id = read->id };
      g_assert_false (vigil_article_filter_is_empty (&kept));
      g_assert_true (vigil_article_filter_is_empty (&kept_view));
      g_assert_cmpint (vigil_store_count_articles_filtered (store, 0, &kept), ==, 8);
      g_assert_cmpint (vigil_store_count_articles (store, VIGIL_VIEW_UNREAD), ==, 7);
      g_assert_cmpint (vigil_store_count_articles_filtered (store, VIGIL_VIEW_UNREAD, &kept_view),
                       ==, 8);
      g_assert_cmpint (
          vigil_store_article_position_filtered (store, VIGIL_VIEW_UNREAD, &kept_view, read->id),
          ==, vigil_store_article_position (store, 0, read->id));
      g_assert_cmpint (vigil_store_article_position (store, VIGIL_VIEW_UNREAD, read->id), ==, -1);
      {
        g_autoptr (GPtrArray) kept_rows = vigil_store_list_articles_page_filtered (
            store, VIGIL_VIEW_UNREAD, &kept_view, 0, 100, &error);
        gboolean found = FALSE;
        for (guint i = 0; i < kept_rows->len; i++)
          found |= ((VigilArticle *) g_ptr_array_index (kept_rows, i))->id == read->id;
        g_assert_cmpuint (kept_rows->len, ==, 8);
        g_assert_true (found);
      }
      /* Kept in a view that is not about reading: nothing added. */
      g_assert_cmpint (vigil_store_count_articles_filtered (store, VIGIL_VIEW_HIGH, &kept_view), ==,
                       vigil_store_count_articles (store, VIGIL_VIEW_HIGH));
    }
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

static guint last_removed, last_added;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, guint *calls)
{
  (*calls)++;
  g_assert_cmpuint (position, ==, 0);
  last_removed = removed;
  last_added = added;
}

/* An article dated after it came (a feed's clock, a typo "2100") is listed
 * as of when it came: a later article goes above it, and it leaves the top
 * (walk-through: it stayed there, "just now", for ever). */
static void
test_future_date (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  gint64 src = vigil_store_add_source (store, "https://f.test/f", "F", NULL, NULL, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) listed = NULL;
  gint64 came = g_get_real_time () / G_USEC_PER_SEC - 3600;
  VigilArticle *future = make_article ("future", "Dated 2100", 4102444800);
  VigilArticle *later = make_article ("later", "Came an hour later", came + 3000);

  future->first_seen = came;
  later->first_seen = came + 3000;
  g_ptr_array_add (batch, future);
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, later);
  g_assert_true (vigil_store_ingest (store, src, batch, NULL, &error));
  g_assert_no_error (error);
  listed = vigil_store_list_articles (store, VIGIL_VIEW_ALL, NULL);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (listed, 0))->guid, ==, "later");
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (listed, 1))->guid, ==, "future");
  g_clear_pointer (&listed, g_ptr_array_unref);
  /* A database written before: placed so when it is opened. */
  g_clear_object (&store);
  exec_sql (path, "UPDATE articles SET sort_time = 4102444800 WHERE guid = 'future';"
                  " PRAGMA user_version = 12");
  store = vigil_store_new (path, &error);
  g_assert_no_error (error);
  listed = vigil_store_list_articles (store, VIGIL_VIEW_ALL, NULL);
  g_assert_cmpstr (((VigilArticle *) g_ptr_array_index (listed, 0))->guid, ==, "later");
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

/* Articles deleted after the list was counted: every position below the
 * count still gives an item (an empty one, id 0), and the list counts itself
 * again on idle, saying the change. */
static void
test_article_list_shrunk (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilStore) store = vigil_store_new (path, &error);
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (VigilArticleList) list = NULL;
  gint64 a = vigil_store_add_source (store, "https://l.test/a", "A", NULL, NULL, &error);
  gint64 b = vigil_store_add_source (store, "https://l.test/b", "B", NULL, NULL, &error);
  guint calls = 0;

  g_ptr_array_add (batch, make_article ("a1", "Kept", 2000));
  g_assert_true (vigil_store_ingest (store, a, batch, NULL, &error));
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_add (batch, make_article ("b1", "Deleted", 1000));
  g_assert_true (vigil_store_ingest (store, b, batch, NULL, &error));
  list = vigil_article_list_new (store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  g_assert_true (vigil_store_remove_source (store, b, &error));
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &calls);
  {
    g_autoptr (VigilArticle) kept = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr (VigilArticle) gone = g_list_model_get_item (G_LIST_MODEL (list), 1);
    g_assert_cmpstr (kept->title, ==, "Kept");
    g_assert_nonnull (gone);
    g_assert_cmpint (gone->id, ==, 0);
  }
  /* Nothing said from inside get_item; the recount comes on idle. */
  g_assert_cmpuint (calls, ==, 0);
  while (calls == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/smart-views", test_smart_views);
  g_test_add_func ("/store/filter-and-facets", test_filter_and_facets);
  g_test_add_func ("/store/mark-articles-read", test_mark_articles_read);
  g_test_add_func ("/store/mark-view-read", test_mark_view_read);
  g_test_add_func ("/store/search", test_search);
  g_test_add_func ("/store/article-list", test_article_list);
  g_test_add_func ("/store/article-list-shrunk", test_article_list_shrunk);
  g_test_add_func ("/store/future-date", test_future_date);
  return g_test_run ();
}
