# Association rules and cross-selling suggestions (MODELS.md M23, issue 9) on SQLite and
# PostgreSQL, over a small order set whose support, confidence and lift are worked out by hand:
#   baskets (sale orders of live customers): O1 {P1,P2} O2 {P1,P2,P3} O3 {P1,P3} O4 {P2,P4}
#   O5 {P1,P2}; not baskets: a refund, a cancelled order, an order of a deleted customer.
#   N = 5; n(P1) = 4, n(P2) = 4, n(P3) = 2, n(P4) = 1; n(P1,P2) = 3, n(P1,P3) = 2,
#   n(P2,P3) = 1, n(P2,P4) = 1.
#   Defaults (support 0.01, confidence 0.2, lift 1.2): P3→P1 (support 0.4, confidence 2/2 = 1,
#   lift 1/(4/5) = 1.25), P4→P2 (0.2, 1, 1.25), P1→P3 (0.4, 2/4 = 0.5, 0.5/(2/5) = 1.25),
#   P2→P4 (0.2, 0.25, 0.25/(1/5) = 1.25); P1→P2 has lift 0.75/0.8 = 0.9375 and P2→P3 0.625.
#   With confidence 0.7 and lift 0.9: P3→P1, P4→P2, P1→P2, P2→P1 (0.6, 0.75, 0.9375).
# `guanxi score` stores them; GET /analytics/association lists them with the run's
# thresholds; GET /customers/{id}/recommendations suggests P3 (because P1, 50%) and P4
# (because P2, 25%) to the buyer of O1 and O5; a foreign customer is 404 for a sales rep; bad
# limits are 400; `guanxi analyze assoc` on the database says which thresholds it used.
. "$(dirname "$0")/lib.sh"
LOG="$TEST_TMP/server.log"

run init; expect_status 0 "init"
run user add boss display_name=老板 role=admin
run user add rep display_name=销售 role=sales
run customer add code=CA name=甲 kind=organization owner_id=boss
run customer add code=CB name=乙 kind=organization owner_id=boss
run customer add code=CC name=丙 kind=organization owner_id=boss
run customer add code=CD name=丁 kind=organization owner_id=boss
run customer add code=CR name=戊 kind=organization owner_id=rep
expect_status 0 "customers"
id_of() { sql "SELECT id FROM customers WHERE code = '$1'"; }
CA=$(id_of CA); CB=$(id_of CB); CC=$(id_of CC); CD=$(id_of CD); CR=$(id_of CR)
NOW="'2026-01-01T00:00:00Z'"
for p in 1 2 3 4; do
	sql "INSERT INTO products (id, sku, name, created_at, updated_at) VALUES (1$p, 'P$p', '产品$p', $NOW, $NOW)" >/dev/null
