/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names of people and organisations: the name rules, titles, particles,
 * acronyms, parties, the user's list and file, the tagger. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-cluster.h"
#include "vigil-highlight.h"
#include "vigil-gazetteer-private.h"
#include "vigil-html.h"
#include "vigil-test-utils.h"
#include "test-analysis-common.h"

static void
test_lowercase_names_ignored (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "let us go to jordan and iraq with the un", 0);

  g_assert_cmpuint (a->entities->len, ==, 0);
}

static void
test_title_rule_particles (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz, "Governor Rakan al-Jubouri said the curfew would hold. Later al-Jubouri left.", 0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Rakan al-Jubouri", "Rakan al-Jubouri"));
  g_assert_true (has_risk (a, "curfew"));
}

/* A title after a title is no name ("General Secretary"); a person's name
 * loses "Pope" and keeps its regnal number. */
static void
test_person_titles (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz, "She may remain General Secretary of the party for now, the council said.", 0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (
      gaz, "Pope Francis spoke. Few earldoms had existed under Henry I and these were small.", 0);

  for (guint i = 0; i < a->entities->len; i++)
    g_assert_cmpint (g_array_index (a->entities, VigilEntity, i).type, !=, VIGIL_ENTITY_PERSON);
  g_assert_true (has_entity (b, VIGIL_ENTITY_PERSON, "Francis", NULL));
  g_assert_true (has_entity (b, VIGIL_ENTITY_PERSON, "Henry I", NULL));
}

/* Listed acronyms written with dots are the same names ("U.N.", "E.U.",
 * "N.A.T.O."), but not their letters apart ("U N"). */
static void
test_dotted_acronyms (void)
{
  static const NameCheck names[] = {
    NAME (ORGANIZATION, "U.N.", "United Nations"),
    NAME (ORGANIZATION, "E.U.", "European Union"),
    NAME (ORGANIZATION, "N.A.T.O.", NULL),
  };
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz, "A U.N. envoy said aid was blocked. The E.U. and N.A.T.O. said nothing.", 0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (gaz, "He said U N was fine.", 0);

  assert_names (a, names, G_N_ELEMENTS (names));
  g_assert_cmpuint (b->entities->len, ==, 0);
}

/* A listed country that acts as a state is its government, an organisation:
 * the subject of a government's verb, or the one sanctions or pressure are
 * laid on (and the country joined to it by "and"); the same name as a place
 * stays a place, and a preposition before it keeps it one. */
static void
test_states (void)
{
  static const NameCheck names[] = {
    NAME (ORGANIZATION, "Portugal", NULL),
    NAME (LOCATION, "Portugal", NULL),
    NAME (ORGANIZATION, "Brazil", NULL),
    NAME (ORGANIZATION, "Peru", NULL),
    NO_NAME (LOCATION, "Peru"),
  };
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Portugal signed the treaty in 1891. Tourists visited Portugal in May. The council then "
      "imposed sanctions against Brazil and Peru. Workers in Chile protested on Monday.",
      0);
  const VigilEntity *chile;

  assert_names (a, names, G_N_ELEMENTS (names));
  chile = find_entity (a, "Chile");
  g_assert_nonnull (chile);
  g_assert_cmpint (chile->type, ==, VIGIL_ENTITY_LOCATION);
  g_assert_cmpstr (chile->country, ==, "CL");
}

/* A country stays a place where no state acts: after a preposition (and
 * the words of a part of it, "in northeast Syria"), also as the second of a
 * pair ("in Germany and France protested"), before a
 * noun that looks like a verb ("Iran protests: ..."), and a headline's
 * capitals make no institutions ("Texas Banks Face Losses"). */
