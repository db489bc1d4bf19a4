/* Cross-selling suggestions from association rules (MODELS.md M23): the rules are mined from
 * the database's order baskets by the scoring job and `guanxi score` and stored (assoc_runs,
 * assoc_rules), so that the customer page reads its suggestions cheaply. */
#ifndef GUANXI_RECOMMEND_H
#define GUANXI_RECOMMEND_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/assoc.h"
#include "guanxi/app.h"
#include "guanxi/arena.h"
#include "guanxi/assoc_store.h"
#include "guanxi/error.h"

/* The thresholds of the settings assoc_min_support, assoc_min_confidence, assoc_min_lift. */
enum gx_err app_assoc_options_load(struct app *app, struct assoc_options *o, struct gx_error *err);

/* Every basket of the database (see store_assoc_baskets) counted into a new counter
 * (assoc_counter_free). */
enum gx_err app_assoc_count(struct app *app, struct assoc_counter **out, struct gx_error *err);

struct app_assoc_result {
	int64_t job_id, run_id;
	size_t baskets, products, pairs, rules;
	double seconds_scan, seconds_store;   /* wall time */
};

/* Mines the rules with o, as a job of kind "assoc", and replaces the stored ones in one
 * transaction (a reader sees the old rules or the new, never a mix). */
enum gx_err app_assoc_run(struct app *app, const struct assoc_options *o, struct app_assoc_result *res,
                          struct gx_error *err);

/* Up to max products the customer has not bought, each with the strongest stored rule whose
 * antecedent it bought (confidence, then lift), in that order. The caller checks that the
 * customer is visible. */
enum gx_err app_assoc_recommend(struct app *app, int64_t customer_id, size_t max, struct gx_arena *a,
                                struct store_assoc_rule **out, size_t *n, struct gx_error *err);

#endif
