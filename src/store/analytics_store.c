/* Analytics reads (see guanxi/analytics_store.h). Refunds are joined to their sale through a
 * grouped subquery rather than a correlated one, so that one pass over orders serves the whole
 * customer base. */
#include "guanxi/analytics_store.h"
#include "store/driver.h"

/* Sales net of the refunds dated before as_of (?1), cancelled and deleted rows left out. */
#define NET_SALES                                                                                  \
	"SELECT o.id AS id, o.customer_id AS customer_id, o.order_date AS order_date,"              \
	" o.amount_fen + COALESCE(r.amount_fen, 0) AS net_fen,"                                      \
	" o.cost_fen + COALESCE(r.cost_fen, 0) AS net_cost_fen, o.discount AS discount,"             \
	" o.status AS status"                                                                        \
	" FROM orders o LEFT JOIN (SELECT refund_of, SUM(amount_fen) AS amount_fen,"                 \
	" SUM(cost_fen) AS cost_fen FROM orders WHERE kind = 'refund' AND refund_of IS NOT NULL"    \
	" AND deleted_at IS NULL"                                                                    \
	" AND status <> 'cancelled' AND order_date < ?1 GROUP BY refund_of) r ON r.refund_of = o.id" \
	" WHERE o.kind = 'sale' AND o.deleted_at IS NULL AND o.status <> 'cancelled'"                \
	" AND o.order_date < ?1"

enum gx_err store_analytics_customer_totals(struct store *s, const char *from, const char *as_of,
                                            store_customer_totals_fn fn, void *ctx,
                                            struct gx_error *err)
{
	static const char sql[] =
		"SELECT c.id, c.code, c.name, COALESCE(SUM(n.net_fen), 0), COALESCE(SUM(n.net_cost_fen), 0),"
		" COUNT(CASE WHEN n.net_fen > 0 THEN 1 END),"
		" MIN(CASE WHEN n.net_fen > 0 THEN n.order_date END),"
		" MAX(CASE WHEN n.net_fen > 0 THEN n.order_date END)"
		" FROM customers c LEFT JOIN (" NET_SALES ") n ON n.customer_id = c.id"
		" AND n.order_date >= ?2"
		" WHERE c.deleted_at IS NULL"
		" GROUP BY c.id, c.code, c.name ORDER BY c.id";
	struct db_stmt *st;
	if (db_prepare(s, sql, &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "tt", as_of, from ? from : "0000-01-01");
	enum gx_err e = GX_OK;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		struct store_customer_totals t = {
			.id = db_col_i64(s, st, 0),
			.code = db_col_text(s, st, 1),
			.name = db_col_text(s, st, 2),
			.revenue_fen = db_col_i64(s, st, 3),
			.cost_fen = db_col_i64(s, st, 4),
			.purchases = db_col_i64(s, st, 5),
			.first_purchase = db_col_text(s, st, 6),
			.last_purchase = db_col_text(s, st, 7),
		};
		if ((e = fn(ctx, &t, err)) != GX_OK)
			break;
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_analytics_net_orders(struct store *s, const char *as_of, store_net_order_fn fn,
                                       void *ctx, struct gx_error *err)
{
	static const char sql[] =
		"SELECT n.id, n.customer_id, n.order_date, n.net_fen, n.net_cost_fen, n.discount,"
		" CASE WHEN n.status = 'open' AND n.net_fen > 0 THEN n.net_fen ELSE 0 END"
		" FROM (" NET_SALES ") n JOIN customers c ON c.id = n.customer_id AND c.deleted_at IS NULL"
		" ORDER BY n.customer_id, n.order_date, n.id";
	struct db_stmt *st;
	if (db_prepare(s, sql, &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "t", as_of);
	enum gx_err e = GX_OK;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		struct store_net_order o = {
			.order_id = db_col_i64(s, st, 0),
			.customer_id = db_col_i64(s, st, 1),
			.date = db_col_text(s, st, 2),
			.net_fen = db_col_i64(s, st, 3),
			.net_cost_fen = db_col_i64(s, st, 4),
			.discount = (int)db_col_i64(s, st, 5),
			.open_fen = db_col_i64(s, st, 6),
		};
		if ((e = fn(ctx, &o, err)) != GX_OK)
			break;
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_analytics_customer_facts(struct store *s, const char *as_of,
                                           const char *as_of_instant,
                                           store_customer_facts_fn fn, void *ctx,
                                           struct gx_error *err)
{
	static const char sql[] =
		"SELECT c.id,"
		" (SELECT COUNT(DISTINCT p.category_id) FROM orders o"
		"  JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id"
		"  WHERE o.customer_id = c.id AND o.kind = 'sale' AND o.deleted_at IS NULL"
		"  AND o.status <> 'cancelled' AND o.order_date < ?1 AND p.category_id IS NOT NULL),"
		" (SELECT COUNT(*) FROM customers r WHERE r.referrer_id = c.id AND r.deleted_at IS NULL"
		"  AND r.created_at < ?1),"
		" (SELECT MAX(i.occurred_at) FROM interactions i WHERE i.customer_id = c.id"
		"  AND i.direction = 'outbound' AND i.deleted_at IS NULL AND i.occurred_at < ?2)"
		" FROM customers c WHERE c.deleted_at IS NULL ORDER BY c.id";
	struct db_stmt *st;
	if (db_prepare(s, sql, &st, err) != GX_OK)
		return err->code;
	db_bindv(s, st, "tt", as_of, as_of_instant);
	enum gx_err e = GX_OK;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		struct store_customer_facts f = {db_col_i64(s, st, 0), db_col_i64(s, st, 1), db_col_i64(s, st, 2),
		                                 db_col_text(s, st, 3)};
		if ((e = fn(ctx, &f, err)) != GX_OK)
			break;
	}
	db_reset(s, st);
	return e;
}
