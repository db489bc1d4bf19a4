# Service module through the real binary (SQLite, and PostgreSQL in the second pass): receive a
# complaint, move it through received → assigned → processing → replied → closed, reopen, rate;
# refused moves and bad input exit 1 with a clear message and leave every table's checksum as it
# was; SLA settings and the holiday CSV import (调休) move due times; the overdue list and
# escalation to the department head; complaint counts; knowledge snippets; the same over HTTP,
# and docs/openapi.yaml covering every service route. The clock is pinned with GUANXI_NOW.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export GUANXI_NOW=2026-11-23T02:00:00Z   # Monday 10:00 in Shanghai

checksum() { "$GUANXI" db checksum > "$1" 2>&1; }
expect_unchanged() {   # expect_unchanged BEFORE_FILE DESCRIPTION
	checksum "$TEST_TMP/after"
	if cmp -s "$1" "$TEST_TMP/after"; then pass; else fail "$2: the database changed ($(diff "$1" "$TEST_TMP/after" | head -4 | tr '\n' ' '))"; fi
}

run init
run user add svc.head display_name=黄敏 role=manager
run department add SVC name=客户服务部 head_user_id=svc.head
expect_status 0 "department with a head"
run user add agent display_name=林娜 role=service department_id=SVC
run user add agent2 display_name=徐杰 role=service department_id=SVC
run customer add name=张伟 mobile=13800138000
run customer add name=李娜 mobile=13900139000

# --- receiving, and bad input that changes nothing ---
checksum "$TEST_TMP/before"
run ticket add C00000001 channel=phone subject=送货延迟 severity=urgent
expect_status 1 "an unknown severity is refused"
expect_err 'Severity: "urgent" is not one of low, medium, high, critical' "the message names the field and the choices"
run ticket add C00000001 channel=pigeon subject=x
expect_status 1 "an unknown channel is refused"
run ticket add C00000001 channel=phone
expect_status 1 "a ticket without a subject is refused"
expect_err "Subject" "the message names the missing field"
run ticket add C99 channel=phone subject=x
expect_status 1 "an unknown customer is refused"
run ticket add C00000001 channel=phone subject=x status=closed
expect_status 1 "the status cannot be given"
run ticket add C00000001 channel=phone subject=x --assign nobody
expect_status 1 "an unknown assignee is refused"
expect_unchanged "$TEST_TMP/before" "refused receptions"

run ticket add C00000001 channel=phone subject=送货延迟 severity=high formality=informal category=delivery
expect_status 0 "ticket add"
expect_out "received ticket TK00000001" "the generated code"
expect_out "due 2026-11-23T10:00:00Z" "high: 8 working hours from Monday 10:00 is 18:00 the same day"

# --- the state machine ---
checksum "$TEST_TMP/before"
run ticket reply TK00000001 已补发
expect_status 1 "reply from received is refused"
expect_err "ticket TK00000001 is received: reply is not allowed (allowed now: assign)" "the refusal says why and what is allowed"
run ticket start TK00000001
expect_status 1 "start from received is refused"
run ticket close TK00000001 总结
expect_status 1 "close from received is refused"
run ticket rate TK00000001 5
expect_status 1 "rating before closing is refused"
expect_err "only after it is closed" "rating: why"
expect_unchanged "$TEST_TMP/before" "refused moves"

run ticket assign TK00000001 agent
expect_status 0 "assign"
expect_out "is now assigned" "assigned"
run ticket assign TK00000001 agent2
expect_status 0 "reassign"
expect_eq "$(sql "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id JOIN tickets t ON t.id = n.entity_id WHERE n.kind = 'assignment' AND n.entity = 'ticket' AND t.code = 'TK00000001' AND u.username IN ('agent', 'agent2')")" "2" \
	"each assignee is notified of the ticket"
