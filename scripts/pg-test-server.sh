#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (ARCHITECTURE.md "Tests"): initdb into a fresh
# temporary directory, pg_ctl on a free port of 127.0.0.1 only, trust authentication (nothing
# else can reach it), fsync off (test data need not survive a crash of the machine).
#
#   scripts/pg-test-server.sh start [STATE]   starts it (or finds it running); prints its URL
#   scripts/pg-test-server.sh stop  [STATE]   stops it and removes its directory (also after a
#                                             start that was cut short or failed)
#   scripts/pg-test-server.sh url   [STATE]   prints the URL of the running server
#
# STATE is a small file remembering the directory and port (default: one per checkout under
# $TMPDIR), so start and stop are idempotent. PostgreSQL refuses to run as root: as root, the
# server runs as the `postgres` user of Debian's package, in a directory that user owns.
# Exit status 3 (and a line starting with SKIPPED) when no PostgreSQL server is installed.
# GUANXI_PG_BINDIR names the server's bin directory instead of pg_config's.
set -euo pipefail
cmd=${1:-}
root=$(cd "$(dirname "$0")/.." && pwd)
state=${2:-${TMPDIR:-/tmp}/guanxi-pg-test-$(printf '%s' "$root" | md5sum | cut -c1-12).state}

bindir=""
if [ -n "${GUANXI_PG_BINDIR+set}" ]; then   # a given server directory (empty: act as if none)
	[ -x "${GUANXI_PG_BINDIR}/initdb" ] && bindir=$GUANXI_PG_BINDIR
elif command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
	bindir=$(pg_config --bindir)
else
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { bindir=$d; break; }
	done
fi

as_pg() {   # runs a server command as the postgres user when we are root
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {   # true when the state file names a live server
	[ -f "$state" ] || return 1
	# shellcheck disable=SC1090
	. "$state"
	[ -n "${PGT_DIR:-}" ] && [ -d "$PGT_DIR/data" ] && as_pg "$bindir/pg_ctl" -D "$PGT_DIR/data" status >/dev/null 2>&1
}

url() { echo "postgres://postgres@127.0.0.1:$PGT_PORT/postgres"; }

case "$cmd" in
start)
	if [ -z "$bindir" ]; then
		echo "SKIPPED: no PostgreSQL server installed (initdb not found; scripts/deps.sh installs it)"
		exit 3
	fi
	if running; then url; exit 0; fi
	"$0" stop "$state"   # what a server of this state that died left (its directory)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/guanxi-pg.XXXXXX")
	# written before anything starts and at each port tried: a start cut short (a signal, a
	# timeout) leaves a state file by which `stop` finds the server and removes the directory
	printf 'PGT_DIR=%s\nPGT_PORT=\n' "$dir" >"$state"
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C -N >"$dir/initdb.log" 2>&1 || {
		echo "initdb failed:" >&2; cat "$dir/initdb.log" >&2; "$0" stop "$state"; exit 1; }
	started=0
	for _ in 1 2 3 4 5 6 7 8; do
		port=$((20000 + RANDOM % 40000))
		# a port someone listens on answers a connect; try another
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
		printf 'PGT_DIR=%s\nPGT_PORT=%s\n' "$dir" "$port" >"$state"
		if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=60" \
			start >/dev/null 2>&1; then
			started=1
			break
		fi
		# pg_ctl gave up waiting, but the server may still be coming up: down before the next port
		as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	done
	if [ $started -ne 1 ]; then
		echo "could not start PostgreSQL; log:" >&2
		tail -n 20 "$dir/server.log" >&2 || true
		"$0" stop "$state"
		exit 1
	fi
	PGT_PORT=$port
	url
	;;
stop)
	if [ -f "$state" ]; then
		# shellcheck disable=SC1090
		. "$state"
		if [ -n "${PGT_DIR:-}" ] && [ -d "$PGT_DIR/data" ] && [ -n "$bindir" ]; then
			# a fast stop that does not end in time (60 s) becomes an immediate one: the
			# directory must not go while its server still runs
			as_pg "$bindir/pg_ctl" -D "$PGT_DIR/data" -m fast -w stop >/dev/null 2>&1 ||
				as_pg "$bindir/pg_ctl" -D "$PGT_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
		[ -n "${PGT_DIR:-}" ] && rm -rf "$PGT_DIR"
		rm -f "$state"
	fi
	;;
url)
	running || { echo "no test server running" >&2; exit 1; }
	url
	;;
*)
	echo "usage: $0 start|stop|url [STATE]" >&2
	exit 2
	;;
esac
