/* Unit tests of the association-rule job (MODELS.md M23: analytics/assoc.c's streaming
 * counter, store/assoc_store.c, app/assoc_run.c) on a fresh database of the run's backend:
 * the counter gives the rules worked out by hand and the same rules as assoc_mine on random
 * baskets fed in any order; the baskets read from the database are the sale orders of live
 * customers only (a refund, a cancelled order and a deleted customer's order left out); the
 * stored run and rules, the customer's suggestions, and a change of the assoc_* settings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/analytics/assoc.h"
#include "guanxi/app.h"
#include "guanxi/recommend.h"
#include "guanxi/settings.h"
#include "store/driver.h"
#include "support/app_fixture.h"
#include "support/test_db.h"

/* The baskets of the file comment of tests/integration/test_assoc.sh: O1 {1,2} O2 {1,2,3}
 * O3 {1,3} O4 {2,4} O5 {1,2}. */
static const int64_t basket_items[] = {1, 2, 1, 2, 3, 1, 3, 3, 2, 4, 1, 2};
static const size_t basket_offsets[] = {0, 2, 5, 8, 10, 12};

static void expect(const struct assoc_rule *r, int64_t a, int64_t c, int64_t both, double sup, double conf,
                   double lift)
{
	assert_int_equal(r->antecedent, a);
	assert_int_equal(r->consequent, c);
	assert_int_equal(r->n_both, both);
	assert_true(fabs(r->support - sup) < 1e-12);
	assert_true(fabs(r->confidence - conf) < 1e-12);
	assert_true(fabs(r->lift - lift) < 1e-12);
}

static void test_counter_by_hand(void **state)
{
	(void)state;
	struct assoc_counter *c = assoc_counter_new();
	for (size_t b = 0; b < 5; b++)
		assoc_counter_add(c, basket_items + basket_offsets[b], basket_offsets[b + 1] - basket_offsets[b]);
	assert_int_equal(assoc_counter_baskets(c), 5);
	assert_int_equal(assoc_counter_items(c), 4);
	assert_int_equal(assoc_counter_pairs(c), 4);   /* {1,2} {1,3} {2,3} {2,4} */
	struct assoc_options o;
	assoc_options_default(&o);
	struct assoc_rule *r;
	size_t n;
	struct gx_error err;
	assert_int_equal(assoc_counter_rules(c, &o, &r, &n, &err), GX_OK);
	assert_int_equal(n, 4);
	expect(&r[0], 3, 1, 2, 0.4, 1.0, 1.25);     /* 2/2; 1 / (4/5) */
	expect(&r[1], 4, 2, 1, 0.2, 1.0, 1.25);
	expect(&r[2], 1, 3, 2, 0.4, 0.5, 1.25);     /* 2/4; 0.5 / (2/5) */
	expect(&r[3], 2, 4, 1, 0.2, 0.25, 1.25);    /* 1/4; 0.25 / (1/5) */
	free(r);
	o.min_confidence = 0.7;
	o.min_lift = 0.9;
	assert_int_equal(assoc_counter_rules(c, &o, &r, &n, &err), GX_OK);
	assert_int_equal(n, 4);
	expect(&r[2], 1, 2, 3, 0.6, 0.75, 0.9375); /* 3/4; 0.75 / (4/5) */
	expect(&r[3], 2, 1, 3, 0.6, 0.75, 0.9375);
	free(r);
	o.min_support = 0;
	assert_int_equal(assoc_counter_rules(c, &o, &r, &n, &err), GX_EINVAL);
	assert_string_equal(err.field, "min_support");
	assoc_counter_free(c);
}

