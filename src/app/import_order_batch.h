/* Write-behind of new orders during a bulk order import on SQLite (import_order_batch.c).
 * Private to app/. */
#ifndef GX_APP_IMPORT_ORDER_BATCH_H
#define GX_APP_IMPORT_ORDER_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/order_store.h"

struct order_batch;

struct order_batch *order_batch_new(void);
void order_batch_free(struct order_batch *b);
/* The id the next added order will have: the table's largest + 1 when no id is known (first
 * order, or after order_batch_forget_ids), else one more than the last one given. */
enum gx_err order_batch_next_id(struct store *s, struct order_batch *b, int64_t *id,
                                struct gx_error *err);
/* Keeps a copy of the order (o->id from order_batch_next_id) and of its n lines (their
 * order_id set); writes the batch when it is full. A failure to write is returned. */
enum gx_err order_batch_add(struct store *s, struct order_batch *b, const struct order_new *o,
                            const struct order_line_new *lines, size_t n, struct gx_error *err);
/* 1 if an order kept back has that number (the database cannot see it yet). */
int order_batch_has(const struct order_batch *b, const char *order_no);
/* Writes the orders kept back. */
enum gx_err order_batch_write(struct store *s, struct order_batch *b, struct gx_error *err);
/* Someone else (app_order_save) may have inserted orders: read the next id again. */
void order_batch_forget_ids(struct order_batch *b);

#endif
