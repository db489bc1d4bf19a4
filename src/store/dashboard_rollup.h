/* The dashboard rollup's customers as the fold and the reader's correction see them (see
 * dashboard_rollup.c): a customer's scope key, creation instant and live orders per day. */
#ifndef GX_STORE_DASHBOARD_ROLLUP_H
#define GX_STORE_DASHBOARD_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"

struct dash_day {
	int32_t day;        /* days since 1970-01-01 */
	int sale;           /* a live sale that day (refunds alone do not make a buyer) */
	int64_t amount;     /* net fen of the day's live orders, refunds negative */
};

struct dash_cust {
	int64_t id;
	int64_t key[3];                  /* owner_id, team_id, department_id; 0 where null */
	unsigned char null[3];
	char created_at[GX_INSTANT_FMT_SIZE + 8];
	struct dash_day *days;           /* sorted, one per day */
	size_t n, cap;
};

void dash_custs_free(struct dash_cust *c, size_t n);

/* Loads the dirty customers with ids in [lo, hi] (every dirty one when hi < lo), sorted by id:
 * folded 1 their last folded contribution (dash_customers), 0 their current state (live
 * customers only, with their live orders); scoped: only those the store's row scope sees. */
enum gx_err dash_load(struct store *s, int64_t lo, int64_t hi, int scoped, int folded, struct dash_cust **out,
                      size_t *n, struct gx_error *err);

/* Adds sign × what customer c contributes to the customer KPIs and order trends of window w
 * (new customers only when with_new). */
void dash_cust_figures(const struct dash_cust *c, const struct dashboard_window *w, int with_new, int sign,
                       struct dashboard_figures *out);

#endif
