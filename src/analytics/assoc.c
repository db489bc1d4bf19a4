/* Association rules over baskets (see assoc.h): one pass counts every item and every pair of
 * items of each basket in hash tables keyed by dense item indexes, so that baskets can come
 * from a database cursor one at a time (the pairs of a product catalogue fit in memory; the
 * baskets of ten million orders would not). */
#include "guanxi/analytics/assoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/idmap.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

#define ASSOC_TOL 1e-9

void assoc_options_default(struct assoc_options *o)
{
	o->min_support = 0.01;
	o->min_confidence = 0.2;
	o->min_lift = 1.2;
}

static int assoc_cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

static int assoc_cmp_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	return (a > b) - (a < b);
}

static int assoc_cmp_rule(const void *pa, const void *pb)
{
	const struct assoc_rule *a = pa, *b = pb;
	if (a->lift != b->lift)
		return a->lift > b->lift ? -1 : 1;
	if (a->confidence != b->confidence)
		return a->confidence > b->confidence ? -1 : 1;
	if (a->n_both != b->n_both)
		return a->n_both > b->n_both ? -1 : 1;
	if (a->antecedent != b->antecedent)
		return a->antecedent < b->antecedent ? -1 : 1;
	return (a->consequent > b->consequent) - (a->consequent < b->consequent);
}

/* ---- the streaming counter -------------------------------------------------------------- */

struct assoc_counter {
	struct idmap dense;       /* item id → dense index, numbered as first seen */
	int64_t *item;            /* dense index → item id */
	int64_t *count;           /* dense index → baskets holding the item */
	size_t n_items, cap_items;
	struct idmap pairs;       /* (lower dense index << 32 | higher) → baskets holding both */
	size_t baskets;
	int64_t *buf;             /* one basket, sorted and deduplicated */
	uint32_t *idx;
	size_t cap_buf;
};

struct assoc_counter *assoc_counter_new(void)
{
	struct assoc_counter *c = gx_xcalloc(1, sizeof *c);
	idmap_init(&c->dense);
	idmap_init(&c->pairs);
	return c;
}

void assoc_counter_free(struct assoc_counter *c)
{
	if (!c)
		return;
	idmap_free(&c->dense);
	idmap_free(&c->pairs);
	free(c->item);
	free(c->count);
	free(c->buf);
	free(c->idx);
	free(c);
}

size_t assoc_counter_baskets(const struct assoc_counter *c)
{
	return c->baskets;
}

size_t assoc_counter_items(const struct assoc_counter *c)
{
	return c->n_items;
}

size_t assoc_counter_pairs(const struct assoc_counter *c)
{
	return c->pairs.len;
}

void assoc_counter_add(struct assoc_counter *c, const int64_t *items, size_t n)
{
	c->baskets++;
	if (n == 0)
		return;
	if (n > c->cap_buf) {
		c->cap_buf = n * 2;
		c->buf = gx_xrealloc(c->buf, c->cap_buf * sizeof *c->buf);
		c->idx = gx_xrealloc(c->idx, c->cap_buf * sizeof *c->idx);
	}
	memcpy(c->buf, items, n * sizeof *items);
	qsort(c->buf, n, sizeof *c->buf, assoc_cmp_i64);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || c->buf[m - 1] != c->buf[i])
			c->buf[m++] = c->buf[i];
	for (size_t i = 0; i < m; i++) {
		int ins;
		int64_t *d = idmap_upsert(&c->dense, (uint64_t)c->buf[i], (int64_t)c->n_items, &ins);
		if (ins) {
			if (c->n_items == c->cap_items) {
				c->cap_items = c->cap_items ? c->cap_items * 2 : 64;
				c->item = gx_xrealloc(c->item, c->cap_items * sizeof *c->item);
				c->count = gx_xrealloc(c->count, c->cap_items * sizeof *c->count);
			}
			c->item[c->n_items] = c->buf[i];
			c->count[c->n_items++] = 0;
		}
		c->idx[i] = (uint32_t)*d;
		c->count[*d]++;
	}
	qsort(c->idx, m, sizeof *c->idx, assoc_cmp_u32);
	for (size_t i = 0; i < m; i++)
		for (size_t j = i + 1; j < m; j++)
			++*idmap_upsert(&c->pairs, ((uint64_t)c->idx[i] << 32) | c->idx[j], 0, NULL);
}

static enum gx_err assoc_check_options(const struct assoc_options *o, struct gx_error *err)
{
	if (!(o->min_support > 0 && o->min_support <= 1))
		return gx_error_set(err, GX_EINVAL, "min_support",
		                    _("minimum support must be in (0, 1], not %g"), o->min_support);
	if (!(o->min_confidence >= 0 && o->min_confidence <= 1))
		return gx_error_set(err, GX_EINVAL, "min_confidence",
		                    _("minimum confidence must be in [0, 1], not %g"),
		                    o->min_confidence);
	if (!(o->min_lift >= 0) || !isfinite(o->min_lift))
		return gx_error_set(err, GX_EINVAL, "min_lift",
		                    _("minimum lift must be a non-negative number, not %g"), o->min_lift);
	return GX_OK;
}

