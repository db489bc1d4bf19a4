/* GET /api/v1/dashboard: the customer counts of the web UI's landing page that no list
 * endpoint gives without paging through every customer (total, new this month, public pool).
 * "This month" is the calendar month of the company's time zone (settings.timezone) that holds
 * as_of (default today there); its first midnight, as a UTC instant, is what created_at is
 * compared with. Receivables and survey figures come from their own endpoints. */
#include <stdio.h>

#include "guanxi/clock.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "http/http.h"

enum gx_err h_dashboard(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

enum gx_err h_dashboard(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct gx_tz *tz;
	enum gx_err e = gx_tz_open(rq->app->settings.timezone, &tz, err);
	if (e != GX_OK)
		return e;
	int32_t day;
	const char *as_of = http_query(rq, "as_of");
	if (as_of)
		e = gx_date_parse(as_of, &day, "as_of", err);
	else
		day = gx_instant_local_date(gx_now_ms(), tz);
	if (e != GX_OK) {
		gx_tz_free(tz);
		return e;
	}
	int32_t first = gx_date_period_start(day, GX_PERIOD_MONTH);
	char since[GX_INSTANT_FMT_SIZE], d1[GX_DATE_FMT_SIZE], d2[GX_DATE_FMT_SIZE];
	gx_instant_format(gx_instant_from_local_date(first, tz), since);
	gx_tz_free(tz);
	struct dashboard_customer_counts c;
	if ((e = store_dashboard_customer_counts(rq->app->store, since, &c, err)) != GX_OK)
		return e;
	http_resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:{s:I, s:I, s:I}}", "as_of", gx_date_format(day, d1),
	                                  "month_start", gx_date_format(first, d2), "month_start_utc", since,
	                                  "customers", "total", (json_int_t)c.total, "new_this_month",
	                                  (json_int_t)c.new_since, "pool", (json_int_t)c.pool));
	return GX_OK;
}
