/* guanxi analyze value | pareto: customer value (M15 delivered value, M16 profitability and
 * contribution) and the Pareto/ABC analysis of the base (M17), from a file or, without one,
 * from the database's customers and orders (net of refunds). Amounts in files are yuan. */
#include <math.h>
#include <string.h>

#include "cli/analyze_common.h"
#include "cli/analyze_settings.h"
#include "guanxi/analytics/daynum.h"
#include "guanxi/analytics/pareto.h"
#include "guanxi/analytics/value.h"
#include "guanxi/analyze.h"

/* ---- value (M15, M16) ------------------------------------------------------------------------ */

static const char *const profit_cols[] = {
	"customer|Customer|客户", "name|Name|名称", "revenue_yuan|Revenue|收入", "direct_cost_yuan|Direct costs|直接成本",
	"allocated_cost_yuan|Allocated costs|分摊成本", "profitability_yuan|Profitability|客户盈利性",
	"contribution_yuan|Contribution|客户贡献度", "contribution_margin|Contribution margin|贡献率", NULL};

static void profit_row(struct ana_table *t, const char *customer, const char *name, const struct gx_value_profit *p)
{
	ana_row(t);
	ana_text(t, customer);
	ana_text(t, name);
	ana_yuan(t, p->revenue_fen);
	ana_yuan(t, p->direct_cost_fen);
	ana_yuan(t, p->allocated_cost_fen);
	ana_yuan(t, p->profitability_fen);
	ana_yuan(t, p->contribution_fen);
	ana_num(t, p->contribution_margin, 4);
}

static int window_from(struct cli_ctx *ctx, int32_t as_of, int32_t *from)
{
	static const char *const windows[] = {"trailing", "all", NULL};
	int w = 0;
	long months = 12;
	int rc = ana_opt_choice(ctx, "window", windows, &w);
	if (!rc)
		rc = ana_opt_long(ctx, "window-months", 1, 1200, &months);
	*from = w == 0 ? gx_daynum_add_months(as_of, -(int)months) : APP_ANALYZE_NO_DAY;
	return rc;
}

static int value_delivered_file(struct cli_ctx *ctx, struct ana_data *d)
{
	static const char *const names[] = {"product", "service", "personnel", "image", "money", "time", "energy", "psychic"};
	int c[8];
	struct gx_error err;
	gx_error_clear(&err);
	for (int k = 0; k < 8; k++)
		if (ana_data_need(d, names[k], &c[k], &err) != GX_OK)
			return ana_fail(&err);
	int c_item = ana_data_col(d, "item");
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"item|Item|项目", "total_value_yuan|Total customer value|顾客总价值",
	                                   "total_cost_yuan|Total customer cost|顾客总成本",
	                                   "delivered_yuan|Delivered value|顾客让渡价值", "value_cost_ratio|Value/cost|价值成本比", NULL};
	struct ana_table *t = ana_table_add(&rep, "delivered", "Customer delivered value (M15)", "顾客让渡价值 (M15)", cols);
	for (size_t r = 0; r < d->nrows; r++) {
		int64_t v[8];
		for (int k = 0; k < 8; k++)
			if (ana_data_fen(d, r, c[k], false, &v[k], &err) != GX_OK)
				return ana_fail(&err);
		struct gx_value_delivered_input in = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]};
		struct gx_value_delivered out;
		if (gx_value_delivered(&in, &out, &err) != GX_OK)
			return ana_fail(&err);
		ana_row(t);
		ana_text(t, c_item >= 0 ? ana_data_text(d, r, c_item) : gx_arena_printf(&ctx->arena, "%zu", r + 1));
		ana_yuan(t, out.total_value_fen);
		ana_yuan(t, out.total_cost_fen);
		ana_yuan(t, out.delivered_fen);
		ana_num(t, out.value_cost_ratio, 4);
	}
	return ana_report_print(&rep);
}

