/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A story signature's reading of the event, and what it weighs: the tolls
 * (counts of killed and wounded, in digits and words), the frame (who was
 * hit, by what, where), the means, the times of day, the countries that act
 * where the event is, the provinces named as such. */
#include "test-cluster-common.h"

/* Counts as wire copy writes them, with what they count: "Twenty-two" is 22,
 * "killing six and wounding at least 20", "nine wounded". */
static const ReadsCase tolls[] = {
  { "Defence ministry says troops died in assault\n"
    "Twenty-two soldiers were killed and nine wounded when gunmen overran a "
    "military position on Thursday, the ministry said.",
    "k22 w9 -k20" },
  /* the lead's tolls only (the headline and two sentences): later ones give
   * background (14) */
  { "Bomb blast at market kills six\n"
    "A bomb exploded at a market on Thursday morning, killing six people and "
    "wounding at least 20, police said. Nobody claimed it. Fourteen officers "
    "have been killed in the city this year, the police said.",
    "k6 w20 -k14" },
  /* a headline's toll in the present tense ("toll reaches 11", "stands at") */
  { "Koui residents bury their dead after raid, toll reaches 11\n"
    "Residents of a settlement outside Koui held funerals on Tuesday, a day after gunmen "
    "opened fire on the village market.",
    "k11" },
  { "Death toll stands at 11 after Koui raid\n"
    "Residents of a settlement outside Koui held funerals on Tuesday, a day after gunmen "
    "opened fire on the village market.",
    "k11" },
  /* an age is no count */
  { "Teenager dies in police chase\n"
    "A 17-year-old died when his scooter crashed during a police chase, and three "
    "officers were hurt in the riots that followed.",
    "-k17 w3" },
  { "Night of riots in Lyon\n"
    "The ministry said 12 police officers and two firefighters were injured, none "
    "seriously.",
    "w12 w2" },
  { NULL },
};

/* Counts written in words past fifty, with a multiplier, and what is no
 * count: "Sixty-two" is 62 (not its "two"), "two thousand" is 2,000, "no
 * one was killed" and "died at 85" are no tolls. */
static const ReadsCase tolls_words[] = {
  { "Flood toll climbs in river valley\n"
    "Sixty-two villagers were killed when the river burst its banks, officials "
    "said, and two thousand people were hurt in the valley.",
    "k62 -k2 w2000 -w2" },
  /* other words for the dead, the hurt and the taken */
  { "Canoe overturns on river\n"
    "Eleven traders drowned when their canoe overturned on Tuesday, and 23 perished in "
    "a second boat later, officials said.",
    "k11 k23" },
  { "Bandits kidnap travellers\n"
    "Bandits kidnap 14 travellers on the highway and a stray bullet injures two, "
    "police said.",
    "a14 w2" },
  { "Gas leak at depot\n"
    "No one was killed in the leak, the fire brigade said. A former mayor of the "
    "town, who died at 85 last year, had warned of the depot.",
    "-k1 -k85" },
  /* a toll or a toll word earlier in the clause of "rose to N"; what adds
   * to a count ("15 more bodies", "another 15", "two more people died") is
   * no toll, the others of a count are ("seven more were hurt") */
  { "Quarry collapse toll rises\n"
    "The death toll from the quarry collapse near Kasungu town rose to 31 on Monday, "
    "officials said. Rescuers pulled out 15 more bodies, and two more people died in "
    "hospital.",
    "k31 -k15 -k2" },
  /* not any "to N" after a toll word, nor a number of people not hurt */
  { "Court jails killer\n"
    "A man who killed five villagers in 2019 was sentenced to 20 years on Monday, and the "
    "number of displaced people rose to 3,000.",
    "k5 -k20 -k3000" },
  { "Clinic attack\n"
    "Officials said 15 more people were injured in the attack.",
    "w15" },
  { "Bridge collapse\n"
    "The number of people injured when the footbridge gave way has climbed to 40, the "
    "hospital said, and another 12 were killed, police said.",
    "w40 -k12" },
  { "Drone strike on base\n"
    "A soldier died and seven more were hurt on Saturday when drones struck the base.",
    "w7" },
  { NULL },
};

/* Words the frame reads only in the sense of the event: "this storm" is
 * the weather (no plural subject storming), a blast "at hospital" in a
 * headline hit the hospital, "taken control of the hospital" is no care. */
static const ReadsCase frame_senses[] = {
  /* what was done "by Thursday evening" is the news's time, not the event's */
  { "Bus plunges into gorge\nRescuers had recovered 12 bodies by Thursday evening after a "
    "bus left the mountain road in the small hours, police said.",
    "t:0 -t:3 -d:4" },
  /* nor the time of a rescue or a search */
  { "Three schoolboys rescued\nTroops rescued three of the students during a search operation "
    "in a forest near the town on Tuesday morning, the army said.",
    "-d:2 -t:1" },
  /* nor the time a claim was posted */
  { "Group claims market bombing\nIn a statement posted on its Telegram channels late on "
    "Friday, the group said one of its fighters had targeted the market.",
    "-d:5 -u:4 p:market" },
  /* the time of what followed the event (the search's end) is not its time */
  { "Search ends at collapsed block\nCrews finished clearing the collapsed section of the "
    "housing block on Thursday evening, recovering two more bodies, the mayor said.",
    "-t:3 -d:4" },
  /* when the wounded died of their wounds is no time of the event */
  { "Third ranger dies after bomb\nA third ranger died in hospital on Tuesday afternoon from "
    "injuries suffered in the morning bombing of a school-escort patrol, police said.",
    "-u:2 -t:2 t:1" },
  { "Gunmen storm hospital\nFive people died on Tuesday when gunmen stormed a hospital in the "
    "city, police said.",
    "d:2" },
  { "Bomb kills three\nThree rangers died on Tuesday afternoon when a bomb hit their truck, "
    "and two were taken to hospital, police said.",
    "u:2" },
  /* whom a source speaks to is not who was hit */
  { "Ferry toll rises to 23\nThe district commissioner told reporters at the riverbank that "
    "divers had reached the hull, and briefed journalists on the search.",
    "-v:press" },
  { "Reporter shot dead\nGunmen shot dead a reporter outside his home, police told "
    "journalists.",
    "v:press" },
  /* nor those the news is told by ("according to humanitarian workers") */
  { "Toll in camp attack reaches 32\nThe number of dead in the attack on the camp had reached "
    "32 by evening, according to humanitarian workers and local doctors.",
    "-v:aid" },
  { "Aid workers killed\nGunmen killed three aid workers on the road to the camp, according "
    "to the police.",
    "v:aid" },
  /* a mine that caved in, by its shaft */
  { "Toll rises at gold diggings\nThe wildcat shaft caved in before dawn, trapping a "
    "young miner, the mayor said.",
    "h:collapse p:mine v:miner" },
  { "Ferry services halted\nThis storm closed the port for two days, the harbour "
    "master said.",
    "h:storm" },
  { "Blast at hospital kills 12\nAn explosion ripped through the main ward, "
    "officials said.",
    "p:hospital" },
  { "Rebels seize town\nFighters have taken control of the hospital and the "
    "market, residents said.",
    "p:hospital" },
  /* where the hurt were taken, how, and who counted them: not what was hit */
  { "Soldiers killed in ambush\nEleven wounded were flown by helicopter to a "
    "military hospital in the capital, the army said.",
    "-p:hospital -p:plane" },
  { "Toll rises to eight\nTwo more officers died after the ambush, a hospital official said.",
    "-p:hospital" },
  { "Toll from crush rises to 17\nSeventeen people died in the crush, a doctor at "
    "al-Thawra hospital said.",
    "-p:hospital" },
  { "Drone strikes cattle souq\nA drone hit the weekly cattle souq on Wednesday, "
    "killing 21 people.",
    "p:market" },
  /* who speaks of the event is not who it hit; civilians by their trade */
  { "Mine kills two near Kirkuk\nTwo shepherds were killed when a mine exploded in "
    "the hills west of Kirkuk, a police officer said.",
    "v:civilian -v:police" },
  { "Gunmen attack checkpoint\nGunmen killed two policemen at a checkpoint on "
    "Tuesday, police spokesman Ali Hassan said.",
    "v:police" },
  { "Bomb hits patrol\nA roadside bomb hit an army patrol, killing three soldiers, "
    "the army's spokesman said.",
    "v:soldier" },
  { "Militants raid village\nArmed men raided the village, killing seven people, local "
    "sources and a humanitarian organisation said.",
    "-v:aid" },
  { "Aid convoy attacked\nGunmen attacked a humanitarian convoy on the road to the camp, "
    "the agency said.",
    "v:aid" },
  /* when a claim was posted is not when the attack was */
  { "Hackers claim port attack\nA ransomware group claimed the attack, posting samples of "
    "company files on its leak site on Wednesday night.",
    "-u:0 -d:3" },
  { "Group claims bombing\nThe group claimed responsibility on Tuesday evening for the "
    "attack.",
    "-u:3 -d:2" },
  /* the 24-hour clock, said to be a time */
  { "Gunmen rob cash van\nThe attackers arrived at about 15:00 as the crew collected the "
    "takings, police said.",
    "c:15" },
  { "Fuel station robbed\nFour men robbed the station, shooting an attendant; it was 22:30 "
    "local time, police said.",
    "c:22" },
  { "Preacher shot\nThe preacher read John 3:16 before the gunmen opened fire.", "-c:3" },
  /* minutes and the half of the day in one word */
  { "Man shot dead\nA man was shot dead at a tea kiosk at around 9.30am, police said.", "c:9" },
  { "Two shot\nGunmen opened fire near a three-wheeler stand at about 10.30pm, police said.",
    "c:22 -c:10" },
  /* when the dead were brought out is not when they died */
  { "Toll at six\nRescue workers freed two more bodies from an overturned carriage on Sunday "
    "morning, police said.",
    "-u:1 -t:1" },
  /* who found or saved the victims is not who was hit */
  { "Missing boatmen found alive\nThe men hid in the reeds for a day before fishermen found "
    "them near the bank.",
    "-v:fisher" },
  { "Two bodies found\nVillagers rescued three children from the rubble.", "-v:civilian" },
  { "Boat capsizes\nThree fishermen found dead after their boat capsized off the coast.",
    "v:fisher" },
  /* a cyber attack however it is written */
  { "City offices closed\nA cyber attack knocked out the city's computers on Tuesday.", "m:cyber" },
  { "Port systems down\nA cyber-attack hit the port's systems, officials said.", "m:cyber" },
  { "Utility says it was hacked\nThe water utility said malware had reached its pumps.",
    "m:cyber" },
  { NULL },
};

/* Where the hurt were taken is aftermath, not what was hit; a disease
 * tagged as a name is still the event's; "said on Sunday" is when it was
 * said. */
