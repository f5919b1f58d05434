/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-cluster-frame.c — the event's frame a story signature reads from a
 * report (who was hit, by what, where, when), and the words around a name
 * that say what it is there for (a province, a distance, a state's forces). */
#include "config.h"

#include "vigil-cluster-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static gboolean token_is (VigilTokens *tokens, guint i, const char *word);

gboolean
cluster_clause_between (VigilTokens *tokens, guint a, guint b)
{
  for (guint k = vigil_tokens_get (tokens, a)->byte_end;
       k < vigil_tokens_get (tokens, b)->byte_start; k++)
    if (strchr (",.;:()\"", tokens->text[k]) != NULL)
      return TRUE;
  return FALSE;
}

/* The event's frame: who was hit (v), by what (m), what or where (p), and
 * which hazard or disease (h), whom a state orders out (s), what a factory
 * hit makes (f, product_words), each as a concept that outlets word in
 * their own ways ("troops" and "soldiers", "abducted journalist" and "seized reporter", "high-rise"
 * and "apartment block"). Two reports of one event agree on the frame they both give; two incidents
 * of one town and one day most often do not (a bar and a home, a bomb and a gunman, soldiers and
 * civilians). Folded word forms, English and French. */
static const struct
{
  const char *word, *concept;
} frame_words[] = {
  /* by what */
  { "gunman", "m:gun" },
  { "gunmen", "m:gun" },
  { "gunfire", "m:gun" },
  { "gun", "m:gun" },
  { "guns", "m:gun" },
  { "shooting", "m:gun" },
  { "shootings", "m:gun" },
  { "shot", "m:gun" },
  { "shoots", "m:gun" },
  { "rifle", "m:gun" },
  { "rifles", "m:gun" },
  { "firearm", "m:gun" },
  { "firearms", "m:gun" },
  { "sniper", "m:gun" },
  { "tireurs", "m:gun" },
  { "bomb", "m:bomb" },
  { "bombs", "m:bomb" },
  { "bombing", "m:bomb" },
  { "bomber", "m:bomb" },
  { "bombers", "m:bomb" },
  { "blast", "m:blast" },
  { "explosive", "m:blast" },
  { "explosives", "m:blast" },
  { "explosion", "m:blast" },
  { "exploded", "m:blast" },
  { "detonated", "m:blast" },
  { "ied", "m:bomb" },
  { "ieds", "m:bomb" },
  { "bombe", "m:bomb" },
  { "explosions", "m:blast" },
  { "grenade", "m:grenade" },
  { "grenades", "m:grenade" },
  { "landmine", "m:bomb" },
  { "landmines", "m:bomb" },
  { "drone", "m:drone" },
  { "drones", "m:drone" },
  { "uav", "m:drone" },
  { "uavs", "m:drone" },
  { "shahed", "m:drone" },
  { "missile", "m:missile" },
  { "missiles", "m:missile" },
  { "rocket", "m:missile" },
  { "rockets", "m:missile" },
  { "ballistic", "m:missile" },
  { "shelling", "m:shell" },
  { "shells", "m:shell" },
  { "artillery", "m:shell" },
  { "mortar", "m:shell" },
  { "mortars", "m:shell" },
  { "airstrike", "m:air" },
  { "airstrikes", "m:air" },
  { "warplane", "m:air" },
  { "warplanes", "m:air" },
  { "knife", "m:blade" },
  { "stabbed", "m:blade" },
  { "stabbing", "m:blade" },
  { "machete", "m:blade" },
  { "machetes", "m:blade" },
  { "cannon", "m:crowd" },
  { "teargas", "m:crowd" },
  { "batons", "m:crowd" },
  { "arson", "m:arson" },
  { "torched", "m:arson" },
  { "hijacked", "m:hijack" },
  { "hijackers", "m:hijack" },
  { "hijacking", "m:hijack" },
  { "pirates", "m:hijack" },
  { "cyberattack", "m:cyber" },
  { "ransomware", "m:cyber" },
  { "hackers", "m:cyber" },
  { "hacker", "m:cyber" },
  { "hacked", "m:cyber" },
  { "cyberattacks", "m:cyber" },
  { "cyber attack", "m:cyber" },
  { "cyber attacks", "m:cyber" },
  { "malware", "m:cyber" },
  { "cyberattaque", "m:cyber" },
  { "rançongiciel", "m:cyber" },
  /* who was hit */
  { "soldier", "v:soldier" },
  { "soldiers", "v:soldier" },
  { "troops", "v:soldier" },
  { "servicemen", "v:soldier" },
  { "conscripts", "v:soldier" },
  { "soldats", "v:soldier" },
  { "militaires", "v:soldier" },
  { "policeman", "v:police" },
  { "policemen", "v:police" },
  { "constable", "v:police" },
  { "constables", "v:police" },
  { "gendarmes", "v:police" },
  { "policiers", "v:police" },
  { "police officer", "v:police" },
  { "police officers", "v:police" },
  { "police station", "p:police" },
  { "police post", "p:police" },
  { "police outpost", "p:police" },
  { "police outposts", "p:police" },
  { "police stations", "p:police" },
  { "civilian", "v:civilian" },
  { "civilians", "v:civilian" },
  { "villagers", "v:civilian" },
  { "civils", "v:civilian" },
  /* Civilians by what they were doing when hit (ACLED's civilians). */
  { "shepherd", "v:civilian" },
  { "shepherds", "v:civilian" },
  { "herders", "v:civilian" },
  { "farmers", "v:civilian" },
  { "fishermen", "v:civilian" },
  { "worshippers", "v:civilian" },
  { "pilgrims", "v:civilian" },
  { "traders", "v:civilian" },
  { "journalist", "v:press" },
  { "journalists", "v:press" },
  { "reporter", "v:press" },
  { "reporters", "v:press" },
  { "correspondent", "v:press" },
  { "photographer", "v:press" },
  { "cameraman", "v:press" },
  { "journaliste", "v:press" },
  { "nurse", "v:aid" },
  { "nurses", "v:aid" },
  { "doctor", "v:aid" },
  { "doctors", "v:aid" },
  { "medic", "v:aid" },
  { "medics", "v:aid" },
  { "humanitarian", "v:aid" },
  { "humanitarians", "v:aid" },
  { "aid worker", "v:aid" },
  { "aid workers", "v:aid" },
  { "health worker", "v:aid" },
  { "health workers", "v:aid" },
  { "student", "v:child" },
  { "students", "v:child" },
  { "pupils", "v:child" },
  { "schoolchildren", "v:child" },
  { "schoolgirls", "v:child" },
  { "schoolboys", "v:child" },
  { "worshippers", "v:worship" },
  { "pilgrims", "v:worship" },
  { "fideles", "v:worship" },
  { "migrants", "v:migrant" },
  { "refugees", "v:migrant" },
  { "asylum", "v:migrant" },
  { "migrant", "v:migrant" },
  { "passengers", "v:passenger" },
  { "passenger", "v:passenger" },
  { "commuters", "v:passenger" },
  { "protesters", "v:protester" },
  { "protestors", "v:protester" },
  { "demonstrators", "v:protester" },
  { "marchers", "v:protester" },
  { "manifestants", "v:protester" },
  { "shopkeeper", "v:trader" },
  { "shopkeepers", "v:trader" },
  { "traders", "v:trader" },
  { "merchants", "v:trader" },
  { "vendors", "v:trader" },
  { "tourists", "v:tourist" },
  { "tourist", "v:tourist" },
  { "miners", "v:miner" },
  { "miner", "v:miner" },
  { "fishermen", "v:fisher" },
  { "inmates", "v:inmate" },
  { "teacher", "v:teacher" },
  { "teachers", "v:teacher" },
  { "schoolteacher", "v:teacher" },
  { "schoolteachers", "v:teacher" },
  { "headmaster", "v:teacher" },
  { "headteacher", "v:teacher" },
  { "lecturers", "v:teacher" },
  { "enseignants", "v:teacher" },
  { "ranger", "v:ranger" },
  { "rangers", "v:ranger" },
  { "priest", "v:cleric" },
  { "priests", "v:cleric" },
  { "pastor", "v:cleric" },
  { "imam", "v:cleric" },
  { "cleric", "v:cleric" },
  { "clerics", "v:cleric" },
  { "monks", "v:cleric" },
  { "nuns", "v:cleric" },
  { "prêtre", "v:cleric" },
  { "prisoners", "v:inmate" },
  { "detainees", "v:inmate" },
  { "sailors", "v:crew" },
  { "seafarers", "v:crew" },
  { "crew", "v:crew" },
  /* whom a state orders out (s): the one concept of its slot, so that it
   * only ever agrees ("non-emergency staff", "embassy personnel") */
  { "staff", "s:staff" },
  { "personnel", "s:staff" },
  { "employees", "s:staff" },
  { "diplomats", "s:staff" },
  { "dependants", "s:staff" },
  { "dependents", "s:staff" },
  /* what or where */
  { "market", "p:market" },
  { "markets", "p:market" },
  { "marketplace", "p:market" },
  { "bazaar", "p:market" },
  { "souk", "p:market" },
  { "souq", "p:market" },
  { "suq", "p:market" },
  { "marche", "p:market" },
  { "mosque", "p:worship" },
  { "church", "p:worship" },
  { "temple", "p:worship" },
  { "shrine", "p:worship" },
  { "synagogue", "p:worship" },
  { "mosquee", "p:worship" },
  { "eglise", "p:worship" },
  { "school", "p:school" },
  { "schools", "p:school" },
  { "university", "p:school" },
  { "college", "p:school" },
  { "ecole", "p:school" },
  { "hospital", "p:hospital" },
  { "clinic", "p:hospital" },
  { "hopital", "p:hospital" },
  { "checkpoint", "p:checkpoint" },
  { "barracks", "p:base" },
  { "base", "p:base" },
  { "outpost", "p:base" },
  { "garrison", "p:base" },
  /* an army's post or position: outlets write one place so */
  { "army post", "p:base" },
  { "army posts", "p:base" },
  { "military post", "p:base" },
  { "military posts", "p:base" },
  { "army position", "p:base" },
  { "army positions", "p:base" },
  { "military position", "p:base" },
  { "military positions", "p:base" },
  { "convoy", "p:convoy" },
  { "bank", "p:bank" },
  { "bar", "p:venue" },
  { "nightclub", "p:venue" },
  { "restaurant", "p:venue" },
  { "cafe", "p:venue" },
  { "hotel", "p:hotel" },
  { "home", "p:home" },
  { "homes", "p:home" },
  { "house", "p:home" },
  { "houses", "p:home" },
  { "apartment", "p:home" },
  { "high-rise", "p:home" },
  { "residential", "p:home" },
  { "port", "p:port" },
  { "harbour", "p:port" },
  { "harbor", "p:port" },
  { "terminal", "p:port" },
  { "bus", "p:bus" },
  { "buses", "p:bus" },
  { "minibus", "p:bus" },
  { "coach", "p:bus" },
  { "train", "p:train" },
  { "trains", "p:train" },
  { "railway", "p:train" },
  { "locomotive", "p:train" },
  { "boat", "p:boat" },
  { "boats", "p:boat" },
  { "ferry", "p:boat" },
  { "dinghy", "p:boat" },
  { "shipwreck", "p:boat" },
  { "vessel", "p:boat" },
  { "ship", "p:boat" },
  { "tanker", "p:boat" },
  { "plane", "p:plane" },
  { "aircraft", "p:plane" },
  { "airliner", "p:plane" },
  { "helicopter", "p:plane" },
  { "prison", "p:prison" },
  { "jail", "p:prison" },
  { "embassy", "p:embassy" },
  { "consulate", "p:embassy" },
  { "diplomatic compound", "p:embassy" },
  { "diplomatic mission", "p:embassy" },
  { "parliament", "p:parliament" },
  { "mine", "p:mine" },
  { "mines", "p:mine" },
  { "shaft", "p:mine" },
  { "quarry", "p:mine" },
  { "pipeline", "p:utility" },
  { "refinery", "p:utility" },
  { "power plant", "p:utility" },
  { "power plants", "p:utility" },
  { "nuclear plant", "p:utility" },
  { "factory", "p:factory" },
  { "factories", "p:factory" },
  { "plant", "p:factory" },
  { "workshop", "p:factory" },
  { "workshops", "p:factory" },
  { "warehouse", "p:factory" },
  { "warehouses", "p:factory" },
  { "godown", "p:factory" },
  { "mill", "p:factory" },
  { "usine", "p:factory" },
  { "substation", "p:utility" },
  { "grid", "p:utility" },
  /* which hazard or disease */
  { "earthquake", "h:quake" },
  { "quake", "h:quake" },
  { "tremor", "h:quake" },
  { "seisme", "h:quake" },
  { "tsunami", "h:quake" },
  { "flood", "h:flood" },
  { "floods", "h:flood" },
  { "flooding", "h:flood" },
  { "flooded", "h:flood" },
  { "inondations", "h:flood" },
  { "floodwaters", "h:flood" },
  { "floodwater", "h:flood" },
  { "inundated", "h:flood" },
  { "overflowed", "h:flood" },
  /* (a river that "burst its banks") */
  { "burst its", "h:flood" },
  { "burst their", "h:flood" },
  { "bursts its", "h:flood" },
  { "landslide", "h:landslide" },
  { "landslides", "h:landslide" },
  { "mudslide", "h:landslide" },
  { "cyclone", "h:storm" },
  { "typhoon", "h:storm" },
  { "hurricane", "h:storm" },
  { "storm", "h:storm" },
  { "wildfire", "h:fire" },
  { "wildfires", "h:fire" },
  { "blaze", "h:fire" },
  { "blazes", "h:fire" },
  { "inferno", "h:fire" },
  { "incendie", "h:fire" },
  /* "fire" alone is as often gunfire ("opened fire") or a service ("fire
   * brigade"): a fire that broke out, spread or gutted something, or that
   * something caught. */
  { "caught fire", "h:fire" },
  { "catches fire", "h:fire" },
  { "catch fire", "h:fire" },
  { "fire broke", "h:fire" },
  { "fire breaks", "h:fire" },
  { "fire swept", "h:fire" },
  { "fire sweeps", "h:fire" },
  { "fire gutted", "h:fire" },
  { "fire guts", "h:fire" },
  { "fire destroyed", "h:fire" },
  { "fire destroys", "h:fire" },
  { "fire tore", "h:fire" },
  { "fire ripped", "h:fire" },
  { "fire engulfed", "h:fire" },
  { "fire raged", "h:fire" },
  { "fire spread", "h:fire" },
  { "fire started", "h:fire" },
  { "fire erupted", "h:fire" },
  { "set fire", "h:fire" },
  { "ablaze", "h:fire" },
  { "eruption", "h:volcano" },
  { "volcano", "h:volcano" },
  { "cholera", "h:cholera" },
  { "ebola", "h:ebola" },
  { "mpox", "h:mpox" },
  { "measles", "h:measles" },
  { "dengue", "h:dengue" },
  { "nipah", "h:nipah" },
  { "anthrax", "h:anthrax" },
  { "marburg", "h:marburg" },
  { "meningitis", "h:meningitis" },
  { "derailed", "h:derail" },
  { "derailment", "h:derail" },
  { "collapse", "h:collapse" },
  { "collapsed", "h:collapse" },
  { "caved", "h:collapse" },
  { "blackout", "h:outage" },
  { "outage", "h:outage" },
  /* when: the day (d) and the part of it (t), numbered so that neighbours
   * can be told ("late on Thursday" and "early on Friday", "evening" and
   * "night" may be one time) */
  { "monday", "d:1" },
  { "tuesday", "d:2" },
  { "wednesday", "d:3" },
  { "thursday", "d:4" },
  { "friday", "d:5" },
  { "saturday", "d:6" },
  { "sunday", "d:0" },
  { "lundi", "d:1" },
  { "mardi", "d:2" },
  { "mercredi", "d:3" },
  { "jeudi", "d:4" },
  { "vendredi", "d:5" },
  { "samedi", "d:6" },
  { "dimanche", "d:0" },
  { "overnight", "t:0" },
  { "small hours", "t:0" },
  { "wee hours", "t:0" },
  { "midnight", "t:0" },
  { "night", "t:0" },
  { "dawn", "t:0" },
  { "nuit", "t:0" },
  { "morning", "t:1" },
  { "matin", "t:1" },
  { "midday", "t:2" },
  { "noon", "t:2" },
  { "afternoon", "t:2" },
  { "evening", "t:3" },
  { "dusk", "t:3" },
  { "soir", "t:3" },
  { "soiree", "t:3" },
};

static const char *
frame_concept (const char *folded)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);
      for (gsize i = 0; i < G_N_ELEMENTS (frame_words); i++)
        g_hash_table_insert (t, (gpointer) frame_words[i].word, (gpointer) frame_words[i].concept);
      g_once_init_leave (&table, t);
    }
  return g_hash_table_lookup (table, folded);
}

