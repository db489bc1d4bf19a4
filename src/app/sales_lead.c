/* Leads (线索): creation, status moves (app/sales_rules.c), the lead pool (owner NULL) with
 * claim, release and assignment, and conversion into a customer (+ contact) + opportunity in
 * one transaction, after the customer duplicate check of DECISIONS.md "Duplicates". */
#include <stdio.h>
#include <string.h>

#include "app/sales_internal.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static int is_open(const char *status)
{
	return strcmp(status, "new") == 0 || strcmp(status, "contacted") == 0 || strcmp(status, "qualified") == 0;
}

/* Fills owner, department and assignment time for user_id (0: the pool). */
static enum gx_err set_owner(struct app *app, struct record *r, int64_t user_id, struct gx_arena *a,
                             struct gx_error *err)
{
	if (!user_id) {
		record_set_null(r, "owner_id");
		record_set_null(r, "department_id");
		record_set_null(r, "assigned_at");
		return GX_OK;
	}
	struct record u;
	enum gx_err e = store_record_get(app->store, &entity_user, user_id, a, &u, err);
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, GX_EINVAL, "owner_id", _("no user with id %lld"), (long long)user_id);
	if (e != GX_OK)
		return e;
	if (!record_int(&u, "active"))
		return gx_error_set(err, GX_EINVAL, "owner_id", _("user %s is disabled and cannot take leads"),
		                    record_text(&u, "username"));
	char now[32];
	gx_now_iso(now);
	record_set_int(r, "owner_id", user_id);
	if (record_is_null(&u, "department_id"))
		record_set_null(r, "department_id");
	else
		record_set_int(r, "department_id", record_int(&u, "department_id"));
	record_set_text(r, "assigned_at", gx_arena_strdup(a, now));
	return GX_OK;
}

enum gx_err app_lead_create(struct app *app, struct record *in, int64_t owner_id, struct gx_arena *a,
                            struct gx_error *err)
{
	enum gx_err e;
	if (record_is_null(in, "code")) {
		const char *code;
		if ((e = sales_next_code(app, &entity_lead, "L", a, &code, err)))
			return e;
		record_set_text(in, "code", code);
	}
	if ((e = app_record_check_required(in, err)))
		return e;
	if (!record_is_null(in, "expected_amount_fen") && record_int(in, "expected_amount_fen") < 0)
		return gx_error_set(err, GX_EINVAL, "expected_amount_fen", "%s", _("expected amount must not be negative"));
	if ((e = store_begin(app->store, err)))
		return e;
	record_set_text(in, "status", "new");
	if (app->actor.user_id)
		record_set_int(in, "created_by", app->actor.user_id);
	app_stamp_job(app, in);
	if ((e = set_owner(app, in, owner_id, a, err)))
		goto fail;
	if ((e = store_record_insert(app->store, in, err))) {
		if (e == GX_ECONFLICT)
			gx_error_set(err, GX_ECONFLICT, "code", _("a lead with code %s exists already"), record_text(in, "code"));
		goto fail;
	}
	/* DECISIONS.md "Search": the one search box covers leads too. */
	if ((e = app_search_index(app, in, err)))
		goto fail;
	if (!record_int(in, "job_id") && (e = app_audit_change(app, "create", NULL, in, 0, err)))
		goto fail;
	if ((e = sales_notify_owner(app, in, owner_id, a, err)))
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

/* Begins a transaction and loads the live lead; on failure nothing is open. */
static enum gx_err begin_lead(struct app *app, int64_t id, struct gx_arena *a, struct record *cur,
                              struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	if ((e = sales_get_live(app, &entity_lead, id, a, cur, err)))
		store_rollback(app->store);
	return e;
}

/* Writes patch (its id set), audits before/after and commits; rolls back on failure. */
static enum gx_err finish_lead(struct app *app, const char *action, struct record *cur, struct record *patch,
                               struct gx_arena *a, struct gx_error *err)
{
	struct record after;
	enum gx_err e;
	if ((e = store_record_update(app->store, patch, 0, err)) ||
	    (e = store_record_get(app->store, &entity_lead, cur->id, a, &after, err)) ||
	    (e = app_audit_change(app, action, cur, &after, 0, err)) || (e = store_commit(app->store, err))) {
		store_rollback(app->store);
		return e;
	}
	return GX_OK;
}

enum gx_err app_lead_set_status(struct app *app, int64_t id, const char *status, const char *reason,
                                struct gx_error *err)
{
	if (sales_blank(status))
		return gx_error_set(err, GX_EINVAL, "status", "%s", _("no status given"));
	int known = 0;
	for (int i = 0; sales_lead_statuses[i]; i++)
		known |= strcmp(sales_lead_statuses[i], status) == 0;
	if (!known)
		return gx_error_set(err, GX_EINVAL, "status",
		                    _("unknown lead status \"%s\" (new, contacted, qualified, disqualified)"), status);
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record cur, p;
	enum gx_err e = begin_lead(app, id, &a, &cur, err);
	if (e != GX_OK)
		goto out;
	const char *from = record_text(&cur, "status");
	if (strcmp(status, "converted") == 0 && strcmp(from, "converted") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", "%s",
		                 _("a lead becomes converted only by converting it (lead convert)"));
	} else if (!sales_lead_transition_ok(from, status)) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("lead %s cannot go from %s to %s"),
		                 record_text(&cur, "code"), from, status);
	} else if (strcmp(status, "disqualified") == 0 && sales_blank(reason)) {
		e = gx_error_set(err, GX_EINVAL, "reason", "%s", _("disqualifying a lead needs the reason"));
	} else if (reason && strlen(reason) > 1500) {
		e = gx_error_set(err, GX_EINVAL, "reason", "%s", _("the reason is longer than 500 characters"));
	}
	if (e != GX_OK) {
		store_rollback(app->store);
		goto out;
	}
	record_init(&p, &entity_lead, &a);
	p.id = id;
	record_set_text(&p, "status", status);
	if (strcmp(status, "disqualified") == 0)
		record_set_text(&p, "disqualify_reason", reason);
	else
		record_set_null(&p, "disqualify_reason");
	e = finish_lead(app, "status", &cur, &p, &a, err);
