/* The one-line explanations of stored scores, written with the parameters the scoring run
 * actually used (its params JSON in score_runs), so that a page never states a threshold the
 * company has changed in the settings. */
#ifndef GUANXI_SCORE_EXPLAIN_H
#define GUANXI_SCORE_EXPLAIN_H

#include <stddef.h>

#include "guanxi/analytics/lifecycle.h"
#include "guanxi/i18n.h"

/* The lifecycle parameters of a run's params JSON; the defaults for any field it lacks (runs
 * written before the field existed) or when the text is not JSON. */
void app_score_run_lifecycle_params(const char *params_json, struct gx_lifecycle_params *out);

/* Why a stage key ("decline") holds, thresholds of p written in; NULL for an unknown key. */
const char *app_score_lifecycle_explain(const char *stage_key, const struct gx_lifecycle_params *p,
                                        enum gx_lang lang, char *buf, size_t size);

#endif
