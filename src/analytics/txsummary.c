/* Streaming reduction of order rows to per-customer purchase summaries (see
 * include/guanxi/analytics/txsummary.h). Customers are numbered densely in arrival order so
 * a customer-day fits one 64-bit key (index << 32 | day). "Two orders on one day are one
 * purchase" for unsorted input needs the distinct customer-days, the only part whose size
 * follows the data: the keys are appended to a flat array (a row on the same day as the
 * customer's previous row is not), which is sorted and deduplicated by radix sort whenever it
 * fills, and grown only when that leaves it more than half full, so it never holds more than
 * about four keys per distinct customer-day. Sorting flat keys costs a fraction of what a hash
 * set's random probes cost at ten million rows. Purchase days are counted from the sorted keys
 * at the end. A one-entry cache of the last customer id serves files grouped by customer. */
#include "guanxi/analytics/txsummary.h"

#include <stdlib.h>
#include <string.h>

#include "core/idmap.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

struct txs_acc {
	int64_t id;
	int32_t first, last;       /* calibration purchase days; first = INT32_MAX when none */
	int32_t prev_day;          /* day of this customer's previous row, INT32_MIN before any */
	int64_t days, orders, total_fen, first_fen;
	int64_t hold_days, hold_fen;
};

struct txs_builder {
	struct txs_options opt;
	struct idmap ids;          /* customer id → index into acc */
	int64_t last_id;           /* the previous row's customer and its index (cache) */
	size_t last_idx;
	int have_last;
	uint64_t *keys;            /* customer-days, index << 32 | (uint32) day */
	size_t nkeys, capkeys;
	struct txs_acc *acc;
	size_t n, cap;
	struct txs_stats stats;
};

double txs_unit_days(enum txs_unit unit)
{
	switch (unit) {
	case TXS_UNIT_DAYS: return 1.0;
	case TXS_UNIT_WEEKS: return 7.0;
	case TXS_UNIT_MONTHS: return 365.25 / 12.0;
	}
	return 1.0;
}

enum gx_err txs_builder_init(struct txs_builder **out, const struct txs_options *opt,
                             struct gx_error *err)
{
	*out = NULL;
	if (opt->as_of < opt->calibration_end)
		return gx_error_set(err, GX_EINVAL, "as_of",
		                    _("the as-of date lies before the end of the calibration period"));
	if (opt->unit != TXS_UNIT_DAYS && opt->unit != TXS_UNIT_WEEKS && opt->unit != TXS_UNIT_MONTHS)
		return gx_error_set(err, GX_EINVAL, "unit", _("unknown time unit %d"), (int)opt->unit);
	struct txs_builder *b = gx_xcalloc(1, sizeof *b);
	b->opt = *opt;
	idmap_init(&b->ids);
	*out = b;
	return GX_OK;
}

/* Sorts keys[0..n) in place (LSD radix, 16-bit digits; tmp has room for n) and removes
 * duplicates; returns the new length. */
static size_t txs_sort_unique(uint64_t *keys, uint64_t *tmp, size_t n)
{
	static const int shifts[4] = { 0, 16, 32, 48 };
	size_t *count = gx_xmalloc(65537 * sizeof *count);
	uint64_t *src = keys, *dst = tmp;
	for (int pass = 0; pass < 4; pass++) {
		int sh = shifts[pass];
		memset(count, 0, 65537 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[((src[i] >> sh) & 0xffff) + 1]++;
		if (count[1] == n)
			continue;               /* every key has the same digit: nothing to move */
		for (size_t d = 1; d <= 65536; d++)
			count[d] += count[d - 1];
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i] >> sh) & 0xffff]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	free(count);
	if (src != keys)
		memcpy(keys, src, n * sizeof *keys);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || keys[i] != keys[m - 1])
			keys[m++] = keys[i];
	return m;
}

/* The key array is full: deduplicate it, and grow it when that frees less than half. */
static void txs_keys_make_room(struct txs_builder *b)
{
	if (b->capkeys) {
		uint64_t *tmp = gx_xmalloc(b->nkeys * sizeof *tmp);
		b->nkeys = txs_sort_unique(b->keys, tmp, b->nkeys);
		free(tmp);
		if (b->nkeys < b->capkeys / 2)
			return;
	}
	b->capkeys = b->capkeys ? b->capkeys * 2 : 4096;
	b->keys = gx_xrealloc(b->keys, b->capkeys * sizeof *b->keys);
}

