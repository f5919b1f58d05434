#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-sync.sh VIGIL_CLI SOURCE_ROOT [ITEMS]: the sync targets of issue 19, measured.
#
# ITEMS (default 2000) news items, made of the sentences of ../shared/corpora
# (UNER, CC BY-SA), in four feeds served on 127.0.0.1 by python3's http.server;
# FreshRSS (../shared/servers, or VIGIL_FRESHRSS_TARBALL) fetches them. Then, on
# one core (taskset), each in a fresh database:
#   - the first sync of the account (vigil-cli sync: stored, analysed, filed
#     in stories, judged by the rules), beside the same feeds read by Vigil
#     itself (vigil-cli watch --once), the same pipeline from another source;
#   - an incremental sync with nothing new.
# Prints a table. Needs PHP (tests/install-deps.sh test). Nothing leaves 127.0.0.1.
set -eu
CLI=$1
ROOT=$2
ITEMS=${3:-2000}
SERVERS=$ROOT/../shared/servers
TARBALL=${VIGIL_FRESHRSS_TARBALL:-$(ls "$SERVERS"/freshrss-*.tar.xz 2>/dev/null | head -1)}
[ -n "$TARBALL" ] && [ -f "$TARBALL" ] || { echo "bench-sync: no FreshRSS tarball; skipped"; exit 77; }
command -v php >/dev/null 2>&1 || { echo "bench-sync: no PHP; skipped"; exit 77; }
START=$(dirname "$TARBALL")/freshrss-start.sh

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-sync-XXXXXX")
HTTP_PID=
cleanup() {
	[ -f "$TMP/data/server.pid" ] && kill "$(cat "$TMP/data/server.pid")" 2>/dev/null || true
	[ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
mkdir -p "$TMP/feeds" "$TMP/home"
tar -xJf "$TARBALL" -C "$TMP"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
FEEDS_PORT=$(free_port)
(cd "$TMP/feeds" && exec python3 -m http.server "$FEEDS_PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
HTTP_PID=$!

python3 - "$ROOT/../shared/corpora" "$TMP" "$FEEDS_PORT" "$ITEMS" <<'EOF'
import glob, html, sys, time
corpora, tmp, port, items = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sents, cur = [], []
for f in sorted(glob.glob(corpora + "/uner-*-en/*.conll")):
    for line in open(f, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("-DOCSTART-"):
            if len(cur) > 5:
                sents.append(" ".join(cur))
            cur = []
            continue
        cur.append(line.split("\t")[0])
if not sents:
    sys.exit("bench-sync: no sentences in " + corpora)
n, per = 0, (items + 3) // 4
outlines = ""
for f in range(4):
    out = []
    for i in range(min(per, items - f * per)):
        k = (n * 5) % len(sents)
        n += 1
        body = " ".join(sents[(k + j) % len(sents)] for j in range(1, 6))
        when = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(time.time() - 60 * (i + 1) - f * 7))
        out.append("<item><title>%s</title><link>http://127.0.0.1/%d/%d</link><guid>%d-%d</guid>"
                   "<pubDate>%s</pubDate><description>%s</description></item>"
                   % (html.escape(sents[k][:120]), f, i, f, i, when, html.escape(body)))
    with open("%s/feeds/f%d.xml" % (tmp, f), "w") as fh:
        fh.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title>'
                 '<link>http://127.0.0.1/</link>%s</channel></rss>' % (f, "".join(out)))
    outlines += '<outline type="rss" text="f%d" xmlUrl="http://127.0.0.1:%s/f%d.xml"/>' % (f, port, f)
with open(tmp + "/subs.opml", "w") as fh:
    fh.write('<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head>'
             '<body><outline text="Bench">%s</outline></body></opml>' % outlines)
EOF

PORT=$(free_port)
FRESHRSS_OPML=$TMP/subs.opml sh "$START" "$TMP/freshrss" "$TMP/data" "$PORT" bench benchpass1 >/dev/null

export GSETTINGS_BACKEND=memory XDG_CONFIG_HOME="$TMP/home" XDG_DATA_HOME="$TMP/home"
export DBUS_SESSION_BUS_ADDRESS=disabled: VIGIL_SYNC_PASSWORD=benchpass1
ONE="taskset -c 0"
command -v taskset >/dev/null 2>&1 || ONE=
seconds() { # COMMAND...: its wall time in seconds (its standard error passes through)
	python3 -c 'import subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print("%.2f" % (time.monotonic() - t))
sys.exit(r.returncode)' "$@"
}
"$CLI" account add --name bench --server "http://127.0.0.1:$PORT" --user bench --db "$TMP/sync.db" >/dev/null 2>&1
first=$(seconds $ONE "$CLI" sync --account bench --db "$TMP/sync.db" 2>"$TMP/first.err")
again=$(seconds $ONE "$CLI" sync --account bench --db "$TMP/sync.db" 2>"$TMP/again.err")
again2=$(seconds $ONE "$CLI" sync --account bench --db "$TMP/sync.db" 2>"$TMP/again2.err")
local=$(seconds $ONE "$CLI" watch --once --opml "$TMP/subs.opml" --db "$TMP/local.db" 2>/dev/null)
startup=$(seconds $ONE "$CLI" dry-run zzzz --db "$TMP/local.db" 2>/dev/null)
stored=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from articles where annotations is not null").fetchone()[0])' "$TMP/sync.db")

printf '%-58s %10s\n' "what ($ITEMS items, one core)" "seconds"
printf '%-58s %10s\n' "first sync (vigil-cli sync: stored and analysed: $stored)" "$first"
printf '%-58s %10s\n' "  the same feeds read by Vigil itself (watch --once)" "$local"
printf '%-58s %10s\n' "second sync (the rest of the walk, if any)" "$again"
printf '%-58s %10s\n' "incremental sync with nothing new" "$again2"
printf '%-58s %10s\n' "  of which vigil-cli start-up (dry-run on the same data)" "$startup"
tail -1 "$TMP/again2.err"
