/* Customer lifetime value (M18, M19) and retention economics (M20) of MODELS.md §4 (see
 * guanxi/analytics/clv.h). The extended model is computed term by term from the same d_t as
 * its six components, so the components add up to V up to rounding, which the tests check. */
#include "guanxi/analytics/clv.h"

#include <math.h>
#include <stdlib.h>

#include "analytics/value_check.h"
#include "guanxi/analytics/daynum.h"
#include "guanxi/arena.h"

void gx_clv_params_default(struct gx_clv_params *p)
{
	p->discount_rate = 0.09;
	p->horizon = 5;
	p->retention_rate = 1.0;
}

static enum gx_err check_discount(double i, struct gx_error *err)
{
	if (!isfinite(i) || i <= -1)
		return gx_error_set(err, GX_EINVAL, "discount_rate",
		                    _("the discount rate must be a number above −1 (got %g)"), i);
	return GX_OK;
}

static enum gx_err check_array(const double *x, size_t n, double lo, double hi,
                               const char *field, struct gx_error *err)
{
	if (n > 0 && !x)
		return gx_error_set(err, GX_EINVAL, field, _("%s: no array given"), field);
	for (size_t t = 0; t < n; t++)
		if (!isfinite(x[t]) || x[t] < lo || x[t] > hi)
			return gx_error_set(err, GX_EINVAL, field,
			                    _("%s: element %zu (%g) is not a number in %g..%g"), field, t,
			                    x[t], lo, hi);
	return GX_OK;
}

enum gx_err gx_clv_basic(const double *contribution_yuan, size_t n, const double *retention,
                         const struct gx_clv_params *p, double *clv_yuan, struct gx_error *err)
{
	struct gx_clv_params def;
	if (!p) {
		gx_clv_params_default(&def);
		p = &def;
	}
	enum gx_err e;
	if (n == 0)
		return gx_error_set(err, GX_EINVAL, "contribution_yuan",
		                    "%s", _("CLV needs at least the contribution of period 0"));
	if ((e = check_array(contribution_yuan, n, -HUGE_VAL, HUGE_VAL, "contribution_yuan", err)) ||
	    (e = check_discount(p->discount_rate, err)))
		return e;
	if (retention) {
		if ((e = check_array(retention, n, 0, 1, "retention", err)))
			return e;
	} else if ((e = vc_range(p->retention_rate, 0, 1, "retention_rate", err))) {
		return e;
	}
	double v = 0, disc = 1, r = 1;
	for (size_t t = 0; t < n; t++) {
		double R = retention ? retention[t] : r;
		v += contribution_yuan[t] * R / disc;
		disc *= 1 + p->discount_rate;
		r *= p->retention_rate;
	}
	if (!isfinite(v))
		return gx_error_set(err, GX_ENUMERIC, "clv", "%s", _("the CLV sum overflows"));
	*clv_yuan = v;
	return GX_OK;
}

enum gx_err gx_clv_basic_level(double first_contribution_yuan, double acquisition_yuan,
                               double per_period_yuan, const struct gx_clv_params *p,
                               double *clv_yuan, struct gx_error *err)
{
	struct gx_clv_params def;
	if (!p) {
		gx_clv_params_default(&def);
		p = &def;
	}
	enum gx_err e;
	if ((e = vc_finite(first_contribution_yuan, "first_contribution_yuan", err)) ||
	    (e = vc_finite(acquisition_yuan, "acquisition_yuan", err)) ||
	    (e = vc_finite(per_period_yuan, "per_period_yuan", err)))
		return e;
	if (p->horizon < 0 || p->horizon > 1000)
		return gx_error_set(err, GX_EINVAL, "horizon",
		                    _("the CLV horizon must be 0 to 1000 periods (got %d)"), p->horizon);
	double cf[1001];
	cf[0] = first_contribution_yuan - acquisition_yuan;
	for (int t = 1; t <= p->horizon; t++)
		cf[t] = per_period_yuan;
	return gx_clv_basic(cf, (size_t)p->horizon + 1, NULL, p, clv_yuan, err);
}

