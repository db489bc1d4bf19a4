/* guanxi score [--as-of DATE]: scores every live customer and stores the scores (see
 * guanxi/score.h), then mines and stores the association rules of the order baskets with the
 * assoc_* settings (M23, guanxi/recommend.h); prints what was fitted and how long each stage
 * took. */
#include <math.h>

#include "cli/analyze_common.h"
#include "guanxi/recommend.h"
#include "guanxi/score.h"
#include "guanxi/settings.h"

static int run(struct cli_ctx *ctx)
{
	int32_t as_of = 0;
	struct app_score_options o;
	int rc = ana_opt_date(ctx, "as-of", &as_of);
	if (rc)
		return rc;
	struct app app;
	if ((rc = cli_app_open(ctx, &app, 0)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	/* the company's settings first; the options given here override them */
	struct app_model_params m;
	if (app_score_options_load(&app, &o, &m, as_of, &err) != GX_OK) {
		app_close(&app);
		return ana_fail(&err);
	}
	long horizon = o.horizon_months;
	rc = ana_opt_long(ctx, "horizon", 1, 1200, &horizon);
	if (!rc)
		rc = ana_opt_double(ctx, "discount", &o.monthly_discount);
	if (!rc)
		rc = ana_opt_double(ctx, "margin", &o.margin);
	if (rc) {
		app_close(&app);
		return rc;
	}
	o.horizon_months = (int)horizon;
	struct app_score_result res;
	enum gx_err e = app_score_run(&app, &o, &res, &err);
	struct app_assoc_result ar;
	if (e == GX_OK)
		e = app_assoc_run(&app, &m.assoc, &ar, &err);
	app_close(&app);
	if (e != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"run_id|Run|运行", "job_id|Job|任务", "customers|Customers scored|已评分客户",
	                                   "buyers|With purchases|有购买客户", "load_s|Load (s)|读取 (秒)",
	                                   "models_s|Models (s)|模型 (秒)", "store_s|Store (s)|写入 (秒)", NULL};
	struct ana_table *t = ana_table_add(&rep, "run", "Scoring run", "评分运行", cols);
	ana_row(t);
	ana_int(t, res.run_id);
	ana_int(t, res.job_id);
	ana_int(t, (long long)res.customers);
	ana_int(t, (long long)res.buyers);
	ana_num(t, res.seconds_load, 3);
	ana_num(t, res.seconds_models, 3);
	ana_num(t, res.seconds_store, 3);
	static const char *const pcols[] = {"model|Model|模型", "parameter|Parameter|参数", "value|Estimate|估计值", NULL};
	struct ana_table *tp = ana_table_add(&rep, "parameters", "Fitted parameters", "拟合参数", pcols);
	const char *names[] = {"r", "alpha", "a", "b", "p", "q", "gamma"};
	double v[] = {res.bgnbd.p.r, res.bgnbd.p.alpha, res.bgnbd.p.a, res.bgnbd.p.b,
	              res.gammagamma.p.p, res.gammagamma.p.q, res.gammagamma.p.gamma};
	for (int k = 0; k < 7; k++) {
		bool fitted = k < 4 ? res.bgnbd_fitted : res.gammagamma_fitted;
		ana_row(tp);
		ana_text(tp, k < 4 ? "BG/NBD" : "Gamma-Gamma");
		ana_text(tp, names[k]);
		ana_num(tp, fitted ? v[k] : NAN, 4);
	}
	static const char *const acols[] = {"run_id|Run|运行", "baskets|Orders (baskets)|订单 (购物篮)",
	                                    "products|Products|商品", "rules|Rules|规则", "min_support|Min. support|最小支持度",
	                                    "min_confidence|Min. confidence|最小置信度", "min_lift|Min. lift|最小提升度",
	                                    "scan_s|Scan (s)|扫描 (秒)", "store_s|Store (s)|写入 (秒)", NULL};
	struct ana_table *ta = ana_table_add(&rep, "assoc", "Association rules (M23)", "关联规则 (M23)", acols);
	ana_row(ta);
	ana_int(ta, ar.run_id);
	ana_int(ta, (long long)ar.baskets);
	ana_int(ta, (long long)ar.products);
	ana_int(ta, (long long)ar.rules);
	ana_num(ta, m.assoc.min_support, 4);
	ana_num(ta, m.assoc.min_confidence, 4);
	ana_num(ta, m.assoc.min_lift, 4);
	ana_num(ta, ar.seconds_scan, 3);
	ana_num(ta, ar.seconds_store, 3);
	return ana_report_print(&rep);
}

static const struct cli_option options[] = {
	{"horizon", "H", N_("CLV and expected-purchase horizon in months (default: setting score_horizon_months, 12)"), NULL},
	{"discount", "D", N_("monthly discount rate of the CLV (default: setting score_monthly_discount, 0.01)"), NULL},
	{"margin", "M", N_("profit margin applied to the expected spend (default: setting score_margin, 1)"), NULL},
	{"as-of", "DATE", N_("scoring date YYYY-MM-DD (orders on or after it are ignored)"), "today"},
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_score = {
	.name = "score",
	.summary = N_("score every customer (RFM, P(alive), expected purchases, CLV, lifecycle, ABC, loyalty) and store the scores, then the association rules of the orders (M23)"),
	.usage = "",
	.options = options,
	.min_args = 0,
	.max_args = 0,
	.run = run,
};
