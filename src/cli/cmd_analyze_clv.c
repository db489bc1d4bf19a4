/* guanxi analyze clv | retention: customer lifetime value (M18 basic, M19 extended) and
 * retention economics (M20). CLV comes from flags (the textbook examples), from a file of
 * per-period cash flows, or per customer from the database (--method orders: each customer's
 * contribution over the trailing window as the level P, retained with the retention rate
 * measured on the orders). Retention comes from purchases in a file or the database, or from
 * counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analyze_common.h"
#include "cli/analyze_settings.h"
#include "guanxi/analytics/clv.h"
#include "guanxi/analytics/daynum.h"
#include "guanxi/analyze.h"

static int clv_params(struct cli_ctx *ctx, struct gx_clv_params *p, long *horizon)
{
	gx_clv_params_default(p);
	*horizon = p->horizon;
	int rc = ana_opt_double(ctx, "discount", &p->discount_rate);
	if (!rc)
		rc = ana_opt_long(ctx, "horizon", 0, 1000, horizon);
	if (!rc)
		rc = ana_opt_double(ctx, "retention", &p->retention_rate);
	p->horizon = (int)*horizon;
	return rc;
}

static const char *const result_cols[] = {"component|Component|组成", "value_yuan|Value|价值", NULL};

static void result_row(struct ana_table *t, const char *en, const char *zh, double v)
{
	ana_row(t);
	ana_text(t, ana_pick(en, zh));
	ana_num(t, v, 2);
}

/* Flags only: P0 = first − acquisition, then a level P for t = 1..T. */
static int clv_basic_flags(struct cli_ctx *ctx, const struct gx_clv_params *p)
{
	double first = NAN, acq = 0, per = NAN;
	int rc = ana_opt_double(ctx, "first", &first);
	if (!rc)
		rc = ana_opt_double(ctx, "acquisition", &acq);
	if (!rc)
		rc = ana_opt_double(ctx, "per-period", &per);
	if (!rc && (isnan(first) || isnan(per)))
		rc = cli_usage_error(ctx, "%s", _("give FILE, --method orders, or --first and --per-period (and --acquisition)"));
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	double v;
	if (gx_clv_basic_level(first, acq, per, p, &v, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "clv", "Customer lifetime value (M18)", "客户终身价值 (M18)", result_cols);
	result_row(t, "CLV", "客户终身价值", v);
	return ana_report_print(&rep);
}

/* File of cash flows: one row per period t = 0..T, columns contribution[,retention]. */
static int clv_basic_file(struct cli_ctx *ctx, const struct gx_clv_params *p)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	int c_p, c_r;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK ||
	    ana_data_need(&d, "contribution", &c_p, &err) != GX_OK)
		return ana_fail(&err);
	c_r = ana_data_col(&d, "retention");
	double *pt = gx_arena_calloc(&ctx->arena, d.nrows, sizeof *pt);
	double *rt = c_r >= 0 ? gx_arena_calloc(&ctx->arena, d.nrows, sizeof *rt) : NULL;
	for (size_t r = 0; r < d.nrows; r++)
		if (ana_data_num(&d, r, c_p, false, &pt[r], &err) != GX_OK ||
		    (rt && ana_data_num(&d, r, c_r, false, &rt[r], &err) != GX_OK))
			return ana_fail(&err);
	double v;
	if (gx_clv_basic(pt, d.nrows, rt, p, &v, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "clv", "Customer lifetime value (M18)", "客户终身价值 (M18)", result_cols);
	result_row(t, "CLV", "客户终身价值", v);
	return ana_report_print(&rep);
}

