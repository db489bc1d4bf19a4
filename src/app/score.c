/* The scoring job (see guanxi/score.h). The base is read once (app/analyze.c), reduced to
 * purchase summaries with the streaming summariser, and every model runs over arrays; the
 * database sees one DELETE and multi-row INSERTs inside one transaction, so a reader never
 * sees a half-replaced table. A model that cannot be fitted (a tiny or brand-new base) leaves
 * its scores NULL rather than failing the run: RFM, lifecycle and ABC still hold. */
#include "guanxi/score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "guanxi/analytics/daynum.h"
#include "guanxi/analytics/lifecycle.h"
#include "guanxi/analytics/loyalty.h"
#include "guanxi/analytics/pareto.h"
#include "guanxi/analytics/rfm.h"
#include "guanxi/analytics/txsummary.h"
#include "guanxi/analyze.h"
#include "guanxi/audit_store.h"
#include "guanxi/datetime.h"
#include "guanxi/score_store.h"
#include "guanxi/settings.h"

static const char *const stage_keys[GX_LIFECYCLE_STAGES] = {"prospect", "development", "growth",
                                                            "maturity", "decline", "termination"};
static const char *const loyalty_keys[] = {"none", "true", "price", "incentive", "monopoly", "inertia", "latent"};
static const char *const abc_keys[] = {"A", "B", "C"};

void app_score_options_default(struct app_score_options *o, int32_t as_of)
{
	o->as_of = as_of;
	o->horizon_months = 12;
	o->monthly_discount = 0.01;
	o->margin = 1;
	o->model = NULL;
}

enum gx_err app_score_options_load(struct app *app, struct app_score_options *o, struct app_model_params *m,
                                   int32_t as_of, struct gx_error *err)
{
	app_score_options_default(o, as_of);
	enum gx_err e = app_model_params_load(app, m, err);
	if (e != GX_OK)
		return e;
	o->horizon_months = m->score_horizon_months;
	o->monthly_discount = m->score_monthly_discount;
	o->margin = m->score_margin;
	o->model = m;
	return GX_OK;
}

