#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parses every XML file of a directory with feedparser (Debian's python3-feedparser),
from memory, and prints "<items> <seconds> <CPU seconds>" (the best of ROUNDS rounds,
default 1) for bench-feeds to compare against."""
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
best = None
best_cpu = None
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 1):
    start = time.perf_counter()
    cpu = time.process_time()
    items = 0
    for blob in blobs:
        items += len(feedparser.parse(blob).entries)
    took = time.perf_counter() - start
    cpu = time.process_time() - cpu
    best = took if best is None else min(best, took)
    best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
print(items, best, best_cpu)
