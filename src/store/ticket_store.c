/* Ticket queries (see include/guanxi/ticket_store.h). The condition OPEN is literal SQL, the
 * same as the WHERE of the partial indexes tickets_open_due and tickets_open_owner_due in
 * 0006_service.sql: SQLite uses a partial index only when the query repeats its condition, and
 * a bound parameter would not. Everyone's list and one assignee's are separate statements so
 * that each reads its own index in due order, and the counts read only the index. */
#include "guanxi/ticket_store.h"

#include "store/driver.h"

#define OPEN "status IN ('received','assigned','processing') AND deleted_at IS NULL"

enum gx_err store_ticket_overdue(struct store *s, const char *now, int64_t owner_id, const char *after_due,
                                 int64_t after_id, int limit, int64_t *ids, size_t *n, struct gx_error *err)
{
	static const char all[] =
		"SELECT id FROM tickets WHERE " OPEN " AND due_at < ? AND due_at >= ? AND (due_at > ? OR id > ?)"
		" ORDER BY due_at, id LIMIT ?";
	static const char mine[] =
		"SELECT id FROM tickets WHERE " OPEN " AND owner_id = ? AND due_at < ? AND due_at >= ?"
		" AND (due_at > ? OR id > ?) ORDER BY due_at, id LIMIT ?";
	*n = 0;
	const char *after = after_due ? after_due : "";
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, owner_id ? mine : all, &st, err);
	if (e != GX_OK)
		return e;
	if (owner_id)
		db_bindv(s, st, "itttii", owner_id, now, after, after, after_id, (int64_t)limit);
	else
		db_bindv(s, st, "tttii", now, after, after, after_id, (int64_t)limit);
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row && *n < (size_t)limit)
		ids[(*n)++] = db_col_i64(s, st, 0);
	db_reset(s, st);
	return e;
}

enum gx_err store_ticket_overdue_count(struct store *s, const char *now, int64_t owner_id, int64_t *count,
                                       struct gx_error *err)
{
	if (owner_id)
		return db_query_i64(s, "SELECT COUNT(*) FROM tickets WHERE " OPEN " AND owner_id = ? AND due_at < ?", count,
		                    NULL, err, "it", owner_id, now);
	return db_query_i64(s, "SELECT COUNT(*) FROM tickets WHERE " OPEN " AND due_at < ?", count, NULL, err, "t", now);
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
