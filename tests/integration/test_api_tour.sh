# The happy path of the API operations that no other suite walks over HTTP (issue "Server":
# every endpoint's happy path), on the demo company: reads by id, exports, pool release, lead
# status/assignment/release, an opportunity won into a contract with instalments and a
# payment, quotes through each state, transfer approvals, a credit override, tasks, knowledge
# snippets, escalation and reopening of a ticket, notifications, segments, a campaign, a club
# with points, survey waves, webhooks and calendar days (helpers/api_tour.py). Every answer is
# checked against docs/openapi.yaml by finish, and the run's coverage report lists what is left.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

demo_company
expect_status 0 "the demo company"
run user add boss display_name=总经理 role=admin
for u in admin wang.fang li.qiang boss; do
	"$GUANXI" user token "$u" --name tour 2>/dev/null | head -1 >"$TEST_TMP/token.$u"
done

"$GUANXI" serve --listen 127.0.0.1:0 --threads 4 --no-background 2>"$TEST_TMP/server.log" &
SRV=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TEST_TMP/server.log")
	[ -n "$PORT" ] && break
	sleep 0.1
done
python3 "$(dirname "$0")/helpers/api_tour.py" "http://127.0.0.1:$PORT" "$(cat "$TEST_TMP/token.admin")" \
	"$(cat "$TEST_TMP/token.wang.fang")" "$(cat "$TEST_TMP/token.li.qiang")" "$(cat "$TEST_TMP/token.boss")" \
	>"$TEST_TMP/tour.txt" 2>&1
grep -v '^SUMMARY' "$TEST_TMP/tour.txt"
read -r _ P _ F _ < <(grep '^SUMMARY' "$TEST_TMP/tour.txt") || { P=0; F=1; tail -5 "$TEST_TMP/tour.txt"; }
echo "api tour: $P passed, $F failed"
expect_eq "$F" "0" "every step of the tour answered as documented"
[ "$P" -ge 60 ] && pass || fail "the tour ran its checks (got $P)"
kill -TERM "$SRV"
wait "$SRV"
expect_eq "$?" "0" "the server stops cleanly"
finish