const char *app_score_label(const char *column, const char *key, enum gx_lang lang)
{
	if (!key)
		return "";
	if (strcmp(column, "rfm_segment") == 0) {
		for (int s = 0; s < RFM_SEGMENT_COUNT; s++)
			if (strcmp(rfm_segment_key((enum rfm_segment)s), key) == 0)
				return rfm_segment_name((enum rfm_segment)s, lang);
	} else if (strcmp(column, "lifecycle_stage") == 0) {
		for (int s = 0; s < GX_LIFECYCLE_STAGES; s++)
			if (strcmp(stage_keys[s], key) == 0)
				return gx_lifecycle_stage_label((enum gx_lifecycle_stage)s, lang);
	} else if (strcmp(column, "loyalty_type") == 0) {
		for (size_t t = 0; t < sizeof loyalty_keys / sizeof *loyalty_keys; t++)
			if (strcmp(loyalty_keys[t], key) == 0)
				return gx_loyalty_type_label((enum gx_loyalty_type)t, lang);
	}
	return key;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Purchase summaries (weeks) of the base's customers, indexed like b->customers: sum[i] is
 * valid when has[i]. */
static enum gx_err summarise(const struct app_analyze_base *b, struct txs_customer *sum, bool *has,
                             struct gx_error *err)
{
	struct txs_options o = {b->as_of - 1, b->as_of - 1, TXS_UNIT_WEEKS, 0};
	struct txs_builder *tb = NULL;
	if (txs_builder_init(&tb, &o, err) != GX_OK)
		return err->code;
	enum gx_err e = GX_OK;
	for (size_t k = 0; k < b->n_orders && e == GX_OK; k++)
		if (b->orders[k].net_fen > 0)
			e = txs_builder_add(tb, (int64_t)b->orders[k].customer, b->orders[k].day, b->orders[k].net_fen, err);
	struct txs_customer *c = NULL;
	size_t n = 0;
	if (e == GX_OK)
		e = txs_builder_finish(tb, &c, &n, NULL, err);
	txs_builder_free(tb);
	for (size_t k = 0; k < n; k++) {
		sum[c[k].customer_id] = c[k];
		has[c[k].customer_id] = true;
	}
	free(c);
	return e;
}

/* BG/NBD, Gamma-Gamma and what follows from them; fills p_alive, expected and clv (NaN when a
 * fit is impossible). */
static void btyd_scores(const struct txs_customer *sum, const bool *has, size_t n, const struct app_score_options *o,
                        struct gx_arena *a, struct app_score_result *res, double *p_alive, double *expected,
                        double *clv)
{
	struct btyd_obs *obs = gx_arena_calloc(a, n + 1, sizeof *obs);
	struct gammagamma_obs *gobs = gx_arena_calloc(a, n + 1, sizeof *gobs);
	size_t m = 0, g = 0;
	for (size_t i = 0; i < n; i++) {
		p_alive[i] = expected[i] = clv[i] = NAN;
		if (!has[i])
			continue;
		obs[m++] = (struct btyd_obs){(double)sum[i].x, sum[i].t_x, sum[i].T, 1};
		if (sum[i].x >= 1 && sum[i].mean_repeat_yuan > 0)
			gobs[g++] = (struct gammagamma_obs){(double)sum[i].x, sum[i].mean_repeat_yuan, 1};
	}
	m = btyd_obs_compress(obs, m);
	struct gx_error ferr;
	gx_error_clear(&ferr);
	res->bgnbd_fitted = m > 0 && bgnbd_fit(obs, m, &res->bgnbd, &ferr) == GX_OK;
	if (!res->bgnbd_fitted)
		return;
	gx_error_clear(&ferr);
	res->gammagamma_fitted = g > 0 && gammagamma_fit(gobs, g, &res->gammagamma, &ferr) == GX_OK;
	struct btyd_model_params mp = {.model = BTYD_BGNBD, .bgnbd = res->bgnbd.p};
	struct btyd_clv_options co;
	btyd_clv_options_default(&co);
	co.horizon_months = o->horizon_months;
	co.monthly_discount = o->monthly_discount;
	co.margin = o->margin;
	/* the customers with a history, packed, for the batch CLV (once per distinct (x, T)) */
	size_t k = 0;
	struct btyd_obs *hist = gx_xmalloc((n + 1) * sizeof *hist);
	double *spend = gx_xmalloc((n + 1) * sizeof *spend), *cv = gx_xmalloc((n + 1) * sizeof *cv);
	double *ex = gx_xmalloc((n + 1) * sizeof *ex);
	for (size_t i = 0; i < n; i++) {
		if (!has[i])
			continue;
		double x = (double)sum[i].x;
		p_alive[i] = bgnbd_p_alive(&res->bgnbd.p, x, sum[i].t_x, sum[i].T);
		hist[k] = (struct btyd_obs){x, sum[i].t_x, sum[i].T, 1};
		spend[k++] = res->gammagamma_fitted
			? gammagamma_conditional_spend(&res->gammagamma.p, x, sum[i].mean_repeat_yuan) : 0.0;
	}
	int ok = btyd_clv_batch(&mp, hist, spend, k, &co, cv, ex, &ferr) == GX_OK;
	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!has[i])
			continue;
		expected[i] = ok ? ex[k] : NAN;
		if (res->gammagamma_fitted)
			clv[i] = ok ? cv[k] : NAN;
		k++;
	}
	free(hist);
	free(spend);
	free(cv);
	free(ex);
}

static char *fitted_json(struct gx_arena *a, const struct app_score_result *r)
{
	char bg[256] = "null", gg[256] = "null";
	if (r->bgnbd_fitted)
		snprintf(bg, sizeof bg, "{\"r\":%.6g,\"alpha\":%.6g,\"a\":%.6g,\"b\":%.6g,\"loglik\":%.6f,\"unit\":\"weeks\"}",
		         r->bgnbd.p.r, r->bgnbd.p.alpha, r->bgnbd.p.a, r->bgnbd.p.b, r->bgnbd.info.loglik);
	if (r->gammagamma_fitted)
		snprintf(gg, sizeof gg, "{\"p\":%.6g,\"q\":%.6g,\"gamma\":%.6g,\"loglik\":%.6f}", r->gammagamma.p.p,
		         r->gammagamma.p.q, r->gammagamma.p.gamma, r->gammagamma.info.loglik);
	return gx_arena_printf(a, "{\"bgnbd\":%s,\"gammagamma\":%s}", bg, gg);
}

