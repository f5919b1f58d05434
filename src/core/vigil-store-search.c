/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-search.c — full-text search (FTS5), the batch index, rule candidates */
#include "vigil-store-private.h"

#include "vigil-html.h"

void
vigil_search_hit_free (VigilSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_clear_object (&hit->article);
  g_free (hit->snippet);
  g_free (hit);
}

static void
append_fts_term (GString *out, const char *text, gssize len, gboolean prefix)
{
  /* Only letters and digits reach FTS5, each word in double quotes: nothing a
   * user types can become FTS5 syntax (NEAR, column filters, ^, -). */
  g_autoptr (GString) words = g_string_new (NULL);
  const char *p = text;
  const char *end = len < 0 ? text + strlen (text) : text + len;
  gboolean in_word = FALSE;

  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          if (!in_word && words->len > 0)
            g_string_append_c (words, ' ');
          g_string_append_unichar (words, c);
          in_word = TRUE;
        }
      else
        in_word = FALSE;
    }
  if (words->len == 0)
    return;
  if (out->len > 0)
    g_string_append (out, " AND ");
  g_string_append_printf (out, "\"%s\"%s", words->str, prefix ? "*" : "");
}

char *
vigil_store_fts_query (const char *user_query)
{
  GString *out = g_string_new (NULL);
  const char *p = user_query ? user_query : "";

  while (*p)
    {
      if (*p == '"')
        {
          const char *close = strchr (p + 1, '"');
          const char *end = close ? close : p + strlen (p);
          append_fts_term (out, p + 1, end - p - 1, FALSE);
          p = close ? close + 1 : end;
        }
      else if (g_ascii_isspace (*p))
        p++;
      else
        {
          const char *start = p;
          while (*p && !g_ascii_isspace (*p) && *p != '"')
            p++;
          append_fts_term (out, start, p - start, p > start && p[-1] == '*');
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
snippet_html (const char *raw)
{
  g_autofree char *escaped = vigil_html_escape (raw ? raw : "");
  GString *out = g_string_new (NULL);

  for (const char *p = escaped; *p; p++)
    {
      if (*p == '\x01')
        g_string_append (out, "<b>");
      else if (*p == '\x02')
        g_string_append (out, "</b>");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A hit's row: the article's header and its snippet. */
#define HIT_SELECT                                                                                 \
  "SELECT " ARTICLE_HEADER_COLUMNS ", snippet (articles_fts, -1, char (1), "                       \
  "char (2), '…', 16) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "           \
  "JOIN sources s ON s.id = a.source_id "

/* The rows of stmt (HIT_SELECT …) with ?1 bound to fts and ?2 to n, added to
 * hits; FALSE with error when the read fails. */
static gboolean
read_hits (sqlite3 *reader, sqlite3_stmt *stmt, const char *fts, gint64 n, GPtrArray *hits,
           GError **error)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, n);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigilSearchHit *hit = g_new0 (VigilSearchHit, 1);
      hit->article = store_article_from_row (stmt);
      hit->snippet = snippet_html ((const char *) sqlite3_column_text (stmt, ARTICLE_HEADER_N));
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    return store_set_error (error, reader, "Search failed");
  return TRUE;
}

GPtrArray *
vigil_store_search (VigilStore *self, const char *query, guint limit, GError **error)
{
  g_autofree char *fts = vigil_store_fts_query (query);

  if (fts == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_search_hit_free);
  return vigil_store_search_expression (self, fts, limit, error);
}

/* Adds to hits the rows of sql (HIT_SELECT …) read with ?1 bound to fts and
 * ?2 to each of ns in turn; FALSE with error where a read fails. */
static gboolean
search_rows (VigilStore *self, const char *sql, const char *fts, const gint64 *ns, guint n_ns,
             GPtrArray *hits, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *reader = store_read_begin (self);
  gboolean ok;

  stmt = store_prepare (reader, sql, error);
  ok = stmt != NULL;
  for (guint i = 0; ok && i < n_ns; i++)
    ok = read_hits (reader, stmt, fts, ns[i], hits, error);
  store_read_end (self, reader);
  return ok;
}

GPtrArray *
vigil_store_search_expression (VigilStore *self, const char *fts, guint limit, GError **error)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_search_hit_free);
  gint64 n = (int) limit; /* (a limit past G_MAXINT: none) */

  search_rows (self, HIT_SELECT "WHERE articles_fts MATCH ?1 ORDER BY rank LIMIT ?2", fts, &n, 1,
               hits, error);
  return hits;
}

GArray *
vigil_store_search_ids (VigilStore *self, const char *fts, guint limit, GError **error)
{
  StoreReadArgs args = { fts, 0, limit };

  return store_read_ids (self,
                         "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 "
                         "ORDER BY rank LIMIT ?2",
                         store_bind_text_int, &args, "Search failed", error);
}

GPtrArray *
vigil_store_search_hits (VigilStore *self, const char *fts, const gint64 *ids, guint n_ids,
                         GError **error)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_search_hit_free);

  if (!search_rows (self, HIT_SELECT "WHERE articles_fts MATCH ?1 AND articles_fts.rowid = ?2",
                    fts, ids, n_ids, hits, error))
    g_clear_pointer (&hits, g_ptr_array_unref);
  return hits;
}

