/* PATCH /api/v1/leads/{id}, /contracts/{id}, /quotes/{id} and DELETE + restore of
 * /api/v1/opportunities/{id}: the changes of app/sales_edit.c over HTTP. A PATCH needs If-Match
 * with the record's version (its ETag; 428 without, 409 when stale) like every other PATCH of
 * the API; a quote's "lines" and "discount_pct" replace its lines and discount. */
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/sales_http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)

enum gx_err sales_if_match(struct http_req *rq, struct http_resp *rs, int64_t *version, int *answered,
                           struct gx_error *err)
{
	int present = 0;
	*answered = 0;
	enum gx_err e = http_if_match(rq, version, &present, err);
	if (e != GX_OK || present)
		return e;
	gx_error_set(err, GX_EINVAL, "If-Match", "%s",
	             _("If-Match with the record's version (its ETag) is required to change it"));
	http_resp_error(rs, err, NULL);
	rs->status = 428;
	*answered = 1;
	return GX_OK;
}

/* The common part: version, live record, body fields into patch. *body stays for the caller
 * when body is non-NULL (quotes take more members out of it first). */
static enum gx_err begin_patch(struct http_req *rq, struct http_resp *rs, const struct entity_def *def,
                               struct record *patch, int64_t *version, int *answered, json_t **body_out,
                               struct gx_error *err)
{
	enum gx_err e = sales_if_match(rq, rs, version, answered, err);
	if (e != GX_OK || *answered)
		return e;
	struct record cur;
	if ((e = sales_path_live(rq, def, &cur, err)) != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(patch, def, rq->arena);
	patch->id = cur.id;
	if (body_out) {
		*body_out = body;
		return GX_OK;
	}
	e = http_record_from_json(rq->app, patch, body, &cur, rq->arena, err);
	json_decref(body);
	return e;
}

H(h_lead_patch)
{
	struct record patch;
	int64_t version = 0;
	int answered;
	enum gx_err e = begin_patch(rq, rs, &entity_lead, &patch, &version, &answered, NULL, err);
	if (e != GX_OK || answered)
		return e;
	if ((e = app_lead_update(rq->app, &patch, version, rq->arena, err)) != GX_OK)
		return e;
	return sales_send(rq, rs, 200, &entity_lead, patch.id, err);
}

H(h_contract_patch)
{
	struct record patch;
	int64_t version = 0;
	int answered;
	enum gx_err e = begin_patch(rq, rs, &entity_contract, &patch, &version, &answered, NULL, err);
	if (e != GX_OK || answered)
		return e;
	if ((e = app_contract_update(rq->app, &patch, version, rq->arena, err)) != GX_OK)
		return e;
	return sales_send(rq, rs, 200, &entity_contract, patch.id, err);
}

H(h_quote_patch)
{
	struct record patch;
	int64_t version = 0;
	int answered;
	json_t *body = NULL;
	enum gx_err e = begin_patch(rq, rs, &entity_quote, &patch, &version, &answered, &body, err);
	if (e != GX_OK || answered)
		return e;
	int bp = -1;
	struct quote_line_input *lines = NULL;
	size_t n = 0;
	if ((e = sales_quote_body(rq, body, &bp, &lines, &n, err)) == GX_OK &&
	    (e = http_record_from_json(rq->app, &patch, body, NULL, rq->arena, err)) == GX_OK)
		e = app_quote_update(rq->app, &patch, version, bp, lines, n, rq->arena, err);
	json_decref(body);
	return e == GX_OK ? sales_send_quote(rq, rs, 200, patch.id, err) : e;
}

H(h_opportunity_delete)
{
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_opportunity, &cur, err);
	if (e == GX_OK && (e = app_opportunity_delete(rq->app, cur.id, err)) == GX_OK)
		rs->status = 204;
	return e;
}

H(h_opportunity_restore)
{
	enum gx_err e = app_opportunity_restore(rq->app, rq->ids[0], err);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_opportunity, rq->ids[0], err) : e;
}
