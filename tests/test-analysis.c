/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tokenizer offsets, gazetteer matching, person rules, risk terms and scores. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-cluster.h"
#include "vigil-highlight.h"
#include "vigil-html.h"
#include "vigil-test-utils.h"

static VigilGazetteer *gaz;

static gboolean
has_entity (VigilAnalysis *a, VigilEntityType type, const char *text, const char *canonical)
{
  for (guint i = 0; i < a->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      if (e->type == type && g_str_equal (e->text, text)
          && (canonical == NULL || g_str_equal (e->canonical, canonical)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_risk (VigilAnalysis *a, const char *text)
{
  for (guint i = 0; i < a->risks->len; i++)
    if (g_str_equal (g_array_index (a->risks, VigilRisk, i).text, text))
      return TRUE;
  return FALSE;
}

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

static void
test_embassy_article (void)
{
  const char *text = "US embassy in Baghdad draws down diplomats after rocket attacks\n"
                     "BAGHDAD (AFP) - The American embassy has partially withdrawn its staff, two "
                     "senior Iraqi officials told AFP. "
                     "Washington has been angered by dozens of rocket attacks and roadside bombs "
                     "targeting its mission in Iraq. "
                     "A State Department spokesperson said US ambassador Matthew Tueller was still "
                     "in Iraq. Tueller met officials. "
                     "Washington blamed Kataeb Hezbollah, which is close to Iran. Rockets hit "
                     "homes near Zawraa park. "
                     "President Donald Trump has weeks left; who knows what Mr Trump will do.";
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, text, 63);

  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Matthew Tueller", "Matthew Tueller"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Tueller", "Matthew Tueller"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Donald Trump", "Donald Trump"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Trump", "Donald Trump"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "AFP", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "State Department", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Kataeb Hezbollah", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Baghdad", "Baghdad"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "BAGHDAD", "Baghdad"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Iraq", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Iran", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Washington", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Zawraa park", NULL));
  /* "who" is not the WHO, "Rockets" is not a place */
  g_assert_false (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "who", NULL));
  g_assert_true (has_risk (a, "draws down"));
  g_assert_true (has_risk (a, "rocket attacks"));
  g_assert_true (has_risk (a, "roadside bombs"));
  g_assert_true (has_risk (a, "Rockets"));
  g_assert_cmpstr (a->level, ==, "critical");
  g_assert_cmpstr (a->language, ==, "en");

  /* Offsets are code points into the text. */
  for (guint i = 0; i < a->entities->len; i++)
    {
      VigilEntity *e = &g_array_index (a->entities, VigilEntity, i);
      g_autofree char *slice = g_utf8_substring (text, e->start, e->end);
      g_assert_cmpstr (slice, ==, e->text);
    }
}

static void
test_calm_text (void)
{
  const char *text = "Shares in Beirut's banks rocketed after the tourism season. Fans in Amman "
                     "celebrated a win "
                     "over Jordan's rivals; who could have predicted it?";
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, text, 0);

  g_assert_cmpuint (a->risks->len, ==, 0);
  g_assert_cmpint (a->score, ==, 0);
  g_assert_cmpstr (a->level, ==, "low");
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Beirut", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "who", NULL));
}

static void
test_calm_context (void)
{
  const char *calm[] = {
    "The company announced the drawdown of a credit facility worth 200 million dollars.",
    "Investors attack the market after shares rocketed.",
    "He died of a heart attack on Tuesday.",
    "The explosion in demand killed the deal.",
    "A flood of orders reached the factory; the landslide victory surprised no one.",
  };
  g_autoptr (VigilAnalysis) risky
      = vigil_analyze (gaz, "A rocket attack hit the base; the drawdown of staff began.", 0);
  g_autoptr (VigilAnalysis) fr = vigil_analyze (gaz,
                                                "Des tirs de roquettes ont visé l'ambassade ; un "
                                                "couvre-feu a été décrété et trois otages enlevés.",
                                                0);

  for (guint i = 0; i < G_N_ELEMENTS (calm); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, calm[i], 0);
      g_test_message ("%s -> %d", calm[i], a->score);
      g_assert_cmpuint (a->risks->len, ==, 0);
      g_assert_cmpstr (a->level, ==, "low");
    }
  g_assert_true (has_risk (risky, "rocket attack"));
  g_assert_true (has_risk (risky, "drawdown"));
  g_assert_true (has_risk (fr, "tirs de roquettes"));
  g_assert_true (has_risk (fr, "couvre-feu"));
  g_assert_true (has_risk (fr, "otages"));
  g_assert_cmpstr (fr->language, ==, "fr");
  g_assert_cmpstr (fr->level, ==, "high");
}

static const VigilRisk *
find_risk (VigilAnalysis *a, const char *text)
{
  for (guint i = 0; i < a->risks->len; i++)
    if (g_str_equal (g_array_index (a->risks, VigilRisk, i).text, text))
      return &g_array_index (a->risks, VigilRisk, i);
  return NULL;
}

/* The lexicon lists "injure/v, injury/n"; every inflection is found, as the same
 * category, and the irregular forms come from the exception list. */
static void
test_risk_inflections (void)
{
  static const struct
  {
    const char *text, *form, *category;
  } cases[] = {
    { "Four soldiers were injured in the raid.", "injured", "casualties" },
    { "The blast caused serious injuries to passers-by.", "injuries", "casualties" },
    { "Gunmen opened fire, injuring six.", "injuring", "casualties" },
    { "A shell can injure anyone within 50 metres.", "injure", "casualties" },
    { "An injury was reported at the checkpoint.", "injury", "casualties" },
    { "The device detonated near a police station.", "detonated", "ied" },
    { "A policeman was shot dead at the gate.", "shot dead", "armed-violence" },
    { "Ballistic missiles struck the port.", "Ballistic missiles", "indirect-fire" },
    { "Two militants were arrested in the raid.", "arrested", "detention" },
    { "Residents are fleeing as rebels advance; the town is under siege.", "siege",
      "armed-violence" },
    { "Heavy fighting continued overnight.", "Heavy fighting", "armed-violence" },
    { "A power cut left the capital in darkness.", "power cut", "infrastructure" },
    { "Power cuts hit the south.", "Power cuts", "infrastructure" },
    { "Police used a water cannon on the crowd.", "water cannon", "civil-unrest" },
    { "The government declared a state of emergency.", "state of emergency", "civil-unrest" },
    { "Residents were told to shelter in place.", "shelter in place", "advisory" },
    { "Famine has been declared in two districts.", "Famine", "disaster" },
    { "Cases of mpox rose this week.", "mpox", "health" },
    { "Pirates hijacked a tanker off the coast; the ship sank later.", "ship sank", "maritime" },
    { "Trois civils ont été blessés par des tirs.", "blessés", "casualties" },
    { "Une coupure de courant a touché la ville.", "coupure de courant", "infrastructure" },
    { "Dos policías resultaron heridos.", "heridos", "casualties" },
    { "He was shot in the abdomen and died later.", "was shot", "armed-violence" },
    { "Two guards were shot and wounded at the gate.", "shot and wounded", "armed-violence" },
    { "The governor was assassinated on Monday.", "assassinated", "armed-violence" },
    { "He was charged with murder.", "murder", "armed-violence" },
    { "Coalition aircraft bombed the village.", "bombed", "armed-violence" },
    { "The opposition leader was jailed for five years.", "jailed", "detention" },
    { "Thousands joined demonstrations against the government.", "demonstrations", "civil-unrest" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, cases[i].text, 0);
      const VigilRisk *r = find_risk (a, cases[i].form);

      g_test_message ("%s", cases[i].text);
      g_assert_nonnull (r);
      g_assert_cmpstr (r->category, ==, cases[i].category);
    }
}

