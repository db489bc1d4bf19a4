/* Pareto / ABC analysis, Gini and customer pyramid of MODELS.md M17 (see
 * guanxi/analytics/pareto.h). Everything is derived from one descending sort; running sums
 * stay in integer fen (int64, and __int128 for the rank-weighted Gini sum, which exceeds
 * int64 for a million customers with large revenues) so the classes do not depend on
 * floating-point summation order. */
#include "guanxi/analytics/pareto.h"

#include <math.h>
#include <stdlib.h>

#include "analytics/value_check.h"
#include "analytics/value_sort.h"
#include "guanxi/analytics/daynum.h"
#include "guanxi/arena.h"

void gx_pareto_params_default(struct gx_pareto_params *p)
{
	p->measure = GX_PARETO_MEASURE_REVENUE;
	p->window = GX_PARETO_WINDOW_TRAILING;
	p->window_months = 12;
	p->a_share = 0.80;
	p->b_share = 0.95;
	p->top_share = 0.20;
	p->tier_top = 0.01;
	p->tier_major = 0.04;
	p->tier_medium = 0.15;
	p->upgrade_top = 0.20;
}

/* ⌈share·n⌉ with the boundary tolerance (0.2·15 is 3, not 4). */
static size_t count_of(double share, size_t n)
{
	double c = ceil(share * (double)n - VC_TOL);
	if (c < 0)
		c = 0;
	return c > (double)n ? n : (size_t)c;
}

static enum gx_err check_params(const struct gx_pareto_params *p, struct gx_error *err)
{
	if (p->measure != GX_PARETO_MEASURE_REVENUE && p->measure != GX_PARETO_MEASURE_PROFIT)
		return gx_error_set(err, GX_EINVAL, "measure", _("unknown Pareto measure %d"),
		                    (int)p->measure);
	if (!(p->a_share > 0 && p->a_share < p->b_share && p->b_share <= 1))
		return gx_error_set(err, GX_EINVAL, "a_share",
		                    _("ABC shares must satisfy 0 < A (%g) < B (%g) ≤ 1"), p->a_share,
		                    p->b_share);
	if (!(p->top_share > 0 && p->top_share <= 1) || !(p->upgrade_top > 0 && p->upgrade_top <= 1))
		return gx_error_set(err, GX_EINVAL, "top_share",
		                    "%s", _("the top share and the upgrade cut must lie in (0, 1]"));
	if (!(p->tier_top > 0 && p->tier_major >= 0 && p->tier_medium >= 0 &&
	      p->tier_top + p->tier_major + p->tier_medium <= 1 + VC_TOL))
		return gx_error_set(err, GX_EINVAL, "tier_top",
		                    "%s", _("pyramid tiers must be non-negative shares summing to at most 1"));
	return GX_OK;
}

/* Gini from values already sorted descending: Σ i·x₍ᵢ₎ with ascending i = n − rank. */
static double gini_sorted_desc(const struct vs_item *k, size_t n, int64_t total)
{
	if (n == 0 || total <= 0)
		return NAN;
	__int128 s = 0;
	for (size_t r = 0; r < n; r++)
		s += (__int128)(n - r) * k[r].v;
	long double g = 2.0L * (long double)s / ((long double)n * (long double)total) -
	                ((long double)n + 1.0L) / (long double)n;
	return (double)g;
}

enum gx_err gx_pareto_analyze(const int64_t *ids, const int64_t *values_fen, size_t n,
                              const double *predicted_clv, const struct gx_pareto_params *p,
                              struct gx_pareto_customer *out, size_t *order,
                              struct gx_pareto_summary *sum, struct gx_error *err)
{
	struct gx_pareto_params def;
	if (!p) {
		gx_pareto_params_default(&def);
		p = &def;
	}
	enum gx_err e = check_params(p, err);
	if (e)
		return e;
	if (!sum || (n > 0 && (!ids || !values_fen)))
		return gx_error_set(err, GX_EINVAL, "values_fen", _("%s: no array given"),
		                    "values_fen");
	bool profit = p->measure == GX_PARETO_MEASURE_PROFIT;
	bool any_negative = false;
	int64_t total = 0, negatives = 0;   /* bounding both keeps every partial sum in int64 */
	for (size_t i = 0; i < n; i++) {
		int64_t v = values_fen[i];
		if (v < 0) {
			if (!profit)
				return gx_error_set(err, GX_EINVAL, "values_fen",
				                    _("customer %lld has negative revenue (%lld fen); use the "
				                      "profit measure for values that can be negative"),
				                    (long long)ids[i], (long long)v);
			any_negative = true;
			if ((e = vc_add_fen(&negatives, v, "values_fen", err)))
				return e;
			continue;
		}
		if ((e = vc_add_fen(&total, v, "values_fen", err)))
			return e;
	}
	if (predicted_clv)
		for (size_t i = 0; i < n; i++)
			if (isinf(predicted_clv[i]))
				return gx_error_set(err, GX_EINVAL, "predicted_clv",
				                    _("the predicted CLV of customer %lld is infinite"),
				                    (long long)ids[i]);

