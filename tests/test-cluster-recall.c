/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Story grouping, rewrites by another writer (issue 15, recall without
 * losing precision): a post of the army written "army post" or "military
 * position", a town named after a country ("the municipality of Jordan"),
 * a report that names no country at all. Each case has its twin that must
 * stay apart. */
#include "test-cluster-common.h"

static gboolean
has_country (const VigilStorySignature *s, const char *code)
{
  return has_key (s->countries, code);
}

/* An army's post or position is a base: outlets write "army post",
 * "military position", "outpost" and "base" for one place. */
static const ReadsCase military_post[] = {
  { "Attackers overrun army post in the north\n"
    "Fighters on pickups overran an army post near the border on Monday.",
    "p:base" },
  { "Soldiers die defending military position\n"
    "Eleven soldiers died when a military position came under fire on Monday.",
    "p:base" },
  { "Letters delayed\n"
    "The post office said the post would be late on Monday.",
    "-p:base" },
  { NULL },
};

/* Rewrites of one ambush: the province in one (Mopti region), an unknown
 * village in the other; the frame agrees on who was hit and where (soldiers
 * at an army post). */
static const char ambush_region[]
    = "Mali: 12 soldiers killed in raid on army post in Mopti region\n"
      "Suspected insurgents killed 12 soldiers in a raid on an army post in Mali's Mopti region "
      "before dawn on Tuesday, two security sources said. Attackers on motorbikes burned "
      "vehicles at the post and withdrew into the bush.";
static const char ambush_village[]
    = "Defence ministry says 15 troops died as gunmen overran position at Koussouma\n"
      "Fifteen soldiers were killed when gunmen overran a military position at Koussouma in "
      "central Mali on Tuesday, the defence ministry said in a statement on Wednesday. It said "
      "dozens of attackers "
      "were killed in air strikes that followed.";
/* The same country and day, another event: a market bombed. */
static const char market_bomb[]
    = "Bomb kills traders at market in central Mali\n"
      "A bomb exploded at a cattle market in the village of Kobou in Mali on Tuesday, killing "
      "six traders, a local official said.";

/* "The municipality of Jordan", "the town of Lebanon": a town that bears a
 * country's name; the report is not set in that country. */
static void
test_town_named_as_country (void)
{
  g_autoptr (VigilStorySignature) town
      = signature ("Fire guts warehouse\n"
                   "A fire gutted a warehouse in the municipality of Jordan on Monday, the fire "
                   "brigade said.",
                   T0);
  g_autoptr (VigilStorySignature) country
      = signature ("Fire guts warehouse in Jordan\n"
                   "A fire gutted a warehouse in Jordan on Monday, the civil defence said.",
                   T0);

  g_assert_false (has_country (town, "JO"));
  g_assert_true (has_country (country, "JO"));
}

/* One report names the country and its province, the other only a village
 * the lists do not know: one event when the frame agrees on three slots
 * (means, place, who was hit) and both give the same two tolls of
 * different kinds; not when a toll or the means differ. */
static const char drone_province[]
    = "Soldier killed as rebels drop explosives on base in Peru's Puno region\n"
      "Rebels used drones to drop explosives on an army base in Peru's Puno region on "
      "Sunday, killing one soldier and wounding six, the army said in a statement.";
static const char drone_village[]
    = "Drones strike military post in Santa Lucia de Ocho; one soldier dead\n"
      "A soldier died and six more were wounded on Sunday when drones carrying explosives "
      "struck the army base at Santa Lucia de Ocho, the village mayor said.";
static const char drone_other_toll[]
    = "Drones strike military post in Santa Lucia de Ocho; three soldiers dead\n"
      "Three soldiers died and six more were wounded on Sunday when drones carrying explosives "
      "struck the army base at Santa Lucia de Ocho, the village mayor said.";
static const char gun_village[]
    = "Gunmen attack army base at Santa Lucia de Ocho; one soldier dead\n"
      "A soldier died and six more were wounded on Sunday when gunmen opened fire on the army "
      "base at Santa Lucia de Ocho, the village mayor said.";

/* Who a state orders out is what a departure is about: "non-emergency
 * staff" in one outlet, "embassy personnel" in the other agree on it; a
 * departure of its staff and a clash the same day in the capital do not
 * (the staff is no victim of the clash). */
static const char departure_order[]
    = "Canada orders non-emergency staff to leave Sierra Leone\n"
      "OTTAWA - Canada on Monday ordered non-emergency diplomats and their families to leave "
      "Sierra Leone, citing armed clashes in Freetown and the risk of wider "
      "violence. It urged Canadians to leave while commercial flights remain available.";
static const char departure_advisory[]
    = "Ottawa raises Sierra Leone travel advisory, cuts embassy personnel\n"
      "Canada raised its travel advisory for Sierra Leone to its highest level, \"avoid all "
      "travel\", and withdrew non-emergency embassy personnel after two days of "
      "clashes between the army and a mutinous unit in Freetown. The information minister said the "
      "capital was "
      "calm and the decision hasty.";

static const StoryCase departure_staff = {
  "/cluster-recall/departure-staff",
  {
      { departure_order, 0 },
      { departure_advisory, 13 },
      { "Three dead as army and mutineers clash in Freetown\n"
        "Three people were killed on Monday when soldiers and a mutinous unit "
        "exchanged fire near the port in Freetown, Sierra Leone, hospital staff said.",
        2 },
  },
  { { 0, 2, TWO_EVENTS }, { 1, 2, TWO_EVENTS }, { 0, 1, ONE_EVENT } },
};

static void
test_departure_staff (void)
{
  g_autoptr (VigilStorySignature) order = signature (departure_order, T0);
  g_autoptr (VigilStorySignature) advisory = signature (departure_advisory, T0 + 13 * HOUR);

  g_assert_true (has_frame (order, "s:staff"));
  g_assert_true (has_frame (advisory, "s:staff"));
  assert_story_case (&departure_staff);
}

/* A province named in one report whose lead names none of its towns, and a
 * town of it in the other's lead: one event, though the first names the
 * provincial capital later on (where the wounded were taken). Two towns of
 * the province in the two leads are two places. */
static const char market_province[]
    = "Car bomb kills five at livestock market in Iraq's Diyala\n"
      "A car bomb exploded at a livestock market in Iraq's Diyala province on Sunday "
      "morning, killing five people and wounding 14, a police officer said. Security forces "
      "sealed off the area. The wounded were taken to the general hospital in Baquba, the "
      "provincial capital.";
static const char market_town[]
    = "Toll in Miqdadiya market bombing rises to eight\n"
      "Three more people wounded in Sunday's car bombing at the livestock market in "
      "Miqdadiya died overnight, the town's mayor said on Monday, bringing the toll to "
      "eight.";
static const char shepherds_capital[]
    = "Gunmen kill two shepherds outside Baquba\n"
      "Gunmen killed two shepherds on the outskirts of Baquba, the capital of Diyala "
      "province, on Sunday evening, police said.";

/* A follow-up that calls the event by its day ("Saturday's explosion"), in
 * few words of the first report's; T0 is a Saturday. */
static const char *const warehouse_blast
    = "Explosion at fireworks depot kills five in Kumasi\n"
      "An explosion ripped through a fireworks depot in Kumasi on Saturday afternoon, killing "
      "five people and injuring 20, Ghana's fire service said.";
static const char *const warehouse_follow_up
    = "Kumasi toll rises to eight as families bury victims\n"
      "Three more people injured in Saturday's explosion in Kumasi have died in hospital, "
      "bringing the number of dead to eight, health officials said on Sunday. The owner of "
      "the depot was arrested.";
static const char *const warehouse_other
    = "Tanker fire kills two in Kumasi\n"
      "A fuel tanker caught fire at a filling station in Kumasi on Saturday night, killing two "
      "people, the fire service said.";
static const char *const warehouse_monday
    = "Kumasi depot owner charged\n"
      "Police in Kumasi charged the owner of a depot on Monday over Monday's fire, officials "
      "said.";

/* A follow-up that dates the event by its own day ("on Sunday, a day after
 * the explosion"); "came a day after" tells of another incident. */
static const char *const warehouse_day_after
    = "Kumasi buries depot victims\n"
      "Families in Kumasi buried three of the dead on Sunday, a day after an explosion at a "
      "fireworks depot in the city killed five people, officials said.";
static const char *const warehouse_night_of
    = "Kumasi depot owner arrested\n"
      "Police arrested the owner of the fireworks depot in Kumasi on Sunday, a day before "
      "families were to bury the victims of Saturday afternoon's explosion, officials said.";
static const char *const warehouse_came_after
    = "Tanker fire kills two in Kumasi\n"
      "A fuel tanker caught fire at a filling station in Kumasi on Sunday, killing two people. "
      "The fire came a day after an explosion at a fireworks depot killed five people.";

static void
test_follow_up (void)
{
  g_autoptr (VigilStorySignature) a = signature (warehouse_blast, T0);
  g_autoptr (VigilStorySignature) b = signature (warehouse_follow_up, T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) c = signature (warehouse_other, T0 + 6 * HOUR);
  g_autoptr (VigilStorySignature) d = signature (warehouse_monday, T0 + 50 * HOUR);
  PairFeatures f;

  cluster_pair_features (a, b, NULL, &f);
  g_assert_true (f.follow_up);
  cluster_pair_features (b, a, NULL, &f);
  g_assert_true (f.follow_up);
  /* one day's name without the possessive, or another day's */
  cluster_pair_features (a, c, NULL, &f);
  g_assert_false (f.follow_up);
  cluster_pair_features (a, d, NULL, &f);
  g_assert_false (f.follow_up);
  g_assert_cmpfloat (vigil_story_signature_similarity (a, b), >=, VIGIL_STORY_SAME_EVENT);
}

/* An updated toll grows: the later of two reports that counts fewer dead
 * than the earlier tells of another incident ("five dead" in the floods of
 * one town, "three children drowned" the next day in another), and the
 * model weighs it against them; growing or equal counts do not. */