/* What a factory makes ("f:" concepts), as outlets name it: a garment
 * factory is a knitwear plant or a textile mill in another report; a
 * plastics factory is another factory. */
static const struct
{
  const char *word, *concept;
} product_words[] = {
  { "garment", "f:garment" },
  { "garments", "f:garment" },
  { "textile", "f:garment" },
  { "textiles", "f:garment" },
  { "knitwear", "f:garment" },
  { "clothing", "f:garment" },
  { "apparel", "f:garment" },
  { "dyeing", "f:garment" },
  { "spinning", "f:garment" },
  { "weaving", "f:garment" },
  { "rmg", "f:garment" },
  { "plastic", "f:plastic" },
  { "plastics", "f:plastic" },
  { "polythene", "f:plastic" },
  { "chemical", "f:chemical" },
  { "chemicals", "f:chemical" },
  { "paint", "f:chemical" },
  { "pharmaceutical", "f:chemical" },
  { "fertiliser", "f:chemical" },
  { "fertilizer", "f:chemical" },
  { "furniture", "f:wood" },
  { "timber", "f:wood" },
  { "firecracker", "f:fireworks" },
  { "firecrackers", "f:fireworks" },
  { "fireworks", "f:fireworks" },
  { "pyrotechnics", "f:fireworks" },
  { "cracker", "f:fireworks" },
  { "shoe", "f:shoe" },
  { "shoes", "f:shoe" },
  { "footwear", "f:shoe" },
  { "leather", "f:shoe" },
  { "food", "f:food" },
  { "biscuit", "f:food" },
  { "flour", "f:food" },
  { "sugar", "f:food" },
  { "steel", "f:metal" },
  { "foundry", "f:metal" },
  { "paper", "f:paper" },
  { "packaging", "f:paper" },
  { "battery", "f:battery" },
  { "batteries", "f:battery" },
};