static void
test_states_not (void)
{
  const char *texts[] = {
    "Workers in Germany and France protested on Monday.",
    "Tourists from Spain and Italy said the hotels were full.",
    "Iran protests: death toll rises to 40",
    "Texas Banks Face Losses As Rates Rise",
    /* a part of the country between the preposition and its name */
    "Kurdish-led forces in northeast Syria said on Saturday they had caught 29 men.",
    "Police in north-western Nigeria told reporters the road was closed.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, texts[i], 0);
      g_assert_cmpuint (a->entities->len, >, 0);
      for (guint k = 0; k < a->entities->len; k++)
        g_assert_cmpint (g_array_index (a->entities, VigilEntity, k).type, ==,
                         VIGIL_ENTITY_LOCATION);
    }
}

/* One name, one type within an article: a headline's "Ishinomaki residents"
 * is the city the body names, not a person; "Mount Marapi" is a place. */
static void
test_one_type_per_name (void)
{
  const char *text = "Ishinomaki residents spend morning on high ground after tremor\n"
                     "Thousands of residents of the port city of Ishinomaki climbed to higher "
                     "ground on Sunday after a strong earthquake shook the coast. In Indonesia, "
                     "Mount Marapi erupted again, the volcanology agency said.";
  const char *title_end = strchr (text, '\n');
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, text, g_utf8_strlen (text, title_end - text));
  guint places = 0;

  for (guint i = 0; i < a->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      if (!g_str_equal (e->text, "Ishinomaki"))
        continue;
      g_assert_cmpint (e->type, ==, VIGIL_ENTITY_LOCATION);
      g_assert_cmpstr (e->country, ==, "JP");
      places++;
    }
  g_assert_cmpuint (places, ==, 2);
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Mount Marapi", NULL));
  /* the place's kind the model left out of the name ("Lake Edward", where
   * it read "Edward" as a person) */
  {
    const char *lake = "Six bodies recovered after boat sinks on Lake Edward\n"
                       "Marine police on Saturday recovered six bodies after a wooden boat "
                       "capsized on Lake Edward in western Uganda, police said.";
    g_autoptr (VigilAnalysis) b
        = vigil_analyze (gaz, lake, g_utf8_strlen (lake, strchr (lake, '\n') - lake));
    g_assert_true (has_entity (b, VIGIL_ENTITY_LOCATION, "Lake Edward", NULL));
    g_assert_false (has_entity (b, VIGIL_ENTITY_PERSON, "Edward", NULL));
  }
}

static void
test_user_list (void)
{
  g_autoptr (VigilGazetteer) g = vigil_gazetteer_new ();
  g_autoptr (VigilAnalysis) a = NULL;
  const char *places = "# comment\nZakho\tZakho\tIQ\t37.14\t42.68\n\nbad line without tabs\n";

  g_assert_true (vigil_gazetteer_load (g, VIGIL_ENTRY_LOCATION, places, strlen (places), NULL));
  g_assert_cmpuint (vigil_gazetteer_size (g), ==, 2);
  a = vigil_analyze (g, "Floods in Zakho.", 0);
  g_assert_cmpuint (a->entities->len, ==, 1);
  g_assert_cmpstr (g_array_index (a->entities, VigilEntity, 0).country, ==, "IQ");
  g_assert_cmpfloat_with_epsilon (g_array_index (a->entities, VigilEntity, 0).lat, 37.14, 1e-9);
}

/* The name tagger finds names no list holds and no title announces; short
 * forms and defined acronyms take the full name's type. */
