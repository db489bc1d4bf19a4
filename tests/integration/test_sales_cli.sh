# Sales through the real binary (SQLite, and PostgreSQL in the second pass): leads into the
# pool, claim, conversion with its duplicate check, opportunities through the standard
# pipeline with the reason on won/lost, contracts and payment plans, quotes waiting for
# discount approval, targets, the forecast with hand-computed figures, bad input refused with
# the field named and nothing written; then the same over the REST API.
. "$(dirname "$0")/lib.sh"
export GUANXI_NOW=2026-11-26T02:00:00Z

run init
run department add SALES name=销售部
run team add EAST name=华东组 department_id=SALES
run user add li display_name=李娜 role=sales department_id=SALES team_id=EAST
run user add wang display_name=王强 role=sales department_id=SALES
run user add boss display_name=赵敏 role=manager department_id=SALES
run customer add name=星辰科技有限公司 kind=organization mobile=13800138000
expect_status 0 "a customer"

# --- leads ---
run lead add name=陈静 company=远航物流有限公司 phone=13912345678 source=展会 expected_amount_fen=12000
expect_status 0 "lead add"
expect_out "L00000001" "generated lead code"
run search 远航物流
expect_out "L00000001" "the search box finds leads"
run lead add name=张伟 phone=13800138000 source=官网
run lead add name=刘洋 source=转介绍 --owner wang
run lead list --pool --format csv --columns code
expect_out "L00000001" "unowned lead in the pool"
expect_no_out "L00000003" "an owned lead is not in the pool"
run lead claim L00000001
expect_status 1 "claiming needs a user"
run lead claim L00000001 --user li
expect_status 0 "li claims"
run lead claim L00000001 --user wang
expect_status 1 "a claimed lead is not in the pool"
expect_err "no Lead with id" "and is out of wang's row scope (another team's lead)"
run lead status L00000002 disqualified
expect_status 1 "disqualify without reason"
expect_err "reason" "names the reason"
run lead status L00000002 converted
expect_status 1 "converted only through lead convert"
run lead status L00000002 contacted
expect_status 0 "new → contacted"

# Conversion: the duplicate check refuses L00000002 (its phone is the customer's) and writes nothing.
before=$(sql "SELECT (SELECT COUNT(*) FROM customers) || '/' || (SELECT COUNT(*) FROM opportunities) || '/' || (SELECT status FROM leads WHERE code = 'L00000002')")
run lead convert L00000002
expect_status 1 "duplicate phone refuses conversion"
expect_err "C00000001" "names the matching customer"
expect_eq "$(sql "SELECT (SELECT COUNT(*) FROM customers) || '/' || (SELECT COUNT(*) FROM opportunities) || '/' || (SELECT status FROM leads WHERE code = 'L00000002')")" "$before" "nothing written"
run lead convert L00000002 --customer C00000001 --amount 3000 --close 2027-01-15
expect_status 0 "attached to the existing customer instead"
run lead convert L00000001
expect_status 0 "lead convert"
expect_out "contact" "a company lead brings its contact"
expect_eq "$(sql "SELECT kind || ' ' || name FROM customers WHERE code = 'C00000002'")" "organization 远航物流有限公司" "organisation customer from the company"
expect_eq "$(sql "SELECT status FROM leads WHERE code = 'L00000001'")" "converted" "lead converted"
run lead conversion --format csv
expect_out "展会,1,1,1.0000" "conversion by source"
expect_out "转介绍,1,0,0.0000" "unconverted source"

# --- opportunities: O00000001 (3000.00, 2027-01) and O00000002 (12000.00, 2026-12) ---
run opportunity add C00000001 name=复印机 amount_fen=-5 expected_close_date=2026-12-20
expect_status 1 "negative amount"
expect_err "Amount" "names the amount"
run opportunity add C00000001 name=复印机 amount_fen=500 expected_close_date=2026-11-25
expect_status 1 "close date before creation"
expect_err "expected close date 2026-11-25 is before" "says why"
run opportunity add C00000001 name=复印机 amount_fen=500 expected_close_date=2026-12-20 --stage 谈判
expect_status 1 "unknown stage"
expect_err "unknown stage" "names it"
expect_eq "$(sql "SELECT COUNT(*) FROM opportunities")" "2" "no opportunity written by refused adds"
run opportunity add C00000001 name=打印机 amount_fen=2000 expected_close_date=2026-12-20 owner_id=wang --stage 方案报价
expect_status 0 "opportunity add"
run opportunity move O00000003 赢单
expect_status 1 "won without reason"
expect_err "needs the reason" "says so"
run opportunity move O00000003 谈判审核 --user wang
expect_status 0 "an open move"
run sales forecast --from 2026-11 --to 2027-02 --format csv
# 2026-12: 12000 × 10 % + 2000 × 75 % = 1200 + 1500 = 2700; 2027-01: 3000 × 10 % = 300
expect_out "2026-12,2,14000.00,2700.00" "forecast December"
expect_out "2027-01,1,3000.00,300.00" "forecast January"
run opportunity move O00000002 赢单 --reason 方案最优
expect_status 0 "won"
run opportunity move O00000002 输单 --reason x
expect_status 1 "a won opportunity does not move"
run opportunity move O00000001 输单 --reason 预算取消
run sales stats --format csv
expect_out "1,1,1,0.5000,12000.00,12000.00,0.0" "stats: 1 open, 1 won, 1 lost"
run opportunity board --format csv
expect_out "赢单,100%,1,12000.00" "board column"
run opportunity show O00000002
expect_out "方案最优" "history shows the reason"

