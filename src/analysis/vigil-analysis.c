/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-analysis.c — the analysis result: freeing, labels of levels, categories and countries, and
 * its JSON both ways. */
#include "config.h"

#include "vigil-analyzer-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "vigil-feed-parser.h"
#include "vigil-json.h"

/* The string members of an annotation, by their JSON names. */
typedef struct
{
  const char *name;
  gsize offset;
} StringMember;

static const StringMember entity_strings[] = {
  { "text", G_STRUCT_OFFSET (VigilEntity, text) },
  { "canonical", G_STRUCT_OFFSET (VigilEntity, canonical) },
  { "country", G_STRUCT_OFFSET (VigilEntity, country) },
};

static const StringMember risk_strings[] = {
  { "text", G_STRUCT_OFFSET (VigilRisk, text) },
  { "term", G_STRUCT_OFFSET (VigilRisk, term) },
  { "category", G_STRUCT_OFFSET (VigilRisk, category) },
};

static const StringMember demonym_strings[] = {
  { "text", G_STRUCT_OFFSET (VigilDemonym, text) },
  { "country", G_STRUCT_OFFSET (VigilDemonym, country) },
};

static char **
string_member (gpointer record, const StringMember *member)
{
  return (char **) ((char *) record + member->offset);
}

static void
clear_strings (gpointer record, const StringMember *members, gsize n_members)
{
  for (gsize i = 0; i < n_members; i++)
    g_free (*string_member (record, &members[i]));
}

void
analyzer_clear_entity (gpointer data)
{
  clear_strings (data, entity_strings, G_N_ELEMENTS (entity_strings));
}

void
analyzer_clear_risk (gpointer data)
{
  clear_strings (data, risk_strings, G_N_ELEMENTS (risk_strings));
}

void
vigil_analysis_free (VigilAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  g_array_unref (analysis->entities);
  g_array_unref (analysis->risks);
  g_clear_pointer (&analysis->demonyms, g_array_unref);
  g_free (analysis);
}

void
analyzer_clear_demonym (gpointer data)
{
  clear_strings (data, demonym_strings, G_N_ELEMENTS (demonym_strings));
}

GArray *
analyzer_demonym_array (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (VigilDemonym));
  g_array_set_clear_func (a, analyzer_clear_demonym);
  return a;
}

const char *
vigil_entity_type_to_string (VigilEntityType type)
{
  switch (type)
    {
    case VIGIL_ENTITY_PERSON:
      return "person";
    case VIGIL_ENTITY_ORGANIZATION:
      return "organization";
    case VIGIL_ENTITY_LOCATION:
    default:
      return "location";
    }
}

const char *
vigil_level_for_score (int score)
{
  if (score >= 50)
    return "critical";
  if (score >= 20)
    return "high";
  if (score >= 8)
    return "elevated";
  return "low";
}

const char *
vigil_level_label (const char *level)
{
  if (g_strcmp0 (level, "critical") == 0)
    return _ ("Critical");
  if (g_strcmp0 (level, "high") == 0)
    return _ ("High");
  if (g_strcmp0 (level, "elevated") == 0)
    return _ ("Elevated");
  return _ ("Low");
}

static const struct
{
  const char *id;
  const char *label;
} category_labels[] = {
  { "evacuation", N_ ("Evacuation") },    { "indirect-fire", N_ ("Indirect fire") },
  { "ied", N_ ("Explosives") },           { "armed-violence", N_ ("Armed violence") },
  { "kidnapping", N_ ("Kidnapping") },    { "civil-unrest", N_ ("Civil unrest") },
  { "disaster", N_ ("Disaster") },        { "health", N_ ("Health") },
  { "casualties", N_ ("Casualties") },    { "detention", N_ ("Arrests and detention") },
  { "advisory", N_ ("Travel advisory") }, { "infrastructure", N_ ("Infrastructure") },
  { "maritime", N_ ("Maritime") },        { "armed-groups", N_ ("Armed groups") },
};

const char *
vigil_risk_category_label (const char *category)
{
  for (guint i = 0; i < G_N_ELEMENTS (category_labels); i++)
    if (g_strcmp0 (category, category_labels[i].id) == 0)
      return _ (category_labels[i].label);
  return category;
}

const char *
vigil_risk_category_nth (guint n)
{
  return n < G_N_ELEMENTS (category_labels) ? category_labels[n].id : NULL;
}