static void
test_tagger_names (void)
{
  static const NameCheck company[] = { NAME (ORGANIZATION, "Electronic Data Systems", NULL) };
  g_autoptr (VigilAnalysis) c = NULL;

  g_assert_nonnull (vigil_gazetteer_get_tagger (gaz));
  /* "… said" makes nobody a person, and a sentence end is not crossed. */
  c = vigil_analyze (gaz, "Electronic Data Systems said profits rose. The company is in Texas.", 0);
  for (guint i = 0; i < c->entities->len; i++)
    g_assert_cmpint (g_array_index (c->entities, VigilEntity, i).type, !=, VIGIL_ENTITY_PERSON);
  assert_names (c, company, G_N_ELEMENTS (company));
  /* A title's name does not go past the sentence's end: the article that
   * opens the next one is nobody ("... the police spokesman. A fruit seller
   * was wounded"); nor is the "m" of "p.m." the French title "M." ("around
   * 9 p.m. The blaze", "at 7 a.m. Residents fled"), nor an article a name
   * alone. */
  static const char *const articles[] = {
    "The bomb went off beside the bazaar at around 9 a.m., said Qari Nasrullah "
    "Sabir, the police spokesman. A fruit seller was wounded by shrapnel.",
    "An elderly shepherd was killed. The driver was hurt.",
    "Villagers were scooping crude when the fire broke out around 9 p.m. The blaze burned for "
    "hours, destroying a section of mangrove forest.",
    "The shelling began at 7 a.m. Residents fled towards the river, a witness said.",
  };
  for (guint k = 0; k < G_N_ELEMENTS (articles); k++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, articles[k], 0);
      for (guint i = 0; i < a->entities->len; i++)
        {
          const char *text = g_array_index (a->entities, VigilEntity, i).text;
          g_assert_cmpstr (text, !=, "A");
          g_assert_cmpstr (text, !=, "An");
          g_assert_cmpstr (text, !=, "The");
          g_assert_cmpstr (text, !=, "Residents");
        }
    }
}

/* "Ikiriko-George", "Ogu-Bolo": a name the tagger began after its hyphen is
 * one name with the capitalised word before it, but not with an ordinary
 * word ("Anti-Taliban") nor a name the lists know ("Russia-Ukraine"). */
static void
test_hyphenated_names (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Rivers State Emergency Management Agency official Blessing Ikiriko-George said 15 injured "
      "people were admitted to hospital. Anti-Taliban fighters fled the Russia-Ukraine front.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Blessing Ikiriko-George", NULL)
                 || has_entity (a, VIGIL_ENTITY_PERSON, "Ikiriko-George", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_PERSON, "George", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Anti-Taliban", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_PERSON, "Russia-Ukraine", NULL));
}

/* A town of the lists written in parts joined by hyphens, after "in", is the
 * town, whatever the tagger made of it ("Ebute-Metta" is the lists' "Ebute
 * Metta", in Lagos); a word alone after "in" is not taken from the towns
 * ("in English" is no town of Indiana). */
static void
test_hyphenated_towns (void)
{
  static const char *const texts[] = {
    "He lives on the same street in Ebute-Metta and helped pull people out.",
    "She lives in Ebute-Metta and helped.",
    "Clashes in Pont-Sainte-Maxence left two dead.",
  };
  static const char *const countries[] = { "NG", "NG", "FR" };
  for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, texts[k], 0);
      gboolean found = FALSE;
      for (guint i = 0; i < a->entities->len; i++)
        {
          VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
          if (e->type == VIGIL_ENTITY_LOCATION && strchr (e->text, '-') != NULL)
            {
              g_assert_cmpstr (e->country, ==, countries[k]);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
  {
    g_autoptr (VigilAnalysis) a
        = vigil_analyze (gaz, "The book was published in English translation in 1950.", 0);
    g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "English", NULL));
  }
}

/* A name after "the town of", "the village of" (a kind of place and "of"
 * in lower case) is a place, whether neither list nor tagger knew it ("Bir
 * el-Abd") or the tagger read it as a person's ("Ywa Thit"); the head of a
 * body ("the mayor of Paris", "the head of Amnesty International") is no
 * kind of place. */
static void
test_kind_of_place_names (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Gunmen attacked a post near the town of Bir el-Abd on Monday, officials said. Fighting "
      "broke out in the village of Ywa Thit on Tuesday. The mayor of Paris and the head of "
      "Amnesty International spoke.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Bir el-Abd", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Ywa Thit", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_PERSON, "Ywa Thit", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Amnesty International", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Amnesty International", NULL));
}

/* A listed body's branch in a country is one organisation ("Oxfam
 * Australia"); a town the lists leave out before its country is a place
 * and the country ("Duncraig Australia"), no company. A name the rules take
 * on past the tagger's ("University of" and "NSW") is one name. */
