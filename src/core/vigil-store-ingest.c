/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-ingest.c — storing what feeds bring: new articles, alerts, full articles */
#include "vigil-store-private.h"

#include <json-glib/json-glib.h>

#include "vigil-json.h"

gboolean
vigil_store_set_full_content (VigilStore *self, VigilArticle *article, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) index = NULL;
  gboolean ok = FALSE;

  if (!store_lock_and_begin (self, error))
    return FALSE;
  stmt = store_prepare (
      self->writer,
      "UPDATE articles SET full_content = ?, score = ?, level = ?, annotations = ?,"
      " entity_names = ?, language = coalesce (language, ?) WHERE id = ?",
      error);
  /* Search finds what the full article says (if the article is not indexed
   * yet, the next batch indexes its full article). */
  index = stmt
              ? store_prepare (self->writer,
                               "UPDATE articles_fts SET body = vigil_html_text (?) WHERE rowid = ?",
                               error)
              : NULL;
  if (stmt && index)
    {
      store_bind_text (stmt, 1, article->full_content);
      sqlite3_bind_int (stmt, 2, article->score);
      store_bind_text (stmt, 3, article->level);
      store_bind_text (stmt, 4, article->annotations);
      store_bind_text (stmt, 5, article->entity_names);
      store_bind_text (stmt, 6, article->language);
      sqlite3_bind_int64 (stmt, 7, article->id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        store_set_error (error, self->writer, "Cannot store the full article");
      else if (sqlite3_changes (self->writer) == 0)
        {
          ok = FALSE;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                       "No article with id %" G_GINT64_FORMAT, article->id);
        }
      if (ok)
        {
          store_bind_text (index, 1, article->full_content);
          sqlite3_bind_int64 (index, 2, article->id);
          ok = sqlite3_step (index) == SQLITE_DONE;
          if (!ok)
            store_set_error (error, self->writer, "Cannot index the full article");
        }
    }
  if (ok)
    ok = store_commit_write (self->writer, error);
  else
    store_exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_ARTICLES : 0, article->source_id);
  return ok;
}

/* The alerts of the i-th article, or NULL. */
static GPtrArray *
alerts_of (GPtrArray *alerts, guint i)
{
  return alerts ? g_ptr_array_index (alerts, i) : NULL;
}

/* Every alert of the batch back to "not recorded" (the transaction failed). */
static void
alerts_not_recorded (GPtrArray *alerts)
{
  for (guint i = 0; alerts && i < alerts->len; i++)
    for (guint m = 0; alerts_of (alerts, i) && m < alerts_of (alerts, i)->len; m++)
      ((VigilStoryAlert *) g_ptr_array_index (alerts_of (alerts, i), m))->inserted = FALSE;
}

gboolean
vigil_store_ingest (VigilStore *self, gint64 source_id, GPtrArray *articles, GPtrArray **out_new,
                    GError **error)
{
  return vigil_store_ingest_evaluated (self, source_id, articles, NULL, out_new, error);
}

char *
store_records_to_json (GPtrArray *records, void (*add) (JsonBuilder *b, gconstpointer record))
{
  g_autoptr (JsonBuilder) b = NULL;

  if (records == NULL || records->len == 0)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    add (b, g_ptr_array_index (records, i));
  json_builder_end_array (b);
  return vigil_json_to_data (b, FALSE);
}

void
store_records_from_json (GPtrArray *out, const char *json, guint max,
                         gpointer (*read) (JsonObject *o))
{
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || *json == '\0')
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY (root = json_parser_get_root (parser)))
    return;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array) && out->len < max; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer record;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      record = read (json_node_get_object (node));
      if (record != NULL)
        g_ptr_array_add (out, record);
    }
}

static void
add_enclosure (JsonBuilder *b, gconstpointer record)
{
  const VigilEnclosure *e = record;

  if (e->url == NULL)
    return;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, e->url);
  if (e->type)
    {
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, e->type);
    }
  json_builder_set_member_name (b, "length");
  json_builder_add_int_value (b, e->length);
  if (e->title)
    {
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, e->title);
    }
  json_builder_set_member_name (b, "duration");
  json_builder_add_int_value (b, e->duration);
  json_builder_end_object (b);
}

/* An item's attachments as stored: a JSON array, or NULL for none. */
char *
store_enclosures_to_json (GPtrArray *enclosures)
{
  return store_records_to_json (enclosures, add_enclosure);
}

