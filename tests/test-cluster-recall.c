/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Story grouping, rewrites by another writer (issue 15, recall without
 * losing precision): a post of the army written "army post" or "military
 * position", a town named after a country ("the municipality of Jordan"),
 * a report that names no country at all. Each case has its twin that must
 * stay apart. */
#include <string.h>

#include "vigil-analyzer.h"
#include "vigil-cluster-private.h"
#include "vigil-test-utils.h"

#define HOUR 3600
#define T0 1710000000

static VigilGazetteer *gaz;

static VigilStorySignature *
signature (const char *text, gint64 time)
{
  const char *nl = strchr (text, '\n');
  g_autoptr (VigilAnalysis) analysis = vigil_analyze (gaz, text, g_utf8_strlen (text, nl - text));

  return vigil_story_signature_new (gaz, analysis, text, time);
}

static gboolean
has_frame (const VigilStorySignature *s, const char *concept)
{
  for (guint i = 0; i < s->frame->len; i++)
    if (g_str_equal (g_array_index (s->frame, Feature, i).key, concept))
      return TRUE;
  return FALSE;
}

static gboolean
has_country (const VigilStorySignature *s, const char *code)
{
  for (guint i = 0; i < s->countries->len; i++)
    if (g_str_equal (g_array_index (s->countries, Feature, i).key, code))
      return TRUE;
  return FALSE;
}

/* An army's post or position is a base: outlets write "army post",
 * "military position", "outpost" and "base" for one place. */
static void
test_military_post (void)
{
  g_autoptr (VigilStorySignature) post
      = signature ("Attackers overrun army post in the north\n"
                   "Fighters on pickups overran an army post near the border on Monday.",
                   T0);
  g_autoptr (VigilStorySignature) position
      = signature ("Soldiers die defending military position\n"
                   "Eleven soldiers died when a military position came under fire on Monday.",
                   T0);
  g_autoptr (VigilStorySignature) mail
      = signature ("Letters delayed\n"
                   "The post office said the post would be late on Monday.",
                   T0);

  g_assert_true (has_frame (post, "p:base"));
  g_assert_true (has_frame (position, "p:base"));
  g_assert_false (has_frame (mail, "p:base"));
}

/* Rewrites of one ambush: the province in one (Mopti region), an unknown
 * village in the other; the frame agrees on who was hit and where (soldiers
 * at an army post). */
static const char *ambush_region
    = "Mali: 12 soldiers killed in raid on army post in Mopti region\n"
      "Suspected insurgents killed 12 soldiers in a raid on an army post in Mali's Mopti region "
      "before dawn on Tuesday, two security sources said. Attackers on motorbikes burned "
      "vehicles at the post and withdrew into the bush.";
static const char *ambush_village
    = "Defence ministry says 15 troops died as gunmen overran position at Koussouma\n"
      "Fifteen soldiers were killed when gunmen overran a military position at Koussouma in "
      "central Mali on Tuesday, the defence ministry said in a statement on Wednesday. It said "
      "dozens of attackers "
      "were killed in air strikes that followed.";
/* The same country and day, another event: a market bombed. */
static const char *market_bomb
    = "Bomb kills traders at market in central Mali\n"
      "A bomb exploded at a cattle market in the village of Kobou in Mali on Tuesday, killing "
      "six traders, a local official said.";

static void
test_post_gate (void)
{
  g_autoptr (VigilStorySignature) region = signature (ambush_region, T0);
  g_autoptr (VigilStorySignature) village = signature (ambush_village, T0 + 28 * HOUR);
  g_autoptr (VigilStorySignature) market = signature (market_bomb, T0 + 2 * HOUR);

  g_test_message ("region/village %.3f region/market %.3f village/market %.3f",
                  vigil_story_signature_similarity (region, village),
                  vigil_story_signature_similarity (region, market),
                  vigil_story_signature_similarity (village, market));
  g_assert_cmpfloat (vigil_story_signature_similarity (region, village), >=,
                     VIGIL_STORY_SAME_EVENT);
  g_assert_cmpfloat (vigil_story_signature_similarity (region, market), <, VIGIL_STORY_SAME_EVENT);
  g_assert_cmpfloat (vigil_story_signature_similarity (village, market), <, VIGIL_STORY_SAME_EVENT);
}

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
static const char *drone_province
    = "Soldier killed as rebels drop explosives on base in Peru's Puno region\n"
      "Rebels used drones to drop explosives on an army base in Peru's Puno region on "
      "Sunday, killing one soldier and wounding six, the army said in a statement.";
static const char *drone_village
    = "Drones strike military post in Santa Lucia de Ocho; one soldier dead\n"
      "A soldier died and six more were wounded on Sunday when drones carrying explosives "
      "struck the army base at Santa Lucia de Ocho, the village mayor said.";