gint64
vigil_store_count_unindexed (VigilStore *self)
{
  return store_read_int64 (self,
                           "SELECT count(*) FROM articles WHERE id > "
                           "(SELECT coalesce (max (rowid), 0) FROM articles_fts)",
                           0, 0);
}

gint64
vigil_store_index_pending_batch (VigilStore *self, guint max, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = -1;

  g_mutex_lock (&self->write_lock);
  /* (Another process may be writing: waited for, as every write is.) */
  if (store_begin_write (self->writer, &self->write_lock, error))
    {
      stmt = store_prepare (
          self->writer,
          "INSERT INTO articles_fts (rowid, title, body) "
          "  SELECT id, title, vigil_html_text (coalesce (full_content, content, summary))"
          "  FROM articles "
          "  WHERE id > (SELECT coalesce (max (rowid), 0) FROM articles_fts) "
          "  ORDER BY id LIMIT ?",
          error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, max > 0 ? (gint64) max : G_MAXINT64);
          if (sqlite3_step (stmt) == SQLITE_DONE)
            n = sqlite3_changes (self->writer);
          else
            store_set_error (error, self->writer, "Cannot index the new articles");
          g_clear_pointer (&stmt, sqlite3_finalize);
        }
      if (n < 0)
        store_exec (self->writer, "ROLLBACK", NULL);
      else if (!store_commit_write (self->writer, error))
        n = -1; /* (rolled back) */
    }
  g_mutex_unlock (&self->write_lock);
  store_changed (self, n > 0 ? VIGIL_STORE_CHANGE_INDEX : 0, 0);
  return n;
}

GPtrArray *
vigil_store_list_candidates (VigilStore *self, const char *fts_expression, gint64 since,
                             GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  /* Articles not indexed yet are always candidates: the index lags ingest.
   * An article's content is its full article when reader mode found one
   * (the index holds it too): the rules judge that. */
  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (
      reader,
      fts_expression ? "SELECT " ARTICLE_HEADER_COLUMNS
                       ", a.summary, coalesce (a.full_content, a.content), a.annotations"
                       " FROM articles a JOIN sources s ON s.id = a.source_id"
                       " WHERE a.first_seen >= ?1 AND (a.id IN (SELECT rowid FROM articles_fts"
                       " WHERE articles_fts MATCH ?2) OR a.id > (SELECT coalesce (max (rowid), 0)"
                       " FROM articles_fts)) ORDER BY a.sort_time DESC, a.id DESC"
                     : "SELECT " ARTICLE_HEADER_COLUMNS
                       ", a.summary, coalesce (a.full_content, a.content), a.annotations"
                       " FROM articles a JOIN sources s ON s.id = a.source_id"
                       " WHERE a.first_seen >= ?1 ORDER BY a.sort_time DESC, a.id DESC",
      error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      if (fts_expression)
        sqlite3_bind_text (stmt, 2, fts_expression, -1, SQLITE_TRANSIENT);
      store_read_full_articles (reader, stmt, result, error);
    }
  store_read_end (self, reader);
  return result;
}
