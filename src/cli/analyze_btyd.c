/* Loading the customer histories of the RFM and buy-till-you-die commands (analyze_btyd.h).
 * Transactions are reduced with the streaming summariser of guanxi/analytics/txsummary.h, the
 * customer key mapped to its group index so that the model code never sees text. */
#include "cli/analyze_btyd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guanxi/analyze.h"

static int unit_opt(struct cli_ctx *ctx, enum txs_unit *u)
{
	static const char *const units[] = {"days", "weeks", "months", NULL};
	int i = 1;
	int rc = ana_opt_choice(ctx, "unit", units, &i);
	*u = (enum txs_unit)i;
	return rc;
}

/* Reduces (customer index, day, fen) rows to histories; keys[i] names customer index i. */
struct bt_rows {
	size_t n, cap;
	int64_t *cust;
	int32_t *day;
	int64_t *fen;
};

static int summarise(struct cli_ctx *ctx, const struct bt_rows *r, const char **keys, const char **names,
                     int32_t holdout_start, struct bt_input *in)
{
	struct gx_error err;
	gx_error_clear(&err);
	struct txs_options o = {0};
	o.as_of = in->as_of - 1;
	o.calibration_end = in->holdout ? holdout_start - 1 : o.as_of;
	o.unit = in->unit;
	struct txs_builder *b = NULL;
	if (txs_builder_init(&b, &o, &err) != GX_OK)
		return ana_fail(&err);
	for (size_t k = 0; k < r->n; k++)
		if (txs_builder_add(b, r->cust[k], r->day[k], r->fen[k], &err) != GX_OK) {
			txs_builder_free(b);
			return ana_fail(&err);
		}
	struct txs_customer *c = NULL;
	size_t n = 0;
	struct txs_stats st;
	enum gx_err e = txs_builder_finish(b, &c, &n, &st, &err);
	txs_builder_free(b);
	if (e != GX_OK)
		return ana_fail(&err);
	in->holdout_length = st.holdout_length;
	in->n = n;
	in->c = gx_arena_calloc(&ctx->arena, n + 1, sizeof *in->c);
	for (size_t i = 0; i < n; i++) {
		struct bt_customer *bc = &in->c[i];
		bc->tx = c[i];
		bc->key = keys[c[i].customer_id];
		bc->name = names ? names[c[i].customer_id] : "";
		bc->x = (double)c[i].x;
		bc->t_x = c[i].t_x;
		bc->T = c[i].T;
		bc->zbar = c[i].x > 0 ? c[i].mean_repeat_yuan : NAN;
		bc->count = 1;
		bc->has_tx = true;
	}
	free(c);
	if (!n)
		return cli_usage_error(ctx, "%s", _("no customer has a purchase before the as-of date (or the holdout start)"));
	return CLI_OK;
}

static void rows_add(struct gx_arena *a, struct bt_rows *r, int64_t cust, int32_t day, int64_t fen)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		int64_t *c2 = gx_arena_calloc(a, cap, sizeof *c2), *f2 = gx_arena_calloc(a, cap, sizeof *f2);
		int32_t *d2 = gx_arena_calloc(a, cap, sizeof *d2);
		if (r->n) {
			memcpy(c2, r->cust, r->n * sizeof *c2);
			memcpy(f2, r->fen, r->n * sizeof *f2);
			memcpy(d2, r->day, r->n * sizeof *d2);
		}
		r->cust = c2;
		r->fen = f2;
		r->day = d2;
		r->cap = cap;
	}
	r->cust[r->n] = cust;
	r->day[r->n] = day;
	r->fen[r->n] = fen;
	r->n++;
}

