# PostgreSQL stopped under load (docs/deploy.md "When the database goes away"): a private
# PostgreSQL server of this test's own (scripts/pg-test-server.sh), guanxi serve on it, writers
# posting customers; the database is stopped for a few seconds and started again. While it is
# down requests answer 503 `unavailable` (never 500, never a hang); after it is back writes
# succeed again without restarting guanxi; every acknowledged write is stored. Runs in the
# PostgreSQL pass only (GUANXI_TEST_PG_URL set).
. "$(dirname "$0")/lib.sh"
if [ -z "${GUANXI_TEST_PG_URL:-}" ]; then echo "PostgreSQL pass only"; echo "0 passed, 0 failed"; exit 0; fi
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing: test skipped"; echo "0 passed, 0 failed"; exit 0; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HELPER="$(dirname "$0")/helpers/hooks_load.py"
STATE="$TEST_TMP/pg.state"
SERVER=
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
	"$ROOT/scripts/pg-test-server.sh" stop "$STATE" >/dev/null 2>&1
}
trap 'cleanup; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

PRIVATE=$("$ROOT/scripts/pg-test-server.sh" start "$STATE") || { echo "private server did not start"; exit 1; }
. "$STATE"
export GUANXI_DB="$PRIVATE"
bindir=$(pg_config --bindir 2>/dev/null)
[ -x "$bindir/pg_ctl" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_stop() { as_pg "$bindir/pg_ctl" -D "$PGT_DIR/data" -m fast -w stop >/dev/null; }
pg_start() {   # the options of scripts/pg-test-server.sh, same port
	as_pg "$bindir/pg_ctl" -D "$PGT_DIR/data" -l "$PGT_DIR/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $PGT_PORT -k $PGT_DIR -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=60" \
		start >/dev/null
}

run init
expect_status 0 "init on the private server"
run user add admin display_name=管理员 role=admin
run user token admin
TOKEN=$(head -1 "$T_OUT")
"$GUANXI" serve --listen 127.0.0.1:0 --threads 4 2>"$TEST_TMP/server.log" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TEST_TMP/server.log" 2>/dev/null)
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"

post() {   # CODE: posts one customer; prints the HTTP status
	curl -s -m 15 -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "{\"name\":\"单独$1\",\"code\":\"$1\"}" "$BASE/api/v1/customers"
}
expect_eq "$(post S1)" "201" "a write before the outage"

python3 "$HELPER" load "$TOKEN" 10 8 "$TEST_TMP/acked" "$BASE" >"$TEST_TMP/load.json" &
LOADER=$!
sleep 2
pg_stop
T0=$SECONDS
expect_eq "$(post S2)" "503" "a write while the database is down answers 503"
expect_out '"code":"unavailable"' "with the error code unavailable"
expect_eq "$(curl -s -m 15 -o /dev/null -w '%{http_code}' "$BASE/readyz")" "503" "/readyz says not ready"
expect_eq "$(curl -s -m 15 -o /dev/null -w '%{http_code}' "$BASE/healthz")" "200" "/healthz: the process itself is fine"
[ $((SECONDS - T0)) -le 5 ] && pass || fail "the 503 answers came at once ($((SECONDS - T0)) s)"
sleep 2
pg_start
OK=
for i in $(seq 1 30); do
	[ "$(post "S3-$i")" = 201 ] && { OK=1; break; }
	sleep 0.2
done
expect_eq "$OK" "1" "writes succeed again after the database is back, without restarting guanxi"
wait "$LOADER"
echo "load: $(cat "$TEST_TMP/load.json")"
grep -q '"503"' "$TEST_TMP/load.json" && pass || fail "the writers saw 503 during the outage"
grep -q '"500"' "$TEST_TMP/load.json" && fail "no writer saw 500" || pass
sql "SELECT code FROM customers WHERE code LIKE 'L%'" | sort >"$TEST_TMP/present"
expect_eq "$(comm -23 "$TEST_TMP/acked" "$TEST_TMP/present" | wc -l)" "0" "every acknowledged write is stored"
N=$(wc -l <"$TEST_TMP/acked"); [ "$N" -gt 20 ] && pass || fail "writes were acknowledged ($N)"
kill -TERM "$SERVER"; wait "$SERVER"; RC=$?; SERVER=
expect_eq "$RC" "0" "the server stops cleanly"
finish
