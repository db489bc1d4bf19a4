/* Loyalty models of MODELS.md §2 (see guanxi/analytics/loyalty.h): the Tucker rule read per
 * calendar period, the percentile-rank loyalty index over seed002's nine factors, and the two
 * typologies built on them. The index ranks customers against each other rather than against
 * fixed scales, because the raw factors (days, counts, shares, survey points) share no unit. */
#include "guanxi/analytics/loyalty.h"

#include <math.h>
#include <stdlib.h>

#include "analytics/value_check.h"
#include "analytics/value_sort.h"
#include "guanxi/analytics/daynum.h"
#include "guanxi/arena.h"

/* ---- M9 ---------------------------------------------------------------------------------- */

void gx_loyalty_tucker_params_default(struct gx_loyalty_tucker_params *p)
{
	p->periods = 3;
	p->period = GX_LOYALTY_PERIOD_MONTH;
}

static int32_t period_index(int32_t day, enum gx_loyalty_period period)
{
	switch (period) {
	case GX_LOYALTY_PERIOD_DAY: return day;
	case GX_LOYALTY_PERIOD_WEEK: return gx_daynum_week_index(day);
	case GX_LOYALTY_PERIOD_MONTH: return gx_daynum_month_index(day);
	case GX_LOYALTY_PERIOD_QUARTER: {
		int32_t m = gx_daynum_month_index(day);
		return m >= 0 ? m / 3 : (m - 2) / 3;
	}
	case GX_LOYALTY_PERIOD_YEAR: {
		int y, mo, d;
		gx_daynum_to_ymd(day, &y, &mo, &d);
		return y;
	}
	}
	return 0;
}

enum gx_err gx_loyalty_tucker(const int32_t *purchase_days, size_t n, int32_t as_of,
                              const struct gx_loyalty_tucker_params *p, bool *loyal,
                              struct gx_error *err)
{
	struct gx_loyalty_tucker_params def;
	if (!p) {
		gx_loyalty_tucker_params_default(&def);
		p = &def;
	}
	if (!loyal || (n > 0 && !purchase_days))
		return gx_error_set(err, GX_EINVAL, "purchase_days", _("%s: no array given"),
		                    "purchase_days");
	if (p->periods < 1 || p->periods > 1000)
		return gx_error_set(err, GX_EINVAL, "periods",
		                    _("the Tucker rule needs 1 to 1000 periods (got %d)"), p->periods);
	if ((int)p->period < GX_LOYALTY_PERIOD_DAY || p->period > GX_LOYALTY_PERIOD_YEAR)
		return gx_error_set(err, GX_EINVAL, "period", _("unknown period kind %d"),
		                    (int)p->period);
	enum gx_err e = gx_daynum_check(as_of, "as_of", err);
	for (size_t i = 0; !e && i < n; i++)
		e = gx_daynum_check(purchase_days[i], "purchase_days", err);
	if (e)
		return e;
	*loyal = false;
	/* Complete periods are those strictly before the one containing as_of. */
	int32_t last = period_index(as_of, p->period) - 1;
	int32_t first = last - p->periods + 1;
	bool seen[1000] = { false };
	int hits = 0;
	for (size_t i = 0; i < n; i++) {
		if (purchase_days[i] >= as_of)
			continue;
		int32_t k = period_index(purchase_days[i], p->period);
		if (k < first || k > last || seen[k - first])
			continue;
		seen[k - first] = true;
		hits++;
	}
	*loyal = hits == p->periods;
	return GX_OK;
}

/* ---- M10 --------------------------------------------------------------------------------- */

static const enum gx_loyalty_group factor_group[GX_LOYALTY_FACTORS] = {
	GX_LOYALTY_A1, GX_LOYALTY_A1, GX_LOYALTY_A1, GX_LOYALTY_A2, GX_LOYALTY_A2,
	GX_LOYALTY_A3, GX_LOYALTY_A3, GX_LOYALTY_A3, GX_LOYALTY_A3
};

static const char *const factor_name[GX_LOYALTY_FACTORS] = {
	"A11 duration", "A12 frequency", "A13 frequency trend", "A21 share of wallet",
	"A22 cross-buying", "A31 referrals", "A32 discount share", "A33 willingness",
	"A34 satisfaction"
};

