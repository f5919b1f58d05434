/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tokenizer offsets, language, folding, and the gazetteer's world places:
 * countries, demonyms, subdivisions, regions, capitals, ambiguity. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-cluster.h"
#include "vigil-highlight.h"
#include "vigil-html.h"
#include "vigil-test-utils.h"
#include "test-analysis-common.h"

/* A text and the one string its analysis must give. */
typedef struct
{
  const char *text, *expected;
} TextCase;

static void
test_tokenizer_offsets (void)
{
  const char *text = "Hé, Ẓāhir! مرحبا بغداد 🚀 rocket-fire\nNext";
  g_autoptr (VigilTokens) t = vigil_tokenize (text);
  VigilToken *tok;

  g_assert_cmpuint (t->tokens->len, ==, 7);
  tok = vigil_tokens_get (t, 0);
  g_assert_cmpuint (tok->start, ==, 0);
  g_assert_cmpuint (tok->end, ==, 2);
  g_assert_cmpstr (tok->folded, ==, "he");
  g_assert_true (tok->flags & VIGIL_TOKEN_SENTENCE_START);
  tok = vigil_tokens_get (t, 1);
  g_assert_cmpstr (tok->folded, ==, "zahir");
  g_assert_cmpuint (tok->start, ==, 4);
  g_assert_true (tok->flags & VIGIL_TOKEN_CAPITALIZED);
  tok = vigil_tokens_get (t, 3); /* بغداد */
  g_assert_cmpuint (tok->start, ==, 17);
  g_assert_cmpuint (tok->end, ==, 22);
  tok = vigil_tokens_get (t, 4); /* after the emoji: one code point */
  g_assert_cmpstr (tok->folded, ==, "rocket");
  g_assert_cmpuint (tok->start, ==, 25);
  tok = vigil_tokens_get (t, 5);
  g_assert_true (tok->flags & VIGIL_TOKEN_JOINED_PREV);
  tok = vigil_tokens_get (t, 6);
  g_assert_true (tok->flags & VIGIL_TOKEN_PARAGRAPH_START);
  g_assert_true (tok->flags & VIGIL_TOKEN_SENTENCE_START);
}

/* A wire dateline's dash opens the report's first sentence: "Police" after
 * "ABIDJAN (AFP) -" is a sentence's first word (not the Polish town), as it
 * is after an em dash; a dash later in a sentence, or in a paragraph that
 * opens in lower case, opens none. */
static void
test_tokenizer_dateline (void)
{
  const struct
  {
    const char *text;
    guint token;
    gboolean start;
  } cases[] = {
    { "ABIDJAN (AFP) - Police fired tear gas", 2, TRUE },
    { "ERBIL, Iraq (Reuters) \u2014 Police said rockets struck", 3, TRUE },
    { "Title\nBAGHDAD\u2014Police said", 2, TRUE },
    { "Title\nBAGHDAD \u2013 Police said", 2, TRUE },
    { "The army said - Police were there", 3, FALSE },
    { "ABIDJAN (AFP) - Police fired on the crowd in the old quarter of the city - Police said", 14,
      FALSE },
    { "in Abidjan - Police fired", 2, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilTokens) t = vigil_tokenize (cases[i].text);
      VigilToken *tok = vigil_tokens_get (t, cases[i].token);

      g_assert_cmpstr (tok->folded, ==, "police");
      g_assert_cmpint (!!(tok->flags & VIGIL_TOKEN_SENTENCE_START), ==, cases[i].start);
    }
}

/* ASCII runs take a fast path: words that leave it midway, or start outside it,
 * keep their offsets, folding and flags. */
static void
test_tokenizer_mixed_scripts (void)
{
  g_autoptr (VigilTokens) t = vigil_tokenize ("in BOGOTÁ, Élysée and naïve2 x");
  VigilToken *tok;

  g_assert_cmpuint (t->tokens->len, ==, 6);
  tok = vigil_tokens_get (t, 1);
  g_assert_cmpstr (tok->folded, ==, "bogota");
  g_assert_cmpuint (tok->start, ==, 3);
  g_assert_cmpuint (tok->end, ==, 9);
  g_assert_true (tok->flags & VIGIL_TOKEN_ALL_UPPER);
  g_assert_true (tok->flags & VIGIL_TOKEN_CAPITALIZED);
  tok = vigil_tokens_get (t, 2);
  g_assert_cmpstr (tok->folded, ==, "elysee");
  g_assert_true (tok->flags & VIGIL_TOKEN_CAPITALIZED);
  g_assert_false (tok->flags & VIGIL_TOKEN_ALL_UPPER);
  tok = vigil_tokens_get (t, 4);
  g_assert_cmpstr (tok->folded, ==, "naive2");
  g_assert_cmpuint (tok->start, ==, 22);
  g_assert_cmpuint (tok->end, ==, 28);
  g_assert_false (tok->flags & VIGIL_TOKEN_CAPITALIZED);
  tok = vigil_tokens_get (t, 5);
  g_assert_cmpuint (tok->start, ==, 29);
}

/* A long text: the language comes from a sample, but risk terms are found to the end. */
static void
test_long_text (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (VigilAnalysis) a = NULL;
  gboolean late_risk = FALSE;
  glong before;

  while (text->len < 200 * 1024)
    g_string_append (text,
                     "Le conseil municipal se réunit dans la salle des fêtes pour le budget. ");
  before = g_utf8_strlen (text->str, -1); /* offsets count code points */
  g_string_append (text, "Une roquette est tombée près de l'ambassade.");
  a = vigil_analyze (gaz, text->str, 0);
  g_assert_cmpstr (a->language, ==, "fr");
  for (guint i = 0; i < a->risks->len; i++)
    if (g_array_index (a->risks, VigilRisk, i).start >= (guint) before)
      late_risk = TRUE;
  g_assert_true (late_risk);
}

/* Folding as the definition says it (decompose, drop marks, take the letters
 * no decomposition bases to their base, lower-case), written out here to check
 * the tokenizer's per-character shortcut against. */