static void
test_killed_fell (void)
{
  const char *five = "Flash floods kill five in Garissa town\n"
                     "Flash floods swept through Garissa town overnight, killing five people "
                     "and destroying hundreds of homes, the Red Cross said.";
  const char *three = "Three children drown in Garissa floods\n"
                      "Three children drowned on Tuesday afternoon when floodwaters swept them "
                      "away near Garissa, local officials said.";
  const char *seven = "Garissa flood toll rises to seven\n"
                      "The toll from flash floods in Garissa town rose to seven after rescuers "
                      "found two more bodies, the Red Cross said.";
  g_autoptr (VigilStorySignature) a = signature (five, T0);
  g_autoptr (VigilStorySignature) fell = signature (three, T0 + 26 * HOUR);
  g_autoptr (VigilStorySignature) grew = signature (seven, T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) early = signature (three, T0 - 20 * HOUR);
  PairFeatures f;

  cluster_pair_features (a, fell, NULL, &f);
  g_assert_true (f.killed_fell);
  cluster_pair_features (fell, a, NULL, &f);
  g_assert_true (f.killed_fell);
  cluster_pair_features (a, grew, NULL, &f);
  g_assert_false (f.killed_fell);
  /* three dead first, five later: grown */
  cluster_pair_features (early, a, NULL, &f);
  g_assert_false (f.killed_fell);
}

/* A later lead that says its toll rose ("rose to seven"), above the earlier
 * report's count, updates that report's news; a larger count alone does not
 * say so, nor does a toll that "rose" to less. */
static void
test_toll_update (void)
{
  const char *five = "Flash floods kill five in Garissa town\n"
                     "Flash floods swept through Garissa town overnight, killing five people "
                     "and destroying hundreds of homes, the Red Cross said.";
  const char *seven = "Garissa flood toll rises to seven\n"
                      "The toll from flash floods in Garissa town rose to seven after rescuers "
                      "found two more bodies, the Red Cross said.";
  const char *seven_dead = "Seven dead in Garissa floods\n"
                           "Flash floods in Garissa town killed seven people, the Red Cross said.";
  const char *nine = "Flash floods kill nine in Garissa town\n"
                     "Flash floods swept through Garissa town overnight, killing nine people, "
                     "the Red Cross said.";
  g_autoptr (VigilStorySignature) a = signature (five, T0);
  g_autoptr (VigilStorySignature) rose = signature (seven, T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) larger = signature (seven_dead, T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) more_before = signature (nine, T0 - 2 * HOUR);
  PairFeatures f;

  g_assert_true (rose->toll_rose);
  g_assert_false (larger->toll_rose);
  /* raising a toll; not bodies brought ashore, nor a river's rise */
  {
    g_autoptr (VigilStorySignature) raising
        = signature ("Garissa flood toll rises\n"
                     "Divers recovered five more bodies, raising the death toll to 12, "
                     "officials said.",
                     T0);
    g_autoptr (VigilStorySignature) brought
        = signature ("Bodies recovered in Garissa\n"
                     "Rescuers brought 12 bodies ashore on Monday, officials said.",
                     T0);
    g_autoptr (VigilStorySignature) river
        = signature ("Floods in Garissa\n"
                     "Floods killed 12 people as the river rose to 9 metres on Monday.",
                     T0);
    g_assert_true (raising->toll_rose);
    g_assert_false (brought->toll_rose);
    g_assert_false (river->toll_rose);
  }
  /* a later sentence that raises the lead's own toll ("bringing the toll to
   * seven, up from five"); not a toll of another count */
  {
    g_autoptr (VigilStorySignature) later = signature (
        "Group claims desert ambush\n"
        "The group claimed an ambush in the desert that killed seven soldiers. It said its "
        "fighters opened fire on a troop carrier before dawn. A monitor said two of the wounded "
        "died overnight, bringing the toll to seven, up from five.",
        T0);
    g_autoptr (VigilStorySignature) other = signature (
        "Group claims desert ambush\n"
        "The group claimed an ambush in the desert that killed seven soldiers. It said its "
        "fighters opened fire on a troop carrier before dawn. Floods elsewhere had raised the "
        "toll to 40.",
        T0);
    g_assert_true (later->toll_rose);
    g_assert_false (other->toll_rose);
  }
  cluster_pair_features (a, rose, NULL, &f);
  g_assert_true (f.toll_update);
  cluster_pair_features (rose, a, NULL, &f);
  g_assert_true (f.toll_update);
  cluster_pair_features (a, larger, NULL, &f);
  g_assert_false (f.toll_update);
  cluster_pair_features (more_before, rose, NULL, &f);
  g_assert_false (f.toll_update);
}

/* A toll raised with words between it and its count ("raising the death
 * toll from the weekend derailment to six"), or standing at one ("toll at
 * six"), is the count of the dead; "one of the dead" is none. */
static void
test_toll_phrases (void)
{
  g_autoptr (VigilStorySignature) s = signature (
      "Derailment: two more bodies found, toll at six\n"
      "Rescue workers freed two more bodies from an overturned carriage on Sunday morning, "
      "raising the death toll from the weekend train derailment to six, police said. One of "
      "the dead was a child.",
      T0);
  g_autoptr (VigilStorySignature) at = signature (
      "Mine collapse toll at nine\nRescuers were still digging on Monday, officials said.", T0);

  g_assert_true (has_toll (s, 'k', 6));
  g_assert_false (has_toll (s, 'k', 1));
  {
    g_autoptr (VigilStorySignature) part = signature (
        "Ambush on convoy\nGunmen ambushed a convoy on Monday, killing five of the soldiers "
        "escorting it, the army said.",
        T0);
    g_assert_true (has_toll (part, 'k', 5));
  }
  g_assert_true (s->toll_rose);
  g_assert_true (has_toll (at, 'k', 9));
  /* the number of the dead reaching a count; not of the displaced */
  {
    g_autoptr (VigilStorySignature) reached = signature (
        "UN condemns camp killings\n"
        "The UN mission condemned the attack on the camp, where the number of dead had reached "
        "32 by evening, aid workers said.",
        T0);
    g_autoptr (VigilStorySignature) displaced = signature (
        "Camp grows after attack\n"
        "Gunmen attacked a village on Monday, and the number of displaced had reached 3,000 by "
        "evening, aid workers said.",
        T0);
    g_assert_true (has_toll (reached, 'k', 32));
    g_assert_false (has_toll (displaced, 'k', 3000));
  }
  /* across an apposition; not from another clause's count */
  {
    g_autoptr (VigilStorySignature) apposition = signature (
        "Two more die after party attack\n"
        "The death toll from an armed attack on a birthday party in Villa Juarez, a farming town "
        "west of Culiacan, climbed to 11 on Wednesday, the Red Cross said.",
        T0);
    g_autoptr (VigilStorySignature) other
        = signature ("Floods in the north\n"
                     "The toll was five on Monday, and the river climbed to 11 metres by Tuesday.",
                     T0);
    g_autoptr (VigilStorySignature) has_risen = signature (
        "Factory blaze: toll hits 13\n"
        "The number of people killed in a fire at a clothing factory in Konabari, an industrial "
        "hub north of Dhaka, has risen to 13, police said.",
        T0);
    g_autoptr (VigilStorySignature) hits = signature (
        "Factory blaze: toll hits 13\nFirefighters searched the upper floors, police said.", T0);
    g_assert_true (has_toll (apposition, 'k', 11));
    g_assert_true (has_toll (has_risen, 'k', 13));
    g_assert_true (has_toll (hits, 'k', 13));
    g_assert_false (has_toll (other, 'k', 11));
  }
}

/* The days the leads give their events, as dates: "on Wednesday" in a report
 * of Wednesday and "on Thursday" in one of Thursday are two dates; "on
 * Wednesday" in both, one published the next day, is one; a report whose
 * local day is already Sunday while it is Saturday evening in UTC dates "on
 * Sunday" to the next UTC day, not a week before; not one of Saturday 01:00
 * UTC, when it is Sunday nowhere yet. */
static void
test_dates_differ (void)
{
  /* T0 is a Saturday (2024-03-09 16:00 UTC) */
  const char *wednesday = "Bus bomb kills four in Peshawar\n"
                          "A bomb hidden on a bus exploded in Peshawar on Wednesday, killing four "
                          "passengers, police said.";
  const char *thursday = "Bus bomb kills four in Peshawar\n"
                         "A bomb hidden on a bus exploded in Peshawar on Thursday, killing four "
                         "passengers, police said.";
  const char *sunday = "Bus bomb kills four in Peshawar\n"
                       "A bomb hidden on a bus exploded in Peshawar on Sunday, killing four "
                       "passengers, police said.";
  g_autoptr (VigilStorySignature) wed = signature (wednesday, T0 + 4 * 24 * HOUR);
  g_autoptr (VigilStorySignature) thu = signature (thursday, T0 + 5 * 24 * HOUR);
  g_autoptr (VigilStorySignature) wed_later = signature (wednesday, T0 + 5 * 24 * HOUR);
  /* Saturday 23:00 UTC, already Sunday where it was filed */
  g_autoptr (VigilStorySignature) sun_ahead = signature (sunday, T0 + 7 * HOUR);
  g_autoptr (VigilStorySignature) sun = signature (sunday, T0 + 20 * HOUR);
  PairFeatures f;

  cluster_pair_features (wed, thu, NULL, &f);
  g_assert_true (f.dates_differ);
  cluster_pair_features (wed, wed_later, NULL, &f);
  g_assert_false (f.dates_differ);
  g_autoptr (VigilStorySignature) sun_early = signature (sunday, T0 - 15 * HOUR);
  g_autoptr (VigilStorySignature) sun_before = signature (sunday, T0 - 28 * HOUR);

  cluster_pair_features (sun_ahead, sun, NULL, &f);
  g_assert_false (f.dates_differ);
  /* Saturday 01:00 and Friday 12:00 UTC: last Sunday for both */
  cluster_pair_features (sun_early, sun_before, NULL, &f);
  g_assert_false (f.dates_differ);
}

/* Where the event was sets when its day began: a flood "on Friday evening at
 * around 7 p.m." in Burundi (UTC+2) began at 17:00 UTC, after a report of
 * Friday 09:00 UTC, which cannot tell of it; somewhere at UTC+14 that hour
 * was 05:00 UTC, so the same lead with no country proves nothing. In Peru
 * (UTC-5), "Saturday at 1 a.m." was 06:00 UTC, after a report of Saturday
 * 02:00 UTC. The offsets are those of the time zone database. */