static gpointer
read_enclosure (JsonObject *o)
{
  VigilEnclosure *e;

  if (!json_object_has_member (o, "url"))
    return NULL;
  e = g_new0 (VigilEnclosure, 1);
  e->url = g_strdup (json_object_get_string_member (o, "url"));
  e->type = g_strdup (json_object_get_string_member_with_default (o, "type", NULL));
  e->length = json_object_get_int_member_with_default (o, "length", -1);
  e->title = g_strdup (json_object_get_string_member_with_default (o, "title", NULL));
  e->duration = json_object_get_int_member_with_default (o, "duration", -1);
  return e;
}

void
store_enclosures_from_json (GPtrArray *out, const char *json)
{
  store_records_from_json (out, json, G_MAXUINT, read_enclosure);
}

/* What storing these new articles (may be NULL) and recording these alerts
 * (may be NULL) changed: the articles, the stories they joined, the alerts
 * that are new. */
static VigilStoreChange
ingest_changes (GPtrArray *added, GPtrArray *alerts)
{
  VigilStoreChange what = 0;

  for (guint i = 0; added && i < added->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (added, i);
      what |= VIGIL_STORE_CHANGE_ARTICLES;
      if (a->cluster_id != a->id)
        what |= VIGIL_STORE_CHANGE_STORIES;
    }
  for (guint i = 0; alerts && i < alerts->len; i++)
    for (guint m = 0; alerts_of (alerts, i) && m < alerts_of (alerts, i)->len; m++)
      if (((VigilStoryAlert *) g_ptr_array_index (alerts_of (alerts, i), m))->inserted)
        what |= VIGIL_STORE_CHANGE_ALERTS;
  return what;
}

/* The INSERT of vigil_store_ingest_evaluated, prepared once per store: the
 * statement (29 columns and the triggers on articles) costs more to compile
 * than a feed of articles costs to store. Kept reset; under write_lock. */
static sqlite3_stmt *
insert_statement (VigilStore *self, GError **error)
{
  if (self->insert_article == NULL)
    {
      if (sqlite3_prepare_v3 (
              self->writer,
              "INSERT INTO articles (id, source_id, guid, title, link, author, published, "
              "updated, date_is_first_seen, summary, content, categories, lat, lon, language, "
              "score, level, first_seen, sort_time, simhash, cluster_id, entity_names, "
              "annotations, alerts_evaluated, enclosures, origin_title, origin_url, comments, "
              "thumbnail, rights, authors) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
              "ON CONFLICT (source_id, guid) DO NOTHING",
              -1, SQLITE_PREPARE_PERSISTENT, &self->insert_article, NULL)
          != SQLITE_OK)
        {
          store_set_error (error, self->writer, "Cannot prepare query");
          g_clear_pointer (&self->insert_article, sqlite3_finalize);
        }
    }
  return self->insert_article;
}

/* The id SQLite would give the next article (one more than the largest), so
 * that an article that is a story of its own is stored with its cluster_id in
 * the same INSERT; 0 when it would pick one at random (the largest id is
 * taken) and the article is named its story afterwards. Inside the write
 * transaction: nobody else inserts meanwhile. */
static gint64
next_article_id (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt
      = store_prepare (self->writer, "SELECT max (id) FROM articles", NULL);
  gint64 max = 0;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  max = sqlite3_column_int64 (stmt, 0);
  return max < G_MAXINT64 ? max + 1 : 0;
}

/* Text that lives until the statement has run (reset and cleared after). */
static void
bind_text_static (sqlite3_stmt *stmt, int col, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, col);
}

