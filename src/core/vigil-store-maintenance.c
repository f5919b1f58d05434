/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-store-maintenance.c — retention, integrity, marks of sources being read */
#include "vigil-store-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

gint64
vigil_store_prune (VigilStore *self, guint days, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 deleted = -1;

  g_mutex_lock (&self->write_lock);
  stmt
      = store_prepare (self->writer,
                       "DELETE FROM articles WHERE first_seen < ? AND starred = 0 "
                       /* a quiet alert (see vigil_store_record_quiet_alerts) keeps nothing */
                       "AND NOT EXISTS (SELECT 1 FROM alerts WHERE alerts.article_id = articles.id "
                       "AND alerts.state != 'quiet')",
                       error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC - (gint64) days * 86400);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        deleted = sqlite3_changes (self->writer);
      else
        store_set_error (error, self->writer, "Cannot delete old articles");
    }
  g_mutex_unlock (&self->write_lock);
  store_changed (self, deleted > 0 ? VIGIL_STORE_CHANGE_ARTICLES | VIGIL_STORE_CHANGE_STORIES : 0,
                 0);
  return deleted;
}

gboolean
vigil_store_check_integrity (VigilStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  sqlite3 *reader = store_read_begin (self);
  stmt = store_prepare (reader, "PRAGMA quick_check", error);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);
      ok = g_strcmp0 (result, "ok") == 0;
      if (!ok)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                     "The article database is damaged: %s", result ? result : "unknown");
    }
  store_read_end (self, reader);
  return ok;
}

/* Readers are told apart by a random token, not a process id: in a Flatpak
 * every start of Vigil may get the same pid, and pids are reused. The token's
 * owner holds a lock on a file named after it beside the database while it
 * runs; a token whose file is missing or not locked belongs to a reader that
 * has ended. */
static char *
reader_file (VigilStore *self, gint64 token)
{
  g_autofree char *dir = g_strconcat (self->path, "-readers", NULL);
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, token);
  return g_build_filename (dir, name, NULL);
}

/* With the write lock held. */
static gint64
own_reader_token (VigilStore *self)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 token;
  int fd;

  if (self->reader_token != 0)
    return self->reader_token;
  token = ((((gint64) g_random_int ()) << 31) ^ (gint64) g_random_int ()) & G_MAXINT64;
  token = MAX (token, 1);
  dir = g_strconcat (self->path, "-readers", NULL);
  path = reader_file (self, token);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || (fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    return 0;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return 0;
    }
  self->reader_fd = fd;
  self->reader_token = token;
  return token;
}

gboolean
vigil_store_set_source_reader (VigilStore *self, gint64 source_id, VigilSourceRead reading,
                               GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  gint64 token;

  g_mutex_lock (&self->write_lock);
  token = reading == VIGIL_SOURCE_READ_NONE ? 0 : own_reader_token (self);
  stmt = store_prepare (self->writer, "UPDATE sources SET reader = ? WHERE id = ?", error);
  if (stmt)
    {
      /* Negative: read alone, nothing else was being read beside it. */
      sqlite3_bind_int64 (stmt, 1, reading == VIGIL_SOURCE_READ_ALONE ? -token : token);
      sqlite3_bind_int64 (stmt, 2, source_id);
      ok = store_step_retry (self->writer, stmt) == SQLITE_DONE;
      if (!ok)
        store_set_error (error, self->writer, "Cannot update the source");
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

void
vigil_store_release_own_readers (VigilStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_mutex_lock (&self->write_lock);
  if (self->reader_token != 0)
    stmt = store_prepare (self->writer, "UPDATE sources SET reader = 0 WHERE abs (reader) = ?",
                          NULL);
  if (stmt)
    {
      g_autofree char *path = reader_file (self, self->reader_token);
      sqlite3_bind_int64 (stmt, 1, self->reader_token);
      store_step_retry (self->writer, stmt);
      /* The token ends with its marks; a later read takes a new one. */
      g_unlink (path);
      close (self->reader_fd);
      self->reader_fd = -1;
      self->reader_token = 0;
    }
  g_mutex_unlock (&self->write_lock);
}

/* A reader that is not this store's and whose lock is gone never finished its
 * read. A dead reader's file is removed. */
static gboolean
reader_gone (VigilStore *self, gint64 token)
{
  g_autofree char *path = NULL;
  gboolean gone;
  int fd;

  token = ABS (token);
  if (token == 0 || token == self->reader_token)
    return FALSE;
  path = reader_file (self, token);
  fd = open (path, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT;
  gone = flock (fd, LOCK_EX | LOCK_NB) == 0;
  if (gone)
    g_unlink (path);
  close (fd);
  return gone;
}

GArray *
vigil_store_release_dead_readers (VigilStore *self, GError **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  /* Looked for without the write lock: nearly always there is nothing. */
  sqlite3 *reader = store_read_begin (self);
  select = store_prepare (reader, "SELECT id, reader FROM sources WHERE reader != 0", error);
  while (select && sqlite3_step (select) == SQLITE_ROW)
    if (reader_gone (self, sqlite3_column_int64 (select, 1)))
      {
        gint64 id = sqlite3_column_int64 (select, 0);
        g_array_append_val (ids, id);
      }
  g_clear_pointer (&select, sqlite3_finalize);
  store_read_end (self, reader);
  {
    /* The files of readers that ended (killed while reading nothing) too. */
    g_autofree char *path = g_strconcat (self->path, "-readers", NULL);
    g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        gint64 token = g_ascii_strtoll (name, NULL, 10);
        if (token > 0)
          reader_gone (self, token);
      }
  }
  if (ids->len == 0)
    return g_steal_pointer (&ids);

  if (!store_lock_and_begin (self, error))
    return NULL;
  update
      = store_prepare (self->writer,
                       "UPDATE sources SET interrupted = CASE WHEN reader < 0 THEN ?2"
                       " ELSE max (interrupted, 1) END, reader = 0 WHERE id = ?1 AND reader != 0",
                       error);
  ok = update != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    {
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_int (update, 2, VIGIL_SOURCE_QUARANTINED);
      if (sqlite3_step (update) != SQLITE_DONE)
        ok = store_set_error (error, self->writer, "Cannot update the source");
    }
  g_clear_pointer (&update, sqlite3_finalize);
  if (ok)
    ok = store_commit_write (self->writer, error);
  else
    store_exec (self->writer, "ROLLBACK", NULL);
  g_mutex_unlock (&self->write_lock);
  store_changed (self, ok ? VIGIL_STORE_CHANGE_SOURCES : 0, 0);
  return ok ? g_steal_pointer (&ids) : NULL;
}
