#!/usr/bin/env bash
# Runs every test of the project against the build in $1 (default build/): the cmocka unit test
# binaries, then the integration scripts in tests/integration/ (which get GUANXI=<binary>).
# Prints each suite's result and ends with the line "N passed, N failed".
# TEST_FILTER=regex runs only the suites whose name matches.
# Then, when PostgreSQL is installed, a second pass against a test server this script starts
# and stops (scripts/pg-test-server.sh): the unit suites that take GUANXI_TEST_DB_URL (those
# using tests/unit/support/test_db.h) and the integration scripts, named "pg:<suite>".
# GUANXI_TEST_PG=all (default) | unit (unit suites only) | no (skip the pass).
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export GUANXI="$root/$build/guanxi"
export GUANXI_TEST_DATA="$root/tests/data"
export GUANXI_SHARED="${GUANXI_SHARED:-$root/../shared}"
export GUANXI_LANG=en
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
logdir="$root/$build/test-logs"
mkdir -p "$logdir"
passed=0; failed=0; failed_suites=()
# A directory the suites of this run share, removed at the end: tests/integration/lib.sh
# (demo_company) keeps the demo company there once one suite has made it.
GUANXI_TEST_SHARED=$(mktemp -d "${TMPDIR:-/tmp}/guanxi-shared.XXXXXX")
export GUANXI_TEST_SHARED
pg_state=
cleanup() {
	rm -rf "$GUANXI_TEST_SHARED"
	[ -z "$pg_state" ] || scripts/pg-test-server.sh stop "$pg_state"
}
trap cleanup EXIT
# The API answers of the integration suites (tests/integration/lib.sh keeps each suite's), for
# the coverage check at the end.
export GUANXI_CAPTURE_KEEP="$logdir/captures${TEST_FILTER:+-filtered}"   # a filtered run leaves a whole run's alone
rm -rf "$GUANXI_CAPTURE_KEEP"
mkdir -p "$GUANXI_CAPTURE_KEEP"

run_suite() {   # name, log, command...
	local name=$1 log=$2; shift 2
	local start=$SECONDS
	"$@" >"$log" 2>&1
	local rc=$?
	local p f
	# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)"; the shell suites
	# print "N passed, N failed" through tests/integration/lib.sh.
	p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
	f=$(grep -oE '^\[  FAILED  \] [0-9]+ test' "$log" | grep -oE '[0-9]+' | tail -1)
	if [ -z "$p$f" ]; then
		p=$(grep -oE '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | cut -d' ' -f1)
		f=$(grep -oE '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | cut -d' ' -f3)
	fi
	p=${p:-0}; f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or exited badly
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failed_suites+=("$name")
		echo "FAIL  $name ($p passed, $f failed, $((SECONDS - start))s) — log: $log"
		tail -n 40 "$log" | sed 's/^/    /'
	else
		echo "ok    $name ($p passed, $((SECONDS - start))s)"
	fi
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	[[ -n "${TEST_FILTER:-}" && ! "$name" =~ $TEST_FILTER ]] && continue
	run_suite "$name" "$logdir/$name.log" "$t"
done
for t in tests/integration/test_*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	[[ -n "${TEST_FILTER:-}" && ! "$name" =~ $TEST_FILTER ]] && continue
	run_suite "$name" "$logdir/$name.log" bash "$t"
done

pg_mode=${GUANXI_TEST_PG:-all}
if [ "$pg_mode" != no ]; then
	pg_state="$logdir/pg-test-server.state"   # before the start: one cut short leaves a server too
	if pg_url=$(scripts/pg-test-server.sh start "$pg_state" 2>"$logdir/pg-test-server.log"); then
		for t in "$build"/tests/test_*; do
			[ -x "$t" ] || continue
			name=$(basename "$t")
			grep -q 'support/test_db.h' "tests/unit/$name.c" 2>/dev/null || continue
			[[ -n "${TEST_FILTER:-}" && ! "$name" =~ $TEST_FILTER ]] && continue
			run_suite "pg:$name" "$logdir/pg-$name.log" env GUANXI_TEST_DB_URL="$pg_url" "$t"
		done
		for t in tests/integration/test_*.sh; do
			[ -f "$t" ] && [ "$pg_mode" = all ] || continue
			grep -q '^# no-database-backend' "$t" && continue   # a suite that touches no database
			name=$(basename "$t" .sh)
			[[ -n "${TEST_FILTER:-}" && ! "$name" =~ $TEST_FILTER ]] && continue
			run_suite "pg:$name" "$logdir/pg-$name.log" env GUANXI_TEST_PG_URL="$pg_url" bash "$t"
		done
	elif [ -n "$pg_url" ] && [ "${pg_url#SKIPPED}" != "$pg_url" ]; then
		echo "$pg_url"
	else
		echo "FAIL  pg: the PostgreSQL test server did not start — log: $logdir/pg-test-server.log"
		sed 's/^/    /' "$logdir/pg-test-server.log"
		failed=$((failed + 1)); failed_suites+=("pg-test-server")
	fi
fi

# Short fuzz runs of the libFuzzer targets (built by `make fuzz-build`), a smoke test: a crash,
# leak or sanitizer report fails the suite.
fuzz_one() {   # binary seconds
	if scripts/fuzz-run.sh "$1" "$2"; then
		echo "1 passed, 0 failed"
	else
		echo "0 passed, 1 failed"
		return 1
	fi
}
if [ -n "${FUZZ_SMOKE:-}" ]; then
	for f in "$FUZZ_SMOKE"/fuzz_*; do
		[ -x "$f" ] && [ -f "$f" ] || continue
		name="fuzz:$(basename "$f")"
		[[ -n "${TEST_FILTER:-}" && ! "$name" =~ $TEST_FILTER ]] && continue
		run_suite "$name" "$logdir/$(basename "$f").fuzz.log" fuzz_one "$f" "${FUZZ_SMOKE_SECONDS:-10}"
	done
fi

# Every operation of docs/openapi.yaml must have answered 2xx in some suite (its happy path is
# tested); only a whole run has seen every suite, so a filtered run skips this check.
if [ -z "${TEST_FILTER:-}" ] && ls "$GUANXI_CAPTURE_KEEP"/*.jsonl >/dev/null 2>&1; then
	if python3 tests/integration/helpers/openapi_check.py --coverage docs/openapi.yaml \
		"$GUANXI_CAPTURE_KEEP"/*.jsonl >"$logdir/api-coverage.txt" 2>&1; then
		passed=$((passed + 1))
		echo "ok    api-coverage ($(head -1 "$logdir/api-coverage.txt" | sed 's/^openapi coverage: //'))"
	else
		failed=$((failed + 1)); failed_suites+=("api-coverage")
		echo "FAIL  api-coverage — log: $logdir/api-coverage.txt"
		sed 's/^/    /' "$logdir/api-coverage.txt" | head -40
	fi
fi

[ ${#failed_suites[@]} -gt 0 ] && echo "failed suites: ${failed_suites[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