static const ReadsCase frame_words[] = {
  { "Reporter abducted in Culiacan found alive\n"
    "The reporter seized by gunmen on Thursday was found alive on Friday. He was "
    "taken to hospital in a stable condition, officials said on Saturday.",
    "-p:hospital d:4 -d:6" },
  /* a river that burst its banks, floodwaters, a river that overflowed: a flood */
  { "Four dead in Gonaives\nAt least four people died after the La Quinte river burst its "
    "banks during torrential overnight rain, officials said.",
    "h:flood" },
  { "Homes swamped\nFloodwaters swept through low-lying districts on Saturday.", "h:flood" },
  { "Families shelter in schools\nThe La Quinte overflowed early on Saturday.", "h:flood" },
  /* teachers, rangers and clergy are whom an attack hit, as outlets name them */
  { "Gunmen seize teachers\nArmed men abducted two schoolteachers and a headmaster on a "
    "mountain road, police said.",
    "v:teacher" },
  { "Bomb kills two rangers\nA roadside bomb killed two paramilitary rangers escorting a "
    "convoy, the army said.",
    "v:ranger" },
  { "Priest kidnapped\nGunmen kidnapped a Catholic priest from his parish house, the diocese "
    "said.",
    "v:cleric" },
  /* "Gunmen storm": the verb */
  { "Gunmen storm hospital in Culiacan\n"
    "Gunmen stormed a hospital in Culiacan on Thursday evening, police said.",
    "p:hospital t:3 -h:storm" },
  { "Dust storm kills three in Sistan\n"
    "A dust storm swept across Sistan on Monday, officials said.",
    "h:storm" },
  { "Drone hits high-rise in Kharkov\n"
    "A drone slammed into a high-rise in Kharkov overnight, the mayor said.",
    "p:home t:0" },
  { "Drone attack on police station wounds four officers\n"
    "Four police officers were wounded when a drone dropped explosives on the "
    "police station in Ocana, police said.",
    "v:police p:police w4" },
  /* A police outpost is the police's post, not an army base. */
  { "Protesters burn police outpost in Kano\n"
    "Protesters set fire to a police outpost in Kano on Friday, officials said.",
    "p:police -p:base" },
  /* Whom a state orders out of its embassy, however outlets name both. */
  { "Britain pulls families out of Juba mission\n"
    "Britain told dependants to leave its diplomatic compound in Juba on "
    "Monday, the Foreign Office said.",
    "s:staff p:embassy" },
  { NULL },
};

/* Hours on the clock as wire copy writes them; their numbers are no toll. */
static const ReadsCase clock_hours[] = {
  { "Bomb hits market in Tak Bai\n"
    "The bomb went off at about 6:30 a.m. as vendors set up, wounding two, police said.",
    "c:6 w2 -w30 -k6" },
  { "Gunmen attack patrol\nGunmen fired on a patrol at 2 p.m. on Friday, and again at 11pm.",
    "c:14 c:23 -c:2" },
  { "Blast at depot\nThe blast came just after 12 a.m.; firefighters arrived by 1am, officials "
    "said.",
    "c:0 c:1 -c:12" },
  /* A part of a day tied to the day's name is the event's; alone, it may be
   * an aftermath's, and when the wounded died of their wounds ("died in
   * hospital in the afternoon") it is. */
  { "Bomb hits bus stand\nA bomb went off at a bus stand on Monday evening, police said.",
    "t:3 u:3" },
  { "Toll rises\nA fourth victim of the bombing died in hospital in the afternoon.", "-t:2 -u:2" },
  /* Midnight and noon are hours on the clock; "late" or "early" with the
   * day's name part of it. */
  { "Gunmen attack bar\nGunmen opened fire in a bar late on Friday, shortly before midnight.",
    "c:0 u:4" },
  { "Strike hits market\nA drone struck a market at noon on Sunday.", "c:12 t:2" },
  { "Camp raided\nTroops raided the camp early Monday, residents said.", "u:5 -u:4" },
  /* no clock: a score, a count, a ratio */
  { "Talks resume\nThe two sides met at 10 Downing Street, where 4 a side played.", "-c:10 -c:4" },
  { NULL },
};

/* Two incidents of one town and one day at hours far apart are two events;
 * one event's hour as two outlets give it is one. */
static const StoryCase clock_story = {
  "/cluster/clock",
  {
      { "Gunmen kill six at bar in Culiacan\n"
        "Gunmen opened fire in a bar in Culiacan on Friday at about 11 p.m., killing six "
        "people and wounding five, prosecutors said. The attackers fled in two pickup trucks.",
        0 },
      { "Six shot dead in Culiacan bar attack\n"
        "Six people were killed and five hurt when gunmen stormed a bar in Culiacan late on "
        "Friday, shortly before 11:30pm, the state prosecutor's office said.",
        1 },
      { "Police commander shot dead in Culiacan\n"
        "Gunmen opened fire on a patrol car in Culiacan on Friday at about 8 a.m., killing a "
        "police commander and wounding his bodyguard, prosecutors said. The attackers fled in a "
        "white sedan.",
        1 },
  },
  { { 0, 1, ONE_EVENT }, { 0, 2, TWO_EVENTS } },
};

/* An hour on the clock in one report and a part of the named day far from
 * it in the other: two incidents. A part of a day without the day's name
 * (the hour a victim died) is not compared with the hour of the blast. */
static const StoryCase clock_part_story = {
  "/cluster/clock-part",
  {
      { "Bomb kills three at bus stand in Quetta\n"
        "A bomb hidden in a motorcycle exploded at a bus stand in Quetta at about 7 a.m. on "
        "Monday, killing three people and wounding nine, police said.",
        0 },
      { "Blast near Quetta market kills two\n"
        "A bomb planted on a bicycle went off near a market in Quetta on Monday evening, "
        "killing two people and wounding nine, police said.",
        2 },
      { "Toll in Quetta bus stand bombing rises to four\n"
        "A fourth victim of the motorcycle bomb that exploded at a bus stand in Quetta on "
        "Monday died in hospital in the afternoon, police said. Nine people were wounded.",
        3 },
      { "Gunmen kill two at Quetta bus stand\n"
        "Gunmen on a motorcycle opened fire at a bus stand in Quetta late on Monday, shortly "
        "before midnight, killing two people and wounding nine, police said.",
        18 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT }, { 0, 3, TWO_EVENTS } },
};

/* An event that lasts ("a seven-hour standoff", "after ten hours of
 * fighting") is one event from its first hour to its last: a report of its
 * start and one of its end are not held to one hour. */
static const StoryCase duration_story = {
  "/cluster/duration",
  {
      { "Gunman holds staff hostage at tax office in Ghent\n"
        "An armed man was holding several employees hostage at a tax office in Ghent on "
        "Tuesday morning, police said. He entered the building at about 9 a.m. and threatened "
        "staff with a pistol, a police spokesman said. Negotiators were in contact with him.",
        0 },
      { "Ghent hostage-taker surrenders after eight-hour standoff\n"
        "A man who held four tax office employees hostage in Ghent gave himself up to police at "
        "about 5 p.m. on Tuesday after an eight-hour standoff, and all the hostages were freed "
        "unharmed, prosecutors said. His pistol was an imitation.",
        9 },
  },
  { { 0, 1, ONE_EVENT } },
};

/* The same across two days ("a siege that lasted 17 hours", "after digging
 * for more than 12 hours"): the start in one report and the end in the
 * other are one event; another attack at the end's hour is not. */
static const StoryCase duration_days_story = {
  "/cluster/duration-days",
  {
      { "Gunmen storm Mogadishu beach hotel, six killed\n"
        "Al-Shabaab fighters detonated a car bomb at the gate of the Sahal hotel on Mogadishu's "
        "Lido beach on Monday afternoon and stormed the building, killing six people, police "
        "said.",
        0 },
      { "Somali troops end Lido hotel siege, 17 dead\n"
        "Somali troops killed the last al-Shabaab fighters holding out in the Sahal hotel on "
        "Mogadishu's Lido beach early on Tuesday, ending a siege that lasted about 17 hours, "
        "the government said. Seventeen people were killed.",
        17 },
      { "Gunmen storm Mogadishu beach restaurant, 17 dead\n"
        "Al-Shabaab fighters stormed a restaurant on Mogadishu's Lido beach early on Tuesday, "
        "killing 17 people, the government said.",
        17 },
  },
  { { 0, 1, ONE_EVENT }, { 0, 2, TWO_EVENTS } },
};

static const StoryCase rescue_hours_story = {
  "/cluster/rescue-hours",
  {
      { "Seven miners trapped in Armenian copper mine collapse\n"
        "Seven workers were trapped underground after part of a tunnel collapsed at a copper "
        "mine in Kajaran, in Armenia's Syunik province, at about 9 a.m. on Friday, the "
        "emergencies ministry said.",
        0 },
      { "Five miners rescued, two dead after Kajaran mine collapse\n"
        "Rescuers brought five miners to the surface alive late on Friday after digging for "
        "more than 12 hours through the collapsed tunnel of the copper mine in Kajaran, "
        "Syunik province, but two were found dead, the mayor said.",
        11 },
  },
  { { 0, 1, ONE_EVENT } },
};

/* A report cannot tell of what began after it was published: a day and an
 * hour the other report gives its event that come after, wherever the two
 * happened (T0 is a Saturday, 16:00 UTC), make two events. The hour and day
 * of the first report's event, given in a later one, do not. */
static const StoryCase happened_after_story = {
  "/cluster/happened-after",
  {
      { "Drones hit apartment block in Sumy, two killed\n"
        "Russian drones struck a nine-storey apartment block in Sumy overnight, shortly after "
        "2 a.m., killing two residents and wounding five, the regional administration said. "
        "Firefighters put out the blaze by dawn.",
        0 },
      { "Drone hits minibus near Sumy, three killed\n"
        "A Russian drone hit a minibus carrying villagers near Sumy on Sunday at around 10 a.m., "
        "killing three passengers and wounding four, the regional administration said. The "
        "driver pulled the wounded out before it caught fire.",
        22 },
      { "Toll from drone strike on Sumy apartment block rises to three\n"
        "A third resident of the apartment block in Sumy hit by Russian drones at 2 a.m. on "
        "Saturday died in hospital, the regional administration said. Five were wounded in the "
        "strike, which set the building on fire.",
        20 },
  },
  { { 0, 1, NOTHING }, { 0, 2, ONE_EVENT } },
};

/* Parts of two named days, each the report's event's, far apart ("late on
 * Saturday" and "on Sunday afternoon") are two times; the same part of the
 * next day in a later report ("on Sunday morning" and "early on Sunday"),
 * or a report a day later of its toll, may be one. */
static const StoryCase days_parts_story = {
  "/cluster/days-parts",
  {
      { "Gunmen kill five at bar in Celaya\n"
        "Gunmen burst into a bar in Celaya late on Saturday and opened fire, killing five men "
        "and wounding two, Guanajuato state prosecutors said. The attackers fled in a pickup "
        "truck.",
        0 },
      { "Four police officers killed in ambush near Celaya\n"
        "Gunmen ambushed a police patrol on a highway outside Celaya on Sunday afternoon, "
        "killing four officers, Guanajuato state security officials said. The attackers "
        "fled in pickup trucks.",
        16 },
      { "Celaya bar attack toll rises to six\n"
        "A sixth victim of the shooting at a bar in Celaya late on Saturday died in hospital, "
        "Guanajuato state prosecutors said on Sunday. Gunmen who fled in a pickup truck "
        "opened fire on customers, wounding one more man.",
        14 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT } },
};

/* An hour on the clock on a named day is as good as its part: two reports
 * whose leads give different days and hours far apart ("at 9 a.m. on
 * Monday", "at about 4.30 a.m. on Tuesday") tell of two events, whatever
 * operator and province they share; a later report that gives the first
 * one's day and hour is one event with it. */
