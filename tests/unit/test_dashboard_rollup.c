/* Unit tests of the dashboard's rollup (migration 0020, store/dashboard_rollup.c) on a fresh
 * database of the run's backend: a company of 80 customers and 500 orders drawn by a fixed
 * generator (sales, refunds, cancelled and deleted orders, four owners, two teams, a department
 * with a sub-department, the public pool) is counted by the rollup and by the scan that defines
 * the figures, as of days chosen to sit on the windows' awkward edges (leap days, month ends),
 * for every row scope; then after a sequence of updates, deletes, owner changes, deletions,
 * merges and new orders, with the rollup partly folded, wholly folded, and rebuilt (incremental
 * == rebuilt); and read while another connection folds, as a PostgreSQL server's background
 * thread does. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/app.h"
#include "guanxi/customer.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"
#include "guanxi/jobs.h"
#include "guanxi/store_scope.h"
#include "store/driver.h"
#include "support/rollup_check.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	int64_t user[4], team[2], dept[2];
};

static uint64_t rng = 20261126;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

static void exec(struct fx *f, const char *sql)
{
	struct gx_error err;
	enum gx_err e = db_exec_script(f->app.store, sql, &err);
	if (e != GX_OK)
		fprintf(stderr, "%s: %s\n", sql, err.message);
	assert_int_equal(e, GX_OK);
}

static int64_t insert_id(struct fx *f, const char *sql)
{
	struct gx_error err;
	int64_t id = 0;
	int found = 0;
	enum gx_err e = db_query_i64(f->app.store, sql, &id, &found, &err, "");
	if (e != GX_OK)
		fprintf(stderr, "%s: %s\n", sql, err.message);
	assert_int_equal(e, GX_OK);
	assert_true(found);
	return id;
}

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

/* The rollup's figures equal the scan's for every test day and scope. */
static void compare_all(struct fx *f, const char *stage)
{
	struct store_scope scopes[5] = {
		{.kind = STORE_SCOPE_ALL},
		{.kind = STORE_SCOPE_OWN, .user_id = f->user[0]},
		{.kind = STORE_SCOPE_TEAM, .user_id = f->user[1], .team_id = f->team[0]},
		{.kind = STORE_SCOPE_DEPARTMENT, .user_id = f->user[2], .department_id = f->dept[0]},
		{.kind = STORE_SCOPE_TEAM, .user_id = f->user[3]},   /* no team: own and the pool */
	};
	assert_true(rollup_check_against_scan(f->app.store, scopes, 5, stage) != 0);   /* compared something */
}

