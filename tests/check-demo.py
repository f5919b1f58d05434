#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundled demo feeds (issue 20) are the team's own invented stories: no
news agency appears as their author or dateline, and none of the real
officials an earlier demo named in invented 2026 events comes back. The seed
article, real agency copy, stays in the tests with its provenance.

Usage: check-demo.py SOURCE_ROOT"""
import re
import sys
from pathlib import Path

AGENCIES = ["AFP", "Agence France-Presse", "Agence France Presse", "Reuters", "Associated Press",
            "(AP)", "AP News", "Xinhua", "Anadolu", "dpa", "Deutsche Presse-Agentur", "EFE",
            "ANSA", "Kyodo", "Yonhap", "TASS", "Interfax", "UPI", "United Press International",
            "PTI", "Press Trust of India", "Bernama", "Bloomberg", "Al Jazeera", "BBC", "CNN",
            "Shafaq", "Rudaw", "Kurdistan24", "NINA", "INA"]
REAL_OFFICIALS = ["Tueller", "Trump", "Jubouri", "al-Sudani", "Kadhimi", "Barzani"]

root = Path(sys.argv[1])
problems = []
files = sorted((root / "data" / "demo").iterdir())
for path in files:
    text = path.read_text(encoding="utf-8")
    for name in AGENCIES + REAL_OFFICIALS:
        # Whole words, in any case for the long names; acronyms as written.
        flags = 0 if name.isupper() or len(name) <= 5 else re.IGNORECASE
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text, flags):
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{path.name}:{line}: names {name!r}")
    if "CC0" not in text and path.suffix != ".opml":
        problems.append(f"{path.name}: no licence notice")
for p in problems:
    print(p)
print(f"{len(problems)} problems in {len(files)} demo files")
sys.exit(1 if problems or not files else 0)
