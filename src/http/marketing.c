/* /api/v1/segments and /api/v1/campaigns: saved customer filters with their live count and
 * member list, and campaigns with launch, responses, conversions, members and figures. Every
 * rule is in app/segment.c and app/campaign.c; these are adapters. */
#include <math.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/marketing.h"
#include "guanxi/record_store.h"
#include "http/marketing_http.h"

enum gx_err mh_int(json_t *obj, const char *key, int required, int64_t *out, int *present,
                   struct gx_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (present)
		*present = 0;
	if (!v || json_is_null(v))
		return required ? gx_error_set(err, GX_EINVAL, key, _("%s is required"), key) : GX_OK;
	if (!json_is_integer(v))
		return gx_error_set(err, GX_EINVAL, key, _("%s must be a whole number"), key);
	*out = json_integer_value(v);
	if (present)
		*present = 1;
	return GX_OK;
}

enum gx_err mh_str(json_t *obj, const char *key, int required, const char **out, struct gx_error *err)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? gx_error_set(err, GX_EINVAL, key, _("%s is required"), key) : GX_OK;
	if (!json_is_string(v))
		return gx_error_set(err, GX_EINVAL, key, _("%s must be a string"), key);
	*out = json_string_value(v);
	return GX_OK;
}

void mh_send_record(struct http_req *rq, struct http_resp *rs, int status, const struct record *r,
                    json_t *extra)
{
	json_t *o = http_record_json(r, NULL, 0);
	if (extra) {
		json_object_update(o, extra);
		json_decref(extra);
	}
	if (r->def->has_version)
		http_resp_header(rs, rq->arena, "ETag", gx_arena_printf(rq->arena, "\"%lld\"", (long long)r->version));
	http_resp_json(rs, status, o);
}

static json_t *real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* Creates a record of def from the body with create(). */
static enum gx_err create_from_body(struct http_req *rq, const struct entity_def *def, struct record *r,
                                    enum gx_err (*create)(struct app *, struct record *, struct gx_arena *,
                                                          struct gx_error *),
                                    struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	record_init(r, def, rq->arena);
	e = http_record_from_json(rq->app, r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = create(rq->app, r, rq->arena, err);
	return e;
}

/* --- segments --- */

enum gx_err h_segment_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_segment, NULL, err);
}

static enum gx_err send_segment(struct http_req *rq, struct http_resp *rs, int status, int64_t id,
                                struct gx_error *err)
{
	struct record r;
	int64_t n;
	enum gx_err e = app_segment_load(rq->app, id, rq->arena, &r, NULL, err);
	if (e == GX_OK)
		e = app_segment_count(rq->app, id, &n, err);
	if (e == GX_OK)
		mh_send_record(rq, rs, status, &r, json_pack("{s:I}", "count", (json_int_t)n));
	return e;
}

enum gx_err h_segment_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	enum gx_err e = create_from_body(rq, &entity_segment, &r, app_segment_create, err);
	return e == GX_OK ? send_segment(rq, rs, 201, r.id, err) : e;
}

enum gx_err h_segment_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return send_segment(rq, rs, 200, rq->ids[0], err);
}

enum gx_err h_segment_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t version = 0;
	int present = 0;
	enum gx_err e = http_if_match(rq, &version, &present, err);
	if (e != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	struct record patch;
	record_init(&patch, &entity_segment, rq->arena);
	e = http_record_from_json(rq->app, &patch, body, NULL, rq->arena, err);
	json_decref(body);
	patch.id = rq->ids[0];
	if (e == GX_OK)
		e = app_segment_update(rq->app, &patch, present ? version : 0, rq->arena, err);
	return e == GX_OK ? send_segment(rq, rs, 200, rq->ids[0], err) : e;
}

enum gx_err h_segment_delete(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = app_segment_delete(rq->app, rq->ids[0], err);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)rq->ids[0], "deleted", 1));
	return e;
}

enum gx_err h_segment_customers(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	struct filter_node *f;
	enum gx_err e = app_segment_load(rq->app, rq->ids[0], rq->arena, &r, &f, err);
	return e == GX_OK ? http_list(rq, rs, &entity_customer, f, err) : e;
}

/* GET ?filter=… → {"count": n}: the live count while a filter is being written. */
enum gx_err h_segment_count(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *text = http_query(rq, "filter");
	int64_t n = 0;
	if (!text)
		return gx_error_set(err, GX_EINVAL, "filter", "%s", _("filter is required"));
	enum gx_err e = app_segment_count_text(rq->app, text, &n, err);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I}", "count", (json_int_t)n));
	return e;
}

