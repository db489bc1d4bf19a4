/* Entry point of the PLS path model (MODELS.md M7): checks the model and the data, runs the
 * fit of plspm_core.c on the treated indicators, and derives what the satisfaction pages show
 * (communalities, AVE, the 0–100 index of each latent variable) plus the bootstrap of
 * plspm_bootstrap.c. */
#include "analytics/plspm_internal.h"
#include "analytics/sat_check.h"
#include "guanxi/arena.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gx_pls_params_default(struct gx_pls_params *p)
{
	p->scheme = GX_PLS_CENTROID;
	p->scaled = false;
	p->tol = 1e-6;
	p->max_iter = 100;
	p->bootstrap = 0;
	p->min_bootstrap = 200;
	p->seed = 0;
	p->scale_min = 1.0;
	p->scale_max = 10.0;
}

void gx_pls_result_free(struct gx_pls_result *r)
{
	if (!r)
		return;
	free(r->weights);
	free(r->loadings);
	free(r->communality);
	free(r->scores);
	free(r->path);
	free(r->path_se);
	free(r->path_t);
	free(r->total_effect);
	free(r->r2);
	free(r->ave);
	free(r->mean_communality);
	free(r->index_100);
	free(r->boot_path_mean);
	free(r->boot_path_se);
	free(r->boot_weight_se);
	free(r->boot_loading_se);
	free(r->boot_r2_se);
	memset(r, 0, sizeof *r);
}

/* Depth-first search for a cycle through the inner model (state: 0 new, 1 open, 2 done). */
static bool has_cycle_from(const unsigned char *path, size_t m, size_t k, unsigned char *state)
{
	state[k] = 1;
	for (size_t i = 0; i < m; i++) {
		if (!path[i * m + k])       /* edge k → i */
			continue;
		if (state[i] == 1 || (state[i] == 0 && has_cycle_from(path, m, i, state)))
			return true;
	}
	state[k] = 2;
	return false;
}

static enum gx_err check_model(const struct gx_pls_model *model, size_t n_obs,
                               const struct gx_pls_params *p, struct gx_error *err)
{
	size_t m = model->n_lv, mv = model->n_mv;
	if (m < 2 || mv < 2 || !model->block || !model->path)
		return gx_error_set(err, GX_EINVAL, "model", _("a path model needs at least 2 latent variables, their indicators and an inner model"));
	if (p->scheme != GX_PLS_CENTROID && p->scheme != GX_PLS_FACTORIAL && p->scheme != GX_PLS_PATH)
		return gx_error_set(err, GX_EINVAL, "scheme", _("unknown inner weighting scheme %d"), (int)p->scheme);
	if (!(p->tol > 0) || p->max_iter < 1)
		return gx_error_set(err, GX_EINVAL, "tol", _("convergence tolerance must be positive and max_iter at least 1"));
	if (p->bootstrap > 0 && p->bootstrap < p->min_bootstrap)
		return gx_error_set(err, GX_EINVAL, "bootstrap", _("bootstrap needs at least %zu resamples, not %zu"),
		                    p->min_bootstrap, p->bootstrap);
	size_t *size = gx_xcalloc(m, sizeof(size_t));
	unsigned char *state = gx_xcalloc(m, 1);
	enum gx_err rc = GX_OK;
	for (size_t j = 0; j < mv && rc == GX_OK; j++)
		if (model->block[j] >= m)
			rc = gx_error_set(err, GX_EINVAL, "block", _("indicator %zu names latent variable %zu, but there are %zu"),
			                  j, model->block[j], m);
		else
			size[model->block[j]]++;
	size_t max_pred = 0;
	for (size_t k = 0; k < m && rc == GX_OK; k++) {
		size_t pred = 0, adj = 0;
		for (size_t j = 0; j < m; j++) {
			pred += model->path[k * m + j] != 0;
			adj += model->path[k * m + j] != 0 || model->path[j * m + k] != 0;
		}
		if (model->path[k * m + k])
			rc = gx_error_set(err, GX_EINVAL, "path", _("latent variable %zu points to itself"), k);
		else if (size[k] == 0)
			rc = gx_error_set(err, GX_EINVAL, "block", _("latent variable %zu has no indicators"), k);
		else if (adj == 0)
			rc = gx_error_set(err, GX_EINVAL, "path", _("latent variable %zu is not connected to any other"), k);
		else if (model->modes && model->modes[k] != GX_PLS_MODE_A && model->modes[k] != GX_PLS_MODE_B)
			rc = gx_error_set(err, GX_EINVAL, "modes", _("latent variable %zu has an unknown mode"), k);
		else if (model->modes && model->modes[k] == GX_PLS_MODE_B && n_obs <= size[k])
			rc = gx_error_set(err, GX_EINVAL, "data", _("formative block %zu has %zu indicators but only %zu observations"),
			                  k, size[k], n_obs);
		if (pred > max_pred)
			max_pred = pred;
	}
	for (size_t k = 0; k < m && rc == GX_OK; k++)
		if (state[k] == 0 && has_cycle_from(model->path, m, k, state))
			rc = gx_error_set(err, GX_EINVAL, "path", _("the inner model has a cycle"));
	if (rc == GX_OK && n_obs < max_pred + 3)
		rc = gx_error_set(err, GX_EINVAL, "data", _("%zu observations are too few for a latent variable with %zu predictors"),
		                  n_obs, max_pred);
	free(size);
	free(state);
	return rc;
}

