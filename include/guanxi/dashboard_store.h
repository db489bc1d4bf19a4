/* Aggregates for the web UI's dashboard (GET /api/v1/dashboard) that no list endpoint gives
 * cheaply: counted by the database in one pass over the live customers, so the dashboard does
 * not page through every customer to count them. */
#ifndef GUANXI_DASHBOARD_STORE_H
#define GUANXI_DASHBOARD_STORE_H

#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/store.h"

struct dashboard_customer_counts {
	int64_t total;        /* live customers: not in the recycle bin, not merged away */
	int64_t new_since;    /* of those, created at or after the given instant */
	int64_t pool;         /* of those, owned by nobody (the public pool, 公海) */
};

/* Counts the live customers; since_utc is an instant as stored ("2026-10-31T16:00:00Z"), whose
 * text order is time order. */
enum gx_err store_dashboard_customer_counts(struct store *s, const char *since_utc,
                                            struct dashboard_customer_counts *out,
                                            struct gx_error *err);

#endif
