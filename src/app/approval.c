/* The approval framework (see include/guanxi/approval.h): filing a request routed to the
 * requester's manager, and the decisions. A decision, the kind's action, the audit rows and
 * the notification are one transaction: a refused or failed decision changes nothing. */
#include <jansson.h>
#include <string.h>

#include "guanxi/approval.h"
#include "guanxi/store_scope.h"
#include "guanxi/clock.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/utf8.h"
#include "guanxi/workflow.h"

static enum gx_err check_reason(const char *reason, int required, struct gx_error *err)
{
	size_t n = reason ? gx_utf8_length(reason, strlen(reason)) : 0;
	if (required && n == 0)
		return gx_error_set(err, GX_EINVAL, "reason", "%s", _("a rejection needs a reason"));
	if (n > 2000)
		return gx_error_set(err, GX_EINVAL, "reason", "%s", _("the reason is longer than 2000 characters"));
	return GX_OK;
}

static const char *user_name(struct app *app, int64_t id, struct gx_arena *a)
{
	struct record u;
	struct gx_error ignored;
	if (id && store_record_get(app->store, &entity_user, id, a, &u, &ignored) == GX_OK)
		return record_text(&u, "display_name");
	return _("the system");
}

enum gx_err app_approval_request(struct app *app, const char *kind, const char *entity,
                                 int64_t entity_id, const char *payload_json, const char *reason,
                                 int64_t *approval_id, struct gx_error *err)
{
	*approval_id = 0;
	if (!approval_kind_find(kind))
		return gx_error_set(err, GX_EINVAL, "kind", _("unknown approval kind \"%s\""), kind ? kind : "");
	if (!app->actor.user_id)
		return gx_error_set(err, GX_EINVAL, "user", "%s", _("an approval request needs a requesting user (use --user)"));
	enum gx_err e = check_reason(reason, 0, err);
	if (e != GX_OK)
		return e;
	if (payload_json) {
		json_error_t je;
		json_t *p = json_loads(payload_json, 0, &je);
		int ok = p && json_is_object(p);
		json_decref(p);
		if (!ok)
			return gx_error_set(err, GX_EINVAL, "payload", "%s", _("the request details must be a JSON object"));
	}
	if ((e = app_link_check(app, entity, entity_id, err)) != GX_OK)
		return e;
	int64_t approver = 0;
	if ((e = app_user_manager(app, app->actor.user_id, &approver, err)) != GX_OK)
		return e;
	if (!approver)
		return gx_error_set(err, GX_EINVAL, "approver", "%s",
		                    _("you have no manager to approve this: set a head for your department or one above it"));
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto out;
	struct store_list_query q = {
		.filter = filter_and(&a, filter_and(&a, filter_cond_text(&a, &entity_approval, "kind", FILTER_EQ, kind),
		                                    filter_cond_text(&a, &entity_approval, "entity", FILTER_EQ, entity)),
		                     filter_and(&a, filter_and(&a, filter_cond_int(&a, &entity_approval, "entity_id", FILTER_EQ, entity_id),
		                                               filter_cond_int(&a, &entity_approval, "requester_id", FILTER_EQ, app->actor.user_id)),
		                                filter_cond_text(&a, &entity_approval, "status", FILTER_EQ, "pending"))),
		.limit = 1,
	};
	int64_t pending = 0;
	if ((e = store_record_count(app->store, &entity_approval, &q, &pending, err)) != GX_OK)
		goto fail;
	if (pending) {
		e = gx_error_set(err, GX_ECONFLICT, NULL, _("you already have a pending %s request for %s %lld"),
		                 kind, entity, (long long)entity_id);
		goto fail;
	}
	struct record r;
	record_init(&r, &entity_approval, &a);
	record_set_text(&r, "kind", kind);
	record_set_text(&r, "entity", entity);
	record_set_int(&r, "entity_id", entity_id);
	if (payload_json)
		record_set_text(&r, "payload", payload_json);
	record_set_int(&r, "requester_id", app->actor.user_id);
	record_set_int(&r, "approver_id", approver);
	record_set_text(&r, "status", "pending");
	if (reason && *reason)
		record_set_text(&r, "reason", reason);
	const char *text = gx_arena_printf(&a, _("%s asks for your approval: %s on %s %lld%s%s"),
	                                   user_name(app, app->actor.user_id, &a), kind, entity,
	                                   (long long)entity_id, reason && *reason ? " — " : "",
	                                   reason && *reason ? reason : "");
	if ((e = store_record_insert(app->store, &r, err)) ||
	    (e = app_audit_change(app, "request", NULL, &r, 0, err)) ||
	    (e = app_notify(app, approver, "approval_request", "approval", r.id, text, err)))
		goto fail;
	if ((e = store_commit(app->store, err)) == GX_OK)
		*approval_id = r.id;
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum decision { DECIDE_APPROVE, DECIDE_REJECT, DECIDE_CANCEL };

static enum gx_err decide(struct app *app, int64_t id, enum decision d, const char *reason,
                          struct gx_error *err)
{
	enum gx_err e = check_reason(reason, d == DECIDE_REJECT, err);
	if (e != GX_OK)
		return e;
	struct gx_arena a;
	gx_arena_init(&a, 4096);
	struct record before, after;
	if ((e = store_begin(app->store, err)) != GX_OK)
		goto out;
	if ((e = store_record_get(app->store, &entity_approval, id, &a, &before, err)) != GX_OK) {
		if (e == GX_ENOTFOUND)
			gx_error_set(err, GX_ENOTFOUND, "id", _("no approval request with id %lld"), (long long)id);
		goto fail;
	}
	const char *status = record_text(&before, "status");
	int64_t me = app->actor.user_id, requester = record_int(&before, "requester_id");
	int admin = me == 0 || strcmp(app->actor.role, "admin") == 0;
	if (strcmp(status, "pending") != 0) {
		e = gx_error_set(err, GX_ECONFLICT, "status", _("approval request %lld is already %s"),
		                 (long long)id, status);
		goto fail;
	}
	if (d == DECIDE_CANCEL && me != requester) {
		e = gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only the requester can withdraw a request"));
		goto fail;
	}
	if (d != DECIDE_CANCEL && me == requester) {
		e = gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("you cannot decide your own request"));
		goto fail;
	}
	if (d != DECIDE_CANCEL && !admin && me != record_int(&before, "approver_id")) {
		e = gx_error_set(err, GX_EFORBIDDEN, NULL, _("approval request %lld waits for %s, not for you"),
		                 (long long)id, user_name(app, record_int(&before, "approver_id"), &a));
		goto fail;
	}
	const struct approval_kind *kind = approval_kind_find(record_text(&before, "kind"));
	if (!kind && d != DECIDE_CANCEL) {
		e = gx_error_set(err, GX_EINVAL, "kind", _("approval kind \"%s\" is no longer known"),
		                 record_text(&before, "kind"));
		goto fail;
	}
	static const char *const to_status[] = {"approved", "rejected", "cancelled"};
	record_init(&after, &entity_approval, &a);
	after.id = id;
	record_set_text(&after, "status", to_status[d]);
	if (d != DECIDE_CANCEL) {
		char now[32];
		gx_now_iso(now);
		if (me)
			record_set_int(&after, "decided_by", me);
		record_set_text(&after, "decided_at", gx_arena_strdup(&a, now));
		if (reason && *reason)
			record_set_text(&after, "decision_reason", reason);
	}
	if ((e = store_record_update(app->store, &after, before.version, err)) != GX_OK)
		goto fail;
	int64_t entity_id = record_int(&before, "entity_id");
	const char *payload = record_text(&before, "payload");
	/* The approval is the authority for the waiting action: it is carried out whoever may
	 * see the record (a manager approving a rep's transfer need not own the customer). */
	struct store_scope saved, all = {.kind = STORE_SCOPE_ALL};
	store_scope_get(app->store, &saved);
	store_scope_set(app->store, &all);
	if (d == DECIDE_APPROVE)
		e = kind->on_approve(app, entity_id, payload, err);
	else if (kind && kind->on_reject)
		e = kind->on_reject(app, entity_id, payload, err);
	store_scope_set(app->store, &saved);
	if (e != GX_OK)
		goto fail;
	static const char *const actions[] = {"approve", "reject", "cancel"};
	if ((e = app_audit_change(app, actions[d], &before, &after, 0, err)) != GX_OK)
		goto fail;
	if (d != DECIDE_CANCEL) {
		const char *text = gx_arena_printf(&a, d == DECIDE_APPROVE ? _("%s approved your %s request%s%s")
		                                                            : _("%s rejected your %s request%s%s"),
		                                   user_name(app, me, &a), record_text(&before, "kind"),
		                                   reason && *reason ? ": " : "", reason && *reason ? reason : "");
		if ((e = app_notify(app, requester, "approval_decision", "approval", id, text, err)) != GX_OK)
			goto fail;
	}
	e = store_commit(app->store, err);
	goto out;
fail:
	store_rollback(app->store);
out:
	gx_arena_free(&a);
	return e;
}

