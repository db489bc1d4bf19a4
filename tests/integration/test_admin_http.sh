# The admin and import endpoints (src/http/admin.c, src/http/import_http.c) against a server
# on a port it picks, on SQLite and PostgreSQL: users added, changed, given a password that
# logs in; departments and teams; settings read, a bad value refused with its key as the
# field (and nothing stored), a good one stored and audited; every admin endpoint refused to
# a sales rep; an import dry run that reports the bad row and writes nothing, the real import
# that stores the good rows and serves the rejected ones as CSV.
. "$(dirname "$0")/lib.sh"
LOG="$TEST_TMP/server.log"
run init
expect_status 0 "init"
run department add SALES name=销售部
run team add T1 name=一组 department_id=SALES
run user add admin display_name=管理员 role=admin
run user add rep display_name=销售 role=sales department_id=SALES team_id=T1
echo "admin-pass-1" | "$GUANXI" user passwd admin >/dev/null 2>&1
echo "rep-pass-123" | "$GUANXI" user passwd rep >/dev/null 2>&1

"$GUANXI" serve --listen 127.0.0.1:0 --no-background 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
B="http://127.0.0.1:$PORT/api/v1"
login() {   # login USER PASS JAR → prints the CSRF token
	curl -s -c "$3" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$B/login" | jq -r .csrf_token
}
A="$TEST_TMP/a.jar"; R="$TEST_TMP/r.jar"
AC=$(login admin admin-pass-1 "$A")
RC=$(login rep rep-pass-123 "$R")
expect_eq "${#AC}:${#RC}" "64:64" "both log in"
# call JAR CSRF METHOD PATH [JSON]: body to $T_OUT, status in $CODE
call() {
	local args=(-s -o "$T_OUT" -w '%{http_code}' -b "$1" -H "X-CSRF-Token: $2" -X "$3")
	[ $# -ge 5 ] && args+=(-H 'Content-Type: application/json' -d "$5")
	CODE=$(curl "${args[@]}" "$B$4")
}

# --- users ---
call "$A" "$AC" POST /users '{"username":"li.na","display_name":"李娜","role":"service","password":"short"}'
expect_eq "$CODE:$(jq -r .error.field "$T_OUT")" "400:password" "a short password is refused next to its field"
expect_eq "$(sql "SELECT COUNT(*) FROM users WHERE username = 'li.na'")" "0" "… and no user is left behind"
call "$A" "$AC" POST /users '{"username":"li.na","display_name":"李娜","role":"service","department_id":"SALES","password":"li-na-pass-1"}'
expect_eq "$CODE:$(jq -r '[.username, .role, .active] | join(",")' "$T_OUT")" "201:li.na,service,true" "admin adds a user"
LINA=$(jq -r .id "$T_OUT")
expect_eq "$(login li.na li-na-pass-1 "$TEST_TMP/l.jar" | wc -c)" "65" "the new user logs in with the password given"
call "$A" "$AC" PATCH "/users/$LINA" '{"role":"manager","team_id":"T1"}'
expect_eq "$CODE:$(jq -r .role "$T_OUT")" "200:manager" "role changed"
call "$A" "$AC" PATCH "/users/$LINA" '{"username":"x"}'
expect_eq "$CODE:$(jq -r .error.field "$T_OUT")" "400:username" "the username is not changed by PATCH"
call "$A" "$AC" POST "/users/$LINA/password" '{"password":"new-pass-456"}'
expect_eq "$CODE" "200" "admin resets a password"
expect_eq "$(login li.na new-pass-456 "$TEST_TMP/l.jar" | wc -c)" "65" "the reset password works"
call "$A" "$AC" GET "/users?sort=username"
expect_eq "$(jq -r '[.items[].username] | join(",")' "$T_OUT")" "admin,li.na,rep" "user list"
expect_eq "$(jq -r '[.items[] | has("password_hash")] | any' "$T_OUT")" "false" "no password hash in the list"
call "$A" "$AC" POST /departments '{"code":"EAST","name":"华东区","parent_id":"SALES"}'
expect_eq "$CODE" "201" "department under SALES"
call "$A" "$AC" POST /teams '{"code":"T2","name":"二组","department_id":"EAST"}'
expect_eq "$CODE" "201" "team in EAST"
call "$A" "$AC" GET /departments
expect_eq "$(jq -r '[.items[] | "\(.code):\(.parent_id // 0)"] | join(",")' "$T_OUT")" "SALES:0,EAST:$(sql "SELECT id FROM departments WHERE code='SALES'")" "the hierarchy"

# --- settings ---
call "$A" "$AC" GET /settings
expect_eq "$(jq -r '.items[] | select(.key=="pool_max_owned") | .value' "$T_OUT")" "200" "default pool limit"
expect_eq "$(jq -r '.items[] | select(.key=="sla_hours_high") | .value' "$T_OUT")" "8" "default SLA hours for high (sla.c: 8 working hours)"
call "$A" "$AC" PATCH /settings '{"pool_max_owned":"150","pool_cooldown_days":"-3"}'
expect_eq "$CODE:$(jq -r .error.field "$T_OUT")" "400:pool_cooldown_days" "a bad value names its setting"
expect_eq "$(sql "SELECT COUNT(*) FROM settings WHERE key = 'pool_max_owned'")" "0" "… and nothing of that request is stored"
call "$A" "$AC" PATCH /settings '{"sla_hours_high":"abc"}'
expect_eq "$CODE:$(jq -r .error.field "$T_OUT")" "400:sla_hours_high" "bad SLA hours name their setting"
call "$A" "$AC" PATCH /settings '{"pool_max_owned":150,"sla_hours_high":"2.5","quote_discount_threshold":"12.5"}'
expect_eq "$CODE:$(jq -r '[.items[] | select(.key=="pool_max_owned" or .key=="sla_hours_high" or .key=="quote_discount_threshold") | .value] | join(",")' "$T_OUT")" "200:150,2.5,12.50" "settings stored"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'sla_minutes_high'")" "150" "2.5 hours are 150 minutes"
call "$A" "$AC" GET "/audit?entity=setting"
expect_eq "$(jq -r '[.items[].changes.key] | sort | join(",")' "$T_OUT")" "pool_max_owned,quote_discount_threshold,sla_minutes_high" "each change audited"

# --- webhook test delivery ---
call "$A" "$AC" POST /webhooks '{"url":"http://127.0.0.1:9/h","events":"order.created"}'
HOOK=$(jq -r .id "$T_OUT")
call "$A" "$AC" POST "/webhooks/$HOOK/test"
expect_eq "$CODE:$(jq -r .type "$T_OUT")" "202:webhook.test" "a test event for one webhook"
call "$A" "$AC" GET "/webhooks/deliveries?webhook_id=$HOOK"
expect_eq "$(jq -r '[.items[] | "\(.type):\(.status)"] | join(",")' "$T_OUT")" "webhook.test:pending" "it waits in the delivery log"
call "$A" "$AC" POST "/webhooks/$HOOK/disable"
call "$A" "$AC" POST "/webhooks/$HOOK/test"
expect_eq "$CODE" "409" "a switched-off webhook is not tested"
call "$A" "$AC" POST "/webhooks/999/test"
expect_eq "$CODE" "404" "no such webhook"

# --- a sales rep ---
for req in "GET /settings" "PATCH /settings" "POST /users" "PATCH /users/$LINA" "POST /users/$LINA/password" "POST /departments" "GET /audit" "GET /webhooks" "POST /webhooks/$HOOK/test" "GET /jobs"; do
	set -- $req
	call "$R" "$RC" "$1" "$2" '{}'
	expect_eq "$CODE" "403" "a sales rep: $req"
done

# --- import ---
printf '客户编号,客户名称,客户类型,城市\nIMP-1,杭州一号,organization,杭州\nIMP-2,坏行,nonsense,上海\nIMP-3,苏州三号,person,苏州\n' >"$TEST_TMP/c.csv"
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -b "$R" -H "X-CSRF-Token: $RC" --data-binary @"$TEST_TMP/c.csv" "$B/imports?entity=products")
expect_eq "$CODE" "403" "a sales rep may not import products"
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -b "$A" -H "X-CSRF-Token: $AC" --data-binary @"$TEST_TMP/c.csv" "$B/imports?entity=widgets")
expect_eq "$CODE:$(jq -r .error.field "$T_OUT")" "400:entity" "unknown entity"
poll() {   # poll ID: waits for the run to finish, leaves it in $T_OUT
	for _ in $(seq 1 100); do
		curl -s -b "$A" "$B/imports/$1" >"$T_OUT"
		case "$(jq -r .status "$T_OUT")" in queued | running) ;; *) return ;; esac
		sleep 0.1
	done
}
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -b "$A" -H "X-CSRF-Token: $AC" --data-binary @"$TEST_TMP/c.csv" "$B/imports?entity=customers&dry_run=1")
expect_eq "$CODE" "202" "dry run accepted"
poll "$(jq -r .id "$T_OUT")"
expect_eq "$(jq -r '[.status, .rows, .created, .rejected, .rolled_back] | join(",")' "$T_OUT")" "done,3,2,1,true" "dry run counts"
expect_eq "$(jq -r '.errors[0] | "\(.line):\(.column)"' "$T_OUT")" "3:3" "the bad row's line and column"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'")" "0" "a dry run writes nothing"
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -b "$A" -H "X-CSRF-Token: $AC" --data-binary @"$TEST_TMP/c.csv" "$B/imports?entity=customers")
ID=$(jq -r .id "$T_OUT")
poll "$ID"
expect_eq "$(jq -r '[.status, .created, .rejected, .rolled_back, (.job_id > 0)] | join(",")' "$T_OUT")" "done,2,1,false,true" "import counts"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code LIKE 'IMP-%'")" "2" "two customers imported"
curl -s -b "$A" "$B/imports/$ID/rejected" >"$T_OUT"
expect_eq "$(tail -n +2 "$T_OUT" | sed 's/^\(3,3\),".*",\(IMP-2\),.*/\1,\2/')" "3,3,IMP-2" "the rejected-rows CSV: line, column, reason, the row"
CODE=$(curl -s -o /dev/null -w '%{http_code}' -b "$R" "$B/imports/$ID")
expect_eq "$CODE" "404" "another user's run is not shown"
# an .xlsx (recognised by its bytes): the customers exported and imported back update by code
run export customers "$TEST_TMP/c.xlsx"
curl -s -o "$T_OUT" -b "$A" -H "X-CSRF-Token: $AC" --data-binary @"$TEST_TMP/c.xlsx" "$B/imports?entity=customers"
poll "$(jq -r .id "$T_OUT")"
expect_eq "$(jq -r '[.status, .created, .updated, .rejected] | join(",")' "$T_OUT")" "done,0,2,0" "an xlsx import updates the two customers"
# a body over the server's limit is refused before it is stored
head -c 1100000 /dev/zero | tr '\0' 'a' >"$TEST_TMP/big.csv"
CODE=$(curl -s -o /dev/null -w '%{http_code}' -b "$A" -H "X-CSRF-Token: $AC" --data-binary @"$TEST_TMP/big.csv" "$B/imports?entity=customers")
expect_eq "$CODE" "413" "a file over the body limit"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
