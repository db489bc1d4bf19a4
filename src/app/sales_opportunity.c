/* Opportunities (商机): creation with its defaults and checks, changes to an open one, and the
 * moves through the stages of its pipeline with their history. DECISIONS.md "Pipelines": the
 * won and lost stages are terminal and reaching either needs the reason. */
#include <string.h>

#include "app/sales_internal.h"
#include "guanxi/access.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/sales_store.h"

/* expected_close_date >= the creation date (local). */
static enum gx_err check_close_date(const struct record *r, int32_t created, struct gx_error *err)
{
	const char *close = record_text(r, "expected_close_date");
	int32_t d;
	enum gx_err e = gx_date_parse(close, &d, "expected_close_date", err);
	if (e != GX_OK)
		return e;
	if (d < created) {
		char buf[GX_DATE_FMT_SIZE];
		return gx_error_set(err, GX_EINVAL, "expected_close_date",
		                    _("expected close date %s is before the opportunity's creation date %s"),
		                    close, gx_date_format(created, buf));
	}
	return GX_OK;
}

/* Department and team of the owner at the time of writing (pivot attribution). */
static enum gx_err apply_owner(struct app *app, struct record *r, struct gx_arena *a, struct gx_error *err)
{
	if (record_is_null(r, "owner_id")) {
		record_set_null(r, "department_id");
		record_set_null(r, "team_id");
		return GX_OK;
	}
	struct record u;
	enum gx_err e = store_record_get(app->store, &entity_user, record_int(r, "owner_id"), a, &u, err);
	if (e != GX_OK)
		return e;
	if (!record_int(&u, "active"))
		return gx_error_set(err, GX_EINVAL, "owner_id", _("user %s is disabled and cannot own opportunities"),
		                    record_text(&u, "username"));
	if (record_is_null(&u, "department_id"))
		record_set_null(r, "department_id");
	else
		record_set_int(r, "department_id", record_int(&u, "department_id"));
	if (record_is_null(&u, "team_id"))
		record_set_null(r, "team_id");
	else
		record_set_int(r, "team_id", record_int(&u, "team_id"));
	return GX_OK;
}

static enum gx_err check_links(struct app *app, struct record *r, struct gx_arena *a,
                               struct record *cust, struct gx_error *err)
{
	enum gx_err e = store_record_get(app->store, &entity_customer, record_int(r, "customer_id"), a, cust, err);
	if (e != GX_OK)
		return e;
	if (cust->deleted_at)
		return gx_error_set(err, GX_EINVAL, "customer_id", _("customer %s is in the recycle bin"),
		                    record_text(cust, "code"));
	if (!record_is_null(r, "contact_id")) {
		struct record c;
		if ((e = store_record_get(app->store, &entity_contact, record_int(r, "contact_id"), a, &c, err)))
			return e;
		if (record_int(&c, "customer_id") != cust->id)
			return gx_error_set(err, GX_EINVAL, "contact_id", _("contact %s does not belong to customer %s"),
			                    record_text(&c, "code"), record_text(cust, "code"));
	}
	return GX_OK;
}

static enum gx_err add_history(struct app *app, int64_t opp, int64_t from, int64_t to, const char *at,
                               const char *reason, struct gx_arena *a, struct gx_error *err)
{
	struct record h;
	record_init(&h, &entity_stage_history, a);
	record_set_int(&h, "opportunity_id", opp);
	if (from)
		record_set_int(&h, "from_stage_id", from);
	record_set_int(&h, "to_stage_id", to);
	record_set_text(&h, "changed_at", at);
	if (app->actor.user_id)
		record_set_int(&h, "user_id", app->actor.user_id);
	if (reason)
		record_set_text(&h, "reason", reason);
	return store_record_insert(app->store, &h, err);
}

