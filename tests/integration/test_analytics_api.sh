# GET /api/v1/analytics/{pareto,pivot,cohorts,scores,satisfaction-loyalty} on a small fixture
# whose figures are worked out by hand below (also on PostgreSQL: run-tests.sh runs this script
# against both backends): two regions, three buying customers and one without orders, a refund
# and a cancelled order, a stored score run. Checks who may call them (analyst, manager,
# admin; a sales rep may not) and that a manager's figures cover their department only.
. "$(dirname "$0")/lib.sh"
LOG="$TEST_TMP/server.log"
PW=analytics-fixture-pw-1

run init; expect_status 0 "init"
run department add EAST name=华东; run department add NORTH name=华北
D_EAST=$(sql "SELECT id FROM departments WHERE code = 'EAST'")
D_NORTH=$(sql "SELECT id FROM departments WHERE code = 'NORTH'")
run user add boss display_name=老板 role=admin; expect_status 0 "admin"
run user add mgr display_name=经理 role=manager department_id=$D_EAST; expect_status 0 "manager of EAST"
run user add rep display_name=销售 role=sales department_id=$D_NORTH; expect_status 0 "sales rep of NORTH"
run user add ana display_name=分析 role=analyst; expect_status 0 "analyst"
for u in boss mgr rep ana; do echo "$PW" | "$GUANXI" user passwd $u >/dev/null 2>&1; done
U_MGR=$(sql "SELECT id FROM users WHERE username = 'mgr'")
U_REP=$(sql "SELECT id FROM users WHERE username = 'rep'")
for c in "甲 浙江省" "乙 浙江省" "丙 江苏省" "丁 江苏省"; do
	set -- $c
	run customer add name="$1" kind=organization province="$2"; expect_status 0 "customer $1"
done
C1=$(sql "SELECT id FROM customers WHERE name = '甲'"); C2=$(sql "SELECT id FROM customers WHERE name = '乙'")
C3=$(sql "SELECT id FROM customers WHERE name = '丙'"); C4=$(sql "SELECT id FROM customers WHERE name = '丁'")
# 甲 and 丁 belong to EAST (the manager's), 乙 and 丙 to the rep in NORTH
sql "UPDATE customers SET owner_id = $U_MGR, department_id = $D_EAST WHERE id IN ($C1, $C4);
     UPDATE customers SET owner_id = $U_REP, department_id = $D_NORTH WHERE id IN ($C2, $C3)" >/dev/null
NOW="'2026-01-01T00:00:00Z'"
sql "INSERT INTO product_categories (id, code, name) VALUES (21, 'K1', '类一'), (22, 'K2', '类二');
     INSERT INTO products (id, sku, name, category_id, created_at, updated_at) VALUES
       (11, 'P1', '产品一', 21, $NOW, $NOW), (12, 'P2', '产品二', 22, $NOW, $NOW)" >/dev/null
# order id, no, customer, kind, refund_of, date, owner, department, amount, cost, status
order() {
	sql "INSERT INTO orders (id, order_no, customer_id, kind, refund_of, ordered_at, order_date, owner_id, department_id,
	     amount_fen, cost_fen, status, created_at, updated_at) VALUES
	     ($1, 'NO$1', $2, '$3', $4, '$5T02:00:00Z', '$5', $6, $7, $8, $9, '${10}', $NOW, $NOW)" >/dev/null
}
line() { sql "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_fen, amount_fen, cost_fen) VALUES ($1, $2, $3, 1, $4, $4, $5)" >/dev/null; }
order 101 $C1 sale NULL 2026-01-10 $U_MGR $D_EAST 10000 6000 completed;  line 101 1 11 10000 6000
order 102 $C1 sale NULL 2026-03-05 $U_MGR $D_EAST 10000 4000 completed;  line 102 1 11 5000 3000; line 102 2 12 5000 1000
order 103 $C2 sale NULL 2026-03-20 $U_REP $D_NORTH 4000 2000 completed;  line 103 1 12 4000 2000
order 104 $C3 sale NULL 2025-03-01 $U_REP $D_NORTH 3000 1000 completed;  line 104 1 11 3000 1000
order 105 $C3 sale NULL 2026-05-01 $U_REP $D_NORTH 2000 1500 completed;  line 105 1 12 2000 1500
order 106 $C1 refund 102 2026-04-01 $U_MGR $D_EAST -1000 -200 completed; line 106 1 12 -1000 -200
order 107 $C2 sale NULL 2026-02-01 $U_REP $D_NORTH 99999 0 cancelled;    line 107 1 11 99999 0
sql "INSERT INTO score_runs (id, as_of, created_at, customers, buyers, params, fitted) VALUES
       (1, '2026-06-01', $NOW, 3, 3, '{\"horizon_months\":12,\"monthly_discount\":0.01,\"margin\":1,\"unit\":\"weeks\",\"rfm_monetary\":\"mean\"}', NULL);
     INSERT INTO scores (customer_id, run_id, as_of, purchases, recency_days, monetary_yuan, rfm_r, rfm_f, rfm_m, rfm_segment,
       p_alive, expected_12m, clv_yuan, lifecycle_stage, abc_class, loyalty_type) VALUES
       ($C1, 1, '2026-06-01', 2, 20, 95, 5, 4, 5, 'champions', 0.9, 3, 150, 'growth', 'A', 'none'),
       ($C2, 1, '2026-06-01', 1, 70, 40, 3, 3, 4, 'loyal', 0.5, 1, 50, 'growth', 'A', 'none'),
       ($C3, 1, '2026-06-01', 2, 800, 25, 1, 1, 2, 'lost', 0.1, 0.2, 60000, 'decline', 'B', 'none')" >/dev/null

