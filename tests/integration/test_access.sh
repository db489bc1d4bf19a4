# Access control through the real server (guanxi serve on 127.0.0.1, a port it picks) and the
# CLI: the permission matrix of every role on every route that names an entity (the cases are
# generated from `guanxi permission routes` and GET /api/v1/permissions, so a new route is
# covered without editing this file), an admin's change taking effect, row scopes (a sales rep
# never sees another department's customer in a list, count, get, related list, search or
# export; a manager sees their department subtree), masked phone and WeChat for non-owners,
# disabling a user with a successor and to the pool, and the admin-only audit endpoint.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing"; exit 1; }
command -v jq >/dev/null || { echo "jq is missing"; exit 1; }
HDR="$TEST_TMP/headers"
LOG="$TEST_TMP/server.log"

run init
# 总部 ← 华东 ← 杭州组; 华南 beside 华东.
run department add HQ name=总部
run department add EAST name=华东 parent_id=HQ
run department add HZ name=杭州 parent_id=EAST
run department add SOUTH name=华南 parent_id=HQ
run team add T1 name=华东一组 department_id=EAST
run team add T2 name=华南一组 department_id=SOUTH
run user add admin display_name=管理员 role=admin
run user add mgr display_name=经理 role=manager department_id=EAST
run user add s1 display_name=销售甲 role=sales department_id=EAST team_id=T1
run user add s2 display_name=销售乙 role=sales department_id=EAST team_id=T1
run user add s3 display_name=销售丙 role=sales department_id=SOUTH team_id=T2
run user add s4 display_name=销售丁 role=sales department_id=HZ
run user add svc display_name=客服 role=service department_id=EAST team_id=T1
run user add mkt display_name=市场 role=marketing
run user add ana display_name=分析 role=analyst
run user add ro display_name=只读 role=readonly
expect_status 0 "users of every role"
declare -A TOK
for u in admin mgr s1 s2 s3 s4 svc mkt ana ro; do
	run user token "$u"
	TOK[$u]=$(head -1 "$T_OUT")
done
run customer add code=C1 name=客户甲 kind=person owner_id=s1 mobile=13800000001 wechat=wx_jia_0001
run customer add code=C2 name=客户乙 kind=person owner_id=s2 mobile=13800000002 wechat=wx_yi_00002
run customer add code=C3 name=客户丙 kind=person owner_id=s3 mobile=13800000003
run customer add code=C4 name=客户丁 kind=person mobile=13800000004
run customer add code=C5 name=客户戊 kind=person owner_id=s4 mobile=13800000005
expect_status 0 "customers of s1, s2 (same team), s3 (华南), the pool and s4 (杭州, below 华东)"
id_of() { sql "SELECT id FROM customers WHERE code = '$1'"; }
C1=$(id_of C1); C2=$(id_of C2); C3=$(id_of C3); C4=$(id_of C4); C5=$(id_of C5)
expect_eq "$(sql "SELECT CASE WHEN department_id = (SELECT id FROM departments WHERE code = 'SOUTH') THEN 1 ELSE 0 END FROM customers WHERE code = 'C3'")" "1" "C3 belongs to 华南"

"$GUANXI" serve --listen 127.0.0.1:0 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/readyz" && break; sleep 0.1; done

# as USER METHOD PATH [curl options…]: body to $T_OUT, status in $H_STATUS.
as() {
	local u=$1 m=$2 p=$3
	shift 3
	H_STATUS=$(curl -s -o "$T_OUT" -D "$HDR" -w '%{http_code}' -X "$m" -H "Authorization: Bearer ${TOK[$u]}" \
		-H "Content-Type: application/json" "$BASE$p" "$@")
	: >"$T_ERR"
}
expect_code() { expect_eq "$H_STATUS" "$1" "$2"; }
expect_header() {
	if grep -qiF -- "$1" "$HDR"; then pass; else fail "$2 (headers lack '$1')"; fi
}
codes() { jq -r '[.items[].code] | join(",")' "$T_OUT"; }

