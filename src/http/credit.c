/* /api/v1 credit endpoints (信用管理, see guanxi/credit.h): a customer's credit position with
 * its current assessment, new assessments, the assessment history, the credit check of an
 * order before it is placed, and the receivables aging report. Money is integer fen; scores
 * are JSON numbers. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/credit.h"
#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/money.h"
#include "guanxi/record_store.h"
#include "http/http.h"

#define H(name) enum gx_err name(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
H(h_customer_credit); H(h_customer_credit_assess); H(h_customer_credit_check);
H(h_credit_assessment_list); H(h_credit_assessment_get); H(h_credit_aging);
#undef H

/* An assessment as JSON: scores as numbers, with its ratings. */
static enum gx_err assessment_json(struct http_req *rq, const struct record *r, json_t **out,
                                   struct gx_error *err)
{
	static const char *const num[] = {"character_score", "capacity_score", "capital_score",
	                                  "collateral_score", "conditions_score", "score"};
	struct credit_rating *rs;
	size_t n;
	enum gx_err e = store_credit_ratings(rq->app->store, r->id, rq->arena, &rs, &n, err);
	if (e != GX_OK)
		return e;
	json_t *o = http_record_json(r, NULL, 0);
	for (size_t i = 0; i < sizeof num / sizeof num[0]; i++)
		if (record_text(r, num[i]))
			json_object_set_new(o, num[i], json_real(strtod(record_text(r, num[i]), NULL)));
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:i}", "c", rs[i].c, "criterion", rs[i].criterion,
		                                     "rating", rs[i].rating));
	json_object_set_new(o, "ratings", arr);
	*out = o;
	return GX_OK;
}

static json_t *position_json(const struct credit_position *p)
{
	json_t *forms = json_array();
	for (int i = 0; i < GX_CREDIT_FORMS; i++)
		if (gx_credit_form_allowed(p->grade, (enum gx_credit_form)i, p->dealer, NULL))
			json_array_append_new(forms, json_string(credit_form_names[i]));
	char g[2] = {(char)('A' + p->grade), 0};
	return json_pack("{s:b, s:s?, s:I, s:o, s:b, s:I, s:I, s:I, s:I}", "assessed", p->assessed,
	                 "grade", p->assessed ? g : NULL, "limit_fen", (json_int_t)p->limit_fen,
	                 "allowed_forms", forms, "dealer", p->dealer, "open_receivables_fen",
	                 (json_int_t)p->open_receivables_fen, "unpaid_open_orders_fen",
	                 (json_int_t)p->unpaid_open_orders_fen, "exposure_fen", (json_int_t)p->exposure_fen,
	                 "available_fen", (json_int_t)p->available_fen);
}

static enum gx_err live_customer(struct http_req *rq, struct gx_error *err)
{
	struct record c;
	return app_customer_get(rq->app, rq->ids[0], 0, rq->arena, &c, err);
}

/* GET /customers/{id}/credit: the position and the current assessment (null when none). */
enum gx_err h_customer_credit(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct credit_position p;
	enum gx_err e = live_customer(rq, err);
	if (e == GX_OK)
		e = app_credit_position(rq->app, rq->ids[0], 0, &p, err);
	if (e != GX_OK)
		return e;
	json_t *o = position_json(&p);
	json_t *cur = json_null();
	if (p.assessed) {
		struct record r;
		if ((e = store_record_get(rq->app->store, &entity_credit_assessment, p.assessment_id, rq->arena, &r,
		                          err)) != GX_OK ||
		    (e = assessment_json(rq, &r, &cur, err)) != GX_OK) {
			json_decref(o);
			return e;
		}
	}
	json_object_set_new(o, "customer_id", json_integer(rq->ids[0]));
	json_object_set_new(o, "assessment", cur);
	http_resp_json(rs, 200, o);
	return GX_OK;
}

