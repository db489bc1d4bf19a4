/* Unit tests for the credit module of app/ (credit_assess.c, credit_check.c, credit_invoice.c,
 * credit_aging.c) on a fresh database of the run's backend (SQLite, and PostgreSQL in the
 * PostgreSQL pass): 5C assessments with hand-computed scores, grades, capacity and limits; the
 * order check refusing over the limit and on a form the grade does not allow, and letting an
 * order through once an override is approved (then never again); the approval handlers; aging
 * buckets on fixed as-of dates computed by hand; and bad input refused with a message naming
 * the field while the whole database stays byte-for-byte the same (checksums of every table). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guanxi/copy.h"
#include "guanxi/credit.h"
#include "guanxi/customer.h"
#include "guanxi/order.h"
#include "guanxi/org.h"
#include "guanxi/record_store.h"
#include "support/test_db.h"

struct fx {
	struct test_db db;
	struct app app;
	struct gx_arena a;
	int64_t product;
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
	gx_arena_init(&f->a, 0);
	struct record p;
	record_init(&p, &entity_product, &f->a);
	record_set_text(&p, "sku", "P1");
	record_set_text(&p, "name", "茶叶");
	record_set_int(&p, "cost_fen", 0);
	if (store_record_insert(f->app.store, &p, &err) != GX_OK)
		return -1;
	f->product = p.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_close(&f->app);
	gx_arena_free(&f->a);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

/* The checksums of every table, joined: equal digests mean nothing changed. */
static char *digest(struct fx *f)
{
	struct copy_report rep = {0};
	struct gx_error err;
	assert_int_equal(copy_checksum(f->app.store, &rep, &err), GX_OK);
	char *s = gx_arena_strdup(&f->a, "");
	for (size_t i = 0; i < rep.n; i++)
		s = gx_arena_printf(&f->a, "%s%s:%lld:%s;", s, rep.t[i].table, (long long)rep.t[i].src_rows,
		                    rep.t[i].src_sum);
	copy_report_free(&rep);
	return s;
}

static int64_t customer(struct fx *f, const char *code, const char *roles)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_customer, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &r, "code", code, &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "name", gx_arena_printf(&f->a, "客户%s", code), &f->a, &err), GX_OK);
	assert_int_equal(app_field_set_text(&f->app, &r, "kind", "organization", &f->a, &err), GX_OK);
	if (roles)
		assert_int_equal(app_field_set_text(&f->app, &r, "roles", roles, &f->a, &err), GX_OK);
	assert_int_equal(app_customer_create(&f->app, &r, 0, &f->a, NULL, &err), GX_OK);
	return r.id;
}

/* An order of one line; returns the error and leaves the message in *err. */
static enum gx_err order(struct fx *f, const char *no, int64_t cust, const char *date, int64_t fen,
                         const char *form, const char *status, struct gx_error *err)
{
	struct record h;
	record_init(&h, &entity_order, &f->a);
	record_set_text(&h, "order_no", no);
	record_set_int(&h, "customer_id", cust);
	record_set_text(&h, "ordered_at", gx_arena_printf(&f->a, "%sT04:00:00Z", date));
	if (form)
		record_set_text(&h, "credit_form", form);
	if (status)
		record_set_text(&h, "status", status);
	struct order_line_input line = {0};
	record_init(&line.line, &entity_order_line, &f->a);
	record_set_int(&line.line, "product_id", f->product);
	record_set_int(&line.line, "quantity", 1);
	record_set_int(&line.line, "unit_price_fen", fen);
	return app_order_save(&f->app, &h, &line, 1, &f->a, err);
}

static int64_t invoice(struct fx *f, const char *no, int64_t cust, const char *issued, const char *due,
                       int64_t fen)
{
	struct record r;
	struct gx_error err;
	record_init(&r, &entity_invoice, &f->a);
	record_set_text(&r, "invoice_no", no);
	record_set_int(&r, "customer_id", cust);
	record_set_text(&r, "issued_on", issued);
	record_set_text(&r, "due_on", due);
	record_set_int(&r, "amount_fen", fen);
	assert_int_equal(app_invoice_create(&f->app, &r, NULL, 0, &f->a, &err), GX_OK);
	return r.id;
}