gboolean
vigil_store_ingest_evaluated (VigilStore *self, gint64 source_id, GPtrArray *articles,
                              GPtrArray *alerts, GPtrArray **out_new, GError **error)
{
  StoreAlertCache alert_cache = { 0 };
  sqlite3_stmt *stmt;
  g_autoptr (sqlite3_stmt) cluster_stmt = NULL;
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next_id;
  gboolean ok = TRUE;

  g_return_val_if_fail (alerts == NULL || alerts->len == articles->len, FALSE);
  if (!store_lock_and_begin (self, error))
    return FALSE;
  stmt = insert_statement (self, error);
  ok = stmt != NULL;
  next_id = ok ? next_article_id (self) : 0;
  for (guint i = 0; ok && i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      g_autofree char *categories = NULL;
      g_autofree char *enclosures = NULL;
      g_autofree char *authors = NULL;
      gboolean own_story;

      if (a->first_seen == 0)
        a->first_seen = now;
      if (a->cluster_id < 0)
        {
          /* The story of an earlier article of this batch (its own story
           * when that one was not stored: a guid seen before). */
          guint lead = (guint) (-a->cluster_id - 1);
          VigilArticle *l = lead < i ? g_ptr_array_index (articles, lead) : NULL;
          a->cluster_id = l != NULL && l->id > 0 && l->cluster_id > 0 ? l->cluster_id : 0;
        }
      own_story = a->cluster_id <= 0;
      g_ptr_array_add (a->categories, NULL);
      categories = g_strjoinv ("\n", (char **) a->categories->pdata);
      g_ptr_array_remove_index (a->categories, a->categories->len - 1);
      enclosures = store_enclosures_to_json (a->enclosures);
      authors = store_people_to_json (a->authors);

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (next_id > 0)
        sqlite3_bind_int64 (stmt, 1, next_id);
      sqlite3_bind_int64 (stmt, 2, source_id);
      bind_text_static (stmt, 3, a->guid);
      bind_text_static (stmt, 4, a->title ? a->title : "");
      bind_text_static (stmt, 5, a->link);
      bind_text_static (stmt, 6, a->author);
      if (a->published)
        sqlite3_bind_int64 (stmt, 7, g_date_time_to_unix (a->published));
      if (a->updated)
        sqlite3_bind_int64 (stmt, 8, g_date_time_to_unix (a->updated));
      sqlite3_bind_int (stmt, 9, a->date_is_first_seen);
      bind_text_static (stmt, 10, a->summary);
      bind_text_static (stmt, 11, a->content);
      bind_text_static (stmt, 12, categories);
      if (a->has_geo)
        {
          sqlite3_bind_double (stmt, 13, a->lat);
          sqlite3_bind_double (stmt, 14, a->lon);
        }
      bind_text_static (stmt, 15, a->language);
      sqlite3_bind_int (stmt, 16, a->score);
      bind_text_static (stmt, 17, a->level);
      sqlite3_bind_int64 (stmt, 18, a->first_seen);
      /* A date after the article was first seen (a feed's clock or a typo
       * "2100") would keep it at the top of every list and in Today for
       * ever: it is listed as of when it came. */
      sqlite3_bind_int64 (stmt, 19, vigil_article_get_sort_time (a));
      sqlite3_bind_int64 (stmt, 20, (gint64) a->simhash);
      if (!own_story)
        sqlite3_bind_int64 (stmt, 21, a->cluster_id);
      else if (next_id > 0)
        sqlite3_bind_int64 (stmt, 21, next_id);
      bind_text_static (stmt, 22, a->entity_names);
      bind_text_static (stmt, 23, a->annotations);
      sqlite3_bind_int (stmt, 24, alerts != NULL);
      bind_text_static (stmt, 25, enclosures);
      bind_text_static (stmt, 26, a->origin_title);
      bind_text_static (stmt, 27, a->origin_url);
      bind_text_static (stmt, 28, a->comments);
      bind_text_static (stmt, 29, a->thumbnail);
      bind_text_static (stmt, 30, a->rights);
      bind_text_static (stmt, 31, authors);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot store the article");
      else if (sqlite3_changes (self->writer) == 1)
        {
          a->id = sqlite3_last_insert_rowid (self->writer);
          a->source_id = source_id;
          if (own_story && (next_id == 0 || a->id != next_id))
            {
              /* A story of its own, whose id was not known beforehand:
               * named after its first article. */
              if (cluster_stmt == NULL)
                cluster_stmt = store_prepare (
                    self->writer, "UPDATE articles SET cluster_id = id WHERE id = ?", error);
              ok = cluster_stmt != NULL;
              if (ok)
                {
                  sqlite3_reset (cluster_stmt);
                  sqlite3_bind_int64 (cluster_stmt, 1, a->id);
                  if (sqlite3_step (cluster_stmt) != SQLITE_DONE)
                    ok = store_set_error (error, self->writer, "Cannot store the article");
                }
            }
          if (own_story)
            a->cluster_id = a->id;
          next_id = next_id > 0 && a->id < G_MAXINT64 ? a->id + 1 : 0;
          g_ptr_array_add (added, g_object_ref (a));
          store_alert_cache_added (&alert_cache, a->cluster_id);
          /* Its alerts, in the same transaction: a crash stores both or neither. */
          for (guint m = 0; ok && alerts_of (alerts, i) && m < alerts_of (alerts, i)->len; m++)
            ok = store_record_story_alert (self, &alert_cache, a->id, a->cluster_id,
                                           g_ptr_array_index (alerts_of (alerts, i), m), error);
        }
    }
  if (stmt != NULL)
    {
      /* Nothing of this batch's text is kept bound, nor the statement open. */
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  store_alert_cache_clear (&alert_cache);
  if (ok)
    ok = store_commit_write (self->writer, error);
  if (!ok)
    {
      store_exec (self->writer, "ROLLBACK", NULL);
      for (guint i = 0; i < added->len; i++)
        ((VigilArticle *) g_ptr_array_index (added, i))->id = 0;
      alerts_not_recorded (alerts);
    }
  g_mutex_unlock (&self->write_lock);
  if (ok)
    store_changed (self, ingest_changes (added, alerts), source_id);
  if (ok && out_new)
    *out_new = g_steal_pointer (&added);
  return ok;
}

GPtrArray *
vigil_store_filter_unstored (VigilStore *self, gint64 source_id, GPtrArray *articles)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *fresh = g_ptr_array_new_with_free_func (g_object_unref);

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader, "SELECT 1 FROM articles WHERE source_id = ? AND guid = ?", NULL);
  for (guint i = 0; i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      gboolean stored = FALSE;
      if (stmt && a->guid)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, source_id);
          store_bind_text (stmt, 2, a->guid);
          stored = sqlite3_step (stmt) == SQLITE_ROW;
        }
      if (!stored)
        g_ptr_array_add (fresh, g_object_ref (a));
    }
  store_read_end (self, reader);
  return fresh;
}

