#!/usr/bin/env bash
# Browser tests: installs Debian's Chromium and a CJK font when missing, playwright-core from
# npm (it downloads no browser), starts `sunbid serve --demo` on a free port in a temporary
# data folder, and runs tests/browser with node's test runner. Screenshots land in
# tests/browser/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
(cd tests/browser && npm ci --no-audit --no-fund --silent)
cargo build --locked --quiet --bin sunbid
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./target/debug/sunbid --data "$data" serve --demo --listen "127.0.0.1:$port" > "$data/serve.log" 2>&1 &
server=$!
# The server ends by our SIGTERM: its exit status is expected, not a failure.
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { cat "$data/serve.log"; exit 1; }
cd tests/browser && SUNBID_URL="http://127.0.0.1:$port" node --test --test-concurrency=1
