/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-engine.c */
#include "config.h"

#include "vigil-alert-engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-html.h"
#include "vigil-webhook.h"

struct _VigilAlertEngine
{
  GObject parent_instance;
  GMutex lock;      /* guards the rules pointer: a snapshot is taken under it */
  GPtrArray *rules; /* VigilAlertRule* (references), replaced, never changed */
  VigilGazetteer *gazetteer;
};

G_DEFINE_FINAL_TYPE (VigilAlertEngine, vigil_alert_engine, G_TYPE_OBJECT)

VigilAlertRule *
vigil_alert_rule_new (const char *name, VigilSeverity severity, const char *query_text,
                      guint *out_position, GError **error)
{
  VigilQuery *query = vigil_query_parse (query_text, out_position, error);
  VigilAlertRule *rule;

  if (query == NULL)
    return NULL;
  rule = g_new0 (VigilAlertRule, 1);
  g_atomic_ref_count_init (&rule->ref);
  rule->name = g_strdup (name);
  rule->query_text = g_strdup (query_text);
  rule->query = query;
  rule->severity = severity;
  rule->enabled = TRUE;
  return rule;
}

VigilAlertRule *
vigil_alert_rule_copy (const VigilAlertRule *rule)
{
  VigilAlertRule *copy
      = vigil_alert_rule_new (rule->name, rule->severity, rule->query_text, NULL, NULL);

  copy->enabled = rule->enabled;
  copy->shipped = rule->shipped;
  copy->shipped_name = g_strdup (rule->shipped_name);
  copy->webhook_url = g_strdup (rule->webhook_url);
  copy->webhook_format = rule->webhook_format;
  copy->sources = g_strdupv (rule->sources);
  copy->folders = g_strdupv (rule->folders);
  copy->throttle_count = rule->throttle_count;
  copy->throttle_minutes = rule->throttle_minutes;
  return copy;
}

VigilAlertRule *
vigil_alert_rule_ref (VigilAlertRule *rule)
{
  g_atomic_ref_count_inc (&rule->ref);
  return rule;
}

void
vigil_alert_rule_unref (VigilAlertRule *rule)
{
  if (rule == NULL || !g_atomic_ref_count_dec (&rule->ref))
    return;
  g_free (rule->name);
  g_free (rule->shipped_name);
  g_free (rule->query_text);
  g_free (rule->webhook_url);
  g_strfreev (rule->sources);
  g_strfreev (rule->folders);
  vigil_query_free (rule->query);
  g_free (rule);
}

gboolean
vigil_alert_rule_in_scope (const VigilAlertRule *rule, const char *source_url, const char *folder)
{
  gboolean scoped = FALSE;

  if (rule->sources != NULL && rule->sources[0] != NULL)
    {
      scoped = TRUE;
      if (source_url != NULL && g_strv_contains ((const char *const *) rule->sources, source_url))
        return TRUE;
    }
  if (rule->folders != NULL && rule->folders[0] != NULL)
    {
      scoped = TRUE;
      if (folder != NULL && g_strv_contains ((const char *const *) rule->folders, folder))
        return TRUE;
    }
  return !scoped;
}

void
vigil_alert_match_free (VigilAlertMatch *match)
{
  if (match == NULL)
    return;
  g_ptr_array_unref (match->terms);
  vigil_alert_rule_unref (match->rule);
  g_clear_pointer (&match->story_articles, g_array_unref);
  g_free (match);
}

const char *
vigil_severity_to_string (VigilSeverity severity)
{
  switch (severity)
    {
    case VIGIL_SEVERITY_CRITICAL:
      return "critical";
    case VIGIL_SEVERITY_HIGH:
      return "high";
    case VIGIL_SEVERITY_INFO:
    default:
      return "info";
    }
}