/* Event words of the ACLED categories that the lexicon lacked (raids,
 * assaults, battles, executions, armed groups, crashes, victims), each found
 * with its category, and the everyday readings (sport, business, politics)
 * that must stay calm. */
static void
test_risk_event_words (void)
{
  static const struct
  {
    const char *text, *term, *category; /* term: how the matched form begins */
  } risky[] = {
    { "Special forces carried out a night raid on the compound.", "raid", "armed-violence" },
    { "Marines began their assault on the insurgent-held town.", "assault", "armed-violence" },
    { "Militants fired on the convoy near the border.", "militant", "armed-groups" },
    { "The battle for the city entered its third week.", "battle", "armed-violence" },
    { "Two aid workers were executed by the group.", "were executed", "armed-violence" },
    { "A terrorist cell was dismantled in the city.", "terrorist", "armed-groups" },
    { "Insurgents crossed the river at night.", "insurgent", "armed-groups" },
    { "Rebels took control of the town of Bunia.", "rebel", "armed-groups" },
    { "The helicopter crash in the mountains left no survivors.", "helicopter crash", "disaster" },
    { "Dozens of victims were taken to hospital.", "victim", "casualties" },
    { "Rescuers searched the rubble after the building collapse.", "building collapse",
      "disaster" },
    { "Gunmen stormed a hotel in the capital overnight.", "storm", "armed-violence" },
    { "A storm uprooted trees along the coast.", "storm", "disaster" },
    { "Unions called a general strike for Monday.", "general strike", "civil-unrest" },
    { "Federal troops fought militiamen outside the town.", "troops fought", "armed-violence" },
    { "Two drones struck a base in the east.", "drones struck", "indirect-fire" },
  };
  const char *calm[] = {
    "Shoppers raid the sales on the first day.",
    "The band won the battle of the bands.",
    "The court battle over the merger continues.",
    "The plan was executed flawlessly by the team.",
    "Tory rebels voted against the bill.",
    "The firm was a victim of its own success.",
    "The assault course was muddy after the rain.",
    "The film took the festival by storm.",
    "She stormed out of the meeting.",
    "The minister faced a storm of criticism.",
    "The champion stormed to victory in the final.",
    "The fund made a dawn raid on Xstrata shares.",
    "The takeover battle for the retailer ended.",
    "The search warrant was executed on Tuesday.",
    "The court granted a stay of execution.",
    "Small firms fell victim to rising costs.",
    "Rebel shareholders voted against the pay deal.",
    "Militant union leaders called for talks.",
    "Le groupe part à l'assaut du marché indien.",
    "The soldiers fought back tears at the ceremony.",
    "There were no casualties and no fatalities.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (risky); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, risky[i].text, 0);
      gboolean found = FALSE;

      for (guint r = 0; r < a->risks->len; r++)
        {
          VigilRisk *risk = &g_array_index (a->risks, VigilRisk, r);
          found |= g_str_has_prefix (risk->term, risky[i].term)
                   && g_str_equal (risk->category, risky[i].category);
        }
      g_test_message ("%s -> %u risks", risky[i].text, a->risks->len);
      g_assert_true (found);
    }
  for (guint i = 0; i < G_N_ELEMENTS (calm); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, calm[i], 0);

      g_test_message ("%s -> %u risks", calm[i], a->risks->len);
      g_assert_cmpuint (a->risks->len, ==, 0);
      g_assert_cmpstr (a->level, ==, "low");
    }
}

/* Calm readings of risk words stay calm, whichever side the calm word is on. */
static void
test_risk_calm_readings (void)
{
  const char *calm[] = {
    "Shares rocket to record high.",
    "Prices rocket after the budget.",
    "The striker's attack was brilliant.",
    "Their attack was relentless and the midfielder scored twice.",
    "He died of a heart attack on Tuesday.",
    "The company completed a credit facility drawdown.",
    "The drawdown of the revolving credit facility was completed.",
    "The drone of the bees filled the garden.",
    "Pension funds drew down their reserves.",
    "The midfielder is out with a hamstring injury.",
    "The coup for the company was signing the striker.",
    "The blackout period for the shares ends on Friday.",
    "A landslide victory for the opposition.",
    "The film was shot in Morocco last year.",
    "She wrote a murder mystery set in Venice.",
    "His critics engaged in character assassination.",
    "The sequel bombed at the box office.",
    "Live demonstrations of the new software drew crowds.",
  };
  /* Organisations and words that sport shares with conflict news do not calm. */
  const char *risky[] = {
    "The Arab League condemned the attack on the convoy.",
    "A coach carrying pilgrims was hit by a roadside bomb, injuring ten.",
    "Football fans clashed with police after the match.",
    "Regional players condemned the drone strike.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (calm); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, calm[i], 0);

      g_test_message ("%s -> %d", calm[i], a->score);
      g_assert_cmpuint (a->risks->len, ==, 0);
      g_assert_cmpstr (a->level, ==, "low");
    }
  for (guint i = 0; i < G_N_ELEMENTS (risky); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, risky[i], 0);

      g_test_message ("%s -> %d", risky[i], a->score);
      g_assert_cmpuint (a->risks->len, >, 0);
    }
}

/* Deaths, an ordered departure and "do not travel" make a story critical on their
 * own; the same words in a calm reading do not. */