static char *
reference_fold (const char *word)
{
  static const char *const bases[] = { "ı", "i", "Ł", "l", "ł", "l", "Ø", "o", "ø",
                                       "o", "Đ", "d", "đ", "d", "Ħ", "h", "ħ", "h" };
  g_autofree char *nfkd = g_utf8_normalize (word, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);

  for (const char *p = nfkd; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_ismark (c))
        continue;
      for (gsize i = 0; i < G_N_ELEMENTS (bases); i += 2)
        if (g_utf8_get_char (bases[i]) == c)
          c = bases[i + 1][0];
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

/* Names with letters that do not decompose fold to the ASCII spellings news
 * text gives them. */
static void
test_fold_base_letters (void)
{
  g_autofree char *folded = vigil_fold ("Şanlıurfa Łódź Øresund Đakovica Ħamrun", -1);

  g_assert_cmpstr (folded, ==, "sanliurfa lodz oresund dakovica hamrun");
}

static void
test_fold_matches_definition (void)
{
  static const char *const words[]
      = { "Kurdistān", "Ελλάδα", "Москва", "بغداد", "İstanbul", "Straße", "ﬁnance", "北京",
          "Łódź",      "Ǆemal",  "Ωmega",  "مُحَمَّد",  "ĲSSEL",    "Ñandú",  "😀x",     "Ǉubljana" };
  guint checked = 0;

  /* Every two-byte character, between ASCII letters and on its own. */
  for (gunichar c = 0x80; c < 0x800; c++)
    {
      char word[16] = "a";
      int n;
      g_autofree char *ours = NULL;
      g_autofree char *ref = NULL;
      if (!g_unichar_validate (c))
        continue;
      n = g_unichar_to_utf8 (c, word + 1);
      word[1 + n] = 'B';
      word[2 + n] = '\0';
      ours = vigil_fold (word, -1);
      ref = reference_fold (word);
      g_assert_cmpstr (ours, ==, ref);
      checked++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autofree char *ours = vigil_fold (words[i], -1);
      g_autofree char *ref = reference_fold (words[i]);
      g_assert_cmpstr (ours, ==, ref);
    }
  g_assert_cmpuint (checked, >, 1800);
}

/* The language comes from the first words: their script, then stop words. */
static void
test_language (void)
{
  g_autoptr (VigilGazetteer) empty = vigil_gazetteer_new ();
  const TextCase cases[] = {
    { "قالت وزارة الخارجية إن السفارة في بغداد ستخفض عدد موظفيها.", "ar" },
    { "L'ambassade a réduit ses effectifs et les diplomates sont partis pour la capitale.", "fr" },
    { "The embassy said it was drawing down staff in the capital.", "en" },
    { "La embajada y los diplomáticos salieron de la capital por la noche.", "es" },
    { "12345 67890", "und" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (empty, cases[i].text, 0);
      g_assert_cmpstr (a->language, ==, cases[i].expected);
    }
}

/* A text and one name its analysis must hold: of that type, in that country
 * (NULL: none), located where said. */
typedef struct
{
  const char *text, *name;
  VigilEntityType type;
  const char *country;
  gboolean located;
} EntityCase;

/* The entity named @name in @a, checked as an EntityCase says. */
static const VigilEntity *
entity_in (VigilAnalysis *a, const char *name, VigilEntityType type, const char *country,
           gboolean located)
{
  const VigilEntity *e = find_entity (a, name);

  if (e == NULL)
    g_test_message ("no entity “%s”", name);
  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, type);
  g_assert_cmpstr (e->country, ==, country);
  if (located)
    g_assert_true (e->has_geo);
  return e;
}

static void
assert_entities (const EntityCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, cases[i].text, 0);

      entity_in (a, cases[i].name, cases[i].type, cases[i].country, cases[i].located);
    }
}

static void
test_world_places (void)
{
  static const EntityCase cases[] = {
    /* the state: Atlanta and Savannah are American */
    { "Protests spread from Atlanta, Georgia, to Savannah overnight.", "Georgia",
      VIGIL_ENTITY_LOCATION, "US" },
    { "Talks resumed in Tbilisi, Georgia, on Monday.", "Georgia", VIGIL_ENTITY_LOCATION, "GE" },
    { "Des roquettes ont visé l'ambassade en Irak, selon la Syrie.", "Irak", VIGIL_ENTITY_LOCATION,
      "IQ" },
    { "سقطت صواريخ قرب السفارة في العراق", "العراق", VIGIL_ENTITY_LOCATION, "IQ" },
    { "Shelling was reported in Kharkiv and Karachi.", "Kharkiv", VIGIL_ENTITY_LOCATION, "UA",
      TRUE },
    { "Shelling was reported in Kharkiv and Karachi.", "Karachi", VIGIL_ENTITY_LOCATION, "PK" },
    /* a country's name a town of Cuba bears too still names the country:
     * its Bolivar state, not Colombia's */
    { "Gunmen attacked a mine in Venezuela's Bolivar state on Monday.", "Bolivar",
      VIGIL_ENTITY_LOCATION, "VE" },
    /* ... but not a name two countries bear */
    { "Rebels attacked a village near Oicha in eastern Congo on Monday.", "Congo",
      VIGIL_ENTITY_LOCATION, "CD" },
  };
  g_autoptr (VigilAnalysis) words = vigil_analyze (
      gaz, "Reading the report, officials in Split were calm. He moved to Reading in May.", 0);
  g_autoptr (VigilAnalysis) fr = vigil_analyze (gaz, cases[2].text, 0);
  const VigilEntity *e;

  assert_entities (cases, G_N_ELEMENTS (cases));
  /* Sentence-initial "Reading" is the word; mid-sentence it is the town. */
  e = find_entity (words, "Reading");
  g_assert_nonnull (e);
  g_assert_cmpuint (e->start, ==, 62);
  e = find_entity (words, "Split");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "HR");
  g_assert_cmpuint (g_array_index (words->entities, VigilEntity, words->entities->len - 1).start,
                    ==, 62);
  g_assert_nonnull (find_entity (fr, "Syrie"));
}

