#!/usr/bin/env bash
# End to end through the real binary: the demo runs trades through all seven nodes, verify
# passes, a proof produced by the platform checks offline, a tampered row and deleted
# checkpoints are caught, the log is checked against checkpoints kept outside, and the
# checkpoint key can live apart from the data folder behind a passphrase.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet --bin sunbid
bin="$PWD/target/debug/sunbid"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
pass=0 fail=0
check() { # name, command...
    local name=$1; shift
    if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi
}

"$bin" --data "$data" demo > "$work/demo.txt"
check "demo prints all seven nodes for both lines" bash -c "grep -q '[7/7]' '$work/demo.txt' && grep -q 'procurement' '$work/demo.txt' && grep -q 'construction' '$work/demo.txt'"
check "demo ends with a signed checkpoint" grep -q '^— sunbid.local/log ' "$work/demo.txt"
check "verify passes after the demo" "$bin" --data "$data" verify
key=$("$bin" --data "$data" log key)
"$bin" --data "$data" log prove --index 5 > "$work/inclusion.json"
check "an inclusion proof checks offline" "$bin" log check-proof "$work/inclusion.json" --key "$key"
first=$(sqlite3 "$data/sunbid.db" 'select min(size) from checkpoints where size > 0')
last=$(sqlite3 "$data/sunbid.db" 'select max(size) from checkpoints')
check "the demo signed several checkpoints" test "$first" -lt "$last"
"$bin" --data "$data" log prove --from "$first" > "$work/consistency.json"
check "a consistency proof between two checkpoints checks offline" "$bin" log check-proof "$work/consistency.json" --key "$key"
"$bin" --data "$data" log checkpoint > "$work/published.note"
check "verify --against a checkpoint published earlier passes" "$bin" --data "$data" verify --against "$work/published.note"
cp -r "$data" "$work/middle"
sqlite3 "$work/middle/sunbid.db" "delete from checkpoints where size = (select min(size) from checkpoints where size > $first)"
check "a deleted middle checkpoint is caught (the chain has a gap)" bash -c "'$bin' --data '$work/middle' verify | grep -q 'FAILED: checkpoints'"
cp -r "$data" "$work/last"
sqlite3 "$work/last/sunbid.db" "delete from checkpoints where size = (select max(size) from checkpoints)"
check "a deleted last checkpoint is caught (the signer's record)" bash -c "'$bin' --data '$work/last' verify | grep -q 'the last the key signed'"
check "without the record, the checkpoint published shows it" bash -c "'$bin' --data '$work/last' verify --key '$key' --against '$work/published.note' | grep -q 'no longer stored'"
sed -i 's/"leaf_index": 5/"leaf_index": 6/' "$work/inclusion.json"
check "a doctored proof fails" bash -c "! '$bin' log check-proof '$work/inclusion.json' --key '$key'"
sqlite3 "$data/sunbid.db" "update events set actor = 'mallory' where seq = 3"
check "verify fails after a stored row is changed, naming it" bash -c "'$bin' --data '$data' verify | grep -q 'events seq=3'"

# Sealed bids through the real server and the offline tools: a bidder seals with
# `sunbid bid seal`, uploads, and checks its receipt offline; a custodian opens its share.
served="$work/served"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --data "$served" serve --demo --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done
trade=GC-2026-0905
curl -fs "$base/api/trades/$trade/opening-key" > "$work/opening-key.json"
session=$(curl -fs -X POST "$base/api/session" -H 'content-type: application/json' \
    -d '{"person":"bidder-7","password":"sunbid-demo-2026"}')
token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$session")
org=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["org"])' "$session")
echo "投标文件：技术标与商务标" > "$work/bid.txt"
check "bid seal makes an envelope offline" "$bin" bid seal --opening-key "$work/opening-key.json" \
    --bidder "$org" --price 6123456.78 --out "$work/bid.sealed" "$work/bid.txt"
