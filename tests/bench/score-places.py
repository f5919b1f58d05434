#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Places found by `vigil-cli tag` on text the team did not write: for the dev
documents of the news-like corpora in the shared corpora folder (docs/NAME.txt and
NAME.gold.json, see its README.md), the distinct location names of each document
against the gold's, counted over all documents; prints precision, recall and F1 per
corpus. Run by hand:

    tests/bench/score-places.py _build/src/vigil-cli ../shared/corpora [-v]

-v lists each document's false positives and misses. The dev documents are those
the corpora's LICENSE-NOTES.md mark as dev (gum-wikinews-en, re3d-open-en) and, for
uner-pud-en, the documents of its dev.conll."""
import glob
import json
import os
import re
import subprocess
import sys

CORPORA = ("gum-wikinews-en", "uner-pud-en", "re3d-open-en")


def first_words(text):
    return re.sub(r"\s+", "", text)[:40]


def dev_docs(root, corpus):
    docs = os.path.join(root, corpus, "docs")
    if corpus != "uner-pud-en":
        notes = open(os.path.join(root, corpus, "LICENSE-NOTES.md"), encoding="utf-8").read()
        return [os.path.join(docs, n + ".txt") for n in re.findall(r"^- `([^`]+)` \(dev", notes, re.M)]
    # uner-pud-en: the documents of dev.conll, found by their first words
    by_start = {first_words(open(t, encoding="utf-8").read()): t
                for t in sorted(glob.glob(os.path.join(docs, "*.txt")))}
    starts, words = [], []
    for line in open(os.path.join(root, corpus, "dev.conll"), encoding="utf-8"):
        word = line.split("\t")[0].strip()
        if word == "-DOCSTART-":
            if words:
                starts.append("".join(words)[:40])
            words = []
        elif word:
            words.append(word)
    if words:
        starts.append("".join(words)[:40])
    return [by_start[s] for s in starts]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cli, root = sys.argv[1], sys.argv[2]
    verbose = "-v" in sys.argv[3:]
    print("| corpus | documents | TP | FP | FN | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for corpus in CORPORA:
        tp = fp = fn = 0
        docs = dev_docs(root, corpus)
        for txt in docs:
            gold = set(json.load(open(txt[:-4] + ".gold.json", encoding="utf-8")).get("location", []))
            out = subprocess.run([cli, "tag", txt], capture_output=True, text=True, check=True).stdout
            found = {e["text"] for e in json.loads(out)["entities"] if e["type"] == "location"}
            tp += len(found & gold)
            fp += len(found - gold)
            fn += len(gold - found)
            if verbose and found != gold:
                print(f"# {os.path.basename(txt)}: false positives {sorted(found - gold)}, "
                      f"missed {sorted(gold - found)}")
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {corpus} | {len(docs)} | {tp} | {fp} | {fn} | {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
