/* Bulk order imports write the orders of the importer's fast path behind, several per
 * statement, with ids given by the importer (src/app/import_order_batch.c). These ids must be
 * the ones SQLite would have given: they continue after the rows already there (the largest
 * id + 1, not the count), around an order the general path writes in between (a refund, which
 * also needs its sale already written), after an import that was rolled back, and a plain
 * INSERT afterwards continues after them. Every line belongs to its own order. PostgreSQL has
 * no bulk mode and its ids come from a sequence (explicit ids do not advance it), so the id
 * test is SQLite's only; the other two run on both. Number cells:
 * plain ones take the importer's short parse (import_orders.c plain_number), every other form
 * the general one, with the same values and the same messages as before. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/access.h"
#include "guanxi/app.h"
#include "guanxi/import.h"
#include "store/driver.h"
#include "support/app_fixture.h"
#include "support/test_db.h"

static int64_t query(struct app_fixture *f, const char *sql)
{
	struct gx_error err;
	int64_t v = -1;
	assert_int_equal(db_query_i64(f->app.store, sql, &v, NULL, &err, ""), GX_OK);
	return v;
}

static void on_rejected(void *ctx, size_t line, size_t column, const char *message)
{
	char *out = ctx;
	size_t len = strlen(out);
	snprintf(out + len, 2048 - len, "%zu/%zu %s\n", line, column, message);
}

static void exec(struct app_fixture *f, const char *sql)
{
	struct gx_error err;
	assert_int_equal(db_exec_script(f->app.store, sql, &err), GX_OK);
}

/* Orders <prefix>001… (n of them), order i with 1 + i % 3 lines of 100 fen each; after order
 * `refund_after` (0: none) a refund of order 010's first line. `bad` adds an order of an
 * unknown customer at the end. */
static void write_orders(struct app_fixture *f, const char *prefix, int n, int refund_after, int bad)
{
	FILE *fp = fopen(f->scratch, "w");
	assert_non_null(fp);
	fprintf(fp, "订单编号,客户,类型,原订单,下单时间,产品编号,数量,单价\n");
	for (int i = 1; i <= n; i++) {
		for (int l = 0; l <= i % 3; l++)
			fprintf(fp, "%s%03d,%s,,,2025-03-%02d 10:00,P1,%d,1.00\n", prefix, i, i % 2 ? "K1" : "K2",
			        1 + i % 28, l + 1);
		if (i == refund_after)
			fprintf(fp, "R%s,K2,refund,%s010,2025-04-01 10:00,P1,1,1.00\n", prefix, prefix);
	}
	if (bad)
		fprintf(fp, "%sBAD,K9,,,2025-04-01 10:00,P1,1,1.00\n", prefix);
	fclose(fp);
}

static void import(struct app_fixture *f, int all_or_nothing, struct import_result *res)
{
	struct import_opts o = {.bulk = IMPORT_BULK_ON, .all_or_nothing = all_or_nothing};
	struct gx_error err;
	assert_int_equal(app_import(&f->app, import_entity("orders"), f->scratch, &o, res, &err), GX_OK);
	assert_int_equal(res->bulk, !test_db_is_pg());
}