enum gx_err gx_pls_complaint_indicator(const double *formal, const double *informal, size_t n,
                                       double *out, struct gx_error *err)
{
	enum gx_err rc;
	if ((rc = sat_check_finite(formal, n, "formal", err)) != GX_OK)
		return rc;
	if ((rc = sat_check_finite(informal, n, "informal", err)) != GX_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (formal[i] < 0 || informal[i] < 0)
			return gx_error_set(err, GX_EINVAL, formal[i] < 0 ? "formal" : "informal",
			                    _("complaint count of customer %zu is negative"), i);
		out[i] = formal[i] + informal[i];
	}
	return GX_OK;
}

static double *dup_array(const double *a, size_t n)
{
	double *d = gx_xmalloc(n * sizeof(double));
	memcpy(d, a, n * sizeof(double));
	return d;
}

/* ACSI-style index: weights brought back to the raw indicators and rescaled to sum 1, so the
 * latent variable is a weighted mean on the answer scale, then mapped to 0–100. */
static void fill_index(const double *raw, size_t n, const struct gx_pls_model *model,
                       const struct gx_pls_params *p, const double *sd, struct gx_pls_result *r)
{
	size_t mv = model->n_mv;
	for (size_t k = 0; k < model->n_lv; k++) {
		double vsum = 0, score = 0;
		for (size_t j = 0; j < mv; j++)
			if (model->block[j] == k)
				vsum += r->weights[j] / (p->scaled ? sd[j] : 1.0);
		if (fabs(vsum) < 1e-12) {
			r->index_100[k] = NAN;
			continue;
		}
		for (size_t j = 0; j < mv; j++) {
			if (model->block[j] != k)
				continue;
			double mean = 0;
			for (size_t i = 0; i < n; i++)
				mean += raw[i * mv + j];
			mean /= (double)n;
			score += (r->weights[j] / (p->scaled ? sd[j] : 1.0)) / vsum * mean;
		}
		r->index_100[k] = 100.0 * (score - p->scale_min) / (p->scale_max - p->scale_min);
	}
}

/* Total effects of an acyclic inner model: the sum over path lengths 1..m−1 of the powers of
 * the path matrix (B[i][j] is the effect of j on i, so (B²)[i][j] sums the two-step routes). */
