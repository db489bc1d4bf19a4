/* /api/v1/customers: list, create (duplicate check as the CLI, ?force=true), get with ETag,
 * PATCH as a JSON merge patch guarded by If-Match, delete to the recycle bin, restore, the
 * public-pool actions claim and release, and merge. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/http.h"
#include "http/marketing_http.h"

static int flag(struct http_req *rq, const char *name)
{
	const char *v = http_query(rq, name);
	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
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

/* Sends the customer as stored now (with roles and tags), plus name-match hints if any. */
static enum gx_err send_customer(struct http_req *rq, struct http_resp *rs, int status, int64_t id,
                                 const struct customer_dups *hints, struct gx_error *err)
{
	struct record r;
	enum gx_err e = app_customer_get(rq->app, id, 1, rq->arena, &r, err);
	if (e != GX_OK)
		return e;
	http_send_record(rq, rs, status, &r);
	if (hints && hints->n) {
		/* Similar names never block; the client may show them as a hint. */
		json_t *arr = dups_json(hints);
		char *more = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		json_decref(arr);
		if (more)
			http_resp_add_member(rs, "similar", more);
		free(more);
	}
	return GX_OK;
}

static enum gx_err live_customer(struct http_req *rq, int64_t id, struct record *r, struct gx_error *err)
{
	return app_customer_get(rq->app, id, 0, rq->arena, r, err);
}

enum gx_err h_customer_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_customer, NULL, err);
}

enum gx_err h_customer_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	enum gx_err e = live_customer(rq, rq->ids[0], &r, err);
	if (e == GX_OK) {
		http_send_record(rq, rs, 200, &r);
		mh_add_loyalty(rq, rs, r.id);   /* tier and points balance per club */
	}
	return e;
}

/* A refused duplicate answers 409 with the matching customers in error.duplicates. */
static enum gx_err dup_error(struct http_resp *rs, enum gx_err e, const struct customer_dups *d,
                             const struct gx_error *err)
{
	if (e == GX_ECONFLICT && d->blocking && d->n) {
		http_resp_error(rs, err, json_pack("{s:o}", "duplicates", dups_json(d)));
		return GX_OK;
	}
	return e;
}

enum gx_err h_customer_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct record r;
	record_init(&r, &entity_customer, rq->arena);
	struct customer_dups dups = {0};
	e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_customer_create(rq->app, &r, flag(rq, "force"), rq->arena, &dups, err);
	if (e != GX_OK)
		return dup_error(rs, e, &dups, err);
	http_resp_header(rs, rq->arena, "Location",
	                 gx_arena_printf(rq->arena, "/api/v1/customers/%lld", (long long)r.id));
	return send_customer(rq, rs, 201, r.id, &dups, err);
}

enum gx_err h_customer_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
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
	if ((e = live_customer(rq, rq->ids[0], &cur, err)) != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(&patch, &entity_customer, rq->arena);
	e = http_record_from_json(rq->app, &patch, body, &cur, rq->arena, err);
	json_decref(body);
	struct customer_dups dups = {0};
	patch.id = cur.id;
	if (e == GX_OK)
		e = app_customer_update(rq->app, &patch, version, flag(rq, "force"), rq->arena, &dups, err);
	if (e != GX_OK)
		return dup_error(rs, e, &dups, err);
	return send_customer(rq, rs, 200, cur.id, NULL, err);
}

enum gx_err h_customer_delete(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record cur;
	enum gx_err e = live_customer(rq, rq->ids[0], &cur, err);
	if (e == GX_OK)
		e = app_customer_delete(rq->app, cur.id, err);
	if (e == GX_OK)
		rs->status = 204;
	return e;
}

enum gx_err h_customer_restore(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = app_customer_restore(rq->app, rq->ids[0], err);
	return e == GX_OK ? send_customer(rq, rs, 200, rq->ids[0], NULL, err) : e;
}

enum gx_err http_customer_claim_request(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

enum gx_err h_customer_claim(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	if (flag(rq, "request_approval"))   /* over the limit: an approval request (workflow.c) */
		return http_customer_claim_request(rq, rs, err);
	struct record cur;
	enum gx_err e = live_customer(rq, rq->ids[0], &cur, err);
	if (e == GX_OK)
		e = app_pool_claim(rq->app, cur.id, err);
	return e == GX_OK ? send_customer(rq, rs, 200, cur.id, NULL, err) : e;
}

enum gx_err h_customer_release(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *reason = NULL;
	json_t *body = NULL;
	enum gx_err e;
	if (rq->body && rq->body_len) {
		if ((e = http_body_object(rq, &body, err)) != GX_OK)
			return e;
		json_t *jr = json_object_get(body, "reason");
		if (jr && !json_is_string(jr)) {
			json_decref(body);
			return gx_error_set(err, GX_EINVAL, "reason", "%s", _("reason must be a string"));
		}
		if (jr)
			reason = gx_arena_strdup(rq->arena, json_string_value(jr));
		json_decref(body);
	}
	struct record cur;
	if ((e = live_customer(rq, rq->ids[0], &cur, err)) == GX_OK)
		e = app_pool_release(rq->app, cur.id, reason, err);
	return e == GX_OK ? send_customer(rq, rs, 200, cur.id, NULL, err) : e;
}

enum gx_err h_customer_merge(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *jf = json_object_get(body, "from");
	int64_t from = json_is_integer(jf) ? (int64_t)json_integer_value(jf) : 0;
	json_decref(body);
	if (from <= 0)
		return gx_error_set(err, GX_EINVAL, "from", "%s",
		                    _("from must be the id of the customer to merge into this one"));
	int64_t moved = 0;
	if ((e = app_customer_merge(rq->app, rq->ids[0], from, &moved, err)) != GX_OK)
		return e;
	struct record r;
	if ((e = app_customer_get(rq->app, rq->ids[0], 0, rq->arena, &r, err)) != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "ETag", gx_arena_printf(rq->arena, "\"%lld\"", (long long)r.version));
	http_resp_json(rs, 200, json_pack("{s:o, s:I, s:I}", "customer", http_record_json(&r, NULL, 0),
	                                  "merged_from", (json_int_t)from, "moved", (json_int_t)moved));
	return GX_OK;
}
