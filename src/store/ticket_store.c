/* Ticket queries (see include/guanxi/ticket_store.h). The condition OPEN is literal SQL, the
 * same as the WHERE of the partial indexes tickets_open_due and tickets_open_owner_due in
 * 0006_service.sql: SQLite uses a partial index only when the query repeats its condition, and
 * a bound parameter would not. Everyone's list and one assignee's are separate statements so
 * that each reads its own index in due order, and the counts read only the index. Every query
 * is narrowed by the caller's row scope (store_scope.h) like the generic record store's. */
#include "guanxi/ticket_store.h"

#include "guanxi/entity_service.h"
#include "store/driver.h"
#include "store/scope_sql.h"

#define OPEN "status IN ('received','assigned','processing') AND deleted_at IS NULL"

/* Runs b (its SQL and parameters), handing each row's statement to fn; frees b. */
static enum gx_err run_built(struct store *s, struct sql_build *b,
                             int (*fn)(struct store *s, struct db_stmt *st, void *ctx), void *ctx,
                             struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = b->overflow ? gx_error_set(err, GX_EINTERNAL, NULL, "too many parameters")
	                            : db_prepare(s, sb_str(&b->sql), &st, err);
	if (e == GX_OK) {
		sqlb_bind(s, b, st);
		int row = 0;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row)
			if (fn(s, st, ctx))
				break;
		db_reset(s, st);
	}
	sqlb_free(b);
	return e;
}

struct id_rows {
	int64_t *ids;
	size_t *n, max;
};

static int take_id(struct store *s, struct db_stmt *st, void *ctx)
{
	struct id_rows *r = ctx;
	if (*r->n >= r->max)
		return 1;
	r->ids[(*r->n)++] = db_col_i64(s, st, 0);
	return 0;
}

/* The open, overdue tickets everyone's or one assignee's, narrowed by the caller's row scope
 * (the scope predicate is appended to the literal OPEN condition, so the partial indexes still
 * serve the scan). */
static void overdue_where(struct store *s, struct sql_build *b, const char *now, int64_t owner_id)
{
	sb_add(&b->sql, " FROM tickets WHERE " OPEN);
	if (owner_id) {
		sb_add(&b->sql, " AND owner_id = ");
		sqlb_param_i64(b, owner_id);
	}
	sb_add(&b->sql, " AND due_at < ");
	sqlb_param_text(b, now);
	scope_sql_where(s, &entity_ticket, b);
}

enum gx_err store_ticket_overdue(struct store *s, const char *now, int64_t owner_id, const char *after_due,
                                 int64_t after_id, int limit, int64_t *ids, size_t *n, struct gx_error *err)
{
	*n = 0;
	const char *after = after_due ? after_due : "";
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT id");
	overdue_where(s, &b, now, owner_id);
	sb_add(&b.sql, " AND due_at >= ");
	sqlb_param_text(&b, after);
	sb_add(&b.sql, " AND (due_at > ");
	sqlb_param_text(&b, after);
	sb_add(&b.sql, " OR id > ");
	sqlb_param_i64(&b, after_id);
	sb_add(&b.sql, ") ORDER BY due_at, id LIMIT ");
	sqlb_param_i64(&b, limit);
	struct id_rows r = {ids, n, (size_t)limit};
	return run_built(s, &b, take_id, &r, err);
}

static int take_count(struct store *s, struct db_stmt *st, void *ctx)
{
	*(int64_t *)ctx = db_col_i64(s, st, 0);
	return 1;
}

enum gx_err store_ticket_overdue_count(struct store *s, const char *now, int64_t owner_id, int64_t *count,
                                       struct gx_error *err)
{
	*count = 0;
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT COUNT(*)");
	overdue_where(s, &b, now, owner_id);
	return run_built(s, &b, take_count, count, err);
}

struct count_rows {
	int (*fn)(const struct store_complaint_count *c, void *ctx);
	void *ctx;
};

static int take_complaints(struct store *s, struct db_stmt *st, void *ctx)
{
	struct count_rows *r = ctx;
	struct store_complaint_count c = {db_col_i64(s, st, 0), db_col_i64(s, st, 1), db_col_i64(s, st, 2)};
	return r->fn(&c, r->ctx);
}

/* Counted over the tickets the caller may see (a complaint handled by another team does not
 * show up in a sales rep's counts, nor its customer). */
enum gx_err store_ticket_complaint_counts(struct store *s, const char *from, const char *to,
                                          int (*fn)(const struct store_complaint_count *c, void *ctx),
                                          void *ctx, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT customer_id, SUM(CASE WHEN formality = 'formal' THEN 1 ELSE 0 END),"
	               " SUM(CASE WHEN formality = 'informal' THEN 1 ELSE 0 END)"
	               " FROM tickets WHERE kind = 'complaint' AND deleted_at IS NULL");
	if (from) {
		sb_add(&b.sql, " AND received_at >= ");
		sqlb_param_text(&b, from);
	}
	if (to) {
		sb_add(&b.sql, " AND received_at < ");
		sqlb_param_text(&b, to);
	}
	scope_sql_where(s, &entity_ticket, &b);
	sb_add(&b.sql, " GROUP BY customer_id ORDER BY customer_id");
	struct count_rows r = {fn, ctx};
	return run_built(s, &b, take_complaints, &r, err);
}
