# The model parameters as company settings (src/app/settings.c; issue 9, PRODUCT.md module 11)
# on SQLite and PostgreSQL: GET /settings lists them with MODELS.md's defaults and bounds; a
# bad value or broken rule is refused over HTTP and the CLI with the key and range, nothing
# stored; changing the ABC cut-offs and window changes GET /analytics/pareto and the classes of
# `guanxi score` by the amounts worked out by hand below, and the Jones & Sasser midpoint the
# satisfaction-loyalty answer; the scoring run's discount rate and margin change every CLV by
# the exact factor (1 + 0.01)/(1 + δ) and m (horizon 1 month), and each answer and score run
# says which parameters it used.
. "$(dirname "$0")/lib.sh"
DATA=${GUANXI_TEST_DATA:-$(cd "$(dirname "$0")/../data" && pwd)}
LOG="$TEST_TMP/server.log"
PW=modelset-fixture-pw-1

run init; expect_status 0 "init"
run user add boss display_name=老板 role=admin; expect_status 0 "admin"
echo "$PW" | "$GUANXI" user passwd boss >/dev/null 2>&1
for c in 甲 乙 丙 丁; do run customer add name="$c" kind=organization; done
C1=$(sql "SELECT id FROM customers WHERE name = '甲'"); C2=$(sql "SELECT id FROM customers WHERE name = '乙'")
C3=$(sql "SELECT id FROM customers WHERE name = '丙'"); C4=$(sql "SELECT id FROM customers WHERE name = '丁'")
NOW="'2026-01-01T00:00:00Z'"
sql "INSERT INTO products (id, sku, name, created_at, updated_at) VALUES (11, 'P1', '产品一', $NOW, $NOW)" >/dev/null
# order id, customer, kind, refund_of, date, amount, cost, status
order() {
	sql "INSERT INTO orders (id, order_no, customer_id, kind, refund_of, ordered_at, order_date, amount_fen, cost_fen,
	     status, created_at, updated_at) VALUES ($1, 'NO$1', $2, '$3', $4, '$5T02:00:00Z', '$5', $6, $7, '$8', $NOW, $NOW);
	     INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_fen, amount_fen, cost_fen)
	     VALUES ($1, 1, 11, 1, $6, $6, $7)" >/dev/null
}
order 100101 $C1 sale NULL 2026-01-10 10000 6000 completed
order 100102 $C1 sale NULL 2026-03-05 10000 4000 completed
order 100103 $C2 sale NULL 2026-03-20 4000 2000 completed
order 100104 $C3 sale NULL 2025-03-01 3000 1000 completed
order 100105 $C3 sale NULL 2026-05-01 2000 1500 completed
order 100106 $C1 refund 100102 2026-04-01 -1000 -200 completed

