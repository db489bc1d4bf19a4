/* RFM scoring and segments (MODELS.md M21).
 *
 * Each of recency (days since the last purchase), frequency (purchase days) and monetary
 * value (mean spend per order, or total) is scored 1..5 by quintiles: score = 1 + ⌊5k/n⌋
 * where k counts the customers with a strictly worse value (larger R, smaller F or M). Equal
 * values (within 1e-9 relative, MODELS.md's tolerance) share a score, and the scores do not
 * depend on the order of the input. FM = ⌊(F + M)/2 + 0.5⌋, and the (R, FM) cell names one of
 * eleven segments. O(n log n): three sorts. */
#ifndef GUANXI_ANALYTICS_RFM_H
#define GUANXI_ANALYTICS_RFM_H

#include <stddef.h>

#include "guanxi/analytics/txsummary.h"
#include "guanxi/error.h"
#include "guanxi/i18n.h"

enum rfm_segment {
	RFM_CHAMPIONS = 0,        /* 重要价值 */
	RFM_LOYAL,                /* 忠诚 */
	RFM_CANT_LOSE,            /* 不能失去 */
	RFM_AT_RISK,              /* 有流失风险 */
	RFM_POTENTIAL_LOYALIST,   /* 潜力 */
	RFM_NEW,                  /* 新客 */
	RFM_PROMISING,            /* 有望 */
	RFM_NEED_ATTENTION,       /* 需关注 */
	RFM_ABOUT_TO_SLEEP,       /* 将沉睡 */
	RFM_HIBERNATING,          /* 沉睡 */
	RFM_LOST,                 /* 已流失 */
	RFM_SEGMENT_COUNT
};

struct rfm_input {
	double recency_days;      /* as-of date − last purchase date */
	double frequency;         /* purchase days */
	double monetary;          /* mean spend per order (or total), in any money unit */
};

struct rfm_result {
	int r, f, m;              /* 1..5 */
	int fm;                   /* ⌊(f + m)/2 + 0.5⌋ */
	enum rfm_segment segment;
};

enum rfm_monetary { RFM_MONETARY_MEAN = 0, RFM_MONETARY_TOTAL };

/* Scores n customers; out has n elements. GX_EINVAL for NaN or infinite inputs (naming the
 * customer's index). n = 0 is fine. */
enum gx_err rfm_score(const struct rfm_input *in, size_t n, struct rfm_result *out,
                      struct gx_error *err);

/* The score of each value of v[0..n−1] (stride in bytes between values), higher_is_better
 * telling the direction: the quintile rule on its own, for other rankings. */
enum gx_err rfm_quintile_scores(const double *v, size_t stride, size_t n, int higher_is_better,
                                int *scores, struct gx_error *err);

int rfm_fm(int f, int m);
/* Segment of a cell; r and fm are clamped to 1..5. */
enum rfm_segment rfm_segment_of(int r, int fm);
/* "Champions" / "重要价值"; the English names are those of MODELS.md. */
const char *rfm_segment_name(enum rfm_segment s, enum gx_lang lang);
/* Stable ASCII key for APIs and storage: "champions", "cant_lose", ... */
const char *rfm_segment_key(enum rfm_segment s);

/* RFM inputs from purchase summaries (R = recency_days, F = purchase_days, M = mean order
 * value or total spend in yuan). */
void rfm_inputs_from_summary(const struct txs_customer *c, size_t n, enum rfm_monetary mode,
                             struct rfm_input *out);

#endif
