# GET /api/v1/dashboard over HTTP on a small hand-made company (not the demo): every KPI and one
# month of each trend against values computed by hand below, as of 2026-06-15 in the company's
# time zone (Asia/Shanghai, UTC+8), for the admin (scope all) and for a sales rep (scope team,
# no team: own customers and the public pool). Rows are written with SQL so that their dates
# sit exactly on the windows' edges. The windows as of 2026-06-15:
#   this month 2026-06-01 (2026-05-31T16:00:00Z) .. 2026-06-15 (ends 2026-06-15T16:00:00Z)
#   active 2025-06-16..2026-06-15, prior 2024-06-16..2025-06-15, Tucker months 2026-03..05,
#   trend 2025-07 .. 2026-06.
# Customers (s1 = rep 1, s2 = rep 2):
#   C1 s1  sales 2025-01-10, 2026-03-10, 04-05, 05-20, 06-02    active, retained, loyal
#   C2 s1  sale 2025-03-01 (and 2024-06-15)                      churned
#   C3 s2  sales 2025-08-20, 2026-06-10, refund 2026-06-12       active; new this month
#   C4 pool, created 2026-05-20, no orders                      new in May
#   C5 s2  in the recycle bin, a sale 2026-06-01                 counted nowhere
#   C6 s1  a cancelled order 2026-06-05; created 06-10 23:59:59 local: new this month
#   C7 s2  sale 2025-06-15 (the prior window's last day); created 06-01 00:00 local: new
#   C8 s1  sale 2024-06-15 (a day before the prior window)      none
#   C9 s1  created 2026-06-16 00:00 local (after as_of)          counted in total only
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing"; exit 1; }
command -v jq >/dev/null || { echo "jq is missing"; exit 1; }
LOG="$TEST_TMP/server.log"

run init
run user add admin display_name=管理员 role=admin
run user add s1 display_name=销售甲 role=sales
run user add s2 display_name=销售乙 role=sales
expect_status 0 "users"
declare -A TOK
for u in admin s1 s2; do
	run user token "$u"
	TOK[$u]=$(head -1 "$T_OUT")