enum gx_err app_approval_pending_count(struct app *app, const char *kind, int64_t entity_id,
                                       int64_t *count, struct gx_error *err)
{
	struct gx_arena a;
	gx_arena_init(&a, 1024);
	struct store_list_query q = {
		.filter = filter_and(&a, filter_and(&a, filter_cond_text(&a, &entity_approval, "kind", FILTER_EQ, kind),
		                                    filter_cond_int(&a, &entity_approval, "entity_id", FILTER_EQ, entity_id)),
		                     filter_cond_text(&a, &entity_approval, "status", FILTER_EQ, "pending")),
	};
	*count = 0;
	enum gx_err e = store_record_count(app->store, &entity_approval, &q, count, err);
	gx_arena_free(&a);
	return e;
}

enum gx_err app_approval_approve(struct app *app, int64_t id, const char *reason,
                                 struct gx_error *err)
{
	return decide(app, id, DECIDE_APPROVE, reason, err);
}

enum gx_err app_approval_reject(struct app *app, int64_t id, const char *reason,
                                struct gx_error *err)
{
	return decide(app, id, DECIDE_REJECT, reason, err);
}

enum gx_err app_approval_cancel(struct app *app, int64_t id, struct gx_error *err)
{
	return decide(app, id, DECIDE_CANCEL, NULL, err);
}
