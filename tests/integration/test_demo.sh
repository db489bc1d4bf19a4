# guanxi demo: the demo company (counts, both kinds of customer, departments with heads, three
# years of orders whose amounts are the sums of their lines, valid and unique identifiers,
# Pareto-like spend, one job with one audit row), determinism under a pinned clock and seed,
# refusal to write into a database with customers, the --scale volumes of DECISIONS.md, and
# the CDNOW data set checked against totals computed here from the file with awk.
. "$(dirname "$0")/lib.sh"
D=$TEST_TMP
export GUANXI_NOW=2026-11-26T08:00:00Z
ASOF=2026-11-26

q() { sqlite3 -batch -noheader "$1" "$2"; }

# --- the demo company ----------------------------------------------------------------------
A=$D/a.db
run demo --db "$A"
expect_status 0 "demo company generated"
expect_out "wang.fang" "the demo logins are printed"
expect_out "华东销售部" "with their departments"
expect_eq "$(q "$A" "SELECT COUNT(*) >= 2000 FROM customers")" "1" "at least 2,000 customers"
expect_eq "$(q "$A" "SELECT COUNT(DISTINCT kind) FROM customers")" "2" "persons and organisations"
expect_eq "$(q "$A" "SELECT COUNT(*) > 400 FROM customers WHERE kind = 'organization'")" "1" "hundreds of organisations"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM departments WHERE parent_id = (SELECT id FROM departments WHERE name = '总部')")" "3" "three departments under 总部"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM departments WHERE head_user_id IS NULL")" "0" "every department has a head"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM users")" "12" "twelve users"
expect_eq "$(q "$A" "SELECT group_concat(DISTINCT role) FROM (SELECT role FROM users ORDER BY role)")" "admin,analyst,manager,marketing,sales,service" "every working role"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM products")" "40" "forty products"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM products WHERE category_id IS NULL OR price_fen <= cost_fen")" "0" "products have a category and a margin"

# orders: three years ending at the as-of date, totals equal to their lines
expect_eq "$(q "$A" "SELECT julianday(MAX(order_date)) - julianday(MIN(order_date)) >= 1080 FROM orders")" "1" "orders span about three years"
expect_eq "$(q "$A" "SELECT MAX(order_date) < '$ASOF' AND MAX(order_date) >= date('$ASOF', '-7 days') FROM orders")" "1" "orders end at the as-of date"
expect_eq "$(q "$A" "SELECT MIN(order_date) >= date('$ASOF', '-36 months') FROM orders")" "1" "and start three years before it"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM orders o WHERE amount_fen <> (SELECT SUM(amount_fen) FROM order_lines l WHERE l.order_id = o.id) OR cost_fen <> (SELECT SUM(cost_fen) FROM order_lines l WHERE l.order_id = o.id)")" "0" "every order's amount and cost are the sums of its lines"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.kind = 'sale' AND l.amount_fen <> l.quantity * l.unit_price_fen")" "0" "line amount = quantity × unit price"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM (SELECT customer_id, order_date FROM orders WHERE kind = 'sale' GROUP BY 1, 2 HAVING COUNT(*) > 1)")" "0" "at most one order per customer per day"
expect_eq "$(q "$A" "SELECT MAX(c) BETWEEN 1 AND 3 AND MIN(c) = 1 FROM (SELECT COUNT(*) c FROM order_lines GROUP BY order_id)")" "1" "one to three lines per order"
expect_eq "$(q "$A" "SELECT COUNT(*) > 50 FROM orders WHERE kind = 'refund'")" "1" "a few refunds"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM orders r JOIN orders s ON s.id = r.refund_of WHERE r.kind = 'refund' AND (s.customer_id <> r.customer_id OR r.amount_fen >= 0 OR -r.amount_fen > s.amount_fen OR r.order_date < s.order_date)")" "0" "refunds are negative, later, and within their sale"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.owner_id IS NOT NULL AND (o.owner_id IS NOT c.owner_id OR o.department_id IS NOT c.department_id)")" "0" "orders carry the owner and department at placement"
# Pareto-like spend: the top fifth of customers bring most of the net revenue
top=$(q "$A" "WITH s AS (SELECT c.id, COALESCE((SELECT SUM(amount_fen) FROM orders o WHERE o.customer_id = c.id), 0) t FROM customers c), r AS (SELECT t, ROW_NUMBER() OVER (ORDER BY t DESC) rn, COUNT(*) OVER () n, SUM(t) OVER () tot FROM s) SELECT CAST(100.0 * SUM(t) / MAX(tot) AS INTEGER) FROM r WHERE rn <= n / 5")
[ "$top" -ge 60 ] && [ "$top" -le 95 ] && pass || fail "top 20% of customers bring 60–95% of revenue (got $top%)"
churned=$(q "$A" "SELECT COUNT(*) FROM customers c WHERE (SELECT MAX(order_date) FROM orders o WHERE o.customer_id = c.id) < date('$ASOF', '-12 months')")
[ "$churned" -gt 100 ] && pass || fail "some customers churned (got $churned without an order for a year)"
new=$(q "$A" "SELECT COUNT(*) FROM customers c WHERE (SELECT MIN(order_date) FROM orders o WHERE o.customer_id = c.id) > date('$ASOF', '-6 months')")
[ "$new" -gt 50 ] && pass || fail "some customers are new (got $new with a first order in the last 6 months)"

