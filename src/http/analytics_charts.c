/* GET /api/v1/analytics/...: the aggregates behind the web UI's analytics pages (客户分析), each
 * computed by the database (guanxi/chart_store.h) over the caller's row scope and returned
 * with the model and parameters that produced it, so a page can say what it shows:
 *   scores   groupings of the latest `guanxi score` run (ABC, lifecycle, RFM grid, CLV bins,
 *            P(alive) by recency × frequency) with that run's parameters and fitted estimates;
 *   pareto   the Pareto curve (MODELS.md M17) sampled at 101 points with ABC bands, top-20%
 *            share and Gini, from per-customer sums the database makes;
 *   cohorts  first-purchase-month cohorts and how many of each bought in each later month;
 *   pivot    多维分析: revenue, cost, profit, orders and customers by one or two dimensions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/analytics/pareto.h"
#include "guanxi/chart_store.h"
#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/score.h"
#include "guanxi/score_explain.h"
#include "guanxi/settings.h"
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_analytics_scores); H(h_analytics_pareto); H(h_analytics_cohorts); H(h_analytics_pivot);
#undef H

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

/* as_of from the query, or today in the company's zone. */
static enum gx_err as_of_day(struct http_req *rq, int32_t *day, struct gx_error *err)
{
	const char *q = http_query(rq, "as_of");
	if (q)
		return gx_date_parse(q, day, "as_of", err);
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(rq->app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	*day = gx_instant_local_date(gx_now_ms(), tz);
	gx_tz_free(tz);
	return GX_OK;
}

/* An integer query parameter in [lo, hi], def when absent. */
static enum gx_err int_param(struct http_req *rq, const char *name, long lo, long hi, long def, long *out,
                             struct gx_error *err)
{
	const char *v = http_query(rq, name);
	*out = def;
	if (!v)
		return GX_OK;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi)
		return gx_error_set(err, GX_EINVAL, name, _("%s must be a whole number from %ld to %ld"), name, lo, hi);
	*out = n;
	return GX_OK;
}

/* --- scores --- */

struct groups_ctx {
	json_t *arr;
	enum chart_score_group g;
	const char *column;      /* for app_score_label, or NULL */
	int64_t total;
	const struct gx_lifecycle_params *lifecycle;   /* the run's, for the stage explanations */
};

static enum gx_err on_group(void *vctx, const struct chart_group *g, struct gx_error *err)
{
	(void)err;
	struct groups_ctx *c = vctx;
	json_t *o;
	switch (c->g) {
	case CHART_SCORES_RFM:
		o = json_pack("{s:I, s:I, s:s?, s:s?, s:I, s:o}", "r", (json_int_t)g->a, "fm", (json_int_t)g->b, "segment",
		              g->key, "label", g->key ? app_score_label("rfm_segment", g->key, gx_i18n_lang()) : NULL,
		              "customers", (json_int_t)g->customers, "mean_monetary_yuan", num(g->mean));
		break;
	case CHART_SCORES_CLV: {
		size_t i = (size_t)g->a;
		o = json_pack("{s:I, s:o, s:o, s:I, s:o}", "bin", (json_int_t)g->a, "lo_yuan",
		              num(i < chart_clv_nbins ? chart_clv_edges_yuan[i] : NAN), "hi_yuan",
		              num(i + 1 < chart_clv_nbins ? chart_clv_edges_yuan[i + 1] : NAN), "customers",
		              (json_int_t)g->customers, "mean_yuan", num(g->mean));
		break;
	}
	case CHART_SCORES_PALIVE:
		o = json_pack("{s:I, s:I, s:I, s:o}", "recency_bin", (json_int_t)g->a, "frequency_bin", (json_int_t)g->b,
		              "customers", (json_int_t)g->customers, "mean_p_alive", num(g->mean));
		break;
	default:
		o = json_pack("{s:s?, s:s?, s:I}", "key", g->key, "label",
		              g->key && c->column ? app_score_label(c->column, g->key, gx_i18n_lang()) : g->key,
		              "customers", (json_int_t)g->customers);
		if (c->g == CHART_SCORES_LIFECYCLE && c->lifecycle) {
			char why[GX_LIFECYCLE_EXPLAIN_SIZE];
			const char *x = app_score_lifecycle_explain(g->key, c->lifecycle, gx_i18n_lang(), why, sizeof why);
			if (x)
				json_object_set_new(o, "explain", json_string(x));
		}
	}
	c->total += g->customers;
	json_array_append_new(c->arr, o);
	return GX_OK;
}

static enum gx_err groups(struct http_req *rq, enum chart_score_group g, const char *column, json_t **out,
                          int64_t *total, const struct gx_lifecycle_params *lp, struct gx_error *err)
{
	struct groups_ctx c = {json_array(), g, column, 0, lp};
	enum gx_err e = store_chart_scores(rq->app->store, g, on_group, &c, err);
	if (e != GX_OK) {
		json_decref(c.arr);
		return e;
	}
	*out = c.arr;
	if (total)
		*total = c.total;
	return GX_OK;
}

