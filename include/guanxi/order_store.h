/* Order-specific storage: lines and totals. */
#ifndef GUANXI_ORDER_STORE_H
#define GUANXI_ORDER_STORE_H

#include <stdint.h>

#include "guanxi/store.h"

enum gx_err store_order_lines_delete(struct store *s, int64_t order_id, struct gx_error *err);
enum gx_err store_order_next_line_no(struct store *s, int64_t order_id, int64_t *line_no,
                                     struct gx_error *err);
/* Sets the order's amount_fen and cost_fen to the sums of its lines. */
enum gx_err store_order_refresh_totals(struct store *s, int64_t order_id, struct gx_error *err);
/* Sum of the live refunds of an order, other than exclude_id. */
enum gx_err store_order_refunded_total(struct store *s, int64_t order_id, int64_t exclude_id,
                                       int64_t *total, struct gx_error *err);

/* The id of the order with that number, live or in the recycle bin; *found = 0 if none. */
enum gx_err store_order_id_by_no(struct store *s, const char *order_no, int64_t *id, int *found,
                                 struct gx_error *err);
/* Removes an order and its lines outright (no recycle bin): an importer undoing an order it
 * has just half written inside its own transaction. */
enum gx_err store_order_forget(struct store *s, int64_t order_id, struct gx_error *err);

/* A new order as an importer writes it: every column given (NULL text stays NULL; 0 ids
 * owner_id, department_id and job_id are NULL). */
struct order_new {
	int64_t id;                       /* store_orders_insert_rows only: the id to give it */
	const char *order_no, *kind, *ordered_at, *order_date, *channel, *status, *notes, *credit_form;
	const char *now;                  /* created_at and updated_at */
	int64_t customer_id, owner_id, department_id, job_id;
	int64_t amount_fen, cost_fen, discount, cross_sell;
};
enum gx_err store_order_insert_new(struct store *s, const struct order_new *o, int64_t *id,
                                   struct gx_error *err);

struct order_line_new {
	int64_t order_id;                 /* store_order_lines_insert_rows only */
	int64_t line_no, product_id, quantity, unit_price_fen, amount_fen, cost_fen, discount;
};
/* Inserts n lines of an order, a few per statement. */
enum gx_err store_order_lines_insert(struct store *s, int64_t order_id, const struct order_line_new *l,
                                     size_t n, struct gx_error *err);

/* What the order importer's fast path needs of a customer: its owner (*owner_null when none)
 * and whether it is in the recycle bin. *found = 0 when there is no such customer or the row
 * scope hides it, exactly as store_record_get; a read of two columns instead of the whole
 * record. */
enum gx_err store_order_customer_facts(struct store *s, int64_t id, int64_t *owner_id, int *owner_null,
                                       int *deleted, int *found, struct gx_error *err);
/* The customer whose code is `code`, as the reference look-up of an order's customer cell finds
 * it (by code, whatever the row scope: *id, and *deleted when it is in the recycle bin), with
 * the facts store_order_customer_facts would give for it in the same read. *facts = 0 when a
 * row scope applies to customers: the facts then need store_order_customer_facts. One read
 * per customer of an order import instead of two. */
enum gx_err store_order_customer_by_code(struct store *s, const char *code, int64_t *id, int *deleted,
                                         int64_t *owner_id, int *owner_null, int *facts, int *found,
                                         struct gx_error *err);

/* Bulk imports on SQLite (src/app/import_order_batch.c): orders written several per
 * statement with ids given by the caller, who holds the write lock for the whole load and
 * continues from the table's largest id (store_record_max_id). The statement is the same as store_order_insert_new's
 * with the id added, and the same as store_order_lines_insert's with each line's own order. */
/* The largest order number (in the unique index's order: bytewise) into buf (size bytes;
 * "" when the table is empty); *fits = 0 when it is longer than buf holds. */
enum gx_err store_order_max_no(struct store *s, char *buf, size_t size, int *fits, struct gx_error *err);
enum gx_err store_orders_insert_rows(struct store *s, const struct order_new *o, size_t n,
                                     struct gx_error *err);
enum gx_err store_order_lines_insert_rows(struct store *s, const struct order_line_new *l, size_t n,
                                          struct gx_error *err);

#endif
