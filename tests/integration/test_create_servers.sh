# Concurrent creates over two servers on one database (docs/deploy.md "Transactions and
# isolation"): 64 POST /customers with distinct data sent at once, half to each `guanxi serve`,
# all answer 201 (none runs out of serialization retries: the code comes from the id sequence,
# same-name hints are read outside the transaction, and the duplicate check reads partial hash
# indexes on PostgreSQL), each under the code of its id; 16 creates of one mobile number at
# once, over both servers, leave exactly one customer (one 201, fifteen 409): the duplicate
# check stays exact under concurrency.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "curl is missing (scripts/deps.sh installs it)"; exit 1; }
cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap 'cleanup; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT

run init
run user add admin display_name=管理员 role=admin
run user token admin --name load
TOKEN=$(head -1 "$T_OUT")

start_server() {   # LOG: starts guanxi serve on a free port; sets PORT
	"$GUANXI" serve --listen 127.0.0.1:0 --threads 4 --no-background 2>"$1" &
	PORT=
	for _ in $(seq 1 100); do
		PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1" 2>/dev/null)
		[ -n "$PORT" ] && break
		sleep 0.1
	done
}
start_server "$TEST_TMP/s1.log"; B1="http://127.0.0.1:$PORT"
start_server "$TEST_TMP/s2.log"; B2="http://127.0.0.1:$PORT"

# post N TAG BODY-MAKER: N creates at once, odd ones to server 1, even ones to server 2; the
# status codes land in $TEST_TMP/TAG.codes, one per line
post() {
	local n=$1 tag=$2 maker=$3 i base pids=()
	for i in $(seq 1 "$n"); do
		base=$B1; [ $((i % 2)) -eq 0 ] && base=$B2
		curl -s -o "$TEST_TMP/$tag.$i.json" -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" \
			-H 'Content-Type: application/json' -d "$($maker "$i")" "$base/api/v1/customers" \
			>"$TEST_TMP/$tag.$i.code" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i"; done
	cat "$TEST_TMP/$tag".*.code >"$TEST_TMP/$tag.codes"
}
distinct() {   # the i-th of 64 different people: own name, own mobile, own e-mail
	printf '{"kind":"person","name":"并发客户%d","mobile":"1391234%04d","email":"p%d@example.cn","city":"苏州市"}' \
		"$1" "$1" "$1"
}
same_phone() {   # 16 different names, one mobile number
	printf '{"kind":"person","name":"同号客户%d","mobile":"13800138000"}' "$1"
}

post 64 distinct distinct
expect_eq "$(grep -c '^201$' "$TEST_TMP/distinct.codes")" "64" "64 concurrent creates of different customers over two servers all answer 201"
expect_eq "$(grep -vc '^201$' "$TEST_TMP/distinct.codes")" "0" "none answers 503 or anything else"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE name LIKE '并发客户%'")" "64" "all 64 are stored"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE name LIKE '并发客户%' AND (length(code) <> 9 OR CAST(substr(code, 2) AS INTEGER) <> id)")" \
	"0" "each has the code of its id (C + 8 digits)"
expect_eq "$(sql "SELECT COUNT(DISTINCT code) FROM customers")" "$(sql "SELECT COUNT(*) FROM customers")" "codes stay unique"

post 16 same same_phone
expect_eq "$(grep -c '^201$' "$TEST_TMP/same.codes")" "1" "16 concurrent creates of one mobile number: one answers 201"
expect_eq "$(grep -c '^409$' "$TEST_TMP/same.codes")" "15" "the other 15 answer 409 (duplicate)"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE mobile_norm = '13800138000'")" "1" "one customer has that number"
grep -l '"code":"conflict"' "$TEST_TMP"/same.*.json >/dev/null && pass || fail "the 409 answers say conflict"

# A code a user took by hand is skipped: the generated code moves on to the next id.
NEXT=$(sql "SELECT MAX(id) + 1 FROM customers")
HAND=$(printf 'C%08d' $((NEXT + 1)))
curl -s -o "$T_OUT" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	-d "{\"kind\":\"person\",\"name\":\"手工编号\",\"code\":\"$HAND\"}" "$B1/api/v1/customers"
expect_out "\"code\":\"$HAND\"" "a hand-made code ahead of the sequence is stored"
for i in 1 2 3; do
	curl -s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "{\"kind\":\"person\",\"name\":\"自动编号$i\"}" "$B2/api/v1/customers" >"$TEST_TMP/code"
	expect_eq "$(cat "$TEST_TMP/code")" "201" "generated code $i next to a hand-made one"
done
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code = '$HAND'")" "1" "the hand-made code is not given twice"
echo "requests run again after a serialization failure: $(cat "$TEST_TMP/s1.log" "$TEST_TMP/s2.log" | grep -c '"retries"')"
finish
