# Workflow integration on the real binary (SQLite, and PostgreSQL in the second pass): tasks and
# their state machine, the daily `guanxi remind` job on a pinned clock (care tasks for a lunar
# birthday, a child's birthday and 中秋 2026; run twice, nothing duplicated), the agenda,
# notifications, approvals (customer transfer, pool claim over the limit, refused decisions
# that change nothing), and the same through the HTTP API.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export GUANXI_NOW=2026-09-20T02:00:00Z
count() { sql "SELECT COUNT(*) FROM $1"; }
snapshot() { sql "SELECT (SELECT COUNT(*) FROM tasks) || '/' || (SELECT COUNT(*) FROM approvals) || '/' || (SELECT COUNT(*) FROM notifications) || '/' || (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT COALESCE(SUM(version),0) FROM tasks) || '/' || (SELECT COALESCE(SUM(version),0) FROM approvals) || '/' || (SELECT COALESCE(SUM(version),0) FROM customers)"; }

run init
run department add HQ name=总部
run department add SALES name=销售部 parent_id=HQ
run user add boss display_name=赵总 role=manager department_id=HQ
run user add lead display_name=钱经理 role=sales department_id=SALES
run user add wang display_name=王芳 role=sales department_id=SALES
run user add li display_name=李强 role=sales department_id=SALES
sql "UPDATE departments SET head_user_id = (SELECT id FROM users WHERE username = 'boss') WHERE code = 'HQ'" >/dev/null
sql "UPDATE departments SET head_user_id = (SELECT id FROM users WHERE username = 'lead') WHERE code = 'SALES'" >/dev/null

# --- care tasks ---
run customer add name=张伟 code=C1 birthday=1990-10-03 birthday_lunar=1 key_account=1 \
	'care={"children":[{"name":"小明","birthday":"2016-09-22"}]}'
expect_status 0 "customer with a lunar birthday and a child"
run customer assign C1 wang
expect_eq "$(sql "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'wang' AND n.kind = 'assignment'")" "1" \
	"the new owner is told of the assignment"
run customer add name=李娜 code=C2 birthday=1985-09-24
run customer assign C2 li
run remind --days 7
expect_status 0 "remind"
expect_out "2026-09-20: 4 care tasks" "four care events in the week"
expect_eq "$(sql "SELECT due_date FROM tasks WHERE care_kind = 'birthday' AND entity_id = (SELECT id FROM customers WHERE code = 'C1')")" "2026-09-25" \
	"lunar birthday 八月十五 falls on 2026-09-25"
expect_eq "$(sql "SELECT due_date FROM tasks WHERE care_kind = 'festival'")" "2026-09-25" "中秋 2026 is 2026-09-25"
expect_eq "$(sql "SELECT due_date FROM tasks WHERE care_kind = 'child_birthday'")" "2026-09-22" "the child's birthday"
run remind --days 7
expect_out "0 care tasks" "a second run creates nothing"
expect_out "4 already generated" "and says so"
expect_eq "$(count tasks)" "4" "no duplicate tasks"
run remind --days 99
expect_status 2 "--days out of range is a usage error"

# --- agenda and reminders ---
run agenda --user wang --days 7 --format csv
expect_status 0 "agenda"
expect_out "2026-09-22" "the child's birthday is on wang's agenda"
expect_no_out "李娜" "li's customer is not"
GUANXI_NOW=2026-09-22T02:00:00Z run remind
expect_out "1 reminders" "the task due on 09-22 is reminded"
GUANXI_NOW=2026-09-22T02:00:00Z run remind
expect_out "0 reminders" "once a day"
run notification list --user wang --unread --format csv
expect_out "reminder" "wang has the reminder"
NID=$(sql "SELECT id FROM notifications WHERE kind = 'reminder'")
run notification read "$NID" --user li
expect_status 1 "another user cannot read wang's notification"
run notification read "$NID" --user wang
expect_status 0 "notification read"
run notification read "$NID" --user wang
expect_status 1 "reading twice is refused"
expect_err "already read" "and says why"
run notification unread "$NID" --user wang
expect_status 0 "notification unread"