static void
test_event_local_time (void)
{
  const char *earlier = "Floods displace thousands near Burundi's capital\n"
                        "Floodwaters swamped low-lying districts west of the capital after a "
                        "night of heavy rain, forcing 4,000 people from their homes, the civil "
                        "protection agency said.";
  const char *evening = "Flash flood kills nine in Rumonge, Burundi\n"
                        "A flash flood swept through hillside neighbourhoods of Rumonge on "
                        "Friday evening at around 7 p.m., killing nine people, the governor said.";
  const char *nowhere = "Flash flood kills nine in hillside neighbourhoods\n"
                        "A flash flood swept through hillside neighbourhoods on Friday evening "
                        "at around 7 p.m., killing nine people, the governor said.";
  const char *lima = "Fire guts Lima market gallery\n"
                     "A fire broke out in a market gallery in Lima's Mesa Redonda district on "
                     "Saturday at 1 a.m., the fire brigade said, and spread to three floors.";
  const char *lima_before = "Gunmen kill bus driver in Lima\n"
                            "Gunmen shot dead a bus driver in Lima's San Juan de Lurigancho "
                            "district, police said, the third such killing this month.";
  /* T0 is Saturday 16:00 UTC: Friday 09:00 UTC, Saturday 13:00 UTC */
  g_autoptr (VigilStorySignature) first = signature (earlier, T0 - 31 * HOUR);
  g_autoptr (VigilStorySignature) later = signature (evening, T0 - 3 * HOUR);
  g_autoptr (VigilStorySignature) unplaced = signature (nowhere, T0 - 3 * HOUR);
  g_autoptr (VigilStorySignature) fire = signature (lima, T0 + 2 * HOUR);
  g_autoptr (VigilStorySignature) shooting = signature (lima_before, T0 - 14 * HOUR);
  gint32 least, greatest;
  PairFeatures f;

  g_assert_true (cluster_utc_offsets ("BI", &least, &greatest));
  g_assert_cmpint (least, ==, 2 * HOUR);
  g_assert_cmpint (greatest, ==, 2 * HOUR);
  g_assert_true (cluster_utc_offsets ("US", &least, &greatest));
  g_assert_cmpint (least, <=, -8 * HOUR);
  g_assert_cmpint (greatest, ==, -4 * HOUR);
  g_assert_false (cluster_utc_offsets ("XX", &least, &greatest));

  cluster_pair_features (first, later, NULL, &f);
  g_assert_true (f.happened_after);
  cluster_pair_features (first, unplaced, NULL, &f);
  g_assert_false (f.happened_after);
  /* Saturday 01:00 in Lima is 06:00 UTC, after 02:00 UTC */
  cluster_pair_features (shooting, fire, NULL, &f);
  g_assert_true (f.happened_after);

  /* An hour at the end of a siege the lead says lasted seven hours: it
   * began at 09:00 in Belgium (08:00 UTC in March; 07:00 UTC at the
   * earliest the country's offsets allow), before a report of 10:30 UTC. */
  {
    const char *siege = "Gunman holds staff hostage at Liege office\n"
                        "An armed man was holding several people hostage in an office in the "
                        "Belgian city of Liege, police said.";
    const char *ended = "Liege hostage-taker surrenders\n"
                        "A man who held five people hostage in an office in Liege, Belgium, gave "
                        "himself up on Saturday at 4 p.m. after a seven-hour standoff, "
                        "prosecutors said.";
    const char *began = "Liege hostage-taker surrenders\n"
                        "A man who held five people hostage in an office in Liege, Belgium, gave "
                        "himself up on Saturday at 4 p.m., prosecutors said.";
    g_autoptr (VigilStorySignature) first_report = signature (siege, T0 - 5 * HOUR - HOUR / 2);
    g_autoptr (VigilStorySignature) end = signature (ended, T0 + 2 * HOUR);
    g_autoptr (VigilStorySignature) start = signature (began, T0 + 2 * HOUR);

    cluster_pair_features (first_report, end, NULL, &f);
    g_assert_false (f.happened_after);
    cluster_pair_features (first_report, start, NULL, &f);
    g_assert_true (f.happened_after);
  }
}

/* Towns in their provinces: "Jableh", as the Levant writes the lists'
 * "Jablah", in Latakia; the desk's own list's "Zakho" in Duhok, and "Duhok
 * province" that province. */
static void
test_towns_provinces (void)
{
  g_autoptr (VigilStorySignature) jableh
      = signature ("Quake kills three in Jableh\n"
                   "An earthquake struck near the Syrian coastal town of Jableh before dawn, "
                   "killing three people, civil defence workers said.",
                   T0);
  g_autoptr (VigilStorySignature) zakho
      = signature ("Flash flood kills four in Zakho\n"
                   "Flash floods tore through the Iraqi town of Zakho on Sunday, killing four "
                   "people, officials said.",
                   T0);

  g_autoptr (VigilStorySignature) duhok
      = signature ("Floods in Iraq's Kurdistan region\n"
                   "Authorities moved 900 people out of low-lying areas of Duhok province on "
                   "Monday as the toll from the floods rose to six.",
                   T0);

  g_assert_true (has_key (jableh->lead_city_regions, "SY-LA"));
  g_assert_true (has_key (zakho->lead_city_regions, "IQ-DA"));
  /* the desk's town named with the word for a province: that province */
  g_assert_true (has_key (duhok->named_regions, "IQ-DA"));
}

/* A province of the second level (the Philippines' provinces lie in its
 * regions) places a report in the region that holds it, as a town of it
 * does: "Surigao del Sur province" and the town of Hinatuan are both in
 * Caraga, and the two reports of one quake are no longer kept apart for
 * want of a place in common; a province of another region is not. */
static void
test_second_level_province (void)
{
  g_autoptr (VigilStorySignature) province
      = signature ("Quake kills four in southern Philippines\n"
                   "A strong earthquake struck off Surigao del Sur province before dawn on "
                   "Saturday, killing four people and damaging a church, officials said.",
                   T0);
  g_autoptr (VigilStorySignature) town
      = signature ("Quake toll climbs to seven in Hinatuan\n"
                   "Rescuers pulled three more bodies from a collapsed market in the coastal town "
                   "of Hinatuan on Saturday, raising the toll from the pre-dawn earthquake to "
                   "seven, the disaster office said.",
                   T0 + 6 * HOUR);
  g_autoptr (VigilStorySignature) other
      = signature ("Quake kills four in northern Philippines\n"
                   "A strong earthquake struck off Ilocos Norte province before dawn on "
                   "Saturday, killing four people and damaging a church, officials said.",
                   T0);
  const char *why = NULL;

  g_assert_true (has_key (province->named_regions, "PH-13"));
  g_assert_true (has_key (other->named_regions, "PH-01"));
  g_assert_true (has_key (town->city_regions, "PH-13"));
  cluster_similarity_why (province, town, NULL, &why);
  g_assert_cmpstr (why, ==, NULL);
  cluster_similarity_why (other, town, NULL, &why);
  g_assert_nonnull (why);
}

/* A dateline that places its town by its country (no bureau's, which an
 * agency's name follows) and "the city of" name a town, though
 * the lists know the name as a province's too ("NABATIEH, Lebanon -"): the
 * lead's town, in that province. */
static void
test_dateline_town (void)
{
  g_autoptr (VigilStorySignature) dateline
      = signature ("Armed depositor holds bank staff hostage\n"
                   "NABATIEH, Lebanon - A man armed with a pistol held employees hostage inside "
                   "a bank branch on Friday, demanding his frozen savings, police said.",
                   T0);
  g_autoptr (VigilStorySignature) city
      = signature ("Armed depositor holds bank staff hostage\n"
                   "A man armed with a pistol held employees hostage inside a bank branch in the "
                   "southern city of Nabatieh on Friday, demanding his frozen savings, police "
                   "said.",
                   T0);

  g_assert_cmpuint (dateline->lead_towns->len, ==, 1);
  g_assert_true (has_key (dateline->lead_city_regions, "LB-NA"));
  g_assert_cmpuint (city->lead_towns->len, ==, 1);
  g_assert_true (has_key (city->lead_city_regions, "LB-NA"));
}

/* Where both name the site of the event, a province one names besides
 * (where the victims came from) is no other event's; nor is it without the
 * site in common (it is the victims' home, not the event's province); two
 * provinces of one country the events are placed in are two events. */
static void
test_site_over_provinces (void)
{
  g_autoptr (VigilStorySignature) first
      = signature ("Gold mine collapse kills 12 in Niger\n"
                   "At least 12 miners were killed in Niger's Tillaberi region on Tuesday when "
                   "a shaft caved in at the Komabangou goldfield, a local official said.",
                   T0);
  g_autoptr (VigilStorySignature) update
      = signature ("Mine collapse toll rises to 20\n"
                   "The toll from the collapse at the Komabangou goldfield has risen to 20, the "
                   "mines ministry said. Most of the dead were young men from Dosso region.",
                   T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) home
      = signature ("Mine collapse toll rises to 20\n"
                   "The toll from the collapse at a goldfield has risen to 20, the mines "
                   "ministry said. Most of the dead were young men from Dosso region.",
                   T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) elsewhere
      = signature ("Mine collapse toll rises to 20\n"
                   "The toll from the collapse at a goldfield in Dosso region has risen to 20, "
                   "the mines ministry said.",
                   T0 + 20 * HOUR);
  PairFeatures f;

  cluster_pair_features (first, update, NULL, &f);
  g_assert_false (f.provinces_differ);
  cluster_pair_features (first, home, NULL, &f);
  g_assert_false (f.provinces_differ);
  cluster_pair_features (first, elsewhere, NULL, &f);
  g_assert_true (f.provinces_differ);
}

/* A town the lead places the event off ("east of Tripoli", "60 km from
 * the capital") is a landmark, not the lead's town: a report of a sinking
 * off Garabulli, east of Tripoli, and one of an attack in Tripoli do not
 * share a lead town by it. */
static void
test_off_landmark (void)
{
  g_autoptr (VigilStorySignature) off
      = signature ("Migrant boat sinks off Libya\n"
                   "A rubber boat carrying migrants sank off the coast east of Tripoli early on "
                   "Friday, and 23 people were missing, the coast guard said.",
                   T0);
  g_autoptr (VigilStorySignature) in
      = signature ("Migrant boat sinks off Libya\n"
                   "A rubber boat carrying migrants sank off the coast of Tripoli early on "
                   "Friday, and 23 people were missing, the coast guard said.",
                   T0);

  g_assert_false (has_key (off->lead_towns, "Tripoli"));
  g_assert_true (has_key (in->lead_towns, "Tripoli"));
  /* "the south of Tripoli" is in it */
  {
    g_autoptr (VigilStorySignature) south
        = signature ("Clashes in Libya's capital\n"
                     "Clashes between armed groups broke out in the south of Tripoli early on "
                     "Friday, and six people were killed, the health ministry said.",
                     T0);
    g_assert_true (has_key (south->lead_towns, "Tripoli"));
  }
}

