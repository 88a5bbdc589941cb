#!/usr/bin/env bash
# Every test of the project, from a fresh clone: formatting, lints, the unit / conformance /
# integration tests on SQLite and on a throwaway PostgreSQL cluster, and an end-to-end run of
# the CLI (demo → verify → tamper → verify fails; proofs checked offline).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "toolchain"
cargo --version
command -v initdb >/dev/null || [ -x /usr/lib/postgresql/15/bin/initdb ] || {
    step "installing PostgreSQL server binaries"
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
}

step "format"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests (SQLite and PostgreSQL)"
bash scripts/with-postgres.sh cargo test --workspace --locked

step "OpenAPI document validates (OpenAPI 3.1)"
python3 -c "import openapi_spec_validator" 2>/dev/null || python3 -m pip install -q openapi-spec-validator
python3 -c "import json, openapi_spec_validator as v; v.validate(json.load(open('crates/web/openapi.json'))); print('crates/web/openapi.json: valid')"

step "API against its OpenAPI document: schemathesis --checks all, bounded (scripts/schemathesis)"
bash scripts/schemathesis/run.sh

step "browser: the portal in headless Chromium, both languages"
bash scripts/browser.sh

step "end to end: demo, verify, proofs, tamper"
bash scripts/e2e.sh