static const char *drone_other_toll
    = "Drones strike military post in Santa Lucia de Ocho; three soldiers dead\n"
      "Three soldiers died and six more were wounded on Sunday when drones carrying explosives "
      "struck the army base at Santa Lucia de Ocho, the village mayor said.";
static const char *gun_village
    = "Gunmen attack army base at Santa Lucia de Ocho; one soldier dead\n"
      "A soldier died and six more were wounded on Sunday when gunmen opened fire on the army "
      "base at Santa Lucia de Ocho, the village mayor said.";

static void
test_unplaced_report (void)
{
  g_autoptr (VigilStorySignature) province = signature (drone_province, T0);
  g_autoptr (VigilStorySignature) village = signature (drone_village, T0 + 5 * HOUR);
  g_autoptr (VigilStorySignature) other_toll = signature (drone_other_toll, T0 + 5 * HOUR);
  g_autoptr (VigilStorySignature) gun = signature (gun_village, T0 + 5 * HOUR);
  g_autoptr (VigilClusterer) clusterer = vigil_clusterer_new (48 * HOUR);

  g_test_message ("province/village %.3f other toll %.3f gun %.3f",
                  vigil_story_signature_similarity (province, village),
                  vigil_story_signature_similarity (province, other_toll),
                  vigil_story_signature_similarity (province, gun));
  g_assert_cmpfloat (vigil_story_signature_similarity (province, village), >=,
                     VIGIL_STORY_SAME_EVENT);
  g_assert_cmpfloat (vigil_story_signature_similarity (province, other_toll), <,
                     VIGIL_STORY_SAME_EVENT);
  g_assert_cmpfloat (vigil_story_signature_similarity (province, gun), <, VIGIL_STORY_SAME_EVENT);
  /* The clusterer's index finds the story too. */
  vigil_clusterer_add_story (clusterer, 1, 0, province);
  g_assert_cmpint (vigil_clusterer_find_story (clusterer, village), ==, 1);
  g_assert_cmpint (vigil_clusterer_find_story (clusterer, gun), ==, 0);
}

/* Who a state orders out is what a departure is about: "non-emergency
 * staff" in one outlet, "embassy personnel" in the other agree on it; a
 * departure of its staff and a clash the same day in the capital do not
 * (the staff is no victim of the clash). */
static const char *departure_order
    = "Canada orders non-emergency staff to leave Sierra Leone\n"
      "OTTAWA - Canada on Monday ordered non-emergency diplomats and their families to leave "
      "Sierra Leone, citing armed clashes in Freetown and the risk of wider "
      "violence. It urged Canadians to leave while commercial flights remain available.";
static const char *departure_advisory
    = "Ottawa raises Sierra Leone travel advisory, cuts embassy personnel\n"
      "Canada raised its travel advisory for Sierra Leone to its highest level, \"avoid all "
      "travel\", and withdrew non-emergency embassy personnel after two days of "
      "clashes between the army and a mutinous unit in Freetown. The information minister said the "
      "capital was "
      "calm and the decision hasty.";

static void
test_departure_staff (void)
{
  g_autoptr (VigilStorySignature) order = signature (departure_order, T0);
  g_autoptr (VigilStorySignature) advisory = signature (departure_advisory, T0 + 13 * HOUR);

  g_assert_true (has_frame (order, "s:staff"));
  g_assert_true (has_frame (advisory, "s:staff"));
  g_autoptr (VigilStorySignature) clash
      = signature ("Three dead as army and mutineers clash in Freetown\n"
                   "Three people were killed on Monday when soldiers and a mutinous unit "
                   "exchanged fire near the port in Freetown, Sierra Leone, hospital staff said.",
                   T0 + 2 * HOUR);

  g_test_message ("order/advisory %.3f order/clash %.3f advisory/clash %.3f",
                  vigil_story_signature_similarity (order, advisory),
                  vigil_story_signature_similarity (order, clash),
                  vigil_story_signature_similarity (advisory, clash));
  g_assert_cmpfloat (vigil_story_signature_similarity (order, clash), <, VIGIL_STORY_SAME_EVENT);
  g_assert_cmpfloat (vigil_story_signature_similarity (advisory, clash), <, VIGIL_STORY_SAME_EVENT);
  g_assert_cmpfloat (vigil_story_signature_similarity (order, advisory), >=,
                     VIGIL_STORY_SAME_EVENT);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  gaz = vigil_gazetteer_new_default (&error);
  g_assert_no_error (error);
  g_test_add_func ("/cluster-recall/military-post", test_military_post);
  g_test_add_func ("/cluster-recall/post-gate", test_post_gate);
  g_test_add_func ("/cluster-recall/town-named-as-country", test_town_named_as_country);
  g_test_add_func ("/cluster-recall/unplaced-report", test_unplaced_report);
  g_test_add_func ("/cluster-recall/departure-staff", test_departure_staff);
  return g_test_run ();
}
