/* guanxi analyze loyalty --method tucker|index|js|types: the loyalty models M9–M12.
 *   tucker  purchases customer,date (or the database's orders) → loyal by the Tucker rule
 *   index   customer + factor columns (duration, frequency, trend, wallet, cross, referrals,
 *           discount, willingness, satisfaction; any subset, empty cells missing), or the
 *           database's orders (duration, frequency, trend, discount share) → nine-factor index
 *   js      customer,satisfaction,loyalty → Jones & Sasser type
 *   types   customer[,satisfaction,behaviour,tucker,discount_share,points_share,no_alternative],
 *           or the database (behaviour and Tucker from orders; attitude not surveyed) → type */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/analyze_common.h"
#include "cli/analyze_settings.h"
#include "guanxi/analytics/loyalty.h"
#include "guanxi/analyze.h"

static const char *const factor_cols[GX_LOYALTY_FACTORS] = {
	"duration", "frequency", "trend", "wallet", "cross", "referrals", "discount", "willingness", "satisfaction"};

/* The customers of the report: from a file (keys) or the database (codes). */
struct who {
	size_t n;
	const char **code;
	const char **name;
};

static void who_from_base(struct gx_arena *a, const struct app_analyze_base *b, struct who *w)
{
	w->n = b->n_customers;
	w->code = gx_arena_calloc(a, w->n + 1, sizeof *w->code);
	w->name = gx_arena_calloc(a, w->n + 1, sizeof *w->name);
	for (size_t i = 0; i < w->n; i++) {
		w->code[i] = b->customers[i].code;
		w->name[i] = b->customers[i].name;
	}
}

/* Defaults: the company's tucker_* settings when the database is read. */
static int tucker_params(struct cli_ctx *ctx, int from_db, struct gx_loyalty_tucker_params *p)
{
	static const char *const periods[] = {"day", "week", "month", "quarter", "year", NULL};
	struct app_model_params m;
	int rc = ana_model_params(ctx, from_db, &m);
	if (rc)
		return rc;
	*p = m.tucker;
	int period = (int)p->period;
	long n = p->periods;
	rc = ana_opt_long(ctx, "periods", 1, 1000, &n);
	if (!rc)
		rc = ana_opt_choice(ctx, "period", periods, &period);
	p->periods = (int)n;
	p->period = (enum gx_loyalty_period)period;
	return rc;
}

/* Tucker verdicts of every customer: from purchases in a file or the base. */
static int tucker_all(struct cli_ctx *ctx, const struct ana_data *d, const struct app_analyze_base *b, int32_t as_of,
                      struct who *w, bool **loyal_out)
{
	struct gx_loyalty_tucker_params p;
	int rc = tucker_params(ctx, d == NULL, &p);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_arena *a = &ctx->arena;
	bool *loyal;
	if (d) {
		int c_cust, c_date;
		if (ana_data_need(d, "customer", &c_cust, &err) != GX_OK || ana_data_need(d, "date", &c_date, &err) != GX_OK)
			return ana_fail(&err);
		size_t *group;
		ana_data_group(a, d, c_cust, &group, &w->code, &w->n);
		w->name = NULL;
		int32_t *days = gx_arena_calloc(a, d->nrows + 1, sizeof *days);
		loyal = gx_arena_calloc(a, w->n + 1, sizeof *loyal);
		for (size_t g = 0; g < w->n; g++) {
			size_t m = 0;
			for (size_t r = 0; r < d->nrows; r++)
				if (group[r] == g && ana_data_date(d, r, c_date, &days[m++], &err) != GX_OK)
					return ana_fail(&err);
			if (gx_loyalty_tucker(days, m, as_of, &p, &loyal[g], &err) != GX_OK)
				return ana_fail(&err);
		}
	} else {
		who_from_base(a, b, w);
		loyal = gx_arena_calloc(a, w->n + 1, sizeof *loyal);
		for (size_t i = 0; i < w->n; i++) {
			size_t m;
			int32_t *days = app_analyze_purchase_days(b, i, a, &m);
			if (gx_loyalty_tucker(days, m, as_of, &p, &loyal[i], &err) != GX_OK)
				return ana_fail(&err);
		}
	}
	*loyal_out = loyal;
	return CLI_OK;
}