# --- contracts and payment plans ---
run contract add O00000003
expect_status 1 "contract from an open opportunity"
run contract add O00000002 terms=货到付款
expect_status 0 "contract add"
run contract status HT00000001 completed
expect_status 1 "draft → completed refused"
run contract status HT00000001 signed --signed 2026-11-20
expect_status 0 "signed"
run payment-plan add HT00000001 due_date=2026-12-31 amount_fen=6000
run payment-plan add HT00000001 due_date=2027-01-31 amount_fen=6000.01
expect_status 1 "over the contract amount"
expect_err "12000.01" "shows the total"
run payment-plan paid 1 --date 2026-11-25
expect_status 0 "paid"
expect_eq "$(sql "SELECT status || ' ' || paid_date FROM payment_plans WHERE id = 1")" "paid 2026-11-25" "stored"

# --- quotes ---
run quote add C00000001 "A4纸:3:333.33" "安装:1:0" --discount 12.5
expect_out "total 874.99, status pending_approval" "discount over 10 % waits"
run quote send Q00000001
expect_status 1 "cannot send while waiting"
run quote approve Q00000001 --note 老客户
run quote send Q00000001
expect_status 0 "sent after approval"
run quote threshold 20
expect_out "20.00 %" "threshold set"
run quote add C00000001 "A4纸:1:100" --discount 15
expect_out "status draft" "under the new threshold"

# --- targets ---
run target set 2026-11 10000 --rep li
run target set 2026-11 0 --rep li
expect_status 1 "a zero target"
run target report 2026-11 --format csv
expect_out "2026-11,li,,10000.00,12000.00,1.2000" "completion"

# --- REST API ---
for u in li boss; do echo "secret-$u-pw" | "$GUANXI" user passwd "$u" >/dev/null 2>&1; done
run user token li
LI=$(head -1 "$T_OUT")
run user token boss
BOSS=$(head -1 "$T_OUT")
LOG="$TEST_TMP/server.log"
"$GUANXI" serve --listen 127.0.0.1:0 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
req() {   # TOKEN METHOD PATH [BODY]
	local t=$1 m=$2 p=$3
	H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $t" \
		-H "Content-Type: application/json" ${4:+--data-binary "$4"} "$BASE$p")
}
req "$LI" POST /api/v1/leads '{"name":"周杰","source":"展会","phone":"13700001111"}'
expect_eq "$H_STATUS" "201" "POST lead"
expect_out '"status":"new"' "new lead"
req "$LI" POST /api/v1/leads/4/claim
expect_eq "$H_STATUS" "200" "claim over the API"
req "$LI" POST /api/v1/leads/4/convert '{"amount_fen":50000,"expected_close_date":"2027-02-01"}'
expect_eq "$H_STATUS" "201" "convert over the API"
expect_out '"opportunity_id":4' "opens O00000004"
req "$LI" POST /api/v1/opportunities/4/move '{"stage":"赢单"}'
expect_eq "$H_STATUS" "400" "won without reason: 400"
expect_out '"field":"reason"' "names the field"
req "$LI" POST /api/v1/opportunities '{"customer_id":"C00000001","name":"x","amount_fen":100,"expected_close_date":"2026-01-01"}'
expect_eq "$H_STATUS" "400" "close date before creation: 400"
expect_out '"field":"expected_close_date"' "names the field"
req "$LI" POST /api/v1/opportunities '{"customer_id":"C00000001","name":"x","amount_fen":100,"expected_close_date":"2027-03-01","stage":"无此阶段"}'
expect_eq "$H_STATUS" "400" "unknown stage: 400"
expect_eq "$(sql "SELECT COUNT(*) FROM opportunities")" "4" "refused creates wrote nothing"
req "$LI" GET '/api/v1/sales/forecast?from=2027-02&to=2027-02'
expect_out '"weighted_yuan":50.0' "500.00 × 10 %"
req "$LI" GET /api/v1/pipelines/1/board
expect_out '"opportunities":' "board"
req "$LI" POST /api/v1/quotes '{"customer_id":"C00000001","discount_pct":30,"lines":[{"description":"服务","quantity":2,"unit_price_fen":5000}]}'
expect_eq "$H_STATUS" "201" "POST quote"
expect_out '"status":"pending_approval"' "waits"
expect_out '"total_fen":7000' "2 × 50.00 − 30 %"
req "$LI" POST /api/v1/quotes/3/approve
expect_eq "$H_STATUS" "403" "a sales rep does not approve"
req "$BOSS" POST /api/v1/quotes/3/approve '{"note":"同意"}'
expect_eq "$H_STATUS" "200" "a manager approves"
expect_out '"status":"approved"' "approved"
req "$LI" PUT /api/v1/targets '{"month":"2026-11","team_id":1,"target_fen":2000000}'
expect_eq "$H_STATUS" "403" "a sales rep does not set targets"
req "$BOSS" PUT /api/v1/targets '{"month":"2026-11","team_id":1,"target_fen":2000000}'
expect_eq "$H_STATUS" "200" "PUT target"
req "$LI" POST /api/v1/pipelines '{"code":"X","name":"x","stages":[{"name":"a","probability":10},{"name":"w","probability":100,"kind":"won"},{"name":"l","probability":0,"kind":"lost"}]}'
expect_eq "$H_STATUS" "403" "a sales rep does not set up pipelines"
req "$BOSS" POST /api/v1/pipelines '{"code":"X","name":"x","stages":[{"name":"a","probability":10},{"name":"w","probability":90,"kind":"won"},{"name":"l","probability":0,"kind":"lost"}]}'
expect_eq "$H_STATUS" "400" "won stage at 90: 400"
expect_out '"field":"stages"' "names the stages"
req "$BOSS" POST /api/v1/pipelines '{"code":"X","name":"x","stages":[{"name":"a","probability":10},{"name":"w","probability":100,"kind":"won"},{"name":"l","probability":0,"kind":"lost"}]}'
expect_eq "$H_STATUS" "201" "a manager creates a pipeline"
req "$LI" GET '/api/v1/targets?month=2026-11'
expect_out '"completion_rate":0.59999999999999998' "team EAST: 12000.00 / 20000.00 (0.6 as the nearest double, printed in full)"
req "$LI" GET '/api/v1/sales/stats'
expect_out '"win_rate":0.5' "stats over the API"
kill -TERM "$SERVER"
wait "$SERVER"