/* The location entity whose text is `text`, checked for its country. */
static const VigilEntity *
place_in (VigilAnalysis *a, const char *text, const char *country)
{
  const VigilEntity *e = find_entity (a, text);

  if (e == NULL || e->type != VIGIL_ENTITY_LOCATION)
    g_error ("no place “%s”", text);
  g_assert_cmpstr (e->country, ==, country);
  return e;
}

static guint
n_places (VigilAnalysis *a)
{
  guint n = 0;

  for (guint i = 0; i < a->entities->len; i++)
    n += g_array_index (a->entities, VigilEntity, i).type == VIGIL_ENTITY_LOCATION;
  return n;
}

/* A text and the places its analysis must hold (up to the first without a
 * name): each by its name, in its country, located where said; with only,
 * no other place. */
typedef struct
{
  const char *text;
  struct
  {
    const char *name, *country;
    gboolean located;
  } places[8];
  gboolean only;
} PlacesCase;

static void
assert_places (const PlacesCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, cases[i].text, 0);
      guint k;

      for (k = 0; k < G_N_ELEMENTS (cases[i].places) && cases[i].places[k].name; k++)
        entity_in (a, cases[i].places[k].name, VIGIL_ENTITY_LOCATION, cases[i].places[k].country,
                   cases[i].places[k].located);
      if (cases[i].only)
        g_assert_cmpuint (n_places (a), ==, k);
    }
}

/* Countries by the names news uses, not only ISO's, with their coordinates. */
static void
test_country_names (void)
{
  static const PlacesCase cases[] = {
    { "Russia pounded Ukraine with missiles and drones.",
      { { "Russia", "RU", TRUE }, { "Ukraine", "UA" } } },
    /* ISO's own name takes the coordinates the country's other names have */
    { "Britain, the UK, the UAE, Ivory Coast, Macedonia and the Russian Federation met.",
      { { "Britain", "GB" },
        { "UK", "GB" },
        { "UAE", "AE" },
        { "Ivory Coast", "CI" },
        { "Macedonia", "MK" },
        { "Russian Federation", "RU", TRUE } } },
    /* short names world-countries lacks (generate-places.py's NAME_EXTRA) */
    { "Fire at a mine in central Bosnia; St Lucia and St Vincent sent aid.",
      { { "Bosnia", "BA" }, { "St Lucia", "LC" }, { "St Vincent", "VC" } } },
    { "La Russie et la Côte d'Ivoire.", { { "Russie", "RU" }, { "Côte d'Ivoire", "CI" } } },
    { "Rusia y Costa de Marfil firmaron.", { { "Rusia", "RU" }, { "Costa de Marfil", "CI" } } },
    { "قصفت روسيا أوكرانيا", { { "روسيا", "RU" } } },
    /* Two-letter codes that are English words are never places, even in capitals. */
    { "IN BAGHDAD, IT IS SAID NO ONE IS TO BE BLAMED, AS ME OR YOU.",
      { { "BAGHDAD", "IQ" } },
      TRUE },
  };

  assert_places (cases, G_N_ELEMENTS (cases));
}

/* Last checks on places: a name glued to "$" or "&" is part of a currency or
 * another name; a town or province that is the first name of someone the
 * article names in full is that person; subdivisions have their English
 * names (country-state-city, and Indonesia's made from iso-codes') besides
 * iso-codes' local ones. */
static void
test_places_checked (void)
{
  g_autoptr (VigilAnalysis) money
      = vigil_analyze (gaz, "Damage was estimated at US$ 10 billion in Kenya.", 0);
  g_autoptr (VigilAnalysis) amp
      = vigil_analyze (gaz, "Engineers from Texas A&M joined the team in Houston.", 0);
  g_autoptr (VigilAnalysis) first
      = vigil_analyze (gaz,
                       "Mario Lucero and Isabel Ruiz founded the studio in Arizona. "
                       "He wanted to work with Isabel on many projects.",
                       0);
  g_autoptr (VigilAnalysis) region = vigil_analyze (
      gaz,
      "A roof fell in the town of Saran, in Karaganda region, on Tuesday. The mine is run by "
      "Karaganda Komir, which was fined last year.",
      0);
  g_autoptr (VigilAnalysis) english
      = vigil_analyze (gaz, "Floods hit Lower Saxony and Bavaria on Monday.", 0);
  g_autoptr (VigilAnalysis) indonesia = vigil_analyze (
      gaz, "Landslides hit West Java, North Sumatra and the Riau Islands on Monday.", 0);
  g_autoptr (VigilAnalysis) coords = vigil_analyze (
      gaz,
      "The hospital stands in Damascus.\nCoordinates: 33°30′21″N 36°16′11″E / "
      "33.505716°N 36.269635°E / 33.505716; 36.269635\nIt was 24 °C (75 °F) there, 13° East.",
      0);
  const VigilEntity *e;

  g_assert_null (find_entity (money, "US"));
  place_in (money, "Kenya", "KE");
  g_assert_null (find_entity (amp, "Texas A"));
  place_in (amp, "Houston", "US");
  e = find_entity (first, "Isabel");
  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, VIGIL_ENTITY_PERSON);
  g_assert_cmpstr (e->canonical, ==, "Isabel Ruiz");
  g_assert_null (e->country);
  place_in (first, "Arizona", "US");
  /* ... but not a name its kind of area follows ("Karaganda region") */
  place_in (region, "Karaganda", "KZ");
  e = place_in (english, "Lower Saxony", "DE");
  g_assert_cmpstr (e->canonical, ==, "Niedersachsen");
  place_in (english, "Bavaria", "DE");
  /* Indonesia's provinces, not iso-codes' island groups above them, in the
   * English news writes */
  e = place_in (indonesia, "West Java", "ID");
  g_assert_cmpstr (e->canonical, ==, "Jawa Barat");
  e = place_in (indonesia, "North Sumatra", "ID");
  g_assert_cmpstr (e->canonical, ==, "Sumatera Utara");
  e = place_in (indonesia, "Riau Islands", "ID");
  g_assert_cmpstr (e->canonical, ==, "Kepulauan Riau");
  /* coordinates are a place, located; temperatures and headings are not */
  e = place_in (coords, "33°30′21″N 36°16′11″E", NULL);
  g_assert_true (e->has_geo);
  g_assert_cmpfloat_with_epsilon (e->lat, 33.505833, 1e-5);
  g_assert_cmpfloat_with_epsilon (e->lon, 36.269722, 1e-5);
  e = place_in (coords, "33.505716°N 36.269635°E", NULL);
  g_assert_cmpfloat_with_epsilon (e->lat, 33.505716, 1e-6);
  place_in (coords, "Damascus", "SY");
  g_assert_cmpuint (n_places (coords), ==, 3);
}