enum gx_err gx_clv_expected_lifetime(double churn, double *periods, struct gx_error *err)
{
	if (!isfinite(churn) || churn <= 0 || churn > 1)
		return gx_error_set(err, GX_EINVAL, "churn",
		                    _("churn must lie in (0, 1] to give a lifetime 1/churn (got %g; "
		                      "a churn of 0 means customers never leave)"), churn);
	*periods = 1.0 / churn;
	return GX_OK;
}

/* ---- M19 ---------------------------------------------------------------------------------- */

void gx_clv_ext_input_default(struct gx_clv_ext_input *in)
{
	*in = (struct gx_clv_ext_input){ 0 };
	in->retention_rate = 1.0;
	in->discount_rate = 0.09;
	in->referral_saving_yuan = NAN;
}

enum gx_err gx_clv_extended(const struct gx_clv_ext_input *in, struct gx_clv_ext_result *out,
                            struct gx_error *err)
{
	enum gx_err e;
	size_t T = in->periods;
	if ((e = vc_finite(in->acquisition_yuan, "acquisition_yuan", err)) ||
	    (e = vc_finite(in->first_contribution_yuan, "first_contribution_yuan", err)) ||
	    (e = vc_finite(in->price_premium, "price_premium", err)) ||
	    (e = vc_finite(in->cost_saving, "cost_saving", err)) ||
	    (e = check_discount(in->discount_rate, err)) ||
	    (e = check_array(in->contribution_yuan, T, -HUGE_VAL, HUGE_VAL, "contribution_yuan",
	                     err)) ||
	    (e = check_array(in->cost_yuan, T, -HUGE_VAL, HUGE_VAL, "cost_yuan", err)) ||
	    (in->referrals && (e = check_array(in->referrals, T, 0, HUGE_VAL, "referrals", err))) ||
	    (in->cross_sell_share &&
	     (e = check_array(in->cross_sell_share, T, 0, 1, "cross_sell_share", err))) ||
	    (in->retention && (e = check_array(in->retention, T, 0, 1, "retention", err))))
		return e;
	if (!in->retention && (e = vc_range(in->retention_rate, 0, 1, "retention_rate", err)))
		return e;
	double s = in->referral_saving_yuan;
	if (isnan(s))
		s = in->acquisition_yuan;
	if ((e = vc_finite(s, "referral_saving_yuan", err)))
		return e;
	if (T > 0 && (!in->contribution_yuan || !in->cost_yuan))
		return gx_error_set(err, GX_EINVAL, "contribution_yuan",
		                    _("the extended CLV needs D_t and C_t for each of its %zu periods"),
		                    T);

	struct gx_clv_ext_result r = { 0 };
	r.first_purchase_yuan = in->first_contribution_yuan - in->acquisition_yuan;
	double v = r.first_purchase_yuan, disc = 1, rpow = 1;
	for (size_t t = 1; t <= T; t++) {
		disc *= 1 + in->discount_rate;
		rpow *= in->retention_rate;
		double R = in->retention ? in->retention[t - 1] : rpow;
		double d = R / disc;
		double D = in->contribution_yuan[t - 1], C = in->cost_yuan[t - 1];
		double F = in->referrals ? in->referrals[t - 1] : 0;
		double k = in->cross_sell_share ? in->cross_sell_share[t - 1] : 0;
		v += d * (D * (1 + in->price_premium) - C * (1 - in->cost_saving) + F * s);
		r.repeat_yuan += d * (D * (1 - k) - C);
		r.cross_selling_yuan += d * D * k;
		r.cost_savings_yuan += d * C * in->cost_saving;
		r.referrals_yuan += d * F * s;
		r.price_premium_yuan += d * D * in->price_premium;
	}
	if (!isfinite(v))
		return gx_error_set(err, GX_ENUMERIC, "clv", "%s", _("the CLV sum overflows"));
	r.clv_yuan = v;
	*out = r;
	return GX_OK;
}

/* ---- M20 ---------------------------------------------------------------------------------- */

void gx_clv_retention_params_default(struct gx_clv_retention_params *p)
{
	p->window_months = 12;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates; returns the new length. */
static size_t sort_unique(int64_t *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_i64);
	size_t m = 1;
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[m - 1])
			v[m++] = v[i];
	return m;
}