run ticket start TK00000001
expect_status 0 "start"
run ticket reply TK00000001 ""
expect_status 1 "an empty reply is refused"
run ticket reply TK00000001 已补发，明日送达
expect_status 0 "reply"
run ticket close TK00000001 物流延误，已与快递公司沟通
expect_status 0 "close"
checksum "$TEST_TMP/before"
run ticket reply TK00000001 再次答复
expect_status 1 "a closed ticket cannot be replied to without reopening"
expect_err "allowed now: reopen" "the message points at reopen"
run ticket assign TK00000001 agent
expect_status 1 "a closed ticket cannot be assigned"
run ticket rate TK00000001 7
expect_status 1 "a rating of 7 is refused"
expect_err "1 (very dissatisfied) to 5 (very satisfied)" "the rating range"
run ticket rate TK00000001 0
expect_status 1 "a rating of 0 is refused"
run ticket rate TK00000001 abc
expect_status 2 "a rating that is not a number is a usage error"
expect_unchanged "$TEST_TMP/before" "refused moves on a closed ticket"
run ticket rate TK00000001 4 处理及时
expect_status 0 "rate"
run ticket rate TK00000001 5
expect_status 1 "a second rating is refused"
run ticket reopen TK00000001 客户仍未收到货
expect_status 0 "reopen"
expect_out "is now processing" "reopened into processing"
expect_eq "$(sql "SELECT status || ' ' || reopen_count || ' ' || due_at || ' ' || CASE WHEN satisfaction IS NULL THEN 'unrated' ELSE 'rated' END FROM tickets WHERE code = 'TK00000001'")" \
	"processing 1 2026-11-23T10:00:00Z unrated" "reopen: a new round and a new 8-hour clock from now"
expect_eq "$(sql "SELECT group_concat(action, ',') FROM (SELECT action FROM ticket_events ORDER BY id) e")" \
	"receive,assign,assign,start,reply,close,rate,reopen" "every move is an event"
run ticket history TK00000001 --format csv
expect_out "reopen,closed,processing" "history shows from and to"

# --- SLA settings and the holiday table ---
run sla set high 2.5
expect_status 0 "sla set"
run sla set urgent 4
expect_status 1 "sla set: unknown severity"
run sla set high -3
expect_status 1 "sla set: negative hours"
run sla week "mon-fri 18:00-09:00"
expect_status 1 "sla week: a span ending before it starts"
expect_err "end after it starts" "the schedule error says why"
printf '日期,类型,名称\n2026-11-24,休,测试假日\n2026/11/28,班,调休上班\n' > "$TEST_TMP/cal.csv"
run calendar import "$TEST_TMP/cal.csv"
expect_status 0 "calendar import"
expect_out "read 2 days: 2 added, 0 replaced" "calendar import counts"
printf 'date,kind\n2026-12-01,holiday\n2026-13-01,holiday\n' > "$TEST_TMP/bad.csv"
checksum "$TEST_TMP/before"
run calendar import "$TEST_TMP/bad.csv"
expect_status 1 "a file with a bad date is refused"
expect_err "line 3, column 1" "the error names line and column"
printf 'date,kind\n2026-12-01,party\n' > "$TEST_TMP/bad2.csv"
run calendar import "$TEST_TMP/bad2.csv"
expect_status 1 "a bad kind is refused"
expect_err "line 2, column 2" "the error names the kind column"
printf 'when,what\n2026-12-01,holiday\n' > "$TEST_TMP/bad3.csv"
run calendar import "$TEST_TMP/bad3.csv"
expect_status 1 "a file without the columns is refused"
expect_unchanged "$TEST_TMP/before" "refused calendar imports"
run calendar list --format csv
expect_out "2026-11-28,workday,调休上班" "the make-up workday is listed"
# Monday 17:00 + 2.5 h: 1 h Monday, Tuesday is a holiday, Wednesday 10:30.
GUANXI_NOW=2026-11-23T09:00:00Z run ticket add C00000002 channel=letter subject=态度差 severity=high
expect_out "due 2026-11-25T02:30:00Z" "the holiday moves the due time"
# Friday 17:00 + 2.5 h: Saturday 11-28 is worked.
GUANXI_NOW=2026-11-27T09:00:00Z run ticket add C00000002 channel=phone subject=重复扣款 severity=high
expect_out "due 2026-11-28T02:30:00Z" "the make-up Saturday counts"
run sla show --format csv
expect_out "sla_hours_high,2.5" "sla show: hours"
expect_out "work_week,mon-fri 09:00-18:00" "sla show: the week"