static int index_params(struct cli_ctx *ctx, struct gx_loyalty_index_params *p)
{
	gx_loyalty_index_params_default(p);
	/* Read only when given: the defaults are the exact fractions the --help text rounds. */
	int rc = CLI_OK;
	if (cli_opt(ctx, "group-weights"))
		rc = ana_opt_doubles(ctx, "group-weights", p->group_weight, GX_LOYALTY_GROUPS);
	if (!rc && cli_opt(ctx, "factor-weights"))
		rc = ana_opt_doubles(ctx, "factor-weights", p->factor_weight, GX_LOYALTY_FACTORS);
	return rc;
}

/* Factors n × 9 from a file (customer + factor columns) or the base. */
static int index_factors(struct cli_ctx *ctx, const struct ana_data *d, const struct app_analyze_base *b,
                         struct who *w, double **out)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_arena *a = &ctx->arena;
	if (!d) {
		who_from_base(a, b, w);
		*out = app_analyze_loyalty_factors(b, a);
		return CLI_OK;
	}
	int c_cust;
	if (ana_data_need(d, "customer", &c_cust, &err) != GX_OK)
		return ana_fail(&err);
	w->n = d->nrows;
	w->code = gx_arena_calloc(a, d->nrows + 1, sizeof *w->code);
	w->name = NULL;
	double *f = gx_arena_calloc(a, d->nrows * GX_LOYALTY_FACTORS + 1, sizeof *f);
	int cols[GX_LOYALTY_FACTORS];
	bool any = false;
	for (int k = 0; k < GX_LOYALTY_FACTORS; k++) {
		cols[k] = ana_data_col(d, factor_cols[k]);
		any |= cols[k] >= 0;
	}
	if (!any) {
		gx_error_set(&err, GX_EINVAL, "factors", _("%s: no factor columns (duration, frequency, trend, wallet, cross, referrals, discount, willingness, satisfaction)"), d->path);
		return ana_fail(&err);
	}
	for (size_t r = 0; r < d->nrows; r++) {
		w->code[r] = ana_data_text(d, r, c_cust);
		for (int k = 0; k < GX_LOYALTY_FACTORS; k++) {
			double *x = &f[r * GX_LOYALTY_FACTORS + (size_t)k];
			*x = NAN;
			if (cols[k] >= 0 && ana_data_num(d, r, cols[k], true, x, &err) != GX_OK)
				return ana_fail(&err);
		}
	}
	*out = f;
	return CLI_OK;
}

static int run_tucker(struct cli_ctx *ctx, const struct ana_data *d, const struct app_analyze_base *b, int32_t as_of)
{
	struct who w;
	bool *loyal = NULL;
	int rc = tucker_all(ctx, d, b, as_of, &w, &loyal);
	if (rc)
		return rc;
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"customer|Customer|客户", "name|Name|名称", "loyal|Loyal (Tucker)|忠诚 (塔克)", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "Tucker rule (M9)", "塔克标准 (M9)", cols);
	for (size_t i = 0; i < w.n; i++) {
		ana_row(t);
		ana_text(t, w.code[i]);
		ana_text(t, w.name ? w.name[i] : "");
		ana_bool(t, loyal[i]);
	}
	return ana_report_print(&rep);
}