static const StoryCase days_clocks_story = {
  "/cluster/days-clocks",
  {
      { "Fire kills three miners at Kazakh coal mine\n"
        "Three miners were killed when a fire broke out in a conveyor tunnel at the Lenin coal "
        "mine in Shakhtinsk, Karaganda region, at about 9 a.m. on Monday, the emergencies "
        "ministry said. The mine is operated by Qarmet, which said 86 miners were brought out.",
        0 },
      { "Two miners killed by roof fall at Karaganda colliery\n"
        "Two miners were killed when part of the roof collapsed at the Kostenko coal mine in "
        "Karaganda region at around 4.30 a.m. on Tuesday, prosecutors said. The mine is operated "
        "by Qarmet, which was fined for safety breaches last year.",
        20 },
      { "Toll in Shakhtinsk mine fire rises to four\n"
        "A fourth miner died in hospital on Tuesday after the fire that broke out at about 9 a.m. "
        "on Monday in a conveyor tunnel of the Lenin mine in Shakhtinsk, Karaganda region, the "
        "operator Qarmet said.",
        22 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT } },
};

/* An hour on the clock in both reports outweighs a part of the day: "late on
 * Thursday night, at around 11 p.m." is no neighbour of "at about 6 a.m." on
 * Thursday, though a night may run on towards dawn. The same hour as two
 * outlets give it, published most of a day apart, is one event. */
static const StoryCase clock_over_part_story = {
  "/cluster/clock-over-part",
  {
      { "Gunmen kill three outside bakery in Recife\n"
        "Three men were shot dead and a woman was wounded outside a bakery in the Ibura "
        "neighbourhood of Recife at about 6 a.m. on Thursday, when two gunmen on a motorcycle "
        "opened fire, police said. Police are investigating a dispute between drug gangs.",
        0 },
      { "Four killed as gunmen fire on bar in Recife\n"
        "Gunmen opened fire on customers of a bar in Recife late on Thursday night, at around "
        "11 p.m., killing four people, including a teenager, and wounding five, police said. "
        "Police are investigating a dispute between drug gangs.",
        17 },
      { "Three shot dead at Recife bakery, police hunt motorcycle gunmen\n"
        "Police in Recife were hunting two gunmen on a motorcycle who killed three men and "
        "wounded a woman outside a bakery in Ibura shortly after 6 a.m. on Thursday, a police "
        "spokesman said.",
        18 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT } },
};

/* Two reports that share no town or actor, only a province, and whose leads
 * place their events in two of its towns (a boat out of Bongao, another near
 * Sitangkai) tell of two incidents; a report that names the province alone
 * may tell of either. */
static const StoryCase province_towns_story = {
  "/cluster/province-towns",
  {
      { "Three dead as boat capsizes off Bongao in Tawi-Tawi\n"
        "Three passengers died when a motorized boat capsized in rough seas shortly after "
        "leaving Bongao in Tawi-Tawi province on Saturday morning, the coast guard said. "
        "Forty people were rescued by fishermen.",
        0 },
      { "Two fishermen dead after boat sinks near Sitangkai\n"
        "Two fishermen died and five were missing after their boat sank in a storm near "
        "Sitangkai in Tawi-Tawi province on Saturday, officials said. Coast guard vessels "
        "were searching the area.",
        3 },
      { "Boat capsizes in Tawi-Tawi, three passengers dead\n"
        "A passenger boat capsized in rough seas in Tawi-Tawi province on Saturday morning, "
        "killing three passengers, the coast guard said. Forty were rescued by fishermen.",
        4 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT } },
};

/* Two shipwrecks of one night off one country's coast, their leads in towns
 * of two of its provinces (Zuwara in the west, Tobruk in the east) and
 * neither report naming the other's: two events, whatever agency speaks for
 * both. A follow-up of the one names its town. */
static const StoryCase lead_provinces_story = {
  "/cluster/lead-provinces",
  {
      { "Migrant boat sinks off Libya's Zuwara, 20 missing\n"
        "A rubber boat carrying about 50 migrants capsized off the western Libyan town of Zuwara "
        "on Tuesday night, leaving 20 people missing, the International Organization for "
        "Migration said. Fishermen rescued 30 survivors.",
        0 },
      { "Bodies of 12 migrants recovered near Tobruk after boat sinks\n"
        "The bodies of 12 migrants were recovered from beaches near the eastern Libyan city of "
        "Tobruk on Tuesday night after their boat sank, the International Organization for "
        "Migration said. The coast guard rescued 25 survivors.",
        4 },
      { "Survivors of Zuwara shipwreck say boat was overcrowded\n"
        "Survivors of the shipwreck off Zuwara said on Wednesday that smugglers had packed "
        "about 50 migrants onto the rubber boat, the International Organization for Migration "
        "said, as the search for 20 missing people went on.",
        14 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT } },
};

/* Two attacks on police told in leads set in two countries (the Pakistani
 * side and the Iranian side of one border) are two events, whatever
 * neighbours either names later; a border clash told from either side names
 * the other country's people in its lead ("Tajik forces", "Kyrgyz troops")
 * and is one. */
static const StoryCase lead_countries_story = {
  "/cluster/lead-countries",
  {
      { "Militants attack police post in Pakistan's North Waziristan, five killed\n"
        "Militants armed with rifles and grenades attacked a police post outside Mir Ali in "
        "Pakistan's North Waziristan district before dawn on Wednesday, killing four "
        "policemen and a civilian, officials said. The assault lasted nearly two hours. The "
        "district borders Afghanistan and Iran.",
        0 },
      { "Gunmen attack police station in southeast Iran, three officers killed\n"
        "Gunmen armed with rifles and grenades attacked a police station in the town of Rask "
        "in Iran's Sistan-Baluchestan province before dawn on Wednesday, killing three police "
        "officers, state media said. Two of the attackers were killed. The province borders "
        "Pakistan and Afghanistan.",
        3 },
      { "Kyrgyzstan says two border guards killed as Tajik forces open fire\n"
        "Two Kyrgyz border guards were killed and three wounded on Thursday when Tajik forces "
        "opened fire on a border post near the village of Kok-Tash in Kyrgyzstan's Batken "
        "region, the Kyrgyz border service said. Residents of two villages in the Fergana "
        "Valley were evacuated after Tajik mortar fire.",
        0 },
      { "Tajikistan accuses Kyrgyz troops of provoking deadly border shootout\n"
        "Tajikistan said on Thursday that Kyrgyz forces had provoked a shootout on the border "
        "near the village of Chorku in its Sughd region, killing one Tajik serviceman. "
        "Kyrgyzstan said two of its border guards were killed near Kok-Tash, and villagers "
        "in the Fergana Valley fled the mortar fire.",
        4 },
  },
  { { 0, 1, TWO_EVENTS }, { 2, 3, ONE_EVENT } },
};

/* The people each event befell, told by their nationality in both leads,
 * of no country the other lead names: two sinkings off one coast on one
 * night. One report's migrants "from Egypt", or of two peoples, one of them
 * the other's: one. */
static const StoryCase victims_story = {
  "/cluster/victims",
  {
      { "Six Egyptian migrants drown as boat sinks off eastern Libya\n"
        "Six Egyptian migrants drowned when a small fishing boat taking them towards Greece "
        "sank off the coast east of Tobruk late on Thursday, a coast guard official said. "
        "Nine men were rescued by a passing trawler and taken to Tobruk.",
        0 },
      { "Dinghy carrying Sudanese refugees sinks near Tobruk\n"
        "Six Sudanese refugees drowned when an inflatable boat sank off the coast east of "
        "Tobruk late on Thursday, the Libyan Red Crescent said. Twenty-two people were "
        "rescued and taken to Tobruk.",
        10 },
      { "Boat sinks off Tobruk, migrants from Egypt among dead\n"
        "Six migrants from Egypt drowned when their boat sank off the coast east of Tobruk late "
        "on Thursday, the Libyan coast guard said. Nine men were rescued by a trawler and "
        "taken to Tobruk.",
        6 },
      { "Egyptian and Sudanese migrants drown off Tobruk\n"
        "Six Egyptian and Sudanese migrants drowned when a fishing boat sank off the coast "
        "east of Tobruk late on Thursday, the coast guard said. Nine were rescued by a "
        "trawler and taken to Tobruk.",
        8 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT }, { 0, 3, ONE_EVENT } },
};

/* Indonesia's provinces are its first level (iso-codes puts them under
 * island groups), named in English as news names them ("West Java"): two
 * landslides in two provinces on one morning are two events; a province in
 * one report and a town of it (Garut) in the other, one. */
static const StoryCase english_provinces_story = {
  "/cluster/english-provinces",
  {
      { "Landslide buries homes in West Java, four dead\n"
        "A landslide triggered by torrential rain buried six houses in a hillside village in "
        "West Java province early on Tuesday, killing four people, the disaster agency said. "
        "Rescuers were digging through mud by hand.",
        0 },
      { "Landslide kills five in Central Java\n"
        "A landslide buried homes in a hillside village in Central Java province early on "
        "Tuesday after torrential rain, killing five people, the disaster agency said. "
        "Rescuers were digging through mud by hand.",
        2 },
      { "Four dead as landslide buries houses near Garut\n"
        "Four villagers were killed when a landslide buried six homes near Garut early on "
        "Tuesday after torrential rain, the local disaster agency said. Rescuers were digging "
        "through mud by hand.",
        5 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT }, { 1, 2, TWO_EVENTS } },
};

/* Two attacks of one group on one day in two named provinces of one country
 * are two events; a province in one report and a town of it in the other,
 * with the city the wounded were flown to, is one. */
static const StoryCase provinces_story = {
  "/cluster/provinces",
  {
      { "Bomb kills Taliban commander in Kunar\n"
        "A bomb attached to a car killed a Taliban commander and two of his guards in Kunar "
        "province on Tuesday morning, the provincial police said. Islamic State Khorasan "
        "claimed the attack. The wounded were flown to Kabul.",
        0 },
      { "Islamic State claims bombing of Taliban official in Kandahar province\n"
        "Islamic State Khorasan claimed a bomb attack that killed a Taliban official and two "
        "of his guards in Kandahar province on Tuesday morning, the interior ministry said. "
        "The bomb had been attached to his car.",
        3 },
      { "Three killed as bomb hits Taliban commander's car in Asadabad\n"
        "A Taliban commander and two guards died when a bomb fixed to their car exploded in "
        "Asadabad on Tuesday morning, officials said. Two wounded men were flown to Kabul. "
        "Islamic State Khorasan said it carried out the attack.",
        5 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT } },
};

/* A report whose last sentences tell what it followed ("The attack came a
 * day after a missile strike ... killed five") takes nothing from them: its
 * own incident is not the one it recalls. A reprisal that names the first
 * attack by its day ("in revenge for Monday's killing of 12 farmers") but
 * kills two is no follow-up of it. */
static const StoryCase came_after_story = {
  "/cluster/came-after",
  {
      { "Missile strike on Sumy city centre kills five\n"
        "A Russian missile hit the centre of Sumy on Monday morning, killing five people and "
        "wounding 31, regional officials said. The missile struck near a university building "
        "and a row of shops at about 9 a.m., and several cars caught fire.",
        0 },
      { "Drone hits minibus near Sumy, two dead\n"
        "A Russian drone struck a minibus on a highway near a village of Ukraine's Sumy region "
        "on Tuesday morning, killing the driver and a passenger and wounding six, regional "
        "officials said. The wounded were taken to hospital in Sumy. The attack came a day "
        "after a missile strike on the centre of Sumy killed five people and wounded 31 near "
        "a university building and a row of shops.",
        26 },
      { "Gunmen kill 12 farmers in Plateau village\n"
        "Gunmen killed 12 farmers in an attack on a village in Bokkos, Plateau state, early on "
        "Monday, local officials said. Houses were set on fire.",
        0 },
      { "Two herders killed in Plateau reprisal attack\n"
        "Two herders were killed near Bokkos in Plateau state on Tuesday at around midday, in "
        "what police described as revenge for Monday's killing of 12 farmers in Bokkos, a "
        "police spokesman said. Armed youths attacked a herders' camp and set houses on fire.",
        24 },
  },
  { { 0, 1, TWO_EVENTS }, { 2, 3, TWO_EVENTS } },
};

