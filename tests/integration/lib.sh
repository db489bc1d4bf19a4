# Helpers for the CLI integration tests: each test script sources this file, calls the
# expect_* functions for every assertion, and ends with `finish`, which prints
# "N passed, N failed". $GUANXI is the binary under test (set by scripts/run-tests.sh); every
# test works in its own temporary directory, removed at the end. With GUANXI_TEST_PG_URL set
# (the PostgreSQL pass of run-tests.sh) the test database is a new PostgreSQL database on that
# server instead of a SQLite file, dropped at the end; `sql` then runs through psql.
set -u
: "${GUANXI:?GUANXI must point at the guanxi binary}"
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/guanxi-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
export GUANXI_DB="$TEST_TMP/test.db"
if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	T_PGDB="gx_it_$$_${RANDOM}"
	psql -X -q -v ON_ERROR_STOP=1 "$GUANXI_TEST_PG_URL" -c "CREATE DATABASE $T_PGDB" >/dev/null || exit 1
	GUANXI_DB="${GUANXI_TEST_PG_URL%/*}/$T_PGDB"
	trap 'rm -rf "$TEST_TMP"; psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT
	# group_concat as SQLite has it, so that assertions read the same on both backends
	psql -X -q -v ON_ERROR_STOP=1 "$GUANXI_DB" >/dev/null <<'SQL' || exit 1
CREATE FUNCTION gx_test_concat(acc text, v text, sep text) RETURNS text LANGUAGE sql IMMUTABLE
  RETURN CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || sep || v END;
CREATE AGGREGATE group_concat(text, text) (SFUNC = gx_test_concat, STYPE = text);
SQL
fi
export GUANXI_LANG=en
unset GUANXI_USER
# Every server a test starts records its API answers here; finish checks them against
# docs/openapi.yaml (src/http/capture.c, helpers/openapi_check.py).
export GUANXI_CAPTURE_RESPONSES="$TEST_TMP/responses.jsonl"
T_PASSED=0
T_FAILED=0
T_OUT="$TEST_TMP/out"
T_ERR="$TEST_TMP/err"

# run ARGS…: runs guanxi, keeping stdout, stderr and the exit status.
run() {
	"$GUANXI" "$@" >"$T_OUT" 2>"$T_ERR"
	T_STATUS=$?
	return 0
}

# demo_company: `guanxi init` and `guanxi demo` into the test database (T_STATUS their status).
# The suites of one run of scripts/run-tests.sh share one demo company: the first to ask makes
# it and keeps a copy (a SQLite file in $GUANXI_TEST_SHARED, or a PostgreSQL template
# database), the later ones copy that. On PostgreSQL the demo is some 250,000 statements,
# half a minute of round trips; the copy is one CREATE DATABASE … TEMPLATE. The copy is keyed
# by the day in Shanghai and in UTC (the demo's dates follow the clock), so a suite never
# gets a company made on another day than it would have made itself. The PostgreSQL pass runs
# after the SQLite pass, which has usually made the company already: the first PostgreSQL suite
# then copies that file with `guanxi db copy` (it checks every table against the source and
# gathers the planner's statistics, as the demo does; some 5 s instead of 35–40) and keeps it
# as the template. A suite run on its own
# (no GUANXI_TEST_SHARED) or with GUANXI_NOW set makes its own. test_demo tests the demo.
demo_make() {
	run init
	[ "$T_STATUS" -ne 0 ] || run demo
}
demo_company() {
	if [ -z "${GUANXI_TEST_SHARED:-}" ] || [ ! -d "$GUANXI_TEST_SHARED" ] || [ -n "${GUANXI_NOW:-}" ]; then
		demo_make
		return 0
	fi
	local day tpl copy
	day="$(TZ=Asia/Shanghai date +%Y%m%d)_$(TZ=UTC date +%Y%m%d)"
	copy="$GUANXI_TEST_SHARED/demo-$day.db"
	if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
		tpl="gx_demo_$(basename "$GUANXI_TEST_SHARED" | tr -dc 'a-zA-Z0-9' | tr 'A-Z' 'a-z')_$day"
		if [ "$(psql -X -At "$GUANXI_TEST_PG_URL" -c "SELECT 1 FROM pg_database WHERE datname = '$tpl'")" = 1 ]; then
			psql -X -q -v ON_ERROR_STOP=1 "$GUANXI_TEST_PG_URL" -c "DROP DATABASE $T_PGDB" \
				-c "CREATE DATABASE $T_PGDB TEMPLATE $tpl" >"$T_OUT" 2>"$T_ERR"
			T_STATUS=$?
			return 0
		fi
		if [ -f "$copy" ]; then
			run db copy --from "$copy" --to "$GUANXI_DB"
		else
			demo_make
		fi
		[ "$T_STATUS" -eq 0 ] || return 0
		# a template must have no session: the demo's may still be closing
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			psql -X -q "$GUANXI_TEST_PG_URL" -c "CREATE DATABASE $tpl TEMPLATE $T_PGDB" >/dev/null 2>&1 && break
			sleep 0.3
		done
		return 0
	fi
	if [ -f "$copy" ]; then
		cp "$copy" "$GUANXI_DB" >"$T_OUT" 2>"$T_ERR"
		T_STATUS=$?
		return 0
	fi
	demo_make
	[ "$T_STATUS" -eq 0 ] || return 0
	# the last connection's close checkpointed the WAL; the pragma makes sure of it
	sqlite3 "$GUANXI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1 &&
		cp "$GUANXI_DB" "$copy.$$" && mv "$copy.$$" "$copy"
	return 0
}

