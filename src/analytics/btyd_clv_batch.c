/* Discounted CLV (MODELS.md M22) for a whole customer base at once. A customer's expected
 * purchases by the end of month j factor into P(alive | x, t_x, T) times the expectation for
 * a customer alive at T, and the second factor (a hypergeometric series per month for BG/NBD)
 * depends on (x, T) alone. A base of a million customers has few distinct (x, T): T takes one
 * value per day of first purchase. So customers are ordered by (x, T), the monthly series are
 * computed once per distinct pair, and only P(alive) and the discounted sum are per customer. */
#include <math.h>
#include <stdlib.h>

#include "guanxi/analytics/btyd.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

static int hist_cmp(const void *pa, const void *pb, void *arg)
{
	const struct btyd_obs *h = arg;
	const struct btyd_obs *a = &h[*(const size_t *)pa], *b = &h[*(const size_t *)pb];
	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	return 0;
}

/* Expected purchases by the end of each month for a customer alive at T. */
static void alive_cumulative(const struct btyd_model_params *m, double x, double T,
                             const struct btyd_clv_options *o, double *cum)
{
	double month = 365.25 / 12.0 / o->unit_days;
	cum[0] = 0.0;
	for (int j = 1; j <= o->horizon_months; j++)
		cum[j] = m->model == BTYD_BGNBD ? bgnbd_conditional_alive(&m->bgnbd, j * month, x, T)
		                                : paretonbd_conditional_alive(&m->paretonbd, j * month, x, T);
}

enum gx_err btyd_clv_batch(const struct btyd_model_params *m, const struct btyd_obs *hist,
                           const double *spend_yuan, size_t n, const struct btyd_clv_options *o,
                           double *clv_yuan, double *expected, struct gx_error *err)
{
	enum gx_err e = btyd_clv_check(m, o, err);
	if (e != GX_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		const struct btyd_obs *h = &hist[i];
		if (!isfinite(spend_yuan[i]) || !(h->x >= 0) || !(h->t_x >= 0) || !(h->T >= h->t_x) ||
		    !isfinite(h->T))
			return gx_error_set(err, GX_EINVAL, "rows",
			                    _("CLV: customer %zu has an invalid history or spend (x=%g, "
			                      "t_x=%g, T=%g, spend=%g)"),
			                    i, h->x, h->t_x, h->T, spend_yuan[i]);
	}
	size_t *order = gx_xmalloc((n + 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, hist_cmp, (void *)hist);
	double cum[1201];
	for (size_t i = 0; i < n; i++) {
		size_t k = order[i];
		if (i == 0 || hist_cmp(&order[i - 1], &order[i], (void *)hist) != 0)
			alive_cumulative(m, hist[k].x, hist[k].T, o, cum);
		double alive = btyd_p_alive(m, hist[k].x, hist[k].t_x, hist[k].T);
		clv_yuan[k] = alive * btyd_clv_from_cumulative(cum, o->horizon_months, spend_yuan[k],
		                                               o->margin, o->monthly_discount);
		if (expected)
			expected[k] = alive * cum[o->horizon_months];
	}
	free(order);
	return GX_OK;
}