	*sum = (struct gx_pareto_summary){ .n = n, .total_fen = total };
	sum->clv_given = predicted_clv != NULL;
	sum->top_count = count_of(p->top_share, n);
	sum->top_share = NAN;
	sum->gini = NAN;
	if (n == 0)
		return GX_OK;

	struct vs_item *k = gx_xmalloc(n * sizeof *k);
	/* Class by input index, needed only to pick the upgrade candidates. */
	unsigned char *cls = predicted_clv ? gx_xmalloc(n) : NULL;
	for (size_t i = 0; i < n; i++)
		k[i] = (struct vs_item){ vs_key_i64_desc(values_fen[i]), vs_key_i64_asc(ids[i]), i,
		                         values_fen[i] };
	vs_radix_sort(k, n);

	size_t t_top = count_of(p->tier_top, n);
	size_t t_major = count_of(p->tier_top + p->tier_major, n);
	size_t t_medium = count_of(p->tier_top + p->tier_major + p->tier_medium, n);
	int64_t cum = 0;      /* positive value held by the customers ranked above */
	for (size_t r = 0; r < n; r++) {
		int64_t v = k[r].v;
		enum gx_pareto_class c = GX_PARETO_C;
		if (total > 0 && v > 0) {
			double above = (double)cum / (double)total;
			c = vc_lt(above, p->a_share) ? GX_PARETO_A
			  : vc_lt(above, p->b_share) ? GX_PARETO_B : GX_PARETO_C;
		}
		int64_t pos = v > 0 ? v : 0;
		cum += pos;      /* ≤ total: cannot overflow */
		if (r < sum->top_count)
			sum->top_fen += pos;
		enum gx_pareto_tier t = r < t_top ? GX_PARETO_TIER_TOP
		                      : r < t_major ? GX_PARETO_TIER_MAJOR
		                      : r < t_medium ? GX_PARETO_TIER_MEDIUM : GX_PARETO_TIER_SMALL;
		if (cls)
			cls[k[r].idx] = (unsigned char)c;
		sum->class_count[c]++;
		sum->class_fen[c] += v;
		sum->tier_count[t]++;
		sum->tier_fen[t] += v;
		if (out)
			out[k[r].idx] = (struct gx_pareto_customer){
				.rank = r, .cls = c, .tier = t,
				.cum_share = total > 0 ? (double)cum / (double)total : NAN,
			};
		if (order)
			order[r] = k[r].idx;
	}
	if (total > 0) {
		sum->top_share = (double)sum->top_fen / (double)total;
		if (!any_negative)
			sum->gini = gini_sorted_desc(k, n, total);
	}

	if (predicted_clv) {
		/* The rank array is no longer needed: reuse it for the sort by predicted CLV. */
		struct vs_item *c = k;
		for (size_t i = 0; i < n; i++)
			c[i] = (struct vs_item){ vs_key_double_desc(predicted_clv[i]),
			                         vs_key_i64_asc(ids[i]), i, 0 };
		vs_radix_sort(c, n);
		size_t cut = count_of(p->upgrade_top, n);
		for (size_t r = 0; r < cut && r < n; r++) {
			size_t i = c[r].idx;
			if (isnan(predicted_clv[i]) || cls[i] == GX_PARETO_A)
				continue;
			sum->upgrade_count++;
			if (out)
				out[i].upgrade = true;
		}
		free(cls);
	}
	free(k);
	return GX_OK;
}