/* The scores of every customer, models run; rows[i] for b->customers[i]. */
static enum gx_err compute(const struct app_analyze_base *b, const struct app_score_options *o,
                           const struct app_model_params *mp, struct gx_arena *a, struct app_score_result *res,
                           struct store_score *rows, struct gx_error *err)
{
	size_t n = b->n_customers;
	struct txs_customer *sum = gx_arena_calloc(a, n + 1, sizeof *sum);
	bool *has = gx_arena_calloc(a, n + 1, sizeof *has);
	if (summarise(b, sum, has, err) != GX_OK)
		return err->code;
	/* RFM over the buyers only: customers without a purchase have no R, F or M. */
	struct txs_customer *buyers = gx_arena_calloc(a, n + 1, sizeof *buyers);
	size_t nb = 0;
	for (size_t i = 0; i < n; i++)
		if (has[i])
			buyers[nb++] = sum[i];
	struct rfm_input *ri = gx_arena_calloc(a, nb + 1, sizeof *ri);
	struct rfm_result *rr = gx_arena_calloc(a, nb + 1, sizeof *rr);
	rfm_inputs_from_summary(buyers, nb, mp->rfm_monetary, ri);
	if (rfm_score(ri, nb, rr, err) != GX_OK)
		return err->code;
	res->buyers = nb;
	double *p_alive = gx_arena_calloc(a, n + 1, sizeof *p_alive), *expected = gx_arena_calloc(a, n + 1, sizeof *expected);
	double *clv = gx_arena_calloc(a, n + 1, sizeof *clv);
	btyd_scores(sum, has, n, o, a, res, p_alive, expected, clv);
	/* ABC on the trailing abc_window_months' net revenue (the totals window of the load). */
	int64_t *ids = gx_arena_calloc(a, n + 1, sizeof *ids), *rev = gx_arena_calloc(a, n + 1, sizeof *rev);
	for (size_t i = 0; i < n; i++) {
		ids[i] = b->customers[i].id;
		rev[i] = b->customers[i].revenue_fen > 0 ? b->customers[i].revenue_fen : 0;
	}
	struct gx_pareto_customer *pc = gx_arena_calloc(a, n + 1, sizeof *pc);
	struct gx_pareto_summary psum;
	if (gx_pareto_analyze(ids, rev, n, NULL, &mp->pareto, pc, NULL, &psum, err) != GX_OK)
		return err->code;
	/* Loyalty type: behaviour from the database's factors, attitude not surveyed. */
	double *f = app_analyze_loyalty_factors(b, a);
	double *idx = gx_arena_calloc(a, n + 1, sizeof *idx), *beh = gx_arena_calloc(a, n + 1, sizeof *beh);
	struct gx_loyalty_index_params ip;
	gx_loyalty_index_params_default(&ip);
	bool have_index = gx_loyalty_index(f, n, &ip, idx, beh, NULL, err) == GX_OK;
	gx_error_clear(err);
	const struct gx_loyalty_tucker_params tp = mp->tucker;
	const struct gx_lifecycle_params lp = mp->lifecycle;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct store_score *s = &rows[i];
		memset(s, 0, sizeof *s);
		s->customer_id = b->customers[i].id;
		s->recency_days = -1;
		s->monetary_yuan = s->p_alive = s->expected_12m = s->clv_yuan = NAN;
		if (has[i]) {
			s->purchases = sum[i].purchase_days;
			s->recency_days = sum[i].recency_days + 1;   /* summaries end the day before as_of */
			s->monetary_yuan = sum[i].mean_order_yuan;
			s->rfm_r = rr[k].r;
			s->rfm_f = rr[k].f;
			s->rfm_m = rr[k].m;
			s->rfm_segment = rfm_segment_key(rr[k].segment);
			k++;
			s->p_alive = p_alive[i];
			s->expected_12m = expected[i];
			s->clv_yuan = clv[i];
		}
		struct gx_lifecycle_input in;
		app_analyze_lifecycle_input(b, i, a, &in);
		in.p_alive = s->p_alive;
		struct gx_lifecycle_result lr;
		if (gx_lifecycle_classify(&in, b->as_of, &lp, &lr, err) != GX_OK)
			return err->code;
		s->lifecycle_stage = stage_keys[lr.stage];
		s->abc_class = abc_keys[pc[i].cls];
		if (has[i] && have_index) {
			size_t nd;
			int32_t *days = app_analyze_purchase_days(b, i, a, &nd);
			bool loyal = false;
			struct gx_loyalty_type_result tr;
			struct gx_loyalty_type_input ti = {NAN, beh[i], false,
			                                   f[i * GX_LOYALTY_FACTORS + GX_LOYALTY_A32_DISCOUNT], NAN, false};
			if (gx_loyalty_tucker(days, nd, b->as_of, &tp, &loyal, err) != GX_OK)
				return err->code;
			ti.tucker_loyal = loyal;
			if (!isnan(beh[i]) && gx_loyalty_type_classify(&ti, &mp->loyalty_type, &tr, err) == GX_OK)
				s->loyalty_type = loyalty_keys[tr.type];
			gx_error_clear(err);
		}
	}
	return GX_OK;
}

