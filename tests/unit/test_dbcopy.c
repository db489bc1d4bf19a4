/* Unit tests for the fast path of `guanxi db copy` (store/copy.c, store/copy_load.c,
 * store/postgres/pg_bulk.c): a SQLite database holding hostile values (NULLs next to empty
 * strings, tabs, newlines, carriage returns, backslashes, the COPY markers \N and \. as text,
 * quotes, CJK, emoji, a control character, a 200 kB JSON document, the largest and smallest
 * int64 fen, doubles) is copied into the run's database (PostgreSQL in the runner's second
 * pass, through COPY; a SQLite file otherwise, through multi-row INSERTs) and back into a new
 * SQLite file. Every table's count and checksum must be the same at all three places, the
 * values must come back byte for byte, the dropped secondary indexes must exist again, new
 * rows must get ids after the copied ones and search must find the copied names. The settings
 * checksum is also recomputed here from the known values (sum of row digests, rule of
 * include/guanxi/copy.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/copy.h"
#include "guanxi/customer_store.h"
#include "guanxi/dbops.h"
#include "guanxi/strbuf.h"
#include "store/driver.h"
#include "support/test_db.h"

static const char *const hostile[] = {
	"",
	"tab\there",
	"line1\nline2\r\nline3\r",
	"back\\slash \\N \\. \\t \\\\",
	"\\N",
	"\\.",
	"ends with a backslash\\",
	"quote ' and \" double and `back`",
	"关系客户管理 王伟 上海茶叶有限公司",
	"emoji 😀🎉 茶 🀄",
	"control \x01 and unit separator \x1f end",
	"\t\n\\",
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

struct fixture {
	char src[64], back[64];
	struct test_db mid;
	char *json;
};

static char *big_json(void)
{
	struct strbuf b;
	sb_init(&b);
	sb_add(&b, "{\"items\": [");
	for (int i = 0; i < 2000; i++)
		sb_printf(&b, "%s{\"n\": %d, \"name\": \"客户\\t%d\\n\\\\ \\\"q\\\"\", \"emoji\": \"😀\"}",
		          i ? ", " : "", i, i);
	sb_add(&b, "]}");
	char *s = gx_xstrdup(sb_str(&b));
	sb_free(&b);
	return s;
}

static void temp_path(char *buf, size_t cap)
{
	snprintf(buf, cap, "/tmp/gx-dbcopy-XXXXXX");
	int fd = mkstemp(buf);
	assert_true(fd >= 0);
	close(fd);
	unlink(buf);
}

static void remove_sqlite(const char *path)
{
	char p[128];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static void exec(struct store *s, const char *sql, const char *types, ...)
{
	struct gx_error err = {0};
	struct db_stmt *st;
	assert_int_equal(db_prepare(s, sql, &st, &err), GX_OK);
	va_list ap;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i')
			s->drv->bind_i64(st, i + 1, va_arg(ap, int64_t));
		else if (types[i] == 'd')
			s->drv->bind_double(st, i + 1, va_arg(ap, double));
		else {
			const char *v = va_arg(ap, const char *);
			if (v)
				s->drv->bind_text(st, i + 1, v);
			else
				s->drv->bind_null(st, i + 1);
		}
	}
	va_end(ap);
	int row;
	enum gx_err e = db_step(s, st, &row, &err);
	db_reset(s, st);
	if (e != GX_OK)
		fail_msg("%s: %s", sql, err.message);
}

static struct store *open_url(const char *url, int create)
{
	struct store_open_options o = {.create = create, .migrate = create};
	struct store *s = NULL;
	struct gx_error err = {0};
	if (store_open(url, &o, &s, &err) != GX_OK)
		fail_msg("open %s: %s", url, err.message);
	return s;
}

/* The source: settings and customers full of hostile text, orders with extreme amounts, a
 * score row with doubles and NULLs. */