/* Two incidents of one province and one day, each placed in a named district
 * of its own, are two events; one report naming the district ("the district
 * of Kajaki") and the other its town, or the district the other way round
 * ("Kajaki district"), is one. */
static const StoryCase districts_story = {
  "/cluster/districts",
  {
      { "Landmine kills four shepherds in Helmand\n"
        "Four shepherds were killed on Wednesday when a landmine exploded in the Kajaki "
        "district of Afghanistan's Helmand province, a provincial spokesman said. Two more "
        "were wounded.",
        0 },
      { "Mine blast kills five in southern Afghanistan\n"
        "A roadside mine exploded under a car in Helmand's Nad Ali district on Wednesday, "
        "killing five people and wounding two, the provincial police said.",
        3 },
      { "Mine Blast Hits Kajaki District, Four Shepherds Dead\n"
        "A landmine left over from years of war killed four shepherds and wounded two in Kajaki "
        "district of Helmand province on Wednesday, local officials said.",
        2 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT }, { 1, 2, TWO_EVENTS } },
};

/* A district's name transliterated two ways ("Rueso" and "Ruso", "Depayin"
 * and "Tabayin") is one district; another district of the province is not. */
static const StoryCase district_spellings_story = {
  "/cluster/district-spellings",
  {
      { "Bomb wounds four rangers in Narathiwat\n"
        "A roadside bomb wounded four rangers on patrol in Rueso district of Thailand's "
        "Narathiwat province on Tuesday morning, police said.",
        0 },
      { "Four rangers hurt by bomb in Thailand's south\n"
        "Four paramilitary rangers were wounded when a bomb went off beside their patrol in Ruso "
        "district of Narathiwat province on Tuesday morning, the army said.",
        3 },
      { "Bomb wounds three rangers in Narathiwat\n"
        "A roadside bomb wounded three rangers on patrol in Bacho district of Thailand's "
        "Narathiwat province on Tuesday morning, police said.",
        2 },
  },
  { { 0, 1, ONE_EVENT }, { 0, 2, TWO_EVENTS }, { 1, 2, TWO_EVENTS } },
};

/* Sub-counties and local government areas are parts of one level too: two
 * raids in two named sub-counties of one district, or two attacks in two
 * local government areas of one state, are two events; "Katikekile
 * sub-county" and "Katikekile subcounty", "Gwoza LGA" and "Gwoza Local
 * Government Area" are one. */
static const StoryCase sub_units_story = {
  "/cluster/sub-units",
  {
      { "Raiders kill four herders in Moroto\n"
        "Cattle raiders shot dead four herders and took about 200 cows in Katikekile "
        "sub-county of Moroto district in Uganda on Monday morning, the army said.",
        0 },
      { "Three killed in Moroto cattle raid\n"
        "Armed raiders killed three herders and drove off 150 cows in Nadunget sub-county of "
        "Moroto district in Uganda on Monday morning, local leaders said.",
        2 },
      { "Army hunts raiders after four herders killed in Karamoja\n"
        "Soldiers were pursuing raiders who killed four herders in Katikekile subcounty, "
        "Moroto district, in Uganda on Monday morning and took 200 head of cattle, an army "
        "spokesman said.",
        5 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT }, { 1, 2, TWO_EVENTS } },
};

/* An Indonesian regency is a named part like a district. */
static const StoryCase regency_story = {
  "/cluster/regencies",
  {
      { "Landslide buries houses in West Java village, five dead\n"
        "A landslide buried four houses in a village in Garut regency, West Java, early on "
        "Tuesday after a night of heavy rain, killing five people, the disaster agency said.",
        0 },
      { "Landslide hits road in West Java, two dead\n"
        "A landslide swept two cars off a mountain road in Bandung regency, West Java, early on "
        "Tuesday after heavy rain, killing two people, the disaster agency said.",
        3 },
      { "Rescuers dig for victims of Garut landslide\n"
        "Rescuers recovered a fifth body from the mud on Tuesday after a landslide buried four "
        "houses in Garut regency in Indonesia's West Java province early that morning, the "
        "disaster agency said.",
        6 },
  },
  { { 0, 1, NOTHING }, { 0, 2, ONE_EVENT } },
};

/* An Ethiopian zone is a named part too ("East Shewa zone", "West Arsi
 * zone"): two bus crashes of one region in two zones are two events; the
 * same zone's crash is one. */
static const StoryCase zone_story = {
  "/cluster/zones",
  {
      { "Twelve killed as bus hits fuel tanker in Oromia\n"
        "Twelve people were killed on Monday when a passenger bus collided with a fuel tanker "
        "near the town of Mojo in Ethiopia's Oromia region, East Shewa zone police said.",
        0 },
      { "Bus overturns in Oromia, 15 dead\n"
        "At least 15 people died on Monday when a long-distance bus rolled over on the highway "
        "in Ethiopia's Oromia region, West Arsi zone traffic police said.",
        4 },
      { "Bus and tanker crash kills 14 in Ethiopia\n"
        "Fourteen people died on Monday when a bus and a fuel tanker collided in East Shewa zone "
        "of Ethiopia's Oromia region, police said, revising the toll from twelve.",
        6 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT } },
};

/* "The Green Zone", "a free zone": no unit of a zone of its own name. */
static void
test_zone_words (void)
{
  g_autoptr (VigilStorySignature) green
      = signature ("Rockets hit Baghdad\nTwo rockets hit the Green Zone in Baghdad on Monday.", T0);
  g_autoptr (VigilStorySignature) shewa = signature (
      "Bus crash in Oromia\nA bus crashed in East Shewa zone of Oromia region on Monday.", T0);

  g_assert_cmpuint (green->units->len, ==, 0);
  g_assert_true (has_key (shewa->units, "z:eastshewa"));
}

static const StoryCase lga_story = {
  "/cluster/local-government-areas",
  {
      { "Gunmen kill seven villagers in Borno\n"
        "Gunmen killed seven villagers in an attack on a farming village in Gwoza Local "
        "Government Area of Borno state, Nigeria, on Monday, local officials said.",
        0 },
      { "Insurgents kill five farmers in Borno\n"
        "Insurgents killed five farmers in their fields in Bama LGA of Borno state, Nigeria, on "
        "Monday, a militia leader said.",
        3 },
      { "Seven villagers killed in Borno attack\n"
        "Seven villagers died when gunmen raided a farming village in Gwoza LGA, in Nigeria's "
        "Borno state, on Monday, officials said.",
        4 },
  },
  { { 0, 1, TWO_EVENTS }, { 0, 2, ONE_EVENT }, { 1, 2, TWO_EVENTS } },
};

/* A blast at a depot in the afternoon and a tanker fire that night, in one
 * city: two events, though both kill a few people and the fire service
 * speaks of both. */
static const StoryCase blast_and_fire_story = {
  "/cluster/blast-and-fire",
  {
      { "Explosion at fireworks depot kills five in Kumasi\n"
        "An explosion ripped through a fireworks depot in Kumasi on Saturday afternoon, "
        "killing five people and injuring 20, Ghana's fire service said.",
        0 },
      { "Tanker fire kills two in Kumasi\n"
        "A fuel tanker caught fire at a filling station in Kumasi on Saturday night, killing "
        "two people, the fire service said.",
        6 },
  },
  { { 0, 1, TWO_EVENTS } },
};

/* A blast is what any explosive does: a report that names no means of its
 * own agrees with one that names a bomb; a bomb and a grenade, each named,
 * are two means. */
static const StoryCase means = {
  "/cluster/means",
  {
      { "Car bomb hits checkpoint in Hodan\n"
        "A car bomb exploded at a checkpoint in Hodan district on Tuesday, police "
        "said. No group claimed the attack.",
        0 },
      { "Explosion at Hodan checkpoint\n"
        "An explosion went off at a checkpoint in Hodan district on Tuesday, "
        "officials said. No group said it was behind the attack.",
        1 },
      { "Grenade thrown at checkpoint in Hodan\n"
        "A grenade was thrown at a checkpoint in Hodan district on Tuesday, "
        "officials said. No group said it was behind the attack.",
        1 },
  },
  .nearer = { { 0, 1, 2, 1.5 } },
};

static void
test_means (void)
{
  g_autoptr (VigilStorySignature) c = signature (means.reports[2].text, T0 + HOUR);

  assert_reads (c, "m:grenade");
  assert_story_case (&means);
  /* what a person did or a state builds is no weapon of the event ("the
   * group's rocket infrastructure", "its missile programme") */
  {
    g_autoptr (VigilStorySignature) operative
        = signature ("Strike kills Hezbollah operative\n"
                     "The military said it killed an operative responsible for the group's "
                     "rocket infrastructure in a drone strike on a car on Monday.",
                     T0);
    g_autoptr (VigilStorySignature) programme
        = signature ("Blast at Iranian base\n"
                     "An explosion hit a base linked to Iran's missile programme on Monday.",
                     T0);
    g_assert_false (has_frame (operative, "m:missile"));
    g_assert_true (has_frame (operative, "m:drone"));
    g_autoptr (VigilStorySignature) ballistic
        = signature ("Blast at Iranian base\n"
                     "An explosion hit a base of Iran's ballistic missile programme on Monday.",
                     T0);
    g_assert_false (has_frame (programme, "m:missile"));
    g_assert_false (has_frame (ballistic, "m:missile"));
  }
}

/* An event of nature and one of a weapon in one province are two events: a
 * quake's toll and a bombing conflict in their frames; a quake and a
 * landslide do not (both nature), nor do a quake and a blast (a gas
 * explosion or a quarry's charges are no weapon). */
static void
test_cause_conflict (void)
{
  g_autoptr (VigilStorySignature) quake
      = signature ("Quake toll climbs to 11 near Marivan\n"
                   "The number of people killed by an earthquake near Marivan in Iran's "
                   "Kurdistan province rose to 11 on Thursday, the Red Crescent said.",
                   T0);
  g_autoptr (VigilStorySignature) bomb
      = signature ("Roadside bomb kills worker near Marivan\n"
                   "A roadside bomb went off near Marivan in Iran's Kurdistan province on "
                   "Thursday, killing one worker, officials said.",
                   T0);
  g_autoptr (VigilStorySignature) slide
      = signature ("Landslide after quake cuts road near Marivan\n"
                   "A landslide set off by an earthquake near Marivan in Iran's Kurdistan "
                   "province blocked the road on Thursday, officials said.",
                   T0);
  g_autoptr (VigilStorySignature) blast
      = signature ("Blast at quarry kills worker near Marivan\n"
                   "Explosives detonated at a stone quarry near Marivan in Iran's Kurdistan "
                   "province on Thursday, killing one worker, officials said.",
                   T0);
  PairFeatures f, g, h;

  cluster_pair_features (quake, bomb, NULL, &f);
  cluster_pair_features (quake, slide, NULL, &g);
  cluster_pair_features (quake, blast, NULL, &h);
  g_assert_cmpuint (f.frame_conflict, >=, 1);
  g_assert_cmpuint (g.frame_conflict, ==, 0);
  g_assert_cmpuint (h.frame_conflict, ==, 0);
}

/* "Late on Tuesday" is Tuesday's evening or night, "early on Tuesday" its
 * night or morning: parts of one day that meet are no two times; "Tuesday
 * morning" and "Tuesday evening" are. */
