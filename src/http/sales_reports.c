/* /api/v1/sales/forecast, /api/v1/sales/stats, /api/v1/leads/conversion and /api/v1/targets:
 * the weighted pipeline forecast (MODELS.md M24; derived money in *_yuan), win rate, deal
 * size and cycle length, lead conversion rates, and sales targets with their completion. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "http/sales_http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)

H(h_sales_forecast)
{
	const char *by = http_query(rq, "by");
	enum sales_group g = SALES_GROUP_NONE;
	if (by && strcmp(by, "owner") == 0)
		g = SALES_GROUP_OWNER;
	else if (by && strcmp(by, "department") == 0)
		g = SALES_GROUP_DEPARTMENT;
	else if (by && *by)
		return gx_error_set(err, GX_EINVAL, "by", _("by takes owner or department, not \"%s\""), by);
	char this_month[8], later[8];
	const char *from = http_query(rq, "from"), *to = http_query(rq, "to");
	enum gx_err e;
	if (!from) {
		if ((e = app_sales_this_month(rq->app, this_month, err)) != GX_OK)
			return e;
		from = this_month;
	}
	if (!to && strlen(from) == 7) {
		sales_month_add(from, 11, later);
		to = later;
	}
	struct sales_forecast_row *rows;
	size_t n;
	if ((e = app_sales_forecast(rq->app, from, to ? to : "", g, rq->arena, &rows, &n, err)) != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:I, s:I, s:f}", "month", rows[i].month, "opportunities", (json_int_t)rows[i].count,
		                      "amount_fen", (json_int_t)rows[i].amount_fen, "weighted_yuan", rows[i].weighted_yuan);
		if (g != SALES_GROUP_NONE)
			json_object_set_new(o, g == SALES_GROUP_OWNER ? "owner_id" : "department_id",
			                    rows[i].group_id ? json_integer(rows[i].group_id) : json_null());
		json_array_append_new(items, o);
	}
	http_resp_json(rs, 200, json_pack("{s:s, s:s, s:o, s:s}", "from", from, "to", to, "items", items, "model",
	                                  "M24: sum of amount x stage probability by expected close month"));
	return GX_OK;
}

H(h_sales_stats)
{
	int64_t owner = 0;
	const char *o = http_query(rq, "owner_id");
	if (o) {
		char *end;
		owner = strtoll(o, &end, 10);
		if (!*o || *end || owner <= 0)
			return gx_error_set(err, GX_EINVAL, "owner_id", "%s", _("owner_id must be a positive id"));
	}
	struct sales_stats s;
	enum gx_err e = app_sales_stats(rq->app, http_query(rq, "from"), http_query(rq, "to"), owner, &s, err);
	if (e != GX_OK)
		return e;
	http_resp_json(rs, 200, json_pack("{s:I, s:I, s:I, s:I, s:f, s:f, s:f}", "open", (json_int_t)s.open, "won",
	                                  (json_int_t)s.won, "lost", (json_int_t)s.lost, "won_fen", (json_int_t)s.won_fen,
	                                  "win_rate", s.win_rate, "avg_deal_yuan", s.avg_deal_yuan, "avg_cycle_days",
	                                  s.avg_cycle_days));
	return GX_OK;
}

H(h_lead_conversion)
{
	const char *by = http_query(rq, "by");
	struct lead_conversion_row *rows;
	size_t n;
	enum gx_err e = app_lead_conversion(rq->app, by ? by : "source", rq->arena, &rows, &n, err);
	if (e != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:f}", "key", rows[i].key, "leads",
		                                       (json_int_t)rows[i].leads, "converted", (json_int_t)rows[i].converted,
		                                       "rate", rows[i].rate));
	http_resp_json(rs, 200, json_pack("{s:s, s:o}", "by", by ? by : "source", "items", items));
	return GX_OK;
}

H(h_target_list)
{
	const char *month = http_query(rq, "month");
	char this_month[8];
	enum gx_err e;
	if (!month) {
		if ((e = app_sales_this_month(rq->app, this_month, err)) != GX_OK)
			return e;
		month = this_month;
	}
	struct sales_target_row *rows;
	size_t n;
	if ((e = app_target_report(rq->app, month, rq->arena, &rows, &n, err)) != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:o, s:o, s:I, s:I, s:f}", "id", (json_int_t)rows[i].id,
		                                       "month", rows[i].month,
		                                       "user_id", rows[i].user_id ? json_integer(rows[i].user_id) : json_null(),
		                                       "team_id", rows[i].team_id ? json_integer(rows[i].team_id) : json_null(),
		                                       "target_fen", (json_int_t)rows[i].target_fen, "achieved_fen",
		                                       (json_int_t)rows[i].achieved_fen, "completion_rate",
		                                       rows[i].completion_rate));
	http_resp_json(rs, 200, json_pack("{s:s, s:o}", "month", month, "items", items));
	return GX_OK;
}

H(h_target_set)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *month = NULL;
	int64_t user = 0, team = 0, fen = 0;
	int has_user, has_team, has_fen;
	if ((e = sales_take_string(rq, body, "month", &month, err)) == GX_OK &&
	    (e = sales_take_int(body, "user_id", &user, &has_user, err)) == GX_OK &&
	    (e = sales_take_int(body, "team_id", &team, &has_team, err)) == GX_OK &&
	    (e = sales_take_int(body, "target_fen", &fen, &has_fen, err)) == GX_OK) {
		if (json_object_size(body)) {
			const char *k = json_object_iter_key(json_object_iter(body));
			e = gx_error_set(err, GX_EINVAL, k, _("unknown field %s"), k);
		} else if (!has_fen) {
			e = gx_error_set(err, GX_EINVAL, "target_fen", "%s", _("target_fen is required"));
		} else if ((has_user && user <= 0) || (has_team && team <= 0)) {
			e = gx_error_set(err, GX_EINVAL, has_user && user <= 0 ? "user_id" : "team_id", "%s",
			                 _("ids are positive numbers"));
		} else {
			e = app_target_set(rq->app, month, user, team, fen, err);
		}
	}
	json_decref(body);
	if (e != GX_OK)
		return e;
	http_resp_json(rs, 200, json_pack("{s:s, s:o, s:o, s:I}", "month", month,
	                                  "user_id", user ? json_integer(user) : json_null(),
	                                  "team_id", team ? json_integer(team) : json_null(), "target_fen", (json_int_t)fen));
	return GX_OK;
}
