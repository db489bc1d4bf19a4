# Bulk mode of the customer import (include/guanxi/bulk_store.h, SQLite): the same file imported
# with --bulk on and with --bulk off into two databases that hold the same seed customers must
# give exactly the same database — customers (every column but the clock's), tags, roles,
# rejected rows and their reasons, the job and audit rows, the search documents, the answers of
# searches, and the indexes (the dropped ones are all back, with the same definitions). The file
# mixes new rows, updates by code, a duplicate phone of a stored customer and of an earlier row,
# a bad e-mail, generated codes and Chinese names (pinyin in the search index). --bulk auto picks
# bulk for a file at least as large as the table (and ≥ 5000 rows), not for a small one.
# On PostgreSQL, which has no bulk mode, --bulk on imports row by row with the same counts.
. "$(dirname "$0")/lib.sh"
D=$TEST_TMP

printf '客户编号,客户名称,手机,电子邮箱,标签\nS1,存量甲,13700000001,s1@x.cn,老客户\nS2,存量乙,13700000002,,\n' > "$D/seed.csv"
# 6,000 data rows: every 500th row updates S2 (update by code), row 700 repeats S1's mobile,
# row 900 repeats row 10's mobile, row 1100 has a bad e-mail, rows 1, 1001, … have no code.
awk 'BEGIN {
	srand(7); split("张 王 李 赵 陈 刘 杨 黄 周 吴 重 单", sn, " "); split("伟 芳 娜 敏 静 强 磊 军 洋 勇 庆 秀英", gn, " ")
	print "客户编号,客户名称,手机,电子邮箱,标签"
	for (i = 1; i <= 6000; i++) {
		code = sprintf("B%06d", i); mob = sprintf("139%08d", i); mail = sprintf("u%d@example.cn", i)
		name = sn[1 + (i * 7) % 12] gn[1 + (i * 11) % 12]; tag = (i % 3 == 0) ? "VIP;华东" : ""
		if (i % 500 == 0) { code = "S2"; mob = sprintf("136%08d", i); mail = "" }
		if (i == 700) mob = "13700000001"
		if (i == 900) mob = sprintf("139%08d", 10)
		if (i == 1100) mail = "not-an-email"
		if (i % 1000 == 1) code = ""
		printf "%s,%s,%s,%s,%s\n", code, name, mob, mail, tag
	}
}' > "$D/big.csv"

if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	run init
	run import customers "$D/seed.csv"
	run import customers "$D/big.csv" --bulk on
	expect_status 1 "rejected rows make exit 1"
	expect_out "5985 created, 12 updated, 3 rejected" "counts without a bulk mode"
	expect_no_out "bulk mode" "no bulk mode on PostgreSQL"
	expect_eq "$(sql "SELECT COUNT(*) FROM customers")" "5987" "customers"
	run search 13900000042
	expect_out "B000042" "a new customer is searchable"
	finish
	exit
fi

# import_into DB MODE: the seed, then the big file, into a fresh SQLite database.
import_into() {
	export GUANXI_DB=$1
	run init
	run import customers "$D/seed.csv"
	run import customers "$D/big.csv" --bulk "$2" --rejected "$1.rejected.csv"
}
import_into "$D/row.db" off
expect_status 1 "row path: rejected rows make exit 1"
expect_out "5985 created, 12 updated, 3 rejected" "row path counts"
expect_no_out "bulk mode" "row path says nothing of bulk"
import_into "$D/bulk.db" on
expect_status 1 "bulk: rejected rows make exit 1"
expect_out "5985 created, 12 updated, 3 rejected" "bulk counts"
expect_out "bulk mode" "bulk mode is reported"
expect_eq "$(cat "$D/bulk.db.rejected.csv")" "$(cat "$D/row.db.rejected.csv")" "the same rejected rows and reasons"