static int run_index(struct cli_ctx *ctx, const struct ana_data *d, const struct app_analyze_base *b)
{
	struct gx_loyalty_index_params p;
	struct who w;
	double *f = NULL;
	int rc = index_params(ctx, &p);
	if (!rc)
		rc = index_factors(ctx, d, b, &w, &f);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	double *idx = gx_arena_calloc(&ctx->arena, w.n + 1, sizeof *idx);
	double *beh = gx_arena_calloc(&ctx->arena, w.n + 1, sizeof *beh);
	if (gx_loyalty_index(f, w.n, &p, idx, beh, NULL, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"customer|Customer|客户", "name|Name|名称", "index|Loyalty index|忠诚度指数",
	                                   "behaviour|Behaviour sub-index|行为子指数", "loyalty_1_5|Loyalty 1–5|忠诚度 (1–5)", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "Nine-factor loyalty index (M10)", "九因素忠诚度指数 (M10)", cols);
	for (size_t i = 0; i < w.n; i++) {
		double l15 = NAN;
		if (!isnan(idx[i]))
			gx_loyalty_from_index(idx[i], &l15, &err);
		ana_row(t);
		ana_text(t, w.code[i]);
		ana_text(t, w.name ? w.name[i] : "");
		ana_num(t, idx[i], 4);
		ana_num(t, beh[i], 4);
		ana_num(t, l15, 4);
	}
	return ana_report_print(&rep);
}

static int run_js(struct cli_ctx *ctx, const struct ana_data *d)
{
	struct gx_loyalty_js_params p;
	gx_loyalty_js_params_default(&p);
	double sat_scale[2] = {1, 5}, loy_scale[2] = {1, 5};
	int rc = ana_opt_double(ctx, "midpoint", &p.midpoint);
	if (!rc)
		rc = ana_opt_double(ctx, "apostle", &p.apostle);
	if (!rc)
		rc = ana_opt_double(ctx, "terrorist", &p.terrorist);
	if (!rc)
		rc = ana_opt_doubles(ctx, "sat-scale", sat_scale, 2);
	if (!rc)
		rc = ana_opt_doubles(ctx, "loy-scale", loy_scale, 2);
	if (!rc && !d)
		rc = cli_usage_error(ctx, "%s", _("--method js reads a file: customer,satisfaction,loyalty (survey answers; files only)"));
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	int c_cust, c_sat, c_loy;
	if (ana_data_need(d, "customer", &c_cust, &err) != GX_OK || ana_data_need(d, "satisfaction", &c_sat, &err) != GX_OK ||
	    ana_data_need(d, "loyalty", &c_loy, &err) != GX_OK)
		return ana_fail(&err);
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"customer|Customer|客户", "satisfaction_1_5|Satisfaction 1–5|满意度 (1–5)",
	                                   "loyalty_1_5|Loyalty 1–5|忠诚度 (1–5)", "type|Type|类型", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "Satisfaction × loyalty (M11)", "满意度 × 忠诚度 (M11)", cols);
	for (size_t r = 0; r < d->nrows; r++) {
		double s, l, s5 = NAN, l5 = NAN;
		if (ana_data_num(d, r, c_sat, true, &s, &err) != GX_OK || ana_data_num(d, r, c_loy, true, &l, &err) != GX_OK)
			return ana_fail(&err);
		int bad = -1;
		enum gx_loyalty_js type;
		if (!isnan(s) && gx_loyalty_rescale_1_5(s, sat_scale[0], sat_scale[1], &s5, &err) != GX_OK)
			bad = c_sat;
		else if (!isnan(l) && gx_loyalty_rescale_1_5(l, loy_scale[0], loy_scale[1], &l5, &err) != GX_OK)
			bad = c_loy;
		else if (gx_loyalty_js_classify(s5, l5, &p, &type, &err) != GX_OK)
			bad = c_loy;
		if (bad >= 0) {
			char why[sizeof err.message];
			snprintf(why, sizeof why, "%s", err.message);
			ana_data_cell_error(d, r, bad, &err, why);
			return ana_fail(&err);
		}
		ana_row(t);
		ana_text(t, ana_data_text(d, r, c_cust));
		ana_num(t, s5, 4);
		ana_num(t, l5, 4);
		ana_text(t, gx_loyalty_js_label(type, gx_i18n_lang()));
	}
	return ana_report_print(&rep);
}

