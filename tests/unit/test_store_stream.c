/* Unit tests for streamed reads (store_stream_reads, issue 3): with streaming on, a scan returns
 * every row exactly once and in order even when other statements run on the same connection in
 * the middle of it (PostgreSQL then moves the rest of the scan into a buffer), a scan left
 * early frees the connection, streaming works inside a transaction, and an error in the middle
 * of a result is reported after the rows before it. On SQLite (which always streams) the same
 * assertions hold; the PostgreSQL pass is the one that exercises single-row mode. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/store.h"
#include "store/driver.h"
#include "support/test_db.h"

#define N 3000

struct fixture {
	struct test_db db;
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	struct store_open_options o = {.create = 1, .migrate = 1};
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO customers (id, code, kind, name, name_norm, created_at, updated_at)"
	         " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
	         " SELECT i, 'C' || i, 'person', 'N' || i, 'N' || i, 'x', 'x' FROM n",
	         N);
	if (store_open(f->db.url, &o, &f->s, &err) != GX_OK || db_exec_script(f->s, sql, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

/* Scans customers in id order; at row `nested_at` (0: never) runs other statements on the same
 * store. Checks that every row comes once, in order, with its own name. */
static void scan(struct fixture *f, int nested_at)
{
	struct gx_error err;
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->s, "SELECT id, name FROM customers ORDER BY id", &st, &err), GX_OK);
	int row = 0, n = 0;
	while (db_step(f->s, st, &row, &err) == GX_OK && row) {
		int64_t id = db_col_i64(f->s, st, 0);
		assert_int_equal(id, n + 1);
		if (nested_at && n + 1 == nested_at) {
			int64_t count = 0;
			assert_int_equal(db_query_i64(f->s, "SELECT COUNT(*) FROM customers WHERE id > ?", &count, NULL, &err,
			                              "i", (int64_t)nested_at), GX_OK);
			assert_int_equal(count, N - nested_at);
			assert_int_equal(db_exec(f->s, "UPDATE customers SET city = 'X' WHERE id = ?", NULL, &err, "i",
			                         (int64_t)N), GX_OK);
		}
		char want[16];
		snprintf(want, sizeof want, "N%lld", (long long)id);   /* read after the nested calls too */
		assert_string_equal(db_col_text(f->s, st, 1), want);
		n++;
	}
	assert_int_equal(row, 0);
	db_reset(f->s, st);
	assert_int_equal(n, N);
}

static void test_scan_whole_and_interleaved(void **state)
{
	struct fixture *f = *state;
	store_stream_reads(f->s, 1);
	scan(f, 0);
	scan(f, 1000);
	scan(f, 1);
	scan(f, N);
	store_stream_reads(f->s, 0);
	scan(f, 1000);   /* and unchanged without streaming */
	struct gx_error err;
	int64_t x = 0;
	assert_int_equal(db_query_i64(f->s, "SELECT COUNT(*) FROM customers WHERE city = 'X'", &x, NULL, &err, ""), GX_OK);
	assert_int_equal(x, 1);
}

static void test_left_early_and_in_transaction(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	store_stream_reads(f->s, 1);
	struct db_stmt *st;
	int row = 0;
	assert_int_equal(db_prepare(f->s, "SELECT id FROM customers ORDER BY id", &st, &err), GX_OK);
	for (int i = 0; i < 10; i++)
		assert_int_equal(db_step(f->s, st, &row, &err), GX_OK);
	assert_int_equal(db_col_i64(f->s, st, 0), 10);
	db_reset(f->s, st);   /* the rest is dropped and the connection is free */
	int64_t count = 0;
	assert_int_equal(db_query_i64(f->s, "SELECT COUNT(*) FROM customers", &count, NULL, &err, ""), GX_OK);
	assert_int_equal(count, N);
	/* Inside a transaction: a write in the middle of a scan, then commit mid-scan. */
	assert_int_equal(store_begin(f->s, &err), GX_OK);
	assert_int_equal(db_prepare(f->s, "SELECT id FROM customers WHERE id <= 100 ORDER BY id", &st, &err), GX_OK);
	int64_t sum = 0;
	while (db_step(f->s, st, &row, &err) == GX_OK && row) {
		int64_t id = db_col_i64(f->s, st, 0);
		sum += id;
		if (id == 50)
			assert_int_equal(db_exec(f->s, "UPDATE customers SET city = 'Y' WHERE id = 1", NULL, &err, ""), GX_OK);
	}
	db_reset(f->s, st);
	assert_int_equal(sum, 100 * 101 / 2);
	assert_int_equal(store_commit(f->s, &err), GX_OK);
	assert_int_equal(db_query_i64(f->s, "SELECT COUNT(*) FROM customers WHERE city = 'Y'", &count, NULL, &err, ""), GX_OK);
	assert_int_equal(count, 1);
	store_stream_reads(f->s, 0);
}

static void test_error_after_rows(void **state)
{
	struct fixture *f = *state;
	if (store_backend(f->s) != STORE_POSTGRES)
		skip();   /* SQLite's 1/0 is NULL, not an error */
	struct gx_error err;
	store_stream_reads(f->s, 1);
	for (int nested = 0; nested < 2; nested++) {
		struct db_stmt *st;
		assert_int_equal(db_prepare(f->s, "SELECT id, 1 / (1500 - id) FROM customers ORDER BY id", &st, &err), GX_OK);
		int row = 0, n = 0;
		enum gx_err e;
		while ((e = db_step(f->s, st, &row, &err)) == GX_OK && row) {
			n++;
			if (nested && n == 10) {   /* the rest (and the error) moves into the buffer */
				int64_t c = 0;
				assert_int_equal(db_query_i64(f->s, "SELECT 1", &c, NULL, &err, ""), GX_OK);
			}
		}
		db_reset(f->s, st);
		assert_int_not_equal(e, GX_OK);
		assert_non_null(strstr(err.message, "division by zero"));
		assert_true(n <= 1499);
		int64_t count = 0;   /* the connection is usable again */
		assert_int_equal(db_query_i64(f->s, "SELECT COUNT(*) FROM customers", &count, NULL, &err, ""), GX_OK);
		assert_int_equal(count, N);
	}
	store_stream_reads(f->s, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_whole_and_interleaved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_left_early_and_in_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_after_rows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
