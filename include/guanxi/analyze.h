/* The customer base as the analytics models see it: live customers with their totals and
 * their sales net of refunds, read from the database as of a date (guanxi/analytics_store.h),
 * and turned into the inputs of the models in guanxi/analytics/ (Pareto orders, lifecycle
 * inputs, purchases for retention, purchase days for the Tucker rule, loyalty factors, credit
 * capacity orders). Memory comes from the caller's arena. */
#ifndef GUANXI_ANALYZE_H
#define GUANXI_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/clv.h"
#include "guanxi/analytics/credit.h"
#include "guanxi/analytics/lifecycle.h"
#include "guanxi/analytics/pareto.h"
#include "guanxi/app.h"
#include "guanxi/arena.h"

#define APP_ANALYZE_NO_DAY INT32_MIN

struct app_analyze_customer {
	int64_t id;
	const char *code, *name;
	int64_t revenue_fen;       /* net, over the totals window */
	int64_t cost_fen;          /* net, over the totals window */
	int64_t purchases;         /* sales with a positive net amount in the window */
	int32_t first_day, last_day; /* of those purchases; APP_ANALYZE_NO_DAY without */
	size_t first_order, n_orders; /* slice of base.orders (all sales before as_of) */
	int64_t categories;        /* distinct product categories bought before as_of */
	int64_t referrals;         /* customers it referred */
	int32_t last_outbound_day; /* local date of its last outbound interaction, or
	                              GX_LIFECYCLE_NO_DAY */
};

struct app_analyze_order {
	size_t customer;           /* index into base.customers */
	int32_t day;
	int64_t net_fen, cost_fen;
	bool discount;
	int64_t open_fen;          /* unpaid amount of an open order */
};

struct app_analyze_base {
	int32_t as_of;
	size_t n_customers;
	struct app_analyze_customer *customers;   /* by id */
	size_t n_orders;
	struct app_analyze_order *orders;         /* by customer, then date */
};

/* Loads every live customer with totals over [from_day, as_of) (from_day APP_ANALYZE_NO_DAY:
 * all time) and every sale before as_of. */
enum gx_err app_analyze_load(struct app *app, int32_t from_day, int32_t as_of, struct gx_arena *a,
                             struct app_analyze_base *out, struct gx_error *err);

/* Orders for gx_pareto_sum_orders: net amount, or net amount minus net cost when profit. */
struct gx_pareto_order *app_analyze_pareto_orders(const struct app_analyze_base *b, bool profit,
                                                  struct gx_arena *a, size_t *n);

/* Lifecycle input of customer i from its orders (net amount, margin = net − cost), open
 * orders as receivables and its last outbound interaction; the facts the database does not
 * hold yet (P(alive), share of wallet, leads, campaigns, acquisition spend) are unknown. */
void app_analyze_lifecycle_input(const struct app_analyze_base *b, size_t i, struct gx_arena *a,
                                 struct gx_lifecycle_input *in);

/* Purchases (sales with a positive net amount) for the retention rate. */
struct gx_clv_purchase *app_analyze_purchases(const struct app_analyze_base *b, struct gx_arena *a,
                                              size_t *n);

/* Purchase days of customer i. */
int32_t *app_analyze_purchase_days(const struct app_analyze_base *b, size_t i, struct gx_arena *a,
                                   size_t *n);

/* n_customers × 9 loyalty factors (guanxi/analytics/loyalty.h order) derivable from the
 * database: A11 days since the first purchase, A12 purchases in the 12 months before as_of,
 * A13 that minus the purchases of the 12 months before them, A22 distinct product categories
 * bought, A31 customers referred, A32 share of purchases on discount; the others (share of
 * wallet, survey answers) are NaN (missing). A customer without purchases has every factor
 * missing. */
double *app_analyze_loyalty_factors(const struct app_analyze_base *b, struct gx_arena *a);

/* Customer i's purchases for gx_credit_monthly_capacity. */
struct gx_credit_order *app_analyze_credit_orders(const struct app_analyze_base *b, size_t i,
                                                  struct gx_arena *a, size_t *n);

#endif