/* The scratch file with the given CSV text. */
static void write_csv(struct app_fixture *f, const char *text)
{
	FILE *fp = fopen(f->scratch, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Imports the scratch file in bulk mode, the rejected rows' "line/column message" lines
 * collected into rejected (2048 bytes). */
static void import_noting(struct app_fixture *f, char *rejected, struct import_result *res)
{
	struct import_opts o = {.bulk = IMPORT_BULK_ON, .rejected = on_rejected, .ctx = rejected};
	struct gx_error err;
	assert_int_equal(app_import(&f->app, import_entity("orders"), f->scratch, &o, res, &err), GX_OK);
}

static int64_t id_of(struct app_fixture *f, const char *order_no)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM orders WHERE order_no = '%s'", order_no);
	return query(f, sql);
}

static void test_ids(void **state)
{
	struct app_fixture *f = *state;
	if (test_db_is_pg())
		skip();
	exec(f, "INSERT INTO customers (code, kind, name, name_norm, created_at, updated_at) VALUES"
	        " ('K1', 'person', '张伟', '张伟', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
	        " ('K2', 'person', '李娜', '李娜', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
	        " INSERT INTO products (sku, name, price_fen, cost_fen, created_at, updated_at) VALUES"
	        " ('P1', '茶叶', 100, 40, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
	        /* two orders already there, the larger id 7: the next is 8, not 3 */
	        " INSERT INTO orders (id, order_no, customer_id, kind, ordered_at, order_date, status, created_at, updated_at)"
	        " VALUES (2, 'X2', (SELECT id FROM customers WHERE code = 'K1'), 'sale', '2025-02-01T02:00:00Z',"
	        " '2025-02-01', 'completed', '2025-02-01T02:00:00Z', '2025-02-01T02:00:00Z'),"
	        " (7, 'X7', (SELECT id FROM customers WHERE code = 'K1'), 'sale', '2025-02-01T02:00:00Z',"
	        " '2025-02-01', 'completed', '2025-02-01T02:00:00Z', '2025-02-01T02:00:00Z')");
	/* 100 orders (more than one statement's 32, and a part batch), the refund after the 50th */
	write_orders(f, "S", 100, 50, 0);
	struct import_result res;
	import(f, 0, &res);
	assert_int_equal(res.created, 101);
	assert_int_equal(res.rejected, 0);
	assert_int_equal(id_of(f, "S001"), 8);
	assert_int_equal(id_of(f, "S050"), 57);
	assert_int_equal(id_of(f, "RS"), 58);    /* the general path's insert, between two batches */
	assert_int_equal(id_of(f, "S051"), 59);
	assert_int_equal(id_of(f, "S100"), 108);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders WHERE order_no LIKE 'S%'"
	                          " AND id <> 7 + CAST(substr(order_no, 2) AS INTEGER) + (order_no > 'S050')"), 0);
	assert_int_equal(query(f, "SELECT refund_of FROM orders WHERE order_no = 'RS'"), 17);
	/* each order's lines are its own: 1 + i % 3 lines, numbered 1…, quantity = line number */
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders o WHERE o.order_no LIKE 'S%' AND"
	                          " (SELECT COUNT(*) || '/' || SUM(l.quantity) || '/' || MAX(l.line_no) FROM order_lines l"
	                          "  WHERE l.order_id = o.id) <>"
	                          " (1 + CAST(substr(o.order_no, 2) AS INTEGER) % 3) || '/' ||"
	                          " ((1 + CAST(substr(o.order_no, 2) AS INTEGER) % 3) * (2 + CAST(substr(o.order_no, 2) AS INTEGER) % 3) / 2)"
	                          " || '/' || (1 + CAST(substr(o.order_no, 2) AS INTEGER) % 3)"),
	                 0);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders o WHERE amount_fen <>"
	                          " (SELECT COALESCE(SUM(amount_fen), 0) FROM order_lines WHERE order_id = o.id)"),
	                 0);
	/* i % 3 = 0, 1, 2 (33, 34, 33 orders): 1, 1+2, 1+2+3 yuan */
	assert_int_equal(query(f, "SELECT SUM(amount_fen) FROM orders WHERE order_no LIKE 'S%'"),
	                 100 * (33 * 1 + 34 * 3 + 33 * 6));

	/* An all-or-nothing import rolled back (its last order's customer is unknown) leaves no
	 * id used: the next import starts at 109 again. */
	write_orders(f, "T", 40, 0, 1);
	import(f, 1, &res);
	assert_int_equal(res.rolled_back, 1);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders WHERE order_no LIKE 'T%'"), 0);
	assert_int_equal(query(f, "SELECT MAX(id) FROM orders"), 108);
	write_orders(f, "U", 10, 0, 0);
	import(f, 0, &res);
	assert_int_equal(res.created, 10);
	assert_int_equal(id_of(f, "U001"), 109);
	assert_int_equal(id_of(f, "U010"), 118);
	/* and the database's own next id continues after the importer's */
	exec(f, "INSERT INTO orders (order_no, customer_id, kind, ordered_at, order_date, status, created_at, updated_at)"
	        " VALUES ('Y1', (SELECT id FROM customers WHERE code = 'K1'), 'sale', '2025-02-01T02:00:00Z',"
	        " '2025-02-01', 'completed', '2025-02-01T02:00:00Z', '2025-02-01T02:00:00Z')");
	assert_int_equal(id_of(f, "Y1"), 119);
}

