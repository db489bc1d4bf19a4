# Changing leads, contracts and quotes and the opportunity recycle bin through the real binary
# (SQLite, and PostgreSQL in the second pass): the CLI `update`, `delete` and `restore`
# commands, then PATCH with If-Match (428 without, 409 when stale, the field named on refusal)
# and DELETE + restore over the REST API; every refusal leaves the row as it was; assignment
# notifications of leads and opportunities.
. "$(dirname "$0")/lib.sh"
export GUANXI_NOW=2026-11-26T02:00:00Z

run init
run department add SALES name=销售部
run user add li display_name=李娜 role=sales department_id=SALES
run user add wang display_name=王强 role=sales department_id=SALES
run user add boss display_name=赵敏 role=manager department_id=SALES
run customer add code=C1 name=星辰科技有限公司 kind=organization owner_id=li
expect_status 0 "set-up"

# --- CLI ---
run lead add name=陈静 source=展会 expected_amount_fen=120 --owner li
run lead update L00000001 company=远航物流 expected_amount_fen=150
expect_status 0 "lead update"
expect_eq "$(sql "SELECT company || ',' || expected_amount_fen FROM leads WHERE code = 'L00000001'")" "远航物流,15000" "written"
run lead update L00000001 status=qualified
expect_status 1 "the status is not a field to update"
expect_err "Status" "names it"
run lead assign L00000001 wang --user boss
expect_eq "$(sql "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'wang' AND n.entity = 'lead' AND n.kind = 'assignment'")" "1" \
	"wang is told about the lead assigned to him"
run lead convert L00000001 --customer C1 --user boss
expect_status 0 "the manager converts wang's lead"
run lead update L00000001 notes=晚了
expect_status 1 "a converted lead does not change"
expect_err "converted" "says why"

run opportunity add C1 name=复印机 amount_fen=1000 expected_close_date=2026-12-31 owner_id=wang --user li
expect_eq "$(sql "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'wang' AND n.entity = 'opportunity'")" "2" \
	"wang is told about both opportunities given to him (his converted lead's and li's)"
OID=$(sql "SELECT id FROM opportunities WHERE name = '复印机'")
OCODE=$(sql "SELECT code FROM opportunities WHERE id = $OID")
run opportunity delete "$OCODE"
expect_status 0 "opportunity delete"
expect_eq "$(sql "SELECT CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM opportunities WHERE id = $OID")" "1" "in the recycle bin"
run opportunity show "$OCODE"
expect_status 1 "no longer shown"
run opportunity restore "$OCODE"
expect_status 0 "opportunity restore"
expect_eq "$(sql "SELECT CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END FROM opportunities WHERE id = $OID")" "1" "back"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'opportunity' AND entity_id = $OID AND action IN ('delete', 'restore')")" "2" \
	"both audited"

run opportunity move "$OCODE" 赢单 --reason 方案最优
run contract add "$OCODE" terms=货到付款
CCODE=$(sql "SELECT code FROM contracts ORDER BY id DESC LIMIT 1")
run contract update "$CCODE" amount_fen=900 terms=月结
expect_status 0 "a draft contract's amount changes"
run contract status "$CCODE" signed --signed 2026-11-20
run contract update "$CCODE" amount_fen=800
expect_status 1 "a signed contract's amount does not"
expect_err "signed" "says why"
expect_eq "$(sql "SELECT amount_fen FROM contracts WHERE code = '$CCODE'")" "90000" "unchanged"
run opportunity delete "$OCODE"
expect_status 1 "an opportunity with a contract stays"

