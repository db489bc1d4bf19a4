/* Maximum likelihood by Newton steps with exact derivatives, for the customer-base models
 * whose log-likelihood comes with an analytic gradient and Hessian (BG/NBD, Pareto/NBD,
 * Gamma-Gamma). Near the optimum a Newton step doubles the number of correct digits, so a
 * fit takes a handful of passes over the distinct histories where the derivative-free
 * simplex (btyd.c) takes hundreds; that is what makes a CDNOW fit take well under a
 * millisecond and a million-customer fit a few passes.
 *
 * The search runs on φ = log θ (every parameter is positive). Far from the optimum the
 * log-likelihood need not be concave, so each step solves (−H + μ·s·I)Δ = g, Levenberg–
 * Marquardt style: μ grows until the step is uphill and shrinks back to 0 (a pure Newton
 * step) as soon as steps succeed, and no step moves a parameter by more than a factor e.
 * Convergence is a pure Newton step that moves every log parameter by less than 1e-5: with
 * Newton's quadratic convergence that step lands within about 1e-10 of the optimum. */
#include <math.h>
#include <string.h>

#include "analytics/btyd_internal.h"
#include "guanxi/i18n.h"

#define NEWTON_MAX_ITER 200
#define NEWTON_STEP_TOL 1e-5
#define NEWTON_MAX_STEP 1.0

/* Solves A·x = b for symmetric positive definite A (k ≤ BTYD_MAXK) by Cholesky; 0 when A is
 * not positive definite. */
static int spd_solve(int k, double A[BTYD_MAXK][BTYD_MAXK], const double *b, double *x)
{
	double L[BTYD_MAXK][BTYD_MAXK] = { { 0 } }, y[BTYD_MAXK];
	for (int j = 0; j < k; j++) {
		double d = A[j][j];
		for (int q = 0; q < j; q++)
			d -= L[j][q] * L[j][q];
		if (!(d > 0) || !isfinite(d))
			return 0;
		L[j][j] = sqrt(d);
		for (int i = j + 1; i < k; i++) {
			double v = A[i][j];
			for (int q = 0; q < j; q++)
				v -= L[i][q] * L[j][q];
			L[i][j] = v / L[j][j];
		}
	}
	for (int i = 0; i < k; i++) {
		double v = b[i];
		for (int q = 0; q < i; q++)
			v -= L[i][q] * y[q];
		y[i] = v / L[i][i];
	}
	for (int i = k - 1; i >= 0; i--) {
		double v = y[i];
		for (int q = i + 1; q < k; q++)
			v -= L[q][i] * x[q];
		x[i] = v / L[i][i];
	}
	return 1;
}

enum gx_err btyd_fit_newton(const char *model, int k, btyd_llgh_fn f, void *ctx, double *theta,
                            double *se, struct btyd_fit_info *info, struct gx_error *err)
{
	double th[BTYD_MAXK], g[BTYD_MAXK], H[BTYD_MAXK][BTYD_MAXK];
	memcpy(th, theta, sizeof(double) * (size_t)k);
	double ll = f(th, g, H, ctx);
	double mu = 0.0;
	for (int it = 0; it < NEWTON_MAX_ITER && isfinite(ll); it++) {
		/* gradient and negated Hessian in φ = log θ */
		double gp[BTYD_MAXK], A[BTYD_MAXK][BTYD_MAXK], scale = 0.0;
		for (int i = 0; i < k; i++) {
			gp[i] = th[i] * g[i];
			for (int j = 0; j < k; j++)
				A[i][j] = -th[i] * th[j] * H[i][j];
			A[i][i] -= th[i] * g[i];
			if (fabs(A[i][i]) > scale)
				scale = fabs(A[i][i]);
		}
		if (!(scale > 0) || !isfinite(scale))
			break;
		int accepted = 0;
		while (!accepted && mu < 1e12) {
			double D[BTYD_MAXK][BTYD_MAXK], step[BTYD_MAXK], trial[BTYD_MAXK];
			memcpy(D, A, sizeof D);
			for (int i = 0; i < k; i++)
				D[i][i] += mu * scale;
			if (!spd_solve(k, D, gp, step)) {
				mu = mu > 0 ? mu * 10.0 : 1e-6;
				continue;
			}
			double biggest = 0.0;
			int in_range = 1;
			for (int i = 0; i < k; i++)
				if (fabs(step[i]) > biggest)
					biggest = fabs(step[i]);
			/* no parameter moves by more than a factor e per step: far from the optimum a
			 * full Newton step overshoots and the way back costs more steps */
			double shrink = biggest > NEWTON_MAX_STEP ? NEWTON_MAX_STEP / biggest : 1.0;
			for (int i = 0; i < k; i++) {
				double lp = log(th[i]) + shrink * step[i];
				in_range = in_range && fabs(lp) < 60.0;
				trial[i] = exp(lp);
			}
			if (mu == 0.0 && biggest < NEWTON_STEP_TOL) {
				/* Converged: this last pure Newton step is taken without evaluating its end
				 * point, because near the optimum the error after a step is about the square
				 * of the step (< 1e-10 here); the log-likelihood there is the quadratic
				 * model's, and the Hessian in hand (one tiny step away) gives the errors. */
				double gain = 0.0;
				for (int i = 0; i < k; i++) {
					gain += 0.5 * gp[i] * step[i];
					th[i] = exp(log(th[i]) + step[i]);
				}
				ll += gain;
				double negH[BTYD_MAXK][BTYD_MAXK], var[BTYD_MAXK] = { 0 };
				for (int i = 0; i < k; i++)
					for (int j = 0; j < k; j++)
						negH[i][j] = -H[i][j];
				int ok = btyd_spd_inverse_diag(k, negH, var);
				for (int i = 0; i < k; i++)
					ok = ok && var[i] > 0 && isfinite(var[i]);
				for (int i = 0; i < k; i++)
					se[i] = ok ? sqrt(var[i]) : 0.0;
				memcpy(theta, th, sizeof(double) * (size_t)k);
				info->loglik = ll;
				info->iterations = it;
				info->has_se = ok;
				return GX_OK;
			}
			/* The trial is evaluated with its derivatives: steps are accepted far more
			 * often than not, and then the next iteration needs them anyway. */
			double g2[BTYD_MAXK], H2[BTYD_MAXK][BTYD_MAXK];
			double ll2 = in_range ? f(trial, g2, H2, ctx) : NAN;
			if (isfinite(ll2) && ll2 >= ll - 1e-12 * fabs(ll)) {
				memcpy(th, trial, sizeof th);
				memcpy(g, g2, sizeof g);
				memcpy(H, H2, sizeof H);
				ll = ll2;
				accepted = 1;
				mu = mu > 1e-4 ? mu / 100.0 : 0.0;
			} else {
				mu = mu > 0 ? mu * 10.0 : 1e-6;
			}
		}
		if (!accepted)
			break;
	}
	return gx_error_set(err, GX_ENUMERIC, model, _("%s fit did not converge"), model);
}