enum gx_loyalty_group gx_loyalty_factor_group(enum gx_loyalty_factor f)
{
	return (unsigned)f < GX_LOYALTY_FACTORS ? factor_group[f] : GX_LOYALTY_A1;
}

void gx_loyalty_index_params_default(struct gx_loyalty_index_params *p)
{
	int count[GX_LOYALTY_GROUPS] = { 0 };
	for (int f = 0; f < GX_LOYALTY_FACTORS; f++)
		count[factor_group[f]]++;
	for (int g = 0; g < GX_LOYALTY_GROUPS; g++)
		p->group_weight[g] = 1.0 / GX_LOYALTY_GROUPS;
	for (int f = 0; f < GX_LOYALTY_FACTORS; f++)
		p->factor_weight[f] = 1.0 / count[factor_group[f]];
}

static enum gx_err check_factor(double v, int f, size_t row, struct gx_error *err)
{
	if (isnan(v))
		return GX_OK;
	bool bad = !isfinite(v);
	switch (f) {
	case GX_LOYALTY_A11_DURATION: case GX_LOYALTY_A12_FREQUENCY:
	case GX_LOYALTY_A22_CROSS: case GX_LOYALTY_A31_REFERRALS:
		bad = bad || v < 0;
		break;
	case GX_LOYALTY_A21_WALLET: case GX_LOYALTY_A32_DISCOUNT:
		bad = bad || v < 0 || v > 1;
		break;
	default:
		break;
	}
	if (bad)
		return gx_error_set(err, GX_EINVAL, "factors",
		                    _("loyalty factor %s of customer %zu is out of range (%g)"),
		                    factor_name[f], row, v);
	return GX_OK;
}

enum gx_err gx_loyalty_index(const double *factors, size_t n,
                             const struct gx_loyalty_index_params *p, double *index,
                             double *behaviour, double *normalised, struct gx_error *err)
{
	struct gx_loyalty_index_params def;
	if (!p) {
		gx_loyalty_index_params_default(&def);
		p = &def;
	}
	if (n > 0 && (!factors || !index))
		return gx_error_set(err, GX_EINVAL, "factors", _("%s: no array given"), "factors");
	double w[GX_LOYALTY_FACTORS];
	for (int f = 0; f < GX_LOYALTY_FACTORS; f++) {
		w[f] = p->group_weight[factor_group[f]] * p->factor_weight[f];
		if (!isfinite(w[f]) || p->group_weight[factor_group[f]] < 0 || p->factor_weight[f] < 0)
			return gx_error_set(err, GX_EINVAL, "weights",
			                    _("the weight of loyalty factor %s must be a number ≥ 0"),
			                    factor_name[f]);
	}
	for (size_t i = 0; i < n; i++)
		for (int f = 0; f < GX_LOYALTY_FACTORS; f++) {
			enum gx_err e = check_factor(factors[i * GX_LOYALTY_FACTORS + f], f, i, err);
			if (e)
				return e;
		}
	if (n == 0)
		return GX_OK;

	double *norm = normalised ? normalised : gx_xmalloc(n * GX_LOYALTY_FACTORS * sizeof *norm);
	struct vs_item *items = gx_xmalloc(n * sizeof *items);
	for (int f = 0; f < GX_LOYALTY_FACTORS; f++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			double v = factors[i * GX_LOYALTY_FACTORS + f];
			norm[i * GX_LOYALTY_FACTORS + f] = NAN;
			if (!isnan(v))
				items[m++] = (struct vs_item){ vs_key_double_asc(v), 0, i, 0 };
		}
		if (m == 0)
			continue;
		vs_radix_sort(items, m);
		for (size_t a = 0; a < m;) {
			size_t b = a;
			while (b + 1 < m && items[b + 1].k1 == items[a].k1)
				b++;
			double pr = m == 1 ? 0.5 : ((double)a + (double)b) / 2.0 / (double)(m - 1);
			if (f == GX_LOYALTY_A32_DISCOUNT)
				pr = 1.0 - pr;
			for (size_t k = a; k <= b; k++)
				norm[items[k].idx * GX_LOYALTY_FACTORS + f] = pr;
			a = b + 1;
		}
	}
	free(items);

	for (size_t i = 0; i < n; i++) {
		double s = 0, sw = 0, sb = 0, swb = 0;
		for (int f = 0; f < GX_LOYALTY_FACTORS; f++) {
			double x = norm[i * GX_LOYALTY_FACTORS + f];
			if (isnan(x))
				continue;
			s += w[f] * x;
			sw += w[f];
			if (factor_group[f] != GX_LOYALTY_A3) {
				sb += w[f] * x;
				swb += w[f];
			}
		}
		index[i] = sw > 0 ? s / sw : NAN;
		if (behaviour)
			behaviour[i] = swb > 0 ? sb / swb : NAN;
	}
	if (!normalised)
		free(norm);
	return GX_OK;
}

