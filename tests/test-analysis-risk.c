/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The risk lexicon and scores: inflections, event words, calm readings and
 * calm context, critical terms, Arabic risk terms. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-analyzer.h"
#include "vigil-article-page.h"
#include "vigil-cluster.h"
#include "vigil-highlight.h"
#include "vigil-html.h"
#include "vigil-test-utils.h"
#include "test-analysis-common.h"

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
}

/* A Spanish name's first surname alone is the person ("Hector Villanueva
 * Ruiz", then "Villanueva said"), though a town of Honduras has the name. */
static void
test_first_surname (void)
{
  const char *text = "Three held over bar shooting\n"
                     "The state security spokesman Hector Villanueva Ruiz said on Monday that "
                     "three men were held. Speaking at a news conference, Villanueva said "
                     "soldiers had detained them.";
  g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, text, 28);

  g_assert_true (has_entity (a, VIGIL_ENTITY_PERSON, "Villanueva", "Hector Villanueva Ruiz"));
  g_assert_false (has_entity (a, VIGIL_ENTITY_LOCATION, "Villanueva", NULL));

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
    /* A subject and its verb: the verb in any form ("sv" in the lexicon). */
    { "A minibus overturns on the mountain pass.", "minibus overturns", "disaster" },
    { "A lorry fell into a ravine near the border.", "lorry fell into", "disaster" },
    { "The truck falling off the bridge blocked traffic.", "truck falling off", "disaster" },
    { "The governor was assassinated on Monday.", "assassinated", "armed-violence" },
    { "He was charged with murder.", "murder", "armed-violence" },
    { "Coalition aircraft bombed the village.", "bombed", "ied" },
    /* A hazard or an incident however outlets name it. */
    { "A forest blaze has burned 300 hectares.", "blaze", "disaster" },
    { "A fire broke out at the market overnight.", "fire broke out", "disaster" },
    { "An inflatable craft overturned during the night.", "craft overturned", "maritime" },
    { "Volunteers collected the bodies of 17 migrants.", "collected the bodies", "casualties" },
    { "Washington told non-essential personnel to depart.", "non-essential personnel to depart",
      "evacuation" },
    { "The opposition leader was jailed for five years.", "jailed", "detention" },
    { "Thousands joined demonstrations against the government.", "demonstrations", "civil-unrest" },
    /* Words of the wires for killing, maiming, captivity, arson, arrest and piracy. */
    { "Two soldiers were slain in the ambush.", "slain", "casualties" },
    { "The blast maimed a dozen children.", "maimed", "casualties" },
    { "The engineers are being held captive in the hills.", "being held captive", "kidnapping" },
    { "Rioters torched a police station.", "torched", "civil-unrest" },
    { "Dozens of homes were set ablaze overnight.", "set ablaze", "civil-unrest" },
    { "Police apprehended four suspects.", "apprehended", "detention" },
    { "The journalist died in police custody.", "in police custody", "detention" },
    { "Soldiers staged a mutiny at the barracks.", "mutiny", "civil-unrest" },
    { "Hostilities resumed along the front line.", "Hostilities", "armed-violence" },
    { "Armed pirates boarded the tanker at dawn.", "pirates", "maritime" },
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
    { "Volunteers found clandestine graves on a plot outside the city.", "clandestine graves",
      "casualties" },
    { "Searchers found human remains and burned shoes at the ranch.", "human remains",
      "casualties" },
    { "Prosecutors confirmed two clandestine crematoriums at the site.", "clandestine crematoriums",
      "casualties" },
    { "The gang used the property to dispose of bodies, the collective said.", "dispose of bodies",
      "casualties" },
    { "Relatives pleaded for the release of border guards seized near the frontier.",
      "guards seized near", "kidnapping" },
    { "Lava from the eruption crossed the road into the town.", "eruption", "disaster" },
    /* a mine or a tunnel that gave way */
    { "Part of the tunnel caved in on the night shift.", "tunnel caved in", "disaster" },
    { "Rescuers reached the shaft that collapsed on Monday.", "shaft that collapsed", "disaster" },
    /* a heap of mine waste or a hillside that gave way */
    { "Nineteen bodies recovered after waste heap gives way.", "waste heap gives way", "disaster" },
    { "An enormous heap of mining debris slid down before dawn.", "heap of mining debris slid",
      "disaster" },
    { "A hillside gave way onto a cluster of homes.", "hillside gave way", "disaster" },
    { "Rescuers recover bodies after waste heap collapse.", "waste heap collapse", "disaster" },
    /* a fall of rock and the miners it buried */
    { "A rock collapse at a copper mine shut the pit.", "rock collapse", "disaster" },
    { "Three workers were trapped underground after the blast.", "trapped underground",
      "disaster" },
    /* a cyber attack is an attack on infrastructure, not armed violence */
    { "A ransomware gang encrypted the hospital's records.", "ransomware", "infrastructure" },
    { "A cyberattack knocked out the water utility's pumps.", "cyberattack", "infrastructure" },
    { "A cyber attack shut down the council's offices.", "cyber attack", "infrastructure" },
    { "Hackers who crippled the terminal demanded a payment.", "hacker", "infrastructure" },
    /* a prison break, its escapees and their recapture */
    { "More than 60 inmates escaped from the central prison overnight.", "inmates escaped",
      "detention" },
    { "Police hunted the escapees in the hills.", "escapee", "detention" },
    { "Soldiers recaptured 14 of the prisoners on Monday.", "recaptured", "detention" },
    { "The jailbreak was the third this year.", "jailbreak", "detention" },
    /* a passenger launch that sank; prisoners who escape from jail */
    { "A passenger launch that sank in the Meghna carried 120 people.", "launch that sank",
      "maritime" },
    { "Five prisoners escape from jail in Bihar.", "prisoners escape", "detention" },
    { "Two men escaped from the prison before dawn.", "escaped from the prison", "detention" },
    /* a boat that sinks (a headline's present), one carrying people, and the
     * dead it counts */
    { "Ferry sinks off Zanzibar with 90 on board.", "ferry sinks", "maritime" },
    { "A boat carrying migrants sank off the coast on Tuesday.", "carrying migrants sank",
      "maritime" },
    { "The navy recovered three bodies from the sea.", "recovered three bodies", "casualties" },
    /* a river in flood and those it drowned */
    { "The Shabelle burst its banks after days of rain.", "burst its banks", "disaster" },
    { "Rains sent the river over its banks overnight.", "over its banks", "disaster" },
    { "Three children drowned while crossing the riverbed.", "drowned", "casualties" },
    /* an aircraft down or lost, and none alive of those on board */
    { "A military helicopter went down near the border on Monday.", "helicopter went down",
      "disaster" },
    { "The plane crashed into a hillside shortly after take-off.", "plane crashed", "disaster" },
    { "A charter plane carrying six people lost contact with air traffic control.", "lost contact",
      "disaster" },
    { "Searchers reached the burnt wreckage of a charter aircraft on a ridge.",
      "wreckage of a charter aircraft", "disaster" },
    { "Searchers found no survivors among the twelve people on board.", "no survivors",
      "casualties" },
    /* a mission drawing down, in the words of other governments */
    { "Canberra ordered the departure of dependants from its High Commission.",
      "ordered the departure of dependants", "evacuation" },
    { "New Zealand withdrew family members and some staff from its mission.",
      "withdrew family members", "evacuation" },
    { "The embassy said it was reducing its staff to a minimum.", "reducing its staff",
      "evacuation" },
    { "Britain pulled out embassy staff on Friday.", "pulled out embassy staff", "evacuation" },
  };
  const char *not_violence[] = {
    "A cyber attack shut down the council's offices.",
    "The attack encrypted files on servers used by several departments.",
    "Hackers said the attack had taken 2 terabytes of data.",
    /* one sense in one report: the bare word, far from any word of computers */
    "Hackers claim port intrusion\nHackers who crippled the container terminal demanded a "
    "payment, the minister said. Officials said there was no sign that Thursday's attack had "
    "spread to other ports.",
  };
  /* ... but not in a report of the dead, whatever else it tells */
  const char *violence[] = {
    "Gunmen attack police post\nGunmen attacked a police post on Monday, killing two "
    "officers. Separately, hackers defaced the ministry's website.",
  };
  const char *calm[] = {
    "Shoppers raid the sales on the first day.",
    "He lost contact with reality after the election.",
    "She lost contact with friends when she moved abroad.",
    "There are no survivors of the 1915 expedition still alive.",
    "Shares crashed on Monday after the profit warning.",
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
    "Millions of children are trapped in poverty, a report said.",
    "Passengers were trapped for three hours on a stalled train.",
    "The takeover battle for the retailer ended.",
    "The search warrant was executed on Tuesday.",
    "The court granted a stay of execution.",
    "Small firms fell victim to rising costs.",
    "Rebel shareholders voted against the pay deal.",
    "Militant union leaders called for talks.",
    "Le groupe part à l'assaut du marché indien.",
    "The soldiers fought back tears at the ceremony.",
    "There were no casualties and no fatalities.",
    "Archaeologists uncovered a medieval mass grave near the cathedral.",
    "The museum displays the skeletal remains of a dinosaur.",
    "Archaeologists sifted bone fragments from the Roman villa.",
    "Border guards seized 40 kg of heroin at the crossing.",
    "An eruption of laughter filled the hall.",
    "The dermatologist said the skin eruption would fade.",
    "The startup hired a growth hacker in March.",
    "Thousands attended the hacker conference in Berlin.",
    "The team withdrew its appeal on Friday.",
    "The firm cut its staff costs by a tenth.",
    "Shares in the shipping line sank on Tuesday.",
    "His heart sinks every time the phone rings.",
    "The talks gave way to a new round of negotiations.",
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
  for (guint i = 0; i < G_N_ELEMENTS (not_violence); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, not_violence[i], 0);

      for (guint r = 0; r < a->risks->len; r++)
        g_assert_cmpstr (g_array_index (a->risks, VigilRisk, r).category, !=, "armed-violence");
    }
  for (guint i = 0; i < G_N_ELEMENTS (violence); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, violence[i], 0);
      gboolean found = FALSE;

      for (guint r = 0; r < a->risks->len; r++)
        found |= g_str_equal (g_array_index (a->risks, VigilRisk, r).category, "armed-violence");
      g_assert_true (found);
    }
}

