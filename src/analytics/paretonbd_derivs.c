/* Pareto/NBD log-likelihood with its exact gradient and Hessian, for the Newton fit.
 *
 * The closed form (paretonbd.c) needs Gauss hypergeometric functions whose derivatives in
 * their parameters have no usable closed form. So this file goes back to the integral the
 * closed form comes from: integrating the Poisson purchases and the exponential lifetime over
 * their Gamma mixing distributions gives, per customer,
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ],
 * and every derivative in (r, α, s, β) passes under the integral sign, so one quadrature
 * gives the likelihood, the gradient and the Hessian together.
 *
 * Everything is scaled by K = (α+t_x)^−(r+x) (β+t_x)^−s, so the bracket stays near 1 for any x.
 * In u = ln(α+τ) the integrand is e^(−c·u) times a bounded, slowly varying function, with
 * c = r+x+s: steep for frequent buyers, flat for one-off ones. So the integral over [t_x, T]
 * is taken as the integral over [t_x, ∞) minus the one over [T, ∞), each by Gauss–Laguerre
 * quadrature in c·u, which fits that shape at every c. The [t_x, ∞) half depends on (x, t_x)
 * only and is computed once per run of equal (x, t_x) (rows come sorted); where T is close to
 * t_x the two halves nearly cancel, but then the alive term is close to 1 and dominates, so
 * the absolute error is what matters and stays at rounding level. Accurate to about 1e-12
 * relative near the optimum (checked against the closed form in tests/unit/test_paretonbd.c).
 * Parameter order: 0 r, 1 α, 2 s, 3 β. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_psi.h>

#include "analytics/btyd_internal.h"
#include "analytics/paretonbd_internal.h"
#include "guanxi/arena.h"

#define PNBD_NODES 24

void paretonbd_deriv_ctx_init(struct paretonbd_deriv_ctx *c, const struct btyd_obs *rows, size_t n)
{
	memset(c, 0, sizeof *c);
	c->rows = rows;
	c->n = n;
	c->nt = btyd_time_table(rows, n, &c->tv, &c->iT, &c->iX);
	c->la = gx_xmalloc(4 * (c->nt + 1) * sizeof *c->la);
	c->ia = c->la + c->nt + 1;
	c->lb = c->ia + c->nt + 1;
	c->ib = c->lb + c->nt + 1;
	gsl_integration_fixed_workspace *q =
		gsl_integration_fixed_alloc(gsl_integration_fixed_laguerre, PNBD_NODES, 0.0, 1.0, 0.0, 0.0);
	c->nodes = PNBD_NODES;
	for (int k = 0; k < PNBD_NODES; k++) {
		c->xi[k] = gsl_integration_fixed_nodes(q)[k];
		/* ln(weight · e^node): the integrand is supplied with its e^(−c·u) factor in */
		c->wi[k] = log(gsl_integration_fixed_weights(q)[k]) + c->xi[k];
	}
	gsl_integration_fixed_free(q);
}

void paretonbd_deriv_ctx_free(struct paretonbd_deriv_ctx *c)
{
	free(c->tv);
	free(c->iT);
	free(c->iX);
	free(c->la);
}

/* Adds sign · ∫_y^∞ f̃(τ) dτ to *I, *gI and *hI (gradient, upper triangle of the Hessian), where
 * f̃(τ) = e^(−(r+x)·da − s·db) / (β+τ), da = ln((α+τ)/(α+t_x)), db = ln((β+τ)/(β+t_x)).
 * Nodes: τ_k = (α+y)·e^(v_k) − α with v_k = node_k / c (ev[k] = e^(v_k), computed per x). */
static void pnbd_tail(const struct paretonbd_deriv_ctx *c, const double *th, double x,
                      unsigned jx, unsigned jy, const double *ev, double cr, double sign,
                      double *I, double gI[4], double hI[4][4])
{
	double r = th[0], al = th[1], s = th[2], be = th[3];
	double rx = r + x, ay = al + c->tv[jy];
	double iax = c->ia[jx], ibx = c->ib[jx], lbx = c->lb[jx], lay = c->la[jy] - c->la[jx];
	/* ln(α+τ) = ln(α+y) + v, and the 1/c of the substitution */
	double lbase = c->la[jy] - log(cr);
	for (int k = 0; k < c->nodes; k++) {
		double v = c->xi[k] / cr;
		double at = ay * ev[k];             /* α + τ */
		double bt = at - al + be;           /* β + τ */
		if (!(bt > 0))
			continue;
		double iat = 1.0 / at, ibt = 1.0 / bt;
		double da = lay + v, lbt = log(bt), db = lbt - lbx;
		/* Laguerre weight · e^(node) · dτ/dv / c · f̃, in one exponential */
		double f = sign * exp(c->wi[k] + lbase + v - rx * da - s * db - lbt);
		double g[4] = { -da, -rx * (iat - iax), -db, -s * (ibt - ibx) - ibt };
		*I += f;
		for (int i = 0; i < 4; i++) {
			gI[i] += f * g[i];
			for (int j = i; j < 4; j++)
				hI[i][j] += f * g[i] * g[j];
		}
		hI[0][1] += f * -(iat - iax);
		hI[1][1] += f * rx * (iat * iat - iax * iax);
		hI[2][3] += f * -(ibt - ibx);
		hI[3][3] += f * (s * (ibt * ibt - ibx * ibx) + ibt * ibt);
	}
}

