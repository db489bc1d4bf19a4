# Browser tests of the web UI (tests/web/ui_test.mjs): Debian's Chromium driven headless by
# playwright-core (npm, pinned in package-lock.json) against `guanxi serve` on a port the
# server picks, with a user and a handful of customers, orders, a contact and an interaction
# made here through the CLI. Afterwards the database must hold what the browser did.
# Screenshots are kept in build/test-screenshots/ for review (not committed).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG="$TEST_TMP/server.log"
browser_prereqs

# The two catalogues have the same keys (a key missing in one would fall back or show raw),
# and every key written literally in the page modules and index.html is in them.
node - "$ROOT/web" >"$T_OUT" 2>"$T_ERR" <<'JS'
const fs = require('fs'), path = require('path');
const dir = process.argv[2];
const zh = JSON.parse(fs.readFileSync(path.join(dir, 'i18n/zh-CN.json')));
const en = JSON.parse(fs.readFileSync(path.join(dir, 'i18n/en.json')));
const bad = Object.keys(zh).filter((k) => !(k in en)).concat(Object.keys(en).filter((k) => !(k in zh)));
let src = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
for (const f of fs.readdirSync(path.join(dir, 'js')))
	src += fs.readFileSync(path.join(dir, 'js', f), 'utf8');
const used = [...src.matchAll(/\bt\('([a-z_-]+\.[a-z_.-]+)'[,)]|data-i18n(?:-label|-placeholder)?="([a-z_-]+\.[a-z_.-]+)"/g)].map((m) => m[1] || m[2]);
for (const k of used)
	if (!(k in zh))
		bad.push(k);
console.log(`${Object.keys(zh).length} keys, ${used.length} literal uses; missing: ${bad.join(' ') || 'none'}`);
JS
expect_out "missing: none" "the catalogues agree and cover the keys the UI uses"

run init
expect_status 0 "init"
run user add admin display_name=管理员 role=admin
echo "web-admin-pw-1" | "$GUANXI" user passwd admin >"$T_OUT" 2>"$T_ERR"; T_STATUS=$?
expect_status 0 "password for the browser's user"
run customer add code=C001 kind=person name=张伟 city=上海 mobile=13912345678 key_account=true roles=end_user tags=VIP industry=零售
expect_status 0 "customer 张伟"
run customer add code=C002 kind=organization name=杭州西湖茶业有限公司 city=杭州 phone=0571-87654321 email=tea@example.cn industry=茶叶
run customer add code=C003 kind=person name=李娜 city=北京 email=lina@example.cn
run customer add code=C004 kind=person name=张伟明 city=上海 mobile=13800001111
run customer add code=C005 kind=person name=王芳 city=广州
run customer add code=C006 kind=person 'name=<script>window.__xss=1</script><img src=x onerror="window.__xss=2">' city=深圳
expect_status 0 "a customer whose name is markup"
{
	echo "code,name,city"
	for i in $(seq 1 30); do printf 'B%02d,批量客户%02d,成都\n' "$i" "$i"; done
} >"$TEST_TMP/c.csv"
run import customers "$TEST_TMP/c.csv"
expect_status 0 "30 more customers, for paging"
run contact add C001 code=P001 name=王秘书 title=助理 phone=021-55556666 is_primary=true
expect_status 0 "a contact"
printf 'sku,name,price,cost\nP1,龙井茶,1234.50,800\nP2,茶具,399,100\n' >"$TEST_TMP/p.csv"
run import products "$TEST_TMP/p.csv"
printf '订单编号,客户,下单时间,产品编号,数量,单价\nO1,C001,2025-03-01 10:00,P1,2,1234.50\nO1,C001,2025-03-01 10:00,P2,1,399\nO2,C001,2025-06-01 10:00,P2,3,399\n' >"$TEST_TMP/o.csv"
run import orders "$TEST_TMP/o.csv"
expect_status 0 "orders of 张伟"
run interaction add C001 channel=phone type=inquiry subject=询问龙井价格 "occurred_at=2026-11-20 10:00" direction=inbound
expect_status 0 "an earlier interaction"

"$GUANXI" serve --listen 127.0.0.1:0 --web "$ROOT/web" 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
expect_eq "${PORT:+yes}" "yes" "the server prints its port"
if [ -n "$PORT" ]; then
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
		sleep 0.1
	done
	mkdir -p "$ROOT/build/test-screenshots"
	BASE_URL="http://127.0.0.1:$PORT" GX_USER=admin GX_PASS=web-admin-pw-1 \
		SHOT_DIR="$ROOT/build/test-screenshots" CHROMIUM="$CHROMIUM" \
		timeout 120 node "$ROOT/tests/web/ui_test.mjs" >"$T_OUT" 2>"$T_ERR"
	T_STATUS=$?
	cat "$T_OUT"
	line=$(grep -E '^web: [0-9]+ passed, [0-9]+ failed' "$T_OUT" | tail -1)
	if [ -n "$line" ]; then
		set -- $line
		T_PASSED=$((T_PASSED + $2))
		T_FAILED=$((T_FAILED + $4))
	else
		fail "the browser test ended without its count (exit $T_STATUS)"
	fi
fi

# What the browser did is in the database.
expect_eq "$(sql "SELECT COUNT(*) FROM interactions WHERE customer_id = 1 AND subject = '回访：龙井口感满意' AND channel = 'wechat' AND contact_id = (SELECT id FROM contacts WHERE code = 'P001')")" "1" "the logged interaction is stored"
expect_eq "$(sql "SELECT city || '/' || industry FROM customers WHERE id = 1")" "苏州/茶叶零售" "the edit and the other change are both stored"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE mobile_norm = (SELECT mobile_norm FROM customers WHERE id = 1)")" "2" "create anyway made the duplicate"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly on SIGTERM"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
