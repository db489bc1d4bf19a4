/* GET /api/v1/analytics/satisfaction-loyalty: the Jones & Sasser zones of MODELS.md M11 for the
 * customers who answered a satisfaction survey. Satisfaction is the mean of the satisfaction
 * halves of the customer's latest importance/satisfaction response (the database averages
 * them), rescaled to 1..5; loyalty is 1 + 4 × the M10 nine-factor index, whose percentile
 * ranks are taken over the whole customer base (the model's definition) from the factors the
 * orders give. The browser gets the zone counts and a 0.25-step grid of counts, not the
 * customers. */
#include <math.h>
#include <stdlib.h>

#include "guanxi/analytics/loyalty.h"
#include "guanxi/analyze.h"
#include "guanxi/chart_store.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/settings.h"
#include "http/http.h"

enum gx_err h_analytics_satloy(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

#define STEPS 17   /* 1, 1.25, … 5 */

struct satloy_ctx {
	const struct app_analyze_base *base;
	const double *index;
	struct gx_loyalty_js_params p;
	int64_t zones[GX_LOYALTY_JS_TERRORIST + 1];
	int64_t grid[STEPS][STEPS];
	int64_t no_loyalty;
};

static size_t find(const struct app_analyze_base *b, int64_t id)
{
	size_t lo = 0, hi = b->n_customers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->customers[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->n_customers && b->customers[lo].id == id ? lo : (size_t)-1;
}

static int step(double x)
{
	int i = (int)lround((x - 1.0) * 4.0);
	return i < 0 ? 0 : i >= STEPS ? STEPS - 1 : i;
}

static enum gx_err on_sat(void *vctx, int64_t id, double mean, int lo, int hi, struct gx_error *err)
{
	struct satloy_ctx *c = vctx;
	size_t i = find(c->base, id);
	double sat, loy;
	if (i == (size_t)-1 || isnan(c->index[i])) {   /* no purchases: no behavioural loyalty */
		c->no_loyalty++;
		return GX_OK;
	}
	if (hi <= lo || mean < lo || mean > hi)
		return gx_error_set(err, GX_EINVAL, "satisfaction", _("customer %lld: satisfaction %g outside its scale %d–%d"),
		                    (long long)id, mean, lo, hi);
	enum gx_loyalty_js z;
	enum gx_err e;
	if ((e = gx_loyalty_rescale_1_5(mean, lo, hi, &sat, err)) != GX_OK ||
	    (e = gx_loyalty_from_index(c->index[i], &loy, err)) != GX_OK ||
	    (e = gx_loyalty_js_classify(sat, loy, &c->p, &z, err)) != GX_OK)
		return e;
	c->zones[z]++;
	c->grid[step(sat)][step(loy)]++;
	return GX_OK;
}

enum gx_err h_analytics_satloy(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int32_t as_of;
	const char *q = http_query(rq, "as_of");
	enum gx_err e = GX_OK;
	if (q) {
		e = gx_date_parse(q, &as_of, "as_of", err);
	} else {
		struct gx_tz *tz;
		if ((e = gx_tz_open(rq->app->settings.timezone, &tz, err)) == GX_OK) {
			as_of = gx_instant_local_date(gx_now_ms(), tz);
			gx_tz_free(tz);
		}
	}
	if (e != GX_OK)
		return e;
	struct app_analyze_base base;
	if ((e = app_analyze_load(rq->app, APP_ANALYZE_NO_DAY, as_of, rq->arena, &base, err)) != GX_OK)
		return e;
	double *f = app_analyze_loyalty_factors(&base, rq->arena);
	double *index = gx_arena_calloc(rq->arena, base.n_customers ? base.n_customers : 1, sizeof *index);
	struct gx_loyalty_index_params ip;
	gx_loyalty_index_params_default(&ip);
	if ((e = gx_loyalty_index(f, base.n_customers, &ip, index, NULL, NULL, err)) != GX_OK)
		return e;
	struct satloy_ctx *c = gx_arena_calloc(rq->arena, 1, sizeof *c);
	c->base = &base;
	c->index = index;
	struct app_model_params mp;   /* the company's loyalty_js_* settings */
	if ((e = app_model_params_load(rq->app, &mp, err)) != GX_OK)
		return e;
	c->p = mp.js;
	if ((e = store_chart_customer_satisfaction(rq->app->store, on_sat, c, err)) != GX_OK)
		return e;
	static const char *const keys[] = {NULL, "apostle", "loyalist", "mercenary", "hostage", "defector", "terrorist"};
	json_t *zones = json_array(), *cells = json_array();
	int64_t n = 0;
	for (int z = GX_LOYALTY_JS_APOSTLE; z <= GX_LOYALTY_JS_TERRORIST; z++) {
		n += c->zones[z];
		json_array_append_new(zones, json_pack("{s:s, s:s, s:I}", "zone", keys[z], "label",
		                                       gx_loyalty_js_label((enum gx_loyalty_js)z, gx_i18n_lang()), "customers",
		                                       (json_int_t)c->zones[z]));
	}
	for (int i = 0; i < STEPS; i++)
		for (int j = 0; j < STEPS; j++)
			if (c->grid[i][j])
				json_array_append_new(cells, json_pack("{s:f, s:f, s:I}", "satisfaction", 1.0 + i / 4.0, "loyalty",
				                                       1.0 + j / 4.0, "customers", (json_int_t)c->grid[i][j]));
	char d[GX_DATE_FMT_SIZE];
	http_resp_json(rs, 200, json_pack("{s:s, s:{s:f, s:f, s:f, s:f}, s:I, s:I, s:o, s:o}", "as_of",
	                                  gx_date_format(as_of, d), "params", "midpoint", c->p.midpoint, "apostle",
	                                  c->p.apostle, "terrorist", c->p.terrorist, "grid_step", 0.25, "customers",
	                                  (json_int_t)n, "without_loyalty", (json_int_t)c->no_loyalty, "zones", zones,
	                                  "cells", cells));
	return GX_OK;
}
