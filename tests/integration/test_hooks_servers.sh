# Several servers on one database (docs/deploy.md "Several servers"): two `guanxi serve`
# processes share the test database; a session made on one is valid on the other; 32
# concurrent writers spread over both while one server is killed with SIGKILL mid-run: every
# acknowledged (2xx) write is stored and has its customer.created event; a receiver on
# 127.0.0.1 gets each event signed, under one stable event id per record, and sees an event
# twice only when the killed server's worker held it (at most one batch of 4).
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing: test skipped"; echo "0 passed, 0 failed"; exit 0; }
HELPER="$(dirname "$0")/helpers/hooks_load.py"
# Ends only what this script started and is still running: `jobs -p` lists live children
# (a stored process id may have been reused by now), and the receiver's own id only while
# that process is still the receiver.
cleanup() {
	local p r
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	r=$(cat "$TEST_TMP/rport.pid" 2>/dev/null)
	[ -n "$r" ] && grep -q hooks_load "/proc/$r/cmdline" 2>/dev/null && kill "$r"
	wait 2>/dev/null
}
trap 'cleanup; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

# Servers starting together on a new database apply each migration once (PostgreSQL: under an
# advisory lock; SQLite: re-checked inside each migration's IMMEDIATE transaction).
RACE="$TEST_TMP/race.db"
if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	psql -X -q "$GUANXI_TEST_PG_URL" -c "CREATE DATABASE ${T_PGDB}_race" >/dev/null
	RACE="${GUANXI_TEST_PG_URL%/*}/${T_PGDB}_race"
