/* Bootstrap standard errors of the PLS path model (MODELS.md M7): respondents are resampled
 * with replacement, each resample is re-centred (re-standardised) and refitted, and the spread
 * of the estimates over the resamples is reported. The generator is GSL's mt19937 seeded by
 * the caller, so the same data, model and seed give the same numbers on every run. A resample
 * that cannot be fitted (a constant indicator, no convergence) is replaced by a fresh draw,
 * within a bounded number of attempts. */
#include "analytics/plspm_internal.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

/* Running mean and sum of squared deviations (Welford), element-wise. */
struct moments {
	size_t len;
	double *mean;
	double *m2;
};

static void moments_init(struct moments *s, size_t len)
{
	s->len = len;
	s->mean = gx_xcalloc(len, sizeof(double));
	s->m2 = gx_xcalloc(len, sizeof(double));
}

static void moments_add(struct moments *s, const double *v, size_t count)
{
	for (size_t i = 0; i < s->len; i++) {
		double d = v[i] - s->mean[i];
		s->mean[i] += d / (double)count;
		s->m2[i] += d * (v[i] - s->mean[i]);
	}
}

/* Sample standard deviations into a new array; frees the moments except the mean. */
static double *moments_sd(struct moments *s, size_t count)
{
	double *sd = gx_xcalloc(s->len, sizeof(double));
	for (size_t i = 0; i < s->len; i++)
		sd[i] = count > 1 ? sqrt(s->m2[i] / (double)(count - 1)) : NAN;
	free(s->m2);
	s->m2 = NULL;
	return sd;
}

enum gx_err pls_bootstrap(const double *raw, size_t n, const struct gx_pls_model *model,
                          const struct gx_pls_params *params, struct gx_pls_result *r,
                          struct gx_error *err)
{
	size_t p = model->n_mv, m = model->n_lv, want = params->bootstrap;
	size_t max_attempts = 10 * want;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		abort();
	gsl_rng_set(rng, (unsigned long)params->seed);
	size_t *rows = gx_xmalloc(n * sizeof(size_t));
	double *xt = gx_xmalloc(n * p * sizeof(double));
	struct pls_fit f;
	pls_fit_alloc(&f, n, p, m);
	struct moments mp, mw, ml, mr;
	moments_init(&mp, m * m);
	moments_init(&mw, p);
	moments_init(&ml, p);
	moments_init(&mr, m);
	size_t done = 0, attempts = 0;
	struct gx_error scratch;
	while (done < want && attempts < max_attempts) {
		attempts++;
		for (size_t i = 0; i < n; i++)
			rows[i] = (size_t)gsl_rng_uniform_int(rng, (unsigned long)n);
		if (pls_treat(raw, rows, n, p, params->scaled, xt, NULL, &scratch) != GX_OK)
			continue;
		if (pls_run(xt, n, model, params, r->weights, &f, &scratch) != GX_OK)
			continue;
		done++;
		moments_add(&mp, f.path, done);
		moments_add(&mw, f.w, done);
		moments_add(&ml, f.loadings, done);
		moments_add(&mr, f.r2, done);
	}
	enum gx_err rc = GX_OK;
	if (done < want) {
		rc = gx_error_set(err, GX_ENUMERIC, "bootstrap",
		                  _("only %zu of %zu bootstrap resamples could be fitted in %zu attempts"),
		                  done, want, attempts);
		free(mp.m2);
		free(mw.m2);
		free(ml.m2);
		free(mr.m2);
		free(mp.mean);
	} else {
		r->boot_resamples = done;
		r->boot_path_mean = mp.mean;
		r->boot_path_se = moments_sd(&mp, done);
		r->boot_weight_se = moments_sd(&mw, done);
		r->boot_loading_se = moments_sd(&ml, done);
		r->boot_r2_se = moments_sd(&mr, done);
	}
	free(mw.mean);
	free(ml.mean);
	free(mr.mean);
	pls_fit_free(&f);
	free(xt);
	free(rows);
	gsl_rng_free(rng);
	return rc;
}
