#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis (installed with pip when missing)
# generates requests from crates/web/openapi.json and runs every check (`--checks all`)
# against `sunbid serve --demo` on a free port in a temporary data folder, as center staff
# (a demo Bearer token, see hooks.py) so that reads and writes past the sign-in are reached.
# It fails on any server error, any status code or response the document does not describe.
#
# Extra arguments go to `st run` (e.g. `--include-path-regex '^/api/log'` to try a few routes).
# Bounded: SCHEMATHESIS_EXAMPLES generated cases per operation (default 6), one seed, the
# examples, coverage and fuzzing phases; one to two minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
# schemathesis at a pinned version: the one on the PATH if it is that version, else a venv
# under target/ made once.
ST_VERSION=4.32.5
st=st
if [ "$(st --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)" != "$ST_VERSION" ]; then
    venv=target/schemathesis-venv
    [ -x "$venv/bin/st" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "schemathesis==$ST_VERSION"; }
    st="$venv/bin/st"
fi
cargo build --locked --quiet --bin sunbid

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./target/debug/sunbid --data "$data" serve --demo --listen "127.0.0.1:$port" > "$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$base/health" >/dev/null || { cat "$data/serve.log"; exit 1; }

status=0
SUNBID_URL="$base" SCHEMATHESIS_HOOKS=hooks PYTHONPATH=scripts/schemathesis \
    "$st" --config-file scripts/schemathesis/schemathesis.toml run crates/web/openapi.json --url "$base" \
    --checks all \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-6}" \
    --seed 2026 \
    --phases examples,coverage,fuzzing \
    --request-timeout 20 \
    --no-shrink \
    --report-dir "$data/report" "$@" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (tail)"
    tail -n 40 "$data/serve.log"
fi
exit "$status"
