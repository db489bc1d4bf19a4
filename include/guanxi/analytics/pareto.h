/* Pareto analysis of the customer base, MODELS.md §4 M17: customers ranked by value, the
 * cumulative share curve, the top-20% share, the Gini coefficient, ABC classes, the customer
 * pyramid and the B/C customers worth upgrading (seed001: do not simply drop the bottom 80%).
 * Built for a whole base (1M customers): one sort, O(n log n), money summed in integer fen. */
#ifndef GUANXI_ANALYTICS_PARETO_H
#define GUANXI_ANALYTICS_PARETO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* What the values are. The window (trailing 12 months or all time) is chosen by the caller
 * when it sums the values; the model only needs to know whether negatives are allowed. */
enum gx_pareto_measure {
	GX_PARETO_MEASURE_REVENUE = 0,  /* net revenue: must be ≥ 0 */
	GX_PARETO_MEASURE_PROFIT        /* profit: ≤ 0 is class C, shares over positive profits */
};

/* Which orders make up a customer's value (gx_pareto_sum_orders). */
enum gx_pareto_window {
	GX_PARETO_WINDOW_TRAILING = 0,  /* [as_of − window_months, as_of) (default, 12 months) */
	GX_PARETO_WINDOW_ALL_TIME       /* every order before as_of */
};

enum gx_pareto_class { GX_PARETO_A = 0, GX_PARETO_B, GX_PARETO_C };

/* Customer pyramid tiers by rank: top 1% / next 4% / next 15% / rest. */
enum gx_pareto_tier {
	GX_PARETO_TIER_TOP = 0,   /* 顶尖客户 */
	GX_PARETO_TIER_MAJOR,     /* 主要客户 */
	GX_PARETO_TIER_MEDIUM,    /* 普通客户 */
	GX_PARETO_TIER_SMALL      /* 小客户 */
};

struct gx_pareto_params {
	enum gx_pareto_measure measure;  /* GX_PARETO_MEASURE_REVENUE */
	enum gx_pareto_window window;    /* GX_PARETO_WINDOW_TRAILING */
	int window_months;               /* 12 */
	double a_share;                  /* 0.80: A if the customers above hold < 80% */
	double b_share;                  /* 0.95: B if < 95%, else C */
	double top_share;                /* 0.20: top ⌈0.2·n⌉ customers for the top share */
	double tier_top;                 /* 0.01 */
	double tier_major;               /* 0.04 */
	double tier_medium;              /* 0.15 */
	double upgrade_top;              /* 0.20: predicted-CLV rank cut for upgrade candidates */
};

void gx_pareto_params_default(struct gx_pareto_params *p);

/* Per customer, in input order. */
struct gx_pareto_customer {
	size_t rank;                     /* 0 = highest value; ties by customer id ascending */
	enum gx_pareto_class cls;
	enum gx_pareto_tier tier;
	double cum_share;                /* share held by this customer and all ranked above */
	bool upgrade;                    /* B/C with predicted CLV in the top 20% */
};

struct gx_pareto_summary {
	size_t n;
	int64_t total_fen;               /* Σ values (profit: Σ positive values) */
	size_t top_count;                /* ⌈top_share·n⌉ */
	int64_t top_fen;                 /* value held by them (profit: positive part) */
	double top_share;                /* top_fen / total_fen; NaN when the total is 0 */
	double gini;                     /* NaN when the total is 0 or a value is negative */
	size_t class_count[3];
	int64_t class_fen[3];
	size_t tier_count[4];
	int64_t tier_fen[4];
	bool clv_given;                  /* false: no predicted CLV, no upgrade candidates */
	size_t upgrade_count;
};

/* Ranks n customers by value (descending, ties by id) and classifies them.
 * ids: unique customer ids; values_fen: the measure in fen; predicted_clv (may be NULL):
 * predicted CLV in yuan, NaN for a customer without one (never a candidate).
 * out (may be NULL): n entries in input order; order (may be NULL): n input indices in rank
 * order, i.e. the cumulative share curve is out[order[k]].cum_share for k = 0..n−1.
 * A zero total (empty base, all-zero revenue) puts everyone in C, the tiers still follow rank.
 * Negative revenue, infinite CLV, bad parameters: GX_EINVAL. p may be NULL. */
enum gx_err gx_pareto_analyze(const int64_t *ids, const int64_t *values_fen, size_t n,
                              const double *predicted_clv, const struct gx_pareto_params *p,
                              struct gx_pareto_customer *out, size_t *order,
                              struct gx_pareto_summary *sum, struct gx_error *err);

/* One order (or profit line) for gx_pareto_sum_orders: customer index 0..n_customers−1, local
 * date as a day number, net amount (revenue) or profit in fen. */
struct gx_pareto_order {
	size_t customer;
	int32_t day;
	int64_t amount_fen;
};

/* Sums each customer's orders in the params' window into values_fen[0..n_customers) (zeroed
 * first), ready for gx_pareto_analyze. A customer index out of range, a window < 1 month or an
 * overflowing sum: GX_EINVAL. p may be NULL. */
enum gx_err gx_pareto_sum_orders(const struct gx_pareto_order *orders, size_t n_orders,
                                 size_t n_customers, int32_t as_of,
                                 const struct gx_pareto_params *p, int64_t *values_fen,
                                 struct gx_error *err);

/* Gini of non-negative values in fen: (2·Σ i·x₍ᵢ₎)/(n·Σx) − (n+1)/n with x ascending,
 * i = 1..n. Negative values: GX_EINVAL; n = 0 or Σx = 0: NaN. Exact integer sums. */
enum gx_err gx_pareto_gini(const int64_t *values_fen, size_t n, double *gini,
                           struct gx_error *err);

const char *gx_pareto_class_label(enum gx_pareto_class c, enum gx_lang lang);
const char *gx_pareto_tier_label(enum gx_pareto_tier t, enum gx_lang lang);

#endif