/* Where a bus came from or was going ("carrying passengers from Mexico
 * City", "travelling from Puebla to Mexico City", "which left Dhaka") is no
 * town of its crash, nor is its province the crash's; where it crashed is
 * ("a bus crashed in Puebla"). */
static void
test_route_ends (void)
{
  static const char *const routes[] = {
    "Bus plunges into ravine in Oaxaca\n"
    "At least 11 people were killed on Sunday when a bus carrying passengers from Mexico City "
    "fell into a ravine in the southern state of Oaxaca, officials said.",
    "Bus hits trailer in Veracruz\n"
    "Seven people were killed on Sunday when a bus travelling from Puebla to Mexico City hit "
    "a trailer in Veracruz state, the National Guard said.",
    "Launch capsizes in Meghna river\n"
    "A launch which left Dhaka on Saturday night capsized in the Meghna river near Chandpur "
    "early on Sunday, and 12 people were missing, officials said.",
    "Bus hits tanker in Puebla\n"
    "Seven people were killed on Sunday when a bus travelling towards Mexico City hit a "
    "tanker in Puebla state, the National Guard said.",
  };
  static const char *const ends[] = { "Mexico City", "Mexico City", "Dhaka", "Mexico City" };
  static const char *const regions[] = { "MX-CMX", "MX-CMX", "BD-C", "MX-CMX" };
  for (guint k = 0; k < G_N_ELEMENTS (routes); k++)
    {
      g_autoptr (VigilStorySignature) s = signature (routes[k], T0);
      g_assert_false (has_key (s->lead_towns, ends[k]));
      g_assert_false (has_key (s->city_regions, regions[k]));
    }
  {
    g_autoptr (VigilStorySignature) in
        = signature ("Bus crash in Puebla\nA bus crashed in Puebla on Sunday, killing seven "
                     "people, officials said.",
                     T0);
    g_assert_true (has_key (in->lead_towns, "Puebla"));
  }
}

/* Neither the country whose border the place is close to ("close to the
 * Mozambique border") nor the people of armed men who come from elsewhere
 * ("Somali militants") is the event's country; a place's own country is. */
static void
test_border_and_raiders (void)
{
  g_autoptr (VigilStorySignature) border = signature (
      "Dormitory fire kills seven girls\n"
      "Seven girls died when a dormitory burned at Makanjila on Saturday night, officials "
      "said. The village lies on the lake shore close to the Mozambique border.",
      T0);
  g_autoptr (VigilStorySignature) raiders = signature (
      "Fourth officer dies after blast\n"
      "A fourth officer died on Wednesday after Tuesday's explosion outside Mpeketoni, doctors "
      "said. Officials blamed Somali militants operating from the forest.",
      T0);
  g_autoptr (VigilStorySignature) placed = signature (
      "Bomb kills three in Mogadishu\n"
      "A bomb killed three people at a market in Mogadishu, Somalia on Tuesday, police said.",
      T0);

  g_assert_false (has_key (border->countries, "MZ"));
  g_assert_false (has_key (raiders->countries, "SO"));
  g_assert_true (has_key (placed->countries, "SO"));
}

/* A later report that names no country nor province, whose frame agrees
 * with the earlier one's in full and whose toll grew ("at least nine
 * killed", then "14 bodies recovered" a day on), passes the place gate: an
 * update of one toll; with fewer dead it does not. */
static void
test_unplaced_update (void)
{
  g_autoptr (VigilStorySignature) first = signature (
      "Gold pit collapse kills nine in Congo's Ituri\n"
      "At least nine artisanal miners were killed on Tuesday when the walls of a gold mine gave "
      "way in Congo's northeastern Ituri province, mining authorities in Bunia said.",
      T0);
  g_autoptr (VigilStorySignature) grew = signature (
      "Fourteen miners dead at gold site\n"
      "Rescuers had recovered 14 bodies by Wednesday morning from the collapsed gold mine near "
      "Mongbwalu where the miners were killed, local leaders said.",
      T0 + 17 * HOUR);
  g_autoptr (VigilStorySignature) fewer = signature (
      "Seven miners dead at gold site\n"
      "Rescuers had recovered seven bodies by Wednesday morning from the collapsed gold mine near "
      "Mongbwalu where the miners were killed, local leaders said.",
      T0 + 17 * HOUR);
  PairFeatures f;

  g_assert_true (cluster_unplaced (grew));
  cluster_pair_features (first, grew, NULL, &f);
  g_assert_true (f.gate);
  cluster_pair_features (first, fewer, NULL, &f);
  g_assert_false (f.gate);
}

/* The home of people a report tells of ("labourers from South Sulawesi and
 * East Nusa Tenggara", "take them home to South Sulawesi") is no province of
 * its event; where the event was is ("a flood in South Sulawesi"). */
static void
test_people_home (void)
{
  g_autoptr (VigilStorySignature) from = signature (
      "Rebels kill six builders in Papua\n"
      "Rebels killed six workers at a bridge camp in Papua's highlands on Tuesday. All six were "
      "labourers from South Sulawesi and East Nusa Tenggara, the military said.",
      T0);
  g_autoptr (VigilStorySignature) home = signature (
      "Rebels kill six builders in Papua\n"
      "Rebels killed six workers at a bridge camp in Papua's highlands on Tuesday. Relatives "
      "will take them home to South Sulawesi, officials said.",
      T0);
  g_autoptr (VigilStorySignature) in
      = signature ("Flood kills six in South Sulawesi\n"
                   "A flash flood killed six people in South Sulawesi on Tuesday, officials said.",
                   T0);

  g_assert_false (has_key (from->named_regions, "ID-SN"));
  g_assert_false (has_key (from->named_regions, "ID-NT"));
  g_assert_false (has_key (home->named_regions, "ID-SN"));
  g_assert_true (has_key (in->named_regions, "ID-SN"));
  /* recruits' homes; homes named as provinces of a country ("from the
   * Egyptian provinces of Kafr el-Sheikh and Fayoum") */
  {
    g_autoptr (VigilStorySignature) recruits
        = signature ("Seven soldiers killed in desert ambush\n"
                     "Gunmen killed seven soldiers in the Syrian desert on Wednesday. The soldiers "
                     "were young recruits from Idlib and Hama provinces, an official said.",
                     T0);
    g_autoptr (VigilStorySignature) provinces = signature (
        "Six migrants drown off eastern Libya\n"
        "Six migrants drowned when their boat sank off Tobruk late on Thursday. The boat, "
        "carrying 15 young men from the Egyptian provinces of Kafr el-Sheikh and Fayoum, had set "
        "off from a beach near the town.",
        T0);
    g_assert_false (has_key (recruits->named_regions, "SY-ID"));
    g_assert_false (has_key (recruits->city_regions, "SY-ID"));
    g_assert_false (has_key (recruits->city_regions, "SY-HM"));
    g_assert_false (has_key (recruits->regions, "SY-HM"));
    g_assert_false (has_key (provinces->lead_towns, "Fayoum"));
    g_assert_false (has_key (provinces->lead_towns, "Kafr el-Sheikh"));
    g_assert_true (has_key (provinces->lead_towns, "Tobruk"));
  }
}

/* A road's number ("the N1 highway") runs through many provinces: no town
 * of the event, which two crashes on one road in two provinces would share. */
static void
test_road_names (void)
{
  g_autoptr (VigilStorySignature) s = signature (
      "Bus and lorry collide in Zambezia\n"
      "At least 11 people were killed on Monday when a bus collided with a lorry on the N1 "
      "highway in Zambezia province, the road transport institute said. Another crash on "
      "Route 7 near Gurue killed two.",
      T0);

  g_assert_false (has_key (s->lead_towns, "N1"));
  g_assert_false (has_key (s->lead_towns, "Route 7"));
  /* nor does a lake: two sinkings on it may be near two of its towns */
  {
    g_autoptr (VigilStorySignature) lake = signature (
        "Boat sinks on Lake Edward\n"
        "A boat capsized on Lake Edward near Vitshumbi on Saturday, killing five fishermen, "
        "officials said.",
        T0);
    g_assert_false (has_key (lake->lead_towns, "Lake Edward"));
    g_assert_true (has_key (lake->lead_towns, "Vitshumbi"));
  }
  /* nor an area wider than a town, which many incidents share ("the West
   * Bank", "Darfur", "the Middle East"): a region, as a province is; a city
   * the regions' list knows still is a town */
  {
    g_autoptr (VigilStorySignature) area = signature (
        "Teenager killed in raid\n"
        "A 16-year-old Palestinian was shot dead during a raid on a camp in the West Bank on "
        "Sunday, while gunmen killed three herders in Darfur and an official in the Middle "
        "East condemned both.",
        T0);
    g_autoptr (VigilStorySignature) city = signature (
        "Strike hits Gaza City\n"
        "An air strike hit a house in Gaza City on Sunday, killing four people, medics said.",
        T0);
    const char *areas[] = { "West Bank", "Darfur", "Middle East" };
    for (guint k = 0; k < G_N_ELEMENTS (areas); k++)
      {
        g_assert_false (has_key (area->lead_towns, areas[k]));
        g_assert_true (has_key (area->regions, areas[k]));
      }
    g_assert_true (has_key (city->lead_towns, "Gaza City"));
  }
  /* nor a name the text calls a wide area by the word of its kind after it
   * ("Guji zone"), which the lists may not know (a district is where
   * reports place an event, as a town is), nor a hospital's (where the
   * hurt were taken) */
  {
    g_autoptr (VigilStorySignature) zone = signature (
        "Health worker, two teachers kidnapped in southern Oromia\n"
        "Armed men seized a health officer and two teachers from a vehicle on the road "
        "outside Negele Borana in Oromia's Guji zone on Wednesday afternoon, relatives said.",
        T0);
    g_autoptr (VigilStorySignature) district = signature (
        "Teachers kidnapped in Wadera\n"
        "Armed men seized two teachers in Wadera district on Wednesday, relatives said.",
        T0);
    g_autoptr (VigilStorySignature) hospital = signature (
        "Two burn victims die, toll now seven\n"
        "Two workers burned in Thursday's fire at an oil well outside Yenangyaung died "
        "overnight at Magway General Hospital, raising the toll to seven, a relative said.",
        T0);
    g_assert_true (has_key (hospital->entities, "Magway General Hospital"));
    g_assert_false (has_key (hospital->lead_towns, "Magway General Hospital"));
    g_assert_true (has_key (zone->entities, "Guji"));
    g_assert_false (has_key (zone->lead_towns, "Guji"));
    g_assert_true (has_key (district->lead_towns, "Wadera"));
  }
  /* nor where a body is based ("a Bogota-based firm") */
  {
    g_autoptr (VigilStorySignature) based = signature (
        "ELN holding three pipeline workers seized near Saravena\n"
        "Guerrillas are holding three workers of a Bogota-based firm who were taken from their "
        "vehicle outside Saravena on Thursday, the ombudsman said.",
        T0);
    g_assert_false (has_key (based->lead_towns, "Bogotá"));
    g_assert_true (has_key (based->lead_towns, "Saravena"));
  }
  /* Iran's provinces as news hyphenates them are provinces of the lists
   * ("Sistan-Baluchestan", ISO's "Sistan and Baluchestan") */
  {
    g_autoptr (VigilStorySignature) province = signature (
        "Five police killed in Iran's southeast\n"
        "Gunmen attacked a police station in Iran's province of Sistan-Baluchestan overnight, "
        "killing five officers, state media said.",
        T0);
    g_assert_true (has_key (province->named_regions, "IR-11"));
  }
  /* and Somalia's as news spells them ("Lower Shabelle", ISO's "Shabeellaha
   * Hoose") */
  {
    g_autoptr (VigilStorySignature) lower = signature (
        "Soldiers killed in ambush\n"
        "Militants ambushed an army convoy near Awdheegle in Lower Shabelle on Wednesday, "
        "killing four soldiers, an officer said.",
        T0);
    g_autoptr (VigilStorySignature) middle = signature (
        "Army retakes village\n"
        "The army recaptured a village in the Middle Shabelle region on Wednesday, killing "
        "dozens of militants, the defence ministry said.",
        T0);
    g_assert_true (has_key (lower->named_regions, "SO-SH"));
    g_assert_true (has_key (middle->named_regions, "SO-SD"));
  }
  /* nor the region a dateline places its town in */
  {
    g_autoptr (VigilStorySignature) dateline = signature (
        "Families dispute claims after drone strike\n"
        "SULAIMANI, Kurdistan Region - Relatives of two men killed in a drone strike near the "
        "town of Qaladiza on Thursday said they were shopkeepers.",
        T0);
    g_autoptr (VigilStorySignature) body = signature (
        "Drone strike kills two\n"
        "A drone strike killed two men in a car near Qaladiza in the Kurdistan Region on "
        "Thursday, officials said.",
        T0);
    g_assert_false (has_key (dateline->lead_towns, "Kurdistan Region"));
    g_assert_true (has_key (dateline->lead_towns, "Qaladiza"));
    g_assert_true (has_key (body->lead_towns, "Qaladiza"));
  }
}

