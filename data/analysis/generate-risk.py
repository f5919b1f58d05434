#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes risk-terms.tsv from risk-lexicon.txt: every lemma with the inflections
that a small rule set (English, French, Spanish) and an exception list give; and
word-forms.tsv, the inflections of each one-word lemma (and of each verb that
heads a phrase) by its word class, which the query language matches for a bare
word (src/alerts/vigil-alert-query.c): one rule set for the lexicon and queries.

Usage: generate-risk.py [LEXICON [OUTPUT [FORMS]]]   (defaults: the files beside this
script; FORMS defaults to word-forms.tsv beside OUTPUT)

A lexicon line is: FORMS | WEIGHT [| UNLESS NEXT [| UNLESS PREV [| UNLESS NEAR]]]
under a "[category]" line (fields separated by "|", spaces around them ignored).
FORMS is a comma-separated list of LEMMA/CLASS; "{a;b}" in a lemma gives one lemma
for each choice ("{seized;boarded} {a ;}ship" = "seized a ship", "seized ship"...):

  n    English noun: singular and plural (the last word of a phrase: "car bomb")
  n1   as written only (a plural noun, a fixed phrase: "do not travel")
  v    English verb: base, -s, past, past participle, -ing (the first word of a
       phrase: "draw down" -> "drew down")
  vp   English verb, past and past participle only ("injured", not "injure")
  vpi  English verb, past, past participle and -ing
  vt   English verb without its base: -s, past, past participle, -ing
  sv   English subject and verb: the first word as written, the verb phrase after it
       with -s, past, past participle and -ing ("bus plunge" -> "bus plunges",
       "bus plunged", "bus plunging")
  fn   French noun: singular and plural
  fa   French adjective or participle: masculine, feminine, singular, plural
  fv   French -er verb: the past participle in four forms ("tué, tuée, tués, tuées")
  en   Spanish noun: singular and plural
  ea   Spanish adjective or participle: -o, -a, -os, -as