static void fill_source(const char *path, const char *json)
{
	struct store *s = open_url(path, 1);
	struct gx_error err = {0};
	assert_int_equal(store_begin(s, &err), GX_OK);
	for (size_t i = 0; i < NHOSTILE; i++) {
		char key[32];
		snprintf(key, sizeof key, "hostile.%02zu", i);
		exec(s, "INSERT INTO settings (key, value) VALUES (?, ?)", "tt", key, hostile[i]);
	}
	exec(s, "INSERT INTO settings (key, value) VALUES (?, ?)", "tt", "big.json", json);
	for (size_t i = 0; i < NHOSTILE; i++) {
		char code[32];
		snprintf(code, sizeof code, "H%02zu", i);
		/* every other row has NULLs where the previous one has empty or hostile text */
		const char *t = hostile[i], *n = i % 2 ? NULL : hostile[(i + 1) % NHOSTILE];
		exec(s,
		     "INSERT INTO customers (id, code, kind, name, name_norm, industry, address, notes,"
		     " custom, wechat, referrer_id, created_at, updated_at)"
		     " VALUES (?, ?, 'person', ?, ?, ?, ?, ?, ?, ?, NULL, '2026-01-01T00:00:00Z', '2026-01-02T03:04:05Z')",
		     "ittttttttt", (int64_t)(i + 1), code, i ? t : "王伟", i ? t : "王伟", n, t, t,
		     i == 3 ? json : n, "");
	}
	/* a reference to a later customer: inserted empty, set once that row exists */
	exec(s, "UPDATE customers SET referrer_id = ? WHERE id = 1", "i", (int64_t)NHOSTILE);
	exec(s, "UPDATE customers SET referrer_id = 1 WHERE id = 2", "");
	exec(s,
	     "INSERT INTO orders (id, order_no, customer_id, ordered_at, order_date, amount_fen, cost_fen,"
	     " notes, created_at, updated_at) VALUES (1, 'O-MAX', 1, '2026-01-01T00:00:00Z', '2026-01-01', ?, ?, ?, 'x', 'x')",
	     "iit", (int64_t)INT64_MAX, (int64_t)INT64_MIN, hostile[2]);
	exec(s,
	     "INSERT INTO orders (id, order_no, customer_id, kind, refund_of, ordered_at, order_date, amount_fen,"
	     " created_at, updated_at) VALUES (2, 'R-1', 1, 'refund', 1, '2026-01-02T00:00:00Z', '2026-01-02', -1, 'x', 'x')",
	     "");
	exec(s, "INSERT INTO score_runs (id, as_of, created_at, customers, buyers, params) VALUES (1, '2026-01-01', 'x', 2, 1, ?)",
	     "t", json);
	exec(s,
	     "INSERT INTO scores (customer_id, run_id, as_of, purchases, monetary_yuan, p_alive, clv_yuan)"
	     " VALUES (1, 1, '2026-01-01', 3, ?, ?, NULL)",
	     "dd", 1234.5, 0.123456789012345);
	exec(s, "INSERT INTO scores (customer_id, run_id, as_of, purchases, monetary_yuan) VALUES (2, 1, '2026-01-01', 0, ?)",
	     "d", -0.25);
	/* doubles whose own text differs between the backends (100.0 and 100) or keeps fewer
	 * digits than they need (SQLite writes 0.1 + 0.2 as 0.3) */
	exec(s,
	     "INSERT INTO scores (customer_id, run_id, as_of, purchases, monetary_yuan, p_alive, clv_yuan)"
	     " VALUES (3, 1, '2026-01-01', 1, ?, ?, ?)",
	     "ddd", 100.0, 0.1 + 0.2, 1e-300);
	assert_int_equal(store_commit(s, &err), GX_OK);
	store_close(s);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	temp_path(f->src, sizeof f->src);
	temp_path(f->back, sizeof f->back);
	if (test_db_create(&f->mid) != 0)
		return -1;
	f->json = big_json();
	fill_source(f->src, f->json);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	remove_sqlite(f->src);
	remove_sqlite(f->back);
	test_db_drop(&f->mid);
	free(f->json);
	free(f);
	return 0;
}

static void assert_same_sums(const struct copy_report *a, const struct copy_report *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->t[i].table, b->t[i].table);
		assert_int_equal(a->t[i].src_rows, b->t[i].src_rows);
		if (strcmp(a->t[i].src_sum, b->t[i].src_sum) != 0)
			fail_msg("table %s: checksum %s, then %s", a->t[i].table, a->t[i].src_sum, b->t[i].src_sum);
	}
}

static const struct copy_table_report *find(const struct copy_report *r, const char *table)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->t[i].table, table) == 0)
			return &r->t[i];
	fail_msg("no table %s in the report", table);
	return NULL;
}

