#!/usr/bin/env bash
# Browser tests: installs Debian's Chromium and a CJK font when missing, playwright-core from
# npm (it downloads no browser), starts `sunbid serve --demo` on a free port in a temporary
# data folder, and runs tests/browser with node's test runner. Screenshots land in
# tests/browser/screenshots/.
#
# The opening test (tests/browser/opening.test.js) gets a second server of its own, on demo
# time running 600x (`--accelerate 600`), so that GC-2026-0908's deadline, eight demo hours
# after the server starts, passes in about 48 s. It is started last, once the first server
# is up, and its test runs first, on its own, while the deadline is still ahead.
#
# The draw test (tests/browser/draw.test.js) gets a third server, at 120x, started right before
# it runs: GC-2026-0909's evaluation slot starts two demo hours after the server does (about a
# minute), and the draw, the confirmations and the reveal must fit around it.
#
# The evaluation test (tests/browser/evaluation.test.js) runs with the others on the first
# server: ZC-2026-0910's committee is drawn while seeding and its evaluation slot has already
# started when the clock resumes, and nothing it does waits for demo time (its challenge
# window, seven working days from the result, outlasts the run at 60x).
#
# "A center goes live" (tests/browser/golive.test.js) runs last, through
# scripts/browser-golive.sh: a center made by `sunbid init` in an empty data folder, served on
# a rehearsal clock, its store on a throwaway PostgreSQL cluster (scripts/with-postgres.sh)
# when PostgreSQL is installed (CI installs it), else on SQLite; the other tests cover SQLite.
#
# ONLY=<name> runs just tests/browser/<name>.test.js (with the server it needs), e.g.
# `ONLY=golive bash scripts/browser.sh`; without it, every test runs.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
(cd tests/browser && npm ci --no-audit --no-fund --silent)
cargo build --locked --quiet --bin sunbid

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Servers end by our SIGTERM: their exit status is expected, not a failure.
servers=()
folders=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
    for dir in "${folders[@]}"; do rm -rf "$dir"; done
}
trap cleanup EXIT

# start_server VAR [serve options...]: a demo server in its own data folder on a free port;
# its URL goes into VAR once /health answers.
start_server() {
    local var=$1
    shift
    local data port
    data=$(mktemp -d)
    folders+=("$data")
    port=$(free_port)
    ./target/debug/sunbid --data "$data" serve --demo --listen "127.0.0.1:$port" "$@" > "$data/serve.log" 2>&1 &
    servers+=($!)
    for _ in $(seq 1 150); do
        curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fs "http://127.0.0.1:$port/health" >/dev/null || { cat "$data/serve.log"; exit 1; }
    printf -v "$var" '%s' "http://127.0.0.1:$port"
}

# golive: its own center from `sunbid init`, on PostgreSQL when it is installed.
run_golive() {
    if command -v initdb >/dev/null || [ -x /usr/lib/postgresql/15/bin/initdb ]; then
        bash scripts/with-postgres.sh bash scripts/browser-golive.sh
    else
        echo "browser: no PostgreSQL here: golive runs on SQLite" >&2
        bash scripts/browser-golive.sh
    fi
}
if [ "${ONLY:-}" = golive ]; then
    run_golive
    exit
fi

start_server SUNBID_URL
start_server SUNBID_OPENING_URL --accelerate 600
export SUNBID_URL SUNBID_OPENING_URL
cd tests/browser
# The opening test first and on its own (node's runner would order the files by name): its
# server's clock is already running towards the deadline. Then every other test.
status=0
if [ -n "${ONLY:-}" ]; then
    # The one test asked for, with every server started (each test skips without its own).
    [ "$ONLY" = draw ] && { cd ../..; start_server SUNBID_DRAW_URL --accelerate 120; export SUNBID_DRAW_URL; cd tests/browser; }
    node --test --test-concurrency=1 "$ONLY.test.js"
    exit
fi
node --test --test-concurrency=1 opening.test.js || status=$?
cd ../..
start_server SUNBID_DRAW_URL --accelerate 120
export SUNBID_DRAW_URL
cd tests/browser
node --test --test-concurrency=1 draw.test.js || status=$?
others=()
for f in *.test.js; do
    case "$f" in opening.test.js | draw.test.js | golive.test.js) ;; *) others+=("$f") ;; esac
done
node --test --test-concurrency=1 "${others[@]}" || status=$?
cd ../..
run_golive || status=$?
exit "$status"
