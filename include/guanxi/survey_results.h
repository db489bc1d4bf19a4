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
	/* The complaints variable taken from the ticket store (survey_results_opts): its name, the
	 * local dates whose complaints were counted (inclusive), and the respondents left out of the
	 * model because their response carries no customer (public links, anonymous surveys). */
	int complaints_from_tickets;
	const char *complaints_lv;
	char complaints_from[11], complaints_to[11];
	size_t complaints_dropped;
	/* The indicator matrix handed to the PLS fit (n_obs × n_mv, row-major) and the question
	 * code of each column ("tickets" for the complaint count), kept for checks and exports. */
	size_t n_mv;
	double *x;
	const char **mv;
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

/* How the PLS model (M7) of a wave measures its complaints variable. By default from the
 * survey's own items. With complaints_from_tickets, from the ticket store (MODELS.md M7,
 * seed000): each respondent's indicator is the number of formal + informal complaint tickets
 * of the respondent's customer received on the local dates of the window, which is the wave's
 * period (opens_on..closes_on) or, with window_days > 0, the window_days days that end on
 * closes_on. The complaints variable is the survey block named complaints_lv (NULL: "comp"):
 * the block's own items are set aside for the count; a survey without such a block gets it
 * added with the ACSI paths sat → comp → loy (blocks "sat" and "loy" must exist). Responses
 * without a customer are left out of the model and counted (complaints_dropped). */
#define SURVEY_COMPLAINTS_LV "comp"
#define SURVEY_COMPLAINTS_MAX_WINDOW 3660
struct survey_results_opts {
	int complaints_from_tickets;
	int window_days;               /* 0: the wave's period; 1..3660 days ending on closes_on */
	const char *complaints_lv;     /* NULL: SURVEY_COMPLAINTS_LV */
};
/* The same as app_survey_results with options (NULL: the defaults). GX_EINVAL for a window
 * outside 0..3660 or a complaints_lv that is not a block name ([a-z0-9_], 1–32). */
/* The options as the API and the CLI give them: complaints "survey" (NULL: the default) or
 * "tickets", window_days a whole number 0..3660 (NULL: 0), complaints_lv a block name (NULL:
 * "comp"; only with "tickets"). GX_EINVAL naming the field otherwise. */
enum gx_err survey_results_opts_parse(const char *complaints, const char *window_days, const char *complaints_lv,
                                      struct survey_results_opts *out, struct gx_error *err);
enum gx_err app_survey_results_opts(struct app *app, int64_t wave_id, const struct survey_results_opts *opts,
                                    struct gx_arena *a, struct survey_results *out, struct gx_error *err);

/* Two waves of one survey side by side: GX_EINVAL when they belong to different surveys. */
enum gx_err app_survey_compare(struct app *app, int64_t wave_a, int64_t wave_b, struct gx_arena *a,
                               struct survey_results *ra, struct survey_results *rb,
                               struct gx_error *err);

#endif
