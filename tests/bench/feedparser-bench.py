#!/usr/bin/python3
"""Parses every XML file of a directory with feedparser (Debian's python3-feedparser),
from memory, and prints "<items> <seconds>" for bench-feeds to compare against."""
import os
import sys
import time

import feedparser

directory = sys.argv[1]
blobs = []
for name in sorted(os.listdir(directory)):
    if not name.endswith(".xml"):  # feedparser 6 does not read JSON Feed
        continue
    with open(os.path.join(directory, name), "rb") as f:
        blobs.append(f.read())
start = time.perf_counter()
items = 0
for blob in blobs:
    items += len(feedparser.parse(blob).entries)
print(items, time.perf_counter() - start)
