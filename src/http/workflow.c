/* /api/v1/tasks, /agenda, /remind, /notifications, /approvals and the transfer request of a
 * customer: thin adapters over app/ (task.c, agenda.c, remind.c, notify.c, approval.c), so
 * every rule is the CLI's. Lists are the acting user's own unless an admin or manager asks
 * for ?all=true. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/approval.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/workflow.h"
#include "http/http.h"

static int is_manager(const struct http_req *rq)
{
	const char *role = rq->app->actor.role;
	return rq->app->actor.user_id == 0 || strcmp(role, "admin") == 0 || strcmp(role, "manager") == 0;
}

static int query_flag(const struct http_req *rq, const char *name)
{
	const char *v = http_query(rq, name);
	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* An optional string member "reason" of an optional JSON body. */
static enum gx_err body_reason(struct http_req *rq, const char *name, const char **out,
                               struct gx_error *err)
{
	*out = NULL;
	if (!rq->body || !rq->body_len)
		return GX_OK;
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *j = json_object_get(body, name);
	if (j && !json_is_string(j) && !json_is_null(j))
		e = gx_error_set(err, GX_EINVAL, name, _("%s must be a string"), name);
	else if (json_is_string(j))
		*out = gx_arena_strdup(rq->arena, json_string_value(j));
	json_decref(body);
	return e;
}

/* --- tasks --------------------------------------------------------------------------------- */

enum gx_err h_task_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct filter_node *extra = NULL;
	if (!(query_flag(rq, "all") && is_manager(rq)))
		extra = filter_cond_int(rq->arena, &entity_task, "assignee_id", FILTER_EQ, rq->app->actor.user_id);
	return http_list(rq, rs, &entity_task, extra, err);
}

enum gx_err h_task_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_get_record(rq, rs, &entity_task, rq->ids[0], err);
}

enum gx_err h_task_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct record r;
	record_init(&r, &entity_task, rq->arena);
	e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_task_create(rq->app, &r, rq->arena, err);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/tasks/%lld", (long long)r.id));
	if ((e = http_get_record(rq, rs, &entity_task, r.id, err)) == GX_OK)
		rs->status = 201;
	return e;
}

enum gx_err h_task_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t version = 0;
	int present = 0;
	enum gx_err e = http_if_match(rq, &version, &present, err);
	if (e != GX_OK)
		return e;
	if (!present) {
		gx_error_set(err, GX_EINVAL, "If-Match", "%s",
		             _("If-Match with the record's version (its ETag) is required to change it"));
		http_resp_error(rs, err, NULL);
		rs->status = 428;
		return GX_OK;
	}
	struct record cur, patch;
	e = store_record_get(rq->app->store, &entity_task, rq->ids[0], rq->arena, &cur, err);
	if (e != GX_OK)
		return e == GX_ENOTFOUND ? gx_error_set(err, e, "id", _("no task with id %lld"), (long long)rq->ids[0]) : e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(&patch, &entity_task, rq->arena);
	e = http_record_from_json(rq->app, &patch, body, &cur, rq->arena, err);
	json_decref(body);
	patch.id = cur.id;
	if (e == GX_OK)
		e = app_task_update(rq->app, &patch, version, rq->arena, err);
	return e == GX_OK ? http_get_record(rq, rs, &entity_task, cur.id, err) : e;
}

static enum gx_err task_move(struct http_req *rq, struct http_resp *rs, const char *action,
                             struct gx_error *err)
{
	enum gx_err e = app_task_transition(rq->app, rq->ids[0], action, err);
	return e == GX_OK ? http_get_record(rq, rs, &entity_task, rq->ids[0], err) : e;
}

enum gx_err h_task_complete(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return task_move(rq, rs, "complete", err);
}

enum gx_err h_task_cancel(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return task_move(rq, rs, "cancel", err);
}

enum gx_err h_task_reopen(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return task_move(rq, rs, "reopen", err);
}

static json_t *rows_json(const struct record *rows, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, http_record_json(&rows[i], NULL, 0));
	return arr;
}

