/* /api/v1/pipelines and /api/v1/opportunities: pipelines with their stages and kanban board;
 * opportunities (create with an optional "stage", PATCH as a JSON merge patch guarded by
 * If-Match, stage moves with the reason, stage history). */
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/sales_http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)

H(h_pipeline_list)
{
	return http_list(rq, rs, &entity_pipeline, NULL, err);
}

static json_t *stages_json(const struct sales_stage *st, size_t n, const int64_t *counts, const int64_t *amounts)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:I, s:i, s:s, s:i, s:s}", "id", (json_int_t)st[i].id, "position", st[i].position,
		                      "name", st[i].name, "probability", st[i].probability, "kind", st[i].kind);
		if (counts) {
			json_object_set_new(o, "opportunities", json_integer(counts[i]));
			json_object_set_new(o, "amount_fen", json_integer(amounts[i]));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static enum gx_err send_pipeline(struct http_req *rq, struct http_resp *rs, int status, int64_t id, int board,
                                 struct gx_error *err)
{
	struct record p;
	struct sales_stage *st;
	int64_t *counts = NULL, *amounts = NULL;
	size_t n;
	enum gx_err e = store_record_get(rq->app->store, &entity_pipeline, id, rq->arena, &p, err);
	if (e == GX_OK)
		e = board ? app_pipeline_board(rq->app, id, rq->arena, &st, &counts, &amounts, &n, err)
		          : app_pipeline_stages(rq->app, id, rq->arena, &st, &n, err);
	if (e != GX_OK)
		return e;
	json_t *o = http_record_json(&p, NULL, 0);
	json_object_set_new(o, "stages", stages_json(st, n, counts, amounts));
	http_resp_header(rs, rq->arena, "ETag", gx_arena_printf(rq->arena, "\"%lld\"", (long long)p.version));
	http_resp_json(rs, status, o);
	return GX_OK;
}

H(h_pipeline_create)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *code = NULL, *name = NULL;
	int is_default = 0;
	json_t *stages = json_object_get(body, "stages");
	struct sales_stage_input *in = NULL;
	size_t n = 0;
	if ((e = sales_take_string(rq, body, "code", &code, err)) || (e = sales_take_string(rq, body, "name", &name, err)) ||
	    (e = sales_take_bool(body, "is_default", &is_default, err)))
		goto out;
	if (!json_is_array(stages) || json_array_size(stages) > 50) {
		e = gx_error_set(err, GX_EINVAL, "stages", "%s",
		                 _("stages must be an array (at most 50) of {name, probability, kind}"));
		goto out;
	}
	n = json_array_size(stages);
	in = gx_arena_calloc(rq->arena, n + 1, sizeof *in);
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(stages, i), *jn = json_object_get(s, "name"), *jp = json_object_get(s, "probability"),
		       *jk = json_object_get(s, "kind");
		if (!json_is_object(s) || !json_is_string(jn) || !json_is_integer(jp) || (jk && !json_is_string(jk))) {
			e = gx_error_set(err, GX_EINVAL, "stages", _("stage %zu must be {\"name\": text, \"probability\": 0..100, \"kind\": open|won|lost}"),
			                 i + 1);
			goto out;
		}
		json_int_t p = json_integer_value(jp);
		in[i] = (struct sales_stage_input){gx_arena_strdup(rq->arena, json_string_value(jn)),
		                                   p < -1 ? -1 : p > 1000 ? 1000 : (int)p,
		                                   jk ? gx_arena_strdup(rq->arena, json_string_value(jk)) : "open"};
	}
	json_object_del(body, "stages");
	if (json_object_size(body)) {
		const char *k = json_object_iter_key(json_object_iter(body));
		e = gx_error_set(err, GX_EINVAL, k, _("unknown field %s"), k);
		goto out;
	}
	int64_t id;
	if ((e = app_pipeline_create(rq->app, code, name, is_default, in, n, &id, err)) == GX_OK) {
		http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/pipelines/%lld", (long long)id));
		e = send_pipeline(rq, rs, 201, id, 0, err);
	}
out:
	json_decref(body);
	return e;
}

H(h_pipeline_get)
{
	return send_pipeline(rq, rs, 200, rq->ids[0], 0, err);
}

H(h_pipeline_board)
{
	return send_pipeline(rq, rs, 200, rq->ids[0], 1, err);
}

H(h_opportunity_list)
{
	return http_list(rq, rs, &entity_opportunity, NULL, err);
}

H(h_opportunity_create)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *stage = NULL;
	struct record r;
	record_init(&r, &entity_opportunity, rq->arena);
	if ((e = sales_take_string(rq, body, "stage", &stage, err)) == GX_OK &&
	    (e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err)) == GX_OK)
		e = app_opportunity_create(rq->app, &r, stage, rq->arena, err);
	json_decref(body);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/opportunities/%lld", (long long)r.id));
	return sales_send(rq, rs, 201, &entity_opportunity, r.id, err);
}

H(h_opportunity_get)
{
	return http_get_record(rq, rs, &entity_opportunity, rq->ids[0], err);
}

H(h_opportunity_patch)
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
	if ((e = sales_path_live(rq, &entity_opportunity, &cur, err)) != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(&patch, &entity_opportunity, rq->arena);
	patch.id = cur.id;
	e = http_record_from_json(rq->app, &patch, body, &cur, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_opportunity_update(rq->app, &patch, version, rq->arena, err);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_opportunity, cur.id, err) : e;
}

H(h_opportunity_move)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *stage = NULL, *reason = NULL;
	struct record cur;
	if ((e = sales_take_string(rq, body, "stage", &stage, err)) == GX_OK &&
	    (e = sales_take_string(rq, body, "reason", &reason, err)) == GX_OK &&
	    (e = sales_path_live(rq, &entity_opportunity, &cur, err)) == GX_OK)
		e = app_opportunity_move(rq->app, cur.id, stage, reason, err);
	json_decref(body);
	return e == GX_OK ? sales_send(rq, rs, 200, &entity_opportunity, rq->ids[0], err) : e;
}

H(h_opportunity_history)
{
	struct record cur;
	enum gx_err e = sales_path_live(rq, &entity_opportunity, &cur, err);
	if (e != GX_OK)
		return e;
	return http_list(rq, rs, &entity_stage_history,
	                 filter_cond_int(rq->arena, &entity_stage_history, "opportunity_id", FILTER_EQ, cur.id), err);
}