/* Where a boat or a convoy was bound is not where the event was: its
 * country is none of the report's ("bound for Tchomia in Congo's Ituri
 * province" in a report of a capsizing off Uganda). */
static void
test_destination (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Boat capsizes on Lake Albert\n"
                   "A boat bound for Tchomia in Congo's Ituri province capsized near Sebagoro "
                   "landing site in western Uganda on Saturday, police said. Nineteen people "
                   "drowned.",
                   T0);
  g_autoptr (VigilStorySignature) there
      = signature ("Boat capsizes on Lake Albert\n"
                   "A boat capsized near Tchomia in Congo's Ituri province on Saturday, police "
                   "said. Nineteen people drowned.",
                   T0);

  g_autoptr (VigilStorySignature) after
      = signature ("Boat capsizes\n"
                   "A boat bound for Kisumu capsized in Uganda on Saturday, police said.",
                   T0);

  g_assert_true (has_key (s->countries, "UG"));
  g_assert_false (has_key (s->countries, "CD"));
  g_assert_true (has_key (there->countries, "CD"));
  /* only the destination's own name and its province or country */
  g_assert_true (has_key (after->countries, "UG"));

  /* where those waiting meant to cross to, not where they crossed to and
   * attacked */
  {
    g_autoptr (VigilStorySignature) waiting
        = signature ("Tanker fire kills five near border\n"
                     "A fuel tanker waiting to cross into Afghanistan caught fire near the "
                     "Torkham border on Saturday, killing five people, police in Pakistan said.",
                     T0);
    g_autoptr (VigilStorySignature) crossed
        = signature ("Militants attack border post\n"
                     "Militants crossed into Pakistan and attacked a border post on Saturday, "
                     "killing five soldiers, officials said.",
                     T0);
    g_assert_false (has_key (waiting->lead_countries, "AF"));
    g_assert_true (has_key (crossed->lead_countries, "PK"));
  }
}

/* A town's name that the other report gives only to its province ("the
 * centre of Sweida" and "near Shahba, in Syria's Sweida province") does not
 * set the other's event in the town. */
static void
test_town_not_province (void)
{
  g_autoptr (VigilStorySignature) city
      = signature ("Gunmen abduct surgeon in Syria's Sweida\n"
                   "Masked gunmen seized a surgeon outside his clinic in the centre of Sweida "
                   "on Thursday afternoon, a relative said.",
                   T0);
  g_autoptr (VigilStorySignature) province
      = signature ("Truck drivers kidnapped near Shahba\n"
                   "Three lorry drivers were abducted at a fake checkpoint near Shahba, in the "
                   "north of Syria's Sweida province, late on Thursday, activists said.",
                   T0 + 10 * HOUR);
  PairFeatures f;

  cluster_pair_features (city, province, NULL, &f);
  g_assert_true (f.lead_towns_differ);
}

static void
test_follow_up_day_after (void)
{
  g_autoptr (VigilStorySignature) a = signature (warehouse_blast, T0);
  g_autoptr (VigilStorySignature) b = signature (warehouse_day_after, T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) c = signature (warehouse_came_after, T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) d = signature (warehouse_day_after, T0 + 44 * HOUR);
  PairFeatures f;

  cluster_pair_features (a, b, NULL, &f);
  g_assert_true (f.follow_up);
  cluster_pair_features (a, c, NULL, &f);
  g_assert_false (f.follow_up);
  /* "Saturday afternoon's explosion" */
  {
    g_autoptr (VigilStorySignature) e = signature (warehouse_night_of, T0 + 20 * HOUR);
    cluster_pair_features (a, e, NULL, &f);
    g_assert_true (f.follow_up);
  }
  /* published on Monday, "a day after" is Sunday's */
  cluster_pair_features (a, d, NULL, &f);
  g_assert_false (f.follow_up);
  /* "a day earlier", "the previous day": the day before publication too */
  {
    const char *earlier = "Kumasi depot owner arrested\n"
                          "Police arrested the owner of a fireworks depot in Kumasi whose store "
                          "exploded a day earlier, killing five people, officials said.";
    const char *previous = "Kumasi depot owner arrested\n"
                           "Police arrested the owner of a fireworks depot in Kumasi whose store "
                           "exploded the previous day, killing five people, officials said.";
    g_autoptr (VigilStorySignature) e = signature (earlier, T0 + 20 * HOUR);
    g_autoptr (VigilStorySignature) p = signature (previous, T0 + 20 * HOUR);
    g_autoptr (VigilStorySignature) late = signature (earlier, T0 + 44 * HOUR);

    cluster_pair_features (a, e, NULL, &f);
    g_assert_true (f.follow_up);
    cluster_pair_features (a, p, NULL, &f);
    g_assert_true (f.follow_up);
    cluster_pair_features (a, late, NULL, &f);
    g_assert_false (f.follow_up);
  }
  /* a count compared with the previous day's is no date of the event */
  {
    const char *compared = "Kumasi depot fires\n"
                           "Firefighters in Kumasi put out twelve fires at fireworks depots, up "
                           "from seven the previous day, officials said.";
    g_autoptr (VigilStorySignature) c2 = signature (compared, T0 + 20 * HOUR);

    cluster_pair_features (a, c2, NULL, &f);
    g_assert_false (f.follow_up);
  }
}

/* A dateline that places its town ("MUTARE, Zimbabwe -") names where the
 * reporter went, the event's place; a bare one ("MUTARE -") or one with an
 * agency ("MUTARE, Zimbabwe (Reuters) -") may be a bureau's, and is left out. */
static void
test_dateline_with_country (void)
{
  static const char *const placed
      = "Council shuts market as cholera cases climb\n"
        "MUTARE, Zimbabwe - The city council closed the main market on Tuesday after the "
        "number of suspected cholera cases rose to 61, health officials said.";
  static const char *const bare
      = "Council shuts market as cholera cases climb\n"
        "MUTARE - The city council closed the main market on Tuesday after the number of "
        "suspected cholera cases rose to 61, health officials said.";
  static const char *const agency
      = "Council shuts market as cholera cases climb\n"
        "MUTARE, Zimbabwe (Reuters) - The city council closed the main market on Tuesday "
        "after the number of suspected cholera cases rose to 61, health officials said.";
  g_autoptr (VigilStorySignature) a = signature (placed, T0);
  g_autoptr (VigilStorySignature) b = signature (bare, T0);
  g_autoptr (VigilStorySignature) c = signature (agency, T0);

  g_assert_cmpuint (a->city_regions->len, >, 0);
  g_assert_cmpuint (b->city_regions->len, ==, 0);
  g_assert_cmpuint (c->city_regions->len, ==, 0);
}

/* "Kherson region" is the province the city gives its name to, whatever the
 * lists call it ("Khersonska oblast"): it holds Beryslav, the town the other
 * report names. */
static const char drone_town[]
    = "Drones hit Beryslav grain terminal, two dead\n"
      "Two workers were killed and three wounded when Russian drones struck a grain terminal "
      "in Beryslav overnight, the head of the town's military administration said on Friday. "
      "A warehouse burned until morning.";
static const char drone_oblast[]
    = "Russian drone attack kills three in southern Ukraine\n"
      "KYIV - Three people were killed in an overnight drone attack on a grain terminal in "
      "a small town of Ukraine's Kherson region, regional officials said on Friday, after a "
      "wounded worker died in hospital.";

static void
test_town_named_province (void)
{
  g_autoptr (VigilStorySignature) s = signature (drone_oblast, T0);

  g_assert_true (has_key (s->named_regions, "UA-65"));
  g_assert_false (has_key (s->city_regions, "UA-65"));
}

/* A follow-up that names the event by its day gives the times of its own
 * news ("died early on Thursday"), which are no other hour of the event. */
