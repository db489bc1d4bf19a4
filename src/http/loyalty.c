/* /api/v1/clubs: clubs with tiers and members, the points ledger of a member (earn, redeem,
 * adjust, expire) and /api/v1/customers/{id}/loyalty (standing in every club plus the
 * programmes suggested for the customer's lifecycle stage). Rules live in app/loyalty*.c. */
#include <string.h>

#include "guanxi/i18n.h"
#include "guanxi/loyalty_programme.h"
#include "guanxi/marketing.h"
#include "guanxi/record_store.h"
#include "http/marketing_http.h"

static json_t *status_json(const struct loyalty_status *s)
{
	return json_pack("{s:I, s:s?, s:s?, s:s?, s:I, s:I, s:s?, s:s?, s:s?, s:I, s:I, s:I}",
	                 "club_id", (json_int_t)s->club_id, "club", s->club_code, "club_name", s->club_name,
	                 "joined_on", s->joined_on, "balance", (json_int_t)s->balance,
	                 "credited", (json_int_t)s->credited, "tier", s->tier_code, "tier_name", s->tier_name,
	                 "next_tier", s->next_tier_code, "points_to_next", (json_int_t)s->points_to_next,
	                 "purchases", (json_int_t)s->purchases,
	                 "frequency_discount_bp", (json_int_t)s->frequency_discount_bp);
}

static json_t *clubs_json(const struct loyalty_status *st, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, status_json(&st[i]));
	return arr;
}

enum gx_err mh_loyalty_json(struct http_req *rq, int64_t customer_id, json_t **out, struct gx_error *err)
{
	struct loyalty_status *st;
	size_t n;
	enum gx_err e = app_loyalty_customer(rq->app, customer_id, rq->arena, &st, &n, err);
	if (e == GX_OK)
		*out = clubs_json(st, n);
	return e;
}

void mh_add_loyalty(struct http_req *rq, struct http_resp *rs, int64_t customer_id)
{
	struct loyalty_status *st;
	size_t n;
	struct gx_error err;
	/* With ?fields= the client chose its keys; "loyalty" is one it may choose. */
	const char *fields = http_query(rq, "fields");
	if (fields && !strstr(fields, "loyalty"))
		return;
	if (app_loyalty_customer(rq->app, customer_id, rq->arena, &st, &n, &err) != GX_OK)
		return;
	/* Most customers are in no club: their list is written as it is, without jansson. */
	char *list = NULL;
	if (n) {
		json_t *clubs = clubs_json(st, n);
		list = json_dumps(clubs, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(clubs);
		if (!list)
			return;
	}
	http_resp_add_member(rs, "loyalty", list ? list : "[]");
	free(list);
}

enum gx_err h_club_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_club, NULL, err);
}

static enum gx_err send_club(struct http_req *rq, struct http_resp *rs, int status, int64_t id,
                             struct gx_error *err)
{
	struct record r;
	struct store_tier *t;
	size_t n;
	enum gx_err e = app_marketing_load(rq->app, &entity_club, id, rq->arena, &r, err);
	if (e == GX_OK)
		e = store_tiers(rq->app->store, id, rq->arena, &t, &n, err);
	if (e != GX_OK)
		return e;
	json_t *tiers = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(tiers, json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)t[i].id, "code",
		                                       t[i].code, "name", t[i].name, "threshold_points",
		                                       (json_int_t)t[i].threshold_points));
	mh_send_record(rq, rs, status, &r, json_pack("{s:o}", "tiers", tiers));
	return GX_OK;
}

enum gx_err h_club_create(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	struct record r;
	record_init(&r, &entity_club, rq->arena);
	e = http_record_from_json(rq->app, &r, body, NULL, rq->arena, err);
	json_decref(body);
	if (e == GX_OK)
		e = app_club_create(rq->app, &r, err);
	return e == GX_OK ? send_club(rq, rs, 201, r.id, err) : e;
}

enum gx_err h_club_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return send_club(rq, rs, 200, rq->ids[0], err);
}

