#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifests (issues 7 and 20).

The release manifest and its .Devel variant build this tree (a "dir" source,
for development) against the same supported GNOME runtime, ask for no more than
network, ipc, wayland, fallback-x11 and dri, and build exactly what that
runtime lacks: every dependency() of meson.build is in the runtime or a module
of the manifest, and no module rebuilds what the runtime has. The manifest for
Flathub (written by flatpak/flathub-manifest.py from the release manifest) has
no "dir" source: every source is pinned, a git tag with its full commit or an
archive with its sha256.

Usage: check-flatpak.py SOURCE_ROOT        check the tree
       check-flatpak.py --self-test ROOT   check that the checks fail on broken
                                           copies (an end-of-life runtime, no
                                           libportal module on 50, a "dir" source
                                           for Flathub, --filesystem=home, ...)"""
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BASE = "io.github.vigildesk.Vigil"
ALLOWED = {"--share=network", "--share=ipc", "--socket=wayland",
           "--socket=fallback-x11", "--device=dri"}

# The GNOME runtimes on Flathub. Sources: Flathub keeps the two newest GNOME
# runtimes supported (https://docs.flathub.org/docs/for-app-authors/runtimes);
# 47 reached its end of life on 2025-10-15; in November 2026 the supported ones
# are 50 and 51 (NewsFlash, Liferea and Tuba build on 50). Anything older is
# end of life, which flatpak-builder-lint reports as an error.
SUPPORTED = {"50", "51"}
# pkg-config modules each runtime provides, from the GNOME SDK's element list
# (gitlab.gnome.org/GNOME/gnome-build-meta, elements/sdk.bst and its
# dependencies): libportal and libportal-gtk4 entered the runtime with 51
# (April 2026); before, an app builds them itself. libsecret has long been
# part of the platform (core-deps/libsecret.bst).
BASE_RUNTIME = {"glib-2.0", "gio-2.0", "gtk4", "libadwaita-1", "webkitgtk-6.0",
                "libsoup-3.0", "json-glib-1.0", "libxml-2.0", "sqlite3", "libsecret-1"}
PROVIDES = {
    "50": BASE_RUNTIME,
    "51": BASE_RUNTIME | {"libportal", "libportal-gtk4"},
}
# A module of the manifest and the pkg-config modules it installs.
MODULE_PROVIDES = {"libportal": {"libportal", "libportal-gtk4"}}


def load(path, problems):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        problems.append(f"{path.name}: {e}")
        return None


def check_common(name, m, expect_id, problems):
    if m.get("id") != expect_id:
        problems.append(f"{name}: id is {m.get('id')}, expected {expect_id}")
    if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
        problems.append(f"{name}: not the GNOME runtime and SDK")
    version = str(m.get("runtime-version"))
    if version not in SUPPORTED:
        problems.append(f"{name}: runtime {version} is end of life on Flathub "
                        f"(supported: {', '.join(sorted(SUPPORTED))})")
    if m.get("command") != "vigil":
        problems.append(f"{name}: command is {m.get('command')}, expected vigil")
    extra = set(m.get("finish-args", [])) - ALLOWED
    if extra:
        problems.append(f"{name}: finish-args beyond what Vigil needs: {sorted(extra)}")
    for needed in ("--share=network", "--socket=wayland"):
        if needed not in m.get("finish-args", []):
            problems.append(f"{name}: finish-args lack {needed}")
    modules = m.get("modules", [])
    if not modules or not isinstance(modules[-1], dict) or modules[-1].get("name") != "vigil":
        problems.append(f"{name}: the last module is not vigil")
        return None
    vigil = modules[-1]
    if vigil.get("buildsystem") != "meson":
        problems.append(f"{name}: vigil is not built with meson")
    # What meson.build needs: from the runtime or a module, never both.
    provided = set(PROVIDES.get(version, BASE_RUNTIME))
    for mod in modules[:-1]:
        mod_name = mod.get("name") if isinstance(mod, dict) else None
        gives = MODULE_PROVIDES.get(mod_name, {mod_name})
        if gives & PROVIDES.get(version, set()):
            problems.append(f"{name}: builds {mod_name}, which runtime {version} already has")
        provided |= gives
    return vigil, provided


def pinned(source):
    if source.get("type") == "git":
        return bool(source.get("tag")) and re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")) is not None
    if source.get("type") in ("archive", "file"):
        return re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")) is not None
    return False


def check_tree(root):
    problems = []
    root = Path(root)
    meson = (root / "meson.build").read_text()
    needed = set(re.findall(r"dependency\('([^']+)'", meson))
    manifests = {}
    for suffix, expect_id, devel in ((".json", BASE, False), (".Devel.json", BASE + ".Devel", True)):
        name = BASE + suffix
        m = load(root / "flatpak" / name, problems)
        if m is None:
            continue
        manifests[devel] = m
        result = check_common(name, m, expect_id, problems)
        if result is None:
            continue
        vigil, provided = result
        if vigil.get("sources") != [{"type": "dir", "path": ".."}]:
            problems.append(f"{name}: vigil is not built from this tree")
        opts = vigil.get("config-opts", [])
        if devel != ("-Dprofile=development" in opts):
            problems.append(f"{name}: -Dprofile=development {'missing' if devel else 'present'}")
        for dep in sorted(needed - provided):
            problems.append(f"{name}: meson.build needs {dep}, which neither runtime "
                            f"{m.get('runtime-version')} nor the manifest provides")
        for mod in m.get("modules", [])[:-1]:
            for source in mod.get("sources", []) if isinstance(mod, dict) else []:
                if not pinned(source):
                    problems.append(f"{name}: module {mod.get('name')} has an unpinned source")
    if len(manifests) == 2:
        if manifests[False].get("runtime-version") != manifests[True].get("runtime-version"):
            problems.append("the two manifests use different runtime versions")
        if manifests[False].get("finish-args") != manifests[True].get("finish-args"):
            problems.append("the two manifests ask for different permissions")
        if manifests[False].get("modules", [])[:-1] != manifests[True].get("modules", [])[:-1]:
            problems.append("the two manifests build different dependencies")

    # The Flathub manifest, as the release step writes it.
    script = root / "flatpak" / "flathub-manifest.py"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / (BASE + ".json")
        run = subprocess.run([sys.executable, str(script), "v0.0.0", "0" * 40, "-o", str(out)],
                             capture_output=True, text=True)
        if run.returncode != 0:
            problems.append(f"flathub-manifest.py failed: {run.stderr.strip()}")
        else:
            m = load(out, problems)
            if m is not None:
                name = "Flathub manifest"
                result = check_common(name, m, BASE, problems)
                for mod in m.get("modules", []):
                    for source in mod.get("sources", []) if isinstance(mod, dict) else []:
                        if source.get("type") == "dir":
                            problems.append(f"{name}: module {mod.get('name')} has a dir source, "
                                            "which Flathub refuses")
                        elif not pinned(source):
                            problems.append(f"{name}: module {mod.get('name')} has an unpinned source")
                if result is not None:
                    for dep in sorted(needed - result[1]):
                        problems.append(f"{name}: meson.build needs {dep}, which neither the "
                                        "runtime nor the manifest provides")

    options = (root / "meson_options.txt").read_text()
    if not re.search(r"option\('profile'.*'development'", options, re.S):
        problems.append("meson_options.txt has no 'profile' option with 'development'")
    return problems


def mutate(root, dest, change):
    """A copy of what check_tree reads, with change(manifests) applied."""
    (dest / "flatpak").mkdir(parents=True)
    for name in ("meson.build", "meson_options.txt"):
        shutil.copy(root / name, dest / name)
    for path in (root / "flatpak").iterdir():
        if path.is_file():
            shutil.copy(path, dest / "flatpak" / path.name)
    manifests = {}
    for suffix in (".json", ".Devel.json"):
        manifests[suffix] = json.loads((dest / "flatpak" / (BASE + suffix)).read_text())
    change(manifests, dest)
    for suffix, m in manifests.items():
        (dest / "flatpak" / (BASE + suffix)).write_text(json.dumps(m, indent=2))


def self_test(root):
    root = Path(root)

    def both(f):
        return lambda ms, dest: [f(m) for m in ms.values()]

    def set_version(v):
        return both(lambda m: m.__setitem__("runtime-version", v))

    def drop_libportal(m):
        m["modules"] = [mod for mod in m["modules"] if mod.get("name") != "libportal"]

    def add_home(m):
        m["finish-args"].append("--filesystem=home")

    def unpin(m):
        m["modules"][0]["sources"][0].pop("commit", None)

    def flathub_dir(ms, dest):
        # The release step keeping the development source.
        script = dest / "flatpak" / "flathub-manifest.py"
        text = script.read_text()
        script.write_text(text.replace('vigil["sources"] = [', 'vigil["sources"] = vigil["sources"] or ['))

    cases = {
        "an end-of-life runtime (47)": set_version("47"),
        "runtime 49, end of life in November 2026": set_version("49"),
        "no libportal module on runtime 50": both(drop_libportal),
        "a libportal module on runtime 51, which has it": set_version("51"),
        "a dir source in the Flathub manifest": flathub_dir,
        "--filesystem=home": both(add_home),
        "libportal from git without its commit": both(unpin),
    }
    failures = []
    clean = check_tree(root)
    if clean:
        failures.append(f"the tree itself does not pass: {clean}")
    for what, change in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            mutate(root, Path(tmp), change)
            found = check_tree(tmp)
            print(f"{what}: {'caught' if found else 'NOT caught'}"
                  + (f" ({found[0]})" if found else ""))
            if not found:
                failures.append(what)
    for f in failures:
        print(f"self-test: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        sys.exit(self_test(sys.argv[2]))
    problems = check_tree(sys.argv[1])
    for p in problems:
        print(p)
    print(f"{len(problems)} problems in the Flatpak manifests")
    sys.exit(1 if problems else 0)
