/* Aggregates for the web UI's dashboard (GET /api/v1/dashboard, PRODUCT.md module 10): every
 * figure is counted or summed by the database (a handful of grouped queries over indexes, see
 * migration 0015), never by shipping rows out, and every query is narrowed by the store's row
 * scope (guanxi/store_scope.h), so a sales rep's dashboard counts the customers, orders,
 * tickets and opportunities that rep can see. The caller computes the date windows (company
 * time zone) in struct dashboard_window; the definitions are in docs/user-guide/dashboard.*.md. */
#ifndef GUANXI_DASHBOARD_STORE_H
#define GUANXI_DASHBOARD_STORE_H

#include <stdint.h>

#include "guanxi/datetime.h"
#include "guanxi/error.h"
#include "guanxi/store.h"

#define DASHBOARD_MONTHS 12

/* The windows, as stored text: dates "YYYY-MM-DD" (order_date, closed_date) and UTC instants
 * (created_at, received_at, due_at), whose text order is time order. */
struct dashboard_window {
	char as_of[GX_DATE_FMT_SIZE];
	char active_from[GX_DATE_FMT_SIZE];   /* as_of − 12 months + 1 day: the last 12 months */
	char prior_from[GX_DATE_FMT_SIZE];    /* as_of − 24 months + 1 day: the 12 months before */
	/* first days of the 3 complete months before as_of's month, and of as_of's month (M9) */
	char loyal_month[4][GX_DATE_FMT_SIZE];
	/* the trend: the 12 calendar months ending with as_of's, oldest first */
	char trend_month[DASHBOARD_MONTHS][8];                   /* "YYYY-MM" */
	char trend_first[GX_DATE_FMT_SIZE];                      /* first day of trend_month[0] */
	/* local midnight of each trend month's first day as a UTC instant; [12] is the end of
	 * as_of (the next day's local midnight) */
	char trend_utc[DASHBOARD_MONTHS + 1][GX_INSTANT_FMT_SIZE];
	char now_utc[GX_INSTANT_FMT_SIZE];    /* the overdue cut-off */
};

/* The windows of the local day `day` (as_of) in time zone tz; now_ms is the overdue cut-off. */
void dashboard_window_fill(struct dashboard_window *w, int32_t day, const struct gx_tz *tz, int64_t now_ms);

struct dashboard_figures {
	/* live customers (not in the recycle bin, not merged away) */
	int64_t total, new_this_month, pool;
	int64_t active;       /* bought in the last 12 months */
	int64_t retained;     /* bought in the last 12 months and in the 12 months before */
	int64_t churned;      /* bought in the 12 months before the last 12, not since */
	int64_t loyal;        /* M9 Tucker: bought in each of the 3 complete months before as_of's */
	/* service, as of now */
	int64_t open_complaints;    /* complaints received, assigned or processing */
	int64_t overdue_tickets;    /* open tickets (any kind) past their SLA due time */
	/* open opportunities */
	int64_t open_deals, pipeline_fen, weighted_fen;
	/* revenue: live orders (not cancelled, not deleted) dated in the window, refunds negative */
	int64_t revenue_month_fen, revenue_year_fen;
	/* per trend month */
	int64_t revenue_fen[DASHBOARD_MONTHS];
	int64_t new_customers[DASHBOARD_MONTHS];
	int64_t active_customers[DASHBOARD_MONTHS];   /* distinct buyers in the month */
	int64_t complaints_opened[DASHBOARD_MONTHS];
	int64_t deals_won[DASHBOARD_MONTHS];
};

/* Fills every figure of out for the windows of w, narrowed by the store's row scope. The
 * customer KPIs and order trends come from the rollup of migration 0020 (corrected for the
 * customers not yet folded in), or from the scan below while more than DASHBOARD_DIRTY_MAX
 * customers wait to be folded. Every statement reads one snapshot: the caller's transaction or
 * read transaction, else a read-only one of its own. */
enum gx_err store_dashboard_figures(struct store *s, const struct dashboard_window *w,
                                    struct dashboard_figures *out, struct gx_error *err);

/* The same figures computed from the customers and orders themselves (the definition the
 * rollup must match; also what tests compare the rollup with). */
enum gx_err store_dashboard_figures_scan(struct store *s, const struct dashboard_window *w,
                                         struct dashboard_figures *out, struct gx_error *err);

#define DASHBOARD_DIRTY_MAX 20000

/* Folds customers marked by the triggers (their orders, owner, team, department, creation,
 * deletion or merge changed) into the rollup, at most max of them (all when max <= 0), inside
 * the caller's transaction, which it needs: its statements (the old contributions out, the new
 * ones in, the marks cleared) are one change only together; *folded (may be NULL) is how many.
 * The bulk write paths of the app (import, demo, merges, handovers) call it before committing;
 * `guanxi init` folds all.
 * Customers left dirty are still counted exactly (the reader corrects for them). */
enum gx_err store_dashboard_fold(struct store *s, int64_t max, int64_t *folded, struct gx_error *err);

/* Folds one customer if it is dirty: what an order write calls before committing (touching
 * only that customer's rows keeps concurrent PostgreSQL writers apart). */
enum gx_err store_dashboard_fold_customer(struct store *s, int64_t customer_id, struct gx_error *err);

/* on: store_dashboard_fold_customer does nothing on this connection, leaving the customer
 * marked for a batch fold. `guanxi serve` sets it on its request connections: the rollup rows
 * are shared by every customer of one owner, team and department, so folding in each request
 * would make concurrent PostgreSQL writers conflict on them (serialization failures) and cost
 * SQLite's single writer a fold per request. The server folds instead once per commit group
 * (SQLite's writer) or every scheduler round (PostgreSQL); readers count marked customers
 * exactly meanwhile. */
void store_dashboard_defer(struct store *s, int on);

/* Builds the rollup again from the customers and orders (one transaction); *customers (may be
 * NULL) is how many customers were folded. */
enum gx_err store_dashboard_rebuild(struct store *s, int64_t *customers, struct gx_error *err);

/* How many customers wait to be folded, counted up to limit. */
enum gx_err store_dashboard_dirty(struct store *s, int64_t limit, int64_t *n, struct gx_error *err);

/* The survey wave with responses that closes last among those opened by as_of (ties: the
 * newer wave); *found 0 when there is none. */
enum gx_err store_dashboard_latest_wave(struct store *s, const char *as_of, int64_t *wave_id,
                                        int *found, struct gx_error *err);

#endif
