# Browser test of the tasks, notifications, approvals, survey designer, segments, campaigns and
# loyalty pages and the customer 360 scores and loyalty (tests/web/work_test.mjs) on the demo
# company, scored by `guanxi score`. Two customers are added first: one with the name
# "<script>alert(1)</script>" owned by the rep li.qiang (东区一组), one owned by sun.li of the
# northern department that li.qiang must not see. GET /api/v1/customers/{id}/scores is checked
# with curl against the scores table. The figures the pages must show (the Shanghai segment's
# size, a club member's balance) are computed here with SQL and the API; afterwards the database
# must hold what the browser did: a completed task, the approved transfer, the survey response,
# the launched campaign's members and the points adjustment. Screenshots at 1280 and 390 px go
# to tests/web/screenshots/ (git-ignored).
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG="$TEST_TMP/server.log"
browser_prereqs curl jq

demo_company
expect_status 0 "the demo company"
for u in admin li.qiang wang.fang; do
	echo "work-$u-pw-1" | "$GUANXI" user passwd "$u" >"$T_OUT" 2>"$T_ERR"; T_STATUS=$?
	expect_status 0 "password for $u"
done
run customer add code=XSS1 "name=<script>alert(1)</script>" kind=person owner_id=li.qiang mobile=13900000001
expect_status 0 "the customer with a script name"
run customer add code=NORTHX name=北辰独家贸易公司 kind=organization owner_id=sun.li phone=010-66660001
expect_status 0 "a customer of the northern department"
run score
expect_status 0 "the scores"
XSS_ID=$(sql "SELECT id FROM customers WHERE code = 'XSS1'")
FOREIGN_ID=$(sql "SELECT id FROM customers WHERE code = 'NORTHX'")
LIVE="deleted_at IS NULL AND merged_into IS NULL"
SH_COUNT=$(sql "SELECT COUNT(*) FROM customers WHERE $LIVE AND city = '上海市'")
# the scored club member with the largest balance
MEMBER=$(sql "SELECT m.customer_id FROM club_members m JOIN scores s ON s.customer_id = m.customer_id WHERE m.left_on IS NULL ORDER BY m.customer_id LIMIT 1")
expect_eq "$([ "$SH_COUNT" -gt 0 ] && [ -n "$MEMBER" ] && echo ok)" "ok" "Shanghai customers and a scored club member"

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
	J="$TEST_TMP/cookies"
	curl -s -c "$J" -H 'Content-Type: application/json' -d '{"username":"admin","password":"work-admin-pw-1"}' "$B/api/v1/login" >/dev/null
	# the scores endpoint returns the stored row with its labels
	curl -s -b "$J" -H 'Accept-Language: en' "$B/api/v1/customers/$MEMBER/scores" >"$T_OUT"
	expect_eq "$(jq -r '[.scored, .rfm_segment, .abc_class, .lifecycle_stage, .loyalty_type] | join(" ")' "$T_OUT")" \
		"true $(sql "SELECT rfm_segment || ' ' || abc_class || ' ' || lifecycle_stage || ' ' || loyalty_type FROM scores WHERE customer_id = $MEMBER")" \
		"GET /customers/{id}/scores: the stored scores"
	expect_eq "$(jq -r '.clv_yuan | . * 100 | round' "$T_OUT")" \
		"$(sql "SELECT CAST(ROUND(clv_yuan * 100) AS INTEGER) FROM scores WHERE customer_id = $MEMBER")" "the CLV in yuan"
	expect_eq "$(jq -r '.rfm_segment_label | length > 0' "$T_OUT")" "true" "with a label"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b "$J" "$B/api/v1/customers/999999/scores")" "404" "no such customer: 404"
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/customers/$MEMBER/scores")" "401" "the scores need a login"
	curl -s -b "$J" "$B/api/v1/customers/$XSS_ID/scores" >"$T_OUT"
	expect_eq "$(jq -c '[.scored, .surveys]' "$T_OUT")" "[true,[]]" "a customer without orders is scored; no surveys"
	J2="$TEST_TMP/cookies-rep"
	curl -s -c "$J2" -H 'Content-Type: application/json' -d '{"username":"li.qiang","password":"work-li.qiang-pw-1"}' "$B/api/v1/login" >/dev/null
	expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b "$J2" "$B/api/v1/customers/$FOREIGN_ID/scores")" "404" \
		"a rep gets 404 for another department's customer's scores"
	BALANCE=$(curl -s -b "$J" "$B/api/v1/clubs/1/members/$MEMBER/points" | jq -r '.balance')
	expect_eq "$(sql "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE customer_id = $MEMBER")" "$BALANCE" "the member's balance"

	mkdir -p "$ROOT/tests/web/screenshots"
	BASE_URL="$B" SHOT_DIR="$ROOT/tests/web/screenshots" CHROMIUM="$CHROMIUM" \
		ADMIN_PASS=work-admin-pw-1 REP_PASS=work-li.qiang-pw-1 MGR_PASS=work-wang.fang-pw-1 \
		XSS_ID="$XSS_ID" FOREIGN_ID="$FOREIGN_ID" FOREIGN_NAME=北辰独家贸易公司 SH_COUNT="$SH_COUNT" \
		CLUB_MEMBER="$MEMBER" CLUB_MEMBER_BALANCE="$BALANCE" \
		timeout 300 node "$ROOT/tests/web/work_test.mjs" >"$T_OUT" 2>"$T_ERR"
	T_STATUS=$?
	cat "$T_OUT"
	line=$(grep -E '^web: [0-9]+ passed, [0-9]+ failed' "$T_OUT" | tail -1)
	if [ -n "$line" ]; then
		set -- $line
		T_PASSED=$((T_PASSED + $2))
		T_FAILED=$((T_FAILED + $4))
	else
		head -20 "$T_ERR"
		fail "the browser test ended without its count (exit $T_STATUS)"
	fi