/* The rows of stmt (ARTICLE_HEADER_COLUMNS, then with full the summary,
 * content and annotations) added to result as articles. */
static gboolean
read_articles (sqlite3 *db, sqlite3_stmt *stmt, gboolean full, GPtrArray *result, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigilArticle *a = store_article_from_row (stmt);
      if (full)
        {
          a->summary = store_col_text (stmt, ARTICLE_HEADER_N);
          a->content = store_col_text (stmt, ARTICLE_HEADER_N + 1);
          a->annotations = store_col_text (stmt, ARTICLE_HEADER_N + 2);
        }
      g_ptr_array_add (result, a);
    }
  if (rc != SQLITE_DONE)
    return store_set_error (error, db, "Cannot read the stored articles");
  return TRUE;
}

gboolean
store_read_full_articles (sqlite3 *db, sqlite3_stmt *stmt, GPtrArray *result, GError **error)
{
  return read_articles (db, stmt, TRUE, result, error);
}

GPtrArray *
store_read_articles (VigilStore *self, const char *sql, gint64 a, gint64 b, gboolean full,
                     GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3 *reader = store_read_begin (self);
  StoreReadArgs args = { NULL, a, b };

  stmt = store_prepare (reader, sql, error);
  if (stmt != NULL)
    store_bind_ints (stmt, &args);
  if (stmt == NULL || !read_articles (reader, stmt, full, result, error))
    g_clear_pointer (&result, g_ptr_array_unref);
  store_read_end (self, reader);
  return result;
}

GPtrArray *
vigil_store_list_unevaluated (VigilStore *self, guint limit, GError **error)
{
  return store_read_articles (self,
                              "SELECT " ARTICLE_HEADER_COLUMNS
                              ", a.summary, a.content, a.annotations"
                              " FROM articles a JOIN sources s ON s.id = a.source_id"
                              " WHERE a.alerts_evaluated = 0 ORDER BY a.id LIMIT ?1",
                              limit, 0, TRUE, error);
}

gboolean
vigil_store_record_evaluation (VigilStore *self, GPtrArray *articles, GPtrArray *alerts,
                               GError **error)
{
  StoreAlertCache alert_cache = { 0 };
  g_autoptr (sqlite3_stmt) mark = NULL;
  gboolean ok;

  g_return_val_if_fail (alerts->len == articles->len, FALSE);
  if (!store_lock_and_begin (self, error))
    return FALSE;
  mark = store_prepare (
      self->writer,
      "UPDATE articles SET alerts_evaluated = 1 WHERE id = ? AND alerts_evaluated = 0", error);
  ok = mark != NULL;
  for (guint i = 0; ok && i < articles->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (articles, i);
      GPtrArray *list = alerts_of (alerts, i);
      gboolean mine;

      sqlite3_reset (mark);
      sqlite3_bind_int64 (mark, 1, a->id);
      if (sqlite3_step (mark) != SQLITE_DONE)
        {
          ok = store_set_error (error, self->writer, "Cannot record the alert");
          break;
        }
      /* Another process may have evaluated it meanwhile: once only. */
      mine = sqlite3_changes (self->writer) == 1;
      for (guint m = 0; ok && list && m < list->len; m++)
        {
          VigilStoryAlert *alert = g_ptr_array_index (list, m);
          if (mine)
            ok = store_record_story_alert (self, &alert_cache, a->id, a->cluster_id, alert, error);
          else
            alert->inserted = FALSE;
        }
    }
  store_alert_cache_clear (&alert_cache);
  g_clear_pointer (&mark, sqlite3_finalize);
  if (ok)
    ok = store_commit_write (self->writer, error);
  else
    store_exec (self->writer, "ROLLBACK", NULL);
  if (!ok)
    alerts_not_recorded (alerts);
  g_mutex_unlock (&self->write_lock);
  if (ok)
    store_changed (self, ingest_changes (NULL, alerts), 0);
  return ok;
}
