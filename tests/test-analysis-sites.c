/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-analysis-sites.c: names found once are found again in the same article, sites
 * named by their kind ("the State of Texas", "the Museum of Flight") are places, and a
 * "Program" is no organisation unless a list says so. */
#include "config.h"

#include "test-analysis-common.h"

/* How many mentions of text of the type the analysis holds. */
static guint
count_mentions (VigilAnalysis *a, VigilEntityType type, const char *text)
{
  guint n = 0;

  for (guint i = 0; i < a->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      n += e->type == type && g_str_equal (e->text, text);
    }
  return n;
}

typedef struct
{
  const char *path;
  const char *text;
  VigilEntityType type;
  const char *name;
  guint mentions;
} RepeatCase;

static const RepeatCase repeat_cases[] = {
  /* Found by its first mention's context; the later ones are the same name. */
  { "/analysis/repeats/place",
    "A rocket struck near the Museum of Flight in Seattle on Monday.\n"
    "Staff at the Museum of Flight were sent home, and the Museum of Flight will stay shut.",
    VIGIL_ENTITY_LOCATION, "Museum of Flight", 3 },
  { "/analysis/repeats/organisation",
    "Kabir Logistics Group said on Tuesday that two of its trucks were hijacked.\n"
    "A driver for Kabir Logistics Group was later released near the border.",
    VIGIL_ENTITY_ORGANIZATION, "Kabir Logistics Group", 2 },
  /* Part of a longer name is not a mention of the shorter one. */
  { "/analysis/repeats/longer-name",
    "Kabir Logistics Group said on Tuesday that two of its trucks were hijacked.\n"
    "The Kabir Logistics Group Foundation paid for the drivers' care.",
    VIGIL_ENTITY_ORGANIZATION, "Kabir Logistics Group", 1 },
};

static void
test_repeat (gconstpointer data)
{
  const RepeatCase *rc = data;
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, rc->text, 0);

  g_assert_cmpuint (count_mentions (a, rc->type, rc->name), ==, rc->mentions);
}

/* A long text with many names: the same, through the table of first words. */
static void
test_repeat_many_names (void)
{
  static const char *const places[]
      = { "New York",    "Los Angeles", "San Francisco", "Buenos Aires", "Hong Kong",
          "New Delhi",   "Abu Dhabi",   "Kuala Lumpur",  "Addis Ababa",  "Cape Town",
          "Tel Aviv",    "Mexico City", "South Africa",  "Saudi Arabia", "Sri Lanka",
          "North Korea", "South Sudan", "Costa Rica",    "El Salvador",  "Sierra Leone" };
  g_autoptr (GString) text = g_string_new (
      "Kabir Logistics Group said on Tuesday that two of its trucks were hijacked.\n");
  g_autoptr (VigilAnalysis) a = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (places); i++)
    g_string_append_printf (text, "Flights to %s were cancelled on Monday.\n", places[i]);
  g_string_append (text,
                   "A driver for Kabir Logistics Group was later released near the border.\n");
  a = vigil_analyze (gaz, text->str, 0);
  g_assert_cmpuint (count_mentions (a, VIGIL_ENTITY_LOCATION, "Sierra Leone"), ==, 1);
  g_assert_cmpuint (count_mentions (a, VIGIL_ENTITY_ORGANIZATION, "Kabir Logistics Group"), ==, 2);
}

static const NamesCase site_cases[] = {
  { "/analysis/sites/state-of",
    "Today's decision is an affront to the people of the State of Texas, the senator said.",
    { NAME (LOCATION, "State of Texas", NULL), NO_NAME (ORGANIZATION, "State of Texas") } },
  { "/analysis/sites/museum-of",
    "Gunmen opened fire outside the National Museum of Modern History in the capital.",
    { NO_NAME (ORGANIZATION, "National Museum of Modern History"),
      NO_NAME (PERSON, "National Museum of Modern History") } },
  /* A programme of work is no body; the UN's programmes are, by the list. */
  { "/analysis/sites/program",
    "NASA marked the end of the Space Shuttle Program on Friday. The United Nations "
    "Development Program warned of famine, and UNDP staff left the city.",
    { NO_NAME (ORGANIZATION, "Space Shuttle Program"),
      NAME (ORGANIZATION, "United Nations Development Program",
            "United Nations Development Programme"),
      NAME (ORGANIZATION, "UNDP", "United Nations Development Programme") } },
};

/* The State of X is the listed place, with its country. */
static void
test_state_of_country (void)
{
  g_autoptr (VigilAnalysis) a
      = vigil_analyze (gaz, "Flooding closed roads across the State of Texas on Sunday.", 0);
  const VigilEntity *e = find_entity (a, "State of Texas");

  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, VIGIL_ENTITY_LOCATION);
  g_assert_cmpstr (e->country, ==, "US");
  g_assert_cmpstr (e->canonical, ==, "Texas");
}

/* Subdivisions named by an ordinary or short word are places just before the
 * word of their kind, and nowhere else. */
typedef struct
{
  const char *path;
  const char *text;
  const char *name;
  const char *country; /* the subdivision's country */
  gboolean place;      /* whether the name is that subdivision there */
} KindCase;

static const KindCase kind_cases[] = {
  { "/analysis/sites/kind/region", "A cholera outbreak in Somalia's Bay region has killed 27.",
    "Bay", "SO", TRUE },
  { "/analysis/sites/kind/short-name", "Militants attacked a convoy in the Gao region on Monday.",
    "Gao", "ML", TRUE },
  { "/analysis/sites/kind/capitalised-kind", "Protesters marched in Van Province on Sunday.", "Van",
    "TR", TRUE },
  { "/analysis/sites/kind/no-kind-word", "Boats sheltered in the Bay as the storm passed.", "Bay",
    "SO", FALSE },
  { "/analysis/sites/kind/lower-case", "Boats sheltered in the bay region as the storm passed.",
    "bay", "SO", FALSE },
  { "/analysis/sites/kind/longer-name", "Floods hit the Mekong Delta region on Tuesday.", "Delta",
    "NG", FALSE },
};

static void
test_kind_named (gconstpointer data)
{
  const KindCase *kc = data;
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, kc->text, 0);
  const VigilEntity *e = find_entity (a, kc->name);

  if (!kc->place)
    {
      /* Not that subdivision: another place of the name may be ("Bay", Laguna). */
      for (guint i = 0; i < a->entities->len; i++)
        g_assert_cmpstr (g_array_index (a->entities, VigilEntity, i).country, !=, kc->country);
      return;
    }
  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, VIGIL_ENTITY_LOCATION);
  g_assert_cmpstr (e->country, ==, kc->country);
}

int
main (int argc, char **argv)
{
  analysis_test_init (&argc, &argv);
  for (gsize i = 0; i < G_N_ELEMENTS (repeat_cases); i++)
    g_test_add_data_func (repeat_cases[i].path, &repeat_cases[i], test_repeat);
  g_test_add_func ("/analysis/repeats/many-names", test_repeat_many_names);
  add_names_cases (site_cases, G_N_ELEMENTS (site_cases));
  g_test_add_func ("/analysis/sites/state-of-country", test_state_of_country);
  for (gsize i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    g_test_add_data_func (kind_cases[i].path, &kind_cases[i], test_kind_named);
  return analysis_test_run ();
}
