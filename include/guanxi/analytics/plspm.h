/* Structural satisfaction index (MODELS.md M7): a PLS path model (Wold's PLS-PM as described
 * by Tenenhaus, Esposito Vinzi, Chatelin & Lauro 2005, "PLS path modeling", Computational
 * Statistics & Data Analysis 48) for ACSI/ECSI-style models. Outer estimation in mode A
 * (reflective) or mode B (formative); centroid, factorial or path inner weighting; indicators
 * centred only or standardised. Outputs outer weights, loadings, communalities, AVE, path
 * coefficients with OLS standard errors, total effects, R², each latent variable's index on
 * 0–100 from the rescaled weights, and seeded (reproducible) bootstrap standard errors. */
#ifndef GUANXI_ANALYTICS_PLSPM_H
#define GUANXI_ANALYTICS_PLSPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"

enum gx_pls_mode {
	GX_PLS_MODE_A = 0,   /* reflective: weights are covariances of the indicators with the inner estimate */
	GX_PLS_MODE_B        /* formative: weights are the regression of the inner estimate on the block */
};

enum gx_pls_scheme {
	GX_PLS_CENTROID = 0, /* sign of the correlation between adjacent latent variables (default) */
	GX_PLS_FACTORIAL,    /* the correlation itself */
	GX_PLS_PATH          /* regression weights for predecessors, correlations for successors */
};

struct gx_pls_params {
	enum gx_pls_scheme scheme;   /* GX_PLS_CENTROID */
	bool scaled;                 /* standardise indicators (population sd); false: centre only */
	double tol;                  /* convergence: Σ(|w_old| − |w_new|)² < tol, 1e-6 */
	int max_iter;                /* 100; not converged by then: GX_ENUMERIC */
	size_t bootstrap;            /* resamples; 0 = none, otherwise at least min_bootstrap */
	size_t min_bootstrap;        /* 200 */
	uint64_t seed;               /* bootstrap generator seed (gsl mt19937), caller-given */
	double scale_min;            /* answer scale of the indicators, for the 0–100 index: 1 */
	double scale_max;            /* 10 (the ECSI/ACSI 10-point items) */
};

void gx_pls_params_default(struct gx_pls_params *p);

/* The model. Latent variables are numbered 0..n_lv−1, indicators (columns of the data)
 * 0..n_mv−1. */
struct gx_pls_model {
	size_t n_lv;
	size_t n_mv;
	const size_t *block;             /* n_mv: the latent variable each indicator measures */
	const enum gx_pls_mode *modes;   /* n_lv; NULL: all mode A */
	/* n_lv × n_lv row-major inner model: path[i*n_lv + j] != 0 iff LV j → LV i. Must be
	 * acyclic, and every latent variable must be connected to another one. */
	const unsigned char *path;
};

struct gx_pls_result {
	size_t n_obs, n_mv, n_lv;
	int iterations;
	double *weights;       /* n_mv outer weights on the treated (centred or standardised)
	                          indicators, giving scores of unit (population) variance */
	double *loadings;      /* n_mv: correlation of each indicator with its latent variable */
	double *communality;   /* n_mv: loading² */
	double *scores;        /* n_obs × n_lv standardised latent variable scores */
	double *path;          /* n_lv × n_lv path coefficients (like model.path) */
	double *path_se;       /* n_lv × n_lv OLS standard errors (regression with intercept) */
	double *path_t;        /* n_lv × n_lv t statistics */
	double *total_effect;  /* n_lv × n_lv: direct plus indirect effect of LV j on LV i at
	                          [i*n_lv + j] (the indirect effect is total − path) */
	double *r2;            /* n_lv; 0 for exogenous latent variables */
	double *ave;           /* n_lv average variance extracted; NaN for mode B blocks */
	double *mean_communality; /* n_lv */
	double *index_100;     /* n_lv: mean score on 0–100 from weights rescaled to sum 1 on
	                          the raw indicators (the ACSI index; NaN if they sum to 0) */
	/* Bootstrap (NULL when params.bootstrap is 0): standard deviation over the resamples. */
	size_t boot_resamples;
	double *boot_path_mean;   /* n_lv × n_lv */
	double *boot_path_se;     /* n_lv × n_lv */
	double *boot_weight_se;   /* n_mv */
	double *boot_loading_se;  /* n_mv */
	double *boot_r2_se;       /* n_lv */
};

/* Fits the model on x, a row-major n_obs × n_mv matrix of raw answers. The result's arrays
 * are allocated here and released by gx_pls_result_free. Errors: a bad model, NaN, a constant
 * indicator, too few observations (GX_EINVAL); no convergence or a singular regression
 * (GX_ENUMERIC). On error *out holds nothing to free. */
enum gx_err gx_pls_fit(const double *x, size_t n_obs, const struct gx_pls_model *model,
                       const struct gx_pls_params *p, struct gx_pls_result *out,
                       struct gx_error *err);

void gx_pls_result_free(struct gx_pls_result *r);

/* The complaints indicator from complaint counts (seed000): formal + informal, per customer.
 * n = 0, NaN or a negative count: GX_EINVAL. */
enum gx_err gx_pls_complaint_indicator(const double *formal, const double *informal, size_t n,
                                       double *out, struct gx_error *err);

#endif
