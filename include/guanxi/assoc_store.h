/* The order baskets and the stored association rules of MODELS.md M23 (migration
 * 0021_assoc.sql): the baskets streamed to the miner (app/assoc_run.c), the runs and rules it
 * stores, and the reads of the analytics page and the customer page. Portable SQL. */
#ifndef GUANXI_ASSOC_STORE_H
#define GUANXI_ASSOC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/analytics/assoc.h"
#include "guanxi/arena.h"
#include "guanxi/error.h"
#include "guanxi/store.h"

/* Every basket — the distinct-or-not products of the lines of one sale order (not cancelled,
 * not deleted) of a live customer — to on_basket, in order-id order, one at a time: memory
 * holds one basket, never the orders. A failure of on_basket stops the scan. */
enum gx_err store_assoc_baskets(struct store *s,
                                enum gx_err (*on_basket)(void *ctx, const int64_t *products, size_t n,
                                                         struct gx_error *err),
                                void *ctx, struct gx_error *err);

struct store_assoc_run {
	int64_t id, job_id;
	const char *created_at;    /* read back only */
	int64_t baskets, products, pairs, rules;
	double min_support, min_confidence, min_lift;
};

enum gx_err store_assoc_run_insert(struct store *s, const struct store_assoc_run *r, int64_t *run_id,
                                   struct gx_error *err);
/* Deletes every stored rule and writes rules[0..n) for run_id; the caller holds the transaction. */
enum gx_err store_assoc_rules_replace(struct store *s, int64_t run_id, const struct assoc_rule *rules, size_t n,
                                      struct gx_error *err);
/* The run whose rules are stored (the latest); *found = 0 before the first. Texts in a. */
enum gx_err store_assoc_run_latest(struct store *s, struct gx_arena *a, struct store_assoc_run *out, int *found,
                                   struct gx_error *err);

/* A stored rule with the products' codes and names. */
struct store_assoc_rule {
	struct assoc_rule r;
	const char *antecedent_sku, *antecedent_name, *consequent_sku, *consequent_name;
};

/* Up to limit stored rules in the miner's order (lift, confidence, baskets, ids), texts in a. */
enum gx_err store_assoc_rules_list(struct store *s, size_t limit, struct gx_arena *a, struct store_assoc_rule **out,
                                   size_t *n, struct gx_error *err);
/* The stored rules whose antecedent the customer bought (a product of one of its sale orders)
 * and whose consequent it never bought nor is deleted, strongest first (confidence, lift,
 * consequent, antecedent); texts in a. */
enum gx_err store_assoc_customer_rules(struct store *s, int64_t customer_id, struct gx_arena *a,
                                       struct store_assoc_rule **out, size_t *n, struct gx_error *err);
/* A product's code and name ("" when it does not exist), texts in a. */
enum gx_err store_assoc_product(struct store *s, int64_t id, struct gx_arena *a, const char **sku, const char **name,
                                struct gx_error *err);

#endif
