# Order-line import (DECISIONS.md "Import and export"): new orders, owners and departments at
# placement, costs from the product, line numbers given or not, an order spread over the file,
# an order re-imported, bad orders rejected whole, the customers' last contact — the same with
# small batches, and in bulk mode. Most new orders take the importer's fast path (src/app/import_orders.c) and
# the rest app_order_save: the stored result must not show which.
. "$(dirname "$0")/lib.sh"
D=$TEST_TMP

run init
run department add D1 name=华东
run department add D2 name=华南
run user add wang display_name=王芳 role=sales department_id=D1
run user add li display_name=李强 role=sales department_id=D2
expect_status 0 "users with departments"
printf '客户编号,客户名称,手机,客户经理\nK1,张伟,13800000001,wang\nK2,李娜,13800000002,\nK3,王磊,13800000003,\n' > "$D/c.csv"
run import customers "$D/c.csv"
expect_out "3 created" "three customers"
run customer delete K3
expect_status 0 "K3 goes to the recycle bin"
printf '产品编号,产品名称,单价,成本\nP1,茶叶,100,60\nP2,茶具,50,10\n' > "$D/p.csv"
run import products "$D/p.csv"
expect_out "2 created" "two products"
printf '订单编号,客户,下单时间,产品编号,数量,单价\nE1,K2,2025-03-01 10:00,P1,1,100\n' > "$D/e1.csv"
run import orders "$D/e1.csv"
expect_out "1 created" "E1 exists before the big file"

cat > "$D/orders.csv" <<'CSV'
订单编号,客户,下单时间,销售员,产品编号,数量,单价,行号,行成本
N1,K1,2025-04-01 10:00,,P1,2,100,,
N1,K1,2025-04-01 10:00,,P2,1,50,,
N2,K2,2025-04-01 11:00,li,P2,3,50,,
N3,K2,2025-04-01 12:00,,P1,1,100,5,
N3,K2,2025-04-01 12:00,,P2,1,50,2,
N4,K3,2025-04-01 12:00,,P1,1,100,,
N5,K1,2025-06-01 12:00,,P1,1,100,1,
N5,K1,2025-06-01 12:00,,P2,1,50,1,
N6,K1,2025-04-03 10:00,,P1,1,100,,
N7,K2,2025-04-03 10:00,,P2,1,50,,
N6,K1,2025-04-03 10:00,,P2,2,50,,
N8,K1,2025-04-02 10:00,,P1,1,100,,77
E1,K2,2025-04-05 10:00,,P2,4,50,,
CSV
for i in 1 2 3 4 5 6 7 8 9 10; do   # an order of more lines than are written in one statement
	printf 'N9,K2,2025-04-04 10:00,,P1,1,100,,\n' >> "$D/orders.csv"
done

# Every stored order line with its order, as one text to compare.
orders_digest() {
	sql "SELECT o.order_no || ' ' || c.code || ' ' || o.ordered_at || ' ' || o.order_date || ' ' ||
	            COALESCE(u.username, '-') || ' ' || COALESCE(d.code, '-') || ' ' || o.amount_fen || ' ' ||
	            o.cost_fen || ' ' || o.kind || ' ' || o.status || ' ' || o.credit_form || ' | ' ||
	            l.line_no || ' ' || p.sku || ' ' || l.quantity || ' ' || l.unit_price_fen || ' ' ||
	            l.amount_fen || ' ' || l.cost_fen
	     FROM orders o JOIN customers c ON c.id = o.customer_id
	     JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
	     LEFT JOIN users u ON u.id = o.owner_id LEFT JOIN departments d ON d.id = o.department_id
	     ORDER BY o.order_no, l.line_no"
}
EXPECTED='E1 K2 2025-04-05T02:00:00Z 2025-04-05 - - 20000 4000 sale completed cash | 1 P2 4 5000 20000 4000
N1 K1 2025-04-01T02:00:00Z 2025-04-01 wang D1 25000 13000 sale completed cash | 1 P1 2 10000 20000 12000
N1 K1 2025-04-01T02:00:00Z 2025-04-01 wang D1 25000 13000 sale completed cash | 2 P2 1 5000 5000 1000
N2 K2 2025-04-01T03:00:00Z 2025-04-01 li D2 15000 3000 sale completed cash | 1 P2 3 5000 15000 3000
N3 K2 2025-04-01T04:00:00Z 2025-04-01 - - 15000 7000 sale completed cash | 2 P2 1 5000 5000 1000
N3 K2 2025-04-01T04:00:00Z 2025-04-01 - - 15000 7000 sale completed cash | 5 P1 1 10000 10000 6000
N6 K1 2025-04-03T02:00:00Z 2025-04-03 wang D1 20000 8000 sale completed cash | 1 P1 1 10000 10000 6000
N6 K1 2025-04-03T02:00:00Z 2025-04-03 wang D1 20000 8000 sale completed cash | 2 P2 2 5000 10000 2000
N7 K2 2025-04-03T02:00:00Z 2025-04-03 - - 5000 1000 sale completed cash | 1 P2 1 5000 5000 1000
N8 K1 2025-04-02T02:00:00Z 2025-04-02 wang D1 10000 7700 sale completed cash | 1 P1 1 10000 10000 7700'
for i in 1 2 3 4 5 6 7 8 9 10; do
	EXPECTED="$EXPECTED