# --- the matrix: every role × every route that names an entity ------------------------------
as admin GET /api/v1/permissions
expect_code 200 "the admin reads the permission table"
cp "$T_OUT" "$TEST_TMP/perm.json"
run permission routes --format csv
tail -n +2 "$T_OUT" | tr -d '\r' | awk -F, '$3 != ""' >"$TEST_TMP/routes.csv"
NROUTES=$(wc -l <"$TEST_TMP/routes.csv")
expect_eq "$(awk -F, '$4 == ""' "$TEST_TMP/routes.csv" | wc -l)" "0" "every route with an entity has a known action"
expect_eq "$([ "$NROUTES" -ge 29 ] && echo yes)" "yes" "the route table lists the routes with entities ($NROUTES)"
python3 "$(dirname "$0")/helpers/access_matrix.py" "$BASE" "$TEST_TMP/perm.json" "$TEST_TMP/routes.csv" \
	admin="${TOK[admin]}" manager="${TOK[mgr]}" sales="${TOK[s1]}" service="${TOK[svc]}" \
	marketing="${TOK[mkt]}" analyst="${TOK[ana]}" readonly="${TOK[ro]}" >"$TEST_TMP/matrix.out"
grep -v '^SUMMARY' "$TEST_TMP/matrix.out"
read -r allowed denied bad < <(sed -n 's/^SUMMARY allowed=\([0-9]*\) denied=\([0-9]*\) bad=\([0-9]*\)$/\1 \2 \3/p' "$TEST_TMP/matrix.out")
expect_eq "$bad" "0" "every role × route answers as the permission table says ($allowed allowed, $denied denied)"
expect_eq "$(( allowed + denied ))" "$(( NROUTES * 7 ))" "all cases ran"
expect_eq "$([ "$denied" -gt 40 ] && [ "$allowed" -gt 100 ] && echo yes)" "yes" "both outcomes are exercised"

# The caller's own permissions come with the session, for the UI.
as s1 GET /api/v1/session
expect_eq "$(jq -r '"\(.access.scope) \(.access.permissions.customer | join(","))"' "$T_OUT")" "team read,create,update" "the session tells s1 its scope and permissions"
as mgr GET /api/v1/session
expect_eq "$(jq -r '.access.scope' "$T_OUT")" "department" "and a manager the department scope"

# An admin's change takes effect at once; back to the default afterwards.
as s1 GET /api/v1/customers/export
expect_code 403 "a sales rep may not export by default"
as mgr PATCH /api/v1/permissions --data '{"role":"sales","entity":"customer","action":"export","allowed":true}'
expect_code 403 "only an admin changes the permission table"
as admin PATCH /api/v1/permissions --data '{"role":"admin","entity":"customer","action":"read","allowed":false}'
expect_code 400 "the admin role cannot be changed"
as admin PATCH /api/v1/permissions --data '{"role":"sales","entity":"nosuch","action":"read","allowed":true}'
expect_code 400 "an unknown entity is refused"
as admin PATCH /api/v1/permissions --data '{"role":"sales","entity":"customer","action":"export","allowed":true}'
expect_code 200 "an admin allows sales to export customers"
expect_eq "$(jq -r '.permissions.sales.customer | index("export") != null' "$T_OUT")" "true" "the table shows it"
expect_eq "$(sql "SELECT COUNT(*) FROM role_permissions WHERE role = 'sales' AND action = 'export' AND allowed = 1")" "1" "stored as a change"

