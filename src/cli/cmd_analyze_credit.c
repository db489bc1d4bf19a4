/* guanxi analyze credit: customer credit (M25). --method score: the 5C score, grade, allowed
 * credit forms and credit limit of each customer in a file of analyst scores (0..100 per C,
 * or ratings 1..5 in columns <c>_ratings separated by ";"); the monthly capacity comes from
 * the file or, with --capacity-from-db, from the database's orders of the customer with that
 * code. --method aging: receivables aging from a file of open items. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analyze_common.h"
#include "guanxi/analytics/credit.h"
#include "guanxi/analyze.h"

static const char *const c_names[GX_CREDIT_CS] = {"character", "capacity", "capital", "collateral", "conditions"};

static int credit_params(struct cli_ctx *ctx, struct gx_credit_params *p)
{
	gx_credit_params_default(p);
	double bounds[3] = {p->aging_bounds[0], p->aging_bounds[1], p->aging_bounds[2]};
	long months = p->capacity_months;
	int rc = ana_opt_doubles(ctx, "weights", p->weight, GX_CREDIT_CS);
	if (!rc)
		rc = ana_opt_doubles(ctx, "grade-min", p->grade_min, GX_CREDIT_D + 1);
	if (!rc)
		rc = ana_opt_doubles(ctx, "limit-factors", p->limit_factor, GX_CREDIT_GRADES);
	if (!rc)
		rc = ana_opt_long(ctx, "capacity-months", 1, 1200, &months);
	if (!rc)
		rc = ana_opt_doubles(ctx, "aging-bounds", bounds, 3);
	p->capacity_months = (int)months;
	for (int i = 0; i < 3; i++)
		p->aging_bounds[i] = (int)bounds[i];
	/* --form-lowest A,B,C,C: lowest grade of charge account, credit sale, instalment, consignment. */
	const char *v = cli_opt_or_default(ctx, "form-lowest");
	for (int f = GX_CREDIT_FORM_CHARGE_ACCOUNT; !rc && f < GX_CREDIT_FORMS; f++) {
		const char *g = v + 2 * (f - 1);
		char sep = f + 1 < GX_CREDIT_FORMS ? ',' : '\0';
		if (strlen(v) != 7 || (g[0] | 0x20) < 'a' || (g[0] | 0x20) > 'e' || g[1] != sep)
			rc = cli_usage_error(ctx, "--form-lowest %s: %s", v, _("expected four grades A–E, e.g. A,B,C,C"));
		else
			p->form_lowest[f] = (enum gx_credit_grade)((g[0] | 0x20) - 'a');
	}
	return rc;
}

/* One C of row r: a score column, or a ratings column "4;5;3". */
static enum gx_err c_score(const struct ana_data *d, size_t r, int c_score_col, int c_rating_col, double *out,
                           struct gx_error *err)
{
	if (c_score_col >= 0)
		return ana_data_num(d, r, c_score_col, false, out, err);
	int ratings[64];
	size_t n = 0;
	const char *s = ana_data_text(d, r, c_rating_col);
	while (*s && n < 64) {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || (*end && *end != ';'))
			return ana_data_cell_error(d, r, c_rating_col, err, _("expected ratings 1..5 separated by ;"));
		ratings[n++] = (int)v;
		s = *end ? end + 1 : end;
	}
	struct gx_error e2;
	if (gx_credit_score_from_ratings(ratings, n, out, &e2) != GX_OK)
		return ana_data_cell_error(d, r, c_rating_col, err, e2.message);
	return GX_OK;
}

