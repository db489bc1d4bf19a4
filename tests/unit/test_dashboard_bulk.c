/* The dashboard rollup after bulk imports (src/app/import.c folds everything the import marked,
 * in one go, before its commit; src/store/dashboard_rollup.c): customers with owners and then
 * their orders (dates from 2022 to 2027, many on the windows' awkward edges: leap days, month
 * ends) are imported with --bulk on; the rollup the import leaves must equal, row for row, the
 * rollup of folding the same customers one at a time (store_dashboard_fold_customer) and a
 * rebuild (store_dashboard_rebuild), and its figures must equal the scan's for ten as-of days
 * and three row scopes. On PostgreSQL (no bulk mode) the same holds for the row path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/app.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"
#include "guanxi/import.h"
#include "guanxi/store_scope.h"
#include "store/driver.h"
#include "support/rollup_check.h"
#include "support/test_db.h"

#define NCUST 400

struct fx {
	struct test_db db;
	struct app app;
	char csv[256];
	int64_t user[3];
};

static uint64_t rng = 20261127;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct gx_error err;
	if (test_db_create(&f->db) != 0) {
		free(f);
		return -1;
	}
	if (app_open(&f->app, f->db.url, 1, &err) != GX_OK) {
		fprintf(stderr, "%s\n", err.message);
		test_db_drop(&f->db);
		free(f);
		return -1;
	}
	snprintf(f->csv, sizeof f->csv, "%s/gx-dashbulk-%d.csv", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	         (int)getpid());
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	test_db_drop(&f->db);
	unlink(f->csv);
	free(f);
	return 0;
}

static int64_t query(struct fx *f, const char *sql)
{
	struct gx_error err;
	int64_t v = -1;
	enum gx_err e = db_query_i64(f->app.store, sql, &v, NULL, &err, "");
	if (e != GX_OK)
		fprintf(stderr, "%s: %s\n", sql, err.message);
	assert_int_equal(e, GX_OK);
	return v;
}

static void exec(struct fx *f, const char *sql)
{
	struct gx_error err;
	enum gx_err e = db_exec_script(f->app.store, sql, &err);
	if (e != GX_OK)
		fprintf(stderr, "%s: %s\n", sql, err.message);
	assert_int_equal(e, GX_OK);
}

static void import_file(struct fx *f, const char *entity, size_t created)
{
	struct import_opts o = {.bulk = IMPORT_BULK_ON};
	struct import_result res;
	struct gx_error err;
	enum gx_err e = app_import(&f->app, import_entity(entity), f->csv, &o, &res, &err);
	if (e != GX_OK)
		fprintf(stderr, "import %s: %s\n", entity, err.message);
	assert_int_equal(e, GX_OK);
	assert_int_equal(res.rejected, 0);
	assert_int_equal(res.created, created);
	if (strcmp(entity, "products") != 0)   /* bulk mode: customers and orders */
		assert_int_equal(res.bulk, !test_db_is_pg());
}

/* The rollup's figures equal the scan's for every test day and three scopes. */
static void compare_scan(struct fx *f)
{
	struct store_scope scopes[3] = {
		{.kind = STORE_SCOPE_ALL},
		{.kind = STORE_SCOPE_OWN, .user_id = f->user[0]},
		{.kind = STORE_SCOPE_OWN, .user_id = f->user[2]},
	};
	assert_true(rollup_check_against_scan(f->app.store, scopes, 3, "bulk import") > 0);
}