static const char ferry_fire[]
    = "Ferry fire kills four off Lesbos\n"
      "Four passengers died on Wednesday when fire broke out on a ferry shortly after 3 p.m. "
      "as it approached the port of Mytilene on Lesbos, the coastguard said. Thirty people "
      "were taken to hospital.";
static const char ferry_fire_follow_up[]
    = "Fifth victim of ferry blaze dies in Athens hospital\n"
      "A crew member injured in Wednesday's ferry fire off Lesbos died early on Thursday in an "
      "Athens burns unit, raising the death toll to five, the health ministry said.";

/* "a Taliban district official" names a group's official, not a district
 * called Taliban: it does not set the report apart from one that names the
 * district. */
static const char governor_district[]
    = "Bomb kills district governor in Helmand\n"
      "A bomb fixed to his car killed the governor of Nad Ali district and two of his guards in "
      "Helmand province on Monday morning, police said. Islamic State Khorasan claimed the "
      "attack.";
static const char governor_official[]
    = "IS-K claims killing of Taliban official in Helmand\n"
      "Islamic State Khorasan said it killed a Taliban district official and two bodyguards "
      "with a bomb under his car in southern Helmand province on Monday morning, the interior "
      "ministry said.";

/* "the southern region of Apurimac" names the province as "Apurimac region"
 * does, and a small town the follow-up names there ("the clinic in
 * Chalhuanca") lies in it: one event, though no name is written in both. A
 * town of another province is another incident. */
static const char quarry_region[]
    = "Quarry wall falls on workers in southern Peru\n"
      "Four workers were killed on Monday when a wall of an informal quarry collapsed in the "
      "southern Andean region of Apurimac, the civil defence office said. Others were trapped.";
static const char quarry_town[]
    = "Rescuers dig for trapped men after quarry collapse\n"
      "Firefighters pulled two survivors from the rubble of the quarry that collapsed on "
      "Monday and took them to the clinic in Chalhuanca, bringing the dead to six, a "
      "prosecutor said. The pit had no permit, the prosecutor added.";
static const char quarry_other_province[]
    = "Quarry collapse kills miners in Ayacucho\n"
      "Five miners died on Monday when a quarry caved in near Coracora, the prosecutor said.";

/* An organisation's name in one report and its acronym in the other ("the
 * National Disaster Management Authority", "the NDMA") is one name. */
static const char ndma_full[]
    = "Cloudburst sweeps away pilgrims' camp\n"
      "A cloudburst swept away a pilgrims' camp on Thursday night, killing nine people, the "
      "National Disaster Management Authority said. Seven people were missing.";
static const char ndma_acronym[]
    = "Nine dead as flash flood hits camp\n"
      "Nine pilgrims died and seven were missing after a flash flood tore through their camp "
      "on Thursday night, the NDMA said in a statement on Friday.";

/* A report most of a day later names the day with a part of it for the
 * aftermath ("spent Saturday night in tents"), not for the event at 11.40
 * a.m.; the earlier report's part of the day is its event's, against the
 * later one's hour on the clock. */
static const char quake_first[]
    = "Earthquake kills five in Indonesia's North Sulawesi\n"
      "A magnitude 6.1 earthquake struck North Sulawesi province at 11:40 a.m. on Saturday, "
      "killing five people and damaging hundreds of homes, the national disaster agency said. "
      "Residents of Manado ran into the streets.";
static const char quake_later[]
    = "Quake toll rises to nine as Manado residents sleep outdoors\n"
      "Thousands of residents of Manado spent Saturday night in tents after the earthquake "
      "flattened houses across the province, and the death toll rose to nine, local officials "
      "said. More than 80 aftershocks were recorded.";
static const char convoy_morning[]
    = "Rebels ambush convoy near Rutshuru, killing ten soldiers\n"
      "Rebels ambushed an army supply convoy near Rutshuru in North Kivu on Saturday morning, "
      "killing ten soldiers, security sources said. Several trucks were set alight.";
static const char village_evening[]
    = "Gunmen kill 20 villagers near Rutshuru\n"
      "Armed men killed at least 20 civilians in an attack on a village near Rutshuru in North "
      "Kivu at around 6 p.m. on Saturday, residents said on Sunday. Several houses were set "
      "alight.";

/* The story tests that are only a table (assert_story_case()). */
static const StoryCase story_cases[] = {
  {
      "/cluster-recall/post-gate",
      { { ambush_region, 0 }, { ambush_village, 28 }, { market_bomb, 2 } },
      { { 0, 1, ONE_EVENT }, { 0, 2, TWO_EVENTS }, { 1, 2, TWO_EVENTS } },
  },
  {
      "/cluster-recall/province-and-lead-town",
      { { market_province, 0 }, { market_town, 20 }, { shepherds_capital, 10 } },
      { { 0, 1, ONE_EVENT }, { 1, 2, TWO_EVENTS }, { 0, 2, TWO_EVENTS } },
  },
  {
      "/cluster-recall/unplaced-report",
      { { drone_province, 0 }, { drone_village, 5 }, { drone_other_toll, 5 }, { gun_village, 5 } },
      { { 0, 1, ONE_EVENT }, { 0, 2, TWO_EVENTS }, { 0, 3, TWO_EVENTS } },
      /* The clusterer's index finds the story too. */
      { ADD (0, 1, 0), FIND (1, 1), FIND (3, 0) },
  },
  {
      "/cluster-recall/follow-up-times",
      { { ferry_fire, 0 }, { ferry_fire_follow_up, 16 } },
      { { 0, 1, ONE_EVENT } },
  },
  {
      "/cluster-recall/town-named-province-story",
      { { drone_town, 0 }, { drone_oblast, 6 } },
      { { 0, 1, ONE_EVENT } },
  },
  {
      "/cluster-recall/province-of",
      { { quarry_region, 0 }, { quarry_town, 20 }, { quarry_other_province, 4 } },
      { { 0, 1, ONE_EVENT }, { 0, 2, NOTHING } },
  },
  {
      "/cluster-recall/aftermath-part",
      { { quake_first, 0 }, { quake_later, 19 }, { convoy_morning, 0 }, { village_evening, 16 } },
      { { 0, 1, ONE_EVENT }, { 2, 3, TWO_EVENTS } },
  },
  {
      "/cluster-recall/acronym",
      { { ndma_full, 0 }, { ndma_acronym, 14 } },
      { { 0, 1, ONE_EVENT } },
  },
  {
      "/cluster-recall/group-before-district",
      { { governor_district, 0 }, { governor_official, 8 } },
      { { 0, 1, ONE_EVENT } },
  },
};

/* ISO 3166 names some countries name first ("Congo, The Democratic Republic
 * of the"): still a country, no place two reports of two boat accidents in
 * Congo have in common. */
static void
test_country_name_first (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Boat capsizes on Lake Tanganyika\n"
                   "At least 11 people died after a boat capsized on Lake Tanganyika in the "
                   "Democratic Republic of the Congo's Tanganyika province on Tuesday, local "
                   "authorities said.",
                   T0);
  gboolean found = FALSE;

  for (guint i = 0; i < s->entities->len; i++)
    {
      Feature *f = &g_array_index (s->entities, Feature, i);
      if (g_str_has_prefix (f->key, "Congo"))
        {
          found = TRUE;
          g_assert_false (f->specific);
          g_assert_cmpfloat (f->weight, <, 1.0);
        }
    }
  g_assert_true (found);
  g_assert_false (has_key (s->lead_towns, "Congo, The Democratic Republic of the"));
  /* a place the lists know whole, comma and all */
  {
    g_autoptr (VigilStorySignature) dc
        = signature ("Shooting in Washington\n"
                     "Two people were shot dead in Washington, D.C., on Tuesday night, police "
                     "said.",
                     T0);
    g_assert_true (has_key (dc->city_regions, "US-DC"));
  }
}

/* "in neighbouring Bulambuli district" names a district beside the event's,
 * not the event's: a report naming only the event's village is not set
 * apart by it. */
static void
test_neighbouring_unit (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Landslide kills 12 on Mount Elgon\n"
                   "Rescuers recovered 12 bodies from a landslide in Bududa district on Thursday. "
                   "Families were moved to camps in neighbouring Bulambuli district, and others "
                   "to the nearby district of Manafwa, officials said.",
                   T0);

  g_assert_true (has_key (s->units, "d:bududa"));
  g_assert_false (has_key (s->units, "d:bulambuli"));
  g_assert_false (has_key (s->units, "d:manafwa"));
  /* another district of the event's, or one at the start of a sentence */
  {
    g_autoptr (VigilStorySignature) both
        = signature ("Landslides kill 12 on Mount Elgon\n"
                     "Landslides in Bududa district and neighbouring Bulambuli district killed "
                     "12 people on Thursday. Neighbouring Manafwa district was spared, officials "
                     "said.",
                     T0);
    g_assert_true (has_key (both->units, "d:bulambuli"));
    g_assert_false (has_key (both->units, "d:manafwa"));
    g_assert_false (has_key (both->units, "d:neighbouringmanafwa"));
  }
}

/* "a day after another deadly shipwreck" tells of a new event, not of that
 * one's aftermath: no follow-up; "a day after the shipwreck" is one. */
static void
test_after_another (void)
{
  g_autoptr (VigilStorySignature) another
      = signature ("Twenty missing as dinghy deflates near Lampedusa\n"
                   "Around 20 people are missing after a rubber boat deflated near Lampedusa, "
                   "Italian authorities said on Monday, a day after another deadly shipwreck "
                   "near the island.",
                   T0);
  g_autoptr (VigilStorySignature) after
      = signature ("Survivors of Lampedusa shipwreck brought ashore\n"
                   "Survivors were brought ashore on Monday, a day after the shipwreck near "
                   "the island, Italian authorities said.",
                   T0);

  g_assert_cmpuint (another->follow_up_days, ==, 0);
  g_assert_cmpuint (after->follow_up_days, !=, 0);
  /* nor "a separate" or "a similar" one */
  {
    g_autoptr (VigilStorySignature) separate
        = signature ("Gunmen kill three in Mogadishu\n"
                     "Gunmen killed three people at a checkpoint in Mogadishu on Monday, a day "
                     "after a separate attack on a hotel, police said.",
                     T0);
    g_autoptr (VigilStorySignature) similar
        = signature ("Gunmen kill three in Mogadishu\n"
                     "Gunmen killed three people at a checkpoint in Mogadishu on Monday, a day "
                     "after a similar attack on a hotel, police said.",
                     T0);
    g_assert_cmpuint (separate->follow_up_days, ==, 0);
    g_assert_cmpuint (similar->follow_up_days, ==, 0);
  }
}

