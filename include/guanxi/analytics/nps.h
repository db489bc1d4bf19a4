/* Net Promoter Score (Reichheld 2003, "The one number you need to grow", Harvard Business
 * Review 81(12)): answers 0–10 to "how likely are you to recommend us"; 9–10 promoters, 7–8
 * passives, 0–6 detractors; NPS = % promoters − % detractors, from −100 to 100. MODELS.md §1
 * has no NPS; the survey module uses this standard definition. Pure function. */
#ifndef GUANXI_ANALYTICS_NPS_H
#define GUANXI_ANALYTICS_NPS_H

#include <stddef.h>

#include "guanxi/error.h"

struct gx_nps {
	size_t n, promoters, passives, detractors;
	double nps;            /* 100·(promoters − detractors)/n */
};

/* n = 0 or an answer outside 0..10: GX_EINVAL naming the answer. */
enum gx_err gx_nps_score(const int *answers, size_t n, struct gx_nps *out, struct gx_error *err);

#endif