enum gx_err gx_pareto_sum_orders(const struct gx_pareto_order *orders, size_t n_orders,
                                 size_t n_customers, int32_t as_of,
                                 const struct gx_pareto_params *p, int64_t *values_fen,
                                 struct gx_error *err)
{
	struct gx_pareto_params def;
	if (!p) {
		gx_pareto_params_default(&def);
		p = &def;
	}
	if (p->window != GX_PARETO_WINDOW_TRAILING && p->window != GX_PARETO_WINDOW_ALL_TIME)
		return gx_error_set(err, GX_EINVAL, "window", _("unknown Pareto window %d"),
		                    (int)p->window);
	if (p->window == GX_PARETO_WINDOW_TRAILING &&
	    (p->window_months < 1 || p->window_months > 1200))
		return gx_error_set(err, GX_EINVAL, "window_months",
		                    _("the Pareto window must be 1 to 1200 months (got %d)"),
		                    p->window_months);
	if ((n_orders > 0 && !orders) || (n_customers > 0 && !values_fen))
		return gx_error_set(err, GX_EINVAL, "orders", _("%s: no array given"), "orders");
	enum gx_err e = gx_daynum_check(as_of, "as_of", err);
	if (e)
		return e;
	int32_t start = p->window == GX_PARETO_WINDOW_TRAILING
	                ? gx_daynum_add_months(as_of, -p->window_months) : INT32_MIN;
	for (size_t c = 0; c < n_customers; c++)
		values_fen[c] = 0;
	for (size_t i = 0; i < n_orders; i++) {
		if (orders[i].customer >= n_customers)
			return gx_error_set(err, GX_EINVAL, "orders",
			                    _("order %zu names customer index %zu, but there are %zu "
			                      "customers"), i, orders[i].customer, n_customers);
		if (orders[i].day < start || orders[i].day >= as_of)
			continue;
		if ((e = vc_add_fen(&values_fen[orders[i].customer], orders[i].amount_fen, "orders",
		                    err)))
			return e;
	}
	return GX_OK;
}

enum gx_err gx_pareto_gini(const int64_t *values_fen, size_t n, double *gini,
                           struct gx_error *err)
{
	if (n > 0 && !values_fen)
		return gx_error_set(err, GX_EINVAL, "values_fen", _("%s: no array given"),
		                    "values_fen");
	int64_t total = 0;
	enum gx_err e;
	for (size_t i = 0; i < n; i++) {
		if (values_fen[i] < 0)
			return gx_error_set(err, GX_EINVAL, "values_fen",
			                    _("the Gini coefficient needs non-negative values (element "
			                      "%zu is %lld)"), i, (long long)values_fen[i]);
		if ((e = vc_add_fen(&total, values_fen[i], "values_fen", err)))
			return e;
	}
	*gini = NAN;
	if (n == 0 || total == 0)
		return GX_OK;
	struct vs_item *k = gx_xmalloc(n * sizeof *k);
	for (size_t i = 0; i < n; i++)
		k[i] = (struct vs_item){ vs_key_i64_desc(values_fen[i]), 0, i, values_fen[i] };
	vs_radix_sort(k, n);
	*gini = gini_sorted_desc(k, n, total);
	free(k);
	return GX_OK;
}

const char *gx_pareto_class_label(enum gx_pareto_class c, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "A (key customers)", "A类(重点客户)" },
		{ "B (ordinary customers)", "B类(一般客户)" },
		{ "C (small customers)", "C类(小客户)" },
	};
	return (unsigned)c < 3 ? l[c][lang == GX_LANG_ZH] : NULL;
}

const char *gx_pareto_tier_label(enum gx_pareto_tier t, enum gx_lang lang)
{
	static const char *const l[][2] = {
		{ "top customers (top 1%)", "顶尖客户(前1%)" },
		{ "major customers (next 4%)", "主要客户(其后4%)" },
		{ "medium customers (next 15%)", "普通客户(其后15%)" },
		{ "small customers (the other 80%)", "小客户(其余80%)" },
	};
	return (unsigned)t < 4 ? l[t][lang == GX_LANG_ZH] : NULL;
}
