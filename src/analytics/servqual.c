/* SERVQUAL gap scores (MODELS.md M6). The reversal of negatively worded items happens first,
 * on both the expectation and the perception answer, so that every later number reads
 * "higher is better" regardless of the wording of the item. */
#include "guanxi/analytics/servqual.h"
#include "analytics/sat_check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

void gx_servqual_params_default(struct gx_servqual_params *p)
{
	static const int first[GX_SERVQUAL_NDIM] = { 1, 5, 10, 14, 18 };
	p->scale_min = 1;
	p->scale_max = 7;
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		int item = i + 1;
		p->reverse[i] = (item >= 10 && item <= 13) || (item >= 18 && item <= 22);
	}
	for (int d = 0; d < GX_SERVQUAL_NDIM; d++)
		p->dim_first_item[d] = first[d];
	p->tolerance = 1e-9;
}

double gx_servqual_reverse(double x, const struct gx_servqual_params *p)
{
	struct gx_servqual_params def;
	if (!p) {
		gx_servqual_params_default(&def);
		p = &def;
	}
	return (double)(p->scale_min + p->scale_max) - x;
}

static enum gx_err check_params(const struct gx_servqual_params *p, struct gx_error *err)
{
	if (p->scale_max <= p->scale_min)
		return gx_error_set(err, GX_EINVAL, "scale", _("SERVQUAL scale %d..%d is not a range"), p->scale_min, p->scale_max);
	if (p->dim_first_item[0] != 1)
		return gx_error_set(err, GX_EINVAL, "dimensions", _("the first SERVQUAL dimension must start at item 1"));
	for (int d = 1; d < GX_SERVQUAL_NDIM; d++)
		if (p->dim_first_item[d] <= p->dim_first_item[d - 1] || p->dim_first_item[d] > GX_SERVQUAL_ITEMS)
			return gx_error_set(err, GX_EINVAL, "dimensions",
			                    _("SERVQUAL dimension %d does not start after the previous one within items 1..22"), d + 1);
	return GX_OK;
}

enum gx_err gx_servqual_item_dim(int item, const struct gx_servqual_params *p,
                                 enum gx_servqual_dim *dim, struct gx_error *err)
{
	struct gx_servqual_params def;
	if (!p) {
		gx_servqual_params_default(&def);
		p = &def;
	}
	enum gx_err rc = check_params(p, err);
	if (rc != GX_OK)
		return rc;
	if (item < 1 || item > GX_SERVQUAL_ITEMS)
		return gx_error_set(err, GX_EINVAL, "item", _("SERVQUAL item %d is not 1..22"), item);
	int d = GX_SERVQUAL_NDIM - 1;
	while (item < p->dim_first_item[d])
		d--;
	*dim = (enum gx_servqual_dim)d;
	return GX_OK;
}

struct gx_sat_label gx_servqual_dim_label(enum gx_servqual_dim dim)
{
	switch (dim) {
	case GX_SERVQUAL_TANGIBLES: return (struct gx_sat_label){ "有形性", "tangibles" };
	case GX_SERVQUAL_RELIABILITY: return (struct gx_sat_label){ "可靠性", "reliability" };
	case GX_SERVQUAL_RESPONSIVENESS: return (struct gx_sat_label){ "响应性", "responsiveness" };
	case GX_SERVQUAL_ASSURANCE: return (struct gx_sat_label){ "保证性", "assurance" };
	case GX_SERVQUAL_EMPATHY: return (struct gx_sat_label){ "移情性", "empathy" };
	case GX_SERVQUAL_NDIM: break;
	}
	return (struct gx_sat_label){ NULL, NULL };
}

struct gx_sat_label gx_servqual_anchor_label(bool top)
{
	return top ? (struct gx_sat_label){ "完全同意", "strongly agree" }
	           : (struct gx_sat_label){ "完全不同意", "strongly disagree" };
}

