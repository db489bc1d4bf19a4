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
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_psi.h>

#include "analytics/btyd_internal.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

struct bgnbd_ctx {
	const struct btyd_obs *rows;
	size_t n;
	/* for the derivative passes (btyd_time_table): distinct times and per-row indexes, and
	 * room for ln(α+t) and 1/(α+t) per distinct time */
	double *tv, *lt, *it;
	unsigned *iT, *iX;
	size_t nt;
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

/* The log-likelihood with its exact gradient and Hessian in (r, α, a, b). Per customer
 *   ℓ = A(r, α) + log(e^u + e^v),
 *   A = lnΓ(r+x) − lnΓ(r) + r·ln α,
 *   u = ln B(a, b+x) − ln B(a, b) − (r+x)·ln(α+T),
 *   v = ln B(a+1, b+x−1) − ln B(a, b) − (r+x)·ln(α+t_x)   (only when x > 0),
 * so with w = e^u/(e^u+e^v) the mixture's gradient is w∇u + (1−w)∇v and its Hessian
 * wH_u + (1−w)H_v + w(1−w)(∇u−∇v)(∇u−∇v)ᵀ. u and v split into an (r, α) part and an (a, b)
 * part; the (a, b) parts and A depend on x alone and are computed once per run of equal x
 * (rows come sorted by x). Parameter order: 0 r, 1 α, 2 a, 3 b. */
static double bgnbd_llgh(const double *th, double *grad, double H[BTYD_MAXK][BTYD_MAXK], void *vctx)
{
	const struct bgnbd_ctx *c = vctx;
	if (!grad) {
		struct bgnbd_params p = { th[0], th[1], th[2], th[3] };
		return bgnbd_loglik(&p, c->rows, c->n);
	}
	double r = th[0], al = th[1], a = th[2], b = th[3];
	double lna = log(al), lb0 = btyd_lbeta(a, b), lga = lgamma(a), lga1 = lgamma(a + 1);
	/* lnΓ, ψ, ψ′ at r+x, b+x, a+b+x and b+x−1, stepped along the sorted x */
	struct btyd_gamma_walk wr, wb, wab, wb1;
	btyd_gamma_walk_init(&wr, r);
	btyd_gamma_walk_init(&wb, b);
	btyd_gamma_walk_init(&wab, a + b);
	btyd_gamma_walk_init(&wb1, b);
	double lgr = wr.lg, psr = wr.ps, p1r = wr.p1, psab = wab.ps, p1ab = wab.p1;
	/* ∇ ln B(a, b) and its Hessian */
	double psa = gsl_sf_psi(a), p1a = gsl_sf_psi_1(a), psa1 = psa + 1.0 / a, p1a1 = p1a - 1.0 / (a * a);
	double B0a = psa - psab, B0b = wb.ps - psab;
	double B0aa = p1a - p1ab, B0bb = wb.p1 - p1ab, B0ab = -p1ab;
	for (size_t j = 0; j < c->nt; j++) {
		c->lt[j] = log(al + c->tv[j]);
		c->it[j] = 1.0 / (al + c->tv[j]);
	}
	double total = 0.0;
	double G[4] = { 0 }, S[4][4] = { { 0 } };
	double px = -1.0;
	/* per-x quantities */
	double Ax = 0, Ar = 0, Arr = 0, lu_ab = 0, lv_ab = 0;
	double ua = 0, ub = 0, uaa = 0, ubb = 0, uab = 0, va = 0, vb = 0, vaa = 0, vbb = 0, vab = 0;
	for (size_t i = 0; i < c->n; i++) {
		double x = c->rows[i].x, cnt = c->rows[i].count;
		if (x != px) {
			px = x;
			btyd_gamma_walk_to(&wr, x);
			btyd_gamma_walk_to(&wb, x);
			btyd_gamma_walk_to(&wab, x);
			Ax = wr.lg - lgr + r * lna;
			Ar = wr.ps - psr + lna;
			Arr = wr.p1 - p1r;
			double psabx = wab.ps, p1abx = wab.p1;
			lu_ab = lga + wb.lg - wab.lg - lb0;
			ua = psa - psabx - B0a;
			ub = wb.ps - psabx - B0b;
			uaa = p1a - p1abx - B0aa;
			ubb = wb.p1 - p1abx - B0bb;
			uab = -p1abx - B0ab;
			if (x > 0) {
				btyd_gamma_walk_to(&wb1, x - 1);
				lv_ab = lga1 + wb1.lg - wab.lg - lb0;
				va = psa1 - psabx - B0a;
				vb = wb1.ps - psabx - B0b;
				vaa = p1a1 - p1abx - B0aa;
				vbb = wb1.p1 - p1abx - B0bb;
				vab = -p1abx - B0ab;
			}
		}
		/* u: the (r, α) part −(r+x)·ln(α+T) */
		double iT = c->it[c->iT[i]], lT = c->lt[c->iT[i]];
		double u = lu_ab - (r + x) * lT;
		double gu[4] = { -lT, -(r + x) * iT, ua, ub };
		double l, w = 1.0, gv[4] = { 0 }, iX = 0;
		if (x > 0) {
			double lX = c->lt[c->iX[i]];
			iX = c->it[c->iX[i]];
			double v = lv_ab - (r + x) * lX;
			/* l = log(e^u + e^v) and w = e^u / (e^u + e^v) from one exponential */
			double e = exp(-fabs(u - v));
			double l1 = log1p(e);
			if (u >= v) {
				l = u + l1;
				w = 1.0 / (1.0 + e);
			} else {
				l = v + l1;
				w = e / (1.0 + e);
			}
			gv[0] = -lX;
			gv[1] = -(r + x) * iX;
			gv[2] = va;
			gv[3] = vb;
		} else {
			l = u;
		}
		double wv = 1.0 - w;
		total += cnt * (Ax + l);
		double d[4];
		for (int j = 0; j < 4; j++) {
			G[j] += cnt * (w * gu[j] + wv * gv[j]);
			d[j] = gu[j] - gv[j];
		}
		G[0] += cnt * Ar;
		G[1] += cnt * r / al;
		/* mixture Hessian: w·H_u + (1−w)·H_v + w(1−w)·d·dᵀ */
		double ww = w * wv;
		S[0][1] += cnt * (w * -iT + wv * -iX);
		S[1][1] += cnt * (w * (r + x) * iT * iT + wv * (r + x) * iX * iX);
		S[2][2] += cnt * (w * uaa + wv * vaa);
		S[3][3] += cnt * (w * ubb + wv * vbb);
		S[2][3] += cnt * (w * uab + wv * vab);
		if (ww > 0)
			for (int j = 0; j < 4; j++)
				for (int q = j; q < 4; q++)
					S[j][q] += cnt * ww * d[j] * d[q];
		S[0][0] += cnt * Arr;
		S[0][1] += cnt / al;
		S[1][1] -= cnt * r / (al * al);
	}
	for (int j = 0; j < 4; j++) {
		grad[j] = G[j];
		for (int q = j; q < 4; q++)
			H[j][q] = H[q][j] = S[j][q];
	}
	return total;
}

static void bgnbd_ctx_tables(struct bgnbd_ctx *c)
{
	c->nt = btyd_time_table(c->rows, c->n, &c->tv, &c->iT, &c->iX);
	c->lt = gx_xmalloc(2 * (c->nt + 1) * sizeof *c->lt);
	c->it = c->lt + c->nt + 1;
}

static void bgnbd_ctx_free(struct bgnbd_ctx *c)
{
	free(c->tv);
	free(c->iT);
	free(c->iX);
	free(c->lt);
}

double bgnbd_loglik_derivs(const struct bgnbd_params *p, const struct btyd_obs *rows, size_t n,
                           double grad[4], double hess[4][4])
{
	struct bgnbd_ctx c = { rows, n, NULL, NULL, NULL, NULL, NULL, 0 };
	bgnbd_ctx_tables(&c);
	double th[4] = { p->r, p->alpha, p->a, p->b }, H[BTYD_MAXK][BTYD_MAXK];
	double ll = bgnbd_llgh(th, grad, H, &c);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			hess[i][j] = H[i][j];
	bgnbd_ctx_free(&c);
	return ll;
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
	struct bgnbd_ctx ctx = { rows, n, NULL, NULL, NULL, NULL, NULL, 0 };
	/* r = 1 and α = ΣT/Σx match the observed purchase rate; a = b = 1 is a flat Beta. */
	double th[4] = { 1.0, sT > 0 ? sT / sx : 1.0, 1.0, 1.0 }, se[4];
	out->info.customers = sc;
	out->info.rows = n;
	double start[4];
	memcpy(start, th, sizeof start);
	bgnbd_ctx_tables(&ctx);
	e = btyd_fit_newton("BG/NBD", 4, bgnbd_llgh, &ctx, th, se, &out->info, err);
	bgnbd_ctx_free(&ctx);
	if (e == GX_OK) {
		out->p = (struct bgnbd_params){ th[0], th[1], th[2], th[3] };
		out->se = (struct bgnbd_params){ se[0], se[1], se[2], se[3] };
		return GX_OK;
	}
	/* Newton did not settle (a flat or odd likelihood): the derivative-free search decides */
	memcpy(th, start, sizeof start);
	if (err)
		*err = (struct gx_error){ 0 };
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

double bgnbd_conditional_alive(const struct bgnbd_params *p, double t, double x, double T)
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
	double v = c * g;
	return v > 0 ? v : 0.0;
}

double bgnbd_conditional(const struct bgnbd_params *p, double t, double x, double t_x, double T)
{
	return bgnbd_conditional_alive(p, t, x, T) * bgnbd_p_alive(p, x, t_x, T);
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