enum gx_err gx_clv_retention_from_counts(int64_t base, int64_t retained,
                                         struct gx_clv_retention *out, struct gx_error *err)
{
	if (base < 0 || retained < 0 || retained > base)
		return gx_error_set(err, GX_EINVAL, "retained",
		                    _("retention needs 0 ≤ retained (%lld) ≤ base customers (%lld)"),
		                    (long long)retained, (long long)base);
	if (base == 0)
		return gx_error_set(err, GX_ENUMERIC, "base",
		                    "%s", _("no customer bought in the base window, so retention is "
		                      "undefined"));
	out->base_customers = (size_t)base;
	out->retained_customers = (size_t)retained;
	out->retention = (double)retained / (double)base;
	out->churn = 1.0 - out->retention;
	return GX_OK;
}

enum gx_err gx_clv_retention_rate(const struct gx_clv_purchase *purchases, size_t n,
                                  int32_t as_of, const struct gx_clv_retention_params *p,
                                  struct gx_clv_retention *out, struct gx_error *err)
{
	struct gx_clv_retention_params def;
	if (!p) {
		gx_clv_retention_params_default(&def);
		p = &def;
	}
	if (p->window_months < 1 || p->window_months > 1200)
		return gx_error_set(err, GX_EINVAL, "window_months",
		                    _("the retention window must be 1 to 1200 months (got %d)"),
		                    p->window_months);
	if (n > 0 && !purchases)
		return gx_error_set(err, GX_EINVAL, "purchases", _("%s: no array given"), "purchases");
	enum gx_err e = gx_daynum_check(as_of, "as_of", err);
	if (e)
		return e;
	int32_t mid = gx_daynum_add_months(as_of, -p->window_months);
	int32_t start = gx_daynum_add_months(as_of, -2 * p->window_months);
	int64_t *base = gx_xmalloc((n ? n : 1) * sizeof *base);
	int64_t *again = gx_xmalloc((n ? n : 1) * sizeof *again);
	size_t nb = 0, na = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t d = purchases[i].day;
		if (d >= start && d < mid)
			base[nb++] = purchases[i].customer_id;
		else if (d >= mid && d < as_of)
			again[na++] = purchases[i].customer_id;
	}
	nb = sort_unique(base, nb);
	na = sort_unique(again, na);
	size_t both = 0;
	for (size_t i = 0, j = 0; i < nb && j < na;) {
		if (base[i] == again[j]) {
			both++;
			i++;
			j++;
		} else if (base[i] < again[j]) {
			i++;
		} else {
			j++;
		}
	}
	free(base);
	free(again);
	return gx_clv_retention_from_counts((int64_t)nb, (int64_t)both, out, err);
}

enum gx_err gx_clv_churn_by_reason(const int *reason_of_lost, size_t n_lost, size_t n_reasons,
                                   size_t base_customers, double *rate, struct gx_error *err)
{
	if (n_lost > 0 && !reason_of_lost)
		return gx_error_set(err, GX_EINVAL, "reason_of_lost", _("%s: no array given"),
		                    "reason_of_lost");
	if (n_lost > base_customers)
		return gx_error_set(err, GX_EINVAL, "n_lost",
		                    _("more customers lost (%zu) than in the base (%zu)"), n_lost,
		                    base_customers);
	if (base_customers == 0)
		return gx_error_set(err, GX_ENUMERIC, "base",
		                    "%s", _("no customer bought in the base window, so churn is undefined"));
	for (size_t r = 0; r < n_reasons; r++)
		rate[r] = 0;
	for (size_t j = 0; j < n_lost; j++) {
		if (reason_of_lost[j] < 0 || (size_t)reason_of_lost[j] >= n_reasons)
			return gx_error_set(err, GX_EINVAL, "reason_of_lost",
			                    _("lost customer %zu has an unknown churn reason %d"), j,
			                    reason_of_lost[j]);
		rate[reason_of_lost[j]] += 1;
	}
	for (size_t r = 0; r < n_reasons; r++)
		rate[r] /= (double)base_customers;
	return GX_OK;
}

