/* guanxi analyze assoc | forecast: association rules over order baskets for cross-selling
 * (M23) — a file of order lines, or the database's sale orders with the company's assoc_*
 * settings as the thresholds (read only: `guanxi score` stores the rules) — and the forecasts of M24 — the pipeline weighted by stage probability per close month,
 * and the purchases the existing customers will make month by month under BG/NBD. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analyze_btyd.h"
#include "cli/analyze_settings.h"
#include "guanxi/recommend.h"
#include "guanxi/analytics/assoc.h"
#include "guanxi/analytics/btyd.h"
#include "guanxi/analytics/forecast.h"

/* ---- M23 ------------------------------------------------------------------------------------ */

static const char *const assoc_cols[] = {"antecedent|Bought|已购", "consequent|Suggest|推荐", "support|Support|支持度",
                                         "confidence|Confidence|置信度", "lift|Lift|提升度",
                                         "orders|Orders with both|同购订单数", NULL};

/* The thresholds used and where each came from (the option, the setting or MODELS.md). */
static void params_table(struct ana_report *rep, struct cli_ctx *ctx, const struct assoc_options *o, int from_db)
{
	static const char *const cols[] = {"parameter|Parameter|参数", "value|Value|取值", "source|Source|来源", NULL};
	struct ana_table *t = ana_table_add(rep, "parameters", "Parameters used", "所用参数", cols);
	const char *opt[] = {"min-support", "min-confidence", "min-lift"};
	const char *key[] = {"assoc_min_support", "assoc_min_confidence", "assoc_min_lift"};
	double v[] = {o->min_support, o->min_confidence, o->min_lift};
	for (int i = 0; i < 3; i++) {
		ana_row(t);
		ana_text(t, key[i]);
		ana_num(t, v[i], 4);
		ana_text(t, cli_opt(ctx, opt[i]) ? gx_arena_printf(&ctx->arena, "--%s", opt[i])
		            : from_db ? _("setting") : _("default (MODELS.md)"));
	}
}

static int assoc_database(struct cli_ctx *ctx, const struct assoc_options *o, long top)
{
	struct app app;
	int rc = cli_app_open(ctx, &app, 0);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct assoc_counter *c = NULL;
	struct assoc_rule *rules = NULL;
	size_t n_rules = 0;
	if (app_assoc_count(&app, &c, &err) != GX_OK || assoc_counter_rules(c, o, &rules, &n_rules, &err) != GX_OK) {
		assoc_counter_free(c);
		app_close(&app);
		return ana_fail(&err);
	}
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "rules", "Association rules (M23)", "关联规则 (M23)", assoc_cols);
	size_t shown = cli_flag(ctx, "all") || (size_t)top > n_rules ? n_rules : (size_t)top;
	for (size_t k = 0; k < shown && !rc; k++) {
		const char *sa, *na, *sc, *nc;
		if (store_assoc_product(app.store, rules[k].antecedent, &ctx->arena, &sa, &na, &err) != GX_OK ||
		    store_assoc_product(app.store, rules[k].consequent, &ctx->arena, &sc, &nc, &err) != GX_OK) {
			rc = ana_fail(&err);
			break;
		}
		ana_row(t);
		ana_text(t, gx_arena_printf(&ctx->arena, "%s %s", sa, na));
		ana_text(t, gx_arena_printf(&ctx->arena, "%s %s", sc, nc));
		ana_num(t, rules[k].support, 4);
		ana_num(t, rules[k].confidence, 4);
		ana_num(t, rules[k].lift, 4);
		ana_int(t, rules[k].n_both);
	}
	static const char *const scols[] = {"orders|Orders|订单数", "items|Items|商品数", "rules|Rules|规则数", NULL};
	struct ana_table *ts = ana_table_add(&rep, "summary", "Summary", "汇总", scols);
	ana_row(ts);
	ana_int(ts, (long long)assoc_counter_baskets(c));
	ana_int(ts, (long long)assoc_counter_items(c));
	ana_int(ts, (long long)n_rules);
	params_table(&rep, ctx, o, 1);
	free(rules);
	assoc_counter_free(c);
	app_close(&app);
	return rc ? rc : ana_report_print(&rep);
}