out:
	gx_arena_free(&a);
	return e;
}

static enum gx_err change_owner(struct app *app, int64_t id, int mode, int64_t user_id, struct gx_error *err)
{
	enum { CLAIM, RELEASE, ASSIGN };
	static const char *const actions[] = {"claim", "release", "assign"};
	if (mode == CLAIM && !app->actor.user_id)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("claiming a lead needs a user (--user)"));
	if (mode == ASSIGN && !sales_is_manager(app))
		return gx_error_set(err, GX_EFORBIDDEN, "user", "%s", _("only a manager or an admin assigns leads"));
	struct gx_arena a;
	gx_arena_init(&a, 0);
	struct record cur, p;
	enum gx_err e = begin_lead(app, id, &a, &cur, err);
	if (e != GX_OK)
		goto out;
	const char *code = record_text(&cur, "code");
	if (!is_open(record_text(&cur, "status")))
		e = gx_error_set(err, GX_ECONFLICT, "status", _("lead %s is %s; only an open lead changes hands"), code,
		                 record_text(&cur, "status"));
	else if (mode == CLAIM && !record_is_null(&cur, "owner_id"))
		e = gx_error_set(err, GX_ECONFLICT, "owner_id", _("lead %s is not in the pool: it has an owner"), code);
	else if (mode == RELEASE && record_is_null(&cur, "owner_id"))
		e = gx_error_set(err, GX_ECONFLICT, "owner_id", _("lead %s is in the pool already"), code);
	else if (mode == RELEASE && !sales_is_manager(app) && record_int(&cur, "owner_id") != app->actor.user_id)
		e = gx_error_set(err, GX_EFORBIDDEN, "owner_id", _("lead %s belongs to someone else"), code);
	if (e != GX_OK) {
		store_rollback(app->store);
		goto out;
	}
	record_init(&p, &entity_lead, &a);
	p.id = id;
	int64_t to = mode == CLAIM ? app->actor.user_id : mode == ASSIGN ? user_id : 0;
	if ((e = set_owner(app, &p, to, &a, err)) ||
	    (to != record_int(&cur, "owner_id") && (e = sales_notify_owner(app, &cur, to, &a, err)))) {
		store_rollback(app->store);
		goto out;
	}
	e = finish_lead(app, actions[mode], &cur, &p, &a, err);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_lead_claim(struct app *app, int64_t id, struct gx_error *err)
{
	return change_owner(app, id, 0, 0, err);
}

enum gx_err app_lead_release(struct app *app, int64_t id, struct gx_error *err)
{
	return change_owner(app, id, 1, 0, err);
}

enum gx_err app_lead_assign(struct app *app, int64_t id, int64_t user_id, struct gx_error *err)
{
	if (user_id <= 0)
		return gx_error_set(err, GX_EINVAL, "owner_id", "%s", _("assigning a lead needs the user to assign it to"));
	return change_owner(app, id, 2, user_id, err);
}

enum gx_err app_lead_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err)
{
	return sales_resolve(app, &entity_lead, text, "lead", id, err);
}

/* The customer (and contact) a lead becomes, through app_customer_create and its duplicate
 * check. */