static void fill_total_effects(const double *b, size_t m, double *total)
{
	double *power = gx_xmalloc(m * m * sizeof(double));
	double *next = gx_xmalloc(m * m * sizeof(double));
	memcpy(power, b, m * m * sizeof(double));
	memcpy(total, b, m * m * sizeof(double));
	for (size_t len = 2; len < m; len++) {
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < m; j++) {
				double s = 0;
				for (size_t k = 0; k < m; k++)
					s += power[i * m + k] * b[k * m + j];
				next[i * m + j] = s;
			}
		memcpy(power, next, m * m * sizeof(double));
		for (size_t e = 0; e < m * m; e++)
			total[e] += power[e];
	}
	free(power);
	free(next);
}

enum gx_err gx_pls_fit(const double *x, size_t n_obs, const struct gx_pls_model *model,
                       const struct gx_pls_params *params, struct gx_pls_result *out,
                       struct gx_error *err)
{
	struct gx_pls_params def;
	if (!params) {
		gx_pls_params_default(&def);
		params = &def;
	}
	memset(out, 0, sizeof *out);
	if (!model)
		return gx_error_set(err, GX_EINVAL, "model", _("no path model given"));
	enum gx_err rc = check_model(model, n_obs, params, err);
	if (rc != GX_OK)
		return rc;
	if (!(params->scale_max > params->scale_min))
		return gx_error_set(err, GX_EINVAL, "scale", _("answer scale %g..%g is not a range"),
		                    params->scale_min, params->scale_max);
	size_t p = model->n_mv, m = model->n_lv;
	if ((rc = sat_check_finite(x, n_obs * p, "data", err)) != GX_OK)
		return rc;

	double *xt = gx_xmalloc(n_obs * p * sizeof(double));
	double *sd = gx_xmalloc(p * sizeof(double));
	struct pls_fit f;
	pls_fit_alloc(&f, n_obs, p, m);
	if ((rc = pls_treat(x, NULL, n_obs, p, params->scaled, xt, sd, err)) != GX_OK)
		goto out;
	if ((rc = pls_run(xt, n_obs, model, params, NULL, &f, err)) != GX_OK)
		goto out;

	out->n_obs = n_obs;
	out->n_mv = p;
	out->n_lv = m;
	out->iterations = f.iterations;
	out->weights = dup_array(f.w, p);
	out->loadings = dup_array(f.loadings, p);
	out->scores = dup_array(f.scores, n_obs * m);
	out->path = dup_array(f.path, m * m);
	out->path_se = dup_array(f.se, m * m);
	out->path_t = dup_array(f.t, m * m);
	out->r2 = dup_array(f.r2, m);
	out->total_effect = gx_xcalloc(m * m, sizeof(double));
	fill_total_effects(f.path, m, out->total_effect);
	out->communality = gx_xcalloc(p, sizeof(double));
	out->ave = gx_xcalloc(m, sizeof(double));
	out->mean_communality = gx_xcalloc(m, sizeof(double));
	out->index_100 = gx_xcalloc(m, sizeof(double));
	for (size_t j = 0; j < p; j++)
		out->communality[j] = f.loadings[j] * f.loadings[j];
	for (size_t k = 0; k < m; k++) {
		double sc = 0, su = 0;
		size_t cnt = 0;
		for (size_t j = 0; j < p; j++)
			if (model->block[j] == k) {
				sc += out->communality[j];
				su += 1.0 - out->communality[j];
				cnt++;
			}
		out->mean_communality[k] = sc / (double)cnt;
		bool formative = model->modes && model->modes[k] == GX_PLS_MODE_B;
		out->ave[k] = formative ? NAN : sc / (sc + su);
	}
	fill_index(x, n_obs, model, params, sd, out);
	if (params->bootstrap > 0 && (rc = pls_bootstrap(x, n_obs, model, params, out, err)) != GX_OK)
		gx_pls_result_free(out);
out:
	pls_fit_free(&f);
	free(xt);
	free(sd);
	return rc;
}
