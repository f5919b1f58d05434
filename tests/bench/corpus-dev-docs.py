#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the docs/NAME.txt files of a corpus folder (../shared/corpora layout)
that belong to its dev split, one path a line, for bag-of-names scoring on
text the tagger was not trained on.

A document is dev when its text is one of the documents of dev.conll (matched
on the letters and digits of its words, so spacing and punctuation do not
matter); LICENSE-NOTES.md marks the same documents "(dev". Folders whose
dev.conll has no document marks fall back on those notes."""
import glob
import os
import re
import sys


def letters(text):
    return re.sub(r"[\W_]+", "", text).lower()


def dev_documents(conll):
    docs, words = [], []
    for line in open(conll, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            if words:
                docs.append(letters(" ".join(words)))
            words = []
        elif line:
            words.append(line.rsplit("\t", 1)[0])
    if words:
        docs.append(letters(" ".join(words)))
    return docs


def main():
    folder = sys.argv[1]
    texts = sorted(glob.glob(os.path.join(folder, "docs", "*.txt")))
    dev = set(dev_documents(os.path.join(folder, "dev.conll")))
    chosen = [t for t in texts if letters(open(t, encoding="utf-8").read()) in dev]
    if not chosen:
        notes = open(os.path.join(folder, "LICENSE-NOTES.md"), encoding="utf-8").read()
        names = set(re.findall(r"^- `([^`]+)` \(dev", notes, re.M))
        chosen = [t for t in texts if os.path.basename(t)[:-4] in names]
    for t in chosen:
        print(t)


main()
