/* GET /api/v1/customers/{id}/scores: what the customer 360 page shows under "scores" — the
 * stored result of the last `guanxi score` run for the customer (RFM cells and segment, P(alive),
 * expected purchases, CLV, lifecycle stage, ABC class, loyalty type) with display labels in
 * the request's language, and the surveys the customer answered. The customer must be visible
 * to the caller (404 otherwise, as for the record itself). A customer without a run gets
 * "scored": false; the page then says how to compute them. */
#include <math.h>

#include "guanxi/customer.h"
#include "guanxi/customer_view.h"
#include "guanxi/i18n.h"
#include "guanxi/chart_store.h"
#include "guanxi/score.h"
#include "guanxi/score_explain.h"
#include "guanxi/score_store.h"
#include "http/http.h"

enum gx_err h_customer_scores(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

static json_t *num(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *text(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *label(const char *column, const char *key)
{
	return key ? json_string(app_score_label(column, key, gx_i18n_lang())) : json_null();
}

enum gx_err h_customer_scores(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record c;
	enum gx_err e = app_customer_get(rq->app, rq->ids[0], 0, rq->arena, &c, err);
	struct store_score s;
	int found = 0;
	if (e == GX_OK)
		e = store_score_get(rq->app->store, rq->ids[0], rq->arena, &s, &found, err);
	struct store_customer_survey *sv = NULL;
	size_t n = 0;
	if (e == GX_OK)
		e = store_customer_surveys(rq->app->store, rq->ids[0], 20, rq->arena, &sv, &n, err);
	if (e != GX_OK)
		return e;
	json_t *o = json_pack("{s:I, s:b}", "customer_id", (json_int_t)rq->ids[0], "scored", found);
	if (found) {
		json_object_set_new(o, "as_of", text(s.as_of));
		json_object_set_new(o, "purchases", json_integer(s.purchases));
		json_object_set_new(o, "recency_days", s.recency_days < 0 ? json_null() : json_integer(s.recency_days));
		json_object_set_new(o, "monetary_yuan", num(s.monetary_yuan));
		json_object_set_new(o, "rfm_r", s.rfm_r ? json_integer(s.rfm_r) : json_null());
		json_object_set_new(o, "rfm_f", s.rfm_f ? json_integer(s.rfm_f) : json_null());
		json_object_set_new(o, "rfm_m", s.rfm_m ? json_integer(s.rfm_m) : json_null());
		json_object_set_new(o, "rfm_segment", text(s.rfm_segment));
		json_object_set_new(o, "rfm_segment_label", label("rfm_segment", s.rfm_segment));
		json_object_set_new(o, "p_alive", num(s.p_alive));
		json_object_set_new(o, "expected_12m", num(s.expected_12m));
		json_object_set_new(o, "clv_yuan", num(s.clv_yuan));
		json_object_set_new(o, "lifecycle_stage", text(s.lifecycle_stage));
		json_object_set_new(o, "lifecycle_stage_label", label("lifecycle_stage", s.lifecycle_stage));
		/* the thresholds of the run that computed the stage, not today's settings */
		struct chart_score_run run;
		int have_run = 0;
		if ((e = store_chart_score_run(rq->app->store, rq->arena, &run, &have_run, err)) != GX_OK) {
			json_decref(o);
			return e;
		}
		struct gx_lifecycle_params lp;
		app_score_run_lifecycle_params(have_run ? run.params : NULL, &lp);
		json_t *rp = have_run ? json_loads(run.params, 0, NULL) : NULL;
		if (json_is_object(rp))
			json_object_set_new(o, "run_params", rp);
		else
			json_decref(rp);
		char why[GX_LIFECYCLE_EXPLAIN_SIZE];
		json_object_set_new(o, "lifecycle_explain",
		                    text(app_score_lifecycle_explain(s.lifecycle_stage, &lp, gx_i18n_lang(), why, sizeof why)));
		json_object_set_new(o, "abc_class", text(s.abc_class));
		json_object_set_new(o, "loyalty_type", text(s.loyalty_type));
		json_object_set_new(o, "loyalty_type_label", label("loyalty_type", s.loyalty_type));
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:I, s:I, s:s?, s:s?, s:s?, s:s?}", "response_id",
		                                       (json_int_t)sv[i].response_id, "survey_id", (json_int_t)sv[i].survey_id,
		                                       "wave_id", (json_int_t)sv[i].wave_id, "survey_code", sv[i].survey_code,
		                                       "survey_title", sv[i].survey_title, "wave_code", sv[i].wave_code,
		                                       "submitted_at", sv[i].submitted_at));
	json_object_set_new(o, "surveys", items);
	http_resp_json(rs, 200, o);
	return GX_OK;
}