static void
test_parts_meet (void)
{
  g_autoptr (VigilStorySignature) late
      = signature ("Gunmen abduct 14 travellers\n"
                   "Gunmen abducted 14 passengers from two vehicles near Gombi late on Tuesday, "
                   "police said.",
                   T0);
  g_autoptr (VigilStorySignature) evening
      = signature ("Kidnappers demand ransom\n"
                   "The kidnappers of travellers seized near Gombi on Tuesday evening demanded a "
                   "ransom, relatives said.",
                   T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) morning
      = signature ("Gunmen abduct travellers\n"
                   "Gunmen abducted passengers near Gombi on Tuesday morning, police said.",
                   T0 + 20 * HOUR);
  PairFeatures meet, apart;

  cluster_pair_features (late, evening, NULL, &meet);
  cluster_pair_features (evening, morning, NULL, &apart);
  g_assert_false (meet.parts_differ);
  g_assert_true (apart.parts_differ);
}

/* Midnight is the end of the day it is named with as often as its start:
 * "late on Monday, shortly before midnight" and "shortly before midnight"
 * in a report of Tuesday that names Tuesday are one time; midnight on
 * Monday and Tuesday afternoon are two. */
static void
test_midnight_ends_day (void)
{
  g_autoptr (VigilStorySignature) monday
      = signature ("Rockets fired at embassy in Baghdad\n"
                   "At least three rockets were fired toward the embassy in Baghdad's Green Zone "
                   "late on Monday, shortly before midnight, security sources said.",
                   T0);
  g_autoptr (VigilStorySignature) tuesday
      = signature ("Launch site found after rocket attack\n"
                   "Security forces on Tuesday found the launch pad in eastern Baghdad used to "
                   "fire rockets at the Green Zone shortly before midnight, officials said.",
                   T0 + 12 * HOUR);
  g_autoptr (VigilStorySignature) afternoon
      = signature ("Rockets hit Green Zone\n"
                   "Two rockets hit Baghdad's Green Zone on Tuesday afternoon, security sources "
                   "said.",
                   T0 + 12 * HOUR);
  PairFeatures one, two;

  cluster_pair_features (monday, tuesday, NULL, &one);
  cluster_pair_features (monday, afternoon, NULL, &two);
  g_assert_false (one.clock_differs);
  g_assert_true (two.clock_differs);
}

/* A township's short name written as two transliterations say one sound
 * ("Ye-U" and "Ye Oo") is one township; another township is not. */
static void
test_township_sounds (void)
{
  g_autoptr (VigilStorySignature) u
      = signature ("Airstrike kills nine in Sagaing village\n"
                   "A military jet bombed a village in Ye-U township of the Sagaing region early "
                   "on Tuesday, killing nine civilians, residents said.",
                   T0);
  g_autoptr (VigilStorySignature) oo
      = signature ("Toll in monastery bombing climbs to 14\n"
                   "The number of people killed when aircraft struck a monastery in Ye Oo "
                   "township of Sagaing has risen to 14, a village administrator said.",
                   T0 + 18 * HOUR);
  g_autoptr (VigilStorySignature) other
      = signature ("Airstrike kills five in Sagaing\n"
                   "A military jet bombed a village in Kani township of the Sagaing region early "
                   "on Tuesday, killing five civilians, residents said.",
                   T0);
  PairFeatures one, two;

  cluster_pair_features (u, oo, NULL, &one);
  cluster_pair_features (oo, other, NULL, &two);
  g_assert_false (one.units_differ);
  g_assert_true (two.units_differ);
}

static gboolean
has_word (const VigilStorySignature *s, const char *stem)
{
  return has_key (s->words, stem);
}

static gboolean
has_number (const VigilStorySignature *s, gint64 value)
{
  for (guint i = 0; i < s->numbers->len; i++)
    if (g_array_index (s->numbers, gint64, i) == value)
      return TRUE;
  return FALSE;
}

/* What a report tells of a separate incident ("came hours after a separate
 * bombing", "Separately, ...", "an unrelated attack") is not its event: its
 * words, numbers and risks stay out of the signature; the rest stays in. */
static void
test_other_incident (void)
{
  g_autoptr (VigilStorySignature) s = signature (
      "Police patrol ambushed near Uruapan\n"
      "Gunmen ambushed a police patrol on a highway outside Uruapan on Sunday, killing three "
      "officers, the state security ministry said. The ambush came hours after a separate "
      "bombing at a cattle market in the city that killed 12 traders. Separately, a mayor "
      "was kidnapped in a nearby town. Troops sealed off the highway.",
      T0);
  g_autoptr (VigilStorySignature) plain = signature (
      "Police patrol ambushed near Uruapan\n"
      "Gunmen ambushed a police patrol on a highway outside Uruapan on Sunday, killing three "
      "officers, the state security ministry said. Last month a bombing at a cattle market in "
      "the city killed 12 traders.",
      T0);
  g_autoptr (VigilStorySignature) reprisal = signature (
      "Police patrol ambushed near Uruapan\n"
      "Gunmen ambushed a police patrol on a highway outside Uruapan on Sunday, killing three "
      "officers, the state security ministry said. The ambush appeared to be in retaliation "
      "for a bombing at a cattle market on Saturday that killed 12 traders.",
      T0);
  g_autoptr (VigilStorySignature) came_after = signature (
      "Police patrol ambushed near Uruapan\n"
      "Gunmen ambushed a police patrol on a highway outside Uruapan on Sunday, killing three "
      "officers, the state security ministry said. The ambush came hours after a bombing at a "
      "cattle market in the city that killed 12 traders.",
      T0);

  /* (words as stems of six letters at most) */
  g_assert_true (has_word (s, "highwa"));
  g_assert_true (has_word (s, "ambush"));
  g_assert_false (has_word (s, "cattl"));
  g_assert_false (has_word (s, "trader"));
  g_assert_false (has_number (s, 12));
  g_assert_false (has_word (s, "kidnap"));
  for (guint i = 0; i < s->categories->len; i++)
    g_assert_cmpstr (g_array_index (s->categories, Feature, i).key, !=, "kidnapping");
  /* Without "separate", or a "came hours after", the sentence is the
   * report's background. */
  g_assert_true (has_word (plain, "cattl"));
  g_assert_true (has_number (plain, 12));
  g_assert_false (has_word (came_after, "cattl"));
  g_assert_false (has_number (came_after, 12));
  /* What an attack avenges is another incident; the sentence's own words
   * are the report's. */
  g_assert_true (has_word (reprisal, "ambush"));
  g_assert_false (has_word (reprisal, "cattl"));
  g_assert_false (has_number (reprisal, 12));
  /* "It was the second seizure on the border in two days, after rifles were
   * found at Jimani": the other of the two, whose place is its own; not "on
   * the second day after", this event's. */
  {
    g_autoptr (VigilStorySignature) second = signature (
        "Ammunition seized at Dajabon border market\n"
        "Soldiers seized 11,000 cartridges on Thursday from a lorry at the border market in "
        "Dajabon, the army said. It was the second seizure on the border in two days, after 40 "
        "rifles were found in a rice truck at Jimani on Wednesday.",
        T0);
    g_autoptr (VigilStorySignature) second_day = signature (
        "Ammunition seized at Dajabon border market\n"
        "Soldiers seized 11,000 cartridges on Thursday from a lorry at the border market in "
        "Dajabon, the army said. On the second day after the seizure, 40 rifles were found in "
        "the lorry's cab at Jimani.",
        T0);
    g_assert_true (has_key (second->entities, "Dajabón"));
    g_assert_false (has_key (second->entities, "Jimaní") || has_key (second->entities, "Jimani"));
    g_assert_false (has_number (second, 40));
    g_assert_true (has_number (second_day, 40));
    g_assert_true (has_key (second_day->entities, "Jimaní")
                   || has_key (second_day->entities, "Jimani"));
  }
  /* "It was the second abduction in the zone on Wednesday, after...": a day
   * after "it was the second" tells of the other incident too; not "a third
   * soldier died on Wednesday after the attack", this event's toll. */
  {
    g_autoptr (VigilStorySignature) that_day = signature (
        "Teachers kidnapped near Negele\n"
        "Gunmen seized two teachers outside Negele on Wednesday, relatives said. It was the "
        "second abduction in the zone on Wednesday, after 14 road workers were taken from "
        "their camp near Adola.",
        T0);
    g_autoptr (VigilStorySignature) toll = signature (
        "Third soldier dies after attack on Adola camp\n"
        "A third soldier died in hospital on Wednesday after 14 road workers were taken from "
        "their camp near Adola, the army said.",
        T0);
    g_assert_false (has_number (that_day, 14));
    g_assert_false (has_key (that_day->entities, "Adola"));
    g_assert_true (has_key (that_day->entities, "Negele"));
    g_assert_true (has_number (toll, 14));
    g_assert_true (has_key (toll->entities, "Adola"));
  }
  /* nor are the places of a separate incident's sentence ("Separately, a
   * mayor was kidnapped in Patzcuaro") */
  {
    g_autoptr (VigilStorySignature) separately = signature (
        "Police patrol ambushed near Uruapan\n"
        "Gunmen ambushed a police patrol outside Uruapan on Sunday, killing three officers. "
        "Separately, a mayor was kidnapped in Patzcuaro.",
        T0);
    g_assert_false (has_key (separately->entities, "Pátzcuaro")
                    || has_key (separately->entities, "Patzcuaro"));
    g_assert_true (has_key (separately->entities, "Uruapan"));
  }
}

/* A state that orders its staff out raises its travel advisory at once:
 * one outlet leads with the evacuation, another with the advisory. */
static void
test_departure (void)
{
  g_autoptr (VigilStorySignature) a
      = signature ("US orders evacuation of embassy staff in Juba as fighting nears\n"
                   "The State Department on Friday ordered the evacuation of non-emergency staff "
                   "at its embassy in Juba, citing armed clashes around the capital of South "
                   "Sudan.",
                   T0);
  g_autoptr (VigilStorySignature) b
      = signature ("Washington raises South Sudan travel advisory to Level 4\n"
                   "The United States raised its travel advisory for South Sudan to Level 4, Do "
                   "Not Travel, on Friday and ordered the departure of non-essential embassy "
                   "personnel from Juba after heavy fighting.",
                   T0 + 6 * HOUR);

  /* With the categories counted apart, the categories' part would give
   * 0.06 of the 0.25 it may, and the pair would sit near the threshold. */
  g_assert_cmpfloat (vigil_story_signature_similarity (a, b), >=, VIGIL_STORY_SAME_EVENT + 0.2);
}

/* A country named as the state whose navy, military or flag acts where the
 * event is does not set the event in that country: the two reports of one
 * strike at sea are not vetoed as set in two countries. */
static void
test_armed_service (void)
{
  g_autoptr (VigilStorySignature) a
      = signature ("Houthi missile hits ship in Red Sea, crew evacuated\n"
                   "A missile fired by Yemen's Houthis struck the Marshall Islands-flagged bulk "
                   "carrier Sea Falcon off Aden on Wednesday, setting it ablaze, the UKMTO agency "
                   "said. The crew abandoned the vessel.",
                   T0);
  g_autoptr (VigilStorySignature) b
      = signature ("Three crew killed in Houthi strike on Sea Falcon\n"
                   "Three sailors were killed when a Houthi anti-ship missile hit the bulk carrier "
                   "Sea Falcon in the Gulf of Aden, the US military said on Wednesday. An Indian "
                   "navy warship rescued 20 crew members.",
                   T0 + 2 * HOUR);

  g_assert_cmpfloat (vigil_story_signature_similarity (a, b), >=, VIGIL_STORY_SAME_EVENT);
}

