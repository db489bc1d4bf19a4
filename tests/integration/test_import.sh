# Import and export: every importer's bad-input suite (DECISIONS.md "Import and export"):
# wrong encoding, BOM, CRLF, embedded newlines and quotes, missing required fields, invalid
# dates, negative and non-numeric money, duplicate keys, a 10 MB field, invalid UTF-8, an empty
# file, a binary file, an old Excel file; each asserts the error and that nothing else changed.
. "$(dirname "$0")/lib.sh"
D=$TEST_TMP

run init
run user add wang display_name=王芳 role=sales
run user add li display_name=李强 role=sales

count() { sql "SELECT COUNT(*) FROM $1"; }
snapshot() { sql "SELECT group_concat(code || '|' || name || '|' || COALESCE(city,''), ';') FROM (SELECT * FROM customers ORDER BY id) AS c"; }

# --- customers: a good file with BOM, CRLF, quotes and embedded newlines -------------------
printf '\xEF\xBB\xBF客户编号,客户名称,手机,城市,备注,客户经理,标签\r\nK1,张伟,13800000001,上海,"第一行\r\n第二行, 有逗号",wang,VIP;老客户\r\nK2,"李""娜""",13800000002,北京,,li,\r\n' > "$D/good.csv"
run import customers "$D/good.csv"
expect_status 0 "good UTF-8 file with BOM and CRLF imports"
expect_out "2 created" "two customers created"
expect_out "UTF-8" "the encoding used is named"
expect_eq "$(sql "SELECT notes FROM customers WHERE code = 'K1'")" "$(printf '第一行\r\n第二行, 有逗号')" "embedded newline and comma kept"
expect_eq "$(sql "SELECT name FROM customers WHERE code = 'K2'")" '李"娜"' "doubled quotes unescaped"
expect_eq "$(sql "SELECT u.username FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.code = 'K2'")" "li" "owner given by username"
expect_eq "$(sql "SELECT group_concat(t.name, ';') FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id JOIN customers c ON c.id = ct.customer_id WHERE c.code = 'K1'")" "VIP;老客户" "tags imported"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'import'")" "1" "one audit row for the import"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE job_id = (SELECT MAX(id) FROM jobs)")" "2" "imported rows point to their job"
expect_eq "$(sql "SELECT file_sha256 FROM jobs WHERE kind = 'import'")" "$(sha256sum "$D/good.csv" | cut -d' ' -f1)" "the job records the file hash"

run search 张伟 --format csv
expect_out "K1,张伟" "imported customers are in the search index (indexed at batch end)"

# re-running updates by code instead of duplicating
printf '客户编号,客户名称,城市\nK1,张伟,杭州\n' > "$D/update.csv"
run import customers "$D/update.csv"
expect_status 0 "re-import by code"
expect_out "1 updated" "the row updated"
expect_eq "$(count customers)" "2" "no duplicate created"
expect_eq "$(sql "SELECT city || '/' || mobile FROM customers WHERE code = 'K1'")" "杭州/13800000001" "changed cell updated, missing column kept"

before=$(snapshot)

# --- GB18030 as Excel writes it: auto-detected, and named --------------------------------
printf '客户编号,客户名称,城市\r\nG1,欧阳娜娜,深圳\r\n' | iconv -f UTF-8 -t GB18030 > "$D/gbk.csv"
run import customers "$D/gbk.csv"
expect_status 0 "GB18030 file imports"
expect_out "GB18030" "auto-detection names GB18030"
expect_eq "$(sql "SELECT name FROM customers WHERE code = 'G1'")" "欧阳娜娜" "converted to UTF-8"
sql "DELETE FROM customers WHERE code = 'G1'" >/dev/null
run import customers "$D/gbk.csv" --encoding utf-8
expect_status 1 "GB18030 bytes read as explicit UTF-8 fail"
expect_err "line" "the encoding error names the line"
expect_eq "$(snapshot)" "$before" "nothing changed"

# --- invalid UTF-8 that is not GB18030 either ----------------------------------------------
printf '客户编号,客户名称\nB1,\xff\xfe\xfd\n' > "$D/bad-bytes.csv"
run import customers "$D/bad-bytes.csv"
expect_status 1 "bytes that are neither UTF-8 nor GB18030 fail"
expect_err "line 2" "the error names the line"
expect_eq "$(snapshot)" "$before" "nothing changed"

# --- empty, binary, old Excel, missing file -------------------------------------------------
: > "$D/empty.csv"
run import customers "$D/empty.csv"
expect_status 1 "empty file"
expect_err "empty" "says the file is empty"
head -c 2000 /dev/urandom > "$D/binary.csv"; printf '\0\0\0' >> "$D/binary.csv"
run import customers "$D/binary.csv"
expect_status 1 "binary file"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest-of-an-old-workbook' > "$D/old.xls"
run import customers "$D/old.xls"
expect_status 1 "old .xls file"
expect_err ".xlsx" "asks to save as .xlsx or CSV"
run import customers "$D/nope.csv"
expect_status 1 "missing file"
expect_eq "$(snapshot)" "$before" "nothing changed by unreadable files"
expect_eq "$(sql "SELECT COUNT(*) FROM jobs WHERE status = 'done'")" "3" "no completed job for files that could not be read"

