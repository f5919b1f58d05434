/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-engine.h: alert rules evaluated against each new article.
 *
 * A rule has a name, a severity and a query. The engine evaluates the enabled
 * rules on an article's headline and text and reports which rules matched and on
 * which terms; recording (so the same article never alerts twice) is the
 * monitor's job, through the store.
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alert-query.h"
#include "vigil-article.h"
#include "vigil-store.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SEVERITY_INFO,
  VIGIL_SEVERITY_HIGH,
  VIGIL_SEVERITY_CRITICAL,
} VigilSeverity;

/* A rule. Immutable once made (an edit makes a new one) and reference-counted,
 * so a refresh in a worker thread keeps evaluating the rules it started with
 * while the editor replaces them. */
typedef struct
{
  char *name;
  char *query_text;
  VigilQuery *query;
  VigilSeverity severity;
  gboolean enabled;
  gboolean shipped;   /* one of the rules Vigil comes with (edited, not deleted) */
  char *shipped_name; /* a shipped rule's name untranslated (NULL for the desk's own) */
  char *webhook_url;  /* optional: alerts are also posted there */
  int webhook_format; /* VigilWebhookFormat */
  /* Scope (optional): only articles of these sources (feed addresses) or of
   * sources in these folders; both empty means every source. */
  char **sources;
  char **folders;
  /* At most throttle_count notifications in throttle_minutes (0: the
   * monitor's default); the rest are folded into one summary. */
  guint throttle_count;
  guint throttle_minutes;
  gatomicrefcount ref;
} VigilAlertRule;

/* A rule with one query and no options; NULL (error set, *out_position the
 * place in query) when the query does not parse. */
VigilAlertRule *vigil_alert_rule_new (const char *name, VigilSeverity severity, const char *query,
                                      guint *out_position, GError **error);
/* A copy to change before it replaces the original (the query is parsed again). */
VigilAlertRule *vigil_alert_rule_copy (const VigilAlertRule *rule);
VigilAlertRule *vigil_alert_rule_ref (VigilAlertRule *rule);
void vigil_alert_rule_unref (VigilAlertRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAlertRule, vigil_alert_rule_unref)
/* Whether the rule watches articles of this source (NULL: of no known source). */
gboolean vigil_alert_rule_in_scope (const VigilAlertRule *rule, const char *source_url,
                                    const char *folder);

typedef struct
{
  VigilAlertRule *rule;   /* a reference */
  GPtrArray *terms;       /* char*, as written in the article */
  gboolean story_update;  /* the story already raised this alert: update it */
  guint story_reports;    /* articles in the story */
  gint64 story_id;        /* the article's cluster id */
  GArray *story_articles; /* gint64: the story's articles when it matched (NULL: just this one) */
} VigilAlertMatch;

void vigil_alert_match_free (VigilAlertMatch *match);

const char *vigil_severity_to_string (VigilSeverity severity);
gboolean vigil_severity_from_string (const char *text, VigilSeverity *out);

#define VIGIL_TYPE_ALERT_ENGINE (vigil_alert_engine_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlertEngine, vigil_alert_engine, VIGIL, ALERT_ENGINE, GObject)

VigilAlertEngine *vigil_alert_engine_new (void);
gboolean vigil_alert_engine_add_rule (VigilAlertEngine *self, const char *name,
                                      VigilSeverity severity, const char *query, GError **error);
/* Something in a rules file that did not load as written. */
typedef struct
{
  guint line;       /* 1-based; 0: the file as a whole */
  gboolean skipped; /* the line was skipped (FALSE: its rule loaded, without what message names) */
  char *message;    /* what was wrong, in English (names the option or the place in the query) */
} VigilRulesProblem;

void vigil_rules_problem_free (VigilRulesProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRulesProblem, vigil_rules_problem_free)

/* Rules file: name<TAB>severity<TAB>query, then optional columns
 * enabled=no, throttle=N/M (N notifications in M minutes), folders=A|B,
 * sources=URL|URL, webhook=URL, format=json|slack|matrix (a bare URL and a bare
 * format in columns four and five, the older form, still work); one rule a
 * line, '#' comments. A name that starts with '#' or '"', holds a tab, a line
 * break or a backslash, or starts or ends with a space is written in double
 * quotes with \t, \n, \r, \\ and \" escapes; any other name as it is. A
 * rule named like one already loaded replaces it.
 *
 * Every rule that can be read is loaded: a line that cannot (too few columns,
 * an unknown severity, a query that does not parse, text that is not UTF-8)
 * is skipped, an option that is not understood is left out of its rule, and
 * each is appended to problems (VigilRulesProblem*, optional). Returns the
 * number of rules loaded. */
guint vigil_alert_engine_load_rules_checked (VigilAlertEngine *self, const char *data, gsize length,
                                             GPtrArray *problems);
/* The same; FALSE with error naming the first problem (and how many there
 * were) when something did not load. */
gboolean vigil_alert_engine_load_rules (VigilAlertEngine *self, const char *data, gsize length,
                                        GError **error);
/* The same format, for saving what the rule editor made. */
char *vigil_alert_rules_to_text (GPtrArray *rules);
/* The rules now in force (VigilAlertRule*, references), in order. */
GPtrArray *vigil_alert_engine_dup_rules (VigilAlertEngine *self);
/* Replaces every rule at once (the array's rules are referenced). */
void vigil_alert_engine_set_rules (VigilAlertEngine *self, GPtrArray *rules);
gboolean vigil_alert_engine_load_default_rules (VigilAlertEngine *self, GError **error);
guint vigil_alert_engine_get_n_rules (VigilAlertEngine *self);
/* The gazetteer lets entity: scopes name an entity by any of its aliases. */
void vigil_alert_engine_set_gazetteer (VigilAlertEngine *self, VigilGazetteer *gazetteer);

/* Matches of the enabled rules, most severe first (VigilAlertMatch*). analysis
 * (optional) is the article's, for the entity:, country: and category: scopes;
 * source (optional) its source, for rules scoped to sources or folders (which
 * never match without one). */
GPtrArray *vigil_alert_engine_evaluate (VigilAlertEngine *self, VigilArticle *article,
                                        const char *body_text, VigilAnalysis *analysis);
GPtrArray *vigil_alert_engine_evaluate_for_source (VigilAlertEngine *self, VigilArticle *article,
                                                   const char *body_text, VigilAnalysis *analysis,
                                                   VigilSource *source);

typedef struct
{
  guint stored; /* articles of the period the index did not rule out */
  guint matched;
  double seconds;
} VigilDryRunStats;

/* Dry run: the stored articles of the last `days` days that query matches,
 * newest first (VigilArticle*), as a rule editor shows while the user types.
 * The full-text index narrows the candidates; each is then evaluated exactly.
 * On a bad query, *out_position (optional) receives where. */
/* Whether a stored article (its text as the live rules read it, its stored
 * analysis when with_analysis) matches query. */
gboolean vigil_alert_query_matches_stored (VigilQuery *query, VigilGazetteer *gazetteer,
                                           VigilArticle *article, gboolean with_analysis);
/* The same, the matched words (as written, char*) added to out_terms (optional). */
gboolean vigil_alert_query_match_stored_terms (VigilQuery *query, VigilGazetteer *gazetteer,
                                               VigilArticle *article, gboolean with_analysis,
                                               GPtrArray *out_terms);

GPtrArray *vigil_alert_dry_run (VigilStore *store, VigilGazetteer *gazetteer, const char *query,
                                guint days, guint *out_position, VigilDryRunStats *stats,
                                GError **error);

G_END_DECLS