# dump DB: the content to compare, without the columns the clock fills.
dump() {
	local db=$1 cols
	cols=$(sqlite3 "$db" "SELECT group_concat(name, ',') FROM pragma_table_info('customers')
	                      WHERE name NOT IN ('created_at', 'updated_at', 'owner_since')")
	sqlite3 "$db" "SELECT $cols FROM customers ORDER BY id"
	sqlite3 "$db" "SELECT * FROM customer_tags ORDER BY 1, 2"
	sqlite3 "$db" "SELECT * FROM tags ORDER BY 1"
	sqlite3 "$db" "SELECT id, kind, user_id, status, params, counts, file_name, file_sha256, message FROM jobs ORDER BY id"
	sqlite3 "$db" "SELECT id, user_id, request_id, action, entity, entity_id, changes, job_id FROM audit_log ORDER BY id"
	sqlite3 "$db" "SELECT * FROM search_fts_content ORDER BY id"
	sqlite3 "$db" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
	sqlite3 "$db" "SELECT * FROM search_fts_config ORDER BY k"
}
dump "$D/row.db" > "$D/row.dump"
dump "$D/bulk.db" > "$D/bulk.dump"
expect_eq "$(wc -l < "$D/row.dump")" "$(wc -l < "$D/bulk.dump")" "dumps of the same length"
if cmp -s "$D/row.dump" "$D/bulk.dump"; then pass; else
	fail "bulk and row-by-row databases differ: $(diff "$D/row.dump" "$D/bulk.dump" | head -5)"
fi
expect_eq "$(sqlite3 "$D/bulk.db" "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'customers' AND type = 'index'")" \
	"$(sqlite3 "$D/row.db" "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'customers' AND type = 'index'")" "every index is back"
expect_eq "$(sqlite3 "$D/bulk.db" "PRAGMA integrity_check")" "ok" "bulk database: integrity check"
# (FTS5's own integrity check needs the gx tokenizer: tests/unit/test_import_bulk.c runs it.)
for q in 13900000042 u4321@example 张伟 zhangwei zw 老客户 B005999 C0000; do
	GUANXI_DB=$D/row.db run search "$q" --format csv
	want=$(cat "$T_OUT")
	GUANXI_DB=$D/bulk.db run search "$q" --format csv
	expect_eq "$(cat "$T_OUT")" "$want" "search '$q' answers the same"
done
GUANXI_DB=$D/bulk.db run search 13900000042
expect_out "B000042" "a bulk-imported customer is found by phone"
# The indexes are used again after the load: a filter on the owner plans with its index.
case "$(sqlite3 "$D/bulk.db" "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE owner_id = 1 AND deleted_at IS NULL")" in
*customers_owner*) pass ;;
*) fail "the owner index is not chosen after a bulk import" ;;
esac

# Orders in bulk (orders and order_lines' secondary indexes rebuilt after): 6,000 lines into
# the two databases above give the same orders, lines, customers' last contact, job and audit.
printf '产品编号,产品名称,单价,成本\nP1,茶叶,100,60\nP2,茶具,50,10\nP3,茶盘,80,30\n' > "$D/p.csv"
printf '订单编号,客户,下单时间,产品编号,数量,单价\nE1,S2,2025-03-01 10:00,P1,1,100\n' > "$D/e1.csv"
awk 'BEGIN {
	print "订单编号,客户,下单时间,产品编号,数量,单价"
	for (i = 1; i <= 6000; i++) {
		o = int((i + 1) / 2); no = sprintf("O%05d", o); cust = sprintf("B%06d", 1 + (o * 13) % 5000)
		if (cust ~ /000$/ || cust ~ /001$/) cust = "S1"                # (rows without codes, S2 updates)
		sku = "P" (1 + i % 3); day = sprintf("2025-%02d-%02d 1%d:00", 1 + o % 12, 1 + o % 28, i % 10)
		if (i == 300) sku = "P9"                                     # unknown product: rejected
		if (i == 400) cust = "NOBODY"                                # unknown customer: rejected
		if (i % 1000 == 0) { no = "O00007"; cust = sprintf("B%06d", 1 + (7 * 13) % 5000); day = "2025-08-08 10:00" }
		if (i == 5000) { no = "E1"; cust = "S2"; day = "2025-03-01 10:00" }   # re-imports E1
		printf "%s,%s,%s,%s,%d,%d\n", no, cust, day, sku, 1 + i % 4, (sku == "P2") ? 50 : 100
	}
}' > "$D/o.csv"
for m in row bulk; do
	export GUANXI_DB=$D/$m.db
	run import products "$D/p.csv"
	run import orders "$D/e1.csv"
	run import orders "$D/o.csv" --bulk $( [ $m = bulk ] && echo on || echo off ) --rejected "$D/$m.o.rejected.csv"
	cp "$T_OUT" "$D/$m.o.out"