static enum gx_err pay(struct fx *f, int64_t inv, const char *on, int64_t fen, struct gx_error *err)
{
	struct record p;
	record_init(&p, &entity_payment, &f->a);
	record_set_int(&p, "invoice_id", inv);
	record_set_text(&p, "paid_on", on);
	record_set_int(&p, "amount_fen", fen);
	return app_payment_add(&f->app, &p, &f->a, err);
}

/* Assessment with every criterion of the list "character.x=4 capacity.y=4 …". */
static enum gx_err assess(struct fx *f, int64_t cust, const char *on, const char *ratings,
                          int64_t capacity, struct record *out, struct gx_error *err)
{
	struct credit_rating rs[16];
	size_t n = 0;
	char *copy = gx_arena_strdup(&f->a, ratings);
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " ")) {
		enum gx_err e = app_credit_rating_parse(t, &f->a, &rs[n], err);
		if (e)
			return e;
		n++;
	}
	struct credit_assess_input in = {.customer_id = cust, .assessed_on = on, .ratings = rs,
	                                 .nratings = n, .monthly_capacity_fen = capacity};
	return app_credit_assess(&f->app, &in, &f->a, out, err);
}

#define ALL4 "character.punctuality=4 capacity.turnover=4 capital.equity=4 collateral.pledge=4 conditions.market=4"

/* Score 75 (every rating 4 → 75) is grade B; capacity from the 12 months before 2026-11-01:
 * ¥6,000 + ¥4,000 + ¥2,000 = ¥12,000 → ¥1,000 a month (the ¥50,000 order of 2025-01-01 is
 * outside the window); limit 2 × ¥1,000 = ¥2,000. */
static void test_assess_grade_capacity_limit(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t c = customer(f, "K1", NULL);
	assert_int_equal(order(f, "O1", c, "2026-03-10", 600000, NULL, NULL, &err), GX_OK);
	assert_int_equal(order(f, "O2", c, "2026-06-01", 400000, NULL, NULL, &err), GX_OK);
	assert_int_equal(order(f, "O3", c, "2026-09-01", 200000, NULL, NULL, &err), GX_OK);
	assert_int_equal(order(f, "O0", c, "2025-01-01", 5000000, NULL, NULL, &err), GX_OK);
	struct record r;
	assert_int_equal(assess(f, c, "2026-11-01", ALL4, -1, &r, &err), GX_OK);
	assert_string_equal(record_text(&r, "grade"), "B");
	assert_true(strtod(record_text(&r, "score"), NULL) == 75.0);
	assert_int_equal(record_int(&r, "monthly_capacity_fen"), 100000);
	assert_string_equal(record_text(&r, "capacity_source"), "orders");
	assert_int_equal(record_int(&r, "limit_fen"), 200000);
	assert_string_equal(record_text(&r, "allowed_forms"), "cash;credit_sale;instalment");
	struct credit_rating *rs;
	size_t n;
	assert_int_equal(store_credit_ratings(f->app.store, r.id, &f->a, &rs, &n, &err), GX_OK);
	assert_int_equal(n, 5);
	assert_string_equal(rs[0].c, "character");
	assert_string_equal(rs[4].c, "conditions");

	/* Mixed ratings, hand-computed: character (5,4) → (100+75)/2 = 87.5, capacity 4 → 75,
	 * capital 3 → 50, collateral 2 → 25, conditions 5 → 100; score 0.30·87.5 + 0.25·75 +
	 * 0.20·50 + 0.15·25 + 0.10·100 = 68.75 → C; analyst capacity ¥800 → limit 1 × ¥800. The
	 * later assessment becomes the current one; the earlier stays in the history. */
	assert_int_equal(assess(f, c, "2026-11-20", "character.punctuality=5 character.reputation=4 "
	                        "capacity.turnover=4 能力.turnover=4 capital.equity=3 collateral.pledge=2 conditions.market=5",
	                        80000, &r, &err), GX_EINVAL);   /* 能力 is capacity: rated twice */
	assert_string_equal(err.field, "ratings");
	assert_non_null(strstr(err.message, "capacity.turnover is rated twice"));
	assert_int_equal(assess(f, c, "2026-11-20", "character.punctuality=5 character.reputation=4 "
	                        "capacity.turnover=4 capital.equity=3 collateral.pledge=2 conditions.market=5",
	                        80000, &r, &err), GX_OK);
	assert_true(strtod(record_text(&r, "score"), NULL) == 68.75);
	assert_string_equal(record_text(&r, "grade"), "C");
	assert_int_equal(record_int(&r, "limit_fen"), 80000);
	assert_string_equal(record_text(&r, "capacity_source"), "analyst");
	struct credit_position pos;
	assert_int_equal(app_credit_position(&f->app, c, 0, &pos, &err), GX_OK);
	assert_true(pos.assessed);
	assert_int_equal(pos.assessment_id, r.id);
	assert_int_equal(pos.grade, GX_CREDIT_C);
	assert_int_equal(pos.limit_fen, 80000);
	struct store_list_query q = {.deleted = STORE_ANY};
	int64_t count = 0;
	assert_int_equal(store_record_count(f->app.store, &entity_credit_assessment, &q, &count, &err), GX_OK);
	assert_int_equal(count, 2);
}