run quote add C1 "A4纸:3:100" --discount 5 --user li
QCODE=$(sql "SELECT code FROM quotes ORDER BY id DESC LIMIT 1")
run quote update "$QCODE" "A4纸:4:99.99" "安装:1:50" --user li
expect_status 0 "quote update with new lines"
expect_out "total 427.46" "4 × 99.99 + 50 − 5 % (22.498 → 22.50)"
expect_eq "$(sql "SELECT COUNT(*) FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE q.code = '$QCODE'")" "2" "lines replaced"
run quote update "$QCODE" --discount 30 --user li
expect_out "status pending_approval" "over the threshold: waits for approval again"
run quote approve "$QCODE" --user boss
run quote update "$QCODE" "A4纸:1:1" --user li
expect_status 1 "an approved quote's lines do not change"
expect_err "approved" "says why"

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
req() {   # TOKEN METHOD PATH [BODY] [IF-MATCH]
	local t=$1 m=$2 p=$3
	H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $t" \
		-H "Content-Type: application/json" ${5:+-H "If-Match: \"$5\""} ${4:+--data-binary "$4"} "$BASE$p")
}
run lead add name=周杰 source=官网 --owner li
LID=$(sql "SELECT id FROM leads WHERE name = '周杰'")
V=$(sql "SELECT version FROM leads WHERE id = $LID")
req "$LI" PATCH "/api/v1/leads/$LID" '{"company":"周氏贸易"}'
expect_eq "$H_STATUS" "428" "PATCH without If-Match: 428"
req "$LI" PATCH "/api/v1/leads/$LID" '{"company":"周氏贸易"}' "$((V + 5))"
expect_eq "$H_STATUS" "409" "stale version: 409"
req "$LI" PATCH "/api/v1/leads/$LID" '{"owner_id":"wang"}' "$V"
expect_eq "$H_STATUS" "400" "owner through PATCH: 400"
expect_out '"field":"owner_id"' "names the field"
req "$LI" PATCH "/api/v1/leads/$LID" '{"company":"周氏贸易"}' "$V"
expect_eq "$H_STATUS" "200" "PATCH lead"
expect_out '"company":"周氏贸易"' "answers the changed lead"
expect_eq "$(sql "SELECT version FROM leads WHERE id = $LID")" "$((V + 1))" "version + 1"

CID=$(sql "SELECT id FROM contracts WHERE code = '$CCODE'")
V=$(sql "SELECT version FROM contracts WHERE id = $CID")
req "$BOSS" PATCH "/api/v1/contracts/$CID" '{"amount_fen":1}' "$V"
expect_eq "$H_STATUS" "409" "signed contract amount: 409"
expect_out '"field":"amount_fen"' "names the field"
req "$BOSS" PATCH "/api/v1/contracts/$CID" '{"end_date":"2027-11-30","start_date":"2026-12-01"}' "$V"
expect_eq "$H_STATUS" "200" "PATCH contract dates"

req "$LI" POST /api/v1/quotes '{"customer_id":"C1","lines":[{"description":"服务","quantity":2,"unit_price_fen":5000}]}'
QID=$(sql "SELECT id FROM quotes ORDER BY id DESC LIMIT 1")
V=$(sql "SELECT version FROM quotes WHERE id = $QID")
req "$LI" PATCH "/api/v1/quotes/$QID" '{"discount_pct":"5","lines":[{"description":"服务","quantity":3,"unit_price_fen":5000}]}' "$V"
expect_eq "$H_STATUS" "200" "PATCH quote lines and discount"
expect_out '"total_fen":14250' "3 × 50.00 − 5 %"
expect_out '"quantity":3' "answers the new lines"

OID2=$(sql "SELECT id FROM opportunities WHERE status = 'open' ORDER BY id LIMIT 1")
req "$BOSS" DELETE "/api/v1/opportunities/$OID2"
expect_eq "$H_STATUS" "204" "DELETE opportunity"
req "$BOSS" GET "/api/v1/opportunities/$OID2"
expect_eq "$H_STATUS" "404" "gone"
req "$BOSS" POST "/api/v1/opportunities/$OID2/restore"
expect_eq "$H_STATUS" "200" "restore"
expect_out '"status":"open"' "answers the opportunity"
kill -TERM "$SERVER"
wait "$SERVER"
finish
