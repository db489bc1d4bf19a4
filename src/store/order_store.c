/* Order lines and order totals, and the writes and reads of the order importer's fast path. */
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/entity.h"
#include "guanxi/order_store.h"
#include "guanxi/record_store.h"
#include "store/driver.h"
#include "store/scope_sql.h"
#include "store/sql_params.h"

enum gx_err store_order_lines_delete(struct store *s, int64_t order_id, struct gx_error *err)
{
	return db_exec(s, "DELETE FROM order_lines WHERE order_id = ?", NULL, err, "i", order_id);
}

enum gx_err store_order_next_line_no(struct store *s, int64_t order_id, int64_t *line_no,
                                     struct gx_error *err)
{
	return db_query_i64(s, "SELECT COALESCE(MAX(line_no), 0) + 1 FROM order_lines WHERE order_id = ?",
	                    line_no, NULL, err, "i", order_id);
}

enum gx_err store_order_refresh_totals(struct store *s, int64_t order_id, struct gx_error *err)
{
	return db_exec(s,
	               "UPDATE orders SET"
	               " amount_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM order_lines WHERE order_id = ?1),"
	               " cost_fen = (SELECT COALESCE(SUM(cost_fen), 0) FROM order_lines WHERE order_id = ?1)"
	               " WHERE id = ?1",
	               NULL, err, "i", order_id);
}

enum gx_err store_order_refunded_total(struct store *s, int64_t order_id, int64_t exclude_id,
                                       int64_t *total, struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COALESCE(SUM(amount_fen), 0) FROM orders WHERE refund_of = ? AND id <> ?"
	                    " AND deleted_at IS NULL",
	                    total, NULL, err, "ii", order_id, exclude_id);
}

enum gx_err store_order_id_by_no(struct store *s, const char *order_no, int64_t *id, int *found,
                                 struct gx_error *err)
{
	return db_query_i64(s, "SELECT id FROM orders WHERE order_no = ?", id, found, err, "t", order_no);
}

enum gx_err store_order_forget(struct store *s, int64_t order_id, struct gx_error *err)
{
	enum gx_err e = db_exec(s, "DELETE FROM order_lines WHERE order_id = ?", NULL, err, "i", order_id);
	if (e == GX_OK)
		e = db_exec(s, "DELETE FROM orders WHERE id = ?", NULL, err, "i", order_id);
	return e;
}

enum gx_err store_order_insert_new(struct store *s, const struct order_new *o, int64_t *id,
                                   struct gx_error *err)
{
	/* Every column named, defaults bound by the caller: one statement text whatever is NULL. */
	const char *sql = s->backend == STORE_SQLITE
		? "INSERT INTO orders (order_no, customer_id, kind, ordered_at, order_date, channel, owner_id,"
		  " department_id, amount_fen, cost_fen, discount, cross_sell, status, notes, job_id,"
		  " credit_form, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		: "INSERT INTO orders (order_no, customer_id, kind, ordered_at, order_date, channel, owner_id,"
		  " department_id, amount_fen, cost_fen, discount, cross_sell, status, notes, job_id,"
		  " credit_form, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		  " RETURNING id";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "tittttIIiiiittIttt", o->order_no, o->customer_id, o->kind, o->ordered_at,
	         o->order_date, o->channel, o->owner_id, o->department_id, o->amount_fen, o->cost_fen,
	         o->discount, o->cross_sell, o->status, o->notes, o->job_id, o->credit_form, o->now, o->now);
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row)
		*id = db_col_i64(s, st, 0);
	while (e == GX_OK && row)
		e = db_step(s, st, &row, err);
	db_reset(s, st);
	if (e == GX_OK && s->backend == STORE_SQLITE)
		e = db_query_i64(s, "SELECT last_insert_rowid()", id, &row, err, "");
	return e;
}

static enum gx_err insert_lines(struct store *s, int64_t order_id, const struct order_line_new *l, size_t n,
                                size_t most, struct gx_error *err);

enum gx_err store_order_lines_insert(struct store *s, int64_t order_id, const struct order_line_new *l,
                                     size_t n, struct gx_error *err)
{
	return insert_lines(s, order_id, l, n, 4, err);   /* 4 per statement: most orders have 1–3 lines */
}