N9 K2 2025-04-04T02:00:00Z 2025-04-04 - - 100000 60000 sale completed cash | $i P1 1 10000 10000 6000"
done

# checks FILE_OPTS…: the import of orders.csv and what it leaves (on a database holding E1)
checks() {
	run import orders "$D/orders.csv" "$@"
	expect_status 1 "the import reports its rejected rows ($*)"
	expect_out "7 created, 2 updated, 3 rejected" "N1 N2 N3 N6 N7 N8 N9 created; N6's second part and E1 updated; N4 and N5 rejected ($*)"
	expect_eq "$(orders_digest)" "$EXPECTED" "orders and lines as app_order_save writes them ($*)"
	expect_eq "$(sql "SELECT COUNT(*) FROM orders WHERE order_no IN ('N4', 'N5')")" "0" "bad orders not written ($*)"
	grep -q 'recycle bin.*N4,K3' "$D/orders.csv.rejected.csv" && pass || fail "N4: its customer is in the recycle bin ($*)"
	grep -q 'appears twice.*N5,K1' "$D/orders.csv.rejected.csv" && pass || fail "N5: a line number given twice ($*)"
	expect_eq "$(sql "SELECT code || ' ' || last_touch_at FROM customers WHERE code IN ('K1', 'K2') ORDER BY code")" \
		"K1 2025-04-03T02:00:00Z
K2 2025-04-05T02:00:00Z" "last contact = the latest order written, not the rejected N5 ($*)"
	expect_eq "$(sql "SELECT COUNT(*) FROM orders WHERE job_id = (SELECT MAX(id) FROM jobs)")" "8" "the orders written point to the import's job ($*)"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE job_id = (SELECT MAX(id) FROM jobs)")" "1" "one audit row for the import ($*)"
}

checks
# The same in batches of two rows (a commit inside N3, N5 and N6): back to the state before.
sql "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE order_no LIKE 'N%')" >/dev/null
sql "DELETE FROM orders WHERE order_no LIKE 'N%'" >/dev/null
run import orders "$D/e1.csv"
expect_out "1 updated" "E1 back to its first lines"
sql "UPDATE customers SET last_touch_at = NULL" >/dev/null
checks --batch 2
# The same in bulk mode (SQLite: one transaction, the fast path's orders written behind several
# per statement with ids given by the importer; PostgreSQL has no bulk mode and imports as above).
sql "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE order_no LIKE 'N%')" >/dev/null
sql "DELETE FROM orders WHERE order_no LIKE 'N%'" >/dev/null
run import orders "$D/e1.csv"
expect_out "1 updated" "E1 back to its first lines (before bulk)"
sql "UPDATE customers SET last_touch_at = NULL" >/dev/null
checks --bulk on
expect_eq "$(sql "SELECT COUNT(*) FROM orders o WHERE amount_fen <> (SELECT SUM(amount_fen) FROM order_lines WHERE order_id = o.id)")" \
	"0" "bulk: every order's lines are its own"
# Bulk mode in batches of two rows: the orders are written after each batch, the customers'
# last contact once at the end of the load, the latest of all batches.
sql "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE order_no LIKE 'N%')" >/dev/null
sql "DELETE FROM orders WHERE order_no LIKE 'N%'" >/dev/null
run import orders "$D/e1.csv"
expect_out "1 updated" "E1 back to its first lines (before bulk in batches)"
sql "UPDATE customers SET last_touch_at = NULL" >/dev/null
checks --bulk on --batch 2

# --all-or-nothing: the rejected rows roll everything back, the new orders included.
sql "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE order_no LIKE 'N%')" >/dev/null
sql "DELETE FROM orders WHERE order_no LIKE 'N%'" >/dev/null
run import orders "$D/orders.csv" --all-or-nothing
expect_status 1 "all or nothing with bad rows"
expect_eq "$(sql "SELECT COUNT(*) FROM orders WHERE order_no LIKE 'N%'")" "0" "no new order kept"
run import orders "$D/orders.csv" --all-or-nothing --bulk on
expect_status 1 "all or nothing with bad rows, bulk"
expect_eq "$(sql "SELECT COUNT(*) FROM orders WHERE order_no LIKE 'N%'")" "0" "no new order kept, bulk"

finish
