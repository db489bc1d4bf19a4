/* One PLS path model fit on treated indicators (Lohmöller's variant of Wold's algorithm as
 * laid out by Tenenhaus et al. 2005): alternate outer estimates of the latent variables
 * (weighted sums of their indicators, standardised) and inner estimates (weighted sums of
 * the adjacent latent variables) until the outer weights stop moving, then estimate the
 * structural regressions by OLS. The conventions are those of the R package plspm, whose
 * published ECSI results MODELS.md M7 uses as the reference: population variances, mode A
 * weights (1/n)·XᵀZ, convergence on Σ(|w_old| − |w_new|)², and a latent variable's sign
 * chosen so that most of its indicators correlate positively with it. */
#include "analytics/plspm_internal.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void pls_fit_alloc(struct pls_fit *f, size_t n, size_t p, size_t m)
{
	f->n = n;
	f->p = p;
	f->m = m;
	f->iterations = 0;
	f->w = gx_xcalloc(p, sizeof(double));
	f->loadings = gx_xcalloc(p, sizeof(double));
	f->scores = gx_xcalloc(n * m, sizeof(double));
	f->path = gx_xcalloc(m * m, sizeof(double));
	f->se = gx_xcalloc(m * m, sizeof(double));
	f->t = gx_xcalloc(m * m, sizeof(double));
	f->r2 = gx_xcalloc(m, sizeof(double));
}

void pls_fit_free(struct pls_fit *f)
{
	free(f->w);
	free(f->loadings);
	free(f->scores);
	free(f->path);
	free(f->se);
	free(f->t);
	free(f->r2);
	memset(f, 0, sizeof *f);
}

/* A column whose spread is this small relative to its level is treated as constant. */
#define PLS_CONST_REL 1e-12

enum gx_err pls_treat(const double *raw, const size_t *rows, size_t n, size_t p, bool scaled,
                      double *x, double *sd, struct gx_error *err)
{
	for (size_t j = 0; j < p; j++) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += raw[(rows ? rows[i] : i) * p + j];
		double mean = s / (double)n, ss = 0;
		for (size_t i = 0; i < n; i++) {
			double d = raw[(rows ? rows[i] : i) * p + j] - mean;
			ss += d * d;
		}
		double psd = sqrt(ss / (double)n);
		if (!(psd > PLS_CONST_REL * (fabs(mean) + 1.0)))
			return gx_error_set(err, GX_ENUMERIC, "data",
			                    _("indicator %zu has the same value for every respondent, so it measures nothing"), j);
		if (sd)
			sd[j] = psd;
		double div = scaled ? psd : 1.0;
		for (size_t i = 0; i < n; i++)
			x[i * p + j] = (raw[(rows ? rows[i] : i) * p + j] - mean) / div;
	}
	return GX_OK;
}

/* Least squares y ≈ A·c for a row-major n × k matrix A (n > k). cov, when not NULL, gets
 * s²(AᵀA)⁻¹ with s² = RSS/(n − k); rss gets the residual sum of squares. A rank-deficient A
 * (collinear predictors): GX_ENUMERIC. */
static enum gx_err ols(const double *a, const double *y, size_t n, size_t k, double *c,
                       double *cov, double *rss, struct gx_error *err)
{
	gsl_matrix_const_view av = gsl_matrix_const_view_array(a, n, k);
	gsl_vector_const_view yv = gsl_vector_const_view_array(y, n);
	gsl_vector_view cv = gsl_vector_view_array(c, k);
	gsl_matrix *cm = gsl_matrix_alloc(k, k);
	gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, k);
	if (!cm || !ws)
		abort();
	double chisq = 0;
	int st = gsl_multifit_linear(&av.matrix, &yv.vector, &cv.vector, cm, &chisq, ws);
	size_t rank = gsl_multifit_linear_rank(1e-10, ws);
	enum gx_err rc = GX_OK;
	if (st != 0 || rank < k) {
		rc = gx_error_set(err, GX_ENUMERIC, "model",
		                  _("a regression of the path model has collinear predictors (rank %zu of %zu)"), rank, k);
	} else {
		if (cov)
			for (size_t i = 0; i < k; i++)
				for (size_t j = 0; j < k; j++)
					cov[i * k + j] = gsl_matrix_get(cm, i, j);
		if (rss)
			*rss = chisq;
	}
	gsl_multifit_linear_free(ws);
	gsl_matrix_free(cm);
	return rc;
}

