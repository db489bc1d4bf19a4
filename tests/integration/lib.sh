# Helpers for the CLI integration tests: each test script sources this file, calls the
# expect_* functions for every assertion, and ends with `finish`, which prints
# "N passed, N failed". $GUANXI is the binary under test (set by scripts/run-tests.sh); every
# test works in its own temporary directory, removed at the end.
set -u
: "${GUANXI:?GUANXI must point at the guanxi binary}"
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/guanxi-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
export GUANXI_DB="$TEST_TMP/test.db"
export GUANXI_LANG=en
unset GUANXI_USER
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
# sql QUERY: a read-only query on the test database through the sqlite3 shell, for assertions.
sql() { sqlite3 -batch -noheader "$GUANXI_DB" "$1"; }

finish() {
	echo "$T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
	exit $?
}