static void
test_risk_critical (void)
{
  const char *critical[] = {
    "Three people were killed and 12 injured when a car bomb detonated.",
    "Two civilians died after the strike on the market.",
    "The death toll rose to 40.",
    "The State Department ordered the departure of non-emergency staff; this is an ordered "
    "departure.",
    "Do not travel to the border region.",
    "Deux soldats ont été tués dans une embuscade.",
  };
  g_autoptr (VigilAnalysis) calm
      = vigil_analyze (gaz, "The new tax killed the deal and the talks are dead.", 0);

  for (guint i = 0; i < G_N_ELEMENTS (critical); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, critical[i], 0);

      g_test_message ("%s -> %d", critical[i], a->score);
      g_assert_cmpint (a->score, >=, 50);
      g_assert_cmpstr (a->level, ==, "critical");
    }
  g_assert_cmpuint (calm->risks->len, ==, 0);
  g_assert_cmpstr (calm->level, ==, "low");
}

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

/* Two tagged names joined by "and" or "&" are one when the second ends in a
 * head word; two names that are not stay two. */
static void
test_names_joined (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Visitors went to the Evergreen Aviation & Space Museum in Oregon. The New York City "
      "Health and Hospitals Corporation runs the hospitals. France and Germany agreed.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Evergreen Aviation & Space Museum", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION,
                             "New York City Health and Hospitals Corporation", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "France", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Germany", NULL));
}

/* Bases, airports and streets are places, whatever the tagger read in their
 * first word: the head word says so ("Andrews Air Force Base"), a lower-case
 * one after the name too ("Ain al-Asad air base"), and a hyphen inside a
 * name does not cut it ("Wright-Patterson"). Sentences of the kind a desk
 * reads, not from the evaluation corpora. */
static void
test_facility_places (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "Two rockets struck Ain al-Asad air base in western Iraq on Tuesday. Wounded "
      "contractors were flown to Landstuhl Regional Medical Center and then to Andrews Air "
      "Force Base, officials at Wright-Patterson Air Force Base said. Protesters gathered on "
      "Rashid Street near Baghdad International Airport.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Ain al-Asad", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_PERSON, "Ain al-Asad", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Andrews Air Force Base", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Wright-Patterson Air Force Base", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Wright", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Patterson", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Rashid Street", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Baghdad International Airport", NULL));
}

/* What the site rules must leave alone: two listed places joined by a hyphen
 * stay two ("the Russia-Ukraine war"), a person before "base" or "prison" in
 * lower case stays a person ("the Trump base"), and a city's name that the
 * model reads as a person before "said" stays that person ("Dallas said"). */
static void
test_site_rules_leave (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "The Russia-Ukraine war entered its fourth year. Republicans fear the Donald Trump base "
      "will stay home. Alexei Navalny was moved, and the Navalny prison sentence was extended.",
      0);
  g_autoptr (VigilAnalysis) b
      = vigil_analyze (gaz,
                       "Mavericks owner Mark Dallas met reporters. Dallas said he would not "
                       "resign.",
                       0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Russia", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_LOCATION, "Ukraine", "Ukraine"));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Russia-Ukraine", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Trump", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Navalny", NULL));
  g_assert_false (has_entity (b, VIGIL_ENTITY_LOCATION, "Dallas", NULL));
}

/* An organisation's "X of Y" name goes on through "and" when ordinary words
 * follow ("Department of Housing and Urban Development"), not when another
 * name does ("the Bank of England and Barclays"). */
static void
test_of_name_and (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "The grant came from the Department of Housing and Urban Development last year. The "
      "Ministry of Foreign Affairs and International Cooperation said talks would resume. The "
      "Bank of England and Barclays declined to comment, and the Ministry of Defence and "
      "Britain's allies met on Friday.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION,
                             "Department of Housing and Urban Development", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION,
                             "Ministry of Foreign Affairs and International Cooperation", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Bank of England", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Bank of England and Barclays", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Ministry of Defence", NULL));
}

/* Listed acronyms written with dots are the same names ("U.N.", "E.U.",
 * "N.A.T.O."), but not their letters apart ("U N"). */
static void
test_dotted_acronyms (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz, "A U.N. envoy said aid was blocked. The E.U. and N.A.T.O. said nothing.", 0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (gaz, "He said U N was fine.", 0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "U.N.", "United Nations"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "E.U.", "European Union"));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "N.A.T.O.", NULL));
  g_assert_cmpuint (b->entities->len, ==, 0);
}

/* A party named with "party" in lower case is an organisation, the word
 * included ("the Republican party", "the Labour party leader"); a party on a
 * holiday is not. */
static void
test_party_names (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "He left the Republican party in 2010. The Labour party leader spoke later. They held a "
      "Christmas party on Friday.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Republican party", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Labour party", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Labour", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Christmas party", NULL));
}

/* A head word before "of" and a capitalised word makes an organisation's name
 * even where the tagger saw none, around the place it names. */
static void
test_head_of (void)
{
  g_autoptr (VigilAnalysis) a
      = vigil_analyze (gaz, "Meanwhile, Bank of Scotland customers earn 3% on their balances.", 0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Bank of Scotland", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Scotland", NULL));
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

static const VigilEntity *
find_entity (VigilAnalysis *a, const char *text)
{
  for (guint i = 0; i < a->entities->len; i++)
    if (g_str_equal (g_array_index (a->entities, VigilEntity, i).text, text))
      return &g_array_index (a->entities, VigilEntity, i);
  return NULL;
}

static void
test_world_places (void)
{
  g_autoptr (VigilAnalysis) us
      = vigil_analyze (gaz, "Protests spread from Atlanta, Georgia, to Savannah overnight.", 0);
  g_autoptr (VigilAnalysis) ge
      = vigil_analyze (gaz, "Talks resumed in Tbilisi, Georgia, on Monday.", 0);
  g_autoptr (VigilAnalysis) words = vigil_analyze (
      gaz, "Reading the report, officials in Split were calm. He moved to Reading in May.", 0);
  g_autoptr (VigilAnalysis) fr
      = vigil_analyze (gaz, "Des roquettes ont visé l'ambassade en Irak, selon la Syrie.", 0);
  g_autoptr (VigilAnalysis) ar = vigil_analyze (gaz, "سقطت صواريخ قرب السفارة في العراق", 0);
  g_autoptr (VigilAnalysis) city
      = vigil_analyze (gaz, "Shelling was reported in Kharkiv and Karachi.", 0);
  const VigilEntity *e;

  e = find_entity (us, "Georgia");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "US"); /* the state: Atlanta and Savannah are American */
  e = find_entity (ge, "Georgia");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "GE");
  /* Sentence-initial "Reading" is the word; mid-sentence it is the town. */
  e = find_entity (words, "Reading");
  g_assert_nonnull (e);
  g_assert_cmpuint (e->start, ==, 62);
  e = find_entity (words, "Split");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "HR");
  g_assert_cmpuint (g_array_index (words->entities, VigilEntity, words->entities->len - 1).start,
                    ==, 62);
  e = find_entity (fr, "Irak");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "IQ");
  g_assert_nonnull (find_entity (fr, "Syrie"));
  e = find_entity (ar, "العراق");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "IQ");
  e = find_entity (city, "Kharkiv");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "UA");
  g_assert_true (e->has_geo);
  e = find_entity (city, "Karachi");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->country, ==, "PK");
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

