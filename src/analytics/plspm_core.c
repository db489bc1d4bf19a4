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
 * (collinear predictors): GX_ENUMERIC.
 *
 * Solved by the normal equations with a Cholesky factor of AᵀA rather than an SVD: the
 * regressions here have a handful of standardised predictors, so AᵀA is well conditioned
 * (a pivot below 1e-10 of its diagonal entry is reported as collinearity, as the SVD's rank
 * test did), and a bootstrap runs this thousands of times. */
#define OLS_MAXK 64
static enum gx_err ols(const double *a, const double *y, size_t n, size_t k, double *c,
                       double *cov, double *rss, struct gx_error *err)
{
	if (k > OLS_MAXK)
		return gx_error_set(err, GX_EINVAL, "model",
		                    _("a regression of the path model has %zu predictors (at most %d)"), k, OLS_MAXK);
	double G[OLS_MAXK * OLS_MAXK] = { 0 }, b[OLS_MAXK] = { 0 }, L[OLS_MAXK * OLS_MAXK] = { 0 };
	for (size_t i = 0; i < n; i++) {
		const double *row = &a[i * k];
		for (size_t u = 0; u < k; u++) {
			b[u] += row[u] * y[i];
			for (size_t v = 0; v <= u; v++)
				G[u * k + v] += row[u] * row[v];
		}
	}
	size_t rank = 0;
	for (size_t j = 0; j < k; j++) {
		double d = G[j * k + j];
		for (size_t q = 0; q < j; q++)
			d -= L[j * k + q] * L[j * k + q];
		if (!(d > 1e-10 * G[j * k + j]) || !isfinite(d))
			break;
		L[j * k + j] = sqrt(d);
		rank++;
		for (size_t i = j + 1; i < k; i++) {
			double v = G[i * k + j];
			for (size_t q = 0; q < j; q++)
				v -= L[i * k + q] * L[j * k + q];
			L[i * k + j] = v / L[j * k + j];
		}
	}
	if (rank < k)
		return gx_error_set(err, GX_ENUMERIC, "model",
		                    _("a regression of the path model has collinear predictors (rank %zu of %zu)"), rank, k);
	double z[OLS_MAXK];
	for (size_t i = 0; i < k; i++) {                    /* L z = b */
		double v = b[i];
		for (size_t q = 0; q < i; q++)
			v -= L[i * k + q] * z[q];
		z[i] = v / L[i * k + i];
	}
	for (size_t i = k; i-- > 0;) {                      /* Lᵀ c = z */
		double v = z[i];
		for (size_t q = i + 1; q < k; q++)
			v -= L[q * k + i] * c[q];
		c[i] = v / L[i * k + i];
	}
	/* RSS from the residuals themselves (yᵀy − cᵀb loses digits when the fit is close) */
	double r2sum = 0;
	for (size_t i = 0; i < n; i++) {
		double f = 0;
		for (size_t u = 0; u < k; u++)
			f += a[i * k + u] * c[u];
		r2sum += (y[i] - f) * (y[i] - f);
	}
	if (rss)
		*rss = r2sum;
	if (cov) {
		/* (AᵀA)⁻¹ = L⁻ᵀ L⁻¹, column by column */
		double s2 = r2sum / (double)(n - k), Li[OLS_MAXK * OLS_MAXK] = { 0 };
		for (size_t col = 0; col < k; col++)
			for (size_t i = col; i < k; i++) {
				double v = i == col ? 1.0 : 0.0;
				for (size_t q = col; q < i; q++)
					v -= L[i * k + q] * Li[q * k + col];
				Li[i * k + col] = v / L[i * k + i];
			}
		for (size_t i = 0; i < k; i++)
			for (size_t j = 0; j < k; j++) {
				double v = 0;
				for (size_t q = (i > j ? i : j); q < k; q++)
					v += Li[q * k + i] * Li[q * k + j];
				cov[i * k + j] = s2 * v;
			}
	}
	return GX_OK;
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
                    const struct gx_pls_params *params, const double *w_start, struct pls_fit *f,
                    struct gx_error *err)
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
		w[j] = w_start ? w_start[j] : 1.0;
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