enum gx_err app_opportunity_create(struct app *app, struct record *in, const char *stage,
                                   struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e;
	if (record_is_null(in, "code")) {
		const char *code;
		if ((e = sales_next_code(app, &entity_opportunity, "O", a, &code, err)))
			return e;
		record_set_text(in, "code", code);
	}
	if ((e = app_record_check_required(in, err)))
		return e;
	if (record_int(in, "amount_fen") < 0)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("amount must not be negative"));
	char today[11];
	int32_t today_d;
	if ((e = sales_today(app, today, &today_d, err)) || (e = check_close_date(in, today_d, err)))
		return e;
	int64_t pipeline = record_int(in, "pipeline_id");
	if (record_is_null(in, "pipeline_id")) {
		if ((e = app_pipeline_default(app, &pipeline, err)))
			return e;
		record_set_int(in, "pipeline_id", pipeline);
	}
	struct sales_stage st = {0};
	if (stage) {
		if ((e = app_stage_resolve(app, pipeline, stage, "stage", a, &st, err)))
			return e;
		if (strcmp(st.kind, "open") != 0)
			return gx_error_set(err, GX_EINVAL, "stage",
			                    _("a new opportunity starts in an open stage, not in \"%s\""), st.name);
	} else {
		struct sales_stage *all;
		size_t n;
		if ((e = store_sales_stages(app->store, pipeline, a, &all, &n, err)))
			return e;
		size_t i = 0;
		while (i < n && strcmp(all[i].kind, "open") != 0)
			i++;
		if (i == n)
			return gx_error_set(err, GX_EINVAL, "pipeline_id", "%s", _("the pipeline has no open stage"));
		st = all[i];
	}
	if ((e = store_begin(app->store, err)))
		return e;
	struct record cust;
	if ((e = check_links(app, in, a, &cust, err)))
		goto fail;
	if (record_is_null(in, "owner_id")) {
		if (app->actor.user_id)
			record_set_int(in, "owner_id", app->actor.user_id);
		else if (!record_is_null(&cust, "owner_id"))
			record_set_int(in, "owner_id", record_int(&cust, "owner_id"));
	}
	if ((e = apply_owner(app, in, a, err)))
		goto fail;
	char now[32];
	gx_now_iso(now);
	const char *at = gx_arena_strdup(a, now);
	record_set_int(in, "stage_id", st.id);
	record_set_text(in, "status", "open");
	record_set_text(in, "stage_changed_at", at);
	if (app->actor.user_id)
		record_set_int(in, "created_by", app->actor.user_id);
	app_stamp_job(app, in);
	if ((e = store_record_insert(app->store, in, err))) {
		if (e == GX_ECONFLICT)
			gx_error_set(err, GX_ECONFLICT, "code", _("an opportunity with code %s exists already"),
			             record_text(in, "code"));
		goto fail;
	}
	if ((e = add_history(app, in->id, 0, st.id, at, NULL, a, err)) ||
	    (e = app_audit_change(app, "create", NULL, in, 0, err)) ||
	    (e = sales_notify_owner(app, in, record_int(in, "owner_id"), a, err)))
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_opportunity_update(struct app *app, struct record *patch, int64_t expected_version,
                                   struct gx_arena *a, struct gx_error *err)
{
	static const char *const fixed[] = {"customer_id", "pipeline_id", "code"};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		int k = entity_field_index(&entity_opportunity, fixed[i]);
		if (patch->set[k])
			return gx_error_set(err, GX_EINVAL, fixed[i], _("%s of an opportunity cannot change"), fixed[i]);
	}
	int ai = entity_field_index(&entity_opportunity, "amount_fen");
	if (patch->set[ai] && (patch->v[ai].is_null || patch->v[ai].i < 0))
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("amount must not be negative"));
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	struct record cur;
	if ((e = sales_get_live(app, &entity_opportunity, patch->id, a, &cur, err)) ||
	    (e = app_access_check_owner_change(app, &cur, patch, err)))
		goto fail;
	if (strcmp(record_text(&cur, "status"), "open") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("opportunity %s is closed (%s) and cannot change"),
		                 record_text(&cur, "code"), record_text(&cur, "status"));
		goto fail;
	}
	int32_t created;
	int ci = entity_field_index(&entity_opportunity, "expected_close_date");
	if (patch->set[ci]) {
		if (patch->v[ci].is_null) {
			e = gx_error_set(err, GX_EINVAL, "expected_close_date", "%s", _("expected close date is required"));
			goto fail;
		}
		if ((e = sales_local_date(app, cur.created_at, &created, err)) || (e = check_close_date(patch, created, err)))
			goto fail;
	}
	if (patch->set[entity_field_index(&entity_opportunity, "contact_id")]) {
		record_set_int(patch, "customer_id", record_int(&cur, "customer_id"));
		struct record cust;
		if ((e = check_links(app, patch, a, &cust, err)))
			goto fail;
		patch->set[entity_field_index(&entity_opportunity, "customer_id")] = 0;
	}
	if (patch->set[entity_field_index(&entity_opportunity, "owner_id")] && (e = apply_owner(app, patch, a, err)))
		goto fail;
	if ((e = store_record_update(app->store, patch, expected_version, err)))
		goto fail;
	struct record after;
	if ((e = store_record_get(app->store, &entity_opportunity, patch->id, a, &after, err)) ||
	    (e = app_audit_change(app, "update", &cur, &after, 0, err)) ||
	    (record_int(&after, "owner_id") != record_int(&cur, "owner_id") &&
	     (e = sales_notify_owner(app, &after, record_int(&after, "owner_id"), a, err))))
		goto fail;
	return store_commit(app->store, err);
