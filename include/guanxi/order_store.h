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

#endif