fi

ASSIGNED=$(sed -n 's/^ASSIGNED //p' "$T_OUT" | tr ',' '\n' | sed "s/.*/'&'/" | paste -sd, -)
expect_eq "$(sql "SELECT COUNT(*) FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.username = 'liu.yang' AND c.code IN (${ASSIGNED:-''})")" "2" "the two customers assigned in bulk"
LQ="(SELECT id FROM users WHERE username = 'li.qiang')"
expect_eq "$(sql "SELECT status || ' ' || priority FROM tasks WHERE title = '给王总寄样品' AND assignee_id = $LQ")" "done high" "the task the rep completed"
expect_eq "$(sql "SELECT entity || ' ' || entity_id FROM tasks WHERE title = '电话回访'")" "customer $XSS_ID" "the task on the customer"
expect_eq "$(sql "SELECT status || ' ' || decision_reason FROM approvals WHERE kind = 'customer_transfer' AND entity_id = $XSS_ID")" "approved 同意，片区调整" "the approved transfer"
expect_eq "$(sql "SELECT u.username FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.id = $XSS_ID")" "zhang.wei" "the customer moved"
expect_eq "$(sql "SELECT COUNT(*) FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id WHERE w.code = 'WEBW-1'")" "1" "one survey response"
expect_eq "$(sql "SELECT a.value_a || '/' || a.value_b FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id WHERE q.code = 'speed'")" "5/3" "the pair as tapped"
expect_eq "$(sql "SELECT status || ' ' || member_count FROM campaigns WHERE code = 'WEB-C1'")" "launched $SH_COUNT" "the launched campaign"
expect_eq "$(sql "SELECT budget_fen FROM campaigns WHERE code = 'WEB-C1'")" "1200000" "its budget in fen"
expect_eq "$(sql "SELECT filter FROM segments WHERE code = 'WEB-SH'")" "city eq '上海市'" "the saved segment"
expect_eq "$(sql "SELECT points FROM points_ledger WHERE customer_id = $MEMBER AND reason = '补录线下消费'")" "150" "the adjustment"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER"
expect_eq "$?" "0" "the server stops cleanly on SIGTERM"
grep -q '"status":500' "$LOG" && fail "the server answered 500 (see $LOG)" || pass
finish
