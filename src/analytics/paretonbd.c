/* Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a customer buys as a
 * Poisson process with rate λ ~ Gamma(r, α); the lifetime is exponential with rate
 * μ ~ Gamma(s, β).
 *
 * The likelihood follows Fader & Hardie's implementation note: the death-before-T term A0 is
 * a difference of two Gauss hypergeometric functions whose argument is put in [0, 1) by taking
 * the larger of α and β as the base, (α−β)/(α+t) or (β−α)/(β+t). Both terms are kept on the
 * log scale so that x in the hundreds does not overflow (α+t)^(r+s+x). P(X(t) = n) is an
 * integral over the lifetime distribution, evaluated by adaptive Gauss-Kronrod quadrature,
 * because the closed form subtracts nearly equal hypergeometric sums for large n. */
#include "guanxi/analytics/btyd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_integration.h>

#include "analytics/btyd_internal.h"
#include "analytics/paretonbd_internal.h"
#include "guanxi/i18n.h"

struct paretonbd_ctx {
	const struct btyd_obs *rows;
	size_t n;
};

/* log of the hypergeometric term 2F1(...; z(t)) / base(t)^(r+s+x) of A0 at time t. */
static double paretonbd_log_a0_term(const struct paretonbd_params *p, double x, double t, int *ok)
{
	double r = p->r, al = p->alpha, s = p->s, be = p->beta, rsx = r + s + x;
	if (al >= be) {
		double base = al + t;
		return btyd_log_hyp2f1(rsx, s + 1, rsx + 1, (al - be) / base, ok) - rsx * log(base);
	}
	double base = be + t;
	return btyd_log_hyp2f1(rsx, r + x, rsx + 1, (be - al) / base, ok) - rsx * log(base);
}

static double paretonbd_log_a0_quad(const struct paretonbd_params *p, double x, double t_x,
                                    double T);

/* log A0, -INFINITY when t_x = T (no time to die unseen). */
static double paretonbd_log_a0(const struct paretonbd_params *p, double x, double t_x, double T,
                               int *ok)
{
	if (!(T > t_x)) {
		*ok = 1;
		return -INFINITY;
	}
	int ok1, ok2;
	double l1 = paretonbd_log_a0_term(p, x, t_x, &ok1);
	double l2 = paretonbd_log_a0_term(p, x, T, &ok2);
	*ok = 1;
	if (!ok1 || !ok2)
		return paretonbd_log_a0_quad(p, x, t_x, T);
	return btyd_logsubexp(l1, l2);
}

double paretonbd_loglik(const struct paretonbd_params *p, const struct btyd_obs *rows, size_t n)
{
	double r = p->r, al = p->alpha, s = p->s, be = p->beta;
	double base = -lgamma(r) + r * log(al) + s * log(be), lns = log(s);
	double total = 0.0, px = -1.0, lgx = 0.0, lfrac = 0.0, ptx = -1.0, l1 = 0.0;
	int ok = 1, ok1 = 1;   /* series converged; else A0 comes from quadrature */
	for (size_t i = 0; i < n; i++) {
		double x = rows[i].x, tx = rows[i].t_x, T = rows[i].T;
		/* rows come sorted by (x, t_x, T): x-only terms once per x, and the t_x half of A0
		 * (a hypergeometric series) once per (x, t_x) */
		if (x != px) {
			px = x;
			ptx = -1.0;
			lgx = lgamma(r + x) + base;
			lfrac = lns - log(r + s + x);
		}
		if (tx != ptx) {
			ptx = tx;
			l1 = paretonbd_log_a0_term(p, x, tx, &ok1);
		}
		double la0 = -INFINITY;
		if (T > tx) {
			la0 = btyd_logsubexp(l1, paretonbd_log_a0_term(p, x, T, &ok));
			if (!ok || !ok1)
				la0 = paretonbd_log_a0_quad(p, x, tx, T);
		}
		double alive = -(r + x) * log(al + T) - s * log(be + T);
		total += rows[i].count * (lgx + btyd_logaddexp(alive, lfrac + la0));
	}
	return total;
}

static double paretonbd_ll_cb(const double *th, void *vctx)
{
	struct paretonbd_ctx *c = vctx;
	struct paretonbd_params p = { th[0], th[1], th[2], th[3] };
	return paretonbd_loglik(&p, c->rows, c->n);
}