/* "..., a day after four workers were killed in a fire in Zeytinburnu": the
 * lead's clause after the interval tells of an earlier incident (another
 * town than its own event's, or "in the same province"), not of the
 * report's event: its places, counts and risks are not the report's, and
 * it follows nothing up. A report of the earlier fire is another event's;
 * a later report of that fire ("a day after the blaze") still follows it
 * up. */
static void
test_earlier_incident (void)
{
  g_autoptr (VigilStorySignature) first
      = signature ("Four die in fire at Istanbul shoe workshop\n"
                   "Four workers were killed when a fire broke out in a shoe workshop in "
                   "Istanbul's Zeytinburnu district early on Monday, the governor's office "
                   "said.",
                   T0);
  g_autoptr (VigilStorySignature) second
      = signature ("Two dead in blaze at Istanbul print shop\n"
                   "Two people died on Tuesday when fire swept through a print shop in "
                   "Istanbul's Sultangazi district, officials said, a day after four workers "
                   "were killed in a fire in Zeytinburnu.",
                   T0 + 26 * HOUR);
  g_autoptr (VigilStorySignature) same_province
      = signature ("Miner killed in gas blast in Soma\n"
                   "A gas blast at a coal mine in Soma killed one miner on Tuesday, the "
                   "company said, a day after two men died in the collapse of a pit "
                   "in the same province.",
                   T0 + 26 * HOUR);
  g_autoptr (VigilStorySignature) later
      = signature ("Zeytinburnu fire toll rises to six\n"
                   "Two more workers died in hospital on Tuesday, a day after a fire swept "
                   "through a shoe workshop in Istanbul's Zeytinburnu district, raising the "
                   "toll to six.",
                   T0 + 26 * HOUR);

  g_assert_false (has_key (second->lead_towns, "Zeytinburnu"));
  g_assert_false (has_key (second->entities, "Zeytinburnu"));
  g_assert_cmpuint (second->follow_up_days, ==, 0);
  g_assert_cmpfloat (cluster_similarity (first, second, NULL), <, VIGIL_STORY_SAME_EVENT);
  g_assert_cmpuint (same_province->follow_up_days, ==, 0);
  g_assert_cmpuint (later->follow_up_days, !=, 0);
  g_assert_true (has_key (later->lead_towns, "Zeytinburnu"));
  g_assert_cmpfloat (cluster_similarity (first, later, NULL), >=, VIGIL_STORY_SAME_EVENT);
  /* the flight from a flood is no incident of the flood's kind: the flood
   * stays the report's */
  {
    g_autoptr (VigilStorySignature) fled
        = signature ("Thousands flee Derna\n"
                     "Thousands of residents fled Derna on Tuesday, a day after floods killed "
                     "hundreds in the same city, officials said.",
                     T0 + 26 * HOUR);
    g_assert_true (has_key (fled->categories, "disaster"));
  }
}

/* A report that counts the dead and names no other risk ("three bodies
 * recovered from a collapsed gallery") is not kept apart by its risk
 * categories from one of the collapse that killed them; one of a hazard of
 * another kind is. */
static void
test_toll_only_categories (void)
{
  g_autoptr (VigilStorySignature) collapse
      = signature ("Four miners trapped after tunnel collapse in Potosi\n"
                   "Four miners were trapped on Wednesday after a mine collapse inside the "
                   "Cerro Rico in Potosi, Bolivia, mining officials said.",
                   T0);
  g_autoptr (VigilStorySignature) bodies
      = signature ("Three bodies recovered in Potosi\n"
                   "Rescuers recovered the bodies of three miners killed in a collapsed gallery "
                   "of the Cerro Rico in Potosi on Thursday, officials said.",
                   T0 + 20 * HOUR);
  const char *why = NULL;

  g_assert_cmpuint (bodies->categories->len, ==, 1);
  g_assert_cmpstr (g_array_index (bodies->categories, Feature, 0).key, ==, "casualties");
  g_assert_false (has_key (collapse->categories, "casualties"));
  cluster_similarity_why (collapse, bodies, NULL, &why);
  g_assert_true (why == NULL || !g_str_equal (why, "risk categories differ"));
  /* a count of the dead of no hazard the other reports: kept apart */
  {
    g_autoptr (VigilStorySignature) bar
        = signature ("Three killed at a bar in Potosi\n"
                     "Three men were killed at a bar in Potosi, Bolivia, on Wednesday night, "
                     "police said.",
                     T0 + 20 * HOUR);
    g_assert_cmpuint (bar->categories->len, ==, 1);
    cluster_similarity_why (collapse, bar, NULL, &why);
    g_assert_cmpstr (why, ==, "risk categories differ");
  }
  /* One hazard in both frames, a fire, whatever the counts of the dead make
   * of the categories' weights: a first report that knows of no victims and
   * a later one that counts them tell of one fire. */
  {
    g_autoptr (VigilStorySignature) fire
        = signature ("Fire breaks out at Cardon refinery\n"
                     "A fire broke out at a distillation unit of the Cardon refinery in "
                     "Venezuela's Falcon state on Monday evening, and firefighters brought the "
                     "blaze under control, the state oil company said. It did not say whether "
                     "anyone was hurt.",
                     T0);
    g_autoptr (VigilStorySignature) dead
        = signature ("Three workers dead after blaze at Cardon refinery\n"
                     "Three workers died and five others suffered serious burns in Monday "
                     "night's fire at the Cardon refinery, a union leader said on Tuesday, while "
                     "the state oil company confirmed two deaths. The dead were contract workers "
                     "from Punto Fijo.",
                     T0 + 18 * HOUR);
    g_assert_true (has_key (dead->categories, "casualties"));
    g_assert_false (has_key (fire->categories, "casualties"));
    why = NULL;
    cluster_similarity_why (fire, dead, NULL, &why);
    g_assert_true (why == NULL || !g_str_equal (why, "risk categories differ"));
  }
  /* Two of a scene in both frames, its means and its place (a blast, a
   * train): the arrests after a blast on a railway are that blast's news; a
   * report of arrests sharing one of them is not. */
  {
    g_autoptr (VigilStorySignature) blast
        = signature ("Blast damages rail line in eastern Poland\n"
                     "An explosion damaged a section of railway track near Pulawy "
                     "overnight, forcing a passenger train to brake sharply, the interior "
                     "minister said on Saturday.",
                     T0);
    g_autoptr (VigilStorySignature) arrests
        = signature ("Two detained after explosive charge damages tracks\n"
                     "Security agents on Saturday detained two men suspected of planting an "
                     "explosive charge that damaged a railway line used by a passenger train "
                     "near Pulawy, prosecutors said.",
                     T0 + 11 * HOUR);
    g_autoptr (VigilStorySignature) raid
        = signature ("Two detained in raid on smuggling ring\n"
                     "Security agents on Saturday detained two men suspected of smuggling "
                     "cigarettes on a train near Pulawy, prosecutors said.",
                     T0 + 11 * HOUR);
    why = NULL;
    cluster_similarity_why (blast, arrests, NULL, &why);
    g_assert_true (why == NULL || !g_str_equal (why, "risk categories differ"));
    why = NULL;
    cluster_similarity_why (blast, raid, NULL, &why);
    g_assert_cmpstr (why, ==, "risk categories differ");
  }
}

/* A report that names no country, people or province has only the
 * countries the lists give its towns: "Tata", a Hungarian town to them (the
 * Moroccan one unknown), sets no country against a report that names
 * Morocco; two reports that each name their country are kept apart by it.
 * (Where both leads place their events, the leads' countries are compared
 * whatever names them: leaving that to the model gained nothing on the
 * fitted halves.) */
static void
test_country_unnamed (void)
{
  g_autoptr (VigilStorySignature) morocco
      = signature ("Flash flood sweeps minibus away in southern Morocco\n"
                   "Five people were killed when a flash flood swept a minibus off a road in "
                   "Morocco's Tata province on Thursday evening, the interior ministry said.",
                   T0);
  g_autoptr (VigilStorySignature) unnamed
      = signature ("Toll rises to eight in minibus flood\n"
                   "Rescuers found three more bodies on Saturday, bringing to eight the number "
                   "of people killed when a minibus was carried off by a flash flood, the Royal "
                   "Gendarmerie said. One person is still missing. The injured were taken to "
                   "hospital in Tata.",
                   T0 + 36 * HOUR);
  g_autoptr (VigilStorySignature) hungary
      = signature ("Flash flood sweeps car away in Hungary\n"
                   "Two people were killed when a flash flood swept a car off a road near Tata "
                   "in Hungary on Thursday evening, police said.",
                   T0);
  const char *why = NULL;

  g_assert_false (unnamed->country_named);
  g_assert_true (morocco->country_named);
  cluster_similarity_why (morocco, unnamed, NULL, &why);
  g_assert_true (why == NULL || !g_str_equal (why, "countries differ"));
  why = NULL;
  cluster_similarity_why (morocco, hungary, NULL, &why);
  g_assert_nonnull (why);
}

/* An earthquake's magnitude as reports write it ("a magnitude 6.6
 * earthquake", "a 6.4-magnitude quake", "5.8 on the Richter scale"; not
 * its aftershocks'); two reports of one quake a day apart whose magnitudes
 * agree within a few tenths, in one country, are not kept apart for the
 * towns they name (the region's city in one, a coastal town in the other);
 * two quakes of like magnitudes in two countries are. */