static void seed(struct app_fixture *f)
{
	exec(f, "INSERT INTO customers (code, kind, name, name_norm, created_at, updated_at) VALUES"
	        " ('K1', 'person', '张伟', '张伟', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
	        " INSERT INTO products (sku, name, price_fen, cost_fen, created_at, updated_at) VALUES"
	        " ('P1', '茶叶', 100, 40, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')");
}

static void test_number_cells(void **state)
{
	struct app_fixture *f = *state;
	seed(f);
	write_csv(f, "订单编号,客户,下单时间,产品编号,数量,单价\n"
	             "A1,K1,2025-03-01 10:00,P1,3,12.5\n"             /* short parse: 1250 */
	             "A2,K1,2025-03-01 10:00,P1,007,0.05\n"           /* short parse: 7, 5 */
	             "A3,K1,2025-03-01 10:00,P1, 2 ,\"1,234.50\"\n"  /* general: trimmed, separators */
	             "A4,K1,2025-03-01 10:00,P1,1,¥8元\n"              /* general: 800 */
	             "A5,K1,2025-03-01 10:00,P1,1,1.234\n"            /* rejected: three decimals */
	             "A6,K1,2025-03-01 10:00,P1,1.5,1\n"              /* rejected: not whole */
	             "A7,K1,2025-03-01 10:00,P1,-1,1\n"               /* rejected: negative */
	             "A8,K1,2025-03-01 10:00,P1,1000000000001,1\n"    /* rejected: too large */
	             "A9,K1,2025-03-01 10:00,P1,1,.5\n");             /* rejected: no digits before */
	char rejected[2048] = "";
	struct import_result res;
	import_noting(f, rejected, &res);
	assert_int_equal(res.created, 4);
	assert_int_equal(res.rejected, 5);
	assert_int_equal(query(f, "SELECT amount_fen FROM orders WHERE order_no = 'A1'"), 3 * 1250);
	assert_int_equal(query(f, "SELECT amount_fen FROM orders WHERE order_no = 'A2'"), 7 * 5);
	assert_int_equal(query(f, "SELECT amount_fen FROM orders WHERE order_no = 'A3'"), 2 * 123450);
	assert_int_equal(query(f, "SELECT amount_fen FROM orders WHERE order_no = 'A4'"), 800);
	assert_string_equal(rejected,
	                    "6/6 Unit price: amount \"1.234\" has more than two decimals\n"
	                    "7/5 Quantity: \"1.5\" is not a whole number\n"
	                    "8/5 Quantity must not be negative\n"
	                    "9/5 Quantity: \"1000000000001\" is not a whole number\n"
	                    "10/6 Unit price: amount \".5\" has no digits before the decimal point\n");
}

/* Numbers above the table's largest skip the look-up (import_orders.c max_no); numbers at or
 * below it, and one repeated later in the file, are still found and updated. */
static void test_numbers(void **state)
{
	struct app_fixture *f = *state;
	seed(f);
	exec(f, "INSERT INTO orders (order_no, customer_id, kind, ordered_at, order_date, status, created_at, updated_at)"
	        " VALUES ('M5', (SELECT id FROM customers WHERE code = 'K1'), 'sale', '2025-02-01T02:00:00Z',"
	        " '2025-02-01', 'completed', '2025-02-01T02:00:00Z', '2025-02-01T02:00:00Z')");
	write_csv(f, "订单编号,客户,下单时间,产品编号,数量,单价\n"
	             "M6,K1,2025-03-01 10:00,P1,1,1\n"     /* above M5: new */
	             "A1,K1,2025-03-01 10:00,P1,1,1\n"     /* below: looked up, new */
	             "M5,K1,2025-03-01 10:00,P1,2,1\n"     /* the table's own largest: updated */
	             "M7,K1,2025-03-01 10:00,P1,1,1\n"     /* above M6 */
	             "M6,K1,2025-03-01 10:00,P1,3,1\n"     /* M6 again: a further line of it */
	             "M8,K1,2025-03-01 10:00,P1,1,1\n");
	struct import_result res;
	import(f, 0, &res);
	assert_int_equal(res.created, 4);
	assert_int_equal(res.updated, 2);
	assert_int_equal(res.rejected, 0);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders"), 5);
	assert_int_equal(query(f, "SELECT amount_fen FROM orders WHERE order_no = 'M5'"), 200);
	assert_int_equal(query(f, "SELECT amount_fen FROM orders WHERE order_no = 'M6'"), 100 + 300);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM order_lines"), 6);
}

