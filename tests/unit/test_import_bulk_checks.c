/* Bulk loads of orders (src/store/sqlite/bulk_import.c) insert with SQLite's CHECK constraints
 * off and test the same constraints once over the new rows at the end: a row that breaks one
 * (a status outside the enumeration, a refund without its sale, a line of quantity 0) fails
 * store_bulk_end, so the importer rolls the load back; good rows pass; afterwards the
 * constraints are enforced again on the connection; and the dashboard's insert trigger, dropped
 * for the load, is back and the loaded rows' customers are marked for the fold. PostgreSQL has
 * no bulk mode (store_bulk_begin gives NULL): the suite checks only that there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/app.h"
#include "guanxi/bulk_store.h"
#include "guanxi/dashboard_store.h"
#include "store/driver.h"
#include "support/app_fixture.h"
#include "support/test_db.h"

static enum gx_err exec(struct app_fixture *f, const char *sql)
{
	struct gx_error err;
	return db_exec_script(f->app.store, sql, &err);
}

static int64_t query(struct app_fixture *f, const char *sql)
{
	struct gx_error err;
	int64_t v = -1;
	assert_int_equal(db_query_i64(f->app.store, sql, &v, NULL, &err, ""), GX_OK);
	return v;
}

static const char *const order_tables[] = {"orders", "order_lines", NULL};

#define ORDER(no, kind, status) \
	"INSERT INTO orders (order_no, customer_id, kind, ordered_at, order_date, status, created_at, updated_at)" \
	" VALUES ('" no "', (SELECT MIN(id) FROM customers), '" kind "', '2025-03-01T02:00:00Z', '2025-03-01', '" \
	status "', '2025-03-01T02:00:00Z', '2025-03-01T02:00:00Z')"
#define LINE(no, qty) \
	"INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_fen, amount_fen)" \
	" VALUES ((SELECT id FROM orders WHERE order_no = '" no "'), 1, (SELECT MIN(id) FROM products), " qty ", 100, 100)"

/* One bulk load of the given statements; returns what store_bulk_end says (the load rolled
 * back when it fails, committed when not). */
static enum gx_err load(struct app_fixture *f, const char *const *sqls)
{
	struct gx_error err;
	struct store_bulk *b = NULL;
	assert_int_equal(store_begin(f->app.store, &err), GX_OK);
	assert_int_equal(store_bulk_begin(f->app.store, order_tables, 0, &b, &err), GX_OK);
	assert_non_null(b);
	for (size_t i = 0; sqls[i]; i++)
		assert_int_equal(exec(f, sqls[i]), GX_OK);   /* no CHECK during the load */
	enum gx_err e = store_bulk_end(b, &err);
	if (e == GX_OK) {
		assert_int_equal(store_commit(f->app.store, &err), GX_OK);
	} else {
		assert_non_null(strstr(err.message, "CHECK"));
		store_rollback(f->app.store);
	}
	return e;
}

static void test_checks_after_load(void **state)
{
	struct app_fixture *f = *state;
	struct gx_error err;
	assert_int_equal(exec(f, "INSERT INTO customers (code, kind, name, name_norm, created_at, updated_at) VALUES"
	                         " ('K1', 'person', '张伟', '张伟', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
	                         " INSERT INTO products (sku, name, price_fen, created_at, updated_at) VALUES"
	                         " ('P1', '茶叶', 100, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')"),
	                 GX_OK);
	struct store_bulk *b = NULL;
	if (test_db_is_pg()) {
		assert_int_equal(store_bulk_begin(f->app.store, order_tables, 0, &b, &err), GX_OK);
		assert_null(b);
		return;
	}
	assert_int_equal(store_dashboard_fold(f->app.store, 0, NULL, &err), GX_OK);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM dash_dirty"), 0);

	const char *const bad_status[] = {ORDER("O1", "sale", "completed"), ORDER("O2", "sale", "shipped"), NULL};
	assert_int_equal(load(f, bad_status), GX_EINTERNAL);
	const char *const bad_refund[] = {ORDER("O3", "refund", "completed"), NULL};
	assert_int_equal(load(f, bad_refund), GX_EINTERNAL);
	const char *const bad_line[] = {ORDER("O4", "sale", "open"), LINE("O4", "0"), NULL};
	assert_int_equal(load(f, bad_line), GX_EINTERNAL);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders"), 0);   /* all rolled back */

	const char *const good[] = {ORDER("O5", "sale", "open"), LINE("O5", "2"), ORDER("O6", "sale", "cancelled"), NULL};
	assert_int_equal(load(f, good), GX_OK);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders"), 2);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM order_lines"), 1);
	/* the load's customer is marked for the fold, and the trigger that marks is back */
	assert_int_equal(query(f, "SELECT COUNT(*) FROM dash_dirty"), 1);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'dash_orders_ins'"), 1);
	assert_int_equal(store_dashboard_fold(f->app.store, 0, NULL, &err), GX_OK);
	assert_int_equal(exec(f, ORDER("O7", "sale", "open")), GX_OK);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM dash_dirty"), 1);
	/* the constraints hold again outside a load */
	assert_int_not_equal(exec(f, ORDER("O8", "sale", "shipped")), GX_OK);
	assert_int_not_equal(exec(f, LINE("O7", "0")), GX_OK);
	assert_int_equal(query(f, "PRAGMA ignore_check_constraints"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_checks_after_load, app_fixture_setup, app_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
