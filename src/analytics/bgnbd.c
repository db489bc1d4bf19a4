/* BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while
 * alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α), and after every
 * purchase drops out with probability p ~ Beta(a, b).
 *
 * The conditional expectation is written so that it stays finite for any x: Euler's
 * transformation turns (1−z)^(r+x)·2F1(r+x, b+x; a+b+x−1; z) into
 * (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z), whose terms shrink as x grows, and the factor
 * 1/(a−1) is divided out of the series analytically so that a = 1 is no singularity. */
#include "guanxi/analytics/btyd.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "analytics/btyd_internal.h"
#include "guanxi/i18n.h"

struct bgnbd_ctx {
	const struct btyd_obs *rows;
	size_t n;
};

double bgnbd_loglik(const struct bgnbd_params *p, const struct btyd_obs *rows, size_t n)
{
	double r = p->r, al = p->alpha, a = p->a, b = p->b;
	double lgr = lgamma(r), lna = log(al), lb0 = btyd_lbeta(a, b);
	double total = 0.0, px = -1.0, a1 = 0.0, lalive = 0.0, ldead = 0.0, ptx = -1.0, dead = 0.0;
	for (size_t i = 0; i < n; i++) {
		double x = rows[i].x, tx = rows[i].t_x, T = rows[i].T;
		/* The Gamma and Beta terms depend on x only, the death term on (x, t_x), and
		 * compressed rows come sorted by (x, t_x, T): computing each once per run of equal
		 * values makes a fit over a million histories affordable. */
		if (x != px) {
			px = x;
			ptx = -1.0;
			a1 = lgamma(r + x) - lgr + r * lna;
			lalive = btyd_lbeta(a, b + x) - lb0;
			ldead = x > 0 ? btyd_lbeta(a + 1, b + x - 1) - lb0 : 0.0;
		}
		if (x > 0 && tx != ptx) {
			ptx = tx;
			dead = ldead - (r + x) * log(al + tx);
		}
		double alive = lalive - (r + x) * log(al + T);
		double l = alive;
		if (x > 0)
			l = btyd_logaddexp(alive, dead);
		total += rows[i].count * (a1 + l);
	}
	return total;
}

static double bgnbd_ll_cb(const double *th, void *vctx)
{
	struct bgnbd_ctx *c = vctx;
	struct bgnbd_params p = { th[0], th[1], th[2], th[3] };
	return bgnbd_loglik(&p, c->rows, c->n);
}

enum gx_err bgnbd_fit(const struct btyd_obs *rows, size_t n, struct bgnbd_fit *out,
                      struct gx_error *err)
{
	static const char *const names[] = { "r", "alpha", "a", "b" };
	double sc, sx, sT;
	enum gx_err e = btyd_check_rows("BG/NBD", rows, n, &sc, &sx, &sT, err);
	if (e)
		return e;
	struct bgnbd_ctx ctx = { rows, n };
	/* r = 1 and α = ΣT/Σx match the observed purchase rate; a = b = 1 is a flat Beta. */
	double th[4] = { 1.0, sT > 0 ? sT / sx : 1.0, 1.0, 1.0 }, se[4];
	out->info.customers = sc;
	out->info.rows = n;
	struct btyd_obs *sample;
	struct bgnbd_ctx sctx = { NULL, 0 };
	sctx.n = btyd_obs_sample(rows, n, BTYD_SAMPLE_ROWS, &sample);
	sctx.rows = sample;
	e = btyd_fit_ml("BG/NBD", 4, names, bgnbd_ll_cb, &ctx, sample ? bgnbd_ll_cb : NULL,
	                &sctx, th, se, &out->info, err);
	free(sample);
	out->p = (struct bgnbd_params){ th[0], th[1], th[2], th[3] };
	out->se = (struct bgnbd_params){ se[0], se[1], se[2], se[3] };
	return e;
}

/* log of the odds that the customer is dead: a/(b+x−1) · ((α+T)/(α+t_x))^(r+x). */
static double bgnbd_log_dead_odds(const struct bgnbd_params *p, double x, double t_x, double T)
{
	return log(p->a) - log(p->b + x - 1) +
	       (p->r + x) * (log(p->alpha + T) - log(p->alpha + t_x));
}

double bgnbd_p_alive(const struct bgnbd_params *p, double x, double t_x, double T)
{
	if (x <= 0)
		return 1.0;
	return exp(-btyd_log1pexp(bgnbd_log_dead_odds(p, x, t_x, T)));
}

double bgnbd_conditional(const struct bgnbd_params *p, double t, double x, double t_x, double T)
{
	if (!(t > 0))
		return 0.0;
	double r = p->r, a = p->a, b = p->b, aT = p->alpha + T;
	double eps = a - 1.0;
	double z = t / (aT + t);
	double L = -log1p(t / aT);          /* log(1 − z) */
	double A = a + b - 1.0 - r, c = a + b + x - 1.0;
	/* S = Σ_{k>=1} (A)_k (ε+1)_{k−1} / ((c)_k k!) z^k, so that 2F1(A, ε; c; z) = 1 + ε·S. */
	double term = A * z / c, S = term;
	for (long k = 1; k < 20000000 && term != 0.0; k++) {
		double ratio = (A + k) * (eps + k) / ((c + k) * (k + 1.0)) * z;
		term *= ratio;
		S += term;
		double ar = fabs(ratio);
		if (ar < 1.0 && fabs(term) * ar / (1.0 - ar) <= 1e-17 * fabs(S))
			break;
	}
	double eL = eps * L;
	double m1 = fabs(eL) < 1e-8 ? -L * (1.0 + 0.5 * eL) : -expm1(eL) / eps;
	double g = m1 - exp(eL) * S;        /* (1 − (1−z)^ε·2F1) / ε */
	double v = c * g * bgnbd_p_alive(p, x, t_x, T);
	return v > 0 ? v : 0.0;
}

double bgnbd_expected(const struct bgnbd_params *p, double t)
{
	return bgnbd_conditional(p, t, 0.0, 0.0, 0.0);
}

double bgnbd_pmf(const struct bgnbd_params *p, double t, int64_t n)
{
	if (n < 0)
		return 0.0;
	if (!(t > 0))
		return n == 0 ? 1.0 : 0.0;
	double r = p->r, al = p->alpha, a = p->a, b = p->b, dn = (double)n;
	double lb0 = btyd_lbeta(a, b);
	double lnb = lgamma(r + dn) - lgamma(r) - lgamma(dn + 1) + r * (log(al) - log(al + t)) +
	             (n > 0 ? dn * (log(t) - log(al + t)) : 0.0);
	double v = exp(btyd_lbeta(a, b + dn) - lb0 + lnb);
	if (n > 0) {
		double tail = n - 1 >= (int64_t)UINT32_MAX ? 0.0
			: gsl_cdf_negative_binomial_Q((unsigned)(n - 1), al / (al + t), r);
		v += exp(btyd_lbeta(a + 1, b + dn - 1) - lb0) * tail;
	}
	return v;
}