static void test_bulk_import_rollup(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	char sql[300];
	for (int u = 0; u < 3; u++) {
		snprintf(sql, sizeof sql, "INSERT INTO users (username, display_name, created_at, updated_at) VALUES"
		                          " ('rep%d', 'rep %d', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", u, u);
		exec(f, sql);
		snprintf(sql, sizeof sql, "SELECT id FROM users WHERE username = 'rep%d'", u);
		f->user[u] = query(f, sql);
	}
	FILE *fp = fopen(f->csv, "w");
	assert_non_null(fp);
	fprintf(fp, "产品编号,产品名称,单价,成本\nP1,茶叶,100,60\nP2,茶具,50,10\nP3,礼盒,299.9,120\n");
	fclose(fp);
	import_file(f, "products", 3);

	/* customers: a quarter in the public pool, the rest with one of three owners */
	fp = fopen(f->csv, "w");
	assert_non_null(fp);
	fprintf(fp, "客户编号,客户名称,手机,客户经理\n");
	for (int i = 1; i <= NCUST; i++) {
		unsigned o = rnd(4);
		char owner[16] = "";
		if (o < 3)
			snprintf(owner, sizeof owner, "rep%u", o);
		fprintf(fp, "K%04d,客户%d,138%08d,%s\n", i, i, i, owner);
	}
	fclose(fp);
	import_file(f, "customers", NCUST);
	int64_t dirty = -1;
	assert_int_equal(store_dashboard_dirty(f->app.store, 10, &dirty, &err), GX_OK);
	assert_int_equal(dirty, 0);

	/* orders of one to three lines, from 2022-07 to 2027-12, a quarter on the windows' edges;
	 * some customers buy often (loyal), some once, some never */
	static const char *const edges[] = {"2024-02-29", "2025-02-28", "2025-03-01", "2023-03-01", "2026-06-15",
	                                    "2025-06-16", "2024-06-16", "2026-12-01", "2026-11-30", "2027-01-01"};
	fp = fopen(f->csv, "w");
	assert_non_null(fp);
	fprintf(fp, "订单编号,客户,下单时间,产品编号,数量,单价\n");
	int orders = 0;
	for (int n = 0; n < 1500; n++) {
		int c = rnd(3) ? 1 + (int)rnd(NCUST / 4) : 1 + (int)rnd(NCUST);
		char date[GX_DATE_FMT_SIZE];
		if (rnd(4) == 0)
			snprintf(date, sizeof date, "%s", edges[rnd(10)]);
		else
			gx_date_format(gx_date_from_ymd(2022, 7, 1) + (int32_t)rnd(2000), date);
		int lines = 1 + (int)rnd(3);
		for (int l = 0; l < lines; l++)
			fprintf(fp, "SO%05d,K%04d,%s %02u:%02u,P%d,%u,%s\n", n, c, date, 8 + rnd(12), rnd(60), 1 + l,
			        1 + rnd(3), l == 2 ? "299.9" : "100");
		orders++;
	}
	fclose(fp);
	import_file(f, "orders", (size_t)orders);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders"), orders);
	assert_int_equal(store_dashboard_dirty(f->app.store, 10, &dirty, &err), GX_OK);
	assert_int_equal(dirty, 0);
	char *imported = rollup_check_text(f->app.store);
	assert_true(strlen(imported) > 10000);
	compare_scan(f);

	/* the same customers folded one at a time */
	exec(f, "DELETE FROM dash_rollup; DELETE FROM dash_customers; INSERT INTO dash_dirty (customer_id) SELECT id FROM"
	        " customers");
	int64_t lo = query(f, "SELECT MIN(id) FROM customers"), hi = query(f, "SELECT MAX(id) FROM customers");
	for (int64_t id = lo; id <= hi; id++)
		assert_int_equal(store_dashboard_fold_customer(f->app.store, id, &err), GX_OK);
	char *one_by_one = rollup_check_text(f->app.store);
	assert_string_equal(imported, one_by_one);

	/* and rebuilt */
	int64_t rebuilt = 0;
	assert_int_equal(store_dashboard_rebuild(f->app.store, &rebuilt, &err), GX_OK);
	assert_int_equal(rebuilt, NCUST);
	char *fresh = rollup_check_text(f->app.store);
	assert_string_equal(imported, fresh);
	free(imported);
	free(one_by_one);
	free(fresh);
	compare_scan(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bulk_import_rollup, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