/* Countries by the names news uses, not only ISO's, with their coordinates. */
static void
test_country_names (void)
{
  g_autoptr (VigilAnalysis) a
      = vigil_analyze (gaz, "Russia pounded Ukraine with missiles and drones.", 0);
  g_autoptr (VigilAnalysis) b = vigil_analyze (
      gaz, "Britain, the UK, the UAE, Ivory Coast, Macedonia and the Russian Federation met.", 0);
  g_autoptr (VigilAnalysis) fr = vigil_analyze (gaz, "La Russie et la Côte d'Ivoire.", 0);
  g_autoptr (VigilAnalysis) es = vigil_analyze (gaz, "Rusia y Costa de Marfil firmaron.", 0);
  g_autoptr (VigilAnalysis) ar = vigil_analyze (gaz, "قصفت روسيا أوكرانيا", 0);
  g_autoptr (VigilAnalysis) codes
      = vigil_analyze (gaz, "IN BAGHDAD, IT IS SAID NO ONE IS TO BE BLAMED, AS ME OR YOU.", 0);
  const VigilEntity *e;

  e = place_in (a, "Russia", "RU");
  g_assert_true (e->has_geo);
  place_in (a, "Ukraine", "UA");
  place_in (b, "Britain", "GB");
  place_in (b, "UK", "GB");
  place_in (b, "UAE", "AE");
  place_in (b, "Ivory Coast", "CI");
  place_in (b, "Macedonia", "MK");
  /* ISO's own name takes the coordinates the country's other names have */
  e = place_in (b, "Russian Federation", "RU");
  g_assert_true (e->has_geo);
  place_in (fr, "Russie", "RU");
  place_in (fr, "Côte d'Ivoire", "CI");
  place_in (es, "Rusia", "RU");
  place_in (es, "Costa de Marfil", "CI");
  place_in (ar, "روسيا", "RU");
  /* Two-letter codes that are English words are never places, even in capitals. */
  place_in (codes, "BAGHDAD", "IQ");
  g_assert_cmpuint (n_places (codes), ==, 1);
}

/* Demonyms tell which country an article is about without being places. */
static void
test_demonyms (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "Russian forces advanced.", 0);
  g_autoptr (VigilAnalysis) lb = vigil_analyze (gaz, "Lebanese troops entered Tripoli.", 0);
  g_autoptr (VigilAnalysis) ly = vigil_analyze (gaz, "Libyan troops entered Tripoli.", 0);
  g_autoptr (VigilAnalysis) fr = vigil_analyze (gaz, "Les Libanais ont fui Tripoli.", 0);
  g_autoptr (VigilAnalysis) org
      = vigil_analyze (gaz, "Iraqi Security Forces entered Mosul, Iraqi officials said.", 0);
  g_autofree char *json = NULL;

  g_assert_cmpuint (a->entities->len, ==, 0);
  json = vigil_analysis_to_json (a, FALSE);
  /* Not an entity: the country, under "demonyms". */
  g_assert_nonnull (strstr (json, "\"entities\":[]"));
  g_assert_nonnull (strstr (json, "\"country\":\"RU\""));
  place_in (lb, "Tripoli", "LB");
  place_in (ly, "Tripoli", "LY");
  place_in (fr, "Tripoli", "LB");
  g_assert_cmpuint (n_places (lb), ==, 1);
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

/* Cities that English text names otherwise than GeoNames: the same city,
 * located, whichever way it is written. */
static void
test_city_english_names (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz, "Drones struck Odesa and Mykolaiv overnight, and shelling hit Avdiivka.", 0);
  g_autoptr (VigilAnalysis) b
      = vigil_analyze (gaz, "Officials in Gothenburg, Nuremberg and Kismaayo said so.", 0);
  g_autoptr (VigilAnalysis) c = vigil_analyze (gaz, "Police in Genève and in Odessa said so.", 0);
  const VigilEntity *e;

  place_in (a, "Odesa", "UA");
  place_in (a, "Mykolaiv", "UA");
  place_in (a, "Avdiivka", "UA");
  place_in (b, "Gothenburg", "SE");
  place_in (b, "Nuremberg", "DE");
  place_in (b, "Kismaayo", "SO");
  /* One place behind both names: the canonical name is the same. */
  e = find_entity (a, "Odesa");
  g_assert_cmpstr (e->canonical, ==, find_entity (c, "Odessa")->canonical);
  g_assert_true (e->has_geo);
  g_assert_cmpfloat_with_epsilon (e->lat, 46.48, 0.05);
  place_in (c, "Genève", "CH");
}

/* Places of one name: context first, then prominence; dates are never places. */
static void
test_place_ambiguity (void)
{
  g_autoptr (VigilAnalysis) gaza = vigil_analyze (gaz, "Aid reached Gaza on Tuesday.", 0);
  g_autoptr (VigilAnalysis) mz
      = vigil_analyze (gaz, "Floods hit Gaza province in southern Mozambique.", 0);
  g_autoptr (VigilAnalysis) ps = vigil_analyze (
      gaz, "Officials in Washington and Texas talked about Palestine on Sunday.", 0);
  g_autoptr (VigilAnalysis) dates = vigil_analyze (
      gaz, "The talks in March in Geneva were moved to May. On Sunday, March 3, they met.", 0);
  g_autoptr (VigilAnalysis) us = vigil_analyze (gaz, "Troops left the U.S. in June.", 0);
  g_autoptr (VigilAnalysis) words = vigil_analyze (
      gaz, "Students of Columbia University marched in the Arab Spring anniversary.", 0);

  place_in (gaza, "Gaza", "PS");
  g_assert_cmpuint (gaza->entities->len, ==, 1);
  place_in (mz, "Gaza", "MZ");
  place_in (ps, "Palestine", "PS");
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

/* Arabic core risk terms: verbs and nouns as news writes them, fatalities
 * critical; calm readings stay calm (a football attack, a ceasefire, a truck
 * overturned without injuries, peaceful marches). */
static void
test_arabic_risk (void)
{
  g_autoptr (VigilAnalysis) attack = vigil_analyze (
      gaz,
      "قصفت القوات الروسية مدينة خاركيف، وقال مسؤولون أوكرانيون إن الهجوم أسفر عن مقتل "
      "ثلاثة مدنيين وإصابة آخرين بعبوة ناسفة.",
      0);
  const char *calm[] = {
    "سجل اللاعب هدفا في هجوم خاطف خلال المباراة.",
    "أعلنت الحكومة وقف إطلاق النار في المدينة.",
    "انقلاب شاحنة على الطريق السريع دون إصابات.",
    "خرجت مسيرات احتجاجية سلمية في العاصمة.",
  };

  g_assert_true (has_risk (attack, "قصفت"));
  g_assert_true (has_risk (attack, "الهجوم"));
  g_assert_true (has_risk (attack, "مقتل"));
  g_assert_true (has_risk (attack, "بعبوة ناسفة"));
  g_assert_cmpstr (attack->level, ==, "critical");
  for (gsize i = 0; i < G_N_ELEMENTS (calm); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, calm[i], 0);
      g_test_message ("%s", calm[i]);
      g_assert_cmpstr (a->level, ==, "low");
      for (guint r = 0; r < a->risks->len; r++)
        g_assert_cmpstr (g_array_index (a->risks, VigilRisk, r).category, !=, "armed-violence");
    }
}

