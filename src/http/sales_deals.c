/* /api/v1/contracts, /api/v1/payment-plans and /api/v1/quotes: contracts from won
 * opportunities with status moves and payment-collection plans; quotes with lines and a
 * discount ("discount_pct": "12.5" or a number), their actions, and the discount decision
 * (approve / reject: managers and admins, through the approval handlers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/sales_http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)

H(h_contract_list)
{
	return http_list(rq, rs, &entity_contract, NULL, err);
}

H(h_contract_create)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct record r;
	record_init(&r, &entity_contract, rq->arena);
	if ((e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err)) == GX_OK)
		e = app_contract_create(rq->app, &r, rq->arena, err);
	json_decref(body);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/contracts/%lld", (long long)r.id));
	return sales_send(rq, rs, 201, &entity_contract, r.id, err);
}

H(h_contract_get)
{
	return http_get_record(rq, rs, &entity_contract, rq->ids[0], err);
}

H(h_contract_status)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *status = NULL, *signed_date = NULL, *reason = NULL;
	struct record cur;
	if ((e = sales_take_string(rq, body, "status", &status, err)) == GX_OK &&
	    (e = sales_take_string(rq, body, "signed_date", &signed_date, err)) == GX_OK &&
	    (e = sales_take_string(rq, body, "reason", &reason, err)) == GX_OK &&
	    (e = sales_path_live(rq, &entity_contract, &cur, err)) == GX_OK)
		e = app_contract_set_status(rq->app, cur.id, status, signed_date, reason, err);
	json_decref(body);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_contract, rq->ids[0], err) : e;
}

H(h_contract_plans)
{
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_contract, &cur, err);
	if (e != GX_OK)
		return e;
	return http_list(rq, rs, &entity_payment_plan,
	                 filter_cond_int(rq->arena, &entity_payment_plan, "contract_id", FILTER_EQ, cur.id), err);
}

H(h_contract_plan_add)
{
	struct record cur, r;
	enum gx_err e = sales_path_live(rq, &entity_contract, &cur, err);
	if (e != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(&r, &entity_payment_plan, rq->arena);
	if (json_object_get(body, "contract_id"))
		e = gx_error_set(err, GX_EINVAL, "contract_id", "%s", _("the contract is the one in the path"));
	if (e == GX_OK && (e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err)) == GX_OK) {
		record_set_int(&r, "contract_id", cur.id);
		e = app_payment_plan_add(rq->app, &r, rq->arena, err);
	}
	json_decref(body);
	return e == GX_OK ? sales_send(rq, rs, 201, &entity_payment_plan, r.id, err) : e;
}

H(h_payment_plan_paid)
{
	json_t *body;
	enum gx_err e = sales_body(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *date = NULL;
	if ((e = sales_take_string(rq, body, "paid_date", &date, err)) == GX_OK)
		e = app_payment_plan_paid(rq->app, rq->ids[0], date, err);
	json_decref(body);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_payment_plan, rq->ids[0], err) : e;
}

H(h_quote_list)
{
	return http_list(rq, rs, &entity_quote, NULL, err);
}

enum gx_err sales_send_quote(struct http_req *rq, struct http_resp *rs, int status, int64_t id, struct gx_error *err)
{
	struct record q;
	enum gx_err e = store_record_get(rq->app->store, &entity_quote, id, rq->arena, &q, err);
	if (e != GX_OK)
		return e;
	struct store_list_query lq = {
		.filter = filter_cond_int(rq->arena, &entity_quote_line, "quote_id", FILTER_EQ, id),
		.limit = 1000,
		.sort_field = "line_no",
	};
	struct store_list_result res;
	if ((e = store_record_list(rq->app->store, &entity_quote_line, &lq, rq->arena, &res, err)) != GX_OK)
		return e;
	json_t *o = http_record_json(&q, NULL, 0), *lines = json_array();
	for (size_t i = 0; i < res.count; i++)
		json_array_append_new(lines, http_record_json(&res.rows[i], NULL, 0));
	json_object_set_new(o, "lines", lines);
	http_resp_header(rs, rq->arena, "ETag", gx_arena_printf(rq->arena, "\"%lld\"", (long long)q.version));
	http_resp_json(rs, status, o);
	return GX_OK;
}

enum gx_err sales_quote_body(struct http_req *rq, json_t *body, int *bp, struct quote_line_input **lines_out,
                             size_t *n_out, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	json_t *jd = json_object_get(body, "discount_pct"), *jl = json_object_get(body, "lines");
	struct quote_line_input *lines = NULL;
	size_t n = 0;
	if (jd && json_is_number(jd)) {
		char buf[64];
		snprintf(buf, sizeof buf, "%.10g", json_number_value(jd));
		e = sales_parse_percent(buf, "discount_pct", bp, err);
	} else if (jd && json_is_string(jd)) {
		e = sales_parse_percent(json_string_value(jd), "discount_pct", bp, err);
	} else if (jd && !json_is_null(jd)) {
		e = gx_error_set(err, GX_EINVAL, "discount_pct", "%s", _("discount_pct must be a percentage such as 12.5"));
	}
	if (e == GX_OK && jl && (!json_is_array(jl) || json_array_size(jl) > 500))
		e = gx_error_set(err, GX_EINVAL, "lines", "%s", _("lines must be an array (at most 500) of quote lines"));
	if (e == GX_OK && jl) {
		n = json_array_size(jl);
		lines = gx_arena_calloc(rq->arena, n + 1, sizeof *lines);
		for (size_t i = 0; i < n && e == GX_OK; i++) {
			record_init(&lines[i].line, &entity_quote_line, rq->arena);
			json_t *l = json_array_get(jl, i);
			if (!json_is_object(l) || json_object_get(l, "quote_id"))
				e = gx_error_set(err, GX_EINVAL, "lines", _("line %zu must be an object of product_id, description, quantity, unit_price_fen"), i + 1);
			else if ((e = http_record_from_json(rq->app, &lines[i].line, l, NULL, rq->arena, err)) != GX_OK)
				gx_error_prefix(err, _("line %zu: "), i + 1);
		}
	}
	json_object_del(body, "discount_pct");
	json_object_del(body, "lines");
	*lines_out = lines;
	*n_out = n;
	return e;
}

H(h_quote_create)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int bp = 0;
	struct record q;
	record_init(&q, &entity_quote, rq->arena);
	struct quote_line_input *lines = NULL;
	size_t n = 0;
	if (!json_is_array(json_object_get(body, "lines")))
		e = gx_error_set(err, GX_EINVAL, "lines", "%s", _("lines must be an array (at most 500) of quote lines"));
	if (e == GX_OK && (e = sales_quote_body(rq, body, &bp, &lines, &n, err)) == GX_OK &&
	    (e = http_record_from_json(rq->app, &q, body, NULL, rq->arena, err)) == GX_OK)
		e = app_quote_create(rq->app, &q, bp, lines, n, rq->arena, err);
	json_decref(body);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/quotes/%lld", (long long)q.id));
	return sales_send_quote(rq, rs, 201, q.id, err);
}

H(h_quote_get)
{
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_quote, &cur, err);
	return e == GX_OK ? sales_send_quote(rq, rs, 200, cur.id, err) : e;
}

static enum gx_err quote_action(struct http_req *rq, struct http_resp *rs, const char *action, struct gx_error *err)
{
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_quote, &cur, err);
	if (e == GX_OK)
		e = app_quote_act(rq->app, cur.id, action, err);
	return e == GX_OK ? sales_send_quote(rq, rs, 200, cur.id, err) : e;
}

H(h_quote_send) { return quote_action(rq, rs, "send", err); }
H(h_quote_accept) { return quote_action(rq, rs, "accept", err); }
H(h_quote_decline) { return quote_action(rq, rs, "decline", err); }
H(h_quote_cancel) { return quote_action(rq, rs, "cancel", err); }

/* Until the approvals framework routes decisions, a manager or an admin decides here. */
static enum gx_err quote_decide(struct http_req *rq, struct http_resp *rs, int approve, struct gx_error *err)
{
	if (strcmp(rq->app->actor.role, "admin") != 0 && strcmp(rq->app->actor.role, "manager") != 0)
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s", _("only a manager or an admin decides on a discount"));
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_quote, &cur, err);
	if (e != GX_OK)
		return e;
	const char *payload = rq->body && rq->body_len ? rq->body : NULL;
	e = app_quote_discount_decide(rq->app, cur.id, approve, payload, err);
	return e == GX_OK ? sales_send_quote(rq, rs, 200, cur.id, err) : e;
}

H(h_quote_approve) { return quote_decide(rq, rs, 1, err); }
H(h_quote_reject) { return quote_decide(rq, rs, 0, err); }
