/* Customer satisfaction models of MODELS.md §1, M1–M4: the expectation gap, the 5- and 7-level
 * scales with their labels, the weighted satisfaction index (CSI) and its survey form, and the
 * importance–performance quadrant chart (四分图). Pure functions: arrays in, values out.
 * The bilingual label type declared here is shared by the other §1 headers (kano.h,
 * servqual.h, pdca.h, plspm.h). */
#ifndef GUANXI_ANALYTICS_SATISFACTION_H
#define GUANXI_ANALYTICS_SATISFACTION_H

#include <stddef.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* A label of a model category in both languages; constant strings, never freed. Both fields
 * are NULL for an out-of-range category. */
struct gx_sat_label {
	const char *zh;
	const char *en;
};

/* The label text in one language (NULL if the label is empty). */
const char *gx_sat_label_text(struct gx_sat_label label, enum gx_lang lang);

/* Split lines of the importance–performance chart (M4). */
enum gx_sat_ipa_split {
	GX_SAT_IPA_SPLIT_MEANS = 0,   /* means of I and S over the attributes (default) */
	GX_SAT_IPA_SPLIT_MIDPOINT     /* midpoint of the answer scale */
};

/* Every parameter of M1–M4. */
struct gx_sat_params {
	double tolerance;              /* boundary tolerance for computed doubles: 1e-9 */
	double scale_min;              /* answer scale of surveys (M3 0–100 transform, M4 midpoint): 1 */
	double scale_max;              /* 5 */
	enum gx_sat_ipa_split ipa_split; /* GX_SAT_IPA_SPLIT_MEANS */
};

void gx_sat_params_default(struct gx_sat_params *p);

/* ---- M1 gap: CS = CP − CE -------------------------------------------------------------- */

enum gx_sat_gap_class {
	GX_SAT_GAP_DISSATISFIED = -1,  /* CS < 0: 不满意 */
	GX_SAT_GAP_SATISFIED = 0,      /* CS = 0 (within tolerance): 满意 */
	GX_SAT_GAP_HIGHLY = 1          /* CS > 0: 很满意 */
};

struct gx_sat_gap {
	double cs;                     /* perceived minus expected */
	enum gx_sat_gap_class cls;
};

/* p may be NULL (defaults). NaN or infinite input: GX_EINVAL. */
enum gx_err gx_sat_gap(double perceived, double expected, const struct gx_sat_params *p,
                       struct gx_sat_gap *out, struct gx_error *err);
struct gx_sat_label gx_sat_gap_label(enum gx_sat_gap_class cls);

/* ---- M2 levels ------------------------------------------------------------------------ */

enum gx_sat_scale { GX_SAT_SCALE_5 = 5, GX_SAT_SCALE_7 = 7 };

/* Level 1..scale of a mean score: floor within the tolerance, clamped to the scale
 * (3.67 → 3 一般, 4.2 → 4 满意 on the 5-level scale). NaN: GX_EINVAL; other scales: GX_EINVAL. */
enum gx_err gx_sat_level(double mean, enum gx_sat_scale scale, const struct gx_sat_params *p,
                         int *level, struct gx_error *err);
/* Label of level 1..scale (very dissatisfied … very satisfied). */
struct gx_sat_label gx_sat_level_label(enum gx_sat_scale scale, int level);
/* The course's behavioural indicators of a 5-level label (level 1..5), for display. */
struct gx_sat_label gx_sat_level_indicators(int level5);

/* ---- M3 weighted index ---------------------------------------------------------------- */

/* CSI = Σ wᵢxᵢ / Σ wᵢ. Weights must be ≥ 0 with a positive sum (they need not sum to 1);
 * n = 0, NaN, negative weights: GX_EINVAL; all weights 0: GX_ENUMERIC. */
enum gx_err gx_sat_weighted_index(const double *weights, const double *scores, size_t n,
                                  double *index, struct gx_error *err);
/* Simple mean of n scores (n ≥ 1, no NaN). */
enum gx_err gx_sat_simple_mean(const double *scores, size_t n, double *mean, struct gx_error *err);
/* 100·(x − min)/(max − min) on the params' answer scale; min ≥ max: GX_EINVAL. */
enum gx_err gx_sat_to_100(double x, const struct gx_sat_params *p, double *out,
                          struct gx_error *err);

/* Survey form of the index (seed001 满意度综合得分). sat and imp are row-major
 * n_resp × n_attr matrices of answers on the params' scale. Each respondent's score is
 * Σ(satᵢ·impᵢ)/Σ impᵢ; the index is their mean. */
struct gx_sat_survey_index {
	double index;                  /* mean over respondents */
	double index_100;              /* the same on 0–100 */
	size_t n_respondents;
};
/* mean_imp and mean_sat (each n_attr long, may be NULL) receive the per-attribute means.
 * A respondent whose importances sum to 0: GX_ENUMERIC naming the row. */
enum gx_err gx_sat_survey_index(const double *sat, const double *imp, size_t n_resp,
                                size_t n_attr, const struct gx_sat_params *p,
                                struct gx_sat_survey_index *out, double *mean_imp,
                                double *mean_sat, struct gx_error *err);

/* ---- M4 importance–performance quadrants ---------------------------------------------- */

enum gx_sat_ipa_quadrant {
	GX_SAT_IPA_STRENGTH = 0,       /* high I, high S: 优势型 / 重点保持区 */
	GX_SAT_IPA_URGENT,             /* high I, low S: 急需改进型 / 重点改进区 */
	GX_SAT_IPA_NICE_TO_HAVE,       /* low I, high S: 锦上添花型 / 维持区 */
	GX_SAT_IPA_LOW_PRIORITY        /* low I, low S: 不占优先地位型 / 机会区 */
};

struct gx_sat_ipa_split_lines {
	double importance;
	double satisfaction;
};

/* Quadrant of each of n attributes from its mean importance and mean satisfaction; a value
 * on a split line (within the tolerance) counts as high. quadrants is n long; lines may be
 * NULL. n = 0 or NaN: GX_EINVAL. */
enum gx_err gx_sat_ipa(const double *importance, const double *satisfaction, size_t n,
                       const struct gx_sat_params *p, enum gx_sat_ipa_quadrant *quadrants,
                       struct gx_sat_ipa_split_lines *lines, struct gx_error *err);
struct gx_sat_label gx_sat_ipa_type_label(enum gx_sat_ipa_quadrant q);   /* 优势型 … */
struct gx_sat_label gx_sat_ipa_zone_label(enum gx_sat_ipa_quadrant q);   /* 重点保持区 … */

#endif