/* Ratings as [{"c": "character", "criterion": "punctuality", "rating": 4}, …]. */
static enum gx_err ratings_from_json(struct http_req *rq, json_t *arr, struct credit_rating **out,
                                     size_t *n, struct gx_error *err)
{
	*n = 0;
	if (!arr)
		return GX_OK;
	if (!json_is_array(arr) || json_array_size(arr) > 320)
		return gx_error_set(err, GX_EINVAL, "ratings", "%s",
		                    _("ratings must be an array of at most 320 {\"c\", \"criterion\", \"rating\"} objects"));
	*out = gx_arena_calloc(rq->arena, json_array_size(arr) + 1, sizeof **out);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_t *c = json_object_get(v, "c"), *k = json_object_get(v, "criterion"), *r = json_object_get(v, "rating");
		if (!json_is_string(c) || !json_is_string(k) || !json_is_integer(r))
			return gx_error_set(err, GX_EINVAL, "ratings",
			                    _("rating %zu needs \"c\" and \"criterion\" as strings and \"rating\" as a whole number"),
			                    i + 1);
		json_int_t rv = json_integer_value(r);
		(*out)[i] = (struct credit_rating){
			.c = gx_arena_strdup(rq->arena, json_string_value(c)),
			.criterion = gx_arena_strdup(rq->arena, json_string_value(k)),
			.rating = rv < -1000 ? -1000 : rv > 1000 ? 1000 : (int)rv,
		};
	}
	*n = json_array_size(arr);
	return GX_OK;
}

static const char *opt_string(struct http_req *rq, json_t *body, const char *key, enum gx_err *e,
                              struct gx_error *err)
{
	json_t *v = json_object_get(body, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*e = gx_error_set(err, GX_EINVAL, key, _("%s must be a string"), key);
		return NULL;
	}
	return gx_arena_strdup(rq->arena, json_string_value(v));
}

/* POST /customers/{id}/credit/assessments. */
enum gx_err h_customer_credit_assess(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	enum gx_err e = live_customer(rq, err);
	json_t *body = NULL;
	if (e != GX_OK || (e = http_body_object(rq, &body, err)) != GX_OK)
		return e;
	static const char *const known[] = {"assessed_on", "ratings", "character_from_payments",
	                                    "monthly_capacity_fen", "notes", NULL};
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		int ok = 0;
		for (int i = 0; known[i]; i++)
			ok |= strcmp(key, known[i]) == 0;
		if (!ok) {
			e = gx_error_set(err, GX_EINVAL, key, _("unknown field %s"), key);
			goto out;
		}
	}
	struct credit_assess_input in = {.customer_id = rq->ids[0], .monthly_capacity_fen = -1};
	in.assessed_on = opt_string(rq, body, "assessed_on", &e, err);
	in.notes = opt_string(rq, body, "notes", &e, err);
	if (e != GX_OK)
		goto out;
	json_t *cfp = json_object_get(body, "character_from_payments");
	if (cfp && !json_is_boolean(cfp)) {
		e = gx_error_set(err, GX_EINVAL, "character_from_payments", "%s",
		                 _("character_from_payments must be true or false"));
		goto out;
	}
	in.character_from_payments = json_is_true(cfp);
	json_t *cap = json_object_get(body, "monthly_capacity_fen");
	if (cap && !json_is_null(cap)) {
		if (!json_is_integer(cap) || json_integer_value(cap) < 0) {
			e = gx_error_set(err, GX_EINVAL, "monthly_capacity_fen", "%s",
			                 _("monthly_capacity_fen must be a whole number of fen, 0 or more"));
			goto out;
		}
		in.monthly_capacity_fen = json_integer_value(cap);
	}
	struct credit_rating *ratings = NULL;
	if ((e = ratings_from_json(rq, json_object_get(body, "ratings"), &ratings, &in.nratings, err)) != GX_OK)
		goto out;
	in.ratings = ratings;
	struct record r;
	json_t *o;
	if ((e = app_credit_assess(rq->app, &in, rq->arena, &r, err)) == GX_OK &&
	    (e = assessment_json(rq, &r, &o, err)) == GX_OK) {
		http_resp_header(rs, rq->arena, "Location",
		                 gx_arena_printf(rq->arena, "/api/v1/credit/assessments/%lld", (long long)r.id));
		http_resp_json(rs, 201, o);
	}
