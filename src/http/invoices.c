/* /api/v1 invoices, payments and credit overrides (see guanxi/credit.h): invoices with their
 * fapiao details and the orders they bill, payments under their invoice, and override
 * requests with their approval and rejection. Only admins and managers decide overrides. */
#include <string.h>

#include "guanxi/credit.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_invoice_list); H(h_invoice_create); H(h_invoice_get); H(h_invoice_payments);
H(h_invoice_payment_add); H(h_payment_list); H(h_payment_get);
H(h_credit_override_list); H(h_credit_override_create); H(h_credit_override_get);
H(h_credit_override_approve); H(h_credit_override_reject);
#undef H

static enum gx_err send_created(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                                int64_t id, const char *path, struct gx_error *err)
{
	struct record r;
	enum gx_err e = store_record_get(rq->app->store, def, id, rq->arena, &r, err);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/%s/%lld", path, (long long)id));
	http_send_record(rq, rs, 201, &r);
	return GX_OK;
}

enum gx_err h_invoice_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_invoice, NULL, err);
}

/* An invoice with the order ids it bills under "orders". */
enum gx_err h_invoice_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = http_get_record(rq, rs, &entity_invoice, rq->ids[0], err);
	const char *orders = NULL;
	if (e != GX_OK || (e = store_invoice_orders(rq->app->store, rq->ids[0], rq->arena, &orders, err)) != GX_OK)
		return e;
	json_t *o = json_loadb(rs->body, rs->len, 0, NULL);
	json_t *arr = json_array();
	char *copy = orders ? gx_arena_strdup(rq->arena, orders) : NULL;
	char *save = NULL;
	for (char *t = copy ? strtok_r(copy, ";", &save) : NULL; t; t = strtok_r(NULL, ";", &save))
		json_array_append_new(arr, json_string(t));
	json_object_set_new(o, "orders", arr);
	http_resp_json(rs, 200, o);
	return GX_OK;
}

/* POST /invoices: the invoice's fields plus "orders": [order ids]. */
enum gx_err h_invoice_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *orders = json_incref(json_object_get(body, "orders"));
	json_object_del(body, "orders");
	int64_t *ids = NULL;
	size_t n = 0;
	if (orders && !json_is_array(orders))
		e = gx_error_set(err, GX_EINVAL, "orders", "%s", _("orders must be an array of order ids"));
	else if (orders) {
		ids = gx_arena_calloc(rq->arena, json_array_size(orders) + 1, sizeof *ids);
		size_t i;
		json_t *v;
		json_array_foreach(orders, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) <= 0) {
				e = gx_error_set(err, GX_EINVAL, "orders", "%s", _("orders must be an array of order ids"));
				break;
			}
			ids[n++] = json_integer_value(v);
		}
	}
	struct record r;
	record_init(&r, &entity_invoice, rq->arena);
	if (e == GX_OK)
		e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err);
	json_decref(orders);
	json_decref(body);
	if (e == GX_OK)
		e = app_invoice_create(rq->app, &r, ids, n, rq->arena, err);
	return e == GX_OK ? send_created(rq, rs, &entity_invoice, r.id, "invoices", err) : e;
}

enum gx_err h_invoice_payments(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record inv;
	enum gx_err e = store_record_get(rq->app->store, &entity_invoice, rq->ids[0], rq->arena, &inv, err);
	if (e != GX_OK)
		return e;
	return http_list(rq, rs, &entity_payment,
	                 filter_cond_int(rq->arena, &entity_payment, "invoice_id", FILTER_EQ, rq->ids[0]), err);
}

enum gx_err h_invoice_payment_add(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record inv;
	enum gx_err e = store_record_get(rq->app->store, &entity_invoice, rq->ids[0], rq->arena, &inv, err);
	json_t *body;
	if (e != GX_OK || (e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	struct record p;
	record_init(&p, &entity_payment, rq->arena);
	e = http_record_from_json(rq->app, &p, body, NULL, rq->arena, err);
	json_decref(body);
	int ii = entity_field_index(&entity_payment, "invoice_id");
	if (e == GX_OK && p.set[ii] && p.v[ii].i != rq->ids[0])
		e = gx_error_set(err, GX_EINVAL, "invoice_id", "%s", _("invoice_id differs from the invoice in the path"));
	if (e == GX_OK) {
		record_set_int(&p, "invoice_id", rq->ids[0]);
		e = app_payment_add(rq->app, &p, rq->arena, err);
	}
	return e == GX_OK ? send_created(rq, rs, &entity_payment, p.id, "payments", err) : e;
}

enum gx_err h_payment_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_payment, NULL, err);
}

enum gx_err h_payment_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_get_record(rq, rs, &entity_payment, rq->ids[0], err);
}

enum gx_err h_credit_override_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_credit_override, NULL, err);
}

enum gx_err h_credit_override_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_get_record(rq, rs, &entity_credit_override, rq->ids[0], err);
}

enum gx_err h_credit_override_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct record o;
	record_init(&o, &entity_credit_override, rq->arena);
	e = http_record_from_json(rq->app, &o, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_credit_override_request(rq->app, &o, err);
	return e == GX_OK ? send_created(rq, rs, &entity_credit_override, o.id, "credit/overrides", err) : e;
}

static enum gx_err decide(struct http_req *rq, struct http_resp *rs, int approve, struct gx_error *err)
{
	const char *role = rq->app->actor.role;
	if (strcmp(role, "admin") != 0 && strcmp(role, "manager") != 0)
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s",
		                    _("only admins and managers decide credit overrides"));
	const char *payload = rq->body && rq->body_len ? rq->body : NULL;
	enum gx_err e = approve ? app_credit_override_approve(rq->app, rq->ids[0], payload, err)
	                        : app_credit_override_reject(rq->app, rq->ids[0], payload, err);
	return e == GX_OK ? http_get_record(rq, rs, &entity_credit_override, rq->ids[0], err) : e;
}

enum gx_err h_credit_override_approve(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return decide(rq, rs, 1, err);
}

enum gx_err h_credit_override_reject(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return decide(rq, rs, 0, err);
}
