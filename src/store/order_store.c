/* Order lines and order totals. */
#include "guanxi/order_store.h"
#include "store/driver.h"

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
