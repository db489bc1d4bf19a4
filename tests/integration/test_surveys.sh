# Surveys end to end, on SQLite and (in the PostgreSQL pass) PostgreSQL: the CLI designer and
# templates, waves and the 6-month schedule, invitation links, the public fill-in API without a
# login (questionnaire, refused answers that change nothing, one response per token, a closed
# wave), results and comparison by CLI and API, the public page's files, and the ECSI data
# set imported into an ECSI wave reproducing the published PLS results.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export GUANXI_NOW=2026-03-10T04:00:00Z
LOG="$TEST_TMP/server.log"

run init
run user add admin display_name=管理员 role=admin
run user token admin
TOKEN=$(head -1 "$T_OUT")
run customer add kind=person name=王芳 mobile=13900000001
CUST=$(sql "SELECT code FROM customers LIMIT 1")

# --- designer and templates ---
run survey templates
expect_out "servqual22" "the templates are listed"
run survey create SM --template supermarket17 --template-lang zh
expect_status 0 "a survey from the course's 17-item questionnaire"
run survey show SM
expect_out "价格合理" "its first item"
expect_out "优惠活动多" "its 17th item"
run survey create SQ --template servqual22 --template-lang en
expect_status 0 "the SERVQUAL template"
run survey show SQ --format json
expect_out '"item": 22' "SERVQUAL items carry their numbers"
echo '{"code": "B", "title": "bad", "sections": [{"title": "s", "questions": [{"code": "x", "type": "rating", "text": "?"}]}]}' >"$TEST_TMP/bad.json"
run survey create B --file "$TEST_TMP/bad.json"
expect_status 1 "an unknown question type is refused"
expect_err "question 1 (x): unknown type" "the message names the question"
expect_eq "$(sql "SELECT COUNT(*) FROM surveys")" "2" "nothing stored for the refused survey"
run survey question SM --code nps --type nps --text "您会向朋友推荐本超市吗？" --section 1
expect_status 0 "an NPS question added to section 1"

# --- waves and invitations ---
run survey wave SM --code SM-2026H1 --opens 2026-03-01 --closes 2026-03-31
expect_status 0 "a wave"
run survey waves SM
expect_out "next wave by the schedule: 2026-09-01" "the next wave is 6 months later"
run survey invite SM-2026H1 --count 2 --format csv
expect_status 0 "two anonymous invitations"
T1=$(sed -n 2p "$T_OUT" | cut -d, -f2)
T2=$(sed -n 3p "$T_OUT" | cut -d, -f2)
expect_eq "${#T1}" "43" "a token is 43 URL-safe characters"
expect_eq "$(sql "SELECT COUNT(*) FROM survey_invitations WHERE token_hash = '$T1'")" "0" "tokens are stored hashed"
run survey invite SM-2026H1 --customers "$CUST" --format csv
T3=$(sed -n 2p "$T_OUT" | cut -d, -f2)
expect_out "$CUST" "a linked invitation names its customer"

# --- the public fill-in over HTTP ---
"$GUANXI" serve --listen 127.0.0.1:0 --web "$ROOT/web" 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -s -o /dev/null "$BASE/readyz" && break; sleep 0.1; done
req() {
	local m=$1 p=$2
	shift 2
	H_STATUS=$(curl -s -o "$T_OUT" -w '%{http_code}' -X "$m" "$BASE$p" "$@")
	: >"$T_ERR"
}
JSON=(-H "Content-Type: application/json")
AUTH=(-H "Authorization: Bearer $TOKEN")

req GET "/api/v1/public/survey?token=$T1"
expect_eq "$H_STATUS" "200" "the questionnaire opens without a login"
expect_out "价格合理" "with its items"
expect_no_out '"id"' "and no database ids"
req GET "/api/v1/public/survey?token=nope"
expect_eq "$H_STATUS" "404" "a bad token opens nothing"
req GET /survey.html
expect_eq "$H_STATUS" "200" "the fill-in page is served"
req GET /js/survey.js
expect_eq "$H_STATUS" "200" "with its script"

