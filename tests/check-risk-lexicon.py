#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The risk lexicon: generate-risk.py inflects lemmas by its rules and exceptions,
and the committed risk-terms.tsv and word-forms.tsv (the query language's word
forms) are what it writes from risk-lexicon.txt.

Usage: check-risk-lexicon.py SOURCE_ROOT"""

import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
here = os.path.join(root, "data", "analysis")
script = os.path.join(here, "generate-risk.py")
failures = []


def generate(lexicon_text, forms=False):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "lexicon.txt")
        dst = os.path.join(tmp, "terms.tsv")
        forms_dst = os.path.join(tmp, "forms.tsv")
        with open(src, "w", encoding="utf-8") as f:
            f.write(lexicon_text)
        subprocess.run([sys.executable, script, src, dst, forms_dst], check=True,
                       stdout=subprocess.DEVNULL)
        with open(forms_dst if forms else dst, encoding="utf-8") as f:
            return [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]


# Rules and exceptions, one lemma each.
cases = {
    "injure/v": ["injure", "injures", "injured", "injuring"],
    "injury/n": ["injury", "injuries"],
    "missile/n": ["missile", "missiles"],
    "detonate/vpi": ["detonated", "detonating"],
    "flee/vpi": ["fled", "fleeing"],
    "shoot dead/vpi": ["shot dead", "shooting dead"],
    "kidnap/vpi": ["kidnapped", "kidnapping"],
    "die/vp": ["died"],
    "draw down/vt": ["draws down", "drew down", "drawn down", "drawing down"],
    "car bomb/n": ["car bomb", "car bombs"],
    "gunman/n": ["gunman", "gunmen"],
    "blesser/fv": ["blessé", "blessée", "blessés", "blessées"],
    "frappe aérienne/fn": ["frappe aérienne", "frappes aériennes"],
    "explosión/en": ["explosión", "explosiones"],
    "herido/ea": ["herido", "herida", "heridos", "heridas"],
    "{seized;boarded} {a ;}ship/n1": ["seized a ship", "seized ship", "boarded a ship",
                                      "boarded ship"],
}
for spec, expected in cases.items():
    rows = generate("[test]\n%s | 5 | the deal | heart | striker\n" % spec)
    forms = sorted(r[0] for r in rows)
    if forms != sorted(expected):
        failures.append("%s: %s, expected %s" % (spec, forms, sorted(expected)))
    for r in rows:
        if r[1:] != ["test", "5", "the deal", "heart", "striker"]:
            failures.append("%s: columns %s" % (spec, r[1:]))

# One form, one line: "explosión" folds to the "explosion" listed first.
rows = generate("[a]\nexplosion/n | 6 | in demand\n[b]\nexplosión/en | 3\n")
if [r[0] for r in rows if r[0] in ("explosión", "explosion")] != ["explosion"]:
    failures.append("folded duplicates kept: %s" % rows)

# A query word stands for its word class: every verb form, a noun's plural only.
query_cases = {
    "abduct/vp": ["abduct", "abducts", "abducted", "abducting"],
    "rocket/n": ["rocket", "rockets"],
    "draw down/vt": ["draw", "draws", "drew", "drawn", "drawing"],
    "enlèvement/fn": ["enlevement", "enlevements"],
    "enlever/fv": ["enlever", "enleve", "enlevee", "enleves", "enlevees"],
    "car bomb/n": None,
    "displaced/n1": ["displaced"],
}
for spec, expected in query_cases.items():
    rows = generate("[test]\n%s | 5\n" % spec, forms=True)
    got = rows[0] if rows else None
    if got != expected:
        failures.append("word forms of %s: %s, expected %s" % (spec, got, expected))

# The committed lists are the generated ones.
with open(os.path.join(here, "risk-lexicon.txt"), encoding="utf-8") as f:
    generated = generate(f.read())
with open(os.path.join(here, "risk-terms.tsv"), encoding="utf-8") as f:
    committed = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
if generated != committed:
    failures.append("risk-terms.tsv differs from what generate-risk.py writes from "
                    "risk-lexicon.txt: run data/analysis/generate-risk.py")
with open(os.path.join(here, "risk-lexicon.txt"), encoding="utf-8") as f:
    generated_forms = generate(f.read(), forms=True)
with open(os.path.join(here, "word-forms.tsv"), encoding="utf-8") as f:
    committed_forms = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
if generated_forms != committed_forms:
    failures.append("word-forms.tsv differs from what generate-risk.py writes from "
                    "risk-lexicon.txt: run data/analysis/generate-risk.py")

for f in failures:
    print("not ok:", f)
print("%d lemmas checked, %d terms in the lexicon" % (len(cases), len(committed)))
sys.exit(1 if failures else 0)