static int run_score(struct cli_ctx *ctx, const struct gx_credit_params *p, const struct ana_data *d)
{
	struct gx_error err;
	gx_error_clear(&err);
	int c_cust, cs[GX_CREDIT_CS], cr[GX_CREDIT_CS];
	if (ana_data_need(d, "customer", &c_cust, &err) != GX_OK)
		return ana_fail(&err);
	for (int k = 0; k < GX_CREDIT_CS; k++) {
		cs[k] = ana_data_col(d, c_names[k]);
		cr[k] = ana_data_col(d, gx_arena_printf(&ctx->arena, "%s_ratings", c_names[k]));
		if (cs[k] < 0 && cr[k] < 0 && ana_data_need(d, c_names[k], &cs[k], &err) != GX_OK)
			return ana_fail(&err);
	}
	int c_cap = ana_data_col(d, "monthly_capacity"), c_dealer = ana_data_col(d, "dealer");
	struct app_analyze_base b;
	bool from_db = cli_flag(ctx, "capacity-from-db");
	int32_t as_of = 0;
	int rc = ana_opt_date(ctx, "as-of", &as_of);
	if (!rc && from_db)
		rc = ana_db_load(ctx, APP_ANALYZE_NO_DAY, as_of, &b);
	if (rc)
		return rc;
	enum gx_lang lang = gx_i18n_lang();
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {
		"customer|Customer|客户", "character|Character|品德", "capacity|Capacity|能力", "capital|Capital|资本",
		"collateral|Collateral|抵押", "conditions|Conditions|条件", "score|5C score|5C 得分", "grade|Grade|等级",
		"forms|Credit forms allowed|可用信用形式", "monthly_capacity_yuan|Monthly capacity|月均采购",
		"limit_yuan|Credit limit|信用额度", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "5C credit (M25)", "5C 信用评价 (M25)", cols);
	for (size_t r = 0; r < d->nrows; r++) {
		double sc[GX_CREDIT_CS];
		for (int k = 0; k < GX_CREDIT_CS; k++)
			if (c_score(d, r, cs[k], cr[k], &sc[k], &err) != GX_OK)
				return ana_fail(&err);
		struct gx_credit_score total;
		if (gx_credit_score_total(sc, p, &total, &err) != GX_OK) {
			char why[sizeof err.message];
			snprintf(why, sizeof why, "%s", err.message);
			ana_data_cell_error(d, r, c_cust, &err, why);
			return ana_fail(&err);
		}
		bool dealer = false;
		if (c_dealer >= 0 && ana_data_bool(d, r, c_dealer, &dealer, &err) != GX_OK)
			return ana_fail(&err);
		char *forms = gx_arena_strdup(&ctx->arena, "");
		for (int f = GX_CREDIT_FORM_CHARGE_ACCOUNT; f < GX_CREDIT_FORMS; f++)
			if (gx_credit_form_allowed(total.grade, (enum gx_credit_form)f, dealer, p))
				forms = gx_arena_printf(&ctx->arena, "%s%s%s", forms, *forms ? "; " : "",
				                        gx_credit_form_label((enum gx_credit_form)f, lang));
		int64_t cap = -1, limit = 0;
		const char *code = ana_data_text(d, r, c_cust);
		if (c_cap >= 0 && *ana_data_text(d, r, c_cap)) {
			if (ana_data_fen(d, r, c_cap, false, &cap, &err) != GX_OK)
				return ana_fail(&err);
		} else if (from_db) {
			for (size_t i = 0; i < b.n_customers && cap < 0; i++)
				if (strcmp(b.customers[i].code, code) == 0) {
					size_t n;
					struct gx_credit_order *o = app_analyze_credit_orders(&b, i, &ctx->arena, &n);
					if (gx_credit_monthly_capacity(o, n, as_of, p, &cap, &err) != GX_OK)
						return ana_fail(&err);
				}
			if (cap < 0) {
				ana_data_cell_error(d, r, c_cust, &err, _("no customer with this code in the database"));
				return ana_fail(&err);
			}
		}
		if (cap >= 0 && gx_credit_limit(total.grade, cap, p, &limit, &err) != GX_OK)
			return ana_fail(&err);
		ana_row(t);
		ana_text(t, code);
		for (int k = 0; k < GX_CREDIT_CS; k++)
			ana_num(t, sc[k], 2);
		ana_num(t, total.score, 2);
		ana_text(t, gx_credit_grade_label(total.grade, lang));
		ana_text(t, *forms ? forms : ana_pick("cash only", "仅限现款"));
		if (cap >= 0) {
			ana_yuan(t, cap);
			ana_yuan(t, limit);
		} else {
			ana_null(t);
			ana_null(t);
		}
	}
	return ana_report_print(&rep);
}