# --- row scopes -------------------------------------------------------------------------------
as s1 GET "/api/v1/customers?sort=code"
expect_eq "$(codes)" "C1,C2,C4" "s1 lists own, team and pool customers, not 华南's or 杭州's"
expect_eq "$(jq .total "$T_OUT")" "3" "and the total counts only those"
as s1 GET "/api/v1/customers/$C3"
expect_code 404 "a 华南 customer is not found for s1"
expect_out '"code":"not_found"' "as not_found, not forbidden"
as s1 PATCH "/api/v1/customers/$C3" -H 'If-Match: 1' --data '{"city":"广州"}'
expect_code 404 "nor can s1 change it"
as s1 POST "/api/v1/customers/$C3/claim"
expect_code 404 "nor claim it"
as s1 GET "/api/v1/customers/$C3/interactions"
expect_code 404 "nor list its interactions"
as s1 POST "/api/v1/customers/$C3/contacts" --data '{"name":"某人"}'
expect_code 404 "nor add a contact to it"
expect_eq "$(sql "SELECT COALESCE(city, '') || version FROM customers WHERE code = 'C3'")" "1" "C3 unchanged"
as s1 GET "/api/v1/search?q=%E5%AE%A2%E6%88%B7%E4%B8%99"
expect_eq "$(jq '.items | length' "$T_OUT")" "0" "searching 客户丙 finds nothing for s1"
as admin GET "/api/v1/search?q=%E5%AE%A2%E6%88%B7%E4%B8%99"
expect_eq "$(jq -r '.items[0].code' "$T_OUT")" "C3" "the admin finds it"
as s1 GET "/api/v1/search?q=13800000003"
expect_eq "$(jq '.items | length' "$T_OUT")" "0" "nor by its phone"
as s1 GET /api/v1/customers/export
expect_code 200 "s1 exports (now allowed)"
expect_header "Content-Disposition: attachment" "as a download"
tr -d '\r' <"$T_OUT" >"$TEST_TMP/s1.csv"
expect_eq "$(grep -c '^C[0-9]' "$TEST_TMP/s1.csv")" "3" "three rows in s1's export"
grep -q '^C3,' "$TEST_TMP/s1.csv" && fail "the export has C3" || pass
grep -q '13800000001' "$TEST_TMP/s1.csv" && pass || fail "s1's own customer in full in the export"
grep -q '138\*\*\*\*0002' "$TEST_TMP/s1.csv" && pass || fail "the team's customer masked in the export"
grep -q '13800000002' "$TEST_TMP/s1.csv" && fail "an unmasked foreign phone in the export" || pass
as mgr GET "/api/v1/customers?sort=code"
expect_eq "$(codes)" "C1,C2,C4,C5" "the 华东 manager sees 华东 and 杭州 below it, not 华南"
as mgr GET "/api/v1/customers/$C3"
expect_code 404 "the manager gets 404 for 华南's customer"
as ana GET "/api/v1/customers?sort=code"
expect_eq "$(codes)" "C1,C2,C3,C4,C5" "the analyst sees all"
run customer show C3 --user s1
expect_status 1 "the CLI as s1 does not show C3"
run customer show C1 --user s1
expect_status 0 "but shows s1's own"
run export customers --user ro
expect_status 1 "the CLI as a read-only user may not export"
expect_err "may not export" "and says why"
run export customers --user s2
expect_status 0 "the CLI as s2 exports (sales may, now)"
expect_eq "$(grep -c '^C[0-9]' "$T_OUT")" "3" "s2's CLI export has the team's and the pool's three"
run customer list --user s3
expect_no_out "客户甲" "s3's CLI list lacks 华东's customers"
run customer list
expect_out "客户甲" "the system sees everything"

# A duplicate the rep may not see still blocks, without naming whose it is.
as s1 POST /api/v1/customers --data '{"name":"新客户","mobile":"13800000003"}'
expect_code 409 "C3's mobile blocks s1's new customer"
expect_eq "$(jq -r '.error.duplicates[0] | "\(.code) \(.name)"' "$T_OUT")" "null null" "without C3's code or name"
grep -q "客户丙" "$T_OUT" && fail "the 409 names 华南's customer" || pass
as s1 POST /api/v1/customers --data '{"name":"新客户","mobile":"13800000002"}'
expect_eq "$(jq -r '.error.duplicates[0].code' "$T_OUT")" "C2" "a teammate's duplicate is named"

