/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-analysis-common.h: what the analysis tests share (test-analysis,
 * test-analysis-risk, test-analysis-names, test-analysis-output): the default
 * gazetteer loaded around the run (analysis_test_init/run), an entity or a risk
 * term looked for in an analysis. */
#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-cluster.h"
#include "vigil-highlight.h"
#include "vigil-html.h"
#include "vigil-test-utils.h"

static VigilGazetteer *gaz;

/* The tests' own type: a name of any type (NAME (ANY, ...)). */
#define VIGIL_ENTITY_ANY ((VigilEntityType) -1)

static inline gboolean
has_entity (VigilAnalysis *a, VigilEntityType type, const char *text, const char *canonical)
{
  for (guint i = 0; i < a->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      if ((type == VIGIL_ENTITY_ANY || e->type == type) && g_str_equal (e->text, text)
          && (canonical == NULL || g_str_equal (e->canonical, canonical)))
        return TRUE;
    }
  return FALSE;
}

static inline gboolean
has_risk (VigilAnalysis *a, const char *text)
{
  for (guint i = 0; i < a->risks->len; i++)
    if (g_str_equal (g_array_index (a->risks, VigilRisk, i).text, text))
      return TRUE;
  return FALSE;
}

static inline const VigilEntity *
find_entity (VigilAnalysis *a, const char *text)
{
  for (guint i = 0; i < a->entities->len; i++)
    if (g_str_equal (g_array_index (a->entities, VigilEntity, i).text, text))
      return &g_array_index (a->entities, VigilEntity, i);
  return NULL;
}

/* One name an analysis must hold (present) or must not: its type, its text
 * and, where given, the canonical name it must carry. NAME() and NO_NAME()
 * write one in a table; assert_names() checks a table against an analysis. */
typedef struct
{
  VigilEntityType type;
  const char *text;
  const char *canonical;
  gboolean present;
} NameCheck;

#define NAME(type, text, canonical)                                                                \
  {                                                                                                \
    VIGIL_ENTITY_##type, text, canonical, TRUE                                                     \
  }
#define NO_NAME(type, text)                                                                        \
  {                                                                                                \
    VIGIL_ENTITY_##type, text, NULL, FALSE                                                         \
  }

/* Checks n names (or up to the first with no text) against a. */
static inline void
assert_names (VigilAnalysis *a, const NameCheck *checks, gsize n)
{
  for (gsize i = 0; i < n && checks[i].text != NULL; i++)
    {
      const NameCheck *c = &checks[i];

      if (has_entity (a, c->type, c->text, c->canonical) != c->present)
        {
          g_autofree char *msg = g_strdup_printf (
              "name %zu: \"%s\" (type %d, canonical %s) is %s", i, c->text, c->type,
              c->canonical ? c->canonical : "any", c->present ? "missing" : "there");
          g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
        }
    }
}

/* A test: a text and the names its analysis must and must not hold, run by
 * test_names_case(); add_names_cases() registers a table of them. */
typedef struct
{
  const char *path;
  const char *text;
  NameCheck names[12];
} NamesCase;

static inline void
test_names_case (gconstpointer data)
{
  const NamesCase *nc = data;
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, nc->text, 0);

  assert_names (a, nc->names, G_N_ELEMENTS (nc->names));
}

static inline void
add_names_cases (const NamesCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_names_case);
}

/* The cases read by add_names_cases_from_file(), and the file's text their
 * strings point into; let go by analysis_test_run(). */
static char *names_file_text;
static GArray *names_file_cases;

static inline VigilEntityType
names_file_type (const char *word)
{
  static const struct
  {
    const char *word;
    VigilEntityType type;
  } types[] = {
    { "ANY", VIGIL_ENTITY_ANY },
    { "PERSON", VIGIL_ENTITY_PERSON },
    { "ORGANIZATION", VIGIL_ENTITY_ORGANIZATION },
    { "LOCATION", VIGIL_ENTITY_LOCATION },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (word, types[i].word))
      return types[i].type;
  g_error ("unknown entity type in a name case: %s", word);
}

/* Registers, as add_names_cases() does, the cases of the file @name under
 * tests/fixtures: "case PATH" starts one, "text TEXT" gives its text, "name
 * TYPE TEXT" a name it must hold (" = CANONICAL" after it: with that canonical
 * name), "no-name TYPE TEXT" one it must not; lines starting with "#" and
 * empty ones are comments. */
static inline void
add_names_cases_from_file (const char *name)
{
  NamesCase *c = NULL;
  guint n_names = 0;

  g_assert_null (names_file_text);
  names_file_text = vigil_test_read_file (NULL, "fixtures", name, NULL);
  names_file_cases = g_array_new (FALSE, TRUE, sizeof (NamesCase));
  for (char *line = names_file_text, *next; line != NULL; line = next)
    {
      char *value;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      if (*line == '#' || *line == '\0')
        continue;
      value = strchr (line, ' ');
      g_assert_nonnull (value);
      *value++ = '\0';
      if (g_str_equal (line, "case"))
        {
          g_array_set_size (names_file_cases, names_file_cases->len + 1);
          c = &g_array_index (names_file_cases, NamesCase, names_file_cases->len - 1);
          c->path = value;
          n_names = 0;
        }
      else if (c != NULL && g_str_equal (line, "text"))
        c->text = value;
      else if (c != NULL && (g_str_equal (line, "name") || g_str_equal (line, "no-name")))
        {
          NameCheck *check;
          char *text = strchr (value, ' ');
          char *canonical;

          g_assert_cmpuint (n_names, <, G_N_ELEMENTS (c->names));
          g_assert_nonnull (text);
          check = &c->names[n_names++];
          *text++ = '\0';
          check->type = names_file_type (value);
          check->present = g_str_equal (line, "name");
          canonical = check->present ? strstr (text, " = ") : NULL;
          if (canonical != NULL)
            {
              *canonical = '\0';
              check->canonical = canonical + 3;
            }
          check->text = text;
        }
      else
        g_error ("%s: a line neither a case, a text nor a name: %s %s", name, line, value);
    }
  add_names_cases ((const NamesCase *) (gpointer) names_file_cases->data, names_file_cases->len);
}

/* g_test_init(), and the default gazetteer loaded. */
static inline void
analysis_test_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_test_init (argc, argv, NULL);
  gaz = vigil_gazetteer_new_default (&error);
  g_assert_no_error (error);
}

/* Runs the tests, then lets the gazetteer go. */
static inline int
analysis_test_run (void)
{
  int ret = g_test_run ();

  vigil_gazetteer_unref (gaz);
  g_clear_pointer (&names_file_cases, g_array_unref);
  g_clear_pointer (&names_file_text, g_free);
  return ret;
}
