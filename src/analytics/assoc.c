/* Association rules over baskets (see assoc.h): item counts, then pair counts among frequent
 * items in a hash table keyed by the two dense item indexes. */
#include "guanxi/analytics/assoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/idmap.h"
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

/* Sorted distinct items of basket b into buf; returns their number. */
static size_t assoc_basket(const int64_t *items, const size_t *offsets, size_t b, int64_t *buf)
{
	size_t len = offsets[b + 1] - offsets[b];
	memcpy(buf, items + offsets[b], len * sizeof *buf);
	qsort(buf, len, sizeof *buf, assoc_cmp_i64);
	size_t m = 0;
	for (size_t i = 0; i < len; i++)
		if (m == 0 || buf[m - 1] != buf[i])
			buf[m++] = buf[i];
	return m;
}

enum gx_err assoc_mine(const int64_t *items, const size_t *offsets, size_t n_baskets,
                       const struct assoc_options *o, struct assoc_rule **rules, size_t *n_rules,
                       struct gx_error *err)
{
	*rules = NULL;
	*n_rules = 0;
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
	if (n_baskets == 0)
		return GX_OK;
	size_t maxlen = 0;
	for (size_t b = 0; b < n_baskets; b++) {
		if (offsets[b + 1] < offsets[b])
			return gx_error_set(err, GX_EINVAL, "offsets",
			                    _("basket %zu ends before it starts"), b);
		if (offsets[b + 1] - offsets[b] > maxlen)
			maxlen = offsets[b + 1] - offsets[b];
	}
	double N = (double)n_baskets;
	int64_t *buf = gx_xmalloc((maxlen ? maxlen : 1) * sizeof *buf);
	uint32_t *idx = gx_xmalloc((maxlen ? maxlen : 1) * sizeof *idx);

	/* Pass 1: baskets per item. */
	struct idmap count;
	idmap_init(&count);
	for (size_t b = 0; b < n_baskets; b++) {
		size_t m = assoc_basket(items, offsets, b, buf);
		for (size_t i = 0; i < m; i++)
			++*idmap_upsert(&count, (uint64_t)buf[i], 0, NULL);
	}

	/* Frequent items, numbered in id order so that results do not depend on hashing. */
	size_t nf = 0;
	int64_t *fitem = gx_xmalloc((count.len ? count.len : 1) * sizeof *fitem);
	uint64_t key;
	int64_t val;
	for (size_t pos = 0; idmap_next(&count, &pos, &key, &val);)
		if ((double)val / N >= o->min_support - ASSOC_TOL)
			fitem[nf++] = (int64_t)key;
	qsort(fitem, nf, sizeof *fitem, assoc_cmp_i64);
	int64_t *fcount = gx_xmalloc((nf ? nf : 1) * sizeof *fcount);
	struct idmap dense;
	idmap_init(&dense);
	for (size_t i = 0; i < nf; i++) {
		*idmap_upsert(&dense, (uint64_t)fitem[i], (int64_t)i, NULL) = (int64_t)i;
		fcount[i] = *idmap_get(&count, (uint64_t)fitem[i]);
	}
	idmap_free(&count);

	/* Pass 2: baskets per pair of frequent items. */
	struct idmap pairs;
	idmap_init(&pairs);
	for (size_t b = 0; b < n_baskets && nf >= 2; b++) {
		size_t m = assoc_basket(items, offsets, b, buf), k = 0;
		for (size_t i = 0; i < m; i++) {
			int64_t *d = idmap_get(&dense, (uint64_t)buf[i]);
			if (d)
				idx[k++] = (uint32_t)*d;
		}
		qsort(idx, k, sizeof *idx, assoc_cmp_u32);
		for (size_t i = 0; i < k; i++)
			for (size_t j = i + 1; j < k; j++)
				++*idmap_upsert(&pairs, ((uint64_t)idx[i] << 32) | idx[j], 0, NULL);
	}
	idmap_free(&dense);
	free(buf);
	free(idx);

	size_t cap = 0, n = 0;
	struct assoc_rule *r = NULL;
	for (size_t pos = 0; idmap_next(&pairs, &pos, &key, &val);) {
		double sup = (double)val / N;
		if (sup < o->min_support - ASSOC_TOL)
			continue;
		size_t ia = (size_t)(key >> 32), ib = (size_t)(key & 0xffffffffu);
		for (int dir = 0; dir < 2; dir++) {
			size_t a = dir ? ib : ia, c = dir ? ia : ib;
			/* one division each, from integers: equal ratios give equal doubles, so ties
			 * sort as ties */
			double conf = (double)val / (double)fcount[a];
			double lift = ((double)val * N) / ((double)fcount[a] * (double)fcount[c]);
			if (conf < o->min_confidence - ASSOC_TOL || lift < o->min_lift - ASSOC_TOL)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				r = gx_xrealloc(r, cap * sizeof *r);
			}
			r[n++] = (struct assoc_rule){ .antecedent = fitem[a], .consequent = fitem[c],
				                      .n_both = val, .n_antecedent = fcount[a],
				                      .n_consequent = fcount[c], .support = sup,
				                      .confidence = conf, .lift = lift };
		}
	}
	idmap_free(&pairs);
	free(fitem);
	free(fcount);
	if (n > 1)
		qsort(r, n, sizeof *r, assoc_cmp_rule);
	*rules = r;
	*n_rules = n;
	return GX_OK;
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