static json_t *int_array(const int *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

enum gx_err h_analytics_scores(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct chart_score_run run;
	int found;
	enum gx_err e = store_chart_score_run(rq->app->store, rq->arena, &run, &found, err);
	if (e != GX_OK)
		return e;
	json_t *o = json_object();
	if (!found) {
		json_object_set_new(o, "run", json_null());
		http_resp_json(rs, 200, o);
		return GX_OK;
	}
	struct gx_lifecycle_params lp;
	app_score_run_lifecycle_params(run.params, &lp);
	json_t *params = json_loads(run.params, 0, NULL), *fitted = run.fitted ? json_loads(run.fitted, 0, NULL) : NULL;
	json_object_set_new(o, "run", json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)run.id, "as_of", run.as_of,
	                                        "created_at", run.created_at, "params", params ? params : json_null(),
	                                        "fitted", fitted ? fitted : json_null()));
	static const struct {
		const char *name, *column;
		enum chart_score_group g;
	} parts[] = {
		{"abc", NULL, CHART_SCORES_ABC}, {"lifecycle", "lifecycle_stage", CHART_SCORES_LIFECYCLE},
		{"segments", "rfm_segment", CHART_SCORES_SEGMENT}, {"rfm", NULL, CHART_SCORES_RFM},
	};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		json_t *arr;
		int64_t total = 0;
		if ((e = groups(rq, parts[i].g, parts[i].column, &arr, &total, &lp, err)) != GX_OK) {
			json_decref(o);
			return e;
		}
		json_object_set_new(o, parts[i].name, arr);
		if (parts[i].g == CHART_SCORES_ABC)
			json_object_set_new(o, "customers", json_integer(total));
	}
	json_t *clv, *pal, *edges = json_array();
	if ((e = groups(rq, CHART_SCORES_CLV, NULL, &clv, NULL, NULL, err)) != GX_OK ||
	    (e = groups(rq, CHART_SCORES_PALIVE, NULL, &pal, NULL, NULL, err)) != GX_OK) {
		json_decref(edges);
		json_decref(o);
		return e;
	}
	for (size_t i = 0; i < chart_clv_nbins; i++)
		json_array_append_new(edges, json_real(chart_clv_edges_yuan[i]));
	json_object_set_new(o, "clv", json_pack("{s:o, s:o}", "edges_yuan", edges, "bins", clv));
	json_object_set_new(o, "palive", json_pack("{s:o, s:o, s:o}", "recency_edges_days",
	                                           int_array(chart_recency_edges_days, chart_recency_nbins),
	                                           "frequency_edges", int_array(chart_frequency_edges, chart_frequency_nbins),
	                                           "cells", pal));
	http_resp_json(rs, 200, o);
	return GX_OK;
}

/* --- pareto --- */

struct values_ctx {
	int64_t *ids, *values;
	size_t n, cap;
	int profit;
};

static enum gx_err on_value(void *vctx, int64_t id, int64_t revenue, int64_t cost, struct gx_error *err)
{
	(void)err;
	struct values_ctx *c = vctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->ids = gx_xrealloc(c->ids, c->cap * sizeof *c->ids);
		c->values = gx_xrealloc(c->values, c->cap * sizeof *c->values);
	}
	int64_t v = c->profit ? revenue - cost : revenue;
	c->ids[c->n] = id;
	c->values[c->n++] = !c->profit && v < 0 ? 0 : v;   /* a net refund beyond the sales: no revenue */
	return GX_OK;
}

