# Browser test of the analytics pages (tests/web/analytics_test.mjs) on the demo company after a
# `guanxi score` run: every page's chart has data, names its model and links to docs/models.md,
# the pivot drills down and exports CSV, every page fits 390 px and logs no console error.
# Chart.js comes from node_modules/chart.js (npm ci) through the server's /vendor/. The class-A
# count the Pareto page must show is computed here with SQL from the scores. Screenshots of
# every page at 1280 and 390 px go to tests/web/screenshots/ (git-ignored).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG="$TEST_TMP/server.log"
browser_prereqs curl

demo_company
expect_status 0 "the demo company"
# the demo's baskets are random draws, so M23's default thresholds find no rule; lower ones do
run settings set assoc_min_support 0.003 assoc_min_confidence 0.05 assoc_min_lift 1.5
expect_status 0 "association thresholds for the demo"
run score
expect_status 0 "scores and association rules for the demo customers"
expect_eq "$(sql "SELECT CASE WHEN COUNT(*) > 0 THEN 1 ELSE 0 END FROM assoc_rules")" "1" "rules stored"
# a customer who bought a rule's antecedent and not its consequent: the page suggests something
SUGGEST_ID=$(sql "SELECT MIN(o.customer_id) FROM orders o JOIN customers c ON c.id = o.customer_id
	JOIN order_lines ol ON ol.order_id = o.id JOIN assoc_rules r ON r.antecedent_id = ol.product_id
	WHERE o.kind = 'sale' AND o.status <> 'cancelled' AND o.deleted_at IS NULL AND c.deleted_at IS NULL
	AND NOT EXISTS (SELECT 1 FROM orders o2 JOIN order_lines l2 ON l2.order_id = o2.id WHERE o2.customer_id = o.customer_id
	  AND o2.kind = 'sale' AND o2.status <> 'cancelled' AND o2.deleted_at IS NULL AND l2.product_id = r.consequent_id)")
echo "analytics-admin-pw-1" | "$GUANXI" user passwd admin >"$T_OUT" 2>"$T_ERR"; T_STATUS=$?
expect_status 0 "password for the browser's user"
# the Pareto page's A class is the trailing-12-month ABC of the same day: the scores' one
EXPECT_A=$(sql "SELECT COUNT(*) FROM scores WHERE abc_class = 'A'")

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
	B="http://127.0.0.1:$PORT"
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "$B/readyz" && break
		sleep 0.1
	done
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$B/vendor/chart.umd.min.js")" "200" "Chart.js is served under /vendor/"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$B/vendor/../package.json")" "404" "and nothing outside its directory"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$B/vendor/%2e%2e/package.json")" "404" "not even encoded"
	mkdir -p "$ROOT/tests/web/screenshots"
	BASE_URL="$B" GX_USER=admin GX_PASS=analytics-admin-pw-1 SHOT_DIR="$ROOT/tests/web/screenshots" CHROMIUM="$CHROMIUM" \
		EXPECT_A="$EXPECT_A" SUGGEST_ID="$SUGGEST_ID" timeout 300 node "$ROOT/tests/web/analytics_test.mjs" >"$T_OUT" 2>"$T_ERR"
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

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly on SIGTERM"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
