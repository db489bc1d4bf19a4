/* Numerics shared by the buy-till-you-die models (btyd_internal.h) and their
 * model-independent outputs: P(alive) and conditional expectations by model, M22's discounted
 * CLV and the calibration/holdout report.
 *
 * Why Nelder-Mead on log parameters: the likelihoods are smooth but their gradients need
 * digamma and hypergeometric derivatives; a simplex on log θ keeps every parameter positive
 * without constraints, and restarting it from its own optimum until the value stops moving is
 * the usual guard against its premature collapse. */
#include "analytics/btyd_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_psi.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"


double btyd_log1pexp(double x)
{
	if (x > 35.0)
		return x + exp(-x);
	return log1p(exp(x));
}

double btyd_logaddexp(double a, double b)
{
	if (a == -INFINITY)
		return b;
	if (b == -INFINITY)
		return a;
	return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b));
}

double btyd_logsubexp(double a, double b)
{
	if (b == -INFINITY)
		return a;
	if (!(a > b))
		return -INFINITY;
	double d = b - a;
	return a + (d > -0.693 ? log(-expm1(d)) : log1p(-exp(d)));
}

double btyd_lbeta(double a, double b)
{
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

double btyd_log_hyp2f1(double a, double b, double c, double z, int *ok)
{
	*ok = 1;
	if (z == 0.0)
		return 0.0;
	double pre = 0.0;
	/* Euler's transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z) keeps every term
	 * positive when c > a and c > b, and for the Pareto/NBD case c = a + 1 it turns a series
	 * whose terms first grow by a factor of about a·z into one whose ratio stays below z. */
	if (c - a > 0 && c - b > 0 && (c - a) * (c - b) < a * b) {
		pre = (c - a - b) * log1p(-z);
		double na = c - a, nb = c - b;
		a = na;
		b = nb;
	}
	/* The term ratio tends to z, so about log(1e-17·(1−z))/log z terms are needed; near z = 1
	 * that is too many for a likelihood evaluated per history, and the caller has a
	 * quadrature for that case. */
	if (z > 0 && log(1e-17 * (1 - z)) / log(z) > 3000.0) {
		*ok = 0;
		return 0.0;
	}
	double term = 1.0, sum = 1.0, logscale = 0.0;
	for (long k = 0; k < 100000; k++) {
		double ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
		term *= ratio;
		sum += term;
		if (sum > 1e250) { /* keep the partial sum representable */
			logscale += log(sum);
			term /= sum;
			sum = 1.0;
		}
		if (ratio < 1.0) {
			double next = (a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2.0)) * z;
			double bound = next < ratio ? ratio : (next < 1.0 ? next : 1.0);
			if (bound < 1.0 && term * bound / (1.0 - bound) < 1e-17 * sum)
				return pre + logscale + log(sum);
		}
	}
	*ok = 0;
	return pre + logscale + log(sum);
}

/* Checks the histories every continuous-time model shares; fills the sums used for start
 * values. */
enum gx_err btyd_check_rows(const char *model, const struct btyd_obs *rows, size_t n,
                            double *sum_c, double *sum_x, double *sum_T,
                                    struct gx_error *err)
{
	*sum_c = *sum_x = *sum_T = 0.0;
	if (n == 0)
		return gx_error_set(err, GX_EINVAL, "rows", _("%s fit: no customers"), model);
	for (size_t i = 0; i < n; i++) {
		const struct btyd_obs *o = &rows[i];
		if (!isfinite(o->x) || !isfinite(o->t_x) || !isfinite(o->T) || !isfinite(o->count) ||
		    o->x < 0 || o->t_x < 0 || o->T < o->t_x || o->count < 0)
			return gx_error_set(err, GX_EINVAL, "rows",
			                    _("%s fit: history %zu is invalid (x=%g, t_x=%g, T=%g, "
			                      "count=%g); need x >= 0 and 0 <= t_x <= T"),
			                    model, i, o->x, o->t_x, o->T, o->count);
		*sum_c += o->count;
		*sum_x += o->count * o->x;
		*sum_T += o->count * o->T;
	}
	if (!(*sum_x > 0))
		return gx_error_set(err, GX_ENUMERIC, "rows",
		                    _("%s fit: no customer made a repeat purchase, so the model "
		                      "cannot be estimated"), model);
	return GX_OK;
}

/* ---- maximum likelihood ---- */

struct btyd_ml_ctx {
	int k;
	btyd_loglik_fn ll;
	void *ctx;
	double scale;
};