/* Baskets in reverse order with shuffled, repeated items: the same rules as assoc_mine. */
static void test_counter_matches_mine(void **state)
{
	(void)state;
	enum { B = 3000, MAXL = 6 };
	int64_t *items = malloc(B * MAXL * sizeof *items);
	size_t *off = malloc((B + 1) * sizeof *off);
	uint32_t x = 12345;
	off[0] = 0;
	for (size_t b = 0; b < B; b++) {
		x = x * 1103515245u + 12345u;
		size_t len = 1 + (x >> 16) % MAXL;
		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			/* a few popular items and correlated pairs */
			int64_t it = (x >> 16) % 30;
			items[off[b] + i] = (i > 0 && it % 3 == 0) ? items[off[b]] + 100 : it;
		}
		off[b + 1] = off[b] + len;
	}
	struct assoc_options o = {0.005, 0.1, 1.05};
	struct assoc_rule *r1, *r2;
	size_t n1, n2;
	struct gx_error err;
	assert_int_equal(assoc_mine(items, off, B, &o, &r1, &n1, &err), GX_OK);
	struct assoc_counter *c = assoc_counter_new();
	for (size_t b = B; b-- > 0;)
		assoc_counter_add(c, items + off[b], off[b + 1] - off[b]);
	assert_int_equal(assoc_counter_rules(c, &o, &r2, &n2, &err), GX_OK);
	assert_true(n1 > 10);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_int_equal(r1[i].antecedent, r2[i].antecedent);
		assert_int_equal(r1[i].consequent, r2[i].consequent);
		assert_int_equal(r1[i].n_both, r2[i].n_both);
		assert_true(r1[i].lift == r2[i].lift);
	}
	free(r1);
	free(r2);
	assoc_counter_free(c);
	free(items);
	free(off);
}

static void exec(struct app_fixture *f, const char *sql)
{
	struct gx_error err;
	gx_error_clear(&err);
	enum gx_err e = db_exec_script(f->app.store, sql, &err);
	if (e != GX_OK)
		fprintf(stderr, "%s\n", err.message);
	assert_int_equal(e, GX_OK);
}

static void order(struct app_fixture *f, int id, int customer, const char *kind, const char *refund_of, const char *status,
                  const int *products, int n)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "INSERT INTO orders (id, order_no, customer_id, kind, refund_of, ordered_at, order_date, amount_fen,"
	         " cost_fen, status, created_at, updated_at) VALUES (%d, 'NO%d', %d, '%s', %s, '2026-03-01T02:00:00Z',"
	         " '2026-03-01', 0, 0, '%s', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
	         id, id, customer, kind, refund_of, status);
	exec(f, sql);
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql,
		         "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_fen, amount_fen)"
		         " VALUES (%d, %d, %d, 1, 100, 100)", id, i + 1, products[i]);
		exec(f, sql);
	}
}