# Row scopes beyond customers (docs/api.md "Row scopes"): 华南's ticket and task are as
# invisible to s1 (华东) as 华南's customer — not in lists or search, 404 by id.
run ticket add C3 channel=phone subject=华南投诉单 --assign s3
run ticket add C1 channel=phone subject=华东投诉单
run task add title=华南跟进任务 due_date=2026-12-01 assignee_id=s3 --customer C3
run task add title=华东跟进任务 due_date=2026-12-01 assignee_id=s2 --customer C1
expect_status 0 "tickets and tasks on both sides"
TK3=$(sql "SELECT id FROM tickets WHERE subject = '华南投诉单'")
TK1=$(sql "SELECT id FROM tickets WHERE subject = '华东投诉单'")
TS3=$(sql "SELECT id FROM tasks WHERE title = '华南跟进任务'")
as s1 GET "/api/v1/tickets?limit=100"
expect_eq "$(jq -r '[.items[].subject] | join(",")' "$T_OUT")" "华东投诉单" "s1 lists 华东's ticket only"
as s1 GET "/api/v1/tickets/$TK3"
expect_code 404 "华南's ticket is not found for s1"
as s1 GET "/api/v1/tickets/$TK3/events"
expect_code 404 "nor its history"
as s1 POST "/api/v1/tickets/$TK3/reply" --data '{"reply":"已处理"}'
expect_code 404 "nor can s1 reply to it"
as s1 GET "/api/v1/tickets/$TK1"
expect_code 200 "s1 sees the ticket of their own customer"
as mgr GET "/api/v1/tasks?limit=100&all=1"
expect_eq "$(jq -r '[.items[].title] | join(",")' "$T_OUT")" "华东跟进任务" "the 华东 manager's list of all tasks lacks 华南's"
as s1 GET "/api/v1/tasks/$(sql "SELECT id FROM tasks WHERE title = '华东跟进任务'")"
expect_code 200 "s1 sees the teammate's task on s1's customer"
as s1 GET "/api/v1/tasks/$TS3"
expect_code 404 "华南's task is not found for s1"
as s1 POST "/api/v1/tasks/$TS3/complete"
expect_code 404 "nor can s1 complete it"
expect_eq "$(sql "SELECT status FROM tasks WHERE id = $TS3")" "open" "the task is unchanged"
as mgr GET "/api/v1/tickets/$TK3"
expect_code 404 "the 华东 manager gets 404 for 华南's ticket"
as s3 GET "/api/v1/tickets/$TK3"
expect_code 200 "华南's rep sees it"
as s1 GET "/api/v1/search?q=%E5%8D%8E%E5%8D%97%E6%8A%95%E8%AF%89"
expect_eq "$(jq '[.items[] | select(.entity == "ticket")] | length' "$T_OUT")" "0" "searching 华南投诉 finds no ticket for s1"
as admin GET "/api/v1/search?q=%E5%8D%8E%E5%8D%97%E6%8A%95%E8%AF%89"
expect_eq "$(jq '[.items[] | select(.entity == "ticket")] | length' "$T_OUT")" "1" "the admin finds it"

# --- ownership moves only through transfer and assignment ------------------------------------
S2ID=$(sql "SELECT id FROM users WHERE username = 's2'"); S1ID=$(sql "SELECT id FROM users WHERE username = 's1'")
V1=$(sql "SELECT version FROM customers WHERE code = 'C1'")
as s1 PATCH "/api/v1/customers/$C1" -H "If-Match: $V1" --data "{\"owner_id\":$S2ID}"
expect_code 403 "s1 may not hand their own customer to s2 by editing it"
expect_eq "$(jq -r '"\(.error.code) \(.error.field)"' "$T_OUT")" "forbidden owner_id" "the error names the field"
expect_out "transfer" "and says to ask for a transfer"
as s1 PATCH "/api/v1/customers/$C1" -H "If-Match: $V1" --data '{"team_id":null}'
expect_code 403 "nor move it out of the team"
expect_eq "$(jq -r .error.field "$T_OUT")" "team_id" "naming team_id"
as s1 PATCH "/api/v1/customers/$C1" -H "If-Match: $V1" --data "{\"owner_id\":$S1ID,\"city\":\"杭州\"}"
expect_code 200 "an unchanged owner_id in a patch is fine"
expect_eq "$(sql "SELECT u.username || ' ' || c.city FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'C1'")" "s1 杭州" "C1 still s1's"
run customer update C1 owner_id=s2 --user s1
expect_status 1 "the CLI as s1 is refused the same way"
expect_err "owner_id" "naming the field"
V1=$(sql "SELECT version FROM customers WHERE code = 'C1'")
as mgr PATCH "/api/v1/customers/$C1" -H "If-Match: $V1" --data "{\"owner_id\":$S2ID}"
expect_code 200 "the manager reassigns it within the department"
as mgr PATCH "/api/v1/customers/$C1" -H "If-Match: $((V1 + 1))" --data "{\"owner_id\":$S1ID}"
expect_code 200 "and back"
expect_eq "$(sql "SELECT u.username FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'C1'")" "s1" "C1 is s1's again"

