/* /api/v1/sla, /api/v1/calendar-days and /api/v1/kb-snippets: the SLA settings and working
 * week, the holiday and make-up workday table, and knowledge snippets (list, search with ?q=,
 * create, get, PATCH with If-Match, delete to the recycle bin). */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/kb.h"
#include "guanxi/record_store.h"
#include "guanxi/sla.h"
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_sla_get); H(h_sla_patch); H(h_calendar_list); H(h_calendar_create); H(h_calendar_delete);
H(h_kb_list); H(h_kb_create); H(h_kb_get); H(h_kb_patch); H(h_kb_delete);
#undef H

static enum gx_err send_sla(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct sla_config c;
	enum gx_err e = app_sla_load(rq->app, &c, err);
	if (e != GX_OK)
		return e;
	json_t *hours = json_object();
	for (int i = 0; i < SLA_NSEVERITIES; i++)
		json_object_set_new(hours, ticket_severities[i], json_real(c.minutes[i] / 60.0));
	char week[WORKCAL_WEEK_TEXT_SIZE];
	workcal_week_format(&c.cal.week, week);
	http_resp_json(rs, 200, json_pack("{s:o, s:s, s:s, s:I}", "hours", hours, "work_week", week, "timezone",
	                                  rq->app->settings.timezone, "calendar_days", (json_int_t)c.cal.nex));
	sla_config_free(&c);
	return GX_OK;
}

enum gx_err h_sla_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return send_sla(rq, rs, err);
}

/* {"hours": {"high": 6}, "work_week": "mon-fri 09:00-18:00"}: each given part is checked and
 * stored; nothing is stored when a part is bad, as every part is checked first. */
enum gx_err h_sla_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	json_t *hours = json_object_get(body, "hours"), *week = json_object_get(body, "work_week");
	const char *key;
	json_t *v;
	if (hours && !json_is_object(hours))
		e = gx_error_set(err, GX_EINVAL, "hours", "%s", _("hours must be an object of severity: hours"));
	if (e == GX_OK && week && !json_is_string(week))
		e = gx_error_set(err, GX_EINVAL, "work_week", "%s", _("work_week must be a string such as \"mon-fri 09:00-18:00\""));
	if (e == GX_OK && week) {
		struct workcal_week w;
		e = workcal_week_parse(json_string_value(week), &w, err);
	}
	char text[32];
	json_object_foreach(hours && e == GX_OK ? hours : NULL, key, v) {
		if (sla_severity_index(key) < 0) {
			e = gx_error_set(err, GX_EINVAL, "hours", _("unknown severity \"%s\" (low, medium, high, critical)"), key);
			break;
		}
		if (!json_is_number(v)) {
			e = gx_error_set(err, GX_EINVAL, key, _("hours for %s must be a number"), key);
			break;
		}
	}
	if (e == GX_OK && (e = store_begin(rq->app->store, err)) == GX_OK) {
		json_object_foreach(hours ? hours : NULL, key, v) {
			snprintf(text, sizeof text, "%.10g", json_number_value(v));
			if ((e = app_sla_set_hours(rq->app, key, text, err)) != GX_OK)
				break;
		}
		if (e == GX_OK && week)
			e = app_sla_set_week(rq->app, json_string_value(week), err);
		if (e == GX_OK)
			e = store_commit(rq->app->store, err);
		else
			store_rollback(rq->app->store);
	}
	json_decref(body);
	return e == GX_OK ? send_sla(rq, rs, err) : e;
}

enum gx_err h_calendar_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_calendar_day, NULL, err);
}

static const char *str_member(json_t *o, const char *name)
{
	json_t *x = json_object_get(o, name);
	return json_is_string(x) ? json_string_value(x) : NULL;
}

enum gx_err h_calendar_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	e = app_calendar_set(rq->app, str_member(body, "day"), str_member(body, "kind"), str_member(body, "name"), err);
	struct record r;
	int found = 0;
	if (e == GX_OK) {
		int32_t d;
		char day[GX_DATE_FMT_SIZE];
		gx_date_parse_lenient(str_member(body, "day"), &d, "day", NULL);
		e = store_record_find(rq->app->store, &entity_calendar_day, "day", gx_date_format(d, day), rq->arena, &r,
		                      &found, err);
	}
	json_decref(body);
	if (e == GX_OK && found)
		http_send_record(rq, rs, 201, &r);
	return e;
}

enum gx_err h_calendar_delete(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	enum gx_err e = store_record_get(rq->app->store, &entity_calendar_day, rq->ids[0], rq->arena, &r, err);
	if (e == GX_OK)
		e = app_calendar_remove(rq->app, record_text(&r, "day"), err);
	if (e == GX_OK)
		rs->status = 204;
	return e;
}

/* GET /api/v1/kb-snippets: the list, or with ?q= the search (title matches first). */
enum gx_err h_kb_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *q = http_query(rq, "q");
	if (!q)
		return http_list(rq, rs, &entity_kb_snippet, NULL, err);
	const char *lim = http_query(rq, "limit");
	struct record *rows;
	size_t n = 0;
	enum gx_err e = app_kb_search(rq->app, q, http_query(rq, "category"), lim ? atoi(lim) : 20, rq->arena, &rows, &n,
	                              err);
	if (e != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, http_record_json(&rows[i], NULL, 0));
	http_resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return GX_OK;
}

enum gx_err h_kb_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct record r;
	record_init(&r, &entity_kb_snippet, rq->arena);
	e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_kb_create(rq->app, &r, rq->arena, err);
	if (e != GX_OK)
		return e;
	http_resp_header(rs, rq->arena, "Location", gx_arena_printf(rq->arena, "/api/v1/kb-snippets/%lld", (long long)r.id));
	if ((e = http_get_record(rq, rs, &entity_kb_snippet, r.id, err)) == GX_OK)
		rs->status = 201;
	return e;
}

enum gx_err h_kb_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_get_record(rq, rs, &entity_kb_snippet, rq->ids[0], err);
}

enum gx_err h_kb_patch(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t version = 0;
	int present = 0;
	enum gx_err e = http_if_match(rq, &version, &present, err);
	if (e != GX_OK)
		return e;
	if (!present) {
		gx_error_set(err, GX_EINVAL, "If-Match", "%s",
		             _("If-Match with the record's version (its ETag) is required to change it"));
		http_resp_error(rs, err, NULL);
		rs->status = 428;
		return GX_OK;
	}
	struct record cur, patch;
	if ((e = store_record_get(rq->app->store, &entity_kb_snippet, rq->ids[0], rq->arena, &cur, err)) != GX_OK)
		return e;
	json_t *body;
	if ((e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	record_init(&patch, &entity_kb_snippet, rq->arena);
	e = http_record_from_json(rq->app, &patch, body, &cur, rq->arena, err);
	json_decref(body);
	patch.id = cur.id;
	if (e == GX_OK)
		e = app_kb_update(rq->app, &patch, version, rq->arena, err);
	return e == GX_OK ? http_get_record(rq, rs, &entity_kb_snippet, cur.id, err) : e;
}

enum gx_err h_kb_delete(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = app_kb_delete(rq->app, rq->ids[0], rq->arena, err);
	if (e == GX_OK)
		rs->status = 204;
	return e;
}
