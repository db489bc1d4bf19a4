/* Credit reads and writes that the generic record store cannot express (see
 * guanxi/credit_store.h). Amounts are summed by the database in integer fen; dates are the
 * stored "YYYY-MM-DD" text, whose text order is date order on both backends. */
#include "guanxi/credit_store.h"

#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/datetime.h"
#include "guanxi/strbuf.h"
#include "store/driver.h"

/* A growing heap array copied into the arena when complete, so callers get arena memory. */
struct grow {
	void *v;
	size_t n, cap, size;
};

static void *grow_next(struct grow *g)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = gx_xrealloc(g->v, g->cap * g->size);
	}
	return (char *)g->v + g->size * g->n++;
}

static void *grow_finish(struct grow *g, struct gx_arena *a, size_t *n)
{
	void *out = gx_arena_alloc(a, g->n ? g->n * g->size : 1);
	if (g->n)
		memcpy(out, g->v, g->n * g->size);
	*n = g->n;
	free(g->v);
	return out;
}

static void grow_drop(struct grow *g)
{
	free(g->v);
}

enum gx_err store_credit_rating_add(struct store *s, int64_t assessment_id,
                                    const struct credit_rating *r, struct gx_error *err)
{
	return db_exec(s, "INSERT INTO credit_ratings (assessment_id, c, criterion, rating) VALUES (?, ?, ?, ?)",
	               NULL, err, "itti", assessment_id, r->c, r->criterion, (int64_t)r->rating);
}

enum gx_err store_credit_ratings(struct store *s, int64_t assessment_id, struct gx_arena *a,
                                 struct credit_rating **out, size_t *n, struct gx_error *err)
{
	/* The C's in the model's order, not alphabetical. */
	static const char sql[] =
		"SELECT c, criterion, rating FROM credit_ratings WHERE assessment_id = ? ORDER BY"
		" CASE c WHEN 'character' THEN 0 WHEN 'capacity' THEN 1 WHEN 'capital' THEN 2"
		" WHEN 'collateral' THEN 3 ELSE 4 END, criterion";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", assessment_id);
	struct grow g = {.size = sizeof(struct credit_rating)};
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		struct credit_rating *r = grow_next(&g);
		r->c = gx_arena_strdup(a, db_col_text(s, st, 0));
		r->criterion = gx_arena_strdup(a, db_col_text(s, st, 1));
		r->rating = (int)db_col_i64(s, st, 2);
	}
	db_reset(s, st);
	if (e != GX_OK) {
		grow_drop(&g);
		return e;
	}
	*out = grow_finish(&g, a, n);
	return GX_OK;
}

enum gx_err store_credit_current_id(struct store *s, int64_t customer_id, int64_t *id, int *found,
                                    struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT id FROM credit_assessments WHERE customer_id = ?"
	                    " ORDER BY assessed_on DESC, id DESC LIMIT 1",
	                    id, found, err, "i", customer_id);
}

enum gx_err store_credit_open_receivables(struct store *s, int64_t customer_id, int64_t *fen,
                                          struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COALESCE(SUM(amount_fen - paid_fen), 0) FROM invoices"
	                    " WHERE customer_id = ? AND status = 'open'",
	                    fen, NULL, err, "i", customer_id);
}

enum gx_err store_credit_unpaid_open_orders(struct store *s, int64_t customer_id,
                                            int64_t exclude_order_id, int64_t *fen,
                                            struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COALESCE(SUM(o.amount_fen), 0) FROM orders o"
	                    " WHERE o.customer_id = ? AND o.id <> ? AND o.kind = 'sale'"
	                    " AND o.status = 'open' AND o.credit_form <> 'cash' AND o.deleted_at IS NULL"
	                    " AND NOT EXISTS (SELECT 1 FROM invoice_orders io WHERE io.order_id = o.id)",
	                    fen, NULL, err, "ii", customer_id, exclude_order_id);
}

enum gx_err store_credit_order_invoiced(struct store *s, int64_t order_id, int *invoiced,
                                        struct gx_error *err)
{
	int64_t n = 0;
	enum gx_err e = db_query_i64(s, "SELECT COUNT(*) FROM invoice_orders WHERE order_id = ?", &n,
	                             NULL, err, "i", order_id);
	*invoiced = n > 0;
	return e;
}

static enum gx_err day_of(const char *text, int32_t *day, struct gx_error *err)
{
	return gx_date_parse(text ? text : "", day, "date", err);
}

enum gx_err store_credit_net_orders(struct store *s, int64_t customer_id, struct gx_arena *a,
                                    struct gx_credit_order **out, size_t *n, struct gx_error *err)
{
	static const char sql[] =
		"SELECT o.order_date, o.amount_fen + COALESCE((SELECT SUM(r.amount_fen) FROM orders r"
		" WHERE r.refund_of = o.id AND r.kind = 'refund' AND r.deleted_at IS NULL"
		" AND r.status <> 'cancelled'), 0)"
		" FROM orders o WHERE o.customer_id = ? AND o.kind = 'sale' AND o.deleted_at IS NULL"
		" AND o.status <> 'cancelled' ORDER BY o.order_date, o.id";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", customer_id);
	struct grow g = {.size = sizeof(struct gx_credit_order)};
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		struct gx_credit_order *o = grow_next(&g);
		if ((e = day_of(db_col_text(s, st, 0), &o->day, err)) != GX_OK)
			break;
		int64_t net = db_col_i64(s, st, 1);
		o->net_fen = net > 0 ? net : 0;
	}
	db_reset(s, st);
	if (e != GX_OK) {
		grow_drop(&g);
		return e;
	}
	*out = grow_finish(&g, a, n);
	return GX_OK;
}