/* The settings checksum from the known values: per row SHA-256 of "T<len>:key" "T<len>:value",
 * the digests added as little-endian 256-bit numbers, SHA-256 of the sum. */
static void settings_sum(const char *json, char hex[65])
{
	unsigned char acc[32] = {0};
	for (size_t i = 0; i <= NHOSTILE; i++) {
		char key[32];
		const char *v = i < NHOSTILE ? hostile[i] : json;
		if (i < NHOSTILE)
			snprintf(key, sizeof key, "hostile.%02zu", i);
		else
			snprintf(key, sizeof key, "big.json");
		struct strbuf b;
		sb_init(&b);
		sb_printf(&b, "T%zu:%sT%zu:", strlen(key), key, strlen(v));
		sb_add(&b, v);
		unsigned char d[32];
		crypto_hash_sha256(d, (const unsigned char *)sb_str(&b), b.len);
		sb_free(&b);
		unsigned carry = 0;
		for (int k = 0; k < 32; k++) {
			carry += (unsigned)acc[k] + d[k];
			acc[k] = (unsigned char)carry;
			carry >>= 8;
		}
	}
	unsigned char sum[32];
	crypto_hash_sha256(sum, acc, 32);
	sodium_bin2hex(hex, 65, sum, 32);
}

static void test_hostile_round_trip(void **state)
{
	struct fixture *f = *state;
	struct gx_error err = {0};
	struct copy_report r0, r1, r2, r3;
	assert_int_equal(dbops_checksum(f->src, &r0, &err), GX_OK);
	char want[65];
	settings_sum(f->json, want);
	assert_string_equal(find(&r0, "settings")->src_sum, want);
	assert_int_equal(find(&r0, "settings")->src_rows, (int64_t)NHOSTILE + 1);

	if (dbops_copy(f->src, f->mid.url, &r1, &err) != GX_OK)
		fail_msg("copy into %s: %s", test_db_is_pg() ? "PostgreSQL" : "SQLite", err.message);
	for (size_t i = 0; i < r1.n; i++)
		assert_false(r1.t[i].differs);
	assert_int_equal(find(&r1, "customers")->dst_rows, (int64_t)NHOSTILE);
	if (dbops_copy(f->mid.url, f->back, &r2, &err) != GX_OK)
		fail_msg("copy back: %s", err.message);
	assert_int_equal(dbops_checksum(f->back, &r3, &err), GX_OK);
	assert_same_sums(&r0, &r3);
	assert_int_equal(r1.indexed, (int64_t)NHOSTILE);
	assert_int_equal(r2.indexed, (int64_t)NHOSTILE);

	/* values byte for byte, NULL distinct from empty, at the far end */
	struct store *b = open_url(f->back, 0);
	for (size_t i = 0; i < NHOSTILE; i++) {
		struct db_stmt *st;
		assert_int_equal(db_prepare(b, "SELECT notes, industry, wechat FROM customers WHERE id = ?", &st, &err), GX_OK);
		db_bindv(b, st, "i", (int64_t)(i + 1));
		int row;
		assert_int_equal(db_step(b, st, &row, &err), GX_OK);
		assert_true(row);
		assert_string_equal(db_col_text(b, st, 0), hostile[i]);
		assert_int_equal(db_col_is_null(b, st, 1), i % 2 == 1);
		assert_false(db_col_is_null(b, st, 2));
		assert_string_equal(db_col_text(b, st, 2), "");
		db_reset(b, st);
	}
	int64_t v = 0;
	assert_int_equal(db_query_i64(b, "SELECT amount_fen FROM orders WHERE id = 1", &v, NULL, &err, ""), GX_OK);
	assert_true(v == INT64_MAX);
	assert_int_equal(db_query_i64(b, "SELECT cost_fen FROM orders WHERE id = 1", &v, NULL, &err, ""), GX_OK);
	assert_true(v == INT64_MIN);
	assert_int_equal(db_query_i64(b, "SELECT referrer_id FROM customers WHERE id = 1", &v, NULL, &err, ""), GX_OK);
	assert_int_equal(v, (int64_t)NHOSTILE);
	struct db_stmt *st;
	int row;
	assert_int_equal(db_prepare(b, "SELECT monetary_yuan, p_alive, clv_yuan FROM scores WHERE customer_id = 3", &st, &err),
	                 GX_OK);
	assert_int_equal(db_step(b, st, &row, &err), GX_OK);
	assert_true(row);
	assert_true(db_col_double(b, st, 0) == 100.0);
	assert_true(db_col_double(b, st, 1) == 0.1 + 0.2);
	assert_true(db_col_double(b, st, 2) == 1e-300);
	db_reset(b, st);
	assert_int_equal(db_prepare(b, "SELECT value FROM settings WHERE key = 'big.json'", &st, &err), GX_OK);
	assert_int_equal(db_step(b, st, &row, &err), GX_OK);
	assert_string_equal(db_col_text(b, st, 0), f->json);
	db_reset(b, st);
	store_close(b);

	/* the middle database: indexes built again, ids continue, search finds the name */
	struct store *m = open_url(f->mid.url, 0);
	if (test_db_is_pg()) {
		/* the copy gathered the planner's statistics: settings' few rows are far below what
		 * would make autovacuum analyze the table */
		assert_int_equal(db_query_i64(m, "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'settings'", &v, NULL,
		                              &err, ""),
		                 GX_OK);
		assert_true(v >= 2);
	}
	char **drops, **creates;
	size_t n;
	assert_int_equal(m->drv->bulk_defs(m, &drops, &creates, &n, &err), GX_OK);
	int orders_customer = 0, grams = 0, fkey = 0;
	for (size_t i = 0; i < n; i++) {
		orders_customer |= strstr(creates[i], "orders_customer") != NULL;
		grams |= strstr(creates[i], "search_docs_grams") != NULL;
		fkey |= strstr(creates[i], "FOREIGN KEY") != NULL;
	}
	db_names_free(drops, n);
	db_names_free(creates, n);
	assert_true(orders_customer);
	assert_int_equal(grams, test_db_is_pg());
	assert_int_equal(fkey, test_db_is_pg());
	assert_int_equal(db_query_i64(m,
	                              "INSERT INTO customers (code, kind, name, name_norm, created_at, updated_at)"
	                              " VALUES ('NEW', 'person', 'n', 'n', 'x', 'x') RETURNING id",
	                              &v, NULL, &err, ""),
	                 GX_OK);
	assert_int_equal(v, (int64_t)NHOSTILE + 1);
	struct search_hit hits[8];
	size_t nhits = 0;
	int more = 0;
	assert_int_equal(store_search(m, "王伟", NULL, 8, hits, &nhits, &more, &err), GX_OK);
	/* customer 1 is named 王伟, customer 9's name holds it among other words */
	assert_int_equal(nhits, 2);
	assert_int_equal(hits[0].id + hits[1].id, 1 + 9);
	store_close(m);

	copy_report_free(&r0);
	copy_report_free(&r1);
	copy_report_free(&r2);
	copy_report_free(&r3);
}

