#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every user-visible string is marked for translation, and po/POTFILES.in
lists every file that has translatable strings (and only files that exist).

.ui files: the text of label/title/subtitle/tooltip/description/placeholder
properties and menu labels must be translatable="yes".
.c files: a string literal with words passed straight to a call that shows
text to the user (labels, titles, toasts, dialogs, notifications…) must be
inside _(), N_() or ngettext()."""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
problems = []

SHOWN_PROPS = {"label", "title", "subtitle", "tooltip-text", "description", "placeholder-text",
               "text", "heading", "body", "button-label"}
for ui in sorted((root / "src").rglob("*.ui")):
    tree = ET.parse(ui)
    for el in tree.iter():
        if el.tag not in ("property", "attribute"):
            continue
        if el.get("name") not in SHOWN_PROPS:
            continue
        text = (el.text or "").strip()
        if not re.search(r"[A-Za-z]{2}", text):
            continue
        if el.get("translatable") != "yes":
            problems.append(f"{ui.relative_to(root)}: {el.tag} {el.get('name')}=\"{text}\" "
                            "is not translatable")

SHOWING_CALLS = (
    "gtk_label_new", "gtk_label_set_text", "gtk_label_set_markup", "gtk_button_set_label",
    "gtk_button_new_with_label", "gtk_widget_set_tooltip_text", "gtk_string_list_append",
    "adw_status_page_set_title", "adw_status_page_set_description", "adw_window_title_set_title",
    "adw_window_title_set_subtitle", "adw_toast_new", "adw_message_dialog_new",
    "adw_message_dialog_set_body", "adw_message_dialog_add_response",
    "adw_message_dialog_add_responses", "adw_action_row_set_subtitle",
    "adw_preferences_row_set_title", "adw_toast_set_button_label", "g_notification_new",
    "g_notification_set_body", "g_notification_add_button", "gtk_window_set_title",
    "vigil_window_toast", "plain_toast", "gtk_tooltip_set_text", "say",
)
call_re = re.compile(r"\b(" + "|".join(SHOWING_CALLS) + r")\s*\(")
literal_re = re.compile(r'"(?:[^"\\\n]|\\.)*"')
for c in sorted((root / "src").rglob("*.c")):
    text = c.read_text(encoding="utf-8")
    for m in call_re.finditer(text):
        # The call's arguments, to the matching parenthesis.
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        args = text[m.end():i - 1]
        for lit in literal_re.finditer(args):
            if not re.search(r"[A-Za-z]{3}", lit.group()):
                continue  # formats and punctuation
            if re.fullmatch(r'"[a-z0-9_.:-]+"', lit.group()):
                continue  # keys and ids: "title-label", a response's "close"
            before = args[:lit.start()].rstrip()
            if before.endswith('"'):
                continue  # the rest of a string split over lines, checked at its start
            if re.search(r"\b(_|N_|ngettext|C_|g_dgettext|dgettext)\s*\($", before) or \
               before.endswith(",") and re.search(r"\bngettext\s*\([^()]*$", before):
                continue
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{c.relative_to(root)}:{line}: {m.group(1)} shows {lit.group()} "
                            "without _()")

listed = set()
for line in (root / "po" / "POTFILES.in").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)
        if not (root / line).exists():
            problems.append(f"po/POTFILES.in lists {line}, which does not exist")
marks = re.compile(r'\b(_|N_|ngettext|C_)\s*\("|translatable="yes"')
for f in sorted(list((root / "src").rglob("*")) + list((root / "data").glob("*.in"))
                + list((root / "data").glob("*.xml"))):
    if f.suffix not in (".c", ".ui", ".in", ".xml") or not f.is_file():
        continue
    if marks.search(f.read_text(encoding="utf-8", errors="replace")):
        rel = str(f.relative_to(root))
        if rel not in listed and not rel.endswith(".gresource.xml"):
            problems.append(f"{rel} has translatable strings but is not in po/POTFILES.in")

# The shipped alert rules' names are translated when loaded: each must be in
# the engine's N_() list (xgettext cannot read the .tsv).
engine = (root / "src" / "alerts" / "vigil-alert-engine.c").read_text(encoding="utf-8")
for line in (root / "data" / "alerts" / "default-rules.tsv").read_text(encoding="utf-8").splitlines():
    if line.strip() and not line.startswith("#"):
        name = line.split("\t")[0]
        if f'N_ ("{name}")' not in engine:
            problems.append(f"data/alerts/default-rules.tsv: the rule name \"{name}\" is not "
                            "in shipped_rule_names (src/alerts/vigil-alert-engine.c)")

for p in problems:
    print(p)
print(f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
