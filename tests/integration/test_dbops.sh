#!/usr/bin/env bash
# guanxi backup / restore / db copy / db checksum (docs/deploy.md "Backups and moving to
# PostgreSQL"): a database with some of every entity is backed up and restored, copied from
# SQLite to PostgreSQL and back, and every copy must have the same row counts and checksums
# and still find a two-character Chinese name. Negative cases: a target with rows, a damaged
# backup, a backup of another schema version. In the runner's PostgreSQL pass the source is the
# PostgreSQL database of lib.sh (so the backup is a snapshot copy); otherwise a SQLite file, and
# the PostgreSQL part uses a throw-away server of scripts/pg-test-server.sh when one can start.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
T0=$(date +%s.%N)

# --- a database with a few of every entity ----------------------------------------------------
run init
expect_status 0 "init"
run setting set timezone Asia/Shanghai
expect_status 0 "a setting (a table keyed by text)"
run department add SALES name=销售部
run user add wang display_name=王芳 role=sales department_id=SALES
run user add boss display_name=赵总 role=manager department_id=SALES
echo "secret-wang-pw" | "$GUANXI" user passwd wang >/dev/null 2>&1
run user token wang --name backup-test
expect_status 0 "an API token"
D="$TEST_TMP/data"
mkdir -p "$D"
{
	printf 'Code,Kind,Name,Roles,Tags,Owner,Mobile,E-mail,Referrer\n'
	printf 'K1,person,王伟,end_user,vip;北京,wang,13800138000,wangwei@example.com,\n'
	printf 'K2,organization,上海茶叶有限公司,dealer;supplier,批发,wang,,,K1\n'
	printf 'K3,person,李娜,influencer,,boss,13900139000,,\n'
	printf 'K4,person,O'"'"'Brien "Tea" Ltd,end_user,vip,,,,\n'
} > "$D/c.csv"
run import customers "$D/c.csv"
expect_out "4 created" "customers imported"
run customer update K1 referrer_id=K3
expect_status 0 "a customer referred by a later one (a reference the copy must defer)"
printf 'Code,Name,Parent\nTEA,茶叶,\nGREEN,绿茶,TEA\n' > "$D/cat.csv"
run import categories "$D/cat.csv"
printf 'SKU,Name,Category,Price,Cost\nP1,龙井,GREEN,1234.50,800\nP2,茶具,TEA,399,100\n' > "$D/p.csv"
run import products "$D/p.csv"
expect_out "2 created" "products"
{
	printf 'Order no.,Customer,Order time,Product,Quantity,Unit price\n'
	printf 'O1,K1,2025-03-01 10:00,P1,2,1234.50\n'
	printf 'O1,K1,2025-03-01 10:00,P2,1,399\n'
	printf 'O2,K2,2025-03-02 11:00,P2,5,399\n'
} > "$D/o.csv"
run import orders "$D/o.csv"
expect_out "2 created" "orders with lines"
printf 'Order no.,Customer,Kind,Refund of,Order time,Product,Quantity,Unit price\nR1,K1,refund,O1,2025-03-05 10:00,P2,1,-399\n' > "$D/r.csv"
run import orders "$D/r.csv"
expect_out "1 created" "a refund"
run contact add K2 name=陈静 title=采购经理 phone=021-62345678
run customer link K3 K1 --note 推荐
expect_status 0 "an influence link"
run interaction add K1 channel=phone type=inquiry subject=询价 --user wang
run customer delete K4
expect_status 0 "a customer in the recycle bin"

for t in customers customer_roles customer_tags customer_influences contacts interactions products \
	product_categories orders order_lines users departments api_tokens tags; do
	n=$(sql "SELECT COUNT(*) FROM $t")
	[ "$n" -gt 0 ] || fail "test data: table $t is empty"
done
expect_eq "$(sql "SELECT COUNT(*) FROM orders WHERE kind = 'refund'")" "1" "test data has a refund"