/* Demonyms: the country is concerned, no place is marked; French and Spanish
 * write them in lower case as adjectives, English never. */
static void
test_demonym_adjectives (void)
{
  const struct
  {
    const char *text, *country;
  } cases[] = {
    { "Russian forces struck the city overnight.", "RU" },
    { "Les forces russes ont frappé la ville.", "RU" },
    { "Las fuerzas rusas bombardearon la ciudad.", "RU" },
    { "El ejército iraquí lanzó una ofensiva.", "IQ" },
    { "Des soldats maliens ont été tués.", "ML" },
    { "Los soldados colombianos patrullan la frontera.", "CO" },
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
      g_assert_cmpstr (g_array_index (a->demonyms, VigilDemonym, 0).country, ==, cases[i].country);
      g_assert_cmpuint (n_places (a), ==, 0);
      /* Kept with the stored annotations. */
      g_assert_cmpuint (back->demonyms->len, ==, 1);
      g_assert_cmpstr (g_array_index (back->demonyms, VigilDemonym, 0).country, ==,
                       cases[i].country);
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

static void
test_name_rules (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (
      gaz,
      "The Popular Mobilisation Forces denied it. \"We will respond,\" Qais al-Khazali told "
      "reporters. The Ministry of Interior said the Rapid Response Brigades were deployed, "
      "Ahmed Hassan said. Khazali later left.",
      0);

  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Popular Mobilisation Forces", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Ministry of Interior", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Rapid Response Brigades", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Qais al-Khazali", NULL));
  /* "Hassan" is also a town in India: not inside a person's name */
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Ahmed Hassan", NULL));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Hassan", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Khazali", "Qais al-Khazali"));
  {
    g_autoptr (VigilAnalysis) b = vigil_analyze (
        gaz, "Officers of the US Army and the Iraq Security Council met in Erbil.", 0);
    g_assert_true (has_entity (b, VIGIL_ENTITY_ORGANIZATION, "US Army", NULL));
    g_assert_true (has_entity (b, VIGIL_ENTITY_ORGANIZATION, "Iraq Security Council", NULL));
    g_assert_false (has_entity (b, VIGIL_ENTITY_LOCATION, "US", NULL));
    g_assert_true (has_entity (b, VIGIL_ENTITY_LOCATION, "Erbil", NULL));
  }
}

/* The name tagger finds names no list holds and no title announces; short
 * forms and defined acronyms take the full name's type. */
static void
test_tagger_names (void)
{
  g_autoptr (VigilAnalysis) a = NULL;
  g_autoptr (VigilAnalysis) b = NULL;
  g_autoptr (VigilAnalysis) c = NULL;
  g_autoptr (VigilAnalysis) d = NULL;
  g_autoptr (VigilAnalysis) e = NULL;

  g_assert_nonnull (vigil_gazetteer_get_tagger (gaz));
  a = vigil_analyze (gaz,
                     "Former Federal Reserve chairman Alan Greenspan warned on Tuesday that "
                     "inflation could return.",
                     0);
  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Alan Greenspan", NULL));
  g_assert_true (has_entity (a, VIGIL_ENTITY_ORGANIZATION, "Federal Reserve", NULL));
  b = vigil_analyze (gaz,
                     "Prime Minister Hamid Dbeibah met Assimi Goita in Tripoli. Dbeibah said the "
                     "talks went well.",
                     0);
  g_assert_true (has_entity (b, VIGIL_ENTITY_PERSON, "Hamid Dbeibah", NULL));
  g_assert_true (has_entity (b, VIGIL_ENTITY_PERSON, "Assimi Goita", NULL));
  g_assert_true (has_entity (b, VIGIL_ENTITY_PERSON, "Dbeibah", "Hamid Dbeibah"));
  /* "… said" makes nobody a person, and a sentence end is not crossed. */
  c = vigil_analyze (gaz, "Electronic Data Systems said profits rose. The company is in Texas.", 0);
  for (guint i = 0; i < c->entities->len; i++)
    g_assert_cmpint (g_array_index (c->entities, VigilEntity, i).type, !=, VIGIL_ENTITY_PERSON);
  g_assert_true (has_entity (c, VIGIL_ENTITY_ORGANIZATION, "Electronic Data Systems", NULL));
  d = vigil_analyze (gaz,
                     "The Popular Mobilization Forces (PMF) denied the report. A PMF spokesman "
                     "said fighters were redeployed.",
                     0);
  g_assert_true (has_entity (d, VIGIL_ENTITY_ORGANIZATION, "Popular Mobilization Forces", NULL));
  g_assert_true (has_entity (d, VIGIL_ENTITY_ORGANIZATION, "PMF", "Popular Mobilization Forces"));
  /* A place defines its acronym too. */
  e = vigil_analyze (gaz,
                     "Shuttles launched from the Kennedy Space Center (KSC) in Florida. KSC "
                     "closed in 2011.",
                     0);
  g_assert_true (has_entity (e, VIGIL_ENTITY_LOCATION, "KSC", NULL));
}

/* A missing or damaged model: said once, and the lists and rules still work. */
static void
test_tagger_missing (void)
{
  g_autofree char *dir = vigil_test_make_tmp_dir ("vigil-model-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "names.model", NULL);
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
    for (guint i = 0; i < 60000; i++)
      g_string_append (acronyms, "PMF said. ");
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

static GPtrArray *
names (const char *first, ...)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, first);
  for (const char *n = first; n; n = va_arg (ap, const char *))
    g_ptr_array_add (out, g_strdup (n));
  va_end (ap);
  return out;
}

