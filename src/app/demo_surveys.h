/* The demo company's survey (demo_surveys.c): called once by the demo driver after the
 * customers exist. */
#ifndef GX_APP_DEMO_SURVEYS_H
#define GX_APP_DEMO_SURVEYS_H

#include <stdint.h>

#include "guanxi/app.h"

/* Creates the survey "SAT" (the course's supermarket questionnaire with an NPS question and a
 * Kano block) and two completed waves, six months apart, of synthetic respondents among the
 * demo customers; *responses gets the number of responses stored. */
enum gx_err demo_surveys(struct app *app, uint64_t seed, int64_t *responses, struct gx_error *err);

#endif
