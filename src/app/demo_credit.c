/* Credit data of the demo company (see demo_credit.h): what a finance user opens first — a
 * spread of grades, invoices some of which are overdue in each aging bucket, and a payment
 * history that the character-from-payments option can score. Everything goes through the
 * app/ functions, so the demo obeys the same rules (due after issue, no overpayment). */
#include "app/demo_credit.h"

#include <stdio.h>
#include <string.h>

#include "app/demo_internal.h"
#include "guanxi/credit.h"
#include "guanxi/datetime.h"
#include "guanxi/record_store.h"

#define DEMO_CREDIT_CUSTOMERS 24

/* Two criteria for each C, in the order of enum gx_credit_c. */
static const char *const criteria[GX_CREDIT_CS][2] = {
	{"punctuality", "reputation"}, {"turnover", "cash_flow"}, {"equity", "assets"},
	{"guarantee", "pledge"}, {"industry", "region"},
};
static const char *const c_names[GX_CREDIT_CS] = {"character", "capacity", "capital", "collateral",
                                                  "conditions"};

static const char *date_text(struct gx_arena *a, int32_t day)
{
	char buf[GX_DATE_FMT_SIZE];
	return gx_arena_strdup(a, gx_date_format(day, buf));
}

static enum gx_err assess(struct app *app, struct demo_rng *rng, int64_t customer, int32_t today,
                          struct gx_arena *a, struct gx_error *err)
{
	struct credit_rating rs[GX_CREDIT_CS * 2];
	int level = (int)demo_rng_range(rng, 2, 5);   /* the customer's overall standing */
	for (int c = 0; c < GX_CREDIT_CS; c++)
		for (int k = 0; k < 2; k++) {
			int r = level + (int)demo_rng_range(rng, -1, 1);
			rs[c * 2 + k] = (struct credit_rating){c_names[c], criteria[c][k], r < 1 ? 1 : r > 5 ? 5 : r};
		}
	/* An earlier assessment a year ago keeps a history to look at. */
	struct credit_assess_input in = {.customer_id = customer, .ratings = rs, .nratings = GX_CREDIT_CS * 2,
	                                 .monthly_capacity_fen = -1,
	                                 .assessed_on = date_text(a, gx_date_add_months(today, -12))};
	struct record r;
	enum gx_err e = app_credit_assess(app, &in, a, &r, err);
	if (e != GX_OK)
		return e;
	rs[0].rating = rs[0].rating < 5 ? rs[0].rating + 1 : 5;
	in.assessed_on = date_text(a, today - (int32_t)demo_rng_range(rng, 1, 20));
	return app_credit_assess(app, &in, a, &r, err);
}

static enum gx_err invoice(struct app *app, int64_t customer, const char *no, int32_t issued, int32_t due,
                           int64_t fen, struct gx_arena *a, int64_t *id, struct gx_error *err)
{
	struct record r;
	record_init(&r, &entity_invoice, a);
	record_set_text(&r, "invoice_no", no);
	record_set_int(&r, "customer_id", customer);
	record_set_text(&r, "issued_on", date_text(a, issued));
	record_set_text(&r, "due_on", date_text(a, due));
	record_set_int(&r, "amount_fen", fen);
	record_set_text(&r, "kind", fen > 5000000 ? "special" : "normal");
	record_set_text(&r, "bank", "中国工商银行");
	enum gx_err e = app_invoice_create(app, &r, NULL, 0, a, err);
	*id = r.id;
	return e;
}

static enum gx_err pay(struct app *app, int64_t inv, int32_t day, int64_t fen, struct gx_arena *a,
                       struct gx_error *err)
{
	struct record p;
	record_init(&p, &entity_payment, a);
	record_set_int(&p, "invoice_id", inv);
	record_set_text(&p, "paid_on", date_text(a, day));
	record_set_int(&p, "amount_fen", fen);
	return app_payment_add(app, &p, a, err);
}

/* Days overdue at today for the open invoices, one per bucket (current … over 90), rotated
 * per customer; older invoices are settled, some late. */
static enum gx_err customer_invoices(struct app *app, struct demo_rng *rng, size_t k, int64_t customer,
                                     int32_t today, struct gx_arena *a, struct gx_error *err)
{
	static const int overdue[] = {-20, 12, 45, 76, 130};
	enum gx_err e = GX_OK;
	int64_t id;
	for (int j = 0; j < 3 && e == GX_OK; j++) {   /* settled history */
		int32_t due = today - 200 - 45 * j;
		int64_t fen = demo_rng_range(rng, 200, 3000) * 1000;
		char no[32];
		snprintf(no, sizeof no, "FP%03zu%02d", k + 1, j);
		if ((e = invoice(app, customer, no, due - 30, due, fen, a, &id, err)) == GX_OK)
			e = pay(app, id, due + (demo_rng_chance(rng, 0.3) ? (int32_t)demo_rng_range(rng, 3, 40) : -2),
			        fen, a, err);
	}
	for (int j = 0; j < 2 && e == GX_OK; j++) {   /* open now */
		int days = overdue[(k + (size_t)j * 2) % 5];
		int32_t due = today - days;
		int64_t fen = demo_rng_range(rng, 100, 2000) * 1000;
		char no[32];
		snprintf(no, sizeof no, "FP%03zu%02d", k + 1, 10 + j);
		if ((e = invoice(app, customer, no, due - 30, due, fen, a, &id, err)) == GX_OK && days > 30 &&
		    demo_rng_chance(rng, 0.5))
			e = pay(app, id, due - 25, fen / 4, a, err);   /* part paid */
	}
	return e;
}

enum gx_err demo_generate_credit(struct app *app, const struct demo_opts *opts, struct gx_error *err)
{
	struct demo_rng rng;
	demo_rng_seed(&rng, opts->seed ^ 0x637265646974ull);   /* "credit" */
	char today_text[11];
	int32_t today;
	enum gx_err e = app_credit_today(app, today_text, err);
	if (e == GX_OK)
		e = gx_date_parse(today_text, &today, "today", err);
	if (e != GX_OK)
		return e;
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct store_list_query q = {.deleted = STORE_LIVE, .limit = DEMO_CREDIT_CUSTOMERS};
	q.filter = filter_and(&a, filter_cond_text(&a, &entity_customer, "kind", FILTER_EQ, "organization"),
	                      filter_cond_null(&a, &entity_customer, "owner_id", 0));
	struct store_list_result res;
	if ((e = store_record_list(app->store, &entity_customer, &q, &a, &res, err)) == GX_OK)
		for (size_t k = 0; k < res.count && e == GX_OK; k++) {
			e = customer_invoices(app, &rng, k, res.rows[k].id, today, &a, err);
			if (e == GX_OK)
				e = assess(app, &rng, res.rows[k].id, today, &a, err);
		}
	gx_arena_free(&a);
	return e;
}