static int clv_extended(struct cli_ctx *ctx, const struct gx_clv_params *p)
{
	struct gx_clv_ext_input in;
	gx_clv_ext_input_default(&in);
	double d = NAN, c = 0, f = 0, k = 0;
	int rc = ana_opt_double(ctx, "first", &in.first_contribution_yuan);
	if (!rc)
		rc = ana_opt_double(ctx, "acquisition", &in.acquisition_yuan);
	if (!rc)
		rc = ana_opt_double(ctx, "per-period", &d);
	if (!rc)
		rc = ana_opt_double(ctx, "cost", &c);
	if (!rc)
		rc = ana_opt_double(ctx, "referrals", &f);
	if (!rc)
		rc = ana_opt_double(ctx, "referral-saving", &in.referral_saving_yuan);
	if (!rc)
		rc = ana_opt_double(ctx, "premium", &in.price_premium);
	if (!rc)
		rc = ana_opt_double(ctx, "saving", &in.cost_saving);
	if (!rc)
		rc = ana_opt_double(ctx, "cross-sell", &k);
	if (!rc && isnan(d))
		rc = cli_usage_error(ctx, "%s", _("--method extended needs --first, --acquisition and --per-period"));
	if (rc)
		return rc;
	size_t T = (size_t)p->horizon;
	double *dt = gx_arena_calloc(&ctx->arena, T + 1, sizeof *dt), *ct = gx_arena_calloc(&ctx->arena, T + 1, sizeof *ct);
	double *ft = gx_arena_calloc(&ctx->arena, T + 1, sizeof *ft), *kt = gx_arena_calloc(&ctx->arena, T + 1, sizeof *kt);
	for (size_t t = 0; t < T; t++) {
		dt[t] = d;
		ct[t] = c;
		ft[t] = f;
		kt[t] = k;
	}
	in.periods = T;
	in.contribution_yuan = dt;
	in.cost_yuan = ct;
	in.referrals = ft;
	in.cross_sell_share = kt;
	in.retention_rate = p->retention_rate;
	in.discount_rate = p->discount_rate;
	struct gx_clv_ext_result r;
	struct gx_error err;
	gx_error_clear(&err);
	if (gx_clv_extended(&in, &r, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	struct ana_table *t = ana_table_add(&rep, "clv", "Extended CLV and its six components (M19)",
	                                    "扩展客户终身价值及六个组成部分 (M19)", result_cols);
	enum gx_lang lang = gx_i18n_lang();
	const double parts[] = {r.first_purchase_yuan, r.repeat_yuan, r.cross_selling_yuan, r.cost_savings_yuan,
	                        r.referrals_yuan, r.price_premium_yuan};
	for (int i = 0; i < 6; i++) {
		ana_row(t);
		ana_text(t, gx_clv_component_label(i, lang));
		ana_num(t, parts[i], 2);
	}
	result_row(t, "CLV", "客户终身价值", r.clv_yuan);
	return ana_report_print(&rep);
}

/* Per customer from the database: P = contribution (net − cost) over the trailing window. */
static int clv_orders(struct cli_ctx *ctx, struct gx_clv_params *p)
{
	int32_t as_of = 0;
	/* the database is read: the company's clv_discount_rate, clv_years and
	 * retention_window_months are the defaults of the options not given */
	struct app_model_params m;
	int rc = ana_model_params(ctx, 1, &m);
	if (rc)
		return rc;
	if (!cli_opt(ctx, "discount"))
		p->discount_rate = m.clv.discount_rate;
	if (!cli_opt(ctx, "horizon"))
		p->horizon = m.clv.horizon;
	long months = m.retention.window_months;
	rc = ana_opt_date(ctx, "as-of", &as_of);
	if (!rc && cli_opt(ctx, "window-months"))
		rc = ana_opt_long(ctx, "window-months", 1, 1200, &months);
	if (rc)
		return rc;
	struct app_analyze_base b;
	if ((rc = ana_db_load(ctx, gx_daynum_add_months(as_of, -(int)months), as_of, &b)))
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_clv_retention ret = {0};
	bool measured = !cli_opt(ctx, "retention");
	if (measured) {
		size_t np;
		struct gx_clv_purchase *pu = app_analyze_purchases(&b, &ctx->arena, &np);
		struct gx_clv_retention_params rp = {(int)months};
		if (gx_clv_retention_rate(pu, np, as_of, &rp, &ret, &err) != GX_OK) {
			if (err.code == GX_ENUMERIC)
				gx_error_prefix(&err, "%s: ", _("give --retention R"));
			return ana_fail(&err);
		}
		p->retention_rate = ret.retention;
	}
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"customer|Customer|客户", "name|Name|名称",
	                                   "contribution_yuan|Contribution per period|每期贡献",
	                                   "clv_yuan|CLV|客户终身价值", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "CLV per customer (M18)", "客户终身价值 (M18)", cols);
	double *flows = gx_arena_calloc(&ctx->arena, (size_t)p->horizon + 1, sizeof *flows);
	for (size_t i = 0; i < b.n_customers; i++) {
		double per = (double)(b.customers[i].revenue_fen - b.customers[i].cost_fen) / 100.0;
		for (int k = 0; k <= p->horizon; k++)
			flows[k] = per;
		double v;
		if (gx_clv_basic(flows, (size_t)p->horizon + 1, NULL, p, &v, &err) != GX_OK)
			return ana_fail(&err);
		ana_row(t);
		ana_text(t, b.customers[i].code);
		ana_text(t, b.customers[i].name);
		ana_num(t, per, 2);
		ana_num(t, v, 2);
	}
	static const char *const pcols[] = {"retention|Retention rate|客户保持率", "measured|Measured on orders|由订单测得",
	                                    "discount|Discount rate|折现率", "horizon|Horizon (periods)|期数", NULL};
	struct ana_table *tp = ana_table_add(&rep, "parameters", "Parameters", "参数", pcols);
	ana_row(tp);
	ana_num(tp, p->retention_rate, 4);
	ana_bool(tp, measured);
	ana_num(tp, p->discount_rate, 4);
	ana_int(tp, p->horizon);
	return ana_report_print(&rep);
}

static int run_clv(struct cli_ctx *ctx)
{
	static const char *const methods[] = {"basic", "extended", "orders", NULL};
	int method = 0;
	struct gx_clv_params p;
	long horizon;
	int rc = ana_opt_choice(ctx, "method", methods, &method);
	if (!rc)
		rc = clv_params(ctx, &p, &horizon);
	if (rc)
		return rc;
	if (method == 1)
		return clv_extended(ctx, &p);
	if (method == 2)
		return clv_orders(ctx, &p);
	return ctx->argc ? clv_basic_file(ctx, &p) : clv_basic_flags(ctx, &p);
}

/* ---- retention (M20) ------------------------------------------------------------------------- */

/* A purchase with its amount (fen; -1 when the file has none). */
struct rate_purchase {
	int64_t customer;
	int32_t day;
	int64_t fen;
};

static int rate_cmp(const void *a, const void *b)
{
	const struct rate_purchase *x = a, *y = b;
	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	return (x->day > y->day) - (x->day < y->day);
}

/* The counts behind the rate metrics over [from, as_of): buyers and repeat buyers (2+ purchase
 * days in the window), first-time buyers (first purchase ever in the window) and of them
 * second purchasers (another purchase day before as_of), orders and revenue. Leads and
 * opportunities are not recorded yet: those rates stay undefined. */
static void rate_counts(struct rate_purchase *p, size_t n, int32_t from, int32_t as_of, bool amounts,
                        struct gx_clv_rate_counts *c)
{
	memset(c, 0, sizeof *c);
	qsort(p, n, sizeof *p, rate_cmp);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int days_in = 0, days_all = 0;
		int32_t last_in = INT32_MIN, last_all = INT32_MIN;
		while (j < n && p[j].customer == p[i].customer) {
			if (p[j].day < as_of) {
				if (p[j].day != last_all)
					days_all++;
				last_all = p[j].day;
				if (p[j].day >= from) {
					if (p[j].day != last_in)
						days_in++;
					last_in = p[j].day;
					c->orders++;
					if (amounts)
						c->revenue_fen += p[j].fen;
				}
			}
			j++;
		}
		c->buyers += days_in > 0;
		c->repeat_buyers += days_in > 1;
		bool first_in = days_all > 0 && p[i].day >= from && p[i].day < as_of;
		c->first_time_buyers += first_in;
		c->second_purchasers += first_in && days_all > 1;
		i = j;
	}
}

