# Browser test of the public survey page (tests/web/survey_test.mjs): a survey from the
# supermarket template with an NPS question, a wave and two invitation links made through the
# CLI, an ECSI wave for the results page's option "complaints from tickets", `guanxi serve` on a port it picks, headless Chromium on a phone viewport. Afterwards the
# database holds exactly the one response the browser sent, with its answers.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG="$TEST_TMP/server.log"
browser_prereqs
run init
run user add admin display_name=管理员 role=admin
echo "survey-admin-pw-1" | "$GUANXI" user passwd admin >/dev/null 2>&1
run survey create SM --template supermarket17 --template-lang zh
expect_status 0 "survey from the template"
run survey question SM --code nps --type nps --text "您会向朋友推荐本超市吗？" --section 1
run survey wave SM --code W1
expect_status 0 "a wave open from today"
run survey invite W1 --count 2 --format csv
TOKENS=$(sed -n '2,3p' "$T_OUT" | cut -d, -f2 | paste -sd, -)
# An ECSI wave of 30 respondents (the first rows of the ECSI data), 20 linked to two customers,
# one with two complaint tickets in the wave: the results page's "complaints from tickets".
run survey create EC --template ecsi
run survey wave EC --code EC-W1
head -31 "$GUANXI_TEST_DATA/ecsi_satisfaction.csv" >"$TEST_TMP/ecsi30.csv"
run survey import EC-W1 "$TEST_TMP/ecsi30.csv"
expect_status 0 "30 ECSI responses"
run customer add kind=person name=王芳 mobile=13900000001
run customer add kind=person name=李娜 mobile=13900000002
C1=$(sql "SELECT id FROM customers ORDER BY id LIMIT 1")
C2=$(sql "SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 1")
EC_WAVE=$(sql "SELECT id FROM survey_waves WHERE code = 'EC-W1'")
EC_SURVEY=$(sql "SELECT id FROM surveys WHERE code = 'EC'")
sql "UPDATE survey_responses SET customer_id = CASE id % 2 WHEN 0 THEN $C1 ELSE $C2 END WHERE wave_id = $EC_WAVE AND id % 3 <> 0"
run ticket add "$C2" channel=phone subject=送货延迟
run ticket add "$C2" channel=wechat subject=价格 formality=informal
expect_status 0 "two complaints of one customer"

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
	for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/readyz" && break; sleep 0.1; done
	mkdir -p "$ROOT/build/test-screenshots"
	BASE_URL="http://127.0.0.1:$PORT" TOKENS="$TOKENS" EC_WAVE="$EC_WAVE" EC_SURVEY="$EC_SURVEY" GX_PASS=survey-admin-pw-1 SHOT_DIR="$ROOT/build/test-screenshots" CHROMIUM="$CHROMIUM" \
		node "$ROOT/tests/web/survey_test.mjs" >"$T_OUT" 2>"$T_ERR"
	T_STATUS=$?
	cat "$T_OUT"
	expect_status 0 "the survey page in the browser"
	expect_out "web: " "the browser test ran"
fi
kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER" 2>/dev/null
expect_eq "$(sql "SELECT COUNT(*) FROM survey_responses WHERE wave_id <> $EC_WAVE")" "1" "one response stored"
expect_eq "$(sql "SELECT value_a || '/' || value_b FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id WHERE q.code = 'q3'")" "5/2" "q3 as tapped"
expect_eq "$(sql "SELECT a.text FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id WHERE q.code = 'worst'")" "<b>排队</b>太长" "text kept as typed"
expect_eq "$(sql "SELECT COUNT(*) FROM survey_invitations WHERE used_at IS NOT NULL")" "1" "one token spent"
finish