gboolean
vigil_severity_from_string (const char *text, VigilSeverity *out)
{
  if (g_strcmp0 (text, "critical") == 0)
    *out = VIGIL_SEVERITY_CRITICAL;
  else if (g_strcmp0 (text, "high") == 0)
    *out = VIGIL_SEVERITY_HIGH;
  else if (g_strcmp0 (text, "info") == 0)
    *out = VIGIL_SEVERITY_INFO;
  else
    return FALSE;
  return TRUE;
}

static void
vigil_alert_engine_finalize (GObject *object)
{
  g_mutex_clear (&VIGIL_ALERT_ENGINE (object)->lock);
  g_ptr_array_unref (VIGIL_ALERT_ENGINE (object)->rules);
  g_clear_pointer (&VIGIL_ALERT_ENGINE (object)->gazetteer, vigil_gazetteer_unref);
  G_OBJECT_CLASS (vigil_alert_engine_parent_class)->finalize (object);
}

static void
vigil_alert_engine_class_init (VigilAlertEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_alert_engine_finalize;
}

static void
vigil_alert_engine_init (VigilAlertEngine *self)
{
  g_mutex_init (&self->lock);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_rule_unref);
}

VigilAlertEngine *
vigil_alert_engine_new (void)
{
  return g_object_new (VIGIL_TYPE_ALERT_ENGINE, NULL);
}

/* Adds rules to the set in force, a rule named like one there replacing it. */
static void
merge_rules (VigilAlertEngine *self, GPtrArray *added)
{
  GPtrArray *merged;

  g_mutex_lock (&self->lock);
  merged = g_ptr_array_new_full (self->rules->len + added->len,
                                 (GDestroyNotify) vigil_alert_rule_unref);
  for (guint i = 0; i < self->rules->len; i++)
    g_ptr_array_add (merged, vigil_alert_rule_ref (g_ptr_array_index (self->rules, i)));
  for (guint i = 0; i < added->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (added, i);
      guint k;
      for (k = 0; k < merged->len; k++)
        {
          VigilAlertRule *old = g_ptr_array_index (merged, k);
          /* A shipped rule is itself under its name in any language: the desk's
           * file may have been written in another. */
          if (g_str_equal (old->name, rule->name)
              || (old->shipped_name != NULL
                  && (g_str_equal (old->shipped_name, rule->name)
                      || g_strcmp0 (old->shipped_name, rule->shipped_name) == 0)))
            break;
        }
      if (k < merged->len)
        {
          VigilAlertRule *old = g_ptr_array_index (merged, k);
          /* An edited shipped rule is still one of Vigil's own. */
          rule->shipped |= old->shipped;
          if (rule->shipped_name == NULL)
            rule->shipped_name = g_strdup (old->shipped_name);
          vigil_alert_rule_unref (g_ptr_array_index (merged, k));
          g_ptr_array_index (merged, k) = vigil_alert_rule_ref (rule);
        }
      else
        g_ptr_array_add (merged, vigil_alert_rule_ref (rule));
    }
  g_ptr_array_unref (self->rules);
  self->rules = merged;
  g_mutex_unlock (&self->lock);
}

gboolean
vigil_alert_engine_add_rule (VigilAlertEngine *self, const char *name, VigilSeverity severity,
                             const char *query_text, GError **error)
{
  g_autoptr (VigilAlertRule) rule = vigil_alert_rule_new (name, severity, query_text, NULL, error);
  g_autoptr (GPtrArray) one = g_ptr_array_new ();

  if (rule == NULL)
    return FALSE;
  g_ptr_array_add (one, rule);
  merge_rules (self, one);
  return TRUE;
}

GPtrArray *
vigil_alert_engine_dup_rules (VigilAlertEngine *self)
{
  GPtrArray *copy;

  g_mutex_lock (&self->lock);
  copy = g_ptr_array_new_full (self->rules->len, (GDestroyNotify) vigil_alert_rule_unref);
  for (guint i = 0; i < self->rules->len; i++)
    g_ptr_array_add (copy, vigil_alert_rule_ref (g_ptr_array_index (self->rules, i)));
  g_mutex_unlock (&self->lock);
  return copy;
}