"$GUANXI" serve --listen 127.0.0.1:0 --web "$TEST_TMP" 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
B="http://127.0.0.1:$PORT/api/v1"
for _ in $(seq 1 100); do curl -s -o /dev/null "$B/../../readyz" && break; sleep 0.1; done
login() { curl -s -c "$TEST_TMP/$1.jar" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$PW\"}" "$B/login" >/dev/null; }
get() { curl -s -b "$TEST_TMP/$1.jar" -o "$T_OUT" -w '%{http_code}' "$B$2"; }
for u in boss mgr rep ana; do login $u; done

# --- Pareto, as of 2026-06-01, trailing 12 months (from 2025-06-01): 甲 10000 + 10000 − 1000
# (the refund counts against its sale) = 19000, 乙 4000, 丙 2000 (its 2025-03 order is outside),
# 丁 0; total 25000. A: 甲 (0 above), 乙 (19000/25000 = 0.76 above); B: 丙 (0.92); C: 丁 (1.0).
# Top ⌈0.2·4⌉ = 1 customer holds 0.76; Gini = 2·(1·0 + 2·2000 + 3·4000 + 4·19000)/(4·25000) − 5/4 = 0.59.
expect_eq "$(get ana '/analytics/pareto?as_of=2026-06-01')" "200" "pareto as the analyst"
expect_eq "$(jq -c '[.customers, .total_fen, .top_count, .top_fen, .top_share, (.gini*1000|round), [.classes[]|.customers], [.classes[]|.value_fen]]' "$T_OUT")" \
	"[4,25000,1,19000,0.76,590,[2,1,1],[23000,2000,0]]" "pareto totals, top share, Gini and classes"
expect_eq "$(jq -c '[.curve[0,25,50,75,100].value_share]' "$T_OUT")" "[0,0.76,0.92,1,1]" "pareto curve at 0, 25, 50, 75, 100% of customers"
expect_eq "$(jq -r '.from' "$T_OUT")" "2025-06-01" "window from 12 months back"
# profit: 甲 19000 − (6000 + 4000 − 200) = 9200, 乙 2000, 丙 500, 丁 0; total 11700. A: 甲, 乙
# (9200/11700 = 0.786 above); 丙 has 11200/11700 = 0.957 above: C; 丁's profit ≤ 0: C
get ana '/analytics/pareto?as_of=2026-06-01&measure=profit' >/dev/null
expect_eq "$(jq -c '[.total_fen, [.classes[]|.customers], [.classes[]|.value_fen]]' "$T_OUT")" "[11700,[2,0,2],[11200,0,500]]" "pareto of profit"
# all time adds 丙's 3000 of 2025-03: 丙 5000
get ana '/analytics/pareto?as_of=2026-06-01&window=all' >/dev/null
expect_eq "$(jq -c '.total_fen' "$T_OUT")" "28000" "pareto over all time"
expect_eq "$(get ana '/analytics/pareto?measure=margin')" "400" "an unknown measure is refused"
expect_eq "$(jq -r '.error.field' "$T_OUT")" "measure" "naming the parameter"
expect_eq "$(get ana '/analytics/pareto?window=0')" "400" "a window of 0 months is refused"

# --- Pivot: the lines of live orders (the cancelled one left out)
# 浙江省: 甲 10000 + 5000 + 5000 − 1000 = 19000 (cost 9800), 乙 4000 (2000): 23000, 11800,
# 3 sales (the refund is not one), 2 customers; 江苏省: 丙 3000 + 2000 = 5000 (2500), 2 sales.
expect_eq "$(get ana '/analytics/pivot?by=region')" "200" "pivot by region"
expect_eq "$(jq -c '[.cells[] | [.keys[0], .revenue_fen, .cost_fen, .profit_fen, .orders, .customers]]' "$T_OUT")" \
	'[["浙江省",23000,11800,11200,3,2],["江苏省",5000,2500,2500,2,1]]' "revenue, cost, profit and counts by region"
