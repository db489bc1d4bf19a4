/* The demo-data generator behind `guanxi demo` (PRODUCT.md "The first run"): a realistic demo
 * company (departments, users, customers of both kinds, products, three years of orders and
 * interactions), a scale generator with the benchmark volumes of DECISIONS.md, and the CDNOW
 * purchase histories as a separate database. Everything is drawn from a seeded generator of our
 * own, so one seed and one as-of time (GUANXI_NOW) give the same database. Each run is one bulk
 * job with one audit row. */
#ifndef GUANXI_DEMO_H
#define GUANXI_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"

#define DEMO_DEFAULT_SEED 20240601u
#define DEMO_MAX_LOGINS 16

struct demo_opts {
	uint64_t seed;
	int64_t scale;            /* 0: the demo company; N: N customers with benchmark volumes */
	/* Progress after each committed batch (may be NULL). */
	void (*progress)(void *ctx, const char *stage, int64_t done, int64_t total);
	void *ctx;
};

struct demo_login {
	char username[32];
	char display_name[32];
	char role[16];
	char department[32];
};

struct demo_result {
	int64_t job_id;
	int64_t departments, teams, users, customers, persons, organizations, pool, contacts;
	int64_t categories, products, orders, refunds, order_lines, interactions;
	int64_t tickets;          /* service module (demo_service.c) */
	int64_t revenue_fen;      /* sum of sale orders minus refunds */
	char first_order_date[11], last_order_date[11];
	struct demo_login logins[DEMO_MAX_LOGINS];
	size_t nlogins;
};

/* Fails with GX_ECONFLICT when the database already holds customers: the demo never mixes its
 * records with real ones. */
enum gx_err app_demo_check_empty(struct app *app, struct gx_error *err);

/* The demo company (opts->scale == 0) or the scale data set (opts->scale > 0). The as-of time is
 * the clock (GUANXI_NOW when set). */
enum gx_err app_demo_generate(struct app *app, const struct demo_opts *opts,
                              struct demo_result *res, struct gx_error *err);

/* The CDNOW sample (Fader, Hardie & Lee 2005; columns: id, id in the full set, YYYYMMDD, CDs,
 * dollars): one customer per id, one order per transaction at 12:00 local time on its date, one
 * product "CD" with quantity = number of CDs, amounts in US cents (the currency setting is set
 * to USD). */
enum gx_err app_demo_cdnow(struct app *app, const char *path, struct demo_result *res,
                           struct gx_error *err);

#endif