/* Demonyms tell which country an article is about without being places. */
static void
test_demonyms (void)
{
  static const PlacesCase tripoli[] = {
    { "Lebanese troops entered Tripoli.", { { "Tripoli", "LB" } }, TRUE },
    { "Libyan troops entered Tripoli.", { { "Tripoli", "LY" } } },
    { "Les Libanais ont fui Tripoli.", { { "Tripoli", "LB" } } },
  };
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "Russian forces advanced.", 0);
  g_autoptr (VigilAnalysis) nationals
      = vigil_analyze (gaz, "Nepali, Ecuadorian and Uzbek workers were hurt in the fire.", 0);
  g_autoptr (VigilAnalysis) org
      = vigil_analyze (gaz, "Iraqi Security Forces entered Mosul, Iraqi officials said.", 0);
  g_autofree char *json = NULL;

  g_assert_cmpuint (a->entities->len, ==, 0);
  json = vigil_analysis_to_json (a, FALSE);
  /* Not an entity: the country, under "demonyms". */
  g_assert_nonnull (strstr (json, "\"entities\":[]"));
  g_assert_nonnull (strstr (json, "\"country\":\"RU\""));
  /* The forms news writes that the country lists lack ("Nepali" beside
   * "Nepalese", "Ecuadorian" beside "Ecuadorean"). */
  g_clear_pointer (&json, g_free);
  json = vigil_analysis_to_json (nationals, FALSE);
  g_assert_nonnull (strstr (json, "\"entities\":[]"));
  g_assert_nonnull (strstr (json, "\"country\":\"NP\""));
  g_assert_nonnull (strstr (json, "\"country\":\"EC\""));
  g_assert_nonnull (strstr (json, "\"country\":\"UZ\""));
  assert_places (tripoli, G_N_ELEMENTS (tripoli));
  /* The demonym leaves an organisation's name whole. */
  g_assert_true (has_entity (org, VIGIL_ENTITY_ORGANIZATION, "Iraqi Security Forces", NULL));
  place_in (org, "Mosul", "IQ");
  g_assert_cmpuint (n_places (org), ==, 1);
}

/* Subdivisions named by an ordinary word: a nation of a state ("Wales") or a
 * federal region ("Afar") is a place where written with a capital mid-sentence,
 * never the word ("from afar"); the name before iso-codes' brackets is the
 * name ("Wales [Cymru GB-CYM]"), the bracket's its other one. A city of
 * millions opening a sentence is no person without a person's context. */
static void
test_word_subdivisions (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "The law differs between Northern Ireland and England and Wales. Fighting spread to Afar.",
      0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (gaz, "Help came from afar. Wales won.", 0);
  g_autoptr (VigilAnalysis) c = vigil_analyze (gaz, "Barcelona is the capital of Cataluña.", 0);

  place_in (a, "Wales", "GB");
  place_in (a, "Afar", "ET");
  g_assert_cmpstr (find_entity (a, "Wales")->canonical, ==, "Wales");
  g_assert_null (find_entity (b, "afar"));
  /* At a sentence's start the word could be meant. */
  g_assert_null (find_entity (b, "Wales"));
  place_in (c, "Barcelona", "ES");
  place_in (c, "Cataluña", "ES");
  g_assert_cmpstr (find_entity (c, "Cataluña")->canonical, ==, "Catalunya");
}

/* Humanitarian agencies and the shipping lines of the Red Sea attacks are
 * listed organisations, by any of their names. */
static void
test_listed_agencies (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Doctors Without Borders said its clinic was looted. Maersk paused sailings, and the "
      "ICRC and the WFP asked for access. Le CICR a évacué son personnel.",
      0);
  const VigilEntity *msf = find_entity (a, "Doctors Without Borders");

  g_assert_nonnull (msf);
  g_assert_cmpint (msf->type, ==, VIGIL_ENTITY_ORGANIZATION);
  g_assert_cmpstr (msf->canonical, ==, "Médecins Sans Frontières");
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Maersk", "Maersk"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "ICRC",
                             "International Committee of the Red Cross"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "CICR",
                             "International Committee of the Red Cross"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "WFP", "World Food Programme"));
}