static void fill(struct app_fixture *f)
{
	exec(f, "INSERT INTO customers (id, code, kind, name, name_norm, created_at, updated_at) VALUES"
	        " (1, 'CA', 'person', 'A', 'a', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	        " (2, 'CB', 'person', 'B', 'b', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	        " (3, 'CC', 'person', 'C', 'c', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	        " (4, 'CD', 'person', 'D', 'd', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	exec(f, "INSERT INTO products (id, sku, name, created_at, updated_at) VALUES"
	        " (1, 'P1', '一', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	        " (2, 'P2', '二', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	        " (3, 'P3', '三', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
	        " (4, 'P4', '四', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	/* inserted out of id order: the scan reads them in id order all the same */
	order(f, 105, 1, "sale", "NULL", "open", (const int[]){1, 2}, 2);
	order(f, 101, 1, "sale", "NULL", "completed", (const int[]){2, 1}, 2);
	order(f, 102, 2, "sale", "NULL", "completed", (const int[]){1, 2, 3}, 3);
	order(f, 103, 2, "sale", "NULL", "completed", (const int[]){1, 3, 3}, 3);
	order(f, 104, 3, "sale", "NULL", "completed", (const int[]){2, 4}, 2);
	order(f, 106, 1, "refund", "101", "completed", (const int[]){1, 2}, 2);
	order(f, 107, 3, "sale", "NULL", "cancelled", (const int[]){1, 3}, 2);
	order(f, 108, 4, "sale", "NULL", "completed", (const int[]){3, 4}, 2);
	exec(f, "UPDATE customers SET deleted_at = '2026-04-01T00:00:00Z' WHERE id = 4");
}

static void test_run_and_suggest(void **state)
{
	struct app_fixture *f = *state;
	fill(f);
	struct gx_error err;
	gx_error_clear(&err);
	struct assoc_options o;
	assert_int_equal(app_assoc_options_load(&f->app, &o, &err), GX_OK);
	assert_true(o.min_support == 0.01 && o.min_confidence == 0.2 && o.min_lift == 1.2);
	struct app_assoc_result res;
	assert_int_equal(app_assoc_run(&f->app, &o, &res, &err), GX_OK);
	assert_int_equal(res.baskets, 5);
	assert_int_equal(res.products, 4);
	assert_int_equal(res.pairs, 4);
	assert_int_equal(res.rules, 4);

	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct store_assoc_run run;
	int found = 0;
	assert_int_equal(store_assoc_run_latest(f->app.store, &a, &run, &found, &err), GX_OK);
	assert_true(found);
	assert_int_equal(run.id, res.run_id);
	assert_int_equal(run.baskets, 5);
	assert_true(run.min_lift == 1.2);
	struct store_assoc_rule *v;
	size_t n;
	assert_int_equal(store_assoc_rules_list(f->app.store, 100, &a, &v, &n, &err), GX_OK);
	assert_int_equal(n, 4);
	expect(&v[0].r, 3, 1, 2, 0.4, 1.0, 1.25);
	assert_string_equal(v[0].antecedent_sku, "P3");
	assert_string_equal(v[0].consequent_name, "一");
	expect(&v[3].r, 2, 4, 1, 0.2, 0.25, 1.25);

	/* A bought 1 and 2: 3 because of 1 (50%), then 4 because of 2 (25%) */
	assert_int_equal(app_assoc_recommend(&f->app, 1, 5, &a, &v, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	expect(&v[0].r, 1, 3, 2, 0.4, 0.5, 1.25);
	expect(&v[1].r, 2, 4, 1, 0.2, 0.25, 1.25);
	assert_int_equal(app_assoc_recommend(&f->app, 1, 1, &a, &v, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	/* C's cancelled order does not count: it owns 2 and 4, nothing to suggest */
	assert_int_equal(app_assoc_recommend(&f->app, 3, 5, &a, &v, &n, &err), GX_OK);
	assert_int_equal(n, 0);

	/* the settings change the rules of the next run */
	const char *keys[] = {"assoc_min_confidence", "assoc_min_lift"};
	const char *vals[] = {"0.7", "0.9"};
	assert_int_equal(app_settings_change(&f->app, 2, keys, vals, &err), GX_OK);
	assert_int_equal(app_assoc_options_load(&f->app, &o, &err), GX_OK);
	assert_int_equal(app_assoc_run(&f->app, &o, &res, &err), GX_OK);
	assert_int_equal(res.rules, 4);
	assert_int_equal(store_assoc_rules_list(f->app.store, 100, &a, &v, &n, &err), GX_OK);
	assert_int_equal(n, 4);
	expect(&v[2].r, 1, 2, 3, 0.6, 0.75, 0.9375);
	assert_int_equal(app_assoc_recommend(&f->app, 3, 5, &a, &v, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	expect(&v[0].r, 2, 1, 3, 0.6, 0.75, 0.9375);
	assert_int_equal(store_assoc_run_latest(f->app.store, &a, &run, &found, &err), GX_OK);
	assert_true(run.min_confidence == 0.7 && run.min_lift == 0.9);

	/* bad thresholds: refused before a job is written */
	o.min_lift = NAN;
	assert_int_equal(app_assoc_run(&f->app, &o, &res, &err), GX_EINVAL);
	assert_int_equal(res.job_id, 0);
	gx_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_by_hand),
		cmocka_unit_test(test_counter_matches_mine),
		cmocka_unit_test_setup_teardown(test_run_and_suggest, app_fixture_setup, app_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