# customers: identifiers valid and unique, regions, pool, contacts, care data
expect_eq "$(q "$A" "SELECT COUNT(*) - COUNT(DISTINCT mobile_norm) FROM customers WHERE mobile_norm IS NOT NULL")" "0" "mobile numbers unique"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers WHERE mobile_norm IS NOT NULL AND (length(mobile_norm) <> 11 OR mobile_norm NOT GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')")" "0" "mobile numbers are 1[3-9] + 9 digits"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers WHERE kind = 'person' AND mobile IS NULL")" "0" "every person has a mobile"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers WHERE kind = 'organization' AND (uscc IS NULL OR length(uscc) <> 18)")" "0" "every organisation has an 18-character USCC"
expect_eq "$(q "$A" "SELECT COUNT(uscc) - COUNT(DISTINCT uscc) FROM customers")" "0" "USCCs unique"
# The check character recomputed here (GB 32100-2015: weights 3^(i-1) mod 31, check = 31 - sum mod 31).
bad_uscc=$(q "$A" "SELECT uscc FROM customers WHERE uscc IS NOT NULL" | awk '
	BEGIN { a = "0123456789ABCDEFGHJKLMNPQRTUWXY"; w = 1; for (i = 1; i <= 17; i++) { W[i] = w; w = (w * 3) % 31 } }
	{ s = 0; for (i = 1; i <= 17; i++) s += (index(a, substr($0, i, 1)) - 1) * W[i];
	  c = (31 - s % 31) % 31; if (substr(a, c + 1, 1) != substr($0, 18, 1)) bad++ }
	END { print bad + 0 }')
expect_eq "$bad_uscc" "0" "every USCC check character is right"
expect_eq "$(q "$A" "SELECT COUNT(email_norm) - COUNT(DISTINCT email_norm) FROM customers")" "0" "e-mails unique"
expect_eq "$(q "$A" "SELECT COUNT(*) > 500 FROM customers WHERE email IS NOT NULL")" "1" "some e-mails"
expect_eq "$(q "$A" "SELECT COUNT(*) > 500 FROM customers WHERE wechat IS NOT NULL")" "1" "some WeChat IDs"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers WHERE province IS NULL OR city IS NULL OR district IS NULL")" "0" "every customer has a region"
expect_eq "$(q "$A" "SELECT COUNT(DISTINCT city) >= 15 FROM customers")" "1" "customers in many cities"
pool=$(q "$A" "SELECT COUNT(*) FROM customers WHERE owner_id IS NULL")
[ "$pool" -gt 50 ] && [ "$pool" -lt 500 ] && pass || fail "some customers in the public pool (got $pool)"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers WHERE owner_id IS NOT NULL AND department_id IS NULL")" "0" "owned customers have their owner's department"
expect_eq "$(q "$A" "SELECT MAX(n) <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'pool_max_owned') FROM (SELECT COUNT(*) n FROM customers WHERE owner_id IS NOT NULL GROUP BY owner_id)")" "1" "no rep owns more than the pool limit"
expect_eq "$(q "$A" "SELECT COUNT(*) > 20 FROM customers WHERE key_account = 1")" "1" "key accounts"
expect_eq "$(q "$A" "SELECT COUNT(*) > 100 FROM customers WHERE referrer_id IS NOT NULL AND referrer_id < id")" "1" "referrers among earlier customers"
expect_eq "$(q "$A" "SELECT COUNT(DISTINCT role) >= 8 FROM customer_roles")" "1" "party roles"
expect_eq "$(q "$A" "SELECT COUNT(DISTINCT tag_id) >= 5 FROM customer_tags")" "1" "tags"
expect_eq "$(q "$A" "SELECT COUNT(*) > 300 FROM customers WHERE birthday IS NOT NULL AND birthday < date('$ASOF', '-18 years')")" "1" "birthdays of adults"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM contacts ct JOIN customers c ON c.id = ct.customer_id WHERE c.kind <> 'organization'")" "0" "contacts belong to organisations"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers c WHERE kind = 'organization' AND NOT EXISTS (SELECT 1 FROM contacts ct WHERE ct.customer_id = c.id AND ct.is_primary = 1)")" "0" "every organisation has a primary contact"

# interactions: every channel and type, by the owners, follow-ups
expect_eq "$(q "$A" "SELECT COUNT(DISTINCT channel) FROM interactions")" "10" "every channel"
expect_eq "$(q "$A" "SELECT COUNT(DISTINCT type) FROM interactions")" "11" "every interaction type"
expect_eq "$(q "$A" "SELECT COUNT(*) > 3000 FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE i.user_id = c.owner_id")" "1" "mostly logged by the owners"
expect_eq "$(q "$A" "SELECT COUNT(*) > 500 FROM interactions WHERE followup_at IS NOT NULL")" "1" "follow-up tasks"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM interactions WHERE occurred_at > '${GUANXI_NOW}'")" "0" "no interaction after the as-of time"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers c WHERE owner_id IS NOT NULL AND last_touch_at IS NOT (SELECT MAX(t) FROM (SELECT occurred_at t FROM interactions i WHERE i.customer_id = c.id AND i.user_id = c.owner_id UNION ALL SELECT ordered_at FROM orders o WHERE o.customer_id = c.id))")" "0" "last owner contact kept by the app layer"

# one job, one audit row, every record pointing to it
expect_eq "$(q "$A" "SELECT kind || ' ' || status FROM jobs")" "demo done" "one demo job, done"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM audit_log")" "1" "one audit row"
expect_eq "$(q "$A" "SELECT action FROM audit_log")" "demo" "the job's audit row"
expect_eq "$(q "$A" "SELECT COUNT(*) FROM customers WHERE job_id IS NOT (SELECT id FROM jobs)") $(q "$A" "SELECT COUNT(*) FROM orders WHERE job_id IS NOT (SELECT id FROM jobs)")" "0 0" "records point to the job"
# every customer folded into the dashboard's rollup: none left for the dashboard to correct for
LIVE_A=$(q "$A" "SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL")
expect_eq "$(q "$A" "SELECT (SELECT COUNT(*) FROM dash_dirty) || ' ' || (SELECT COUNT(*) FROM dash_customers)")" "0 $LIVE_A" "the demo leaves its customers folded into the dashboard rollup"
GUANXI_DB=$A run search 星辰
expect_status 0 "search works on the demo data"
expect_out "星辰" "organisations are in the search index"

# --- determinism: same seed and clock, same data; another seed, other data ----------------
dump() {
	q "$1" "SELECT c.code, c.kind, c.name, IFNULL(c.mobile,''), IFNULL(c.email,''), IFNULL(c.uscc,''), IFNULL(c.owner_id,''), c.city, IFNULL(c.birthday,''), IFNULL(c.referrer_id,''), c.key_account FROM customers c ORDER BY c.code"
	q "$1" "SELECT o.order_no, c.code, o.kind, o.ordered_at, o.amount_fen, IFNULL(o.owner_id,''), (SELECT group_concat(product_id || 'x' || quantity || '@' || unit_price_fen) FROM order_lines l WHERE l.order_id = o.id) FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.order_no"
	q "$1" "SELECT code, customer_id, user_id, channel, type, occurred_at FROM interactions ORDER BY code"
}
B=$D/b.db
run demo --db "$B" --seed 20240601
expect_status 0 "second run with the default seed given explicitly"
expect_eq "$(dump "$B" | md5sum)" "$(dump "$A" | md5sum)" "same seed and GUANXI_NOW give identical customers, orders and interactions"
run demo --db "$D/s1.db" --scale 200 --seed 1
run demo --db "$D/s2.db" --scale 200 --seed 2
[ "$(dump "$D/s1.db" | md5sum)" != "$(dump "$D/s2.db" | md5sum)" ] && pass || fail "another seed gives other data"

# --- refusal on a database with customers --------------------------------------------------
before=$(q "$A" "SELECT COUNT(*) || '/' || (SELECT COUNT(*) FROM orders) || '/' || (SELECT COUNT(*) FROM jobs) FROM customers")
run demo --db "$A"
expect_status 1 "demo refuses a database with customers"
expect_err "already holds" "and says why"
expect_eq "$(q "$A" "SELECT COUNT(*) || '/' || (SELECT COUNT(*) FROM orders) || '/' || (SELECT COUNT(*) FROM jobs) FROM customers")" "$before" "nothing written"
run init --db "$D/u.db"
run user add admin --db "$D/u.db"
run demo --db "$D/u.db" --scale 10
expect_status 1 "demo refuses a database whose users clash with the demo's"
expect_err "brings its own users" "and says why"
expect_eq "$(q "$D/u.db" "SELECT (SELECT COUNT(*) FROM users) || ' ' || (SELECT COUNT(*) FROM departments) || ' ' || (SELECT status FROM jobs)")" "1 0 failed" "nothing written, the job marked failed"
run demo --db "$D/c.db" --scale 0
expect_status 2 "--scale 0 is a usage error"
run demo --db "$D/c.db" --dataset nosuch
expect_status 2 "an unknown data set is a usage error"

# --- --scale: the benchmark volumes of DECISIONS.md ----------------------------------------
S=$D/scale.db
run demo --db "$S" --scale 2000
expect_status 0 "scale data generated"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM customers")" "2000" "2,000 customers"
orders=$(q "$S" "SELECT COUNT(*) FROM orders")
[ "$orders" -ge 18000 ] && [ "$orders" -le 22000 ] && pass || fail "about 10 orders per customer (got $orders)"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM interactions")" "10000" "5 interactions per customer"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM (SELECT customer_id, order_date FROM orders GROUP BY 1, 2 HAVING COUNT(*) > 1)")" "0" "at most one order per customer per day"
expect_eq "$(q "$S" "SELECT MIN(c) = 1 AND MAX(c) = 3 AND AVG(c) BETWEEN 1.9 AND 2.1 FROM (SELECT COUNT(*) c FROM order_lines GROUP BY order_id)")" "1" "1–3 lines per order"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM orders o WHERE amount_fen <> (SELECT SUM(amount_fen) FROM order_lines l WHERE l.order_id = o.id) OR cost_fen <> (SELECT SUM(cost_fen) FROM order_lines l WHERE l.order_id = o.id)")" "0" "scale order totals are the sums of their lines"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM orders WHERE order_date <> date(ordered_at, '+8 hours')")" "0" "order dates are local (Asia/Shanghai) dates"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.owner_id IS NOT c.owner_id OR o.department_id IS NOT c.department_id")" "0" "owner and department at placement"
expect_eq "$(q "$S" "SELECT COUNT(*) - COUNT(DISTINCT mobile_norm) FROM customers WHERE mobile_norm IS NOT NULL")" "0" "scale mobiles unique"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM customers c WHERE kind = 'organization' AND NOT EXISTS (SELECT 1 FROM contacts ct WHERE ct.customer_id = c.id)")" "0" "a contact per organisation"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM customers c WHERE last_touch_at IS NOT (SELECT MAX(t) FROM (SELECT occurred_at t FROM interactions i WHERE i.customer_id = c.id AND i.user_id = c.owner_id UNION ALL SELECT ordered_at FROM orders o WHERE o.customer_id = c.id))")" "0" "last owner contact as the app layer keeps it"
expect_eq "$(q "$S" "SELECT COUNT(*) FROM customer_roles")" "2000" "party roles written"
GUANXI_DB=$S run search C00001999
expect_out "C00001999" "scale customers are in the search index"
expect_eq "$(q "$S" "SELECT kind || ' ' || status || ' ' || (SELECT COUNT(*) FROM audit_log) FROM jobs")" "demo_scale done 1" "one job, one audit row"

# --- the CDNOW data set ---------------------------------------------------------------------
FILE=$GUANXI_TEST_DATA/cdnow/CDNOW_sample.txt
C=$D/cdnow.db
run demo --db "$C" --dataset cdnow --data-dir "$GUANXI_TEST_DATA" --format json
expect_status 0 "CDNOW loaded"
expect_out '"orders": 6919' "the JSON summary counts the orders"
expect_out '"currency": "USD"' "and names the currency"
expect_eq "$(q "$C" "SELECT COUNT(*) FROM customers")" "2357" "2,357 CDNOW customers"
expect_eq "$(q "$C" "SELECT COUNT(*) FROM dash_dirty")" "0" "folded into the dashboard rollup"
expect_eq "$(q "$C" "SELECT COUNT(*) FROM orders")" "6919" "6,919 CDNOW transactions"
cents=$(tr -d '\r' < "$FILE" | awk '{ split($5, p, "."); s += p[1] * 100 + p[2] } END { print s }')
expect_eq "$cents" "24409194" "the file's total, computed with awk"
expect_eq "$(q "$C" "SELECT SUM(amount_fen) FROM orders")" "$cents" "order amounts sum to the file's total in cents"
cds=$(tr -d '\r' < "$FILE" | awk '{ s += $4 } END { print s }')
expect_eq "$(q "$C" "SELECT SUM(quantity) FROM order_lines")" "$cds" "quantities are the numbers of CDs"
expect_eq "$(q "$C" "SELECT value FROM settings WHERE key = 'currency'")" "USD" "the currency is USD"
expect_eq "$(q "$C" "SELECT group_concat(o.order_date || '/' || o.amount_fen, ' ') FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.code = 'CDNOW-00004'")" "1997-01-01/2933 1997-01-18/2973 1997-08-02/1496 1997-12-12/2648" "customer 00004's history, dates and cents"
expect_eq "$(q "$C" "SELECT MIN(order_date) || ' ' || MAX(order_date) FROM orders")" "1997-01-01 1998-06-30" "January 1997 to June 1998"
per_day=$(tr -d '\r' < "$FILE" | awk '{ print $1, $3 }' | sort -u | wc -l)
expect_eq "$(q "$C" "SELECT COUNT(*) FROM (SELECT DISTINCT customer_id, order_date FROM orders)")" "$per_day" "local dates equal the CDNOW dates"
expect_eq "$(q "$C" "SELECT COUNT(*) FROM products")" "1" "one generic product"
# found through GUANXI_SHARED when --data-dir is not given
mkdir -p "$D/shared/data/cdnow"
head -3 "$FILE" > "$D/shared/data/cdnow/CDNOW_sample.txt"
GUANXI_SHARED=$D/shared run demo --db "$D/cd2.db" --dataset cdnow
expect_status 0 "the data set is found through GUANXI_SHARED"
expect_eq "$(q "$D/cd2.db" "SELECT COUNT(*) || ' ' || (SELECT COUNT(*) FROM orders) FROM customers")" "1 3" "three transactions of one customer"
GUANXI_SHARED=$D/none run demo --db "$D/cd3.db" --dataset cdnow
expect_status 1 "a missing data set fails"
expect_err "CDNOW_sample.txt" "naming the file"
printf ' 00001 0001 19970101  x   1.00\n' > "$D/shared/data/cdnow/CDNOW_sample.txt"
run demo --db "$D/cd4.db" --dataset cdnow --data-dir "$D/shared/data"
expect_status 1 "a bad line fails"
expect_err "line 1" "naming the line"
expect_eq "$(q "$D/cd4.db" "SELECT COUNT(*) FROM customers")" "0" "and writes nothing"

finish