static double btyd_ml_objective(const gsl_vector *v, void *params)
{
	struct btyd_ml_ctx *m = params;
	double th[BTYD_MAXK];
	for (int i = 0; i < m->k; i++) {
		double lv = gsl_vector_get(v, (size_t)i);
		if (!(fabs(lv) < 60.0))
			return 1e300;
		th[i] = exp(lv);
	}
	double ll = m->ll(th, m->ctx);
	if (!isfinite(ll))
		return 1e300;
	return -ll / m->scale;
}

/* One simplex run from x with initial step `step`; returns the final value. */
static double btyd_simplex(struct btyd_ml_ctx *m, gsl_vector *x, double step, double tol,
                           int *iters, int *converged)
{
	const gsl_multimin_fminimizer_type *T = gsl_multimin_fminimizer_nmsimplex2;
	gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(T, (size_t)m->k);
	gsl_vector *ss = gsl_vector_alloc((size_t)m->k);
	gsl_vector_set_all(ss, step);
	gsl_multimin_function f = { .f = btyd_ml_objective, .n = (size_t)m->k, .params = m };
	gsl_multimin_fminimizer_set(s, &f, x, ss);
	*converged = 0;
	for (int it = 0; it < 10000; it++) {
		if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS)
			break;
		(*iters)++;
		if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), tol) == GSL_SUCCESS) {
			*converged = 1;
			break;
		}
	}
	gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(s));
	double fv = gsl_multimin_fminimizer_minimum(s);
	gsl_vector_free(ss);
	gsl_multimin_fminimizer_free(s);
	return fv;
}

/* Diagonal of the inverse of a symmetric positive definite k×k matrix by Cholesky
 * (A = L·Lᵀ, (A⁻¹)_ii = |L⁻¹ e_i|²); 0 when A is not positive definite. Written out rather than
 * taken from gsl_linalg because GSL reports an indefinite matrix through its process-wide error
 * handler, and an indefinite Hessian is an expected outcome here, not a bug. */
int btyd_spd_inverse_diag(int k, double A[BTYD_MAXK][BTYD_MAXK], double *diag)
{
	double L[BTYD_MAXK][BTYD_MAXK] = { { 0 } }, Li[BTYD_MAXK][BTYD_MAXK] = { { 0 } };
	for (int j = 0; j < k; j++) {
		double d = A[j][j];
		for (int q = 0; q < j; q++)
			d -= L[j][q] * L[j][q];
		if (!(d > 0))
			return 0;
		L[j][j] = sqrt(d);
		for (int i = j + 1; i < k; i++) {
			double v = A[i][j];
			for (int q = 0; q < j; q++)
				v -= L[i][q] * L[j][q];
			L[i][j] = v / L[j][j];
		}
	}
	for (int c = 0; c < k; c++) {            /* column c of L⁻¹ */
		for (int i = 0; i < k; i++) {
			double v = i == c ? 1.0 : 0.0;
			for (int q = 0; q < i; q++)
				v -= L[i][q] * Li[q][c];
			Li[i][c] = v / L[i][i];
		}
	}
	for (int i = 0; i < k; i++) {            /* (L⁻ᵀ L⁻¹)_ii = Σ_q (L⁻¹)_qi² */
		double v = 0.0;
		for (int q = 0; q < k; q++)
			v += Li[q][i] * Li[q][i];
		diag[i] = v;
	}
	return 1;
}

/* Standard errors: inverse of minus the Hessian of the log-likelihood in the natural
 * parameters, by central differences with steps relative to each parameter. */