static void
test_branch_names (void)
{
  static const NamesCase branches = {
    "/analysis/branch-names",
    "Aid from Oxfam Australia arrived in Fiji. Flooding closed roads around Duncraig "
    "Australia on Monday. The University of NSW led the study. He moved from Ballarat "
    "Australia to London.",
    {
        NAME (ORGANIZATION, "Oxfam Australia", NULL),
        NO_NAME (LOCATION, "Oxfam Australia"),
        NO_NAME (ORGANIZATION, "Duncraig Australia"),
        NAME (LOCATION, "Duncraig", NULL),
        NAME (LOCATION, "Australia", NULL),
        NAME (LOCATION, "Ballarat", NULL),
        NO_NAME (LOCATION, "Ballarat Australia"),
        NAME (ORGANIZATION, "University of NSW", NULL),
        NO_NAME (ORGANIZATION, "NSW"),
    },
  };
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, branches.text, 0);
  /* A listed place's possessive ("Honduras' Bay Islands") is that place,
   * then the place of it. */
  static const NamesCase possessive = {
    "/analysis/branch-names",
    "An industrial fishing boat sank north of Guanaja island in Honduras' Bay Islands, the "
    "navy said.",
    {
        NAME (LOCATION, "Honduras", NULL),
        NAME (LOCATION, "Bay Islands", NULL),
        NO_NAME (LOCATION, "Honduras' Bay Islands"),
    },
  };
  g_autoptr (VigilAnalysis) p = vigil_analyze (gaz, possessive.text, 0);
  /* The article that opens a sentence is no part of the name after it ("A
   * Guji zone police official"), and the name before "zone" is an area; a
   * place the lists know by its article ("An Nasiriyah") keeps it. */
  static const NamesCase article = {
    "/analysis/branch-names",
    "Gunmen seized three traders in Oromia's Guji zone on Monday, the company said.\n\n"
    "A Guji zone police official blamed the Oromo Liberation Army. An Nasiriyah hospital "
    "treated the wounded.",
    {
        NO_NAME (ANY, "A Guji"),
        NO_NAME (PERSON, "Guji"),
        NAME (LOCATION, "Guji", NULL),
        NAME (LOCATION, "An Nasiriyah", NULL),
    },
  };
  g_autoptr (VigilAnalysis) r = vigil_analyze (gaz, article.text, 0);

  assert_names (a, branches.names, G_N_ELEMENTS (branches.names));
  assert_names (p, possessive.names, G_N_ELEMENTS (possessive.names));
  assert_names (r, article.names, G_N_ELEMENTS (article.names));
  for (guint i = 1; i < a->entities->len; i++)
    g_assert_cmpuint (g_array_index (a->entities, VigilEntity, i - 1).end, <=,
                      g_array_index (a->entities, VigilEntity, i).start);
}

/* A number, capitalised words and a unit's head word are a military unit,
 * with the demonym before the number; not a date ("the 4th July Parade"). */
static void
test_military_units (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Paratroopers of the 173rd Airborne Brigade landed at dawn. The Ukrainian 47th "
      "Mechanized Brigade held the line. Crowds gathered for the 4th July Parade.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "173rd Airborne Brigade", NULL));
  g_assert_true (
      has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Ukrainian 47th Mechanized Brigade", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Mechanized Brigade", NULL));
  for (guint i = 0; i < a->entities->len; i++)
    g_assert_false (g_str_has_prefix (g_array_index (a->entities, VigilEntity, i).text, "4th"));
}

/* A month before a day's number is a date, not a name, in a dateline too;
 * the place before it stays one. */