/* Where an organisation quoted is based ("the Britain-based Syrian
 * Observatory") is no country of the event. */
static void
test_based_in (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Escaped inmates caught near Hasakah\n"
                   "Kurdish-led forces in northeast Syria said on Saturday they had caught 29 of "
                   "the escaped inmates. The Britain-based Syrian Observatory for Human Rights "
                   "said a curfew had been lifted.",
                   T0);

  g_assert_true (has_key (s->countries, "SY"));
  g_assert_false (has_key (s->countries, "GB"));
}

/* A place written as a country's ("Venezuela's El Callao", "Nigeria's Niger
 * state") is of that country, whatever other country's place or the country
 * the lists know by its name: no province of Peru, no Niger. */
static void
test_possessive_country (void)
{
  g_autoptr (VigilStorySignature) a
      = signature ("Six miners killed in gold pit collapse in Venezuela's El Callao\n"
                   "Six miners were killed when the walls of a gold pit collapsed in Venezuela's "
                   "El Callao on Wednesday, civil protection officials in Bolivar state said.",
                   T0);
  g_autoptr (VigilStorySignature) b
      = signature ("Boat capsizes on Kainji Lake, 23 dead\n"
                   "At least 23 people drowned when a boat capsized on Kainji Lake in "
                   "north-central Nigeria's Niger state on Monday, the emergency agency said.",
                   T0);

  g_assert_true (has_key (a->countries, "VE"));
  g_assert_false (has_key (a->countries, "PE"));
  g_assert_false (has_key (a->named_regions, "PE-CAL"));
  g_assert_true (has_key (b->named_regions, "NG-NI"));
  g_assert_false (has_key (b->countries, "NE"));
}

/* A name that holds a province's and its word of kind ("Niger State
 * police", whatever the tagger takes it for) names that province. */
static void
test_province_in_name (void)
{
  g_autoptr (VigilStorySignature) s = signature (
      "Toll rises to 38\n"
      "Local divers recovered 15 more bodies overnight, bringing to 38 the number of people "
      "confirmed dead after a passenger boat sank on Monday, police said on Tuesday. Niger "
      "State police spokesman Wasiu Abiodun said a dozen passengers were still unaccounted for.",
      T0);

  g_assert_true (has_key (s->named_regions, "NG-NI"));
}

/* A province the lists write with a final "h" the text leaves out
 * ("Shabwa", Shabwah) is that province, in a report on its country. */
static void
test_province_spelt_otherwise (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Car bomb kills four in Yemen's Shabwa\n"
                   "A car bomb exploded at a checkpoint in Yemen's Shabwa on Thursday morning, "
                   "killing four soldiers, a military official said.",
                   T0);

  g_assert_true (has_key (s->named_regions, "YE-SH"));
  g_assert_false (has_key (s->lead_towns, "Shabwa"));
}

/* A country written after the place ("the town of Sodo in central Haiti",
 * "Sodo, Haiti") places every mention of it there, the headline's too; a
 * list of countries is no country's place. */
static void
test_country_after (void)
{
  g_autoptr (VigilStorySignature) a
      = signature ("Thousands flee Sodo after gang assault\n"
                   "More than 6,000 people have fled the pilgrimage town of Sodo in central "
                   "Haiti since gangs overran it on Friday, the migration agency said.",
                   T0);
  g_autoptr (VigilStorySignature) b
      = signature ("Jihadists attack army posts\n"
                   "Jihadists attacked army posts in Mali, Niger and Chad on Friday, killing "
                   "dozens of soldiers, officials said.",
                   T0);

  g_assert_true (has_key (a->countries, "HT"));
  g_assert_false (has_key (a->countries, "ET"));
  g_assert_false (has_key (a->city_regions, "ET-SN"));
  g_assert_true (has_key (b->countries, "ML"));
  g_assert_true (has_key (b->countries, "NE"));
  g_assert_true (has_key (b->countries, "TD"));
}

/* A country's name that gives people's nationality ("Myanmar and Nepali
 * nationals") places nothing: the lead's countries are where it happened,
 * the nationals' countries its peoples. */
static void
test_nationals (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Landslide kills seven farm workers in Malaysia's Pahang\n"
                   "Seven farm workers, Myanmar and Nepali nationals, were killed when a "
                   "hillside collapsed onto their quarters in Malaysia's Pahang state on "
                   "Thursday, police said.",
                   T0);
  g_autoptr (VigilStorySignature) place
      = signature ("Landslide kills seven in Myanmar\n"
                   "Seven people were killed when a hillside collapsed onto their homes in "
                   "Myanmar on Thursday, police said.",
                   T0);

  g_assert_true (has_key (s->lead_countries, "MY"));
  g_assert_false (has_key (s->lead_countries, "MM"));
  g_assert_true (has_key (s->lead_peoples, "MM"));
  g_assert_true (has_key (s->lead_peoples, "NP"));
  g_assert_false (has_key (s->lead_countries, "NP"));
  g_assert_true (has_key (place->lead_countries, "MM"));
}

/* The time of what followed the event (a fire put out, hostages freed, a
 * truce holding) is not the event's: no day or part of the day in the frame
 * from it; the time the event began stays. */
static void
test_aftermath_times (void)
{
  g_autoptr (VigilStorySignature) out
      = signature ("Refinery blaze put out\n"
                   "Firefighters brought the blaze at the refinery under control on Tuesday "
                   "morning, the civil defence said.",
                   T0);
  g_autoptr (VigilStorySignature) freed
      = signature ("Kidnapped engineers freed\n"
                   "Four engineers seized by gunmen were released unharmed on Thursday "
                   "afternoon, the governor said.",
                   T0);
  g_autoptr (VigilStorySignature) began
      = signature ("Refinery blaze\n"
                   "A fire broke out at the refinery on Tuesday morning, the civil defence "
                   "said.",
                   T0);

  /* the words in other phrases: the event's own time */
  g_autoptr (VigilStorySignature) seized
      = signature ("Rebels take Kidal\n"
                   "Rebels seized control of the town of Kidal on Tuesday morning, residents "
                   "said.",
                   T0);
  g_autoptr (VigilStorySignature) holding
      = signature ("Gunmen storm school\n"
                   "Gunmen holding rifles stormed a school in Kankara on Friday night, police "
                   "said.",
                   T0);

  g_assert_false (has_key (out->frame, "d:2"));
  g_assert_false (has_key (out->frame, "u:1"));
  g_assert_false (has_key (freed->frame, "d:4"));
  g_assert_false (has_key (freed->frame, "u:2"));
  g_assert_true (has_key (began->frame, "d:2"));
  g_assert_true (has_key (began->frame, "u:1"));
  g_assert_true (has_key (seized->frame, "d:2"));
  g_assert_true (has_key (holding->frame, "d:5"));

  /* when the dead were found is no time of the attack */
  {
    g_autoptr (VigilStorySignature) found
        = signature ("Militants raid village\n"
                     "Militants killed six people in a raid on a village, a rights group "
                     "said. Two of the victims were found on Friday morning in a plantation.",
                     T0);
    g_autoptr (VigilStorySignature) finds
        = signature ("Police find bomb\n"
                     "Police found a bomb on Friday morning under a bridge, officials said.",
                     T0);
    g_assert_false (has_key (found->frame, "d:5"));
    g_assert_false (has_key (found->frame, "t:1"));
    g_assert_true (has_key (finds->frame, "d:5"));
    g_assert_true (has_key (finds->frame, "t:1"));
  }
  /* a bomb found, or a village located, is no finding of the dead */
  {
    g_autoptr (VigilStorySignature) bomb
        = signature ("Bomb found at Kano station\n"
                     "An explosive device was discovered on Friday morning at the main station "
                     "in Kano, police said.",
                     T0);
    g_autoptr (VigilStorySignature) village
        = signature ("Gunmen attack village\n"
                     "The village is located near the Niger border and was attacked by gunmen "
                     "on Sunday night, residents said.",
                     T0);
    g_assert_true (has_key (bomb->frame, "d:5"));
    g_assert_true (has_key (bomb->frame, "t:1"));
    g_assert_true (has_key (village->frame, "d:0"));
  }
}

/* A unit's word in a facility's name ("Kerugoya county referral hospital",
 * "the Charsadda District Headquarters Hospital") names where the hurt were
 * taken, not a unit the event is placed in. */
static void
test_facility_units (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Toxic brew kills 14 in central Kenya\n"
                   "Fourteen people died after drinking a toxic brew in Kirinyaga county, and "
                   "others were taken to Kerugoya county referral hospital, police said. The "
                   "wounded of a second incident lay in the Charsadda District Headquarters "
                   "Hospital.",
                   T0);

  g_autoptr (VigilStorySignature) comma
      = signature ("Floods kill five in Kenya\n"
                   "Floods killed five in Kirinyaga county, hospital officials said.",
                   T0);

  g_assert_true (has_key (s->units, "c:kirinyaga"));
  g_assert_false (has_key (s->units, "c:kerugoya"));
  g_assert_false (has_key (s->units, "d:charsadda"));
  /* a comma between: the county is where it happened */
  g_assert_true (has_key (comma->units, "c:kirinyaga"));
  /* an office's title names no district ("Resident District Commissioner") */
  {
    g_autoptr (VigilStorySignature) title
        = signature ("Rebels kill 11 in night raid\n"
                     "Rebels killed 11 people in a night raid, local leaders said. Resident "
                     "District Commissioner Joseph Opio said the attackers fled.",
                     T0);
    g_autoptr (VigilStorySignature) chief
        = signature ("Flood sweeps away workers\n"
                     "A flood swept away seven workers at a hydropower camp, police said. Chief "
                     "District Officer Ram Thapa said the search would resume.",
                     T0);
    g_assert_false (has_key (title->units, "d:resident"));
    g_assert_false (has_key (chief->units, "d:chief"));
  }
}

/* The agency of a dateline, in its parentheses, is the wire that filed the
 * report: no place of the event ("Xinhua" is also a town of Yunnan). */
static void
test_dateline_agency (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Landslide buries homes in Yemen's Raymah\n"
                   "SANAA (Xinhua) - A landslide buried several houses in Yemen's western "
                   "province of Raymah on Wednesday, killing at least six people.",
                   T0);

  g_autoptr (VigilStorySignature) dated
      = signature ("Landslide buries homes in Raymah\n"
                   "SANAA, March 3 (Xinhua) -- A landslide buried several houses in the "
                   "western province of Raymah on Wednesday, killing at least six people.",
                   T0);
  g_autoptr (VigilStorySignature) country
      = signature ("Landslide buries homes in Raymah\n"
                   "SANAA (Yemen) - A landslide buried several houses in the mountains on "
                   "Wednesday, killing at least six people.",
                   T0);

  g_assert_true (has_key (s->countries, "YE"));
  g_assert_false (has_key (s->countries, "CN"));
  g_assert_false (has_key (s->city_regions, "CN-YN"));
  /* a date after the town and a comma; a country in the parentheses stays */
  g_assert_false (has_key (dated->countries, "CN"));
  g_assert_false (has_key (dated->city_regions, "CN-YN"));
  g_assert_true (has_key (country->countries, "YE"));
}

/* A city of a country the report never names, in a report that names
 * another ("Beni" in Nepal's Myagdi district, not the city of Congo's North
 * Kivu): no country of its own, and no province of that country either. */