static void test_assess_bad_input_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t c = customer(f, "K1", NULL);
	char *before = digest(f);
	struct record r;
	struct credit_rating bad = {.c = "capital", .criterion = "equity", .rating = 6};
	struct credit_rating rs[5] = {{"character", "a", 4}, {"capacity", "b", 4}, bad,
	                              {"collateral", "d", 4}, {"conditions", "e", 4}};
	struct credit_assess_input in = {.customer_id = c, .assessed_on = "2026-11-01", .ratings = rs,
	                                 .nratings = 5, .monthly_capacity_fen = 1000};
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "ratings");
	assert_non_null(strstr(err.message, "capital.equity is 6"));
	assert_non_null(strstr(err.message, "1 to 5"));
	rs[2].rating = 0;
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "ratings");
	rs[2].rating = 3;
	in.nratings = 4;     /* conditions missing */
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "conditions"));
	in.nratings = 5;
	in.monthly_capacity_fen = -5;
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "monthly_capacity_fen");
	in.monthly_capacity_fen = 1000;
	in.assessed_on = "2026-02-30";
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_EINVAL);
	assert_string_equal(err.field, "assessed_on");
	in.assessed_on = "2026-11-01";
	in.customer_id = 99999;
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_ENOTFOUND);
	/* Character from payments with no invoice due yet cannot be scored. */
	in.customer_id = c;
	in.character_from_payments = 1;
	in.ratings = rs + 1;
	in.nratings = 4;
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_ENUMERIC);
	struct credit_rating parsed;
	assert_int_equal(app_credit_rating_parse("capital.equity=6x", &f->a, &parsed, &err), GX_EINVAL);
	assert_int_equal(app_credit_rating_parse("wealth.x=3", &f->a, &parsed, &err), GX_EINVAL);
	assert_string_equal(err.field, "ratings");
	assert_string_equal(digest(f), before);
}

/* Character from payment history: invoices due before 2026-11-01: A paid on its due date, B
 * paid late, C unpaid; D not due yet → 1 of 3 on time → 33.33. */
static void test_character_from_payments(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t c = customer(f, "K1", NULL);
	int64_t a = invoice(f, "F-A", c, "2026-08-01", "2026-09-01", 1000);
	int64_t b = invoice(f, "F-B", c, "2026-08-01", "2026-09-01", 1000);
	invoice(f, "F-C", c, "2026-08-01", "2026-10-01", 1000);
	invoice(f, "F-D", c, "2026-10-01", "2026-12-01", 1000);
	assert_int_equal(pay(f, a, "2026-09-01", 1000, &err), GX_OK);
	assert_int_equal(pay(f, b, "2026-09-02", 1000, &err), GX_OK);
	struct credit_rating rs[4] = {{"capacity", "b", 5}, {"capital", "c", 5}, {"collateral", "d", 5},
	                              {"conditions", "e", 5}};
	struct credit_assess_input in = {.customer_id = c, .assessed_on = "2026-11-01", .ratings = rs,
	                                 .nratings = 4, .character_from_payments = 1,
	                                 .monthly_capacity_fen = 0};
	struct record r;
	assert_int_equal(app_credit_assess(&f->app, &in, &f->a, &r, &err), GX_OK);
	assert_string_equal(record_text(&r, "character_source"), "payments");
	assert_true(fabs(strtod(record_text(&r, "character_score"), NULL) - 100.0 / 3) < 1e-3);
	/* 0.30·33.33 + 0.70·100 = 80 → B */
	assert_string_equal(record_text(&r, "grade"), "B");
}