static void
test_month_dates (void)
{
  g_autoptr (VigilAnalysis) a
      = vigil_analyze (gaz,
                       "TASHKENT, Nov 2 (Reuters) - Card payments stopped across Uzbekistan. "
                       "Talks resume on Sept 14 in Geneva.",
                       0);

  g_assert_null (find_entity (a, "Nov"));
  g_assert_null (find_entity (a, "Sept"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "TASHKENT", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Geneva", NULL));
}

/* A missing or damaged model: said once, and the lists and rules still work. */
static void
test_tagger_missing (void)
{
  g_autofree char *path = vigil_test_make_tmp_path ("vigil-model-XXXXXX", "names.model");
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilGazetteer) g = NULL;
  g_autoptr (VigilAnalysis) a = NULL;

  g_assert_true (g_file_set_contents (path, "VIGILNER but not a model", -1, NULL));
  g_setenv ("VIGIL_NAMES_MODEL", path, TRUE);
  g = vigil_gazetteer_new_default (&error);
  g_unsetenv ("VIGIL_NAMES_MODEL");
  g_assert_no_error (error);
  g_assert_nonnull (g);
  g_assert_null (vigil_gazetteer_get_tagger (g));
  a = vigil_analyze (g, "Rockets hit Baghdad. \"We will respond,\" Qais al-Khazali told reporters.",
                     0);
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Baghdad", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Qais al-Khazali", NULL));
}

/* All capitals, binary garbage and a long text are tagged without harm (every
 * token of an all-capital text can be a name, and is decoded in runs of at most
 * 256 tokens; the test's timeout catches quadratic work). */
static void
test_tagger_bad_input (void)
{
  g_autoptr (GString) caps = g_string_new (NULL);
  g_autoptr (GString) junk = g_string_new (NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  while (caps->len < 900 * 1024)
    g_string_append (caps, "BAGHDAD (AFP) - ROCKETS HIT THE GREEN ZONE NEAR THE US EMBASSY ");
  while (junk->len < 900 * 1024)
    g_string_append_c (junk, (char) g_rand_int_range (rand, 1, 256));
  {
    /* An acronym defined once and used 60,000 times: each use is linked in one
     * pass (a scan of the entities per use took minutes). */
    g_autoptr (GString) acronyms
        = g_string_new ("The Popular Mobilization Forces (PMF) denied it. ");
    g_autoptr (VigilAnalysis) p = NULL;
    vigil_test_append_repeated (acronyms, "PMF said. ", 60000);
    p = vigil_analyze (gaz, acronyms->str, 0);
    g_assert_true (has_entity (p, VIGIL_ENTITY_ORGANIZATION, "PMF", "Popular Mobilization Forces"));
    g_assert_cmpuint (p->entities->len, >, 60000);
  }
  {
    g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, caps->str, 0);
    g_autoptr (VigilAnalysis) b = vigil_analyze (gaz, junk->str, 0);
    g_autoptr (VigilAnalysis) c = vigil_analyze (gaz, "", 0);
    g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "BAGHDAD", NULL));
    g_assert_nonnull (b);
    g_assert_cmpuint (c->entities->len, ==, 0);
  }
}

static void
test_user_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilGazetteer) g = vigil_gazetteer_new_default (&error);
  g_autoptr (VigilAnalysis) a = NULL;
  const char *user = "# mine\n"
                     "organization\tSaraya Awliya al-Dam\tSaraya Awliya al-Dam\n"
                     "location\tCamp Victory\tCamp Victory\tIQ\t33.29\t44.23\n"
                     "risk\tindirect fire\tindirect-fire\t9\n"
                     "location\tGeorgia\tGeorgia\tGE\t42.00\t43.50\n"
                     "-\tWashington\n";

  g_assert_no_error (error);
  g_assert_true (vigil_gazetteer_load_user (g, user, strlen (user), &error));
  a = vigil_analyze (
      g, "Saraya Awliya al-Dam claimed indirect fire on Camp Victory; Washington said nothing.", 0);
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Saraya Awliya al-Dam", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Camp Victory", NULL));
  g_assert_true (has_risk (a, "indirect fire"));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Washington", NULL));
  {
    /* The user's own entry wins even over the article's context. */
    g_autoptr (VigilAnalysis) b = vigil_analyze (g, "Protests spread from Atlanta to Georgia.", 0);
    g_assert_cmpstr (find_entity (b, "Georgia")->country, ==, "GE");
  }
  g_assert_false (vigil_gazetteer_load_user (g, "planet\tMars\n", 12, &error));
  g_assert_nonnull (strstr (error->message, "unknown kind"));
}