# --- masking ----------------------------------------------------------------------------------
as s1 GET "/api/v1/customers/$C1"
expect_eq "$(jq -r '.mobile + " " + .wechat' "$T_OUT")" "13800000001 wx_jia_0001" "the owner sees phone and WeChat"
as s1 GET "/api/v1/customers/$C2"
expect_eq "$(jq -r '.mobile + " " + .wechat' "$T_OUT")" "138****0002 wx_****0002" "a teammate's customer is masked"
V=$(jq -r .version "$T_OUT")
as s1 PATCH "/api/v1/customers/$C2" -H "If-Match: $V" --data '{"city":"苏州"}'
expect_code 200 "s1 edits the teammate's customer"
expect_eq "$(jq -r .mobile "$T_OUT")" "138****0002" "the answer is still masked"
expect_eq "$(sql "SELECT mobile || ' ' || wechat || ' ' || city FROM customers WHERE code = 'C2'")" "13800000002 wx_yi_00002 苏州" "and the stored contact details stay true"
as admin GET "/api/v1/search?q=wx_yi_00002"
expect_eq "$(jq -r '.items[0].code' "$T_OUT")" "C2" "the search index keeps the true WeChat ID"
as s1 GET "/api/v1/customers/$C4"
expect_eq "$(jq -r .mobile "$T_OUT")" "138****0004" "a pool customer is masked"
as mgr GET "/api/v1/customers/$C2"
expect_eq "$(jq -r .mobile "$T_OUT")" "13800000002" "a manager (full_view) sees it in full"
as ana GET "/api/v1/customers?sort=code"
expect_eq "$(jq -r '[.items[].mobile] | join(",")' "$T_OUT")" "138****0001,138****0002,138****0003,138****0004,138****0005" "the analyst's list is masked"
as admin PATCH /api/v1/permissions --data '{"role":"analyst","entity":"customer","action":"full_view","allowed":true}'
as ana GET "/api/v1/customers/$C1"
expect_eq "$(jq -r .mobile "$T_OUT")" "13800000001" "full_view granted to analysts shows it"
as admin PATCH /api/v1/permissions --data '{"role":"analyst","entity":"customer","action":"full_view","allowed":null}'
expect_eq "$(sql "SELECT COUNT(*) FROM role_permissions WHERE role = 'analyst'")" "0" "null goes back to the default"
expect_eq "$(sql "SELECT mobile FROM customers WHERE code = 'C2'")" "13800000002" "masking never reaches the stored value"

# Row scope per role is editable: sales down to own only.
as admin PATCH /api/v1/permissions --data '{"role":"sales","scope":"own"}'
expect_code 200 "an admin sets the sales scope to own"
as s1 GET "/api/v1/customers?sort=code"
expect_eq "$(codes)" "C1,C4" "s1 now sees own and pool only"
run permission scope sales default
expect_status 0 "the CLI puts the default back"
run permission list --role sales --format csv
expect_out "sales,team,customer,\"read,create,update,export\"" "permission list shows scope and actions"
run permission set sales customer export default
expect_status 0 "and the export permission"