done
for c in C1:s1 C2:s1 C3:s2 C4: C5:s2 C6:s1 C7:s2 C8:s1 C9:s1; do
	code=${c%%:*} owner=${c#*:}
	run customer add "code=$code" "name=客户$code" kind=person ${owner:+owner_id=$owner}
	expect_status 0 "customer $code"
done
cust() { echo "(SELECT id FROM customers WHERE code = '$1')"; }
user() { echo "(SELECT id FROM users WHERE username = '$1')"; }
# order NO CUSTOMER DATE AMOUNT [STATUS]
order() {
	echo "INSERT INTO orders (order_no, customer_id, kind, ordered_at, order_date, amount_fen, status, created_at,"\
		"updated_at) VALUES ('$1', $(cust "$2"), 'sale', '${3}T02:00:00Z', '$3', $4, '${5:-completed}',"\
		"'${3}T02:00:00Z', '${3}T02:00:00Z');"
}
# ticket CODE CUSTOMER KIND STATUS OWNER RECEIVED_AT DUE_AT
ticket() {
	echo "INSERT INTO tickets (code, customer_id, kind, channel, subject, status, owner_id, received_at, sla_minutes,"\
		"sla_started_at, due_at, created_at, updated_at) VALUES ('$1', $(cust "$2"), '$3', 'phone', 'subject $1',"\
		"'$4', $(user "$5"), '$6', 480, '$6', '$7', '$6', '$6');"
}
# opp CODE CUSTOMER OWNER STATUS AMOUNT PROBABILITY [CLOSED_DATE]
opp() {
	local closed="NULL" closed_date="NULL"
	[ -n "${7:-}" ] && closed="'${7}T03:00:00Z'" closed_date="'$7'"
	echo "INSERT INTO opportunities (code, name, customer_id, pipeline_id, stage_id, status, amount_fen,"\
		"expected_close_date, owner_id, closed_at, closed_date, stage_changed_at, created_at, updated_at) VALUES"\
		"('$1', 'deal $1', $(cust "$2"), (SELECT id FROM pipelines WHERE code = 'DASH'),"\
		"(SELECT id FROM pipeline_stages WHERE name = 'P$6'), '$4', $5, '2026-07-31', $(user "$3"), $closed,"\
		"$closed_date, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
}
FIXTURE="$TEST_TMP/fixture.sql"
{
	echo "UPDATE customers SET created_at = '2024-01-01T00:00:00Z' WHERE code IN ('C1', 'C5');"
	echo "UPDATE customers SET created_at = '2024-02-01T00:00:00Z' WHERE code = 'C2';"
	echo "UPDATE customers SET created_at = '2026-06-03T01:00:00Z' WHERE code = 'C3';"
	echo "UPDATE customers SET created_at = '2026-05-20T01:00:00Z' WHERE code = 'C4';"
	echo "UPDATE customers SET created_at = '2026-06-10T15:59:59Z' WHERE code = 'C6';"
	echo "UPDATE customers SET created_at = '2026-05-31T16:00:00Z' WHERE code = 'C7';"
	echo "UPDATE customers SET created_at = '2023-01-01T00:00:00Z' WHERE code = 'C8';"
	echo "UPDATE customers SET created_at = '2026-06-15T16:00:00Z' WHERE code = 'C9';"
	echo "UPDATE customers SET deleted_at = '2026-06-05T00:00:00Z' WHERE code = 'C5';"
	order O1 C1 2025-01-10 7000
	order O2 C1 2026-03-10 10000
	order O3 C1 2026-04-05 20000
	order O4 C1 2026-05-20 30000
	order O5 C1 2026-06-02 5000
	order O6 C2 2025-03-01 8000
	order O7 C2 2024-06-15 9000
	order O8 C3 2025-08-20 6000
	order O9 C3 2026-06-10 40000 open
	order O10 C5 2026-06-01 99900
	order O11 C6 2026-06-05 50000 cancelled
	order O12 C7 2025-06-15 3000
	order O13 C8 2024-06-15 4000
	echo "INSERT INTO orders (order_no, customer_id, kind, refund_of, ordered_at, order_date, amount_fen, status,"\
		"created_at, updated_at) VALUES ('R1', $(cust C3), 'refund', (SELECT id FROM orders WHERE order_no = 'O9'),"\
		"'2026-06-12T02:00:00Z', '2026-06-12', -1000, 'completed', '2026-06-12T02:00:00Z', '2026-06-12T02:00:00Z');"
	# open tickets: T1 overdue complaint (s1), T2 complaint due in 2099 (s2, received 23:59:59
	# local on May 31), T3 overdue inquiry (s1); T4 closed complaint of July 2025, T5 replied
	# complaint received a second before the trend (23:00 local on 2025-06-30)
	ticket T1 C1 complaint processing s1 2026-06-01T02:00:00Z 2000-01-01T00:00:00Z
	ticket T2 C3 complaint received s2 2026-05-31T15:59:59Z 2099-01-01T00:00:00Z
	ticket T3 C1 inquiry assigned s1 2026-06-03T02:00:00Z 2000-01-01T00:00:00Z
	ticket T4 C2 complaint closed s1 2025-07-01T00:00:00Z 2025-07-02T00:00:00Z
	ticket T5 C3 complaint replied s2 2025-06-30T15:00:00Z 2025-07-01T00:00:00Z
	echo "INSERT INTO pipelines (code, name, is_default, created_at, updated_at) VALUES ('DASH', '销售', 1,"\
		"'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
	for p in 20:1:open 50:2:open 100:3:won 0:4:lost; do
		IFS=: read -r prob pos kind <<<"$p"
		echo "INSERT INTO pipeline_stages (pipeline_id, position, name, probability, kind) VALUES"\
			"((SELECT id FROM pipelines WHERE code = 'DASH'), $pos, 'P$prob', $prob, '$kind');"
	done
	opp D1 C1 s1 open 100000 20
	opp D2 C3 s2 open 33333 50
	opp D3 C1 s1 won 5000 100 2026-06-01
	opp D4 C3 s2 won 7000 100 2025-07-31
	opp D5 C2 s1 lost 2000 0 2026-06-02
	opp D6 C1 s1 open 900000 50
	echo "UPDATE opportunities SET deleted_at = '2026-06-01T00:00:00Z' WHERE code = 'D6';"
} >"$FIXTURE"
sql "$(cat "$FIXTURE")" >/dev/null
expect_eq "$(sql "SELECT COUNT(*) FROM orders") $(sql "SELECT COUNT(*) FROM tickets") $(sql "SELECT COUNT(*) FROM opportunities")" \
	"14 5 6" "the fixture is written"

"$GUANXI" serve --listen 127.0.0.1:0 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/readyz" && break; sleep 0.1; done

# dash USER QUERY: the dashboard as USER into $T_OUT, the status in $H_STATUS.
dash() {
	H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer ${TOK[$1]}" "$BASE/api/v1/dashboard$2")
}
q() { jq -c "$1" "$T_OUT"; }

dash admin "?as_of=2026-06-15"
expect_eq "$H_STATUS" "200" "the admin's dashboard"
expect_eq "$(q '[.as_of, .month_start, .month_start_utc, .scope]')" '["2026-06-15","2026-06-01","2026-05-31T16:00:00Z","all"]' "as of, month and scope"
expect_eq "$(q '.windows')" '{"active_from":"2025-06-16","active_to":"2026-06-15","prior_from":"2024-06-16","prior_to":"2025-06-15","loyal_months":["2026-03","2026-04","2026-05"]}' "the purchase windows"
# 8 live customers (C5 is in the recycle bin); new: C3, C6, C7; active: C1, C3; retained: C1;
# churned: C2 and C7 (a sale on the prior window's last day); loyal: C1
expect_eq "$(q '.customers')" '{"total":8,"new_this_month":3,"pool":1,"active":2,"retained":1,"churned":2,"loyal":1}' "customer KPIs"
# open: T1, T2 complaints; overdue: T1 and the inquiry T3
expect_eq "$(q '.service | [.open_complaints, .overdue_tickets]')" "[2,2]" "open complaints and overdue tickets"
# D1 100000 × 20% + D2 33333 × 50% = 20000 + 16666.5 → 36667 (half up); D6 is deleted
expect_eq "$(q '.pipeline')" '{"open_deals":2,"open_fen":133333,"weighted_fen":36667}' "open pipeline"
# June: 5000 + 40000 (open order) − 1000 (refund); C5's and the cancelled order left out;
# year: + 10000 + 20000 + 30000
expect_eq "$(q '.revenue')" '{"month_fen":44000,"year_fen":104000,"year_start":"2026-01-01"}' "revenue"
expect_eq "$(q '.csi')" "null" "no survey wave: no CSI"
expect_eq "$(q '.trends.months | [first, .[10], last, length]')" '["2025-07","2026-05","2026-06",12]' "the trend's months"
expect_eq "$(q '.trends.revenue_fen')" "[0,6000,0,0,0,0,0,0,10000,20000,30000,44000]" "revenue by month"
expect_eq "$(q '.trends.new_customers')" "[0,0,0,0,0,0,0,0,0,0,1,3]" "new customers by month (C4 in May)"
expect_eq "$(q '.trends.active_customers')" "[0,1,0,0,0,0,0,0,1,1,1,2]" "buyers by month"
# T4 in July 2025; T2 in May (23:59:59 local); T1 in June; T5 before the trend
expect_eq "$(q '.trends.complaints_opened')" "[1,0,0,0,0,0,0,0,0,0,1,1]" "complaints by month"
expect_eq "$(q '.trends.deals_won')" "[1,0,0,0,0,0,0,0,0,0,0,1]" "deals won by month"

# The rep s1 sees C1, C2, C6, C8, C9 and the pool's C4; the tickets of those customers; own deals.
dash s1 "?as_of=2026-06-15"
expect_eq "$H_STATUS" "200" "the rep's dashboard"
expect_eq "$(q '.scope')" '"team"' "the rep's scope"
expect_eq "$(q '.customers')" '{"total":6,"new_this_month":1,"pool":1,"active":1,"retained":1,"churned":1,"loyal":1}' "the rep's customer KPIs"
expect_eq "$(q '.service | [.open_complaints, .overdue_tickets]')" "[1,2]" "the rep's tickets"
expect_eq "$(q '.pipeline')" '{"open_deals":1,"open_fen":100000,"weighted_fen":20000}' "the rep's pipeline"
expect_eq "$(q '.revenue')" '{"month_fen":5000,"year_fen":65000,"year_start":"2026-01-01"}' "the rep's revenue"
expect_eq "$(q '.trends.revenue_fen')" "[0,0,0,0,0,0,0,0,10000,20000,30000,5000]" "the rep's revenue by month"
expect_eq "$(q '.trends.new_customers')" "[0,0,0,0,0,0,0,0,0,0,1,1]" "the rep's new customers by month"
expect_eq "$(q '.trends.active_customers')" "[0,0,0,0,0,0,0,0,1,1,1,1]" "the rep's buyers by month"
expect_eq "$(q '.trends.complaints_opened')" "[1,0,0,0,0,0,0,0,0,0,0,1]" "the rep's complaints by month"
expect_eq "$(q '.trends.deals_won')" "[0,0,0,0,0,0,0,0,0,0,0,1]" "the rep's deals won"
dash s2 "?as_of=2026-06-15"
expect_eq "$(q '[.customers.total, .customers.active, .customers.churned, .revenue.month_fen, .pipeline.open_deals]')" \
	"[3,1,1,39000,1]" "the other rep: C3, C7 and the pool's C4 (C5 is deleted)"

# A year later the June 2026 buyers are the prior window; nobody bought since.
dash admin "?as_of=2027-06-15"
expect_eq "$(q '[.customers.active, .customers.retained, .customers.churned, .customers.loyal, .revenue.year_fen]')" \
	"[0,0,2,0,0]" "as of 2027-06-15: C1 and C3 churned"
dash admin "?as_of=2026-02-30"
expect_eq "$H_STATUS" "400" "an impossible date is refused"
dash admin "?as_of=0001-01-01"
expect_eq "$H_STATUS $(q '.error.field')" '400 "as_of"' "a date before 1900 is refused"
H_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/dashboard")
expect_eq "$H_STATUS" "401" "the dashboard needs a login"

# Requests leave the rollup's folding to the server (store_dashboard_defer): SQLite's writer folds
# every marked customer with its commit group, PostgreSQL's scheduler each round (1 s). The
# fixture's raw SQL marked all of them; afterwards nothing waits and the figures stand.
H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer ${TOK[admin]}" \
	-H 'Content-Type: application/json' -d '{"kind":"person","name":"看板新客户"}' "$BASE/api/v1/customers")
expect_eq "$H_STATUS" "201" "a customer created through the API"
for _ in $(seq 1 50); do [ "$(sql "SELECT COUNT(*) FROM dash_dirty")" = 0 ] && break; sleep 0.2; done
expect_eq "$(sql "SELECT COUNT(*) FROM dash_dirty")" "0" "… and every marked customer folded into the rollup by the server"
dash admin "?as_of=2026-06-15"
expect_eq "$(q '.customers')" '{"total":9,"new_this_month":3,"pool":2,"active":2,"retained":1,"churned":2,"loyal":1}' \
	"the customer KPIs from the folded rollup: one more live customer, in the pool (no owner)"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