# --- header problems ------------------------------------------------------------------------
printf '城市,备注\n上海,x\n' > "$D/noname.csv"
run import customers "$D/noname.csv"
expect_status 1 "a required column missing"
expect_err "客户名称" "names the missing column"
printf 'foo,bar\n1,2\n' > "$D/nohdr.csv"
run import customers "$D/nohdr.csv"
expect_status 1 "no known column"
expect_err "header" "says the first row must be the header"

# --- row errors: each rejected with line and column, the rest imported ---------------------
{
	printf '客户编号,客户名称,手机,生日,家庭人数,电子邮箱\n'
	printf 'R1,好客户,13900000001,1990-05-06,3,a@b.cn\n'
	printf 'R2,,13900000002,,,\n'                      # missing name
	printf 'R3,坏生日,13900000003,2023-02-29,,\n'         # invalid date
	printf 'R4,坏人数,13900000004,,three,\n'              # not a number
	printf 'R5,坏邮箱,13900000005,,,not-an-email\n'      # bad e-mail
	printf 'R6,重复手机,13800000001,,,\n'                 # duplicate phone of K1
	printf 'R1,重复编号,13900000009,,,\n'                 # same code again: updates R1
} > "$D/rows.csv"
run import customers "$D/rows.csv"
expect_status 1 "a file with bad rows exits 1"
expect_out "1 created, 1 updated, 5 rejected" "counts"
expect_err "line 3, column 2: Name is required" "missing required field"
expect_err "line 4, column 4" "invalid date with its column"
expect_err "line 5, column 5" "non-numeric count"
expect_err "line 6, column 6" "bad e-mail"
expect_err "line 7" "duplicate phone"
expect_eq "$(sql "SELECT name FROM customers WHERE code = 'R1'")" "重复编号" "a repeated code updates the earlier row"
expect_eq "$(grep -c '' "$D/rows.csv.rejected.csv")" "6" "rejected file has the header and 5 rows"
expect_eq "$(sed -n 2p "$D/rows.csv.rejected.csv" | cut -d, -f1,2)" "3,2" "rejected rows carry line and column"

# --- all or nothing -------------------------------------------------------------------------
before=$(snapshot)
printf '客户编号,客户名称,生日\nA1,甲,2000-01-01\nA2,乙,2000-02-30\n' > "$D/aon.csv"
run import customers "$D/aon.csv" --all-or-nothing
expect_status 1 "all-or-nothing with a bad row fails"
expect_out "nothing was imported" "and says so"
expect_eq "$(snapshot)" "$before" "nothing changed"

# --- a 10 MB field ----------------------------------------------------------------------------
{ printf '客户编号,客户名称,备注\nBIG,大字段,'; head -c 10485760 /dev/zero | tr '\0' 'x'; printf '\nOK1,正常,short\n'; } > "$D/big.csv"
run import customers "$D/big.csv"
expect_status 1 "a 10 MB field is rejected"
expect_err "line 2, column 3" "the big field's position"
expect_out "1 created" "the row after it still imports"
expect_eq "$(sql "SELECT COUNT(*) FROM customers WHERE code = 'BIG'")" "0" "the big row was not written"

# --- products and orders: money, refunds, grouping ------------------------------------------
printf '产品编号,产品名称,单价,成本\nP1,茶叶,¥1,234.50,800\n' > "$D/p-bad.csv"
run import products "$D/p-bad.csv"
expect_status 1 "an unquoted thousands separator splits the cell: rejected"
expect_err "unquoted" "the shifted row is explained"
printf '产品编号,产品名称,单价,成本\nP1,茶叶,"¥1,234.50",800元\nP2,茶具,３９９．００,100\nP3,坏价,12.345,1\nP4,负价,-5,1\nP5,非数,abc,1\n' > "$D/products.csv"
run import products "$D/products.csv"
expect_out "2 created" "two good products"
expect_out "3 rejected" "three bad prices"
expect_err "more than two decimals" "three decimals refused, not rounded"
expect_eq "$(sql "SELECT price_fen || '/' || cost_fen FROM products WHERE sku = 'P1'")" "123450/80000" "yen sign, separators and 元 parsed to fen"
expect_eq "$(sql "SELECT price_fen FROM products WHERE sku = 'P2'")" "39900" "full-width digits parsed"

