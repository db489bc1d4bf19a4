/* The public pool (公海, DECISIONS.md "Public pool"): claiming, releasing, assigning and the
 * recycle job. A user may own at most pool_max_owned customers and claim at most
 * pool_max_claims_per_day per calendar day of the company's time zone; a customer the user
 * lost (released or recycled) cannot be claimed back by them for pool_cooldown_days. Every
 * move is a pool_events row and an audit row. A claim over a limit can be asked for as an
 * approval request (kind pool_claim); the approved claim and the approved customer transfer
 * (kind customer_transfer) are carried out here, where the owner changes. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/approval.h"
#include "guanxi/audit_store.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/sales_store.h"
#include "guanxi/workflow.h"

static int is_manager(const struct app *app)
{
	return app->actor.user_id == 0 || strcmp(app->actor.role, "admin") == 0 ||
	       strcmp(app->actor.role, "manager") == 0;
}

/* Start of the current local day in the company zone, as an ISO UTC instant. */
static enum gx_err today_start(struct app *app, char out[32], struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	int64_t start = gx_instant_period_start(gx_now_ms(), tz, GX_PERIOD_DAY);
	gx_tz_free(tz);
	gx_format_instant_utc(start, out);
	return GX_OK;
}

static enum gx_err set_owner(struct app *app, struct record *before, int64_t owner, int64_t job_id,
                             struct gx_arena *a, struct gx_error *err)
{
	struct record r;
	record_init(&r, &entity_customer, a);
	r.id = before->id;
	char now[32];
	gx_now_iso(now);
	if (owner) {
		record_set_int(&r, "owner_id", owner);
		record_set_text(&r, "owner_since", gx_arena_strdup(a, now));
		struct record u;
		enum gx_err e = store_record_get(app->store, &entity_user, owner, a, &u, err);
		if (e != GX_OK)
			return e;
		if (!record_int(&u, "active"))
			return gx_error_set(err, GX_EINVAL, "user", _("user %s is disabled"), record_text(&u, "username"));
		if (!record_is_null(&u, "department_id"))
			record_set_int(&r, "department_id", record_int(&u, "department_id"));
		if (!record_is_null(&u, "team_id"))
			record_set_int(&r, "team_id", record_int(&u, "team_id"));
	} else {
		record_set_null(&r, "owner_id");
		record_set_null(&r, "owner_since");
	}
	if (job_id)
		record_set_int(&r, "job_id", job_id);
	enum gx_err e = store_record_update(app->store, &r, 0, err);
	if (e == GX_OK && !job_id)
		e = app_audit_change(app, "update", before, &r, 0, err);
	return e;
}

/* The claim rules for user on customer c: in the pool, not within the cooldown after losing
 * it. *over names the limit a claim would exceed ("owned" or "daily"; NULL when within), with
 * the message ready in err for a plain claim. */
static enum gx_err check_claim(struct app *app, const struct record *c, int64_t user,
                               const char **over, struct gx_arena *a, struct gx_error *err)
{
	*over = NULL;
	if (!record_is_null(c, "owner_id"))
		return gx_error_set(err, GX_ECONFLICT, NULL, _("customer %s is not in the public pool"),
		                    record_text(c, "code"));
	const char *lost_at = NULL;
	enum gx_err e = store_pool_last_loss(app->store, c->id, user, a, &lost_at, err);
	if (e != GX_OK)
		return e;
	if (lost_at) {
		char cutoff[32];
		gx_format_instant_utc(gx_now_ms() - (int64_t)app->settings.pool_cooldown_days * 86400000, cutoff);
		if (strcmp(lost_at, cutoff) > 0)
			return gx_error_set(err, GX_EFORBIDDEN, NULL,
			                    _("you lost customer %s on %.10s; you can claim it again %d days after that"),
			                    record_text(c, "code"), lost_at, app->settings.pool_cooldown_days);
	}
	int64_t owned = 0, claimed = 0;
	char since[32];
	if ((e = store_pool_owned_count(app->store, user, &owned, err)) ||
	    (e = today_start(app, since, err)) ||
	    (e = store_pool_claims_since(app->store, user, since, &claimed, err)))
		return e;
	if (owned >= app->settings.pool_max_owned) {
		*over = "owned";
		gx_error_set(err, GX_EFORBIDDEN, NULL,
		             _("you already own %lld customers (limit %d); a claim over the limit needs an approval: request one with customer claim --request-approval"),
		             (long long)owned, app->settings.pool_max_owned);
	} else if (claimed >= app->settings.pool_max_claims_per_day) {
		*over = "daily";
		gx_error_set(err, GX_EFORBIDDEN, NULL,
		             _("you have claimed %lld customers today (limit %d); a claim over the limit needs an approval: request one with customer claim --request-approval"),
		             (long long)claimed, app->settings.pool_max_claims_per_day);
	}
	return GX_OK;
}

