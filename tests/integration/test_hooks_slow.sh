# A webhook receiver that accepts connections and never answers must not slow requests down:
# deliveries run on the server's own background thread. Twenty writes in a row each answer
# well within a second while every delivery attempt waits out its 2 s timeout; the delivery
# log then shows the timeout and a retry planned; the server still stops cleanly and at once
# (the attempt in flight ends, the other claims are handed back).
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

run init
run user add admin display_name=管理员 role=admin
run user token admin
TOKEN=$(head -1 "$T_OUT")
for kv in job_webhooks_every_s=1 webhook_backoff_s=1 webhook_timeout_s=2; do
	run setting set "${kv%%=*}" "${kv#*=}"
done
python3 "$HELPER" hang "$TEST_TMP/rport" &
for _ in $(seq 1 50); do [ -s "$TEST_TMP/rport" ] && break; sleep 0.1; done
run webhook add "http://127.0.0.1:$(cat "$TEST_TMP/rport")/hook" --events customer.created
expect_status 0 "webhook add to a receiver that never answers"

"$GUANXI" serve --listen 127.0.0.1:0 --threads 2 2>"$TEST_TMP/server.log" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TEST_TMP/server.log" 2>/dev/null)
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
SLOW=0; MAX=0
for i in $(seq 1 20); do
	t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' -d "{\"name\":\"慢接收$i\",\"code\":\"SL$i\"}" "$BASE/api/v1/customers")
	[ "${t%% *}" = 201 ] || SLOW=$((SLOW + 100))
	ms=$(awk -v s="${t#* }" 'BEGIN { printf "%d", s * 1000 }')
	[ "$ms" -gt "$MAX" ] && MAX=$ms
	[ "$ms" -ge 1000 ] && SLOW=$((SLOW + 1))
	sleep 0.1
done
echo "slowest of 20 writes: $MAX ms"
expect_eq "$SLOW" "0" "every write is stored and answers within a second while deliveries time out"
for _ in $(seq 1 30); do
	curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/webhooks/deliveries?limit=100" >"$T_OUT"
	grep -q 'timed out' "$T_OUT" && break
	sleep 0.2
done
expect_out 'timed out after' "the delivery log shows the timeout"
expect_out '"status":"pending"' "and a retry planned"
expect_no_out '"status":"delivered"' "nothing counts as delivered"
T0=$SECONDS
kill -TERM "$SERVER"; wait "$SERVER"; RC=$?
expect_eq "$RC" "0" "the server stops cleanly with a delivery in flight"
[ $((SECONDS - T0)) -le 5 ] && pass || fail "it stopped within 5 s (took $((SECONDS - T0)) s): claims not yet attempted are handed back"
finish