done
expect_eq "$(grep -c 'bulk mode' "$D/bulk.o.out")" "1" "orders: bulk mode reported"
expect_eq "$(head -1 "$D/bulk.o.out" | sed "s/(job [0-9]*)//")" "$(head -1 "$D/row.o.out" | sed "s/(job [0-9]*)//")" "orders: the same summary"
expect_eq "$(cat "$D/bulk.o.rejected.csv")" "$(cat "$D/row.o.rejected.csv")" "orders: the same rejected lines"
odump() {
	local db=$1 cols
	cols=$(sqlite3 "$db" "SELECT group_concat(name, ',') FROM pragma_table_info('orders')
	                      WHERE name NOT IN ('created_at', 'updated_at')")
	sqlite3 "$db" "SELECT $cols FROM orders ORDER BY id"
	sqlite3 "$db" "SELECT * FROM order_lines ORDER BY id"
	cols=$(sqlite3 "$db" "SELECT group_concat(name, ',') FROM pragma_table_info('customers')
	                      WHERE name NOT IN ('created_at', 'updated_at', 'owner_since')")
	sqlite3 "$db" "SELECT $cols FROM customers ORDER BY id"
	sqlite3 "$db" "SELECT id, kind, user_id, status, params, counts, file_name, file_sha256, message FROM jobs ORDER BY id"
	sqlite3 "$db" "SELECT id, user_id, request_id, action, entity, entity_id, changes, job_id FROM audit_log ORDER BY id"
	sqlite3 "$db" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
}
odump "$D/row.db" > "$D/row.odump"
odump "$D/bulk.db" > "$D/bulk.odump"
expect_eq "$(sqlite3 "$D/bulk.db" "SELECT COUNT(*) > 2900 FROM orders")" "1" "orders: the orders are there"
if cmp -s "$D/row.odump" "$D/bulk.odump"; then pass; else
	fail "orders: bulk and row-by-row databases differ: $(diff "$D/row.odump" "$D/bulk.odump" | head -5)"
fi
expect_eq "$(sqlite3 "$D/bulk.db" "PRAGMA integrity_check")" "ok" "orders: bulk database integrity check"

# A file of plain cash sales never takes the general path, so the indexes only that path reads
# (orders_customer, orders_refund_of) are not built during the load, only at its end: they
# must be back all the same, with the definitions of a new database, and used by the planner.
export GUANXI_DB=$D/plain.db
run init
idx_sql="SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('orders', 'order_lines') ORDER BY name"
sqlite3 "$D/plain.db" "$idx_sql" > "$D/plain.idx.before"
run import products "$D/p.csv"
run import customers "$D/seed.csv"
awk 'BEGIN { print "订单编号,客户,下单时间,产品编号,数量,单价"
	for (i = 1; i <= 6000; i++) printf "P%05d,S%d,2025-%02d-01 10:00,P%d,1,100\n", i, 1 + i % 2, 1 + i % 12, 1 + i % 3 }' > "$D/plain.csv"
run import orders "$D/plain.csv" --bulk on
expect_out "6000 created, 0 updated, 0 rejected" "plain sales: every order created"
expect_out "bulk mode" "plain sales: bulk mode"
sqlite3 "$D/plain.db" "$idx_sql" > "$D/plain.idx.after"
if cmp -s "$D/plain.idx.before" "$D/plain.idx.after"; then pass; else
	fail "plain sales: the orders' indexes differ after the load: $(diff "$D/plain.idx.before" "$D/plain.idx.after" | head -5)"
fi
case "$(sqlite3 "$D/plain.db" "EXPLAIN QUERY PLAN SELECT id FROM orders WHERE refund_of = 7")" in
*orders_refund_of*) pass ;;
*) fail "plain sales: orders_refund_of is not chosen after the load" ;;
esac
expect_eq "$(sqlite3 "$D/plain.db" "PRAGMA integrity_check")" "ok" "plain sales: integrity check"

# auto: bulk for this file into a table of 2 rows; not for a 2-row file, nor once the table is
# larger than the file.
export GUANXI_DB=$D/auto.db
run init
run import customers "$D/seed.csv"
expect_no_out "bulk mode" "auto: a small file goes row by row"
run import customers "$D/big.csv"
expect_out "bulk mode" "auto: a file larger than the table goes in bulk"
sed 's/^B/R/; s/,139/,135/; s/@example/@other/' "$D/big.csv" | head -5001 > "$D/half.csv"
run import customers "$D/half.csv"
expect_out "4987 created, 10 updated, 3 rejected" "the 5000-row file is imported"
expect_no_out "bulk mode" "auto: a file smaller than the table goes row by row"
run import customers "$D/seed.csv" --bulk sometimes
expect_status 2 "--bulk takes auto, on or off"

finish