/* A load that fails half-way (a value the target refuses) leaves the target as it was. */
static void test_failed_load_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct gx_error err = {0};
	struct store *s = open_url(f->src, 0);
	/* an order whose customer does not exist, written with foreign keys off: the source
	 * holds it, the target's foreign key refuses it (PostgreSQL: at the end of the COPY) */
	exec(s, "PRAGMA foreign_keys = OFF", "");
	exec(s,
	     "INSERT INTO orders (id, order_no, customer_id, ordered_at, order_date, created_at, updated_at)"
	     " VALUES (3, 'O-ORPHAN', 999, 'x', 'x', 'x', 'x')",
	     "");
	store_close(s);
	struct copy_report r;
	assert_int_not_equal(dbops_copy(f->src, f->mid.url, &r, &err), GX_OK);
	copy_report_free(&r);
	if (test_db_is_pg()) {
		struct store *m = open_url(f->mid.url, 0);
		int64_t v = -1;
		assert_int_equal(db_query_i64(m, "SELECT COUNT(*) FROM customers", &v, NULL, &err, ""), GX_OK);
		assert_int_equal(v, 0);
		assert_int_equal(db_query_i64(m, "SELECT COUNT(*) FROM search_docs", &v, NULL, &err, ""), GX_OK);
		assert_int_equal(v, 0);
		store_close(m);
	} else {
		assert_int_not_equal(access(f->mid.url, F_OK), 0);   /* the new file is removed */
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hostile_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_load_rolls_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
