# Crash test of the server (issue "Server", docs/deploy.md "Durability"): 32 concurrent writers
# POST customers while `guanxi serve` is killed with SIGKILL at a random moment and started
# again, 20 times over. Every write that was answered 2xx must be stored afterwards, the
# database must pass its integrity checks (SQLite: integrity_check and foreign_key_check;
# PostgreSQL: every table read through `db checksum`), and the server must start and serve
# the stored writes, search included.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
HELPER="$(dirname "$0")/helpers/hooks_load.py"
KILLS=${CRASH_KILLS:-20}
export GUANXI_CAPTURE_TORN_OK=1   # a killed server may leave half a capture line (openapi_check.py)
cleanup() {
	local p
	for p in $(jobs -p); do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap 'cleanup; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

run init
run user add admin display_name=管理员 role=admin
run user token admin --name crash
TOKEN=$(head -1 "$T_OUT")
expect_eq "${#TOKEN}" "$(printf '%s' "$TOKEN" | tr -cd 'A-Za-z0-9_-' | wc -c)" "a bearer token"

# start_server LOG [PORT]: guanxi serve on PORT (0: a free one); sets SRV and PORT, 1 when it
# does not listen within 10 s. A port just freed by a killed server is bound again at once
# (the listening socket is gone with the process; SO_REUSEADDR covers connections in TIME_WAIT).
start_server() {
	"$GUANXI" serve --listen "127.0.0.1:${2:-0}" --threads 4 2>"$1" &
	SRV=$!
	local got=
	for _ in $(seq 1 100); do
		got=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1" 2>/dev/null)
		[ -n "$got" ] && { PORT=$got; return 0; }
		kill -0 "$SRV" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

start_server "$TEST_TMP/s0.log" 0 || { fail "the first server starts"; finish; }
BASE="http://127.0.0.1:$PORT"
SECONDS_LOAD=$((KILLS * 2 + 4))
python3 "$HELPER" load "$TOKEN" "$SECONDS_LOAD" 32 "$TEST_TMP/acked" "$BASE" >"$TEST_TMP/load.json" &
LOADER=$!

# Kill at a random moment 0.3–1.5 s after each start (a fixed seed: the same schedule each run).
RANDOM=4711
started=0
for k in $(seq 1 "$KILLS"); do
	sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.3 + r / 32767 * 1.2 }')"
	kill -KILL "$SRV"
	wait "$SRV" 2>/dev/null
	ok=0
	for _ in 1 2 3 4 5; do
		start_server "$TEST_TMP/s$k.log" "$PORT" && { ok=1; break; }
		wait "$SRV" 2>/dev/null
		sleep 0.2
	done
	[ "$ok" = 1 ] && started=$((started + 1))
done
expect_eq "$started" "$KILLS" "the server started again after each of $KILLS kills"
wait "$LOADER"
ACKED=$(wc -l <"$TEST_TMP/acked")
echo "load: $(cat "$TEST_TMP/load.json"), acknowledged $ACKED over $KILLS kills"
[ "$ACKED" -gt 200 ] && pass || fail "at least 200 writes acknowledged (got $ACKED)"

# The last server serves what was stored; then it stops and the files are checked at rest.
curl -s -H "Authorization: Bearer $TOKEN" -o "$T_OUT" -w '%{http_code}' \
	"$BASE/api/v1/search?q=$(tail -1 "$TEST_TMP/acked")" >"$TEST_TMP/code"
expect_eq "$(cat "$TEST_TMP/code")" "200" "search answers after the last restart"
expect_out "\"code\":\"$(tail -1 "$TEST_TMP/acked")\"" "the last acknowledged customer is found by its code"
kill -TERM "$SRV"
wait "$SRV"
expect_eq "$?" "0" "the last server stops cleanly"

sql "SELECT code FROM customers WHERE code LIKE 'L%'" | sort >"$TEST_TMP/present"
expect_eq "$(comm -23 "$TEST_TMP/acked" "$TEST_TMP/present" | wc -l)" "0" "every acknowledged write is stored"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'L%'")" "$(sort -u "$TEST_TMP/present" | wc -l)" "no customer stored twice"
if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	run db checksum
	expect_status 0 "every table reads back whole (db checksum)"
else
	expect_eq "$(sqlite3 "$GUANXI_DB" 'PRAGMA integrity_check')" "ok" "integrity_check"
	expect_eq "$(sqlite3 "$GUANXI_DB" 'PRAGMA foreign_key_check' | wc -l)" "0" "foreign_key_check"
fi
run customer list --format csv --limit 1
expect_status 0 "the CLI opens the database afterwards"
finish