static int run_types(struct cli_ctx *ctx, const struct ana_data *d, const struct app_analyze_base *b, int32_t as_of)
{
	struct gx_loyalty_type_params p;
	struct app_model_params m;   /* the company's loyalty_* settings when the database is read */
	int rc = ana_model_params(ctx, d == NULL, &m);
	p = m.loyalty_type;
	if (!rc)
		rc = ana_opt_double(ctx, "attitude-midpoint", &p.attitude_midpoint);
	if (!rc)
		rc = ana_opt_double(ctx, "repeat-threshold", &p.repeat_threshold);
	if (!rc)
		rc = ana_opt_double(ctx, "price-share", &p.price_share);
	if (!rc)
		rc = ana_opt_double(ctx, "incentive-share", &p.incentive_share);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct gx_arena *a = &ctx->arena;
	struct who w;
	struct gx_loyalty_type_input *in;
	if (d) {
		int c_cust;
		if (ana_data_need(d, "customer", &c_cust, &err) != GX_OK)
			return ana_fail(&err);
		int c_sat = ana_data_col(d, "satisfaction"), c_beh = ana_data_col(d, "behaviour"),
		    c_tuck = ana_data_col(d, "tucker"), c_disc = ana_data_col(d, "discount_share"),
		    c_pts = ana_data_col(d, "points_share"), c_mono = ana_data_col(d, "no_alternative");
		w.n = d->nrows;
		w.code = gx_arena_calloc(a, w.n + 1, sizeof *w.code);
		w.name = NULL;
		in = gx_arena_calloc(a, w.n + 1, sizeof *in);
		for (size_t r = 0; r < d->nrows; r++) {
			w.code[r] = ana_data_text(d, r, c_cust);
			struct gx_loyalty_type_input *x = &in[r];
			x->satisfaction_1_5 = x->behaviour_index = x->discount_share = x->points_share = NAN;
			if ((c_sat >= 0 && ana_data_num(d, r, c_sat, true, &x->satisfaction_1_5, &err) != GX_OK) ||
			    (c_beh >= 0 && ana_data_num(d, r, c_beh, true, &x->behaviour_index, &err) != GX_OK) ||
			    (c_tuck >= 0 && ana_data_bool(d, r, c_tuck, &x->tucker_loyal, &err) != GX_OK) ||
			    (c_disc >= 0 && ana_data_num(d, r, c_disc, true, &x->discount_share, &err) != GX_OK) ||
			    (c_pts >= 0 && ana_data_num(d, r, c_pts, true, &x->points_share, &err) != GX_OK) ||
			    (c_mono >= 0 && ana_data_bool(d, r, c_mono, &x->no_alternative, &err) != GX_OK))
				return ana_fail(&err);
		}
	} else {
		struct gx_loyalty_index_params ip;
		bool *loyal = NULL;
		double *f = NULL;
		if ((rc = index_params(ctx, &ip)) || (rc = tucker_all(ctx, NULL, b, as_of, &w, &loyal)) ||
		    (rc = index_factors(ctx, NULL, b, &w, &f)))
			return rc;
		double *idx = gx_arena_calloc(a, w.n + 1, sizeof *idx), *beh = gx_arena_calloc(a, w.n + 1, sizeof *beh);
		if (gx_loyalty_index(f, w.n, &ip, idx, beh, NULL, &err) != GX_OK)
			return ana_fail(&err);
		in = gx_arena_calloc(a, w.n + 1, sizeof *in);
		for (size_t i = 0; i < w.n; i++)
			in[i] = (struct gx_loyalty_type_input){NAN, beh[i], loyal[i], f[i * GX_LOYALTY_FACTORS + GX_LOYALTY_A32_DISCOUNT],
			                                       NAN, false};
	}
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"customer|Customer|客户", "name|Name|名称", "attitude|Attitude|态度",
	                                   "repeat|Repeat behaviour|重复购买", "type|Loyalty type|忠诚类型", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "Loyalty types (M12)", "忠诚类型 (M12)", cols);
	for (size_t i = 0; i < w.n; i++) {
		struct gx_loyalty_type_result res;
		if (gx_loyalty_type_classify(&in[i], &p, &res, &err) != GX_OK) {
			gx_error_prefix(&err, "%s: ", w.code[i]);
			return ana_fail(&err);
		}
		ana_row(t);
		ana_text(t, w.code[i]);
		ana_text(t, w.name ? w.name[i] : "");
		ana_text(t, !res.attitude_surveyed ? ana_pick("not surveyed", "未调查")
		                                   : res.attitude_high ? ana_pick("high", "高") : ana_pick("low", "低"));
		ana_text(t, res.repeat_high ? ana_pick("high", "高") : ana_pick("low", "低"));
		ana_text(t, gx_loyalty_type_label(res.type, gx_i18n_lang()));
	}
	return ana_report_print(&rep);
}