void
vigil_alert_engine_set_rules (VigilAlertEngine *self, GPtrArray *rules)
{
  GPtrArray *fresh = g_ptr_array_new_full (rules->len, (GDestroyNotify) vigil_alert_rule_unref);

  for (guint i = 0; i < rules->len; i++)
    g_ptr_array_add (fresh, vigil_alert_rule_ref (g_ptr_array_index (rules, i)));
  g_mutex_lock (&self->lock);
  g_ptr_array_unref (self->rules);
  self->rules = fresh;
  g_mutex_unlock (&self->lock);
}

static GPtrArray *
snapshot (VigilAlertEngine *self)
{
  GPtrArray *rules;

  g_mutex_lock (&self->lock);
  rules = g_ptr_array_ref (self->rules);
  g_mutex_unlock (&self->lock);
  return rules;
}

/* One optional column: key=value. */
static gboolean
apply_option (VigilAlertRule *rule, const char *field, guint column, GError **error)
{
  const char *eq = strchr (field, '=');
  g_autofree char *key = eq ? g_strndup (field, eq - field) : NULL;
  const char *value = eq ? eq + 1 : NULL;
  VigilWebhookFormat format;

  if (key == NULL)
    {
      /* The older form: a webhook address in column four, its format in five. */
      if (column == 3
          && (g_str_has_prefix (field, "http://") || g_str_has_prefix (field, "https://")))
        {
          g_free (rule->webhook_url);
          rule->webhook_url = g_strdup (field);
          return TRUE;
        }
      if (column == 4 && vigil_webhook_format_from_string (field, &format))
        {
          rule->webhook_format = format;
          return TRUE;
        }
    }
  else if (g_str_equal (key, "enabled"))
    {
      if (g_str_equal (value, "yes") || g_str_equal (value, "no"))
        {
          rule->enabled = g_str_equal (value, "yes");
          return TRUE;
        }
    }
  else if (g_str_equal (key, "throttle"))
    {
      guint count = 0, minutes = 0;
      char tail;
      if (sscanf (value, "%u/%u%c", &count, &minutes, &tail) == 2 && count >= 1 && count <= 1000
          && minutes >= 1 && minutes <= 7 * 24 * 60)
        {
          rule->throttle_count = count;
          rule->throttle_minutes = minutes;
          return TRUE;
        }
    }
  else if (g_str_equal (key, "folders") || g_str_equal (key, "sources"))
    {
      g_auto (GStrv) parts = g_strsplit (value, "|", -1);
      GPtrArray *kept = g_ptr_array_new ();
      for (guint i = 0; parts[i]; i++)
        if (*g_strstrip (parts[i]))
          g_ptr_array_add (kept, g_strdup (parts[i]));
      g_ptr_array_add (kept, NULL);
      if (g_str_equal (key, "folders"))
        g_strfreev (rule->folders), rule->folders = (char **) g_ptr_array_free (kept, FALSE);
      else
        g_strfreev (rule->sources), rule->sources = (char **) g_ptr_array_free (kept, FALSE);
      return TRUE;
    }
  else if (g_str_equal (key, "webhook"))
    {
      if (*value == '\0' || g_str_has_prefix (value, "http://")
          || g_str_has_prefix (value, "https://"))
        {
          g_free (rule->webhook_url);
          rule->webhook_url = *value ? g_strdup (value) : NULL;
          return TRUE;
        }
    }
  else if (g_str_equal (key, "format"))
    {
      if (vigil_webhook_format_from_string (value, &format))
        {
          rule->webhook_format = format;
          return TRUE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _ ("“%s” is not an option (enabled=yes|no, throttle=N/M, folders=A|B, "
                  "sources=URL|URL, webhook=URL, format=json|slack|matrix); the rule was read "
                  "without it"),
               field);
  return FALSE;
}

void
vigil_rules_problem_free (VigilRulesProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

static void G_GNUC_PRINTF (4, 5)
    add_problem (GPtrArray *problems, guint line, gboolean skipped, const char *format, ...)
{
  VigilRulesProblem *problem;
  va_list args;

  if (problems == NULL)
    return;
  problem = g_new0 (VigilRulesProblem, 1);
  problem->line = line;
  problem->skipped = skipped;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

/* A name in double quotes ("#1 Hostage watch", "A\tB"): the text between them
 * with its escapes undone; NULL when field is not one (an older file's name,
 * taken as it is). */
static char *
unquote_name (const char *field)
{
  gsize len = strlen (field);
  GString *out;

  if (len < 2 || field[0] != '"' || field[len - 1] != '"')
    return NULL;
  out = g_string_sized_new (len);
  for (gsize i = 1; i < len - 1; i++)
    {
      if (field[i] != '\\')
        {
          g_string_append_c (out, field[i]);
          continue;
        }
      if (i + 1 == len - 1)
        {
          /* the closing quote is escaped: not a quoted name */
          g_string_free (out, TRUE);
          return NULL;
        }
      switch (field[++i])
        {
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case '\\':
        case '"':
          g_string_append_c (out, field[i]);
          break;
        default: /* not an escape: kept as written */
          g_string_append_c (out, '\\');
          g_string_append_c (out, field[i]);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

/* One line of a rules file: the rule, or NULL (the reason added to problems). */
static VigilAlertRule *
parse_rule_line (char *line, guint number, gboolean shipped, GPtrArray *problems)
{
  g_auto (GStrv) fields = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (VigilAlertRule) rule = NULL;
  VigilSeverity severity;
  guint n;

  fields = g_strsplit (line, "\t", -1);
  n = g_strv_length (fields);
  name = unquote_name (g_strstrip (fields[0]));
  if (name == NULL)
    name = g_strdup (fields[0]);
  if (n < 3)
    {
      add_problem (problems, number, TRUE,
                   _ ("expected a name, a severity (info, high or critical) and a query, "
                      "separated by tabs"));
      return NULL;
    }
  if (*name == '\0')
    {
      add_problem (problems, number, TRUE, _ ("the rule has no name"));
      return NULL;
    }
  if (!vigil_severity_from_string (g_strstrip (fields[1]), &severity))
    {
      add_problem (problems, number, TRUE,
                   _ ("rule “%s”: “%s” is not a severity (expected info, high or critical)"), name,
                   fields[1]);
      return NULL;
    }
  /* spaces around a query mean nothing; kept, they would not read back the same
   * once the query is the last column */
  rule = vigil_alert_rule_new (name, severity, g_strstrip (fields[2]), NULL, &local_error);
  if (rule == NULL)
    {
      add_problem (problems, number, TRUE, _ ("rule “%s”: %s"), name, local_error->message);
      return NULL;
    }
  rule->shipped = shipped;
  for (guint c = 3; c < n; c++)
    if (*g_strstrip (fields[c]) && !apply_option (rule, fields[c], c, &local_error))
      {
        add_problem (problems, number, FALSE, _ ("rule “%s”: %s"), name, local_error->message);
        g_clear_error (&local_error);
      }
  return g_steal_pointer (&rule);
}

/* Reads line by line over the bytes: a NUL or text that is not UTF-8 spoils
 * its own line only. */
static GPtrArray *
parse_rules (const char *data, gsize length, gboolean shipped, GPtrArray *problems)
{
  g_autoptr (GPtrArray) rules
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_rule_unref);
  g_autoptr (GHashTable) lines_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  const char *p = data, *end = data + length;
  guint number = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3; /* a byte order mark, as some editors write */
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      g_autofree char *line = NULL;
      VigilAlertRule *rule;
      gpointer earlier = NULL;

      number++;
      if (memchr (p, '\0', stop - p) != NULL || !g_utf8_validate_len (p, stop - p, NULL))
        {
          add_problem (problems, number, TRUE,
                       _ ("the line is not UTF-8 text (or holds a NUL byte)"));
          p = nl ? nl + 1 : end;
          continue;
        }
      line = g_strndup (p, stop - p);
      p = nl ? nl + 1 : end;
      g_strchomp (line);
      if (line[0] == '#' || line[strspn (line, " \t\r\f\v")] == '\0')
        continue;
      rule = parse_rule_line (line, number, shipped, problems);
      if (rule == NULL)
        continue;
      /* Two lines, one name: the later replaces the earlier, as a rule named
       * like a shipped one does; said, since the earlier is then lost. */
      if (g_hash_table_lookup_extended (lines_by_name, rule->name, NULL, &earlier))
        add_problem (problems, number, FALSE,
                     _ ("rule “%s”: a rule of the same name on line %u is replaced by this one"),
                     rule->name, GPOINTER_TO_UINT (earlier));
      /* the key becomes this rule's name before the earlier rule (and its name) goes */
      g_hash_table_replace (lines_by_name, rule->name, GUINT_TO_POINTER (number));
      for (guint i = 0; earlier && i < rules->len; i++)
        if (g_str_equal (((VigilAlertRule *) g_ptr_array_index (rules, i))->name, rule->name))
          {
            g_ptr_array_remove_index (rules, i);
            break;
          }
      g_ptr_array_add (rules, rule);
    }
  return g_steal_pointer (&rules);
}

guint
vigil_alert_engine_load_rules_checked (VigilAlertEngine *self, const char *data, gsize length,
                                       GPtrArray *problems)
{
  g_autoptr (GPtrArray) rules = parse_rules (data, length, FALSE, problems);

  merge_rules (self, rules);
  return rules->len;
}

gboolean
vigil_alert_engine_load_rules (VigilAlertEngine *self, const char *data, gsize length,
                               GError **error)
{
  g_autoptr (GPtrArray) problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  const VigilRulesProblem *first;

  vigil_alert_engine_load_rules_checked (self, data, length, problems);
  if (problems->len == 0)
    return TRUE;
  first = g_ptr_array_index (problems, 0);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("Rules line %u: %s%s"), first->line,
               first->message, problems->len > 1 ? _ (" (and more problems on other lines)") : "");
  return FALSE;
}

/* Tabs and line breaks would split the line: a query never holds them (they
 * are spaces to it). */
static void
append_field (GString *out, const char *text)
{
  g_string_append_c (out, '\t');
  for (const char *p = text; *p; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

/* A name is written as it is unless reading it back would change it. */
static void
append_name (GString *out, const char *name)
{
  gsize len = strlen (name);

  if (len > 0 && name[0] != '#' && name[0] != '"' && strpbrk (name, "\t\n\r\\") == NULL
      && !g_ascii_isspace (name[0]) && !g_ascii_isspace (name[len - 1]))
    {
      g_string_append (out, name);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = name; *p; p++)
    switch (*p)
      {
      case '\t':
        g_string_append (out, "\\t");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\\':
      case '"':
        g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
        break;
      default:
        g_string_append_c (out, *p);
      }
  g_string_append_c (out, '"');
}

char *
vigil_alert_rules_to_text (GPtrArray *rules)
{
  GString *out = g_string_new ("# Vigil alert rules: name, severity, query, then options "
                               "(enabled=, throttle=N/M, folders=A|B, sources=URL|URL, "
                               "webhook=, format=), separated by tabs.\n");

  for (guint i = 0; i < rules->len; i++)
    {
      const VigilAlertRule *rule = g_ptr_array_index (rules, i);
      append_name (out, rule->name);
      append_field (out, vigil_severity_to_string (rule->severity));
      {
        g_autofree char *query = g_strstrip (g_strdup (rule->query_text));
        append_field (out, query);
      }
      if (!rule->enabled)
        append_field (out, "enabled=no");
      if (rule->throttle_count > 0)
        {
          g_autofree char *t
              = g_strdup_printf ("throttle=%u/%u", rule->throttle_count, rule->throttle_minutes);
          append_field (out, t);
        }
      if (rule->folders && rule->folders[0])
        {
          g_autofree char *j = g_strjoinv ("|", rule->folders);
          g_autofree char *f = g_strconcat ("folders=", j, NULL);
          append_field (out, f);
        }
      if (rule->sources && rule->sources[0])
        {
          g_autofree char *j = g_strjoinv ("|", rule->sources);
          g_autofree char *f = g_strconcat ("sources=", j, NULL);
          append_field (out, f);
        }
      if (rule->webhook_url)
        {
          g_autofree char *w = g_strconcat ("webhook=", rule->webhook_url, NULL);
          g_autofree char *f = g_strconcat (
              "format=", vigil_webhook_format_to_string (rule->webhook_format), NULL);
          append_field (out, w);
          append_field (out, f);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* The names of the rules in data/alerts/default-rules.tsv, for translators
 * (check-i18n keeps the two lists alike). A shipped rule takes its name in
 * the desk's language when it is first loaded; the desk's own rules file then
 * keeps it, renamed or not. */
static const char *const shipped_rule_names[] = {
  /* TRANSLATORS: the name of an alert rule Vigil ships (the desk may rename it) */
  N_ ("Drawdown or evacuation"),
  /* TRANSLATORS: the name of an alert rule Vigil ships: rockets, mortars, drones */
  N_ ("Indirect fire"),
  /* TRANSLATORS: the name of an alert rule Vigil ships */
  N_ ("Roadside and car bombs"),
  /* TRANSLATORS: the name of an alert rule Vigil ships */
  N_ ("Kidnapping"),
  /* TRANSLATORS: the name of an alert rule Vigil ships */
  N_ ("Curfew and unrest"),
};

gboolean
vigil_alert_engine_load_default_rules (VigilAlertEngine *self, GError **error)
{
  g_autoptr (GBytes) bytes
      = g_resources_lookup_data (RESOURCE_BASE "alerts/default-rules.tsv", 0, error);

  if (bytes == NULL)
    return FALSE;
  g_autoptr (GPtrArray) problems
      = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_rules_problem_free);
  g_autoptr (GPtrArray) rules
      = parse_rules (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), TRUE, problems);

  if (problems->len > 0)
    {
      /* Vigil's own file: a mistake there is a bug, not the desk's. */
      const VigilRulesProblem *first = g_ptr_array_index (problems, 0);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("Shipped rules line %u: %s"),
                   first->line, first->message);
      return FALSE;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (rules, i);
      for (gsize k = 0; k < G_N_ELEMENTS (shipped_rule_names); k++)
        if (g_strcmp0 (rule->name, shipped_rule_names[k]) == 0)
          {
            char *translated = g_strdup (_ (shipped_rule_names[k]));
            rule->shipped_name = rule->name;
            rule->name = translated;
            break;
          }
    }
  merge_rules (self, rules);
  return TRUE;
}

void
vigil_alert_engine_set_gazetteer (VigilAlertEngine *self, VigilGazetteer *gazetteer)
{
  g_clear_pointer (&self->gazetteer, vigil_gazetteer_unref);
  self->gazetteer = gazetteer ? vigil_gazetteer_ref (gazetteer) : NULL;
}

guint
vigil_alert_engine_get_n_rules (VigilAlertEngine *self)
{
  g_autoptr (GPtrArray) rules = snapshot (self);

  return rules->len;
}

static int
compare_matches (gconstpointer a, gconstpointer b)
{
  const VigilAlertMatch *ma = *(VigilAlertMatch *const *) a;
  const VigilAlertMatch *mb = *(VigilAlertMatch *const *) b;
  return (int) mb->rule->severity - (int) ma->rule->severity;
}

GPtrArray *
vigil_alert_engine_evaluate (VigilAlertEngine *self, VigilArticle *article, const char *body_text,
                             VigilAnalysis *analysis)
{
  return vigil_alert_engine_evaluate_for_source (self, article, body_text, analysis, NULL);
}

GPtrArray *
vigil_alert_engine_evaluate_for_source (VigilAlertEngine *self, VigilArticle *article,
                                        const char *body_text, VigilAnalysis *analysis,
                                        VigilSource *source)
{
  g_autoptr (GPtrArray) rules = snapshot (self);
  g_autofree char *text = vigil_article_dup_match_text (article, body_text ? body_text : "");
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  g_autoptr (VigilTokens) title = vigil_tokenize (article->title ? article->title : "");
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_match_free);
  VigilQueryContext ctx = { tokens,   title,          article->source_title, article->language,
                            analysis, article->score, article->level };

  for (guint i = 0; i < rules->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (rules, i);
      g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);

      if (!rule->enabled
          || !vigil_alert_rule_in_scope (rule, source ? source->url : NULL,
                                         source ? source->folder : NULL)
          || !vigil_query_match_context (rule->query, &ctx, terms, NULL))
        continue;
      {
        VigilAlertMatch *m = g_new0 (VigilAlertMatch, 1);
        m->rule = vigil_alert_rule_ref (rule);
        m->terms = g_steal_pointer (&terms);
        g_ptr_array_add (matches, m);
      }
    }
  g_ptr_array_sort (matches, compare_matches);
  return matches;
}

gboolean
vigil_alert_query_matches_stored (VigilQuery *query, VigilGazetteer *gazetteer, VigilArticle *a,
                                  gboolean with_analysis)
{
  return vigil_alert_query_match_stored_terms (query, gazetteer, a, with_analysis, NULL);
}

gboolean
vigil_alert_query_match_stored_terms (VigilQuery *query, VigilGazetteer *gazetteer, VigilArticle *a,
                                      gboolean with_analysis, GPtrArray *out_terms)
{
  /* What the live rules read: the full article when reader mode fetched it
   * (stored sanitised: the quick way to text). */
  const char *html = a->full_content && *a->full_content ? a->full_content
                     : a->content && *a->content         ? a->content
                                                         : a->summary;
  g_autofree char *body = vigil_html_sanitized_to_text (html ? html : "");
  g_autofree char *text = vigil_article_dup_match_text (a, body);
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  g_autoptr (VigilTokens) title = vigil_tokenize (a->title ? a->title : "");
  g_autoptr (VigilAnalysis) analysis
      = with_analysis ? vigil_analysis_from_json (a->annotations) : NULL;
  VigilQueryContext ctx
      = { tokens, title, a->source_title, a->language, analysis, a->score, a->level, gazetteer };

  return vigil_query_match_context (query, &ctx, out_terms, NULL);
}

GPtrArray *
vigil_alert_dry_run (VigilStore *store, VigilGazetteer *gazetteer, const char *query_text,
                     guint days, guint *out_position, VigilDryRunStats *stats, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (VigilQuery) query = vigil_query_parse (query_text, out_position, error);
  g_autofree char *narrow = NULL;
  g_autoptr (GPtrArray) candidates = NULL;
  GPtrArray *matches;
  gboolean with_analysis;

  if (query == NULL)
    return NULL;
  narrow = vigil_query_fts_prefilter (query);
  with_analysis = vigil_query_needs_analysis (query);
  candidates = vigil_store_list_candidates (
      store, narrow, g_get_real_time () / G_USEC_PER_SEC - (gint64) days * 86400, error);
  if (candidates == NULL)
    return NULL;
  matches = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < candidates->len; i++)
    {
      VigilArticle *a = g_ptr_array_index (candidates, i);

      if (vigil_alert_query_matches_stored (query, gazetteer, a, with_analysis))
        g_ptr_array_add (matches, g_object_ref (a));
    }
  if (stats)
    {
      stats->stored = candidates->len;
      stats->matched = matches->len;
      stats->seconds = (g_get_monotonic_time () - start) / 1e6;
    }
  return matches;
}
