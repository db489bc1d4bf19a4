/* /api/v1/tickets: receive, list, get with ETag, PATCH (If-Match) of the descriptive fields,
 * the moves of the state machine (assign, start, reply, close, reopen), rating, escalation,
 * the event history, the overdue list and complaint counts per customer. A refused move
 * answers 409 conflict with the allowed moves in the message and changes nothing. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "guanxi/ticket.h"
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_ticket_list); H(h_ticket_create); H(h_ticket_get); H(h_ticket_patch); H(h_ticket_events);
H(h_ticket_assign); H(h_ticket_start); H(h_ticket_reply); H(h_ticket_close); H(h_ticket_reopen);
H(h_ticket_rate); H(h_ticket_escalate); H(h_ticket_overdue); H(h_ticket_escalate_overdue);
H(h_ticket_complaint_counts); H(h_customer_tickets);
#undef H

static enum gx_err send_ticket(struct http_req *rq, struct http_resp *rs, int status, int64_t id, struct gx_error *err)
{
	struct record r;
	enum gx_err e = store_record_get(rq->app->store, &entity_ticket, id, rq->arena, &r, err);
	if (e == GX_OK && r.deleted_at)
		e = gx_error_set(err, GX_ENOTFOUND, NULL, _("ticket %lld was deleted"), (long long)id);
	if (e == GX_OK)
		http_send_record(rq, rs, status, &r);
	return e;
}

enum gx_err h_ticket_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_ticket, NULL, err);
}

enum gx_err h_customer_tickets(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record c;
	enum gx_err e = app_customer_get(rq->app, rq->ids[0], 0, rq->arena, &c, err);
	if (e != GX_OK)
		return e;
	return http_list(rq, rs, &entity_ticket,
	                 filter_cond_int(rq->arena, &entity_ticket, "customer_id", FILTER_EQ, rq->ids[0]), err);
}

enum gx_err h_ticket_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return send_ticket(rq, rs, 200, rq->ids[0], err);
}

/* An optional positive integer member of the body; *v stays 0 when absent. */
static enum gx_err body_int(json_t *body, const char *name, int64_t *v, struct gx_error *err)
{
	json_t *x = json_object_get(body, name);
	*v = 0;
	if (!x || json_is_null(x))
		return GX_OK;
	if (!json_is_integer(x))
		return gx_error_set(err, GX_EINVAL, name, _("%s must be a whole number"), name);
	*v = json_integer_value(x);
	return GX_OK;
}

static enum gx_err body_text(json_t *body, const char *name, const char **v, struct gx_arena *a, struct gx_error *err)
{
	json_t *x = json_object_get(body, name);
	*v = NULL;
	if (!x || json_is_null(x))
		return GX_OK;
	if (!json_is_string(x))
		return gx_error_set(err, GX_EINVAL, name, _("%s must be a string"), name);
	*v = gx_arena_strdup(a, json_string_value(x));
	return GX_OK;
}

/* The body (possibly empty) as an object; *body is NULL-safe to decref. */
static enum gx_err optional_body(struct http_req *rq, json_t **body, struct gx_error *err)
{
	if (!rq->body || !rq->body_len) {
		*body = json_object();
		return GX_OK;
	}
	return http_body_object(rq, body, err);
}

enum gx_err h_ticket_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t assignee = 0;
	if ((e = body_int(body, "assignee_id", &assignee, err)) == GX_OK)
		json_object_del(body, "assignee_id");
	struct record r;
	record_init(&r, &entity_ticket, rq->arena);
	if (e == GX_OK)
		e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_ticket_create(rq->app, &r, assignee, rq->arena, err);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/tickets/%lld", (long long)r.id));
	return send_ticket(rq, rs, 201, r.id, err);
}

enum gx_err h_ticket_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
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
	if ((e = store_record_get(rq->app->store, &entity_ticket, rq->ids[0], rq->arena, &cur, err)) != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(&patch, &entity_ticket, rq->arena);
	e = http_record_from_json(rq->app, &patch, body, &cur, rq->arena, err);
	json_decref(body);
	patch.id = cur.id;
	if (e == GX_OK)
		e = app_ticket_update(rq->app, &patch, version, rq->arena, err);
	return e == GX_OK ? send_ticket(rq, rs, 200, cur.id, err) : e;
}

