# The total of a list answer (src/http/json_record.c http_list): exact up to 1,000 matches,
# then 1000 with total_capped true (counting every match of a broad filter on a million rows
# cost more than the page: bench/RESULTS.md "HTTP API"); ?total=exact counts them all,
# X-No-Total none; a bad total value is refused. Also that the list page's own filters (city,
# key account) answer the same rows as before their indexes existed (migration 0018).
. "$(dirname "$0")/lib.sh"
LOG="$TEST_TMP/server.log"
run init
run user add admin display_name=管理员 role=admin
run user token admin --name tests
TOKEN=$(head -1 "$T_OUT")

# 1,003 customers in 宁波 (every seventh a key account), 2 in 温州.
{
	echo "code,name,city,mobile,key_account"
	for i in $(seq 1 1003); do
		ka=false; [ $((i % 7)) -eq 0 ] && ka=true
		printf 'N%04d,宁波客户%04d,宁波,137%08d,%s\n' "$i" "$i" "$i" "$ka"
	done
	printf 'W0001,温州客户1,温州,13600000001,false\nW0002,温州客户2,温州,13600000002,true\n'
} >"$TEST_TMP/c.csv"
run import customers "$TEST_TMP/c.csv"
expect_status 0 "import of 1,005 customers"

"$GUANXI" serve --listen 127.0.0.1:0 --no-background 2>"$LOG" &
SERVER=$!
PORT=
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG")
	[ -n "$PORT" ] && break
	sleep 0.1
done
B="http://127.0.0.1:$PORT/api/v1"
get() {   # get PATH [curl args…]: body to $T_OUT, status in $CODE
	local path=$1
	shift
	CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -G "$@" "$B$path")
}

get /customers --data-urlencode "limit=10"
expect_eq "$CODE:$(jq -c '[.total, .total_capped, (.items | length)]' "$T_OUT")" "200:[1000,true,10]" \
	"more than 1,000 matches: total 1000, capped"
get /customers --data-urlencode "limit=10" --data-urlencode "total=exact"
expect_eq "$CODE:$(jq -c '[.total, .total_capped]' "$T_OUT")" "200:[1005,false]" "total=exact counts every match"
get /customers --data-urlencode "filter=city eq '宁波'" --data-urlencode "total=exact" --data-urlencode "limit=1"
expect_eq "$(jq -c '[.total, .total_capped]' "$T_OUT")" "[1003,false]" "… with a filter too"
get /customers --data-urlencode "filter=city eq '宁波' and key_account eq true" --data-urlencode "limit=1000" --data-urlencode "fields=code"
expect_eq "$(jq -c '[.total, .total_capped, (.items | length), .items[0].code, .items[-1].code]' "$T_OUT")" \
	'[143,false,143,"N0007","N1001"]' "1,000 or fewer matches: the exact total, not capped, rows in id order"
get /customers --data-urlencode "filter=city eq '温州'" --data-urlencode "fields=code,key_account"
expect_eq "$(jq -c '[.total, .total_capped, [.items[] | [.code, .key_account]]]' "$T_OUT")" \
	'[2,false,[["W0001",false],["W0002",true]]]' "the city filter finds its two rows"
get /customers --data-urlencode "filter=key_account eq true and city in ('温州')" --data-urlencode "fields=code"
expect_eq "$(jq -c '[.total, [.items[].code]]' "$T_OUT")" '[1,["W0002"]]' "key account and city"
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'X-No-Total: 1' "$B/customers?limit=1")
expect_eq "$CODE:$(jq -c 'has("total") or has("total_capped")' "$T_OUT")" "200:false" "X-No-Total: no total at all"
get /customers --data-urlencode "total=all"
expect_eq "$CODE:$(jq -r .error.field "$T_OUT")" "400:total" "total=all is refused, naming the parameter"

# The cursor pages through all 1,003 宁波 rows whatever the total says.
n=0; cursor=
while :; do
	if [ -n "$cursor" ]; then
		get /customers --data-urlencode "filter=city eq '宁波'" --data-urlencode "limit=1000" --data-urlencode "fields=code" --data-urlencode "cursor=$cursor" -H 'X-No-Total: 1'
	else
		get /customers --data-urlencode "filter=city eq '宁波'" --data-urlencode "limit=1000" --data-urlencode "fields=code" -H 'X-No-Total: 1'
	fi
	n=$((n + $(jq '.items | length' "$T_OUT")))
	cursor=$(jq -r '.next_cursor // empty' "$T_OUT")
	[ -z "$cursor" ] && break
done
expect_eq "$n" "1003" "cursor paging reaches every row"

# Search reads its hits' records one query per entity (src/http/catalog.c h_search): the hits
# keep their order and codes, and a customer moved to the recycle bin is not among them.
get /search --data-urlencode "q=宁波客户100"
expect_eq "$CODE:$(jq -c '[[.items[] | .entity + ":" + .code + ":" + .name], .more]' "$T_OUT")" \
	'200:[["customer:N1000:宁波客户1000","customer:N1001:宁波客户1001","customer:N1002:宁波客户1002","customer:N1003:宁波客户1003"],false]' \
	"search: four hits with their codes and names"
DEL=$(sql "SELECT id FROM customers WHERE code = 'N1001'")
CODE=$(curl -s -o "$T_OUT" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -X DELETE "$B/customers/$DEL")
expect_eq "$CODE" "204" "N1001 to the recycle bin"
get /search --data-urlencode "q=宁波客户100"
expect_eq "$(jq -c '[.items[].code]' "$T_OUT")" '["N1000","N1002","N1003"]' "… and no longer found"
get /search --data-urlencode "q=宁波客户"
expect_eq "$(jq -c '[(.items | length), .more]' "$T_OUT")" '[50,true]' "a broad search: 50 hits and more"

kill -TERM "$SERVER"
wait "$SERVER" 2>/dev/null
finish
