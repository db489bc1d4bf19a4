/* Unit tests of the dashboard's customer counts (store/dashboard_store.c) on a fresh database
 * of the run's backend (SQLite, and PostgreSQL in the PostgreSQL pass): customers made with
 * known created_at instants, owners, recycle-bin and merge marks, counted against a month
 * start by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "guanxi/app.h"
#include "guanxi/dashboard_store.h"
#include "store/driver.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	struct gx_error err;
	if (app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		test_db_drop(&f->db);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

static void add(struct fx *f, const char *code, const char *created, int64_t owner, const char *deleted,
                int64_t merged_into)
{
	struct gx_error err;
	enum gx_err e = db_exec(f->app.store,
	                        "INSERT INTO customers (code, kind, name, name_norm, owner_id, created_at, updated_at,"
	                        " deleted_at, merged_into) VALUES (?, 'person', ?, ?, ?, ?, ?, ?, ?)",
	                        NULL, &err, "tttItttI", code, code, code, owner, created, created, deleted, merged_into);
	if (e != GX_OK)
		fprintf(stderr, "%s: %s\n", code, err.message);
	assert_int_equal(e, GX_OK);
}

static void test_counts(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct dashboard_customer_counts c;
	/* an empty database counts zero everywhere */
	assert_int_equal(store_dashboard_customer_counts(f->app.store, "2026-10-31T16:00:00Z", &c, &err), GX_OK);
	assert_int_equal(c.total, 0);
	assert_int_equal(c.new_since, 0);
	assert_int_equal(c.pool, 0);

	int64_t u = 0;
	int found = 0;
	assert_int_equal(db_query_i64(f->app.store,
	                              "INSERT INTO users (username, display_name, created_at, updated_at)"
	                              " VALUES ('li', '李强', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	                              &u, &found, &err, ""), GX_OK);
	assert_true(found && u > 0);
	/* November 2026 in Shanghai starts at 2026-10-31T16:00:00Z */
	add(f, "A", "2026-10-31T15:59:59Z", u, NULL, 0);   /* 23:59:59 on 31 Oct, Shanghai: October */
	add(f, "B", "2026-10-31T16:00:00Z", 0, NULL, 0);   /* midnight, 1 Nov: new, pool */
	add(f, "C", "2026-11-20T02:00:00Z", u, NULL, 0);   /* new, owned */
	add(f, "D", "2026-03-01T00:00:00Z", 0, NULL, 0);   /* old, pool */
	add(f, "E", "2026-11-21T00:00:00Z", 0, "2026-11-22T00:00:00Z", 0);   /* in the bin */
	add(f, "F", "2026-11-21T00:00:00Z", 0, NULL, 3);   /* merged into C */
	assert_int_equal(store_dashboard_customer_counts(f->app.store, "2026-10-31T16:00:00Z", &c, &err), GX_OK);
	assert_int_equal(c.total, 4);
	assert_int_equal(c.new_since, 2);
	assert_int_equal(c.pool, 2);
	/* since the start of October every live customer but D is new */
	assert_int_equal(store_dashboard_customer_counts(f->app.store, "2026-09-30T16:00:00Z", &c, &err), GX_OK);
	assert_int_equal(c.new_since, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
