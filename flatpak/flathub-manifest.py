#!/usr/bin/env python3
"""Writes the manifest to submit to Flathub: the release manifest
(io.github.vigildesk.Vigil.json, which builds this tree from a "dir" source for
development) with Vigil's source replaced by the release's git tag and commit,
as Flathub requires (it refuses "dir" sources).

Usage: flathub-manifest.py TAG [COMMIT] [-o OUTPUT]
COMMIT defaults to what TAG names in this repository; OUTPUT to
flatpak/flathub/io.github.vigildesk.Vigil.json."""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

URL = "https://github.com/vigildesk/vigil.git"
here = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag")
    parser.add_argument("commit", nargs="?")
    parser.add_argument("-o", "--output", type=Path,
                        default=here / "flathub" / "io.github.vigildesk.Vigil.json")
    args = parser.parse_args()
    commit = args.commit
    if commit is None:
        try:
            commit = subprocess.run(["git", "-C", str(here), "rev-parse", args.tag + "^{commit}"],
                                    check=True, capture_output=True, text=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError) as e:
            sys.exit(f"flathub-manifest.py: no commit for tag {args.tag}: {e}")
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        sys.exit(f"flathub-manifest.py: {commit!r} is not a full commit hash")
    manifest = json.loads((here / "io.github.vigildesk.Vigil.json").read_text())
    vigil = manifest["modules"][-1]
    vigil["sources"] = [{"type": "git", "url": URL, "tag": args.tag, "commit": commit}]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print(args.output)


if __name__ == "__main__":
    main()
