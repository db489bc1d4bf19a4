# Credit management end to end (CLI and HTTP API) on SQLite and, in the PostgreSQL pass, on
# PostgreSQL: a 5C assessment, invoices with fapiao details, payments, the aging report on fixed
# as-of dates (hand-computed), an order on credit refused by the import with its reason and
# then let through by an approved override (used once), and bad input — rating outside 1..5,
# invalid USCC, negative amount, payment larger than the open amount — refused with a message
# naming the field while every table's checksum stays the same.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HDR="$TEST_TMP/headers"
LOG="$TEST_TMP/server.log"
sums() { "$GUANXI" db checksum 2>/dev/null; }

run init
expect_status 0 "init"
run customer add code=K1 name=星辰贸易有限公司 kind=organization roles=dealer uscc=91310000MA1FL0000N address=上海市浦东新区
run customer add code=K2 name=云帆科技 kind=organization
run customer add code=K3 name=未评估客户 kind=person
printf '产品编号,产品名称,单价,成本\nP1,茶叶,100,50\n' >"$TEST_TMP/p.csv"
run import products "$TEST_TMP/p.csv"
expect_status 0 "products"

# --- assessment: ratings all 4 → 75 → B; capacity ¥1,000 → limit ¥2,000 -------------------
R4="character.punctuality=4 capacity.turnover=4 capital.equity=4 collateral.pledge=4 conditions.market=4"
BEFORE=$(sums)
run credit assess K1 --on 2026-11-01 --capacity 1000 character.punctuality=4 capacity.turnover=6 capital.equity=4 collateral.pledge=4 conditions.market=4
expect_status 1 "a rating of 6 is refused"
expect_err "capacity.turnover is 6" "the message names the rating"
expect_err "1 to 5" "and the scale"
run credit assess K1 --on 2026-11-01 --capacity -5 $R4
expect_status 1 "a negative capacity is refused"
expect_eq "$(sums)" "$BEFORE" "refused assessments change nothing"
run credit assess K1 --on 2026-11-01 --capacity 1000 $R4
expect_status 0 "assessment"
expect_out "Credit limit          2000.00" "limit = 2 × ¥1,000"
expect_out "cash;credit_sale;instalment;consignment" "allowed forms of a B dealer"
run credit assess K2 --on 2026-11-01 --capacity 1000 character.a=3 capacity.b=3 capital.c=3 collateral.d=3 conditions.e=3
expect_status 0 "grade D assessment"
run credit show K1 --format json
expect_out '"grade": "B"' "credit show: grade"
expect_out '"limit_fen": 200000' "credit show: limit in fen"
run credit history K1
expect_out "2026-11-01" "history lists the assessment"

# --- invoices and payments ------------------------------------------------------------------
BEFORE=$(sums)
run invoice add K1 invoice_no=F0 issued_on=2026-01-01 due_on=2026-02-01 amount_fen=10 uscc=91310000MA1FL0000X
expect_status 1 "an invalid USCC is refused"
expect_err "统一社会信用代码" "the message names the field"
run invoice add K1 invoice_no=F0 issued_on=2026-01-01 due_on=2026-02-01 amount_fen=-10
expect_status 1 "a negative amount is refused"
expect_err "Amount" "the message names the amount"
run invoice add K1 invoice_no=F0 issued_on=2026-03-01 due_on=2026-02-01 amount_fen=10
expect_status 1 "due before issue is refused"
expect_eq "$(sums)" "$BEFORE" "refused invoices change nothing"
# As of 2026-06-30: I1 due 07-15 ¥100 current; I2 due 05-31 ¥30 (30 days); I3 due 05-30 ¥40
# (31); I4 due 04-01 ¥60 (90); I5 due 03-31 ¥70 less ¥20 paid 06-01 (91); K2: I6 due 01-01 ¥80.
for spec in "I1 2026-07-15 100" "I2 2026-05-31 30" "I3 2026-05-30 40" "I4 2026-04-01 60" "I5 2026-03-31 70"; do
	set -- $spec
	run invoice add K1 invoice_no=$1 issued_on=2026-01-01 due_on=$2 amount_fen=$3 bank=中国工商银行上海分行 bank_account=6222020200112233445
	expect_status 0 "invoice $1"