static int run_value(struct cli_ctx *ctx)
{
	static const char *const methods[] = {"profit", "delivered", NULL};
	int method = 0;
	int32_t as_of = 0, from = 0;
	int rc = ana_opt_choice(ctx, "method", methods, &method);
	if (!rc)
		rc = ana_opt_date(ctx, "as-of", &as_of);
	if (!rc)
		rc = window_from(ctx, as_of, &from);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (method == 1) {
		if ((rc = ana_need_file(ctx, _("--method delivered reads a file (columns product,service,personnel,image,money,time,energy,psychic)"))))
			return rc;
		if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
			return ana_fail(&err);
		return value_delivered_file(ctx, &d);
	}
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "customers", "Customer profitability and contribution (M16)",
	                                    "客户盈利性与贡献度 (M16)", profit_cols);
	struct gx_value_profit p;
	if (ctx->argc) {
		int c_cust, c_rev, c_dir, c_all;
		if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK ||
		    ana_data_need(&d, "customer", &c_cust, &err) != GX_OK || ana_data_need(&d, "revenue", &c_rev, &err) != GX_OK ||
		    ana_data_need(&d, "direct_cost", &c_dir, &err) != GX_OK)
			return ana_fail(&err);
		c_all = ana_data_col(&d, "allocated_cost");
		for (size_t r = 0; r < d.nrows; r++) {
			int64_t rev, cost[2] = {0, 0};
			if (ana_data_fen(&d, r, c_rev, false, &rev, &err) != GX_OK ||
			    ana_data_fen(&d, r, c_dir, false, &cost[0], &err) != GX_OK ||
			    (c_all >= 0 && *ana_data_text(&d, r, c_all) && ana_data_fen(&d, r, c_all, false, &cost[1], &err) != GX_OK))
				return ana_fail(&err);
			struct gx_value_cost costs[2] = {{cost[0], GX_VALUE_COST_DIRECT}, {cost[1], GX_VALUE_COST_ALLOCATED}};
			if (gx_value_profit(rev, costs, 2, &p, &err) != GX_OK)
				return ana_fail(&err);
			profit_row(t, ana_data_text(&d, r, c_cust), "", &p);
		}
		return ana_report_print(&rep);
	}
	struct app_analyze_base b;
	if ((rc = ana_db_load(ctx, from, as_of, &b)))
		return rc;
	for (size_t i = 0; i < b.n_customers; i++) {
		const struct app_analyze_customer *c = &b.customers[i];
		/* A customer refunded more than bought in the window has no revenue to analyse. */
		struct gx_value_cost cost = {c->cost_fen > 0 ? c->cost_fen : 0, GX_VALUE_COST_DIRECT};
		if (gx_value_profit(c->revenue_fen > 0 ? c->revenue_fen : 0, &cost, 1, &p, &err) != GX_OK)
			return ana_fail(&err);
		profit_row(t, c->code, c->name, &p);
	}
	return ana_report_print(&rep);
}

/* ---- Pareto / ABC (M17) ---------------------------------------------------------------------- */

static int pareto_params(struct cli_ctx *ctx, struct gx_pareto_params *p, int32_t *as_of)
{
	static const char *const measures[] = {"revenue", "profit", NULL};
	static const char *const windows[] = {"trailing", "all", NULL};
	int m = 0, w = 0;
	double tiers[3];
	/* defaults: the company's abc_* and pareto_top_pct settings when the database is read */
	struct app_model_params mp;
	int rc0 = ana_model_params(ctx, !ctx->argc, &mp);
	if (rc0)
		return rc0;
	*p = mp.pareto;
	long months = p->window_months;
	tiers[0] = p->tier_top;
	tiers[1] = p->tier_major;
	tiers[2] = p->tier_medium;
	int rc = ana_opt_choice(ctx, "measure", measures, &m);
	if (!rc)
		rc = ana_opt_choice(ctx, "window", windows, &w);
	if (!rc)
		rc = ana_opt_long(ctx, "window-months", 1, 1200, &months);
	if (!rc)
		rc = ana_opt_double(ctx, "a-share", &p->a_share);
	if (!rc)
		rc = ana_opt_double(ctx, "b-share", &p->b_share);
	if (!rc)
		rc = ana_opt_double(ctx, "top-share", &p->top_share);
	if (!rc)
		rc = ana_opt_doubles(ctx, "tiers", tiers, 3);
	if (!rc)
		rc = ana_opt_double(ctx, "upgrade-top", &p->upgrade_top);
	if (!rc)
		rc = ana_opt_date(ctx, "as-of", as_of);
	p->measure = m ? GX_PARETO_MEASURE_PROFIT : GX_PARETO_MEASURE_REVENUE;
	p->window = w ? GX_PARETO_WINDOW_ALL_TIME : GX_PARETO_WINDOW_TRAILING;
	p->window_months = (int)months;
	p->tier_top = tiers[0];
	p->tier_major = tiers[1];
	p->tier_medium = tiers[2];
	return rc;
}