static void company(struct fx *f)
{
	char sql[600];
	f->dept[0] = insert_id(f, "INSERT INTO departments (code, name, created_at, updated_at) VALUES"
	                          " ('D1', '销售部', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id");
	snprintf(sql, sizeof sql, "INSERT INTO departments (code, name, parent_id, created_at, updated_at) VALUES"
	                          " ('D2', '华东区', %lld, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	         (long long)f->dept[0]);
	f->dept[1] = insert_id(f, sql);
	for (int t = 0; t < 2; t++) {
		snprintf(sql, sizeof sql, "INSERT INTO teams (code, name, created_at, updated_at) VALUES"
		                          " ('T%d', 'team %d', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id", t, t);
		f->team[t] = insert_id(f, sql);
	}
	for (int u = 0; u < 4; u++) {
		snprintf(sql, sizeof sql, "INSERT INTO users (username, display_name, created_at, updated_at) VALUES"
		                          " ('u%d', 'user %d', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id", u, u);
		f->user[u] = insert_id(f, sql);
	}
	for (int c = 0; c < 80; c++) {
		char owner[24] = "NULL", team[24] = "NULL", dept[24] = "NULL";
		if (rnd(8))
			snprintf(owner, sizeof owner, "%lld", (long long)f->user[rnd(4)]);
		if (rnd(3))
			snprintf(team, sizeof team, "%lld", (long long)f->team[rnd(2)]);
		if (rnd(3))
			snprintf(dept, sizeof dept, "%lld", (long long)f->dept[rnd(2)]);
		/* created between 2023 and 2027, on quarter hours and off them */
		snprintf(sql, sizeof sql, "INSERT INTO customers (code, kind, name, name_norm, owner_id, team_id, department_id,"
		                          " created_at, updated_at) VALUES ('C%d', 'person', 'c%d', 'c%d', %s, %s, %s,"
		                          " '%d-%02u-%02uT%02u:%02u:%02uZ', '2026-01-01T00:00:00Z')",
		         c, c, c, owner, team, dept, 2023 + (int)rnd(5), 1 + rnd(12), 1 + rnd(28), rnd(24), rnd(4) * 15,
		         rnd(2) * rnd(60));
		exec(f, sql);
	}
}

static void order(struct fx *f, int no, int64_t customer)
{
	char sql[700], date[GX_DATE_FMT_SIZE];
	/* 2022-07 .. 2027-12, often at a window's edge */
	static const char *const edges[] = {"2024-02-29", "2025-02-28", "2025-03-01", "2023-03-01", "2026-06-15",
	                                    "2025-06-16", "2024-06-16", "2026-12-01", "2026-11-30", "2027-01-01"};
	if (rnd(4) == 0)
		snprintf(date, sizeof date, "%s", edges[rnd(10)]);
	else
		gx_date_format(gx_date_from_ymd(2022, 7, 1) + (int32_t)rnd(2000), date);
	int refund = rnd(8) == 0;
	const char *status = rnd(10) == 0 ? "cancelled" : rnd(5) == 0 ? "open" : "completed";
	snprintf(sql, sizeof sql,
	         "INSERT INTO orders (order_no, customer_id, kind, refund_of, ordered_at, order_date, amount_fen, status,"
	         " created_at, updated_at, deleted_at) VALUES ('O%d', %lld, '%s', %s, '%sT02:00:00Z', '%s', %d, '%s',"
	         " '%sT02:00:00Z', '%sT02:00:00Z', %s)",
	         no, (long long)customer, refund ? "refund" : "sale",
	         refund ? "(SELECT MIN(id) FROM orders)" : "NULL", date, date, refund ? -(int)rnd(5000) : (int)rnd(90000),
	         status, date, date, rnd(15) == 0 ? "'2026-01-01T00:00:00Z'" : "NULL");
	exec(f, sql);
}

static void test_rollup_equals_scan(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	company(f);
	int64_t first = insert_id(f, "SELECT MIN(id) FROM customers");
	order(f, 0, first);
	for (int i = 1; i < 500; i++)
		order(f, i, first + rnd(80));
	/* everything dirty: the reader corrects for all of it */
	compare_all(f, "unfolded");
	int64_t folded = 0, dirty = -1;
	assert_int_equal(store_dashboard_fold(f->app.store, 0, &folded, &err), GX_OK);
	assert_int_equal(folded, 80);
	assert_int_equal(store_dashboard_dirty(f->app.store, 1000, &dirty, &err), GX_OK);
	assert_int_equal(dirty, 0);
	compare_all(f, "folded");

	/* writes of every kind, outside the app */
	char sql[300];
	exec(f, "UPDATE orders SET order_date = '2024-02-29' WHERE id % 7 = 0");
	exec(f, "UPDATE orders SET deleted_at = '2026-02-01T00:00:00Z' WHERE id % 11 = 0");
	exec(f, "UPDATE orders SET status = 'cancelled' WHERE id % 13 = 0");
	exec(f, "UPDATE orders SET amount_fen = amount_fen + 1 WHERE id % 3 = 0");
	exec(f, "DELETE FROM orders WHERE id % 17 = 0 AND kind = 'refund'");
	snprintf(sql, sizeof sql, "UPDATE orders SET customer_id = %lld WHERE id %% 19 = 0", (long long)first + 5);
	exec(f, sql);
	snprintf(sql, sizeof sql, "UPDATE customers SET owner_id = %lld WHERE id %% 5 = 0", (long long)f->user[1]);
	exec(f, sql);
	exec(f, "UPDATE customers SET owner_id = NULL WHERE id % 6 = 0");
	snprintf(sql, sizeof sql, "UPDATE customers SET team_id = %lld, department_id = %lld WHERE id %% 4 = 0",
	         (long long)f->team[1], (long long)f->dept[1]);
	exec(f, sql);
	exec(f, "UPDATE customers SET deleted_at = '2026-03-01T00:00:00Z' WHERE id % 9 = 0");
	snprintf(sql, sizeof sql, "UPDATE customers SET merged_into = %lld, deleted_at = '2026-03-02T00:00:00Z'"
	                          " WHERE id %% 23 = 0 AND id <> %lld", (long long)first, (long long)first);
	exec(f, sql);
	exec(f, "UPDATE customers SET created_at = '2026-05-31T16:00:00Z' WHERE id % 10 = 0");
	for (int i = 500; i < 540; i++)
		order(f, i, first + rnd(80));
	assert_int_equal(store_dashboard_dirty(f->app.store, 1000, &dirty, &err), GX_OK);
	assert_true(dirty > 20);
	compare_all(f, "changed");
	/* partly folded: some customers from the rollup, the rest corrected */
	assert_int_equal(store_dashboard_fold(f->app.store, 7, &folded, &err), GX_OK);
	assert_int_equal(folded, 7);
	assert_int_equal(store_dashboard_fold_customer(f->app.store, first + 5, &err), GX_OK);
	compare_all(f, "partly folded");
	assert_int_equal(store_dashboard_fold(f->app.store, 0, NULL, &err), GX_OK);
	compare_all(f, "folded again");
	/* incremental == rebuilt */
	char *incremental = rollup_check_text(f->app.store);
	int64_t rebuilt = 0;
	assert_int_equal(store_dashboard_rebuild(f->app.store, &rebuilt, &err), GX_OK);
	assert_int_equal(rebuilt, 80);
	char *fresh = rollup_check_text(f->app.store);
	assert_true(strlen(fresh) > 1000);
	assert_string_equal(incremental, fresh);
	free(incremental);
	free(fresh);
	compare_all(f, "rebuilt");
	/* a hard delete of a customer (its orders first) takes its part back */
	snprintf(sql, sizeof sql, "DELETE FROM orders WHERE refund_of IN (SELECT id FROM orders WHERE customer_id = %lld)"
	                          " OR customer_id = %lld", (long long)first + 7, (long long)first + 7);
	exec(f, sql);
	snprintf(sql, sizeof sql, "DELETE FROM customers WHERE id = %lld", (long long)first + 7);
	exec(f, sql);
	compare_all(f, "deleted");
	assert_int_equal(store_dashboard_fold(f->app.store, 0, NULL, &err), GX_OK);
	compare_all(f, "deleted and folded");
	/* rows that came to zero went, each by its own key (the fold scans no longer for them) */
	int64_t zero = -1;
	assert_int_equal(db_query_i64(f->app.store, "SELECT COUNT(*) FROM dash_rollup WHERE n = 0", &zero, NULL, &err, ""),
	                 GX_OK);
	assert_int_equal(zero, 0);
}

/* The app's order and customer writes fold their customer in the same transaction. */
static void test_app_writes_fold(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	company(f);
	int64_t dirty = -1;
	int64_t first = insert_id(f, "SELECT MIN(id) FROM customers");
	order(f, 0, first);
	for (int i = 1; i < 100; i++)
		order(f, i, first + rnd(4));
	assert_int_equal(store_dashboard_fold(f->app.store, 0, NULL, &err), GX_OK);
	assert_int_equal(app_customer_delete(&f->app, first + 1, &err), GX_OK);
	assert_int_equal(store_dashboard_dirty(f->app.store, 10, &dirty, &err), GX_OK);
	assert_int_equal(dirty, 0);
	assert_int_equal(app_customer_restore(&f->app, first + 1, &err), GX_OK);
	assert_int_equal(store_dashboard_dirty(f->app.store, 10, &dirty, &err), GX_OK);
	assert_int_equal(dirty, 0);
	compare_all(f, "after app writes");
}

/* Another connection marks every customer dirty and folds them again in a transaction, over
 * and over, as a PostgreSQL server's background thread folds what requests marked. */
struct refolder {
	const char *url;
	atomic_int stop;
	atomic_int rounds;
	int failed;
};

static void *refold_main(void *arg)
{
	struct refolder *r = arg;
	struct app other;
	struct gx_error err;
	if (app_open(&other, r->url, 0, &err) != GX_OK) {
		r->failed = 1;
		return NULL;
	}
	while (!atomic_load(&r->stop)) {
		if (db_exec_script(other.store, "INSERT INTO dash_dirty (customer_id) SELECT id FROM customers"
		                                " WHERE id NOT IN (SELECT customer_id FROM dash_dirty)", &err) != GX_OK ||
		    app_jobs_fold_dashboard(&other, 0, &err) != GX_OK) {
			fprintf(stderr, "refold: %s\n", err.message);
			r->failed = 1;
			break;
		}
		atomic_fetch_add(&r->rounds, 1);
	}
	app_close(&other);
	return NULL;
}

/* A read outside any transaction (a GET on PostgreSQL) sees the rollup and the dirty marks of
 * one instant: while folds that change no figure commit meanwhile, every read gives the same
 * figures. Read statement by statement, a fold committed after the rollup was read took the
 * dirty customers away from the correction and their orders out of the figures. */
static void test_read_while_folding(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	company(f);
	int64_t first = insert_id(f, "SELECT MIN(id) FROM customers");
	for (int i = 0; i < 300; i++)
		order(f, i, first + rnd(80));
	assert_int_equal(store_dashboard_fold(f->app.store, 0, NULL, &err), GX_OK);
	struct gx_tz *tz;
	int32_t day;
	assert_int_equal(gx_tz_open("Asia/Shanghai", &tz, &err), GX_OK);
	assert_int_equal(gx_date_parse("2026-06-30", &day, "day", &err), GX_OK);
	struct dashboard_window w;
	dashboard_window_fill(&w, day, tz, 0);
	gx_tz_free(tz);
	struct dashboard_figures want, got;
	assert_int_equal(store_dashboard_figures_scan(f->app.store, &w, &want, &err), GX_OK);
	assert_true(want.active > 0 && want.revenue_year_fen != 0);

	struct refolder r = {.url = f->db.url};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, refold_main, &r), 0);
	int reads = 0, differ = 0;
	/* at least 300 reads and 30 folds meanwhile (the folder's first round waits for nothing) */
	while (reads < 300 || (atomic_load(&r.rounds) < 30 && !r.failed && reads < 100000)) {
		assert_int_equal(f->app.store->tx_depth, 0);
		if (store_dashboard_figures(f->app.store, &w, &got, &err) != GX_OK) {
			fprintf(stderr, "read %d: %s\n", reads, err.message);
			break;
		}
		reads++;
		if (memcmp(&got, &want, sizeof got) != 0 && differ++ == 0)
			fprintf(stderr, "read %d: active %lld, revenue this year %lld (want %lld, %lld)\n", reads,
			        (long long)got.active, (long long)got.revenue_year_fen, (long long)want.active,
			        (long long)want.revenue_year_fen);
	}
	atomic_store(&r.stop, 1);
	pthread_join(t, NULL);
	assert_false(r.failed);
	assert_true(atomic_load(&r.rounds) >= 30);
	assert_true(reads >= 300);
	assert_int_equal(differ, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rollup_equals_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_app_writes_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_while_folding, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
