/* GET /api/v1/dashboard: the KPIs and 12-month trends of the web UI's landing page (PRODUCT.md
 * module 10), all aggregated by the database (guanxi/dashboard_store.h) within the caller's row
 * scope. Dates are those of the company's time zone (settings.timezone): as_of (default today
 * there) fixes "this month" (its first local midnight, as a UTC instant, is what created_at is
 * compared with), the year to date, the purchase windows of the customer KPIs and the trend's
 * 12 calendar months ending with as_of's. Open complaints and overdue tickets are counted as of
 * now. The satisfaction index (CSI, MODELS.md M3) is that of the latest wave with responses,
 * computed by the survey results; it is company-wide (survey answers are not row-scoped). */
#include <stdio.h>

#include "guanxi/clock.h"
#include "guanxi/dashboard_store.h"
#include "guanxi/datetime.h"
#include "guanxi/i18n.h"
#include "guanxi/store_scope.h"
#include "guanxi/survey_results.h"
#include "http/http.h"

enum gx_err h_dashboard(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

static json_t *series(const int64_t *v)
{
	json_t *a = json_array();
	for (int m = 0; m < DASHBOARD_MONTHS; m++)
		json_array_append_new(a, json_integer((json_int_t)v[m]));
	return a;
}

/* The index of the latest wave with responses, or JSON null. */
static enum gx_err csi_json(struct http_req *rq, const char *as_of, json_t **out, struct gx_error *err)
{
	int64_t wave_id = 0;
	int found = 0;
	*out = json_null();
	enum gx_err e = store_dashboard_latest_wave(rq->app->store, as_of, &wave_id, &found, err);
	if (e != GX_OK || !found)
		return e;
	struct survey_results r;
	if ((e = app_survey_results(rq->app, wave_id, rq->arena, &r, err)) != GX_OK || !r.has_index)
		return e;
	int scale = 5;
	for (size_t i = 0; i < r.def.nquestions; i++)
		if (r.def.questions[i].type == SURVEY_Q_IMP_SAT) {
			scale = r.def.questions[i].scale_max;
			break;
		}
	const char *level = r.level ? gx_sat_label_text(gx_sat_level_label((enum gx_sat_scale)scale, r.level),
	                                                 gx_i18n_lang()) : NULL;
	json_decref(*out);
	*out = json_pack("{s:I, s:s, s:I, s:s, s:s?, s:s, s:I, s:I, s:f, s:s?}", "survey_id", (json_int_t)r.def.id,
	                 "survey_title", r.def.title, "wave_id", (json_int_t)r.wave.id, "wave_code", r.wave.code,
	                 "wave_name", r.wave.name, "closes_on", r.wave.closes_on, "responses",
	                 (json_int_t)r.n_responses, "respondents", (json_int_t)r.index_n, "value_100", r.index_100,
	                 "level_label", level);
	return GX_OK;
}

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
	int y, mo, dd;
	gx_date_to_ymd(day, &y, &mo, &dd);
	if (e == GX_OK && as_of && (y < 1900 || y > 9000))   /* the windows reach two years back and a day ahead */
		e = gx_error_set(err, GX_EINVAL, "as_of", _("as_of %s is outside the years 1900 to 9000"), as_of);
	if (e != GX_OK) {
		gx_tz_free(tz);
		return e;
	}
	struct dashboard_window w;
	dashboard_window_fill(&w, day, tz, gx_now_ms());
	gx_tz_free(tz);
	struct dashboard_figures f;
	json_t *csi;
	if ((e = store_dashboard_figures(rq->app->store, &w, &f, err)) != GX_OK ||
	    (e = csi_json(rq, w.as_of, &csi, err)) != GX_OK)
		return e;
	struct store_scope sc;
	store_scope_get(rq->app->store, &sc);
	char month_start[GX_DATE_FMT_SIZE], year_start[GX_DATE_FMT_SIZE], prior_to[GX_DATE_FMT_SIZE];
	gx_date_format(gx_date_add_months(day, -12), prior_to);
	snprintf(month_start, sizeof month_start, "%s", w.loyal_month[3]);
	snprintf(year_start, sizeof year_start, "%.4s-01-01", w.as_of);
	json_t *months = json_array();
	for (int m = 0; m < DASHBOARD_MONTHS; m++)
		json_array_append_new(months, json_string(w.trend_month[m]));
	json_t *body = json_pack(
		"{s:s, s:s, s:s, s:s, s:s,"
		" s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I},"
		" s:{s:s, s:s, s:s, s:s, s:[s, s, s]},"
		" s:{s:I, s:I, s:s}, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:s}, s:o,"
		" s:{s:o, s:o, s:o, s:o, s:o, s:o}}",
		"as_of", w.as_of, "month_start", month_start, "month_start_utc", w.trend_utc[DASHBOARD_MONTHS - 1],
		"scope", store_scope_name(sc.kind),
		"basis", _("customers: live ones in your scope; active: a sale (not cancelled) in the last 12 months;"
		           " retained: active and a sale in the 12 months before; churned: a sale in the 12 months"
		           " before, none since; loyal: a sale in each of the 3 complete months before this month"
		           " (Tucker rule, MODELS.md M9); revenue: orders net of refunds by order date"),
		"customers", "total", (json_int_t)f.total, "new_this_month", (json_int_t)f.new_this_month, "pool",
		(json_int_t)f.pool, "active", (json_int_t)f.active, "retained", (json_int_t)f.retained, "churned",
		(json_int_t)f.churned, "loyal", (json_int_t)f.loyal,
		"windows", "active_from", w.active_from, "active_to", w.as_of, "prior_from", w.prior_from, "prior_to",
		prior_to, "loyal_months", w.trend_month[DASHBOARD_MONTHS - 4], w.trend_month[DASHBOARD_MONTHS - 3],
		w.trend_month[DASHBOARD_MONTHS - 2],
		"service", "open_complaints", (json_int_t)f.open_complaints, "overdue_tickets", (json_int_t)f.overdue_tickets,
		"now", w.now_utc,
		"pipeline", "open_deals", (json_int_t)f.open_deals, "open_fen", (json_int_t)f.pipeline_fen, "weighted_fen",
		(json_int_t)f.weighted_fen,
		"revenue", "month_fen", (json_int_t)f.revenue_month_fen, "year_fen", (json_int_t)f.revenue_year_fen,
		"year_start", year_start,
		"csi", csi,
		"trends", "months", months, "revenue_fen", series(f.revenue_fen), "new_customers", series(f.new_customers),
		"active_customers", series(f.active_customers), "complaints_opened", series(f.complaints_opened),
		"deals_won", series(f.deals_won));
	http_resp_json(rs, 200, body);
	return GX_OK;
}