static enum gx_err check_answers(const double *x, size_t n_resp, const char *field,
                                 const struct gx_servqual_params *p, struct gx_error *err)
{
	enum gx_err rc = sat_check_finite(x, n_resp * GX_SERVQUAL_ITEMS, field, err);
	if (rc != GX_OK)
		return rc;
	for (size_t r = 0; r < n_resp; r++)
		for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
			double v = x[r * GX_SERVQUAL_ITEMS + i];
			if (v < p->scale_min || v > p->scale_max)
				return gx_error_set(err, GX_EINVAL, field,
				                    _("%s: respondent %zu, item %d answers %g, outside %d..%d"),
				                    field, r, i + 1, v, p->scale_min, p->scale_max);
		}
	return GX_OK;
}

enum gx_err gx_servqual_score(const double *e, const double *p_answers, size_t n_resp,
                              const double *dim_weights, const struct gx_servqual_params *p,
                              struct gx_servqual_result *out, struct gx_error *err)
{
	struct gx_servqual_params def;
	if (!p) {
		gx_servqual_params_default(&def);
		p = &def;
	}
	enum gx_err rc;
	if ((rc = check_params(p, err)) != GX_OK)
		return rc;
	if (n_resp == 0)
		return gx_error_set(err, GX_EINVAL, "answers", _("SERVQUAL survey has no respondents"));
	if ((rc = check_answers(e, n_resp, "expectation", p, err)) != GX_OK)
		return rc;
	if ((rc = check_answers(p_answers, n_resp, "perception", p, err)) != GX_OK)
		return rc;
	double wsum = 0;
	if (dim_weights) {
		if ((rc = sat_check_finite(dim_weights, GX_SERVQUAL_NDIM, "dim_weights", err)) != GX_OK)
			return rc;
		for (int d = 0; d < GX_SERVQUAL_NDIM; d++) {
			if (dim_weights[d] < 0)
				return gx_error_set(err, GX_EINVAL, "dim_weights", _("dimension weight %d is negative"), d + 1);
			wsum += dim_weights[d];
		}
		if (!(wsum > p->tolerance))
			return gx_error_set(err, GX_ENUMERIC, "dim_weights", _("dimension weights sum to zero"));
	}

	out->n_respondents = n_resp;
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++) {
		double se = 0, sp = 0;
		for (size_t r = 0; r < n_resp; r++) {
			double ev = e[r * GX_SERVQUAL_ITEMS + i], pv = p_answers[r * GX_SERVQUAL_ITEMS + i];
			if (p->reverse[i]) {
				ev = gx_servqual_reverse(ev, p);
				pv = gx_servqual_reverse(pv, p);
			}
			se += ev;
			sp += pv;
		}
		out->mean_e[i] = se / (double)n_resp;
		out->mean_p[i] = sp / (double)n_resp;
		/* The mean of P − E equals the difference of the means. */
		out->item_gap[i] = out->mean_p[i] - out->mean_e[i];
	}
	double dsum = 0, wdsum = 0;
	for (int d = 0; d < GX_SERVQUAL_NDIM; d++) {
		int first = p->dim_first_item[d];
		int last = d + 1 < GX_SERVQUAL_NDIM ? p->dim_first_item[d + 1] - 1 : GX_SERVQUAL_ITEMS;
		double s = 0;
		for (int item = first; item <= last; item++)
			s += out->item_gap[item - 1];
		out->dim_gap[d] = s / (double)(last - first + 1);
		dsum += out->dim_gap[d];
		if (dim_weights)
			wdsum += dim_weights[d] * out->dim_gap[d];
	}
	out->overall = dsum / GX_SERVQUAL_NDIM;
	out->has_weighted = dim_weights != NULL;
	out->weighted_overall = dim_weights ? wdsum / wsum : NAN;
	return GX_OK;
}

/* splitmix64 finaliser: spreads (seed, respondent) over the generator's seed space so that
 * neighbouring respondent numbers do not get correlated streams. */
static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void gx_servqual_item_order(uint64_t seed, uint64_t respondent, int order[GX_SERVQUAL_ITEMS])
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		abort();
	gsl_rng_set(rng, (unsigned long)mix64(seed ^ mix64(respondent)));
	for (int i = 0; i < GX_SERVQUAL_ITEMS; i++)
		order[i] = i + 1;
	gsl_ran_shuffle(rng, order, GX_SERVQUAL_ITEMS, sizeof order[0]);
	gsl_rng_free(rng);
}