get ana '/analytics/pivot?by=month&region=%E6%B1%9F%E8%8B%8F%E7%9C%81' >/dev/null
expect_eq "$(jq -c '[.cells[] | [.keys[0], .revenue_fen]] | sort' "$T_OUT")" '[["2025-03",3000],["2026-05",2000]]' "drill into 江苏省 by month"
# product × department (of the order): P1/EAST 10000 + 5000, P2/NORTH 4000 + 2000, P2/EAST
# 5000 − 1000, P1/NORTH 3000
get ana "/analytics/pivot?by=product,department" >/dev/null
expect_eq "$(jq -c '[.groups, [.cells[] | [.labels[0], .keys[1], .revenue_fen]]]' "$T_OUT")" \
	"[4,[[\"产品一\",\"$D_EAST\",15000],[\"产品二\",\"$D_NORTH\",6000],[\"产品二\",\"$D_EAST\",4000],[\"产品一\",\"$D_NORTH\",3000]]]" "pivot by product and department"
get ana "/analytics/pivot?by=owner&limit=1&from=2026-01-01&to=2026-04-01" >/dev/null
expect_eq "$(jq -c '[.groups, .truncated, .cells[0].labels[0], .cells[0].revenue_fen]' "$T_OUT")" '[2,true,"经理",20000]' "dates and the limit"
expect_eq "$(get ana '/analytics/pivot?by=region,region')" "400" "the same dimension twice is refused"
expect_eq "$(get ana '/analytics/pivot?by=colour')" "400" "an unknown dimension is refused"

# --- Cohorts, 6 months before 2026-06-01 (from 2026-01-01): 甲 first bought 2026-01 and again
# in 2026-03; 乙's first live sale is 2026-03; 丙 first bought in 2025 (no cohort here).
expect_eq "$(get ana '/analytics/cohorts?as_of=2026-06-01&months=6')" "200" "cohorts"
expect_eq "$(jq -c '[.from, [.cohorts[] | [.cohort, .size, .active]]]' "$T_OUT")" \
	'["2026-01-01",[["2026-01",1,[1,0,1,0,0]],["2026-03",1,[1,0,0]]]]' "cohort sizes and repeat months"

# --- Scores of the stored run
expect_eq "$(get ana '/analytics/scores')" "200" "scores"
expect_eq "$(jq -c '[.run.id, .customers, [.abc[]|[.key,.customers]], [.lifecycle[]|[.key,.customers]]]' "$T_OUT")" \
	'[1,3,[["A",2],["B",1]],[["decline",1],["growth",2]]]' "ABC and lifecycle counts"
# FM = ⌊(F + M)/2 + 0.5⌋: 甲 (4+5) → 5, 乙 (3+4) → 4, 丙 (1+2) → 2
expect_eq "$(jq -c '[.rfm[] | [.r, .fm, .segment, .customers]]' "$T_OUT")" '[[1,2,"lost",1],[3,4,"loyal",1],[5,5,"champions",1]]' "RFM grid"
expect_eq "$(jq -c '[.clv.bins[] | [.bin, .customers, .mean_yuan]]' "$T_OUT")" '[[0,1,50],[1,1,150],[9,1,60000]]' "CLV bins"
expect_eq "$(jq -c '[.palive.cells[] | [.recency_bin, .frequency_bin, .mean_p_alive]]' "$T_OUT")" '[[0,1,0.9],[1,0,0.5],[5,1,0.1]]' "P(alive) by recency and frequency bins"

# --- who may: a sales rep may not; a manager sees their department (甲, 丁) only
expect_eq "$(get rep '/analytics/pareto')" "403" "a sales rep may not read the analytics"
expect_eq "$(get rep '/analytics/pivot')" "403" "nor the pivot"
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$B/analytics/scores")" "401" "nobody without a login"
get mgr '/analytics/pareto?as_of=2026-06-01' >/dev/null
expect_eq "$(jq -c '[.customers, .total_fen]' "$T_OUT")" "[2,19000]" "the manager's Pareto covers EAST"
get mgr '/analytics/pivot?by=customer' >/dev/null
expect_eq "$(jq -c '[.cells[].labels[0]]' "$T_OUT")" '["甲"]' "the manager's pivot shows EAST's customers"
get mgr '/analytics/scores' >/dev/null
expect_eq "$(jq -c '[.customers, [.abc[]|.key]]' "$T_OUT")" '[1,["A"]]' "the manager's scores"
get boss '/analytics/pivot?by=customer' >/dev/null
expect_eq "$(jq -c '.cells | length' "$T_OUT")" "3" "the admin sees everyone"

# --- satisfaction × loyalty: nobody answered a survey here
expect_eq "$(get ana '/analytics/satisfaction-loyalty?as_of=2026-06-01')" "200" "satisfaction × loyalty"
expect_eq "$(jq -c '[.customers, .without_loyalty, (.zones|length), .cells]' "$T_OUT")" '[0,0,6,[]]' "no respondents, no points"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
