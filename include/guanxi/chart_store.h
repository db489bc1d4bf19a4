/* Database aggregates behind the analytics pages of the web UI (GET /api/v1/analytics/...):
 * counts and sums grouped by the database (GROUP BY), so a chart never needs the customers'
 * rows. Every read is narrowed to the live customers the store's row scope shows
 * (guanxi/store_scope.h), so a manager's charts cover their department only. Portable SQL: the
 * same statements run on SQLite and PostgreSQL. Money in integer fen. */
#ifndef GUANXI_CHART_STORE_H
#define GUANXI_CHART_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/error.h"
#include "guanxi/store.h"

/* The latest run of `guanxi score` (score_runs), texts copied into the arena. */
struct chart_score_run {
	int64_t id;
	const char *as_of, *created_at;
	const char *params, *fitted;   /* JSON texts; fitted may be NULL */
};

enum gx_err store_chart_score_run(struct store *s, struct gx_arena *a, struct chart_score_run *out,
                                  int *found, struct gx_error *err);

/* The groupings of the scores table. */
enum chart_score_group {
	CHART_SCORES_ABC,         /* key: abc_class */
	CHART_SCORES_LIFECYCLE,   /* key: lifecycle_stage */
	CHART_SCORES_SEGMENT,     /* key: rfm_segment */
	CHART_SCORES_RFM,         /* a: R score 1..5, b: FM = ⌊(F + M)/2 + 0.5⌋, key: segment */
	CHART_SCORES_CLV,         /* a: CLV bin (chart_clv_edges_yuan), mean: mean CLV */
	CHART_SCORES_PALIVE       /* a: recency bin, b: frequency bin, mean: mean P(alive) */
};

/* One group: NULL keys (customers without that score) come as key NULL / a = b = -1. */
struct chart_group {
	const char *key;          /* valid during the callback only */
	int64_t a, b;
	int64_t customers;
	double mean;              /* NaN when the group has no value to average */
};

typedef enum gx_err (*chart_group_fn)(void *ctx, const struct chart_group *g, struct gx_error *err);

/* Lower edges of the CLV bins in yuan (bin i: [edge i, edge i+1), the last open-ended), of the
 * recency bins in days since the last purchase and of the frequency bins in purchase days. */
extern const double chart_clv_edges_yuan[];
extern const size_t chart_clv_nbins;
extern const int chart_recency_edges_days[];
extern const size_t chart_recency_nbins;
extern const int chart_frequency_edges[];
extern const size_t chart_frequency_nbins;

/* Calls fn for each group of the scored, live, visible customers, in key order. */
enum gx_err store_chart_scores(struct store *s, enum chart_score_group g, chart_group_fn fn, void *ctx,
                               struct gx_error *err);

/* Each live, visible customer's value over the sales dated in [from, as_of) (from NULL: all
 * time), net of the refunds dated before as_of (a refund counts in the window of the sale it
 * refunds): revenue and cost in fen, in customer id order. */
typedef enum gx_err (*chart_value_fn)(void *ctx, int64_t customer_id, int64_t revenue_fen, int64_t cost_fen,
                                      struct gx_error *err);
enum gx_err store_chart_customer_values(struct store *s, const char *from, const char *as_of, chart_value_fn fn,
                                        void *ctx, struct gx_error *err);

/* Retention cohorts: for each first-purchase month ("YYYY-MM") of the live, visible customers
 * whose first sale is dated in [from, as_of), and each month in which they bought again, the
 * number of distinct customers who bought that month. In cohort, then month order. */
typedef enum gx_err (*chart_cohort_fn)(void *ctx, const char *cohort, const char *month, int64_t customers,
                                       struct gx_error *err);
enum gx_err store_chart_cohorts(struct store *s, const char *from, const char *as_of, chart_cohort_fn fn,
                                void *ctx, struct gx_error *err);

/* Each live, visible customer's latest survey response that has importance/satisfaction pairs
 * (the highest response id): the mean of its satisfaction answers and the pairs' scale, in
 * customer id order. */
typedef enum gx_err (*chart_satisfaction_fn)(void *ctx, int64_t customer_id, double mean_sat, int scale_min,
                                             int scale_max, struct gx_error *err);
enum gx_err store_chart_customer_satisfaction(struct store *s, chart_satisfaction_fn fn, void *ctx,
                                              struct gx_error *err);

/* The pivot's dimensions (多维分析). */
enum chart_dim {
	CHART_DIM_CUSTOMER, CHART_DIM_PRODUCT, CHART_DIM_CATEGORY, CHART_DIM_OWNER, CHART_DIM_DEPARTMENT,
	CHART_DIM_REGION, CHART_DIM_MONTH, CHART_DIM_YEAR, CHART_NDIMS
};

/* "customer", "product", … ↔ the dimension; -1 for an unknown name. */
int chart_dim_parse(const char *name);
const char *chart_dim_name(enum chart_dim d);

struct chart_pivot_query {
	int ndims;                    /* 1 or 2 */
	enum chart_dim dims[2];
	const char *from, *to;        /* order dates in [from, to); NULL: open */
	const char *filter[CHART_NDIMS];  /* drill-down: only rows whose key of that dimension is
	                                     this text (an id for customer … department); NULL: all */
	size_t limit;                 /* most groups returned (largest revenue first) */
};

struct chart_pivot_cell {
	const char *key[2], *label[2];  /* valid during the callback only; key NULL: none (e.g. no owner) */
	int64_t revenue_fen, cost_fen;
	int64_t orders, customers;      /* distinct sales, distinct customers */
};

typedef enum gx_err (*chart_pivot_fn)(void *ctx, const struct chart_pivot_cell *c, struct gx_error *err);

/* Sums the lines of the live sales and refunds (not cancelled) of the live, visible customers
 * by the query's dimensions, largest revenue first, at most q->limit groups; *groups is the
 * number of groups before the limit. A refund counts in the month it is dated. */
enum gx_err store_chart_pivot(struct store *s, const struct chart_pivot_query *q, chart_pivot_fn fn, void *ctx,
                              int64_t *groups, struct gx_error *err);

#endif
