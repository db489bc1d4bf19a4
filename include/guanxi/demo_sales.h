/* Sales demo data (`guanxi demo`, `guanxi demo --scale N`, and bench/sales_bench.c): leads,
 * opportunities with their stage history over the standard pipeline, contracts with
 * payment-collection plans for the won ones, and monthly targets, at the volumes of
 * DECISIONS.md "CI and test budget" (500k opportunities at 1M customers, leads 0.3 per
 * customer). Drawn from a seeded generator: one seed and one as-of time give the same rows. */
#ifndef GUANXI_DEMO_SALES_H
#define GUANXI_DEMO_SALES_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"

struct demo_sales_owner {
	int64_t user_id, department_id, team_id;   /* 0 for none */
};

struct demo_sales_opts {
	uint64_t seed;
	int64_t first_customer, last_customer;     /* the customer ids to attach to (contiguous) */
	int64_t opportunities, leads;
	const struct demo_sales_owner *owners;
	size_t nowners;
	void (*progress)(void *ctx, const char *stage, int64_t done, int64_t total);
	void *ctx;
};

struct demo_sales_counts {
	int64_t leads, opportunities, open, won, lost, contracts, payment_plans, targets;
};

/* Writes the rows in batches of transactions through the store (the values are made valid by
 * construction: amounts >= 0, close dates after creation, reasons on every won/lost). */
enum gx_err demo_sales_generate(struct app *app, const struct demo_sales_opts *o,
                                struct demo_sales_counts *counts, struct gx_error *err);

#endif
