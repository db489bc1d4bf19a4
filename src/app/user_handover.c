/* Disabling a user without losing their customers (DECISIONS.md "Leak control", 人走客不走):
 * the customers go to a named successor, who takes them into their own team and department,
 * or back to the public pool for others to claim. One job, one audit row; every customer
 * touched points to the job and gets a pool_events row. */
#include <stdio.h>
#include <string.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/access.h"
#include "guanxi/access_store.h"
#include "guanxi/audit_store.h"
#include "guanxi/auth.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"

static enum gx_err find_user(struct app *app, const char *name, struct gx_arena *a, struct record *u,
                             struct gx_error *err)
{
	int found = 0;
	enum gx_err e = store_record_find(app->store, &entity_user, "username", name, a, u, &found, err);
	if (e == GX_OK && !found)
		e = gx_error_set(err, GX_ENOTFOUND, "user", _("no user named %s"), name);
	return e;
}

enum gx_err app_user_disable_handover(struct app *app, const char *username, const char *successor,
                                      int64_t *moved, struct gx_error *err)
{
	*moved = 0;
	enum gx_err e = app_access_check(app, "user", ACCESS_ADMIN, err);
	if (e != GX_OK)
		return e;
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record u, s;
	if ((e = find_user(app, username, &a, &u, err)) != GX_OK)
		goto out;
	if (successor) {
		if ((e = find_user(app, successor, &a, &s, err)) != GX_OK)
			goto out;
		if (s.id == u.id) {
			e = gx_error_set(err, GX_EINVAL, "successor", "%s",
			                 _("the successor must be another user than the one disabled"));
			goto out;
		}
		if (!record_int(&s, "active")) {
			e = gx_error_set(err, GX_EINVAL, "successor", _("user %s is disabled"), successor);
			goto out;
		}
	}
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto out;
	char params[256], counts[64], reason[160];
	snprintf(params, sizeof params, "{\"user_id\":%lld,\"successor_id\":%lld}", (long long)u.id,
	         successor ? (long long)s.id : 0LL);
	snprintf(reason, sizeof reason, "user %s disabled", username);
	int64_t job = 0;
	if ((e = store_job_start(app->store, "user_disable", app->actor.user_id, params, NULL, NULL, &job, err)) ||
	    (e = store_customer_handover(app->store, u.id, successor ? s.id : 0,
	                                 successor ? record_int(&s, "team_id") : 0,
	                                 successor ? record_int(&s, "department_id") : 0,
	                                 app->actor.user_id, reason, job, moved, err)) ||
	    (e = app_user_disable(app, username, err)))
		goto fail;
	snprintf(counts, sizeof counts, "{\"customers\":%lld,\"to\":\"%s\"}", (long long)*moved,
	         successor ? "successor" : "pool");
	if ((e = store_job_finish(app->store, job, 1, counts, NULL, err)) ||
	    (e = app_audit_simple(app, "disable", "user", u.id, counts, job, err)) ||
	    (e = store_dashboard_fold(app->store, 0, NULL, err)))
		goto fail;
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}
