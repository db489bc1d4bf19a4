#!/usr/bin/env bash
# guanxi export orders over several pages (src/app/export.c reads 500 records a page, each
# page's order lines in a few statements, reference codes once): 1,201 orders of two lines,
# one order whose line numbers run against the line ids, one order without lines. The CSV
# must hold every line once, orders in id order, lines in line-number order, an order without
# lines as one row, and the customer and product codes of every row — the same rows a join in
# SQL gives. Runs on SQLite and, in the runner's second pass, on PostgreSQL.
. "$(dirname "$0")/lib.sh"

run init
expect_status 0 "init"
D="$TEST_TMP/data"
mkdir -p "$D"
printf 'Code,Kind,Name\nK1,person,王伟\nK2,organization,上海茶叶有限公司\n' > "$D/c.csv"
run import customers "$D/c.csv"
expect_out "2 created" "customers"
printf 'SKU,Name,Price\nP1,龙井,12.50\nP2,茶具,399\n' > "$D/p.csv"
run import products "$D/p.csv"
expect_out "2 created" "products"
{
	printf 'Order no.,Customer,Order time,Product,Quantity,Unit price\n'
	for i in $(seq 1 1201); do
		n=$(printf 'O%04d' "$i")
		k=K$((i % 2 + 1))
		printf '%s,%s,2025-03-01 10:00,P1,%d,12.50\n%s,%s,2025-03-01 10:00,P2,1,399\n' "$n" "$k" "$i" "$n" "$k"
	done
} > "$D/o.csv"
run import orders "$D/o.csv"
expect_out "1201 created" "1,201 orders of two lines"
# O0005: line 1 is now the later line id; O0007 loses its lines
sql "UPDATE order_lines SET line_no = line_no + 10 WHERE order_id = (SELECT id FROM orders WHERE order_no = 'O0005')" >/dev/null
sql "UPDATE order_lines SET line_no = 13 - line_no WHERE order_id = (SELECT id FROM orders WHERE order_no = 'O0005')" >/dev/null
sql "DELETE FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE order_no = 'O0007')" >/dev/null

run export orders "$D/out.csv"
expect_status 0 "export of 1,201 orders"
expect_eq "$(grep -c '' "$D/out.csv")" "$((1 + 1201 * 2 - 1))" "a row per line, one for the order without lines, and the header"
# order no., customer code, product code, quantity of every row, as the CSV has them
python3 - "$D/out.csv" > "$D/got.txt" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
h = rows[0]
cols = [h.index("Order no."), h.index("Customer"), h.index("Product"), h.index("Quantity")]
for r in rows[1:]:
    print("|".join(r[c] for c in cols))
PY
sql "SELECT o.order_no || '|' || c.code || '|' || COALESCE(p.sku, '') || '|' || COALESCE(CAST(l.quantity AS TEXT), '')
     FROM orders o JOIN customers c ON c.id = o.customer_id
     LEFT JOIN order_lines l ON l.order_id = o.id LEFT JOIN products p ON p.id = l.product_id
     ORDER BY o.id, l.line_no" > "$D/want.txt"
expect_eq "$(wc -l < "$D/want.txt")" "2401" "the join has the same number of rows"
if cmp -s "$D/got.txt" "$D/want.txt"; then pass; else
	fail "export rows differ from the join: $(diff "$D/got.txt" "$D/want.txt" | head -5 | tr '\n' ' ')"
fi
expect_eq "$(grep -c '^O0005|' "$D/got.txt")" "2" "the reordered order has its two lines"
expect_eq "$(grep '^O0005|' "$D/got.txt" | head -1 | cut -d'|' -f3)" "P2" "in line-number order, not id order"
expect_eq "$(grep '^O0007|' "$D/got.txt")" "O0007|K2||" "the order without lines is one row with empty line columns"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'export'")" "1" "the export is audited"

finish