static int run_assoc(struct cli_ctx *ctx)
{
	/* reading the database: the company's settings are the defaults */
	struct app_model_params m;
	int rc = ana_model_params(ctx, !ctx->argc, &m);
	if (rc)
		return rc;
	struct assoc_options o = m.assoc;
	long top = 20;
	rc = ana_opt_double(ctx, "min-support", &o.min_support);
	if (!rc)
		rc = ana_opt_double(ctx, "min-confidence", &o.min_confidence);
	if (!rc)
		rc = ana_opt_double(ctx, "min-lift", &o.min_lift);
	if (!rc)
		rc = ana_opt_long(ctx, "top", 0, 2147483647L, &top);
	if (rc)
		return rc;
	if (!ctx->argc)
		return assoc_database(ctx, &o, top);
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	int c_order, c_item;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK ||
	    ana_data_need(&d, cli_opt_or_default(ctx, "order-col"), &c_order, &err) != GX_OK ||
	    ana_data_need(&d, cli_opt_or_default(ctx, "item-col"), &c_item, &err) != GX_OK)
		return ana_fail(&err);
	size_t *order_of, n_orders, *item_of, n_items;
	const char **order_keys, **item_keys;
	ana_data_group(&ctx->arena, &d, c_order, &order_of, &order_keys, &n_orders);
	ana_data_group(&ctx->arena, &d, c_item, &item_of, &item_keys, &n_items);
	/* baskets: rows bucketed by order */
	size_t *offsets = gx_arena_calloc(&ctx->arena, n_orders + 1, sizeof *offsets);
	int64_t *items = gx_arena_calloc(&ctx->arena, d.nrows + 1, sizeof *items);
	size_t *fill = gx_arena_calloc(&ctx->arena, n_orders + 1, sizeof *fill);
	for (size_t r = 0; r < d.nrows; r++)
		offsets[order_of[r] + 1]++;
	for (size_t b = 0; b < n_orders; b++)
		offsets[b + 1] += offsets[b];
	for (size_t r = 0; r < d.nrows; r++) {
		size_t b = order_of[r];
		items[offsets[b] + fill[b]++] = (int64_t)item_of[r];
	}
	struct assoc_rule *rules = NULL;
	size_t n_rules = 0;
	if (assoc_mine(items, offsets, n_orders, &o, &rules, &n_rules, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "rules", "Association rules (M23)", "关联规则 (M23)", assoc_cols);
	size_t shown = cli_flag(ctx, "all") || (size_t)top > n_rules ? n_rules : (size_t)top;
	for (size_t k = 0; k < shown; k++) {
		ana_row(t);
		ana_text(t, item_keys[rules[k].antecedent]);
		ana_text(t, item_keys[rules[k].consequent]);
		ana_num(t, rules[k].support, 4);
		ana_num(t, rules[k].confidence, 4);
		ana_num(t, rules[k].lift, 4);
		ana_int(t, rules[k].n_both);
	}
	static const char *const scols[] = {"orders|Orders|订单数", "items|Items|商品数", "rules|Rules|规则数", NULL};
	struct ana_table *ts = ana_table_add(&rep, "summary", "Summary", "汇总", scols);
	ana_row(ts);
	ana_int(ts, (long long)n_orders);
	ana_int(ts, (long long)n_items);
	ana_int(ts, (long long)n_rules);
	params_table(&rep, ctx, &o, 0);
	free(rules);
	return ana_report_print(&rep);
}

/* ---- M24 ------------------------------------------------------------------------------------ */

static int forecast_pipeline_file(struct cli_ctx *ctx)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	int c_amt, c_p, c_date;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK || ana_data_need(&d, "amount", &c_amt, &err) != GX_OK ||
	    ana_data_need(&d, "probability", &c_p, &err) != GX_OK || ana_data_need(&d, "close_date", &c_date, &err) != GX_OK)
		return ana_fail(&err);
	struct forecast_opportunity *o = gx_arena_calloc(&ctx->arena, d.nrows + 1, sizeof *o);
	for (size_t r = 0; r < d.nrows; r++) {
		long p;
		if (ana_data_fen(&d, r, c_amt, false, &o[r].amount_fen, &err) != GX_OK ||
		    ana_data_int(&d, r, c_p, 0, 100, &p, &err) != GX_OK || ana_data_date(&d, r, c_date, &o[r].close_day, &err) != GX_OK)
			return ana_fail(&err);
		o[r].probability_pct = (int)p;
	}
	struct forecast_month *m = NULL;
	size_t nm = 0;
	if (forecast_pipeline(o, d.nrows, &m, &nm, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"month|Close month|预计成交月份", "opportunities|Opportunities|商机数",
	                                   "amount_yuan|Amount|金额", "expected_yuan|Weighted forecast|加权预测", NULL};
	struct ana_table *t = ana_table_add(&rep, "pipeline", "Pipeline forecast (M24)", "销售管道预测 (M24)", cols);
	for (size_t k = 0; k < nm; k++) {
		ana_row(t);
		ana_text(t, gx_arena_printf(&ctx->arena, "%04d-%02d", m[k].year, m[k].month));
		ana_int(t, m[k].opportunities);
		ana_yuan(t, m[k].amount_fen);
		ana_num(t, m[k].expected_yuan, 2);
	}
	free(m);
	return ana_report_print(&rep);
}

