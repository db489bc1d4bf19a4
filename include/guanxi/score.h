/* `guanxi score`: every live customer's RFM scores and segment (M21), BG/NBD P(alive) and
 * expected purchases over 12 months, CLV from BG/NBD + Gamma-Gamma (M22 defaults: H = 12
 * months, δ = 1%/month, margin 1), lifecycle stage (M13, fed with that P(alive)), ABC class
 * (M17, trailing 12 months' net revenue) and loyalty type (M12, attitude not surveyed), as of
 * a date, stored in the scores table (replaced on each run) with a score_runs row holding
 * the parameters and the fitted estimates. One job row and one audit row per run. */
#ifndef GUANXI_SCORE_H
#define GUANXI_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/btyd.h"
#include "guanxi/app.h"
#include "guanxi/i18n.h"

struct app_model_params;

struct app_score_options {
	int32_t as_of;              /* orders before this local date are used */
	int horizon_months;         /* 12 */
	double monthly_discount;    /* 0.01 */
	double margin;              /* 1 */
	/* RFM monetary, ABC cut-offs and window, lifecycle, Tucker and loyalty-type thresholds
	 * (guanxi/settings.h); NULL: MODELS.md's defaults. Not owned. */
	const struct app_model_params *model;
};
/* MODELS.md's defaults (model NULL). */
void app_score_options_default(struct app_score_options *o, int32_t as_of);
/* The company's settings (score_horizon_months, score_monthly_discount, score_margin and the
 * other model parameters, loaded into *m which o then points to); the caller may override
 * the three numbers afterwards. */
enum gx_err app_score_options_load(struct app *app, struct app_score_options *o, struct app_model_params *m,
                                   int32_t as_of, struct gx_error *err);

struct app_score_result {
	int64_t job_id, run_id;
	size_t customers, buyers;
	bool bgnbd_fitted, gammagamma_fitted;   /* false: too little data; those scores are NULL */
	struct bgnbd_fit bgnbd;
	struct gammagamma_fit gammagamma;
	double seconds_load, seconds_models, seconds_store;
};

enum gx_err app_score_run(struct app *app, const struct app_score_options *o, struct app_score_result *res,
                          struct gx_error *err);

/* Display labels of the stored keys (rfm_segment, lifecycle_stage, loyalty_type; ABC classes
 * are shown as stored); the key itself when unknown. */
const char *app_score_label(const char *column, const char *key, enum gx_lang lang);

#endif