/* Words of a place of work a product word names ("a garment factory", "a
 * plastic recycling plant"). */
static const char *const facility_kind_words[] = {
  "factories", "factory", "godown",    "mill",       "mills",    "plant",     "plants",
  "unit",      "units",   "warehouse", "warehouses", "workshop", "workshops",
};

/* The "f:" concept of the product word at i when a word of a place of work
 * follows within three words of its clause ("a plastic recycling
 * factory"), else NULL (not "stalls selling plastic goods"). */
static const char *
product_before_facility (VigilTokens *tokens, guint i)
{
  const char *folded = vigil_tokens_get (tokens, i)->folded;
  const char *concept = NULL;

  for (gsize k = 0; k < G_N_ELEMENTS (product_words) && concept == NULL; k++)
    if (g_str_equal (product_words[k].word, folded))
      concept = product_words[k].concept;
  if (concept == NULL)
    return NULL;
  for (guint k = i + 1; k < tokens->tokens->len && k <= i + 3; k++)
    {
      /* (not "the paper said the plant had") */
      static const char *const stops[]
          = { "a", "an", "and", "had", "has", "is", "said", "says", "that", "the", "was" };
      if (cluster_clause_between (tokens, k - 1, k)
          || (vigil_tokens_get (tokens, k)->flags & VIGIL_TOKEN_SENTENCE_START)
          || cluster_in_list (stops, G_N_ELEMENTS (stops), vigil_tokens_get (tokens, k)->folded))
        return NULL;
      if (cluster_in_list (facility_kind_words, G_N_ELEMENTS (facility_kind_words),
                           vigil_tokens_get (tokens, k)->folded))
        return concept;
    }
  return NULL;
}

/* Words before "hospital" that make it where the hurt were cared for ("taken
 * to hospital", "treated at a hospital in Kozhikode"), not what was hit:
 * outlets add that aftermath or leave it out. Folded prefixes. */
static const char *const care_words[] = {
  "admit",
  "airlift",
  "evacuat",
  "ferried",
  "flown",
  "hospitalis",
  "hospitaliz",
  "isolat",
  "rushed",
  "taken",
  "transferr",
  "transport",
  "treated",
  "treating",
  "treatment",
  /* Who speaks for it ("a doctor at al-Thawra hospital said"): where the
   * toll was counted. */
  "doctor",
  "medic",
  "nurse",
  "surgeon",
};

/* Verbs of attribution: a time after them is when it was said. */
static const char *const speech_words[] = {
  "said",   "says",  "told",    "announced", "confirmed", "reported",
  "stated", "added", "tweeted", "wrote",     "declared",  "statement",
};

/* Verbs of what follows an event (the search, a rescue, the dead's burial,
 * the fire put out, the hostages freed, the truce holding, a claim posted): a day or
 * part of it in their clause ("finished clearing the rubble on Thursday
 * evening", "brought the blaze under control on Tuesday morning", "in a
 * statement posted on its channels late on Friday") is the aftermath's
 * time, not the event's. */
static const char *const aftermath_words[] = {
  "buried",    "completed",    "concluded", "ended",     "exhumed",   "finished",   "lifted",
  "recovered", "reopened",     "resumed",   "retrieved", "suspended", "identified", "contained",
  "doused",    "extinguished", "posted",    "published", "rescued",   "search",     "searching",
  "posting",   "publishing",   "claimed",   "claiming",  "leaked",
};

/* Words of the aftermath only in their phrase: "under control", "put out",
 * and the passive of the freed and of a truce ("were released unharmed",
 * "was holding"); not "seized control", "put the toll at", "gunmen holding
 * pupils", "who released two hostages". */
static const char *const passive_aftermath_words[] = { "released", "freed", "holding" };
/* Nouns after "rocket" or "missile" that make it what is built or held
 * ("rocket infrastructure", "missile programme"). */
static const char *const arsenal_words[] = {
  "arsenal",    "capabilities", "capability",     "depot",      "depots",     "factories",
  "factory",    "industry",     "infrastructure", "production", "program",    "programme",
  "programmes", "programs",     "stockpile",      "stockpiles", "technology",
};

/* Verbs of a count's update ("rose to 11", "reached 14"). */
static const char *const update_words[] = {
  "climbed", "increased", "jumped", "reached", "risen", "rose",
};

/* Words for finding the dead or the missing ("two of the victims were found
 * on Friday morning", "the body was located overnight"): when they were
 * found, not when they died; not "a bomb was found", "is located near". */
static const char *const found_words[] = { "discovered", "found", "located" };
static const char *const dead_words[] = {
  "bodies", "body", "corpse", "corpses", "dead", "missing", "remains", "victim", "victims",
};
static const char *const auxiliary_words[] = { "be", "been", "being", "is", "was", "were" };

/* Verbs of bringing the dead out ("freed two more bodies"). */
static const char *const extracting_words[] = { "dug", "extracted", "freed", "pulled" };

static gboolean
aftermath_at (VigilTokens *tokens, guint k)
{
  const char *word = vigil_tokens_get (tokens, k)->folded;

  if (cluster_in_list (aftermath_words, G_N_ELEMENTS (aftermath_words), word))
    return TRUE;
  if (g_str_equal (word, "control"))
    return k > 0 && token_is (tokens, k - 1, "under");
  if (g_str_equal (word, "put"))
    return k + 1 < tokens->tokens->len && token_is (tokens, k + 1, "out");
  /* "freed two more bodies", "pulled three bodies from the rubble": the
   * dead brought out, later */
  if (cluster_in_list (extracting_words, G_N_ELEMENTS (extracting_words), word))
    {
      for (guint j = k + 1; j < tokens->tokens->len && j <= k + 4; j++)
        {
          const char *next = vigil_tokens_get (tokens, j)->folded;
          if (cluster_clause_between (tokens, k, j))
            break;
          if (g_str_equal (next, "bodies") || g_str_equal (next, "body")
              || g_str_equal (next, "corpses") || g_str_equal (next, "remains"))
            return TRUE;
        }
      return FALSE;
    }
  if (k > 0 && cluster_in_list (found_words, G_N_ELEMENTS (found_words), word)
      && cluster_in_list (auxiliary_words, G_N_ELEMENTS (auxiliary_words),
                          vigil_tokens_get (tokens, k - 1)->folded))
    {
      for (guint j = k > 6 ? k - 6 : 0; j + 1 < k; j++)
        if (cluster_in_list (dead_words, G_N_ELEMENTS (dead_words),
                             vigil_tokens_get (tokens, j)->folded)
            && !cluster_clause_between (tokens, j, k))
          return TRUE;
      return FALSE;
    }
  return k > 0
         && cluster_in_list (passive_aftermath_words, G_N_ELEMENTS (passive_aftermath_words), word)
         && cluster_in_list (auxiliary_words, G_N_ELEMENTS (auxiliary_words),
                             vigil_tokens_get (tokens, k - 1)->folded);
}

/* Where or of what the wounded die later ("died in hospital", "of his
 * wounds", "from injuries"). */
static const char *const wound_words[] = {
  "hospital", "injuries", "wounds", "burns", "clinic",
};