static int btyd_hessian_se(struct btyd_ml_ctx *m, const double *th, double *se)
{
	int k = m->k;
	double h[BTYD_MAXK], p[BTYD_MAXK];
	for (int i = 0; i < k; i++)
		h[i] = 1e-4 * th[i];
	double f0 = m->ll(th, m->ctx);
	double H[BTYD_MAXK][BTYD_MAXK];
	int ok = isfinite(f0);
	for (int i = 0; i < k && ok; i++) {
		for (int j = i; j < k && ok; j++) {
			double v;
			if (i == j) {
				memcpy(p, th, sizeof(double) * (size_t)k);
				p[i] = th[i] + h[i];
				double fp = m->ll(p, m->ctx);
				p[i] = th[i] - h[i];
				double fm = m->ll(p, m->ctx);
				v = (fp - 2 * f0 + fm) / (h[i] * h[i]);
			} else {
				double f[4];
				int sg[4][2] = { { 1, 1 }, { 1, -1 }, { -1, 1 }, { -1, -1 } };
				for (int q = 0; q < 4; q++) {
					memcpy(p, th, sizeof(double) * (size_t)k);
					p[i] += sg[q][0] * h[i];
					p[j] += sg[q][1] * h[j];
					f[q] = m->ll(p, m->ctx);
				}
				v = (f[0] - f[1] - f[2] + f[3]) / (4 * h[i] * h[j]);
			}
			ok = isfinite(v);
			H[i][j] = H[j][i] = -v;
		}
	}
	double var[BTYD_MAXK] = { 0 };
	ok = ok && btyd_spd_inverse_diag(k, H, var);
	for (int i = 0; i < k; i++) {
		if (!(var[i] > 0) || !isfinite(var[i]))
			ok = 0;
	}
	for (int i = 0; i < k; i++)
		se[i] = ok ? sqrt(var[i]) : 0.0;
	return ok;
}

size_t btyd_obs_sample(const struct btyd_obs *rows, size_t n, size_t max, struct btyd_obs **out)
{
	*out = NULL;
	if (n <= max)
		return 0;
	size_t stride = (n + max - 1) / max, m = 0;
	struct btyd_obs *s = gx_xmalloc(n * sizeof *s);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].count >= (double)stride) {
			s[m++] = rows[i];               /* heavy rows are always kept, as they are */
		} else if (i % stride == 0) {
			s[m] = rows[i];
			s[m++].count *= (double)stride; /* a light row stands for its stride */
		}
	}
	*out = s;
	return m;
}

/* One stage: a simplex from x with the first step `step`, restarted with `restep` until two
 * runs agree; tol is the simplex size (in log parameters) that counts as converged. */
static int btyd_ml_stage(struct btyd_ml_ctx *m, gsl_vector *x, double step, double restep,
                         double tol, int *iters, double *fv)
{
	int converged = 0, settled = 0;
	double f = btyd_simplex(m, x, step, tol, iters, &converged);
	for (int restart = 0; restart < 12 && !settled; restart++) {
		double f2 = btyd_simplex(m, x, restep, tol, iters, &converged);
		settled = converged && fabs(f - f2) <= 1e-11 * (1.0 + fabs(f2));
		f = f2;
	}
	*fv = f;
	return settled;
}

enum gx_err btyd_fit_ml(const char *model, int k, const char *const *names, btyd_loglik_fn ll,
                        void *ctx, btyd_loglik_fn ll_coarse, void *ctx_coarse, double *theta,
                        double *se, struct btyd_fit_info *info, struct gx_error *err)
{
	struct btyd_ml_ctx m = { .k = k, .ll = ll, .ctx = ctx, .scale = 1.0 };
	double start_ll = ll(theta, ctx);
	if (!isfinite(start_ll))
		return gx_error_set(err, GX_ENUMERIC, model,
		                    _("%s fit: the log-likelihood cannot be evaluated at the start values"),
		                    model);
	m.scale = fabs(start_ll) > 1.0 ? fabs(start_ll) : 1.0;
	gsl_vector *x = gsl_vector_alloc((size_t)k);
	for (int i = 0; i < k; i++)
		gsl_vector_set(x, (size_t)i, log(theta[i]));
	int iters = 0, settled;
	double fv, step = 0.5, restep = 0.05, tol = 1e-8;
	if (ll_coarse) {
		/* Most of the simplex's walk happens far from the optimum, where a sample of the
		 * histories points the same way as all of them; only the last stretch runs on all. */
		struct btyd_ml_ctx mc = m;
		mc.ll = ll_coarse;
		mc.ctx = ctx_coarse;
		gsl_vector *xc = gsl_vector_alloc((size_t)k);
		gsl_vector_memcpy(xc, x);
		btyd_ml_stage(&mc, xc, 0.5, 0.05, 1e-6, &iters, &fv);
		if (fv < 1e299 && btyd_ml_objective(xc, &m) < 1e299) {
			/* parameters to 7 digits: the big fits need no more, and each iteration
			 * costs a pass over every history */
			gsl_vector_memcpy(x, xc);
			step = 0.02;
			restep = 0.002;
			tol = 1e-7;
		}
		gsl_vector_free(xc);
	}
	settled = btyd_ml_stage(&m, x, step, restep, tol, &iters, &fv);
	for (int i = 0; i < k; i++)
		theta[i] = exp(gsl_vector_get(x, (size_t)i));
	gsl_vector_free(x);
	info->iterations = iters;
	if (!(fv < 1e299)) {
		return gx_error_set(err, GX_ENUMERIC, model,
		                    _("%s fit failed: the log-likelihood is not finite near the optimum"),
		                    model);
	}
	for (int i = 0; i < k; i++) {
		if (theta[i] > 1e12 || theta[i] < 1e-12)
			return gx_error_set(err, GX_ENUMERIC, names[i],
			                    _("%s fit failed: parameter %s ran off to %g, so the data do "
			                      "not identify the model (too few repeat purchases?)"),
			                    model, names[i], theta[i]);
	}
	if (!settled)
		return gx_error_set(err, GX_ENUMERIC, model,
		                    _("%s fit did not converge after %d iterations"), model, iters);
	info->loglik = ll(theta, ctx);
	info->has_se = btyd_hessian_se(&m, theta, se);
	return GX_OK;
}