# --- overdue and escalation ---
GUANXI_NOW=2026-12-01T02:00:00Z run ticket overdue --format csv
expect_status 0 "ticket overdue"
expect_out "TK00000002" "the old high ticket is overdue"
expect_err "3 overdue" "the total goes to stderr"
GUANXI_NOW=2026-12-01T02:00:00Z run ticket overdue --count
expect_out "3" "overdue count"
run ticket assign TK00000002 agent
GUANXI_NOW=2026-12-01T02:00:00Z run ticket escalate TK00000002 超时未答复
expect_status 0 "escalate one ticket"
expect_eq "$(sql "SELECT u.username FROM tickets t JOIN users u ON u.id = t.escalated_to WHERE t.code = 'TK00000002'")" "svc.head" \
	"escalated to the head of the assignee's department"
expect_eq "$(sql "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'ticket_overdue' AND n.entity = 'ticket' AND u.username = 'svc.head'")" "1" \
	"the manager is notified of the escalation"
GUANXI_NOW=2026-12-01T02:00:00Z run ticket escalate TK00000002
expect_status 1 "escalating twice to the same manager is refused"
GUANXI_NOW=2026-12-01T02:00:00Z run ticket escalate --overdue
expect_status 0 "escalate --overdue"
expect_out "escalated 1 overdue tickets, skipped 2" "the reopened one goes to agent2's manager; the other two have no user (received by the system) or are escalated already"
expect_eq "$(sql "SELECT COUNT(*) FROM tickets WHERE escalated_to IS NOT NULL")" "2" "two escalated tickets"
run ticket escalate
expect_status 2 "escalate needs a ticket or --overdue"

# --- complaint counts (the complaints variable of analyze pls) ---
run ticket add C00000002 channel=phone subject=咨询 kind=inquiry
run ticket complaints --format csv
expect_out "1,C00000001,0,1,1" "customer 1: one informal complaint"
expect_out "2,C00000002,2,0,2" "customer 2: two formal complaints (the inquiry does not count)"
run ticket complaints --from 2026-13-01
expect_status 1 "a bad date is refused"

# --- knowledge snippets ---
run kb add title=快递延误的答复 body=先致歉并说明原因，告知预计送达时间。 category=delivery
expect_status 0 "kb add"
expect_out "KB00001" "generated snippet code"
run kb add title=发票重开 body=核对抬头与税号，作废后重开。快递单号随后告知。 category=price_billing
run kb add body=没有标题
expect_status 1 "a snippet without a title is refused"
run kb search 快递 --format csv
expect_status 0 "kb search"
expect_eq "$(sed -n 2p "$T_OUT" | cut -d, -f1)" "KB00001" "title matches come first"
expect_eq "$(grep -c '' "$T_OUT")" "3" "both snippets match (one in its answer)"
run kb search 快递 --category price_billing --format csv
expect_eq "$(grep -c '' "$T_OUT")" "2" "category narrows the search"
run kb search "   "
expect_status 1 "an empty search is refused"
run kb update KB00002 active=false
expect_status 0 "kb update"
run kb search 快递 --format csv
expect_eq "$(grep -c '' "$T_OUT")" "2" "inactive snippets are not found"
run kb delete KB00001
expect_status 0 "kb delete"
run kb delete KB00001
expect_status 1 "deleting twice is refused"