/* Scores Y = X·W per latent variable; scales the weights so that every score has population
 * variance 1 (and Y with them). A score without variance: GX_ENUMERIC. */
static enum gx_err scores_unit(const double *x, size_t n, size_t p, size_t m, const size_t *block,
                               double *w, double *y, struct gx_error *err)
{
	memset(y, 0, n * m * sizeof(double));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < p; j++)
			y[i * m + block[j]] += x[i * p + j] * w[j];
	for (size_t k = 0; k < m; k++) {
		double s = 0, ss = 0;
		for (size_t i = 0; i < n; i++)
			s += y[i * m + k];
		double mean = s / (double)n;
		for (size_t i = 0; i < n; i++)
			ss += (y[i * m + k] - mean) * (y[i * m + k] - mean);
		double psd = sqrt(ss / (double)n);
		if (!(psd > 1e-300) || !isfinite(psd))
			return gx_error_set(err, GX_ENUMERIC, "model",
			                    _("latent variable %zu has no variance: its outer weights vanished"), k);
		for (size_t i = 0; i < n; i++)
			y[i * m + k] = (y[i * m + k] - mean) / psd;
		for (size_t j = 0; j < p; j++)
			if (block[j] == k)
				w[j] /= psd;
	}
	return GX_OK;
}

static double col_dot(const double *a, size_t sa, size_t ca, const double *b, size_t sb,
                      size_t cb, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += a[i * sa + ca] * b[i * sb + cb];
	return s;
}

/* Inner weights E (m × m, column k gives the weights of LV k's inner estimate). */
static enum gx_err inner_weights(const double *y, size_t n, size_t m, const unsigned char *path,
                                 enum gx_pls_scheme scheme, double *e, double *buf_a,
                                 double *buf_y, double *coef, struct gx_error *err)
{
	memset(e, 0, m * m * sizeof(double));
	for (size_t k = 0; k < m; k++) {
		for (size_t i = 0; i < m; i++) {
			if (i == k || !(path[k * m + i] || path[i * m + k]))
				continue;
			double r = col_dot(y, m, i, y, m, k, n) / (double)n;
			if (scheme == GX_PLS_CENTROID)
				e[i * m + k] = r > 0 ? 1.0 : r < 0 ? -1.0 : 0.0;
			else
				e[i * m + k] = r;   /* factorial; and the successors in the path scheme */
		}
		if (scheme != GX_PLS_PATH)
			continue;
		/* Predecessors of k get their coefficients in the regression of k on them. */
		size_t q = 0;
		for (size_t j = 0; j < m; j++)
			if (path[k * m + j])
				q++;
		if (q == 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			size_t c = 0;
			for (size_t j = 0; j < m; j++)
				if (path[k * m + j])
					buf_a[i * q + c++] = y[i * m + j];
			buf_y[i] = y[i * m + k];
		}
		enum gx_err rc = ols(buf_a, buf_y, n, q, coef, NULL, NULL, err);
		if (rc != GX_OK)
			return rc;
		size_t c = 0;
		for (size_t j = 0; j < m; j++)
			if (path[k * m + j])
				e[j * m + k] = coef[c++];
	}
	return GX_OK;
}