/* POST {"code": "gold", "name": "金卡", "threshold_points": 5000} */
enum gx_err h_club_tier_add(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	const char *code, *name;
	int64_t threshold = 0, id;
	if ((e = mh_str(body, "code", 1, &code, err)) == GX_OK && (e = mh_str(body, "name", 1, &name, err)) == GX_OK &&
	    (e = mh_int(body, "threshold_points", 1, &threshold, NULL, err)) == GX_OK)
		e = app_club_tier_add(rq->app, rq->ids[0], code, name, threshold, &id, err);
	json_decref(body);
	return e == GX_OK ? send_club(rq, rs, 201, rq->ids[0], err) : e;
}

static enum gx_err send_points(struct http_req *rq, struct http_resp *rs, int status, int64_t club,
                               int64_t customer, struct gx_error *err)
{
	struct loyalty_status st;
	struct store_points_entry *p;
	size_t n;
	enum gx_err e = app_loyalty_status(rq->app, club, customer, rq->arena, &st, err);
	if (e == GX_OK)
		e = store_points_entries(rq->app->store, club, customer, rq->arena, &p, &n, err);
	if (e != GX_OK)
		return e;
	json_t *o = status_json(&st), *entries = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(entries,
		                      json_pack("{s:I, s:s, s:I, s:I, s:s, s:s?, s:o, s:s?, s:s}", "id", (json_int_t)p[i].id,
		                                "kind", p[i].kind, "points", (json_int_t)p[i].points, "remaining",
		                                (json_int_t)p[i].remaining, "entry_date", p[i].entry_date, "expires_on",
		                                p[i].expires_on, "order_id",
		                                p[i].order_id ? json_integer(p[i].order_id) : json_null(), "reason",
		                                p[i].reason, "created_at", p[i].created_at));
	json_object_set_new(o, "customer_id", json_integer(customer));
	json_object_set_new(o, "entries", entries);
	http_resp_json(rs, status, o);
	return GX_OK;
}

/* POST {"customer_id": 5, "joined_on": "2025-01-01"} */
enum gx_err h_club_join(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t customer = 0;
	const char *day = NULL;
	if ((e = mh_int(body, "customer_id", 1, &customer, NULL, err)) == GX_OK &&
	    (e = mh_str(body, "joined_on", 0, &day, err)) == GX_OK)
		e = app_club_join(rq->app, rq->ids[0], customer, day, err);
	json_decref(body);
	return e == GX_OK ? send_points(rq, rs, 201, rq->ids[0], customer, err) : e;
}

/* POST {"left_on": "2025-06-30"} (optional body) */
enum gx_err h_club_leave(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body = NULL;
	const char *day = NULL;
	enum gx_err e = GX_OK;
	if (rq->body && rq->body_len && (e = http_body_object(rq, &body, err)) == GX_OK)
		e = mh_str(body, "left_on", 0, &day, err);
	if (e == GX_OK)
		e = app_club_leave(rq->app, rq->ids[0], rq->ids[1], day, err);
	json_decref(body);
	return e == GX_OK ? send_points(rq, rs, 200, rq->ids[0], rq->ids[1], err) : e;
}

enum gx_err h_club_members(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct store_membership *m;
	size_t n;
	struct record club;
	enum gx_err e = app_marketing_load(rq->app, &entity_club, rq->ids[0], rq->arena, &club, err);
	if (e == GX_OK)
		e = store_club_members(rq->app->store, rq->ids[0], 0, 0, rq->arena, &m, &n, err);
	if (e != GX_OK)
		return e;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		struct loyalty_status st;
		if ((e = app_loyalty_status(rq->app, rq->ids[0], m[i].customer_id, rq->arena, &st, err)) != GX_OK) {
			json_decref(arr);
			return e;
		}
		json_t *o = status_json(&st);
		json_object_set_new(o, "customer_id", json_integer(m[i].customer_id));
		json_array_append_new(arr, o);
	}
	http_resp_json(rs, 200, json_pack("{s:o}", "items", arr));
	return GX_OK;
}

enum gx_err h_club_member_points(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return send_points(rq, rs, 200, rq->ids[0], rq->ids[1], err);
}

