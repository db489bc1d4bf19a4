# HTTP API integration: guanxi serve on 127.0.0.1 with a port the server picks (--listen
# 127.0.0.1:0), driven with curl. Login and logout, CSRF, bearer tokens, lockout, create / list
# / get / patch with If-Match, delete and restore, filters and cursor paging over 120
# customers, bad bodies that must change nothing, static-file path escapes, messages in the
# request's language, read-only users, the OpenAPI file covering the route table, and a clean
# stop on SIGTERM.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HDR="$TEST_TMP/headers"
LOG="$TEST_TMP/server.log"

run init
run user add admin display_name=管理员 role=admin
run user add viewer display_name=只读 role=readonly
run user add victim display_name=被锁 role=sales
for u in admin viewer victim; do
	echo "secret-$u-pw" | "$GUANXI" user passwd "$u" >/dev/null 2>&1
done
run user passwd admin </dev/null
expect_status 1 "user passwd without a password on stdin fails"
echo short | "$GUANXI" user passwd admin >"$T_OUT" 2>"$T_ERR"; T_STATUS=$?
expect_status 1 "a password shorter than 8 characters is refused"
run user token admin --name tests
expect_status 0 "user token"
TOKEN=$(head -1 "$T_OUT")
expect_eq "${#TOKEN}" "43" "a token is gx_ and 40 hex digits"
expect_eq "$(sql "SELECT COUNT(*) FROM api_tokens WHERE token_hash = '$TOKEN'")" "0" "the token is not stored in clear"
run serve --listen 127.0.0.1:99999
expect_status 1 "a port out of range is refused"
run serve --listen localhost:8080
expect_status 1 "a host name (would need DNS) is refused"
run serve --db "$TEST_TMP/missing.db" --listen 127.0.0.1:0
expect_status 1 "a missing database is refused before listening"
expect_err "guanxi init" "the message says how to create it"
run user token viewer
VTOKEN=$(head -1 "$T_OUT")

# 120 customers through the importer (30 in 杭州), for filters and paging.
{
	echo "code,name,city,mobile"
	for i in $(seq 1 120); do
		city=上海; [ $((i % 4)) -eq 0 ] && city=杭州
		printf 'K%03d,客户%03d,%s,139%08d\n' "$i" "$i" "$city" "$i"
	done
} >"$TEST_TMP/c.csv"
run import customers "$TEST_TMP/c.csv"
expect_status 0 "import of 120 customers"

printf '产品编号,产品名称,单价,成本\nP1,茶叶,"¥1,234.50",800元\nP2,茶具,399,100\n' >"$TEST_TMP/p.csv"
run import products "$TEST_TMP/p.csv"
expect_status 0 "import of products"
printf '订单编号,客户,下单时间,产品编号,数量,单价\nO1,K003,2025-03-01 10:00,P1,2,1234.50\nO1,K003,2025-03-01 10:00,P2,1,399\n' >"$TEST_TMP/o.csv"
run import orders "$TEST_TMP/o.csv"
expect_status 0 "import of an order with two lines"
run user add zhang display_name=张三 role=readonly lang=zh-CN
run user token zhang
ZTOKEN=$(head -1 "$T_OUT")

# The web directory: the placeholder page plus a link that points out of it.
mkdir -p "$TEST_TMP/web/sub"
cp "$ROOT/web/index.html" "$TEST_TMP/web/"
echo 'body{}' >"$TEST_TMP/web/sub/a.css"
ln -s /etc/passwd "$TEST_TMP/web/passwd"

"$GUANXI" serve --listen 127.0.0.1:0 --web "$TEST_TMP/web" --max-body 65536 2>"$LOG" &
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

# req METHOD PATH [curl options…]: body to $T_OUT, headers to $HDR, status in $H_STATUS.
req() {
	local m=$1 p=$2
	shift 2
	H_STATUS=$(curl -s --path-as-is -o "$T_OUT" -D "$HDR" -w '%{http_code}' -X "$m" "$BASE$p" "$@")
	: >"$T_ERR"
}
expect_code() { expect_eq "$H_STATUS" "$1" "$2"; }
expect_header() {
	if grep -qiF -- "$1" "$HDR"; then pass; else fail "$2 (headers lack '$1')"; fi
}
json_str() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" "$T_OUT" | head -1; }
json_num() { sed -n "s/.*\"$1\":\([0-9-]*\).*/\1/p" "$T_OUT" | head -1; }
AUTH=(-H "Authorization: Bearer $TOKEN")
JSON=(-H "Content-Type: application/json")