/* --- campaigns --- */

enum gx_err h_campaign_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_campaign, NULL, err);
}

static json_t *stats_json(const struct campaign_stats *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}",
	                 "budget_fen", (json_int_t)s->budget_fen, "actual_cost_fen", (json_int_t)s->actual_cost_fen,
	                 "members", (json_int_t)s->members, "responses", (json_int_t)s->responses,
	                 "conversions", (json_int_t)s->conversions,
	                 "converted_customers", (json_int_t)s->converted_customers,
	                 "revenue_fen", (json_int_t)s->revenue_fen, "margin_fen", (json_int_t)s->margin_fen,
	                 "response_rate", real_or_null(s->response_rate),
	                 "conversion_rate", real_or_null(s->conversion_rate),
	                 "cost_per_response_yuan", real_or_null(s->cost_per_response_yuan),
	                 "roi", real_or_null(s->roi), "revenue_roi", real_or_null(s->revenue_roi));
}

static enum gx_err send_campaign(struct http_req *rq, struct http_resp *rs, int status, int64_t id,
                                 json_t *extra, struct gx_error *err)
{
	struct record r;
	struct campaign_stats s;
	enum gx_err e = app_marketing_load(rq->app, &entity_campaign, id, rq->arena, &r, err);
	if (e == GX_OK)
		e = app_campaign_stats(rq->app, id, &s, err);
	if (e != GX_OK) {
		json_decref(extra);
		return e;
	}
	if (!extra)
		extra = json_object();
	json_object_set_new(extra, "stats", stats_json(&s));
	mh_send_record(rq, rs, status, &r, extra);
	return GX_OK;
}

enum gx_err h_campaign_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	enum gx_err e = create_from_body(rq, &entity_campaign, &r, app_campaign_create, err);
	return e == GX_OK ? send_campaign(rq, rs, 201, r.id, NULL, err) : e;
}

enum gx_err h_campaign_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return send_campaign(rq, rs, 200, rq->ids[0], NULL, err);
}

enum gx_err h_campaign_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t version = 0;
	int present = 0;
	enum gx_err e = http_if_match(rq, &version, &present, err);
	if (e != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	struct record patch;
	record_init(&patch, &entity_campaign, rq->arena);
	e = http_record_from_json(rq->app, &patch, body, NULL, rq->arena, err);
	json_decref(body);
	patch.id = rq->ids[0];
	if (e == GX_OK)
		e = app_campaign_update(rq->app, &patch, present ? version : 0, rq->arena, err);
	return e == GX_OK ? send_campaign(rq, rs, 200, rq->ids[0], NULL, err) : e;
}

enum gx_err h_campaign_launch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t n;
	enum gx_err e = app_campaign_launch(rq->app, rq->ids[0], &n, err);
	return e == GX_OK ? send_campaign(rq, rs, 200, rq->ids[0], NULL, err) : e;
}

enum gx_err h_campaign_close(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = app_campaign_close(rq->app, rq->ids[0], err);
	return e == GX_OK ? send_campaign(rq, rs, 200, rq->ids[0], NULL, err) : e;
}

/* POST {"customer_id": 5, "channel": "phone", "note": "…"} */
enum gx_err h_campaign_respond(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t customer = 0;
	const char *channel = NULL, *note = NULL;
	if ((e = mh_int(body, "customer_id", 1, &customer, NULL, err)) == GX_OK &&
	    (e = mh_str(body, "channel", 0, &channel, err)) == GX_OK && (e = mh_str(body, "note", 0, &note, err)) == GX_OK)
		e = app_campaign_respond(rq->app, rq->ids[0], customer, channel, note, err);
	json_decref(body);
	return e == GX_OK ? send_campaign(rq, rs, 200, rq->ids[0], NULL, err) : e;
}

/* POST {"order_id": 12} */
enum gx_err h_campaign_convert(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t order = 0;
	if ((e = mh_int(body, "order_id", 1, &order, NULL, err)) == GX_OK)
		e = app_campaign_convert(rq->app, rq->ids[0], order, err);
	json_decref(body);
	return e == GX_OK ? send_campaign(rq, rs, 200, rq->ids[0], NULL, err) : e;
}

enum gx_err h_campaign_members(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct filter_node *f;
	enum gx_err e = app_campaign_members_filter(rq->app, rq->ids[0], rq->arena, &f, err);
	return e == GX_OK ? http_list(rq, rs, &entity_customer, f, err) : e;
}