done
run invoice add K2 invoice_no=I6 issued_on=2025-12-01 due_on=2026-01-01 amount_fen=80
expect_status 0 "invoice I6"
run invoice show I1
expect_out "星辰贸易有限公司" "the fapiao title comes from the customer's file"
expect_out "91310000MA1FL0000N" "so does the USCC"
BEFORE=$(sums)
run payment add I5 paid_on=2026-06-01 amount_fen=70.01
expect_status 1 "a payment larger than the invoice is refused"
expect_err "larger than the open amount ¥70.00" "the message gives the open amount"
run payment add I5 paid_on=2026-06-01 amount_fen=-1
expect_status 1 "a negative payment is refused"
expect_eq "$(sums)" "$BEFORE" "refused payments change nothing"
run payment add I5 paid_on=2026-06-01 amount_fen=20
expect_status 0 "payment"
run payment add I1 paid_on=2026-07-05 amount_fen=10
expect_status 0 "a payment after the first as-of date"

run credit aging --as-of 2026-06-30 --format json
expect_status 0 "aging report"
tr -d ' \n' <"$T_OUT" >"$TEST_TMP/aging.json"
grep -qF '"code":"K1","name":"星辰贸易有限公司"' "$TEST_TMP/aging.json" && pass || fail "aging lists K1"
grep -qF '{"current_fen":10000,"days_1_30_fen":3000,"days_31_60_fen":4000,"days_61_90_fen":6000,"over_90_fen":5000,"total_fen":28000,"customer_id":1' "$TEST_TMP/aging.json" && pass || fail "K1's buckets as of 2026-06-30 (hand-computed)"
grep -qF '"total":{"current_fen":10000,"days_1_30_fen":3000,"days_31_60_fen":4000,"days_61_90_fen":6000,"over_90_fen":13000,"total_fen":36000}' "$TEST_TMP/aging.json" && pass || fail "total buckets as of 2026-06-30"
# As of 2026-07-31: I1 ¥90 (16 days), I2 (61), I3 (62), I4 (121), I5 ¥50 (122).
run credit aging --as-of 2026-07-31 --customer K1 --format csv
expect_out "K1,星辰贸易有限公司,0.00,90.00,0.00,70.00,110.00,270.00" "K1 as of 2026-07-31"
run credit aging --as-of 2026-02-30
expect_status 1 "a date that does not exist is refused"

