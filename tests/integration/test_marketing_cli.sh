# Marketing and loyalty through the CLI and the HTTP API, on SQLite and (in the PostgreSQL pass)
# PostgreSQL: a segment over tags and scores with a live count equal to its member list and
# its export; a campaign launched once (a second launch refused and nothing changed), a
# response, a conversion and the hand-computed ROI; a club with tiers, points earned per order,
# a redemption over the balance refused, the tier and balance on `customer show` and on GET
# /api/v1/customers/{id}; and the same refusals through the API with the field named.
. "$(dirname "$0")/lib.sh"
export GUANXI_NOW=2025-06-01T02:00:00Z

run init
expect_status 0 "init"
{
	echo "code,name,city,tags,mobile,email,address"
	echo "M1,甲茶行,上海,vip;wholesale,13900000001,a@example.com,上海市黄浦区1号"
	echo "M2,乙茶庄,上海,,13900000002,b@example.com,上海市黄浦区2号"
	echo "M3,丙茶社,北京,vip,13900000003,c@example.com,北京市东城区3号"
	echo "M4,丁茶馆,上海,vip,13900000004,d@example.com,上海市徐汇区4号"
} >"$TEST_TMP/c.csv"
run import customers "$TEST_TMP/c.csv"
expect_status 0 "import four customers"
printf 'sku,name,price_fen,cost_fen\nP1,龙井,100.00,60.00\n' >"$TEST_TMP/p.csv"
run import products "$TEST_TMP/p.csv"
expect_status 0 "import a product"

# --- segments ---
run segment add SHVIP 上海VIP "city eq '上海' and tag eq 'vip'" --description "上海的重点客户"
expect_status 0 "segment add"
expect_out "2 customers now" "the live count at creation"
run segment count SHVIP
expect_eq "$(cat "$T_OUT")" "2" "segment count"
run segment members SHVIP --count
expect_eq "$(cat "$T_OUT")" "2" "members --count equals the segment count"
run segment members SHVIP --format csv --columns code
expect_eq "$(tail -n +2 "$T_OUT" | tr -d '\r' | sort | tr '\n' ' ')" "M1 M4 " "the members are M1 and M4"
run segment export SHVIP "$TEST_TMP/seg.csv"
expect_status 0 "segment export"
expect_eq "$(($(wc -l <"$TEST_TMP/seg.csv") - 1))" "2" "the export has the two customers"
run segment export SHVIP "$TEST_TMP/seg.xlsx"
expect_status 0 "segment export to xlsx"
[ -s "$TEST_TMP/seg.xlsx" ] && pass || fail "the xlsx file is written"
run segment count --filter "clv_yuan gt 100 or rfm_segment eq 'champions'"
expect_eq "$(cat "$T_OUT")" "0" "score fields work before any scoring run (no scores: no match)"
run customer list --filter "tag eq 'vip' and city eq '上海'" --count
expect_eq "$(cat "$T_OUT")" "2" "customer list takes the segment fields too"
run export customers "$TEST_TMP/vip.csv" --filter "tag eq 'vip'"
expect_eq "$(($(wc -l <"$TEST_TMP/vip.csv") - 1))" "3" "and so does export"
segments=$(sql "SELECT COUNT(*) FROM segments")
run segment add BAD 坏 "region eq '华东'"
expect_status 1 "an unknown segment field is refused"
expect_err 'unknown field "region"' "the message names the field"
run segment add BAD2 坏 "clv_yuan gt 'high'"
expect_status 1 "a text value for a number field is refused"
expect_err "clv_yuan" "the message names the field"
expect_eq "$(sql "SELECT COUNT(*) FROM segments")" "$segments" "no segment was saved"