enum gx_err gx_clv_retention_decide(const double *lost_clv_yuan, const bool *avoidable,
                                    size_t n_lost, double retention_cost_yuan,
                                    struct gx_clv_retention_decision *out,
                                    struct gx_error *err)
{
	enum gx_err e;
	if ((e = check_array(lost_clv_yuan, n_lost, -HUGE_VAL, HUGE_VAL, "lost_clv_yuan", err)))
		return e;
	if (!isfinite(retention_cost_yuan) || retention_cost_yuan < 0)
		return gx_error_set(err, GX_EINVAL, "retention_cost_yuan",
		                    _("the retention cost must be a number ≥ 0 (got %g)"),
		                    retention_cost_yuan);
	double lost = 0;
	size_t count = 0;
	for (size_t j = 0; j < n_lost; j++)
		if (!avoidable || avoidable[j]) {
			lost += lost_clv_yuan[j];
			count++;
		}
	out->lost_profit_yuan = lost;
	out->avoidable_lost = count;
	out->invest = vc_lt(retention_cost_yuan, lost);
	return GX_OK;
}

/* ---- rates -------------------------------------------------------------------------------- */

static enum gx_err ratio(int64_t num, int64_t den, const char *field, double *out,
                         struct gx_error *err)
{
	if (num < 0 || den < 0 || num > den)
		return gx_error_set(err, GX_EINVAL, field,
		                    _("%s needs 0 ≤ %lld ≤ %lld"), field, (long long)num,
		                    (long long)den);
	*out = den > 0 ? (double)num / (double)den : NAN;
	return GX_OK;
}

enum gx_err gx_clv_rates(const struct gx_clv_rate_counts *in, struct gx_clv_rates *out,
                         struct gx_error *err)
{
	enum gx_err e;
	int64_t closed = in->opportunities_won;
	if (in->opportunities_won < 0 || in->opportunities_lost < 0 ||
	    __builtin_add_overflow(closed, in->opportunities_lost, &closed))
		return gx_error_set(err, GX_EINVAL, "opportunities",
		                    "%s", _("won and lost opportunity counts must be ≥ 0"));
	if ((e = ratio(in->repeat_buyers, in->buyers, "repurchase rate", &out->repurchase, err)) ||
	    (e = ratio(in->second_purchasers, in->first_time_buyers, "second-purchase rate",
	               &out->second_purchase, err)) ||
	    (e = ratio(in->leads_converted, in->leads, "conversion rate", &out->conversion, err)) ||
	    (e = ratio(in->opportunities_won, closed, "win rate", &out->win, err)) ||
	    (e = ratio(in->referred_customers, in->new_customers, "referral rate", &out->referral,
	               err)))
		return e;
	if (in->orders < 0 || in->revenue_fen < 0)
		return gx_error_set(err, GX_EINVAL, "orders",
		                    _("order count and revenue must be ≥ 0 (got %lld orders, %lld fen)"),
		                    (long long)in->orders, (long long)in->revenue_fen);
	out->average_order_yuan = in->orders > 0
	                          ? (double)in->revenue_fen / 100.0 / (double)in->orders : NAN;
	return GX_OK;
}

const char *gx_clv_component_label(int component, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "first purchase", "首次购买价值" },
		{ "repeat purchases", "重复购买价值" },
		{ "cross-selling", "交叉销售价值" },
		{ "cost savings", "成本节约价值" },
		{ "referrals", "推荐价值" },
		{ "price premium", "溢价价值" },
	};
	return component >= 0 && component < 6 ? l[component][lang == GX_LANG_ZH] : NULL;
}

const char *gx_clv_rate_label(int rate, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "repurchase rate", "重复购买率" },
		{ "second-purchase rate", "二次购买率" },
		{ "conversion rate (lead to customer)", "转化率(线索→客户)" },
		{ "win rate", "赢单率" },
		{ "referral rate", "推荐率" },
		{ "average order value", "平均订单金额" },
	};
	return rate >= 0 && rate < 6 ? l[rate][lang == GX_LANG_ZH] : NULL;
}
