/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-rules-file.c — the desk's alert rules file: read at start, saved from the editor */
#include "config.h"

#include "vigil-rules-file.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* A rules file is a few kilobytes; a bigger one is not read into memory. */
#define RULES_FILE_MAX (8u << 20)

char *
vigil_rules_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "vigil", "rules.tsv", NULL);
}

/* rules-2.tsv, rules-3.tsv…: the first name free beside the rules file. */
static char *
free_name_beside (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  for (guint n = 2;; n++)
    {
      g_autofree char *name = g_strdup_printf ("rules-%u.tsv", n);
      char *candidate = g_build_filename (dir, name, NULL);
      if (!g_file_test (candidate, G_FILE_TEST_EXISTS) || n == G_MAXUINT)
        return candidate;
      g_free (candidate);
    }
}

/* The first line of the rules Vigil saves beside a rules file it could not
 * read whole: how it knows the file for its own at the next start. */
#define SAVED_BESIDE_MARK "# Saved by Vigil beside rules.tsv, which has lines it could not read"

/* The newest rules-N.tsv that Vigil saved beside path and that is not older
 * than path: the rules in use when they were last changed. NULL if none (or
 * the desk has edited path since). */
static char *
find_saved_beside (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *best = NULL;
  GStatBuf original, st;
  gint64 best_time = 0;
  const char *name;

  if (listing == NULL || g_stat (path, &original) != 0)
    return NULL;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *candidate = NULL;
      g_autofree char *contents = NULL;
      gsize digits = g_str_has_prefix (name, "rules-") ? strspn (name + 6, "0123456789") : 0;

      if (digits == 0 || !g_str_equal (name + 6 + digits, ".tsv"))
        continue;
      candidate = g_build_filename (dir, name, NULL);
      if (g_stat (candidate, &st) != 0 || st.st_size > RULES_FILE_MAX
          || st.st_mtime < original.st_mtime || (best && st.st_mtime < best_time)
          || !g_file_get_contents (candidate, &contents, NULL, NULL)
          || !g_str_has_prefix (contents, SAVED_BESIDE_MARK "\n"))
        continue;
      g_free (best);
      best = g_steal_pointer (&candidate);
      best_time = st.st_mtime;
    }
  return g_steal_pointer (&best);
}

/* The rules saved beside the file, when they read back whole: they replace
 * the engine's. */
static gboolean
use_saved_beside (VigilAlertEngine *engine, const char *saved)
{
  g_autoptr (VigilAlertEngine) scratch = vigil_alert_engine_new ();
  g_autoptr (GPtrArray) problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  g_autoptr (GPtrArray) rules = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (saved, &contents, &len, NULL)
      || !vigil_alert_engine_load_default_rules (scratch, NULL))
    return FALSE;
  vigil_alert_engine_load_rules_checked (scratch, contents, len, problems);
  if (problems->len > 0)
    return FALSE;
  rules = vigil_alert_engine_dup_rules (scratch);
  vigil_alert_engine_set_rules (engine, rules);
  return TRUE;
}

/* The desk's own rules, after the shipped ones. What cannot be read is
 * skipped, named on stderr and kept for the Alert Rules window; the rest
 * loads. A file that did not load whole is never saved over: changes go to a
 * file beside it, which is used from then on until the desk edits the file. */
VigilRulesFile *
vigil_rules_file_load (VigilAlertEngine *engine)
{
  VigilRulesFile *self = g_new0 (VigilRulesFile, 1);
  g_autofree char *path = vigil_rules_file_path ();
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;
  gsize len = 0;

  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  if (g_stat (path, &st) == 0 && st.st_size > RULES_FILE_MAX)
    {
      VigilRulesProblem *problem = g_new0 (VigilRulesProblem, 1);
      problem->skipped = TRUE;
      problem->message = g_strdup_printf (_ ("the file is larger than %u MiB; it was not read"),
                                          RULES_FILE_MAX >> 20);
      g_ptr_array_add (self->problems, problem);
    }
  else if (g_file_get_contents (path, &contents, &len, &error))
    vigil_alert_engine_load_rules_checked (engine, contents, len, self->problems);
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      VigilRulesProblem *problem = g_new0 (VigilRulesProblem, 1);
      problem->skipped = TRUE;
      problem->message = g_strdup (error->message);
      g_ptr_array_add (self->problems, problem);
    }
  for (guint i = 0; i < self->problems->len; i++)
    {
      const VigilRulesProblem *p = g_ptr_array_index (self->problems, i);
      if (p->line == 0)
        g_message ("%s: %s", path, p->message);
      else
        g_message ("%s line %u%s: %s", path, p->line, p->skipped ? " skipped" : "", p->message);
    }
  if (self->problems->len == 0)
    {
      self->save_path = g_steal_pointer (&path);
      return self;
    }
  self->save_path = find_saved_beside (path);
  if (self->save_path != NULL && use_saved_beside (engine, self->save_path))
    g_message ("%s is left as it is; the rules in use are those saved in %s", path,
               self->save_path);
  else
    {
      g_free (self->save_path);
      self->save_path = free_name_beside (path);
      g_message ("%s is left as it is; changes to the rules are saved to %s", path,
                 self->save_path);
    }
  return self;
}

void
vigil_rules_file_free (VigilRulesFile *file)
{
  g_ptr_array_unref (file->problems);
  g_free (file->save_path);
  g_free (file);
}

gboolean
vigil_rules_file_save (VigilRulesFile *self, VigilAlertEngine *engine, GPtrArray *rules,
                       GError **error)
{
  const char *path = self->save_path;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *rules_text = vigil_alert_rules_to_text (rules);
  g_autofree char *main_path = vigil_rules_file_path ();
  /* Beside a file that did not load whole: marked as Vigil's own. */
  g_autofree char *text = g_str_equal (path, main_path)
                              ? g_steal_pointer (&rules_text)
                              : g_strconcat (SAVED_BESIDE_MARK "\n", rules_text, NULL);

  /* Written whole and renamed into place: a crash leaves the old file. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  vigil_alert_engine_set_rules (engine, rules);
  return TRUE;
}
