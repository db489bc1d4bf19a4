/* Unit tests of changing leads, contracts and quotes and of the opportunity recycle bin (on
 * SQLite and, in the second pass, PostgreSQL): what may change is written with its audit row
 * and the version check; every forbidden change (a converted lead, a signed contract's amount,
 * a terminated contract, an approved quote's lines, a system field, a stale version) is refused
 * with the field named and changes nothing (whole-database checksum). */
#include "sales_fixture.h"
#include "guanxi/audit_store.h"
#include "guanxi/customer.h"
#include "guanxi/filter.h"
#include "support/test_db.h"   /* the PostgreSQL pass runs this suite too */

static void unchanged(struct fx *f, const char *before)
{
	char *after = fx_digest(f);
	assert_string_equal(before, after);
	free(after);
}

static int64_t audits(struct fx *f, const char *entity, int64_t id)
{
	int64_t n = -1;
	struct gx_error err;
	if (store_audit_count(f->app.store, entity, id, &n, &err) != GX_OK)
		fail_msg("%s", err.message);
	return n;
}

static int64_t version(struct fx *f, const struct entity_def *def, int64_t id)
{
	struct record r;
	struct gx_error err;
	if (store_record_get(f->app.store, def, id, &f->a, &r, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.version;
}

/* A patch of def/id from field=value pairs (app_field_set_text, as the CLI and API fill it). */
static enum gx_err patch(struct fx *f, const struct entity_def *def, int64_t id, struct record *p,
                         struct gx_error *err, const char *pair)
{
	record_init(p, def, &f->a);
	p->id = id;
	const char *eq = strchr(pair, '=');
	return app_field_set_text(&f->app, p, gx_arena_strndup(&f->a, pair, (size_t)(eq - pair)), eq + 1, &f->a, err);
}

static void test_lead_update(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record r, p;
	assert_int_equal(fx_make(f, &entity_lead, &r, &err, "name=陈静", "source=展会", "expected_amount_fen=120", NULL), GX_OK);
	assert_int_equal(app_lead_create(&f->app, &r, f->rep1, &f->a, &err), GX_OK);
	int64_t v = version(f, &entity_lead, r.id), a0 = audits(f, "lead", r.id);
	char *before = fx_digest(f);
	/* Refused, nothing changed: a negative amount, an emptied required field, a system field,
	 * the code, a stale version, nothing at all. */
	record_init(&p, &entity_lead, &f->a);
	p.id = r.id;
	record_set_int(&p, "expected_amount_fen", -100);
	assert_int_equal(app_lead_update(&f->app, &p, v, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "expected_amount_fen");
	record_init(&p, &entity_lead, &f->a);
	p.id = r.id;
	record_set_null(&p, "source");
	assert_int_equal(app_lead_update(&f->app, &p, v, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "source");
	record_init(&p, &entity_lead, &f->a);
	p.id = r.id;
	record_set_text(&p, "status", "qualified");
	assert_int_equal(app_lead_update(&f->app, &p, v, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "status");
	assert_int_equal(patch(f, &entity_lead, r.id, &p, &err, "code=L9"), GX_OK);
	assert_int_equal(app_lead_update(&f->app, &p, v, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "code");
	assert_int_equal(patch(f, &entity_lead, r.id, &p, &err, "company=远航物流"), GX_OK);
	assert_int_equal(app_lead_update(&f->app, &p, v + 1, &f->a, &err), GX_ECONFLICT);
	record_init(&p, &entity_lead, &f->a);
	p.id = r.id;
	assert_int_equal(app_lead_update(&f->app, &p, v, &f->a, &err), GX_EINVAL);
	unchanged(f, before);
	free(before);
	/* Allowed: written, version + 1, one audit row; found by the new company in search. */
	assert_int_equal(patch(f, &entity_lead, r.id, &p, &err, "company=远航物流"), GX_OK);
	assert_int_equal(app_lead_update(&f->app, &p, v, &f->a, &err), GX_OK);
	assert_string_equal(fx_text(f, &entity_lead, r.id, "company"), "远航物流");
	assert_int_equal(version(f, &entity_lead, r.id), v + 1);
	assert_int_equal(audits(f, "lead", r.id), a0 + 1);
	/* A converted lead does not change. */
	struct lead_convert_opts o = {.customer_id = f->cust, .amount_fen = -1};
	struct lead_convert_result res;
	assert_int_equal(app_lead_convert(&f->app, r.id, &o, &f->a, &res, &err), GX_OK);
	before = fx_digest(f);
	assert_int_equal(patch(f, &entity_lead, r.id, &p, &err, "notes=改一下"), GX_OK);
	assert_int_equal(app_lead_update(&f->app, &p, 0, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "status");
	assert_non_null(strstr(err.message, "converted"));
	unchanged(f, before);
	free(before);
}

static int64_t won_contract(struct fx *f, const char *amount)
{
	struct gx_error err;
	int64_t o = fx_opp(f, amount, "2026-12-31", NULL, NULL);
	struct record c;
	if (app_opportunity_move(&f->app, o, "赢单", "方案最优", &err) != GX_OK ||
	    fx_make(f, &entity_contract, &c, &err, "terms=货到付款", NULL) != GX_OK)
		fail_msg("%s", err.message);
	record_set_int(&c, "opportunity_id", o);
	if (app_contract_create(&f->app, &c, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return c.id;
}

static void test_contract_update(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record p, pl;
	int64_t c = won_contract(f, "1000");
	/* A draft: the amount may change, but not below the planned instalments (600). */
	assert_int_equal(fx_make(f, &entity_payment_plan, &pl, &err, "due_date=2027-01-31", "amount_fen=600", NULL), GX_OK);
	record_set_int(&pl, "contract_id", c);
	assert_int_equal(app_payment_plan_add(&f->app, &pl, &f->a, &err), GX_OK);
	char *before = fx_digest(f);
	assert_int_equal(patch(f, &entity_contract, c, &p, &err, "amount_fen=599.99"), GX_OK);
	assert_int_equal(app_contract_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	assert_int_equal(patch(f, &entity_contract, c, &p, &err, "end_date=2026-01-01"), GX_OK);
	record_set_text(&p, "start_date", "2026-02-01");
	assert_int_equal(app_contract_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "end_date");
	assert_int_equal(patch(f, &entity_contract, c, &p, &err, "signed_date=2026-11-01"), GX_OK);
	assert_int_equal(app_contract_update(&f->app, &p, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "signed_date");
	unchanged(f, before);
	free(before);
	assert_int_equal(patch(f, &entity_contract, c, &p, &err, "amount_fen=800"), GX_OK);
	assert_int_equal(app_contract_update(&f->app, &p, version(f, &entity_contract, c), &f->a, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_contract, c, "amount_fen"), 80000);
	/* Signed: the amount is fixed, the terms are not. */
	assert_int_equal(app_contract_set_status(&f->app, c, "signed", "2026-11-20", NULL, &err), GX_OK);
	before = fx_digest(f);
	assert_int_equal(patch(f, &entity_contract, c, &p, &err, "amount_fen=900"), GX_OK);
	assert_int_equal(app_contract_update(&f->app, &p, 0, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "amount_fen");
	assert_non_null(strstr(err.message, "signed"));
	unchanged(f, before);
	free(before);
	assert_int_equal(patch(f, &entity_contract, c, &p, &err, "terms=月结30天"), GX_OK);
	assert_int_equal(app_contract_update(&f->app, &p, 0, &f->a, &err), GX_OK);
	assert_string_equal(fx_text(f, &entity_contract, c, "terms"), "月结30天");
	/* Terminated: nothing changes. */
	assert_int_equal(app_contract_set_status(&f->app, c, "terminated", NULL, "客户违约", &err), GX_OK);
	before = fx_digest(f);
	assert_int_equal(patch(f, &entity_contract, c, &p, &err, "terms=作废"), GX_OK);
	assert_int_equal(app_contract_update(&f->app, &p, 0, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "status");
	unchanged(f, before);
	free(before);
}

static void lines2(struct fx *f, struct quote_line_input *l, const char *qty, const char *price)
{
	struct gx_error err;
	if (fx_make(f, &entity_quote_line, &l[0].line, &err, "description=A4 复印纸", NULL) != GX_OK ||
	    app_field_set_text(&f->app, &l[0].line, "quantity", qty, &f->a, &err) != GX_OK ||
	    app_field_set_text(&f->app, &l[0].line, "unit_price_fen", price, &f->a, &err) != GX_OK ||
	    fx_make(f, &entity_quote_line, &l[1].line, &err, "description=安装服务", "quantity=1", "unit_price_fen=50", NULL) != GX_OK)
		fail_msg("%s", err.message);
}

static void test_quote_update(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	struct record q, p;
	struct quote_line_input l[2];
	assert_int_equal(fx_make(f, &entity_quote, &q, &err, "valid_until=2026-12-31", NULL), GX_OK);
	record_set_int(&q, "customer_id", f->cust);
	lines2(f, l, "3", "100");
	assert_int_equal(app_quote_create(&f->app, &q, 500, l, 2, &f->a, &err), GX_OK);   /* 5 %: draft */
	assert_int_equal(fx_int(f, &entity_quote, q.id, "total_fen"), 33250);
	/* New lines 4 × 99.99 + 50 = 449.96; 5 % = 22.498 → 22.50; total 427.46. */
	lines2(f, l, "4", "99.99");
	record_init(&p, &entity_quote, &f->a);
	p.id = q.id;
	assert_int_equal(app_quote_update(&f->app, &p, 0, -1, l, 2, &f->a, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_quote, q.id, "subtotal_fen"), 44996);
	assert_int_equal(fx_int(f, &entity_quote, q.id, "discount_fen"), 2250);
	assert_int_equal(fx_int(f, &entity_quote, q.id, "total_fen"), 42746);
	assert_string_equal(fx_text(f, &entity_quote, q.id, "status"), "draft");
	struct store_list_query lq = {.filter = filter_cond_int(&f->a, &entity_quote_line, "quote_id", FILTER_EQ, q.id)};
	int64_t n = 0;
	assert_int_equal(store_record_count(f->app.store, &entity_quote_line, &lq, &n, &err), GX_OK);
	assert_int_equal(n, 2);
	/* A discount over the threshold (10 %) sends it for approval again: 20 % of 449.96 = 89.99. */
	record_init(&p, &entity_quote, &f->a);
	p.id = q.id;
	assert_int_equal(app_quote_update(&f->app, &p, 0, 2000, NULL, 0, &f->a, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_quote, q.id, "discount_fen"), 8999);
	assert_string_equal(fx_text(f, &entity_quote, q.id, "status"), "pending_approval");
	/* Pending and approved: lines and discount refused, notes allowed. */
	char *before = fx_digest(f);
	lines2(f, l, "1", "1");
	record_init(&p, &entity_quote, &f->a);
	p.id = q.id;
	assert_int_equal(app_quote_update(&f->app, &p, 0, -1, l, 2, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "lines");
	unchanged(f, before);
	free(before);
	assert_int_equal(app_quote_discount_approve(&f->app, q.id, NULL, &err), GX_OK);
	before = fx_digest(f);
	assert_int_equal(app_quote_update(&f->app, &p, 0, -1, l, 2, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "lines");
	assert_non_null(strstr(err.message, "approved"));
	assert_int_equal(app_quote_update(&f->app, &p, 0, 0, NULL, 0, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "discount");
	assert_int_equal(patch(f, &entity_quote, q.id, &p, &err, "customer_id=#1"), GX_OK);
	assert_int_equal(app_quote_update(&f->app, &p, 0, -1, NULL, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "customer_id");
	unchanged(f, before);
	free(before);
	assert_int_equal(patch(f, &entity_quote, q.id, &p, &err, "notes=含税价"), GX_OK);
	assert_int_equal(app_quote_update(&f->app, &p, 0, -1, NULL, 0, &f->a, &err), GX_OK);
	assert_string_equal(fx_text(f, &entity_quote, q.id, "status"), "approved");
	/* Accepted is final. */
	assert_int_equal(app_quote_act(&f->app, q.id, "send", &err), GX_OK);
	assert_int_equal(app_quote_act(&f->app, q.id, "accept", &err), GX_OK);
	assert_int_equal(patch(f, &entity_quote, q.id, &p, &err, "notes=x"), GX_OK);
	assert_int_equal(app_quote_update(&f->app, &p, 0, -1, NULL, 0, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "status");
}

static void test_opportunity_bin(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t o = fx_opp(f, "100", "2026-12-31", NULL, "li");
	int64_t a0 = audits(f, "opportunity", o);
	assert_int_equal(app_opportunity_restore(&f->app, o, &err), GX_ECONFLICT);   /* not in the bin */
	assert_int_equal(app_opportunity_delete(&f->app, o, &err), GX_OK);
	assert_int_equal(audits(f, "opportunity", o), a0 + 1);
	/* Gone from the forecast and from everything that wants a live one. */
	struct sales_forecast_row *rows;
	size_t n;
	assert_int_equal(app_sales_forecast(&f->app, "2026-12", "2026-12", SALES_GROUP_NONE, &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_opportunity_move(&f->app, o, "赢单", "x", &err), GX_ENOTFOUND);
	assert_int_equal(app_opportunity_delete(&f->app, o, &err), GX_ENOTFOUND);
	int64_t found = 0;
	assert_int_equal(app_opportunity_resolve(&f->app, fx_text(f, &entity_opportunity, o, "code"), &found, &err), GX_ENOTFOUND);
	assert_int_equal(app_opportunity_resolve_binned(&f->app, fx_text(f, &entity_opportunity, o, "code"), &found, &err), GX_OK);
	assert_int_equal(found, o);
	/* Restored: back in the forecast, audited. */
	assert_int_equal(app_opportunity_restore(&f->app, o, &err), GX_OK);
	assert_int_equal(audits(f, "opportunity", o), a0 + 2);
	assert_int_equal(app_sales_forecast(&f->app, "2026-12", "2026-12", SALES_GROUP_NONE, &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].amount_fen, 10000);
	/* With a contract it stays; with its customer in the bin it cannot come back. */
	assert_int_equal(app_opportunity_move(&f->app, o, "赢单", "方案最优", &err), GX_OK);
	struct record c;
	assert_int_equal(fx_make(f, &entity_contract, &c, &err, "terms=货到付款", NULL), GX_OK);
	record_set_int(&c, "opportunity_id", o);
	assert_int_equal(app_contract_create(&f->app, &c, &f->a, &err), GX_OK);
	char *before = fx_digest(f);
	assert_int_equal(app_opportunity_delete(&f->app, o, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "contract"));
	unchanged(f, before);
	free(before);
	int64_t o2 = fx_opp(f, "100", "2026-12-31", NULL, "li");
	assert_int_equal(app_opportunity_delete(&f->app, o2, &err), GX_OK);
	assert_int_equal(app_customer_delete(&f->app, f->cust, &err), GX_OK);
	assert_int_equal(app_opportunity_restore(&f->app, o2, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "customer_id");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_lead_update),
		FX_TEST(test_contract_update),
		FX_TEST(test_quote_update),
		FX_TEST(test_opportunity_bin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