answers() {   # satisfaction of q3, nps
	local a='' i
	for i in $(seq 1 17); do
		s=4; [ "$i" -eq 3 ] && s=$1
		a="$a\"q$i\": [5, $s], "
	done
	printf '{"token": "%s", "answers": {%s"nps": %s, "gender": "female"}}' "$3" "$a" "$2"
}
BEFORE="$(sql "SELECT COUNT(*) FROM survey_responses")|$(sql "SELECT COUNT(*) FROM survey_answers")|$(sql "SELECT COUNT(*) FROM survey_invitations WHERE used_at IS NOT NULL")"
answers 6 9 "$T1" >"$TEST_TMP/a.json"
req POST /api/v1/public/survey "${JSON[@]}" -H "Accept-Language: zh-CN" --data-binary @"$TEST_TMP/a.json"
expect_eq "$H_STATUS" "400" "an answer off the scale is refused"
expect_out "q3" "the message names the question"
answers 4 "null" "$T1" >"$TEST_TMP/a.json"
req POST /api/v1/public/survey "${JSON[@]}" --data-binary @"$TEST_TMP/a.json"
expect_eq "$H_STATUS" "400" "a missing required answer is refused"
expect_out "question nps" "naming the question"
expect_out "an answer is required" "saying why"
AFTER="$(sql "SELECT COUNT(*) FROM survey_responses")|$(sql "SELECT COUNT(*) FROM survey_answers")|$(sql "SELECT COUNT(*) FROM survey_invitations WHERE used_at IS NOT NULL")"
expect_eq "$AFTER" "$BEFORE" "refused answers change nothing"
answers 4 9 "$T1" >"$TEST_TMP/a.json"
req POST /api/v1/public/survey "${JSON[@]}" --data-binary @"$TEST_TMP/a.json"
expect_eq "$H_STATUS" "201" "a valid response is stored"
req POST /api/v1/public/survey "${JSON[@]}" --data-binary @"$TEST_TMP/a.json"
expect_eq "$H_STATUS" "409" "the same token again is refused"
expect_out "already used" "saying the link was used"
answers 2 3 "$T3" >"$TEST_TMP/b.json"
req POST /api/v1/public/survey "${JSON[@]}" --data-binary @"$TEST_TMP/b.json"
expect_eq "$H_STATUS" "201" "the linked invitation's response"
expect_eq "$(sql "SELECT COUNT(*) FROM survey_responses WHERE customer_id IS NOT NULL")" "1" "it is linked to the customer"

# --- results over the API and the CLI ---
req GET /api/v1/survey-waves/1/results "${AUTH[@]}"
expect_eq "$H_STATUS" "200" "results"
expect_out '"responses":2' "two responses"
expect_out '"quadrant":"urgent"' "q3 (importance 5, satisfaction 3 on average) is urgent"
req GET /api/v1/survey-waves/1/results
expect_eq "$H_STATUS" "401" "results need a login"
run survey results SM-2026H1 --format json --part nps
expect_out '"nps": 0.0' "NPS of 9 and 3: one promoter, one detractor"
run survey results SM-2026H1 --format csv --part attributes
expect_out "q3,商品有特色、新鲜,5.000,3.000" "q3's means"

# --- a closed wave, the next wave and a comparison ---
run survey close SM-2026H1
expect_status 0 "close the wave"
answers 4 9 "$T2" >"$TEST_TMP/c.json"
req POST /api/v1/public/survey "${JSON[@]}" --data-binary @"$TEST_TMP/c.json"
expect_eq "$H_STATUS" "409" "a closed wave takes no answers"
expect_out "SM-2026H1 is closed" "the message names the wave"
req POST /api/v1/surveys/1/waves "${AUTH[@]}" "${JSON[@]}" -d '{"next": true, "code": "SM-2026H2"}'
expect_eq "$H_STATUS" "201" "the next wave by the schedule over the API"
expect_out '"opens_on":"2026-09-01"' "six months after the first"
export GUANXI_NOW=2026-09-05T04:00:00Z
printf '{"q1":[5,5],"q2":[5,5],"q3":[5,5],"q4":[5,5],"q5":[5,5],"q6":[5,5],"q7":[5,5],"q8":[5,5],"q9":[5,5],"q10":[5,5],"q11":[5,5],"q12":[5,5],"q13":[5,5],"q14":[5,5],"q15":[5,5],"q16":[5,5],"q17":[5,5],"nps":10}' >"$TEST_TMP/d.json"
run survey fill "$TEST_TMP/d.json" --wave SM-2026H2
expect_status 0 "a paper form entered into the new wave"
run survey compare SM-2026H1 SM-2026H2 --format csv --part summary
expect_out "satisfaction index" "the comparison lists the index"
run survey wave SQ --code SQ-W1
run survey compare SM-2026H1 SQ-W1
expect_status 1 "waves of two surveys do not compare"