SRC="$GUANXI_DB"
run db checksum --format csv
expect_status 0 "db checksum"
cp "$T_OUT" "$TEST_TMP/sums.src"
# every table of the schema is counted (the list comes from the catalogue, not from the code):
# a table the copy skipped would be missing here and in every comparison below
if [ -n "${GUANXI_TEST_PG_URL:-}" ]; then
	ntables=$(sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('search_docs', 'search_text', 'search_gram_stats', 'schema_migrations')")
else
	ntables=$(sql "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' AND name <> 'schema_migrations'")
fi
expect_eq "$(tr -d '\r' <"$TEST_TMP/sums.src" | grep -c '^[a-z_]*,[0-9][0-9]*,[0-9a-f]\{64\}$')" "$ntables" "a checksum line for each of the $ntables tables"
# the checksum by hand: a row's columns in name order (key, value) as "T<bytes>:<text>", SHA-256
# per row, then SHA-256 of the sum of the row digests (one row: SHA-256 of its digest); an empty
# table is SHA-256 of nothing
want=$(printf 'T8:timezoneT13:Asia/Shanghai' | sha256sum | cut -c1-64 | xxd -r -p | sha256sum | cut -c1-64)
expect_out "settings,1,$want" "the settings checksum is the hand-computed one"
expect_out "teams,0,e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "an empty table's checksum is SHA-256 of nothing"
expect_out "customers" "customers checksummed"
expect_out "api_tokens" "auth tables checksummed"

# sums_of URL: the checksum table of a database
sums_of() { "$GUANXI" db checksum --format csv --db "$1" 2>&1; }

# --- backup → restore into a new SQLite file ---------------------------------------------------
t=$(date +%s.%N)
run backup "$TEST_TMP/b1.gxbak"
expect_status 0 "backup"
expect_err "backup written" "backup says what it did"
run backup "$TEST_TMP/b1.gxbak"
expect_status 1 "a backup never overwrites a file"
expect_err "already exists" "and says so"
run restore "$TEST_TMP/b1.gxbak" --db "$TEST_TMP/r1.db"
expect_status 0 "restore into a new file"
expect_no_out "DIFFERS" "restore verified table by table"
echo "backup+restore: $(echo "$(date +%s.%N) - $t" | bc) s" >&2
expect_eq "$(sums_of "$TEST_TMP/r1.db")" "$(cat "$TEST_TMP/sums.src")" "restored copy has the source's counts and checksums"
run search 王伟 --db "$TEST_TMP/r1.db"
expect_out "K1" "search finds a two-character name in the restored copy"
run search 李娜 --db "$TEST_TMP/r1.db"
expect_out "K3" "and another"
run search "O'Brien" --db "$TEST_TMP/r1.db"
expect_no_out "K4" "a customer in the recycle bin stays out of the index"
run search 陈静 --db "$TEST_TMP/r1.db"
expect_out "陈静" "contacts are indexed too"
# new rows after a restore get new ids (no clash with the copied ones)
run customer add code=K9 kind=person name=新客户 --db "$TEST_TMP/r1.db"
expect_status 0 "a new customer in the restored database"
expect_eq "$(sqlite3 "$TEST_TMP/r1.db" "SELECT id > (SELECT MAX(id) FROM customers WHERE code <> 'K9') FROM customers WHERE code = 'K9'")" "1" "its id follows the copied ones"

# a SQLite backup taken while another process writes is consistent: it passes the checks and
# restores with every table verified
if [ -z "${GUANXI_TEST_PG_URL:-}" ]; then
	( for i in $(seq 1 15); do "$GUANXI" customer add code=W$i kind=person name=写入$i >/dev/null 2>&1; done ) &
	writer=$!
	for _ in $(seq 1 100); do   # until the writer is under way
		[ "$(sqlite3 "$GUANXI_DB" "SELECT COUNT(*) FROM customers WHERE code LIKE 'W%'" 2>/dev/null)" -gt 1 ] 2>/dev/null && break
		sleep 0.05
	done
	run backup "$TEST_TMP/live.gxbak"
	expect_status 0 "backup while another process writes"
	wait "$writer"
	run restore "$TEST_TMP/live.gxbak" --db "$TEST_TMP/live.db"
	expect_status 0 "that backup restores, verified"
	expect_eq "$(sqlite3 "$TEST_TMP/live.db" "SELECT COUNT(*) FROM customers WHERE code LIKE 'W%'")" \
		"$(sqlite3 "$TEST_TMP/live.db" "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND action = 'create' AND entity_id IN (SELECT id FROM customers WHERE code LIKE 'W%')")" \
		"each customer in the live backup comes with its audit row (one transaction, one instant)"
	expect_eq "$(sqlite3 "$GUANXI_DB" "SELECT COUNT(*) FROM customers WHERE code LIKE 'W%'")" "15" "the writer finished"
	echo "the live backup holds $(sqlite3 "$TEST_TMP/live.db" "SELECT COUNT(*) FROM customers WHERE code LIKE 'W%'") of the 15 customers being written" >&2
fi

# --- negative cases ----------------------------------------------------------------------------
run restore "$TEST_TMP/b1.gxbak" --db "$TEST_TMP/r1.db"
expect_status 1 "restore into a database that holds rows is refused"
expect_err "not empty" "and says why"
expect_err "--force" "and how to go on"
run restore "$TEST_TMP/b1.gxbak" --db "$TEST_TMP/r1.db" --force
expect_status 0 "restore --force replaces the rows"
expect_err "replaced" "and says so"
expect_eq "$(sums_of "$TEST_TMP/r1.db")" "$(cat "$TEST_TMP/sums.src")" "after --force the database is the backup again"
run search 新客户 --db "$TEST_TMP/r1.db"
expect_no_out "K9" "the replaced rows left the search index"

cp "$TEST_TMP/b1.gxbak" "$TEST_TMP/bad.gxbak"
printf 'this is not a database header' | dd of="$TEST_TMP/bad.gxbak" bs=1 seek=0 conv=notrunc 2>/dev/null
run restore "$TEST_TMP/bad.gxbak" --db "$TEST_TMP/r2.db"
expect_status 1 "a damaged backup is refused"
expect_err "damaged" "with a clear message"
[ -e "$TEST_TMP/r2.db" ] && fail "a failed restore leaves no new database file" || pass
cp "$TEST_TMP/b1.gxbak" "$TEST_TMP/bad2.gxbak"
size=$(stat -c %s "$TEST_TMP/bad2.gxbak")
# Damage a whole page in the middle, from its header on (4 KiB pages): damaging only the unused
# tail of an empty index page would go unnoticed, and which page the middle falls on depends on
# the schema.
dd if=/dev/urandom of="$TEST_TMP/bad2.gxbak" bs=4096 seek=$((size / 4096 / 2)) count=1 conv=notrunc 2>/dev/null
run restore "$TEST_TMP/bad2.gxbak" --db "$TEST_TMP/r2.db"
expect_status 1 "a backup with damaged pages is refused"
printf 'hello\n' > "$TEST_TMP/text.gxbak"
run restore "$TEST_TMP/text.gxbak" --db "$TEST_TMP/r2.db"
expect_status 1 "a text file is refused"
run restore "$TEST_TMP/none.gxbak" --db "$TEST_TMP/r2.db"
expect_status 1 "a missing backup file"
expect_err "does not exist" "is named"
cp "$TEST_TMP/b1.gxbak" "$TEST_TMP/old.gxbak"
sqlite3 "$TEST_TMP/old.gxbak" "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)"
run restore "$TEST_TMP/old.gxbak" --db "$TEST_TMP/r3.db"
expect_status 1 "a backup of another schema version is refused"
expect_err "schema versions differ" "with both versions named"
run db copy --from "$SRC" --to "$SRC"
expect_status 1 "copying a database onto itself is refused"
run db copy --from "$TEST_TMP/r1.db"
expect_status 2 "db copy needs --to"

# --- SQLite → PostgreSQL → SQLite --------------------------------------------------------------
PGURL=${GUANXI_TEST_PG_URL:-}
own_pg=""
if [ -z "$PGURL" ] && command -v psql >/dev/null 2>&1; then
	own_pg="$TEST_TMP/pg.state"
	# set before the start (a start cut short leaves a server too); the server is stopped
	# before $TEST_TMP goes, for its state file (which names the server) is in there
	trap '"$root/scripts/pg-test-server.sh" stop "$own_pg" >/dev/null 2>&1; rm -rf "$TEST_TMP"' EXIT
	PGURL=$("$root/scripts/pg-test-server.sh" start "$own_pg" 2>/dev/null) || PGURL=""
fi
if [ -z "$PGURL" ]; then
	echo "NOTE: no PostgreSQL server could be started: the SQLite → PostgreSQL copy was not tested"
else
	PGDB="gx_dbops_$$_${RANDOM}"
	psql -X -q "$PGURL" -c "CREATE DATABASE $PGDB" >/dev/null
	PGT="${PGURL%/*}/$PGDB"
	# removed with the rest at exit (the server itself too, when it is ours)
	trap 'psql -X -q "$PGURL" -c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1; [ -n "$own_pg" ] && "$root/scripts/pg-test-server.sh" stop "$own_pg" >/dev/null 2>&1; rm -rf "$TEST_TMP"; [ -n "${T_PGDB:-}" ] && psql -X -q "$GUANXI_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $T_PGDB WITH (FORCE)" >/dev/null 2>&1' EXIT
	t=$(date +%s.%N)
	run db copy --from "$TEST_TMP/b1.gxbak" --to "$PGT"
	expect_status 0 "SQLite → PostgreSQL copy"
	expect_no_out "DIFFERS" "verified table by table"
	expect_out "order_lines" "the table is printed"
	echo "sqlite→pg copy: $(echo "$(date +%s.%N) - $t" | bc) s" >&2
	expect_eq "$(sums_of "$PGT")" "$(cat "$TEST_TMP/sums.src")" "PostgreSQL has the source's counts and checksums"
	run search 王伟 --db "$PGT"
	expect_out "K1" "search finds a two-character name on PostgreSQL"
	run search 陈静 --db "$PGT"
	expect_out "陈静" "and the contact"
	run customer add code=K8 kind=person name=新人 --db "$PGT"
	expect_status 0 "a new customer on PostgreSQL: the identity sequence was moved past the copied ids"
	psql -X -q "$PGT" -c "DELETE FROM customers WHERE code = 'K8'; DELETE FROM audit_log WHERE entity_id = (SELECT MAX(entity_id) FROM audit_log WHERE action = 'create' AND entity = 'customer')" >/dev/null
	run db copy --from "$TEST_TMP/b1.gxbak" --to "$PGT"
	expect_status 1 "copy into a PostgreSQL database with rows is refused"
	expect_err "not empty" "and says why"
	t=$(date +%s.%N)
	run db copy --from "$PGT" --to "$TEST_TMP/back.db"
	expect_status 0 "PostgreSQL → SQLite copy"
	echo "pg→sqlite copy: $(echo "$(date +%s.%N) - $t" | bc) s" >&2
	run search 王伟 --db "$TEST_TMP/back.db"
	expect_out "K1" "search works on the copy back"
	run backup "$TEST_TMP/pg.gxbak" --db "$PGT"
	expect_status 0 "a PostgreSQL backup (a snapshot written as a SQLite file)"
	expect_eq "$(sqlite3 "$TEST_TMP/pg.gxbak" "SELECT COUNT(*) FROM customers")" "$(sqlite3 "$TEST_TMP/b1.gxbak" "SELECT COUNT(*) FROM customers")" "the PostgreSQL backup is a SQLite database"
fi
echo "test_dbops total: $(echo "$(date +%s.%N) - $T0" | bc) s" >&2
finish