static int run(struct cli_ctx *ctx)
{
	static const char *const methods[] = {"tucker", "index", "js", "types", NULL};
	int method = 0;
	int32_t as_of = 0;
	int rc = ana_opt_choice(ctx, "method", methods, &method);
	if (!rc)
		rc = ana_opt_date(ctx, "as-of", &as_of);
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	struct app_analyze_base b;
	const struct ana_data *dp = NULL;
	if (ctx->argc) {
		if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
			return ana_fail(&err);
		dp = &d;
	} else if (method != 2 && (rc = ana_db_load(ctx, APP_ANALYZE_NO_DAY, as_of, &b))) {
		return rc;
	}
	switch (method) {
	case 0: return run_tucker(ctx, dp, &b, as_of);
	case 1: return run_index(ctx, dp, &b);
	case 2: return run_js(ctx, dp);
	default: return run_types(ctx, dp, &b, as_of);
	}
}

static const struct cli_option options[] = {
	{"method", "NAME", N_("tucker (M9), index (M10), js (M11 satisfaction × loyalty) or types (M12)"), "tucker"},
	{"periods", "N", N_("tucker: consecutive complete periods with a purchase (default: 3); reading the database: setting tucker_periods"), NULL},
	{"period", "NAME", N_("tucker: day, week, month, quarter or year (default: month); reading the database: setting tucker_period"), NULL},
	{"group-weights", "A1,A2,A3", N_("index: weights of the duration, spending and attitude groups"), "0.3333,0.3333,0.3333"},
	{"factor-weights", "W1,…,W9", N_("index: weights of the nine factors within their groups"),
	 "0.3333,0.3333,0.3333,0.5,0.5,0.25,0.25,0.25,0.25"},
	{"midpoint", "X", N_("js: high means strictly above this on 1..5"), "3"},
	{"apostle", "X", N_("js: both at least this → apostle"), "4.5"},
	{"terrorist", "X", N_("js: both at most this → terrorist"), "1.5"},
	{"sat-scale", "LO,HI", N_("js: scale of the satisfaction column, rescaled to 1..5"), "1,5"},
	{"loy-scale", "LO,HI", N_("js: scale of the loyalty column, rescaled to 1..5"), "1,5"},
	{"attitude-midpoint", "X", N_("types: attitude high iff satisfaction above this (default: 3); reading the database: setting loyalty_attitude_midpoint"), NULL},
	{"repeat-threshold", "X", N_("types: repeat high iff behaviour sub-index at least this (or Tucker loyal) (default: 0.5); reading the database: setting loyalty_repeat_threshold"), NULL},
	{"price-share", "X", N_("types: share of discounted purchases for price loyalty (default: 0.5); reading the database: setting loyalty_price_share"), NULL},
	{"incentive-share", "X", N_("types: share of orders with points redeemed for incentive loyalty (default: 0.5); reading the database: setting loyalty_incentive_share"), NULL},
	ANA_OPT_AS_OF,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_loyalty = {
	.name = "analyze loyalty",
	.summary = N_("loyalty: Tucker rule (M9), nine-factor index (M10), satisfaction × loyalty (M11), types (M12)"),
	.usage = N_("[FILE]  (tucker: customer,date; index: customer + factor columns; js: customer,satisfaction,loyalty; "
	            "types: customer[,satisfaction,behaviour,tucker,discount_share,points_share,no_alternative]; "
	            "without FILE: the database's orders, except js)"),
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