/* Takes the customer for user (limits already checked or approved) with its pool event. */
static enum gx_err take(struct app *app, struct record *c, int64_t user, const char *reason,
                        struct gx_arena *a, struct gx_error *err)
{
	enum gx_err e = set_owner(app, c, user, 0, a, err);
	if (e == GX_OK)
		e = store_pool_event(app->store, c->id, user, app->actor.user_id, "claim", reason, 0, err);
	return e;
}

enum gx_err app_pool_claim(struct app *app, int64_t customer_id, struct gx_error *err)
{
	if (!app->actor.user_id)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("claiming needs a user (use --user)"));
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record c;
	const char *over = NULL;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, customer_id, 0, &a, &c, err)) ||
	    (e = check_claim(app, &c, app->actor.user_id, &over, &a, err)))
		goto fail;
	if (over) {
		e = err ? err->code : GX_EFORBIDDEN;
		goto fail;
	}
	if ((e = take(app, &c, app->actor.user_id, NULL, &a, err)))
		goto fail;
	if ((e = store_dashboard_fold_customer(app->store, customer_id, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_pool_claim_request(struct app *app, int64_t customer_id, const char *reason,
                                   int64_t *approval_id, struct gx_error *err)
{
	*approval_id = 0;
	if (!app->actor.user_id)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("claiming needs a user (use --user)"));
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record c;
	const char *over = NULL;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, customer_id, 0, &a, &c, err)) ||
	    (e = check_claim(app, &c, app->actor.user_id, &over, &a, err)))
		goto fail;
	if (!over) {
		e = gx_error_set(err, GX_ECONFLICT, NULL,
		                 _("you are within the pool limits: claim customer %s directly, no approval is needed"),
		                 record_text(&c, "code"));
		goto fail;
	}
	const char *payload = gx_arena_printf(&a, "{\"user_id\":%lld,\"limit\":\"%s\"}",
	                                      (long long)app->actor.user_id, over);
	gx_error_clear(err);
	if ((e = app_approval_request(app, "pool_claim", "customer", customer_id, payload, reason,
	                              approval_id, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

/* The approved claim (registry kind "pool_claim"): the requester gets the customer although
 * over the limit, if it is still in the pool. */
enum gx_err approval_pool_claim_approve(struct app *app, int64_t entity_id,
                                        const char *payload_json, struct gx_error *err)
{
	json_error_t je;
	json_t *p = payload_json ? json_loads(payload_json, 0, &je) : NULL;
	json_t *ju = json_object_get(p, "user_id");
	int64_t user = json_is_integer(ju) ? (int64_t)json_integer_value(ju) : 0;
	json_decref(p);
	if (user <= 0)
		return gx_error_set(err, GX_EINVAL, "payload", "%s", _("the claim request does not name its user"));
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record c;
	enum gx_err e = app_customer_get(app, entity_id, 0, &a, &c, err);
	if (e == GX_OK && !record_is_null(&c, "owner_id"))
		e = gx_error_set(err, GX_ECONFLICT, NULL,
		                 _("customer %s has left the public pool since the request; reject it instead"),
		                 record_text(&c, "code"));
	if (e == GX_OK)
		e = take(app, &c, user, "approved over the limit", &a, err);
	gx_arena_free(&a);
	return e;
}

/* Gives an owned customer to another user as the outcome of an approved transfer (registry
 * kind "customer_transfer"): the payload names the owner at request time, which must still be
 * the owner, and the new one. */
enum gx_err approval_customer_transfer_approve(struct app *app, int64_t entity_id,
                                               const char *payload_json, struct gx_error *err)
{
	json_error_t je;
	json_t *p = payload_json ? json_loads(payload_json, 0, &je) : NULL;
	json_t *jf = json_object_get(p, "from_user_id"), *jt = json_object_get(p, "to_user_id");
	int64_t from = json_is_integer(jf) ? (int64_t)json_integer_value(jf) : 0;
	int64_t to = json_is_integer(jt) ? (int64_t)json_integer_value(jt) : 0;
	json_decref(p);
	if (from <= 0 || to <= 0)
		return gx_error_set(err, GX_EINVAL, "payload", "%s", _("the transfer request does not name both owners"));
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record c;
	enum gx_err e = app_customer_get(app, entity_id, 0, &a, &c, err);
	if (e == GX_OK && record_int(&c, "owner_id") != from)
		e = gx_error_set(err, GX_ECONFLICT, NULL,
		                 _("customer %s changed owner since the transfer was requested; reject it instead"),
		                 record_text(&c, "code"));
	if (e == GX_OK)
		e = store_pool_event(app->store, entity_id, from, app->actor.user_id, "release",
		                     "transferred", 0, err);
	if (e == GX_OK)
		e = set_owner(app, &c, to, 0, &a, err);
	if (e == GX_OK)
		e = store_pool_event(app->store, entity_id, to, app->actor.user_id, "assign",
		                     "approved transfer", 0, err);
	if (e == GX_OK)
		e = app_notify(app, to, "assignment", "customer", entity_id,
		               gx_arena_printf(&a, _("Customer %s (%s) has been transferred to you"),
		                               record_text(&c, "name"), record_text(&c, "code")), err);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_pool_release(struct app *app, int64_t customer_id, const char *reason,
                             struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record c;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, customer_id, 0, &a, &c, err)) != GX_OK)
		goto fail;
	int64_t owner = record_int(&c, "owner_id");
	if (!owner) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, _("customer %s is already in the public pool"),
		                 record_text(&c, "code"));
		goto fail;
	}
	if (owner != app->actor.user_id && !is_manager(app)) {
		e = gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only the owner or a manager can release a customer"));
		goto fail;
	}
	if ((e = set_owner(app, &c, 0, 0, &a, err)) ||
	    (e = store_pool_event(app->store, customer_id, owner, app->actor.user_id, "release", reason, 0, err)))
		goto fail;
	if ((e = store_dashboard_fold_customer(app->store, customer_id, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_pool_assign(struct app *app, int64_t customer_id, int64_t user_id,
                            struct gx_error *err)
{
	if (!is_manager(app))
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only an admin or a manager can assign customers"));
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record c;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, customer_id, 0, &a, &c, err)) != GX_OK)
		goto fail;
	int64_t previous = record_int(&c, "owner_id");
	if (previous && previous != user_id &&
	    (e = store_pool_event(app->store, customer_id, previous, app->actor.user_id, "release",
	                          "reassigned", 0, err)))
		goto fail;
	if ((e = set_owner(app, &c, user_id, 0, &a, err)) ||
	    (e = store_pool_event(app->store, customer_id, user_id, app->actor.user_id, "assign", NULL, 0, err)))
		goto fail;
	if (user_id != app->actor.user_id &&
	    (e = app_notify(app, user_id, "assignment", "customer", customer_id,
	                    gx_arena_printf(&a, _("Customer %s (%s) has been assigned to you"),
	                                    record_text(&c, "name"), record_text(&c, "code")), err)))
		goto fail;
	if ((e = store_dashboard_fold_customer(app->store, customer_id, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_pool_recycle(struct app *app, int64_t *recycled, int64_t *job_id_out,
                             struct gx_error *err)
{
	*recycled = 0;
	char cutoff[32], now_iso[32];
	gx_format_instant_utc(gx_now_ms() - (int64_t)app->settings.pool_recycle_days * 86400000, cutoff);
	gx_format_instant_utc(gx_now_ms(), now_iso);
	struct gx_arena a;
	gx_arena_init(&a, 65536);
	int64_t job_id = 0;
	char params[96];
	snprintf(params, sizeof params, "{\"recycle_days\":%d,\"cutoff\":\"%s\"}",
	         app->settings.pool_recycle_days, cutoff);
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	int64_t *ids, *owners;
	size_t n;
	if ((e = store_job_start(app->store, "recycle", app->actor.user_id, params, NULL, NULL, &job_id, err)) ||
	    (e = store_pool_recycle_candidates(app->store, cutoff, &a, &ids, &owners, &n, err)))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		struct record c;
		c.id = ids[i];
		if ((e = set_owner(app, &c, 0, job_id, &a, err)) ||
		    (e = store_pool_event(app->store, ids[i], owners[i], app->actor.user_id, "recycle",
		                          "no owner contact or order", job_id, err)) ||
		    (e = app_tasks_unassign(app, "customer", ids[i], job_id, NULL, err)) ||
		    (e = store_sales_unassign_open(app->store, ids[i], now_iso, NULL, err)))
			goto fail;
	}
	*recycled = (int64_t)n;
	char counts[64];
	snprintf(counts, sizeof counts, "{\"recycled\":%zu}", n);
	if ((e = store_job_finish(app->store, job_id, 1, counts, NULL, err)) ||
	    (e = app_audit_simple(app, "recycle", "customer", 0, counts, job_id, err)))
		goto fail;
	if ((e = store_dashboard_fold(app->store, 0, NULL, err)) != GX_OK)
		goto fail;
	e = store_commit(app->store, err);
	if (job_id_out)
		*job_id_out = job_id;
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}