# --- campaigns ---
run campaign add code=SPRING name=春茶品鉴会 type=meeting rm_level=social segment_id=SHVIP budget_fen=-100
expect_status 1 "a negative budget is refused"
expect_err "Budget" "the message names the budget"
expect_eq "$(sql "SELECT COUNT(*) FROM campaigns")" "0" "nothing saved"
run campaign add code=SPRING name=春茶品鉴会 type=tasting rm_level=social
expect_status 1 "an unknown campaign type is refused"
run campaign add code=SPRING name=春茶品鉴会 type=meeting rm_level=social segment_id=SHVIP budget_fen=800.00 actual_cost_fen=500.00
expect_status 0 "campaign add"
run campaign launch SPRING
expect_status 0 "campaign launch"
expect_out "with 2 members" "two members frozen"
audits=$(sql "SELECT COUNT(*) FROM audit_log")
version=$(sql "SELECT version FROM campaigns WHERE code = 'SPRING'")
run campaign launch SPRING
expect_status 1 "a second launch is refused"
expect_err "already launched" "the message says why"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log")" "$audits" "no audit row for the refused launch"
expect_eq "$(sql "SELECT version FROM campaigns WHERE code = 'SPRING'")" "$version" "the campaign is unchanged"
expect_eq "$(sql "SELECT COUNT(*) FROM campaign_members")" "2" "members unchanged"
run campaign members SPRING --count
expect_eq "$(cat "$T_OUT")" "2" "campaign members"
run campaign respond SPRING M2
expect_status 1 "a non-member cannot respond"
run campaign respond SPRING M1 --channel wechat --note 要报价
expect_status 0 "a member responds"
export GUANXI_NOW=2025-06-05T02:00:00Z
printf 'order_no,customer_id,ordered_at,product_id,quantity,unit_price_fen\nSO1,M1,2025-06-03T02:00:00Z,P1,20,100.00\nSO2,M4,2025-06-04T02:00:00Z,P1,5,100.00\n' >"$TEST_TMP/o.csv"
run import orders "$TEST_TMP/o.csv"
expect_status 0 "import orders"
run campaign convert SPRING SO1
expect_status 0 "link an order"
run campaign convert SPRING SO1
expect_status 1 "an order converts once"
run campaign show SPRING --format json
expect_out '"revenue_fen": 200000' "revenue 2000.00 yuan"
expect_out '"margin_fen": 80000' "margin 2000 − 1200 = 800 yuan"
expect_out '"cost_per_response_yuan": 500.0' "500 yuan for one response"
grep -qE '"roi": 0\.(6|59999999)' "$T_OUT" && pass || fail "(800 − 500) / 500 = 0.6"
expect_out '"revenue_roi": 3.0' "(2000 − 500) / 500 = 3"
run campaign export SPRING "$TEST_TMP/mailing.csv"
expect_status 0 "the mailing list"
grep -q "上海市黄浦区1号" "$TEST_TMP/mailing.csv" && pass || fail "the mailing list has the address"
expect_eq "$(($(wc -l <"$TEST_TMP/mailing.csv") - 1))" "2" "one row per member"

# --- loyalty ---
run club add code=TEA name=茶友会 points_per_yuan=1 expiry_months=12
expect_status 0 "club add"
run club tier TEA silver 银卡 1000
expect_status 0 "tier silver"
run club tier TEA gold 金卡 2000
expect_status 0 "tier gold"
run club tier TEA gold2 金卡2 2000
expect_status 1 "a second tier at the same threshold is refused"
run club join TEA M1 --date 2025-06-01
expect_status 0 "join"
run club join TEA M1
expect_status 1 "joining twice is refused"
run points earn TEA --all
expect_status 0 "earn for every order"
expect_out "1 orders earned 2000 points" "SO1 of 2000 yuan earns 2000 points"
run points show TEA M1 --format json
expect_out '"balance": 2000' "balance 2000"
expect_out '"tier": "金卡"' "2000 points reach gold exactly"
entries=$(sql "SELECT COUNT(*) FROM points_ledger")
run points redeem TEA M1 2001 --reason 兑换
expect_status 1 "redeeming more than the balance is refused"
expect_err "balance" "the message names the balance"
run points redeem TEA M1 500
expect_status 1 "a redemption needs a reason"
expect_eq "$(sql "SELECT COUNT(*) FROM points_ledger")" "$entries" "the ledger is unchanged"
run points redeem TEA M1 500 --reason 兑换茶具
expect_status 0 "redeem 500"
expect_eq "$(sql "SELECT SUM(points) FROM points_ledger")" "1500" "balance = sum of entries"
expect_eq "$(sql "SELECT SUM(remaining) FROM points_ledger")" "1500" "= the credits' points left"
run customer show M1
expect_out "Club: TEA  Tier: 金卡  Points balance: 1500" "customer show has tier and balance"
run loyalty suggest M1
expect_status 0 "loyalty suggest"
expect_out "no score yet" "without a score the advice is for a prospect"

