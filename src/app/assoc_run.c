/* The association-rule job of MODELS.md M23 (see guanxi/recommend.h): the baskets streamed from
 * the store into the counter of analytics/assoc.c, the rules taken with the company's
 * thresholds, and stored with the run that says which thresholds and how many baskets. */
#include "guanxi/recommend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guanxi/audit_store.h"
#include "guanxi/settings.h"

enum gx_err app_assoc_options_load(struct app *app, struct assoc_options *o, struct gx_error *err)
{
	struct app_model_params m;
	enum gx_err e = app_model_params_load(app, &m, err);
	if (e == GX_OK)
		*o = m.assoc;
	return e;
}

static enum gx_err add_basket(void *ctx, const int64_t *products, size_t n, struct gx_error *err)
{
	(void)err;
	assoc_counter_add(ctx, products, n);
	return GX_OK;
}

enum gx_err app_assoc_count(struct app *app, struct assoc_counter **out, struct gx_error *err)
{
	struct assoc_counter *c = assoc_counter_new();
	enum gx_err e = store_assoc_baskets(app->store, add_basket, c, err);
	if (e != GX_OK) {
		assoc_counter_free(c);
		c = NULL;
	}
	*out = c;
	return e;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum gx_err app_assoc_run(struct app *app, const struct assoc_options *o, struct app_assoc_result *res,
                          struct gx_error *err)
{
	memset(res, 0, sizeof *res);
	/* thresholds checked before a job row is written */
	struct assoc_counter *empty = assoc_counter_new();
	struct assoc_rule *none = NULL;
	size_t nn = 0;
	enum gx_err e = assoc_counter_rules(empty, o, &none, &nn, err);
	assoc_counter_free(empty);
	if (e != GX_OK)
		return e;
	char params[160], counts[200];
	snprintf(params, sizeof params, "{\"min_support\":%.10g,\"min_confidence\":%.10g,\"min_lift\":%.10g}",
	         o->min_support, o->min_confidence, o->min_lift);
	if ((e = store_job_start(app->store, "assoc", app->actor.user_id, params, NULL, NULL, &res->job_id, err)) != GX_OK)
		return e;
	double t0 = seconds();
	struct assoc_counter *c = NULL;
	struct assoc_rule *rules = NULL;
	size_t n = 0;
	e = app_assoc_count(app, &c, err);
	if (e == GX_OK)
		e = assoc_counter_rules(c, o, &rules, &n, err);
	double t1 = seconds();
	if (e == GX_OK) {
		res->baskets = assoc_counter_baskets(c);
		res->products = assoc_counter_items(c);
		res->pairs = assoc_counter_pairs(c);
		res->rules = n;
	}
	assoc_counter_free(c);
	if (e == GX_OK && (e = store_begin(app->store, err)) == GX_OK) {
		struct store_assoc_run run = {0, res->job_id, NULL, (int64_t)res->baskets, (int64_t)res->products,
		                              (int64_t)res->pairs, (int64_t)n, o->min_support, o->min_confidence, o->min_lift};
		e = store_assoc_run_insert(app->store, &run, &res->run_id, err);
		if (e == GX_OK)
			e = store_assoc_rules_replace(app->store, res->run_id, rules, n, err);
		if (e == GX_OK)
			e = store_commit(app->store, err);
		else
			store_rollback(app->store);
	}
	free(rules);
	res->seconds_scan = t1 - t0;
	res->seconds_store = seconds() - t1;
	snprintf(counts, sizeof counts, "{\"baskets\":%zu,\"products\":%zu,\"pairs\":%zu,\"rules\":%zu,\"run_id\":%lld}",
	         res->baskets, res->products, res->pairs, res->rules, (long long)res->run_id);
	struct gx_error e2;
	gx_error_clear(&e2);
	store_job_finish(app->store, res->job_id, e == GX_OK, counts, e == GX_OK ? NULL : err->message, &e2);
	if (e == GX_OK)
		e = app_audit_simple(app, "assoc", "product", 0, counts, res->job_id, err);
	return e;
}

enum gx_err app_assoc_recommend(struct app *app, int64_t customer_id, size_t max, struct gx_arena *a,
                                struct store_assoc_rule **out, size_t *n, struct gx_error *err)
{
	struct store_assoc_rule *r;
	size_t nr;
	*out = NULL;
	*n = 0;
	enum gx_err e = store_assoc_customer_rules(app->store, customer_id, a, &r, &nr, err);
	if (e != GX_OK)
		return e;
	/* strongest first: the first rule of each consequent is its best */
	struct store_assoc_rule *v = gx_arena_calloc(a, max + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < nr && k < max; i++) {
		size_t j = 0;
		while (j < k && v[j].r.consequent != r[i].r.consequent)
			j++;
		if (j == k)
			v[k++] = r[i];
	}
	*out = v;
	*n = k;
	return GX_OK;
}