static void
test_clustering (void)
{
  const char *wire
      = "BAGHDAD (AFP) - The American embassy in Baghdad has partially withdrawn its staff "
        "due to security concerns, two senior Iraqi officials told AFP late on Wednesday. "
        "Washington has been angered by dozens of rocket attacks.";
  const char *reprint
      = "BAGHDAD - The American embassy in Baghdad has partially withdrawn its staff "
        "due to security concerns, two senior Iraqi officials told AFP late Wednesday. "
        "Washington has been angered by dozens of rocket attacks.";
  const char *other
      = "Farmers in Basra say a mild summer and restored irrigation canals have produced "
        "the best date harvest in ten years, and exports to Kuwait should rise.";
  g_autoptr (VigilClusterer) c = vigil_clusterer_new (48 * 3600);
  g_autoptr (GPtrArray) story = names ("Baghdad", "United States", "Matthew Tueller",
                                       "US Department of State", "Kataeb Hezbollah", NULL);
  g_autoptr (GPtrArray) rewritten = names ("Baghdad", "United States", "Matthew Tueller",
                                           "Kataeb Hezbollah", "Green Zone", NULL);
  g_autoptr (GPtrArray) harvest = names ("Basra", "Kuwait", "Iraq", NULL);
  g_autoptr (GPtrArray) none = names (NULL, NULL);
  g_autoptr (GPtrArray) generic
      = names ("Baghdad", "United States", "Iraq", "Hilla", "Babil", "Security Media Cell", NULL);
  guint64 h1 = vigil_simhash (wire), h2 = vigil_simhash (reprint), h3 = vigil_simhash (other);

  g_test_message ("distances: reprint %u, other %u", vigil_simhash_distance (h1, h2),
                  vigil_simhash_distance (h1, h3));
  g_assert_cmpuint (vigil_simhash_distance (h1, h2), <=, 10);
  g_assert_cmpuint (vigil_simhash_distance (h1, h3), >, 20);

  vigil_clusterer_add (c, 10, 10, 100000, h1, story);
  vigil_clusterer_add (c, 11, 11, 100000, h3, harvest);
  /* A reprint of the wire text joins its story. */
  g_assert_cmpint (vigil_clusterer_find (c, 101000, h2, none), ==, 10);
  /* A rewritten headline about the same people, organisations and places joins it too. */
  g_assert_cmpint (
      vigil_clusterer_find (c, 103000,
                            vigil_simhash ("Diplomats leave Baghdad as US orders partial drawdown"),
                            rewritten),
      ==, 10);
  /* Two places in common is not a story. */
  g_assert_cmpint (
      vigil_clusterer_find (c, 103000, vigil_simhash ("Roadside bomb hits convoy south of Baghdad"),
                            generic),
      ==, 0);
  /* Three days later it is another story. */
  g_assert_cmpint (vigil_clusterer_find (c, 100000 + 3 * 86400, h2, story), ==, 0);
}

static void
test_highlight (void)
{
  g_autoptr (VigilAnalysis) a = NULL;
  g_autofree char *out
      = vigil_highlight_html (gaz,
                              "<p>Bombing by <em>Kataeb</em> Hezbollah in <a "
                              "href=\"https://x.test/\">Baghdad</a> &amp; a rocket.</p>"
                              "<p>Iraq</p>",
                              &a);

  g_assert_cmpstr (
      out, ==,
      "<p><mark class=\"vigil-risk vigil-risk-ied\" title=\"Risk term, Explosives (clear sign): "
      "bombing\">Bombing</mark> by "
      "<em><mark class=\"vigil-ent-organization\" title=\"Organisation: Kataeb "
      "Hezbollah\" data-entity=\"Kataeb Hezbollah\">Kataeb</mark></em>"
      " <mark class=\"vigil-ent-organization\" title=\"Organisation: Kataeb "
      "Hezbollah\" data-entity=\"Kataeb Hezbollah\">Hezbollah</mark> in "
      "<a href=\"https://x.test/\"><mark class=\"vigil-ent-location\" title=\"Place: Baghdad "
      "(IQ)\" data-entity=\"Baghdad\">Baghdad</mark></a>"
      " &amp; a <mark class=\"vigil-risk vigil-risk-indirect-fire\" title=\"Risk term, "
      "Indirect fire (strong sign): rocket\">rocket</mark>.</p>"
      "<p><mark class=\"vigil-ent-location\" title=\"Place: Iraq (IQ)\" "
      "data-entity=\"Iraq\">Iraq</mark></p>");
  g_assert_cmpuint (a->entities->len, ==, 3);
}