enum gx_err paretonbd_fit(const struct btyd_obs *rows, size_t n, struct paretonbd_fit *out,
                          struct gx_error *err)
{
	static const char *const names[] = { "r", "alpha", "s", "beta" };
	double sc, sx, sT;
	enum gx_err e = btyd_check_rows("Pareto/NBD", rows, n, &sc, &sx, &sT, err);
	if (e)
		return e;
	struct paretonbd_ctx ctx = { rows, n };
	/* Purchase rate r/α = Σx/ΣT; mean lifetime of the order of the mean age. */
	double meanT = sT / sc > 0 ? sT / sc : 1.0;
	double th[4] = { 1.0, sT > 0 ? sT / sx : 1.0, 1.0, meanT }, se[4];
	out->info.customers = sc;
	out->info.rows = n;
	double start[4];
	memcpy(start, th, sizeof start);
	struct paretonbd_deriv_ctx dctx;
	paretonbd_deriv_ctx_init(&dctx, rows, n);
	e = btyd_fit_newton("Pareto/NBD", 4, paretonbd_llgh, &dctx, th, se, &out->info, err);
	paretonbd_deriv_ctx_free(&dctx);
	if (e == GX_OK) {
		out->p = (struct paretonbd_params){ th[0], th[1], th[2], th[3] };
		out->se = (struct paretonbd_params){ se[0], se[1], se[2], se[3] };
		/* the reported log-likelihood is the closed form's, as for any other caller */
		out->info.loglik = paretonbd_loglik(&out->p, rows, n);
		return GX_OK;
	}
	/* Newton did not settle: the derivative-free search decides */
	memcpy(th, start, sizeof start);
	if (err)
		*err = (struct gx_error){ 0 };
	struct btyd_obs *sample;
	struct paretonbd_ctx sctx = { NULL, 0 };
	sctx.n = btyd_obs_sample(rows, n, BTYD_SAMPLE_ROWS, &sample);
	sctx.rows = sample;
	e = btyd_fit_ml("Pareto/NBD", 4, names, paretonbd_ll_cb, &ctx,
	                sample ? paretonbd_ll_cb : NULL, &sctx, th, se, &out->info, err);
	free(sample);
	out->p = (struct paretonbd_params){ th[0], th[1], th[2], th[3] };
	out->se = (struct paretonbd_params){ se[0], se[1], se[2], se[3] };
	return e;
}

double paretonbd_p_alive(const struct paretonbd_params *p, double x, double t_x, double T)
{
	int ok;
	double la0 = paretonbd_log_a0(p, x, t_x, T, &ok);
	if (la0 == -INFINITY)
		return 1.0;
	double r = p->r, s = p->s;
	double l = log(s) - log(r + s + x) + (r + x) * log(p->alpha + T) + s * log(p->beta + T) + la0;
	return exp(-btyd_log1pexp(l));
}

/* (1 − e^(e·L)) / e, continuous at e = 0 where it is −L. */
static double paretonbd_h(double e, double L)
{
	double eL = e * L;
	return fabs(eL) < 1e-8 ? -L * (1.0 + 0.5 * eL) : -expm1(eL) / e;
}

double paretonbd_expected(const struct paretonbd_params *p, double t)
{
	if (!(t > 0))
		return 0.0;
	/* r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)] */
	return p->r * p->beta / p->alpha * paretonbd_h(p->s - 1.0, -log1p(t / p->beta));
}

double paretonbd_conditional_alive(const struct paretonbd_params *p, double t, double x, double T)
{
	if (!(t > 0))
		return 0.0;
	double bT = p->beta + T;
	return (p->r + x) * bT / (p->alpha + T) * paretonbd_h(p->s - 1.0, -log1p(t / bT));
}

double paretonbd_conditional(const struct paretonbd_params *p, double t, double x, double t_x,
                             double T)
{
	if (!(t > 0))
		return 0.0;
	return paretonbd_conditional_alive(p, t, x, T) * paretonbd_p_alive(p, x, t_x, T);
}

/* ---- P(X(t) = n) ---- */

struct paretonbd_pmf_ctx {
	const struct paretonbd_params *p;
	double n, lcoef;
};

/* NB probability of n purchases in u time units of life. */
static double paretonbd_nb(const struct paretonbd_pmf_ctx *c, double u)
{
	double al = c->p->alpha;
	if (u <= 0)
		return c->n == 0 ? 1.0 : 0.0;
	return exp(c->lcoef + c->p->r * (log(al) - log(al + u)) +
	           (c->n > 0 ? c->n * (log(u) - log(al + u)) : 0.0));
}

