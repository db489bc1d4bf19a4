/* The association rules of MODELS.md M23 over HTTP: GET /api/v1/analytics/association (the
 * stored rules with support, confidence and lift, and the run that mined them: thresholds and
 * counts) and GET /api/v1/customers/{id}/recommendations (the products a visible customer has
 * not bought, each with the strongest rule whose antecedent it bought; 404 for a customer
 * outside the caller's rows, as the other customer routes). Rules live in app/assoc_run.c. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/customer.h"
#include "guanxi/i18n.h"
#include "guanxi/recommend.h"
#include "http/http.h"

enum gx_err h_analytics_association(struct http_req *rq, struct http_resp *rs, struct gx_error *err);
enum gx_err h_customer_recommendations(struct http_req *rq, struct http_resp *rs, struct gx_error *err);

static enum gx_err limit_param(struct http_req *rq, long hi, long def, long *out, struct gx_error *err)
{
	const char *v = http_query(rq, "limit");
	*out = def;
	if (!v)
		return GX_OK;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 1 || n > hi)
		return gx_error_set(err, GX_EINVAL, "limit", _("%s must be a whole number from %ld to %ld"), "limit", 1L, hi);
	*out = n;
	return GX_OK;
}

/* The run whose rules are stored, or null before the first. */
static enum gx_err run_json(struct http_req *rq, json_t **out, struct gx_error *err)
{
	struct store_assoc_run r;
	int found = 0;
	enum gx_err e = store_assoc_run_latest(rq->app->store, rq->arena, &r, &found, err);
	if (e != GX_OK)
		return e;
	*out = found ? json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:{s:f, s:f, s:f}}", "id", (json_int_t)r.id,
	                         "created_at", r.created_at, "baskets", (json_int_t)r.baskets, "products",
	                         (json_int_t)r.products, "pairs", (json_int_t)r.pairs, "rules", (json_int_t)r.rules,
	                         "params", "min_support", r.min_support, "min_confidence", r.min_confidence, "min_lift",
	                         r.min_lift)
	             : json_null();
	return GX_OK;
}

static json_t *rule_json(const struct store_assoc_rule *r)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:I, s:I, s:I, s:f, s:f, s:f}", "antecedent_id",
	                 (json_int_t)r->r.antecedent, "antecedent_sku", r->antecedent_sku, "antecedent_name",
	                 r->antecedent_name, "consequent_id", (json_int_t)r->r.consequent, "consequent_sku",
	                 r->consequent_sku, "consequent_name", r->consequent_name, "n_both", (json_int_t)r->r.n_both,
	                 "n_antecedent", (json_int_t)r->r.n_antecedent, "n_consequent", (json_int_t)r->r.n_consequent,
	                 "support", r->r.support, "confidence", r->r.confidence, "lift", r->r.lift);
}

enum gx_err h_analytics_association(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	long limit;
	enum gx_err e = limit_param(rq, 1000, 100, &limit, err);
	json_t *run = NULL;
	if (e == GX_OK)
		e = run_json(rq, &run, err);
	struct store_assoc_rule *v = NULL;
	size_t n = 0;
	if (e == GX_OK)
		e = store_assoc_rules_list(rq->app->store, (size_t)limit, rq->arena, &v, &n, err);
	if (e != GX_OK) {
		json_decref(run);
		return e;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, rule_json(&v[i]));
	http_resp_json(rs, 200, json_pack("{s:s, s:o, s:o}", "model", "M23", "run", run, "items", items));
	return GX_OK;
}

enum gx_err h_customer_recommendations(struct http_req *rq, struct http_resp *rs, struct gx_error *err)
{
	long limit;
	struct record c;
	enum gx_err e = app_customer_get(rq->app, rq->ids[0], 0, rq->arena, &c, err);
	if (e == GX_OK)
		e = limit_param(rq, 50, 5, &limit, err);
	json_t *run = NULL;
	if (e == GX_OK)
		e = run_json(rq, &run, err);
	struct store_assoc_rule *v = NULL;
	size_t n = 0;
	if (e == GX_OK)
		e = app_assoc_recommend(rq->app, rq->ids[0], (size_t)limit, rq->arena, &v, &n, err);
	if (e != GX_OK) {
		json_decref(run);
		return e;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, rule_json(&v[i]));
	http_resp_json(rs, 200, json_pack("{s:I, s:s, s:o, s:o}", "customer_id", (json_int_t)rq->ids[0], "model", "M23",
	                                  "run", run, "items", items));
	return GX_OK;
}