# --- approvals ---
# a rep's discount over the threshold waits in the manager's approvals inbox
sql "UPDATE departments SET head_user_id = (SELECT id FROM users WHERE username = 'boss') WHERE code = 'SALES'" >/dev/null
run quote threshold 20
run quote add C00000001 "A4纸:2:100" --discount 25 --user li
expect_out "status pending_approval" "li's 25 % discount waits"
QID=$(sql "SELECT id FROM quotes ORDER BY id DESC LIMIT 1")
AID=$(sql "SELECT id FROM approvals WHERE kind = 'quote_discount' AND entity_id = $QID AND status = 'pending'")
expect_eq "$(sql "SELECT u.username FROM approvals a JOIN users u ON u.id = a.approver_id WHERE a.id = ${AID:-0}")" "boss" \
	"the request waits for li's manager"
run quote approve "$QID" --user boss
expect_status 1 "the direct decision waits for the inbox"
expect_err "approvals inbox" "and says where to decide"
run approval approve "$AID" --user boss
expect_status 0 "the manager approves in the inbox"
expect_eq "$(sql "SELECT status FROM quotes WHERE id = $QID")" "approved" "which approves the discount"


# --- recycling a customer to the pool unassigns its open opportunities (DECISIONS.md) ---
run customer add code=RC1 name=回收测试公司 kind=organization owner_id=wang
run opportunity add RC1 name=回收商机 amount_fen=100 expected_close_date=2027-06-30 owner_id=wang
expect_status 0 "an open opportunity of wang's customer"
GUANXI_NOW=2027-06-01T00:00:00Z run pool recycle
expect_status 0 "recycle after months without contact"
expect_eq "$(sql "SELECT COALESCE(owner_id, 0) FROM customers WHERE code = 'RC1'")" "0" "the customer is back in the pool"
expect_eq "$(sql "SELECT COALESCE(o.owner_id, 0) FROM opportunities o JOIN customers c ON c.id = o.customer_id WHERE c.code = 'RC1'")" "0" \
	"and its open opportunity is unassigned"

# --- follow-up tasks on opportunities (the workflow module links tasks to any record) ---
run task add title=跟进报价 due_date=2026-12-01 entity=opportunity entity_id=1
expect_status 0 "a follow-up task on an opportunity"
expect_eq "$(sql "SELECT entity || ':' || entity_id FROM tasks WHERE title = '跟进报价'")" "opportunity:1" "linked to it"
run task add title=无效 due_date=2026-12-01 entity=opportunity entity_id=999999
expect_status 1 "not to an opportunity that does not exist"
finish
