#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server (Debian's packages, 127.0.0.1 only),
# as .ci/run starts one: its URL is in $MARSAD_PG_URL (and $MARSAD_TEST_PG_URL, so the
# store tests run on it too); the server and its folder are gone when the command ends.
#
#   scripts/with_postgres.sh .venv/bin/python -m pytest tests/store -q
#   scripts/with_postgres.sh sh -c '.venv/bin/marsad benchmark --n 2000 --workers 1 \
#       --db sqlite --db "$MARSAD_PG_URL"'
#
# The server runs with PostgreSQL's default durability (fsync on, synchronous commit) unless
# MARSAD_PG_FAST=1, which turns both off as CI does (nothing there must survive a crash).
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
die() { echo "with_postgres: $*" >&2; exit 1; }

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]] ||
    die "PostgreSQL is not installed (Debian: apt-get install postgresql)"
PG_DIR=$(mktemp -d /tmp/marsad-pg.XXXXXX)
as_pg() { (cd / && if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi); }
stop_postgres() {
    if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
[[ $EUID -eq 0 ]] && chown postgres: "$PG_DIR"
PG_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
as_pg sh -c "umask 077 && echo '$PG_PASSWORD' > '$PG_DIR/pwfile'"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U marsad --pwfile="$PG_DIR/pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
OPTS="-c listen_addresses=127.0.0.1 -c unix_socket_directories='$PG_DIR' -c max_connections=200"
if [[ "${MARSAD_PG_FAST:-0}" == 1 ]]; then
    OPTS="$OPTS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
started=
for _ in 1 2 3 4 5; do   # a free port; another process may take it first: try again
    PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
        -o "-p $PG_PORT $OPTS" >/dev/null 2>&1; then
        started=1
        break
    fi
done
[[ -n "$started" ]] || { cat "$PG_DIR/server.log" >&2 || true; die "PostgreSQL did not start"; }
PGPASSWORD=$PG_PASSWORD "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U marsad marsad ||
    die "cannot create the database"
export MARSAD_PG_URL="postgresql+psycopg2://marsad:$PG_PASSWORD@127.0.0.1:$PG_PORT/marsad"
export MARSAD_TEST_PG_URL="$MARSAD_PG_URL"
echo "with_postgres: PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
"$@"
