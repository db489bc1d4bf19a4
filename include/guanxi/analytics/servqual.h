/* SERVQUAL of MODELS.md M6: 22 expectation/perception item pairs on a 7-point agreement scale,
 * five dimensions, negatively worded items reversed before anything else, item, dimension and
 * overall gaps (P − E), optionally weighted by dimension points, and the seeded per-respondent
 * random order in which the questionnaire presents the items. */
#ifndef GUANXI_ANALYTICS_SERVQUAL_H
#define GUANXI_ANALYTICS_SERVQUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/satisfaction.h"
#include "guanxi/error.h"

#define GX_SERVQUAL_ITEMS 22

enum gx_servqual_dim {
	GX_SERVQUAL_TANGIBLES = 0,     /* 有形性, items 1–4 */
	GX_SERVQUAL_RELIABILITY,       /* 可靠性, items 5–9 */
	GX_SERVQUAL_RESPONSIVENESS,    /* 响应性, items 10–13 */
	GX_SERVQUAL_ASSURANCE,         /* 保证性, items 14–17 */
	GX_SERVQUAL_EMPATHY,           /* 移情性, items 18–22 */
	GX_SERVQUAL_NDIM
};

struct gx_servqual_params {
	int scale_min;                         /* 1 完全不同意 */
	int scale_max;                         /* 7 完全同意; reverse(x) = min + max − x */
	bool reverse[GX_SERVQUAL_ITEMS];       /* item i+1 negatively worded: 10–13, 18–22 */
	int dim_first_item[GX_SERVQUAL_NDIM];  /* 1-based first item of each dimension: 1,5,10,14,18 */
	double tolerance;                      /* 1e-9, for the weight sum check */
};

void gx_servqual_params_default(struct gx_servqual_params *p);

/* x' = min + max − x (8 − x on the 7-point scale). */
double gx_servqual_reverse(double x, const struct gx_servqual_params *p);
/* Dimension of 1-based item 1..22. */
enum gx_err gx_servqual_item_dim(int item, const struct gx_servqual_params *p,
                                 enum gx_servqual_dim *dim, struct gx_error *err);
struct gx_sat_label gx_servqual_dim_label(enum gx_servqual_dim dim);
/* Anchor labels of the ends of the answer scale (1 完全不同意, 7 完全同意). */
struct gx_sat_label gx_servqual_anchor_label(bool top);

struct gx_servqual_result {
	size_t n_respondents;
	double mean_e[GX_SERVQUAL_ITEMS];      /* item means after reversal */
	double mean_p[GX_SERVQUAL_ITEMS];
	double item_gap[GX_SERVQUAL_ITEMS];    /* mean of P − E */
	double dim_gap[GX_SERVQUAL_NDIM];      /* mean of the dimension's item gaps */
	double overall;                        /* mean of the 5 dimension gaps */
	bool has_weighted;
	double weighted_overall;               /* Σ w_d·gap_d / Σ w_d when weights are given */
};

/* e and p are row-major n_resp × 22 raw answers (before reversal) in scale_min..scale_max.
 * dim_weights is NULL or 5 non-negative dimension weights (points out of 100; they are
 * normalised by their sum, which must be positive). p may be NULL. Empty input, NaN or an
 * answer off the scale: GX_EINVAL naming respondent and item. */
enum gx_err gx_servqual_score(const double *e, const double *p_answers, size_t n_resp,
                              const double *dim_weights, const struct gx_servqual_params *p,
                              struct gx_servqual_result *out, struct gx_error *err);

/* The order (a permutation of 1..22) in which respondent sees the items: a Fisher–Yates
 * shuffle driven by a generator seeded from (seed, respondent), so the same pair always gives
 * the same order and different respondents get independent orders. */
void gx_servqual_item_order(uint64_t seed, uint64_t respondent, int order[GX_SERVQUAL_ITEMS]);

#endif