The same form given twice (after folding case and diacritics, as Vigil matches)
keeps its first line."""

import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# Irregular English verbs: base -> (past, past participle). The -s and -ing
# forms follow the rules.
IRREGULAR_VERBS = {
    "shoot": ("shot", "shot"),
    "flee": ("fled", "fled"),
    "sink": ("sank", "sunk"),
    "blow": ("blew", "blown"),
    "draw": ("drew", "drawn"),
    "hit": ("hit", "hit"),
    "seize": ("seized", "seized"),
    "die": ("died", "died"),
    "fight": ("fought", "fought"),
    "stab": ("stabbed", "stabbed"),
    "take": ("took", "taken"),
    "break": ("broke", "broken"),
    "burst": ("burst", "burst"),
    "burn": ("burned", "burnt"),
    "set": ("set", "set"),
    "shut": ("shut", "shut"),
    "cut": ("cut", "cut"),
    "leave": ("left", "left"),
    "kidnap": ("kidnapped", "kidnapped"),
    "fall": ("fell", "fallen"),
    "skid": ("skidded", "skidded"),
    "withdraw": ("withdrew", "withdrawn"),
    "fly": ("flew", "flown"),
    "lose": ("lost", "lost"),
    "go": ("went", "gone"),
}
# -ing forms the rules get wrong.
IRREGULAR_ING = {"die": "dying", "flee": "fleeing", "stab": "stabbing", "hit": "hitting",
                 "set": "setting", "shut": "shutting", "cut": "cutting", "kidnap": "kidnapping",
                 "skid": "skidding"}
# English plurals the rules get wrong; None: no plural.
IRREGULAR_PLURALS = {"fatality": "fatalities", "casualty": "casualties", "militia": "militias",
                     "crisis": "crises", "famine": "famines", "mpox": None, "cholera": None,
                     "ebola": None, "measles": None, "gunfire": None, "unrest": None,
                     "artillery": None, "shelling": "shellings", "tear gas": None,
                     "martial law": None, "looting": None, "bloodshed": None,
                     "gunman": "gunmen", "crossfire": None, "arson": None, "piracy": None,
                     "dengue": None, "bird flu": None, "avian influenza": None,
                     "marburg virus": None}
FRENCH_PLURALS = {"obus": "obus", "décès": "décès", "blessé": "blessés", "tir": "tirs",
                  "otage": "otages", "feu": "feux", "mort": "morts",
                  # uncountable: no plural
                  "artillerie": None, "choléra": None, "rougeole": None, "piraterie": None}


def folded(form):
    """As Vigil matches it: case and diacritics folded ("explosión" = "explosion")."""
    decomposed = unicodedata.normalize("NFD", form.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def en_add_s(word, takes_es):
    """word + "es" when it ends as takes_es says, -y after a consonant to
    -ies, else + "s" (a plural or a third person)."""
    if re.search(takes_es, word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def en_plural(word):
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    return en_add_s(word, r"(s|x|z|ch|sh)$")


def en_third(word):
    return en_add_s(word, r"(s|x|z|ch|sh|o)$")


def en_past(word):
    if word in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[word]
    if word.endswith("e"):
        past = word + "d"
    elif re.search(r"[^aeiou]y$", word):
        past = word[:-1] + "ied"
    else:
        past = word + "ed"
    return past, past


def en_ing(word):
    if word in IRREGULAR_ING:
        return IRREGULAR_ING[word]
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith("ee"):
        return word[:-1] + "ing"
    return word + "ing"


def en_noun(phrase):
    if phrase in IRREGULAR_PLURALS:
        plural = IRREGULAR_PLURALS[phrase]
    else:
        words = phrase.split(" ")
        plural = " ".join(words[:-1] + [en_plural(words[-1])])
    return [phrase] + ([plural] if plural else [])


def en_verb(phrase, which):
    words = phrase.split(" ")
    head, rest = words[0], words[1:]
    past, participle = en_past(head)
    forms = {"base": head, "third": en_third(head), "past": past, "participle": participle,
             "ing": en_ing(head)}
    return [" ".join([forms[k]] + rest) for k in which]


def fr_noun(phrase):
    words = phrase.split(" ")
    head = words[0]  # "frappe de drone": the head noun comes first
    if head in FRENCH_PLURALS:
        plural = FRENCH_PLURALS[head]
    elif re.search(r"(s|x|z)$", head):
        plural = head
    elif re.search(r"(eau|eu)$", head):
        plural = head + "x"
    elif head.endswith("al"):
        plural = head[:-2] + "aux"
    else:
        plural = head + "s"
    if plural is None:
        return [phrase]
    out = [phrase, " ".join([plural] + words[1:])]
    # An adjective after the noun agrees with it: "frappes aériennes".
    if len(words) == 2 and words[1].endswith(("e", "é")) and "'" not in words[1]:
        out[1] = plural + " " + words[1] + "s"
    return out


def fr_adj(word):
    if word.endswith("e"):
        return [word, word + "s"]
    return [word, word + "e", word + "s", word + "es"]


def fr_verb(word):
    # -er verbs: the past participle, which news uses for casualties and arrests.
    stem = word[:-2]
    return fr_adj(stem + "é")


def es_noun(word):
    words = word.split(" ")
    head = words[0]
    if head.endswith(("a", "e", "i", "o", "u", "á", "é", "ó")):
        plural = head + "s"
    elif head.endswith("z"):
        plural = head[:-1] + "ces"
    elif head.endswith("s"):
        plural = head
    else:
        plural = head + "es"
    for a, b in (("ón", "on"), ("ín", "in"), ("án", "an"), ("én", "en"), ("és", "es")):
        if head.endswith(a) and plural.endswith("es") and plural != head:
            plural = head[: -len(a)] + b + "es"
    return [word, " ".join([plural] + words[1:])]


def es_adj(word):
    stem = word[:-1]
    return [stem + "o", stem + "a", stem + "os", stem + "as"]


def query_forms(spec):
    """(lemma, forms) a query word matches for one LEMMA/CLASS of the lexicon, or None.

    A query word stands for its whole word class: a verb the lexicon lists by its
    past forms only ("abduct/vp") still matches "abducts" and "abducting"; a noun
    matches its plural and not the verb forms ("rocket" is not "rocketed"). Only
    one-word lemmas, and the verb heading an English verb phrase ("draw down")."""
    lemma, _, klass = spec.strip().rpartition("/")
    if klass in ("v", "vp", "vpi", "vt"):
        head = lemma.split(" ")[0]
        return head, en_verb(head, ["base", "third", "past", "participle", "ing"])
    if " " in lemma:
        return None
    if klass == "n":
        return lemma, en_noun(lemma)
    if klass == "fn":
        return lemma, fr_noun(lemma)
    if klass == "fa":
        return lemma, fr_adj(lemma)
    if klass == "fv":
        return lemma, [lemma] + fr_verb(lemma)
    if klass == "en":
        return lemma, es_noun(lemma)
    if klass == "ea":
        return lemma, es_adj(lemma)
    return lemma, [lemma]


def alternatives(text):
    """"{seized|hijacked} {a |}ship" -> every choice: "seized a ship", "seized ship"..."""
    m = re.search(r"\{([^{}]*)\}", text)
    if not m:
        return [re.sub(r" +", " ", text).strip()]
    out = []
    for choice in m.group(1).split(";"):
        out += alternatives(text[: m.start()] + choice + text[m.end():])
    return out


def expand(spec):
    forms = []
    for one in alternatives(spec.strip()):
        forms += expand_one(one)
    return forms


def expand_one(spec):
    lemma, _, klass = spec.strip().rpartition("/")
    if not lemma:
        raise ValueError("no class in " + spec)
    if klass == "n":
        return en_noun(lemma)
    if klass == "n1":
        return [lemma]
    if klass == "v":
        return en_verb(lemma, ["base", "third", "past", "participle", "ing"])
    if klass == "vp":
        return en_verb(lemma, ["past", "participle"])
    if klass == "vt":
        return en_verb(lemma, ["third", "past", "participle", "ing"])
    if klass == "vpi":
        return en_verb(lemma, ["past", "participle", "ing"])
    if klass == "sv":
        subject, _, verb = lemma.partition(" ")
        return [subject + " " + form
                for form in dict.fromkeys(en_verb(verb, ["third", "past", "participle", "ing"]))]
    if klass == "fn":
        return fr_noun(lemma)
    if klass == "fa":
        return fr_adj(lemma)
    if klass == "fv":
        return fr_verb(lemma)
    if klass == "en":
        return es_noun(lemma)
    if klass == "ea":
        return es_adj(lemma)
    raise ValueError("unknown class " + klass)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "risk-lexicon.txt")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "risk-terms.tsv")
    forms_dst = (sys.argv[3] if len(sys.argv) > 3
                 else os.path.join(os.path.dirname(os.path.abspath(dst)), "word-forms.tsv"))
    seen = set()
    word_forms = {}  # folded lemma -> folded forms, in order
    rows = []
    counts = {}
    category = None
    with open(src, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = re.match(r"^\[([a-z-]+)\]$", line)
            if m:
                category = m.group(1)
                continue
            fields = [f.strip() for f in line.split("|")]
            if category is None or len(fields) < 2:
                sys.exit(f"{src}:{n}: expected FORMS<TAB>WEIGHT under a [category]")
            forms = []
            for spec in fields[0].split(","):
                forms += expand(spec)
                for one in alternatives(spec.strip()):
                    found = query_forms(one)
                    if found is None or not re.fullmatch(r"\w+", folded(found[0])):
                        continue
                    listed = word_forms.setdefault(folded(found[0]), [])
                    for form in [found[0]] + found[1]:
                        if folded(form) not in listed:
                            listed.append(folded(form))
            for form in forms:
                key = folded(form)
                if key in seen:
                    continue
                seen.add(key)
                rows.append([form, category, fields[1]] + fields[2:])
                counts[category] = counts.get(category, 0) + 1
    with open(dst, "w", encoding="utf-8") as out:
        out.write("# Risk lexicon, generated by generate-risk.py from risk-lexicon.txt: do not\n"
                  "# edit, edit the lexicon and run the script. Licence: CC0-1.0.\n"
                  "# Columns: term<TAB>category<TAB>weight (1-10; 10 makes an article critical)\n"
                  "# <TAB>unless followed by<TAB>unless preceded by<TAB>unless near: comma-\n"
                  "# separated words that, within the next three words, just before, or within\n"
                  "# ten words in the same sentence, mean the term is not a risk.\n")
        for row in rows:
            while len(row) > 3 and row[-1] == "":
                row.pop()
            out.write("\t".join(row) + "\n")
    with open(forms_dst, "w", encoding="utf-8") as out:
        out.write("# Word forms for the query language, generated by generate-risk.py from\n"
                  "# risk-lexicon.txt with the lexicon's inflection rules and exceptions: do\n"
                  "# not edit. Licence: CC0-1.0. A bare word of a query that is a lemma here\n"
                  "# matches the forms of its line (folded); other words match their plural.\n"
                  "# Columns: lemma<TAB>form<TAB>form...\n")
        for lemma in sorted(word_forms):
            out.write("\t".join([lemma] + [f for f in word_forms[lemma] if f != lemma]) + "\n")
    for c in sorted(counts):
        print(f"{c}\t{counts[c]}")
    print(f"total\t{len(rows)}")


if __name__ == "__main__":
    main()
