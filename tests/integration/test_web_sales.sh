# Browser tests of the sales and service pages (tests/web/sales_test.mjs): Debian's Chromium
# driven headless by playwright-core against `guanxi serve` on a port the server picks, on the
# demo company's data plus a lead whose phone is customer 1's, an opportunity to drag to won and
# a fresh ticket, all added here through the CLI. Afterwards the database must hold what the
# browser did. Screenshots go to tests/web/screenshots/ (git-ignored).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG="$TEST_TMP/server.log"
browser_prereqs

demo_company
expect_status 0 "the demo company"
echo "web-sales-pw-1" | "$GUANXI" user passwd admin >"$T_OUT" 2>"$T_ERR"; T_STATUS=$?
expect_status 0 "password for the browser's user"
PHONE1=$(sql "SELECT mobile FROM customers WHERE id = 1")
expect_eq "${PHONE1:+yes}" "yes" "customer 1 has a mobile number"
run lead add name=重复的线索 source=展会 company=重复测试有限公司 "phone=$PHONE1" --format json
expect_status 0 "a lead with customer 1's phone, in the pool"
DUP_LEAD=$(sql "SELECT code FROM leads WHERE name = '重复的线索'")
CLOSE=$(date -u -d '+40 days' +%Y-%m-%d)
run opportunity add 2 name=拖拽测试商机 amount_fen=8800000 "expected_close_date=$CLOSE" --user admin
expect_status 0 "an opportunity to drag"
OPP=$(sql "SELECT code FROM opportunities WHERE name = '拖拽测试商机'")
run ticket add 3 channel=phone subject=浏览器工单：发票未收到 severity=medium kind=complaint --user admin
expect_status 0 "a ticket received now"
TICKET=$(sql "SELECT code FROM tickets WHERE subject = '浏览器工单：发票未收到'")
# two tickets received 30 days ago: one still open (overdue), one answered late (breached)
OLD=$(date -u -d '-30 days' '+%Y-%m-%d 09:00')
run ticket add 4 channel=phone subject=老工单：未处理 severity=high "received_at=$OLD" --user admin
expect_status 0 "an old open ticket"
run ticket add 5 channel=phone subject=老工单：迟答复 severity=high "received_at=$OLD" --assign admin --user admin
LATE=$(sql "SELECT code FROM tickets WHERE subject = '老工单：迟答复'")
run ticket start "$LATE" --user admin
run ticket reply "$LATE" 已处理 --user admin
expect_status 0 "a late reply"
expect_eq "$(sql "SELECT sla_breached FROM tickets WHERE code = '$LATE'")" "1" "the late reply breached the SLA"
OVERDUE=$(sql "SELECT code FROM tickets WHERE subject = '老工单：未处理'")

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
	for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/readyz" && break; sleep 0.1; done
	mkdir -p "$ROOT/tests/web/screenshots"
	BASE_URL="http://127.0.0.1:$PORT" GX_USER=admin GX_PASS=web-sales-pw-1 OPP_CODE="$OPP" TICKET_CODE="$TICKET" \
		OVERDUE_CODE="$OVERDUE" LATE_CODE="$LATE" \
		DUP_LEAD="$DUP_LEAD" CUST2="$(sql "SELECT name FROM customers WHERE id = 2")" \
		CUST3="$(sql "SELECT name FROM customers WHERE id = 3")" SHOT_DIR="$ROOT/tests/web/screenshots" CHROMIUM="$CHROMIUM" \
		timeout 180 node "$ROOT/tests/web/sales_test.mjs" >"$T_OUT" 2>"$T_ERR"
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

# What the browser did is in the database.
expect_eq "$(sql "SELECT l.status || '/' || c.name || '/' || o.amount_fen FROM leads l JOIN customers c ON c.id = l.customer_id JOIN opportunities o ON o.id = l.opportunity_id WHERE l.name = '浏览器<b>线索</b>'")" \
	"converted/杭州测试贸易有限公司/1200050" "the lead made in the page is converted, with its company and amount"
expect_eq "$(sql "SELECT status FROM leads WHERE code = '$DUP_LEAD'")" "new" "the duplicate lead is not converted"
expect_eq "$(sql "SELECT o.status || '/' || h.reason FROM opportunities o JOIN opportunity_stage_history h ON h.opportunity_id = o.id AND h.to_stage_id = o.stage_id WHERE o.code = '$OPP'")" \
	"won/价格合适，交付快" "the dragged opportunity is won with the reason typed"
expect_eq "$(sql "SELECT status || '/' || summary FROM tickets WHERE code = '$TICKET'")" "closed/客户确认收到" "the ticket closed with its summary"
expect_eq "$(sql "SELECT group_concat(action, ',') FROM (SELECT e.action FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.code = '$TICKET' ORDER BY e.id) x")" \
	"receive,assign,start,reply,close" "the ticket's events"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly on SIGTERM"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