double paretonbd_llgh(const double *th, double *grad, double H[BTYD_MAXK][BTYD_MAXK], void *vctx)
{
	struct paretonbd_deriv_ctx *c = vctx;
	double r = th[0], al = th[1], s = th[2], be = th[3];
	for (size_t j = 0; j < c->nt; j++) {
		c->la[j] = log(al + c->tv[j]);
		c->ia[j] = 1.0 / (al + c->tv[j]);
		c->lb[j] = log(be + c->tv[j]);
		c->ib[j] = 1.0 / (be + c->tv[j]);
	}
	struct btyd_gamma_walk wr;
	btyd_gamma_walk_init(&wr, r);
	double lgr = wr.lg, psr = wr.ps, p1r = wr.p1, lna = log(al), lnb = log(be);
	double total = 0.0, G[4] = { 0 }, S[4][4] = { { 0 } };
	double px = -1.0, ptx = -1.0, cr = 0.0, ev[32];
	/* ∫_{t_x}^∞ f̃ with its derivatives, per run of equal (x, t_x) */
	double I0 = 0.0, g0[4] = { 0 }, h0[4][4] = { { 0 } };
	for (size_t i = 0; i < c->n; i++) {
		double x = c->rows[i].x, tx = c->rows[i].t_x, T = c->rows[i].T, cnt = c->rows[i].count;
		unsigned jt = c->iT[i], jx = c->iX[i];
		if (x != px) {
			px = x;
			ptx = -1.0;
			btyd_gamma_walk_to(&wr, x);
			cr = r + x + s;
			for (int k = 0; k < c->nodes; k++)
				ev[k] = exp(c->xi[k] / cr);
		}
		if (T > tx && tx != ptx) {
			ptx = tx;
			I0 = 0.0;
			memset(g0, 0, sizeof g0);
			memset(h0, 0, sizeof h0);
			pnbd_tail(c, th, x, jx, jx, ev, cr, 1.0, &I0, g0, h0);
		}
		double rx = r + x;
		/* the constant part: ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln K */
		double C = wr.lg - lgr + r * lna + s * lnb - rx * c->la[jx] - s * c->lb[jx];
		double gc[4] = { wr.ps - psr + lna - c->la[jx], r / al - rx * c->ia[jx],
		                 lnb - c->lb[jx], s / be - s * c->ib[jx] };
		/* P̃ = e^(−(r+x)·DA − s·DB): alive at T */
		double DA = c->la[jt] - c->la[jx], DB = c->lb[jt] - c->lb[jx];
		double dia = c->ia[jt] - c->ia[jx], dib = c->ib[jt] - c->ib[jx];
		double P = exp(-rx * DA - s * DB);
		double gp[4] = { -DA, -rx * dia, -DB, -s * dib };
		double Q = P, gQ[4], hQ[4][4];
		for (int a = 0; a < 4; a++) {
			gQ[a] = P * gp[a];
			for (int b = a; b < 4; b++)
				hQ[a][b] = P * gp[a] * gp[b];
		}
		hQ[0][1] += P * -dia;
		hQ[1][1] += P * rx * (c->ia[jt] * c->ia[jt] - c->ia[jx] * c->ia[jx]);
		hQ[2][3] += P * -dib;
		hQ[3][3] += P * s * (c->ib[jt] * c->ib[jt] - c->ib[jx] * c->ib[jx]);
		if (DA > 0) {
			/* + s·Ĩ: died unseen between t_x and T */
			double gI[4], hI[4][4], I = I0;
			memcpy(gI, g0, sizeof gI);
			memcpy(hI, h0, sizeof hI);
			/* the [T, ∞) tail is about P̃ times the [t_x, ∞) one: below rounding, skip it */
			if (P > 1e-18)
				pnbd_tail(c, th, x, jx, jt, ev, cr, -1.0, &I, gI, hI);
			Q += s * I;
			for (int a = 0; a < 4; a++) {
				gQ[a] += s * gI[a];
				for (int b = a; b < 4; b++)
					hQ[a][b] += s * hI[a][b];
			}
			gQ[2] += I;
			for (int a = 0; a < 4; a++) {
				if (a < 2)
					hQ[a][2] += gI[a];
				else if (a == 2)
					hQ[2][2] += 2.0 * gI[2];
				else
					hQ[2][3] += gI[3];
			}
		}
		total += cnt * (C + log(Q));
		if (!grad)
			continue;
		double iq = 1.0 / Q, gl[4];
		for (int a = 0; a < 4; a++)
			gl[a] = gQ[a] * iq;
		for (int a = 0; a < 4; a++) {
			G[a] += cnt * (gc[a] + gl[a]);
			for (int b = a; b < 4; b++)
				S[a][b] += cnt * (hQ[a][b] * iq - gl[a] * gl[b]);
		}
		S[0][0] += cnt * (wr.p1 - p1r);
		S[0][1] += cnt * (1.0 / al - c->ia[jx]);
		S[1][1] += cnt * (-r / (al * al) + rx * c->ia[jx] * c->ia[jx]);
		S[2][3] += cnt * (1.0 / be - c->ib[jx]);
		S[3][3] += cnt * (-s / (be * be) + s * c->ib[jx] * c->ib[jx]);
	}
	if (grad) {
		for (int a = 0; a < 4; a++) {
			grad[a] = G[a];
			for (int b = a; b < 4; b++)
				H[a][b] = H[b][a] = S[a][b];
		}
	}
	return total;
}

double paretonbd_loglik_derivs(const struct paretonbd_params *p, const struct btyd_obs *rows,
                               size_t n, double grad[4], double hess[4][4])
{
	struct paretonbd_deriv_ctx c;
	paretonbd_deriv_ctx_init(&c, rows, n);
	double th[4] = { p->r, p->alpha, p->s, p->beta }, H[BTYD_MAXK][BTYD_MAXK];
	double ll = paretonbd_llgh(th, grad, H, &c);
	for (int i = 0; i < 4 && grad; i++)
		for (int j = 0; j < 4; j++)
			hess[i][j] = H[i][j];
	paretonbd_deriv_ctx_free(&c);
	return ll;
}