/* Run at exit after the gazetteer's own handler (registered before it):
 * the preload thread must be done by then, before the program's destructors
 * take the bundled lists away. */
static void
check_preload_ended (void)
{
  if (vigil_gazetteer_count_preloading () > 0)
    {
      fputs ("a preload thread was still reading at exit\n", stderr);
      _exit (3);
    }
}

/* A program that exits while the lists are still being read in the preload
 * thread exits cleanly: the thread is waited for before the program's
 * destructors take the bundled lists away. The thread is held (a test hook)
 * until exit begins, so that it is reading then, every time; without the
 * wait the child says so (once it reported the lists missing, about one
 * time in ten). One child: it waits for the whole read, seconds under the
 * sanitisers. */
static void
test_preload_then_exit (void)
{
  if (g_test_subprocess ())
    {
      VigilGazetteer *g = vigil_gazetteer_new_default_lazy ();

      atexit (check_preload_ended);
      vigil_gazetteer_hold_preload (TRUE);
      vigil_gazetteer_preload (g);
      vigil_gazetteer_unref (g);
      g_assert_cmpuint (vigil_gazetteer_count_preloading (), ==, 1);
      exit (0);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*could not be read*");
  g_test_trap_assert_stderr_unmatched ("*still reading at exit*");
}

/* A preload thread that has read the lists is let go then (its stack and
 * handle), not kept until the program exits. */
static void
test_preload_ends (void)
{
  VigilGazetteer *g = vigil_gazetteer_new_default_lazy ();
  gint64 until = g_get_monotonic_time () + TEST_SECONDS (60);

  vigil_gazetteer_preload (g);
  vigil_gazetteer_unref (g);
  while (vigil_gazetteer_count_preloading () > 0 && g_get_monotonic_time () < until)
    g_usleep (10000);
  g_assert_cmpuint (vigil_gazetteer_count_preloading (), ==, 0);
}

int
main (int argc, char *argv[])
{
  analysis_test_init (&argc, &argv);
  add_names_cases_from_file ("name-cases.txt");
  g_test_add_func ("/analysis/lowercase-names-ignored", test_lowercase_names_ignored);
  g_test_add_func ("/analysis/title-rule-particles", test_title_rule_particles);
  g_test_add_func ("/analysis/person-titles", test_person_titles);
  g_test_add_func ("/analysis/hyphenated-names", test_hyphenated_names);
  g_test_add_func ("/analysis/hyphenated-towns", test_hyphenated_towns);
  g_test_add_func ("/analysis/dotted-acronyms", test_dotted_acronyms);
  g_test_add_func ("/analysis/states", test_states);
  g_test_add_func ("/analysis/states-not", test_states_not);
  g_test_add_func ("/analysis/user-list", test_user_list);
  g_test_add_func ("/analysis/one-type-per-name", test_one_type_per_name);
  g_test_add_func ("/analysis/tagger-names", test_tagger_names);
  g_test_add_func ("/analysis/branch-names", test_branch_names);
  g_test_add_func ("/analysis/kind-of-place-names", test_kind_of_place_names);
  g_test_add_func ("/analysis/military-units", test_military_units);
  g_test_add_func ("/analysis/month-dates", test_month_dates);
  g_test_add_func ("/analysis/tagger-missing", test_tagger_missing);
  g_test_add_func ("/analysis/tagger-bad-input", test_tagger_bad_input);
  g_test_add_func ("/analysis/user-file", test_user_file);
  g_test_add_func ("/analysis/preload-then-exit", test_preload_then_exit);
  g_test_add_func ("/analysis/preload-ends", test_preload_ends);
  return analysis_test_run ();
}