out:
	json_decref(body);
	return e;
}

/* GET /customers/{id}/credit/check?amount_fen=N&form=credit_sale: the decision, no write. */
enum gx_err h_customer_credit_check(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	const char *amount = http_query(rq, "amount_fen"), *form_name = http_query(rq, "form");
	int64_t fen;
	enum gx_err e = live_customer(rq, err);
	if (e != GX_OK)
		return e;
	if (!amount)
		return gx_error_set(err, GX_EINVAL, "amount_fen", "%s", _("amount_fen (the order amount in fen) is required"));
	if ((e = gx_money_parse_fen(amount, 0, &fen, "amount_fen", err)) != GX_OK)
		return e;
	int form = credit_form_parse(form_name ? form_name : "credit_sale");
	if (form < 0)
		return gx_error_set(err, GX_EINVAL, "form",
		                    _("form must be cash, charge_account, credit_sale, instalment or consignment"));
	struct credit_check_result res;
	if ((e = app_credit_check(rq->app, rq->ids[0], 0, (enum gx_credit_form)form, fen, rq->arena, &res, err)) != GX_OK)
		return e;
	http_resp_json(rs, 200,
	               json_pack("{s:b, s:s?, s:s?, s:I, s:I, s:s, s:o}", "allowed", res.allowed, "reason", res.message,
	                         "field", res.field, "exposure_fen", (json_int_t)res.decision.exposure_fen,
	                         "override_id", (json_int_t)res.override_id, "form", credit_form_names[form],
	                         "position", position_json(&res.pos)));
	return GX_OK;
}

enum gx_err h_credit_assessment_list(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	return http_list(rq, rs, &entity_credit_assessment, NULL, err);
}

enum gx_err h_credit_assessment_get(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	struct record r;
	json_t *o;
	enum gx_err e = store_record_get(rq->app->store, &entity_credit_assessment, rq->ids[0], rq->arena, &r, err);
	if (e == GX_OK && (e = assessment_json(rq, &r, &o, err)) == GX_OK)
		http_resp_json(rs, 200, o);
	return e;
}

static json_t *aging_json(const struct gx_credit_aging *g)
{
	static const char *const keys[GX_CREDIT_AGES] = {"current_fen", "days_1_30_fen", "days_31_60_fen",
	                                                 "days_61_90_fen", "over_90_fen"};
	json_t *o = json_object();
	for (int b = 0; b < GX_CREDIT_AGES; b++)
		json_object_set_new(o, keys[b], json_integer(g->fen[b]));
	json_object_set_new(o, "total_fen", json_integer(g->total_fen));
	return o;
}

/* GET /credit/aging?as_of=YYYY-MM-DD&customer_id=N */
enum gx_err h_credit_aging(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	int64_t customer = 0;
	const char *c = http_query(rq, "customer_id");
	if (c) {
		char *end;
		long long v = strtoll(c, &end, 10);
		if (!*c || *end || v <= 0)
			return gx_error_set(err, GX_EINVAL, "customer_id", "%s", _("customer_id must be a customer's id"));
		customer = v;
	}
	struct credit_aging_report rep;
	enum gx_err e = app_credit_aging(rq->app, http_query(rq, "as_of"), customer, rq->arena, &rep, err);
	if (e != GX_OK)
		return e;
	json_t *rows = json_array();
	for (size_t i = 0; i < rep.n; i++) {
		json_t *o = aging_json(&rep.rows[i].aging);
		json_object_set_new(o, "customer_id", json_integer(rep.rows[i].customer_id));
		json_object_set_new(o, "code", json_string(rep.rows[i].code));
		json_object_set_new(o, "name", json_string(rep.rows[i].name));
		json_array_append_new(rows, o);
	}
	http_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "as_of", rep.as_of, "customers", rows, "total",
	                                  aging_json(&rep.total)));
	return GX_OK;
}
