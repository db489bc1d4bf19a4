/* Per-customer purchase summaries for the customer-base models (MODELS.md M21, M22).
 *
 * Order rows (customer id, local order date as days since 1970-01-01, net amount in fen) are
 * streamed in any order and reduced to what RFM and the buy-till-you-die models need:
 * purchase days, frequency x = repeat purchase days (several orders on one day are one
 * purchase), recency t_x = last − first purchase day, age T = calibration end − first purchase
 * day, spend, and the holdout counts after the calibration end. Memory grows with customers
 * and distinct customer-days, never with rows, so a 10M-order history streams from a cursor.
 * Rows with a net amount <= 0 (fully refunded orders) and rows after the as-of date are
 * skipped (DECISIONS.md: BTYD counts use orders with a positive net amount); an option counts
 * zero-amount rows as purchases, for data sets that record free items as orders (CDNOW). */
#ifndef GUANXI_ANALYTICS_TXSUMMARY_H
#define GUANXI_ANALYTICS_TXSUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/btyd.h"
#include "guanxi/error.h"

enum txs_unit {
	TXS_UNIT_DAYS = 0,
	TXS_UNIT_WEEKS,    /* 7 days */
	TXS_UNIT_MONTHS    /* 365.25/12 days, as M22's CLV months */
};

/* Length of one unit in days. */
double txs_unit_days(enum txs_unit unit);

struct txs_options {
	int32_t calibration_end; /* last day (inclusive) of the calibration period */
	int32_t as_of;           /* last day used; the holdout is (calibration_end, as_of].
	                            Equal to calibration_end when there is no holdout. */
	enum txs_unit unit;      /* unit of t_x, T and holdout_length */
	int count_zero_amount;   /* 1: an order of amount 0 is a purchase; default 0 */
};

struct txs_customer {
	int64_t customer_id;
	int32_t first_day;        /* first purchase day (calibration) */
	int32_t last_day;         /* last purchase day within the calibration period */
	int64_t purchase_days;    /* distinct purchase days in calibration (RFM's F) */
	int64_t x;                /* repeat purchase days: purchase_days − 1 */
	double t_x;               /* (last_day − first_day) in the unit */
	double T;                 /* (calibration_end − first_day) in the unit */
	int32_t recency_days;     /* calibration_end − last_day (RFM's R) */
	int64_t orders;           /* order rows in calibration */
	int64_t total_fen;        /* calibration spend */
	double mean_order_yuan;   /* total / orders (RFM's M) */
	double mean_repeat_yuan;  /* mean spend per repeat purchase day, the first day excluded
	                             (Gamma-Gamma's z̄); 0 when x = 0 */
	int64_t holdout_x;        /* purchase days in the holdout */
	int64_t holdout_fen;      /* holdout spend */
};

struct txs_stats {
	int64_t rows_used;
	int64_t rows_skipped_nonpositive;  /* net amount <= 0 (< 0 with count_zero_amount) */
	int64_t rows_skipped_after;        /* after as_of */
	int64_t customers_holdout_only;    /* first purchase after calibration_end: not summarised */
	double holdout_length;             /* (as_of − calibration_end) in the unit */
};

struct txs_builder;

/* Starts a summary; *out is freed by txs_builder_free. GX_EINVAL when as_of < calibration_end
 * or the unit is unknown. */
enum gx_err txs_builder_init(struct txs_builder **out, const struct txs_options *opt,
                             struct gx_error *err);
/* Adds one order row; rows may come in any order. GX_EINVAL when more than 2^32−1 distinct
 * customers are added. */
enum gx_err txs_builder_add(struct txs_builder *b, int64_t customer_id, int32_t day,
                            int64_t amount_fen, struct gx_error *err);
/* Summaries of the customers with a calibration purchase, sorted by customer id, in a new
 * array (*out, free()) of *n_out; stats may be NULL. The builder may be freed afterwards
 * (finish can be called once). */
enum gx_err txs_builder_finish(struct txs_builder *b, struct txs_customer **out, size_t *n_out,
                               struct txs_stats *stats, struct gx_error *err);
void txs_builder_free(struct txs_builder *b);

/* The distinct (x, t_x, T) rows of the summaries with their counts, sorted by (x, t_x, T), in
 * a new array (*out, free()) of *n_out: the input of the BG/NBD and Pareto/NBD fits. */
void txs_compress(const struct txs_customer *c, size_t n, struct btyd_obs **out, size_t *n_out);

#endif