/* Calm readings of risk words stay calm, whichever side the calm word is on. */
/* "Gangs storm Haitian town": a plural subject storms; no weather. */
static void
test_risk_storm_verb (void)
{
  const char *texts[] = {
    "Gangs storm Haitian town, at least 12 killed",
    "Gunmen storm hotel in Mogadishu",
    "Protesters storm parliament in Baghdad",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, texts[i], 0);
      for (guint k = 0; k < a->risks->len; k++)
        g_assert_cmpstr (g_array_index (a->risks, VigilRisk, k).category, !=, "disaster");
    }
  {
    g_autoptr (VigilAnalysis) a
        = vigil_analyze (gaz, "A storm flooded homes in the capital on Monday.", 0);
    g_assert_cmpuint (a->risks->len, >, 0);
    g_assert_cmpstr (g_array_index (a->risks, VigilRisk, 0).category, ==, "disaster");
  }
}

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
    "She went out in a blaze of glory.",
    "The startup wants to blaze a trail in payments.",
    "Crowds lined the streets for the Olympic torch relay.",
    "The Pirates beat the Cubs in Pittsburgh, and the Pirate Party won a seat.",
    "Her solo set the dance floor on fire.",
    "The fire drill evacuated the office for ten minutes.",
    "The evacuation drill at the school went smoothly.",
    "The coach said the defeat was a massacre of the team's hopes.",
    "The champions recaptured the title on Sunday.",
    "The film recaptured the magic of the original.",
    "The band drowned out the speeches.",
    "The product launch sank the company's shares.",
    "The firm is drowning in debt.",
  };
  /* Organisations and words that sport shares with conflict news do not calm. */
  const char *risky[] = {
    "The Arab League condemned the attack on the convoy.",
    "A coach carrying pilgrims was hit by a roadside bomb, injuring ten.",
    "Football fans clashed with police after the match.",
    "Regional players condemned the drone strike.",
    "The embassy ordered the evacuation of non-essential staff.",
    "Police evacuated 300 residents after the flood.",
    "Troops massacred villagers near the border.",
    "Tanker fire kills two in Kumasi.",
    "The factory blaze was put out after six hours.",
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

/* One sense in one article: a word the text reads calmly once (a headline's
 * "drawdown", the body's "loan drawdown") is calm wherever the article uses it;
 * a risk word the body reads as a risk stays one. */
static void
test_risk_one_sense (void)
{
  const char *calm[] = {
    "Bank completes drawdown\nThe lender said the loan drawdown under its revolving credit line "
    "was completed on Monday.",
    "Utility confirms drawdown\nThe group said the drawdown of the first tranche would pay for "
    "new turbines.",
    "Striker's attack wins praise\nThe striker's attack was the best of the season, the coach "
    "said.",
  };
  const char *risky[] = {
    /* A calm use of another word leaves the risk word alone. */
    "Embassy announces drawdown\nThe embassy ordered a drawdown of staff after rocket fire. "
    "Separately, the central bank's credit facility was extended.",
    "Rocket hits base\nA rocket struck the base on Monday. Local shares rocket on the news.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (calm); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, calm[i], 0);

      g_test_message ("%s -> %u risks", calm[i], a->risks->len);
      g_assert_cmpuint (a->risks->len, ==, 0);
      g_assert_cmpstr (a->level, ==, "low");
    }
  for (guint i = 0; i < G_N_ELEMENTS (risky); i++)
    {
      g_autoptr (VigilAnalysis) a = vigil_analyze (gaz, risky[i], 0);

      g_test_message ("%s -> %u risks", risky[i], a->risks->len);
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
    "The embassy orders non-emergency personnel to leave the country.",
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

int
main (int argc, char *argv[])
{
  analysis_test_init (&argc, &argv);
  g_test_add_func ("/analysis/embassy-article", test_embassy_article);
  g_test_add_func ("/analysis/first-surname", test_first_surname);
  g_test_add_func ("/analysis/calm-text", test_calm_text);
  g_test_add_func ("/analysis/calm-context", test_calm_context);
  g_test_add_func ("/analysis/risk-inflections", test_risk_inflections);
  g_test_add_func ("/analysis/risk-calm-readings", test_risk_calm_readings);
  g_test_add_func ("/analysis/risk-storm-verb", test_risk_storm_verb);
  g_test_add_func ("/analysis/risk-one-sense", test_risk_one_sense);
  g_test_add_func ("/analysis/risk-event-words", test_risk_event_words);
  g_test_add_func ("/analysis/risk-critical", test_risk_critical);
  g_test_add_func ("/analysis/arabic-risk", test_arabic_risk);
  return analysis_test_run ();
}
