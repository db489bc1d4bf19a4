# Browser test of the dashboard, public pool, credit and receivables pages and the printable
# customer file card (tests/web/pages_test.mjs) on the demo company (`guanxi demo`: customers,
# credit invoices and payments, survey waves). The figures the pages must show are computed
# here independently with SQL and handed to the browser test; GET /api/v1/dashboard is checked
# first with curl after some customers are back-dated to an earlier month. Screenshots of every
# page at 1280 and 390 px go to tests/web/screenshots/ (git-ignored).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG="$TEST_TMP/server.log"
browser_prereqs curl jq

demo_company
expect_status 0 "the demo company"
echo "pages-admin-pw-1" | "$GUANXI" user passwd admin >"$T_OUT" 2>"$T_ERR"; T_STATUS=$?
expect_status 0 "password for the browser's user"
# one claim a day, so that the second claim in the browser meets the limit
run setting set pool_max_claims_per_day 1
expect_status 0 "claim limit 1 a day"
# every third customer back-dated to January: not new this month
sql "UPDATE customers SET created_at = '2026-01-15T02:00:00Z' WHERE id % 3 = 0" >/dev/null
LIVE="deleted_at IS NULL AND merged_into IS NULL"
TOTAL=$(sql "SELECT COUNT(*) FROM customers WHERE $LIVE")
OLD=$(sql "SELECT COUNT(*) FROM customers WHERE $LIVE AND id % 3 = 0")
POOL=$(sql "SELECT COUNT(*) FROM customers WHERE $LIVE AND owner_id IS NULL")
OPEN=$(sql "SELECT SUM(amount_fen - paid_fen) FROM invoices WHERE status = 'open'")
INVOICES=$(sql "SELECT COUNT(*) FROM invoices")
OPEN_INVOICES=$(sql "SELECT COUNT(*) FROM invoices WHERE status = 'open'")
OWING=$(sql "SELECT COUNT(DISTINCT customer_id) FROM invoices WHERE status = 'open'")
# the customer owing most, for the 360 page and the file card
DEBTOR=$(sql "SELECT customer_id FROM invoices WHERE status = 'open' GROUP BY customer_id ORDER BY SUM(amount_fen - paid_fen) DESC, customer_id LIMIT 1")
DEBTOR_OPEN=$(sql "SELECT SUM(amount_fen - paid_fen) FROM invoices WHERE status = 'open' AND customer_id = $DEBTOR")
expect_eq "$([ "$TOTAL" -gt 100 ] && [ "$POOL" -gt 26 ] && [ "$OPEN" -gt 0 ] && echo ok)" "ok" "the demo has customers, a pool of more than a page and open receivables"

"$GUANXI" serve --listen 127.0.0.1:0 --web "$ROOT/web" 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
expect_eq "${PORT:+yes}" "yes" "the server prints its port"
if [ -n "$PORT" ]; then
	B="http://127.0.0.1:$PORT"
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "$B/readyz" && break
		sleep 0.1
	done
	J="$TEST_TMP/cookies"
	curl -s -c "$J" -H 'Content-Type: application/json' -d '{"username":"admin","password":"pages-admin-pw-1"}' "$B/api/v1/login" >/dev/null
	curl -s -b "$J" "$B/api/v1/dashboard" >"$T_OUT"
	expect_eq "$(jq -c '.customers | {total, new_this_month, pool}' "$T_OUT")" "{\"total\":$TOTAL,\"new_this_month\":$((TOTAL - OLD)),\"pool\":$POOL}" "dashboard counts"
	# as of a day in January 2026 (Shanghai), "this month" runs from 2025-12-31T16:00:00Z to the
	# end of that day: the back-dated customers, not the later ones
	curl -s -b "$J" "$B/api/v1/dashboard?as_of=2026-01-20" >"$T_OUT"
	expect_eq "$(jq -r '[.month_start, .month_start_utc, .customers.new_this_month] | join(" ")' "$T_OUT")" "2026-01-01 2025-12-31T16:00:00Z $OLD" "dashboard as of January"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b "$J" "$B/api/v1/dashboard?as_of=2026-02-30")" "400" "an impossible date is refused"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/dashboard")" "401" "the dashboard needs a login"

	mkdir -p "$ROOT/tests/web/screenshots"
	BASE_URL="$B" GX_USER=admin GX_PASS=pages-admin-pw-1 SHOT_DIR="$ROOT/tests/web/screenshots" CHROMIUM="$CHROMIUM" \
		EXPECT_TOTAL="$TOTAL" EXPECT_NEW="$((TOTAL - OLD))" EXPECT_POOL="$POOL" EXPECT_OPEN="$OPEN" \
		EXPECT_INVOICES="$INVOICES" EXPECT_OPEN_INVOICES="$OPEN_INVOICES" EXPECT_OWING="$OWING" \
		DEBTOR="$DEBTOR" DEBTOR_OPEN="$DEBTOR_OPEN" \
		timeout 180 node "$ROOT/tests/web/pages_test.mjs" >"$T_OUT" 2>"$T_ERR"
	T_STATUS=$?
	cat "$T_OUT"
	line=$(grep -E '^web: [0-9]+ passed, [0-9]+ failed' "$T_OUT" | tail -1)
	if [ -n "$line" ]; then
		set -- $line
		T_PASSED=$((T_PASSED + $2))
		T_FAILED=$((T_FAILED + $4))
	else
		fail "the browser test ended without its count (exit $T_STATUS)"
	fi
fi

# The one claim the browser made is stored; the refused one left its customer in the pool.
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE $LIVE AND owner_id IS NULL")" "$((POOL - 1))" "one customer left the pool"
expect_eq "$(sql "SELECT COUNT(*) FROM pool_events WHERE action = 'claim' AND actor_id = (SELECT id FROM users WHERE username = 'admin')")" "1" "one claim event"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly on SIGTERM"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