# --- the designer over the API, hostile bodies, and a token raced by five submissions ---
req POST /api/v1/surveys "${AUTH[@]}" "${JSON[@]}" -d '{"code": "K", "template": "kano", "template_lang": "en", "anonymous": true}'
expect_eq "$H_STATUS" "201" "a survey from a template over the API"
expect_out '"anonymous":true' "anonymous"
KID=$(grep -o '"schedule_months":[0-9]*,"id":[0-9]*' "$T_OUT" | sed 's/.*"id"://')
req POST "/api/v1/surveys/$KID/questions" "${AUTH[@]}" "${JSON[@]}" -d '{"code": "nps", "type": "nps", "text": "Recommend?", "section": 1}'
expect_eq "$H_STATUS" "201" "a question added over the API"
expect_out '"code":"nps"' "it is in the questionnaire"
N_SURVEYS=$(sql "SELECT COUNT(*) FROM surveys")
for body in '{' '[]' '{"code": "X", "template": "nope"}' '{"code": "X y", "title": "t", "sections": [{"title": "s", "questions": [{"code": "q", "type": "text", "text": "?"}]}]}' \
            '{"code": "X", "title": "t", "sections": "no"}'; do
	req POST /api/v1/surveys "${AUTH[@]}" "${JSON[@]}" -d "$body"
	expect_eq "$H_STATUS" "400" "a bad survey body is refused: $body"
done
expect_eq "$(sql "SELECT COUNT(*) FROM surveys")" "$N_SURVEYS" "and none is stored"
req POST "/api/v1/surveys/$KID/waves" "${AUTH[@]}" "${JSON[@]}" -d '{"code": "K-W1", "opens_on": "2026-03-01", "closes_on": "2026-02-01"}'
expect_eq "$H_STATUS" "400" "a wave closing before it opens is refused"
req POST "/api/v1/surveys/$KID/waves" "${AUTH[@]}" "${JSON[@]}" -d '{"code": "K-W1", "opens_on": "2026-03-01"}'
expect_eq "$H_STATUS" "201" "a wave over the API"
KW=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$T_OUT")
req POST "/api/v1/survey-waves/$KW/invitations" "${AUTH[@]}" "${JSON[@]}" -d '{"count": 0}'
expect_eq "$H_STATUS" "400" "zero invitations are refused"
req POST "/api/v1/survey-waves/$KW/invitations" "${AUTH[@]}" "${JSON[@]}" -d '{"count": 1}'
expect_eq "$H_STATUS" "201" "one invitation over the API"
KT=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$T_OUT")
KANO='{"k_delivery":[1,5],"k_selfcheckout":[1,3],"k_mobilepay":[2,5],"k_points":[3,3],"k_parking":[1,4],"k_fresh":[2,5],"nps":8}'
RACERS=()
for i in 1 2 3 4 5; do
	curl -s -o /dev/null -w '%{http_code}\n' -X POST "$BASE/api/v1/public/survey" "${JSON[@]}" \
		-d "{\"token\": \"$KT\", \"answers\": $KANO}" >>"$TEST_TMP/race" &
	RACERS+=($!)
done
wait "${RACERS[@]}"
echo "racing statuses: $(sort "$TEST_TMP/race" | uniq -c | tr '\n' ' ')"
expect_eq "$(grep -c 201 "$TEST_TMP/race")/$(grep -c 409 "$TEST_TMP/race")" "1/4" "five racing submissions of one token: one stored, four refused"
expect_eq "$(sql "SELECT COUNT(*) FROM survey_responses WHERE wave_id = $KW AND customer_id IS NULL AND invitation_id IS NULL")" "1" "the anonymous response names nobody"
req POST "/api/v1/surveys/$KID/questions" "${AUTH[@]}" "${JSON[@]}" -d '{"code": "late", "type": "text", "text": "?"}'
expect_eq "$H_STATUS" "409" "no new question once answered"

