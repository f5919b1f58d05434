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

typedef struct
{
  char *name;
  char *query_text;
  VigilQuery *query;
  VigilSeverity severity;
  gboolean enabled;
  char *webhook_url;  /* optional: alerts are also posted there */
  int webhook_format; /* VigilWebhookFormat */
} VigilAlertRule;

typedef struct
{
  const VigilAlertRule *rule; /* owned by the engine */
  GPtrArray *terms;           /* char*, as written in the article */
  gboolean story_update;      /* the story already raised this alert: update it */
  guint story_reports;        /* articles in the story */
  gint64 story_id;            /* the article's cluster id */
} VigilAlertMatch;

void vigil_alert_match_free (VigilAlertMatch *match);

const char *vigil_severity_to_string (VigilSeverity severity);
gboolean vigil_severity_from_string (const char *text, VigilSeverity *out);

#define VIGIL_TYPE_ALERT_ENGINE (vigil_alert_engine_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlertEngine, vigil_alert_engine, VIGIL, ALERT_ENGINE, GObject)

VigilAlertEngine *vigil_alert_engine_new (void);
gboolean vigil_alert_engine_add_rule (VigilAlertEngine *self, const char *name,
                                      VigilSeverity severity, const char *query, GError **error);
/* Rules file: name<TAB>severity<TAB>query[<TAB>webhook URL[<TAB>json|slack|matrix]]
 * per line, '#' comments. */
gboolean vigil_alert_engine_load_rules (VigilAlertEngine *self, const char *data, gsize length,
                                        GError **error);
gboolean vigil_alert_engine_load_default_rules (VigilAlertEngine *self, GError **error);
guint vigil_alert_engine_get_n_rules (VigilAlertEngine *self);
/* The gazetteer lets entity: scopes name an entity by any of its aliases. */
void vigil_alert_engine_set_gazetteer (VigilAlertEngine *self, VigilGazetteer *gazetteer);

/* Matches of the enabled rules, most severe first (VigilAlertMatch*). analysis
 * (optional) is the article's, for the entity:, country: and category: scopes. */
GPtrArray *vigil_alert_engine_evaluate (VigilAlertEngine *self, VigilArticle *article,
                                        const char *body_text, VigilAnalysis *analysis);

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
GPtrArray *vigil_alert_dry_run (VigilStore *store, VigilGazetteer *gazetteer, const char *query,
                                guint days, guint *out_position, VigilDryRunStats *stats,
                                GError **error);

G_END_DECLS