fail:
	store_rollback(app->store);
	return e;
}

enum gx_err app_opportunity_move(struct app *app, int64_t id, const char *stage, const char *reason,
                                 struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 0);
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK) {
		gx_arena_free(&a);
		return e;
	}
	struct record cur;
	struct sales_stage to, from;
	int found = 0;
	if ((e = sales_get_live(app, &entity_opportunity, id, &a, &cur, err)))
		goto fail;
	const char *status = record_text(&cur, "status");
	if (strcmp(status, "open") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "stage",
		                 _("opportunity %s is closed (%s); a won or lost opportunity does not move"),
		                 record_text(&cur, "code"), status);
		goto fail;
	}
	if ((e = app_stage_resolve(app, record_int(&cur, "pipeline_id"), stage, "stage", &a, &to, err)) ||
	    (e = store_sales_stage_get(app->store, record_int(&cur, "stage_id"), &a, &from, &found, err)))
		goto fail;
	if (to.id == record_int(&cur, "stage_id")) {
		e = gx_error_set(err, GX_EINVAL, "stage", _("opportunity %s is already in stage \"%s\""),
		                 record_text(&cur, "code"), to.name);
		goto fail;
	}
	int closing = strcmp(to.kind, "open") != 0;
	if (closing && sales_blank(reason)) {
		e = gx_error_set(err, GX_EINVAL, "reason", _("moving to the %s stage \"%s\" needs the reason"),
		                 to.kind, to.name);
		goto fail;
	}
	if (reason && strlen(reason) > 1500) {
		e = gx_error_set(err, GX_EINVAL, "reason", "%s", _("the reason is longer than 500 characters"));
		goto fail;
	}
	char now[32];
	gx_now_iso(now);
	struct record p;
	record_init(&p, &entity_opportunity, &a);
	p.id = id;
	record_set_int(&p, "stage_id", to.id);
	record_set_text(&p, "stage_changed_at", gx_arena_strdup(&a, now));
	if (closing) {
		char today[11];
		int32_t today_d, created;
		if ((e = sales_today(app, today, &today_d, err)) ||
		    (e = sales_local_date(app, cur.created_at, &created, err)))
			goto fail;
		record_set_text(&p, "status", to.kind);
		record_set_text(&p, "close_reason", reason);
		record_set_text(&p, "closed_at", gx_arena_strdup(&a, now));
		record_set_text(&p, "closed_date", gx_arena_strdup(&a, today));
		record_set_int(&p, "cycle_days", gx_date_days_between(created, today_d));
	}
	if ((e = store_record_update(app->store, &p, 0, err)) ||
	    (e = add_history(app, id, found ? from.id : 0, to.id, now, sales_blank(reason) ? NULL : reason, &a, err)))
		goto fail;
	struct record after;
	if ((e = store_record_get(app->store, &entity_opportunity, id, &a, &after, err)) ||
	    (e = app_audit_change(app, closing ? to.kind : "move", &cur, &after, 0, err)))
		goto fail;
	e = store_commit(app->store, err);
	gx_arena_free(&a);
	return e;
fail:
	store_rollback(app->store);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_opportunity_resolve(struct app *app, const char *text, int64_t *id, struct gx_error *err)
{
	return sales_resolve(app, &entity_opportunity, text, "opportunity", id, err);
}
