/* Pipeline and transaction forecasts (see forecast.h). Pipeline sums stay in integer
 * fen × percent until the final division, so a forecast is exact to the fen. */
#include "guanxi/analytics/forecast.h"

#include <math.h>
#include <stdlib.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"

void forecast_civil_from_days(int32_t day, int *year, int *month, int *mday)
{
	/* Days are shifted to an era starting 0000-03-01 so that leap days fall at the end of a
	 * 400-year cycle's year; the constants are the lengths of those cycles. */
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*mday = (int)d;
}

struct forecast_item {
	int32_t key;              /* year·12 + month − 1 */
	int64_t amount_fen;
	int pct;
};

static int forecast_cmp(const void *pa, const void *pb)
{
	const struct forecast_item *a = pa, *b = pb;
	return (a->key > b->key) - (a->key < b->key);
}

enum gx_err forecast_pipeline(const struct forecast_opportunity *o, size_t n,
                              struct forecast_month **out, size_t *n_out, struct gx_error *err)
{
	*out = NULL;
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		if (o[i].amount_fen < 0)
			return gx_error_set(err, GX_EINVAL, "amount",
			                    _("opportunity %zu has a negative amount"), i);
		if (o[i].probability_pct < 0 || o[i].probability_pct > 100)
			return gx_error_set(err, GX_EINVAL, "probability",
			                    _("opportunity %zu has probability %d%%, outside 0..100"), i,
			                    o[i].probability_pct);
	}
	if (n == 0)
		return GX_OK;
	struct forecast_item *it = gx_xmalloc(n * sizeof *it);
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		forecast_civil_from_days(o[i].close_day, &y, &m, &d);
		it[i] = (struct forecast_item){ y * 12 + m - 1, o[i].amount_fen, o[i].probability_pct };
	}
	qsort(it, n, sizeof *it, forecast_cmp);
	struct forecast_month *r = gx_xmalloc(n * sizeof *r);
	size_t k = 0;
	__int128 weighted = 0;    /* Σ fen × percent: exact even for very large pipelines */
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || it[i].key != it[i - 1].key) {
			if (k > 0)
				r[k - 1].expected_yuan = (double)weighted / 10000.0;
			weighted = 0;
			int key = it[i].key;
			r[k++] = (struct forecast_month){ .year = key >= 0 ? key / 12 : -((-key + 11) / 12),
				                          .month = 0 };
			r[k - 1].month = key - r[k - 1].year * 12 + 1;
		}
		r[k - 1].opportunities++;
		r[k - 1].amount_fen += it[i].amount_fen;
		weighted += (__int128)it[i].amount_fen * it[i].pct;
	}
	r[k - 1].expected_yuan = (double)weighted / 10000.0;
	free(it);
	*out = r;
	*n_out = k;
	return GX_OK;
}

enum gx_err forecast_transactions(const struct btyd_model_params *m, const struct btyd_obs *rows,
                                  size_t n, double unit_days, int months, double *per_month,
                                  struct gx_error *err)
{
	if (m->model != BTYD_BGNBD && m->model != BTYD_PARETONBD)
		return gx_error_set(err, GX_EINVAL, "model",
		                    _("a monthly forecast needs a continuous-time model (BG/NBD or "
		                      "Pareto/NBD)"));
	if (months < 1 || months > 1200)
		return gx_error_set(err, GX_EINVAL, "months",
		                    _("the forecast horizon must be 1 to 1200 months, not %d"), months);
	if (!(unit_days > 0) || !isfinite(unit_days))
		return gx_error_set(err, GX_EINVAL, "unit_days", _("the time unit must be positive"));
	double month = 365.25 / 12.0 / unit_days;
	for (int j = 0; j < months; j++)
		per_month[j] = 0.0;
	for (size_t i = 0; i < n; i++) {
		double prev = 0.0;
		for (int j = 0; j < months; j++) {
			double cum = btyd_conditional(m, (j + 1) * month, rows[i].x, rows[i].t_x, rows[i].T);
			per_month[j] += rows[i].count * (cum - prev);
			prev = cum;
		}
	}
	return GX_OK;
}