static int load_database(struct cli_ctx *ctx, int32_t holdout_start, struct bt_input *in)
{
	struct app_analyze_base b;
	int rc = ana_db_load(ctx, APP_ANALYZE_NO_DAY, in->as_of, &b);
	if (rc)
		return rc;
	struct bt_rows r = {0};
	const char **keys = gx_arena_calloc(&ctx->arena, b.n_customers + 1, sizeof *keys);
	const char **names = gx_arena_calloc(&ctx->arena, b.n_customers + 1, sizeof *names);
	for (size_t i = 0; i < b.n_customers; i++) {
		keys[i] = b.customers[i].code;
		names[i] = b.customers[i].name;
	}
	for (size_t k = 0; k < b.n_orders; k++)
		if (b.orders[k].net_fen > 0)   /* DECISIONS.md: purchases are sales with a positive net amount */
			rows_add(&ctx->arena, &r, (int64_t)b.orders[k].customer, b.orders[k].day, b.orders[k].net_fen);
	return summarise(ctx, &r, keys, names, holdout_start, in);
}

static int load_transactions(struct cli_ctx *ctx, const struct ana_data *d, int c_cust, int c_date,
                             int32_t holdout_start, struct bt_input *in)
{
	struct gx_error err;
	gx_error_clear(&err);
	int c_amt;
	if (ana_data_need(d, cli_opt_or_default(ctx, "amount-col"), &c_amt, &err) != GX_OK)
		return ana_fail(&err);
	size_t *group, ng;
	const char **keys;
	ana_data_group(&ctx->arena, d, c_cust, &group, &keys, &ng);
	struct bt_rows r = {0};
	for (size_t k = 0; k < d->nrows; k++) {
		int32_t day;
		int64_t fen;
		if (!*ana_data_text(d, k, c_cust))
			return ana_fail((ana_data_cell_error(d, k, c_cust, &err, _("a customer id is required")), &err));
		if (ana_data_date(d, k, c_date, &day, &err) != GX_OK || ana_data_fen(d, k, c_amt, true, &fen, &err) != GX_OK)
			return ana_fail(&err);
		rows_add(&ctx->arena, &r, (int64_t)group[k], day, fen);
	}
	return summarise(ctx, &r, keys, NULL, holdout_start, in);
}

/* First of the names present, or -1. */
static int col_any(const struct ana_data *d, const char *const *names)
{
	for (; *names; names++) {
		int c = ana_data_col(d, *names);
		if (c >= 0)
			return c;
	}
	return -1;
}

static int load_summary(struct cli_ctx *ctx, const struct ana_data *d, bool bgbb, struct bt_input *in)
{
	static const char *const xs[] = {"x", "frequency", NULL}, *const txs[] = {"t_x", "recency", NULL},
	                         *const Ts[] = {"T", "periods", "n", NULL}, *const zs[] = {"zbar", "monetary_value", NULL},
	                         *const ns[] = {"count", "weights", "weight", NULL}, *const ids[] = {"id", "customer", NULL};
	struct gx_error err;
	gx_error_clear(&err);
	int cx = col_any(d, xs), ct = col_any(d, txs), cT = col_any(d, Ts), cz = col_any(d, zs), cn = col_any(d, ns);
	int cid = ana_data_col(d, cli_opt_or_default(ctx, "customer-col"));
	if (cid < 0)
		cid = col_any(d, ids);
	if (cx < 0 || ct < 0 || cT < 0)
		return ana_fail((gx_error_set(&err, GX_EINVAL, "file",
		                              _("%s: missing columns: give a transactions file (columns %s, %s, %s), a summary (x, t_x, T[, zbar]) or BG/BB's layout (frequency, recency, periods, count)"),
		                              d->path, cli_opt_or_default(ctx, "customer-col"), cli_opt_or_default(ctx, "date-col"),
		                              cli_opt_or_default(ctx, "amount-col")), &err));
	in->source = bgbb || ana_data_col(d, "periods") >= 0 ? BT_SRC_BGBB : BT_SRC_SUMMARY;
	in->n = d->nrows;
	in->c = gx_arena_calloc(&ctx->arena, d->nrows + 1, sizeof *in->c);
	for (size_t k = 0; k < d->nrows; k++) {
		struct bt_customer *c = &in->c[k];
		c->key = cid >= 0 ? ana_data_text(d, k, cid) : gx_arena_printf(&ctx->arena, "%zu", k + 1);
		c->name = "";
		if (ana_data_num(d, k, cx, false, &c->x, &err) != GX_OK || ana_data_num(d, k, ct, false, &c->t_x, &err) != GX_OK ||
		    ana_data_num(d, k, cT, false, &c->T, &err) != GX_OK)
			return ana_fail(&err);
		c->zbar = NAN;
		if (cz >= 0 && ana_data_num(d, k, cz, true, &c->zbar, &err) != GX_OK)
			return ana_fail(&err);
		c->count = 1;
		if (cn >= 0 && ana_data_num(d, k, cn, false, &c->count, &err) != GX_OK)
			return ana_fail(&err);
		if (c->x < 0 || c->t_x < 0 || c->t_x > c->T || c->count < 0)
			return ana_fail((ana_data_cell_error(d, k, ct, &err, _("need x >= 0 and 0 <= t_x <= T")), &err));
	}
	return CLI_OK;
}