/* A sales rep importing orders sees only their own customers (the facts the fast path reads
 * of each customer carry the caller's row scope, as store_record_get): an order of another
 * rep's customer is rejected as unknown, one of their own takes the customer's owner. */
static void test_customer_scope(void **state)
{
	struct app_fixture *f = *state;
	exec(f, "INSERT INTO users (id, username, display_name, role, created_at, updated_at) VALUES"
	        " (20, 'rep1', '甲', 'sales', 'x', 'x'), (21, 'rep2', '乙', 'sales', 'x', 'x');"
	        " INSERT INTO customers (code, kind, name, name_norm, owner_id, created_at, updated_at) VALUES"
	        " ('K1', 'person', '张伟', '张伟', 20, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
	        " ('K2', 'person', '李娜', '李娜', 21, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
	        " INSERT INTO products (sku, name, price_fen, cost_fen, created_at, updated_at) VALUES"
	        " ('P1', '茶叶', 100, 40, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')");
	write_csv(f, "订单编号,客户,下单时间,产品编号,数量,单价\n"
	             "V1,K1,2025-03-01 10:00,P1,1,1\n"
	             "V2,K2,2025-03-01 10:00,P1,1,1\n");
	memset(&f->app.actor, 0, sizeof f->app.actor);
	f->app.actor.user_id = 20;
	snprintf(f->app.actor.role, sizeof f->app.actor.role, "sales");
	app_access_apply(&f->app);
	char rejected[2048] = "";
	struct import_result res;
	import_noting(f, rejected, &res);
	assert_int_equal(res.created, 1);
	assert_int_equal(res.rejected, 1);
	assert_int_equal(query(f, "SELECT owner_id FROM orders WHERE order_no = 'V1'"), 20);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders WHERE order_no = 'V2'"), 0);
	assert_non_null(strstr(rejected, "3/"));   /* the file's third line, K2's order */
}

/* The customer cell: a plain code is read with the customer's facts in one query
 * (import_orders.c customer_by_code); every other cell — blanks around the code, a code that
 * is not plain ASCII, an id, an unknown code, a customer in the recycle bin — takes the
 * general look-up, with the same customer or the same message as before. */