/* Grade B, limit ¥2,000: open receivables ¥1,500 (invoice ¥2,000 less ¥500 paid), an unpaid
 * open credit order ¥200; a credit-sale order of ¥400 would make exposure ¥2,100 > ¥2,000. */
static void test_order_over_limit_refused_then_override(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t c = customer(f, "K1", NULL);
	struct record r;
	assert_int_equal(assess(f, c, "2026-11-01", ALL4, 100000, &r, &err), GX_OK);
	assert_int_equal(record_int(&r, "limit_fen"), 200000);
	int64_t inv = invoice(f, "F1", c, "2026-10-01", "2026-11-30", 200000);
	assert_int_equal(pay(f, inv, "2026-10-15", 50000, &err), GX_OK);
	assert_int_equal(order(f, "O-OPEN", c, "2026-11-02", 20000, "credit_sale", "open", &err), GX_OK);

	struct credit_check_result chk;
	assert_int_equal(app_credit_check(&f->app, c, 0, GX_CREDIT_FORM_CREDIT_SALE, 40000, &f->a, &chk, &err), GX_OK);
	assert_false(chk.allowed);
	assert_int_equal(chk.decision.exposure_fen, 210000);
	assert_int_equal(chk.pos.open_receivables_fen, 150000);
	assert_int_equal(chk.pos.unpaid_open_orders_fen, 20000);

	char *before = digest(f);
	assert_int_equal(order(f, "O-BIG", c, "2026-11-03", 40000, "credit_sale", "open", &err), GX_ECONFLICT);
	assert_string_equal(err.field, "amount_fen");
	assert_non_null(strstr(err.message, "O-BIG"));
	assert_non_null(strstr(err.message, "credit limit"));
	assert_non_null(strstr(err.message, "¥2,100.00"));
	assert_string_equal(digest(f), before);
	/* Exactly at the limit passes; cash always passes. */
	assert_int_equal(order(f, "O-EQ", c, "2026-11-03", 30000, "credit_sale", "open", &err), GX_OK);
	assert_int_equal(order(f, "O-CASH", c, "2026-11-03", 9000000, "cash", "open", &err), GX_OK);

	/* An override of ¥500 above the limit: pending does not help; approved it lets one order
	 * through and is then used. */
	struct record o;
	record_init(&o, &entity_credit_override, &f->a);
	record_set_int(&o, "customer_id", c);
	record_set_int(&o, "amount_fen", 50000);
	record_set_text(&o, "reason", "年末备货");
	assert_int_equal(app_credit_override_request(&f->app, &o, &err), GX_OK);
	assert_int_equal(order(f, "O-BIG", c, "2026-11-03", 40000, "credit_sale", "open", &err), GX_ECONFLICT);
	assert_int_equal(app_credit_override_approve(&f->app, o.id, "{\"note\":\"同意\"}", &err), GX_OK);
	assert_int_equal(order(f, "O-BIG", c, "2026-11-03", 40000, "credit_sale", "open", &err), GX_OK);
	struct record got;
	assert_int_equal(store_record_get(f->app.store, &entity_credit_override, o.id, &f->a, &got, &err), GX_OK);
	assert_string_equal(record_text(&got, "status"), "used");
	assert_string_equal(record_text(&got, "decision_note"), "同意");
	assert_true(record_int(&got, "order_id") > 0);
	assert_int_equal(order(f, "O-BIG2", c, "2026-11-03", 100, "credit_sale", "open", &err), GX_ECONFLICT);
	/* Deciding it again is a conflict. */
	assert_int_equal(app_credit_override_approve(&f->app, o.id, NULL, &err), GX_ECONFLICT);
	assert_int_equal(app_credit_override_reject(&f->app, o.id, NULL, &err), GX_ECONFLICT);
}