static int run_aging(struct cli_ctx *ctx, const struct gx_credit_params *p, const struct ana_data *d)
{
	struct gx_error err;
	gx_error_clear(&err);
	int32_t as_of = 0;
	int rc = ana_opt_date(ctx, "as-of", &as_of);
	if (rc)
		return rc;
	int c_cust, c_due, c_open;
	if (ana_data_need(d, "customer", &c_cust, &err) != GX_OK || ana_data_need(d, "due_date", &c_due, &err) != GX_OK ||
	    ana_data_need(d, "open", &c_open, &err) != GX_OK)
		return ana_fail(&err);
	size_t *group, n;
	const char **keys;
	ana_data_group(&ctx->arena, d, c_cust, &group, &keys, &n);
	struct gx_credit_receivable *rec = gx_arena_calloc(&ctx->arena, d->nrows + 1, sizeof *rec);
	enum gx_lang lang = gx_i18n_lang();
	struct ana_report rep;
	ana_report_init(&rep, ctx);
	static const char *const cols[] = {"customer|Customer|客户", "current_yuan|Current|未到期", "d1_30_yuan|1–30 days|1–30 天",
	                                   "d31_60_yuan|31–60 days|31–60 天", "d61_90_yuan|61–90 days|61–90 天",
	                                   "over_90_yuan|Over 90 days|90 天以上", "total_yuan|Total|合计", NULL};
	struct ana_table *t = ana_table_add(&rep, "customers", "Receivables aging (M25)", "应收账款账龄 (M25)", cols);
	struct gx_credit_aging all = {0};
	for (size_t g = 0; g <= n; g++) {
		size_t m = 0;
		for (size_t r = 0; r < d->nrows; r++) {
			if (g < n && group[r] != g)
				continue;
			if (ana_data_date(d, r, c_due, &rec[m].due_day, &err) != GX_OK ||
			    ana_data_fen(d, r, c_open, false, &rec[m].open_fen, &err) != GX_OK)
				return ana_fail(&err);
			m++;
		}
		struct gx_credit_aging ag;
		if (gx_credit_aging(rec, m, as_of, p, &ag, &err) != GX_OK)
			return ana_fail(&err);
		if (g == n)
			all = ag;
		ana_row(t);
		ana_text(t, g < n ? keys[g] : ana_pick("all", "全部"));
		for (int k = 0; k < GX_CREDIT_AGES; k++)
			ana_yuan(t, ag.fen[k]);
		ana_yuan(t, ag.total_fen);
	}
	static const char *const bcols[] = {"bucket|Bucket|账龄", "count|Items|笔数", "amount_yuan|Amount|金额", NULL};
	struct ana_table *tb = ana_table_add(&rep, "buckets", "Buckets", "账龄分布", bcols);
	for (int k = 0; k < GX_CREDIT_AGES; k++) {
		ana_row(tb);
		ana_text(tb, gx_credit_age_label((enum gx_credit_age)k, lang));
		ana_int(tb, (long long)all.count[k]);
		ana_yuan(tb, all.fen[k]);
	}
	return ana_report_print(&rep);
}

static int run(struct cli_ctx *ctx)
{
	static const char *const methods[] = {"score", "aging", NULL};
	int method = 0;
	struct gx_credit_params p;
	int rc = ana_opt_choice(ctx, "method", methods, &method);
	if (!rc)
		rc = credit_params(ctx, &p);
	if (!rc)
		rc = ana_need_file(ctx, _("give the file of 5C scores (or of open receivables with --method aging)"));
	if (rc)
		return rc;
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	return method ? run_aging(ctx, &p, &d) : run_score(ctx, &p, &d);
}

static const struct cli_option options[] = {
	{"method", "NAME", N_("score (5C, grade, forms, limit) or aging (receivables)"), "score"},
	{"weights", "W1,…,W5", N_("weights of character, capacity, capital, collateral, conditions"), "0.30,0.25,0.20,0.15,0.10"},
	{"grade-min", "A,B,C,D", N_("lowest score of grades A–D (E below)"), "85,70,55,40"},
	{"limit-factors", "A,B,C,D,E", N_("credit limit = factor × monthly capacity"), "3,2,1,0,0"},
	{"form-lowest", "G1,G2,G3,G4", N_("lowest grade allowed charge account, credit sale, instalments, consignment"), "A,B,C,C"},
	{"capacity-months", "N", N_("window of the average monthly purchases"), "12"},
	{"capacity-from-db", NULL, N_("take the monthly capacity from the database's orders of each customer code"), NULL},
	{"aging-bounds", "D1,D2,D3", N_("aging bucket bounds in days overdue"), "30,60,90"},
	ANA_OPT_AS_OF,
	ANA_OPT_PART,
	{NULL, NULL, NULL, NULL},
};

const struct cli_command cmd_analyze_credit = {
	.name = "analyze credit",
	.summary = N_("customer credit: 5C score, grade, allowed credit forms, limit; receivables aging (M25)"),
	.usage = N_("FILE  (score: customer,character,capacity,capital,collateral,conditions (0..100, or <c>_ratings "
	            "\"4;5;3\") [,monthly_capacity][,dealer]; aging: customer,due_date,open; amounts in yuan)"),
	.options = options,
	.min_args = 0,
	.max_args = 1,
	.run = run,
};