/* ---- M11 --------------------------------------------------------------------------------- */

void gx_loyalty_js_params_default(struct gx_loyalty_js_params *p)
{
	p->midpoint = 3.0;
	p->apostle = 4.5;
	p->terrorist = 1.5;
}

enum gx_err gx_loyalty_rescale_1_5(double x, double lo, double hi, double *out,
                                   struct gx_error *err)
{
	if (!isfinite(lo) || !isfinite(hi) || lo >= hi)
		return gx_error_set(err, GX_EINVAL, "scale",
		                    _("the answer scale must run from a lower to a higher number "
		                      "(got %g..%g)"), lo, hi);
	if (!isfinite(x) || vc_lt(x, lo) || vc_gt(x, hi))
		return gx_error_set(err, GX_EINVAL, "value",
		                    _("the value %g is outside its scale %g..%g"), x, lo, hi);
	*out = 1.0 + 4.0 * (x - lo) / (hi - lo);
	return GX_OK;
}

enum gx_err gx_loyalty_from_index(double index, double *out, struct gx_error *err)
{
	enum gx_err e = vc_finite(index, "index", err);
	if (e)
		return e;
	if (vc_lt(index, 0) || vc_gt(index, 1))
		return gx_error_set(err, GX_EINVAL, "index",
		                    _("a loyalty index must lie in 0..1 (got %g)"), index);
	*out = 1.0 + 4.0 * index;
	return GX_OK;
}

enum gx_err gx_loyalty_js_classify(double sat, double loy, const struct gx_loyalty_js_params *p,
                                   enum gx_loyalty_js *out, struct gx_error *err)
{
	struct gx_loyalty_js_params def;
	if (!p) {
		gx_loyalty_js_params_default(&def);
		p = &def;
	}
	if (isnan(sat)) {
		*out = GX_LOYALTY_JS_UNCLASSIFIED;
		return GX_OK;
	}
	if (!isfinite(sat) || vc_lt(sat, 1) || vc_gt(sat, 5))
		return gx_error_set(err, GX_EINVAL, "satisfaction",
		                    _("satisfaction must be on the 1..5 scale (got %g)"), sat);
	if (!isfinite(loy) || vc_lt(loy, 1) || vc_gt(loy, 5))
		return gx_error_set(err, GX_EINVAL, "loyalty",
		                    _("loyalty must be on the 1..5 scale (got %g)"), loy);
	bool s_hi = vc_gt(sat, p->midpoint), l_hi = vc_gt(loy, p->midpoint);
	if (s_hi && l_hi)
		*out = vc_ge(sat, p->apostle) && vc_ge(loy, p->apostle) ? GX_LOYALTY_JS_APOSTLE
		                                                        : GX_LOYALTY_JS_LOYALIST;
	else if (s_hi)
		*out = GX_LOYALTY_JS_MERCENARY;
	else if (l_hi)
		*out = GX_LOYALTY_JS_HOSTAGE;
	else
		*out = vc_le(sat, p->terrorist) && vc_le(loy, p->terrorist) ? GX_LOYALTY_JS_TERRORIST
		                                                           : GX_LOYALTY_JS_DEFECTOR;
	return GX_OK;
}

static const char *const js_labels[][2] = {
	[GX_LOYALTY_JS_UNCLASSIFIED] = { "not classified (no satisfaction value)", "未分类(无满意度)" },
	[GX_LOYALTY_JS_APOSTLE] = { "apostle", "信徒" },
	[GX_LOYALTY_JS_LOYALIST] = { "loyalist", "忠诚型" },
	[GX_LOYALTY_JS_MERCENARY] = { "mercenary", "图利型" },
	[GX_LOYALTY_JS_HOSTAGE] = { "hostage", "人质型" },
	[GX_LOYALTY_JS_DEFECTOR] = { "defector", "流失型" },
	[GX_LOYALTY_JS_TERRORIST] = { "terrorist", "暴徒" },
};

