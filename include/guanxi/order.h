/* Orders with lines (销售订单). An order's amount and cost are the sums of its lines; its
 * local date is taken in the company time zone; its owner and department are those at
 * placement (pivot attribution); refunds are orders of kind "refund" that reference the
 * order they refund (DECISIONS.md "Money", "Orders in analytics"). */
#ifndef GUANXI_ORDER_H
#define GUANXI_ORDER_H

#include "guanxi/app.h"

struct order_line_input {
	struct record line;     /* entity_order_line, fields set with app_field_set_text */
	size_t source_line;     /* the file line it came from, for messages (0: none) */
};

/* Creates the order, or replaces the lines of an existing order with the same order_no
 * (append instead when the existing order was written by the same job, so that the lines of
 * one order may be spread over a file). Validates: customer live, products known, quantity
 * > 0, unit price and amounts >= 0, a line's amount = quantity × unit price unless given, a
 * refund references an order of the same customer and does not exceed it. On success
 * header->id is set. */
enum gx_err app_order_save(struct app *app, struct record *header, struct order_line_input *lines,
                           size_t nlines, struct gx_arena *a, struct gx_error *err);

#endif
