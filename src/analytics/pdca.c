/* PDCA improvement plans (MODELS.md M8): the stage cycle and the before/after comparison of a
 * targeted attribute's survey scores. A change counts only if it exceeds min_change and the
 * Welch test (unequal variances, since two waves rarely have the same spread) rejects "no
 * change" at level alpha. */
#include "guanxi/analytics/pdca.h"
#include "analytics/sat_check.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

struct gx_sat_label gx_pdca_stage_label(enum gx_pdca_stage stage)
{
	switch (stage) {
	case GX_PDCA_PLAN: return (struct gx_sat_label){ "计划", "plan" };
	case GX_PDCA_DO: return (struct gx_sat_label){ "实施", "do" };
	case GX_PDCA_CHECK: return (struct gx_sat_label){ "检查", "check" };
	case GX_PDCA_ACT: return (struct gx_sat_label){ "处理", "act" };
	case GX_PDCA_NSTAGE: break;
	}
	return (struct gx_sat_label){ NULL, NULL };
}

bool gx_pdca_can_move(enum gx_pdca_stage from, enum gx_pdca_stage to)
{
	if (from < 0 || from >= GX_PDCA_NSTAGE || to < 0 || to >= GX_PDCA_NSTAGE)
		return false;
	return (int)to == ((int)from + 1) % GX_PDCA_NSTAGE;
}

enum gx_err gx_pdca_move(enum gx_pdca_stage from, enum gx_pdca_stage to, struct gx_error *err)
{
	if (from < 0 || from >= GX_PDCA_NSTAGE || to < 0 || to >= GX_PDCA_NSTAGE)
		return gx_error_set(err, GX_EINVAL, "stage", _("unknown PDCA stage"));
	if (gx_pdca_can_move(from, to))
		return GX_OK;
	enum gx_pdca_stage next = (enum gx_pdca_stage)(((int)from + 1) % GX_PDCA_NSTAGE);
	return gx_error_set(err, GX_ECONFLICT, "stage",
	                    _("an improvement plan in stage %s can only move to %s, not to %s"),
	                    gx_pdca_stage_label(from).en, gx_pdca_stage_label(next).en,
	                    gx_pdca_stage_label(to).en);
}

void gx_pdca_params_default(struct gx_pdca_params *p)
{
	p->alpha = 0.05;
	p->min_change = 0.0;
	p->tolerance = 1e-9;
}

struct gx_sat_label gx_pdca_verdict_label(enum gx_pdca_verdict v)
{
	switch (v) {
	case GX_PDCA_UNCHANGED: return (struct gx_sat_label){ "无显著变化", "no significant change" };
	case GX_PDCA_IMPROVED: return (struct gx_sat_label){ "已改善", "improved" };
	case GX_PDCA_WORSENED: return (struct gx_sat_label){ "已恶化", "worsened" };
	}
	return (struct gx_sat_label){ NULL, NULL };
}

static void mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	double m = s / (double)n, ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	*mean = m;
	*sd = sqrt(ss / (double)(n - 1));
}

enum gx_err gx_pdca_compare(const double *before, size_t n_before, const double *after,
                            size_t n_after, const struct gx_pdca_params *p,
                            struct gx_pdca_comparison *out, struct gx_error *err)
{
	struct gx_pdca_params def;
	if (!p) {
		gx_pdca_params_default(&def);
		p = &def;
	}
	enum gx_err rc;
	if ((rc = sat_check_finite(before, n_before, "before", err)) != GX_OK)
		return rc;
	if ((rc = sat_check_finite(after, n_after, "after", err)) != GX_OK)
		return rc;
	if (n_before < 2 || n_after < 2)
		return gx_error_set(err, GX_EINVAL, n_before < 2 ? "before" : "after",
		                    _("each survey wave needs at least 2 scores to compare"));
	if (!(p->alpha > 0 && p->alpha < 1) || !(p->min_change >= 0))
		return gx_error_set(err, GX_EINVAL, "alpha", _("alpha must be in (0, 1) and min_change ≥ 0"));

	out->n_before = n_before;
	out->n_after = n_after;
	mean_sd(before, n_before, &out->mean_before, &out->sd_before);
	mean_sd(after, n_after, &out->mean_after, &out->sd_after);
	out->delta = out->mean_after - out->mean_before;
	double vb = out->sd_before * out->sd_before / (double)n_before;
	double va = out->sd_after * out->sd_after / (double)n_after;
	double se2 = va + vb;
	bool moved = fabs(out->delta) > p->tolerance;
	if (se2 > 0) {
		out->t = out->delta / sqrt(se2);
		out->df = se2 * se2 / (va * va / (double)(n_after - 1) + vb * vb / (double)(n_before - 1));
		out->p_value = 2.0 * gsl_cdf_tdist_Q(fabs(out->t), out->df);
	} else {
		/* Neither wave varies: any difference is certain, no difference is no change. */
		out->t = moved ? copysign(INFINITY, out->delta) : 0.0;
		out->df = NAN;
		out->p_value = moved ? 0.0 : 1.0;
	}
	out->verdict = GX_PDCA_UNCHANGED;
	if (fabs(out->delta) > p->min_change + p->tolerance && out->p_value < p->alpha)
		out->verdict = out->delta > 0 ? GX_PDCA_IMPROVED : GX_PDCA_WORSENED;
	return GX_OK;
}
