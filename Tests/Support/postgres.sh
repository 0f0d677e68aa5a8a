#!/bin/sh
# Runs a command next to a throwaway PostgreSQL cluster (Debian's `postgresql` package):
#
#   Tests/Support/postgres.sh swift test --skip-build --filter LedgerTests
#
# initdb into a temporary folder, start it on a free loopback port (no Unix socket outside that
# folder, trust authentication: nothing but this run can reach it), export
# TANDEM_TEST_POSTGRES=postgres://tandem@127.0.0.1:PORT/postgres, run the command, and stop the
# cluster and delete the folder on the way out (a trap, so also on failure or Ctrl-C).
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user the
# package creates.
set -eu

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres.sh: no /usr/lib/postgresql/*/bin/initdb: install Debian's postgresql (make apt)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/tandem-postgres.XXXXXX")
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_owner() { runuser -u postgres -- "$@"; }
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

as_owner "$bin/initdb" -D "$dir/data" -U tandem --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -h 127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

export TANDEM_TEST_POSTGRES="postgres://tandem@127.0.0.1:$port/postgres"
echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
status=0
"$@" || status=$?
exit $status