/* Every parameter the run used, stored with it and shown by GET /analytics/scores. */
static char *params_json(struct gx_arena *a, const char *as_of, const struct app_score_options *o,
                         const struct app_model_params *m)
{
	static const char *const periods[] = {"day", "week", "month", "quarter", "year"};
	const struct gx_lifecycle_params *l = &m->lifecycle;
	const struct gx_loyalty_type_params *t = &m->loyalty_type;
	json_t *j = json_pack("{s:s, s:i, s:f, s:f, s:s, s:s, s:i, s:f, s:f}", "as_of", as_of, "horizon_months",
	                      o->horizon_months, "monthly_discount", o->monthly_discount, "margin", o->margin, "unit",
	                      "weeks", "rfm_monetary", m->rfm_monetary == RFM_MONETARY_TOTAL ? "total" : "mean",
	                      "abc_window_months", m->pareto.window_months, "abc_a_share", m->pareto.a_share,
	                      "abc_b_share", m->pareto.b_share);
	json_object_set_new(j, "lifecycle",
	                    json_pack("{s:i, s:f, s:i, s:f, s:f, s:f, s:i, s:f, s:f, s:i}", "inactive_days",
	                              l->inactive_days, "p_alive_lost", l->p_alive_lost, "window_months", l->window_months,
	                              "decline_ratio", l->decline_ratio, "p_alive_decline", l->p_alive_decline,
	                              "wallet_mature", l->wallet_mature, "mature_tenure_days", l->mature_tenure_days,
	                              "stable_low", l->stable_low, "stable_high", l->stable_high, "outreach_days",
	                              l->outreach_days));
	json_object_set_new(j, "loyalty",
	                    json_pack("{s:i, s:s, s:f, s:f, s:f, s:f}", "tucker_periods", m->tucker.periods,
	                              "tucker_period", periods[m->tucker.period], "attitude_midpoint", t->attitude_midpoint,
	                              "repeat_threshold", t->repeat_threshold, "price_share", t->price_share,
	                              "incentive_share", t->incentive_share));
	char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(j);
	char *out = gx_arena_strdup(a, text);
	free(text);
	return out;
}

enum gx_err app_score_run(struct app *app, const struct app_score_options *o, struct app_score_result *res,
                          struct gx_error *err)
{
	memset(res, 0, sizeof *res);
	if (o->horizon_months < 1 || !(o->monthly_discount >= 0) || !(o->margin >= 0))
		return gx_error_set(err, GX_EINVAL, "options", "%s", _("score: the horizon must be at least one month, discount and margin not negative"));
	char as_of_s[GX_DATE_FMT_SIZE];
	gx_date_format(o->as_of, as_of_s);
	struct gx_arena a;
	gx_arena_init(&a, 1 << 16);
	struct app_model_params defaults;
	const struct app_model_params *mp = o->model;
	if (!mp) {
		app_model_params_default(&defaults);
		mp = &defaults;
	}
	char *params = params_json(&a, as_of_s, o, mp);
	enum gx_err e = store_job_start(app->store, "score", app->actor.user_id, params, NULL, NULL, &res->job_id, err);
	if (e != GX_OK) {
		gx_arena_free(&a);
		return e;
	}
	app->job_id = res->job_id;
	double t0 = seconds();
	struct app_analyze_base b;
	struct store_score *rows = NULL;
	e = app_analyze_load(app, gx_daynum_add_months(o->as_of, -mp->pareto.window_months), o->as_of, &a, &b, err);
	double t1 = seconds();
	if (e == GX_OK) {
		rows = gx_arena_calloc(&a, b.n_customers + 1, sizeof *rows);
		e = compute(&b, o, mp, &a, res, rows, err);
		res->customers = b.n_customers;
	}
	double t2 = seconds();
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		struct store_score_run run = {res->job_id, as_of_s, (int64_t)res->customers, (int64_t)res->buyers, params,
		                              fitted_json(&a, res)};
		e = store_score_run_insert(app->store, &run, &res->run_id, err);
		if (e == GX_OK)
			e = store_scores_replace(app->store, res->run_id, as_of_s, rows, res->customers, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	double t3 = seconds();
	res->seconds_load = t1 - t0;
	res->seconds_models = t2 - t1;
	res->seconds_store = t3 - t2;
	app->job_id = 0;
	char *counts = gx_arena_printf(&a, "{\"customers\":%zu,\"buyers\":%zu,\"run_id\":%lld}", res->customers,
	                               res->buyers, (long long)res->run_id);
	struct gx_error e2;
	gx_error_clear(&e2);
	store_job_finish(app->store, res->job_id, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &e2);
	if (e == GX_OK)
		e = app_audit_simple(app, "score", "customer", 0, counts, res->job_id, err);
	gx_arena_free(&a);
	return e;
}
