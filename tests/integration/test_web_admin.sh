# Browser test of the admin pages and the import wizard (tests/web/admin_test.mjs) on the demo
# company: Debian's chromium driven headless by playwright-core against a server on a port it
# picks. Afterwards the database is checked for what the browser did: the user added, the
# settings changed and audited (a model parameter too), the webhook, and the two customers imported with one job.
# Screenshots at 1280 and 390 px go to tests/web/screenshots/ (git-ignored).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG="$TEST_TMP/server.log"
browser_prereqs curl

demo_company
expect_status 0 "the demo company"
echo "admin-web-pw-1" | "$GUANXI" user passwd admin >"$T_OUT" 2>"$T_ERR"; T_STATUS=$?
expect_status 0 "password for the browser's admin"
JOBS_BEFORE=$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'import'")

"$GUANXI" serve --listen 127.0.0.1:0 --web "$ROOT/web" --no-background 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
expect_eq "${PORT:+yes}" "yes" "the server prints its port"
if [ -n "$PORT" ]; then
	B="http://127.0.0.1:$PORT"
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "$B/readyz" && break
		sleep 0.1
	done
	mkdir -p "$ROOT/tests/web/screenshots"
	BASE_URL="$B" GX_PASS=admin-web-pw-1 SHOT_DIR="$ROOT/tests/web/screenshots" CHROMIUM="$CHROMIUM" \
		timeout 180 node "$ROOT/tests/web/admin_test.mjs" >"$T_OUT" 2>"$T_ERR"
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

expect_eq "$(sql "SELECT role || ' ' || CASE WHEN active = 1 THEN 1 ELSE 0 END FROM users WHERE username = 'web.rep1'")" "sales 1" "the user the browser added"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'pool_max_owned'")" "150" "the setting the browser changed"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'sla_minutes_high'")" "150" "2.5 SLA hours stored as minutes"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'abc_a_pct'") $(sql "SELECT value FROM settings WHERE key = 'rfm_monetary'")" "75 total" "the model settings the browser changed"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'setting'")" "4" "the four changes audited"
expect_eq "$(sql "SELECT url FROM webhooks")" "http://127.0.0.1:9/hook" "the webhook"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code IN ('IMP-1', 'IMP-3')")" "2" "the imported customers"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code = 'IMP-2'")" "0" "not the rejected one"
expect_eq "$(sql "SELECT COUNT(*) FROM jobs WHERE kind = 'import'")" "$((JOBS_BEFORE + 1))" "one import job (the previews left none)"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly on SIGTERM"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
