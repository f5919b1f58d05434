#!/usr/bin/env python3
"""The Flatpak manifests (issue 7): the release and the .Devel variant build
the same tree against the same GNOME runtime, ask for no more than network,
ipc, wayland, fallback-x11 and dri, and build only what the runtime lacks:
every dependency() in meson.build is either in the GNOME runtime or a module
of the manifest. Usage: check-flatpak.py SOURCE_ROOT"""
import json
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
BASE = "io.github.vigildesk.Vigil"
ALLOWED = {"--share=network", "--share=ipc", "--socket=wayland",
           "--socket=fallback-x11", "--device=dri"}
# pkg-config modules the org.gnome.Platform 47 runtime provides.
IN_RUNTIME = {"glib-2.0", "gio-2.0", "gtk4", "libadwaita-1", "webkitgtk-6.0",
              "libsoup-3.0", "json-glib-1.0", "libxml-2.0", "sqlite3",
              "libportal", "libportal-gtk4"}
problems = []


def check(name, expect_id, devel):
    path = root / "flatpak" / name
    try:
        m = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        problems.append(f"{name}: {e}")
        return None
    if m.get("id") != expect_id:
        problems.append(f"{name}: id is {m.get('id')}, expected {expect_id}")
    if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
        problems.append(f"{name}: not the GNOME runtime and SDK")
    if m.get("command") != "vigil":
        problems.append(f"{name}: command is {m.get('command')}, expected vigil")
    extra = set(m.get("finish-args", [])) - ALLOWED
    if extra:
        problems.append(f"{name}: finish-args beyond what Vigil needs: {sorted(extra)}")
    for needed in ("--share=network", "--socket=wayland"):
        if needed not in m.get("finish-args", []):
            problems.append(f"{name}: finish-args lack {needed}")
    modules = m.get("modules", [])
    if not modules or modules[-1].get("name") != "vigil":
        problems.append(f"{name}: the last module is not vigil")
        return m
    vigil = modules[-1]
    if vigil.get("buildsystem") != "meson":
        problems.append(f"{name}: vigil is not built with meson")
    if vigil.get("sources") != [{"type": "dir", "path": ".."}]:
        problems.append(f"{name}: vigil is not built from this tree")
    opts = vigil.get("config-opts", [])
    if devel != ("-Dprofile=development" in opts):
        problems.append(f"{name}: -Dprofile=development {'missing' if devel else 'present'}")
    return m


release = check(BASE + ".json", BASE, False)
devel = check(BASE + ".Devel.json", BASE + ".Devel", True)
if release and devel:
    if release.get("runtime-version") != devel.get("runtime-version"):
        problems.append("the two manifests use different runtime versions")
    if release.get("finish-args") != devel.get("finish-args"):
        problems.append("the two manifests ask for different permissions")

# Only what the runtime lacks: any other dependency needs a module here.
built = {mod.get("name") for mod in (release or {}).get("modules", [])[:-1]}
meson = (root / "meson.build").read_text()
for dep in re.findall(r"dependency\('([^']+)'", meson):
    if dep not in IN_RUNTIME and dep not in built:
        problems.append(f"meson.build needs {dep}, which neither the runtime nor the manifest provides")
for mod in built:
    if mod in IN_RUNTIME:
        problems.append(f"the manifest builds {mod}, which the runtime already has")

# The profile option the Devel manifest sets exists.
options = (root / "meson_options.txt").read_text()
if not re.search(r"option\('profile'.*'development'", options, re.S):
    problems.append("meson_options.txt has no 'profile' option with 'development'")

for p in problems:
    print(p)
print(f"{len(problems)} problems in the Flatpak manifests")
sys.exit(1 if problems else 0)