static int pareto_report(struct cli_ctx *ctx, size_t n, const int64_t *ids, const char *const *codes,
                         const char *const *names, const int64_t *values, const double *clv,
                         const struct gx_pareto_params *p)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_pareto_customer *out = gx_arena_calloc(&ctx->arena, n + 1, sizeof *out);
	size_t *order = gx_arena_calloc(&ctx->arena, n + 1, sizeof *order);
	struct gx_pareto_summary sum;
	if (gx_pareto_analyze(ids, values, n, clv, p, out, order, &sum, &err) != GX_OK)
		return ana_fail(&err);
	enum gx_lang lang = gx_i18n_lang();
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"rank|Rank|排名", "customer|Customer|客户", "name|Name|名称",
	                                   "value_yuan|Value|价值", "cum_share|Cumulative share|累计占比",
	                                   "class|Class|ABC 类", "tier|Pyramid tier|金字塔层级",
	                                   "upgrade|Upgrade candidate|升级候选", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "Customers by value (M17)", "客户价值排序 (M17)", cols);
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		ana_row(t);
		ana_int(t, (long long)out[i].rank + 1);
		ana_text(t, codes[i]);
		ana_text(t, names ? names[i] : "");
		ana_yuan(t, values[i]);
		ana_num(t, out[i].cum_share, 4);
		ana_text(t, gx_pareto_class_label(out[i].cls, lang));
		ana_text(t, gx_pareto_tier_label(out[i].tier, lang));
		ana_bool(t, out[i].upgrade);
	}
	static const char *const scols[] = {"customers|Customers|客户数", "total_yuan|Total|合计",
	                                    "top_count|Top customers|头部客户数", "top_share|Top share|头部占比",
	                                    "gini|Gini|基尼系数", "a|A|A 类", "b|B|B 类", "c|C|C 类",
	                                    "upgrade|Upgrade candidates|升级候选", NULL};
	struct ana_table *ts = ana_table_add(&rep, "summary", "Summary", "汇总", scols);
	ana_row(ts);
	ana_int(ts, (long long)sum.n);
	ana_yuan(ts, sum.total_fen);
	ana_int(ts, (long long)sum.top_count);
	ana_num(ts, sum.top_share, 4);
	ana_num(ts, sum.gini, 4);
	for (int c = 0; c < 3; c++)
		ana_int(ts, (long long)sum.class_count[c]);
	if (sum.clv_given)
		ana_int(ts, (long long)sum.upgrade_count);
	else
		ana_null(ts);
	return ana_report_print(&rep);
}

static int run_pareto(struct cli_ctx *ctx)
{
	struct gx_pareto_params p;
	int32_t as_of = 0;
	int rc = pareto_params(ctx, &p, &as_of);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_arena *a = &ctx->arena;
	if (!ctx->argc) {
		struct app_analyze_base b;
		if ((rc = ana_db_load(ctx, APP_ANALYZE_NO_DAY, as_of, &b)))
			return rc;
		size_t n = b.n_customers, no;
		int64_t *ids = gx_arena_calloc(a, n + 1, sizeof *ids), *values = gx_arena_calloc(a, n + 1, sizeof *values);
		const char **codes = gx_arena_calloc(a, n + 1, sizeof *codes), **names = gx_arena_calloc(a, n + 1, sizeof *names);
		for (size_t i = 0; i < n; i++) {
			ids[i] = b.customers[i].id;
			codes[i] = b.customers[i].code;
			names[i] = b.customers[i].name;
		}
		struct gx_pareto_order *o = app_analyze_pareto_orders(&b, p.measure == GX_PARETO_MEASURE_PROFIT, a, &no);
		if (gx_pareto_sum_orders(o, no, n, as_of, &p, values, &err) != GX_OK)
			return ana_fail(&err);
		/* Refunds booked against an earlier window can leave a negative revenue sum. */
		for (size_t i = 0; i < n && p.measure == GX_PARETO_MEASURE_REVENUE; i++)
			if (values[i] < 0)
				values[i] = 0;
		return pareto_report(ctx, n, ids, codes, names, values, NULL, &p);
	}
	struct ana_data d;
	int c_cust;
	if (ana_data_read(a, ctx->argv[0], &d, &err) != GX_OK || ana_data_need(&d, "customer", &c_cust, &err) != GX_OK)
		return ana_fail(&err);
	size_t *group, n;
	const char **keys;
	ana_data_group(a, &d, c_cust, &group, &keys, &n);
	int64_t *ids = gx_arena_calloc(a, n + 1, sizeof *ids), *values = gx_arena_calloc(a, n + 1, sizeof *values);
	for (size_t i = 0; i < n; i++)
		ids[i] = (int64_t)i + 1;
	bool allow_neg = p.measure == GX_PARETO_MEASURE_PROFIT;
	int c_date = ana_data_col(&d, "date");
	if (c_date >= 0) {
		/* Orders layout: customer,date,amount[,cost]; summed over the window. */
		int c_amt, c_cost;
		if (ana_data_need(&d, "amount", &c_amt, &err) != GX_OK)
			return ana_fail(&err);
		c_cost = ana_data_col(&d, "cost");
		struct gx_pareto_order *o = gx_arena_calloc(a, d.nrows + 1, sizeof *o);
		for (size_t r = 0; r < d.nrows; r++) {
			int64_t amt, cost = 0;
			if (ana_data_date(&d, r, c_date, &o[r].day, &err) != GX_OK ||
			    ana_data_fen(&d, r, c_amt, true, &amt, &err) != GX_OK ||
			    (c_cost >= 0 && ana_data_fen(&d, r, c_cost, true, &cost, &err) != GX_OK))
				return ana_fail(&err);
			o[r].customer = group[r];
			o[r].amount_fen = allow_neg ? amt - cost : amt;
		}
		if (gx_pareto_sum_orders(o, d.nrows, n, as_of, &p, values, &err) != GX_OK)
			return ana_fail(&err);
		return pareto_report(ctx, n, ids, keys, NULL, values, NULL, &p);
	}
	/* Customer layout: customer,value[,clv], one row per customer. */
	int c_val, c_clv = ana_data_col(&d, "clv");
	if (ana_data_need(&d, "value", &c_val, &err) != GX_OK)
		return ana_fail(&err);
	bool *seen = gx_arena_calloc(a, n + 1, sizeof *seen);
	for (size_t r = 0; r < d.nrows; r++) {
		if (seen[group[r]]) {
			ana_data_cell_error(&d, r, c_cust, &err,
			                    _("customer listed twice (give one row per customer, or orders with a date column)"));
			return ana_fail(&err);
		}
		seen[group[r]] = true;
	}
	double *clv = c_clv >= 0 ? gx_arena_calloc(a, n + 1, sizeof *clv) : NULL;
	for (size_t r = 0; r < d.nrows; r++) {
		if (ana_data_fen(&d, r, c_val, allow_neg, &values[group[r]], &err) != GX_OK ||
		    (clv && ana_data_num(&d, r, c_clv, true, &clv[group[r]], &err) != GX_OK))
			return ana_fail(&err);
	}
	return pareto_report(ctx, n, ids, keys, NULL, values, clv, &p);
}