done
# order ID CUSTOMER KIND REFUND_OF STATUS PRODUCT…
order() {
	local id=$1 c=$2 kind=$3 ref=$4 st=$5 sign=1 n=0
	shift 5
	[ "$kind" = refund ] && sign=-1
	sql "INSERT INTO orders (id, order_no, customer_id, kind, refund_of, ordered_at, order_date, amount_fen, cost_fen,
	     status, created_at, updated_at) VALUES ($id, 'NO$id', $c, '$kind', $ref, '2026-03-01T02:00:00Z', '2026-03-01',
	     $((sign * 1000 * $#)), 0, '$st', $NOW, $NOW)" >/dev/null
	for p in "$@"; do
		n=$((n + 1))
		sql "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_fen, amount_fen, cost_fen)
		     VALUES ($id, $n, 1$p, 1, $((sign * 1000)), $((sign * 1000)), 0)" >/dev/null
	done
}
order 101 "$CA" sale NULL completed 1 2
order 102 "$CB" sale NULL completed 1 2 3
order 103 "$CB" sale NULL completed 1 3 3
order 104 "$CC" sale NULL completed 2 4
order 105 "$CA" sale NULL open 1 2
order 106 "$CA" refund 101 completed 1 2
order 107 "$CC" sale NULL cancelled 1 3
order 108 "$CD" sale NULL completed 3 4
sql "UPDATE customers SET deleted_at = '2026-04-01T00:00:00Z' WHERE id = $CD" >/dev/null

run analyze assoc --format json
expect_status 0 "analyze assoc on the database"
expect_eq "$(jq -c '[.summary[0].orders, .summary[0].items, .summary[0].rules]' "$T_OUT")" "[5,4,4]" \
	"5 baskets, 4 products, 4 rules with the settings"
expect_eq "$(jq -c '[.rules[] | [.antecedent, .consequent, .support, .confidence, .lift, .orders]]' "$T_OUT")" \
	'[["P3 产品3","P1 产品1",0.4,1,1.25,2],["P4 产品4","P2 产品2",0.2,1,1.25,1],["P1 产品1","P3 产品3",0.4,0.5,1.25,2],["P2 产品2","P4 产品4",0.2,0.25,1.25,1]]' \
	"the hand-computed rules"
expect_eq "$(jq -c '[.parameters[] | .source]' "$T_OUT")" '["setting","setting","setting"]' "thresholds from the settings"
run analyze assoc --min-lift 0.9 --min-confidence 0.7 --format json
expect_eq "$(jq -c '[.rules[] | .antecedent[0:2] + .consequent[0:2]]' "$T_OUT")" '["P3P1","P4P2","P1P2","P2P1"]' \
	"options override: confidence 0.7, lift 0.9"
expect_eq "$(jq -c '[.parameters[] | .source]' "$T_OUT")" '["setting","--min-confidence","--min-lift"]' "it says which came from options"
run analyze assoc --min-support 0; expect_status 1 "support 0 refused"
expect_err "minimum support must be in (0, 1], not 0" "with the reason"

run score --as-of 2026-06-01 --format json
expect_status 0 "score mines and stores the rules"
expect_eq "$(jq -c '[.assoc[0].baskets, .assoc[0].rules]' "$T_OUT")" "[5,4]" "the score run's mining"
expect_eq "$(sql "SELECT COUNT(*) FROM assoc_rules")" "4" "4 rules stored"

"$GUANXI" serve --listen 127.0.0.1:0 --no-background 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
B="http://127.0.0.1:$PORT/api/v1"
run user token boss; TB=$(head -1 "$T_OUT")
run user token rep; TR=$(head -1 "$T_OUT")
# call TOKEN METHOD PATH [JSON]
call() {
	local args=(-s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer $1" -X "$2")
	[ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' -d "$4")
	CODE=$(curl "${args[@]}" "$B$3")
}

call "$TB" GET /analytics/association
expect_eq "$CODE" "200" "rules"
expect_eq "$(jq -c '[.model, .run.baskets, .run.products, .run.pairs, .run.rules, .run.params.min_support, .run.params.min_confidence, .run.params.min_lift]' "$T_OUT")" \
	'["M23",5,4,4,4,0.01,0.2,1.2]' "the run: 5 baskets, 4 products, 4 pairs, 4 rules, the default thresholds"
expect_eq "$(jq -c '[.items[] | [.antecedent_sku, .consequent_sku, .n_both, .n_antecedent, .n_consequent, .support, .confidence, .lift]]' "$T_OUT")" \
	'[["P3","P1",2,2,4,0.4,1,1.25],["P4","P2",1,1,4,0.2,1,1.25],["P1","P3",2,4,2,0.4,0.5,1.25],["P2","P4",1,4,1,0.2,0.25,1.25]]' \
	"the hand-computed rules over HTTP"
call "$TB" GET "/analytics/association?limit=1"
expect_eq "$(jq '.items | length' "$T_OUT")" "1" "limit 1"
for bad in 0 1001 x -1 ''; do
	call "$TB" GET "/analytics/association?limit=$bad"
	expect_eq "$CODE" "400" "limit '$bad' refused"
done

call "$TB" GET "/customers/$CA/recommendations"
expect_eq "$CODE" "200" "suggestions"
expect_eq "$(jq -c '[.items[] | [.antecedent_sku, .consequent_sku, .consequent_name, .confidence, .lift]]' "$T_OUT")" \
	'[["P1","P3","产品3",0.5,1.25],["P2","P4","产品4",0.25,1.25]]' "甲 bought P1, P2: P3 because P1 (50%), P4 because P2 (25%)"
call "$TB" GET "/customers/$CB/recommendations"
expect_eq "$(jq -c '[.items[] | .antecedent_sku + "→" + .consequent_sku]' "$T_OUT")" '["P2→P4"]' "乙 owns P1-P3: P4 because P2"
call "$TB" GET "/customers/$CC/recommendations"
expect_eq "$(jq -c '.items' "$T_OUT")" '[]' "丙 owns P2, P4 (its cancelled order does not count): nothing"
call "$TB" GET "/customers/$CA/recommendations?limit=1"
expect_eq "$(jq -c '[.items[] | .consequent_sku]' "$T_OUT")" '["P3"]' "limit 1: the strongest"
call "$TB" GET "/customers/$CA/recommendations?limit=51"
expect_eq "$CODE" "400" "limit 51 refused"
call "$TR" GET "/customers/$CA/recommendations"
expect_eq "$CODE" "404" "a rep gets 404 for another's customer"
call "$TR" GET "/customers/$CR/recommendations"
expect_eq "$CODE" "200" "a rep sees its own customer's (none)"
call "$TB" GET "/customers/999999/recommendations"
expect_eq "$CODE" "404" "unknown customer"

# the settings change the result
call "$TB" PATCH /settings '{"assoc_min_confidence":"0.7","assoc_min_lift":"0.9"}'
expect_eq "$CODE" "200" "thresholds changed"
run score --as-of 2026-06-01; expect_status 0 "score again"
call "$TB" GET /analytics/association
expect_eq "$(jq -c '[.run.params.min_confidence, .run.params.min_lift, ([.items[] | .antecedent_sku + "→" + .consequent_sku])]' "$T_OUT")" \
	'[0.7,0.9,["P3→P1","P4→P2","P1→P2","P2→P1"]]' "confidence 0.7, lift 0.9: the four rules worked out above"
call "$TB" GET "/customers/$CC/recommendations"
expect_eq "$(jq -c '[.items[] | [.antecedent_sku, .consequent_sku, .confidence]]' "$T_OUT")" '[["P2","P1",0.75]]' \
	"丙 now gets P1 because P2 (75%)"
call "$TB" PATCH /settings '{"assoc_min_lift":"101"}'
expect_eq "$CODE" "400" "lift above 100 refused"
kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null
finish
