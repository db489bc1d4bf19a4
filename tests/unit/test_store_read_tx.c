/* store_read_begin / store_read_end: the one read transaction of a read-only HTTP request
 * (SQLite). Checked with two connections to one database: inside it a request sees one
 * snapshot; a statement that writes ends it first and then succeeds even though the snapshot
 * was stale; store_begin ends it too; and on PostgreSQL both calls change nothing. */
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

struct fixture {
	struct test_db db;
	struct store *reader;   /* the request's connection */
	struct store *writer;   /* another connection (the writer thread's, say) */
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
	if (store_open(f->db.url, &o, &f->writer, &err) != GX_OK ||
	    db_exec_script(f->writer,
	                   "INSERT INTO customers (id, code, kind, name, name_norm, created_at, updated_at)"
	                   " VALUES (1, 'C1', 'person', 'A', 'a', 'x', 'x')",
	                   &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	struct store_open_options o2 = {0};
	if (store_open(f->db.url, &o2, &f->reader, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->reader);
	store_close(f->writer);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

static int64_t count(struct store *s)
{
	struct gx_error err;
	int64_t n = -1;
	assert_int_equal(db_query_i64(s, "SELECT COUNT(*) FROM customers", &n, NULL, &err, ""), GX_OK);
	return n;
}

static void add(struct store *s, int id)
{
	struct gx_error err;
	assert_int_equal(db_exec(s, "INSERT INTO customers (id, code, kind, name, name_norm, created_at, updated_at)"
	                            " VALUES (?, ?, 'person', 'B', 'b', 'x', 'x')",
	                         NULL, &err, "it", (int64_t)id, id == 2 ? "C2" : id == 3 ? "C3" : "C4"),
	                 GX_OK);
}

/* One snapshot from the first read to store_read_end; the next request sees the new row. */
static void test_one_snapshot(void **state)
{
	struct fixture *f = *state;
	store_read_begin(f->reader);
	assert_int_equal(f->reader->read_tx, !test_db_is_pg());
	assert_int_equal(count(f->reader), 1);
	add(f->writer, 2);
	assert_int_equal(count(f->reader), test_db_is_pg() ? 2 : 1);
	assert_int_equal(store_in_transaction(f->reader), 0);   /* handlers still see none */
	store_read_end(f->reader);
	assert_int_equal(f->reader->read_tx, 0);
	assert_int_equal(count(f->reader), 2);
}

/* A write after another connection committed: inside the stale snapshot it would fail with
 * SQLITE_BUSY_SNAPSHOT; the guard ends the read transaction first, so it succeeds. */
static void test_write_ends_it(void **state)
{
	struct fixture *f = *state;
	store_read_begin(f->reader);
	assert_int_equal(count(f->reader), 1);
	add(f->writer, 2);
	add(f->reader, 3);
	assert_int_equal(f->reader->read_tx, 0);
	assert_int_equal(count(f->reader), 3);
	assert_int_equal(count(f->writer), 3);   /* committed, not held to the end of the request */
	store_read_end(f->reader);   /* harmless once ended */
}

/* store_begin ends it and starts an ordinary transaction; its commit stands. */
static void test_begin_ends_it(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	store_read_begin(f->reader);
	assert_int_equal(count(f->reader), 1);
	add(f->writer, 2);
	assert_int_equal(store_begin(f->reader, &err), GX_OK);
	assert_int_equal(f->reader->read_tx, 0);
	assert_int_equal(store_in_transaction(f->reader), 1);
	assert_int_equal(count(f->reader), 2);
	add(f->reader, 4);
	assert_int_equal(store_commit(f->reader, &err), GX_OK);
	assert_int_equal(count(f->writer), 3);
}

/* Nothing is opened inside a transaction of the caller's. */
static void test_not_inside_a_transaction(void **state)
{
	struct fixture *f = *state;
	struct gx_error err;
	assert_int_equal(store_begin(f->reader, &err), GX_OK);
	store_read_begin(f->reader);
	assert_int_equal(f->reader->read_tx, 0);
	add(f->reader, 2);
	store_read_end(f->reader);
	assert_int_equal(store_in_transaction(f->reader), 1);   /* still the caller's */
	assert_int_equal(store_commit(f->reader, &err), GX_OK);
	assert_int_equal(count(f->writer), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_ends_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_ends_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_inside_a_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