# --- tasks ---
run task add title=回访 due_date=2026-09-21 assignee_id=wang --customer C1 --user lead
expect_status 0 "task add for another user"
TID=$(sql "SELECT id FROM tasks WHERE title = '回访'")
expect_eq "$(sql "SELECT COUNT(*) FROM notifications WHERE kind = 'assignment' AND entity_id = $TID")" "1" "the assignee is notified"
run task add title=x due_date=2026-02-30 --user wang
expect_status 1 "an impossible due date is refused"
run task add title=x due_date=2026-09-30 entity=ticket entity_id=1 --user wang
expect_status 1 "a link to an unknown entity is refused"
run task reopen "$TID" --user wang
expect_status 1 "reopening an open task is refused"
expect_err "cannot be reopened" "the message names the move"
run task complete "$TID" --user li
expect_status 1 "someone else's task cannot be completed"
BEFORE=$(snapshot)
run task complete "$TID" --user wang
expect_status 0 "complete"
run task complete "$TID" --user wang
expect_status 1 "completing twice is refused"
run task cancel "$TID" --user wang
expect_status 1 "cancelling a done task is refused"
run task reopen "$TID" --user wang
expect_status 0 "reopen"
run task cancel "$TID" --user wang
expect_status 0 "cancel"
AFTER=$(snapshot)
run task complete "$TID" --user wang
expect_status 1 "completing a cancelled task is refused"
expect_eq "$(snapshot)" "$AFTER" "refused moves change nothing"
run task list --user wang --format csv --filter "status eq 'cancelled'"
expect_out "回访" "task list with a filter"

# --- approvals: customer transfer ---
run customer transfer C1 li --user wang --reason 调岗
expect_status 0 "transfer request"
AID=$(sql "SELECT id FROM approvals WHERE kind = 'customer_transfer'")
run approval list --user lead --format csv
expect_out "customer_transfer" "the request waits for wang's manager"
BEFORE=$(snapshot)
run approval approve "$AID" --user wang
expect_status 1 "approving one's own request is refused"
run approval approve "$AID" --user li
expect_status 1 "someone who is not the approver cannot decide"
run approval reject "$AID" --user lead
expect_status 1 "a rejection needs a reason"
run approval approve 99999 --user lead
expect_status 1 "an unknown request"
expect_eq "$(snapshot)" "$BEFORE" "refused decisions change nothing"
run approval approve "$AID" --user lead --reason 同意
expect_status 0 "the manager approves"
expect_eq "$(sql "SELECT u.username FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'C1'")" "li" "the customer moved"
BEFORE=$(snapshot)
run approval reject "$AID" --user lead --reason 晚了
expect_status 1 "deciding twice is refused"
expect_eq "$(snapshot)" "$BEFORE" "and changes nothing"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'approval' AND entity_id = $AID")" "2" "request and decision audited"

# --- approvals: pool claim over the limit ---
run setting set pool_max_owned 1
run customer add name=公海零 code=P0
run customer claim P0 --user wang
expect_status 0 "a claim within the limit"
run customer add name=公海甲 code=P1
run customer claim P1 --user wang
expect_status 1 "over the owned limit a claim is refused"
expect_err "--request-approval" "the message offers the request"
run customer claim P1 --user wang --request-approval --reason 老客户
expect_status 0 "claim request"
expect_out "approval request" "it says a request waits"
PID=$(sql "SELECT id FROM approvals WHERE kind = 'pool_claim'")
run approval approve "$PID" --user lead
expect_status 0 "approved"
expect_eq "$(sql "SELECT u.username FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'P1'")" "wang" "claimed although over the limit"

# --- the same through the HTTP API ---
for u in wang lead; do echo "secret-$u-pw" | "$GUANXI" user passwd "$u" >/dev/null 2>&1; done
run user token wang
WT=$(head -1 "$T_OUT")
run user token lead
LT=$(head -1 "$T_OUT")
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
req() {
	local m=$1 p=$2
	shift 2
	H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -X "$m" "$BASE$p" "$@")
	: >"$T_ERR"
}
expect_code() { expect_eq "$H_STATUS" "$1" "$2"; }
json_num() { sed -n "s/.*\"$1\":\([0-9-]*\).*/\1/p" "$T_OUT" | head -1; }
W=(-H "Authorization: Bearer $WT" -H "Content-Type: application/json")
L=(-H "Authorization: Bearer $LT" -H "Content-Type: application/json")

