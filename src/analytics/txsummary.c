/* Streaming reduction of order rows to per-customer purchase summaries (see
 * include/guanxi/analytics/txsummary.h). Customers are numbered densely in arrival order so
 * a customer-day fits one 64-bit key (index << 32 | day) of a hash set; that set is what makes
 * "two orders on one day are one purchase" work for unsorted input, and it is the only part
 * whose size follows the data (distinct customer-days). */
#include "guanxi/analytics/txsummary.h"

#include <stdlib.h>
#include <string.h>

#include "analytics/idmap.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

struct txs_acc {
	int64_t id;
	int32_t first, last;       /* calibration purchase days; first = INT32_MAX when none */
	int64_t days, orders, total_fen, first_fen;
	int64_t hold_days, hold_fen;
};

struct txs_builder {
	struct txs_options opt;
	struct idmap ids;          /* customer id → index into acc */
	struct idmap days;         /* set of (index << 32 | day) */
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
	idmap_init_set(&b->days);
	*out = b;
	return GX_OK;
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
	}
	size_t idx = (size_t)*slot;
	struct txs_acc *a = &b->acc[idx];
	int new_day;
	idmap_upsert(&b->days, ((uint64_t)idx << 32) | (uint32_t)day, 0, &new_day);
	b->stats.rows_used++;
	if (day > b->opt.calibration_end) {
		a->hold_fen += amount_fen;
		a->hold_days += new_day;
		return GX_OK;
	}
	a->orders++;
	a->total_fen += amount_fen;
	a->days += new_day;
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
	idmap_free(&b->days);
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
