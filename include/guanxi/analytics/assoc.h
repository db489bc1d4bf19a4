/* Item-to-item association rules over order baskets (MODELS.md M23), for cross-selling
 * suggestions on the customer page.
 *
 * A basket is the set of distinct item ids of one order. For a rule A → B over N baskets:
 * support = n(A∧B)/N, confidence = n(A∧B)/n(A), lift = confidence / (n(B)/N). Only items
 * whose own support reaches the minimum can be part of a frequent pair, so items are counted
 * first and pairs are counted among frequent items only (a hash table of pair counts). The
 * cost is the sum over baskets of (frequent items in the basket)², so very large baskets
 * dominate; orders in a CRM rarely have more than a few dozen lines. */
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