/* Words between the time a wounded person died and the wounds ("on Tuesday
 * afternoon from his injuries", "on Monday of their wounds"). */
static const char *const wound_lead_words[] = {
  "afternoon", "morning", "evening", "night", "of",    "from", "in", "at",
  "a",         "the",     "his",     "her",   "their", "its",  "to",
};

/* Words between who speaks and the verb of speech ("a police officer said",
 * "a police spokesman told"). */
static const char *const source_words[] = {
  "officer",      "officers", "official", "officials", "spokesman",    "spokeswoman",
  "spokesperson", "source",   "sources",  "chief",     "commander",    "s",
  "agency",       "group",    "groups",   "ngo",       "organisation", "organization",
};

/* Verbs of those who found, saved or helped the victims ("fishermen found
 * them", "villagers pulled out two children"): said just after people,
 * they are the rescuers, not the hit; and the words after such a verb that
 * make the people its object again ("fishermen found dead"). */
static const char *const rescuer_verbs[] = {
  "alerted", "carried", "dug",     "found",  "helped",    "pulled",
  "rescued", "saved",   "spotted", "traced", "retrieved", "recovered",
};
static const char *const found_states[] = {
  "alive", "dead", "drowned", "floating", "injured", "safe", "unconscious", "wounded",
};

/* The frame concept of token i, if any: a hyphenated compound first
 * ("high-rise"); inside a name only a hazard or disease ("Nipah virus"
 * tagged as a name; "West Bank" is no bank); "hospital" not as the place
 * of care of the hurt. */
const char *
cluster_frame_of_token (VigilTokens *tokens, guint i, gboolean in_name)
{
  VigilToken *t = vigil_tokens_get (tokens, i);
  const char *concept = NULL;

  if (i + 1 < tokens->tokens->len
      && (vigil_tokens_get (tokens, i + 1)->flags & VIGIL_TOKEN_JOINED_PREV))
    {
      char compound[64];
      if ((gsize) g_snprintf (compound, sizeof compound, "%s-%s", t->folded,
                              vigil_tokens_get (tokens, i + 1)->folded)
          < sizeof compound)
        concept = frame_concept (compound);
    }
  /* Two words that name one concept ("police officers", "aid worker"). */
  if (concept == NULL && i > 0)
    {
      char pair[64];
      if ((gsize) g_snprintf (pair, sizeof pair, "%s %s", vigil_tokens_get (tokens, i - 1)->folded,
                              t->folded)
          < sizeof pair)
        concept = frame_concept (pair);
    }
  if (concept == NULL)
    concept = frame_concept (t->folded);
  if (concept == NULL && !in_name)
    concept = product_before_facility (tokens, i);
  if (concept == NULL || (in_name && concept[0] != 'h'))
    return NULL;
  /* "the ministry said on Sunday": the day of the report, not of the event.
   * Nor is what was done "by Wednesday evening" or "until Sunday": a count
   * or a search's time, not the event's. */
  if (concept[0] == 'd' || concept[0] == 't')
    {
      for (guint k = i > 4 ? i - 4 : 0; k < i; k++)
        if (cluster_in_list (speech_words, G_N_ELEMENTS (speech_words),
                             vigil_tokens_get (tokens, k)->folded))
          return NULL;
      for (guint k = i > 15 ? i - 15 : 0; k < i; k++)
        if (aftermath_at (tokens, k) && !cluster_clause_between (tokens, k, i))
          return NULL;
      /* "on Thursday buried their dead": the verb just after the time */
      for (guint k = i + 1; k < tokens->tokens->len && k <= i + 2; k++)
        if (aftermath_at (tokens, k) && !cluster_clause_between (tokens, i, k))
          return NULL;
      /* "rose to 11 on Sunday evening", "reached 14 late on Monday": when a
       * count was given, not when the event was. */
      for (guint k = i > 6 ? i - 6 : 0; k + 1 < i; k++)
        if (cluster_in_list (update_words, G_N_ELEMENTS (update_words),
                             vigil_tokens_get (tokens, k)->folded)
            && (token_is (tokens, k + 1, "to")
                || g_ascii_isdigit (vigil_tokens_get (tokens, k + 1)->folded[0]))
            && !cluster_clause_between (tokens, k, i))
          return NULL;
      /* "died in hospital on Tuesday afternoon from injuries", "succumbed
       * on Monday to his wounds": when the wounded died, not when they were
       * hurt. */
      for (guint k = i > 8 ? i - 8 : 0; k < i; k++)
        if ((token_is (tokens, k, "died") || token_is (tokens, k, "succumbed"))
            && !cluster_clause_between (tokens, k, i))
          for (guint w = k + 1; w < tokens->tokens->len && w <= i + 6; w++)
            {
              const char *word = vigil_tokens_get (tokens, w)->folded;
              if (cluster_in_list (wound_words, G_N_ELEMENTS (wound_words), word))
                return NULL;
              /* After the time, only the words that lead to the wounds
               * ("afternoon from his injuries"), not another clause ("on
               * Tuesday when gunmen stormed a hospital"). */
              if (w > i
                  && (cluster_clause_between (tokens, w - 1, w)
                      || !cluster_in_list (wound_lead_words, G_N_ELEMENTS (wound_lead_words),
                                           word)))
                break;
            }
      for (guint k = i > 2 ? i - 2 : 0; k < i; k++)
        if ((token_is (tokens, k, "by") || token_is (tokens, k, "until"))
            && (k + 1 == i || frame_concept (vigil_tokens_get (tokens, k + 1)->folded) != NULL))
          return NULL;
    }
  /* "police said", "a police officer told reporters", "the army's
   * spokesman said": who speaks of the event, not who it hit; "a hospital
   * official said": where the toll was counted, not what was hit. */
  if (concept[0] == 'v' || g_str_equal (concept, "p:hospital"))
    for (guint k = i + 1; k < tokens->tokens->len && k <= i + 3; k++)
      {
        const char *next = vigil_tokens_get (tokens, k)->folded;
        if (cluster_in_list (speech_words, G_N_ELEMENTS (speech_words), next))
          return NULL;
        if (!cluster_in_list (source_words, G_N_ELEMENTS (source_words), next))
          break;
      }
  /* "according to humanitarian workers and local doctors": those the news
   * is told by */
  if (concept[0] == 'v')
    for (guint k = i > 6 ? i - 6 : 1; k < i; k++)
      if (token_is (tokens, k, "to") && token_is (tokens, k - 1, "according")
          && !cluster_clause_between (tokens, k, i))
        return NULL;
  if (concept[0] == 'v' && i + 1 < tokens->tokens->len
      && cluster_in_list (rescuer_verbs, G_N_ELEMENTS (rescuer_verbs),
                          vigil_tokens_get (tokens, i + 1)->folded)
      && !(i + 2 < tokens->tokens->len
           && cluster_in_list (found_states, G_N_ELEMENTS (found_states),
                               vigil_tokens_get (tokens, i + 2)->folded)))
    return NULL;
  /* "told reporters", "briefed journalists", "said to reporters": whom a
   * source speaks to, not who was hit. */
  if (g_str_equal (concept, "v:press"))
    for (guint k = i > 2 ? i - 2 : 0; k < i; k++)
      {
        const char *before = vigil_tokens_get (tokens, k)->folded;
        if (cluster_in_list (speech_words, G_N_ELEMENTS (speech_words), before)
            || g_str_equal (before, "briefed") || g_str_equal (before, "telling"))
          return NULL;
      }
  /* "the group's rocket infrastructure", "Iran's (ballistic) missile
   * programme": what is built or held, not the event's weapon. */
  if (g_str_equal (concept, "m:missile"))
    for (guint k = i + 1; k < tokens->tokens->len && k <= i + 2; k++)
      {
        const char *next = vigil_tokens_get (tokens, k)->folded;
        if (cluster_in_list (arsenal_words, G_N_ELEMENTS (arsenal_words), next))
          return NULL;
        if (g_strcmp0 (frame_concept (next), "m:missile") != 0)
          break;
      }
  /* "tried to plant a bomb": the verb, not a factory */
  if (g_str_equal (t->folded, "plant") && g_str_equal (concept, "p:factory"))
    {
      static const char *const before_verb[]
          = { "to", "will", "would", "could", "might", "may", "did", "and" };
      static const char *const after_verb[] = { "a", "an", "the", "explosives", "bombs", "mines" };
      if ((i > 0
           && cluster_in_list (before_verb, G_N_ELEMENTS (before_verb),
                               vigil_tokens_get (tokens, i - 1)->folded))
          || (i + 1 < tokens->tokens->len
              && cluster_in_list (after_verb, G_N_ELEMENTS (after_verb),
                                  vigil_tokens_get (tokens, i + 1)->folded)))
        return NULL;
    }
  /* "Gunmen storm a bar", "protesters storm parliament", "to storm the":
   * the verb, not the weather (after a plural or "to", or before an
   * article). */
  if (g_str_equal (t->folded, "storm"))
    {
      /* Words that end in "s" without being a plural subject ("this
       * storm", "its storm", "was storm-hit"). */
      static const char *const s_words[] = {
        "as", "has", "his", "is", "its", "ours", "this", "thus", "us", "was", "yes",
      };
      const char *before = i > 0 ? vigil_tokens_get (tokens, i - 1)->folded : "";
      const char *after
          = i + 1 < tokens->tokens->len ? vigil_tokens_get (tokens, i + 1)->folded : "";
      if (g_str_equal (before, "to") || g_str_has_suffix (before, "men")
          || (g_str_has_suffix (before, "s") && !g_str_has_suffix (before, "ss")
              && !cluster_in_list (s_words, G_N_ELEMENTS (s_words), before))
          || g_str_equal (after, "a") || g_str_equal (after, "an") || g_str_equal (after, "the"))
        return NULL;
    }
  /* "flown by helicopter", "by plane": how the hurt or the staff left, not
   * what was hit. */
  if (g_str_equal (concept, "p:plane") && i > 0
      && g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "by"))
    return NULL;
  if (g_str_equal (concept, "p:hospital"))
    {
      /* "to hospital", "in hospital": no article, the British idiom of care
       * ("at hospital" is not: a headline's "Blast at hospital" leaves its
       * article out). */
      if (i > 0
          && (g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "to")
              || g_str_equal (vigil_tokens_get (tokens, i - 1)->folded, "in")))
        return NULL;
      /* "to a hospital", "to the military hospital": where the hurt went. */
      for (guint k = i > 3 ? i - 3 : 0; k + 1 < i; k++)
        if (g_str_equal (vigil_tokens_get (tokens, k)->folded, "to")
            && (g_str_equal (vigil_tokens_get (tokens, k + 1)->folded, "a")
                || g_str_equal (vigil_tokens_get (tokens, k + 1)->folded, "the")))
          return NULL;
      for (guint k = i > 5 ? i - 5 : 0; k < i; k++)
        for (gsize w = 0; w < G_N_ELEMENTS (care_words); w++)
          if (g_str_has_prefix (vigil_tokens_get (tokens, k)->folded, care_words[w])
              /* "taken to hospital", not "taken control of the hospital" */
              && (!g_str_equal (care_words[w], "taken")
                  || g_str_equal (vigil_tokens_get (tokens, k + 1)->folded, "to")))
            return NULL;
    }
  return concept;
}

