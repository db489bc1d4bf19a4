/* /api/v1/leads: list (?pool=true for the lead pool), create ({…fields, "owner": user}), get,
 * status moves, claim, release, assign, and conversion into customer + opportunity (409 with
 * the matching customers when the duplicate check refuses). */
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/sales_http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)

H(h_lead_list)
{
	struct filter_node *extra = NULL;
	const char *pool = http_query(rq, "pool");
	if (pool && strcmp(pool, "true") == 0)
		extra = filter_and(rq->arena, filter_cond_null(rq->arena, &entity_lead, "owner_id", 1),
		                   filter_and(rq->arena,
		                              filter_cond_text(rq->arena, &entity_lead, "status", FILTER_NE, "converted"),
		                              filter_cond_text(rq->arena, &entity_lead, "status", FILTER_NE, "disqualified")));
	return http_list(rq, rs, &entity_lead, extra, err);
}

/* A user named by id or username in a JSON member, as the owner_id field resolves it. */
static enum gx_err take_user(struct http_req *rq, json_t *body, const char *name, int64_t *id, struct gx_error *err)
{
	*id = 0;
	json_t *v = json_object_get(body, name);
	if (!v || json_is_null(v)) {
		json_object_del(body, name);
		return GX_OK;
	}
	struct record r;
	record_init(&r, &entity_opportunity, rq->arena);
	json_t *o = json_pack("{s:O}", "owner_id", v);
	json_object_del(body, name);
	enum gx_err e = http_record_from_json(rq->app, &r, o, NULL, rq->arena, err);
	json_decref(o);
	if (e != GX_OK) {
		snprintf(err->field, sizeof err->field, "%s", name);
		return e;
	}
	*id = record_int(&r, "owner_id");
	return GX_OK;
}

H(h_lead_create)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t owner = 0;
	struct record r;
	record_init(&r, &entity_lead, rq->arena);
	if ((e = take_user(rq, body, "owner", &owner, err)) == GX_OK &&
	    (e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err)) == GX_OK)
		e = app_lead_create(rq->app, &r, owner, rq->arena, err);
	json_decref(body);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/leads/%lld", (long long)r.id));
	return sales_send(rq, rs, 201, &entity_lead, r.id, err);
}

H(h_lead_get)
{
	return http_get_record(rq, rs, &entity_lead, rq->ids[0], err);
}

H(h_lead_status)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *status = NULL, *reason = NULL;
	struct record cur;
	if ((e = sales_take_string(rq, body, "status", &status, err)) == GX_OK &&
	    (e = sales_take_string(rq, body, "reason", &reason, err)) == GX_OK &&
	    (e = sales_path_live(rq, &entity_lead, &cur, err)) == GX_OK)
		e = app_lead_set_status(rq->app, cur.id, status, reason, err);
	json_decref(body);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_lead, rq->ids[0], err) : e;
}

H(h_lead_claim)
{
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_lead, &cur, err);
	if (e == GX_OK)
		e = app_lead_claim(rq->app, cur.id, err);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_lead, cur.id, err) : e;
}

H(h_lead_release)
{
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_lead, &cur, err);
	if (e == GX_OK)
		e = app_lead_release(rq->app, cur.id, err);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_lead, cur.id, err) : e;
}

H(h_lead_assign)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t owner = 0;
	struct record cur;
	if ((e = take_user(rq, body, "owner", &owner, err)) == GX_OK && (e = sales_path_live(rq, &entity_lead, &cur, err)) == GX_OK)
		e = app_lead_assign(rq->app, cur.id, owner, err);
	json_decref(body);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_lead, rq->ids[0], err) : e;
}

static json_t *dups_json(const struct customer_dups *d)
{
	static const char *const reasons[] = {"phone", "email", "uscc", "name"};
	json_t *arr = json_array();
	for (size_t i = 0; i < d->n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s?, s:s?, s:s}", "id", (json_int_t)d->items[i].id,
		                                     "code", d->items[i].code, "name", d->items[i].name,
		                                     "reason", reasons[d->items[i].reason]));
	return arr;
}

H(h_lead_convert)
{
	json_t *body;
	enum gx_err e = sales_body(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct lead_convert_opts o = {.amount_fen = -1};
	int has_amount = 0, has_customer = 0;
	struct record cur;
	struct lead_convert_result res = {0};
	if ((e = sales_take_int(body, "customer_id", &o.customer_id, &has_customer, err)) ||
	    (e = sales_take_bool(body, "force", &o.force, err)) ||
	    (e = sales_take_bool(body, "no_opportunity", &o.no_opportunity, err)) ||
	    (e = sales_take_string(rq, body, "opportunity_name", &o.opportunity_name, err)) ||
	    (e = sales_take_int(body, "amount_fen", &o.amount_fen, &has_amount, err)) ||
	    (e = sales_take_string(rq, body, "expected_close_date", &o.expected_close_date, err)))
		goto out;
	if (json_object_size(body)) {
		e = gx_error_set(err, GX_EINVAL, json_object_iter_key(json_object_iter(body)), _("unknown field %s"),
		                 json_object_iter_key(json_object_iter(body)));
		goto out;
	}
	if (has_amount && o.amount_fen < 0) {
		e = gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("amount must not be negative"));
		goto out;
	}
	if (has_customer && o.customer_id <= 0) {
		e = gx_error_set(err, GX_EINVAL, "customer_id", "%s", _("customer_id must be a positive id"));
		goto out;
	}
	if ((e = sales_path_live(rq, &entity_lead, &cur, err)) == GX_OK)
		e = app_lead_convert(rq->app, cur.id, &o, rq->arena, &res, err);
	if (e == GX_ECONFLICT && res.dups.blocking && res.dups.n) {
		http_resp_error(rs, err, json_pack("{s:o}", "duplicates", dups_json(&res.dups)));
		e = GX_OK;
		goto out;
	}
	if (e == GX_OK)
		http_resp_json(rs, 201, json_pack("{s:I, s:o?, s:o?}", "customer_id", (json_int_t)res.customer_id,
		                                  "contact_id", res.contact_id ? json_integer(res.contact_id) : NULL,
		                                  "opportunity_id", res.opportunity_id ? json_integer(res.opportunity_id) : NULL));
out:
	json_decref(body);
	return e;
}
