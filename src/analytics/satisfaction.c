/* Satisfaction models M1–M4 of MODELS.md §1: expectation gap, level scales, weighted index
 * (CSI) and its survey form, and the importance–performance quadrants. Every boundary
 * comparison of a computed double uses the params' tolerance (1e-9), so that a mean such as
 * 2.9999999999999996 lands on level 3 and a value computed onto a split line counts as high. */
#include "guanxi/analytics/satisfaction.h"
#include "analytics/sat_check.h"

#include <math.h>

void gx_sat_params_default(struct gx_sat_params *p)
{
	p->tolerance = 1e-9;
	p->scale_min = 1.0;
	p->scale_max = 5.0;
	p->ipa_split = GX_SAT_IPA_SPLIT_MEANS;
}

static const struct gx_sat_params *params_or_default(const struct gx_sat_params *p,
                                                     struct gx_sat_params *buf)
{
	if (p)
		return p;
	gx_sat_params_default(buf);
	return buf;
}

const char *gx_sat_label_text(struct gx_sat_label label, enum gx_lang lang)
{
	return lang == GX_LANG_ZH ? label.zh : label.en;
}

/* ---- M1 ---------------------------------------------------------------------------------- */

enum gx_err gx_sat_gap(double perceived, double expected, const struct gx_sat_params *p,
                       struct gx_sat_gap *out, struct gx_error *err)
{
	struct gx_sat_params buf;
	p = params_or_default(p, &buf);
	if (!isfinite(perceived))
		return gx_error_set(err, GX_EINVAL, "perceived", _("perceived performance is not a finite number"));
	if (!isfinite(expected))
		return gx_error_set(err, GX_EINVAL, "expected", _("expectation is not a finite number"));
	out->cs = perceived - expected;
	if (out->cs > p->tolerance)
		out->cls = GX_SAT_GAP_HIGHLY;
	else if (out->cs < -p->tolerance)
		out->cls = GX_SAT_GAP_DISSATISFIED;
	else
		out->cls = GX_SAT_GAP_SATISFIED;
	return GX_OK;
}

struct gx_sat_label gx_sat_gap_label(enum gx_sat_gap_class cls)
{
	switch (cls) {
	case GX_SAT_GAP_DISSATISFIED: return (struct gx_sat_label){ "不满意", "dissatisfied" };
	case GX_SAT_GAP_SATISFIED: return (struct gx_sat_label){ "满意", "satisfied" };
	case GX_SAT_GAP_HIGHLY: return (struct gx_sat_label){ "很满意", "highly satisfied" };
	}
	return (struct gx_sat_label){ NULL, NULL };
}

/* ---- M2 ---------------------------------------------------------------------------------- */

static const struct gx_sat_label levels5[5] = {
	{ "很不满意", "very dissatisfied" },
	{ "不满意", "dissatisfied" },
	{ "一般", "neutral" },
	{ "满意", "satisfied" },
	{ "很满意", "very satisfied" },
};

static const struct gx_sat_label levels7[7] = {
	{ "很不满意", "very dissatisfied" },
	{ "不满意", "dissatisfied" },
	{ "不太满意", "somewhat dissatisfied" },
	{ "一般", "neutral" },
	{ "较满意", "fairly satisfied" },
	{ "满意", "satisfied" },
	{ "很满意", "very satisfied" },
};

/* The indicator words are the course's (seed001, after the psychological ladder theory); the
 * English renderings are ours. */
static const struct gx_sat_label indicators5[5] = {
	{ "愤慨、恼怒、投诉、主动反宣传、受骗",
	  "indignation, anger, formal complaint, active negative word of mouth, feeling cheated" },
	{ "气愤、烦恼、抱怨、反宣传、后悔",
	  "annoyance, vexation, grumbling, negative word of mouth, regret" },
	{ "无明显正、负情绪,无所谓、印象不深、还算过得去",
	  "no marked feeling either way, indifference, faint impression, acceptable" },
	{ "称心、赞扬、愉快、乐于宣传、物有所值",
	  "contentment, praise, pleasure, glad to recommend, worth the money" },
	{ "激动、满足、感谢、主动宣传、能成为忠诚客户",
	  "delight, fulfilment, gratitude, recommends unprompted, likely to become loyal" },
};