static void test_order_form_refused(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t never = customer(f, "K0", NULL);
	int64_t c = customer(f, "K1", NULL);
	int64_t d = customer(f, "K2", "dealer");
	struct record r;
	/* All ratings 3 → 50 → grade D: no credit form at all. */
	const char *all3 = "character.a=3 capacity.b=3 capital.c=3 collateral.d=3 conditions.e=3";
	assert_int_equal(assess(f, c, "2026-11-01", all3, 100000, &r, &err), GX_OK);
	assert_string_equal(record_text(&r, "grade"), "D");
	assert_int_equal(record_int(&r, "limit_fen"), 0);
	char *before = digest(f);
	assert_int_equal(order(f, "X1", never, "2026-11-02", 100, "credit_sale", NULL, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "credit_form");
	assert_non_null(strstr(err.message, "no credit assessment"));
	assert_int_equal(order(f, "X2", c, "2026-11-02", 100, "instalment", NULL, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "credit_form");
	assert_non_null(strstr(err.message, "not allowed"));
	assert_non_null(strstr(err.message, "D (weak)"));
	assert_string_equal(digest(f), before);
	/* Grade C (ratings 4,4,3,2,2 → 75·.55+50·.2+25·.25 = 57.5): instalment yes, credit sale no;
	 * consignment only for the dealer. */
	const char *c_ratings = "character.a=4 capacity.b=4 capital.c=3 collateral.d=2 conditions.e=2";
	assert_int_equal(assess(f, d, "2026-11-01", c_ratings, 100000, &r, &err), GX_OK);
	assert_string_equal(record_text(&r, "grade"), "C");
	assert_string_equal(record_text(&r, "allowed_forms"), "cash;instalment;consignment");
	before = digest(f);
	assert_int_equal(order(f, "X3", d, "2026-11-02", 100, "charge_account", NULL, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "credit_form");
	assert_string_equal(digest(f), before);
	assert_int_equal(order(f, "X4", d, "2026-11-02", 100, "consignment", NULL, &err), GX_OK);
	/* A form override lets a charge account through (limit still holds). */
	struct record o;
	record_init(&o, &entity_credit_override, &f->a);
	record_set_int(&o, "customer_id", d);
	record_set_text(&o, "credit_form", "charge_account");
	record_set_text(&o, "reason", "集团担保");
	assert_int_equal(app_credit_override_request(&f->app, &o, &err), GX_OK);
	assert_int_equal(app_credit_override_approve(&f->app, o.id, NULL, &err), GX_OK);
	assert_int_equal(order(f, "X5", d, "2026-11-02", 100, "charge_account", NULL, &err), GX_OK);
}

static void test_override_handlers(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t c = customer(f, "K1", NULL);
	char *before = digest(f);
	struct record o;
	record_init(&o, &entity_credit_override, &f->a);
	record_set_int(&o, "customer_id", c);
	record_set_text(&o, "reason", "x");
	assert_int_equal(app_credit_override_request(&f->app, &o, &err), GX_EINVAL);   /* no amount, no form */
	assert_string_equal(err.field, "amount_fen");
	record_set_int(&o, "amount_fen", 0);
	assert_int_equal(app_credit_override_request(&f->app, &o, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	record_set_int(&o, "amount_fen", 100);
	record_set_text(&o, "reason", "   ");
	assert_int_equal(app_credit_override_request(&f->app, &o, &err), GX_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(app_field_set_text(&f->app, &o, "credit_form", "cash", &f->a, &err), GX_EINVAL);
	assert_string_equal(digest(f), before);

	record_set_text(&o, "reason", "大客户");
	assert_int_equal(app_credit_override_request(&f->app, &o, &err), GX_OK);
	before = digest(f);
	assert_int_equal(app_credit_override_approve(&f->app, 424242, NULL, &err), GX_ENOTFOUND);
	assert_int_equal(app_credit_override_approve(&f->app, o.id, "[1]", &err), GX_EINVAL);
	assert_int_equal(app_credit_override_approve(&f->app, o.id, "{\"note\":5}", &err), GX_EINVAL);
	assert_string_equal(digest(f), before);
	assert_int_equal(app_credit_override_reject(&f->app, o.id, "{\"note\":\"额度已满\"}", &err), GX_OK);
	struct record got;
	assert_int_equal(store_record_get(f->app.store, &entity_credit_override, o.id, &f->a, &got, &err), GX_OK);
	assert_string_equal(record_text(&got, "status"), "rejected");
	assert_int_equal(app_credit_override_approve(&f->app, o.id, NULL, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "rejected"));

	/* Nobody approves their own request. */
	struct record u;
	record_init(&u, &entity_user, &f->a);
	record_set_text(&u, "username", "rep");
	record_set_text(&u, "display_name", "销售");
	record_set_text(&u, "role", "sales");
	assert_int_equal(store_record_insert(f->app.store, &u, &err), GX_OK);
	f->app.actor.user_id = u.id;
	struct record mine;
	record_init(&mine, &entity_credit_override, &f->a);
	record_set_int(&mine, "customer_id", c);
	record_set_int(&mine, "amount_fen", 100);
	record_set_text(&mine, "reason", "自己批");
	assert_int_equal(app_credit_override_request(&f->app, &mine, &err), GX_OK);
	assert_int_equal(store_record_get(f->app.store, &entity_credit_override, mine.id, &f->a, &got, &err), GX_OK);
	assert_int_equal(record_int(&got, "requested_by"), u.id);
	assert_int_equal(app_credit_override_approve(&f->app, mine.id, NULL, &err), GX_EFORBIDDEN);
	f->app.actor.user_id = 0;
	assert_int_equal(app_credit_override_approve(&f->app, mine.id, NULL, &err), GX_OK);
}

static void test_invoice_payment_bad_input(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t c = customer(f, "K1", NULL);
	int64_t inv = invoice(f, "F1", c, "2026-10-01", "2026-10-31", 100000);
	char *before = digest(f);
	/* Payment larger than the open amount. */
	assert_int_equal(pay(f, inv, "2026-10-10", 100001, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	assert_non_null(strstr(err.message, "larger than the open amount ¥1,000.00"));
	assert_int_equal(pay(f, inv, "2026-10-10", 0, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	assert_int_equal(pay(f, inv, "2026-09-30", 100, &err), GX_EINVAL);
	assert_string_equal(err.field, "paid_on");
	assert_int_equal(pay(f, 777, "2026-10-10", 100, &err), GX_EINVAL);
	assert_string_equal(err.field, "invoice_id");
	struct record p;
	record_init(&p, &entity_payment, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &p, "amount_fen", "-5.00", &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	/* Invoices: bad USCC (checksum), negative and zero amounts, due before issue, duplicate no. */
	struct record r;
	record_init(&r, &entity_invoice, &f->a);
	assert_int_equal(app_field_set_text(&f->app, &r, "uscc", "91310000MA1FL0000X", &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "uscc");
	assert_int_equal(app_field_set_text(&f->app, &r, "amount_fen", "-1", &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	record_set_text(&r, "invoice_no", "F2");
	record_set_int(&r, "customer_id", c);
	record_set_text(&r, "issued_on", "2026-10-01");
	record_set_text(&r, "due_on", "2026-09-01");
	record_set_int(&r, "amount_fen", 100);
	assert_int_equal(app_invoice_create(&f->app, &r, NULL, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "due_on");
	record_set_text(&r, "due_on", "2026-11-01");
	record_set_int(&r, "amount_fen", 0);
	assert_int_equal(app_invoice_create(&f->app, &r, NULL, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	record_set_int(&r, "amount_fen", 100);
	record_set_text(&r, "invoice_no", "F1");
	assert_int_equal(app_invoice_create(&f->app, &r, NULL, 0, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "invoice_no");
	/* An order of another customer cannot be billed. */
	int64_t other = customer(f, "K2", NULL);
	before = digest(f);
	assert_int_equal(order(f, "OX", other, "2026-10-01", 100, NULL, NULL, &err), GX_OK);
	before = digest(f);
	struct record oxr;
	int found = 0;
	assert_int_equal(store_record_find(f->app.store, &entity_order, "order_no", "OX", &f->a, &oxr, &found, &err), GX_OK);
	record_set_text(&r, "invoice_no", "F3");
	assert_int_equal(app_invoice_create(&f->app, &r, &oxr.id, 1, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "orders");
	assert_string_equal(digest(f), before);

	/* Good payments: partial then the rest settles the invoice on the last payment's date. */
	assert_int_equal(pay(f, inv, "2026-10-20", 40000, &err), GX_OK);
	assert_int_equal(pay(f, inv, "2026-10-25", 60000, &err), GX_OK);
	struct record got;
	assert_int_equal(store_record_get(f->app.store, &entity_invoice, inv, &f->a, &got, &err), GX_OK);
	assert_string_equal(record_text(&got, "status"), "paid");
	assert_int_equal(record_int(&got, "paid_fen"), 100000);
	assert_string_equal(record_text(&got, "paid_off_on"), "2026-10-25");
	assert_string_equal(record_text(&got, "title"), "客户K1");   /* from the customer's file */
	assert_int_equal(pay(f, inv, "2026-10-26", 1, &err), GX_EINVAL);
}

/* Aging as of 2026-06-30, by hand (days overdue = as_of − due):
 *   K1: I1 due 07-15 ¥100 (−15: current), I2 due 06-30 ¥50 (0: current), I3 due 06-29 ¥20 (1),
 *       I4 due 05-31 ¥30 (30), I5 due 05-30 ¥40 (31), I6 due 05-01 ¥10 (60), I7 due 04-01 ¥60
 *       (90), I8 due 03-31 ¥70 (91) less ¥20 paid 06-01 → ¥50; I1's ¥10 paid 07-05 is after
 *       as_of and does not count; I9 issued 07-01 is not yet issued.
 *   K2: I10 due 2026-01-01 ¥80 (180).
 * K1: current 150 (2), 1–30 50 (2), 31–60 50 (2), 61–90 60 (1), >90 50 (1) = 360;
 * total: 150, 50, 50, 60, 130 = 440. As of 2026-07-31, I1 (¥90 open, 16 days) is 1–30. */
static void test_aging_fixed_dates(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t k1 = customer(f, "K1", NULL), k2 = customer(f, "K2", NULL);
	int64_t i1 = invoice(f, "I1", k1, "2026-01-01", "2026-07-15", 10000);
	invoice(f, "I2", k1, "2026-01-01", "2026-06-30", 5000);
	invoice(f, "I3", k1, "2026-01-01", "2026-06-29", 2000);
	invoice(f, "I4", k1, "2026-01-01", "2026-05-31", 3000);
	invoice(f, "I5", k1, "2026-01-01", "2026-05-30", 4000);
	invoice(f, "I6", k1, "2026-01-01", "2026-05-01", 1000);
	invoice(f, "I7", k1, "2026-01-01", "2026-04-01", 6000);
	int64_t i8 = invoice(f, "I8", k1, "2026-01-01", "2026-03-31", 7000);
	invoice(f, "I9", k1, "2026-07-01", "2026-07-31", 9900);
	invoice(f, "I10", k2, "2025-12-01", "2026-01-01", 8000);
	assert_int_equal(pay(f, i8, "2026-06-01", 2000, &err), GX_OK);
	assert_int_equal(pay(f, i1, "2026-07-05", 1000, &err), GX_OK);

	struct credit_aging_report rep;
	assert_int_equal(app_credit_aging(&f->app, "2026-06-30", 0, &f->a, &rep, &err), GX_OK);
	assert_int_equal(rep.n, 2);
	assert_string_equal(rep.rows[0].code, "K1");
	const int64_t k1_fen[] = {15000, 5000, 5000, 6000, 5000};
	const size_t k1_n[] = {2, 2, 2, 1, 1};
	for (int b = 0; b < GX_CREDIT_AGES; b++) {
		assert_int_equal(rep.rows[0].aging.fen[b], k1_fen[b]);
		assert_int_equal(rep.rows[0].aging.count[b], k1_n[b]);
	}
	assert_int_equal(rep.rows[0].aging.total_fen, 36000);
	assert_int_equal(rep.rows[1].aging.fen[GX_CREDIT_AGE_OVER_90], 8000);
	const int64_t tot[] = {15000, 5000, 5000, 6000, 13000};
	for (int b = 0; b < GX_CREDIT_AGES; b++)
		assert_int_equal(rep.total.fen[b], tot[b]);
	assert_int_equal(rep.total.total_fen, 44000);

	assert_int_equal(app_credit_aging(&f->app, "2026-07-31", k1, &f->a, &rep, &err), GX_OK);
	assert_int_equal(rep.n, 1);
	/* I1 ¥90 (16 d), I2 ¥50 (31 d), I3 ¥20 (32), I4 ¥30 (61), I5 ¥40 (62), I6 ¥10 (91), I7 ¥60
	 * (121), I8 ¥50 (122), I9 ¥99 due 07-31 (0: current). */
	const int64_t jul[] = {9900, 9000, 7000, 7000, 12000};
	for (int b = 0; b < GX_CREDIT_AGES; b++)
		assert_int_equal(rep.total.fen[b], jul[b]);
	assert_int_equal(app_credit_aging(&f->app, "2026-13-01", 0, &f->a, &rep, &err), GX_EINVAL);
	assert_string_equal(err.field, "as_of");
}

/* Two orders placed at the same moment (PostgreSQL; SQLite has one writer at a time): the
 * first is saved but not committed when the second is checked on another connection. Each
 * fits under the limit alone, both do not: the second must not be saved — it fails as busy
 * (serialization failure) and, retried, is refused by the credit check. */
struct racer {
	struct fx *f;
	struct app app;
	int64_t customer;
	enum gx_err result;
};

static void *race_second(void *arg)
{
	struct racer *r = arg;
	struct gx_error err;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record h;
	record_init(&h, &entity_order, &a);
	record_set_text(&h, "order_no", "RACE2");
	record_set_int(&h, "customer_id", r->customer);
	record_set_text(&h, "ordered_at", "2026-11-02T04:00:00Z");
	record_set_text(&h, "credit_form", "credit_sale");
	record_set_text(&h, "status", "open");
	struct order_line_input line = {0};
	record_init(&line.line, &entity_order_line, &a);
	record_set_int(&line.line, "product_id", r->f->product);
	record_set_int(&line.line, "quantity", 1);
	record_set_int(&line.line, "unit_price_fen", 150000);
	r->result = app_order_save(&r->app, &h, &line, 1, &a, &err);
	gx_arena_free(&a);
	return NULL;
}

static void test_concurrent_orders_share_no_headroom(void **state)
{
	struct fx *f = *state;
	if (!test_db_is_pg())
		skip();   /* SQLite: one writer at a time (BEGIN IMMEDIATE) */
	struct gx_error err;
	int64_t c = customer(f, "K1", NULL);
	struct record r;
	assert_int_equal(assess(f, c, "2026-11-01", ALL4, 100000, &r, &err), GX_OK);   /* limit ¥2,000 */
	struct racer rc = {.f = f, .customer = c};
	assert_int_equal(app_open(&rc.app, f->db.url, 0, &err), GX_OK);
	assert_int_equal(store_begin(f->app.store, &err), GX_OK);
	assert_int_equal(order(f, "RACE1", c, "2026-11-02", 150000, "credit_sale", "open", &err), GX_OK);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, race_second, &rc), 0);
	usleep(300 * 1000);
	assert_int_equal(store_commit(f->app.store, &err), GX_OK);
	pthread_join(t, NULL);
	assert_true(rc.result == GX_EUNAVAIL || rc.result == GX_ECONFLICT);
	race_second(&rc);     /* the retry */
	assert_int_equal(rc.result, GX_ECONFLICT);
	app_close(&rc.app);
	struct store_list_query q = {.deleted = STORE_ANY};
	q.filter = filter_cond_text(&f->a, &entity_order, "order_no", FILTER_STARTSWITH, "RACE");
	int64_t n = 0;
	assert_int_equal(store_record_count(f->app.store, &entity_order, &q, &n, &err), GX_OK);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_assess_grade_capacity_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assess_bad_input_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_character_from_payments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_over_limit_refused_then_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_form_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_handlers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invoice_payment_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aging_fixed_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_orders_share_no_headroom, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