enum gx_err assoc_counter_rules(const struct assoc_counter *c, const struct assoc_options *o,
                                struct assoc_rule **rules, size_t *n_rules, struct gx_error *err)
{
	*rules = NULL;
	*n_rules = 0;
	enum gx_err e = assoc_check_options(o, err);
	if (e != GX_OK || c->baskets == 0)
		return e;
	double N = (double)c->baskets;
	size_t cap = 0, n = 0;
	struct assoc_rule *r = NULL;
	uint64_t key;
	int64_t val;
	for (size_t pos = 0; idmap_next(&c->pairs, &pos, &key, &val);) {
		double sup = (double)val / N;
		if (sup < o->min_support - ASSOC_TOL)
			continue;   /* both items are then frequent too: n(A) ≥ n(A∧B) */
		size_t ia = (size_t)(key >> 32), ib = (size_t)(key & 0xffffffffu);
		for (int dir = 0; dir < 2; dir++) {
			size_t a = dir ? ib : ia, b = dir ? ia : ib;
			/* one division each, from integers: equal ratios give equal doubles, so ties
			 * sort as ties */
			double conf = (double)val / (double)c->count[a];
			double lift = ((double)val * N) / ((double)c->count[a] * (double)c->count[b]);
			if (conf < o->min_confidence - ASSOC_TOL || lift < o->min_lift - ASSOC_TOL)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				r = gx_xrealloc(r, cap * sizeof *r);
			}
			r[n++] = (struct assoc_rule){ .antecedent = c->item[a], .consequent = c->item[b],
				                      .n_both = val, .n_antecedent = c->count[a],
				                      .n_consequent = c->count[b], .support = sup,
				                      .confidence = conf, .lift = lift };
		}
	}
	if (n > 1)
		qsort(r, n, sizeof *r, assoc_cmp_rule);
	*rules = r;
	*n_rules = n;
	return GX_OK;
}

enum gx_err assoc_mine(const int64_t *items, const size_t *offsets, size_t n_baskets,
                       const struct assoc_options *o, struct assoc_rule **rules, size_t *n_rules,
                       struct gx_error *err)
{
	*rules = NULL;
	*n_rules = 0;
	enum gx_err e = assoc_check_options(o, err);
	if (e != GX_OK || n_baskets == 0)
		return e;
	for (size_t b = 0; b < n_baskets; b++)
		if (offsets[b + 1] < offsets[b])
			return gx_error_set(err, GX_EINVAL, "offsets",
			                    _("basket %zu ends before it starts"), b);
	struct assoc_counter *c = assoc_counter_new();
	for (size_t b = 0; b < n_baskets; b++)
		assoc_counter_add(c, items + offsets[b], offsets[b + 1] - offsets[b]);
	e = assoc_counter_rules(c, o, rules, n_rules, err);
	assoc_counter_free(c);
	return e;
}

static int assoc_cmp_suggestion(const void *pa, const void *pb)
{
	const struct assoc_suggestion *a = pa, *b = pb;
	if (a->confidence != b->confidence)
		return a->confidence > b->confidence ? -1 : 1;
	if (a->lift != b->lift)
		return a->lift > b->lift ? -1 : 1;
	return (a->item > b->item) - (a->item < b->item);
}

size_t assoc_suggest(const struct assoc_rule *rules, size_t n_rules, const int64_t *owned,
                     size_t n_owned, struct assoc_suggestion *out, size_t max)
{
	struct idmap own, best;
	idmap_init_set(&own);
	idmap_init(&best);
	for (size_t i = 0; i < n_owned; i++)
		idmap_upsert(&own, (uint64_t)owned[i], 0, NULL);
	size_t n = 0, cap = 0;
	struct assoc_suggestion *s = NULL;
	for (size_t i = 0; i < n_rules; i++) {
		const struct assoc_rule *r = &rules[i];
		if (!idmap_get(&own, (uint64_t)r->antecedent) || idmap_get(&own, (uint64_t)r->consequent))
			continue;
		int ins;
		int64_t *slot = idmap_upsert(&best, (uint64_t)r->consequent, (int64_t)n, &ins);
		struct assoc_suggestion cand = { r->consequent, r->antecedent, r->confidence, r->lift };
		if (ins) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				s = gx_xrealloc(s, cap * sizeof *s);
			}
			s[n++] = cand;
		} else if (assoc_cmp_suggestion(&cand, &s[*slot]) < 0 ||
		           (cand.confidence == s[*slot].confidence && cand.lift == s[*slot].lift &&
		            cand.because < s[*slot].because)) {
			s[*slot] = cand;
		}
	}
	idmap_free(&own);
	idmap_free(&best);
	if (n > 1)
		qsort(s, n, sizeof *s, assoc_cmp_suggestion);
	size_t m = n < max ? n : max;
	if (m)
		memcpy(out, s, m * sizeof *out);
	free(s);
	return m;
}