static void rates_part(struct ana_report *rep, const struct gx_clv_rate_counts *c, bool amounts)
{
	struct gx_clv_rates r;
	struct gx_error err;
	if (gx_clv_rates(c, &r, &err) != GX_OK)
		return;
	static const char *const cols[] = {"metric|Metric|指标", "value|Value|数值", "numerator|Numerator|分子",
	                                   "denominator|Denominator|分母", NULL};
	struct ana_table *t = ana_table_add(rep, "rates", "Rate metrics over the last window", "近一个窗口期的比率指标", cols);
	enum gx_lang lang = gx_i18n_lang();
	const double v[] = {r.repurchase, r.second_purchase, r.average_order_yuan};
	const int which[] = {0, 1, 5};
	const long long num[] = {c->repeat_buyers, c->second_purchasers, 0};
	const long long den[] = {c->buyers, c->first_time_buyers, c->orders};
	for (int k = 0; k < 3; k++) {
		if (which[k] == 5 && !amounts)
			continue;
		ana_row(t);
		ana_text(t, gx_clv_rate_label(which[k], lang));
		ana_num(t, v[k], which[k] == 5 ? 2 : 4);
		if (which[k] == 5)
			ana_yuan(t, c->revenue_fen);
		else
			ana_int(t, num[k]);
		ana_int(t, den[k]);
	}
}