enum gx_err txs_builder_add(struct txs_builder *b, int64_t customer_id, int32_t day,
                            int64_t amount_fen, struct gx_error *err)
{
	if (day > b->opt.as_of) {
		b->stats.rows_skipped_after++;
		return GX_OK;
	}
	if (amount_fen < 0 || (amount_fen == 0 && !b->opt.count_zero_amount)) {
		b->stats.rows_skipped_nonpositive++;
		return GX_OK;
	}
	size_t idx;
	if (b->have_last && b->last_id == customer_id) {
		idx = b->last_idx;
	} else {
		int inserted;
		int64_t *slot = idmap_upsert(&b->ids, (uint64_t)customer_id, (int64_t)b->n, &inserted);
		if (inserted) {
			if (b->n >= UINT32_MAX)
				return gx_error_set(err, GX_EINVAL, "customer_id",
				                    _("too many distinct customers for one summary"));
			if (b->n == b->cap) {
				b->cap = b->cap ? b->cap * 2 : 1024;
				b->acc = gx_xrealloc(b->acc, b->cap * sizeof *b->acc);
			}
			struct txs_acc *a = &b->acc[b->n++];
			memset(a, 0, sizeof *a);
			a->id = customer_id;
			a->first = INT32_MAX;
			a->last = INT32_MIN;
			a->prev_day = INT32_MIN;
		}
		idx = (size_t)*slot;
		b->have_last = 1;
		b->last_id = customer_id;
		b->last_idx = idx;
	}
	struct txs_acc *a = &b->acc[idx];
	if (day != a->prev_day) {
		a->prev_day = day;
		if (b->nkeys == b->capkeys)
			txs_keys_make_room(b);
		b->keys[b->nkeys++] = ((uint64_t)idx << 32) | (uint32_t)day;
	}
	b->stats.rows_used++;
	if (day > b->opt.calibration_end) {
		a->hold_fen += amount_fen;
		return GX_OK;
	}
	a->orders++;
	a->total_fen += amount_fen;
	if (day < a->first) {
		a->first = day;
		a->first_fen = amount_fen;
	} else if (day == a->first) {
		a->first_fen += amount_fen;
	}
	if (day > a->last)
		a->last = day;
	return GX_OK;
}

static int txs_cmp_id(const void *pa, const void *pb)
{
	const struct txs_customer *a = pa, *b = pb;
	return (a->customer_id > b->customer_id) - (a->customer_id < b->customer_id);
}

enum gx_err txs_builder_finish(struct txs_builder *b, struct txs_customer **out, size_t *n_out,
                               struct txs_stats *stats, struct gx_error *err)
{
	(void)err;
	double unit = txs_unit_days(b->opt.unit);
	if (b->nkeys) {
		uint64_t *tmp = gx_xmalloc(b->nkeys * sizeof *tmp);
		b->nkeys = txs_sort_unique(b->keys, tmp, b->nkeys);
		free(tmp);
	}
	for (size_t k = 0; k < b->nkeys; k++) {
		struct txs_acc *a = &b->acc[b->keys[k] >> 32];
		if ((int32_t)(uint32_t)b->keys[k] > b->opt.calibration_end)
			a->hold_days++;
		else
			a->days++;
	}
	free(b->keys);
	b->keys = NULL;
	b->nkeys = b->capkeys = 0;
	size_t m = 0;
	/* zeroed, padding included, so that equal summaries compare equal with memcmp */
	struct txs_customer *c = gx_xcalloc(b->n ? b->n : 1, sizeof *c);
	b->stats.customers_holdout_only = 0;
	for (size_t i = 0; i < b->n; i++) {
		const struct txs_acc *a = &b->acc[i];
		if (a->days == 0) {
			b->stats.customers_holdout_only++;
			continue;
		}
		struct txs_customer *o = &c[m++];
		o->customer_id = a->id;
		o->first_day = a->first;
		o->last_day = a->last;
		o->purchase_days = a->days;
		o->x = a->days - 1;
		o->t_x = (double)(a->last - a->first) / unit;
		o->T = (double)((int64_t)b->opt.calibration_end - a->first) / unit;
		o->recency_days = (int32_t)((int64_t)b->opt.calibration_end - a->last);
		o->orders = a->orders;
		o->total_fen = a->total_fen;
		o->mean_order_yuan = (double)a->total_fen / (double)a->orders / 100.0;
		o->mean_repeat_yuan = o->x > 0
			? (double)(a->total_fen - a->first_fen) / (double)o->x / 100.0 : 0.0;
		o->holdout_x = a->hold_days;
		o->holdout_fen = a->hold_fen;
	}
	qsort(c, m, sizeof *c, txs_cmp_id);
	b->stats.holdout_length = (double)((int64_t)b->opt.as_of - b->opt.calibration_end) / unit;
	if (stats)
		*stats = b->stats;
	*out = c;
	*n_out = m;
	return GX_OK;
}

void txs_builder_free(struct txs_builder *b)
{
	if (!b)
		return;
	idmap_free(&b->ids);
	free(b->keys);
	free(b->acc);
	free(b);
}

void txs_compress(const struct txs_customer *c, size_t n, struct btyd_obs **out, size_t *n_out)
{
	struct btyd_obs *r = gx_xmalloc((n ? n : 1) * sizeof *r);
	for (size_t i = 0; i < n; i++) {
		r[i].x = (double)c[i].x;
		r[i].t_x = c[i].t_x;
		r[i].T = c[i].T;
		r[i].count = 1.0;
	}
	*n_out = btyd_obs_compress(r, n);
	*out = r;
}
