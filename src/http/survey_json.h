/* Survey waves and results as JSON for the API (http/survey_json.c). */
#ifndef GX_HTTP_SURVEY_JSON_H
#define GX_HTTP_SURVEY_JSON_H

#include <jansson.h>

#include "guanxi/survey_results.h"

json_t *survey_wave_json(const struct survey_wave *w, const char *today);
/* Every section of the results; doubles that are not numbers are null. Labels in the
 * request's language. */
json_t *survey_results_json(const struct survey_results *r);
/* {"a": results, "b": results, "changes": {index, servqual_overall, kano drift …}}. */
json_t *survey_compare_json(const struct survey_results *a, const struct survey_results *b);

#endif