static int run_retention(struct cli_ctx *ctx)
{
	int32_t as_of = 0;
	long months = 12, base = -1, retained = -1;
	double cost = NAN;
	int rc = ana_opt_date(ctx, "as-of", &as_of);
	if (!rc)
		rc = ana_opt_long(ctx, "window-months", 1, 1200, &months);
	if (!rc)
		rc = ana_opt_long(ctx, "base", 0, 2147483647L, &base);
	if (!rc)
		rc = ana_opt_long(ctx, "retained", 0, 2147483647L, &retained);
	if (!rc)
		rc = ana_opt_double(ctx, "retention-cost", &cost);
	if (rc)
		return rc;
	bool from_db = base < 0 && retained < 0 && !ctx->argc;
	if (from_db && !cli_opt(ctx, "window-months")) {   /* the company's retention_window_months */
		struct app_model_params m;
		if ((rc = ana_model_params(ctx, 1, &m)))
			return rc;
		months = m.retention.window_months;
	}
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_clv_retention ret;
	struct gx_clv_retention_params rp = {(int)months};
	struct rate_purchase *rp_list = NULL;
	size_t n_rp = 0;
	bool amounts = false;
	if (base >= 0 || retained >= 0) {
		if (base < 0 || retained < 0)
			return cli_usage_error(ctx, "%s", _("give both --base and --retained"));
		if (gx_clv_retention_from_counts(base, retained, &ret, &err) != GX_OK)
			return ana_fail(&err);
	} else if (ctx->argc) {
		struct ana_data d;
		int c_cust, c_date;
		if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK ||
		    ana_data_need(&d, "customer", &c_cust, &err) != GX_OK || ana_data_need(&d, "date", &c_date, &err) != GX_OK)
			return ana_fail(&err);
		size_t *group, n;
		const char **keys;
		ana_data_group(&ctx->arena, &d, c_cust, &group, &keys, &n);
		int c_amt = ana_data_col(&d, "amount");
		struct gx_clv_purchase *pu = gx_arena_calloc(&ctx->arena, d.nrows, sizeof *pu);
		rp_list = gx_arena_calloc(&ctx->arena, d.nrows, sizeof *rp_list);
		for (size_t r = 0; r < d.nrows; r++) {
			pu[r].customer_id = (int64_t)group[r];
			rp_list[r] = (struct rate_purchase){(int64_t)group[r], 0, 0};
			if (ana_data_date(&d, r, c_date, &pu[r].day, &err) != GX_OK ||
			    (c_amt >= 0 && ana_data_fen(&d, r, c_amt, false, &rp_list[r].fen, &err) != GX_OK))
				return ana_fail(&err);
			rp_list[r].day = pu[r].day;
		}
		n_rp = d.nrows;
		amounts = c_amt >= 0;
		if (gx_clv_retention_rate(pu, d.nrows, as_of, &rp, &ret, &err) != GX_OK)
			return ana_fail(&err);
	} else {
		struct app_analyze_base b;
		if ((rc = ana_db_load(ctx, APP_ANALYZE_NO_DAY, as_of, &b)))
			return rc;
		size_t np;
		struct gx_clv_purchase *pu = app_analyze_purchases(&b, &ctx->arena, &np);
		rp_list = gx_arena_calloc(&ctx->arena, b.n_orders + 1, sizeof *rp_list);
		for (size_t k = 0; k < b.n_orders; k++)
			if (b.orders[k].net_fen > 0)
				rp_list[n_rp++] = (struct rate_purchase){b.customers[b.orders[k].customer].id, b.orders[k].day,
				                                         b.orders[k].net_fen};
		amounts = true;
		if (gx_clv_retention_rate(pu, np, as_of, &rp, &ret, &err) != GX_OK)
			return ana_fail(&err);
	}
	double lifetime = NAN;
	struct gx_error lerr;
	gx_error_clear(&lerr);
	gx_clv_expected_lifetime(ret.churn, &lifetime, &lerr);   /* churn 0: no finite lifetime */
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"base|Base customers|基期客户", "retained|Retained|保持客户",
	                                   "retention|Retention rate|客户保持率", "churn|Churn rate|流失率",
	                                   "lifetime|Expected lifetime T = 1/churn|预期寿命 T = 1/流失率", NULL};
	struct ana_table *t = ana_table_add(&rep, "retention", "Retention (M20)", "客户保持 (M20)", cols);
	ana_row(t);
	ana_int(t, (long long)ret.base_customers);
	ana_int(t, (long long)ret.retained_customers);
	ana_num(t, ret.retention, 4);
	ana_num(t, ret.churn, 4);
	ana_num(t, lifetime, 2);
	if (rp_list) {
		struct gx_clv_rate_counts counts;
		rate_counts(rp_list, n_rp, gx_daynum_add_months(as_of, -(int)months), as_of, amounts, &counts);
		rates_part(&rep, &counts, amounts);
	}
	if (cli_opt(ctx, "lost-reasons")) {
		/* Reasons of the lost customers, one per lost customer: "price,price,service". */
		char *copy = gx_arena_strdup(&ctx->arena, cli_opt(ctx, "lost-reasons")), *save = NULL;
		size_t cap = strlen(copy) + 1, n_lost = 0, n_reasons = 0;
		const char **names = gx_arena_calloc(&ctx->arena, cap, sizeof *names);
		int *of = gx_arena_calloc(&ctx->arena, cap, sizeof *of);
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			size_t k = 0;
			while (k < n_reasons && strcmp(names[k], tok) != 0)
				k++;
			if (k == n_reasons)
				names[n_reasons++] = tok;
			of[n_lost++] = (int)k;
		}
		double *rate = gx_arena_calloc(&ctx->arena, n_reasons + 1, sizeof *rate);
		if (gx_clv_churn_by_reason(of, n_lost, n_reasons, ret.base_customers, rate, &err) != GX_OK)
			return ana_fail(&err);
		static const char *const ccols[] = {"reason|Reason|原因", "lost|Lost customers|流失客户", "rate|Churn rate|流失率", NULL};
		struct ana_table *tc = ana_table_add(&rep, "churn_reasons", "Churn by reason", "按原因的流失率", ccols);
		for (size_t k = 0; k < n_reasons; k++) {
			long long lost = 0;
			for (size_t j = 0; j < n_lost; j++)
				lost += of[j] == (int)k;
			ana_row(tc);
			ana_text(tc, names[k]);
			ana_int(tc, lost);
			ana_num(tc, rate[k], 4);
		}
	}
	if (cli_opt(ctx, "lost-clv")) {
		const char *v = cli_opt(ctx, "lost-clv");
		size_t n = 1;
		for (const char *s = v; *s; s++)
			n += *s == ',';
		double *lost = gx_arena_calloc(&ctx->arena, n, sizeof *lost);
		if ((rc = ana_opt_doubles(ctx, "lost-clv", lost, n)))
			return rc;
		if (isnan(cost))
			return cli_usage_error(ctx, "%s", _("--lost-clv needs --retention-cost"));
		struct gx_clv_retention_decision dec;
		if (gx_clv_retention_decide(lost, NULL, n, cost, &dec, &err) != GX_OK)
			return ana_fail(&err);
		static const char *const dcols[] = {"lost_profit_yuan|Lost profit|流失利润", "retention_cost_yuan|Retention cost|保持成本",
		                                    "invest|Invest in retention|投资客户保持", NULL};
		struct ana_table *td = ana_table_add(&rep, "decision", "Retain or not (Kotler)", "是否投资客户保持", dcols);
		ana_row(td);
		ana_num(td, dec.lost_profit_yuan, 2);
		ana_num(td, cost, 2);
		ana_bool(td, dec.invest);
	}
	return ana_report_print(&rep);
}