/* Regions, conflict areas, seas and straits a desk names, kept whole. */
static void
test_regions (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "There were clashes in Darfur and Tigray.", 0);
  g_autoptr (VigilAnalysis) b
      = vigil_analyze (gaz, "Drought spread across the Middle East and the Sahel.", 0);
  g_autoptr (VigilAnalysis) c = vigil_analyze (gaz, "A ship was hit in the Gulf of Aden.", 0);
  g_autoptr (VigilAnalysis) d = vigil_analyze (
      gaz,
      "Fighting in Donbas, Crimea and Kashmir; patrols in Sinai, the West Bank and Idlib; "
      "tankers in the Strait of Hormuz, the Red Sea and Bab el-Mandeb; Europe, Africa and Asia.",
      0);
  g_autoptr (VigilAnalysis) fr = vigil_analyze (gaz, "Un navire touché dans le golfe d'Aden.", 0);
  const VigilEntity *e;

  place_in (a, "Darfur", "SD");
  place_in (a, "Tigray", "ET");
  e = find_entity (b, "Middle East");
  g_assert_nonnull (e);
  g_assert_true (e->has_geo);
  g_assert_nonnull (find_entity (b, "Sahel"));
  g_assert_cmpuint (n_places (b), ==, 2);
  /* One place, not "Gulf" and "Aden" */
  g_assert_cmpuint (c->entities->len, ==, 1);
  e = find_entity (c, "Gulf of Aden");
  g_assert_nonnull (e);
  g_assert_true (e->has_geo);
  place_in (d, "Donbas", "UA");
  place_in (d, "Crimea", "UA");
  g_assert_nonnull (find_entity (d, "Kashmir"));
  place_in (d, "Sinai", "EG");
  place_in (d, "West Bank", "PS");
  place_in (d, "Idlib", "SY");
  g_assert_nonnull (find_entity (d, "Strait of Hormuz"));
  g_assert_nonnull (find_entity (d, "Red Sea"));
  g_assert_nonnull (find_entity (d, "Bab el-Mandeb"));
  g_assert_nonnull (find_entity (d, "Europe"));
  g_assert_nonnull (find_entity (d, "Africa"));
  g_assert_nonnull (find_entity (d, "Asia"));
  g_assert_cmpuint (n_places (d), ==, 12);
  g_assert_nonnull (find_entity (fr, "golfe d'Aden"));
  g_assert_cmpuint (fr->entities->len, ==, 1);
}

/* A listed place in capitals is the place, whatever the tagger makes of a
 * word in capitals (it read "ANKARA" as an organisation and a person). */
static void
test_places_in_capitals (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz, "Quake hits Malatya\nANKARA (Reuters) - A quake hit eastern Turkey.", 0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (gaz, "Reports from ANKARA said a quake hit.", 0);

  place_in (a, "ANKARA", "TR");
  place_in (b, "ANKARA", "TR");
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Reuters", NULL));
}

/* A place named by an ordinary word inside a longer name ("University
 * Hospital": University is a town of Florida) says nothing of the article's
 * country: Alexandria stays Egypt's, the most populous. */
static void
test_word_place_in_name (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Eleven people were treated at Alexandria Main University Hospital. Civil defence teams "
      "in Alexandria ended their search on Wednesday.",
      0);

  place_in (a, "Alexandria", "EG");
}

/* Cities that English text names otherwise than GeoNames: the same city,
 * located, whichever way it is written. */
static void
test_city_english_names (void)
{
  static const PlacesCase cases[] = {
    { "Drones struck Odesa and Mykolaiv overnight, and shelling hit Avdiivka.",
      { { "Odesa", "UA", TRUE }, { "Mykolaiv", "UA" }, { "Avdiivka", "UA" } } },
    { "Officials in Gothenburg, Nuremberg and Kismaayo said so.",
      { { "Gothenburg", "SE" }, { "Nuremberg", "DE" }, { "Kismaayo", "SO" } } },
    { "Police in Genève and in Odessa said so.", { { "Genève", "CH" } } },
    /* Mexico's cities by their own name, without the name of the figure
     * they bear ("Acapulco de Juárez", "Iguala de la Independencia") */
    { "Floods hit Acapulco, and protesters marched in Iguala and Pachuca.",
      { { "Acapulco", "MX" }, { "Iguala", "MX" }, { "Pachuca", "MX" } } },
    /* Egypt's French-style "ou" for the lists' "u" (Al Manşūrah), and the
     * Levant's "-eh" for "-ah" (Jablah) */
    { "An officer from Mansoura died, and a quake shook Jableh.",
      { { "Mansoura", "EG" }, { "Jableh", "SY" } } },
    /* and Kuwait's (Al Mahbūlah) */
    { "A fire killed five workers in Mahboula, Kuwait.", { { "Mahboula", "KW" } } },
    /* and states ("Michoacán de Ocampo", "Coahuila de Zaragoza") */
    { "Gunmen ambushed police in Michoacan, and troops were sent to Coahuila.",
      { { "Michoacan", "MX" }, { "Coahuila", "MX" } } },
  };
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, cases[0].text, 0);
  g_autoptr (VigilAnalysis) c = vigil_analyze (gaz, cases[2].text, 0);
  const VigilEntity *e;

  assert_places (cases, G_N_ELEMENTS (cases));
  /* One place behind both names: the canonical name is the same. */
  e = find_entity (a, "Odesa");
  g_assert_cmpstr (e->canonical, ==, find_entity (c, "Odessa")->canonical);
  g_assert_cmpfloat_with_epsilon (e->lat, 46.48, 0.05);
  {
    g_autoptr (VigilAnalysis) m = vigil_analyze (gaz, cases[3].text, 0);
    g_assert_cmpstr (find_entity (m, "Acapulco")->canonical, ==, "Acapulco de Juárez");
  }
}

/* A name the desk's lists give a place of one country ("Kurdistan", Iraq's
 * region) is another country's subdivision where the article names that
 * country ("Iran's Kurdistan province"); and a news agency named like a
 * province ("the Fars news agency") is an organisation, no place. */
static void
test_name_of_two_countries (void)
{
  g_autoptr (VigilAnalysis) iran = vigil_analyze (
      gaz, "Gunmen killed two guards near Sarvabad in Iran's Kurdistan province on Monday.", 0);
  g_autoptr (VigilAnalysis) iraq
      = vigil_analyze (gaz, "Rockets hit Erbil, the capital of Iraq's Kurdistan region.", 0);
  g_autoptr (VigilAnalysis) agency = vigil_analyze (
      gaz, "Two guards were killed, the Fars news agency reported from Sanandaj.", 0);

  place_in (iran, "Kurdistan", "IR");
  place_in (iraq, "Kurdistan", "IQ");
  g_assert_true (has_entity (agency, VIGIL_ENTITY_ORGANIZATION, "Fars news agency", NULL));
  g_assert_null (find_entity (agency, "Fars"));
}

