/* Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma model of
 * monetary value"): each transaction value is Gamma(p, ν) with ν ~ Gamma(q, γ) across
 * customers, independent of the purchase process. Fitted on repeat buyers only, from their
 * number of repeat transactions x and the mean value m of those transactions. */
#include "guanxi/analytics/btyd.h"

#include <math.h>

#include "analytics/btyd_internal.h"
#include "guanxi/i18n.h"

struct gammagamma_ctx {
	const struct gammagamma_obs *rows;
	size_t n;
};

static int gammagamma_row_used(const struct gammagamma_obs *o)
{
	return o->x >= 1 && o->m > 0 && o->count > 0;
}

double gammagamma_loglik(const struct gammagamma_params *p, const struct gammagamma_obs *rows,
                         size_t n)
{
	double P = p->p, q = p->q, g = p->gamma;
	double base = -lgamma(q) + q * log(g), total = 0.0;
	for (size_t i = 0; i < n; i++) {
		const struct gammagamma_obs *o = &rows[i];
		if (!gammagamma_row_used(o))
			continue;
		double px = P * o->x;
		double l = lgamma(px + q) - lgamma(px) + base + (px - 1) * log(o->m) + px * log(o->x) -
		           (px + q) * log(g + o->m * o->x);
		total += o->count * l;
	}
	return total;
}

static double gammagamma_ll_cb(const double *th, void *vctx)
{
	struct gammagamma_ctx *c = vctx;
	struct gammagamma_params p = { th[0], th[1], th[2] };
	return gammagamma_loglik(&p, c->rows, c->n);
}

double gammagamma_observed_mean(const struct gammagamma_obs *rows, size_t n)
{
	double num = 0.0, den = 0.0;
	for (size_t i = 0; i < n; i++) {
		if (!gammagamma_row_used(&rows[i]))
			continue;
		num += rows[i].count * rows[i].x * rows[i].m;
		den += rows[i].count * rows[i].x;
	}
	return den > 0 ? num / den : 0.0;
}

enum gx_err gammagamma_fit(const struct gammagamma_obs *rows, size_t n,
                           struct gammagamma_fit *out, struct gx_error *err)
{
	static const char *const names[] = { "p", "q", "gamma" };
	double customers = 0.0;
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		const struct gammagamma_obs *o = &rows[i];
		if (!isfinite(o->x) || !isfinite(o->m) || !isfinite(o->count) || o->count < 0 ||
		    o->m < 0 || o->x < 0)
			return gx_error_set(err, GX_EINVAL, "rows",
			                    _("Gamma-Gamma fit: row %zu is invalid (x=%g, m=%g, count=%g)"),
			                    i, o->x, o->m, o->count);
		if (gammagamma_row_used(o)) {
			customers += o->count;
			used++;
		}
	}
	if (used < 2)
		return gx_error_set(err, GX_ENUMERIC, "rows",
		                    _("Gamma-Gamma fit: fewer than two repeat buyers with a positive "
		                      "spend"));
	struct gammagamma_ctx ctx = { rows, n };
	/* p = 1, q = 2 and γ = the observed mean make the model's mean p·γ/(q−1) match the data. */
	double th[3] = { 1.0, 2.0, gammagamma_observed_mean(rows, n) }, se[3];
	out->info.customers = customers;
	out->info.rows = used;
	enum gx_err e = btyd_fit_ml("Gamma-Gamma", 3, names, gammagamma_ll_cb, &ctx, NULL, NULL,
	                            th, se, &out->info, err);
	out->p = (struct gammagamma_params){ th[0], th[1], th[2] };
	out->se = (struct gammagamma_params){ se[0], se[1], se[2] };
	return e;
}

double gammagamma_conditional_spend(const struct gammagamma_params *p, double x, double m)
{
	if (!(x > 0) || !(m > 0))
		x = 0.0;
	double den = p->p * x + p->q - 1.0;
	if (!(den > 0))
		return 0.0;          /* the expectation does not exist (q <= 1 and no history) */
	return p->p * (p->gamma + x * (x > 0 ? m : 0.0)) / den;
}

enum gx_err gammagamma_mean_spend(const struct gammagamma_params *p, double *mean,
                                  struct gx_error *err)
{
	*mean = 0.0;
	if (!(p->q > 1))
		return gx_error_set(err, GX_ENUMERIC, "q",
		                    _("Gamma-Gamma: q = %g <= 1, so the mean spend does not exist"),
		                    p->q);
	*mean = p->p * p->gamma / (p->q - 1.0);
	return GX_OK;
}
