#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fit the story-grouping model (src/analysis/vigil-cluster-weights.h).

Story grouping first applies its rules that keep two reports apart (other
countries, other hours of one day, ...).  What one pair that no rule vetoed
has in common (names, places, words, numbers, the event's frame) is then
weighed by a model this script fits on the pairs of the halves the team has
looked at: gradient-boosted regression trees (scikit-learn's
GradientBoostingClassifier, log-loss), which weigh one input by another
(shared words count for more when the hours are close) as a logistic model
cannot:

    _build/tests/bench/bench-stories --features pairs.csv
    python3 tests/bench/fit-story-weights.py pairs.csv \\
        > src/analysis/vigil-cluster-weights.h

bench-stories never writes the pairs of the sealed halves (or of a half
scored with --half) into that file unless asked, so they stay for testing.
On stderr it prints the figures of leaving each half out in turn (fit on the
others, score the one left out) at thresholds around the one the app uses,
VIGIL_STORY_SAME_EVENT: those, and the sealed halves, are the honest
figures; the fit's own halves are not.  The trees' size and rate were
chosen the same way (6 December 2026, fifteenth session: against the
logistic model of before, leaving one half out of 92 found 3 to 5 in 100
more of the same-story pairs at each precision from 0.95 to 0.98).

The fit is deterministic (a fixed seed); the C side (vigil-cluster-
similarity.c) walks the trees as scikit-learn does, comparing each input as
a 32-bit float with the node's threshold.
"""

import csv
import os
import re
import subprocess
import sys
import tempfile
import textwrap

try:
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
except ImportError:  # the check is skipped (77) without numpy and scikit-learn
    np = None

TREES = 300
DEPTH = 3
RATE = 0.05
SUBSAMPLE = 0.8
MIN_LEAF = 5
SEED = 0


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"fit-story-weights.py: {path} holds no pairs")
    names = [k[3:] for k in rows[0] if k.startswith("in_")]
    x = np.array([[float(r["in_" + n]) for n in names] for r in rows])
    y = np.array([int(r["same"]) for r in rows])
    decided = np.array([r["decided"] for r in rows])
    half = np.array([r["half"] for r in rows])
    return names, x, y, decided, half


def fit(x, y):
    if len(x) == 0 or y.min() == y.max():
        sys.exit("fit-story-weights.py: no pairs of both kinds to fit on")
    model = GradientBoostingClassifier(
        n_estimators=TREES,
        max_depth=DEPTH,
        learning_rate=RATE,
        subsample=SUBSAMPLE,
        min_samples_leaf=MIN_LEAF,
        random_state=SEED,
    )
    model.fit(x, y)
    return model


def predict(model, x):
    return model.predict_proba(x)[:, 1]


def leave_one_half_out(x, y, decided, half):
    prob = np.zeros(len(y))
    train = decided == "model"
    for h in sorted(set(half)):
        out = half == h
        model = fit(x[train & ~out], y[train & ~out])
        prob[out] = predict(model, x[out])
    prob[decided == "veto"] = 0
    prob[decided == "near"] = 1
    print("left-out halves, pairwise (all pairs of a half, rules and model);", file=sys.stderr)
    print("F0.5 weighs precision first, as story grouping must:", file=sys.stderr)
    best = None
    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        grouped = prob >= t
        tp = int((grouped & (y == 1)).sum())
        fp = int((grouped & (y == 0)).sum())
        fn = int((~grouped & (y == 1)).sum())
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        f_half = 1.25 * precision * recall / max(1e-9, 0.25 * precision + recall)
        if best is None or f_half > best[1]:
            best = (t, f_half)
        print(
            f"  threshold {t:.2f}: precision {precision:.3f} recall {recall:.3f} "
            f"F0.5 {f_half:.3f} (TP {tp} FP {fp} FN {fn})",
            file=sys.stderr,
        )
    print(f"  best F0.5 at threshold {best[0]:.2f}", file=sys.stderr)


def header(names, x, y, decided, half):
    train = decided == "model"
    model = fit(x[train], y[train])
    # The log-odds the trees start from (scikit-learn's prior for log-loss).
    prior = y[train].mean()
    init = float(np.log(prior / (1 - prior)))
    raw = init + RATE * sum(t[0].predict(x[train].astype(np.float32)) for t in model.estimators_)
    if np.abs(raw - model.decision_function(x[train])).max() > 1e-6:
        sys.exit("fit-story-weights.py: the trees do not add up to the model's output")
    halves = ("" if max(len(h) for h in half) == 1 else " ").join(sorted(set(half)))
    nodes, roots = [], []
    for (tree,) in model.estimators_:
        t = tree.tree_
        base = len(nodes)
        roots.append(base)
        for n in range(t.node_count):
            if t.children_left[n] < 0:
                nodes.append(f"  {{ -1, 0, 0, 0, {t.value[n][0][0]:.17g} }},")
            else:
                nodes.append(
                    f"  {{ STORY_IN_{names[t.feature[n]].upper()}, "
                    f"{base + t.children_left[n]}, {base + t.children_right[n]}, "
                    f"{t.threshold[n]:.17g}, 0 }},"
                )
    # (wrapped within the 100 columns of .clang-format, which leaves it so)
    about = textwrap.wrap(
        f"do not edit. The model that weighs two reports no rule kept apart: {TREES}"
        f" regression trees of depth {DEPTH} (gradient boosting, log-loss, rate {RATE}),"
        f" fitted on {int(train.sum())} pairs ({int(y[train].sum())} of one story) of the"
        f" halves {halves}. A node compares its input (as a 32-bit float) with its"
        " threshold: at or below it, the left child; a leaf (input -1) adds its value"
        " times the rate to the log-odds. */",
        width=96,
    )
    about = [
        "/* SPDX-License-Identifier: GPL-3.0-or-later */",
        "/* vigil-cluster-weights.h — generated by tests/bench/fit-story-weights.py;",
    ] + [" * " + line for line in about]
    lines = about + [
        "",
        f"#define STORY_MODEL_INIT {init:.17g}",
        f"#define STORY_MODEL_RATE {RATE}",
        f"#define STORY_MODEL_TREES {len(roots)}",
        "",
        "static const struct",
        "{",
        "  gint16 input;",
        "  guint16 left, right;",
        "  double threshold, value;",
        "} story_model_nodes[] = {",
    ]
    lines += nodes
    lines += ["};", "", "static const guint16 story_model_roots[STORY_MODEL_TREES] = {"]
    for i in range(0, len(roots), 12):
        lines.append("  " + ", ".join(str(r) for r in roots[i : i + 12]) + ",")
    lines.append("};")
    if len(nodes) >= 65536:
        sys.exit("fit-story-weights.py: too many nodes for guint16 indices")
    return "\n".join(lines) + "\n"


def check(bench, committed):
    """The committed header is what the script fits on the pairs the
    benchmark writes today (numbers within 1e-4)."""
    if np is None:
        print("numpy or scikit-learn is missing: check skipped")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        pairs = os.path.join(tmp, "pairs.csv")
        try:
            subprocess.run([bench, "--features", pairs], check=True, stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"{bench}: could not write the pairs ({e})")
            return 1
        fitted = header(*load(pairs))
    with open(committed, encoding="utf-8") as f:
        text = f.read()
    number = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"
    body = lambda s: s[s.index("#define STORY_MODEL_INIT") :]
    want = [float(v) for v in re.findall(number, body(fitted))]
    have = [float(v) for v in re.findall(number, body(text))]
    names_want = re.findall(r"STORY_IN_\w+", fitted)
    names_have = re.findall(r"STORY_IN_\w+", text)
    if names_want != names_have or len(want) != len(have):
        print(f"{committed}: its trees are not those a fit on today's pairs gives; regenerate it:")
        print("  bench-stories --features pairs.csv && fit-story-weights.py pairs.csv > ...")
        return 1
    worst = max(abs(a - b) for a, b in zip(want, have))
    if worst > 1e-4:
        print(f"{committed}: differs from a fit on today's pairs by {worst:.6f}; regenerate it:")
        print("  bench-stories --features pairs.csv && fit-story-weights.py pairs.csv > ...")
        return 1
    print(f"{committed}: what a fit on today's pairs gives (within {worst:.1e})")
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    if len(sys.argv) != 2:
        sys.exit(
            "usage: fit-story-weights.py PAIRS.csv > vigil-cluster-weights.h\n"
            "       fit-story-weights.py --check BENCH-STORIES vigil-cluster-weights.h"
        )
    if np is None:
        sys.exit("fit-story-weights.py needs numpy and scikit-learn (python3-sklearn)")
    data = load(sys.argv[1])
    leave_one_half_out(data[1], data[2], data[3], data[4])
    sys.stdout.write(header(*data))


if __name__ == "__main__":
    main()