# --- HTTP ---
run user token svc.head
TOKEN=$(head -1 "$T_OUT")
LOG="$TEST_TMP/server.log"
GUANXI_NOW=2026-12-01T02:00:00Z "$GUANXI" serve --listen 127.0.0.1:0 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/readyz" && break; sleep 0.1; done
req() {   # req METHOD PATH [curl options…]
	local m=$1 p=$2
	shift 2
	H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -X "$m" "$BASE$p" -H "Authorization: Bearer $TOKEN" \
		-H "Content-Type: application/json" "$@")
	: >"$T_ERR"
}
expect_code() { expect_eq "$H_STATUS" "$1" "$2"; }
req POST /api/v1/tickets -d '{"customer_id":"C00000001","channel":"wechat","subject":"商品有划痕","severity":"critical"}'
expect_code 201 "POST ticket"
TID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$T_OUT" | head -1)
expect_out '"status":"received"' "received"
req GET "/api/v1/search?q=$(printf '划痕' | od -An -tx1 | tr ' ' '%' | tr -d '\n')"
expect_code 200 "search by two characters of a ticket's subject"
expect_out "\"entity\":\"ticket\",\"id\":$TID," "the ticket is a hit"
expect_out '"name":"商品有划痕"' "with its subject as the name"
checksum "$TEST_TMP/before"
req POST "/api/v1/tickets/$TID/reply" -d '{"reply":"x"}'
expect_code 409 "reply on a received ticket: 409"
expect_out '"code":"conflict"' "conflict code"
expect_out "allowed now: assign" "the allowed moves"
req POST /api/v1/tickets -d '{"customer_id":"C00000001","channel":"wechat","subject":"x","severity":"urgent"}'
expect_code 400 "unknown severity: 400"
expect_out '"field":"severity"' "the field is named"
req POST "/api/v1/tickets/$TID/rate" -d '{"satisfaction":9}'
expect_code 400 "rating 9: 400"
req POST "/api/v1/tickets/$TID/assign" -d '{}'
expect_code 400 "assign without an assignee: 400"
req PATCH /api/v1/sla -d '{"hours":{"high":3},"work_week":"nonsense"}'
expect_code 400 "a bad working week: 400, and the hours are not stored either"
expect_unchanged "$TEST_TMP/before" "refused HTTP requests"
req PATCH "/api/v1/tickets/$TID" -d '{"nature":"malicious"}'
expect_code 428 "PATCH without If-Match: 428"
req PATCH "/api/v1/tickets/$TID" -H 'If-Match: "1"' -d '{"nature":"malicious","category":"product_quality"}'
expect_code 200 "PATCH with If-Match"
expect_out '"nature":"malicious"' "the nature is judged"
req PATCH "/api/v1/tickets/$TID" -H 'If-Match: "1"' -d '{"nature":"good_faith"}'
expect_code 409 "a stale version: 409"
req PATCH "/api/v1/tickets/$TID" -H 'If-Match: "2"' -d '{"customer_id":2}'
expect_code 400 "the customer of a ticket cannot change"
req POST "/api/v1/tickets/$TID/assign" -d '{"assignee_id":2}'
expect_code 200 "assign over HTTP"
expect_out '"status":"assigned"' "assigned"
req POST "/api/v1/tickets/$TID/start"
expect_code 200 "start with an empty body"
req POST "/api/v1/tickets/$TID/reply" -d '{"reply":"已换新"}'
expect_code 200 "reply"
req POST "/api/v1/tickets/$TID/close" -d '{"summary":"包装加固"}'
expect_code 200 "close"
req POST "/api/v1/tickets/$TID/rate" -d '{"satisfaction":5,"comment":"满意"}'
expect_code 200 "rate"
expect_out '"satisfaction":5' "the rating is stored"
req GET "/api/v1/tickets/$TID/events"
expect_code 200 "events"
expect_eq "$(grep -o '"action":"[a-z]*"' "$T_OUT" | tr '\n' ' ')" \
	'"action":"receive" "action":"assign" "action":"start" "action":"reply" "action":"close" "action":"rate" ' "the history over HTTP"