enum gx_err store_credit_invoice_history(struct store *s, int64_t customer_id, struct gx_arena *a,
                                         struct gx_credit_invoice **out, size_t *n,
                                         struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT due_on, paid_off_on FROM invoices WHERE customer_id = ? ORDER BY id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", customer_id);
	struct grow g = {.size = sizeof(struct gx_credit_invoice)};
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		struct gx_credit_invoice *v = grow_next(&g);
		if ((e = day_of(db_col_text(s, st, 0), &v->due_day, err)) != GX_OK)
			break;
		v->paid_day = GX_CREDIT_UNPAID;
		if (!db_col_is_null(s, st, 1) && (e = day_of(db_col_text(s, st, 1), &v->paid_day, err)) != GX_OK)
			break;
	}
	db_reset(s, st);
	if (e != GX_OK) {
		grow_drop(&g);
		return e;
	}
	*out = grow_finish(&g, a, n);
	return GX_OK;
}

enum gx_err store_credit_receivables_at(struct store *s, const char *as_of, int64_t customer_id,
                                        struct gx_arena *a, struct credit_receivable_row **out,
                                        size_t *n, struct gx_error *err)
{
	static const char all[] =
		"SELECT i.customer_id, c.code, c.name, i.due_on, i.amount_fen - COALESCE((SELECT"
		" SUM(p.amount_fen) FROM payments p WHERE p.invoice_id = i.id AND p.paid_on <= ?1), 0)"
		" FROM invoices i JOIN customers c ON c.id = i.customer_id"
		" WHERE i.issued_on <= ?1 ORDER BY c.code, i.due_on, i.id";
	static const char one[] =
		"SELECT i.customer_id, c.code, c.name, i.due_on, i.amount_fen - COALESCE((SELECT"
		" SUM(p.amount_fen) FROM payments p WHERE p.invoice_id = i.id AND p.paid_on <= ?1), 0)"
		" FROM invoices i JOIN customers c ON c.id = i.customer_id"
		" WHERE i.issued_on <= ?1 AND i.customer_id = ?2 ORDER BY c.code, i.due_on, i.id";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, customer_id ? one : all, &st, err);
	if (e != GX_OK)
		return e;
	if (customer_id)
		db_bindv(s, st, "ti", as_of, customer_id);
	else
		db_bindv(s, st, "t", as_of);
	struct grow g = {.size = sizeof(struct credit_receivable_row)};
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		int64_t open = db_col_i64(s, st, 4);
		if (open <= 0)
			continue;
		struct credit_receivable_row *r = grow_next(&g);
		r->customer_id = db_col_i64(s, st, 0);
		r->customer_code = gx_arena_strdup(a, db_col_text(s, st, 1));
		r->customer_name = gx_arena_strdup(a, db_col_text(s, st, 2));
		r->open_fen = open;
		if ((e = day_of(db_col_text(s, st, 3), &r->due_day, err)) != GX_OK)
			break;
	}
	db_reset(s, st);
	if (e != GX_OK) {
		grow_drop(&g);
		return e;
	}
	*out = grow_finish(&g, a, n);
	return GX_OK;
}

enum gx_err store_invoice_link_order(struct store *s, int64_t invoice_id, int64_t order_id,
                                     struct gx_error *err)
{
	return db_exec(s, "INSERT INTO invoice_orders (invoice_id, order_id) VALUES (?, ?)", NULL, err,
	               "ii", invoice_id, order_id);
}

enum gx_err store_invoice_orders(struct store *s, int64_t invoice_id, struct gx_arena *a,
                                 const char **out, struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT o.order_no FROM invoice_orders io JOIN orders o ON o.id = io.order_id"
	                           " WHERE io.invoice_id = ? ORDER BY o.order_no",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", invoice_id);
	struct strbuf b;
	sb_init(&b);
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		if (b.len)
			sb_addc(&b, ';');
		sb_add(&b, db_col_text(s, st, 0));
	}
	db_reset(s, st);
	*out = e == GX_OK && b.len ? gx_arena_strdup(a, sb_str(&b)) : NULL;
	sb_free(&b);
	return e;
}

enum gx_err store_invoice_refresh_paid(struct store *s, int64_t invoice_id, struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	return db_exec(s,
	               "UPDATE invoices SET"
	               " paid_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE invoice_id = ?1),"
	               " status = CASE WHEN (SELECT COALESCE(SUM(amount_fen), 0) FROM payments"
	               " WHERE invoice_id = ?1) >= amount_fen THEN 'paid' ELSE 'open' END,"
	               " paid_off_on = CASE WHEN (SELECT COALESCE(SUM(amount_fen), 0) FROM payments"
	               " WHERE invoice_id = ?1) >= amount_fen"
	               " THEN (SELECT MAX(paid_on) FROM payments WHERE invoice_id = ?1) END,"
	               " version = version + 1, updated_at = ?2 WHERE id = ?1",
	               NULL, err, "it", invoice_id, now);
}

enum gx_err store_credit_override_set_status(struct store *s, int64_t id,
                                             const struct credit_override_change *c, int *changed,
                                             struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	int64_t n = 0;
	enum gx_err e;
	if (strcmp(c->to, "used") == 0)
		e = db_exec(s,
		            "UPDATE credit_overrides SET status = ?, order_id = ?, version = version + 1,"
		            " updated_at = ? WHERE id = ? AND status = ?",
		            &n, err, "tItit", c->to, c->order_id, now, id, c->from);
	else
		e = db_exec(s,
		            "UPDATE credit_overrides SET status = ?, decided_by = ?, decided_at = ?,"
		            " decision_note = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = ?",
		            &n, err, "tIttt" "it", c->to, c->user_id, now, c->note, now, id, c->from);
	*changed = n > 0;
	return e;
}
