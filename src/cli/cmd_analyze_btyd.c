/* guanxi analyze rfm | bgnbd | paretonbd | gammagamma | bgbb | btyd-clv: RFM scores and
 * segments (M21) and the buy-till-you-die models with their per-customer outputs (M22), from a
 * transactions file, a summary file or the database (cli/analyze_btyd.h). The name `analyze
 * clv` belongs to M18–M20, so the BG/NBD + Gamma-Gamma value is `analyze btyd-clv`. */
#include <math.h>
#include <string.h>

#include "cli/analyze_btyd.h"
#include "guanxi/analytics/btyd.h"
#include "guanxi/analytics/rfm.h"

static const char *const param_cols[] = {"parameter|Parameter|参数", "value|Estimate|估计值",
                                         "se|Standard error|标准误", NULL};
static const char *const fit_cols[] = {"loglik|Log-likelihood|对数似然", "customers|Customers|客户数",
                                       "histories|Distinct histories|不同历史数", "iterations|Iterations|迭代次数", NULL};

static void param_row(struct ana_table *t, const char *name, double v, double se, bool has_se)
{
	ana_row(t);
	ana_text(t, name);
	ana_num(t, v, 4);
	ana_num(t, has_se ? se : NAN, 4);
}

static void fit_part(struct ana_report *rep, const struct btyd_fit_info *fi)
{
	struct ana_table *t = ana_table_add(rep, "fit", "Fit", "拟合", fit_cols);
	ana_row(t);
	ana_num(t, fi->loglik, 4);
	ana_num(t, fi->customers, 0);
	ana_int(t, (long long)fi->rows);
	ana_int(t, fi->iterations);
}

static int horizon_opt(struct cli_ctx *ctx, double *h)
{
	int rc = ana_opt_double(ctx, "horizon", h);
	if (!rc && !(*h >= 0 && isfinite(*h)))
		rc = cli_usage_error(ctx, "--horizon: %s", _("must be a number >= 0"));
	return rc;
}

/* ---- RFM (M21) ------------------------------------------------------------------------------ */