enum gx_err store_order_customer_facts(struct store *s, int64_t id, int64_t *owner_id, int *owner_null,
                                       int *deleted, int *found, struct gx_error *err)
{
	*owner_id = 0;
	*owner_null = 1;
	*deleted = 0;
	*found = 0;
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT owner_id, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM customers WHERE id = ");
	sqlb_param_i64(&b, id);
	scope_sql_where(s, &entity_customer, &b);   /* the caller's row scope, as store_record_get */
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e == GX_OK) {
		sqlb_bind(s, &b, st);
		int row = 0;
		e = db_step(s, st, &row, err);
		if (e == GX_OK && row) {
			*found = 1;
			*owner_null = db_col_is_null(s, st, 0);
			*owner_id = *owner_null ? 0 : db_col_i64(s, st, 0);
			*deleted = db_col_i64(s, st, 1) != 0;
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_order_customer_by_code(struct store *s, const char *code, int64_t *id, int *deleted,
                                         int64_t *owner_id, int *owner_null, int *facts, int *found,
                                         struct gx_error *err)
{
	*id = 0;
	*deleted = 0;
	*owner_id = 0;
	*owner_null = 1;
	*facts = !scope_sql_active(s, &entity_customer);
	*found = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT id, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, owner_id FROM customers"
	                              " WHERE code = ?", &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", code);
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		*found = 1;
		*id = db_col_i64(s, st, 0);
		*deleted = db_col_i64(s, st, 1) != 0;
		*owner_null = db_col_is_null(s, st, 2);
		*owner_id = *owner_null ? 0 : db_col_i64(s, st, 2);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_order_max_no(struct store *s, char *buf, size_t size, int *fits, struct gx_error *err)
{
	buf[0] = '\0';
	*fits = 1;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT MAX(order_no) FROM orders", &st, err);
	if (e != GX_OK)
		return e;
	int row = 0;
	e = db_step(s, st, &row, err);
	const char *t = e == GX_OK && row ? db_col_text(s, st, 0) : NULL;
	if (t && strlen(t) < size)
		memcpy(buf, t, strlen(t) + 1);
	else if (t)
		*fits = 0;
	db_reset(s, st);
	return e;
}

/* Rows per statement of the two functions below, largest first: a batch of n rows takes
 * the largest that fit, so that only these few statement texts are ever prepared (and kept
 * in the driver's cache). 32 orders bind 608 values, 64 lines 512: below SQLite's limit of
 * 999 in any build. */
static size_t rows_per_statement(size_t n, size_t most)
{
	static const size_t sizes[] = {64, 32, 8, 2, 1};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		if (sizes[i] <= most && sizes[i] <= n)
			return sizes[i];
	return 1;
}

enum gx_err store_orders_insert_rows(struct store *s, const struct order_new *o, size_t n,
                                     struct gx_error *err)
{
	enum { MOST = 32, COLS = 19 };
	static const char head[] = "INSERT INTO orders (id, order_no, customer_id, kind, ordered_at, order_date,"
	                           " channel, owner_id, department_id, amount_fen, cost_fen, discount, cross_sell,"
	                           " status, notes, job_id, credit_form, created_at, updated_at) VALUES ";
	static const char tuple[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	while (n) {
		size_t k = rows_per_statement(n, MOST);
		char sql[sizeof head + MOST * (sizeof tuple + 2)];
		sql_multirow_text(sql, head, tuple, k);
		struct db_stmt *st;
		enum gx_err e = db_prepare(s, sql, &st, err);
		if (e != GX_OK)
			return e;
		/* The texts stay in the caller's memory until db_reset: bound without a copy. */
		void (*bind_text)(struct db_stmt *, int, const char *) =
			s->drv->bind_text_static ? s->drv->bind_text_static : s->drv->bind_text;
		int p = 1;
		for (size_t i = 0; i < k; i++, p += COLS) {
			const struct order_new *r = &o[i];
			const int64_t ints[] = {r->id, r->customer_id, r->owner_id, r->department_id, r->amount_fen,
			                        r->cost_fen, r->discount, r->cross_sell, r->job_id};
			const int at[] = {1, 3, 8, 9, 10, 11, 12, 13, 16};   /* 1-based columns of ints */
			const int optional = (1 << 2) | (1 << 3) | (1 << 8);   /* 0 is NULL: owner, department, job */
			for (int j = 0; j < 9; j++) {
				if ((optional >> j & 1) && !ints[j])
					s->drv->bind_null(st, p + at[j] - 1);
				else
					s->drv->bind_i64(st, p + at[j] - 1, ints[j]);
			}
			const char *texts[] = {r->order_no, r->kind, r->ordered_at, r->order_date, r->channel,
			                       r->status, r->notes, r->credit_form, r->now, r->now};
			const int tat[] = {2, 4, 5, 6, 7, 14, 15, 17, 18, 19};
			for (int j = 0; j < 10; j++)
				bind_text(st, p + tat[j] - 1, texts[j]);
		}
		int row = 0;
		e = db_step(s, st, &row, err);
		db_reset(s, st);
		if (e != GX_OK)
			return e;
		o += k;
		n -= k;
	}
	return GX_OK;
}

/* Lines in multi-row INSERTs of at most `most` rows (at most 64): of the order order_id when it
 * is not 0 (statements of min(n, most) rows), else each of its own order (statements of the
 * few sizes of rows_per_statement, so that their texts stay in the statement cache). */
static enum gx_err insert_lines(struct store *s, int64_t order_id, const struct order_line_new *l, size_t n,
                                size_t most, struct gx_error *err)
{
	static const char head[] = "INSERT INTO order_lines (order_id, line_no, product_id, quantity,"
	                           " unit_price_fen, amount_fen, cost_fen, discount) VALUES ";
	static const char tuple[] = "(?, ?, ?, ?, ?, ?, ?, ?)";
	while (n) {
		size_t k = order_id ? (n < most ? n : most) : rows_per_statement(n, most);
		char sql[sizeof head + 64 * (sizeof tuple + 2)];
		sql_multirow_text(sql, head, tuple, k);
		struct db_stmt *st;
		enum gx_err e = db_prepare(s, sql, &st, err);
		if (e != GX_OK)
			return e;
		int p = 1;
		for (size_t i = 0; i < k; i++) {
			const int64_t v[8] = {order_id ? order_id : l[i].order_id, l[i].line_no, l[i].product_id,
			                      l[i].quantity, l[i].unit_price_fen, l[i].amount_fen, l[i].cost_fen,
			                      l[i].discount};
			for (int j = 0; j < 8; j++)
				s->drv->bind_i64(st, p++, v[j]);
		}
		int row = 0;
		e = db_step(s, st, &row, err);
		db_reset(s, st);
		if (e != GX_OK)
			return e;
		l += k;
		n -= k;
	}
	return GX_OK;
}

enum gx_err store_order_lines_insert_rows(struct store *s, const struct order_line_new *l, size_t n,
                                          struct gx_error *err)
{
	return insert_lines(s, 0, l, n, 64, err);
}