const char *
vigil_country_name (const char *code)
{
  /* code -> English name, from countries.tsv (ISO), then country-names.tsv (the
   * countries ISO does not list, such as Kosovo) */
  static GHashTable *names;
  static GMutex lock;
  static const char *const files[] = { "/io/github/vigildesk/Vigil/analysis/countries.tsv",
                                       "/io/github/vigildesk/Vigil/analysis/country-names.tsv" };
  const char *name;

  if (code == NULL)
    return NULL;
  g_mutex_lock (&lock);
  if (names == NULL)
    {
      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint file = 0; file < G_N_ELEMENTS (files); file++)
        {
          g_autoptr (GBytes) bytes = g_resources_lookup_data (files[file], 0, NULL);
          g_autofree char *text = NULL;
          g_auto (GStrv) lines = NULL;

          if (bytes == NULL)
            continue;
          text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          lines = g_strsplit (text, "\n", -1);
          for (guint i = 0; lines[i]; i++)
            {
              g_auto (GStrv) f = NULL;
              if (lines[i][0] == '#' || lines[i][0] == '\0')
                continue;
              f = g_strsplit (lines[i], "\t", 4);
              /* The country's own row: its name is its canonical name. */
              if (g_strv_length (f) >= 3 && g_str_equal (f[0], f[1])
                  && !g_hash_table_contains (names, f[2]))
                g_hash_table_insert (names, g_strdup (f[2]), g_strdup (f[1]));
            }
        }
    }
  name = g_hash_table_lookup (names, code);
  g_mutex_unlock (&lock);
  /* Debian's and the runtime's iso-codes translate the ISO names. */
  return name ? dgettext ("iso_3166-1", name) : code;
}

static void
add_entity (JsonBuilder *b, gconstpointer record)
{
  const VigilEntity *e = record;

  vigil_json_add_string (b, "text", e->text);
  vigil_json_add_string (b, "type", vigil_entity_type_to_string (e->type));
  vigil_json_add_span (b, e->start, e->end);
  vigil_json_add_string (b, "canonical", e->canonical);
  vigil_json_add_string (b, "country", e->country);
  vigil_json_add_optional_double (b, "lat", e->has_geo, e->lat);
  vigil_json_add_optional_double (b, "lon", e->has_geo, e->lon);
}

static void
add_risk (JsonBuilder *b, gconstpointer record)
{
  const VigilRisk *r = record;

  vigil_json_add_string (b, "text", r->text);
  vigil_json_add_string (b, "term", r->term);
  vigil_json_add_string (b, "category", r->category);
  vigil_json_add_int (b, "weight", r->weight);
  vigil_json_add_span (b, r->start, r->end);
}

static void
add_demonym (JsonBuilder *b, gconstpointer record)
{
  const VigilDemonym *d = record;

  vigil_json_add_string (b, "text", d->text);
  vigil_json_add_string (b, "country", d->country);
  vigil_json_add_span (b, d->start, d->end);
}

/* The first VIGIL_ANALYSIS_MAX_ANNOTATIONS annotations of list, an object each. */
static void
add_annotations (JsonBuilder *b, const char *name, GArray *list,
                 void (*add) (JsonBuilder *b, gconstpointer record))
{
  guint size = g_array_get_element_size (list);

  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < MIN (list->len, VIGIL_ANALYSIS_MAX_ANNOTATIONS); i++)
    {
      json_builder_begin_object (b);
      add (b, list->data + (gsize) i * size);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
vigil_analysis_to_json (VigilAnalysis *analysis, gboolean pretty)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_annotations (b, "entities", analysis->entities, add_entity);
  add_annotations (b, "risks", analysis->risks, add_risk);
  /* Countries named by their people ("Russian forces"): no place mark. */
  if (analysis->demonyms != NULL && analysis->demonyms->len > 0)
    add_annotations (b, "demonyms", analysis->demonyms, add_demonym);
  vigil_json_add_int (b, "score", analysis->score);
  vigil_json_add_string (b, "level", analysis->level);
  vigil_json_add_string (b, "language", analysis->language);
  if (analysis->shortened || analysis->entities->len > VIGIL_ANALYSIS_MAX_ANNOTATIONS
      || analysis->risks->len > VIGIL_ANALYSIS_MAX_ANNOTATIONS)
    {
      vigil_json_add_boolean (b, "shortened", TRUE);
    }
  json_builder_end_object (b);
  return vigil_json_to_data (b, pretty);
}

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (n))
             : NULL;
}