/* Towns of fewer than 15,000 people (towns.tsv) are places only where the
 * text says so: the model reads a place, or "in", "near" come before; then
 * they are located, in a country the text names when there is one. */
/* A first-level division named by a demonym ("Somali", a regional state of
 * Ethiopia) is the place only before the word of its kind. */
static void
test_demonym_regions (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "A Somali trader said cholera had spread across Ethiopia's Somali region, where Somali "
      "herders had lost their cattle.",
      0);
  guint places = 0;

  for (guint i = 0; i < a->entities->len; i++)
    {
      const VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      if (e->type == VIGIL_ENTITY_LOCATION && g_strcmp0 (e->canonical, "Somali") == 0)
        {
          places++;
          g_assert_cmpstr (e->country, ==, "ET");
          g_assert_cmpuint (e->start, ==, 58);
        }
    }
  g_assert_cmpuint (places, ==, 1);
}

static void
test_small_towns (void)
{
  static const PlacesCase cases[] = {
    { "Soldiers from Niger were sent to Abalak after the raid.", { { "Abalak", "NE" } } },
    { "The Russian governor flew to Abalak after the fire.", { { "Abalak", "RU" } } },
    /* A town's name alone makes no place (Dana, North Carolina). */
    { "Dana said the talks had failed. Dana left on Monday.", { { NULL } }, TRUE },
    /* A small town of a country named nowhere else, in an article of other
     * countries: another place of the name (a district of Yemen, not Hays,
     * Kansas), of no known country; the town when its country is named. */
    { "A landmine killed three children in the Hays district of Yemen's Hodeidah province.",
      { { "Hays", NULL }, { "Yemen", "YE" } } },
    { "A tornado struck Hays in Kansas, in the United States, on Monday.", { { "Hays", "US" } } },
    /* a region named by a word that several countries give one: a place of
     * the country the article names, else of none */
    { "A gold pit collapsed in Ghana's Western Region on Monday.",
      { { "Ghana", "GH" }, { "Western", "GH" } } },
    { "Floods hit Uganda. Rain fell across the Western region.",
      { { "Uganda", "UG" }, { "Western", "UG" } } },
    { "A gold pit collapsed in the Western Region on Monday.", { { "Western", NULL } } },
    /* another country named by its people only ("Somali forces") is named
     * too: Lido beach in Mogadishu is no town of Italy */
    { "Somali forces ended the siege of a hotel on Lido beach after 17 hours.",
      { { "Lido", NULL } } },
    /* people of another country are no other country named */
    { "Three Polish workers were killed in a crash near Thetford on Monday.",
      { { "Thetford", "GB" } } },
    /* So is a city of a few hundred thousand when its sentence names another
     * country (Beni, Congo, in a report of Nepal), but not without a
     * country named (Split and Reading), nor when its own is named, nor for
     * another sentence's country (test_one_type_per_name's Ishinomaki). */
    { "Rescuers in Nepal's Myagdi district recovered four bodies near Beni on Thursday.",
      { { "Beni", NULL }, { "Nepal", "NP" } } },
    { "Rebels attacked Beni in eastern Congo on Thursday.", { { "Beni", "CD" } } },
    { "Officials in Split were calm. He moved to Reading in May.",
      { { "Split", "HR" }, { "Reading", "GB" } } },
    /* the seat of a municipality, whose population GeoNames does not give,
     * named by the kind of place or by its mayor */
    { "Fighters ambushed a patrol in a rural area of Anorí on Friday.", { { "Anorí", "CO" } } },
    { "The mayor of Kaabong said seven people were killed.", { { "Kaabong", "UG" } } },
    /* a town only country-state-city lists */
    { "Gunmen attacked a bus near Dhaid on Monday.", { { "Dhaid", "AE" } } },
    /* a town's first word the model leaves out of the name */
    { "Divers recovered 15 bodies near New Bussa on Tuesday.", { { "New Bussa", "NG" } } },
  };
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz, "Gunmen attacked a market in Filingue on Sunday, killing four people.", 0);
  const VigilEntity *e;

  g_assert_cmpuint (vigil_gazetteer_n_towns (gaz), >, 50000);
  e = place_in (a, "Filingue", "NE");
  g_assert_cmpstr (e->canonical, ==, "Filingué");
  g_assert_true (e->has_geo);
  g_assert_cmpfloat_with_epsilon (e->lat, 14.35, 0.01);
  assert_places (cases, G_N_ELEMENTS (cases));

  {
    /* A dateline in capitals before a comma and a country: the town, or a
     * place the lists do not know. */
    g_autoptr (VigilAnalysis) d = vigil_analyze (
        gaz, "FILINGUE, Niger (Reuters) - Gunmen killed four people on Sunday.", 0);
    g_autoptr (VigilAnalysis) u
        = vigil_analyze (gaz, "ZORVANE, Niger - Troops arrived on Sunday.", 0);

    place_in (d, "FILINGUE", "NE");
    g_assert_cmpstr (find_entity (d, "FILINGUE")->canonical, ==, "Filingué");
    e = find_entity (u, "ZORVANE");
    g_assert_nonnull (e);
    g_assert_cmpint (e->type, ==, VIGIL_ENTITY_LOCATION);
  }
}

/* A one-word name the lists do not know, which the model may read as a
 * person's, is a place after "into" or "near", or after "and" that follows
 * a listed place; a person's name stays one where the text shows a person. */