static int run_rfm(struct cli_ctx *ctx)
{
	static const char *const modes[] = {"mean", "total", NULL};
	int mode = 0;
	struct bt_input in;
	int rc = ana_opt_choice(ctx, "monetary", modes, &mode);
	if (!rc)
		rc = bt_input_load(ctx, false, &in);
	if (rc)
		return rc;
	if (in.source != BT_SRC_TRANSACTIONS && in.source != BT_SRC_DATABASE)
		return cli_usage_error(ctx, "%s", _("RFM needs transactions: a file with customer, date and amount columns, or the database"));
	size_t shown;
	if ((rc = bt_opt_top(ctx, in.n, &shown)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_arena *a = &ctx->arena;
	struct txs_customer *tx = gx_arena_calloc(a, in.n + 1, sizeof *tx);
	for (size_t i = 0; i < in.n; i++)
		tx[i] = in.c[i].tx;
	struct rfm_input *ri = gx_arena_calloc(a, in.n + 1, sizeof *ri);
	struct rfm_result *rr = gx_arena_calloc(a, in.n + 1, sizeof *rr);
	rfm_inputs_from_summary(tx, in.n, mode ? RFM_MONETARY_TOTAL : RFM_MONETARY_MEAN, ri);
	if (rfm_score(ri, in.n, rr, &err) != GX_OK)
		return ana_fail(&err);
	double *score = gx_arena_calloc(a, in.n + 1, sizeof *score);
	for (size_t i = 0; i < in.n; i++)
		score[i] = rr[i].r * 100 + rr[i].f * 10 + rr[i].m;
	size_t *idx = bt_rank(ctx, &in, score);
	enum gx_lang lang = gx_i18n_lang();
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {
		"customer|Customer|客户", "name|Name|名称", "recency_days|Days since last|距上次购买天数",
		"frequency|Purchase days|购买天数", "monetary_yuan|Monetary|消费金额", "r|R|R", "f|F|F", "m|M|M", "fm|FM|FM",
		"segment|Segment|客户群", "segment_key|Segment key|客户群代码", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "RFM scores (M21)", "RFM 评分 (M21)", cols);
	for (size_t k = 0; k < shown; k++) {
		size_t i = idx[k];
		ana_row(t);
		ana_text(t, in.c[i].key);
		ana_text(t, in.c[i].name);
		ana_num(t, ri[i].recency_days + 1, 0);   /* summaries end the day before --as-of */
		ana_num(t, ri[i].frequency, 0);
		ana_num(t, ri[i].monetary, 2);
		ana_int(t, rr[i].r);
		ana_int(t, rr[i].f);
		ana_int(t, rr[i].m);
		ana_int(t, rr[i].fm);
		ana_text(t, rfm_segment_name(rr[i].segment, lang));
		ana_text(t, rfm_segment_key(rr[i].segment));
	}
	static const char *const scols[] = {"segment|Segment|客户群", "segment_key|Segment key|客户群代码",
	                                    "customers|Customers|客户数", "share|Share|占比", NULL};
	struct ana_table *ts = ana_table_add(&rep, "segments", "Segments", "客户群", scols);
	for (int s = 0; s < RFM_SEGMENT_COUNT; s++) {
		size_t n = 0;
		for (size_t i = 0; i < in.n; i++)
			n += rr[i].segment == (enum rfm_segment)s;
		ana_row(ts);
		ana_text(ts, rfm_segment_name((enum rfm_segment)s, lang));
		ana_text(ts, rfm_segment_key((enum rfm_segment)s));
		ana_int(ts, (long long)n);
		ana_num(ts, in.n ? (double)n / (double)in.n : 0, 4);
	}
	return ana_report_print(&rep);
}

/* ---- BG/NBD and Pareto/NBD (M22) ---------------------------------------------------------- */

static void holdout_part(struct cli_ctx *ctx, struct ana_report *rep, const struct btyd_model_params *mp,
                         const struct bt_input *in)
{
	struct gx_arena *a = &ctx->arena;
	struct btyd_obs *cal = gx_arena_calloc(a, in->n + 1, sizeof *cal);
	double *act = gx_arena_calloc(a, in->n + 1, sizeof *act);
	for (size_t i = 0; i < in->n; i++) {
		cal[i] = (struct btyd_obs){in->c[i].x, in->c[i].t_x, in->c[i].T, 1};
		act[i] = (double)in->c[i].tx.holdout_x;
	}
	enum { NB = 8 };
	struct btyd_holdout_bucket b[NB];
	struct gx_error err;
	gx_error_clear(&err);
	if (btyd_holdout_report(mp, cal, act, in->n, in->holdout_length, NB, b, &err) != GX_OK)
		return;
	static const char *const cols[] = {"x|Calibration repeat purchases|校准期重复购买", "customers|Customers|客户数",
	                                   "actual_mean|Actual holdout purchases per customer|验证期实际人均购买",
	                                   "predicted_mean|Predicted per customer|预测人均购买",
	                                   "actual_total|Actual total|实际合计", "predicted_total|Predicted total|预测合计", NULL};
	struct ana_table *t = ana_table_add(rep, "holdout", "Calibration / holdout", "校准期 / 验证期", cols);
	double ca = 0, cp = 0, cn = 0;
	for (int k = 0; k < NB; k++) {
		ana_row(t);
		ana_text(t, k == NB - 1 ? gx_arena_printf(a, "%lld+", (long long)b[k].x_from)
		                        : gx_arena_printf(a, "%lld", (long long)b[k].x_from));
		ana_num(t, b[k].customers, 0);
		ana_num(t, b[k].actual_mean, 4);
		ana_num(t, b[k].predicted_mean, 4);
		ana_num(t, b[k].actual_total, 2);
		ana_num(t, b[k].predicted_total, 2);
		ca += b[k].actual_total;
		cp += b[k].predicted_total;
		cn += b[k].customers;
	}
	ana_row(t);
	ana_text(t, ana_pick("all", "合计"));
	ana_num(t, cn, 0);
	ana_num(t, cn > 0 ? ca / cn : 0, 4);
	ana_num(t, cn > 0 ? cp / cn : 0, 4);
	ana_num(t, ca, 2);
	ana_num(t, cp, 2);
}

static void customers_part(struct cli_ctx *ctx, struct ana_report *rep, const struct btyd_model_params *mp,
                           const struct bt_input *in, double horizon, size_t shown)
{
	struct gx_arena *a = &ctx->arena;
	double *pa = gx_arena_calloc(a, in->n + 1, sizeof *pa), *ex = gx_arena_calloc(a, in->n + 1, sizeof *ex);
	for (size_t i = 0; i < in->n; i++) {
		const struct bt_customer *c = &in->c[i];
		pa[i] = btyd_p_alive(mp, c->x, c->t_x, c->T);
		ex[i] = btyd_conditional(mp, horizon, c->x, c->t_x, c->T);
	}
	size_t *idx = bt_rank(ctx, in, ex);
	static const char *const cols[] = {"customer|Customer|客户", "name|Name|名称", "x|Repeat purchases x|重复购买 x",
	                                   "t_x|Recency t_x|最近购买 t_x", "T|Age T|观察期 T", "p_alive|P(alive)|存活概率",
	                                   "expected|Expected purchases over the horizon|预测期预期购买", NULL};
	struct ana_table *t = ana_table_add(rep, "customers", "Customers by expected purchases", "按预期购买排序的客户", cols);
	for (size_t k = 0; k < shown; k++) {
		const struct bt_customer *c = &in->c[idx[k]];
		ana_row(t);
		ana_text(t, c->key);
		ana_text(t, c->name);
		ana_num(t, c->x, 0);
		ana_num(t, c->t_x, 2);
		ana_num(t, c->T, 2);
		ana_num(t, pa[idx[k]], 4);
		ana_num(t, ex[idx[k]], 4);
	}
}

static int run_nbd(struct cli_ctx *ctx, enum btyd_model model)
{
	struct bt_input in;
	double horizon = 52;
	int rc = horizon_opt(ctx, &horizon);
	if (!rc)
		rc = bt_input_load(ctx, false, &in);
	size_t shown = 0;
	if (!rc)
		rc = bt_opt_top(ctx, in.n, &shown);
	if (rc)
		return rc;
	size_t n_obs;
	struct btyd_obs *obs = bt_input_obs(ctx, &in, &n_obs);
	struct gx_error err;
	gx_error_clear(&err);
	struct btyd_model_params mp = {.model = model};
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t;
	if (model == BTYD_BGNBD) {
		struct bgnbd_fit f;
		if (bgnbd_fit(obs, n_obs, &f, &err) != GX_OK)
			return ana_fail(&err);
		mp.bgnbd = f.p;
		t = ana_table_add(&rep, "parameters", "BG/NBD parameters (M22)", "BG/NBD 参数 (M22)", param_cols);
		param_row(t, "r", f.p.r, f.se.r, f.info.has_se);
		param_row(t, "alpha", f.p.alpha, f.se.alpha, f.info.has_se);
		param_row(t, "a", f.p.a, f.se.a, f.info.has_se);
		param_row(t, "b", f.p.b, f.se.b, f.info.has_se);
		fit_part(&rep, &f.info);
	} else {
		struct paretonbd_fit f;
		if (paretonbd_fit(obs, n_obs, &f, &err) != GX_OK)
			return ana_fail(&err);
		mp.paretonbd = f.p;
		t = ana_table_add(&rep, "parameters", "Pareto/NBD parameters (M22)", "Pareto/NBD 参数 (M22)", param_cols);
		param_row(t, "r", f.p.r, f.se.r, f.info.has_se);
		param_row(t, "alpha", f.p.alpha, f.se.alpha, f.info.has_se);
		param_row(t, "s", f.p.s, f.se.s, f.info.has_se);
		param_row(t, "beta", f.p.beta, f.se.beta, f.info.has_se);
		fit_part(&rep, &f.info);
	}
	customers_part(ctx, &rep, &mp, &in, horizon, shown);
	if (in.holdout)
		holdout_part(ctx, &rep, &mp, &in);
	return ana_report_print(&rep);
}

static int run_bgnbd(struct cli_ctx *ctx)
{
	return run_nbd(ctx, BTYD_BGNBD);
}

static int run_paretonbd(struct cli_ctx *ctx)
{
	return run_nbd(ctx, BTYD_PARETONBD);
}

/* ---- Gamma-Gamma ------------------------------------------------------------------------------ */

static enum gx_err gg_fit(struct cli_ctx *ctx, const struct bt_input *in, struct gammagamma_fit *f,
                          struct gx_error *err)
{
	struct gammagamma_obs *o = gx_arena_calloc(&ctx->arena, in->n + 1, sizeof *o);
	size_t m = 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->c[i].x >= 1 && in->c[i].zbar > 0)
			o[m++] = (struct gammagamma_obs){in->c[i].x, in->c[i].zbar, in->c[i].count};
	return gammagamma_fit(o, m, f, err);
}

static bool has_spend(const struct bt_input *in)
{
	for (size_t i = 0; i < in->n; i++)
		if (!isnan(in->c[i].zbar))
			return true;
	return false;
}

static int run_gammagamma(struct cli_ctx *ctx)
{
	struct bt_input in;
	int rc = bt_input_load(ctx, false, &in);
	size_t shown = 0;
	if (!rc)
		rc = bt_opt_top(ctx, in.n, &shown);
	if (rc)
		return rc;
	if (!has_spend(&in))
		return cli_usage_error(ctx, "%s", _("Gamma-Gamma needs spend: transactions with amounts, or a summary with a zbar column"));
	struct gx_error err;
	gx_error_clear(&err);
	struct gammagamma_fit f;
	if (gg_fit(ctx, &in, &f, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "parameters", "Gamma-Gamma parameters (M22)", "Gamma-Gamma 参数 (M22)", param_cols);
	param_row(t, "p", f.p.p, f.se.p, f.info.has_se);
	param_row(t, "q", f.p.q, f.se.q, f.info.has_se);
	param_row(t, "gamma", f.p.gamma, f.se.gamma, f.info.has_se);
	fit_part(&rep, &f.info);
	double mean = NAN;
	struct gx_error e2;
	gx_error_clear(&e2);
	gammagamma_mean_spend(&f.p, &mean, &e2);
	static const char *const mcols[] = {"model_mean_yuan|Model mean spend|模型平均消费",
	                                    "observed_mean_yuan|Observed mean spend|实际平均消费", NULL};
	struct ana_table *tm = ana_table_add(&rep, "mean", "Mean spend per transaction", "每次交易平均消费", mcols);
	struct gammagamma_obs *o = gx_arena_calloc(&ctx->arena, in.n + 1, sizeof *o);
	size_t m = 0;
	for (size_t i = 0; i < in.n; i++)
		if (in.c[i].x >= 1 && in.c[i].zbar > 0)
			o[m++] = (struct gammagamma_obs){in.c[i].x, in.c[i].zbar, in.c[i].count};
	ana_row(tm);
	ana_num(tm, mean, 2);
	ana_num(tm, gammagamma_observed_mean(o, m), 2);
	double *es = gx_arena_calloc(&ctx->arena, in.n + 1, sizeof *es);
	for (size_t i = 0; i < in.n; i++)
		es[i] = gammagamma_conditional_spend(&f.p, in.c[i].x, isnan(in.c[i].zbar) ? 0 : in.c[i].zbar);
	size_t *idx = bt_rank(ctx, &in, es);
	static const char *const cols[] = {"customer|Customer|客户", "name|Name|名称", "x|Repeat purchases x|重复购买 x",
	                                   "zbar_yuan|Mean repeat spend|平均重复消费", "expected_spend_yuan|Expected spend|预期消费", NULL};
	struct ana_table *tc = ana_table_add(&rep, "customers", "Customers by expected spend", "按预期消费排序的客户", cols);
	for (size_t k = 0; k < shown; k++) {
		const struct bt_customer *c = &in.c[idx[k]];
		ana_row(tc);
		ana_text(tc, c->key);
		ana_text(tc, c->name);
		ana_num(tc, c->x, 0);
		ana_num(tc, c->zbar, 2);
		ana_num(tc, es[idx[k]], 2);
	}
	return ana_report_print(&rep);
}

/* ---- BG/BB ------------------------------------------------------------------------------------ */

static int run_bgbb(struct cli_ctx *ctx)
{
	struct bt_input in;
	double horizon = 5;
	int rc = horizon_opt(ctx, &horizon);
	if (!rc)
		rc = bt_input_load(ctx, true, &in);
	size_t shown = 0;
	if (!rc)
		rc = bt_opt_top(ctx, in.n, &shown);
	if (rc)
		return rc;
	if (in.source != BT_SRC_BGBB)
		return cli_usage_error(ctx, "%s", _("BG/BB needs the layout frequency, recency, periods[, count]"));
	size_t n_obs;
	struct btyd_obs *obs = bt_input_obs(ctx, &in, &n_obs);
	struct gx_error err;
	gx_error_clear(&err);
	struct bgbb_fit f;
	if (bgbb_fit(obs, n_obs, &f, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "parameters", "BG/BB parameters (M22)", "BG/BB 参数 (M22)", param_cols);
	param_row(t, "alpha", f.p.alpha, f.se.alpha, f.info.has_se);
	param_row(t, "beta", f.p.beta, f.se.beta, f.info.has_se);
	param_row(t, "gamma", f.p.gamma, f.se.gamma, f.info.has_se);
	param_row(t, "delta", f.p.delta, f.se.delta, f.info.has_se);
	fit_part(&rep, &f.info);
	double *ex = gx_arena_calloc(&ctx->arena, in.n + 1, sizeof *ex);
	for (size_t i = 0; i < in.n; i++)
		ex[i] = bgbb_conditional(&f.p, horizon, in.c[i].x, in.c[i].t_x, in.c[i].T);
	size_t *idx = bt_rank(ctx, &in, ex);
	static const char *const cols[] = {"history|History|历史", "frequency|Frequency x|次数 x", "recency|Recency t_x|最近 t_x",
	                                   "periods|Opportunities n|机会数 n", "count|Customers|客户数",
	                                   "p_alive|P(alive next period)|下期存活概率",
	                                   "expected|Expected transactions over the horizon|预测期预期交易", NULL};
	struct ana_table *tc = ana_table_add(&rep, "customers", "Histories by expected transactions", "按预期交易排序的历史", cols);
	for (size_t k = 0; k < shown; k++) {
		const struct bt_customer *c = &in.c[idx[k]];
		ana_row(tc);
		ana_text(tc, c->key);
		ana_num(tc, c->x, 0);
		ana_num(tc, c->t_x, 0);
		ana_num(tc, c->T, 0);
		ana_num(tc, c->count, 0);
		ana_num(tc, bgbb_p_alive(&f.p, 1, c->x, c->t_x, c->T), 4);
		ana_num(tc, ex[idx[k]], 4);
	}
	return ana_report_print(&rep);
}

/* ---- BTYD CLV: BG/NBD (or Pareto/NBD) + Gamma-Gamma, M22's discounted sum ------------------- */

static int run_btyd_clv(struct cli_ctx *ctx)
{
	static const char *const models[] = {"bgnbd", "paretonbd", NULL};
	int model = 0;
	long months = 12;
	struct btyd_clv_options o;
	btyd_clv_options_default(&o);
	struct bt_input in;
	int rc = ana_opt_choice(ctx, "model", models, &model);
	if (!rc)
		rc = ana_opt_long(ctx, "horizon", 1, 1200, &months);
	if (!rc)
		rc = ana_opt_double(ctx, "discount", &o.monthly_discount);
	if (!rc)
		rc = ana_opt_double(ctx, "margin", &o.margin);
	if (!rc)
		rc = bt_input_load(ctx, false, &in);
	size_t shown = 0;
	if (!rc)
		rc = bt_opt_top(ctx, in.n, &shown);
	if (rc)
		return rc;
	o.horizon_months = (int)months;
	o.unit_days = in.unit_days;
	if (!has_spend(&in))
		return cli_usage_error(ctx, "%s", _("CLV needs spend: transactions with amounts, or a summary with a zbar column"));
	size_t n_obs;
	struct btyd_obs *obs = bt_input_obs(ctx, &in, &n_obs);
	struct gx_error err;
	gx_error_clear(&err);
	struct btyd_model_params mp = {.model = model ? BTYD_PARETONBD : BTYD_BGNBD};
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "parameters", "Model parameters (M22)", "模型参数 (M22)", param_cols);
	if (!model) {
		struct bgnbd_fit f;
		if (bgnbd_fit(obs, n_obs, &f, &err) != GX_OK)
			return ana_fail(&err);
		mp.bgnbd = f.p;
		param_row(t, "r", f.p.r, f.se.r, f.info.has_se);
		param_row(t, "alpha", f.p.alpha, f.se.alpha, f.info.has_se);
		param_row(t, "a", f.p.a, f.se.a, f.info.has_se);
		param_row(t, "b", f.p.b, f.se.b, f.info.has_se);
	} else {
		struct paretonbd_fit f;
		if (paretonbd_fit(obs, n_obs, &f, &err) != GX_OK)
			return ana_fail(&err);
		mp.paretonbd = f.p;
		param_row(t, "r", f.p.r, f.se.r, f.info.has_se);
		param_row(t, "alpha", f.p.alpha, f.se.alpha, f.info.has_se);
		param_row(t, "s", f.p.s, f.se.s, f.info.has_se);
		param_row(t, "beta", f.p.beta, f.se.beta, f.info.has_se);
	}
	struct gammagamma_fit g;
	if (gg_fit(ctx, &in, &g, &err) != GX_OK)
		return ana_fail(&err);
	param_row(t, "p", g.p.p, g.se.p, g.info.has_se);
	param_row(t, "q", g.p.q, g.se.q, g.info.has_se);
	param_row(t, "gamma", g.p.gamma, g.se.gamma, g.info.has_se);
	double *clv = gx_arena_calloc(&ctx->arena, in.n + 1, sizeof *clv), *sp = gx_arena_calloc(&ctx->arena, in.n + 1, sizeof *sp);
	double total = 0;
	struct btyd_obs *hist = gx_arena_calloc(&ctx->arena, in.n + 1, sizeof *hist);
	for (size_t i = 0; i < in.n; i++) {
		const struct bt_customer *c = &in.c[i];
		sp[i] = gammagamma_conditional_spend(&g.p, c->x, isnan(c->zbar) ? 0 : c->zbar);
		hist[i] = (struct btyd_obs){c->x, c->t_x, c->T, 1};
	}
	if (btyd_clv_batch(&mp, hist, sp, in.n, &o, clv, NULL, &err) != GX_OK)
		return ana_fail(&err);
	for (size_t i = 0; i < in.n; i++)
		total += clv[i] * in.c[i].count;
	size_t *idx = bt_rank(ctx, &in, clv);
	static const char *const cols[] = {"customer|Customer|客户", "name|Name|名称", "x|Repeat purchases x|重复购买 x",
	                                   "p_alive|P(alive)|存活概率", "expected_spend_yuan|Expected spend|预期消费",
	                                   "clv_yuan|CLV|客户终身价值", NULL};
	struct ana_table *tc = ana_table_add(&rep, "customers", "Customers by CLV", "按客户终身价值排序的客户", cols);
	for (size_t k = 0; k < shown; k++) {
		const struct bt_customer *c = &in.c[idx[k]];
		ana_row(tc);
		ana_text(tc, c->key);
		ana_text(tc, c->name);
		ana_num(tc, c->x, 0);
		ana_num(tc, btyd_p_alive(&mp, c->x, c->t_x, c->T), 4);
		ana_num(tc, sp[idx[k]], 2);
		ana_num(tc, clv[idx[k]], 2);
	}
	static const char *const tcols[] = {"customers|Customers|客户数", "total_clv_yuan|Total CLV|客户终身价值合计",
	                                    "horizon_months|Horizon (months)|预测月数", "monthly_discount|Monthly discount|月折现率",
	                                    "margin|Margin|利润率", NULL};
	struct ana_table *tt = ana_table_add(&rep, "total", "Total", "合计", tcols);
	double nc = 0;
	for (size_t i = 0; i < in.n; i++)
		nc += in.c[i].count;
	ana_row(tt);
	ana_num(tt, nc, 0);
	ana_num(tt, total, 2);
	ana_int(tt, months);
	ana_num(tt, o.monthly_discount, 4);
	ana_num(tt, o.margin, 4);
	return ana_report_print(&rep);
}

/* ---- commands --------------------------------------------------------------------------------- */

#define BT_USAGE N_("[FILE]  (transactions: customer,date,amount; summary: x,t_x,T[,zbar]; without FILE: the database)")

static const struct cli_option rfm_options[] = {
	{"monetary", "MODE", N_("M is the mean order value (mean) or the total spend (total)"), "mean"},
	BT_OPTS_INPUT, BT_OPTS_TOP, ANA_OPT_PART, {NULL, NULL, NULL, NULL},
};
static const struct cli_option nbd_options[] = {
	{"horizon", "T", N_("prediction horizon in --unit units"), "52"},
	BT_OPTS_INPUT, BT_OPTS_TOP, ANA_OPT_PART, {NULL, NULL, NULL, NULL},
};
static const struct cli_option gg_options[] = {
	BT_OPTS_INPUT, BT_OPTS_TOP, ANA_OPT_PART, {NULL, NULL, NULL, NULL},
};
static const struct cli_option bgbb_options[] = {
	{"horizon", "N", N_("future opportunities to predict"), "5"},
	BT_OPTS_INPUT, BT_OPTS_TOP, ANA_OPT_PART, {NULL, NULL, NULL, NULL},
};
static const struct cli_option clv_options[] = {
	{"model", "NAME", N_("purchase model: bgnbd or paretonbd (spend: Gamma-Gamma)"), "bgnbd"},
	{"horizon", "H", N_("horizon in months"), "12"},
	{"discount", "D", N_("monthly discount rate"), "0.01"},
	{"margin", "M", N_("profit margin applied to the spend"), "1"},
	BT_OPTS_INPUT, BT_OPTS_TOP, ANA_OPT_PART, {NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_rfm = {
	.name = "analyze rfm",
	.summary = N_("RFM quintile scores and the eleven segments (M21)"),
	.usage = N_("[FILE]  (transactions: customer,date,amount; without FILE: the database)"),
	.options = rfm_options, .min_args = 0, .max_args = 1, .run = run_rfm,
};
const struct cli_command cmd_analyze_bgnbd = {
	.name = "analyze bgnbd",
	.summary = N_("BG/NBD fit, P(alive) and expected purchases per customer, calibration/holdout report (M22)"),
	.usage = BT_USAGE, .options = nbd_options, .min_args = 0, .max_args = 1, .run = run_bgnbd,
};
const struct cli_command cmd_analyze_paretonbd = {
	.name = "analyze paretonbd",
	.summary = N_("Pareto/NBD fit, P(alive) and expected purchases per customer, calibration/holdout report (M22)"),
	.usage = BT_USAGE, .options = nbd_options, .min_args = 0, .max_args = 1, .run = run_paretonbd,
};
const struct cli_command cmd_analyze_gammagamma = {
	.name = "analyze gammagamma",
	.summary = N_("Gamma-Gamma spend model: fit and expected spend per customer (M22)"),
	.usage = BT_USAGE, .options = gg_options, .min_args = 0, .max_args = 1, .run = run_gammagamma,
};
const struct cli_command cmd_analyze_bgbb = {
	.name = "analyze bgbb",
	.summary = N_("BG/BB for discrete opportunities: fit, P(alive) and expected transactions (M22)"),
	.usage = N_("FILE  (frequency,recency,periods[,count])"),
	.options = bgbb_options, .min_args = 1, .max_args = 1, .run = run_bgbb,
};
const struct cli_command cmd_analyze_btyd_clv = {
	.name = "analyze btyd-clv",
	.summary = N_("discounted CLV per customer from BG/NBD (or Pareto/NBD) and Gamma-Gamma (M22)"),
	.usage = BT_USAGE, .options = clv_options, .min_args = 0, .max_args = 1, .run = run_btyd_clv,
};
