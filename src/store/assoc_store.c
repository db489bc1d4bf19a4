/* Baskets and association rules (see guanxi/assoc_store.h).
 *
 * Why the baskets are streamed and the pairs counted in the miner's memory rather than in SQL:
 * a self-join of order_lines on order_id (one row per pair of lines of an order, grouped by
 * product pair) makes the database materialise and aggregate Σ(lines per order)² rows — for
 * the 10M orders of the 1M-customer demo a hash aggregate or sort of tens of millions of rows
 * on disk, on both backends — and repeat it for every change of thresholds. One pass over the
 * lines in order-id order (the orders' primary key on SQLite, single-row mode on PostgreSQL)
 * reads each line once and holds one basket at a time; the counts kept are one per product and
 * one per product pair seen, bounded by the catalogue, not by the orders. */
#include "guanxi/assoc_store.h"

#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/strbuf.h"
#include "store/driver.h"

#define RULE_COLS 9
#define BATCH 200

enum gx_err store_assoc_baskets(struct store *s,
                                enum gx_err (*on_basket)(void *ctx, const int64_t *products, size_t n,
                                                         struct gx_error *err),
                                void *ctx, struct gx_error *err)
{
	static const char sql[] =
		"SELECT o.id, ol.product_id FROM orders o"
		" JOIN customers c ON c.id = o.customer_id"
		" JOIN order_lines ol ON ol.order_id = o.id"
		" WHERE o.kind = 'sale' AND o.status <> 'cancelled' AND o.deleted_at IS NULL AND c.deleted_at IS NULL"
		" ORDER BY o.id";
	store_stream_reads(s, 1);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK) {
		store_stream_reads(s, 0);
		return e;
	}
	size_t n = 0, cap = 64;
	int64_t *basket = gx_xmalloc(cap * sizeof *basket), order = 0;
	int row = 0;
	while (e == GX_OK && (e = db_step(s, st, &row, err)) == GX_OK && row) {
		int64_t id = db_col_i64(s, st, 0);
		if (n && id != order)
			e = on_basket(ctx, basket, n, err), n = 0;
		order = id;
		if (n == cap)
			basket = gx_xrealloc(basket, (cap *= 2) * sizeof *basket);
		basket[n++] = db_col_i64(s, st, 1);
	}
	db_reset(s, st);
	store_stream_reads(s, 0);
	if (e == GX_OK && n)
		e = on_basket(ctx, basket, n, err);
	free(basket);
	return e;
}

enum gx_err store_assoc_run_insert(struct store *s, const struct store_assoc_run *r, int64_t *run_id,
                                   struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_query_i64(s,
	                    "INSERT INTO assoc_runs (job_id, created_at, baskets, products, pairs, rules, min_support,"
	                    " min_confidence, min_lift) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    run_id, NULL, err, "Itiiiiddd", r->job_id, now, r->baskets, r->products, r->pairs, r->rules,
	                    r->min_support, r->min_confidence, r->min_lift);
}

static void insert_sql(struct strbuf *b, size_t rows)
{
	sb_add(b, "INSERT INTO assoc_rules (run_id, antecedent_id, consequent_id, n_both, n_antecedent, n_consequent,"
	          " support, confidence, lift) VALUES ");
	for (size_t r = 0; r < rows; r++)
		sb_add(b, r ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?)");
}

static enum gx_err insert_rows(struct store *s, int64_t run_id, const struct assoc_rule *rules, size_t n,
                               struct gx_error *err)
{
	struct strbuf b;
	sb_init(&b);
	insert_sql(&b, n);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&b), &st, err);
	sb_free(&b);
	if (e != GX_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		int base = (int)(i * RULE_COLS);
		const struct assoc_rule *r = &rules[i];
		s->drv->bind_i64(st, base + 1, run_id);
		s->drv->bind_i64(st, base + 2, r->antecedent);
		s->drv->bind_i64(st, base + 3, r->consequent);
		s->drv->bind_i64(st, base + 4, r->n_both);
		s->drv->bind_i64(st, base + 5, r->n_antecedent);
		s->drv->bind_i64(st, base + 6, r->n_consequent);
		s->drv->bind_double(st, base + 7, r->support);
		s->drv->bind_double(st, base + 8, r->confidence);
		s->drv->bind_double(st, base + 9, r->lift);
	}
	int row;
	e = db_step(s, st, &row, err);
	db_reset(s, st);
	return e;
}

enum gx_err store_assoc_rules_replace(struct store *s, int64_t run_id, const struct assoc_rule *rules, size_t n,
                                      struct gx_error *err)
{
	enum gx_err e = db_exec(s, "DELETE FROM assoc_rules", NULL, err, "");
	for (size_t i = 0; e == GX_OK && i < n; i += BATCH)
		e = insert_rows(s, run_id, rules + i, n - i < BATCH ? n - i : BATCH, err);
	return e;
}