static int forecast_purchases(struct cli_ctx *ctx)
{
	long months = 12;
	struct bt_input in;
	int rc = ana_opt_long(ctx, "months", 1, 1200, &months);
	if (!rc)
		rc = bt_input_load(ctx, false, &in);
	if (rc)
		return rc;
	size_t n_obs;
	struct btyd_obs *obs = bt_input_obs(ctx, &in, &n_obs);
	struct gx_error err;
	gx_error_clear(&err);
	struct bgnbd_fit f;
	if (bgnbd_fit(obs, n_obs, &f, &err) != GX_OK)
		return ana_fail(&err);
	struct btyd_model_params mp = {.model = BTYD_BGNBD, .bgnbd = f.p};
	double *per = gx_arena_calloc(&ctx->arena, (size_t)months + 1, sizeof *per);
	if (forecast_transactions(&mp, obs, n_obs, in.unit_days, (int)months, per, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"month|Month after the as-of date|预测月份", "expected|Expected purchases|预期购买次数",
	                                   "cumulative|Cumulative|累计", NULL};
	struct ana_table *t = ana_table_add(&rep, "purchases", "Purchases of the existing customers (M24, BG/NBD)",
	                                    "现有客户的预期购买 (M24, BG/NBD)", cols);
	double cum = 0;
	for (long k = 0; k < months; k++) {
		cum += per[k];
		ana_row(t);
		ana_int(t, k + 1);
		ana_num(t, per[k], 2);
		ana_num(t, cum, 2);
	}
	return ana_report_print(&rep);
}

static int run_forecast(struct cli_ctx *ctx)
{
	static const char *const methods[] = {"purchases", "pipeline", NULL};
	int method = 0;
	int rc = ana_opt_choice(ctx, "method", methods, &method);
	if (rc)
		return rc;
	if (method == 1) {
		if (!ctx->argc)
			return cli_usage_error(ctx, "%s", _("--method pipeline needs FILE (amount,probability,close_date): the database has no opportunities yet"));
		return forecast_pipeline_file(ctx);
	}
	return forecast_purchases(ctx);
}

static const struct cli_option assoc_options[] = {
	{"order-col", "NAME", N_("order (basket) id column"), "order"},
	{"item-col", "NAME", N_("item (product) column"), "item"},
	{"min-support", "S", N_("minimum support (default: 0.01; reading the database: setting assoc_min_support)"), NULL},
	{"min-confidence", "C", N_("minimum confidence (default: 0.2; reading the database: setting assoc_min_confidence)"), NULL},
	{"min-lift", "L", N_("minimum lift (default: 1.2; reading the database: setting assoc_min_lift)"), NULL},
	BT_OPTS_TOP,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_assoc = {
	.name = "analyze assoc",
	.summary = N_("association rules between items bought together, for cross-selling (M23)"),
	.usage = N_("[FILE]  (one row per order line: order,item; without FILE: the database's sale orders)"),
	.options = assoc_options, .min_args = 0, .max_args = 1, .run = run_assoc,
};

static const struct cli_option forecast_options[] = {
	{"method", "NAME", N_("purchases (BG/NBD, per month) or pipeline (FILE: amount,probability,close_date)"), "purchases"},
	{"months", "N", N_("purchases: months to forecast"), "12"},
	BT_OPTS_INPUT,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_forecast = {
	.name = "analyze forecast",
	.summary = N_("forecasts: existing customers' purchases by month (BG/NBD) or the weighted pipeline (M24)"),
	.usage = N_("[FILE]  (purchases: as analyze bgnbd; pipeline: amount,probability,close_date)"),
	.options = forecast_options, .min_args = 0, .max_args = 1, .run = run_forecast,
};