# --- the API ---
run user add admin display_name=管理员 role=admin
run user token admin --name tests
TOKEN=$(head -1 "$T_OUT")
"$GUANXI" serve --listen 127.0.0.1:0 2>"$TEST_TMP/server.log" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TEST_TMP/server.log")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
req() {
	local m=$1 p=$2
	shift 2
	H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -X "$m" "$BASE$p" -H "Authorization: Bearer $TOKEN" \
	           -H "Content-Type: application/json" "$@")
	: >"$T_ERR"
}
M1=$(sql "SELECT id FROM customers WHERE code = 'M1'")
CLUB=$(sql "SELECT id FROM clubs WHERE code = 'TEA'")
CAMP=$(sql "SELECT id FROM campaigns WHERE code = 'SPRING'")
req GET "/api/v1/customers/$M1"
expect_eq "$H_STATUS" "200" "customer get"
expect_out '"loyalty":[{"club_id":' "customer get carries loyalty"
expect_out '"balance":1500' "with the balance"
expect_out '"tier":"gold"' "and the tier"
req GET "/api/v1/segments/count?filter=tag%20eq%20%27vip%27"
expect_out '"count":3' "live count over the API"
req GET "/api/v1/customers?filter=points_balance%20gt%200&fields=code"
expect_out '"total":1' "the API's customer filter reaches points"
req GET /api/v1/customers/$M1?fields=name
expect_no_out '"loyalty"' "fields= leaves loyalty out"
req GET "/api/v1/customers/$M1?fields=name,loyalty"
expect_out '"loyalty":[' "unless asked for"
req POST /api/v1/segments -d '{"code":"X","name":"x","filter":"nosuch eq 1"}'
expect_eq "$H_STATUS" "400" "an unknown field is a 400"
expect_out 'nosuch' "naming the field"
req POST "/api/v1/campaigns/$CAMP/launch"
expect_eq "$H_STATUS" "409" "launching twice is a conflict"
expect_out '"field":"status"' "naming the status"
req POST /api/v1/campaigns -d '{"code":"NEG","name":"n","type":"promotion","rm_level":"financial","budget_fen":-1}'
expect_eq "$H_STATUS" "400" "a negative budget is refused"
expect_out '"field":"budget_fen"' "naming budget_fen"
req POST "/api/v1/clubs/$CLUB/members/$M1/redeem" -d '{"points":1501,"reason":"too many"}'
expect_eq "$H_STATUS" "400" "redeeming over the balance is refused"
expect_out '"field":"points"' "naming points"
req POST "/api/v1/clubs/$CLUB/members/$M1/redeem" -d '{"points":100,"reason":"gift"}'
expect_eq "$H_STATUS" "201" "redeem 100"
expect_out '"balance":1400' "balance 1400"
req GET "/api/v1/campaigns/$CAMP"
grep -qE '"roi":0\.(6|59999999)' "$T_OUT" && pass || fail "campaign figures over the API"
req GET "/api/v1/segments/1/customers"
expect_out '"total":2' "the segment's customers over the API"
req GET "/api/v1/customers/$M1/loyalty"
expect_out '"advice_stage":"prospect"' "stage advice"
expect_eq "$(sql "SELECT SUM(points) FROM points_ledger")" "1400" "the API refusals changed nothing"
kill "$SERVER"
wait "$SERVER" 2>/dev/null
finish
