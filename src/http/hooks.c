/* Endpoints of webhooks and background jobs (admins only; app/ checks the role): add, list,
 * disable and enable webhooks, read the delivery log, list job runs. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/jobs.h"
#include "http/http.h"

static enum gx_err query_limit(const struct http_req *rq, int *limit, struct gx_error *err)
{
	const char *v = http_query(rq, "limit");
	*limit = 50;
	if (!v)
		return GX_OK;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 1 || n > 1000)
		return gx_error_set(err, GX_EINVAL, "limit", "%s", _("limit must be from 1 to 1000"));
	*limit = (int)n;
	return GX_OK;
}

static json_t *webhook_json(const struct webhook *w)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:b, s:s, s:s?}", "id", (json_int_t)w->id, "url", w->url,
	                 "events", w->events, "description", w->description, "active", w->active,
	                 "created_at", w->created_at, "disabled_at", w->disabled_at);
}

enum gx_err h_webhook_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct webhook *w;
	size_t n;
	enum gx_err e = app_webhook_list(rq->app, rq->arena, &w, &n, err);
	if (e != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, webhook_json(&w[i]));
	http_resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return GX_OK;
}

enum gx_err h_webhook_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *url = json_string_value(json_object_get(body, "url"));
	const char *events = json_string_value(json_object_get(body, "events"));
	const char *desc = json_string_value(json_object_get(body, "description"));
	int64_t id = 0;
	char secret[APP_WEBHOOK_SECRET_SIZE];
	if (!url)
		e = gx_error_set(err, GX_EINVAL, "url", "%s", _("url is required"));
	else
		e = app_webhook_add(rq->app, url, events, desc, &id, secret, err);
	if (e == GX_OK) {
		/* The only time the secret leaves the server. */
		json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "url", url, "events",
		                      events && *events ? events : "*", "secret", secret);
		http_resp_json(rs, 201, j);
	}
	json_decref(body);
	return e;
}

static enum gx_err set_active(struct http_req *rq, struct http_resp *rs, int active, struct gx_error *err)
{
	enum gx_err e = app_webhook_set_active(rq->app, rq->ids[0], active, err);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)rq->ids[0], "active", active));
	return e;
}

enum gx_err h_webhook_disable(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return set_active(rq, rs, 0, err);
}

enum gx_err h_webhook_enable(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return set_active(rq, rs, 1, err);
}

enum gx_err h_webhook_deliveries(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int limit;
	enum gx_err e = query_limit(rq, &limit, err);
	if (e != GX_OK)
		return e;
	const char *hv = http_query(rq, "webhook_id");
	int64_t hook = hv ? strtoll(hv, NULL, 10) : 0;
	struct webhook_delivery *d;
	size_t n;
	if ((e = app_webhook_deliveries(rq->app, hook, http_query(rq, "status"), limit, rq->arena, &d, &n, err)))
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack(
			"{s:I, s:I, s:s, s:s, s:s, s:i, s:o, s:s?, s:s?, s:s?, s:s}", "id", (json_int_t)d[i].id,
			"webhook_id", (json_int_t)d[i].webhook_id, "event_id", d[i].event_id, "type", d[i].type,
			"status", d[i].status, "attempts", d[i].attempts,
			"last_status", d[i].last_status ? json_integer(d[i].last_status) : json_null(),
			"last_error", d[i].last_error, "next_attempt_at",
			strcmp(d[i].status, "pending") == 0 ? d[i].next_attempt_at : NULL, "delivered_at",
			d[i].delivered_at, "created_at", d[i].created_at));
	http_resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return GX_OK;
}

enum gx_err h_job_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int limit;
	enum gx_err e = query_limit(rq, &limit, err);
	if (e != GX_OK)
		return e;
	struct job_row *j;
	size_t n;
	if ((e = app_jobs_list(rq->app, http_query(rq, "kind"), limit, rq->arena, &j, &n, err)))
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *counts = j[i].counts ? json_loads(j[i].counts, 0, NULL) : NULL;
		json_t *params = j[i].params ? json_loads(j[i].params, 0, NULL) : NULL;
		json_array_append_new(items, json_pack(
			"{s:I, s:s, s:s, s:o, s:o, s:s?, s:s, s:s?, s:o}", "id", (json_int_t)j[i].id, "kind", j[i].kind,
			"status", j[i].status, "counts", counts ? counts : json_null(), "params",
			params ? params : json_null(), "message", j[i].message, "started_at", j[i].started_at,
			"finished_at", j[i].finished_at, "user_id",
			j[i].user_id ? json_integer(j[i].user_id) : json_null()));
	}
	http_resp_json(rs, 200, json_pack("{s:o}", "items", items));
	return GX_OK;
}