static void
test_foreign_city (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Myagdi landslide toll rises to 11\n"
                   "Rescue workers in Nepal's Myagdi district recovered the last four people "
                   "missing after a landslide flattened homes near Beni, police said.",
                   T0);

  g_assert_true (has_key (s->countries, "NP"));
  g_assert_false (has_key (s->countries, "CD"));
  g_assert_false (has_key (s->city_regions, "CD-NK"));
}

/* A state named as the one that acts ("Lebanon says"), which the tagger may
 * take for an organisation, is a country: no specific actor two reports of
 * different events there share. */
static void
test_state_as_actor (void)
{
  g_autoptr (VigilStorySignature) s
      = signature ("Israeli strike kills two near Tyre\n"
                   "An Israeli drone hit a car near Tyre on Saturday, killing two people. "
                   "Lebanon says the strikes violate the truce.",
                   T0);
  gboolean found = FALSE;

  for (guint i = 0; i < s->entities->len; i++)
    {
      Feature *f = &g_array_index (s->entities, Feature, i);
      if (g_str_equal (f->key, "Lebanon"))
        {
          found = TRUE;
          g_assert_false (f->specific);
        }
    }
  g_assert_true (found);
}

/* A name the lists give a town and its province is the province when the
 * text says so ("Tillaberi region"): a report of a town of that province
 * is then of a place inside it, not of another town. */
static void
test_named_province (void)
{
  g_autoptr (VigilStorySignature) a
      = signature ("Niger: 17 soldiers killed in attack on army post in Tillaberi region\n"
                   "Suspected jihadists killed 17 soldiers in an attack on an army post in "
                   "Niger's Tillaberi region before dawn on Thursday, security sources said. "
                   "Hundreds of assailants on motorbikes stormed the post.",
                   T0);
  g_autoptr (VigilStorySignature) b
      = signature ("Defence ministry says 19 troops died in Ayorou assault\n"
                   "Nineteen soldiers were killed when gunmen on motorbikes overran a military "
                   "post at Ayorou on Thursday, Niger's defence ministry said. The attackers "
                   "withdrew towards the Malian border.",
                   T0 + 6 * HOUR);

  /* "about 200 km north of Niamey": a landmark, not the place */
  g_autoptr (VigilStorySignature) landmark
      = signature ("Soldiers killed at remote post\n"
                   "Gunmen killed 12 soldiers at a post in Ayorou, about 200 km north of Niamey, "
                   "on Thursday.",
                   T0);
  g_autoptr (VigilStorySignature) capital
      = signature ("Soldiers killed in capital\n"
                   "Gunmen killed 12 soldiers at a post in Niamey on Thursday.",
                   T0);

  /* Once called a region, the name is the region wherever the report
   * names it, though the lists know a town of the name too. */
  g_autoptr (VigilStorySignature) again
      = signature ("Gunmen ambush army convoy in western Niger\n"
                   "Militants ambushed an army convoy in the Tillaberi region on Tuesday. "
                   "Tillaberi, which borders Mali and Burkina Faso, is a stronghold of armed "
                   "groups.",
                   T0);

  g_autoptr (VigilStorySignature) unplaced
      = signature ("Malawi mourns flood victims\n"
                   "Malawi's president Lazarus Chakwera declared a state of disaster after "
                   "floods. Blantyre was the worst hit, with 40 dead.",
                   T0);

  /* A name the lists do not know, written as a first-level division ("in
   * Salahuddin province"), is that province by its name wherever the
   * report names it, not an actor the other report may share. */
  g_autoptr (VigilStorySignature) unlisted
      = signature ("Roadside bomb kills two soldiers near Balad\n"
                   "Two Iraqi soldiers were killed when a roadside bomb hit their vehicle near "
                   "Balad in Salahuddin province on Thursday morning. Salahuddin's police chief "
                   "said the road was closed.",
                   T0);
  gboolean province_named = FALSE;

  for (guint i = 0; i < unlisted->regions->len; i++)
    province_named |= g_str_equal (g_array_index (unlisted->regions, Feature, i).key, "Salahuddin");
  g_assert_true (province_named);
  for (guint i = 0; i < unlisted->entities->len; i++)
    {
      const Feature *f = &g_array_index (unlisted->entities, Feature, i);
      g_assert_false (f->specific && g_str_equal (f->key, "Salahuddin"));
    }
  g_assert_cmpuint (a->named_regions->len, ==, 1);
  g_assert_cmpuint (a->city_regions->len, ==, 0);
  g_assert_cmpuint (again->named_regions->len, ==, 1);
  g_assert_cmpuint (again->city_regions->len, ==, 0);
  /* A town the analysis placed in no country lies in the report's. */
  g_assert_cmpuint (unplaced->city_regions->len, ==, 1);
  g_assert_cmpstr (g_array_index (unplaced->city_regions, Feature, 0).key, ==, "MW-S");
  g_assert_cmpuint (landmark->city_regions->len, ==, 1); /* Ayorou's, not Niamey's */
  g_assert_cmpuint (capital->city_regions->len, ==, 1);
  g_assert_cmpstr (g_array_index (landmark->city_regions, Feature, 0).key, !=,
                   g_array_index (capital->city_regions, Feature, 0).key);
  g_assert_cmpfloat (vigil_story_signature_similarity (a, b), >=, VIGIL_STORY_SAME_EVENT);
}

/* The story tests that are only a table (assert_story_case()). */
static const StoryCase story_cases[] = {
  /* The event's frame: who was hit, by what, where, in outlets' own words
   * ("troops" and "soldiers", "explosive device" and "roadside bomb"). A
   * rewrite that agrees with a report's frame is nearer to it than the same
   * text with another victim and weapon; two incidents of one town and one day
   * with different frames (a bar shooting, a market bombing) are not one event. */
  {
      "/cluster/event-frame",
      {
          { "Roadside bomb kills five soldiers near Gao\n"
            "GAO, Mali - A roadside bomb struck an army convoy near Gao on Tuesday, killing five "
            "soldiers and wounding eight, military sources said. The convoy was escorting fuel "
            "trucks.",
            0 },
          { "Five Malian troops die as explosive device hits convoy\n"
            "An explosive device tore through a military convoy outside Gao on Tuesday, killing "
            "five "
            "troops, the army said. Eight were hurt.",
            1 },
          { "Five Malian villagers die as gunmen hit bus\n"
            "Gunmen tore through a bus outside Gao on Tuesday, killing five villagers, the army "
            "said. Eight were hurt.",
            1 },
          { "Gunmen kill four at a bar in Kano\n"
            "KANO, Nigeria - Gunmen burst into a bar in the Sabon Gari district of Kano on "
            "Saturday night and opened fire, killing four customers, police said.",
            0 },
          { "Bomb blast at Kano market kills four\n"
            "A bomb exploded at a crowded market in Kano on Saturday evening, killing "
            "four people and wounding eleven, a police spokesman said.",
            1 },
      },
      { { 3, 4, TWO_EVENTS } },
      .nearer = { { 0, 1, 2, 3 } },
  },
  /* An updated toll ("nine", later "11") is a little evidence of one event; a
   * count far from the other's is none. */
  {
      "/cluster/updated-toll",
      {
          { "Car bomb kills 9 at checkpoint in Beledweyne\n"
            "A car bomb exploded at a checkpoint in Beledweyne on Sunday, killing nine "
            "people, police said. Al-Shabaab claimed the attack.",
            0 },
          { "Beledweyne checkpoint bombing toll rises to 11\n"
            "The toll from Sunday's car bombing at a checkpoint in Beledweyne rose to "
            "11, a hospital official said, as traders buried the dead.",
            1 },
          { "Beledweyne checkpoint bombing toll rises to 40\n"
            "The toll from Sunday's car bombing at a checkpoint in Beledweyne rose to "
            "40, a hospital official said, as traders buried the dead.",
            1 },
      },
      .nearer = { { 0, 1, 2, 0.3 } },
  },
  /* Two shootings in one city on one day, written alike, with twelve dead in
   * one and two in the other published an hour later: tolls do not fall so,
   * the counts are evidence against. An update a day later may be larger. */
  {
      "/cluster/tolls-differ",
      {
          { "Gunmen kill two at bar in Leon\n"
            "Gunmen opened fire in a bar in the Mexican city of Leon on Sunday, killing "
            "two people, state prosecutors said. The attackers fled in a pickup truck.",
            0 },
          { "Twelve killed as gunmen attack bar in Leon\n"
            "Twelve people were killed when gunmen burst into a bar in Leon, Mexico, "
            "on Sunday, prosecutors said. The gunmen escaped in a truck.",
            -1 },
          { "Twelve killed as gunmen attack bar in Leon\n"
            "Twelve people were killed when gunmen burst into a bar in Leon, Mexico, "
            "on Sunday, prosecutors said. The gunmen escaped in a truck.",
            20 },
      },
      .nearer = { { 0, 2, 1, 0.3 } },
  },
  /* Reports published within hours of each other that put their events on
   * days two apart, or in a morning and an evening: two events. A report a day
   * later names the day of its update. */
  {
      "/cluster/times-differ",
      {
          { "Car bomb hits checkpoint in Beledweyne\n"
            "A car bomb exploded at a checkpoint in Beledweyne on Thursday morning, "
            "police said. Al-Shabaab claimed the attack.",
            0 },
          { "Car bomb hits checkpoint in Beledweyne\n"
            "A car bomb went off at a checkpoint in Beledweyne on Saturday evening, "
            "officials said. Al-Shabaab said it carried out the attack.",
            1 },
          { "Car bomb hits checkpoint in Beledweyne\n"
            "A car bomb went off at a checkpoint in Beledweyne on Thursday "
            "morning, officials said. Al-Shabaab said it carried out the "
            "attack.",
            1 },
      },
      .nearer = { { 0, 2, 1, 5 } },
  },
  /* A town the lists do not know in one report and only its province in the
   * other: no place in common, yet the same event when the two agree on its
   * frame (a car bomb at a market) in one country; a shooting at a checkpoint
   * of the same country is not it. */
  {
      "/cluster/frame-opens-gate",
      {
          { "Car bomb kills 12 at market in Syria's Tal Shaair\n"
            "A car bomb exploded at a crowded market in the town of Tal Shaair in Syria on "
            "Wednesday, killing 12 people, civil defence workers said. There was no claim of "
            "responsibility.",
            0 },
          { "Syria: blast at market in north Aleppo countryside kills 14\n"
            "At least 14 people were killed when a vehicle packed with explosives blew up at a "
            "busy "
            "market in the northern Aleppo countryside on Wednesday, Syria's interior ministry "
            "said.",
            3 },
          { "Gunmen kill four at checkpoint in Syria's Tal Shaair\n"
            "Gunmen opened fire on a checkpoint near Tal Shaair in Syria on Wednesday, killing "
            "four "
            "guards, a war monitor said.",
            3 },
      },
      { { 0, 1, ONE_EVENT }, { 1, 2, TWO_EVENTS } },
      /* The clusterer's index finds the story by the country and the frame. */
      { ADD (0, 1, 0), FIND (1, 1), FIND (2, 0) },
  },
  /* Not when the places the lists know disagree: a car bomb at a market in
   * Aleppo and one at a market in the Rif Dimashq province the same day agree
   * on the frame, yet Aleppo is no town of that province. */
  {
      "/cluster/frame-other-province",
      {
          { "Car bomb kills 9 at market in Syria's Aleppo\n"
            "A car bomb exploded at a crowded market in Aleppo, Syria, on Wednesday, killing nine "
            "people, civil defence workers said.",
            0 },
          { "Syria: car bomb at market in Rif Dimashq province kills 11\n"
            "At least 11 people were killed when a car bomb exploded at a market in Syria's Rif "
            "Dimashq province on Wednesday, the interior ministry said.",
            1 },
      },
      { { 0, 1, TWO_EVENTS } },
  },
};