static void
test_quake_magnitudes (void)
{
  static const struct
  {
    const char *text;
    guint tenths;
  } cases[] = {
    { "Quake hits Chile\nA magnitude 6.6 earthquake struck off northern Chile on Friday.", 66 },
    { "Quake hits Iran\nA 6.4-magnitude quake struck southern Iran on Friday.", 64 },
    { "Quake hits Peru\nAn earthquake measuring 5.8 on the Richter scale shook Lima.", 58 },
    { "Quake toll rises\nTwo more bodies were found. Aftershocks of up to magnitude 4.2 kept "
      "residents outdoors.",
      0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (VigilStorySignature) s = signature (cases[i].text, T0);
      g_assert_cmpuint (s->magnitude, ==, cases[i].tenths);
    }
  {
    g_autoptr (VigilStorySignature) region
        = signature ("Strong quake shakes northern Chile\n"
                     "A magnitude 6.6 earthquake struck off the coast of Chile's Antofagasta "
                     "region early on Friday, shaking buildings in the city of Antofagasta, the "
                     "U.S. Geological Survey said. There were no initial reports of damage.",
                     T0);
    g_autoptr (VigilStorySignature) town
        = signature ("Man killed as quake rattles Taltal\n"
                     "An elderly man was killed and dozens of adobe houses were damaged in the "
                     "coastal town of Taltal by Friday's earthquake, officials said. Chile's "
                     "seismological centre measured the quake at magnitude 6.4.",
                     T0 + 14 * HOUR);
    g_autoptr (VigilStorySignature) afghanistan
        = signature ("Earthquake damages houses in northern Afghanistan\n"
                     "A magnitude 5.3 earthquake struck near Mazar-i-Sharif in Balkh province on "
                     "Wednesday, damaging dozens of mud houses, the ministry said.",
                     T0);
    g_autoptr (VigilStorySignature) crete
        = signature ("Earthquake shakes Crete\n"
                     "A magnitude 5.0 earthquake struck off Crete on Wednesday, with no damage "
                     "reported, Greek officials said.",
                     T0 + 2 * HOUR);
    const char *why = NULL;

    cluster_similarity_why (region, town, NULL, &why);
    g_assert_null (why);
    cluster_similarity_why (afghanistan, crete, NULL, &why);
    g_assert_nonnull (why);
  }
  /* an eruption both name, over two provinces */
  {
    g_autoptr (VigilStorySignature) escuintla
        = signature ("Guatemala's Fuego volcano erupts, villages evacuated\n"
                     "The Fuego volcano erupted on Sunday, sending ash 6 km high, and "
                     "authorities evacuated villages in Escuintla province, the disaster "
                     "agency said.",
                     T0);
    g_autoptr (VigilStorySignature) sacatepequez
        = signature ("Ash from Fuego eruption closes roads in Sacatepequez\n"
                     "Ash from Sunday's eruption of the Fuego volcano covered roads and crops in "
                     "Sacatepequez department, and schools in Alotenango were closed, officials "
                     "said.",
                     T0 + 10 * HOUR);
    const char *why = NULL;

    cluster_similarity_why (escuintla, sacatepequez, NULL, &why);
    g_assert_true (why == NULL || !g_str_equal (why, "provinces differ"));
  }
}

/* An ordinary word the tagger took for a name on its own ("Hospital" out
 * of "Lagos Island General Hospital") is no actor or place of the event's
 * own; a town the lists place ("Lagos Island") is. */
static void
test_ordinary_word_name (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Building collapse kills three in Lagos\n"
                   "A three-storey building collapsed at Idumota market in Lagos on Monday. "
                   "Search teams ended rescue operations at the Idumota site overnight after a "
                   "final sweep, while doctors at Lagos Island General Hospital said eight "
                   "survivors remained on admission.",
                   T0);
  gboolean hospital = FALSE;

  for (guint i = 0; i < s->entities->len; i++)
    {
      const Feature *f = &g_array_index (s->entities, Feature, i);
      if (g_str_equal (f->key, "Hospital"))
        {
          hospital = TRUE;
          g_assert_false (f->specific);
        }
      if (g_str_equal (f->key, "Lagos Island"))
        g_assert_true (f->specific);
    }
  /* (the tagger's split this test is about; should it tag the whole name,
   * the test has nothing to check) */
  if (!hospital)
    g_test_incomplete ("the tagger no longer splits 'General Hospital'");
}

/* Two fires at two markets of one city: each lead names a place the other
 * report does not (the city they share aside); two reports of one fire do
 * not set themselves apart so. */
static void
test_leads_apart (void)
{
  g_autoptr (VigilStorySignature) gikomba
      = signature ("Fire razes stalls at Nairobi's Gikomba market\n"
                   "A fire tore through the Gikomba market in Kamukunji, Nairobi, early on "
                   "Sunday, destroying hundreds of stalls, police said.",
                   T0);
  g_autoptr (VigilStorySignature) gikomba_later
      = signature ("Traders count losses after Gikomba fire\n"
                   "Traders at Gikomba market in Nairobi counted their losses on Sunday after a "
                   "fire destroyed hundreds of stalls, police said.",
                   T0 + 8 * HOUR);
  g_autoptr (VigilStorySignature) toi
      = signature ("Night fire guts Toi market in Nairobi\n"
                   "A fire destroyed dozens of stalls at Toi market in Kibra, Nairobi, late on "
                   "Sunday, the county fire officer said.",
                   T0 + 20 * HOUR);
  PairFeatures f;

  cluster_pair_features (gikomba, toi, NULL, &f);
  g_assert_true (f.leads_apart);
  cluster_pair_features (gikomba, gikomba_later, NULL, &f);
  g_assert_false (f.leads_apart);
}

/* "trapped since Thursday": a follow-up of an event of that day, whose
 * times ("located overnight") are its news's. */
static void
test_since_day (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("One miner found dead in Tierra Amarilla\n"
                   "Rescuers found the body of one of three workers trapped since Thursday in "
                   "a copper mine, the regional government said.",
                   T0);
  g_autoptr (VigilStorySignature) plain
      = signature ("Miners trapped in Tierra Amarilla\n"
                   "Three workers were trapped on Thursday in a copper mine, the regional "
                   "government said.",
                   T0);

  g_assert_cmpuint (s->follow_up_days, ==, 1 << 4);
  g_assert_cmpuint (plain->follow_up_days, ==, 0);
  /* not a count of incidents since a day */
  {
    g_autoptr (VigilStorySignature) count
        = signature ("Gunmen kill 12 in Maiduguri\n"
                     "Gunmen killed 12 people in Maiduguri on Saturday, the third attack in the "
                     "city since Thursday, police said.",
                     T0);
    g_assert_cmpuint (count->follow_up_days, ==, 0);
  }
}

/* "from neighbouring Jonglei state": the province beside the event's, not
 * its own. */
static void
test_neighbouring_province (void)
{
  g_autoptr (VigilStorySignature) beside
      = signature ("27 killed in attack on cattle camps in South Sudan\n"
                   "Armed youths attacked cattle camps near Gumuruk on Tuesday, killing 27 "
                   "people. The attackers came from neighbouring Jonglei state, officials said.",
                   T0);
  g_autoptr (VigilStorySignature) in
      = signature ("27 killed in attack on cattle camps in South Sudan\n"
                   "Armed youths attacked cattle camps in Jonglei state on Tuesday, killing 27 "
                   "people, officials said.",
                   T0);

  g_assert_false (has_key (beside->named_regions, "SS-JG"));
  g_assert_true (has_key (in->named_regions, "SS-JG"));
  /* where the event spread, or took place */
  {
    g_autoptr (VigilStorySignature) spread
        = signature ("27 killed as fighting spreads in South Sudan\n"
                     "Fighting that began in Upper Nile spread on Tuesday to neighbouring "
                     "Jonglei state, where gunmen killed 27 people, officials said.",
                     T0);
    g_autoptr (VigilStorySignature) where
        = signature ("27 killed in South Sudan\n"
                     "Gunmen from Upper Nile crossed into Pibor, in neighbouring Jonglei state, "
                     "where they killed 27 people, officials said.",
                     T0);
    g_assert_true (has_key (spread->named_regions, "SS-JG"));
    g_assert_true (has_key (where->named_regions, "SS-JG"));
  }
}

int
main (int argc, char *argv[])
{
  cluster_test_init (&argc, &argv);
  add_story_cases (story_cases, G_N_ELEMENTS (story_cases));
  g_test_add_data_func ("/cluster-recall/military-post", military_post, test_reads_cases);
  g_test_add_func ("/cluster-recall/town-named-as-country", test_town_named_as_country);
  g_test_add_func ("/cluster-recall/departure-staff", test_departure_staff);
  g_test_add_func ("/cluster-recall/follow-up", test_follow_up);
  g_test_add_func ("/cluster-recall/follow-up-day-after", test_follow_up_day_after);
  g_test_add_func ("/cluster-recall/dateline-with-country", test_dateline_with_country);
  g_test_add_func ("/cluster-recall/town-named-province", test_town_named_province);
  g_test_add_func ("/cluster-recall/killed-fell", test_killed_fell);
  g_test_add_func ("/cluster-recall/toll-update", test_toll_update);
  g_test_add_func ("/cluster-recall/dates-differ", test_dates_differ);
  g_test_add_func ("/cluster-recall/event-local-time", test_event_local_time);
  g_test_add_func ("/cluster-recall/towns-provinces", test_towns_provinces);
  g_test_add_func ("/cluster-recall/destination", test_destination);
  g_test_add_func ("/cluster-recall/town-not-province", test_town_not_province);
  g_test_add_func ("/cluster-recall/second-level-province", test_second_level_province);
  g_test_add_func ("/cluster-recall/dateline-town", test_dateline_town);
  g_test_add_func ("/cluster-recall/site-over-provinces", test_site_over_provinces);
  g_test_add_func ("/cluster-recall/off-landmark", test_off_landmark);
  g_test_add_func ("/cluster-recall/route-ends", test_route_ends);
  g_test_add_func ("/cluster-recall/road-names", test_road_names);
  g_test_add_func ("/cluster-recall/border-and-raiders", test_border_and_raiders);
  g_test_add_func ("/cluster-recall/toll-phrases", test_toll_phrases);
  g_test_add_func ("/cluster-recall/unplaced-update", test_unplaced_update);
  g_test_add_func ("/cluster-recall/people-home", test_people_home);
  g_test_add_func ("/cluster-recall/country-name-first", test_country_name_first);
  g_test_add_func ("/cluster-recall/neighbouring-unit", test_neighbouring_unit);
  g_test_add_func ("/cluster-recall/after-another", test_after_another);
  g_test_add_func ("/cluster-recall/earlier-incident", test_earlier_incident);
  g_test_add_func ("/cluster-recall/toll-only-categories", test_toll_only_categories);
  g_test_add_func ("/cluster-recall/leads-apart", test_leads_apart);
  g_test_add_func ("/cluster-recall/country-unnamed", test_country_unnamed);
  g_test_add_func ("/cluster-recall/quake-magnitudes", test_quake_magnitudes);
  g_test_add_func ("/cluster-recall/ordinary-word-name", test_ordinary_word_name);
  g_test_add_func ("/cluster-recall/since-day", test_since_day);
  g_test_add_func ("/cluster-recall/neighbouring-province", test_neighbouring_province);
  return cluster_test_run ();
}