# --- orders on credit -------------------------------------------------------------------------
# K1 open receivables now ¥100 − ¥10 + ¥30 + ¥40 + ¥60 + ¥50 = ¥270; limit ¥2,000.
printf '订单编号,客户,下单时间,产品编号,数量,单价,信用方式,状态\nOK1,K1,2026-11-02 10:00,P1,1,1730,credit_sale,open\n' >"$TEST_TMP/o1.csv"
run import orders "$TEST_TMP/o1.csv"
expect_status 0 "an order up to the limit (¥270 + ¥1,730 = ¥2,000) passes"
run credit check K1 0.01
expect_status 1 "one fen more is refused by credit check"
expect_out "above the credit limit" "credit check says why"
printf '订单编号,客户,下单时间,产品编号,数量,单价,信用方式\nBIG,K1,2026-11-03 10:00,P1,1,500,credit_sale\nD1,K2,2026-11-03 10:00,P1,1,1,instalment\nU1,K3,2026-11-03 10:00,P1,1,1,charge_account\nC1,K3,2026-11-03 10:00,P1,1,99999,cash\n' >"$TEST_TMP/o2.csv"
BEFORE_ORDERS=$(sql "SELECT COUNT(*) FROM orders")
run import orders "$TEST_TMP/o2.csv"
expect_status 1 "the import reports refused orders"
expect_out "1 created, 0 updated, 3 rejected" "three refused, the cash order taken"
REJ="$TEST_TMP/o2.csv.rejected.csv"
grep -q "BIG.*exposure to ¥2,500.00.*above the credit limit of ¥2,000.00" "$REJ" && pass || fail "BIG refused over the limit with the figures"
grep -q "D1.*not allowed.*D (weak)" "$REJ" && pass || fail "D1 refused: grade D allows no credit form"
grep -q "U1.*no credit assessment" "$REJ" && pass || fail "U1 refused: never assessed"
expect_eq "$(sql "SELECT COUNT(*) FROM orders")" "$((BEFORE_ORDERS + 1))" "only the cash order was written"
run override request K1 amount_fen=600 reason=年末备货
expect_status 0 "override request"
run override request K1 reason=缺金额
expect_status 1 "an override without amount or form is refused"
run override approve 1 --note 同意
expect_status 0 "override approve"
run override approve 1
expect_status 1 "deciding twice is refused"
printf '订单编号,客户,下单时间,产品编号,数量,单价,信用方式\nBIG,K1,2026-11-03 10:00,P1,1,500,credit_sale\n' >"$TEST_TMP/o3.csv"
run import orders "$TEST_TMP/o3.csv"
expect_status 0 "the approved override lets the order through"
expect_eq "$(sql "SELECT status || ':' || (SELECT order_no FROM orders WHERE id = credit_overrides.order_id) FROM credit_overrides WHERE id = 1")" "used:BIG" "the override is used by that order"
printf '订单编号,客户,下单时间,产品编号,数量,单价,信用方式\nBIG2,K1,2026-11-03 10:00,P1,1,1,credit_sale\n' >"$TEST_TMP/o4.csv"
run import orders "$TEST_TMP/o4.csv"
expect_status 1 "a used override does not let a second order through"

# --- HTTP API ---------------------------------------------------------------------------------
run user add boss display_name=经理 role=manager
run user add rep display_name=销售 role=sales
run user token boss
BOSS=$(head -1 "$T_OUT")
run user token rep
REP=$(head -1 "$T_OUT")
"$GUANXI" serve --listen 127.0.0.1:0 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
	curl -s -o /dev/null "$BASE/readyz" && break
	sleep 0.1
done
req() {
	local m=$1 p=$2
	shift 2
	H_STATUS=$(curl -s -o "$T_OUT" -D "$HDR" -w '%{http_code}' -X "$m" "$BASE$p" "$@")
	: >"$T_ERR"
}
expect_code() { expect_eq "$H_STATUS" "$1" "$2"; }
B=(-H "Authorization: Bearer $BOSS" -H "Content-Type: application/json")
S=(-H "Authorization: Bearer $REP" -H "Content-Type: application/json")