/* Integrand over w = P(lifetime <= u), so the lifetime density is absorbed into dw. */
static double paretonbd_pmf_integrand(double w, void *vc)
{
	struct paretonbd_pmf_ctx *c = vc;
	double u = c->p->beta * expm1(-log1p(-w) / c->p->s);
	return paretonbd_nb(c, u);
}

/* Adaptive bisection over GSL's 15-point Gauss-Kronrod rule (the rule alone: GSL's drivers
 * report trouble through the process-wide error handler, which a threaded server must not
 * depend on). budget caps the number of subdivisions. */
static double paretonbd_adapt(gsl_function *f, double a, double b, double whole, double tol,
                              int depth, int *budget)
{
	double m = 0.5 * (a + b), l, r, e1, e2, ra, rs;
	gsl_integration_qk15(f, a, m, &l, &e1, &ra, &rs);
	gsl_integration_qk15(f, m, b, &r, &e2, &ra, &rs);
	(void)e1;
	(void)e2;
	/* GSL's own error estimate is very pessimistic for smooth integrands; the change from the
	 * one-panel to the two-panel value is the usual, realistic stopping rule. */
	if (depth >= 40 || --*budget <= 0 || fabs(l + r - whole) <= tol)
		return l + r;
	return paretonbd_adapt(f, a, m, l, tol * 0.5, depth + 1, budget) +
	       paretonbd_adapt(f, m, b, r, tol * 0.5, depth + 1, budget);
}

/* A0 = (r+s+x) ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ: the probability of dying unseen
 * between the last purchase and T, written as the integral it comes from. Used when the
 * hypergeometric series would need too many terms (argument within ~1e-4 of 1, which happens
 * when β ≫ α + T); the integrand is scaled by its value at t_x so nothing underflows. */
struct paretonbd_a0_ctx {
	const struct paretonbd_params *p;
	double x, t_x;
};

/* In u = ln((α+τ)/(α+t_x)) the factor (α+τ)^−(r+x) becomes an exponential, which the
 * Gauss-Kronrod rule integrates in few panels even for large x. */
static double paretonbd_a0_integrand(double u, void *vc)
{
	struct paretonbd_a0_ctx *c = vc;
	const struct paretonbd_params *p = c->p;
	double at = p->alpha + c->t_x, tau_minus = at * expm1(u);   /* τ − t_x */
	return exp(u * (1 - p->r - c->x) - (p->s + 1) * log1p(tau_minus / (p->beta + c->t_x)));
}

static double paretonbd_log_a0_quad(const struct paretonbd_params *p, double x, double t_x,
                                    double T)
{
	struct paretonbd_a0_ctx c = { p, x, t_x };
	gsl_function f = { .function = paretonbd_a0_integrand, .params = &c };
	double U = log1p((T - t_x) / (p->alpha + t_x)), whole, e, ra, rs;
	gsl_integration_qk15(&f, 0.0, U, &whole, &e, &ra, &rs);
	int budget = 500;
	double v = paretonbd_adapt(&f, 0.0, U, whole, 1e-11 * (whole > 0 ? whole : 1), 0, &budget);
	if (!(v > 0))
		return -INFINITY;
	/* ∫ dτ = (α+t_x) ∫ e^u du; the integrand above carries (α+τ)^−(r+x) relative to t_x */
	return log(p->r + p->s + x) - (p->r + x - 1) * log(p->alpha + t_x) -
	       (p->s + 1) * log(p->beta + t_x) + log(v);
}

double paretonbd_pmf(const struct paretonbd_params *p, double t, int64_t n)
{
	if (n < 0)
		return 0.0;
	if (!(t > 0))
		return n == 0 ? 1.0 : 0.0;
	double dn = (double)n;
	struct paretonbd_pmf_ctx c = { p, dn, lgamma(p->r + dn) - lgamma(p->r) - lgamma(dn + 1) };
	double lsurv = -p->s * log1p(t / p->beta);     /* log P(lifetime > t) */
	double alive = paretonbd_nb(&c, t) * exp(lsurv);
	double W = -expm1(lsurv);
	gsl_function f = { .function = paretonbd_pmf_integrand, .params = &c };
	double whole, e, ra, rs;
	gsl_integration_qk15(&f, 0.0, W, &whole, &e, &ra, &rs);
	int budget = 4000;
	double v = alive + paretonbd_adapt(&f, 0.0, W, whole, 1e-13, 0, &budget);
	return v < 0 ? 0.0 : (v > 1 ? 1.0 : v);
}