static const struct cli_option value_options[] = {
	{"method", "NAME", N_("profit (M16, file or database) or delivered (M15, file)"), "profit"},
	{"window", "NAME", N_("database: orders of the trailing window or all"), "trailing"},
	{"window-months", "N", N_("length of the trailing window"), "12"},
	ANA_OPT_AS_OF,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_value = {
	.name = "analyze value",
	.summary = N_("customer profitability and contribution (M16) or delivered value (M15)"),
	.usage = N_("[FILE]  (profit: customer,revenue,direct_cost[,allocated_cost] in yuan; delivered: "
	            "[item,]product,service,personnel,image,money,time,energy,psychic; without FILE: the "
	            "database's orders, revenue and cost net of refunds)"),
	.options = value_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_value,
};

static const struct cli_option pareto_options[] = {
	{"measure", "NAME", N_("rank by revenue or profit (profit ≤ 0 is class C)"), "revenue"},
	{"window", "NAME", N_("orders of the trailing window or all (orders layout and database)"), "trailing"},
	{"window-months", "N", N_("length of the trailing window (default: 12); reading the database: setting abc_window_months"), NULL},
	{"a-share", "X", N_("A while the customers above hold less than this share (default: 0.80); reading the database: setting abc_a_pct"), NULL},
	{"b-share", "X", N_("B while the customers above hold less than this share, else C (default: 0.95); reading the database: setting abc_b_pct"), NULL},
	{"top-share", "X", N_("share of customers counted as the top (default: 0.20); reading the database: setting pareto_top_pct"), NULL},
	{"tiers", "T,M,S", N_("pyramid tiers: top, major, medium shares of customers"), "0.01,0.04,0.15"},
	{"upgrade-top", "X", N_("B/C customers in this top share of predicted CLV are upgrade candidates (default: 0.20); reading the database: setting abc_upgrade_top_pct"), NULL},
	ANA_OPT_AS_OF,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_pareto = {
	.name = "analyze pareto",
	.summary = N_("Pareto/ABC analysis: top-20% share, Gini, ABC classes, pyramid (M17)"),
	.usage = N_("[FILE]  (customer,value[,clv] one row per customer, or orders customer,date,amount[,cost]; "
	            "amounts in yuan; without FILE: the database's orders net of refunds)"),
	.options = pareto_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_pareto,
};
