/* Unit tests of sales, part two (on SQLite and, in the second pass, PostgreSQL): the lead
 * state machine (every pair of statuses), the lead pool, conversion with its duplicate check,
 * the contract state machine and payment plans, quotes with the discount arithmetic and the
 * approval handlers (app_quote_discount_approve / _reject, called here as the approvals
 * framework will call them). A refused action changes nothing (whole-database checksum). */
#include "sales_fixture.h"
#include "support/test_db.h"   /* the PostgreSQL pass runs this suite too */

static void unchanged(struct fx *f, const char *before)
{
	char *after = fx_digest(f);
	assert_string_equal(before, after);
	free(after);
}

static int64_t lead(struct fx *f, const char *name, const char *company, const char *phone, const char *source,
                    int64_t owner)
{
	struct record r;
	struct gx_error err;
	if (fx_make(f, &entity_lead, &r, &err, "name=x", "source=x", NULL) != GX_OK)
		fail_msg("%s", err.message);
	record_set_text(&r, "name", name);
	record_set_text(&r, "source", source);
	if (company)
		record_set_text(&r, "company", company);
	if (phone && app_field_set_text(&f->app, &r, "phone", phone, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	if (app_lead_create(&f->app, &r, owner, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return r.id;
}

/* Brings a new lead to `status` along allowed moves. */
static int64_t lead_in(struct fx *f, const char *status)
{
	struct gx_error err;
	int64_t id = lead(f, "张伟", NULL, NULL, "展会", 0);
	enum gx_err e = GX_OK;
	if (strcmp(status, "contacted") == 0 || strcmp(status, "qualified") == 0)
		e = app_lead_set_status(&f->app, id, status, NULL, &err);
	else if (strcmp(status, "disqualified") == 0)
		e = app_lead_set_status(&f->app, id, status, "空号", &err);
	else if (strcmp(status, "converted") == 0) {
		struct lead_convert_opts o = {.no_opportunity = 1, .amount_fen = -1};
		struct lead_convert_result res;
		e = app_lead_convert(&f->app, id, &o, &f->a, &res, &err);
	}
	if (e != GX_OK)
		fail_msg("%s: %s", status, err.message);
	assert_string_equal(fx_text(f, &entity_lead, id, "status"), status);
	return id;
}

static void test_lead_every_transition(void **state)
{
	struct fx *f = *state;
	static const char *const st[] = {"new", "contacted", "qualified", "converted", "disqualified"};
	/* The allowed moves, written out independently of app/sales_rules.c. */
	static const char *const ok[] = {"new>contacted", "new>qualified", "new>disqualified",
	                                 "contacted>qualified", "contacted>disqualified",
	                                 "qualified>disqualified", "disqualified>new"};
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 5; j++) {
			char key[40];
			snprintf(key, sizeof key, "%s>%s", st[i], st[j]);
			int allowed = 0;
			for (size_t k = 0; k < sizeof ok / sizeof *ok; k++)
				allowed |= strcmp(ok[k], key) == 0;
			int64_t id = lead_in(f, st[i]);
			char *before = fx_digest(f);
			struct gx_error err;
			enum gx_err e = app_lead_set_status(&f->app, id, st[j], "无预算", &err);
			if (allowed) {
				if (e != GX_OK)
					fail_msg("%s refused: %s", key, err.message);
				assert_string_equal(fx_text(f, &entity_lead, id, "status"), st[j]);
			} else {
				if (e == GX_OK)
					fail_msg("%s allowed", key);
				assert_int_equal(e, GX_ECONFLICT);
				assert_string_equal(err.field, "status");
				unchanged(f, before);
			}
			free(before);
		}
	/* Disqualifying needs the reason; unknown statuses are named. */
	struct gx_error err;
	int64_t id = lead_in(f, "new");
	char *before = fx_digest(f);
	assert_int_equal(app_lead_set_status(&f->app, id, "disqualified", " ", &err), GX_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(app_lead_set_status(&f->app, id, "won", NULL, &err), GX_EINVAL);
	assert_non_null(strstr(err.message, "won"));
	unchanged(f, before);
	free(before);
}

static void test_lead_pool(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int64_t id = lead(f, "刘洋", NULL, NULL, "官网", 0);
	assert_true(fx_int(f, &entity_lead, id, "owner_id") == 0);
	char *before = fx_digest(f);
	assert_int_equal(app_lead_claim(&f->app, id, &err), GX_EINVAL);   /* the system claims nothing */
	assert_string_equal(err.field, "user");
	assert_int_equal(app_lead_release(&f->app, id, &err), GX_ECONFLICT);
	unchanged(f, before);
	free(before);
	fx_act(f, "li");
	assert_int_equal(app_lead_claim(&f->app, id, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_lead, id, "owner_id"), f->rep1);
	assert_int_equal(fx_int(f, &entity_lead, id, "department_id"), f->dept1);
	fx_act(f, "wang");   /* li's lead is out of wang's row scope: not found, not "taken" */
	before = fx_digest(f);
	assert_int_equal(app_lead_claim(&f->app, id, &err), GX_ENOTFOUND);
	assert_int_equal(app_lead_release(&f->app, id, &err), GX_ENOTFOUND);
	assert_int_equal(app_lead_assign(&f->app, id, f->rep2, &err), GX_EFORBIDDEN);
	unchanged(f, before);
	free(before);
	fx_act(f, "zhao");
	assert_int_equal(app_lead_assign(&f->app, id, f->rep2, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_lead, id, "owner_id"), f->rep2);
	fx_act(f, "wang");
	assert_int_equal(app_lead_release(&f->app, id, &err), GX_OK);
	assert_true(fx_int(f, &entity_lead, id, "owner_id") == 0);
}

static void test_lead_conversion(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	/* A company lead: organisation customer + contact + opportunity in the first stage. */
	int64_t l1 = lead(f, "陈静", "远航物流有限公司", "13912345678", "展会", f->rep1);
	struct lead_convert_opts o = {.amount_fen = -1};
	struct lead_convert_result res;
	assert_int_equal(app_lead_convert(&f->app, l1, &o, &f->a, &res, &err), GX_OK);
	assert_true(res.customer_id > 0 && res.contact_id > 0 && res.opportunity_id > 0);
	assert_string_equal(fx_text(f, &entity_customer, res.customer_id, "kind"), "organization");
	assert_string_equal(fx_text(f, &entity_customer, res.customer_id, "name"), "远航物流有限公司");
	assert_string_equal(fx_text(f, &entity_contact, res.contact_id, "name"), "陈静");
	assert_int_equal(fx_int(f, &entity_opportunity, res.opportunity_id, "lead_id"), l1);
	assert_int_equal(fx_int(f, &entity_opportunity, res.opportunity_id, "owner_id"), f->rep1);
	assert_string_equal(fx_text(f, &entity_opportunity, res.opportunity_id, "expected_close_date"), "2026-12-26");
	assert_string_equal(fx_text(f, &entity_lead, l1, "status"), "converted");
	assert_int_equal(fx_int(f, &entity_lead, l1, "customer_id"), res.customer_id);

	/* Same phone as that customer: refused with the match named, nothing written. */
	int64_t l2 = lead(f, "陈静", NULL, "139-1234-5678", "转介绍", 0);
	char *before = fx_digest(f);
	assert_int_equal(app_lead_convert(&f->app, l2, &o, &f->a, &res, &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, fx_text(f, &entity_customer, res.customer_id ? res.customer_id : 2, "code")));
	assert_true(res.dups.blocking);
	unchanged(f, before);
	/* Converting a converted lead is refused too; a bad close date names the field. */
	assert_int_equal(app_lead_convert(&f->app, l1, &o, &f->a, &res, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "status");
	struct lead_convert_opts bad = {.force = 1, .amount_fen = -1, .expected_close_date = "2026-11-01"};
	assert_int_equal(app_lead_convert(&f->app, l2, &bad, &f->a, &res, &err), GX_EINVAL);
	assert_string_equal(err.field, "expected_close_date");
	unchanged(f, before);
	free(before);
	/* Attached to the existing customer instead. */
	struct lead_convert_opts att = {.customer_id = f->cust, .no_opportunity = 1, .amount_fen = -1};
	assert_int_equal(app_lead_convert(&f->app, l2, &att, &f->a, &res, &err), GX_OK);
	assert_int_equal(res.customer_id, f->cust);
	assert_int_equal(res.opportunity_id, 0);

	/* Conversion rate: 展会 1 / 2 = 0.5, 转介绍 1 / 1, 官网 0 / 1. */
	lead(f, "周杰", NULL, NULL, "展会", f->rep2);
	lead(f, "吴刚", NULL, NULL, "官网", 0);
	struct lead_conversion_row *rows;
	size_t n;
	assert_int_equal(app_lead_conversion(&f->app, "source", &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].key, "展会") == 0)
			assert_true(rows[i].leads == 2 && rows[i].converted == 1 && rows[i].rate == 0.5);
		else if (strcmp(rows[i].key, "转介绍") == 0)
			assert_true(rows[i].rate == 1.0);
		else
			assert_true(strcmp(rows[i].key, "官网") == 0 && rows[i].rate == 0.0);
	}
	assert_int_equal(app_lead_conversion(&f->app, "owner", &f->a, &rows, &n, &err), GX_OK);
	assert_int_equal(n, 3);   /* "" (the pool), li, wang */
	assert_string_equal(rows[0].key, "");
	assert_true(rows[0].leads == 2 && rows[0].converted == 1);
	assert_string_equal(rows[1].key, "li");
	assert_true(rows[1].rate == 1.0);
	assert_string_equal(rows[2].key, "wang");
	assert_true(rows[2].rate == 0.0);
	assert_int_equal(app_lead_conversion(&f->app, "city", &f->a, &rows, &n, &err), GX_EINVAL);
	assert_string_equal(err.field, "by");
}

static int64_t won_opportunity(struct fx *f, const char *amount)
{
	struct gx_error err;
	int64_t o = fx_opp(f, amount, "2026-12-31", NULL, NULL);
	if (app_opportunity_move(&f->app, o, "赢单", "方案最优", &err) != GX_OK)
		fail_msg("%s", err.message);
	return o;
}

static int64_t contract_for(struct fx *f, int64_t opp)
{
	struct record c;
	struct gx_error err;
	assert_int_equal(fx_make(f, &entity_contract, &c, &err, "terms=货到付款", NULL), GX_OK);
	record_set_int(&c, "opportunity_id", opp);
	if (app_contract_create(&f->app, &c, &f->a, &err) != GX_OK)
		fail_msg("%s", err.message);
	return c.id;
}

static void test_contract_machine(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	static const char *const st[] = {"draft", "signed", "completed", "terminated"};
	static const char *const ok[] = {"draft>signed", "draft>terminated", "signed>completed", "signed>terminated"};
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 4; j++) {
			int64_t c = contract_for(f, won_opportunity(f, "100"));
			/* Bring it to st[i]. */
			if (i == 1 || i == 2)
				assert_int_equal(app_contract_set_status(&f->app, c, "signed", "2026-11-20", NULL, &err), GX_OK);
			if (i == 2)
				assert_int_equal(app_contract_set_status(&f->app, c, "completed", NULL, NULL, &err), GX_OK);
			if (i == 3)
				assert_int_equal(app_contract_set_status(&f->app, c, "terminated", NULL, "客户破产", &err), GX_OK);
			assert_string_equal(fx_text(f, &entity_contract, c, "status"), st[i]);
			char key[40];
			snprintf(key, sizeof key, "%s>%s", st[i], st[j]);
			int allowed = 0;
			for (size_t k = 0; k < 4; k++)
				allowed |= strcmp(ok[k], key) == 0;
			char *before = fx_digest(f);
			enum gx_err e = app_contract_set_status(&f->app, c, st[j], "2026-11-21", "终止原因", &err);
			if (allowed) {
				if (e != GX_OK)
					fail_msg("%s refused: %s", key, err.message);
				assert_string_equal(fx_text(f, &entity_contract, c, "status"), st[j]);
			} else {
				assert_int_equal(e, GX_ECONFLICT);
				assert_string_equal(err.field, "status");
				unchanged(f, before);
			}
			free(before);
		}
	/* Bad input: signing without a date or in the future, terminating without a reason, a
	 * contract from an open opportunity, a second contract, a negative amount. */
	int64_t opp = won_opportunity(f, "5000");
	int64_t c = contract_for(f, opp);
	assert_int_equal(fx_int(f, &entity_contract, c, "amount_fen"), 500000);
	char *before = fx_digest(f);
	assert_int_equal(app_contract_set_status(&f->app, c, "signed", NULL, NULL, &err), GX_EINVAL);
	assert_string_equal(err.field, "signed_date");
	assert_int_equal(app_contract_set_status(&f->app, c, "signed", "2026-11-27", NULL, &err), GX_EINVAL);
	assert_string_equal(err.field, "signed_date");
	assert_int_equal(app_contract_set_status(&f->app, c, "terminated", NULL, "", &err), GX_EINVAL);
	assert_string_equal(err.field, "reason");
	struct record r;
	assert_int_equal(fx_make(f, &entity_contract, &r, &err, NULL), GX_OK);
	record_set_int(&r, "opportunity_id", opp);
	assert_int_equal(app_contract_create(&f->app, &r, &f->a, &err), GX_ECONFLICT);
	assert_string_equal(err.field, "opportunity_id");
	assert_int_equal(fx_make(f, &entity_contract, &r, &err, NULL), GX_OK);
	record_set_int(&r, "opportunity_id", fx_opp(f, "1", "2026-12-31", NULL, NULL));
	free(before);
	before = fx_digest(f);
	assert_int_equal(app_contract_create(&f->app, &r, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "opportunity_id");
	assert_int_equal(fx_make(f, &entity_contract, &r, &err, "amount_fen=-3", NULL), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	unchanged(f, before);
	free(before);

	/* Payment plans: 3000 + 2000 fit 5000.00; one more fen does not. */
	struct record pl;
	assert_int_equal(fx_make(f, &entity_payment_plan, &pl, &err, "due_date=2026-12-31", "amount_fen=3000", NULL), GX_OK);
	record_set_int(&pl, "contract_id", c);
	assert_int_equal(app_payment_plan_add(&f->app, &pl, &f->a, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_payment_plan, pl.id, "seq"), 1);
	int64_t first = pl.id;
	assert_int_equal(fx_make(f, &entity_payment_plan, &pl, &err, "due_date=2027-01-31", "amount_fen=2000", NULL), GX_OK);
	record_set_int(&pl, "contract_id", c);
	assert_int_equal(app_payment_plan_add(&f->app, &pl, &f->a, &err), GX_OK);
	assert_int_equal(fx_int(f, &entity_payment_plan, pl.id, "seq"), 2);
	before = fx_digest(f);
	assert_int_equal(fx_make(f, &entity_payment_plan, &pl, &err, "due_date=2027-02-28", "amount_fen=0.01", NULL), GX_OK);
	record_set_int(&pl, "contract_id", c);
	assert_int_equal(app_payment_plan_add(&f->app, &pl, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	assert_int_equal(fx_make(f, &entity_payment_plan, &pl, &err, "due_date=2027-02-28", NULL), GX_OK);
	record_set_int(&pl, "contract_id", c);
	record_set_int(&pl, "amount_fen", 0);
	assert_int_equal(app_payment_plan_add(&f->app, &pl, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "amount_fen");
	assert_int_equal(app_payment_plan_paid(&f->app, first, "2026-12-01", &err), GX_EINVAL);   /* future */
	assert_string_equal(err.field, "paid_date");
	unchanged(f, before);
	free(before);
	assert_int_equal(app_payment_plan_paid(&f->app, first, "2026-11-25", &err), GX_OK);
	assert_string_equal(fx_text(f, &entity_payment_plan, first, "paid_date"), "2026-11-25");
	assert_int_equal(app_payment_plan_paid(&f->app, first, NULL, &err), GX_ECONFLICT);
}

static int64_t quote(struct fx *f, const char *discount, enum gx_err want, struct gx_error *err)
{
	struct record q;
	assert_int_equal(fx_make(f, &entity_quote, &q, err, "valid_until=2026-12-31", NULL), GX_OK);
	record_set_int(&q, "customer_id", f->cust);
	struct quote_line_input lines[2];
	assert_int_equal(fx_make(f, &entity_quote_line, &lines[0].line, err, "description=A4 复印纸",
	                         "quantity=3", "unit_price_fen=333.33", NULL), GX_OK);
	assert_int_equal(fx_make(f, &entity_quote_line, &lines[1].line, err, "description=安装服务",
	                         "quantity=1", "unit_price_fen=0", NULL), GX_OK);
	int bp = 0;
	assert_int_equal(sales_parse_percent(discount, "discount", &bp, err), GX_OK);
	assert_int_equal(app_quote_create(&f->app, &q, bp, lines, 2, &f->a, err), want);
	return q.id;
}

static void test_quote_discount_approval(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	int bp;
	assert_int_equal(sales_parse_percent("12.5%", "discount", &bp, &err), GX_OK);
	assert_int_equal(bp, 1250);
	assert_int_equal(sales_parse_percent("12.345", "discount", &bp, &err), GX_EINVAL);
	assert_int_equal(sales_parse_percent("101", "discount", &bp, &err), GX_EINVAL);
	assert_int_equal(sales_parse_percent("-5", "discount", &bp, &err), GX_EINVAL);
	assert_string_equal(err.field, "discount");
	assert_int_equal(app_quote_threshold(&f->app, &bp, &err), GX_OK);
	assert_int_equal(bp, 1000);   /* default 10 % */

	/* 3 × 333.33 = 999.99; 12.5 % of it is 124.99875 → 125.00 (half up); total 874.99. */
	int64_t q = quote(f, "12.5", GX_OK, &err);
	assert_int_equal(fx_int(f, &entity_quote, q, "subtotal_fen"), 99999);
	assert_int_equal(fx_int(f, &entity_quote, q, "discount_fen"), 12500);
	assert_int_equal(fx_int(f, &entity_quote, q, "total_fen"), 87499);
	assert_string_equal(fx_text(f, &entity_quote, q, "status"), "pending_approval");
	char *before = fx_digest(f);
	assert_int_equal(app_quote_act(&f->app, q, "send", &err), GX_ECONFLICT);
	assert_non_null(strstr(err.message, "approv"));
	assert_int_equal(app_quote_act(&f->app, q, "accept", &err), GX_ECONFLICT);
	assert_int_equal(app_quote_discount_approve(&f->app, q, "[1]", &err), GX_EINVAL);
	assert_int_equal(app_quote_discount_approve(&f->app, q, "{\"note\": 5}", &err), GX_EINVAL);
	assert_string_equal(err.field, "note");
	assert_int_equal(app_quote_act(&f->app, q, "haggle", &err), GX_EINVAL);
	assert_string_equal(err.field, "action");
	unchanged(f, before);
	free(before);
	assert_int_equal(app_quote_discount_approve(&f->app, q, "{\"note\": \"老客户\"}", &err), GX_OK);
	assert_string_equal(fx_text(f, &entity_quote, q, "status"), "approved");
	assert_string_equal(fx_text(f, &entity_quote, q, "decision_note"), "老客户");
	assert_int_equal(app_quote_discount_approve(&f->app, q, NULL, &err), GX_ECONFLICT);
	assert_int_equal(app_quote_act(&f->app, q, "accept", &err), GX_ECONFLICT);
	assert_int_equal(app_quote_act(&f->app, q, "send", &err), GX_OK);
	assert_int_equal(app_quote_act(&f->app, q, "accept", &err), GX_OK);
	assert_string_equal(fx_text(f, &entity_quote, q, "status"), "accepted");
	assert_int_equal(app_quote_act(&f->app, q, "cancel", &err), GX_ECONFLICT);

	/* Rejected: stays unsendable. At the threshold (10 %) no approval is needed. */
	int64_t r = quote(f, "30", GX_OK, &err);
	assert_int_equal(app_quote_discount_reject(&f->app, r, NULL, &err), GX_OK);
	assert_string_equal(fx_text(f, &entity_quote, r, "status"), "rejected");
	assert_int_equal(app_quote_act(&f->app, r, "send", &err), GX_ECONFLICT);
	int64_t d = quote(f, "10", GX_OK, &err);
	assert_string_equal(fx_text(f, &entity_quote, d, "status"), "draft");
	assert_int_equal(app_quote_discount_approve(&f->app, d, NULL, &err), GX_ECONFLICT);
	assert_int_equal(app_quote_act(&f->app, d, "send", &err), GX_OK);
	assert_int_equal(app_quote_act(&f->app, d, "decline", &err), GX_OK);

	/* A higher threshold setting: 12.5 % passes without approval. */
	assert_int_equal(app_quote_threshold_set(&f->app, "15", &err), GX_OK);
	assert_int_equal(app_quote_threshold_set(&f->app, "abc", &err), GX_EINVAL);
	int64_t h = quote(f, "12.5", GX_OK, &err);
	assert_string_equal(fx_text(f, &entity_quote, h, "status"), "draft");

	/* Bad lines: no lines, zero quantity, no product and no description; nothing written. */
	before = fx_digest(f);
	struct record qq;
	assert_int_equal(fx_make(f, &entity_quote, &qq, &err, NULL), GX_OK);
	record_set_int(&qq, "customer_id", f->cust);
	struct quote_line_input l;
	assert_int_equal(app_quote_create(&f->app, &qq, 0, &l, 0, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "lines");
	assert_int_equal(fx_make(f, &entity_quote_line, &l.line, &err, "description=x", "quantity=0", "unit_price_fen=1", NULL), GX_OK);
	assert_int_equal(app_quote_create(&f->app, &qq, 0, &l, 1, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "quantity");
	assert_int_equal(fx_make(f, &entity_quote_line, &l.line, &err, "quantity=1", "unit_price_fen=1", NULL), GX_OK);
	assert_int_equal(app_quote_create(&f->app, &qq, 0, &l, 1, &f->a, &err), GX_EINVAL);
	assert_string_equal(err.field, "description");
	assert_int_equal(fx_make(f, &entity_quote_line, &l.line, &err, "quantity=1", "unit_price_fen=-1", NULL), GX_EINVAL);
	assert_string_equal(err.field, "unit_price_fen");
	unchanged(f, before);
	free(before);
}

/* Every (status, action) pair of the quote machine, against the table written out here. */
static void test_quote_every_transition(void **state)
{
	struct fx *f = *state;
	struct gx_error err;
	static const char *const st[] = {"draft", "pending_approval", "approved", "rejected", "sent", "accepted",
	                                 "declined", "cancelled"};
	static const char *const actions[] = {"send", "accept", "decline", "cancel", "approve", "reject"};
	static const char *const ok[] = {"draft/send>sent", "approved/send>sent", "sent/accept>accepted",
	                                 "sent/decline>declined", "draft/cancel>cancelled",
	                                 "pending_approval/cancel>cancelled", "approved/cancel>cancelled",
	                                 "rejected/cancel>cancelled", "sent/cancel>cancelled",
	                                 "pending_approval/approve>approved", "pending_approval/reject>rejected"};
	for (size_t i = 0; i < 8; i++)
		for (size_t j = 0; j < 6; j++) {
			int pending = i == 1 || i == 2 || i == 3;
			int64_t q = quote(f, pending ? "30" : "5", GX_OK, &err);
			enum gx_err e = GX_OK;
			if (i == 2)
				e = app_quote_discount_approve(&f->app, q, NULL, &err);
			else if (i == 3)
				e = app_quote_discount_reject(&f->app, q, NULL, &err);
			else if (i >= 4 && i <= 6)
				e = app_quote_act(&f->app, q, "send", &err);
			if (e == GX_OK && i == 5)
				e = app_quote_act(&f->app, q, "accept", &err);
			if (e == GX_OK && i == 6)
				e = app_quote_act(&f->app, q, "decline", &err);
			if (e == GX_OK && i == 7)
				e = app_quote_act(&f->app, q, "cancel", &err);
			assert_int_equal(e, GX_OK);
			assert_string_equal(fx_text(f, &entity_quote, q, "status"), st[i]);
			const char *want = NULL;
			char key[64];
			snprintf(key, sizeof key, "%s/%s>", st[i], actions[j]);
			for (size_t k = 0; k < sizeof ok / sizeof *ok; k++)
				if (strncmp(ok[k], key, strlen(key)) == 0)
					want = ok[k] + strlen(key);
			char *before = fx_digest(f);
			if (strcmp(actions[j], "approve") == 0)
				e = app_quote_discount_approve(&f->app, q, NULL, &err);
			else if (strcmp(actions[j], "reject") == 0)
				e = app_quote_discount_reject(&f->app, q, NULL, &err);
			else
				e = app_quote_act(&f->app, q, actions[j], &err);
			if (want) {
				if (e != GX_OK)
					fail_msg("%s refused: %s", key, err.message);
				assert_string_equal(fx_text(f, &entity_quote, q, "status"), want);
			} else {
				if (e == GX_OK)
					fail_msg("%s allowed", key);
				assert_int_equal(e, GX_ECONFLICT);
				assert_string_equal(err.field, "status");
				unchanged(f, before);
			}
			free(before);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_lead_every_transition),
		FX_TEST(test_lead_pool),
		FX_TEST(test_lead_conversion),
		FX_TEST(test_contract_machine),
		FX_TEST(test_quote_discount_approval),
		FX_TEST(test_quote_every_transition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