static void
test_unknown_places_in_context (void)
{
  static const EntityCase cases[] = {
    { "The army marched deep into Quorvath and seized the passes of Belmira.", "Quorvath",
      VIGIL_ENTITY_LOCATION },
    { "Ships sailed between Mauritius and Quorvath before the storm.", "Quorvath",
      VIGIL_ENTITY_LOCATION },
    { "Voters have little faith in Tremblay. Anna Tremblay said she would stay.", "Tremblay",
      VIGIL_ENTITY_PERSON },
  };
  const VigilEntity *e;

  assert_entities (cases, G_N_ELEMENTS (cases));

  /* The kind of place the text names it by: "the regions of X", "the
   * island of X", "the X region", "the river X"; not "the friends of X". */
  {
    static const char *const places[]
        = { "Having secured the bordering regions of Quorvath, the king marched south.",
            "The ferry to the island of Quorvath was cancelled on Monday.",
            "Farmers in the Quorvath region lost their harvest.",
            "The border was secured at the river Quorvath last year.", NULL };
    g_autoptr (VigilAnalysis) friends
        = vigil_analyze (gaz, "The friends of Tremblay met on Monday to plan the campaign.", 0);

    for (guint k = 0; places[k]; k++)
      {
        g_autoptr (VigilAnalysis) p = vigil_analyze (gaz, places[k], 0);
        e = find_entity (p, "Quorvath");
        if (e != NULL && e->type != VIGIL_ENTITY_LOCATION)
          g_test_message ("%s: Quorvath is of type %d", places[k], e->type);
        g_assert_nonnull (e);
        g_assert_cmpint (e->type, ==, VIGIL_ENTITY_LOCATION);
      }
    e = find_entity (friends, "Tremblay");
    g_assert_true (e == NULL || e->type != VIGIL_ENTITY_LOCATION);
  }

  /* One name, one type: on a tie, the mention in a place's context wins
   * over the model's guess ("the border with X" read as a person's). */
  {
    g_autoptr (VigilAnalysis) tie
        = vigil_analyze (gaz,
                         "The eastern border with Quorvath was now secured. The army "
                         "marched deep into Quorvath for a long campaign.",
                         0);
    guint places = 0;

    for (guint k = 0; k < tie->entities->len; k++)
      {
        const VigilEntity *q = &g_array_index (tie->entities, VigilEntity, k);
        if (g_str_equal (q->text, "Quorvath"))
          {
            g_assert_cmpint (q->type, ==, VIGIL_ENTITY_LOCATION);
            places++;
          }
      }
    g_assert_cmpuint (places, ==, 2);
  }
}

/* A name that ends in a listed country after words that are no ordinary
 * word and no listed name is a company's branch there ("Vantrex Australia");
 * places named so stay places ("South Australia", "Papua New Guinea"). */
static void
test_company_branches (void)
{
  g_autoptr (VigilAnalysis) a
      = vigil_analyze (gaz, "Someone at Vantrex Australia noticed the flaw on Monday.", 0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (
      gaz, "Floods hit South Australia, Western Australia and Papua New Guinea.", 0);
  const VigilEntity *e = find_entity (a, "Vantrex Australia");

  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, VIGIL_ENTITY_ORGANIZATION);
  {
    const char *places[] = { "South Australia", "Western Australia", "Papua New Guinea" };
    for (guint k = 0; k < G_N_ELEMENTS (places); k++)
      {
        e = find_entity (b, places[k]);
        g_assert_nonnull (e);
        g_assert_cmpint (e->type, ==, VIGIL_ENTITY_LOCATION);
      }
  }
}

/* Places of one name: context first, then prominence; dates are never places. */
static void
test_place_ambiguity (void)
{
  static const PlacesCase cases[] = {
    { "Floods hit Gaza province in southern Mozambique.", { { "Gaza", "MZ" } } },
    { "Officials in Washington and Texas talked about Palestine on Sunday.",
      { { "Palestine", "PS" } } },
  };
  g_autoptr (VigilAnalysis) gaza = vigil_analyze (gaz, "Aid reached Gaza on Tuesday.", 0);
  g_autoptr (VigilAnalysis) dates = vigil_analyze (
      gaz, "The talks in March in Geneva were moved to May. On Sunday, March 3, they met.", 0);
  g_autoptr (VigilAnalysis) us = vigil_analyze (gaz, "Troops left the U.S. in June.", 0);
  g_autoptr (VigilAnalysis) words = vigil_analyze (
      gaz, "Students of Columbia University marched in the Arab Spring anniversary.", 0);

  place_in (gaza, "Gaza", "PS");
  g_assert_cmpuint (gaza->entities->len, ==, 1);
  assert_places (cases, G_N_ELEMENTS (cases));
  g_assert_null (find_entity (dates, "March"));
  g_assert_null (find_entity (dates, "May"));
  g_assert_null (find_entity (dates, "Sunday"));
  g_assert_cmpuint (n_places (dates), ==, 1);
  /* Geneva is Genève, Switzerland (183,981 people), not Geneva, Illinois:
   * GeoNames names the city in French, its English name comes from a second
   * list (cities.tsv, SimpleMaps) with the same place behind it. */
  place_in (dates, "Geneva", "CH");
  /* an abbreviation keeps its last dot */
  place_in (us, "U.S.", "US");
  /* ordinary words that are towns elsewhere, inside a longer name */
  g_assert_null (find_entity (words, "University"));
  g_assert_null (find_entity (words, "Spring"));

  {
    /* A capital that names its province too is the city, located; "the
     * Sagaing region" is the province. */
    const char *cities[][2] = { { "A bomb exploded in Kabul on Thursday.", "Kabul" },
                                { "Gunmen attacked a village near Niamey.", "Niamey" },
                                { "Protesters marched in Tokyo on Sunday.", "Tokyo" } };
    g_autoptr (VigilAnalysis) region
        = vigil_analyze (gaz, "An air strike hit a village in the Sagaing region.", 0);
    const VigilEntity *e;

    for (gsize i = 0; i < G_N_ELEMENTS (cities); i++)
      {
        g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, cities[i][0], 0);
        e = find_entity (a, cities[i][1]);
        g_assert_nonnull (e);
        g_assert_cmpstr (e->canonical, ==, cities[i][1]);
        g_assert_true (e->has_geo);
      }
    e = find_entity (region, "Sagaing");
    g_assert_nonnull (e);
    g_assert_false (e->has_geo);
  }
}

