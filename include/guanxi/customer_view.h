/* Read-only pieces of the customer 360 page that no other module serves: the surveys a
 * customer answered (survey, wave, date), for GET /api/v1/customers/{id}/scores beside the
 * stored scores of `guanxi score` (score_store.h). Portable SQL on both backends. */
#ifndef GUANXI_CUSTOMER_VIEW_H
#define GUANXI_CUSTOMER_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/error.h"
#include "guanxi/store.h"

struct store_customer_survey {
	int64_t response_id, survey_id, wave_id;
	const char *survey_code, *survey_title, *wave_code, *submitted_at;
};

/* The customer's survey responses, newest first, at most max rows; texts in a. */
enum gx_err store_customer_surveys(struct store *s, int64_t customer_id, size_t max, struct gx_arena *a,
                                   struct store_customer_survey **rows, size_t *n, struct gx_error *err);

#endif