/* New outer weights of every block from the inner estimates Z. */
static enum gx_err outer_weights(const double *x, size_t n, size_t p, size_t m,
                                 const struct gx_pls_model *model, const double *z, double *w,
                                 double *buf_a, double *buf_y, double *coef, struct gx_error *err)
{
	for (size_t j = 0; j < p; j++) {
		size_t k = model->block[j];
		if (model->modes && model->modes[k] == GX_PLS_MODE_B)
			continue;
		w[j] = col_dot(x, p, j, z, m, k, n) / (double)n;
	}
	if (!model->modes)
		return GX_OK;
	for (size_t k = 0; k < m; k++) {
		if (model->modes[k] != GX_PLS_MODE_B)
			continue;
		size_t q = 0;
		for (size_t j = 0; j < p; j++)
			if (model->block[j] == k)
				q++;
		for (size_t i = 0; i < n; i++) {
			size_t c = 0;
			for (size_t j = 0; j < p; j++)
				if (model->block[j] == k)
					buf_a[i * q + c++] = x[i * p + j];
			buf_y[i] = z[i * m + k];
		}
		enum gx_err rc = ols(buf_a, buf_y, n, q, coef, NULL, NULL, err);
		if (rc != GX_OK) {
			gx_error_prefix(err, _("formative block %zu: "), k);
			return rc;
		}
		size_t c = 0;
		for (size_t j = 0; j < p; j++)
			if (model->block[j] == k)
				w[j] = coef[c++];
	}
	return GX_OK;
}

