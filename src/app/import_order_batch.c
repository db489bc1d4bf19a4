/* Write-behind of new orders during a bulk order import on SQLite. One INSERT per order and
 * one for its lines, each with its own statement execution (VDBE set-up, bindings, the
 * statement's end), plus `SELECT last_insert_rowid()` for the id, were two fifths of a bulk
 * order import's CPU. Here the orders the fast path has fully checked (save_new_order) are
 * kept back and written 32 per statement, their lines 64 per statement; their ids are given
 * in C, continuing from the table's largest id + 1 — what SQLite itself would give, since
 * orders has no AUTOINCREMENT and a rolled-back import leaves no rows behind. That is safe
 * only in bulk mode: the load is one transaction that took the write lock before its first
 * order (store_bulk_begin dropped indexes), so nobody else can insert an order meanwhile; an
 * order written by the importer's general path (app_order_save) lets SQLite choose its id, and
 * the batch then reads the largest id again (order_batch_forget_ids).
 *
 * Nothing can make a kept-back order fail to insert: every value was checked against the
 * same rules and facts the database enforces (the CHECK constraints are off during a bulk
 * load of orders and tested once at its end), the order number is neither in the table nor
 * in the batch (order_batch_has), and the referenced rows cannot vanish inside the
 * transaction. Should a write fail anyway, the import fails and its transaction is rolled
 * back, instead of the order being rejected alone. */
#include <stdlib.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/record_store.h"

#include "app/import_order_batch.h"

enum { BATCH_ORDERS = 32 };

struct order_batch {
	struct gx_arena arena;          /* the kept orders' text; reset after each write */
	struct order_new orders[BATCH_ORDERS];
	size_t n;
	struct order_line_new *lines;   /* the kept orders' lines, in order */
	size_t nlines, cap_lines;
	int64_t next_id;                /* 0: not known, read from the table */
};

struct order_batch *order_batch_new(void)
{
	struct order_batch *b = gx_xcalloc(1, sizeof *b);
	gx_arena_init(&b->arena, 16384);
	return b;
}

void order_batch_free(struct order_batch *b)
{
	if (!b)
		return;
	gx_arena_free(&b->arena);
	free(b->lines);
	free(b);
}

enum gx_err order_batch_next_id(struct store *s, struct order_batch *b, int64_t *id,
                                struct gx_error *err)
{
	if (!b->next_id) {
		int64_t max_id = 0;
		enum gx_err e = store_record_max_id(s, &entity_order, &max_id, err);
		if (e != GX_OK)
			return e;
		b->next_id = max_id + 1;
	}
	*id = b->next_id;
	return GX_OK;
}

void order_batch_forget_ids(struct order_batch *b)
{
	b->next_id = 0;
}

int order_batch_has(const struct order_batch *b, const char *order_no)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->orders[i].order_no, order_no) == 0)
			return 1;
	return 0;
}

static const char *copy(struct gx_arena *a, const char *s)
{
	return s ? gx_arena_strdup(a, s) : NULL;
}

enum gx_err order_batch_add(struct store *s, struct order_batch *b, const struct order_new *o,
                            const struct order_line_new *lines, size_t n, struct gx_error *err)
{
	struct gx_arena *a = &b->arena;
	struct order_new *k = &b->orders[b->n++];
	*k = *o;
	k->order_no = copy(a, o->order_no);
	k->kind = copy(a, o->kind);
	k->ordered_at = copy(a, o->ordered_at);
	k->order_date = copy(a, o->order_date);
	k->channel = copy(a, o->channel);
	k->status = copy(a, o->status);
	k->notes = copy(a, o->notes);
	k->credit_form = copy(a, o->credit_form);
	k->now = copy(a, o->now);
	if (b->nlines + n > b->cap_lines) {
		b->cap_lines = b->nlines + n > 2 * b->cap_lines ? b->nlines + n : 2 * b->cap_lines;
		b->lines = gx_xrealloc(b->lines, b->cap_lines * sizeof *b->lines);
	}
	memcpy(b->lines + b->nlines, lines, n * sizeof *lines);
	b->nlines += n;
	b->next_id = o->id + 1;
	return b->n == BATCH_ORDERS ? order_batch_write(s, b, err) : GX_OK;
}

enum gx_err order_batch_write(struct store *s, struct order_batch *b, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	if (b->n)
		e = store_orders_insert_rows(s, b->orders, b->n, err);
	if (e == GX_OK && b->nlines)
		e = store_order_lines_insert_rows(s, b->lines, b->nlines, err);
	b->n = 0;
	b->nlines = 0;
	gx_arena_reset(&b->arena);
	return e;
}