# A task links only to a record its creator may see (row scopes, docs/architecture.md "Access
# control"): C1 is li's now, so wang's link to it is a 404, exactly like a missing record; lead,
# a sales user who heads SALES, sees the department's customers and may link to it.
C1_ID=$(sql "SELECT id FROM customers WHERE code = 'C1'")
P1_ID=$(sql "SELECT id FROM customers WHERE code = 'P1'")
BEFORE=$(snapshot)
req POST /api/v1/tasks "${W[@]}" -d "{\"title\":\"越权\",\"due_date\":\"2026-09-20\",\"entity\":\"customer\",\"entity_id\":$C1_ID}"
expect_code 404 "a link to another rep's customer is not found"
expect_eq "$(snapshot)" "$BEFORE" "and nothing is stored"
req POST /api/v1/tasks "${W[@]}" -d '{"title":"越权","due_date":"2026-09-20","entity":"customer","entity_id":99999}'
expect_code 404 "a link to a missing customer answers the same"
req POST /api/v1/tasks "${L[@]}" -d "{\"title\":\"部门任务\",\"due_date\":\"2026-09-20\",\"entity\":\"customer\",\"entity_id\":$C1_ID}"
expect_code 201 "the head of SALES links a task to a customer of the department"
req POST /api/v1/tasks "${W[@]}" -d "{\"title\":\"API 任务\",\"due_date\":\"2026-09-20\",\"entity\":\"customer\",\"entity_id\":$P1_ID}"
expect_code 201 "POST /tasks"
T2=$(json_num id)
req POST "/api/v1/tasks/$T2/complete" "${W[@]}"
expect_code 200 "complete through the API"
req POST "/api/v1/tasks/$T2/complete" "${W[@]}"
expect_code 409 "completing twice is a conflict"
req POST /api/v1/tasks "${W[@]}" -d '{"title":"x"}'
expect_code 400 "a task without a due date"
req PATCH "/api/v1/tasks/$T2" "${W[@]}" -d '{"title":"y"}'
expect_code 428 "PATCH needs If-Match"
req GET "/api/v1/agenda?days=7" "${W[@]}"
expect_code 200 "agenda"
expect_out '"today":"2026-09-20"' "the agenda's day is the pinned one"
req GET "/api/v1/agenda?days=0" "${W[@]}"
expect_code 400 "agenda days out of range"
req GET "/api/v1/notifications?unread=true" "${W[@]}"
expect_code 200 "notifications"
req POST /api/v1/notifications/read-all "${W[@]}"
expect_code 200 "read-all"
req POST /api/v1/remind "${W[@]}"
expect_code 403 "a sales rep cannot run the job"
req POST /api/v1/customers/2/transfer-request "${W[@]}" -d '{"to_user":"wang"}'
expect_code 404 "li's customer is not wang's to transfer (not even visible to wang: row scopes)"
req POST /api/v1/customers/3/transfer-request "${W[@]}" -d '{"to_user":"li","reason":"换人"}'
expect_code 202 "transfer request through the API"
A2=$(json_num id)
req POST "/api/v1/approvals/$A2/approve" "${W[@]}"
expect_code 403 "approving one's own request through the API"
req POST "/api/v1/approvals/$A2/reject" "${L[@]}" -d '{"reason":"不同意"}'
expect_code 200 "the manager rejects"
expect_out '"status":"rejected"' "rejected"
req POST "/api/v1/approvals/$A2/approve" "${L[@]}"
expect_code 409 "deciding twice through the API"
req GET "/api/v1/approvals?box=mine" "${W[@]}"
expect_code 200 "my requests"
expect_out '"kind":"pool_claim"' "wang's requests listed"
run customer add name=公海乙 code=P2
P2=$(sql "SELECT id FROM customers WHERE code = 'P2'")
req POST "/api/v1/customers/$P2/claim?request_approval=true" "${W[@]}" -d '{"reason":"急需"}'
expect_code 202 "claim request through the API flag"
req POST "/api/v1/customers/$P2/claim" "${W[@]}"
expect_code 403 "the plain claim is still over the limit"

kill "$SERVER"
wait "$SERVER" 2>/dev/null

# --- every workflow route is in the OpenAPI file ---
missing=0
while read -r path; do
	grep -qF "  $path:" "$ROOT/docs/openapi.yaml" || { echo "openapi.yaml lacks $path"; missing=$((missing + 1)); }
done < <(sed -n 's/^\t{"[A-Z]*", "\(\/[^"]*\)".*/\1/p' "$ROOT/src/http/routes_workflow.c" | sort -u)
expect_eq "$missing" "0" "docs/openapi.yaml describes every workflow route"
finish
