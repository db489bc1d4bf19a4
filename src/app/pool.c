/* The public pool (公海, DECISIONS.md "Public pool"): claiming, releasing, assigning and the
 * recycle job. A user may own at most pool_max_owned customers and claim at most
 * pool_max_claims_per_day per calendar day of the company's time zone; a customer the user
 * lost (released or recycled) cannot be claimed back by them for pool_cooldown_days. Every
 * move is a pool_events row and an audit row. */
#include <stdio.h>
#include <string.h>

#include "guanxi/audit_store.h"
#include "guanxi/clock.h"
#include "guanxi/customer.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

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

enum gx_err app_pool_claim(struct app *app, int64_t customer_id, struct gx_error *err)
{
	if (!app->actor.user_id)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("claiming needs a user (use --user)"));
	struct gx_arena a;
	gx_arena_init(&a, 8192);
	struct record c;
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		goto out;
	if ((e = app_customer_get(app, customer_id, 0, &a, &c, err)) != GX_OK)
		goto fail;
	if (!record_is_null(&c, "owner_id")) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, _("customer %s is not in the public pool"),
		                 record_text(&c, "code"));
		goto fail;
	}
	const char *lost_at = NULL;
	if ((e = store_pool_last_loss(app->store, customer_id, app->actor.user_id, &a, &lost_at, err)))
		goto fail;
	if (lost_at) {
		char cutoff[32];
		gx_format_instant_utc(gx_now_ms() - (int64_t)app->settings.pool_cooldown_days * 86400000, cutoff);
		if (strcmp(lost_at, cutoff) > 0) {
			e = gx_error_set(err, GX_EFORBIDDEN, NULL,
			                 _("you lost customer %s on %.10s; you can claim it again %d days after that"),
			                 record_text(&c, "code"), lost_at, app->settings.pool_cooldown_days);
			goto fail;
		}
	}
	int64_t owned = 0, claimed = 0;
	char since[32];
	if ((e = store_pool_owned_count(app->store, app->actor.user_id, &owned, err)) ||
	    (e = today_start(app, since, err)) ||
	    (e = store_pool_claims_since(app->store, app->actor.user_id, since, &claimed, err)))
		goto fail;
	if (owned >= app->settings.pool_max_owned) {
		e = gx_error_set(err, GX_EFORBIDDEN, NULL,
		                 _("you already own %lld customers (limit %d); a claim over the limit needs an approval"),
		                 (long long)owned, app->settings.pool_max_owned);
		goto fail;
	}
	if (claimed >= app->settings.pool_max_claims_per_day) {
		e = gx_error_set(err, GX_EFORBIDDEN, NULL,
		                 _("you have claimed %lld customers today (limit %d); a claim over the limit needs an approval"),
		                 (long long)claimed, app->settings.pool_max_claims_per_day);
		goto fail;
	}
	if ((e = set_owner(app, &c, app->actor.user_id, 0, &a, err)) ||
	    (e = store_pool_event(app->store, customer_id, app->actor.user_id, app->actor.user_id, "claim",
	                          NULL, 0, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
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
	char cutoff[32];
	gx_format_instant_utc(gx_now_ms() - (int64_t)app->settings.pool_recycle_days * 86400000, cutoff);
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
		                          "no owner contact or order", job_id, err)))
			goto fail;
	}
	*recycled = (int64_t)n;
	char counts[64];
	snprintf(counts, sizeof counts, "{\"recycled\":%zu}", n);
	if ((e = store_job_finish(app->store, job_id, 1, counts, NULL, err)) ||
	    (e = app_audit_simple(app, "recycle", "customer", 0, counts, job_id, err)))
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