enum gx_err gx_sat_level(double mean, enum gx_sat_scale scale, const struct gx_sat_params *p,
                         int *level, struct gx_error *err)
{
	struct gx_sat_params buf;
	p = params_or_default(p, &buf);
	if (scale != GX_SAT_SCALE_5 && scale != GX_SAT_SCALE_7)
		return gx_error_set(err, GX_EINVAL, "scale", _("satisfaction scale must have 5 or 7 levels, not %d"), (int)scale);
	if (!isfinite(mean))
		return gx_error_set(err, GX_EINVAL, "mean", _("mean score is not a finite number"));
	double f = floor(mean + p->tolerance);
	int l = f < 1.0 ? 1 : f > (double)scale ? (int)scale : (int)f;
	*level = l;
	return GX_OK;
}

struct gx_sat_label gx_sat_level_label(enum gx_sat_scale scale, int level)
{
	if (scale == GX_SAT_SCALE_5 && level >= 1 && level <= 5)
		return levels5[level - 1];
	if (scale == GX_SAT_SCALE_7 && level >= 1 && level <= 7)
		return levels7[level - 1];
	return (struct gx_sat_label){ NULL, NULL };
}

struct gx_sat_label gx_sat_level_indicators(int level5)
{
	if (level5 >= 1 && level5 <= 5)
		return indicators5[level5 - 1];
	return (struct gx_sat_label){ NULL, NULL };
}

/* ---- M3 ---------------------------------------------------------------------------------- */

enum gx_err gx_sat_weighted_index(const double *weights, const double *scores, size_t n,
                                  double *index, struct gx_error *err)
{
	enum gx_err rc;
	if ((rc = sat_check_finite(weights, n, "weights", err)) != GX_OK)
		return rc;
	if ((rc = sat_check_finite(scores, n, "scores", err)) != GX_OK)
		return rc;
	double sw = 0, swx = 0;
	for (size_t i = 0; i < n; i++) {
		if (weights[i] < 0)
			return gx_error_set(err, GX_EINVAL, "weights", _("weights: element %zu is negative"), i);
		sw += weights[i];
		swx += weights[i] * scores[i];
	}
	if (!(sw > 0))
		return gx_error_set(err, GX_ENUMERIC, "weights", _("weights sum to zero, so no weighted index exists"));
	*index = swx / sw;
	return GX_OK;
}

enum gx_err gx_sat_simple_mean(const double *scores, size_t n, double *mean, struct gx_error *err)
{
	enum gx_err rc = sat_check_finite(scores, n, "scores", err);
	if (rc != GX_OK)
		return rc;
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += scores[i];
	*mean = s / (double)n;
	return GX_OK;
}

static enum gx_err check_scale(const struct gx_sat_params *p, struct gx_error *err)
{
	if (!isfinite(p->scale_min) || !isfinite(p->scale_max) || !(p->scale_max > p->scale_min))
		return gx_error_set(err, GX_EINVAL, "scale", _("answer scale %g..%g is not a range"),
		                    p->scale_min, p->scale_max);
	return GX_OK;
}

enum gx_err gx_sat_to_100(double x, const struct gx_sat_params *p, double *out,
                          struct gx_error *err)
{
	struct gx_sat_params buf;
	p = params_or_default(p, &buf);
	enum gx_err rc = check_scale(p, err);
	if (rc != GX_OK)
		return rc;
	if (!isfinite(x))
		return gx_error_set(err, GX_EINVAL, "index", _("index is not a finite number"));
	*out = 100.0 * (x - p->scale_min) / (p->scale_max - p->scale_min);
	return GX_OK;
}