/* Correlation of columns a (stride sa) and b (stride sb). */
static double col_cor(const double *a, size_t sa, size_t ca, const double *b, size_t sb, size_t cb,
                      size_t n)
{
	double ma = 0, mb = 0;
	for (size_t i = 0; i < n; i++) {
		ma += a[i * sa + ca];
		mb += b[i * sb + cb];
	}
	ma /= (double)n;
	mb /= (double)n;
	double sab = 0, saa = 0, sbb = 0;
	for (size_t i = 0; i < n; i++) {
		double da = a[i * sa + ca] - ma, db = b[i * sb + cb] - mb;
		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	return sab / sqrt(saa * sbb);
}

/* Structural regressions: every endogenous LV on its predecessors, with an intercept. */
static enum gx_err inner_model(size_t n, size_t m, const unsigned char *path, struct pls_fit *f,
                               double *buf_a, double *buf_y, double *coef, double *cov,
                               struct gx_error *err)
{
	memset(f->path, 0, m * m * sizeof(double));
	memset(f->se, 0, m * m * sizeof(double));
	memset(f->t, 0, m * m * sizeof(double));
	memset(f->r2, 0, m * sizeof(double));
	for (size_t k = 0; k < m; k++) {
		size_t q = 0;
		for (size_t j = 0; j < m; j++)
			if (path[k * m + j])
				q++;
		if (q == 0)
			continue;
		size_t cols = q + 1;
		double ym = 0;
		for (size_t i = 0; i < n; i++) {
			size_t c = 0;
			buf_a[i * cols + c++] = 1.0;
			for (size_t j = 0; j < m; j++)
				if (path[k * m + j])
					buf_a[i * cols + c++] = f->scores[i * m + j];
			buf_y[i] = f->scores[i * m + k];
			ym += buf_y[i];
		}
		double rss = 0, tss = 0;
		enum gx_err rc = ols(buf_a, buf_y, n, cols, coef, cov, &rss, err);
		if (rc != GX_OK)
			return rc;
		ym /= (double)n;
		for (size_t i = 0; i < n; i++)
			tss += (buf_y[i] - ym) * (buf_y[i] - ym);
		f->r2[k] = 1.0 - rss / tss;
		size_t c = 1;
		for (size_t j = 0; j < m; j++) {
			if (!path[k * m + j])
				continue;
			f->path[k * m + j] = coef[c];
			f->se[k * m + j] = sqrt(cov[c * cols + c]);
			f->t[k * m + j] = coef[c] / f->se[k * m + j];
			c++;
		}
	}
	return GX_OK;
}

enum gx_err pls_run(const double *x, size_t n, const struct gx_pls_model *model,
                    const struct gx_pls_params *params, struct pls_fit *f, struct gx_error *err)
{
	size_t p = model->n_mv, m = model->n_lv;
	size_t amax = p > m + 1 ? p : m + 1;   /* widest regression: a block or LV predictors */
	struct gx_arena ar;
	gx_arena_init(&ar, 0);
	double *y = gx_arena_alloc(&ar, n * m * sizeof(double));
	double *z = gx_arena_alloc(&ar, n * m * sizeof(double));
	double *e = gx_arena_alloc(&ar, m * m * sizeof(double));
	double *w_old = gx_arena_alloc(&ar, p * sizeof(double));
	double *buf_a = gx_arena_alloc(&ar, n * amax * sizeof(double));
	double *buf_y = gx_arena_alloc(&ar, n * sizeof(double));
	double *coef = gx_arena_alloc(&ar, amax * sizeof(double));
	double *cov = gx_arena_alloc(&ar, amax * amax * sizeof(double));
	double *w = f->w;
	enum gx_err rc;

	for (size_t j = 0; j < p; j++)
		w[j] = 1.0;
	if ((rc = scores_unit(x, n, p, m, model->block, w, y, err)) != GX_OK)
		goto out;
	memcpy(w_old, w, p * sizeof(double));
	bool converged = false;
	int iter;
	for (iter = 1; iter <= params->max_iter; iter++) {
		/* y holds the standardised outer estimates of the current weights. */
		if ((rc = inner_weights(y, n, m, model->path, params->scheme, e, buf_a, buf_y, coef, err)) != GX_OK)
			goto out;
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < m; k++) {
				double s = 0;
				for (size_t l = 0; l < m; l++)
					s += y[i * m + l] * e[l * m + k];
				z[i * m + k] = s;
			}
		if ((rc = outer_weights(x, n, p, m, model, z, w, buf_a, buf_y, coef, err)) != GX_OK)
			goto out;
		double dif = 0;
		for (size_t j = 0; j < p; j++) {
			double d = fabs(w_old[j]) - fabs(w[j]);
			dif += d * d;
		}
		if (!isfinite(dif)) {
			rc = gx_error_set(err, GX_ENUMERIC, "model", _("the PLS iteration produced non-finite weights"));
			goto out;
		}
		if (dif < params->tol) {
			converged = true;
			break;
		}
		memcpy(w_old, w, p * sizeof(double));
		if ((rc = scores_unit(x, n, p, m, model->block, w, y, err)) != GX_OK)
			goto out;
	}
	if (!converged) {
		rc = gx_error_set(err, GX_ENUMERIC, "model",
		                  _("the PLS algorithm did not converge in %d iterations"), params->max_iter);
		goto out;
	}
	f->iterations = iter;
	if ((rc = scores_unit(x, n, p, m, model->block, w, f->scores, err)) != GX_OK)
		goto out;
	for (size_t j = 0; j < p; j++)
		f->loadings[j] = col_cor(x, p, j, f->scores, m, model->block[j], n);
	/* Orientation: a latent variable points the way most of its indicators do. */
	for (size_t k = 0; k < m; k++) {
		int votes = 0;
		for (size_t j = 0; j < p; j++)
			if (model->block[j] == k)
				votes += f->loadings[j] > 0 ? 1 : f->loadings[j] < 0 ? -1 : 0;
		if (votes > 0)
			continue;
		for (size_t j = 0; j < p; j++)
			if (model->block[j] == k) {
				w[j] = -w[j];
				f->loadings[j] = -f->loadings[j];
			}
		for (size_t i = 0; i < n; i++)
			f->scores[i * m + k] = -f->scores[i * m + k];
	}
	rc = inner_model(n, m, model->path, f, buf_a, buf_y, coef, cov, err);
out:
	gx_arena_free(&ar);
	return rc;
}
