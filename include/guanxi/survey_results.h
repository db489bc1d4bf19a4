/* The results of a survey wave, computed by the models of MODELS.md §1 from the wave's answers:
 * the weighted satisfaction index of the survey form (M3) with its level (M2) and the
 * importance–performance quadrants (M4) from the importance/satisfaction pairs, Kano categories
 * with Better/Worse (M5), SERVQUAL item, dimension and overall gaps (M6), the NPS of 0–10
 * questions, the PLS path model of an ECSI-type survey (M7), item means and choice counts; and
 * the comparison of two waves of the same survey. The numbers come from the pure functions in
 * src/analytics/; this file only gathers the answers into their arrays. */
#ifndef GUANXI_SURVEY_RESULTS_H
#define GUANXI_SURVEY_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/kano.h"
#include "guanxi/analytics/nps.h"
#include "guanxi/analytics/satisfaction.h"
#include "guanxi/analytics/servqual.h"
#include "guanxi/survey.h"

struct survey_attr_result {      /* one importance/satisfaction pair */
	const char *code, *text;
	double mean_imp, mean_sat;
	enum gx_sat_ipa_quadrant quadrant;
};

struct survey_kano_result {
	const char *code, *text;
	struct gx_kano_feature f;        /* f.n == 0: nobody answered */
};

struct survey_nps_result {
	const char *code, *text;
	struct gx_nps nps;               /* nps.n == 0: nobody answered */
};

struct survey_item_result {      /* a likert or number question */
	const char *code, *text, *block;
	size_t n;
	double mean;                     /* NaN when nobody answered */
};

struct survey_choice_result {
	const char *code, *text;
	const struct survey_question *q;
	size_t n;                        /* respondents who answered */
	size_t *counts;                  /* per option of q */
};

struct survey_pls_path {
	const char *from, *to;
	double coef, se;
};

struct survey_pls_result {
	int fitted;                      /* 0: not fitted, see note */
	const char *note;                /* why not (translated), or NULL */
	size_t n_obs, n_lv, npaths;
	const char **lv;
	double *r2, *index_100;
	struct survey_pls_path *paths;
};

struct survey_results {
	struct survey_def def;
	struct survey_wave wave;
	size_t n_responses;
	/* M3/M4: the pairs, and the index over respondents who answered every pair */
	size_t n_attr;
	struct survey_attr_result *attr;
	int has_index;
	size_t index_n;
	double index, index_100;
	int level;                       /* M2 level on the pairs' scale (5- or 7-point), 0 otherwise */
	struct gx_sat_ipa_split_lines split;
	/* M5 */
	size_t n_kano;
	struct survey_kano_result *kano;
	/* M6: all 22 items answered */
	int has_servqual;
	const char *servqual_note;       /* why there is no SERVQUAL result, or NULL */
	struct gx_servqual_result servqual;
	/* NPS, items, choices */
	size_t n_nps, n_items, n_choices;
	struct survey_nps_result *nps;
	struct survey_item_result *items;
	struct survey_choice_result *choices;
	/* M7 */
	struct survey_pls_result pls;
};

/* Computes the results of a wave (memory from a). A wave without responses gives empty
 * results, not an error. */
enum gx_err app_survey_results(struct app *app, int64_t wave_id, struct gx_arena *a,
                               struct survey_results *out, struct gx_error *err);

/* Two waves of one survey side by side: GX_EINVAL when they belong to different surveys. */
enum gx_err app_survey_compare(struct app *app, int64_t wave_a, int64_t wave_b, struct gx_arena *a,
                               struct survey_results *ra, struct survey_results *rb,
                               struct gx_error *err);

#endif