"$GUANXI" serve --listen 127.0.0.1:0 --no-background 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
B="http://127.0.0.1:$PORT/api/v1"
J="$TEST_TMP/boss.jar"
CSRF=$(curl -s -c "$J" -H 'Content-Type: application/json' -d "{\"username\":\"boss\",\"password\":\"$PW\"}" "$B/login" | jq -r .csrf_token)
# call METHOD PATH [JSON]: body to $T_OUT, status in $CODE
call() {
	local args=(-s -o "$T_OUT" -w '%{http_code}' -b "$J" -H "X-CSRF-Token: $CSRF" -X "$1")
	[ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' -d "$3")
	CODE=$(curl "${args[@]}" "$B$2")
}
setting() { jq -c --arg k "$1" '.items[] | select(.key == $k) | [.value, .default, .min, .max, .min_open, .max_open, .group, .kind, .model]' "$T_OUT"; }

# --- the registry over HTTP ----------------------------------------------------------------------
call GET /settings
expect_eq "$CODE" "200" "settings"
expect_eq "$(setting score_monthly_discount)" '["0.01","0.01",0,1,true,true,"score","number","M22"]' "δ: default 0.01, 0 < δ < 1"
expect_eq "$(setting abc_a_pct)" '["80","80",0,100,true,true,"abc","number","M17"]' "ABC A cut-off 80%"
expect_eq "$(setting abc_b_pct)" '["95","95",0,100,true,false,"abc","number","M17"]' "ABC B cut-off 95%, at most 100"
expect_eq "$(setting score_horizon_months)" '["12","12",1,120,false,false,"score","int","M22"]' "horizon 12 months, 1–120"
expect_eq "$(setting pool_max_owned)" '["200",null,1,1000000,false,false,"pool","int",null]' "the operational settings keep their bounds"
expect_eq "$(jq -c '.items[] | select(.key == "rfm_monetary") | [.value, .choices]' "$T_OUT")" '["mean",["mean","total"]]' "a choice lists its values"
expect_eq "$(jq '[.items[] | select(.model != null)] | length' "$T_OUT")" "34" "34 model parameters"

call PATCH /settings '{"score_margin":"0.5","abc_a_pct":"96"}'
expect_eq "$CODE:$(jq -r '.error.field + ": " + .error.message' "$T_OUT")" \
	"400:abc_a_pct: abc_a_pct (96) must be less than abc_b_pct (95)" "ABC cut-offs must increase"
call PATCH /settings '{"score_monthly_discount":1}'
expect_eq "$CODE:$(jq -r '.error.field + ": " + .error.message' "$T_OUT")" \
	"400:score_monthly_discount: score_monthly_discount must be a number greater than 0 and less than 1" "δ = 1 refused"
expect_eq "$(sql "SELECT COUNT(*) FROM settings WHERE key IN ('score_margin', 'abc_a_pct', 'score_monthly_discount')")" "0" "nothing of those requests stored"
run settings set abc_b_pct 100.5
expect_status 1 "the CLI refuses the same"
expect_err "abc_b_pct must be a number greater than 0 and at most 100" "… with the same words"

# --- Pareto / ABC (M17), as of 2026-06-01 -----------------------------------------------------------
# Trailing 12 months: 甲 10000 + 10000 − 1000 = 19000, 乙 4000, 丙 2000 (its 2025-03 order is
# outside), 丁 0; total 25000. Customers above: 甲 0, 乙 0.76, 丙 0.92, 丁 1.0.
pareto() { call GET "/analytics/pareto?as_of=2026-06-01${1:-}"; jq -c '[.total_fen, [.classes[]|.customers], [.classes[]|.value_fen], .params.a_share, .params.b_share, .params.window_months]' "$T_OUT"; }
expect_eq "$(pareto)" "[25000,[2,1,1],[23000,2000,0],0.8,0.95,12]" "defaults: A < 80%: 甲, 乙; B < 95%: 丙; C: 丁"
call PATCH /settings '{"abc_a_pct":"75"}'
expect_eq "$CODE:$(setting abc_a_pct)" '200:["75","80",0,100,true,true,"abc","number","M17"]' "A cut-off set to 75%"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'setting'")" "1" "the change is audited"
expect_eq "$(pareto)" "[25000,[1,2,1],[19000,6000,0],0.75,0.95,12]" "A < 75%: 乙 (0.76 above) moves to B"
call PATCH /settings '{"abc_b_pct":90}'
expect_eq "$(pareto)" "[25000,[1,1,2],[19000,4000,2000],0.75,0.9,12]" "B < 90%: 丙 (0.92 above) moves to C"
# 24 months (from 2024-06-01): 丙 3000 + 2000 = 5000 ranks second; total 28000. Above: 甲 0,
# 丙 19000/28000 = 0.679, 乙 24000/28000 = 0.857, 丁 1.
call PATCH /settings '{"abc_a_pct":"80","abc_b_pct":"95","abc_window_months":"24"}'
expect_eq "$CODE" "200" "both cut-offs back and a 24-month window"
expect_eq "$(pareto)" "[28000,[2,1,1],[24000,4000,0],0.8,0.95,24]" "24 months: A 甲 丙, B 乙, C 丁"
expect_eq "$(jq -r '.from' "$T_OUT")" "2024-06-01" "window from the setting"
expect_eq "$(pareto '&window=12')" "[25000,[2,1,1],[23000,2000,0],0.8,0.95,12]" "the request's window overrides the setting"

# --- guanxi score's ABC classes follow the same settings ----------------------------------------------
abc() { sql "SELECT abc_class FROM scores WHERE customer_id = $1"; }
run settings set abc_window_months 12 abc_a_pct 75 abc_b_pct 90
expect_status 0 "CLI: three settings in one change"
run score --as-of 2026-06-01
expect_status 0 "score with the settings"
expect_eq "$(abc $C1)$(abc $C2)$(abc $C3)$(abc $C4)" "ABCC" "score: A < 75%, B < 90% → 甲 A, 乙 B, 丙 C, 丁 C"
call GET /analytics/scores
expect_eq "$(jq -c '.run.params | [.abc_a_share, .abc_b_share, .abc_window_months, .rfm_monetary, .horizon_months, .monthly_discount, .margin, .lifecycle.inactive_days, .loyalty.tucker_periods]' "$T_OUT")" \
	'[0.75,0.9,12,"mean",12,0.01,1,365,3]' "the run says which parameters it used"
run settings set abc_a_pct 80 abc_b_pct 95
run score --as-of 2026-06-01
expect_eq "$(abc $C1)$(abc $C2)$(abc $C3)$(abc $C4)" "AABC" "score at the defaults: 甲 A, 乙 A, 丙 B, 丁 C"

# --- guanxi analyze reading the database takes the same settings; a file keeps MODELS.md's ----------
run settings set abc_a_pct 75
run analyze pareto --as-of 2026-06-01 --format csv --part customers
expect_eq "$(grep -c ',A (' "$T_OUT"),$(grep -c ',B (' "$T_OUT")" "1,2" "analyze pareto: A < 75% → one A, two B"
run analyze pareto --as-of 2026-06-01 --a-share 0.8 --format csv --part customers
expect_eq "$(grep -c ',A (' "$T_OUT")" "2" "… --a-share overrides the setting"
printf 'customer,value\nx,19000\ny,4000\nz,2000\nw,0\n' >"$TEST_TMP/values.csv"
run analyze pareto "$TEST_TMP/values.csv" --format csv --part customers
expect_eq "$(grep -c ',A (' "$T_OUT")" "2" "… a file keeps the 80% default"
run settings set abc_a_pct 80
# lifecycle: last purchases 甲 2026-03-05 (88 days before), 乙 2026-03-20 (73), 丙 2026-05-01 (31)
run analyze lifecycle --as-of 2026-06-01 --format csv --part customers
expect_eq "$(grep -c ',termination,termination,' "$T_OUT")" "0" "lifecycle at 365 days: nobody terminated"
run settings set lifecycle_inactive_days 60
run analyze lifecycle --as-of 2026-06-01 --format csv --part customers
expect_eq "$(grep -c ',termination,termination,' "$T_OUT")" "2" "lifecycle_inactive_days 60: 甲 and 乙 terminated"
run analyze lifecycle --as-of 2026-06-01 --inactive-days 365 --format csv --part customers
expect_eq "$(grep -c ',termination,termination,' "$T_OUT")" "0" "… --inactive-days overrides the setting"
run settings set lifecycle_inactive_days 365
# retention (M20) as of 2026-06-01: 12-month windows: base [2024-06, 2025-06) holds 丙, who bought
# again on 2026-05-01 → 1 of 1; 2-month windows: base [2026-02-01, 2026-04-01) holds 甲 and 乙,
# neither bought in [2026-04-01, 2026-06-01) (甲's refund is no purchase) → 0 of 2
run analyze retention --as-of 2026-06-01 --format csv
expect_out "1,1,1.0000,0.0000," "retention over 12-month windows: 1 of 1"
run settings set retention_window_months 2
run analyze retention --as-of 2026-06-01 --format csv
expect_out "2,0,0.0000,1.0000," "retention_window_months 2: 0 of 2"
run analyze retention --as-of 2026-06-01 --window-months 12 --format csv
expect_out "1,1,1.0000,0.0000," "… --window-months overrides the setting"
run settings set retention_window_months 12

# --- Jones & Sasser (M11) parameters from the settings ---------------------------------------------------
call PATCH /settings '{"loyalty_js_midpoint":"3.5","loyalty_js_apostle":"4.8"}'
call GET "/analytics/satisfaction-loyalty?as_of=2026-06-01"
expect_eq "$CODE:$(jq -c '[.params.midpoint, .params.apostle, .params.terrorist]' "$T_OUT")" "200:[3.5,4.8,1.5]" "satisfaction × loyalty uses the settings"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass

# --- the scoring run's CLV (M22) on the CDNOW sample: δ and m by their exact factors -----------------
awk 'BEGIN { print "客户编号,客户名称" } { if (!seen[$1]++) printf "C%d,客户%d\n", $1 + 0, $1 + 0 }' \
	"$DATA/CDNOW_sample.txt" >"$TEST_TMP/customers.csv"
printf '产品编号,产品名称,单价\nCD,CD,10\n' >"$TEST_TMP/products.csv"
awk 'BEGIN { print "订单编号,客户,下单时间,产品编号,数量,单价" }
	{ d = $3; printf "O%d,C%d,%s-%s-%s 10:00,CD,1,%.2f\n", NR, $1 + 0, substr(d, 1, 4), substr(d, 5, 2), substr(d, 7, 2), $5 }' \
	"$DATA/CDNOW_sample.txt" >"$TEST_TMP/orders.csv"
# into the same database: the fixture's 2025–2026 orders are after the as-of date
run import customers "$TEST_TMP/customers.csv"
run import products "$TEST_TMP/products.csv"
run import orders "$TEST_TMP/orders.csv"
expect_out "6919 created" "CDNOW orders imported"
# With H = 1 month, CLV = ΔE[X] · E[spend] · m / (1 + δ): δ from 0.01 to 0.5 multiplies every
# CLV by 1.01/1.5 = 0.673333; m from 1 to 0.5 halves it.
clv() { sql "SELECT clv_yuan FROM scores s JOIN customers c ON c.id = s.customer_id WHERE c.code = 'C4'"; }
run settings set score_horizon_months 1
run score --as-of 1997-10-01; expect_status 0 "score, H = 1, δ = 0.01"
V1=$(clv)
run settings set score_monthly_discount 0.5
run score --as-of 1997-10-01; expect_status 0 "score, δ = 0.5"
V2=$(clv)
run settings set score_margin 0.5
run score --as-of 1997-10-01; expect_status 0 "score, δ = 0.5, m = 0.5"
V3=$(clv)
expect_eq "$(awk -v a="$V1" -v b="$V2" -v c="$V3" 'BEGIN { printf "%.6f %.6f %d", b / a, c / b, (a > 0) }')" \
	"0.673333 0.500000 1" "C4's CLV: × 1.01/1.5 for δ, × 0.5 for m"
expect_eq "$(sql "SELECT COUNT(*) FROM score_runs WHERE params LIKE '%\"monthly_discount\":0.5,%' AND params LIKE '%\"margin\":0.5,%'")" "1" "the run stores δ and m"
run score --as-of 1997-10-01 --discount 0.01 --margin 1
expect_eq "$(awk -v a="$V1" -v b="$(clv)" 'BEGIN { printf "%.9f", b / a }')" "1.000000000" "options given to guanxi score override the settings"
finish
