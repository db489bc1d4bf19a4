/* Ticket queries (see include/guanxi/ticket_store.h). The status list is literal SQL, the same
 * as the WHERE of the partial index tickets_open_due in 0006_service.sql: SQLite uses a partial
 * index only when the query repeats its condition, and a bound parameter would not. */
#include "guanxi/ticket_store.h"

#include "store/driver.h"

#define OPEN_STATUSES "status IN ('received','assigned','processing')"

enum gx_err store_ticket_overdue(struct store *s, const char *now, int64_t owner_id, const char *after_due,
                                 int64_t after_id, int limit, int64_t *ids, size_t *n, struct gx_error *err)
{
	static const char sql[] =
		"SELECT id FROM tickets WHERE " OPEN_STATUSES " AND due_at < ? AND deleted_at IS NULL"
		" AND due_at >= ? AND (due_at > ? OR id > ?) AND (? = 0 OR owner_id = ?)"
		" ORDER BY due_at, id LIMIT ?";
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "tttiiii", now, after_due ? after_due : "", after_due ? after_due : "", after_id, owner_id,
	         owner_id, (int64_t)limit);
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < (size_t)limit)
		ids[(*n)++] = db_col_i64(s, st, 0);
	db_reset(s, st);
	return e;
}

enum gx_err store_ticket_overdue_count(struct store *s, const char *now, int64_t owner_id, int64_t *count,
                                       struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COUNT(*) FROM tickets WHERE " OPEN_STATUSES " AND due_at < ? AND deleted_at IS NULL"
	                    " AND (? = 0 OR owner_id = ?)",
	                    count, NULL, err, "tii", now, owner_id, owner_id);
}

enum gx_err store_ticket_complaint_counts(struct store *s, const char *from, const char *to,
                                          int (*fn)(const struct store_complaint_count *c, void *ctx),
                                          void *ctx, struct gx_error *err)
{
	static const char sql[] =
		"SELECT customer_id, SUM(CASE WHEN formality = 'formal' THEN 1 ELSE 0 END),"
		" SUM(CASE WHEN formality = 'informal' THEN 1 ELSE 0 END)"
		" FROM tickets WHERE kind = 'complaint' AND deleted_at IS NULL"
		" AND (CAST(? AS TEXT) IS NULL OR received_at >= ?) AND (CAST(? AS TEXT) IS NULL OR received_at < ?)"
		" GROUP BY customer_id ORDER BY customer_id";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "tttt", from, from, to, to);
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		struct store_complaint_count c = {db_col_i64(s, st, 0), db_col_i64(s, st, 1), db_col_i64(s, st, 2)};
		if (fn(&c, ctx))
			break;
	}
	db_reset(s, st);
	return e;
}