pass() { T_PASSED=$((T_PASSED + 1)); }
fail() {
	T_FAILED=$((T_FAILED + 1))
	echo "FAILED: $*"
	echo "  stdout: $(head -c 600 "$T_OUT" 2>/dev/null)"
	echo "  stderr: $(head -c 600 "$T_ERR" 2>/dev/null)"
}

# expect_status N DESCRIPTION
expect_status() {
	if [ "$T_STATUS" -eq "$1" ]; then pass; else fail "$2 (exit $T_STATUS, wanted $1)"; fi
}
# expect_out TEXT DESCRIPTION: stdout contains TEXT
expect_out() {
	if grep -qF -- "$1" "$T_OUT"; then pass; else fail "$2 (stdout lacks '$1')"; fi
}
expect_no_out() {
	if grep -qF -- "$1" "$T_OUT"; then fail "$2 (stdout has '$1')"; else pass; fi
}
# expect_err TEXT DESCRIPTION: stderr contains TEXT
expect_err() {
	if grep -qF -- "$1" "$T_ERR"; then pass; else fail "$2 (stderr lacks '$1')"; fi
}
# expect_eq ACTUAL WANTED DESCRIPTION
expect_eq() {
	if [ "$1" = "$2" ]; then pass; else fail "$3 (got '$1', wanted '$2')"; fi
}
# sql QUERY: a query on the test database through the sqlite3 shell (or psql), for assertions.
# Write it in the SQL both understand; booleans as CASE WHEN … THEN 1 ELSE 0 END.
if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$GUANXI_DB" -c "$1"; }
else
	sql() { sqlite3 -batch -noheader "$GUANXI_DB" "$1"; }
fi

# browser_prereqs [TOOL…]: what the browser tests need, or the suite stops saying what is missing:
# node and npm, the given tools, Debian's chromium ($CHROMIUM), and the npm packages of
# package-lock.json (playwright-core, chart.js), installed with `npm ci` when absent.
browser_prereqs() {
	local root tool
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
	for tool in node npm "$@"; do
		command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/deps.sh installs it)"; exit 1; }
	done
	[ -x "$CHROMIUM" ] || { echo "$CHROMIUM is missing (scripts/deps.sh installs chromium)"; exit 1; }
	if [ ! -d "$root/node_modules/playwright-core" ] || [ ! -f "$root/node_modules/chart.js/dist/chart.umd.min.js" ]; then
		(cd "$root" && npm ci --no-audit --no-fund) >"$TEST_TMP/npm.log" 2>&1 ||
			{ echo "npm ci failed:"; tail -20 "$TEST_TMP/npm.log"; exit 1; }
	fi
}

finish() {
	if [ -s "${GUANXI_CAPTURE_RESPONSES:-}" ]; then
		local root
		root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
		if python3 "$root/tests/integration/helpers/openapi_check.py" "$root/docs/openapi.yaml" \
			"$GUANXI_CAPTURE_RESPONSES" >"$TEST_TMP/openapi.txt" 2>&1; then
			pass
			head -1 "$TEST_TMP/openapi.txt"
		else
			fail "the API answers match docs/openapi.yaml: $(cat "$TEST_TMP/openapi.txt")"
		fi
		# kept for the coverage report of run-tests.sh (every endpoint answered 2xx somewhere)
		[ -n "${GUANXI_CAPTURE_KEEP:-}" ] && cp "$GUANXI_CAPTURE_RESPONSES" \
			"$GUANXI_CAPTURE_KEEP/$(basename "$0" .sh)${GUANXI_TEST_PG_URL:+.pg}.jsonl"
	fi
	echo "$T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
	exit $?
}