req GET "/api/v1/tickets/overdue?limit=1"
expect_code 200 "overdue list"
expect_out '"next_cursor":"' "paged"
req GET "/api/v1/tickets/overdue?cursor=bogus"
expect_code 400 "a bad cursor: 400"
req GET /api/v1/tickets/complaint-counts
expect_code 200 "complaint counts"
expect_out '"complaints":' "counts"
req GET "/api/v1/customers/1/tickets"
expect_code 200 "a customer's tickets"
req PATCH /api/v1/sla -d '{"hours":{"critical":2}}'
expect_code 200 "PATCH sla"
expect_out '"critical":2' "the new hours"
req POST /api/v1/calendar-days -d '{"day":"2026-12-25","kind":"holiday","name":"公司年会"}'
expect_code 201 "add a calendar day"
req POST /api/v1/kb-snippets -d '{"title":"上门维修预约","body":"登记故障与地址，约定上门时段。","category":"after_sales"}'
expect_code 201 "POST a snippet"
expect_out '"code":"KB00003"' "numbered after the others"
req GET "/api/v1/kb-snippets?q=维修"
expect_code 200 "kb search over HTTP"
expect_out "上门维修预约" "found"
req GET "/api/v1/kb-snippets?q=发票"
expect_eq "$(cat "$T_OUT")" '{"items":[]}' "an inactive snippet is not found"
req GET /api/v1/sla
expect_out '"work_week":"mon-fri 09:00-18:00"' "GET sla"
kill -TERM "$SERVER"
wait "$SERVER" 2>/dev/null

# --- demo data at --scale: one ticket per five customers with its events (the demo company's
# tickets are checked in tests/unit/test_ticket.c; always into a SQLite file, as the demo needs
# an empty database of its own) ---
run demo --db "$TEST_TMP/scale.db" --scale 100
expect_status 0 "demo --scale 100"
expect_out "tickets        20" "one ticket per five customers"
expect_eq "$(sqlite3 "$TEST_TMP/scale.db" "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'receive')")" "0" "every demo ticket has its receive event"
expect_eq "$(sqlite3 "$TEST_TMP/scale.db" "SELECT COUNT(*) FROM tickets WHERE status = 'closed' AND (closed_at IS NULL OR summary IS NULL OR replied_at IS NULL OR closed_at < replied_at)")" "0" "closed demo tickets were replied to, then closed with a summary"
expect_eq "$(sqlite3 "$TEST_TMP/scale.db" "SELECT COUNT(*) FROM calendar_days WHERE kind = 'workday'")" "11" "the make-up workdays of 2025-2026 (5 and 6)"
expect_eq "$(sqlite3 "$TEST_TMP/scale.db" "SELECT kind || ' ' || status FROM jobs")" "demo_scale done" "still one demo job"

# --- every service route is in docs/openapi.yaml ---
missing=0
while read -r path; do
	grep -qF "  $path:" "$ROOT/docs/openapi.yaml" || { echo "openapi.yaml lacks $path"; missing=$((missing + 1)); }
done < <(sed -n 's/^\t{"[A-Z]*", "\(\/[^"]*\)".*/\1/p' "$ROOT/src/http/routes_service.c" | sort -u)
expect_eq "$missing" "0" "docs/openapi.yaml describes every service route"


# --- follow-up tasks on tickets (the workflow module links tasks to any record) ---
run task add title=回访客户 due_date=2026-12-03 entity=ticket entity_id=1
expect_status 0 "a follow-up task on a ticket"
expect_eq "$(sql "SELECT entity || ':' || entity_id FROM tasks WHERE title = '回访客户'")" "ticket:1" "linked to it"
finish