enum gx_err h_analytics_pareto(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int32_t as_of;
	enum gx_err e = as_of_day(rq, &as_of, err);
	if (e != GX_OK)
		return e;
	/* the company's settings (abc_window_months, abc_a_pct, abc_b_pct, pareto_top_pct);
	 * measure and window from the query override */
	struct app_model_params mp;
	if ((e = app_model_params_load(rq->app, &mp, err)) != GX_OK)
		return e;
	struct gx_pareto_params p = mp.pareto;
	const char *m = http_query(rq, "measure"), *w = http_query(rq, "window");
	if (m && strcmp(m, "revenue") != 0 && strcmp(m, "profit") != 0)
		return gx_error_set(err, GX_EINVAL, "measure", "%s", _("measure is revenue or profit"));
	p.measure = m && strcmp(m, "profit") == 0 ? GX_PARETO_MEASURE_PROFIT : GX_PARETO_MEASURE_REVENUE;
	long months = p.window_months;
	if (w && strcmp(w, "all") == 0)
		p.window = GX_PARETO_WINDOW_ALL_TIME;
	else if ((e = int_param(rq, "window", 1, 120, p.window_months, &months, err)) != GX_OK)
		return gx_error_set(err, GX_EINVAL, "window", "%s", _("window is a number of months from 1 to 120, or all"));
	p.window_months = (int)months;
	char d_as_of[GX_DATE_FMT_SIZE], d_from[GX_DATE_FMT_SIZE];
	gx_date_format(as_of, d_as_of);
	const char *from = NULL;
	if (p.window == GX_PARETO_WINDOW_TRAILING)
		from = gx_date_format(gx_date_add_months(as_of, -p.window_months), d_from);
	struct values_ctx c = {.profit = p.measure == GX_PARETO_MEASURE_PROFIT};
	e = store_chart_customer_values(rq->app->store, from, d_as_of, on_value, &c, err);
	struct gx_pareto_customer *out = NULL;
	size_t *order = NULL;
	struct gx_pareto_summary sum;
	if (e == GX_OK) {
		out = gx_xmalloc((c.n ? c.n : 1) * sizeof *out);
		order = gx_xmalloc((c.n ? c.n : 1) * sizeof *order);
		e = gx_pareto_analyze(c.ids, c.values, c.n, NULL, &p, out, order, &sum, err);
	}
	if (e == GX_OK) {
		json_t *curve = json_array(), *classes = json_array();
		/* 101 points: the share of value held by the top j% of customers */
		for (int j = 0; j <= 100 && c.n; j++) {
			size_t k = (size_t)llround((double)j * (double)c.n / 100.0);
			double v = k == 0 ? 0.0 : out[order[k - 1]].cum_share;
			json_array_append_new(curve, json_pack("{s:f, s:o}", "customers_share", j / 100.0, "value_share", num(v)));
		}
		static const char *const cls[] = {"A", "B", "C"};
		for (int i = 0; i < 3; i++)
			json_array_append_new(classes, json_pack("{s:s, s:I, s:I, s:o}", "class", cls[i], "customers",
			                                         (json_int_t)sum.class_count[i], "value_fen",
			                                         (json_int_t)sum.class_fen[i], "customers_share",
			                                         num(c.n ? (double)sum.class_count[i] / (double)c.n : NAN)));
		json_t *o = json_pack("{s:s, s:s?, s:{s:s, s:s, s:i, s:f, s:f, s:f}, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
		                      "as_of", d_as_of, "from", from, "params", "measure",
		                      c.profit ? "profit" : "revenue", "window",
		                      p.window == GX_PARETO_WINDOW_ALL_TIME ? "all" : "trailing", "window_months",
		                      p.window_months, "a_share", p.a_share, "b_share", p.b_share, "top_share", p.top_share,
		                      "customers", (json_int_t)sum.n, "total_fen", (json_int_t)sum.total_fen, "top_count",
		                      (json_int_t)sum.top_count, "top_fen", (json_int_t)sum.top_fen, "top_share",
		                      num(sum.top_share), "gini", num(sum.gini), "classes", classes, "curve", curve);
		http_resp_json(rs, 200, o);
	}
	free(out);
	free(order);
	free(c.ids);
	free(c.values);
	return e;
}

/* --- cohorts --- */

struct cohort_ctx {
	json_t *cohorts;
	json_t *cur;             /* the cohort being filled */
	char cur_month[8];
	int from_ym;             /* year·12 + month − 1 of the first cohort */
	int months;
	int as_of_ym;
};

static int ym(const char *s)
{
	int y = 0, m = 0;
	if (!s || sscanf(s, "%4d-%2d", &y, &m) != 2)
		return -1;
	return y * 12 + m - 1;
}

static enum gx_err on_cohort(void *vctx, const char *cohort, const char *month, int64_t customers, struct gx_error *err)
{
	(void)err;
	struct cohort_ctx *c = vctx;
	if (!c->cur || strcmp(c->cur_month, cohort) != 0) {
		snprintf(c->cur_month, sizeof c->cur_month, "%s", cohort);
		int width = c->as_of_ym - ym(cohort) + 1;
		json_t *active = json_array();
		for (int i = 0; i < width; i++)
			json_array_append_new(active, json_integer(0));
		c->cur = json_pack("{s:s, s:I, s:o}", "cohort", cohort, "size", (json_int_t)0, "active", active);
		json_array_append_new(c->cohorts, c->cur);
	}
	int off = ym(month) - ym(cohort);
	json_t *active = json_object_get(c->cur, "active");
	if (off >= 0 && (size_t)off < json_array_size(active))
		json_array_set_new(active, (size_t)off, json_integer(customers));
	if (off == 0)
		json_object_set_new(c->cur, "size", json_integer(customers));
	return GX_OK;
}