/* POST …/{id}/<move>: the note comes from the member `note_name` (NULL: none). */
static enum gx_err do_move(struct http_req *rq, struct http_resp *rs, enum ticket_action action, const char *note_name,
                           struct gx_error *err)
{
	json_t *body;
	enum gx_err e = optional_body(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct ticket_move m = {.action = action};
	int present = 0;
	if ((e = http_if_match(rq, &m.expected_version, &present, err)) == GX_OK &&
	    (action != TICKET_ASSIGN || (e = body_int(body, "assignee_id", &m.assignee_id, err)) == GX_OK) &&
	    (!note_name || (e = body_text(body, note_name, &m.note, rq->arena, err)) == GX_OK))
		e = app_ticket_move(rq->app, rq->ids[0], &m, rq->arena, NULL, err);
	json_decref(body);
	return e == GX_OK ? send_ticket(rq, rs, 200, rq->ids[0], err) : e;
}

enum gx_err h_ticket_assign(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return do_move(rq, rs, TICKET_ASSIGN, "note", err);
}

enum gx_err h_ticket_start(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return do_move(rq, rs, TICKET_START, "note", err);
}

enum gx_err h_ticket_reply(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return do_move(rq, rs, TICKET_REPLY, "reply", err);
}

enum gx_err h_ticket_close(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return do_move(rq, rs, TICKET_CLOSE, "summary", err);
}

enum gx_err h_ticket_reopen(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return do_move(rq, rs, TICKET_REOPEN, "reason", err);
}

enum gx_err h_ticket_rate(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t rating = 0;
	const char *comment = NULL;
	if (!json_object_get(body, "satisfaction"))
		e = gx_error_set(err, GX_EINVAL, "satisfaction", "%s", _("satisfaction (1–5) is required"));
	if (e == GX_OK && (e = body_int(body, "satisfaction", &rating, err)) == GX_OK &&
	    (e = body_text(body, "comment", &comment, rq->arena, err)) == GX_OK)
		e = app_ticket_rate(rq->app, rq->ids[0], rating, comment, rq->arena, NULL, err);
	json_decref(body);
	return e == GX_OK ? send_ticket(rq, rs, 200, rq->ids[0], err) : e;
}

enum gx_err h_ticket_escalate(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = optional_body(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *note = NULL;
	if ((e = body_text(body, "note", &note, rq->arena, err)) == GX_OK)
		e = app_ticket_escalate(rq->app, rq->ids[0], note, rq->arena, NULL, err);
	json_decref(body);
	return e == GX_OK ? send_ticket(rq, rs, 200, rq->ids[0], err) : e;
}

enum gx_err h_ticket_events(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record *ev;
	size_t n = 0;
	enum gx_err e = app_ticket_events(rq->app, rq->ids[0], rq->arena, &ev, &n, err);
	if (e != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, http_record_json(&ev[i], NULL, 0));
	http_resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return GX_OK;
}

static enum gx_err query_int(struct http_req *rq, const char *name, int64_t def, int64_t *v, struct gx_error *err)
{
	const char *s = http_query(rq, name);
	*v = def;
	if (!s)
		return GX_OK;
	char *end;
	long long x = strtoll(s, &end, 10);
	if (!*s || *end || x < 0)
		return gx_error_set(err, GX_EINVAL, name, _("%s must be a whole number"), name);
	*v = x;
	return GX_OK;
}

enum gx_err h_ticket_overdue(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t owner = 0, limit = 50;
	struct ticket_overdue_page page;
	enum gx_err e;
	if ((e = query_int(rq, "owner_id", 0, &owner, err)) != GX_OK || (e = query_int(rq, "limit", 50, &limit, err)) != GX_OK ||
	    (e = app_ticket_overdue(rq->app, owner, limit > 1000 ? 1001 : (int)limit, http_query(rq, "cursor"), rq->arena,
	                            &page, err)) != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < page.count; i++)
		json_array_append_new(items, http_record_json(&page.rows[i], NULL, 0));
	http_resp_json(rs, 200, json_pack("{s:o, s:I, s:s?}", "items", items, "total", (json_int_t)page.total,
	                                  "next_cursor", page.next_cursor));
	return GX_OK;
}

enum gx_err h_ticket_escalate_overdue(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct ticket_escalation_result res;
	enum gx_err e = app_ticket_escalate_overdue(rq->app, &res, err);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I, s:I, s:I}", "job_id", (json_int_t)res.job_id, "escalated",
		                                  (json_int_t)res.escalated, "skipped", (json_int_t)res.skipped));
	return e;
}

static int add_count(const struct ticket_complaint_count *c, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:I, s:I}", "customer_id", (json_int_t)c->customer_id, "formal",
	                                     (json_int_t)c->formal, "informal", (json_int_t)c->informal, "complaints",
	                                     (json_int_t)(c->formal + c->informal)));
	return 0;
}

enum gx_err h_ticket_complaint_counts(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *items = json_array();
	enum gx_err e = app_ticket_complaint_counts(rq->app, http_query(rq, "from"), http_query(rq, "to"), add_count,
	                                            items, err);
	if (e != GX_OK) {
		json_decref(items);
		return e;
	}
	http_resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return GX_OK;
}