# --- disabling users --------------------------------------------------------------------------
S2=$(sql "SELECT id FROM users WHERE username = 's2'")
as mgr POST "/api/v1/users/$S2/disable" --data '{"successor":"s1"}'
expect_code 403 "a manager may not disable users"
as admin POST "/api/v1/users/$S2/disable" --data '{"successor":"nosuch"}'
expect_code 400 "an unknown successor is refused"
expect_eq "$(sql "SELECT active FROM users WHERE username = 's2'")" "1" "and nothing happened"
as admin POST "/api/v1/users/$S2/disable" --data '{"successor":"s1"}'
expect_code 200 "the admin disables s2 with s1 as successor"
expect_eq "$(jq -r '"\(.customers_moved) \(.to)"' "$T_OUT")" "1 successor" "one customer handed on"
expect_eq "$(sql "SELECT u.username FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'C2'")" "s1" "C2 belongs to s1"
expect_eq "$(sql "SELECT active FROM users WHERE username = 's2'")" "0" "s2 is disabled"
as s2 GET /api/v1/customers
expect_code 401 "s2's token no longer works"
as s1 GET "/api/v1/customers/$C2"
expect_eq "$(jq -r .mobile "$T_OUT")" "13800000002" "s1 now owns C2 and sees it in full"
run user disable s3
expect_status 0 "the CLI disables s3 without a successor"
expect_out "1 customers returned to the public pool" "and says where the customers went"
expect_eq "$(sql "SELECT COALESCE(owner_id, 0) FROM customers WHERE code = 'C3'")" "0" "C3 is back in the pool"
expect_eq "$(sql "SELECT action FROM pool_events WHERE customer_id = $C3")" "release" "as a pool event"
as s1 GET "/api/v1/customers/$C3"
expect_code 200 "s1 now sees C3 in the pool"
run user disable s4 --successor s4
expect_status 1 "a user cannot succeed themselves"
run user disable s4 --user s1
expect_status 1 "a sales rep may not disable users from the CLI"

# --- audit ------------------------------------------------------------------------------------
as mgr GET /api/v1/audit
expect_code 403 "the audit log is for admins"
as admin GET "/api/v1/audit?entity=customer&limit=1000"
expect_code 200 "the admin reads it"
S1=$(sql "SELECT id FROM users WHERE username = 's1'")
expect_eq "$(jq "[.items[] | select(.action == \"export\" and .user_id == $S1 and .changes.rows == 3)] | length" "$T_OUT")" "1" "s1's export is audited with its row count"
as admin GET "/api/v1/audit?entity=user&record=$S2"
expect_eq "$(jq -r '[.items[].action] | index("disable") != null' "$T_OUT")" "true" "the disable is audited for s2"
as admin GET "/api/v1/audit?entity=permission"
expect_eq "$(jq '.items | length' "$T_OUT")" "6" "every permission change is audited (6; refused ones change nothing)"
ADMIN=$(sql "SELECT id FROM users WHERE username = 'admin'")
as admin GET "/api/v1/audit?user=admin"
expect_eq "$(jq "[.items[] | select(.user_id != $ADMIN)] | length" "$T_OUT")" "0" "filtered by user name"
as admin GET "/api/v1/audit?limit=2"
FIRST=$(jq -c '[.items[].id]' "$T_OUT")
CUR=$(jq -r .next_cursor "$T_OUT")
as admin GET "/api/v1/audit?limit=2&cursor=$CUR"
SECOND=$(jq -c '[.items[].id]' "$T_OUT")
expect_eq "$(jq -n "$FIRST[1] > $SECOND[0]")" "true" "the next page continues with older rows"
as admin GET "/api/v1/audit?since=2999-01-01T00:00:00Z"
expect_eq "$(jq '.items | length' "$T_OUT")" "0" "since in the future: nothing"
as admin GET "/api/v1/audit?until=2000-01-01T00:00:00Z"
expect_eq "$(jq '.items | length' "$T_OUT")" "0" "until long ago: nothing"
as admin GET "/api/v1/audit?since=yesterday"
expect_code 400 "a bad instant is refused"
as admin GET "/api/v1/audit?cursor=xyz"
expect_code 400 "a bad cursor is refused"

kill -TERM "$SERVER"
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly"
grep -q "AddressSanitizer\|runtime error" "$LOG" && fail "sanitizer findings in the server log" || pass
finish