enum gx_err store_assoc_run_latest(struct store *s, struct gx_arena *a, struct store_assoc_run *out, int *found,
                                   struct gx_error *err)
{
	*found = 0;
	memset(out, 0, sizeof *out);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT id, job_id, created_at, baskets, products, pairs, rules, min_support,"
	                           " min_confidence, min_lift FROM assoc_runs ORDER BY id DESC LIMIT 1",
	                           &st, err);
	if (e != GX_OK)
		return e;
	int row;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*found = 1;
		out->id = db_col_i64(s, st, 0);
		out->job_id = db_col_is_null(s, st, 1) ? 0 : db_col_i64(s, st, 1);
		out->created_at = gx_arena_strdup(a, db_col_text(s, st, 2));
		out->baskets = db_col_i64(s, st, 3);
		out->products = db_col_i64(s, st, 4);
		out->pairs = db_col_i64(s, st, 5);
		out->rules = db_col_i64(s, st, 6);
		out->min_support = db_col_double(s, st, 7);
		out->min_confidence = db_col_double(s, st, 8);
		out->min_lift = db_col_double(s, st, 9);
	}
	db_reset(s, st);
	return e;
}

#define RULE_SELECT \
	"SELECT r.antecedent_id, r.consequent_id, r.n_both, r.n_antecedent, r.n_consequent, r.support, r.confidence," \
	" r.lift, pa.sku, pa.name, pc.sku, pc.name FROM assoc_rules r" \
	" JOIN products pa ON pa.id = r.antecedent_id JOIN products pc ON pc.id = r.consequent_id"

static enum gx_err read_rules(struct store *s, struct db_stmt *st, struct gx_arena *a, struct store_assoc_rule **out,
                              size_t *n, struct gx_error *err)
{
	size_t cap = 16;
	struct store_assoc_rule *v = gx_arena_calloc(a, cap, sizeof *v);
	*n = 0;
	int row;
	enum gx_err e;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		if (*n == cap) {
			struct store_assoc_rule *w = gx_arena_calloc(a, cap * 2, sizeof *w);
			memcpy(w, v, cap * sizeof *v);
			v = w;
			cap *= 2;
		}
		struct store_assoc_rule *r = &v[(*n)++];
		r->r = (struct assoc_rule){db_col_i64(s, st, 0), db_col_i64(s, st, 1), db_col_i64(s, st, 2),
		                           db_col_i64(s, st, 3), db_col_i64(s, st, 4), db_col_double(s, st, 5),
		                           db_col_double(s, st, 6), db_col_double(s, st, 7)};
		r->antecedent_sku = gx_arena_strdup(a, db_col_text(s, st, 8) ? db_col_text(s, st, 8) : "");
		r->antecedent_name = gx_arena_strdup(a, db_col_text(s, st, 9) ? db_col_text(s, st, 9) : "");
		r->consequent_sku = gx_arena_strdup(a, db_col_text(s, st, 10) ? db_col_text(s, st, 10) : "");
		r->consequent_name = gx_arena_strdup(a, db_col_text(s, st, 11) ? db_col_text(s, st, 11) : "");
	}
	db_reset(s, st);
	*out = v;
	return e;
}

enum gx_err store_assoc_rules_list(struct store *s, size_t limit, struct gx_arena *a, struct store_assoc_rule **out,
                                   size_t *n, struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           RULE_SELECT " ORDER BY r.lift DESC, r.confidence DESC, r.n_both DESC, r.antecedent_id,"
	                                       " r.consequent_id LIMIT ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", (int64_t)limit);
	return read_rules(s, st, a, out, n, err);
}

enum gx_err store_assoc_customer_rules(struct store *s, int64_t customer_id, struct gx_arena *a,
                                       struct store_assoc_rule **out, size_t *n, struct gx_error *err)
{
	/* the customer's products: a few orders through orders_customer, then their lines */
#define OWNED "SELECT ol.product_id FROM orders o JOIN order_lines ol ON ol.order_id = o.id" \
	" WHERE o.customer_id = ? AND o.kind = 'sale' AND o.status <> 'cancelled' AND o.deleted_at IS NULL"
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           RULE_SELECT " WHERE r.antecedent_id IN (" OWNED ") AND r.consequent_id NOT IN (" OWNED ")"
	                                       " AND pc.deleted_at IS NULL"
	                                       " ORDER BY r.confidence DESC, r.lift DESC, r.consequent_id, r.antecedent_id",
	                           &st, err);
#undef OWNED
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "ii", customer_id, customer_id);
	return read_rules(s, st, a, out, n, err);
}

enum gx_err store_assoc_product(struct store *s, int64_t id, struct gx_arena *a, const char **sku, const char **name,
                                struct gx_error *err)
{
	*sku = *name = "";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT sku, name FROM products WHERE id = ?", &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", id);
	int row;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*sku = gx_arena_strdup(a, db_col_text(s, st, 0) ? db_col_text(s, st, 0) : "");
		*name = gx_arena_strdup(a, db_col_text(s, st, 1) ? db_col_text(s, st, 1) : "");
	}
	db_reset(s, st);
	return e;
}