static void
test_json (void)
{
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, "Rockets hit Erbil.", 0);
  g_autofree char *json = vigil_analysis_to_json (a, FALSE);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *ent, *risk;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  ent = json_array_get_object_element (json_object_get_array_member (root, "entities"), 0);
  g_assert_cmpstr (json_object_get_string_member (ent, "text"), ==, "Erbil");
  g_assert_cmpstr (json_object_get_string_member (ent, "type"), ==, "location");
  g_assert_cmpint (json_object_get_int_member (ent, "start"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (ent, "end"), ==, 17);
  g_assert_cmpstr (json_object_get_string_member (ent, "country"), ==, "IQ");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ent, "lat"), 36.19, 1e-9);
  risk = json_array_get_object_element (json_object_get_array_member (root, "risks"), 0);
  g_assert_cmpstr (json_object_get_string_member (risk, "term"), ==, "rockets");
  g_assert_cmpstr (json_object_get_string_member (risk, "category"), ==, "indirect-fire");
  g_assert_cmpint (json_object_get_int_member (risk, "weight"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (risk, "end"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (root, "score"), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (root, "level"), ==, "elevated");
}

/* Folding as the definition says it (decompose, drop marks, lower-case), written
 * out here to check the tokenizer's per-character shortcut against. */
static char *
reference_fold (const char *word)
{
  g_autofree char *nfkd = g_utf8_normalize (word, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);

  for (const char *p = nfkd; p && *p; p = g_utf8_next_char (p))
    if (!g_unichar_ismark (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_unichar_tolower (g_utf8_get_char (p)));
  return g_string_free (out, FALSE);
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
  const struct
  {
    const char *text, *language;
  } cases[] = {
    { "قالت وزارة الخارجية إن السفارة في بغداد ستخفض عدد موظفيها.", "ar" },
    { "L'ambassade a réduit ses effectifs et les diplomates sont partis pour la capitale.", "fr" },
    { "The embassy said it was drawing down staff in the capital.", "en" },
    { "La embajada y los diplomáticos salieron de la capital por la noche.", "es" },
    { "12345 67890", "und" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (empty, cases[i].text, 0);
      g_assert_cmpstr (a->language, ==, cases[i].language);
    }
}

/* The seed article (names, places and risk terms in every sentence), as HTML
 * paragraphs repeated to about `size` bytes. */
static char *
entity_dense_html (gsize size)
{
  g_autofree char *seed
      = vigil_test_read_file (NULL, "fuzz", "corpus", "highlight", "seed-embassy.txt", NULL);
  g_auto (GStrv) paragraphs = NULL;
  GString *html = g_string_new (NULL);

  paragraphs = g_strsplit (seed, "\n\n", -1);
  /* Long text nodes are the hard case: paragraphs of about 100 KB. */
  while (html->len < size)
    {
      gsize start = html->len;
      g_string_append (html, "<p>");
      while (html->len - start < 100 * 1024 && html->len < size)
        for (guint i = 0; paragraphs[i]; i++)
          {
            g_autofree char *escaped = vigil_html_escape (g_strstrip (paragraphs[i]));
            g_string_append_printf (html, "%s ", escaped);
          }
      g_string_append_printf (html, "<em>(%u)</em></p>", (guint) html->len);
    }
  return g_string_free (html, FALSE);
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* 400 KB of entity-dense text: marks inserted in one pass, well under 2 s
 * (it took 47 s when every span was looked for in every text node). */
static void
test_highlight_long (void)
{
  g_autofree char *html = entity_dense_html (400 * 1024);
  g_autoptr (VigilAnalysis) a = NULL;
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;
  guint marks;

  out = vigil_highlight_html (gaz, html, &a);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("highlighted %zu bytes in %.2f s", strlen (html), seconds);
  marks = count (out, "<mark ");
  g_assert_cmpuint (marks, ==, a->entities->len + a->risks->len);
  g_assert_cmpuint (marks, >, 5000);
  /* The last paragraph is highlighted too, and no text was lost. */
  g_assert_nonnull (strstr (strrchr (out, '('), "</p>"));
  g_assert_cmpuint (count (out, "<p>"), ==, count (html, "<p>"));
  {
    g_autofree char *t1 = vigil_html_sanitized_to_text (html);
    g_autofree char *t2 = vigil_html_sanitized_to_text (out);
    g_assert_cmpstr (t1, ==, t2);
  }
}

/* An alarming sentence after 300 nested spans is highlighted and scored. */
static void
test_highlight_deep (void)
{
  GString *s = g_string_new ("<p>A calm council meeting on the budget.</p><p>");
  g_autofree char *raw = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_raw = NULL;
  g_autoptr (VigilAnalysis) a = NULL;
  g_autoptr (VigilAnalysis) a_raw = NULL;

  for (guint i = 0; i < 300; i++)
    g_string_append (s, "<span>");
  g_string_append (s, "The US embassy in Baghdad ordered a drawdown after rocket attacks.");
  for (guint i = 0; i < 300; i++)
    g_string_append (s, "</span>");
  g_string_append (s, "</p>");
  raw = g_string_free (s, FALSE);
  clean = vigil_html_sanitize (raw, NULL);
  out = vigil_highlight_html (gaz, clean, &a);
  g_assert_nonnull (
      strstr (out, "title=\"Risk term, Evacuation (strong sign): drawdown\">drawdown</mark>"));
  g_assert_nonnull (strstr (out, "data-entity=\"Baghdad\">Baghdad</mark>"));
  g_assert_cmpint (a->score, >=, 20);
  /* HTML that did not come through the sanitiser (stored before it flattened
   * deep nesting) loses nothing either. */
  out_raw = vigil_highlight_html (gaz, raw, &a_raw);
  g_assert_nonnull (strstr (out_raw, ">drawdown</mark>"));
  g_assert_cmpint (a_raw->score, ==, a->score);
}

/* What the feed said beyond the text is on the page: the outlet it came
 * from, its attachments (type, size, duration; a hostile address left out,
 * a title escaped) and its comments page. */
static void
test_article_page_desk_fields (void)
{
  g_autoptr (VigilArticle) a = vigil_article_new ();
  g_autofree char *page = NULL;
  VigilEnclosure *audio = g_new0 (VigilEnclosure, 1);
  VigilEnclosure *hostile = g_new0 (VigilEnclosure, 1);
  VigilEnclosure *doc = g_new0 (VigilEnclosure, 1);

  a->title = g_strdup ("Briefing");
  a->source_title = g_strdup ("Google News");
  a->content = g_strdup ("<p>The governor spoke.</p>");
  a->origin_title = g_strdup ("Baghdad <Post>");
  a->origin_url = g_strdup ("https://post.example.test/");
  a->comments = g_strdup ("https://desk.example.test/briefing#comments");
  audio->url = g_strdup ("https://desk.example.test/briefing.mp3");
  audio->type = g_strdup ("audio/mpeg");
  audio->length = 2400000;
  audio->title = g_strdup ("Briefing <b>1</b>");
  audio->duration = 754;
  hostile->url = g_strdup ("javascript:alert(1)");
  hostile->length = -1;
  hostile->duration = -1;
  doc->url = g_strdup ("https://desk.example.test/files/report.pdf");
  doc->type = g_strdup ("application/pdf");
  doc->length = -1;
  doc->duration = 3725;
  g_ptr_array_add (a->enclosures, audio);
  g_ptr_array_add (a->enclosures, hostile);
  g_ptr_array_add (a->enclosures, doc);
  page = vigil_article_page_render (gaz, a, FALSE, 0, FALSE, FALSE);
  g_test_message ("%s", strstr (page, "<section") ? strstr (page, "<section") : page);
  g_assert_nonnull (
      strstr (page, "via <a href=\"https://post.example.test/\">Baghdad &lt;Post&gt;</a>"));
  g_assert_nonnull (strstr (page, "<section id=\"vigil-attachments\">"));
  g_assert_nonnull (strstr (page, "<a href=\"https://desk.example.test/briefing.mp3\">Briefing "
                                  "&lt;b&gt;1&lt;/b&gt;</a> <span class=\"meta\">audio/mpeg · "
                                  "2.4\u00a0MB · 12:34</span>"));
  g_assert_nonnull (strstr (page, ">report.pdf</a> <span class=\"meta\">application/pdf · "
                                  "1:02:05</span>"));
  g_assert_null (strstr (page, "javascript:"));
  g_assert_nonnull (strstr (page, "<p id=\"vigil-comments\"><a "
                                  "href=\"https://desk.example.test/briefing#comments\">"));
}

/* The page the article view loads: a long article says it was shortened,
 * whether the store shortened it or an older Vigil stored it whole. */
static void
test_article_page (void)
{
  g_autoptr (VigilArticle) a = vigil_article_new ();
  g_autoptr (VigilArticle) legacy = vigil_article_new ();
  g_autofree char *page = NULL;
  g_autofree char *legacy_page = NULL;
  g_autofree char *long_html = entity_dense_html (3 * 1024 * 1024);
  gint64 start;

  a->title = g_strdup ("Embassy drawdown");
  a->content = g_strdup ("<p>The embassy in <b>Baghdad</b> ordered a drawdown.</p>");
  page = vigil_article_page_render (gaz, a, FALSE, 0, FALSE, FALSE);
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (page, "<article id=\"vigil-body\"><p>The embassy in <b><mark "));
  g_assert_null (strstr (page, "id=\"vigil-shortened\""));

  legacy->title = g_strdup ("A very long report");
  legacy->content = g_strdup (long_html);
  g_assert_true (vigil_article_limit_size (legacy));
  g_assert_true (vigil_article_html_is_shortened (legacy->content));
  g_assert_cmpuint (strlen (legacy->content), <=, VIGIL_ARTICLE_MAX_HTML + 1024);
  start = g_get_monotonic_time ();
  legacy_page = vigil_article_page_render (gaz, legacy, FALSE, 0, FALSE, FALSE);
  g_test_message ("1 MiB article page in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_nonnull (strstr (legacy_page, "<article id=\"vigil-body\"><p class=\"vigil-shortened\" "
                                         "id=\"vigil-shortened\" role=\"note\">Article shortened"));
  g_assert_null (strstr (legacy_page, VIGIL_ARTICLE_SHORTENED_MARK));
  {
    /* Stored whole: shown the same as it is stored now. */
    g_autoptr (VigilArticle) whole = vigil_article_new ();
    g_autofree char *whole_page = NULL;
    whole->title = g_strdup ("A very long report");
    whole->content = g_strdup (long_html);
    whole_page = vigil_article_page_render (gaz, whole, FALSE, 0, FALSE, FALSE);
    g_assert_cmpstr (whole_page, ==, legacy_page);
  }
  {
    /* A headline is cut too. */
    g_autoptr (VigilArticle) t = vigil_article_new ();
    t->title = g_strnfill (100000, 'x');
    g_assert_true (vigil_article_limit_size (t));
    g_assert_cmpuint (strlen (t->title), <=, VIGIL_ARTICLE_MAX_TITLE + 3);
    g_assert_true (g_str_has_suffix (t->title, "…"));
  }
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gaz = vigil_gazetteer_new_default (&error);
  g_assert_no_error (error);
  g_test_add_func ("/analysis/tokenizer-offsets", test_tokenizer_offsets);
  g_test_add_func ("/analysis/tokenizer-mixed-scripts", test_tokenizer_mixed_scripts);
  g_test_add_func ("/analysis/long-text", test_long_text);
  g_test_add_func ("/analysis/language", test_language);
  g_test_add_func ("/analysis/fold-matches-definition", test_fold_matches_definition);
  g_test_add_func ("/analysis/embassy-article", test_embassy_article);
  g_test_add_func ("/analysis/calm-text", test_calm_text);
  g_test_add_func ("/analysis/lowercase-names-ignored", test_lowercase_names_ignored);
  g_test_add_func ("/analysis/calm-context", test_calm_context);
  g_test_add_func ("/analysis/risk-inflections", test_risk_inflections);
  g_test_add_func ("/analysis/risk-calm-readings", test_risk_calm_readings);
  g_test_add_func ("/analysis/risk-event-words", test_risk_event_words);
  g_test_add_func ("/analysis/risk-critical", test_risk_critical);
  g_test_add_func ("/analysis/title-rule-particles", test_title_rule_particles);
  g_test_add_func ("/analysis/person-titles", test_person_titles);
  g_test_add_func ("/analysis/names-joined", test_names_joined);
  g_test_add_func ("/analysis/head-of", test_head_of);
  g_test_add_func ("/analysis/facility-places", test_facility_places);
  g_test_add_func ("/analysis/site-rules-leave", test_site_rules_leave);
  g_test_add_func ("/analysis/of-name-and", test_of_name_and);
  g_test_add_func ("/analysis/dotted-acronyms", test_dotted_acronyms);
  g_test_add_func ("/analysis/party-names", test_party_names);
  g_test_add_func ("/analysis/user-list", test_user_list);
  g_test_add_func ("/analysis/one-type-per-name", test_one_type_per_name);
  g_test_add_func ("/analysis/highlight", test_highlight);
  g_test_add_func ("/analysis/highlight-long", test_highlight_long);
  g_test_add_func ("/analysis/highlight-deep", test_highlight_deep);
  g_test_add_func ("/analysis/article-page", test_article_page);
  g_test_add_func ("/analysis/world-places", test_world_places);
  g_test_add_func ("/analysis/country-names", test_country_names);
  g_test_add_func ("/analysis/word-subdivisions", test_word_subdivisions);
  g_test_add_func ("/analysis/listed-agencies", test_listed_agencies);
  g_test_add_func ("/analysis/regions", test_regions);
  g_test_add_func ("/analysis/place-ambiguity", test_place_ambiguity);
  g_test_add_func ("/analysis/arabic-risk", test_arabic_risk);
  g_test_add_func ("/analysis/article-page-desk-fields", test_article_page_desk_fields);
  g_test_add_func ("/analysis/city-english-names", test_city_english_names);
  g_test_add_func ("/analysis/places-in-capitals", test_places_in_capitals);
  g_test_add_func ("/analysis/arabic-clitics", test_arabic_clitics);
  g_test_add_func ("/analysis/demonym-adjectives", test_demonym_adjectives);
  g_test_add_func ("/analysis/demonyms", test_demonyms);
  g_test_add_func ("/analysis/name-rules", test_name_rules);
  g_test_add_func ("/analysis/tagger-names", test_tagger_names);
  g_test_add_func ("/analysis/tagger-missing", test_tagger_missing);
  g_test_add_func ("/analysis/tagger-bad-input", test_tagger_bad_input);
  g_test_add_func ("/analysis/user-file", test_user_file);
  g_test_add_func ("/analysis/clustering", test_clustering);
  g_test_add_func ("/analysis/json", test_json);
  ret = g_test_run ();
  vigil_gazetteer_unref (gaz);
  return ret;
}