/* Words after a country's name or adjective that make it a state's armed
 * service or its flag, acting where the event is, not the place of it
 * ("the US military's Central Command", "an Indian navy warship", "a
 * Marshall Islands-flagged carrier"). */
static const char *const service_words[] = {
  "army", "embassy", "flagged", "forces", "marines", "military", "navy", "troops", "warship",
};

/* Words after a name that make it a province, a state or a district
 * ("Tillaberi region", "Cauca province", "Sinaloa state"). */
static const char *const province_words[] = {
  "department", "district", "governorate", "prefecture", "province", "region", "state",
};

/* The index of the first token starting at code point pos or after it
 * (tokens->tokens->len when none does): tokens are in order. */
static guint
token_at_or_after (VigilTokens *tokens, guint pos)
{
  guint low = 0, high = tokens->tokens->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      if (vigil_tokens_get (tokens, mid)->start < pos)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* Whether the word at code point end (or just after) is one of words. */
static gboolean
followed_by (VigilTokens *tokens, guint end, const char *const *words, gsize n)
{
  for (guint i = token_at_or_after (tokens, end); i < tokens->tokens->len; i++)
    {
      VigilToken *t = vigil_tokens_get (tokens, i);
      if (t->start < end)
        continue;
      if (t->start > end + 3)
        return FALSE;
      /* "the US military's", "Russia's forces" */
      if (g_str_equal (t->folded, "s") && (t->flags & VIGIL_TOKEN_JOINED_PREV)
          && i + 1 < tokens->tokens->len)
        t = vigil_tokens_get (tokens, i + 1);
      return cluster_in_list (words, n, t->folded);
    }
  return FALSE;
}

/* Words of a border ("the Cameroon border", "the border with Somalia"). */
static const char *const border_words[] = { "border", "borders", "boundary", "frontier" };

gboolean
cluster_border_of (VigilTokens *tokens, guint start, guint end)
{
  guint low = token_at_or_after (tokens, start);

  if (followed_by (tokens, end, border_words, G_N_ELEMENTS (border_words)))
    return TRUE;
  /* "the border with Somalia", "the border of Chad" */
  return low >= 2 && low < tokens->tokens->len && vigil_tokens_get (tokens, low)->start == start
         && (token_is (tokens, low - 1, "with") || token_is (tokens, low - 1, "of"))
         && cluster_in_list (border_words, G_N_ELEMENTS (border_words),
                             vigil_tokens_get (tokens, low - 2)->folded);
}

gboolean
cluster_province_word (const char *folded)
{
  return cluster_in_list (province_words, G_N_ELEMENTS (province_words), folded);
}

gboolean
cluster_province_named (VigilTokens *tokens, guint end)
{
  return followed_by (tokens, end, province_words, G_N_ELEMENTS (province_words));
}

/* Words for a country's first division only (a district or a department is
 * smaller in many countries). */
static const char *const first_level_words[] = {
  "governorate", "oblast", "province", "region", "state",
};

gboolean
cluster_first_level_named (VigilTokens *tokens, guint end)
{
  return followed_by (tokens, end, first_level_words, G_N_ELEMENTS (first_level_words));
}

/* Whether the name starting at code point start follows a word for a
 * province and "of" ("the northern Andean region of La Libertad", "the
 * state of Zamfara"): of a first division only, when first_level. */
gboolean
cluster_province_of (VigilTokens *tokens, guint start, gboolean first_level)
{
  guint i = token_at_or_after (tokens, start);
  const char *word;

  if (i < 2 || i >= tokens->tokens->len || vigil_tokens_get (tokens, i)->start != start
      || !token_is (tokens, i - 1, "of"))
    return FALSE;
  word = vigil_tokens_get (tokens, i - 2)->folded;
  return first_level ? cluster_in_list (first_level_words, G_N_ELEMENTS (first_level_words), word)
                     : cluster_in_list (province_words, G_N_ELEMENTS (province_words), word);
}

/* Whether token i's folded text is word. */
static gboolean
token_is (VigilTokens *tokens, guint i, const char *word)
{
  return i < tokens->tokens->len && g_str_equal (vigil_tokens_get (tokens, i)->folded, word);
}

/* A time of day written on the clock at token i ("6:30 a.m.", "2 p.m.",
 * "8am"): the hour as a frame concept ("c:14") and how many tokens it spans.
 * Outlets give one event's time alike, to the hour or near it; two incidents
 * of one town and one day most often at other hours. */
gboolean
cluster_clock_at (VigilTokens *tokens, guint i, const char **concept, guint *span)
{
  static const char *const hours[] = {
    "c:0",  "c:1",  "c:2",  "c:3",  "c:4",  "c:5",  "c:6",  "c:7",  "c:8",  "c:9",  "c:10", "c:11",
    "c:12", "c:13", "c:14", "c:15", "c:16", "c:17", "c:18", "c:19", "c:20", "c:21", "c:22", "c:23",
  };
  VigilToken *t = vigil_tokens_get (tokens, i);
  char *end;
  guint64 hour;
  guint k = i + 1;
  gboolean pm;

  if (!g_ascii_isdigit (*t->folded))
    return FALSE;
  hour = g_ascii_strtoull (t->folded, &end, 10);
  /* "at about 15:00", "22:30 local time": the 24-hour clock, minutes after
   * a colon, said to be a time (not "John 3:16", "won 2:1") */
  if (*end == '\0' && hour <= 23 && strlen (t->folded) <= 2 && k < tokens->tokens->len)
    {
      static const char *const before[] = {
        "at", "about", "around", "after", "before", "approximately", "roughly", "shortly", "until",
      };
      static const char *const after[] = { "local", "gmt", "utc", "hours", "hrs", "h" };
      VigilToken *m = vigil_tokens_get (tokens, k);
      if (strlen (m->folded) == 2 && g_ascii_isdigit (m->folded[0]) && m->folded[0] <= '5'
          && g_ascii_isdigit (m->folded[1]) && m->byte_start == t->byte_end + 1
          && tokens->text[t->byte_end] == ':' && !token_is (tokens, k + 1, "am")
          && !token_is (tokens, k + 1, "pm") && !token_is (tokens, k + 1, "a")
          && !token_is (tokens, k + 1, "p")
          && ((i > 0
               && cluster_in_list (before, G_N_ELEMENTS (before),
                                   vigil_tokens_get (tokens, i - 1)->folded))
              || (k + 1 < tokens->tokens->len
                  && cluster_in_list (after, G_N_ELEMENTS (after),
                                      vigil_tokens_get (tokens, k + 1)->folded))))
        {
          *concept = hours[hour];
          *span = 2;
          return TRUE;
        }
    }
  if (hour < 1 || hour > 12)
    return FALSE;
  if (*end != '\0')
    {
      /* "8am", "2pm" */
      if (!g_str_equal (end, "am") && !g_str_equal (end, "pm"))
        return FALSE;
      pm = *end == 'p';
    }
  else
    {
      /* The minutes of "6:30": two digits just after a colon; with the
       * half of the day written on ("9.30am", "10.30pm"). */
      if (k < tokens->tokens->len)
        {
          VigilToken *m = vigil_tokens_get (tokens, k);
          gsize len = strlen (m->folded);
          if ((len == 2
               || (len == 4 && m->folded[3] == 'm' && (m->folded[2] == 'a' || m->folded[2] == 'p')))
              && g_ascii_isdigit (m->folded[0]) && g_ascii_isdigit (m->folded[1])
              && m->start == t->start + strlen (t->folded) + 1)
            {
              k++;
              if (len == 4)
                {
                  *concept = hours[hour % 12 + (m->folded[2] == 'p' ? 12 : 0)];
                  *span = k - i;
                  return TRUE;
                }
            }
        }
      if (token_is (tokens, k, "am") || token_is (tokens, k, "pm"))
        pm = vigil_tokens_get (tokens, k++)->folded[0] == 'p';
      else if ((token_is (tokens, k, "a") || token_is (tokens, k, "p"))
               && token_is (tokens, k + 1, "m")
               && (vigil_tokens_get (tokens, k + 1)->flags & VIGIL_TOKEN_JOINED_PREV))
        {
          pm = token_is (tokens, k, "p");
          k += 2;
        }
      else
        return FALSE;
    }
  *concept = hours[hour % 12 + (pm ? 12 : 0)];
  *span = k - i;
  return TRUE;
}

/* More of when the event happened, from token i whose frame concept is
 * frame: "midnight" and "noon" are hours on the clock ("c:0", "c:12"); a
 * part of a day given with the day's name ("on Tuesday afternoon",
 * "Saturday morning") is "u:N" (N as in "t:N"), and "late" or "early" with
 * the day's name ("late Friday", "early on Monday") "u:4" or "u:5". Tied to
 * a day it is when the event happened; alone ("died in the afternoon") it
 * is as often an aftermath's. NULL when there is no more. */
const char *
cluster_time_of_token (VigilTokens *tokens, guint i, const char *frame)
{
  static const char *const parts[] = { "u:0", "u:1", "u:2", "u:3" };
  const char *folded = vigil_tokens_get (tokens, i)->folded;
  const char *day;
  guint k;

  if (frame == NULL)
    return NULL;
  if (g_str_equal (folded, "midnight"))
    return "c:0";
  if (g_str_equal (folded, "noon") || g_str_equal (folded, "midday"))
    return "c:12";
  if (frame[0] == 'd')
    {
      /* "late Friday", "late on Friday" */
      k = i > 0 && token_is (tokens, i - 1, "on") ? i - 1 : i;
      if (k > 0 && token_is (tokens, k - 1, "late"))
        return "u:4";
      if (k > 0 && token_is (tokens, k - 1, "early"))
        return "u:5";
      return NULL;
    }
  if (frame[0] != 't' || i == 0)
    return NULL;
  day = frame_concept (vigil_tokens_get (tokens, i - 1)->folded);
  if (day == NULL || day[0] != 'd')
    return NULL;
  return parts[atoi (frame + 2) & 3];
}

/* Words of a distance ("200 km north of", "60 miles from"). */
static const char *const distance_words[] = {
  "kilometers", "kilometres", "km", "kms", "mi", "miles",
};

/* Points of the compass before "of" ("east of Tripoli", "on the coast
 * southwest of Aden"): the place lies off the named one. */
static const char *const compass_words[] = {
  "east",  "eastward",  "north",     "northeast", "northwest", "northward",
  "south", "southeast", "southwest", "southward", "west",      "westward",
};

/* Whether the name starting at code point start is a landmark the event is
 * placed off: after a distance ("200 km north of", "60 miles from"), or
 * after a point of the compass and "of" ("east of Tripoli"); not "the
 * south of Tripoli", which is in it. */
gboolean
cluster_off_landmark (VigilTokens *tokens, guint start)
{
  guint low;

  if (cluster_distance_from (tokens, start))
    return TRUE;
  low = token_at_or_after (tokens, start);
  return low >= 2 && low < tokens->tokens->len && vigil_tokens_get (tokens, low)->start == start
         && g_str_equal (vigil_tokens_get (tokens, low - 1)->folded, "of")
         && cluster_in_list (compass_words, G_N_ELEMENTS (compass_words),
                             vigil_tokens_get (tokens, low - 2)->folded)
         && !(low >= 3 && g_str_equal (vigil_tokens_get (tokens, low - 3)->folded, "the"));
}

/* Whether the name starting at code point start follows a distance: "of"
 * or "from" with a unit of distance at most three words before it. */
gboolean
cluster_distance_from (VigilTokens *tokens, guint start)
{
  guint low = token_at_or_after (tokens, start);

  if (low == 0 || low >= tokens->tokens->len || vigil_tokens_get (tokens, low)->start != start)
    return FALSE;
  if (!g_str_equal (vigil_tokens_get (tokens, low - 1)->folded, "of")
      && !g_str_equal (vigil_tokens_get (tokens, low - 1)->folded, "from"))
    return FALSE;
  for (guint k = low - 1; k > 0 && low - k <= 3; k--)
    if (cluster_in_list (distance_words, G_N_ELEMENTS (distance_words),
                         vigil_tokens_get (tokens, k - 1)->folded))
      return TRUE;
  return FALSE;
}

/* Words before a place that make it the event's neighbour, not its place
 * ("from the direction of neighbouring Jonglei state", "camps in
 * neighbouring Bulambuli district"). */
static const char *const beside_words[] = {
  "adjacent", "bordering", "nearby", "neighbouring", "neighboring",
};

/* Words before the word for a neighbour that make the neighbour the event's
 * place after all: another place of the event ("in Bududa and neighbouring
 * Bulambuli district") or where it spread ("spread to neighbouring Jonglei
 * state"). */
static const char *const beside_joins[] = { "and", "or", "to", "into" };

gboolean
cluster_beside_word (VigilTokens *tokens, guint i)
{
  return i < tokens->tokens->len
         && cluster_in_list (beside_words, G_N_ELEMENTS (beside_words),
                             vigil_tokens_get (tokens, i)->folded)
         && !(i > 0
              && cluster_in_list (beside_joins, G_N_ELEMENTS (beside_joins),
                                  vigil_tokens_get (tokens, i - 1)->folded));
}

/* Whether the place whose name starts at code point start is named as the
 * neighbour of the event's place, and not as where the event was ("…
 * neighbouring Jonglei state, where gunmen killed 27"). */
gboolean
cluster_beside (VigilTokens *tokens, guint start, guint end)
{
  guint low = token_at_or_after (tokens, start), after = token_at_or_after (tokens, end);

  if (low == 0 || low >= tokens->tokens->len || vigil_tokens_get (tokens, low)->start != start
      || !cluster_beside_word (tokens, low - 1))
    return FALSE;
  /* (the word of kind after the name: "Jonglei state, where") */
  for (guint k = after; k < tokens->tokens->len && k <= after + 2; k++)
    if (g_str_equal (vigil_tokens_get (tokens, k)->folded, "where"))
      return FALSE;
  return TRUE;
}

/* Whether the words from code point end on make what ends there a state's
 * armed service or flag. */
gboolean
cluster_armed_service (VigilTokens *tokens, guint end)
{
  return followed_by (tokens, end, service_words, G_N_ELEMENTS (service_words));
}

/* Words after a country's name that make it the nationality of people ("two
 * Myanmar nationals", "Myanmar and Nepali workers"). */
static const char *const nationals_words[] = {
  "citizen", "citizens", "migrant", "migrants", "national", "nationals", "nationality", "workers",
};

gboolean
cluster_nationals (VigilTokens *tokens, guint end)
{
  guint i = token_at_or_after (tokens, end), n = tokens->tokens->len;

  if (i >= n || vigil_tokens_get (tokens, i)->start > end + 1)
    return FALSE;
  if (cluster_in_list (nationals_words, G_N_ELEMENTS (nationals_words),
                       vigil_tokens_get (tokens, i)->folded))
    return TRUE;
  /* "Myanmar and Nepali nationals": one more name between */
  return i + 2 < n && (token_is (tokens, i, "and") || token_is (tokens, i, "or"))
         && (vigil_tokens_get (tokens, i + 1)->flags & VIGIL_TOKEN_CAPITALIZED)
         && cluster_in_list (nationals_words, G_N_ELEMENTS (nationals_words),
                             vigil_tokens_get (tokens, i + 2)->folded);
}

/* Whether the word just after code point end (one space or none between) is
 * one of words ("Somali militants", "Egyptian migrants"). */
static gboolean
next_word_in (VigilTokens *tokens, guint end, const char *const *words, gsize n)
{
  guint i = token_at_or_after (tokens, end);

  return i < tokens->tokens->len && vigil_tokens_get (tokens, i)->start <= end + 1
         && cluster_in_list (words, n, vigil_tokens_get (tokens, i)->folded);
}

/* Words after a people's name that make them the people an event befell,
 * by what they were ("Egyptian migrants", "Pakistani pilgrims"), not those
 * who acted ("Malaysian police"). */
gboolean
cluster_victims (VigilTokens *tokens, guint end)
{
  static const char *const victim_words[] = {
    "migrants", "refugees",  "pilgrims", "workers",    "labourers", "laborers", "fishermen",
    "tourists", "nationals", "citizens", "sailors",    "seafarers", "miners",   "herders",
    "traders",  "students",  "farmers",  "hostages",   "engineers", "truckers", "drivers",
    "asylum",   "crew",      "crewmen",  "passengers",
  };

  return next_word_in (tokens, end, victim_words, G_N_ELEMENTS (victim_words));
}

/* Words after a people's name that make it the nationality of armed men,
 * who come from elsewhere to strike ("Somali militants", "Nigerian
 * pirates"), not the country of the event. */
static const char *const raider_words[] = {
  "bandits",   "extremists", "fighters", "gunmen", "insurgents", "jihadists",   "militant",
  "militants", "militiamen", "pirates",  "rebels", "smugglers",  "traffickers",
};

gboolean
cluster_raiders (VigilTokens *tokens, guint end)
{
  return next_word_in (tokens, end, raider_words, G_N_ELEMENTS (raider_words));
}

/* Whether the name ending at code point end is a wide area's, by the word
 * of its kind after it in lower case ("Guji zone", "Sokoto state"): an area
 * holding many towns, not the town an event was in. (A district is where
 * reports place an event, as they place it in a town.) */
gboolean
cluster_area_named (VigilTokens *tokens, guint end)
{
  static const char *const area_words[] = {
    "governorate", "prefecture", "province", "region", "state", "zone",
  };
  guint i = token_at_or_after (tokens, end);

  return next_word_in (tokens, end, area_words, G_N_ELEMENTS (area_words))
         && !(vigil_tokens_get (tokens, i)->flags & VIGIL_TOKEN_CAPITALIZED);
}

/* Whether the name ending at code point end is where an organisation is
 * based ("the Britain-based Syrian Observatory", "a US-based charity"), not
 * where the event is. */
gboolean
cluster_based_in (VigilTokens *tokens, guint end)
{
  guint i = token_at_or_after (tokens, end);
  VigilToken *t;

  if (i >= tokens->tokens->len)
    return FALSE;
  t = vigil_tokens_get (tokens, i);
  return t->start == end + 1 && (t->flags & VIGIL_TOKEN_JOINED_PREV)
         && g_str_equal (t->folded, "based");
}

/* Whether the name starting at code point start is where a vessel or a
 * convoy was going ("bound for Tchomia in Congo's Ituri province", "en route
 * to Libya"), not where the event was: "bound" or "destined" then "for", or
 * "route to", or "to cross into", before it, with only names and the words
 * that join a place to its province or country between ("in", "'s",
 * "the"): not "bound for Kisumu capsized in Uganda". */
gboolean
cluster_destination (VigilTokens *tokens, guint start)
{
  static const char *const joining[] = { "in", "s", "the", "of" };
  guint low = token_at_or_after (tokens, start);

  if (low >= tokens->tokens->len || vigil_tokens_get (tokens, low)->start != start)
    return FALSE;
  for (guint k = low; k >= 2 && low - k < 8; k--)
    {
      const VigilToken *t = vigil_tokens_get (tokens, k - 1);
      const char *going = vigil_tokens_get (tokens, k - 2)->folded;
      if (cluster_clause_between (tokens, k - 1, low))
        return FALSE;
      if ((g_str_equal (t->folded, "for")
           && (g_str_equal (going, "bound") || g_str_equal (going, "destined")))
          || (g_str_equal (t->folded, "to") && g_str_equal (going, "route")))
        return TRUE;
      /* "waiting to cross into Afghanistan", "trying to cross into Greece":
       * where they meant to go (not "crossed into Pakistan and attacked") */
      if ((g_str_equal (t->folded, "into") || g_str_equal (t->folded, "to"))
          && g_str_equal (going, "cross") && k >= 3
          && g_str_equal (vigil_tokens_get (tokens, k - 3)->folded, "to"))
        return TRUE;
      if (!(t->flags & VIGIL_TOKEN_CAPITALIZED)
          && !cluster_in_list (joining, G_N_ELEMENTS (joining), t->folded))
        return FALSE;
    }
  return FALSE;
}

/* Whether the name from code point start is an end of a journey the report
 * tells of, not where its event was: where a bus, a boat or travellers came
 * from or were going ("carrying passengers from Mexico City", "travelling
 * from Mexico City to the port of Veracruz", "which left Dhaka on Saturday",
 * "heading to Goma"), and the destinations cluster_destination() knows. */
gboolean
cluster_route_end (VigilTokens *tokens, guint start)
{
  static const char *const travel_words[] = {
    "bound",    "carrying",   "coming",    "flying",  "headed",    "heading",
    "journey",  "passengers", "returning", "sailing", "travelled", "travelling",
    "traveled", "traveling",  "trip",      "way",     "route",     "driving",
  };
  /* ("on the left Mexico City", a side, not a departure) */
  static const char *const left_side[] = { "the", "to", "on", "a", "far", "hard" };
  guint low = token_at_or_after (tokens, start);
  const char *before;

  if (cluster_destination (tokens, start))
    return TRUE;
  if (low < 2 || low >= tokens->tokens->len || vigil_tokens_get (tokens, low)->start != start)
    return FALSE;
  before = vigil_tokens_get (tokens, low - 1)->folded;
  /* "left Mexico City", "had left Dhaka": a departure */
  if (g_str_equal (before, "left")
      && !cluster_in_list (left_side, G_N_ELEMENTS (left_side),
                           vigil_tokens_get (tokens, low - 2)->folded))
    return TRUE;
  if (!g_str_equal (before, "from") && !g_str_equal (before, "to") && !g_str_equal (before, "for")
      && !g_str_equal (before, "towards") && !g_str_equal (before, "toward"))
    return FALSE;
  /* the travel word a few words before ("carrying passengers from",
   * "travelling from Mexico City to") */
  for (guint k = low - 1; k-- > 0 && low - k <= 5;)
    {
      const char *word = vigil_tokens_get (tokens, k)->folded;
      if (cluster_clause_between (tokens, k, low - 1))
        return FALSE;
      if (cluster_in_list (travel_words, G_N_ELEMENTS (travel_words), word))
        return TRUE;
      /* "from Mexico City to the port": the route's other end before it */
      if (g_str_equal (before, "to") && g_str_equal (word, "from"))
        return TRUE;
    }
  return FALSE;
}

/* Whether the name from code point start is the home of people the report
 * tells of, not where its event was: "labourers from South Sulawesi",
 * "migrants from Sulawesi", "take them home to South Sulawesi". */
gboolean
cluster_people_home (VigilTokens *tokens, guint start)
{
  static const char *const people_words[] = {
    "families", "farmers",  "fishermen",  "labourers", "laborers", "man",      "men",
    "migrant",  "migrants", "miners",     "natives",   "pilgrims", "settlers", "students",
    "teachers", "tourists", "traders",    "woman",     "women",    "worker",   "workers",
    "family",   "labourer", "laborer",    "native",    "people",   "settler",  "visitors",
    "recruits", "recruit",  "conscripts", "conscript",
  };
  static const char *const division_words[] = {
    "districts", "governorates", "provinces", "regions", "states",
    "district",  "governorate",  "province",  "region",  "state",
  };
  guint low = token_at_or_after (tokens, start);
  const char *before;

  if (low < 2 || low >= tokens->tokens->len || vigil_tokens_get (tokens, low)->start != start)
    return FALSE;
  /* the second of a list ("from South Sulawesi and East Nusa Tenggara") */
  for (guint k = low - 1, steps = 0; k > 1 && steps < 6; k--, steps++)
    {
      const VigilToken *t = vigil_tokens_get (tokens, k);
      if (token_is (tokens, k, "and") || token_is (tokens, k, "or"))
        {
          guint first = k;
          /* (a name's words, with a particle: "Kafr el-Sheikh") */
          while (first > 1
                 && ((vigil_tokens_get (tokens, first - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
                     || ((token_is (tokens, first - 1, "el") || token_is (tokens, first - 1, "al"))
                         && (vigil_tokens_get (tokens, first)->flags & VIGIL_TOKEN_JOINED_PREV)))
                 && k - first < 4)
            first--;
          if (first < k
              && (token_is (tokens, first - 1, "from") || token_is (tokens, first - 1, "of")))
            low = first;
          break;
        }
      if (!(t->flags & VIGIL_TOKEN_CAPITALIZED))
        break;
    }
  before = vigil_tokens_get (tokens, low - 1)->folded;
  /* "from the Egyptian provinces of Kafr el-Sheikh and Fayoum" */
  if (g_str_equal (before, "of") && low >= 3
      && cluster_in_list (division_words, G_N_ELEMENTS (division_words),
                          vigil_tokens_get (tokens, low - 2)->folded))
    {
      guint k = low - 2;
      while (k > 1 && low - k < 6
             && ((vigil_tokens_get (tokens, k - 1)->flags & VIGIL_TOKEN_CAPITALIZED)
                 || token_is (tokens, k - 1, "the")))
        k--;
      if (token_is (tokens, k - 1, "from"))
        low = k, before = "from";
    }
  if (g_str_equal (before, "to"))
    return token_is (tokens, low - 2, "home") && !cluster_clause_between (tokens, low - 2, low);
  if (!g_str_equal (before, "from"))
    return FALSE;
  /* "labourers from", "all migrants from", "were labourers originally from" */
  for (guint k = low - 1; k-- > 0 && low - k <= 3;)
    {
      if (cluster_clause_between (tokens, k, low - 1))
        return FALSE;
      if (cluster_in_list (people_words, G_N_ELEMENTS (people_words),
                           vigil_tokens_get (tokens, k)->folded)
          || token_is (tokens, k, "originally"))
        return TRUE;
    }
  return FALSE;
}

/* Words that call a name a town or a part of a province: after it
 * ("Kambuyo village", "Lubero territory") or ending an apposition
 * ("Kambuyo, a gold-mining town in the west"). */
/* Words that end an apposition before any town word ("a resident of the
 * camp", "a police commander in the county", "a spokesman for the
 * district"). */
static const char *const apposition_stops[] = {
  "at", "by", "for", "from", "in", "of", "on", "the", "to", "with",
};

static const char *const town_words[] = {
  "chiefdom",  "city",         "commune",    "county",    "district",
  "locality",  "municipality", "settlement", "subcounty", "tehsil",
  "territory", "town",         "township",   "village",   "woreda",
};

/* Words that may follow an apposition's town word ("a town in", "a village
 * of", "a town some 10 km from"), or none. */
static const char *const after_town_words[] = {
  "about", "in",    "near",   "north",     "northeast", "northwest", "of",
  "on",    "some",  "south",  "southeast", "southwest", "east",      "west",
  "where", "which", "around", "close",     "located",   "outside",   "situated",
};

gboolean
cluster_person_placed (VigilTokens *tokens, guint start, guint end)
{
  guint i, n = tokens->tokens->len;

  if (cluster_local_place_named (tokens, start)
      || followed_by (tokens, end, town_words, G_N_ELEMENTS (town_words))
      || followed_by (tokens, end, province_words, G_N_ELEMENTS (province_words)))
    return TRUE;
  /* "Kambuyo, a gold-mining town in": a comma, "a" or "an", up to four
   * words, a town word and then a preposition or the clause's end (not "a
   * local official", "a town councillor"). */
  i = token_at_or_after (tokens, end);
  if (i == 0 || i + 1 >= n
      || !(g_str_equal (vigil_tokens_get (tokens, i)->folded, "a")
           || g_str_equal (vigil_tokens_get (tokens, i)->folded, "an"))
      || vigil_tokens_get (tokens, i - 1)->start >= end
      || !cluster_clause_between (tokens, i - 1, i)
      || tokens->text[vigil_tokens_get (tokens, i - 1)->byte_end] != ',')
    return FALSE;
  for (guint j = i + 1; j < n && j <= i + 4; j++)
    {
      VigilToken *t = vigil_tokens_get (tokens, j);
      if (cluster_clause_between (tokens, j - 1, j) || (t->flags & VIGIL_TOKEN_SENTENCE_START)
          || cluster_in_list (apposition_stops, G_N_ELEMENTS (apposition_stops), t->folded))
        return FALSE;
      if (cluster_in_list (town_words, G_N_ELEMENTS (town_words), t->folded))
        return j + 1 >= n || cluster_clause_between (tokens, j, j + 1)
               || (vigil_tokens_get (tokens, j + 1)->flags & VIGIL_TOKEN_SENTENCE_START)
               || cluster_in_list (after_town_words, G_N_ELEMENTS (after_town_words),
                                   vigil_tokens_get (tokens, j + 1)->folded);
    }
  return FALSE;
}

/* Words of a local place before "of" ("the municipality of Argelia", "the
 * town of Jordan"): the name after them is a town that bears the name of a
 * country, not the country. */
static const char *const local_place_words[] = {
  "city", "commune", "municipality", "town", "township", "village",
};

gboolean
cluster_local_place_named (VigilTokens *tokens, guint start)
{
  guint low = token_at_or_after (tokens, start);

  if (low < 2 || low >= tokens->tokens->len || vigil_tokens_get (tokens, low)->start != start)
    return FALSE;
  /* "the Sifontes municipality of Venezuela's Bolivar state": the country,
   * whose province follows */
  if (low + 1 < tokens->tokens->len
      && (vigil_tokens_get (tokens, low + 1)->flags & VIGIL_TOKEN_JOINED_PREV)
      && g_str_equal (vigil_tokens_get (tokens, low + 1)->folded, "s"))
    return FALSE;
  return g_str_equal (vigil_tokens_get (tokens, low - 1)->folded, "of")
         && cluster_in_list (local_place_words, G_N_ELEMENTS (local_place_words),
                             vigil_tokens_get (tokens, low - 2)->folded);
}

/* The number written "D.D" at tokens k and k + 1 (a digit, a bare dot, a
 * digit), in tenths, or 0. */
static guint
tenths_at (VigilTokens *tokens, guint k)
{
  VigilToken *whole, *part;

  if (k + 1 >= tokens->tokens->len)
    return 0;
  whole = vigil_tokens_get (tokens, k);
  part = vigil_tokens_get (tokens, k + 1);
  if (strlen (whole->folded) != 1 || !g_ascii_isdigit (whole->folded[0])
      || strlen (part->folded) != 1 || !g_ascii_isdigit (part->folded[0])
      || part->byte_start != whole->byte_end + 1 || tokens->text[whole->byte_end] != '.')
    return 0;
  return (whole->folded[0] - '0') * 10 + (part->folded[0] - '0');
}

guint8
cluster_magnitude (VigilTokens *tokens)
{
  guint n = tokens->tokens->len;

  for (guint i = 0; i < n; i++)
    {
      const char *word = vigil_tokens_get (tokens, i)->folded;
      gboolean aftershock = FALSE;
      if (!g_str_equal (word, "magnitude") && !g_str_equal (word, "richter"))
        continue;
      /* ("aftershocks of up to magnitude 4.2": not the quake's) */
      for (guint k = i > 6 ? i - 6 : 0; k < i && !aftershock; k++)
        aftershock = g_str_has_prefix (vigil_tokens_get (tokens, k)->folded, "aftershock");
      if (aftershock)
        continue;
      /* "magnitude 6.6", "magnitude of 6.6", "6.6-magnitude", "6.6 magnitude",
       * "measured 5.8 on the Richter scale" */
      for (guint k = i > 4 ? i - 4 : 0; k < n && k <= i + 6; k++)
        {
          guint tenths = tenths_at (tokens, k);
          /* ("put the magnitude of the quake at 5.9", not past its sentence) */
          if (k > i && (vigil_tokens_get (tokens, k)->flags & VIGIL_TOKEN_SENTENCE_START))
            break;
          if (tenths >= 20)
            return (guint8) tenths;
        }
    }
  return 0;
}
