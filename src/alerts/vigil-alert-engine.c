/* vigil-alert-engine.c */
#include "config.h"

#include "vigil-alert-engine.h"

#include "vigil-html.h"
#include "vigil-webhook.h"

struct _VigilAlertEngine
{
  GObject parent_instance;
  GPtrArray *rules; /* VigilAlertRule* */
  VigilGazetteer *gazetteer;
};

G_DEFINE_FINAL_TYPE (VigilAlertEngine, vigil_alert_engine, G_TYPE_OBJECT)

static void
rule_free (VigilAlertRule *rule)
{
  g_free (rule->name);
  g_free (rule->query_text);
  g_free (rule->webhook_url);
  vigil_query_free (rule->query);
  g_free (rule);
}

void
vigil_alert_match_free (VigilAlertMatch *match)
{
  if (match == NULL)
    return;
  g_ptr_array_unref (match->terms);
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
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
}

VigilAlertEngine *
vigil_alert_engine_new (void)
{
  return g_object_new (VIGIL_TYPE_ALERT_ENGINE, NULL);
}

gboolean
vigil_alert_engine_add_rule (VigilAlertEngine *self, const char *name, VigilSeverity severity,
                             const char *query_text, GError **error)
{
  VigilQuery *query = vigil_query_parse (query_text, NULL, error);
  VigilAlertRule *rule;

  if (query == NULL)
    return FALSE;
  rule = g_new0 (VigilAlertRule, 1);
  rule->name = g_strdup (name);
  rule->query_text = g_strdup (query_text);
  rule->query = query;
  rule->severity = severity;
  rule->enabled = TRUE;
  g_ptr_array_add (self->rules, rule);
  return TRUE;
}

gboolean
vigil_alert_engine_load_rules (VigilAlertEngine *self, const char *data, gsize length,
                               GError **error)
{
  g_autofree char *copy = g_strndup (data, length);
  g_auto (GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) fields = NULL;
      VigilSeverity severity;
      VigilWebhookFormat format = VIGIL_WEBHOOK_JSON;
      g_autoptr (GError) local_error = NULL;
      guint n;

      g_strstrip (lines[i]);
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 5);
      n = g_strv_length (fields);
      if (n < 3 || !vigil_severity_from_string (fields[1], &severity)
          || (n > 4 && !vigil_webhook_format_from_string (g_strstrip (fields[4]), &format)))
        {
          g_set_error (
              error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
              "Rule line %u: expected name, severity (info, high, critical), query and "
              "optionally a webhook address and format (json, slack, matrix), separated by tabs",
              i + 1);
          return FALSE;
        }
      if (!vigil_alert_engine_add_rule (self, fields[0], severity, fields[2], &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Rule “%s”: %s", fields[0],
                       local_error->message);
          return FALSE;
        }
      if (n > 3 && *g_strstrip (fields[3]))
        {
          VigilAlertRule *rule = g_ptr_array_index (self->rules, self->rules->len - 1);
          rule->webhook_url = g_strdup (fields[3]);
          rule->webhook_format = format;
        }
    }
  return TRUE;
}

gboolean
vigil_alert_engine_load_default_rules (VigilAlertEngine *self, GError **error)
{
  g_autoptr (GBytes) bytes
      = g_resources_lookup_data (RESOURCE_BASE "alerts/default-rules.tsv", 0, error);

  if (bytes == NULL)
    return FALSE;
  return vigil_alert_engine_load_rules (self, g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes), error);
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
  return self->rules->len;
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
  g_autofree char *text
      = g_strconcat (article->title ? article->title : "", "\n", body_text ? body_text : "", NULL);
  g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
  g_autoptr (VigilTokens) title = vigil_tokenize (article->title ? article->title : "");
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_match_free);
  VigilQueryContext ctx = { tokens,   title,          article->source_title, article->language,
                            analysis, article->score, article->level };

  for (guint i = 0; i < self->rules->len; i++)
    {
      VigilAlertRule *rule = g_ptr_array_index (self->rules, i);
      g_autoptr (GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);

      if (!rule->enabled || !vigil_query_match_context (rule->query, &ctx, terms, NULL))
        continue;
      {
        VigilAlertMatch *m = g_new0 (VigilAlertMatch, 1);
        m->rule = rule;
        m->terms = g_steal_pointer (&terms);
        g_ptr_array_add (matches, m);
      }
    }
  g_ptr_array_sort (matches, compare_matches);
  return matches;
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
      const char *html = a->content && *a->content ? a->content : a->summary;
      g_autofree char *body = vigil_html_sanitized_to_text (html ? html : "");
      g_autofree char *text = g_strconcat (a->title ? a->title : "", "\n", body, NULL);
      g_autoptr (VigilTokens) tokens = vigil_tokenize (text);
      g_autoptr (VigilTokens) title = vigil_tokenize (a->title ? a->title : "");
      g_autoptr (VigilAnalysis) analysis
          = with_analysis ? vigil_analysis_from_json (a->annotations) : NULL;
      VigilQueryContext ctx = { tokens,   title,    a->source_title, a->language,
                                analysis, a->score, a->level,        gazetteer };

      if (vigil_query_match_context (query, &ctx, NULL, NULL))
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