# --- the ECSI data set (shared/data/ecsi, copied to tests/data) imported into an ECSI wave ---
run survey create EC --template ecsi
run survey wave EC --code EC-W1
head -3 "$GUANXI_TEST_DATA/ecsi_satisfaction.csv" | sed '3s/^"2",9,9,10/"2",9,9,11/' >"$TEST_TMP/ecsi-bad.csv"
run survey import EC-W1 "$TEST_TMP/ecsi-bad.csv"
expect_status 1 "a file with one answer off the scale is refused"
expect_err "line 3: question imag3" "naming the line and the question"
expect_eq "$(sql "SELECT COUNT(*) FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id WHERE w.code = 'EC-W1'")" "0" "nothing imported"
run survey import EC-W1 "$GUANXI_TEST_DATA/ecsi_satisfaction.csv"
expect_status 0 "the 250 ECSI respondents"
expect_out "250 responses imported" "all of them"
run survey results EC-W1 --part pls_paths --format csv
expect_out "imag,sat,0.2007" "IMAG → SAT as published (MODELS.md M7)"
expect_out "val,sat,0.5893" "VAL → SAT as published"
run survey results EC-W1 --part pls_latent --format csv
expect_out "sat,0.7073" "R² of SAT as published"

# --- the complaints variable from the ticket store (MODELS.md M7, seed000) ---
req GET "/api/v1/survey-waves/$(sql "SELECT id FROM survey_waves WHERE code = 'EC-W1'")/results?complaints=tickets" "${AUTH[@]}"
expect_eq "$H_STATUS" "200" "complaints from tickets with no respondent linked to a customer"
expect_out '"dropped":250' "every public response is left out, and counted"
expect_out '"note":' "the model is not fitted, and says why"
run customer add kind=person name=李娜 mobile=13900000002
run customer add kind=person name=张伟 mobile=13900000003
C1=$(sql "SELECT id FROM customers ORDER BY id LIMIT 1")
C2=$(sql "SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 1")
C3=$(sql "SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET 2")
EW=$(sql "SELECT id FROM survey_waves WHERE code = 'EC-W1'")
sql "UPDATE survey_responses SET customer_id = CASE id % 3 WHEN 0 THEN $C1 WHEN 1 THEN $C2 ELSE $C3 END WHERE wave_id = $EW AND id % 10 <> 0"
run ticket add "$C2" channel=phone subject=送货延迟 formality=formal "received_at=2026-09-05 09:00"
run ticket add "$C3" channel=phone subject=服务态度 formality=formal "received_at=2026-09-05 09:30"
run ticket add "$C3" channel=wechat subject=抱怨价格 formality=informal "received_at=2026-09-05 10:00"
run ticket add "$C3" channel=phone subject=旧投诉 "received_at=2026-08-01 10:00"
expect_status 0 "complaint tickets for two of the three customers"
req GET "/api/v1/survey-waves/$EW/results?complaints=tickets&complaints_lv=comp" "${AUTH[@]}"
expect_eq "$H_STATUS" "200" "the ECSI wave with its complaints from tickets"
expect_out '"complaints":{"source":"tickets","lv":"comp","from":"2026-09-05","to":"2026-10-05","dropped":25}' "the window is the wave's period; 25 responses have no customer"
expect_out '"observations":225' "225 respondents in the model"
expect_out '"from":"sat","to":"comp"' "complaints sit between satisfaction and loyalty"
req GET "/api/v1/survey-waves/$EW/results?complaints=tickets&complaints_window_days=7" "${AUTH[@]}"
expect_out '"from":"2026-09-29","to":"2026-10-05"' "a 7-day window ending on the close"
for q in complaints=bogus complaints_window_days=3 "complaints=tickets&complaints_window_days=-1" "complaints=tickets&complaints_lv=A%20B"; do
	req GET "/api/v1/survey-waves/$EW/results?$q" "${AUTH[@]}"
	expect_eq "$H_STATUS" "400" "a bad complaints option is refused: $q"
done
run survey results EC-W1 --complaints tickets --part pls_complaints --format csv
expect_out "comp,2026-09-05,2026-10-05,25" "the CLI shows the window and the dropped responses"
run survey results EC-W1 --part pls_paths --format csv
expect_out "val,sat,0.5893" "without the option the survey items still give the published paths"

kill -TERM "$SERVER" 2>/dev/null
wait "$SERVER" 2>/dev/null
finish