static gint64
member_int (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : 0;
}

static void
read_strings (JsonObject *o, gpointer record, const StringMember *members, gsize n_members)
{
  for (gsize i = 0; i < n_members; i++)
    *string_member (record, &members[i]) = member_string (o, members[i].name);
}

static gboolean
read_entity (JsonObject *o, gpointer record)
{
  VigilEntity *e = record;
  g_autofree char *type = member_string (o, "type");

  read_strings (o, e, entity_strings, G_N_ELEMENTS (entity_strings));
  e->start = member_int (o, "start");
  e->end = member_int (o, "end");
  e->type = g_strcmp0 (type, "person") == 0         ? VIGIL_ENTITY_PERSON
            : g_strcmp0 (type, "organization") == 0 ? VIGIL_ENTITY_ORGANIZATION
                                                    : VIGIL_ENTITY_LOCATION;
  if (e->text == NULL)
    e->text = g_strdup ("");
  if (e->canonical == NULL)
    e->canonical = g_strdup (e->text);
  return TRUE;
}

static gboolean
read_risk (JsonObject *o, gpointer record)
{
  VigilRisk *r = record;

  read_strings (o, r, risk_strings, G_N_ELEMENTS (risk_strings));
  r->weight = member_int (o, "weight");
  r->start = member_int (o, "start");
  r->end = member_int (o, "end");
  if (r->category == NULL)
    r->category = g_strdup ("general");
  return TRUE;
}

/* A demonym without a country is dropped. */
static gboolean
read_demonym (JsonObject *o, gpointer record)
{
  VigilDemonym *d = record;

  if (o == NULL)
    return FALSE;
  d->country = member_string (o, "country");
  if (d->country == NULL)
    return FALSE;
  d->text = member_string (o, "text");
  d->start = member_int (o, "start");
  d->end = member_int (o, "end");
  if (d->text == NULL)
    d->text = g_strdup ("");
  return TRUE;
}

/* The annotations of the array member name of root, each read by read
 * (which leaves nothing to free when it refuses one). */
static void
read_annotations (JsonObject *root, const char *name, GArray *into,
                  gboolean (*read) (JsonObject *o, gpointer record))
{
  JsonArray *list
      = json_object_has_member (root, name) ? json_object_get_array_member (root, name) : NULL;

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      union
      {
        VigilEntity entity;
        VigilRisk risk;
        VigilDemonym demonym;
      } record;

      memset (&record, 0, sizeof record);
      if (read (json_array_get_object_element (list, i), &record))
        g_array_append_vals (into, &record, 1);
    }
}

VigilAnalysis *
vigil_analysis_from_json (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  VigilAnalysis *a;

  /* Stored annotations are ours, but a damaged database must not crash json-glib. */
  if (json == NULL || !vigil_json_depth_ok (json, strlen (json), VIGIL_JSON_MAX_DEPTH)
      || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  a = g_new0 (VigilAnalysis, 1);
  a->entities = g_array_new (FALSE, TRUE, sizeof (VigilEntity));
  g_array_set_clear_func (a->entities, analyzer_clear_entity);
  a->risks = g_array_new (FALSE, TRUE, sizeof (VigilRisk));
  g_array_set_clear_func (a->risks, analyzer_clear_risk);
  a->demonyms = analyzer_demonym_array ();
  read_annotations (root, "entities", a->entities, read_entity);
  read_annotations (root, "risks", a->risks, read_risk);
  read_annotations (root, "demonyms", a->demonyms, read_demonym);
  a->score = member_int (root, "score");
  {
    JsonNode *n = json_object_get_member (root, "shortened");
    a->shortened = n != NULL && JSON_NODE_HOLDS_VALUE (n)
                   && json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
  }
  a->level = vigil_level_for_score (a->score);
  a->language = "und";
  {
    /* language is one of a few static strings */
    g_autofree char *lang = member_string (root, "language");
    static const char *const known[] = { "en", "fr", "es", "ar", "und" };
    for (guint i = 0; lang && i < G_N_ELEMENTS (known); i++)
      if (g_str_equal (lang, known[i]))
        a->language = known[i];
  }
  return a;
}