static void btyd_gamma_walk_set(struct btyd_gamma_walk *w, double x)
{
	double z = w->z0 + x;
	w->x = x;
	w->lg = lgamma(z);
	w->ps = gsl_sf_psi(z);
	w->p1 = gsl_sf_psi_1(z);
}

void btyd_gamma_walk_init(struct btyd_gamma_walk *w, double z0)
{
	w->z0 = z0;
	btyd_gamma_walk_set(w, 0.0);
}

void btyd_gamma_walk_to(struct btyd_gamma_walk *w, double x)
{
	double gap = x - w->x;
	if (!(gap >= 0 && gap <= 64 && gap == floor(gap))) {
		btyd_gamma_walk_set(w, x);
		return;
	}
	for (double z = w->z0 + w->x; w->x < x; w->x += 1.0, z += 1.0) {
		double iz = 1.0 / z;
		w->lg += log(z);
		w->ps += iz;
		w->p1 -= iz * iz;
	}
}

static int btyd_double_cmp(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

static unsigned btyd_value_find(const double *vals, size_t nv, double v)
{
	size_t lo = 0, hi = nv;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (vals[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo;
}

size_t btyd_time_table(const struct btyd_obs *rows, size_t n, double **vals, unsigned **iT,
                       unsigned **iX)
{
	double *v = gx_xmalloc((2 * n + 1) * sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[2 * i] = rows[i].T;
		v[2 * i + 1] = rows[i].t_x;
	}
	qsort(v, 2 * n, sizeof *v, btyd_double_cmp);
	size_t nv = 0;
	for (size_t i = 0; i < 2 * n; i++)
		if (nv == 0 || v[i] != v[nv - 1])
			v[nv++] = v[i];
	unsigned *t = gx_xmalloc((n + 1) * sizeof *t), *x = gx_xmalloc((n + 1) * sizeof *x);
	for (size_t i = 0; i < n; i++) {
		t[i] = btyd_value_find(v, nv, rows[i].T);
		x[i] = btyd_value_find(v, nv, rows[i].t_x);
	}
	*vals = v;
	*iT = t;
	*iX = x;
	return nv;
}

/* ---- model-independent outputs ---- */

static int btyd_obs_cmp(const void *pa, const void *pb)
{
	const struct btyd_obs *a = pa, *b = pb;
	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	return 0;
}

size_t btyd_obs_compress(struct btyd_obs *rows, size_t n)
{
	qsort(rows, n, sizeof *rows, btyd_obs_cmp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(rows[i].count > 0))
			continue;
		if (m > 0 && btyd_obs_cmp(&rows[m - 1], &rows[i]) == 0)
			rows[m - 1].count += rows[i].count;
		else
			rows[m++] = rows[i];
	}
	return m;
}


double btyd_p_alive(const struct btyd_model_params *m, double x, double t_x, double T)
{
	switch (m->model) {
	case BTYD_BGNBD: return bgnbd_p_alive(&m->bgnbd, x, t_x, T);
	case BTYD_PARETONBD: return paretonbd_p_alive(&m->paretonbd, x, t_x, T);
	case BTYD_BGBB: return bgbb_p_alive(&m->bgbb, 0, x, t_x, T);
	}
	return 0.0;
}

double btyd_conditional(const struct btyd_model_params *m, double t, double x, double t_x,
                        double T)
{
	switch (m->model) {
	case BTYD_BGNBD: return bgnbd_conditional(&m->bgnbd, t, x, t_x, T);
	case BTYD_PARETONBD: return paretonbd_conditional(&m->paretonbd, t, x, t_x, T);
	case BTYD_BGBB: return bgbb_conditional(&m->bgbb, t, x, t_x, T);
	}
	return 0.0;
}

void btyd_clv_options_default(struct btyd_clv_options *o)
{
	o->horizon_months = 12;
	o->monthly_discount = 0.01;
	o->margin = 1.0;
	o->unit_days = 7.0;
}

double btyd_clv_from_cumulative(const double *cum, int horizon, double spend_yuan,
                                double margin, double monthly_discount)
{
	double v = 0.0, disc = 1.0;
	for (int j = 1; j <= horizon; j++) {
		disc /= 1.0 + monthly_discount;
		v += (cum[j] - cum[j - 1]) * spend_yuan * margin * disc;
	}
	return v;
}

enum gx_err btyd_clv_check(const struct btyd_model_params *m, const struct btyd_clv_options *o,
                           struct gx_error *err)
{
	if (m->model != BTYD_BGNBD && m->model != BTYD_PARETONBD)
		return gx_error_set(err, GX_EINVAL, "model",
		                    _("CLV over months needs a continuous-time model (BG/NBD or "
		                      "Pareto/NBD)"));
	if (o->horizon_months < 1 || o->horizon_months > 1200)
		return gx_error_set(err, GX_EINVAL, "horizon_months",
		                    _("the CLV horizon must be 1 to 1200 months, not %d"),
		                    o->horizon_months);
	if (!(o->monthly_discount > -1.0) || !isfinite(o->monthly_discount))
		return gx_error_set(err, GX_EINVAL, "monthly_discount",
		                    _("the monthly discount rate must be greater than -1"));
	if (!(o->unit_days > 0) || !isfinite(o->unit_days) || !isfinite(o->margin))
		return gx_error_set(err, GX_EINVAL, "unit_days",
		                    _("CLV options must be finite and the unit length positive"));
	return GX_OK;
}

enum gx_err btyd_clv(const struct btyd_model_params *m, double x, double t_x, double T,
                     double spend_yuan, const struct btyd_clv_options *o, double *clv_yuan,
                     struct gx_error *err)
{
	*clv_yuan = 0.0;
	enum gx_err e = btyd_clv_check(m, o, err);
	if (e != GX_OK)
		return e;
	if (!isfinite(spend_yuan))
		return gx_error_set(err, GX_EINVAL, "spend_yuan", _("the expected spend must be finite"));
	double cum[1201];
	btyd_clv_cumulative(m, x, t_x, T, o, cum);
	*clv_yuan = btyd_clv_from_cumulative(cum, o->horizon_months, spend_yuan, o->margin,
	                                     o->monthly_discount);
	return GX_OK;
}

void btyd_clv_cumulative(const struct btyd_model_params *m, double x, double t_x, double T,
                         const struct btyd_clv_options *o, double *cum)
{
	double month = 365.25 / 12.0 / o->unit_days;
	cum[0] = 0.0;
	for (int j = 1; j <= o->horizon_months; j++)
		cum[j] = btyd_conditional(m, j * month, x, t_x, T);
}

enum gx_err btyd_holdout_report(const struct btyd_model_params *m, const struct btyd_obs *cal,
                                const double *actual, size_t n, double t_star, int n_buckets,
                                struct btyd_holdout_bucket *out, struct gx_error *err)
{
	if (n_buckets < 1)
		return gx_error_set(err, GX_EINVAL, "buckets", _("at least one bucket is needed"));
	if (!(t_star >= 0) || !isfinite(t_star))
		return gx_error_set(err, GX_EINVAL, "t_star",
		                    _("the holdout length must be a non-negative number"));
	for (int b = 0; b < n_buckets; b++) {
		memset(&out[b], 0, sizeof out[b]);
		out[b].x_from = b;
	}
	for (size_t i = 0; i < n; i++) {
		double xb = cal[i].x < n_buckets - 1 ? cal[i].x : n_buckets - 1;
		int b = xb < 0 ? 0 : (int)xb;
		out[b].customers += cal[i].count;
		out[b].actual_total += actual[i];
		out[b].predicted_total +=
			cal[i].count * btyd_conditional(m, t_star, cal[i].x, cal[i].t_x, cal[i].T);
	}
	for (int b = 0; b < n_buckets; b++) {
		if (out[b].customers > 0) {
			out[b].actual_mean = out[b].actual_total / out[b].customers;
			out[b].predicted_mean = out[b].predicted_total / out[b].customers;
		}
	}
	return GX_OK;
}