fi
RC=0
for i in 1 2 3; do "$GUANXI" init --db "$RACE" >"$TEST_TMP/race$i" 2>&1 & done
for i in 1 2 3; do wait -n || RC=1; done
expect_eq "$RC" "0" "three inits at once on a new database all succeed"
NMIG=$(ls "$(dirname "$0")"/../../src/store/migrations/sqlite/*.sql | wc -l)
if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	GOT=$(psql -X -At "$RACE" -c "SELECT COUNT(*) FROM schema_migrations")
	psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE ${T_PGDB}_race WITH (FORCE)" >/dev/null
else
	GOT=$(sqlite3 "$RACE" "SELECT COUNT(*) FROM schema_migrations")
fi
expect_eq "$GOT" "$NMIG" "each migration recorded once"

run init
run user add admin display_name=管理员 role=admin
echo "secret-admin-pw" | "$GUANXI" user passwd admin >/dev/null 2>&1
run user token admin --name load
TOKEN=$(head -1 "$T_OUT")
for kv in job_webhooks_every_s=1 webhook_backoff_s=1 webhook_timeout_s=2; do
	run setting set "${kv%%=*}" "${kv#*=}"
done

# The receiver, and a webhook pointing at it.
python3 "$HELPER" receive "$TEST_TMP/rport" "$TEST_TMP/received" "$TEST_TMP/secret" &
for _ in $(seq 1 50); do [ -s "$TEST_TMP/rport" ] && break; sleep 0.1; done
run webhook add "http://127.0.0.1:$(cat "$TEST_TMP/rport")/hook" --events customer.created --format csv
expect_status 0 "webhook add"
tail -1 "$T_OUT" | cut -d, -f3 >"$TEST_TMP/secret"
expect_eq "$(cut -c1-6 "$TEST_TMP/secret")" "whsec_" "the secret is printed once"

start_server() {   # LOG: starts guanxi serve on a free port; sets PORT
	"$GUANXI" serve --listen 127.0.0.1:0 --threads 4 2>"$1" &
		LAST=$!
	PORT=
	for _ in $(seq 1 100); do
		PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1" 2>/dev/null)
		[ -n "$PORT" ] && break
		sleep 0.1
	done
}
start_server "$TEST_TMP/s1.log"; S1=$LAST; B1="http://127.0.0.1:$PORT"
start_server "$TEST_TMP/s2.log"; S2=$LAST; B2="http://127.0.0.1:$PORT"

# A session made on one server is valid on the other: nothing lives in a server's memory.
curl -s -c "$TEST_TMP/jar" -o "$T_OUT" -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"username":"admin","password":"secret-admin-pw"}' "$B1/api/v1/login" >"$TEST_TMP/code"
expect_eq "$(cat "$TEST_TMP/code")" "200" "login on server 1"
expect_eq "$(curl -s -b "$TEST_TMP/jar" -o /dev/null -w '%{http_code}' "$B2/api/v1/session")" "200" \
	"the session cookie from server 1 is valid on server 2"

# 32 writers over both servers for 8 s; server 2 is killed with SIGKILL after 3 s.
python3 "$HELPER" load "$TOKEN" 8 32 "$TEST_TMP/acked" "$B1" "$B2" >"$TEST_TMP/load.json" &
LOADER=$!
sleep 3
kill -KILL "$S2"
wait "$LOADER"
echo "load: $(cat "$TEST_TMP/load.json"), acknowledged $(wc -l <"$TEST_TMP/acked"), requests run again after a serialization failure: $(cat "$TEST_TMP/s1.log" "$TEST_TMP/s2.log" | grep -c '"retries"')"
ACKED=$(wc -l <"$TEST_TMP/acked")
[ "$ACKED" -gt 100 ] && pass || fail "at least 100 writes acknowledged (got $ACKED)"
sql "SELECT code FROM customers WHERE code LIKE 'L%'" | sort >"$TEST_TMP/present"
expect_eq "$(comm -23 "$TEST_TMP/acked" "$TEST_TMP/present" | wc -l)" "0" "every acknowledged write is stored"
expect_eq "$(sql "SELECT COUNT(*) FROM customers c WHERE code LIKE 'L%' AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.entity = 'customer' AND e.entity_id = c.id AND e.type = 'customer.created')")" \
	"0" "every stored write has its event in the outbox"

# Server 1 delivers everything, including what the killed server had claimed, once that
# claim's lease ran out (and then perhaps a second time: at-least-once).
STORED=$(wc -l <"$TEST_TMP/present")
for _ in $(seq 1 40); do
	GOT=$(python3 -c 'import json,sys; print(len({json.loads(l)["entity_id"] for l in open(sys.argv[1])}))' "$TEST_TMP/received" 2>/dev/null)
	[ "${GOT:-0}" -ge "$STORED" ] && [ "$(sql "SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'delivered'")" = 0 ] && break
	sleep 1
done
expect_eq "$GOT" "$STORED" "the receiver got an event for every stored customer"
python3 - "$TEST_TMP/received" >"$TEST_TMP/verdict" <<'PY'
import json, sys, collections
lines = [json.loads(l) for l in open(sys.argv[1])]
ids = collections.defaultdict(set)
for l in lines:
    ids[l["entity_id"]].add(l["event_id"])
print(all(l["sig_ok"] for l in lines), all(l["event_id"] == l["id_in_body"] for l in lines),
      max(len(s) for s in ids.values()), len(lines) - len({l["event_id"] for l in lines}))
PY
read -r SIGS IDS PER_RECORD DUPS <"$TEST_TMP/verdict"
echo "received $(wc -l <"$TEST_TMP/received") deliveries, $DUPS repeated"
expect_eq "$SIGS" "True" "every delivery's signature verifies"
expect_eq "$IDS" "True" "X-Guanxi-Event-Id is the body's id"
expect_eq "$PER_RECORD" "1" "one stable event id per record"
[ "$DUPS" -le 4 ] && pass || fail "repeats only from the killed worker's batch ($DUPS > 4)"
expect_eq "$(sql "SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'delivered'")" "0" "every delivery is marked delivered"
curl -s -H "Authorization: Bearer $TOKEN" "$B1/api/v1/jobs?kind=webhooks&limit=1" >"$T_OUT"
expect_out '"kind":"webhooks"' "the delivery runs are listed at /api/v1/jobs"
curl -s -H "Authorization: Bearer $TOKEN" "$B1/api/v1/webhooks/deliveries?status=delivered&limit=1" >"$T_OUT"
expect_out '"status":"delivered"' "the delivery log at /api/v1/webhooks/deliveries"
kill -TERM "$S1"
wait "$S1"
expect_eq "$?" "0" "server 1 stops cleanly on SIGTERM with its background threads"
finish
