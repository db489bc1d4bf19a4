# no-database-backend
# The private PostgreSQL servers of the tests (scripts/pg-test-server.sh) are stopped, and their
# directories removed, on every way out: a start and a stop; a start cut short by SIGTERM while
# its server comes up; test_dbops.sh run to the end in the SQLite pass (its own server for the
# copy to PostgreSQL); test_hooks_pgdown.sh killed with SIGTERM after it stopped its server
# and started it again. Everything runs with TMPDIR a directory of this test's, so that what is left
# (a guanxi-pg.* directory, a postgres process in one) is told apart from other runs' servers;
# what this test finds left it stops itself, and only that.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PGS="$ROOT/scripts/pg-test-server.sh"
PRIV="$TEST_TMP/tmp"
mkdir -p "$PRIV"
chmod 755 "$TEST_TMP" "$PRIV"   # the postgres user (we may be root) must reach its directory
if ! TMPDIR="$PRIV" "$PGS" start "$TEST_TMP/probe.state" >/dev/null 2>&1; then
	TMPDIR="$PRIV" "$PGS" stop "$TEST_TMP/probe.state"
	echo "no PostgreSQL server can start here: test skipped"; echo "0 passed, 0 failed"; exit 0
fi
TMPDIR="$PRIV" "$PGS" stop "$TEST_TMP/probe.state"

bindir=$(pg_config --bindir 2>/dev/null)
[ -x "$bindir/pg_ctl" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
left() {   # what is left in $PRIV: guanxi-pg.* directories and postgres processes, one a line
	local d
	for d in "$PRIV"/guanxi-pg.*; do [ -e "$d" ] && echo "directory $d"; done
	ps -eo pid=,args= | grep -F "postgres -D $PRIV/" | grep -v grep | sed 's/^ */process /'
}
reap() {   # stops and removes what a failed check left (only ours: in $PRIV)
	local d p
	for d in "$PRIV"/guanxi-pg.*; do
		[ -d "$d/data" ] && as_pg "$bindir/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1
		rm -rf "$d"
	done
	for p in $(ps -eo pid=,args= | grep -F "postgres -D $PRIV/" | grep -v grep | awk '{print $1}'); do
		kill -KILL "$p" 2>/dev/null
	done
	true
}
trap 'reap; rm -rf "$TEST_TMP"' EXIT
check_left() {   # WHAT: nothing may be left in $PRIV
	local l
	l=$(left)
	expect_eq "$l" "" "$1: no server and no directory left"
	[ -z "$l" ] || reap
}

# --- start and stop ---
URL=$(TMPDIR="$PRIV" "$PGS" start "$PRIV/a.state")
expect_eq "$(psql -X -q -At "$URL" -c 'SELECT 1' 2>&1)" "1" "the server answers"
expect_eq "$(TMPDIR="$PRIV" "$PGS" start "$PRIV/a.state")" "$URL" "a second start finds it running"
TMPDIR="$PRIV" "$PGS" stop "$PRIV/a.state"
check_left "start, stop"
[ -e "$PRIV/a.state" ] && fail "the state file is removed" || pass

# --- a start cut short while its server comes up: stop (as the suites' traps do) ends it ---
TMPDIR="$PRIV" "$PGS" start "$PRIV/b.state" >/dev/null 2>&1 &
STARTER=$!
for _ in $(seq 1 600); do
	ls "$PRIV"/guanxi-pg.*/server.log >/dev/null 2>&1 && break   # initdb done, pg_ctl starting it
	sleep 0.02
done
kill -TERM "$STARTER" 2>/dev/null
wait "$STARTER" 2>/dev/null
sleep 1   # the server pg_ctl set going comes up on its own
TMPDIR="$PRIV" "$PGS" stop "$PRIV/b.state"
check_left "a start killed while its server came up, then stop"

# --- test_dbops.sh in the SQLite pass: a server of its own for the copy to PostgreSQL ---
env -u GUANXI_TEST_PG_URL TMPDIR="$PRIV" bash "$ROOT/tests/integration/test_dbops.sh" >"$TEST_TMP/dbops.log" 2>&1
expect_eq "$?:$(tail -n 1 "$TEST_TMP/dbops.log" | grep -c ' 0 failed')" "0:1" "test_dbops.sh passes (log: tail below on failure)"
[ "$(tail -n 1 "$TEST_TMP/dbops.log" | grep -c ' 0 failed')" = 1 ] || tail -n 20 "$TEST_TMP/dbops.log"
grep -q "no PostgreSQL server could be started" "$TEST_TMP/dbops.log" && fail "test_dbops.sh had its own server" || pass
check_left "test_dbops.sh"

# --- test_hooks_pgdown.sh killed with SIGTERM while its server is down for the outage ---
SHARED=$(TMPDIR="$PRIV" "$PGS" start "$PRIV/shared.state")   # stands in for the runner's server
GUANXI_TEST_PG_URL="$SHARED" TMPDIR="$PRIV" bash "$ROOT/tests/integration/test_hooks_pgdown.sh" >"$TEST_TMP/pgdown.log" 2>&1 &
SUITE=$!
OWN=
for _ in $(seq 1 900); do   # its own server up, stopped for the outage and started again by the suite
	OWN=$(ls -d "$PRIV"/guanxi-pg.* 2>/dev/null | grep -v -F "$(. "$PRIV/shared.state"; echo "$PGT_DIR")" | head -1)
	[ -n "$OWN" ] && [ "$(cat "$OWN/server.log" 2>/dev/null | grep -c 'ready to accept connections')" -ge 2 ] && break
	sleep 0.1
done
[ -n "$OWN" ] && pass || fail "test_hooks_pgdown.sh started a server of its own"
kill -TERM "$SUITE" 2>/dev/null
wait "$SUITE" 2>/dev/null
sleep 1
TMPDIR="$PRIV" "$PGS" stop "$PRIV/shared.state"
check_left "test_hooks_pgdown.sh killed midway"
finish
