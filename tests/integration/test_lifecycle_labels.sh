# The lifecycle explanations follow the settings (MODELS.md M13, issue 9) on SQLite and
# PostgreSQL: a customer whose only order is 400 days old is in the termination stage; the
# customer page's explanation (GET /customers/{id}/scores, lifecycle_explain) and the funnel's
# (GET /analytics/scores, lifecycle[].explain) state the run's thresholds: 365 days by default,
# 300 days, a 6-month window and 55% after the settings change and a new run, in English and
# Chinese; the run's parameters come with the scores (run_params: the page's ABC and CLV lines
# use them); `guanxi analyze lifecycle` says the same.
. "$(dirname "$0")/lib.sh"
LOG="$TEST_TMP/server.log"
PW=lifecycle-labels-pw-1

run init; expect_status 0 "init"
run user add boss display_name=老板 role=admin; expect_status 0 "admin"
echo "$PW" | "$GUANXI" user passwd boss >/dev/null 2>&1
run customer add name=甲 kind=organization
C1=$(sql "SELECT id FROM customers WHERE name = '甲'")
NOW="'2025-01-01T00:00:00Z'"
sql "INSERT INTO products (id, sku, name, created_at, updated_at) VALUES (11, 'P1', '产品一', $NOW, $NOW);
     INSERT INTO orders (id, order_no, customer_id, kind, ordered_at, order_date, amount_fen, cost_fen, status,
       created_at, updated_at) VALUES (100, 'NO100', $C1, 'sale', '2025-04-27T02:00:00Z', '2025-04-27', 10000, 6000,
       'completed', $NOW, $NOW);
     INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_fen, amount_fen, cost_fen)
       VALUES (100, 1, 11, 1, 10000, 10000, 6000)" >/dev/null
run score --as-of 2026-06-01; expect_status 0 "score with the defaults"

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
call() {
	local lang=$1; shift
	local args=(-s -o "$T_OUT" -w '%{http_code}' -b "$J" -H "X-CSRF-Token: $CSRF" -H "Accept-Language: $lang" -X "$1")
	[ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' -d "$3")
	CODE=$(curl "${args[@]}" "$B$2")
}

call en GET "/customers/$C1/scores"
expect_eq "$CODE" "200" "scores"
expect_eq "$(jq -r .lifecycle_stage "$T_OUT")" "termination" "one order 400 days ago: termination"
expect_eq "$(jq -r .lifecycle_explain "$T_OUT")" \
	"closed by a user; or no order for 365 days and nothing owed; or P(alive) below 0.1 and nothing owed" \
	"explanation with the default 365 days"
call en GET /analytics/scores
expect_eq "$(jq -r '.lifecycle[] | select(.key == "termination") | .explain' "$T_OUT")" \
	"closed by a user; or no order for 365 days and nothing owed; or P(alive) below 0.1 and nothing owed" \
	"funnel explanation with the default 365 days"

call en PATCH /settings '{"lifecycle_inactive_days":"300","lifecycle_window_months":"6","lifecycle_decline_ratio":"0.55","abc_a_pct":"70","score_horizon_months":"6"}'
expect_eq "$CODE" "200" "settings changed"
# the stored run still used 365 days: the page explains the score it shows
call en GET "/customers/$C1/scores"
expect_eq "$(jq -r .lifecycle_explain "$T_OUT")" \
	"closed by a user; or no order for 365 days and nothing owed; or P(alive) below 0.1 and nothing owed" \
	"before a new run: the old run's thresholds"
run score --as-of 2026-06-01; expect_status 0 "score with the new settings"
call en GET "/customers/$C1/scores"
expect_eq "$(jq -r .lifecycle_explain "$T_OUT")" \
	"closed by a user; or no order for 300 days and nothing owed; or P(alive) below 0.1 and nothing owed" \
	"explanation with 300 days"
expect_eq "$(jq -c '[.run_params.lifecycle.inactive_days, .run_params.abc_a_share, .run_params.horizon_months]' "$T_OUT")" \
	"[300,0.7,6]" "the run's parameters for the page's other explanations (ABC 70%, 6 months)"
call zh-CN GET "/customers/$C1/scores"
expect_eq "$(jq -r .lifecycle_explain "$T_OUT")" \
	"已被用户关闭；或300 天未下单且无未结应收款；或仍活跃的概率 P(alive) 低于 0.1 且无未结应收款" \
	"Chinese explanation with 300 days"
call en GET /analytics/scores
expect_eq "$(jq -r '.run.params.lifecycle.inactive_days' "$T_OUT")" "300" "the run records 300 days"
expect_eq "$(jq -r '.lifecycle[] | select(.key == "termination") | .explain' "$T_OUT")" \
	"closed by a user; or no order for 300 days and nothing owed; or P(alive) below 0.1 and nothing owed" \
	"funnel explanation with 300 days"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null

run analyze lifecycle --as-of 2026-06-01 --format json
expect_out "no order for 300 days and nothing owed" "CLI: the rule with the settings' 300 days"
run analyze lifecycle --as-of 2026-06-01 --inactive-days 390 --format json
expect_out "no order for 390 days and nothing owed" "CLI: an option overrides the setting in the text too"
finish
