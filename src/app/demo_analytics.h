/* Survey waves of the demo company for the analytics pages (demo_analytics.c): called once by
 * the demo driver after demo_surveys(). */
#ifndef GX_APP_DEMO_ANALYTICS_H
#define GX_APP_DEMO_ANALYTICS_H

#include <stdint.h>

#include "guanxi/app.h"

/* Creates the surveys "SQ" (the 22-item SERVQUAL instrument) and "ECSI" (the ECSI satisfaction
 * index questionnaire) with one closed wave each of synthetic respondents, so that the SERVQUAL
 * gap bars and the PLS path diagram have data. Both waves close before the supermarket survey's
 * latest wave, which stays the dashboard's "latest index". */
enum gx_err demo_analytics_surveys(struct app *app, uint64_t seed, struct gx_error *err);

#endif
