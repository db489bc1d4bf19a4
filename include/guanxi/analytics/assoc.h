/* Item-to-item association rules over order baskets (MODELS.md M23), for cross-selling
 * suggestions on the customer page.
 *
 * A basket is the set of distinct item ids of one order. For a rule A → B over N baskets:
 * support = n(A∧B)/N, confidence = n(A∧B)/n(A), lift = confidence / (n(B)/N). Baskets are
 * counted in one pass (items and every pair of items in a basket, in hash tables), so they
 * can be streamed: memory grows with the distinct pairs seen (at most P(P−1)/2 for P
 * products), not with the number of baskets. The cost is the sum over baskets of (items in
 * the basket)², so very large baskets dominate; orders in a CRM rarely have more than a few
 * dozen lines. */
#ifndef GUANXI_ANALYTICS_ASSOC_H
#define GUANXI_ANALYTICS_ASSOC_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"

struct assoc_options {
	double min_support;      /* default 0.01 */
	double min_confidence;   /* default 0.2 */
	double min_lift;         /* default 1.2 */
};
void assoc_options_default(struct assoc_options *o);

struct assoc_rule {
	int64_t antecedent, consequent;
	int64_t n_both, n_antecedent, n_consequent;
	double support, confidence, lift;
};

/* The streaming counter: baskets added one at a time (e.g. the orders of a database, read in
 * order-id order), rules taken at the end with any thresholds. */
struct assoc_counter;
struct assoc_counter *assoc_counter_new(void);
void assoc_counter_free(struct assoc_counter *c);
/* One basket of n item ids (duplicates count once; n may be 0: a basket without items). */
void assoc_counter_add(struct assoc_counter *c, const int64_t *items, size_t n);
size_t assoc_counter_baskets(const struct assoc_counter *c);
size_t assoc_counter_items(const struct assoc_counter *c);   /* distinct items seen */
size_t assoc_counter_pairs(const struct assoc_counter *c);   /* distinct pairs counted */
/* The rules meeting o over the baskets so far, as assoc_mine gives them. */
enum gx_err assoc_counter_rules(const struct assoc_counter *c, const struct assoc_options *o,
                                struct assoc_rule **rules, size_t *n_rules, struct gx_error *err);

/* Basket b is items[offsets[b] .. offsets[b+1]) (offsets has n_baskets + 1 entries,
 * non-decreasing); duplicates within a basket count once. Rules meeting all three minimums
 * (with MODELS.md's 1e-9 tolerance) go to a new array (*rules, free()) sorted by lift,
 * confidence, support (descending), then antecedent and consequent ids. GX_EINVAL for bad
 * options or offsets. */
enum gx_err assoc_mine(const int64_t *items, const size_t *offsets, size_t n_baskets,
                       const struct assoc_options *o, struct assoc_rule **rules, size_t *n_rules,
                       struct gx_error *err);

/* A suggestion for a customer: an item not yet bought, with the strongest rule behind it. */
struct assoc_suggestion {
	int64_t item;
	int64_t because;          /* the owned item of that rule */
	double confidence, lift;
};

/* Up to max suggestions for a customer who owns owned[0..n_owned): consequents of rules whose
 * antecedent is owned, each item once with its most confident rule, ordered by confidence,
 * lift, then item id. Returns the number written to out. */
size_t assoc_suggest(const struct assoc_rule *rules, size_t n_rules, const int64_t *owned,
                     size_t n_owned, struct assoc_suggestion *out, size_t max);

#endif