check "the envelope holds no plaintext" bash -c "! grep -q '技术标' '$work/bid.sealed'"
status=$(curl -s -o "$work/receipt.json" -w '%{http_code}' -X POST "$base/api/trades/$trade/bids" \
    -H "authorization: Bearer $token" -H 'content-type: application/octet-stream' \
    -H 'idempotency-key: e2e-bid-key-0000000000000001' --data-binary @"$work/bid.sealed")
check "the sealed bid is accepted with a receipt" test "$status" = 201
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/trades/$trade/bids" \
    -H "authorization: Bearer $token" -H 'content-type: application/octet-stream' --data-binary @"$work/bid.txt")
check "an unsealed file is refused" test "$status" = 422
logkey=$(curl -fs "$base/api/log/key")
check "the receipt verifies offline against the published key" "$bin" receipt verify "$work/receipt.json" --key "$logkey" --envelope "$work/bid.sealed"
cp "$work/bid.sealed" "$work/other.sealed"; printf 'x' >> "$work/other.sealed"
check "the receipt does not fit another file" bash -c "! '$bin' receipt verify '$work/receipt.json' --key '$logkey' --envelope '$work/other.sealed'"
check "the server's log still holds the receipted bid (consistency proof)" "$bin" receipt verify "$work/receipt.json" --key "$logkey" --server "$base"
curl -fs "$base/api/log/checkpoint" > "$work/current.note"
rsize=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inclusion"]["tree_size"])' "$work/receipt.json")
curl -fs "$base/api/log/proof/consistency?from=$rsize&to=$(sed -n 2p "$work/current.note")" > "$work/proof.json"
check "the same from files fetched with curl" "$bin" receipt verify "$work/receipt.json" --key "$logkey" --current "$work/current.note" --proof "$work/proof.json"
check "the data folder's log extends the receipt's checkpoint" "$bin" --data "$served" verify --against "$work/receipt.json"
curl -fs "$base/api/trades/$trade/opening" > "$work/opening.json"
python3 -c 'import hashlib; print(hashlib.sha256(b"sunbid-demo-key/staff-wang").hexdigest())' > "$work/seed.hex"
check "a custodian opens its own share offline" bash -c "'$bin' custodian open-share --opening '$work/opening.json' --person staff-wang --seed-file '$work/seed.hex' > '$work/share.txt' && test -s '$work/share.txt'"
check "someone else's key does not open it" bash -c "! '$bin' custodian open-share --opening '$work/opening.json' --person supervisor-zhou --seed-file '$work/seed.hex' 2>/dev/null"

# The checkpoint key apart from the data folder, behind a passphrase.
keyfile="$work/secrets/checkpoint.key"
export SUNBID_CHECKPOINT_PASSPHRASE='e2e: correct horse battery staple'
check "a passphrase-protected key is made apart" bash -c "'$bin' log new-key --out '$keyfile' > '$work/apart.pub' 2>/dev/null"
check "its file holds no secret in clear" bash -c "grep -q sunbid-checkpoint-key/1 '$keyfile' && ! grep -q PRIVATE+KEY '$keyfile'"
check "a data folder signs with it and verifies" bash -c "'$bin' --data '$work/apart' --checkpoint-key '$keyfile' log checkpoint > /dev/null && '$bin' --data '$work/apart' --checkpoint-key '$keyfile' verify > /dev/null"
check "the data folder holds no key" test ! -e "$work/apart/keys/checkpoint.key"
check "the signature is by the protected key" bash -c "test \"\$('$bin' --data '$work/apart' --checkpoint-key '$keyfile' log key)\" = \"\$(cat '$work/apart.pub')\""
unset SUNBID_CHECKPOINT_PASSPHRASE
check "without the passphrase it does not open" bash -c "! '$bin' --data '$work/apart' --checkpoint-key '$keyfile' log checkpoint 2>/dev/null"
check "nor with a wrong one" bash -c "! SUNBID_CHECKPOINT_PASSPHRASE=wrong '$bin' --data '$work/apart' --checkpoint-key '$keyfile' log checkpoint 2>/dev/null"
check "an auditor verifies with the public key alone" "$bin" --data "$work/apart" verify --key "$(cat "$work/apart.pub")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