const char *gx_loyalty_js_label(enum gx_loyalty_js t, enum gx_lang lang)
{
	if ((unsigned)t >= sizeof js_labels / sizeof js_labels[0])
		return NULL;
	return js_labels[t][lang == GX_LANG_ZH];
}

/* ---- M12 --------------------------------------------------------------------------------- */

void gx_loyalty_type_params_default(struct gx_loyalty_type_params *p)
{
	p->attitude_midpoint = 3.0;
	p->repeat_threshold = 0.5;
	p->price_share = 0.5;
	p->incentive_share = 0.5;
}

static enum gx_err check_share(double v, const char *field, struct gx_error *err)
{
	if (isnan(v))
		return GX_OK;
	if (!isfinite(v) || vc_lt(v, 0) || vc_gt(v, 1))
		return gx_error_set(err, GX_EINVAL, field, _("%s must be a share in 0..1 (got %g)"),
		                    field, v);
	return GX_OK;
}

enum gx_err gx_loyalty_type_classify(const struct gx_loyalty_type_input *in,
                                     const struct gx_loyalty_type_params *p,
                                     struct gx_loyalty_type_result *out, struct gx_error *err)
{
	struct gx_loyalty_type_params def;
	if (!p) {
		gx_loyalty_type_params_default(&def);
		p = &def;
	}
	enum gx_err e;
	if (!isnan(in->satisfaction_1_5) &&
	    (!isfinite(in->satisfaction_1_5) || vc_lt(in->satisfaction_1_5, 1) ||
	     vc_gt(in->satisfaction_1_5, 5)))
		return gx_error_set(err, GX_EINVAL, "satisfaction",
		                    _("satisfaction must be on the 1..5 scale (got %g)"),
		                    in->satisfaction_1_5);
	if ((e = check_share(in->behaviour_index, "behaviour_index", err)) ||
	    (e = check_share(in->discount_share, "discount_share", err)) ||
	    (e = check_share(in->points_share, "points_share", err)))
		return e;

	out->attitude_surveyed = !isnan(in->satisfaction_1_5);
	out->attitude_high = out->attitude_surveyed && vc_gt(in->satisfaction_1_5,
	                                                     p->attitude_midpoint);
	out->repeat_high = in->tucker_loyal ||
	                   (!isnan(in->behaviour_index) &&
	                    vc_ge(in->behaviour_index, p->repeat_threshold));
	if (out->attitude_high)
		out->type = out->repeat_high ? GX_LOYALTY_TYPE_TRUE : GX_LOYALTY_TYPE_LATENT;
	else if (!out->repeat_high)
		out->type = GX_LOYALTY_TYPE_NONE;
	else if (!isnan(in->discount_share) && vc_ge(in->discount_share, p->price_share))
		out->type = GX_LOYALTY_TYPE_PRICE;
	else if (!isnan(in->points_share) && vc_ge(in->points_share, p->incentive_share))
		out->type = GX_LOYALTY_TYPE_INCENTIVE;
	else if (in->no_alternative)
		out->type = GX_LOYALTY_TYPE_MONOPOLY;
	else
		out->type = GX_LOYALTY_TYPE_INERTIA;
	return GX_OK;
}

static const char *const type_labels[][2] = {
	[GX_LOYALTY_TYPE_NONE] = { "no loyalty", "无忠诚" },
	[GX_LOYALTY_TYPE_TRUE] = { "true loyalty", "超值忠诚" },
	[GX_LOYALTY_TYPE_PRICE] = { "price loyalty", "价格忠诚" },
	[GX_LOYALTY_TYPE_INCENTIVE] = { "incentive loyalty", "激励忠诚" },
	[GX_LOYALTY_TYPE_MONOPOLY] = { "monopoly loyalty", "垄断忠诚" },
	[GX_LOYALTY_TYPE_INERTIA] = { "inertia loyalty", "惰性忠诚" },
	[GX_LOYALTY_TYPE_LATENT] = { "latent loyalty", "潜在忠诚" },
};

const char *gx_loyalty_type_label(enum gx_loyalty_type t, enum gx_lang lang)
{
	if ((unsigned)t >= sizeof type_labels / sizeof type_labels[0])
		return NULL;
	return type_labels[t][lang == GX_LANG_ZH];
}