int bt_input_load(struct cli_ctx *ctx, bool bgbb, struct bt_input *in)
{
	memset(in, 0, sizeof *in);
	int32_t holdout_start = 0;
	int rc = unit_opt(ctx, &in->unit);
	if (!rc)
		rc = ana_opt_date(ctx, "as-of", &in->as_of);
	if (!rc && cli_opt(ctx, "holdout-start")) {
		rc = ana_opt_date(ctx, "holdout-start", &holdout_start);
		in->holdout = true;
		if (!rc && holdout_start >= in->as_of)
			rc = cli_usage_error(ctx, "%s", _("--holdout-start must come before --as-of"));
	}
	if (rc)
		return rc;
	in->unit_days = txs_unit_days(in->unit);
	if (!ctx->argc) {
		in->source = BT_SRC_DATABASE;
		return load_database(ctx, holdout_start, in);
	}
	struct gx_error err;
	gx_error_clear(&err);
	struct ana_data d;
	if (ana_data_read(&ctx->arena, ctx->argv[0], &d, &err) != GX_OK)
		return ana_fail(&err);
	int c_cust = ana_data_col(&d, cli_opt_or_default(ctx, "customer-col"));
	int c_date = ana_data_col(&d, cli_opt_or_default(ctx, "date-col"));
	if (c_date >= 0 && !bgbb) {
		if (c_cust < 0 && ana_data_need(&d, cli_opt_or_default(ctx, "customer-col"), &c_cust, &err) != GX_OK)
			return ana_fail(&err);
		in->source = BT_SRC_TRANSACTIONS;
		return load_transactions(ctx, &d, c_cust, c_date, holdout_start, in);
	}
	if (in->holdout)
		return cli_usage_error(ctx, "%s", _("--holdout-start needs transactions (a file with dates, or the database)"));
	return load_summary(ctx, &d, bgbb, in);
}

struct btyd_obs *bt_input_obs(struct cli_ctx *ctx, const struct bt_input *in, size_t *n)
{
	struct btyd_obs *o = gx_arena_calloc(&ctx->arena, in->n + 1, sizeof *o);
	for (size_t i = 0; i < in->n; i++)
		o[i] = (struct btyd_obs){in->c[i].x, in->c[i].t_x, in->c[i].T, in->c[i].count};
	*n = btyd_obs_compress(o, in->n);
	return o;
}

int bt_opt_top(struct cli_ctx *ctx, size_t n, size_t *shown)
{
	long top = 20;
	int rc = ana_opt_long(ctx, "top", 0, 2147483647L, &top);
	*shown = cli_flag(ctx, "all") || (size_t)top > n ? n : (size_t)top;
	return rc;
}

struct rank_ctx {
	const struct bt_input *in;
	const double *score;
};

static int rank_cmp(const void *a, const void *b, void *arg)
{
	const struct rank_ctx *r = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double si = r->score[i], sj = r->score[j];
	if (si != sj)
		return si > sj ? -1 : 1;
	return strcmp(r->in->c[i].key, r->in->c[j].key);
}

size_t *bt_rank(struct cli_ctx *ctx, const struct bt_input *in, const double *score)
{
	size_t *idx = gx_arena_calloc(&ctx->arena, in->n + 1, sizeof *idx);
	for (size_t i = 0; i < in->n; i++)
		idx[i] = i;
	struct rank_ctx r = {in, score};
	qsort_r(idx, in->n, sizeof *idx, rank_cmp, &r);
	return idx;
}
