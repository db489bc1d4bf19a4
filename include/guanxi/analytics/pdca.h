/* PDCA improvement plans of MODELS.md M8: a plan moves plan → do → check → act (and from act
 * into the next cycle's plan), and reports each targeted survey attribute's score before and
 * after (two survey waves) with a Welch t-test of the difference. */
#ifndef GUANXI_ANALYTICS_PDCA_H
#define GUANXI_ANALYTICS_PDCA_H

#include <stdbool.h>
#include <stddef.h>

#include "guanxi/analytics/satisfaction.h"
#include "guanxi/error.h"

enum gx_pdca_stage {
	GX_PDCA_PLAN = 0,   /* 计划 */
	GX_PDCA_DO,         /* 实施 */
	GX_PDCA_CHECK,      /* 检查 */
	GX_PDCA_ACT,        /* 处理 */
	GX_PDCA_NSTAGE
};

struct gx_sat_label gx_pdca_stage_label(enum gx_pdca_stage stage);
/* true iff a plan may move from one stage to the other: to the next stage, or from act back
 * to plan (a new cycle). */
bool gx_pdca_can_move(enum gx_pdca_stage from, enum gx_pdca_stage to);
/* GX_OK, or GX_ECONFLICT saying which moves are allowed from `from`. */
enum gx_err gx_pdca_move(enum gx_pdca_stage from, enum gx_pdca_stage to, struct gx_error *err);

struct gx_pdca_params {
	double alpha;        /* significance level of the before/after test: 0.05 */
	double min_change;   /* smallest change of the mean that counts as a change: 0 */
	double tolerance;    /* 1e-9 */
};

void gx_pdca_params_default(struct gx_pdca_params *p);

enum gx_pdca_verdict {
	GX_PDCA_UNCHANGED = 0,   /* no change beyond min_change, or not significant */
	GX_PDCA_IMPROVED,
	GX_PDCA_WORSENED
};

struct gx_sat_label gx_pdca_verdict_label(enum gx_pdca_verdict v);

struct gx_pdca_comparison {
	size_t n_before, n_after;
	double mean_before, mean_after;
	double sd_before, sd_after;   /* sample standard deviations (n − 1) */
	double delta;                 /* mean_after − mean_before */
	double t;                     /* Welch t statistic (±inf when both waves have no spread) */
	double df;                    /* Welch–Satterthwaite degrees of freedom (NaN if undefined) */
	double p_value;               /* two-sided */
	enum gx_pdca_verdict verdict;
};

/* Compares one attribute's scores in the wave before the plan with the wave after it. Each
 * wave needs at least 2 finite scores (GX_EINVAL otherwise). p may be NULL. */
enum gx_err gx_pdca_compare(const double *before, size_t n_before, const double *after,
                            size_t n_after, const struct gx_pdca_params *p,
                            struct gx_pdca_comparison *out, struct gx_error *err);

#endif
