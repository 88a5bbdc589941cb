#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Runs CMD with DATABASE_URL pointing at a throwaway PostgreSQL 15 cluster: a fresh data
# directory in a temp dir, listening on a free port on 127.0.0.1 only. By default with
# fsync=off, for functional tests only: never use that for durability tests or benchmarks.
# SUNBID_PG_FSYNC=on starts it durable (fsync=on, the server's defaults), as benchmarks
# need: `SUNBID_PG_FSYNC=on scripts/with-postgres.sh target/release/sunbid bench`. The
# cluster is stopped and its directory removed however CMD ends; the script exits with
# CMD's status.
# Tests create one database per test through this URL (see crates/store-postgres/tests).
set -euo pipefail

fsync=${SUNBID_PG_FSYNC:-off}
case "$fsync" in
on | off) ;;
*)
    echo "with-postgres: SUNBID_PG_FSYNC must be on or off, not '$fsync'" >&2
    exit 2
    ;;
esac

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

bindir=""
if ! command -v initdb >/dev/null || ! command -v pg_ctl >/dev/null; then
    bindir=/usr/lib/postgresql/15/bin/
    [ -x "${bindir}initdb" ] || {
        echo "with-postgres: no initdb on PATH nor in $bindir (apt-get install postgresql)" >&2
        exit 127
    }
fi

# postgres refuses to run as root: run the server as the postgres user when we are root.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    as_pg=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/sunbid-pg.XXXXXX")
data="$dir/data"
started=""

cleanup() {
    if [ -n "$started" ]; then
        "${as_pg[@]}" "${bindir}pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
# Turn signals into an exit so that the EXIT trap runs, with the conventional status.
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${#as_pg[@]}" -gt 0 ]; then
    chown postgres "$dir"
fi
# The server's cwd must be readable by it; our cwd may be a root-only folder.
(cd "$dir" && "${as_pg[@]}" "${bindir}initdb" -D "$data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1) || {
    cat "$dir/initdb.log" >&2
    exit 1
}

# A port that nothing listens on now. Another process could take it before the server
# binds it, so a failed start is retried with another port.
free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

for attempt in 1 2 3; do
    port=$(free_port)
    # max_connections: parallel tests each keep a small pool open on their own database.
    if (cd "$dir" && "${as_pg[@]}" "${bindir}pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=300" \
        start >/dev/null); then
        started=1
        break
    fi
    echo "with-postgres: start on port $port failed (attempt $attempt)" >&2
    tail -n 20 "$dir/server.log" >&2 || true
done
[ -n "$started" ] || exit 1

export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL ready at $DATABASE_URL (fsync=$fsync)" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
