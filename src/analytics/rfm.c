/* RFM quintile scores and the 25-cell segment table of MODELS.md M21 (see rfm.h). The count
 * of strictly worse customers comes from one sorted copy of the values per dimension: values
 * within the tolerance of their sorted neighbour form one tie group, and every member of a
 * group gets the count of values below (or above) the whole group. */
#include "guanxi/analytics/rfm.h"

#include <math.h>
#include <stdlib.h>

#include "guanxi/arena.h"

static int rfm_cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

static int rfm_close(double a, double b)
{
	double s = fmax(1.0, fmax(fabs(a), fabs(b)));
	return fabs(a - b) <= 1e-9 * s;
}

enum gx_err rfm_quintile_scores(const double *v, size_t stride, size_t n, int higher_is_better,
                                int *scores, struct gx_error *err)
{
	if (n == 0)
		return GX_OK;
	double *s = gx_xmalloc(n * sizeof *s);
	size_t *lo = gx_xmalloc(n * sizeof *lo), *hi = gx_xmalloc(n * sizeof *hi);
	for (size_t i = 0; i < n; i++) {
		s[i] = *(const double *)((const char *)v + i * stride);
		if (!isfinite(s[i])) {
			free(s);
			free(lo);
			free(hi);
			return gx_error_set(err, GX_EINVAL, "rfm",
			                    _("RFM input of customer %zu is not a finite number"), i);
		}
	}
	qsort(s, n, sizeof *s, rfm_cmp_double);
	/* lo[i]: first index of i's tie group; hi[i]: one past its last index */
	for (size_t i = 0; i < n; i++)
		lo[i] = i > 0 && rfm_close(s[i - 1], s[i]) ? lo[i - 1] : i;
	for (size_t i = n; i-- > 0;)
		hi[i] = i + 1 < n && rfm_close(s[i], s[i + 1]) ? hi[i + 1] : i + 1;
	for (size_t i = 0; i < n; i++) {
		double x = *(const double *)((const char *)v + i * stride);
		size_t a = 0, b = n;     /* lower bound of x in s */
		while (a < b) {
			size_t mid = a + (b - a) / 2;
			if (s[mid] < x)
				a = mid + 1;
			else
				b = mid;
		}
		size_t k = higher_is_better ? lo[a] : n - hi[a];
		scores[i] = 1 + (int)((5 * (unsigned long long)k) / n);
	}
	free(s);
	free(lo);
	free(hi);
	return GX_OK;
}

int rfm_fm(int f, int m)
{
	return (f + m + 1) / 2;
}

enum rfm_segment rfm_segment_of(int r, int fm)
{
	r = r < 1 ? 1 : (r > 5 ? 5 : r);
	fm = fm < 1 ? 1 : (fm > 5 ? 5 : fm);
	if (r >= 4 && fm >= 4)
		return RFM_CHAMPIONS;
	if (r == 3 && fm >= 4)
		return RFM_LOYAL;
	if (r <= 2 && fm == 5)
		return RFM_CANT_LOSE;
	if (r <= 2 && fm >= 3)
		return RFM_AT_RISK;
	if (r >= 4 && fm == 3)
		return RFM_POTENTIAL_LOYALIST;
	if (r == 5)
		return RFM_NEW;
	if (r == 4)
		return RFM_PROMISING;
	if (r == 3 && fm == 3)
		return RFM_NEED_ATTENTION;
	if (r == 3)
		return RFM_ABOUT_TO_SLEEP;
	if (r == 2)
		return RFM_HIBERNATING;
	return RFM_LOST;
}

static const char *const rfm_names[RFM_SEGMENT_COUNT][3] = {
	{ "champions", "Champions", "重要价值" },
	{ "loyal", "Loyal", "忠诚" },
	{ "cant_lose", "Can't lose", "不能失去" },
	{ "at_risk", "At risk", "有流失风险" },
	{ "potential_loyalist", "Potential loyalist", "潜力" },
	{ "new", "New", "新客" },
	{ "promising", "Promising", "有望" },
	{ "need_attention", "Need attention", "需关注" },
	{ "about_to_sleep", "About to sleep", "将沉睡" },
	{ "hibernating", "Hibernating", "沉睡" },
	{ "lost", "Lost", "已流失" },
};

const char *rfm_segment_name(enum rfm_segment s, enum gx_lang lang)
{
	if ((unsigned)s >= RFM_SEGMENT_COUNT)
		return "";
	return rfm_names[s][lang == GX_LANG_ZH ? 2 : 1];
}

const char *rfm_segment_key(enum rfm_segment s)
{
	if ((unsigned)s >= RFM_SEGMENT_COUNT)
		return "";
	return rfm_names[s][0];
}

enum gx_err rfm_score(const struct rfm_input *in, size_t n, struct rfm_result *out,
                      struct gx_error *err)
{
	if (n == 0)
		return GX_OK;
	int *r = gx_xmalloc(n * sizeof *r), *f = gx_xmalloc(n * sizeof *f),
	    *m = gx_xmalloc(n * sizeof *m);
	enum gx_err e = rfm_quintile_scores(&in[0].recency_days, sizeof *in, n, 0, r, err);
	if (!e)
		e = rfm_quintile_scores(&in[0].frequency, sizeof *in, n, 1, f, err);
	if (!e)
		e = rfm_quintile_scores(&in[0].monetary, sizeof *in, n, 1, m, err);
	for (size_t i = 0; !e && i < n; i++) {
		out[i].r = r[i];
		out[i].f = f[i];
		out[i].m = m[i];
		out[i].fm = rfm_fm(f[i], m[i]);
		out[i].segment = rfm_segment_of(r[i], out[i].fm);
	}
	free(r);
	free(f);
	free(m);
	return e;
}

void rfm_inputs_from_summary(const struct txs_customer *c, size_t n, enum rfm_monetary mode,
                             struct rfm_input *out)
{
	for (size_t i = 0; i < n; i++) {
		out[i].recency_days = c[i].recency_days;
		out[i].frequency = (double)c[i].purchase_days;
		out[i].monetary = mode == RFM_MONETARY_TOTAL ? (double)c[i].total_fen / 100.0
		                                             : c[i].mean_order_yuan;
	}
}