static void test_customer_cells(void **state)
{
	struct app_fixture *f = *state;
	exec(f, "INSERT INTO users (id, username, display_name, role, created_at, updated_at) VALUES"
	        " (20, 'rep1', '甲', 'sales', 'x', 'x');"
	        " INSERT INTO customers (id, code, kind, name, name_norm, owner_id, deleted_at, created_at, updated_at) VALUES"
	        " (5, 'K1', 'person', '张伟', '张伟', 20, NULL, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
	        " (6, 'K2', 'person', '李娜', '李娜', NULL, '2025-02-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
	        " (7, '客一', 'person', '王芳', '王芳', NULL, NULL, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
	        " INSERT INTO products (sku, name, price_fen, cost_fen, created_at, updated_at) VALUES"
	        " ('P1', '茶叶', 100, 40, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')");
	write_csv(f, "订单编号,客户,下单时间,产品编号,数量,单价\n"
	             "W1,K1,2025-03-01 10:00,P1,1,1\n"       /* plain code */
	             "W2,\" K1 \",2025-03-01 10:00,P1,1,1\n" /* blanks around it: trimmed */
	             "W3,客一,2025-03-01 10:00,P1,1,1\n"     /* not ASCII */
	             "W4,#7,2025-03-01 10:00,P1,1,1\n"       /* an id */
	             "W5,K9,2025-03-01 10:00,P1,1,1\n"       /* unknown */
	             "W6,K2,2025-03-01 10:00,P1,1,1\n"       /* in the recycle bin */
	             "W7,K1,2025-03-02 10:00,P1,1,1\n");     /* K1 again, from the cache */
	char rejected[2048] = "";
	struct import_result res;
	import_noting(f, rejected, &res);
	assert_int_equal(res.created, 5);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders WHERE order_no IN ('W1', 'W2', 'W7')"
	                          " AND customer_id = 5 AND owner_id = 20"), 3);
	assert_int_equal(query(f, "SELECT COUNT(*) FROM orders WHERE order_no IN ('W3', 'W4')"
	                          " AND customer_id = 7 AND owner_id IS NULL"), 2);
	assert_string_equal(rejected, "6/2 Customer: no Customer with code \"K9\"\n"
	                              "7/2 Customer: Customer \"K2\" is in the recycle bin\n");
}

/* ordered_at cells: plain ones are parsed with the zone the importer opened once
 * (import_orders.c order_cells), every other form the general way, with the same stored
 * instants and the same messages as before. */
static void test_instant_cells(void **state)
{
	struct app_fixture *f = *state;
	seed(f);
	write_csv(f, "订单编号,客户,下单时间,产品编号,数量,单价\n"
	             "B1,K1,2025-03-01 10:00,P1,1,1\n"
	             "B2,K1,2025-03-01 10:00:59,P1,1,1\n"
	             "B3,K1,\" 2025-03-01 10:00 \",P1,1,1\n"      /* general: trimmed */
	             "B4,K1,2025-03-01T02:00:00Z,P1,1,1\n"
	             "B5,K1,2025-03-01　10:00,P1,1,1\n"           /* an ideographic space inside */
	             "B6,K1,2025-03-01 25:00,P1,1,1\n"
	             "B7,K1,2025-02-30 10:00,P1,1,1\n"
	             "B8,K1,2025/03/01 10:00,P1,1,1\n"
	             "B9,K1,yesterday,P1,1,1\n");
	char rejected[2048] = "";
	struct import_result res;
	import_noting(f, rejected, &res);
	struct gx_error err;
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->app.store, "SELECT order_no, ordered_at, order_date FROM orders ORDER BY order_no",
	                            &st, &err), GX_OK);
	char got[1024] = "";
	int row = 0;
	while (db_step(f->app.store, st, &row, &err) == GX_OK && row) {
		size_t len = strlen(got);
		snprintf(got + len, sizeof got - len, "%s %s %s\n", db_col_text(f->app.store, st, 0),
		         db_col_text(f->app.store, st, 1), db_col_text(f->app.store, st, 2));
	}
	db_reset(f->app.store, st);
	assert_string_equal(got, "B1 2025-03-01T02:00:00Z 2025-03-01\n"
	                         "B2 2025-03-01T02:00:59Z 2025-03-01\n"
	                         "B3 2025-03-01T02:00:00Z 2025-03-01\n"
	                         "B4 2025-03-01T02:00:00Z 2025-03-01\n");
	assert_string_equal(rejected,
	                    "6/3 Order time: date and time \"2025-03-01　10:00\" has no time (expected T or a space after the date)\n"
	                    "7/3 Order time: date and time \"2025-03-01 25:00\" has an hour past 23\n"
	                    "8/3 Order time: date \"2025-02-30\" has day 30, but month 2 of 2025 has 28 days\n"
	                    "9/3 Order time: date and time \"2025/03/01 10:00\" is not in the form YYYY-MM-DDTHH:MM:SSZ\n"
	                    "10/3 Order time: date and time \"yesterday\" is not in the form YYYY-MM-DDTHH:MM:SSZ\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_number_cells, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_numbers, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_scope, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_customer_cells, app_fixture_setup, app_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_instant_cells, app_fixture_setup, app_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
