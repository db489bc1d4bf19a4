# Hostile input (issue "Server", "Checked by"): every route of the API gets SQL injection
# strings in every query parameter and path id, malformed, deeply nested, non-UTF-8 and 10 MB
# bodies, wrong types, unknown fields, huge cursors and limits; static paths try to leave the
# web directory; ten clients update one record with the same version at once
# (helpers/hostile.py). Every answer is a 4xx with the error shape (or a harmless 2xx for a
# read), never a 5xx, and — checked with `db checksum` — nothing in the database changed
# except by the one update that won. A `<script>` name is stored and returned as data.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
HELPER="$(dirname "$0")/helpers/hostile.py"
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

run init
run user add admin display_name=管理员 role=admin
run user token admin --name hostile
TOKEN=$(head -1 "$T_OUT")
run customer add "name=<script>alert(1)</script>" code=X1 mobile=13900001111
expect_status 0 "a customer whose name is a script tag is stored"
CID=$(sql "SELECT id FROM customers WHERE code = 'X1'")
run customer add name=李雷 code=X2

"$GUANXI" serve --listen 127.0.0.1:0 --threads 4 --no-background 2>"$TEST_TMP/server.log" &
SRV=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TEST_TMP/server.log")
	[ -n "$PORT" ] && break
	sleep 0.1
done
BASE="http://127.0.0.1:$PORT"

curl -s -H "Authorization: Bearer $TOKEN" -D "$TEST_TMP/h" -o "$T_OUT" "$BASE/api/v1/customers/$CID"
expect_out '"name":"<script>alert(1)</script>"' "the script tag comes back as the JSON string it was"
expect_eq "$(grep -i '^content-type' "$TEST_TMP/h" | tr -d '\r')" "Content-Type: application/json; charset=utf-8" "as JSON, never as HTML"

# What may change while hostile requests run: the token's last-use time, and the audit rows of
# exports (reads of personal data by export are audited, DECISIONS.md, hostile filters or not).
checksum() {
	"$GUANXI" db checksum --format csv 2>/dev/null | grep -v '^api_tokens,\|^audit_log,'
	sql "SELECT 'audit rows other than exports', COUNT(*) FROM audit_log WHERE action <> 'export'"
}
checksum >"$TEST_TMP/before"
python3 "$HELPER" "$BASE" "$TOKEN" "$CID" inputs >"$TEST_TMP/inputs.txt" 2>&1
grep '^FAIL' "$TEST_TMP/inputs.txt" | head -40
read -r _ P _ F _ < <(grep '^SUMMARY' "$TEST_TMP/inputs.txt") || { P=0; F=1; tail -5 "$TEST_TMP/inputs.txt"; }
echo "hostile inputs: $P passed, $F failed"
expect_eq "$F" "0" "every hostile input refused cleanly ($P checks)"
[ "$P" -gt 500 ] && pass || fail "the hostile suite ran its checks (got $P)"
head -c $((10 << 20)) /dev/zero | tr '\0' x | sed 's/^/{"name":"/; s/$/"}/' >"$TEST_TMP/10mb.json"
curl -s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	--data-binary "@$TEST_TMP/10mb.json" "$BASE/api/v1/customers" >"$TEST_TMP/code"
expect_eq "$(cat "$TEST_TMP/code")" "413" "a 10 MB body answers 413"
expect_out '"code":"too_large"' "with the too_large error"
checksum >"$TEST_TMP/after"
expect_eq "$(diff "$TEST_TMP/before" "$TEST_TMP/after" | head -5)" "" "the database is unchanged (db checksum of every table)"
[ "$(wc -l <"$TEST_TMP/before")" -gt 20 ] && pass || fail "the checksum covers the tables"

python3 "$HELPER" "$BASE" "$TOKEN" "$CID" conflict >"$TEST_TMP/conflict.txt" 2>&1
grep '^FAIL' "$TEST_TMP/conflict.txt"
expect_eq "$(grep -c '^FAIL' "$TEST_TMP/conflict.txt")" "0" "ten conflicting updates: one wins, nine get 409"
expect_eq "$(grep -c '^PASS\|^SUMMARY 2 passed' "$TEST_TMP/conflict.txt")" "1" "both conflict checks ran"
kill -TERM "$SRV"
wait "$SRV"
expect_eq "$?" "0" "the server stops cleanly"
expect_eq "$(grep -c '"status":5' "$TEST_TMP/server.log")" "0" "the access log has no 5xx"
finish