static enum gx_err create_customer(struct app *app, const struct record *lead, int force,
                                   struct gx_arena *a, struct lead_convert_result *res,
                                   struct gx_error *err)
{
	const char *company = record_text(lead, "company");
	int org = !sales_blank(company);
	struct record c;
	record_init(&c, &entity_customer, a);
	enum gx_err e;
	if ((e = app_field_set_text(app, &c, "kind", org ? "organization" : "person", a, err)) ||
	    (e = app_field_set_text(app, &c, "name", org ? company : record_text(lead, "name"), a, err)) ||
	    (e = app_field_set_text(app, &c, "source", record_text(lead, "source"), a, err)))
		return e;
	static const char *const copied[] = {"phone", "email", "wechat"};
	for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
		const char *v = record_text(lead, copied[i]);
		const char *field = strcmp(copied[i], "phone") == 0 && !org ? "mobile" : copied[i];
		if (v && (e = app_field_set_text(app, &c, field, v, a, err)))
			return e;
	}
	if (!record_is_null(lead, "owner_id"))
		record_set_int(&c, "owner_id", record_int(lead, "owner_id"));
	if ((e = app_customer_create(app, &c, force, a, &res->dups, err)))
		return e;
	res->customer_id = c.id;
	if (!org)
		return GX_OK;
	struct record ct;
	record_init(&ct, &entity_contact, a);
	record_set_text(&ct, "code", gx_arena_printf(a, "%s-1", record_text(&c, "code")));
	record_set_int(&ct, "customer_id", c.id);
	record_set_text(&ct, "name", record_text(lead, "name"));
	static const char *const ccopied[] = {"title", "phone", "email", "wechat"};
	for (size_t i = 0; i < sizeof ccopied / sizeof *ccopied; i++) {
		const char *v = record_text(lead, ccopied[i]);
		if (v && (e = app_field_set_text(app, &ct, ccopied[i], v, a, err)))
			return e;
	}
	record_set_int(&ct, "is_primary", 1);
	if ((e = store_record_insert(app->store, &ct, err)) || (e = app_search_index(app, &ct, err)) ||
	    (e = app_audit_change(app, "create", NULL, &ct, 0, err)))
		return e;
	res->contact_id = ct.id;
	return GX_OK;
}

enum gx_err app_lead_convert(struct app *app, int64_t id, const struct lead_convert_opts *opts,
                             struct gx_arena *a, struct lead_convert_result *res, struct gx_error *err)
{
	memset(res, 0, sizeof *res);
	struct record cur;
	enum gx_err e = begin_lead(app, id, a, &cur, err);
	if (e != GX_OK)
		return e;
	const char *status = record_text(&cur, "status");
	if (!is_open(status)) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("lead %s is %s; only an open lead can be converted"),
		                 record_text(&cur, "code"), status);
		goto fail;
	}
	if (opts->customer_id) {
		struct record c;
		if ((e = store_record_get(app->store, &entity_customer, opts->customer_id, a, &c, err)))
			goto fail;
		if (c.deleted_at) {
			e = gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
			                 record_text(&c, "code"));
			goto fail;
		}
		res->customer_id = c.id;
	} else if ((e = create_customer(app, &cur, opts->force, a, res, err))) {
		goto fail;
	}
	if (!opts->no_opportunity) {
		struct record o;
		record_init(&o, &entity_opportunity, a);
		const char *who = sales_blank(record_text(&cur, "company")) ? record_text(&cur, "name")
		                                                             : record_text(&cur, "company");
		const char *name = opts->opportunity_name ? opts->opportunity_name
		                                          : gx_arena_printf(a, "%s – %s", who, record_text(&cur, "source"));
		int64_t amount = opts->amount_fen >= 0 ? opts->amount_fen : record_int(&cur, "expected_amount_fen");
		const char *close = opts->expected_close_date;
		if (!close) {
			char today[11];
			int32_t d;
			if ((e = sales_today(app, today, &d, err)))
				goto fail;
			char buf[GX_DATE_FMT_SIZE];
			close = gx_arena_strdup(a, gx_date_format(d + 30, buf));
		}
		if ((e = app_field_set_text(app, &o, "name", name, a, err)) ||
		    (e = app_field_set_text(app, &o, "expected_close_date", close, a, err)))
			goto fail;
		record_set_int(&o, "customer_id", res->customer_id);
		record_set_int(&o, "amount_fen", amount);
		if (res->contact_id)
			record_set_int(&o, "contact_id", res->contact_id);
		if (!record_is_null(&cur, "owner_id"))
			record_set_int(&o, "owner_id", record_int(&cur, "owner_id"));
		record_set_text(&o, "source", record_text(&cur, "source"));
		record_set_int(&o, "lead_id", id);
		if ((e = app_opportunity_create(app, &o, NULL, a, err)))
			goto fail;
		res->opportunity_id = o.id;
	}
	char now[32];
	gx_now_iso(now);
	struct record p;
	record_init(&p, &entity_lead, a);
	p.id = id;
	record_set_text(&p, "status", "converted");
	record_set_text(&p, "converted_at", gx_arena_strdup(a, now));
	record_set_int(&p, "customer_id", res->customer_id);
	if (res->contact_id)
		record_set_int(&p, "contact_id", res->contact_id);
	if (res->opportunity_id)
		record_set_int(&p, "opportunity_id", res->opportunity_id);
	return finish_lead(app, "convert", &cur, &p, a, err);
fail:
	store_rollback(app->store);
	return e;
}
