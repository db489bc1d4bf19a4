# Group commit over HTTP (docs/architecture.md "Durability and group commit"): 48 concurrent
# creates, every 8th with a customer code already taken. On SQLite the writes share commits
# (the server's stop line counts fewer commits than writes); every 201 is stored and read back
# by the CLI (another connection) with the code its answer gave; each duplicate answers its own
# 409 and leaves the rest of its group stored. On PostgreSQL writes are not grouped (the
# backends share WAL flushes themselves) and the same answers hold.
. "$(dirname "$0")/lib.sh"
HELPER="$(dirname "$0")/helpers/gc_burst.py"
N=48

run init
run user add admin display_name=管理员 role=admin
run user token admin --name burst
TOKEN=$(head -1 "$T_OUT")
run customer add name=已有客户 code=TAKEN01
expect_status 0 "the customer whose code the duplicates reuse"

"$GUANXI" serve --listen 127.0.0.1:0 --threads 4 2>"$TEST_TMP/server.log" &
SRV=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TEST_TMP/server.log")
	[ -n "$PORT" ] && break
	sleep 0.1
done
[ -n "$PORT" ] || { fail "the server starts"; finish; }

python3 "$HELPER" "http://127.0.0.1:$PORT" "$TOKEN" "$N" TAKEN01 "$TEST_TMP/answers"
expect_eq "$(grep -c '^201 - C' "$TEST_TMP/answers")" "42" "42 creates answered 201 with a generated code"
expect_eq "$(grep -c '^409 TAKEN01 conflict$' "$TEST_TMP/answers")" "6" "6 duplicates answered 409 conflict, each on its own"
expect_eq "$(wc -l <"$TEST_TMP/answers")" "$N" "every request answered"

# A read right after the answers sees every acknowledged write (another connection).
curl -s -G -H "Authorization: Bearer $TOKEN" -o "$T_OUT" --data-urlencode "filter=name contains '并发客户'" \
	--data-urlencode limit=100 "http://127.0.0.1:$PORT/api/v1/customers"
expect_eq "$(grep -o '"code":"C[0-9]*"' "$T_OUT" | sort -u | wc -l)" "42" "a list after the answers shows the 42 new customers"

# A create whose name another customer has answers 201 with the record and a same-name hint
# (the writer splices it into the record's text: it must still be one valid JSON object).
curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -o "$T_OUT" \
	-w '%{http_code}' --data '{"name":"已有客户","mobile":"13912345678"}' "http://127.0.0.1:$PORT/api/v1/customers" >"$TEST_TMP/code"
expect_eq "$(cat "$TEST_TMP/code")" "201" "a create with a taken name is not blocked"
expect_eq "$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(o["name"], o["mobile"], list(o)[-1], [(d["code"], d["name"], d["reason"]) for d in o["similar"]])' "$T_OUT")" \
	"已有客户 13912345678 similar [('TAKEN01', '已有客户', 'name')]" "its answer: the record, then the namesake as a hint"

kill -TERM "$SRV"
wait "$SRV"
expect_eq "$?" "0" "the server stops cleanly"

awk '$1 == 201 { print $3 }' "$TEST_TMP/answers" | sort >"$TEST_TMP/acked"
sql "SELECT code FROM customers WHERE name LIKE '并发客户%'" | sort >"$TEST_TMP/present"
expect_eq "$(comm -3 "$TEST_TMP/acked" "$TEST_TMP/present" | wc -l)" "0" "exactly the 201 answers are stored, with the codes they answered"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code = 'TAKEN01'")" "1" "the taken code is still used once"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = 'customer'")" "44" "one audit row per stored create (42 + the first + the namesake), none for a refused one"

line=$(grep '^group commit:' "$TEST_TMP/server.log")
if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	expect_eq "$line" "" "PostgreSQL: writes are not routed through the writer thread"
else
	writes=$(echo "$line" | sed -n 's/^group commit: \([0-9]*\) writes in \([0-9]*\) commits.*/\1/p')
	commits=$(echo "$line" | sed -n 's/^group commit: \([0-9]*\) writes in \([0-9]*\) commits.*/\2/p')
	echo "server: $line"
	expect_eq "$writes" "$((N + 1))" "SQLite: all $((N + 1)) writes went through the writer"
	[ -n "$commits" ] && [ "$commits" -lt "$N" ] && pass || fail "SQLite: fewer commits than writes (got '$commits' for $N)"
fi
finish