req GET /healthz
expect_code 200 "healthz"
req GET /readyz
expect_code 200 "readyz"
LATEST=$(ls "$ROOT"/src/store/migrations/sqlite/*.sql | sed 's|.*/0*\([0-9]*\)_.*|\1|' | sort -n | tail -1)
expect_out "\"schema_version\":$LATEST" "readyz reports the schema (the latest migration)"

# --- authentication ---
req GET /api/v1/customers
expect_code 401 "no credentials: 401"
expect_out '"code":"unauthenticated"' "error code unauthenticated"
req GET /api/v1/customers -H "Accept-Language: zh-CN,zh;q=0.9"
expect_out "需要身份验证" "Accept-Language: zh gives the message in Chinese"
req GET /api/v1/customers -H "Authorization: Bearer gx_0000000000000000000000000000000000000000"
expect_code 401 "an unknown token: 401"
req POST /api/v1/login "${JSON[@]}" -d '{"username":"admin","password":"wrong-password"}'
expect_code 401 "wrong password: 401"
expect_out "wrong username or password" "the login error does not say which part was wrong"
req POST /api/v1/login "${JSON[@]}" -d '{"username":"admin","password":"secret-admin-pw"}'
expect_code 200 "login"
expect_header "Set-Cookie: gx_session=" "login sets the session cookie"
expect_header "HttpOnly" "the cookie is HttpOnly"
expect_header "SameSite=Lax" "the cookie is SameSite=Lax"
CSRF=$(json_str csrf_token)
COOKIE=$(sed -n 's/^Set-Cookie: gx_session=\([0-9a-f]*\);.*/\1/ip' "$HDR" | tr -d '\r')
expect_eq "${#CSRF}" "64" "login returns a CSRF token"
expect_eq "$(sql 'SELECT COUNT(*) FROM sessions')" "1" "the session lives in the database"
expect_eq "$(sql "SELECT COUNT(*) FROM sessions WHERE token_hash = '$COOKIE'")" "0" "the session id is stored hashed"
CK=(-H "Cookie: gx_session=$COOKIE")
req GET /api/v1/session "${CK[@]}"
expect_code 200 "the session cookie authenticates"
expect_out "\"csrf_token\":\"$CSRF\"" "GET /session gives the same CSRF token again"
expect_no_out "password_hash" "the password hash never leaves the server"
req POST /api/v1/customers "${CK[@]}" "${JSON[@]}" -d '{"name":"无令牌"}'
expect_code 403 "a cookie POST without X-CSRF-Token: 403"
req POST /api/v1/customers "${CK[@]}" "${JSON[@]}" -H "X-CSRF-Token: $(echo "$CSRF" | tr '0-9a-f' '1-9a-f0')" -d '{"name":"错令牌"}'
expect_code 403 "a cookie POST with a wrong X-CSRF-Token: 403"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE name IN ('无令牌','错令牌')")" "0" "refused requests wrote nothing"
req POST /api/v1/customers "${CK[@]}" "${JSON[@]}" -H "X-CSRF-Token: $CSRF" -d '{"name":"会话客户"}'
expect_code 201 "a cookie POST with the CSRF token: 201"

# --- create, get, patch ---
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" \
	-d '{"code":"A1","name":"张伟","mobile":"13800138000","key_account":true,"household_size":3,"custom":{"a":1,"b":{"c":2}},"tags":["vip","北京"]}'
expect_code 201 "bearer POST needs no CSRF token: 201"
expect_header "Location: /api/v1/customers/" "201 has a Location"
ID=$(json_num id)
expect_out '"key_account":true' "booleans are JSON booleans"
expect_out '"household_size":3' "integers are JSON numbers"
expect_out '"custom":{"a":1,"b":{"c":2}}' "JSON fields are embedded"
expect_out '"tags":["vip","北京"]' "lists are arrays"
req GET "/api/v1/customers/$ID" "${AUTH[@]}"
expect_code 200 "get"
expect_header 'ETag: "1"' "ETag is the version"
req GET "/api/v1/customers/$ID?fields=name,city" "${AUTH[@]}"
expect_out '{"id":'"$ID"',"name":"张伟","city":null}' "fields= selects (id always)"
req PATCH "/api/v1/customers/$ID" "${AUTH[@]}" "${JSON[@]}" -d '{"city":"北京"}'
expect_code 428 "PATCH without If-Match: 428"
req PATCH "/api/v1/customers/$ID" "${AUTH[@]}" "${JSON[@]}" -H 'If-Match: "1"' \
	-d '{"city":"北京","household_size":null,"custom":{"b":{"d":3},"a":null}}'
expect_code 200 "PATCH with the current version: 200"
expect_header 'ETag: "2"' "the version went up"
expect_out '"city":"北京"' "the field changed"
expect_out '"household_size":null' "null clears a field"
expect_out '"custom":{"b":{"c":2,"d":3}}' "JSON fields are merge-patched (RFC 7386)"
req PATCH "/api/v1/customers/$ID" "${AUTH[@]}" "${JSON[@]}" -H 'If-Match: "1"' -d '{"city":"上海"}'
expect_code 409 "PATCH with a stale version: 409"
expect_out '"code":"conflict"' "stale version is a conflict"
expect_eq "$(sql "SELECT city || version FROM customers WHERE id = $ID")" "北京2" "the stale PATCH changed nothing"

req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -H "X-Request-Id: test-req-0001" -d '{"name":"审计"}'
expect_header "X-Request-Id: test-req-0001" "the client's request id comes back"
expect_eq "$(sql "SELECT user_id || ' ' || action FROM audit_log WHERE request_id = 'test-req-0001'")" "1 create" \
	"the write is audited with the acting user and the request id"

# --- duplicates ---
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":"张伟伟","mobile":"+86 138-0013-8000"}'
expect_code 409 "same phone: 409"
expect_out '"duplicates":[{"id":'"$ID" "the duplicate is named in the error"
req POST "/api/v1/customers?force=true" "${AUTH[@]}" "${JSON[@]}" -d '{"name":"张伟伟","mobile":"+86 138-0013-8000"}'
expect_code 201 "?force=true creates it anyway"

# --- bad input changes nothing ---
BEFORE=$(sql "SELECT COUNT(*) || '/' || SUM(version) FROM customers")
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":"坏的",'
expect_code 400 "malformed JSON: 400"
expect_out '"code":"invalid_input"' "malformed JSON is invalid_input"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '["name"]'
expect_code 400 "a JSON array body: 400"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":123}'
expect_code 400 "a number for a text field: 400"
expect_out '"field":"name"' "the wrong type names the field"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":"类型","key_account":"yes"}'
expect_code 400 "a string for a boolean: 400"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":"未知","shoe_size":42}'
expect_code 400 "an unknown field: 400"
expect_out '"field":"shoe_size"' "the unknown field is named"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":"日期","birthday":"2026-02-30"}'
expect_code 400 "an impossible date: 400"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":"系统","created_by":1}'
expect_code 400 "a system field: 400"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" -d '{"name":"双","name":"重"}'
expect_code 400 "duplicate keys: 400"
printf '{"name":"%*s"}' 100000 x >"$TEST_TMP/big.json"
req POST /api/v1/customers "${AUTH[@]}" "${JSON[@]}" --data-binary "@$TEST_TMP/big.json"
expect_code 413 "a body over --max-body: 413"
expect_out '"code":"too_large"' "too_large"
req PATCH "/api/v1/customers/$ID" "${AUTH[@]}" "${JSON[@]}" -H 'If-Match: "2"' -d '{"mobile":"not a phone"}'
expect_code 400 "an invalid phone in a PATCH: 400"
req PATCH "/api/v1/customers/$ID" "${AUTH[@]}" "${JSON[@]}" -H 'If-Match: abc' -d '{"city":"x"}'
expect_code 400 "a malformed If-Match: 400"
expect_eq "$(sql "SELECT COUNT(*) || '/' || SUM(version) FROM customers")" "$BEFORE" "no bad request changed anything"

# --- lists: filters, sorting, cursor paging ---
req GET "/api/v1/customers?limit=50" "${AUTH[@]}"
expect_code 200 "list"
TOTAL=$(sql "SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL")
expect_out "\"total\":$TOTAL" "the list counts every live customer"
req GET "/api/v1/customers?limit=50" "${AUTH[@]}" -H "X-No-Total: 1"
expect_no_out '"total"' "X-No-Total skips the count"
req GET "/api/v1/customers" "${AUTH[@]}" -G --data-urlencode "filter=city eq '杭州'" --data-urlencode "limit=1000"
expect_out '"total":30' "filter city eq 杭州 finds 30"
req GET "/api/v1/customers" "${AUTH[@]}" -G --data-urlencode "filter=city eq '杭州' and code in ('K004','K008','K009')"
expect_out '"total":2' "filter with and/in"
req GET "/api/v1/customers" "${AUTH[@]}" -G --data-urlencode "filter=city eq"
expect_code 400 "a broken filter: 400"
expect_out '"field":"filter"' "the filter error names the parameter"
req GET "/api/v1/customers" "${AUTH[@]}" -G --data-urlencode "filter=name eq 'x'; DROP TABLE customers"
expect_code 400 "SQL in a filter is a parse error"
req GET "/api/v1/customers?limit=0" "${AUTH[@]}"
expect_code 400 "limit=0: 400"
req GET "/api/v1/customers?cursor=!!!" "${AUTH[@]}"
expect_code 400 "a bad cursor: 400"
req GET "/api/v1/customers?sort=-code&limit=1&fields=code" "${AUTH[@]}"
expect_out '"code":"K120"' "sort=-code puts K120 first"
SEEN="$TEST_TMP/seen"
: >"$SEEN"
CURSOR=
PAGES=0
while :; do
	req GET "/api/v1/customers" "${AUTH[@]}" -G --data-urlencode "filter=code startswith 'K'" \
		--data-urlencode "limit=50" --data-urlencode "fields=code" ${CURSOR:+--data-urlencode "cursor=$CURSOR"}
	[ "$H_STATUS" = 200 ] || break
	grep -o '"code":"K[0-9]*"' "$T_OUT" >>"$SEEN"
	PAGES=$((PAGES + 1))
	CURSOR=$(json_str next_cursor)
	[ -z "$CURSOR" ] && break
	[ $PAGES -gt 5 ] && break
done
expect_eq "$PAGES" "3" "120 customers are 3 pages of 50"
expect_eq "$(sort -u "$SEEN" | wc -l)" "120" "the pages hold every customer exactly once"
expect_eq "$(wc -l <"$SEEN")" "120" "no customer on two pages"

# --- related records, actions, delete ---
req POST "/api/v1/customers/$ID/interactions" "${AUTH[@]}" "${JSON[@]}" \
	-d '{"channel":"phone","type":"inquiry","occurred_at":"2026-11-20T10:00:00+08:00","subject":"询价"}'
expect_code 201 "log an interaction"
expect_out '"occurred_at":"2026-11-20T02:00:00Z"' "instants are stored in UTC"
req GET "/api/v1/customers/$ID/interactions" "${AUTH[@]}"
expect_out '"total":1' "the customer's interactions"
req POST "/api/v1/customers/$ID/contacts" "${AUTH[@]}" "${JSON[@]}" -d '{"name":"李秘书","title":"秘书"}'
expect_code 201 "add a contact"
req GET "/api/v1/customers/$ID/contacts" "${AUTH[@]}"
expect_out '"name":"李秘书"' "the customer's contacts"
req GET "/api/v1/search" "${AUTH[@]}" -G --data-urlencode "q=张伟"
expect_out "\"id\":$ID" "search finds the customer"
req GET "/api/v1/customers/999999" "${AUTH[@]}"
expect_code 404 "an unknown id: 404"
req GET "/api/v1/customers/abc" "${AUTH[@]}"
expect_code 404 "a non-numeric id: 404"
req PUT "/api/v1/customers/$ID" "${AUTH[@]}"
expect_code 405 "PUT is not allowed: 405"
K1=$(sql "SELECT id FROM customers WHERE code = 'K001'")
K2=$(sql "SELECT id FROM customers WHERE code = 'K002'")
req POST "/api/v1/customers/$K1/merge" "${AUTH[@]}" "${JSON[@]}" -d "{\"from\":$K2}"
expect_code 200 "merge"
expect_eq "$(sql "SELECT merged_into FROM customers WHERE id = $K2")" "$K1" "the merged customer points to the survivor"
req DELETE "/api/v1/customers/$ID" "${AUTH[@]}"
expect_code 204 "delete"
req GET "/api/v1/customers/$ID" "${AUTH[@]}"
expect_code 404 "a deleted customer: 404"
req GET "/api/v1/customers?deleted=true&fields=code" "${AUTH[@]}"
expect_out '"code":"A1"' "the recycle bin lists it"
req POST "/api/v1/customers/$ID/restore" "${AUTH[@]}"
expect_code 200 "restore"

req GET "/api/v1/orders/$(sql "SELECT id FROM orders WHERE order_no = 'O1'")" "${AUTH[@]}"
expect_code 200 "get an order"
expect_out '"amount_fen":286800' "order money in integer fen"
expect_out '"line_no":2,"product_id":' "the order comes with its lines"
expect_eq "$(grep -o '"unit_price_fen"' "$T_OUT" | wc -l)" "2" "both lines"
req GET "/api/v1/products" "${AUTH[@]}" -G --data-urlencode "filter=price_fen gt 100000" --data-urlencode "fields=sku,price_fen"
expect_out '"items":[{"id":1,"sku":"P1","price_fen":123450}]' "filter on money in fen"
req GET "/api/v1/orders?fields=order_no" "${AUTH[@]}"
expect_out '"total":1' "order list"

# --- access ---
req POST /api/v1/customers -H "Authorization: Bearer $VTOKEN" "${JSON[@]}" -d '{"name":"只读用户的客户"}'
expect_code 403 "a read-only user cannot create: 403"
expect_out '"code":"forbidden"' "forbidden"
req GET /api/v1/customers -H "Authorization: Bearer $VTOKEN"
expect_code 200 "a read-only user can read"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE name = '只读用户的客户'")" "0" "the read-only POST wrote nothing"
req POST /api/v1/customers -H "Authorization: Bearer $ZTOKEN" -H "Accept-Language: en" "${JSON[@]}" -d '{"name":"x"}'
expect_out "无权修改数据" "the user's language setting wins over Accept-Language"

# --- lockout ---
for i in 1 2 3 4 5; do
	req POST /api/v1/login "${JSON[@]}" -d '{"username":"victim","password":"guess-'$i'"}'
done
expect_code 401 "the fifth wrong password is still 401"
req POST /api/v1/login "${JSON[@]}" -d '{"username":"victim","password":"secret-victim-pw"}'
expect_code 429 "after 5 failures even the right password: 429"
expect_header "Retry-After:" "429 says when to retry"
expect_out '"code":"rate_limited"' "rate_limited"
req POST /api/v1/login "${JSON[@]}" -d '{"username":"viewer","password":"secret-viewer-pw"}'
expect_code 200 "other users are not locked"

# --- static files ---
req GET /sub/a.css
expect_code 200 "a static file"
expect_header "Content-Type: text/css" "its content type"
expect_header "Cache-Control: public" "assets are cacheable"
req GET /
expect_header "Content-Type: text/html" "/ serves index.html"
expect_out "/api/v1/" "the placeholder page links the API"
for p in /../../../../etc/passwd /%2e%2e/%2e%2e/etc/passwd /sub/../../c.csv /passwd /index.html%00.css "/sub/..%2f..%2fc.csv" //etc/passwd; do
	req GET "$p"
	expect_code 404 "path escape $p: 404"
	expect_no_out "root:" "path escape $p leaks nothing"
done
req GET /api/v1/ 
expect_code 200 "the API index is public"

# --- logout, disable ---
req POST /api/v1/logout "${CK[@]}" -H "X-CSRF-Token: $CSRF"
expect_code 204 "logout"
req GET /api/v1/customers "${CK[@]}"
expect_code 401 "the cookie no longer works after logout"
run user disable viewer
expect_status 0 "user disable"
req GET /api/v1/customers -H "Authorization: Bearer $VTOKEN"
expect_code 401 "a disabled user's token stops working"

# --- the OpenAPI file names every route ---
missing=0
while read -r path; do
	grep -qF "  $path:" "$ROOT/docs/openapi.yaml" || { echo "openapi.yaml lacks $path"; missing=$((missing + 1)); }
done < <(sed -n 's/^\t{"[A-Z]*", "\(\/[^"]*\)".*/\1/p' "$ROOT/src/http/routes.c" | sort -u)
expect_eq "$missing" "0" "docs/openapi.yaml describes every route of the table"

# --- access log and stop ---
expect_eq "$(grep -c '"path":"/api/v1/customers"' "$LOG" | awk '{print ($1 > 10)}')" "1" "one access-log line per request"
grep -q '"status":201,"ms":[0-9.e-]*,"user_id":1' "$LOG" && pass || fail "the access log has status, duration and user"
# A slow upload (about 3 s at 1 kB/s) is in flight when SIGTERM arrives: the server stops
# accepting, finishes it, then exits 0.
printf '{"name":"慢请求","notes":"%*s"}' 3000 x >"$TEST_TMP/slow.json"
curl -s -o /dev/null -w '%{http_code}' --limit-rate 1000 "${AUTH[@]}" "${JSON[@]}" \
	--data-binary "@$TEST_TMP/slow.json" "$BASE/api/v1/customers" >"$TEST_TMP/slow.code" &
SLOW=$!
sleep 1
kill -TERM "$SERVER"
sleep 0.3
expect_eq "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$BASE/healthz")" "000" "no new connections after SIGTERM"
wait "$SLOW"
expect_eq "$(cat "$TEST_TMP/slow.code")" "201" "the request in flight at SIGTERM completes"
wait "$SERVER"
expect_eq "$?" "0" "SIGTERM stops the server with exit status 0"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE name = '慢请求'")" "1" "and its write is there"
grep -q "^stopped" "$LOG" && pass || fail "the server says it stopped"
finish