/* A factory, a workshop or a warehouse is what was hit; what it makes
 * ("a garment factory", "a knitwear plant", "a plastic recycling factory")
 * sets two of them apart, and outlets name it alike. */
static void
test_factory_kind (void)
{
  g_autoptr (VigilStorySignature) garment
      = signature ("Six killed in garment factory fire\n"
                   "Six workers died when fire broke out at a garment factory near the city on "
                   "Monday, officials said.",
                   T0);
  g_autoptr (VigilStorySignature) knitwear
      = signature ("Toll in factory blaze rises to nine\n"
                   "Nine people are now confirmed dead after a fire tore through a knitwear "
                   "plant near the city, doctors said.",
                   T0 + 10 * HOUR);
  g_autoptr (VigilStorySignature) plastic
      = signature ("Worker killed in factory fire\n"
                   "One worker was killed when fire broke out at a plastic recycling factory in "
                   "the city on Monday morning, officials said.",
                   T0);
  g_autoptr (VigilStorySignature) fabric
      = signature ("Market fire\n"
                   "A fire destroyed stalls selling fabric and plastic goods at the market on "
                   "Monday.",
                   T0);
  PairFeatures same, other;

  g_assert_true (has_frame (garment, "p:factory"));
  g_assert_true (has_frame (garment, "f:garment"));
  g_assert_true (has_frame (knitwear, "f:garment"));
  g_assert_true (has_frame (knitwear, "p:factory"));
  g_assert_true (has_frame (plastic, "f:plastic"));
  g_assert_false (has_frame (fabric, "f:plastic"));
  g_assert_false (has_frame (fabric, "p:factory"));
  /* a verb, and a product word of another clause */
  {
    g_autoptr (VigilStorySignature) verb
        = signature ("Two held over bomb plot\n"
                     "Police arrested two men who tried to plant a bomb at the bus station.",
                     T0);
    g_autoptr (VigilStorySignature) paper
        = signature ("Fire at factory\n"
                     "A fire broke out at a factory on Monday; the paper said the plant had no "
                     "fire exits.",
                     T0);
    g_assert_false (has_frame (verb, "p:factory"));
    g_assert_false (has_frame (paper, "f:paper"));
  }
  cluster_pair_features (garment, knitwear, NULL, &same);
  cluster_pair_features (garment, plastic, NULL, &other);
  g_assert_cmpuint (same.frame_conflict, ==, 0);
  g_assert_cmpuint (other.frame_conflict, >=, 1);
}

/* "Borno State", "Lamu County" taken whole for a name are the province the
 * lists know by its head ("Borno", "Lamu"); "near the Cameroon border"
 * places the event in no other country. */
static void
test_province_with_kind (void)
{
  g_autoptr (VigilStorySignature) a
      = signature ("Gunmen kill nine in Borno\n"
                   "Gunmen killed nine people in a raid on a village in Nigeria's Borno state on "
                   "Monday, police said.",
                   T0);
  g_autoptr (VigilStorySignature) b
      = signature ("Toll rises to 14 in Borno raid\n"
                   "The number of people killed when gunmen stormed a village near the Cameroon "
                   "border in Borno State has risen to 14, a community leader said.",
                   T0 + 20 * HOUR);
  g_autoptr (VigilStorySignature) c
      = signature ("Officer dies after bomb attack\n"
                   "A police officer died of injuries sustained when a bomb hit a vehicle in Lamu "
                   "County on Monday, police said.",
                   T0);
  const char *why = NULL;

  g_assert_true (has_key (b->named_regions, "NG-BO"));
  g_assert_true (has_key (c->named_regions, "KE-21"));
  /* a county of the United States is no state */
  {
    g_autoptr (VigilStorySignature) us
        = signature ("Shooting in Oregon\n"
                     "Two people were shot dead in Washington County, Oregon, on Monday, the "
                     "sheriff said.",
                     T0);
    g_assert_false (has_key (us->named_regions, "US-WA"));
  }
  g_assert_false (has_key (b->lead_countries, "CM"));
  cluster_similarity_why (a, b, NULL, &why);
  g_assert_true (why == NULL || !g_str_equal (why, "countries of the leads differ"));
}

/* A day or part of one given to the aftermath before its verb ("on Thursday
 * buried their dead") or to a count's update ("rose to 11 on Sunday
 * evening") is not the event's time; the event's own stays ("were killed on
 * Sunday evening", "waters rose on Sunday evening"). */
static void
test_update_times (void)
{
  g_autoptr (VigilStorySignature) buried
      = signature ("Village mourns its dead\n"
                   "Residents of the village on Thursday buried their dead after rebels "
                   "stormed it at night, killing 11 people, local leaders said.",
                   T0);
  g_autoptr (VigilStorySignature) rose
      = signature ("Toll from car bomb rises\n"
                   "The number of people killed by a car bomb in the town rose to 11 on Sunday "
                   "evening, a monitor said.",
                   T0);
  g_autoptr (VigilStorySignature) killed
      = signature ("Car bomb kills 11\n"
                   "Eleven people were killed by a car bomb in the town on Sunday evening, a "
                   "monitor said.",
                   T0);
  g_autoptr (VigilStorySignature) flood
      = signature ("River floods town\n"
                   "The river's waters rose on Sunday evening and flooded hundreds of homes in "
                   "the town, officials said.",
                   T0);

  g_assert_false (has_frame (buried, "d:4"));
  g_assert_false (has_frame (rose, "d:0"));
  g_assert_false (has_frame (rose, "u:3"));
  g_assert_true (has_frame (killed, "d:0"));
  g_assert_true (has_frame (killed, "u:3"));
  g_assert_true (has_frame (flood, "u:3"));
}

/* A fire that broke out, spread or gutted something, or that something
 * caught, is the frame's hazard as a blaze is; "opened fire" and the "fire
 * service" are not. */
static void
test_fire_hazard (void)
{
  static const char *const fires[] = {
    "Fire at Lagos market\nA fire broke out at a market in Lagos on Monday, officials said.",
    "Tanker explodes in Kano\nA fuel tanker caught fire on a highway in Kano on Monday.",
    "Homes burn in Dhaka slum\nFire swept through a slum in Dhaka on Monday night.",
  };
  static const char *const no_fires[] = {
    "Gunmen kill three in Kano\nGunmen opened fire on a market in Kano on Monday, police said.",
    "Building collapses in Lagos\nA building collapsed in Lagos on Monday, the fire service "
    "said.",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fires); i++)
    {
      g_autoptr (VigilStorySignature) s = signature (fires[i], T0);
      g_assert_true (has_key (s->frame, "h:fire"));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (no_fires); i++)
    {
      g_autoptr (VigilStorySignature) s = signature (no_fires[i], T0);
      g_assert_false (has_key (s->frame, "h:fire"));
    }
}

int
main (int argc, char *argv[])
{
  cluster_test_init (&argc, &argv);
  add_story_cases (story_cases, G_N_ELEMENTS (story_cases));
  g_test_add_data_func ("/cluster/tolls", tolls, test_reads_cases);
  g_test_add_data_func ("/cluster/tolls-words", tolls_words, test_reads_cases);
  g_test_add_data_func ("/cluster/frame-senses", frame_senses, test_reads_cases);
  g_test_add_data_func ("/cluster/frame-words", frame_words, test_reads_cases);
  g_test_add_data_func ("/cluster/clock-hours", clock_hours, test_reads_cases);
  g_test_add_data_func ("/cluster/clock", &clock_story, test_story_case);
  g_test_add_data_func ("/cluster/clock-part", &clock_part_story, test_story_case);
  g_test_add_data_func ("/cluster/clock-over-part", &clock_over_part_story, test_story_case);
  g_test_add_data_func ("/cluster/days-parts", &days_parts_story, test_story_case);
  g_test_add_data_func ("/cluster/days-clocks", &days_clocks_story, test_story_case);
  g_test_add_data_func ("/cluster/duration", &duration_story, test_story_case);
  g_test_add_data_func ("/cluster/duration-days", &duration_days_story, test_story_case);
  g_test_add_data_func ("/cluster/rescue-hours", &rescue_hours_story, test_story_case);
  g_test_add_data_func ("/cluster/happened-after", &happened_after_story, test_story_case);
  g_test_add_data_func ("/cluster/provinces", &provinces_story, test_story_case);
  g_test_add_data_func ("/cluster/lead-countries", &lead_countries_story, test_story_case);
  g_test_add_data_func ("/cluster/victims", &victims_story, test_story_case);
  g_test_add_data_func ("/cluster/district-spellings", &district_spellings_story, test_story_case);
  g_test_add_data_func ("/cluster/lead-provinces", &lead_provinces_story, test_story_case);
  g_test_add_data_func ("/cluster/province-towns", &province_towns_story, test_story_case);
  g_test_add_data_func ("/cluster/english-provinces", &english_provinces_story, test_story_case);
  g_test_add_data_func ("/cluster/came-after", &came_after_story, test_story_case);
  g_test_add_data_func ("/cluster/districts", &districts_story, test_story_case);
  g_test_add_data_func ("/cluster/sub-units", &sub_units_story, test_story_case);
  g_test_add_data_func ("/cluster/regencies", &regency_story, test_story_case);
  g_test_add_data_func ("/cluster/zones", &zone_story, test_story_case);
  g_test_add_func ("/cluster/zone-words", test_zone_words);
  g_test_add_data_func ("/cluster/local-government-areas", &lga_story, test_story_case);
  g_test_add_data_func ("/cluster/blast-and-fire", &blast_and_fire_story, test_story_case);
  g_test_add_func ("/cluster/state-as-actor", test_state_as_actor);
  g_test_add_func ("/cluster/means", test_means);
  g_test_add_func ("/cluster/fire-hazard", test_fire_hazard);
  g_test_add_func ("/cluster/cause-conflict", test_cause_conflict);
  g_test_add_func ("/cluster/other-incident", test_other_incident);
  g_test_add_func ("/cluster/departure", test_departure);
  g_test_add_func ("/cluster/armed-service", test_armed_service);
  g_test_add_func ("/cluster/based-in", test_based_in);
  g_test_add_func ("/cluster/possessive-country", test_possessive_country);
  g_test_add_func ("/cluster/country-after", test_country_after);
  g_test_add_func ("/cluster/foreign-city", test_foreign_city);
  g_test_add_func ("/cluster/parts-meet", test_parts_meet);
  g_test_add_func ("/cluster/midnight-ends-day", test_midnight_ends_day);
  g_test_add_func ("/cluster/township-sounds", test_township_sounds);
  g_test_add_func ("/cluster/dateline-agency", test_dateline_agency);
  g_test_add_func ("/cluster/nationals", test_nationals);
  g_test_add_func ("/cluster/facility-units", test_facility_units);
  g_test_add_func ("/cluster/aftermath-times", test_aftermath_times);
  g_test_add_func ("/cluster/update-times", test_update_times);
  g_test_add_func ("/cluster/factory-kind", test_factory_kind);
  g_test_add_func ("/cluster/province-with-kind", test_province_with_kind);
  g_test_add_func ("/cluster/province-in-name", test_province_in_name);
  g_test_add_func ("/cluster/province-spelt-otherwise", test_province_spelt_otherwise);
  g_test_add_func ("/cluster/named-province", test_named_province);
  return cluster_test_run ();
}