static enum gx_err int_query(struct http_req *rq, const char *name, int def, int lo, int hi,
                             int *out, struct gx_error *err)
{
	const char *v = http_query(rq, name);
	*out = def;
	if (!v)
		return GX_OK;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi)
		return gx_error_set(err, GX_EINVAL, name, _("%s must be a whole number from %d to %d"), name, lo, hi);
	*out = (int)n;
	return GX_OK;
}

enum gx_err h_agenda(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int days;
	enum gx_err e = int_query(rq, "days", 7, 1, 366, &days, err);
	struct task_agenda ag;
	if (e == GX_OK)
		e = app_agenda(rq->app, rq->app->actor.user_id, days, rq->arena, &ag, err);
	if (e != GX_OK)
		return e;
	http_resp_json(rs, 200, json_pack("{s:s, s:i, s:o, s:o, s:o}", "today", ag.today, "days", days,
	                                  "overdue", rows_json(ag.overdue, ag.n_overdue),
	                                  "today_tasks", rows_json(ag.today_tasks, ag.n_today),
	                                  "upcoming", rows_json(ag.upcoming, ag.n_upcoming)));
	return GX_OK;
}

enum gx_err h_remind(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	if (!is_manager(rq))
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only an admin or a manager can run the reminder job"));
	int days;
	enum gx_err e = int_query(rq, "days", 7, 0, 60, &days, err);
	struct remind_result r;
	if (e == GX_OK)
		e = app_remind_run(rq->app, days, &r, err);
	if (e != GX_OK)
		return e;
	http_resp_json(rs, 200, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "today", r.today,
	                                  "care_tasks", (json_int_t)r.care_created,
	                                  "followup_tasks", (json_int_t)r.followups_created,
	                                  "reminders", (json_int_t)r.reminders_sent,
	                                  "already_generated", (json_int_t)r.skipped,
	                                  "job_id", (json_int_t)r.job_id));
	return GX_OK;
}

/* --- notifications --------------------------------------------------------------------------- */

enum gx_err h_notification_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct filter_node *extra = filter_cond_int(rq->arena, &entity_notification, "user_id",
	                                            FILTER_EQ, rq->app->actor.user_id);
	if (query_flag(rq, "unread"))
		extra = filter_and(rq->arena, extra,
		                   filter_cond_null(rq->arena, &entity_notification, "read_at", 1));
	return http_list(rq, rs, &entity_notification, extra, err);
}

static enum gx_err notification_mark(struct http_req *rq, struct http_resp *rs, int read,
                                     struct gx_error *err)
{
	enum gx_err e = app_notification_mark(rq->app, rq->ids[0], read, err);
	return e == GX_OK ? http_get_record(rq, rs, &entity_notification, rq->ids[0], err) : e;
}

enum gx_err h_notification_read(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return notification_mark(rq, rs, 1, err);
}

enum gx_err h_notification_unread(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return notification_mark(rq, rs, 0, err);
}

enum gx_err h_notification_read_all(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t n;
	enum gx_err e = app_notification_read_all(rq->app, &n, err);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I}", "marked_read", (json_int_t)n));
	return e;
}

/* --- approvals -------------------------------------------------------------------------------- */

enum gx_err h_approval_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *box = http_query(rq, "box");
	if (box && strcmp(box, "inbox") != 0 && strcmp(box, "mine") != 0 &&
	    !(strcmp(box, "all") == 0 && strcmp(rq->app->actor.role, "admin") == 0))
		return gx_error_set(err, GX_EINVAL, "box", "%s", _("box must be inbox (waiting for you), mine (filed by you) or, for admins, all"));
	struct filter_node *extra = NULL;
	if (!box || strcmp(box, "all") != 0)
		extra = filter_cond_int(rq->arena, &entity_approval,
		                        box && strcmp(box, "mine") == 0 ? "requester_id" : "approver_id",
		                        FILTER_EQ, rq->app->actor.user_id);
	return http_list(rq, rs, &entity_approval, extra, err);
}