{
	printf '订单编号,客户,下单时间,产品编号,数量,单价\n'
	printf 'O1,K1,2025-03-01 10:00,P1,2,1234.50\n'
	printf 'O1,K1,2025-03-01 10:00,P2,1,399\n'
	printf 'O2,K2,2025-03-02T23:30:00Z,P2,1,399\n'
	printf 'O3,K1,2025-03-03 09:00,P9,1,10\n'
	printf 'O3,K1,2025-03-03 09:00,P1,1,10\n'
	printf 'O4,NOBODY,2025-03-03 09:00,P1,1,10\n'
	printf 'O5,K1,2025-03-03 09:00,P1,0,10\n'
	printf 'O6,K1,2025-03-03 09:00,P1,1,-10\n'
} > "$D/orders.csv"
run import orders "$D/orders.csv"
expect_out "2 created" "two good orders"
expect_out "5 rejected" "five bad lines (O3's two, O4, O5, O6)"
expect_eq "$(sql "SELECT amount_fen || '/' || cost_fen FROM orders WHERE order_no = 'O1'")" "286800/170000" "order total = sum of lines"
expect_eq "$(sql "SELECT order_date FROM orders WHERE order_no = 'O2'")" "2025-03-03" "local date in Asia/Shanghai"
expect_eq "$(sql "SELECT COUNT(*) FROM order_lines")" "3" "only good lines stored"
expect_eq "$(sql "SELECT COUNT(*) FROM orders WHERE order_no = 'O3'")" "0" "an order with one bad line is rejected whole"
expect_err "same order" "the other line of a bad order says why"

# re-import replaces an order's lines
printf '订单编号,客户,下单时间,产品编号,数量,单价\nO1,K1,2025-03-01 10:00,P2,3,399\n' > "$D/o1.csv"
run import orders "$D/o1.csv"
expect_out "1 updated" "order updated"
expect_eq "$(sql "SELECT amount_fen FROM orders WHERE order_no = 'O1'")" "119700" "lines replaced"

# refunds: negative lines of kind refund, referencing the order
printf '订单编号,客户,类型,原订单,下单时间,产品编号,数量,单价\nR-O1,K1,refund,O1,2025-03-05 10:00,P2,1,-399\nR-O2,K1,refund,O2,2025-03-05 10:00,P2,1,-399\nR-O3,K1,refund,O1,2025-03-05 10:00,P2,9,-399\n' > "$D/refund.csv"
run import orders "$D/refund.csv"
expect_out "1 created" "one good refund"
expect_err "same customer" "a refund of another customer's order is refused"
expect_err "exceed" "a refund larger than the order is refused"
expect_eq "$(sql "SELECT amount_fen FROM orders WHERE order_no = 'R-O1'")" "-39900" "refund stored negative"

# --- contacts and interactions -------------------------------------------------------------
printf '所属客户,姓名,职务,电话,电子邮箱\nK1,陈经理,采购,021-62345678,chen@k1.cn\nNOBODY,孤儿,,,\nK2,,经理,,\nK2,坏邮箱,,,chen@\n' > "$D/contacts.csv"
run import contacts "$D/contacts.csv"
expect_out "1 created" "one good contact"
expect_out "3 rejected" "unknown customer, missing name, bad e-mail"
expect_err "line 3, column 1" "unknown customer named by column"
expect_err "line 4, column 2: Name is required" "missing contact name"
expect_eq "$(sql "SELECT c.code FROM contacts t JOIN customers c ON c.id = t.customer_id WHERE t.name = '陈经理'")" "K1" "contact attached to its customer"
printf '客户,渠道,互动类型,时间,主题\nK1,phone,inquiry,2025-05-01 09:30,询价\nK1,carrier-pigeon,inquiry,2025-05-01 09:30,x\nK1,visit,visit,2025-13-01 09:30,x\nK2,wechat,care,,生日祝福\n' > "$D/interactions.csv"
run import interactions "$D/interactions.csv"
expect_out "2 created" "two good interactions (the one without time gets now)"
expect_out "2 rejected" "bad channel and bad time"
expect_err "line 3, column 2" "the bad channel's column"
expect_err "line 4, column 4" "the bad time's column"
expect_eq "$(sql "SELECT occurred_at FROM interactions WHERE subject = '询价'")" "2025-05-01T01:30:00Z" "local time stored as UTC"

# --- xlsx round trip: export, change, import back -----------------------------------------
run export customers "$D/c.xlsx"
expect_status 0 "export to xlsx"
expect_out "wrote" "reports rows written"
run export orders "$D/o.csv"
expect_status 0 "export orders as CSV"
expect_eq "$(grep -c '' "$D/o.csv")" "4" "one row per order line plus header"
sql "DELETE FROM customer_tags" >/dev/null
run import customers "$D/c.xlsx"
expect_status 0 "the exported workbook imports back"
expect_out "0 created" "everything matched by code"
expect_eq "$(sql "SELECT COUNT(*) FROM customer_tags")" "2" "tags restored from the workbook"
run --lang zh export customers --template
LANG=zh_CN.UTF-8 run export customers --template --lang zh
expect_out "客户编号,客户类型,客户名称" "the template has Chinese headers"
expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'export'")" "2" "exports are audited (templates are not)"

finish