/* Arabic writes "and", "in", "to" and the article onto the word: the places
 * and risk terms are found with them; a listed word that only starts like a
 * proclitic (Baghdad, Lebanon) is itself. */
static void
test_arabic_clitics (void)
{
  g_autoptr (VigilAnalysis) a
      = vigil_analyze (gaz, "وصل الوفد إلى بغداد والموصل ولبنان، ثم عاد لبغداد.", 0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (gaz, "قصف بالصواريخ، وسقطت الصواريخ قرب المطار.", 0);
  g_autoptr (VigilAnalysis) c = vigil_analyze (gaz, "الوضع هادئ في المدينة.", 0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "بغداد", "Baghdad"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "والموصل", "Mosul"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "ولبنان", "Lebanon"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "لبغداد", "Baghdad"));
  g_assert_true (has_risk (b, "بالصواريخ"));
  g_assert_true (has_risk (b, "الصواريخ"));
  /* "the situation is calm in the city": no place, no risk */
  g_assert_cmpuint (c->entities->len, ==, 0);
  g_assert_cmpuint (c->risks->len, ==, 0);
}

/* Demonyms: the country is concerned, no place is marked; French and Spanish
 * write them in lower case as adjectives, English never. */
static void
test_demonym_adjectives (void)
{
  const TextCase cases[] = {
    { "Russian forces struck the city overnight.", "RU" },
    { "Les forces russes ont frappé la ville.", "RU" },
    { "Las fuerzas rusas bombardearon la ciudad.", "RU" },
    { "El ejército iraquí lanzó una ofensiva.", "IQ" },
    { "Des soldats maliens ont été tués.", "ML" },
    { "Los soldados colombianos patrullan la frontera.", "CO" },
    /* English demonyms news writes where world-countries has older ones
     * ("Kirghiz", "Tadzhik") */
    { "Kyrgyz guards returned fire.", "KG" },
    { "Tajik forces opened fire.", "TJ" },
    /* Arabic nisbas, with the article and a proclitic, feminine and plural:
     * "the Russian forces shelled the city", "Iraqi officials said", "the
     * minister met the Americans" (of a two-word country name, from the
     * exceptions). */
    { "قصفت القوات الروسية المدينة.", "RU" },
    { "قال مسؤولون عراقيون إن الوضع هادئ.", "IQ" },
    { "والتقى الوزير بالأمريكيين أمس.", "US" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, cases[i].text, 0);
      g_autofree char *json = vigil_analysis_to_json (a, FALSE);
      g_autoptr (VigilAnalysis) back = vigil_analysis_from_json (json);

      g_test_message ("%s -> %s", cases[i].text, json);
      g_assert_cmpuint (a->demonyms->len, ==, 1);
      g_assert_cmpstr (g_array_index (a->demonyms, VigilDemonym, 0).country, ==, cases[i].expected);
      g_assert_cmpuint (n_places (a), ==, 0);
      /* Kept with the stored annotations. */
      g_assert_cmpuint (back->demonyms->len, ==, 1);
      g_assert_cmpstr (g_array_index (back->demonyms, VigilDemonym, 0).country, ==,
                       cases[i].expected);
    }
  {
    /* English writes them capitalised: "russian" is no demonym there; the
     * JSON of an article without one has no "demonyms". */
    g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "He spoke in russian to the guards.", 0);
    g_autofree char *json = vigil_analysis_to_json (a, FALSE);
    g_assert_cmpuint (a->demonyms->len, ==, 0);
    g_assert_null (strstr (json, "demonyms"));
  }
  {
    /* "سورية" is Syria as often as "Syrian" (feminine): a place, not a demonym. */
    g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "وصل الوفد إلى سورية أمس.", 0);
    g_assert_cmpuint (a->demonyms->len, ==, 0);
    place_in (a, "سورية", "SY");
  }
}

int
main (int argc, char *argv[])
{
  analysis_test_init (&argc, &argv);
  g_test_add_func ("/analysis/tokenizer-offsets", test_tokenizer_offsets);
  g_test_add_func ("/analysis/tokenizer-mixed-scripts", test_tokenizer_mixed_scripts);
  g_test_add_func ("/analysis/tokenizer-dateline", test_tokenizer_dateline);
  g_test_add_func ("/analysis/long-text", test_long_text);
  g_test_add_func ("/analysis/language", test_language);
  g_test_add_func ("/analysis/fold-matches-definition", test_fold_matches_definition);
  g_test_add_func ("/analysis/fold-base-letters", test_fold_base_letters);
  g_test_add_func ("/analysis/world-places", test_world_places);
  g_test_add_func ("/analysis/country-names", test_country_names);
  g_test_add_func ("/analysis/word-subdivisions", test_word_subdivisions);
  g_test_add_func ("/analysis/listed-agencies", test_listed_agencies);
  g_test_add_func ("/analysis/regions", test_regions);
  g_test_add_func ("/analysis/place-ambiguity", test_place_ambiguity);
  g_test_add_func ("/analysis/company-branches", test_company_branches);
  g_test_add_func ("/analysis/city-english-names", test_city_english_names);
  g_test_add_func ("/analysis/name-of-two-countries", test_name_of_two_countries);
  g_test_add_func ("/analysis/small-towns", test_small_towns);
  g_test_add_func ("/analysis/demonym-regions", test_demonym_regions);
  g_test_add_func ("/analysis/unknown-places-in-context", test_unknown_places_in_context);
  g_test_add_func ("/analysis/places-in-capitals", test_places_in_capitals);
  g_test_add_func ("/analysis/word-place-in-name", test_word_place_in_name);
  g_test_add_func ("/analysis/arabic-clitics", test_arabic_clitics);
  g_test_add_func ("/analysis/demonym-adjectives", test_demonym_adjectives);
  g_test_add_func ("/analysis/demonyms", test_demonyms);
  g_test_add_func ("/analysis/places-checked", test_places_checked);
  return analysis_test_run ();
}
