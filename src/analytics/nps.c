/* Net Promoter Score (see guanxi/analytics/nps.h). */
#include "guanxi/analytics/nps.h"

#include <string.h>

#include "guanxi/i18n.h"

enum gx_err gx_nps_score(const int *answers, size_t n, struct gx_nps *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return gx_error_set(err, GX_EINVAL, "answers", "%s", _("NPS needs at least one answer"));
	for (size_t i = 0; i < n; i++) {
		int x = answers[i];
		if (x < 0 || x > 10)
			return gx_error_set(err, GX_EINVAL, "answers", _("NPS answer %zu is %d, outside 0–10"), i + 1, x);
		if (x >= 9)
			out->promoters++;
		else if (x >= 7)
			out->passives++;
		else
			out->detractors++;
	}
	out->n = n;
	out->nps = 100.0 * ((double)out->promoters - (double)out->detractors) / (double)n;
	return GX_OK;
}