req GET /api/v1/customers/1/credit "${S[@]}"
expect_code 200 "GET credit"
expect_out '"grade":"B"' "grade over HTTP"
expect_out '"allowed_forms":["cash","credit_sale","instalment","consignment"]' "allowed forms over HTTP"
BEFORE=$(sums)
req POST /api/v1/customers/3/credit/assessments "${S[@]}" -d '{"assessed_on":"2026-11-05","monthly_capacity_fen":100000,"ratings":[{"c":"character","criterion":"a","rating":0},{"c":"capacity","criterion":"b","rating":5},{"c":"capital","criterion":"c","rating":5},{"c":"collateral","criterion":"d","rating":5},{"c":"conditions","criterion":"e","rating":5}]}'
expect_code 400 "a rating of 0 over HTTP: 400"
expect_out '"field":"ratings"' "the error names the field"
req POST /api/v1/invoices "${S[@]}" -d '{"invoice_no":"H1","customer_id":3,"issued_on":"2026-11-01","due_on":"2026-12-01","amount_fen":100,"title":"个人","uscc":"91310000MA1FL0000X"}'
expect_code 400 "an invalid USCC over HTTP: 400"
expect_out '"field":"uscc"' "the error names uscc"
req POST /api/v1/invoices "${S[@]}" -d '{"invoice_no":"H1","customer_id":3,"issued_on":"2026-11-01","due_on":"2026-12-01","amount_fen":-100,"title":"个人"}'
expect_code 400 "a negative amount over HTTP: 400"
expect_out '"field":"amount_fen"' "the error names amount_fen"
req POST "/api/v1/invoices/$(sql "SELECT id FROM invoices WHERE invoice_no = 'I6'")/payments" "${S[@]}" -d '{"paid_on":"2026-02-01","amount_fen":8001}'
expect_code 400 "a payment over the open amount over HTTP: 400"
expect_out '"field":"amount_fen"' "the error names amount_fen"
expect_eq "$(sums)" "$BEFORE" "refused API writes change nothing"
req POST /api/v1/customers/3/credit/assessments "${S[@]}" -d '{"assessed_on":"2026-11-05","monthly_capacity_fen":100000,"ratings":[{"c":"character","criterion":"a","rating":5},{"c":"capacity","criterion":"b","rating":5},{"c":"capital","criterion":"c","rating":5},{"c":"collateral","criterion":"d","rating":5},{"c":"conditions","criterion":"e","rating":5}]}'
expect_code 201 "assessment over HTTP"
expect_out '"grade":"A"' "all 5s → grade A"
expect_out '"limit_fen":300000' "limit 3 × ¥1,000"
expect_out '"score":100' "the score is a number"
req GET "/api/v1/customers/3/credit/check?amount_fen=300001&form=charge_account" "${S[@]}"
expect_code 200 "credit check over HTTP"
expect_out '"allowed":false' "over the limit"
expect_out '"field":"amount_fen"' "refused on the amount"
C1=$(sql "SELECT id FROM orders WHERE order_no = 'C1'")
req POST /api/v1/invoices "${S[@]}" -d '{"invoice_no":"H1","customer_id":3,"issued_on":"2026-11-01","due_on":"2026-12-01","amount_fen":5000,"orders":['"$C1"']}'
expect_code 201 "invoice over HTTP billing the cash order"
H1=$(sql "SELECT id FROM invoices WHERE invoice_no = 'H1'")
req GET "/api/v1/invoices/$H1" "${S[@]}"
expect_out '"orders":["C1"]' "the invoice names its order"
req POST /api/v1/invoices "${S[@]}" -d '{"invoice_no":"H2","customer_id":3,"issued_on":"2026-11-01","due_on":"2026-12-01","amount_fen":5000,"orders":['"$C1"']}'
expect_code 409 "an order cannot be billed twice"
req POST "/api/v1/invoices/$H1/payments" "${S[@]}" -d '{"paid_on":"2026-11-10","amount_fen":5000,"method":"bank_transfer"}'
expect_code 201 "payment over HTTP"
req GET "/api/v1/invoices/$H1" "${S[@]}"
expect_out '"status":"paid"' "the invoice is paid"
req POST /api/v1/credit/overrides "${S[@]}" -d '{"customer_id":2,"credit_form":"instalment","reason":"项目分期"}'
expect_code 201 "override request over HTTP"
OV=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$T_OUT" | head -1)
req POST "/api/v1/credit/overrides/$OV/approve" "${S[@]}" -d '{}'
expect_code 403 "a sales rep cannot approve"
req POST "/api/v1/credit/overrides/$OV/approve" "${B[@]}" -d '{"note":1}'
expect_code 400 "a note that is not a string: 400"
req POST "/api/v1/credit/overrides/$OV/reject" "${B[@]}" -d '{"note":"先付款"}'
expect_code 200 "a manager rejects"
expect_out '"status":"rejected"' "rejected"
req POST "/api/v1/credit/overrides/$OV/approve" "${B[@]}"
expect_code 409 "a decided override cannot be approved"
req GET "/api/v1/credit/aging?as_of=2026-06-30" "${S[@]}"
expect_out '"over_90_fen":13000,"total_fen":36000' "aging over HTTP"
req GET "/api/v1/credit/aging?as_of=junk" "${S[@]}"
expect_code 400 "a bad as_of: 400"
kill -TERM "$SERVER"
wait "$SERVER" 2>/dev/null