/* An approval is visible to its requester, its approver and admins. */
enum gx_err h_approval_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	enum gx_err e = store_record_get(rq->app->store, &entity_approval, rq->ids[0], rq->arena, &r, err);
	int64_t me = rq->app->actor.user_id;
	if (e == GX_OK && strcmp(rq->app->actor.role, "admin") != 0 &&
	    me != record_int(&r, "requester_id") && me != record_int(&r, "approver_id"))
		e = GX_ENOTFOUND;
	if (e == GX_ENOTFOUND)
		return gx_error_set(err, e, "id", _("no approval request with id %lld"), (long long)rq->ids[0]);
	if (e == GX_OK)
		http_send_record(rq, rs, 200, &r);
	return e;
}

static enum gx_err approval_decide(struct http_req *rq, struct http_resp *rs, int verdict,
                                   struct gx_error *err)
{
	const char *reason;
	enum gx_err e = body_reason(rq, "reason", &reason, err);
	if (e != GX_OK)
		return e;
	e = verdict == 0 ? app_approval_approve(rq->app, rq->ids[0], reason, err)
	  : verdict == 1 ? app_approval_reject(rq->app, rq->ids[0], reason, err)
	  : app_approval_cancel(rq->app, rq->ids[0], err);
	return e == GX_OK ? http_get_record(rq, rs, &entity_approval, rq->ids[0], err) : e;
}

enum gx_err h_approval_approve(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return approval_decide(rq, rs, 0, err);
}

enum gx_err h_approval_reject(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return approval_decide(rq, rs, 1, err);
}

enum gx_err h_approval_cancel(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return approval_decide(rq, rs, 2, err);
}

static enum gx_err send_approval(struct http_req *rq, struct http_resp *rs, int64_t id,
                                 struct gx_error *err)
{
	enum gx_err e = http_get_record(rq, rs, &entity_approval, id, err);
	if (e == GX_OK) {
		rs->status = 202;   /* accepted: the action waits for the decision */
		http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/approvals/%lld", (long long)id));
	}
	return e;
}

/* POST /customers/{id}/transfer-request {"to_user": "li" | 4, "reason": "…"} */
enum gx_err h_customer_transfer_request(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *jt = json_object_get(body, "to_user"), *jr = json_object_get(body, "reason");
	int64_t to = 0;
	const char *reason = json_is_string(jr) ? gx_arena_strdup(rq->arena, json_string_value(jr)) : NULL;
	if (jr && !json_is_string(jr) && !json_is_null(jr))
		e = gx_error_set(err, GX_EINVAL, "reason", "%s", _("reason must be a string"));
	else if (json_is_integer(jt) && json_integer_value(jt) > 0)
		to = (int64_t)json_integer_value(jt);
	else if (json_is_string(jt)) {
		struct record u;
		int found = 0;
		e = store_record_find(rq->app->store, &entity_user, "username", json_string_value(jt),
		                      rq->arena, &u, &found, err);
		if (e == GX_OK && !found)
			e = gx_error_set(err, GX_EINVAL, "to_user", _("no user named %s"), json_string_value(jt));
		else if (e == GX_OK)
			to = u.id;
	} else
		e = gx_error_set(err, GX_EINVAL, "to_user", "%s", _("to_user must be the new owner's id or username"));
	json_decref(body);
	int64_t id;
	if (e == GX_OK)
		e = app_customer_transfer_request(rq->app, rq->ids[0], to, reason, &id, err);
	return e == GX_OK ? send_approval(rq, rs, id, err) : e;
}

/* POST /customers/{id}/claim?request_approval=true (customers.c hands over): the claim over
 * the limit as an approval request. */
enum gx_err http_customer_claim_request(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *reason;
	enum gx_err e = body_reason(rq, "reason", &reason, err);
	int64_t id;
	if (e == GX_OK)
		e = app_pool_claim_request(rq->app, rq->ids[0], reason, &id, err);
	return e == GX_OK ? send_approval(rq, rs, id, err) : e;
}
