/* Shared internals of the PLS path model files: plspm.c (entry point, checks, results),
 * plspm_core.c (one fit on treated data) and plspm_bootstrap.c (resampling). The core works
 * on a centred (optionally standardised) row-major matrix so that a bootstrap resample only
 * has to be re-treated and handed to the same routine. */
#ifndef ANALYTICS_PLSPM_INTERNAL_H
#define ANALYTICS_PLSPM_INTERNAL_H

#include "guanxi/analytics/plspm.h"

/* Outputs of one fit; arrays sized by the caller (see pls_fit_alloc). */
struct pls_fit {
	size_t n, p, m;        /* observations, indicators, latent variables */
	int iterations;
	double *w;             /* p */
	double *loadings;      /* p */
	double *scores;        /* n × m */
	double *path;          /* m × m */
	double *se;            /* m × m */
	double *t;             /* m × m */
	double *r2;            /* m */
};

void pls_fit_alloc(struct pls_fit *f, size_t n, size_t p, size_t m);
void pls_fit_free(struct pls_fit *f);

/* Copies rows (rows[i] of raw, or row i when rows is NULL) into X, centred and, when scaled,
 * divided by the population standard deviation; sd receives the population standard
 * deviations (may be NULL). A constant column: GX_ENUMERIC. */
enum gx_err pls_treat(const double *raw, const size_t *rows, size_t n, size_t p, bool scaled,
                      double *x, double *sd, struct gx_error *err);

/* Runs the PLS algorithm on treated data x (n × p) of a model already checked by plspm.c,
 * starting from the outer weights w_start (NULL: all ones). The bootstrap starts each
 * resample from the full sample's weights, which are close to its answer, so it needs about
 * half the iterations. */
enum gx_err pls_run(const double *x, size_t n, const struct gx_pls_model *model,
                    const struct gx_pls_params *params, const double *w_start, struct pls_fit *f,
                    struct gx_error *err);

/* Fills the bootstrap fields of r (already holding the full-sample fit). */
enum gx_err pls_bootstrap(const double *raw, size_t n, const struct gx_pls_model *model,
                          const struct gx_pls_params *params, struct gx_pls_result *r,
                          struct gx_error *err);

#endif
