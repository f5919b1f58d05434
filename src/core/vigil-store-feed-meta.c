/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-feed-meta.c — what a feed says beside its items' text: every
 * author of an item (a JSON list), and the image a feed shows for itself. */
#include "vigil-store-private.h"

#include <json-glib/json-glib.h>

static void
add_person (JsonBuilder *b, gconstpointer record)
{
  static const char *const members[] = { "name", "email", "uri" };
  const VigilPerson *p = record;
  const char *values[] = { p->name, p->email, p->uri };

  json_builder_begin_object (b);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    if (values[m] != NULL)
      {
        json_builder_set_member_name (b, members[m]);
        json_builder_add_string_value (b, values[m]);
      }
  json_builder_end_object (b);
}

/* An item's authors as stored: a JSON array of {name, email, uri} (members
 * left out when NULL), or NULL for none. */
char *
store_people_to_json (GPtrArray *people)
{
  return store_records_to_json (people, add_person);
}

static char *
member_text (JsonObject *o, const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gpointer
read_person (JsonObject *o)
{
  VigilPerson *p = g_new0 (VigilPerson, 1);

  p->name = member_text (o, "name");
  p->email = member_text (o, "email");
  p->uri = member_text (o, "uri");
  if (p->name == NULL && p->email == NULL && p->uri == NULL)
    g_clear_pointer (&p, vigil_person_free);
  return p;
}

void
store_people_from_json (GPtrArray *out, const char *json)
{
  store_records_from_json (out, json, VIGIL_ARTICLE_MAX_PEOPLE, read_person);
}

gboolean
vigil_store_set_source_image (VigilStore *self, gint64 source_id, const char *url,
                              const char *title, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  if (url == NULL || *url == '\0')
    url = title = NULL; /* a title alone names nothing */
  g_mutex_lock (&self->write_lock);
  /* Written only when it changed: most fetches bring the same image, and an
   * UPDATE that matches no row writes nothing to the log. */
  stmt = store_prepare (self->writer,
                        "UPDATE sources SET image_url = ?1, image_title = ?2"
                        " WHERE id = ?3 AND (image_url IS NOT ?1 OR image_title IS NOT ?2)",
                        error);
  if (stmt)
    {
      if (url != NULL)
        sqlite3_bind_text (stmt, 1, url, -1, SQLITE_STATIC);
      if (title != NULL && *title != '\0')
        sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, source_id);
      ok = store_step_retry (self->writer, stmt) == SQLITE_DONE;
      if (!ok)
        store_set_error (error, self->writer, "Cannot update the source");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

gboolean
vigil_store_get_source_image (VigilStore *self, gint64 source_id, char **out_url, char **out_title)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean found = FALSE;
  sqlite3 *reader;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  if (out_url)
    *out_url = NULL;
  if (out_title)
    *out_title = NULL;
  reader = store_read_begin (self);
  stmt = store_prepare (reader, "SELECT image_url, image_title FROM sources WHERE id = ?", NULL);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, source_id);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          found = TRUE;
          if (out_url)
            *out_url = store_col_text (stmt, 0);
          if (out_title)
            *out_title = store_col_text (stmt, 1);
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  store_read_end (self, reader);
  return found;
}
