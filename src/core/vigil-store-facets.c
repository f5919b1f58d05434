/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-facets.c — facets: what the analysis found in the stored articles, counted per day */
#include "vigil-store-private.h"

void
vigil_facet_count_free (VigilFacetCount *count)
{
  g_free (count->kind);
  g_free (count->value);
  g_free (count->counts);
  g_free (count);
}

static int
compare_facet_counts (gconstpointer a, gconstpointer b, gpointer data)
{
  const VigilFacetCount *x = *(VigilFacetCount **) a;
  const VigilFacetCount *y = *(VigilFacetCount **) b;
  guint last = GPOINTER_TO_UINT (data) - 1;

  if (x->counts[last] != y->counts[last])
    return x->counts[last] > y->counts[last] ? -1 : 1;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return g_utf8_collate (x->value, y->value);
}

GPtrArray *
vigil_store_facet_counts (VigilStore *self, const char *kind, gint64 now, guint n_days, guint limit,
                          GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_facet_count_free);
  gboolean entities = g_strcmp0 (kind, "entity") == 0;

  g_return_val_if_fail (n_days > 0, result);
  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader,
                        entities
                            ? "SELECT kind, value, max (0, (?2 - time) / 86400), count(*)"
                              " FROM facets WHERE kind IN ('person', 'organization', 'location')"
                              " AND time > ?2 - ?3 * 86400 GROUP BY 1, 2, 3"
                            : "SELECT kind, value, max (0, (?2 - time) / 86400), count(*)"
                              " FROM facets WHERE kind = ?1 AND time > ?2 - ?3 * 86400"
                              " GROUP BY 1, 2, 3",
                        error);
  if (stmt)
    {
      if (!entities)
        store_bind_text (stmt, 1, kind);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, n_days);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *row_kind = (const char *) sqlite3_column_text (stmt, 0);
          const char *value = (const char *) sqlite3_column_text (stmt, 1);
          gint64 ago = sqlite3_column_int64 (stmt, 2);
          guint n = (guint) sqlite3_column_int64 (stmt, 3);
          g_autofree char *key = NULL;
          VigilFacetCount *count;

          if (row_kind == NULL || value == NULL || ago >= n_days)
            continue;
          key = g_strconcat (row_kind, "\t", value, NULL);
          count = g_hash_table_lookup (by_key, key);
          if (count == NULL)
            {
              count = g_new0 (VigilFacetCount, 1);
              count->kind = g_strdup (row_kind);
              count->value = g_strdup (value);
              count->counts = g_new0 (guint, n_days);
              g_hash_table_insert (by_key, g_steal_pointer (&key), count);
              g_ptr_array_add (result, count);
            }
          count->counts[n_days - 1 - ago] += n;
          count->total += n;
        }
    }
  store_read_end (self, reader);
  g_ptr_array_sort_with_data (result, compare_facet_counts, GUINT_TO_POINTER (n_days));
  if (limit > 0 && result->len > limit)
    g_ptr_array_set_size (result, limit);
  return result;
}
