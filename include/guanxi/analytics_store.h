/* Database reads for the analytics models: per-customer totals aggregated in the database and
 * each customer's sales net of refunds (DECISIONS.md "Orders in analytics": a refund is an
 * order of kind 'refund' with negative amounts and refund_of set; it counts against the sale it
 * refunds). Portable SQL: the same statements run on SQLite and PostgreSQL. Dates are local
 * order dates "YYYY-MM-DD"; every read is "as of" a date and ignores orders and refunds on or
 * after it. Deleted customers and orders, and cancelled orders, are left out. */
#ifndef GUANXI_ANALYTICS_STORE_H
#define GUANXI_ANALYTICS_STORE_H

#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/store.h"

/* One live customer's totals over the sales dated in [from, as_of). */
struct store_customer_totals {
	int64_t id;
	const char *code;           /* valid during the callback only */
	const char *name;
	int64_t revenue_fen;        /* Σ net amount (sale + its refunds before as_of) */
	int64_t cost_fen;           /* Σ net cost */
	int64_t purchases;          /* sales with a positive net amount */
	const char *first_purchase; /* date of the first such sale, NULL if none */
	const char *last_purchase;
};

typedef enum gx_err (*store_customer_totals_fn)(void *ctx, const struct store_customer_totals *t,
                                                struct gx_error *err);

/* Calls fn for every live customer (also those without sales: zero totals) in id order. from
 * may be NULL (all time). fn's error stops the read and is returned. */
enum gx_err store_analytics_customer_totals(struct store *s, const char *from, const char *as_of,
                                            store_customer_totals_fn fn, void *ctx,
                                            struct gx_error *err);

/* One sale of a live customer, net of its refunds dated before as_of. */
struct store_net_order {
	int64_t order_id;
	int64_t customer_id;
	const char *date;           /* local order date, valid during the callback only */
	int64_t net_fen;            /* may be ≤ 0 when fully refunded */
	int64_t net_cost_fen;
	int discount;               /* sold on discount (1) or not (0) */
	int64_t open_fen;           /* net amount still unpaid when the order is open, else 0 */
};

typedef enum gx_err (*store_net_order_fn)(void *ctx, const struct store_net_order *o,
                                          struct gx_error *err);

/* Calls fn for every sale dated before as_of, ordered by customer id, date and order id. */
enum gx_err store_analytics_net_orders(struct store *s, const char *as_of, store_net_order_fn fn,
                                       void *ctx, struct gx_error *err);

/* Facts about a live customer beyond its orders, as of a date. */
struct store_customer_facts {
	int64_t id;
	int64_t categories;   /* distinct product categories in its sales before as_of */
	int64_t referrals;    /* live customers it referred, created before as_of */
	const char *last_outbound; /* instant of its last outbound interaction before as_of_instant,
	                              NULL if none; valid during the callback only */
};

typedef enum gx_err (*store_customer_facts_fn)(void *ctx, const struct store_customer_facts *f,
                                               struct gx_error *err);

/* Calls fn for every live customer in id order. as_of_instant is the start of the as_of day
 * in the company's zone, "YYYY-MM-DDTHH:MM:SSZ", the form interactions are stored in. */
enum gx_err store_analytics_customer_facts(struct store *s, const char *as_of,
                                           const char *as_of_instant,
                                           store_customer_facts_fn fn, void *ctx,
                                           struct gx_error *err);

#endif