enum gx_err gx_sat_survey_index(const double *sat, const double *imp, size_t n_resp,
                                size_t n_attr, const struct gx_sat_params *p,
                                struct gx_sat_survey_index *out, double *mean_imp,
                                double *mean_sat, struct gx_error *err)
{
	struct gx_sat_params buf;
	p = params_or_default(p, &buf);
	enum gx_err rc;
	if (n_resp == 0 || n_attr == 0)
		return gx_error_set(err, GX_EINVAL, "answers", _("survey has no respondents or no attributes"));
	if ((rc = check_scale(p, err)) != GX_OK)
		return rc;
	if ((rc = sat_check_finite(sat, n_resp * n_attr, "satisfaction", err)) != GX_OK)
		return rc;
	if ((rc = sat_check_finite(imp, n_resp * n_attr, "importance", err)) != GX_OK)
		return rc;
	double total = 0;
	for (size_t r = 0; r < n_resp; r++) {
		double si = 0, ssi = 0;
		for (size_t a = 0; a < n_attr; a++) {
			double w = imp[r * n_attr + a];
			if (w < 0)
				return gx_error_set(err, GX_EINVAL, "importance",
				                    _("importance of respondent %zu, attribute %zu is negative"), r, a);
			si += w;
			ssi += w * sat[r * n_attr + a];
		}
		if (!(si > 0))
			return gx_error_set(err, GX_ENUMERIC, "importance",
			                    _("respondent %zu rates every attribute as of no importance"), r);
		total += ssi / si;
	}
	out->n_respondents = n_resp;
	out->index = total / (double)n_resp;
	out->index_100 = 100.0 * (out->index - p->scale_min) / (p->scale_max - p->scale_min);
	for (size_t a = 0; a < n_attr; a++) {
		double si = 0, ss = 0;
		for (size_t r = 0; r < n_resp; r++) {
			si += imp[r * n_attr + a];
			ss += sat[r * n_attr + a];
		}
		if (mean_imp)
			mean_imp[a] = si / (double)n_resp;
		if (mean_sat)
			mean_sat[a] = ss / (double)n_resp;
	}
	return GX_OK;
}

/* ---- M4 ---------------------------------------------------------------------------------- */

enum gx_err gx_sat_ipa(const double *importance, const double *satisfaction, size_t n,
                       const struct gx_sat_params *p, enum gx_sat_ipa_quadrant *quadrants,
                       struct gx_sat_ipa_split_lines *lines, struct gx_error *err)
{
	struct gx_sat_params buf;
	p = params_or_default(p, &buf);
	enum gx_err rc;
	if ((rc = sat_check_finite(importance, n, "importance", err)) != GX_OK)
		return rc;
	if ((rc = sat_check_finite(satisfaction, n, "satisfaction", err)) != GX_OK)
		return rc;
	double li, ls;
	if (p->ipa_split == GX_SAT_IPA_SPLIT_MIDPOINT) {
		if ((rc = check_scale(p, err)) != GX_OK)
			return rc;
		li = ls = (p->scale_min + p->scale_max) / 2.0;
	} else if (p->ipa_split == GX_SAT_IPA_SPLIT_MEANS) {
		double si = 0, ss = 0;
		for (size_t i = 0; i < n; i++) {
			si += importance[i];
			ss += satisfaction[i];
		}
		li = si / (double)n;
		ls = ss / (double)n;
	} else {
		return gx_error_set(err, GX_EINVAL, "split", _("unknown split rule %d for the quadrant chart"), (int)p->ipa_split);
	}
	for (size_t i = 0; i < n; i++) {
		int hi = importance[i] >= li - p->tolerance;
		int hs = satisfaction[i] >= ls - p->tolerance;
		quadrants[i] = hi ? (hs ? GX_SAT_IPA_STRENGTH : GX_SAT_IPA_URGENT)
		                  : (hs ? GX_SAT_IPA_NICE_TO_HAVE : GX_SAT_IPA_LOW_PRIORITY);
	}
	if (lines) {
		lines->importance = li;
		lines->satisfaction = ls;
	}
	return GX_OK;
}

struct gx_sat_label gx_sat_ipa_type_label(enum gx_sat_ipa_quadrant q)
{
	switch (q) {
	case GX_SAT_IPA_STRENGTH: return (struct gx_sat_label){ "优势型", "strength" };
	case GX_SAT_IPA_URGENT: return (struct gx_sat_label){ "急需改进型", "urgent improvement" };
	case GX_SAT_IPA_NICE_TO_HAVE: return (struct gx_sat_label){ "锦上添花型", "nice to have" };
	case GX_SAT_IPA_LOW_PRIORITY: return (struct gx_sat_label){ "不占优先地位型", "low priority" };
	}
	return (struct gx_sat_label){ NULL, NULL };
}

struct gx_sat_label gx_sat_ipa_zone_label(enum gx_sat_ipa_quadrant q)
{
	switch (q) {
	case GX_SAT_IPA_STRENGTH: return (struct gx_sat_label){ "重点保持区", "keep up the good work" };
	case GX_SAT_IPA_URGENT: return (struct gx_sat_label){ "重点改进区", "concentrate improvement here" };
	case GX_SAT_IPA_NICE_TO_HAVE: return (struct gx_sat_label){ "维持区", "maintain" };
	case GX_SAT_IPA_LOW_PRIORITY: return (struct gx_sat_label){ "机会区", "opportunity" };
	}
	return (struct gx_sat_label){ NULL, NULL };
}
