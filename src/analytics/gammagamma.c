/* Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma model of
 * monetary value"): each transaction value is Gamma(p, ν) with ν ~ Gamma(q, γ) across
 * customers, independent of the purchase process. Fitted on repeat buyers only, from their
 * number of repeat transactions x and the mean value m of those transactions. */
#include "guanxi/analytics/btyd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sf_psi.h>

#include "analytics/btyd_internal.h"
#include "guanxi/arena.h"
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

/* The used rows sorted by x, with ln m, ln x and m·x precomputed, for the derivative pass. */
struct gammagamma_dctx {
	size_t n;
	double *x, *lm, *lx, *mx, *cnt;
};

static int gg_row_cmp(const void *pa, const void *pb)
{
	const struct gammagamma_obs *a = pa, *b = pb;
	return (a->x > b->x) - (a->x < b->x);
}

static void gammagamma_dctx_init(struct gammagamma_dctx *c, const struct gammagamma_obs *rows,
                                 size_t n)
{
	struct gammagamma_obs *u = gx_xmalloc((n + 1) * sizeof *u);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (gammagamma_row_used(&rows[i]))
			u[m++] = rows[i];
	qsort(u, m, sizeof *u, gg_row_cmp);
	c->n = m;
	c->x = gx_xmalloc(5 * (m + 1) * sizeof *c->x);
	c->lm = c->x + m + 1;
	c->lx = c->lm + m + 1;
	c->mx = c->lx + m + 1;
	c->cnt = c->mx + m + 1;
	for (size_t i = 0; i < m; i++) {
		c->x[i] = u[i].x;
		c->lm[i] = log(u[i].m);
		c->lx[i] = log(u[i].x);
		c->mx[i] = u[i].m * u[i].x;
		c->cnt[i] = u[i].count;
	}
	free(u);
}

/* ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+mx) per
 * customer, with its exact gradient and Hessian in (p, q, γ); the Gamma-function terms
 * depend on x alone and are computed once per run of equal x. */
static double gammagamma_llgh(const double *th, double *grad, double H[BTYD_MAXK][BTYD_MAXK],
                              void *vctx)
{
	const struct gammagamma_dctx *c = vctx;
	double P = th[0], q = th[1], g = th[2];
	double lgq = lgamma(q), psq = gsl_sf_psi(q), p1q = gsl_sf_psi_1(q), lng = log(g);
	double total = 0.0, G[3] = { 0 }, S[3][3] = { { 0 } }, px_prev = -1.0;
	double lga = 0, psa = 0, p1a = 0, lgb = 0, psb = 0, p1b = 0;   /* at px+q and at px */
	for (size_t i = 0; i < c->n; i++) {
		double x = c->x[i], w = c->cnt[i], px = P * x;
		if (x != px_prev) {
			px_prev = x;
			lga = lgamma(px + q);
			psa = gsl_sf_psi(px + q);
			p1a = gsl_sf_psi_1(px + q);
			lgb = lgamma(px);
			psb = gsl_sf_psi(px);
			p1b = gsl_sf_psi_1(px);
		}
		double lgm = log(g + c->mx[i]), igm = 1.0 / (g + c->mx[i]);
		total += w * (lga - lgb - lgq + q * lng + (px - 1) * c->lm[i] + px * c->lx[i] - (px + q) * lgm);
		if (!grad)
			continue;
		G[0] += w * x * (psa - psb + c->lm[i] + c->lx[i] - lgm);
		G[1] += w * (psa - psq + lng - lgm);
		G[2] += w * (q / g - (px + q) * igm);
		S[0][0] += w * x * x * (p1a - p1b);
		S[0][1] += w * x * p1a;
		S[0][2] += w * -x * igm;
		S[1][1] += w * (p1a - p1q);
		S[1][2] += w * (1.0 / g - igm);
		S[2][2] += w * (-q / (g * g) + (px + q) * igm * igm);
	}
	if (grad) {
		for (int a = 0; a < 3; a++) {
			grad[a] = G[a];
			for (int b = a; b < 3; b++)
				H[a][b] = H[b][a] = S[a][b];
		}
	}
	return total;
}

double gammagamma_loglik_derivs(const struct gammagamma_params *p, const struct gammagamma_obs *rows,
                                size_t n, double grad[3], double hess[3][3])
{
	struct gammagamma_dctx c;
	gammagamma_dctx_init(&c, rows, n);
	double th[3] = { p->p, p->q, p->gamma }, H[BTYD_MAXK][BTYD_MAXK];
	double ll = gammagamma_llgh(th, grad, H, &c);
	for (int i = 0; i < 3 && grad; i++)
		for (int j = 0; j < 3; j++)
			hess[i][j] = H[i][j];
	free(c.x);
	return ll;
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
	struct gammagamma_dctx dctx;
	gammagamma_dctx_init(&dctx, rows, n);
	double start[3];
	memcpy(start, th, sizeof start);
	enum gx_err e = btyd_fit_newton("Gamma-Gamma", 3, gammagamma_llgh, &dctx, th, se, &out->info, err);
	free(dctx.x);
	if (e != GX_OK) {
		/* Newton did not settle: the derivative-free search decides */
		memcpy(th, start, sizeof start);
		if (err)
			*err = (struct gx_error){ 0 };
		e = btyd_fit_ml("Gamma-Gamma", 3, names, gammagamma_ll_cb, &ctx, NULL, NULL, th, se,
		                &out->info, err);
	}
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
