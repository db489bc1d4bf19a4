/* Contracts (合同) from won opportunities, their status moves (app/sales_rules.c), and
 * payment-collection plans (回款计划): instalments whose amounts together stay within the
 * contract amount. */
#include <string.h>

#include "app/sales_internal.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"
#include "guanxi/sales_store.h"

enum gx_err app_contract_create(struct app *app, struct record *in, struct gx_arena *a,
                                struct gx_error *err)
{
	enum gx_err e;
	if (record_is_null(in, "code")) {
		const char *code;
		if ((e = sales_next_code(app, &entity_contract, "HT", a, &code, err)))
			return e;
		record_set_text(in, "code", code);
	}
	if (record_is_null(in, "opportunity_id"))
		return gx_error_set(err, GX_EINVAL, "opportunity_id", "%s", _("a contract is made from a won opportunity; none given"));
	if (!record_is_null(in, "start_date") && !record_is_null(in, "end_date") &&
	    strcmp(record_text(in, "end_date"), record_text(in, "start_date")) < 0)
		return gx_error_set(err, GX_EINVAL, "end_date", _("end date %s is before start date %s"),
		                    record_text(in, "end_date"), record_text(in, "start_date"));
	if (!record_is_null(in, "amount_fen") && record_int(in, "amount_fen") < 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("amount must not be negative"));
	if ((e = store_begin(app->store, err)))
		return e;
	struct record opp;
	int64_t n = 0;
	if ((e = sales_get_live(app, &entity_opportunity, record_int(in, "opportunity_id"), a, &opp, err)))
		goto fail;
	if (strcmp(record_text(&opp, "status"), "won") != 0) {
		e = gx_error_set(err, GX_EINVAL, "opportunity_id", _("opportunity %s is %s; contracts come from won opportunities"),
		                 record_text(&opp, "code"), record_text(&opp, "status"));
		goto fail;
	}
	if ((e = store_sales_contract_count(app->store, opp.id, &n, err)))
		goto fail;
	if (n > 0) {
		e = gx_error_set(err, GX_ECONFLICT, "opportunity_id", _("opportunity %s has a contract already"),
		                 record_text(&opp, "code"));
		goto fail;
	}
	record_set_int(in, "customer_id", record_int(&opp, "customer_id"));
	if (record_is_null(in, "amount_fen"))
		record_set_int(in, "amount_fen", record_int(&opp, "amount_fen"));
	if (record_is_null(in, "title"))
		record_set_text(in, "title", record_text(&opp, "name"));
	if (record_is_null(in, "owner_id") && !record_is_null(&opp, "owner_id"))
		record_set_int(in, "owner_id", record_int(&opp, "owner_id"));
	record_set_text(in, "status", "draft");
	app_stamp_job(app, in);
	if ((e = app_record_check_required(in, err)))
		goto fail;
	if ((e = store_record_insert(app->store, in, err))) {
		if (e == GX_ECONFLICT)
			gx_error_set(err, GX_ECONFLICT, "code", _("a contract with code %s exists already"), record_text(in, "code"));
		goto fail;
	}
	if ((e = app_audit_change(app, "create", NULL, in, 0, err)))
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_contract_set_status(struct app *app, int64_t id, const char *status,
                                    const char *signed_date, const char *reason, struct gx_error *err)
{
	if (sales_blank(status))
		return gx_error_set(err, GX_EINVAL, "status", "%s", _("no status given"));
	int known = 0;
	for (int i = 0; sales_contract_statuses[i]; i++)
		known |= strcmp(sales_contract_statuses[i], status) == 0;
	if (!known)
		return gx_error_set(err, GX_EINVAL, "status",
		                    _("unknown contract status \"%s\" (draft, signed, completed, terminated)"), status);
	char today[11];
	int32_t today_d, signed_d = 0;
	enum gx_err e = sales_today(app, today, &today_d, err);
	if (e != GX_OK)
		return e;
	if (strcmp(status, "signed") == 0) {
		if (sales_blank(signed_date))
			return gx_error_set(err, GX_EINVAL, "signed_date", "%s", _("signing a contract needs the signing date"));
		if ((e = gx_date_parse(signed_date, &signed_d, "signed_date", err)))
			return e;
		if (signed_d > today_d)
			return gx_error_set(err, GX_EINVAL, "signed_date", _("signing date %s is in the future"), signed_date);
	}
	if (strcmp(status, "terminated") == 0 && sales_blank(reason))
		return gx_error_set(err, GX_EINVAL, "reason", "%s", _("terminating a contract needs the reason"));
	if (reason && strlen(reason) > 1500)
		return gx_error_set(err, GX_EINVAL, "reason", "%s", _("the reason is longer than 500 characters"));
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record cur, p, after;
	if ((e = store_begin(app->store, err)))
		goto out;
	if ((e = sales_get_live(app, &entity_contract, id, &a, &cur, err)))
		goto fail;
	const char *from = record_text(&cur, "status");
	if (!sales_contract_transition_ok(from, status)) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("contract %s cannot go from %s to %s"),
		                 record_text(&cur, "code"), from, status);
		goto fail;
	}
	record_init(&p, &entity_contract, &a);
	p.id = id;
	record_set_text(&p, "status", status);
	if (signed_d) {
		char buf[GX_DATE_FMT_SIZE];
		record_set_text(&p, "signed_date", gx_arena_strdup(&a, gx_date_format(signed_d, buf)));
	}
	if (!sales_blank(reason))
		record_set_text(&p, "status_reason", reason);
	if ((e = store_record_update(app->store, &p, 0, err)) ||
	    (e = store_record_get(app->store, &entity_contract, id, &a, &after, err)) ||
	    (e = app_audit_change(app, "status", &cur, &after, 0, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_contract_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err)
{
	return sales_resolve(app, &entity_contract, text, "contract", id, err);
}

enum gx_err app_payment_plan_add(struct app *app, struct record *in, struct gx_arena *a,
                                 struct gx_error *err)
{
	enum gx_err e = app_record_check_required(in, err);
	if (e != GX_OK)
		return e;
	if (record_int(in, "amount_fen") <= 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("an instalment's amount must be above 0"));
	if ((e = store_begin(app->store, err)))
		return e;
	struct record c;
	int64_t planned = 0, seq = 0;
	if ((e = sales_get_live(app, &entity_contract, record_int(in, "contract_id"), a, &c, err)) ||
	    (e = store_sales_plan_totals(app->store, c.id, &planned, &seq, err)))
		goto fail;
	if (strcmp(record_text(&c, "status"), "terminated") == 0) {
		e = gx_error_set(err, GX_ECONFLICT, "contract_id", _("contract %s is terminated"), record_text(&c, "code"));
		goto fail;
	}
	if (planned + record_int(in, "amount_fen") > record_int(&c, "amount_fen")) {
		char b1[GX_MONEY_FMT_SIZE], b2[GX_MONEY_FMT_SIZE];
		e = gx_error_set(err, GX_EINVAL, "amount_fen",
		                 _("instalments would total %s, more than the contract amount of %s"),
		                 gx_money_format(planned + record_int(in, "amount_fen"), b1),
		                 gx_money_format(record_int(&c, "amount_fen"), b2));
		goto fail;
	}
	record_set_int(in, "seq", seq);
	record_set_text(in, "status", "planned");
	if ((e = store_record_insert(app->store, in, err)) || (e = app_audit_change(app, "create", NULL, in, 0, err)))
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_payment_plan_paid(struct app *app, int64_t plan_id, const char *paid_date,
                                  struct gx_error *err)
{
	char today[11];
	int32_t today_d, d;
	enum gx_err e = sales_today(app, today, &today_d, err);
	if (e != GX_OK)
		return e;
	if (!sales_blank(paid_date)) {
		if ((e = gx_date_parse(paid_date, &d, "paid_date", err)))
			return e;
		if (d > today_d)
			return gx_error_set(err, GX_EINVAL, "paid_date", _("payment date %s is in the future"), paid_date);
	} else {
		d = today_d;
	}
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record cur, p;
	if ((e = store_begin(app->store, err)))
		goto out;
	if ((e = store_record_get(app->store, &entity_payment_plan, plan_id, &a, &cur, err)))
		goto fail;
	if (strcmp(record_text(&cur, "status"), "paid") == 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("instalment %lld is paid already"), (long long)plan_id);
		goto fail;
	}
	record_init(&p, &entity_payment_plan, &a);
	p.id = plan_id;
	char buf[GX_DATE_FMT_SIZE];
	record_set_text(&p, "status", "paid");
	record_set_text(&p, "paid_date", gx_arena_strdup(&a, gx_date_format(d, buf)));
	if ((e = store_record_update(app->store, &p, 0, err)) ||
	    (e = sales_audit_status(app, "paid", "payment_plan", plan_id, "planned", "paid", NULL, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}