enum gx_err h_analytics_cohorts(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int32_t as_of;
	long months;
	enum gx_err e = as_of_day(rq, &as_of, err);
	if (e == GX_OK)
		e = int_param(rq, "months", 1, 60, 12, &months, err);
	if (e != GX_OK)
		return e;
	int32_t first = gx_date_add_months(gx_date_period_start(as_of, GX_PERIOD_MONTH), -(int)(months - 1));
	char d_as_of[GX_DATE_FMT_SIZE], d_from[GX_DATE_FMT_SIZE];
	gx_date_format(as_of, d_as_of);
	gx_date_format(first, d_from);
	struct cohort_ctx c = {.cohorts = json_array(), .months = (int)months, .as_of_ym = ym(d_as_of)};
	if (as_of == gx_date_period_start(as_of, GX_PERIOD_MONTH))   /* as_of itself is not counted */
		c.as_of_ym--;
	e = store_chart_cohorts(rq->app->store, d_from, d_as_of, on_cohort, &c, err);
	if (e != GX_OK) {
		json_decref(c.cohorts);
		return e;
	}
	http_resp_json(rs, 200, json_pack("{s:s, s:s, s:I, s:o}", "as_of", d_as_of, "from", d_from, "months",
	                                  (json_int_t)months, "cohorts", c.cohorts));
	return GX_OK;
}

/* --- pivot --- */

struct pivot_ctx {
	json_t *cells;
	int ndims;
};

static enum gx_err on_cell(void *vctx, const struct chart_pivot_cell *cell, struct gx_error *err)
{
	(void)err;
	struct pivot_ctx *c = vctx;
	json_t *keys = json_array(), *labels = json_array();
	for (int i = 0; i < c->ndims; i++) {
		json_array_append_new(keys, cell->key[i] ? json_string(cell->key[i]) : json_null());
		json_array_append_new(labels, cell->label[i] ? json_string(cell->label[i]) : json_null());
	}
	json_array_append_new(c->cells, json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:I}", "keys", keys, "labels", labels,
	                                          "revenue_fen", (json_int_t)cell->revenue_fen, "cost_fen",
	                                          (json_int_t)cell->cost_fen, "profit_fen",
	                                          (json_int_t)(cell->revenue_fen - cell->cost_fen), "orders",
	                                          (json_int_t)cell->orders, "customers", (json_int_t)cell->customers));
	return GX_OK;
}

enum gx_err h_analytics_pivot(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct chart_pivot_query q = {0};
	const char *by = http_query(rq, "by");
	if (!by || !*by)
		by = "month";
	char buf[64];
	snprintf(buf, sizeof buf, "%s", by);
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int d = chart_dim_parse(tok);
		if (d < 0 || q.ndims == 2 || (q.ndims == 1 && (int)q.dims[0] == d))
			return gx_error_set(err, GX_EINVAL, "by", "%s",
			                    _("by is one or two different dimensions of customer, product, category, owner, "
			                      "department, region, month, year"));
		q.dims[q.ndims++] = (enum chart_dim)d;
	}
	if (q.ndims == 0)
		return gx_error_set(err, GX_EINVAL, "by", "%s", _("by names no dimension"));
	int32_t day;
	enum gx_err e = GX_OK;
	q.from = http_query(rq, "from");
	q.to = http_query(rq, "to");
	if ((q.from && (e = gx_date_parse(q.from, &day, "from", err)) != GX_OK) ||
	    (q.to && (e = gx_date_parse(q.to, &day, "to", err)) != GX_OK))
		return e;
	for (int d = 0; d < CHART_NDIMS; d++)
		q.filter[d] = http_query(rq, chart_dim_name((enum chart_dim)d));
	long limit;
	if ((e = int_param(rq, "limit", 1, 1000, 100, &limit, err)) != GX_OK)
		return e;
	q.limit = (size_t)limit;
	struct pivot_ctx c = {json_array(), q.ndims};
	int64_t groups = 0;
	if ((e = store_chart_pivot(rq->app->store, &q, on_cell, &c, &groups, err)) != GX_OK) {
		json_decref(c.cells);
		return e;
	}
	json_t *dims = json_array(), *filters = json_object();
	for (int i = 0; i < q.ndims; i++)
		json_array_append_new(dims, json_string(chart_dim_name(q.dims[i])));
	for (int d = 0; d < CHART_NDIMS; d++)
		if (q.filter[d])
			json_object_set_new(filters, chart_dim_name((enum chart_dim)d), json_string(q.filter[d]));
	http_resp_json(rs, 200, json_pack("{s:o, s:s?, s:s?, s:o, s:I, s:b, s:o}", "by", dims, "from", q.from, "to", q.to,
	                                  "filters", filters, "groups", (json_int_t)groups, "truncated",
	                                  groups > (int64_t)json_array_size(c.cells), "cells", c.cells));
	return GX_OK;
}