/* POST {"points": 100, "reason": "…"}: redeem (points > 0) */
enum gx_err h_club_member_redeem(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t points = 0, id;
	const char *reason = NULL;
	if ((e = mh_int(body, "points", 1, &points, NULL, err)) == GX_OK && (e = mh_str(body, "reason", 0, &reason, err)) == GX_OK)
		e = app_points_redeem(rq->app, rq->ids[0], rq->ids[1], points, reason, &id, err);
	json_decref(body);
	return e == GX_OK ? send_points(rq, rs, 201, rq->ids[0], rq->ids[1], err) : e;
}

/* POST {"points": -50, "reason": "…"}: manual correction */
enum gx_err h_club_member_adjust(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t points = 0, id;
	const char *reason = NULL;
	if ((e = mh_int(body, "points", 1, &points, NULL, err)) == GX_OK && (e = mh_str(body, "reason", 0, &reason, err)) == GX_OK)
		e = app_points_adjust(rq->app, rq->ids[0], rq->ids[1], points, reason, &id, err);
	json_decref(body);
	return e == GX_OK ? send_points(rq, rs, 201, rq->ids[0], rq->ids[1], err) : e;
}

/* POST {"order_id": 12} or {"all": true} */
enum gx_err h_club_earn(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body;
	enum gx_err e = http_body_object(rq, &body, err);
	if (e != GX_OK)
		return e;
	int64_t order = 0, points = 0, orders = 0;
	int present = 0;
	json_t *all = json_object_get(body, "all");
	if ((e = mh_int(body, "order_id", 0, &order, &present, err)) == GX_OK) {
		if (present == json_is_true(all))
			e = gx_error_set(err, GX_EINVAL, "order_id", "%s", _("give order_id or \"all\": true"));
		else if (present && (e = app_points_earn_order(rq->app, rq->ids[0], order, &points, err)) == GX_OK)
			orders = 1;
		else if (!present)
			e = app_points_earn_all(rq->app, rq->ids[0], &orders, &points, err);
	}
	json_decref(body);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I, s:I}", "orders", (json_int_t)orders, "points", (json_int_t)points));
	return e;
}

/* POST {"as_of": "2026-01-01"} (optional body) */
enum gx_err h_club_expire(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *body = NULL;
	const char *day = NULL;
	enum gx_err e = GX_OK;
	int64_t entries = 0, points = 0;
	if (rq->body && rq->body_len && (e = http_body_object(rq, &body, err)) == GX_OK)
		e = mh_str(body, "as_of", 0, &day, err);
	if (e == GX_OK)
		e = app_points_expire(rq->app, rq->ids[0], 0, day, &entries, &points, err);
	json_decref(body);
	if (e == GX_OK)
		http_resp_json(rs, 200, json_pack("{s:I, s:I}", "entries", (json_int_t)entries, "points", (json_int_t)points));
	return e;
}

enum gx_err h_customer_loyalty(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	json_t *clubs;
	const char *stage;
	const struct loyalty_stage_advice *adv;
	enum gx_err e = app_loyalty_suggest(rq->app, rq->ids[0], rq->arena, &stage, &adv, err);
	if (e != GX_OK || (e = mh_loyalty_json(rq, rq->ids[0], &clubs, err)) != GX_OK)
		return e;
	json_t *items = json_array();
	for (size_t i = 0; i < adv->n; i++) {
		const struct loyalty_suggestion *s = &adv->items[i];
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "programme", s->programme, "programme_zh",
		                                       s->programme_zh, "campaign_type", s->campaign_type, "rm_level",
		                                       s->rm_level, "why", gx_i18n_lang() == GX_LANG_ZH ? s->why_zh : s->why_en));
	}
	http_resp_json(rs, 200,
	               json_pack("{s:I, s:o, s:s?, s:s, s:s, s:s, s:o}", "customer_id", (json_int_t)rq->ids[0], "clubs", clubs,
	                         "lifecycle_stage", stage, "advice_stage", adv->stage, "stage_zh", adv->stage_zh,
	                         "relationship_phase_zh", adv->relationship_phase_zh, "suggestions", items));
	return GX_OK;
}