# --- two orders at the same moment cannot share the same headroom --------------------------------
# K3 (grade A, limit ¥3,000, nothing open): two imports of ¥2,000 each run concurrently; each
# fits alone, both together do not, so exactly one is taken whatever the timing.
for n in 1 2; do
	printf '订单编号,客户,下单时间,产品编号,数量,单价,信用方式,状态\nPAR%s,K3,2026-11-06 10:00,P1,1,2000,charge_account,open\n' "$n" >"$TEST_TMP/par$n.csv"
done
"$GUANXI" import orders "$TEST_TMP/par1.csv" >/dev/null 2>&1 &
P1=$!
"$GUANXI" import orders "$TEST_TMP/par2.csv" >/dev/null 2>&1 &
P2=$!
wait $P1 $P2
expect_eq "$(sql "SELECT COUNT(*) FROM orders WHERE order_no IN ('PAR1', 'PAR2')")" "1" "of two concurrent orders over the headroom exactly one is taken"

# --- the demo company has credit data with every aging bucket filled (SQLite pass only: the
# demo takes a few seconds and is the same code on both backends) -----------------------------
if [ -z "${GUANXI_TEST_PG_URL:-}" ]; then
	export GUANXI_NOW=2026-11-26T02:00:00Z
	run demo --db "$TEST_TMP/demo.db"
	expect_status 0 "demo"
	run credit aging --db "$TEST_TMP/demo.db" --format json
	tr -d ' \n' <"$T_OUT" >"$TEST_TMP/demo-aging.json"
	sed -n 's/.*"total":{\(.*\)}}/\1/p' "$TEST_TMP/demo-aging.json" >"$TEST_TMP/demo-total"
	for b in current_fen days_1_30_fen days_31_60_fen days_61_90_fen over_90_fen; do
		grep -qE "\"$b\":[1-9]" "$TEST_TMP/demo-total" && pass || fail "the demo's aging has an amount in $b"
	done
	expect_eq "$(sqlite3 "$TEST_TMP/demo.db" "SELECT COUNT(DISTINCT grade) >= 4 FROM credit_assessments")" "1" "the demo's grades spread over the scale"
	expect_eq "$(sqlite3 "$TEST_TMP/demo.db" "SELECT COUNT(*) > 0 FROM invoices WHERE status = 'paid' AND paid_off_on > due_on")" "1" "some demo invoices were paid late"
	unset GUANXI_NOW
fi

# --- merge and purge keep the accounts ---------------------------------------------------------
run customer add code=K8 name=合并来源公司 kind=organization
run customer add code=K9 name=合并目标公司 kind=organization
run invoice add K8 invoice_no=MERGE1 issued_on=2026-01-01 due_on=2026-02-01 amount_fen=500
expect_status 0 "an invoice for the customer that will be merged away"
run customer merge K9 K8
expect_status 0 "merge K8 into K9"
expect_eq "$(sql "SELECT c.code FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.invoice_no = 'MERGE1'")" "K9" \
	"the merged customer's invoice follows it to the survivor"
run customer delete K9
run customer purge K9
expect_status 1 "a customer with invoices is not purged"
expect_err "invoices" "the refusal names the invoices"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code = 'K9'")" "1" "the customer is still there"

# --- every credit route is in the OpenAPI file --------------------------------------------------
missing=0
while read -r path; do
	grep -qF "  $path:" "$ROOT/docs/openapi.yaml" || { echo "openapi.yaml lacks $path"; missing=$((missing + 1)); }
done < <(sed -n 's/^\t{"[A-Z]*", "\(\/[^"]*\)".*/\1/p' "$ROOT/src/http/routes_credit.c" | sort -u)
expect_eq "$missing" "0" "docs/openapi.yaml describes every credit route"
finish