static const struct cli_option clv_options[] = {
	{"method", "NAME", N_("basic (M18: flags or FILE), extended (M19: flags) or orders (M18 per customer from the database)"), "basic"},
	{"discount", "I", N_("discount rate i per period (orders: setting clv_discount_rate)"), "0.09"},
	{"horizon", "T", N_("periods after the first (orders: setting clv_years)"), "5"},
	{"retention", "R", N_("retention rate r (R_t = r^t); orders: measured on the orders unless given"), "1"},
	{"first", "YUAN", N_("first-period contribution (basic P0 before acquisition; extended D0)"), NULL},
	{"acquisition", "YUAN", N_("acquisition cost A"), "0"},
	{"per-period", "YUAN", N_("contribution of each later period (basic P; extended D_t)"), NULL},
	{"cost", "YUAN", N_("extended: cost of each later period C_t"), "0"},
	{"referrals", "N", N_("extended: referrals per period F_t"), "0"},
	{"referral-saving", "YUAN", N_("extended: saving per referred customer s (default: A)"), NULL},
	{"premium", "P", N_("extended: loyal-customer price premium p"), "0"},
	{"saving", "C", N_("extended: old-customer cost saving c"), "0"},
	{"cross-sell", "K", N_("extended: share of D_t from cross-selling"), "0"},
	{"window-months", "N", N_("orders: window of the contribution and of the retention rate (setting retention_window_months)"), "12"},
	ANA_OPT_AS_OF,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_clv = {
	.name = "analyze clv",
	.summary = N_("customer lifetime value: basic (M18), extended with six components (M19), or per customer from orders"),
	.usage = N_("[FILE]  (basic with FILE: one row per period t = 0..T, columns contribution[,retention])"),
	.options = clv_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_clv,
};

static const struct cli_option retention_options[] = {
	{"window-months", "N", N_("window length: base [d−2w, d−w), repeat [d−w, d) (reading the database: setting retention_window_months)"), "12"},
	{"base", "N", N_("instead of purchases: customers in the base window"), NULL},
	{"retained", "N", N_("instead of purchases: of them, customers who bought again"), NULL},
	{"lost-reasons", "R1,R2,…", N_("the reason of each lost customer, for churn by reason"), NULL},
	{"lost-clv", "V1,V2,…", N_("CLVs (yuan) of the customers lost to avoidable reasons"), NULL},
	{"retention-cost", "YUAN", N_("cost of the retention programme, compared with the lost profit"), NULL},
	ANA_OPT_AS_OF,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_retention = {
	.name = "analyze retention",
	.summary = N_("retention and churn rates, expected lifetime and the retain-or-not decision (M20)"),
	.usage = N_("[FILE]  (purchases: customer,date[,amount]; without FILE: the database's orders, or --base/--retained)"),
	.options = retention_options,
	.min_args = 0,
	.max_args = 1,
	.run = run_retention,
};
